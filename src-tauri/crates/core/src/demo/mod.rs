//! The living demo (issue 3): a realistic day at a Balangan front desk — Bagian Perekonomian
//! dan Sumber Daya Alam or Bagian Pengadaan Barang dan Jasa — for showing Loket and for
//! trying its screens on real-looking data.
//!
//! The day is made only through the operations the desk itself uses (setup, check-in, the
//! drawer, the queue, closing), each with a [`Ctx`] whose time is the simulated moment of that
//! step on the chosen date in the office's zone and whose actor is the named receptionist or
//! official. About forty guests (fewer on a Friday) arrive across the opening hours of the
//! bagian's decree; the officials call them as they become free and never during the break.
//! A handful of scripted guests make sure the day shows every path of the walk-in procedure:
//! a recall, a guest who never comes in, a transfer, a guest put on hold, a consultation over
//! its time limit, an ID card left behind at closing.
//!
//! The day can also stop mid-way ([`build_until`]): the same steps up to a chosen local time,
//! and nothing after, so that the desk opened on that day is at work — guests waiting, one
//! with an official, cards in the drawer — and the day still open.
//!
//! Names, NIKs and times come from a small seeded generator: the same date and desk give the
//! same day on every run.

pub mod bulk;
mod institutions;
mod pbj;
mod people;
mod perekonomian;
mod planner;
mod profile;
mod rng;
mod setup;
mod simulation;
mod summary;
mod time;

use chrono::{NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::{Calendar, HolidayKind};
use crate::desk::office;
use crate::desk::{calendar_of, custody, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::locale::date_with_weekday;
use crate::store::Store;

use self::pbj::PBJ;
use self::perekonomian::PEREKONOMIAN;
use self::planner::Planner;
use self::profile::Profile;
use self::rng::Rng;
use self::setup::{save_officials, service, set_up_office};
use self::simulation::Sim;
use self::summary::summarize;
use self::time::{arrival_times, guests_on, local, monday_minutes, open_spans};

/// The region whose decree the demo desks follow.
const REGION: &str = "balangan";

/// The desks the demo can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoDesk {
    /// Bagian Perekonomian dan Sumber Daya Alam: four consultation services, one hour each.
    Perekonomian,
    /// Bagian Pengadaan Barang dan Jasa: LPSE, supplier registration, the Pokja Pemilihan.
    Pbj,
}

impl DemoDesk {
    /// The bagian's id in the standards.
    pub fn unit(self) -> &'static str {
        match self {
            DemoDesk::Perekonomian => "perekonomian",
            DemoDesk::Pbj => "pbj",
        }
    }

    fn profile(self) -> &'static Profile {
        match self {
            DemoDesk::Perekonomian => &PEREKONOMIAN,
            DemoDesk::Pbj => &PBJ,
        }
    }
}

/// What the demo day holds, counted from the database once the day is closed.
#[derive(Debug, Clone, Serialize)]
pub struct DemoDay {
    pub date: String,
    /// "Senin, 23 November 2026".
    pub date_label: String,
    pub kabupaten: String,
    pub unit: String,
    pub unit_name: String,
    /// "WITA".
    pub zone: &'static str,
    pub receptionist: String,
    /// "Name (title)" of each official or role.
    pub officials: Vec<String>,
    pub guests: usize,
    /// Guests who came for an institution.
    pub institutional: usize,
    /// Guests who came for themselves (pribadi/masyarakat).
    pub private: usize,
    pub first_ticket: String,
    pub last_ticket: String,
    /// ID cards the desk kept in the drawer during the day.
    pub cards_held: usize,
    /// Visits with an SPT/SPPD or another assignment letter.
    pub letters: usize,
    pub proposals: usize,
    /// Guests admitted although a requirement was missing, with a note.
    pub admitted_with_note: usize,
    /// Recalls of a called guest (each one counted).
    pub recalls: usize,
    pub not_present: usize,
    pub transfers: usize,
    /// Guests put on hold and returned to the queue.
    pub held_and_resumed: usize,
    /// Consultations that ran over their standard's time limit.
    pub over_limit: usize,
    /// Cards left in the drawer at closing, recorded as left behind.
    pub left_behind: usize,
    /// Local clock time of the first arrival: "08.34".
    pub first_arrival: String,
    /// Local clock time the day was closed: "16.41"; none when it stopped mid-way.
    pub closed_at: Option<String>,
    /// Local clock time the day stopped mid-way ("10.30"), still open.
    pub stopped_at: Option<String>,
    /// Guests waiting, called, with an official, and cards in the drawer at the end.
    pub waiting: usize,
    pub called: usize,
    pub serving: usize,
    pub cards_in_drawer: usize,
}

/// Reads the `--until` of a demo day: "10:30" or "10.30", local time in the office's zone.
pub fn parse_until(text: &str) -> CoreResult<NaiveTime> {
    let t = text.trim().replace('.', ":");
    NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| {
        CoreError::invalid(
            "--until",
            format!(
                "\"{}\" bukan jam yang sah (JJ:MM, mis. 10:30).",
                text.trim()
            ),
        )
    })
}

/// Fills the database with a day at the desk on `date`. Refuses, writing nothing, when the
/// date is not a working day, the database already has visits on it, the office is set up
/// for another bagian, or guests of another day are still in the queue.
pub fn build(store: &mut Store, date: NaiveDate, desk: DemoDesk) -> CoreResult<DemoDay> {
    make(store, date, desk, None)
}

/// The same day as [`build`] up to `until` (local time) and no further: the day is left
/// open with the desk at work. Refuses, writing nothing, when the desk is not open yet by then.
pub fn build_until(
    store: &mut Store,
    date: NaiveDate,
    desk: DemoDesk,
    until: NaiveTime,
) -> CoreResult<DemoDay> {
    make(store, date, desk, Some(until))
}

fn make(
    store: &mut Store,
    date: NaiveDate,
    desk: DemoDesk,
    until: Option<NaiveTime>,
) -> CoreResult<DemoDay> {
    let profile = desk.profile();
    let header = office::region_header(store.conn(), REGION)?.ok_or_else(|| {
        CoreError::refused("Standar pelayanan Kabupaten Balangan belum diimpor ke basis data ini.")
    })?;
    let tz: Tz = header
        .timezone
        .parse()
        .map_err(|_| CoreError::Storage(format!("zona waktu {} tidak dikenal", header.timezone)))?;
    check_office(store, profile)?;
    let calendar = calendar_of(store.conn())?;
    check_working_day(&calendar, date)?;
    check_date_is_free(store, date)?;
    check_desk_is_clear(store)?;

    let reference = service(store, profile, profile.reference_service)?;
    let hours = reference.hours.as_ref().ok_or_else(|| {
        CoreError::Storage(format!("layanan {} tanpa jam layanan", reference.name))
    })?;
    let spans = open_spans(hours, tz, date, &calendar);
    if spans.is_empty() {
        return Err(CoreError::refused(format!(
            "{} tidak buka pada {}; pilih hari kerja lain.",
            header
                .units
                .iter()
                .find(|u| u.id == profile.unit)
                .map_or(profile.unit, |u| u.name.as_str()),
            date_with_weekday(date)
        )));
    }

    let stop = until.map(|t| local(tz, date, t.hour(), t.minute()));
    if let Some(stop) = stop {
        if stop <= spans[0].0 {
            return Err(CoreError::refused(format!(
                "Pada pukul {} {} meja belum buka (buka pukul {}); pilih --until yang lebih siang.",
                time::clock(tz, stop),
                crate::locale::zone_abbreviation(tz.name()),
                time::clock(tz, spans[0].0)
            )));
        }
    }

    let setup_ctx = Ctx {
        actor: profile.admin.to_string(),
        now: local(tz, date, 7, 30),
    };
    set_up_office(store, profile)?;
    let staff = save_officials(store, &setup_ctx, profile)?;

    let mut rng = Rng::for_day(date, desk);
    let count = guests_on(date, &spans, monday_minutes(hours, tz, date));
    let arrivals = arrival_times(&spans, count, tz, &mut rng);
    let plans =
        Planner::new(store, profile, &staff, tz, &calendar, date, &mut rng)?.plan(&arrivals);

    let mut sim = Sim::new(store, profile, staff, spans, plans, rng, tz);
    sim.stop_at(stop);
    sim.run()?;
    let end = match stop {
        Some(at) => sim.stop(at),
        None => sim.close()?,
    };
    summarize(store, profile, end, tz)
}

// ---------------------------------------------------------------------------------------
// Refusals before anything is written.

fn check_office(store: &Store, profile: &Profile) -> CoreResult<()> {
    match office::region_and_unit(store.conn())? {
        None => Ok(()),
        Some((region, unit)) if region == REGION && unit == profile.unit => Ok(()),
        Some(_) => {
            let o = office::office(store)?;
            Err(CoreError::refused(format!(
                "Basis data ini sudah diatur untuk {} {}; hari demo {} tidak dibuat agar data kantor tidak berubah. Gunakan berkas basis data lain (--db).",
                o.unit_name.unwrap_or_default(),
                o.kabupaten.unwrap_or_default(),
                profile.unit_label
            )))
        }
    }
}

fn check_working_day(calendar: &Calendar, date: NaiveDate) -> CoreResult<()> {
    if calendar.is_working_day(date) {
        return Ok(());
    }
    let why = match calendar.holiday(date) {
        Some(h) => match h.kind {
            HolidayKind::LiburNasional => format!("libur nasional: {}", h.name),
            HolidayKind::CutiBersama => format!("cuti bersama: {}", h.name),
            HolidayKind::Lainnya => format!("kantor libur: {}", h.name),
        },
        None => "akhir pekan".to_string(),
    };
    Err(CoreError::refused(format!(
        "{} bukan hari kerja ({why}); hari demo hanya dibuat pada hari kerja.",
        date_with_weekday(date)
    )))
}

fn check_date_is_free(store: &Store, date: NaiveDate) -> CoreResult<()> {
    let visits: i64 = store.conn().query_row(
        "SELECT count(*) FROM visit WHERE office_day = ?1",
        [date.to_string()],
        |r| r.get(0),
    )?;
    if visits > 0 {
        return Err(CoreError::refused(format!(
            "Basis data ini sudah berisi {visits} kunjungan pada {}; hari demo hanya dibuat pada tanggal yang masih kosong. Pilih tanggal lain atau berkas basis data lain (--db).",
            date_with_weekday(date)
        )));
    }
    Ok(())
}

/// Guests of other days still in the queue, or cards in the drawer with nothing recorded,
/// would keep the demo day from closing.
fn check_desk_is_clear(store: &Store) -> CoreResult<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT ticket || ' (' || office_day || ')' FROM visit
         WHERE status IN ('waiting', 'called', 'serving', 'on_hold') ORDER BY id LIMIT 5",
    )?;
    let open: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !open.is_empty() {
        return Err(CoreError::refused(format!(
            "Masih ada tamu dalam antrian: {}. Selesaikan dan tutup hari itu dulu sebelum membuat hari demo.",
            open.join(", ")
        )));
    }
    let cards: Vec<String> = custody::held(conn, chrono::Utc::now())?
        .into_iter()
        .filter(|c| !c.left_behind)
        .map(|c| format!("laci {} ({})", c.slot, c.ticket))
        .collect();
    if !cards.is_empty() {
        return Err(CoreError::refused(format!(
            "Masih ada kartu di laci tanpa keterangan: {}. Catat kartu itu dulu sebelum membuat hari demo.",
            cards.join(", ")
        )));
    }
    Ok(())
}
