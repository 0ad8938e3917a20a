//! Identity use cases: accounts, sessions, companies and their members, personal data.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use kernel::auth::{AuthUser, JwtKeys, Permission, Role, SessionRevocations, TokenSubject};
use kernel::clock::Clock;
use kernel::db::{DbConn, DbPool, RequestScope, ScopedBoxFuture, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult, FieldError};
use platform::mail::{Mail, Mailer};
use platform::throttle::{Throttle, Verdict, Window};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tracing::Instrument;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::{
    self, Email, Invitation, Member, MemberChangeRefusal, MemberState, MyTenant, OpaqueToken, RefreshDecision, Session,
    Tenant, User,
};
use crate::store::{self, TokenPurpose};

/// Lifetimes and limits of the identity context.
#[derive(Debug, Clone)]
pub struct IdentitySettings {
    pub refresh_ttl: Duration,
    pub invitation_ttl: Duration,
    pub email_verification_ttl: Duration,
    pub password_reset_ttl: Duration,
    /// Deleted accounts are erased for good after this long.
    pub purge_grace: Duration,
    /// Failed logins allowed per account and per IP address.
    pub login_failures: Window,
    /// Password-reset mails allowed per address.
    pub reset_mails: Window,
    /// Sign-ups allowed per IP address.
    pub sign_ups_per_ip: Window,
    /// The web client's base URL, for links in mails.
    pub public_web_url: String,
    /// Password hashes computed at once; the rest wait, so a burst cannot starve the server.
    pub max_concurrent_hashes: usize,
}

/// The outside-world ports identity needs.
#[derive(Clone)]
pub struct IdentityPorts {
    pub mailer: Arc<dyn Mailer>,
    pub throttle: Arc<dyn Throttle>,
    pub revocations: Arc<dyn SessionRevocations>,
    pub clock: Arc<dyn Clock>,
}

/// Where a request comes from, recorded with each session.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuthResponse {
    pub user: User,
    #[serde(flatten)]
    pub tokens: TokenPair,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RegisterCommand {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    /// Must be true: the terms of service are accepted.
    pub accept_terms: bool,
    /// Must be true: the privacy policy (Law 29733) is accepted.
    pub accept_privacy: bool,
    #[serde(default)]
    pub marketing_consent: bool,
    /// `es-PE` when omitted.
    pub locale: Option<String>,
    /// `America/Lima` when omitted.
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LoginCommand {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateProfileCommand {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// An international number; `""` clears it.
    pub phone: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub marketing_consent: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ChangePasswordCommand {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CreateTenantCommand {
    pub name: String,
    pub slug: String,
    pub industry: Option<String>,
    pub employee_count: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InviteCommand {
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateMemberCommand {
    pub role: Option<Role>,
    /// `active` or `suspended`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    pub tenant_id: Uuid,
    pub role: Role,
}

/// Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane), on the blocking pool behind a
/// semaphore, with the caller's span kept.
#[derive(Clone)]
pub struct Passwords {
    argon2: Argon2<'static>,
    permits: Arc<Semaphore>,
}

impl Passwords {
    pub fn new(max_concurrent: usize) -> Self {
        let params = Params::new(19_456, 2, 1, None).expect("OWASP argon2 parameters are valid");
        Self {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
        }
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        let argon2 = self.argon2.clone();
        self.on_blocking_pool(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
        })
        .await
    }

    pub async fn verify(&self, password: String, hash: String) -> AppResult<bool> {
        let argon2 = self.argon2.clone();
        self.on_blocking_pool(move || {
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| AppError::Internal(format!("stored password hash is malformed: {e}")))?;
            Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
    }

    async fn on_blocking_pool<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let _permit = self.permits.acquire().await.map_err(|_| AppError::Unavailable("password hashing"))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))?
    }
}

#[derive(Clone)]
pub struct IdentityService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    keys: Arc<JwtKeys>,
    passwords: Passwords,
    ports: IdentityPorts,
    settings: IdentitySettings,
    /// Verified against when an email is unknown, so a login takes as long either way.
    decoy_hash: String,
}

const INVALID_CREDENTIALS: &str = "invalid email or password";

fn validation(errors: Vec<FieldError>) -> AppResult<()> {
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

fn collect<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn role_of(code: &str) -> AppResult<Role> {
    Role::parse(code).ok_or_else(|| AppError::Internal(format!("unknown role in database: {code}")))
}

impl IdentityService {
    pub async fn new(
        pool: DbPool,
        keys: Arc<JwtKeys>,
        ports: IdentityPorts,
        settings: IdentitySettings,
    ) -> AppResult<Self> {
        let passwords = Passwords::new(settings.max_concurrent_hashes);
        let decoy_hash = passwords.hash(OpaqueToken::generate().plain).await?;
        Ok(Self { inner: Arc::new(Inner { pool, keys, passwords, ports, settings, decoy_hash }) })
    }

    fn now(&self) -> DateTime<Utc> {
        self.inner.ports.clock.now()
    }

    pub fn keys(&self) -> &JwtKeys {
        &self.inner.keys
    }

    async fn send_mail(&self, mail: Mail) {
        // Mail is best effort after the change has committed; the user can ask again.
        if let Err(error) = self.inner.ports.mailer.send(mail).await {
            tracing::warn!(%error, "mail could not be sent");
        }
    }

    async fn forget_sessions(&self, session_ids: &[Uuid]) {
        if let Err(error) = self.inner.ports.revocations.revoke(session_ids).await {
            // The database already says revoked (refresh is refused); access tokens of these
            // sessions stay usable until they expire.
            tracing::error!(%error, ?session_ids, "could not publish session revocation");
        }
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!("{}/{path}?token={token}", self.inner.settings.public_web_url.trim_end_matches('/'))
    }

    // ---- accounts -----------------------------------------------------------------------------

    pub async fn register(&self, cmd: RegisterCommand, client: ClientInfo) -> AppResult<AuthResponse> {
        let mut errors = Vec::new();
        let email = collect(Email::parse("email", &cmd.email), &mut errors);
        let first_name = collect(domain::check_name("first_name", &cmd.first_name), &mut errors);
        let last_name = collect(domain::check_name("last_name", &cmd.last_name), &mut errors);
        collect(domain::check_password("password", &cmd.password, &cmd.email), &mut errors);
        let locale = collect(domain::check_locale("locale", cmd.locale.as_deref().unwrap_or("es-PE")), &mut errors);
        let timezone =
            collect(domain::check_timezone("timezone", cmd.timezone.as_deref().unwrap_or("America/Lima")), &mut errors);
        if !cmd.accept_terms {
            errors.push(FieldError::new("accept_terms", "required", "the terms of service must be accepted"));
        }
        if !cmd.accept_privacy {
            errors.push(FieldError::new("accept_privacy", "required", "the privacy policy must be accepted"));
        }
        validation(errors)?;
        let ip_key = format!("sign-ups:ip:{}", client.ip.as_deref().unwrap_or("unknown"));
        if let Verdict::Limited { retry_after_secs } =
            self.inner.ports.throttle.hit(&ip_key, self.inner.settings.sign_ups_per_ip).await?
        {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        let (Some(email), Some(first_name), Some(last_name), Some(locale), Some(timezone)) =
            (email, first_name, last_name, locale, timezone)
        else {
            unreachable!("every field was validated above");
        };

        let password_hash = self.inner.passwords.hash(cmd.password).await?;
        let now = self.now();
        let user_id = new_id();
        let verification = OpaqueToken::generate();
        let settings = &self.inner.settings;
        let (user, tokens) = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let new_user = store::NewUser {
                    id: user_id,
                    email: email.as_str(),
                    password_hash: &password_hash,
                    first_name: &first_name,
                    last_name: &last_name,
                    locale: &locale,
                    timezone: &timezone,
                    terms_accepted_at: now,
                    privacy_accepted_at: now,
                    marketing_consent_at: cmd.marketing_consent.then_some(now),
                    created_at: now,
                    updated_at: now,
                };
                insert_new_user(conn, &new_user).await?;
                store::insert_one_time_token(
                    conn,
                    &verification.hash,
                    user_id,
                    TokenPurpose::EmailVerification,
                    now + settings.email_verification_ttl,
                    now,
                )
                .await?;
                let tokens = self.open_session(conn, user_id, None, &client, now).await?;
                let user = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                Ok::<_, AppError>((user, tokens))
            }
            .scope_boxed()
        })
        .await?;
        self.send_mail(verification_mail(&user.email, &user.locale, &self.link("verify-email", &verification.plain)))
            .await;
        Ok(AuthResponse { user: user_view(user), tokens })
    }

    pub async fn login(&self, cmd: LoginCommand, client: ClientInfo) -> AppResult<AuthResponse> {
        let email = cmd.email.trim().to_lowercase();
        let rule = self.inner.settings.login_failures;
        let account_key = format!("login-failures:account:{email}");
        let ip_key = format!("login-failures:ip:{}", client.ip.as_deref().unwrap_or("unknown"));
        for key in [&account_key, &ip_key] {
            if let Verdict::Limited { retry_after_secs } = self.inner.ports.throttle.check(key, rule).await? {
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
        }

        let credentials = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move { store::login_credentials(conn, &email).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let stored_hash =
            credentials.as_ref().map_or_else(|| self.inner.decoy_hash.clone(), |c| c.password_hash.clone());
        let password_ok = self.inner.passwords.verify(cmd.password, stored_hash).await?;
        let credentials = match credentials {
            Some(credentials) if password_ok => credentials,
            _ => {
                for key in [&account_key, &ip_key] {
                    self.inner.ports.throttle.record(key, rule).await?;
                }
                return Err(AppError::Unauthorized(INVALID_CREDENTIALS.into()));
            }
        };
        if credentials.status != "active" {
            return Err(AppError::Forbidden("this account is suspended".into()));
        }
        self.inner.ports.throttle.reset(&account_key).await?;

        let now = self.now();
        let user_id = credentials.user_id;
        let (user, tokens) = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::record_login(conn, user_id, now).await?;
                let home_tenant = store::tenants_of_user(conn, user_id).await?.into_iter().next();
                let tenant = match home_tenant {
                    Some((tenant, role)) => Some((tenant.id, role_of(&role)?)),
                    None => None,
                };
                let tokens = self.open_session(conn, user_id, tenant, &client, now).await?;
                let user = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                Ok::<_, AppError>((user, tokens))
            }
            .scope_boxed()
        })
        .await?;
        Ok(AuthResponse { user: user_view(user), tokens })
    }

    /// Starts a session (a new refresh-token family) and issues its first token pair.
    async fn open_session(
        &self,
        conn: &mut DbConn,
        user_id: Uuid,
        tenant: Option<(Uuid, Role)>,
        client: &ClientInfo,
        now: DateTime<Utc>,
    ) -> AppResult<TokenPair> {
        let session_id = new_id();
        store::insert_session(
            conn,
            &store::NewSession {
                id: session_id,
                user_id,
                tenant_id: tenant.map(|t| t.0),
                ip: client.ip.as_deref(),
                user_agent: client.user_agent.as_deref().map(|ua| truncate(ua, 512)),
                created_at: now,
                last_used_at: now,
                expires_at: now + self.inner.settings.refresh_ttl,
            },
        )
        .await?;
        self.issue_pair(conn, TokenSubject { user_id, session_id, tenant }, now).await
    }

    /// Adds a refresh token to the session and signs a matching access token.
    async fn issue_pair(&self, conn: &mut DbConn, subject: TokenSubject, now: DateTime<Utc>) -> AppResult<TokenPair> {
        let refresh = OpaqueToken::generate();
        store::insert_refresh_token(conn, &refresh.hash, subject.session_id, subject.user_id, now).await?;
        Ok(TokenPair {
            access_token: self.inner.keys.issue(subject, now.timestamp()),
            refresh_token: refresh.plain,
            token_type: "Bearer".into(),
            expires_in: self.inner.keys.access_ttl_secs(),
        })
    }

    pub async fn refresh(&self, refresh_token: &str) -> AppResult<TokenPair> {
        let token_hash = domain::hash_token(refresh_token.trim());
        let dead = || AppError::Unauthorized("refresh token is invalid or expired".into());
        let owner = {
            let token_hash = token_hash.clone();
            scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
                async move { store::refresh_token_owner(conn, &token_hash).await.map_err(AppError::from) }.scope_boxed()
            })
            .await?
        };
        let user_id = owner.ok_or_else(dead)?;
        let now = self.now();

        enum Outcome {
            Issued(TokenPair),
            Reused(Uuid),
            Ended,
        }
        let outcome = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let user = store::find_user(conn, user_id).await?;
                let Some((token, session)) = store::lock_refresh_token(conn, &token_hash).await? else {
                    return Ok(Outcome::Ended);
                };
                if user.is_none_or(|u| u.status != "active") {
                    return Ok(Outcome::Ended);
                }
                match domain::decide_refresh(token.rotated_at, session.revoked_at, session.expires_at, now) {
                    RefreshDecision::SessionEnded => Ok(Outcome::Ended),
                    RefreshDecision::Reused => {
                        store::revoke_sessions(conn, user_id, Some(session.id), None, "token_reuse", now).await?;
                        Ok(Outcome::Reused(session.id))
                    }
                    RefreshDecision::Rotate => {
                        store::retire_refresh_tokens(conn, session.id, now).await?;
                        // The membership may have changed since the session started.
                        let tenant = match session.tenant_id {
                            Some(tenant_id) => store::find_membership(conn, tenant_id, user_id)
                                .await?
                                .filter(|m| m.status == "active")
                                .map(|m| role_of(&m.role).map(|role| (tenant_id, role)))
                                .transpose()?,
                            None => None,
                        };
                        store::touch_session(conn, session.id, tenant.map(|t| t.0), now).await?;
                        let subject = TokenSubject { user_id, session_id: session.id, tenant };
                        Ok(Outcome::Issued(self.issue_pair(conn, subject, now).await?))
                    }
                }
            }
            .scope_boxed()
        })
        .await?;
        match outcome {
            Outcome::Issued(pair) => Ok(pair),
            Outcome::Ended => Err(dead()),
            Outcome::Reused(session_id) => {
                tracing::warn!(%user_id, %session_id, "refresh token reuse: session revoked");
                self.forget_sessions(&[session_id]).await;
                Err(AppError::Unauthorized("refresh token was already used; the session has been revoked".into()))
            }
        }
    }

    pub async fn logout(&self, auth: &AuthUser) -> AppResult<()> {
        self.revoke_own_sessions(auth, Some(auth.session_id()), None, "logout").await.map(drop)
    }

    pub async fn revoke_session(&self, auth: &AuthUser, session_id: Uuid) -> AppResult<()> {
        let revoked = self.revoke_own_sessions(auth, Some(session_id), None, "revoked_by_user").await?;
        if revoked.is_empty() { Err(AppError::NotFound("session")) } else { Ok(()) }
    }

    async fn revoke_own_sessions(
        &self,
        auth: &AuthUser,
        only: Option<Uuid>,
        except: Option<Uuid>,
        reason: &'static str,
    ) -> AppResult<Vec<Uuid>> {
        let (user_id, now) = (auth.user_id(), self.now());
        let revoked = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::revoke_sessions(conn, user_id, only, except, reason, now).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await?;
        self.forget_sessions(&revoked).await;
        Ok(revoked)
    }

    pub async fn sessions(&self, auth: &AuthUser) -> AppResult<Vec<Session>> {
        let (user_id, now, current) = (auth.user_id(), self.now(), auth.session_id());
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::live_sessions(conn, user_id, now).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        Ok(rows.into_iter().map(|row| session_view(row, current)).collect())
    }

    /// The account row, read as its owner.
    async fn load_user(&self, user_id: Uuid) -> AppResult<store::UserRow> {
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user")) }.scope_boxed()
        })
        .await
    }

    pub async fn me(&self, auth: &AuthUser) -> AppResult<User> {
        self.load_user(auth.user_id()).await.map(user_view)
    }

    pub async fn update_me(&self, auth: &AuthUser, cmd: UpdateProfileCommand) -> AppResult<User> {
        let mut errors = Vec::new();
        let now = self.now();
        let changes = store::ProfileChanges {
            first_name: cmd.first_name.and_then(|v| collect(domain::check_name("first_name", &v), &mut errors)),
            last_name: cmd.last_name.and_then(|v| collect(domain::check_name("last_name", &v), &mut errors)),
            phone: cmd.phone.and_then(|v| {
                if v.trim().is_empty() {
                    Some(None)
                } else {
                    collect(domain::check_phone("phone", &v), &mut errors).map(Some)
                }
            }),
            locale: cmd.locale.and_then(|v| collect(domain::check_locale("locale", &v), &mut errors)),
            timezone: cmd.timezone.and_then(|v| collect(domain::check_timezone("timezone", &v), &mut errors)),
            marketing_consent_at: cmd.marketing_consent.map(|consent| consent.then_some(now)),
            updated_at: Some(now),
        };
        validation(errors)?;
        let user_id = auth.user_id();
        let user = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let before = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                // Keep the original consent time when consent is merely confirmed again.
                let changes = store::ProfileChanges {
                    marketing_consent_at: match changes.marketing_consent_at {
                        Some(Some(_)) if before.marketing_consent_at.is_some() => None,
                        other => other,
                    },
                    ..changes
                };
                store::update_profile(conn, user_id, &changes).await?;
                store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(user_view(user))
    }

    /// Checks the caller's current password; a wrong one is a validation error on `field`.
    async fn confirm_password(&self, user_id: Uuid, password: String, field: &str) -> AppResult<store::UserRow> {
        let user = self.load_user(user_id).await?;
        if !self.inner.passwords.verify(password, user.password_hash.clone()).await? {
            return Err(AppError::invalid(field, "incorrect", "does not match your current password"));
        }
        Ok(user)
    }

    pub async fn change_password(&self, auth: &AuthUser, cmd: ChangePasswordCommand) -> AppResult<()> {
        let user = self.confirm_password(auth.user_id(), cmd.current_password, "current_password").await?;
        domain::check_password("new_password", &cmd.new_password, &user.email)
            .map_err(|e| AppError::Validation(vec![e]))?;
        let hash = self.inner.passwords.hash(cmd.new_password).await?;
        let (user_id, now, current) = (user.id, self.now(), auth.session_id());
        let revoked = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::set_password_hash(conn, user_id, &hash, now).await?;
                store::revoke_sessions(conn, user_id, None, Some(current), "password_changed", now)
                    .await
                    .map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        self.forget_sessions(&revoked).await;
        Ok(())
    }

    pub async fn request_email_verification(&self, auth: &AuthUser) -> AppResult<()> {
        let (user_id, now) = (auth.user_id(), self.now());
        let token = OpaqueToken::generate();
        let ttl = self.inner.settings.email_verification_ttl;
        let user = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let user = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                if user.email_verified_at.is_some() {
                    return Err(AppError::Conflict("the email address is already verified".into()));
                }
                store::insert_one_time_token(
                    conn,
                    &token.hash,
                    user_id,
                    TokenPurpose::EmailVerification,
                    now + ttl,
                    now,
                )
                .await?;
                Ok(user)
            }
            .scope_boxed()
        })
        .await?;
        self.send_mail(verification_mail(&user.email, &user.locale, &self.link("verify-email", &token.plain))).await;
        Ok(())
    }

    /// Resolves a mailed token to its user and marks it used, in one transaction with `then`.
    async fn redeem<T: Send + 'static>(
        &self,
        token: &str,
        purpose: TokenPurpose,
        then: impl for<'c> FnOnce(&'c mut DbConn, store::UserRow) -> ScopedBoxFuture<'static, 'c, AppResult<T>>
        + Send
        + 'static,
    ) -> AppResult<T> {
        let token_hash = domain::hash_token(token.trim());
        let lookup = token_hash.clone();
        let user_id = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move { store::one_time_token_owner(conn, &lookup, purpose).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await?
        .ok_or(AppError::NotFound("token"))?;
        let now = self.now();
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let (expires_at, used_before) =
                    store::use_one_time_token(conn, &token_hash, now).await?.ok_or(AppError::NotFound("token"))?;
                if used_before {
                    return Err(AppError::Gone("this link has already been used".into()));
                }
                if expires_at <= now {
                    return Err(AppError::Gone("this link has expired; ask for a new one".into()));
                }
                let user = store::find_user(conn, user_id).await?.filter(|u| u.status == "active");
                let user = user.ok_or(AppError::NotFound("token"))?;
                then(conn, user).await
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn confirm_email_verification(&self, token: &str) -> AppResult<()> {
        let now = self.now();
        self.redeem(token, TokenPurpose::EmailVerification, move |conn, user| {
            async move { store::mark_email_verified(conn, user.id, now).await.map_err(AppError::from) }.scope_boxed()
        })
        .await
    }

    /// Always succeeds from the caller's point of view, so it cannot reveal which emails exist.
    pub async fn request_password_reset(&self, email: &str) -> AppResult<()> {
        let Ok(email) = Email::parse("email", email) else { return Ok(()) };
        let key = format!("password-reset-mails:{}", email.as_str());
        if self.inner.ports.throttle.hit(&key, self.inner.settings.reset_mails).await? != Verdict::Allowed {
            return Ok(());
        }
        let lookup = email.as_str().to_owned();
        let user_id = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move { store::active_user_id_by_email(conn, &lookup).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let Some(user_id) = user_id else { return Ok(()) };
        let (token, now, ttl) = (OpaqueToken::generate(), self.now(), self.inner.settings.password_reset_ttl);
        let user = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::insert_one_time_token(conn, &token.hash, user_id, TokenPurpose::PasswordReset, now + ttl, now)
                    .await?;
                store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))
            }
            .scope_boxed()
        })
        .await?;
        self.send_mail(reset_mail(&user.email, &user.locale, &self.link("reset-password", &token.plain))).await;
        Ok(())
    }

    pub async fn confirm_password_reset(&self, token: &str, new_password: String) -> AppResult<()> {
        // The policy needs the account's email, so the password is checked inside the redemption;
        // a refused password rolls the redemption back and the link stays usable.
        let hash_pending = self.inner.passwords.hash(new_password.clone()).await?;
        let now = self.now();
        let revoked = self
            .redeem(token, TokenPurpose::PasswordReset, move |conn, user| {
                async move {
                    domain::check_password("new_password", &new_password, &user.email)
                        .map_err(|e| AppError::Validation(vec![e]))?;
                    store::set_password_hash(conn, user.id, &hash_pending, now).await?;
                    store::mark_email_verified(conn, user.id, now).await?;
                    store::revoke_sessions(conn, user.id, None, None, "password_changed", now)
                        .await
                        .map_err(AppError::from)
                }
                .scope_boxed()
            })
            .await?;
        self.forget_sessions(&revoked).await;
        Ok(())
    }

    /// Soft-deletes the caller's account: sessions revoked, login refused, erased after the grace period.
    pub async fn delete_me(&self, auth: &AuthUser, password: String) -> AppResult<DateTime<Utc>> {
        let user = self.confirm_password(auth.user_id(), password, "password").await?;
        let now = self.now();
        let purge_after = now + self.inner.settings.purge_grace;
        let user_id = user.id;
        let revoked = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::soft_delete_user(conn, user_id, now, purge_after).await?;
                store::revoke_sessions(conn, user_id, None, None, "account_deleted", now).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        self.forget_sessions(&revoked).await;
        Ok(purge_after)
    }

    // ---- companies ----------------------------------------------------------------------------

    pub async fn create_tenant(&self, auth: &AuthUser, cmd: CreateTenantCommand) -> AppResult<MyTenant> {
        let mut errors = Vec::new();
        let name = cmd.name.trim().to_owned();
        if !(2..=120).contains(&name.chars().count()) {
            errors.push(FieldError::new("name", "length", "must have 2 to 120 characters"));
        }
        let slug = collect(domain::check_slug("slug", &cmd.slug), &mut errors);
        if cmd.employee_count.is_some_and(|n| n < 1) {
            errors.push(FieldError::new("employee_count", "out_of_range", "must be at least 1"));
        }
        validation(errors)?;
        let slug = slug.expect("validated above");
        let industry = cmd.industry.map(|i| i.trim().to_owned()).filter(|i| !i.is_empty());
        let (tenant_id, user_id, now) = (new_id(), auth.user_id(), self.now());
        let scope = RequestScope::user(user_id).in_tenant(tenant_id, Role::Admin.as_str());
        let tenant = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let new_tenant = store::NewTenant {
                    id: tenant_id,
                    name: &name,
                    slug: &slug,
                    industry: industry.as_deref(),
                    employee_count: cmd.employee_count,
                    size: cmd.employee_count.map(domain::company_size),
                    created_by: user_id,
                    created_at: now,
                    updated_at: now,
                };
                store::insert_tenant(conn, &new_tenant).await.map_err(|e| {
                    if is_unique_violation(&e, "tenants_slug_key") {
                        AppError::Conflict(format!("the slug \"{slug}\" is taken"))
                    } else {
                        e.into()
                    }
                })?;
                let membership = store::NewMembership {
                    id: new_id(),
                    tenant_id,
                    user_id,
                    role: Role::Admin.as_str(),
                    invited_by: None,
                    created_at: now,
                    updated_at: now,
                };
                store::insert_membership(conn, &membership).await?;
                store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(MyTenant { tenant: tenant_view(tenant), role: Role::Admin })
    }

    pub async fn my_tenants(&self, auth: &AuthUser) -> AppResult<Vec<MyTenant>> {
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::tenants_of_user(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        rows.into_iter()
            .map(|(tenant, role)| Ok(MyTenant { tenant: tenant_view(tenant), role: role_of(&role)? }))
            .collect()
    }

    /// New tokens for the caller's session acting in `tenant_id` (or in no tenant).
    pub async fn switch_tenant(&self, auth: &AuthUser, tenant_id: Option<Uuid>) -> AppResult<TokenPair> {
        let (user_id, session_id, now) = (auth.user_id(), auth.session_id(), self.now());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::find_live_session(conn, session_id, now)
                    .await?
                    .ok_or_else(|| AppError::Unauthorized("session has ended".into()))?;
                let tenant = match tenant_id {
                    Some(tenant_id) => {
                        let membership = store::find_membership(conn, tenant_id, user_id)
                            .await?
                            .filter(|m| m.status == "active")
                            .ok_or(AppError::NotFound("tenant"))?;
                        Some((tenant_id, role_of(&membership.role)?))
                    }
                    None => None,
                };
                store::retire_refresh_tokens(conn, session_id, now).await?;
                store::touch_session(conn, session_id, tenant_id, now).await?;
                self.issue_pair(conn, TokenSubject { user_id, session_id, tenant }, now).await
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn members(&self, auth: &AuthUser, tenant_id: Uuid, page: &PageQuery) -> AppResult<Page<Member>> {
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                actor_role(conn, auth, tenant_id, Permission::MembersRead).await?;
                store::members_page(conn, tenant_id, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |m| (m.joined_at, m.user_id));
        let items = page.items.into_iter().map(member_view).collect::<AppResult<Vec<_>>>()?;
        Ok(Page { items, next_cursor: page.next_cursor })
    }

    pub async fn invite(&self, auth: &AuthUser, tenant_id: Uuid, cmd: InviteCommand) -> AppResult<Invitation> {
        let email = Email::parse("email", &cmd.email).map_err(|e| AppError::Validation(vec![e]))?;
        let (token, now, ttl) = (OpaqueToken::generate(), self.now(), self.inner.settings.invitation_ttl);
        let (id, invited_by) = (new_id(), auth.user_id());
        let (invitation_email, role) = (email.as_str().to_owned(), cmd.role);
        let (tenant, inviter) = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let actor = actor_role(conn, auth, tenant_id, Permission::InvitationsManage).await?;
                if !actor.can_grant(role) {
                    return Err(AppError::Forbidden(format!(
                        "a {} may not grant the role {}",
                        actor.as_str(),
                        role.as_str()
                    )));
                }
                let tenant = store::find_tenant(conn, tenant_id).await?.ok_or(AppError::NotFound("tenant"))?;
                let invitation = store::NewInvitation {
                    id,
                    tenant_id,
                    email: &invitation_email,
                    role: role.as_str(),
                    token_hash: &token.hash,
                    invited_by,
                    expires_at: now + ttl,
                    created_at: now,
                };
                store::insert_invitation(conn, &invitation).await?;
                let inviter = store::find_user(conn, invited_by).await?.ok_or(AppError::NotFound("user"))?;
                Ok::<_, AppError>((tenant, inviter))
            }
            .scope_boxed()
        })
        .await?;
        let link = self.link("invitations/accept", &token.plain);
        self.send_mail(invitation_mail(email.as_str(), &inviter, &tenant.name, cmd.role, &link)).await;
        Ok(Invitation {
            id,
            tenant_id,
            email: email.as_str().to_owned(),
            role: cmd.role,
            expires_at: now + ttl,
            created_at: now,
            token: token.plain,
            link,
        })
    }

    pub async fn accept_invitation(&self, auth: &AuthUser, token: &str) -> AppResult<Membership> {
        let (token_hash, user_id) = (domain::hash_token(token.trim()), auth.user_id());
        let acceptance = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::accept_invitation(conn, &token_hash, new_id()).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await?;
        match (acceptance.outcome.as_str(), acceptance.tenant_id, acceptance.role) {
            ("accepted", Some(tenant_id), Some(role)) => Ok(Membership { tenant_id, role: role_of(&role)? }),
            ("already_accepted", ..) => Err(AppError::Gone("this invitation has already been accepted".into())),
            ("expired", ..) => Err(AppError::Gone("this invitation has expired; ask for a new one".into())),
            ("email_mismatch", ..) => {
                Err(AppError::Forbidden("this invitation was sent to another email address".into()))
            }
            ("unknown_user", ..) => Err(AppError::Unauthorized("account is not active".into())),
            _ => Err(AppError::NotFound("invitation")),
        }
    }

    /// Changes a member's role or status (`Some`), or removes them (`None`).
    pub async fn change_member(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        member_id: Uuid,
        change: Option<UpdateMemberCommand>,
    ) -> AppResult<Option<Member>> {
        if change.as_ref().and_then(|c| c.status.as_deref()).is_some_and(|s| !matches!(s, "active" | "suspended")) {
            return Err(AppError::invalid("status", "invalid", "must be active or suspended"));
        }
        let (now, scope) = (self.now(), auth.scope());
        scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let actor = actor_role(conn, auth, tenant_id, Permission::MembersManage).await?;
                let target =
                    store::find_membership(conn, tenant_id, member_id).await?.ok_or(AppError::NotFound("member"))?;
                let before = MemberState { role: role_of(&target.role)?, active: target.status == "active" };
                let after = change.map(|c| MemberState {
                    role: c.role.unwrap_or(before.role),
                    active: c.status.map_or(before.active, |status| status == "active"),
                });
                let admins = store::count_active_admins(conn, tenant_id).await?;
                domain::check_member_change(actor, before, after, admins).map_err(|refusal| match refusal {
                    MemberChangeRefusal::OutranksActor => {
                        AppError::Forbidden("this member's role is above yours".into())
                    }
                    MemberChangeRefusal::RoleAboveActor => {
                        AppError::Forbidden("you may grant roles up to your own level only".into())
                    }
                    MemberChangeRefusal::LastAdmin => {
                        AppError::Conflict("the company must keep at least one active admin".into())
                    }
                })?;
                let Some(after) = after else {
                    store::delete_membership(conn, tenant_id, member_id).await?;
                    return Ok(None);
                };
                let (role, status) = (after.role, if after.active { "active" } else { "suspended" });
                store::update_membership(conn, tenant_id, member_id, role.as_str(), status, now).await?;
                let user = store::find_user(conn, member_id).await?.ok_or(AppError::NotFound("member"))?;
                Ok(Some(Member {
                    user_id: member_id,
                    email: user.email,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    role,
                    status: status.to_owned(),
                    joined_at: target.created_at,
                }))
            }
            .scope_boxed()
        })
        .await
    }

    /// Creates a platform administrator (a verified account flagged `is_platform_admin`). Runs as
    /// the owner role: the application role may never grant that flag.
    pub async fn create_platform_admin(
        owner_pool: &DbPool,
        email: &str,
        password: String,
        now: DateTime<Utc>,
    ) -> AppResult<User> {
        let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
        domain::check_password("password", &password, email.as_str()).map_err(|e| AppError::Validation(vec![e]))?;
        let password_hash = Passwords::new(1).hash(password).await?;
        let user_id = new_id();
        let user = scoped(owner_pool, &RequestScope::user(user_id), |conn| {
            async move {
                let new_user = store::NewUser {
                    id: user_id,
                    email: email.as_str(),
                    password_hash: &password_hash,
                    first_name: "Platform",
                    last_name: "Admin",
                    locale: "es-PE",
                    timezone: "America/Lima",
                    terms_accepted_at: now,
                    privacy_accepted_at: now,
                    marketing_consent_at: None,
                    created_at: now,
                    updated_at: now,
                };
                insert_new_user(conn, &new_user).await?;
                store::make_platform_admin(conn, user_id).await?;
                store::mark_email_verified(conn, user_id, now).await?;
                store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(user_view(user))
    }

    /// Erases, for good, accounts deleted more than the grace period ago (with every context's
    /// data, through the hooks). Runs as the owner role; returns how many were erased.
    pub async fn purge_due(
        owner_pool: &DbPool,
        hooks: &kernel::personal_data::PersonalDataHooks,
        now: DateTime<Utc>,
    ) -> AppResult<usize> {
        let due = scoped(owner_pool, &RequestScope::anonymous(), |conn| {
            async move { store::users_due_for_purge(conn, now, 500).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        for user_id in &due {
            hooks.erase(*user_id).await?;
            tracing::info!(%user_id, "account purged");
        }
        Ok(due.len())
    }
}

/// The caller's current role in `tenant_id`, read from the database (a demotion or removal takes
/// effect at once, not when the access token expires), when it grants `permission`. Another
/// tenant, or one the caller left, answers 404 so ids do not reveal what exists.
async fn actor_role(conn: &mut DbConn, auth: &AuthUser, tenant_id: Uuid, permission: Permission) -> AppResult<Role> {
    if auth.tenant().is_none_or(|(current, _)| current != tenant_id) {
        return Err(AppError::NotFound("tenant"));
    }
    let membership = store::find_membership(conn, tenant_id, auth.user_id())
        .await?
        .filter(|m| m.status == "active")
        .ok_or(AppError::NotFound("tenant"))?;
    let role = role_of(&membership.role)?;
    if role.has(permission) {
        Ok(role)
    } else {
        Err(AppError::Forbidden(format!("your role ({}) may not do this", role.as_str())))
    }
}

/// Inserts an account; an email already held by a live account is a conflict.
async fn insert_new_user(conn: &mut DbConn, user: &store::NewUser<'_>) -> AppResult<()> {
    store::insert_user(conn, user).await.map_err(|e| {
        if is_unique_violation(&e, "users_email_live_key") {
            AppError::Conflict("an account with this email already exists".into())
        } else {
            e.into()
        }
    })
}

fn truncate(text: &str, max_chars: usize) -> &str {
    text.char_indices().nth(max_chars).map_or(text, |(end, _)| &text[..end])
}

fn user_view(row: store::UserRow) -> User {
    User {
        id: row.id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        phone: row.phone,
        locale: row.locale,
        timezone: row.timezone,
        status: row.status,
        email_verified: row.email_verified_at.is_some(),
        marketing_consent: row.marketing_consent_at.is_some(),
        terms_accepted_at: row.terms_accepted_at,
        privacy_accepted_at: row.privacy_accepted_at,
        marketing_consent_at: row.marketing_consent_at,
        created_at: row.created_at,
    }
}

fn tenant_view(row: store::TenantRow) -> Tenant {
    Tenant {
        id: row.id,
        name: row.name,
        slug: row.slug,
        industry: row.industry,
        employee_count: row.employee_count,
        size: row.size,
        settings: row.settings,
        created_at: row.created_at,
    }
}

fn member_view(row: store::MemberRow) -> AppResult<Member> {
    Ok(Member {
        user_id: row.user_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        role: role_of(&row.role)?,
        status: row.status,
        joined_at: row.joined_at,
    })
}

fn session_view(row: store::SessionRow, current: Uuid) -> Session {
    Session {
        id: row.id,
        tenant_id: row.tenant_id,
        ip: row.ip,
        user_agent: row.user_agent,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        expires_at: row.expires_at,
        current: row.id == current,
    }
}

fn spanish(locale: &str) -> bool {
    locale.starts_with("es")
}

fn verification_mail(to: &str, locale: &str, link: &str) -> Mail {
    let (subject, body) = if spanish(locale) {
        ("Confirma tu correo electrónico", format!("Hola:\n\nConfirma tu correo abriendo este enlace:\n{link}\n"))
    } else {
        ("Confirm your email address", format!("Hello,\n\nConfirm your email address by opening this link:\n{link}\n"))
    };
    Mail { to: to.to_owned(), subject: subject.to_owned(), body }
}

fn reset_mail(to: &str, locale: &str, link: &str) -> Mail {
    let (subject, body) = if spanish(locale) {
        (
            "Restablece tu contraseña",
            format!(
                "Hola:\n\nPara elegir una nueva contraseña abre este enlace:\n{link}\n\nSi no lo pediste, ignora este correo.\n"
            ),
        )
    } else {
        (
            "Reset your password",
            format!(
                "Hello,\n\nTo choose a new password open this link:\n{link}\n\nIf you did not ask for it, ignore this mail.\n"
            ),
        )
    };
    Mail { to: to.to_owned(), subject: subject.to_owned(), body }
}

fn invitation_mail(to: &str, inviter: &store::UserRow, company: &str, role: Role, link: &str) -> Mail {
    let who = format!("{} {}", inviter.first_name, inviter.last_name);
    let (subject, body) = if spanish(&inviter.locale) {
        (
            format!("{who} te invita a {company}"),
            format!(
                "Hola:\n\n{who} te invita a unirte a {company} como {}.\nAcepta la invitación aquí:\n{link}\n",
                role.as_str()
            ),
        )
    } else {
        (
            format!("{who} invites you to {company}"),
            format!(
                "Hello,\n\n{who} invites you to join {company} as {}.\nAccept the invitation here:\n{link}\n",
                role.as_str()
            ),
        )
    };
    Mail { to: to.to_owned(), subject, body }
}

/// Identity's part of a personal-data export and purge.
pub struct IdentityPersonalData {
    pool: DbPool,
}

impl IdentityPersonalData {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PersonalData for IdentityPersonalData {
    fn section(&self) -> &'static str {
        "identity"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let (user, memberships, sessions) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let user = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                let memberships = store::memberships_of_user(conn, user_id).await?;
                let sessions = store::all_sessions(conn, user_id).await?;
                Ok::<_, AppError>((user, memberships, sessions))
            }
            .scope_boxed()
        })
        .await?;
        let last_login_at = user.last_login_at;
        let (deleted_at, purge_after) = (user.deleted_at, user.purge_after);
        Ok(serde_json::json!({
            "account": user_view(user),
            "last_login_at": last_login_at,
            "deleted_at": deleted_at,
            "purge_after": purge_after,
            "memberships": memberships.iter().map(|m| serde_json::json!({
                "tenant_id": m.tenant_id, "role": m.role, "status": m.status, "joined_at": m.created_at,
            })).collect::<Vec<_>>(),
            "sessions": sessions.into_iter().map(|s| session_view(s, Uuid::nil())).collect::<Vec<_>>(),
        }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        // Sessions, tokens and memberships go with the account (ON DELETE CASCADE).
        scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { store::delete_user(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .instrument(tracing::info_span!("erase identity", %user_id))
        .await
    }
}
