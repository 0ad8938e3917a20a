//! How long an unused account is kept (LPDP, Law 29733: personal data is kept no longer than its
//! purpose needs). A person's account, CVs and everything they made stay while they use it; after
//! [`INACTIVITY_MONTHS`] without a sign-in or a session's use, the account is deleted (then purged
//! like any deleted account) unless the person consented to data retention. They are told
//! [`NOTICE_DAYS`] before, and any use in between keeps the account.

use chrono::{DateTime, Duration, Months, Utc};

/// Months without use after which an account without the data-retention consent is deleted.
pub const INACTIVITY_MONTHS: u32 = 24;
/// Days between the notice mail and the deletion.
pub const NOTICE_DAYS: i64 = 30;

/// What is due for one account now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Nothing,
    /// Mail the notice: the account will be deleted in `NOTICE_DAYS` unless used.
    Notice,
    /// Delete the account: noticed long enough ago, and unused since.
    Deletion,
}

/// The day from which an account last used at `last_active` may be deleted.
pub fn deletion_day(last_active: DateTime<Utc>) -> DateTime<Utc> {
    last_active.checked_add_months(Months::new(INACTIVITY_MONTHS)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The accounts last used before this moment are the ones the notice may concern now.
pub fn notice_horizon(now: DateTime<Utc>) -> DateTime<Utc> {
    (now + Duration::days(NOTICE_DAYS)).checked_sub_months(Months::new(INACTIVITY_MONTHS)).unwrap_or(now)
}

/// What is due for an account last used at `last_active`, noticed at `noticed_at` (a notice from
/// before its last use no longer counts), with the person's data-retention consent `retained`.
pub fn due(last_active: DateTime<Utc>, noticed_at: Option<DateTime<Utc>>, retained: bool, now: DateTime<Utc>) -> Due {
    let deletion = deletion_day(last_active);
    if retained || now < deletion - Duration::days(NOTICE_DAYS) {
        return Due::Nothing;
    }
    match noticed_at.filter(|at| *at >= last_active) {
        None => Due::Notice,
        Some(at) if now >= deletion.max(at + Duration::days(NOTICE_DAYS)) => Due::Deletion,
        Some(_) => Due::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> DateTime<Utc> {
        format!("{text}T12:00:00Z").parse().unwrap()
    }

    #[test]
    fn an_account_in_use_is_kept() {
        let last = day("2026-01-10");
        assert_eq!(due(last, None, false, day("2026-06-01")), Due::Nothing);
        assert_eq!(due(last, None, false, day("2027-12-10")), Due::Nothing, "41 days before the two years");
    }

    #[test]
    fn thirty_days_before_two_years_the_person_is_told_then_the_account_goes() {
        let last = day("2026-01-10");
        assert_eq!(due(last, None, false, day("2027-12-11")), Due::Notice);
        let noticed = day("2027-12-11");
        assert_eq!(due(last, Some(noticed), false, day("2027-12-20")), Due::Nothing, "waiting out the notice");
        assert_eq!(due(last, Some(noticed), false, day("2028-01-10")), Due::Deletion);
    }

    #[test]
    fn a_late_notice_still_gives_its_thirty_days() {
        // The job did not run for a while: the person still gets the full notice.
        let last = day("2026-01-10");
        assert_eq!(due(last, None, false, day("2028-03-01")), Due::Notice);
        let noticed = day("2028-03-01");
        assert_eq!(due(last, Some(noticed), false, day("2028-03-20")), Due::Nothing);
        assert_eq!(due(last, Some(noticed), false, day("2028-03-31")), Due::Deletion);
    }

    #[test]
    fn using_the_account_or_consenting_keeps_it() {
        let noticed = day("2027-12-11");
        // Signed in after the notice: that notice no longer counts, and two years start again.
        assert_eq!(due(day("2027-12-15"), Some(noticed), false, day("2028-01-10")), Due::Nothing);
        assert_eq!(due(day("2026-01-10"), Some(noticed), true, day("2028-06-01")), Due::Nothing);
    }

    #[test]
    fn the_horizon_is_the_last_use_that_makes_a_notice_due() {
        let now = day("2027-12-11");
        let horizon = notice_horizon(now);
        assert_eq!(due(horizon, None, false, now), Due::Notice);
        assert_eq!(due(horizon + Duration::days(1), None, false, now), Due::Nothing);
    }
}
