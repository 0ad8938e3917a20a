//! Credentials: changing the password, verifying the email address and resetting a forgotten
//! password through mailed one-time links (the reset mail is a job, so the answer reveals nothing).

use async_trait::async_trait;
use kernel::audit::{self, AuditEntry};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, RequestScope, ScopedBoxFuture, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::mail::Mail;
use platform::throttle::Verdict;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{IdentityService, caller_gone, spanish};
use crate::domain::{self, Email, OpaqueToken};
use crate::store::{self, TokenPurpose};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordCommand {
    #[schema(min_length = 1, max_length = 128)]
    pub current_password: String,
    /// 10 to 128 characters; not the email address, not one of the most common passwords.
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

const PASSWORD_RESET_MAIL_JOB: &str = "identity.password_reset_mail";

#[derive(Debug, Serialize, Deserialize)]
struct PasswordResetMail {
    email: String,
}

/// Sends the password-reset mails asked for through `POST /auth/password-reset`.
pub struct PasswordResetMails(pub IdentityService);

#[async_trait]
impl JobHandler for PasswordResetMails {
    fn kind(&self) -> &'static str {
        PASSWORD_RESET_MAIL_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let PasswordResetMail { email } = job.payload()?;
        let email = Email::parse("email", &email).map_err(|e| JobError::Fatal(e.message))?;
        Ok(self.0.send_password_reset(email).await?)
    }
}

impl IdentityService {
    pub async fn change_password(&self, auth: &AuthUser, cmd: ChangePasswordCommand) -> AppResult<()> {
        let user = self.confirm_password(auth.user_id(), cmd.current_password, "current_password").await?;
        domain::check_password("new_password", &cmd.new_password, &user.email)
            .map_err(|e| AppError::Validation(vec![e]))?;
        let hash = self.inner.passwords.hash(cmd.new_password).await?;
        let (user_id, now, current) = (user.id, self.now(), auth.session_id());
        let revoked = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let entry = AuditEntry::new("identity.password_changed").by(user_id).at(now);
                replace_password(conn, user_id, &hash, Some(current), &entry).await
            }
            .scope_boxed()
        })
        .await?;
        self.forget_sessions(&revoked).await;
        Ok(())
    }

    pub async fn request_email_verification(&self, auth: &AuthUser) -> AppResult<()> {
        let (user_id, now) = (auth.user_id(), self.now());
        let key = format!("verification-mails:user:{user_id}");
        if let Verdict::Limited { retry_after_secs } =
            self.inner.ports.throttle.hit(&key, self.inner.settings.verification_mails).await?
        {
            return Err(AppError::TooManyRequests { retry_after_secs });
        }
        let token = OpaqueToken::generate();
        let ttl = self.inner.settings.email_verification_ttl;
        let user = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let user = store::find_user(conn, user_id).await?.ok_or_else(caller_gone)?;
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
        let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
        // The lookup and the mail are a job, done after the answer: known and unknown addresses
        // take the same time to answer, and the mail is retried if it cannot be sent now.
        let job = NewJob::new(PASSWORD_RESET_MAIL_JOB, PasswordResetMail { email: email.as_str().to_owned() })?;
        scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move { enqueue(conn, &job).await.map(drop) }.scope_boxed()
        })
        .await
    }

    async fn send_password_reset(&self, email: Email) -> AppResult<()> {
        let key = format!("password-reset-mails:{}", self.inner.ports.hasher.pseudonym("reset-mails", email.as_str()));
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
                    store::mark_email_verified(conn, user.id, now).await?;
                    let entry = AuditEntry::new("identity.password_reset").by(user.id).at(now);
                    replace_password(conn, user.id, &hash_pending, None, &entry).await
                }
                .scope_boxed()
            })
            .await?;
        self.forget_sessions(&revoked).await;
        Ok(())
    }
}

pub(super) fn verification_mail(to: &str, locale: &str, link: &str) -> Mail {
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

/// Sets a new password hash and ends every session but `keep`: the sessions it ended. `entry`
/// (the change, by the account's owner) goes to the audit log.
async fn replace_password(
    conn: &mut DbConn,
    user_id: Uuid,
    hash: &str,
    keep: Option<Uuid>,
    entry: &AuditEntry,
) -> AppResult<Vec<Uuid>> {
    store::set_password_hash(conn, user_id, hash, entry.at).await?;
    let revoked = store::revoke_sessions(conn, user_id, None, keep, "password_changed", entry.at).await?;
    audit::record(conn, entry).await?;
    Ok(revoked)
}
