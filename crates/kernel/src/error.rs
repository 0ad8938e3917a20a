//! One error family for the whole API, mapped once to RFC 9457 `application/problem+json`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Field-level messages for validation problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `quota-exceeded`: the resource, the plan's limit and when the count starts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Quota>,
}

/// A quota that refused a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Quota {
    /// e.g. `interviews`, `cv_uploads`.
    pub resource: String,
    /// The plan whose limit it is; empty for a company without one.
    pub plan: String,
    pub limit: u32,
    pub used: u32,
    /// When a monthly count starts again; none for a limit on what is held at once (seats,
    /// active job postings), which frees up when one is given up.
    pub resets_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Quota {
    fn message(&self) -> String {
        let what = self.resource.replace('_', " ");
        let (plan, limit, used) = (&self.plan, self.limit, self.used);
        match self.resets_at {
            Some(at) => format!(
                "your {plan} plan allows {limit} {what} a month and {used} are used; the count starts again at {}",
                at.to_rfc3339()
            ),
            None if plan.is_empty() => format!("without a plan there are no {what}: subscribe to one"),
            None => format!("your {plan} plan allows {limit} {what} and {used} are in use: free one or change plan"),
        }
    }
}

/// One invalid field: which one, and what rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    /// A stable machine-readable rule name, e.g. `too_short`.
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, detail: impl Into<Option<String>>) -> Self {
        Self {
            problem_type: format!("/problems/{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            quota: None,
        }
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            // The rest of an oversized body is not worth reading: the connection ends here.
            response.force_close();
        }
        response.body(serde_json::to_string(self).unwrap_or_default())
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (syntax, wrong types, a bad cursor).
    #[error("{0}")]
    BadRequest(String),
    /// The request is well-formed but breaks a rule; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// The thing does not exist, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// It existed once and is no longer usable (used or expired tokens).
    #[error("{0}")]
    Gone(String),
    /// The body is larger than the limit (in bytes) allows.
    #[error("the body is larger than {0} bytes")]
    PayloadTooLarge(u64),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The caller's plan allows no more of a resource this period.
    #[error("{}", .0.message())]
    QuotaExceeded(Box<Quota>),
    #[error("too many attempts; retry after {retry_after_secs} seconds")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency (database, cache, mail) cannot be reached right now.
    #[error("{0} is unavailable")]
    Unavailable(&'static str),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// A validation problem on one field.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    fn slug(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad-request",
            Self::Validation(_) => "validation",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not-found",
            Self::Conflict(_) => "conflict",
            Self::Gone(_) => "gone",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::UnsupportedMediaType(_) => "unsupported-media-type",
            Self::TooManyRequests { .. } => "too-many-requests",
            Self::QuotaExceeded(_) => "quota-exceeded",
            Self::Unavailable(_) => "unavailable",
            Self::Database(_) | Self::Internal(_) => "internal",
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status_code();
        let detail = match self {
            // Internals stay in the log; the client gets a stable sentence.
            Self::Database(_) | Self::Internal(_) => "an unexpected error occurred".to_owned(),
            Self::Validation(errors) => {
                errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
            }
            other => other.to_string(),
        };
        let mut problem = Problem::new(status, self.slug(), detail);
        match self {
            Self::Validation(errors) => problem.errors = errors.clone(),
            Self::QuotaExceeded(quota) => problem.quota = Some((**quota).clone()),
            _ => {}
        }
        problem
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Gone(_) => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::QuotaExceeded(_) => StatusCode::PAYMENT_REQUIRED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.status_code().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = self.to_problem().response();
        match self {
            Self::TooManyRequests { retry_after_secs } => {
                response.headers_mut().insert(header::RETRY_AFTER, (*retry_after_secs).into());
            }
            Self::Unauthorized(_) => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problem_lists_every_field() {
        let error = AppError::Validation(vec![
            FieldError::new("password", "too_short", "must have at least 10 characters"),
            FieldError::new("accept_terms", "required", "must be accepted"),
        ]);
        let problem = error.to_problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.problem_type, "/problems/validation");
        assert_eq!(problem.errors.len(), 2);
        assert!(problem.detail.unwrap().contains("password: must have at least 10 characters"));
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        let problem = AppError::Internal("connection string postgres://secret".into()).to_problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.unwrap().contains("secret"));
    }

    #[test]
    fn too_many_requests_carries_retry_after() {
        let response = AppError::TooManyRequests { retry_after_secs: 42 }.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "42");
        assert_eq!(response.headers().get(header::CONTENT_TYPE).unwrap(), PROBLEM_CONTENT_TYPE);
    }
}
