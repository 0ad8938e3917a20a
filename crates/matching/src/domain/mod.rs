//! Matching rules: pure functions and types, no I/O.

pub mod analysis;
pub mod candidates;
pub mod postings;
pub mod scoring;
pub mod search;
pub mod tailoring;
