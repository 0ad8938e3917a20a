//! Product events (clients' batches and the outbox), the audit log and its chain, and what the
//! data team's role may read.

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use e2e::{Account, PASSWORD, TestApp};
use kernel::secrets::KeyedHasher;
use platform::event_buffer::EventBuffer;
use serde_json::{Value, json};
use uuid::Uuid;

async fn analytics_service(app: &TestApp, settings: analytics::AnalyticsSettings) -> analytics::AnalyticsService {
    let storage = app::startup::sealed_storage(&app.config).expect("the storage");
    let redis = platform::cache::Redis::connect(&app.config.redis_url, &app.config.redis_key_prefix).await.unwrap();
    let ports = analytics::AnalyticsPorts { hasher: hasher(app), storage, buffer: EventBuffer::new(redis) };
    analytics::AnalyticsService::new(app.app_pool(), ports, settings)
}

fn hasher(app: &TestApp) -> KeyedHasher {
    KeyedHasher::new(app.config.app_secret.as_bytes())
}

fn actor_key(app: &TestApp, user_id: Uuid) -> String {
    hasher(app).pseudonym("analytics.actor", &user_id.to_string())
}

pub(crate) async fn drain(app: &TestApp) -> usize {
    analytics_service(app, Default::default()).await.drain_outbox().await.expect("the drain")
}

async fn verify(app: &TestApp) -> analytics::service::ChainReport {
    analytics_service(app, Default::default()).await.verify_audit_chain(&|_| {}).await.expect("a verification")
}

fn batch(ids: &[Uuid]) -> Value {
    json!({ "events": [
        { "event_id": ids[0], "name": "Page View", "page_url": "https://app.entrevistador.pe/jobs/0192f0c4-5a6b-7c8d-9e0f-112233445566?email=ana@correo.pe",
          "referrer": "https://www.google.com/search?q=contador", "session_id": "s-123",
          "properties": { "query": "contador ana@correo.pe", "email": "ana@correo.pe", "results": 12 } },
        { "event_id": ids[1], "name": "job.card_clicked", "category": "search", "occurred_at": chrono::Utc::now() - chrono::Duration::hours(2),
          "properties": { "telefono": "987654321", "position": 3 } },
        { "event_id": ids[2], "name": "1st visit" },
        { "event_id": ids[3], "name": "too_old", "occurred_at": chrono::Utc::now() - chrono::Duration::days(30) },
    ]})
}

#[tokio::test]
async fn a_clients_events_are_stored_once_without_personal_data() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@correo.pe").await;
    let ids: Vec<Uuid> = (0..4).map(|_| Uuid::now_v7()).collect();
    let sent = app.post("/api/v1/analytics/events", Some(&ana.access), batch(&ids)).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.body["accepted"], 2);
    assert_eq!(sent.body["duplicates"], 0);
    let rejected: Vec<(u64, String)> = sent.body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["errors"][0]["field"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(rejected, [(2, "name".to_owned()), (3, "occurred_at".to_owned())]);

    let again = app.post("/api/v1/analytics/events", Some(&ana.access), batch(&ids)).await;
    assert_eq!((again.body["accepted"].as_u64(), again.body["duplicates"].as_u64()), (Some(0), Some(2)));
    let clients = "SELECT count(*) AS count FROM analytics.events WHERE source = 'client'";
    assert_eq!(app.owner_count(clients, None).await, 2);

    let stored = app
        .owner_count(
            "SELECT count(*) AS count FROM analytics.events WHERE name = 'page_view' AND page_path = '/jobs/:id' \
             AND referrer_host = 'google.com' AND properties = '{\"query\": \"[redacted]\", \"results\": 12}' \
             AND session_key IS NOT NULL AND session_key <> 's-123' AND source = 'client'",
            None,
        )
        .await;
    assert_eq!(stored, 1, "the path without its query, the referrer's host, the email gone");
    let key = actor_key(&app, ana.id);
    let mine = app
        .owner_count_text(
            "SELECT count(*) AS count FROM analytics.events WHERE actor_key = $1 AND source = 'client'",
            &key,
        )
        .await;
    assert_eq!(mine, 2, "both events carry the person's pseudonym");
    let leaked = app
        .owner_count_text(
            "SELECT count(*) AS count FROM analytics.events e WHERE row_to_json(e)::text LIKE '%' || $1 || '%' \
             OR row_to_json(e)::text LIKE '%correo.pe%' OR row_to_json(e)::text LIKE '%987654321%'",
            &ana.id.to_string(),
        )
        .await;
    assert_eq!(leaked, 0, "no id, email or phone in the clear");

    let anonymous = app
        .post(
            "/api/v1/analytics/events",
            None,
            json!({ "events": [{ "event_id": Uuid::now_v7(), "name": "landing" }] }),
        )
        .await;
    assert_eq!(anonymous.body["accepted"], 1, "{}", anonymous.body);
    let empty = app.post("/api/v1/analytics/events", None, json!({ "events": [] })).await;
    assert_eq!(empty.status, 422);
    let too_many: Vec<Value> = (0..501).map(|_| json!({ "event_id": Uuid::now_v7(), "name": "x" })).collect();
    assert_eq!(app.post("/api/v1/analytics/events", None, json!({ "events": too_many })).await.status, 422);
}

#[tokio::test]
async fn server_events_reach_the_events_table_pseudonymised() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    assert_eq!(app.login("ana@example.pe", PASSWORD).await.status, 200);
    // The app's own worker may have drained them first.
    drain(&app).await;
    let key = actor_key(&app, ana.id);
    let events = app
        .owner_count_text(
            "SELECT count(*) AS count FROM analytics.events WHERE actor_key = $1 AND source = 'server' \
             AND name IN ('identity.signed_up', 'identity.logged_in')",
            &key,
        )
        .await;
    assert_eq!(events, 2);
    assert_eq!(app.owner_count("SELECT count(*) AS count FROM analytics.outbox", None).await, 0, "drained");
    assert_eq!(drain(&app).await, 0, "nothing twice");
}

/// Runs `sql` as the owner with the audit log's guard off: what an intruder with the owner's
/// password could do.
async fn tamper(app: &TestApp, sql: &str) {
    let mut conn = app.owner_connection().await;
    let batch = format!(
        "BEGIN; ALTER TABLE analytics.audit_log DISABLE TRIGGER audit_log_append_only; {sql}; \
         ALTER TABLE analytics.audit_log ENABLE TRIGGER audit_log_append_only; COMMIT;"
    );
    conn.batch_execute(&batch).await.expect("the tampering");
}

#[tokio::test]
async fn the_audit_log_chains_every_row_and_names_the_first_tampered_one() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    assert_eq!(app.login("ana@example.pe", PASSWORD).await.status, 200);
    assert_eq!(app.login("ana@example.pe", "not-her-password").await.status, 401);
    assert_eq!(app.login("nadie@example.pe", "whatever-it-is").await.status, 401);
    let actions = app
        .owner_count(
            "SELECT count(*) AS count FROM analytics.audit_log WHERE (action, outcome) IN \
             (('identity.account_created', 'success'), ('identity.login', 'success'), ('identity.login', 'failure'))",
            None,
        )
        .await;
    assert_eq!(actions, 4);
    let report = verify(&app).await;
    assert_eq!((report.rows_checked, report.first_broken), (4, None));

    let mut conn = app.app_connection().await;
    let refused = diesel::sql_query("UPDATE analytics.audit_log SET action = 'x'").execute(&mut conn).await;
    assert!(refused.unwrap_err().to_string().contains("permission denied"), "the application may not change it");
    let mut owner = app.owner_connection().await;
    let guarded = diesel::sql_query("DELETE FROM analytics.audit_log WHERE seq = 1").execute(&mut owner).await;
    assert!(guarded.unwrap_err().to_string().contains("append-only"), "nor may the owner, by mistake");

    tamper(&app, "UPDATE analytics.audit_log SET details = '{\"reason\": \"nothing\"}' WHERE seq = 3").await;
    let report = verify(&app).await;
    let broken = report.first_broken.expect("a broken row");
    assert_eq!((report.rows_checked, broken.seq), (2, 3));
    assert!(broken.reason.contains("personal columns"), "{}", broken.reason);

    tamper(&app, "UPDATE analytics.audit_log SET action = 'identity.logout' WHERE seq = 2").await;
    let broken = verify(&app).await.first_broken.expect("a broken row");
    assert_eq!(broken.seq, 2, "the first broken row is named");

    tamper(&app, "DELETE FROM analytics.audit_log WHERE seq = 1").await;
    let broken = verify(&app).await.first_broken.expect("a broken row");
    assert_eq!(broken.seq, 1);
    assert!(broken.reason.contains("missing"), "{}", broken.reason);
}

async fn platform_admin(app: &TestApp) -> Account {
    let pool = kernel::db::pool(&app.config.database_url, 1).unwrap();
    let password = "clave-de-operador-larga";
    identity::IdentityService::create_platform_admin(
        &pool,
        "root@entrevistador.pe",
        password.into(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let login = app.login("root@entrevistador.pe", password).await;
    e2e::account(&login.body, "root@entrevistador.pe", password)
}

#[tokio::test]
async fn operators_read_the_whole_log_and_company_admins_their_part() {
    let app = TestApp::spawn().await;
    let (andes, andes_admin) = app.company("andes").await;
    let (costa, costa_admin) = app.company("costa").await;
    let recruiter = app.member(&andes_admin, andes, "rita@andes.pe", "recruiter").await;

    let mine = app.get(&format!("/api/v1/tenants/{andes}/audit"), Some(&andes_admin.access)).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let items = mine.body["items"].as_array().unwrap();
    let actions: Vec<&str> = items.iter().map(|i| i["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"identity.company_created"), "{actions:?}");
    assert!(actions.contains(&"identity.invitation_accepted"), "{actions:?}");
    assert!(items.iter().all(|i| i["tenant_id"] == json!(andes)), "only the company's rows");
    let seqs: Vec<i64> = items.iter().map(|i| i["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "newest first");

    assert_eq!(app.get(&format!("/api/v1/tenants/{costa}/audit"), Some(&andes_admin.access)).await.status, 404);
    assert_eq!(app.get(&format!("/api/v1/tenants/{andes}/audit"), Some(&recruiter.access)).await.status, 403);
    assert_eq!(app.get(&format!("/api/v1/tenants/{andes}/audit"), Some(&costa_admin.access)).await.status, 404);
    assert_eq!(app.get("/api/v1/admin/audit", Some(&andes_admin.access)).await.status, 403);

    let root = platform_admin(&app).await;
    let all = app.get("/api/v1/admin/audit?limit=2", Some(&root.access)).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let next = all.body["next_cursor"].as_str().expect("more pages");
    let page_two = app.get(&format!("/api/v1/admin/audit?limit=2&cursor={next}"), Some(&root.access)).await;
    let last_seq = all.body["items"][1]["seq"].as_i64().unwrap();
    assert!(page_two.body["items"][0]["seq"].as_i64().unwrap() < last_seq);
    let costa_only = app
        .get(&format!("/api/v1/admin/audit?tenant_id={costa}&action=identity.company_created"), Some(&root.access))
        .await;
    assert_eq!(costa_only.body["items"].as_array().unwrap().len(), 1, "{}", costa_only.body);
    let logins = app.get(&format!("/api/v1/admin/audit?person_id={}", root.id), Some(&root.access)).await;
    assert_eq!(logins.body["items"][0]["action"], "identity.login");
}

async fn as_data_team(app: &TestApp) -> AsyncPgConnection {
    let mut conn = AsyncPgConnection::establish(&app.config.database_url).await.unwrap();
    conn.batch_execute("GRANT entrevistador_analytics TO CURRENT_USER; SET ROLE entrevistador_analytics")
        .await
        .unwrap();
    conn
}

#[tokio::test]
async fn the_data_team_reads_the_analytics_schema_without_personal_data() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    drain(&app).await;
    let mut conn = as_data_team(&app).await;
    for allowed in [
        "SELECT count(*) FROM analytics.events",
        "SELECT seq, action, outcome, tenant_id, hash FROM analytics.audit_log",
        "SELECT count(*) FROM analytics.marketplace_funnel",
    ] {
        conn.batch_execute(allowed).await.unwrap_or_else(|e| panic!("{allowed}: {e}"));
    }
    for refused in [
        "SELECT actor_id FROM analytics.audit_log",
        "SELECT ip FROM analytics.audit_log",
        "SELECT details FROM analytics.audit_log",
        "SELECT * FROM analytics.audit_log",
        "SELECT * FROM analytics.outbox",
        "SELECT * FROM analytics.event_receipts",
        "SELECT email FROM identity.users",
        "SELECT * FROM cv.cvs",
        "SELECT * FROM hiring.applications",
        "SELECT * FROM billing.payments",
        "SELECT * FROM interview.interviews",
        "SELECT * FROM matching.job_postings",
        "SELECT * FROM platform.jobs",
        "INSERT INTO analytics.events (event_id, occurred_at, received_at, name, source) VALUES (gen_random_uuid(), now(), now(), 'x', 'client')",
    ] {
        let error = conn.batch_execute(refused).await.expect_err(refused).to_string();
        assert!(error.contains("permission denied"), "{refused}: {error}");
    }
    let events: i64 =
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>("(SELECT count(*) FROM analytics.events)"))
            .get_result(&mut conn)
            .await
            .unwrap();
    assert!(events >= 1, "the data team sees every event");
}

#[tokio::test]
async fn a_purge_erases_the_persons_events_and_leaves_a_verifiable_pseudonymous_trail() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    app.register("luis@example.pe").await;
    let event = json!({ "events": [{ "event_id": Uuid::now_v7(), "name": "page_view" }] });
    assert_eq!(app.post("/api/v1/analytics/events", Some(&ana.access), event).await.body["accepted"], 1);
    drain(&app).await;
    let export = app.get("/api/v1/me/data-export", Some(&ana.access)).await;
    assert_eq!(export.status, 200);
    let section = &export.body["data"]["analytics"];
    let names: Vec<&str> = section["events"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"page_view") && names.contains(&"identity.signed_up"), "{names:?}");
    assert!(section["audit_log"].as_array().unwrap().iter().any(|row| row["action"] == "identity.account_created"));

    app.delete_and_purge(&ana).await;
    let key = actor_key(&app, ana.id);
    assert_eq!(
        app.owner_count_text("SELECT count(*) AS count FROM analytics.events WHERE actor_key = $1", &key).await,
        0
    );
    let named = app
        .owner_count(
            "SELECT count(*) AS count FROM analytics.audit_log WHERE actor_id = $1 OR subject_id = $1 \
             OR details::text LIKE '%ana@example.pe%'",
            Some(ana.id),
        )
        .await;
    assert_eq!(named, 0, "nothing names her");
    let trail = app
        .owner_count_text(
            "SELECT count(*) AS count FROM analytics.audit_log WHERE person_pseudonym = $1 AND erased_at IS NOT NULL",
            &key,
        )
        .await;
    assert!(trail >= 3, "created, exported, deleted, purged: {trail}");
    assert_eq!(verify(&app).await.first_broken, None, "the erased chain still verifies");
    let luis = app.owner_count("SELECT count(*) AS count FROM analytics.audit_log WHERE erased_at IS NULL", None).await;
    assert!(luis >= 1, "the others' rows stay whole");
}

#[tokio::test]
async fn months_past_the_retention_are_archived_then_dropped() {
    let app = TestApp::spawn().await;
    let old_month = (chrono::Utc::now() - chrono::Duration::days(100)).date_naive();
    let mut owner = app.owner_connection().await;
    diesel::sql_query("SELECT analytics.ensure_event_partitions($1::date, 3)")
        .bind::<Text, _>(old_month.to_string())
        .execute(&mut owner)
        .await
        .unwrap();
    diesel::sql_query(
        "INSERT INTO analytics.events (event_id, occurred_at, received_at, name, source) \
         VALUES (gen_random_uuid(), $1::timestamptz, now(), 'page_view', 'client')",
    )
    .bind::<Text, _>(format!("{old_month}T12:00:00Z"))
    .execute(&mut owner)
    .await
    .unwrap();

    let service = analytics_service(&app, analytics::AnalyticsSettings { retention_months: 2, receipt_days: 30 }).await;
    let done = service.maintain_partitions().await.expect("the maintenance");
    let month = old_month.format("%Y-%m").to_string();
    assert!(done.months_archived.contains(&month), "{done:?}");
    assert_eq!(
        app.owner_count(
            "SELECT count(*) AS count FROM analytics.events WHERE occurred_at < now() - interval '70 days'",
            None
        )
        .await,
        0
    );

    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let key = platform::storage::ObjectKey::new(format!("analytics/events/{month}.ndjson.gz")).unwrap();
    let bytes = storage.get(&key).await.expect("the archive").bytes().await.unwrap();
    let mut lines = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut lines).unwrap();
    let rows: Vec<Value> = lines.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "page_view");

    let again = service.maintain_partitions().await.unwrap();
    assert!(again.months_archived.is_empty(), "an archived month is not archived again: {again:?}");
}

#[tokio::test]
async fn a_company_reads_its_pipeline_time_to_hire_and_sources() {
    use crate::applications::{ACCOUNTANT_CV, accounting_job, apply, change, id_of};
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("contadores").await;
    let (other, other_admin) = app.company("otra").await;
    let job = crate::matches::publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let mut applications = Vec::new();
    for email in ["ana@example.pe", "luis@example.pe", "rosa@example.pe"] {
        let person = app.register(email).await;
        let cv = crate::matches::ready_cv(&app, &person, ACCOUNTANT_CV).await;
        let applied = apply(&app, &person, job, cv, None).await;
        assert_eq!(applied.status, 201, "{}", applied.body);
        applications.push(id_of(&applied.body));
    }
    for stage in ["screening", "interview", "offer", "hired"] {
        change(&app, &admin, applications[0], json!({ "stage": stage })).await;
    }
    change(&app, &admin, applications[1], json!({ "stage": "screening" })).await;
    change(&app, &admin, applications[1], json!({ "rejection": { "reason": "experience" } })).await;
    drain(&app).await;

    let pipeline = app.get(&format!("/api/v1/tenants/{tenant}/analytics/pipeline"), Some(&admin.access)).await;
    assert_eq!(pipeline.status, 200, "{}", pipeline.body);
    let report = &pipeline.body;
    assert_eq!(
        (
            report["applications"].as_i64(),
            report["hired"].as_i64(),
            report["rejected"].as_i64(),
            report["active"].as_i64()
        ),
        (Some(3), Some(1), Some(1), Some(1)),
        "{report}"
    );
    let reached = |stage: &str| {
        report["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == stage)
            .map(|s| s["reached"].as_i64().unwrap())
    };
    assert_eq!(
        (reached("applied"), reached("screening"), reached("offer"), reached("hired")),
        (Some(3), Some(2), Some(1), Some(1))
    );
    let in_applied = report["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "applied").unwrap();
    assert_eq!(in_applied["current"], 1, "rosa is still there");

    let times = app.get(&format!("/api/v1/tenants/{tenant}/analytics/time-to-hire"), Some(&admin.access)).await;
    assert_eq!(times.status, 200, "{}", times.body);
    assert_eq!(times.body["time_to_hire_days"]["count"], 1);
    assert!(times.body["time_to_hire_days"]["average"].as_f64().unwrap() >= 0.0);
    assert_eq!(times.body["time_to_fill_days"]["count"], 1, "{}", times.body);
    let stays: Vec<&str> =
        times.body["time_in_stage"].as_array().unwrap().iter().map(|s| s["stage"].as_str().unwrap()).collect();
    assert!(stays.contains(&"applied") && stays.contains(&"offer"), "{stays:?}");

    let sources = app.get(&format!("/api/v1/tenants/{tenant}/analytics/sources"), Some(&admin.access)).await;
    assert_eq!(
        sources.body["items"],
        json!([{ "source": "platform", "applications": 3, "hires": 1, "hire_rate": 0.333 }])
    );

    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339().replace('+', "%2B");
    let empty =
        app.get(&format!("/api/v1/tenants/{tenant}/analytics/pipeline?since={later}"), Some(&admin.access)).await;
    assert_eq!(empty.body["applications"], 0, "{}", empty.body);
    let backwards = format!("/api/v1/tenants/{tenant}/analytics/pipeline?since={later}&until=2020-01-01T00:00:00Z");
    app.get(&backwards, Some(&admin.access)).await.problem(422);

    // Another company: its own (empty) numbers, never these; these with its id are refused.
    let theirs = app.get(&format!("/api/v1/tenants/{other}/analytics/pipeline"), Some(&other_admin.access)).await;
    assert_eq!(theirs.body["applications"], 0);
    for path in ["pipeline", "time-to-hire", "sources"] {
        let attack = app.get(&format!("/api/v1/tenants/{tenant}/analytics/{path}"), Some(&other_admin.access)).await;
        assert_eq!(attack.status, 404, "{path}: {}", attack.body);
    }
    let candidate = app.login("ana@example.pe", PASSWORD).await;
    let candidate = e2e::account(&candidate.body, "ana@example.pe", PASSWORD);
    assert_eq!(
        app.get(&format!("/api/v1/tenants/{tenant}/analytics/pipeline"), Some(&candidate.access)).await.status,
        404
    );

    let written = analytics_service(&app, Default::default()).await.roll_up(chrono::Utc::now()).await.unwrap();
    assert!(written > 0);
    let submitted = app
        .owner_count(
            "SELECT coalesce(sum(events), 0)::bigint AS count FROM analytics.metrics WHERE granularity = 'day' \
             AND scope = 'tenant' AND tenant_id = $1 AND name = 'hiring.application_submitted'",
            Some(tenant),
        )
        .await;
    assert_eq!(submitted, 3);
    let everyone = app
        .owner_count(
            "SELECT coalesce(sum(events), 0)::bigint AS count FROM analytics.metrics WHERE granularity = 'hour' \
             AND scope = 'all' AND name = 'identity.signed_up'",
            None,
        )
        .await;
    assert_eq!(everyone, 5, "two admins and three candidates");
    let active =
        app.owner_count("SELECT dau AS count FROM analytics.active_users ORDER BY day DESC LIMIT 1", None).await;
    assert!(active >= 5, "{active}");
}

#[tokio::test]
async fn searches_that_find_nothing_are_listed_for_the_data_team() {
    let app = TestApp::spawn().await;
    for _ in 0..2 {
        let found = app.get("/api/v1/jobs/search?q=Domador%20de%20Unicornios", None).await;
        assert_eq!((found.status, found.body["total"].as_i64()), (200, Some(0)), "{}", found.body);
    }
    assert_eq!(app.get("/api/v1/jobs/search?q=contador&city=Lima", None).await.status, 200);
    let service = analytics_service(&app, Default::default()).await;
    service.drain_outbox().await.unwrap();
    assert_eq!(
        app.owner_count("SELECT count(*) AS count FROM analytics.events WHERE name = 'matching.searched'", None).await,
        3,
        "the cached repeat counts too"
    );
    service.roll_up(chrono::Utc::now()).await.unwrap();
    let listed = app
        .owner_count_text(
            "SELECT searches AS count FROM analytics.search_terms_without_results WHERE term = $1",
            "domador de unicornios",
        )
        .await;
    assert_eq!(listed, 2);
}
