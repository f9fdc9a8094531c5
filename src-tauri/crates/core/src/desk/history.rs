//! A visit's history as the desk's visit dialog shows it: every event in words, who recorded
//! it and when in the office's time, whether a correction voided it, and whether it may still
//! be voided — the same rule [`super::correction`] applies.

use serde::Serialize;

use super::correction::void_refusal;
use super::events::{CardReturn, Correction, Event};
use super::identity::{self, IdType};
use super::{log, office};
use crate::calendar::office_day;
use crate::error::CoreResult;
use crate::locale::{date_with_weekday, zone_abbreviation};
use crate::store::Store;

/// One line of a visit's history.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    /// The event's kind as stored (`checked_in`, `left`, …).
    pub kind: &'static str,
    /// What happened, in Indonesian: "Kartu KTP ****0061 disimpan di laci 3".
    pub what: String,
    /// Who recorded it.
    pub actor: String,
    /// "Senin, 23 November 2026".
    pub date: String,
    /// "09.05 WITA".
    pub time: String,
    /// The reason a correction gives.
    pub note: Option<String>,
    /// For a correction: the event it corrects.
    pub corrects: Option<i64>,
    /// A later correction voided this event: it no longer counts.
    pub voided: bool,
    /// This event may be voided now (it is the last step and of a kind that may be).
    pub voidable: bool,
}

fn id_type_label(id_type: &str) -> &'static str {
    serde_json::from_value::<IdType>(serde_json::Value::from(id_type))
        .map(IdType::label)
        .unwrap_or("Kartu")
}

/// An event in words.
pub fn describe(event: &Event) -> String {
    match event {
        Event::CheckedIn(c) => format!("Datang dan didaftarkan — keperluan: {}", c.purpose),
        Event::IdHeld {
            slot,
            id_type,
            last4,
        } => format!(
            "Kartu {} {} disimpan di laci {slot}",
            id_type_label(id_type),
            identity::masked(last4)
        ),
        Event::BlankoFilled(b) => format!("Blanko diisi — topik: {}", b.topic),
        Event::Called { room, .. } => format!("Dipanggil ke {room}"),
        Event::Recalled { .. } => "Dipanggil ulang".into(),
        Event::Started { .. } => "Mulai dilayani".into(),
        Event::Finished { outcome, .. } => format!(
            "Selesai dilayani — {}{}",
            outcome.result,
            if outcome.closed { "" } else { " (berlanjut)" }
        ),
        Event::NotPresent { .. } => "Tidak hadir saat dipanggil".into(),
        Event::FinishedByDesk { what, .. } => {
            format!(
                "Diakhiri oleh meja layanan (bukan pejabat) — {}",
                what.words()
            )
        }
        Event::Transferred { reason, .. } => format!("Dialihkan — {reason}"),
        Event::PutOnHold { reason } => format!("Ditunda — {reason}"),
        Event::Resumed => "Kembali ke antrian".into(),
        Event::IdReturned(CardReturn::Guest) => "Kartu dikembalikan kepada tamu".into(),
        Event::IdReturned(CardReturn::Other { name, relation }) => {
            format!("Kartu diambil oleh {name} ({relation})")
        }
        Event::IdReturned(CardReturn::Security { officer }) => {
            format!("Kartu diserahkan kepada petugas keamanan {officer}")
        }
        Event::IdLeftBehind => "Kartu tertinggal di laci".into(),
        Event::Left => "Pulang".into(),
        Event::Corrected { change, .. } => match change {
            Some(Correction::Purpose { purpose }) => format!("Koreksi keperluan: {purpose}"),
            Some(Correction::PersonToMeet {
                person_to_meet: Some(p),
            }) => format!("Koreksi orang yang ditemui: {p}"),
            Some(Correction::PersonToMeet {
                person_to_meet: None,
            }) => "Koreksi orang yang ditemui: dikosongkan".into(),
            Some(Correction::GroupSize { group_size }) => {
                format!("Koreksi jumlah orang: {group_size}")
            }
            Some(Correction::CardSlot { slot }) => format!("Koreksi laci kartu: laci {slot}"),
            Some(Correction::Void) => "Pembatalan catatan yang salah".into(),
            None => "Catatan koreksi".into(),
        },
    }
}

/// A visit's history, oldest first, in words and office time.
pub fn entries(store: &Store, visit_id: i64) -> CoreResult<Vec<Entry>> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let zone = zone_abbreviation(tz.name());
    let events = log::load(conn, visit_id)?.events;
    let voided = super::events::voided(&events);
    Ok(events
        .iter()
        .map(|r| {
            let (note, corrects) = match &r.event {
                Event::Corrected { event_id, note, .. } => (Some(note.clone()), Some(*event_id)),
                _ => (None, None),
            };
            let mut what = describe(&r.event);
            if let Some(target) = corrects.and_then(|id| events.iter().find(|e| e.id == id)) {
                if matches!(
                    r.event,
                    Event::Corrected {
                        change: Some(Correction::Void),
                        ..
                    } | Event::Corrected { change: None, .. }
                ) {
                    what = format!("{what}: \"{}\"", describe(&target.event));
                }
            }
            Entry {
                id: r.id,
                kind: r.event.kind(),
                what,
                actor: r.actor.clone(),
                date: date_with_weekday(office_day(tz, r.at)),
                time: format!("{} {zone}", r.at.with_timezone(&tz).format("%H.%M")),
                note,
                corrects,
                voided: voided.contains(&r.id),
                voidable: void_refusal(&events, r.id).is_none(),
            }
        })
        .collect())
}
