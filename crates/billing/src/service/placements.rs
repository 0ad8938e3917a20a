//! The talent network's placement fees, billed to the hiring company: hiring hands a fee over
//! with [`bill_placement`] in the transaction that records the hire; a job then charges it to
//! the method the company last paid with (a factura is issued once paid, and hiring is told
//! through the `billing.placement_fee_paid` event). A company with no saved method gets a
//! failed payment that says so.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::BillingService;
use super::payments::stored_method;
use crate::domain::{PaymentStatus, Purpose, Subject};
use crate::store::{self, PaymentRow};

pub const CHARGE_PLACEMENT_JOB: &str = "billing.charge_placement";

/// Why a placement fee could not be charged.
const NO_SAVED_METHOD: &str = "the company has no saved payment method: pay its plan through the checkout first";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PlacementFee {
    tenant_id: Uuid,
    placement_id: Uuid,
    amount: Decimal,
    currency: String,
}

/// Bills company `tenant_id` the fee of placement `placement_id` (a hire from the talent
/// network), in the caller's transaction: the charge follows once it commits, retried like every
/// job, and once per placement however often this is called.
pub async fn bill_placement(
    conn: &mut DbConn,
    tenant_id: Uuid,
    placement_id: Uuid,
    amount: Decimal,
    currency: &str,
) -> AppResult<()> {
    let fee = PlacementFee { tenant_id, placement_id, amount, currency: currency.to_owned() };
    let job = NewJob::new(CHARGE_PLACEMENT_JOB, fee)?.dedup_key(placement_id.to_string());
    enqueue(conn, &job).await.map(drop)
}

impl BillingService {
    /// Charges a placement fee: its payment (made once), then the provider.
    async fn charge_placement(&self, fee: PlacementFee, now: DateTime<Utc>) -> AppResult<()> {
        let provider = self.payments.name();
        let prepared = scoped(&self.pool, &RequestScope::system().in_tenant(fee.tenant_id, "system"), |conn| {
            async move {
                if let Some(row) = store::payment_of_placement(conn, fee.placement_id).await? {
                    let unsent = row.status == enum_text(&PaymentStatus::Pending) && row.provider_reference.is_none();
                    return Ok::<_, AppError>(unsent.then_some(row));
                }
                let subject = Subject::Tenant(fee.tenant_id);
                let method = store::last_method_of(conn, subject, provider).await?;
                let row = PaymentRow {
                    id: new_id(),
                    user_id: None,
                    tenant_id: Some(fee.tenant_id),
                    subscription_id: None,
                    purpose: enum_text(&Purpose::Placement),
                    plan_id: None,
                    billing_cycle: None,
                    amount: fee.amount,
                    currency: fee.currency.clone(),
                    provider: provider.to_owned(),
                    provider_reference: None,
                    status: enum_text(&PaymentStatus::Pending),
                    method_type: method.as_ref().and_then(|(kind, _)| kind.clone()),
                    payment_method: method.map(|(_, token)| token),
                    last4: None,
                    provider_fee: None,
                    failure_reason: None,
                    idempotency_key: None,
                    created_at: now,
                    updated_at: now,
                    placement_id: Some(fee.placement_id),
                };
                store::insert_payment(conn, &row).await?;
                Ok(Some(row))
            }
            .scope_boxed()
        })
        .await?;
        let Some(row) = prepared else { return Ok(()) };
        match row.payment_method.clone() {
            Some(token) => {
                let method = stored_method(row.method_type.as_deref(), token);
                self.charge(row, method, None).await.map(drop)
            }
            None => self.fail_unsent(row.id, NO_SAVED_METHOD).await,
        }
    }
}

/// Charges placement fees after the hire commits.
pub struct ChargePlacements(pub BillingService);

#[async_trait]
impl JobHandler for ChargePlacements {
    fn kind(&self) -> &'static str {
        CHARGE_PLACEMENT_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        Ok(self.0.charge_placement(job.payload()?, Utc::now()).await?)
    }
}
