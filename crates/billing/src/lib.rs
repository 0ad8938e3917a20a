//! Billing context: plans (prices in soles, limits, features), quotas counted per month and
//! consumed by the other contexts inside their own transactions (402 `quota-exceeded` when spent),
//! companies' limits on what they hold (seats, active postings), the feedback depth a plan gives
//! (read by the interview context); a person's or a company's subscription, as a trial or paid
//! through a payment provider (Stripe, Mercado Pago or the development sandbox) whose signed
//! webhooks confirm each charge; renewals, dunning and plan changes with proration on schedule;
//! refunds; Peruvian electronic receipts (boletas, facturas, credit notes) numbered without gaps,
//! as UBL 2.1 XML and PDF. Not built: the ATS's placement fees (no placements are billed yet) and
//! the OSE/PSE submission of receipts to SUNAT.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use domain::{FeedbackDetail, Plan, Resource, Subject};
pub use http::{BillingApi, configure};
pub use service::{
    BillingCompanyPlans, BillingPersonalData, BillingPorts, BillingService, BillingSettings, ChargeDue,
    CloseEndedPeriods, Entitlements, FailedChargeMails, Payer, ReconcilePayments, RenderReceipts, SandboxWebhooks,
    allow_one_more, consume, entitlements,
};
