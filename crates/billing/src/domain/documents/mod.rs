//! An electronic receipt as a document: what SUNAT's UBL 2.1 XML ([`ubl`]) and the printable PDF
//! ([`pdf`]) are both drawn from, so the two always say the same.

pub mod pdf;
pub mod ubl;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::receipts::{ReceiptKind, ReceiptNumber};

/// How a party is identified: SUNAT's catalogue 06 (`6` RUC, `1` DNI, `0` none, for boletas
/// under the amount that needs one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxIdKind {
    Ruc,
    Dni,
    None,
}

impl TaxIdKind {
    pub fn sunat_code(self) -> &'static str {
        match self {
            Self::Ruc => "6",
            Self::Dni => "1",
            Self::None => "0",
        }
    }
}

/// The seller or the buyer.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id_kind: TaxIdKind,
    /// The RUC or DNI; `-` when `id_kind` is `None`.
    pub id: String,
    /// Legal name (razón social) or the person's name.
    pub name: String,
    pub address: Option<String>,
}

/// One line: a plan's period, priced with IGV included.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub description: String,
    pub quantity: u32,
    /// Unit price with IGV.
    pub unit_price: Decimal,
    /// The line's taxable base (without IGV).
    pub base: Decimal,
    pub igv: Decimal,
    /// base + igv.
    pub total: Decimal,
}

/// The receipt a credit note takes back, and why (SUNAT's catalogue 09 code and words).
#[derive(Debug, Clone, PartialEq)]
pub struct Credited {
    pub kind: ReceiptKind,
    pub number: ReceiptNumber,
    /// Catalogue 09: `01` annulment, `06` full refund, `07` refund of an item, …
    pub reason_code: String,
    pub reason: String,
}

/// Everything printed on a receipt (factura, boleta) or a credit note.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptDocument {
    pub kind: ReceiptKind,
    pub number: ReceiptNumber,
    pub issued_at: DateTime<Utc>,
    /// ISO 4217 ("PEN").
    pub currency: String,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Vec<Line>,
    /// IGV rate, e.g. 0.18.
    pub igv_rate: Decimal,
    /// Sums of the lines.
    pub base: Decimal,
    pub igv: Decimal,
    pub total: Decimal,
    /// For a credit note: the receipt it takes back.
    pub credited: Option<Credited>,
}
