//! Billing context: plans (prices in soles, limits, features), quotas counted per month and
//! consumed by the other contexts inside their own transactions (402 `quota-exceeded` when spent),
//! each person's usage, the feedback depth a plan gives (read by the interview context), and a
//! person's subscription started as its plan's trial, cancelled (at the period's end or now) and
//! resumed, trials closed by an hourly job. Not built yet (issue 10): paid activation, renewals,
//! plan changes and dunning (they need the payment port), payments and provider webhooks,
//! Peruvian invoices, company subscriptions and quotas (seats, active jobs).

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use domain::{FeedbackDetail, Plan, Resource, Subject};
pub use http::{BillingApi, configure};
pub use service::{BillingPersonalData, BillingService, CloseEndedPeriods, Entitlements, consume, entitlements};
