//! Electronic receipts' kinds and numbers as SUNAT expects them: a factura (companies, to a RUC)
//! or a boleta (people), numbered by series and correlative, e.g. `F001-00000042`. The next
//! correlative is taken in the database, one series row locked at a time, so numbers never skip.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A receipt's kind, which fixes its series' first letter and its SUNAT document code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    /// Factura: to a RUC.
    Invoice,
    /// Boleta de venta: to a person (DNI, or none under the limit SUNAT allows).
    Receipt,
    /// Nota de crédito taking back (part of) a factura: an F series.
    InvoiceCreditNote,
    /// Nota de crédito taking back (part of) a boleta: a B series.
    ReceiptCreditNote,
}

impl ReceiptKind {
    /// SUNAT's catalogue 01 code.
    pub fn sunat_code(self) -> &'static str {
        match self {
            Self::Invoice => "01",
            Self::Receipt => "03",
            Self::InvoiceCreditNote | Self::ReceiptCreditNote => "07",
        }
    }

    /// The credit note that takes back (part of) a receipt of this kind.
    pub fn credit_note(self) -> Self {
        match self {
            Self::Invoice | Self::InvoiceCreditNote => Self::InvoiceCreditNote,
            Self::Receipt | Self::ReceiptCreditNote => Self::ReceiptCreditNote,
        }
    }

    pub fn is_credit_note(self) -> bool {
        matches!(self, Self::InvoiceCreditNote | Self::ReceiptCreditNote)
    }

    /// The letter every series of this kind starts with.
    pub fn series_letter(self) -> char {
        match self {
            Self::Invoice | Self::InvoiceCreditNote => 'F',
            Self::Receipt | Self::ReceiptCreditNote => 'B',
        }
    }
}

/// A receipt number: a series of four characters (a letter, then three digits or capitals, as
/// in `F001` or the credit notes' `FC01`) and a correlative of
/// at most eight digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptNumber {
    pub series: String,
    pub correlative: u32,
}

/// The largest correlative a series holds; the next receipt needs a new series.
pub const MAX_CORRELATIVE: u32 = 99_999_999;

impl ReceiptNumber {
    /// The number `correlative` of series `series` (e.g. `F001`), if both are well formed.
    pub fn new(series: &str, correlative: u32) -> Option<Self> {
        let mut chars = series.chars();
        let letter_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
        let digits_ok = series.len() == 4 && chars.all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        (letter_ok && digits_ok && (1..=MAX_CORRELATIVE).contains(&correlative))
            .then(|| Self { series: series.to_owned(), correlative })
    }

    /// Reads `F001-00000042`.
    pub fn parse(text: &str) -> Option<Self> {
        let (series, correlative) = text.split_once('-')?;
        if correlative.len() != 8 || !correlative.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Self::new(series, correlative.parse().ok()?)
    }
}

impl fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:08}", self.series, self.correlative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_and_print_as_sunat_writes_them() {
        let number = ReceiptNumber::new("F001", 42).unwrap();
        assert_eq!(number.to_string(), "F001-00000042");
        assert_eq!(ReceiptNumber::parse("F001-00000042"), Some(number));
        assert_eq!(ReceiptNumber::new("B002", MAX_CORRELATIVE).unwrap().to_string(), "B002-99999999");
        assert_eq!(ReceiptNumber::parse("FC01-00000001"), ReceiptNumber::new("FC01", 1));
        for bad in [
            "F001-42",
            "F01-00000042",
            "f001-00000042",
            "Fc01-00000042",
            "F001-0000004X",
            "F001-00000000",
            "F00100000042",
        ] {
            assert_eq!(ReceiptNumber::parse(bad), None, "{bad}");
        }
        assert_eq!(ReceiptNumber::new("F001", MAX_CORRELATIVE + 1), None);
    }

    #[test]
    fn kinds_carry_their_series_letter_and_code() {
        assert_eq!((ReceiptKind::Invoice.series_letter(), ReceiptKind::Invoice.sunat_code()), ('F', "01"));
        assert_eq!((ReceiptKind::Receipt.series_letter(), ReceiptKind::Receipt.sunat_code()), ('B', "03"));
        let credit = ReceiptKind::ReceiptCreditNote;
        assert_eq!((credit.series_letter(), credit.sunat_code()), ('B', "07"));
    }
}
