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

/// The facets of a search, as sorted (facet, value, count) triples, and its total.
fn facets_of(body: &Value) -> (Vec<(String, String, i64)>, i64) {
    let mut facets: Vec<(String, String, i64)> =
        body["facets"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(facet, values)| {
                values.as_array().unwrap().iter().map(move |v| {
                    (facet.clone(), v["value"].as_str().unwrap().to_owned(), v["count"].as_i64().unwrap())
                })
            })
            .collect();
    facets.sort();
    (facets, body["total"].as_i64().unwrap())
}

/// The job list's facets come from the counts the board keeps: they must be what counting every
/// posting gives (a filter that passes them all takes that path), through publishing, a changed
/// city, an expiry the hourly sweep has not seen yet, a closing and the fold.
#[tokio::test]
async fn the_job_list_s_kept_facet_counts_are_a_full_count() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("conteos").await;
    let mut ids = Vec::new();
    for (title, city, remote, salary) in [
        ("Contador", "Lima", "onsite", Some("1500")),
        ("Analista", "Lima", "hybrid", Some("4000")),
        ("Ingeniera", "Arequipa", "remote", Some("12000")),
        ("Enfermero", "Cusco", "onsite", None),
    ] {
        let mut body = posting(title, "Trabajo a tiempo completo.", city, remote, salary.unwrap_or("0"));
        if salary.is_none() {
            body.as_object_mut().unwrap().remove("salary_min");
        }
        let id = app.post("/api/v1/jobs", Some(&admin.access), body).await.body["id"].as_str().unwrap().to_owned();
        app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
        ids.push(id);
    }
    // Each comparison asks anew (a different limit): the board's version does not change when
    // only time passes.
    let mut asked = 0;
    let mut agree = |expected_total: i64| {
        asked += 1;
        let (list, counted) = (format!("limit={asked}"), format!("limit={asked}&posted_within_days=365"));
        let app = &app;
        async move {
            let (_, kept) = titles(app, &list).await;
            let (_, full) = titles(app, &counted).await;
            assert_eq!(facets_of(&kept), facets_of(&full));
            assert_eq!(facets_of(&kept).1, expected_total, "{kept}");
            facets_of(&kept).0
        }
    };
    let facets = agree(4).await;
    assert!(facets.contains(&("salary".into(), "undisclosed".into(), 1)), "{facets:?}");
    assert!(facets.contains(&("salary".into(), "10000+".into(), 1)), "{facets:?}");

    let moved =
        app.patch(&format!("/api/v1/jobs/{}", ids[0]), Some(&admin.access), json!({"location_city": "Piura"})).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let facets = agree(4).await;
    assert!(
        facets.contains(&("city".into(), "Piura".into(), 1)) && facets.contains(&("city".into(), "Lima".into(), 1))
    );

    let expired = "UPDATE matching.job_postings SET expires_at = now() - interval '1 minute' WHERE id = $1";
    app.owner_execute(expired, ids[1].parse().unwrap()).await;
    agree(3).await;

    app.post(&format!("/api/v1/jobs/{}/close", ids[2]), Some(&admin.access), json!({"reason": "filled"})).await;
    let facets = agree(2).await;
    assert!(!facets.iter().any(|(_, value, _)| value == "Arequipa"), "{facets:?}");

    app.owner_count("SELECT matching.fold_board_counts() AS count", None).await;
    agree(2).await;
    let rows = app.owner_count("SELECT count(*) AS count FROM matching.board_counts", None).await;
    let values =
        app.owner_count("SELECT count(DISTINCT (facet, value)) AS count FROM matching.board_counts", None).await;
    assert_eq!(rows, values, "folded: one row per facet value");
}

/// The salary facet's buckets are defined twice (Rust for Typesense, SQL for the board's counts):
/// they must agree on every boundary.
#[tokio::test]
async fn the_salary_buckets_agree_in_rust_and_sql() {
    use matching::domain::search::{SALARY_BUCKETS, TOP_SALARY_BUCKET, UNDISCLOSED_SALARY, salary_bucket};
    let app = TestApp::spawn().await;
    let in_sql = "SELECT count(*) AS count FROM (SELECT matching.salary_bucket(NULL) AS bucket) b WHERE bucket = $1";
    assert_eq!(app.owner_count_text(in_sql, UNDISCLOSED_SALARY).await, 1);
    assert_eq!(salary_bucket(None), UNDISCLOSED_SALARY);
    let mut amounts: Vec<i64> = SALARY_BUCKETS.iter().flat_map(|(upper, _)| [upper - 1, *upper]).collect();
    amounts.extend([0, 1_000_000]);
    for amount in amounts {
        let rust = salary_bucket(Some(amount.into()));
        let in_sql = format!(
            "SELECT count(*) AS count FROM (SELECT matching.salary_bucket({amount}) AS bucket) b WHERE bucket = $1"
        );
        assert_eq!(app.owner_count_text(&in_sql, rust).await, 1, "{amount}: Rust says {rust}");
    }
    assert_eq!(salary_bucket(Some(1_000_000.into())), TOP_SALARY_BUCKET);
}
