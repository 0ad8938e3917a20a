//! Job postings: a company's recruiters write drafts, publish them for everyone and close them;
//! what each posting asks for is read with the CV parser's rules; only the company sees drafts,
//! only people who may manage jobs change them, and expired postings leave the board.

use std::sync::Arc;
use std::time::Duration;

use diesel::sql_types::Uuid as SqlUuid;
use diesel_async::RunQueryDsl;
use e2e::TestApp;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, enqueue};
use platform::jobs::{Worker, WorkerSettings};
use serde_json::{Value, json};
use uuid::Uuid;

fn posting() -> Value {
    json!({
        "title": "Analista Contable Senior",
        "description": "Buscamos un analista para cierres mensuales, conciliaciones y declaraciones a SUNAT.",
        "requirements": [
            {"text": "3 años de experiencia en contabilidad bajo NIIF", "kind": "must"},
            {"text": "SAP FI", "kind": "nice"}
        ],
        "benefits": ["Seguro EPS", "Home office los viernes"],
        "employment_type": "full-time",
        "remote_policy": "hybrid",
        "location_city": "Lima",
        "salary_min": "4500.00",
        "salary_max": "6000.00"
    })
}

fn id_of(body: &Value) -> Uuid {
    body["id"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_posting_goes_from_draft_to_published_to_closed() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("contadores").await;
    let recruiter = app.member(&admin, tenant, "rosa@contadores.pe", "recruiter").await;

    let created = app.post("/api/v1/jobs", Some(&recruiter.access), posting()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let job = &created.body;
    assert_eq!((job["status"].as_str(), job["tenant_id"].as_str()), (Some("draft"), Some(tenant.to_string().as_str())));
    assert_eq!((job["salary_min"].as_str(), job["salary_currency"].as_str()), (Some("4500.00"), Some("PEN")));
    let skills = job["analysis"]["skills"].as_array().unwrap();
    let must: Vec<&str> = skills.iter().filter(|s| s["kind"] == "must").map(|s| s["name"].as_str().unwrap()).collect();
    assert!(must.iter().any(|s| s.contains("NIIF")) && must.iter().any(|s| s.contains("Contabilidad")), "{must:?}");
    assert_eq!(job["analysis"]["normalized_title"], "Accountant");
    assert_eq!(job["analysis"]["seniority"], "senior");
    let id = id_of(job);
    let path = format!("/api/v1/jobs/{id}");

    app.get(&path, None).await.problem(404);
    let stranger = app.register("luis@example.pe").await;
    app.get(&path, Some(&stranger.access)).await.problem(404);

    let published = app.post(&format!("{path}/publish"), Some(&recruiter.access), json!({})).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(published.body["status"], "active");
    assert!(published.body["expires_at"].is_string() && published.body["published_at"].is_string());
    let public = app.get(&path, None).await;
    assert_eq!((public.status, public.body["title"].as_str()), (200, Some("Analista Contable Senior")));
    assert_eq!(public.headers["cache-control"], "public, max-age=60");
    let etag = public.headers["etag"].to_str().unwrap().to_owned();
    let unchanged = app.client.get(format!("{}{path}", app.base)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(unchanged.status(), 304);
    assert_eq!(app.get(&path, Some(&recruiter.access)).await.headers["cache-control"], "private, no-cache");
    assert_eq!(app.get(&path, Some(&stranger.access)).await.status, 200);
    app.get(&path, Some("not-a-token")).await.problem(401);

    let again = app.post(&format!("{path}/publish"), Some(&recruiter.access), json!({})).await;
    assert_eq!(again.problem(409)["detail"], "a active posting cannot be published");

    let edited =
        app.patch(&path, Some(&recruiter.access), json!({"salary_max": null, "location_city": "Arequipa"})).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(
        (edited.body["salary_max"].clone(), edited.body["location_city"].as_str()),
        (Value::Null, Some("Arequipa"))
    );
    assert_eq!(edited.body["salary_min"], "4500.00", "a field left out keeps its value");
    let changed = app.client.get(format!("{}{path}", app.base)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(changed.status(), 200, "a changed posting has another ETag");

    let closed = app.post(&format!("{path}/close"), Some(&recruiter.access), json!({"reason": "filled"})).await;
    assert_eq!(
        (closed.body["status"].as_str(), closed.body["close_reason"].as_str()),
        (Some("closed"), Some("filled"))
    );
    app.get(&path, None).await.problem(404);
    app.patch(&path, Some(&recruiter.access), json!({"title": "Otra"})).await.problem(409);
    app.post(&format!("{path}/publish"), Some(&recruiter.access), json!({})).await.problem(409);

    let listed = app.get(&format!("/api/v1/tenants/{tenant}/jobs?status=closed"), Some(&admin.access)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1, "{}", listed.body);
    let none = app.get(&format!("/api/v1/tenants/{tenant}/jobs?status=draft"), Some(&admin.access)).await;
    assert!(none.body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn only_people_who_manage_a_companys_jobs_write_them() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("contadores").await;
    let (_, other_admin) = app.company("otra").await;
    let manager = app.member(&admin, tenant, "hm@contadores.pe", "hiring_manager").await;
    let candidate = app.register("ana@example.pe").await;

    app.post("/api/v1/jobs", Some(&candidate.access), posting()).await.problem(403);
    app.post("/api/v1/jobs", Some(&manager.access), posting()).await.problem(403);
    let id = id_of(&app.post("/api/v1/jobs", Some(&admin.access), posting()).await.body);
    let path = format!("/api/v1/jobs/{id}");
    app.patch(&path, Some(&other_admin.access), json!({"title": "Robado"})).await.problem(404);
    app.post(&format!("{path}/close"), Some(&other_admin.access), json!({"reason": "removed"})).await.problem(404);
    app.get(&format!("/api/v1/tenants/{tenant}/jobs"), Some(&other_admin.access)).await.problem(404);
    assert_eq!(app.get(&path, Some(&manager.access)).await.status, 200, "members see their company's drafts");

    // A recruiter demoted a moment ago can no longer publish, whatever their token says.
    let recruiter = app.member(&admin, tenant, "rosa@contadores.pe", "recruiter").await;
    let demoted = app
        .patch(
            &format!("/api/v1/tenants/{tenant}/members/{}", recruiter.id),
            Some(&admin.access),
            json!({"role": "hiring_manager"}),
        )
        .await;
    assert_eq!(demoted.status, 200, "{}", demoted.body);
    app.post(&format!("{path}/publish"), Some(&recruiter.access), json!({})).await.problem(403);
}

#[tokio::test]
async fn postings_that_make_no_sense_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("contadores").await;
    let mut inverted = posting();
    inverted["salary_min"] = json!("9000");
    let refused = app.post("/api/v1/jobs", Some(&admin.access), inverted).await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "salary_max");
    let mut blank = posting();
    blank["requirements"] = json!([{"text": "  ", "kind": "must"}]);
    let refused = app.post("/api/v1/jobs", Some(&admin.access), blank).await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "requirements[0].text");
    let mut unknown = posting();
    unknown["salary"] = json!(1);
    app.post("/api/v1/jobs", Some(&admin.access), unknown).await.problem(422);

    let id = id_of(&app.post("/api/v1/jobs", Some(&admin.access), posting()).await.body);
    let past = json!({"expires_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()});
    let refused = app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), past).await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "expires_at");
}

#[tokio::test]
async fn published_postings_get_a_vector_and_leave_the_board_when_they_expire() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("contadores").await;
    let id = id_of(&app.post("/api/v1/jobs", Some(&admin.access), posting()).await.body);
    let on_board = || app.owner_count("SELECT count(*) AS count FROM matching.board WHERE id = $1", Some(id));
    assert_eq!(on_board().await, 0, "a draft is not on the public board");
    app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    assert_eq!(on_board().await, 1, "a published posting is");

    let vectors = || {
        app.owner_count(
            "SELECT count(*) AS count FROM matching.job_embeddings WHERE job_id = $1 AND dimensions = 384",
            Some(id),
        )
    };
    for _ in 0..300 {
        if vectors().await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(vectors().await, 1, "the posting's vector was not made within 30 s");
    assert_eq!(vectors_anyone_reads(&app, id).await, 1, "a published posting's vector is public");

    diesel::sql_query("UPDATE matching.job_postings SET expires_at = now() - interval '1 minute' WHERE id = $1")
        .bind::<SqlUuid, _>(id)
        .execute(&mut app.owner_connection().await)
        .await
        .unwrap();
    app.get(&format!("/api/v1/jobs/{id}"), None).await.problem(404);
    assert_eq!(vectors_anyone_reads(&app, id).await, 0, "an expired posting's vector leaves with it");
    let pool = app.app_pool();
    let components = app::startup::compose(&app.config, Default::default()).await.unwrap();
    // This hour's sweep already ran when the server started: ask for another one.
    let sweep = NewJob::new(matching::service::EXPIRE_JOB, json!({})).unwrap();
    scoped(&pool, &RequestScope::system(), |conn| async move { enqueue(conn, &sweep).await }.scope_boxed())
        .await
        .unwrap();
    let worker = Worker::new(pool, WorkerSettings::default(), &prometheus::Registry::new())
        .unwrap()
        .handle(Arc::new(matching::ExpirePostings(components.matching.clone())));
    worker.drain().await.unwrap();
    // Either this worker or the server's own ran the sweep; wait for whichever did.
    let mut status = Value::Null;
    for _ in 0..100 {
        status = app.get(&format!("/api/v1/jobs/{id}"), Some(&admin.access)).await.body["status"].clone();
        if status == "expired" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, "expired");
    assert_eq!(on_board().await, 0, "an expired posting leaves the board");
    let republished = app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    assert_eq!(republished.body["status"], "active", "an expired posting may be published again");
    assert_eq!(vectors_anyone_reads(&app, id).await, 1, "published again, its vector is back");
    let closed = app.post(&format!("/api/v1/jobs/{id}/close"), Some(&admin.access), json!({"reason": "filled"})).await;
    assert_eq!(closed.body["status"], "closed", "{}", closed.body);
    assert_eq!(vectors_anyone_reads(&app, id).await, 0, "a closed posting's vector is no one's but its company's");
    assert_eq!(on_board().await, 0, "a closed posting leaves the board");
}

/// How many of the posting's vectors the application role reads with nobody in context (row-level
/// security as for an anonymous request).
async fn vectors_anyone_reads(app: &TestApp, id: Uuid) -> i64 {
    let mut conn = app.app_connection().await;
    let query = "SELECT count(*) AS count FROM matching.job_embeddings WHERE job_id = $1";
    diesel::sql_query(query).bind::<SqlUuid, _>(id).get_result::<e2e::Count>(&mut conn).await.unwrap().count
}

async fn import(app: &TestApp, token: &str, query: &str, body: String, content_type: &str) -> e2e::Response {
    let response = app
        .client
        .post(format!("{}/api/v1/jobs/import{query}", app.base))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    TestApp::read(response).await
}

#[tokio::test]
async fn a_feed_is_imported_line_by_line_upserted_and_folded() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("contadores").await;
    let line = |external_id: &str, title: &str| {
        let mut body = posting();
        body["external_id"] = json!(external_id);
        body["title"] = json!(title);
        body.to_string()
    };
    let feed = [
        line("feed-1", "Analista Contable Senior"),
        line("feed-2", "Asistente de Tesorería"),
        line("feed-3", "Analista Contable Senior"),
        r#"{"external_id": "feed-4", "title": "Sin descripción"}"#.to_owned(),
        "no es json".to_owned(),
    ]
    .join("\n");
    let report = import(&app, &admin.access, "?source=bolsa-partner", feed.clone(), "application/x-ndjson").await;
    assert_eq!(report.status, 200, "{}", report.body);
    let counts = |r: &Value| (r["created"].as_u64(), r["updated"].as_u64(), r["folded"].as_u64(), r["failed"].as_u64());
    assert_eq!(counts(&report.body), (Some(2), Some(0), Some(1), Some(2)), "{}", report.body);
    let failed: Vec<u64> =
        report.body["errors"].as_array().unwrap().iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(failed, vec![4, 5]);

    let again = import(&app, &admin.access, "?source=bolsa-partner", feed, "application/x-ndjson").await;
    assert_eq!(counts(&again.body), (Some(0), Some(2), Some(1), Some(2)), "the same ids update: {}", again.body);
    let listed = app.get(&format!("/api/v1/tenants/{tenant}/jobs?status=active"), Some(&admin.access)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2, "published on import, never twice");
    // Each posting the import published starts its time to fill, once (the outbox and the events
    // read in one snapshot: the app's worker may be draining meanwhile).
    let published = "SELECT (SELECT count(*) FROM analytics.outbox WHERE name = 'matching.job_status_changed' \
                     AND properties ->> 'imported' = 'true') + (SELECT count(*) FROM analytics.events \
                     WHERE name = 'matching.job_status_changed' AND properties ->> 'imported' = 'true') AS count";
    assert_eq!(app.owner_count(published, None).await, 2);

    import(&app, &admin.access, "", line("x", "y"), "application/json").await.problem(415);
    let nothing = import(&app, &admin.access, "", "no es json\n[]".into(), "application/x-ndjson").await;
    assert_eq!(nothing.problem(422)["errors"][1]["field"], "line 2: line", "{}", nothing.body);
    let candidate = app.register("ana@example.pe").await;
    import(&app, &candidate.access, "", line("x", "y"), "application/x-ndjson").await.problem(403);
}
