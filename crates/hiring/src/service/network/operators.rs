//! The platform's operators in the talent network: prospects, invitations, featuring and removal.

use chrono::Utc;
use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use platform::mail::Mail;
use uuid::Uuid;

use super::{ProfileChange, ProspectInput, TalentProfile, empty_profile, github, profile_view};
use crate::domain::network::{Mover, ProfileStatus, may_invite, move_profile};
use crate::service::{HiringService, checked_email, checked_text};
use crate::store;

impl HiringService {
    /// The platform sources a prospect; one profile per email and GitHub username (the known one
    /// answers, `false`).
    pub async fn add_prospect(&self, auth: &AuthUser, input: ProspectInput) -> AppResult<(TalentProfile, bool)> {
        let scope = identity::operator_scope(&self.inner.pool, auth).await?;
        let email = input.email.as_deref().map(|email| checked_email("email", email)).transpose()?;
        let github = github(input.github_username.as_deref())?;
        if email.is_none() && github.is_none() {
            return Err(AppError::invalid("email", "required", "an email or a GitHub username"));
        }
        if !["github", "referral", "import", "event"].contains(&input.source.as_str()) {
            return Err(AppError::invalid("source", "invalid", "github, referral, import or event"));
        }
        let full_name = match &input.full_name {
            Some(name) => Some(checked_text("full_name", name, 200)?).filter(|n| !n.is_empty()),
            None => None,
        };
        let now = Utc::now();
        let (row, created) = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                if let Some(mut known) = store::known_profile(conn, email.as_deref(), github.as_deref()).await? {
                    // The same person from another source: what was missing is added.
                    known.email = known.email.or(email);
                    known.github_username = known.github_username.or(github);
                    known.full_name = known.full_name.or(full_name);
                    known.updated_at = now;
                    store::save_profile(conn, &known).await?;
                    return Ok::<_, AppError>((known, false));
                }
                let mut row = empty_profile(now, &input.source);
                row.email = email;
                row.github_username = github;
                row.full_name = full_name;
                store::insert_profile(conn, &row).await?;
                Ok((row, true))
            }
            .scope_boxed()
        })
        .await?;
        Ok((profile_view(row, true), created))
    }

    /// The platform invites a prospect by mail (at most three times, a week apart).
    pub async fn invite_prospect(&self, auth: &AuthUser, id: Uuid) -> AppResult<TalentProfile> {
        let scope = identity::operator_scope(&self.inner.pool, auth).await?;
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let mut row = store::lock_profile(conn, id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let from = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                move_profile(from, ProfileStatus::Invited, Mover::Platform)?;
                if row.email.is_none() {
                    return Err(AppError::Conflict("this prospect has no email to invite".into()));
                }
                may_invite(row.invitations_sent, row.last_invited_at, now)?;
                row.status = ProfileStatus::Invited.as_str().into();
                row.invitations_sent += 1;
                row.last_invited_at = Some(now);
                row.updated_at = now;
                store::save_profile(conn, &row).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        let (name, join_url) = (row.full_name.clone().unwrap_or_default(), &self.inner.join_url);
        let mail = Mail {
            to: row.email.clone().unwrap_or_default(),
            subject: "Te invitamos a la red de talento de Entrevistador Inteligente".into(),
            body: format!(
                "Hola {name}:\n\nEmpresas del Perú y Latinoamérica buscan perfiles como el tuyo. Crea tu cuenta, sube tu CV y decide tú si quieres que te encuentren: {join_url}\n\nSi no te interesa, ignora este mensaje: no te escribiremos más de tres veces."
            ),
        };
        self.inner.mailer.send(mail).await?;
        Ok(profile_view(row, true))
    }

    /// The platform features, unfeatures or removes a profile.
    pub async fn change_profile(&self, auth: &AuthUser, id: Uuid, change: ProfileChange) -> AppResult<TalentProfile> {
        let scope = identity::operator_scope(&self.inner.pool, auth).await?;
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &scope, |conn| {
            async move {
                let mut row = store::lock_profile(conn, id).await?.ok_or(AppError::NotFound("talent profile"))?;
                let from = ProfileStatus::parse(&row.status).unwrap_or(ProfileStatus::Prospect);
                move_profile(from, change.status, Mover::Platform)?;
                row.status = change.status.as_str().into();
                row.updated_at = now;
                store::save_profile(conn, &row).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        Ok(profile_view(row, true))
    }
}
