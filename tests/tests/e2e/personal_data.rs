//! The personal-data lifecycle across every context: a person who used all of the product
//! exports it, deletes the account, and after the purge nothing of them remains anywhere: not in
//! any table, object, cached entry or buffered event.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use e2e::{PASSWORD, TestApp};
use serde_json::json;
use uuid::Uuid;

use crate::applications::{ACCOUNTANT_CV, accounting_job, apply, change, id_of, truth};

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Every table of the contexts' schemas (partitions included; views are over these).
async fn every_table(app: &TestApp) -> Vec<String> {
    let rows: Vec<TableName> = diesel::sql_query(
        "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'm') AND n.nspname IN ('identity', 'cv', 'matching', 'hiring', 'interview', 'billing', \
         'analytics', 'platform', 'app') ORDER BY 1",
    )
    .load(&mut app.owner_connection().await)
    .await
    .unwrap();
    rows.into_iter().map(|row| row.name).collect()
}

#[tokio::test]
async fn after_the_purge_nothing_of_the_person_remains_anywhere() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("purga").await;
    let job = crate::matches::publish_all(&app, &admin, &[accounting_job()]).await[0].1;

    let registered = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({ "email": "valeria.ccorimanya@correo.pe", "password": PASSWORD, "first_name": "Valeria",
                    "last_name": "Ccorimanya", "accept_terms": true, "accept_privacy": true,
                    "marketing_consent": true }),
        )
        .await;
    assert_eq!(registered.status, 201, "{}", registered.body);
    let valeria = e2e::account(&registered.body, "valeria.ccorimanya@correo.pe", PASSWORD);

    // Everything a person does: a CV, matches, a search, an application the company moves, an
    // interview, a trial, client events, an export.
    let cv = crate::matches::ready_cv(&app, &valeria, ACCOUNTANT_CV).await;
    assert_eq!(app.get(&format!("/api/v1/cvs/{cv}/matches"), Some(&valeria.access)).await.status, 200);
    assert_eq!(app.get("/api/v1/jobs/search?q=contabilidad", None).await.status, 200);
    let applied = apply(&app, &valeria, job, cv, Some("valeria-1")).await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    let application = id_of(&applied.body);
    change(&app, &admin, application, json!({ "stage": "screening" })).await;
    let read = app.get(&format!("/api/v1/applications/{application}/cv"), Some(&admin.access)).await;
    assert_eq!(read.status, 200, "{}", read.body);
    let body = json!({ "interview_type": "behavioral", "role_level": "mid", "difficulty": "easy", "language": "es",
                       "target_duration_minutes": 10 });
    let interview = app.post("/api/v1/interviews", Some(&valeria.access), body).await;
    assert_eq!(interview.status, 201, "{}", interview.body);
    let trial = app
        .post(
            "/api/v1/billing/subscriptions",
            Some(&valeria.access),
            json!({ "plan_id": "pro", "billing_cycle": "monthly" }),
        )
        .await;
    assert_eq!(trial.status, 201, "{}", trial.body);
    let events = json!({ "events": [{ "event_id": Uuid::now_v7(), "name": "page_view", "session_id": "valeria-s1" }] });
    assert_eq!(app.post("/api/v1/analytics/events", Some(&valeria.access), events).await.status, 200);
    assert_eq!(app.get("/api/v1/me/data-export", Some(&valeria.access)).await.status, 200);

    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let objects_before = storage.list("").await.unwrap();
    assert!(objects_before.iter().any(|o| o.key.as_str().contains(&valeria.id.to_string())), "her CV is stored");

    // The workers move buffered events (searches, match lists) into the database within the
    // minute; the purge comes 30 days later.
    let redis = platform::cache::Redis::connect(&app.config.redis_url, &app.config.redis_key_prefix).await.unwrap();
    let ports = analytics::AnalyticsPorts {
        hasher: kernel::secrets::KeyedHasher::new(app.config.app_secret.as_bytes()),
        storage: storage.clone(),
        buffer: platform::event_buffer::EventBuffer::new(redis),
    };
    analytics::AnalyticsService::new(app.app_pool(), ports, Default::default()).drain_outbox().await.unwrap();
    app.delete_and_purge(&valeria).await;
    // By then the daily clean-up has deleted the finished jobs (kept 7 days), whose payloads
    // name the records they worked on.
    let mut owner = app.owner_connection().await;
    diesel::sql_query("DELETE FROM platform.jobs WHERE status = 'done'").execute(&mut owner).await.unwrap();

    // Not among them: the application's id, which the company's own pipeline events keep (its
    // funnel still counts the application); with the application gone it names no one.
    let cv_person = truth(ACCOUNTANT_CV);
    let traces = [
        valeria.id.to_string(),
        "valeria.ccorimanya@correo.pe".to_owned(),
        "Ccorimanya".to_owned(),
        cv.to_string(),
        cv_person["contact"]["email"].as_str().unwrap().to_owned(),
        "Carrasco".to_owned(),
        "954558004".to_owned(),
    ];
    let mut found = Vec::new();
    let mut conn = app.owner_connection().await;
    for table in every_table(&app).await {
        for trace in &traces {
            #[derive(QueryableByName)]
            struct Hits {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                hits: i64,
            }
            let sql = format!("SELECT count(*) AS hits FROM {table} t WHERE t::text ILIKE '%' || $1 || '%'");
            let hits: Hits = diesel::sql_query(sql).bind::<Text, _>(trace).get_result(&mut conn).await.unwrap();
            if hits.hits > 0 {
                found.push(format!("{table}: {trace} ({} rows)", hits.hits));
            }
        }
    }
    for object in storage.list("").await.unwrap() {
        for trace in &traces {
            if object.key.as_str().contains(trace.as_str()) {
                found.push(format!("object {}", object.key));
            }
        }
    }
    for (key, value) in app.redis_dump().await {
        for trace in &traces {
            if key.contains(trace.as_str()) || value.contains(trace.as_str()) {
                found.push(format!("redis {key}: {trace}"));
            }
        }
    }
    assert!(found.is_empty(), "what remains of her:\n{}", found.join("\n"));

    // The company keeps its own: the posting, its audit trail (pseudonymous where it named her).
    assert_eq!(app.get(&format!("/api/v1/jobs/{job}"), Some(&admin.access)).await.status, 200);
    let trail = app.get(&format!("/api/v1/tenants/{tenant}/audit"), Some(&admin.access)).await;
    let read = trail.body["items"].as_array().unwrap().iter().find(|row| row["action"] == "hiring.shared_cv_read");
    let read = read.expect("the CV read stays in the trail");
    assert!(read["erased_at"].is_string() && read["subject_id"].is_null(), "{read}");
    assert_eq!(read["actor_id"], admin.id.to_string(), "the reader stays named");
}

#[tokio::test]
async fn consents_are_kept_per_purpose_with_their_history_and_taking_one_back_acts_at_once() {
    let app = TestApp::spawn().await;
    let registered = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({ "email": "ana@example.pe", "password": PASSWORD, "first_name": "Ana", "last_name": "Quispe",
                    "accept_terms": true, "accept_privacy": true, "marketing_consent": true }),
        )
        .await;
    let ana = e2e::account(&registered.body, "ana@example.pe", PASSWORD);
    let consents = app.get("/api/v1/me/consents", Some(&ana.access)).await;
    assert_eq!(consents.status, 200, "{}", consents.body);
    assert_eq!(consents.body["current"][0]["purpose"], "marketing");
    assert_eq!(
        (consents.body["current"][0]["granted"].as_bool(), consents.body["current"][0]["source"].as_str()),
        (Some(true), Some("signup"))
    );
    assert_eq!(
        consents.body["current"][1],
        json!({ "purpose": "talent_network", "granted": false, "since": null, "source": null })
    );

    let put = |purpose: &str, body: serde_json::Value| {
        let (app, token, path) = (&app, ana.access.clone(), format!("/api/v1/me/consents/{purpose}"));
        async move { app.request(reqwest::Method::PUT, &path, Some(&token), Some(body)).await }
    };
    let withdrawn = put("marketing", json!({ "granted": false, "source": "android" })).await;
    assert_eq!((withdrawn.status, withdrawn.body["granted"].as_bool()), (200, Some(false)), "{}", withdrawn.body);
    assert_eq!(put("marketing", json!({ "granted": false })).await.status, 200);
    assert_eq!(app.get("/api/v1/me", Some(&ana.access)).await.body["marketing_consent"], false);
    let history = app.get("/api/v1/me/consents", Some(&ana.access)).await.body["history"].clone();
    let sources: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["android", "signup"], "a repeat changes nothing");
    put("talent_network", json!({ "granted": true })).await.problem(409);
    put("data_sale", json!({ "granted": true })).await.problem(404);
    put("marketing", json!({ "granted": true, "source": "no spaces" })).await.problem(422);

    // The talent network: joined with a CV, taken back from the consents page.
    let (_, company) = app.company("busca").await;
    let cv = crate::matches::ready_cv(&app, &ana, ACCOUNTANT_CV).await;
    let body = json!({ "cv_id": cv, "consent": "granted", "availability": "two_weeks", "remote_preference": "hybrid" });
    let joined = app.request(reqwest::Method::PUT, "/api/v1/me/talent-profile", Some(&ana.access), Some(body)).await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    let network = app.get("/api/v1/me/consents", Some(&ana.access)).await.body["current"][1].clone();
    assert_eq!((network["granted"].as_bool(), network["source"].as_str()), (Some(true), Some("talent_profile")));
    assert_eq!(app.get("/api/v1/network/profiles", Some(&company.access)).await.body.as_array().map(Vec::len), Some(1));

    assert_eq!(put("talent_network", json!({ "granted": false, "source": "web" })).await.status, 200);
    let mut hidden = false;
    for _ in 0..50 {
        let profile = app.get("/api/v1/me/talent-profile", Some(&ana.access)).await;
        if profile.body["status"] == "removed" {
            hidden = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(hidden, "she left the network");
    assert_eq!(app.get("/api/v1/network/profiles", Some(&company.access)).await.body, json!([]));
    assert_eq!(app.get(&format!("/api/v1/cvs/{cv}"), Some(&ana.access)).await.body["discoverable_since"], json!(null));
    let audit = app
        .owner_count("SELECT count(*) AS count FROM analytics.audit_log WHERE action = 'identity.consent_changed' AND actor_id = $1", Some(ana.id))
        .await;
    assert_eq!(audit, 4, "signup, withdrawal, joining, leaving");
}

#[tokio::test]
async fn a_full_copy_is_built_in_the_background_and_downloaded_through_a_signed_link() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let cv = crate::matches::ready_cv(&app, &ana, ACCOUNTANT_CV).await;
    let original = std::fs::read(format!("{}/fixtures/cvs/{ACCOUNTANT_CV}", env!("CARGO_MANIFEST_DIR"))).unwrap();

    let asked = app.post("/api/v1/me/data-exports", Some(&ana.access), json!({})).await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    assert_eq!(asked.body["status"], "queued");
    let id = asked.body["id"].as_str().unwrap().to_owned();
    let ready = export_settled(&app, &ana, &id).await;
    assert_eq!((ready["status"].as_str(), ready["files"].as_i64()), (Some("ready"), Some(1)), "{ready}");
    app.mailbox.wait_for("ana@example.pe", "copia de datos", 1).await;
    let link = ready["download_url"].as_str().expect("a link").to_owned();

    // The link works without signing in, and only as signed.
    let download = app.client.get(format!("{}{link}", app.base)).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/zip");
    let bytes = download.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut data = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("data.json").unwrap(), &mut data).unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["user_id"], ana.id.to_string());
    for section in ["identity", "cv", "hiring", "interview", "billing", "analytics"] {
        assert!(data["data"][section].is_object(), "the {section} section is there");
    }
    assert_eq!(data["data"]["cv"]["cvs"][0]["cv"]["id"], cv.to_string());
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|name| name.into_owned()).collect();
    let name = names.into_iter().find(|name| name.starts_with("files/cv/")).expect("the CV file");
    let mut stored = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(&name).unwrap(), &mut stored).unwrap();
    assert_eq!(stored, original, "the file as uploaded");

    let forged = link.replace("signature=", "signature=x");
    assert_eq!(app.get(&forged, None).await.status, 403);
    let stretched = link.replace("expires=", "expires=9");
    assert_eq!(app.get(&stretched, None).await.status, 403, "the time is signed too");
    let luis = app.register("luis@example.pe").await;
    assert_eq!(app.get(&format!("/api/v1/me/data-exports/{id}"), Some(&luis.access)).await.status, 404);
    let listed = app.get("/api/v1/me/data-exports", Some(&ana.access)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));

    // Three a day.
    for _ in 0..2 {
        let mut asked = app.post("/api/v1/me/data-exports", Some(&ana.access), json!({})).await;
        while asked.status == 409 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            asked = app.post("/api/v1/me/data-exports", Some(&ana.access), json!({})).await;
        }
        assert_eq!(asked.status, 202, "{}", asked.body);
    }
    let mut fourth = app.post("/api/v1/me/data-exports", Some(&ana.access), json!({})).await;
    while fourth.status == 409 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        fourth = app.post("/api/v1/me/data-exports", Some(&ana.access), json!({})).await;
    }
    assert_eq!(fourth.status, 429);

    // A week on, the files are gone and the links say so.
    let identity = app::startup::compose(&app.config, Default::default()).await.unwrap().identity;
    let expired = identity.expire_exports(chrono::Utc::now() + chrono::Duration::days(8)).await.unwrap();
    assert!(expired >= 1);
    assert_eq!(app.get(&link, None).await.status, 410);
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let left = storage.list(&format!("exports/{}/", ana.id)).await.unwrap();
    assert!(left.iter().all(|o| !o.key.as_str().contains(&id)), "the file is deleted");
}

/// The export once its build is over (the job worker's), as its owner reads it.
async fn export_settled(app: &TestApp, account: &e2e::Account, id: &str) -> serde_json::Value {
    for _ in 0..300 {
        let export = app.get(&format!("/api/v1/me/data-exports/{id}"), Some(&account.access)).await;
        if export.body["status"] != "queued" {
            return export.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the export {id} is still queued after 30 s");
}

/// Makes an account look unused since 25 months ago (created, signed in and its sessions used then).
async fn unused_for_two_years(app: &TestApp, user_id: Uuid) {
    let users = "UPDATE identity.users SET created_at = now() - interval '25 months', \
                 last_login_at = now() - interval '25 months' WHERE id = $1";
    assert_eq!(app.owner_execute(users, user_id).await, 1);
    let sessions = "UPDATE identity.sessions SET last_used_at = now() - interval '25 months' WHERE user_id = $1";
    app.owner_execute(sessions, user_id).await;
}

#[tokio::test]
async fn an_unused_account_is_told_then_deleted_unless_its_person_keeps_it() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let bruno = app.register("bruno@example.pe").await;
    let carla = app.register("carla@example.pe").await;
    let (_, staff) = app.company("retencion").await;
    let kept = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/me/consents/data_retention",
            Some(&bruno.access),
            Some(json!({ "granted": true })),
        )
        .await;
    assert_eq!(kept.status, 200, "{}", kept.body);
    // The app's own worker runs the day's retention job at start: let it finish first, so that
    // the runs below are the only ones that see these accounts unused.
    let day_run = "SELECT count(*) AS count FROM platform.jobs \
                   WHERE kind = 'identity.expire_inactive_accounts' AND status = 'done'";
    for _ in 0..300 {
        if app.owner_count(day_run, None).await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.owner_count(day_run, None).await, 1, "the day's retention job ran at start");
    for account in [&ana, &bruno, &carla, &staff] {
        unused_for_two_years(&app, account.id).await;
    }
    let overrides = app::startup::Overrides { mailer: Some(app.mailbox.clone()), clock: None };
    let identity = app::startup::compose(&app.config, overrides).await.unwrap().identity;
    let now = chrono::Utc::now();

    // Those without the consent are told first (never a company's staff); nothing else yet.
    let run = identity.expire_inactive_accounts(now).await.unwrap();
    assert_eq!((run.noticed, run.deleted), (2, 0));
    let notice = app.mailbox.wait_for("ana@example.pe", "inactividad", 1).await;
    assert!(notice[0].body.contains("30 días"), "{}", notice[0].body);
    app.mailbox.wait_for("carla@example.pe", "inactividad", 1).await;
    assert!(app.mailbox.sent_to("bruno@example.pe").iter().all(|m| !m.subject.contains("inactividad")));
    let again = identity.expire_inactive_accounts(now + chrono::Duration::days(10)).await.unwrap();
    assert_eq!((again.noticed, again.deleted), (0, 0), "the notice is not sent twice, nor acted on early");

    // Carla signs in meanwhile; after the notice's 30 days only Ana's account goes.
    assert_eq!(app.login("carla@example.pe", PASSWORD).await.status, 200);
    let later = identity.expire_inactive_accounts(now + chrono::Duration::days(31)).await.unwrap();
    assert_eq!((later.noticed, later.deleted), (0, 1));
    let status = |id: Uuid| {
        let app = &app;
        async move {
            app.owner_count(
                "SELECT count(*) AS count FROM identity.users WHERE id = $1 AND status = 'deleted'",
                Some(id),
            )
            .await
        }
    };
    assert_eq!(status(ana.id).await, 1);
    for kept in [&bruno, &carla, &staff] {
        assert_eq!(status(kept.id).await, 0);
    }
    app.login("ana@example.pe", PASSWORD).await.problem(401);
    let audited = "SELECT count(*) AS count FROM analytics.audit_log WHERE action = 'identity.account_expired' \
                   AND subject_id = $1";
    assert_eq!(app.owner_count(audited, Some(ana.id)).await, 1);
}
