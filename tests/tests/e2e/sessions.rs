use e2e::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn refresh_rotates_and_the_old_token_dies() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let rotated = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": ana.refresh })).await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let new_refresh = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, ana.refresh);
    assert_eq!(app.get("/api/v1/me", Some(rotated.body["access_token"].as_str().unwrap())).await.status, 200);
    let again = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": new_refresh })).await;
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn reusing_a_rotated_token_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let rotated = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": ana.refresh })).await;
    let live_refresh = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    let live_access = rotated.body["access_token"].as_str().unwrap().to_owned();

    let replay = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": ana.refresh })).await;
    assert!(replay.problem(401)["detail"].as_str().unwrap().contains("already used"));
    // Every token of the family is dead now, the newest included.
    app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": live_refresh })).await.problem(401);
    app.get("/api/v1/me", Some(&live_access)).await.problem(401);
    // Other sessions are untouched.
    assert_eq!(app.login("ana@example.pe", PASSWORD).await.status, 200);
}

#[tokio::test]
async fn unknown_refresh_token_is_refused() {
    let app = TestApp::spawn().await;
    app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": "not-a-token" })).await.problem(401);
}

#[tokio::test]
async fn logout_ends_the_session_now() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let out = app.post("/api/v1/auth/logout", Some(&ana.access), json!({})).await;
    assert_eq!(out.status, 204, "{}", out.body);
    app.get("/api/v1/me", Some(&ana.access)).await.problem(401);
    app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": ana.refresh })).await.problem(401);
}

#[tokio::test]
async fn sessions_are_listed_and_revocable() {
    let app = TestApp::spawn().await;
    let phone = app.register("ana@example.pe").await;
    let laptop = e2e::account(&app.login("ana@example.pe", PASSWORD).await.body, "ana@example.pe", PASSWORD);
    let listed = app.get("/api/v1/me/sessions", Some(&laptop.access)).await;
    assert_eq!(listed.status, 200);
    let sessions = listed.body.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_session = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();

    let revoked = app.delete(&format!("/api/v1/me/sessions/{phone_session}"), Some(&laptop.access), None).await;
    assert_eq!(revoked.status, 204, "{}", revoked.body);
    app.get("/api/v1/me", Some(&phone.access)).await.problem(401);
    assert_eq!(app.get("/api/v1/me/sessions", Some(&laptop.access)).await.body.as_array().unwrap().len(), 1);
    app.delete(&format!("/api/v1/me/sessions/{phone_session}"), Some(&laptop.access), None).await.problem(404);

    // Someone else's session id is simply not found.
    let other = app.register("luis@example.pe").await;
    let theirs = app.get("/api/v1/me/sessions", Some(&other.access)).await.body[0]["id"].as_str().unwrap().to_owned();
    app.delete(&format!("/api/v1/me/sessions/{theirs}"), Some(&laptop.access), None).await.problem(404);
    assert_eq!(app.get("/api/v1/me", Some(&other.access)).await.status, 200);
}

#[tokio::test]
async fn sessions_record_the_client_address_given_by_a_trusted_proxy_only() {
    let forwarded = |app: &TestApp, email: &str| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.base))
            .header("x-forwarded-for", "203.0.113.7")
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
    };
    let direct = TestApp::spawn().await;
    let ana = direct.register("ana@example.pe").await;
    forwarded(&direct, "ana@example.pe").await.unwrap();
    let ips: Vec<String> = direct
        .get("/api/v1/me/sessions", Some(&ana.access))
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ip"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ips, vec!["127.0.0.1", "127.0.0.1"], "an untrusted peer cannot claim another address");

    let proxied = TestApp::spawn_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let luis = proxied.register("luis@example.pe").await;
    forwarded(&proxied, "luis@example.pe").await.unwrap();
    let sessions = proxied.get("/api/v1/me/sessions", Some(&luis.access)).await;
    assert_eq!(sessions.body[0]["ip"], "203.0.113.7");
}
