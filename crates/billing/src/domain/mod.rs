//! Billing's rules as pure functions and types: plans and quotas, the subscription's state
//! machine and proration, Peruvian tax (IGV, RUC, DNI) and receipt numbering.

pub mod plans;
pub mod receipts;
pub mod subscriptions;
pub mod tax;

pub use plans::{Audience, DEFAULT_PERSON_PLAN, FeedbackDetail, Plan, Resource, Subject, fits, usage_period};
