//! Speed of the desk's everyday operations on a database of a busy year (issue 6, "Speed,
//! measured"): check-in, call next, an official's queue, catalog search, a day's export in
//! each format and a year's spreadsheet.
//!
//! The year is made by [`loket_core::demo::bulk`] (`LOKET_BENCH_VISITS`, default 100,000
//! visits over 2026; the time it takes is printed first); the day's exports use a database of
//! their own with one day of 500 visits. The operations then run on the first working Monday
//! of 2027, a new day on top of the year. Figures and the commands are in BENCHMARKS.md:
//!
//! ```sh
//! nice -n 10 cargo bench -p loket-core --bench core -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use loket_core::catalog::{self, Filter};
use loket_core::demo::{bulk, DemoDesk};
use loket_core::desk::checkin::{self, CheckInRequest};
use loket_core::desk::guest::GuestInput;
use loket_core::desk::identity::IdType;
use loket_core::desk::{queue, views, Ctx};
use loket_core::report::{self, Format};
use loket_core::{open_with_standards, Store};

fn date(text: &str) -> NaiveDate {
    loket_core::period::parse_day("Tanggal", text).unwrap()
}

fn wita(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Makassar
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A generated database in a temporary folder, kept while the benchmarks run.
struct Db {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
}

fn generate(from: &str, to: &str, visits: usize) -> Db {
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
        _dir: dir,
        path,
        store,
    }
}

/// An official who handles at least one service, and that service's catalog id.
fn official_and_service(db: &Db, skip: usize) -> (i64, String) {
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

/// A new guest's check-in for `service`, the whole checklist shown, no card kept.
fn request(service: &str, shown: &[String], n: u64) -> CheckInRequest {
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
        letter: None,
        proposal_received: false,
        blanko: None,
        slot: None,
    }
}

fn desk(c: &mut Criterion) {
    let visits = std::env::var("LOKET_BENCH_VISITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut db = generate("2026-01-01", "2026-12-31", visits);
    let monday = date("2027-01-04");
    let ctx = Ctx {
        actor: "resepsionis".into(),
        now: wita(monday, 9, 0),
    };
    let (reader, reader_service) = official_and_service(&db, 0);
    // A service the read official does not handle, so the check-ins measured do not fill
    // the queue that is read.
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
    let mut n = 0u64;

    // Twenty guests waiting for the official whose queue is read.
    for _ in 0..20 {
        n += 1;
        let req = request(&reader_service, &reader_shown, n);
        checkin::check_in(&mut db.store, &ctx, &req).unwrap();
    }

    c.bench_function("check_in (new guest)", |b| {
        b.iter_batched(
            || {
                n += 1;
                request(&other_service, &other_shown, n)
            },
            |req| checkin::check_in(&mut db.store, &ctx, &req).unwrap(),
            BatchSize::SmallInput,
        )
    });

    let queue = views::official_queue(&db.store, &ctx, reader).unwrap();
    assert_eq!((queue.waiting.len(), queue.current.len()), (20, 0));
    c.bench_function("official_queue (20 waiting)", |b| {
        b.iter(|| black_box(views::official_queue(&db.store, &ctx, reader).unwrap()))
    });

    c.bench_function("call_next", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                // One more guest waits (not timed), so the queue stays twenty long.
                n += 1;
                let req = request(&reader_service, &reader_shown, n);
                checkin::check_in(&mut db.store, &ctx, &req).unwrap();
                let started = Instant::now();
                black_box(queue::call_next(&mut db.store, &ctx, reader).unwrap());
                spent += started.elapsed();
            }
            spent
        })
    });

    for query in ["sirup", "ktp pns", "beasiswa"] {
        c.bench_function(&format!("catalog search \"{query}\""), |b| {
            b.iter(|| black_box(catalog::search(&db.store, query, &Filter::default(), 10).unwrap()))
        });
    }

    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: wita(monday, 16, 0),
    };
    let mut year = c.benchmark_group("year");
    year.sample_size(10);
    year.bench_function("export xlsx (year)", |b| {
        b.iter(|| {
            black_box(
                report::render(
                    &db.store,
                    &evening,
                    date("2026-01-01"),
                    date("2026-12-31"),
                    Format::Xlsx,
                )
                .unwrap(),
            )
        })
    });
    year.finish();
}

fn day_exports(c: &mut Criterion) {
    let db = generate("2026-11-23", "2026-11-23", 500);
    let day = date("2026-11-23");
    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: wita(day, 21, 0),
    };
    let mut group = c.benchmark_group("day (500 visits)");
    group.sample_size(20);
    for format in [Format::Xlsx, Format::Pdf, Format::Csv] {
        group.bench_function(format!("export {}", format.extension()), |b| {
            b.iter(|| black_box(report::render(&db.store, &evening, day, day, format).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, desk, day_exports);
criterion_main!(benches);
