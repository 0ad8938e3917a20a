//! The worker loop: claim what is due while a slot is free, run it under its handler's timeout,
//! record the outcome; add scheduled jobs, release expired locks and refresh the queue's gauges
//! as it goes.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kernel::AppError;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, Priority, enqueue};
use prometheus::{GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry};
use rand::Rng;
use tokio::sync::Semaphore;
use tracing::Instrument;

use super::{Job, JobError, JobHandler, Schedule, backoff, store};

#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Names this worker in job locks and logs (host and process, say).
    pub name: String,
    /// Jobs run at once.
    pub concurrency: usize,
    /// How often an idle worker looks for due jobs.
    pub poll_interval: Duration,
    /// How long finished jobs are kept before the clean-up deletes them.
    pub keep_done: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            name: format!("worker-{}", std::process::id()),
            concurrency: 4,
            // An empty queue costs one indexed query per look: looking often keeps the wait between
            // an upload and its parse short (it was the upload-to-parsed p50 at 500 ms).
            poll_interval: Duration::from_millis(100),
            keep_done: Duration::from_secs(7 * 86_400),
        }
    }
}

/// The kind of the built-in daily clean-up of finished jobs.
const CLEANUP_KIND: &str = "platform.jobs.cleanup";

#[derive(Clone)]
struct JobMetrics {
    queued: IntGaugeVec,
    running: IntGaugeVec,
    dead: IntGaugeVec,
    oldest: GaugeVec,
    attempts: IntCounterVec,
    duration: HistogramVec,
}

impl JobMetrics {
    fn new(registry: &Registry) -> Result<Self, prometheus::Error> {
        let metrics = Self {
            queued: IntGaugeVec::new(Opts::new("jobs_queued", "Jobs waiting, by kind"), &["kind"])?,
            running: IntGaugeVec::new(Opts::new("jobs_running", "Jobs being run, by kind"), &["kind"])?,
            dead: IntGaugeVec::new(Opts::new("jobs_dead", "Jobs out of attempts, by kind"), &["kind"])?,
            oldest: GaugeVec::new(
                Opts::new("jobs_oldest_queued_age_seconds", "How long the oldest due job has waited, by kind"),
                &["kind"],
            )?,
            attempts: IntCounterVec::new(
                Opts::new("job_attempts_total", "Job runs by kind and outcome (done, retry, dead)"),
                &["kind", "outcome"],
            )?,
            duration: HistogramVec::new(
                HistogramOpts::new("job_duration_seconds", "Job run time by kind")
                    .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0]),
                &["kind"],
            )?,
        };
        registry.register(Box::new(metrics.queued.clone()))?;
        registry.register(Box::new(metrics.running.clone()))?;
        registry.register(Box::new(metrics.dead.clone()))?;
        registry.register(Box::new(metrics.oldest.clone()))?;
        registry.register(Box::new(metrics.attempts.clone()))?;
        registry.register(Box::new(metrics.duration.clone()))?;
        Ok(metrics)
    }
}

pub struct Worker {
    pool: DbPool,
    settings: WorkerSettings,
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
    schedules: Vec<Schedule>,
    metrics: JobMetrics,
    /// Jobs of each kind running now, for the handlers' concurrency limits.
    running: std::sync::Mutex<HashMap<&'static str, usize>>,
    /// Each event's subscribers, in order.
    subscribers: HashMap<&'static str, Vec<Arc<dyn JobHandler>>>,
}

/// All the subscribers of one event, as the one handler of its kind.
struct Subscribers {
    kind: &'static str,
    subscribers: Vec<Arc<dyn JobHandler>>,
}

#[async_trait::async_trait]
impl JobHandler for Subscribers {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn timeout(&self) -> Duration {
        self.subscribers.iter().map(|s| s.timeout()).sum()
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        for subscriber in &self.subscribers {
            subscriber.run(job).await?;
        }
        Ok(())
    }
}

impl Worker {
    /// A worker with the built-in clean-up; its metrics go to `registry`.
    pub fn new(pool: DbPool, settings: WorkerSettings, registry: &Registry) -> Result<Self, AppError> {
        let metrics = JobMetrics::new(registry).map_err(|e| AppError::Internal(format!("job metrics: {e}")))?;
        let cleanup = Arc::new(Cleanup { pool: pool.clone(), keep: settings.keep_done });
        let worker = Self {
            pool,
            settings,
            handlers: HashMap::new(),
            schedules: Vec::new(),
            metrics,
            running: Default::default(),
            subscribers: HashMap::new(),
        };
        Ok(worker.handle(cleanup).every(Schedule {
            kind: CLEANUP_KIND,
            every: Duration::from_secs(86_400),
            payload: serde_json::json!({}),
        }))
    }

    pub fn handle(mut self, handler: Arc<dyn JobHandler>) -> Self {
        self.handlers.insert(handler.kind(), handler);
        self
    }

    /// Adds a subscriber to an event (a job whose kind is the event's name, published with
    /// `kernel::jobs::NewJob::event`): every subscriber of a kind runs, in the order they
    /// subscribed, and the event is done when all have succeeded. A failure retries the event,
    /// running every subscriber again, so subscribers must be idempotent (as every handler).
    pub fn subscribe(mut self, subscriber: Arc<dyn JobHandler>) -> Self {
        let kind = subscriber.kind();
        let list = self.subscribers.entry(kind).or_default();
        list.push(subscriber);
        let fan_out = Subscribers { kind, subscribers: list.clone() };
        self.handlers.insert(kind, Arc::new(fan_out));
        self
    }

    pub fn every(mut self, schedule: Schedule) -> Self {
        self.schedules.push(schedule);
        self
    }

    /// Runs until `shutdown` completes; jobs already started finish first.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let worker = Arc::new(self);
        let slots = Arc::new(Semaphore::new(worker.settings.concurrency.max(1)));
        tokio::pin!(shutdown);
        let mut last_upkeep: Option<Instant> = None;
        // A finished job frees a slot (and maybe its kind's limit): look again at once.
        let finished = Arc::new(tokio::sync::Notify::new());
        tracing::info!(worker = %worker.settings.name, kinds = ?worker.kinds(), "job worker started");
        loop {
            if last_upkeep.is_none_or(|at| at.elapsed() >= Duration::from_secs(5)) {
                if let Err(error) = worker.upkeep().await {
                    tracing::warn!(%error, "job queue upkeep failed");
                }
                last_upkeep = Some(Instant::now());
            }
            let mut claimed_any = false;
            while let Ok(slot) = slots.clone().try_acquire_owned() {
                match worker.claim().await {
                    Ok(Some(job)) => {
                        claimed_any = true;
                        let (worker, finished) = (worker.clone(), finished.clone());
                        let kind = worker.started(&job.kind);
                        tokio::spawn(async move {
                            worker.execute(job).await;
                            worker.finished(kind);
                            drop(slot);
                            finished.notify_one();
                        });
                    }
                    Ok(None) => break,
                    Err(error) => {
                        tracing::warn!(%error, "could not claim a job");
                        break;
                    }
                }
            }
            let pause = if claimed_any { Duration::from_millis(20) } else { worker.settings.poll_interval };
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(pause) => {}
                () = finished.notified() => {}
            }
        }
        // Wait for the jobs in flight.
        let _ = slots.acquire_many(u32::try_from(worker.settings.concurrency.max(1)).unwrap_or(1)).await;
        tracing::info!(worker = %worker.settings.name, "job worker stopped");
    }

    /// Claims and runs due jobs one at a time until none is left; how many ran (for tests and
    /// one-shot commands).
    pub async fn drain(&self) -> Result<usize, AppError> {
        self.upkeep().await?;
        let mut ran = 0;
        while let Some(job) = self.claim().await? {
            self.execute(job).await;
            ran += 1;
        }
        Ok(ran)
    }

    /// The kinds this worker may claim now: those it handles, but not those at their limit.
    fn kinds(&self) -> Vec<String> {
        let running = self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut kinds: Vec<String> = self
            .handlers
            .iter()
            .filter(|(kind, handler)| {
                handler.concurrency().is_none_or(|limit| running.get(*kind).copied().unwrap_or(0) < limit)
            })
            .map(|(kind, _)| (*kind).to_owned())
            .collect();
        kinds.sort();
        kinds
    }

    /// Counts a claimed job as running; the handler's kind, to pass to [`Self::finished`].
    fn started(&self, kind: &str) -> Option<&'static str> {
        let kind = self.handlers.get_key_value(kind).map(|(kind, _)| *kind)?;
        *self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner).entry(kind).or_default() += 1;
        Some(kind)
    }

    fn finished(&self, kind: Option<&'static str>) {
        if let Some(kind) = kind
            && let Some(count) = self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_mut(kind)
        {
            *count = count.saturating_sub(1);
        }
    }

    /// Long enough for the slowest handler, with a margin: past it the job is someone else's.
    fn lock_duration(&self) -> Duration {
        self.handlers.values().map(|h| h.timeout()).max().unwrap_or(Duration::from_secs(60)) + Duration::from_secs(30)
    }

    async fn claim(&self) -> Result<Option<Job>, AppError> {
        let (kinds, name, lock) = (self.kinds(), self.settings.name.clone(), self.lock_duration());
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { store::claim(conn, &kinds, &name, lock).await.map_err(AppError::from) }.scope_boxed()
        })
        .await
    }

    async fn execute(&self, job: Job) {
        let Some(handler) = self.handlers.get(job.kind.as_str()).cloned() else { return };
        let span = tracing::info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempt);
        let started = Instant::now();
        let outcome = match tokio::time::timeout(handler.timeout(), handler.run(&job)).instrument(span.clone()).await {
            Ok(outcome) => outcome,
            Err(_) => Err(JobError::Retry(format!("timed out after {:?}", handler.timeout()))),
        };
        self.metrics.duration.with_label_values(&[handler.kind()]).observe(started.elapsed().as_secs_f64());
        let recorded = match &outcome {
            Ok(()) => self.record(&job, None).await,
            Err(error) => {
                let retry_in = match error {
                    JobError::Retry(_) if job.attempt < job.max_attempts => {
                        Some(backoff(job.attempt, rand::thread_rng().gen_range(-1.0..=1.0)))
                    }
                    _ => None,
                };
                self.record(&job, Some((error.to_string(), retry_in))).await
            }
        };
        let label = match &outcome {
            Ok(()) => "done",
            Err(JobError::Retry(_)) if job.attempt < job.max_attempts => "retry",
            Err(_) => "dead",
        };
        self.metrics.attempts.with_label_values(&[handler.kind(), label]).inc();
        if let (Err(error), "dead") = (&outcome, label)
            && let Err(hook) = handler.gave_up(&job, &error.to_string()).instrument(span.clone()).await
        {
            span.in_scope(|| tracing::error!(error = %hook, "a dead job's clean-up failed"));
        }
        span.in_scope(|| match (&outcome, recorded) {
            (_, Err(error)) => tracing::error!(%error, "could not record a job's outcome; its lock will expire"),
            (Ok(()), Ok(())) => tracing::info!(latency_ms = started.elapsed().as_millis() as u64, "job done"),
            (Err(error), Ok(())) => tracing::warn!(%error, outcome = label, "job failed"),
        });
    }

    async fn record(&self, job: &Job, failure: Option<(String, Option<Duration>)>) -> Result<(), AppError> {
        let (id, name) = (job.id, self.settings.name.clone());
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                match failure {
                    None => store::complete(conn, id, &name).await,
                    Some((error, retry_in)) => store::fail(conn, id, &name, &error, retry_in).await,
                }
                .map(drop)
                .map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await
    }

    /// Adds this period's scheduled jobs, releases expired locks, refreshes the gauges.
    async fn upkeep(&self) -> Result<(), AppError> {
        let now = chrono::Utc::now();
        let scheduled: Vec<NewJob> = self
            .schedules
            .iter()
            .filter(|s| self.handlers.contains_key(s.kind))
            .map(|s| {
                NewJob::new(s.kind, s.payload.clone()).map(|job| {
                    job.priority(Priority::Normal).dedup_key(format!("period:{}", s.period(now.timestamp())))
                })
            })
            .collect::<Result<_, _>>()?;
        let stats = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                for job in &scheduled {
                    enqueue(conn, job).await?;
                }
                let released = store::release_expired(conn).await?;
                if released > 0 {
                    tracing::warn!(released, "jobs whose worker stopped were queued again");
                }
                store::stats(conn).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        for gauge in [&self.metrics.queued, &self.metrics.running, &self.metrics.dead] {
            gauge.reset();
        }
        self.metrics.oldest.reset();
        for kind in stats {
            self.metrics.queued.with_label_values(&[&kind.kind]).set(kind.queued);
            self.metrics.running.with_label_values(&[&kind.kind]).set(kind.running);
            self.metrics.dead.with_label_values(&[&kind.kind]).set(kind.dead);
            self.metrics.oldest.with_label_values(&[&kind.kind]).set(kind.oldest_queued_secs);
        }
        Ok(())
    }
}

/// Deletes finished jobs after a while (dead ones stay until someone looks at them).
struct Cleanup {
    pool: DbPool,
    keep: Duration,
}

#[async_trait::async_trait]
impl JobHandler for Cleanup {
    fn kind(&self) -> &'static str {
        CLEANUP_KIND
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let keep = self.keep;
        let deleted = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { store::delete_done(conn, keep).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        tracing::info!(deleted, "finished jobs cleaned up");
        Ok(())
    }
}
