use std::time::Duration;

use serde_json::json;

use super::*;
use crate::http_retry::Retries;
use crate::payments::PaymentMethod;
use crate::payments::signature::hmac_hex;

const SECRET: &str = "whsec_test_secret";
const PAYMENT_ID: &str = "0190f5a2-7c1e-7d3a-9b1e-2f3a4b5c6d7e";

fn provider() -> StripeProvider {
    StripeProvider::new(Endpoint {
        client: reqwest::Client::new(),
        url: "http://127.0.0.1:9".into(),
        api_key: "sk_test_1".into(),
        webhook_secret: SECRET.into(),
        tolerance_secs: 300,
        retries: Retries { max: 0, base_delay: Duration::ZERO },
    })
}

fn intent(status: &str, extra: Value) -> Value {
    let mut intent = json!({
        "id": "pi_3Pabc", "object": "payment_intent", "status": status,
        "amount": 4990, "currency": "pen",
        "metadata": { "payment_id": PAYMENT_ID },
        "payment_method": "pm_1Card", "last_payment_error": null,
    });
    for (key, value) in extra.as_object().unwrap() {
        intent[key] = value.clone();
    }
    intent
}

fn decoded(intent: &Value) -> ProviderCharge {
    decode_intent(intent.to_string().as_bytes()).unwrap()
}

fn request(kind: MethodType, amount: Decimal) -> ChargeRequest {
    ChargeRequest {
        payment_id: PAYMENT_ID.parse().unwrap(),
        amount,
        currency: "PEN".into(),
        description: "Pro plan, 1 month".into(),
        method: PaymentMethod { kind, token: "pm_1Card".into(), provider_method: None },
        payer_email: Some("ana@example.pe".into()),
    }
}

#[test]
fn every_status_maps_to_ours() {
    let declined = json!({ "last_payment_error": { "type": "card_error", "message": "Your card was declined." } });
    let refunded = json!({ "latest_charge": { "id": "ch_1", "refunded": true } });
    let cases = [
        (intent("succeeded", json!({})), ChargeStatus::Succeeded),
        (intent("succeeded", refunded), ChargeStatus::Refunded),
        (intent("processing", json!({})), ChargeStatus::Pending),
        (intent("requires_action", json!({})), ChargeStatus::Pending),
        (intent("requires_confirmation", json!({})), ChargeStatus::Pending),
        (intent("requires_capture", json!({})), ChargeStatus::Pending),
        (intent("requires_payment_method", json!({})), ChargeStatus::Pending),
        (intent("requires_payment_method", declined), ChargeStatus::Failed),
        (intent("canceled", json!({})), ChargeStatus::Failed),
    ];
    for (intent, status) in cases {
        assert_eq!(decoded(&intent).status, status, "{intent}");
    }
    assert!(decode_intent(intent("paused", json!({})).to_string().as_bytes()).is_err());
    assert!(decode_intent(b"{}").is_err());
}

#[test]
fn an_expanded_intent_gives_cents_as_soles_the_card_and_the_fee() {
    let paid = intent(
        "succeeded",
        json!({
            "latest_charge": {
                "id": "ch_1", "refunded": false, "failure_message": null,
                "payment_method_details": { "type": "card", "card": { "brand": "visa", "last4": "4242" } },
                "balance_transaction": { "id": "txn_1", "amount": 4990, "fee": 224, "currency": "pen" },
            },
            "payment_method": { "id": "pm_1Expanded", "object": "payment_method" },
            "customer": "cus_1",
        }),
    );
    let charge = decoded(&paid);
    assert_eq!(charge.reference, "pi_3Pabc");
    assert_eq!(charge.payment_id, Some(PAYMENT_ID.parse().unwrap()));
    assert_eq!((charge.amount, charge.currency.as_str()), (Decimal::new(4990, 2), "PEN"));
    assert_eq!((charge.method, charge.last4.as_deref()), (Some(MethodType::Card), Some("4242")));
    assert_eq!(charge.fee, Some(Decimal::new(224, 2)));
    assert_eq!(charge.reusable_method.as_deref(), Some("cus_1:pm_1Expanded"), "a card renewals can charge");
    assert_eq!(charge.failure_reason, None);

    let settled_in_dollars =
        intent("succeeded", json!({ "latest_charge": { "balance_transaction": { "fee": 70, "currency": "usd" } } }));
    assert_eq!(decoded(&settled_in_dollars).fee, None, "a fee in another currency is not the charge's");

    let unexpanded = intent("succeeded", json!({ "latest_charge": "ch_1", "metadata": {} }));
    let charge = decoded(&unexpanded);
    assert_eq!((charge.method, charge.last4, charge.fee, charge.payment_id), (None, None, None, None));
    assert_eq!(charge.reusable_method, None, "a card without its customer cannot be charged again");

    let failed = intent("canceled", json!({ "latest_charge": { "failure_message": "Your card has expired." } }));
    assert_eq!(decoded(&failed).failure_reason.as_deref(), Some("Your card has expired."));
}

#[test]
fn a_declined_card_is_a_failed_charge_or_without_an_intent_a_refused_method() {
    let answer = json!({ "error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
        "payment_intent": intent("requires_payment_method", json!({
            "last_payment_error": { "code": "card_declined", "message": "Your card has insufficient funds." },
        })),
    }});
    let charge = declined(answer.to_string().as_bytes()).unwrap();
    assert_eq!((charge.status, charge.reference.as_str()), (ChargeStatus::Failed, "pi_3Pabc"));
    assert_eq!(charge.failure_reason.as_deref(), Some("Your card has insufficient funds."));

    let bare =
        json!({ "error": { "type": "card_error", "code": "card_declined", "message": "Your card was declined." } });
    match declined(bare.to_string().as_bytes()) {
        Err(AppError::Validation(errors)) => {
            assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("payment_method", "declined"));
            assert_eq!(errors[0].message, "Your card was declined.");
        }
        other => panic!("expected a refused method, got {other:?}"),
    }
    assert!(matches!(declined(b"Payment Required"), Err(AppError::Internal(_))));
}

#[test]
fn the_confirm_form_carries_cents_and_refuses_what_stripe_cannot_take() {
    let form = charge_form(&request(MethodType::Card, Decimal::new(4990, 2)), "cus_1").unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(form.as_bytes()).into_owned().collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    assert_eq!(get("amount"), Some("4990"));
    assert_eq!(get("currency"), Some("pen"));
    assert_eq!(get("confirm"), Some("true"));
    assert_eq!(get("payment_method"), Some("pm_1Card"));
    assert_eq!(get("payment_method_types[]"), Some("card"));
    assert_eq!(get("setup_future_usage"), Some("off_session"));
    assert_eq!(get("metadata[payment_id]"), Some(PAYMENT_ID));
    assert_eq!(get("receipt_email"), Some("ana@example.pe"));
    assert_eq!(get("expand[]"), Some("latest_charge.balance_transaction"));

    let mut anonymous = request(MethodType::Card, Decimal::new(10, 0));
    anonymous.payer_email = None;
    assert!(!charge_form(&anonymous, "cus_1").unwrap().contains("receipt_email"));

    let mut renewal = request(MethodType::Card, Decimal::new(4990, 2));
    renewal.method.token = "cus_9:pm_1Card".into();
    let form = charge_form(&renewal, "cus_9").unwrap();
    assert!(form.contains("off_session=true") && form.contains("customer=cus_9"), "{form}");
    assert!(form.contains("payment_method=pm_1Card") && !form.contains("setup_future_usage"), "{form}");

    for refused in [
        request(MethodType::Yape, Decimal::new(4990, 2)),
        request(MethodType::Card, Decimal::new(49905, 3)),
        request(MethodType::Card, Decimal::ZERO),
        request(MethodType::Card, Decimal::new(-100, 2)),
    ] {
        assert!(
            matches!(
                check_method(&refused).and_then(|()| charge_form(&refused, "cus_1")),
                Err(AppError::Validation(_))
            ),
            "{:?}",
            refused.amount
        );
    }
    assert_eq!(cents(Decimal::new(49900, 3)).unwrap(), 4990, "trailing zeros are whole cents");
    assert!(intent_id("pi_3Pabc").is_ok());
    for bad in ["", "pi_1/../refunds", "pi 1", "pi_1?expand[]=x"] {
        assert!(intent_id(bad).is_err(), "{bad:?}");
    }
}

const NOW: i64 = 1_700_000_000;

fn signature(body: &str, timestamp: i64, secret: &str) -> String {
    hmac_hex(secret.as_bytes(), format!("{timestamp}.{body}").as_bytes())
}

fn delivery(body: &str, header: String) -> WebhookRequest {
    WebhookRequest { headers: vec![("stripe-signature".into(), header)], query: String::new(), body: body.into() }
}

fn signed(body: &str, timestamp: i64, secret: &str) -> WebhookRequest {
    delivery(body, format!("t={timestamp},v1={},v0=00", signature(body, timestamp, secret)))
}

#[test]
fn signed_events_pass_and_anything_else_is_refused() {
    let provider = provider();
    let now = DateTime::from_timestamp(NOW, 0).unwrap();
    let body = json!({
        "id": "evt_1", "object": "event", "type": "payment_intent.succeeded",
        "data": { "object": { "id": "pi_3Pabc", "object": "payment_intent" } },
    })
    .to_string();

    let notice = provider.verify(&signed(&body, NOW - 60, SECRET), now).unwrap();
    assert_eq!(
        notice,
        WebhookNotice {
            event_id: "evt_1".into(),
            kind: "payment_intent.succeeded".into(),
            reference: Some("pi_3Pabc".into()),
        }
    );
    let rotating = format!("t={NOW},v1={},v1={}", "ab".repeat(32), signature(&body, NOW, SECRET));
    assert!(provider.verify(&delivery(&body, rotating), now).is_ok(), "any v1 may match");

    let tampered = body.replace("pi_3Pabc", "pi_3Other");
    let refusals = [
        ("wrong secret", signed(&body, NOW, "whsec_other")),
        ("tampered body", WebhookRequest { body: tampered.into_bytes(), ..signed(&body, NOW, SECRET) }),
        ("no header", WebhookRequest { headers: Vec::new(), ..signed(&body, NOW, SECRET) }),
        ("no timestamp", delivery(&body, format!("v1={}", signature(&body, NOW, SECRET)))),
        ("only v0", delivery(&body, format!("t={NOW},v0={}", signature(&body, NOW, SECRET)))),
        ("stale", signed(&body, NOW - 301, SECRET)),
    ];
    for (case, webhook) in refusals {
        assert!(matches!(provider.verify(&webhook, now), Err(WebhookRefusal::Signature(_))), "{case}");
    }

    for unreadable in ["not json", r#"{"type": "payment_intent.succeeded", "data": {"object": {}}}"#] {
        let refusal = provider.verify(&signed(unreadable, NOW, SECRET), now);
        assert!(matches!(refusal, Err(WebhookRefusal::Malformed(_))), "{unreadable}");
    }
}

#[test]
fn charge_events_name_their_intent_and_others_none() {
    let refunded = json!({
        "id": "evt_2", "type": "charge.refunded",
        "data": { "object": { "id": "ch_1", "object": "charge", "payment_intent": "pi_3Pabc", "refunded": true } },
    });
    assert_eq!(notice(refunded.to_string().as_bytes()).unwrap().reference.as_deref(), Some("pi_3Pabc"));
    let customer = json!({ "id": "evt_3", "type": "customer.created", "data": { "object": { "id": "cus_1" } } });
    let notice = notice(customer.to_string().as_bytes()).unwrap();
    assert_eq!((notice.kind.as_str(), notice.reference), ("customer.created", None));
}
