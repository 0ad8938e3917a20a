//! Copies of a person's data: how long they are kept, and the signed links that download them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long a finished copy can be downloaded before it is deleted.
pub const EXPORT_LIFETIME: Duration = Duration::days(7);
/// How long a download link works (each reading of the export gives a fresh one).
pub const LINK_LIFETIME: Duration = Duration::hours(1);
/// At most this many copies a person may ask for in a day.
pub const EXPORTS_PER_DAY: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Being built by the job queue.
    Queued,
    /// Ready to download until `expires_at`.
    Ready,
    /// The build gave up (`failure` says why); ask for another.
    Failed,
    /// Past `expires_at`: the file is deleted.
    Expired,
}

impl ExportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Ready => "ready",
            Self::Failed => "failed",
            Self::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Queued, Self::Ready, Self::Failed, Self::Expired].into_iter().find(|s| s.as_str() == text)
    }
}

/// What a download link's signature covers: the export and the link's end.
pub fn link_payload(export_id: Uuid, expires: i64) -> String {
    format!("{export_id}:{expires}")
}

/// When a link made at `now` stops working: an hour on, never after the copy itself goes.
pub fn link_expiry(now: DateTime<Utc>, export_expires_at: DateTime<Utc>) -> DateTime<Utc> {
    (now + LINK_LIFETIME).min(export_expires_at)
}

/// A file's name as it is put in the archive: no directories of its own, nothing hidden.
pub fn archive_name(name: &str) -> String {
    name.split('/')
        .map(|part| {
            let cleaned: String = part.chars().map(|c| if c.is_control() || c == '\\' { '_' } else { c }).collect();
            match cleaned.trim_start_matches('.') {
                "" => "_".to_owned(),
                rest => rest.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_last_an_hour_but_never_past_the_copy() {
        let now = Utc::now();
        assert_eq!(link_expiry(now, now + Duration::days(3)), now + Duration::hours(1));
        assert_eq!(link_expiry(now, now + Duration::minutes(10)), now + Duration::minutes(10));
    }

    #[test]
    fn names_cannot_climb_out_of_the_archive() {
        assert_eq!(archive_name("cv/2-../../etc/passwd"), "cv/2-../_/etc/passwd");
        assert_eq!(archive_name("cv/.hidden"), "cv/hidden");
        assert_eq!(archive_name("interview/a\\b\u{1}.webm"), "interview/a_b_.webm");
    }

    #[test]
    fn statuses_read_back() {
        for status in [ExportStatus::Queued, ExportStatus::Ready, ExportStatus::Failed, ExportStatus::Expired] {
            assert_eq!(ExportStatus::parse(status.as_str()), Some(status));
        }
    }
}
