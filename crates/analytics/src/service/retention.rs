//! The events' monthly partitions: created three months ahead; past the retention, a month is
//! archived to object storage (gzipped NDJSON, one row per line, sealed like every stored object)
//! and its partition dropped. Old receipts are forgotten on the same run.

use std::io::Write;

use chrono::{Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use platform::storage::{ObjectBody, ObjectKey, ObjectMetadata};
use uuid::Uuid;

use super::AnalyticsService;
use crate::store::events as store;

/// Months of partitions kept ready ahead of the current one.
const MONTHS_AHEAD: i32 = 3;
/// Rows read per query while archiving.
const ARCHIVE_PAGE: i64 = 5000;

/// What one maintenance run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Maintenance {
    pub partitions_created: i32,
    /// The months archived and dropped, as `YYYY-MM`.
    pub months_archived: Vec<String>,
    pub receipts_forgotten: usize,
}

/// Where a month's archive is stored.
pub fn archive_key(month: NaiveDate) -> AppResult<ObjectKey> {
    ObjectKey::new(format!("analytics/events/{}.ndjson.gz", month.format("%Y-%m")))
}

/// The first month no longer kept when `retention_months` are (the current one included).
fn first_kept_month(today: NaiveDate, retention_months: u32) -> NaiveDate {
    let this_month = today.with_day(1).unwrap_or(today);
    this_month.checked_sub_months(Months::new(retention_months.saturating_sub(1))).unwrap_or(this_month)
}

impl AnalyticsService {
    pub async fn maintain_partitions(&self) -> AppResult<Maintenance> {
        let now = Utc::now();
        let today = now.date_naive();
        let last_month = today.with_day(1).and_then(|d| d.checked_sub_months(Months::new(1))).unwrap_or(today);
        let receipts_before = now - Duration::days(self.settings.receipt_days);
        let (partitions_created, receipts_forgotten, months) = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let created = store::ensure_partitions(conn, last_month, MONTHS_AHEAD).await?;
                let forgotten = store::prune_receipts(conn, receipts_before).await?;
                let months = store::partition_months(conn).await?;
                Ok::<_, AppError>((created, forgotten, months))
            }
            .scope_boxed()
        })
        .await?;
        let keep_from = first_kept_month(today, self.settings.retention_months);
        let mut months_archived = Vec::new();
        for month in months.into_iter().filter(|month| *month < keep_from) {
            self.archive_month(month).await?;
            months_archived.push(month.format("%Y-%m").to_string());
        }
        Ok(Maintenance { partitions_created, months_archived, receipts_forgotten })
    }

    /// Writes the month's events to object storage, then drops its partition. Run again after a
    /// failure, it writes the same archive again: nothing is dropped before it is stored.
    async fn archive_month(&self, month: NaiveDate) -> AppResult<()> {
        let start = Utc.from_utc_datetime(&month.and_hms_opt(0, 0, 0).unwrap_or_default());
        let end =
            start.checked_add_months(Months::new(1)).ok_or_else(|| AppError::Internal("month overflow".into()))?;
        let mut archive = GzEncoder::new(Vec::new(), Compression::default());
        let mut after: Option<(chrono::DateTime<Utc>, Uuid)> = None;
        let mut rows = 0usize;
        loop {
            let page = scoped(&self.pool, &RequestScope::system(), |conn| {
                async move { Ok::<_, AppError>(store::events_between(conn, (start, end), after, ARCHIVE_PAGE).await?) }
                    .scope_boxed()
            })
            .await?;
            for event in &page {
                archive.write_all(event.json.as_bytes()).and_then(|()| archive.write_all(b"\n")).map_err(gzip_error)?;
            }
            rows += page.len();
            match page.last() {
                Some(last) if page.len() as i64 == ARCHIVE_PAGE => after = Some((last.occurred_at, last.event_id)),
                _ => break,
            }
        }
        let bytes = archive.finish().map_err(gzip_error)?;
        let mut metadata = ObjectMetadata::new("application/gzip");
        metadata.custom.insert("rows".into(), rows.to_string());
        self.storage.put(&archive_key(month)?, ObjectBody::Bytes(bytes.into()), metadata).await?;
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::drop_partition(conn, month).await?) }.scope_boxed()
        })
        .await?;
        tracing::info!(month = %month.format("%Y-%m"), rows, "events archived and their partition dropped");
        Ok(())
    }
}

fn gzip_error(error: std::io::Error) -> AppError {
    AppError::Internal(format!("compressing an events archive: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_retention_counts_the_current_month() {
        assert_eq!(first_kept_month(day(2026, 11, 26), 13), day(2025, 11, 1));
        assert_eq!(first_kept_month(day(2026, 1, 1), 2), day(2025, 12, 1));
        assert_eq!(first_kept_month(day(2026, 3, 31), 2), day(2026, 2, 1));
    }

    #[test]
    fn archives_are_named_by_month() {
        assert_eq!(archive_key(day(2025, 7, 1)).unwrap().as_str(), "analytics/events/2025-07.ndjson.gz");
    }
}
