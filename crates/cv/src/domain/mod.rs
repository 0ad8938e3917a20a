//! CV rules: pure functions and types, no I/O.

pub mod contact;
pub mod corrections;
pub mod dates;
pub mod languages;
pub mod parse;
pub mod sections;
pub mod skills;
pub mod text;
pub mod titles;
pub mod upload;
