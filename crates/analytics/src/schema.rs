// @generated automatically by Diesel CLI.

pub mod analytics {
    diesel::table! {
        analytics.audit_log (seq) {
            seq -> Int8,
            id -> Uuid,
            occurred_at -> Timestamptz,
            action -> Text,
            outcome -> Text,
            tenant_id -> Nullable<Uuid>,
            actor_id -> Nullable<Uuid>,
            subject_id -> Nullable<Uuid>,
            ip -> Nullable<Text>,
            details -> Jsonb,
            nonce -> Nullable<Bytea>,
            erased_at -> Nullable<Timestamptz>,
            person_pseudonym -> Nullable<Text>,
            personal_digest -> Bytea,
            prev_hash -> Bytea,
            hash -> Bytea,
        }
    }

    diesel::table! {
        analytics.event_receipts (event_id) {
            event_id -> Uuid,
            received_at -> Timestamptz,
        }
    }

    diesel::table! {
        analytics.events (event_id, occurred_at) {
            event_id -> Uuid,
            occurred_at -> Timestamptz,
            received_at -> Timestamptz,
            name -> Text,
            category -> Nullable<Text>,
            source -> Text,
            actor_key -> Nullable<Text>,
            tenant_id -> Nullable<Uuid>,
            session_key -> Nullable<Text>,
            properties -> Jsonb,
            page_path -> Nullable<Text>,
            referrer_host -> Nullable<Text>,
            device -> Nullable<Text>,
            browser -> Nullable<Text>,
            os -> Nullable<Text>,
            country -> Nullable<Text>,
            city -> Nullable<Text>,
        }
    }

    diesel::table! {
        analytics.metrics (id) {
            id -> Int8,
            granularity -> Text,
            bucket_start -> Timestamptz,
            scope -> Text,
            tenant_id -> Nullable<Uuid>,
            name -> Text,
            events -> Int8,
            actors -> Int8,
            computed_at -> Timestamptz,
        }
    }

    diesel::table! {
        analytics.outbox (id) {
            id -> Uuid,
            occurred_at -> Timestamptz,
            name -> Text,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            properties -> Jsonb,
        }
    }

    diesel::allow_tables_to_appear_in_same_query!(audit_log, event_receipts, events, metrics, outbox,);
}
