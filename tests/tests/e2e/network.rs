//! The talent network: people opt in with a recorded consent and are found by companies until
//! they pause or leave; the platform sources prospects once per email or GitHub username and
//! invites them a few times at most; companies contact profiles and track the placement fee.

use diesel_async::RunQueryDsl;
use e2e::{Account, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::matches::{posting, publish_all, ready_cv};

/// Whether `check` holds within 15 seconds (work done by the app's job worker).
async fn eventually(check: impl AsyncFn() -> bool) -> bool {
    for _ in 0..150 {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

const ACCOUNTANT_CV: &str = "cv_0017_es_accounting_docx_textbox.docx";

async fn join(app: &TestApp, person: &Account, cv: Uuid, rate: &str) -> Value {
    let body = json!({
        "cv_id": cv, "consent": "granted", "availability": "two_weeks", "remote_preference": "hybrid",
        "hourly_rate": rate, "github_username": "@Ana-Contadora", "consent_source": "web"
    });
    let joined = app.request(reqwest::Method::PUT, "/api/v1/me/talent-profile", Some(&person.access), Some(body)).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    joined.body
}

async fn found(app: &TestApp, company: &Account, query: &str) -> Vec<Value> {
    let answer = app.get(&format!("/api/v1/network/profiles{query}"), Some(&company.access)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn people_opt_in_and_companies_find_and_contact_them() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("buscadora").await;
    let job = publish_all(
        &app,
        &admin,
        &[posting(
            "Contador Senior",
            "Cierres y NIIF.",
            &["Contabilidad general", "Estados financieros bajo NIIF"],
            &[],
            "hybrid",
        )],
    )
    .await[0]
        .1;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, ACCOUNTANT_CV).await;
    let luis = app.register("luis@example.pe").await;
    ready_cv(&app, &luis, ACCOUNTANT_CV).await;

    // Without consent nobody is found; a false consent is refused.
    assert!(found(&app, &admin, "").await.is_empty());
    let refused = json!({ "cv_id": cv, "consent": "no", "availability": "immediate", "remote_preference": "any" });
    app.request(reqwest::Method::PUT, "/api/v1/me/talent-profile", Some(&ana.access), Some(refused)).await.problem(422);

    let profile = join(&app, &ana, cv, "45.50").await;
    assert_eq!(profile["status"], "active");
    assert_eq!(profile["own"]["github_username"], "ana-contadora");
    assert_eq!(profile["own"]["consent_source"], "web");
    assert!(profile["own"]["consent_at"].is_string());
    assert!(profile["skills"].as_array().unwrap().iter().any(|s| s["id"] == "accounting"), "{profile}");
    let consent_ip = app
        .owner_count(
            "SELECT count(*) AS count FROM hiring.talent_profiles WHERE user_id = $1 AND consent_ip IS NOT NULL",
            Some(ana.id),
        )
        .await;
    assert_eq!(consent_ip, 1, "the consent's IP address is recorded");

    // Companies find the profile by skills, rate, availability, a job's fit; never its email.
    let by_skill = found(&app, &admin, "?skills=accounting&max_rate=50&available_within=one_month&remote=hybrid").await;
    assert_eq!(by_skill.len(), 1, "{by_skill:?}");
    assert!(by_skill[0].get("own").is_none() && !by_skill[0].to_string().contains("ana@example.pe"));
    assert!(found(&app, &admin, "?max_rate=40").await.is_empty());
    assert!(found(&app, &admin, "?available_within=immediate").await.is_empty());
    assert_eq!(found(&app, &admin, &format!("?job_id={job}")).await.len(), 1);
    app.get("/api/v1/network/profiles", Some(&ana.access)).await.problem(403);
    app.get("/api/v1/network/profiles?tag=x&limit=0", Some(&admin.access)).await.problem(422);

    // Pausing hides the profile at once; resuming shows it again.
    let paused = app.post("/api/v1/me/talent-profile/pause", Some(&ana.access), json!({})).await;
    assert_eq!(paused.body["status"], "paused", "{}", paused.body);
    assert!(found(&app, &admin, "").await.is_empty());
    app.post("/api/v1/me/talent-profile/pause", Some(&ana.access), json!({})).await.problem(409);
    app.post("/api/v1/me/talent-profile/resume", Some(&ana.access), json!({})).await;
    let id: Uuid = found(&app, &admin, "").await[0]["id"].as_str().unwrap().parse().unwrap();

    // Contact: the person gets the message; one open approach per company; the fee on hiring.
    let contact = app
        .post(
            &format!("/api/v1/network/profiles/{id}/contact"),
            Some(&admin.access),
            json!({ "job_id": job, "message": "Hola Ana, ¿conversamos?" }),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    assert_eq!(contact.body["status"], "contacted");
    app.mailbox.wait_for("ana@example.pe", "quiere conocerte", 1).await;
    app.post(&format!("/api/v1/network/profiles/{id}/contact"), Some(&admin.access), json!({})).await.problem(409);
    let received = app.get("/api/v1/me/network-applications", Some(&ana.access)).await;
    assert_eq!(received.body[0]["message"], "Hola Ana, ¿conversamos?");
    let network_id = contact.body["id"].as_str().unwrap();
    let path = format!("/api/v1/network/applications/{network_id}");
    app.patch(&path, Some(&admin.access), json!({ "status": "interviewing" })).await;
    app.patch(&path, Some(&admin.access), json!({ "status": "contacted" })).await.problem(409);
    app.patch(&path, Some(&admin.access), json!({ "status": "hired" })).await.problem(422);
    // The company pays its plan (the sandbox confirms a moment later), so its card is on file.
    let plan = json!({ "plan_id": "team", "billing_cycle": "monthly",
                       "payment_method": { "kind": "card", "token": "pm_card_visa" } });
    let paid = app.post(&format!("/api/v1/tenants/{tenant}/billing/checkout"), Some(&admin.access), plan).await;
    assert_eq!(paid.status, 201, "{}", paid.body);
    let billing = format!("/api/v1/tenants/{tenant}/billing");
    let subscription_active =
        async || app.get(&format!("{billing}/subscription"), Some(&admin.access)).await.body["status"] == "active";
    assert!(eventually(subscription_active).await, "the plan was paid");
    let hired = app.patch(&path, Some(&admin.access), json!({ "status": "hired", "placement_fee": "3500.00" })).await;
    assert_eq!(
        (hired.body["status"].clone(), hired.body["fee_status"].clone()),
        (json!("hired"), json!("invoiced")),
        "{}",
        hired.body
    );
    assert_eq!(hired.body["placement_fee"], "3500.00");
    // Billing charges the fee to that card, issues its receipt, and hiring hears it was paid.
    let fee_paid = async || {
        let listed = app.get("/api/v1/network/applications", Some(&admin.access)).await.body;
        listed.as_array().unwrap().iter().any(|a| a["id"] == network_id && a["fee_status"] == "paid")
    };
    assert!(eventually(fee_paid).await, "the placement fee was paid");
    let receipts = app.get(&format!("{billing}/invoices"), Some(&admin.access)).await.body["items"].clone();
    assert_eq!(receipts[0]["total"], "3500.00");
    assert!(receipts[0]["description"].as_str().unwrap().contains("colocación"), "{receipts}");
    app.patch(&path, Some(&admin.access), json!({ "status": "rejected" })).await.problem(409);

    // Another company sees the profile but not this company's approach; a person who did not
    // opt in is never found.
    let (_, rival) = app.company("rival").await;
    app.patch(&path, Some(&rival.access), json!({ "status": "offer" })).await.problem(404);
    assert!(app.get("/api/v1/network/applications", Some(&rival.access)).await.body.as_array().unwrap().is_empty());
    assert_eq!(found(&app, &rival, "").await.len(), 1, "Ana only: Luis never opted in");

    // The data team's views hold no names or emails.
    let mut conn = app.owner_connection().await;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        row: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT row_to_json(c)::text AS row FROM analytics.talent_network_candidates c \
         UNION ALL SELECT row_to_json(r)::text FROM analytics.marketplace_revenue_by_company r",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2, "one visible profile, one company's revenue");
    let text: String = rows.iter().map(|r| r.row.clone()).collect();
    assert!(text.contains("3500") && !text.contains("ana@") && !text.contains("ana-contadora"), "{text}");

    // Leaving withdraws the consent: hidden, and the CV is no longer discoverable.
    let left = app.delete("/api/v1/me/talent-profile", Some(&ana.access), None).await;
    assert_eq!(left.body["status"], "removed", "{}", left.body);
    assert!(found(&app, &admin, "").await.is_empty());
    let discoverable = app.get(&format!("/api/v1/cvs/{cv}"), Some(&ana.access)).await;
    assert!(discoverable.body["discoverable_since"].is_null());
}

#[tokio::test]
async fn the_platform_sources_prospects_once_and_invites_them_sparingly() {
    let app = TestApp::spawn().await;
    let operator = app.register("operadora@entrevistador.pe").await;
    let (_, admin) = app.company("empresa").await;
    let body = json!({ "email": "Pedro@Example.pe", "full_name": "Pedro Ruiz", "source": "event" });
    app.post("/api/v1/admin/talent/prospects", Some(&operator.access), body.clone()).await.problem(403);
    app.post("/api/v1/admin/talent/prospects", Some(&admin.access), body.clone()).await.problem(403);
    let mut conn = app.owner_connection().await;
    diesel::sql_query("UPDATE identity.users SET is_platform_admin = true WHERE id = $1")
        .bind::<diesel::sql_types::Uuid, _>(operator.id)
        .execute(&mut conn)
        .await
        .unwrap();

    let created = app.post("/api/v1/admin/talent/prospects", Some(&operator.access), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "prospect");
    // The same person from GitHub: one profile, completed.
    let again = app
        .post(
            "/api/v1/admin/talent/prospects",
            Some(&operator.access),
            json!({ "email": "pedro@example.pe", "github_username": "pedroruiz", "source": "github" }),
        )
        .await;
    assert_eq!((again.status, again.body["id"].clone()), (200, created.body["id"].clone()), "{}", again.body);
    assert_eq!(again.body["own"]["github_username"], "pedroruiz");
    let by_github = app
        .post(
            "/api/v1/admin/talent/prospects",
            Some(&operator.access),
            json!({ "github_username": "PedroRuiz", "source": "github" }),
        )
        .await;
    assert_eq!(by_github.status, 200);
    app.post("/api/v1/admin/talent/prospects", Some(&operator.access), json!({ "source": "github" }))
        .await
        .problem(422);

    // Invited once; again within a week is refused with Retry-After; prospects are never visible.
    let id = created.body["id"].as_str().unwrap();
    let invited =
        app.post(&format!("/api/v1/admin/talent/profiles/{id}/invite"), Some(&operator.access), json!({})).await;
    assert_eq!(
        (invited.body["status"].clone(), invited.body["own"]["invitations_sent"].clone()),
        (json!("invited"), json!(1))
    );
    app.mailbox.wait_for("pedro@example.pe", "red de talento", 1).await;
    let too_soon =
        app.post(&format!("/api/v1/admin/talent/profiles/{id}/invite"), Some(&operator.access), json!({})).await;
    too_soon.problem(429);
    assert!(too_soon.headers.contains_key("retry-after"));
    assert!(found(&app, &admin, "").await.is_empty(), "a prospect has not consented");
    // The platform cannot opt anyone in, nor feature someone who is not active.
    let path = format!("/api/v1/admin/talent/profiles/{id}");
    app.patch(&path, Some(&operator.access), json!({ "status": "active" })).await.problem(409);
    app.patch(&path, Some(&operator.access), json!({ "status": "featured" })).await.problem(409);
    let removed = app.patch(&path, Some(&operator.access), json!({ "status": "removed" })).await;
    assert_eq!(removed.body["status"], "removed");
    app.post(&format!("/api/v1/admin/talent/profiles/{id}/invite"), Some(&operator.access), json!({}))
        .await
        .problem(409);
}
