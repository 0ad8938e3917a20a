use actix_web::{HttpRequest, get, put, web};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::{AppError, AppResult, Problem};

use super::{Service, client_info};
use crate::domain::ConsentPurpose;
use crate::service::{ConsentChange, ConsentState, Consents};

/// The caller's consents per purpose, as they stand and every change.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Consents)))]
#[get("/api/v1/me/consents")]
pub(super) async fn my_consents(service: Service, auth: AuthUser) -> AppResult<web::Json<Consents>> {
    Ok(web::Json(service.my_consents(&auth).await?))
}

/// Gives or takes back one purpose's consent (`marketing`, `talent_network`). The talent
/// network's is given by joining it (`PUT /api/v1/me/talent-profile`); taking it back here hides
/// you from companies.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    params(("purpose" = ConsentPurpose, Path)), request_body = ConsentChange,
    responses(
        (status = 200, body = ConsentState),
        (status = 404, description = "No such purpose", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The talent network's consent is given by joining it", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/me/consents/{purpose}")]
pub(super) async fn change_consent(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
    purpose: web::Path<String>,
    body: Json<ConsentChange>,
) -> AppResult<web::Json<ConsentState>> {
    let purpose = ConsentPurpose::parse(&purpose).ok_or(AppError::NotFound("consent purpose"))?;
    Ok(web::Json(service.change_consent(&auth, purpose, body.into_inner(), client_info(&req)).await?))
}
