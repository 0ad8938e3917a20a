//! Upload to parsed data through the API, for PDF and DOCX in Spanish and English, one and two
//! columns, tables and text boxes: what the worker finds is checked against each file's truth.

use e2e::TestApp;
use kernel::text::fold;
use serde_json::Value;

use crate::cvs::{id_of, parsed};

const FIXTURES: &[&str] = &[
    "cv_0003_es_sales_docx_table.docx",
    "cv_0005_es_software_pdf_two_column.pdf",
    "cv_0007_en_accounting_docx_paragraphs.docx",
    "cv_0012_es_mining_pdf_caps_spaced.pdf",
    "cv_0014_en_accounting_pdf_one_column.pdf",
    "cv_0017_es_accounting_docx_textbox.docx",
    "cv_0025_en_teaching_pdf_two_column.pdf",
];

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/cvs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Months from the truth's reference date to now: current jobs have grown by that much since.
fn months_since_reference(truth: &Value) -> f64 {
    let reference = truth["reference_date"].as_str().unwrap();
    let reference = chrono::NaiveDate::parse_from_str(reference, "%Y-%m-%d").unwrap();
    (chrono::Utc::now().date_naive() - reference).num_days().max(0) as f64 / 30.4
}

#[tokio::test]
async fn uploaded_cvs_of_every_layout_are_parsed_as_their_truth_says() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let mut uploaded = Vec::new();
    for name in FIXTURES {
        let response = app.upload("/api/v1/cvs", &ana.access, name, &read(name), &[], None).await;
        assert_eq!(response.status, 202, "{name}: {}", response.body);
        let mime = if name.ends_with(".pdf") {
            "application/pdf"
        } else {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        };
        assert_eq!(response.body["mime_type"], mime);
        uploaded.push((name, id_of(&response.body)));
    }
    let mut misses = Vec::new();
    for (name, id) in uploaded {
        let cv = parsed(&app, &ana.access, id).await;
        assert_eq!(cv["parsing_status"], "parsed", "{name}: {cv}");
        let truth: Value =
            serde_json::from_slice(&read(&name.replace(".pdf", ".json").replace(".docx", ".json"))).unwrap();
        let data = &cv["parsed_data"];
        let mut check = |field: &str, ok: bool, found: &Value| {
            if !ok {
                misses.push(format!("{name}: {field} = {found}"));
            }
        };
        check("language", data["language"] == truth["language"], &data["language"]);
        check("email", data["contact"]["email"] == truth["contact"]["email"], &data["contact"]["email"]);
        check("phone", data["contact"]["phone"] == truth["contact"]["phone_e164"], &data["contact"]["phone"]);
        let name_found = data["contact"]["full_name"].as_str().map(fold);
        check(
            "full_name",
            name_found == truth["contact"]["full_name"].as_str().map(fold),
            &data["contact"]["full_name"],
        );
        let years = data["total_experience_years"].as_f64().unwrap_or(-1.0);
        let expected = truth["total_experience_years"].as_f64().unwrap();
        let grown = months_since_reference(&truth) / 12.0;
        check(
            "total_experience_years",
            years >= expected - 0.5 && years <= expected + grown + 0.5,
            &data["total_experience_years"],
        );
        let found: Vec<&str> = cv["skills"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
        assert!(found.len() >= 3, "{name}: too few skills {found:?}");
        assert!(!cv["sections"].as_array().unwrap().is_empty(), "{name}: no sections");
    }
    assert!(misses.is_empty(), "fields not as their truth says:\n{}", misses.join("\n"));
}
