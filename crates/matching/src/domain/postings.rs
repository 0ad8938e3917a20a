//! A job posting's life and what makes one valid: draft → active (published, visible to everyone
//! until it expires) → closed (filled or removed); an expired posting may be published again,
//! a closed one never.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How long a posting stays up when its publisher does not say.
pub const DEFAULT_LIFETIME_DAYS: i64 = 60;
/// The longest a posting may stay up before it must be published again.
pub const MAX_LIFETIME_DAYS: i64 = 180;

/// The text form of a fieldless enum (its serde name) as `as_str`/`parse`, for the database.
macro_rules! text_forms {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }
        }
    };
}

/// Where a posting is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Draft,
    Active,
    Closed,
    Expired,
}
text_forms!(JobStatus { Draft = "draft", Active = "active", Closed = "closed", Expired = "expired" });

/// Why a posting was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CloseReason {
    Filled,
    Removed,
}
text_forms!(CloseReason { Filled = "filled", Removed = "removed" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Internship,
    Freelance,
}
text_forms!(EmploymentType {
    FullTime = "full-time",
    PartTime = "part-time",
    Contract = "contract",
    Internship = "internship",
    Freelance = "freelance",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RemotePolicy {
    Onsite,
    Hybrid,
    Remote,
}
text_forms!(RemotePolicy { Onsite = "onsite", Hybrid = "hybrid", Remote = "remote" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeniorityLevel {
    Intern,
    Junior,
    Mid,
    Senior,
    Lead,
    Executive,
}
text_forms!(SeniorityLevel {
    Intern = "intern",
    Junior = "junior",
    Mid = "mid",
    Senior = "senior",
    Lead = "lead",
    Executive = "executive",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SalaryPeriod {
    Hour,
    Month,
    Year,
}
text_forms!(SalaryPeriod { Hour = "hour", Month = "month", Year = "year" });

/// Whether a requirement must be met or is a plus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RequirementKind {
    Must,
    Nice,
}
text_forms!(RequirementKind { Must = "must", Nice = "nice" });

/// A move in a posting's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Publish,
    Close(CloseReason),
    Expire,
}

/// Why a move is not allowed from where the posting is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {from} posting cannot be {verb}", from = .from.as_str())]
pub struct IllegalMove {
    pub from: JobStatus,
    pub verb: &'static str,
}

/// Where `transition` takes a posting in `status`.
pub fn next_status(status: JobStatus, transition: Transition) -> Result<JobStatus, IllegalMove> {
    use JobStatus::*;
    match (status, transition) {
        (Draft | Expired, Transition::Publish) => Ok(Active),
        (Draft | Active | Expired, Transition::Close(_)) => Ok(Closed),
        (Active, Transition::Expire) => Ok(Expired),
        (from, Transition::Publish) => Err(IllegalMove { from, verb: "published" }),
        (from, Transition::Close(_)) => Err(IllegalMove { from, verb: "closed" }),
        (from, Transition::Expire) => Err(IllegalMove { from, verb: "expired" }),
    }
}

/// Whether a posting in `status` may still be edited (a closed one is history).
pub fn editable(status: JobStatus) -> bool {
    status != JobStatus::Closed
}

/// When a posting published `now` expires: as asked (in the future, within the maximum), or
/// after the default lifetime.
pub fn expiry_on_publish(requested: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    match requested {
        None => Ok(now + Duration::days(DEFAULT_LIFETIME_DAYS)),
        Some(at) if at <= now => Err("must be in the future to publish"),
        Some(at) if at > now + Duration::days(MAX_LIFETIME_DAYS) => Err("must be within 180 days"),
        Some(at) => Ok(at),
    }
}

/// A salary range makes sense: both ends when given are positive and in order.
pub fn salary_range_is_valid(min: Option<Decimal>, max: Option<Decimal>) -> bool {
    match (min, max) {
        (Some(min), Some(max)) => min <= max,
        _ => true,
    }
}

/// An amount as the API writes money: up to ten digits, and at most two decimals ("4500",
/// "4500.50"); never negative, never in exponent form.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let (whole, cents) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str, max: usize| part.len() <= max && part.bytes().all(|b| b.is_ascii_digit());
    let well_formed = (1..=10).contains(&whole.len())
        && digits(whole, 10)
        && digits(cents, 2)
        && (!text.contains('.') || !cents.is_empty());
    well_formed.then(|| text.parse().ok()).flatten()
}

/// `text` trimmed, when its length in characters is within `min..=max`.
pub fn within(text: &str, min: usize, max: usize) -> Option<String> {
    let trimmed = text.trim();
    (min..=max).contains(&trimmed.chars().count()).then(|| trimmed.to_owned())
}

/// Whether `text` is `len` capital ASCII letters (ISO country and currency codes).
pub fn is_code(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_moves_only_forward_and_a_closed_one_stays_closed() {
        use JobStatus::*;
        let close = Transition::Close(CloseReason::Filled);
        assert_eq!(next_status(Draft, Transition::Publish), Ok(Active));
        assert_eq!(next_status(Expired, Transition::Publish), Ok(Active));
        assert_eq!(next_status(Active, close), Ok(Closed));
        assert_eq!(next_status(Draft, close), Ok(Closed));
        assert_eq!(next_status(Active, Transition::Expire), Ok(Expired));
        let refused = next_status(Active, Transition::Publish).unwrap_err();
        assert_eq!(refused.to_string(), "a active posting cannot be published");
        assert!(next_status(Closed, Transition::Publish).is_err());
        assert!(next_status(Closed, close).is_err());
        assert!(next_status(Draft, Transition::Expire).is_err());
        assert!(!editable(Closed) && editable(Expired));
    }

    #[test]
    fn amounts_are_plain_decimals_with_cents_at_most() {
        assert_eq!(parse_amount("4500"), Some(Decimal::new(4500, 0)));
        assert_eq!(parse_amount("4500.5"), Some(Decimal::new(45005, 1)));
        for bad in ["", "-1", "1e3", "4500.", ".5", "12.345", "12345678901", " 1", "1,5"] {
            assert_eq!(parse_amount(bad), None, "{bad:?}");
        }
        assert_eq!(within("  Lima ", 1, 100).as_deref(), Some("Lima"));
        assert_eq!(within("   ", 1, 100), None);
        assert!(is_code("PEN", 3) && !is_code("pen", 3) && !is_code("PE", 3));
    }

    #[test]
    fn expiry_is_in_the_future_and_bounded() {
        let now = Utc::now();
        assert_eq!(expiry_on_publish(None, now), Ok(now + Duration::days(60)));
        assert!(expiry_on_publish(Some(now - Duration::hours(1)), now).is_err());
        assert!(expiry_on_publish(Some(now + Duration::days(181)), now).is_err());
        assert_eq!(expiry_on_publish(Some(now + Duration::days(10)), now), Ok(now + Duration::days(10)));
    }

    /// The database's text form and the API's (serde) are the same word.
    fn same_forms<T: Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
        for value in all {
            assert_eq!(serde_json::to_value(value).unwrap(), as_str(*value));
        }
    }

    #[test]
    fn text_forms_round_trip() {
        same_forms(JobStatus::ALL, JobStatus::as_str);
        same_forms(CloseReason::ALL, CloseReason::as_str);
        same_forms(EmploymentType::ALL, EmploymentType::as_str);
        same_forms(RemotePolicy::ALL, RemotePolicy::as_str);
        same_forms(SeniorityLevel::ALL, SeniorityLevel::as_str);
        same_forms(SalaryPeriod::ALL, SalaryPeriod::as_str);
        same_forms(RequirementKind::ALL, RequirementKind::as_str);
        for kind in EmploymentType::ALL {
            assert_eq!(EmploymentType::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(EmploymentType::FullTime.as_str(), "full-time");
        assert_eq!(serde_json::to_value(RemotePolicy::Hybrid).unwrap(), "hybrid");
        assert!(salary_range_is_valid(Some(Decimal::new(3000, 0)), Some(Decimal::new(4500, 0))));
        assert!(!salary_range_is_valid(Some(Decimal::new(5000, 0)), Some(Decimal::new(4500, 0))));
    }
}
