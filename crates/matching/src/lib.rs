//! Matching context: the job board (postings: write, publish, close, expire; their vectors),
//! and, as it grows, search, CV-to-job recommendations and the applicant pipeline.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{MatchingApi, configure};
pub use service::{EmbedPostings, ExpirePostings, ForgetCvMatches, MatchingService, PostingEmbedder, RefreshCvMatches};
