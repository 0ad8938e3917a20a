//! Searching the job board on Postgres: accent- and case-insensitive, stemmed, typo tolerant,
//! filtered, faceted and paged; only what is published.

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

/// Waits for the postings' vectors, for the meaning half of the search.
async fn wait_for_vectors(app: &TestApp, postings: i64) {
    for _ in 0..600 {
        if app.owner_count("SELECT count(*) AS count FROM matching.job_embeddings", None).await == postings {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the postings' vectors were not made within 60 s");
}

#[tokio::test]
async fn the_board_finds_jobs_the_way_people_type() {
    let app = TestApp::spawn().await;
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

    wait_for_vectors(&app, 4).await;

    let (found, body) = titles(&app, "q=ingeniero%20de%20datos").await;
    assert_eq!(found.first().map(String::as_str), Some("Ingeniera de Datos"), "stemmed, any gender: {body}");
    assert!(body["items"][0]["highlights"]["title"].as_str().unwrap().contains("<mark>"), "{body}");
    let (found, _) = titles(&app, "q=contavilidad").await;
    assert_eq!(found, vec!["Analista de Contabilidad"], "one wrong letter");
    let (found, _) = titles(&app, "q=desarrolador").await;
    assert_eq!(found, vec!["Desarrollador Backend"]);
    let (found, _) = titles(&app, "q=CONTABILIDAD%20niif").await;
    assert_eq!(found, vec!["Analista de Contabilidad"], "capitals and accents do not matter");
    let (found, _) = titles(&app, "q=accounting").await;
    assert_eq!(
        found,
        vec!["Analista de Contabilidad"],
        "English words reach Spanish postings through canonical skills"
    );
    let (found, body) = titles(&app, "q=programador%20python").await;
    assert!(found.contains(&"Desarrollador Backend".to_owned()), "by meaning, no shared word: {body}");
    assert!(!found.contains(&"Analista de Contabilidad".to_owned()), "{found:?}");
    let (found, _) = titles(&app, "q=enfermera").await;
    assert!(found.is_empty(), "drafts are never found: {found:?}");

    let (found, body) = titles(&app, "").await;
    assert_eq!((found.len(), body["total"].as_i64()), (3, Some(3)));
    let cities: Vec<(&str, i64)> = body["facets"]["city"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(cities[0], ("Lima", 2), "{cities:?}");
    assert_eq!(body["facets"]["remote_policy"].as_array().unwrap().len(), 3);

    let (found, _) = titles(&app, "city=lima&remote=remote").await;
    assert_eq!(found, vec!["Ingeniera de Datos"]);
    let (found, _) = titles(&app, "salary_min=5000&sort=salary").await;
    assert_eq!(found, vec!["Ingeniera de Datos", "Desarrollador Backend"]);

    let (first, page) = titles(&app, "limit=2&sort=recent").await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let (second, last) = titles(&app, &format!("limit=2&sort=recent&cursor={cursor}")).await;
    assert_eq!((first.len(), second.len()), (2, 1));
    assert!(last["next_cursor"].is_null() && !first.contains(&second[0]));

    // A cached answer goes stale the moment the board changes.
    let (before, _) = titles(&app, "q=contabilidad").await;
    assert_eq!(titles(&app, "q=contabilidad").await.0, before);
    assert!(app.redis_keys().await.iter().any(|k| k.contains("matching:search:")), "the answer is cached");
    let newer = posting("Contador General", "Contabilidad general y cierres.", "Lima", "onsite", "7000");
    let id = app.post("/api/v1/jobs", Some(&admin.access), newer).await.body["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    let (after, _) = titles(&app, "q=contabilidad").await;
    assert!(after.contains(&"Contador General".to_owned()), "{after:?}");

    app.get("/api/v1/jobs/search?country=pe", None).await.problem(422);
    app.get("/api/v1/jobs/search?salary_min=1e3", None).await.problem(422);
}
