//! Billing context: plans (prices in soles, limits, features), quotas counted per month and
//! consumed by the other contexts inside their own transactions (402 `quota-exceeded` when spent),
//! each person's usage, and the feedback depth a plan gives (read by the interview context). Not
//! built yet (issue 10): subscriptions over the API (checkout, plan changes, renewals, dunning),
//! payments and provider webhooks, Peruvian invoices, company quotas (seats, active jobs).

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use domain::{FeedbackDetail, Plan, Resource, Subject};
pub use http::{BillingApi, configure};
pub use service::{BillingService, Entitlements, consume, entitlements};
