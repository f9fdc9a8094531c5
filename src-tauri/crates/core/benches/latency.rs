//! Tail latency of the operations whose targets (issue 6) are set as a p99: check-in and
//! catalog search, with call next, an official's queue and a day's exports beside them.
//! Criterion reports means; this runs each operation many times on the same generated year
//! as `benches/core.rs` and prints p50, p99 and the slowest of every operation. The
//! database is checkpointed on a connection of its own, as the hub does, so no measured
//! write copies the WAL into the file.
//!
//! Check-in is measured against the disk's own cost (issue 13): a bare commit of one small
//! row into the same database file (the same disk, WAL, `synchronous=FULL`, so one fsync of
//! the WAL per commit, as a check-in has), taken alternately with the check-ins so that
//! whatever else the machine does weighs on both alike, and check-in is printed as a ratio to
//! it.
//!
//! ```sh
//! nice -n 10 cargo bench -p loket-core --bench latency
//! nice -n 10 cargo bench -p loket-core --bench latency -- check_in   # only what matches
//! ```
//!
//! `LOKET_BENCH_VISITS` sets the year's size (default 100,000 visits); `LOKET_BENCH_RUNS`
//! how many times each fast operation runs (default 2,000). An argument keeps only the
//! operations whose name contains it.

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{date, generate, request, wita, NewDay};
use loket_core::catalog::{self, Filter};
use loket_core::desk::events::Outcome;
use loket_core::desk::{checkin, queue, views, Ctx};
use loket_core::report::{self, Format};

/// The times one operation took, printed as p50, p99 and max.
struct Timings {
    name: String,
    spent: Vec<Duration>,
}

impl Timings {
    fn new(name: impl Into<String>) -> Timings {
        Timings {
            name: name.into(),
            spent: Vec::new(),
        }
    }

    /// Runs `op` once and keeps how long it took.
    fn time<T>(&mut self, op: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = op();
        self.spent.push(started.elapsed());
        out
    }

    /// The time below which a share `q` of the runs took, in milliseconds.
    fn at(&mut self, q: f64) -> f64 {
        self.spent.sort_unstable();
        let i = ((self.spent.len() as f64 * q).ceil() as usize).clamp(1, self.spent.len());
        self.spent[i - 1].as_secs_f64() * 1000.0
    }

    fn print(&mut self, target: &str) {
        let (p50, p99, max) = (self.at(0.50), self.at(0.99), self.at(1.0));
        println!(
            "{:<34} {:>6} {p50:>9.3} {p99:>9.3} {max:>9.3}   {target}",
            self.name,
            self.spent.len(),
        );
    }
}

/// The disk's own cost of a commit: a connection of its own to the benchmark's database,
/// configured as Loket's (WAL, `synchronous=FULL`, checkpoints left to the checkpointer),
/// inserting one small row per transaction into a table of the benchmark's.
struct BareCommit {
    conn: rusqlite::Connection,
    n: i64,
}

impl BareCommit {
    fn open(path: &Path) -> BareCommit {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "the bare commit must use the store's journal");
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE IF NOT EXISTS bench_bare_commit (id INTEGER PRIMARY KEY, at TEXT NOT NULL);",
        )
        .unwrap();
        let full: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(full, 2, "synchronous=FULL");
        BareCommit { conn, n: 0 }
    }

    /// One transaction inserting one row, committed (and so fsync'd).
    fn commit(&mut self) {
        self.n += 1;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.prepare_cached("INSERT INTO bench_bare_commit (at) VALUES (?1)")
            .unwrap()
            .execute([format!("2027-01-04T09:00:{:02}+08:00", self.n % 60)])
            .unwrap();
        tx.commit().unwrap();
    }
}

fn runs() -> usize {
    std::env::var("LOKET_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

/// The filter given on the command line, if any: only operations whose name contains it run.
fn filter() -> Option<String> {
    // `cargo bench` passes `--bench`; other flags are not supported here.
    std::env::args().skip(1).find(|a| !a.starts_with('-'))
}

fn main() {
    let runs = runs();
    let filter = filter();
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let NewDay {
        mut db,
        ctx,
        reader,
        reader_service,
        other_service,
        reader_shown,
        other_shown,
        ..
    } = NewDay::on_a_year();
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9}   target",
        "operation", "runs", "p50 ms", "p99 ms", "max ms"
    );

    let mut n = 0u64;
    if wanted("check_in") {
        let mut bare = BareCommit::open(&db.path);
        let mut check_in = Timings::new("check_in (new guest)");
        let mut commit = Timings::new("bare commit (one row, fsync'd)");
        for _ in 0..runs {
            n += 1;
            // The request is made before the clock starts: what is timed is the check-in.
            let req = request(&other_service, &other_shown, n);
            check_in.time(|| checkin::check_in(&mut db.store, &ctx, &req).unwrap());
            commit.time(|| bare.commit());
        }
        check_in.print("p99 < 1 ms; within 2x the bare commit");
        commit.print("-");
        println!(
            "{:<34} {:>6} {:>8.2}x {:>8.2}x {:>8.2}x   p50 and p99 < 2x",
            "check_in / bare commit",
            "",
            check_in.at(0.50) / commit.at(0.50),
            check_in.at(0.99) / commit.at(0.99),
            check_in.at(1.0) / commit.at(1.0),
        );
    }

    if wanted("call_next") || wanted("official_queue") {
        let mut call = Timings::new("call_next (20 waiting)");
        for _ in 0..20 {
            n += 1;
            let req = request(&reader_service, &reader_shown, n);
            checkin::check_in(&mut db.store, &ctx, &req).unwrap();
        }
        let mut list = Timings::new("official_queue (20 waiting)");
        for _ in 0..runs / 4 {
            black_box(list.time(|| views::official_queue(&db.store, &ctx, reader).unwrap()));
            let called = call.time(|| queue::call_next(&mut db.store, &ctx, reader).unwrap());
            // The guest is served (not timed), so the official has nobody in their room when
            // the queue is read again, and one more guest waits, so it stays twenty long.
            queue::start(&mut db.store, &ctx, reader, called).unwrap();
            queue::finish(
                &mut db.store,
                &ctx,
                reader,
                called,
                &Outcome {
                    result: "Selesai".into(),
                    closed: true,
                    ..Outcome::default()
                },
            )
            .unwrap();
            n += 1;
            let req = request(&reader_service, &reader_shown, n);
            checkin::check_in(&mut db.store, &ctx, &req).unwrap();
        }
        call.print("-");
        list.print("-");
    }

    for query in ["sirup", "ktp pns", "beasiswa", "izin usaha", "x"] {
        let name = format!("catalog search \"{query}\"");
        if !wanted(&name) {
            continue;
        }
        let mut search = Timings::new(name);
        for _ in 0..runs {
            black_box(
                search.time(|| catalog::search(&db.store, query, &Filter::default(), 10).unwrap()),
            );
        }
        search.print("p99 < 2 ms");
    }
    drop(db);

    if !wanted("day export") {
        return;
    }

    let day = date("2026-11-23");
    let one_day = generate("2026-11-23", "2026-11-23", 500);
    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: wita(day, 21, 0),
    };
    for (format, times, target) in [
        (Format::Xlsx, 100, "< 100 ms"),
        (Format::Pdf, 30, "< 300 ms"),
        (Format::Csv, 100, "-"),
    ] {
        let mut export = Timings::new(format!("day export {} (500 visits)", format.extension()));
        for _ in 0..times {
            black_box(
                export.time(|| report::render(&one_day.store, &evening, day, day, format).unwrap()),
            );
        }
        export.print(target);
    }
}
