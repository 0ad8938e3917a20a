//! Interview context: AI mock interviews, per-answer scoring, feedback and progress.
//! Not built yet: its issue adds the domain, service, http, store and schema rooms.

use actix_web::web;

/// Mounts this context's routes (none yet).
pub fn configure(_cfg: &mut web::ServiceConfig) {}
