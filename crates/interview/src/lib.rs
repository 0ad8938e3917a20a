//! Interview context: mock interviews tailored to a job and a CV, planned from the built-in
//! interviewer's question bank; each answer scored explainably and reproducibly, with at most one
//! follow-up per question; final scores and feedback; free practice of any question; progress
//! over time and readiness for a job. With an LLM configured, a model judges what only meaning
//! tells (the built-in measures keep delivery and length); with a transcriber, answers may be
//! spoken. Not built yet (issue 9): feedback streamed over SSE.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{InterviewApi, configure};
pub use service::{ExpireInterviews, Helpers, InterviewPersonalData, InterviewService};
