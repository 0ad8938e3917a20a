// @generated automatically by Diesel CLI.

pub mod billing {
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

    diesel::joinable!(subscriptions -> plans (plan_id));

    diesel::allow_tables_to_appear_in_same_query!(plans, subscriptions, usage,);
}
