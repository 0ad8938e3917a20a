//! Identity over HTTP: thin handlers that read the request, call the service and shape the reply,
//! one file per group of use cases (as in `service/`). This one holds the route table, the
//! OpenAPI description and what the handlers share.

mod accounts;
mod consents;
mod credentials;
mod exports;
mod invitations;
mod members;
mod sessions;
mod tenants;

use actix_web::{HttpRequest, web};
use kernel::pagination::Page;
use utoipa::OpenApi;

use crate::domain::{Member, PendingInvitation};
use crate::service::{ClientInfo, IdentityService};

type Service = web::Data<IdentityService>;

#[derive(OpenApi)]
#[openapi(
    paths(
        accounts::register, sessions::login, sessions::refresh, sessions::logout, sessions::switch_tenant,
        credentials::request_email_verification, credentials::confirm_email_verification,
        credentials::request_password_reset, credentials::confirm_password_reset, accounts::get_me,
        accounts::update_me, accounts::delete_me, credentials::change_password, sessions::list_sessions,
        sessions::revoke_session, accounts::data_export, tenants::create_tenant, tenants::list_tenants,
        tenants::get_tenant, tenants::update_tenant, members::list_members, invitations::invite_member,
        invitations::list_invitations, invitations::revoke_invitation, invitations::accept_invitation,
        members::update_member, members::remove_member, sessions::jwks, consents::my_consents,
        consents::change_consent, exports::request_export, exports::my_exports, exports::my_export,
        exports::download_export
    ),
    components(schemas(Page<Member>, Page<PendingInvitation>)),
    tags((name = "identity", description = "Accounts, sessions, companies and members"))
)]
pub struct IdentityApi;

/// States in the OpenAPI document what `domain::check_password` refuses beyond lengths: the
/// well-known passwords (`not: {enum}`, which utoipa's attributes cannot say).
pub fn declare_password_policy(document: &mut serde_json::Value) {
    let refused = serde_json::json!({ "enum": crate::domain::COMMON_PASSWORDS });
    for (schema, field) in [
        ("RegisterCommand", "password"),
        ("ChangePasswordCommand", "new_password"),
        ("PasswordResetConfirmation", "new_password"),
    ] {
        if let Some(property) = document.pointer_mut(&format!("/components/schemas/{schema}/properties/{field}")) {
            property["not"] = refused.clone();
        }
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(accounts::register)
        .service(sessions::login)
        .service(sessions::refresh)
        .service(sessions::logout)
        .service(sessions::switch_tenant)
        .service(credentials::request_email_verification)
        .service(credentials::confirm_email_verification)
        .service(credentials::request_password_reset)
        .service(credentials::confirm_password_reset)
        .service(accounts::get_me)
        .service(accounts::update_me)
        .service(accounts::delete_me)
        .service(credentials::change_password)
        .service(sessions::list_sessions)
        .service(sessions::revoke_session)
        .service(accounts::data_export)
        .service(consents::my_consents)
        .service(consents::change_consent)
        .service(exports::request_export)
        .service(exports::my_exports)
        .service(exports::my_export)
        .service(exports::download_export)
        .service(tenants::create_tenant)
        .service(tenants::list_tenants)
        .service(tenants::get_tenant)
        .service(tenants::update_tenant)
        .service(members::list_members)
        .service(invitations::invite_member)
        .service(invitations::list_invitations)
        .service(invitations::revoke_invitation)
        .service(invitations::accept_invitation)
        .service(members::update_member)
        .service(members::remove_member)
        .service(sessions::jwks);
}

fn client_info(req: &HttpRequest) -> ClientInfo {
    ClientInfo {
        ip: kernel::client::client_ip(req).map(|ip| ip.to_string()),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}
