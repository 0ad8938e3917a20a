use super::*;
use crate::domain::bank::Bank;
use crate::domain::scoring::inference::expected_points;

fn feedback(question: &str, kind: InterviewType, language: Language, answer: &str, seconds: u32) -> AnswerFeedback {
    let points = expected_points(question, language, kind, &Bank::new(Vec::new()));
    score_answer(&Scoring {
        question,
        kind,
        language,
        points: &points,
        answer,
        duration_seconds: Some(seconds),
        job_terms: &[],
    })
}

const CONFLICT: &str = "Háblame de una vez que tuviste un conflicto con un compañero. ¿Cómo lo resolviste?";

const STRONG: &str = "En mi anterior empresa, Alicorp, un analista y yo chocábamos por el cierre mensual: él \
    entregaba los datos el día 3 y yo necesitaba cuadrar el reporte el día 2. Mi responsabilidad era que gerencia \
    tuviera el reporte a tiempo. Le propuse reunirnos, revisé con él su proceso y descubrí que esperaba un archivo \
    de tesorería. Hablé con tesorería, adelantamos ese archivo un día y armé una plantilla compartida. Logramos \
    cerrar el día 1 los siguientes seis meses y el conflicto desapareció. Aprendí a preguntar antes de asumir.";

const WEAK: &str = "Bueno, eh, creo que los conflictos siempre pasan, o sea, hay que comunicarse bien y trabajar \
    en equipo, nosotros siempre tratamos de llevarnos bien.";

#[test]
fn a_strong_story_outscores_a_vague_one() {
    let strong = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, STRONG, 60);
    let weak = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, WEAK, 15);
    assert!(strong.score >= weak.score + 30, "{} vs {}", strong.score, weak.score);
    assert_eq!(strong.structure.parts(), 4, "{:?}", strong.structure);
    assert!(!weak.structure.result);
    assert!(weak.follow_up.is_some(), "a weak answer brings a follow-up");
    assert_eq!(weak.delivery.filler_words.len(), 3, "{:?}", weak.delivery.filler_words);
    assert!(weak.delivery.hedges.contains(&"creo que".to_owned()));
}

#[test]
fn the_same_answer_gets_the_same_score_and_hash() {
    let first = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, STRONG, 60);
    let again = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, STRONG, 60);
    assert_eq!(first, again);
    assert_eq!(first.input_hash.len(), 64);
    let other = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, STRONG, 61);
    assert_ne!(first.input_hash, other.input_hash);
}

#[test]
fn an_off_topic_answer_is_flagged_and_capped() {
    let answer = "Me gusta mucho el fútbol y los fines de semana juego con mis amigos en Miraflores.";
    let off = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, answer, 10);
    assert!(off.off_topic);
    assert!(off.score <= 25);
}

#[test]
fn a_concrete_story_in_other_words_than_the_questions_is_not_off_topic() {
    let question = "Dame un ejemplo de cómo tu atención al detalle evitó un problema serio.";
    let story = "En 2024 revisaba los documentos de exportación de una agroexportadora en Ica. En el certificado \
        de SENASA vi dos dígitos cambiados en el número de contenedor frente al BL: 85 mil dólares de uva podían \
        quedar retenidos en Shanghái. Pedí la rectificación antes del zarpe y armé un check list de 12 campos.";
    let scored = feedback(question, InterviewType::Competency, Language::Es, story, 40);
    assert!(!scored.off_topic, "{:?}", scored.sub_scores);
    assert!(scored.score > 25, "{}", scored.score);
}

#[test]
fn job_terms_in_the_answer_are_reported() {
    let points = expected_points(
        "How do you design a REST API?",
        Language::En,
        InterviewType::Technical,
        &Bank::new(Vec::new()),
    );
    let terms = ["kafka".to_owned(), "rest".to_owned(), "kubernetes".to_owned()];
    let answer = "First I model the resources, then I version the REST endpoints; events go to Kafka.";
    let scored = score_answer(&Scoring {
        question: "How do you design a REST API?",
        kind: InterviewType::Technical,
        language: Language::En,
        points: &points,
        answer,
        duration_seconds: None,
        job_terms: &terms,
    });
    assert_eq!(scored.job_terms_used, ["kafka", "rest"]);
}

#[test]
fn a_generic_answer_scores_below_a_plain_story_of_the_same_length() {
    let question = "Tell me about a time you had to learn something new quickly for your job.";
    let story = "When our clinic moved to a new scheduling system I had two days to learn it, because I ran the \
        front desk. I read the vendor's guide at night, practised with test patients and asked the IT analyst \
        about the referrals screen. By Monday I was booking patients in it and I showed two colleagues.";
    let generic = "I am very fast at learning, it is one of my strengths. I always organise myself, I usually \
        look for tutorials and I would ask the experts. In general you have to keep learning, everyone knows \
        that, and the key is a growth mindset every day.";
    let story = feedback(question, InterviewType::Behavioral, Language::En, story, 25);
    let generic = feedback(question, InterviewType::Behavioral, Language::En, generic, 25);
    let concreteness = |f: &AnswerFeedback| f.sub_scores.iter().find(|s| s.name == "concreteness").unwrap().score;
    assert_eq!(concreteness(&story), 100, "{:?}", story.sub_scores);
    assert!(concreteness(&generic) <= 20, "{:?}", generic.sub_scores);
    assert!(story.score >= generic.score + 15, "{} vs {}", story.score, generic.score);
}

#[test]
fn the_weights_add_up_to_one() {
    let scored = feedback(CONFLICT, InterviewType::Behavioral, Language::Es, STRONG, 60);
    let total: f64 = scored.sub_scores.iter().map(|s| s.weight).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
}
