//! The matching context over HTTP: thin handlers that read the request, call the service and
//! shape the reply: postings (write, publish, close, import, company keys), the search of the
//! board, and what a CV gets (matches, insights, tailoring).

mod matches;
mod postings;
mod search;

use actix_web::web;
use kernel::pagination::Page;
use utoipa::OpenApi;

use crate::service::{Job, MatchingService};
use matches::*;
use postings::*;
use search::*;

type Service = web::Data<MatchingService>;

#[derive(OpenApi)]
#[openapi(
    paths(create_job, get_job, update_job, publish_job, close_job, company_jobs, create_search_key, job_candidates, cv_matches, save_match, dismiss_match, rate_match, search_jobs, import_jobs, cv_insights, job_tailoring),
    components(schemas(Page<Job>)),
    tags(
        (name = "jobs", description = "Job postings: write, publish, close, read"),
        (name = "matching", description = "Jobs for your CV, scored and explained"),
    )
)]
pub struct MatchingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The search route goes before `/api/v1/jobs/{id}`, which would take `search` for an id.
    cfg.service(search_jobs)
        .service(import_jobs)
        .service(create_job)
        .service(get_job)
        .service(update_job)
        .service(publish_job)
        .service(close_job)
        .service(company_jobs)
        .service(create_search_key)
        .service(job_candidates)
        .service(cv_matches)
        .service(cv_insights)
        .service(job_tailoring)
        .service(save_match)
        .service(dismiss_match)
        .service(rate_match);
}
