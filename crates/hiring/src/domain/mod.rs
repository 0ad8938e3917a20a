//! The hiring rules, pure: pipelines and the moves an application may make, blind review, and the
//! messages written to candidates.

pub mod applications;
pub mod blind;
pub mod evaluations;
pub mod external;
pub mod messages;
pub mod network;
pub mod pipeline;
