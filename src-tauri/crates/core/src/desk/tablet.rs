//! The blanko tablet: a tablet by the desk where a guest fills in their own Lembar Blanko
//! Koordinasi/Konsultasi after check-in.
//!
//! The tablet (a device token of its own, see [`crate::auth::DeviceKind::Tablet`]) lists
//! today's tickets still in the queue whose service uses the blanko and that have none yet —
//! ticket numbers and services only, never a name or an ID number — and takes one blanko for
//! one of them. It never overwrites a blanko: once filled, only the desk changes it
//! (`visit.fill_blanko`), so a guest who taps the wrong number cannot erase another's.

use serde::Serialize;

use super::checkin::check_blanko;
use super::events::{Blanko, Event, Status, VisitState};
use super::log;
use super::{office, views, Ctx};
use crate::calendar::office_day;
use crate::error::{CoreError, CoreResult};
use crate::locale::date_with_weekday;
use crate::store::Store;

/// Most tickets the tablet lists at once.
pub const MAX_TICKETS: usize = 40;

/// What the tablet's waiting screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Tickets {
    /// "Senin, 23 November 2026".
    pub date_label: String,
    pub kabupaten: String,
    pub unit_name: String,
    /// Oldest first.
    pub tickets: Vec<Ticket>,
}

/// A ticket awaiting its blanko: no name, no ID, no purpose.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    pub visit_id: i64,
    pub ticket: String,
    pub service_name: String,
}

/// Whether a guest may still write the blanko of this visit on the tablet.
fn open_for_tablet(conn: &rusqlite::Connection, state: &VisitState) -> CoreResult<bool> {
    if state.blanko.is_some()
        || !matches!(
            state.status,
            Status::Waiting | Status::Called | Status::OnHold
        )
    {
        return Ok(false);
    }
    Ok(views::service_of(conn, &state.service_code)?
        .intake
        .blanko
        .is_some())
}

/// Today's tickets whose guest may fill in the blanko on the tablet.
pub fn tickets(store: &Store, ctx: &Ctx) -> CoreResult<Tickets> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let day = office_day(tz, ctx.now);
    let o = office::office(store)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM visit WHERE office_day = ?1 AND status IN ('waiting', 'called', 'on_hold')
         ORDER BY id",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([day.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tickets = Vec::new();
    for id in ids {
        let visit = log::load(conn, id)?;
        if !open_for_tablet(conn, &visit.state)? {
            continue;
        }
        tickets.push(Ticket {
            visit_id: id,
            ticket: visit.ticket,
            service_name: views::service_of(conn, &visit.state.service_code)?
                .name
                .clone(),
        });
        if tickets.len() == MAX_TICKETS {
            break;
        }
    }
    Ok(Tickets {
        date_label: date_with_weekday(day),
        kabupaten: o.kabupaten.unwrap_or_default(),
        unit_name: o.unit_name.unwrap_or_default(),
        tickets,
    })
}

/// Takes a guest's blanko from the tablet. Refuses, changing nothing, a visit of another day,
/// one no longer waiting, one whose service has no blanko, and one whose blanko is filled.
pub fn submit(store: &mut Store, ctx: &Ctx, visit_id: i64, blanko: &Blanko) -> CoreResult<()> {
    let blanko = check_blanko(blanko)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let tz = office::timezone(&tx)?;
    let mut visit = log::load(&tx, visit_id)?;
    if visit.office_day != office_day(tz, ctx.now).to_string() {
        return Err(CoreError::refused(
            "Nomor antrian ini bukan nomor hari ini; minta bantuan petugas meja.",
        ));
    }
    if visit.state.blanko.is_some() {
        return Err(CoreError::refused(format!(
            "Blanko tiket {} sudah diisi. Bila perlu diubah, minta bantuan petugas meja.",
            visit.ticket
        )));
    }
    if !open_for_tablet(&tx, &visit.state)? {
        return Err(CoreError::refused(format!(
            "Blanko tiket {} tidak dapat diisi di tablet; minta bantuan petugas meja.",
            visit.ticket
        )));
    }
    log::append(&tx, ctx, &mut visit, Event::BlankoFilled(blanko))?;
    tx.commit()?;
    Ok(())
}
