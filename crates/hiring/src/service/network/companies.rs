//! Companies in the talent network: search the visible profiles, contact them, follow the approaches.

use chrono::Utc;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::text::fold;
use kernel::{AppError, AppResult};
use platform::mail::Mail;
use uuid::Uuid;

use super::{
    Availability, ContactRequest, MAX_RESULTS, NetworkApplication, NetworkChange, NetworkQuery, RANKED,
    RemotePreference, TalentProfile, amount, currency, network_view, profile_view,
};
use crate::domain::network::{NetworkStatus, move_network};
use crate::service::{HiringService, checked_text, company_job};
use crate::store::{self, NetworkFilter, NetworkRow};

impl HiringService {
    /// Visible profiles for a company (members who read candidates): filtered, featured first, or
    /// ranked by fit to one of its jobs.
    pub async fn search_network(&self, auth: &AuthUser, query: NetworkQuery) -> AppResult<Vec<TalentProfile>> {
        let limit = i64::from(query.limit.unwrap_or(20));
        if !(1..=MAX_RESULTS).contains(&limit) {
            return Err(AppError::invalid("limit", "out_of_range", "must be between 1 and 100"));
        }
        let skills = match &query.skills {
            Some(skills) => checked_text("skills", skills, 300)?,
            None => String::new(),
        };
        let city = match &query.city {
            Some(city) => Some(checked_text("city", city, 100)?).filter(|c| !c.is_empty()),
            None => None,
        };
        if query
            .seniority
            .as_deref()
            .is_some_and(|s| !["intern", "junior", "mid", "senior", "lead", "executive"].contains(&s))
        {
            return Err(AppError::invalid("seniority", "invalid", "intern, junior, mid, senior, lead or executive"));
        }
        let ladder =
            [Availability::Immediate, Availability::TwoWeeks, Availability::OneMonth, Availability::ThreeMonths];
        let availability = query.available_within.map(|within| {
            ladder
                .iter()
                .take_while(|a| **a != within)
                .chain(ladder.iter().filter(|a| **a == within))
                .map(|a| a.as_str().to_owned())
                .collect()
        });
        let mut filter = NetworkFilter {
            skill_ids: skills.split(',').map(|s| fold(s.trim())).filter(|s| !s.is_empty()).collect(),
            seniority: query.seniority.clone(),
            city,
            remote: query.remote.filter(|r| *r != RemotePreference::Any).map(|r| r.as_str().to_owned()),
            availability,
            max_rate: query.max_rate.as_deref().map(|r| amount("max_rate", r)).transpose()?,
            cv_ids: None,
        };
        let ranked = match query.job_id {
            Some(job_id) => {
                let candidates = self.inner.matching.candidates_for_job(auth, job_id, RANKED).await?;
                Some(candidates.into_iter().map(|c| c.cv_id).collect::<Vec<_>>())
            }
            None => None,
        };
        filter.cv_ids = ranked.clone();
        let fetch = if ranked.is_some() { RANKED as i64 } else { limit };
        let mut rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                store::visible_profiles(conn, &filter, fetch).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        if let Some(order) = &ranked {
            rows.sort_by_key(|row| {
                row.cv_id.and_then(|cv| order.iter().position(|id| *id == cv)).unwrap_or(usize::MAX)
            });
        }
        rows.truncate(usize::try_from(limit).unwrap_or(20));
        Ok(rows.into_iter().map(|row| profile_view(row, false)).collect())
    }

    /// A company contacts a visible profile (members who manage candidates): a network
    /// application, `contacted` with a message (mailed to the person) or `interested` without.
    pub async fn contact_profile(
        &self,
        auth: &AuthUser,
        profile_id: Uuid,
        request: ContactRequest,
    ) -> AppResult<NetworkApplication> {
        let message = match &request.message {
            Some(message) => Some(checked_text("message", message, 5000)?).filter(|m| !m.is_empty()),
            None => None,
        };
        let (actor, now) = (auth.user_id(), Utc::now());
        let (row, mail) = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                let profile = store::profile(conn, profile_id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let user_id = profile.user_id.ok_or(AppError::NotFound("talent profile"))?;
                let job = match request.job_id {
                    Some(job_id) => Some(company_job(conn, tenant_id, job_id).await?),
                    None => None,
                };
                let status = if message.is_some() { NetworkStatus::Contacted } else { NetworkStatus::Interested };
                let row = NetworkRow {
                    id: new_id(),
                    tenant_id,
                    profile_id,
                    user_id,
                    job_id: job.as_ref().map(|j| j.id),
                    job_title: job.as_ref().map(|j| j.title.chars().take(200).collect()),
                    status: status.as_str().into(),
                    message: message.clone(),
                    contacted_by: Some(actor),
                    placement_fee: None,
                    fee_currency: "PEN".into(),
                    fee_status: None,
                    created_at: now,
                    updated_at: now,
                };
                store::insert_network(conn, &row).await?;
                let company = identity::company_name(conn, tenant_id).await?.unwrap_or_default();
                let mail = match (&message, &profile.email) {
                    (Some(text), Some(email)) => Some(Mail {
                        to: email.clone(),
                        subject: format!("{company} quiere conocerte / wants to meet you"),
                        body: format!("{company}:\n\n{text}\n\n— Entrevistador Inteligente (red de talento)"),
                    }),
                    _ => None,
                };
                Ok::<_, AppError>((row, mail))
            }
            .scope_boxed()
        })
        .await
        .map_err(|error| match error {
            AppError::Database(db) if kernel::db::is_unique_violation(&db, "network_applications_open") => {
                AppError::Conflict("your company already approached this person: move that application".into())
            }
            other => other,
        })?;
        if let Some(mail) = mail
            && let Err(error) = self.inner.mailer.send(mail).await
        {
            tracing::warn!(%error, "the network contact mail was not sent; the person sees it in their approaches");
        }
        Ok(network_view(row))
    }

    /// The company's network applications (or the person's approaches received), newest first.
    pub async fn network_applications(
        &self,
        auth: &AuthUser,
        mine: bool,
        status: Option<NetworkStatus>,
    ) -> AppResult<Vec<NetworkApplication>> {
        let scope = if mine { RequestScope::user(auth.user_id()) } else { auth.scope() };
        let rows = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                if !mine {
                    identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                }
                store::network_applications(conn, status.map(NetworkStatus::as_str), 200).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        Ok(rows.into_iter().map(network_view).collect())
    }

    /// Moves the company's network application; hired records the placement fee and hands it to
    /// billing in the same transaction (invoiced; paid once the company's charge goes through).
    pub async fn move_network_application(
        &self,
        auth: &AuthUser,
        id: Uuid,
        change: NetworkChange,
    ) -> AppResult<NetworkApplication> {
        let (to, fee) = match &change {
            NetworkChange::Contacted {} => (NetworkStatus::Contacted, None),
            NetworkChange::Interviewing {} => (NetworkStatus::Interviewing, None),
            NetworkChange::Offer {} => (NetworkStatus::Offer, None),
            NetworkChange::Rejected {} => (NetworkStatus::Rejected, None),
            NetworkChange::Hired { placement_fee, fee_currency } => {
                let fee = amount("placement_fee", placement_fee)?;
                (NetworkStatus::Hired, Some((fee, currency("fee_currency", fee_currency.as_deref())?)))
            }
        };
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                let row = store::lock_network(conn, id)
                    .await?
                    .filter(|row| row.tenant_id == tenant_id)
                    .ok_or(AppError::NotFound("network application"))?;
                let from = NetworkStatus::parse(&row.status).unwrap_or(NetworkStatus::Interested);
                move_network(from, to)?;
                let fee = fee.as_ref().map(|(amount, currency)| (*amount, currency.as_str()));
                store::move_network(conn, id, to.as_str(), fee, now).await?;
                if let Some((amount, currency)) = fee {
                    billing::bill_placement(conn, tenant_id, id, amount, currency).await?;
                }
                store::lock_network(conn, id).await?.ok_or(AppError::NotFound("network application"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(network_view(row))
    }
}
