//! Peruvian tax rules: IGV (18% by default, configurable) on prices that include it, and the
//! identity numbers a receipt names: RUC (companies and people with a business, 11 digits with a
//! check digit) and DNI (people, 8 digits).

use rust_decimal::{Decimal, RoundingStrategy};

/// IGV as SUNAT sets it today; configurable because the rate has changed before.
pub fn default_igv_rate() -> Decimal {
    Decimal::new(18, 2)
}

/// Money to the cent, halves away from zero (SUNAT's rounding for amounts on receipts).
pub fn to_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A price that includes IGV split into its taxable base and its IGV, to the cent, so that the
/// two always add up to the price.
pub fn split_igv(price_with_igv: Decimal, rate: Decimal) -> (Decimal, Decimal) {
    let total = to_cents(price_with_igv);
    let base = to_cents(total / (Decimal::ONE + rate));
    (base, total - base)
}

/// Why a RUC or DNI is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    Length,
    NotDigits,
    /// A RUC starts with 10 (a person with a business), 15, 16, 17 or 20 (a company).
    Prefix,
    CheckDigit,
}

impl IdProblem {
    pub fn message(self, kind: &str) -> String {
        match self {
            Self::Length if kind == "ruc" => "a RUC has 11 digits".into(),
            Self::Length => "a DNI has 8 digits".into(),
            Self::NotDigits => format!("a {} has digits only", kind.to_uppercase()),
            Self::Prefix => "a RUC starts with 10, 15, 16, 17 or 20".into(),
            Self::CheckDigit => "the RUC's last digit does not match the others (check digit)".into(),
        }
    }
}

/// A RUC as SUNAT issues them: 11 digits, a known prefix, and a last digit computed from the
/// first ten (weights 5 4 3 2 7 6 5 4 3 2, modulo 11).
pub fn check_ruc(ruc: &str) -> Result<(), IdProblem> {
    if ruc.chars().count() != 11 {
        return Err(IdProblem::Length);
    }
    let digits: Vec<u32> = ruc.chars().map(|c| c.to_digit(10)).collect::<Option<_>>().ok_or(IdProblem::NotDigits)?;
    if !["10", "15", "16", "17", "20"].contains(&&ruc[..2]) {
        return Err(IdProblem::Prefix);
    }
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 1,
        n => n,
    };
    if digits[10] == check { Ok(()) } else { Err(IdProblem::CheckDigit) }
}

/// A DNI: 8 digits (its verification digit is printed apart and not part of the number).
pub fn check_dni(dni: &str) -> Result<(), IdProblem> {
    if dni.chars().count() != 8 {
        return Err(IdProblem::Length);
    }
    if dni.chars().all(|c| c.is_ascii_digit()) { Ok(()) } else { Err(IdProblem::NotDigits) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn igv_splits_a_price_into_parts_that_add_up() {
        let rate = default_igv_rate();
        assert_eq!(split_igv(money("29.90"), rate), (money("25.34"), money("4.56")));
        assert_eq!(split_igv(money("59.90"), rate), (money("50.76"), money("9.14")));
        assert_eq!(split_igv(money("118.00"), rate), (money("100.00"), money("18.00")));
        assert_eq!(split_igv(money("0"), rate), (money("0"), money("0")));
        for cents in [1, 7, 99, 2990, 99900, 123457] {
            let price = Decimal::new(cents, 2);
            let (base, igv) = split_igv(price, rate);
            assert_eq!(base + igv, price, "{price}");
            assert_eq!((base.scale() <= 2, igv.scale() <= 2), (true, true));
        }
        assert_eq!(split_igv(money("110.00"), money("0.10")), (money("100.00"), money("10.00")), "another rate");
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(to_cents(money("2.345")), money("2.35"));
        assert_eq!(to_cents(money("2.344")), money("2.34"));
        assert_eq!(to_cents(money("-2.345")), money("-2.35"));
    }

    #[test]
    fn a_ruc_must_carry_its_check_digit() {
        // SUNAT's own RUC, and a person's RUC built on a DNI.
        assert_eq!(check_ruc("20131312955"), Ok(()));
        assert_eq!(check_ruc("10467793549"), Ok(()));
        assert_eq!(check_ruc("20131312954"), Err(IdProblem::CheckDigit));
        assert_eq!(check_ruc("2013131295"), Err(IdProblem::Length));
        assert_eq!(check_ruc("2013131295a"), Err(IdProblem::NotDigits));
        assert_eq!(check_ruc("30131312955"), Err(IdProblem::Prefix));
        assert_eq!(check_ruc("２0131312955"), Err(IdProblem::NotDigits), "full-width digits are not digits here");
    }

    #[test]
    fn a_dni_has_eight_digits() {
        assert_eq!(check_dni("46779354"), Ok(()));
        assert_eq!(check_dni("4677935"), Err(IdProblem::Length));
        assert_eq!(check_dni("4677935X"), Err(IdProblem::NotDigits));
        assert_eq!(IdProblem::Length.message("dni"), "a DNI has 8 digits");
    }
}
