//! The API platform around the contexts: request ids and logs, metrics, problem+json for every
//! error (actix's own included), health probes, the OpenAPI document and its docs page.

use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, get, web};
use kernel::error::PROBLEM_CONTENT_TYPE;
use kernel::{AppError, FieldError, Problem};
use platform::cache::Redis;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder};
use serde::Serialize;
use tracing::Instrument;
use utoipa::ToSchema;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Request counters and latencies, labelled by route pattern (never by raw path, so ids do not
/// explode the label space).
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency")
                .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        )
        .expect("valid metric");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(latency.clone())).expect("registered once");
        Self { registry, requests, latency }
    }

    /// Where other parts of the process (the job worker) register their metrics.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[method, route]).observe(elapsed.as_secs_f64());
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The caller's `X-Request-Id` when it is a short token of safe characters (it ends up in logs
/// and in other systems' headers), else a new id.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
        .map_or_else(|| kernel::ids::new_id().to_string(), str::to_owned)
}

/// The method as a metrics label: the standard ones by name, anything made up as `other`, so
/// clients cannot grow the label space.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Gives every request an id (the caller's `X-Request-Id` or a new one), a span that every log
/// line inside carries, a closing log line, metrics, and the id on the response.
pub async fn observe_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = request_id(&req);
    let method = method_label(req.method());
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %req.path());
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let started = Instant::now();
    let mut response = next.call(req).instrument(span.clone()).await?;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".into());
    if let Some(metrics) = metrics {
        metrics.observe(method, &route, status, elapsed);
    }
    span.in_scope(|| {
        tracing::info!(status, route = %route, latency_ms = elapsed.as_secs_f64() * 1000.0, "request finished");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}

/// Limits on the request head, below what the HTTP parser itself refuses (more than 96 headers or a
/// head over 128 KiB: those get an empty 431/400 from actix-http before any middleware runs).
#[derive(Debug, Clone, Copy)]
pub struct HeadLimits {
    pub max_uri_bytes: usize,
    pub max_header_bytes: usize,
    pub max_head_bytes: usize,
    pub max_headers: usize,
}

impl Default for HeadLimits {
    fn default() -> Self {
        Self { max_uri_bytes: 8 * 1024, max_header_bytes: 8 * 1024, max_head_bytes: 32 * 1024, max_headers: 64 }
    }
}

impl HeadLimits {
    /// The refusal for a request head over the limits, if it is.
    pub fn check(&self, uri_len: usize, headers: &actix_web::http::header::HeaderMap) -> Option<Problem> {
        if uri_len > self.max_uri_bytes {
            return Some(Problem::new(
                StatusCode::URI_TOO_LONG,
                "uri-too-long",
                format!("the URL is longer than {} bytes", self.max_uri_bytes),
            ));
        }
        let too_large = |detail: String| {
            Some(Problem::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large", detail))
        };
        if headers.len() > self.max_headers {
            return too_large(format!("more than {} headers", self.max_headers));
        }
        let mut total = 0;
        for (name, value) in headers {
            let size = name.as_str().len() + value.len();
            if size > self.max_header_bytes {
                return too_large(format!("the {} header is larger than {} bytes", name, self.max_header_bytes));
            }
            total += size;
        }
        if total > self.max_head_bytes {
            return too_large(format!("the headers are larger than {} bytes in all", self.max_head_bytes));
        }
        None
    }
}

/// Refuses request heads over [`HeadLimits`] with a problem, before any handler reads them.
pub async fn limit_heads(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let limits = req.app_data::<web::Data<HeadLimits>>().map_or_else(HeadLimits::default, |l| *l.get_ref());
    if let Some(problem) = limits.check(req.uri().to_string().len(), req.headers()) {
        let (request, _) = req.into_parts();
        return Ok(ServiceResponse::new(request, problem.response()).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Which security headers the responses carry beyond the always-on ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct SecurityHeaders {
    /// `Strict-Transport-Security` (production: the API is only ever reached over HTTPS).
    pub hsts: bool,
}

/// The docs page runs Swagger UI from this server: its own scripts and styles (one inline
/// bootstrap script), requests to this origin only, never framed.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `nosniff` everywhere; `no-store` on API answers (they carry tokens and personal data) unless a
/// handler chose its own caching; CSP and framing rules on the docs page; HSTS when configured.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let settings = req.app_data::<web::Data<SecurityHeaders>>().map_or_else(SecurityHeaders::default, |s| *s.get_ref());
    let is_docs = req.path() == "/docs" || req.path().starts_with("/docs/");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if is_docs {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CSP));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    if settings.hsts {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    Ok(response)
}

/// CORS for the configured browser origins: no credentials (tokens travel in `Authorization`),
/// the methods and headers the API uses, preflights cached for an hour.
pub fn cors(allowed_origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::Method;
    allowed_origins
        .iter()
        .fold(actix_cors::Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            REQUEST_ID,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([REQUEST_ID, header::RETRY_AFTER, header::LOCATION, header::CONTENT_DISPOSITION])
        .max_age(3600)
}

fn slug_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        StatusCode::BAD_REQUEST => "bad-request",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// Rewrites any error response that is not already problem+json (actix's own 404, 405, 413 ...)
/// into one, keeping the status.
pub async fn problem_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let response = next.call(req).await?;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return Ok(response.map_into_left_body());
    }
    let detail = match status {
        StatusCode::NOT_FOUND => format!("no route for {}", response.request().path()),
        StatusCode::METHOD_NOT_ALLOWED => format!("{} is not allowed here", response.request().method()),
        s if s.is_server_error() => "an unexpected error occurred".to_owned(),
        _ => response
            .response()
            .error()
            .map_or_else(|| status.canonical_reason().unwrap_or("error").to_owned(), ToString::to_string),
    };
    let problem = Problem::new(status, slug_for(status), detail);
    Ok(response.map_body(|head, _| {
        head.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        head.headers.remove(header::CONTENT_LENGTH);
        EitherBody::right(BoxBody::new(serde_json::to_string(&problem).unwrap_or_default()))
    }))
}

/// Malformed JSON is a 400; well-formed JSON of the wrong shape is a 422 naming the field.
pub fn json_error(error: JsonPayloadError, _: &HttpRequest) -> Error {
    let problem = match &error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", error.to_string())
        }
        JsonPayloadError::ContentType => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send the body as application/json".to_owned(),
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            AppError::Validation(vec![FieldError::new("body", "invalid", e.to_string())]).to_problem()
        }
        JsonPayloadError::Deserialize(e) => AppError::BadRequest(format!("malformed JSON: {e}")).to_problem(),
        other => AppError::BadRequest(other.to_string()).to_problem(),
    };
    actix_web::error::InternalError::from_response("", problem.response()).into()
}

/// A path that does not parse (say, an id that is not a UUID) names nothing that exists.
/// A path segment that is not what the route takes (an id that is not a UUID) is a 404 — unless
/// the path is another documented route's that does not allow this method (`PATCH
/// /api/v1/jobs/search` reached `PATCH /api/v1/jobs/{id}`): then a 405 with its `Allow`.
pub fn path_error(error: PathError, req: &HttpRequest) -> Error {
    tracing::debug!(%error, "request path did not parse");
    let routes = req.app_data::<web::Data<RouteTable>>();
    match routes.and_then(|routes| routes.allowed(req.path())) {
        Some(methods) if !methods.iter().any(|m| m == req.method().as_str()) => {
            actix_web::error::InternalError::from_response(error, method_not_allowed(req, &methods)).into()
        }
        _ => AppError::NotFound("resource").into(),
    }
}

pub fn query_error(error: QueryPayloadError, _: &HttpRequest) -> Error {
    AppError::BadRequest(format!("invalid query string: {error}")).into()
}

/// The documented routes, to tell "no such path" (404) from "path exists, other methods" (405).
#[derive(Debug, Clone, Default)]
pub struct RouteTable(Vec<(Vec<Option<String>>, Vec<String>)>);

impl RouteTable {
    /// From the OpenAPI document: `/api/v1/tenants/{id}` matches any value in the `{id}` segment.
    pub fn from_openapi(doc: &serde_json::Value) -> Self {
        let paths = doc["paths"].as_object().into_iter().flatten();
        let routes = paths
            .map(|(path, item)| {
                let segments = path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                let methods =
                    item.as_object().map(|o| o.keys().map(|k| k.to_uppercase()).collect()).unwrap_or_default();
                (segments, methods)
            })
            .collect();
        Self(routes)
    }

    /// The methods allowed on `path`, if any documented route matches it. A route whose literal
    /// segments match more of the path wins (`/jobs/search` over `/jobs/{id}`): ids here are
    /// UUIDs, never words.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let matching: Vec<(usize, &Vec<String>)> = self
            .0
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(s, p)| s.as_deref().is_none_or(|s| s == *p))
            })
            .map(|(segments, methods)| (segments.iter().filter(|s| s.is_some()).count(), methods))
            .collect();
        let most_literal = matching.iter().map(|(literal, _)| *literal).max()?;
        let mut allowed: Vec<String> = matching
            .into_iter()
            .filter(|(literal, _)| *literal == most_literal)
            .flat_map(|(_, methods)| methods.iter().cloned())
            .collect();
        allowed.sort();
        allowed.dedup();
        (!allowed.is_empty()).then_some(allowed)
    }
}

/// Answers whatever no route took: 405 with `Allow` when the path exists, else 404.
pub async fn no_route(req: HttpRequest, routes: web::Data<RouteTable>) -> HttpResponse {
    match routes.allowed(req.path()) {
        Some(methods) => method_not_allowed(&req, &methods),
        None => Problem::new(StatusCode::NOT_FOUND, "not-found", format!("no route for {}", req.path())).response(),
    }
}

fn method_not_allowed(req: &HttpRequest, methods: &[String]) -> HttpResponse {
    let problem = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        format!("{} is not allowed on {}; use {}", req.method(), req.path(), methods.join(", ")),
    );
    let mut response = problem.response();
    if let Ok(allow) = HeaderValue::from_str(&methods.join(", ")) {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/health/live")]
pub async fn health_live() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The dependencies answer: 503 naming whichever does not.
#[utoipa::path(tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Problem, content_type = "application/problem+json")))]
#[get("/health/ready")]
pub async fn health_ready(pool: web::Data<kernel::db::DbPool>, redis: web::Data<Redis>) -> HttpResponse {
    let deadline = Duration::from_secs(2);
    let database = tokio::time::timeout(deadline, kernel::db::ping(&pool)).await;
    let cache = tokio::time::timeout(deadline, redis.ping()).await;
    let mut down = Vec::new();
    if !matches!(database, Ok(Ok(()))) {
        down.push("database");
    }
    if !matches!(cache, Ok(Ok(()))) {
        down.push("redis");
    }
    if down.is_empty() {
        HttpResponse::Ok().json(Health { status: "ready" })
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", format!("not ready: {} down", down.join(", ")))
            .response()
    }
}

/// Prometheus text exposition.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics_text(metrics: web::Data<Metrics>) -> HttpResponse {
    match TextEncoder::new().encode_to_string(&metrics.registry.gather()) {
        Ok(text) => HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text),
        Err(error) => AppError::Internal(error.to_string()).to_problem().response(),
    }
}

#[get("/api/openapi.json")]
pub async fn openapi_json(doc: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(doc.get_ref().clone())
}

/// The docs page: Swagger UI served from the binary, so it renders without internet access.
pub fn docs() -> impl actix_web::dev::HttpServiceFactory {
    swagger_ui_dist::generate_scope(swagger_ui_dist::ApiDefinition {
        uri_prefix: "/docs",
        api_definition: swagger_ui_dist::OpenApiSource::Uri("/api/openapi.json"),
        title: Some("Entrevistador Inteligente API"),
    })
}

#[get("/docs")]
pub async fn docs_redirect() -> HttpResponse {
    // Relative, so it stays right behind a proxy that mounts the API under a prefix.
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "docs/")).finish()
}
