//! Reading and appending a visit's event log inside a transaction, and keeping the visit's
//! projection columns (status, service, official, place in line) in step with it.
//!
//! Every operation on a visit goes: load the events, derive the state, check the action
//! fits it, append the new event, write the projection, commit — all in one immediate
//! transaction, so that two desks acting at once are served one after the other and
//! nothing is half-written.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::events::{Event, Recorded, VisitState};
use super::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::CachedQueryRow;

/// A visit loaded for an operation: its row id, ticket, events and derived state.
pub struct Loaded {
    pub id: i64,
    pub ticket: String,
    pub office_day: String,
    pub events: Vec<Recorded>,
    pub state: VisitState,
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The events of a visit, oldest first.
pub fn events(conn: &rusqlite::Connection, visit_id: i64) -> CoreResult<Vec<Recorded>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, kind, data FROM visit_event WHERE visit_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([visit_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(recorded(r, 0)?);
    }
    Ok(out)
}

/// A borrowed text column, without copying it.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// An event of `visit_event` from a row whose columns `first..first + 5` are its id, time,
/// actor, kind and JSON data, in that order.
pub fn recorded(r: &rusqlite::Row<'_>, first: usize) -> CoreResult<Recorded> {
    let id: i64 = r.get(first)?;
    let event = Event::from_stored(text(r, first + 3)?, text(r, first + 4)?)
        .map_err(|e| CoreError::Storage(format!("event {id}: {e}")))?;
    Ok(Recorded {
        id,
        at: parse_time(text(r, first + 1)?),
        actor: r.get(first + 2)?,
        event,
    })
}

/// Loads a visit by its row id.
pub fn load(conn: &rusqlite::Connection, visit_id: i64) -> CoreResult<Loaded> {
    let row: Option<(String, String)> = conn
        .query_row_cached(
            "SELECT ticket, office_day FROM visit WHERE id = ?1",
            [visit_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (ticket, office_day) = row.ok_or_else(|| CoreError::NotFound {
        what: format!("Kunjungan nomor {visit_id}"),
    })?;
    let events = events(conn, visit_id)?;
    let state = VisitState::derive(&events)
        .ok_or_else(|| CoreError::Storage(format!("kunjungan {visit_id} tanpa check-in")))?;
    Ok(Loaded {
        id: visit_id,
        ticket,
        office_day,
        events,
        state,
    })
}

/// Writes one event of a visit: the only place the event log is written to.
pub fn insert(tx: &Transaction<'_>, ctx: &Ctx, visit_id: i64, event: &Event) -> CoreResult<i64> {
    let data = serde_json::to_string(event).map_err(|e| CoreError::Storage(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO visit_event (visit_id, at, actor, kind, data) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        visit_id,
        ctx.now.to_rfc3339(),
        ctx.actor,
        event.kind(),
        data
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Appends an event to a visit and brings its projection up to date.
pub fn append(tx: &Transaction<'_>, ctx: &Ctx, visit: &mut Loaded, event: Event) -> CoreResult<()> {
    let id = insert(tx, ctx, visit.id, &event)?;
    visit.events.push(Recorded {
        id,
        at: ctx.now,
        actor: ctx.actor.clone(),
        event,
    });
    visit.state = VisitState::derive(&visit.events).expect("a loaded visit has its check-in");
    project(tx, visit)
}

/// Writes the visit's projection columns from its derived state.
pub fn project(tx: &Transaction<'_>, visit: &Loaded) -> CoreResult<()> {
    let s = &visit.state;
    tx.execute(
        "UPDATE visit SET status = ?2, service_code = ?3, official_id = ?4, queued_at = ?5 WHERE id = ?1",
        params![
            visit.id,
            s.status.as_str(),
            s.service_code,
            s.official_id,
            s.queued_at.to_rfc3339()
        ],
    )?;
    Ok(())
}
