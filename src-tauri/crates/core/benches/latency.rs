//! Tail latency of the operations whose targets (issue 6) are set as a p99: check-in and
//! catalog search, with call next, an official's queue and a day's exports beside them.
//! Criterion reports means; this runs each operation many times on the same generated year
//! as `benches/core.rs` and prints p50, p99 and the slowest of every operation. The
//! database is checkpointed on a connection of its own, as the hub does, so no measured
//! write copies the WAL into the file.
//!
//! ```sh
//! nice -n 10 cargo bench -p loket-core --bench latency
//! ```
//!
//! `LOKET_BENCH_VISITS` sets the year's size (default 100,000 visits); `LOKET_BENCH_RUNS`
//! how many times each fast operation runs (default 2,000).

mod common;

use std::hint::black_box;
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

    fn print(mut self, target: &str) {
        self.spent.sort_unstable();
        let at = |q: f64| {
            let i = ((self.spent.len() as f64 * q).ceil() as usize).clamp(1, self.spent.len());
            self.spent[i - 1].as_secs_f64() * 1000.0
        };
        println!(
            "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3}   {target}",
            self.name,
            self.spent.len(),
            at(0.50),
            at(0.99),
            at(1.0),
        );
    }
}

fn runs() -> usize {
    std::env::var("LOKET_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are not supported here.
    let runs = runs();
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
    let mut check_in = Timings::new("check_in (new guest)");
    for _ in 0..runs {
        n += 1;
        let req = request(&other_service, &other_shown, n);
        check_in.time(|| checkin::check_in(&mut db.store, &ctx, &req).unwrap());
    }
    check_in.print("p99 < 1 ms");

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

    for query in ["sirup", "ktp pns", "beasiswa", "izin usaha", "x"] {
        let mut search = Timings::new(format!("catalog search \"{query}\""));
        for _ in 0..runs {
            black_box(
                search.time(|| catalog::search(&db.store, query, &Filter::default(), 10).unwrap()),
            );
        }
        search.print("p99 < 2 ms");
    }
    drop(db);

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
