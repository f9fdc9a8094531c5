//! The chief's view of a demo day made through the desk's own operations: the figures and
//! charts of `report.performance` for a day, a week and a month, and who may export the
//! guest log.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use loket_core::api::{self, handle, ExportArgs};
use loket_core::demo::{self, DemoDesk};
use loket_core::{open_with_standards, CoreError, Store};
use serde_json::{json, Value};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The evening of the demo day (20.00 WITA).
fn evening() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

struct Office {
    _dir: tempfile::TempDir,
    store: Store,
    kabag: String,
    desk: String,
}

fn call(store: &mut Store, token: &str, request: Value) -> Result<Value, Value> {
    handle(store, evening(), Some(token), request).map_err(|e| serde_json::to_value(e).unwrap())
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    demo::build(&mut store, day(), DemoDesk::Perekonomian).unwrap();
    let admin = handle(
        &mut store,
        evening(),
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "display_name": "Admin", "pin": "258046"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut login = |user: &str, role: &str| {
        call(
            &mut store,
            &admin,
            json!({"op": "auth.save_account", "args": {
            "username": user, "display_name": user, "role": role, "pin": "482615"}}),
        )
        .unwrap();
        handle(
            &mut store,
            evening(),
            None,
            json!({"op": "auth.login", "args": {"username": user, "pin": "482615"}}),
        )
        .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let kabag = login("kabag", "kepala_bagian");
    let desk = login("siti", "resepsionis");
    Office {
        _dir: dir,
        store,
        kabag,
        desk,
    }
}

/// The figures a chart describes, in order: "08:00: 3 tamu; 09:00: 7 tamu" → [3, 7].
fn described(svg: &str) -> Vec<f64> {
    let desc = svg
        .split("<desc>")
        .nth(1)
        .and_then(|d| d.split("</desc>").next())
        .unwrap_or_default();
    desc.split("; ")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let figure = p.rsplit(": ").next().unwrap();
            figure
                .split(' ')
                .next()
                .unwrap()
                .replace(',', ".")
                .parse()
                .unwrap()
        })
        .collect()
}

#[test]
fn the_day_in_figures_matches_the_visits_that_were_made() {
    let mut o = office();
    let p = call(
        &mut o.store,
        &o.kabag,
        json!({"op": "report.performance", "args": {"date": "2026-11-23"}}),
    )
    .unwrap();
    assert_eq!(p["period"], "Senin, 23 November 2026");
    assert_eq!(p["recap"]["visits"], 40);
    // Every guest is counted once in the arrivals chart, by the hour they came.
    let arrivals = described(p["charts"]["arrivals"].as_str().unwrap());
    assert_eq!(arrivals.iter().sum::<f64>(), 40.0);
    assert!(p["charts"]["arrivals"]
        .as_str()
        .unwrap()
        .contains("08:00: "));
    // The per-service chart has one bar per service of the recap.
    let services = p["recap"]["services"].as_array().unwrap();
    let bars = described(p["charts"]["services"].as_str().unwrap());
    assert_eq!(bars.len(), services.len());
    // The service that kept guests waiting longest is the one with the highest average.
    let longest = &p["longest_wait"];
    let highest = services
        .iter()
        .max_by(|a, b| {
            a["average_wait"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["average_wait"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(longest["service"], highest["service"]);
    // The demo ran one consultation over its limit: the share within is below 100%.
    let share = p["within_share"].as_f64().unwrap();
    assert!(share > 0.5 && share < 1.0, "{share}");
    // The cards left behind at closing are listed with their drawer slot, masked.
    let held = p["cards_held"].as_array().unwrap();
    assert!(!held.is_empty());
    for card in held {
        let note = card["note"].as_str().unwrap();
        assert!(note.contains("laci") && note.contains("••••"), "{note}");
    }
}

#[test]
fn a_week_and_a_month_hold_the_day_and_an_empty_day_says_so() {
    let mut o = office();
    for (span, period) in [
        ("week", "23 November 2026 s.d. 29 November 2026"),
        ("month", "1 November 2026 s.d. 30 November 2026"),
    ] {
        let p = call(
            &mut o.store,
            &o.kabag,
            json!({"op": "report.performance", "args": {"date": "2026-11-25", "span": span}}),
        )
        .unwrap();
        assert_eq!(p["period"], period);
        assert_eq!(p["recap"]["visits"], 40, "{span}");
    }
    let empty = call(
        &mut o.store,
        &o.kabag,
        json!({"op": "report.performance", "args": {"date": "2026-11-24"}}),
    )
    .unwrap();
    assert_eq!(empty["recap"]["visits"], 0);
    assert!(empty["longest_wait"].is_null());
    assert!(empty["charts"]["arrivals"]
        .as_str()
        .unwrap()
        .contains("Belum ada data pada periode ini."));
}

#[test]
fn a_bad_date_or_span_is_refused_with_a_message() {
    let mut o = office();
    let err = call(
        &mut o.store,
        &o.kabag,
        json!({"op": "report.performance", "args": {"date": "23-11-2026"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("23-11-2026"));
    let err = call(
        &mut o.store,
        &o.kabag,
        json!({"op": "report.performance", "args": {"span": "year"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_request");
}

fn export(
    o: &mut Office,
    token: &str,
    format: &str,
) -> Result<loket_core::report::Export, CoreError> {
    api::export(
        &mut o.store,
        evening(),
        Some(token),
        ExportArgs {
            from: "2026-11-23".into(),
            to: None,
            format: format.into(),
        },
    )
}

fn exports_recorded(o: &Office) -> i64 {
    rusqlite::Connection::open(o.store.path())
        .unwrap()
        .query_row("SELECT count(*) FROM export_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_chief_exports_and_the_receptionist_may_not() {
    let mut o = office();
    let desk = o.desk.clone();
    let kabag = o.kabag.clone();
    assert!(matches!(
        export(&mut o, &desk, "xlsx"),
        Err(CoreError::Forbidden(_))
    ));
    assert_eq!(exports_recorded(&o), 0);
    let err = export(&mut o, &kabag, "docx").unwrap_err();
    assert!(err.to_string().contains("docx"), "{err}");
    assert_eq!(exports_recorded(&o), 0);
    let file = export(&mut o, &kabag, "xlsx").unwrap();
    assert_eq!(file.file_name, "buku-tamu-2026-11-23.xlsx");
    assert_eq!(&file.bytes[..2], b"PK");
    let pdf = export(&mut o, &kabag, "pdf").unwrap();
    assert_eq!(&pdf.bytes[..4], b"%PDF");
    assert_eq!(exports_recorded(&o), 2);
    let actor: String = rusqlite::Connection::open(o.store.path())
        .unwrap()
        .query_row(
            "SELECT actor FROM export_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(actor.contains("kabag"), "{actor}");
}
