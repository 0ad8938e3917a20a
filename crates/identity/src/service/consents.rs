//! Consents per purpose, with their history: the person reads and changes them here; the talent
//! network records its own when the person joins or leaves it ([`record_consent`]). Taking back
//! the talent network's consent here is told to the network (`identity.consent_withdrawn`),
//! which hides the person.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ClientInfo, IdentityService, caller_gone};
use crate::domain::{ConsentPurpose, consent_source};
use crate::events::{CONSENT_WITHDRAWN, ConsentEvent};
use crate::store::{self, ConsentRow};

/// A purpose's consent as it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentState {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    /// When it was last given or taken back (null: never asked).
    pub since: Option<DateTime<Utc>>,
    pub source: Option<String>,
}

/// One consent given or taken back.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentRecord {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub source: String,
    pub ip: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Consents {
    /// Every purpose, as it stands.
    pub current: Vec<ConsentState>,
    /// Every change, newest first.
    pub history: Vec<ConsentRecord>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentChange {
    pub granted: bool,
    /// Where it is given: `web`, `android`, `ios` … (`api` when absent).
    #[schema(pattern = "^[A-Za-z][A-Za-z0-9_]{0,39}$", max_length = 40)]
    pub source: Option<String>,
}

/// Adds a consent record in the caller's transaction (and its trace in the audit log).
pub async fn record_consent(
    conn: &mut DbConn,
    user_id: Uuid,
    purpose: ConsentPurpose,
    granted: bool,
    source: &str,
    ip: Option<IpAddr>,
) -> AppResult<()> {
    let now = Utc::now();
    let row = ConsentRow {
        id: new_id(),
        user_id,
        purpose: purpose.as_str().into(),
        granted,
        source: source.into(),
        ip: ip.map(|ip| ip.to_string()),
        recorded_at: now,
    };
    store::insert_consent(conn, &row).await?;
    let details = json!({ "purpose": purpose, "granted": granted, "source": source });
    audit::record(conn, &AuditEntry::new("identity.consent_changed").by(user_id).from_ip(ip).details(details).at(now))
        .await
}

fn current(rows: &[ConsentRow]) -> Vec<ConsentState> {
    ConsentPurpose::ALL
        .into_iter()
        .map(|purpose| match rows.iter().find(|row| row.purpose == purpose.as_str()) {
            Some(row) => ConsentState {
                purpose,
                granted: row.granted,
                since: Some(row.recorded_at),
                source: Some(row.source.clone()),
            },
            None => ConsentState { purpose, granted: false, since: None, source: None },
        })
        .collect()
}

impl IdentityService {
    pub async fn my_consents(&self, auth: &AuthUser) -> AppResult<Consents> {
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::consents_of(conn, user_id).await?) }.scope_boxed()
        })
        .await?;
        let history = rows
            .iter()
            .filter_map(|row| {
                Some(ConsentRecord {
                    purpose: ConsentPurpose::parse(&row.purpose)?,
                    granted: row.granted,
                    source: row.source.clone(),
                    ip: row.ip.clone(),
                    recorded_at: row.recorded_at,
                })
            })
            .collect();
        Ok(Consents { current: current(&rows), history })
    }

    /// Gives or takes back a consent. The talent network's is given by joining it (409 here:
    /// it needs a CV and preferences); taking it back hides the person from companies.
    pub async fn change_consent(
        &self,
        auth: &AuthUser,
        purpose: ConsentPurpose,
        change: ConsentChange,
        client: ClientInfo,
    ) -> AppResult<ConsentState> {
        let source = consent_source(change.source.as_deref()).map_err(|e| AppError::Validation(vec![e]))?;
        if purpose == ConsentPurpose::TalentNetwork && change.granted {
            return Err(AppError::Conflict(
                "the talent network's consent is given by joining it (PUT /api/v1/me/talent-profile), with a CV and \
                 your preferences"
                    .into(),
            ));
        }
        let (user_id, now, ip) = (auth.user_id(), self.now(), client.ip_addr());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let rows = store::consents_of(conn, user_id).await?;
                let before =
                    current(&rows).into_iter().find(|state| state.purpose == purpose).ok_or_else(caller_gone)?;
                if before.since.is_some() && before.granted == change.granted {
                    return Ok(before);
                }
                if purpose == ConsentPurpose::Marketing {
                    let marketing = store::ProfileChanges {
                        marketing_consent_at: Some(change.granted.then_some(now)),
                        updated_at: Some(now),
                        ..store::ProfileChanges::default()
                    };
                    store::update_profile(conn, user_id, &marketing).await?;
                }
                record_consent(conn, user_id, purpose, change.granted, &source, ip).await?;
                if !change.granted {
                    let event = ConsentEvent { user_id, purpose: purpose.as_str().into() };
                    enqueue(conn, &NewJob::event(CONSENT_WITHDRAWN, event)?).await?;
                }
                let rows = store::consents_of(conn, user_id).await?;
                current(&rows).into_iter().find(|state| state.purpose == purpose).ok_or_else(caller_gone)
            }
            .scope_boxed()
        })
        .await
    }
}
