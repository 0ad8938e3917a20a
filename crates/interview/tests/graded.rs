//! The built-in scorer against the graded answers in `data/graded/` (written apart from the scorer,
//! to questions the bank does not hold): its scores must order answers as the grades do. Prints
//! the figures (`cargo test -p interview --test graded -- --nocapture`; with `GRADED_WHY=1`, each
//! answer's sub-scores).

use interview::domain::bank::{Bank, InterviewType};
use interview::domain::scoring::inference::expected_points;
use interview::domain::scoring::{Scoring, score_answer};
use interview::domain::text::Language;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    language: Language,
    interview_type: InterviewType,
    question: String,
    answers: Vec<Answer>,
}

#[derive(Deserialize)]
struct Answer {
    grade: u8,
    duration_seconds: u32,
    text: String,
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            ranks[order[k]] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's ρ: Pearson's correlation of the ranks (ties averaged).
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let (vx, vy): (f64, f64) = (rx.iter().map(|a| (a - mx).powi(2)).sum(), ry.iter().map(|b| (b - my).powi(2)).sum());
    if vx == 0.0 || vy == 0.0 { 0.0 } else { cov / (vx * vy).sqrt() }
}

/// The graded questions of `data/<set>/`.
fn graded(set: &str) -> Vec<Item> {
    let dir = format!("{}/data/{set}", env!("CARGO_MANIFEST_DIR"));
    let mut items = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        items.extend(file.items);
    }
    items
}

/// How the scorer orders one set's answers.
struct Figures {
    questions: usize,
    pooled: f64,
    strong_over_weak: usize,
}

fn evaluate(set: &str) -> Figures {
    let items = graded(set);
    let (mut grades, mut scores, mut lengths) = (Vec::new(), Vec::new(), Vec::new());
    let (mut per_question, mut inversions, mut strong_over_weak) = (Vec::new(), Vec::new(), 0);
    // Grades 3 and 2 are about as long: how often each ranking puts 3 first, ties counting half.
    let (mut three_over_two, mut three_over_two_by_length) = (0.0, 0.0);
    let mut by_group: std::collections::BTreeMap<String, (Vec<f64>, Vec<f64>)> = Default::default();
    for item in &items {
        let points = expected_points(&item.question, item.language, item.interview_type, Bank::shipped());
        let scored: Vec<(f64, f64)> = item
            .answers
            .iter()
            .map(|a| {
                let feedback = score_answer(&Scoring {
                    question: &item.question,
                    kind: item.interview_type,
                    language: item.language,
                    points: &points,
                    answer: &a.text,
                    duration_seconds: Some(a.duration_seconds),
                    job_terms: &[],
                });
                if std::env::var_os("GRADED_WHY").is_some() {
                    let parts: Vec<String> =
                        feedback.sub_scores.iter().map(|s| format!("{} {}", s.name, s.score)).collect();
                    println!("{} grade {} -> {}: {}", item.id, a.grade, feedback.score, parts.join(", "));
                }
                (f64::from(a.grade), f64::from(feedback.score))
            })
            .collect();
        let (g, s): (Vec<f64>, Vec<f64>) = scored.iter().copied().unzip();
        per_question.push(spearman(&g, &s));
        let score_of = |grade: f64| scored.iter().find(|(g, _)| *g == grade).map(|(_, s)| *s).unwrap_or_default();
        let length_of =
            |grade: u8| item.answers.iter().find(|a| a.grade == grade).map_or(0, |a| a.text.split_whitespace().count());
        let above = |a: f64, b: f64| {
            if a > b {
                1.0
            } else if a == b {
                0.5
            } else {
                0.0
            }
        };
        three_over_two += above(score_of(3.0), score_of(2.0));
        three_over_two_by_length += above(length_of(3) as f64, length_of(2) as f64);
        if score_of(4.0) > score_of(1.0) && score_of(4.0) > score_of(2.0) {
            strong_over_weak += 1;
        } else {
            inversions.push(format!("{}: {:?}", item.id, scored));
        }
        let group = by_group.entry(format!("{:?} {:?}", item.language, item.interview_type)).or_default();
        group.0.extend(&g);
        group.1.extend(&s);
        grades.extend(g);
        scores.extend(s);
        lengths.extend(item.answers.iter().map(|a| a.text.split_whitespace().count() as f64));
    }
    let pooled = spearman(&grades, &scores);
    let mean_per_question = per_question.iter().sum::<f64>() / per_question.len() as f64;
    println!("{set}: graded questions: {}, answers: {}", items.len(), grades.len());
    println!("Spearman rho, all answers pooled: {pooled:.3}");
    println!("Spearman rho, mean per question: {mean_per_question:.3}");
    println!("baseline, the answer's length alone: rho {:.3}", spearman(&grades, &lengths));
    println!("strong (grade 4) above weak (grades 1 and 2): {strong_over_weak}/{}", items.len());
    println!("grade 3 above grade 2: {three_over_two}/{} (by length alone: {three_over_two_by_length})", items.len());
    for (group, (g, s)) in &by_group {
        println!("  {group}: rho {:.3}", spearman(g, s));
    }
    for inversion in &inversions {
        println!("  inversion {inversion}");
    }
    Figures { questions: items.len(), pooled, strong_over_weak }
}

// Floors this scorer meets today (see docs); the goal is 0.8 on held-out answers.
fn assert_floors(figures: &Figures) {
    let Figures { questions, pooled, strong_over_weak } = *figures;
    assert!(pooled >= 0.7, "pooled rho {pooled:.3}");
    assert!(strong_over_weak * 10 >= questions * 9, "strong above weak in {strong_over_weak}/{questions}");
}

#[test]
fn scores_order_the_graded_answers_as_the_grades_do() {
    let figures = evaluate("graded");
    assert!(figures.questions >= 60, "{} graded questions", figures.questions);
    assert_floors(&figures);
}

/// A second set, written later and apart from the first, that the scorer was not tuned on before
/// it was measured: how far the first set's figures carry to answers nobody tuned for.
#[test]
fn scores_order_the_validation_answers_as_the_grades_do() {
    let figures = evaluate("graded-validation");
    assert!(figures.questions >= 30, "{} graded questions", figures.questions);
    assert_floors(&figures);
}

/// A third set, written after the rubric `builtin-2026.11.4` was tuned on the first two, by
/// writers who read neither the scorer nor those sets: the closest stand-in for answers nobody
/// here has seen.
#[test]
fn scores_order_the_holdout_answers_as_the_grades_do() {
    let figures = evaluate("graded-holdout");
    assert!(figures.questions >= 60, "{} graded questions", figures.questions);
    assert_floors(&figures);
}

#[test]
fn spearman_is_right_on_known_cases() {
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]) - 1.0).abs() < 1e-9);
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[40.0, 30.0, 20.0, 10.0]) + 1.0).abs() < 1e-9);
    assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
}
