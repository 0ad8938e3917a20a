use cv::{CvProfile, ProfileExperience, ProfileSkill};
use uuid::Uuid;

use super::*;

mod generated;

/// A job of a test CV: title, canonical title, company, start, end, description.
type Job<'a> = (&'a str, Option<&'a str>, &'a str, &'a str, Option<&'a str>, &'a str);

/// A CV as the parser would give it: its skills are those the taxonomy finds in its skills
/// section (as a list) and in its jobs and summary (as running text).
fn cv(language: &str, summary: &str, jobs: &[Job<'_>], skills_section: &str, years: f64) -> CvProfile {
    let taxonomy = Taxonomy::shipped();
    let mut skills: Vec<ProfileSkill> = Vec::new();
    let running = jobs.iter().map(|j| format!("{}\n{}", j.0, j.5)).chain([summary.to_owned()]).collect::<Vec<_>>();
    let found = taxonomy
        .find_in(skills_section, true)
        .into_iter()
        .map(|f| (f, "listed"))
        .chain(running.iter().flat_map(|text| taxonomy.find_in(text, false)).map(|f| (f, "text")));
    for (found, source) in found {
        if !skills.iter().any(|s| s.id == found.skill.id) {
            skills.push(ProfileSkill {
                id: found.skill.id.clone(),
                name: found.skill.name_es.clone(),
                source: source.into(),
                years: None,
            });
        }
    }
    CvProfile {
        cv_id: Uuid::nil(),
        user_id: None,
        language: language.into(),
        total_experience_years: years,
        seniority: None,
        location: None,
        titles: jobs.iter().filter_map(|j| j.1.map(str::to_owned)).collect(),
        skills,
        contact: cv::ProfileContact::default(),
        summary: Some(summary.to_owned()).filter(|s| !s.is_empty()),
        experiences: jobs
            .iter()
            .map(|j| ProfileExperience {
                title: Some(j.0.to_owned()),
                normalized_title: j.1.map(str::to_owned),
                company: Some(j.2.to_owned()),
                start: j.3.to_owned(),
                end: j.4.map(str::to_owned),
                description: j.5.to_owned(),
            })
            .collect(),
        education: Vec::new(),
        sections: vec![("skills".to_owned(), skills_section.to_owned())],
        vector: None,
    }
}

fn requirement(text: &str, kind: RequirementKind) -> Requirement {
    Requirement { text: text.into(), kind, years: None }
}

fn must(text: &str) -> Requirement {
    requirement(text, RequirementKind::Must)
}

fn nice(text: &str) -> Requirement {
    requirement(text, RequirementKind::Nice)
}

fn posting<'a>(title: &'a str, language: &'a str, requirements: &'a [Requirement]) -> Posting<'a> {
    Posting { title, description: "", language, requirements, normalized_title: None }
}

fn fit<'t>(tailoring: &'t Tailoring, requirement: &str) -> &'t RequirementFit {
    tailoring.requirements.iter().find(|r| r.requirement == requirement).expect(requirement)
}

#[test]
fn an_accountant_sees_each_requirement_in_her_own_lines_and_the_ifrs_wording() {
    let profile = cv(
        "es",
        "Contadora con experiencia en cierres mensuales.",
        &[
            (
                "Asistente Contable",
                Some("Accounting Assistant"),
                "Backus",
                "2016-03",
                Some("2019-12"),
                "• Registro de compras y ventas\n• Conciliaciones bancarias",
            ),
            (
                "Analista Contable",
                Some("Accountant"),
                "Alicorp S.A.A.",
                "2020-01",
                None,
                "• Elaboración de estados financieros bajo NIIF\n• Cierre contable mensual en SAP FI\n• Atención a auditores",
            ),
        ],
        "Contabilidad, NIIF, SAP FI, Excel avanzado",
        8.5,
    );
    let requirements = [
        must("3 años de experiencia en contabilidad bajo IFRS"),
        nice("Power BI"),
        must("Manejo de SAP FI"),
        nice("Disponibilidad inmediata"),
    ];
    let posting =
        Posting { normalized_title: Some("Accountant"), ..posting("Analista Contable Senior", "es", &requirements) };
    let tailoring = tailor(&profile, &posting, Taxonomy::shipped());

    let kinds: Vec<RequirementKind> = tailoring.requirements.iter().map(|r| r.kind).take(4).collect();
    assert_eq!(kinds, [RequirementKind::Must, RequirementKind::Must, RequirementKind::Nice, RequirementKind::Nice]);
    let ifrs = fit(&tailoring, "3 años de experiencia en contabilidad bajo IFRS");
    assert_eq!((ifrs.coverage, ifrs.years), (Coverage::Shown, Some(3)));
    let first = &ifrs.evidence[0];
    assert_eq!(first.section, "experience");
    let job = first.experience.as_ref().unwrap();
    assert_eq!(
        (job.title.as_deref(), job.company.as_deref(), job.start.as_str()),
        (Some("Asistente Contable"), Some("Backus"), "2016-03")
    );
    assert!(
        ifrs.evidence.iter().any(|e| e.line == "Elaboración de estados financieros bajo NIIF"),
        "{:#?}",
        ifrs.evidence
    );
    assert_eq!(fit(&tailoring, "Power BI").coverage, Coverage::NotShown);
    assert_eq!(fit(&tailoring, "Disponibilidad inmediata").coverage, Coverage::NotRecognized);

    assert_eq!(tailoring.gaps.len(), 1);
    assert_eq!(
        (tailoring.gaps[0].requirement.as_str(), tailoring.gaps[0].missing.clone()),
        ("Power BI", vec!["Power BI".to_owned()])
    );
    let wording = tailoring.wording_gaps.iter().find(|w| w.skill_id == "ifrs").expect("IFRS vs NIIF");
    assert_eq!((wording.posting_term.as_str(), wording.cv_term.as_str()), ("IFRS", "NIIF"));
    assert!(!tailoring.wording_gaps.iter().any(|w| w.skill_id == "sap-fi"), "the same words are no gap");
    assert_eq!(tailoring.wording_gaps.len(), 1, "contabilidad is written too: {:#?}", tailoring.wording_gaps);

    let proposal = &tailoring.proposal;
    assert_eq!(
        proposal.experiences[0].job.title.as_deref(),
        Some("Analista Contable"),
        "the same title and NIIF first"
    );
    assert!(proposal.experiences[0].same_title);
    assert!(
        proposal.experiences[0].reason.starts_with("Mismo cargo que el puesto; muestra"),
        "{}",
        proposal.experiences[0].reason
    );
    assert_eq!(proposal.experiences[0].other_lines, ["Atención a auditores"]);
    let names: Vec<&str> = proposal.skills.iter().map(|s| s.name.as_str()).take(3).collect();
    assert!(names.contains(&"IFRS") && names.contains(&"SAP FI"), "{names:?}");
    let ifrs_skill = proposal.skills.iter().find(|s| s.id == "ifrs").unwrap();
    assert_eq!((ifrs_skill.cv_name.as_str(), ifrs_skill.asked), ("NIIF", Some(RequirementKind::Must)));
    assert!(
        proposal.summary.text.starts_with("Analista Contable con 8 años de experiencia en "),
        "{}",
        proposal.summary.text
    );
    assert!(proposal.summary.facts.iter().any(|f| f.kind == FactKind::Years && f.value == "8" && f.cv_text == "8.5"));
}

#[test]
fn a_nurse_in_english_gets_english_phrases_and_her_triage_line() {
    let profile = cv(
        "en",
        "",
        &[(
            "Staff Nurse",
            Some("Nurse"),
            "Hospital Rebagliati",
            "2019-05",
            None,
            "- Emergency triage for 40 patients a shift\n- Medication administration and vital signs",
        )],
        "Patient care",
        5.2,
    );
    let requirements = [must("Triage experience"), must("Medication administration"), nice("ACLS certification")];
    let tailoring = tailor(&profile, &posting("Registered Nurse", "en", &requirements), Taxonomy::shipped());
    let triage = fit(&tailoring, "Triage experience");
    assert_eq!(triage.evidence[0].line, "Emergency triage for 40 patients a shift");
    assert_eq!(tailoring.gaps.iter().map(|g| g.requirement.as_str()).collect::<Vec<_>>(), ["ACLS certification"]);
    let job = &tailoring.proposal.experiences[0];
    assert!(job.reason.starts_with("Shows "), "{}", job.reason);
    assert_eq!(job.highlighted_lines.len(), 2);
    assert_eq!(
        tailoring.proposal.summary.text,
        "Staff Nurse with 5 years of experience in Triage and Medication administration."
    );
    assert_eq!(tailoring.language, "en");
}

#[test]
fn a_developer_reading_a_spanish_posting_keeps_his_english_words() {
    let profile = cv(
        "en",
        "Backend developer.",
        &[
            ("Barista", None, "Starbucks", "2015-01", Some("2016-12"), "Served coffee"),
            (
                "Backend Developer",
                Some("Backend Developer"),
                "Rimac",
                "2018-01",
                Some("2023-06"),
                "Built REST APIs in Python with Django\nTuned postgres queries",
            ),
        ],
        "Python, PostgreSQL, Docker",
        6.0,
    );
    let requirements = [must("Experiencia con Python y PostgreSQL"), nice("Kubernetes")];
    let tailoring = tailor(&profile, &posting("Desarrollador Backend", "es", &requirements), Taxonomy::shipped());
    assert!(tailoring.wording_gaps.is_empty(), "another language is a translation, not a wording gap");
    let postgres = tailoring.proposal.skills.iter().find(|s| s.id == "postgresql").unwrap();
    assert_eq!(postgres.name, postgres.cv_name);
    assert_eq!(tailoring.proposal.experiences[0].job.company.as_deref(), Some("Rimac"));
    assert_eq!(tailoring.proposal.experiences[1].reason, "Shows nothing the posting asks for");
    assert_eq!(fit(&tailoring, "Experiencia con Python y PostgreSQL").coverage, Coverage::Shown);
    assert_eq!(tailoring.gaps[0].missing, ["Kubernetes"]);
}

#[test]
fn a_salesman_is_told_the_posting_says_b2b_where_he_says_corporate_sales() {
    let profile = cv(
        "es",
        "",
        &[
            ("Cajero", None, "Tottus", "2021-01", None, "Atención en caja"),
            (
                "Ejecutivo Comercial",
                Some("Sales Executive"),
                "Entel",
                "2017-02",
                Some("2020-12"),
                "Ventas corporativas a cuentas clave\nGestión de cartera en HubSpot",
            ),
        ],
        "",
        7.0,
    );
    let requirements = [must("Ventas B2B con cartera propia"), nice("Salesforce"), nice("HubSpot")];
    let tailoring = tailor(&profile, &posting("Ejecutivo de Ventas", "es", &requirements), Taxonomy::shipped());
    let wording = &tailoring.wording_gaps[0];
    assert_eq!((wording.posting_term.as_str(), wording.cv_term.as_str()), ("Ventas B2B", "Ventas corporativas"));
    assert_eq!(tailoring.proposal.experiences[0].job.company.as_deref(), Some("Entel"), "relevance beats recency");
    assert_eq!(tailoring.proposal.experiences[0].relevance, 0.75);
    assert_eq!(tailoring.gaps[0].missing, ["Salesforce"]);
    assert_eq!(tailoring.proposal.skills[0].name, "Ventas B2B");
}

#[test]
fn a_civil_engineer_has_a_requirement_nobody_can_read_and_a_partial_one() {
    let profile = cv(
        "es",
        "Ingeniero civil colegiado.",
        &[(
            "Ingeniero de Obra",
            Some("Civil Engineer"),
            "Graña y Montero",
            "2014-01",
            Some("2022-03"),
            "Metrados y presupuestos en S10\nSupervisión de vaciado de concreto",
        )],
        "AutoCAD",
        8.2,
    );
    let requirements = [must("Metrados y AutoCAD Civil 3D"), must("Disponibilidad para viajar"), nice("S10")];
    let tailoring = tailor(&profile, &posting("Ingeniero Civil", "es", &requirements), Taxonomy::shipped());
    let partial = fit(&tailoring, "Metrados y AutoCAD Civil 3D");
    assert_eq!(partial.coverage, Coverage::PartlyShown);
    assert_eq!(partial.evidence[0].line, "Metrados y presupuestos en S10");
    assert_eq!(fit(&tailoring, "Disponibilidad para viajar").coverage, Coverage::NotRecognized);
    assert_eq!(tailoring.gaps.len(), 1, "{:#?}", tailoring.gaps);
    assert_eq!(tailoring.gaps[0].missing, ["AutoCAD Civil 3D"]);
    assert_eq!(tailoring.proposal.summary.text, "Ingeniero de Obra con 8 años de experiencia en Metrados y S10.");
}

#[test]
fn description_skills_count_as_pluses_and_a_cv_without_facts_gets_no_summary() {
    let profile = cv("es", "", &[], "", 0.0);
    let requirements = [must("Excel avanzado")];
    let posting = Posting { description: "Reportes en Power BI.", ..posting("Analista", "es", &requirements) };
    let tailoring = tailor(&profile, &posting, Taxonomy::shipped());
    let from_description = tailoring.requirements.last().unwrap();
    assert_eq!(
        (from_description.source, from_description.kind),
        (RequirementSource::Description, RequirementKind::Nice)
    );
    assert_eq!(tailoring.proposal.summary, ProposedSummary { text: String::new(), facts: Vec::new() });
    assert!(tailoring.proposal.experiences.is_empty() && tailoring.proposal.skills.is_empty());
}

#[test]
fn a_skill_only_in_the_corrected_list_is_shown_by_it_but_is_no_wording_of_the_persons() {
    let mut profile = cv("es", "", &[], "", 3.0);
    profile.skills.push(ProfileSkill { id: "ifrs".into(), name: "NIIF".into(), source: "user".into(), years: None });
    let requirements = [must("IFRS")];
    let tailoring = tailor(&profile, &posting("Contador", "es", &requirements), Taxonomy::shipped());
    let ifrs = fit(&tailoring, "IFRS");
    assert_eq!(ifrs.coverage, Coverage::Shown);
    assert_eq!((ifrs.evidence[0].section.as_str(), ifrs.evidence[0].line.as_str()), ("skills", "NIIF"));
    assert!(tailoring.wording_gaps.is_empty(), "the list's canonical name is not how the person wrote it");
}
