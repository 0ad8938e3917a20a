//! Work behind applications: mails to candidates after their application moved (sent after the
//! move committed, retried by the job queue), the coming months' partitions (a scheduled job),
//! withdrawing the applications of a person who deleted their account, and placement fees marked
//! paid when billing says so.

use std::time::Duration;

use async_trait::async_trait;
use billing::events::{PLACEMENT_FEE_PAID, PlacementFeePaid};
use chrono::Utc;
use identity::ConsentPurpose;
use identity::events::{ACCOUNT_DELETED, AccountEvent, CONSENT_WITHDRAWN, ConsentEvent};
use kernel::AppError;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use platform::mail::Mail;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::candidates::close_by_candidate;
use super::{HiringService, NOTIFY_JOB, PARTITIONS_JOB, applied_at_of, stages_of};
use crate::domain::applications::Status;
use crate::domain::messages::{Event, Facts, built_in, language_of, render};
use crate::domain::network::ProfileStatus;
use crate::store;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct NotifyPayload {
    /// The move to tell the candidate about.
    pub change_id: Uuid,
    /// The company's template chosen for it (else the stage's own, else the built-in text).
    pub template_id: Option<Uuid>,
}

/// Writes to a candidate that their application moved, in their language.
pub struct NotifyCandidates(pub HiringService);

#[async_trait]
impl JobHandler for NotifyCandidates {
    fn kind(&self) -> &'static str {
        NOTIFY_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let NotifyPayload { change_id, template_id } = job.payload()?;
        let inner = &self.0.inner;
        let change = scoped(&inner.pool, &RequestScope::system(), |conn| {
            async move { store::stage_change(conn, change_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        // The application is gone (its candidate erased): nobody to write to.
        let Some(change) = change else { return Ok(()) };
        // A person with an account is written to at their account's address, in its language.
        let account = match change.user_id {
            Some(user_id) => {
                let contact = scoped(&inner.pool, &RequestScope::user(user_id), |conn| {
                    async move { identity::contact(conn, user_id).await }.scope_boxed()
                })
                .await?;
                let Some(contact) = contact else { return Ok(()) };
                Some(contact)
            }
            None => None,
        };
        let tenant_id = change.tenant_id;
        let mail = scoped(&inner.pool, &RequestScope::system().in_tenant(tenant_id, "system"), |conn| {
            async move {
                let Some(row) = store::find_application(conn, change.application_id, change.applied_at).await? else {
                    return Ok(None);
                };
                let (to, language, name) = match &account {
                    Some(contact) => (contact.email.clone(), language_of(&contact.locale), contact.full_name.clone()),
                    // The company's own candidate: at the address the company has, in their CV's language.
                    None => {
                        let (Some(candidate_id), Some(email)) = (row.candidate_id, row.candidate_email.clone()) else {
                            return Ok(None);
                        };
                        let Some(candidate) = store::find_candidate(conn, candidate_id).await? else { return Ok(None) };
                        let language = candidate.cv_data.as_ref().and_then(|d| d["language"].as_str()).unwrap_or("es");
                        (email, language_of(language), candidate.full_name)
                    }
                };
                let company = identity::company_name(conn, tenant_id).await?.unwrap_or_default();
                let stages = stages_of(conn, tenant_id, row.job_id).await?;
                let status = Status::parse(&change.status).unwrap_or(Status::Active);
                let event = match status {
                    Status::Hired => Event::Hired,
                    Status::Rejected => Event::Rejected,
                    Status::Active | Status::Withdrawn => Event::Moved,
                };
                if status == Status::Withdrawn {
                    return Ok(None);
                }
                let trigger = if status == Status::Rejected { "rejected" } else { change.to_stage.as_str() };
                let chosen = match template_id {
                    Some(id) => store::template(conn, id).await?,
                    None => store::template_for_stage(conn, tenant_id, trigger, language).await?,
                };
                let stage_name = stages
                    .iter()
                    .find(|s| s.key == change.to_stage)
                    .map_or_else(|| change.to_stage.clone(), |s| s.name.clone());
                let candidate_name = row.candidate_name.clone().unwrap_or(name);
                let facts = Facts {
                    candidate_name: &candidate_name,
                    job_title: &row.job_title,
                    company_name: &company,
                    stage: &stage_name,
                };
                let (subject, body) = match &chosen {
                    Some(template) => (render(&template.subject, &facts), render(&template.body, &facts)),
                    None => {
                        let (subject, body) = built_in(event, language);
                        (render(subject, &facts), render(body, &facts))
                    }
                };
                Ok::<_, AppError>(Some(Mail { to, subject, body }))
            }
            .scope_boxed()
        })
        .await?;
        if let Some(mail) = mail {
            inner.mailer.send(mail).await?;
        }
        Ok(())
    }
}

/// Keeps this month's and the next months' partitions of applications in place (daily).
pub struct EnsurePartitions(pub HiringService);

impl EnsurePartitions {
    pub fn schedule() -> Schedule {
        Schedule { kind: PARTITIONS_JOB, every: Duration::from_secs(24 * 3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for EnsurePartitions {
    fn kind(&self) -> &'static str {
        PARTITIONS_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let created = self.0.ensure_partitions().await?;
        if created > 0 {
            tracing::info!(created, "application partitions created");
        }
        Ok(())
    }
}

/// A person deleted their account (`identity.account_deleted`): their active applications are
/// withdrawn (the companies stop seeing their CVs at once).
pub struct WithdrawOnAccountDeletion(pub HiringService);

#[async_trait]
impl JobHandler for WithdrawOnAccountDeletion {
    fn kind(&self) -> &'static str {
        ACCOUNT_DELETED
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let AccountEvent { user_id } = job.payload()?;
        let now = Utc::now();
        scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move {
                for row in store::active_applications_of_user(conn, user_id).await? {
                    let row = store::lock_application(conn, row.id, applied_at_of(row.id)?).await?;
                    if let Some(row) = row.filter(|row| row.status == Status::Active.as_str()) {
                        close_by_candidate(conn, &row, None, now).await?;
                    }
                }
                Ok::<_, AppError>(())
            }
            .scope_boxed()
        })
        .await?;
        Ok(())
    }
}

/// A placement fee was paid (`billing.placement_fee_paid`): the network application says so.
pub struct MarkPlacementFeesPaid(pub HiringService);

#[async_trait]
impl JobHandler for MarkPlacementFeesPaid {
    fn kind(&self) -> &'static str {
        PLACEMENT_FEE_PAID
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let PlacementFeePaid { placement_id, .. } = job.payload()?;
        let now = Utc::now();
        scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::mark_fee_paid(conn, placement_id, now).await?) }.scope_boxed()
        })
        .await?;
        Ok(())
    }
}

/// A person took back the talent network's consent elsewhere (`identity.consent_withdrawn`, from
/// their consents page): they leave the network and their CVs stop being discoverable, as when
/// they leave it themselves.
pub struct LeaveNetworkOnConsentWithdrawal(pub HiringService);

#[async_trait]
impl JobHandler for LeaveNetworkOnConsentWithdrawal {
    fn kind(&self) -> &'static str {
        CONSENT_WITHDRAWN
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let ConsentEvent { user_id, purpose } = job.payload()?;
        if ConsentPurpose::parse(&purpose) != Some(ConsentPurpose::TalentNetwork) {
            return Ok(());
        }
        let now = Utc::now();
        scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move {
                if let Some(mut row) = store::profile_of_user(conn, user_id).await?
                    && row.status != ProfileStatus::Removed.as_str()
                {
                    row.status = ProfileStatus::Removed.as_str().into();
                    row.updated_at = now;
                    store::save_profile(conn, &row).await?;
                }
                cv::sharing::hide_discoverable(conn, user_id, now).await
            }
            .scope_boxed()
        })
        .await?;
        Ok(())
    }
}
