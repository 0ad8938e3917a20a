//! The job worker: every context's handlers and schedules, in the API process
//! (WORKER_IN_PROCESS) or alone (`entrevistador worker`).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::web;
use anyhow::Context as _;
use cv::{DeleteStoredObjects, EmbedCvs, HideCvsOfDeletedAccount, ParseCvs};
use hiring::{
    EnsurePartitions, LeaveNetworkOnConsentWithdrawal, MarkPlacementFeesPaid, NotifyCandidates, ReadCandidateCvs,
    WithdrawOnAccountDeletion,
};
use identity::service::PasswordResetMails;
use identity::{BuildDataExports, ExpireDataExports, ExpireInactiveAccounts};
use interview::ExpireInterviews;
use matching::{EmbedPostings, ExpirePostings, FoldBoardCounts, ForgetCvMatches, IndexPostings, RefreshCvMatches};
use platform::jobs::{Worker, WorkerSettings};
use platform::storage::SweepTempObjects;

use crate::config::Config;
use crate::http;
use crate::startup::{Components, Overrides, compose, serve_metrics};

/// The job worker with every context's handlers and schedules; its metrics go to `registry`.
pub fn job_worker(components: &Components, config: &Config, registry: &prometheus::Registry) -> anyhow::Result<Worker> {
    let settings = WorkerSettings {
        name: format!("{}-{}", hostname(), std::process::id()),
        concurrency: config.worker_concurrency,
        ..WorkerSettings::default()
    };
    let worker = Worker::new(components.pool.clone(), settings, registry)?
        .handle(Arc::new(PasswordResetMails(components.identity.clone())))
        .handle(Arc::new(BuildDataExports {
            service: components.identity.clone(),
            hooks: components.personal_data.clone(),
        }))
        .handle(Arc::new(ExpireDataExports(components.identity.clone())))
        .every(ExpireDataExports::schedule())
        .handle(Arc::new(ExpireInactiveAccounts(components.identity.clone())))
        .every(ExpireInactiveAccounts::schedule())
        .handle(Arc::new(DeleteStoredObjects(components.storage.clone())))
        .handle(Arc::new(ParseCvs(components.cv.clone())))
        .handle(Arc::new(EmbedCvs(components.cv.clone())))
        .handle(Arc::new(EmbedPostings(components.matching.clone())))
        .handle(Arc::new(ExpirePostings(components.matching.clone())))
        .handle(Arc::new(IndexPostings(components.matching.clone())))
        .every(ExpirePostings::schedule())
        .handle(Arc::new(FoldBoardCounts(components.matching.clone())))
        .every(FoldBoardCounts::schedule())
        .subscribe(Arc::new(RefreshCvMatches(components.matching.clone())))
        .subscribe(Arc::new(ForgetCvMatches(components.matching.clone())))
        .handle(Arc::new(NotifyCandidates(components.hiring.clone())))
        .handle(Arc::new(ReadCandidateCvs(components.hiring.clone())))
        .handle(Arc::new(EnsurePartitions(components.hiring.clone())))
        .every(EnsurePartitions::schedule())
        .subscribe(Arc::new(HideCvsOfDeletedAccount(components.cv.clone())))
        .subscribe(Arc::new(WithdrawOnAccountDeletion(components.hiring.clone())))
        .subscribe(Arc::new(MarkPlacementFeesPaid(components.hiring.clone())))
        .subscribe(Arc::new(LeaveNetworkOnConsentWithdrawal(components.hiring.clone())))
        .handle(Arc::new(ExpireInterviews(components.interview.clone())))
        .every(ExpireInterviews::schedule())
        .handle(Arc::new(billing::CloseEndedPeriods(components.billing.clone())))
        .every(billing::CloseEndedPeriods::schedule())
        .handle(Arc::new(billing::ChargeDue(components.billing.clone())))
        .every(billing::ChargeDue::schedule())
        .handle(Arc::new(billing::ReconcilePayments(components.billing.clone())))
        .every(billing::ReconcilePayments::schedule())
        .handle(Arc::new(billing::SandboxWebhooks(components.billing.clone())))
        .handle(Arc::new(billing::RenderReceipts(components.billing.clone())))
        .handle(Arc::new(billing::FailedChargeMails(components.billing.clone())))
        .handle(Arc::new(billing::ChargePlacements(components.billing.clone())))
        .handle(Arc::new(analytics::DrainOutbox(components.analytics.clone())))
        .every(analytics::DrainOutbox::schedule())
        .handle(Arc::new(analytics::MaintainEventPartitions(components.analytics.clone())))
        .every(analytics::MaintainEventPartitions::schedule())
        .handle(Arc::new(analytics::RollUp(components.analytics.clone())))
        .every(analytics::RollUp::schedule())
        .handle(Arc::new(SweepTempObjects::new(components.storage.clone(), Duration::from_secs(24 * 3600))))
        .every(SweepTempObjects::schedule());
    Ok(worker)
}

/// `entrevistador worker`: the job worker alone, until SIGTERM or Ctrl-C (jobs in flight finish);
/// its metrics on METRICS_BIND when set.
pub async fn run_worker(config: &Config) -> anyhow::Result<()> {
    let components = compose(config, Overrides::default()).await?;
    let metrics = web::Data::new(http::Metrics::new());
    let worker = job_worker(&components, config, metrics.registry())?;
    let metrics_server = match config.metrics_bind {
        Some(address) => {
            let listener =
                TcpListener::bind(address).with_context(|| format!("METRICS_BIND: cannot bind {address}"))?;
            Some(serve_metrics(listener, metrics)?)
        }
        None => None,
    };
    let metrics_handle = metrics_server.as_ref().map(Server::handle);
    let metrics_task = metrics_server.map(tokio::spawn);
    worker.run(stop_signal()).await;
    if let Some(handle) = metrics_handle {
        handle.stop(true).await;
    }
    if let Some(task) = metrics_task {
        let _ = task.await;
    }
    Ok(())
}

async fn stop_signal() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = async {
            match terminate.as_mut() {
                Some(terminate) => { terminate.recv().await; }
                None => std::future::pending().await,
            }
        } => {}
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").map(|name| name.trim().to_owned()).unwrap_or_else(|_| "worker".into())
}
