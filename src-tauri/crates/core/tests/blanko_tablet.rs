//! The blanko tablet through [`loket_core::api::handle`], as the tablet page calls it: it lists
//! today's waiting tickets by number only, takes a guest's own blanko once, never overwrites
//! one, and may do nothing else — while the desk still fills and edits the blanko.

use chrono::{DateTime, Duration, TimeZone, Utc};
use loket_core::api::handle;
use loket_core::auth::permissions::{device_ops, roles_for};
use loket_core::auth::DeviceKind;
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

/// Monday 23 November 2026, 09.00 WITA.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

fn call(store: &mut Store, token: &str, request: Value) -> Result<Value, Value> {
    call_at(store, t0(), token, request)
}

fn call_at(
    store: &mut Store,
    now: DateTime<Utc>,
    token: &str,
    request: Value,
) -> Result<Value, Value> {
    handle(store, now, Some(token), request).map_err(|e| serde_json::to_value(e).unwrap())
}

struct Office {
    _dir: tempfile::TempDir,
    store: Store,
    admin: String,
    desk: String,
    tablet: String,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let admin = handle(
        &mut store,
        t0(),
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    call(&mut store, &admin, json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}})).unwrap();
    call(&mut store, &admin, json!({"op": "office.save_official", "args": {"name": "Rahmat", "title": "Kasubbag", "room": "Ruang 1", "services": ["balangan-perekonomian-1"]}})).unwrap();
    call(&mut store, &admin, json!({"op": "auth.save_account", "args": {"username": "dewi", "display_name": "Dewi", "role": "resepsionis", "pin": "135792"}})).unwrap();
    let desk = handle(
        &mut store,
        t0(),
        None,
        json!({"op": "auth.login", "args": {"username": "dewi", "pin": "135792"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let made = call(
        &mut store,
        &admin,
        json!({"op": "auth.create_tablet", "args": {"name": "Tablet meja"}}),
    )
    .unwrap();
    assert_eq!(made["principal"]["kind"], "tablet");
    let tablet = made["token"].as_str().unwrap().to_string();
    Office {
        _dir: dir,
        store,
        admin,
        desk,
        tablet,
    }
}

fn check_in(o: &mut Office, name: &str, nik: &str) -> i64 {
    call(&mut o.store, &o.desk, json!({"op": "desk.check_in", "args": {
        "guest": {"name": name, "id_type": "ktp", "id_number": nik},
        "service": "balangan-perekonomian-1", "purpose": "Konsultasi BUMD", "admitted_note": "uji"}}))
    .unwrap()["visit_id"]
        .as_i64()
        .unwrap()
}

fn tickets(o: &mut Office) -> Vec<String> {
    let listed = call(&mut o.store, &o.tablet, json!({"op": "blanko.tickets"})).unwrap();
    listed["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["ticket"].as_str().unwrap().to_string())
        .collect()
}

fn blanko(topic: &str) -> Value {
    json!({"topic": topic, "questions": "Bagaimana prosedur penambahan modal?", "documents": "Draft Perda", "contact": "0812 3456 7890"})
}

#[test]
fn a_guest_fills_their_blanko_on_the_tablet_and_the_desk_and_the_official_see_it() {
    let mut o = office();
    let gita = check_in(&mut o, "Gita Lestari", "6308011203850061");
    let hadi = check_in(&mut o, "Hadi Pranoto", "6308010101800002");
    assert_eq!(tickets(&mut o), vec!["P-001", "P-002"]);
    // Ticket numbers and services only: no name, no ID number, no purpose.
    let listed = call(&mut o.store, &o.tablet, json!({"op": "blanko.tickets"}))
        .unwrap()
        .to_string();
    for private in ["Gita", "Hadi", "0061", "0002", "Konsultasi BUMD"] {
        assert!(!listed.contains(private), "{private} in {listed}");
    }
    assert!(listed.contains("Senin, 23 November 2026"), "{listed}");

    call(
        &mut o.store,
        &o.tablet,
        json!({"op": "blanko.submit", "args": {"visit_id": gita, "blanko": blanko("Penyertaan modal")}}),
    )
    .unwrap();
    // The ticket leaves the tablet's list; the desk sees the blanko and who wrote it.
    assert_eq!(tickets(&mut o), vec!["P-002"]);
    let shown = call(
        &mut o.store,
        &o.desk,
        json!({"op": "visit.show", "args": {"visit_id": gita}}),
    )
    .unwrap();
    assert_eq!(shown["visit"]["blanko"]["topic"], "Penyertaan modal");
    let last = shown["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "tablet Tablet meja");
    assert_eq!(last["what"], "Blanko diisi — topik: Penyertaan modal");
    let queue = call(
        &mut o.store,
        &o.admin,
        json!({"op": "queue.list", "args": {"official_id": 1}}),
    )
    .unwrap();
    assert_eq!(
        queue["waiting"][0]["blanko"]["questions"],
        "Bagaimana prosedur penambahan modal?"
    );

    // A second sheet for the same ticket (another guest tapping the wrong number) is refused
    // and overwrites nothing; the desk may still edit it.
    let again = call(
        &mut o.store,
        &o.tablet,
        json!({"op": "blanko.submit", "args": {"visit_id": gita, "blanko": blanko("Lain")}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "refused", "{again}");
    assert!(again["message"].as_str().unwrap().contains("sudah diisi"));
    call(&mut o.store, &o.desk, json!({"op": "visit.fill_blanko", "args": {"visit_id": gita, "blanko": blanko("Penyertaan modal PT BM")}})).unwrap();
    let shown = call(
        &mut o.store,
        &o.desk,
        json!({"op": "visit.show", "args": {"visit_id": gita}}),
    )
    .unwrap();
    assert_eq!(shown["visit"]["blanko"]["topic"], "Penyertaan modal PT BM");

    // Bad input is refused with its field named.
    let empty = call(&mut o.store, &o.tablet, json!({"op": "blanko.submit", "args": {"visit_id": hadi, "blanko": {"topic": "", "questions": "x"}}})).unwrap_err();
    assert!(
        empty["message"].as_str().unwrap().contains("Topik"),
        "{empty}"
    );
    assert_eq!(tickets(&mut o), vec!["P-002"]);

    // A guest who left, and yesterday's tickets, are not the tablet's to fill.
    call(
        &mut o.store,
        &o.desk,
        json!({"op": "desk.check_out", "args": {"visit_id": hadi}}),
    )
    .unwrap();
    assert!(tickets(&mut o).is_empty());
    let gone = call(
        &mut o.store,
        &o.tablet,
        json!({"op": "blanko.submit", "args": {"visit_id": hadi, "blanko": blanko("x")}}),
    )
    .unwrap_err();
    assert_eq!(gone["code"], "refused");
    let ida = check_in(&mut o, "Ida", "6308014506900003");
    let tomorrow = call_at(
        &mut o.store,
        t0() + Duration::days(1),
        &o.tablet,
        json!({"op": "blanko.submit", "args": {"visit_id": ida, "blanko": blanko("x")}}),
    )
    .unwrap_err();
    assert!(
        tomorrow["message"]
            .as_str()
            .unwrap()
            .contains("bukan nomor hari ini"),
        "{tomorrow}"
    );
}

#[test]
fn the_tablet_may_do_nothing_but_list_tickets_and_take_a_blanko() {
    let mut o = office();
    let visit = check_in(&mut o, "Gita Lestari", "6308011203850061");
    let mut ops = device_ops(DeviceKind::Tablet);
    ops.sort_unstable();
    assert_eq!(
        ops,
        &[
            "auth.logout",
            "auth.whoami",
            "blanko.submit",
            "blanko.tickets",
        ]
    );
    // No user's role may use the tablet's operations: staff fill the blanko at the desk.
    for op in ["blanko.tickets", "blanko.submit"] {
        assert_eq!(roles_for(op), Some(&[][..]), "{op}");
        let err = call(
            &mut o.store,
            &o.desk,
            json!({"op": op, "args": {"visit_id": visit, "blanko": blanko("x")}}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "forbidden", "{op}");
    }
    for request in [
        json!({"op": "desk.today"}),
        json!({"op": "visit.show", "args": {"visit_id": visit}}),
        json!({"op": "visit.fill_blanko", "args": {"visit_id": visit, "blanko": blanko("x")}}),
        json!({"op": "visit.correct", "args": {"visit_id": visit, "correction": {"what": "group_size", "group_size": 2}, "note": "x"}}),
        json!({"op": "guest.find", "args": {"query": "Gita"}}),
        json!({"op": "queue.list", "args": {"official_id": 1}}),
        json!({"op": "skm.pending"}),
        json!({"op": "display.state"}),
        json!({"op": "auth.create_tablet", "args": {"name": "Lagi"}}),
    ] {
        let err = call(&mut o.store, &o.tablet, request.clone()).unwrap_err();
        assert_eq!(err["code"], "forbidden", "{request}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .starts_with("Tablet blanko"),
            "{err}"
        );
    }
    // Only the admin makes a tablet's token.
    let err = call(
        &mut o.store,
        &o.desk,
        json!({"op": "auth.create_tablet", "args": {"name": "Tablet"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    let who = call(&mut o.store, &o.tablet, json!({"op": "auth.whoami"})).unwrap();
    assert_eq!(who["kind"], "tablet");
}
