//! Analytics context: product events from clients and from every context's outbox (people
//! pseudonymised, monthly partitions archived to object storage past the retention), and the
//! append-only, hash-chained audit log that every context writes in the transaction of a
//! security-relevant action (`kernel::audit`), with its verification. The data team reads the
//! `analytics` schema through its own read-only role, without personal data.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{AnalyticsApi, configure};
pub use service::{
    AnalyticsPersonalData, AnalyticsPorts, AnalyticsService, AnalyticsSettings, DrainOutbox, MaintainEventPartitions,
    RollUp,
};
