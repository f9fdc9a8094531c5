//! What the waiting-room display shows: today's calls newest first, each with the audio clips
//! that announce it, the guests called now and where to go, how many wait per service, the
//! bagian's service hours today (or that it is closed today), a notice outside them ("Layanan
//! dibuka pukul 08.30", "Istirahat sampai 14.00") and its Maklumat Pelayanan.
//!
//! Every call (a first call or a recall) is one event of a visit's history, and its event id
//! is the call's id: a screen announces each id it has not seen before, so a recall is
//! announced again while a refresh of the same state is not.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use serde::Serialize;

use super::events::Event;
use super::office::{self, Official};
use super::{calendar_of, Ctx};
use crate::announce;
use crate::calendar::office_day;
use crate::calendar::Calendar;
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_with_weekday, weekday_name, zone_abbreviation};
use crate::standards::hours;
use crate::standards::model::{Service, StandardsFile};
use crate::store::Store;

/// Most calls the display lists.
pub const MAX_CALLS: usize = 8;

/// The whole waiting-room display.
#[derive(Debug, Clone, Serialize)]
pub struct DisplayState {
    /// The office day, `YYYY-MM-DD`.
    pub date: String,
    /// "Senin, 23 November 2026".
    pub date_label: String,
    /// "WITA".
    pub zone: &'static str,
    /// The office's IANA time zone, for the display's clock.
    pub timezone: String,
    pub office: DisplayOffice,
    /// Today's calls and recalls, newest first, at most [`MAX_CALLS`].
    pub calls: Vec<DisplayCall>,
    /// The guests called now and not yet in, newest call first.
    pub current: Vec<CurrentCall>,
    /// Guests waiting per service of the bagian, in the decree's order; only services with
    /// someone waiting.
    pub waiting: Vec<WaitingCount>,
    /// The bagian's opening hours today (the office day's weekday), one entry per distinct
    /// label; empty on a day it is closed.
    pub hours: Vec<HoursGroup>,
    /// "Tutup hari ini (Sabtu)", "Tutup hari ini — Hari Raya Natal": the notice on a day no
    /// service of the bagian opens (a holiday, cuti bersama or a day outside its hours).
    /// None on a service day, or when the decree states no hours at all.
    pub closed: Option<String>,
    /// On a service day outside the hours: "Layanan dibuka pukul 08.30" before opening,
    /// "Istirahat sampai 14.00" in the break, "Layanan telah ditutup" after closing (see
    /// [`hours::outside_hours_notice`]); on a closed day, the closed notice. None while open.
    pub notice: Option<String>,
    /// The Maklumat Pelayanan of the bagian's decree, if it has one.
    pub maklumat: Option<String>,
}

/// The office on the display's header.
#[derive(Debug, Clone, Serialize)]
pub struct DisplayOffice {
    pub kabupaten: String,
    pub unit_name: String,
}

/// One call as the display lists and announces it.
#[derive(Debug, Clone, Serialize)]
pub struct DisplayCall {
    /// The call's event id: new to the screen means "announce it".
    pub call_id: i64,
    pub visit_id: i64,
    pub ticket: String,
    /// True for a call again of a guest already called.
    pub recall: bool,
    pub room: String,
    pub official_name: String,
    pub official_title: String,
    /// Local clock time of the call: "09.12".
    pub time: String,
    pub at: DateTime<Utc>,
    /// The clip ids to play, in order (`chime`, `nomor-antrian`, …).
    pub clips: Vec<String>,
}

/// A guest called now: the ticket and where to go.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentCall {
    pub call_id: i64,
    pub ticket: String,
    pub room: String,
    pub official_name: String,
    pub official_title: String,
}

/// How many guests wait for one service.
#[derive(Debug, Clone, Serialize)]
pub struct WaitingCount {
    pub service_code: String,
    /// The number as the decree prints it.
    pub number: String,
    pub name: String,
    pub count: u32,
}

/// One hours label and the services (their numbers) it applies to.
#[derive(Debug, Clone, Serialize)]
pub struct HoursGroup {
    /// Today's hours: "08.30–16.00 WITA; istirahat 12.30–14.00".
    pub label: String,
    pub services: Vec<String>,
}

/// A call event of today as read from the log.
struct CallRow {
    call_id: i64,
    visit_id: i64,
    ticket: String,
    at: DateTime<Utc>,
    event: Event,
}

/// A service of the bagian, in the decree's order.
struct UnitService {
    code: String,
    number: String,
    service: Arc<Service>,
}

/// The display's state now, for the office day of `ctx.now`.
pub fn state(store: &Store, ctx: &Ctx) -> CoreResult<DisplayState> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let (region, unit) = office::region_and_unit(conn)?.ok_or_else(office::not_set_up)?;
    let header = office::region_header(conn, &region)?.ok_or_else(office::not_set_up)?;
    let day = office_day(tz, ctx.now);
    let services = unit_services(conn, &region, &unit)?;
    let mut officials = OfficialCache::default();
    let calls = recent_calls(conn, day, tz, &mut officials)?;
    let (hours, closed) = today_hours(&services, &header.timezone, day, &calendar_of(conn)?);
    let notice = closed
        .clone()
        .or_else(|| services_notice(&services, tz, ctx));
    Ok(DisplayState {
        date: day.to_string(),
        date_label: date_with_weekday(day),
        zone: zone_abbreviation(tz.name()),
        timezone: tz.name().to_string(),
        office: display_office(&header, &unit),
        current: current_calls(conn, day, &mut officials)?,
        waiting: waiting_counts(conn, day, &services)?,
        hours,
        closed,
        notice,
        maklumat: maklumat(&header, &unit),
        calls,
    })
}

/// The display's state shared by every screen that asks between two changes of the database:
/// after each call the waiting-room displays all re-read the state, and within the same
/// minute (the office day cannot change in it) and with nothing written since, the answer is
/// the same for all of them. The process that serves the screens keeps one and says when
/// something was written ([`SharedState::changed`]).
#[derive(Default)]
pub struct SharedState {
    /// How many writes the process has seen.
    version: AtomicU64,
    /// The last state computed, with the version read before its reading began and its
    /// minute.
    latest: Mutex<Option<(u64, i64, Arc<DisplayState>)>>,
}

impl SharedState {
    /// Something was written: a state computed before it is no longer given out.
    pub fn changed(&self) {
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    /// The version to pass to [`SharedState::state`]; it must be read before the reading
    /// transaction begins, so that every write it counts is in what that transaction sees.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    /// The state now: the one computed for an earlier screen when nothing was written since
    /// `version` was read and it is the same minute, else computed afresh and kept.
    pub fn state(&self, store: &Store, ctx: &Ctx, version: u64) -> CoreResult<Arc<DisplayState>> {
        let minute = ctx.now.timestamp().div_euclid(60);
        let latest = || self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((v, m, state)) = latest().as_ref() {
            if (*v, *m) == (version, minute) {
                return Ok(Arc::clone(state));
            }
        }
        let fresh = Arc::new(state(store, ctx)?);
        let mut kept = latest();
        // A state read after a later write is not replaced by this older one.
        if kept.as_ref().is_none_or(|(v, _, _)| *v <= version) {
            *kept = Some((version, minute, Arc::clone(&fresh)));
        }
        Ok(fresh)
    }
}

fn display_office(header: &StandardsFile, unit: &str) -> DisplayOffice {
    DisplayOffice {
        kabupaten: header.kabupaten.clone(),
        unit_name: header
            .units
            .iter()
            .find(|u| u.id == unit)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
    }
}

/// The Maklumat Pelayanan of the decree that set the bagian's standards.
fn maklumat(header: &StandardsFile, unit: &str) -> Option<String> {
    let decree = &header.units.iter().find(|u| u.id == unit)?.decree;
    header
        .decrees
        .iter()
        .find(|d| &d.id == decree)?
        .maklumat
        .clone()
        .filter(|m| !m.trim().is_empty())
}

/// The bagian's services of the current standards, in the decree's order.
fn unit_services(
    conn: &rusqlite::Connection,
    region: &str,
    unit: &str,
) -> CoreResult<Vec<UnitService>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, number, data FROM current_service
         WHERE region = ?1 AND unit_id = ?2 ORDER BY ordinal",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map(params![region, unit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(code, number, data)| {
            let service = super::checkin::parsed_service(data)?;
            Ok(UnitService {
                code,
                number,
                service,
            })
        })
        .collect()
}

/// Officials read once per state, however many calls name them.
#[derive(Default)]
struct OfficialCache(HashMap<i64, Official>);

impl OfficialCache {
    fn get(&mut self, conn: &rusqlite::Connection, id: i64) -> CoreResult<&Official> {
        Ok(match self.0.entry(id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(office::official(conn, id)?),
        })
    }
}

/// The call events (`called`, `recalled`) of the office day's visits, newest first.
fn call_rows(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    tz: Tz,
    limit: usize,
) -> CoreResult<Vec<CallRow>> {
    // The calls are walked newest first through their index by time (schema V10), within
    // the office day, until `limit` of the day's visits are found; CROSS JOIN keeps SQLite
    // from reading every visit of the day first.
    let midnight = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc).to_rfc3339())
            .ok_or_else(|| CoreError::Storage(format!("tengah malam {d} tidak ada di {tz}")))
    };
    let (start, end) = (midnight(day)?, midnight(day + chrono::Days::new(1))?);
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.visit_id, v.ticket, e.at, e.data
         FROM visit_event e CROSS JOIN visit v ON v.id = e.visit_id
         WHERE e.kind IN ('called', 'recalled') AND e.at >= ?3 AND e.at < ?4
           AND v.office_day = ?1
         ORDER BY e.at DESC, e.id DESC LIMIT ?2",
    )?;
    let rows: Vec<(i64, i64, String, String, String)> = stmt
        .query_map(params![day.to_string(), limit as i64, start, end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(call_id, visit_id, ticket, at, data)| {
            let event = serde_json::from_str(&data)
                .map_err(|e| CoreError::Storage(format!("event {call_id}: {e}")))?;
            let at = DateTime::parse_from_rfc3339(&at)
                .map_err(|e| CoreError::Storage(format!("event {call_id}: {e}")))?
                .with_timezone(&Utc);
            Ok(CallRow {
                call_id,
                visit_id,
                ticket,
                at,
                event,
            })
        })
        .collect()
}

/// The room of the visit's last `called` event before event `before`: where a recall (or the
/// call now on screen) sends the guest.
fn room_of_last_call(
    conn: &rusqlite::Connection,
    visit_id: i64,
    before: i64,
) -> CoreResult<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT data FROM visit_event WHERE visit_id = ?1 AND kind = 'called' AND id < ?2
         ORDER BY id DESC LIMIT 1",
    )?;
    let data: Option<String> = stmt
        .query_map(params![visit_id, before], |r| r.get(0))?
        .next()
        .transpose()?;
    Ok(data.and_then(|d| match serde_json::from_str(&d) {
        Ok(Event::Called { room, .. }) => Some(room),
        _ => None,
    }))
}

/// The clips of a call: to the room, or, when the room cannot be said, to the official's
/// title; when neither can be said, to "ruangan sesuai layar".
pub fn clips_for(ticket: &str, room: &str, title: &str) -> Vec<String> {
    announce::call_clips_to(ticket, &[room, title])
}

/// Today's calls, newest first, with what to show and what to play.
fn recent_calls(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    tz: Tz,
    officials: &mut OfficialCache,
) -> CoreResult<Vec<DisplayCall>> {
    let mut calls = Vec::new();
    for row in call_rows(conn, day, tz, MAX_CALLS)? {
        let (official_id, room, recall) = match row.event {
            Event::Called { official_id, room } => (official_id, Some(room), false),
            Event::Recalled { official_id } => (
                official_id,
                room_of_last_call(conn, row.visit_id, row.call_id)?,
                true,
            ),
            _ => continue,
        };
        let official = officials.get(conn, official_id)?;
        let room = room.unwrap_or_else(|| official.room.clone());
        calls.push(DisplayCall {
            clips: clips_for(&row.ticket, &room, &official.title),
            call_id: row.call_id,
            visit_id: row.visit_id,
            ticket: row.ticket,
            recall,
            room,
            official_name: official.name.clone(),
            official_title: official.title.clone(),
            time: row.at.with_timezone(&tz).format("%H.%M").to_string(),
            at: row.at,
        });
    }
    Ok(calls)
}

/// A visit called now: its ticket, the official who called, its last call.
struct CalledVisit {
    visit_id: i64,
    ticket: String,
    official_id: Option<i64>,
    last_call: i64,
}

/// The visits of the office day now called and not yet in, newest call first.
fn current_calls(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    officials: &mut OfficialCache,
) -> CoreResult<Vec<CurrentCall>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.ticket, v.official_id,
                (SELECT max(e.id) FROM visit_event e
                 WHERE e.visit_id = v.id AND e.kind IN ('called', 'recalled')) AS last_call
         FROM visit v
         WHERE v.office_day = ?1 AND v.status = 'called'
         ORDER BY last_call DESC",
    )?;
    let visits: Vec<CalledVisit> = stmt
        .query_map([day.to_string()], |r| {
            Ok(CalledVisit {
                visit_id: r.get(0)?,
                ticket: r.get(1)?,
                official_id: r.get(2)?,
                last_call: r.get::<_, Option<i64>>(3)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut current = Vec::new();
    for v in visits {
        let room = room_of_last_call(conn, v.visit_id, v.last_call + 1)?;
        let official = match v.official_id {
            Some(id) => Some(officials.get(conn, id)?),
            None => None,
        };
        current.push(CurrentCall {
            call_id: v.last_call,
            ticket: v.ticket,
            room: room
                .or_else(|| official.map(|o| o.room.clone()))
                .unwrap_or_default(),
            official_name: official.map(|o| o.name.clone()).unwrap_or_default(),
            official_title: official.map(|o| o.title.clone()).unwrap_or_default(),
        });
    }
    Ok(current)
}

/// Guests waiting today per service of the bagian, in the decree's order.
fn waiting_counts(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    services: &[UnitService],
) -> CoreResult<Vec<WaitingCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT service_code, count(*) FROM visit
         WHERE office_day = ?1 AND status = 'waiting' GROUP BY service_code",
    )?;
    let counts: HashMap<String, u32> = stmt
        .query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(services
        .iter()
        .filter_map(|s| {
            let count = *counts.get(&s.code)?;
            Some(WaitingCount {
                service_code: s.code.clone(),
                number: s.number.clone(),
                name: s.service.name.clone(),
                count,
            })
        })
        .collect())
}

/// What the bagian's services' hours say now, in the office's time: a notice outside them.
fn services_notice(services: &[UnitService], tz: Tz, ctx: &Ctx) -> Option<String> {
    let local = ctx.now.with_timezone(&tz);
    hours::outside_hours_notice(
        services.iter().filter_map(|s| s.service.hours.as_ref()),
        local.weekday(),
        local.time(),
    )
}

/// Whether the office's services are outside their hours now (a day off included): the
/// notice to warn an official who calls a guest, None while any service is open.
pub fn outside_hours(store: &Store, ctx: &Ctx) -> CoreResult<Option<String>> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let Some((region, unit)) = office::region_and_unit(conn)? else {
        return Ok(None);
    };
    let Some(header) = office::region_header(conn, &region)? else {
        return Ok(None);
    };
    let day = office_day(tz, ctx.now);
    let services = unit_services(conn, &region, &unit)?;
    let (_, closed) = today_hours(&services, &header.timezone, day, &calendar_of(conn)?);
    Ok(closed.or_else(|| services_notice(&services, tz, ctx)))
}

/// Today's hours of the bagian's services, grouped by label, and the closed notice on a day
/// none of them opens.
fn today_hours(
    services: &[UnitService],
    timezone: &str,
    day: NaiveDate,
    calendar: &Calendar,
) -> (Vec<HoursGroup>, Option<String>) {
    if let Some(holiday) = calendar.holiday(day) {
        return (
            Vec::new(),
            Some(format!("Tutup hari ini — {}", holiday.name)),
        );
    }
    let groups = hours_groups(services, timezone, day);
    let any_hours = services.iter().any(|s| s.service.hours.is_some());
    let closed = (groups.is_empty() && any_hours)
        .then(|| format!("Tutup hari ini ({})", weekday_name(day.weekday())));
    (groups, closed)
}

/// The distinct labels of today's hours of the bagian's services, each with the numbers of
/// the services it applies to, in the order they first appear; services that do not open on
/// this weekday (or state no hours) are left out.
fn hours_groups(services: &[UnitService], timezone: &str, day: NaiveDate) -> Vec<HoursGroup> {
    let mut groups: Vec<HoursGroup> = Vec::new();
    for s in services {
        let Some(label) = s
            .service
            .hours
            .as_ref()
            .and_then(|h| h.label_on(day.weekday(), timezone))
        else {
            continue;
        };
        match groups.iter_mut().find(|g| g.label == label) {
            Some(group) => group.services.push(s.number.clone()),
            None => groups.push(HoursGroup {
                label,
                services: vec![s.number.clone()],
            }),
        }
    }
    groups
}
