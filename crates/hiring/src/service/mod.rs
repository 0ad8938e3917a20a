//! Hiring use cases: people apply and withdraw; companies list, read, move, rate, tag, assign and
//! note applications, shape each job's pipeline, choose blind review and write their messages.
//! Company actions are authorised by the caller's membership as it is now (identity reads it in
//! the same transaction), and every row is the company's by row-level security.

mod background;
mod candidates;
mod challenges;
mod company;
mod export;
mod external;
mod network;
mod notes;
mod personal_data;
mod pipeline;
mod scorecards;
mod shared_cv;
mod technical;
mod views;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use cv::CvService;
use kernel::db::{DbConn, DbPool};
use kernel::{AppError, AppResult};
use matching::MatchingService;
use uuid::Uuid;

pub use background::{
    EnsurePartitions, LeaveNetworkOnConsentWithdrawal, MarkPlacementFeesPaid, NotifyCandidates,
    WithdrawOnAccountDeletion,
};
pub use candidates::{Answer, ApplicationRequest};
pub use challenges::{ChallengeInput, ChallengeQuery, ChallengeTemplate, ChallengeTemplateChange, ProgrammingLanguage};
pub use company::{HiringSettings, PipelineInput, SettingsChange, TemplateInput};
pub use export::ExportQuery;
pub use external::{
    CandidateApplication, CandidateApplicationRequest, CandidateChange, CandidateCv, CandidateFile, CandidateQuery,
    CvStatus, ExternalCandidate, ExternalCandidateDetail, NewCandidate, READ_CV_JOB, ReadCandidateCvs,
};
pub use network::{
    Availability, Consent, ContactRequest, NetworkApplication, NetworkChange, NetworkQuery, OwnProfile, ProfileChange,
    ProfileSkillView, ProspectInput, RemotePreference, TalentProfile, TalentProfileInput,
};
pub use notes::NewNote;
pub use personal_data::HiringPersonalData;
pub use pipeline::{
    ApplicationChange, ApplicationDetail, BulkChange, BulkOutcome, JobApplications, ListQuery, Rejection, Skipped,
    SortKey, StageCount,
};
pub use scorecards::{
    ApplicationScorecards, CriterionAggregate, CriterionView, EvaluationInput, JobScorecard, RecommendationCounts,
    ScoreInput, ScoreView, Scorecard, ScorecardAggregate, ScorecardInput,
};
pub use technical::{NewTechnicalEvaluation, TechnicalEvaluation, TechnicalEvaluationChange};
pub use views::{
    AnswerView, Application, CandidateView, HistoryEntry, MyApplication, MyHistoryEntry, Note, Pipeline, Template,
};

use crate::domain::blind::BlindReview;
use crate::domain::pipeline::{Stage, default_stages};
use crate::store::{self, PipelineRow};

/// The kind of the job that writes to a candidate after their application moved.
pub const NOTIFY_JOB: &str = "hiring.notify_candidate";
/// The kind of the scheduled job that creates the coming months' partitions.
pub const PARTITIONS_JOB: &str = "hiring.ensure_partitions";
/// How many months ahead partitions exist.
const PARTITIONS_AHEAD: i32 = 3;

#[derive(Clone)]
pub struct HiringService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    /// The CV context's public API: the applicant's CV profile, and shared CVs' files.
    cv: CvService,
    /// The matching context's public API: the posting and the screening score.
    matching: MatchingService,
    /// Mails to candidates (sent by the job worker, after the change committed).
    mailer: Arc<dyn platform::mail::Mailer>,
    /// Where an invitation to the talent network sends people (the web app's sign-up).
    join_url: String,
}

impl HiringService {
    pub fn new(
        pool: DbPool,
        cv: CvService,
        matching: MatchingService,
        mailer: Arc<dyn platform::mail::Mailer>,
        public_web_url: &str,
    ) -> Self {
        let join_url = format!("{}/registro?red=talento", public_web_url.trim_end_matches('/'));
        Self { inner: Arc::new(Inner { pool, cv, matching, mailer, join_url }) }
    }
}

/// The month an application is filed under: the time in its id (a UUID v7, to the millisecond).
/// An id that is not a v7 names no application (404).
pub fn applied_at_of(id: Uuid) -> AppResult<DateTime<Utc>> {
    let (secs, nanos) = id.get_timestamp().ok_or(AppError::NotFound("application"))?.to_unix();
    let millis = i64::try_from(secs).ok().and_then(|s| s.checked_mul(1000)).ok_or(AppError::NotFound("application"))?
        + i64::from(nanos / 1_000_000);
    Utc.timestamp_millis_opt(millis).single().ok_or(AppError::NotFound("application"))
}

/// The company's posting `job_id`; 404 for another company's or none.
async fn company_job(conn: &mut DbConn, tenant_id: Uuid, job_id: Uuid) -> AppResult<matching::JobBrief> {
    matching::company_job(conn, tenant_id, job_id).await?.ok_or(AppError::NotFound("job"))
}

/// The job's stages, made from the defaults on first use.
async fn stages_of(conn: &mut DbConn, tenant_id: Uuid, job_id: Uuid) -> AppResult<Vec<Stage>> {
    if let Some(row) = store::pipeline_of(conn, job_id).await? {
        return Ok(parse_stages(&row));
    }
    let stages = default_stages();
    let row = PipelineRow {
        job_id,
        tenant_id,
        stages: serde_json::to_value(&stages).map_err(|e| AppError::Internal(e.to_string()))?,
        updated_at: Utc::now(),
    };
    store::create_pipeline(conn, &row).await?;
    Ok(store::pipeline_of(conn, job_id).await?.map_or(stages, |row| parse_stages(&row)))
}

fn parse_stages(row: &PipelineRow) -> Vec<Stage> {
    serde_json::from_value(row.stages.clone()).unwrap_or_else(|_| default_stages())
}

/// The company's blind-review rule (off until it turns it on).
async fn blind_rule(conn: &mut DbConn, tenant_id: Uuid) -> AppResult<BlindReview> {
    Ok(store::settings_of(conn, tenant_id).await?.map_or(
        BlindReview { enabled: false, reveal_stage: "interview".into() },
        |row| BlindReview { enabled: row.blind_review, reveal_stage: row.reveal_stage },
    ))
}

/// Text a person sent: trimmed, within `max` characters, none of them control characters.
fn checked_text(field: &str, text: &str, max: usize) -> AppResult<String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(AppError::invalid(field, "too_long", format!("at most {max} characters")));
    }
    if kernel::input::has_control_character(text) {
        return Err(AppError::invalid(field, "invalid", "must not contain control characters"));
    }
    Ok(text.to_owned())
}

/// An email address a person sent: checked as text, one `@` between two non-empty parts, no
/// spaces; lower-cased, as addresses are compared.
fn checked_email(field: &str, email: &str) -> AppResult<String> {
    let email = checked_text(field, email, 320)?.to_lowercase();
    let well_formed = email.split('@').count() == 2
        && !email.starts_with('@')
        && !email.ends_with('@')
        && !email.chars().any(char::is_whitespace);
    if !well_formed || email.chars().count() > 320 {
        return Err(AppError::invalid(field, "invalid", "not an email address"));
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_compared_lower_cased_and_must_be_addresses() {
        assert_eq!(checked_email("email", " Ana.Perez@Correo.PE ").unwrap(), "ana.perez@correo.pe");
        for bad in ["ana", "@correo.pe", "ana@", "ana@@correo.pe", "ana perez@correo.pe", "a@b@c"] {
            assert!(checked_email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_application_is_filed_under_the_millisecond_of_its_id() {
        let id = kernel::ids::new_id();
        let at = applied_at_of(id).unwrap();
        assert!((Utc::now() - at).num_seconds().abs() < 5);
        assert_eq!(at.timestamp_subsec_nanos() % 1_000_000, 0);
        assert!(matches!(
            applied_at_of(Uuid::parse_str("9b2a0c1e-8f3d-4c55-9a1b-2c3d4e5f6a7b").unwrap()),
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(applied_at_of(Uuid::nil()), Err(AppError::NotFound(_))));
    }
}
