//! Events in: a client's batch (checked event by event, stored once per event id) and the
//! outbox's server-side events (pseudonymised on the way).

use chrono::{DateTime, Utc};
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AnalyticsService, actor_key};
use crate::domain::{client, events};
use crate::store::events::{self as store, EventRow};

/// One event a client saw happen.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientEvent {
    /// The client's id for this event (a UUID it makes): sending it again stores nothing new.
    pub event_id: Uuid,
    /// `page_view`, `job.card_clicked` …: 1 to 80 letters, digits, `_` and `.`, starting with a
    /// letter; spaces and dashes become `_`.
    pub name: String,
    /// At most 80 characters.
    pub category: Option<String>,
    /// Facts about the event. Keys and values that name a person (email, phone, name …) are
    /// dropped or redacted before storage. At most 8 KiB as JSON.
    pub properties: Option<Map<String, Value>>,
    /// When it happened (at most 7 days ago); the time it arrives when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The client's session (1 to 128 characters), stored only as a keyed hash.
    pub session_id: Option<String>,
    /// Stored as its path, without query string or fragment.
    pub page_url: Option<String>,
    /// Stored as its host.
    pub referrer: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    /// 1 to 500 events. Each is checked on its own: one that breaks a rule (its name, lengths, a
    /// time more than 7 days ago or in the future) is listed in `rejected`, the others stored.
    #[schema(min_items = 1, max_items = 500)]
    pub events: Vec<ClientEvent>,
}

/// Where a batch came from, as the request tells it.
#[derive(Debug, Clone, Default)]
pub struct ClientContext {
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub user_agent: Option<String>,
    /// From a trusted proxy's headers, when it sent them.
    pub country: Option<String>,
    pub city: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IngestReport {
    /// Events stored now.
    pub accepted: usize,
    /// Events whose id was received before: not stored again.
    pub duplicates: usize,
    /// Events refused, each with why; the others are stored.
    pub rejected: Vec<RejectedEvent>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectedEvent {
    /// Its position in the batch, from 0.
    pub index: usize,
    pub errors: Vec<FieldError>,
}

/// How many outbox rows one drain transaction moves.
const DRAIN_BATCH: i64 = 1000;

impl AnalyticsService {
    /// Stores a client's batch: every valid event once, whatever the number of times it is sent.
    pub async fn ingest(&self, batch: EventBatch, context: &ClientContext) -> AppResult<IngestReport> {
        if batch.events.is_empty() || batch.events.len() > events::MAX_BATCH {
            let message = format!("must hold 1 to {} events", events::MAX_BATCH);
            return Err(AppError::Validation(vec![FieldError::new("events", "length", message)]));
        }
        let now = Utc::now();
        let agent = client::parse_user_agent(context.user_agent.as_deref().unwrap_or_default());
        let actor_key = context.user_id.map(|id| actor_key(&self.hasher, id));
        let mut rows = Vec::with_capacity(batch.events.len());
        // A batch's events mostly share one session: its pseudonym is keyed once.
        let mut sessions = std::collections::HashMap::new();
        let mut rejected = Vec::new();
        for (index, event) in batch.events.into_iter().enumerate() {
            match self.client_row(event, context, (&agent, &actor_key), now, &mut sessions) {
                Ok(row) => rows.push(row),
                Err(errors) => rejected.push(RejectedEvent { index, errors }),
            }
        }
        // A batch may repeat an id: the first one counts.
        let mut seen = std::collections::HashSet::new();
        rows.retain(|row| seen.insert(row.event_id));
        let offered = rows.len();
        let accepted = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::insert_new_events(conn, &rows, now).await?) }.scope_boxed()
        })
        .await?;
        Ok(IngestReport { accepted, duplicates: offered - accepted, rejected })
    }

    fn client_row(
        &self,
        event: ClientEvent,
        context: &ClientContext,
        (agent, actor_key): (&client::UserAgent, &Option<String>),
        now: DateTime<Utc>,
        sessions: &mut std::collections::HashMap<String, String>,
    ) -> Result<EventRow, Vec<FieldError>> {
        let properties = event.properties.unwrap_or_default();
        let mut errors = events::check_sizes(event.category.as_deref(), event.session_id.as_deref(), &properties);
        let name = events::event_name(&event.name).map_err(|message| FieldError::new("name", "format", message));
        let occurred_at = events::occurred_at(event.occurred_at, now)
            .map_err(|message| FieldError::new("occurred_at", "range", message));
        let (name, occurred_at) = match (name, occurred_at) {
            (Ok(name), Ok(at)) if errors.is_empty() => (name, at),
            (name, at) => {
                errors.extend(name.err());
                errors.extend(at.err());
                return Err(errors);
            }
        };
        Ok(EventRow {
            event_id: event.event_id,
            occurred_at,
            received_at: now,
            name,
            category: event.category,
            source: "client",
            actor_key: actor_key.clone(),
            tenant_id: context.tenant_id,
            session_key: event.session_id.map(|session| {
                sessions
                    .entry(session)
                    .or_insert_with_key(|session| self.hasher.pseudonym("analytics.session", session))
                    .clone()
            }),
            properties: Value::Object(client::scrub_properties(properties)),
            page_path: event.page_url.as_deref().and_then(client::page_path),
            referrer_host: event.referrer.as_deref().and_then(client::referrer_host),
            device: Some(agent.device.to_owned()),
            browser: Some(agent.browser.to_owned()),
            os: Some(agent.os.to_owned()),
            country: context.country.clone(),
            city: context.city.clone(),
        })
    }

    /// Moves the outbox, then the buffered events, into `events`, a batch per transaction, until
    /// both are empty; returns how many events moved. Any number of drains may run at once
    /// (outbox rows are claimed with SKIP LOCKED; a buffered event stored twice is kept once).
    pub async fn drain_outbox(&self) -> AppResult<usize> {
        let mut moved = 0;
        loop {
            let hasher = self.hasher.clone();
            let batch = scoped(&self.pool, &RequestScope::system(), |conn| {
                async move {
                    let claimed = store::claim_outbox(conn, DRAIN_BATCH).await?;
                    let now = Utc::now();
                    let ids: Vec<Uuid> = claimed.iter().map(|row| row.id).collect();
                    let rows: Vec<EventRow> = claimed
                        .into_iter()
                        .map(|row| {
                            let actor_key = row.user_id.map(|id| actor_key(&hasher, id));
                            server_row(row.id, row.occurred_at, now, row.name, actor_key, row.tenant_id, row.properties)
                        })
                        .collect();
                    store::insert_events(conn, &rows).await?;
                    store::delete_outbox(conn, &ids).await?;
                    Ok::<_, AppError>(ids.len())
                }
                .scope_boxed()
            })
            .await?;
            moved += batch;
            if batch < DRAIN_BATCH as usize {
                break;
            }
        }
        loop {
            let (taken, events) = self.buffer.oldest(DRAIN_BATCH as usize).await?;
            if taken == 0 {
                return Ok(moved);
            }
            let now = Utc::now();
            let rows: Vec<EventRow> = events
                .into_iter()
                .filter(|event| events::event_name(&event.name).is_ok())
                .map(|event| {
                    let actor_key = event.user_id.map(|id| actor_key(&self.hasher, id));
                    // Hot paths carry what people typed (a search): emails and phone numbers go.
                    let properties = match event.properties {
                        Value::Object(properties) => Value::Object(client::scrub_properties(properties)),
                        other => other,
                    };
                    server_row(event.id, event.occurred_at, now, event.name, actor_key, event.tenant_id, properties)
                })
                .collect();
            let stored = scoped(&self.pool, &RequestScope::system(), |conn| {
                async move { Ok::<_, AppError>(store::insert_events(conn, &rows).await?) }.scope_boxed()
            })
            .await?;
            self.buffer.forget(taken).await?;
            moved += stored;
        }
    }
}

/// A server-side event as stored: no client, no session, no page.
fn server_row(
    event_id: Uuid,
    occurred_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    name: String,
    actor_key: Option<String>,
    tenant_id: Option<Uuid>,
    properties: Value,
) -> EventRow {
    EventRow {
        event_id,
        occurred_at,
        received_at,
        name,
        category: None,
        source: "server",
        actor_key,
        tenant_id,
        session_key: None,
        properties,
        page_path: None,
        referrer_host: None,
        device: None,
        browser: None,
        os: None,
        country: None,
        city: None,
    }
}
