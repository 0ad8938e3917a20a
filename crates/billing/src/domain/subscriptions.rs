//! A subscription's life as a state machine (trialing → active → past due → canceled or expired),
//! what a plan change costs now (upgrades prorated at once, downgrades at the period's end) and
//! when a failed renewal is tried again (dunning: days 1, 3 and 7, then canceled).

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::tax::to_cents;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Trialing,
    Active,
    PastDue,
    Canceled,
    Expired,
}

impl SubscriptionStatus {
    /// Trialing, active and past-due subscriptions give their plan; the others are over.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Trialing | Self::Active | Self::PastDue)
    }
}

/// What happens to a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A charge (the first, a renewal or a retry) went through.
    PaymentSucceeded,
    /// A charge was refused.
    PaymentFailed,
    /// The trial ended without a payment method.
    TrialEnded,
    /// The current period ended: renew, or end a cancellation asked for earlier.
    PeriodEnded,
    /// Cancel at the period's end (keeps the plan until then), or at once.
    Cancel { at_period_end: bool },
    /// Take back a cancellation asked for at the period's end.
    Resume,
    /// Every dunning retry failed.
    DunningExhausted,
}

/// A subscription's state: its status and whether it ends with the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: SubscriptionStatus,
    pub cancel_at_period_end: bool,
}

/// What a move needs done besides the new state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Charge the next period (renewal).
    ChargeRenewal,
    /// Start dunning: retry the charge later.
    ScheduleRetry,
}

/// The state after `event`, and what it calls for; `Err` names the illegal move (answered 409).
pub fn apply(state: State, event: Event) -> Result<(State, Effect), String> {
    use SubscriptionStatus::*;
    let to = |status, cancel_at_period_end| State { status, cancel_at_period_end };
    let keep = state.cancel_at_period_end;
    Ok(match (state.status, event) {
        (Trialing | Active | PastDue, Event::PaymentSucceeded) => (to(Active, keep), Effect::None),
        (Trialing | Active | PastDue, Event::PaymentFailed) => (to(PastDue, keep), Effect::ScheduleRetry),
        (Trialing, Event::TrialEnded) => (to(Expired, false), Effect::None),
        (Trialing | Active, Event::PeriodEnded) if keep => (to(Canceled, false), Effect::None),
        (Active, Event::PeriodEnded) => (to(Active, false), Effect::ChargeRenewal),
        (Trialing | Active | PastDue, Event::Cancel { at_period_end: false }) => (to(Canceled, false), Effect::None),
        (Trialing | Active, Event::Cancel { at_period_end: true }) if !keep => (to(state.status, true), Effect::None),
        (Trialing | Active, Event::Resume) if keep => (to(state.status, false), Effect::None),
        (PastDue, Event::DunningExhausted) => (to(Canceled, false), Effect::None),
        (status, event) => return Err(format!("a {status:?} subscription cannot take {event:?}").to_lowercase()),
    })
}

/// Days after the first failed charge on which it is tried again; after the last, canceled.
pub const DUNNING_DAYS: [i64; 3] = [1, 3, 7];

/// When to try a failed charge again after `failures` failures (the first failure at
/// `first_failed_at`); `None` once the retries are spent.
pub fn next_retry(first_failed_at: DateTime<Utc>, failures: usize) -> Option<DateTime<Utc>> {
    let day = DUNNING_DAYS.get(failures.checked_sub(1)?)?;
    Some(first_failed_at + Duration::days(*day))
}

/// What a plan change costs now, in the plan's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// An upgrade: charged at once for the rest of the period (the new price less what is left
    /// of the old), the new plan at once.
    Upgrade { charge_now: Decimal },
    /// A downgrade (or the same price): nothing now; the new plan from the next period.
    AtPeriodEnd,
}

/// The cost of moving from a plan at `old_price` to one at `new_price` (prices of the same
/// billing period) at `now`, inside the period `[start, end)`.
pub fn change_plan(
    old_price: Decimal,
    new_price: Decimal,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Change {
    if new_price <= old_price {
        return Change::AtPeriodEnd;
    }
    let period = (end - start).num_seconds().max(1);
    let left = (end - now).num_seconds().clamp(0, period);
    let share = Decimal::from(left) / Decimal::from(period);
    Change::Upgrade { charge_now: to_cents((new_price - old_price) * share) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: SubscriptionStatus, cancel_at_period_end: bool) -> State {
        State { status, cancel_at_period_end }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_subscription_lives_trial_to_active_to_dunning_to_canceled() {
        let (trial_paid, _) = apply(state(SubscriptionStatus::Trialing, false), Event::PaymentSucceeded).unwrap();
        assert_eq!(trial_paid, state(SubscriptionStatus::Active, false));
        let (renew, effect) = apply(trial_paid, Event::PeriodEnded).unwrap();
        assert_eq!((renew, effect), (state(SubscriptionStatus::Active, false), Effect::ChargeRenewal));
        let (failed, effect) = apply(renew, Event::PaymentFailed).unwrap();
        assert_eq!((failed, effect), (state(SubscriptionStatus::PastDue, false), Effect::ScheduleRetry));
        assert_eq!(
            apply(failed, Event::PaymentSucceeded).unwrap().0,
            state(SubscriptionStatus::Active, false),
            "a retry paid"
        );
        assert_eq!(apply(failed, Event::DunningExhausted).unwrap().0, state(SubscriptionStatus::Canceled, false));
        assert_eq!(
            apply(state(SubscriptionStatus::Trialing, false), Event::TrialEnded).unwrap().0,
            state(SubscriptionStatus::Expired, false)
        );
    }

    #[test]
    fn cancelling_at_the_period_end_keeps_the_plan_until_then_and_can_be_taken_back() {
        let active = state(SubscriptionStatus::Active, false);
        let (leaving, _) = apply(active, Event::Cancel { at_period_end: true }).unwrap();
        assert_eq!(leaving, state(SubscriptionStatus::Active, true));
        assert!(leaving.status.is_live());
        assert_eq!(apply(leaving, Event::Resume).unwrap().0, active);
        assert_eq!(
            apply(leaving, Event::PeriodEnded).unwrap(),
            (state(SubscriptionStatus::Canceled, false), Effect::None)
        );
        assert_eq!(
            apply(active, Event::Cancel { at_period_end: false }).unwrap().0,
            state(SubscriptionStatus::Canceled, false)
        );
    }

    #[test]
    fn illegal_moves_are_refused_with_what_was_tried() {
        for (from, event) in [
            (state(SubscriptionStatus::Canceled, false), Event::PaymentSucceeded),
            (state(SubscriptionStatus::Expired, false), Event::Resume),
            (state(SubscriptionStatus::Active, false), Event::Resume),
            (state(SubscriptionStatus::Active, true), Event::Cancel { at_period_end: true }),
            (state(SubscriptionStatus::Active, false), Event::TrialEnded),
            (state(SubscriptionStatus::Active, false), Event::DunningExhausted),
            (state(SubscriptionStatus::PastDue, false), Event::Cancel { at_period_end: true }),
            (state(SubscriptionStatus::Canceled, false), Event::PeriodEnded),
        ] {
            let refused = apply(from, event).unwrap_err();
            assert!(refused.starts_with("a "), "{refused}");
        }
        assert!(
            !SubscriptionStatus::Canceled.is_live()
                && !SubscriptionStatus::Expired.is_live()
                && SubscriptionStatus::PastDue.is_live()
        );
    }

    #[test]
    fn dunning_retries_on_days_one_three_and_seven() {
        let failed = at("2026-12-01T10:00:00Z");
        assert_eq!(next_retry(failed, 1), Some(at("2026-12-02T10:00:00Z")));
        assert_eq!(next_retry(failed, 2), Some(at("2026-12-04T10:00:00Z")));
        assert_eq!(next_retry(failed, 3), Some(at("2026-12-08T10:00:00Z")));
        assert_eq!(next_retry(failed, 4), None);
        assert_eq!(next_retry(failed, 0), None);
    }

    #[test]
    fn upgrades_are_prorated_now_and_downgrades_wait() {
        let (start, end) = (at("2026-11-01T05:00:00Z"), at("2026-12-01T05:00:00Z"));
        let price = |text: &str| text.parse::<Decimal>().unwrap();
        // Half the period left: half the difference.
        let middle = at("2026-11-16T05:00:00Z");
        assert_eq!(
            change_plan(price("29.90"), price("59.90"), start, end, middle),
            Change::Upgrade { charge_now: price("15.00") }
        );
        assert_eq!(
            change_plan(price("29.90"), price("59.90"), start, end, start),
            Change::Upgrade { charge_now: price("30.00") }
        );
        assert_eq!(
            change_plan(price("29.90"), price("59.90"), start, end, end),
            Change::Upgrade { charge_now: price("0.00") }
        );
        // A third left: 30 × 10/30 days = 10.00.
        let third = at("2026-11-21T05:00:00Z");
        assert_eq!(
            change_plan(price("0"), price("30.00"), start, end, third),
            Change::Upgrade { charge_now: price("10.00") }
        );
        assert_eq!(change_plan(price("59.90"), price("29.90"), start, end, middle), Change::AtPeriodEnd);
        assert_eq!(change_plan(price("29.90"), price("29.90"), start, end, middle), Change::AtPeriodEnd);
    }
}
