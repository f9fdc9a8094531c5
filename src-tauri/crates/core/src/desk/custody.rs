//! Custody of the ID cards the desk keeps: into a numbered slot of the drawer, and out again
//! to the guest, to someone named on their behalf, or to security at closing; a card left
//! behind stays in its slot, recorded. The drawer (`id_custody`) holds one card per slot and
//! never the same card twice, enforced by the database itself.
//!
//! How a visit may end at the desk ([`Ending`]) is decided here once, by [`endings`]: the
//! screens offer exactly those endings, and [`settle`] refuses any other. Closing a day
//! ([`close`]) records the endings the receptionist chose for every card and guest still
//! open, and closes the day in the same transaction, or changes nothing.
//!
//! So that a day closes in a minute, the common ending is recorded for every line of the
//! closing list at once ([`settle_all`]), leaving the exceptions, and the desk may record
//! what became of a consultation an official never finished ([`finish_for_official`]) so
//! that it no longer blocks the close.
//!
//! A closed day takes no new guest and no card ([`check_day_open`]) until the desk reopens it
//! ([`reopen`]), recorded with who, when and why.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::events::{Card, CardReturn, DeskFinish, Event, Status, VisitState};
use super::guest::{self, GuestRecord};
use super::identity;
use super::log::{self, Loaded};
use super::office::{self, clean_text};
use super::Ctx;
use crate::calendar::office_day;
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_with_weekday, zone_abbreviation};
use crate::store::{CachedQueryRow, Store};

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
    /// When the card went in, in the office's time: "08.31 WITA", with the date when it
    /// was not today ("Jumat, 20 November 2026, 08.31 WITA").
    pub since_label: String,
    /// The office day of the visit.
    pub office_day: String,
    pub left_behind: bool,
    pub status: String,
    /// How the card may leave the drawer now (see [`endings`]).
    pub endings: Vec<EndingKind>,
}

/// How a visit ends at the desk: the guest goes, and the card the desk holds (if any) goes
/// back to them, to someone named on their behalf, to the security officer, or stays in
/// the drawer as left behind. For a card already left behind, the same endings record who
/// collected it later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Ending {
    /// The guest leaves with their card (if the desk holds it).
    Guest,
    /// Someone else, named, collects the card on the guest's behalf.
    Other { name: String, relation: String },
    /// The card is handed to the security officer (at closing).
    Security { officer: String },
    /// The guest left without the card: it stays in its slot, recorded.
    LeftBehind,
}

/// The kinds of [`Ending`], as the screens offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndingKind {
    Guest,
    Other,
    Security,
    LeftBehind,
}

impl Ending {
    pub fn kind(&self) -> EndingKind {
        match self {
            Ending::Guest => EndingKind::Guest,
            Ending::Other { .. } => EndingKind::Other,
            Ending::Security { .. } => EndingKind::Security,
            Ending::LeftBehind => EndingKind::LeftBehind,
        }
    }
}

/// The endings that fit a visit's state: the one rule the screens show and [`settle`]
/// enforces.
///
/// - A guest with the official (serving) cannot be ended at the desk: the official finishes
///   first.
/// - A card still held may go back to the guest, to someone named or to security; it may be
///   recorded as left behind only once the guest is out of the queue (served, not present,
///   or put aside), never while they wait or are being called.
/// - A card left behind may later be collected by the guest, someone named, or security.
/// - A guest without a card in the drawer may only leave.
pub fn endings_for(status: Status, held: Option<bool>) -> Vec<EndingKind> {
    use EndingKind::*;
    match (held, status) {
        (_, Status::Serving) => vec![],
        (Some(true), _) => vec![Guest, Other, Security],
        (Some(false), Status::Waiting | Status::Called | Status::Left) => {
            vec![Guest, Other, Security]
        }
        (Some(false), _) => vec![Guest, Other, Security, LeftBehind],
        (None, Status::Left) => vec![],
        (None, _) => vec![Guest],
    }
}

/// [`endings_for`] a visit's derived state.
pub fn endings(state: &VisitState) -> Vec<EndingKind> {
    let held = match state.card {
        Card::Held { left_behind, .. } => Some(left_behind),
        _ => None,
    };
    endings_for(state.status, held)
}

/// Whether a card can go into the drawer for this visit now (none held, guest still here).
pub fn can_hold(state: &VisitState) -> bool {
    !state.card_held() && !matches!(state.status, Status::Left)
}

/// Puts a visit's card into a slot (inside the caller's transaction).
pub(crate) fn hold_card(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx,
    visit: &mut Loaded,
    guest: &GuestRecord,
    slot: u32,
) -> CoreResult<()> {
    if let Card::Held { slot: s, .. } = visit.state.card {
        return Err(CoreError::refused(format!(
            "Kartu tamu {} sudah tersimpan di laci {s}.",
            visit.ticket
        )));
    }
    if !can_hold(&visit.state) {
        return Err(CoreError::refused(format!(
            "Tamu {} sudah pulang; kartunya tidak dapat disimpan.",
            visit.ticket
        )));
    }
    check_day_open(tx, &visit.office_day, "kartu tidak dapat disimpan lagi")?;
    check_slot_free(tx, slot)?;
    let same_card: Option<(u32, String)> = tx
        .query_row_cached(
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
    let guest_id: i64 = conn.query_row_cached(
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
    settle(store, ctx, visit_id, &Ending::LeftBehind)
}

/// Records how a visit ends at the desk (see [`Ending`] and [`endings`]): the card leaves
/// the drawer or is recorded as left behind, and the guest is recorded as gone.
pub fn settle(store: &mut Store, ctx: &Ctx, visit_id: i64, ending: &Ending) -> CoreResult<()> {
    let ending = check_ending(ending)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    settle_in(&tx, ctx, &mut visit, &ending)?;
    tx.commit()?;
    Ok(())
}

fn check_ending(ending: &Ending) -> CoreResult<Ending> {
    Ok(match ending {
        Ending::Guest => Ending::Guest,
        Ending::LeftBehind => Ending::LeftBehind,
        Ending::Other { name, relation } => match check_return(&CardReturn::Other {
            name: name.clone(),
            relation: relation.clone(),
        })? {
            CardReturn::Other { name, relation } => Ending::Other { name, relation },
            _ => unreachable!("an Other return stays Other"),
        },
        Ending::Security { officer } => Ending::Security {
            officer: clean_text("Nama petugas keamanan", officer, 100, true)?,
        },
    })
}

/// Why an ending does not fit the visit now, in the desk's words.
fn unfit(visit: &Loaded, kind: EndingKind) -> CoreError {
    let t = &visit.ticket;
    let status = visit.state.status;
    let message = match (&visit.state.card, kind, status) {
        (_, _, Status::Serving) => {
            format!("Tamu {t} sedang dilayani; pejabat menyelesaikan layanannya dulu.")
        }
        (Card::Held { slot, left_behind: true, .. }, EndingKind::LeftBehind, _) => {
            format!("Kartu di laci {slot} sudah tercatat tertinggal.")
        }
        (Card::Held { .. }, EndingKind::LeftBehind, _) => format!(
            "Tamu {t} {}; kartunya belum dapat dicatat tertinggal. Catat tamu pulang dengan kartunya, kartu diambil orang lain, atau kartu diserahkan ke petugas keamanan.",
            status.words()
        ),
        (_, EndingKind::Guest, Status::Left) => format!("Tamu {t} sudah tercatat pulang."),
        _ => format!("Tidak ada kartu tamu {t} di laci."),
    };
    CoreError::refused(message)
}

/// [`settle`] inside the caller's transaction.
fn settle_in(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx,
    visit: &mut Loaded,
    ending: &Ending,
) -> CoreResult<()> {
    let kind = ending.kind();
    if !endings(&visit.state).contains(&kind) {
        return Err(unfit(visit, kind));
    }
    match ending {
        Ending::Guest => {
            if visit.state.card_held() {
                release(tx, ctx, visit, CardReturn::Guest)?;
            }
        }
        Ending::Other { name, relation } => release(
            tx,
            ctx,
            visit,
            CardReturn::Other {
                name: name.clone(),
                relation: relation.clone(),
            },
        )?,
        Ending::Security { officer } => release(
            tx,
            ctx,
            visit,
            CardReturn::Security {
                officer: officer.clone(),
            },
        )?,
        Ending::LeftBehind => {
            tx.execute(
                "UPDATE id_custody SET left_behind_at = ?2 WHERE visit_id = ?1",
                params![visit.id, ctx.now.to_rfc3339()],
            )?;
            log::append(tx, ctx, visit, Event::IdLeftBehind)?;
        }
    }
    if !matches!(visit.state.status, Status::Left) {
        log::append(tx, ctx, visit, Event::Left)?;
    }
    Ok(())
}

/// "08.31 WITA", with the date in front when `at` is not on `today` in the office's zone.
pub fn time_label(tz: Tz, at: DateTime<Utc>, today: NaiveDate) -> String {
    let local = at.with_timezone(&tz);
    let clock = format!("{} {}", local.format("%H.%M"), zone_abbreviation(tz.name()));
    if local.date_naive() == today {
        clock
    } else {
        format!("{}, {clock}", date_with_weekday(local.date_naive()))
    }
}

/// Every card in the drawer now, by slot, with its times in the office's zone as of `now`.
pub fn held(conn: &rusqlite::Connection, now: DateTime<Utc>) -> CoreResult<Vec<HeldCard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.slot, c.visit_id, v.ticket, g.name, g.id_type, g.id_last4, c.since,
                c.left_behind_at IS NOT NULL, v.status, v.office_day
         FROM id_custody c JOIN visit v ON v.id = c.visit_id JOIN guest g ON g.id = v.guest_id
         ORDER BY c.slot",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(HeldCard {
                slot: r.get(0)?,
                visit_id: r.get(1)?,
                ticket: r.get(2)?,
                guest: r.get(3)?,
                id_type: r.get(4)?,
                id_masked: identity::masked(&r.get::<_, String>(5)?),
                since: r.get(6)?,
                since_label: String::new(),
                left_behind: r.get(7)?,
                status: r.get(8)?,
                office_day: r.get(9)?,
                endings: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let tz = office::timezone(conn)?;
    let today = office_day(tz, now);
    Ok(rows
        .into_iter()
        .map(|mut c| {
            if let Ok(at) = DateTime::parse_from_rfc3339(&c.since) {
                c.since_label = time_label(tz, at.with_timezone(&Utc), today);
            }
            let status: Option<Status> =
                serde_json::from_value(serde_json::Value::from(c.status.clone())).ok();
            c.endings = status.map_or_else(Vec::new, |s| endings_for(s, Some(c.left_behind)));
            c
        })
        .collect())
}

/// The free slots of the drawer.
pub fn free_slots(conn: &rusqlite::Connection) -> CoreResult<Vec<u32>> {
    let mut stmt = conn.prepare_cached(
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

/// One line of the closing list: a guest still open, or a card in the drawer with nothing
/// recorded about it, of the day being closed or an earlier one.
#[derive(Debug, Clone, Serialize)]
pub struct ClosingLine {
    pub visit_id: i64,
    pub ticket: String,
    pub guest: String,
    pub office_day: String,
    /// "Senin, 23 November 2026".
    pub day_label: String,
    pub status: Status,
    pub status_label: &'static str,
    /// The slot of the card, when the desk holds it and nothing is recorded yet.
    pub slot: Option<u32>,
    pub id_masked: Option<String>,
    /// What the receptionist may record (see [`endings`]).
    pub endings: Vec<EndingKind>,
    /// Why nothing can be recorded at the desk yet.
    pub note: Option<String>,
    /// Whether the desk may record what became of the consultation on the official's behalf
    /// (see [`can_finish_for_official`]).
    pub desk_may_finish: bool,
}

const OPEN: &str = "('waiting', 'called', 'serving', 'on_hold')";

/// The closing list of `day`: every guest still open and every card still held with nothing
/// recorded, of `day` or earlier, oldest first.
pub fn closing_lines(conn: &rusqlite::Connection, day: NaiveDate) -> CoreResult<Vec<ClosingLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.id, g.name, g.id_last4 FROM visit v JOIN guest g ON g.id = v.guest_id
         WHERE v.office_day <= ?1 AND (v.status IN {OPEN}
            OR v.id IN (SELECT visit_id FROM id_custody WHERE left_behind_at IS NULL))
         ORDER BY v.office_day, v.id"
    ))?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, guest, last4)| {
            let visit = log::load(conn, id)?;
            let s = &visit.state;
            let slot = match s.card {
                Card::Held {
                    slot,
                    left_behind: false,
                    ..
                } => Some(slot),
                _ => None,
            };
            let date = NaiveDate::parse_from_str(&visit.office_day, "%Y-%m-%d")
                .map_err(|e| CoreError::Storage(e.to_string()))?;
            let note = matches!(s.status, Status::Serving).then(|| {
                "Masih dilayani pejabat; bila pejabat tidak menyelesaikannya, catat apa yang terjadi.".to_string()
            });
            Ok(ClosingLine {
                visit_id: id,
                ticket: visit.ticket.clone(),
                guest,
                day_label: date_with_weekday(date),
                office_day: visit.office_day.clone(),
                status: s.status,
                status_label: match (&s.desk_finish, &s.outcome) {
                    (Some(_), None) => "Selesai, dicatat meja",
                    _ => super::views::status_label(s.status),
                },
                id_masked: slot.map(|_| identity::masked(&last4)),
                slot,
                endings: endings(s),
                note,
                desk_may_finish: can_finish_for_official(s),
            })
        })
        .collect()
}

/// What the receptionist recorded for one line of the closing list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    pub visit_id: i64,
    pub ending: Ending,
}

/// Closing a day: which day (today when left out) and what happened to each card and guest
/// still open.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    /// "YYYY-MM-DD"; today in the office's zone when left out.
    #[serde(default)]
    pub day: Option<String>,
    #[serde(default)]
    pub settle: Vec<Settlement>,
}

/// Closes today with nothing to record (see [`close`]).
pub fn close_day(store: &mut Store, ctx: &Ctx) -> CoreResult<Closing> {
    close(store, ctx, &CloseRequest::default())
}

/// Closes an office day: records the endings given for its open guests and held cards, then
/// closes it, all in one transaction. Refuses, changing nothing, while a card of that day or
/// earlier is in the drawer with nothing recorded about it (returned, collected by someone,
/// handed to security, or left behind) or a guest is still in the queue: the day never ends
/// silently.
pub fn close(store: &mut Store, ctx: &Ctx, request: &CloseRequest) -> CoreResult<Closing> {
    let settle: Vec<(i64, Ending)> = request
        .settle
        .iter()
        .map(|s| Ok((s.visit_id, check_ending(&s.ending)?)))
        .collect::<CoreResult<_>>()?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let day = day_to_close(&tx, ctx, request.day.as_deref())?;
    for (visit_id, ending) in &settle {
        let mut visit = log::load(&tx, *visit_id)?;
        if visit.office_day.as_str() > day.to_string().as_str() {
            return Err(CoreError::refused(format!(
                "Tamu {} terdaftar pada hari sesudah {}; catat pada hari itu.",
                visit.ticket,
                date_with_weekday(day)
            )));
        }
        settle_in(&tx, ctx, &mut visit, ending)?;
    }
    let day_text = day.to_string();
    let cards: Vec<HeldCard> = held(&tx, ctx.now)?
        .into_iter()
        .filter(|c| !c.left_behind && c.office_day <= day_text)
        .collect();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT ticket FROM visit WHERE office_day <= ?1 AND status IN {OPEN} ORDER BY id"
    ))?;
    let open_visits: Vec<String> = stmt
        .query_map([&day_text], |r| r.get(0))?
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
            format!("closed:{day_text}"),
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

/// The office day a closing names ("YYYY-MM-DD"), today when it names none; never a day to
/// come.
fn day_to_close(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    day: Option<&str>,
) -> CoreResult<NaiveDate> {
    let today = office_day(office::timezone(conn)?, ctx.now);
    let day = match day {
        None => today,
        Some(text) => crate::period::parse_day("Hari yang ditutup", text)?,
    };
    if day > today {
        return Err(CoreError::invalid(
            "Hari yang ditutup",
            format!("{} belum tiba.", date_with_weekday(day)),
        ));
    }
    Ok(day)
}

/// One ending for every line of a day's closing list that has none yet: "semua kartu
/// dikembalikan ke tamu".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleAllRequest {
    /// "YYYY-MM-DD"; today in the office's zone when left out.
    #[serde(default)]
    pub day: Option<String>,
    pub ending: Ending,
    /// Visits left out: the exceptions the receptionist records otherwise.
    #[serde(default)]
    pub except: Vec<i64>,
    /// How many lines the confirmation named; when given, any other number refuses (the
    /// list changed since the receptionist read it) and nothing is recorded.
    #[serde(default)]
    pub expected: Option<usize>,
}

/// What [`settle_all`] recorded.
#[derive(Debug, Clone, Serialize)]
pub struct SettledAll {
    /// The visits the ending was recorded for, in the closing list's order.
    pub settled: Vec<i64>,
    pub tickets: Vec<String>,
}

/// Records one ending for every line of the day's closing list (see [`closing_lines`]) that
/// it fits (see [`endings`]), except those named: each visit gets its own events, as if
/// recorded one by one, all in one transaction, or nothing at all. Lines the ending does not
/// fit (a guest still with the official, "left behind" for a guest still waiting) stay for
/// the receptionist to record otherwise.
pub fn settle_all(
    store: &mut Store,
    ctx: &Ctx,
    request: &SettleAllRequest,
) -> CoreResult<SettledAll> {
    let ending = check_ending(&request.ending)?;
    let kind = ending.kind();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let day = day_to_close(&tx, ctx, request.day.as_deref())?;
    let lines: Vec<ClosingLine> = closing_lines(&tx, day)?
        .into_iter()
        .filter(|l| !request.except.contains(&l.visit_id) && l.endings.contains(&kind))
        .collect();
    if lines.is_empty() {
        return Err(CoreError::refused(format!(
            "Tidak ada kartu atau tamu lain yang dapat dicatat \"{}\" untuk {}.",
            ending_words(kind),
            date_with_weekday(day)
        )));
    }
    if let Some(expected) = request.expected.filter(|n| *n != lines.len()) {
        return Err(CoreError::refused(format!(
            "Daftar sudah berubah: kini {} kartu dan tamu, bukan {expected}. Tidak ada yang dicatat; periksa daftarnya lagi.",
            lines.len()
        )));
    }
    let mut settled = SettledAll {
        settled: Vec::new(),
        tickets: Vec::new(),
    };
    for line in &lines {
        let mut visit = log::load(&tx, line.visit_id)?;
        settle_in(&tx, ctx, &mut visit, &ending)?;
        settled.settled.push(visit.id);
        settled.tickets.push(visit.ticket);
    }
    tx.commit()?;
    Ok(settled)
}

/// An ending in the desk's words, for refusals.
fn ending_words(kind: EndingKind) -> &'static str {
    match kind {
        EndingKind::Guest => "tamu pulang, kartu dikembalikan",
        EndingKind::Other => "kartu diambil orang lain",
        EndingKind::Security => "kartu diserahkan ke petugas keamanan",
        EndingKind::LeftBehind => "kartu tertinggal",
    }
}

/// Whether the desk may record what became of a consultation on the official's behalf:
/// the official called the guest or started serving them and has not finished.
pub fn can_finish_for_official(state: &VisitState) -> bool {
    matches!(state.status, Status::Called | Status::Serving)
}

/// The desk records what became of a consultation an official called or started but never
/// finished (the guest went home, it ended unrecorded, or another reason), so that it no
/// longer blocks closing the day. The event names the desk as its actor and is not the
/// official's finish; the visit leaves the queue as finished, and when the guest has gone
/// and no card is held, as gone. The card, if held, still needs its ending.
pub fn finish_for_official(
    store: &mut Store,
    ctx: &Ctx,
    visit_id: i64,
    what: &DeskFinish,
) -> CoreResult<()> {
    let what = match what {
        DeskFinish::Other { reason } => DeskFinish::Other {
            reason: clean_text("Alasan", reason, 300, true)?,
        },
        w => w.clone(),
    };
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    if !can_finish_for_official(&visit.state) {
        return Err(CoreError::refused(format!(
            "Tamu {} {}; tidak ada layanan pejabat yang perlu dicatat oleh meja.",
            visit.ticket,
            visit.state.status.words()
        )));
    }
    let gone = matches!(what, DeskFinish::GuestGone);
    let official_id = visit.state.official_id;
    log::append(
        &tx,
        ctx,
        &mut visit,
        Event::FinishedByDesk { official_id, what },
    )?;
    if gone && !visit.state.card_held() {
        log::append(&tx, ctx, &mut visit, Event::Left)?;
    }
    tx.commit()?;
    Ok(())
}

/// The ticket of the guest whose card is in a slot of the ID drawer, if one is.
pub(crate) fn slot_occupant(tx: &rusqlite::Connection, slot: u32) -> CoreResult<Option<String>> {
    Ok(tx
        .query_row_cached(
            "SELECT v.ticket FROM id_custody c JOIN visit v ON v.id = c.visit_id WHERE c.slot = ?1",
            [slot],
            |r| r.get(0),
        )
        .optional()?)
}

/// Refuses a slot of the ID drawer that does not exist or already holds a card: the one
/// check before a card goes into a slot, at check-in, later, or by a correction.
pub(crate) fn check_slot_free(tx: &rusqlite::Connection, slot: u32) -> CoreResult<()> {
    let exists: bool = tx.query_row_cached(
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
    if let Some(ticket) = slot_occupant(tx, slot)? {
        return Err(CoreError::refused(format!(
            "Laci {slot} sudah berisi kartu tamu {ticket}; pilih laci lain."
        )));
    }
    Ok(())
}
/// Whether an office day ("YYYY-MM-DD") was closed.
pub(crate) fn is_closed(conn: &rusqlite::Connection, day: &str) -> CoreResult<bool> {
    Ok(conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = ?1)",
        [format!("closed:{day}")],
        |r| r.get(0),
    )?)
}

/// Refuses what would add to an office day that was closed (a check-in, a card into the
/// drawer): its closing said every guest and card was accounted for. `what` says what is
/// refused ("check-in tidak dapat dicatat lagi").
pub(crate) fn check_day_open(conn: &rusqlite::Connection, day: &str, what: &str) -> CoreResult<()> {
    if !is_closed(conn, day)? {
        return Ok(());
    }
    let label = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(date_with_weekday)
        .unwrap_or_else(|_| day.to_string());
    Err(CoreError::refused(format!(
        "Hari {label} sudah ditutup; {what}. Bila masih ada tamu, buka kembali hari ini \
         dengan tombol \"Buka kembali hari\" dan sebutkan alasannya."
    )))
}

/// Why the desk reopens today after closing it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    pub reason: String,
}

/// One reopening of a closed day, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reopening {
    /// When and by whom the day had been closed.
    pub closed_at: String,
    pub closed_by: String,
    pub reopened_at: String,
    pub reopened_by: String,
    pub reason: String,
}

/// Reopens today after it was closed, so that the desk can check guests in and hold cards
/// again; the closing it undoes, who reopened, when and why are recorded (`reopened:DAY`,
/// every reopening of the day in order). Only today: an earlier day stays as it was closed.
pub fn reopen(store: &mut Store, ctx: &Ctx, request: &ReopenRequest) -> CoreResult<Vec<Reopening>> {
    let reason = clean_text("Alasan membuka kembali", &request.reason, 300, true)
        .map_err(|e| e.at("reason"))?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let tz = office::timezone(&tx)?;
    let day = office_day(tz, ctx.now).to_string();
    let closed: Option<String> = tx
        .query_row_cached(
            "SELECT value FROM setting WHERE key = ?1",
            [format!("closed:{day}")],
            |r| r.get(0),
        )
        .optional()?;
    let Some(closed) = closed else {
        return Err(CoreError::refused(
            "Hari ini belum ditutup; tidak ada yang perlu dibuka kembali.",
        ));
    };
    let closed: serde_json::Value =
        serde_json::from_str(&closed).map_err(|e| CoreError::Storage(e.to_string()))?;
    let text = |k: &str| closed[k].as_str().unwrap_or_default().to_string();
    let key = format!("reopened:{day}");
    let mut log: Vec<Reopening> = tx
        .query_row_cached("SELECT value FROM setting WHERE key = ?1", [&key], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|v| serde_json::from_str(&v))
        .transpose()
        .map_err(|e| CoreError::Storage(e.to_string()))?
        .unwrap_or_default();
    log.push(Reopening {
        closed_at: text("at"),
        closed_by: text("by"),
        reopened_at: ctx.now.to_rfc3339(),
        reopened_by: ctx.actor.clone(),
        reason,
    });
    let value = serde_json::to_string(&log).map_err(|e| CoreError::Storage(e.to_string()))?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    tx.execute(
        "DELETE FROM setting WHERE key = ?1",
        [format!("closed:{day}")],
    )?;
    tx.commit()?;
    Ok(log)
}
