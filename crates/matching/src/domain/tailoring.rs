//! A CV tailored to one posting, from the CV's own words only: requirement by requirement (must
//! first) the jobs and lines of the CV that show it, what the CV does not show, where the CV names
//! a skill differently from the posting, and a proposed order of the whole CV (a summary built
//! from the CV's facts, jobs by relevance, skills asked for first).
//!
//! Nothing is invented: every line proposed is a line of the CV (corrections included), trimmed
//! of its bullet; the only words added are the fixed phrases of the summary and the reasons, and
//! a skill the CV has may be named as the posting names it (the same canonical skill).

use cv::CvProfile;
use cv::analysis::Taxonomy;
use kernel::text::fold;

use super::analysis::Requirement;
use super::postings::RequirementKind;

mod answer;
#[cfg(test)]
mod tests;

pub use answer::{
    AskedSkill, Coverage, EvidenceLine, FactKind, Gap, JobRef, Proposal, ProposedExperience, ProposedSkill,
    ProposedSummary, RequirementFit, RequirementSource, SummaryFact, Tailoring, WordingGap,
};

/// The posting a CV is tailored to.
#[derive(Debug, Clone, Copy)]
pub struct Posting<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// es or en.
    pub language: &'a str,
    pub requirements: &'a [Requirement],
    /// The canonical title, when known.
    pub normalized_title: Option<&'a str>,
}

/// A line of the CV and the CV's skills it names, with the words it uses for each.
struct CvLine<'p> {
    section: &'p str,
    job: Option<usize>,
    text: &'p str,
    skills: Vec<(String, String)>,
}

impl CvLine<'_> {
    fn names(&self, id: &str) -> bool {
        self.skills.iter().any(|(skill, _)| skill == id)
    }

    /// The words this line uses for the skill, when it names it.
    fn written(&self, id: &str) -> Option<String> {
        self.skills.iter().find(|(skill, _)| skill == id).map(|(_, written)| written.clone())
    }
}

/// What the posting asks for, skill by skill, with the posting's words and the strongest kind.
struct Asked {
    id: String,
    term: String,
    kind: RequirementKind,
}

const MAX_EVIDENCE: usize = 4;
const SUMMARY_SKILLS: usize = 3;

/// A line without its bullet and surrounding spaces: still a piece of the CV's text.
fn trimmed(line: &str) -> &str {
    line.trim().trim_start_matches(['•', '-', '*', '·', '–', '—', '▪', '◦', '●', '►', '>']).trim()
}

fn weight(kind: RequirementKind) -> f64 {
    if kind == RequirementKind::Must { 2.0 } else { 1.0 }
}

/// Every line of the CV that can show a skill: each job's title and description, the summary
/// and the sections other than experience (read from the jobs), profile (the summary), contact
/// and references (someone else's). A skill whose name is also a common word ("Go", "Ventas")
/// counts outside a skills list only when the CV's skills have it.
fn cv_lines<'p>(profile: &'p CvProfile, taxonomy: &Taxonomy) -> Vec<CvLine<'p>> {
    let has = |id: &str| profile.skills.iter().any(|s| s.id == id);
    let line = |section: &'p str, job: Option<usize>, text: &'p str| CvLine {
        section,
        job,
        text,
        skills: taxonomy
            .find_in(text, true)
            .into_iter()
            .filter(|found| !found.skill.ambiguous || section == "skills" || has(&found.skill.id))
            .map(|found| (found.skill.id.clone(), found.written))
            .collect(),
    };
    let mut lines = Vec::new();
    for (position, job) in profile.experiences.iter().enumerate() {
        let title = job.title.as_deref().into_iter();
        for text in title.chain(job.description.lines()).map(trimmed).filter(|t| !t.is_empty()) {
            lines.push(line("experience", Some(position), text));
        }
    }
    let summary = profile.summary.as_deref().unwrap_or_default().lines();
    lines.extend(summary.map(trimmed).filter(|t| !t.is_empty()).map(|text| line("summary", None, text)));
    for (kind, content) in &profile.sections {
        if matches!(kind.as_str(), "experience" | "profile" | "contact" | "references") {
            continue;
        }
        lines.extend(content.lines().map(trimmed).filter(|t| !t.is_empty()).map(|text| line(kind, None, text)));
    }
    lines
}

/// Whether the CV shows a skill: its skills have it, or one of its lines names it.
fn shows(id: &str, lines: &[CvLine<'_>], profile: &CvProfile) -> bool {
    profile.skills.iter().any(|s| s.id == id) || lines.iter().any(|l| l.names(id))
}

/// The words the CV uses for a skill: as its skills section writes it, else as any of its lines
/// does ("NIIF", "Ventas corporativas"), else its skills' name (a correction's, or the canonical).
fn cv_term(id: &str, lines: &[CvLine<'_>], profile: &CvProfile) -> Option<String> {
    let written_in =
        |listed: bool| lines.iter().filter(|l| !listed || l.section == "skills").find_map(|l| l.written(id));
    written_in(true)
        .or_else(|| written_in(false))
        .or_else(|| profile.skills.iter().find(|s| s.id == id).map(|s| s.name.clone()))
}

fn job_ref(profile: &CvProfile, position: usize) -> JobRef {
    let job = &profile.experiences[position];
    JobRef {
        position,
        title: job.title.clone(),
        company: job.company.clone(),
        start: job.start.clone(),
        end: job.end.clone(),
    }
}

/// Tailors the CV to the posting. `taxonomy` reads skills in both (the shipped one in use).
pub fn tailor(profile: &CvProfile, posting: &Posting<'_>, taxonomy: &Taxonomy) -> Tailoring {
    let spanish = profile.language != "en";
    let same_language = profile.language == posting.language;
    let lines = &cv_lines(profile, taxonomy);
    let mut asked: Vec<Asked> = Vec::new();

    let mut ordered: Vec<&Requirement> =
        posting.requirements.iter().filter(|r| r.kind == RequirementKind::Must).collect();
    ordered.extend(posting.requirements.iter().filter(|r| r.kind == RequirementKind::Nice));
    let mut requirements = Vec::new();
    for requirement in ordered {
        let skills: Vec<(String, String)> = taxonomy
            .find_in(&requirement.text, true)
            .into_iter()
            .map(|found| (found.skill.id.clone(), found.written))
            .collect();
        for (id, term) in &skills {
            note(&mut asked, id, term, requirement.kind);
        }
        let years = requirement.years.or_else(|| super::analysis::years_in(&requirement.text));
        requirements.push(fit_of(
            &requirement.text,
            requirement.kind,
            RequirementSource::Requirement,
            years,
            skills,
            (profile, lines),
        ));
    }
    let named_by_requirements: Vec<String> = asked.iter().map(|a| a.id.clone()).collect();
    // The description's skills, not the title's: a title names the role ("Ingeniero Civil"), which
    // the jobs' canonical titles meet, not a skill to put in a summary.
    for found in taxonomy.find_in(posting.description, false) {
        if named_by_requirements.contains(&found.skill.id) {
            continue;
        }
        note(&mut asked, &found.skill.id, &found.written, RequirementKind::Nice);
        let skills = vec![(found.skill.id.clone(), found.written.clone())];
        let source = RequirementSource::Description;
        requirements.push(fit_of(&found.written, RequirementKind::Nice, source, None, skills, (profile, lines)));
    }

    let gaps = requirements
        .iter()
        .filter(|r| matches!(r.coverage, Coverage::NotShown | Coverage::PartlyShown))
        .map(|r| Gap {
            requirement: r.requirement.clone(),
            kind: r.kind,
            missing: r.skills.iter().filter(|s| !s.in_cv).map(|s| s.posting_term.clone()).collect(),
        })
        .collect();
    let wording_gaps = if same_language { wording_gaps(&requirements, lines) } else { Vec::new() };

    let held_of_kind =
        |kind: RequirementKind| asked.iter().filter(move |a| a.kind == kind && shows(&a.id, lines, profile));
    let mut skills: Vec<ProposedSkill> = held_of_kind(RequirementKind::Must)
        .chain(held_of_kind(RequirementKind::Nice))
        .map(|a| {
            let cv_name = cv_term(&a.id, lines, profile).unwrap_or_default();
            // The posting's words only where both speak one language: else it is a translation.
            let name = if same_language { a.term.clone() } else { cv_name.clone() };
            ProposedSkill { id: a.id.clone(), name, cv_name, asked: Some(a.kind) }
        })
        .collect();
    for skill in &profile.skills {
        if !skills.iter().any(|s| s.id == skill.id) {
            let cv_name = cv_term(&skill.id, lines, profile).unwrap_or_else(|| skill.name.clone());
            skills.push(ProposedSkill { id: skill.id.clone(), name: cv_name.clone(), cv_name, asked: None });
        }
    }

    let experiences = ranked_experiences(profile, posting, &asked, lines, same_language, spanish);
    let summary = summary(profile, &skills, spanish);
    Tailoring {
        language: if spanish { "es" } else { "en" }.to_owned(),
        requirements,
        gaps,
        wording_gaps,
        proposal: Proposal { summary, experiences, skills },
    }
}

/// Notes a skill the posting asks for; asked again, a must-have stays one.
fn note(asked: &mut Vec<Asked>, id: &str, term: &str, kind: RequirementKind) {
    match asked.iter_mut().find(|a| a.id == id) {
        Some(known) if kind == RequirementKind::Must => known.kind = kind,
        Some(_) => {}
        None => asked.push(Asked { id: id.to_owned(), term: term.to_owned(), kind }),
    }
}

/// How the CV meets one requirement naming `skills` (id, posting's words).
fn fit_of(
    requirement: &str,
    kind: RequirementKind,
    source: RequirementSource,
    years: Option<u8>,
    skills: Vec<(String, String)>,
    (profile, lines): (&CvProfile, &[CvLine<'_>]),
) -> RequirementFit {
    let asked: Vec<AskedSkill> = skills
        .into_iter()
        .map(|(id, posting_term)| {
            let in_cv = shows(&id, lines, profile);
            AskedSkill { cv_term: if in_cv { cv_term(&id, lines, profile) } else { None }, in_cv, id, posting_term }
        })
        .collect();
    let held = asked.iter().filter(|s| s.in_cv).count();
    let coverage = match held {
        _ if asked.is_empty() => Coverage::NotRecognized,
        0 => Coverage::NotShown,
        n if n == asked.len() => Coverage::Shown,
        _ => Coverage::PartlyShown,
    };
    let showing = |line: &&CvLine<'_>| asked.iter().any(|s| s.in_cv && line.names(&s.id));
    let jobs_first = lines
        .iter()
        .filter(showing)
        .filter(|l| l.job.is_some())
        .chain(lines.iter().filter(showing).filter(|l| l.job.is_none()));
    let mut evidence: Vec<EvidenceLine> = Vec::new();
    for line in jobs_first {
        if evidence.len() < MAX_EVIDENCE && !evidence.iter().any(|e| e.line == line.text) {
            evidence.push(EvidenceLine {
                section: line.section.to_owned(),
                experience: line.job.map(|position| job_ref(profile, position)),
                line: line.text.to_owned(),
            });
        }
    }
    // A skill the person added by correction may appear in no line: its name in their skills
    // list is the CV's own evidence.
    for skill in asked.iter().filter(|s| s.in_cv && !lines.iter().any(|l| l.names(&s.id))) {
        if let Some(listed) = profile.skills.iter().find(|p| p.id == skill.id)
            && evidence.len() < MAX_EVIDENCE
        {
            evidence.push(EvidenceLine { section: "skills".into(), experience: None, line: listed.name.clone() });
        }
    }
    RequirementFit { requirement: requirement.to_owned(), kind, source, coverage, years, skills: asked, evidence }
}

/// The skills the CV writes, but never as the posting does, once each. Only words a line of the
/// CV writes count: a skills list's canonical name ("NIIF" for a correction that said "IFRS") is
/// not the person's wording.
fn wording_gaps(requirements: &[RequirementFit], lines: &[CvLine<'_>]) -> Vec<WordingGap> {
    let mut gaps: Vec<WordingGap> = Vec::new();
    for requirement in requirements {
        for skill in requirement.skills.iter().filter(|s| s.in_cv) {
            let wanted = fold(&skill.posting_term);
            let naming: Vec<&CvLine<'_>> = lines.iter().filter(|l| l.names(&skill.id)).collect();
            let Some(cv_term) = naming.iter().find_map(|l| l.written(&skill.id)) else { continue };
            // A line holding the posting's words already speaks its language ("Elaboración de
            // estados financieros" for "Estados financieros").
            let worded_alike = naming.iter().any(|l| fold(l.text).contains(&wanted));
            if worded_alike || gaps.iter().any(|g| g.skill_id == skill.id) {
                continue;
            }
            gaps.push(WordingGap {
                skill_id: skill.id.clone(),
                posting_term: skill.posting_term.clone(),
                cv_term,
                requirement: requirement.requirement.clone(),
            });
        }
    }
    gaps
}

/// Every job of the CV, the ones showing most of what the posting asks first (then the same
/// title, then the most recent), each with its lines split into highlighted and others.
fn ranked_experiences(
    profile: &CvProfile,
    posting: &Posting<'_>,
    asked: &[Asked],
    lines: &[CvLine<'_>],
    same_language: bool,
    spanish: bool,
) -> Vec<ProposedExperience> {
    let total: f64 = asked.iter().map(|a| weight(a.kind)).sum();
    let mut ranked: Vec<ProposedExperience> = profile
        .experiences
        .iter()
        .enumerate()
        .map(|(position, job)| {
            let own: Vec<&CvLine<'_>> = lines.iter().filter(|l| l.job == Some(position)).collect();
            let shown: Vec<&Asked> = asked.iter().filter(|a| own.iter().any(|l| l.names(&a.id))).collect();
            let covered: f64 = shown.iter().map(|a| weight(a.kind)).sum();
            let relevance = if total > 0.0 { ((covered / total) * 1000.0).round() / 1000.0 } else { 0.0 };
            let same_title =
                matches!((job.normalized_title.as_deref(), posting.normalized_title), (Some(a), Some(b)) if a == b);
            // The line's strongest ask: 2 for a must-have, 1 for a plus, 0 for none.
            let strength = |text: &str| -> f64 {
                own.iter()
                    .filter(|l| l.text == text)
                    .flat_map(|l| asked.iter().filter(|a| l.names(&a.id)).map(|a| weight(a.kind)))
                    .fold(0.0, f64::max)
            };
            let description: Vec<&str> = job.description.lines().map(trimmed).filter(|t| !t.is_empty()).collect();
            let mut highlighted: Vec<&str> = description.iter().copied().filter(|t| strength(t) > 0.0).collect();
            highlighted.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
            let other_lines = description.iter().filter(|t| strength(t) == 0.0).map(|t| (*t).to_owned()).collect();
            let shows: Vec<String> = shown
                .iter()
                .map(
                    |a| if same_language { a.term.clone() } else { cv_term(&a.id, lines, profile).unwrap_or_default() },
                )
                .collect();
            ProposedExperience {
                job: job_ref(profile, position),
                relevance,
                same_title,
                reason: reason(&shows, same_title, spanish),
                shows,
                highlighted_lines: highlighted.into_iter().map(str::to_owned).collect(),
                other_lines,
            }
        })
        .collect();
    let key = |e: &ProposedExperience| e.relevance + if e.same_title { 0.1 } else { 0.0 };
    let recency = |e: &ProposedExperience| (e.job.end.is_none(), e.job.end.clone(), e.job.start.clone());
    ranked.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| recency(b).cmp(&recency(a))));
    ranked
}

fn reason(shows: &[String], same_title: bool, spanish: bool) -> String {
    let mut parts = Vec::new();
    if same_title {
        parts.push(if spanish {
            "Mismo cargo que el puesto".to_owned()
        } else {
            "Same role as the posting".to_owned()
        });
    }
    if !shows.is_empty() {
        let list = shows.join(", ");
        parts.push(if spanish { format!("muestra {list}") } else { format!("shows {list}") });
    }
    if parts.is_empty() {
        return if spanish {
            "No muestra lo que pide el puesto".to_owned()
        } else {
            "Shows nothing the posting asks for".to_owned()
        };
    }
    let text = parts.join("; ");
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "Analista Contable con 6 años de experiencia en NIIF, SAP FI y Contabilidad.": the latest
/// job's title, whole years, and up to three skills the posting asks for that the CV has.
fn summary(profile: &CvProfile, skills: &[ProposedSkill], spanish: bool) -> ProposedSummary {
    let mut facts = Vec::new();
    let latest = profile
        .experiences
        .iter()
        .filter(|job| job.title.is_some())
        .max_by(|a, b| (a.end.is_none(), &a.end, &a.start).cmp(&(b.end.is_none(), &b.end, &b.start)));
    let title = latest.and_then(|job| job.title.clone());
    if let Some(title) = &title {
        facts.push(SummaryFact { kind: FactKind::Title, value: title.clone(), cv_text: title.clone() });
    }
    let years = profile.total_experience_years.floor() as u32;
    if years >= 1 {
        let cv_text = profile.total_experience_years.to_string();
        facts.push(SummaryFact { kind: FactKind::Years, value: years.to_string(), cv_text });
    }
    let chosen: Vec<&ProposedSkill> = skills.iter().filter(|s| s.asked.is_some()).take(SUMMARY_SKILLS).collect();
    for skill in &chosen {
        facts.push(SummaryFact { kind: FactKind::Skill, value: skill.name.clone(), cv_text: skill.cv_name.clone() });
    }
    if facts.is_empty() {
        return ProposedSummary { text: String::new(), facts };
    }
    let names: Vec<&str> = chosen.iter().map(|s| s.name.as_str()).collect();
    let list = match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), if spanish { "y" } else { "and" }),
    };
    let who = title.unwrap_or_else(|| if spanish { "Profesional" } else { "Professional" }.to_owned());
    let text = match (spanish, years, list.is_empty()) {
        (true, 0, true) => format!("{who}."),
        (true, 0, false) => format!("{who} con experiencia en {list}."),
        (true, 1, true) => format!("{who} con 1 año de experiencia."),
        (true, 1, false) => format!("{who} con 1 año de experiencia en {list}."),
        (true, n, true) => format!("{who} con {n} años de experiencia."),
        (true, n, false) => format!("{who} con {n} años de experiencia en {list}."),
        (false, 0, true) => format!("{who}."),
        (false, 0, false) => format!("{who} with experience in {list}."),
        (false, 1, true) => format!("{who} with 1 year of experience."),
        (false, 1, false) => format!("{who} with 1 year of experience in {list}."),
        (false, n, true) => format!("{who} with {n} years of experience."),
        (false, n, false) => format!("{who} with {n} years of experience in {list}."),
    };
    ProposedSummary { text, facts }
}
