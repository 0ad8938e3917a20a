//! Plans and quotas: the public plan list, a person's usage, the free plan's monthly interviews
//! refused with 402 once spent (and counted again under a paid plan), CV uploads counted, and
//! the last units of a quota taken by exactly as many concurrent requests as fit.

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
    assert_eq!(ids, ["free", "pro", "premium", "team", "business"]);
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
