//! The talent network. A person opts in with a parsed CV (an explicit consent with its time, IP
//! address and source; the CV becomes discoverable with it) and may pause or leave at any moment,
//! which hides them at once. The platform's operators source prospects (one profile per email and
//! GitHub username), invite them (a few times, spaced) and feature profiles. Companies search the
//! visible profiles and contact them, which opens a network application with its placement fee.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::text::fold;
use kernel::{AppError, AppResult};
use platform::mail::Mail;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{HiringService, acting_company, checked_text};
use crate::domain::network::{
    Mover, NetworkStatus, ProfileStatus, github_username, may_invite, move_network, move_profile,
};
use crate::store::{self, NetworkFilter, NetworkRow, ProfileRow};

const MAX_RESULTS: i64 = 100;
/// How many candidates a job's ranking proposes before the network's filters.
const RANKED: usize = 200;

/// How soon a person can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Immediate,
    TwoWeeks,
    OneMonth,
    ThreeMonths,
    NotAvailable,
}

impl Availability {
    fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::TwoWeeks => "two_weeks",
            Self::OneMonth => "one_month",
            Self::ThreeMonths => "three_months",
            Self::NotAvailable => "not_available",
        }
    }
}

/// How a person wants to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemotePreference {
    Onsite,
    Hybrid,
    Remote,
    Any,
}

impl RemotePreference {
    fn as_str(self) -> &'static str {
        match self {
            Self::Onsite => "onsite",
            Self::Hybrid => "hybrid",
            Self::Remote => "remote",
            Self::Any => "any",
        }
    }
}

/// The person's consent to be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    Granted,
}

/// What a person sends to join the network (or to update their profile).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TalentProfileInput {
    /// One of your parsed CVs (usually your primary one): the profile is built from it, and it
    /// becomes discoverable by companies.
    pub cv_id: Uuid,
    /// `granted`: you agree that companies find your profile (revocable at any moment).
    pub consent: Consent,
    pub availability: Availability,
    pub remote_preference: RemotePreference,
    /// Your hourly rate (a decimal amount as a string, e.g. "45.00").
    #[schema(pattern = r"^\d{1,8}(\.\d{1,2})?$")]
    pub hourly_rate: Option<String>,
    /// ISO 4217 (PEN by default).
    #[schema(pattern = "^[A-Z]{3}$")]
    pub rate_currency: Option<String>,
    #[schema(pattern = "^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
    pub github_username: Option<String>,
    /// Where you gave the consent (e.g. `web`, `android`).
    #[schema(max_length = 60)]
    pub consent_source: Option<String>,
}

/// A skill of a profile, with the years the CV shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileSkillView {
    pub id: String,
    pub name: String,
    pub years: Option<f32>,
}

/// A network profile. Companies never see its email or GitHub username: they contact people
/// through the platform.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TalentProfile {
    pub id: Uuid,
    pub status: ProfileStatus,
    pub full_name: Option<String>,
    pub headline: Option<String>,
    pub seniority: Option<String>,
    pub city: Option<String>,
    pub total_experience_years: Option<f32>,
    pub skills: Vec<ProfileSkillView>,
    pub remote_preference: Option<RemotePreference>,
    pub availability: Option<Availability>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub hourly_rate: Option<Decimal>,
    pub rate_currency: String,
    pub updated_at: DateTime<Utc>,
    /// Yours only: the consent, and what identifies you.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<OwnProfile>,
}

/// What only the profile's owner (and the platform) sees.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OwnProfile {
    pub cv_id: Option<Uuid>,
    pub email: Option<String>,
    pub github_username: Option<String>,
    pub source: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_source: Option<String>,
    pub invitations_sent: i32,
}

/// Which visible profiles a company looks for.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkQuery {
    /// Canonical skill ids, comma-separated: profiles with all of them.
    #[param(max_length = 300)]
    pub skills: Option<String>,
    #[param(pattern = "^(intern|junior|mid|senior|lead|executive)$")]
    pub seniority: Option<String>,
    #[param(max_length = 100)]
    pub city: Option<String>,
    /// People who accept this way of working (or any).
    #[param(inline)]
    pub remote: Option<RemotePreference>,
    /// People available at least this soon.
    #[param(inline)]
    pub available_within: Option<Availability>,
    /// At most this hourly rate.
    #[param(pattern = r"^\d{1,8}(\.\d{1,2})?$")]
    pub max_rate: Option<String>,
    /// Rank by fit to this job of your company (meaning and skills), best first.
    pub job_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A company's approach to a network profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NetworkApplication {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub profile_id: Uuid,
    pub job_id: Option<Uuid>,
    pub job_title: Option<String>,
    pub status: NetworkStatus,
    pub message: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub placement_fee: Option<Decimal>,
    pub fee_currency: String,
    /// pending, invoiced or paid (once hired).
    pub fee_status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A company contacts a profile.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    /// The job of your company it is about.
    pub job_id: Option<Uuid>,
    /// What you write to the person (without it, the approach is only `interested`).
    #[schema(max_length = 5000)]
    pub message: Option<String>,
}

/// A company moves its approach: forward (`contacted`, `interviewing`, `offer`), `hired` with the
/// agreed placement fee, or `rejected`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum NetworkChange {
    Contacted,
    Interviewing,
    Offer,
    Rejected,
    Hired {
        /// The agreed placement fee (a decimal string).
        #[schema(pattern = r"^\d{1,10}(\.\d{1,2})?$")]
        placement_fee: String,
        /// ISO 4217 (PEN by default).
        #[schema(pattern = "^[A-Z]{3}$")]
        fee_currency: Option<String>,
    },
}

/// A prospect the platform sourced.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProspectInput {
    #[schema(max_length = 320)]
    pub email: Option<String>,
    #[schema(pattern = "^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
    pub github_username: Option<String>,
    #[schema(max_length = 200)]
    pub full_name: Option<String>,
    /// github, referral, import or event.
    #[schema(pattern = "^(github|referral|import|event)$")]
    pub source: String,
}

/// The platform moves a profile.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    /// featured, active (no longer featured) or removed.
    #[schema(inline)]
    pub status: ProfileStatus,
}

fn amount(field: &str, text: &str) -> AppResult<Decimal> {
    let valid = text.split_once('.').map_or(!text.is_empty() && text.len() <= 10, |(whole, cents)| {
        !whole.is_empty() && whole.len() <= 10 && (1..=2).contains(&cents.len())
    }) && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    valid
        .then(|| text.parse::<Decimal>().ok())
        .flatten()
        .ok_or_else(|| AppError::invalid(field, "invalid", "a decimal amount such as 45.00"))
}

fn currency(field: &str, text: Option<&str>) -> AppResult<String> {
    match text {
        None => Ok("PEN".into()),
        Some(code) if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => Ok(code.to_owned()),
        Some(_) => Err(AppError::invalid(field, "invalid", "an ISO 4217 code such as PEN or USD")),
    }
}

fn github(text: Option<&str>) -> AppResult<Option<String>> {
    text.map(|name| {
        github_username(name).ok_or_else(|| AppError::invalid("github_username", "invalid", "not a GitHub username"))
    })
    .transpose()
}

fn profile_view(row: ProfileRow, own: bool) -> TalentProfile {
    let parse = |text: Option<&str>, all: &[(&str, Availability)]| {
        text.and_then(|t| all.iter().find(|(name, _)| *name == t).map(|(_, value)| *value))
    };
    let availability = parse(
        row.availability.as_deref(),
        &[
            ("immediate", Availability::Immediate),
            ("two_weeks", Availability::TwoWeeks),
            ("one_month", Availability::OneMonth),
            ("three_months", Availability::ThreeMonths),
            ("not_available", Availability::NotAvailable),
        ],
    );
    let remote = [RemotePreference::Onsite, RemotePreference::Hybrid, RemotePreference::Remote, RemotePreference::Any]
        .into_iter()
        .find(|r| row.remote_preference.as_deref() == Some(r.as_str()));
    TalentProfile {
        id: row.id,
        status: ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect),
        full_name: row.full_name.clone(),
        headline: row.headline.clone(),
        seniority: row.seniority.clone(),
        city: row.city.clone(),
        total_experience_years: row.total_experience_years,
        skills: serde_json::from_value(row.skills.clone()).unwrap_or_default(),
        remote_preference: remote,
        availability,
        hourly_rate: row.hourly_rate,
        rate_currency: row.rate_currency.clone(),
        updated_at: row.updated_at,
        own: own.then(|| OwnProfile {
            cv_id: row.cv_id,
            email: row.email.clone(),
            github_username: row.github_username.clone(),
            source: row.source.clone(),
            consent_at: row.consent_at,
            consent_source: row.consent_source.clone(),
            invitations_sent: row.invitations_sent,
        }),
    }
}

fn network_view(row: NetworkRow) -> NetworkApplication {
    NetworkApplication {
        id: row.id,
        tenant_id: row.tenant_id,
        profile_id: row.profile_id,
        job_id: row.job_id,
        job_title: row.job_title,
        status: NetworkStatus::parse(&row.status).unwrap_or(NetworkStatus::Interested),
        message: row.message,
        placement_fee: row.placement_fee,
        fee_currency: row.fee_currency,
        fee_status: row.fee_status,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn empty_profile(now: DateTime<Utc>, source: &str) -> ProfileRow {
    ProfileRow {
        id: new_id(),
        user_id: None,
        email: None,
        github_username: None,
        full_name: None,
        source: source.into(),
        status: ProfileStatus::Prospect.as_str().into(),
        cv_id: None,
        headline: None,
        seniority: None,
        city: None,
        skills: serde_json::json!([]),
        skill_ids: Vec::new(),
        total_experience_years: None,
        remote_preference: None,
        availability: None,
        hourly_rate: None,
        rate_currency: "PEN".into(),
        consent_at: None,
        consent_ip: None,
        consent_source: None,
        invitations_sent: 0,
        last_invited_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// The scope of a platform operator: 403 for anyone else.
async fn platform_scope(pool: &kernel::db::DbPool, auth: &AuthUser) -> AppResult<RequestScope> {
    let user_id = auth.user_id();
    let admin = scoped(pool, &RequestScope::user(user_id), |conn| {
        async move { identity::is_platform_admin(conn, user_id).await }.scope_boxed()
    })
    .await?;
    if !admin {
        return Err(AppError::Forbidden("this is for the platform's operators".into()));
    }
    Ok(RequestScope { user_id: Some(user_id), tenant_id: None, role: Some("platform".into()) })
}

async fn own_profile(conn: &mut DbConn, user_id: Uuid) -> AppResult<ProfileRow> {
    store::profile_of_user(conn, user_id).await?.ok_or(AppError::NotFound("talent profile"))
}

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
                acting_company(conn, auth, Permission::CandidatesRead).await?;
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
                let tenant_id = acting_company(conn, auth, Permission::CandidatesManage).await?;
                let profile = store::profile(conn, profile_id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let user_id = profile.user_id.ok_or(AppError::NotFound("talent profile"))?;
                let job = match request.job_id {
                    Some(job_id) => Some(super::company_job(conn, tenant_id, job_id).await?),
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
                    acting_company(conn, auth, Permission::CandidatesRead).await?;
                }
                store::network_applications(conn, status.map(NetworkStatus::as_str), 200).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        Ok(rows.into_iter().map(network_view).collect())
    }

    /// Moves the company's network application; hired records the placement fee (pending).
    pub async fn move_network_application(
        &self,
        auth: &AuthUser,
        id: Uuid,
        change: NetworkChange,
    ) -> AppResult<NetworkApplication> {
        let (to, fee) = match &change {
            NetworkChange::Contacted => (NetworkStatus::Contacted, None),
            NetworkChange::Interviewing => (NetworkStatus::Interviewing, None),
            NetworkChange::Offer => (NetworkStatus::Offer, None),
            NetworkChange::Rejected => (NetworkStatus::Rejected, None),
            NetworkChange::Hired { placement_fee, fee_currency } => {
                let fee = amount("placement_fee", placement_fee)?;
                (NetworkStatus::Hired, Some((fee, currency("fee_currency", fee_currency.as_deref())?)))
            }
        };
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = acting_company(conn, auth, Permission::CandidatesManage).await?;
                let row = store::lock_network(conn, id)
                    .await?
                    .filter(|row| row.tenant_id == tenant_id)
                    .ok_or(AppError::NotFound("network application"))?;
                let from = NetworkStatus::parse(&row.status).unwrap_or(NetworkStatus::Interested);
                move_network(from, to)?;
                let fee = fee.as_ref().map(|(amount, currency)| (*amount, currency.as_str()));
                store::move_network(conn, id, to.as_str(), fee, now).await?;
                store::lock_network(conn, id).await?.ok_or(AppError::NotFound("network application"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(network_view(row))
    }

    /// The platform sources a prospect; one profile per email and GitHub username (the known one
    /// answers, `false`).
    pub async fn add_prospect(&self, auth: &AuthUser, input: ProspectInput) -> AppResult<(TalentProfile, bool)> {
        let scope = platform_scope(&self.inner.pool, auth).await?;
        let email = match &input.email {
            Some(email) => {
                let email = checked_text("email", email, 320)?.to_lowercase();
                if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
                    return Err(AppError::invalid("email", "invalid", "not an email address"));
                }
                Some(email)
            }
            None => None,
        };
        let github = github(input.github_username.as_deref())?;
        if email.is_none() && github.is_none() {
            return Err(AppError::invalid("email", "required", "an email or a GitHub username"));
        }
        if !["github", "referral", "import", "event"].contains(&input.source.as_str()) {
            return Err(AppError::invalid("source", "invalid", "github, referral, import or event"));
        }
        let full_name = match &input.full_name {
            Some(name) => Some(checked_text("full_name", name, 200)?).filter(|n| !n.is_empty()),
            None => None,
        };
        let now = Utc::now();
        let (row, created) = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                if let Some(mut known) = store::known_profile(conn, email.as_deref(), github.as_deref()).await? {
                    // The same person from another source: what was missing is added.
                    known.email = known.email.or(email);
                    known.github_username = known.github_username.or(github);
                    known.full_name = known.full_name.or(full_name);
                    known.updated_at = now;
                    store::save_profile(conn, &known).await?;
                    return Ok::<_, AppError>((known, false));
                }
                let mut row = empty_profile(now, &input.source);
                row.email = email;
                row.github_username = github;
                row.full_name = full_name;
                store::insert_profile(conn, &row).await?;
                Ok((row, true))
            }
            .scope_boxed()
        })
        .await?;
        Ok((profile_view(row, true), created))
    }

    /// The platform invites a prospect by mail (at most three times, a week apart).
    pub async fn invite_prospect(&self, auth: &AuthUser, id: Uuid) -> AppResult<TalentProfile> {
        let scope = platform_scope(&self.inner.pool, auth).await?;
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let mut row = store::lock_profile(conn, id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let from = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                move_profile(from, ProfileStatus::Invited, Mover::Platform)?;
                if row.email.is_none() {
                    return Err(AppError::Conflict("this prospect has no email to invite".into()));
                }
                may_invite(row.invitations_sent, row.last_invited_at, now)?;
                row.status = ProfileStatus::Invited.as_str().into();
                row.invitations_sent += 1;
                row.last_invited_at = Some(now);
                row.updated_at = now;
                store::save_profile(conn, &row).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        let (name, join_url) = (row.full_name.clone().unwrap_or_default(), &self.inner.join_url);
        let mail = Mail {
            to: row.email.clone().unwrap_or_default(),
            subject: "Te invitamos a la red de talento de Entrevistador Inteligente".into(),
            body: format!(
                "Hola {name}:\n\nEmpresas del Perú y Latinoamérica buscan perfiles como el tuyo. Crea tu cuenta, sube tu CV y decide tú si quieres que te encuentren: {join_url}\n\nSi no te interesa, ignora este mensaje: no te escribiremos más de tres veces."
            ),
        };
        self.inner.mailer.send(mail).await?;
        Ok(profile_view(row, true))
    }

    /// The platform features, unfeatures or removes a profile.
    pub async fn change_profile(&self, auth: &AuthUser, id: Uuid, change: ProfileChange) -> AppResult<TalentProfile> {
        let scope = platform_scope(&self.inner.pool, auth).await?;
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let mut row = store::lock_profile(conn, id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let from = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                move_profile(from, change.status, Mover::Platform)?;
                row.status = change.status.as_str().into();
                row.updated_at = now;
                store::save_profile(conn, &row).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        Ok(profile_view(row, true))
    }
}
