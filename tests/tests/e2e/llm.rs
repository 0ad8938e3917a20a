//! The LLM port's two adapters against the local fakes of Anthropic's Messages API and OpenAI's
//! chat completions: structured answers, streaming, 429 with Retry-After, timeouts, a refused
//! key, answers that are not the JSON asked for (one repair), the Redis cache and rate limit.

use std::time::Duration;

use e2e::fakes::llm::{FakeLlm, Misbehaviour};
use kernel::AppError;
use platform::cache::Redis;
use platform::llm::{Llm, LlmSettings, Message, OutputSchema, Prompt, Tier};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use uuid::Uuid;

const PROVIDERS: [&str; 2] = ["anthropic", "openai"];

#[derive(Debug, Deserialize, PartialEq)]
struct Verdict {
    score: u8,
    reason: String,
}

fn verdict_check(verdict: &Verdict) -> Result<(), String> {
    if verdict.score > 100 { Err(format!("score {} is over 100", verdict.score)) } else { Ok(()) }
}

fn prompt(answer: &str) -> Prompt {
    Prompt {
        tier: Tier::Balanced,
        version: "test-verdict-1",
        system: "Score the interview answer from 0 to 100.".into(),
        messages: vec![Message::user(answer)],
        max_output_tokens: 200,
        schema: Some(OutputSchema {
            name: "verdict",
            schema: json!({
                "type": "object",
                "properties": { "score": { "type": "integer" }, "reason": { "type": "string" } },
                "required": ["score", "reason"],
                "additionalProperties": false,
            }),
        }),
    }
}

fn settings(fake: &FakeLlm, provider: &str, extra: &[(&str, &str)]) -> LlmSettings {
    let mut vars = fake.settings(provider);
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let mut settings =
        LlmSettings::from_lookup(|name| vars.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .expect("valid settings")
            .expect("a provider");
    settings.retry_base_delay = Duration::from_millis(20);
    settings
}

async fn redis() -> Redis {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into());
    Redis::connect(&url, &format!("test-llm-{}:", Uuid::now_v7())).await.expect("Redis")
}

fn llm(fake: &FakeLlm, provider: &str, extra: &[(&str, &str)]) -> Llm {
    Llm::new(settings(fake, provider, extra), None).unwrap()
}

#[tokio::test]
async fn both_providers_answer_structured_json_with_usage_and_cost() {
    let fake = FakeLlm::start(json!({ "score": 72, "reason": "concreta, sin resultado medido" })).await;
    for provider in PROVIDERS {
        let llm = llm(&fake, provider, &[]);
        let answer = llm.structured(&prompt("Lideré la migración a Kafka"), None, verdict_check).await.unwrap();
        assert_eq!(answer.value, Verdict { score: 72, reason: "concreta, sin resultado medido".into() });
        assert!(!answer.repaired && !answer.completion.cached);
        assert_eq!(answer.completion.model, llm.model(Tier::Balanced));
        let usage = answer.completion.usage;
        assert!(usage.input_tokens > 10 && usage.output_tokens > 5, "{provider}: {usage:?}");
        let price = settings(&fake, provider, &[]).tier(Tier::Balanced).price;
        assert_eq!(answer.completion.cost_micro_usd, price.micro_usd(usage));
        assert!(answer.completion.cost_micro_usd > 0);
    }
    let received = fake.received();
    let (anthropic, openai) = (&received[0], &received[1]);
    assert_eq!(anthropic.api_key.as_deref(), Some(FakeLlm::KEY));
    assert_eq!(anthropic.anthropic_version.as_deref(), Some("2023-06-01"));
    assert_eq!(anthropic.body["tool_choice"], json!({ "type": "tool", "name": "verdict" }));
    assert_eq!(anthropic.body["model"], "claude-sonnet-4-5");
    assert_eq!(openai.body["response_format"]["json_schema"]["name"], "verdict");
    assert_eq!(openai.body["messages"][0]["role"], "system");
    assert_eq!(openai.body["model"], "gpt-4o");
}

#[tokio::test]
async fn a_429_is_waited_out_as_retry_after_asks() {
    let fake = FakeLlm::start(json!({ "score": 60, "reason": "ok" })).await;
    for provider in PROVIDERS {
        let before = fake.received().len();
        fake.script([Misbehaviour::Status(429, Some(1)), Misbehaviour::Status(529, None)]);
        let started = std::time::Instant::now();
        let answer = llm(&fake, provider, &[]).structured(&prompt("Respuesta"), None, verdict_check).await.unwrap();
        assert_eq!(answer.value.score, 60);
        assert_eq!(fake.received().len() - before, 3, "{provider}: two refusals, then the answer");
        assert!(started.elapsed() >= Duration::from_secs(1), "{provider}: Retry-After: 1 was honoured");
    }
}

#[tokio::test]
async fn retries_end_in_unavailable_and_a_refused_key_is_not_retried() {
    let fake = FakeLlm::start(json!({ "score": 60, "reason": "ok" })).await;
    for provider in PROVIDERS {
        fake.script([
            Misbehaviour::Status(503, None),
            Misbehaviour::Status(503, None),
            Misbehaviour::Status(503, None),
        ]);
        let error = llm(&fake, provider, &[]).complete(&prompt("x")).await.unwrap_err();
        assert!(matches!(error, AppError::Unavailable("llm")), "{provider}: {error:?}");

        let before = fake.received().len();
        let wrong_key = llm(&fake, provider, &[("LLM_API_KEY", "not-the-key")]);
        let error = wrong_key.complete(&prompt("x")).await.unwrap_err();
        assert!(matches!(&error, AppError::Internal(m) if m.contains("401")), "{provider}: {error:?}");
        assert_eq!(fake.received().len() - before, 1, "{provider}: a refused key is asked once");
    }
}

#[tokio::test]
async fn a_stalled_request_times_out_and_is_tried_again() {
    let fake = FakeLlm::start(json!({ "score": 55, "reason": "ok" })).await;
    for provider in PROVIDERS {
        let before = fake.received().len();
        fake.script([Misbehaviour::Stall(Duration::from_secs(3))]);
        let answer = llm(&fake, provider, &[("LLM_TIMEOUT_SECS", "1")])
            .structured(&prompt("y"), None, verdict_check)
            .await
            .unwrap();
        assert_eq!((answer.value.score, fake.received().len() - before), (55, 2), "{provider}");

        fake.script([Misbehaviour::Stall(Duration::from_secs(3))]);
        let no_retry = llm(&fake, provider, &[("LLM_TIMEOUT_SECS", "1"), ("LLM_MAX_RETRIES", "0")]);
        assert!(matches!(no_retry.complete(&prompt("y")).await, Err(AppError::Unavailable("llm"))), "{provider}");
    }
}

#[tokio::test]
async fn malformed_output_is_repaired_once() {
    let fake = FakeLlm::start(json!({ "score": 81, "reason": "clara" })).await;
    for provider in PROVIDERS {
        let before = fake.received().len();
        fake.script([Misbehaviour::Answer("Claro, aquí tienes: score 81".into())]);
        let answer = llm(&fake, provider, &[]).structured(&prompt("z"), None, verdict_check).await.unwrap();
        assert!(answer.repaired, "{provider}");
        assert_eq!(answer.value.score, 81);
        let received = fake.received();
        assert_eq!(received.len() - before, 2);
        let repair = &received.last().unwrap().body["messages"];
        let turns = repair.as_array().unwrap();
        let (said, asked) = (&turns[turns.len() - 2], &turns[turns.len() - 1]);
        assert_eq!(said["role"], "assistant");
        assert!(said["content"].as_str().unwrap().contains("aquí tienes"), "{provider}: the bad answer is shown back");
        assert!(asked["content"].as_str().unwrap().contains("cannot be used"), "{provider}");

        // Out of range twice: the schema's check fails both times.
        fake.script([
            Misbehaviour::Answer(r#"{"score": 300, "reason": "x"}"#.into()),
            Misbehaviour::Answer(r#"{"score": 250, "reason": "x"}"#.into()),
        ]);
        let error = llm(&fake, provider, &[]).structured(&prompt("w"), None, verdict_check).await.unwrap_err();
        assert!(matches!(error, AppError::Unavailable("llm")), "{provider}: {error:?}");
    }
}

#[tokio::test]
async fn streams_arrive_in_pieces_that_make_the_answer() {
    let fake =
        FakeLlm::start(json!("Empieza por la situación, di qué hiciste tú y cierra con el resultado medido.")).await;
    for provider in PROVIDERS {
        let plain = Prompt { schema: None, ..prompt("Háblame de un conflicto") };
        let (sender, mut receiver) = mpsc::channel(64);
        let completion = llm(&fake, provider, &[]).stream(&plain, sender).await.unwrap();
        let mut pieces = Vec::new();
        while let Some(piece) = receiver.recv().await {
            pieces.push(piece);
        }
        assert!(pieces.len() > 3, "{provider}: {pieces:?}");
        assert_eq!(pieces.concat(), completion.text);
        assert!(completion.text.starts_with("Empieza por la situación"));
        assert!(completion.usage.output_tokens > 0, "{provider}: the usage comes at the end of the stream");

        // A structured answer streams its JSON.
        fake.set_answer(json!({ "score": 64, "reason": "le falta el resultado" }));
        let (sender, mut receiver) = mpsc::channel(64);
        let answer = llm(&fake, provider, &[]).structured(&prompt("q"), Some(sender), verdict_check).await.unwrap();
        let mut json = String::new();
        while let Some(piece) = receiver.recv().await {
            json.push_str(&piece);
        }
        assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap()["score"], 64);
        assert_eq!(answer.value.score, 64);
        fake.set_answer(json!("Empieza por la situación, di qué hiciste tú y cierra con el resultado medido."));

        // Cut after the first pieces went out: not retried, since the client saw them.
        let before = fake.received().len();
        fake.script([Misbehaviour::CutStream]);
        let (sender, _receiver) = mpsc::channel(64);
        assert!(matches!(llm(&fake, provider, &[]).stream(&plain, sender).await, Err(AppError::Unavailable("llm"))));
        assert_eq!(fake.received().len() - before, 1, "{provider}");

        // Refused before any piece: retried.
        fake.script([Misbehaviour::Status(529, None)]);
        let (sender, _receiver) = mpsc::channel(64);
        assert!(llm(&fake, provider, &[]).stream(&plain, sender).await.is_ok(), "{provider}");
    }
}

#[tokio::test]
async fn answers_are_cached_in_redis_and_each_model_keeps_its_rate() {
    let fake = FakeLlm::start(json!({ "score": 70, "reason": "ok" })).await;
    let redis = redis().await;
    for provider in PROVIDERS {
        let llm = Llm::new(settings(&fake, provider, &[]), Some(redis.clone())).unwrap();
        let first = llm.structured(&prompt("La misma respuesta"), None, verdict_check).await.unwrap();
        let before = fake.received().len();
        let again = llm.structured(&prompt("La misma respuesta"), None, verdict_check).await.unwrap();
        assert_eq!(fake.received().len(), before, "{provider}: the cache answered");
        assert!(again.completion.cached && !first.completion.cached);
        assert_eq!((again.value, again.completion.cost_micro_usd), (first.value, 0));
        llm.structured(&prompt("Otra respuesta"), None, verdict_check).await.unwrap();
        assert_eq!(fake.received().len(), before + 1, "{provider}: a new input asks the model");
    }

    // One request a minute, no burst: the second waits longer than a request may, and is refused
    // without reaching the provider.
    let limited = Llm::new(
        settings(
            &fake,
            "openai",
            &[
                ("LLM_REQUESTS_PER_MINUTE", "1"),
                ("LLM_BURST", "1"),
                ("LLM_MODEL_FAST", "tiny"),
                ("LLM_CACHE_TTL_SECS", "0"),
            ],
        ),
        Some(redis.clone()),
    )
    .unwrap();
    let fast = |text: &str| Prompt { tier: Tier::Fast, ..prompt(text) };
    limited.structured(&fast("uno"), None, verdict_check).await.unwrap();
    let before = fake.received().len();
    assert!(matches!(limited.complete(&fast("dos")).await, Err(AppError::Unavailable("llm"))));
    assert_eq!(fake.received().len(), before);
}
