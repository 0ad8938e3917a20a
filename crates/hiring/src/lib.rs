//! Hiring context: companies' applications and pipelines.

pub mod domain;
pub mod schema;
