//! Queries on the hiring schema only.

mod applications;
mod company;
mod notes;

pub use applications::*;
pub use company::*;
pub use notes::*;
