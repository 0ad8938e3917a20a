//! The rollups into `analytics.metrics` and the materialised views' refresh.

use chrono::{DateTime, Duration, DurationRound, Utc};
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};

use super::AnalyticsService;
use crate::store::dashboards as store;

/// The hours and days recounted on every run: events arrive late (clients send up to a week
/// later; the outbox within a minute), so recent buckets are counted again until they settle.
const HOURS_AGAIN: i64 = 3;
const DAYS_AGAIN: i64 = 8;

/// Where the buckets to recount start and end: (hour from, day from, end).
fn rollup_range(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
    let hour = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
    let day = now.duration_trunc(Duration::days(1)).unwrap_or(now);
    (hour - Duration::hours(HOURS_AGAIN - 1), day - Duration::days(DAYS_AGAIN - 1), hour + Duration::hours(1))
}

impl AnalyticsService {
    /// Recounts the recent hourly and daily buckets and refreshes the materialised views;
    /// returns the metric rows written.
    pub async fn roll_up(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let (hours_from, days_from, until) = rollup_range(now);
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let hourly = store::roll_up(conn, "hour", hours_from, until).await?;
                let daily = store::roll_up(conn, "day", days_from, until).await?;
                store::refresh_views(conn).await?;
                Ok::<_, AppError>(hourly + daily)
            }
            .scope_boxed()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_hours_and_days_are_recounted() {
        let now = "2026-11-26T13:40:00Z".parse::<DateTime<Utc>>().unwrap();
        let (hours, days, until) = rollup_range(now);
        assert_eq!(hours.to_rfc3339(), "2026-11-26T11:00:00+00:00");
        assert_eq!(days.to_rfc3339(), "2026-11-19T00:00:00+00:00");
        assert_eq!(until.to_rfc3339(), "2026-11-26T14:00:00+00:00");
    }
}
