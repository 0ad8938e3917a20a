//! The CV an applicant shared with the company: readable by the company's members while the
//! application stands (the CV context's row-level security decides), with who the candidate is
//! masked under blind review; the original file only once identity may be seen (a file cannot be
//! masked).

use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::external::{cv_sections, cv_status};
use super::pipeline::{company_application, identity_hidden};
use super::{CandidateFile, CvStatus, HiringService, applied_at_of};
use crate::domain::blind::redact;
use crate::store::{self, ApplicationRow, CandidateRow};
use cv::service::CvDetail;

/// Masks who the candidate is in every text of a shared CV: the contact section and fields go,
/// and the rest is redacted.
fn blind_cv(mut detail: CvDetail, name: Option<&str>) -> CvDetail {
    let mut names: Vec<String> = name.map(str::to_owned).into_iter().collect();
    if let Some(parsed) = &detail.cv.parsed_data
        && let Some(full_name) = parsed["contact"]["full_name"].as_str()
    {
        names.push(full_name.to_owned());
    }
    detail.sections.retain(|section| section.kind != "contact");
    for section in &mut detail.sections {
        section.heading = redact(&section.heading, &names);
        section.content = redact(&section.content, &names);
    }
    if let Some(parsed) = detail.cv.parsed_data.as_mut() {
        if let Some(object) = parsed.as_object_mut() {
            object.remove("contact");
        }
        redact_json(parsed, &names);
    }
    detail.cv.corrections = Default::default();
    detail.cv.original_filename = format!("cv.{}", extension(&detail.cv.mime_type));
    detail
}

fn redact_json(value: &mut serde_json::Value, names: &[String]) {
    match value {
        serde_json::Value::String(text) => *text = redact(text, names),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| redact_json(item, names)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|field| redact_json(field, names)),
        _ => {}
    }
}

fn extension(mime_type: &str) -> &'static str {
    if mime_type == "application/pdf" { "pdf" } else { "docx" }
}

/// Leaves the trace of a company member reading a candidate's CV in the audit log.
async fn record_cv_access(
    conn: &mut DbConn,
    auth: &AuthUser,
    row: &ApplicationRow,
    action: &'static str,
    blind: bool,
) -> AppResult<()> {
    let details = serde_json::json!({ "application_id": row.id, "cv_id": row.cv_id, "blind_review": blind });
    let entry = AuditEntry::new(action).by(auth.user_id()).in_tenant(Some(row.tenant_id)).details(details);
    audit::record(
        conn,
        &match row.user_id {
            Some(candidate) => entry.concerning(candidate),
            None => entry,
        },
    )
    .await
}

/// Where an application's CV file is kept.
enum Source {
    /// Shared by the person who applied (the CV context's).
    Shared(Uuid),
    /// The company's own candidate's file.
    Company(Box<CandidateRow>),
}

/// The company's candidate's CV as read, in the view of a shared CV; 409 while it is being read.
async fn company_candidate_cv(conn: &mut DbConn, candidate_id: Uuid) -> AppResult<CvDetail> {
    let row = store::find_candidate(conn, candidate_id).await?.ok_or(AppError::NotFound("cv"))?;
    match cv_status(&row)? {
        Some(CvStatus::Parsed) => {}
        Some(CvStatus::Pending) => return Err(AppError::Conflict("the candidate's CV is still being read".into())),
        Some(CvStatus::Failed) | None => return Err(AppError::NotFound("cv")),
    }
    let sections = cv_sections(&row)?;
    Ok(cv::service::document_detail(cv::service::DocumentView {
        id: row.id,
        filename: row.cv_filename.as_deref().unwrap_or("cv"),
        mime_type: row.cv_mime_type.as_deref().unwrap_or_default(),
        size_bytes: row.cv_size_bytes.unwrap_or_default(),
        data: row.cv_data,
        sections,
        created_at: row.created_at,
        parsed_at: row.cv_parsed_at,
    }))
}

impl HiringService {
    /// The CV shared with the application (company members who read candidates).
    pub async fn application_cv(&self, auth: &AuthUser, application_id: Uuid) -> AppResult<CvDetail> {
        let applied_at = applied_at_of(application_id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                let row = company_application(conn, tenant_id, application_id, applied_at, false).await?;
                let detail = match (row.cv_id, row.candidate_id) {
                    (Some(cv_id), _) => cv::sharing::shared_detail(conn, cv_id).await?,
                    (None, Some(candidate_id)) => company_candidate_cv(conn, candidate_id).await?,
                    (None, None) => return Err(AppError::NotFound("cv")),
                };
                let blind = identity_hidden(conn, tenant_id, &row).await?;
                record_cv_access(conn, auth, &row, "hiring.shared_cv_read", blind).await?;
                Ok(if blind { blind_cv(detail, row.candidate_name.as_deref()) } else { detail })
            }
            .scope_boxed()
        })
        .await
    }

    /// The original file of the CV shared with the application; 409 while blind review hides who
    /// the candidate is.
    pub async fn application_cv_file(&self, auth: &AuthUser, application_id: Uuid) -> AppResult<CandidateFile> {
        let applied_at = applied_at_of(application_id)?;
        let source = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                let row = company_application(conn, tenant_id, application_id, applied_at, false).await?;
                if identity_hidden(conn, tenant_id, &row).await? {
                    return Err(AppError::Conflict(
                        "blind review: the original file shows who the candidate is; it is available from the reveal stage on (read the masked CV meanwhile)".into(),
                    ));
                }
                record_cv_access(conn, auth, &row, "hiring.shared_cv_downloaded", false).await?;
                match (row.cv_id, row.candidate_id) {
                    (Some(cv_id), _) => Ok(Source::Shared(cv_id)),
                    (None, Some(candidate_id)) => {
                        store::find_candidate(conn, candidate_id).await?.map(|row| Source::Company(Box::new(row))).ok_or(AppError::NotFound("cv"))
                    }
                    (None, None) => Err(AppError::NotFound("cv")),
                }
            }
            .scope_boxed()
        })
        .await?;
        match source {
            Source::Shared(cv_id) => {
                let (cv, bytes) = self.inner.cv.shared_file(&auth.scope(), cv_id).await?;
                Ok(CandidateFile { filename: cv.original_filename, mime_type: cv.mime_type, bytes })
            }
            Source::Company(candidate) => self.stored_cv(&candidate).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cv::service::{Cv, CvSkill, Section};

    #[test]
    fn a_blind_cv_keeps_the_work_and_loses_the_person() {
        let cv: Cv = serde_json::from_value(serde_json::json!({
            "id": "0193a0a0-0000-7000-8000-000000000001", "version": 1, "is_primary": true,
            "original_filename": "CV_Lucia_Mendoza.pdf", "file_size_bytes": 1000, "mime_type": "application/pdf",
            "language_hint": null, "parsing_status": "parsed", "parsing_error": null, "parsing_failure": null,
            "parsed_data": {"contact": {"full_name": "Lucía Mendoza", "email": "lucia@correo.pe"},
                            "summary": "Lucía Mendoza, contadora con 6 años en NIIF."},
            "corrections": {}, "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
            "parsed_at": null, "discoverable_since": null
        }))
        .unwrap();
        let detail = CvDetail {
            cv,
            sections: vec![
                Section { kind: "contact".into(), heading: "Contacto".into(), content: "lucia@correo.pe".into() },
                Section {
                    kind: "experience".into(),
                    heading: "Experiencia".into(),
                    content: "Contadora en Alicorp (2019-2025)\nCorreo: lucia@correo.pe\nFecha de nacimiento: 1990"
                        .into(),
                },
            ],
            skills: Vec::<CvSkill>::new(),
        };
        let blind = blind_cv(detail, Some("Lucía Mendoza"));
        let text = serde_json::to_string(&blind).unwrap();
        for leaked in ["Lucía", "Mendoza", "lucia@", "1990", "Lucia_Mendoza"] {
            assert!(!text.contains(leaked), "{leaked} leaked: {text}");
        }
        assert!(text.contains("Contadora en Alicorp (2019-2025)"));
        assert!(text.contains("contadora con 6 años en NIIF"));
        assert_eq!(blind.sections.len(), 1);
    }
}
