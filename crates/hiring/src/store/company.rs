//! A company's hiring settings, its jobs' pipelines and its message templates.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::hiring::{message_templates, pipelines, settings};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = settings)]
pub struct SettingsRow {
    pub tenant_id: Uuid,
    pub blind_review: bool,
    pub reveal_stage: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pipelines)]
pub struct PipelineRow {
    pub job_id: Uuid,
    pub tenant_id: Uuid,
    pub stages: serde_json::Value,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = message_templates, treat_none_as_null = true)]
pub struct TemplateRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub stage: Option<String>,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn settings_of(conn: &mut Conn, tenant_id: Uuid) -> QueryResult<Option<SettingsRow>> {
    settings::table.find(tenant_id).select(SettingsRow::as_select()).first(conn).await.optional()
}

pub async fn save_settings(conn: &mut Conn, row: &SettingsRow) -> QueryResult<()> {
    diesel::insert_into(settings::table)
        .values(row)
        .on_conflict(settings::tenant_id)
        .do_update()
        .set((
            settings::blind_review.eq(excluded(settings::blind_review)),
            settings::reveal_stage.eq(excluded(settings::reveal_stage)),
            settings::updated_at.eq(excluded(settings::updated_at)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn pipeline_of(conn: &mut Conn, job_id: Uuid) -> QueryResult<Option<PipelineRow>> {
    pipelines::table.find(job_id).select(PipelineRow::as_select()).first(conn).await.optional()
}

/// The job's pipeline, locked for a change (or for moves that must see its stages as they are).
pub async fn lock_pipeline(conn: &mut Conn, job_id: Uuid) -> QueryResult<Option<PipelineRow>> {
    pipelines::table.find(job_id).select(PipelineRow::as_select()).for_update().first(conn).await.optional()
}

/// Creates the job's pipeline unless it exists (two first applications at once make one).
pub async fn create_pipeline(conn: &mut Conn, row: &PipelineRow) -> QueryResult<()> {
    diesel::insert_into(pipelines::table).values(row).on_conflict_do_nothing().execute(conn).await.map(drop)
}

pub async fn save_pipeline(conn: &mut Conn, row: &PipelineRow) -> QueryResult<()> {
    diesel::update(pipelines::table.find(row.job_id))
        .set((pipelines::stages.eq(&row.stages), pipelines::updated_at.eq(row.updated_at)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn templates_of(conn: &mut Conn, tenant_id: Uuid) -> QueryResult<Vec<TemplateRow>> {
    message_templates::table
        .filter(message_templates::tenant_id.eq(tenant_id))
        .order((message_templates::name, message_templates::locale))
        .select(TemplateRow::as_select())
        .load(conn)
        .await
}

pub async fn template(conn: &mut Conn, id: Uuid) -> QueryResult<Option<TemplateRow>> {
    message_templates::table.find(id).select(TemplateRow::as_select()).first(conn).await.optional()
}

/// The company's template sent when an application arrives at `stage`, in `locale`.
pub async fn template_for_stage(
    conn: &mut Conn,
    tenant_id: Uuid,
    stage: &str,
    locale: &str,
) -> QueryResult<Option<TemplateRow>> {
    message_templates::table
        .filter(message_templates::tenant_id.eq(tenant_id))
        .filter(message_templates::stage.eq(stage))
        .filter(message_templates::locale.eq(locale))
        .select(TemplateRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn insert_template(conn: &mut Conn, row: &TemplateRow) -> QueryResult<()> {
    diesel::insert_into(message_templates::table).values(row).execute(conn).await.map(drop)
}

pub async fn update_template(conn: &mut Conn, row: &TemplateRow) -> QueryResult<usize> {
    diesel::update(message_templates::table.find(row.id)).set(row).execute(conn).await
}

pub async fn delete_template(conn: &mut Conn, id: Uuid) -> QueryResult<usize> {
    diesel::delete(message_templates::table.find(id)).execute(conn).await
}
