//! A busy desk's year (issue 5: "a year of 100,000 visits within the memory of a desk PC"):
//! the bulk generator fills 2026 with visits copied from real demo days, the database stays
//! whole, a generated day reads back as the desk would show it, and the year's guest log is
//! exported as a spreadsheet and as CSV with the process's peak memory under a desk PC's
//! bound. No timings are asserted; the figures are printed and kept in BENCHMARKS.md.
//!
//! Its own test binary, so no other test shares the process whose memory is measured.

use chrono::{NaiveDate, TimeZone, Utc};
use loket_core::demo::{bulk, DemoDesk};
use loket_core::desk::Ctx;
use loket_core::open_with_standards;
use loket_core::report::{self, Format};
use rusqlite::Connection;

/// What a desk PC can give the export: far less than the 4–8 GiB such PCs have.
const MEMORY_BOUND_KIB: u64 = 1024 * 1024;

fn date(text: &str) -> NaiveDate {
    loket_core::period::parse_day("Tanggal", text).unwrap()
}

/// The process's peak resident memory (VmHWM) in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Resets the peak to the current resident memory (Linux), so the export is measured alone.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Generates `visits` visits over 2026 and exports the year, checking what a chief would see.
fn year_of(visits: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("year.db");
    let mut store = open_with_standards(&path).unwrap();
    let (from, to) = (date("2026-01-01"), date("2026-12-31"));

    let started = std::time::Instant::now();
    let made = bulk::generate(&mut store, from, to, visits, DemoDesk::Perekonomian).unwrap();
    eprintln!(
        "generated {} visits on {} working days in {:.1?} ({} demo days, {} guests, {} events)",
        made.visits,
        made.days,
        started.elapsed(),
        made.demo_days,
        made.guests,
        made.events
    );
    assert_eq!(made.visits, visits, "{made:?}");
    assert!(made.days > 230 && made.days < 260, "{made:?}");

    // The database is whole: SQLite's own checks.
    let conn = Connection::open(&path).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    // Every day closed, no card left in the drawer but the demo days' left-behind ones, no
    // guest still waiting.
    let open: i64 = conn
        .query_row(
            "SELECT count(*) FROM visit WHERE status IN ('waiting', 'called', 'serving', 'on_hold')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 0);
    let closed: i64 = conn
        .query_row(
            "SELECT count(*) FROM setting WHERE key LIKE 'closed:2026-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(closed as usize, made.days);

    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: Utc.with_ymd_and_hms(2027, 1, 4, 1, 0, 0).unwrap(),
    };

    // A generated day in the middle of the year reads back with its share of visits, one
    // ticket each, and the waits and service times of a real day.
    let day = date("2026-07-14");
    let log = report::guest_log(&store, &evening, day, day).unwrap();
    let share = visits / made.days;
    assert!(
        log.rows.len() == share || log.rows.len() == share + 1,
        "{} rows on {day}, expected {share}",
        log.rows.len()
    );
    let mut tickets: Vec<&str> = log.rows.iter().map(|r| r.ticket.as_str()).collect();
    tickets.sort_unstable();
    tickets.dedup();
    assert_eq!(tickets.len(), log.rows.len());
    assert!(log
        .rows
        .iter()
        .all(|r| r.waited_minutes >= 0 && r.waited_minutes < 8 * 60 && r.date == "2026-07-14"));
    assert!(log.rows.iter().any(|r| r.service_minutes.is_some()));
    assert!(log.rows.iter().all(|r| !r.in_progress));
    let recap = report::recap(&log.rows);
    let average = recap.average_wait.unwrap();
    assert!(average > 0.0 && average < 120.0, "{recap:?}");
    drop(log);

    // The year's exports, each measured from the memory the process holds before it.
    for format in [Format::Xlsx, Format::Csv] {
        let reset = reset_peak();
        let before = peak_kib();
        let started = std::time::Instant::now();
        let export = report::render(&store, &evening, from, to, format).unwrap();
        let peak = peak_kib();
        eprintln!(
            "{format:?} of the year: {} visits, {} KiB, {:.1?}, peak RSS {} MiB ({} MiB before{})",
            export.visits,
            export.bytes.len() / 1024,
            started.elapsed(),
            peak / 1024,
            before / 1024,
            if reset { "" } else { ", peak not reset" }
        );
        assert_eq!(export.visits, made.visits);
        match format {
            Format::Xlsx => assert!(export.bytes.starts_with(b"PK")),
            _ => {
                let text = String::from_utf8(export.bytes).unwrap();
                assert_eq!(text.lines().count(), made.visits + 1);
            }
        }
        assert!(
            peak < MEMORY_BOUND_KIB,
            "{format:?}: peak {peak} KiB over the bound"
        );
    }
}

/// Issue 5's size: a year of 100,000 visits (about 45 s in a debug build on 2 cores).
#[test]
fn a_year_of_100_000_visits_exports_within_a_desk_pc_memory() {
    year_of(100_000);
}
