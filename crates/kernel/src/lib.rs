//! Shared kernel: ids, problem errors, auth claims and request context, the database pool and
//! its tenant-scoped transactions, pagination, the clock, the personal-data hooks, and the
//! writing side of the audit log and of product events.
//! Small and boring on purpose: no business rules live here.

pub mod audit;
pub mod auth;
pub mod client;
pub mod clock;
pub mod company_plans;
pub mod db;
pub mod error;
pub mod ids;
pub mod input;
pub mod jobs;
pub mod pagination;
pub mod personal_data;
pub mod secrets;
pub mod text;
pub mod tracking;

pub use error::{AppError, AppResult, FieldError, Problem, Quota};
