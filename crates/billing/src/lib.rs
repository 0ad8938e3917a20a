//! Billing context: plans (prices in soles, limits, features), quotas counted per month and
//! consumed by the other contexts inside their own transactions (402 `quota-exceeded` when spent),
//! companies' limits on what they hold (seats, active postings), the feedback depth a plan gives
//! (read by the interview context); a person's or a company's subscription, as a trial or paid
//! through a payment provider (Stripe, Mercado Pago or the development sandbox) whose signed
//! webhooks confirm each charge; renewals, dunning and plan changes with proration on schedule;
//! refunds; the talent network's placement fees, charged to the hiring company; Peruvian
//! electronic receipts (boletas, facturas, credit notes) numbered without gaps, as UBL 2.1 XML
//! and PDF. Not built: the OSE/PSE that signs receipts and sends them to SUNAT.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use domain::{FeedbackDetail, Plan, Resource, Subject};
pub use http::{BillingApi, configure};
pub use service::{
    BillingCompanyPlans, BillingPersonalData, BillingPorts, BillingService, BillingSettings, ChargeDue,
    ChargePlacements, CloseEndedPeriods, Entitlements, FailedChargeMails, Payer, ReconcilePayments, RenderReceipts,
    SandboxWebhooks, allow_one_more, bill_placement, consume, entitlements,
};

/// What billing tells the others, as events on the job queue (published in the same transaction
/// as the change; subscribers are idempotent).
pub mod events {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    /// A placement fee (billed with [`crate::bill_placement`]) was paid: hiring marks it paid.
    pub const PLACEMENT_FEE_PAID: &str = "billing.placement_fee_paid";

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct PlacementFeePaid {
        /// Hiring's network application.
        pub placement_id: Uuid,
        pub payment_id: Uuid,
        pub amount: Decimal,
    }
}
