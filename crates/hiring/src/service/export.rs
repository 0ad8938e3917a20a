//! A job's applications as CSV (a spreadsheet for the hiring team), with blind review applied as in
//! every other view.

use std::collections::HashMap;

use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::pipeline::{ListQuery, SortKey};
use super::scorecards::{Scorecard, ScorecardAggregate, aggregate_view, scorecard_views};
use super::{Application, HiringService, company_job};
use crate::domain::applications::Status;
use crate::store;

/// The most rows an export holds.
const MAX_ROWS: usize = 10_000;

/// Which of a job's applications to export (as the list filters them).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    #[param(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub stage: Option<String>,
    #[param(inline)]
    pub status: Option<Status>,
    #[param(min_length = 1, max_length = 40)]
    pub tag: Option<String>,
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// `score` (default) or `applied_at`.
    #[param(inline)]
    pub sort: Option<SortKey>,
}

/// An application's scorecards and what they say together.
type Evaluations = (Vec<Scorecard>, ScorecardAggregate);

const COLUMNS: [&str; 17] = [
    "application_id",
    "applied_at",
    "status",
    "stage",
    "candidate",
    "email",
    "phone",
    "headline",
    "score",
    "rating",
    "tags",
    "rejection_reason",
    "cv_id",
    "source",
    "scorecard_overall",
    "recommendations",
    "evaluations",
];

/// One CSV field, quoted when it must be (RFC 4180), and never a formula a spreadsheet would run.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The recommendations given, most favourable first: "strong_yes 1; yes 2".
fn recommendations(aggregate: &ScorecardAggregate) -> String {
    let counts = &aggregate.recommendations;
    [("strong_yes", counts.strong_yes), ("yes", counts.yes), ("no", counts.no), ("strong_no", counts.strong_no)]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{name} {n}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each evaluator's word, in one cell: "Ana Pérez (yes): Sólida en NIIF. NIIF 5/5 (domina NIC 16);
/// Excel 3/5 | Luis Soto (no): …".
fn evaluations(cards: &[Scorecard]) -> String {
    let card = |card: &Scorecard| {
        let name = card.evaluator_name.as_deref().unwrap_or("(former member)");
        let mut text = format!("{name} ({})", card.recommendation.as_str());
        if let Some(comment) = &card.comment {
            text.push_str(&format!(": {comment}"));
        }
        let scores: Vec<String> = card
            .scores
            .iter()
            .filter(|score| !score.retired)
            .map(|score| match &score.comment {
                Some(comment) => format!("{} {}/5 ({comment})", score.criterion_name, score.score),
                None => format!("{} {}/5", score.criterion_name, score.score),
            })
            .collect();
        if !scores.is_empty() {
            text.push_str(&format!(". {}", scores.join("; ")));
        }
        text
    };
    cards.iter().map(card).collect::<Vec<_>>().join(" | ")
}

fn line(application: &Application, evaluated: Option<&Evaluations>) -> String {
    let candidate = &application.candidate;
    let values = [
        application.id.to_string(),
        application.applied_at.to_rfc3339(),
        format!("{:?}", application.status).to_lowercase(),
        application.stage.clone(),
        candidate.display_name.clone(),
        candidate.email.clone().unwrap_or_default(),
        candidate.phone.clone().unwrap_or_default(),
        candidate.headline.clone().unwrap_or_default(),
        format!("{:.3}", application.score),
        application.rating.map(|r| r.to_string()).unwrap_or_default(),
        application.tags.join("; "),
        application.rejection_reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        application.cv_id.map(|id| id.to_string()).unwrap_or_default(),
        application.source.clone(),
        evaluated
            .and_then(|(_, aggregate)| aggregate.overall)
            .map(|overall| format!("{overall:.2}"))
            .unwrap_or_default(),
        evaluated.map(|(_, aggregate)| recommendations(aggregate)).unwrap_or_default(),
        evaluated.map(|(cards, _)| evaluations(cards)).unwrap_or_default(),
    ];
    values.iter().map(|v| field(v)).collect::<Vec<_>>().join(",")
}

impl HiringService {
    /// The job's applications (as `query` filters them, best score first) as CSV.
    pub async fn export_applications(&self, auth: &AuthUser, job_id: Uuid, export: ExportQuery) -> AppResult<String> {
        let mut query = ListQuery {
            stage: export.stage,
            status: export.status,
            tag: export.tag,
            q: export.q,
            sort: Some(export.sort.unwrap_or(SortKey::Score)),
            limit: Some(100),
            cursor: None,
        };
        let mut csv = COLUMNS.join(",") + "\r\n";
        let mut rows = 0;
        loop {
            let page = self.job_applications(auth, job_id, query.clone()).await?;
            let ids: Vec<Uuid> = page.items.iter().map(|application| application.id).collect();
            let evaluated = self.evaluations_of(auth, job_id, &ids).await?;
            for application in &page.items {
                csv.push_str(&line(application, evaluated.get(&application.id)));
                csv.push_str("\r\n");
                rows += 1;
            }
            match page.next_cursor {
                Some(cursor) if rows < MAX_ROWS => query.cursor = Some(cursor),
                Some(_) => {
                    return Err(AppError::Conflict(format!(
                        "more than {MAX_ROWS} applications: narrow the export with stage, status, tag or q"
                    )));
                }
                None => return Ok(csv),
            }
        }
    }

    /// The scorecards of some of job `job_id`'s applications with their aggregates, by
    /// application (members who read candidates); an application nobody evaluated is absent.
    async fn evaluations_of(
        &self,
        auth: &AuthUser,
        job_id: Uuid,
        application_ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Evaluations>> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_job(conn, tenant_id, job_id).await?;
                let criteria = store::criteria_of(conn, job_id).await?;
                let rows = store::scorecards_of_applications(conn, application_ids).await?;
                let mut by_application: HashMap<Uuid, Vec<Scorecard>> = HashMap::new();
                for card in scorecard_views(conn, rows, &criteria).await? {
                    by_application.entry(card.application_id).or_default().push(card);
                }
                Ok(by_application
                    .into_iter()
                    .map(|(id, cards)| {
                        let aggregate = aggregate_view(&criteria, &cards);
                        (id, (cards, aggregate))
                    })
                    .collect())
            }
            .scope_boxed()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::{evaluations, field, recommendations};
    use crate::domain::evaluations::Recommendation;
    use crate::service::scorecards::{RecommendationCounts, ScoreView, Scorecard, ScorecardAggregate};

    fn card(
        name: Option<&str>,
        recommendation: Recommendation,
        comment: Option<&str>,
        scores: &[(&str, i16, Option<&str>, bool)],
    ) -> Scorecard {
        Scorecard {
            id: Uuid::nil(),
            application_id: Uuid::nil(),
            evaluator_id: None,
            evaluator_name: name.map(str::to_owned),
            recommendation,
            comment: comment.map(str::to_owned),
            scores: scores
                .iter()
                .map(|&(criterion, score, comment, retired)| ScoreView {
                    criterion_id: Uuid::nil(),
                    criterion_name: criterion.to_owned(),
                    score,
                    comment: comment.map(str::to_owned),
                    retired,
                })
                .collect(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn evaluators_are_quoted_with_their_scores_and_retired_criteria_left_out() {
        let cards = [
            card(
                Some("Ana Pérez"),
                Recommendation::Yes,
                Some("Sólida"),
                &[("NIIF", 5, Some("NIC 16"), false), ("Excel", 3, None, false)],
            ),
            card(None, Recommendation::StrongNo, None, &[("Inglés", 2, None, true)]),
        ];
        assert_eq!(
            evaluations(&cards),
            "Ana Pérez (yes): Sólida. NIIF 5/5 (NIC 16); Excel 3/5 | (former member) (strong_no)"
        );
        let aggregate = ScorecardAggregate {
            evaluators: 3,
            overall: Some(3.5),
            criteria: Vec::new(),
            recommendations: RecommendationCounts { strong_no: 1, no: 0, yes: 2, strong_yes: 0 },
        };
        assert_eq!(recommendations(&aggregate), "yes 2; strong_no 1");
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+51 987"), "'+51 987");
    }
}
