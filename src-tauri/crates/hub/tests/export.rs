//! The desk never waits for a report (issue 11): a chief's export of the guest log reads on a
//! connection of its own, so check-ins go on while a long export is being made. If
//! [`loket_hub::Hub::export`] held the one writer for the whole file again, every check-in
//! below would wait until the export returned, and the test fails.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;
use support::generated_desk;

/// A quarter of visits: a PDF of them takes seconds in a debug build, a check-in
/// milliseconds.
const FROM: &str = "2026-01-01";
const TO: &str = "2026-03-31";
const VISITS: usize = 5_000;

/// How many check-ins must finish while the export is still running.
const WHILE_EXPORTING: usize = 5;

#[test]
fn check_ins_go_on_while_a_long_export_is_made() {
    let desk = Arc::new(generated_desk(FROM, TO, VISITS));
    // The desk works before the export too (and its first check-in warms the connection).
    desk.check_in(0).unwrap();

    let exporting = Arc::new(AtomicBool::new(true));
    let export = {
        let desk = Arc::clone(&desk);
        let exporting = Arc::clone(&exporting);
        std::thread::spawn(move || {
            let started = Instant::now();
            let file = desk.export(FROM, TO, "pdf");
            exporting.store(false, Ordering::SeqCst);
            (file, started.elapsed())
        })
    };
    // Let the export pass its session check and start reading.
    std::thread::sleep(Duration::from_millis(300));

    let mut during = Vec::new();
    let mut n = 1;
    while exporting.load(Ordering::SeqCst) {
        let started = Instant::now();
        let answer = desk.check_in(n);
        let took = started.elapsed();
        let answer = answer.unwrap_or_else(|e| panic!("check-in {n} during the export: {e}"));
        assert!(answer["visit_id"].as_i64().is_some(), "{answer}");
        if exporting.load(Ordering::SeqCst) {
            during.push(took);
        }
        n += 1;
        if during.len() >= 200 {
            // Plenty: the rest of the export only costs time.
            break;
        }
    }
    let (file, export_took) = export.join().unwrap();
    let file = file.unwrap();
    assert_eq!(
        file.visits, desk.visits,
        "the export holds the whole period"
    );
    assert!(file.bytes.starts_with(b"%PDF"));

    let slowest = during.iter().max().copied().unwrap_or_default();
    eprintln!(
        "export of {} visits: {export_took:.2?}; {} check-ins finished during it, the slowest in {slowest:.2?}",
        file.visits,
        during.len()
    );
    assert!(
        during.len() >= WHILE_EXPORTING,
        "only {} check-ins finished while the export ran ({export_took:.2?}): the export held \
         the desk's writer",
        during.len()
    );
    assert!(
        slowest < export_took / 2,
        "a check-in waited {slowest:.2?} of the export's {export_took:.2?}"
    );
}
