//! The desk's lifecycle through the dispatcher, with the JSON the screens send: the contract
//! the desktop window uses today and the LAN transport will use tomorrow.

use chrono::{TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::api::{dispatch, parse_request};
use loket_core::desk::Ctx;
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

fn at(h: u32, m: u32) -> Ctx {
    Ctx {
        actor: "Siti (resepsionis)".into(),
        now: Makassar
            .with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .unwrap()
            .with_timezone(&Utc),
    }
}

fn op(store: &mut Store, ctx: &Ctx, request: Value) -> Result<Value, Value> {
    let parsed = parse_request(request).map_err(|e| serde_json::to_value(e).unwrap())?;
    dispatch(store, ctx, parsed).map_err(|e| serde_json::to_value(e).unwrap())
}

#[test]
fn a_guest_through_the_dispatcher_as_the_screens_send_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let t = at(8, 0);
    // Before setup the desk says what to do.
    let err = op(&mut s, &t, json!({"op": "desk.today"})).unwrap_err();
    assert_eq!(err["code"], "refused");
    assert!(err["message"].as_str().unwrap().contains("Pengaturan"));

    op(
        &mut s,
        &t,
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "pbj", "slots": 12,
        "prefixes": [{"scope": "unit:pbj", "prefix": "B"}]}}),
    )
    .unwrap();
    let pokja = op(&mut s, &t, json!({"op": "office.save_official", "args": {"name": "Pokja Pemilihan", "title": "Kelompok Kerja Pemilihan",
        "room": "Ruang Pokja", "is_role": true, "services": ["balangan-pbj-1"]}})).unwrap();
    let pokja_id = pokja["id"].as_i64().unwrap();

    let req = op(&mut s, &at(9, 0), json!({"op": "desk.requirements", "args": {"service": "balangan-pbj-1", "institutional": true}})).unwrap();
    assert_eq!(req["blanko"], true);
    assert_eq!(req["time_limit_label"], "1–5 hari kerja");

    let checked = op(&mut s, &at(9, 0), json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Ir. Bambang Wijaya", "institution": "Dinas PUPR Kabupaten Balangan", "id_type": "kartu_pegawai", "id_number": "197805122005011003"},
        "service": "balangan-pbj-1", "purpose": "Konsultasi metode pemilihan tender jalan", "group_size": 2,
        "blanko": {"topic": "Metode pemilihan", "questions": "Tender atau seleksi untuk paket jalan Rp 4 M?"},
        "slot": 5}})).unwrap();
    assert_eq!(checked["ticket"], "B-001");
    let visit = checked["visit_id"].as_i64().unwrap();

    let queue = op(
        &mut s,
        &at(9, 5),
        json!({"op": "queue.list", "args": {"official_id": pokja_id}}),
    )
    .unwrap();
    assert_eq!(queue["waiting"][0]["ticket"], "B-001");
    assert_eq!(queue["waiting"][0]["blanko"]["topic"], "Metode pemilihan");
    assert_eq!(queue["waiting"][0]["guest"]["id_masked"], "••••1003");

    let called = op(
        &mut s,
        &at(9, 10),
        json!({"op": "queue.call_next", "args": {"official_id": pokja_id}}),
    )
    .unwrap();
    assert_eq!(called["status"], "called");
    op(
        &mut s,
        &at(9, 12),
        json!({"op": "queue.start", "args": {"official_id": pokja_id, "visit_id": visit}}),
    )
    .unwrap();
    op(
        &mut s,
        &at(9, 50),
        json!({"op": "queue.finish", "args": {"official_id": pokja_id, "visit_id": visit,
        "outcome": {"result": "Dikaji Pokja, jawaban tertulis menyusul", "closed": false}}}),
    )
    .unwrap();

    // The matter continues: due in 5 working days, Monday 30 November 2026.
    let shown = op(
        &mut s,
        &at(10, 0),
        json!({"op": "visit.show", "args": {"visit_id": visit}}),
    )
    .unwrap();
    assert_eq!(shown["visit"]["limit"]["due"], "Senin, 30 November 2026");
    assert_eq!(shown["visit"]["service_minutes"], 38);
    assert_eq!(shown["history"].as_array().unwrap().len(), 5);
    assert_eq!(shown["history"][0]["actor"], "Siti (resepsionis)");

    op(
        &mut s,
        &at(10, 1),
        json!({"op": "desk.check_out", "args": {"visit_id": visit}}),
    )
    .unwrap();
    let day = op(&mut s, &at(10, 2), json!({"op": "desk.today"})).unwrap();
    assert_eq!(day["date_label"], "Senin, 23 November 2026");
    assert_eq!(day["visits"][0]["status"], "left");
    assert_eq!(day["held"].as_array().unwrap().len(), 0);
    assert_eq!(day["free_slots"].as_array().unwrap().len(), 12);

    // A refusal crosses the boundary as structured JSON with its message in Indonesian.
    let err = op(
        &mut s,
        &at(10, 3),
        json!({"op": "queue.start", "args": {"official_id": pokja_id, "visit_id": visit}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "refused");
    assert_eq!(
        err["message"],
        "Tidak dapat memulai layanan: tamu B-001 sudah pulang."
    );
    let err = op(
        &mut s,
        &at(10, 3),
        json!({"op": "desk.check_in", "args": {"guest": {"name": "X"}}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_request");
}
