//! Applications and the hiring pipeline: a person applies with a CV (screened at once, shared
//! with that company only), the company moves the application through its stages with history,
//! notes and mails, and nobody else (another company, the candidate for the company's own marks)
//! sees what is not theirs.

use e2e::{Account, PASSWORD, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::matches::{posting, publish_all, ready_cv};

pub(crate) const ACCOUNTANT_CV: &str = "cv_0017_es_accounting_docx_textbox.docx";
const TEACHER_CV: &str = "cv_0025_en_teaching_pdf_two_column.pdf";

pub(crate) fn accounting_job() -> Value {
    posting(
        "Analista Contable",
        "Cierres mensuales, conciliaciones y estados financieros para una empresa de consumo masivo.",
        &["Contabilidad general", "Estados financieros bajo NIIF"],
        &["Excel avanzado"],
        "hybrid",
    )
}

/// What the fixture's truth file says about the person in a CV.
pub(crate) fn truth(name: &str) -> Value {
    let path = format!("{}/fixtures/cvs/{}.json", env!("CARGO_MANIFEST_DIR"), name.rsplit_once('.').unwrap().0);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub(crate) fn id_of(body: &Value) -> Uuid {
    body["id"].as_str().unwrap().parse().unwrap()
}

pub(crate) async fn apply(app: &TestApp, person: &Account, job: Uuid, cv: Uuid, key: Option<&str>) -> e2e::Response {
    let mut request =
        app.client.post(format!("{}/api/v1/jobs/{job}/applications", app.base)).bearer_auth(&person.access).json(
            &json!({ "cv_id": cv, "cover_letter": "Me interesa el puesto: llevo seis años en cierres contables." }),
        );
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    TestApp::read(request.send().await.unwrap()).await
}

pub(crate) async fn change(app: &TestApp, who: &Account, application: Uuid, body: Value) -> Value {
    let changed = app.patch(&format!("/api/v1/applications/{application}"), Some(&who.access), body).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    changed.body
}

#[tokio::test]
async fn a_candidate_applies_and_the_company_runs_its_pipeline() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("contadores").await;
    let job = publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, ACCOUNTANT_CV).await;
    let private_cv = ready_cv(&app, &ana, TEACHER_CV).await;

    // Applying: 201 with the screening; the same key answers the same application; a second
    // application to the job is refused until the first is withdrawn.
    let applied = apply(&app, &ana, job, cv, Some("ana-apply-1")).await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    let id = id_of(&applied.body);
    assert_eq!(applied.body["status"], "active");
    assert_eq!(applied.body["stage"], "applied");
    assert_eq!(applied.body["job_title"], "Analista Contable");
    assert!(applied.body["score"].as_f64().unwrap() > 0.3, "an accountant fits: {}", applied.body);
    let again = apply(&app, &ana, job, cv, Some("ana-apply-1")).await;
    assert_eq!((again.status, id_of(&again.body)), (200, id), "{}", again.body);
    apply(&app, &ana, job, cv, None).await.problem(409);
    apply(&app, &ana, job, Uuid::now_v7(), None).await.problem(404);

    // The company's list: the application with its screening, the counts per stage.
    let listed = app.get(&format!("/api/v1/jobs/{job}/applications"), Some(&admin.access)).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let item = &listed.body["items"][0];
    assert_eq!(item["id"], id.to_string());
    assert_eq!(item["candidate"]["full_name"], truth(ACCOUNTANT_CV)["contact"]["full_name"]);
    assert!(item["screening"]["matching_skills"].as_array().unwrap().iter().any(|s| s["id"] == "accounting"));
    assert_eq!(listed.body["stages"][0], json!({ "stage": "applied", "name": "Postulación", "active": 1 }));
    assert_eq!(listed.body["total"], 1);

    // Moves with history and a mail in the candidate's language; the company's own marks.
    let moved = change(&app, &admin, id, json!({ "stage": "screening" })).await;
    assert_eq!(moved["stage"], "screening");
    let history: Vec<&str> =
        moved["history"].as_array().unwrap().iter().map(|h| h["to_stage"].as_str().unwrap()).collect();
    assert_eq!(history, ["applied", "screening"]);
    assert_eq!(moved["history"][1]["actor_id"], admin.id.to_string());
    let mail = app.mailbox.wait_for("ana@example.pe", "avanzó", 1).await;
    assert!(
        mail[0].body.contains("Evaluación inicial") && mail[0].body.contains("Empresa contadores"),
        "{}",
        mail[0].body
    );
    let marked = change(
        &app,
        &admin,
        id,
        json!({ "rating": 4, "tags": ["niif", "top", "niif"], "assigned_recruiter": admin.id }),
    )
    .await;
    assert_eq!((marked["rating"].clone(), marked["tags"].clone()), (json!(4), json!(["niif", "top"])));
    assert_eq!(marked["assigned_recruiter"], admin.id.to_string());
    app.patch(&format!("/api/v1/applications/{id}"), Some(&admin.access), json!({ "rating": 6 })).await.problem(422);
    let refused = |body: Value, status: u16| {
        let (app, token) = (&app, admin.access.clone());
        async move { app.patch(&format!("/api/v1/applications/{id}"), Some(&token), body).await.problem(status).clone() }
    };
    refused(json!({ "stage": "nowhere" }), 409).await;
    refused(json!({ "rejection": { "note": "x" } }), 422).await;
    refused(json!({ "assigned_recruiter": ana.id }), 409).await;
    refused(json!({ "tags": [""] }), 422).await;
    let noted = app
        .post(
            &format!("/api/v1/applications/{id}/notes"),
            Some(&admin.access),
            json!({ "body": "Muy sólida en NIIF; pedir referencias." }),
        )
        .await;
    assert_eq!(noted.status, 201, "{}", noted.body);
    assert_eq!(noted.body["author_id"], admin.id.to_string());
    let notes = app.get(&format!("/api/v1/applications/{id}/notes"), Some(&admin.access)).await;
    assert_eq!(notes.body["items"][0]["body"], "Muy sólida en NIIF; pedir referencias.");
    let filtered = app
        .get(&format!("/api/v1/jobs/{job}/applications?tag=top&stage=screening&q=contab"), Some(&admin.access))
        .await;
    assert_eq!(filtered.body["items"].as_array().unwrap().len(), 1, "{}", filtered.body);
    let none = app.get(&format!("/api/v1/jobs/{job}/applications?stage=offer"), Some(&admin.access)).await;
    assert!(none.body["items"].as_array().unwrap().is_empty());

    // The candidate sees where it is and how it got there, never the company's marks or notes.
    let mine = app.get("/api/v1/me/applications", Some(&ana.access)).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let text = mine.body.to_string();
    assert_eq!(mine.body["items"][0]["stage"], "screening");
    assert_eq!(mine.body["items"][0]["history"].as_array().unwrap().len(), 2);
    for private in ["rating", "tags", "niif", "NIIF; pedir", "assigned_recruiter", "actor_id", &admin.id.to_string()] {
        assert!(!text.contains(private), "the candidate sees {private}: {text}");
    }
    app.get(&format!("/api/v1/applications/{id}"), Some(&ana.access)).await.problem(403);
    app.get(&format!("/api/v1/applications/{id}/notes"), Some(&ana.access)).await.problem(403);

    // The shared CV: readable and downloadable by the company; the person's other CV is not.
    let shared = app.get(&format!("/api/v1/applications/{id}/cv"), Some(&admin.access)).await;
    assert_eq!((shared.status, shared.body["id"].clone()), (200, json!(cv.to_string())), "{}", shared.body);
    let file = app
        .client
        .get(format!("{}/api/v1/applications/{id}/cv/file", app.base))
        .bearer_auth(&admin.access)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let original = std::fs::read(format!("{}/fixtures/cvs/{ACCOUNTANT_CV}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(file.bytes().await.unwrap().as_ref(), original.as_slice());
    let visible = |cv: Uuid| {
        let app = &app;
        async move {
            crate::hiring_attacks::seen_as(
                app,
                Some(tenant),
                admin.id,
                "SELECT count(*) AS count FROM cv.cvs WHERE id = $1",
                cv,
            )
            .await
        }
    };
    assert_eq!(visible(cv).await, 1);
    assert_eq!(visible(private_cv).await, 0, "the other CV stays private");

    // Rejection with the company's own words, reconsideration, then the candidate withdraws.
    let template = app
        .post(
            &format!("/api/v1/tenants/{tenant}/message-templates"),
            Some(&admin.access),
            json!({ "name": "Rechazo", "stage": "rejected", "locale": "es",
                    "subject": "{{job_title}}: gracias, {{candidate_name}}", "body": "Seguiremos en contacto. {{company_name}}" }),
        )
        .await;
    assert_eq!(template.status, 201, "{}", template.body);
    let rejected =
        change(&app, &admin, id, json!({ "rejection": { "reason": "experience", "note": "Pocos años en cierres." } }))
            .await;
    assert_eq!((rejected["status"].clone(), rejected["stage"].clone()), (json!("rejected"), json!("screening")));
    app.mailbox.wait_for("ana@example.pe", "Analista Contable: gracias", 1).await;
    let reconsidered = change(&app, &admin, id, json!({ "stage": "interview" })).await;
    assert_eq!(
        (reconsidered["status"].clone(), reconsidered["rejection_reason"].clone()),
        (json!("active"), Value::Null)
    );
    let withdrawn = app.post(&format!("/api/v1/me/applications/{id}/withdraw"), Some(&ana.access), json!({})).await;
    assert_eq!(withdrawn.body["status"], "withdrawn", "{}", withdrawn.body);
    app.post(&format!("/api/v1/me/applications/{id}/withdraw"), Some(&ana.access), json!({})).await.problem(409);
    app.patch(&format!("/api/v1/applications/{id}"), Some(&admin.access), json!({ "stage": "offer" }))
        .await
        .problem(409);
    app.get(&format!("/api/v1/applications/{id}/cv"), Some(&admin.access)).await.problem(404);
    assert_eq!(visible(cv).await, 0, "withdrawing ends the sharing");
    let reapplied = apply(&app, &ana, job, cv, None).await;
    assert_eq!(reapplied.status, 201, "{}", reapplied.body);

    // The person's data export holds both applications, as they see them.
    let export = app.get("/api/v1/me/data-export", Some(&ana.access)).await;
    let exported = export.body["data"]["hiring"]["applications"].as_array().unwrap();
    assert_eq!(exported.len(), 2, "{}", export.body["data"]["hiring"]);
    assert!(!export.body["data"]["hiring"].to_string().contains("NIIF; pedir"), "never the company's notes");

    // The application is filed in its month's partition.
    let month = chrono::Utc::now().format("%Y_%m").to_string();
    let in_partition = app
        .owner_count(&format!("SELECT count(*) AS count FROM hiring.applications_{month} WHERE id = $1"), Some(id))
        .await;
    assert_eq!(in_partition, 1);
}

#[tokio::test]
async fn blind_review_hides_who_applied_until_the_reveal_stage() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("ciega").await;
    let settings = app
        .patch(
            &format!("/api/v1/tenants/{tenant}/hiring-settings"),
            Some(&admin.access),
            json!({ "blind_review": true }),
        )
        .await;
    assert_eq!(settings.body, json!({ "blind_review": true, "reveal_stage": "interview" }), "{}", settings.body);
    let job = publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, ACCOUNTANT_CV).await;
    let id = id_of(&apply(&app, &ana, job, cv, None).await.body);

    let person = truth(ACCOUNTANT_CV)["contact"].clone();
    let full_name = person["full_name"].as_str().unwrap();
    let mut secrets: Vec<String> = full_name.split_whitespace().map(str::to_owned).collect();
    secrets.extend([
        person["email"].as_str().unwrap().to_owned(),
        // The phone in its forms, whole: a bare prefix such as "954" also turns up inside random ids.
        "954558004".into(),
        "954-558-004".into(),
        "954 558 004".into(),
        "linkedin".into(),
        "ana@example.pe".into(),
        ana.id.to_string(),
    ]);
    let assert_hidden = |where_: &str, text: &str| {
        for secret in &secrets {
            assert!(!text.to_lowercase().contains(&secret.to_lowercase()), "{where_} leaks {secret}: {text}");
        }
    };
    let list = app.get(&format!("/api/v1/jobs/{job}/applications"), Some(&admin.access)).await;
    assert_eq!(list.body["items"][0]["candidate"]["identity_hidden"], true);
    assert!(list.body["items"][0]["candidate"]["display_name"].as_str().unwrap().starts_with("Candidato "));
    assert_hidden("the list", &list.body.to_string());
    let detail = app.get(&format!("/api/v1/applications/{id}"), Some(&admin.access)).await;
    assert_hidden("the detail", &detail.body.to_string());
    let timeline = app.get(&format!("/api/v1/applications/{id}/timeline"), Some(&admin.access)).await;
    assert_hidden("the timeline", &timeline.body.to_string());
    let shared = app.get(&format!("/api/v1/applications/{id}/cv"), Some(&admin.access)).await;
    assert_eq!(shared.status, 200, "{}", shared.body);
    assert_hidden("the CV", &shared.body.to_string());
    assert!(shared.body.to_string().to_lowercase().contains("contab"), "the work stays: {}", shared.body);
    let export = app.get(&format!("/api/v1/jobs/{job}/applications/export"), Some(&admin.access)).await;
    assert_eq!(export.status, 200);
    assert_hidden("the export", export.body.as_str().unwrap());
    let surname = full_name.split_whitespace().nth(1).unwrap();
    let by_name = app.get(&format!("/api/v1/jobs/{job}/applications?q={surname}"), Some(&admin.access)).await;
    assert!(by_name.body["items"].as_array().unwrap().is_empty(), "the name is not searchable: {}", by_name.body);
    app.get(&format!("/api/v1/applications/{id}/cv/file"), Some(&admin.access)).await.problem(409);

    // From the reveal stage on, the company sees (and finds) who it is.
    change(&app, &admin, id, json!({ "stage": "interview" })).await;
    let by_name = app.get(&format!("/api/v1/jobs/{job}/applications?q={surname}"), Some(&admin.access)).await;
    assert_eq!(by_name.body["items"][0]["candidate"]["full_name"], full_name, "{}", by_name.body);
    let file = app
        .client
        .get(format!("{}/api/v1/applications/{id}/cv/file", app.base))
        .bearer_auth(&admin.access)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
}

#[tokio::test]
async fn pipelines_bulk_moves_and_account_deletion() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("masivo").await;
    let job = publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let ana = app.register("ana@example.pe").await;
    let luis = app.register("luis@example.pe").await;
    let ana_app = id_of(&apply(&app, &ana, job, ready_cv(&app, &ana, ACCOUNTANT_CV).await, None).await.body);
    let luis_app = id_of(&apply(&app, &luis, job, ready_cv(&app, &luis, TEACHER_CV).await, None).await.body);

    // The company reshapes the pipeline: renamed, added, reordered, removed.
    let pipeline = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/jobs/{job}/pipeline"),
            Some(&admin.access),
            Some(json!({ "applied_name": "Recibidas", "stages": [
                { "name": "Llamada con RR. HH." },
                { "key": "technical", "name": "Caso práctico" },
                { "key": "interview", "name": "Entrevista final" }
            ] })),
        )
        .await;
    assert_eq!(pipeline.status, 200, "{}", pipeline.body);
    let keys: Vec<&str> =
        pipeline.body["stages"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["applied", "llamada_con_rr_hh", "technical", "interview", "hired"]);
    assert_eq!(pipeline.body["stages"][0]["name"], "Recibidas");
    let put = |body: Value| {
        let app = &app;
        let token = admin.access.clone();
        async move {
            app.request(reqwest::Method::PUT, &format!("/api/v1/jobs/{job}/pipeline"), Some(&token), Some(body)).await
        }
    };
    put(json!({ "stages": [{ "key": "screening", "name": "X" }] })).await.problem(409);
    put(json!({ "stages": [{ "key": "technical", "name": "A" }, { "key": "technical", "name": "B" }] }))
        .await
        .problem(409);
    put(json!({ "applied_name": " ", "stages": [] })).await.problem(422);
    put(json!({ "stages": [] })).await;
    let listed = app.get(&format!("/api/v1/jobs/{job}/pipeline"), Some(&admin.access)).await;
    assert_eq!(listed.body["stages"].as_array().unwrap().len(), 2, "nobody was at the removed stages");
    put(json!({ "stages": [{ "name": "Entrevista" }] })).await;
    change(&app, &admin, ana_app, json!({ "stage": "entrevista" })).await;
    let busy = put(json!({ "stages": [] })).await;
    busy.problem(409);

    // Bulk: a foreign id and a closed application are reported, the rest moves.
    let (_, rival) = app.company("rival").await;
    let rival_job = publish_all(&app, &rival, &[accounting_job()]).await[0].1;
    let rival_app = id_of(&apply(&app, &ana, rival_job, ready_cv(&app, &ana, ACCOUNTANT_CV).await, None).await.body);
    let bulk = app
        .post(
            &format!("/api/v1/jobs/{job}/applications/bulk"),
            Some(&admin.access),
            json!({ "application_ids": [ana_app, luis_app, rival_app], "action": "reject", "rejection_reason": "position_filled" }),
        )
        .await;
    assert_eq!(bulk.status, 200, "{}", bulk.body);
    assert_eq!(bulk.body["changed"].as_array().unwrap().len(), 2, "{}", bulk.body);
    assert_eq!(bulk.body["skipped"][0]["application_id"], rival_app.to_string());
    app.mailbox.wait_for("luis@example.pe", "Sobre tu postulación", 1).await;
    let rival_view = app.get(&format!("/api/v1/applications/{rival_app}"), Some(&rival.access)).await;
    assert_eq!(rival_view.body["status"], "active", "another company's application is untouched");
    let counts = app.get(&format!("/api/v1/jobs/{job}/applications?status=rejected"), Some(&admin.access)).await;
    assert_eq!((counts.body["rejected"].clone(), counts.body["items"].as_array().unwrap().len()), (json!(2), 2));

    // Deleting the account withdraws the person's active applications and ends the sharing.
    let deleted = app.delete("/api/v1/me", Some(&ana.access), Some(json!({ "password": PASSWORD }))).await;
    assert_eq!(deleted.status, 202, "{}", deleted.body);
    let mut status = Value::Null;
    for _ in 0..100 {
        status =
            app.get(&format!("/api/v1/applications/{rival_app}"), Some(&rival.access)).await.body["status"].clone();
        if status == "withdrawn" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "withdrawn");
    app.get(&format!("/api/v1/applications/{rival_app}/cv"), Some(&rival.access)).await.problem(404);
}
