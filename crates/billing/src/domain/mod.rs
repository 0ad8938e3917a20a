//! Billing's rules as pure functions and types: plans and quotas, the subscription's state
//! machine and proration, payments, Peruvian tax (IGV, RUC, DNI), receipt numbering and the
//! receipts' documents (UBL 2.1 XML, PDF).

pub mod documents;
pub mod notices;
pub mod payments;
pub mod plans;
pub mod receipts;
pub mod subscriptions;
pub mod tax;

pub use payments::{BillingCycle, PaymentStatus, Purpose, settle};
pub use plans::{Audience, DEFAULT_PERSON_PLAN, FeedbackDetail, Plan, Resource, Subject, fits, usage_period};
