//! Queries on the hiring schema only.

mod applications;
mod candidates;
mod company;
mod evaluations;
mod network;
mod notes;

pub use applications::*;
pub use candidates::*;
pub use company::*;
pub use evaluations::*;
pub use network::*;
pub use notes::*;
