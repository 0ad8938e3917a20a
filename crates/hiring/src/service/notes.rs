//! Recruiters' notes on an application: the company's own, with author and time; never shown to
//! the candidate (row-level security keeps them to the company).

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::pipeline::company_application;
use super::views::note_view;
use super::{HiringService, Note, applied_at_of, checked_text};
use crate::store::{self, NoteRow};

/// A note to add.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub body: String,
}

impl HiringService {
    /// Adds a note (company members who manage candidates).
    pub async fn add_note(&self, auth: &AuthUser, application_id: Uuid, note: NewNote) -> AppResult<Note> {
        let applied_at = applied_at_of(application_id)?;
        let body = checked_text("body", &note.body, 5000)?;
        if body.is_empty() {
            return Err(AppError::invalid("body", "required", "write something"));
        }
        let (author, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                company_application(conn, tenant_id, application_id, applied_at, false).await?;
                let row = NoteRow {
                    id: new_id(),
                    application_id,
                    applied_at,
                    tenant_id,
                    author_id: Some(author),
                    body,
                    created_at: now,
                };
                store::insert_note(conn, &row).await?;
                Ok(note_view(row))
            }
            .scope_boxed()
        })
        .await
    }

    /// An application's notes, oldest first (company members who read candidates).
    pub async fn notes(&self, auth: &AuthUser, application_id: Uuid, page: &PageQuery) -> AppResult<Page<Note>> {
        let applied_at = applied_at_of(application_id)?;
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_application(conn, tenant_id, application_id, applied_at, false).await?;
                store::notes_of(conn, application_id, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.created_at, row.id));
        Ok(Page { items: page.items.into_iter().map(note_view).collect(), next_cursor: page.next_cursor })
    }
}
