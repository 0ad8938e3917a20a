// @generated automatically by Diesel CLI.

pub mod cv {
    pub mod sql_types {
        #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = "vector"))]
        pub struct Vector;
    }

    diesel::table! {
        cv.consents (id) {
            id -> Uuid,
            cv_id -> Uuid,
            user_id -> Uuid,
            kind -> Text,
            granted -> Bool,
            ip -> Nullable<Text>,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::Vector;

        cv.cv_embeddings (id) {
            id -> Uuid,
            cv_id -> Uuid,
            user_id -> Uuid,
            section_id -> Nullable<Uuid>,
            section_kind -> Nullable<Text>,
            model -> Text,
            dimensions -> Int4,
            embedding -> Vector,
            content_sha256 -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        cv.cv_sections (id) {
            id -> Uuid,
            cv_id -> Uuid,
            user_id -> Uuid,
            position -> Int4,
            kind -> Text,
            heading -> Text,
            content -> Text,
        }
    }

    diesel::table! {
        cv.cvs (id) {
            id -> Uuid,
            user_id -> Uuid,
            version -> Int4,
            is_primary -> Bool,
            original_filename -> Text,
            file_size_bytes -> Int8,
            mime_type -> Text,
            sha256 -> Text,
            storage_key -> Text,
            language_hint -> Nullable<Text>,
            parsing_status -> Text,
            parsing_error -> Nullable<Text>,
            parsed_data -> Nullable<Jsonb>,
            corrections -> Jsonb,
            idempotency_key -> Nullable<Text>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            parsed_at -> Nullable<Timestamptz>,
            discoverable_since -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        cv.shares (cv_id, tenant_id, purpose_id) {
            cv_id -> Uuid,
            tenant_id -> Uuid,
            user_id -> Uuid,
            purpose_id -> Uuid,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        cv.skills (cv_id, skill_id) {
            cv_id -> Uuid,
            user_id -> Uuid,
            skill_id -> Text,
            name -> Text,
            category -> Text,
            source -> Text,
            years -> Nullable<Float4>,
            proficiency -> Nullable<Text>,
            confidence -> Float4,
        }
    }

    diesel::joinable!(consents -> cvs (cv_id));
    diesel::joinable!(cv_embeddings -> cv_sections (section_id));
    diesel::joinable!(cv_embeddings -> cvs (cv_id));
    diesel::joinable!(cv_sections -> cvs (cv_id));
    diesel::joinable!(shares -> cvs (cv_id));
    diesel::joinable!(skills -> cvs (cv_id));

    diesel::allow_tables_to_appear_in_same_query!(consents, cv_embeddings, cv_sections, cvs, shares, skills,);
}
