//! Access tokens: their claims, issuing and signing them, and verifying them (signature once,
//! remembered; time limits at every use).

use jsonwebtoken::{Algorithm, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{JwtKeys, Role};
use crate::error::AppError;

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

/// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
const LEEWAY_SECS: i64 = 5;

/// Tokens whose signature and claims were verified, so a client's next requests with the same
/// token skip the Ed25519 check (about an eighth of a request's CPU). Only the outcome of pure
/// checks is kept: time limits are checked again on every use, and session revocation is not a
/// property of the token. Bounded: when full it starts over.
#[derive(Default)]
pub(super) struct VerifiedTokens(std::sync::Mutex<std::collections::HashMap<String, Claims>>);

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

impl JwtKeys {
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

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;
    use crate::auth::fixtures::{keys, now, subject};

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
}
