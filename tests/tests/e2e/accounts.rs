use e2e::registration;
use e2e::{PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn register_returns_the_user_and_a_token_pair() {
    let app = TestApp::spawn().await;
    let response = app.post("/api/v1/auth/register", None, registration("  Ana.Quispe@Example.PE ", PASSWORD)).await;
    assert_eq!(response.status, 201, "{}", response.body);
    let body = &response.body;
    assert_eq!(body["user"]["email"], "ana.quispe@example.pe");
    assert_eq!(body["user"]["locale"], "es-PE");
    assert_eq!(body["user"]["timezone"], "America/Lima");
    assert_eq!(body["user"]["marketing_consent"], true);
    assert!(body["user"]["terms_accepted_at"].is_string());
    assert!(body["user"]["privacy_accepted_at"].is_string());
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["access_token"].as_str().unwrap().split('.').count() == 3);
    assert!(body["refresh_token"].as_str().unwrap().len() >= 43);
    assert!(body["user"].get("password_hash").is_none());
    // A verification link was mailed, in Spanish.
    let mail = app.mailbox.sent_to("ana.quispe@example.pe");
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Confirma"));
}

#[tokio::test]
async fn duplicate_email_is_a_conflict() {
    let app = TestApp::spawn().await;
    app.register("rosa@example.pe").await;
    let again = app.post("/api/v1/auth/register", None, registration("ROSA@example.pe", PASSWORD)).await;
    again.problem(409);
}

#[tokio::test]
async fn consent_is_required() {
    let app = TestApp::spawn().await;
    let mut body = registration("luis@example.pe", PASSWORD);
    body["accept_terms"] = json!(false);
    body["accept_privacy"] = json!(false);
    let response = app.post("/api/v1/auth/register", None, body).await;
    let problem = response.problem(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["accept_terms", "accept_privacy"]);
}

#[tokio::test]
async fn password_policy_names_the_broken_rule() {
    let app = TestApp::spawn().await;
    for (password, rule) in
        [("corta", "too_short"), ("contraseña123", "too_common"), ("luis@example.pe", "same_as_email")]
    {
        let response = app.post("/api/v1/auth/register", None, registration("luis@example.pe", password)).await;
        let problem = response.problem(422);
        assert_eq!(problem["errors"][0]["field"], "password");
        assert_eq!(problem["errors"][0]["code"], rule, "{password}");
    }
}

#[tokio::test]
async fn login_succeeds_and_wrong_credentials_look_the_same_for_unknown_emails() {
    let app = TestApp::spawn().await;
    app.register("carla@example.pe").await;
    let ok = app.login("Carla@Example.pe", PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["user"]["email"], "carla@example.pe");
    assert!(ok.body["access_token"].is_string());

    let wrong_password = app.login("carla@example.pe", "otra-clave-cualquiera").await;
    let unknown_email = app.login("nadie@example.pe", "otra-clave-cualquiera").await;
    wrong_password.problem(401);
    unknown_email.problem(401);
    assert_eq!(wrong_password.body, unknown_email.body);
}

#[tokio::test]
async fn five_failures_lock_the_account_with_retry_after() {
    let app = TestApp::spawn().await;
    app.register("pedro@example.pe").await;
    for _ in 0..5 {
        app.login("pedro@example.pe", "no-es-la-clave").await.problem(401);
    }
    let locked = app.login("pedro@example.pe", PASSWORD).await;
    locked.problem(429);
    let retry_after: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
}

#[tokio::test]
async fn profile_can_be_read_and_edited() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let me = app.get("/api/v1/me", Some(&ana.access)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["id"], ana.id.to_string());

    let edited = app
        .patch(
            "/api/v1/me",
            Some(&ana.access),
            json!({ "first_name": " Ana María ", "phone": "+51 987 654 321", "locale": "en", "timezone": "America/Bogota", "marketing_consent": true }),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.body["first_name"], "Ana María");
    assert_eq!(edited.body["phone"], "+51987654321");
    assert_eq!(edited.body["locale"], "en");
    assert_eq!(edited.body["timezone"], "America/Bogota");
    assert_eq!(edited.body["marketing_consent"], true);

    let invalid = app.patch("/api/v1/me", Some(&ana.access), json!({ "phone": "12", "locale": "fr" })).await;
    assert_eq!(invalid.problem(422)["errors"].as_array().unwrap().len(), 2);
    // Nothing was half written.
    assert_eq!(app.get("/api/v1/me", Some(&ana.access)).await.body["locale"], "en");
}

#[tokio::test]
async fn email_verification_link_works_once() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let token = app.mailbox.last_token("ana@example.pe");
    let confirmed = app.post("/api/v1/auth/email-verification/confirm", None, json!({ "token": token })).await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.body);
    assert_eq!(app.get("/api/v1/me", Some(&ana.access)).await.body["email_verified"], true);
    app.post("/api/v1/auth/email-verification/confirm", None, json!({ "token": token })).await.problem(410);
    app.post("/api/v1/auth/email-verification/confirm", None, json!({ "token": "made-up" })).await.problem(404);
    app.post("/api/v1/auth/email-verification", Some(&ana.access), json!({})).await.problem(409);
}

#[tokio::test]
async fn password_reset_sets_a_new_password_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let unknown = app.post("/api/v1/auth/password-reset", None, json!({ "email": "nadie@example.pe" })).await;
    assert_eq!(unknown.status, 202);
    assert!(app.mailbox.sent_to("nadie@example.pe").is_empty());

    let requested = app.post("/api/v1/auth/password-reset", None, json!({ "email": "ANA@example.pe" })).await;
    assert_eq!(requested.status, 202);
    app.mailbox.wait_for("ana@example.pe", "contraseña", 1).await;
    let token = app.mailbox.last_token("ana@example.pe");
    let weak = app
        .post("/api/v1/auth/password-reset/confirm", None, json!({ "token": token, "new_password": "1234567890" }))
        .await;
    weak.problem(422);
    let reset = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({ "token": token, "new_password": "otra-frase-nueva-segura" }),
        )
        .await;
    assert_eq!(reset.status, 204, "{}", reset.body);
    app.login("ana@example.pe", PASSWORD).await.problem(401);
    assert_eq!(app.login("ana@example.pe", "otra-frase-nueva-segura").await.status, 200);
    app.get("/api/v1/me", Some(&ana.access)).await.problem(401);
    app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": ana.refresh })).await.problem(401);
    app.post(
        "/api/v1/auth/password-reset/confirm",
        None,
        json!({ "token": token, "new_password": "y-otra-frase-mas" }),
    )
    .await
    .problem(410);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_revokes_other_sessions() {
    let app = TestApp::spawn().await;
    let here = app.register("ana@example.pe").await;
    let elsewhere = e2e::account(&app.login("ana@example.pe", PASSWORD).await.body, "ana@example.pe", PASSWORD);
    let wrong = app
        .post(
            "/api/v1/me/password",
            Some(&here.access),
            json!({ "current_password": "no-la-recuerdo", "new_password": "nueva-frase-segura" }),
        )
        .await;
    assert!(wrong.problem(403)["detail"].as_str().unwrap().contains("current_password"));
    let changed = app
        .post(
            "/api/v1/me/password",
            Some(&here.access),
            json!({ "current_password": PASSWORD, "new_password": "nueva-frase-segura" }),
        )
        .await;
    assert_eq!(changed.status, 204, "{}", changed.body);
    assert_eq!(app.get("/api/v1/me", Some(&here.access)).await.status, 200);
    app.get("/api/v1/me", Some(&elsewhere.access)).await.problem(401);
    assert_eq!(app.login("ana@example.pe", "nueva-frase-segura").await.status, 200);
}

#[tokio::test]
async fn data_export_holds_the_account_and_deletion_ends_access() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let export = app.get("/api/v1/me/data-export", Some(&ana.access)).await;
    assert_eq!(export.status, 200, "{}", export.body);
    assert_eq!(export.body["data"]["identity"]["account"]["email"], "ana@example.pe");
    assert_eq!(export.body["data"]["identity"]["sessions"].as_array().unwrap().len(), 1);

    app.delete("/api/v1/me", Some(&ana.access), Some(json!({ "password": "equivocada-123" }))).await.problem(403);
    let deleted = app.delete("/api/v1/me", Some(&ana.access), Some(json!({ "password": PASSWORD }))).await;
    assert_eq!(deleted.status, 202, "{}", deleted.body);
    let purge_after: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(deleted.body["purge_after"].clone()).unwrap();
    let days = (purge_after - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "{days}");
    app.login("ana@example.pe", PASSWORD).await.problem(401);
    app.get("/api/v1/me", Some(&ana.access)).await.problem(401);
    // The email is free for a new account.
    app.register("ana@example.pe").await;
}

#[tokio::test]
async fn sign_ups_are_limited_per_ip_address() {
    let app = TestApp::spawn_with(&[("SIGN_UPS_PER_IP_PER_HOUR", "2")]).await;
    app.register("uno@example.pe").await;
    app.register("dos@example.pe").await;
    let third = app.post("/api/v1/auth/register", None, registration("tres@example.pe", PASSWORD)).await;
    third.problem(429);
    assert!(third.headers.contains_key("retry-after"));
    assert!(app.mailbox.sent_to("tres@example.pe").is_empty());
}

#[tokio::test]
async fn password_reset_mails_are_limited_per_address() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    for _ in 0..5 {
        let response = app.post("/api/v1/auth/password-reset", None, json!({ "email": "ana@example.pe" })).await;
        assert_eq!(response.status, 202, "the answer never reveals the limit");
    }
    app.mailbox.wait_for("ana@example.pe", "contraseña", 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let resets = app.mailbox.sent_to("ana@example.pe").into_iter().filter(|m| m.subject.contains("contraseña")).count();
    assert_eq!(resets, 3);
}
