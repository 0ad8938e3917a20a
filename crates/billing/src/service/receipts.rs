//! Peruvian electronic receipts: a factura for a buyer with a RUC, else a boleta, issued in the
//! transaction that records the payment (so a payment is never without its receipt, and a
//! rolled-back one gives its number back); a credit note for a refund; each receipt's UBL 2.1
//! XML drawn on request from what was issued, and its PDF rendered once by a job into object
//! storage. The buyer's tax id, name and address are sealed with AES-256-GCM, on the profile and
//! on every receipt.

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::{Keyring, ObjectKey, ObjectMetadata};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::settlement::plan_paid;
use super::{BillingService, Payer};
use crate::domain::documents::{Credited, Line, Party, ReceiptDocument, TaxIdKind, pdf, ubl};
use crate::domain::receipts::{ReceiptKind, ReceiptNumber};
use crate::domain::tax::{check_dni, check_ruc, split_igv};
use crate::domain::{BillingCycle, Subject};
use crate::store::{self, PaymentRow, ProfileRow, ReceiptRow};

pub const RENDER_RECEIPT_JOB: &str = "billing.render_receipt";

/// How the buyer is identified on receipts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaxIdType {
    /// A RUC: receipts are facturas.
    Ruc,
    /// A DNI: boletas.
    Dni,
    /// No id: boletas to the name alone (SUNAT allows it under S/ 700).
    None,
}

impl From<TaxIdType> for TaxIdKind {
    fn from(kind: TaxIdType) -> Self {
        match kind {
            TaxIdType::Ruc => TaxIdKind::Ruc,
            TaxIdType::Dni => TaxIdKind::Dni,
            TaxIdType::None => TaxIdKind::None,
        }
    }
}

/// Who the receipts name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingProfile {
    pub tax_id_type: TaxIdType,
    /// The RUC (11 digits, its check digit right) or DNI (8 digits); left out for `none`.
    #[schema(pattern = "^[0-9]{8}([0-9]{3})?$")]
    pub tax_id: Option<String>,
    /// Legal name (razón social) for a RUC, else the person's name.
    #[schema(
        min_length = 1,
        max_length = 150,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// The fiscal address (required for a RUC).
    #[schema(
        min_length = 1,
        max_length = 250,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*\S[^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub address: Option<String>,
}

impl BillingProfile {
    /// The rules a schema cannot state: the id must fit its kind (and a RUC's check digit), a
    /// factura needs an address.
    fn check(&self) -> AppResult<()> {
        let tax_id = self.tax_id.as_deref();
        let problem = match (self.tax_id_type, tax_id) {
            (TaxIdType::Ruc, Some(id)) => check_ruc(id).err().map(|p| p.message("ruc")),
            (TaxIdType::Dni, Some(id)) => check_dni(id).err().map(|p| p.message("dni")),
            (TaxIdType::None, None) => None,
            (TaxIdType::None, Some(_)) => Some("leave tax_id out when tax_id_type is none".to_owned()),
            (_, None) => Some("required for a RUC or DNI".to_owned()),
        };
        if let Some(problem) = problem {
            return Err(AppError::invalid("tax_id", "invalid", problem));
        }
        for (field, text, most) in [("name", Some(&self.name), 150), ("address", self.address.as_ref(), 250)] {
            let Some(text) = text else { continue };
            if text.trim().is_empty() || text.chars().count() > most {
                return Err(AppError::invalid(field, "length", format!("1 to {most} characters, not only spaces")));
            }
        }
        if self.tax_id_type == TaxIdType::Ruc && self.address.as_deref().is_none_or(|a| a.trim().is_empty()) {
            return Err(AppError::invalid("address", "required", "a factura needs the fiscal address"));
        }
        Ok(())
    }

    fn party(&self) -> Party {
        Party {
            id_kind: self.tax_id_type.into(),
            id: self.tax_id.clone().unwrap_or_else(|| "-".into()),
            name: self.name.trim().to_owned(),
            address: self.address.as_ref().map(|a| a.trim().to_owned()),
        }
    }

    /// A boleta's buyer when nobody gave a profile: "clientes varios", as SUNAT allows.
    fn anonymous() -> Self {
        Self { tax_id_type: TaxIdType::None, tax_id: None, name: "CLIENTES VARIOS".into(), address: None }
    }
}

/// A receipt or credit note as its buyer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Receipt {
    pub id: Uuid,
    pub kind: ReceiptKind,
    /// Series and correlative, e.g. `B001-00000042`.
    pub number: String,
    pub issued_at: DateTime<Utc>,
    pub currency: String,
    pub description: String,
    /// Taxable base, IGV and total: decimal strings.
    #[schema(value_type = String, example = "25.34")]
    pub base: Decimal,
    #[schema(value_type = String, example = "4.56")]
    pub igv: Decimal,
    #[schema(value_type = String, example = "29.90")]
    pub total: Decimal,
    pub payment_id: Uuid,
    /// For a credit note: the receipt it takes back.
    pub credits_receipt_id: Option<Uuid>,
    /// Whether the PDF is rendered (it is, moments after issue).
    pub pdf_ready: bool,
}

fn receipt_view(row: ReceiptRow) -> AppResult<Receipt> {
    Ok(Receipt {
        id: row.id,
        kind: parse_enum_text(&row.kind)?,
        number: number_of(&row)?.to_string(),
        issued_at: row.issued_at,
        currency: row.currency,
        description: row.description,
        base: row.base,
        igv: row.igv,
        total: row.total,
        payment_id: row.payment_id,
        credits_receipt_id: row.credits_receipt_id,
        pdf_ready: row.pdf_key.is_some(),
    })
}

fn number_of(row: &ReceiptRow) -> AppResult<ReceiptNumber> {
    let correlative = u32::try_from(row.correlative).unwrap_or_default();
    ReceiptNumber::new(&row.series, correlative)
        .ok_or_else(|| AppError::Internal(format!("receipt {} has a malformed number", row.id)))
}

/// What the buyer's sealed fields are bound to, so a sealed value copied to another row does
/// not open.
fn seal_context(purpose: &str, id: Uuid) -> Vec<u8> {
    format!("billing.{purpose}:{id}").into_bytes()
}

/// A sealed profile (`purpose` `profile` or `receipt`, bound to its row's id) in clear.
pub(crate) fn open_sealed_profile(
    keyring: &Keyring,
    purpose: &str,
    id: Uuid,
    sealed: &[u8],
) -> AppResult<BillingProfile> {
    let json = keyring.open(&seal_context(purpose, id), sealed)?;
    serde_json::from_slice(&json).map_err(|e| AppError::Internal(format!("billing profile {id}: {e}")))
}

#[derive(Serialize, Deserialize)]
struct RenderReceipt {
    receipt_id: Uuid,
}

impl BillingService {
    fn seal_profile(&self, purpose: &str, id: Uuid, profile: &BillingProfile) -> AppResult<Vec<u8>> {
        let json = serde_json::to_vec(profile).map_err(|e| AppError::Internal(format!("billing profile: {e}")))?;
        self.keyring.seal(&seal_context(purpose, id), &json)
    }

    fn open_profile(&self, purpose: &str, id: Uuid, sealed: &[u8]) -> AppResult<BillingProfile> {
        open_sealed_profile(&self.keyring, purpose, id, sealed)
    }

    /// The caller's billing profile (404 until they give one).
    pub async fn profile(&self, payer: &Payer) -> AppResult<BillingProfile> {
        let subject = payer.subject;
        let row = scoped(&self.pool, &payer.scope, |conn| {
            async move { Ok::<_, AppError>(store::profile(conn, subject).await?) }.scope_boxed()
        })
        .await?;
        let row = row.ok_or(AppError::NotFound("billing profile"))?;
        self.open_profile("profile", row.id, &row.sealed)
    }

    /// Sets who the caller's next receipts name (422 for an id that does not fit its kind).
    pub async fn save_profile(&self, payer: &Payer, profile: BillingProfile) -> AppResult<BillingProfile> {
        profile.check()?;
        let subject = payer.subject;
        let existing = scoped(&self.pool, &payer.scope, |conn| {
            async move { Ok::<_, AppError>(store::profile(conn, subject).await?) }.scope_boxed()
        })
        .await?;
        let id = existing.map_or_else(new_id, |row| row.id);
        let row = ProfileRow {
            id,
            user_id: subject.user_id(),
            tenant_id: subject.tenant_id(),
            id_kind: enum_text(&profile.tax_id_type),
            sealed: self.seal_profile("profile", id, &profile)?,
            updated_at: Utc::now(),
        };
        scoped(&self.pool, &payer.scope, |conn| {
            async move { Ok::<_, AppError>(store::save_profile(conn, subject, &row).await?) }.scope_boxed()
        })
        .await?;
        Ok(profile)
    }

    /// Issues the receipt of a paid payment, in the caller's transaction.
    pub(crate) async fn issue_receipt(
        &self,
        conn: &mut DbConn,
        payment: &PaymentRow,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        if store::receipt_of_payment(conn, payment.id).await?.is_some() {
            return Ok(());
        }
        let subject = payment.subject()?;
        let buyer = match store::profile(conn, subject).await? {
            Some(row) => self.open_profile("profile", row.id, &row.sealed)?,
            None => BillingProfile::anonymous(),
        };
        let kind = if buyer.tax_id_type == TaxIdType::Ruc { ReceiptKind::Invoice } else { ReceiptKind::Receipt };
        let description = if payment.placement_id.is_some() {
            "Comisión por colocación de un candidato de la red de talento".to_owned()
        } else {
            let (plan_id, cycle) = plan_paid(payment)?;
            let cycle = match cycle {
                BillingCycle::Monthly => "mensual",
                BillingCycle::Yearly => "anual",
            };
            let upgrade = if payment.purpose == "upgrade" { ": diferencia prorrateada" } else { "" };
            format!("Plan {plan_id} ({cycle}){upgrade}")
        };
        self.write_receipt(conn, payment, subject, kind, description, &buyer, None, now).await
    }

    /// Issues the credit note taking back a refunded payment's receipt, in the caller's
    /// transaction (catalogue 09 `reason_code`).
    pub(crate) async fn issue_credit_note(
        &self,
        conn: &mut DbConn,
        payment: &PaymentRow,
        reason_code: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let Some(original) = store::receipt_of_payment(conn, payment.id).await? else { return Ok(()) };
        let subject = payment.subject()?;
        let buyer = self.open_profile("receipt", original.id, &original.buyer_sealed)?;
        let kind: ReceiptKind = parse_enum_text(&original.kind)?;
        let credited = (original.id, format!("{reason_code}:{reason}"));
        let description = format!("{}: {}", reason, number_of(&original)?);
        self.write_receipt(conn, payment, subject, kind.credit_note(), description, &buyer, Some(credited), now).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_receipt(
        &self,
        conn: &mut DbConn,
        payment: &PaymentRow,
        subject: Subject,
        kind: ReceiptKind,
        description: String,
        buyer: &BillingProfile,
        credits: Option<(Uuid, String)>,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (series, correlative) = store::next_number(conn, &enum_text(&kind)).await?;
        let (base, igv) = split_igv(payment.amount, self.settings.igv_rate);
        let id = new_id();
        let (credits_receipt_id, credit_reason) = credits.unzip();
        let row = ReceiptRow {
            id,
            user_id: subject.user_id(),
            tenant_id: subject.tenant_id(),
            payment_id: payment.id,
            kind: enum_text(&kind),
            series,
            correlative,
            issued_at: now,
            currency: payment.currency.clone(),
            description: description.chars().take(250).collect(),
            base,
            igv,
            total: base + igv,
            igv_rate: self.settings.igv_rate,
            buyer_sealed: self.seal_profile("receipt", id, buyer)?,
            credits_receipt_id,
            credit_reason,
            pdf_key: None,
        };
        store::insert_receipt(conn, &row).await?;
        let job = NewJob::new(RENDER_RECEIPT_JOB, RenderReceipt { receipt_id: id })?.dedup_key(id.to_string());
        enqueue(conn, &job).await.map(drop)
    }

    /// The caller's receipts and credit notes, newest first.
    pub async fn receipts(&self, payer: &Payer, page: &PageQuery) -> AppResult<Page<Receipt>> {
        let subject = payer.subject;
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let rows = scoped(&self.pool, &payer.scope, |conn| {
            async move { Ok::<_, AppError>(store::receipts_of(conn, subject, after, limit + 1).await?) }.scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.issued_at, row.id));
        Ok(Page {
            items: page.items.into_iter().map(receipt_view).collect::<AppResult<_>>()?,
            next_cursor: page.next_cursor,
        })
    }

    /// One of the payer's receipts as a document: 404 for another's (row-level security hides
    /// strangers' rows; a person acting in a company sees both theirs and its, so the owner is
    /// checked too).
    async fn document(&self, payer: &Payer, id: Uuid) -> AppResult<(ReceiptRow, ReceiptDocument)> {
        let owner = payer.subject;
        self.document_in(&payer.scope, Some(owner), id).await
    }

    async fn document_in(
        &self,
        scope: &RequestScope,
        owner: Option<Subject>,
        id: Uuid,
    ) -> AppResult<(ReceiptRow, ReceiptDocument)> {
        let found = scoped(&self.pool, scope, |conn| {
            async move {
                let row = store::receipt(conn, id).await?.filter(|row| {
                    owner.is_none_or(|owner| (row.user_id, row.tenant_id) == (owner.user_id(), owner.tenant_id()))
                });
                let Some(row) = row else { return Ok(None) };
                let credited = match row.credits_receipt_id {
                    Some(original) => store::receipt(conn, original).await?,
                    None => None,
                };
                Ok::<_, AppError>(Some((row, credited)))
            }
            .scope_boxed()
        })
        .await?;
        let (row, credited) = found.ok_or(AppError::NotFound("receipt"))?;
        let buyer = self.open_profile("receipt", row.id, &row.buyer_sealed)?;
        let credited = match (credited, &row.credit_reason) {
            (Some(original), Some(reason)) => {
                let (code, words) = reason.split_once(':').unwrap_or(("06", reason));
                Some(Credited {
                    kind: parse_enum_text(&original.kind)?,
                    number: number_of(&original)?,
                    reason_code: code.to_owned(),
                    reason: words.to_owned(),
                })
            }
            _ => None,
        };
        let document = ReceiptDocument {
            kind: parse_enum_text(&row.kind)?,
            number: number_of(&row)?,
            issued_at: row.issued_at,
            currency: row.currency.clone(),
            seller: self.settings.seller.clone(),
            buyer: buyer.party(),
            lines: vec![Line {
                description: row.description.clone(),
                quantity: 1,
                unit_price: row.total,
                base: row.base,
                igv: row.igv,
                total: row.total,
            }],
            igv_rate: row.igv_rate,
            base: row.base,
            igv: row.igv,
            total: row.total,
            credited,
        };
        Ok((row, document))
    }

    /// The receipt's UBL 2.1 XML, as SUNAT receives it (before the OSE's signature).
    pub async fn receipt_xml(&self, payer: &Payer, id: Uuid) -> AppResult<(String, String)> {
        let (row, document) = self.document(payer, id).await?;
        Ok((number_of(&row)?.to_string(), ubl::ubl_xml(&document)))
    }

    /// The receipt's PDF: the stored one, or rendered (and stored) now.
    pub async fn receipt_pdf(&self, payer: &Payer, id: Uuid) -> AppResult<(String, Bytes)> {
        let (row, document) = self.document(payer, id).await?;
        let number = number_of(&row)?.to_string();
        if let Some(key) = &row.pdf_key {
            let key = ObjectKey::new(key.clone())?;
            return Ok((number, self.storage.get(&key).await?.bytes().await?));
        }
        let bytes = Bytes::from(pdf::pdf(&document));
        self.store_pdf(&payer.scope, &row, bytes.clone()).await?;
        Ok((number, bytes))
    }

    async fn store_pdf(&self, scope: &RequestScope, row: &ReceiptRow, bytes: Bytes) -> AppResult<()> {
        let owner = row.user_id.or(row.tenant_id).unwrap_or_default();
        let key = ObjectKey::invoice_pdf(owner, row.id);
        self.storage.put(&key, bytes.into(), ObjectMetadata::new("application/pdf")).await?;
        let (id, stored) = (row.id, key.to_string());
        scoped(&self.pool, scope, |conn| {
            async move { Ok::<_, AppError>(store::set_pdf_key(conn, id, &stored).await?) }.scope_boxed()
        })
        .await
    }

    /// Renders a receipt's PDF into object storage (the job after issue).
    async fn render_pdf(&self, id: Uuid) -> AppResult<()> {
        let (row, document) = match self.document_in(&RequestScope::system(), None, id).await {
            Ok(found) => found,
            // Erased with its account before the job ran.
            Err(AppError::NotFound(_)) => return Ok(()),
            Err(error) => return Err(error),
        };
        if row.pdf_key.is_some() {
            return Ok(());
        }
        self.store_pdf(&RequestScope::system(), &row, Bytes::from(pdf::pdf(&document))).await
    }
}

/// Renders receipts' PDFs after issue.
pub struct RenderReceipts(pub BillingService);

#[async_trait]
impl JobHandler for RenderReceipts {
    fn kind(&self) -> &'static str {
        RENDER_RECEIPT_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let RenderReceipt { receipt_id } = job.payload()?;
        Ok(self.0.render_pdf(receipt_id).await?)
    }
}
