//! Demo data for `make run`, created through the real use cases: a company with an admin and a
//! recruiter, and a candidate.

use identity::service::{ClientInfo, CreateTenantCommand, InviteCommand, LoginCommand, RegisterCommand};
use kernel::AppError;
use kernel::auth::{AuthUser, Role};

use crate::startup::Components;

pub struct DemoAccount {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

pub const DEMO_COMPANY_SLUG: &str = "demo-peru";
pub const DEMO_ACCOUNTS: [DemoAccount; 3] = [
    DemoAccount { role: "admin", email: "admin@demo.pe", password: "Demo-Admin-2026" },
    DemoAccount { role: "recruiter", email: "reclutadora@demo.pe", password: "Demo-Recluta-2026" },
    DemoAccount { role: "candidate", email: "candidata@demo.pe", password: "Demo-Candidata-2026" },
];

fn register(account: &DemoAccount, first_name: &str, last_name: &str) -> RegisterCommand {
    RegisterCommand {
        email: account.email.into(),
        password: account.password.into(),
        first_name: first_name.into(),
        last_name: last_name.into(),
        accept_terms: true,
        accept_privacy: true,
        marketing_consent: false,
        locale: Some("es-PE".into()),
        timezone: Some("America/Lima".into()),
    }
}

/// Creates the demo data; a second run finds it in place and changes nothing.
pub async fn seed_demo(components: &Components) -> anyhow::Result<bool> {
    let identity = &components.identity;
    let as_auth = |token: &str| -> anyhow::Result<AuthUser> { Ok(AuthUser(components.keys.verify(token)?)) };
    let [admin, recruiter, candidate] = &DEMO_ACCOUNTS;
    let admin_auth = match identity.register(register(admin, "Adriana", "Quispe"), ClientInfo::default()).await {
        Ok(created) => as_auth(&created.tokens.access_token)?,
        Err(AppError::Conflict(_)) => return Ok(false),
        Err(error) => return Err(error.into()),
    };
    let company = identity
        .create_tenant(
            &admin_auth,
            CreateTenantCommand {
                name: "Demo Perú S.A.C.".into(),
                slug: DEMO_COMPANY_SLUG.into(),
                industry: Some("Tecnología".into()),
                employee_count: Some(45),
            },
        )
        .await?;
    let admin_in_company = as_auth(&identity.switch_tenant(&admin_auth, Some(company.tenant.id)).await?.access_token)?;
    let invitation = identity
        .invite(
            &admin_in_company,
            company.tenant.id,
            InviteCommand { email: recruiter.email.into(), role: Role::Recruiter },
        )
        .await?;
    let recruiter_auth = as_auth(
        &identity.register(register(recruiter, "Rosa", "Huamán"), ClientInfo::default()).await?.tokens.access_token,
    )?;
    identity.accept_invitation(&recruiter_auth, &invitation.token).await?;
    identity.register(register(candidate, "Carla", "Mendoza"), ClientInfo::default()).await?;
    // Prove the accounts sign in as printed.
    identity
        .login(
            LoginCommand { email: candidate.email.into(), password: candidate.password.into(), device_token: None },
            ClientInfo::default(),
        )
        .await?;
    Ok(true)
}
