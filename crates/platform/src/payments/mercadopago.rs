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
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::http_retry::Retries;
    use crate::payments::PaymentMethod;
    use crate::payments::signature::hmac_hex;

    const SECRET: &str = "mp-notification-secret";
    const PAYMENT_ID: &str = "0190f5a2-7c1e-7d3a-9b1e-2f3a4b5c6d7e";
    const NOW: i64 = 1_700_000_000;

    fn provider() -> MercadoPagoProvider {
        MercadoPagoProvider::new(Endpoint {
            client: reqwest::Client::new(),
            url: "http://127.0.0.1:9".into(),
            api_key: "TEST-1".into(),
            webhook_secret: SECRET.into(),
            tolerance_secs: 300,
            retries: Retries { max: 0, base_delay: Duration::ZERO },
        })
    }

    fn payment(status: &str, extra: Value) -> Value {
        let mut payment = json!({
            "id": 1_319_543_209_u64, "status": status, "status_detail": "accredited",
            "transaction_amount": 49.9, "currency_id": "PEN",
            "external_reference": PAYMENT_ID,
            "payment_method_id": "visa", "payment_type_id": "credit_card",
            "card": { "first_six_digits": "450995", "last_four_digits": "3704" },
            "fee_details": [],
        });
        for (key, value) in extra.as_object().unwrap() {
            payment[key] = value.clone();
        }
        payment
    }

    fn decoded(payment: &Value) -> ProviderCharge {
        decode(payment.to_string().as_bytes()).unwrap()
    }

    fn request(kind: MethodType, provider_method: Option<&str>) -> ChargeRequest {
        ChargeRequest {
            payment_id: PAYMENT_ID.parse().unwrap(),
            amount: Decimal::new(4990, 2),
            currency: "PEN".into(),
            description: "Pro plan, 1 month".into(),
            method: PaymentMethod {
                kind,
                token: "ff8080814c11e237".into(),
                provider_method: provider_method.map(Into::into),
            },
            payer_email: Some("ana@example.pe".into()),
        }
    }

    #[test]
    fn every_status_maps_to_ours_and_only_refusals_give_a_reason() {
        let cases = [
            ("approved", ChargeStatus::Succeeded),
            ("authorized", ChargeStatus::Succeeded),
            ("pending", ChargeStatus::Pending),
            ("in_process", ChargeStatus::Pending),
            ("in_mediation", ChargeStatus::Pending),
            ("rejected", ChargeStatus::Failed),
            ("cancelled", ChargeStatus::Failed),
            ("refunded", ChargeStatus::Refunded),
            ("charged_back", ChargeStatus::Refunded),
        ];
        for (status, ours) in cases {
            assert_eq!(decoded(&payment(status, json!({}))).status, ours, "{status}");
        }
        assert!(decode(payment("lost", json!({})).to_string().as_bytes()).is_err());
        assert!(decode(b"{}").is_err());

        let rejected = payment("rejected", json!({ "status_detail": "cc_rejected_insufficient_amount" }));
        assert_eq!(decoded(&rejected).failure_reason.as_deref(), Some("cc_rejected_insufficient_amount"));
        assert_eq!(decoded(&payment("approved", json!({}))).failure_reason, None);
    }

    #[test]
    fn a_payment_gives_its_amount_method_card_and_fees() {
        let paid = payment(
            "approved",
            json!({ "fee_details": [
                { "type": "mercadopago_fee", "amount": 1.99, "fee_payer": "collector" },
                { "type": "application_fee", "amount": 0.5, "fee_payer": "collector" },
            ]}),
        );
        let charge = decoded(&paid);
        assert_eq!(charge.reference, "1319543209");
        assert_eq!(charge.payment_id, Some(PAYMENT_ID.parse().unwrap()));
        assert_eq!((charge.amount, charge.currency.as_str()), (Decimal::new(4990, 2), "PEN"));
        assert_eq!((charge.method, charge.last4.as_deref()), (Some(MethodType::Card), Some("3704")));
        assert_eq!(charge.fee, Some(Decimal::new(249, 2)));
        assert_eq!(charge.reusable_method, None);

        let yape =
            payment("approved", json!({ "payment_method_id": "yape", "payment_type_id": "debit_card", "card": {} }));
        assert_eq!((decoded(&yape).method, decoded(&yape).last4), (Some(MethodType::Yape), None));
        let cash = payment(
            "pending",
            json!({
                "payment_method_id": "pagoefectivo_atm", "payment_type_id": "atm",
                "card": null, "fee_details": null,
            }),
        );
        assert_eq!((decoded(&cash).method, decoded(&cash).fee), (Some(MethodType::BankTransfer), None));
        let wallet =
            payment("approved", json!({ "payment_method_id": "account_money", "payment_type_id": "account_money" }));
        assert_eq!(decoded(&wallet).method, None);

        let whole = payment("approved", json!({ "transaction_amount": 100, "external_reference": "order-7" }));
        assert_eq!((decoded(&whole).amount, decoded(&whole).payment_id), (Decimal::new(100, 0), None));
        let long = payment("approved", json!({ "transaction_amount": 10.005 }));
        assert_eq!(decoded(&long).amount, Decimal::new(1001, 2), "to the cent, half away from zero");
    }

    #[test]
    fn the_body_names_the_method_and_needs_what_mercado_pago_needs() {
        let card = charge_body(&request(MethodType::Card, Some("visa"))).unwrap();
        assert_eq!(card["transaction_amount"], json!(49.9));
        assert_eq!(card["transaction_amount"].to_string(), "49.9");
        assert_eq!(
            (card["payment_method_id"].as_str(), card["token"].as_str()),
            (Some("visa"), Some("ff8080814c11e237"))
        );
        assert_eq!((card["installments"].as_i64(), card["payer"]["email"].as_str()), (Some(1), Some("ana@example.pe")));
        assert_eq!(card["external_reference"], PAYMENT_ID);

        let cash = charge_body(&request(MethodType::BankTransfer, Some("pagoefectivo_atm"))).unwrap();
        assert!(cash.get("token").is_none() && cash.get("installments").is_none());

        let field = |error: AppError| match error {
            AppError::Validation(errors) => errors[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(field(charge_body(&request(MethodType::Yape, None)).unwrap_err()), "payment_method.provider_method");
        let mut anonymous = request(MethodType::Card, Some("visa"));
        anonymous.payer_email = None;
        assert_eq!(field(charge_body(&anonymous).unwrap_err()), "payer_email");
        let mut fractional = request(MethodType::Card, Some("visa"));
        fractional.amount = Decimal::new(49905, 3);
        assert_eq!(field(charge_body(&fractional).unwrap_err()), "amount");
        assert_eq!(json!(major(cents(Decimal::new(1000, 2)).unwrap())).to_string(), "10.0");

        assert!(payment_number("1319543209").is_ok());
        for bad in ["", "13195/refunds", "-1", "1e9"] {
            assert!(payment_number(bad).is_err(), "{bad:?}");
        }
    }

    fn sign(data_id: Option<&str>, request_id: Option<&str>, ts: i64, secret: &str) -> String {
        format!("ts={ts},v1={}", hmac_hex(secret.as_bytes(), manifest(data_id, request_id, &ts.to_string()).as_bytes()))
    }

    fn delivery(query: &str, signature: Option<String>, request_id: Option<&str>, body: Value) -> WebhookRequest {
        let headers = [
            signature.map(|s| ("x-signature".to_owned(), s)),
            request_id.map(|r| ("x-request-id".to_owned(), r.to_owned())),
        ];
        WebhookRequest {
            headers: headers.into_iter().flatten().collect(),
            query: query.into(),
            body: body.to_string().into_bytes(),
        }
    }

    fn body(data_id: &str) -> Value {
        json!({ "id": 12_345_678_901_u64, "type": "payment", "action": "payment.updated", "data": { "id": data_id } })
    }

    #[test]
    fn the_manifest_follows_the_documented_template() {
        assert_eq!(manifest(Some("123"), Some("req-1"), "1700000000"), "id:123;request-id:req-1;ts:1700000000;");
        assert_eq!(manifest(Some("ORD01ABC"), None, "1"), "id:ord01abc;ts:1;");
        assert_eq!(manifest(Some("a-B"), Some("r"), "1"), "id:a-B;request-id:r;ts:1;", "only alphanumeric ids");
        assert_eq!(manifest(None, None, "1"), "ts:1;");
    }

    #[test]
    fn signed_notifications_pass_and_anything_else_is_refused() {
        let provider = provider();
        let now = DateTime::from_timestamp(NOW, 0).unwrap();
        let query = "data.id=1319543209&type=payment";
        let good = |ts| sign(Some("1319543209"), Some("req-1"), ts, SECRET);

        let notice =
            provider.verify(&delivery(query, Some(good(NOW - 60)), Some("req-1"), body("1319543209")), now).unwrap();
        assert_eq!(
            notice,
            WebhookNotice {
                event_id: "12345678901".into(),
                kind: "payment.updated".into(),
                reference: Some("1319543209".into()),
            }
        );
        let in_milliseconds = delivery(query, Some(good((NOW - 60) * 1000)), Some("req-1"), body("1319543209"));
        assert!(provider.verify(&in_milliseconds, now).is_ok());
        let from_the_body = delivery("", Some(good(NOW)), Some("req-1"), body("1319543209"));
        assert_eq!(provider.verify(&from_the_body, now).unwrap().reference.as_deref(), Some("1319543209"));
        let no_request_id =
            delivery(query, Some(sign(Some("1319543209"), None, NOW, SECRET)), None, body("1319543209"));
        assert!(provider.verify(&no_request_id, now).is_ok(), "an absent part is left out of the manifest");

        let refusals = [
            (
                "wrong secret",
                delivery(
                    query,
                    Some(sign(Some("1319543209"), Some("req-1"), NOW, "other")),
                    Some("req-1"),
                    body("1319543209"),
                ),
            ),
            ("tampered id", delivery("data.id=999&type=payment", Some(good(NOW)), Some("req-1"), body("1319543209"))),
            ("tampered body id", delivery("", Some(good(NOW)), Some("req-1"), body("999"))),
            ("other request id", delivery(query, Some(good(NOW)), Some("req-2"), body("1319543209"))),
            ("no header", delivery(query, None, Some("req-1"), body("1319543209"))),
            ("no v1", delivery(query, Some(format!("ts={NOW}")), Some("req-1"), body("1319543209"))),
            ("stale", delivery(query, Some(good(NOW - 301)), Some("req-1"), body("1319543209"))),
            (
                "stale in milliseconds",
                delivery(query, Some(good((NOW - 301) * 1000)), Some("req-1"), body("1319543209")),
            ),
        ];
        for (case, webhook) in refusals {
            assert!(matches!(provider.verify(&webhook, now), Err(WebhookRefusal::Signature(_))), "{case}");
        }

        let unreadable =
            WebhookRequest { body: b"not json".to_vec(), ..delivery(query, Some(good(NOW)), Some("req-1"), json!({})) };
        assert!(matches!(provider.verify(&unreadable, now), Err(WebhookRefusal::Malformed(_))));
    }

    #[test]
    fn notices_name_payments_only() {
        let request_id = Some("req-1");
        let unnumbered = json!({ "type": "payment", "data": { "id": "1" } });
        let notice_of = |body: &Value| notice(Some(body), Some("1".into()), request_id, None);
        assert_eq!(notice_of(&unnumbered).unwrap().event_id, "req-1", "the request id stands in for a missing id");
        assert_eq!(notice_of(&unnumbered).unwrap().kind, "payment");
        let order = json!({ "id": "n-1", "type": "topic_merchant_order_wh", "action": "order.updated" });
        assert_eq!(notice_of(&order).unwrap().reference, None);
        let from_query = notice(Some(&json!({ "id": 1 })), Some("7".into()), None, Some("payment".into())).unwrap();
        assert_eq!(from_query.reference.as_deref(), Some("7"));
        assert!(matches!(notice(Some(&body("1")), None, request_id, None), Err(WebhookRefusal::Malformed(_))));
        assert!(matches!(
            notice(Some(&json!({ "type": "payment" })), Some("1".into()), None, None),
            Err(WebhookRefusal::Malformed(_))
        ));
    }
}
