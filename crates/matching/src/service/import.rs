//! Bulk ingestion of postings (partners' feeds, a company's ATS export): NDJSON, one posting per
//! line with its `external_id`, upserted by (source, external_id). Each line is all or nothing
//! (a savepoint): a bad line is reported with its number and errors and the others go in. A new
//! posting that repeats an active one (same company, same title and city, nearly the same
//! description) is folded into it instead of listed twice.

use chrono::Utc;
use diesel_async::AsyncConnection;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::error::FieldError;
use kernel::ids::new_id;
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MatchingService;
use super::posting_input::NewPosting;
use super::postings::{Origin, allow_one_more_posting, new_row, queue_vector};
use crate::domain::postings::{JobStatus, expiry_on_publish};
use crate::store;

/// Lines imported in one transaction: a crash loses at most this many, never half of one.
const CHUNK: usize = 200;
/// The longest line accepted (a posting's text is at most ~25 KB).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Who imports: a company member through the API, or the platform (the CLI) for a company or
/// for partners that are not companies here.
#[derive(Debug, Clone)]
pub enum Importer {
    Member(AuthUser),
    Platform { tenant_id: Option<Uuid> },
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    pub created: u64,
    pub updated: u64,
    /// New lines that repeated an active posting and were folded into it.
    pub folded: u64,
    pub failed: u64,
    /// The lines that failed (1-based), with why; at most the first 1,000.
    pub errors: Vec<LineError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LineError {
    pub line: u64,
    pub errors: Vec<FieldError>,
}

/// What became of a line, and the posting it wrote (none when folded into another).
enum Outcome {
    Created(Uuid),
    Updated(Uuid),
    Folded,
}

/// One line read: the posting, its id at the source, whether to publish it.
#[derive(Debug)]
struct Line {
    number: u64,
    external_id: String,
    publish: bool,
    posting: NewPosting,
}

fn field_errors(error: AppError) -> Vec<FieldError> {
    match error {
        AppError::Validation(errors) => errors,
        other => vec![FieldError::new("line", "refused", other.to_string())],
    }
}

/// Reads one NDJSON line: a posting object (as `POST /api/v1/jobs` takes it) plus `external_id`
/// (required) and `publish` (default true).
fn read_line(number: u64, text: &str) -> Result<Line, Vec<FieldError>> {
    let invalid = |field: &str, code: &str, message: &str| vec![FieldError::new(field, code, message)];
    if text.len() > MAX_LINE_BYTES {
        return Err(invalid("line", "too_long", "a line may hold at most 64 KiB"));
    }
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| invalid("line", "syntax", &format!("not JSON: {e}")))?;
    let Some(object) = value.as_object_mut() else {
        return Err(invalid("line", "type", "each line must be a JSON object"));
    };
    let external_id = match object.remove("external_id") {
        Some(serde_json::Value::String(id)) if (1..=200).contains(&id.trim().chars().count()) => id.trim().to_owned(),
        _ => return Err(invalid("external_id", "required", "a string of 1 to 200 characters")),
    };
    let publish = match object.remove("publish") {
        None => true,
        Some(serde_json::Value::Bool(publish)) => publish,
        Some(_) => return Err(invalid("publish", "type", "must be true or false")),
    };
    let posting: NewPosting = kernel::input::from_json_value(value).map_err(|error| {
        // A whole-object problem (a missing field) is the line's, not a request body's.
        let mut errors = field_errors(error);
        errors.iter_mut().filter(|e| e.field == "body").for_each(|e| e.field = "line".into());
        errors
    })?;
    Ok(Line { number, external_id, publish, posting })
}

impl MatchingService {
    /// Imports NDJSON `lines` under `source`, calling `progress` after each line.
    pub async fn import_postings(
        &self,
        importer: &Importer,
        source: &str,
        lines: impl IntoIterator<Item = String>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> AppResult<ImportReport> {
        if !source.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
            || !(1..=64).contains(&source.len())
        {
            return Err(AppError::invalid("source", "invalid", "1 to 64 of a-z, 0-9, _ . -"));
        }
        let mut report = ImportReport::default();
        let mut chunk: Vec<Line> = Vec::with_capacity(CHUNK);
        let mut number = 0;
        for text in lines {
            number += 1;
            if text.trim().is_empty() {
                continue;
            }
            match read_line(number, &text) {
                Ok(line) => chunk.push(line),
                Err(errors) => report.fail(number, errors),
            }
            if chunk.len() == CHUNK {
                self.import_chunk(importer, source, std::mem::take(&mut chunk), &mut report).await?;
                progress(number);
            }
        }
        self.import_chunk(importer, source, chunk, &mut report).await?;
        progress(number);
        self.board_changed().await;
        Ok(report)
    }

    async fn import_chunk(
        &self,
        importer: &Importer,
        source: &str,
        lines: Vec<Line>,
        report: &mut ImportReport,
    ) -> AppResult<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let scope = match importer {
            Importer::Member(auth) => auth.scope(),
            Importer::Platform { .. } => RequestScope::system(),
        };
        let outcomes = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let (tenant_id, created_by) = match importer {
                    Importer::Member(auth) => (
                        Some(identity::acting_company(conn, auth, Permission::JobsManage).await?),
                        Some(auth.user_id()),
                    ),
                    Importer::Platform { tenant_id } => (*tenant_id, None),
                };
                let mut outcomes = Vec::with_capacity(lines.len());
                for line in lines {
                    let number = line.number;
                    let outcome = conn
                        .transaction::<_, AppError, _>(async |conn| {
                            import_line(conn, tenant_id, created_by, source, line).await
                        })
                        .await;
                    outcomes.push((number, outcome));
                }
                let written: Vec<Uuid> = outcomes
                    .iter()
                    .filter_map(|(_, outcome)| match outcome {
                        Ok(Outcome::Created(id) | Outcome::Updated(id)) => Some(*id),
                        _ => None,
                    })
                    .collect();
                self.queue_index(conn, &written).await?;
                Ok::<_, AppError>(outcomes)
            }
            .scope_boxed()
        })
        .await?;
        for (number, outcome) in outcomes {
            match outcome {
                Ok(Outcome::Created(_)) => report.created += 1,
                Ok(Outcome::Updated(_)) => report.updated += 1,
                Ok(Outcome::Folded) => report.folded += 1,
                Err(error) => report.fail(number, field_errors(error)),
            }
        }
        Ok(())
    }
}

impl ImportReport {
    fn fail(&mut self, line: u64, errors: Vec<FieldError>) {
        self.failed += 1;
        if self.errors.len() < 1_000 {
            self.errors.push(LineError { line, errors });
        }
    }
}

/// Upserts one line inside its savepoint.
async fn import_line(
    conn: &mut DbConn,
    tenant_id: Option<Uuid>,
    created_by: Option<Uuid>,
    source: &str,
    line: Line,
) -> AppResult<Outcome> {
    let now = Utc::now();
    let content = line.posting.into_content(now)?;
    if let Some(known) = store::find_by_external(conn, source, &line.external_id).await? {
        if known.tenant_id != tenant_id {
            return Err(AppError::invalid("external_id", "taken", "another publisher's posting has this id"));
        }
        if known.status == JobStatus::Closed.as_str() {
            return Err(AppError::invalid("external_id", "closed", "that posting is closed"));
        }
        store::save_content(conn, known.id, &content).await?;
        queue_vector(conn, known.id).await?;
        return Ok(Outcome::Updated(known.id));
    }
    if store::near_duplicate(
        conn,
        tenant_id,
        &content.search_title,
        content.location_city.as_deref(),
        &content.description,
    )
    .await?
    .is_some()
    {
        return Ok(Outcome::Folded);
    }
    let (status, mut content) = (if line.publish { JobStatus::Active } else { JobStatus::Draft }, content);
    // A company's own import counts against its plan like a publication; the platform's partner
    // feeds (no member behind them) do not.
    if let (true, Some(tenant_id), Some(_)) = (line.publish, tenant_id, created_by) {
        allow_one_more_posting(conn, tenant_id, now).await?;
    }
    if line.publish {
        content.expires_at = Some(
            expiry_on_publish(content.expires_at, now)
                .map_err(|problem| AppError::invalid("expires_at", "invalid", problem))?,
        );
    }
    let id = new_id();
    let origin = Origin { tenant_id, created_by, source, external_id: Some(&line.external_id) };
    store::insert(conn, &new_row(id, origin, content, status, now)).await?;
    queue_vector(conn, id).await?;
    if line.publish {
        // Published by the import: the company's time to fill starts now, as with `publish`.
        let properties =
            serde_json::json!({ "job_id": id, "status": status.as_str(), "close_reason": null, "imported": true });
        track(conn, &ProductEvent::new("matching.job_status_changed", created_by, tenant_id, properties)).await?;
    }
    Ok(Outcome::Created(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_a_posting_with_its_source_id() {
        let line = read_line(
            3,
            r#"{"external_id": " bumeran-991 ", "publish": false, "title": "Contador", "description": "Cierres.",
                "employment_type": "full-time", "remote_policy": "onsite"}"#,
        )
        .unwrap();
        assert_eq!((line.number, line.external_id.as_str(), line.publish), (3, "bumeran-991", false));
        assert_eq!(line.posting.title, "Contador");
    }

    #[test]
    fn a_bad_line_says_what_is_wrong() {
        let field = |text: &str| read_line(1, text).unwrap_err()[0].field.clone();
        assert_eq!(field("not json"), "line");
        assert_eq!(field("[1]"), "line");
        assert_eq!(field(r#"{"title": "x"}"#), "external_id");
        let missing = read_line(1, r#"{"external_id": "a", "title": "x", "remote_policy": "onsite"}"#).unwrap_err();
        assert_eq!(missing[0].field, "line");
        assert!(missing[0].message.contains("description"), "{missing:?}");
        assert_eq!(field(r#"{"external_id": "a", "publish": "yes"}"#), "publish");
    }
}
