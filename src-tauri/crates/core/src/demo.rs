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
//! Names, NIKs and times come from a small seeded generator: the same date and desk give the
//! same day on every run.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::{opening, Calendar, HolidayKind, Opening};
use crate::desk::checkin::{self, CheckInRequest};
use crate::desk::events::{AssignmentLetter, Blanko, CardReturn, Outcome};
use crate::desk::guest::GuestInput;
use crate::desk::identity::IdType;
use crate::desk::office::{self, Official, Prefix, Setup};
use crate::desk::queue::{self, Transfer};
use crate::desk::{calendar_of, custody, views, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_with_weekday, zone_abbreviation};
use crate::standards::model::{Hours, Service};
use crate::store::Store;

/// The region whose decree the demo desks follow.
const REGION: &str = "balangan";
/// Guests on a full day (Monday–Thursday); shorter days get proportionally fewer.
const FULL_DAY_GUESTS: usize = 40;
/// Most guests on a Friday, the day of the Friday prayer.
const FRIDAY_GUESTS: usize = 25;
/// Slots of the demo office's ID drawer.
const DRAWER_SLOTS: u32 = 30;
/// Guests stop arriving this many minutes before a window of the day closes.
const LAST_ARRIVAL_MINUTES: i64 = 30;
/// Minutes the over-limit consultation runs past its service's limit.
const OVER_LIMIT_BY_MINUTES: i64 = 15;
/// The simulated day must be over by this local hour.
const DAY_ENDS_HOUR: u32 = 22;

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
    /// Local clock time the day was closed: "16.41".
    pub closed_at: String,
}

/// Reads the demo's date, "YYYY-MM-DD".
pub fn parse_date(text: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::invalid(
            "Tanggal hari demo",
            format!(
                "\"{}\" bukan tanggal yang sah (TTTT-BB-HH, mis. 2026-11-23).",
                text.trim()
            ),
        )
    })
}

/// Fills the database with a day at the desk on `date`. Refuses, writing nothing, when the
/// date is not a working day, the database already has visits on it, the office is set up
/// for another bagian, or guests of another day are still in the queue.
pub fn build(store: &mut Store, date: NaiveDate, desk: DemoDesk) -> CoreResult<DemoDay> {
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
    sim.run()?;
    let closed = sim.close()?;
    summarize(store, profile, closed, tz)
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
    let mut stmt = conn.prepare(
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
    let cards: Vec<String> = custody::held(conn)?
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

// ---------------------------------------------------------------------------------------
// The office and its officials.

fn service_code(profile: &Profile, number: &str) -> String {
    format!("{REGION}-{}-{number}", profile.unit)
}

fn service(store: &Store, profile: &Profile, number: &str) -> CoreResult<Service> {
    Ok(checkin::current_service(store.conn(), &service_code(profile, number))?.2)
}

/// Sets the office up for the demo's bagian, unless it already is.
fn set_up_office(store: &mut Store, profile: &Profile) -> CoreResult<()> {
    if office::region_and_unit(store.conn())?.is_some() {
        return Ok(());
    }
    office::save_setup(
        store,
        &Setup {
            region: REGION.to_string(),
            unit: profile.unit.to_string(),
            slots: DRAWER_SLOTS,
            prefixes: vec![Prefix {
                scope: format!("unit:{}", profile.unit),
                prefix: profile.ticket_prefix.to_string(),
            }],
        },
    )?;
    Ok(())
}

/// An official (or role) of the demo as saved, and the name their actions are recorded under.
struct Staff {
    id: i64,
    actor: String,
}

/// Saves the demo's officials; one already saved under the same name is updated, not doubled.
fn save_officials(store: &mut Store, ctx: &Ctx, profile: &Profile) -> CoreResult<Vec<Staff>> {
    let existing = office::officials(store.conn())?;
    let mut staff = Vec::new();
    for spec in profile.officials {
        let official = Official {
            id: existing
                .iter()
                .find(|o| o.name == spec.name)
                .and_then(|o| o.id),
            name: spec.name.to_string(),
            nip: spec.nip.map(str::to_string),
            title: spec.title.to_string(),
            room: spec.room.to_string(),
            is_role: spec.nip.is_none() && spec.actor.is_some(),
            active: true,
            services: spec
                .services
                .iter()
                .map(|n| service_code(profile, n))
                .collect(),
        };
        let saved = office::save_official(store, ctx, &official)?;
        staff.push(Staff {
            id: saved.id.unwrap_or_default(),
            actor: spec.actor.unwrap_or(spec.name).to_string(),
        });
    }
    Ok(staff)
}

// ---------------------------------------------------------------------------------------
// Time.

type Span = (DateTime<Utc>, DateTime<Utc>);

/// A local wall-clock time on `date` in the office's zone.
fn local(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date
        .and_hms_opt(hour, minute, 0)
        .expect("a valid clock time");
    tz.from_local_datetime(&naive)
        .earliest()
        .expect("Indonesian zones have no gaps")
        .with_timezone(&Utc)
}

/// "08.34" in the office's zone.
fn clock(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%H.%M").to_string()
}

/// When the service serves on `date`, asked of the calendar from midnight on: its windows
/// less its breaks.
fn open_spans(hours: &Hours, tz: Tz, date: NaiveDate, calendar: &Calendar) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = local(tz, date, 0, 0);
    let end_of_day = at + Duration::days(1);
    while at < end_of_day {
        match opening(hours, tz, at, calendar) {
            Opening::Open { closes_at } => {
                spans.push((at, closes_at.min(end_of_day)));
                at = closes_at;
            }
            Opening::Closed {
                next_open: Some(next),
                ..
            } if next < end_of_day => at = next,
            Opening::Closed { .. } => break,
        }
    }
    spans
}

fn minutes_of(spans: &[Span]) -> i64 {
    spans.iter().map(|(s, e)| (*e - *s).num_minutes()).sum()
}

/// Open minutes of the Monday of `date`'s week, as if it were a working day: the measure of
/// a full day.
fn monday_minutes(hours: &Hours, tz: Tz, date: NaiveDate) -> i64 {
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    minutes_of(&open_spans(hours, tz, monday, &Calendar::default())).max(1)
}

/// About forty guests on a full day; a shorter day fewer, a Friday at most twenty-five.
fn guests_on(date: NaiveDate, spans: &[Span], full_day_minutes: i64) -> usize {
    let open = minutes_of(spans) as f64;
    let scaled = (FULL_DAY_GUESTS as f64 * open / full_day_minutes as f64).round() as usize;
    let scaled = scaled.clamp(12, FULL_DAY_GUESTS);
    if date.weekday() == Weekday::Fri {
        scaled.min(FRIDAY_GUESTS)
    } else {
        scaled
    }
}

/// Arrival times spread over the open spans, busiest in mid-morning and quieter after the
/// midday break, none in the last minutes of a window; sorted.
fn arrival_times(spans: &[Span], count: usize, tz: Tz, rng: &mut Rng) -> Vec<DateTime<Utc>> {
    let mut candidates: Vec<(DateTime<Utc>, u64)> = Vec::new();
    for (start, end) in spans {
        let last = *end - Duration::minutes(LAST_ARRIVAL_MINUTES);
        let mut t = *start;
        while t <= last {
            let hour = t.with_timezone(&tz).hour();
            let weight = match hour {
                9 | 10 => 3,
                14.. => 1,
                _ => 2,
            };
            candidates.push((t, weight));
            t += Duration::minutes(1);
        }
    }
    let mut chosen = Vec::new();
    for _ in 0..count.min(candidates.len()) {
        let total: u64 = candidates.iter().map(|c| c.1).sum();
        let mut r = rng.below(total);
        let index = candidates
            .iter()
            .position(|c| {
                if r < c.1 {
                    true
                } else {
                    r -= c.1;
                    false
                }
            })
            .unwrap_or(0);
        let (t, _) = candidates.remove(index);
        chosen.push(t + Duration::seconds(rng.below(60) as i64));
    }
    chosen.sort();
    chosen
}

// ---------------------------------------------------------------------------------------
// The seeded generator.

/// A small xorshift64* generator: the same seed gives the same day.
struct Rng(u64);

impl Rng {
    /// Seeded from the date and the desk, so each day differs but every run of it is the same.
    fn for_day(date: NaiveDate, desk: DemoDesk) -> Rng {
        let seed = 0x4C4F_4B45_5444_454D_u64
            ^ (date.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (desk as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let mut rng = Rng(seed | 1);
        for _ in 0..8 {
            rng.next();
        }
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `lo..=hi` minutes (and some seconds) after `t`.
    fn after(&mut self, t: DateTime<Utc>, lo: i64, hi: i64) -> DateTime<Utc> {
        t + Duration::minutes(self.between(lo, hi)) + Duration::seconds(self.below(60) as i64)
    }
}

// ---------------------------------------------------------------------------------------
// Guests: who they are, where they come from, what they bring.

/// How an institution's assignment letters are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A perangkat daerah of the kabupaten, a BLUD, or a vertical office: an SPT.
    Government,
    /// A village government: an SPT of the kepala desa.
    Village,
    /// A BUMD, a cooperative, a farmers' group, a pesantren, a company: a surat tugas.
    Organisation,
}

struct Institution {
    code: &'static str,
    name: &'static str,
    /// The abbreviation in its letter numbers.
    abbr: &'static str,
    kind: Kind,
}

/// The code of a private guest (pribadi/masyarakat) in a topic's list of who comes.
const PRIVATE: &str = "-";

#[rustfmt::skip]
const INSTITUTIONS: &[Institution] = &[
    Institution { code: "dkum", name: "Dinas Koperasi dan Usaha Mikro Kabupaten Balangan", abbr: "DKUM", kind: Kind::Government },
    Institution { code: "disdag", name: "Dinas Perdagangan dan Perindustrian Kabupaten Balangan", abbr: "DISDAGPERIN", kind: Kind::Government },
    Institution { code: "distan", name: "Dinas Pertanian Kabupaten Balangan", abbr: "DISTAN", kind: Kind::Government },
    Institution { code: "dkp", name: "Dinas Ketahanan Pangan Kabupaten Balangan", abbr: "DKP", kind: Kind::Government },
    Institution { code: "diskan", name: "Dinas Perikanan Kabupaten Balangan", abbr: "DISKAN", kind: Kind::Government },
    Institution { code: "dlh", name: "Dinas Lingkungan Hidup Kabupaten Balangan", abbr: "DLH", kind: Kind::Government },
    Institution { code: "dispar", name: "Dinas Pariwisata, Kepemudaan dan Olahraga Kabupaten Balangan", abbr: "DISPARPORA", kind: Kind::Government },
    Institution { code: "bpkad", name: "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Balangan", abbr: "BPKAD", kind: Kind::Government },
    Institution { code: "bappeda", name: "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Balangan", abbr: "BAPPELITBANGDA", kind: Kind::Government },
    Institution { code: "bps", name: "Badan Pusat Statistik Kabupaten Balangan", abbr: "BPS-6311", kind: Kind::Government },
    Institution { code: "rsud", name: "RSUD Balangan", abbr: "RSUD", kind: Kind::Government },
    Institution { code: "pkm", name: "UPTD Puskesmas Paringin", abbr: "PKM-PRG", kind: Kind::Government },
    Institution { code: "pupr", name: "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Balangan", abbr: "PUPR", kind: Kind::Government },
    Institution { code: "disdik", name: "Dinas Pendidikan Kabupaten Balangan", abbr: "DISDIK", kind: Kind::Government },
    Institution { code: "dinkes", name: "Dinas Kesehatan Kabupaten Balangan", abbr: "DINKES", kind: Kind::Government },
    Institution { code: "perkim", name: "Dinas Perumahan Rakyat dan Kawasan Permukiman Kabupaten Balangan", abbr: "PERKIM", kind: Kind::Government },
    Institution { code: "setwan", name: "Sekretariat DPRD Kabupaten Balangan", abbr: "SETWAN", kind: Kind::Government },
    Institution { code: "bjm", name: "PT Balangan Jaya Mandiri (Perseroda)", abbr: "BJM", kind: Kind::Organisation },
    Institution { code: "pdam", name: "Perumda Air Minum Tirta Balangan", abbr: "PAM-TB", kind: Kind::Organisation },
    Institution { code: "bank", name: "PT Bank Kalsel Kantor Cabang Paringin", abbr: "BKS-PRG", kind: Kind::Organisation },
    Institution { code: "batupiring", name: "Pemerintah Desa Batu Piring", abbr: "Ds.BTP", kind: Kind::Village },
    Institution { code: "lokbatu", name: "Pemerintah Desa Lok Batu", abbr: "Ds.LBT", kind: Kind::Village },
    Institution { code: "kapul", name: "Pemerintah Desa Kapul", abbr: "Ds.KPL", kind: Kind::Village },
    Institution { code: "mampari", name: "Pemerintah Desa Mampari", abbr: "Ds.MPR", kind: Kind::Village },
    Institution { code: "juai", name: "Pemerintah Desa Juai", abbr: "Ds.JUA", kind: Kind::Village },
    Institution { code: "kopkaret", name: "Koperasi Produsen Karet Maju Bersama Balangan", abbr: "KPKMB", kind: Kind::Organisation },
    Institution { code: "ksu", name: "KSU Sepakat Paringin", abbr: "KSU-SP", kind: Kind::Organisation },
    Institution { code: "poktan", name: "Kelompok Tani Harapan Jaya Desa Mampari", abbr: "KT-HJ", kind: Kind::Organisation },
    Institution { code: "poktan2", name: "Kelompok Tani Sumber Rezeki Desa Halong", abbr: "KT-SR", kind: Kind::Organisation },
    Institution { code: "gapoktan", name: "Gapoktan Karya Bersama Kecamatan Batumandi", abbr: "GKB", kind: Kind::Organisation },
    Institution { code: "ponpes", name: "Pondok Pesantren Darul Ilmi Paringin", abbr: "PP-DI", kind: Kind::Organisation },
    Institution { code: "masjid", name: "Panitia Pembangunan Masjid Al-Muhajirin Desa Juai", abbr: "PPM-AM", kind: Kind::Organisation },
    Institution { code: "cvpkm", name: "CV Paringin Karya Mandiri", abbr: "PKM", kind: Kind::Organisation },
    Institution { code: "cvbbk", name: "CV Berkah Batumandi Konstruksi", abbr: "BBK", kind: Kind::Organisation },
    Institution { code: "pthbp", name: "PT Halong Bangun Persada", abbr: "HBP", kind: Kind::Organisation },
    Institution { code: "cvat", name: "CV Awayan Teknik", abbr: "AT", kind: Kind::Organisation },
    Institution { code: "cvjs", name: "CV Juai Sejahtera", abbr: "JS", kind: Kind::Organisation },
    Institution { code: "cvlj", name: "CV Lampihong Jaya", abbr: "LJ", kind: Kind::Organisation },
    Institution { code: "cvttm", name: "CV Tebing Tinggi Mandiri", abbr: "TTM", kind: Kind::Organisation },
    Institution { code: "ptpck", name: "PT Paringin Cipta Konstruksi", abbr: "PCK", kind: Kind::Organisation },
    Institution { code: "cvbpp", name: "CV Batu Piring Perkasa", abbr: "BPP", kind: Kind::Organisation },
    Institution { code: "cvhmt", name: "CV Halong Mitra Teknik", abbr: "HMT", kind: Kind::Organisation },
    Institution { code: "ptbbk", name: "PT Banua Balangan Konstruksi", abbr: "BBKS", kind: Kind::Organisation },
];

/// The suppliers (penyedia) that come to the PBJ desk.
const COMPANIES: &[&str] = &[
    "cvpkm", "cvbbk", "pthbp", "cvat", "cvjs", "cvlj", "cvttm", "ptpck", "cvbpp", "cvhmt", "ptbbk",
];

fn institution(code: &str) -> Option<&'static Institution> {
    INSTITUTIONS.iter().find(|i| i.code == code)
}

const MEN: &[&str] = &[
    "Muhammad Rizky Ananda",
    "Ahmad Fauzan",
    "Rahmadi",
    "H. Abdul Gani",
    "Rusdiansyah",
    "Akhmad Rifai",
    "Muhammad Yusuf",
    "Syahrani",
    "Hairil Anwar",
    "Abdurrahman",
    "Masrani",
    "Junaidi",
    "Saprudin",
    "Ahmad Zaini",
    "Aulia Rahman",
    "Hasanuddin",
    "Muhammad Iqbal",
    "Ismail Marzuki",
    "Gusti Ahmad Rizal",
    "Muhammad Ridha",
    "Wahyudi",
    "Eko Prasetyo",
    "Bambang Sutrisno",
    "Rudi Hartono",
    "Zainal Abidin",
    "Mahyudin",
    "Fahrul Razi",
    "Irwansyah",
    "Norhadi",
    "Samsul Bahri",
    "Yusran Effendi",
    "Arbainsyah",
    "Hendra Gunawan",
    "M. Noor Ifansyah",
    "Taufik Hidayat",
];

const WOMEN: &[&str] = &[
    "Siti Nurhaliza",
    "Hj. Norhayati",
    "Noorlatifah",
    "Ariyani",
    "Fitriani",
    "Rina Marlina",
    "Dian Puspitasari",
    "Normiyati",
    "Nurul Hidayah",
    "Rahimah",
    "Yulianti",
    "Lisa Andriani",
    "Dewi Sartika",
    "Khairunnisa",
    "Sri Wahyuni",
    "Nurdiana",
    "Halimatus Sa'diyah",
    "Mariani",
    "Siti Jubaidah",
    "Hj. Mastora",
    "Nor Aida",
    "Raudatul Jannah",
    "Fathul Jannah",
    "Rabiatul Adawiyah",
    "Wulan Sari",
    "Erna Yuliana",
    "Siti Aisyah",
    "Mardiana",
    "Nurlaila",
    "Hamidah",
    "Annisa Fitri",
];

/// Degrees a civil servant's name may carry.
const DEGREES: &[&str] = &[
    ", S.E.", ", S.P.", ", S.T.", ", S.Sos.", ", S.Kom.", ", S.Pd.", ", S.Hut.", ", S.AP.",
    ", A.Md.",
];

/// Mobile prefixes after "08" (Telkomsel, Indosat, XL, Tri).
const PHONE_PREFIXES: &[&str] = &[
    "11", "12", "13", "21", "22", "52", "53", "56", "57", "77", "78", "95",
];

const ROMAN_MONTHS: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Regency codes of a guest's NIK: mostly Balangan (63.11), some from the neighbouring
/// Hulu Sungai Utara (63.08) and Tabalong (63.09), and Banjarmasin (63.71).
const REGENCIES: &[u32] = &[11, 11, 11, 11, 11, 11, 11, 8, 9, 71];

/// Who a guest is, drawn once.
struct Person {
    name: String,
    female: bool,
    birth: NaiveDate,
}

/// Draws names without repeating one in a day, and ID numbers that never repeat.
struct People {
    men: Vec<&'static str>,
    women: Vec<&'static str>,
    numbers: HashSet<String>,
}

impl People {
    fn new(rng: &mut Rng) -> People {
        let mut men = MEN.to_vec();
        let mut women = WOMEN.to_vec();
        shuffle(&mut men, rng);
        shuffle(&mut women, rng);
        People {
            men,
            women,
            numbers: HashSet::new(),
        }
    }

    fn person(&mut self, rng: &mut Rng, civil_servant: bool) -> Person {
        let female = rng.chance(45);
        let list = if female {
            &mut self.women
        } else {
            &mut self.men
        };
        let base = list
            .pop()
            .unwrap_or(if female { "Siti Aminah" } else { "Ahmad Yani" });
        let degree = if civil_servant && rng.chance(60) && !base.contains(". ") {
            rng.pick(DEGREES)
        } else {
            ""
        };
        let birth = NaiveDate::from_ymd_opt(
            rng.between(1966, 2003) as i32,
            rng.between(1, 12) as u32,
            rng.between(1, 28) as u32,
        )
        .expect("days 1–28 exist in every month");
        Person {
            name: format!("{base}{degree}"),
            female,
            birth,
        }
    }

    /// A card number of the type, unique in the day.
    fn number(&mut self, rng: &mut Rng, id_type: IdType, p: &Person) -> String {
        loop {
            let n = match id_type {
                IdType::Ktp => nik(rng, p),
                IdType::Sim => sim_number(rng, p),
                _ => nip(rng, p),
            };
            if self.numbers.insert(n.clone()) {
                return n;
            }
        }
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// A NIK as Dukcapil writes it: province 63 (Kalimantan Selatan), regency, district, birth
/// date (40 added to the day for women), a serial number.
fn nik(rng: &mut Rng, p: &Person) -> String {
    let regency = *rng.pick(REGENCIES);
    let district = rng.between(1, 8);
    let day = p.birth.day() + if p.female { 40 } else { 0 };
    format!(
        "63{regency:02}{district:02}{day:02}{:02}{:02}{:04}",
        p.birth.month(),
        p.birth.year() % 100,
        rng.between(1, 1200)
    )
}

/// A driving licence number: birth year and month, the issuing office, a serial number.
fn sim_number(rng: &mut Rng, p: &Person) -> String {
    format!(
        "{:02}{:02}-1411-{:06}",
        p.birth.year() % 100,
        p.birth.month(),
        rng.between(1, 999_999)
    )
}

/// A civil servant's NIP, as on the KTP PNS: birth date, start of service, sex, serial.
fn nip(rng: &mut Rng, p: &Person) -> String {
    let start_year = (p.birth.year() + rng.between(23, 30) as i32).min(2024);
    format!(
        "{}{start_year}{:02}{}{:03}",
        p.birth.format("%Y%m%d"),
        *rng.pick(&[1, 3, 4]),
        if p.female { 2 } else { 1 },
        rng.between(1, 30)
    )
}

fn phone(rng: &mut Rng) -> String {
    format!(
        "08{}-{:04}-{:04}",
        rng.pick(PHONE_PREFIXES),
        rng.between(1000, 9999),
        rng.between(0, 9999)
    )
}

/// The institution's assignment letter for the guest, dated up to three days before.
fn letter(rng: &mut Rng, inst: &Institution, date: NaiveDate) -> AssignmentLetter {
    let dated = date - Duration::days(rng.between(0, 3));
    let n = rng.between(12, 480);
    let number = match inst.kind {
        Kind::Government | Kind::Village => format!("094/{n}/{}/{}", inst.abbr, dated.year()),
        Kind::Organisation => format!(
            "{n:03}/ST/{}/{}/{}",
            inst.abbr,
            ROMAN_MONTHS[dated.month0() as usize],
            dated.year()
        ),
    };
    AssignmentLetter {
        number,
        date: dated.to_string(),
        institution: inst.name.to_string(),
        held: rng.chance(50),
    }
}

// ---------------------------------------------------------------------------------------
// The desks' data: officials, topics, the scripted guests.

/// An official of the demo office, or a role (`nip` None and `actor` set: the member who acts).
struct OfficialSpec {
    name: &'static str,
    nip: Option<&'static str>,
    title: &'static str,
    room: &'static str,
    /// For a role: the member whose name the role's actions carry.
    actor: Option<&'static str>,
    /// Service numbers handled.
    services: &'static [&'static str],
}

/// Requirements a guest may lack (indices into the service's checklist), with the note that
/// admits them anyway.
#[derive(Clone, Copy)]
struct Lack {
    items: &'static [usize],
    note: &'static str,
    percent: u64,
}

/// A matter guests bring to a service, with the blanko they fill in and what comes of it.
struct Topic {
    service: &'static str,
    purpose: &'static str,
    topic: &'static str,
    questions: &'static str,
    documents: &'static str,
    result: &'static str,
    follow_up: &'static str,
    /// Minutes with the official.
    minutes: (i64, i64),
    /// How often the matter comes up, relative to the desk's other topics.
    weight: u64,
    /// Whether the matter is settled at the end of the consultation.
    closed: bool,
    /// Institution codes of who comes ([`PRIVATE`] for a private guest).
    from: &'static [&'static str],
    lack: Option<Lack>,
}

/// What happens to a scripted guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Plain,
    /// Called, recalled, then comes in.
    Recalled,
    /// Called and recalled twice, never comes in; someone collects the card later.
    NotPresent,
    /// The official called first sends the guest to another official and service.
    Transferred,
    /// Put on hold after the call to fetch a missing document, then back in the queue.
    HeldAndResumed,
    /// A consultation that runs past its standard's time limit.
    OverLimit,
    /// Served, but leaves without the ID card; recorded at closing.
    LeftBehind,
}

/// A scripted guest at a fixed share of the day's arrivals.
struct Story {
    /// Where in the day's arrivals (0 = first, 1 = last).
    at: f64,
    topic: usize,
    scenario: Scenario,
    from: &'static str,
    id_type: IdType,
    lack: Option<Lack>,
    /// The official (index in the profile) the guest asks for by name.
    official: Option<usize>,
    group: u32,
}

/// A scripted guest with a KTP, alone, asking for nobody, lacking nothing.
const fn story(at: f64, topic: usize, scenario: Scenario, from: &'static str) -> Story {
    Story {
        at,
        topic,
        scenario,
        from,
        id_type: IdType::Ktp,
        lack: None,
        official: None,
        group: 1,
    }
}

impl Story {
    /// The guest leaves another card than a KTP.
    const fn showing(mut self, id_type: IdType) -> Story {
        self.id_type = id_type;
        self
    }

    /// The guest lacks these checklist items and is admitted with the note.
    const fn lacking(mut self, items: &'static [usize], note: &'static str) -> Story {
        self.lack = Some(Lack {
            items,
            note,
            percent: 100,
        });
        self
    }

    /// The guest asks for this official (index in the profile) by name.
    const fn asking_for(mut self, official: usize) -> Story {
        self.official = Some(official);
        self
    }

    /// The guest comes with others on one ticket.
    const fn in_group(mut self, size: u32) -> Story {
        self.group = size;
        self
    }
}

/// Where the transfer scenario sends its guest.
struct TransferSpec {
    to_official: usize,
    to_service: &'static str,
    reason: &'static str,
}

/// Everything that makes one desk's day.
struct Profile {
    unit: &'static str,
    /// "Bagian Perekonomian" for messages before the standards are read.
    unit_label: &'static str,
    ticket_prefix: &'static str,
    /// The service whose hours are the desk's day.
    reference_service: &'static str,
    admin: &'static str,
    receptionist: &'static str,
    officials: &'static [OfficialSpec],
    topics: &'static [Topic],
    stories: &'static [Story],
    /// Lacks any guest may have, besides their topic's.
    common_lacks: &'static [Lack],
    transfer: TransferSpec,
    hold_reason: &'static str,
}

static PEREKONOMIAN: Profile = Profile {
    unit: "perekonomian",
    unit_label: "Bagian Perekonomian",
    ticket_prefix: "P",
    reference_service: "1",
    admin: "Admin Setda Balangan",
    receptionist: "Siti Rahmawati",
    officials: &[
        OfficialSpec {
            name: "H. Ahmad Fauzi, S.E., M.M.",
            nip: Some("197806122005011004"),
            title: "Kepala Sub Bagian Perekonomian",
            room: "Ruang Subbagian Perekonomian",
            actor: None,
            services: &["1", "2", "3"],
        },
        OfficialSpec {
            name: "Noorhayati, S.Hut., M.Si.",
            nip: Some("198203252008012015"),
            title: "Kepala Sub Bagian Sumber Daya Alam",
            room: "Ruang Subbagian Sumber Daya Alam",
            actor: None,
            services: &["2", "4"],
        },
        OfficialSpec {
            name: "Muhammad Riduan, S.E.",
            nip: Some("199001172015031003"),
            title: "Analis Kebijakan Ahli Muda",
            room: "Ruang Analis Kebijakan",
            actor: None,
            services: &["1", "3", "4"],
        },
    ],
    topics: &[
        // 0
        Topic {
            service: "1",
            purpose: "Konsultasi penyertaan modal daerah pada BUMD tahun anggaran 2027",
            topic: "Penyertaan modal daerah",
            questions: "Bagaimana tahapan penyusunan Perda penyertaan modal dan dokumen analisis investasi apa saja yang diperlukan?",
            documents: "Draf analisis investasi; laporan keuangan audit 2025",
            result: "Dijelaskan tahapan penyertaan modal daerah sesuai PP Nomor 54 Tahun 2017 tentang BUMD",
            follow_up: "BUMD melengkapi analisis investasi dan menyampaikannya kepada Bagian Perekonomian dan SDA",
            minutes: (25, 40),
            weight: 2,
            closed: true,
            from: &["bjm", "pdam", "bpkad", "bappeda"],
            lack: None,
        },
        // 1
        Topic {
            service: "1",
            purpose: "Koordinasi laporan kinerja dan keuangan BLUD semester II",
            topic: "Laporan kinerja BLUD",
            questions: "Format laporan kinerja dan keuangan BLUD yang disampaikan kepada Bupati melalui Bagian Perekonomian dan SDA",
            documents: "Laporan kinerja BLUD semester I",
            result: "Disepakati format laporan dan jadwal penyampaiannya",
            follow_up: "Laporan semester II disampaikan paling lambat akhir Januari",
            minutes: (15, 30),
            weight: 2,
            closed: true,
            from: &["rsud", "pkm"],
            lack: None,
        },
        // 2
        Topic {
            service: "1",
            purpose: "Konsultasi seleksi calon anggota direksi BUMD",
            topic: "Seleksi direksi BUMD",
            questions: "Tahapan uji kelayakan dan kepatutan calon direksi serta susunan panitia seleksinya",
            documents: "Surat Dewan Pengawas tentang berakhirnya masa jabatan direksi",
            result: "Dijelaskan tahapan seleksi direksi sesuai Permendagri Nomor 37 Tahun 2018",
            follow_up: "Dewan Pengawas mengusulkan pembentukan panitia seleksi kepada Bupati",
            minutes: (20, 35),
            weight: 1,
            closed: true,
            from: &["bjm", "pdam"],
            lack: None,
        },
        // 3
        Topic {
            service: "1",
            purpose: "Konsultasi peluang kerja sama usaha dengan BUMD",
            topic: "Kerja sama usaha dengan BUMD",
            questions: "Bagaimana mekanisme kerja sama pemasokan bahan bangunan dengan BUMD?",
            documents: "Profil usaha",
            result: "Dijelaskan bahwa kerja sama diajukan langsung kepada direksi BUMD",
            follow_up: "Tamu menyampaikan penawaran tertulis kepada direksi PT Balangan Jaya Mandiri (Perseroda)",
            minutes: (10, 20),
            weight: 1,
            closed: true,
            from: &[PRIVATE],
            lack: None,
        },
        // 4
        Topic {
            service: "2",
            purpose: "Koordinasi data harga karet dan pemasaran bahan olahan karet rakyat",
            topic: "Harga dan pemasaran karet",
            questions: "Rencana pembentukan unit pengolahan dan pemasaran bokar serta data harga di tingkat petani",
            documents: "Data harga karet mingguan",
            result: "Disepakati pertukaran data harga karet setiap minggu",
            follow_up: "Rapat koordinasi UPPB dijadwalkan bulan depan",
            minutes: (15, 30),
            weight: 3,
            closed: true,
            from: &["distan", "kopkaret", "gapoktan", PRIVATE],
            lack: None,
        },
        // 5
        Topic {
            service: "2",
            purpose: "Konsultasi fasilitasi pemasaran produk UMKM",
            topic: "Pemasaran produk UMKM",
            questions: "Cara mengikuti pameran produk daerah dan mendaftarkan produk pada katalog elektronik lokal",
            documents: "Contoh produk anyaman purun; foto kemasan",
            result: "Tamu diarahkan mendaftar kurasi produk pada Dinas Koperasi dan Usaha Mikro",
            follow_up: "Mengisi formulir kurasi produk",
            minutes: (10, 25),
            weight: 3,
            closed: true,
            from: &["dkum", PRIVATE, PRIVATE],
            lack: None,
        },
        // 6
        Topic {
            service: "2",
            purpose: "Koordinasi pengembangan desa wisata",
            topic: "Desa wisata",
            questions: "Dukungan pemerintah daerah untuk pengembangan wisata alam dan penyusunan profil desa wisata",
            documents: "Profil potensi wisata desa",
            result: "Dijelaskan program pembinaan desa wisata tahun 2027",
            follow_up: "Desa mengusulkan melalui Dinas Pariwisata, Kepemudaan dan Olahraga",
            minutes: (15, 30),
            weight: 2,
            closed: true,
            from: &["dispar", "kapul", "juai"],
            lack: None,
        },
        // 7
        Topic {
            service: "2",
            purpose: "Koordinasi pembinaan koperasi simpan pinjam",
            topic: "Pembinaan koperasi",
            questions: "Kewajiban rapat anggota tahunan dan laporan koperasi kepada pemerintah daerah",
            documents: "Laporan RAT tahun buku 2025",
            result: "Dijelaskan kewajiban RAT dan pelaporan koperasi",
            follow_up: "Koperasi menyampaikan laporan RAT kepada Dinas Koperasi dan Usaha Mikro",
            minutes: (15, 25),
            weight: 2,
            closed: true,
            from: &["dkum", "ksu", "kopkaret"],
            lack: None,
        },
        // 8
        Topic {
            service: "2",
            purpose: "Koordinasi ketersediaan pupuk bersubsidi",
            topic: "Pupuk bersubsidi",
            questions: "Kuota pupuk bersubsidi per kecamatan dan keterlambatan penyaluran di kios resmi",
            documents: "Rekap e-RDKK kelompok tani",
            result: "Dicatat kendala penyaluran untuk dibahas bersama distributor",
            follow_up: "Rapat koordinasi pupuk bersubsidi dengan Dinas Pertanian",
            minutes: (15, 30),
            weight: 3,
            closed: false,
            from: &["distan", "poktan", "poktan2", "gapoktan", PRIVATE],
            lack: None,
        },
        // 9
        Topic {
            service: "2",
            purpose: "Konsultasi dampak kegiatan pertambangan terhadap lahan pertanian",
            topic: "Lahan pertanian di sekitar tambang",
            questions: "Jalur penyampaian keluhan warga tentang air sungai yang keruh di sekitar areal tambang",
            documents: "Foto lokasi; daftar tanda tangan warga",
            result: "Keluhan dicatat dan diteruskan kepada Dinas Lingkungan Hidup",
            follow_up: "Peninjauan lapangan bersama Dinas Lingkungan Hidup",
            minutes: (20, 35),
            weight: 2,
            closed: false,
            from: &["dlh", "lokbatu", PRIVATE],
            lack: None,
        },
        // 10
        Topic {
            service: "2",
            purpose: "Konsultasi pengembangan budidaya ikan air tawar",
            topic: "Budidaya ikan air tawar",
            questions: "Bantuan benih ikan nila dan pelatihan pembuatan pakan mandiri",
            documents: "Proposal kelompok pembudidaya",
            result: "Diarahkan ke program bantuan benih Dinas Perikanan",
            follow_up: "Mengajukan usulan melalui Dinas Perikanan",
            minutes: (10, 20),
            weight: 2,
            closed: true,
            from: &["diskan", PRIVATE],
            lack: None,
        },
        // 11
        Topic {
            service: "2",
            purpose: "Koordinasi program ketahanan pangan desa",
            topic: "Ketahanan pangan desa",
            questions: "Alokasi dana desa untuk ketahanan pangan dan pengembangan lumbung pangan",
            documents: "APBDes 2026",
            result: "Dijelaskan ketentuan alokasi dana desa untuk ketahanan pangan",
            follow_up: "Desa menyusun rencana kegiatan lumbung pangan",
            minutes: (15, 25),
            weight: 2,
            closed: true,
            from: &["dkp", "batupiring", "mampari"],
            lack: None,
        },
        // 12
        Topic {
            service: "3",
            purpose: "Koordinasi persiapan rapat TPID menjelang Natal dan Tahun Baru",
            topic: "Rapat TPID akhir tahun",
            questions: "Jadwal rapat TPID, data stok bahan pokok dan rencana pasar murah",
            documents: "Data stok dan harga bahan pokok",
            result: "Rapat TPID dijadwalkan minggu depan; data stok disampaikan sebelum rapat",
            follow_up: "Bagian Perekonomian dan SDA menyiapkan undangan rapat TPID",
            minutes: (20, 35),
            weight: 2,
            closed: true,
            from: &["disdag", "dkp", "bps"],
            lack: None,
        },
        // 13
        Topic {
            service: "3",
            purpose: "Penyampaian data harga bahan pokok mingguan",
            topic: "Harga bahan pokok",
            questions: "Kenaikan harga cabai rawit dan bawang merah di Pasar Paringin",
            documents: "Rekap harga mingguan Pasar Paringin",
            result: "Data diterima untuk laporan TPID ke provinsi",
            follow_up: "Pemantauan harga harian selama dua minggu",
            minutes: (10, 20),
            weight: 2,
            closed: true,
            from: &["disdag", "bps"],
            lack: None,
        },
        // 14
        Topic {
            service: "3",
            purpose: "Koordinasi program TPAKD: pembiayaan usaha mikro melawan rentenir",
            topic: "Program TPAKD",
            questions: "Skema kredit usaha mikro tanpa agunan dan sosialisasinya di kecamatan",
            documents: "Paparan produk kredit",
            result: "Disepakati sosialisasi bersama di tiga kecamatan",
            follow_up: "Jadwal sosialisasi disusun Bank Kalsel bersama Dinas Koperasi dan Usaha Mikro",
            minutes: (20, 35),
            weight: 1,
            closed: true,
            from: &["bank", "dkum"],
            lack: None,
        },
        // 15
        Topic {
            service: "4",
            purpose: "Penyampaian proposal bantuan CSR PT Adaro Indonesia untuk sarana air bersih desa",
            topic: "Proposal CSR sarana air bersih",
            questions: "Mekanisme penyampaian proposal CSR dan PPM PT Adaro Indonesia dan lama proses verifikasinya",
            documents: "Proposal bantuan sarana air bersih; RAB; foto lokasi",
            result: "Proposal diterima dan akan diverifikasi sebelum diteruskan kepada PT Adaro Indonesia",
            follow_up: "Verifikasi lapangan oleh tim CSR kabupaten",
            minutes: (15, 30),
            weight: 3,
            closed: false,
            from: &["batupiring", "lokbatu", "kapul", "juai"],
            lack: None,
        },
        // 16
        Topic {
            service: "4",
            purpose: "Konsultasi usulan proposal CSR untuk rehabilitasi masjid",
            topic: "Proposal CSR rehabilitasi masjid",
            questions: "Persyaratan proposal bantuan rehabilitasi masjid melalui program PPM mitra kerja Adaro",
            documents: "Proposal rehabilitasi masjid; RAB",
            result: "Proposal diterima; kelengkapan RAB perlu diperbaiki",
            follow_up: "Panitia memperbaiki RAB dan menyerahkannya kembali",
            minutes: (15, 25),
            weight: 2,
            closed: false,
            from: &["masjid", "ponpes"],
            lack: None,
        },
        // 17
        Topic {
            service: "4",
            purpose: "Konsultasi penyusunan proposal bantuan bibit karet melalui program CSR",
            topic: "Penyusunan proposal CSR",
            questions: "Format proposal, lampiran yang diperlukan dan jadwal penerimaan proposal CSR",
            documents: "Daftar anggota kelompok",
            result: "Dijelaskan format proposal dan lampirannya",
            follow_up: "Tamu menyerahkan proposal setelah disusun",
            minutes: (10, 20),
            weight: 2,
            closed: true,
            from: &["poktan2", "gapoktan", PRIVATE],
            lack: Some(Lack {
                items: &[3],
                note: "Proposal belum disusun; tamu berkonsultasi tentang format dan lampirannya",
                percent: 100,
            }),
        },
    ],
    stories: &[
        story(0.05, 0, Scenario::OverLimit, "bjm"),
        story(0.12, 5, Scenario::Recalled, PRIVATE),
        story(0.20, 15, Scenario::Plain, "batupiring").in_group(2),
        story(0.28, 8, Scenario::Transferred, "poktan").asking_for(0),
        story(0.35, 12, Scenario::HeldAndResumed, "disdag")
            .lacking(&[0], "SPT tertinggal di kantor; tamu mengambilnya sebelum masuk"),
        story(0.45, 4, Scenario::Plain, PRIVATE).showing(IdType::Sim),
        story(0.55, 10, Scenario::NotPresent, PRIVATE),
        story(0.65, 14, Scenario::Plain, "dkum").showing(IdType::KartuPegawai),
        story(0.75, 17, Scenario::Plain, "poktan"),
        story(0.85, 7, Scenario::LeftBehind, "ksu"),
    ],
    common_lacks: &[
        Lack {
            items: &[1],
            note: "Tamu lanjut usia; pertanyaan disampaikan langsung dan dicatat pejabat",
            percent: 5,
        },
        Lack {
            items: &[0],
            note: "SPT menyusul melalui surel dinas hari ini",
            percent: 6,
        },
    ],
    transfer: TransferSpec {
        to_official: 1,
        to_service: "4",
        reason: "Permohonan bantuan bibit dan pupuk melalui program CSR; ditangani Subbagian Sumber Daya Alam",
    },
    hold_reason: "SPT tertinggal di kantor dinas; tamu mengambilnya dan kembali ke antrian",
};

static PBJ: Profile = Profile {
    unit: "pbj",
    unit_label: "Bagian Pengadaan Barang dan Jasa",
    ticket_prefix: "PBJ",
    reference_service: "2",
    admin: "Admin Setda Balangan",
    receptionist: "Nurul Aini",
    officials: &[
        OfficialSpec {
            name: "Hj. Rusmilawati, S.T., M.T.",
            nip: Some("198105092006042009"),
            title: "Kepala Sub Bagian Pengelolaan Layanan Pengadaan Secara Elektronik",
            room: "Ruang LPSE",
            actor: None,
            services: &["3", "5", "6", "7", "8"],
        },
        OfficialSpec {
            name: "Pokja Pemilihan",
            nip: None,
            title: "Kelompok Kerja Pemilihan",
            room: "Ruang Pokja Pemilihan",
            actor: Some("Hendra Saputra, S.T. (Pokja Pemilihan)"),
            services: &["1", "9"],
        },
        OfficialSpec {
            name: "Akhmad Rifani, S.Kom.",
            nip: Some("199204282019031006"),
            title: "Pengelola Pengadaan Barang/Jasa Ahli Pertama",
            room: "Ruang Verifikasi Penyedia",
            actor: None,
            services: &["2", "3", "4", "5"],
        },
        OfficialSpec {
            name: "Gusti Muhammad Yusuf, S.H.",
            nip: Some("198607142010011011"),
            title: "Kepala Sub Bagian Pembinaan dan Advokasi Pengadaan Barang/Jasa",
            room: "Ruang Subbagian Pembinaan dan Advokasi",
            actor: None,
            services: &["1", "4", "8"],
        },
    ],
    topics: &[
        // 0
        Topic {
            service: "1",
            purpose: "Konsultasi metode pemilihan paket pekerjaan konstruksi jalan",
            topic: "Metode pemilihan pekerjaan konstruksi",
            questions: "Apakah paket peningkatan jalan senilai Rp4,2 miliar ditender pascakualifikasi atau dengan prakualifikasi?",
            documents: "RUP paket; KAK",
            result: "Disarankan tender pascakualifikasi sesuai Perpres Nomor 12 Tahun 2021",
            follow_up: "Pokja Pemilihan menyampaikan jawaban tertulis dalam 3 hari kerja",
            minutes: (20, 40),
            weight: 2,
            closed: false,
            from: &["pupr", "perkim"],
            lack: None,
        },
        // 1
        Topic {
            service: "1",
            purpose: "Konsultasi penyusunan HPS pengadaan alat kesehatan",
            topic: "Penyusunan HPS alat kesehatan",
            questions: "Sumber harga yang sah untuk HPS alat kesehatan yang belum tayang di katalog elektronik",
            documents: "Draf HPS; survei harga",
            result: "Dijelaskan sumber data harga dan cara mendokumentasikan survei harga",
            follow_up: "PPK memperbaiki HPS",
            minutes: (20, 35),
            weight: 2,
            closed: true,
            from: &["rsud", "dinkes"],
            lack: None,
        },
        // 2
        Topic {
            service: "1",
            purpose: "Konsultasi e-purchasing melalui katalog elektronik",
            topic: "E-purchasing katalog elektronik",
            questions: "Tahapan negosiasi harga dan pembuatan surat pesanan pada katalog elektronik",
            documents: "Daftar barang yang akan dibeli",
            result: "Dijelaskan tahapan e-purchasing dan negosiasi harga",
            follow_up: "Pejabat Pengadaan memproses paket melalui katalog elektronik",
            minutes: (15, 30),
            weight: 2,
            closed: true,
            from: &["disdik", "setwan"],
            lack: None,
        },
        // 3
        Topic {
            service: "2",
            purpose: "Registrasi dan verifikasi akun penyedia pada SPSE",
            topic: "",
            questions: "",
            documents: "",
            result: "Berkas diverifikasi dan akun penyedia diaktifkan",
            follow_up: "Penyedia masuk ke SPSE dengan akun yang diaktifkan",
            minutes: (15, 25),
            weight: 3,
            closed: true,
            from: COMPANIES,
            lack: Some(Lack {
                items: &[0, 2],
                note: "Berkas dibawa langsung oleh Direktur; surat kuasa dan KTP penerima kuasa tidak diperlukan",
                percent: 50,
            }),
        },
        // 4
        Topic {
            service: "3",
            purpose: "Kendala unggah dokumen penawaran di SPSE",
            topic: "",
            questions: "",
            documents: "",
            result: "Kendala ditangani; dokumen penawaran berhasil diunggah",
            follow_up: "",
            minutes: (10, 20),
            weight: 3,
            closed: true,
            from: COMPANIES,
            lack: None,
        },
        // 5
        Topic {
            service: "3",
            purpose: "Lupa kata sandi akun SPSE",
            topic: "",
            questions: "",
            documents: "",
            result: "Kata sandi diatur ulang setelah identitas penyedia diverifikasi",
            follow_up: "",
            minutes: (8, 15),
            weight: 2,
            closed: true,
            from: COMPANIES,
            lack: None,
        },
        // 6
        Topic {
            service: "4",
            purpose: "Fasilitasi input Rencana Umum Pengadaan di SIRUP",
            topic: "",
            questions: "",
            documents: "",
            result: "RUP perangkat daerah diinput dan diumumkan",
            follow_up: "PA/KPA memeriksa pengumuman RUP",
            minutes: (20, 35),
            weight: 2,
            closed: true,
            from: &["disdik", "dinkes", "pupr", "setwan"],
            lack: None,
        },
        // 7
        Topic {
            service: "5",
            purpose: "Menggunakan komputer LPSE untuk mengunggah dokumen penawaran",
            topic: "Penggunaan fasilitas LPSE",
            questions: "Penggunaan komputer dan pemindai LPSE untuk unggah dokumen penawaran",
            documents: "Dokumen penawaran dalam diska lepas",
            result: "Fasilitas digunakan; dokumen penawaran terunggah",
            follow_up: "",
            minutes: (3, 4),
            weight: 3,
            closed: true,
            from: &["cvpkm", "cvlj", "cvttm", "cvbpp", "cvhmt", PRIVATE],
            lack: None,
        },
        // 8
        Topic {
            service: "6",
            purpose: "Permohonan salinan dokumen pemilihan level 1",
            topic: "Salinan dokumen pemilihan",
            questions: "Salinan berita acara hasil pemilihan paket rehabilitasi gedung sekolah",
            documents: "Surat permohonan",
            result: "Salinan dokumen level 1 diserahkan langsung",
            follow_up: "",
            minutes: (15, 40),
            weight: 2,
            closed: true,
            from: COMPANIES,
            lack: None,
        },
        // 9
        Topic {
            service: "7",
            purpose: "Permohonan remote akses SPSE",
            topic: "",
            questions: "",
            documents: "",
            result: "Remote akses diberikan dan berlaku satu hari kerja",
            follow_up: "",
            minutes: (5, 9),
            weight: 3,
            closed: true,
            from: &["pupr", "disdik", "dinkes", "perkim"],
            lack: None,
        },
        // 10
        Topic {
            service: "8",
            purpose: "Pembuatan akun Pejabat Pembuat Komitmen di SPSE",
            topic: "",
            questions: "",
            documents: "",
            result: "Akun PPK dibuat dan diserahkan kepada pemohon",
            follow_up: "PPK mengganti kata sandi saat masuk pertama",
            minutes: (10, 20),
            weight: 2,
            closed: true,
            from: &["dinkes", "perkim", "setwan", "rsud"],
            lack: Some(Lack {
                items: &[2],
                note: "Sertifikat Pengadaan Tingkat Dasar masih diproses LKPP; diserahkan menyusul",
                percent: 20,
            }),
        },
        // 11
        Topic {
            service: "9",
            purpose: "Pengajuan paket tender pembangunan gedung",
            topic: "",
            questions: "",
            documents: "",
            result: "Berkas paket tender direviu; disposisi kepada Pokja Pemilihan",
            follow_up: "Pokja menyiapkan dokumen pemilihan",
            minutes: (20, 40),
            weight: 2,
            closed: false,
            from: &["pupr", "disdik", "perkim"],
            lack: Some(Lack {
                items: &[10],
                note: "Surat Kesiapan Aanwijzer menyusul setelah ditandatangani PPK",
                percent: 30,
            }),
        },
    ],
    stories: &[
        story(0.05, 9, Scenario::OverLimit, "pupr"),
        story(0.12, 3, Scenario::Recalled, "cvbbk"),
        story(0.20, 0, Scenario::Plain, "pupr").in_group(2),
        story(0.28, 4, Scenario::Transferred, "pthbp").asking_for(0),
        story(0.35, 3, Scenario::HeldAndResumed, "cvjs")
            .lacking(&[0], "Surat kuasa bermaterai tertinggal; diantar kurir perusahaan"),
        story(0.45, 8, Scenario::Plain, "cvat")
            .showing(IdType::Sim)
            .lacking(&[0], "KTP tertinggal; tamu menitipkan SIM"),
        story(0.55, 8, Scenario::NotPresent, "cvbbk"),
        story(0.65, 10, Scenario::Plain, "setwan").showing(IdType::KartuPegawai),
        story(0.75, 11, Scenario::Plain, "pupr").lacking(
            &[10],
            "Surat Kesiapan Aanwijzer menyusul setelah ditandatangani PPK",
        ),
        story(0.85, 7, Scenario::LeftBehind, "cvpkm"),
    ],
    common_lacks: &[],
    transfer: TransferSpec {
        to_official: 1,
        to_service: "1",
        reason: "Kendala menyangkut evaluasi kualifikasi tender, bukan aplikasi; ditangani Pokja Pemilihan",
    },
    hold_reason: "Menunggu surat kuasa bermaterai diantar ke loket",
};

// ---------------------------------------------------------------------------------------
// Planning the guests.

/// How the card reaches the drawer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CardAt {
    /// The desk keeps no card for this service.
    NotHeld,
    /// Into a slot as part of the check-in.
    CheckIn,
    /// Handed over a minute after the ticket is printed.
    AfterCheckIn,
}

/// One guest's day, decided before it starts.
struct Plan {
    arrival: DateTime<Utc>,
    request: CheckInRequest,
    topic: &'static Topic,
    scenario: Scenario,
    card: CardAt,
    /// The blanko filled in on the tablet after check-in.
    blanko_later: Option<Blanko>,
    minutes: i64,
    /// Who collects the card of a guest who never came in.
    collector: CardReturn,
}

struct Planner<'a> {
    profile: &'static Profile,
    services: HashMap<&'static str, Service>,
    staff: &'a [Staff],
    tz: Tz,
    calendar: &'a Calendar,
    date: NaiveDate,
    rng: &'a mut Rng,
    people: People,
    /// Guests drawn so far from each institution.
    drawn: HashMap<&'static str, usize>,
}

/// Most guests one institution sends in a day (private guests are not counted).
const MOST_FROM_ONE_INSTITUTION: usize = 2;

impl<'a> Planner<'a> {
    fn new(
        store: &Store,
        profile: &'static Profile,
        staff: &'a [Staff],
        tz: Tz,
        calendar: &'a Calendar,
        date: NaiveDate,
        rng: &'a mut Rng,
    ) -> CoreResult<Planner<'a>> {
        let mut services = HashMap::new();
        for t in profile.topics {
            if !services.contains_key(t.service) {
                services.insert(t.service, service(store, profile, t.service)?);
            }
        }
        let people = People::new(rng);
        Ok(Planner {
            profile,
            services,
            staff,
            tz,
            calendar,
            date,
            rng,
            people,
            drawn: HashMap::new(),
        })
    }

    /// A plan for each arrival: the scripted guests at their shares of the day, the others
    /// with a topic of a service open at their arrival.
    fn plan(mut self, arrivals: &[DateTime<Utc>]) -> Vec<Plan> {
        let positions = story_positions(self.profile.stories, arrivals.len());
        arrivals
            .iter()
            .enumerate()
            .map(|(i, at)| {
                let story = positions
                    .iter()
                    .find(|(p, _)| *p == i)
                    .map(|(_, s)| &self.profile.stories[*s]);
                self.guest(*at, story)
            })
            .collect()
    }

    fn open_at(&self, topic: &Topic, at: DateTime<Utc>) -> bool {
        self.services[topic.service]
            .hours
            .as_ref()
            .is_none_or(|h| matches!(opening(h, self.tz, at, self.calendar), Opening::Open { .. }))
    }

    /// A topic of a service open at `at`, drawn by the topics' weights.
    fn generic_topic(&mut self, at: DateTime<Utc>) -> &'static Topic {
        let topics = self.profile.topics;
        let open: Vec<&'static Topic> = topics.iter().filter(|t| self.open_at(t, at)).collect();
        let total: u64 = open.iter().map(|t| t.weight).sum();
        let mut r = self.rng.below(total);
        for t in &open {
            if r < t.weight {
                return t;
            }
            r -= t.weight;
        }
        open.first().copied().unwrap_or(&topics[0])
    }

    /// Who comes for a topic: an institution that has not yet sent its share today or a
    /// private guest; when every institution has, one of those that sent the fewest.
    fn sender(&mut self, topic: &Topic) -> &'static str {
        let drawn = |c: &str| match c {
            PRIVATE => 0,
            c => self.drawn.get(c).copied().unwrap_or(0),
        };
        let fewest = topic.from.iter().map(|c| drawn(c)).min().unwrap_or(0);
        let most = fewest.max(MOST_FROM_ONE_INSTITUTION - 1);
        let candidates: Vec<&'static str> = topic
            .from
            .iter()
            .copied()
            .filter(|c| drawn(c) <= most)
            .collect();
        candidates[self.rng.below(candidates.len() as u64) as usize]
    }

    /// One guest: who they are, what they bring and lack, how their visit goes.
    fn guest(&mut self, arrival: DateTime<Utc>, story: Option<&'static Story>) -> Plan {
        let topic = match story {
            Some(s) => &self.profile.topics[s.topic],
            None => self.generic_topic(arrival),
        };
        let from = story.map_or_else(|| self.sender(topic), |s| s.from);
        *self.drawn.entry(from).or_default() += 1;
        let inst = institution(from);
        let civil_servant = inst.is_some_and(|i| i.kind == Kind::Government);
        let person = self.people.person(self.rng, civil_servant);
        let id_type = story.map_or(IdType::Ktp, |s| s.id_type);
        let number = self.people.number(self.rng, id_type, &person);
        let lacks = self.lacks(topic, story);
        let service = self.services[topic.service].clone();
        let required = checkin::required_items(&service, inst.is_some());
        let (missing, note) = missing_items(&service, &required, &lacks);
        let lacks_item = |text: &Option<String>| text.as_ref().is_some_and(|t| missing.contains(t));
        let scenario = story.map_or(Scenario::Plain, |s| s.scenario);

        let assignment = match inst {
            Some(i) if !lacks_item(&service.intake.spt) => self.letter_for(i, &service),
            _ => None,
        };
        let blanko = (service.intake.blanko.is_some() && !lacks_item(&service.intake.blanko))
            .then(|| blanko_of(topic, &person, self.rng));
        let tablet = blanko.is_some() && story.is_none() && self.rng.chance(25);
        let official = story
            .and_then(|s| s.official)
            .or_else(|| self.named_official(topic, story.is_none()));
        let request = CheckInRequest {
            guest: GuestInput {
                id: None,
                name: person.name.clone(),
                phone: (inst.is_some() || self.rng.chance(85)).then(|| phone(self.rng)),
                institution: inst.map(|i| i.name.to_string()),
                id_type,
                id_number: Some(number),
            },
            service: service_code(self.profile, topic.service),
            purpose: topic.purpose.to_string(),
            official_id: official.map(|o| self.staff[o].id),
            person_to_meet: official.map(|o| self.profile.officials[o].name.to_string()),
            group_size: story.map_or_else(|| self.group_size(), |s| s.group),
            shown: required
                .iter()
                .filter(|r| !missing.contains(r))
                .cloned()
                .collect(),
            admitted_note: note,
            letter: assignment,
            proposal_received: service.intake.proposal.is_some()
                && !lacks_item(&service.intake.proposal),
            blanko: if tablet { None } else { blanko.clone() },
            slot: None,
        };
        Plan {
            arrival,
            request,
            topic,
            scenario,
            card: self.card_at(&service, story.is_some()),
            blanko_later: if tablet { blanko } else { None },
            minutes: self.minutes(topic, &service, scenario),
            collector: self.collector(&person, inst.is_some()),
        }
    }

    /// An institution's guest brings an assignment letter where the checklist asks for one,
    /// and often where it does not.
    fn letter_for(&mut self, inst: &Institution, service: &Service) -> Option<AssignmentLetter> {
        (service.intake.spt.is_some() || self.rng.chance(60))
            .then(|| letter(self.rng, inst, self.date))
    }

    /// Now and then a small group shares one ticket.
    fn group_size(&mut self) -> u32 {
        if self.rng.chance(8) {
            self.rng.between(2, 3) as u32
        } else {
            1
        }
    }

    /// Where the card goes: nowhere when the service keeps none; scripted guests hand it
    /// over at check-in, others now and then a minute later.
    fn card_at(&mut self, service: &Service, scripted: bool) -> CardAt {
        if service.intake.holds_id.is_none() {
            CardAt::NotHeld
        } else if !scripted && self.rng.chance(25) {
            CardAt::AfterCheckIn
        } else {
            CardAt::CheckIn
        }
    }

    /// Minutes with the official: the topic's usual span, or past the service's limit.
    fn minutes(&mut self, topic: &Topic, service: &Service, scenario: Scenario) -> i64 {
        match scenario {
            Scenario::OverLimit => {
                let limit = service.time_limit.max_minutes().unwrap_or(60.0) as i64;
                limit + OVER_LIMIT_BY_MINUTES
            }
            _ => self.rng.between(topic.minutes.0, topic.minutes.1),
        }
    }

    /// The topic's and the desk's lacks this guest has.
    fn lacks(&mut self, topic: &Topic, story: Option<&Story>) -> Vec<Lack> {
        if let Some(s) = story {
            return s
                .lack
                .into_iter()
                .chain(topic.lack.filter(|l| l.percent == 100))
                .collect();
        }
        let mut out = Vec::new();
        for lack in topic.lack.iter().chain(self.profile.common_lacks) {
            if self.rng.chance(lack.percent) {
                out.push(*lack);
            }
        }
        out
    }

    /// Now and then a guest asks for an official by name.
    fn named_official(&mut self, topic: &Topic, may: bool) -> Option<usize> {
        if !may || !self.rng.chance(6) {
            return None;
        }
        let handling: Vec<usize> = self
            .profile
            .officials
            .iter()
            .enumerate()
            .filter(|(_, o)| o.services.contains(&topic.service) && o.actor.is_none())
            .map(|(i, _)| i)
            .collect();
        (!handling.is_empty()).then(|| *self.rng.pick(&handling))
    }

    fn collector(&mut self, person: &Person, institutional: bool) -> CardReturn {
        let (names, relation) = match (institutional, person.female) {
            (true, _) => (if self.rng.chance(50) { MEN } else { WOMEN }, "rekan kerja"),
            (false, false) => (WOMEN, "istri"),
            (false, true) => (MEN, "suami"),
        };
        CardReturn::Other {
            name: self.rng.pick(names).to_string(),
            relation: relation.to_string(),
        }
    }
}

/// The checklist items a guest lacks (only those the service asks of them) and the notes
/// that admit them anyway.
fn missing_items(
    service: &Service,
    required: &[String],
    lacks: &[Lack],
) -> (Vec<String>, Option<String>) {
    let mut missing: Vec<String> = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    for lack in lacks {
        let texts: Vec<String> = lack
            .items
            .iter()
            .filter_map(|i| service.intake.checklist.get(*i))
            .map(|c| c.text.clone())
            .filter(|t| required.contains(t) && !missing.contains(t))
            .collect();
        if !texts.is_empty() {
            missing.extend(texts);
            notes.push(lack.note);
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    (missing, note)
}

/// The blanko a guest fills in: the topic's, or for services whose topics leave it blank,
/// the purpose itself.
fn blanko_of(topic: &Topic, p: &Person, rng: &mut Rng) -> Blanko {
    let subject = if topic.topic.is_empty() {
        topic.purpose
    } else {
        topic.topic
    };
    let questions = if topic.questions.is_empty() {
        topic.purpose
    } else {
        topic.questions
    };
    Blanko {
        topic: subject.to_string(),
        questions: questions.to_string(),
        documents: topic.documents.to_string(),
        contact: if rng.chance(80) {
            phone(rng)
        } else {
            format!(
                "{}@gmail.com",
                p.name
                    .split([',', ' '])
                    .find(|w| w.len() > 3)
                    .unwrap_or("tamu")
                    .to_lowercase()
                    .replace(['.', '\''], "")
            )
        },
    }
}

/// Which arrival each story takes: its share of the day, moved to the next free place when
/// two stories meet.
fn story_positions(stories: &[Story], guests: usize) -> Vec<(usize, usize)> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let last = guests.saturating_sub(1);
    for (s, story) in stories.iter().enumerate() {
        let wanted = ((story.at * last as f64).round() as usize).min(last);
        let free = (wanted..guests)
            .chain((0..wanted).rev())
            .find(|p| taken.iter().all(|(q, _)| q != p));
        if let Some(p) = free {
            taken.push((p, s));
        }
    }
    taken
}

// ---------------------------------------------------------------------------------------
// Simulating the day.

/// A step of the day, taken at its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Arrive(usize),
    HoldCard(usize),
    FillBlanko(usize),
    /// An official is free to call the next guest.
    Ready(usize),
    Recall(usize, usize),
    Start(usize, usize),
    Finish(usize, usize),
    NotPresent(usize, usize),
    Transfer(usize, usize),
    PutOnHold(usize, usize),
    Resume(usize),
    /// Someone collects the card of a guest who never came in.
    CollectCard(usize),
    CheckOut(usize),
}

/// The steps to come, earliest first (ties in the order they were planned).
#[derive(Default)]
struct Agenda {
    steps: BinaryHeap<Reverse<(DateTime<Utc>, u64, Step)>>,
    planned: u64,
}

impl Agenda {
    fn push(&mut self, at: DateTime<Utc>, step: Step) {
        self.planned += 1;
        self.steps.push(Reverse((at, self.planned, step)));
    }

    fn pop(&mut self) -> Option<(DateTime<Utc>, Step)> {
        self.steps.pop().map(|Reverse((at, _, step))| (at, step))
    }
}

struct Sim<'a> {
    store: &'a mut Store,
    profile: &'static Profile,
    staff: Vec<Staff>,
    spans: Vec<Span>,
    plans: Vec<Plan>,
    visits: Vec<i64>,
    by_visit: HashMap<i64, usize>,
    /// Whether a guest's scenario twist (transfer, hold) has happened.
    twisted: Vec<bool>,
    /// A transferred or resumed guest the official calls out of turn.
    priority: Vec<Option<usize>>,
    /// The official who put a guest on hold.
    held_by: Vec<Option<usize>>,
    agenda: Agenda,
    rng: Rng,
    /// Guests not yet finished or marked not present.
    unresolved: usize,
    last: DateTime<Utc>,
    deadline: DateTime<Utc>,
}

/// The day's end as [`Sim::close`] leaves it.
struct Closed {
    at: DateTime<Utc>,
    first_arrival: DateTime<Utc>,
    receptionist: &'static str,
}

impl<'a> Sim<'a> {
    fn new(
        store: &'a mut Store,
        profile: &'static Profile,
        staff: Vec<Staff>,
        spans: Vec<Span>,
        plans: Vec<Plan>,
        rng: Rng,
        tz: Tz,
    ) -> Sim<'a> {
        let n = plans.len();
        let date = spans[0].0.with_timezone(&tz).date_naive();
        Sim {
            store,
            profile,
            staff,
            last: spans[0].0,
            spans,
            visits: vec![0; n],
            by_visit: HashMap::new(),
            twisted: vec![false; n],
            priority: vec![None; n],
            held_by: vec![None; n],
            agenda: Agenda::default(),
            rng,
            unresolved: n,
            plans,
            deadline: local(tz, date, DAY_ENDS_HOUR, 0),
        }
    }

    fn desk(&self, at: DateTime<Utc>) -> Ctx {
        Ctx {
            actor: self.profile.receptionist.to_string(),
            now: at,
        }
    }

    fn by(&self, official: usize, at: DateTime<Utc>) -> Ctx {
        Ctx {
            actor: self.staff[official].actor.clone(),
            now: at,
        }
    }

    /// Runs the day from the first arrival until every guest is resolved and gone.
    fn run(&mut self) -> CoreResult<()> {
        for (g, plan) in self.plans.iter().enumerate() {
            self.agenda.push(plan.arrival, Step::Arrive(g));
        }
        let opens = self.spans[0].0;
        for o in 0..self.staff.len() {
            let at = self.rng.after(opens, 0, 8);
            self.agenda.push(at, Step::Ready(o));
        }
        while let Some((at, step)) = self.agenda.pop() {
            if at > self.deadline {
                return Err(CoreError::refused(
                    "Hari demo tidak selesai sebelum malam; tidak semua tamu terlayani.",
                ));
            }
            let wrote = self.take(at, step)?;
            if wrote {
                self.last = self.last.max(at);
            }
        }
        Ok(())
    }

    /// Takes one step; says whether it wrote anything.
    fn take(&mut self, at: DateTime<Utc>, step: Step) -> CoreResult<bool> {
        let desk = self.desk(at);
        match step {
            Step::Arrive(g) => self.arrive(g, &desk)?,
            Step::HoldCard(g) => self.hold_card(g, &desk)?,
            Step::FillBlanko(g) => {
                let blanko = self.plans[g].blanko_later.clone().unwrap_or_default();
                queue::fill_blanko(self.store, &desk, self.visits[g], &blanko)?
            }
            Step::Ready(o) => return self.ready(o, at),
            Step::Recall(g, o) => {
                let ctx = self.by(o, at);
                queue::recall(self.store, &ctx, self.staff[o].id, self.visits[g])?
            }
            Step::Start(g, o) => {
                let ctx = self.by(o, at);
                queue::start(self.store, &ctx, self.staff[o].id, self.visits[g])?
            }
            Step::Finish(g, o) => self.finish(g, o, at)?,
            Step::NotPresent(g, o) => self.not_present(g, o, at)?,
            Step::Transfer(g, o) => self.transfer(g, o, at)?,
            Step::PutOnHold(g, o) => {
                let ctx = self.by(o, at);
                queue::hold(self.store, &ctx, self.visits[g], self.profile.hold_reason)?;
                self.held_by[g] = Some(o);
            }
            Step::Resume(g) => {
                queue::resume(self.store, &desk, self.visits[g])?;
                self.priority[g] = self.held_by[g];
            }
            Step::CollectCard(g) => self.collect_card(g, &desk)?,
            Step::CheckOut(g) => custody::check_out(self.store, &desk, self.visits[g])?,
        }
        Ok(true)
    }

    fn first_free_slot(&self) -> CoreResult<Option<u32>> {
        Ok(custody::free_slots(self.store.conn())?.first().copied())
    }

    fn arrive(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        let at = desk.now;
        let mut request = self.plans[g].request.clone();
        if self.plans[g].card == CardAt::CheckIn {
            request.slot = self.first_free_slot()?;
        }
        let done = checkin::check_in(self.store, desk, &request)?;
        self.visits[g] = done.visit_id;
        self.by_visit.insert(done.visit_id, g);
        if self.plans[g].card == CardAt::AfterCheckIn {
            let next = self.rng.after(at, 1, 1);
            self.agenda.push(next, Step::HoldCard(g));
        }
        if self.plans[g].blanko_later.is_some() {
            let next = self.rng.after(at, 1, 2);
            self.agenda.push(next, Step::FillBlanko(g));
        }
        Ok(())
    }

    fn hold_card(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        if let Some(slot) = self.first_free_slot()? {
            custody::hold(self.store, desk, self.visits[g], slot)?;
        }
        Ok(())
    }

    /// Whether the guest's card is in the drawer now.
    fn card_in_drawer(&self, g: usize) -> CoreResult<bool> {
        Ok(custody::held(self.store.conn())?
            .iter()
            .any(|c| c.visit_id == self.visits[g]))
    }

    /// The guest never came in: later someone collects the card for them.
    fn not_present(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let ctx = self.by(o, at);
        queue::not_present(self.store, &ctx, self.staff[o].id, self.visits[g])?;
        self.unresolved -= 1;
        let later = self.rng.after(at, 40, 70);
        self.agenda.push(later, Step::CollectCard(g));
        Ok(())
    }

    fn collect_card(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        if self.card_in_drawer(g)? {
            let to = self.plans[g].collector.clone();
            custody::return_card(self.store, desk, self.visits[g], &to)?;
        }
        let out = self.rng.after(desk.now, 1, 1);
        self.agenda.push(out, Step::CheckOut(g));
        Ok(())
    }

    /// When an official may call at `at`: now inside a window, at the next opening in a
    /// break or before the day opens, and now after closing (guests still waiting are served).
    fn calling_time(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.spans
            .iter()
            .find(|(_, end)| at < *end)
            .map_or(at, |(start, _)| at.max(*start))
    }

    /// An official is free: calls a transferred guest first, else the next in line, else
    /// looks again in a few minutes.
    fn ready(&mut self, o: usize, at: DateTime<Utc>) -> CoreResult<bool> {
        if self.unresolved == 0 {
            return Ok(false);
        }
        let from = self.calling_time(at);
        if from > at {
            let later = self.rng.after(from, 0, 4);
            self.agenda.push(later, Step::Ready(o));
            return Ok(false);
        }
        let ctx = self.by(o, at);
        let official = self.staff[o].id;
        let called = match self.priority.iter().position(|p| *p == Some(o)) {
            Some(g) => {
                queue::call(self.store, &ctx, official, self.visits[g])?;
                self.priority[g] = None;
                Some(self.visits[g])
            }
            None => match queue::call_next(self.store, &ctx, official) {
                Ok(visit) => Some(visit),
                Err(CoreError::Refused(m)) if m.contains("Tidak ada tamu") => None,
                Err(e) => return Err(e),
            },
        };
        let Some(visit) = called else {
            let later = self.rng.after(at, 2, 4);
            self.agenda.push(later, Step::Ready(o));
            return Ok(false);
        };
        let g = *self.by_visit.get(&visit).ok_or_else(|| {
            CoreError::refused(format!(
                "Kunjungan nomor {visit} bukan bagian dari hari demo; antrian tidak kosong."
            ))
        })?;
        self.serve(g, o, at);
        Ok(true)
    }

    /// Plans what follows a call, by the guest's scenario.
    fn serve(&mut self, g: usize, o: usize, called: DateTime<Utc>) {
        let first = !std::mem::replace(&mut self.twisted[g], true);
        let scenario = self.plans[g].scenario;
        match (scenario, first) {
            (Scenario::NotPresent, _) => {
                let r1 = self.rng.after(called, 2, 3);
                let r2 = self.rng.after(r1, 2, 3);
                let gone = self.rng.after(r2, 2, 3);
                self.agenda.push(r1, Step::Recall(g, o));
                self.agenda.push(r2, Step::Recall(g, o));
                self.agenda.push(gone, Step::NotPresent(g, o));
                let free = self.rng.after(gone, 1, 1);
                self.agenda.push(free, Step::Ready(o));
            }
            (Scenario::Transferred, true) => {
                let moved = self.rng.after(called, 1, 2);
                self.agenda.push(moved, Step::Transfer(g, o));
                let free = self.rng.after(moved, 1, 1);
                self.agenda.push(free, Step::Ready(o));
            }
            (Scenario::HeldAndResumed, true) => {
                let held = self.rng.after(called, 1, 2);
                self.agenda.push(held, Step::PutOnHold(g, o));
                let free = self.rng.after(held, 1, 1);
                self.agenda.push(free, Step::Ready(o));
                let back = self.rng.after(held, 30, 40);
                self.agenda.push(back, Step::Resume(g));
            }
            _ => {
                let came = if scenario == Scenario::Recalled {
                    let again = self.rng.after(called, 2, 3);
                    self.agenda.push(again, Step::Recall(g, o));
                    self.rng.after(again, 1, 2)
                } else {
                    self.rng.after(called, 1, 2)
                };
                self.agenda.push(came, Step::Start(g, o));
                let done = came + Duration::minutes(self.plans[g].minutes);
                self.agenda.push(done, Step::Finish(g, o));
                let free = self.rng.after(done, 1, 2);
                self.agenda.push(free, Step::Ready(o));
                if scenario != Scenario::LeftBehind {
                    let out = self.rng.after(done, 2, 5);
                    self.agenda.push(out, Step::CheckOut(g));
                }
            }
        }
    }

    fn finish(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let topic = self.plans[g].topic;
        let outcome = Outcome {
            notes: format!(
                "Pokok bahasan: {}. {}",
                self.plans[g].request.purpose,
                if topic.questions.is_empty() {
                    String::new()
                } else {
                    format!("Pertanyaan tamu: {}", topic.questions)
                }
            )
            .trim()
            .to_string(),
            result: topic.result.to_string(),
            follow_up: topic.follow_up.to_string(),
            closed: topic.closed,
        };
        let ctx = self.by(o, at);
        queue::finish(self.store, &ctx, self.staff[o].id, self.visits[g], &outcome)?;
        self.unresolved -= 1;
        Ok(())
    }

    fn transfer(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let spec = &self.profile.transfer;
        let to = spec.to_official;
        let ctx = self.by(o, at);
        queue::transfer(
            self.store,
            &ctx,
            self.visits[g],
            &Transfer {
                to_official: Some(self.staff[to].id),
                to_service: Some(service_code(self.profile, spec.to_service)),
                reason: spec.reason.to_string(),
            },
        )?;
        self.priority[g] = Some(to);
        Ok(())
    }

    /// Closes the day: the cards nobody collected are recorded as left behind, then the day
    /// is closed.
    fn close(&mut self) -> CoreResult<Closed> {
        let window_end = self.spans.last().map_or(self.last, |s| s.1);
        let at = (window_end + Duration::minutes(15)).max(self.rng.after(self.last, 5, 10));
        let desk = self.desk(at);
        for g in 0..self.plans.len() {
            if self.plans[g].scenario == Scenario::LeftBehind {
                custody::left_behind(self.store, &desk, self.visits[g])?;
            }
        }
        let closing_at = self.rng.after(at, 1, 2);
        let closing = self.desk(closing_at);
        custody::close_day(self.store, &closing)?;
        let closing = closing.now;
        Ok(Closed {
            at: closing,
            first_arrival: self.plans.first().map_or(closing, |p| p.arrival),
            receptionist: self.profile.receptionist,
        })
    }
}

// ---------------------------------------------------------------------------------------
// The summary, read back through the desk's views.

fn summarize(store: &Store, profile: &Profile, closed: Closed, tz: Tz) -> CoreResult<DemoDay> {
    let ctx = Ctx {
        actor: closed.receptionist.to_string(),
        now: closed.at,
    };
    let day = views::today(store, &ctx)?;
    let o = office::office(store)?;
    let mut kinds: HashMap<&'static str, usize> = HashMap::new();
    let mut cards_held = 0;
    for v in &day.visits {
        let history = views::history(store, v.id)?;
        if history.iter().any(|e| e.event.kind() == "id_held") {
            cards_held += 1;
        }
        for e in &history {
            *kinds.entry(e.event.kind()).or_default() += 1;
        }
    }
    let count = |kind: &str| kinds.get(kind).copied().unwrap_or(0);
    let institutional = day
        .visits
        .iter()
        .filter(|v| v.guest.institution.is_some())
        .count();
    let officials = profile
        .officials
        .iter()
        .map(|s| format!("{} ({})", s.name, s.title))
        .collect();
    Ok(DemoDay {
        date: day.date.clone(),
        date_label: day.date_label.clone(),
        kabupaten: o.kabupaten.unwrap_or_default(),
        unit: profile.unit.to_string(),
        unit_name: o.unit_name.unwrap_or_default(),
        zone: zone_abbreviation(tz.name()),
        receptionist: closed.receptionist.to_string(),
        officials,
        guests: day.visits.len(),
        institutional,
        private: day.visits.len() - institutional,
        first_ticket: day
            .visits
            .first()
            .map(|v| v.ticket.clone())
            .unwrap_or_default(),
        last_ticket: day
            .visits
            .last()
            .map(|v| v.ticket.clone())
            .unwrap_or_default(),
        cards_held,
        letters: day.visits.iter().filter(|v| v.letter.is_some()).count(),
        proposals: day.visits.iter().filter(|v| v.proposal_received).count(),
        admitted_with_note: day
            .visits
            .iter()
            .filter(|v| v.admitted_note.is_some())
            .count(),
        recalls: count("recalled"),
        not_present: count("not_present"),
        transfers: count("transferred"),
        held_and_resumed: count("resumed"),
        over_limit: day.visits.iter().filter(|v| v.limit.over).count(),
        left_behind: count("id_left_behind"),
        first_arrival: clock(tz, closed.first_arrival),
        closed_at: clock(tz, closed.at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::identity::check_nik;

    #[test]
    fn the_generator_repeats_itself_for_the_same_day_and_desk() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a: Vec<u64> = (0..5)
            .map(|_| Rng::for_day(date, DemoDesk::Pbj).next())
            .collect();
        let mut one = Rng::for_day(date, DemoDesk::Perekonomian);
        let mut two = Rng::for_day(date, DemoDesk::Perekonomian);
        for _ in 0..100 {
            assert_eq!(one.next(), two.next());
        }
        assert_ne!(a[0], Rng::for_day(date, DemoDesk::Perekonomian).next());
    }

    #[test]
    fn generated_niks_have_the_form_of_one_from_kalimantan_selatan() {
        let mut rng = Rng::for_day(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            DemoDesk::Perekonomian,
        );
        let mut people = People::new(&mut rng);
        for _ in 0..200 {
            let p = people.person(&mut rng, false);
            let n = people.number(&mut rng, IdType::Ktp, &p);
            assert_eq!(check_nik(&n), Ok(()), "{n}");
            assert!(n.starts_with("63"));
            let day: u32 = n[6..8].parse().unwrap();
            assert_eq!(day > 40, p.female, "{n}");
            let nip = nip(&mut rng, &p);
            assert_eq!(nip.len(), 18, "{nip}");
        }
    }

    #[test]
    fn stories_keep_their_places_on_a_short_day() {
        let places = story_positions(PEREKONOMIAN.stories, 13);
        let mut unique: Vec<usize> = places.iter().map(|p| p.0).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), PEREKONOMIAN.stories.len());
        assert!(unique.iter().all(|p| *p < 13));
    }
}
