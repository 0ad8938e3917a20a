//! Discoverable CVs: a person may let companies find a parsed CV (an explicit consent, recorded
//! with its time and IP address, revocable at any moment); members of a company then get such
//! CVs as profiles to rank for their jobs. Row-level security is what lets a company read them,
//! and what hides one the moment its owner revokes.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::profile::load;
use super::{CvProfile, CvService, find_own};
use crate::domain::upload::ParsingStatus;
use crate::store::{self, ConsentRow};

/// Whether companies may find a CV.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Discoverability {
    pub cv_id: Uuid,
    pub discoverable: bool,
    /// Since when (the consent's time); null when not discoverable.
    pub discoverable_since: Option<DateTime<Utc>>,
}

/// A record of the owner granting or withdrawing companies' right to find a CV.
pub(super) fn discoverable_consent(
    cv_id: Uuid,
    user_id: Uuid,
    granted: bool,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> ConsentRow {
    ConsentRow {
        id: new_id(),
        cv_id,
        user_id,
        kind: "discoverable".into(),
        granted,
        ip: ip.map(|ip| ip.to_string()),
        created_at: now,
    }
}

impl CvService {
    /// Lets companies find the caller's parsed CV, or stops them at once. Asking for the state
    /// the CV is already in records nothing.
    pub async fn set_discoverable(
        &self,
        auth: &AuthUser,
        cv_id: Uuid,
        discoverable: bool,
        ip: Option<IpAddr>,
    ) -> AppResult<Discoverability> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = find_own(conn, user_id, cv_id).await?;
                if discoverable && ParsingStatus::parse(&row.parsing_status) != Some(ParsingStatus::Parsed) {
                    return Err(AppError::Conflict(
                        "only a parsed CV can be made discoverable: wait until it is parsed".into(),
                    ));
                }
                let since = match (discoverable, row.discoverable_since) {
                    (true, Some(since)) => Some(since),
                    (false, None) => None,
                    (granted, _) => {
                        let since = granted.then_some(now);
                        let consent = discoverable_consent(cv_id, user_id, granted, ip, now);
                        store::set_discoverable(conn, &consent, since).await?;
                        since
                    }
                };
                Ok(Discoverability { cv_id, discoverable: since.is_some(), discoverable_since: since })
            }
            .scope_boxed()
        })
        .await
    }

    /// Discoverable CVs for a company to rank: the `k` whose whole-CV vector is nearest `vector`
    /// and the `k` latest with any of `skill_ids`, as profiles. Only for someone acting in a
    /// company (403 otherwise).
    pub async fn discoverable_profiles(
        &self,
        auth: &AuthUser,
        vector: Option<&[f32]>,
        skill_ids: &[String],
        k: i64,
    ) -> AppResult<Vec<CvProfile>> {
        identity::token_company(auth)?;
        let (model, dimensions) = (self.inner.embedder.model.as_str(), self.inner.embedder.embedder.dimensions());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let mut ids = match vector {
                    Some(vector) => store::nearest_discoverable(conn, vector, model, dimensions, k).await?,
                    None => Vec::new(),
                };
                for id in store::discoverable_with_skills(conn, skill_ids, k).await? {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                let mut profiles = Vec::with_capacity(ids.len());
                for id in ids {
                    let Some(row) = store::discoverable(conn, id).await? else { continue };
                    profiles.push(load(conn, row, model).await?);
                }
                Ok(profiles)
            }
            .scope_boxed()
        })
        .await
    }
}
