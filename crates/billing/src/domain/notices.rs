//! What billing writes to its payers when a renewal is refused: the next try's date, or that
//! the subscription ended, in the reader's language.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// Whose plan a notice is about: a person's own, or a company's (written to its admins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanOwner<'a> {
    Person,
    Company(&'a str),
}

/// The subject and body of the mail telling `name` that `amount` (soles) could not be charged
/// for `reason`: tried again at `next_try`, or, when there is none, the subscription ended.
pub fn failed_charge(
    name: &str,
    owner: PlanOwner<'_>,
    amount: Decimal,
    reason: &str,
    next_try: Option<DateTime<Utc>>,
    spanish: bool,
) -> (String, String) {
    let (plan_es, plan_en) = match owner {
        PlanOwner::Person => ("tu plan".to_owned(), "your plan".to_owned()),
        PlanOwner::Company(company) => (format!("el plan de {company}"), format!("{company}'s plan")),
    };
    match (next_try, spanish) {
        (Some(next), true) => (
            "No pudimos cobrar la suscripción".to_owned(),
            format!(
                "Hola {name}:\n\nNo pudimos cobrar S/ {amount} de {plan_es} ({reason}). Lo intentaremos de nuevo \
                 el {}. Puedes pagar antes desde la cuenta.",
                next.format("%d/%m/%Y")
            ),
        ),
        (Some(next), false) => (
            "We could not charge the subscription".to_owned(),
            format!(
                "Hi {name},\n\nWe could not charge PEN {amount} for {plan_en} ({reason}). We will try again on {}. \
                 You can pay sooner from the account.",
                next.format("%Y-%m-%d")
            ),
        ),
        (None, true) => (
            "La suscripción fue cancelada".to_owned(),
            format!(
                "Hola {name}:\n\nNo pudimos cobrar {plan_es} tras varios intentos ({reason}), así que la suscripción \
                 terminó. Puedes suscribirte otra vez cuando quieras."
            ),
        ),
        (None, false) => (
            "The subscription was canceled".to_owned(),
            format!(
                "Hi {name},\n\nWe could not charge {plan_en} after several tries ({reason}), so the subscription \
                 ended. You can subscribe again at any time."
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_renewal_says_when_it_is_tried_again_or_that_it_ended() {
        let next = DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z").unwrap().with_timezone(&Utc);
        let amount = Decimal::new(2990, 2);
        let (subject, body) =
            failed_charge("Ana", PlanOwner::Person, amount, "Your card was declined.", Some(next), true);
        assert_eq!(subject, "No pudimos cobrar la suscripción");
        assert!(body.contains("S/ 29.90 de tu plan") && body.contains("03/12/2026"), "{body}");
        let (subject, body) = failed_charge("Luis", PlanOwner::Company("Andina"), amount, "declined", None, false);
        assert_eq!(subject, "The subscription was canceled");
        assert!(body.contains("Andina's plan") && body.starts_with("Hi Luis"), "{body}");
    }
}
