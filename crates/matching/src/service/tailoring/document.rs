//! A tailored CV as a sequence of blocks in the CV's language (name, contact, headings, jobs with
//! their lines, skills, education), so that the PDF and the DOCX writers lay out the same thing.

use cv::CvProfile;

use crate::domain::tailoring::Tailoring;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// The person's name.
    Name(String),
    /// Email, phone, place and links on one line.
    Contact(String),
    Heading(String),
    /// A job or a degree: "Analista Contable — Alicorp S.A.A."
    Entry(String),
    /// Its period: "2020-01 – actualidad".
    Period(String),
    Bullet(String),
    Paragraph(String),
}

impl Block {
    pub(super) fn text(&self) -> &str {
        match self {
            Self::Name(text)
            | Self::Contact(text)
            | Self::Heading(text)
            | Self::Entry(text)
            | Self::Period(text)
            | Self::Bullet(text)
            | Self::Paragraph(text) => text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Document {
    pub blocks: Vec<Block>,
}

fn joined(parts: &[Option<&str>], separator: &str) -> Option<String> {
    let present: Vec<&str> = parts.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    (!present.is_empty()).then(|| present.join(separator))
}

/// A period as the CV dates it: "2020-01 – 2023-06", or "2020-01 – actualidad" when it goes on;
/// studies dated only by their end show the end alone.
fn period(start: Option<&str>, end: Option<&str>, ongoing: Option<&str>) -> Option<String> {
    match (start, end.or(ongoing)) {
        (Some(start), Some(end)) => Some(format!("{start} – {end}")),
        (None, Some(end)) => Some(end.to_owned()),
        (_, None) => None,
    }
}

impl Document {
    /// The CV in the proposed order: the proposed summary (the CV's own when none could be
    /// built), every job most relevant first with its highlighted lines first, the skills asked
    /// for first, then the education as the CV lists it.
    pub(super) fn of(profile: &CvProfile, tailoring: &Tailoring) -> Document {
        let spanish = tailoring.language != "en";
        let words = |es: &'static str, en: &'static str| if spanish { es } else { en };
        let ongoing = words("actualidad", "present");
        let mut blocks = Vec::new();
        let contact = &profile.contact;
        if let Some(name) = contact.full_name.as_deref().filter(|n| !n.trim().is_empty()) {
            blocks.push(Block::Name(name.trim().to_owned()));
        }
        let mut reach = vec![contact.email.as_deref(), contact.phone.as_deref(), contact.location.as_deref()];
        reach.extend(contact.links.iter().map(|l| Some(l.as_str())));
        blocks.extend(joined(&reach, " · ").map(Block::Contact));

        let proposal = &tailoring.proposal;
        let summary = Some(proposal.summary.text.as_str()).filter(|s| !s.is_empty()).or(profile.summary.as_deref());
        if let Some(summary) = summary {
            blocks.push(Block::Heading(words("Resumen", "Summary").into()));
            blocks.extend(summary.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Block::Paragraph(l.into())));
        }
        if !proposal.experiences.is_empty() {
            blocks.push(Block::Heading(words("Experiencia", "Experience").into()));
            for job in &proposal.experiences {
                let entry = joined(&[job.job.title.as_deref(), job.job.company.as_deref()], " — ");
                blocks.extend(entry.map(Block::Entry));
                let start = Some(job.job.start.as_str()).filter(|s| !s.is_empty());
                blocks.extend(period(start, job.job.end.as_deref(), Some(ongoing)).map(Block::Period));
                let lines = job.highlighted_lines.iter().chain(&job.other_lines);
                blocks.extend(lines.map(|line| Block::Bullet(line.clone())));
            }
        }
        if !proposal.skills.is_empty() {
            blocks.push(Block::Heading(words("Habilidades", "Skills").into()));
            let names: Vec<&str> = proposal.skills.iter().map(|s| s.name.as_str()).collect();
            blocks.push(Block::Paragraph(names.join(", ")));
        }
        if !profile.education.is_empty() {
            blocks.push(Block::Heading(words("Educación", "Education").into()));
            for study in &profile.education {
                blocks
                    .extend(joined(&[study.degree.as_deref(), study.institution.as_deref()], " — ").map(Block::Entry));
                // A study with no end may be unfinished or undated: its start alone says little.
                blocks.extend(period(study.start.as_deref(), study.end.as_deref(), None).map(Block::Period));
            }
        }
        Document { blocks }
    }
}
