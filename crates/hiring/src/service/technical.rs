//! Technical evaluations: a candidate's code for a challenge (a repository, a commit, a pull
//! request), how good it is (code quality, test coverage) and who reviewed it. Members who manage
//! candidates record them; the reviewer records their review; every member who reads candidates
//! reads them. The candidate never sees them.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::pipeline::company_application;
use super::{HiringService, applied_at_of};
use crate::domain::evaluations::{
    Checks, EvaluationStatus, Provider, check_move, check_requirements, checked_sha, checked_url, optional_text,
    provider,
};
use crate::store::{self, TechnicalRow};

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

/// The checked values of a technical evaluation's fields (`None`: not sent).
#[derive(Debug, Default)]
struct Fields {
    repository_url: Option<Option<String>>,
    commit_sha: Option<Option<String>>,
    pr_url: Option<Option<String>>,
    code_quality_score: Option<Option<i16>>,
    test_coverage: Option<Option<Decimal>>,
    notes: Option<Option<String>>,
}

impl Fields {
    fn checked(change: &TechnicalEvaluationChange) -> AppResult<Fields> {
        let mut checks = Checks::default();
        let mut url = |field: &str, value: &Option<Option<String>>| -> Option<Option<String>> {
            value.as_ref().map(|v| v.as_deref().and_then(|url| checks.take(checked_url(field, url).map(Some))))
        };
        let repository_url = url("repository_url", &change.repository_url);
        let pr_url = url("pr_url", &change.pr_url);
        let commit_sha = change
            .commit_sha
            .as_ref()
            .map(|v| v.as_deref().and_then(|sha| checks.take(checked_sha("commit_sha", sha).map(Some))));
        if let Some(Some(score)) = change.code_quality_score
            && !(0..=100).contains(&score)
        {
            checks.fail("code_quality_score", "out_of_range", "a score is 0 to 100");
        }
        let test_coverage = change.test_coverage.map(|v| {
            v.and_then(|coverage| match Decimal::from_f64(coverage) {
                Some(percent) if (0.0..=100.0).contains(&coverage) => Some(percent.round_dp(2)),
                _ => {
                    checks.fail("test_coverage", "out_of_range", "a percentage, 0 to 100");
                    None
                }
            })
        });
        let notes = change.notes.as_ref().map(|v| checks.take(optional_text("notes", v.as_deref(), NOTES_CHARS)));
        checks.done()?;
        Ok(Fields {
            repository_url,
            commit_sha,
            pr_url,
            code_quality_score: change.code_quality_score,
            test_coverage,
            notes,
        })
    }

    /// Writes the fields sent over `row`.
    fn apply(self, row: &mut TechnicalRow) {
        if let Some(url) = self.repository_url {
            row.repository_url = url;
        }
        if let Some(sha) = self.commit_sha {
            row.commit_sha = sha;
        }
        if let Some(url) = self.pr_url {
            row.pr_url = url;
        }
        if let Some(score) = self.code_quality_score {
            row.code_quality_score = score;
        }
        if let Some(coverage) = self.test_coverage {
            row.test_coverage = coverage;
        }
        if let Some(notes) = self.notes {
            row.notes = notes;
        }
    }
}

impl From<&NewTechnicalEvaluation> for TechnicalEvaluationChange {
    fn from(new: &NewTechnicalEvaluation) -> Self {
        TechnicalEvaluationChange {
            repository_url: new.repository_url.clone().map(Some),
            commit_sha: new.commit_sha.clone().map(Some),
            pr_url: new.pr_url.clone().map(Some),
            code_quality_score: new.code_quality_score.map(Some),
            test_coverage: new.test_coverage.map(Some),
            reviewer_id: new.reviewer_id.map(Some),
            notes: new.notes.clone().map(Some),
            status: new.status,
        }
    }
}

/// Moves `row` to `status` (if it changes), checks what that status needs, and stamps the move.
/// A review without a reviewer is the caller's.
fn settle(row: &mut TechnicalRow, status: EvaluationStatus, actor: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    let from = EvaluationStatus::parse(&row.status).unwrap_or(EvaluationStatus::Pending);
    check_move(from, status)?;
    check_requirements(status, row.repository_url.is_some(), row.code_quality_score.is_some())?;
    if status != from {
        match status {
            EvaluationStatus::Pending => {}
            EvaluationStatus::Submitted => {
                row.submitted_at = Some(now);
                row.reviewed_at = None;
            }
            EvaluationStatus::Reviewed => {
                row.submitted_at = row.submitted_at.or(Some(now));
                row.reviewed_at = Some(now);
            }
        }
    }
    if status == EvaluationStatus::Reviewed && row.reviewer_id.is_none() {
        row.reviewer_id = Some(actor);
    }
    row.status = status.as_str().to_owned();
    row.updated_at = now;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::evaluations::{LANGUAGE_PATTERN, SHA_PATTERN, URL_PATTERN};

    fn row() -> TechnicalRow {
        let now = Utc::now();
        TechnicalRow {
            id: Uuid::nil(),
            application_id: Uuid::nil(),
            applied_at: now,
            tenant_id: Uuid::nil(),
            challenge_template_id: None,
            repository_url: None,
            commit_sha: None,
            pr_url: None,
            code_quality_score: None,
            test_coverage: None,
            reviewer_id: None,
            notes: None,
            status: "pending".into(),
            created_by: None,
            created_at: now,
            updated_at: now,
            submitted_at: None,
            reviewed_at: None,
        }
    }

    fn fields_of(error: AppError) -> Vec<String> {
        match error {
            AppError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn every_bad_field_is_named() {
        let change = TechnicalEvaluationChange {
            repository_url: Some(Some("http://github.com/ana/x".into())),
            commit_sha: Some(Some("xyz1234".into())),
            pr_url: Some(Some(format!("https://github.com/{}", "p".repeat(490)))),
            code_quality_score: Some(Some(101)),
            test_coverage: Some(Some(100.01)),
            notes: Some(Some("n".repeat(5001))),
            ..Default::default()
        };
        assert_eq!(
            fields_of(Fields::checked(&change).unwrap_err()),
            ["repository_url", "pr_url", "commit_sha", "code_quality_score", "test_coverage", "notes"]
        );
        let negative = TechnicalEvaluationChange { test_coverage: Some(Some(-0.5)), ..Default::default() };
        assert_eq!(fields_of(Fields::checked(&negative).unwrap_err()), ["test_coverage"]);
    }

    #[test]
    fn values_are_normalised_and_null_clears() {
        let change = TechnicalEvaluationChange {
            repository_url: Some(Some("https://github.com/ana/inventario".into())),
            commit_sha: Some(Some("ABCDEF1".into())),
            pr_url: Some(None),
            test_coverage: Some(Some(87.456)),
            notes: Some(Some("   ".into())),
            ..Default::default()
        };
        let mut target = row();
        target.pr_url = Some("https://github.com/ana/inventario/pull/1".into());
        target.notes = Some("old".into());
        Fields::checked(&change).unwrap().apply(&mut target);
        assert_eq!(target.commit_sha.as_deref(), Some("abcdef1"));
        assert_eq!(target.pr_url, None);
        assert_eq!(target.notes, None);
        assert_eq!(target.test_coverage, Some(Decimal::new(8746, 2)));
        assert_eq!(technical_view(target).repository_provider, Some(Provider::Github));
    }

    #[test]
    fn moves_stamp_their_times_and_a_review_without_reviewer_is_the_callers() {
        let (actor, now) = (Uuid::from_u128(7), Utc::now());
        let mut evaluation = row();
        assert!(matches!(
            settle(&mut evaluation, EvaluationStatus::Submitted, actor, now),
            Err(AppError::Validation(_))
        ));
        evaluation.repository_url = Some("https://gitlab.com/ana/x".into());
        settle(&mut evaluation, EvaluationStatus::Submitted, actor, now).unwrap();
        assert_eq!((evaluation.status.as_str(), evaluation.submitted_at), ("submitted", Some(now)));
        assert!(matches!(
            settle(&mut evaluation, EvaluationStatus::Reviewed, actor, now),
            Err(AppError::Validation(_))
        ));
        evaluation.code_quality_score = Some(80);
        settle(&mut evaluation, EvaluationStatus::Reviewed, actor, now).unwrap();
        assert_eq!((evaluation.reviewer_id, evaluation.reviewed_at), (Some(actor), Some(now)));
        assert!(matches!(settle(&mut evaluation, EvaluationStatus::Pending, actor, now), Err(AppError::Conflict(_))));
        settle(&mut evaluation, EvaluationStatus::Submitted, actor, now).unwrap();
        assert_eq!(evaluation.reviewed_at, None, "reopened for a new commit");
    }

    #[test]
    fn the_documented_patterns_are_the_enforced_ones() {
        let schema = |value: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| {
            serde_json::to_value(value).unwrap().to_string()
        };
        let new = schema(<NewTechnicalEvaluation as utoipa::PartialSchema>::schema());
        let change = schema(<TechnicalEvaluationChange as utoipa::PartialSchema>::schema());
        for pattern in [URL_PATTERN, SHA_PATTERN] {
            let quoted = serde_json::to_string(pattern).unwrap();
            assert!(new.contains(&quoted) && change.contains(&quoted), "{pattern}");
        }
        // Merged with every context's components, so under a name no other context uses.
        use utoipa::OpenApi;
        let document = serde_json::to_value(crate::http::HiringApi::openapi()).unwrap();
        let languages = &document["components"]["schemas"]["ChallengeInput"]["properties"]["languages"]["items"];
        assert_eq!(languages["$ref"], "#/components/schemas/ProgrammingLanguage");
        let language = &document["components"]["schemas"]["ProgrammingLanguage"];
        assert_eq!(language["pattern"], LANGUAGE_PATTERN, "{language}");
    }
}
