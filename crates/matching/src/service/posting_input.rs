//! What a posting is written with (new postings, changes, publish and close requests) and the
//! rules its content keeps whatever its status: every limit the API document states, and the
//! ones it cannot state (salary order, blank text). The analysis and the search texts are
//! derived from the content here, so no write can leave them stale.

use chrono::{DateTime, Utc};
use kernel::{AppError, AppResult};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::analysis::{Requirement, analyse};
use crate::domain::postings::{
    CloseReason, EmploymentType, RemotePolicy, SalaryPeriod, SeniorityLevel, is_code, parse_amount,
    salary_range_is_valid, within,
};
use crate::domain::search::search_texts;
use crate::store::JobContent;

/// A new posting; it starts as a draft.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPosting {
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[schema(min_length = 1, max_length = 20000)]
    pub description: String,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub benefits: Vec<Benefit>,
    #[schema(max_length = 100)]
    pub industry: Option<String>,
    #[schema(max_length = 100)]
    pub job_function: Option<String>,
    pub seniority_level: Option<SeniorityLevel>,
    pub employment_type: EmploymentType,
    #[schema(max_length = 100)]
    pub location_city: Option<String>,
    /// ISO 3166-1 alpha-2; PE when left out.
    #[schema(pattern = "^[A-Z]{2}$")]
    pub location_country: Option<String>,
    pub remote_policy: RemotePolicy,
    /// A decimal amount as a string, e.g. "3500.00".
    #[serde(default, deserialize_with = "amount")]
    #[schema(value_type = Option<String>, pattern = r"^\d{1,10}(\.\d{1,2})?$")]
    pub salary_min: Option<Decimal>,
    #[serde(default, deserialize_with = "amount")]
    #[schema(value_type = Option<String>, pattern = r"^\d{1,10}(\.\d{1,2})?$")]
    pub salary_max: Option<Decimal>,
    /// ISO 4217; PEN when left out.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub salary_currency: Option<String>,
    pub salary_period: Option<SalaryPeriod>,
    /// When it stops being shown once published (60 days after publishing when left out).
    pub expires_at: Option<DateTime<Utc>>,
    /// es or en; es when left out.
    #[schema(pattern = "^(es|en)$")]
    pub language: Option<String>,
}

/// One benefit, as written ("Seguro EPS", "Home office los viernes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Benefit(pub String);

impl utoipa::PartialSchema for Benefit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(200))
            .into()
    }
}

impl ToSchema for Benefit {}

/// Changes to a posting: fields left out keep their value; `null` clears an optional one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobChanges {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 20000)]
    pub description: Option<String>,
    #[schema(max_items = 50)]
    pub requirements: Option<Vec<Requirement>>,
    #[schema(max_items = 30)]
    pub benefits: Option<Vec<Benefit>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, max_length = 100, nullable)]
    pub industry: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, max_length = 100, nullable)]
    pub job_function: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<SeniorityLevel>, nullable)]
    pub seniority_level: Option<Option<SeniorityLevel>>,
    pub employment_type: Option<EmploymentType>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, max_length = 100, nullable)]
    pub location_city: Option<Option<String>>,
    #[schema(pattern = "^[A-Z]{2}$")]
    pub location_country: Option<String>,
    pub remote_policy: Option<RemotePolicy>,
    #[serde(default, deserialize_with = "nullable_amount")]
    #[schema(value_type = Option<String>, pattern = r"^\d{1,10}(\.\d{1,2})?$", nullable)]
    pub salary_min: Option<Option<Decimal>>,
    #[serde(default, deserialize_with = "nullable_amount")]
    #[schema(value_type = Option<String>, pattern = r"^\d{1,10}(\.\d{1,2})?$", nullable)]
    pub salary_max: Option<Option<Decimal>>,
    #[schema(pattern = "^[A-Z]{3}$")]
    pub salary_currency: Option<String>,
    pub salary_period: Option<SalaryPeriod>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<DateTime<Utc>>, nullable)]
    pub expires_at: Option<Option<DateTime<Utc>>>,
    #[schema(pattern = "^(es|en)$")]
    pub language: Option<String>,
}

/// A salary amount: a string as `parse_amount` reads it, or null.
fn amount<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    text.map(|t| parse_amount(&t).ok_or_else(|| serde::de::Error::custom("must be an amount such as \"4500.00\"")))
        .transpose()
}

fn nullable_amount<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<Decimal>>, D::Error> {
    amount(deserializer).map(Some)
}

/// Why a posting is closed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    pub reason: CloseReason,
}

/// When to publish until (60 days when left out).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    pub expires_at: Option<DateTime<Utc>>,
}

/// Optional text: trimmed, blank as none.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// `text` trimmed, refused naming `field` unless it has `min..=max` characters.
fn sized(field: &str, text: &str, min: usize, max: usize) -> AppResult<String> {
    within(text, min, max).ok_or_else(|| {
        let problem = if min > 0 && text.trim().is_empty() {
            "must not be blank".to_owned()
        } else {
            format!("must have {min} to {max} characters")
        };
        AppError::invalid(field, if text.trim().is_empty() { "required" } else { "length" }, problem)
    })
}

fn sized_optional(field: &str, text: Option<String>, max: usize) -> AppResult<Option<String>> {
    optional(text).map(|t| sized(field, &t, 1, max)).transpose()
}

fn at_most<T>(field: &str, items: &[T], max: usize) -> AppResult<()> {
    if items.len() > max {
        return Err(AppError::invalid(field, "too_many", format!("at most {max} items")));
    }
    Ok(())
}

/// The rules a posting's content keeps whatever its status (every limit the API document
/// states, and what it cannot state); the analysis follows the content.
fn checked(mut content: JobContent) -> AppResult<JobContent> {
    content.title = sized("title", &content.title, 1, 200)?;
    content.description = sized("description", &content.description, 1, 20_000)?;
    let mut requirements: Vec<Requirement> = serde_json::from_value(content.requirements.clone())
        .map_err(|e| AppError::Internal(format!("requirements: {e}")))?;
    at_most("requirements", &requirements, 50)?;
    for (index, requirement) in requirements.iter_mut().enumerate() {
        requirement.text = sized(&format!("requirements[{index}].text"), &requirement.text, 1, 500)?;
        if requirement.years.is_some_and(|years| years > 40) {
            return Err(AppError::invalid(&format!("requirements[{index}].years"), "too_large", "at most 40"));
        }
    }
    content.requirements = serde_json::to_value(&requirements).unwrap_or_default();
    let mut benefits: Vec<String> = serde_json::from_value(content.benefits.clone()).unwrap_or_default();
    at_most("benefits", &benefits, 30)?;
    for (index, benefit) in benefits.iter_mut().enumerate() {
        *benefit = sized(&format!("benefits[{index}]"), benefit, 1, 200)?;
    }
    content.benefits = serde_json::to_value(&benefits).unwrap_or_default();
    content.industry = sized_optional("industry", content.industry.take(), 100)?;
    content.job_function = sized_optional("job_function", content.job_function.take(), 100)?;
    content.location_city = sized_optional("location_city", content.location_city.take(), 100)?;
    if !is_code(&content.location_country, 2) {
        return Err(AppError::invalid("location_country", "invalid", "must be an ISO 3166 code such as PE"));
    }
    if !is_code(&content.salary_currency, 3) {
        return Err(AppError::invalid("salary_currency", "invalid", "must be an ISO 4217 code such as PEN"));
    }
    if !matches!(content.language.as_str(), "es" | "en") {
        return Err(AppError::invalid("language", "invalid", "must be es or en"));
    }
    if !salary_range_is_valid(content.salary_min, content.salary_max) {
        return Err(AppError::invalid("salary_max", "below_minimum", "must not be below salary_min"));
    }
    let seniority = content.seniority_level.as_deref().and_then(SeniorityLevel::parse);
    let analysis = analyse(&content.title, &content.description, &requirements, seniority);
    (content.search_title, content.search_body) =
        search_texts(&content.title, &analysis, &requirements, &content.description);
    content.analysis =
        serde_json::to_value(analysis).map_err(|e| AppError::Internal(format!("posting analysis: {e}")))?;
    Ok(content)
}

impl NewPosting {
    pub(super) fn into_content(self, now: DateTime<Utc>) -> AppResult<JobContent> {
        checked(JobContent {
            title: self.title,
            description: self.description,
            requirements: serde_json::to_value(self.requirements).unwrap_or_default(),
            benefits: serde_json::to_value(self.benefits).unwrap_or_default(),
            industry: optional(self.industry),
            job_function: optional(self.job_function),
            seniority_level: self.seniority_level.map(|s| s.as_str().to_owned()),
            employment_type: self.employment_type.as_str().to_owned(),
            location_city: optional(self.location_city),
            location_country: self.location_country.unwrap_or_else(|| "PE".into()),
            remote_policy: self.remote_policy.as_str().to_owned(),
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            salary_currency: self.salary_currency.unwrap_or_else(|| "PEN".into()),
            salary_period: self.salary_period.unwrap_or(SalaryPeriod::Month).as_str().to_owned(),
            language: self.language.unwrap_or_else(|| "es".into()),
            analysis: serde_json::Value::Null,
            expires_at: self.expires_at,
            updated_at: now,
            search_title: String::new(),
            search_body: String::new(),
        })
    }
}

impl JobChanges {
    pub(super) fn apply(self, mut content: JobContent, now: DateTime<Utc>) -> AppResult<JobContent> {
        if let Some(title) = self.title {
            content.title = title;
        }
        if let Some(description) = self.description {
            content.description = description;
        }
        if let Some(requirements) = self.requirements {
            content.requirements = serde_json::to_value(requirements).unwrap_or_default();
        }
        if let Some(benefits) = self.benefits {
            content.benefits = serde_json::to_value(benefits).unwrap_or_default();
        }
        if let Some(industry) = self.industry {
            content.industry = optional(industry);
        }
        if let Some(function) = self.job_function {
            content.job_function = optional(function);
        }
        if let Some(level) = self.seniority_level {
            content.seniority_level = level.map(|l| l.as_str().to_owned());
        }
        if let Some(kind) = self.employment_type {
            content.employment_type = kind.as_str().to_owned();
        }
        if let Some(city) = self.location_city {
            content.location_city = optional(city);
        }
        if let Some(country) = self.location_country {
            content.location_country = country;
        }
        if let Some(policy) = self.remote_policy {
            content.remote_policy = policy.as_str().to_owned();
        }
        if let Some(min) = self.salary_min {
            content.salary_min = min;
        }
        if let Some(max) = self.salary_max {
            content.salary_max = max;
        }
        if let Some(currency) = self.salary_currency {
            content.salary_currency = currency;
        }
        if let Some(period) = self.salary_period {
            content.salary_period = period.as_str().to_owned();
        }
        if let Some(expires_at) = self.expires_at {
            content.expires_at = expires_at;
        }
        if let Some(language) = self.language {
            content.language = language;
        }
        content.updated_at = now;
        checked(content)
    }
}
