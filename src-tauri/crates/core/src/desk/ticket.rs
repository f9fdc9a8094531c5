//! What the desk prints for a guest: the queue ticket (a receipt of 58 or 80 mm: the short
//! service label, when it was issued, the room, the drawer slot holding the card, how many
//! wait ahead) with the office's receipt settings, and the slip "Kekurangan Persyaratan"
//! (only what the guest must bring, when, and who at the desk wrote it).

use serde::{Deserialize, Serialize};

use super::events::Card;
use super::office;
use super::requirements::{desk_step, DeskStep};
use super::{checkin, log, queue, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::locale::moment_with_weekday;
use crate::standards::label::short_label;
use crate::store::Store;

/// The receipt paper widths a desk printer may have, in millimetres.
pub const PAPER_WIDTHS: [u32; 2] = [58, 80];

const PAPER_KEY: &str = "ticket_paper_mm";
const AUTO_PRINT_KEY: &str = "ticket_auto_print";

/// How the desk prints tickets, as the admin sets it in Pengaturan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketSettings {
    /// The receipt paper's width: 58 or 80 mm.
    pub paper_mm: u32,
    /// Print each ticket at check-in without asking (the desktop window only: a browser
    /// always shows its print dialog).
    #[serde(default)]
    pub auto_print: bool,
}

/// The office's ticket settings; 58 mm and no automatic printing until the admin chooses.
pub fn settings(conn: &rusqlite::Connection) -> CoreResult<TicketSettings> {
    let paper_mm = office::setting(conn, PAPER_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|w| PAPER_WIDTHS.contains(w))
        .unwrap_or(PAPER_WIDTHS[0]);
    let auto_print = office::setting(conn, AUTO_PRINT_KEY)?.as_deref() == Some("1");
    Ok(TicketSettings {
        paper_mm,
        auto_print,
    })
}

/// Saves the ticket settings; a paper width other than 58 or 80 mm is refused, changing
/// nothing.
pub fn save_settings(store: &mut Store, s: &TicketSettings) -> CoreResult<TicketSettings> {
    if !PAPER_WIDTHS.contains(&s.paper_mm) {
        return Err(CoreError::invalid(
            "Lebar kertas karcis",
            format!(
                "{} mm tidak dikenal; pilih 58 mm atau 80 mm sesuai printer struk.",
                s.paper_mm
            ),
        ));
    }
    let tx = store.conn_mut().transaction()?;
    office::put_setting(&tx, PAPER_KEY, Some(&s.paper_mm.to_string()))?;
    office::put_setting(
        &tx,
        AUTO_PRINT_KEY,
        Some(if s.auto_print { "1" } else { "0" }),
    )?;
    tx.commit()?;
    settings(store.conn())
}

/// The letterhead's names: the kabupaten and the bagian.
fn letterhead(store: &Store) -> CoreResult<(String, String)> {
    let o = office::office(store)?;
    Ok((
        o.kabupaten.unwrap_or_default(),
        o.unit_name.unwrap_or_default(),
    ))
}

/// The queue ticket as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    pub visit_id: i64,
    pub ticket: String,
    pub kabupaten: String,
    pub unit: String,
    pub service_name: String,
    pub service_short: String,
    /// When the ticket was issued (the check-in): "Senin, 7 Desember 2026 · 08.42 WITA".
    pub issued: String,
    /// The official the guest goes to: "Nama — Jabatan".
    pub official: Option<String>,
    /// The room the guest goes to: the official's, or the one room of the officials who
    /// handle the service.
    pub room: Option<String>,
    /// The drawer slot that holds the guest's card (the guest's stub to claim it).
    pub slot: Option<u32>,
    /// Guests waiting before this one in the same queue.
    pub ahead: u32,
    pub paper_mm: u32,
    pub auto_print: bool,
}

/// The ticket of a visit, now.
pub fn ticket(store: &Store, visit_id: i64) -> CoreResult<Ticket> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let visit = log::load(conn, visit_id)?;
    let s = &visit.state;
    let (_, _, service) = checkin::current_service(conn, &s.service_code)?;
    let official = s
        .official_id
        .map(|id| office::official(conn, id))
        .transpose()?;
    let room = match &official {
        Some(o) => Some(o.room.clone()),
        None => {
            let mut rooms: Vec<String> = office::officials(conn)?
                .into_iter()
                .filter(|o| o.active && o.services.contains(&s.service_code))
                .map(|o| o.room)
                .filter(|r| !r.trim().is_empty())
                .collect();
            rooms.sort();
            rooms.dedup();
            (rooms.len() == 1).then(|| rooms.remove(0))
        }
    };
    let slot = match s.card {
        Card::Held { slot, .. } => Some(slot),
        _ => None,
    };
    let (kabupaten, unit) = letterhead(store)?;
    let paper = settings(conn)?;
    Ok(Ticket {
        visit_id,
        ticket: visit.ticket.clone(),
        kabupaten,
        unit,
        service_name: service.name.clone(),
        service_short: short_label(&service.number, &service.name),
        issued: moment_with_weekday(s.arrived_at, tz),
        official: official.map(|o| format!("{} — {}", o.name, o.title)),
        room: room.filter(|r| !r.trim().is_empty()),
        slot,
        ahead: queue::ahead(conn, visit_id)?,
        paper_mm: paper.paper_mm,
        auto_print: paper.auto_print,
    })
}

/// The slip "Kekurangan Persyaratan" as printed.
#[derive(Debug, Clone, Serialize)]
pub struct MissingSlip {
    pub kabupaten: String,
    pub unit: String,
    pub service_name: String,
    pub service_short: String,
    /// What the guest must still bring, in the decree's words (the desk's own steps left out).
    pub missing: Vec<String>,
    /// "Senin, 7 Desember 2026 · 08.42 WITA".
    pub issued: String,
    /// The desk officer who gives the slip, above the signature line.
    pub officer: String,
}

/// The person of an actor "Nama (username)": their name.
fn person(actor: &str) -> &str {
    match actor.rsplit_once(" (") {
        Some((name, rest)) if rest.ends_with(')') && !name.trim().is_empty() => name.trim(),
        _ => actor.trim(),
    }
}

/// Whether a checklist line is the guest's to bring, so it may stand on the slip: what the
/// guest brings, and the institution's SPT/SPPD (handed over at the desk, but a letter the
/// guest must come back with); not the desk's own steps (the card, the blanko, coming in).
fn guest_brings(item: &str) -> bool {
    match desk_step(item) {
        None | Some(DeskStep::HandsLetter) => true,
        Some(DeskStep::HandsIdCard)
        | Some(DeskStep::FillsBlanko)
        | Some(DeskStep::HandsProposal)
        | Some(DeskStep::ComesInPerson) => false,
    }
}

/// The slip for a guest of `service` who showed only `shown` of its checklist.
pub fn missing_slip(
    store: &Store,
    ctx: &Ctx,
    service: &str,
    institutional: bool,
    shown: &[String],
) -> CoreResult<MissingSlip> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let (_, _, s) = checkin::current_service(conn, service)?;
    let missing = checkin::required_items(&s, institutional)
        .into_iter()
        .filter(|item| !shown.contains(item) && guest_brings(item))
        .collect();
    let (kabupaten, unit) = letterhead(store)?;
    Ok(MissingSlip {
        kabupaten,
        unit,
        service_name: s.name.clone(),
        service_short: short_label(&s.number, &s.name),
        missing,
        issued: moment_with_weekday(ctx.now, tz),
        officer: person(&ctx.actor).to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_officer_is_named_without_the_username() {
        assert_eq!(person("Rina Wati (rina)"), "Rina Wati");
        assert_eq!(person("Admin (Kantor) (admin)"), "Admin (Kantor)");
        assert_eq!(person("loket-hub"), "loket-hub");
    }
}
