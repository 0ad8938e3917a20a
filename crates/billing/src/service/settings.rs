//! Billing's configuration, read from the environment (the app's `Config` embeds it):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `BILLING_SELLER_RUC` | a sample RUC outside production (required in production) | the RUC receipts are issued under |
//! | `BILLING_SELLER_NAME` | `Entrevistador Inteligente S.A.C.` | the legal name printed on receipts |
//! | `BILLING_SELLER_ADDRESS` | `Av. Javier Prado Este 123, San Isidro, Lima` | the fiscal address printed on receipts |
//! | `IGV_RATE` | `0.18` | IGV as a fraction (0 to 0.5); prices include it |

use platform::storage::SettingsError;
use rust_decimal::Decimal;

use crate::domain::documents::{Party, TaxIdKind};
use crate::domain::tax::{check_ruc, default_igv_rate};

/// A RUC with a valid check digit, for development only.
const SAMPLE_RUC: &str = "20601234565";

#[derive(Debug, Clone)]
pub struct BillingSettings {
    /// Who issues the receipts.
    pub seller: Party,
    pub igv_rate: Decimal,
}

impl BillingSettings {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>, production: bool) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let problem = |variable: &'static str, problem: String| SettingsError { variable, problem };
        let ruc = match get("BILLING_SELLER_RUC") {
            Some(ruc) => ruc,
            None if production => return Err(problem("BILLING_SELLER_RUC", "is required in production".into())),
            None => SAMPLE_RUC.into(),
        };
        check_ruc(&ruc).map_err(|p| problem("BILLING_SELLER_RUC", p.message("ruc")))?;
        let igv_rate = match get("IGV_RATE") {
            Some(raw) => raw
                .parse::<Decimal>()
                .ok()
                .filter(|rate| *rate >= Decimal::ZERO && *rate <= Decimal::new(5, 1))
                .ok_or_else(|| {
                    problem("IGV_RATE", format!("invalid value {raw:?} (expected a fraction from 0 to 0.5)"))
                })?,
            None => default_igv_rate(),
        };
        Ok(Self {
            seller: Party {
                id_kind: TaxIdKind::Ruc,
                id: ruc,
                name: get("BILLING_SELLER_NAME").unwrap_or_else(|| "Entrevistador Inteligente S.A.C.".into()),
                address: Some(
                    get("BILLING_SELLER_ADDRESS")
                        .unwrap_or_else(|| "Av. Javier Prado Este 123, San Isidro, Lima".into()),
                ),
            },
            igv_rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)], production: bool) -> Result<BillingSettings, SettingsError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        BillingSettings::from_lookup(
            move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            production,
        )
    }

    #[test]
    fn the_seller_and_the_rate_are_checked() {
        let dev = read(&[], false).unwrap();
        assert_eq!((dev.seller.id.as_str(), dev.igv_rate), (SAMPLE_RUC, Decimal::new(18, 2)));
        assert_eq!(read(&[], true).unwrap_err().variable, "BILLING_SELLER_RUC");
        assert_eq!(read(&[("BILLING_SELLER_RUC", "20601234564")], false).unwrap_err().variable, "BILLING_SELLER_RUC");
        assert_eq!(read(&[("IGV_RATE", "18")], false).unwrap_err().variable, "IGV_RATE");
        let set = read(&[("BILLING_SELLER_RUC", "20131312955"), ("IGV_RATE", "0.10")], true).unwrap();
        assert_eq!((set.seller.id.as_str(), set.igv_rate), ("20131312955", Decimal::new(10, 2)));
    }
}
