//! CVs shared with companies: applying to a company's job shares that CV version with that
//! company (and only it) for as long as the application stands. Row-level security is what lets
//! the company's members read it; these functions run in the caller's transaction, so the share
//! exists exactly when the application does.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::events::{ACCOUNT_DELETED, AccountEvent};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::{ByteStream, ObjectKey};
use uuid::Uuid;

use super::discoverability::discoverable_consent;
use super::{Cv, CvDetail, CvService, find_own, view};
use crate::domain::upload::ParsingStatus;
use crate::store::{self, ShareRow};

/// Shares the parsed CV `cv_id` of `user_id` (the caller) with the company `tenant_id` for
/// `purpose_id`; 404 for a CV that is not theirs, 409 while it is not parsed.
pub async fn share_with_company(
    conn: &mut DbConn,
    user_id: Uuid,
    cv_id: Uuid,
    tenant_id: Uuid,
    purpose_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let row = find_own(conn, user_id, cv_id).await?;
    if ParsingStatus::parse(&row.parsing_status) != Some(ParsingStatus::Parsed) {
        return Err(AppError::Conflict("this CV is not parsed yet: wait until it is".into()));
    }
    let share = ShareRow { cv_id, tenant_id, user_id, purpose_id, created_at: now };
    store::insert_share(conn, &share).await.map_err(Into::into)
}

/// Ends the share made for `purpose_id` (an application withdrawn); nothing when there is none.
pub async fn end_share(conn: &mut DbConn, purpose_id: Uuid) -> AppResult<()> {
    store::delete_shares_for(conn, purpose_id).await.map(drop).map_err(Into::into)
}

/// A CV shared with the company the caller acts in, read in the caller's transaction; 404 when it
/// is not shared with that company (or no longer).
pub async fn shared_detail(conn: &mut DbConn, cv_id: Uuid) -> AppResult<CvDetail> {
    let row = store::find(conn, cv_id).await?.ok_or(AppError::NotFound("cv"))?;
    let sections = store::sections_of(conn, cv_id).await?;
    let skills = store::skills_of(conn, cv_id).await?;
    Ok(CvDetail {
        cv: view(row),
        sections: sections.into_iter().map(Into::into).collect(),
        skills: skills.into_iter().map(Into::into).collect(),
    })
}

impl CvService {
    /// The original file of a CV shared with the company of `scope`, decrypted as it streams.
    pub async fn shared_file(&self, scope: &RequestScope, cv_id: Uuid) -> AppResult<(Cv, ByteStream)> {
        let row = scoped(&self.inner.pool, scope, |conn| {
            async move { store::find(conn, cv_id).await?.ok_or(AppError::NotFound("cv")) }.scope_boxed()
        })
        .await?;
        let object = self.inner.storage.get(&ObjectKey::new(row.storage_key.clone())?).await?;
        Ok((view(row), object.body))
    }
}

/// Makes every CV of `user_id` undiscoverable (each withdrawn consent recorded), in the caller's
/// transaction: for work acting for the platform (role `system`), e.g. when the person takes
/// back the talent network's consent.
pub async fn hide_discoverable(conn: &mut DbConn, user_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    for cv in store::all_of_user(conn, user_id).await? {
        if cv.discoverable_since.is_some() {
            let consent = discoverable_consent(cv.id, user_id, false, None, now);
            store::set_discoverable(conn, &consent, None).await?;
        }
    }
    Ok(())
}

/// A person deleted their account (`identity.account_deleted`): companies stop seeing their CVs at
/// once, shared or discoverable (each withdrawn consent is recorded), long before the purge.
pub struct HideCvsOfDeletedAccount(pub CvService);

#[async_trait]
impl JobHandler for HideCvsOfDeletedAccount {
    fn kind(&self) -> &'static str {
        ACCOUNT_DELETED
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let AccountEvent { user_id } = job.payload()?;
        let now = Utc::now();
        scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move {
                store::delete_shares_of_user(conn, user_id).await?;
                hide_discoverable(conn, user_id, now).await
            }
            .scope_boxed()
        })
        .await?;
        Ok(())
    }
}
