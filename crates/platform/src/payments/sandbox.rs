//! A provider for development and demos that takes no money and needs no account, yet behaves
//! like the real ones: a charge is pending when asked for, and its outcome arrives later as a
//! signed webhook (header `sandbox-signature: t=…,v1=…`, Stripe's scheme) through the same
//! route, checks and idempotency as a real provider's.
//!
//! The outcome follows the test payment methods people know from Stripe's documentation:
//! `pm_card_visa` and `pm_card_mastercard` pay, `pm_card_chargeDeclined` and
//! `pm_card_chargeDeclinedInsufficientFunds` are declined; for Yape, `yape_approved` and
//! `yape_rejected`; for a bank transfer, `transfer_approved`. The sandbox keeps no state of its
//! own: a charge's reference carries what [`fetch`](PaymentProvider::fetch) needs (our payment
//! id, the amount and the outcome), so every replica answers the same.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::AppError;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::signature::{fresh, header_pairs, hmac_hex, hmac_matches};
use super::{
    ChargeRequest, ChargeStatus, MethodType, PaymentProvider, ProviderCharge, WebhookNotice, WebhookRefusal,
    WebhookRequest, cents,
};

const SIGNATURE_HEADER: &str = "sandbox-signature";

/// What a test payment method does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    code: &'static str,
    token: &'static str,
    kind: MethodType,
    last4: Option<&'static str>,
    /// `None`: paid; else the refusal.
    refusal: Option<&'static str>,
}

const OUTCOMES: [Outcome; 7] = [
    Outcome { code: "visa", token: "pm_card_visa", kind: MethodType::Card, last4: Some("4242"), refusal: None },
    Outcome { code: "mc", token: "pm_card_mastercard", kind: MethodType::Card, last4: Some("4444"), refusal: None },
    Outcome {
        code: "declined",
        token: "pm_card_chargeDeclined",
        kind: MethodType::Card,
        last4: Some("0002"),
        refusal: Some("Your card was declined."),
    },
    Outcome {
        code: "funds",
        token: "pm_card_chargeDeclinedInsufficientFunds",
        kind: MethodType::Card,
        last4: Some("9995"),
        refusal: Some("Your card has insufficient funds."),
    },
    Outcome { code: "yape", token: "yape_approved", kind: MethodType::Yape, last4: None, refusal: None },
    Outcome {
        code: "yapeno",
        token: "yape_rejected",
        kind: MethodType::Yape,
        last4: None,
        refusal: Some("Yape rejected the payment."),
    },
    Outcome {
        code: "transfer",
        token: "transfer_approved",
        kind: MethodType::BankTransfer,
        last4: None,
        refusal: None,
    },
];

/// The sandbox's fee: 3.99% of the amount, to the cent (what a card acquirer in Peru keeps,
/// roughly), so reports show one.
fn fee(amount: Decimal) -> Decimal {
    (amount * Decimal::new(399, 4)).round_dp(2)
}

pub struct SandboxProvider {
    secret: Vec<u8>,
    tolerance_secs: i64,
}

impl SandboxProvider {
    pub fn new(secret: &[u8], tolerance_secs: i64) -> Self {
        Self { secret: secret.to_vec(), tolerance_secs }
    }

    /// The signature header for `body` sent at `at`.
    pub fn sign(&self, body: &[u8], at: DateTime<Utc>) -> String {
        let t = at.timestamp();
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(body);
        format!("t={t},v1={}", hmac_hex(&self.secret, &signed))
    }

    fn outcome_of_token(token: &str) -> Option<&'static Outcome> {
        OUTCOMES.iter().find(|outcome| outcome.token == token)
    }

    /// `sbx_{payment id}_{cents}_{outcome}_{status}`: status `p` pending, `r` refunded.
    fn decode(reference: &str) -> Option<(Uuid, Decimal, &'static Outcome, bool)> {
        let mut parts = reference.strip_prefix("sbx_")?.split('_');
        let payment_id = Uuid::parse_str(parts.next()?).ok()?;
        let cents: i64 = parts.next()?.parse().ok().filter(|cents| *cents > 0)?;
        let code = parts.next()?;
        let outcome = OUTCOMES.iter().find(|outcome| outcome.code == code)?;
        let refunded = match parts.next()? {
            "p" => false,
            "r" => true,
            _ => return None,
        };
        parts.next().is_none().then_some((payment_id, Decimal::new(cents, 2), outcome, refunded))
    }

    fn charge_of(
        reference: String,
        payment_id: Uuid,
        amount: Decimal,
        outcome: &Outcome,
        status: ChargeStatus,
    ) -> ProviderCharge {
        ProviderCharge {
            reference,
            payment_id: Some(payment_id),
            status,
            amount,
            currency: "PEN".into(),
            method: Some(outcome.kind),
            last4: outcome.last4.map(Into::into),
            fee: (status == ChargeStatus::Succeeded).then(|| fee(amount)),
            failure_reason: outcome.refusal.filter(|_| status == ChargeStatus::Failed).map(Into::into),
            reusable_method: outcome.refusal.is_none().then(|| outcome.token.into()),
        }
    }
}

fn unknown_reference() -> AppError {
    AppError::NotFound("payment at the sandbox")
}

#[async_trait]
impl PaymentProvider for SandboxProvider {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderCharge, AppError> {
        let outcome = Self::outcome_of_token(&request.method.token).ok_or_else(|| {
            let known: Vec<&str> = OUTCOMES.iter().map(|outcome| outcome.token).collect();
            AppError::invalid(
                "payment_method.token",
                "unknown",
                format!("the sandbox knows the test methods {}", known.join(", ")),
            )
        })?;
        if outcome.kind != request.method.kind {
            return Err(AppError::invalid(
                "payment_method.kind",
                "mismatch",
                format!("{} is a {:?} test method", outcome.token, outcome.kind).to_lowercase(),
            ));
        }
        let cents = cents(request.amount)?;
        let reference = format!("sbx_{}_{cents}_{}_p", request.payment_id.simple(), outcome.code);
        Ok(Self::charge_of(reference, request.payment_id, request.amount, outcome, ChargeStatus::Pending))
    }

    async fn fetch(&self, reference: &str) -> Result<ProviderCharge, AppError> {
        let (payment_id, amount, outcome, refunded) = Self::decode(reference).ok_or_else(unknown_reference)?;
        let status = match (outcome.refusal, refunded) {
            (Some(_), _) => ChargeStatus::Failed,
            (None, false) => ChargeStatus::Succeeded,
            (None, true) => ChargeStatus::Refunded,
        };
        Ok(Self::charge_of(reference.into(), payment_id, amount, outcome, status))
    }

    async fn refund(&self, reference: &str, amount: Decimal) -> Result<ProviderCharge, AppError> {
        let (payment_id, paid, outcome, refunded) = Self::decode(reference).ok_or_else(unknown_reference)?;
        if outcome.refusal.is_some() || refunded {
            return Err(AppError::Conflict("only a paid charge can be refunded".into()));
        }
        if amount != paid {
            return Err(AppError::invalid("amount", "partial", "the sandbox refunds whole charges only"));
        }
        let refunded_reference = format!("{}r", reference.strip_suffix('p').ok_or_else(unknown_reference)?);
        Ok(Self::charge_of(refunded_reference, payment_id, paid, outcome, ChargeStatus::Refunded))
    }

    fn verify(&self, webhook: &WebhookRequest, now: DateTime<Utc>) -> Result<WebhookNotice, WebhookRefusal> {
        let header = webhook
            .header(SIGNATURE_HEADER)
            .ok_or_else(|| WebhookRefusal::Signature(format!("no {SIGNATURE_HEADER} header")))?;
        let pairs = header_pairs(header);
        let t = pairs
            .iter()
            .find(|(key, _)| *key == "t")
            .map(|(_, value)| *value)
            .ok_or_else(|| WebhookRefusal::Signature("the signature has no timestamp (t=)".into()))?;
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(&webhook.body);
        let matches =
            pairs.iter().filter(|(key, _)| *key == "v1").any(|(_, value)| hmac_matches(&self.secret, &signed, value));
        if !matches {
            return Err(WebhookRefusal::Signature("the signature does not match the body".into()));
        }
        fresh(t, now, self.tolerance_secs)?;
        let event: serde_json::Value = serde_json::from_slice(&webhook.body)
            .map_err(|e| WebhookRefusal::Malformed(format!("the body is not JSON: {e}")))?;
        let text = |pointer: &str| event.pointer(pointer).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(WebhookNotice {
            event_id: text("/id").ok_or_else(|| WebhookRefusal::Malformed("the event has no id".into()))?,
            kind: text("/type").unwrap_or_default(),
            reference: text("/data/reference"),
        })
    }

    fn simulated_webhook(&self, charge: &ProviderCharge, now: DateTime<Utc>) -> Option<WebhookRequest> {
        let body = json!({
            "id": format!("evt_sbx_{}", Uuid::now_v7().simple()),
            "type": "charge.updated",
            "created": now.timestamp(),
            "data": { "reference": charge.reference },
        })
        .to_string()
        .into_bytes();
        Some(WebhookRequest {
            headers: vec![
                (SIGNATURE_HEADER.into(), self.sign(&body, now)),
                ("content-type".into(), "application/json".into()),
            ],
            query: String::new(),
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::PaymentMethod;

    fn request(token: &str, kind: MethodType, amount: &str) -> ChargeRequest {
        ChargeRequest {
            payment_id: Uuid::now_v7(),
            amount: amount.parse().unwrap(),
            currency: "PEN".into(),
            description: "Pro mensual".into(),
            method: PaymentMethod { kind, token: token.into(), provider_method: None },
            payer_email: None,
        }
    }

    #[tokio::test]
    async fn a_charge_is_pending_until_its_webhook_and_then_decided_by_the_test_method() {
        let sandbox = SandboxProvider::new(b"secret", 300);
        let paid = sandbox.charge(&request("pm_card_visa", MethodType::Card, "29.90")).await.unwrap();
        assert_eq!(paid.status, ChargeStatus::Pending);
        let fetched = sandbox.fetch(&paid.reference).await.unwrap();
        assert_eq!((fetched.status, fetched.last4.as_deref()), (ChargeStatus::Succeeded, Some("4242")));
        assert_eq!((fetched.amount, fetched.fee), ("29.90".parse().unwrap(), Some("1.19".parse().unwrap())));

        let declined = sandbox.charge(&request("pm_card_chargeDeclined", MethodType::Card, "29.90")).await.unwrap();
        let fetched = sandbox.fetch(&declined.reference).await.unwrap();
        assert_eq!(fetched.status, ChargeStatus::Failed);
        assert_eq!(fetched.failure_reason.as_deref(), Some("Your card was declined."));
        assert_eq!((fetched.fee, fetched.reusable_method), (None, None));

        let refunded = sandbox.refund(&paid.reference, "29.90".parse().unwrap()).await.unwrap();
        assert_eq!(sandbox.fetch(&refunded.reference).await.unwrap().status, ChargeStatus::Refunded);
        assert!(sandbox.refund(&declined.reference, "29.90".parse().unwrap()).await.is_err());
    }

    #[tokio::test]
    async fn unknown_methods_amounts_and_references_are_refused() {
        let sandbox = SandboxProvider::new(b"secret", 300);
        assert!(sandbox.charge(&request("4111111111111111", MethodType::Card, "10")).await.is_err());
        assert!(sandbox.charge(&request("yape_approved", MethodType::Card, "10")).await.is_err());
        assert!(sandbox.charge(&request("pm_card_visa", MethodType::Card, "10.001")).await.is_err());
        for forged in ["sbx_x_100_visa_p", "pi_123", "sbx_0190c3e0a5b07c3d8e1f2a3b4c5d6e7f_100_gold_p"] {
            assert!(sandbox.fetch(forged).await.is_err(), "{forged}");
        }
    }

    #[tokio::test]
    async fn its_webhooks_verify_and_forgeries_and_replays_do_not() {
        let sandbox = SandboxProvider::new(b"secret", 300);
        let now = Utc::now();
        let charge = sandbox.charge(&request("yape_approved", MethodType::Yape, "59.90")).await.unwrap();
        let webhook = sandbox.simulated_webhook(&charge, now).unwrap();
        let notice = sandbox.verify(&webhook, now).unwrap();
        assert_eq!(notice.reference.as_deref(), Some(charge.reference.as_str()));
        assert!(notice.event_id.starts_with("evt_sbx_"));

        let mut tampered = webhook.clone();
        tampered.body = String::from_utf8(tampered.body).unwrap().replace("sbx_", "sbx_0").into_bytes();
        assert!(matches!(sandbox.verify(&tampered, now), Err(WebhookRefusal::Signature(_))));
        let late = now + chrono::Duration::seconds(301);
        assert!(matches!(sandbox.verify(&webhook, late), Err(WebhookRefusal::Signature(_))), "a replay");
        let other = SandboxProvider::new(b"another secret", 300);
        assert!(matches!(other.verify(&webhook, now), Err(WebhookRefusal::Signature(_))));
        assert!(matches!(sandbox.verify(&WebhookRequest::default(), now), Err(WebhookRefusal::Signature(_))));
    }
}
