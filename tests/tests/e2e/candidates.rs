//! Candidates for a company's job: only CVs whose owners let companies find them, ranked by the
//! same scorer as recommendations; a withdrawn consent hides a CV at once.

use e2e::TestApp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::matches::{posting, publish_all, ready_cv};

async fn discoverable(app: &TestApp, token: &str, cv: Uuid, on: bool) -> Value {
    let path = format!("/api/v1/cvs/{cv}/discoverability");
    let answer = app.request(reqwest::Method::PUT, &path, Some(token), Some(json!({ "discoverable": on }))).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

async fn candidate_cvs(app: &TestApp, token: &str, job: Uuid) -> Vec<Value> {
    let found = app.get(&format!("/api/v1/jobs/{job}/candidates"), Some(token)).await;
    assert_eq!(found.status, 200, "{}", found.body);
    found.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_company_finds_only_the_cvs_their_owners_let_it_find() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("reclutadora").await;
    let accounting = posting(
        "Analista Contable",
        "Cierres mensuales y estados financieros.",
        &["Contabilidad general", "Estados financieros bajo NIIF"],
        &["Excel avanzado"],
        "hybrid",
    );
    let job = publish_all(&app, &admin, &[accounting]).await[0].1;

    let ana = app.register("ana@example.pe").await;
    let ana_cv = ready_cv(&app, &ana, "cv_0017_es_accounting_docx_textbox.docx").await;
    let sara = app.register("sara@example.pe").await;
    let sara_cv = ready_cv(&app, &sara, "cv_0025_en_teaching_pdf_two_column.pdf").await;
    let luis = app.register("luis@example.pe").await;
    let luis_cv = ready_cv(&app, &luis, "cv_0007_en_accounting_docx_paragraphs.docx").await;

    assert!(candidate_cvs(&app, &admin.access, job).await.is_empty(), "nobody consented yet");

    let granted = discoverable(&app, &ana.access, ana_cv, true).await;
    assert!(granted["discoverable"] == true && granted["discoverable_since"].is_string(), "{granted}");
    discoverable(&app, &sara.access, sara_cv, true).await;
    let found = candidate_cvs(&app, &admin.access, job).await;
    let ids: Vec<&str> = found.iter().map(|c| c["cv_id"].as_str().unwrap()).collect();
    assert_eq!(ids.first(), Some(&ana_cv.to_string().as_str()), "the accountant first: {found:?}");
    assert!(!ids.contains(&luis_cv.to_string().as_str()), "never a CV without consent");
    let first = &found[0];
    assert_eq!(first["source"], "discoverable");
    assert!(first["matching_skills"].as_array().unwrap().iter().any(|s| s["id"] == "accounting"), "{first}");
    assert!(first["explanation"].as_str().unwrap().starts_with("Muestra"), "in the posting's language: {first}");
    if let Some(sara_found) = found.iter().find(|c| c["cv_id"] == sara_cv.to_string()) {
        assert!(sara_found["overall_score"].as_f64() < first["overall_score"].as_f64());
    }

    // Asking again for the state it is in records nothing; withdrawing hides the CV at once.
    discoverable(&app, &ana.access, ana_cv, true).await;
    let withdrawn = discoverable(&app, &ana.access, ana_cv, false).await;
    assert!(withdrawn["discoverable"] == false && withdrawn["discoverable_since"].is_null());
    let after = candidate_cvs(&app, &admin.access, job).await;
    assert!(after.iter().all(|c| c["cv_id"] != ana_cv.to_string()), "{after:?}");
    let consents = app.owner_count("SELECT count(*) AS count FROM cv.consents WHERE cv_id = $1", Some(ana_cv)).await;
    assert_eq!(consents, 2, "one grant and one withdrawal, each recorded");

    // A company reads a discoverable CV only through its ranking, never as its owner does.
    discoverable(&app, &sara.access, sara_cv, true).await;
    app.get(&format!("/api/v1/cvs/{sara_cv}"), Some(&admin.access)).await.problem(404);
    app.get(&format!("/api/v1/cvs/{sara_cv}/file"), Some(&admin.access)).await.problem(404);
    // Another company cannot rank this company's job; a person outside any company cannot rank.
    let (_, rival) = app.company("rival").await;
    app.get(&format!("/api/v1/jobs/{job}/candidates"), Some(&rival.access)).await.problem(404);
    app.get(&format!("/api/v1/jobs/{job}/candidates"), Some(&luis.access)).await.problem(403);
    app.get(&format!("/api/v1/jobs/{job}/candidates?limit=0"), Some(&admin.access)).await.problem(422);
}

#[derive(diesel::QueryableByName)]
struct Seen {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    cvs: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    skills: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    updated: i64,
}

/// What the application role sees of the CV tables acting in `tenant` as `user`, and how many
/// rows an attempt to take the CV over changes.
async fn seen_from(app: &TestApp, tenant: Option<Uuid>, user: Uuid, cv: Uuid) -> (i64, i64, i64) {
    use diesel_async::{AsyncConnection, RunQueryDsl};
    let mut conn = app.app_connection().await;
    let context = "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), \
                   set_config('app.role', 'recruiter', true)";
    let seen: Seen = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(context)
                .bind::<diesel::sql_types::Text, _>(tenant.map(|t| t.to_string()).unwrap_or_default())
                .bind::<diesel::sql_types::Text, _>(user.to_string())
                .execute(conn)
                .await?;
            diesel::sql_query(
                "WITH taken AS (UPDATE cv.cvs SET discoverable_since = now() WHERE id = $1 RETURNING 1) \
                 SELECT (SELECT count(*) FROM cv.cvs WHERE id = $1) AS cvs, \
                        (SELECT count(*) FROM cv.skills WHERE cv_id = $1) AS skills, \
                        (SELECT count(*) FROM taken) AS updated",
            )
            .bind::<diesel::sql_types::Uuid, _>(cv)
            .get_result(conn)
            .await
        })
        .await
        .unwrap();
    (seen.cvs, seen.skills, seen.updated)
}

#[tokio::test]
async fn row_level_security_shows_a_cv_to_companies_only_while_it_is_discoverable() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("mirona").await;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, "cv_0017_es_accounting_docx_textbox.docx").await;

    assert_eq!(seen_from(&app, Some(tenant), admin.id, cv).await, (0, 0, 0), "private: a company sees nothing");
    discoverable(&app, &ana.access, cv, true).await;
    let (cvs, skills, updated) = seen_from(&app, Some(tenant), admin.id, cv).await;
    assert!(cvs == 1 && skills > 0, "discoverable: a company reads it");
    assert_eq!(updated, 0, "but can never change it");
    let bob = app.register("bob@example.pe").await;
    assert_eq!(seen_from(&app, None, bob.id, cv).await, (0, 0, 0), "a person outside any company sees nothing");
    discoverable(&app, &ana.access, cv, false).await;
    assert_eq!(seen_from(&app, Some(tenant), admin.id, cv).await, (0, 0, 0), "withdrawn: hidden again");
}
