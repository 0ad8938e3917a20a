// @generated automatically by Diesel CLI.

pub mod identity {
    diesel::table! {
        identity.consent_records (id) {
            id -> Uuid,
            user_id -> Uuid,
            purpose -> Text,
            granted -> Bool,
            source -> Text,
            ip -> Nullable<Text>,
            recorded_at -> Timestamptz,
        }
    }

    diesel::table! {
        identity.data_exports (id) {
            id -> Uuid,
            user_id -> Uuid,
            status -> Text,
            object_key -> Nullable<Text>,
            size_bytes -> Nullable<Int8>,
            files -> Nullable<Int4>,
            failure -> Nullable<Text>,
            requested_at -> Timestamptz,
            ready_at -> Nullable<Timestamptz>,
            expires_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        identity.invitations (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            email -> Text,
            role -> Text,
            token_hash -> Text,
            invited_by -> Nullable<Uuid>,
            expires_at -> Timestamptz,
            accepted_at -> Nullable<Timestamptz>,
            accepted_by -> Nullable<Uuid>,
            revoked_at -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
            sent_at -> Timestamptz,
        }
    }

    diesel::table! {
        identity.memberships (id) {
            id -> Uuid,
            tenant_id -> Uuid,
            user_id -> Uuid,
            role -> Text,
            status -> Text,
            invited_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        identity.one_time_tokens (token_hash) {
            token_hash -> Text,
            user_id -> Uuid,
            purpose -> Text,
            expires_at -> Timestamptz,
            used_at -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
        }
    }

    diesel::table! {
        identity.refresh_tokens (token_hash) {
            token_hash -> Text,
            session_id -> Uuid,
            user_id -> Uuid,
            created_at -> Timestamptz,
            rotated_at -> Nullable<Timestamptz>,
        }
    }

    diesel::table! {
        identity.roles (code) {
            code -> Text,
            name -> Text,
            level -> Int2,
            permissions -> Array<Nullable<Text>>,
        }
    }

    diesel::table! {
        identity.sessions (id) {
            id -> Uuid,
            user_id -> Uuid,
            tenant_id -> Nullable<Uuid>,
            ip -> Nullable<Text>,
            user_agent -> Nullable<Text>,
            created_at -> Timestamptz,
            last_used_at -> Timestamptz,
            expires_at -> Timestamptz,
            revoked_at -> Nullable<Timestamptz>,
            revoked_reason -> Nullable<Text>,
        }
    }

    diesel::table! {
        identity.tenants (id) {
            id -> Uuid,
            name -> Text,
            slug -> Text,
            industry -> Nullable<Text>,
            employee_count -> Nullable<Int4>,
            size -> Nullable<Text>,
            settings -> Jsonb,
            status -> Text,
            created_by -> Nullable<Uuid>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }

    diesel::table! {
        identity.users (id) {
            id -> Uuid,
            email -> Text,
            password_hash -> Text,
            first_name -> Text,
            last_name -> Text,
            phone -> Nullable<Text>,
            locale -> Text,
            timezone -> Text,
            status -> Text,
            is_platform_admin -> Bool,
            email_verified_at -> Nullable<Timestamptz>,
            terms_accepted_at -> Timestamptz,
            privacy_accepted_at -> Timestamptz,
            marketing_consent_at -> Nullable<Timestamptz>,
            last_login_at -> Nullable<Timestamptz>,
            deleted_at -> Nullable<Timestamptz>,
            purge_after -> Nullable<Timestamptz>,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
            inactivity_notice_at -> Nullable<Timestamptz>,
        }
    }

    diesel::joinable!(consent_records -> users (user_id));
    diesel::joinable!(data_exports -> users (user_id));
    diesel::joinable!(invitations -> roles (role));
    diesel::joinable!(invitations -> tenants (tenant_id));
    diesel::joinable!(memberships -> roles (role));
    diesel::joinable!(memberships -> tenants (tenant_id));
    diesel::joinable!(one_time_tokens -> users (user_id));
    diesel::joinable!(refresh_tokens -> sessions (session_id));
    diesel::joinable!(refresh_tokens -> users (user_id));
    diesel::joinable!(sessions -> tenants (tenant_id));
    diesel::joinable!(sessions -> users (user_id));
    diesel::joinable!(tenants -> users (created_by));

    diesel::allow_tables_to_appear_in_same_query!(
        consent_records,
        data_exports,
        invitations,
        memberships,
        one_time_tokens,
        refresh_tokens,
        roles,
        sessions,
        tenants,
        users,
    );
}
