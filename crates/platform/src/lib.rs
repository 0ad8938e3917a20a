//! Adapters to the outside world, each behind a trait the contexts depend on.

pub mod cache;
pub mod embeddings;
mod env;
pub mod event_buffer;
pub mod http_retry;
pub mod jobs;
pub mod llm;
pub mod mail;
pub mod payments;
pub mod search;
pub mod storage;
pub mod throttle;
pub mod transcription;
