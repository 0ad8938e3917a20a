// @generated automatically by Diesel CLI.

pub mod hiring {
    diesel::table! {
        hiring.applications (id, applied_at) {
            id -> Uuid,
            applied_at -> Timestamptz,
            tenant_id -> Uuid,
            job_id -> Uuid,
            job_title -> Text,
            user_id -> Nullable<Uuid>,
            cv_id -> Nullable<Uuid>,
            candidate_name -> Nullable<Text>,
            candidate_email -> Nullable<Text>,
            candidate_phone -> Nullable<Text>,
            headline -> Nullable<Text>,
            cover_letter -> Nullable<Text>,
            answers -> Jsonb,
            source -> Text,
            status -> Text,
            stage -> Text,
            score -> Float4,
            screening -> Nullable<Jsonb>,
            rating -> Nullable<Int2>,
            assigned_recruiter -> Nullable<Uuid>,
            tags -> Array<Nullable<Text>>,
            rejection_reason -> Nullable<Text>,
            rejection_note -> Nullable<Text>,
            search_identity -> Text,
            search_work -> Text,
            updated_at -> Timestamptz,
            closed_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        hiring.candidacies (job_id, user_id) {
            job_id -> Uuid,
            user_id -> Uuid,
            tenant_id -> Uuid,
            application_id -> Uuid,
            applied_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.message_templates (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            name -> Text,
            stage -> Nullable<Text>,
            locale -> Text,
            subject -> Text,
            body -> Text,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.network_applications (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            profile_id -> Uuid,
            user_id -> Uuid,
            job_id -> Nullable<Uuid>,
            job_title -> Nullable<Text>,
            status -> Text,
            message -> Nullable<Text>,
            contacted_by -> Nullable<Uuid>,
            placement_fee -> Nullable<Numeric>,
            fee_currency -> Text,
            fee_status -> Nullable<Text>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.notes (id) {
            id -> Uuid,
            application_id -> Uuid,
            applied_at -> Timestamptz,
            tenant_id -> Uuid,
            author_id -> Nullable<Uuid>,
            body -> Text,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.pipelines (job_id) {
            job_id -> Uuid,
            tenant_id -> Uuid,
            stages -> Jsonb,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.settings (tenant_id) {
            tenant_id -> Uuid,
            blind_review -> Bool,
            reveal_stage -> Text,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.stage_changes (id) {
            id -> Uuid,
            application_id -> Uuid,
            applied_at -> Timestamptz,
            tenant_id -> Uuid,
            user_id -> Nullable<Uuid>,
            from_stage -> Nullable<Text>,
            to_stage -> Text,
            status -> Text,
            actor_id -> Nullable<Uuid>,
            reason -> Nullable<Text>,
            changed_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.submissions (user_id, idempotency_key) {
            user_id -> Uuid,
            idempotency_key -> Text,
            application_id -> Uuid,
            applied_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.talent_profiles (id) {
            id -> Uuid,
            user_id -> Nullable<Uuid>,
            email -> Nullable<Text>,
            github_username -> Nullable<Text>,
            full_name -> Nullable<Text>,
            source -> Text,
            status -> Text,
            cv_id -> Nullable<Uuid>,
            headline -> Nullable<Text>,
            seniority -> Nullable<Text>,
            city -> Nullable<Text>,
            skills -> Jsonb,
            skill_ids -> Array<Nullable<Text>>,
            total_experience_years -> Nullable<Float4>,
            remote_preference -> Nullable<Text>,
            availability -> Nullable<Text>,
            hourly_rate -> Nullable<Numeric>,
            rate_currency -> Text,
            consent_at -> Nullable<Timestamptz>,
            consent_ip -> Nullable<Text>,
            consent_source -> Nullable<Text>,
            invitations_sent -> Int4,
            last_invited_at -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::joinable!(network_applications -> talent_profiles (profile_id));

    diesel::allow_tables_to_appear_in_same_query!(
        applications,
        candidacies,
        message_templates,
        network_applications,
        notes,
        pipelines,
        settings,
        stage_changes,
        submissions,
        talent_profiles,
    );
}
