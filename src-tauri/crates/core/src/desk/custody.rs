//! Custody of the ID cards the desk keeps: into a numbered slot of the drawer, and out again
//! to the guest, to someone named on their behalf, or to security at closing; a card left
//! behind stays in its slot, recorded. The drawer (`id_custody`) holds one card per slot and
//! never the same card twice, enforced by the database itself.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::events::{Card, CardReturn, Event, Status};
use super::guest::{self, GuestRecord};
use super::identity;
use super::log::{self, Loaded};
use super::office::{self, clean_text};
use super::Ctx;
use crate::calendar::office_day;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// A card in the drawer, as the desk's list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HeldCard {
    pub slot: u32,
    pub visit_id: i64,
    pub ticket: String,
    pub guest: String,
    pub id_type: String,
    pub id_masked: String,
    pub since: String,
    pub left_behind: bool,
    pub status: String,
}

/// Puts a visit's card into a slot (inside the caller's transaction).
pub(crate) fn hold_card(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx,
    visit: &mut Loaded,
    guest: &GuestRecord,
    slot: u32,
) -> CoreResult<()> {
    if matches!(visit.state.status, Status::Left) {
        return Err(CoreError::refused(format!(
            "Tamu {} sudah pulang; kartunya tidak dapat disimpan.",
            visit.ticket
        )));
    }
    if let Card::Held { slot: s, .. } = visit.state.card {
        return Err(CoreError::refused(format!(
            "Kartu tamu {} sudah tersimpan di laci {s}.",
            visit.ticket
        )));
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM id_slot WHERE number = ?1)",
        [slot],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(CoreError::invalid(
            "Nomor laci",
            format!("laci {slot} tidak ada."),
        ));
    }
    let occupant: Option<String> = tx
        .query_row(
            "SELECT v.ticket FROM id_custody c JOIN visit v ON v.id = c.visit_id WHERE c.slot = ?1",
            [slot],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(ticket) = occupant {
        return Err(CoreError::refused(format!(
            "Laci {slot} sudah berisi kartu tamu {ticket}; pilih laci lain."
        )));
    }
    let same_card: Option<(u32, String)> = tx
        .query_row(
            "SELECT c.slot, v.ticket FROM id_custody c JOIN visit v ON v.id = c.visit_id WHERE c.id_hash = ?1",
            [&guest.id_hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((s, ticket)) = same_card {
        return Err(CoreError::refused(format!(
            "Kartu ini sudah tersimpan di laci {s} (tamu {ticket}); satu kartu tidak dapat disimpan dua kali."
        )));
    }
    tx.execute(
        "INSERT INTO id_custody (slot, visit_id, id_hash, since) VALUES (?1, ?2, ?3, ?4)",
        params![slot, visit.id, guest.id_hash, ctx.now.to_rfc3339()],
    )?;
    let id_type = serde_json::to_value(guest.id_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    log::append(
        tx,
        ctx,
        visit,
        Event::IdHeld {
            slot,
            id_type,
            last4: guest.id_last4.clone(),
        },
    )
}

fn guest_of(conn: &rusqlite::Connection, visit_id: i64) -> CoreResult<GuestRecord> {
    let guest_id: i64 = conn.query_row(
        "SELECT guest_id FROM visit WHERE id = ?1",
        [visit_id],
        |r| r.get(0),
    )?;
    guest::record(conn, guest_id)
}

/// Puts the guest's card into a slot after check-in.
pub fn hold(store: &mut Store, ctx: &Ctx, visit_id: i64, slot: u32) -> CoreResult<()> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    let guest = guest_of(&tx, visit_id)?;
    hold_card(&tx, ctx, &mut visit, &guest, slot)?;
    tx.commit()?;
    Ok(())
}

fn check_return(to: &CardReturn) -> CoreResult<CardReturn> {
    Ok(match to {
        CardReturn::Guest => CardReturn::Guest,
        CardReturn::Other { name, relation } => CardReturn::Other {
            name: clean_text("Nama pengambil kartu", name, 100, true)?,
            relation: clean_text("Hubungan dengan tamu", relation, 100, true)?,
        },
        CardReturn::Security { officer } => CardReturn::Security {
            officer: clean_text("Nama petugas keamanan", officer, 100, true)?,
        },
    })
}

fn release(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx,
    visit: &mut Loaded,
    to: CardReturn,
) -> CoreResult<()> {
    if !visit.state.card_held() {
        return Err(CoreError::refused(format!(
            "Tidak ada kartu tamu {} di laci.",
            visit.ticket
        )));
    }
    tx.execute("DELETE FROM id_custody WHERE visit_id = ?1", [visit.id])?;
    log::append(tx, ctx, visit, Event::IdReturned(to))
}

/// Gives the card back: to the guest, to someone named, or to security.
pub fn return_card(store: &mut Store, ctx: &Ctx, visit_id: i64, to: &CardReturn) -> CoreResult<()> {
    let to = check_return(to)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    if matches!(to, CardReturn::Guest)
        && matches!(
            visit.state.status,
            Status::Waiting | Status::Called | Status::Serving
        )
    {
        return Err(CoreError::refused(format!(
            "Tamu {} {}; kartu dikembalikan setelah selesai. Gunakan \"Tamu pulang\" bila tamu batal.",
            visit.ticket,
            visit.state.status.words()
        )));
    }
    release(&tx, ctx, &mut visit, to)?;
    tx.commit()?;
    Ok(())
}

/// Check-out: the guest collects the card (if the desk holds it) and leaves.
pub fn check_out(store: &mut Store, ctx: &Ctx, visit_id: i64) -> CoreResult<()> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    match visit.state.status {
        Status::Left => {
            return Err(CoreError::refused(format!(
                "Tamu {} sudah tercatat pulang.",
                visit.ticket
            )))
        }
        Status::Serving => {
            return Err(CoreError::refused(format!(
                "Tamu {} masih dilayani; selesaikan layanannya dulu.",
                visit.ticket
            )))
        }
        _ => {}
    }
    if visit.state.card_held() {
        release(&tx, ctx, &mut visit, CardReturn::Guest)?;
    }
    log::append(&tx, ctx, &mut visit, Event::Left)?;
    tx.commit()?;
    Ok(())
}

/// The guest left without the card: it stays in its slot, recorded as left behind.
pub fn left_behind(store: &mut Store, ctx: &Ctx, visit_id: i64) -> CoreResult<()> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    match visit.state.card {
        Card::Held {
            left_behind: true,
            slot,
            ..
        } => {
            return Err(CoreError::refused(format!(
                "Kartu di laci {slot} sudah tercatat tertinggal."
            )))
        }
        Card::Held { .. } => {}
        _ => {
            return Err(CoreError::refused(format!(
                "Tidak ada kartu tamu {} di laci.",
                visit.ticket
            )))
        }
    }
    if matches!(visit.state.status, Status::Serving) {
        return Err(CoreError::refused(format!(
            "Tamu {} masih dilayani.",
            visit.ticket
        )));
    }
    tx.execute(
        "UPDATE id_custody SET left_behind_at = ?2 WHERE visit_id = ?1",
        params![visit_id, ctx.now.to_rfc3339()],
    )?;
    log::append(&tx, ctx, &mut visit, Event::IdLeftBehind)?;
    if !matches!(visit.state.status, Status::Left) {
        log::append(&tx, ctx, &mut visit, Event::Left)?;
    }
    tx.commit()?;
    Ok(())
}

/// Every card in the drawer now, by slot.
pub fn held(conn: &rusqlite::Connection) -> CoreResult<Vec<HeldCard>> {
    let mut stmt = conn.prepare(
        "SELECT c.slot, c.visit_id, v.ticket, g.name, g.id_type, g.id_last4, c.since,
                c.left_behind_at IS NOT NULL, v.status
         FROM id_custody c JOIN visit v ON v.id = c.visit_id JOIN guest g ON g.id = v.guest_id
         ORDER BY c.slot",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(HeldCard {
            slot: r.get(0)?,
            visit_id: r.get(1)?,
            ticket: r.get(2)?,
            guest: r.get(3)?,
            id_type: r.get(4)?,
            id_masked: identity::masked(&r.get::<_, String>(5)?),
            since: r.get(6)?,
            left_behind: r.get(7)?,
            status: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The free slots of the drawer.
pub fn free_slots(conn: &rusqlite::Connection) -> CoreResult<Vec<u32>> {
    let mut stmt = conn.prepare(
        "SELECT number FROM id_slot WHERE number NOT IN (SELECT slot FROM id_custody) ORDER BY number",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What stands in the way of closing the day.
#[derive(Debug, Clone, Serialize)]
pub struct Closing {
    /// Cards still in the drawer with nothing recorded about them.
    pub cards: Vec<HeldCard>,
    /// Tickets of guests still waiting, called or being served.
    pub open_visits: Vec<String>,
    pub closed: bool,
}

/// Closes the office day. Refuses while a card is in the drawer with nothing recorded about
/// it (returned, collected by someone, handed to security, or left behind), or while guests
/// are still in the queue: the day never ends silently.
pub fn close_day(store: &mut Store, ctx: &Ctx) -> CoreResult<Closing> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let tz = office::timezone(&tx)?;
    let day = office_day(tz, ctx.now).to_string();
    let cards: Vec<HeldCard> = held(&tx)?.into_iter().filter(|c| !c.left_behind).collect();
    let mut stmt = tx.prepare(
        "SELECT ticket FROM visit WHERE office_day <= ?1 AND status IN ('waiting', 'called', 'serving', 'on_hold')
         ORDER BY id",
    )?;
    let open_visits: Vec<String> = stmt
        .query_map([&day], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    if !cards.is_empty() || !open_visits.is_empty() {
        let mut parts = Vec::new();
        if !cards.is_empty() {
            let list: Vec<String> = cards
                .iter()
                .map(|c| format!("laci {} ({}, {})", c.slot, c.guest, c.ticket))
                .collect();
            parts.push(format!(
                "masih ada {} kartu di laci tanpa keterangan: {}",
                cards.len(),
                list.join(", ")
            ));
        }
        if !open_visits.is_empty() {
            parts.push(format!(
                "tamu masih dalam antrian: {}",
                open_visits.join(", ")
            ));
        }
        return Err(CoreError::refused(format!(
            "Hari belum dapat ditutup: {}. Catat apa yang terjadi pada setiap kartu dan tamu.",
            parts.join("; ")
        )));
    }
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![
            format!("closed:{day}"),
            serde_json::json!({ "at": ctx.now.to_rfc3339(), "by": ctx.actor }).to_string()
        ],
    )?;
    tx.commit()?;
    Ok(Closing {
        cards,
        open_visits,
        closed: true,
    })
}
