use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::TestApp;
use kernel::auth::JwtKeys;

async fn claims_of(app: &TestApp, token: &str) -> kernel::auth::Claims {
    let keys = JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900).unwrap();
    keys.verify(token).unwrap()
}

#[tokio::test]
async fn a_tampered_signature_is_refused() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let mut parts: Vec<String> = ana.access.split('.').map(str::to_owned).collect();
    let mut payload: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    payload["sub"] = serde_json::json!(uuid::Uuid::now_v7());
    parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
    app.get("/api/v1/me", Some(&parts.join("."))).await.problem(401);
}

#[tokio::test]
async fn an_unsigned_token_is_refused() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let payload = ana.access.split('.').nth(1).unwrap();
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    app.get("/api/v1/me", Some(&format!("{header}.{payload}."))).await.problem(401);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let keys = JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900).unwrap();
    let mut claims = claims_of(&app, &ana.access).await;
    claims.iat -= 7200;
    claims.exp -= 7200;
    let response = app.get("/api/v1/me", Some(&keys.sign(&claims))).await;
    assert!(response.problem(401)["detail"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let keys = JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, "another-api", 900).unwrap();
    let mut claims = claims_of(&app, &ana.access).await;
    claims.aud = "another-api".into();
    let response = app.get("/api/v1/me", Some(&keys.sign(&claims))).await;
    assert!(response.problem(401)["detail"].as_str().unwrap().contains("audience"));
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let forger =
        JwtKeys::from_pem(&JwtKeys::generate_pem(), &app.config.jwt_issuer, &app.config.jwt_audience, 900).unwrap();
    let claims = claims_of(&app, &ana.access).await;
    app.get("/api/v1/me", Some(&forger.sign(&claims))).await.problem(401);
}

#[tokio::test]
async fn missing_or_garbled_credentials_are_refused() {
    let app = TestApp::spawn().await;
    let missing = app.get("/api/v1/me", None).await;
    missing.problem(401);
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    app.get("/api/v1/me", Some("garbage")).await.problem(401);
}

#[tokio::test]
async fn jwks_publishes_the_verifying_key() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let jwks = app.get("/.well-known/jwks.json", None).await;
    assert_eq!(jwks.status, 200);
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_value(jwks.body.clone()).unwrap();
    let kid = jsonwebtoken::decode_header(&ana.access).unwrap().kid.unwrap();
    let jwk = set.find(&kid).expect("the token's kid is published");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&[&app.config.jwt_audience]);
    let decoded = jsonwebtoken::decode::<serde_json::Value>(
        &ana.access,
        &jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims["sub"], ana.id.to_string());
}
