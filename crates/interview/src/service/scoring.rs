//! Who scores an answer: the built-in interviewer always (its measures of delivery and length
//! stand), and the configured model on top for what only meaning tells, when the person's plan
//! includes detailed feedback. A model that cannot
//! answer usefully (down, rate-limited, unrepairable output) leaves the built-in score, whose
//! `scorer` says so: the person gets feedback either way.

use billing::FeedbackDetail;
use platform::llm::{Message, OutputSchema, Prompt};
use tokio::sync::mpsc;

use super::{FeedbackEvent, FeedbackSink, InterviewService};
use crate::domain::scoring::judged::{self, Judgement};
use crate::domain::scoring::{AnswerFeedback, Scoring, score_answer};
use crate::store::ModelCost;

/// Room for four reasons, the improvement and the follow-up, in either language.
const MAX_JUDGEMENT_TOKENS: u32 = 1_200;

pub(crate) struct Scored {
    pub feedback: AnswerFeedback,
    pub cost: ModelCost,
}

impl InterviewService {
    /// Scores the answer; a client following over SSE (`progress`) hears the built-in measures
    /// at once, then the model's judgement as it is written.
    pub(crate) async fn score(
        &self,
        input: &Scoring<'_>,
        detail: FeedbackDetail,
        progress: Option<&FeedbackSink>,
    ) -> Scored {
        let builtin = score_answer(input);
        if let Some(progress) = progress {
            // A client that went away does not stop the scoring: the answer is recorded anyway.
            let _ = progress.send(FeedbackEvent::Measured(Box::new(builtin.clone()))).await;
        }
        let Some((llm, tier)) = self.scorer(detail) else {
            return Scored { feedback: builtin, cost: ModelCost::default() };
        };
        let prompt = Prompt {
            tier,
            version: judged::PROMPT_VERSION,
            system: judged::system_prompt(input.language),
            messages: vec![Message::user(judged::user_prompt(input, &builtin))],
            max_output_tokens: MAX_JUDGEMENT_TOKENS,
            schema: Some(OutputSchema { name: "answer_feedback", schema: judged::judgement_schema() }),
        };
        let points: Vec<&str> = input.points.iter().map(|p| p.point.as_str()).collect();
        let (pieces, mut written) = match progress {
            Some(_) => {
                let (sender, receiver) = mpsc::channel(64);
                (Some(sender), Some(receiver))
            }
            None => (None, None),
        };
        let judging = llm.structured::<Judgement>(&prompt, pieces, |judgement| judged::check(judgement, &points));
        // The model's pieces end when its answer does (the sender goes with it).
        let forwarding = async {
            if let (Some(written), Some(progress)) = (written.as_mut(), progress) {
                while let Some(piece) = written.recv().await {
                    let _ = progress.send(FeedbackEvent::Judging(piece)).await;
                }
            }
        };
        let (judgement, ()) = tokio::join!(judging, forwarding);
        match judgement {
            Ok(answer) => {
                let completion = answer.completion;
                let cost = ModelCost {
                    input_tokens: completion.usage.input_tokens as i64,
                    output_tokens: completion.usage.output_tokens as i64,
                    micro_usd: completion.cost_micro_usd as i64,
                };
                Scored { feedback: judged::merge(builtin, answer.value, &completion.model), cost }
            }
            Err(error) => {
                tracing::warn!(%error, "interview: the model's judgement is unavailable, the built-in score stands");
                Scored { feedback: builtin, cost: ModelCost::default() }
            }
        }
    }
}
