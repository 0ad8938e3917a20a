//! Stripe's PaymentIntents API, form-encoded, with a bearer secret key and `Stripe-Version`
//! pinned. A charge is `POST /v1/payment_intents` created and confirmed at once (`confirm=true`,
//! `Idempotency-Key` = our payment id, `amount` in integer cents, `currency` lower case); it is
//! read back with `GET /v1/payment_intents/{id}` and refunded with `POST /v1/refunds`, each
//! answer expanding `latest_charge.balance_transaction` (the card's last digits and the fee).
//! A card declined on confirm is answered 402 `{"error": {"type": "card_error", "message", …,
//! "payment_intent": {…}}}`.
//!
//! Events are signed in `Stripe-Signature: t={unix},v1={hex}[,v1=…]`: HMAC-SHA256 of
//! `{t}.{raw body}` under the endpoint secret, the whole `whsec_…` string as its bytes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::AppError;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, StatusCode};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use url::form_urlencoded::Serializer;

use super::settings::Endpoint;
use super::signature::{fresh, header_pairs, hmac_matches};
use super::{
    ChargeRequest, ChargeStatus, MethodType, PaymentProvider, ProviderCharge, WebhookNotice, WebhookRefusal,
    WebhookRequest, cents, send_charge,
};
use crate::http_retry::{exchange, with_retries};

const NAME: &str = "stripe";

/// The API version the decoding below is written for (`latest_charge` exists from 2022-11-15):
/// pinned so that upgrading the account's default version cannot change what comes back.
const API_VERSION: &str = "2024-06-20";

/// Expanding the charge's balance transaction expands the charge too: one request tells the
/// status, the card and the fee.
const EXPAND: (&str, &str) = ("expand[]", "latest_charge.balance_transaction");

pub struct StripeProvider {
    endpoint: Endpoint,
}

impl StripeProvider {
    pub(crate) fn new(endpoint: Endpoint) -> Self {
        Self { endpoint }
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        self.endpoint
            .client
            .request(method, url)
            .bearer_auth(&self.endpoint.api_key)
            .header("Stripe-Version", API_VERSION)
    }

    /// A customer for a new card, so renewals can charge it (one per payment: the key makes a
    /// retried checkout reuse it).
    async fn new_customer(&self, request: &ChargeRequest) -> Result<String, AppError> {
        let url = format!("{}/v1/customers", self.endpoint.url);
        let form = {
            let mut form = Serializer::new(String::new());
            form.append_pair("metadata[payment_id]", &request.payment_id.to_string());
            if let Some(email) = &request.payer_email {
                form.append_pair("email", email);
            }
            form.finish()
        };
        let key = format!("customer-{}", request.payment_id);
        let answer =
            with_retries(NAME, &url, self.endpoint.retries, || exchange(self.post(&url, &key, &form), broken)).await?;
        let customer: Customer =
            serde_json::from_slice(&answer).map_err(|e| broken(format!("the answer is not a customer: {e}")))?;
        Ok(customer.id)
    }

    /// A form POST that Stripe performs once however often it arrives with the same key.
    fn post(&self, url: &str, idempotency_key: &str, form: &str) -> RequestBuilder {
        self.request(Method::POST, url)
            .header("Idempotency-Key", idempotency_key)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.to_owned())
    }
}

fn broken(problem: String) -> AppError {
    Endpoint::broken(NAME, problem)
}

/// An intent id is `pi_` and letters and digits; anything else cannot name one, and must not
/// reach the request's path.
fn intent_id(reference: &str) -> Result<&str, AppError> {
    if !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(reference)
    } else {
        Err(AppError::invalid("reference", "malformed", format!("{reference:?} is not a Stripe PaymentIntent id")))
    }
}

/// A card saved for renewals: Stripe charges a PaymentMethod without its payer only when it is
/// attached to a customer, so the reusable reference names both (`cus_…:pm_…`).
fn saved(token: &str) -> Option<(&str, &str)> {
    token.split_once(':').filter(|(customer, method)| customer.starts_with("cus_") && !method.is_empty())
}

/// The confirm request: a saved card is charged off-session for its customer; a new one is
/// attached to `customer` (`setup_future_usage`) so that renewals can charge it.
fn charge_form(request: &ChargeRequest, customer: &str) -> Result<String, AppError> {
    let (method, saved_card) = match saved(&request.method.token) {
        Some((_, method)) => (method, true),
        None => (request.method.token.as_str(), false),
    };
    let mut form = Serializer::new(String::new());
    form.append_pair("amount", &cents(request.amount)?.to_string())
        .append_pair("currency", &request.currency.to_lowercase())
        .append_pair("confirm", "true")
        .append_pair("customer", customer)
        .append_pair("payment_method", method)
        .append_pair("payment_method_types[]", "card")
        .append_pair("description", &request.description)
        .append_pair("metadata[payment_id]", &request.payment_id.to_string())
        .append_pair(EXPAND.0, EXPAND.1);
    if saved_card {
        form.append_pair("off_session", "true");
    } else {
        form.append_pair("setup_future_usage", "off_session");
    }
    if let Some(email) = &request.payer_email {
        form.append_pair("receipt_email", email);
    }
    Ok(form.finish())
}

/// What Stripe cannot take, refused before any request.
fn check_method(request: &ChargeRequest) -> Result<(), AppError> {
    if request.method.kind != MethodType::Card {
        return Err(AppError::invalid(
            "payment_method.kind",
            "unsupported",
            "Stripe takes cards only; Yape and bank transfers go through Mercado Pago",
        ));
    }
    if request.method.token.trim().is_empty() {
        return Err(AppError::invalid("payment_method.token", "required", "the card's Stripe PaymentMethod id (pm_…)"));
    }
    Ok(())
}

#[derive(Deserialize)]
struct Customer {
    id: String,
}

/// A field Stripe answers with the object's id, or with the object when asked to expand it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Expandable<T> {
    Id(String),
    Object(T),
}

impl<T> Expandable<T> {
    fn object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }
}

#[derive(Deserialize)]
struct Intent {
    id: String,
    status: String,
    amount: i64,
    currency: String,
    metadata: Option<Metadata>,
    latest_charge: Option<Expandable<Charge>>,
    last_payment_error: Option<PaymentError>,
    payment_method: Option<Expandable<Identified>>,
    customer: Option<Expandable<Identified>>,
}

#[derive(Deserialize)]
struct Metadata {
    payment_id: Option<String>,
}

#[derive(Deserialize)]
struct Charge {
    #[serde(default)]
    refunded: bool,
    failure_message: Option<String>,
    payment_method_details: Option<MethodDetails>,
    balance_transaction: Option<Expandable<BalanceTransaction>>,
}

#[derive(Deserialize)]
struct MethodDetails {
    #[serde(rename = "type")]
    kind: String,
    card: Option<CardDetails>,
}

#[derive(Deserialize)]
struct CardDetails {
    last4: Option<String>,
}

#[derive(Deserialize)]
struct BalanceTransaction {
    fee: i64,
    currency: String,
}

#[derive(Deserialize)]
struct PaymentError {
    message: Option<String>,
}

#[derive(Deserialize)]
struct Identified {
    id: String,
}

fn decode_intent(answer: &[u8]) -> Result<ProviderCharge, String> {
    let intent: Intent =
        serde_json::from_slice(answer).map_err(|e| format!("the answer is not a PaymentIntent: {e}"))?;
    charge_of(intent)
}

fn charge_of(intent: Intent) -> Result<ProviderCharge, String> {
    let charge = intent.latest_charge.as_ref().and_then(Expandable::object);
    let status = match intent.status.as_str() {
        // The intent stays `succeeded` after a refund; only its charge tells.
        "succeeded" if charge.is_some_and(|charge| charge.refunded) => ChargeStatus::Refunded,
        "succeeded" => ChargeStatus::Succeeded,
        "processing" | "requires_action" | "requires_confirmation" | "requires_capture" => ChargeStatus::Pending,
        // Declined (it carries the error), or never given a method yet.
        "requires_payment_method" if intent.last_payment_error.is_some() => ChargeStatus::Failed,
        "requires_payment_method" => ChargeStatus::Pending,
        "canceled" => ChargeStatus::Failed,
        other => return Err(format!("PaymentIntent {} has an unknown status {other:?}", intent.id)),
    };
    let currency = intent.currency.to_uppercase();
    let details = charge.and_then(|charge| charge.payment_method_details.as_ref());
    // The fee is counted in the account's settlement currency; in another currency than the
    // charge's it cannot be set beside the amount.
    let fee = charge
        .and_then(|charge| charge.balance_transaction.as_ref()?.object())
        .filter(|transaction| transaction.currency.eq_ignore_ascii_case(&currency))
        .map(|transaction| Decimal::new(transaction.fee, 2));
    Ok(ProviderCharge {
        payment_id: intent.metadata.and_then(|metadata| metadata.payment_id?.parse().ok()),
        status,
        amount: Decimal::new(intent.amount, 2),
        method: details.filter(|details| details.kind == "card").map(|_| MethodType::Card),
        last4: details.and_then(|details| details.card.as_ref()?.last4.clone()),
        fee,
        failure_reason: intent
            .last_payment_error
            .and_then(|error| error.message)
            .or_else(|| charge.and_then(|charge| charge.failure_message.clone())),
        reusable_method: intent.customer.zip(intent.payment_method).map(|(customer, method)| {
            let id = |field: Expandable<Identified>| match field {
                Expandable::Id(id) => id,
                Expandable::Object(object) => object.id,
            };
            format!("{}:{}", id(customer), id(method))
        }),
        reference: intent.id,
        currency,
    })
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: ApiError,
}

#[derive(Deserialize)]
struct ApiError {
    message: Option<String>,
    payment_intent: Option<Intent>,
}

/// A 402: the declined intent as a failed charge. Without an intent there is no charge to
/// record, only a method the payer must change.
fn declined(answer: &[u8]) -> Result<ProviderCharge, AppError> {
    let ErrorAnswer { error } =
        serde_json::from_slice(answer).map_err(|e| broken(format!("the 402 answer is not a Stripe error: {e}")))?;
    let message = error.message.unwrap_or_else(|| "the card was declined".to_owned());
    let Some(intent) = error.payment_intent else {
        return Err(AppError::invalid("payment_method", "declined", message));
    };
    let mut charge = charge_of(intent).map_err(broken)?;
    charge.status = ChargeStatus::Failed;
    charge.failure_reason = Some(message);
    Ok(charge)
}

#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Deserialize)]
struct EventData {
    object: Value,
}

/// The intent an event is about: the object itself for `payment_intent.*`, the charge's (or
/// dispute's) `payment_intent` for `charge.*`.
fn notice(body: &[u8]) -> Result<WebhookNotice, WebhookRefusal> {
    let event: Event =
        serde_json::from_slice(body).map_err(|e| WebhookRefusal::Malformed(format!("not a Stripe event: {e}")))?;
    if event.id.is_empty() {
        return Err(WebhookRefusal::Malformed("the event has no id".into()));
    }
    let field = if event.kind.starts_with("payment_intent.") {
        Some("id")
    } else if event.kind.starts_with("charge.") {
        Some("payment_intent")
    } else {
        None
    };
    let reference = field.and_then(|field| event.data.object.get(field)?.as_str()).map(str::to_owned);
    Ok(WebhookNotice { event_id: event.id, kind: event.kind, reference })
}

#[async_trait]
impl PaymentProvider for StripeProvider {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderCharge, AppError> {
        check_method(request)?;
        let customer = match saved(&request.method.token) {
            Some((customer, _)) => customer.to_owned(),
            None => self.new_customer(request).await?,
        };
        let form = charge_form(request, &customer)?;
        let url = format!("{}/v1/payment_intents", self.endpoint.url);
        let key = request.payment_id.to_string();
        // Stripe answers a declined card with 402 and the declined intent in the error.
        let declined_status = [StatusCode::PAYMENT_REQUIRED];
        let send = || send_charge(self.post(&url, &key, &form), &declined_status, broken);
        match with_retries(NAME, &url, self.endpoint.retries, send).await? {
            (StatusCode::PAYMENT_REQUIRED, answer) => declined(&answer),
            (_, answer) => decode_intent(&answer).map_err(broken),
        }
    }

    async fn fetch(&self, reference: &str) -> Result<ProviderCharge, AppError> {
        let url = format!("{}/v1/payment_intents/{}", self.endpoint.url, intent_id(reference)?);
        let query = Serializer::new(String::new()).append_pair(EXPAND.0, EXPAND.1).finish();
        let full = format!("{url}?{query}");
        let answer =
            with_retries(NAME, &url, self.endpoint.retries, || exchange(self.request(Method::GET, &full), broken))
                .await?;
        decode_intent(&answer).map_err(broken)
    }

    async fn refund(&self, reference: &str, amount: Decimal) -> Result<ProviderCharge, AppError> {
        let id = intent_id(reference)?;
        let cents = cents(amount)?;
        let url = format!("{}/v1/refunds", self.endpoint.url);
        let form = Serializer::new(String::new())
            .append_pair("payment_intent", id)
            .append_pair("amount", &cents.to_string())
            .finish();
        let key = format!("refund-{id}-{cents}");
        with_retries(NAME, &url, self.endpoint.retries, || exchange(self.post(&url, &key, &form), broken)).await?;
        self.fetch(id).await
    }

    fn verify(&self, webhook: &WebhookRequest, now: DateTime<Utc>) -> Result<WebhookNotice, WebhookRefusal> {
        let header = webhook
            .header("stripe-signature")
            .ok_or_else(|| WebhookRefusal::Signature("no Stripe-Signature header".into()))?;
        let pairs = header_pairs(header);
        let timestamp = pairs
            .iter()
            .find(|(key, _)| *key == "t")
            .map(|(_, value)| *value)
            .ok_or_else(|| WebhookRefusal::Signature("the Stripe-Signature header has no t=".into()))?;
        let signed = [timestamp.as_bytes(), b".".as_slice(), webhook.body.as_slice()].concat();
        let secret = self.endpoint.webhook_secret.as_bytes();
        // During a secret's rotation Stripe signs with each: one match is enough.
        if !pairs.iter().any(|(key, signature)| *key == "v1" && hmac_matches(secret, &signed, signature)) {
            return Err(WebhookRefusal::Signature("no v1 signature matches the endpoint secret".into()));
        }
        fresh(timestamp, now, self.endpoint.tolerance_secs)?;
        notice(&webhook.body)
    }
}

#[cfg(test)]
mod tests;
