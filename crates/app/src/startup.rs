//! The composition root: configuration -> adapters -> contexts -> the actix server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use cv::{CvEmbedder, CvPersonalData, CvService, CvSettings};
use hiring::{HiringPersonalData, HiringService};
use identity::{IdentityPersonalData, IdentityPorts, IdentityService, IdentitySessionLedger, IdentitySettings};
use interview::{InterviewPersonalData, InterviewService};
use kernel::auth::{JwtKeys, SessionRevocations};
use kernel::clock::{Clock, SystemClock};
use kernel::db::DbPool;
use kernel::personal_data::PersonalDataHooks;
use kernel::secrets::KeyedHasher;
use matching::store::{JobIndex, PostgresIndex, TypesenseIndex};
use matching::{MatchingService, PostingEmbedder};
use platform::cache::{Redis, RedisSessionRevocations};
use platform::event_buffer::EventBuffer;
use platform::jobs::Worker;
use platform::mail::{LogMailer, Mailer};
use platform::search::{SearchBackend, Typesense};
use platform::storage::{EncryptedStorage, ObjectStorage};
use platform::throttle::{BackOff, RedisThrottle, Window};

use crate::config::{Config, Environment};
use crate::http;
use crate::worker::job_worker;

/// How long a session the ledger found live is trusted without asking it again: the longest a
/// session revoked in the database stays usable if Redis loses its deny-list.
const SESSION_CONFIRMATION_SECS: u64 = 60;

/// Adapters a caller may replace (tests capture mail; production will plug SMTP in here).
#[derive(Default, Clone)]
pub struct Overrides {
    pub mailer: Option<Arc<dyn Mailer>>,
    pub clock: Option<Arc<dyn Clock>>,
}

/// Everything the HTTP layer and the commands need, built once.
#[derive(Clone)]
pub struct Components {
    pub pool: DbPool,
    pub redis: Redis,
    pub keys: Arc<JwtKeys>,
    pub revocations: Arc<dyn SessionRevocations>,
    pub identity: IdentityService,
    pub cv: CvService,
    pub matching: MatchingService,
    pub hiring: HiringService,
    pub interview: InterviewService,
    pub billing: billing::BillingService,
    pub analytics: analytics::AnalyticsService,
    /// Object storage that seals what it stores (AES-256-GCM with the configured keyring).
    pub storage: Arc<dyn ObjectStorage>,
    pub personal_data: PersonalDataHooks,
}

/// Loads the signing key from JWT_PRIVATE_KEY or its file; in development a missing file is
/// created with a fresh key, so `make run` works out of the box.
pub fn load_keys(config: &Config) -> anyhow::Result<JwtKeys> {
    let pem = match &config.jwt_private_key {
        Some(pem) => pem.clone(),
        None => {
            let path = &config.jwt_private_key_file;
            if !path.exists() && config.environment == Environment::Development {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
                }
                write_private(path, &JwtKeys::generate_pem())?;
                tracing::info!(path = %path.display(), "generated a development signing key");
            }
            std::fs::read_to_string(path)
                .with_context(|| format!("JWT_PRIVATE_KEY_FILE: cannot read {}", path.display()))?
        }
    };
    let keys = JwtKeys::from_pem(&pem, &config.jwt_issuer, &config.jwt_audience, config.access_token_ttl_secs)
        .map_err(|e| anyhow::anyhow!("JWT_PRIVATE_KEY: {e}"))?;
    match &config.jwt_previous_public_keys {
        Some(pems) => {
            keys.with_previous_public_keys(pems).map_err(|e| anyhow::anyhow!("JWT_PREVIOUS_PUBLIC_KEYS: {e}"))
        }
        None => Ok(keys),
    }
}

fn write_private(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

pub async fn compose(config: &Config, overrides: Overrides) -> anyhow::Result<Components> {
    let pool = kernel::db::pool(&config.app_database_url, config.database_pool_size)
        .map_err(|e| anyhow::anyhow!("APP_DATABASE_URL: {e}"))?;
    let redis = Redis::connect(&config.redis_url, &config.redis_key_prefix)
        .await
        .with_context(|| "REDIS_URL: cannot reach Redis".to_owned())?;
    let keys = Arc::new(load_keys(config)?);
    let revocations: Arc<dyn SessionRevocations> = Arc::new(RedisSessionRevocations::new(
        redis.clone(),
        Arc::new(IdentitySessionLedger::new(pool.clone())),
        config.access_token_ttl_secs.unsigned_abs(),
        SESSION_CONFIRMATION_SECS,
    ));
    let mailer = overrides.mailer.unwrap_or_else(|| Arc::new(LogMailer));
    let storage = sealed_storage(config)?;
    let ports = IdentityPorts {
        mailer: mailer.clone(),
        throttle: Arc::new(RedisThrottle::new(redis.clone())),
        hasher: KeyedHasher::new(config.app_secret.as_bytes()),
        revocations: revocations.clone(),
        clock: overrides.clock.unwrap_or_else(|| Arc::new(SystemClock)),
        company_plans: Arc::new(billing::BillingCompanyPlans),
        storage: storage.clone(),
    };
    let settings = IdentitySettings {
        refresh_ttl: chrono::Duration::days(config.refresh_token_ttl_days),
        invitation_ttl: chrono::Duration::days(7),
        email_verification_ttl: chrono::Duration::hours(48),
        password_reset_ttl: chrono::Duration::hours(1),
        purge_grace: chrono::Duration::days(30),
        login_backoff: BackOff {
            free: config.login_free_failures,
            max_delay: Duration::from_secs(config.login_max_delay_secs),
        },
        login_accounts_per_ip: Window {
            limit: config.login_ip_max_accounts,
            window: Duration::from_secs(config.login_ip_window_secs),
        },
        reset_mails: Window { limit: 3, window: Duration::from_secs(3600) },
        verification_mails: Window { limit: 3, window: Duration::from_secs(3600) },
        sign_ups_per_ip: Window { limit: config.sign_ups_per_ip_per_hour, window: Duration::from_secs(3600) },
        public_web_url: config.public_web_url.clone(),
        max_concurrent_hashes: config.password_hash_concurrency,
        invitations_per_tenant: Window { limit: 50, window: Duration::from_secs(24 * 3600) },
        invitations_per_user: Window { limit: 20, window: Duration::from_secs(24 * 3600) },
        invitation_resend_interval: chrono::Duration::hours(1),
        max_tenants_per_user: 5,
    };
    let identity = IdentityService::new(pool.clone(), keys.clone(), ports, settings).await?;
    // One embedder for CVs and postings: their vectors must come from the same model to compare.
    let embedder = config.embeddings.connect().map_err(|e| anyhow::anyhow!("embeddings: {e}"))?;
    let model = config.embeddings.model.clone();
    let cv = CvService::new(
        pool.clone(),
        storage.clone(),
        CvEmbedder { embedder: embedder.clone(), model: model.clone() },
        CvSettings { max_upload_bytes: config.cv_max_upload_bytes },
    );
    let index = job_index(config, &pool).await?;
    let matching =
        MatchingService::new(pool.clone(), PostingEmbedder { embedder, model }, cv.clone(), redis.clone(), index);
    let hiring = HiringService::new(pool.clone(), cv.clone(), matching.clone(), mailer.clone(), &config.public_web_url);
    let helpers = interview::Helpers {
        llm: match &config.llm {
            Some(settings) => Some(
                platform::llm::Llm::new(settings.clone(), Some(redis.clone()))
                    .map_err(|e| anyhow::anyhow!("llm: {e}"))?,
            ),
            None => None,
        },
        transcriber: match &config.transcription {
            Some(settings) => Some(settings.connect().map_err(|e| anyhow::anyhow!("transcription: {e}"))?),
            None => None,
        },
    };
    let interview = InterviewService::new(pool.clone(), cv.clone(), matching.clone(), helpers, storage.clone());
    let personal_data = personal_data_hooks(&pool, &storage, config);
    let billing_ports = billing::BillingPorts {
        payments: config.payments.provider().map_err(|e| anyhow::anyhow!("payments: {e}"))?,
        keyring: config.storage.keyring.clone(),
        storage: storage.clone(),
        mailer: mailer.clone(),
    };
    let billing = billing::BillingService::new(pool.clone(), billing_ports, config.billing.clone());
    let analytics_ports = analytics::AnalyticsPorts {
        hasher: KeyedHasher::new(config.app_secret.as_bytes()),
        storage: storage.clone(),
        buffer: EventBuffer::new(redis.clone()),
    };
    let analytics = analytics::AnalyticsService::new(pool.clone(), analytics_ports, config.analytics.clone());
    Ok(Components {
        pool,
        redis,
        keys,
        revocations,
        identity,
        cv,
        matching,
        hiring,
        interview,
        billing,
        analytics,
        storage,
        personal_data,
    })
}

/// What answers job searches. A Typesense that cannot be prepared now (down at start-up) is
/// prepared again by the first write; searches answer 503 meanwhile.
async fn job_index(config: &Config, pool: &DbPool) -> anyhow::Result<Arc<dyn JobIndex>> {
    Ok(match &config.search {
        SearchBackend::Postgres => Arc::new(PostgresIndex {
            pool: pool.clone(),
            model: config.embeddings.model.clone(),
            dimensions: config.embeddings.dimensions,
        }),
        SearchBackend::Typesense(settings) => {
            let client = Typesense::new(settings).map_err(|e| anyhow::anyhow!("typesense: {e}"))?;
            let index = TypesenseIndex::new(
                client,
                settings.collection.clone(),
                config.embeddings.dimensions,
                &settings.api_key,
            );
            if let Err(error) = index.prepare().await {
                tracing::error!(%error, "the Typesense collection could not be prepared");
            }
            Arc::new(index)
        }
    })
}

/// The configured object storage, sealing what it stores with the configured keyring.
pub fn sealed_storage(config: &Config) -> anyhow::Result<Arc<dyn ObjectStorage>> {
    let plain = config.storage.connect().map_err(|e| anyhow::anyhow!("object storage: {e}"))?;
    Ok(Arc::new(EncryptedStorage::new(plain, config.storage.keyring.clone())))
}

/// Every context's personal-data hook; identity first, so it is erased last.
pub fn personal_data_hooks(pool: &DbPool, storage: &Arc<dyn ObjectStorage>, config: &Config) -> PersonalDataHooks {
    let keyring = &config.storage.keyring;
    let mut hooks = PersonalDataHooks::default();
    hooks.register(Arc::new(IdentityPersonalData::new(pool.clone())));
    hooks.register(Arc::new(CvPersonalData::new(pool.clone(), storage.clone())));
    hooks.register(Arc::new(HiringPersonalData::new(pool.clone())));
    hooks.register(Arc::new(InterviewPersonalData::new(pool.clone(), storage.clone())));
    hooks.register(Arc::new(billing::BillingPersonalData::new(pool.clone(), storage.clone(), keyring.clone())));
    let hasher = KeyedHasher::new(config.app_secret.as_bytes());
    hooks.register(Arc::new(analytics::AnalyticsPersonalData::new(pool.clone(), hasher)));
    hooks
}

pub struct Application {
    port: u16,
    server: Server,
    /// The internal `/metrics` listener, when METRICS_BIND gives one.
    metrics_server: Option<(u16, Server)>,
    /// The in-process job worker (WORKER_IN_PROCESS).
    worker: Option<Worker>,
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port) and builds the server; it runs when awaited.
    pub async fn build(config: &Config, overrides: Overrides) -> anyhow::Result<Self> {
        let components = compose(config, overrides).await?;
        let listener =
            TcpListener::bind(config.bind).with_context(|| format!("APP_BIND: cannot bind {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let metrics = web::Data::new(http::Metrics::new());
        let metrics_server = match config.metrics_bind {
            Some(address) => {
                let listener =
                    TcpListener::bind(address).with_context(|| format!("METRICS_BIND: cannot bind {address}"))?;
                let port = listener.local_addr()?.port();
                Some((port, serve_metrics(listener, metrics.clone())?))
            }
            None => None,
        };
        let worker =
            config.worker_in_process.then(|| job_worker(&components, config, metrics.registry())).transpose()?;
        let server = serve(listener, components, config, metrics)?;
        Ok(Self { port, server, metrics_server, worker })
    }

    /// Stops the API server (and then the in-process worker) from elsewhere.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The port of the internal metrics listener, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(port, _)| *port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGTERM/SIGINT; in-flight requests finish within the shutdown timeout.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop_worker, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = self.worker.map(|worker| {
            tokio::spawn(worker.run(async {
                let _ = stopped.await;
            }))
        });
        let served = match self.metrics_server {
            Some((_, metrics_server)) => {
                let (api, metrics) = tokio::join!(self.server, metrics_server);
                api.and(metrics)
            }
            None => self.server.await,
        };
        // The server has stopped taking requests: let the jobs in flight finish.
        let _ = stop_worker.send(());
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        served
    }
}

/// `/metrics` alone, for an internal address that only the scraper reaches.
pub(crate) fn serve_metrics(listener: TcpListener, metrics: web::Data<http::Metrics>) -> anyhow::Result<Server> {
    let server = HttpServer::new(move || App::new().app_data(metrics.clone()).service(http::metrics_text))
        .workers(1)
        .listen(listener)?
        .run();
    Ok(server)
}

fn serve(
    listener: TcpListener,
    components: Components,
    config: &Config,
    metrics: web::Data<http::Metrics>,
) -> anyhow::Result<Server> {
    let json_limit = config.max_json_body_bytes;
    let metrics_here = config.metrics_bind.is_none();
    let mut document = crate::openapi::document();
    if !metrics_here {
        // Served on the internal listener: not a route of this one.
        document["paths"].as_object_mut().map(|paths| paths.remove("/metrics"));
    }
    let routes = web::Data::new(http::RouteTable::from_openapi(&document));
    let openapi = web::Data::new(serde_json::to_string(&document)?);
    let pool = web::Data::new(components.pool.clone());
    let redis = web::Data::new(components.redis.clone());
    let keys = web::Data::from(components.keys.clone());
    let revocations = web::Data::from(components.revocations.clone());
    let identity = web::Data::new(components.identity.clone());
    let cv = web::Data::new(components.cv.clone());
    let matching = web::Data::new(components.matching.clone());
    let hiring = web::Data::new(components.hiring.clone());
    let interview = web::Data::new(components.interview.clone());
    let billing = web::Data::new(components.billing.clone());
    let analytics = web::Data::new(components.analytics.clone());
    let personal_data = web::Data::new(components.personal_data.clone());
    let trusted_proxies = web::Data::new(kernel::client::TrustedProxies(config.trusted_proxies.clone()));
    let security_headers =
        web::Data::new(http::SecurityHeaders { hsts: config.environment == Environment::Production });
    let cors_origins = config.cors_allowed_origins.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::JsonConfig::default().limit(json_limit).error_handler(http::json_error))
            .app_data(web::PathConfig::default().error_handler(http::path_error))
            .app_data(web::QueryConfig::default().error_handler(http::query_error))
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(metrics.clone())
            .app_data(openapi.clone())
            .app_data(routes.clone())
            .app_data(pool.clone())
            .app_data(redis.clone())
            .app_data(keys.clone())
            .app_data(revocations.clone())
            .app_data(identity.clone())
            .app_data(cv.clone())
            .app_data(matching.clone())
            .app_data(hiring.clone())
            .app_data(interview.clone())
            .app_data(billing.clone())
            .app_data(analytics.clone())
            .app_data(personal_data.clone())
            .app_data(trusted_proxies.clone())
            .app_data(security_headers.clone())
            .wrap(from_fn(http::limit_heads))
            .wrap(http::cors(&cors_origins))
            .wrap(from_fn(http::problem_responses))
            .wrap(from_fn(http::security_headers))
            .wrap(from_fn(http::observe_requests))
            .configure(identity::configure)
            .configure(cv::configure)
            .configure(matching::configure)
            .configure(hiring::configure)
            .configure(interview::configure)
            .configure(billing::configure)
            .configure(analytics::configure)
            .service(http::health_live)
            .service(http::health_ready)
            .configure(|cfg| {
                if metrics_here {
                    cfg.service(http::metrics_text);
                }
            })
            .service(http::openapi_json)
            .service(http::docs_redirect)
            .service(http::docs())
            .default_service(web::to(http::no_route))
    })
    .workers(config.http_workers)
    .shutdown_timeout(config.shutdown_timeout_secs)
    .listen(listener)?
    .run();
    Ok(server)
}
