//! The durable job queue against the real Postgres: enqueued in the caller's transaction,
//! claimed once, retried with back-off, dead with its error, prioritised, shared by workers,
//! recovered after a worker dies, scheduled once per period, and closed to requests by RLS.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use diesel::sql_types::{BigInt, Integer, Text};
use diesel_async::RunQueryDsl;
use e2e::TestApp;
use kernel::AppError;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, Priority, enqueue};
use platform::jobs::{Job, JobError, JobHandler, Schedule, Worker, WorkerSettings};
use serde_json::json;

/// Counts its runs; fails the first `failures` of them, the way it is told.
struct Probe {
    kind: &'static str,
    runs: AtomicU32,
    failures: u32,
    fatal: bool,
    order: std::sync::Mutex<Vec<String>>,
    delay: Duration,
    /// The errors its dead jobs were given up with.
    given_up: std::sync::Mutex<Vec<String>>,
    /// Its concurrency limit, and how many of its runs overlapped at most.
    limit: Option<usize>,
    in_flight: AtomicU32,
    most_in_flight: AtomicU32,
}

impl Probe {
    fn runs(&self) -> u32 {
        AtomicU32::load(&self.runs, Ordering::SeqCst)
    }

    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            runs: AtomicU32::new(0),
            failures: 0,
            fatal: false,
            order: Default::default(),
            delay: Duration::ZERO,
            given_up: Default::default(),
            limit: None,
            in_flight: AtomicU32::new(0),
            most_in_flight: AtomicU32::new(0),
        }
    }
}

#[async_trait]
impl JobHandler for Probe {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(300)
    }

    fn concurrency(&self) -> Option<usize> {
        self.limit
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let run = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        self.order.lock().unwrap().push(job.payload["name"].as_str().unwrap_or_default().to_owned());
        let overlapping = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(overlapping, Ordering::SeqCst);
        tokio::time::sleep(self.delay).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        match (run <= self.failures, self.fatal) {
            (true, true) => Err(JobError::Fatal(format!("run {run} cannot succeed"))),
            (true, false) => Err(JobError::Retry(format!("run {run} failed"))),
            _ => Ok(()),
        }
    }

    async fn gave_up(&self, _job: &Job, error: &str) -> Result<(), JobError> {
        self.given_up.lock().unwrap().push(error.to_owned());
        Ok(())
    }
}

fn worker(pool: &DbPool, handler: Arc<Probe>) -> Worker {
    let settings = WorkerSettings { concurrency: 4, poll_interval: Duration::from_millis(20), ..Default::default() };
    Worker::new(pool.clone(), settings, &prometheus::Registry::new()).unwrap().handle(handler)
}

async fn add(pool: &DbPool, job: NewJob) -> Option<uuid::Uuid> {
    scoped(pool, &RequestScope::anonymous(), |conn| async move { enqueue(conn, &job).await }.scope_boxed())
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    last_error: Option<String>,
    #[diesel(sql_type = BigInt)]
    wait_secs: i64,
}

async fn row(app: &TestApp, id: uuid::Uuid) -> Row {
    diesel::sql_query(
        "SELECT status, attempts, last_error, greatest(extract(epoch FROM run_at - now()), 0)::bigint AS wait_secs \
         FROM platform.jobs WHERE id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(id)
    .get_result(&mut app.owner_connection().await)
    .await
    .unwrap()
}

async fn make_due(app: &TestApp) {
    diesel::sql_query("UPDATE platform.jobs SET run_at = now() WHERE status = 'queued'")
        .execute(&mut app.owner_connection().await)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_job_exists_exactly_when_its_transaction_commits() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let probe = Arc::new(Probe::new("test.probe"));
    let rolled_back = scoped(&pool, &RequestScope::anonymous(), |conn| {
        async move {
            enqueue(conn, &NewJob::new("test.probe", json!({"name": "ghost"}))?).await?;
            Err::<(), _>(AppError::Conflict("the change failed".into()))
        }
        .scope_boxed()
    })
    .await;
    assert!(rolled_back.is_err());
    let id = add(&pool, NewJob::new("test.probe", json!({"name": "real"})).unwrap()).await.unwrap();
    worker(&pool, probe.clone()).drain().await.unwrap();
    assert_eq!(probe.runs(), 1);
    assert_eq!(*probe.order.lock().unwrap(), vec!["real"]);
    assert_eq!(row(&app, id).await.status, "done");
    assert_eq!(worker(&pool, probe.clone()).drain().await.unwrap(), 0, "done is never run again");
}

#[tokio::test]
async fn failures_back_off_then_die_keeping_the_last_error() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let probe = Arc::new(Probe { failures: 10, ..Probe::new("test.flaky") });
    let id = add(&pool, NewJob::new("test.flaky", json!({})).unwrap().max_attempts(3)).await.unwrap();
    let worker = worker(&pool, probe.clone());
    worker.drain().await.unwrap();
    let first = row(&app, id).await;
    assert_eq!((first.status.as_str(), first.attempts), ("queued", 1));
    assert!((3..=7).contains(&first.wait_secs), "about 5 s of back-off: {}", first.wait_secs);
    assert_eq!(worker.drain().await.unwrap(), 0, "not due yet");
    make_due(&app).await;
    worker.drain().await.unwrap();
    assert!(row(&app, id).await.wait_secs >= 6, "the second wait is longer");
    assert!(probe.given_up.lock().unwrap().is_empty(), "not given up while attempts remain");
    make_due(&app).await;
    worker.drain().await.unwrap();
    let dead = row(&app, id).await;
    assert_eq!((dead.status.as_str(), dead.attempts), ("dead", 3));
    assert_eq!(dead.last_error.as_deref(), Some("run 3 failed"));
    assert_eq!(*probe.given_up.lock().unwrap(), vec!["run 3 failed"], "the handler hears of it once");

    let fatal = Arc::new(Probe { failures: 1, fatal: true, ..Probe::new("test.fatal") });
    let id = add(&pool, NewJob::new("test.fatal", json!({})).unwrap().max_attempts(5)).await.unwrap();
    crate::jobs::worker(&pool, fatal.clone()).drain().await.unwrap();
    assert_eq!(row(&app, id).await.status, "dead", "no retry can fix it");
    assert_eq!(*fatal.given_up.lock().unwrap(), vec!["run 1 cannot succeed"]);
}

#[tokio::test]
async fn a_slow_run_times_out_and_is_retried() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let slow = Arc::new(Probe { delay: Duration::from_secs(2), ..Probe::new("test.slow") });
    let id = add(&pool, NewJob::new("test.slow", json!({})).unwrap()).await.unwrap();
    worker(&pool, slow).drain().await.unwrap();
    let after = row(&app, id).await;
    assert_eq!(after.status, "queued");
    assert!(after.last_error.unwrap().contains("timed out"));
}

#[tokio::test]
async fn premium_work_goes_first_and_bulk_last() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let probe = Arc::new(Probe::new("test.ordered"));
    for (name, priority) in [("bulk", Priority::Bulk), ("normal", Priority::Normal), ("premium", Priority::Premium)] {
        add(&pool, NewJob::new("test.ordered", json!({"name": name})).unwrap().priority(priority)).await;
    }
    worker(&pool, probe.clone()).drain().await.unwrap();
    assert_eq!(*probe.order.lock().unwrap(), vec!["premium", "normal", "bulk"]);
}

#[tokio::test]
async fn workers_share_the_queue_and_run_each_job_once() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let probe = Arc::new(Probe { delay: Duration::from_millis(5), ..Probe::new("test.shared") });
    for n in 0..60 {
        add(&pool, NewJob::new("test.shared", json!({"name": n.to_string()})).unwrap()).await;
    }
    let (a, b) = (worker(&pool, probe.clone()), worker(&app.app_pool(), probe.clone()));
    let (ran_a, ran_b) = tokio::join!(a.drain(), b.drain());
    assert_eq!(ran_a.unwrap() + ran_b.unwrap(), 61, "the 60 jobs and the day's clean-up");
    let mut names = probe.order.lock().unwrap().clone();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 60, "every job ran exactly once");
    assert_eq!(probe.runs(), 60);
}

#[tokio::test]
async fn a_kind_with_a_concurrency_limit_leaves_the_other_slots_to_other_kinds() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let slow = Arc::new(Probe { delay: Duration::from_millis(150), limit: Some(1), ..Probe::new("test.slow") });
    let quick = Arc::new(Probe { delay: Duration::from_millis(150), ..Probe::new("test.quick") });
    for n in 0..4 {
        add(&pool, NewJob::new("test.slow", json!({"name": format!("slow {n}")})).unwrap()).await;
        add(&pool, NewJob::new("test.quick", json!({"name": format!("quick {n}")})).unwrap()).await;
    }
    let worker = worker(&pool, slow.clone()).handle(quick.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(worker.run(async {
        stopped.await.ok();
    }));
    for _ in 0..100 {
        if slow.runs() == 4 && quick.runs() == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(()).unwrap();
    running.await.unwrap();
    assert_eq!((slow.runs(), quick.runs()), (4, 4));
    assert_eq!(AtomicU32::load(&slow.most_in_flight, Ordering::SeqCst), 1, "never two of the limited kind at once");
    assert!(AtomicU32::load(&quick.most_in_flight, Ordering::SeqCst) >= 2, "the other slots served the other kind");
}

#[tokio::test]
async fn an_event_reaches_every_subscriber_and_a_failure_retries_them_all() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let first = Arc::new(Probe::new("test.happened"));
    let flaky = Arc::new(Probe { failures: 1, ..Probe::new("test.happened") });
    let id = add(&pool, NewJob::event("test.happened", json!({"name": "it"})).unwrap()).await.unwrap();
    let worker =
        worker(&pool, Arc::new(Probe::new("test.unrelated"))).subscribe(first.clone()).subscribe(flaky.clone());
    worker.drain().await.unwrap();
    assert_eq!((first.runs(), flaky.runs()), (1, 1));
    assert_eq!(row(&app, id).await.status, "queued", "one subscriber failed: the event comes back");
    make_due(&app).await;
    worker.drain().await.unwrap();
    assert_eq!((first.runs(), flaky.runs()), (2, 2), "every subscriber runs again: they are idempotent");
    assert_eq!(row(&app, id).await.status, "done");
}

#[tokio::test]
async fn a_job_whose_worker_died_runs_again_and_completes_once() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let id = add(&pool, NewJob::new("test.orphan", json!({"name": "orphan"})).unwrap()).await.unwrap();
    // A worker claimed it and was killed: the row stays `running` until its lock expires.
    diesel::sql_query(
        "UPDATE platform.jobs SET status = 'running', attempts = 1, locked_by = 'killed', \
         locked_until = now() - interval '1 second' WHERE id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(id)
    .execute(&mut app.owner_connection().await)
    .await
    .unwrap();
    let probe = Arc::new(Probe::new("test.orphan"));
    worker(&pool, probe.clone()).drain().await.unwrap();
    let done = row(&app, id).await;
    assert_eq!((done.status.as_str(), done.attempts), ("done", 2));
    assert_eq!(probe.runs(), 1);
}

#[tokio::test]
async fn a_schedule_adds_one_job_per_period_across_workers() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    let probe = Arc::new(Probe::new("test.daily"));
    let schedule = Schedule { kind: "test.daily", every: Duration::from_secs(86_400), payload: json!({"name": "d"}) };
    let first = worker(&pool, probe.clone()).every(schedule.clone());
    let second = worker(&app.app_pool(), probe.clone()).every(schedule);
    first.drain().await.unwrap();
    second.drain().await.unwrap();
    first.drain().await.unwrap();
    assert_eq!(probe.runs(), 1);
}

#[tokio::test]
async fn requests_may_add_jobs_but_never_read_them() {
    let app = TestApp::spawn_with(&[("WORKER_IN_PROCESS", "false")]).await;
    let pool = app.app_pool();
    add(&pool, NewJob::new("test.secret", json!({"token": "s3cr3t"})).unwrap()).await.unwrap();
    let user = RequestScope::user(uuid::Uuid::now_v7()).in_tenant(uuid::Uuid::now_v7(), "admin");
    let (seen, changed) = scoped(&pool, &user, |conn| {
        async move {
            let seen: i64 = diesel::select(diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM platform.jobs)"))
                .get_result(conn)
                .await?;
            let changed = diesel::sql_query("UPDATE platform.jobs SET status = 'done'").execute(conn).await?;
            Ok::<_, AppError>((seen, changed))
        }
        .scope_boxed()
    })
    .await
    .unwrap();
    assert_eq!((seen, changed), (0, 0));
}

#[tokio::test]
async fn the_in_process_worker_sends_reset_mails_and_reports_metrics() {
    let app = TestApp::spawn().await;
    app.register("ana@example.pe").await;
    let response = app.post("/api/v1/auth/password-reset", None, json!({ "email": "ana@example.pe" })).await;
    assert_eq!(response.status, 202);
    app.mailbox.wait_for("ana@example.pe", "contraseña", 1).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let metrics = app.get("/metrics", None).await.body.as_str().unwrap_or_default().to_owned();
    assert!(
        metrics.contains(r#"job_attempts_total{kind="identity.password_reset_mail",outcome="done"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("job_duration_seconds_bucket"));
}
