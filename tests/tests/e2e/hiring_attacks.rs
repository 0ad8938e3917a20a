//! Attacks on the hiring pipeline: another company's members, over HTTP and straight at the
//! database as the application role, see nothing of an application, its notes, its history or the
//! CV shared with it.

use diesel_async::{AsyncConnection, RunQueryDsl};
use e2e::TestApp;
use serde_json::json;
use uuid::Uuid;

use crate::matches::{posting, publish_all, ready_cv};

/// How many rows `count_sql` (with `$1` = `id`) finds as the application role acting for `user` in
/// `tenant`.
pub(crate) async fn seen_as(app: &TestApp, tenant: Option<Uuid>, user: Uuid, count_sql: &str, id: Uuid) -> i64 {
    let mut conn = app.app_connection().await;
    let context = "SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), \
                   set_config('app.role', 'recruiter', true)";
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::sql_query(context)
            .bind::<diesel::sql_types::Text, _>(tenant.map(|t| t.to_string()).unwrap_or_default())
            .bind::<diesel::sql_types::Text, _>(user.to_string())
            .execute(conn)
            .await?;
        let counted: e2e::Count =
            diesel::sql_query(count_sql).bind::<diesel::sql_types::Uuid, _>(id).get_result(conn).await?;
        Ok(counted.count)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn another_company_sees_nothing_of_an_application() {
    let app = TestApp::spawn().await;
    let (tenant, admin) = app.company("duena").await;
    let (rival_tenant, rival) = app.company("rival").await;
    let job =
        publish_all(&app, &admin, &[posting("Contador", "Cierres y NIIF.", &["Contabilidad general"], &[], "onsite")])
            .await[0]
            .1;
    let ana = app.register("ana@example.pe").await;
    let cv = ready_cv(&app, &ana, "cv_0017_es_accounting_docx_textbox.docx").await;
    let applied =
        app.post(&format!("/api/v1/jobs/{job}/applications"), Some(&ana.access), json!({ "cv_id": cv })).await;
    assert_eq!(applied.status, 201, "{}", applied.body);
    let id: Uuid = applied.body["id"].as_str().unwrap().parse().unwrap();
    let noted = app
        .post(&format!("/api/v1/applications/{id}/notes"), Some(&admin.access), json!({ "body": "Confidencial" }))
        .await;
    assert_eq!(noted.status, 201);

    // Over HTTP: the same 404 as an id that does not exist.
    for path in [
        format!("/api/v1/applications/{id}"),
        format!("/api/v1/applications/{id}/notes"),
        format!("/api/v1/applications/{id}/cv"),
        format!("/api/v1/applications/{id}/cv/file"),
        format!("/api/v1/applications/{id}/timeline"),
        format!("/api/v1/jobs/{job}/applications"),
        format!("/api/v1/jobs/{job}/pipeline"),
        format!("/api/v1/applications/{}", Uuid::now_v7()),
    ] {
        app.get(&path, Some(&rival.access)).await.problem(404);
    }
    app.patch(&format!("/api/v1/applications/{id}"), Some(&rival.access), json!({ "rating": 1 })).await.problem(404);
    app.post(&format!("/api/v1/applications/{id}/notes"), Some(&rival.access), json!({ "body": "x" }))
        .await
        .problem(404);
    app.get(&format!("/api/v1/tenants/{tenant}/hiring-settings"), Some(&rival.access)).await.problem(404);
    // A person outside any company: 403; the candidate reads only their own view.
    app.get(&format!("/api/v1/jobs/{job}/applications"), Some(&ana.access)).await.problem(403);
    let luis = app.register("luis@example.pe").await;
    app.get(&format!("/api/v1/me/applications/{id}"), Some(&luis.access)).await.problem(404);
    app.post(&format!("/api/v1/me/applications/{id}/withdraw"), Some(&luis.access), json!({})).await.problem(404);

    // At the database, as the application role acting in the rival company: nothing.
    for table in ["hiring.applications", "hiring.notes", "hiring.stage_changes", "hiring.candidacies"] {
        let column = if table == "hiring.applications" { "id" } else { "application_id" };
        let sql = format!("SELECT count(*) AS count FROM {table} WHERE {column} = $1");
        assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, &sql, id).await, 0, "{table} leaks");
        assert!(seen_as(&app, Some(tenant), admin.id, &sql, id).await >= 1, "{table}: the owner company sees it");
    }
    let cv_sql = "SELECT count(*) AS count FROM cv.cvs WHERE id = $1";
    assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, cv_sql, cv).await, 0, "the shared CV leaks");
    let shares = "SELECT count(*) AS count FROM cv.shares WHERE cv_id = $1";
    assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, shares, cv).await, 0);
    // The candidate reads their application and history, never the notes.
    let notes = "SELECT count(*) AS count FROM hiring.notes WHERE application_id = $1";
    assert_eq!(seen_as(&app, None, ana.id, notes, id).await, 0, "notes are the company's");
    let own = "SELECT count(*) AS count FROM hiring.applications WHERE id = $1";
    assert_eq!(seen_as(&app, None, ana.id, own, id).await, 1);
    assert_eq!(seen_as(&app, None, luis.id, own, id).await, 0);
    // Writing into another company's pipeline is refused by the policies themselves.
    let forged = "WITH moved AS (UPDATE hiring.applications SET stage = 'offer' WHERE id = $1 RETURNING 1) \
                  SELECT count(*) AS count FROM moved";
    assert_eq!(seen_as(&app, Some(rival_tenant), rival.id, forged, id).await, 0);
}
