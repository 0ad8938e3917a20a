//! Challenge templates for technical evaluations: a company's own (members who manage candidates
//! write them) and the platform's public ones (every company reads them; only migrations write
//! them), listed together and filtered by language, difficulty and locale.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::HiringService;
use crate::domain::evaluations::{
    Checks, Difficulty, LANGUAGE_PATTERN, MAX_LANGUAGES, checked_language, required_text,
};
use crate::store::{self, ChallengeChange, ChallengeFilter, ChallengeRow};

const TITLE_CHARS: usize = 150;
const DESCRIPTION_CHARS: usize = 5000;
const MINUTES: std::ops::RangeInclusive<i32> = 15..=2880;

/// A programming language's short name (`rust`, `python`, `sql`, `c++`, `node.js`), folded to
/// lower case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProgrammingLanguage(pub String);

impl utoipa::PartialSchema for ProgrammingLanguage {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("A programming language's short name: rust, python, sql, c++, node.js"))
            .min_length(Some(1))
            .max_length(Some(30))
            .pattern(Some(LANGUAGE_PATTERN))
            .into()
    }
}

impl ToSchema for ProgrammingLanguage {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProgrammingLanguage")
    }
}

/// Which challenge templates to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChallengeQuery {
    /// Only those that can be solved in this language.
    #[param(pattern = "^[A-Za-z0-9][A-Za-z0-9+#._-]{0,29}$")]
    pub language: Option<String>,
    #[param(inline)]
    pub difficulty: Option<Difficulty>,
    /// Only those written in this language (es or en).
    #[param(pattern = "^(es|en)$")]
    pub locale: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// A challenge template to add.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeInput {
    #[schema(min_length = 1, max_length = 150, pattern = r"\S")]
    pub title: String,
    /// What the candidate builds, the requirements and how it is assessed.
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub description: String,
    /// The languages it can be solved in (1 to 5).
    #[schema(min_items = 1, max_items = 5)]
    pub languages: Vec<ProgrammingLanguage>,
    pub difficulty: Difficulty,
    /// 15 minutes to 48 hours.
    #[schema(minimum = 15, maximum = 2880)]
    pub estimated_minutes: i32,
    /// es or en: the language it is written in.
    #[schema(pattern = "^(es|en)$")]
    pub locale: String,
}

/// What changes in one of your templates; fields left out stay.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeTemplateChange {
    #[schema(min_length = 1, max_length = 150, pattern = r"\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub description: Option<String>,
    #[schema(min_items = 1, max_items = 5)]
    pub languages: Option<Vec<ProgrammingLanguage>>,
    pub difficulty: Option<Difficulty>,
    #[schema(minimum = 15, maximum = 2880)]
    pub estimated_minutes: Option<i32>,
    #[schema(pattern = "^(es|en)$")]
    pub locale: Option<String>,
}

/// A challenge template.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChallengeTemplate {
    pub id: Uuid,
    /// One of the platform's templates (read-only), not your company's.
    pub public: bool,
    pub title: String,
    pub description: String,
    pub languages: Vec<String>,
    pub difficulty: Difficulty,
    pub estimated_minutes: i32,
    pub locale: String,
    /// How many technical evaluations used it (every company's, for a public template).
    pub usage_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn challenge_view(row: ChallengeRow) -> ChallengeTemplate {
    ChallengeTemplate {
        id: row.id,
        public: row.tenant_id.is_none(),
        title: row.title,
        description: row.description,
        languages: row.languages.into_iter().flatten().collect(),
        difficulty: Difficulty::parse(&row.difficulty).unwrap_or(Difficulty::Medium),
        estimated_minutes: row.estimated_minutes,
        locale: row.locale,
        usage_count: row.usage_count,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn checked_languages(checks: &mut Checks, languages: &[ProgrammingLanguage]) -> Vec<Option<String>> {
    if languages.is_empty() || languages.len() > MAX_LANGUAGES {
        checks.fail("languages", "length", format!("1 to {MAX_LANGUAGES} languages"));
    }
    let mut clean: Vec<Option<String>> = Vec::with_capacity(languages.len());
    for (i, language) in languages.iter().enumerate() {
        let language = checks.take(checked_language(&format!("languages[{i}]"), &language.0));
        if !language.is_empty() && !clean.iter().flatten().any(|l| *l == language) {
            clean.push(Some(language));
        }
    }
    clean
}

fn check_locale(checks: &mut Checks, locale: &str) {
    if !matches!(locale, "es" | "en") {
        checks.fail("locale", "invalid", "es or en");
    }
}

fn check_minutes(checks: &mut Checks, minutes: i32) {
    if !MINUTES.contains(&minutes) {
        checks.fail("estimated_minutes", "out_of_range", "15 to 2880 minutes");
    }
}

impl ChallengeTemplateChange {
    fn checked(&self, now: DateTime<Utc>) -> AppResult<ChallengeChange> {
        let mut checks = Checks::default();
        let title = self.title.as_deref().map(|t| checks.take(required_text("title", t, TITLE_CHARS)));
        let description =
            self.description.as_deref().map(|d| checks.take(required_text("description", d, DESCRIPTION_CHARS)));
        let languages = self.languages.as_deref().map(|l| checked_languages(&mut checks, l));
        if let Some(locale) = &self.locale {
            check_locale(&mut checks, locale);
        }
        if let Some(minutes) = self.estimated_minutes {
            check_minutes(&mut checks, minutes);
        }
        checks.done()?;
        Ok(ChallengeChange {
            title,
            description,
            languages,
            difficulty: self.difficulty.map(|d| d.as_str().to_owned()),
            estimated_minutes: self.estimated_minutes,
            locale: self.locale.clone(),
            updated_at: Some(now),
        })
    }
}

impl ChallengeInput {
    fn checked(&self) -> AppResult<ChallengeChange> {
        let change = ChallengeTemplateChange {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            languages: Some(self.languages.clone()),
            difficulty: Some(self.difficulty),
            estimated_minutes: Some(self.estimated_minutes),
            locale: Some(self.locale.clone()),
        };
        change.checked(Utc::now())
    }
}

impl HiringService {
    /// The challenge templates a company may use: its own and the public ones, by title (members
    /// who read candidates).
    pub async fn challenge_templates(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        query: ChallengeQuery,
    ) -> AppResult<Page<ChallengeTemplate>> {
        let page = PageQuery { limit: query.limit, cursor: query.cursor.clone() };
        let (limit, after) = (page.limit()?, page.after::<(String, Uuid)>()?);
        let mut checks = Checks::default();
        let language = query.language.as_deref().map(|l| checks.take(checked_language("language", l)));
        if let Some(locale) = &query.locale {
            check_locale(&mut checks, locale);
        }
        checks.done()?;
        let filter = ChallengeFilter {
            language,
            difficulty: query.difficulty.map(|d| d.as_str().to_owned()),
            locale: query.locale.clone(),
        };
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await?;
                store::challenges(conn, tenant_id, &filter, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.title.clone(), row.id));
        Ok(Page { items: page.items.into_iter().map(challenge_view).collect(), next_cursor: page.next_cursor })
    }

    /// One template the company may use.
    pub async fn challenge_template(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<ChallengeTemplate> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await?;
                let row = store::challenge(conn, id)
                    .await?
                    .filter(|row| row.tenant_id.is_none_or(|owner| owner == tenant_id))
                    .ok_or(AppError::NotFound("challenge template"))?;
                Ok(challenge_view(row))
            }
            .scope_boxed()
        })
        .await
    }

    /// Adds a template of the company's own (members who manage candidates).
    pub async fn add_challenge_template(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        input: ChallengeInput,
    ) -> AppResult<ChallengeTemplate> {
        let checked = input.checked()?;
        let now = Utc::now();
        let row = ChallengeRow {
            id: new_id(),
            tenant_id: Some(tenant_id),
            title: checked.title.unwrap_or_default(),
            description: checked.description.unwrap_or_default(),
            languages: checked.languages.unwrap_or_default(),
            difficulty: input.difficulty.as_str().to_owned(),
            estimated_minutes: input.estimated_minutes,
            locale: input.locale,
            usage_count: 0,
            created_by: Some(auth.user_id()),
            created_at: now,
            updated_at: now,
        };
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                store::insert_challenge(conn, &row).await?;
                Ok(challenge_view(row))
            }
            .scope_boxed()
        })
        .await
    }

    /// Changes one of the company's own templates; a public one is read-only (403).
    pub async fn change_challenge_template(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        id: Uuid,
        change: ChallengeTemplateChange,
    ) -> AppResult<ChallengeTemplate> {
        let change = change.checked(Utc::now())?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                match store::update_challenge(conn, tenant_id, id, &change).await? {
                    Some(row) => Ok(challenge_view(row)),
                    None => Err(not_own(conn, id).await),
                }
            }
            .scope_boxed()
        })
        .await
    }

    /// Deletes one of the company's own templates (evaluations that used it keep their data).
    pub async fn delete_challenge_template(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<()> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                match store::delete_challenge(conn, tenant_id, id).await? {
                    0 => Err(not_own(conn, id).await),
                    _ => Ok(()),
                }
            }
            .scope_boxed()
        })
        .await
    }
}

/// Why a write found no template of the company's own: a public one is read-only; anything else
/// (another company's, none) is not found.
async fn not_own(conn: &mut kernel::db::DbConn, id: Uuid) -> AppError {
    match store::challenge(conn, id).await {
        Ok(Some(row)) if row.tenant_id.is_none() => {
            AppError::Forbidden("public challenge templates are read-only: add one of your own".into())
        }
        Ok(_) => AppError::NotFound("challenge template"),
        Err(error) => error.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(error: AppError) -> Vec<String> {
        match error {
            AppError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    fn input() -> ChallengeInput {
        ChallengeInput {
            title: " API de pagos ".into(),
            description: "Integra Yape y tarjetas.".into(),
            languages: vec![
                ProgrammingLanguage("Rust".into()),
                ProgrammingLanguage("rust".into()),
                ProgrammingLanguage("Node.js".into()),
            ],
            difficulty: Difficulty::Hard,
            estimated_minutes: 240,
            locale: "es".into(),
        }
    }

    #[test]
    fn a_template_is_trimmed_and_its_languages_folded_once() {
        let checked = input().checked().unwrap();
        assert_eq!(checked.title.as_deref(), Some("API de pagos"));
        assert_eq!(checked.languages, Some(vec![Some("rust".into()), Some("node.js".into())]));
    }

    #[test]
    fn every_bad_field_of_a_template_is_named() {
        let bad = ChallengeInput {
            title: "  ".into(),
            description: "d".repeat(5001),
            languages: vec![ProgrammingLanguage("c plus".into())],
            estimated_minutes: 14,
            locale: "pt".into(),
            ..input()
        };
        assert_eq!(
            fields_of(bad.checked().unwrap_err()),
            ["title", "description", "languages[0]", "locale", "estimated_minutes"]
        );
        let none = ChallengeInput { languages: vec![], estimated_minutes: 2881, ..input() };
        assert_eq!(fields_of(none.checked().unwrap_err()), ["languages", "estimated_minutes"]);
        assert!(ChallengeInput { estimated_minutes: 2880, ..input() }.checked().is_ok());
        assert!(ChallengeInput { estimated_minutes: 15, ..input() }.checked().is_ok());
    }
}
