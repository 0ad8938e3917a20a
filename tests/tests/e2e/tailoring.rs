//! A CV tailored to a job posting: requirement by requirement the CV's own lines, the gaps, the
//! posting's words where the CV says the same skill otherwise, a proposed order; and the tailored
//! CV as a PDF and a DOCX that read back with the CV parser's own extractor.

use std::io::Read;

use cv::domain::text::{Limits, extract};
use e2e::{Account, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::cvs::{fixture, id_of, parsed};

/// Ana's accounting CV, parsed, with her corrections: her jobs' lines and her skills.
pub(crate) async fn accountant_cv(app: &TestApp, ana: &Account) -> Uuid {
    let name = "cv_0017_es_accounting_docx_textbox.docx";
    let file = std::fs::read(format!("{}/fixtures/cvs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let id = id_of(&app.upload("/api/v1/cvs", &ana.access, name, &file, &[], None).await.body);
    assert_eq!(parsed(app, &ana.access, id).await["parsing_status"], "parsed");
    let corrections = json!({
        "contact": {"full_name": "Ana Núñez Peñaloza"},
        "experience": [
            {"title": "Asistente Contable", "company": "Grupo Textil Alpaca Real S.R.L.", "start": "2021-04",
             "end": "2023-07", "description": "• Registro de cuentas por pagar\n• Conciliaciones bancarias"},
            {"title": "Analista Financiero", "company": "Distribuidora Sol de Oro S.R.L.", "start": "2024-01",
             "end": "2026-07", "description": "• Elaboración de estados financieros bajo NIIF\n• Control presupuestal mensual"},
        ],
        "skills": [{"name": "Contabilidad"}, {"name": "NIIF"}, {"name": "Cuentas por pagar"}, {"name": "Excel"}],
    });
    let corrected = app.patch(&format!("/api/v1/cvs/{id}"), Some(&ana.access), corrections).await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    id
}

pub(crate) async fn posting(app: &TestApp, admin: &Account, publish: bool) -> Uuid {
    let body = json!({
        "title": "Analista Contable Senior",
        "description": "Cierres mensuales y reportes para la gerencia.",
        "requirements": [
            {"text": "Power BI", "kind": "nice"},
            {"text": "Estados financieros bajo IFRS", "kind": "must"},
            {"text": "Cuentas por pagar", "kind": "must"},
        ],
        "employment_type": "full-time", "remote_policy": "hybrid", "location_city": "Lima", "language": "es"
    });
    let created = app.post("/api/v1/jobs", Some(&admin.access), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = id_of(&created.body);
    if publish {
        let published = app.post(&format!("/api/v1/jobs/{id}/publish"), Some(&admin.access), json!({})).await;
        assert_eq!(published.status, 200, "{}", published.body);
    }
    id
}

/// The raw bytes of a download, with its headers.
async fn download(app: &TestApp, path: &str, token: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let response = app.client.get(format!("{}{path}", app.base)).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    (headers, response.bytes().await.unwrap().to_vec())
}

fn fit_of<'a>(tailoring: &'a Value, requirement: &str) -> &'a Value {
    let requirements = tailoring["requirements"].as_array().unwrap();
    requirements
        .iter()
        .find(|r| r["requirement"] == requirement)
        .unwrap_or_else(|| panic!("{requirement}: {tailoring:#}"))
}

#[tokio::test]
async fn a_cv_is_tailored_to_a_posting_with_its_own_lines_as_json_pdf_and_docx() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let job = posting(&app, &admin, true).await;
    let ana = app.register("ana@example.pe").await;
    let cv = accountant_cv(&app, &ana).await;

    let answer = app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}"), Some(&ana.access)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let tailoring = &answer.body;
    assert_eq!(
        (tailoring["language"].as_str(), tailoring["job_title"].as_str()),
        (Some("es"), Some("Analista Contable Senior"))
    );
    assert!(tailoring["fit"]["overall_score"].as_f64().is_some(), "{tailoring:#}");
    let kinds: Vec<&str> =
        tailoring["requirements"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(&kinds[..3], ["must", "must", "nice"], "must first: {tailoring:#}");

    let statements = fit_of(tailoring, "Estados financieros bajo IFRS");
    // Her corrected skills do not list financial statements; her line does, so the CV shows them.
    assert_eq!(statements["coverage"], "shown", "{statements:#}");
    let evidence = &statements["evidence"][0];
    assert_eq!(evidence["line"], "Elaboración de estados financieros bajo NIIF", "{statements:#}");
    assert_eq!(evidence["experience"]["title"], "Analista Financiero");
    assert_eq!(evidence["experience"]["company"], "Distribuidora Sol de Oro S.R.L.");
    assert_eq!(
        (evidence["experience"]["start"].as_str(), evidence["experience"]["end"].as_str()),
        (Some("2024-01"), Some("2026-07"))
    );
    let payables = fit_of(tailoring, "Cuentas por pagar");
    assert_eq!(payables["coverage"], "shown");
    assert_eq!(payables["evidence"][0]["line"], "Registro de cuentas por pagar", "{payables:#}");

    let gaps = tailoring["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|g| g["requirement"] == "Power BI" && g["kind"] == "nice"), "{gaps:?}");
    let wording = tailoring["wording_gaps"].as_array().unwrap();
    assert!(wording.iter().any(|w| w["posting_term"] == "IFRS" && w["cv_term"] == "NIIF"), "{wording:?}");
    assert_eq!(wording.len(), 1, "her line already says \"estados financieros\": {wording:?}");

    let proposal = &tailoring["proposal"];
    let jobs = proposal["experiences"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    assert!(jobs.iter().all(|j| j["reason"].as_str().is_some_and(|r| !r.is_empty()) && j["relevance"].is_number()));
    let lines: Vec<&str> = jobs
        .iter()
        .flat_map(|j| j["highlighted_lines"].as_array().unwrap().iter().chain(j["other_lines"].as_array().unwrap()))
        .map(|l| l.as_str().unwrap())
        .collect();
    let mut expected = vec![
        "Registro de cuentas por pagar",
        "Conciliaciones bancarias",
        "Elaboración de estados financieros bajo NIIF",
        "Control presupuestal mensual",
    ];
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected, "every line of the CV, and only those");
    let skills: Vec<&str> =
        proposal["skills"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(skills[..2].contains(&"IFRS"), "asked-for skills first, in the posting's words: {skills:?}");
    let summary = &proposal["summary"];
    assert!(summary["text"].as_str().unwrap().starts_with("Analista Financiero con "), "{summary:#}");
    assert!(
        summary["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "title" && f["cv_text"] == "Analista Financiero")
    );

    let path = format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}&format=pdf");
    let (headers, pdf) = download(&app, &path, &ana.access).await;
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"cv-analista-contable-senior.pdf\"");
    let text = extract(&pdf, &Limits::default()).expect("the PDF reads back").plain_text();
    for expected in [
        "Ana Núñez Peñaloza",
        "Resumen",
        "Analista Financiero — Distribuidora Sol de Oro S.R.L.",
        "Elaboración de estados financieros bajo NIIF",
        "Habilidades",
        "IFRS",
    ] {
        assert!(text.contains(expected), "{expected:?} in the PDF's text: {text}");
    }

    let path = format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}&format=docx");
    let (headers, docx) = download(&app, &path, &ana.access).await;
    assert_eq!(headers["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"cv-analista-contable-senior.docx\"");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.clone())).expect("a ZIP");
    for part in ["[Content_Types].xml", "_rels/.rels"] {
        assert!(archive.by_name(part).is_ok(), "{part}");
    }
    let mut xml = String::new();
    archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("Elaboración de estados financieros bajo NIIF") && xml.contains("S.R.L."), "{xml}");
    let text = extract(&docx, &Limits::default()).expect("the DOCX reads back").plain_text();
    assert!(text.contains("Ana Núñez Peñaloza") && text.contains("Registro de cuentas por pagar"), "{text}");
}

#[tokio::test]
async fn only_the_owner_tailors_a_cv_to_a_posting_they_may_read_in_a_known_format() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let job = posting(&app, &admin, true).await;
    let draft = posting(&app, &admin, false).await;
    let ana = app.register("ana@example.pe").await;
    let cv = accountant_cv(&app, &ana).await;

    let bob = app.register("bob@example.pe").await;
    app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}"), Some(&bob.access)).await.problem(404);
    app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}&format=pdf"), Some(&bob.access)).await.problem(404);
    app.get(&format!("/api/v1/jobs/{draft}/tailoring?cv_id={cv}"), Some(&ana.access)).await.problem(404);
    app.get(&format!("/api/v1/jobs/{}/tailoring?cv_id={cv}", Uuid::now_v7()), Some(&ana.access)).await.problem(404);
    let wrong = app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}&format=odt"), Some(&ana.access)).await;
    assert_eq!(wrong.problem(422)["errors"][0]["field"], "format", "{}", wrong.body);
    app.get(&format!("/api/v1/jobs/{job}/tailoring"), Some(&ana.access)).await.problem(422);
    app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={cv}"), None).await.problem(401);

    // A CV that could not be parsed (a password-protected PDF) has nothing to tailor yet.
    let locked = fixture("encrypted_user_password.pdf");
    let unparsed = id_of(&app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &locked, &[], None).await.body);
    assert_eq!(parsed(&app, &ana.access, unparsed).await["parsing_status"], "failed");
    app.get(&format!("/api/v1/jobs/{job}/tailoring?cv_id={unparsed}"), Some(&ana.access)).await.problem(409);
}
