//! A company's own candidates (people without an account): added by a recruiter once per email
//! and phone, their CV read by the same parser as anyone's, screened when added to a job, moved
//! and written to through the pipeline, hidden by blind review, erased with everything of theirs,
//! and nobody else's to see.

use std::time::Duration;

use e2e::TestApp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::applications::{ACCOUNTANT_CV, accounting_job, change, id_of, truth};
use crate::hiring_attacks::seen_as;
use crate::matches::publish_all;

fn candidates(tenant: Uuid) -> String {
    format!("/api/v1/tenants/{tenant}/candidates")
}

/// Sends the fixture `name` as the candidate's CV and waits until it is read.
async fn read_cv(app: &TestApp, token: &str, tenant: Uuid, candidate: Uuid, name: &str) -> Value {
    let file = std::fs::read(format!("{}/fixtures/cvs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let sent = app.upload(&format!("{}/{candidate}/cv", candidates(tenant)), token, name, &file, &[], None).await;
    assert_eq!((sent.status, sent.body["cv"]["status"].clone()), (202, json!("pending")), "{}", sent.body);
    for _ in 0..600 {
        let read = app.get(&format!("{}/{candidate}", candidates(tenant)), Some(token)).await;
        if read.body["cv"]["status"] != "pending" {
            return read.body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the candidate's CV was not read within 60 s");
}

#[tokio::test]
async fn a_recruiter_adds_a_candidate_without_an_account_and_hires_through_the_pipeline() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("referidos").await;
    let recruiter = app.member(&admin, tenant, "reclutadora@referidos.pe", "recruiter").await;
    let job = publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let add = |body: Value| {
        let (app, token) = (&app, recruiter.access.clone());
        async move { app.post(&candidates(tenant), Some(&token), body).await }
    };

    // One candidate per email and per phone, however they are written.
    let added = add(json!({ "full_name": "Rosa Quispe Mamani", "email": "Rosa.Quispe@Correo.PE",
                            "phone": "987 654 321", "source": "referral" }))
    .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let rosa = id_of(&added.body);
    assert_eq!(
        (added.body["email"].clone(), added.body["phone"].clone(), added.body["cv"].clone()),
        (json!("rosa.quispe@correo.pe"), json!("+51987654321"), Value::Null)
    );
    assert_eq!(added.body["added_by"], recruiter.id.to_string());
    let by_email = add(json!({ "full_name": "Rosa Q.", "email": "ROSA.QUISPE@correo.pe", "source": "linkedin" })).await;
    assert_eq!((by_email.status, id_of(&by_email.body)), (200, rosa), "{}", by_email.body);
    assert_eq!(by_email.body["source"], "referral", "the first source stays");
    let by_phone = add(json!({ "full_name": "Rosa", "phone": "+51 987-654-321", "source": "agency",
                               "headline": "Contadora general" }))
    .await;
    assert_eq!((by_phone.status, id_of(&by_phone.body)), (200, rosa), "{}", by_phone.body);
    assert_eq!(by_phone.body["headline"], "Contadora general", "what was missing is filled in");
    let luis = add(json!({ "full_name": "Luis Rojas", "email": "luis@correo.pe", "source": "career_fair" })).await;
    assert_eq!(luis.status, 201, "{}", luis.body);
    add(json!({ "full_name": "¿?", "email": "luis@correo.pe", "phone": "987654321", "source": "other" }))
        .await
        .problem(409);
    add(json!({ "full_name": "Sin contacto", "source": "other" })).await.problem(422);
    add(json!({ "full_name": "Mal teléfono", "phone": "llámame", "source": "other" })).await.problem(422);
    add(json!({ "full_name": "Mal correo", "email": "rosa@", "source": "other" })).await.problem(422);
    add(json!({ "full_name": "  ", "email": "x@y.pe", "source": "other" })).await.problem(422);

    // Her CV is read by the same parser as anyone's.
    let read = read_cv(&app, &recruiter.access, tenant, rosa, ACCOUNTANT_CV).await;
    assert_eq!(read["cv"]["status"], "parsed", "{read}");
    assert!(read["cv"]["skills"].as_array().unwrap().len() >= 3, "{read}");
    let found = app.get(&format!("{}?q=quispe", candidates(tenant)), Some(&recruiter.access)).await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1, "{}", found.body);
    let none = app.get(&format!("{}?q=zzz", candidates(tenant)), Some(&recruiter.access)).await;
    assert!(none.body["items"].as_array().unwrap().is_empty());

    // Added to the job: screened like an applicant, the source of hire hers.
    let path = format!("{}/{rosa}/applications", candidates(tenant));
    let applied = app.post(&path, Some(&recruiter.access), json!({ "job_id": job })).await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    let application = id_of(&applied.body);
    assert_eq!((applied.body["source"].clone(), applied.body["stage"].clone()), (json!("referral"), json!("applied")));
    assert_eq!(applied.body["candidate"]["candidate_id"], rosa.to_string());
    assert!(applied.body["score"].as_f64().unwrap() > 0.3, "an accountant fits: {}", applied.body);
    let skills = &applied.body["screening"]["matching_skills"];
    assert!(skills.as_array().unwrap().iter().any(|s| s["id"] == "accounting"), "{skills}");
    assert_eq!(applied.body["history"][0]["actor_id"], recruiter.id.to_string());
    app.post(&path, Some(&recruiter.access), json!({ "job_id": job })).await.problem(409);
    app.post(&path, Some(&recruiter.access), json!({ "job_id": Uuid::now_v7() })).await.problem(404);
    let luis = id_of(&luis.body);
    let without_cv = app
        .post(&format!("{}/{luis}/applications", candidates(tenant)), Some(&admin.access), json!({ "job_id": job }))
        .await;
    assert_eq!((without_cv.status, without_cv.body["score"].clone()), (201, json!(0.0)), "{}", without_cv.body);

    // In the job's list beside everyone else; moved, with a mail to the address the company has.
    let listed = app.get(&format!("/api/v1/jobs/{job}/applications?q=quispe"), Some(&admin.access)).await;
    assert_eq!(listed.body["items"][0]["id"], application.to_string(), "{}", listed.body);
    change(&app, &admin, application, json!({ "stage": "screening" })).await;
    let mail = app.mailbox.wait_for("rosa.quispe@correo.pe", "avanzó", 1).await;
    assert!(mail[0].body.contains("Rosa Quispe Mamani"), "{}", mail[0].body);
    let cv = app.get(&format!("/api/v1/applications/{application}/cv"), Some(&admin.access)).await;
    assert_eq!(cv.status, 200, "{}", cv.body);
    assert!(cv.body["sections"].as_array().unwrap().len() >= 2, "{}", cv.body);
    let original = std::fs::read(format!("{}/fixtures/cvs/{ACCOUNTANT_CV}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for path in [format!("/api/v1/applications/{application}/cv/file"), format!("{}/{rosa}/cv", candidates(tenant))] {
        let file = app.client.get(format!("{}{path}", app.base)).bearer_auth(&admin.access).send().await.unwrap();
        assert_eq!(file.status(), 200, "{path}");
        assert_eq!(file.bytes().await.unwrap().as_ref(), original.as_slice(), "{path}");
    }
    let export = app.get(&format!("/api/v1/jobs/{job}/applications/export"), Some(&admin.access)).await;
    let csv = export.body.as_str().unwrap();
    let source_at = csv.lines().next().unwrap().split(',').position(|column| column == "source").unwrap();
    let rosa_line = csv.lines().find(|l| l.contains("Rosa Quispe Mamani")).unwrap_or_default();
    assert_eq!(
        rosa_line.split(',').nth(source_at),
        Some("referral"),
        "the source of hire in the spreadsheet: {rosa_line}"
    );
    let detail = app.get(&format!("{}/{rosa}", candidates(tenant)), Some(&admin.access)).await;
    assert_eq!(detail.body["applications"][0]["stage"], "screening", "{}", detail.body);
    // Corrected: her applications follow, and the next mail goes to the new address.
    let path = format!("{}/{rosa}", candidates(tenant));
    let corrected =
        app.patch(&path, Some(&recruiter.access), json!({ "email": "Rosa.Q@Nuevo.pe", "headline": null })).await;
    assert_eq!(
        (corrected.status, corrected.body["email"].clone()),
        (200, json!("rosa.q@nuevo.pe")),
        "{}",
        corrected.body
    );
    assert_eq!(corrected.body["headline"], Value::Null);
    let shown = app.get(&format!("/api/v1/applications/{application}"), Some(&admin.access)).await;
    assert_eq!(shown.body["candidate"]["email"], "rosa.q@nuevo.pe", "{}", shown.body);
    app.patch(&path, Some(&recruiter.access), json!({ "email": null, "phone": null })).await.problem(422);
    let luis_path = format!("{}/{luis}", candidates(tenant));
    app.patch(&luis_path, Some(&recruiter.access), json!({ "phone": "987654321" })).await.problem(409);
    let hired = change(&app, &admin, application, json!({ "stage": "hired" })).await;
    app.mailbox.wait_for("rosa.q@nuevo.pe", "", 1).await;
    assert_eq!(hired["status"], "hired");
    crate::analytics::drain(&app).await;
    let sources = app.get(&format!("/api/v1/tenants/{tenant}/analytics/sources"), Some(&admin.access)).await;
    let referral = sources.body["items"].as_array().unwrap().iter().find(|s| s["source"] == "referral").cloned();
    assert_eq!(referral.map(|s| (s["applications"].clone(), s["hires"].clone())), Some((json!(1), json!(1))));

    // Erased: the candidate, their applications with their history, and their file.
    let erased = app.delete(&format!("{}/{rosa}", candidates(tenant)), Some(&recruiter.access), None).await;
    assert_eq!(erased.status, 204, "{}", erased.body);
    app.get(&format!("/api/v1/applications/{application}"), Some(&admin.access)).await.problem(404);
    for table in ["applications", "stage_changes"] {
        let column = if table == "applications" { "id" } else { "application_id" };
        let sql = format!("SELECT count(*) AS count FROM hiring.{table} WHERE {column} = $1");
        assert_eq!(app.owner_count(&sql, Some(application)).await, 0, "hiring.{table}");
    }
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let prefix = format!("cvs/companies/{tenant}/");
    for _ in 0..300 {
        if storage.list(&prefix).await.unwrap().is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the erased candidate's CV file stayed in storage");
}

#[tokio::test]
async fn a_company_candidate_is_nobody_elses_and_blind_review_hides_them() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("propia").await;
    let (rival_tenant, rival) = app.company("ajena").await;
    let manager = app.member(&admin, tenant, "gerente@propia.pe", "hiring_manager").await;
    let job = publish_all(&app, &admin, &[accounting_job()]).await[0].1;
    let settings = format!("/api/v1/tenants/{tenant}/hiring-settings");
    app.patch(&settings, Some(&admin.access), json!({ "blind_review": true })).await;
    let added = app
        .post(
            &candidates(tenant),
            Some(&admin.access),
            json!({ "full_name": "Carmen Huamán Torres", "email": "carmen.huaman@correo.pe", "phone": "912 345 678",
                    "source": "job_board" }),
        )
        .await;
    let carmen = id_of(&added.body);
    read_cv(&app, &admin.access, tenant, carmen, ACCOUNTANT_CV).await;
    let application = id_of(
        &app.post(
            &format!("{}/{carmen}/applications", candidates(tenant)),
            Some(&admin.access),
            json!({ "job_id": job }),
        )
        .await
        .body,
    );

    // Another company: not through its own tenant, not through this one's, not in the database.
    let own_path = format!("{}/{carmen}", candidates(tenant));
    let through_rival = format!("{}/{carmen}", candidates(rival_tenant));
    assert!([403, 404].contains(&app.get(&own_path, Some(&rival.access)).await.status));
    app.get(&through_rival, Some(&rival.access)).await.problem(404);
    app.delete(&through_rival, Some(&rival.access), None).await.problem(404);
    let apply_through_rival = format!("{through_rival}/applications");
    app.post(&apply_through_rival, Some(&rival.access), json!({ "job_id": job })).await.problem(404);
    app.get(&format!("/api/v1/applications/{application}/cv"), Some(&rival.access)).await.problem(404);
    let count = "SELECT count(*) AS count FROM hiring.candidates WHERE id = $1";
    assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, count, carmen).await, 0);
    assert_eq!(seen_as(&app, Some(tenant), admin.id, count, carmen).await, 1);
    // A hiring manager meets candidates through applications only.
    app.get(&candidates(tenant), Some(&manager.access)).await.problem(403);

    // Blind review hides who she is from every view of her application until the reveal stage.
    let mut secrets =
        vec!["Carmen".to_owned(), "Huamán".to_owned(), "carmen.huaman".to_owned(), "912345678".to_owned()];
    secrets
        .extend(truth(ACCOUNTANT_CV)["contact"]["full_name"].as_str().unwrap().split_whitespace().map(str::to_owned));
    let hidden = |where_: &str, text: &str| {
        for secret in &secrets {
            assert!(!text.to_lowercase().contains(&secret.to_lowercase()), "{where_} leaks {secret}: {text}");
        }
    };
    let list = app.get(&format!("/api/v1/jobs/{job}/applications"), Some(&manager.access)).await;
    hidden("the list", &list.body.to_string());
    let detail = app.get(&format!("/api/v1/applications/{application}"), Some(&manager.access)).await;
    assert_eq!(detail.body["candidate"]["candidate_id"], Value::Null);
    hidden("the detail", &detail.body.to_string());
    let cv = app.get(&format!("/api/v1/applications/{application}/cv"), Some(&manager.access)).await;
    assert_eq!(cv.status, 200, "{}", cv.body);
    hidden("the CV", &cv.body.to_string());
    app.get(&format!("/api/v1/applications/{application}/cv/file"), Some(&manager.access)).await.problem(409);
    change(&app, &admin, application, json!({ "stage": "interview" })).await;
    let revealed = app.get(&format!("/api/v1/applications/{application}"), Some(&manager.access)).await;
    assert_eq!(revealed.body["candidate"]["full_name"], "Carmen Huamán Torres", "{}", revealed.body);
}
