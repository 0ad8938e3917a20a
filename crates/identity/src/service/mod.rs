//! Identity use cases: accounts, sessions, companies and their members, personal data.
//! One file per group of use cases; this one holds the service handle and what they share.

mod accounts;
mod consents;
mod credentials;
mod exports;
mod invitations;
mod passwords;
mod personal_data;
mod retention;
mod sessions;
mod tenants;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use kernel::auth::{JwtKeys, Role, SessionRevocations};
use kernel::clock::Clock;
use kernel::company_plans::CompanyPlans;
use kernel::db::{DbConn, DbPool, is_unique_violation};
use kernel::secrets::KeyedHasher;
use kernel::{AppError, AppResult, FieldError};
use platform::mail::{Mail, Mailer};
use platform::storage::ObjectStorage;
use platform::throttle::{BackOff, Throttle, Window};
use uuid::Uuid;

use crate::domain::{Member, OpaqueToken, Session, Tenant, User};
use crate::store;

pub use accounts::{RegisterCommand, UpdateProfileCommand};
pub use consents::{ConsentChange, ConsentRecord, ConsentState, Consents, record_consent};
pub use credentials::{ChangePasswordCommand, PasswordResetMails};
pub use exports::{BuildDataExports, DataExport, ExpireDataExports, ExportLink};
pub use invitations::{InviteCommand, Membership};
pub use passwords::Passwords;
pub use personal_data::IdentityPersonalData;
pub use retention::{ExpireInactiveAccounts, RetentionRun};
pub use sessions::{AuthResponse, ClientInfo, IdentitySessionLedger, LoginCommand, TokenPair};
pub(crate) use tenants::actor_role;
pub use tenants::{CreateTenantCommand, UpdateMemberCommand};

/// Lifetimes and limits of the identity context.
#[derive(Debug, Clone)]
pub struct IdentitySettings {
    pub refresh_ttl: Duration,
    pub invitation_ttl: Duration,
    pub email_verification_ttl: Duration,
    pub password_reset_ttl: Duration,
    /// Deleted accounts are erased for good after this long.
    pub purge_grace: Duration,
    /// How failed logins slow down further attempts on an account (and failed password
    /// confirmations on a signed-in account).
    pub login_backoff: BackOff,
    /// Distinct accounts one IP address may fail to sign in to within the window.
    pub login_accounts_per_ip: Window,
    /// Password-reset mails allowed per address.
    pub reset_mails: Window,
    /// Email-verification mails a signed-in user may ask for.
    pub verification_mails: Window,
    /// Sign-ups allowed per IP address.
    pub sign_ups_per_ip: Window,
    /// The web client's base URL, for links in mails.
    pub public_web_url: String,
    /// Password hashes computed at once; the rest wait, so a burst cannot starve the server.
    pub max_concurrent_hashes: usize,
    /// Invitation mails allowed per company (a sliding window, e.g. 50 a day).
    pub invitations_per_tenant: Window,
    /// Invitation mails allowed per inviting account, across all its companies (e.g. 20 a day).
    pub invitations_per_user: Window,
    /// An open invitation to the same address is mailed again at most this often.
    pub invitation_resend_interval: Duration,
    /// Companies one account may create.
    pub max_tenants_per_user: u32,
}

/// The outside-world ports identity needs.
#[derive(Clone)]
pub struct IdentityPorts {
    pub mailer: Arc<dyn Mailer>,
    pub throttle: Arc<dyn Throttle>,
    /// Pseudonyms for what limits count (emails never appear in Redis keys) and device tokens.
    pub hasher: KeyedHasher,
    pub revocations: Arc<dyn SessionRevocations>,
    pub clock: Arc<dyn Clock>,
    /// What a company's plan allows (seats), and a new company's trial: billing's answer.
    pub company_plans: Arc<dyn CompanyPlans>,
    /// Where copies of people's data are kept until they are downloaded.
    pub storage: Arc<dyn ObjectStorage>,
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

/// The caller's own account is gone (a token outliving its user): the token is no longer good.
fn caller_gone() -> AppError {
    AppError::Unauthorized("this account no longer exists".into())
}

fn spanish(locale: &str) -> bool {
    locale.starts_with("es")
}
