// @generated automatically by Diesel CLI.

pub mod cv {
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
        }
    }
}
