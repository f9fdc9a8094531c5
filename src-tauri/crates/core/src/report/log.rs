//! The guest log (Buku Tamu Harian) of a day or a range, as data: one row per visit with its
//! times (as text for screens and CSV, typed for the spreadsheet), waiting and service
//! minutes, compliance with the standard, ID numbers masked; and the letterhead (kop surat)
//! and signature the printed forms need. Every form of the log is rendered from this.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::calendar::Calendar;
use crate::desk::events::{Card, CardReturn, Recorded, Status, VisitState};
use crate::desk::{calendar_of, guest, office, views, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_long, date_with_weekday, zone_abbreviation};
use crate::period::Period;
use crate::standards::model::Service;
use crate::store::Store;

/// What became of the ID card a guest left at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardState {
    /// No card was left.
    None,
    /// Still in the drawer, the guest still in the building.
    InDrawer,
    /// Still in the drawer, the guest gone without it.
    LeftBehind,
    /// Given back (to the guest, someone they sent, or security).
    Returned,
}

/// The column headings of the log, in order (CSV, spreadsheet and PDF alike).
pub const HEADINGS: [&str; 16] = [
    "No",
    "Tanggal",
    "Tiket",
    "Datang",
    "Pulang",
    "Nama",
    "Instansi",
    "Kartu identitas",
    "Layanan",
    "Keperluan",
    "Pejabat",
    "Tunggu (menit)",
    "Layanan (menit)",
    "SPT/SPPD",
    "Hasil",
    "Sesuai standar waktu",
];

/// One visit in the guest log.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    pub no: usize,
    /// The office day, `2026-11-23`.
    pub date: String,
    pub day: NaiveDate,
    pub ticket: String,
    /// Office-local clock time of arrival, "08.31".
    pub arrived: String,
    /// Office-local date and time of arrival.
    pub arrived_at: NaiveDateTime,
    /// Office-local clock time the guest left, or empty; with the date ("08/12/2026 08.05")
    /// when the guest left on another day than they came.
    pub left: String,
    pub left_at: Option<NaiveDateTime>,
    pub name: String,
    pub institution: String,
    /// The ID card, masked, and what became of it.
    pub id_card: String,
    pub card_state: CardState,
    pub service_code: String,
    pub service: String,
    /// The service's short label, for the printed log's narrow column.
    pub service_short: String,
    pub purpose: String,
    pub official: String,
    pub waited_minutes: i64,
    pub service_minutes: Option<i64>,
    pub letter: String,
    pub outcome: String,
    /// A recorded outcome whose matter continues (not closed).
    pub outcome_open: bool,
    /// Not (yet) finished: waiting, called, being served or on hold.
    pub in_progress: bool,
    /// The guest did not come when called.
    pub not_present: bool,
    /// The official never finished; the desk recorded what happened on their behalf.
    pub finished_by_desk: bool,
    /// "Ya", "Tidak", or "-" where the standard sets no limit in minutes or hours.
    pub within_limit: String,
    /// The same as a value: `None` where the standard sets no such limit.
    pub within: Option<bool>,
}

impl LogRow {
    /// The row's cells as text, in the order of [`HEADINGS`].
    pub fn cells(&self) -> [String; 16] {
        [
            self.no.to_string(),
            self.date.clone(),
            self.ticket.clone(),
            self.arrived.clone(),
            self.left.clone(),
            self.name.clone(),
            self.institution.clone(),
            self.id_card.clone(),
            self.service.clone(),
            self.purpose.clone(),
            self.official.clone(),
            self.waited_minutes.to_string(),
            self.service_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            self.letter.clone(),
            self.outcome.clone(),
            self.within_limit.clone(),
        ]
    }
}

/// The Kepala Bagian who signs the log.
#[derive(Debug, Clone, Serialize)]
pub struct Chief {
    pub name: Option<String>,
    pub nip: Option<String>,
}

/// The guest log of a period, with what its letterhead and signature need.
#[derive(Debug, Clone, Serialize)]
pub struct GuestLog {
    /// "Kabupaten Balangan".
    pub kabupaten: String,
    /// "Kalimantan Selatan", where the decree states it.
    pub province: Option<String>,
    /// "Sekretariat Daerah".
    pub secretariat: String,
    /// The bagian: "Bagian Perekonomian dan Sumber Daya Alam".
    pub unit: String,
    /// The office's address line from the decree: street, phone, fax, e-mail.
    pub address: Option<String>,
    /// The office's time zone abbreviation (WITA, WIB).
    pub zone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "Senin, 23 November 2026" or "1 November 2026 s.d. 30 November 2026".
    pub period: String,
    /// The office-local date the log was made, as the signature dates it.
    pub made_on: NaiveDate,
    pub chief: Chief,
    pub rows: Vec<LogRow>,
}

impl GuestLog {
    /// "PEMERINTAH KABUPATEN BALANGAN".
    pub fn government(&self) -> String {
        format!("PEMERINTAH {}", self.kabupaten.to_uppercase())
    }

    /// The place of the signature: "Balangan".
    pub fn place(&self) -> &str {
        self.kabupaten
            .strip_prefix("Kabupaten ")
            .or_else(|| self.kabupaten.strip_prefix("Kota "))
            .unwrap_or(&self.kabupaten)
    }

    /// "Kepala Bagian Perekonomian dan Sumber Daya Alam".
    pub fn chief_title(&self) -> String {
        if self.unit.starts_with("Bagian ") {
            format!("Kepala {}", self.unit)
        } else {
            format!("Kepala Bagian {}", self.unit)
        }
    }

    /// What an empty log says: "Tidak ada tamu pada Senin, 23 November 2026."
    pub fn nobody(&self) -> String {
        format!("Tidak ada tamu pada {}.", self.period)
    }
}

fn card_state(card: &Card) -> CardState {
    match card {
        Card::None => CardState::None,
        Card::Held {
            left_behind: true, ..
        } => CardState::LeftBehind,
        Card::Held { .. } => CardState::InDrawer,
        Card::Returned { .. } => CardState::Returned,
    }
}

fn address_line(o: &crate::standards::model::Office) -> String {
    let mut parts = vec![o.address.trim().to_string()];
    if let Some(p) = o.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        parts.push(format!("Telp. {}", p.trim()));
    }
    if let Some(f) = o.fax.as_deref().filter(|f| !f.trim().is_empty()) {
        parts.push(format!("Faks. {}", f.trim()));
    }
    if let Some(e) = o.email.as_deref().filter(|e| !e.trim().is_empty()) {
        parts.push(format!("Surel {}", e.trim()));
    }
    parts.join(", ")
}

fn card_text(v: &views::VisitView) -> String {
    let card = format!("{} {}", v.guest.id_type_label, v.guest.id_masked);
    match &v.card {
        Card::None => "-".to_string(),
        Card::Held {
            slot, left_behind, ..
        } => {
            let state = if *left_behind {
                "tertinggal"
            } else {
                "masih di laci"
            };
            format!("{card}, laci {slot}, {state}")
        }
        Card::Returned { to, .. } => {
            let who = match to {
                CardReturn::Guest => "dikembalikan ke tamu".to_string(),
                CardReturn::Other { name, relation } => format!("diambil {name} ({relation})"),
                CardReturn::Security { officer } => {
                    format!("diserahkan ke petugas keamanan {officer}")
                }
            };
            format!("{card}, {who}")
        }
    }
}

fn within_limit(v: &views::VisitView) -> String {
    // The desk recorded the end, not the official: how long it took is not known.
    if v.outcome.is_none() && v.desk_finish.is_some() {
        return "-".into();
    }
    match (v.service_minutes, v.limit.label.as_str()) {
        (_, "Tidak ditentukan") => "-".into(),
        (None, _) if v.limit.due.is_none() => "-".into(),
        _ if v.limit.over => "Tidak".into(),
        _ => "Ya".into(),
    }
}

fn outcome_text(v: &views::VisitView) -> String {
    if let (None, Some(d)) = (&v.outcome, &v.desk_finish) {
        return format!("Dicatat meja, bukan pejabat: {}", d.words());
    }
    match (&v.outcome, v.status) {
        (Some(o), _) if o.closed => o.result.clone(),
        (Some(o), _) => format!("{} (berlanjut)", o.result),
        (None, _) if v.not_present => "Tidak hadir saat dipanggil".into(),
        (None, s) => views::status_label(s).to_string(),
    }
}

/// When the guest left: the clock time, with the date before it when that is not the day
/// they came (a check-out recorded the next morning).
fn left_text(v: &views::VisitView, day: &str, tz: Tz) -> String {
    let Some(at) = v.left_at.map(|t| t.with_timezone(&tz)) else {
        return String::new();
    };
    if at.date_naive().to_string() == day {
        at.format("%H.%M").to_string()
    } else {
        at.format("%d/%m/%Y %H.%M").to_string()
    }
}

/// One row of the log from a visit's view; numbered later.
fn log_row(v: &views::VisitView, day: String, tz: Tz) -> CoreResult<LogRow> {
    let within = within_limit(v);
    let left = left_text(v, &day, tz);
    Ok(LogRow {
        no: 0,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| CoreError::Storage(format!("tanggal kunjungan {day}: {e}")))?,
        date: day,
        ticket: v.ticket.clone(),
        arrived: v.arrived.clone(),
        arrived_at: v.arrived_at.with_timezone(&tz).naive_local(),
        left,
        left_at: v.left_at.map(|t| t.with_timezone(&tz).naive_local()),
        name: v.guest.name.clone(),
        institution: v
            .guest
            .institution
            .clone()
            .unwrap_or_else(|| "Pribadi/masyarakat".into()),
        id_card: card_text(v),
        card_state: card_state(&v.card),
        service_code: v.service_code.clone(),
        service: v.service_name.clone(),
        service_short: v.service_short.clone(),
        purpose: v.purpose.clone(),
        official: v
            .official
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        waited_minutes: v.waited_minutes,
        service_minutes: v.service_minutes,
        letter: v
            .letter
            .as_ref()
            .map(|l| format!("{}, {}, {}", l.number, l.date, l.institution))
            .unwrap_or_default(),
        outcome: outcome_text(v),
        outcome_open: v.outcome.as_ref().is_some_and(|o| !o.closed),
        in_progress: v.outcome.is_none()
            && matches!(
                v.status,
                Status::Waiting | Status::Called | Status::Serving | Status::OnHold
            ),
        not_present: v.not_present,
        finished_by_desk: v.outcome.is_none() && v.desk_finish.is_some(),
        within: match within.as_str() {
            "Ya" => Some(true),
            "Tidak" => Some(false),
            _ => None,
        },
        within_limit: within,
    })
}

/// Periods of at least this many days are read in two halves at once, each on a connection
/// of its own, while the caller takes the rows: a year's log is mostly folding events, and
/// the desk PC has two cores.
const SPLIT_FROM_DAYS: i64 = 28;

/// Hands each row of the period to `take`, numbered from 1, in the log's order (day,
/// arrival, id), as soon as it and every row before it are known. A long period of a
/// database on disk is cut at the day that halves its visits and the halves are read on
/// two threads, the first half's rows handed over while the second is still being read;
/// every office day lies wholly in one half, so the rows and their order are the same as
/// read in one go.
fn each_row(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    reading: &Reading<'_>,
    take: &mut dyn FnMut(LogRow) -> CoreResult<()>,
) -> CoreResult<()> {
    let conn = store.conn();
    let on_disk = conn.path().is_some_and(|p| !p.is_empty());
    let split = match on_disk && (to - from).num_days() >= SPLIT_FROM_DAYS {
        true => middle_day(conn, from, to)?,
        false => None,
    };
    let mut number = 0;
    let mut numbered = |mut row: LogRow| {
        number += 1;
        row.no = number;
        take(row)
    };
    let Some(last_of_first) = split.filter(|d| *d < to) else {
        return period_rows(conn, (from, to), reading, &mut numbered);
    };
    let path = store.path();
    std::thread::scope(|scope| {
        let (sender, first_rows) = std::sync::mpsc::sync_channel::<LogRow>(1024);
        let first = scope.spawn(move || {
            let reader = Store::open_reader(path)?;
            period_rows(reader.conn(), (from, last_of_first), reading, &mut |row| {
                // The receiver is gone only when the caller stopped on an error of its own.
                sender.send(row).map_err(|_| stopped())
            })
        });
        let second = scope.spawn(move || {
            let reader = Store::open_reader(path)?;
            let mut rows = Vec::new();
            let first_day = last_of_first.succ_opt().unwrap_or(to);
            period_rows(reader.conn(), (first_day, to), reading, &mut |row| {
                rows.push(row);
                Ok(())
            })?;
            Ok::<_, CoreError>(rows)
        });
        for row in first_rows {
            numbered(row)?;
        }
        first.join().map_err(|_| stopped())??;
        for row in second.join().map_err(|_| stopped())?? {
            numbered(row)?;
        }
        Ok(())
    })
}

fn stopped() -> CoreError {
    CoreError::Storage("pembacaan buku tamu terhenti".into())
}

/// The last day of the first half of the period's visits.
fn middle_day(
    conn: &rusqlite::Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Option<NaiveDate>> {
    let (first, last) = (from.to_string(), to.to_string());
    let day: Option<String> = conn
        .query_row(
            "SELECT office_day FROM visit WHERE office_day BETWEEN ?1 AND ?2 ORDER BY office_day
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM visit WHERE office_day BETWEEN ?1 AND ?2)",
            params![first, last],
            |r| r.get(0),
        )
        .optional()?;
    Ok(day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

/// What every row of a log is read with: the office's zone, its calendar, and the time
/// the log is made (for visits still open).
struct Reading<'a> {
    tz: Tz,
    calendar: &'a Calendar,
    now: DateTime<Utc>,
}

/// Hands the rows of the period to `take` in the log's order, not yet numbered, each as
/// soon as it and every row before it are known. They are read set-wise: the visits, their
/// guests and their events each in one query, each visit's events folded by the same
/// [`VisitState::derive`] every screen uses, services and officials read once each. A year of
/// a busy desk is a few hundred thousand events; they are folded visit by visit, never all
/// held at once.
fn period_rows(
    conn: &rusqlite::Connection,
    (from, to): (NaiveDate, NaiveDate),
    reading: &Reading<'_>,
    take: &mut dyn FnMut(LogRow) -> CoreResult<()>,
) -> CoreResult<()> {
    let Reading { tz, calendar, now } = *reading;
    let (from, to) = (from.to_string(), to.to_string());
    let mut stmt = conn.prepare_cached(
        "SELECT id, office_day, ticket, guest_id FROM visit WHERE office_day BETWEEN ?1 AND ?2
         ORDER BY office_day, arrived_at, id",
    )?;
    let visits: Vec<(i64, String, String, i64)> = stmt
        .query_map(params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let position: HashMap<i64, usize> = visits.iter().enumerate().map(|(i, v)| (v.0, i)).collect();
    let mut guests = guest::views_of_period(conn, &from, &to)?;
    let mut services: HashMap<String, Arc<Service>> = HashMap::new();
    let mut officials: HashMap<i64, views::OfficialRef> = HashMap::new();
    // Rows folded ahead of an earlier one not yet known wait here.
    let mut rows: Vec<Option<LogRow>> = Vec::new();
    rows.resize_with(visits.len(), || None);
    let mut next = 0;

    let mut finish = |visit_id: i64, events: &[Recorded]| -> CoreResult<()> {
        let Some(&i) = position.get(&visit_id) else {
            return Ok(());
        };
        let state = VisitState::derive(events)
            .ok_or_else(|| CoreError::Storage(format!("kunjungan {visit_id} tanpa check-in")))?;
        let (_, day, ticket, guest_id) = &visits[i];
        if !services.contains_key(&state.service_code) {
            let service = views::service_of(conn, &state.service_code)?;
            services.insert(state.service_code.clone(), service);
        }
        let official = match state.official_id {
            Some(id) => Some(match officials.get(&id) {
                Some(o) => o.clone(),
                None => {
                    let o = views::official_ref(conn, id)?;
                    officials.insert(id, o.clone());
                    o
                }
            }),
            None => None,
        };
        let guest = match guests.get(guest_id) {
            Some(g) => g.clone(),
            None => {
                let g = guest::view(conn, *guest_id)?;
                guests.insert(*guest_id, g.clone());
                g
            }
        };
        let view = views::view_of(
            visit_id,
            ticket.clone(),
            &state,
            guest,
            &services[&state.service_code],
            official,
            (tz, calendar, now),
        );
        rows[i] = Some(log_row(&view, day.clone(), tz)?);
        while let Some(row) = rows.get_mut(next).and_then(Option::take) {
            take(row)?;
            next += 1;
        }
        Ok(())
    };

    let mut events = conn.prepare_cached(
        "SELECT e.visit_id, e.id, e.at, e.actor, e.kind, e.data FROM visit_event e
         WHERE e.visit_id IN (SELECT id FROM visit WHERE office_day BETWEEN ?1 AND ?2)
         ORDER BY e.visit_id, e.id",
    )?;
    let mut cursor = events.query(params![from, to])?;
    let mut current: Option<i64> = None;
    let mut batch: Vec<Recorded> = Vec::new();
    while let Some(r) = cursor.next()? {
        let visit_id: i64 = r.get(0)?;
        if current != Some(visit_id) {
            if let Some(done) = current {
                finish(done, &batch)?;
            }
            batch.clear();
            current = Some(visit_id);
        }
        batch.push(crate::desk::log::recorded(r, 1)?);
    }
    if let Some(done) = current {
        finish(done, &batch)?;
    }
    match visits.get(next) {
        Some(v) => Err(CoreError::Storage(format!(
            "kunjungan {} tanpa check-in",
            v.0
        ))),
        None => Ok(()),
    }
}

/// What takes a guest log as it is read: first its head (the letterhead, the period and the
/// signature; its rows still empty), then every row in order while later rows are still
/// being read. An error of either stops the reading and is returned.
pub trait LogWriter {
    fn head(&mut self, log: &GuestLog) -> CoreResult<()>;
    fn row(&mut self, row: &LogRow) -> CoreResult<()>;
}

/// Reading the log only, for a screen or a format written once the log is whole.
impl LogWriter for () {
    fn head(&mut self, _: &GuestLog) -> CoreResult<()> {
        Ok(())
    }

    fn row(&mut self, _: &LogRow) -> CoreResult<()> {
        Ok(())
    }
}

/// The guest log of the office days `from` to `to` (inclusive).
pub fn guest_log(store: &Store, ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> CoreResult<GuestLog> {
    guest_log_as_read(store, ctx, (from, to), &mut ())
}

/// The guest log of the office days `from` to `to`, shown to `writer` as it is read: a
/// year's spreadsheet is written in the time it takes to read the year.
pub fn guest_log_as_read(
    store: &Store,
    ctx: &Ctx,
    (from, to): (NaiveDate, NaiveDate),
    writer: &mut dyn LogWriter,
) -> CoreResult<GuestLog> {
    Period::new(from, to)?;
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let calendar = calendar_of(conn)?;
    let o = office::office(store)?;
    let header = match &o.setup {
        Some(setup) => office::region_header(conn, &setup.region)?,
        None => None,
    };
    let period = if from == to {
        date_with_weekday(from)
    } else {
        format!("{} s.d. {}", date_long(from), date_long(to))
    };
    let setup = o.setup.as_ref();
    let mut log = GuestLog {
        kabupaten: o.kabupaten.clone().unwrap_or_default(),
        province: header
            .as_ref()
            .map(|h| h.province.trim().to_string())
            .filter(|p| !p.is_empty()),
        secretariat: "Sekretariat Daerah".into(),
        unit: o.unit_name.clone().unwrap_or_default(),
        address: header.as_ref().map(|h| address_line(&h.office)),
        zone: zone_abbreviation(&tz.to_string()).to_string(),
        from,
        to,
        period,
        made_on: ctx.now.with_timezone(&tz).date_naive(),
        chief: Chief {
            name: setup.and_then(|s| s.chief_name.clone()),
            nip: setup.and_then(|s| s.chief_nip.clone()),
        },
        rows: Vec::new(),
    };
    writer.head(&log)?;
    let reading = Reading {
        tz,
        calendar: &calendar,
        now: ctx.now,
    };
    let mut rows = Vec::new();
    each_row(store, (from, to), &reading, &mut |r| {
        writer.row(&r)?;
        rows.push(r);
        Ok(())
    })?;
    log.rows = rows;
    Ok(log)
}
