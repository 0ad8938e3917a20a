//! `entrevistador`: the one binary. Configuration comes from the environment (see .env.example).

use std::process::ExitCode;

use app::config::Config;
use app::startup::{Application, Overrides, compose};
use clap::{Parser, Subcommand};

/// mimalloc returns freed memory to the system: with glibc's allocator, argon2's 19 MiB blocks,
/// allocated on ever-changing blocking threads, stayed in per-thread arenas and a login burst
/// left the process at ~1 GB resident.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "entrevistador", version, about = "Entrevistador Inteligente backend")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API on APP_BIND (migrating first in development).
    Serve,
    /// Run background jobs (also run inside `serve` unless WORKER_IN_PROCESS=false).
    Worker,
    /// Apply pending database migrations as the owner role (DATABASE_URL).
    Migrate,
    /// Create a platform administrator account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Read from ADMIN_PASSWORD when omitted.
        #[arg(long, env = "ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Create the demo company, admin, recruiter and candidate, and print how to sign in.
    SeedDemo,
    /// Erase accounts whose deletion grace period has passed, with all their data.
    PurgeDeletedUsers,
    /// Make the CV vectors the configured embedding model (EMBEDDINGS_MODEL) lacks: run after
    /// changing the model. Shows a progress bar.
    Reembed {
        /// Make every vector again, even those the model already made from the same text.
        #[arg(long)]
        force: bool,
        /// Afterwards, delete the vectors other models made.
        #[arg(long)]
        prune_other_models: bool,
    },
    /// Import job postings from an NDJSON file (one posting per line as `POST /api/v1/jobs` takes
    /// it, plus `external_id` and optional `publish`), upserting by (source, external_id).
    /// Shows a progress bar; prints what was created, updated, folded and refused.
    ImportJobs {
        file: std::path::PathBuf,
        /// The feed's name (a-z, 0-9, `_`, `.`, `-`).
        #[arg(long)]
        source: String,
        /// The company the postings belong to (a partner's feed belongs to none).
        #[arg(long)]
        tenant: Option<uuid::Uuid>,
    },
    /// Rebuild derived data from Postgres. `--search`: the job board's search index (with
    /// SEARCH_BACKEND=typesense: a new collection filled from the published postings, then the
    /// alias moved to it at once). Shows a progress bar.
    Reindex {
        #[arg(long, required = true)]
        search: bool,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain from its first row; names the first broken row and fails if any.
    /// Shows a progress bar.
    Verify,
}

/// `reembed`'s progress on the terminal.
struct ProgressBar(indicatif::ProgressBar);

impl cv::ReembedProgress for ProgressBar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }

    fn advance(&self) {
        self.0.inc(1);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        return match serde_json::to_string_pretty(&app::openapi::document()) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(error),
        };
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => return fail(error),
    };
    let telemetry = match app::telemetry::init(config.otel_exporter_otlp_endpoint.as_deref()) {
        Ok(telemetry) => telemetry,
        Err(error) => return fail(error),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    let outcome = runtime.block_on(run(cli.command, config));
    drop(telemetry);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(format!("{error:#}")),
    }
}

fn fail(error: impl std::fmt::Display) -> ExitCode {
    eprintln!("entrevistador: {error}");
    ExitCode::FAILURE
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            if config.run_migrations_on_start {
                app::migrations::run(&config.database_url, config.app_database_password.as_deref()).await?;
            }
            let application = Application::build(&config, Overrides::default()).await?;
            tracing::info!(port = application.port(), "listening");
            println!("Entrevistador Inteligente on http://{}:{}", config.bind.ip(), application.port());
            println!("API docs:  http://{}:{}/docs/", config.bind.ip(), application.port());
            application.run_until_stopped().await?;
        }
        Command::Worker => app::worker::run_worker(&config).await?,
        Command::Migrate => {
            let applied = app::migrations::run(&config.database_url, config.app_database_password.as_deref()).await?;
            ensure_vector_index(&config).await?;
            println!("migrations applied: {applied}");
        }
        Command::Reembed { force, prune_other_models } => {
            ensure_vector_index(&config).await?;
            let components = compose(&config, Overrides::default()).await?;
            let style = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} CVs, {eta} left")?
                .progress_chars("=> ");
            let bar = indicatif::ProgressBar::new(0).with_style(style).with_message(config.embeddings.model.clone());
            let progress = ProgressBar(bar);
            let made = components.cv.reembed(force, prune_other_models, &progress).await?;
            progress.0.finish();
            println!("vectors made with {}: {made}", config.embeddings.model);
        }
        Command::CreateAdmin { email, password } => {
            let owner = kernel::db::pool(&config.database_url, 1).map_err(anyhow::Error::msg)?;
            let user =
                identity::IdentityService::create_platform_admin(&owner, &email, password, chrono::Utc::now()).await?;
            println!("platform admin created: {} ({})", user.email, user.id);
        }
        Command::SeedDemo => {
            let components = compose(&config, Overrides::default()).await?;
            let created = app::seed::seed_demo(&components).await?;
            println!(
                "{}",
                if created { "Demo data created. Sign in with:" } else { "Demo data already present. Sign in with:" }
            );
            println!("  company: Demo Perú S.A.C. (slug {})", app::seed::DEMO_COMPANY_SLUG);
            for account in &app::seed::DEMO_ACCOUNTS {
                println!("  {:<10} {:<22} password: {}", account.role, account.email, account.password);
            }
        }
        Command::PurgeDeletedUsers => {
            let owner = kernel::db::pool(&config.database_url, 2).map_err(anyhow::Error::msg)?;
            let storage = app::startup::sealed_storage(&config)?;
            let hooks = app::startup::personal_data_hooks(&owner, &storage, &config);
            let purged = identity::IdentityService::purge_due(&owner, &hooks, chrono::Utc::now()).await?;
            println!("accounts purged: {purged}");
        }
        Command::ImportJobs { file, source, tenant } => {
            use std::io::BufRead;
            let total = std::io::BufReader::new(std::fs::File::open(&file)?).lines().count() as u64;
            let components = compose(&config, Overrides::default()).await?;
            let style = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} lines, {eta} left")?
                .progress_chars("=> ");
            let bar = indicatif::ProgressBar::new(total).with_style(style).with_message(source.clone());
            let lines = std::io::BufReader::new(std::fs::File::open(&file)?)
                .lines()
                .map(|line| line.unwrap_or_else(|_| "(a line that is not UTF-8)".into()));
            let importer = matching::service::import::Importer::Platform { tenant_id: tenant };
            let report =
                components.matching.import_postings(&importer, &source, lines, &|line| bar.set_position(line)).await?;
            bar.finish();
            println!(
                "created {}, updated {}, folded into existing {}, refused {}",
                report.created, report.updated, report.folded, report.failed
            );
            for failure in report.errors.iter().take(20) {
                let reasons: Vec<String> =
                    failure.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                println!("  line {}: {}", failure.line, reasons.join("; "));
            }
        }
        Command::Reindex { search: _ } => {
            let components = compose(&config, Overrides::default()).await?;
            let style = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} postings, {eta} left")?
                .progress_chars("=> ");
            let bar = indicatif::ProgressBar::new(0).with_style(style).with_message("search index");
            let indexed = components
                .matching
                .rebuild_search_index(&|done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                })
                .await?;
            bar.finish();
            match indexed {
                Some(count) => println!("search index rebuilt: {count} published postings"),
                None => println!(
                    "SEARCH_BACKEND=postgres: the postings' own columns are the index, written with every \
                     change; nothing to rebuild"
                ),
            }
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let analytics = compose(&config, Overrides::default()).await?.analytics;
            let style = indicatif::ProgressStyle::with_template("{msg} {spinner} {pos} rows checked")?;
            let bar = indicatif::ProgressBar::new_spinner().with_style(style).with_message("audit log");
            let report = analytics.verify_audit_chain(&|checked| bar.set_position(checked)).await?;
            bar.finish();
            match report.first_broken {
                None => println!("audit log intact: {} rows, each linked to the one before", report.rows_checked),
                Some(broken) => {
                    anyhow::bail!(
                        "audit log broken at row {} (id {}): {}; the {} rows before it are intact",
                        broken.seq,
                        broken.id,
                        broken.reason,
                        report.rows_checked
                    )
                }
            }
        }
        Command::Openapi => unreachable!("handled before configuration is read"),
    }
    Ok(())
}

/// The CV vectors' index for the configured model's dimension (the migrations make the default's).
async fn ensure_vector_index(config: &Config) -> anyhow::Result<()> {
    let owner = kernel::db::pool(&config.database_url, 1).map_err(anyhow::Error::msg)?;
    let dimensions = u16::try_from(config.embeddings.dimensions)?;
    cv::ensure_vector_index(&owner, dimensions).await?;
    Ok(())
}
