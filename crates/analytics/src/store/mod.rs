//! Queries on the `analytics` schema. Events are written with arrays bound to one `unnest`
//! statement per batch (the partitioned table has no primary key for diesel's DSL); the audit log
//! is read through the DSL and written only by `analytics.append_audit`.

pub mod audit;
pub mod dashboards;
pub mod events;

pub type Conn = diesel_async::AsyncPgConnection;
