//! Mercado Pago's Payments API, JSON with a bearer access token. A charge is `POST /v1/payments`
//! (`X-Idempotency-Key` = our payment id, `transaction_amount` a JSON number in major units,
//! `external_reference` = our payment id); it is read back with `GET /v1/payments/{id}` and
//! refunded with `POST /v1/payments/{id}/refunds`. A refused card is answered 201 with status
//! `rejected`. The account's country sets the currency: none is sent.
//!
//! Notifications arrive at `…?data.id={id}&type=payment` with `x-signature: ts={ts},v1={hex}` and
//! `x-request-id`; v1 is HMAC-SHA256 under the notification secret of
//! `id:{data.id};request-id:{x-request-id};ts:{ts};`. The body is not signed: the charge a
//! notice names is the signed `data.id`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::AppError;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use serde_json::{Number, Value, json};

use super::settings::Endpoint;
use super::signature::{fresh, header_pairs, hmac_matches};
use super::{
    ChargeRequest, ChargeStatus, MethodType, PaymentProvider, ProviderCharge, WebhookNotice, WebhookRefusal,
    WebhookRequest, cents, send_charge,
};
use crate::http_retry::{exchange, with_retries};

const NAME: &str = "mercadopago";

/// A signed time above this many seconds (the year 5138) is in milliseconds.
const MILLISECOND_TIMESTAMPS: i64 = 100_000_000_000;

/// Charges cards, Yape and cash/transfer methods (PagoEfectivo). Cards are not kept for
/// renewals: charging one again needs Mercado Pago's Customers API (a customer and a saved card),
/// so `reusable_method` is always `None`.
pub struct MercadoPagoProvider {
    endpoint: Endpoint,
}

impl MercadoPagoProvider {
    pub(crate) fn new(endpoint: Endpoint) -> Self {
        Self { endpoint }
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        self.endpoint.client.request(method, url).bearer_auth(&self.endpoint.api_key)
    }

    /// A JSON POST that Mercado Pago performs once however often it arrives with the same key.
    fn post(&self, url: &str, idempotency_key: &str, body: &str) -> RequestBuilder {
        self.request(Method::POST, url)
            .header("X-Idempotency-Key", idempotency_key)
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_owned())
    }
}

fn broken(problem: String) -> AppError {
    Endpoint::broken(NAME, problem)
}

/// Cents as the JSON number Mercado Pago reads (`49.9`): the nearest double prints back as the
/// two-decimal amount.
fn major(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// A payment's number is all digits; anything else cannot name one, and must not reach the
/// request's path.
fn payment_number(reference: &str) -> Result<&str, AppError> {
    if !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit()) {
        Ok(reference)
    } else {
        Err(AppError::invalid("reference", "malformed", format!("{reference:?} is not a Mercado Pago payment id")))
    }
}

/// The payment to create. Cash and transfer methods (PagoEfectivo) take neither a token nor
/// installments: the payer pays later with the code Mercado Pago gives.
fn charge_body(request: &ChargeRequest) -> Result<Value, AppError> {
    let method_id = request.method.provider_method.as_deref().filter(|id| !id.trim().is_empty()).ok_or_else(|| {
        AppError::invalid(
            "payment_method.provider_method",
            "required",
            "Mercado Pago needs the method's id: visa, master, yape, pagoefectivo_atm …",
        )
    })?;
    let email = request
        .payer_email
        .as_deref()
        .filter(|email| !email.trim().is_empty())
        .ok_or_else(|| AppError::invalid("payer_email", "required", "Mercado Pago needs the payer's email"))?;
    let mut body = json!({
        "transaction_amount": major(cents(request.amount)?),
        "description": request.description,
        "payment_method_id": method_id,
        "payer": { "email": email },
        "external_reference": request.payment_id.to_string(),
    });
    if request.method.kind != MethodType::BankTransfer {
        if request.method.token.trim().is_empty() {
            return Err(AppError::invalid(
                "payment_method.token",
                "required",
                "the token of Mercado Pago's card or Yape form",
            ));
        }
        body["token"] = json!(request.method.token);
        body["installments"] = json!(1);
    }
    Ok(body)
}

/// Mercado Pago writes ids as numbers in some places and as strings in others.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

/// A JSON number read from its text (`19.9`), so no binary fraction creeps in, to the cent.
fn decimal(number: &Number) -> Option<Decimal> {
    let text = number.to_string();
    let exact = text.parse::<Decimal>().or_else(|_| Decimal::from_scientific(&text)).ok()?;
    Some(exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

#[derive(Deserialize)]
struct Payment {
    id: Value,
    status: String,
    status_detail: Option<String>,
    transaction_amount: Number,
    currency_id: String,
    external_reference: Option<String>,
    payment_method_id: Option<String>,
    payment_type_id: Option<String>,
    card: Option<Card>,
    fee_details: Option<Vec<Fee>>,
}

#[derive(Deserialize)]
struct Card {
    last_four_digits: Option<String>,
}

#[derive(Deserialize)]
struct Fee {
    amount: Number,
}

fn decode(answer: &[u8]) -> Result<ProviderCharge, String> {
    let payment: Payment = serde_json::from_slice(answer).map_err(|e| format!("the answer is not a payment: {e}"))?;
    let reference = id_text(&payment.id).ok_or("the payment has no id")?;
    let status = match payment.status.as_str() {
        "approved" | "authorized" => ChargeStatus::Succeeded,
        "pending" | "in_process" | "in_mediation" => ChargeStatus::Pending,
        "rejected" | "cancelled" => ChargeStatus::Failed,
        "refunded" | "charged_back" => ChargeStatus::Refunded,
        other => return Err(format!("payment {reference} has an unknown status {other:?}")),
    };
    let amount = decimal(&payment.transaction_amount)
        .ok_or_else(|| format!("payment {reference} has an unreadable amount {}", payment.transaction_amount))?;
    let method = match (payment.payment_method_id.as_deref(), payment.payment_type_id.as_deref()) {
        (Some("yape"), _) => Some(MethodType::Yape),
        (_, Some("credit_card" | "debit_card" | "prepaid_card")) => Some(MethodType::Card),
        (_, Some("bank_transfer" | "ticket" | "atm")) => Some(MethodType::BankTransfer),
        _ => None,
    };
    // A payment not yet processed lists no fees: unknown, not free.
    let fee = match payment.fee_details.as_deref() {
        None | Some([]) => None,
        Some(fees) => Some(
            fees.iter()
                .map(|fee| decimal(&fee.amount))
                .sum::<Option<Decimal>>()
                .ok_or_else(|| format!("payment {reference} has an unreadable fee"))?,
        ),
    };
    Ok(ProviderCharge {
        payment_id: payment.external_reference.and_then(|id| id.parse().ok()),
        status,
        amount,
        currency: payment.currency_id,
        method,
        last4: payment.card.and_then(|card| card.last_four_digits),
        fee,
        failure_reason: payment.status_detail.filter(|_| status == ChargeStatus::Failed),
        reusable_method: None,
        reference,
    })
}

/// What Mercado Pago signs: each part whose value is absent is left out, as its docs say, and an
/// alphanumeric `data.id` is signed in lower case.
fn manifest(data_id: Option<&str>, request_id: Option<&str>, ts: &str) -> String {
    let id = data_id.map(|id| {
        if id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            format!("id:{};", id.to_ascii_lowercase())
        } else {
            format!("id:{id};")
        }
    });
    let request = request_id.map(|request_id| format!("request-id:{request_id};"));
    [id, request, Some(format!("ts:{ts};"))].into_iter().flatten().collect()
}

/// Mercado Pago's docs show `ts` in seconds, its SDKs have read it as milliseconds: either is
/// accepted.
fn signed_seconds(ts: &str) -> Result<String, WebhookRefusal> {
    let signed: i64 =
        ts.parse().map_err(|_| WebhookRefusal::Signature("the signed timestamp is not a number".into()))?;
    let seconds = if signed > MILLISECOND_TIMESTAMPS { signed / 1000 } else { signed };
    Ok(seconds.to_string())
}

/// The notice in a signed delivery: `{id, type, action, data: {id}}`.
fn notice(
    body: Option<&Value>,
    data_id: Option<String>,
    request_id: Option<&str>,
    query_type: Option<String>,
) -> Result<WebhookNotice, WebhookRefusal> {
    let body = body.ok_or_else(|| WebhookRefusal::Malformed("the body is not JSON".into()))?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    let event_id = body
        .get("id")
        .and_then(id_text)
        .or_else(|| request_id.map(str::to_owned))
        .ok_or_else(|| WebhookRefusal::Malformed("the notification has no id".into()))?;
    let resource = text("type").or(query_type);
    let kind = text("action")
        .or_else(|| resource.clone())
        .ok_or_else(|| WebhookRefusal::Malformed("the notification has neither action nor type".into()))?;
    let reference = match resource.as_deref() {
        Some("payment") => {
            Some(data_id.ok_or_else(|| WebhookRefusal::Malformed("a payment notification without data.id".into()))?)
        }
        _ => None,
    };
    Ok(WebhookNotice { event_id, kind, reference })
}

#[async_trait]
impl PaymentProvider for MercadoPagoProvider {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderCharge, AppError> {
        let body = charge_body(request)?.to_string();
        let url = format!("{}/v1/payments", self.endpoint.url);
        let key = request.payment_id.to_string();
        let send = || send_charge(self.post(&url, &key, &body), &[], broken);
        let (_, answer) = with_retries(NAME, &url, self.endpoint.retries, send).await?;
        decode(&answer).map_err(broken)
    }

    async fn fetch(&self, reference: &str) -> Result<ProviderCharge, AppError> {
        let url = format!("{}/v1/payments/{}", self.endpoint.url, payment_number(reference)?);
        let answer =
            with_retries(NAME, &url, self.endpoint.retries, || exchange(self.request(Method::GET, &url), broken))
                .await?;
        decode(&answer).map_err(broken)
    }

    async fn refund(&self, reference: &str, amount: Decimal) -> Result<ProviderCharge, AppError> {
        let number = payment_number(reference)?;
        let cents = cents(amount)?;
        let url = format!("{}/v1/payments/{number}/refunds", self.endpoint.url);
        let body = json!({ "amount": major(cents) }).to_string();
        let key = format!("refund-{number}-{cents}");
        with_retries(NAME, &url, self.endpoint.retries, || exchange(self.post(&url, &key, &body), broken)).await?;
        self.fetch(number).await
    }

    fn verify(&self, webhook: &WebhookRequest, now: DateTime<Utc>) -> Result<WebhookNotice, WebhookRefusal> {
        let header =
            webhook.header("x-signature").ok_or_else(|| WebhookRefusal::Signature("no x-signature header".into()))?;
        let pairs = header_pairs(header);
        let field = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| *value);
        let ts = field("ts").ok_or_else(|| WebhookRefusal::Signature("the x-signature header has no ts=".into()))?;
        let signature =
            field("v1").ok_or_else(|| WebhookRefusal::Signature("the x-signature header has no v1=".into()))?;
        let body: Option<Value> = serde_json::from_slice(&webhook.body).ok();
        let data_id = webhook
            .query_param("data.id")
            .or_else(|| id_text(body.as_ref()?.pointer("/data/id")?))
            .filter(|id| !id.trim().is_empty());
        let request_id = webhook.header("x-request-id").filter(|id| !id.trim().is_empty());
        let manifest = manifest(data_id.as_deref(), request_id, ts);
        if !hmac_matches(self.endpoint.webhook_secret.as_bytes(), manifest.as_bytes(), signature) {
            return Err(WebhookRefusal::Signature("the v1 signature does not match the notification secret".into()));
        }
        fresh(&signed_seconds(ts)?, now, self.endpoint.tolerance_secs)?;
        notice(body.as_ref(), data_id, request_id, webhook.query_param("type"))
    }
}

#[cfg(test)]
mod tests;
