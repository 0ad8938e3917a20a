//! The interview context's rules: the question bank, how text is read and how answers are
//! scored, an interview's plan and moves, and its final scores and feedback.

pub mod bank;
pub mod interviews;
pub mod progress;
pub mod readiness;
pub mod results;
pub mod scoring;
pub mod text;
