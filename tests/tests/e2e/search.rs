//! Searching the job board: accent- and case-insensitive, stemmed, typo tolerant, filtered,
//! faceted and paged; only what is published. One suite, passed by both adapters of the search
//! port: Postgres and the real Typesense server of scripts/services.sh.

use e2e::TestApp;
use serde_json::{Value, json};

fn posting(title: &str, description: &str, city: &str, remote: &str, salary: &str) -> Value {
    json!({
        "title": title, "description": description, "employment_type": "full-time",
        "remote_policy": remote, "location_city": city, "salary_min": salary,
        "requirements": [{"text": description, "kind": "must"}]
    })
}

async fn titles(app: &TestApp, query: &str) -> (Vec<String>, Value) {
    let found = app.get(&format!("/api/v1/jobs/search?{query}"), None).await;
    assert_eq!(found.status, 200, "{query}: {}", found.body);
    let titles = found.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["job"]["title"].as_str().unwrap().to_owned())
        .collect();
    (titles, found.body)
}

/// Waits until the postings' vectors are made and every index job has run.
async fn settle(app: &TestApp) {
    const BUSY: &str = "SELECT count(*) AS count FROM platform.jobs \
        WHERE kind IN ('matching.embed_posting', 'matching.index_postings') AND status IN ('queued', 'running')";
    for _ in 0..600 {
        if app.owner_count(BUSY, None).await == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the postings' vectors and index were not made within 60 s");
}

fn typesense() -> [(&'static str, &'static str); 1] {
    [("SEARCH_BACKEND", "typesense")]
}

#[tokio::test]
async fn the_board_on_postgres_finds_jobs_the_way_people_type() {
    board_suite(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn the_board_on_typesense_finds_jobs_the_way_people_type() {
    board_suite(&TestApp::spawn_with(&typesense()).await).await;
}

async fn board_suite(app: &TestApp) {
    let (_, admin) = app.company("bolsa").await;
    let postings = [
        posting("Ingeniera de Datos", "Pipelines en Python y SQL sobre AWS.", "Lima", "remote", "9000"),
        posting(
            "Analista de Contabilidad",
            "Cierres mensuales bajo NIIF y declaraciones a SUNAT.",
            "Lima",
            "hybrid",
            "4500",
        ),
        posting("Desarrollador Backend", "APIs en Django con PostgreSQL.", "Arequipa", "onsite", "6000"),
        posting("Enfermera de Emergencias", "Atención de pacientes críticos.", "Cusco", "onsite", "3500"),
    ];
    for (n, body) in postings.iter().enumerate() {
        let created = app.post("/api/v1/jobs", Some(&admin.access), body.clone()).await;
        assert_eq!(created.status, 201, "{}", created.body);
        // The last one stays a draft: never found.
        if n < 3 {
            let id = created.body["id"].as_str().unwrap();
            app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
        }
    }

    settle(app).await;
    assert_eq!(app.owner_count("SELECT count(*) AS count FROM matching.job_embeddings", None).await, 4);

    let (found, body) = titles(app, "q=ingeniero%20de%20datos").await;
    assert_eq!(found.first().map(String::as_str), Some("Ingeniera de Datos"), "stemmed, any gender: {body}");
    assert!(body["items"][0]["highlights"]["title"].as_str().unwrap().contains("<mark>"), "{body}");
    let (found, _) = titles(app, "q=contavilidad").await;
    assert_eq!(found, vec!["Analista de Contabilidad"], "one wrong letter");
    let (found, _) = titles(app, "q=desarrolador").await;
    assert_eq!(found, vec!["Desarrollador Backend"]);
    let (found, _) = titles(app, "q=CONTABILIDAD%20niif").await;
    assert_eq!(found, vec!["Analista de Contabilidad"], "capitals and accents do not matter");
    let (found, _) = titles(app, "q=accounting").await;
    assert_eq!(
        found,
        vec!["Analista de Contabilidad"],
        "English words reach Spanish postings through canonical skills"
    );
    let (found, body) = titles(app, "q=programador%20python").await;
    assert!(found.contains(&"Desarrollador Backend".to_owned()), "by meaning, no shared word: {body}");
    assert!(!found.contains(&"Analista de Contabilidad".to_owned()), "{found:?}");
    let (found, _) = titles(app, "q=enfermera").await;
    assert!(found.is_empty(), "drafts are never found: {found:?}");

    let (found, body) = titles(app, "").await;
    assert_eq!((found.len(), body["total"].as_i64()), (3, Some(3)));
    let cities: Vec<(&str, i64)> = body["facets"]["city"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(cities[0], ("Lima", 2), "{cities:?}");
    assert_eq!(body["facets"]["remote_policy"].as_array().unwrap().len(), 3);

    let (found, _) = titles(app, "city=lima&remote=remote").await;
    assert_eq!(found, vec!["Ingeniera de Datos"]);
    let (found, _) = titles(app, "salary_min=5000&sort=salary").await;
    assert_eq!(found, vec!["Ingeniera de Datos", "Desarrollador Backend"]);

    let (newest, _) = titles(app, "sort=recent").await;
    assert_eq!(titles(app, "sort=relevance").await.0, newest, "relevance without words: newest first");
    let (first, page) = titles(app, "limit=2&sort=recent").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let (second, last) = titles(app, &format!("limit=2&sort=recent&cursor={cursor}")).await;
    assert_eq!((first.len(), second.len()), (2, 1));
    assert!(last["next_cursor"].is_null() && !first.contains(&second[0]));

    // A cached answer goes stale the moment the board changes.
    let (before, _) = titles(app, "q=contabilidad").await;
    assert_eq!(titles(app, "q=contabilidad").await.0, before);
    assert!(app.redis_keys().await.iter().any(|k| k.contains("matching:search:")), "the answer is cached");
    let newer = posting("Contador General", "Contabilidad general y cierres.", "Lima", "onsite", "7000");
    let id = app.post("/api/v1/jobs", Some(&admin.access), newer).await.body["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    settle(app).await;
    let (after, _) = titles(app, "q=contabilidad").await;
    assert!(after.contains(&"Contador General".to_owned()), "{after:?}");

    // Closed: gone from the board.
    app.post(&format!("/api/v1/jobs/{id}/close"), Some(&admin.access), json!({"reason": "filled"})).await;
    settle(app).await;
    assert!(!titles(app, "q=contabilidad").await.0.contains(&"Contador General".to_owned()));

    app.get("/api/v1/jobs/search?country=pe", None).await.problem(422);
    app.get("/api/v1/jobs/search?salary_min=1e3", None).await.problem(422);
}

/// Searches Typesense directly, as a company's careers page would with its scoped key.
async fn search_typesense_with(app: &TestApp, key: &str, collection: &str, filter: Option<&str>) -> (u16, Value) {
    let url = std::env::var("TYPESENSE_URL").expect("TYPESENSE_URL (scripts/services.sh env)");
    let mut query = vec![("q", "*"), ("query_by", "title")];
    if let Some(filter) = filter {
        query.push(("filter_by", filter));
    }
    let answer = app
        .client
        .get(format!("{url}/collections/{collection}/documents/search"))
        .header("X-TYPESENSE-API-KEY", key)
        .query(&query)
        .send()
        .await
        .expect("typesense answers");
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_company_key_searches_only_that_company_s_published_postings() {
    let app = TestApp::spawn_with(&typesense()).await;
    let (tenant, acme) = app.company("acme").await;
    let (_, other) = app.company("otra").await;
    for (admin, title) in [(&acme, "Contador Senior"), (&other, "Contadora Junior"), (&acme, "Borrador")] {
        let body = posting(title, "Contabilidad y cierres.", "Lima", "onsite", "5000");
        let id = app.post("/api/v1/jobs", Some(&admin.access), body).await.body["id"].as_str().unwrap().to_owned();
        if title != "Borrador" {
            app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
        }
    }
    settle(&app).await;

    let issued = app.post(&format!("/api/v1/tenants/{tenant}/search-keys"), Some(&acme.access), json!({})).await;
    assert_eq!(issued.status, 201, "{}", issued.body);
    let (key, collection) = (issued.body["key"].as_str().unwrap(), issued.body["collection"].as_str().unwrap());
    let (status, found) = search_typesense_with(&app, key, collection, None).await;
    assert_eq!(status, 200, "{found}");
    let titles: Vec<&str> =
        found["hits"].as_array().unwrap().iter().map(|h| h["document"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, vec!["Contador Senior"], "the company's published postings only");
    // A filter of the caller's own is combined with the key's, never instead of it.
    let (_, widened) = search_typesense_with(&app, key, collection, Some("remote_policy:=onsite")).await;
    assert_eq!(widened["found"], 1, "{widened}");
    let mut forged = key.to_owned();
    forged.replace_range(0..4, "AAAA");
    assert_eq!(search_typesense_with(&app, &forged, collection, None).await.0, 401, "a key altered is refused");

    // Another company's admin cannot get this company's key.
    let refused = app.post(&format!("/api/v1/tenants/{tenant}/search-keys"), Some(&other.access), json!({})).await;
    assert!(matches!(refused.status, 403 | 404 | 409), "{}", refused.body);
}

#[tokio::test]
async fn postgres_hands_out_no_search_keys() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("solo").await;
    let refused = app.post(&format!("/api/v1/tenants/{tenant}/search-keys"), Some(&admin.access), json!({})).await;
    refused.problem(409);
}

#[tokio::test]
async fn a_lost_index_is_rebuilt_from_postgres() {
    let app = TestApp::spawn_with(&typesense()).await;
    let (_, admin) = app.company("rehacer").await;
    let postings = [
        ("Ingeniero Civil", "Supervisión de obras de edificación."),
        ("Ingeniera de Datos", "Pipelines en Python y SQL."),
        ("Enfermero", "Atención de pacientes en emergencias."),
    ];
    for (title, description) in postings {
        let body = posting(title, description, "Lima", "onsite", "5000");
        let id = app.post("/api/v1/jobs", Some(&admin.access), body).await.body["id"].as_str().unwrap().to_owned();
        app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    }
    settle(&app).await;
    let (before, _) = titles(&app, "q=ingeniero&limit=10").await;
    assert!(before.contains(&"Ingeniero Civil".to_owned()) && !before.contains(&"Enfermero".to_owned()), "{before:?}");

    // The server loses its data: searches say the index is unavailable, never a wrong answer.
    let platform::search::SearchBackend::Typesense(settings) = &app.config.search else { panic!("typesense") };
    let client = platform::search::Typesense::new(settings).unwrap();
    let collection = client.alias_target(&settings.collection).await.unwrap().expect("the alias");
    client.drop_collection(&collection).await.unwrap();
    app.flush_redis().await;
    app.get("/api/v1/jobs/search?q=ingeniero", None).await.problem(503);

    let components = app::startup::compose(&app.config, app::startup::Overrides::default()).await.unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let indexed = components
        .matching
        .rebuild_search_index(&|done, total| seen.lock().unwrap().push((done, total)))
        .await
        .unwrap();
    assert_eq!(indexed, Some(3));
    assert_eq!(seen.lock().unwrap().last(), Some(&(3, 3)), "progress reaches the total");
    assert_eq!(titles(&app, "q=ingeniero&limit=10").await.0, before, "the same answer as before the loss");
    assert_ne!(client.alias_target(&settings.collection).await.unwrap(), Some(collection), "a new collection");
}
