//! A person's corrections of what the parser found (their right to rectification). Corrections are
//! kept apart from the parser's output and laid over it whenever the CV is read, so parsing the CV
//! again never loses them; the skills rows and vectors are built from the corrected view.

use kernel::AppError;
use kernel::text::fold;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::dates::{Period, Precision, YearMonth, latest_job, total_years};
use super::parse::seniority;
use super::skills::Taxonomy;
use super::titles::Titles;

/// Fields to correct; a field left out keeps its current value (parsed or corrected before).
/// Lists replace the parser's list as a whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactCorrections>,
    /// Blank removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 5000)]
    pub summary: Option<String>,
    /// Total years and seniority follow from these periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 60)]
    pub experience: Option<Vec<ExperienceCorrection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 30)]
    pub education: Option<Vec<EducationCorrection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 200)]
    pub skills: Option<Vec<SkillCorrection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 30)]
    pub languages: Option<Vec<LanguageCorrection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 60)]
    pub certifications: Option<Vec<CertificationCorrection>>,
}

/// Contact fields; blank removes one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactCorrections {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 40)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceCorrection {
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub company: Option<String>,
    /// `YYYY-MM`.
    #[schema(pattern = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")]
    pub start: String,
    /// `YYYY-MM`; left out or null while the job goes on.
    #[serde(default)]
    #[schema(pattern = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")]
    pub end: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EducationCorrection {
    #[schema(min_length = 1, max_length = 300)]
    pub degree: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub institution: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")]
    pub start: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")]
    pub end: Option<String>,
    #[serde(default)]
    pub level: Option<EducationLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    Secondary,
    Technical,
    Bachelor,
    Diploma,
    Master,
    Doctorate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillCorrection {
    /// A skill in Spanish or English ("Contabilidad", "Accounting"); a name the taxonomy does not
    /// know is kept as written.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 60)]
    pub years: Option<f64>,
    #[serde(default)]
    pub proficiency: Option<Proficiency>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Proficiency {
    Basic,
    Intermediate,
    Advanced,
    Expert,
}

impl Proficiency {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Basic => "basic",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
            Self::Expert => "expert",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageCorrection {
    #[schema(min_length = 1, max_length = 60)]
    pub name: String,
    /// A CEFR level or `Native`.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^(A1|A2|B1|B2|C1|C2|Native)$")]
    pub level: Option<super::languages::Level>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificationCorrection {
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    #[serde(default)]
    #[schema(minimum = 1950, maximum = 2100)]
    pub year: Option<i32>,
}

impl Corrections {
    /// These corrections with `newer` laid over them: contact field by field, lists whole.
    pub fn merged_with(self, newer: Corrections) -> Corrections {
        let contact = match (self.contact, newer.contact) {
            (Some(old), Some(new)) => Some(ContactCorrections {
                full_name: new.full_name.or(old.full_name),
                email: new.email.or(old.email),
                phone: new.phone.or(old.phone),
                location: new.location.or(old.location),
            }),
            (old, new) => new.or(old),
        };
        Corrections {
            contact,
            summary: newer.summary.or(self.summary),
            experience: newer.experience.or(self.experience),
            education: newer.education.or(self.education),
            skills: newer.skills.or(self.skills),
            languages: newer.languages.or(self.languages),
            certifications: newer.certifications.or(self.certifications),
        }
    }

    /// The rules the document cannot state: dates in order and not in the future, an email that
    /// looks like one, no skill twice.
    pub fn validate(&self, today: YearMonth) -> Result<(), AppError> {
        if let Some(email) = self.contact.as_ref().and_then(|c| c.email.as_deref()).map(str::trim)
            && !email.is_empty()
            && !looks_like_email(email)
        {
            return Err(AppError::invalid("contact.email", "invalid", "is not an email address"));
        }
        for (index, entry) in self.experience.iter().flatten().enumerate() {
            let field = format!("experience[{index}]");
            if entry.title.trim().is_empty() {
                return Err(AppError::invalid(&format!("{field}.title"), "required", "must not be blank"));
            }
            period_of(&field, Some(&entry.start), entry.end.as_deref(), today)?;
        }
        for (index, entry) in self.education.iter().flatten().enumerate() {
            let field = format!("education[{index}]");
            if entry.degree.trim().is_empty() {
                return Err(AppError::invalid(&format!("{field}.degree"), "required", "must not be blank"));
            }
            period_of(&field, entry.start.as_deref(), entry.end.as_deref(), today)?;
        }
        let mut seen = Vec::new();
        for (index, skill) in self.skills.iter().flatten().enumerate() {
            let key = fold(skill.name.trim());
            if key.is_empty() {
                return Err(AppError::invalid(&format!("skills[{index}].name"), "required", "must not be blank"));
            }
            if seen.contains(&key) {
                return Err(AppError::invalid(&format!("skills[{index}].name"), "duplicate", "is listed twice"));
            }
            seen.push(key);
        }
        for (list, names) in [
            ("languages", self.languages.iter().flatten().map(|l| l.name.as_str()).collect::<Vec<_>>()),
            ("certifications", self.certifications.iter().flatten().map(|c| c.name.as_str()).collect()),
        ] {
            if let Some(index) = names.iter().position(|n| n.trim().is_empty()) {
                return Err(AppError::invalid(&format!("{list}[{index}].name"), "required", "must not be blank"));
            }
        }
        Ok(())
    }

    /// The parser's `parsed` data with these corrections laid over it.
    pub fn apply(&self, parsed: &Value, taxonomy: &Taxonomy, today: YearMonth) -> Value {
        let mut data = parsed.clone();
        if !data.is_object() {
            data = json!({});
        }
        let blank_is_none = |text: &str| Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned);
        if let Some(contact) = &self.contact {
            let entry = data.as_object_mut().map(|o| o.entry("contact").or_insert_with(|| json!({})));
            if let Some(Value::Object(target)) = entry {
                for (field, value) in [
                    ("full_name", &contact.full_name),
                    ("email", &contact.email),
                    ("phone", &contact.phone),
                    ("location", &contact.location),
                ] {
                    if let Some(value) = value {
                        target.insert(field.into(), json!(blank_is_none(value)));
                    }
                }
            }
        }
        if let Some(summary) = &self.summary {
            data["summary"] = json!(blank_is_none(summary));
        }
        if let Some(experience) = &self.experience {
            let titles = Titles::shipped();
            let periods: Vec<Period> = experience
                .iter()
                .filter_map(|e| period_of("", Some(&e.start), e.end.as_deref(), today).ok()?)
                .collect();
            data["experience"] = experience
                .iter()
                .map(|e| {
                    json!({
                        "title": e.title.trim(),
                        "normalized_title": titles.normalize(&e.title).map(|t| t.name_en.clone()),
                        "company": e.company.as_deref().and_then(blank_is_none),
                        "start": e.start,
                        "end": e.end,
                        "current": e.end.is_none(),
                        "description": e.description.clone().unwrap_or_default(),
                    })
                })
                .collect();
            let total = total_years(&periods, today);
            data["total_experience_years"] = json!(total);
            let latest = latest_job(experience.iter().map(|e| (e.start.as_str(), e.end.as_deref())));
            data["seniority"] = json!(seniority(latest.map(|i| experience[i].title.as_str()), total, titles));
        }
        if let Some(education) = &self.education {
            data["education"] = education
                .iter()
                .map(|e| {
                    json!({
                        "degree": e.degree.trim(),
                        "institution": e.institution.as_deref().and_then(blank_is_none),
                        "start": e.start,
                        "end": e.end,
                        "level": e.level,
                    })
                })
                .collect();
        }
        if let Some(skills) = &self.skills {
            data["skills"] = skills.iter().map(|s| skill_entry(s, taxonomy)).collect();
        }
        if let Some(languages) = &self.languages {
            data["languages"] = languages.iter().map(|l| json!({ "name": l.name.trim(), "level": l.level })).collect();
        }
        if let Some(certifications) = &self.certifications {
            data["certifications"] =
                certifications.iter().map(|c| json!({ "name": c.name.trim(), "year": c.year })).collect();
        }
        data
    }
}

/// A corrected skill as the parsed data writes skills: canonical when the taxonomy knows the name.
fn skill_entry(skill: &SkillCorrection, taxonomy: &Taxonomy) -> Value {
    let name = skill.name.trim();
    let known = taxonomy.find_in(name, true).into_iter().next().filter(|found| found.surface == fold(name));
    let (id, canonical, category) = match known {
        Some(found) => (found.skill.id.clone(), found.skill.name_es.clone(), found.skill.category.clone()),
        None => (format!("custom:{}", fold(name)), name.to_owned(), "other".to_owned()),
    };
    json!({
        "id": id,
        "name": canonical,
        "category": category,
        "source": "user",
        "years": skill.years,
        "proficiency": skill.proficiency.map(Proficiency::as_str),
        "confidence": 1.0,
    })
}

fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

fn month(field: &str, text: &str) -> Result<YearMonth, AppError> {
    let parsed = text.split_once('-').and_then(|(y, m)| {
        (y.len() == 4 && m.len() == 2).then(|| YearMonth::new(y.parse().ok()?, m.parse().ok()?)).flatten()
    });
    parsed.ok_or_else(|| AppError::invalid(field, "invalid", "must be a month as YYYY-MM"))
}

/// The period of an entry; `start` is `None` only for studies without dates.
fn period_of(
    field: &str,
    start: Option<&str>,
    end: Option<&str>,
    today: YearMonth,
) -> Result<Option<Period>, AppError> {
    let start = start.map(|s| month(&format!("{field}.start"), s)).transpose()?;
    let end = end.map(|e| month(&format!("{field}.end"), e)).transpose()?;
    for (name, value) in [("start", start), ("end", end)] {
        if value.is_some_and(|v| v > today) {
            return Err(AppError::invalid(&format!("{field}.{name}"), "in_the_future", "must not be after this month"));
        }
    }
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        return Err(AppError::invalid(&format!("{field}.end"), "before_start", "must not be before the start"));
    }
    Ok(start.map(|start| Period { start, end, precision: Precision::Month }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> YearMonth {
        YearMonth::new(2026, 11).unwrap()
    }

    fn job(start: &str, end: Option<&str>) -> ExperienceCorrection {
        ExperienceCorrection {
            title: "Contadora".into(),
            company: Some("Alicorp".into()),
            start: start.into(),
            end: end.map(str::to_owned),
            description: None,
        }
    }

    #[test]
    fn newer_corrections_win_field_by_field() {
        let older = Corrections {
            contact: Some(ContactCorrections {
                full_name: Some("Ana Quispe".into()),
                phone: Some("+51987654321".into()),
                ..Default::default()
            }),
            summary: Some("Contadora".into()),
            ..Default::default()
        };
        let newer = Corrections {
            contact: Some(ContactCorrections { phone: Some(String::new()), ..Default::default() }),
            ..Default::default()
        };
        let merged = older.merged_with(newer);
        let contact = merged.contact.unwrap();
        assert_eq!(contact.full_name.as_deref(), Some("Ana Quispe"));
        assert_eq!(contact.phone.as_deref(), Some(""));
        assert_eq!(merged.summary.as_deref(), Some("Contadora"));
    }

    #[test]
    fn corrections_lie_over_the_parsed_data_and_years_follow_the_periods() {
        let parsed = json!({
            "contact": {"full_name": "CURRICULUM VITAE", "email": "ana@x.pe", "phone": "+51987654321"},
            "experience": [{"title": "Analista", "start": "2020-01", "end": null, "current": true}],
            "total_experience_years": 6.8,
            "skills": [{"id": "excel", "name": "Excel", "source": "listed"}],
        });
        let corrections = Corrections {
            contact: Some(ContactCorrections {
                full_name: Some("Ana Lucía Quispe".into()),
                phone: Some(" ".into()),
                ..Default::default()
            }),
            experience: Some(vec![job("2019-01", Some("2020-12")), job("2020-07", None)]),
            skills: Some(vec![
                SkillCorrection {
                    name: "contabilidad".into(),
                    years: Some(5.0),
                    proficiency: Some(Proficiency::Expert),
                },
                SkillCorrection { name: "Tejido a crochet".into(), years: None, proficiency: None },
            ]),
            ..Default::default()
        };
        let data = corrections.apply(&parsed, Taxonomy::shipped(), today());
        assert_eq!(data["contact"]["full_name"], "Ana Lucía Quispe");
        assert_eq!(data["contact"]["email"], "ana@x.pe");
        assert_eq!(data["contact"]["phone"], Value::Null);
        // 2019-01 .. 2026-10, overlaps once: 94 months.
        assert_eq!(data["total_experience_years"], 7.8);
        assert_eq!(data["experience"][1]["current"], true);
        assert_eq!(data["experience"][1]["normalized_title"], "Accountant");
        assert_eq!(data["seniority"], "mid", "the latest title, Contadora, is a mid-level title");
        assert_eq!(data["skills"][0]["source"], "user");
        assert_eq!(data["skills"][0]["proficiency"], "expert");
        assert!(!data["skills"][0]["id"].as_str().unwrap().starts_with("custom:"));
        assert_eq!(data["skills"][1]["id"], "custom:tejido a crochet");
        assert_eq!(data["skills"][1]["category"], "other");
    }

    #[test]
    fn impossible_corrections_are_refused_naming_the_field() {
        let field_of = |corrections: Corrections| match corrections.validate(today()) {
            Err(AppError::Validation(errors)) => errors[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        };
        let with_jobs = |jobs| Corrections { experience: Some(jobs), ..Default::default() };
        assert_eq!(field_of(with_jobs(vec![job("2021-05", Some("2020-01"))])), "experience[0].end");
        assert_eq!(field_of(with_jobs(vec![job("2019-01", None), job("2027-01", None)])), "experience[1].start");
        assert_eq!(field_of(with_jobs(vec![job("2019-13", None)])), "experience[0].start");
        let email = ContactCorrections { email: Some("ana at x.pe".into()), ..Default::default() };
        assert_eq!(field_of(Corrections { contact: Some(email), ..Default::default() }), "contact.email");
        let twice = ["Excel", "excel"]
            .map(|name| SkillCorrection { name: name.into(), years: None, proficiency: None })
            .to_vec();
        assert_eq!(field_of(Corrections { skills: Some(twice), ..Default::default() }), "skills[1].name");
        assert!(with_jobs(vec![job("2019-01", Some("2019-01"))]).validate(today()).is_ok());
    }
}
