//! A local stand-in for the two payment providers the billing port speaks, following their
//! published APIs: Stripe's PaymentIntents under `/stripe` (form-encoded, bearer key,
//! `Idempotency-Key`, card errors as 402, events signed `t=…,v1=…`) and Mercado Pago's Payments
//! under `/mercadopago` (JSON, bearer token, `X-Idempotency-Key`, refunds, `x-signature`
//! notifications). Outcomes follow each provider's documented test inputs. The webhooks a
//! provider would post are kept, signed, for the test to deliver when (and as) it chooses.
//!
//! Where the fake departs from the providers, or had to choose between sources:
//! - Stripe: only confirmed PaymentIntents (`confirm=true`, all the adapter sends), and only the
//!   events the billing context reads (`payment_intent.succeeded`, `payment_intent.payment_failed`,
//!   `charge.refunded`). `pm_card_processing` is the fake's own token: no Stripe test card stays
//!   `processing`, and a test needs one that waits for [`FakePayments::settle`].
//! - Mercado Pago: a token's first four letters play the cardholder name of its test cards (`APRO`
//!   approved; `CONT` `in_process`, as Mercado Pago answers it; `OTHE`, `FUND`, `CALL`, `SECU`,
//!   `EXPI`, `FORM` rejected). Card digits are its Peruvian test cards'. The `x-signature` `ts` is
//!   in milliseconds: the documented sample delivery carries `ts=1742505638683` and Mercado Pago's
//!   own SDK validators compare it with the clock in milliseconds (an older sample looks like
//!   seconds). An unpaid PagoEfectivo ticket that fails ends `cancelled`/`expired`, as tickets do.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::payments::WebhookRequest;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Served, serve};

/// A request the fake received, so a test can check what the adapter sent and that its retries
/// reused one idempotency key.
#[derive(Debug, Clone)]
pub struct Received {
    /// Method and path as asked, e.g. `POST /stripe/v1/payment_intents`.
    pub route: String,
    /// `Idempotency-Key` (Stripe) or `X-Idempotency-Key` (Mercado Pago).
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    /// Form-encoded for Stripe, JSON for Mercado Pago.
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Provider {
    Stripe,
    MercadoPago,
}

const GENERIC_DECLINE: (&str, &str) = ("generic_decline", "Your card was declined.");

/// The collector's Mercado Pago user, in notifications and refunds.
const MERCADOPAGO_USER_ID: u64 = 1_234_567_890;

/// What a test PaymentMethod stands for: the card's last four digits and brand, the status a
/// confirmation leaves, and a refusal's `decline_code` and message. Stripe documents all but
/// `pm_card_processing`.
type TestCard = ((&'static str, &'static str), &'static str, Option<(&'static str, &'static str)>);

fn test_card(token: &str) -> Option<TestCard> {
    let insufficient = ("insufficient_funds", "Your card has insufficient funds.");
    Some(match token {
        "pm_card_visa" => (("4242", "visa"), "succeeded", None),
        "pm_card_mastercard" => (("4444", "mastercard"), "succeeded", None),
        "pm_card_chargeDeclined" => (("0002", "visa"), "requires_payment_method", Some(GENERIC_DECLINE)),
        "pm_card_chargeDeclinedInsufficientFunds" => (("9995", "visa"), "requires_payment_method", Some(insufficient)),
        "pm_card_processing" => (("4242", "visa"), "processing", None),
        _ => return None,
    })
}

/// A Stripe PaymentIntent, confirmed at creation, with the one charge confirming made (whose id
/// and balance transaction's share the intent's random part).
struct Intent {
    id: String,
    created: i64,
    /// In the currency's minor unit.
    amount: i64,
    amount_refunded: i64,
    currency: String,
    /// `succeeded`, `processing` or `requires_payment_method`.
    status: &'static str,
    token: String,
    /// Last four digits and brand.
    card: (&'static str, &'static str),
    /// The refusal's `decline_code` and message.
    declined: Option<(&'static str, &'static str)>,
    /// What Stripe echoes back of the request: `metadata`, `description`, `receipt_email`,
    /// `setup_future_usage`.
    echoed: Map<String, Value>,
}

impl Intent {
    fn sibling(&self, prefix: &str) -> String {
        format!("{prefix}{}", &self.id[2..])
    }
}

/// A Mercado Pago payment; amounts kept in céntimos, shown in soles.
struct Payment {
    id: u64,
    /// `status` and `status_detail`.
    status: (&'static str, &'static str),
    cents: i64,
    refunded: i64,
    type_id: &'static str,
    /// First six and last four digits, and the cardholder name that chose the outcome.
    card: Option<(&'static str, &'static str, String)>,
    /// The request, for what Mercado Pago echoes back (method, payer, references).
    request: Value,
    created: String,
    approved: Option<String>,
    updated: String,
    refunds: Vec<Value>,
}

/// An answer kept for the retries of a request with an idempotency key, with the route and body
/// it answered (Stripe refuses a key reused on other parameters).
struct Reply {
    request: String,
    status: u16,
    body: Value,
}

/// Where to keep the answer to a request with an idempotency key.
struct Slot {
    key: (Provider, String),
    request: String,
}

#[derive(Default)]
struct State {
    intents: HashMap<String, Intent>,
    payments: HashMap<u64, Payment>,
    replies: HashMap<(Provider, String), Reply>,
    /// Statuses to refuse the next requests with, one each.
    script: VecDeque<u16>,
    received: Vec<Received>,
    events: Vec<WebhookRequest>,
    /// How many of `events` a test has taken.
    taken: usize,
    /// Mercado Pago's payment, refund and notification numbers.
    serial: u64,
}

pub struct FakePayments {
    state: Arc<Mutex<State>>,
    /// The providers' bases are [`FakePayments::stripe_url`] and [`FakePayments::mercadopago_url`].
    server: Served,
}

impl FakePayments {
    pub const STRIPE_KEY: &str = "sk_test_fake_payments_key";
    pub const STRIPE_WEBHOOK_SECRET: &str = "whsec_fake_payments_endpoint_secret";
    pub const MERCADOPAGO_TOKEN: &str = "TEST-0000000000000000-010100-fakepayments-0000000000";
    pub const MERCADOPAGO_WEBHOOK_SECRET: &str = "fake-payments-mercadopago-secret";

    /// One server for both providers, told apart by the path's first segment.
    pub async fn start() -> FakePayments {
        let state = Arc::new(Mutex::new(State::default()));
        let served = web::Data::from(state.clone());
        let server = serve(move |cfg| {
            cfg.app_data(served.clone())
                .service(
                    web::scope("/stripe")
                        .route("/v1/customers", web::post().to(stripe_customer))
                        .route("/v1/payment_intents", web::post().to(stripe_create))
                        .route("/v1/payment_intents/{id}", web::get().to(stripe_fetch))
                        .route("/v1/refunds", web::post().to(stripe_refund)),
                )
                .service(
                    web::scope("/mercadopago")
                        .route("/v1/payments", web::post().to(mercadopago_create))
                        .route("/v1/payments/{id}", web::get().to(mercadopago_fetch))
                        .route("/v1/payments/{id}/refunds", web::post().to(mercadopago_refund)),
                );
        });
        FakePayments { state, server }
    }

    /// Stripe's base: the adapter's `{url}/v1/…` land on the Stripe routes.
    pub fn stripe_url(&self) -> String {
        format!("{}/stripe", self.server.url)
    }

    pub fn mercadopago_url(&self) -> String {
        format!("{}/mercadopago", self.server.url)
    }

    /// Every webhook the providers would have sent so far, in order.
    pub fn events(&self) -> Vec<WebhookRequest> {
        self.state.lock().unwrap().events.clone()
    }

    /// The webhooks since the last call, in order.
    pub fn take_events(&self) -> Vec<WebhookRequest> {
        let mut state = self.state.lock().unwrap();
        let taken = state.events[state.taken..].to_vec();
        state.taken = state.events.len();
        taken
    }

    /// Decides a charge left pending (`pm_card_processing`, Mercado Pago's `CONT` or a
    /// PagoEfectivo ticket), as the provider would later, and records the webhook it sends.
    /// `reference` is the `pi_…` id or the Mercado Pago payment number.
    pub fn settle(&self, reference: &str, succeed: bool) {
        self.state.lock().unwrap().settle(reference, succeed);
    }

    /// Refuses the next request (to either provider) with `status`, in that provider's error
    /// format and before doing anything, as an overloaded provider would; 429 and 503 carry
    /// `Retry-After: 1`. Calls queue up.
    pub fn fail_next(&self, status: u16) {
        self.state.lock().unwrap().script.push_back(status);
    }

    pub fn requests(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

/// The `stripe-signature` header Stripe sends: `t={t},v1={hex HMAC-SHA256 of "{t}.{body}"}`,
/// keyed with the whole `whsec_…` secret.
pub fn sign_stripe(secret: &str, t: i64, body: &[u8]) -> String {
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={t},v1={}", hmac_hex(secret, &signed))
}

/// The `x-signature` header Mercado Pago sends: `ts={ts},v1={hex HMAC-SHA256 of
/// "id:{data.id};request-id:{x-request-id};ts:{ts};"}`, `ts` in Unix milliseconds.
pub fn sign_mercadopago(secret: &str, data_id: &str, request_id: &str, ts: i64) -> String {
    let manifest = format!("id:{data_id};request-id:{request_id};ts:{ts};");
    format!("ts={ts},v1={}", hmac_hex(secret, manifest.as_bytes()))
}

fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    ring::hmac::sign(&key, message).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Stripe's fee on a card charge: its published standard rate, 2.9% + 30 minor units, rounded
/// half up. Stripe publishes no rate for Peru, so that one stands in, in the charge's currency.
fn stripe_fee(amount: i64) -> i64 {
    (amount * 29 + 500) / 1000 + 30
}

/// Mercado Pago's fee on an approved payment in Peru: 3.99% rounded to the céntimo, plus
/// S/ 1.00 (IGV left out).
fn mercadopago_fee(cents: i64) -> i64 {
    (cents * 399 + 5000) / 10000 + 100
}

fn soles(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// A prefix and 24 random-looking characters, as in Stripe's ids.
fn stripe_id(prefix: &str) -> String {
    format!("{prefix}_{}", &Uuid::now_v7().simple().to_string()[8..])
}

/// A date as Mercado Pago writes them (`2024-05-25T13:01:02.000+00:00`).
fn mercadopago_date() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

fn header(request: &HttpRequest, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn form(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// How much of `latest_charge` to inline, from `expand[]`: `None` leaves its id, `Some(true)`
/// inlines its balance transaction too. The adapter always asks for that, but the fake does only
/// what is asked: an adapter that forgot would see ids, as from Stripe.
fn expansion(form: &[(String, String)]) -> Option<bool> {
    let asked = |path: &str| form.iter().any(|(key, value)| key == "expand[]" && value == path);
    if asked("latest_charge.balance_transaction") { Some(true) } else { asked("latest_charge").then_some(false) }
}

fn respond(status: u16, body: Value) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap()).json(body)
}

fn stripe_error(status: u16, kind: &str, code: Option<&str>, message: &str) -> HttpResponse {
    respond(status, json!({ "error": { "type": kind, "code": code, "message": message } }))
}

/// Mercado Pago's error body; `cause` carries its documented error code when there is one.
fn mercadopago_error(status: u16, error: &str, message: &str, code: Option<u32>) -> HttpResponse {
    let cause: Vec<Value> = code.map(|code| json!({ "code": code, "description": message })).into_iter().collect();
    respond(status, json!({ "message": message, "error": error, "status": status, "cause": cause }))
}

fn no_such_intent(id: &str) -> HttpResponse {
    stripe_error(404, "invalid_request_error", Some("resource_missing"), &format!("No such payment_intent: '{id}'"))
}

fn payment_not_found() -> HttpResponse {
    mercadopago_error(404, "not_found", "Payment not found", Some(2000))
}

/// A scripted refusal in the provider's error format.
fn scripted(provider: Provider, status: u16) -> HttpResponse {
    let message = "scripted refusal";
    let mut response = match (provider, status) {
        (Provider::Stripe, 429) => stripe_error(status, "invalid_request_error", Some("rate_limit"), message),
        (Provider::Stripe, 500..) => stripe_error(status, "api_error", None, message),
        (Provider::Stripe, _) => stripe_error(status, "invalid_request_error", None, message),
        (Provider::MercadoPago, 429) => mercadopago_error(status, "too_many_requests", message, None),
        (Provider::MercadoPago, 500..) => mercadopago_error(status, "internal_error", message, None),
        (Provider::MercadoPago, _) => mercadopago_error(status, "bad_request", message, None),
    };
    if matches!(status, 429 | 503) {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

fn refused_key(provider: Provider, given: Option<&str>) -> HttpResponse {
    let Provider::Stripe = provider else {
        return mercadopago_error(401, "unauthorized", "invalid access token", None);
    };
    let message = match given {
        None => "You did not provide an API key. You need to provide your API key in the Authorization header, \
                 using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
            .to_owned(),
        Some(key) => {
            format!("Invalid API Key provided: ****{}", key.get(key.len().saturating_sub(4)..).unwrap_or_default())
        }
    };
    stripe_error(401, "invalid_request_error", None, &message)
}

/// The PaymentIntent as Stripe shows it; `expand` as [`expansion`] reads it.
fn intent_json(intent: &Intent, expand: Option<bool>) -> Value {
    let (last4, brand) = intent.card;
    let error = intent.declined.map(|(decline_code, message)| {
        json!({
            "type": "card_error", "code": "card_declined", "decline_code": decline_code, "message": message,
            "charge": intent.sibling("ch"),
            "payment_method": { "id": intent.token, "object": "payment_method", "type": "card",
                "card": { "brand": brand, "last4": last4 } },
        })
    });
    let mut body = json!({
        "id": intent.id, "object": "payment_intent", "amount": intent.amount,
        "amount_received": if intent.status == "succeeded" { intent.amount } else { 0 },
        "currency": intent.currency, "status": intent.status,
        "client_secret": intent.sibling(&format!("{}_secret", intent.id)),
        "created": intent.created, "livemode": false, "payment_method_types": ["card"],
        // A declined attempt detaches its method: Stripe keeps it only in `last_payment_error`.
        "payment_method": if intent.declined.is_some() { Value::Null } else { json!(intent.token) },
        "last_payment_error": error,
        "latest_charge": expand.map_or_else(|| json!(intent.sibling("ch")), |balance| charge_json(intent, balance)),
    });
    for (name, value) in &intent.echoed {
        body[name] = value.clone();
    }
    body
}

fn charge_json(intent: &Intent, expand_balance: bool) -> Value {
    let status = match intent.status {
        "succeeded" => "succeeded",
        "processing" => "pending",
        _ => "failed",
    };
    let fee = stripe_fee(intent.amount);
    let balance = match (status, expand_balance) {
        ("succeeded", true) => json!({
            "id": intent.sibling("txn"), "object": "balance_transaction", "amount": intent.amount,
            "fee": fee, "net": intent.amount - fee, "currency": intent.currency,
        }),
        ("succeeded", false) => json!(intent.sibling("txn")),
        _ => Value::Null,
    };
    let (last4, brand) = intent.card;
    json!({
        "id": intent.sibling("ch"), "object": "charge", "amount": intent.amount,
        "amount_captured": if status == "succeeded" { intent.amount } else { 0 },
        "amount_refunded": intent.amount_refunded, "refunded": intent.amount_refunded == intent.amount,
        "currency": intent.currency, "status": status, "paid": status == "succeeded", "created": intent.created,
        "payment_intent": intent.id, "payment_method": intent.token, "livemode": false,
        "payment_method_details": { "type": "card", "card": { "brand": brand, "last4": last4 } },
        "balance_transaction": balance,
        "failure_code": intent.declined.map(|_| "card_declined"),
        "failure_message": intent.declined.map(|(_, message)| message),
    })
}

fn payment_json(payment: &Payment) -> Value {
    let card = match &payment.card {
        Some((six, four, holder)) => {
            json!({ "first_six_digits": six, "last_four_digits": four, "cardholder": { "name": holder } })
        }
        None => json!({}),
    };
    let fee = payment.approved.as_ref().map(|_| mercadopago_fee(payment.cents));
    let fee_details: Vec<Value> = fee
        .map(|fee| json!({ "type": "mercadopago_fee", "amount": soles(fee), "fee_payer": "collector" }))
        .into_iter()
        .collect();
    let request = &payment.request;
    json!({
        "id": payment.id, "status": payment.status.0, "status_detail": payment.status.1,
        "date_created": payment.created, "date_approved": payment.approved, "date_last_updated": payment.updated,
        "currency_id": "PEN", "transaction_amount": soles(payment.cents),
        "transaction_amount_refunded": soles(payment.refunded),
        "payment_method_id": request["payment_method_id"], "payment_type_id": payment.type_id, "card": card,
        "fee_details": fee_details,
        "external_reference": request["external_reference"], "description": request["description"],
        "installments": request["installments"], "payer": { "email": request["payer"]["email"] },
        "refunds": payment.refunds, "captured": true, "live_mode": false,
    })
}

impl State {
    /// Records the request, then decides what comes before any work (`Err`, answered as is): a
    /// scripted refusal, a refused key, or the kept answer to an idempotency key already used.
    /// Otherwise where to keep this request's answer, if it carries a key.
    fn admit(
        &mut self,
        provider: Provider,
        request: &HttpRequest,
        body: &[u8],
    ) -> Result<Option<Slot>, Box<HttpResponse>> {
        let stripe = provider == Provider::Stripe;
        let received = Received {
            route: format!("{} {}", request.method(), request.path()),
            idempotency_key: header(request, if stripe { "idempotency-key" } else { "x-idempotency-key" }),
            authorization: header(request, "authorization"),
            body: String::from_utf8_lossy(body).into_owned(),
        };
        self.received.push(received.clone());
        if let Some(status) = self.script.pop_front() {
            return Err(Box::new(scripted(provider, status)));
        }
        let expected = if stripe { FakePayments::STRIPE_KEY } else { FakePayments::MERCADOPAGO_TOKEN };
        let given = received.authorization.as_deref().and_then(|value| value.strip_prefix("Bearer "));
        if given != Some(expected) {
            return Err(Box::new(refused_key(provider, given)));
        }
        let (Some(key), &Method::POST) = (received.idempotency_key, request.method()) else { return Ok(None) };
        // A Stripe key belongs to the account (reused on another request, it is an error); a
        // Mercado Pago key is taken to belong to its route.
        let scope = if stripe { key.clone() } else { format!("{} {key}", received.route) };
        let request_text = format!("{}\n{}", received.route, received.body);
        let Some(reply) = self.replies.get(&(provider, scope.clone())) else {
            return Ok(Some(Slot { key: (provider, scope), request: request_text }));
        };
        if stripe && reply.request != request_text {
            let message = format!(
                "Keys for idempotent requests can only be used with the same parameters they were first used with. \
                 Try using a key other than '{key}' if you meant to execute a different request."
            );
            return Err(Box::new(stripe_error(400, "idempotency_error", None, &message)));
        }
        let mut response = respond(reply.status, reply.body.clone());
        if stripe {
            response
                .headers_mut()
                .insert(HeaderName::from_static("idempotent-replayed"), HeaderValue::from_static("true"));
        }
        Err(Box::new(response))
    }

    /// Answers, keeping the answer for the retries of a request with an idempotency key.
    fn answer(&mut self, slot: Option<Slot>, status: u16, body: Value) -> HttpResponse {
        if let Some(Slot { key, request }) = slot {
            self.replies.insert(key, Reply { request, status, body: body.clone() });
        }
        respond(status, body)
    }

    fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        1_000_000_000 + self.serial
    }

    fn stripe_event(&mut self, kind: &str, object: Value) {
        let created = Utc::now().timestamp();
        let body = json!({
            "id": stripe_id("evt"), "object": "event", "api_version": "2024-06-20", "created": created,
            "livemode": false, "pending_webhooks": 1, "request": { "id": null, "idempotency_key": null },
            "type": kind, "data": { "object": object },
        })
        .to_string()
        .into_bytes();
        let signature = sign_stripe(FakePayments::STRIPE_WEBHOOK_SECRET, created, &body);
        let headers = vec![("stripe-signature".into(), signature), ("content-type".into(), "application/json".into())];
        self.events.push(WebhookRequest { headers, query: String::new(), body });
    }

    fn mercadopago_notification(&mut self, payment_id: u64, action: &str) {
        let data_id = payment_id.to_string();
        let body = json!({
            "id": self.next_serial(), "live_mode": false, "type": "payment", "date_created": mercadopago_date(),
            "user_id": MERCADOPAGO_USER_ID, "api_version": "v1", "action": action, "data": { "id": data_id },
        })
        .to_string()
        .into_bytes();
        let request_id = Uuid::now_v7().to_string();
        let ts = Utc::now().timestamp_millis();
        let signature = sign_mercadopago(FakePayments::MERCADOPAGO_WEBHOOK_SECRET, &data_id, &request_id, ts);
        let headers = vec![
            ("x-signature".into(), signature),
            ("x-request-id".into(), request_id),
            ("content-type".into(), "application/json".into()),
        ];
        self.events.push(WebhookRequest { headers, query: format!("data.id={data_id}&type=payment"), body });
    }

    fn settle(&mut self, reference: &str, succeed: bool) {
        if let Some(intent) = self.intents.get_mut(reference) {
            assert_eq!(intent.status, "processing", "PaymentIntent {reference} is not processing");
            (intent.status, intent.declined) =
                if succeed { ("succeeded", None) } else { ("requires_payment_method", Some(GENERIC_DECLINE)) };
            let object = intent_json(intent, None);
            let kind = if succeed { "payment_intent.succeeded" } else { "payment_intent.payment_failed" };
            self.stripe_event(kind, object);
            return;
        }
        // Payment numbers start above zero, so a reference that is not a number finds none.
        let Some(payment) = self.payments.get_mut(&reference.parse::<u64>().unwrap_or_default()) else {
            panic!("no charge {reference} to settle");
        };
        assert!(matches!(payment.status.0, "pending" | "in_process"), "payment {reference} is {}", payment.status.0);
        payment.status = match (succeed, payment.type_id) {
            (true, _) => ("approved", "accredited"),
            (false, "atm") => ("cancelled", "expired"),
            (false, _) => ("rejected", "cc_rejected_other_reason"),
        };
        payment.updated = mercadopago_date();
        if succeed {
            payment.approved = Some(payment.updated.clone());
        }
        let id = payment.id;
        self.mercadopago_notification(id, "payment.updated");
    }
}

/// `POST /v1/customers`: a customer to attach cards to, so renewals can charge them.
async fn stripe_customer(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let slot = match state.admit(Provider::Stripe, &request, &body) {
        Ok(slot) => slot,
        Err(answer) => return *answer,
    };
    let form = form(&body);
    let customer = json!({
        "id": stripe_id("cus"), "object": "customer", "email": field(&form, "email"),
        "created": Utc::now().timestamp(), "livemode": false,
    });
    state.answer(slot, 200, customer)
}

async fn stripe_create(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let slot = match state.admit(Provider::Stripe, &request, &body) {
        Ok(slot) => slot,
        Err(answer) => return *answer,
    };
    let form = form(&body);
    let invalid = |code: &str, message: &str| stripe_error(400, "invalid_request_error", Some(code), message);
    let amount = match field(&form, "amount").map(str::parse::<i64>) {
        None => return invalid("parameter_missing", "Missing required param: amount."),
        Some(Ok(amount)) if amount >= 1 => amount,
        Some(_) => return invalid("parameter_invalid_integer", "This value must be greater than or equal to 1."),
    };
    let Some(currency) = field(&form, "currency").map(str::to_lowercase) else {
        return invalid("parameter_missing", "Missing required param: currency.");
    };
    if field(&form, "confirm") != Some("true") {
        return invalid("parameter_unknown", "this fake only creates confirmed PaymentIntents (confirm=true)");
    }
    let Some(token) = field(&form, "payment_method") else {
        let message = "You cannot confirm this PaymentIntent because it's missing a payment method.";
        return invalid("payment_intent_unexpected_state", message);
    };
    let Some((card, status, declined)) = test_card(token) else {
        return invalid("resource_missing", &format!("No such PaymentMethod: '{token}'"));
    };
    let metadata = form
        .iter()
        .filter_map(|(key, value)| Some((key.strip_prefix("metadata[")?.strip_suffix(']')?.to_owned(), json!(value))))
        .collect();
    // Stripe charges a saved method without its payer only for the customer it is attached to.
    if field(&form, "off_session") == Some("true") && field(&form, "customer").is_none() {
        return invalid(
            "parameter_missing",
            "off_session payments need the customer the PaymentMethod is attached to.",
        );
    }
    let mut echoed: Map<String, Value> = ["description", "receipt_email", "setup_future_usage", "customer"]
        .into_iter()
        .map(|name| (name.to_owned(), json!(field(&form, name))))
        .collect();
    echoed.insert("metadata".into(), Value::Object(metadata));
    let intent = Intent {
        id: stripe_id("pi"),
        created: Utc::now().timestamp(),
        amount,
        amount_refunded: 0,
        currency,
        status,
        token: token.to_owned(),
        card,
        declined,
        echoed,
    };
    let answer = intent_json(&intent, expansion(&form));
    let event = intent_json(&intent, None);
    state.intents.insert(intent.id.clone(), intent);
    match status {
        "processing" => state.answer(slot, 200, answer),
        "succeeded" => {
            state.stripe_event("payment_intent.succeeded", event);
            state.answer(slot, 200, answer)
        }
        _ => {
            state.stripe_event("payment_intent.payment_failed", event);
            // Stripe's 402: the `last_payment_error`, with the PaymentIntent inside.
            let mut error = answer["last_payment_error"].clone();
            error["payment_intent"] = answer;
            state.answer(slot, 402, json!({ "error": error }))
        }
    }
}

async fn stripe_fetch(state: web::Data<Mutex<State>>, request: HttpRequest, id: web::Path<String>) -> HttpResponse {
    let mut state = state.lock().unwrap();
    if let Err(answer) = state.admit(Provider::Stripe, &request, &[]) {
        return *answer;
    }
    match state.intents.get(id.as_str()) {
        Some(intent) => respond(200, intent_json(intent, expansion(&form(request.query_string().as_bytes())))),
        None => no_such_intent(&id),
    }
}

async fn stripe_refund(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let slot = match state.admit(Provider::Stripe, &request, &body) {
        Ok(slot) => slot,
        Err(answer) => return *answer,
    };
    let form = form(&body);
    let invalid = |code: Option<&str>, message: &str| stripe_error(400, "invalid_request_error", code, message);
    let Some(id) = field(&form, "payment_intent") else {
        return invalid(
            None,
            "One of the following params should be provided for this request: payment_intent or charge.",
        );
    };
    let Some(intent) = state.intents.get_mut(id) else { return no_such_intent(id) };
    if intent.status != "succeeded" {
        return invalid(None, &format!("This PaymentIntent ({id}) does not have a successful charge to refund."));
    }
    let remaining = intent.amount - intent.amount_refunded;
    if remaining == 0 {
        let message = format!("Charge {} has already been refunded.", intent.sibling("ch"));
        return invalid(Some("charge_already_refunded"), &message);
    }
    let amount = match field(&form, "amount").map(str::parse::<i64>) {
        None => remaining,
        Some(Ok(amount)) if (1..=remaining).contains(&amount) => amount,
        Some(Ok(amount)) if amount > remaining => {
            let message = format!("Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})");
            return invalid(None, &message);
        }
        Some(_) => return invalid(Some("parameter_invalid_integer"), "This value must be greater than or equal to 1."),
    };
    intent.amount_refunded += amount;
    let refund = json!({
        "id": stripe_id("re"), "object": "refund", "amount": amount, "charge": intent.sibling("ch"),
        "currency": intent.currency, "payment_intent": intent.id, "status": "succeeded",
        "created": Utc::now().timestamp(), "metadata": {},
    });
    let charge = charge_json(intent, false);
    state.stripe_event("charge.refunded", charge);
    state.answer(slot, 200, refund)
}

async fn mercadopago_create(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let bad = |message: &str, code: Option<u32>| mercadopago_error(400, "bad_request", message, code);
    let slot = match state.admit(Provider::MercadoPago, &request, &body) {
        Ok(Some(slot)) => slot,
        Ok(None) => return bad("Header X-Idempotency-Key can't be null", Some(4292)),
        Err(answer) => return *answer,
    };
    let Ok(input) = serde_json::from_slice::<Value>(&body) else { return bad("the body is not JSON", Some(1)) };
    let Some(amount) = input["transaction_amount"].as_f64().filter(|amount| *amount > 0.0) else {
        return bad("Invalid transaction_amount", Some(4037));
    };
    if !input["payer"]["email"].as_str().is_some_and(|email| email.contains('@')) {
        return bad("payer.email must be a valid email", Some(4050));
    }
    // Yape is a debit card to Mercado Pago; card digits are its Peruvian test cards'.
    let (type_id, digits) = match input["payment_method_id"].as_str().unwrap_or_default() {
        "visa" => ("credit_card", Some(("400917", "6176"))),
        "master" => ("credit_card", Some(("503175", "0604"))),
        "yape" => ("debit_card", None),
        "pagoefectivo_atm" => ("atm", None),
        _ => return bad("Invalid payment_method_id", None),
    };
    let token = input["token"].as_str().unwrap_or_default();
    let holder = token.get(..4).unwrap_or_default();
    let status = match (type_id, holder) {
        ("atm", _) => ("pending", "pending_waiting_payment"),
        (_, "APRO") => ("approved", "accredited"),
        (_, "CONT") => ("in_process", "pending_contingency"),
        (_, "OTHE") => ("rejected", "cc_rejected_other_reason"),
        (_, "FUND") => ("rejected", "cc_rejected_insufficient_amount"),
        (_, "CALL") => ("rejected", "cc_rejected_call_for_authorize"),
        (_, "SECU") => ("rejected", "cc_rejected_bad_filled_security_code"),
        (_, "EXPI") => ("rejected", "cc_rejected_bad_filled_date"),
        (_, "FORM") => ("rejected", "cc_rejected_bad_filled_other"),
        _ if token.is_empty() => return bad("Card Token not found", Some(2006)),
        _ => return bad("Invalid card token", Some(2062)),
    };
    let now = mercadopago_date();
    let payment = Payment {
        id: state.next_serial(),
        status,
        cents: (amount * 100.0).round() as i64,
        refunded: 0,
        type_id,
        card: digits.map(|(six, four)| (six, four, holder.to_owned())),
        approved: (status.0 == "approved").then(|| now.clone()),
        created: now.clone(),
        updated: now,
        refunds: Vec::new(),
        request: input,
    };
    let (id, answer) = (payment.id, payment_json(&payment));
    state.payments.insert(id, payment);
    state.mercadopago_notification(id, "payment.created");
    state.answer(Some(slot), 201, answer)
}

async fn mercadopago_fetch(
    state: web::Data<Mutex<State>>,
    request: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let mut state = state.lock().unwrap();
    if let Err(answer) = state.admit(Provider::MercadoPago, &request, &[]) {
        return *answer;
    }
    match state.payments.get(&id.parse::<u64>().unwrap_or_default()) {
        Some(payment) => respond(200, payment_json(payment)),
        None => payment_not_found(),
    }
}

async fn mercadopago_refund(
    state: web::Data<Mutex<State>>,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let bad = |message: &str, code: Option<u32>| mercadopago_error(400, "bad_request", message, code);
    let slot = match state.admit(Provider::MercadoPago, &request, &body) {
        Ok(Some(slot)) => slot,
        Ok(None) => return bad("Header X-Idempotency-Key can't be null", Some(4292)),
        Err(answer) => return *answer,
    };
    // No body asks for the whole payment back.
    let input = match serde_json::from_slice::<Value>(&body) {
        Ok(input) => input,
        Err(_) if body.is_empty() => Value::Null,
        Err(_) => return bad("the body is not JSON", Some(1)),
    };
    let serial = state.next_serial();
    let Some(payment) = state.payments.get_mut(&id.parse::<u64>().unwrap_or_default()) else {
        return payment_not_found();
    };
    if payment.status.0 != "approved" {
        return bad("The action requested is not valid for the current payment state", Some(2063));
    }
    let remaining = payment.cents - payment.refunded;
    let amount = match input.get("amount").filter(|amount| !amount.is_null()).map(Value::as_f64) {
        None => remaining,
        Some(Some(amount)) if amount > 0.0 => (amount * 100.0).round() as i64,
        Some(Some(_)) => return bad("amount attribute must be positive", Some(4040)),
        Some(None) => return bad("amount attribute must be numeric", Some(4041)),
    };
    if amount > remaining {
        return bad("The refund amount is greater than what remains of the payment", None);
    }
    payment.refunded += amount;
    payment.status = if amount == remaining { ("refunded", "refunded") } else { ("approved", "partially_refunded") };
    payment.updated = mercadopago_date();
    let refund = json!({
        "id": serial, "payment_id": payment.id, "amount": soles(amount), "metadata": {},
        "source": { "id": MERCADOPAGO_USER_ID.to_string(), "name": "Fake Payments", "type": "collector" },
        "date_created": payment.updated, "unique_sequence_number": null, "refund_mode": "standard",
        "adjustment_amount": 0, "status": "approved", "reason": null,
    });
    payment.refunds.push(refund.clone());
    let payment_id = payment.id;
    state.mercadopago_notification(payment_id, "payment.updated");
    state.answer(Some(slot), 201, refund)
}
