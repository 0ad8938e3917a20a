// @generated automatically by Diesel CLI.

pub mod matching {
    pub mod sql_types {
        #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
        pub struct Tsvector;

        #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = "vector"))]
        pub struct Vector;
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::Tsvector;

        matching.board (id) {
            id -> Uuid,
            search_title -> Text,
            search_vector -> Tsvector,
            location_city -> Nullable<Text>,
            location_country -> Text,
            remote_policy -> Text,
            employment_type -> Text,
            seniority_level -> Nullable<Text>,
            industry -> Nullable<Text>,
            salary_min -> Nullable<Numeric>,
            salary_max -> Nullable<Numeric>,
            published_at -> Timestamptz,
            expires_at -> Nullable<Timestamptz>,
            skill_ids -> Array<Nullable<Text>>,
        }
    }

    diesel::table! {
        matching.board_counts (facet, value, id) {
            facet -> Text,
            value -> Text,
            id -> Int8,
            postings -> Int8,
        }
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::Vector;

        matching.job_embeddings (job_id, model) {
            job_id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            model -> Text,
            dimensions -> Int4,
            embedding -> Vector,
            content_sha256 -> Text,
            created_at -> Timestamptz,
            published -> Bool,
            expires_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::Tsvector;

        matching.job_postings (id) {
            id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            created_by -> Nullable<Uuid>,
            source -> Text,
            external_id -> Nullable<Text>,
            status -> Text,
            close_reason -> Nullable<Text>,
            title -> Text,
            description -> Text,
            requirements -> Jsonb,
            benefits -> Jsonb,
            industry -> Nullable<Text>,
            job_function -> Nullable<Text>,
            seniority_level -> Nullable<Text>,
            employment_type -> Text,
            location_city -> Nullable<Text>,
            location_country -> Text,
            remote_policy -> Text,
            salary_min -> Nullable<Numeric>,
            salary_max -> Nullable<Numeric>,
            salary_currency -> Text,
            salary_period -> Text,
            language -> Text,
            analysis -> Jsonb,
            expires_at -> Nullable<Timestamptz>,
            published_at -> Nullable<Timestamptz>,
            closed_at -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            search_title -> Text,
            search_body -> Text,
            search_vector -> Tsvector,
        }
    }

    diesel::table! {
        matching.matches (id) {
            id -> Uuid,
            cv_id -> Uuid,
            user_id -> Uuid,
            job_id -> Uuid,
            overall_score -> Float4,
            semantic_score -> Float4,
            skill_match_score -> Float4,
            experience_score -> Float4,
            details -> Jsonb,
            scorer -> Text,
            status -> Text,
            rating -> Nullable<Int2>,
            computed_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::joinable!(board -> job_postings (id));
    diesel::joinable!(job_embeddings -> job_postings (job_id));
    diesel::joinable!(matches -> job_postings (job_id));

    diesel::allow_tables_to_appear_in_same_query!(board, board_counts, job_embeddings, job_postings, matches,);
}
