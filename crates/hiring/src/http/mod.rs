//! The hiring context over HTTP: thin handlers for the candidate's side (apply, your applications,
//! withdraw) and the company's (a job's applications and pipeline, one application, its notes and
//! shared CV, bulk moves, settings and message templates).

mod candidates;
mod company;
mod evaluations;
mod external;
mod network;
mod setup;

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use kernel::pagination::Page;
use utoipa::{Modify, OpenApi};

use crate::service::{CandidateFile, ChallengeTemplate, ExternalCandidate, HiringService, MyApplication, Note};
use candidates::*;
use company::*;
use evaluations::*;
use external::*;
use network::*;
use setup::*;

type Service = web::Data<HiringService>;

/// A candidate's CV file as a download.
fn attachment(file: CandidateFile) -> HttpResponse {
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file.filename)],
    };
    HttpResponse::Ok()
        .content_type(file.mime_type)
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .streaming(file.bytes)
}

#[derive(OpenApi)]
#[openapi(
    paths(apply, my_applications, my_application, withdraw_application, job_applications, export_applications, bulk_change, get_application, change_application, application_timeline, application_notes, add_note, application_cv, application_cv_file, get_pipeline, put_pipeline, get_settings, patch_settings, list_templates, create_template, put_template, delete_template, join_network, my_talent_profile, pause_profile, resume_profile, leave_network, my_network_applications, search_network, contact_profile, company_network_applications, move_network_application, add_prospect, invite_prospect, change_profile, get_job_scorecard, put_job_scorecard, application_scorecards, my_scorecard, put_my_scorecard, list_technical_evaluations, add_technical_evaluation, get_technical_evaluation, patch_technical_evaluation, list_challenge_templates, create_challenge_template, get_challenge_template, patch_challenge_template, delete_challenge_template, add_candidate, list_candidates, get_candidate, change_candidate, delete_candidate, put_candidate_cv, candidate_cv_file, add_candidate_to_job),
    components(schemas(Page<MyApplication>, Page<Note>, Page<ChallengeTemplate>, Page<ExternalCandidate>, CandidateCvUpload)),
    modifiers(&ClosedTaggedBodies),
    tags(
        (name = "applications", description = "Apply to jobs and follow your applications"),
        (name = "hiring", description = "Companies' hiring pipeline: applications, stages, notes, blind review, messages"),
        (name = "evaluations", description = "Scorecards, technical evaluations and challenge templates"),
        (name = "network", description = "The talent network: consenting candidates companies can find and contact"),
    )
)]
pub struct HiringApi;

/// The tagged bodies take no unknown field (serde's `deny_unknown_fields` on each).
struct ClosedTaggedBodies;

impl Modify for ClosedTaggedBodies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        kernel::input::close_variants(openapi, &["BulkChange", "NetworkChange"]);
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `/applications/export` and `/applications/bulk` go before any `{id}` route that could take them.
    cfg.service(export_applications)
        .service(bulk_change)
        .service(apply)
        .service(job_applications)
        .service(my_applications)
        .service(my_application)
        .service(withdraw_application)
        .service(get_application)
        .service(change_application)
        .service(application_timeline)
        .service(application_notes)
        .service(add_note)
        .service(application_cv)
        .service(application_cv_file)
        .service(get_pipeline)
        .service(put_pipeline)
        .service(get_settings)
        .service(patch_settings)
        .service(list_templates)
        .service(create_template)
        .service(put_template)
        .service(delete_template)
        .service(join_network)
        .service(my_talent_profile)
        .service(pause_profile)
        .service(resume_profile)
        .service(leave_network)
        .service(my_network_applications)
        .service(search_network)
        .service(contact_profile)
        .service(company_network_applications)
        .service(move_network_application)
        .service(add_prospect)
        .service(invite_prospect)
        .service(change_profile)
        .service(get_job_scorecard)
        .service(put_job_scorecard)
        .service(application_scorecards)
        .service(my_scorecard)
        .service(put_my_scorecard)
        .service(list_technical_evaluations)
        .service(add_technical_evaluation)
        .service(get_technical_evaluation)
        .service(patch_technical_evaluation)
        .service(list_challenge_templates)
        .service(create_challenge_template)
        .service(get_challenge_template)
        .service(patch_challenge_template)
        .service(delete_challenge_template)
        .service(add_candidate)
        .service(list_candidates)
        .service(get_candidate)
        .service(change_candidate)
        .service(delete_candidate)
        .service(put_candidate_cv)
        .service(candidate_cv_file)
        .service(add_candidate_to_job);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::service::{BulkChange, NetworkChange};

    /// `ClosedTaggedBodies` above promises these bodies take no unknown field; serde must keep it.
    #[test]
    fn tagged_bodies_refuse_unknown_fields() {
        let ids = [uuid::Uuid::nil()];
        let bulk = json!({ "action": "move", "application_ids": ids, "stage": "interview" });
        assert!(kernel::input::from_json_value::<BulkChange>(bulk.clone()).is_ok());
        let mut extra = bulk;
        extra["colour"] = json!("blue");
        assert!(kernel::input::from_json_value::<BulkChange>(extra).is_err());

        assert!(kernel::input::from_json_value::<NetworkChange>(json!({ "status": "offer" })).is_ok());
        assert!(kernel::input::from_json_value::<NetworkChange>(json!({ "status": "offer", "x": 1 })).is_err());
        let hired = json!({ "status": "hired", "placement_fee": "1500.00", "note": "x" });
        assert!(kernel::input::from_json_value::<NetworkChange>(hired).is_err());
    }
}
