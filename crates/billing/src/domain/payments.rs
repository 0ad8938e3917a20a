//! Payments as rules: what a payment is for, which status reports from a provider move it (never
//! backwards, so late or repeated notices change nothing), how long a paid period lasts, and what
//! a plan costs per cycle.

use chrono::{DateTime, Months, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Plan;

/// How often a subscription is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Monthly,
    Yearly,
}

impl BillingCycle {
    /// The end of a period that starts at `start` (calendar months: 31 January + 1 month is
    /// the last day of February).
    pub fn period_end(self, start: DateTime<Utc>) -> DateTime<Utc> {
        let months = match self {
            Self::Monthly => 1,
            Self::Yearly => 12,
        };
        start.checked_add_months(Months::new(months)).unwrap_or(start)
    }

    /// The plan's price for one period of this cycle.
    pub fn price(self, plan: &Plan) -> Decimal {
        match self {
            Self::Monthly => plan.price_monthly,
            Self::Yearly => plan.price_yearly,
        }
    }
}

/// What a payment pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The first period of a plan (a trial turned paid, or a new subscription).
    Subscribe,
    /// The next period (or a dunning retry of it).
    Renewal,
    /// The prorated difference of an upgrade, for the rest of the period.
    Upgrade,
    /// A company's placement fee for a candidate hired from the talent network.
    Placement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Succeeded,
    Failed,
    Refunded,
}

/// The status a payment moves to when its provider reports `reported`; `None` when the report
/// changes nothing: the same status again, or an older state arriving after a newer one
/// (a refund stays a refund; a paid charge is not failed by a late decline). A failed charge
/// may still be paid: providers let the payer retry the same charge.
pub fn settle(current: PaymentStatus, reported: PaymentStatus) -> Option<PaymentStatus> {
    use PaymentStatus::*;
    match (current, reported) {
        (Pending, Succeeded | Failed | Refunded) | (Failed, Succeeded | Refunded) | (Succeeded, Refunded) => {
            Some(reported)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentStatus::*;

    #[test]
    fn reports_move_a_payment_forward_only() {
        assert_eq!(settle(Pending, Succeeded), Some(Succeeded));
        assert_eq!(settle(Pending, Failed), Some(Failed));
        assert_eq!(settle(Failed, Succeeded), Some(Succeeded), "the payer retried the same charge");
        assert_eq!(settle(Succeeded, Refunded), Some(Refunded));
        assert_eq!(settle(Pending, Refunded), Some(Refunded), "paid and refunded before we heard");
        for (current, late) in [(Succeeded, Failed), (Succeeded, Pending), (Refunded, Succeeded), (Failed, Pending)] {
            assert_eq!(settle(current, late), None, "{current:?} then {late:?}");
        }
        for same in [Pending, Succeeded, Failed, Refunded] {
            assert_eq!(settle(same, same), None);
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn periods_last_calendar_months() {
        assert_eq!(BillingCycle::Monthly.period_end(at("2026-01-31T10:00:00Z")), at("2026-02-28T10:00:00Z"));
        assert_eq!(BillingCycle::Monthly.period_end(at("2026-11-26T10:00:00Z")), at("2026-12-26T10:00:00Z"));
        assert_eq!(BillingCycle::Yearly.period_end(at("2028-02-29T00:00:00Z")), at("2029-02-28T00:00:00Z"));
    }
}
