//! What the desk's and the officials' screens show: visits with their times measured against
//! the standard, the day at the desk, an official's queue, a visit's history. Personal data
//! is masked here, once, for every screen.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use serde::Serialize;

use super::custody::{self, ClosingLine, EndingKind, HeldCard};
use super::events::{Blanko, Card, DeskFinish, Outcome, Recorded, Status, VisitState};
use super::guest::{self, GuestView};
use super::log;
use super::office;
use super::queue::{self, Permit};
use super::{calendar_of, Ctx};
use crate::calendar::{office_day, Calendar};
use crate::error::CoreResult;
use crate::locale::{date_with_weekday, zone_abbreviation};
use crate::standards::label::short_label;
use crate::standards::model::{LimitUnit, Service};
use crate::store::{CachedQueryRow, Store};

/// How a visit stands against its standard's time limit.
#[derive(Debug, Clone, Serialize)]
pub struct LimitCheck {
    pub label: String,
    /// True when the consultation has run over the limit (or its due date has passed).
    pub over: bool,
    /// For limits in days: the date the matter is due, in Indonesian.
    pub due: Option<String>,
}

/// A visit as the screens list it.
#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    pub id: i64,
    pub ticket: String,
    pub status: Status,
    pub status_label: &'static str,
    pub guest: GuestView,
    pub service_code: String,
    pub service_name: String,
    /// The service's short label for lists: "2. Konsultasi Pengadaan Barang/Jasa"
    /// ([`crate::standards::label::short_label`]); the full name is `service_name`.
    pub service_short: String,
    pub official: Option<OfficialRef>,
    pub person_to_meet: Option<String>,
    pub purpose: String,
    pub group_size: u32,
    /// Local clock time of arrival: "08.31".
    pub arrived: String,
    /// The office day of arrival as Indonesians write it: "07/12/2026".
    pub arrived_date: String,
    pub arrived_at: DateTime<Utc>,
    /// Local clock time the guest left, once recorded.
    pub left: Option<String>,
    pub left_at: Option<DateTime<Utc>>,
    /// Minutes waited until the first call (or so far).
    pub waited_minutes: i64,
    pub service_minutes: Option<i64>,
    pub limit: LimitCheck,
    pub card: Card,
    pub blanko: Option<Blanko>,
    pub outcome: Option<Outcome>,
    /// What the desk recorded when the official never finished (not the official's finish).
    pub desk_finish: Option<DeskFinish>,
    pub missing: Vec<String>,
    /// The guest did not come when called (and recalled).
    pub not_present: bool,
    pub admitted_note: Option<String>,
    pub letter: Option<super::events::AssignmentLetter>,
    pub proposal_received: bool,
    pub warnings: Vec<String>,
    pub calls: u32,
    /// How the desk may end this visit now (see [`custody::endings`]).
    pub endings: Vec<EndingKind>,
    /// Whether the desk may put the guest's card into the drawer now.
    pub can_hold_card: bool,
}

/// An official as a visit names them.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialRef {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub room: String,
}

/// A status in words for the lists.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Waiting => "Menunggu",
        Status::Called => "Dipanggil",
        Status::Serving => "Dilayani",
        Status::OnHold => "Ditunda",
        Status::Finished => "Selesai",
        Status::NotPresent => "Tidak hadir",
        Status::Left => "Pulang",
    }
}

fn local_clock(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%H.%M").to_string()
}

fn current_service(conn: &rusqlite::Connection, code: &str) -> CoreResult<Arc<Service>> {
    Ok(super::checkin::current_service(conn, code)?.2)
}

/// Measures a visit against its service's time limit at `now`.
pub fn limit_check(
    service: &Service,
    state: &VisitState,
    tz: Tz,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> LimitCheck {
    let t = &service.time_limit;
    let label = t.label();
    if let Some(max) = t.max_minutes() {
        let over = state.service_minutes(now).is_some_and(|m| m > max);
        return LimitCheck {
            label,
            over,
            due: None,
        };
    }
    let due = match (t.unit, t.max) {
        (LimitUnit::WorkingDays, Some(n)) => {
            Some(calendar.add_working_days(office_day(tz, state.arrived_at), n.ceil() as u32))
        }
        (LimitUnit::Days, Some(n)) => {
            Some(office_day(tz, state.arrived_at) + Duration::days(n.ceil() as i64))
        }
        _ => None,
    };
    let open_matter = state.outcome.as_ref().is_none_or(|o| !o.closed)
        && !matches!(state.status, Status::NotPresent);
    let over = due.is_some_and(|d: NaiveDate| open_matter && office_day(tz, now) > d);
    LimitCheck {
        label,
        over,
        due: due.map(date_with_weekday),
    }
}

/// An official as visits name them.
pub(crate) fn official_ref(conn: &rusqlite::Connection, id: i64) -> CoreResult<OfficialRef> {
    let o = office::official(conn, id)?;
    Ok(OfficialRef {
        id,
        name: o.name,
        title: o.title,
        room: o.room,
    })
}

/// The service a visit is measured against: the current standard of its service.
pub(crate) fn service_of(conn: &rusqlite::Connection, code: &str) -> CoreResult<Arc<Service>> {
    current_service(conn, code)
}

/// One visit as the screens show it.
pub fn visit_view(
    conn: &rusqlite::Connection,
    visit_id: i64,
    tz: Tz,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> CoreResult<VisitView> {
    let visit = log::load(conn, visit_id)?;
    let s = &visit.state;
    let guest_id: i64 = conn.query_row_cached(
        "SELECT guest_id FROM visit WHERE id = ?1",
        [visit_id],
        |r| r.get(0),
    )?;
    let service = current_service(conn, &s.service_code)?;
    let official = s.official_id.map(|id| official_ref(conn, id)).transpose()?;
    let guest = guest::view(conn, guest_id)?;
    Ok(view_of(
        visit.id,
        visit.ticket.clone(),
        s,
        guest,
        &service,
        official,
        (tz, calendar, now),
    ))
}

/// A visit's view from its derived state and what it refers to, read by the caller: one
/// visit at a time ([`visit_view`]) or a whole period at once (the guest log).
pub(crate) fn view_of(
    id: i64,
    ticket: String,
    s: &VisitState,
    guest: GuestView,
    service: &Service,
    official: Option<OfficialRef>,
    (tz, calendar, now): (Tz, &Calendar, DateTime<Utc>),
) -> VisitView {
    let waited_until =
        s.first_called_at
            .unwrap_or(if matches!(s.status, Status::Waiting | Status::OnHold) {
                now
            } else {
                s.arrived_at
            });
    VisitView {
        id,
        ticket,
        status: s.status,
        status_label: status_label(s.status),
        guest,
        service_code: s.service_code.clone(),
        service_name: service.name.clone(),
        service_short: short_label(&service.number, &service.name),
        official,
        person_to_meet: s.check_in.person_to_meet.clone(),
        purpose: s.check_in.purpose.clone(),
        group_size: s.check_in.group_size,
        arrived: local_clock(tz, s.arrived_at),
        arrived_date: crate::locale::date_numeric(s.arrived_at.with_timezone(&tz).date_naive()),
        arrived_at: s.arrived_at,
        left: s.left_at.map(|t| local_clock(tz, t)),
        left_at: s.left_at,
        waited_minutes: (waited_until - s.arrived_at).num_minutes().max(0),
        service_minutes: s.service_minutes(now).map(|m| m.floor() as i64),
        limit: limit_check(service, s, tz, calendar, now),
        card: s.card.clone(),
        blanko: s.blanko.clone(),
        outcome: s.outcome.clone(),
        desk_finish: s.desk_finish.clone(),
        missing: s.check_in.missing.clone(),
        not_present: s.not_present_at.is_some(),
        admitted_note: s.check_in.admitted_note.clone(),
        letter: s.check_in.letter.clone(),
        proposal_received: s.check_in.proposal_received,
        warnings: s.check_in.warnings.clone(),
        calls: s.calls,
        endings: custody::endings(s),
        can_hold_card: custody::can_hold(s),
    }
}

/// The desk's day: every visit of today, the cards in the drawer, the free slots, what is
/// left to record before today can be closed, and earlier days that were never closed.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: String,
    pub date_label: String,
    pub zone: &'static str,
    pub visits: Vec<VisitView>,
    pub held: Vec<HeldCard>,
    pub free_slots: Vec<u32>,
    pub closed: bool,
    /// The closing list of today: guests still open and cards with nothing recorded.
    pub closing: Vec<ClosingLine>,
    /// Earlier days with visits that were never closed, newest first.
    pub earlier: Vec<EarlierDay>,
    /// How many such days there are in all (only the newest few are listed).
    pub earlier_count: usize,
    /// Today's guests the desk may move along for an official signed in on no device.
    pub on_behalf: Vec<OnBehalf>,
    /// Set outside the bagian's service hours ("Istirahat sampai 14.00"): a call the desk
    /// makes for an official now is warned, as the official's own is.
    pub outside_hours: Option<String>,
}

/// What the desk may do for a guest on an official's behalf ([`queue::on_behalf`]).
#[derive(Debug, Clone, Serialize)]
pub struct OnBehalf {
    pub visit_id: i64,
    /// The officials the desk may act for: the one who called the guest, else the one the
    /// guest came to meet, else those of the guest's service; each signed in nowhere.
    pub officials: Vec<OfficialRef>,
    /// `call`, `recall`, `start`, `finish`: the actions that fit the guest's state now.
    pub actions: Vec<&'static str>,
}

/// The desk's stand-in actions for today's visits ([`OnBehalf`]).
fn on_behalf(
    conn: &rusqlite::Connection,
    visits: &[VisitView],
    today: &str,
    now: DateTime<Utc>,
) -> CoreResult<Vec<OnBehalf>> {
    let mut out = Vec::new();
    for v in visits {
        let actions: Vec<&'static str> = match v.status {
            Status::Waiting => vec!["call"],
            Status::Called => {
                let loaded = log::load(conn, v.id)?;
                let mut a = vec!["start"];
                if queue::recall_refusal(&loaded, today).is_none() {
                    a.push("recall");
                }
                a
            }
            Status::Serving => vec!["finish"],
            _ => continue,
        };
        let candidates: Vec<i64> = match &v.official {
            Some(o) => vec![o.id],
            None => {
                let mut stmt = conn.prepare_cached(
                    "SELECT os.official_id FROM official_service os
                     JOIN official o ON o.id = os.official_id
                     WHERE os.service_code = ?1 AND o.active = 1 ORDER BY o.name",
                )?;
                let ids = stmt
                    .query_map([&v.service_code], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                ids
            }
        };
        let mut officials = Vec::new();
        for id in candidates {
            if queue::stand_in_refusal(conn, id, now)?.is_none() {
                officials.push(official_ref(conn, id)?);
            }
        }
        if !officials.is_empty() {
            out.push(OnBehalf {
                visit_id: v.id,
                officials,
                actions,
            });
        }
    }
    Ok(out)
}

/// An earlier day that was never closed, with its closing list.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierDay {
    pub date: String,
    pub date_label: String,
    /// What must be recorded before it can be closed: its own open guests and held cards,
    /// and those of days before it.
    pub closing: Vec<ClosingLine>,
}

/// Most earlier unclosed days the desk lists.
const EARLIER_DAYS_LISTED: usize = 5;

fn earlier_days(
    conn: &rusqlite::Connection,
    today: NaiveDate,
) -> CoreResult<(Vec<EarlierDay>, usize)> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT office_day FROM visit
         WHERE office_day < ?1 AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'closed:' || office_day)
         ORDER BY office_day DESC",
    )?;
    let days: Vec<String> = stmt
        .query_map([today.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let count = days.len();
    let listed = days
        .into_iter()
        .take(EARLIER_DAYS_LISTED)
        .filter_map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| {
            Ok(EarlierDay {
                date: d.to_string(),
                date_label: date_with_weekday(d),
                closing: custody::closing_lines(conn, d)?,
            })
        })
        .collect::<CoreResult<_>>()?;
    Ok((listed, count))
}

/// Today at the desk, in the office's time zone.
pub fn today(store: &Store, ctx: &Ctx) -> CoreResult<Day> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let calendar = calendar_of(conn)?;
    let date = office_day(tz, ctx.now);
    let mut stmt = conn.prepare_cached("SELECT id FROM visit WHERE office_day = ?1 ORDER BY id")?;
    let ids: Vec<i64> = stmt
        .query_map([date.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let visits: Vec<VisitView> = ids
        .into_iter()
        .map(|id| visit_view(conn, id, tz, &calendar, ctx.now))
        .collect::<CoreResult<_>>()?;
    let on_behalf = on_behalf(conn, &visits, &date.to_string(), ctx.now)?;
    let closed: bool = conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = ?1)",
        [format!("closed:{date}")],
        |r| r.get(0),
    )?;
    let (earlier, earlier_count) = earlier_days(conn, date)?;
    Ok(Day {
        date: date.to_string(),
        date_label: date_with_weekday(date),
        zone: zone_abbreviation(tz.name()),
        visits,
        held: custody::held(conn, ctx.now)?,
        free_slots: custody::free_slots(conn)?,
        closed,
        closing: custody::closing_lines(conn, date)?,
        earlier,
        earlier_count,
        on_behalf,
        outside_hours: super::display::outside_hours(store, ctx)?,
    })
}

/// An official's view of the queue.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialQueue {
    pub official: OfficialRef,
    /// Today's guests this official has called or is serving.
    pub current: Vec<CurrentVisit>,
    /// Guests of earlier days this official called or is serving, still open: shown apart,
    /// with their date ("Dari hari sebelumnya").
    pub earlier: Vec<CurrentVisit>,
    /// Guests waiting today for this official or their services, oldest first.
    pub waiting: Vec<VisitView>,
    pub on_hold: Vec<VisitView>,

    /// Whether "Panggil berikutnya" is open now, and why not ([`queue::call_next_refusal`]).
    pub call_next: Permit,
    /// Set outside the bagian's service hours ("Istirahat sampai 14.00"): a call made now
    /// is warned, since the waiting room is told service has paused.
    pub outside_hours: Option<String>,
}

/// A guest called or with the official, with what the official may do now.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentVisit {
    #[serde(flatten)]
    pub visit: VisitView,
    /// The office day the guest checked in, in Indonesian: "Jumat, 4 Desember 2026".
    pub day_label: String,
    /// "Panggil ulang": open, or why not ([`queue::recall_refusal`]).
    pub may_recall: Permit,
    /// "Tidak hadir": open, or why not and when it will be ([`queue::not_present_refusal`]).
    pub may_mark_not_present: Permit,
}

/// A called or served visit with the official's permits, as of `today`.
fn current_visit(
    conn: &rusqlite::Connection,
    id: i64,
    today: &str,
    (tz, calendar, now): (Tz, &Calendar, DateTime<Utc>),
) -> CoreResult<CurrentVisit> {
    let loaded = log::load(conn, id)?;
    let day_label = NaiveDate::parse_from_str(&loaded.office_day, "%Y-%m-%d")
        .map(date_with_weekday)
        .unwrap_or_else(|_| loaded.office_day.clone());
    Ok(CurrentVisit {
        visit: visit_view(conn, id, tz, calendar, now)?,
        day_label,
        may_recall: Permit::unless(queue::recall_refusal(&loaded, today)),
        may_mark_not_present: Permit::unless(queue::not_present_refusal(&loaded, today)),
    })
}

/// The queue as one official sees it.
pub fn official_queue(store: &Store, ctx: &Ctx, official_id: i64) -> CoreResult<OfficialQueue> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let calendar = calendar_of(conn)?;
    let o = office::official(conn, official_id)?;
    let today = office_day(tz, ctx.now).to_string();
    let ids = |sql: &str| -> CoreResult<Vec<i64>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt
            .query_map(params![official_id, today], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    };
    let select = |sql: &str| -> CoreResult<Vec<VisitView>> {
        ids(sql)?
            .into_iter()
            .map(|id| visit_view(conn, id, tz, &calendar, ctx.now))
            .collect()
    };
    let current = |sql: &str| -> CoreResult<Vec<CurrentVisit>> {
        ids(sql)?
            .into_iter()
            .map(|id| current_visit(conn, id, &today, (tz, &calendar, ctx.now)))
            .collect()
    };
    // Guests of earlier days are not in today's queue; the desk closes their day.
    let mine =
        "v.office_day = ?2 AND (v.official_id = ?1 OR (v.official_id IS NULL AND v.service_code IN
                 (SELECT service_code FROM official_service WHERE official_id = ?1)))";
    Ok(OfficialQueue {
        // Whatever the day: a guest called or with the official is finished by them; those
        // of earlier days apart, as their ticket numbers are today's too.
        current: current("SELECT id FROM visit v WHERE v.official_id = ?1 AND v.office_day = ?2 AND v.status IN ('called', 'serving') ORDER BY v.queued_at")?,
        earlier: current("SELECT id FROM visit v WHERE v.official_id = ?1 AND v.office_day < ?2 AND v.status IN ('called', 'serving') ORDER BY v.office_day, v.queued_at")?,
        waiting: select(&format!("SELECT id FROM visit v WHERE v.status = 'waiting' AND {mine} ORDER BY v.queued_at, v.id"))?,
        on_hold: select(&format!("SELECT id FROM visit v WHERE v.status = 'on_hold' AND {mine} ORDER BY v.queued_at, v.id"))?,
        call_next: Permit::unless(queue::call_next_refusal(conn, official_id, &today)?),
        official: OfficialRef { id: official_id, name: o.name, title: o.title, room: o.room },
        outside_hours: super::display::outside_hours(store, ctx)?,
    })
}

/// A visit's whole history, oldest first.
pub fn history(store: &Store, visit_id: i64) -> CoreResult<Vec<Recorded>> {
    log::load(store.conn(), visit_id).map(|v| v.events)
}

/// One visit as the screens show it, now.
pub fn visit_view_now(store: &Store, ctx: &Ctx, visit_id: i64) -> CoreResult<VisitView> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let calendar = calendar_of(conn)?;
    visit_view(conn, visit_id, tz, &calendar, ctx.now)
}
