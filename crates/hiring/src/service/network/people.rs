//! The person's side of the talent network: join (with the consent), read, pause, resume, leave.

use std::net::IpAddr;

use chrono::Utc;
use identity::ConsentPurpose;
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};

use super::{
    ProfileSkillView, TalentProfile, TalentProfileInput, amount, currency, empty_profile, github, own_profile,
    profile_view,
};
use crate::domain::network::{Mover, ProfileStatus, move_profile};
use crate::service::{HiringService, checked_text};

/// How the consent ledger names consents given or taken back through the talent profile.
const LEDGER_SOURCE: &str = "talent_profile";
use crate::store;

impl HiringService {
    /// Joins the network (or updates the caller's profile) from a parsed CV, with the consent.
    pub async fn join_network(
        &self,
        auth: &AuthUser,
        input: TalentProfileInput,
        ip: Option<IpAddr>,
    ) -> AppResult<TalentProfile> {
        let rate = input.hourly_rate.as_deref().map(|r| amount("hourly_rate", r)).transpose()?;
        let rate_currency = currency("rate_currency", input.rate_currency.as_deref())?;
        let github = github(input.github_username.as_deref())?;
        let consent_source = match &input.consent_source {
            Some(source) => Some(checked_text("consent_source", source, 60)?).filter(|s| !s.is_empty()),
            None => None,
        };
        let profile = self.inner.cv.profile(auth, input.cv_id).await?;
        self.inner.cv.set_discoverable(auth, input.cv_id, true, ip).await?;
        let (user_id, now) = (auth.user_id(), Utc::now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let account = identity::contact(conn, user_id).await?.ok_or(AppError::NotFound("account"))?;
                let email = account.email.to_lowercase();
                let mut row = match store::profile_of_user(conn, user_id).await? {
                    Some(row) => row,
                    None => empty_profile(now, "self"),
                };
                let status = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                if !status.visible() {
                    move_profile(status, ProfileStatus::Active, Mover::Person)?;
                    row.status = ProfileStatus::Active.as_str().into();
                    row.consent_at = Some(now);
                    row.consent_ip = ip.map(|ip| ip.to_string());
                    row.consent_source = consent_source.clone();
                    identity::record_consent(conn, user_id, ConsentPurpose::TalentNetwork, true, LEDGER_SOURCE, ip)
                        .await?;
                }
                let new = row.user_id.is_none();
                row.user_id = Some(user_id);
                row.email = Some(email);
                row.github_username = github.or(row.github_username.take());
                row.full_name = profile.contact.full_name.clone().or(Some(account.full_name));
                row.cv_id = Some(profile.cv_id);
                row.headline = profile.titles.first().cloned();
                row.seniority = profile.seniority.clone();
                row.city = profile.location.clone().map(|l| l.split(',').next().unwrap_or_default().trim().to_owned());
                let skills: Vec<ProfileSkillView> = profile
                    .skills
                    .iter()
                    .filter(|s| !s.id.starts_with("custom:"))
                    .map(|s| ProfileSkillView { id: s.id.clone(), name: s.name.clone(), years: s.years })
                    .collect();
                row.skill_ids = skills.iter().map(|s| Some(s.id.clone())).collect();
                row.skills = serde_json::to_value(&skills).map_err(|e| AppError::Internal(e.to_string()))?;
                row.total_experience_years = Some(profile.total_experience_years as f32);
                row.remote_preference = Some(input.remote_preference.as_str().into());
                row.availability = Some(input.availability.as_str().into());
                row.hourly_rate = rate;
                row.rate_currency = rate_currency;
                row.updated_at = now;
                if new {
                    store::insert_profile(conn, &row).await?;
                } else {
                    store::save_profile(conn, &row).await?;
                }
                Ok(row)
            }
            .scope_boxed()
        })
        .await
        .map_err(|error| match error {
            AppError::Database(db) if kernel::db::is_unique_violation(&db, "talent_profiles_github") => {
                AppError::Conflict("another profile has this GitHub username".into())
            }
            AppError::Database(db) if kernel::db::is_unique_violation(&db, "talent_profiles_email") => {
                AppError::Conflict("the platform holds an invitation for your email: accept it to join".into())
            }
            other => other,
        })?;
        Ok(profile_view(row, true))
    }

    /// The caller's profile, with their consent.
    pub async fn my_talent_profile(&self, auth: &AuthUser) -> AppResult<TalentProfile> {
        let user_id = auth.user_id();
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { own_profile(conn, user_id).await }.scope_boxed()
        })
        .await?;
        Ok(profile_view(row, true))
    }

    /// Pauses (hidden at once), resumes or leaves the network; pausing and leaving also make the
    /// CV undiscoverable.
    pub async fn move_my_profile(
        &self,
        auth: &AuthUser,
        to: ProfileStatus,
        ip: Option<IpAddr>,
    ) -> AppResult<TalentProfile> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let mut row = own_profile(conn, user_id).await?;
                let from = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                move_profile(from, to, Mover::Person)?;
                if to == ProfileStatus::Active && row.consent_at.is_none() {
                    return Err(AppError::Conflict("join the network first (PUT /api/v1/me/talent-profile)".into()));
                }
                row.status = to.as_str().into();
                row.updated_at = now;
                store::save_profile(conn, &row).await?;
                if to == ProfileStatus::Removed {
                    identity::record_consent(conn, user_id, ConsentPurpose::TalentNetwork, false, LEDGER_SOURCE, ip)
                        .await?;
                }
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        if let Some(cv_id) = row.cv_id {
            let discoverable = to == ProfileStatus::Active;
            match self.inner.cv.set_discoverable(auth, cv_id, discoverable, ip).await {
                // The CV was deleted since: nothing left to hide.
                Err(AppError::NotFound(_)) => {}
                other => {
                    other?;
                }
            }
        }
        Ok(profile_view(row, true))
    }
}
