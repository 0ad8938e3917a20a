//! Sessions: login, refresh-token rotation, logout, the session list and tenant switching.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Role, SessionLedger, TokenSubject};
use kernel::db::{DbConn, DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::tracking::{self, ProductEvent};
use kernel::{AppError, AppResult, FieldError};
use platform::throttle::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{IdentityService, collect, role_of, session_view, truncate, user_view, validation};
use crate::domain::{self, Email, OpaqueToken, RefreshDecision, Session, User};
use crate::store;

const INVALID_CREDENTIALS: &str = "invalid email or password";

/// Where a request comes from, recorded with each session.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The address as the audit log records it.
    pub(super) fn ip_addr(&self) -> Option<std::net::IpAddr> {
        self.ip.as_deref().and_then(|ip| ip.parse().ok())
    }
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
    /// Keep it on this device and send it with later logins: while someone else's failed
    /// attempts slow down logins to this account, logins from this device are not slowed.
    pub device_token: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginCommand {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
    /// The `device_token` an earlier login or sign-up on this device returned.
    #[schema(pattern = r"^[0-9a-f]{32}\.[A-Za-z0-9_-]{43}$")]
    pub device_token: Option<String>,
}

/// A device that signed in to an account before, proven by a token the server tagged.
struct KnownDevice {
    id: String,
}

const DEVICE_PURPOSE: &str = "login-device";
const ACCOUNT_PURPOSE: &str = "login-account";
const LOGIN: &str = "identity.login";

impl IdentityService {
    /// Signs in. Failed attempts slow down further attempts on the account exponentially
    /// (never a hard lock), except from a device that signed in to it before; an IP address is
    /// stopped only when it fails on many distinct accounts. Malformed emails are refused up
    /// front and count for nothing.
    pub async fn login(&self, cmd: LoginCommand, client: ClientInfo) -> AppResult<AuthResponse> {
        let mut errors = Vec::new();
        let email = collect(Email::parse("email", &cmd.email), &mut errors);
        if !(1..=domain::MAX_PASSWORD_CHARS).contains(&cmd.password.chars().count()) {
            errors.push(FieldError::new("password", "length", "must have 1 to 128 characters"));
        }
        if cmd.device_token.as_deref().is_some_and(|token| !domain::is_device_token_shaped(token)) {
            errors.push(FieldError::new("device_token", "invalid", "is not a device token this API issued"));
        }
        validation(errors)?;
        let Some(email) = email else { unreachable!("validated above") };
        let settings = &self.inner.settings;
        let throttle = &self.inner.ports.throttle;
        let account = self.inner.ports.hasher.pseudonym(ACCOUNT_PURPOSE, email.as_str());
        let ip_key = format!("login:ip:{}", client.ip.as_deref().unwrap_or("unknown"));
        if let Verdict::Limited { retry_after_secs } = throttle.check(&ip_key, settings.login_accounts_per_ip).await? {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        let device = cmd.device_token.as_deref().and_then(|token| self.known_device(&account, token));
        let failures_key = match &device {
            Some(device) => format!("login:device:{account}:{}", device.id),
            None => format!("login:account:{account}"),
        };
        let backoff = settings.login_backoff;
        if let Some(retry_after_secs) =
            backoff.retry_after_secs(throttle.failures(&failures_key).await?, self.now().timestamp_millis() as u64)
        {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }

        let lookup = email.as_str().to_owned();
        let credentials = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move { store::login_credentials(conn, &lookup).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let stored_hash =
            credentials.as_ref().map_or_else(|| self.inner.decoy_hash.clone(), |c| c.password_hash.clone());
        let password_ok = self.inner.passwords.verify(cmd.password, stored_hash).await?;
        let credentials = match credentials {
            Some(credentials) if password_ok => credentials,
            refused => {
                throttle.fail(&failures_key, backoff.memory()).await?;
                throttle.record_distinct(&ip_key, &account, settings.login_accounts_per_ip).await?;
                let mut entry = AuditEntry::new(LOGIN).failed().from_ip(client.ip_addr());
                entry = match refused {
                    Some(credentials) => {
                        entry.concerning(credentials.user_id).details(json!({ "reason": "wrong_password" }))
                    }
                    None => entry.details(json!({ "reason": "unknown_account" })),
                };
                scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
                    async move { audit::record(conn, &entry).await }.scope_boxed()
                })
                .await?;
                return Err(AppError::Unauthorized(INVALID_CREDENTIALS.into()));
            }
        };
        if credentials.status != "active" {
            return Err(AppError::Forbidden("this account is suspended".into()));
        }
        throttle.clear_failures(&failures_key).await?;

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
                let tenant_id = tenant.map(|(tenant_id, _)| tenant_id);
                tracking::track(conn, &ProductEvent::new("identity.logged_in", Some(user_id), tenant_id, json!({})))
                    .await?;
                let entry = AuditEntry::new(LOGIN).by(user_id).in_tenant(tenant_id).from_ip(client.ip_addr()).at(now);
                audit::record(conn, &entry).await?;
                Ok::<_, AppError>((user, tokens))
            }
            .scope_boxed()
        })
        .await?;
        let device_token = match device {
            Some(device) => self.device_token(&account, &device.id),
            None => self.new_device_token(email.as_str()),
        };
        Ok(AuthResponse { user: user_view(user), tokens, device_token })
    }

    /// A token naming a new device of the account behind `email`.
    pub(super) fn new_device_token(&self, email: &str) -> String {
        let account = self.inner.ports.hasher.pseudonym(ACCOUNT_PURPOSE, email);
        self.device_token(&account, &new_id().simple().to_string())
    }

    fn device_token(&self, account: &str, device_id: &str) -> String {
        let tag = self.inner.ports.hasher.tag(DEVICE_PURPOSE, &format!("{account}:{device_id}"));
        format!("{device_id}.{tag}")
    }

    fn known_device(&self, account: &str, token: &str) -> Option<KnownDevice> {
        let (device_id, tag) = token.split_once('.')?;
        self.inner
            .ports
            .hasher
            .verify_tag(DEVICE_PURPOSE, &format!("{account}:{device_id}"), tag)
            .then(|| KnownDevice { id: device_id.to_owned() })
    }

    /// Starts a session (a new refresh-token family) and issues its first token pair.
    pub(super) async fn open_session(
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
    pub(super) async fn issue_pair(
        &self,
        conn: &mut DbConn,
        subject: TokenSubject,
        now: DateTime<Utc>,
    ) -> AppResult<TokenPair> {
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
}

/// The session ledger other contexts' requests are checked against, from identity's own table.
pub struct IdentitySessionLedger {
    pool: DbPool,
}

impl IdentitySessionLedger {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl SessionLedger for IdentitySessionLedger {
    async fn is_live(&self, user_id: Uuid, session_id: Uuid) -> AppResult<bool> {
        let now = chrono::Utc::now();
        scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { store::session_is_live(conn, user_id, session_id, now).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await
    }
}
