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
            candidate_id -> Nullable<Uuid>,
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
        hiring.candidates (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            full_name -> Text,
            email -> Nullable<Text>,
            phone -> Nullable<Text>,
            source -> Text,
            headline -> Nullable<Text>,
            added_by -> Nullable<Uuid>,
            cv_status -> Text,
            cv_storage_key -> Nullable<Text>,
            cv_filename -> Nullable<Text>,
            cv_mime_type -> Nullable<Text>,
            cv_size_bytes -> Nullable<Int8>,
            cv_error -> Nullable<Text>,
            cv_data -> Nullable<Jsonb>,
            cv_sections -> Jsonb,
            cv_vector -> Nullable<Array<Nullable<Float4>>>,
            cv_model -> Nullable<Text>,
            cv_parsed_at -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.challenge_templates (id) {
            id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            title -> Text,
            description -> Text,
            languages -> Array<Nullable<Text>>,
            difficulty -> Text,
            estimated_minutes -> Int4,
            locale -> Text,
            usage_count -> Int4,
            created_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        hiring.external_candidacies (job_id, candidate_id) {
            job_id -> Uuid,
            candidate_id -> Uuid,
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
        hiring.scorecard_criteria (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            job_id -> Uuid,
            position -> Int2,
            name -> Text,
            description -> Nullable<Text>,
            weight -> Int2,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            retired_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        hiring.scorecard_scores (scorecard_id, criterion_id) {
            scorecard_id -> Uuid,
            criterion_id -> Uuid,
            tenant_id -> Uuid,
            score -> Int2,
            comment -> Nullable<Text>,
        }
    }

    diesel::table! {
        hiring.scorecards (id) {
            id -> Uuid,
            application_id -> Uuid,
            applied_at -> Timestamptz,
            tenant_id -> Uuid,
            evaluator_id -> Nullable<Uuid>,
            recommendation -> Text,
            comment -> Nullable<Text>,
            created_at -> Timestamptz,
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

    diesel::table! {
        hiring.technical_evaluations (id) {
            id -> Uuid,
            application_id -> Uuid,
            applied_at -> Timestamptz,
            tenant_id -> Uuid,
            challenge_template_id -> Nullable<Uuid>,
            repository_url -> Nullable<Text>,
            commit_sha -> Nullable<Text>,
            pr_url -> Nullable<Text>,
            code_quality_score -> Nullable<Int2>,
            test_coverage -> Nullable<Numeric>,
            reviewer_id -> Nullable<Uuid>,
            notes -> Nullable<Text>,
            status -> Text,
            created_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            submitted_at -> Nullable<Timestamptz>,
            reviewed_at -> Nullable<Timestamptz>,
        }
    }

    diesel::joinable!(applications -> candidates (candidate_id));
    diesel::joinable!(external_candidacies -> candidates (candidate_id));
    diesel::joinable!(network_applications -> talent_profiles (profile_id));
    diesel::joinable!(scorecard_scores -> scorecard_criteria (criterion_id));
    diesel::joinable!(scorecard_scores -> scorecards (scorecard_id));
    diesel::joinable!(technical_evaluations -> challenge_templates (challenge_template_id));

    diesel::allow_tables_to_appear_in_same_query!(
        applications,
        candidacies,
        candidates,
        challenge_templates,
        external_candidacies,
        message_templates,
        network_applications,
        notes,
        pipelines,
        scorecard_criteria,
        scorecard_scores,
        scorecards,
        settings,
        stage_changes,
        submissions,
        talent_profiles,
        technical_evaluations,
    );
}
