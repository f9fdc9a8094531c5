//! The desk's check-in latency alone and while a chief exports a year's guest log as PDF
//! (issue 11, "The desk never waits for a report"), both through [`loket_hub::Hub`] as the
//! window and the LAN call it: check-ins through `Hub::handle`, the export through
//! `Hub::export` on a thread of its own. Prints p50, p99 and max of each phase and their
//! ratio to the desk alone, measured in the same run.
//!
//! ```sh
//! nice -n 10 cargo bench -p loket-hub --bench desk_during_export
//! ```
//!
//! `LOKET_BENCH_VISITS` sets the year's size (default 100,000 visits), `LOKET_BENCH_FORMAT`
//! the export's format (default `pdf`), `LOKET_BENCH_PAUSE_MS` the pause between two
//! check-ins (default 10 ms: a busy desk, leaving the export its core).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{generated_desk, GeneratedDesk};

/// A year that ends before the check-ins' day (they are made at the real clock's time), so
/// the export holds the generated visits only.
const FROM: &str = "2025-12-01";
const TO: &str = "2026-11-30";

/// Check-ins measured with nothing else running.
const ALONE: usize = 1_000;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// p50, p99 and max in milliseconds.
fn quantiles(spent: &mut [Duration]) -> (f64, f64, f64) {
    spent.sort_unstable();
    let at = |q: f64| {
        let i = ((spent.len() as f64 * q).ceil() as usize).clamp(1, spent.len());
        spent[i - 1].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99), at(1.0))
}

/// Checks guests in, `pause` apart, until `go_on` says stop or `most` are done.
fn check_ins(
    desk: &GeneratedDesk,
    next: &mut u32,
    pause: Duration,
    most: usize,
    go_on: impl Fn() -> bool,
) -> Vec<Duration> {
    let mut spent = Vec::new();
    while spent.len() < most && go_on() {
        let started = Instant::now();
        desk.check_in(*next).expect("check-in");
        spent.push(started.elapsed());
        *next += 1;
        std::thread::sleep(pause);
    }
    spent
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are not supported here.
    let visits = env("LOKET_BENCH_VISITS", 100_000usize);
    let format: String = env("LOKET_BENCH_FORMAT", "pdf".to_string());
    let pause = Duration::from_millis(env("LOKET_BENCH_PAUSE_MS", 10u64));

    let started = Instant::now();
    let desk = Arc::new(generated_desk(FROM, TO, visits));
    eprintln!(
        "generated {} visits ({FROM} to {TO}) in {:.2?}",
        desk.visits,
        started.elapsed()
    );
    let mut next = 1;
    // Warm the writer and the statement cache.
    check_ins(&desk, &mut next, pause, 50, || true);
    let mut alone = check_ins(&desk, &mut next, pause, ALONE, || true);

    let exporting = Arc::new(AtomicBool::new(true));
    let export = {
        let desk = Arc::clone(&desk);
        let exporting = Arc::clone(&exporting);
        let format = format.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let file = desk.export(FROM, TO, &format).expect("export");
            exporting.store(false, Ordering::SeqCst);
            (file.visits, file.bytes.len(), started.elapsed())
        })
    };
    let mut during = check_ins(&desk, &mut next, pause, usize::MAX, || {
        exporting.load(Ordering::SeqCst)
    });
    let (exported, bytes, took) = export.join().expect("the export's thread");

    println!(
        "year's {format} export: {exported} visits, {:.1} MB, {:.2?} (check-ins {} ms apart)",
        bytes as f64 / 1e6,
        took,
        pause.as_millis()
    );
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9} {:>11}",
        "check_in through Hub::handle", "runs", "p50 ms", "p99 ms", "max ms", "p50/p99 ×"
    );
    let (a50, a99, amax) = quantiles(&mut alone);
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>11}",
        "alone",
        alone.len(),
        a50,
        a99,
        amax,
        "1 / 1"
    );
    let (d50, d99, dmax) = quantiles(&mut during);
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>11}",
        format!("during the year's {format}"),
        during.len(),
        d50,
        d99,
        dmax,
        format!("{:.2} / {:.2}", d50 / a50, d99 / a99)
    );
}
