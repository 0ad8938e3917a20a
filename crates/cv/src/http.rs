//! CVs over HTTP: thin handlers that read the request, call the service and shape the reply.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use bytes::BytesMut;
use futures_util::StreamExt;
use kernel::auth::AuthUser;
use kernel::input::{Json, Query, has_control_character};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult, Problem};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::domain::corrections::Corrections;
use crate::domain::upload::Language;
use crate::service::{Cv, CvDetail, CvService, Discoverability, Upload};

type Service = web::Data<CvService>;

#[derive(OpenApi)]
#[openapi(
    paths(upload_cv, list_cvs, get_cv, correct_cv, download_cv, make_primary, set_discoverability, reparse_cv, delete_cv),
    components(schemas(Page<Cv>, CvDetail, CvUpload)),
    tags((name = "cv", description = "Your CVs: upload, versions, parsing, download"))
)]
pub struct CvApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(upload_cv)
        .service(list_cvs)
        .service(get_cv)
        .service(correct_cv)
        .service(download_cv)
        .service(make_primary)
        .service(set_discoverability)
        .service(reparse_cv)
        .service(delete_cv);
}

/// The multipart form of an upload, for the OpenAPI document (the handler reads the form as a
/// stream, so nothing constructs this type).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CvUpload {
    /// A PDF or a Word document (.docx), decided by its content.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
    /// The CV's language, if you want to say it (leave the field out otherwise).
    #[schema(nullable = false)]
    language: Option<Language>,
}

/// Reads a CV upload's form (`file`, and optionally `language`), for this context and the others
/// that take CV files: one far over `max_bytes` by its declared length is refused unread, and a
/// file over it as soon as it is (413, without reading on).
pub async fn read_cv_form(req: &HttpRequest, form: Multipart, max_bytes: u64) -> AppResult<Upload> {
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    // The form's own framing costs a little; anything far over the limit is refused unread.
    if declared.is_some_and(|length| length > max_bytes + 64 * 1024) {
        return Err(AppError::PayloadTooLarge(max_bytes));
    }
    read_upload(form, max_bytes).await
}

/// Reads the form, refusing a file over the limit as soon as it is (413, without reading on).
async fn read_upload(mut form: Multipart, max_bytes: u64) -> AppResult<Upload> {
    let (mut file, mut filename, mut language) = (None, None, None);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| AppError::BadRequest(format!("malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadRequest(format!("malformed multipart body: {e}")))?;
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(AppError::PayloadTooLarge(max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => {
                filename = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
                file = Some(bytes.freeze());
            }
            "language" => {
                let text = std::str::from_utf8(&bytes).ok().filter(|t| !has_control_character(t)).unwrap_or_default();
                language = Some(
                    Language::parse(text.trim())
                        .ok_or_else(|| AppError::invalid("language", "invalid", "must be es or en"))?,
                );
            }
            _ => {}
        }
    }
    let bytes = file.ok_or_else(|| AppError::invalid("file", "required", "send the CV in the field `file`"))?;
    Ok(Upload { filename, bytes, language })
}

/// Upload a CV (PDF or DOCX, decided by its content). Each upload is a new version; the first is
/// primary. Parsing happens in the background: poll `GET /api/v1/cvs/{id}`. A repeated
/// `Idempotency-Key` answers the CV it created.
#[utoipa::path(tag = "cv", security(("bearer" = [])),
    request_body(content = CvUpload, content_type = "multipart/form-data"),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upload create one CV",
        min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    responses(
        (status = 202, description = "Stored; parsing is queued", body = Cv),
        (status = 200, description = "This Idempotency-Key made this CV before", body = Cv),
        (status = 402, description = "The plan's quota for this month is spent: `quota` names the resource, the limit and when it resets", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/cvs")]
async fn upload_cv(service: Service, auth: AuthUser, req: HttpRequest, form: Multipart) -> AppResult<HttpResponse> {
    let key = kernel::input::idempotency_key(&req)?;
    let upload = read_cv_form(&req, form, service.max_upload_bytes()).await?;
    let (cv, created) = service.upload(&auth, upload, key).await?;
    Ok(if created { HttpResponse::Accepted().json(cv) } else { HttpResponse::Ok().json(cv) })
}

/// Your CVs, newest first.
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(PageQuery), responses((status = 200, body = Page<Cv>)))]
#[get("/api/v1/cvs")]
async fn list_cvs(service: Service, auth: AuthUser, page: Query<PageQuery>) -> AppResult<web::Json<Page<Cv>>> {
    Ok(web::Json(service.list(&auth, &page).await?))
}

/// One of your CVs: its parsing status, what was found (with your corrections), its sections
/// and its canonical skills.
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = CvDetail)))]
#[get("/api/v1/cvs/{id}")]
async fn get_cv(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<CvDetail>> {
    Ok(web::Json(service.get(&auth, id.into_inner()).await?))
}

/// Correct what the parser found. The fields you send replace the parsed ones (lists as a whole;
/// a blank text removes a value); the rest keep their value. Corrections survive a reparse.
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Corrections,
    responses(
        (status = 200, body = CvDetail),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/cvs/{id}")]
async fn correct_cv(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    corrections: Json<Corrections>,
) -> AppResult<web::Json<CvDetail>> {
    Ok(web::Json(service.correct(&auth, id.into_inner(), corrections.into_inner()).await?))
}

/// The file you uploaded.
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The original file", content_type = "application/pdf"),
    ))]
#[get("/api/v1/cvs/{id}/file")]
async fn download_cv(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let (cv, body) = service.download(&auth, id.into_inner()).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(cv.original_filename.clone())],
    };
    Ok(HttpResponse::Ok()
        .content_type(cv.mime_type.as_str())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .streaming(body))
}

/// Make this CV your primary one (the one matching and interviews use by default).
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = Cv)))]
#[put("/api/v1/cvs/{id}/primary")]
async fn make_primary(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<Cv>> {
    Ok(web::Json(service.make_primary(&auth, id.into_inner()).await?))
}

/// Whether companies may find this CV.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DiscoverabilityRequest {
    /// true: your consent for companies to find this (parsed) CV and rank it for their jobs;
    /// false: withdraws it at once.
    discoverable: bool,
}

/// Let companies find this CV for their jobs, or stop them at once. Your consent is recorded with
/// its time and IP address (and shown in your data export).
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = DiscoverabilityRequest,
    responses(
        (status = 200, body = Discoverability),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/cvs/{id}/discoverability")]
async fn set_discoverability(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Json<DiscoverabilityRequest>,
) -> AppResult<web::Json<Discoverability>> {
    let ip = kernel::client::client_ip(&req);
    Ok(web::Json(service.set_discoverable(&auth, id.into_inner(), body.discoverable, ip).await?))
}

/// Parse this CV again (your corrections are kept).
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 202, body = Cv),
        (status = 402, description = "The plan's quota for this month is spent: `quota` names the resource, the limit and when it resets", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already waiting to be parsed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/cvs/{id}/reparse")]
async fn reparse_cv(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Accepted().json(service.reparse(&auth, id.into_inner()).await?))
}

/// Delete this CV and its file.
#[utoipa::path(tag = "cv", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 204)))]
#[delete("/api/v1/cvs/{id}")]
async fn delete_cv(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    service.delete(&auth, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
