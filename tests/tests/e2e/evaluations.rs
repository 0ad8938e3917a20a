//! How a company evaluates applications: a job's scorecard scored by two evaluators (an admin and a
//! hiring manager) with the right aggregate; technical evaluations with a public challenge template
//! whose use is counted; and nobody else (another company, the candidate) sees or changes any of it,
//! over HTTP or at the database.

use e2e::{Account, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::hiring_attacks::seen_as;
use crate::matches::{posting, publish_all, ready_cv};

const ACCOUNTANT_CV: &str = "cv_0017_es_accounting_docx_textbox.docx";
/// The public "Conciliación bancaria en SQL" template (seeded by the migration).
const SQL_RECONCILIATION: &str = "019ac0a0-0000-7000-8000-000000000003";

fn accounting_job(title: &str) -> Value {
    posting(
        title,
        "Cierres mensuales, conciliaciones bancarias y estados financieros bajo NIIF.",
        &["Contabilidad general", "Estados financieros bajo NIIF"],
        &["SQL"],
        "hybrid",
    )
}

fn id_of(body: &Value) -> Uuid {
    body["id"].as_str().unwrap().parse().unwrap()
}

async fn put(app: &TestApp, path: &str, who: &Account, body: Value) -> e2e::Response {
    app.request(reqwest::Method::PUT, path, Some(&who.access), Some(body)).await
}

/// The field a 422 names first.
fn field(response: &e2e::Response) -> String {
    response.problem(422)["errors"][0]["field"].as_str().unwrap().to_owned()
}

/// A company with a published accounting job, and Ana's application to it with her CV.
struct Applied {
    tenant: Uuid,
    admin: Account,
    job: Uuid,
    ana: Account,
    cv: Uuid,
    id: Uuid,
}

async fn applied(app: &TestApp, slug: &str) -> Applied {
    let (tenant, admin) = app.company(slug).await;
    let job = publish_all(app, &admin, &[accounting_job("Analista Contable")]).await[0].1;
    let ana = app.register(&format!("ana@{slug}.example.pe")).await;
    let cv = ready_cv(app, &ana, ACCOUNTANT_CV).await;
    let applied =
        app.post(&format!("/api/v1/jobs/{job}/applications"), Some(&ana.access), json!({ "cv_id": cv })).await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    Applied { tenant, admin, job, ana, cv, id: id_of(&applied.body) }
}

fn criterion<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["criteria"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}: {body}"))
}

#[tokio::test]
async fn two_evaluators_score_an_application_and_the_aggregate_adds_up() {
    let app = TestApp::spawn().await;
    let Applied { tenant, admin, job, ana, id, .. } = applied(&app, "evaluadores").await;
    let manager = app.member(&admin, tenant, "gerente@evaluadores.pe", "hiring_manager").await;
    let scorecard = format!("/api/v1/jobs/{job}/scorecard");
    let mine = format!("/api/v1/applications/{id}/scorecards/me");

    // No criteria yet: an empty scorecard, and nothing to score against.
    let empty = app.get(&scorecard, Some(&manager.access)).await;
    assert_eq!((empty.status, empty.body["criteria"].clone()), (200, json!([])), "{}", empty.body);
    let early = json!({ "recommendation": "yes", "scores": [{ "criterion_id": Uuid::now_v7(), "score": 3 }] });
    put(&app, &mine, &admin, early).await.problem(409);

    // The company defines the criteria (a hiring manager may not); bad ones are named.
    let criteria = json!({ "criteria": [
        { "name": "Contabilidad NIIF", "description": "Cierres y estados financieros", "weight": 3 },
        { "name": "Comunicación" },
        { "name": "Excel avanzado", "weight": 2 },
    ]});
    put(&app, &scorecard, &manager, criteria.clone()).await.problem(403);
    let defined = put(&app, &scorecard, &admin, criteria).await;
    assert_eq!(defined.status, 200, "{}", defined.body);
    let names: Vec<&str> =
        defined.body["criteria"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Contabilidad NIIF", "Comunicación", "Excel avanzado"]);
    assert_eq!(criterion(&defined.body, "Comunicación")["weight"], 1);
    let (niif, talk, excel) = (
        criterion(&defined.body, "Contabilidad NIIF")["id"].clone(),
        criterion(&defined.body, "Comunicación")["id"].clone(),
        criterion(&defined.body, "Excel avanzado")["id"].clone(),
    );
    let many: Vec<Value> = (0..16).map(|n| json!({ "name": format!("Criterio {n}") })).collect();
    assert_eq!(field(&put(&app, &scorecard, &admin, json!({ "criteria": many })).await), "criteria");
    let twice = json!({ "criteria": [{ "name": "Comunicación" }, { "name": "comunicacion" }] });
    put(&app, &scorecard, &admin, twice).await.problem(409);
    let heavy = json!({ "criteria": [{ "name": "Excel", "weight": 6 }] });
    assert_eq!(field(&put(&app, &scorecard, &admin, heavy).await), "criteria[0].weight");
    let long = json!({ "criteria": [{ "name": "x".repeat(101) }] });
    assert_eq!(field(&put(&app, &scorecard, &admin, long).await), "criteria[0].name");

    // Two evaluators score; the manager leaves Excel out.
    let by_admin = put(
        &app,
        &mine,
        &admin,
        json!({ "recommendation": "strong_yes", "comment": "Muy sólida en NIIF",
                "scores": [{ "criterion_id": niif, "score": 5, "comment": "Domina NIC 16" },
                           { "criterion_id": talk, "score": 4 }, { "criterion_id": excel, "score": 3 }] }),
    )
    .await;
    assert_eq!(by_admin.status, 200, "{}", by_admin.body);
    assert_eq!(by_admin.body["evaluator_id"], admin.id.to_string());
    let admin_card = by_admin.body["id"].as_str().unwrap().parse::<Uuid>().unwrap();
    let by_manager = put(
        &app,
        &mine,
        &manager,
        json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 4 }, { "criterion_id": talk, "score": 3 }] }),
    )
    .await;
    assert_eq!(by_manager.status, 200, "{}", by_manager.body);
    assert_ne!(by_manager.body["id"], by_admin.body["id"], "one scorecard per evaluator");

    let all = app.get(&format!("/api/v1/applications/{id}/scorecards"), Some(&manager.access)).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["scorecards"].as_array().unwrap().len(), 2);
    let aggregate = &all.body["aggregate"];
    assert_eq!(aggregate["evaluators"], 2);
    assert_eq!(aggregate["recommendations"], json!({ "strong_no": 0, "no": 0, "yes": 1, "strong_yes": 1 }));
    assert_eq!(
        (
            criterion(aggregate, "Contabilidad NIIF")["mean"].clone(),
            criterion(aggregate, "Contabilidad NIIF")["count"].clone()
        ),
        (json!(4.5), json!(2))
    );
    assert_eq!(criterion(aggregate, "Comunicación")["mean"], 3.5);
    assert_eq!(
        (
            criterion(aggregate, "Excel avanzado")["mean"].clone(),
            criterion(aggregate, "Excel avanzado")["count"].clone()
        ),
        (json!(3.0), json!(1))
    );
    // (4.5 × 3 + 3.5 × 1 + 3 × 2) / 6
    assert_eq!(aggregate["overall"], 3.83);

    // Each evaluator changes their own scorecard only: same id, the other's untouched.
    let again = put(
        &app,
        &mine,
        &manager,
        json!({ "recommendation": "no", "scores": [{ "criterion_id": niif, "score": 2 }, { "criterion_id": talk, "score": 3 }] }),
    )
    .await;
    assert_eq!((again.status, again.body["id"].clone()), (200, by_manager.body["id"].clone()), "{}", again.body);
    assert_eq!(again.body["created_at"], by_manager.body["created_at"]);
    let own = app.get(&mine, Some(&admin.access)).await;
    assert_eq!(
        (own.body["recommendation"].clone(), own.body["scores"][0]["score"].clone()),
        (json!("strong_yes"), json!(5))
    );
    // The export carries what the evaluators said: (5+2)/2 × 3, (4+3)/2 × 1 and 3 × 2, over 6.
    let export = app.get(&format!("/api/v1/jobs/{job}/applications/export"), Some(&manager.access)).await;
    assert_eq!(export.status, 200, "{}", export.body);
    let csv = export.body.as_str().unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",source,scorecard_overall,recommendations,evaluations"), "{header}");
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",3.33,strong_yes 1; no 1,"), "{row}");
    for said in
        ["(strong_yes): Muy sólida en NIIF", "Contabilidad NIIF 5/5 (Domina NIC 16)", "(no). Contabilidad NIIF 2/5"]
    {
        assert!(row.contains(said), "{said}: {row}");
    }

    let manager_id = manager.id;
    let forged_card = "WITH changed AS (UPDATE hiring.scorecards SET recommendation = 'strong_no' WHERE id = $1 RETURNING 1) \
                       SELECT count(*) AS count FROM changed";
    assert_eq!(seen_as(&app, Some(tenant), manager_id, forged_card, admin_card).await, 0, "another's scorecard");
    let forged_scores = "WITH changed AS (UPDATE hiring.scorecard_scores SET score = 1 WHERE scorecard_id = $1 RETURNING 1) \
                         SELECT count(*) AS count FROM changed";
    assert_eq!(seen_as(&app, Some(tenant), manager_id, forged_scores, admin_card).await, 0);
    let erased = "WITH gone AS (DELETE FROM hiring.scorecard_scores WHERE scorecard_id = $1 RETURNING 1) \
                  SELECT count(*) AS count FROM gone";
    assert_eq!(seen_as(&app, Some(tenant), manager_id, erased, admin_card).await, 0);
    let read = "SELECT count(*) AS count FROM hiring.scorecard_scores WHERE scorecard_id = $1";
    assert_eq!(seen_as(&app, Some(tenant), manager_id, read, admin_card).await, 3, "fellow evaluators read it");
    let touched = "WITH changed AS (UPDATE hiring.scorecard_scores SET score = score WHERE scorecard_id = $1 RETURNING 1) \
                   SELECT count(*) AS count FROM changed";
    assert_eq!(seen_as(&app, Some(tenant), admin.id, touched, admin_card).await, 3, "its author may");

    // Bad scorecards are named field by field.
    let bad = |body: Value| {
        let (app, mine, admin) = (&app, &mine, &admin);
        async move { field(&put(app, mine, admin, body).await) }
    };
    assert_eq!(
        bad(json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 6 }] })).await,
        "scores[0].score"
    );
    assert_eq!(
        bad(json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 0 }] })).await,
        "scores[0].score"
    );
    assert_eq!(
        bad(json!({ "recommendation": "yes", "scores": [{ "criterion_id": Uuid::now_v7(), "score": 3 }] })).await,
        "scores[0].criterion_id"
    );
    assert_eq!(
        bad(json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 3 }, { "criterion_id": niif, "score": 4 }] })).await,
        "scores[1].criterion_id"
    );
    assert_eq!(
        bad(json!({ "recommendation": "maybe", "scores": [{ "criterion_id": niif, "score": 3 }] })).await,
        "recommendation"
    );
    assert_eq!(bad(json!({ "recommendation": "yes", "scores": [] })).await, "scores");
    assert_eq!(
        bad(json!({ "recommendation": "yes", "comment": "c".repeat(2001), "scores": [{ "criterion_id": niif, "score": 3 }] })).await,
        "comment"
    );

    // The scorecard changes: NIIF renamed (its scores stay), Excel dropped after being scored
    // (retired: kept with the admin's card, out of the aggregate), a new criterion.
    let revised = put(
        &app,
        &scorecard,
        &admin,
        json!({ "criteria": [{ "id": niif, "name": "NIIF y cierres", "weight": 3 }, { "id": talk, "name": "Comunicación" },
                             { "name": "Liderazgo", "weight": 2 }] }),
    )
    .await;
    assert_eq!(revised.status, 200, "{}", revised.body);
    assert_eq!(criterion(&revised.body, "NIIF y cierres")["id"], niif);
    let all = app.get(&format!("/api/v1/applications/{id}/scorecards"), Some(&admin.access)).await;
    let aggregate = &all.body["aggregate"];
    let names: Vec<&str> =
        aggregate["criteria"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["NIIF y cierres", "Comunicación", "Liderazgo"]);
    assert_eq!(
        (criterion(aggregate, "NIIF y cierres")["mean"].clone(), criterion(aggregate, "Liderazgo")["mean"].clone()),
        (json!(3.5), Value::Null)
    );
    assert_eq!(aggregate["overall"], 3.5, "(3.5 × 3 + 3.5 × 1) / 4: {aggregate}");
    assert_eq!(aggregate["recommendations"], json!({ "strong_no": 0, "no": 1, "yes": 0, "strong_yes": 1 }));
    let admin_view =
        all.body["scorecards"].as_array().unwrap().iter().find(|c| c["evaluator_id"] == admin.id.to_string()).unwrap();
    let kept_excel = admin_view["scores"].as_array().unwrap().iter().find(|s| s["criterion_id"] == excel).unwrap();
    assert_eq!(
        (kept_excel["criterion_name"].clone(), kept_excel["retired"].clone()),
        (json!("Excel avanzado"), json!(true))
    );
    put(&app, &mine, &admin, json!({ "recommendation": "yes", "scores": [{ "criterion_id": excel, "score": 3 }] }))
        .await
        .problem(422);

    // The candidate sees none of it, over HTTP or at the database.
    app.get(&format!("/api/v1/applications/{id}/scorecards"), Some(&ana.access)).await.problem(403);
    app.get(&mine, Some(&ana.access)).await.problem(403);
    put(&app, &mine, &ana, json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 5 }] }))
        .await
        .problem(403);
    let theirs = app.get("/api/v1/me/applications", Some(&ana.access)).await;
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    let text = theirs.body.to_string();
    for private in ["strong_yes", "scorecard", "NIIF y cierres", "Muy sólida", "Domina NIC 16", "recommendation"] {
        assert!(!text.contains(private), "the candidate sees {private}: {text}");
    }
    let detail = app.get(&format!("/api/v1/me/applications/{id}"), Some(&ana.access)).await.body.to_string();
    assert!(!detail.contains("Muy sólida") && !detail.contains("strong_yes"), "{detail}");
    for sql in [
        "SELECT count(*) AS count FROM hiring.scorecards WHERE application_id = $1",
        "SELECT count(*) AS count FROM hiring.scorecard_scores s JOIN hiring.scorecards c ON c.id = s.scorecard_id WHERE c.application_id = $1",
    ] {
        assert_eq!(seen_as(&app, None, ana.id, sql, id).await, 0, "{sql}");
        assert!(seen_as(&app, Some(tenant), admin.id, sql, id).await >= 2, "{sql}");
    }
    let criteria_sql = "SELECT count(*) AS count FROM hiring.scorecard_criteria WHERE job_id = $1";
    assert_eq!(seen_as(&app, None, ana.id, criteria_sql, job).await, 0);
}

#[tokio::test]
async fn a_technical_evaluation_with_a_public_challenge_counts_its_use() {
    let app = TestApp::spawn().await;
    let Applied { tenant, admin, ana, id, .. } = applied(&app, "tecnica").await;
    let manager = app.member(&admin, tenant, "gerente@tecnica.pe", "hiring_manager").await;
    let templates = format!("/api/v1/tenants/{tenant}/challenge-templates");

    // The public library, filtered.
    let all = app.get(&templates, Some(&manager.access)).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let items = all.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 8, "four public templates, in Spanish and English: {}", all.body);
    assert!(items.iter().all(|t| t["public"] == true && t["usage_count"] == 0));
    let sql = app.get(&format!("{templates}?language=SQL"), Some(&admin.access)).await;
    let titles: Vec<&str> =
        sql.body["items"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Bank reconciliation in SQL", "Conciliación bancaria en SQL"]);
    let hard = app.get(&format!("{templates}?difficulty=hard&locale=es"), Some(&admin.access)).await;
    assert_eq!(hard.body["items"][0]["title"], "API REST de inventario", "{}", hard.body);
    assert_eq!(hard.body["items"][0]["languages"], json!(["rust", "python", "typescript"]));
    let paged = app.get(&format!("{templates}?limit=5"), Some(&admin.access)).await;
    let next = paged.body["next_cursor"].as_str().unwrap();
    let rest = app.get(&format!("{templates}?limit=5&cursor={next}"), Some(&admin.access)).await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 3);
    app.get(&format!("{templates}?difficulty=trivial"), Some(&admin.access)).await.problem(422);
    app.get(&format!("{templates}?language=c%20plus"), Some(&admin.access)).await.problem(422);

    // The company's own template: written by it; the public ones are read-only.
    let own = app
        .post(
            &templates,
            Some(&admin.access),
            json!({ "title": "Cierre contable en Excel y SQL", "description": "Concilia el mayor con el banco.",
                    "languages": ["SQL", "excel"], "difficulty": "easy", "estimated_minutes": 60, "locale": "es" }),
        )
        .await;
    assert_eq!(own.status, 201, "{}", own.body);
    assert_eq!((own.body["public"].clone(), own.body["languages"].clone()), (json!(false), json!(["sql", "excel"])));
    let own_id = id_of(&own.body);
    app.post(&templates, Some(&manager.access), json!({ "title": "x", "description": "y", "languages": ["go"], "difficulty": "easy", "estimated_minutes": 60, "locale": "es" }))
        .await
        .problem(403);
    let patched =
        app.patch(&format!("{templates}/{own_id}"), Some(&admin.access), json!({ "estimated_minutes": 90 })).await;
    assert_eq!((patched.status, patched.body["estimated_minutes"].clone()), (200, json!(90)), "{}", patched.body);
    app.patch(&format!("{templates}/{SQL_RECONCILIATION}"), Some(&admin.access), json!({ "title": "Mío" }))
        .await
        .problem(403);
    app.delete(&format!("{templates}/{SQL_RECONCILIATION}"), Some(&admin.access), None).await.problem(403);
    for (body, name) in [
        (json!({ "estimated_minutes": 14 }), "estimated_minutes"),
        (json!({ "estimated_minutes": 2881 }), "estimated_minutes"),
        (json!({ "title": "   " }), "title"),
        (json!({ "languages": [] }), "languages"),
        (json!({ "locale": "pt" }), "locale"),
        (json!({ "difficulty": "trivial" }), "difficulty"),
    ] {
        assert_eq!(field(&app.patch(&format!("{templates}/{own_id}"), Some(&admin.access), body).await), name);
    }

    // A technical evaluation on the public SQL challenge: its use is counted.
    let evaluations = format!("/api/v1/applications/{id}/technical-evaluations");
    let created = app
        .post(
            &evaluations,
            Some(&admin.access),
            json!({ "challenge_template_id": SQL_RECONCILIATION, "repository_url": "https://github.com/anaquispe/conciliacion",
                    "commit_sha": "9F86D081884C7D65", "status": "submitted" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "submitted");
    assert_eq!(created.body["repository_provider"], "github");
    assert_eq!(created.body["commit_sha"], "9f86d081884c7d65");
    let technical = id_of(&created.body);
    let template = app.get(&format!("{templates}/{SQL_RECONCILIATION}"), Some(&admin.access)).await;
    assert_eq!(template.body["usage_count"], 1, "{}", template.body);

    // Illegal values, each named.
    for (body, name) in [
        (json!({ "repository_url": "http://github.com/ana/x" }), "repository_url"),
        (json!({ "repository_url": "https://github.com/ana/a b" }), "repository_url"),
        (json!({ "repository_url": format!("https://github.com/{}", "a".repeat(490)) }), "repository_url"),
        (json!({ "pr_url": "github.com/ana/x/pull/1" }), "pr_url"),
        (json!({ "commit_sha": "abc12" }), "commit_sha"),
        (json!({ "commit_sha": "zzzzzzz" }), "commit_sha"),
        (json!({ "code_quality_score": 101 }), "code_quality_score"),
        (json!({ "code_quality_score": -1 }), "code_quality_score"),
        (json!({ "test_coverage": 100.5 }), "test_coverage"),
        (json!({ "notes": "n".repeat(5001) }), "notes"),
        (json!({ "status": "submitted" }), "repository_url"),
        (json!({ "status": "done" }), "status"),
    ] {
        let refused = app.post(&evaluations, Some(&admin.access), body.clone()).await;
        assert_eq!(field(&refused), name, "{body}");
    }
    // What conflicts with the company as it is: a reviewer who is not a member, a template it
    // may not use.
    for body in [json!({ "reviewer_id": ana.id }), json!({ "challenge_template_id": Uuid::now_v7() })] {
        app.post(&evaluations, Some(&admin.access), body).await.problem(409);
    }
    assert_eq!(template_uses(&app, &admin, &templates).await, 1, "a refused evaluation counts no use");

    // The review: the hiring manager is the reviewer and records it; the moves are checked.
    let patch = |body: Value, who: &Account| {
        let (app, who) = (&app, who.clone());
        async move { app.patch(&format!("/api/v1/technical-evaluations/{technical}"), Some(&who.access), body).await }
    };
    patch(json!({ "notes": "Revisar" }), &manager).await.problem(403);
    let assigned = patch(
        json!({ "reviewer_id": manager.id, "pr_url": "https://github.com/anaquispe/conciliacion/pull/3" }),
        &admin,
    )
    .await;
    assert_eq!(
        (assigned.status, assigned.body["reviewer_id"].clone()),
        (200, json!(manager.id.to_string())),
        "{}",
        assigned.body
    );
    assert_eq!(field(&patch(json!({ "status": "reviewed" }), &manager).await), "code_quality_score");
    patch(json!({ "reviewer_id": admin.id }), &manager).await.problem(403);
    let reviewed = patch(
        json!({ "status": "reviewed", "code_quality_score": 82, "test_coverage": 76.456, "notes": "CTE claras; faltan índices." }),
        &manager,
    )
    .await;
    assert_eq!(reviewed.status, 200, "{}", reviewed.body);
    assert_eq!(
        (
            reviewed.body["status"].clone(),
            reviewed.body["code_quality_score"].clone(),
            reviewed.body["test_coverage"].clone()
        ),
        (json!("reviewed"), json!(82), json!(76.46))
    );
    assert!(reviewed.body["reviewed_at"].is_string());
    patch(json!({ "status": "pending" }), &admin).await.problem(409);
    assert_eq!(field(&patch(json!({ "code_quality_score": null }), &admin).await), "code_quality_score");
    let reopened = patch(json!({ "status": "submitted", "commit_sha": "0123abcd" }), &admin).await;
    assert_eq!(
        (reopened.body["status"].clone(), reopened.body["reviewed_at"].clone()),
        (json!("submitted"), Value::Null)
    );

    // A new one must be submitted before it is reviewed.
    let pending = app.post(&evaluations, Some(&admin.access), json!({ "notes": "Enviado el reto por correo" })).await;
    assert_eq!((pending.status, pending.body["status"].clone()), (201, json!("pending")), "{}", pending.body);
    let pending_id = id_of(&pending.body);
    let early = app
        .patch(
            &format!("/api/v1/technical-evaluations/{pending_id}"),
            Some(&admin.access),
            json!({ "status": "reviewed", "repository_url": "https://gitlab.com/ana/x", "code_quality_score": 50 }),
        )
        .await;
    early.problem(409);
    let listed = app.get(&evaluations, Some(&manager.access)).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 2, "{}", listed.body);
    app.post(&evaluations, Some(&manager.access), json!({})).await.problem(403);

    // The candidate never sees them.
    app.get(&evaluations, Some(&ana.access)).await.problem(403);
    app.get(&format!("/api/v1/technical-evaluations/{technical}"), Some(&ana.access)).await.problem(403);
    let theirs = app.get("/api/v1/me/applications", Some(&ana.access)).await.body.to_string();
    assert!(!theirs.contains("conciliacion") && !theirs.contains("faltan índices"), "{theirs}");
    let sql = "SELECT count(*) AS count FROM hiring.technical_evaluations WHERE application_id = $1";
    assert_eq!(seen_as(&app, None, ana.id, sql, id).await, 0);
    assert_eq!(seen_as(&app, Some(tenant), manager.id, sql, id).await, 2);
}

async fn template_uses(app: &TestApp, admin: &Account, templates: &str) -> i64 {
    let template = app.get(&format!("{templates}/{SQL_RECONCILIATION}"), Some(&admin.access)).await;
    template.body["usage_count"].as_i64().unwrap()
}

#[tokio::test]
async fn another_company_sees_and_changes_no_evaluation() {
    let app = TestApp::spawn().await;
    let Applied { tenant, admin, job, ana, cv, id } = applied(&app, "duena").await;
    let (rival_tenant, rival) = app.company("rival").await;
    let defined =
        put(&app, &format!("/api/v1/jobs/{job}/scorecard"), &admin, json!({ "criteria": [{ "name": "NIIF" }] })).await;
    let niif = defined.body["criteria"][0]["id"].clone();
    let card = put(
        &app,
        &format!("/api/v1/applications/{id}/scorecards/me"),
        &admin,
        json!({ "recommendation": "yes", "scores": [{ "criterion_id": niif, "score": 4 }] }),
    )
    .await;
    assert_eq!(card.status, 200, "{}", card.body);
    let own = app
        .post(
            &format!("/api/v1/tenants/{tenant}/challenge-templates"),
            Some(&admin.access),
            json!({ "title": "Reto propio", "description": "Confidencial", "languages": ["sql"], "difficulty": "medium",
                    "estimated_minutes": 120, "locale": "es" }),
        )
        .await;
    let own_id = id_of(&own.body);
    let technical = app
        .post(
            &format!("/api/v1/applications/{id}/technical-evaluations"),
            Some(&admin.access),
            json!({ "challenge_template_id": own_id, "repository_url": "https://bitbucket.org/ana/reto", "status": "submitted" }),
        )
        .await;
    assert_eq!(technical.status, 201, "{}", technical.body);
    let technical_id = id_of(&technical.body);

    // Over HTTP: the same 404 as ids that do not exist.
    for path in [
        format!("/api/v1/jobs/{job}/scorecard"),
        format!("/api/v1/applications/{id}/scorecards"),
        format!("/api/v1/applications/{id}/scorecards/me"),
        format!("/api/v1/applications/{id}/technical-evaluations"),
        format!("/api/v1/technical-evaluations/{technical_id}"),
        format!("/api/v1/tenants/{rival_tenant}/challenge-templates/{own_id}"),
        format!("/api/v1/tenants/{tenant}/challenge-templates/{own_id}"),
        format!("/api/v1/tenants/{tenant}/challenge-templates"),
        format!("/api/v1/technical-evaluations/{}", Uuid::now_v7()),
    ] {
        app.get(&path, Some(&rival.access)).await.problem(404);
    }
    put(&app, &format!("/api/v1/jobs/{job}/scorecard"), &rival, json!({ "criteria": [{ "name": "x" }] }))
        .await
        .problem(404);
    put(
        &app,
        &format!("/api/v1/applications/{id}/scorecards/me"),
        &rival,
        json!({ "recommendation": "strong_no", "scores": [{ "criterion_id": niif, "score": 1 }] }),
    )
    .await
    .problem(404);
    app.post(&format!("/api/v1/applications/{id}/technical-evaluations"), Some(&rival.access), json!({}))
        .await
        .problem(404);
    app.patch(&format!("/api/v1/technical-evaluations/{technical_id}"), Some(&rival.access), json!({ "notes": "x" }))
        .await
        .problem(404);
    let rival_templates = format!("/api/v1/tenants/{rival_tenant}/challenge-templates");
    app.patch(&format!("{rival_templates}/{own_id}"), Some(&rival.access), json!({ "title": "Robado" }))
        .await
        .problem(404);
    app.delete(&format!("{rival_templates}/{own_id}"), Some(&rival.access), None).await.problem(404);
    let listed = app.get(&rival_templates, Some(&rival.access)).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 8, "only the public ones: {}", listed.body);

    // The rival's own application may not use the company's template.
    let rival_job = publish_all(&app, &rival, &[accounting_job("Contador")]).await[0].1;
    let theirs =
        app.post(&format!("/api/v1/jobs/{rival_job}/applications"), Some(&ana.access), json!({ "cv_id": cv })).await;
    assert_eq!(theirs.status, 201, "{}", theirs.body);
    let rival_application = id_of(&theirs.body);
    let borrowed = app
        .post(
            &format!("/api/v1/applications/{rival_application}/technical-evaluations"),
            Some(&rival.access),
            json!({ "challenge_template_id": own_id }),
        )
        .await;
    borrowed.problem(409);
    let public = app
        .post(
            &format!("/api/v1/applications/{rival_application}/technical-evaluations"),
            Some(&rival.access),
            json!({ "challenge_template_id": SQL_RECONCILIATION }),
        )
        .await;
    assert_eq!(public.status, 201, "{}", public.body);
    let own_uses =
        app.get(&format!("/api/v1/tenants/{tenant}/challenge-templates/{own_id}"), Some(&admin.access)).await;
    assert_eq!(own_uses.body["usage_count"], 1, "{}", own_uses.body);

    // At the database, as the application role acting in the rival company: nothing of theirs.
    for (sql, key) in [
        ("SELECT count(*) AS count FROM hiring.scorecard_criteria WHERE job_id = $1", job),
        ("SELECT count(*) AS count FROM hiring.scorecards WHERE application_id = $1", id),
        (
            "SELECT count(*) AS count FROM hiring.scorecard_scores s JOIN hiring.scorecards c ON c.id = s.scorecard_id \
             WHERE c.application_id = $1",
            id,
        ),
        ("SELECT count(*) AS count FROM hiring.scorecard_scores WHERE tenant_id = $1", tenant),
        ("SELECT count(*) AS count FROM hiring.technical_evaluations WHERE application_id = $1", id),
        ("SELECT count(*) AS count FROM hiring.challenge_templates WHERE id = $1", own_id),
    ] {
        assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, sql, key).await, 0, "{sql} leaks");
        assert!(seen_as(&app, Some(tenant), admin.id, sql, key).await >= 1, "{sql}: the owner company sees it");
    }
    let public_sql = "SELECT count(*) AS count FROM hiring.challenge_templates WHERE id = $1";
    let public_id: Uuid = SQL_RECONCILIATION.parse().unwrap();
    assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, public_sql, public_id).await, 1, "public: every company");
    assert_eq!(seen_as(&app, None, ana.id, public_sql, public_id).await, 0, "public: companies only");
    for forged in [
        "WITH changed AS (UPDATE hiring.technical_evaluations SET code_quality_score = 100 WHERE id = $1 RETURNING 1) \
         SELECT count(*) AS count FROM changed",
        "WITH gone AS (DELETE FROM hiring.challenge_templates WHERE id = $1 RETURNING 1) SELECT count(*) AS count FROM gone",
        "SELECT count(*) AS count FROM (SELECT 1 WHERE hiring.use_challenge_template($1)) used",
    ] {
        let key = if forged.contains("technical") { technical_id } else { own_id };
        assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, forged, key).await, 0, "{forged}");
    }
    let tamper_public = "WITH changed AS (UPDATE hiring.challenge_templates SET title = 'x' WHERE id = $1 RETURNING 1) \
                         SELECT count(*) AS count FROM changed";
    assert_eq!(
        seen_as(&app, Some(tenant), admin.id, tamper_public, public_id).await,
        0,
        "public templates: migrations only"
    );
}
