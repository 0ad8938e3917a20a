// @generated automatically by Diesel CLI.

pub mod billing {
    diesel::table! {
        billing.payments (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            subscription_id -> Nullable<Uuid>,
            purpose -> Text,
            plan_id -> Nullable<Text>,
            billing_cycle -> Nullable<Text>,
            amount -> Numeric,
            currency -> Text,
            provider -> Text,
            provider_reference -> Nullable<Text>,
            status -> Text,
            method_type -> Nullable<Text>,
            payment_method -> Nullable<Text>,
            last4 -> Nullable<Text>,
            provider_fee -> Nullable<Numeric>,
            failure_reason -> Nullable<Text>,
            idempotency_key -> Nullable<Text>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            placement_id -> Nullable<Uuid>,
        }
    }

    diesel::table! {
        billing.plans (id) {
            id -> Text,
            audience -> Text,
            name -> Text,
            price_monthly -> Numeric,
            price_yearly -> Numeric,
            currency -> Text,
            interviews_per_month -> Nullable<Int4>,
            cv_uploads_per_month -> Nullable<Int4>,
            ai_feedback_detail -> Text,
            seats -> Nullable<Int4>,
            active_jobs -> Nullable<Int4>,
            trial_days -> Int2,
            features -> Array<Nullable<Text>>,
            position -> Int2,
        }
    }

    diesel::table! {
        billing.profiles (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            id_kind -> Text,
            sealed -> Bytea,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        billing.receipt_series (series) {
            series -> Text,
            kind -> Text,
            last_correlative -> Int4,
        }
    }

    diesel::table! {
        billing.receipts (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            payment_id -> Uuid,
            kind -> Text,
            series -> Text,
            correlative -> Int4,
            issued_at -> Timestamptz,
            currency -> Text,
            description -> Text,
            base -> Numeric,
            igv -> Numeric,
            total -> Numeric,
            igv_rate -> Numeric,
            buyer_sealed -> Bytea,
            credits_receipt_id -> Nullable<Uuid>,
            credit_reason -> Nullable<Text>,
            pdf_key -> Nullable<Text>,
        }
    }

    diesel::table! {
        billing.subscriptions (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            plan_id -> Text,
            status -> Text,
            billing_cycle -> Text,
            current_period_start -> Timestamptz,
            current_period_end -> Timestamptz,
            cancel_at_period_end -> Bool,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            scheduled_plan_id -> Nullable<Text>,
            failed_charges -> Int2,
            first_failed_at -> Nullable<Timestamptz>,
            next_charge_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        billing.usage (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            tenant_id -> Nullable<Uuid>,
            resource -> Text,
            period_start -> Timestamptz,
            used -> Int4,
        }
    }

    diesel::table! {
        billing.webhook_events (provider, event_id) {
            provider -> Text,
            event_id -> Text,
            kind -> Text,
            reference -> Nullable<Text>,
            received_at -> Timestamptz,
        }
    }

    diesel::joinable!(payments -> plans (plan_id));
    diesel::joinable!(payments -> subscriptions (subscription_id));
    diesel::joinable!(receipts -> payments (payment_id));
    diesel::joinable!(receipts -> receipt_series (series));

    diesel::allow_tables_to_appear_in_same_query!(
        payments,
        plans,
        profiles,
        receipt_series,
        receipts,
        subscriptions,
        usage,
        webhook_events,
    );
}
