use actix_web::{HttpRequest, web};
use kernel::auth::MaybeAuthUser;
use kernel::input::Json;
use kernel::{AppResult, Problem};

use super::Service;
use crate::domain::events::country_code;
use crate::service::{ClientContext, EventBatch, IngestReport};

/// The largest batch body: 500 events of a few hundred bytes each pass well under it (the API's
/// other bodies are limited to `MAX_JSON_BODY_BYTES`).
pub(super) const MAX_BATCH_BYTES: usize = 1024 * 1024;

/// Records a batch of a client's events (1 to 500, at most 1 MiB), signed in or not. Each event is
/// stored once per `event_id` however often it is sent; events that break a rule are listed in
/// `rejected` and the others stored. Personal data in properties and URLs is removed before
/// storage.
#[utoipa::path(post, path = "/api/v1/analytics/events", tag = "analytics", security((), ("bearer" = [])),
    request_body = EventBatch,
    responses(
        (status = 200, body = IngestReport),
        (status = 413, description = "A body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No events, more than 500, or control characters in a text", body = Problem, content_type = "application/problem+json"),
    ))]
pub(super) async fn ingest_events(
    service: Service,
    auth: MaybeAuthUser,
    req: HttpRequest,
    body: Json<EventBatch>,
) -> AppResult<web::Json<IngestReport>> {
    let header = |name: &str| req.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let from_proxy = behind_trusted_proxy(&req);
    let context = ClientContext {
        user_id: auth.0.as_ref().map(|user| user.user_id()),
        tenant_id: auth.0.as_ref().and_then(|user| user.tenant()).map(|(tenant_id, _)| tenant_id),
        user_agent: header("user-agent"),
        country: from_proxy.then(|| header("cf-ipcountry").and_then(|code| country_code(&code))).flatten(),
        city: from_proxy
            .then(|| header("cf-ipcity").filter(|city| !city.is_empty() && city.chars().count() <= 100))
            .flatten(),
    };
    Ok(web::Json(service.ingest(body.into_inner(), &context).await?))
}

/// Whether the peer is one of the configured proxies, whose location headers are believed.
fn behind_trusted_proxy(req: &HttpRequest) -> bool {
    let trusted = req.app_data::<web::Data<kernel::client::TrustedProxies>>();
    match (req.peer_addr(), trusted) {
        (Some(peer), Some(trusted)) => trusted.0.contains(&peer.ip()),
        _ => false,
    }
}
