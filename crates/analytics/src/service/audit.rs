//! The audit log as people read it (platform operators all of it, a company's admins their
//! company's part) and as `entrevistador audit verify` checks it.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::AnalyticsService;
use crate::domain::audit::{Break, ChainWalk};
use crate::store::audit::{self as store, AuditFilter, AuditRow};

/// Rows verified per query.
const VERIFY_PAGE: i64 = 2000;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this action (e.g. `identity.login`).
    #[param(max_length = 80)]
    pub action: Option<String>,
    /// Only what this person did or what concerned them.
    pub person_id: Option<Uuid>,
    /// Only this company's rows (platform operators; a company's admins see only theirs).
    pub tenant_id: Option<Uuid>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// One recorded action.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntryView {
    /// Its place in the chain.
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    /// `success` or `failure`.
    pub outcome: String,
    pub tenant_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub subject_id: Option<Uuid>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub details: Value,
    /// When the person's data in this row was erased (their account purged).
    pub erased_at: Option<DateTime<Utc>>,
    /// The erased person's stable pseudonym.
    pub person_pseudonym: Option<String>,
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub rows_checked: u64,
    pub first_broken: Option<BrokenRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRow {
    pub seq: i64,
    pub id: Uuid,
    pub reason: String,
}

impl AnalyticsService {
    /// The whole log, newest first: platform operators only (403 for anyone else).
    pub async fn platform_audit(
        &self,
        auth: &AuthUser,
        query: AuditQuery,
        page: PageQuery,
    ) -> AppResult<Page<AuditEntryView>> {
        let scope = identity::operator_scope(&self.pool, auth).await?;
        self.audit_page(&scope, query, page).await
    }

    /// A company's part of the log, for its admins (identity's refusals: 404, 409, 403).
    pub async fn company_audit(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        mut query: AuditQuery,
        page: PageQuery,
    ) -> AppResult<Page<AuditEntryView>> {
        scoped(&self.pool, &auth.scope(), |conn| {
            async move { identity::authorize(conn, auth, tenant_id, Permission::TenantManage).await }.scope_boxed()
        })
        .await?;
        query.tenant_id = Some(tenant_id);
        self.audit_page(&auth.scope(), query, page).await
    }

    async fn audit_page(
        &self,
        scope: &RequestScope,
        query: AuditQuery,
        page: PageQuery,
    ) -> AppResult<Page<AuditEntryView>> {
        if query.action.as_ref().is_some_and(|action| action.chars().count() > 80) {
            return Err(AppError::invalid("action", "too_long", "must be at most 80 characters"));
        }
        let limit = page.limit()?;
        let before_seq = page.after::<i64>()?;
        let filter = AuditFilter {
            tenant_id: query.tenant_id,
            action: query.action,
            person_id: query.person_id,
            since: query.since,
            until: query.until,
        };
        let rows = scoped(&self.pool, scope, |conn| {
            async move { Ok::<_, AppError>(store::page(conn, &filter, before_seq, limit + 1).await?) }.scope_boxed()
        })
        .await?;
        Ok(Page::from_rows(rows.into_iter().map(entry_view).collect(), limit, |entry| entry.seq))
    }

    /// Walks the whole chain from its first row; `progress(done)` after each page. Stops at the
    /// first broken row.
    pub async fn verify_audit_chain(&self, progress: &(dyn Fn(u64) + Sync)) -> AppResult<ChainReport> {
        let mut walk = ChainWalk::default();
        let (mut after, mut checked) = (0i64, 0u64);
        loop {
            let rows = scoped(&self.pool, &RequestScope::system(), |conn| {
                async move { Ok::<_, AppError>(store::chain_after(conn, after, VERIFY_PAGE).await?) }.scope_boxed()
            })
            .await?;
            for row in &rows {
                if let Err(broken) = walk.check(row) {
                    let seq = match broken {
                        Break::Gap { expected_seq } => expected_seq,
                        _ => row.seq,
                    };
                    let first_broken = BrokenRow { seq, id: row.id, reason: broken.explain() };
                    return Ok(ChainReport { rows_checked: checked, first_broken: Some(first_broken) });
                }
                checked += 1;
            }
            progress(checked);
            match rows.last() {
                Some(last) if rows.len() as i64 == VERIFY_PAGE => after = last.seq,
                _ => return Ok(ChainReport { rows_checked: checked, first_broken: None }),
            }
        }
    }
}

fn entry_view(row: AuditRow) -> AuditEntryView {
    AuditEntryView {
        seq: row.seq,
        id: row.id,
        occurred_at: row.occurred_at,
        action: row.action,
        outcome: row.outcome,
        tenant_id: row.tenant_id,
        actor_id: row.actor_id,
        subject_id: row.subject_id,
        ip: row.ip,
        details: row.details,
        erased_at: row.erased_at,
        person_pseudonym: row.person_pseudonym,
    }
}
