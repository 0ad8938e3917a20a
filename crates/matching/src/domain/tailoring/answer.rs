//! What a tailoring answers: the requirements with the CV's evidence, the gaps, the wording gaps
//! and the proposed CV.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::postings::RequirementKind;

/// A CV tailored to a posting.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Tailoring {
    /// es or en: the CV's language, which the fixed phrases are written in.
    pub language: String,
    /// Requirement by requirement, must first, then nice, then the skills only the description
    /// names (as pluses): what in the CV shows it.
    pub requirements: Vec<RequirementFit>,
    /// The requirements the CV does not show, or shows in part, must first.
    pub gaps: Vec<Gap>,
    /// Skills the CV has under other words than the posting's (same canonical skill): reword
    /// them with the posting's vocabulary. Only when the posting is in the CV's language.
    pub wording_gaps: Vec<WordingGap>,
    pub proposal: Proposal,
}

/// Where a requirement of the posting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RequirementSource {
    /// One of the posting's requirements.
    Requirement,
    /// A skill only the title or description names (a plus).
    Description,
}

/// How much of a requirement the CV shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The CV has every skill it names.
    Shown,
    /// Some of them.
    PartlyShown,
    /// None of them.
    NotShown,
    /// It names no skill the platform knows ("disponibilidad para viajar"): judge it yourself.
    NotRecognized,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RequirementFit {
    /// The requirement as the posting writes it (for the description's skills, the skill as the
    /// posting writes it).
    pub requirement: String,
    pub kind: RequirementKind,
    pub source: RequirementSource,
    pub coverage: Coverage,
    /// Years of experience it asks for, when it says.
    pub years: Option<u8>,
    /// The canonical skills it names.
    pub skills: Vec<AskedSkill>,
    /// The CV's own lines that show it: lines of jobs first (with the job), then of other
    /// sections. At most four.
    pub evidence: Vec<EvidenceLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AskedSkill {
    /// The canonical skill id.
    pub id: String,
    /// The words the posting uses for it.
    pub posting_term: String,
    /// The words the CV uses for it, when the CV has it.
    pub cv_term: Option<String>,
    /// The CV's skills have it, or one of its lines names it.
    pub in_cv: bool,
}

/// A line of the CV, as written (only a leading bullet and spaces trimmed).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EvidenceLine {
    /// experience, summary, skills, education, certifications, … (the CV section it is in).
    pub section: String,
    /// The job the line belongs to, for lines of the experience.
    pub experience: Option<JobRef>,
    pub line: String,
}

/// One of the CV's jobs, as the CV writes it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct JobRef {
    /// Its place in the CV's list of jobs (0 first).
    pub position: usize,
    pub title: Option<String>,
    pub company: Option<String>,
    /// `YYYY-MM`.
    pub start: String,
    /// `YYYY-MM`; null while it goes on.
    pub end: Option<String>,
}

/// A requirement the CV does not show, or shows in part.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Gap {
    pub requirement: String,
    pub kind: RequirementKind,
    /// The skills it names that the CV lacks, in the posting's words.
    pub missing: Vec<String>,
}

/// A skill the CV has, named otherwise than in the posting.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WordingGap {
    /// The canonical skill id both words mean.
    pub skill_id: String,
    /// "IFRS"
    pub posting_term: String,
    /// "NIIF"
    pub cv_term: String,
    /// Where the posting asks for it.
    pub requirement: String,
}

/// The whole CV in the proposed order.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Proposal {
    pub summary: ProposedSummary,
    /// Every job of the CV, most relevant to the posting first.
    pub experiences: Vec<ProposedExperience>,
    /// The skills the posting asks for that the CV shows, must first (also those only a line of
    /// the CV names: list them), then the CV's other skills.
    pub skills: Vec<ProposedSkill>,
}

/// A summary line made only of facts of the CV, in fixed phrases of its language.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProposedSummary {
    /// Empty when the CV gives no title, years nor skills to build it from.
    pub text: String,
    /// The facts it is built from.
    pub facts: Vec<SummaryFact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// The latest job's title.
    Title,
    /// Whole years of experience (the CV's total, rounded down).
    Years,
    /// A skill the CV has that the posting asks for.
    Skill,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SummaryFact {
    pub kind: FactKind,
    /// As the summary writes it.
    pub value: String,
    /// As the CV has it (a skill the posting names otherwise keeps the CV's words here).
    pub cv_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProposedExperience {
    #[serde(flatten)]
    pub job: JobRef,
    /// 0 to 1: the share of the posting's skills the job shows, must-haves weighing double.
    pub relevance: f64,
    /// The job's canonical title is the posting's.
    pub same_title: bool,
    /// The posting's skills the job shows, in the posting's words.
    pub shows: Vec<String>,
    /// Why it is placed there, in the CV's language.
    pub reason: String,
    /// The job's lines that show what the posting asks for, must-haves first: put them first.
    pub highlighted_lines: Vec<String>,
    /// The job's other lines, in the CV's order.
    pub other_lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProposedSkill {
    pub id: String,
    /// The name to write: the posting's words for a skill it asks for (when the posting is in
    /// the CV's language), else the CV's.
    pub name: String,
    /// How the CV names it.
    pub cv_name: String,
    /// must or nice when the posting asks for it.
    pub asked: Option<RequirementKind>,
}
