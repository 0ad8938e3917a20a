//! What a technical evaluation's request may say: its fields checked and normalised, and the
//! moves between its states with the times they stamp.

use chrono::{DateTime, Utc};
use kernel::AppResult;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use uuid::Uuid;

use super::{NOTES_CHARS, NewTechnicalEvaluation, TechnicalEvaluationChange};
use crate::domain::evaluations::{
    Checks, EvaluationStatus, check_move, check_requirements, checked_sha, checked_url, optional_text,
};
use crate::store::TechnicalRow;

/// The checked values of a technical evaluation's fields (`None`: not sent).
#[derive(Debug, Default)]
pub(super) struct Fields {
    repository_url: Option<Option<String>>,
    commit_sha: Option<Option<String>>,
    pr_url: Option<Option<String>>,
    code_quality_score: Option<Option<i16>>,
    test_coverage: Option<Option<Decimal>>,
    notes: Option<Option<String>>,
}

impl Fields {
    pub(super) fn checked(change: &TechnicalEvaluationChange) -> AppResult<Fields> {
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
    pub(super) fn apply(self, row: &mut TechnicalRow) {
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
pub(super) fn settle(
    row: &mut TechnicalRow,
    status: EvaluationStatus,
    actor: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
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

#[cfg(test)]
mod tests {
    use kernel::AppError;

    use super::super::technical_view;
    use super::*;
    use crate::domain::evaluations::{LANGUAGE_PATTERN, Provider, SHA_PATTERN, URL_PATTERN};

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
