//! Interviews with their optional helpers: a model that judges answers (against the local fakes
//! of Anthropic's and OpenAI's APIs) and a transcriber for spoken answers (against a fake of
//! OpenAI's audio transcriptions). Without them the built-in interviewer alone scores, and
//! recordings are refused.

use e2e::TestApp;
use e2e::fakes::llm::{FakeLlm, Misbehaviour, last_user_text};
use e2e::fakes::transcription::{DEFAULT_TRANSCRIPT, FakeTranscriber};
use platform::storage::{ObjectKey, interview_audio_prefix};
use serde_json::{Value, json};
use uuid::Uuid;

/// A judgement of the answer in the request: the first expected point covered, the rest missed,
/// as a model following the prompt would write it.
fn judge(body: &Value) -> Value {
    let asked: Value = serde_json::from_str(&last_user_text(body)).unwrap_or(Value::Null);
    let points: Vec<String> = asked["expected_points"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect();
    let (covered, missed) = points.split_at(points.len().min(1));
    let part = |score: u8, why: &str| json!({ "score": score, "why": why });
    json!({
        "coverage": part(40, "Covers the first point only, in the model's reading."),
        "specificity": part(70, "Names a bank, a figure and own actions."),
        "relevance": part(90, "Stays on the question."),
        "structure": part(60, "Situation and action, no clear result."),
        "key_points_covered": covered,
        "missed_points": missed,
        "off_topic": false,
        "suggested_improvement": "Close with the measured result of what you did.",
        "follow_up": if missed.is_empty() { Value::Null } else { json!("What exactly changed afterwards, in numbers?") },
    })
}

async fn app_with(extra: &[(String, String)]) -> TestApp {
    let settings: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    TestApp::spawn_with(&settings).await
}

fn id(value: &Value) -> Uuid {
    value["id"].as_str().unwrap().parse().unwrap()
}

async fn first_question(app: &TestApp, token: &str, language: &str) -> (Uuid, Uuid) {
    let body = json!({ "interview_type": "behavioral", "role_level": "mid", "difficulty": "medium",
                       "language": language, "target_duration_minutes": 10 });
    let created = app.post("/api/v1/interviews", Some(token), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let interview = id(&created.body);
    let next = app.get(&format!("/api/v1/interviews/{interview}/next-question"), Some(token)).await;
    (interview, id(&next.body))
}

const STORY: &str = "At Interbank I was asked to fix a failing release process. I mapped every step, I proposed \
    automated checks and I trained two colleagues to run them, so releases stopped slipping.";

#[tokio::test]
async fn a_model_judges_answers_with_the_built_in_measures_and_its_cost_is_counted() {
    let fake = FakeLlm::start_with(judge).await;
    for provider in ["anthropic", "openai"] {
        let app = app_with(&fake.settings(provider)).await;
        let ana = app.register(&format!("ana-{provider}@example.pe")).await;
        app.subscribe(ana.id, "pro").await;
        let (interview, question) = first_question(&app, &ana.access, "en").await;
        let path = format!("/api/v1/interviews/{interview}/questions/{question}/responses");
        let answered = app
            .post(&path, Some(&ana.access), json!({ "response_text": STORY, "response_duration_seconds": 40 }))
            .await;
        assert_eq!(answered.status, 201, "{}", answered.body);
        let feedback = &answered.body;
        let model = if provider == "anthropic" { "claude-sonnet-4-5" } else { "gpt-4o" };
        assert_eq!(feedback["scorer"], model, "{provider}");
        assert_eq!(feedback["rubric_version"], "llm-feedback-2026.11.1");
        let coverage = feedback["sub_scores"].as_array().unwrap().iter().find(|s| s["name"] == "coverage").unwrap();
        assert_eq!(
            (coverage["score"].as_u64(), coverage["why"].as_str()),
            (Some(40), Some("Covers the first point only, in the model's reading."))
        );
        let delivery = feedback["sub_scores"].as_array().unwrap().iter().find(|s| s["name"] == "delivery").unwrap();
        assert!(delivery["why"].as_str().unwrap().contains("fillers"), "delivery stays the built-in measure");
        assert_eq!(feedback["suggested_improvement"], "Close with the measured result of what you did.");
        assert_eq!(feedback["key_points_covered"].as_array().unwrap().len(), 1);
        assert!(!feedback["missed_points"].as_array().unwrap().is_empty());
        assert_eq!(feedback["follow_up_question"]["text"], "What exactly changed afterwards, in numbers?");
        assert_eq!(feedback["follow_up_question"]["source"], "follow_up");
        let request = fake.received().last().unwrap().clone();
        assert!(last_user_text(&request.body).contains("Interbank"), "{provider}: the answer went to the model");

        let detail = app.get(&format!("/api/v1/interviews/{interview}"), Some(&ana.access)).await;
        assert_eq!(detail.body["scorer"], model);
        let cost = &detail.body["model_cost"];
        assert!(cost["input_tokens"].as_u64().unwrap() > 50 && cost["output_tokens"].as_u64().unwrap() > 20, "{cost}");
        assert!(cost["cost_usd"].as_f64().unwrap() > 0.0, "{cost}");

        // The model down (every retry refused): the built-in score stands, and costs nothing.
        fake.script([
            Misbehaviour::Status(503, None),
            Misbehaviour::Status(503, None),
            Misbehaviour::Status(503, None),
        ]);
        let follow_up = id(&feedback["follow_up_question"]);
        let path = format!("/api/v1/interviews/{interview}/questions/{follow_up}/responses");
        let fallback = app
            .post(
                &path,
                Some(&ana.access),
                json!({ "response_text": "Releases went from monthly to weekly and incidents fell by half." }),
            )
            .await;
        assert_eq!(fallback.status, 201, "{}", fallback.body);
        assert_eq!(fallback.body["scorer"], "builtin");
        let after = app.get(&format!("/api/v1/interviews/{interview}"), Some(&ana.access)).await;
        assert_eq!(after.body["model_cost"], detail.body["model_cost"]);

        // Free practice is judged the same way.
        let practice_body = json!({ "question_text": "Tell me about a process you improved.", "answer_text": STORY,
                                    "language": "en", "interview_type": "behavioral" });
        let practice = app.post("/api/v1/answers/feedback", Some(&ana.access), practice_body.clone()).await;
        assert_eq!(practice.status, 200, "{}", practice.body);
        assert_eq!(practice.body["scorer"], model);

        // The plan decides the depth: premium's comprehensive feedback takes the powerful tier,
        // the free plan's basic feedback the built-in interviewer alone (the model is not asked).
        let luis = app.register(&format!("luis-{provider}@example.pe")).await;
        app.subscribe(luis.id, "premium").await;
        let deep = app.post("/api/v1/answers/feedback", Some(&luis.access), practice_body.clone()).await;
        let powerful = if provider == "anthropic" { "claude-opus-4-1" } else { "gpt-4.1" };
        assert_eq!(deep.body["scorer"], powerful);
        let rosa = app.register(&format!("rosa-{provider}@example.pe")).await;
        let asked = fake.received().len();
        let basic = app.post("/api/v1/answers/feedback", Some(&rosa.access), practice_body).await;
        assert_eq!((basic.body["scorer"].as_str(), fake.received().len()), (Some("builtin"), asked));
        let (interview, _) = first_question(&app, &rosa.access, "en").await;
        let created = app.get(&format!("/api/v1/interviews/{interview}"), Some(&rosa.access)).await;
        assert_eq!(created.body["scorer"], "builtin", "a free plan's interview is scored by the built-in interviewer");
    }
}

/// The smallest WebM a browser's recorder starts with: an EBML header naming the "webm" DocType.
fn webm() -> Vec<u8> {
    let mut bytes = vec![
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42,
        0xF3, 0x81, 0x08, 0x42, 0x82, 0x84,
    ];
    bytes.extend_from_slice(b"webm");
    bytes.extend_from_slice(&[0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]);
    bytes.extend(std::iter::repeat_n(0x5A, 4096));
    bytes
}

#[tokio::test]
async fn spoken_answers_are_refused_without_a_transcriber_and_transcribed_with_one() {
    let plain = TestApp::spawn().await;
    let rosa = plain.register("rosa@example.pe").await;
    let (interview, question) = first_question(&plain, &rosa.access, "es").await;
    let path = format!("/api/v1/interviews/{interview}/questions/{question}/responses");
    let refused = plain.upload_as(&path, &rosa.access, ("audio", "respuesta.webm"), &webm(), &[], None).await;
    assert!(refused.problem(415)["detail"].as_str().unwrap().contains("transcriber"), "{}", refused.body);

    let transcriber = FakeTranscriber::start().await;
    let app = app_with(&[("TRANSCRIPTION_URL".into(), transcriber.url())]).await;
    let rosa = app.register("rosa@example.pe").await;
    let (interview, question) = first_question(&app, &rosa.access, "es").await;
    let path = format!("/api/v1/interviews/{interview}/questions/{question}/responses");
    let not_audio = app.upload_as(&path, &rosa.access, ("audio", "cv.pdf"), b"%PDF-1.7 not audio", &[], None).await;
    assert!(not_audio.problem(415)["detail"].as_str().unwrap().contains("WebM"));
    assert_eq!(transcriber.requests(), 0, "nothing is sent to transcribe before the bytes are audio");

    let spoken = app
        .upload_as(
            &path,
            &rosa.access,
            ("audio", "respuesta.webm"),
            &webm(),
            &[("response_duration_seconds", "30")],
            None,
        )
        .await;
    assert_eq!(spoken.status, 201, "{}", spoken.body);
    assert_eq!(transcriber.requests(), 1);
    assert_eq!(transcriber.last_field("language").as_deref(), Some("es"));
    let detail = app.get(&format!("/api/v1/interviews/{interview}"), Some(&rosa.access)).await;
    let answered = &detail.body["questions"][0]["response"];
    assert_eq!(answered["response_text"], DEFAULT_TRANSCRIPT);
    assert_eq!(answered["audio"], json!({ "format": "webm", "bytes": webm().len() }));
    assert_eq!(answered["response_duration_seconds"], 30);

    // The recording is sealed in storage, under the person's prefix.
    let storage = app::startup::sealed_storage(&app.config).unwrap();
    let stored = storage.list(&interview_audio_prefix(rosa.id)).await.unwrap();
    assert_eq!(stored.len(), 1);
    let key =
        ObjectKey::interview_audio(rosa.id, interview, answered["response_id"].as_str().unwrap().parse().unwrap());
    assert_eq!(stored[0].key, key);
    let object = storage.get(&key).await.unwrap();
    assert_eq!(object.head.metadata.content_type, "audio/webm");
    assert!(object.head.metadata.key_id.is_some(), "sealed with the keyring");

    // A transcriber that is down: 503 after its retries, and no recording is left behind.
    let (interview, question) = first_question(&app, &rosa.access, "es").await;
    for _ in 0..3 {
        transcriber.fail_next(503, None);
    }
    let path = format!("/api/v1/interviews/{interview}/questions/{question}/responses");
    let down = app.upload_as(&path, &rosa.access, ("audio", "r.webm"), &webm(), &[], None).await;
    down.problem(503);
    assert_eq!(storage.list(&interview_audio_prefix(rosa.id)).await.unwrap().len(), 1);

    // Erasing the account erases the recordings.
    app.delete_and_purge(&rosa).await;
    assert!(storage.list(&interview_audio_prefix(rosa.id)).await.unwrap().is_empty());
}

/// The events of a `text/event-stream` body, as (name, data).
fn events(body: &str) -> Vec<(String, Value)> {
    body.split("\n\n")
        .filter(|frame| !frame.trim().is_empty())
        .map(|frame| {
            let field = |name: &str| {
                frame.lines().find_map(|line| line.strip_prefix(name)).map(|v| v.trim().to_owned()).unwrap_or_default()
            };
            (field("event:"), serde_json::from_str(&field("data:")).expect("each event's data is JSON"))
        })
        .collect()
}

async fn follow(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, String, Vec<(String, Value)>) {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("accept", "text/event-stream")
        .json(&body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let text = response.text().await.unwrap();
    let events = if kind.starts_with("text/event-stream") { events(&text) } else { Vec::new() };
    (status, kind, events)
}

#[tokio::test]
async fn feedback_can_be_followed_over_server_sent_events() {
    let fake = FakeLlm::start_with(judge).await;
    let app = app_with(&fake.settings("anthropic")).await;
    let ana = app.register("ana@example.pe").await;
    app.subscribe(ana.id, "pro").await;
    let (interview, question) = first_question(&app, &ana.access, "en").await;
    let path = format!("/api/v1/interviews/{interview}/questions/{question}/responses");
    let (status, kind, events) = follow(&app, &path, &ana.access, json!({ "response_text": STORY })).await;
    assert_eq!((status, kind.as_str()), (201, "text/event-stream"));
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names.first(), Some(&"measured"), "{names:?}");
    assert_eq!(names.last(), Some(&"feedback"), "{names:?}");
    assert!(names.iter().filter(|n| **n == "judging").count() >= 2, "the judgement arrives in pieces: {names:?}");
    assert_eq!(events[0].1["scorer"], "builtin", "the built-in measures come first");
    let written: String =
        events.iter().filter(|(n, _)| n == "judging").map(|(_, d)| d["delta"].as_str().unwrap().to_owned()).collect();
    let judgement: Value = serde_json::from_str(&written).expect("the pieces make the model's JSON");
    assert_eq!(judgement["coverage"]["score"], 40);
    let last = &events.last().unwrap().1;
    assert_eq!(last["scorer"], "claude-sonnet-4-5");
    let detail = app.get(&format!("/api/v1/interviews/{interview}"), Some(&ana.access)).await;
    assert_eq!(detail.body["questions"][0]["response"]["response_id"], last["response_id"], "recorded as streamed");

    // Refusals come before the stream, as problems.
    let (status, kind, _) = follow(&app, &path, &ana.access, json!({ "response_text": STORY })).await;
    assert_eq!((status, kind.as_str()), (409, "application/problem+json"));

    // Without a model: the measures, then the same feedback.
    let plain = TestApp::spawn().await;
    let luis = plain.register("luis@example.pe").await;
    let practice = json!({ "question_text": "Tell me about a process you improved.", "answer_text": STORY,
                           "language": "en", "interview_type": "behavioral" });
    let (status, _, events) = follow(&plain, "/api/v1/answers/feedback", &luis.access, practice.clone()).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, vec!["measured", "feedback"]);
    let whole = plain.post("/api/v1/answers/feedback", Some(&luis.access), practice).await;
    assert_eq!(events[1].1, whole.body, "the streamed feedback is the JSON answer's");
}

#[tokio::test]
async fn a_retried_creation_with_the_same_idempotency_key_makes_one_interview() {
    let app = TestApp::spawn().await;
    let rosa = app.register("rosa@example.pe").await;
    let body = json!({ "interview_type": "hr_screening", "role_level": "junior", "difficulty": "easy", "language": "es",
                       "target_duration_minutes": 5 });
    let create = |key: &'static str| {
        app.client
            .post(format!("{}/api/v1/interviews", app.base))
            .bearer_auth(&rosa.access)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let first = TestApp::read(create("entrevista-1").await.unwrap()).await;
    let again = TestApp::read(create("entrevista-1").await.unwrap()).await;
    let other = TestApp::read(create("entrevista-2").await.unwrap()).await;
    assert_eq!((first.status, again.status, other.status), (201, 200, 201));
    assert_eq!(first.body["id"], again.body["id"]);
    assert_ne!(first.body["id"], other.body["id"]);
    let mine = app.get("/api/v1/me/interviews", Some(&rosa.access)).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 2);
    // Another person's same key is theirs alone.
    let luis = app.register("luis@example.pe").await;
    let theirs = app
        .client
        .post(format!("{}/api/v1/interviews", app.base))
        .bearer_auth(&luis.access)
        .header("idempotency-key", "entrevista-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status().as_u16(), 201);
}
