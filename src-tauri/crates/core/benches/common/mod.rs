//! What the benchmarks share: a generated year, the office's clock, a new guest's check-in.

// Each benchmark binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::demo::{bulk, DemoDesk};
use loket_core::desk::checkin::{self, CheckInRequest};
use loket_core::desk::events::AssignmentLetter;
use loket_core::desk::guest::GuestInput;
use loket_core::desk::identity::IdType;
use loket_core::desk::Ctx;
use loket_core::store::Checkpointer;
use loket_core::{open_with_standards, Store};

pub fn date(text: &str) -> NaiveDate {
    loket_core::period::parse_day("Tanggal", text).unwrap()
}

pub fn wita(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Makassar
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A generated database in a temporary folder, kept while the benchmarks run.
pub struct Db {
    /// Checkpoints on a connection of their own, as the hub makes them.
    _checkpoints: Option<Checkpointer>,
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
}

pub fn generate(from: &str, to: &str, visits: usize) -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = open_with_standards(&path).unwrap();
    let started = Instant::now();
    let made = bulk::generate(
        &mut store,
        date(from),
        date(to),
        visits,
        DemoDesk::Perekonomian,
    )
    .unwrap();
    eprintln!(
        "generated {} visits on {} working days ({from} to {to}) in {:.2?}",
        made.visits,
        made.days,
        started.elapsed()
    );
    Db {
        _checkpoints: Some(Checkpointer::start(&store, &path).expect("checkpointer")),
        _dir: dir,
        path,
        store,
    }
}

/// An official who handles at least one service, and that service's catalog id.
pub fn official_and_service(db: &Db, skip: usize) -> (i64, String) {
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row(
            "SELECT official_id, service_code FROM official_service ORDER BY official_id, service_code
             LIMIT 1 OFFSET ?1",
            [skip as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// A new guest's check-in for `service`, the whole checklist shown, the institution's
/// letter handed over (services for institutions require it), no card kept.
pub fn request(service: &str, shown: &[String], n: u64) -> CheckInRequest {
    CheckInRequest {
        guest: GuestInput {
            id: None,
            name: format!("Tamu Uji {n}"),
            phone: Some(format!("0812{:08}", n % 100_000_000)),
            institution: Some("Dinas Perdagangan".into()),
            id_type: IdType::Lainnya,
            id_number: Some(format!("BENCH{n:010}")),
        },
        service: service.to_string(),
        purpose: "Konsultasi izin usaha".into(),
        official_id: None,
        person_to_meet: None,
        group_size: 1,
        shown: shown.to_vec(),
        admitted_note: None,
        letter: Some(AssignmentLetter {
            number: format!("800/{n}/DISDAG"),
            date: "2027-01-02".into(),
            institution: "Dinas Perdagangan".into(),
            held: false,
        }),
        proposal_received: false,
        blanko: None,
        slot: None,
    }
}

/// A new working day (Monday 4 January 2027, 09.00 WITA) on top of a generated year of
/// `LOKET_BENCH_VISITS` visits (default 100,000): an official whose queue is read, a service
/// of theirs, and a service they do not handle, so that check-ins measured do not lengthen
/// that queue.
pub struct NewDay {
    pub db: Db,
    pub ctx: Ctx,
    pub monday: NaiveDate,
    pub reader: i64,
    pub reader_service: String,
    pub other_service: String,
    pub reader_shown: Vec<String>,
    pub other_shown: Vec<String>,
}

impl NewDay {
    pub fn on_a_year() -> NewDay {
        let visits = std::env::var("LOKET_BENCH_VISITS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000);
        let db = generate("2026-01-01", "2026-12-31", visits);
        let monday = date("2027-01-04");
        let ctx = Ctx {
            actor: "resepsionis".into(),
            now: wita(monday, 9, 0),
        };
        let (reader, reader_service) = official_and_service(&db, 0);
        let other_service: String = rusqlite::Connection::open(&db.path)
            .unwrap()
            .query_row(
                "SELECT service_code FROM official_service WHERE service_code NOT IN
                   (SELECT service_code FROM official_service WHERE official_id = ?1)
                 ORDER BY service_code LIMIT 1",
                [reader],
                |r| r.get(0),
            )
            .unwrap();
        let checklist = |service: &str| {
            checkin::requirements(&db.store, &ctx, service, true)
                .unwrap()
                .checklist
        };
        let (reader_shown, other_shown) = (checklist(&reader_service), checklist(&other_service));
        NewDay {
            db,
            ctx,
            monday,
            reader,
            reader_service,
            other_service,
            reader_shown,
            other_shown,
        }
    }
}
