use e2e::TestApp;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let response = TestApp::read(response).await;
    assert!(response.problem(400)["detail"].as_str().unwrap().contains("malformed JSON"));
}

#[tokio::test]
async fn wrong_shapes_types_and_sizes_are_problems() {
    let app = TestApp::spawn().await;
    let missing_field = app.post("/api/v1/auth/login", None, json!({ "email": "a@b.pe" })).await;
    assert!(missing_field.problem(422)["detail"].as_str().unwrap().contains("password"));

    let text = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("content-type", "text/plain")
        .body("hola")
        .send()
        .await
        .unwrap();
    TestApp::read(text).await.problem(415);

    let huge = json!({ "email": "a@b.pe", "password": "x".repeat(100_000) });
    app.post("/api/v1/auth/login", None, huge).await.problem(413);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = TestApp::spawn().await;
    app.get("/api/v1/nowhere", None).await.problem(404);
    let wrong_method = app.request(reqwest::Method::PUT, "/api/v1/auth/login", None, Some(json!({}))).await;
    wrong_method.problem(405);
    assert_eq!(wrong_method.headers["allow"], "POST");
    let templated = app.request(reqwest::Method::PUT, "/api/v1/me/sessions/abc", None, None).await;
    templated.problem(405);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let fresh = app.get("/health/live", None).await;
    assert_eq!(fresh.headers["x-request-id"].to_str().unwrap().len(), 36);
    let echoed = app
        .client
        .get(format!("{}/health/live", app.base))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "trace-me-123");
}

#[tokio::test]
async fn health_probes_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/health/live", None).await.body["status"], "ok");
    assert_eq!(app.get("/health/ready", None).await.body["status"], "ready");
}

#[tokio::test]
async fn readiness_names_the_dependency_that_is_down() {
    // Port 1 on loopback refuses connections: the database is "down" while Redis is up.
    let app = TestApp::spawn_with(&[("APP_DATABASE_URL", "postgres://entrevistador_app:x@127.0.0.1:1/nothing")]).await;
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.problem(503)["detail"], "not ready: database down");
}

#[tokio::test]
async fn metrics_count_requests_by_route() {
    let app = TestApp::spawn().await;
    app.get("/health/live", None).await;
    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status, 200);
    let text = metrics.body.as_str().unwrap();
    assert!(text.contains(r#"http_requests_total{method="GET",route="/health/live",status="200"} 1"#), "{text}");
    assert!(text.contains("http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_the_docs_page_serves_offline() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json", None).await;
    assert_eq!(doc.status, 200);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc.body["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/switch-tenant",
        "/api/v1/me",
        "/api/v1/me/sessions",
        "/api/v1/me/sessions/{id}",
        "/api/v1/me/password",
        "/api/v1/me/data-export",
        "/api/v1/tenants",
        "/api/v1/tenants/{id}/members",
        "/api/v1/tenants/{id}/invitations",
        "/api/v1/invitations/{token}/accept",
        "/api/v1/tenants/{id}/members/{user_id}",
        "/.well-known/jwks.json",
        "/health/live",
        "/health/ready",
        "/metrics",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    assert!(doc.body["components"]["schemas"]["Problem"].is_object());

    let page = app.get("/docs/", None).await;
    assert_eq!(page.status, 200);
    let html = page.body.as_str().unwrap();
    assert!(html.contains("/docs/swagger-ui-bundle.js") && html.contains("/api/openapi.json"));
    assert!(!html.contains("https://"), "the page must not load anything from the internet");
    let bundle = app.client.get(format!("{}/docs/swagger-ui-bundle.js", app.base)).send().await.unwrap();
    assert_eq!(bundle.status(), 200);
    assert!(bundle.text().await.unwrap().len() > 100_000);
    assert_eq!(app.get("/docs", None).await.status, 308);
}

#[derive(diesel::QueryableByName)]
struct BackendPid {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

async fn backend_pid(pool: &kernel::db::DbPool) -> i32 {
    use diesel_async::RunQueryDsl;
    use kernel::db::ScopedFutureExt;
    let scope = kernel::db::RequestScope::anonymous();
    kernel::db::scoped(pool, &scope, |conn| {
        async move {
            let row: BackendPid = diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(conn).await?;
            Ok(row.pid)
        }
        .scope_boxed()
    })
    .await
    .expect("a transaction on a fresh connection")
}

#[tokio::test]
async fn a_pooled_connection_the_server_closed_is_replaced_without_failing_a_request() {
    let app = TestApp::spawn().await;
    // One connection, so the second transaction gets the one the server closed.
    let pool = kernel::db::pool(&app.config.app_database_url, 1).unwrap();
    let first = backend_pid(&pool).await;
    let terminated =
        format!("SELECT count(*) AS count FROM pg_stat_activity WHERE pid = {first} AND pg_terminate_backend({first})");
    assert_eq!(app.owner_count(&terminated, None).await, 1);
    let second = backend_pid(&pool).await;
    assert_ne!(first, second, "a new connection served the request");
}
