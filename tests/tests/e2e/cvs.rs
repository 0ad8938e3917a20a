//! CV uploads: versions and the primary CV, encrypted originals streamed back, idempotent
//! retries, refusals by content and size, other people's CVs invisible, deletion of the file.

use std::time::Duration;

use e2e::TestApp;
use platform::storage::ObjectKey;
use serde_json::json;
use uuid::Uuid;

/// Enough of a PDF for the upload's check (`%PDF-` header); parsing comes later.
fn pdf(label: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% CV de {label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

fn docx() -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/cvs/cv_0007_en_accounting_docx_paragraphs.docx", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
}

pub(crate) fn id_of(body: &serde_json::Value) -> Uuid {
    body["id"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn uploads_are_versions_with_one_primary_and_come_back_intact() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let first =
        app.upload("/api/v1/cvs", &ana.access, "CV Ana Quispe.pdf", &pdf("Ana"), &[("language", "es")], None).await;
    assert_eq!(first.status, 202, "{}", first.body);
    assert_eq!(first.body["version"], 1);
    assert_eq!(first.body["is_primary"], true);
    assert_eq!(first.body["parsing_status"], "pending");
    assert_eq!(first.body["mime_type"], "application/pdf");
    assert_eq!(first.body["language_hint"], "es");
    assert_eq!(first.body["original_filename"], "CV Ana Quispe.pdf");
    assert_eq!(first.body["file_size_bytes"], pdf("Ana").len());

    let second = app.upload("/api/v1/cvs", &ana.access, "../cv.docx", &docx(), &[], None).await;
    assert_eq!(second.status, 202, "{}", second.body);
    assert_eq!((second.body["version"].clone(), second.body["is_primary"].clone()), (json!(2), json!(false)));
    assert_eq!(second.body["original_filename"], "cv.docx");

    let list = app.get("/api/v1/cvs?limit=1", Some(&ana.access)).await;
    assert_eq!(list.body["items"][0]["version"], 2, "newest first");
    let rest = app
        .get(&format!("/api/v1/cvs?limit=1&cursor={}", list.body["next_cursor"].as_str().unwrap()), Some(&ana.access))
        .await;
    assert_eq!(rest.body["items"][0]["version"], 1);

    let file = app
        .client
        .get(format!("{}/api/v1/cvs/{}/file", app.base, id_of(&first.body)))
        .bearer_auth(&ana.access)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.headers()["content-disposition"].to_str().unwrap().contains("CV Ana Quispe.pdf"));
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf("Ana").as_slice());

    let promoted = app
        .request(reqwest::Method::PUT, &format!("/api/v1/cvs/{}/primary", id_of(&second.body)), Some(&ana.access), None)
        .await;
    assert_eq!(promoted.body["is_primary"], true);
    let demoted = app.get(&format!("/api/v1/cvs/{}", id_of(&first.body)), Some(&ana.access)).await;
    assert_eq!(demoted.body["is_primary"], false);
}

#[tokio::test]
async fn uploads_at_the_same_moment_number_themselves_one_after_the_other() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let ana = app.register("ana@example.pe").await;
    let files: Vec<Vec<u8>> = (0..8).map(|n| pdf(&format!("Ana {n}"))).collect();
    let uploads = files.iter().map(|file| app.upload("/api/v1/cvs", &ana.access, "cv.pdf", file, &[], None));
    let answers = futures_util::future::join_all(uploads).await;
    let mut versions: Vec<i64> = answers
        .iter()
        .map(|answer| {
            assert_eq!(answer.status, 202, "{}", answer.body);
            answer.body["version"].as_i64().unwrap()
        })
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=8).collect::<Vec<_>>());
    assert_eq!(answers.iter().filter(|a| a.body["is_primary"] == true).count(), 1, "one primary");
}

#[tokio::test]
async fn originals_are_sealed_in_storage() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let uploaded = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], None).await;
    let plain = app.config.storage.connect().unwrap();
    let stored =
        plain.get(&ObjectKey::cv_original(ana.id, id_of(&uploaded.body))).await.unwrap().bytes().await.unwrap();
    assert!(stored.len() > pdf("Ana").len());
    assert!(!stored.windows(5).any(|w| w == b"%PDF-"), "no plaintext at rest");
}

#[tokio::test]
async fn a_retried_upload_with_the_same_key_creates_one_cv() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let first = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], Some("retry-1")).await;
    let again = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], Some("retry-1")).await;
    assert_eq!((first.status, again.status), (202, 200));
    assert_eq!(first.body["id"], again.body["id"]);
    let list = app.get("/api/v1/cvs", Some(&ana.access)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    let bad_key = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], Some("con espacio")).await;
    assert_eq!(bad_key.problem(422)["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn uploads_are_refused_by_content_and_size() {
    let app = TestApp::spawn_with(&[("CV_MAX_UPLOAD_BYTES", "2000")]).await;
    let ana = app.register("ana@example.pe").await;
    let png = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", b"\x89PNG\r\n\x1a\n....", &[], None).await;
    png.problem(415);
    let zip = app.upload("/api/v1/cvs", &ana.access, "cv.docx", b"PK\x03\x04 a zip but not Word", &[], None).await;
    zip.problem(415);
    let empty = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", b"", &[], None).await;
    assert_eq!(empty.problem(422)["errors"][0]["code"], "empty");
    let mut big = pdf("Ana");
    big.resize(5000, b' ');
    app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &big, &[], None).await.problem(413);
    let language = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[("language", "pt")], None).await;
    assert_eq!(language.problem(422)["errors"][0]["field"], "language");
    let without_token = app.client.post(format!("{}/api/v1/cvs", app.base)).send().await.unwrap();
    assert_eq!(without_token.status(), 401);
    assert_eq!(app.get("/api/v1/cvs", Some(&ana.access)).await.body["items"], json!([]), "nothing half stored");
}

#[tokio::test]
async fn another_persons_cv_does_not_exist_for_you() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let luis = app.register("luis@example.pe").await;
    let cv = id_of(&app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], None).await.body);
    let made_up = app.get(&format!("/api/v1/cvs/{}", Uuid::now_v7()), Some(&luis.access)).await;
    let theirs = app.get(&format!("/api/v1/cvs/{cv}"), Some(&luis.access)).await;
    theirs.problem(404);
    assert_eq!(theirs.body, made_up.body);
    app.get(&format!("/api/v1/cvs/{cv}/file"), Some(&luis.access)).await.problem(404);
    app.request(reqwest::Method::PUT, &format!("/api/v1/cvs/{cv}/primary"), Some(&luis.access), None)
        .await
        .problem(404);
    app.delete(&format!("/api/v1/cvs/{cv}"), Some(&luis.access), None).await.problem(404);
    assert_eq!(app.get("/api/v1/cvs", Some(&luis.access)).await.body["items"], json!([]));
    assert_eq!(app.get(&format!("/api/v1/cvs/{cv}"), Some(&ana.access)).await.status, 200, "still Ana's");
}

#[tokio::test]
async fn deleting_a_cv_removes_its_file_and_passes_primary_on() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let first = id_of(&app.upload("/api/v1/cvs", &ana.access, "uno.pdf", &pdf("1"), &[], None).await.body);
    let second = id_of(&app.upload("/api/v1/cvs", &ana.access, "dos.pdf", &pdf("2"), &[], None).await.body);
    assert_eq!(app.delete(&format!("/api/v1/cvs/{first}"), Some(&ana.access), None).await.status, 204);
    app.get(&format!("/api/v1/cvs/{first}"), Some(&ana.access)).await.problem(404);
    assert_eq!(app.get(&format!("/api/v1/cvs/{second}"), Some(&ana.access)).await.body["is_primary"], true);

    let storage = app.config.storage.connect().unwrap();
    let key = ObjectKey::cv_original(ana.id, first);
    let mut gone = false;
    for _ in 0..100 {
        if storage.head(&key).await.is_err() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(gone, "the worker removed the stored file");
    assert!(storage.head(&ObjectKey::cv_original(ana.id, second)).await.is_ok());
}

#[tokio::test]
async fn a_queued_cv_is_not_queued_twice_and_export_lists_cvs() {
    // No worker: the CV stays queued.
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let ana = app.register("ana@example.pe").await;
    let cv = id_of(&app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &pdf("Ana"), &[], None).await.body);
    app.post(&format!("/api/v1/cvs/{cv}/reparse"), Some(&ana.access), json!({})).await.problem(409);
    let export = app.get("/api/v1/me/data-export", Some(&ana.access)).await;
    assert_eq!(export.body["data"]["cv"]["cvs"][0]["cv"]["id"], cv.to_string());
    assert!(export.body["data"]["cv"]["cvs"][0]["file"]["download"].as_str().unwrap().ends_with("/file"));
}

/// Polls the CV until parsing has ended.
pub(crate) async fn parsed(app: &TestApp, token: &str, id: Uuid) -> serde_json::Value {
    for _ in 0..200 {
        let cv = app.get(&format!("/api/v1/cvs/{id}"), Some(token)).await.body;
        if matches!(cv["parsing_status"].as_str(), Some("parsed" | "failed")) {
            return cv;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the CV was not parsed within 10 s");
}

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../crates/cv/tests/fixtures/text/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::test]
async fn an_uploaded_cv_is_parsed_in_the_background() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let file = fixture("two_column_row_major_reportlab.pdf");
    let uploaded = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &file, &[], None).await;
    assert_eq!(uploaded.status, 202, "{}", uploaded.body);
    let cv = parsed(&app, &ana.access, id_of(&uploaded.body)).await;
    assert_eq!(cv["parsing_status"], "parsed", "{cv}");
    let data = &cv["parsed_data"];
    assert_eq!(data["language"], "en");
    assert!(data["contact"]["email"].as_str().is_some_and(|e| e.contains('@')), "{data}");
    assert!(!data["experience"].as_array().unwrap().is_empty(), "{data}");
    assert!(data["total_experience_years"].as_f64().unwrap() > 0.0);
    assert!(data["skills"].as_array().unwrap().len() >= 3, "{data}");
    assert!(cv["parsed_at"].is_string());
}

#[tokio::test]
async fn a_cv_that_cannot_be_read_fails_with_a_reason() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let locked = fixture("encrypted_user_password.pdf");
    let uploaded = app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &locked, &[], None).await;
    let cv = parsed(&app, &ana.access, id_of(&uploaded.body)).await;
    assert_eq!(cv["parsing_status"], "failed");
    assert!(cv["parsing_error"].as_str().unwrap().starts_with("encrypted"), "{cv}");
    assert_eq!(cv["parsing_failure"]["code"], "encrypted");
    assert!(cv["parsing_failure"]["message_es"].as_str().unwrap().contains("contraseña"), "{cv}");
    assert!(cv["parsed_data"].is_null(), "nothing invented");
    let retried =
        app.post(&format!("/api/v1/cvs/{}/reparse", id_of(&uploaded.body)), Some(&ana.access), json!({})).await;
    assert_eq!(retried.status, 202, "a failed CV may be parsed again: {}", retried.body);
}
