//! Jobs for a CV: published postings ranked by how well the CV fits them, with the skills that
//! match and those missing, where the CV shows each, an explanation in the CV's language and
//! suggestions; across languages through canonical skills and multilingual vectors.

use std::time::Duration;

use e2e::{Account, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::cvs::{id_of, parsed};

pub(crate) fn posting(title: &str, description: &str, must: &[&str], nice: &[&str], remote: &str) -> Value {
    let requirement = |text: &&str, kind: &str| json!({"text": text, "kind": kind});
    let requirements: Vec<Value> =
        must.iter().map(|t| requirement(t, "must")).chain(nice.iter().map(|t| requirement(t, "nice"))).collect();
    json!({
        "title": title, "description": description, "requirements": requirements,
        "employment_type": "full-time", "remote_policy": remote, "location_city": "Lima"
    })
}

async fn count(app: &TestApp, sql: &str, id: Uuid) -> i64 {
    app.owner_count(sql, Some(id)).await
}

/// Publishes the postings and waits for their vectors; their ids by title.
pub(crate) async fn publish_all(app: &TestApp, admin: &Account, postings: &[Value]) -> Vec<(String, Uuid)> {
    let mut ids = Vec::new();
    for posting in postings {
        let created = app.post("/api/v1/jobs", Some(&admin.access), posting.clone()).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = id_of(&created.body);
        let published = app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
        assert_eq!(published.status, 200, "{}", published.body);
        ids.push((posting["title"].as_str().unwrap().to_owned(), id));
    }
    for (_, id) in &ids {
        for _ in 0..600 {
            if count(app, "SELECT count(*) AS count FROM matching.job_embeddings WHERE job_id = $1", *id).await == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    ids
}

/// Uploads a fixture CV and waits until it is parsed and its whole-CV vector made.
pub(crate) async fn ready_cv(app: &TestApp, account: &Account, name: &str) -> Uuid {
    let file = std::fs::read(format!("{}/fixtures/cvs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let id = id_of(&app.upload("/api/v1/cvs", &account.access, name, &file, &[], None).await.body);
    assert_eq!(parsed(app, &account.access, id).await["parsing_status"], "parsed");
    for _ in 0..600 {
        let whole = "SELECT count(*) AS count FROM cv.cv_embeddings WHERE cv_id = $1 AND section_id IS NULL";
        if count(app, whole, id).await == 1 {
            return id;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the CV's vector was not made within 60 s");
}

#[tokio::test]
async fn a_cv_gets_the_jobs_it_fits_first_with_reasons() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let postings = [
        posting(
            "Analista Contable",
            "Registro de cuentas por pagar, tesorería y presupuestos; análisis financiero mensual.",
            &["Contabilidad general", "Cuentas por pagar"],
            &["Siscont", "Tesorería"],
            "hybrid",
        ),
        posting(
            "Backend Developer",
            "We build APIs in Python with PostgreSQL, deployed with CI/CD on Kubernetes.",
            &["Python", "PostgreSQL"],
            &["Kubernetes", "Git"],
            "remote",
        ),
        posting(
            "Enfermera Asistencial",
            "Atención de pacientes en hospitalización, administración de medicamentos y registros clínicos.",
            &["Cuidado del paciente", "Administración de medicamentos"],
            &[],
            "onsite",
        ),
    ];
    let ids = publish_all(&app, &admin, &postings).await;
    let id_of_title = |title: &str| ids.iter().find(|(t, _)| t == title).unwrap().1.to_string();

    let ana = app.register("ana@example.pe").await;
    let accountant = ready_cv(&app, &ana, "cv_0017_es_accounting_docx_textbox.docx").await;
    let developer = ready_cv(&app, &ana, "cv_0005_es_software_pdf_two_column.pdf").await;

    let matches = app.get(&format!("/api/v1/cvs/{accountant}/matches"), Some(&ana.access)).await;
    assert_eq!(matches.status, 200, "{}", matches.body);
    let list = matches.body.as_array().unwrap();
    let best = &list[0];
    assert_eq!(best["job"]["id"], id_of_title("Analista Contable"), "{:#}", matches.body);
    assert!(best["overall_score"].as_f64().unwrap() > list.last().unwrap()["overall_score"].as_f64().unwrap());
    assert!(!best["matching_skills"].as_array().unwrap().is_empty(), "{best:#}");
    assert!(best["explanation"].as_str().unwrap().contains("habilidades"), "Spanish CV, Spanish words: {best:#}");
    let evidence = best["evidence"].as_array().unwrap();
    assert!(evidence.iter().all(|e| !e["cv_excerpt"].as_str().unwrap().is_empty()), "{best:#}");

    // A Spanish CV meets an English posting through canonical skills and multilingual vectors.
    let matches = app.get(&format!("/api/v1/cvs/{developer}/matches"), Some(&ana.access)).await;
    let best = &matches.body[0];
    assert_eq!(best["job"]["id"], id_of_title("Backend Developer"), "{:#}", matches.body);
    let matched: Vec<&str> =
        best["matching_skills"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(matched.len() >= 2, "{matched:?}");

    let remote_only = app.get(&format!("/api/v1/cvs/{accountant}/matches?remote=remote"), Some(&ana.access)).await;
    assert!(remote_only.body.as_array().unwrap().iter().all(|m| m["job"]["remote_policy"] == "remote"));
    let elsewhere = app.get(&format!("/api/v1/cvs/{accountant}/matches?city=Cusco"), Some(&ana.access)).await;
    assert!(elsewhere.body.as_array().unwrap().is_empty(), "{}", elsewhere.body);

    let bob = app.register("bob@example.pe").await;
    app.get(&format!("/api/v1/cvs/{accountant}/matches"), Some(&bob.access)).await.problem(404);
}

async fn matches_of(app: &TestApp, account: &Account, cv: Uuid) -> Vec<Value> {
    let matches = app.get(&format!("/api/v1/cvs/{cv}/matches"), Some(&account.access)).await;
    assert_eq!(matches.status, 200, "{}", matches.body);
    matches.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn recommendations_are_saved_dismissed_and_rated_and_follow_their_cv() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let postings = [
        posting("Analista Contable", "Cuentas por pagar y tesorería.", &["Contabilidad general"], &[], "hybrid"),
        posting("Asistente de Tesorería", "Flujo de caja y pagos a proveedores.", &["Tesorería"], &[], "onsite"),
    ];
    publish_all(&app, &admin, &postings).await;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, "cv_0017_es_accounting_docx_textbox.docx").await;

    let first = matches_of(&app, &ana, cv).await;
    assert_eq!(first.len(), 2);
    assert!(first.iter().all(|m| m["status"] == "new"));
    let (kept, dropped) = (first[0]["id"].as_str().unwrap(), first[1]["id"].as_str().unwrap());
    assert_eq!(matches_of(&app, &ana, cv).await[0]["id"], first[0]["id"], "the same recommendation keeps its id");
    assert!(app.redis_keys().await.iter().any(|k| k.contains("matching:matches:")), "the scoring is cached");
    // A new posting makes the cached scoring stale at once.
    let newer = posting(
        "Contador Junior",
        "Contabilidad general y cuentas por pagar.",
        &["Contabilidad general"],
        &[],
        "hybrid",
    );
    let newer_id = publish_all(&app, &admin, &[newer]).await[0].1;
    let refreshed = matches_of(&app, &ana, cv).await;
    assert!(refreshed.iter().any(|m| m["job"]["id"] == newer_id.to_string()), "{refreshed:?}");
    app.post(&format!("/api/v1/jobs/{newer_id}/close"), Some(&admin.access), json!({"reason": "removed"})).await;
    assert_eq!(matches_of(&app, &ana, cv).await.len(), 2, "closed: no longer recommended");

    let saved = app.post(&format!("/api/v1/matches/{kept}/save"), Some(&ana.access), json!({})).await;
    assert_eq!(saved.body["status"], "saved", "{}", saved.body);
    let rated = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/matches/{kept}/rating"),
            Some(&ana.access),
            Some(json!({"rating": 4})),
        )
        .await;
    assert_eq!(rated.body["rating"], 4, "{}", rated.body);
    app.request(
        reqwest::Method::PUT,
        &format!("/api/v1/matches/{kept}/rating"),
        Some(&ana.access),
        Some(json!({"rating": 6})),
    )
    .await
    .problem(422);
    let bob = app.register("bob@example.pe").await;
    app.post(&format!("/api/v1/matches/{kept}/dismiss"), Some(&bob.access), json!({})).await.problem(404);

    app.post(&format!("/api/v1/matches/{dropped}/dismiss"), Some(&ana.access), json!({})).await;
    let after = matches_of(&app, &ana, cv).await;
    assert_eq!(after.len(), 1, "a dismissed job does not come back for this CV");
    assert_eq!((after[0]["status"].as_str(), after[0]["rating"].as_i64()), (Some("saved"), Some(4)));

    // Deleting the CV takes its recommendations with it (through the cv.deleted event).
    assert_eq!(app.delete(&format!("/api/v1/cvs/{cv}"), Some(&ana.access), None).await.status, 204);
    for _ in 0..100 {
        if count(&app, "SELECT count(*) AS count FROM matching.matches WHERE cv_id = $1", cv).await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the deleted CV's matches are still there after 10 s");
}

#[tokio::test]
async fn insights_read_the_market_for_the_cvs_title() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let analyst = |salary: &str, must: &[&str], city: &str| {
        let mut body = posting("Analista Financiero", "Análisis financiero y presupuestos.", must, &[], "hybrid");
        body["salary_min"] = json!(salary);
        body["location_city"] = json!(city);
        body
    };
    let postings = [
        analyst("4000", &["Power BI", "Análisis financiero"], "Lima"),
        analyst("5000", &["Power BI", "SAP FI"], "Lima"),
        analyst("6000", &["Power BI", "Presupuestos"], "Arequipa"),
        posting("Enfermera", "Atención de pacientes.", &["Cuidado del paciente"], &[], "onsite"),
    ];
    for posting in &postings {
        let id = id_of(&app.post("/api/v1/jobs", Some(&admin.access), posting.clone()).await.body);
        app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
    }
    let ana = app.register("ana@example.pe").await;
    let file =
        std::fs::read(format!("{}/fixtures/cvs/cv_0017_es_accounting_docx_textbox.docx", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let cv = id_of(&app.upload("/api/v1/cvs", &ana.access, "cv.docx", &file, &[], None).await.body);
    parsed(&app, &ana.access, cv).await;

    let insights = app.get(&format!("/api/v1/cvs/{cv}/insights"), Some(&ana.access)).await;
    assert_eq!(insights.status, 200, "{}", insights.body);
    let body = &insights.body;
    assert_eq!(body["market_title"], "Financial Analyst", "{body:#}");
    assert!(body["city"].is_null(), "two postings in Lima are too few: every city counts: {body:#}");
    assert_eq!(body["postings"], 3);
    let missing = body["missing_skills"].as_array().unwrap();
    assert_eq!(missing[0]["name"], "Power BI", "{body:#}");
    assert_eq!((missing[0]["postings"].as_i64(), missing[0]["share"].as_f64()), (Some(3), Some(1.0)));
    assert!(body["strengths"].as_array().unwrap().iter().any(|s| s["id"] == "financial-analysis"), "{body:#}");
    let pay = &body["pay"][0];
    assert_eq!((pay["currency"].as_str(), pay["p50"].as_f64()), (Some("PEN"), Some(5000.0)));
    app.get(&format!("/api/v1/cvs/{cv}/insights"), Some(&app.register("bob@example.pe").await.access))
        .await
        .problem(404);
}
