// @generated automatically by Diesel CLI.

pub mod interview {
    diesel::table! {
        interview.interviews (id) {
            id -> Uuid,
            user_id -> Uuid,
            interview_type -> Text,
            role_level -> Text,
            difficulty -> Text,
            language -> Text,
            job_id -> Nullable<Uuid>,
            job_title -> Nullable<Text>,
            cv_id -> Nullable<Uuid>,
            job_terms -> Array<Nullable<Text>>,
            target_duration_minutes -> Int2,
            status -> Text,
            overall_score -> Nullable<Int2>,
            scores -> Nullable<Jsonb>,
            feedback -> Jsonb,
            scorer -> Text,
            rubric_version -> Text,
            created_at -> Timestamptz,
            last_activity_at -> Timestamptz,
            ended_at -> Nullable<Timestamptz>,
            llm_input_tokens -> Int8,
            llm_output_tokens -> Int8,
            llm_cost_micro_usd -> Int8,
            idempotency_key -> Nullable<Text>,
        }
    }

    diesel::table! {
        interview.questions (id) {
            id -> Uuid,
            interview_id -> Uuid,
            user_id -> Uuid,
            position -> Int2,
            follows_up -> Nullable<Uuid>,
            bank_id -> Nullable<Text>,
            source -> Text,
            kind -> Text,
            text -> Text,
            competencies -> Array<Nullable<Text>>,
            expected_points -> Jsonb,
            asked_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        interview.responses (id) {
            id -> Uuid,
            question_id -> Uuid,
            interview_id -> Uuid,
            user_id -> Uuid,
            response_text -> Text,
            response_duration_seconds -> Nullable<Int4>,
            score -> Int2,
            feedback -> Jsonb,
            scorer -> Text,
            rubric_version -> Text,
            input_hash -> Text,
            created_at -> Timestamptz,
            audio_key -> Nullable<Text>,
            audio_format -> Nullable<Text>,
            audio_bytes -> Nullable<Int4>,
        }
    }

    diesel::joinable!(questions -> interviews (interview_id));
    diesel::joinable!(responses -> interviews (interview_id));
    diesel::joinable!(responses -> questions (question_id));

    diesel::allow_tables_to_appear_in_same_query!(interviews, questions, responses,);
}
