//! The reproducers of the platform-hardening review (issue 5), each as a journey: input hygiene,
//! request heads, lockouts that protect without locking people out, browsers' needs, tokens.

use std::io::{Read, Write};
use std::time::Duration;

use e2e::{PASSWORD, TestApp};
use kernel::auth::{Claims, JwtKeys};
use serde_json::json;
use uuid::Uuid;

async fn raw_post(app: &TestApp, path: &str, body: &str) -> e2e::Response {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    TestApp::read(response).await
}

#[tokio::test]
async fn nul_in_any_text_field_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let login = app.post("/api/v1/auth/login", None, json!({ "email": "a\u{0}@b.pe", "password": "x" })).await;
    assert_eq!(login.problem(422)["errors"][0]["field"], "email");
    assert_eq!(login.body["errors"][0]["code"], "control_character");

    let ana = app.register("ana@example.pe").await;
    let patch = app.patch("/api/v1/me", Some(&ana.access), json!({ "first_name": "Ana\u{0}" })).await;
    assert_eq!(patch.problem(422)["errors"][0]["field"], "first_name");
    let reset = app.post("/api/v1/auth/password-reset", None, json!({ "email": "\u{0}" })).await;
    reset.problem(422);
    let company = app.post("/api/v1/tenants", Some(&ana.access), json!({ "name": "Acme\u{1b}", "slug": "acme" })).await;
    assert_eq!(company.problem(422)["errors"][0]["field"], "name");
    let query =
        app.get("/api/v1/tenants/00000000-0000-0000-0000-000000000000/members?cursor=%00", Some(&ana.access)).await;
    assert_eq!(query.problem(422)["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn one_rule_for_bodies_syntax_400_shape_422_objects_only() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let array = app.patch("/api/v1/me", Some(&ana.access), json!([null, null])).await;
    assert_eq!(array.problem(422)["errors"][0]["code"], "not_an_object");
    let wrong_type = app.post("/api/v1/auth/login", None, json!({ "email": 42, "password": "x" })).await;
    assert_eq!(wrong_type.problem(422)["errors"][0]["field"], "email");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    raw_post(&app, "/api/v1/auth/login", &deep).await.problem(400);
    raw_post(&app, "/api/v1/auth/login", "{\"email\": tru").await.problem(400);
    let limit =
        app.get("/api/v1/tenants/00000000-0000-0000-0000-000000000000/members?limit=abc", Some(&ana.access)).await;
    assert_eq!(limit.problem(422)["errors"][0]["field"], "limit");
}

#[tokio::test]
async fn oversized_heads_are_problems() {
    let app = TestApp::spawn().await;
    let big_header = app
        .client
        .get(format!("{}/health/live", app.base))
        .header("x-padding", "a".repeat(100 * 1024))
        .send()
        .await
        .unwrap();
    let big_header = TestApp::read(big_header).await;
    assert!(big_header.problem(431)["detail"].as_str().unwrap().contains("x-padding"));
    let long_url = app.get(&format!("/api/v1/nowhere?q={}", "a".repeat(20 * 1024)), None).await;
    long_url.problem(414);
}

#[tokio::test]
async fn a_413_ends_the_connection_instead_of_draining_the_body() {
    let app = TestApp::spawn().await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let head = "POST /api/v1/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&[b' '; 64 * 1024]).unwrap();
        let mut answer = Vec::new();
        // The server closes the connection after the problem: read_to_end returns.
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.to_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
}

#[tokio::test]
async fn request_ids_and_metrics_labels_are_bounded() {
    let app = TestApp::spawn().await;
    let hostile = app
        .client
        .get(format!("{}/health/live", app.base))
        .header("x-request-id", "a\"b c<script>")
        .send()
        .await
        .unwrap();
    let id = hostile.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "replaced by a fresh id: {id}");
    for n in 0..20 {
        let method = reqwest::Method::from_bytes(format!("MADEUP{n}").as_bytes()).unwrap();
        app.request(method, "/api/v1/me", None, None).await;
    }
    let metrics = app.get("/metrics", None).await.body.as_str().unwrap_or_default().to_owned();
    assert!(!metrics.contains("MADEUP"), "made-up methods are not labels");
    assert!(metrics.contains("method=\"other\""));
}

#[tokio::test]
async fn metrics_can_live_on_an_internal_listener_only() {
    let app = TestApp::spawn_with(&[("METRICS_BIND", "127.0.0.1:0")]).await;
    app.get("/metrics", None).await.problem(404);
    let internal = app.metrics_base.clone().expect("a metrics listener");
    app.get("/health/live", None).await;
    let metrics = app.client.get(format!("{internal}/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), 200);
    assert!(metrics.text().await.unwrap().contains("route=\"/health/live\""), "the API's requests are counted");
}

#[tokio::test]
async fn production_answers_carry_hsts() {
    let secret = ("APP_SECRET", "a-production-secret-of-more-than-32-chars");
    let keys = ("STORAGE_ENCRYPTION_KEYS", "prod-1:cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcyEhISE=");
    // Production takes real money only: a provider with its key and webhook secret, and the RUC
    // receipts are issued under.
    let payments = [
        ("PAYMENT_PROVIDER", "stripe"),
        ("PAYMENT_API_KEY", "sk_test_production_check"),
        ("PAYMENT_WEBHOOK_SECRET", "whsec_production_check"),
        ("BILLING_SELLER_RUC", "20131312955"),
    ];
    let app = TestApp::spawn_with(&[&[("APP_ENV", "production"), secret, keys][..], &payments].concat()).await;
    let live = app.get("/health/live", None).await;
    assert!(live.headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    let development = TestApp::spawn().await;
    assert!(!development.get("/health/live", None).await.headers.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn verification_mails_are_limited() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    for _ in 0..3 {
        assert_eq!(app.post("/api/v1/auth/email-verification", Some(&ana.access), json!({})).await.status, 202);
    }
    let limited = app.post("/api/v1/auth/email-verification", Some(&ana.access), json!({})).await;
    limited.problem(429);
}

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out_of_a_known_device() {
    let app = TestApp::spawn().await;
    let signed_up = app.post("/api/v1/auth/register", None, e2e::registration("ana@example.pe", PASSWORD)).await;
    let device_token = signed_up.body["device_token"].as_str().unwrap().to_owned();
    for _ in 0..5 {
        app.login("ana@example.pe", "adivinando-la-clave").await.problem(401);
    }
    let slowed = app.login("ana@example.pe", PASSWORD).await;
    slowed.problem(429);
    let wait: u64 = slowed.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=4).contains(&wait), "back-off, not a 15-minute wall: {wait}");

    let body = json!({ "email": "ana@example.pe", "password": PASSWORD, "device_token": device_token });
    let from_known_device = app.post("/api/v1/auth/login", None, body).await;
    assert_eq!(from_known_device.status, 200, "{}", from_known_device.body);
    // One character of the tag changed (not the last one, whose low bits base64 leaves unused).
    let position = device_token.len() - 5;
    let swapped = if &device_token[position..=position] == "A" { "B" } else { "A" };
    let forged_token = format!("{}{swapped}{}", &device_token[..position], &device_token[position + 1..]);
    let forged = json!({ "email": "ana@example.pe", "password": PASSWORD, "device_token": forged_token });
    app.post("/api/v1/auth/login", None, forged).await.problem(429);
    let malformed = json!({ "email": "ana@example.pe", "password": PASSWORD, "device_token": "mine" });
    let malformed = app.post("/api/v1/auth/login", None, malformed).await;
    assert_eq!(malformed.problem(422)["errors"][0]["field"], "device_token");
}

#[tokio::test]
async fn one_address_is_stopped_by_distinct_accounts_not_by_attempts() {
    let app = TestApp::spawn_with(&[("LOGIN_IP_MAX_ACCOUNTS", "3"), ("LOGIN_FREE_FAILURES", "50")]).await;
    app.register("ana@example.pe").await;
    for _ in 0..8 {
        app.login("ana@example.pe", "me-equivoque-otra-vez").await.problem(401);
    }
    assert_eq!(app.login("ana@example.pe", PASSWORD).await.status, 200, "one person's typos block nobody");
    app.login("luis@example.pe", "x-x-x-x-x-x").await.problem(401);
    app.login("rosa@example.pe", "x-x-x-x-x-x").await.problem(401);
    let sprayed = app.login("ana@example.pe", PASSWORD).await;
    sprayed.problem(429);
    assert!(sprayed.headers.contains_key("retry-after"));
    let malformed = app.login("not-an-email", "x-x-x-x-x-x").await;
    malformed.problem(422);
}

#[tokio::test]
async fn password_confirmations_are_throttled_too() {
    let app = TestApp::spawn_with(&[("LOGIN_FREE_FAILURES", "3")]).await;
    let ana = app.register("ana@example.pe").await;
    let wrong = json!({ "current_password": "no-es-la-clave-1", "new_password": "otra-frase-nueva-segura" });
    for _ in 0..3 {
        app.post("/api/v1/me/password", Some(&ana.access), wrong.clone()).await.problem(403);
    }
    let slowed = app.delete("/api/v1/me", Some(&ana.access), Some(json!({ "password": "tampoco-es-esta" }))).await;
    slowed.problem(429);
}

#[tokio::test]
async fn redis_keys_never_hold_email_addresses() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    app.login("ana@example.pe", "no-es-la-clave").await.problem(401);
    app.login("ghost@example.pe", "no-es-la-clave").await.problem(401);
    app.post("/api/v1/auth/password-reset", None, json!({ "email": "ana@example.pe" })).await;
    app.mailbox.wait_for("ana@example.pe", "contraseña", 1).await;
    let keys = app.redis_keys().await;
    assert!(keys.len() >= 3, "{keys:?}");
    assert!(keys.iter().all(|k| !k.contains('@') && !k.contains("example")), "{keys:?}");
}

#[tokio::test]
async fn password_reset_answers_alike_for_known_and_unknown_addresses() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    for email in ["ana@example.pe", "nadie@example.pe"] {
        let response = app.post("/api/v1/auth/password-reset", None, json!({ "email": email })).await;
        assert_eq!(response.status, 202);
        assert_eq!(response.body, serde_json::Value::Null, "same empty answer");
    }
    app.mailbox.wait_for("ana@example.pe", "contraseña", 1).await;
    assert!(app.mailbox.sent_to("nadie@example.pe").is_empty());
}

#[tokio::test]
async fn browsers_get_cors_and_security_headers() {
    let app = TestApp::spawn_with(&[("CORS_ALLOWED_ORIGINS", "https://app.example.pe")]).await;
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/auth/login", app.base))
        .header("origin", "https://app.example.pe")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type, authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://app.example.pe");
    assert!(preflight.headers().contains_key("access-control-max-age"));
    assert!(!preflight.headers().contains_key("access-control-allow-credentials"));

    let stranger = app
        .client
        .get(format!("{}/health/live", app.base))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!stranger.headers().contains_key("access-control-allow-origin"));

    let ana = app.register("ana@example.pe").await;
    let me = app.get("/api/v1/me", Some(&ana.access)).await;
    assert_eq!(me.headers["cache-control"], "no-store");
    assert_eq!(me.headers["x-content-type-options"], "nosniff");
    let jwks = app.get("/.well-known/jwks.json", None).await;
    assert!(jwks.headers["cache-control"].to_str().unwrap().starts_with("public"));

    let docs = app.client.get(format!("{}/docs/", app.base)).send().await.unwrap();
    let csp = docs.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let redirect = no_redirects.get(format!("{}/docs", app.base)).send().await.unwrap();
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "docs/", "relative, so it works behind a proxy's prefix");
}

fn forge(app: &TestApp, edit: impl FnOnce(&mut Claims)) -> String {
    let keys = JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900).unwrap();
    let now = chrono::Utc::now().timestamp();
    let mut claims = Claims {
        iss: app.config.jwt_issuer.clone(),
        aud: app.config.jwt_audience.clone(),
        sub: Uuid::now_v7(),
        sid: Uuid::now_v7(),
        tid: None,
        role: None,
        iat: now,
        nbf: Some(now),
        exp: now + 600,
        jti: Uuid::now_v7(),
    };
    edit(&mut claims);
    keys.sign(&claims)
}

#[tokio::test]
async fn tokens_are_checked_beyond_their_signature() {
    let app = TestApp::spawn().await;
    let ghost = forge(&app, |_| {});
    let response = app.get("/api/v1/me", Some(&ghost)).await;
    response.problem(401);

    let ana = app.register("ana@example.pe").await;
    let claims = JwtKeys::from_pem(&app.signing_key, &app.config.jwt_issuer, &app.config.jwt_audience, 900)
        .unwrap()
        .verify(&ana.access)
        .unwrap();
    let early = forge(&app, |c| {
        c.sub = claims.sub;
        c.sid = claims.sid;
        c.nbf = Some(c.iat + 600);
    });
    assert!(
        app.get("/api/v1/me", Some(&early)).await.problem(401)["detail"].as_str().unwrap().contains("not valid yet")
    );
}

#[tokio::test]
async fn revoked_sessions_stay_revoked_when_redis_forgets() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    assert_eq!(app.get("/api/v1/me", Some(&ana.access)).await.status, 200);
    assert_eq!(app.post("/api/v1/auth/logout", Some(&ana.access), json!({})).await.status, 204);
    app.get("/api/v1/me", Some(&ana.access)).await.problem(401);
    app.flush_redis().await;
    app.get("/api/v1/me", Some(&ana.access)).await.problem(401);
}

/// A Redis server of the test's own, so it can be stopped without disturbing the others.
struct OwnRedis {
    process: std::process::Child,
    url: String,
}

impl OwnRedis {
    fn start() -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server is installed (scripts/services.sh installs it)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        OwnRedis { process, url: format!("redis://127.0.0.1:{port}/") }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[tokio::test]
async fn a_redis_outage_fails_fast_and_signed_in_requests_go_on() {
    let mut redis = OwnRedis::start();
    let app = TestApp::spawn_with(&[("REDIS_URL", &redis.url.clone())]).await;
    let ana = app.register("ana@example.pe").await;
    redis.process.kill().unwrap();
    redis.process.wait().unwrap();

    let started = std::time::Instant::now();
    let login = app.login("ana@example.pe", PASSWORD).await;
    login.problem(503);
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    let started = std::time::Instant::now();
    app.login("ana@example.pe", PASSWORD).await.problem(503);
    assert!(started.elapsed() < Duration::from_secs(1), "the breaker answers at once: {:?}", started.elapsed());

    let me = app.get("/api/v1/me", Some(&ana.access)).await;
    assert_eq!(me.status, 200, "sessions are checked against the database: {}", me.body);
    app.get("/health/ready", None).await.problem(503);
}
