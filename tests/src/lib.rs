//! The black-box test harness: each test gets the real server on a free port, its own database
//! cloned from a migrated template, its own Redis key prefix and a mailbox.

pub mod fakes;

use std::sync::{Arc, Mutex};

use app::config::Config;
use app::startup::{Application, Overrides};
use async_trait::async_trait;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use kernel::AppError;
use kernel::auth::JwtKeys;
use platform::mail::{Mail, Mailer};
use serde_json::{Value, json};
use uuid::Uuid;

/// Mail the server sent, kept for the test to read.
#[derive(Default)]
pub struct Mailbox(Mutex<Vec<Mail>>);

#[async_trait]
impl Mailer for Mailbox {
    async fn send(&self, mail: Mail) -> Result<(), AppError> {
        self.0.lock().expect("mailbox lock").push(mail);
        Ok(())
    }
}

impl Mailbox {
    pub fn sent_to(&self, to: &str) -> Vec<Mail> {
        self.0.lock().expect("mailbox lock").iter().filter(|m| m.to == to).cloned().collect()
    }

    /// Waits (up to five seconds) until `count` mails whose subject contains `subject` were sent
    /// to `to`: some mail is sent after the answer, in the background.
    pub async fn wait_for(&self, to: &str, subject: &str, count: usize) -> Vec<Mail> {
        for _ in 0..100 {
            let mails: Vec<Mail> = self.sent_to(to).into_iter().filter(|m| m.subject.contains(subject)).collect();
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("fewer than {count} mails about {subject:?} reached {to}");
    }

    /// The `token=` value of the last link mailed to `to`.
    pub fn last_token(&self, to: &str) -> String {
        let mail = self.sent_to(to).pop().unwrap_or_else(|| panic!("no mail was sent to {to}"));
        let start = mail.body.find("token=").expect("the mail carries a token link") + "token=".len();
        mail.body[start..].split_whitespace().next().expect("token").to_owned()
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub mailbox: Arc<Mailbox>,
    pub config: Config,
    /// The PEM of the key that signs this server's tokens, for forging tokens in attacks.
    pub signing_key: String,
    /// The internal metrics listener, when METRICS_BIND is set.
    pub metrics_base: Option<String>,
    server: actix_web::dev::ServerHandle,
    database: String,
    maintenance_url: String,
}

pub struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Response {
    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// Asserts an RFC 9457 problem with this status, and returns it.
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.body);
        assert_eq!(self.content_type(), "application/problem+json", "body: {}", self.body);
        assert_eq!(self.body["status"], status);
        assert!(self.body["type"].as_str().is_some_and(|t| t.starts_with("/problems/")));
        assert!(self.body["title"].is_string());
        &self.body
    }
}

/// A signed-up user with their tokens.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub password: String,
    pub access: String,
    pub refresh: String,
}

pub const PASSWORD: &str = "una-clave-bastante-larga";

/// A sign-up body with every consent given.
pub fn registration(email: &str, password: &str) -> Value {
    json!({
        "email": email, "password": password, "first_name": "Ana", "last_name": "Quispe",
        "accept_terms": true, "accept_privacy": true, "marketing_consent": true
    })
}

fn owner_url() -> String {
    std::env::var("DATABASE_URL").expect("DATABASE_URL is not set: run the tests with `make test`")
}

fn with_database(url: &str, database: &str) -> String {
    let mut url = url::Url::parse(url).expect("DATABASE_URL is a URL");
    url.set_path(database);
    url.to_string()
}

/// The migrated template for this set of migrations, created once per machine under a lock.
async fn template(maintenance_url: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
    let mut files: Vec<_> = walk(std::path::Path::new(dir));
    files.sort();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).expect("readable migration").hash(&mut hasher);
    }
    let name = format!("entrevistador_tpl_{:016x}", hasher.finish());
    let mut conn = AsyncPgConnection::establish(maintenance_url).await.expect("owner connection");
    diesel::sql_query("SELECT pg_advisory_lock(727274)").execute(&mut conn).await.expect("lock");
    let exists: i64 = diesel::select(
        diesel::dsl::sql::<diesel::sql_types::BigInt>("count(*) FROM pg_database WHERE datname = ")
            .bind::<Text, _>(&name),
    )
    .get_result(&mut conn)
    .await
    .expect("template lookup");
    if exists == 0 {
        // Templates of older migration sets are of no further use.
        let stale: Vec<String> = diesel::select(diesel::dsl::sql::<diesel::sql_types::Array<Text>>(
            "coalesce(array_agg(datname::text), '{}') FROM pg_database WHERE datname LIKE 'entrevistador\\_tpl\\_%' AND datname <> ",
        )
        .bind::<Text, _>(&name))
        .get_result(&mut conn)
        .await
        .expect("stale templates");
        for old in stale {
            diesel::sql_query(format!("ALTER DATABASE {old} IS_TEMPLATE false"))
                .execute(&mut conn)
                .await
                .expect("unmark");
            diesel::sql_query(format!("DROP DATABASE {old} WITH (FORCE)"))
                .execute(&mut conn)
                .await
                .expect("drop stale");
        }
        let building = format!("{name}_building");
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {building}")).execute(&mut conn).await.expect("drop");
        diesel::sql_query(format!("CREATE DATABASE {building}")).execute(&mut conn).await.expect("create template");
        app::migrations::run(&with_database(maintenance_url, &building), Some("entrevistador_app"))
            .await
            .expect("migrations apply to an empty database");
        diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
            .execute(&mut conn)
            .await
            .expect("rename");
        diesel::sql_query(format!("ALTER DATABASE {name} IS_TEMPLATE true")).execute(&mut conn).await.expect("mark");
    }
    diesel::sql_query("SELECT pg_advisory_unlock(727274)").execute(&mut conn).await.expect("unlock");
    name
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("migrations directory")
        .flat_map(|entry| {
            let path = entry.expect("entry").path();
            if path.is_dir() { walk(&path) } else { vec![path] }
        })
        .collect()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    /// Spawns the app with extra environment settings (`("LOGIN_FREE_FAILURES", "3")`, ...).
    pub async fn spawn_with(settings: &[(&str, &str)]) -> TestApp {
        let owner = owner_url();
        let maintenance_url = with_database(&owner, "postgres");
        let template = template(&maintenance_url).await;
        let database = format!("test_{}", Uuid::now_v7().simple());
        let mut conn = AsyncPgConnection::establish(&maintenance_url).await.expect("owner connection");
        diesel::sql_query(format!("CREATE DATABASE {database} TEMPLATE {template} STRATEGY FILE_COPY"))
            .execute(&mut conn)
            .await
            .expect("clone the template");

        let signing_key = JwtKeys::generate_pem();
        let mut vars: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), with_database(&owner, &database)),
            ("APP_DATABASE_PASSWORD".into(), "entrevistador_app".into()),
            ("REDIS_URL".into(), std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into())),
            ("REDIS_KEY_PREFIX".into(), format!("test:{database}:")),
            ("APP_BIND".into(), "127.0.0.1:0".into()),
            ("JWT_PRIVATE_KEY".into(), signing_key.clone()),
            ("DATABASE_POOL_SIZE".into(), "4".into()),
            ("PUBLIC_WEB_URL".into(), "https://app.example.pe".into()),
        ];
        // Files go to the real S3 server of scripts/services.sh when there is one (each user's
        // objects live under their own id), else to a directory of this test's own.
        match std::env::var("S3_ENDPOINT") {
            Ok(endpoint) => {
                vars.push(("STORAGE_BACKEND".into(), "s3".into()));
                vars.push(("S3_ENDPOINT".into(), endpoint));
                for name in ["S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] {
                    if let Ok(value) = std::env::var(name) {
                        vars.push((name.into(), value));
                    }
                }
            }
            Err(_) => {
                let dir = std::env::temp_dir().join(format!("entrevistador-storage-{database}"));
                vars.push(("STORAGE_LOCAL_DIR".into(), dir.display().to_string()));
            }
        }
        // The embeddings server of scripts/services.sh (or the one EMBEDDINGS_URL names).
        for name in ["EMBEDDINGS_URL", "EMBEDDINGS_MODEL", "EMBEDDINGS_DIMENSIONS", "EMBEDDINGS_INPUT_KIND"] {
            if let Ok(value) = std::env::var(name) {
                vars.push((name.into(), value));
            }
        }
        // The Typesense server of scripts/services.sh, for apps spawned with SEARCH_BACKEND=typesense;
        // each app's postings go to a collection of its own.
        for name in ["TYPESENSE_URL", "TYPESENSE_API_KEY"] {
            if let Ok(value) = std::env::var(name) {
                vars.push((name.into(), value));
            }
        }
        vars.push(("TYPESENSE_COLLECTION".into(), format!("jobs_{database}")));
        for (key, value) in settings {
            vars.retain(|(k, _)| k != key);
            vars.push(((*key).into(), (*value).into()));
        }
        let config = Config::from_lookup(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .expect("test configuration is valid");
        let mailbox = Arc::new(Mailbox::default());
        let overrides = Overrides { mailer: Some(mailbox.clone()), clock: None };
        let (port, metrics_port, server) = run_on_own_runtime(config.clone(), overrides).await;
        let base = format!("http://127.0.0.1:{port}");
        let metrics_base = metrics_port.map(|port| format!("http://127.0.0.1:{port}"));
        TestApp {
            base,
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client"),
            mailbox,
            config,
            signing_key,
            metrics_base,
            server,
            database,
            maintenance_url,
        }
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::read(request.send().await.expect("the server answers")).await
    }

    pub async fn read(response: reqwest::Response) -> Response {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Response { status, headers, body }
    }

    /// Every Redis key this app wrote (under its own prefix).
    pub async fn redis_keys(&self) -> Vec<String> {
        let mut conn = self.redis().await;
        redis::cmd("KEYS").arg(format!("{}*", self.config.redis_key_prefix)).query_async(&mut conn).await.expect("KEYS")
    }

    /// Every Redis key of this app with its value as text (lists, sets and hashes joined).
    pub async fn redis_dump(&self) -> Vec<(String, String)> {
        let mut conn = self.redis().await;
        let mut dump = Vec::new();
        for key in self.redis_keys().await {
            let kind: String = redis::cmd("TYPE").arg(&key).query_async(&mut conn).await.expect("TYPE");
            let command = match kind.as_str() {
                "string" => redis::cmd("GET").arg(&key).clone(),
                "list" => redis::cmd("LRANGE").arg(&key).arg(0).arg(-1).clone(),
                "hash" => redis::cmd("HGETALL").arg(&key).clone(),
                "set" => redis::cmd("SMEMBERS").arg(&key).clone(),
                "zset" => redis::cmd("ZRANGE").arg(&key).arg(0).arg(-1).clone(),
                _ => continue,
            };
            let value: redis::Value = command.query_async(&mut conn).await.expect("a value");
            dump.push((key, format!("{value:?}")));
        }
        dump
    }

    /// Deletes every Redis key of this app, as if Redis had lost its data.
    pub async fn flush_redis(&self) {
        let keys = self.redis_keys().await;
        if !keys.is_empty() {
            let mut conn = self.redis().await;
            redis::cmd("DEL").arg(keys).query_async::<()>(&mut conn).await.expect("DEL");
        }
    }

    async fn redis(&self) -> redis::aio::MultiplexedConnection {
        let client = redis::Client::open(self.config.redis_url.as_str()).expect("REDIS_URL");
        client.get_multiplexed_async_connection().await.expect("Redis answers")
    }

    /// Uploads `bytes` as the multipart field `file` (plus any text fields) to `path`.
    pub async fn upload(
        &self,
        path: &str,
        token: &str,
        filename: &str,
        bytes: &[u8],
        fields: &[(&str, &str)],
        idempotency_key: Option<&str>,
    ) -> Response {
        self.upload_as(path, token, ("file", filename), bytes, fields, idempotency_key).await
    }

    /// Uploads `bytes` as the multipart field `(name, filename)` (plus any text fields) to `path`.
    pub async fn upload_as(
        &self,
        path: &str,
        token: &str,
        (field, filename): (&str, &str),
        bytes: &[u8],
        fields: &[(&str, &str)],
        idempotency_key: Option<&str>,
    ) -> Response {
        let boundary = format!("----e2e{}", Uuid::now_v7().simple());
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body);
        if let Some(key) = idempotency_key {
            request = request.header("idempotency-key", key);
        }
        Self::read(request.send().await.expect("the server answers")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(reqwest::Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(reqwest::Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(reqwest::Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        self.request(reqwest::Method::DELETE, path, token, body).await
    }

    pub async fn register(&self, email: &str) -> Account {
        let response = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({
                    "email": email, "password": PASSWORD, "first_name": "Ana", "last_name": "Quispe",
                    "accept_terms": true, "accept_privacy": true
                }),
            )
            .await;
        assert_eq!(response.status, 201, "register {email}: {}", response.body);
        account(&response.body, email, PASSWORD)
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login", None, json!({ "email": email, "password": password })).await
    }

    /// Creates a company owned by a new admin, and returns the admin acting in it.
    pub async fn company(&self, slug: &str) -> (Uuid, Account) {
        let admin = self.register(&format!("admin@{slug}.pe")).await;
        let created = self
            .post("/api/v1/tenants", Some(&admin.access), json!({ "name": format!("Empresa {slug}"), "slug": slug }))
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let tenant_id: Uuid = serde_json::from_value(created.body["id"].clone()).expect("tenant id");
        let admin = self.switch(&admin, Some(tenant_id)).await;
        (tenant_id, admin)
    }

    pub async fn switch(&self, account: &Account, tenant_id: Option<Uuid>) -> Account {
        let switched =
            self.post("/api/v1/auth/switch-tenant", Some(&account.access), json!({ "tenant_id": tenant_id })).await;
        assert_eq!(switched.status, 200, "{}", switched.body);
        Account {
            access: switched.body["access_token"].as_str().expect("access").into(),
            refresh: switched.body["refresh_token"].as_str().expect("refresh").into(),
            ..account.clone()
        }
    }

    /// Invites `email` into the admin's company with `role`; the invitee signs up, accepts and
    /// switches into the company.
    pub async fn member(&self, admin: &Account, tenant_id: Uuid, email: &str, role: &str) -> Account {
        let invited = self
            .post(
                &format!("/api/v1/tenants/{tenant_id}/invitations"),
                Some(&admin.access),
                json!({ "email": email, "role": role }),
            )
            .await;
        assert_eq!(invited.status, 201, "{}", invited.body);
        let member = self.register(email).await;
        let token = invited.body["token"].as_str().expect("token");
        let accepted = self.post(&format!("/api/v1/invitations/{token}/accept"), Some(&member.access), json!({})).await;
        assert_eq!(accepted.status, 200, "{}", accepted.body);
        self.switch(&member, Some(tenant_id)).await
    }

    /// A connection to this test's database as the application role.
    pub async fn app_connection(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.config.app_database_url).await.expect("app role connection")
    }

    /// A pool as the application role, for driving services and workers directly.
    pub fn app_pool(&self) -> kernel::db::DbPool {
        kernel::db::pool(&self.config.app_database_url, 4).expect("a pool")
    }

    /// A connection as the owner (bypasses nothing by itself, but has the owner's policies).
    pub async fn owner_connection(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.config.database_url).await.expect("owner connection")
    }

    /// Deletes the account (as its owner would, with their password) and runs the purge as it
    /// will run 31 days later, once the deletion's own work is done (what it stops sharing at
    /// once): every context's personal-data hook erases the person.
    pub async fn delete_and_purge(&self, account: &Account) {
        let body = json!({ "password": PASSWORD });
        assert_eq!(self.delete("/api/v1/me", Some(&account.access), Some(body)).await.status, 202);
        let pending = "SELECT count(*) AS count FROM platform.jobs WHERE kind = 'identity.account_deleted' \
                       AND status IN ('queued', 'running')";
        for _ in 0..100 {
            if self.owner_count(pending, None).await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let pool = kernel::db::pool(&self.config.database_url, 2).expect("a pool");
        let storage = app::startup::sealed_storage(&self.config).expect("the storage");
        let hooks = app::startup::personal_data_hooks(&pool, &storage, &self.config);
        let later = chrono::Utc::now() + chrono::Duration::days(31);
        assert_eq!(identity::IdentityService::purge_due(&pool, &hooks, later).await.expect("the purge"), 1);
    }

    /// Puts the person on a plan (an active monthly subscription) as the owner, without a
    /// payment: a shortcut for tests that are not about billing.
    pub async fn subscribe(&self, user_id: Uuid, plan: &str) {
        let sql = "INSERT INTO billing.subscriptions (id, user_id, plan_id, status, billing_cycle, current_period_start, \
                   current_period_end, created_at, updated_at) VALUES (gen_random_uuid(), $1, $2, 'active', 'monthly', \
                   now(), now() + interval '1 month', now(), now())";
        let query = diesel::sql_query(sql).bind::<diesel::sql_types::Uuid, _>(user_id).bind::<Text, _>(plan);
        query.execute(&mut self.owner_connection().await).await.expect("a subscription");
    }

    /// Runs `sql` as the owner (past row-level security), with `$1` bound to `id`; rows changed.
    pub async fn owner_execute(&self, sql: &str, id: Uuid) -> usize {
        let query = diesel::sql_query(sql).bind::<diesel::sql_types::Uuid, _>(id);
        query.execute(&mut self.owner_connection().await).await.expect("an owner statement")
    }

    /// `SELECT count(*) AS count …` as the owner, with `$1` bound to the text `value`.
    pub async fn owner_count_text(&self, sql: &str, value: &str) -> i64 {
        let query = diesel::sql_query(sql).bind::<Text, _>(value);
        query.get_result::<Count>(&mut self.owner_connection().await).await.expect("a count query").count
    }

    /// `SELECT count(*) AS count …` as the owner (past row-level security), with `$1` bound to
    /// `id` when one is given.
    pub async fn owner_count(&self, sql: &str, id: Option<Uuid>) -> i64 {
        let mut conn = self.owner_connection().await;
        let counted = match id {
            Some(id) => {
                diesel::sql_query(sql).bind::<diesel::sql_types::Uuid, _>(id).get_result::<Count>(&mut conn).await
            }
            None => diesel::sql_query(sql).get_result::<Count>(&mut conn).await,
        };
        counted.expect("a count query").count
    }
}

/// The row of a `SELECT count(*) AS count` query.
#[derive(diesel::QueryableByName)]
pub struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub count: i64,
}

pub fn account(body: &Value, email: &str, password: &str) -> Account {
    Account {
        id: serde_json::from_value(body["user"]["id"].clone()).expect("user id"),
        email: email.into(),
        password: password.into(),
        access: body["access_token"].as_str().expect("access token").into(),
        refresh: body["refresh_token"].as_str().expect("refresh token").into(),
    }
}

/// Builds and runs the application on a runtime of its own, as in production: it keeps serving
/// (and its job worker keeps working) while the test's thread waits, e.g. in `Drop`.
async fn run_on_own_runtime(config: Config, overrides: Overrides) -> (u16, Option<u16>, actix_web::dev::ServerHandle) {
    let (ready, started) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let application = Application::build(&config, overrides).await.expect("the app starts");
            let _ = ready.send((application.port(), application.metrics_port(), application.handle()));
            let _ = application.run_until_stopped().await;
        });
    });
    started.await.expect("the app thread reports its ports")
}

/// The app's Typesense alias and the collection behind it.
async fn drop_typesense_collection(settings: &platform::search::TypesenseSettings) {
    let Ok(client) = platform::search::Typesense::new(settings) else { return };
    if let Ok(Some(collection)) = client.alias_target(&settings.collection).await {
        let _ = client.drop_collection(&collection).await;
    }
    let _ = client.drop_alias(&settings.collection).await;
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let (url, database) = (self.maintenance_url.clone(), self.database.clone());
        let server = self.server.clone();
        let typesense = match &self.config.search {
            platform::search::SearchBackend::Typesense(settings) => Some(settings.clone()),
            platform::search::SearchBackend::Postgres => None,
        };
        // The test's runtime is ending: stop the app and drop the database from a thread with its own.
        let outcome = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                server.stop(false).await;
                if let Some(settings) = typesense {
                    drop_typesense_collection(&settings).await;
                }
                let mut conn = AsyncPgConnection::establish(&url).await.map_err(|e| e.to_string())?;
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .map_err(|e| e.to_string())
            })
        })
        .join();
        if let Ok(Err(error)) = outcome {
            eprintln!("could not drop the test database {}: {error}", self.database);
        }
    }
}
