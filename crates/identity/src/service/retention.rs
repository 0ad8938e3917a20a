//! Data retention, as a daily job: accounts unused for two years are deleted unless their person
//! consented to data retention, after a notice mail 30 days before (`domain::retention`).

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::AppResult;
use kernel::audit::AuditEntry;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use platform::mail::Mail;

use super::{IdentityService, spanish};
use crate::domain::retention::{Due, NOTICE_DAYS, due, notice_horizon};
use crate::store::{self, DormantAccount};

const EXPIRE_JOB: &str = "identity.expire_inactive_accounts";
/// Accounts looked at per run; the rest wait for the next day.
const PER_RUN: i32 = 1000;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub noticed: usize,
    pub deleted: usize,
}

impl IdentityService {
    /// Sends the notices and deletes the accounts the retention rule makes due at `now`.
    pub async fn expire_inactive_accounts(&self, now: DateTime<Utc>) -> AppResult<RetentionRun> {
        let accounts = scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move { store::dormant_accounts(conn, notice_horizon(now), PER_RUN).await.map_err(Into::into) }
                .scope_boxed()
        })
        .await?;
        let mut run = RetentionRun::default();
        for account in accounts {
            match due(account.last_active, account.notice_at, account.retained, now) {
                Due::Nothing => {}
                Due::Notice => {
                    // Recorded only once sent: a mail that fails is sent again the next day.
                    if let Err(error) =
                        self.inner.ports.mailer.send(notice_mail(&account, &self.link_to_sign_in())).await
                    {
                        tracing::warn!(%error, user_id = %account.user_id, "an inactivity notice could not be sent");
                        continue;
                    }
                    let user_id = account.user_id;
                    scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
                        async move { store::set_inactivity_notice(conn, user_id, now).await.map_err(Into::into) }
                            .scope_boxed()
                    })
                    .await?;
                    run.noticed += 1;
                }
                Due::Deletion => {
                    self.close_account(account.user_id, AuditEntry::new("identity.account_expired")).await?;
                    run.deleted += 1;
                }
            }
        }
        Ok(run)
    }

    fn link_to_sign_in(&self) -> String {
        format!("{}/ingresar", self.inner.settings.public_web_url.trim_end_matches('/'))
    }
}

fn notice_mail(account: &DormantAccount, sign_in: &str) -> Mail {
    let (subject, body) = if spanish(&account.locale) {
        (
            "Tu cuenta se eliminará por inactividad",
            format!(
                "Hola:\n\nNo has usado tu cuenta de Entrevistador Inteligente en casi dos años. Para no guardar tus \
                 datos más de lo necesario, la eliminaremos con tus CV en {NOTICE_DAYS} días.\n\nSi quieres \
                 conservarla, basta con ingresar: {sign_in}\nTambién puedes autorizar la conservación de tus datos en \
                 Privacidad.\n"
            ),
        )
    } else {
        (
            "Your account will be deleted for inactivity",
            format!(
                "Hello,\n\nYou have not used your Entrevistador Inteligente account for almost two years. So as not \
                 to keep your data longer than needed, we will delete it with your CVs in {NOTICE_DAYS} days.\n\nTo \
                 keep it, just sign in: {sign_in}\nYou may also allow data retention under Privacy.\n"
            ),
        )
    };
    Mail { to: account.email.clone(), subject: subject.to_owned(), body }
}

/// Daily: the retention rule's notices and deletions.
pub struct ExpireInactiveAccounts(pub IdentityService);

impl ExpireInactiveAccounts {
    pub fn schedule() -> Schedule {
        Schedule { kind: EXPIRE_JOB, every: Duration::from_secs(24 * 3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for ExpireInactiveAccounts {
    fn kind(&self) -> &'static str {
        EXPIRE_JOB
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(600)
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let run = self.0.expire_inactive_accounts(Utc::now()).await?;
        if run != RetentionRun::default() {
            tracing::info!(noticed = run.noticed, deleted = run.deleted, "inactive accounts");
        }
        Ok(())
    }
}
