//! Pure rules of the analytics context: what a client event may be, what of it is kept, and the
//! audit log's hash chain.

pub mod audit;
pub mod client;
pub mod events;
