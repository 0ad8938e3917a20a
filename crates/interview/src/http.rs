//! The interview context over HTTP: thin handlers.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, post, web};
use bytes::BytesMut;
use futures_util::StreamExt;
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult, Problem};
use utoipa::OpenApi;
use uuid::Uuid;

use crate::domain::progress::Progress;
use crate::domain::readiness::Readiness;
use crate::domain::scoring::AnswerFeedback;
use crate::service::spoken::MAX_AUDIO_BYTES;
use crate::service::{
    FeedbackEvent, FeedbackSink, FreeAnswer, InterviewDetail, InterviewService, InterviewSummary, NewInterview,
    QuestionView, ResponseFeedback, ResponseInput, SpokenAnswer,
};

type Service = web::Data<InterviewService>;

/// Plans a mock interview sized to its duration: questions from the built-in bank at the
/// difficulty and level asked, tailored to a posting (its skills; with a CV, the must-haves the
/// CV lacks) and to a CV (its own experiences). A repeated `Idempotency-Key` answers the
/// interview it created.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), request_body = NewInterview,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request create one interview",
        min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    responses(
        (status = 201, body = InterviewDetail),
        (status = 200, description = "This Idempotency-Key made this interview before", body = InterviewDetail),
        (status = 402, description = "The plan's quota for this month is spent: `quota` names the resource, the limit and when it resets", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such posting or CV for you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/interviews")]
pub(crate) async fn create_interview(
    service: Service,
    auth: AuthUser,
    request: HttpRequest,
    body: Json<NewInterview>,
) -> AppResult<HttpResponse> {
    let key = kernel::input::idempotency_key(&request)?;
    let (interview, created) = service.create_interview(&auth, body.into_inner(), key).await?;
    Ok(if created { HttpResponse::Created().json(interview) } else { HttpResponse::Ok().json(interview) })
}

/// One of your interviews: its plan, your answers with their feedback, and once completed its
/// final scores and feedback.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = InterviewDetail)))]
#[get("/api/v1/interviews/{id}")]
pub(crate) async fn get_interview(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<InterviewDetail>> {
    Ok(web::Json(service.interview(&auth, id.into_inner()).await?))
}

/// The question to answer now: the same until it is answered, then the next (a follow-up comes
/// right after the question it follows).
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = QuestionView),
        (status = 409, description = "The interview is over, or every question is answered", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/interviews/{id}/next-question")]
pub(crate) async fn next_question(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<QuestionView>> {
    Ok(web::Json(service.next_question(&auth, id.into_inner()).await?))
}

/// The multipart form of a spoken answer, for the OpenAPI document (the handler reads the form
/// as a stream, so nothing constructs this type).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SpokenAnswerForm {
    /// The recording: WebM, Ogg, MP3 or WAV (told by its content), at most 10 MiB.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    audio: Vec<u8>,
    /// How long the answer took, in seconds (else the recording's own length).
    #[schema(nullable = false, minimum = 1, maximum = 3600)]
    response_duration_seconds: Option<u32>,
}

/// Reads a spoken answer's form, refusing a recording over the limit as soon as it is.
async fn read_spoken(mut form: Multipart) -> AppResult<SpokenAnswer> {
    let malformed = |e: actix_multipart::MultipartError| AppError::BadRequest(format!("malformed multipart body: {e}"));
    let (mut audio, mut duration_seconds) = (None, None);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            if (bytes.len() + chunk.len()) as u64 > MAX_AUDIO_BYTES {
                return Err(AppError::PayloadTooLarge(MAX_AUDIO_BYTES));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "audio" => audio = Some(bytes.freeze()),
            "response_duration_seconds" => {
                let seconds = std::str::from_utf8(&bytes).ok().and_then(|t| t.trim().parse::<u32>().ok());
                duration_seconds = Some(
                    seconds
                        .filter(|s| (1..=3600).contains(s))
                        .ok_or_else(|| AppError::invalid("response_duration_seconds", "range", "1 to 3600 seconds"))?,
                );
            }
            _ => {}
        }
    }
    let audio = audio
        .filter(|a| !a.is_empty())
        .ok_or_else(|| AppError::invalid("audio", "required", "send the recording in the field `audio`"))?;
    Ok(SpokenAnswer { audio, duration_seconds })
}

/// Answers the interview's current question, written (JSON) or spoken (a multipart form with
/// the recording, transcribed when a transcriber is configured; 415 otherwise): its feedback at
/// once, and a follow-up question when the answer missed a point that has one (at most one per
/// question).
#[utoipa::path(tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("question_id" = Uuid, Path)),
    request_body(content(
        (ResponseInput = "application/json"),
        (SpokenAnswerForm = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "The feedback; with `Accept: text/event-stream` (written answers), followed as it is made: events `measured`, `judging` (with a model), then `feedback` (this body) or `error` (a problem)",
            content((ResponseFeedback = "application/json"), (String = "text/event-stream"))),
        (status = 409, description = "The interview is over, the question is answered, or it is not the current one", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON nor a form, a recording that is not WebM, Ogg, MP3 or WAV audio, or no transcriber configured", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The transcriber cannot be reached now", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/interviews/{id}/questions/{question_id}/responses")]
pub(crate) async fn respond(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, actix_web::Error> {
    let (id, question_id) = path.into_inner();
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let feedback = if is_form {
        let spoken = read_spoken(Multipart::new(request.headers(), payload)).await?;
        service.respond_spoken(&auth, id, question_id, spoken).await?
    } else {
        let body = Json::<ResponseInput>::from_request(&request, &mut payload.into_inner()).await?;
        let (turn, answer) = service.prepare_written(&auth, id, question_id, body.into_inner()).await?;
        if wants_events(&request) {
            let service = service.into_inner();
            return Ok(events(StatusCode::CREATED, move |progress| async move {
                service.record(&auth, &turn, answer, Some(&progress)).await
            }));
        }
        service.record(&auth, &turn, answer, None).await?
    };
    Ok(HttpResponse::Created().json(feedback))
}

/// Whether the client asked to follow the feedback as it is made.
fn wants_events(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|kind| kind.trim().starts_with(EVENT_STREAM)))
}

const EVENT_STREAM: &str = "text/event-stream";

/// One server-sent event; the data is one line of JSON.
fn frame(event: &str, data: &impl serde::Serialize) -> web::Bytes {
    web::Bytes::from(format!("event: {event}\ndata: {}\n\n", serde_json::to_string(data).unwrap_or_default()))
}

/// Feedback followed as it is made (`text/event-stream`): `measured` (the built-in measures, at
/// once), `judging` (`{"delta": …}` pieces of a model's judgement, when one is configured), then
/// `feedback` (the same body as the JSON answer) or `error` (a problem). The work runs to its end
/// even when the client leaves, so the answer is recorded either way.
fn events<T, Work>(status: StatusCode, work: impl FnOnce(FeedbackSink) -> Work + 'static) -> HttpResponse
where
    T: serde::Serialize + 'static,
    Work: std::future::Future<Output = AppResult<T>> + 'static,
{
    let (frames, receiver) = tokio::sync::mpsc::channel::<web::Bytes>(64);
    actix_web::rt::spawn(async move {
        let (progress, mut heard) = tokio::sync::mpsc::channel(64);
        let relay = async {
            while let Some(event) = heard.recv().await {
                let frame = match event {
                    FeedbackEvent::Measured(feedback) => frame("measured", &feedback),
                    FeedbackEvent::Judging(piece) => frame("judging", &serde_json::json!({ "delta": piece })),
                };
                let _ = frames.send(frame).await;
            }
        };
        let (outcome, ()) = tokio::join!(work(progress), relay);
        let last = match outcome {
            Ok(body) => frame("feedback", &body),
            Err(error) => frame("error", &error.to_problem()),
        };
        let _ = frames.send(last).await;
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|frame| (Ok::<_, actix_web::Error>(frame), receiver))
    });
    HttpResponse::build(status)
        .content_type(EVENT_STREAM)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .streaming(body)
}

/// Ends the interview with its final scores (overall, communication, content, structure,
/// confidence) and feedback (summary, strength, improvement, action items, a resource).
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = InterviewDetail),
        (status = 409, description = "The interview is over, or no question is answered yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/interviews/{id}/complete")]
pub(crate) async fn complete_interview(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<InterviewDetail>> {
    Ok(web::Json(service.complete(&auth, id.into_inner()).await?))
}

/// Leaves the interview without scores.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = InterviewSummary),
        (status = 409, description = "The interview is over", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/interviews/{id}/abandon")]
pub(crate) async fn abandon_interview(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<InterviewSummary>> {
    Ok(web::Json(service.abandon(&auth, id.into_inner()).await?))
}

/// Your interviews, newest first.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<InterviewSummary>)))]
#[get("/api/v1/me/interviews")]
pub(crate) async fn my_interviews(
    service: Service,
    auth: AuthUser,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<InterviewSummary>>> {
    Ok(web::Json(service.my_interviews(&auth, &page).await?))
}

/// Your progress over your latest 500 answers: mean scores per week, per interview kind and per
/// competency (earlier half against later half: improving, steady or declining), and the points
/// you miss most.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), responses((status = 200, body = Progress)))]
#[get("/api/v1/me/progress")]
pub(crate) async fn my_progress(service: Service, auth: AuthUser) -> AppResult<web::Json<Progress>> {
    Ok(web::Json(service.progress(&auth).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReadinessQuery {
    /// One of your parsed CVs: its fit to the job and its gaps count (else your primary CV's,
    /// once parsed).
    cv_id: Option<Uuid>,
}

/// How ready you are for this job, 0–100: your CV's fit (`cv_id`, else your primary CV) and your practice (answers
/// in interviews for this job, others counting less), with the three things to do next.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), params(("id" = Uuid, Path), ReadinessQuery),
    responses(
        (status = 200, body = Readiness),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}/readiness")]
pub(crate) async fn job_readiness(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<ReadinessQuery>,
) -> AppResult<web::Json<Readiness>> {
    Ok(web::Json(service.readiness(&auth, id.into_inner(), query.cv_id).await?))
}

/// Feedback on an answer to any question, without an interview: scores (content, structure,
/// delivery), the points covered and missed, a suggested improvement and a follow-up question.
/// Scored like an interview's answers (the built-in interviewer, and the configured model when
/// there is one), reproducibly (`scorer`, `rubric_version`, `input_hash`); nothing is stored.
#[utoipa::path(tag = "interviews", security(("bearer" = [])), request_body = FreeAnswer,
    responses((status = 200, description = "The feedback; with `Accept: text/event-stream`, followed as it is made: events `measured`, `judging` (with a model), then `feedback` (this body) or `error` (a problem)",
        content((AnswerFeedback = "application/json"), (String = "text/event-stream")))))]
#[post("/api/v1/answers/feedback")]
pub(crate) async fn answer_feedback(
    service: Service,
    auth: AuthUser,
    request: HttpRequest,
    body: Json<FreeAnswer>,
) -> AppResult<HttpResponse> {
    let answer = body.into_inner();
    if wants_events(&request) {
        answer.check()?;
        let service = service.into_inner();
        return Ok(events(StatusCode::OK, move |progress| async move {
            service.practice(&auth, &answer, Some(&progress)).await
        }));
    }
    Ok(HttpResponse::Ok().json(service.practice(&auth, &answer, None).await?))
}

#[derive(OpenApi)]
#[openapi(
    paths(create_interview, get_interview, next_question, respond, complete_interview, abandon_interview, my_interviews, my_progress, job_readiness, answer_feedback),
    components(schemas(Page<InterviewSummary>)),
    tags((name = "interviews", description = "Mock interviews, feedback on answers, progress")),
)]
pub struct InterviewApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_interview)
        .service(get_interview)
        .service(next_question)
        .service(respond)
        .service(complete_interview)
        .service(abandon_interview)
        .service(my_interviews)
        .service(my_progress)
        .service(job_readiness)
        .service(answer_feedback);
}
