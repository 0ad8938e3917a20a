//! Identity context: accounts with explicit consent, sessions with rotating refresh tokens,
//! companies (tenants) with members and roles, and the personal-data rights of Law 29733.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{IdentityApi, configure, declare_password_policy};
pub use service::{IdentityPersonalData, IdentityPorts, IdentityService, IdentitySessionLedger, IdentitySettings};
