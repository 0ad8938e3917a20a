//! Accounts: sign-up, profile, deletion and purge, and platform administrators.

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::AuthUser;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::tracking::{self, ProductEvent};
use kernel::{AppError, AppResult, FieldError};
use platform::throttle::Verdict;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::credentials::verification_mail;
use super::record_consent;
use super::{
    AuthResponse, ClientInfo, IdentityService, Passwords, caller_gone, collect, insert_new_user, user_view, validation,
};
use crate::domain::{self, ConsentPurpose, Email, OpaqueToken, User};
use crate::events::{ACCOUNT_DELETED, AccountEvent};
use crate::store::{self, TokenPurpose};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterCommand {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// 10 to 128 characters; not the email address, not one of the most common passwords.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub first_name: String,
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub last_name: String,
    /// Must be true: the terms of service are accepted.
    #[schema(schema_with = must_be_true)]
    pub accept_terms: bool,
    /// Must be true: the privacy policy (Law 29733) is accepted.
    #[schema(schema_with = must_be_true)]
    pub accept_privacy: bool,
    #[serde(default)]
    pub marketing_consent: bool,
    /// `es-PE` when omitted.
    #[schema(pattern = r"^(es|en)(-([A-Za-z]{2}|419))?$", example = "es-PE")]
    pub locale: Option<String>,
    /// `America/Lima` when omitted.
    #[schema(pattern = r"^(UTC|[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){1,2})$", example = "America/Lima")]
    pub timezone: Option<String>,
}

/// A consent that must be given: `true` is the only value accepted.
fn must_be_true() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([true]))
        .build()
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileCommand {
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub first_name: Option<String>,
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub last_name: Option<String>,
    /// An international number such as `+51 987 654 321`; blank clears it.
    #[schema(pattern = r"^(\s*|[ ()-]*\+([ ()-]*[0-9]){8,15}[ ()-]*)$", example = "+51 987 654 321")]
    pub phone: Option<String>,
    #[schema(pattern = r"^(es|en)(-([A-Za-z]{2}|419))?$", example = "es-PE")]
    pub locale: Option<String>,
    #[schema(pattern = r"^(UTC|[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){1,2})$", example = "America/Lima")]
    pub timezone: Option<String>,
    pub marketing_consent: Option<bool>,
}

impl IdentityService {
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
                let properties = json!({ "locale": user.locale, "marketing_consent": cmd.marketing_consent });
                tracking::track(conn, &ProductEvent::new("identity.signed_up", Some(user_id), None, properties))
                    .await?;
                let entry = AuditEntry::new("identity.account_created").by(user_id).from_ip(client.ip_addr()).at(now);
                audit::record(conn, &entry).await?;
                if cmd.marketing_consent {
                    record_consent(conn, user_id, ConsentPurpose::Marketing, true, "signup", client.ip_addr()).await?;
                }
                Ok::<_, AppError>((user, tokens))
            }
            .scope_boxed()
        })
        .await?;
        self.send_mail(verification_mail(&user.email, &user.locale, &self.link("verify-email", &verification.plain)))
            .await;
        let device_token = self.new_device_token(&user.email);
        Ok(AuthResponse { user: user_view(user), tokens, device_token })
    }

    /// The account row, read as its owner.
    async fn load_user(&self, user_id: Uuid) -> AppResult<store::UserRow> {
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::find_user(conn, user_id).await?.ok_or_else(caller_gone) }.scope_boxed()
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
                let before = store::find_user(conn, user_id).await?.ok_or_else(caller_gone)?;
                // Keep the original consent time when consent is merely confirmed again.
                let changes = store::ProfileChanges {
                    marketing_consent_at: match changes.marketing_consent_at {
                        Some(Some(_)) if before.marketing_consent_at.is_some() => None,
                        other => other,
                    },
                    ..changes
                };
                store::update_profile(conn, user_id, &changes).await?;
                if let Some(consent) = changes.marketing_consent_at
                    && consent.is_some() != before.marketing_consent_at.is_some()
                {
                    record_consent(conn, user_id, ConsentPurpose::Marketing, consent.is_some(), "profile", None)
                        .await?;
                }
                store::find_user(conn, user_id).await?.ok_or_else(caller_gone)
            }
            .scope_boxed()
        })
        .await?;
        Ok(user_view(user))
    }

    /// Checks the caller's current password; a wrong one is a validation error on `field`.
    /// Failures slow further attempts down like failed logins do, so a stolen access token
    /// cannot be used to guess the password online.
    pub(super) async fn confirm_password(
        &self,
        user_id: Uuid,
        password: String,
        field: &str,
    ) -> AppResult<store::UserRow> {
        let (throttle, backoff) = (&self.inner.ports.throttle, self.inner.settings.login_backoff);
        let failures_key = format!("reauth:user:{user_id}");
        let now_ms = self.now().timestamp_millis() as u64;
        if let Some(retry_after_secs) = backoff.retry_after_secs(throttle.failures(&failures_key).await?, now_ms) {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        let user = self.load_user(user_id).await?;
        if !self.inner.passwords.verify(password, user.password_hash.clone()).await? {
            throttle.fail(&failures_key, backoff.memory()).await?;
            return Err(AppError::Forbidden(format!("{field} does not match your current password")));
        }
        throttle.clear_failures(&failures_key).await?;
        Ok(user)
    }

    /// Soft-deletes the caller's account: sessions revoked, login refused, erased after the grace period.
    pub async fn delete_me(&self, auth: &AuthUser, password: String) -> AppResult<DateTime<Utc>> {
        let user = self.confirm_password(auth.user_id(), password, "password").await?;
        self.close_account(user.id, AuditEntry::new("identity.account_deleted").by(user.id)).await
    }

    /// Soft-deletes an account in its owner's scope: sessions revoked, login refused, the deletion
    /// announced to the other contexts and left in the audit log as `entry` (with the purge
    /// time), erased after the grace period.
    pub(super) async fn close_account(&self, user_id: Uuid, entry: AuditEntry) -> AppResult<DateTime<Utc>> {
        let now = self.now();
        let purge_after = now + self.inner.settings.purge_grace;
        let revoked = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::soft_delete_user(conn, user_id, now, purge_after).await?;
                let event = NewJob::event(ACCOUNT_DELETED, AccountEvent { user_id })?;
                enqueue(conn, &event).await?;
                let revoked = store::revoke_sessions(conn, user_id, None, None, "account_deleted", now).await?;
                let details = json!({ "purge_after": purge_after });
                audit::record(conn, &entry.concerning(user_id).details(details).at(now)).await?;
                Ok::<_, AppError>(revoked)
            }
            .scope_boxed()
        })
        .await?;
        self.forget_sessions(&revoked).await;
        Ok(purge_after)
    }

    /// Leaves the trace of a data export in the audit log (the export itself reads every
    /// context through the personal-data hooks).
    pub async fn record_data_export(&self, auth: &AuthUser) -> AppResult<()> {
        let (user_id, now) = (auth.user_id(), self.now());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { audit::record(conn, &AuditEntry::new("identity.data_exported").by(user_id).at(now)).await }
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
            let user_id = *user_id;
            // Recorded before the erasure, which then leaves only the person's pseudonym in it.
            scoped(owner_pool, &RequestScope::system(), |conn| {
                async move {
                    audit::record(conn, &AuditEntry::new("identity.account_purged").concerning(user_id).at(now)).await
                }
                .scope_boxed()
            })
            .await?;
            hooks.erase(user_id).await?;
            tracing::info!(%user_id, "account purged");
        }
        Ok(due.len())
    }
}
