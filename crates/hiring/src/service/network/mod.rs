//! The talent network. A person opts in with a parsed CV (an explicit consent with its time, IP
//! address and source; the CV becomes discoverable with it) and may pause or leave at any moment,
//! which hides them at once. The platform's operators source prospects (one profile per email and
//! GitHub username), invite them (a few times, spaced) and feature profiles. Companies search the
//! visible profiles and contact them, which opens a network application with its placement fee.

use chrono::{DateTime, Utc};
use kernel::db::DbConn;
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::network::{NetworkStatus, ProfileStatus, github_username};
use crate::store::{self, NetworkRow, ProfileRow};

mod companies;
mod operators;
mod people;

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
    /// invoiced (billed to the company) or paid, once hired.
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
    // Struct variants, not unit ones: serde lets unknown fields through a unit variant.
    Contacted {},
    Interviewing {},
    Offer {},
    Rejected {},
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
    #[schema(max_length = 320, pattern = r"^[^@\s]+@[^@\s]+$")]
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

async fn own_profile(conn: &mut DbConn, user_id: Uuid) -> AppResult<ProfileRow> {
    store::profile_of_user(conn, user_id).await?.ok_or(AppError::NotFound("talent profile"))
}
