//! Matching context: the job board, CV-to-job recommendations and the applicant pipeline.
//! Not built yet: its issue adds the domain, service, http, store and schema rooms.

use actix_web::web;

/// Mounts this context's routes (none yet).
pub fn configure(_cfg: &mut web::ServiceConfig) {}
