//! The daily guest log of a demo day and its CSV: one row per visit, times and compliance as
//! the visits ran, ID numbers masked, a file Excel in Indonesia opens as it is.

use chrono::{NaiveDate, TimeZone, Utc};
use loket_core::demo::{self, DemoDesk};
use loket_core::desk::Ctx;
use loket_core::report::{guest_log, to_csv, HEADINGS};
use loket_core::{open_with_standards, Store};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    demo::build(&mut store, day(), DemoDesk::Perekonomian).unwrap();
    (dir, store)
}

fn evening() -> Ctx {
    Ctx {
        actor: "kabag".into(),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
    }
}

#[test]
fn the_log_of_a_demo_day_has_every_visit_with_its_times_and_compliance() {
    let (_dir, store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    assert_eq!(log.period, "Senin, 23 November 2026");
    assert_eq!(log.unit, "Bagian Perekonomian dan Sumber Daya Alam");
    assert_eq!(log.rows.len(), 40);
    assert_eq!(log.rows[0].ticket, "P-001");
    assert!(log
        .rows
        .iter()
        .all(|r| r.date == "2026-11-23" && !r.arrived.is_empty()));
    // The consultation over its hour is not within the standard; the others are.
    let over: Vec<_> = log
        .rows
        .iter()
        .filter(|r| r.within_limit == "Tidak")
        .collect();
    assert_eq!(over.len(), 1);
    assert!(over[0].service_minutes.unwrap() > 60);
    assert!(log
        .rows
        .iter()
        .any(|r| r.outcome == "Tidak hadir saat dipanggil"));
    assert!(log.rows.iter().any(|r| r.id_card.contains("tertinggal")));
    assert!(log.rows.iter().any(|r| !r.letter.is_empty()));
}

#[test]
fn the_csv_opens_in_excel_and_shows_no_id_number() {
    let (_dir, store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    let csv = to_csv(&log);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with BOM");
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 41);
    assert_eq!(lines[0], HEADINGS.join(";"));
    // Every row has the heading's number of fields (no field breaks the separator).
    for line in &lines[1..] {
        let mut fields = 0;
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => fields += 1,
                _ => {}
            }
        }
        assert_eq!(fields + 1, HEADINGS.len(), "{line}");
    }
    // ID numbers appear only masked: no run of 8 or more digits anywhere.
    let mut run = 0;
    for c in csv.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 8, "a long number in the export");
    }
    assert!(csv.contains("••••"));
}

#[test]
fn a_day_without_guests_is_a_valid_file_that_says_so_and_bad_periods_are_refused() {
    let (_dir, store) = demo_store();
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let log = guest_log(&store, &evening(), sunday, sunday).unwrap();
    let csv = to_csv(&log);
    assert!(csv.contains("Tidak ada tamu pada Minggu, 22 November 2026."));
    let err = guest_log(&store, &evening(), day(), sunday).unwrap_err();
    assert!(err
        .to_string()
        .contains("tanggal akhir sebelum tanggal awal"));
    let far = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
    assert!(guest_log(&store, &evening(), day(), far).is_err());
}
