//! The queue: officials call guests in, serve them, and record the outcome.
//!
//! Every action checks that it fits the visit's state and refuses otherwise, changing
//! nothing. Calls run in an immediate transaction, so two officials pressing "call next" at
//! the same moment are served one after the other and never get the same guest.
//!
//! The queue is the office day's: a guest checked in on an earlier day who is still waiting
//! is never called today; the desk shows them to the receptionist instead, to close that day.
//! A guest of an earlier day still called or with the official is finished (or marked not
//! present) by them, but never called again: their ticket number belongs to today's series
//! too, and the waiting room would hear today's guest called.
//!
//! Whether an action is open now is asked of one rule each ([`not_present_refusal`],
//! [`recall_refusal`], [`call_next_refusal`], [`stand_in_refusal`]): the action refuses with
//! its words, and the screens show the same words beside the button they disable.
//!
//! The desk may act for an official who has no account or is signed in on no device
//! ([`on_behalf`]): the event is the official's as usual (the display and the speech follow
//! it), recorded with the receptionist as its actor, "atas nama" the official.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::events::{Event, Outcome, Status};
use super::log::{self, Loaded};
use super::office::{self, clean_text};
use super::Ctx;
use crate::calendar::office_day;
use crate::error::{CoreError, CoreResult};
use crate::locale::date_with_weekday;
use crate::store::{CachedQueryRow, Store};

/// The states of a guest still in the building and in the queue's hands.
const STILL_HERE: &[Status] = &[
    Status::Waiting,
    Status::Called,
    Status::Serving,
    Status::OnHold,
];

/// Calls a guest needs before they may be marked not present: the first call and a recall.
pub const CALLS_BEFORE_NOT_PRESENT: u32 = 2;

/// Where a transfer sends the guest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    #[serde(default)]
    pub to_official: Option<i64>,
    #[serde(default)]
    pub to_service: Option<String>,
    pub reason: String,
}

/// Whether an action is open now and, when it is not, why and when it will be, in words for
/// the screen beside the disabled button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permit {
    pub allowed: bool,
    pub hint: Option<String>,
}

impl Permit {
    /// Open when there is no refusal; closed with the refusal's words otherwise.
    pub fn unless(refusal: Option<String>) -> Permit {
        Permit {
            allowed: refusal.is_none(),
            hint: refusal,
        }
    }
}

/// The office day of `now`, as visits store it.
fn today_of(conn: &rusqlite::Connection, ctx: &Ctx) -> CoreResult<String> {
    Ok(office_day(office::timezone(conn)?, ctx.now).to_string())
}

/// The visit's office day in Indonesian: "Jumat, 4 Desember 2026".
fn day_words(visit: &Loaded) -> String {
    chrono::NaiveDate::parse_from_str(&visit.office_day, "%Y-%m-%d")
        .map(date_with_weekday)
        .unwrap_or_else(|_| visit.office_day.clone())
}

/// Why a called guest may not be marked not present now (`None` when they may): only after
/// the first call and a recall, so that a guest who stepped out hears their number twice.
/// A guest of an earlier day cannot be recalled ([`recall_refusal`]), so they may be marked
/// at once.
pub fn not_present_refusal(visit: &Loaded, today: &str) -> Option<String> {
    if visit.state.status != Status::Called {
        return Some(refuse(visit, "menandai tidak hadir").to_string());
    }
    if visit.office_day != today || visit.state.calls >= CALLS_BEFORE_NOT_PRESENT {
        return None;
    }
    Some(format!(
        "Panggil ulang tamu {} dulu: tidak hadir bisa ditandai setelah dipanggil ulang (baru \
         dipanggil {}× dari {} kali).",
        visit.ticket, visit.state.calls, CALLS_BEFORE_NOT_PRESENT
    ))
}

/// Why a called guest may not be called again now (`None` when they may): a guest of an
/// earlier day is not, as their ticket number is also today's.
pub fn recall_refusal(visit: &Loaded, today: &str) -> Option<String> {
    if visit.state.status != Status::Called {
        return Some(refuse(visit, "memanggil ulang").to_string());
    }
    (visit.office_day != today).then(|| {
        format!(
            "Tamu {} terdaftar pada {}: nomor itu dipakai lagi hari ini, jadi tidak dipanggil \
             ulang di layar. Mulai layanan bila tamunya ada, atau tandai tidak hadir.",
            visit.ticket,
            day_words(visit)
        )
    })
}

/// Why the official may not call the next guest now (`None` when they may): a guest they
/// called today has not come in yet (nor been marked not present). A guest of an earlier day
/// left called holds nobody up: they are listed apart, to be finished or marked.
pub fn call_next_refusal(
    conn: &rusqlite::Connection,
    official_id: i64,
    today: &str,
) -> CoreResult<Option<String>> {
    let called: Option<String> = conn
        .query_row_cached(
            "SELECT ticket FROM visit WHERE official_id = ?1 AND status = 'called' AND office_day = ?2
             ORDER BY queued_at, id LIMIT 1",
            params![official_id, today],
            |r| r.get(0),
        )
        .optional()?;
    Ok(called.map(|ticket| {
        format!(
            "Tamu {ticket} sudah dipanggil dan belum masuk: mulai layanannya, panggil ulang, \
             atau tandai tidak hadir dulu."
        )
    }))
}

/// Why the desk may not act for an official now (`None` when it may): only for an active
/// official none of whose accounts is signed in anywhere — one without an account, or away
/// from every device. An official at their screen calls their guests themselves.
pub fn stand_in_refusal(
    conn: &rusqlite::Connection,
    official_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Option<String>> {
    let o = office::official(conn, official_id)?;
    if !o.active {
        return Ok(Some(format!("{} tidak aktif.", o.name)));
    }
    Ok(
        crate::auth::sessions::official_signed_in(conn, official_id, now)?.then(|| {
            format!(
                "{} sedang masuk di perangkatnya: beliau memanggil tamunya sendiri.",
                o.name
            )
        }),
    )
}

fn refuse(visit: &Loaded, action: &str) -> CoreError {
    CoreError::refused(format!(
        "Tidak dapat {action}: tamu {} {}.",
        visit.ticket,
        visit.state.status.words()
    ))
}

fn expect(visit: &Loaded, allowed: &[Status], action: &str) -> CoreResult<()> {
    if allowed.contains(&visit.state.status) {
        Ok(())
    } else {
        Err(refuse(visit, action))
    }
}

/// The official acting must be the one the guest was called by.
fn expect_caller(visit: &Loaded, official_id: i64, action: &str) -> CoreResult<()> {
    if visit.state.official_id == Some(official_id) {
        Ok(())
    } else {
        Err(CoreError::refused(format!(
            "Tidak dapat {action}: tamu {} dipanggil oleh pejabat lain.",
            visit.ticket
        )))
    }
}

fn active_official(conn: &rusqlite::Connection, id: i64) -> CoreResult<office::Official> {
    let o = office::official(conn, id)?;
    if !o.active {
        return Err(CoreError::refused(format!("{} tidak aktif.", o.name)));
    }
    Ok(o)
}

/// Runs one action on a visit in an immediate transaction.
fn act<T>(
    store: &mut Store,
    visit_id: i64,
    f: impl FnOnce(&rusqlite::Transaction<'_>, &mut Loaded) -> CoreResult<T>,
) -> CoreResult<T> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut visit = log::load(&tx, visit_id)?;
    let out = f(&tx, &mut visit)?;
    tx.commit()?;
    Ok(out)
}

fn call_visit(
    tx: &rusqlite::Transaction<'_>,
    ctx: &Ctx,
    visit: &mut Loaded,
    official: &office::Official,
) -> CoreResult<()> {
    expect(visit, &[Status::Waiting], "memanggil")?;
    let today = office_day(office::timezone(tx)?, ctx.now).to_string();
    if visit.office_day != today {
        let day = chrono::NaiveDate::parse_from_str(&visit.office_day, "%Y-%m-%d")
            .map(date_with_weekday)
            .unwrap_or_else(|_| visit.office_day.clone());
        return Err(CoreError::refused(format!(
            "Tidak dapat memanggil: tamu {} terdaftar pada {day}, bukan hari ini. Meja layanan mencatat kepulangannya dan menutup hari itu.",
            visit.ticket
        )));
    }
    log::append(
        tx,
        ctx,
        visit,
        Event::Called {
            official_id: official.id.unwrap_or_default(),
            room: official.room.clone(),
        },
    )
}

/// The one rule of whose a visit is, as SQL on a visit `v` and an official `?1`: queued for
/// (or called or served by) that official, or queued for nobody in particular under one of
/// the official's services. "Call next" picks from these; an official's account may act only
/// on these ([`is_officials_visit`]).
const OFFICIALS_VISIT: &str = "(v.official_id IS ?1 OR (v.official_id IS NULL AND v.service_code IN
     (SELECT service_code FROM official_service WHERE official_id = ?1)))";

/// How many guests wait before a visit in its queue, in the order "call next" takes them
/// (the same day, by `queued_at`): for a visit queued for an official, those the official
/// would call first ([`OFFICIALS_VISIT`]); for one queued for nobody in particular, those of
/// the same service and those queued for an official who handles it.
pub fn ahead(conn: &rusqlite::Connection, visit_id: i64) -> CoreResult<u32> {
    let (official, service, day, queued_at): (Option<i64>, String, String, String) = conn
        .query_row_cached(
            "SELECT official_id, service_code, office_day, queued_at FROM visit WHERE id = ?1",
            [visit_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Kunjungan nomor {visit_id}"),
        })?;
    let before = "v.status = 'waiting' AND v.office_day = ?2 AND v.id <> ?3
         AND (v.queued_at < ?4 OR (v.queued_at = ?4 AND v.id < ?3))";
    let count: u32 = match official {
        Some(official_id) => conn.query_row_cached(
            &format!("SELECT count(*) FROM visit v WHERE {before} AND {OFFICIALS_VISIT}"),
            params![official_id, day, visit_id, queued_at],
            |r| r.get(0),
        )?,
        None => conn.query_row_cached(
            &format!(
                "SELECT count(*) FROM visit v WHERE {before} AND (v.service_code = ?1 OR v.official_id IN
                 (SELECT official_id FROM official_service WHERE service_code = ?1))"
            ),
            params![service, day, visit_id, queued_at],
            |r| r.get(0),
        )?,
    };
    Ok(count)
}

/// Whether the visit is the official's to act on (see [`OFFICIALS_VISIT`]), with its ticket;
/// `NotFound` when there is no such visit.
pub fn is_officials_visit(
    conn: &rusqlite::Connection,
    official_id: i64,
    visit_id: i64,
) -> CoreResult<(bool, String)> {
    conn.query_row_cached(
        &format!("SELECT {OFFICIALS_VISIT}, v.ticket FROM visit v WHERE v.id = ?2"),
        params![official_id, visit_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("Kunjungan nomor {visit_id}"),
    })
}

/// Calls the guest who has waited longest today for this official or one of their services.
/// Returns the visit called, or refuses when nobody waits.
pub fn call_next(store: &mut Store, ctx: &Ctx, official_id: i64) -> CoreResult<i64> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let official = active_official(&tx, official_id)?;
    let today = office_day(office::timezone(&tx)?, ctx.now).to_string();
    if let Some(refusal) = call_next_refusal(&tx, official_id, &today)? {
        return Err(CoreError::refused(refusal));
    }
    let next: Option<i64> = tx
        .query_row_cached(
            &format!(
                "SELECT v.id FROM visit v
                 WHERE v.status = 'waiting' AND v.office_day = ?2 AND {OFFICIALS_VISIT}
                 ORDER BY v.queued_at, v.id LIMIT 1"
            ),
            params![official_id, today],
            |r| r.get(0),
        )
        .optional()?;
    let visit_id = next.ok_or_else(|| CoreError::refused("Tidak ada tamu yang menunggu."))?;
    let mut visit = log::load(&tx, visit_id)?;
    call_visit(&tx, ctx, &mut visit, &official)?;
    tx.commit()?;
    Ok(visit_id)
}

/// Calls a particular guest out of turn.
pub fn call(store: &mut Store, ctx: &Ctx, official_id: i64, visit_id: i64) -> CoreResult<()> {
    act(store, visit_id, |tx, visit| {
        let official = active_official(tx, official_id)?;
        call_visit(tx, ctx, visit, &official)
    })
}

/// Calls a called guest again.
pub fn recall(store: &mut Store, ctx: &Ctx, official_id: i64, visit_id: i64) -> CoreResult<()> {
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::Called], "memanggil ulang")?;
        expect_caller(visit, official_id, "memanggil ulang")?;
        if let Some(refusal) = recall_refusal(visit, &today_of(tx, ctx)?) {
            return Err(CoreError::refused(refusal));
        }
        log::append(tx, ctx, visit, Event::Recalled { official_id })
    })
}

/// The guest came in: service starts.
pub fn start(store: &mut Store, ctx: &Ctx, official_id: i64, visit_id: i64) -> CoreResult<()> {
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::Called], "memulai layanan")?;
        expect_caller(visit, official_id, "memulai layanan")?;
        log::append(tx, ctx, visit, Event::Started { official_id })
    })
}

fn check_outcome(o: &Outcome) -> CoreResult<Outcome> {
    Ok(Outcome {
        notes: clean_text("Notulen", &o.notes, 8000, false)?,
        result: clean_text("Hasil konsultasi", &o.result, 4000, true)?,
        follow_up: clean_text("Tindak lanjut", &o.follow_up, 2000, false)?,
        closed: o.closed,
    })
}

/// Service ends, with the outcome written on the blanko.
pub fn finish(
    store: &mut Store,
    ctx: &Ctx,
    official_id: i64,
    visit_id: i64,
    outcome: &Outcome,
) -> CoreResult<()> {
    let outcome = check_outcome(outcome)?;
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::Serving], "menyelesaikan layanan")?;
        expect_caller(visit, official_id, "menyelesaikan layanan")?;
        log::append(
            tx,
            ctx,
            visit,
            Event::Finished {
                official_id,
                outcome,
            },
        )
    })
}

/// What the desk does for an official ([`on_behalf`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandIn {
    Call,
    Recall,
    Start,
    /// With the outcome, as the official's own finish.
    Finish,
}

/// The desk calls, recalls, starts or finishes a guest for an official who is signed in on
/// no device ([`stand_in_refusal`]), on a guest who is that official's by the same rule as
/// their own screen's. The events are the official's, as if they had acted, recorded with
/// the receptionist as actor "atas nama" the official.
pub fn on_behalf(
    store: &mut Store,
    ctx: &Ctx,
    official_id: i64,
    visit_id: i64,
    action: StandIn,
    outcome: Option<&Outcome>,
) -> CoreResult<()> {
    let conn = store.conn();
    if let Some(refusal) = stand_in_refusal(conn, official_id, ctx.now)? {
        return Err(CoreError::refused(refusal));
    }
    let (theirs, ticket) = is_officials_visit(conn, official_id, visit_id)?;
    let official = office::official(conn, official_id)?;
    if !theirs {
        return Err(CoreError::refused(format!(
            "Tamu {ticket} bukan antrian {}: pilih pejabat yang ditemui tamu atau yang \
             menangani layanannya.",
            official.name
        )));
    }
    let ctx = Ctx {
        actor: format!("{}, meja layanan atas nama {}", ctx.actor, official.name),
        now: ctx.now,
    };
    match action {
        StandIn::Call => call(store, &ctx, official_id, visit_id),
        StandIn::Recall => recall(store, &ctx, official_id, visit_id),
        StandIn::Start => start(store, &ctx, official_id, visit_id),
        StandIn::Finish => {
            let outcome = outcome.ok_or_else(|| {
                CoreError::invalid("Hasil konsultasi", "tuliskan hasilnya sebelum menyimpan.")
            })?;
            finish(store, &ctx, official_id, visit_id, outcome)
        }
    }
}

/// The guest did not come after being called and recalled.
pub fn not_present(
    store: &mut Store,
    ctx: &Ctx,
    official_id: i64,
    visit_id: i64,
) -> CoreResult<()> {
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::Called], "menandai tidak hadir")?;
        expect_caller(visit, official_id, "menandai tidak hadir")?;
        if let Some(refusal) = not_present_refusal(visit, &today_of(tx, ctx)?) {
            return Err(CoreError::refused(refusal));
        }
        log::append(tx, ctx, visit, Event::NotPresent { official_id })
    })
}

/// Sends the guest to another official or service; they keep a place by the transfer time.
pub fn transfer(store: &mut Store, ctx: &Ctx, visit_id: i64, t: &Transfer) -> CoreResult<()> {
    let reason = clean_text("Alasan pengalihan", &t.reason, 500, true)?;
    if t.to_official.is_none() && t.to_service.is_none() {
        return Err(CoreError::invalid(
            "Tujuan pengalihan",
            "pilih pejabat atau layanan tujuan.",
        ));
    }
    act(store, visit_id, |tx, visit| {
        expect(visit, STILL_HERE, "mengalihkan")?;
        if let Some(id) = t.to_official {
            active_official(tx, id)?;
        }
        let service_code = match &t.to_service {
            Some(code) => {
                let (_, region, _) = super::checkin::current_service(tx, code)?;
                let office_region = office::region_and_unit(tx)?.map(|(r, _)| r);
                if office_region.as_deref() != Some(region.as_str()) {
                    return Err(CoreError::invalid(
                        "Layanan tujuan",
                        "bukan layanan kabupaten ini.",
                    ));
                }
                code.clone()
            }
            None => visit.state.service_code.clone(),
        };
        if t.to_official == visit.state.official_id && service_code == visit.state.service_code {
            return Err(CoreError::invalid(
                "Tujuan pengalihan",
                "sama dengan pejabat dan layanan sekarang.",
            ));
        }
        let event = Event::Transferred {
            from_official_id: visit.state.official_id,
            official_id: t.to_official,
            service_code,
            reason: reason.clone(),
        };
        log::append(tx, ctx, visit, event)
    })
}

/// Puts a waiting or called guest aside (e.g. to fetch a missing document).
pub fn hold(store: &mut Store, ctx: &Ctx, visit_id: i64, reason: &str) -> CoreResult<()> {
    let reason = clean_text("Alasan penundaan", reason, 500, true)?;
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::Waiting, Status::Called], "menunda")?;
        log::append(tx, ctx, visit, Event::PutOnHold { reason })
    })
}

/// Returns a guest on hold to the queue.
pub fn resume(store: &mut Store, ctx: &Ctx, visit_id: i64) -> CoreResult<()> {
    act(store, visit_id, |tx, visit| {
        expect(visit, &[Status::OnHold], "melanjutkan antrian")?;
        log::append(tx, ctx, visit, Event::Resumed)
    })
}

/// The guest fills in (or corrects) the blanko after check-in, e.g. on the tablet.
pub fn fill_blanko(
    store: &mut Store,
    ctx: &Ctx,
    visit_id: i64,
    blanko: &super::events::Blanko,
) -> CoreResult<()> {
    let blanko = super::checkin::check_blanko(blanko)?;
    act(store, visit_id, |tx, visit| {
        expect(visit, STILL_HERE, "mengisi blanko")?;
        log::append(tx, ctx, visit, Event::BlankoFilled(blanko))
    })
}
