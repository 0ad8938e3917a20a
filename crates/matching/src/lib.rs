//! Matching context: the job board (postings: write, publish, close, expire; their vectors), its
//! search (Postgres or Typesense behind one port), CV-to-job recommendations and career insights.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{MatchingApi, configure};
pub use service::screening::{JobBrief, Screening, company_job};
pub use service::{
    EmbedPostings, ExpirePostings, FoldBoardCounts, ForgetCvMatches, IndexPostings, MatchingService, PostingEmbedder,
    RefreshCvMatches,
};
