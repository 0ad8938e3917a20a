//! Plans and quotas as rules: what a plan allows, the month usage is counted in, whether one more
//! unit fits. Pure, so the numbers are tested without a database.

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Who pays and consumes: a person, or a company (tenant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    User(Uuid),
    Tenant(Uuid),
}

impl Subject {
    /// The subject of a row that names a person or a company (its `user_id`, `tenant_id`).
    pub fn of(user_id: Option<Uuid>, tenant_id: Option<Uuid>) -> Option<Self> {
        user_id.map(Self::User).or(tenant_id.map(Self::Tenant))
    }

    pub fn user_id(self) -> Option<Uuid> {
        match self {
            Self::User(id) => Some(id),
            Self::Tenant(_) => None,
        }
    }

    pub fn tenant_id(self) -> Option<Uuid> {
        match self {
            Self::Tenant(id) => Some(id),
            Self::User(_) => None,
        }
    }
}

/// What a quota counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Mock interviews started.
    Interviews,
    /// CV files uploaded and CVs re-parsed.
    CvUploads,
}

impl Resource {
    pub const ALL: [Resource; 2] = [Resource::Interviews, Resource::CvUploads];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interviews => "interviews",
            Self::CvUploads => "cv_uploads",
        }
    }
}

/// How deep the feedback on answers goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackDetail {
    /// The built-in interviewer's explainable scores.
    Basic,
    /// Plus a model's judgement, when one is configured.
    Detailed,
    Comprehensive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Person,
    Company,
}

/// A plan as sold: prices in its currency (soles), limits (none: unlimited or not applicable),
/// features for the clients to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    pub id: String,
    pub audience: Audience,
    pub name: String,
    /// A decimal string, e.g. "29.90".
    #[schema(value_type = String, example = "29.90")]
    pub price_monthly: Decimal,
    #[schema(value_type = String, example = "299.00")]
    pub price_yearly: Decimal,
    pub currency: String,
    pub interviews_per_month: Option<u32>,
    pub cv_uploads_per_month: Option<u32>,
    pub ai_feedback_detail: FeedbackDetail,
    pub seats: Option<u32>,
    pub active_jobs: Option<u32>,
    pub trial_days: u16,
    pub features: Vec<String>,
}

impl Plan {
    /// The monthly limit on a resource; `None` is unlimited.
    pub fn limit(&self, resource: Resource) -> Option<u32> {
        match resource {
            Resource::Interviews => self.interviews_per_month,
            Resource::CvUploads => self.cv_uploads_per_month,
        }
    }
}

/// The plan a person without a live subscription is on.
pub const DEFAULT_PERSON_PLAN: &str = "free";

/// Peru keeps UTC−5 all year: months of usage begin at midnight in Lima.
fn lima() -> FixedOffset {
    FixedOffset::west_opt(5 * 3600).expect("five hours is a valid offset")
}

/// The month of usage `now` falls in (Lima time): its first instant and the next month's.
pub fn usage_period(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = now.with_timezone(&lima());
    let start_of = |year: i32, month: u32| {
        lima().with_ymd_and_hms(year, month, 1, 0, 0, 0).single().map(|t| t.with_timezone(&Utc))
    };
    let (next_year, next_month) =
        if local.month() == 12 { (local.year() + 1, 1) } else { (local.year(), local.month() + 1) };
    match (start_of(local.year(), local.month()), start_of(next_year, next_month)) {
        (Some(start), Some(end)) => (start, end),
        // Unreachable for real dates; a day's window keeps counting sane if it ever happens.
        _ => (now, now + Duration::days(1)),
    }
}

/// Whether `n` more units fit under `limit` with `used` already counted.
pub fn fits(limit: Option<u32>, used: u32, n: u32) -> bool {
    limit.is_none_or(|limit| used.saturating_add(n) <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn usage_is_counted_by_the_month_in_lima() {
        let (start, end) = usage_period(at("2026-11-26T08:00:00Z"));
        assert_eq!((start, end), (at("2026-11-01T05:00:00Z"), at("2026-12-01T05:00:00Z")));
        // 02:00 UTC on December 1st is still November 30th in Lima.
        assert_eq!(usage_period(at("2026-12-01T02:00:00Z")).0, at("2026-11-01T05:00:00Z"));
        assert_eq!(usage_period(at("2026-12-31T23:00:00Z")), (at("2026-12-01T05:00:00Z"), at("2027-01-01T05:00:00Z")));
    }

    #[test]
    fn a_quota_takes_what_fits_and_unlimited_takes_all() {
        assert!(fits(Some(5), 4, 1));
        assert!(!fits(Some(5), 5, 1));
        assert!(!fits(Some(5), 3, 3), "all or nothing");
        assert!(!fits(Some(0), 0, 1));
        assert!(fits(None, u32::MAX, 1));
        assert!(fits(Some(u32::MAX), u32::MAX - 1, 1));
    }

    #[test]
    fn deeper_feedback_orders_above_basic() {
        assert!(FeedbackDetail::Basic < FeedbackDetail::Detailed);
        assert!(FeedbackDetail::Detailed < FeedbackDetail::Comprehensive);
    }
}
