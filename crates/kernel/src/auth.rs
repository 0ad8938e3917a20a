//! Roles, access-token claims, the signing keys (Ed25519, published as a JWKS) and the `AuthUser`
//! extractor every protected handler takes.

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, OctetKeyPairParameters,
    OctetKeyPairType, PublicKeyUse,
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::RequestScope;
use crate::error::AppError;

/// A member's role in a tenant. Levels order them: a role may grant only roles up to its own level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Superadmin,
    Admin,
    Recruiter,
    HiringManager,
    Candidate,
}

/// What a role may do. The same names are stored in `identity.roles.permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    TenantManage,
    MembersRead,
    MembersManage,
    InvitationsManage,
    JobsManage,
    CandidatesRead,
    CandidatesManage,
    ProfileManage,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TenantManage => "tenant:manage",
            Self::MembersRead => "members:read",
            Self::MembersManage => "members:manage",
            Self::InvitationsManage => "invitations:manage",
            Self::JobsManage => "jobs:manage",
            Self::CandidatesRead => "candidates:read",
            Self::CandidatesManage => "candidates:manage",
            Self::ProfileManage => "profile:manage",
        }
    }
}

impl Role {
    pub const ALL: [Role; 5] = [Self::Superadmin, Self::Admin, Self::Recruiter, Self::HiringManager, Self::Candidate];

    pub fn level(self) -> i16 {
        match self {
            Self::Superadmin => 100,
            Self::Admin => 50,
            Self::Recruiter => 30,
            Self::HiringManager => 20,
            Self::Candidate => 10,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Superadmin => "superadmin",
            Self::Admin => "admin",
            Self::Recruiter => "recruiter",
            Self::HiringManager => "hiring_manager",
            Self::Candidate => "candidate",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|role| role.as_str() == code)
    }

    /// Superadmin is the platform operator's role; it is never granted inside a tenant.
    pub fn is_tenant_role(self) -> bool {
        self != Self::Superadmin
    }

    /// A member may grant (or change someone to) a tenant role up to their own level.
    pub fn can_grant(self, target: Role) -> bool {
        target.is_tenant_role() && target.level() <= self.level()
    }

    /// A member may manage another member only when their level is at least the other's.
    pub fn can_manage(self, other: Role) -> bool {
        other.level() <= self.level()
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Self::Superadmin => &[
                TenantManage,
                MembersRead,
                MembersManage,
                InvitationsManage,
                JobsManage,
                CandidatesRead,
                CandidatesManage,
                ProfileManage,
            ],
            Self::Admin => &[
                TenantManage,
                MembersRead,
                MembersManage,
                InvitationsManage,
                JobsManage,
                CandidatesRead,
                CandidatesManage,
            ],
            Self::Recruiter => &[MembersRead, JobsManage, CandidatesRead, CandidatesManage],
            Self::HiringManager => &[MembersRead, CandidatesRead],
            Self::Candidate => &[ProfileManage],
        }
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user.
    pub sub: Uuid,
    /// The session (refresh-token family) the token was issued for.
    pub sid: Uuid,
    /// The tenant the user acts in, if any, and their role there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub iat: i64,
    /// Not before: the same instant as `iat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    pub exp: i64,
    pub jti: Uuid,
}

/// What an access token is issued for.
#[derive(Debug, Clone, Copy)]
pub struct TokenSubject {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub tenant: Option<(Uuid, Role)>,
}

/// A public key that verifies access tokens, named by its RFC 7638 thumbprint.
struct VerifyingKey {
    kid: String,
    decoding: DecodingKey,
    jwk: Jwk,
}

impl VerifyingKey {
    fn from_public_bytes(public_key: &[u8]) -> Result<Self, String> {
        let x = URL_SAFE_NO_PAD.encode(public_key);
        // RFC 7638: the thumbprint hashes the required members in lexicographic order.
        let thumbprint = Sha256::digest(format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#));
        let kid = URL_SAFE_NO_PAD.encode(thumbprint);
        let decoding = DecodingKey::from_ed_components(&x).map_err(|e| e.to_string())?;
        let jwk = Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_algorithm: Some(KeyAlgorithm::EdDSA),
                key_id: Some(kid.clone()),
                ..CommonParameters::default()
            },
            algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                key_type: OctetKeyPairType::OctetKeyPair,
                curve: EllipticCurve::Ed25519,
                x,
            }),
        };
        Ok(Self { kid, decoding, jwk })
    }
}

/// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
const LEEWAY_SECS: i64 = 5;

/// The Ed25519 key that signs access tokens (its RFC 7638 thumbprint is the `kid`), and the
/// previous keys that still verify tokens signed before a rotation.
pub struct JwtKeys {
    current: VerifyingKey,
    previous: Vec<VerifyingKey>,
    encoding: EncodingKey,
    issuer: String,
    audience: String,
    access_ttl_secs: i64,
    verified: VerifiedTokens,
}

/// Tokens whose signature and claims were verified, so a client's next requests with the same
/// token skip the Ed25519 check (about an eighth of a request's CPU). Only the outcome of pure
/// checks is kept: time limits are checked again on every use, and session revocation is not a
/// property of the token. Bounded: when full it starts over.
#[derive(Default)]
struct VerifiedTokens(std::sync::Mutex<std::collections::HashMap<String, Claims>>);

impl VerifiedTokens {
    const CAPACITY: usize = 4096;

    fn get(&self, token: &str) -> Option<Claims> {
        self.0.lock().ok()?.get(token).cloned()
    }

    fn insert(&self, token: &str, claims: &Claims) {
        if let Ok(mut tokens) = self.0.lock() {
            if tokens.len() >= Self::CAPACITY {
                tokens.clear();
            }
            tokens.insert(token.to_owned(), claims.clone());
        }
    }
}

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";
const PUBLIC_PEM_BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
const PUBLIC_PEM_END: &str = "-----END PUBLIC KEY-----";
/// DER of `SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) }` up to the key.
const ED25519_SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

impl JwtKeys {
    /// A fresh Ed25519 private key as a PKCS#8 PEM document.
    pub fn generate_pem() -> String {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
            .expect("the operating system's random source works");
        let body = STANDARD.encode(pkcs8.as_ref());
        let lines: Vec<&str> =
            body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII")).collect();
        format!("{PEM_BEGIN}\n{}\n{PEM_END}\n", lines.join("\n"))
    }

    /// Loads a PKCS#8 PEM Ed25519 private key.
    pub fn from_pem(pem: &str, issuer: &str, audience: &str, access_ttl_secs: i64) -> Result<Self, String> {
        let body: String = pem
            .trim()
            .strip_prefix(PEM_BEGIN)
            .and_then(|rest| rest.strip_suffix(PEM_END))
            .ok_or("expected a PEM \"PRIVATE KEY\" (PKCS#8) document")?
            .split_whitespace()
            .collect();
        let der = STANDARD.decode(body).map_err(|e| format!("invalid base64 in PEM: {e}"))?;
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(|_| "not an Ed25519 PKCS#8 private key")?;
        Ok(Self {
            current: VerifyingKey::from_public_bytes(pair.public_key().as_ref())?,
            previous: Vec::new(),
            encoding: EncodingKey::from_ed_der(&der),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            access_ttl_secs,
            verified: VerifiedTokens::default(),
        })
    }

    /// Adds the public keys of earlier signing keys (PEM "PUBLIC KEY" blocks, one after another):
    /// tokens they signed stay valid until they expire, and the JWKS keeps publishing them.
    pub fn with_previous_public_keys(mut self, pems: &str) -> Result<Self, String> {
        for block in pems.split(PUBLIC_PEM_END).map(str::trim).filter(|b| !b.is_empty()) {
            let body: String = block
                .strip_prefix(PUBLIC_PEM_BEGIN)
                .ok_or("expected PEM \"PUBLIC KEY\" blocks")?
                .split_whitespace()
                .collect();
            let der = STANDARD.decode(body).map_err(|e| format!("invalid base64 in PEM: {e}"))?;
            // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte header and the 32-byte key.
            let public_key = der
                .strip_prefix(ED25519_SPKI_PREFIX.as_slice())
                .filter(|key| key.len() == 32)
                .ok_or("not an Ed25519 public key")?;
            let key = VerifyingKey::from_public_bytes(public_key)?;
            if key.kid != self.current.kid && self.previous.iter().all(|k| k.kid != key.kid) {
                self.previous.push(key);
            }
        }
        Ok(self)
    }

    /// This key's public half as a PEM "PUBLIC KEY" block, for JWT_PREVIOUS_PUBLIC_KEYS after a
    /// rotation.
    pub fn public_pem(&self) -> String {
        let AlgorithmParameters::OctetKeyPair(params) = &self.current.jwk.algorithm else {
            unreachable!("the signing key is Ed25519");
        };
        let mut der = ED25519_SPKI_PREFIX.to_vec();
        der.extend(URL_SAFE_NO_PAD.decode(&params.x).expect("the key's own encoding"));
        format!("{PUBLIC_PEM_BEGIN}\n{}\n{PUBLIC_PEM_END}\n", STANDARD.encode(der))
    }

    pub fn access_ttl_secs(&self) -> i64 {
        self.access_ttl_secs
    }

    pub fn jwks(&self) -> JwkSet {
        JwkSet { keys: std::iter::once(&self.current).chain(&self.previous).map(|key| key.jwk.clone()).collect() }
    }

    /// Signs an access token for `subject`, valid from `now` for the configured lifetime.
    pub fn issue(&self, subject: TokenSubject, now: i64) -> String {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: subject.user_id,
            sid: subject.session_id,
            tid: subject.tenant.map(|(tenant_id, _)| tenant_id),
            role: subject.tenant.map(|(_, role)| role),
            iat: now,
            nbf: Some(now),
            exp: now + self.access_ttl_secs,
            jti: crate::ids::new_id(),
        };
        self.sign(&claims)
    }

    /// Signs arbitrary claims with this key (tokens are built by `issue`; tests forge with this).
    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.current.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .expect("Ed25519 signing of serialisable claims cannot fail")
    }

    /// Verifies algorithm, key id (required: it picks the current or a previous key), signature,
    /// issuer, audience, expiry, not-before and issued-at (never in the future), with a small
    /// leeway for clock skew.
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        let now = chrono::Utc::now().timestamp();
        if let Some(claims) = self.verified.get(token) {
            return check_times(claims, now);
        }
        let claims = self.verify_signed(token)?;
        self.verified.insert(token, &claims);
        check_times(claims, now)
    }

    fn verify_signed(&self, token: &str) -> Result<Claims, AppError> {
        let invalid = |reason: &str| AppError::Unauthorized(format!("invalid access token: {reason}"));
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid("malformed"))?;
        if header.alg != Algorithm::EdDSA {
            return Err(invalid("unexpected algorithm"));
        }
        let kid = header.kid.ok_or_else(|| invalid("no key id"))?;
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|key| key.kid == kid)
            .ok_or_else(|| invalid("unknown signing key"))?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS.unsigned_abs();
        let claims = jsonwebtoken::decode::<Claims>(token, &key.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|error| {
                use jsonwebtoken::errors::ErrorKind;
                match error.kind() {
                    ErrorKind::ExpiredSignature => invalid("expired"),
                    ErrorKind::ImmatureSignature => invalid("not valid yet"),
                    ErrorKind::InvalidAudience => invalid("wrong audience"),
                    ErrorKind::InvalidIssuer => invalid("wrong issuer"),
                    ErrorKind::InvalidSignature => invalid("bad signature"),
                    _ => invalid("malformed"),
                }
            })?;
        Ok(claims)
    }
}

/// The time limits, checked at every use: `exp` and `nbf` (also checked by jsonwebtoken on the
/// first use) and `iat`, which must not be in the future.
fn check_times(claims: Claims, now: i64) -> Result<Claims, AppError> {
    let invalid = |reason: &str| AppError::Unauthorized(format!("invalid access token: {reason}"));
    if claims.exp + LEEWAY_SECS < now {
        return Err(invalid("expired"));
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECS) {
        return Err(invalid("not valid yet"));
    }
    if claims.iat > now + LEEWAY_SECS {
        return Err(invalid("issued in the future"));
    }
    Ok(claims)
}

/// Sessions revoked before their access tokens expire (logout, password change, reuse).
/// Access tokens are checked against it on every request.
#[async_trait]
pub trait SessionRevocations: Send + Sync {
    /// Remembers the sessions as revoked for at least one access-token lifetime.
    async fn revoke(&self, session_ids: &[Uuid]) -> Result<(), AppError>;
    /// Whether the user's session may no longer be used.
    async fn is_revoked(&self, user_id: Uuid, session_id: Uuid) -> Result<bool, AppError>;
}

/// The authoritative record of sessions (identity's table), consulted when the fast deny-list
/// cannot vouch for a session, e.g. after the cache lost its data.
#[async_trait]
pub trait SessionLedger: Send + Sync {
    /// The session exists, is neither revoked nor expired, and its user is active.
    async fn is_live(&self, user_id: Uuid, session_id: Uuid) -> Result<bool, AppError>;
}

/// The authenticated caller, from a valid `Authorization: Bearer` access token.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Claims);

impl AuthUser {
    pub fn user_id(&self) -> Uuid {
        self.0.sub
    }

    pub fn session_id(&self) -> Uuid {
        self.0.sid
    }

    /// The tenant the caller acts in and their role there, if any.
    pub fn tenant(&self) -> Option<(Uuid, Role)> {
        self.0.tid.zip(self.0.role)
    }

    /// The request context Postgres policies see for this caller.
    pub fn scope(&self) -> RequestScope {
        let scope = RequestScope::user(self.0.sub);
        match self.tenant() {
            Some((tenant_id, role)) => scope.in_tenant(tenant_id, role.as_str()),
            None => scope,
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, AppError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized("missing Authorization: Bearer token".into()))?;
    let value = value.to_str().map_err(|_| AppError::Unauthorized("malformed Authorization header".into()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(AppError::Unauthorized("expected Authorization: Bearer <token>".into())),
    }
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let keys = req.app_data::<web::Data<JwtKeys>>().cloned();
        let revocations = req.app_data::<web::Data<dyn SessionRevocations>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let (keys, revocations) =
                keys.zip(revocations).ok_or_else(|| AppError::Internal("authentication is not configured".into()))?;
            let claims = keys.verify(&token?)?;
            if revocations.is_revoked(claims.sub, claims.sid).await? {
                return Err(AppError::Unauthorized("session has been revoked".into()));
            }
            Ok(AuthUser(claims))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::from_pem(&JwtKeys::generate_pem(), "https://issuer.test", "api.test", 900).unwrap()
    }

    fn subject() -> TokenSubject {
        TokenSubject {
            user_id: Uuid::now_v7(),
            session_id: Uuid::now_v7(),
            tenant: Some((Uuid::now_v7(), Role::Recruiter)),
        }
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn role_levels_follow_the_hierarchy() {
        let levels: Vec<i16> = Role::ALL.iter().map(|r| r.level()).collect();
        assert_eq!(levels, vec![100, 50, 30, 20, 10]);
        assert!(Role::Admin.can_grant(Role::Recruiter));
        assert!(Role::Admin.can_grant(Role::Admin));
        assert!(!Role::Recruiter.can_grant(Role::Admin));
        assert!(!Role::Superadmin.can_grant(Role::Superadmin), "superadmin is not a tenant role");
        assert!(Role::HiringManager.can_manage(Role::Candidate));
        assert!(!Role::HiringManager.can_manage(Role::Recruiter));
    }

    #[test]
    fn roles_round_trip_through_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn permissions_shrink_with_level() {
        assert!(Role::Admin.has(Permission::MembersManage));
        assert!(Role::Recruiter.has(Permission::MembersRead));
        assert!(!Role::Recruiter.has(Permission::MembersManage));
        assert!(!Role::Candidate.has(Permission::MembersRead));
    }

    #[test]
    fn issued_token_verifies_with_all_claims() {
        let keys = keys();
        let subject = subject();
        let token = keys.issue(subject, now());
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.sub, subject.user_id);
        assert_eq!(claims.sid, subject.session_id);
        assert_eq!(claims.tid, subject.tenant.map(|t| t.0));
        assert_eq!(claims.role, Some(Role::Recruiter));
        assert_eq!(claims.exp - claims.iat, 900);
        assert_eq!(claims.iss, "https://issuer.test");
        assert_eq!(claims.aud, "api.test");
    }

    #[test]
    fn expired_token_is_refused() {
        let keys = keys();
        let token = keys.issue(subject(), now() - 3600);
        let error = keys.verify(&token).unwrap_err();
        assert!(error.to_string().contains("expired"), "{error}");
    }

    #[test]
    fn token_for_another_audience_is_refused() {
        let keys = keys();
        let mut claims = keys.verify(&keys.issue(subject(), now())).unwrap();
        claims.aud = "someone-else".into();
        let error = keys.verify(&keys.sign(&claims)).unwrap_err();
        assert!(error.to_string().contains("audience"), "{error}");
    }

    #[test]
    fn token_signed_by_another_key_is_refused() {
        let ours = keys();
        let theirs = keys();
        let error = ours.verify(&theirs.issue(subject(), now())).unwrap_err();
        assert!(error.to_string().contains("unknown signing key"), "{error}");
    }

    #[test]
    fn tampered_payload_is_refused() {
        let keys = keys();
        let token = keys.issue(subject(), now());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        claims["role"] = "admin".into();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
        let error = keys.verify(&parts.join(".")).unwrap_err();
        assert!(error.to_string().contains("bad signature"), "{error}");
    }

    #[test]
    fn unsigned_token_is_refused() {
        let keys = keys();
        let token = keys.issue(subject(), now());
        let payload = token.split('.').nth(1).unwrap();
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys.verify(&format!("{header}.{payload}.")).is_err());
    }

    #[test]
    fn jwks_publishes_the_public_key_with_its_kid() {
        let keys = keys();
        let jwks = keys.jwks();
        assert_eq!(jwks.keys.len(), 1);
        let token = keys.issue(subject(), now());
        let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
        assert_eq!(jwks.keys[0].common.key_id.as_deref(), Some(kid.as_str()));
        let decoding = DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_audience(&["api.test"]);
        assert!(jsonwebtoken::decode::<Claims>(&token, &decoding, &validation).is_ok());
    }

    #[test]
    fn pem_round_trips_to_the_same_key() {
        let pem = JwtKeys::generate_pem();
        let a = JwtKeys::from_pem(&pem, "i", "a", 60).unwrap();
        let b = JwtKeys::from_pem(&pem, "i", "a", 60).unwrap();
        assert_eq!(a.current.kid, b.current.kid);
        assert!(JwtKeys::from_pem("not a key", "i", "a", 60).is_err());
    }

    fn forged(keys: &JwtKeys, edit: impl FnOnce(&mut Claims)) -> String {
        let mut claims = keys.verify(&keys.issue(subject(), now())).unwrap();
        edit(&mut claims);
        keys.sign(&claims)
    }

    #[test]
    fn tokens_from_the_future_are_refused() {
        let keys = keys();
        let error = keys.verify(&forged(&keys, |c| c.nbf = Some(now() + 600))).unwrap_err();
        assert!(error.to_string().contains("not valid yet"), "{error}");
        let error = keys.verify(&forged(&keys, |c| c.iat = now() + 600)).unwrap_err();
        assert!(error.to_string().contains("issued in the future"), "{error}");
        assert!(keys.verify(&forged(&keys, |c| c.iat = now() + 3)).is_ok(), "within the leeway");
    }

    #[test]
    fn a_token_without_kid_is_refused() {
        let keys = keys();
        let claims = keys.verify(&keys.issue(subject(), now())).unwrap();
        let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &keys.encoding).unwrap();
        let error = keys.verify(&token).unwrap_err();
        assert!(error.to_string().contains("no key id"), "{error}");
    }

    #[test]
    fn a_cached_verification_still_checks_time() {
        let keys = keys();
        let token = forged(&keys, |c| c.exp = now() + 2);
        assert!(keys.verify(&token).is_ok());
        assert!(keys.verified.get(&token).is_some(), "the verification is remembered");
        let later = now() + 10;
        let error = check_times(keys.verified.get(&token).unwrap(), later).unwrap_err();
        assert!(error.to_string().contains("expired"), "{error}");
    }

    #[test]
    fn previous_keys_still_verify_after_a_rotation() {
        let old = keys();
        let old_token = old.issue(subject(), now());
        let new = keys().with_previous_public_keys(&old.public_pem()).unwrap();
        assert!(new.verify(&old_token).is_ok());
        assert!(new.verify(&new.issue(subject(), now())).is_ok());
        let kids: Vec<_> = new.jwks().keys.iter().map(|k| k.common.key_id.clone().unwrap()).collect();
        assert_eq!(kids, vec![new.current.kid.clone(), old.current.kid.clone()]);
        assert!(keys().verify(&old_token).is_err(), "a stranger's key is still unknown");
        assert!(
            keys().with_previous_public_keys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err()
        );
    }
}
