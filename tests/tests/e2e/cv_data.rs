//! What parsing leaves behind: sections, canonical skills and vectors as rows only the owner
//! sees; the owner's corrections over the parser's data, surviving a reparse; all of it gone
//! with the CV.

use std::time::Duration;

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, RunQueryDsl};
use e2e::{Count, TestApp};
use serde_json::json;
use uuid::Uuid;

use crate::cvs::{fixture, id_of, parsed};

/// Rows of `table` for the CV, counted as the owner (past row-level security).
async fn rows(app: &TestApp, table: &str, cv: Uuid) -> i64 {
    app.owner_count(&format!("SELECT count(*) AS count FROM cv.{table} WHERE cv_id = $1"), Some(cv)).await
}

/// Waits for the CV's vectors: the whole CV's and one per section.
async fn vectors(app: &TestApp, cv: Uuid, sections: i64) -> i64 {
    for _ in 0..600 {
        let count = rows(app, "cv_embeddings", cv).await;
        if count > sections {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the CV's vectors were not made within 60 s");
}

async fn upload_parsed(app: &TestApp, token: &str) -> (Uuid, serde_json::Value) {
    let file = fixture("two_column_row_major_reportlab.pdf");
    let uploaded = app.upload("/api/v1/cvs", token, "cv.pdf", &file, &[], None).await;
    let id = id_of(&uploaded.body);
    let cv = parsed(app, token, id).await;
    assert_eq!(cv["parsing_status"], "parsed", "{cv}");
    (id, cv)
}

#[tokio::test]
async fn a_parsed_cv_has_sections_skills_and_vectors_only_its_owner_sees() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let (id, cv) = upload_parsed(&app, &ana.access).await;

    let kinds: Vec<&str> = cv["sections"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"experience") && kinds.contains(&"skills"), "{kinds:?}");
    assert!(cv["parsed_data"].get("sections").is_none(), "sections are rows, not repeated in the data");
    let skills = cv["skills"].as_array().unwrap();
    assert_eq!(skills.len(), cv["parsed_data"]["skills"].as_array().unwrap().len());
    assert!(skills.iter().all(|s| ["listed", "text"].contains(&s["source"].as_str().unwrap())), "{skills:?}");
    let sections = rows(&app, "cv_sections", id).await;
    assert_eq!(sections, kinds.len() as i64);
    assert_eq!(vectors(&app, id, sections).await, sections + 1);

    // Another person's request context sees none of it.
    let bob = app.register("bob@example.pe").await;
    let mut conn = app.app_connection().await;
    let seen = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query("SELECT set_config('app.user_id', $1, true)")
                .bind::<Text, _>(bob.id.to_string())
                .execute(conn)
                .await?;
            let mut seen = 0;
            for table in ["cv_sections", "skills", "cv_embeddings"] {
                let count: Count =
                    diesel::sql_query(format!("SELECT count(*) AS count FROM cv.{table}")).get_result(conn).await?;
                seen += count.count;
            }
            Ok(seen)
        })
        .await
        .unwrap();
    assert_eq!(seen, 0, "bob saw ana's CV rows");
    app.get(&format!("/api/v1/cvs/{id}"), Some(&bob.access)).await.problem(404);
    app.patch(&format!("/api/v1/cvs/{id}"), Some(&bob.access), json!({"summary": "mine"})).await.problem(404);
}

#[tokio::test]
async fn corrections_win_over_the_parser_and_survive_a_reparse() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let (id, cv) = upload_parsed(&app, &ana.access).await;
    let parsed_email = cv["parsed_data"]["contact"]["email"].clone();

    let corrected = app
        .patch(
            &format!("/api/v1/cvs/{id}"),
            Some(&ana.access),
            json!({
                "contact": {"full_name": "Ana Lucía Quispe Ramos", "phone": ""},
                "experience": [
                    {"title": "Contadora", "company": "Alicorp", "start": "2018-01", "end": "2020-12"},
                    {"title": "Analista Contable Senior", "company": "Yape", "start": "2021-01"}
                ],
                "skills": [{"name": "NIIF", "years": 5, "proficiency": "advanced"}, {"name": "Tejido a crochet"}],
            }),
        )
        .await;
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    let check = |cv: &serde_json::Value| {
        let data = &cv["parsed_data"];
        assert_eq!(data["contact"]["full_name"], "Ana Lucía Quispe Ramos");
        assert_eq!(data["contact"]["phone"], serde_json::Value::Null);
        assert_eq!(data["contact"]["email"], parsed_email, "a field not corrected keeps the parser's value");
        assert_eq!(data["experience"][1]["current"], true);
        assert!(data["total_experience_years"].as_f64().unwrap() > 5.0);
        let skills: Vec<(&str, &str)> = cv["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].as_str().unwrap(), s["source"].as_str().unwrap()))
            .collect();
        assert_eq!(skills.len(), 2, "{skills:?}");
        assert!(skills.iter().all(|(_, source)| *source == "user"));
        assert!(skills.iter().any(|(id, _)| *id == "custom:tejido a crochet"));
    };
    check(&corrected.body);

    let again = app.post(&format!("/api/v1/cvs/{id}/reparse"), Some(&ana.access), json!({})).await;
    assert_eq!(again.status, 202, "{}", again.body);
    let reparsed = parsed(&app, &ana.access, id).await;
    check(&reparsed);
    assert_eq!(rows(&app, "skills", id).await, 2);

    // Later corrections add to earlier ones; impossible ones are refused naming the field.
    let later =
        app.patch(&format!("/api/v1/cvs/{id}"), Some(&ana.access), json!({"contact": {"location": "Arequipa"}})).await;
    assert_eq!(later.body["parsed_data"]["contact"]["full_name"], "Ana Lucía Quispe Ramos");
    assert_eq!(later.body["parsed_data"]["contact"]["location"], "Arequipa");
    let backwards = json!({"experience": [{"title": "Contadora", "start": "2021-05", "end": "2020-01"}]});
    let refused = app.patch(&format!("/api/v1/cvs/{id}"), Some(&ana.access), backwards).await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "experience[0].end");
    let unknown = app.patch(&format!("/api/v1/cvs/{id}"), Some(&ana.access), json!({"salary": 1})).await;
    unknown.problem(422);
}

#[tokio::test]
async fn a_cv_not_parsed_yet_cannot_be_corrected() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let ana = app.register("ana@example.pe").await;
    let file = fixture("two_column_row_major_reportlab.pdf");
    let id = id_of(&app.upload("/api/v1/cvs", &ana.access, "cv.pdf", &file, &[], None).await.body);
    app.patch(&format!("/api/v1/cvs/{id}"), Some(&ana.access), json!({"summary": "Contadora"})).await.problem(409);
}

#[tokio::test]
async fn deleting_a_cv_deletes_its_sections_skills_and_vectors() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let (id, _) = upload_parsed(&app, &ana.access).await;
    let sections = rows(&app, "cv_sections", id).await;
    vectors(&app, id, sections).await;
    assert_eq!(app.delete(&format!("/api/v1/cvs/{id}"), Some(&ana.access), None).await.status, 204);
    for table in ["cv_sections", "skills", "cv_embeddings"] {
        assert_eq!(rows(&app, table, id).await, 0, "cv.{table} kept rows of a deleted CV");
    }
}

#[tokio::test]
async fn erasing_an_account_erases_its_cvs_rows_vectors_and_files() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let (id, _) = upload_parsed(&app, &ana.access).await;
    vectors(&app, id, rows(&app, "cv_sections", id).await).await;
    app.delete_and_purge(&ana).await;
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    for table in ["cvs", "cv_sections", "skills", "cv_embeddings"] {
        let column = if table == "cvs" { "id" } else { "cv_id" };
        let left =
            app.owner_count(&format!("SELECT count(*) AS count FROM cv.{table} WHERE {column} = $1"), Some(id)).await;
        assert_eq!(left, 0, "cv.{table} kept rows of an erased account");
    }
    for prefix in platform::storage::user_prefixes(ana.id) {
        assert!(storage.list(&prefix).await.unwrap().is_empty(), "files left under {}", prefix);
    }
}
