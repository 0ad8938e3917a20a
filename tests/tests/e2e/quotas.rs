//! Plans, quotas and subscriptions: the public plan list, a person's usage, the free plan's
//! monthly interviews refused with 402 once spent (and counted again under a paid plan), CV
//! uploads counted, the last units of a quota taken by exactly as many concurrent requests as
//! fit, and a trial started, cancelled, resumed and closed by the hourly job.

use billing::{Resource, Subject};
use e2e::TestApp;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use serde_json::json;

fn interview() -> serde_json::Value {
    json!({ "interview_type": "hr_screening", "role_level": "junior", "difficulty": "easy", "language": "es",
            "target_duration_minutes": 5 })
}

#[tokio::test]
async fn plans_are_public_and_priced_in_soles() {
    let app = TestApp::spawn().await;
    let plans = app.get("/api/v1/billing/plans", None).await;
    assert_eq!(plans.status, 200);
    assert!(plans.headers["cache-control"].to_str().unwrap().starts_with("public"));
    let ids: Vec<&str> = plans.body.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["free", "pro", "premium", "team", "business", "enterprise"]);
    let pro = &plans.body[1];
    assert_eq!((pro["price_monthly"].as_str(), pro["currency"].as_str()), (Some("29.90"), Some("PEN")));
    assert_eq!(pro["ai_feedback_detail"], "detailed");
    assert_eq!(plans.body[2]["interviews_per_month"], serde_json::Value::Null, "premium: unlimited");
    assert_eq!(plans.body[3]["seats"], 5);
}

#[tokio::test]
async fn the_free_plan_refuses_the_sixth_interview_of_the_month_with_402() {
    let app = TestApp::spawn().await;
    let rosa = app.register("rosa@example.pe").await;
    for _ in 0..5 {
        assert_eq!(app.post("/api/v1/interviews", Some(&rosa.access), interview()).await.status, 201);
    }
    let refused = app.post("/api/v1/interviews", Some(&rosa.access), interview()).await;
    let problem = refused.problem(402);
    assert_eq!(problem["type"], "/problems/quota-exceeded");
    assert_eq!(problem["quota"]["resource"], "interviews");
    assert_eq!((problem["quota"]["limit"].as_u64(), problem["quota"]["used"].as_u64()), (Some(5), Some(5)));
    assert!(problem["detail"].as_str().unwrap().contains("Gratis plan allows 5 interviews a month"));
    let usage = app.get("/api/v1/billing/usage", Some(&rosa.access)).await;
    assert_eq!(usage.body["plan"]["id"], "free");
    assert_eq!(usage.body["period_end"], problem["quota"]["resets_at"]);
    let interviews = usage.body["usage"].as_array().unwrap().iter().find(|u| u["resource"] == "interviews").unwrap();
    assert_eq!((interviews["used"].as_u64(), interviews["remaining"].as_u64()), (Some(5), Some(0)));
    let mine = app.get("/api/v1/me/interviews", Some(&rosa.access)).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 5, "the refused one was not created");

    // On a paid plan the month's count goes on, under the plan's limit.
    app.subscribe(rosa.id, "premium").await;
    assert_eq!(app.post("/api/v1/interviews", Some(&rosa.access), interview()).await.status, 201);
    let usage = app.get("/api/v1/billing/usage", Some(&rosa.access)).await;
    assert_eq!(usage.body["plan"]["id"], "premium");
    let interviews = usage.body["usage"].as_array().unwrap().iter().find(|u| u["resource"] == "interviews").unwrap();
    assert_eq!((interviews["used"].as_u64(), interviews["limit"].as_u64()), (Some(6), None));

    // Another person's count is their own.
    let luis = app.register("luis@example.pe").await;
    let theirs = app.get("/api/v1/billing/usage", Some(&luis.access)).await;
    assert!(theirs.body["usage"].as_array().unwrap().iter().all(|u| u["used"] == 0), "{}", theirs.body);
}

#[tokio::test]
async fn concurrent_requests_for_the_last_units_get_exactly_as_many_as_are_left() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let pool = kernel::db::pool(&app.config.database_url, 20).unwrap();
    let subject = Subject::User(ana.id);
    let now = chrono::Utc::now();
    // The free plan's 10 CV uploads this month, asked for by 50 requests at once.
    let attempts = (0..50).map(|_| {
        let pool = pool.clone();
        async move {
            scoped(&pool, &RequestScope::user(ana.id), |conn| {
                async move { billing::consume(conn, subject, Resource::CvUploads, 1, now).await }.scope_boxed()
            })
            .await
        }
    });
    let outcomes = futures_util::future::join_all(attempts).await;
    let granted = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(granted, 10, "the free plan's 10 CV uploads, to 10 of 50 requests");
    assert!(outcomes.iter().filter_map(|o| o.as_ref().err()).all(|e| matches!(e, kernel::AppError::QuotaExceeded(_))));
    let usage = app.get("/api/v1/billing/usage", Some(&ana.access)).await;
    let uploads = usage.body["usage"].as_array().unwrap().iter().find(|u| u["resource"] == "cv_uploads").unwrap();
    assert_eq!(uploads["used"], 10);
    // An upload now is refused, and its file is not kept.
    let refused = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", b"%PDF-1.7 nada", &[], None).await;
    assert_eq!(refused.problem(402)["quota"]["resource"], "cv_uploads");
}

#[tokio::test]
async fn a_trial_gives_its_plan_at_once_and_cancels_resumes_and_ends() {
    let app = TestApp::spawn().await;
    let rosa = app.register("rosa@example.pe").await;
    app.get("/api/v1/billing/subscription", Some(&rosa.access)).await.problem(404);
    let body = |plan: &str| json!({ "plan_id": plan, "billing_cycle": "monthly" });
    app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("platinum")).await.problem(404);
    app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("free")).await.problem(409);
    app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("team")).await.problem(403);

    let trial = app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("pro")).await;
    assert_eq!(trial.status, 201, "{}", trial.body);
    assert_eq!((trial.body["status"].as_str(), trial.body["plan"]["id"].as_str()), (Some("trialing"), Some("pro")));
    let usage = app.get("/api/v1/billing/usage", Some(&rosa.access)).await;
    assert_eq!(usage.body["plan"]["id"], "pro", "the trial's plan applies at once");
    app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("premium")).await.problem(409);

    let cancel = |at_period_end: bool| json!({ "at_period_end": at_period_end });
    let leaving = app.post("/api/v1/billing/subscription/cancel", Some(&rosa.access), cancel(true)).await;
    assert_eq!(
        (leaving.body["status"].as_str(), leaving.body["cancel_at_period_end"].as_bool()),
        (Some("trialing"), Some(true))
    );
    app.post("/api/v1/billing/subscription/cancel", Some(&rosa.access), cancel(true)).await.problem(409);
    let resumed = app.post("/api/v1/billing/subscription/resume", Some(&rosa.access), json!({})).await;
    assert_eq!(resumed.body["cancel_at_period_end"], false);
    app.post("/api/v1/billing/subscription/resume", Some(&rosa.access), json!({})).await.problem(409);
    let ended = app.post("/api/v1/billing/subscription/cancel", Some(&rosa.access), cancel(false)).await;
    assert_eq!(ended.body["status"], "canceled");
    app.get("/api/v1/billing/subscription", Some(&rosa.access)).await.problem(404);
    assert_eq!(app.get("/api/v1/billing/usage", Some(&rosa.access)).await.body["plan"]["id"], "free");
    let again = app.post("/api/v1/billing/subscriptions", Some(&rosa.access), body("premium")).await;
    assert!(again.problem(409)["detail"].as_str().unwrap().contains("trial is used"));

    // The hourly job: a trial past its end expires; one still running stays.
    let luis = app.register("luis@example.pe").await;
    let ana = app.register("ana@example.pe").await;
    for person in [&luis, &ana] {
        assert_eq!(app.post("/api/v1/billing/subscriptions", Some(&person.access), body("premium")).await.status, 201);
    }
    let backdate = "UPDATE billing.subscriptions SET current_period_start = now() - interval '8 days', \
                    current_period_end = now() - interval '1 day' WHERE user_id = $1";
    let query = diesel::sql_query(backdate).bind::<diesel::sql_types::Uuid, _>(luis.id);
    diesel_async::RunQueryDsl::execute(query, &mut app.owner_connection().await).await.unwrap();
    let billing = app::startup::compose(&app.config, Default::default()).await.unwrap().billing;
    assert_eq!(billing.close_ended_periods(chrono::Utc::now()).await.unwrap(), 1);
    app.get("/api/v1/billing/subscription", Some(&luis.access)).await.problem(404);
    assert_eq!(app.get("/api/v1/billing/subscription", Some(&ana.access)).await.body["status"], "trialing");

    // Rosa's billing is in her data export, and gone with her account.
    let export = app.get("/api/v1/me/data-export", Some(&rosa.access)).await;
    let section = &export.body["data"]["billing"];
    assert_eq!(section["subscriptions"][0]["plan"], "pro", "{section}");
    assert_eq!(section["subscriptions"][0]["status"], "canceled");
    app.delete_and_purge(&rosa).await;
    for table in ["subscriptions", "usage"] {
        let sql = format!("SELECT count(*) AS count FROM billing.{table} WHERE user_id = $1");
        assert_eq!(app.owner_count(&sql, Some(rosa.id)).await, 0, "billing.{table} kept rows of an erased account");
    }
}

mod company_limits {
    use e2e::TestApp;
    use serde_json::{Value, json};

    fn posting(n: usize) -> Value {
        json!({
            "title": format!("Analista Contable {n}"),
            "description": format!("Cierres mensuales, conciliaciones y declaraciones a SUNAT en la sede número {n}."),
            "requirements": [{"text": "Contabilidad bajo NIIF", "kind": "must"}],
            "employment_type": "full-time",
            "remote_policy": "onsite",
            "location_city": "Lima"
        })
    }

    async fn publish(app: &TestApp, token: &str, n: usize) -> e2e::Response {
        let created = app.post("/api/v1/jobs", Some(token), posting(n)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap();
        app.post(&format!("/api/v1/jobs/{id}/publish"), Some(token), json!({})).await
    }

    fn invitation(email: &str) -> Value {
        json!({ "email": email, "role": "recruiter" })
    }

    #[tokio::test]
    async fn a_new_company_tries_team_whose_seats_and_active_postings_are_counted() {
        let app = TestApp::spawn().await;
        let (tenant, admin) = app.company("andina").await;
        let subscription =
            app.get(&format!("/api/v1/tenants/{tenant}/billing/subscription"), Some(&admin.access)).await;
        assert_eq!(
            (subscription.body["status"].as_str(), subscription.body["plan"]["id"].as_str()),
            (Some("trialing"), Some("team"))
        );

        // Team has 5 seats: the admin and four invitations; the fifth waits for a free seat.
        let invitations = format!("/api/v1/tenants/{tenant}/invitations");
        let mut sent = Vec::new();
        for n in 1..=4 {
            let invited = app.post(&invitations, Some(&admin.access), invitation(&format!("r{n}@andina.pe"))).await;
            assert_eq!(invited.status, 201, "{}", invited.body);
            sent.push(invited.body["id"].as_str().unwrap().to_owned());
        }
        let refused = app.post(&invitations, Some(&admin.access), invitation("r5@andina.pe")).await;
        let quota = &refused.problem(402)["quota"];
        assert_eq!(
            (quota["resource"].as_str(), quota["limit"].as_u64(), quota["used"].as_u64()),
            (Some("seats"), Some(5), Some(5))
        );
        assert!(quota["resets_at"].is_null(), "a seat frees up when one is given up, not at a date");
        let again = app.post(&invitations, Some(&admin.access), invitation("r1@andina.pe")).await;
        assert_eq!(again.status, 200, "inviting an invited address again refreshes it, taking no other seat");
        let revoked = app.delete(&format!("{invitations}/{}", sent[3]), Some(&admin.access), None).await;
        assert!(revoked.status < 300, "{}", revoked.body);
        assert_eq!(app.post(&invitations, Some(&admin.access), invitation("r5@andina.pe")).await.status, 201);

        // Team has 10 active postings; closing one frees its place.
        let mut first = None;
        for n in 0..10 {
            let published = publish(&app, &admin.access, n).await;
            assert_eq!(published.status, 200, "{}", published.body);
            first.get_or_insert(published.body["id"].as_str().unwrap().to_owned());
        }
        let over = publish(&app, &admin.access, 10).await;
        assert_eq!(over.problem(402)["quota"]["resource"], "active_jobs");
        let first = first.unwrap();
        let closed =
            app.post(&format!("/api/v1/jobs/{first}/close"), Some(&admin.access), json!({ "reason": "filled" })).await;
        assert_eq!(closed.status, 200, "{}", closed.body);
        assert_eq!(publish(&app, &admin.access, 11).await.status, 200);

        // Moving to business (still in the trial) gives room at once.
        let changed = app
            .post(
                &format!("/api/v1/tenants/{tenant}/billing/subscription/change"),
                Some(&admin.access),
                json!({ "plan_id": "business" }),
            )
            .await;
        assert_eq!(changed.body["subscription"]["plan"]["id"], "business", "{}", changed.body);
        assert_eq!(publish(&app, &admin.access, 12).await.status, 200);
    }

    #[tokio::test]
    async fn without_a_plan_a_company_neither_publishes_nor_invites_and_the_last_place_is_taken_once() {
        let app = TestApp::spawn().await;
        let (tenant, admin) = app.company("andina").await;
        // Nine active postings: one place left, asked for five times at once.
        for n in 0..9 {
            assert_eq!(publish(&app, &admin.access, n).await.status, 200);
        }
        let mut drafts = Vec::new();
        for n in 9..14 {
            let created = app.post("/api/v1/jobs", Some(&admin.access), posting(n)).await;
            drafts.push(created.body["id"].as_str().unwrap().to_owned());
        }
        let paths: Vec<String> = drafts.iter().map(|id| format!("/api/v1/jobs/{id}/publish")).collect();
        let racing = paths.iter().map(|path| app.post(path, Some(&admin.access), json!({})));
        let answers = futures_util::future::join_all(racing).await;
        let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 402).count(), 4, "{statuses:?}");

        // The trial ends unpaid: no plan, so nothing more is added.
        app.owner_execute(
            "UPDATE billing.subscriptions SET current_period_start = now() - interval '15 days', \
             current_period_end = now() - interval '1 day' WHERE tenant_id = $1",
            tenant,
        )
        .await;
        let billing = app::startup::compose(&app.config, Default::default()).await.unwrap().billing;
        assert_eq!(billing.close_ended_periods(chrono::Utc::now()).await.unwrap(), 1);
        let refused = app
            .post(&format!("/api/v1/tenants/{tenant}/invitations"), Some(&admin.access), invitation("r1@andina.pe"))
            .await;
        let problem = refused.problem(402);
        assert!(problem["detail"].as_str().unwrap().contains("without a plan"), "{problem}");
        assert_eq!(problem["quota"]["limit"], 0);
        let created = app.post("/api/v1/jobs", Some(&admin.access), posting(20)).await;
        let id = created.body["id"].as_str().unwrap();
        app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await.problem(402);
    }
}
