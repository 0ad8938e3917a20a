//! Money end to end: a checkout confirmed by the provider's webhook, receipts and their
//! documents, webhooks forged, replayed and repeated, renewals, dunning to cancellation, plan
//! changes with proration, refunds with credit notes, gap-free receipt numbers under concurrent
//! payments, and the billing profile sealed at rest. The sandbox provider runs in the app; Stripe
//! and Mercado Pago are local fakes that follow their published APIs.

use std::time::Duration;

use e2e::fakes::payments::{FakePayments, sign_stripe};
use e2e::{Account, TestApp};
use platform::payments::{PaymentProvider, SandboxProvider, WebhookRequest};
use serde_json::{Value, json};
use uuid::Uuid;

fn checkout(plan: &str, token: &str) -> Value {
    json!({ "plan_id": plan, "billing_cycle": "monthly", "payment_method": { "kind": "card", "token": token } })
}

/// Ends the payer's current period a minute ago (the owner's `$1`: a person's or a company's id).
const END_PERIOD: &str = "UPDATE billing.subscriptions SET current_period_start = now() - interval '1 month', \
                          current_period_end = now() - interval '1 minute' WHERE coalesce(user_id, tenant_id) = $1";

/// Waits until the payment is no longer pending (the sandbox confirms through the app's job
/// worker, a second or two later), and answers it.
async fn settled(app: &TestApp, account: &Account, payment_id: &str) -> Value {
    settled_in(app, account, "/api/v1/billing/payments", payment_id).await
}

/// [`settled`], for the payments listed at `payments` (a company's).
async fn settled_in(app: &TestApp, account: &Account, payments: &str, payment_id: &str) -> Value {
    for _ in 0..150 {
        let listed = app.get(payments, Some(&account.access)).await.body;
        let payment = listed.as_array().unwrap().iter().find(|p| p["id"] == payment_id).cloned().unwrap();
        if payment["status"] != "pending" {
            return payment;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("payment {payment_id} still pending after 15 s");
}

/// The provider's reference of a payment, as billing stored it.
async fn reference_of(app: &TestApp, payment_id: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        reference: String,
    }
    let sql = "SELECT provider_reference AS reference FROM billing.payments WHERE id = $1";
    let id: Uuid = payment_id.parse().unwrap();
    let query = diesel::sql_query(sql).bind::<diesel::sql_types::Uuid, _>(id);
    diesel_async::RunQueryDsl::get_result::<Row>(query, &mut app.owner_connection().await).await.unwrap().reference
}

/// The app with Stripe's local fake as its payment provider.
async fn with_stripe(fake: &FakePayments) -> TestApp {
    TestApp::spawn_with(&[
        ("PAYMENT_PROVIDER", "stripe"),
        ("PAYMENT_API_URL", &fake.stripe_url()),
        ("PAYMENT_API_KEY", FakePayments::STRIPE_KEY),
        ("PAYMENT_WEBHOOK_SECRET", FakePayments::STRIPE_WEBHOOK_SECRET),
    ])
    .await
}

async fn deliver(app: &TestApp, provider: &str, webhook: &WebhookRequest) -> e2e::Response {
    let mut request = app
        .client
        .post(format!("{}/api/v1/billing/webhooks/{provider}?{}", app.base, webhook.query))
        .body(webhook.body.clone());
    for (name, value) in &webhook.headers {
        request = request.header(name, value);
    }
    TestApp::read(request.send().await.unwrap()).await
}

async fn invoices(app: &TestApp, account: &Account) -> Vec<Value> {
    app.get("/api/v1/billing/invoices", Some(&account.access)).await.body["items"].as_array().unwrap().clone()
}

async fn billing(app: &TestApp) -> billing::BillingService {
    app::startup::compose(&app.config, Default::default()).await.unwrap().billing
}

#[tokio::test]
async fn a_sandbox_checkout_is_paid_by_its_webhook_and_gets_a_boleta_with_its_documents() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;

    let first = app
        .client
        .post(format!("{}/api/v1/billing/checkout", app.base))
        .bearer_auth(&ana.access)
        .header("Idempotency-Key", "pro-de-ana")
        .json(&checkout("pro", "pm_card_visa"))
        .send()
        .await
        .unwrap();
    let first = TestApp::read(first).await;
    assert_eq!((first.status, first.body["status"].as_str()), (201, Some("pending")), "{:?}", first.body);
    assert_eq!((first.body["amount"].as_str(), first.body["currency"].as_str()), (Some("29.90"), Some("PEN")));
    let again = app
        .client
        .post(format!("{}/api/v1/billing/checkout", app.base))
        .bearer_auth(&ana.access)
        .header("Idempotency-Key", "pro-de-ana")
        .json(&checkout("pro", "pm_card_visa"))
        .send()
        .await
        .unwrap();
    let again = TestApp::read(again).await;
    assert_eq!((again.status, &again.body["id"]), (200, &first.body["id"]), "a retried checkout pays once");

    let paid = settled(&app, &ana, first.body["id"].as_str().unwrap()).await;
    assert_eq!((paid["status"].as_str(), paid["last4"].as_str()), (Some("succeeded"), Some("4242")));
    assert_eq!(paid["method_type"], "card");
    let subscription = app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body;
    assert_eq!((subscription["status"].as_str(), subscription["plan"]["id"].as_str()), (Some("active"), Some("pro")));
    assert_eq!(app.get("/api/v1/billing/usage", Some(&ana.access)).await.body["plan"]["id"], "pro");
    let tracked = "SELECT (SELECT count(*) FROM analytics.outbox WHERE name = 'billing.payment_settled') \
                   + (SELECT count(*) FROM analytics.events WHERE name = 'billing.payment_settled') AS count";
    assert_eq!(app.owner_count(tracked, None).await, 1, "product analytics hears of the payment once");
    let fee = app.owner_count("SELECT count(*) AS count FROM billing.payments WHERE provider_fee = 1.19", None).await;
    assert_eq!(fee, 1, "the provider's fee (3.99% in the sandbox) is recorded");

    let receipts = invoices(&app, &ana).await;
    assert_eq!(receipts.len(), 1);
    let receipt = &receipts[0];
    assert_eq!((receipt["kind"].as_str(), receipt["number"].as_str()), (Some("receipt"), Some("B001-00000001")));
    let amounts = (receipt["base"].as_str(), receipt["igv"].as_str(), receipt["total"].as_str());
    assert_eq!(amounts, (Some("25.34"), Some("4.56"), Some("29.90")));
    let id = receipt["id"].as_str().unwrap();
    let xml = app.get(&format!("/api/v1/billing/invoices/{id}/xml"), Some(&ana.access)).await;
    assert_eq!(xml.status, 200);
    let xml = xml.body.as_str().unwrap().to_owned();
    for expected in [
        "<cbc:ID>B001-00000001</cbc:ID>",
        "listID=\"0101\">03</cbc:InvoiceTypeCode>",
        "CLIENTES VARIOS",
        "<cbc:PayableAmount currencyID=\"PEN\">29.90</cbc:PayableAmount>",
        "<cbc:TaxAmount currencyID=\"PEN\">4.56</cbc:TaxAmount>",
    ] {
        assert!(xml.contains(expected), "{expected} in {xml}");
    }
    let pdf = app.client.get(format!("{}/api/v1/billing/invoices/{id}/pdf", app.base)).bearer_auth(&ana.access);
    let pdf = pdf.send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-1.4"));
    assert_eq!(invoices(&app, &ana).await[0]["pdf_ready"], true, "rendered once, kept in object storage");

    // Another person sees none of it.
    let bob = app.register("bob@example.pe").await;
    app.get(&format!("/api/v1/billing/invoices/{id}/xml"), Some(&bob.access)).await.problem(404);
    assert!(invoices(&app, &bob).await.is_empty());

    // A declined card: the payment fails with the provider's words, and nothing is bought.
    let declined =
        app.post("/api/v1/billing/checkout", Some(&bob.access), checkout("pro", "pm_card_chargeDeclined")).await;
    assert_eq!(declined.status, 201);
    let failed = settled(&app, &bob, declined.body["id"].as_str().unwrap()).await;
    assert_eq!(
        (failed["status"].as_str(), failed["failure_reason"].as_str()),
        (Some("failed"), Some("Your card was declined."))
    );
    app.get("/api/v1/billing/subscription", Some(&bob.access)).await.problem(404);
    assert!(invoices(&app, &bob).await.is_empty());

    // A method the provider does not know is refused at once, naming it.
    let unknown = app.post("/api/v1/billing/checkout", Some(&bob.access), checkout("pro", "4111111111111111")).await;
    assert_eq!(unknown.problem(422)["errors"][0]["field"], "payment_method.token");
    // A paid subscriber changes plan rather than paying for a second one.
    app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("premium", "pm_card_visa")).await.problem(409);
    app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("team", "pm_card_visa")).await.problem(403);
    app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("free", "pm_card_visa")).await.problem(409);
}

#[tokio::test]
async fn forged_stale_and_repeated_webhooks_change_nothing() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let sandbox = SandboxProvider::new(app.config.payments.webhook_secret.as_bytes(), 300);
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    let payment = settled(&app, &ana, made.body["id"].as_str().unwrap()).await;
    assert_eq!(payment["status"], "succeeded");
    let reference = reference_of(&app, payment["id"].as_str().unwrap()).await;
    let now = chrono::Utc::now();
    let charge = sandbox.fetch(&reference).await.unwrap();
    let genuine = sandbox.simulated_webhook(&charge, now).unwrap();

    let mut unsigned = genuine.clone();
    unsigned.headers.retain(|(name, _)| name != "sandbox-signature");
    deliver(&app, "sandbox", &unsigned).await.problem(401);
    let forger = SandboxProvider::new(b"a secret the attacker guessed", 300);
    deliver(&app, "sandbox", &forger.simulated_webhook(&charge, now).unwrap()).await.problem(401);
    let stale = sandbox.simulated_webhook(&charge, now - chrono::Duration::minutes(10)).unwrap();
    deliver(&app, "sandbox", &stale).await.problem(401);
    let mut tampered = genuine.clone();
    tampered.body = String::from_utf8(tampered.body).unwrap().replace("charge.updated", "charge.refunded").into_bytes();
    deliver(&app, "sandbox", &tampered).await.problem(401);
    let not_json = WebhookRequest {
        headers: vec![("sandbox-signature".into(), sandbox.sign(b"not json", now))],
        query: String::new(),
        body: b"not json".to_vec(),
    };
    deliver(&app, "sandbox", &not_json).await.problem(400);
    deliver(&app, "stripe", &genuine).await.problem(404);

    // The genuine one, twice: applied (nothing new: the payment was up to date), then a duplicate.
    assert_eq!(deliver(&app, "sandbox", &genuine).await.body["outcome"], "applied");
    assert_eq!(deliver(&app, "sandbox", &genuine).await.body["outcome"], "duplicate");
    assert_eq!(invoices(&app, &ana).await.len(), 1, "one receipt however often the provider says so");
    let events = app.owner_count("SELECT count(*) AS count FROM billing.webhook_events", None).await;
    assert_eq!(events, 2, "the sandbox's own confirmation and the genuine delivery");
}

#[tokio::test]
async fn renewals_then_dunning_on_days_one_three_and_seven_then_cancellation_with_mails() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    settled(&app, &ana, made.body["id"].as_str().unwrap()).await;
    let billing = billing(&app).await;

    // The period ends: renewed with the saved card, the period moves on, a second boleta.
    app.owner_execute(END_PERIOD, ana.id).await;
    assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 1);
    assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 0, "one renewal in flight at a time");
    let renewal = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
    assert_eq!(renewal["purpose"], "renewal");
    assert_eq!(settled(&app, &ana, renewal["id"].as_str().unwrap()).await["status"], "succeeded");
    let subscription = app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body;
    let end: chrono::DateTime<chrono::Utc> = subscription["current_period_end"].as_str().unwrap().parse().unwrap();
    assert!(end > chrono::Utc::now() + chrono::Duration::days(27), "{end}");
    assert_eq!(invoices(&app, &ana).await[0]["number"], "B001-00000002");

    // The card starts being declined: past due, retried on days 1, 3 and 7, then canceled.
    app.owner_execute(
        "UPDATE billing.payments SET payment_method = 'pm_card_chargeDeclined' WHERE user_id = $1",
        ana.id,
    )
    .await;
    app.owner_execute(END_PERIOD, ana.id).await;
    let retry_now = "UPDATE billing.subscriptions SET next_charge_at = now() - interval '1 second' WHERE user_id = $1";
    let mut gaps = Vec::new();
    for attempt in 1..=4 {
        assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 1, "attempt {attempt}");
        let payment = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
        assert_eq!(settled(&app, &ana, payment["id"].as_str().unwrap()).await["status"], "failed");
        if attempt < 4 {
            let subscription = app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body;
            assert_eq!(subscription["status"], "past_due", "attempt {attempt}");
            let gap = app
                .owner_count(
                    "SELECT extract(day FROM next_charge_at - first_failed_at)::bigint AS count \
                     FROM billing.subscriptions WHERE user_id = $1",
                    Some(ana.id),
                )
                .await;
            gaps.push(gap);
            app.owner_execute(retry_now, ana.id).await;
        }
    }
    assert_eq!(gaps, vec![1, 3, 7]);
    app.get("/api/v1/billing/subscription", Some(&ana.access)).await.problem(404);
    assert_eq!(app.get("/api/v1/billing/usage", Some(&ana.access)).await.body["plan"]["id"], "free");
    app.mailbox.wait_for("ana@example.pe", "No pudimos cobrar la suscripción", 3).await;
    app.mailbox.wait_for("ana@example.pe", "La suscripción fue cancelada", 1).await;
    assert_eq!(invoices(&app, &ana).await.len(), 2, "failed charges issue no receipt");
}

#[tokio::test]
async fn upgrades_are_prorated_now_and_downgrades_wait_for_the_period_end() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    settled(&app, &ana, made.body["id"].as_str().unwrap()).await;
    // Halfway through the period.
    app.owner_execute(
        "UPDATE billing.subscriptions SET current_period_start = now() - interval '15 days', \
         current_period_end = now() + interval '15 days' WHERE user_id = $1",
        ana.id,
    )
    .await;

    let upgrade =
        app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "premium" })).await;
    assert_eq!(upgrade.status, 200, "{:?}", upgrade.body);
    let payment = &upgrade.body["payment"];
    // (59.90 − 29.90) × 15/30 days left.
    let amount: f64 = payment["amount"].as_str().unwrap().parse().unwrap();
    assert!((amount - 15.00).abs() <= 0.01, "{amount}");
    assert_eq!(settled(&app, &ana, payment["id"].as_str().unwrap()).await["status"], "succeeded");
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body["plan"]["id"], "premium");
    let receipts = invoices(&app, &ana).await;
    assert_eq!(receipts[0]["total"], payment["amount"]);
    assert!(receipts[0]["description"].as_str().unwrap().contains("prorrateada"));

    let downgrade =
        app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "pro" })).await;
    assert_eq!(downgrade.status, 200);
    assert!(downgrade.body["payment"].is_null(), "nothing charged now");
    assert_eq!(downgrade.body["subscription"]["plan"]["id"], "premium", "premium until the period ends");
    app.owner_execute(END_PERIOD, ana.id).await;
    let billing = billing(&app).await;
    assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 1);
    let renewal = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
    assert_eq!((renewal["plan_id"].as_str(), renewal["amount"].as_str()), (Some("pro"), Some("29.90")));
    settled(&app, &ana, renewal["id"].as_str().unwrap()).await;
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body["plan"]["id"], "pro");

    app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "pro" })).await.problem(409);
    app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "team" })).await.problem(403);
    app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "free" })).await.problem(409);
}

#[tokio::test]
async fn stripe_charges_declines_webhooks_refunds_and_renewals_through_its_api() {
    let fake = FakePayments::start().await;
    let app = with_stripe(&fake).await;
    let ana = app.register("ana@example.pe").await;
    let paid = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    assert_eq!((paid.status, paid.body["status"].as_str()), (201, Some("succeeded")), "{:?}", paid.body);
    assert_eq!(paid.body["last4"], "4242");
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body["status"], "active");
    let created = fake.requests().into_iter().filter(|r| r.route.ends_with("/v1/payment_intents")).count();
    assert_eq!(created, 1);
    assert!(fake.requests().iter().any(|r| r.route.ends_with("/v1/customers")), "the card is saved for renewals");

    // Stripe's events: the first applies (nothing new), its repeat is a duplicate, a forged one
    // and one signed too long ago are refused.
    let events = fake.take_events();
    assert_eq!(events.len(), 1);
    assert_eq!(deliver(&app, "stripe", &events[0]).await.body["outcome"], "applied");
    assert_eq!(deliver(&app, "stripe", &events[0]).await.body["outcome"], "duplicate");
    let mut forged = events[0].clone();
    let old = (chrono::Utc::now() - chrono::Duration::minutes(10)).timestamp();
    forged.headers =
        vec![("stripe-signature".into(), sign_stripe(FakePayments::STRIPE_WEBHOOK_SECRET, old, &forged.body))];
    deliver(&app, "stripe", &forged).await.problem(401);
    forged.headers =
        vec![("stripe-signature".into(), sign_stripe("whsec_wrong", chrono::Utc::now().timestamp(), &forged.body))];
    deliver(&app, "stripe", &forged).await.problem(401);
    assert_eq!(invoices(&app, &ana).await.len(), 1);

    // A declined card is a failed payment with Stripe's words.
    let bob = app.register("bob@example.pe").await;
    let declined = app
        .post("/api/v1/billing/checkout", Some(&bob.access), checkout("pro", "pm_card_chargeDeclinedInsufficientFunds"))
        .await;
    assert_eq!(declined.body["status"], "failed");
    assert_eq!(declined.body["failure_reason"], "Your card has insufficient funds.");
    let unknown = app.post("/api/v1/billing/checkout", Some(&bob.access), checkout("pro", "pm_nope")).await;
    assert_eq!(unknown.problem(422)["errors"][0]["field"], "payment_method");

    // The renewal charges the saved card off-session for its customer.
    app.owner_execute(END_PERIOD, ana.id).await;
    assert_eq!(billing(&app).await.charge_due(chrono::Utc::now()).await.unwrap(), 1);
    let renewal = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
    assert_eq!((renewal["purpose"].as_str(), renewal["status"].as_str()), (Some("renewal"), Some("succeeded")));
    let off_session = fake.requests().into_iter().filter(|r| r.body.contains("off_session=true")).count();
    assert_eq!(off_session, 1);

    // A refund (platform operators only) takes the money back, issues a credit note and ends the period.
    let renewal_id = renewal["id"].as_str().unwrap();
    app.post(&format!("/api/v1/admin/billing/payments/{renewal_id}/refund"), Some(&ana.access), json!({}))
        .await
        .problem(403);
    let operator = app.register("ops@entrevistador.pe").await;
    app.owner_execute("UPDATE identity.users SET is_platform_admin = true WHERE id = $1", operator.id).await;
    let refunded = app
        .post(&format!("/api/v1/admin/billing/payments/{renewal_id}/refund"), Some(&operator.access), json!({}))
        .await;
    assert_eq!(refunded.body["status"], "refunded", "{:?}", refunded.body);
    app.post(&format!("/api/v1/admin/billing/payments/{renewal_id}/refund"), Some(&operator.access), json!({}))
        .await
        .problem(409);
    let receipts = invoices(&app, &ana).await;
    assert_eq!(receipts[0]["kind"], "receipt_credit_note");
    assert_eq!(receipts[0]["number"], "BC01-00000001");
    assert_eq!(receipts[0]["credits_receipt_id"], receipts[1]["id"]);
    let note = app
        .get(&format!("/api/v1/billing/invoices/{}/xml", receipts[0]["id"].as_str().unwrap()), Some(&ana.access))
        .await;
    let note = note.body.as_str().unwrap();
    assert!(note.contains("<CreditNote") && note.contains("B001-00000002"), "{note}");
    app.get("/api/v1/billing/subscription", Some(&ana.access)).await.problem(404);
}

#[tokio::test]
async fn mercado_pago_cards_yape_pending_payments_and_signed_notifications() {
    let fake = FakePayments::start().await;
    let app = TestApp::spawn_with(&[
        ("PAYMENT_PROVIDER", "mercadopago"),
        ("PAYMENT_API_URL", &fake.mercadopago_url()),
        ("PAYMENT_API_KEY", FakePayments::MERCADOPAGO_TOKEN),
        ("PAYMENT_WEBHOOK_SECRET", FakePayments::MERCADOPAGO_WEBHOOK_SECRET),
    ])
    .await;
    let method = |kind: &str, token: &str, id: &str| {
        json!({ "plan_id": "pro", "billing_cycle": "monthly",
                "payment_method": { "kind": kind, "token": token, "provider_method": id } })
    };
    let ana = app.register("ana@example.pe").await;
    let yape = app.post("/api/v1/billing/checkout", Some(&ana.access), method("yape", "APRO-yape", "yape")).await;
    assert_eq!((yape.body["status"].as_str(), yape.body["method_type"].as_str()), (Some("succeeded"), Some("yape")));
    let fee = app.owner_count("SELECT count(*) AS count FROM billing.payments WHERE provider_fee = 2.19", None).await;
    assert_eq!(fee, 1, "Mercado Pago's fee_details (3.99% + S/ 1.00 in the fake) are recorded");

    let bob = app.register("bob@example.pe").await;
    let refused = app.post("/api/v1/billing/checkout", Some(&bob.access), method("card", "FUND-1", "visa")).await;
    assert_eq!(
        (refused.body["status"].as_str(), refused.body["failure_reason"].as_str()),
        (Some("failed"), Some("cc_rejected_insufficient_amount"))
    );

    // In contingency: pending until Mercado Pago's notification says it was approved.
    let pending = app.post("/api/v1/billing/checkout", Some(&bob.access), method("card", "CONT-1", "visa")).await;
    assert_eq!(pending.body["status"], "pending");
    let created = fake.requests().into_iter().rev().find(|r| r.route.ends_with("/v1/payments")).unwrap();
    assert!(created.idempotency_key.is_some(), "every charge carries an idempotency key");
    let before = invoices(&app, &bob).await.len();
    fake.take_events();
    let pending_reference = reference_of(&app, pending.body["id"].as_str().unwrap()).await;
    fake.settle(&pending_reference, true);
    let events = fake.take_events();
    assert_eq!(events.len(), 1, "the approval is notified");
    let mut tampered = events[0].clone();
    tampered.query = tampered.query.replace(&pending_reference, "1");
    deliver(&app, "mercadopago", &tampered).await.problem(401);
    assert_eq!(deliver(&app, "mercadopago", &events[0]).await.body["outcome"], "applied");
    assert_eq!(deliver(&app, "mercadopago", &events[0]).await.body["outcome"], "duplicate");
    // A late `payment.created` (another notification id, arriving after the approval) changes
    // nothing: the payment's state is read from Mercado Pago, and only moves forward.
    let mut late: Value = serde_json::from_slice(&events[0].body).unwrap();
    late["id"] = json!(late["id"].as_u64().unwrap() + 1_000);
    late["action"] = json!("payment.created");
    let late = WebhookRequest { body: late.to_string().into_bytes(), ..events[0].clone() };
    assert_eq!(deliver(&app, "mercadopago", &late).await.body["outcome"], "applied");
    assert_eq!(settled(&app, &bob, pending.body["id"].as_str().unwrap()).await["status"], "succeeded");
    assert_eq!(invoices(&app, &bob).await.len(), before + 1);
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&bob.access)).await.body["status"], "active");
}

#[tokio::test]
async fn facturas_name_a_checked_ruc_sealed_at_rest_and_fifty_concurrent_payments_leave_no_gap() {
    let fake = FakePayments::start().await;
    let app = with_stripe(&fake).await;
    let ana = app.register("ana@example.pe").await;
    app.get("/api/v1/billing/profile", Some(&ana.access)).await.problem(404);
    let profile = |ruc: &str| {
        json!({ "tax_id_type": "ruc", "tax_id": ruc, "name": "Consultora Andina S.A.C.",
                "address": "Av. Arequipa 1234, Lince, Lima" })
    };
    let refused = app
        .request(reqwest::Method::PUT, "/api/v1/billing/profile", Some(&ana.access), Some(profile("20131312954")))
        .await;
    assert!(refused.problem(422)["errors"][0]["message"].as_str().unwrap().contains("check digit"));
    let saved = app
        .request(reqwest::Method::PUT, "/api/v1/billing/profile", Some(&ana.access), Some(profile("20131312955")))
        .await;
    assert_eq!(saved.status, 200);
    assert_eq!(app.get("/api/v1/billing/profile", Some(&ana.access)).await.body, profile("20131312955"));
    let in_clear = "SELECT count(*) AS count FROM billing.profiles WHERE position('20131312955'::bytea IN sealed) > 0 \
                    OR position('Andina'::bytea IN sealed) > 0";
    assert_eq!(app.owner_count(in_clear, None).await, 0, "the tax id and name are sealed at rest");

    let paid = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    assert_eq!(paid.body["status"], "succeeded");
    let factura = &invoices(&app, &ana).await[0];
    assert_eq!((factura["kind"].as_str(), factura["number"].as_str()), (Some("invoice"), Some("F001-00000001")));
    let xml =
        app.get(&format!("/api/v1/billing/invoices/{}/xml", factura["id"].as_str().unwrap()), Some(&ana.access)).await;
    let xml = xml.body.as_str().unwrap();
    assert!(
        xml.contains("schemeID=\"6\"") && xml.contains("20131312955") && xml.contains("Consultora Andina"),
        "{xml}"
    );
    let sealed_receipts =
        "SELECT count(*) AS count FROM billing.receipts WHERE position('20131312955'::bytea IN buyer_sealed) > 0";
    assert_eq!(app.owner_count(sealed_receipts, None).await, 0);

    // Ten people pay five times each, all at once: fifty boletas numbered 1 to 50, no gap.
    let mut people = Vec::new();
    for n in 0..10 {
        people.push(app.register(&format!("persona{n}@example.pe")).await);
    }
    let mut payments = Vec::new();
    for person in &people {
        for attempt in 0..5 {
            let request = app
                .client
                .post(format!("{}/api/v1/billing/checkout", app.base))
                .bearer_auth(&person.access)
                .header("Idempotency-Key", format!("pago-{attempt}"))
                .json(&checkout("pro", "pm_card_visa"));
            payments.push(async move { TestApp::read(request.send().await.unwrap()).await });
        }
    }
    let answers = futures_util::future::join_all(payments).await;
    let paid = answers.iter().filter(|answer| answer.body["status"] == "succeeded").count();
    let refused = answers.iter().filter(|answer| answer.status == 409).count();
    assert_eq!(paid + refused, 50, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    let numbers = app
        .owner_count(
            "SELECT count(*) AS count FROM billing.receipts WHERE series = 'B001' \
             AND correlative BETWEEN 1 AND (SELECT count(*) FROM billing.receipts WHERE series = 'B001')",
            None,
        )
        .await;
    assert_eq!(numbers as usize, paid, "correlatives 1..n with no gap and no repeat");
    let last = app
        .owner_count("SELECT last_correlative::bigint AS count FROM billing.receipt_series WHERE series = 'B001'", None)
        .await;
    assert_eq!(last as usize, paid);
    assert!(paid >= 10, "every person paid at least once: {paid}");
}

#[tokio::test]
async fn billing_rows_are_their_payers_alone_and_receipt_numbers_the_workers_alone() {
    use diesel::sql_types::{BigInt, Text};
    use diesel_async::{AsyncConnection, RunQueryDsl};

    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    settled(&app, &ana, made.body["id"].as_str().unwrap()).await;
    let profile = json!({ "tax_id_type": "dni", "tax_id": "46779354", "name": "Ana Quispe", "address": null });
    assert_eq!(
        app.request(reqwest::Method::PUT, "/api/v1/billing/profile", Some(&ana.access), Some(profile)).await.status,
        200
    );
    let bob = app.register("bob@example.pe").await;

    let unprotected = app
        .owner_count(
            "SELECT count(*) AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'billing' AND c.relkind = 'r' AND c.relname <> 'plans' \
             AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
            None,
        )
        .await;
    assert_eq!(unprotected, 0, "every billing table but the public plans forces row-level security");

    #[derive(diesel::QueryableByName)]
    struct Counted {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let mut conn = app.app_connection().await;
    let as_bob = "SELECT set_config('app.user_id', $1, true), set_config('app.role', 'candidate', true)";
    let seen = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(as_bob).bind::<Text, _>(bob.id.to_string()).execute(conn).await?;
            let mut seen = Vec::new();
            for table in ["payments", "receipts", "profiles", "subscriptions", "webhook_events", "receipt_series"] {
                let query = format!("SELECT count(*) AS count FROM billing.{table}");
                seen.push((table, diesel::sql_query(query).get_result::<Counted>(conn).await?.count));
            }
            let renumbered =
                diesel::sql_query("UPDATE billing.receipt_series SET last_correlative = 0").execute(conn).await?;
            seen.push(("receipt_series updated", renumbered as i64));
            Ok(seen)
        })
        .await
        .unwrap();
    assert!(seen.iter().all(|(_, count)| *count == 0), "Bob sees or changes Ana's billing: {seen:?}");

    // Nor can Bob write a receipt in Ana's name.
    let forged = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(as_bob).bind::<Text, _>(bob.id.to_string()).execute(conn).await?;
            diesel::sql_query(
                "INSERT INTO billing.profiles (id, user_id, id_kind, sealed, updated_at) \
                 VALUES (gen_random_uuid(), $1::uuid, 'none', '\\x00', now())",
            )
            .bind::<Text, _>(ana.id.to_string())
            .execute(conn)
            .await
        })
        .await;
    assert!(forged.is_err(), "a row for another person is refused by the policy");
    assert_eq!(app.get("/api/v1/billing/profile", Some(&ana.access)).await.body["name"], "Ana Quispe");
}

#[tokio::test]
async fn a_companys_admins_run_its_billing_and_get_facturas_while_others_cannot() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("andina").await;
    let base = format!("/api/v1/tenants/{tenant}/billing");
    // A new company is on team's trial; people's plans are not for companies, nor companies' for people.
    let usage = app.get(&format!("{base}/usage"), Some(&admin.access)).await.body;
    assert_eq!((usage["plan"]["id"].as_str(), usage["plan"]["trial_days"].as_u64()), (Some("team"), Some(14)));
    let trial = |plan: &str| json!({ "plan_id": plan, "billing_cycle": "monthly" });
    app.post(&format!("{base}/subscriptions"), Some(&admin.access), trial("pro")).await.problem(403);
    app.post("/api/v1/billing/subscriptions", Some(&admin.access), trial("team")).await.problem(403);
    app.post(&format!("{base}/subscriptions"), Some(&admin.access), trial("business")).await.problem(409);
    let started = app.get(&format!("{base}/subscription"), Some(&admin.access)).await;
    assert_eq!((started.status, started.body["status"].as_str()), (200, Some("trialing")), "{:?}", started.body);
    assert_eq!(
        app.get("/api/v1/billing/usage", Some(&admin.access)).await.body["plan"]["id"],
        "free",
        "the admin's own plan"
    );

    // The company's RUC makes its receipts facturas; paying turns the trial into business.
    let profile = json!({ "tax_id_type": "ruc", "tax_id": "20601234565", "name": "Empresa Andina S.A.C.",
                          "address": "Jr. Cusco 456, Cercado de Lima" });
    let saved = app.request(reqwest::Method::PUT, &format!("{base}/profile"), Some(&admin.access), Some(profile)).await;
    assert_eq!(saved.status, 200);
    app.get("/api/v1/billing/profile", Some(&admin.access)).await.problem(404);
    let paid = app.post(&format!("{base}/checkout"), Some(&admin.access), checkout("business", "pm_card_visa")).await;
    assert_eq!((paid.status, paid.body["amount"].as_str()), (201, Some("999.00")), "{:?}", paid.body);
    let settled_payment =
        settled_in(&app, &admin, &format!("{base}/payments"), paid.body["id"].as_str().unwrap()).await;
    assert_eq!(settled_payment["status"], "succeeded");
    let subscription = app.get(&format!("{base}/subscription"), Some(&admin.access)).await.body;
    assert_eq!(
        (subscription["status"].as_str(), subscription["plan"]["id"].as_str()),
        (Some("active"), Some("business"))
    );
    let receipts = app.get(&format!("{base}/invoices"), Some(&admin.access)).await.body["items"].clone();
    assert_eq!(
        (receipts[0]["kind"].as_str(), receipts[0]["number"].as_str()),
        (Some("invoice"), Some("F001-00000001"))
    );
    let amounts = (receipts[0]["base"].as_str(), receipts[0]["igv"].as_str());
    assert_eq!(amounts, (Some("846.61"), Some("152.39")), "999.00 with 18% IGV included");
    let receipt_id = receipts[0]["id"].as_str().unwrap();
    let xml = app.get(&format!("{base}/invoices/{receipt_id}/xml"), Some(&admin.access)).await;
    assert!(xml.body.as_str().unwrap().contains("Empresa Andina S.A.C."));
    assert!(invoices(&app, &admin).await.is_empty(), "the company's receipts are not the admin's own");
    app.get(&format!("/api/v1/billing/invoices/{receipt_id}/xml"), Some(&admin.access)).await.problem(404);

    // A recruiter of the company, and another company's admin, see none of it.
    let recruiter = app.member(&admin, tenant, "rosa@andina.pe", "recruiter").await;
    app.get(&format!("{base}/subscription"), Some(&recruiter.access)).await.problem(403);
    app.get(&format!("{base}/invoices/{receipt_id}/pdf"), Some(&recruiter.access)).await.problem(403);
    let (_, stranger) = app.company("otra").await;
    let refused = app.get(&format!("{base}/invoices"), Some(&stranger.access)).await.status;
    assert!(matches!(refused, 404 | 409), "{refused}");
    app.post(&format!("{base}/subscription/cancel"), Some(&stranger.access), json!({ "at_period_end": true }))
        .await
        .problem(404);

    // A refused renewal is mailed to the company's admins, and the company's plan can end now.
    app.owner_execute(
        "UPDATE billing.payments SET payment_method = 'pm_card_chargeDeclined' WHERE tenant_id = $1",
        tenant,
    )
    .await;
    app.owner_execute(END_PERIOD, tenant).await;
    assert_eq!(billing(&app).await.charge_due(chrono::Utc::now()).await.unwrap(), 1);
    let mails = app.mailbox.wait_for("admin@andina.pe", "No pudimos cobrar la suscripción", 1).await;
    assert!(mails[0].body.contains("el plan de Empresa andina"), "{}", mails[0].body);
    assert_eq!(app.get(&format!("{base}/subscription"), Some(&admin.access)).await.body["status"], "past_due");
    let cancelled =
        app.post(&format!("{base}/subscription/cancel"), Some(&admin.access), json!({ "at_period_end": false })).await;
    assert_eq!(cancelled.body["status"], "canceled", "{}", cancelled.body);
}

#[tokio::test]
async fn a_payers_billing_is_in_their_export_and_gone_with_them_files_included() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let profile = json!({ "tax_id_type": "dni", "tax_id": "46779354", "name": "Ana Quispe", "address": null });
    app.request(reqwest::Method::PUT, "/api/v1/billing/profile", Some(&ana.access), Some(profile)).await;
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    settled(&app, &ana, made.body["id"].as_str().unwrap()).await;
    let receipt = invoices(&app, &ana).await[0].clone();
    let pdf = app.client.get(format!("{}/api/v1/billing/invoices/{}/pdf", app.base, receipt["id"].as_str().unwrap()));
    assert_eq!(pdf.bearer_auth(&ana.access).send().await.unwrap().status(), 200);

    let export = app.get("/api/v1/me/data-export", Some(&ana.access)).await;
    let section = &export.body["data"]["billing"];
    assert_eq!(section["payments"][0]["status"], "succeeded", "{section}");
    assert_eq!(section["receipts"][0]["number"], "B001-00000001");
    assert_eq!(section["profile"]["tax_id"], "46779354", "the profile in clear, for its owner");
    let key = section["receipts"][0]["pdf_object"].as_str().unwrap().to_owned();
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let object = platform::storage::ObjectKey::new(key).unwrap();
    assert!(storage.head(&object).await.is_ok());

    app.delete_and_purge(&ana).await;
    for table in ["payments", "receipts", "profiles", "subscriptions"] {
        let sql = format!("SELECT count(*) AS count FROM billing.{table} WHERE user_id = $1");
        assert_eq!(app.owner_count(&sql, Some(ana.id)).await, 0, "billing.{table} kept rows of an erased account");
    }
    assert!(storage.head(&object).await.is_err(), "the receipt's PDF is erased too");
}

#[tokio::test]
async fn a_subscriptions_whole_life_from_checkout_to_cancellation() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let interview = json!({ "interview_type": "behavioral", "role_level": "mid", "difficulty": "medium",
                            "language": "es", "target_duration_minutes": 15 });

    // Subscribe → the provider's webhook → active, and the plan's quota in the usage.
    let made = app.post("/api/v1/billing/checkout", Some(&ana.access), checkout("pro", "pm_card_visa")).await;
    assert_eq!(settled(&app, &ana, made.body["id"].as_str().unwrap()).await["status"], "succeeded");
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body["status"], "active");
    let usage = app.get("/api/v1/billing/usage", Some(&ana.access)).await.body;
    let interviews = usage["usage"].as_array().unwrap().iter().find(|u| u["resource"] == "interviews").unwrap().clone();
    assert_eq!((interviews["limit"].as_u64(), interviews["used"].as_u64()), (Some(30), Some(0)));

    // The month's last interview of pro, then a refusal.
    assert_eq!(app.post("/api/v1/interviews", Some(&ana.access), interview.clone()).await.status, 201);
    app.owner_execute("UPDATE billing.usage SET used = 30 WHERE user_id = $1 AND resource = 'interviews'", ana.id)
        .await;
    let refused = app.post("/api/v1/interviews", Some(&ana.access), interview.clone()).await;
    assert_eq!(refused.problem(402)["quota"]["limit"], 30);

    // Upgrade to premium (charged now, prorated): unlimited at once.
    let upgrade =
        app.post("/api/v1/billing/subscription/change", Some(&ana.access), json!({ "plan_id": "premium" })).await;
    assert_eq!(settled(&app, &ana, upgrade.body["payment"]["id"].as_str().unwrap()).await["status"], "succeeded");
    assert_eq!(app.post("/api/v1/interviews", Some(&ana.access), interview).await.status, 201);

    // Renewal at the period's end.
    app.owner_execute(END_PERIOD, ana.id).await;
    let billing = billing(&app).await;
    assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 1);
    let renewal = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
    assert_eq!((renewal["amount"].as_str(), renewal["plan_id"].as_str()), (Some("59.90"), Some("premium")));
    assert_eq!(settled(&app, &ana, renewal["id"].as_str().unwrap()).await["status"], "succeeded");

    // The next renewal fails: past due, dunning, then canceled and back to free.
    app.owner_execute(
        "UPDATE billing.payments SET payment_method = 'pm_card_chargeDeclined' WHERE user_id = $1",
        ana.id,
    )
    .await;
    app.owner_execute(END_PERIOD, ana.id).await;
    for attempt in 1..=4 {
        assert_eq!(billing.charge_due(chrono::Utc::now()).await.unwrap(), 1, "attempt {attempt}");
        let payment = app.get("/api/v1/billing/payments", Some(&ana.access)).await.body[0].clone();
        assert_eq!(settled(&app, &ana, payment["id"].as_str().unwrap()).await["status"], "failed");
        app.owner_execute(
            "UPDATE billing.subscriptions SET next_charge_at = now() - interval '1 second' WHERE user_id = $1",
            ana.id,
        )
        .await;
    }
    app.get("/api/v1/billing/subscription", Some(&ana.access)).await.problem(404);
    assert_eq!(app.get("/api/v1/billing/usage", Some(&ana.access)).await.body["plan"]["id"], "free");
    let receipts = invoices(&app, &ana).await;
    assert_eq!(receipts.len(), 3, "the first period, the upgrade and one renewal");
}
