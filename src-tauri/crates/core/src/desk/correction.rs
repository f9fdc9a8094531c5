//! Corrections of a visit's record: the purpose, the person to meet, the group size, the
//! drawer slot of the card, or an event entered by mistake (an accidental "Pulang", a card
//! returned to the wrong guest, a guest marked not present who was there).
//!
//! A correction never edits the history: it is a new [`Event::Corrected`] with who, when and
//! why, naming the event it corrects and what it changes, and the state derived from the
//! events follows it. A correction that does not fit — nothing would change, the slot is
//! taken, the event cannot be voided — is refused and changes nothing.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Deserialize;

use super::checkin::MAX_GROUP;
use super::events::{Card, Correction, Event, Recorded, VisitState};
use super::log::{self, Loaded};
use super::office::clean_text;
use super::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// What the desk asks to correct.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case", deny_unknown_fields)]
pub enum CorrectionRequest {
    Purpose {
        purpose: String,
    },
    PersonToMeet {
        #[serde(default)]
        person_to_meet: Option<String>,
    },
    GroupSize {
        group_size: u32,
    },
    CardSlot {
        slot: u32,
    },
    /// Voids the event `event_id`, entered by mistake.
    Void {
        event_id: i64,
    },
}

/// The kinds of event that may be voided: the desk's and the officials' last steps, whose
/// undoing leaves a state the visit has already been in.
const VOIDABLE: &[&str] = &["left", "id_returned", "id_left_behind", "not_present"];

/// Events that do not stand in the way of voiding an earlier one: they change no status.
fn is_annotation(event: &Event) -> bool {
    matches!(event, Event::Corrected { .. } | Event::BlankoFilled(_))
}

/// The event a voiding would undo, if it may be voided; else why not, in words.
pub fn void_refusal(events: &[Recorded], event_id: i64) -> Option<String> {
    let voided = super::events::voided(events);
    let Some(target) = events.iter().find(|e| e.id == event_id) else {
        return Some(format!(
            "Catatan nomor {event_id} tidak ada pada kunjungan ini."
        ));
    };
    let what = event_label(&target.event);
    if voided.contains(&event_id) {
        return Some(format!("Catatan \"{what}\" sudah dibatalkan."));
    }
    if !VOIDABLE.contains(&target.event.kind()) {
        return Some(format!(
            "Catatan \"{what}\" tidak dapat dibatalkan; yang dapat dibatalkan hanya Pulang, \
             pengembalian kartu, kartu tertinggal dan tidak hadir."
        ));
    }
    let last = events
        .iter()
        .rev()
        .find(|e| !voided.contains(&e.id) && !is_annotation(&e.event));
    if last.map(|e| e.id) != Some(event_id) {
        return Some(format!(
            "Catatan \"{what}\" bukan langkah terakhir kunjungan ini; batalkan dulu langkah \
             sesudahnya."
        ));
    }
    None
}

/// A short description of an event for refusals and the history.
pub fn event_label(event: &Event) -> String {
    super::history::describe(event)
}

/// Records a correction of a visit. Refuses, changing nothing, when it does not fit.
pub fn correct(
    store: &mut Store,
    ctx: &Ctx,
    visit_id: i64,
    request: &CorrectionRequest,
    note: &str,
) -> CoreResult<()> {
    let note = clean_text("Alasan koreksi", note, 1000, true)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    let check_in_id = visit.events[0].id;
    let s = &visit.state;
    let unchanged = || {
        CoreError::refused(format!(
            "Tidak ada yang berubah: isian ini sudah tercatat untuk tamu {}.",
            visit.ticket
        ))
    };
    let (event_id, change) = match request {
        CorrectionRequest::Purpose { purpose } => {
            let purpose = clean_text("Keperluan", purpose, 500, true)?;
            if purpose == s.check_in.purpose {
                return Err(unchanged());
            }
            (check_in_id, Correction::Purpose { purpose })
        }
        CorrectionRequest::PersonToMeet { person_to_meet } => {
            let person = person_to_meet
                .as_deref()
                .map(|p| clean_text("Orang yang ditemui", p, 100, false))
                .transpose()?
                .filter(|p| !p.is_empty());
            if person == s.check_in.person_to_meet {
                return Err(unchanged());
            }
            (
                check_in_id,
                Correction::PersonToMeet {
                    person_to_meet: person,
                },
            )
        }
        CorrectionRequest::GroupSize { group_size } => {
            if *group_size == 0 || *group_size > MAX_GROUP {
                return Err(CoreError::invalid(
                    "Jumlah orang",
                    format!("harus antara 1 dan {MAX_GROUP}."),
                ));
            }
            if *group_size == s.check_in.group_size {
                return Err(unchanged());
            }
            (
                check_in_id,
                Correction::GroupSize {
                    group_size: *group_size,
                },
            )
        }
        CorrectionRequest::CardSlot { slot } => {
            let Card::Held { slot: now, .. } = s.card else {
                return Err(CoreError::refused(format!(
                    "Kartu tamu {} tidak ada di laci; tidak ada laci yang dapat dikoreksi.",
                    visit.ticket
                )));
            };
            if *slot == now {
                return Err(CoreError::refused(format!(
                    "Kartu tamu {} sudah tercatat di laci {slot}.",
                    visit.ticket
                )));
            }
            super::custody::check_slot_free(&tx, *slot)?;
            tx.execute(
                "UPDATE id_custody SET slot = ?2 WHERE visit_id = ?1",
                params![visit.id, slot],
            )?;
            let held_event = visit
                .events
                .iter()
                .rev()
                .find(|e| matches!(e.event, Event::IdHeld { .. }))
                .map_or(check_in_id, |e| e.id);
            (held_event, Correction::CardSlot { slot: *slot })
        }
        CorrectionRequest::Void { event_id } => {
            if let Some(why) = void_refusal(&visit.events, *event_id) {
                return Err(CoreError::refused(why));
            }
            (*event_id, Correction::Void)
        }
    };
    let before = visit.state.card.clone();
    log::append(
        &tx,
        ctx,
        &mut visit,
        Event::Corrected {
            event_id,
            note,
            change: Some(change.clone()),
        },
    )?;
    if matches!(change, Correction::Void) {
        sync_drawer(&tx, &visit, &before)?;
    }
    tx.commit()?;
    Ok(())
}

/// Brings the drawer in step with the card's state after a void: a card given back by
/// mistake is in its slot again; a card no longer left behind is an ordinary one.
fn sync_drawer(tx: &rusqlite::Transaction<'_>, visit: &Loaded, before: &Card) -> CoreResult<()> {
    let state: &VisitState = &visit.state;
    match (&state.card, before) {
        (
            Card::Held {
                slot,
                since,
                left_behind,
            },
            Card::Returned { .. },
        ) => {
            if let Some(ticket) = super::custody::slot_occupant(tx, *slot)? {
                return Err(CoreError::refused(format!(
                    "Pengembalian kartu tidak dapat dibatalkan: laci {slot} kini berisi kartu tamu {ticket}. \
                     Pindahkan kartu itu dulu."
                )));
            }
            let id_hash: String = tx.query_row(
                "SELECT g.id_hash FROM visit v JOIN guest g ON g.id = v.guest_id WHERE v.id = ?1",
                [visit.id],
                |r| r.get(0),
            )?;
            let elsewhere: Option<(u32, String)> = tx
                .query_row(
                    "SELECT c.slot, v.ticket FROM id_custody c JOIN visit v ON v.id = c.visit_id
                     WHERE c.id_hash = ?1",
                    [&id_hash],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((s, ticket)) = elsewhere {
                return Err(CoreError::refused(format!(
                    "Pengembalian kartu tidak dapat dibatalkan: kartu ini kini tersimpan di laci {s} (tamu {ticket})."
                )));
            }
            let left_at = left_behind
                .then(|| last_left_behind(visit))
                .flatten()
                .map(|t| t.to_rfc3339());
            tx.execute(
                "INSERT INTO id_custody (slot, visit_id, id_hash, since, left_behind_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![slot, visit.id, id_hash, since.to_rfc3339(), left_at],
            )?;
        }
        (
            Card::Held {
                left_behind: false, ..
            },
            Card::Held {
                left_behind: true, ..
            },
        ) => {
            tx.execute(
                "UPDATE id_custody SET left_behind_at = NULL WHERE visit_id = ?1",
                [visit.id],
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// When the card was (last) recorded left behind, among the events still in force.
fn last_left_behind(visit: &Loaded) -> Option<chrono::DateTime<chrono::Utc>> {
    let voided = super::events::voided(&visit.events);
    visit
        .events
        .iter()
        .rev()
        .find(|e| matches!(e.event, Event::IdLeftBehind) && !voided.contains(&e.id))
        .map(|e| e.at)
}
