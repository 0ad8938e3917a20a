//! Interview context: mock interviews tailored to a job and a CV, planned from the built-in
//! interviewer's question bank; each answer scored explainably and reproducibly, with at most one
//! follow-up per question; final scores and feedback; free practice of any question; progress
//! over time and readiness for a job. Not built yet (issue 9): the LLM port, audio answers,
//! streaming feedback.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{InterviewApi, configure};
pub use service::{ExpireInterviews, Helpers, InterviewPersonalData, InterviewService};
