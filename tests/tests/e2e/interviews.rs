//! Mock interviews tailored to a job and a CV, answered with follow-ups, completed into scores and
//! feedback; free practice of any question; nobody reads another's interviews.

use e2e::TestApp;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::tailoring::{accountant_cv, posting};

#[tokio::test]
async fn an_answer_to_any_question_gets_explainable_reproducible_feedback() {
    let app = TestApp::spawn().await;
    let ana = app.register("ana@example.pe").await;
    let question = "Cuéntame de una vez que tuviste que convencer a tu jefe de cambiar un proceso.";
    let strong = "En Backus, cuando era analista de compras, mi responsabilidad era reducir quiebres de stock. \
        Analicé seis meses de pedidos, preparé una propuesta con los números y se la presenté a mi jefe: \
        pasar a reposición semanal. Hice un piloto con dos proveedores y logramos bajar los quiebres un 35% \
        en tres meses. Aprendí que un dato bien presentado convence más que una opinión.";
    let weak = "Eh, bueno, creo que hay que comunicarse bien, o sea, nosotros siempre tratamos de mejorar.";
    let body = |answer: &str, seconds: u32| {
        json!({ "question_text": question, "answer_text": answer, "language": "es",
                "interview_type": "behavioral", "response_duration_seconds": seconds })
    };

    let scored = app.post("/api/v1/answers/feedback", Some(&ana.access), body(strong, 30)).await;
    assert_eq!(scored.status, 200, "{}", scored.body);
    let again = app.post("/api/v1/answers/feedback", Some(&ana.access), body(strong, 30)).await;
    assert_eq!(scored.body, again.body, "same answer, same feedback");
    let feedback = &scored.body;
    assert_eq!(feedback["structure"], json!({"situation": true, "task": true, "action": true, "result": true}));
    assert_eq!(feedback["scorer"], "builtin");
    assert_eq!(feedback["sub_scores"].as_array().unwrap().len(), 7);
    assert!(feedback["sub_scores"].as_array().unwrap().iter().all(|s| !s["why"].as_str().unwrap().is_empty()));

    let poor = app.post("/api/v1/answers/feedback", Some(&ana.access), body(weak, 8)).await;
    assert_eq!(poor.status, 200, "{}", poor.body);
    assert!(
        feedback["score"].as_u64() > poor.body["score"].as_u64().map(|s| s + 25),
        "{} vs {}",
        feedback["score"],
        poor.body["score"]
    );
    assert!(poor.body["follow_up"].is_string(), "a weak answer brings a follow-up");
    assert!(!poor.body["delivery"]["filler_words"].as_array().unwrap().is_empty());

    let anonymous = app.post("/api/v1/answers/feedback", None, body(strong, 30)).await;
    assert_eq!(anonymous.status, 401);
    let blank = app.post("/api/v1/answers/feedback", Some(&ana.access), body("   ", 30)).await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    let unknown = app.post("/api/v1/answers/feedback", Some(&ana.access), json!({"question_text": question})).await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
}

fn id(value: &Value) -> Uuid {
    value["id"].as_str().unwrap().parse().unwrap()
}

async fn answer(app: &TestApp, token: &str, interview: Uuid, question: Uuid, text: &str) -> e2e::Response {
    let body = json!({ "response_text": text, "response_duration_seconds": 60 });
    app.post(&format!("/api/v1/interviews/{interview}/questions/{question}/responses"), Some(token), body).await
}

#[tokio::test]
async fn a_whole_interview_in_spanish_tailored_to_a_job_and_a_cv() {
    let app = TestApp::spawn().await;
    let (_, admin) = app.company("bolsa").await;
    let job = posting(&app, &admin, true).await;
    let ana = app.register("ana@example.pe").await;
    let cv = accountant_cv(&app, &ana).await;
    let body = json!({ "interview_type": "technical", "role_level": "mid", "difficulty": "medium", "language": "es",
                       "job_id": job, "cv_id": cv, "target_duration_minutes": 15 });
    let created = app.post("/api/v1/interviews", Some(&ana.access), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let interview = id(&created.body);
    assert_eq!(created.body["job_title"], "Analista Contable Senior");
    let questions = created.body["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 4, "15 minutes of technical questions");
    let sources: Vec<&str> = questions.iter().map(|q| q["question"]["source"].as_str().unwrap()).collect();
    assert!(sources.contains(&"job_requirement") && sources.contains(&"cv_experience"), "{sources:?}");
    let experience = questions.iter().find(|q| q["question"]["source"] == "cv_experience").unwrap();
    assert!(experience["question"]["text"].as_str().unwrap().contains("Sol de Oro"), "{experience}");

    // The first question; a weak answer brings a follow-up, asked next.
    let first = app.get(&format!("/api/v1/interviews/{interview}/next-question"), Some(&ana.access)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let first_id = id(&first.body);
    let weak =
        answer(&app, &ana.access, interview, first_id, "Eh, bueno, o sea, lo normal, creo que sí lo he visto.").await;
    assert_eq!(weak.status, 201, "{}", weak.body);
    let follow_up = &weak.body["follow_up_question"];
    assert_eq!(follow_up["follows_up"], first_id.to_string(), "{}", weak.body);
    assert_eq!(follow_up["source"], "follow_up");
    let again = answer(&app, &ana.access, interview, first_id, "Otra vez").await;
    assert_eq!(again.status, 409, "a question takes one answer");
    let next = app.get(&format!("/api/v1/interviews/{interview}/next-question"), Some(&ana.access)).await;
    assert_eq!(next.body["id"], follow_up["id"], "the follow-up comes right after its question");
    let strong = "En Distribuidora Sol de Oro preparé los estados financieros bajo NIIF cada mes. Primero concilié \
        las cuentas por pagar con el ERP, luego revisé las provisiones con el gerente y documenté cada ajuste. \
        Logré cerrar en 4 días en lugar de 8 y reduje los ajustes de auditoría un 30%. Aprendí a validar antes del cierre.";
    let answered = answer(&app, &ana.access, interview, id(&next.body), strong).await;
    assert_eq!(answered.status, 201, "{}", answered.body);
    assert!(answered.body["follow_up_question"].is_null(), "no follow-up of a follow-up");
    assert!(answered.body["score"].as_u64() > weak.body["score"].as_u64());

    // Out of order, someone else's, then complete.
    let plan: Vec<Uuid> = questions.iter().map(|q| id(&q["question"])).collect();
    let skipped = answer(&app, &ana.access, interview, plan[3], strong).await;
    assert_eq!(skipped.status, 409, "{}", skipped.body);
    let bob = app.register("bob@example.pe").await;
    assert_eq!(app.get(&format!("/api/v1/interviews/{interview}"), Some(&bob.access)).await.status, 404);
    assert_eq!(answer(&app, &bob.access, interview, plan[1], strong).await.status, 404);
    assert_eq!(
        app.post(&format!("/api/v1/interviews/{interview}/complete"), Some(&bob.access), json!({})).await.status,
        404
    );

    let completed = app.post(&format!("/api/v1/interviews/{interview}/complete"), Some(&ana.access), json!({})).await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    assert_eq!(completed.body["status"], "completed");
    let scores = &completed.body["scores"];
    for key in ["overall", "communication", "content", "structure", "confidence"] {
        assert!(scores[key].as_u64().is_some_and(|s| s <= 100), "{key}: {scores}");
    }
    let kinds: Vec<&str> =
        completed.body["feedback"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"summary"));
    assert!(kinds.contains(&"improvement") && kinds.contains(&"resource"), "{kinds:?}");
    let after = answer(&app, &ana.access, interview, plan[1], strong).await;
    assert_eq!(after.status, 409, "a completed interview takes no answers");
    let abandon = app.post(&format!("/api/v1/interviews/{interview}/abandon"), Some(&ana.access), json!({})).await;
    assert_eq!(abandon.status, 409);

    let mine = app.get("/api/v1/me/interviews", Some(&ana.access)).await;
    assert_eq!(mine.body["items"][0]["id"], interview.to_string());
    assert_eq!(mine.body["items"][0]["overall_score"], scores["overall"]);
    assert_eq!(app.get("/api/v1/me/interviews", Some(&bob.access)).await.body["items"], json!([]));

    let progress = app.get("/api/v1/me/progress", Some(&ana.access)).await;
    assert_eq!(progress.status, 200, "{}", progress.body);
    assert_eq!(progress.body["answers"], 2, "the question and its follow-up");
    assert_eq!(progress.body["by_type"][0]["name"], "technical");
    assert_eq!(progress.body["by_type"][0]["trend"], "too_few_answers");
    assert_eq!(app.get("/api/v1/me/progress", Some(&bob.access)).await.body["answers"], 0);

    let ready = app.get(&format!("/api/v1/jobs/{job}/readiness?cv_id={cv}"), Some(&ana.access)).await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert_eq!(ready.body["answers_for_this_job"], 2);
    assert!(ready.body["fit_score"].as_u64().is_some() && ready.body["readiness"].as_u64().is_some_and(|r| r <= 100));
    let actions = ready.body["next_actions"].as_array().unwrap();
    assert!(!actions.is_empty() && actions.len() <= 3, "{}", ready.body);
    let primary = app.get(&format!("/api/v1/jobs/{job}/readiness"), Some(&ana.access)).await;
    assert_eq!(primary.body["fit_score"], ready.body["fit_score"], "her only CV is her primary one");
    let without_cv = app.get(&format!("/api/v1/jobs/{job}/readiness"), Some(&bob.access)).await;
    assert_eq!(without_cv.body["next_actions"][0]["kind"], "choose_cv", "{}", without_cv.body);
    assert_eq!(without_cv.body["answers_for_this_job"], 0);
    let not_bobs = app.get(&format!("/api/v1/jobs/{job}/readiness?cv_id={cv}"), Some(&bob.access)).await;
    assert_eq!(not_bobs.status, 404, "another person's CV");
}

#[tokio::test]
async fn an_interview_in_english_from_the_bank_and_one_left_halfway() {
    let app = TestApp::spawn().await;
    let luis = app.register("luis@example.pe").await;
    let body = json!({ "interview_type": "behavioral", "role_level": "senior", "difficulty": "hard", "language": "en",
                       "target_duration_minutes": 10 });
    let created = app.post("/api/v1/interviews", Some(&luis.access), body.clone()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let interview = id(&created.body);
    let questions = created.body["questions"].as_array().unwrap();
    assert!(questions.iter().all(|q| q["question"]["source"] == "bank" && q["question"]["kind"] == "behavioral"));
    let complete_early =
        app.post(&format!("/api/v1/interviews/{interview}/complete"), Some(&luis.access), json!({})).await;
    assert_eq!(complete_early.status, 409, "nothing answered yet");
    let first = app.get(&format!("/api/v1/interviews/{interview}/next-question"), Some(&luis.access)).await;
    let story = "At my previous company, Interbank, my role was to lead the mobile release. Two engineers disagreed \
        on the architecture, so I organised a one-hour review, I wrote down both options with their costs and we \
        chose the simpler one. We shipped two weeks early and crashes fell by 40%. I learned to decide with data.";
    let answered = answer(&app, &luis.access, interview, id(&first.body), story).await;
    assert_eq!(answered.status, 201, "{}", answered.body);
    assert_eq!(answered.body["scorer"], "builtin");
    assert_eq!(answered.body["structure"]["action"], true);

    let left = app.post("/api/v1/interviews", Some(&luis.access), body.clone()).await;
    let left = id(&left.body);
    let abandoned = app.post(&format!("/api/v1/interviews/{left}/abandon"), Some(&luis.access), json!({})).await;
    assert_eq!(abandoned.status, 200, "{}", abandoned.body);
    assert_eq!(abandoned.body["status"], "abandoned");
    let next = app.get(&format!("/api/v1/interviews/{left}/next-question"), Some(&luis.access)).await;
    assert_eq!(next.status, 409);
    let completed = app.post(&format!("/api/v1/interviews/{interview}/complete"), Some(&luis.access), json!({})).await;
    assert_eq!(completed.status, 200, "{}", completed.body);
    assert_eq!(completed.body["questions"][0]["response"]["feedback"]["structure"]["action"], true);

    // One left a day without a move expires (the hourly job's query); the others stay as they are.
    let idle = id(&app.post("/api/v1/interviews", Some(&luis.access), body).await.body);
    let mut owner = app.owner_connection().await;
    let backdate = diesel::sql_query(
        "UPDATE interview.interviews SET last_activity_at = now() - interval '25 hours' WHERE id = $1",
    )
    .bind::<diesel::sql_types::Uuid, _>(idle);
    diesel_async::RunQueryDsl::execute(backdate, &mut owner).await.unwrap();
    let now = chrono::Utc::now();
    let expired = interview::store::expire_stale(&mut owner, now - chrono::Duration::hours(24), now).await.unwrap();
    assert_eq!(expired, 1, "only the idle interview in progress");
    let idle_now = app.get(&format!("/api/v1/interviews/{idle}"), Some(&luis.access)).await;
    assert_eq!(idle_now.body["status"], "expired");
    app.get(&format!("/api/v1/interviews/{idle}/next-question"), Some(&luis.access)).await.problem(409);

    // All three are in Luis's data export, and erasing his account erases them.
    let export = app.get("/api/v1/me/data-export", Some(&luis.access)).await;
    let exported = export.body["data"]["interview"]["interviews"].as_array().unwrap();
    assert_eq!(exported.len(), 3, "{}", export.body["data"]["interview"]);
    assert!(export.body["data"]["interview"].to_string().contains("Interbank"), "the answers are exported");
    app.delete_and_purge(&luis).await;
    for table in ["interviews", "questions", "responses"] {
        let sql = format!("SELECT count(*) AS count FROM interview.{table} WHERE user_id = $1");
        assert_eq!(app.owner_count(&sql, Some(luis.id)).await, 0, "interview.{table} kept rows of an erased account");
    }
}
