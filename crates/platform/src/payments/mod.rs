//! The payment-provider port: charge a payment method, learn what became of a charge, and check
//! the webhooks a provider sends about it.
//!
//! Three adapters speak it: [`StripeProvider`] (Stripe's PaymentIntents API and signed events),
//! [`MercadoPagoProvider`] (Mercado Pago's Payments API and `x-signature` notifications) and
//! [`SandboxProvider`], the default for development, which needs no account and behaves like the
//! others: a charge is pending when asked for and confirmed later by a signed webhook that goes
//! through the same path as a real provider's.
//!
//! A webhook is only a notice: the billing context asks the provider for the charge's current
//! state ([`PaymentProvider::fetch`]) before it acts, so notices that arrive twice, late or out
//! of order all lead to the same state.

mod mercadopago;
mod sandbox;
mod settings;
mod signature;
mod stripe;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use kernel::AppError;
use reqwest::{RequestBuilder, StatusCode};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::http_retry::{Failure, provider_message};

pub use mercadopago::MercadoPagoProvider;
pub use sandbox::SandboxProvider;
pub use settings::PaymentSettings;
pub use stripe::StripeProvider;

/// How a person paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodType {
    Card,
    BankTransfer,
    Yape,
}

/// A payment method as the client got it from the provider's own widget (card numbers never
/// reach this server): a Stripe `pm_…` id, a Mercado Pago card token, a Yape token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub kind: MethodType,
    pub token: String,
    /// The provider's name for the method where it needs one (Mercado Pago's
    /// `payment_method_id`: `visa`, `master`, `yape`, `pagoefectivo_atm`).
    pub provider_method: Option<String>,
}

/// A charge to ask the provider for.
#[derive(Debug, Clone)]
pub struct ChargeRequest {
    /// Our payment's id: the provider's idempotency key and the reference it echoes back.
    pub payment_id: Uuid,
    /// In major units (soles), two decimals.
    pub amount: Decimal,
    /// ISO 4217, upper case ("PEN").
    pub currency: String,
    pub description: String,
    pub method: PaymentMethod,
    pub payer_email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    /// Asked for; the provider has not decided (or waits on the payer).
    Pending,
    Succeeded,
    Failed,
    /// Paid, then given back in full.
    Refunded,
}

/// What the provider says about a charge.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderCharge {
    /// The provider's id of the charge (`pi_…`, a Mercado Pago payment number).
    pub reference: String,
    /// Our payment id, as the provider echoes it back (metadata, external reference).
    pub payment_id: Option<Uuid>,
    pub status: ChargeStatus,
    /// In major units.
    pub amount: Decimal,
    pub currency: String,
    pub method: Option<MethodType>,
    /// A card's last four digits.
    pub last4: Option<String>,
    /// What the provider keeps, in major units, when it says.
    pub fee: Option<Decimal>,
    /// The provider's words for a refusal.
    pub failure_reason: Option<String>,
    /// A reference to charge the same method again (renewals), when the provider keeps one.
    pub reusable_method: Option<String>,
}

/// A webhook delivery as it arrived: header names lower case, the raw query and body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookRequest {
    pub headers: Vec<(String, String)>,
    pub query: String,
    pub body: Vec<u8>,
}

impl WebhookRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The first value of query parameter `name`, percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into())
    }
}

/// A webhook that passed its signature check: which event (for idempotency) about which charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookNotice {
    /// The provider's id of the event (`evt_…`, Mercado Pago's notification id).
    pub event_id: String,
    /// The event's type as the provider names it (`payment_intent.succeeded`, `payment.updated`).
    pub kind: String,
    /// The charge it is about; `None` for events about something else (acknowledged, ignored).
    pub reference: Option<String>,
}

/// Why a webhook is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookRefusal {
    /// No signature, a wrong one, or one too old (a replay): answered 401.
    Signature(String),
    /// Signed but not a notice this adapter can read: answered 400.
    Malformed(String),
}

/// An amount in cents: providers count in them, and an amount between two cents could only be
/// charged rounded, which is not what was asked.
pub(crate) fn cents(amount: Decimal) -> Result<i64, AppError> {
    amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .filter(|cents| *cents > Decimal::ZERO && cents.fract().is_zero())
        .and_then(|cents| cents.to_i64())
        .ok_or_else(|| AppError::invalid("amount", "not_cents", format!("{amount} is not a positive number of cents")))
}

/// Sends a charge and reads its answer, as `http_retry::exchange` does, except that a status in
/// `answers` (Stripe's 402, which carries the declined intent) is an answer to read, and a 400
/// refuses the payer's method or token (every other field of a charge is ours), which the payer
/// can fix.
pub(crate) async fn send_charge(
    request: RequestBuilder,
    answers: &[StatusCode],
    broken: impl Fn(String) -> AppError,
) -> Result<(StatusCode, Bytes), Failure> {
    let response = request.send().await.map_err(|e| Failure::lost(e, &broken))?;
    let (status, headers) = (response.status(), response.headers().clone());
    let answer = response.bytes().await.map_err(|e| Failure::lost(e, &broken))?;
    match status {
        status if status.is_success() || answers.contains(&status) => Ok((status, answer)),
        StatusCode::BAD_REQUEST => {
            Err(Failure::Final(AppError::invalid("payment_method", "refused", provider_message(&answer))))
        }
        status => Err(Failure::refused(status, &headers, &answer, broken)),
    }
}

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The provider's name in payments and webhook paths: `stripe`, `mercadopago`, `sandbox`.
    fn name(&self) -> &'static str;

    /// Asks for a charge. A refusal the provider decides at once comes back as a `Failed`
    /// charge, not an error; errors are for a provider that cannot be reached or refuses our
    /// request itself.
    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderCharge, AppError>;

    /// The charge's current state.
    async fn fetch(&self, reference: &str) -> Result<ProviderCharge, AppError>;

    /// Gives back `amount` (major units) of a succeeded charge; the charge as it stands after.
    async fn refund(&self, reference: &str, amount: Decimal) -> Result<ProviderCharge, AppError>;

    /// Checks a webhook's signature (and, where the provider signs a time, that it is recent).
    fn verify(&self, webhook: &WebhookRequest, now: DateTime<Utc>) -> Result<WebhookNotice, WebhookRefusal>;

    /// The webhook this provider will send about `charge` by itself, for a provider that
    /// confirms asynchronously inside this process (the sandbox); real providers send their own.
    fn simulated_webhook(&self, _charge: &ProviderCharge, _now: DateTime<Utc>) -> Option<WebhookRequest> {
        None
    }
}
