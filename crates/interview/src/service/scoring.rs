//! Who scores an answer: the built-in interviewer always (its measures of delivery and length
//! stand), and the configured model on top for what only meaning tells. A model that cannot
//! answer usefully (down, rate-limited, unrepairable output) leaves the built-in score, whose
//! `scorer` says so: the person gets feedback either way.

use platform::llm::{Message, OutputSchema, Prompt, Tier};

use super::InterviewService;
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
    pub(crate) async fn score(&self, input: &Scoring<'_>) -> Scored {
        let builtin = score_answer(input);
        let Some(llm) = &self.inner.helpers.llm else {
            return Scored { feedback: builtin, cost: ModelCost::default() };
        };
        let prompt = Prompt {
            tier: Tier::Balanced,
            version: judged::PROMPT_VERSION,
            system: judged::system_prompt(input.language),
            messages: vec![Message::user(judged::user_prompt(input, &builtin))],
            max_output_tokens: MAX_JUDGEMENT_TOKENS,
            schema: Some(OutputSchema { name: "answer_feedback", schema: judged::judgement_schema() }),
        };
        let points: Vec<&str> = input.points.iter().map(|p| p.point.as_str()).collect();
        match llm.structured::<Judgement>(&prompt, None, |judgement| judged::check(judgement, &points)).await {
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
