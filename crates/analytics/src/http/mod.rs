//! The analytics context over HTTP: clients' event batches, the audit log for platform
//! operators and companies' admins, and companies' hiring dashboards.

mod audit;
mod dashboards;
mod events;

use actix_web::web;
use utoipa::OpenApi;

use crate::service::{
    AuditEntryView, ClientEvent, DurationSummary, EventBatch, FunnelStage, IngestReport, PipelineReport, RejectedEvent,
    SourceCount, SourcesReport, StageTime, TimeToHireReport,
};

type Service = web::Data<crate::service::AnalyticsService>;

#[derive(OpenApi)]
#[openapi(
    paths(
        events::ingest_events,
        audit::platform_audit,
        audit::company_audit,
        dashboards::pipeline,
        dashboards::time_to_hire,
        dashboards::sources,
    ),
    components(schemas(
        ClientEvent, EventBatch, IngestReport, RejectedEvent, AuditEntryView, PipelineReport, FunnelStage,
        TimeToHireReport, DurationSummary, StageTime, SourcesReport, SourceCount,
    )),
    tags((name = "analytics", description = "Product events from clients, and the audit log")),
)]
pub struct AnalyticsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/analytics/events")
            .app_data(web::JsonConfig::default().limit(events::MAX_BATCH_BYTES))
            .route(web::post().to(events::ingest_events)),
    )
    .service(audit::platform_audit)
    .service(audit::company_audit)
    .service(dashboards::pipeline)
    .service(dashboards::time_to_hire)
    .service(dashboards::sources);
}
