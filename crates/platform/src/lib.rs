//! Adapters to the outside world, each behind a trait the contexts depend on.

pub mod cache;
pub mod mail;
pub mod throttle;
