//! Technical evaluations: a candidate's code for a challenge (a repository, a commit, a pull
//! request), how good it is (code quality, test coverage) and who reviewed it. Members who manage
//! candidates record them; the reviewer records their review; every member who reads candidates
//! reads them. The candidate never sees them.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::pipeline::company_application;
use super::{HiringService, applied_at_of};
use crate::domain::evaluations::{EvaluationStatus, Provider, provider};
use crate::store::{self, TechnicalRow};

mod fields;

use fields::{Fields, settle};

const NOTES_CHARS: usize = 5000;
/// Technical evaluations one application may have.
const MAX_PER_APPLICATION: i64 = 20;

/// A technical evaluation to record.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTechnicalEvaluation {
    /// The challenge set: one of your company's templates or a public one (its use is counted).
    pub challenge_template_id: Option<Uuid>,
    /// The candidate's repository: an https URL (GitHub, GitLab, Bitbucket or any named host).
    #[schema(
        max_length = 500,
        pattern = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$"
    )]
    pub repository_url: Option<String>,
    /// The commit reviewed: 7 to 40 hexadecimal digits.
    #[schema(pattern = "^[0-9a-fA-F]{7,40}$")]
    pub commit_sha: Option<String>,
    /// The pull (merge) request with the solution: an https URL.
    #[schema(
        max_length = 500,
        pattern = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$"
    )]
    pub pr_url: Option<String>,
    /// 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub code_quality_score: Option<i16>,
    /// Percent of lines the candidate's tests cover, 0 to 100 (kept to two decimals).
    #[schema(minimum = 0, maximum = 100)]
    pub test_coverage: Option<f64>,
    /// A member of your company (a `reviewed` evaluation without one is the caller's).
    pub reviewer_id: Option<Uuid>,
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
    /// `pending` (default): waiting for the candidate; `submitted` needs `repository_url`;
    /// `reviewed` also needs `code_quality_score`.
    pub status: Option<EvaluationStatus>,
}

/// What changes in a technical evaluation; fields left out stay, null clears them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicalEvaluationChange {
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 500, pattern = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$")]
    pub repository_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, pattern = "^[0-9a-fA-F]{7,40}$")]
    pub commit_sha: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 500, pattern = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$")]
    pub pr_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<i16>, nullable, minimum = 0, maximum = 100)]
    pub code_quality_score: Option<Option<i16>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<f64>, nullable, minimum = 0, maximum = 100)]
    pub test_coverage: Option<Option<f64>>,
    /// A member of your company (only members who manage candidates change it).
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub reviewer_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 5000)]
    pub notes: Option<Option<String>>,
    /// pending → submitted → reviewed; reviewed → submitted reopens it for a new commit.
    pub status: Option<EvaluationStatus>,
}

/// A technical evaluation, as the company reads it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TechnicalEvaluation {
    pub id: Uuid,
    pub application_id: Uuid,
    /// None when no template was used, or the company deleted its template since.
    pub challenge_template_id: Option<Uuid>,
    pub repository_url: Option<String>,
    /// Where the repository lives.
    pub repository_provider: Option<Provider>,
    pub commit_sha: Option<String>,
    pub pr_url: Option<String>,
    pub code_quality_score: Option<i16>,
    pub test_coverage: Option<f64>,
    pub reviewer_id: Option<Uuid>,
    pub notes: Option<String>,
    pub status: EvaluationStatus,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

fn technical_view(row: TechnicalRow) -> TechnicalEvaluation {
    TechnicalEvaluation {
        id: row.id,
        application_id: row.application_id,
        challenge_template_id: row.challenge_template_id,
        repository_provider: row.repository_url.as_deref().map(provider),
        repository_url: row.repository_url,
        commit_sha: row.commit_sha,
        pr_url: row.pr_url,
        code_quality_score: row.code_quality_score,
        test_coverage: row.test_coverage.and_then(|c| c.to_f64()),
        reviewer_id: row.reviewer_id,
        notes: row.notes,
        status: EvaluationStatus::parse(&row.status).unwrap_or(EvaluationStatus::Pending),
        created_by: row.created_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        submitted_at: row.submitted_at,
        reviewed_at: row.reviewed_at,
    }
}

/// A reviewer must be a member of the company (a fellow member's account is readable).
async fn check_reviewer(conn: &mut DbConn, reviewer: Option<Uuid>) -> AppResult<()> {
    if let Some(reviewer) = reviewer
        && identity::contact(conn, reviewer).await?.is_none()
    {
        return Err(AppError::Conflict("reviewer_id is not a member of your company".into()));
    }
    Ok(())
}

impl HiringService {
    /// Records a technical evaluation of an application (members who manage candidates); a
    /// template's use is counted in the same transaction.
    pub async fn add_technical_evaluation(
        &self,
        auth: &AuthUser,
        application_id: Uuid,
        new: NewTechnicalEvaluation,
    ) -> AppResult<TechnicalEvaluation> {
        let applied_at = applied_at_of(application_id)?;
        let fields = Fields::checked(&TechnicalEvaluationChange::from(&new))?;
        let (actor, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                let application = company_application(conn, tenant_id, application_id, applied_at, true).await?;
                if application.status == "withdrawn" {
                    return Err(AppError::Conflict("the candidate withdrew this application".into()));
                }
                if store::count_technicals(conn, application_id).await? >= MAX_PER_APPLICATION {
                    return Err(AppError::Conflict(format!(
                        "an application has at most {MAX_PER_APPLICATION} technical evaluations"
                    )));
                }
                check_reviewer(conn, new.reviewer_id).await?;
                let mut row = TechnicalRow {
                    id: new_id(),
                    application_id,
                    applied_at,
                    tenant_id,
                    challenge_template_id: new.challenge_template_id,
                    repository_url: None,
                    commit_sha: None,
                    pr_url: None,
                    code_quality_score: None,
                    test_coverage: None,
                    reviewer_id: new.reviewer_id,
                    notes: None,
                    status: EvaluationStatus::Pending.as_str().to_owned(),
                    created_by: Some(actor),
                    created_at: now,
                    updated_at: now,
                    submitted_at: None,
                    reviewed_at: None,
                };
                fields.apply(&mut row);
                // A new evaluation may start at any status whose requirements it meets.
                let status = new.status.unwrap_or(EvaluationStatus::Pending);
                if status == EvaluationStatus::Reviewed {
                    settle(&mut row, EvaluationStatus::Submitted, actor, now)?;
                }
                settle(&mut row, status, actor, now)?;
                if let Some(template_id) = new.challenge_template_id
                    && !store::use_challenge(conn, template_id).await?
                {
                    return Err(AppError::Conflict(
                        "challenge_template_id is not one of your company's challenge templates nor a public one"
                            .into(),
                    ));
                }
                store::insert_technical(conn, &row).await?;
                Ok(technical_view(row))
            }
            .scope_boxed()
        })
        .await
    }

    /// An application's technical evaluations, oldest first (members who read candidates).
    pub async fn technical_evaluations(
        &self,
        auth: &AuthUser,
        application_id: Uuid,
    ) -> AppResult<Vec<TechnicalEvaluation>> {
        let applied_at = applied_at_of(application_id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_application(conn, tenant_id, application_id, applied_at, false).await?;
                Ok(store::technicals_of(conn, application_id).await?.into_iter().map(technical_view).collect())
            }
            .scope_boxed()
        })
        .await
    }

    /// One technical evaluation (members who read candidates).
    pub async fn technical_evaluation(&self, auth: &AuthUser, id: Uuid) -> AppResult<TechnicalEvaluation> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                let row = store::technical(conn, id, false)
                    .await?
                    .filter(|row| row.tenant_id == tenant_id)
                    .ok_or(AppError::NotFound("technical evaluation"))?;
                Ok(technical_view(row))
            }
            .scope_boxed()
        })
        .await
    }

    /// Changes a technical evaluation: members who manage candidates, or its reviewer (who may
    /// not hand the review to someone else).
    pub async fn change_technical_evaluation(
        &self,
        auth: &AuthUser,
        id: Uuid,
        change: TechnicalEvaluationChange,
    ) -> AppResult<TechnicalEvaluation> {
        let fields = Fields::checked(&change)?;
        let (actor, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::token_company(auth)?;
                let role = identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await?;
                let mut row = store::technical(conn, id, true)
                    .await?
                    .filter(|row| row.tenant_id == tenant_id)
                    .ok_or(AppError::NotFound("technical evaluation"))?;
                if !role.has(Permission::CandidatesManage) {
                    if row.reviewer_id != Some(actor) {
                        return Err(AppError::Forbidden(format!(
                            "your role ({}) may change only the technical evaluations you review",
                            role.as_str()
                        )));
                    }
                    if change.reviewer_id.is_some_and(|reviewer| reviewer != Some(actor)) {
                        return Err(AppError::Forbidden(
                            "only members who manage candidates choose the reviewer".into(),
                        ));
                    }
                }
                if let Some(reviewer) = change.reviewer_id {
                    check_reviewer(conn, reviewer).await?;
                    row.reviewer_id = reviewer;
                }
                fields.apply(&mut row);
                let status = change
                    .status
                    .unwrap_or_else(|| EvaluationStatus::parse(&row.status).unwrap_or(EvaluationStatus::Pending));
                settle(&mut row, status, actor, now)?;
                store::update_technical(conn, id, &row.change()).await?;
                Ok(technical_view(row))
            }
            .scope_boxed()
        })
        .await
    }
}
