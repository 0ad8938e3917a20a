//! The analytics context over HTTP: clients' event batches, and the audit log for platform
//! operators and companies' admins.

mod audit;
mod events;

use actix_web::web;
use utoipa::OpenApi;

use crate::service::{AuditEntryView, ClientEvent, EventBatch, IngestReport, RejectedEvent};

type Service = web::Data<crate::service::AnalyticsService>;

#[derive(OpenApi)]
#[openapi(
    paths(events::ingest_events, audit::platform_audit, audit::company_audit),
    components(schemas(ClientEvent, EventBatch, IngestReport, RejectedEvent, AuditEntryView)),
    tags((name = "analytics", description = "Product events from clients, and the audit log")),
)]
pub struct AnalyticsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(events::ingest_events).service(audit::platform_audit).service(audit::company_audit);
}
