//! A job's applications as CSV (a spreadsheet for the hiring team), with blind review applied as in
//! every other view.

use kernel::auth::AuthUser;
use kernel::{AppError, AppResult};
use uuid::Uuid;

use serde::Deserialize;
use utoipa::IntoParams;

use super::pipeline::{ListQuery, SortKey};
use super::{Application, HiringService};
use crate::domain::applications::Status;

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

const COLUMNS: [&str; 14] = [
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
];

/// One CSV field, quoted when it must be (RFC 4180), and never a formula a spreadsheet would run.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn line(application: &Application) -> String {
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
            for application in &page.items {
                csv.push_str(&line(application));
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
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+51 987"), "'+51 987");
    }
}
