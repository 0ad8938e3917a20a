use super::*;

fn question(id: &str, difficulty: Difficulty, skills: &[&str]) -> BankQuestion {
    BankQuestion {
        id: id.into(),
        difficulty,
        levels: Vec::new(),
        text: format!("Question {id}?"),
        competencies: vec!["technical_depth".into()],
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        expected_points: vec![ExpectedPoint::new("p", &["x"], None)],
    }
}

fn bank() -> Bank {
    let mut questions = Vec::new();
    for (i, difficulty) in
        [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard, Difficulty::Expert].into_iter().enumerate()
    {
        for j in 0..5 {
            let skills: &[&str] = if j == 0 { &["sql"] } else { &[] };
            questions.push((
                Language::En,
                InterviewType::Technical,
                question(&format!("en-technical-{i}{j}"), difficulty, skills),
            ));
            questions.push((
                Language::En,
                InterviewType::Behavioral,
                question(&format!("en-behavioral-{i}{j}"), difficulty, &[]),
            ));
        }
    }
    Bank::new(questions)
}

fn request<'a>(kind: InterviewType, minutes: u16, seed: u64, tailoring: &'a Tailoring) -> PlanRequest<'a> {
    PlanRequest {
        kind,
        level: RoleLevel::Mid,
        difficulty: Difficulty::Hard,
        language: Language::En,
        duration_minutes: minutes,
        seed,
        tailoring,
    }
}

#[test]
fn the_plan_is_sized_to_the_duration() {
    assert_eq!(question_count(InterviewType::Behavioral, 20), 5);
    assert_eq!(question_count(InterviewType::CaseStudy, 5), 2);
    assert_eq!(question_count(InterviewType::HrScreening, 120), 15);
    let none = Tailoring::default();
    let planned = plan(&bank(), &request(InterviewType::Behavioral, 20, 7, &none));
    assert_eq!(planned.len(), 5);
    assert!(planned.iter().all(|q| q.source == QuestionSource::Bank && q.kind == InterviewType::Behavioral));
    let ids: std::collections::HashSet<_> = planned.iter().map(|q| q.bank_id.clone()).collect();
    assert_eq!(ids.len(), 5, "no question twice");
    let hard =
        planned.iter().filter(|q| q.bank_id.as_deref().is_some_and(|id| id.starts_with("en-behavioral-2"))).count();
    assert_eq!(hard, 5, "the difficulty asked comes first");
}

#[test]
fn the_same_seed_plans_the_same_interview() {
    let none = Tailoring::default();
    let first = plan(&bank(), &request(InterviewType::Technical, 15, 42, &none));
    assert_eq!(first, plan(&bank(), &request(InterviewType::Technical, 15, 42, &none)));
    let others: Vec<_> =
        (0..20).map(|seed| plan(&bank(), &request(InterviewType::Technical, 15, seed, &none))).collect();
    assert!(others.iter().any(|other| *other != first), "seeds vary the choice");
}

#[test]
fn a_job_and_a_cv_tailor_the_plan() {
    let tailoring = Tailoring {
        job_title: Some("Data Analyst".into()),
        job_skills: vec![("sql".into(), "SQL".into())],
        gaps: vec!["Power BI".into()],
        experiences: vec![("Yape".into(), "Backend Engineer".into(), "Migré las colas de pagos a Kafka".into())],
    };
    let planned = plan(&bank(), &request(InterviewType::Technical, 20, 1, &tailoring));
    let sources: Vec<_> = planned.iter().map(|q| q.source).collect();
    assert_eq!(&sources[..3], [QuestionSource::CvGap, QuestionSource::JobRequirement, QuestionSource::CvExperience]);
    assert!(planned[0].text.contains("Power BI"));
    assert_eq!(planned[0].expected_points[0].signals[..2], ["power".to_owned(), "bi".to_owned()]);
    assert!(planned[2].text.contains("Yape") && planned[2].text.contains("Kafka"));
    let sql_first = planned.iter().find(|q| q.source == QuestionSource::Bank).unwrap();
    assert!(sql_first.bank_id.as_deref().unwrap().ends_with('0'), "the bank's SQL question first: {sql_first:?}");
}

#[test]
fn only_an_interview_in_progress_moves() {
    assert!(InterviewStatus::InProgress.must_be_in_progress().is_ok());
    for done in [InterviewStatus::Completed, InterviewStatus::Abandoned, InterviewStatus::Expired] {
        assert!(matches!(done.must_be_in_progress(), Err(AppError::Conflict(_))));
        assert_eq!(InterviewStatus::parse(done.as_str()), Some(done));
    }
}

#[test]
fn an_empty_bank_plans_what_it_can() {
    let none = Tailoring::default();
    let empty = Bank::new(Vec::new());
    assert!(plan(&empty, &request(InterviewType::Mixed, 30, 3, &none)).is_empty());
}
