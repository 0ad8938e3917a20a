//! Use cases of the analytics context: ingesting events (clients' batches and the outbox),
//! keeping the monthly partitions (created ahead, archived and dropped past the retention), the
//! audit log for operators and admins and its verification, and a person's export and erasure.

mod audit;
mod background;
mod dashboards;
mod ingest;
mod personal_data;
pub mod retention;
mod rollups;

use std::sync::Arc;

use kernel::secrets::KeyedHasher;
use platform::event_buffer::EventBuffer;
use platform::storage::ObjectStorage;
use uuid::Uuid;

pub use audit::{AuditEntryView, AuditQuery, BrokenRow, ChainReport};
pub use background::{DrainOutbox, MaintainEventPartitions, RollUp};
pub use dashboards::{
    DashboardQuery, DurationSummary, FunnelStage, PipelineReport, SourceCount, SourcesReport, StageTime,
    TimeToHireReport,
};
pub use ingest::{ClientContext, ClientEvent, EventBatch, IngestReport, RejectedEvent};
pub use personal_data::AnalyticsPersonalData;

/// How long what the context keeps is kept.
#[derive(Debug, Clone)]
pub struct AnalyticsSettings {
    /// Months of events kept in the database (the current one included; at least 2, as clients
    /// may send a week-old event); older months are archived to object storage and dropped.
    /// `ANALYTICS_RETENTION_MONTHS`, 13 by default.
    pub retention_months: u32,
    /// Days a client event id is remembered, so a batch sent again is stored once.
    pub receipt_days: i64,
}

impl Default for AnalyticsSettings {
    fn default() -> Self {
        Self { retention_months: 13, receipt_days: 30 }
    }
}

#[derive(Clone)]
pub struct AnalyticsService {
    pool: kernel::db::DbPool,
    hasher: KeyedHasher,
    storage: Arc<dyn ObjectStorage>,
    buffer: EventBuffer,
    settings: AnalyticsSettings,
}

/// What the context reaches outside the database.
#[derive(Clone)]
pub struct AnalyticsPorts {
    /// Keys people's pseudonyms.
    pub hasher: KeyedHasher,
    /// Where past months' events are archived.
    pub storage: Arc<dyn ObjectStorage>,
    /// Events from hot read paths, waiting to be stored.
    pub buffer: EventBuffer,
}

impl AnalyticsService {
    pub fn new(pool: kernel::db::DbPool, ports: AnalyticsPorts, settings: AnalyticsSettings) -> Self {
        Self { pool, hasher: ports.hasher, storage: ports.storage, buffer: ports.buffer, settings }
    }
}

/// A person's stable pseudonym in `analytics.events` and in erased audit rows.
pub(crate) fn actor_key(hasher: &KeyedHasher, user_id: Uuid) -> String {
    hasher.pseudonym("analytics.actor", &user_id.to_string())
}
