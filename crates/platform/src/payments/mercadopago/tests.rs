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

    let yape = payment("approved", json!({ "payment_method_id": "yape", "payment_type_id": "debit_card", "card": {} }));
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
    assert_eq!((card["payment_method_id"].as_str(), card["token"].as_str()), (Some("visa"), Some("ff8080814c11e237")));
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
    let no_request_id = delivery(query, Some(sign(Some("1319543209"), None, NOW, SECRET)), None, body("1319543209"));
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
        ("stale in milliseconds", delivery(query, Some(good((NOW - 301) * 1000)), Some("req-1"), body("1319543209"))),
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
