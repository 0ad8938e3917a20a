//! Tailoring on hundreds of generated CVs and postings: whatever they hold, nothing is invented.

use super::*;

/// A small deterministic generator, so failures reproduce.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const TITLES: &[&str] = &[
    "Analista Contable",
    "Contador General",
    "Enfermera Asistencial",
    "Staff Nurse",
    "Backend Developer",
    "Desarrollador Python",
    "Ejecutivo de Ventas",
    "Sales Manager",
    "Ingeniero Civil",
    "Residente de Obra",
];
const LINES: &[&str] = &[
    "• Estados financieros bajo NIIF",
    "- Cierre contable mensual",
    "Declaraciones a SUNAT y PDT 621",
    "Conciliaciones bancarias en SAP FI",
    "Administración de medicamentos por vía endovenosa",
    "Triaje de emergencia",
    "Control de signos vitales",
    "Built REST APIs with Python and Django",
    "Tuned postgres queries; Docker images",
    "Deployed to Kubernetes with CI/CD",
    "Ventas corporativas a cuentas clave",
    "Pipeline de ventas en Salesforce",
    "B2B sales to mining companies",
    "Metrados y presupuestos en S10",
    "Planos en AutoCAD Civil 3D",
    "Supervisión de obra",
    "Atención al cliente",
    "  * Reportes en Power BI y Excel avanzado  ",
    "Trabajo en equipo",
    "Led a team of 5",
    "",
];
const REQUIREMENTS: &[&str] = &[
    "Contabilidad bajo IFRS",
    "3 años en SAP FI",
    "Excel avanzado",
    "Power BI",
    "Medication administration",
    "Triage",
    "BLS",
    "Python y PostgreSQL",
    "Kubernetes",
    "Experiencia en ventas B2B",
    "Salesforce o HubSpot",
    "Metrados",
    "AutoCAD",
    "Disponibilidad para viajar",
    "Inglés avanzado",
    "Liderazgo",
];
const SKILL_LISTS: &[&str] =
    &["Contabilidad, NIIF", "Python, Django, PostgreSQL", "Ventas B2B, CRM", "AutoCAD, S10", "Excel", ""];

fn random_cv(dice: &mut Dice) -> CvProfile {
    let jobs: Vec<(String, String, String, Option<String>, String)> = (0..dice.below(4))
        .map(|i| {
            let lines: Vec<&str> = (0..dice.below(6)).map(|_| dice.pick(LINES)).collect();
            let start = format!("{}-0{}", 2010 + i * 3 + dice.below(3), 1 + dice.below(9));
            let end = (dice.below(3) > 0).then(|| format!("{}-12", 2013 + i * 3));
            (dice.pick(TITLES).to_owned(), format!("Empresa {i}"), start, end, lines.join("\n"))
        })
        .collect();
    let borrowed: Vec<Job<'_>> =
        jobs.iter().map(|j| (j.0.as_str(), None, j.1.as_str(), j.2.as_str(), j.3.as_deref(), j.4.as_str())).collect();
    let language = if dice.below(2) == 0 { "es" } else { "en" };
    let summary = dice.pick(LINES);
    let years = dice.below(150) as f64 / 10.0;
    let mut profile = cv(language, summary, &borrowed, dice.pick(SKILL_LISTS), years);
    // A skill the person added by correction, named as they wrote it.
    if dice.below(3) == 0 && !profile.skills.iter().any(|s| s.id == "power-bi") {
        profile.skills.push(ProfileSkill {
            id: "power-bi".into(),
            name: "PowerBI".into(),
            source: "user".into(),
            years: None,
        });
    }
    profile
}

/// Everything the CV says, where a proposed line must come from.
fn corpus(profile: &CvProfile) -> Vec<String> {
    let mut texts: Vec<String> =
        profile.experiences.iter().flat_map(|j| [j.title.clone().unwrap_or_default(), j.description.clone()]).collect();
    texts.extend(profile.summary.clone());
    texts.extend(profile.sections.iter().map(|(_, content)| content.clone()));
    texts.extend(profile.skills.iter().map(|s| s.name.clone()));
    texts
}

#[test]
fn it_never_invents_a_line_on_hundreds_of_generated_cvs_and_postings() {
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let profile = random_cv(&mut dice);
        let requirements: Vec<Requirement> = (0..1 + dice.below(5))
            .map(|_| {
                requirement(
                    dice.pick(REQUIREMENTS),
                    if dice.below(2) == 0 { RequirementKind::Must } else { RequirementKind::Nice },
                )
            })
            .collect();
        let description = dice.pick(LINES);
        let language = if dice.below(2) == 0 { "es" } else { "en" };
        let posting = Posting { description, ..posting(dice.pick(TITLES), language, &requirements) };
        let tailoring = tailor(&profile, &posting, Taxonomy::shipped());
        let texts = corpus(&profile);
        let from_cv = |line: &str| !line.is_empty() && texts.iter().any(|t| t.contains(line));
        // The taxonomy reads words across line breaks; a term spanning two lines joins them with a space.
        let posting_text = format!(
            "{} {} {}",
            posting.title,
            description,
            requirements.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ")
        );
        let context = || format!("round {round}: {profile:#?}\n{tailoring:#?}");

        for fit in &tailoring.requirements {
            for evidence in &fit.evidence {
                assert!(from_cv(&evidence.line), "invented evidence {:?}; {}", evidence.line, context());
                if let Some(job) = &evidence.experience {
                    let own = &profile.experiences[job.position];
                    assert!(
                        own.description.contains(&evidence.line) || own.title.as_deref() == Some(&evidence.line),
                        "{}",
                        context()
                    );
                }
            }
            for skill in &fit.skills {
                assert!(posting_text.contains(&skill.posting_term), "{}", context());
                let listed = profile.skills.iter().any(|s| s.id == skill.id);
                assert!(skill.in_cv || !listed, "{}", context());
                assert_eq!(skill.in_cv, skill.cv_term.as_deref().is_some_and(from_cv), "{}", context());
            }
        }
        for gap in &tailoring.wording_gaps {
            assert!(from_cv(&gap.cv_term) && posting_text.contains(&gap.posting_term), "{}", context());
        }

        let proposal = &tailoring.proposal;
        let mut positions: Vec<usize> = proposal.experiences.iter().map(|e| e.job.position).collect();
        positions.sort_unstable();
        assert_eq!(positions, (0..profile.experiences.len()).collect::<Vec<_>>(), "every job once; {}", context());
        for proposed in &proposal.experiences {
            let own = &profile.experiences[proposed.job.position];
            assert_eq!(
                (&proposed.job.title, &proposed.job.company, &proposed.job.start, &proposed.job.end),
                (&own.title, &own.company, &own.start, &own.end)
            );
            let mut proposed_lines: Vec<&str> =
                proposed.highlighted_lines.iter().chain(&proposed.other_lines).map(String::as_str).collect();
            let mut own_lines: Vec<&str> =
                own.description.lines().map(super::trimmed).filter(|l| !l.is_empty()).collect();
            proposed_lines.sort_unstable();
            own_lines.sort_unstable();
            assert_eq!(proposed_lines, own_lines, "all of the job's lines, and only them; {}", context());
        }
        let mut ids: Vec<&str> = proposal.skills.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), proposal.skills.len(), "each skill once; {}", context());
        assert!(profile.skills.iter().all(|s| ids.contains(&s.id.as_str())), "every skill of the CV; {}", context());
        let unlisted = proposal.skills.iter().filter(|s| !profile.skills.iter().any(|p| p.id == s.id));
        assert!(unlisted.clone().all(|s| s.asked.is_some()), "others only when asked for; {}", context());
        for skill in &proposal.skills {
            assert!(from_cv(&skill.cv_name), "{}", context());
            assert!(skill.name == skill.cv_name || posting_text.contains(&skill.name), "{}", context());
        }
        let summary = &proposal.summary;
        let mut rest = summary.text.clone();
        for fact in &summary.facts {
            match fact.kind {
                FactKind::Title => {
                    assert!(profile.experiences.iter().any(|j| j.title.as_deref() == Some(&fact.cv_text)))
                }
                FactKind::Years => assert_eq!(fact.value, (profile.total_experience_years.floor() as u32).to_string()),
                FactKind::Skill => {
                    assert!(proposal.skills.iter().any(|s| s.name == fact.value && s.cv_name == fact.cv_text))
                }
            }
            rest = rest.replacen(&fact.value, "", 1);
        }
        let phrases = [
            "Profesional",
            "Professional",
            "con",
            "años",
            "año",
            "de",
            "experiencia",
            "en",
            "y",
            "with",
            "years",
            "year",
            "of",
            "experience",
            "in",
            "and",
        ];
        for word in rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.')).filter(|w| !w.is_empty()) {
            assert!(phrases.contains(&word), "the summary adds {word:?} of its own; {}", context());
        }
    }
}
