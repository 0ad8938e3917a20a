//! Parsing in the background: the `cv.parse` job reads the sealed original, extracts its text with
//! layout and parses it off the request threads; the CV ends `parsed` (data, sections, skills,
//! vectors queued) or `failed` with a reason a person can act on.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{Datelike, Utc};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, Priority, enqueue};
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::ObjectKey;
use uuid::Uuid;

use super::{Cv, CvPayload, CvService, EMBED_JOB, PARSE_JOB, effective_data, find_own, skill_rows, this_month, view};
use crate::domain::dates::YearMonth;
use crate::domain::parse::{Line, parse_cv};
use crate::domain::skills::Taxonomy;
use crate::domain::text;
use crate::domain::upload::ParsingStatus;
use crate::events::{CV_PARSED, CvEvent};
use crate::store::{self, SectionRow};
use billing::{Resource, Subject};

/// The longest one CV may take to read and parse before it counts as failed.
const PARSE_DEADLINE: Duration = Duration::from_secs(20);

impl CvService {
    /// Parses the CV again (corrections are kept); refused while a parse is queued or running,
    /// and counted against the plan's CV quota like an upload.
    pub async fn reparse(&self, auth: &AuthUser, id: Uuid) -> AppResult<Cv> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let row = find_own(conn, user_id, id).await?;
                if matches!(
                    ParsingStatus::parse(&row.parsing_status),
                    Some(ParsingStatus::Pending | ParsingStatus::Processing)
                ) {
                    return Err(AppError::Conflict("this CV is already waiting to be parsed".into()));
                }
                billing::consume(conn, Subject::User(user_id), Resource::CvUploads, 1, now).await?;
                store::mark_pending(conn, id, now).await?;
                enqueue(conn, &NewJob::new(PARSE_JOB, CvPayload { cv_id: id })?).await?;
                find_own(conn, user_id, id).await
            }
            .scope_boxed()
        })
        .await?;
        Ok(view(row))
    }
}

/// Parses uploaded CVs. Running twice just parses again.
pub struct ParseCvs(pub CvService);

#[async_trait]
impl JobHandler for ParseCvs {
    fn kind(&self) -> &'static str {
        PARSE_JOB
    }

    fn timeout(&self) -> Duration {
        PARSE_DEADLINE + Duration::from_secs(15)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let CvPayload { cv_id } = job.payload()?;
        let inner = &self.0.inner;
        let row = scoped(&inner.pool, &RequestScope::system(), |conn| {
            async move { store::find(conn, cv_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        // Deleted since it was queued: nothing to do.
        let Some(row) = row else { return Ok(()) };
        let bytes = inner.storage.get(&ObjectKey::new(row.storage_key.clone())?).await?.bytes().await?;
        let today = Utc::now();
        let month = YearMonth::new(today.year(), today.month()).ok_or(JobError::Retry("the clock is off".into()))?;
        let outcome = read_and_parse(bytes, inner.settings.max_upload_bytes, month).await?;
        if let Err(reason) = &outcome {
            tracing::info!(%cv_id, reason, "CV could not be parsed");
        }
        scoped(&inner.pool, &RequestScope::system(), |conn| {
            async move { record(conn, cv_id, outcome, month).await }.scope_boxed()
        })
        .await?;
        Ok(())
    }

    /// Out of attempts (storage or the database down for long): the CV says it failed, so its
    /// owner is not left waiting, and may ask for another parse.
    async fn gave_up(&self, job: &Job, error: &str) -> Result<(), JobError> {
        let CvPayload { cv_id } = job.payload()?;
        let reason = format!("parse_failed: the CV could not be processed ({error}); try parsing it again");
        scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move { record(conn, cv_id, Err(reason), this_month()).await }.scope_boxed()
        })
        .await?;
        Ok(())
    }
}

/// Extracts a CV file's text with its layout and parses it, off the async threads and within
/// [`PARSE_DEADLINE`]: the parser's data, or why the file cannot be read (`code: reason`, a
/// reason a person can act on).
pub(super) async fn read_and_parse(
    bytes: bytes::Bytes,
    max_bytes: u64,
    month: YearMonth,
) -> AppResult<Result<serde_json::Value, String>> {
    let limits = text::Limits { max_bytes: max_bytes as usize, ..text::Limits::default() };
    let parsing = tokio::task::spawn_blocking(move || {
        let extracted = text::extract(&bytes, &limits).map_err(|e| format!("{}: {e}", e.code()))?;
        let lines: Vec<Line> =
            extracted.lines().map(|l| Line { text: l.text.to_owned(), heading_like: l.heading_like }).collect();
        serde_json::to_value(parse_cv(&lines, month, Taxonomy::shipped())).map_err(|e| e.to_string())
    });
    // The extractor bounds its own work; this is the backstop for a file that still takes too
    // long (the thread finishes on its own, its result unread).
    match tokio::time::timeout(PARSE_DEADLINE, parsing).await {
        Ok(joined) => joined.map_err(|e| AppError::Internal(format!("the parser stopped: {e}"))),
        Err(_) => Ok(Err(format!("parse_timeout: the document took more than {} s to read", PARSE_DEADLINE.as_secs()))),
    }
}

/// Records what parsing found in one transaction: the data, its sections and skills rows, and
/// the job that makes its vectors; or the failure, with no rows left from an earlier parse.
async fn record(
    conn: &mut DbConn,
    cv_id: Uuid,
    outcome: Result<serde_json::Value, String>,
    today: YearMonth,
) -> AppResult<()> {
    // Deleted while it was being parsed.
    let Some(mut row) = store::find(conn, cv_id).await? else { return Ok(()) };
    let user_id = row.user_id;
    let (outcome, sections) = match outcome {
        Ok(mut data) => {
            // The person said which language the CV is in: that beats detection.
            if let Some(hint) = &row.language_hint {
                data["language"] = serde_json::json!(hint);
            }
            // Sections are rows of their own; the data keeps what was read from them.
            let sections = data.as_object_mut().and_then(|o| o.remove("sections")).unwrap_or_default();
            (Ok(data), section_rows(cv_id, user_id, &sections))
        }
        Err(reason) => (Err(reason), Vec::new()),
    };
    let parsed = outcome.is_ok();
    store::record_parse(conn, cv_id, outcome.clone(), Utc::now()).await?;
    store::replace_sections(conn, cv_id, &sections).await?;
    row.parsed_data = outcome.ok();
    let skills = match effective_data(&row, today) {
        Some(data) => skill_rows(cv_id, user_id, &data),
        None => Vec::new(),
    };
    store::replace_skills(conn, cv_id, &skills).await?;
    if parsed {
        enqueue(conn, &NewJob::new(EMBED_JOB, CvPayload { cv_id })?.priority(Priority::Later)).await?;
        enqueue(conn, &NewJob::event(CV_PARSED, CvEvent { cv_id, user_id })?).await?;
        track(conn, &ProductEvent::new("cv.parsed", Some(user_id), None, serde_json::json!({ "cv_id": cv_id })))
            .await?;
    } else {
        store::delete_embeddings(conn, cv_id).await?;
    }
    Ok(())
}

/// The section rows of the parser's `sections` list (`[{kind, heading, text}]`), empty ones left out.
pub(super) fn section_rows(cv_id: Uuid, user_id: Uuid, sections: &serde_json::Value) -> Vec<SectionRow> {
    let entries = sections.as_array().map(Vec::as_slice).unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| {
            let kind = entry["kind"].as_str()?.to_owned();
            let content = entry["text"].as_str().unwrap_or_default().trim().to_owned();
            Some((kind, entry["heading"].as_str().unwrap_or_default().trim().to_owned(), content))
        })
        .filter(|(_, _, content)| !content.is_empty())
        .enumerate()
        .map(|(position, (kind, heading, content))| SectionRow {
            id: new_id(),
            cv_id,
            user_id,
            position: position as i32,
            kind,
            heading,
            content,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_rows_in_reading_order_without_empty_ones() {
        let sections = serde_json::json!([
            {"kind": "profile", "heading": "PERFIL", "text": "Contadora."},
            {"kind": "references", "heading": "REFERENCIAS", "text": "  "},
            {"kind": "experience", "heading": "EXPERIENCIA", "text": "Analista | Yape"},
        ]);
        let rows = section_rows(Uuid::nil(), Uuid::nil(), &sections);
        let kinds: Vec<(&str, i32)> = rows.iter().map(|r| (r.kind.as_str(), r.position)).collect();
        assert_eq!(kinds, vec![("profile", 0), ("experience", 1)]);
    }
}
