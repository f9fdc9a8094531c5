//! What the admin sets in Pengaturan and the desk then lives by, through the dispatcher as the
//! screens send it: a service's own ticket prefix (its own series beside the bagian's, bad
//! or duplicate prefixes refused), holidays added and removed (the due date of a working-day
//! limit and the check-in warning follow), and the login log read back.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::api::{dispatch, handle, parse_request};
use loket_core::desk::Ctx;
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

fn wita(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn at(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: "Admin (admin)".into(),
        now,
    }
}

fn op(store: &mut Store, now: DateTime<Utc>, request: Value) -> Result<Value, Value> {
    let parsed = parse_request(request).map_err(|e| serde_json::to_value(e).unwrap())?;
    dispatch(store, &at(now), parsed).map_err(|e| serde_json::to_value(e).unwrap())
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    (dir, store)
}

fn setup(prefixes: Value) -> Value {
    json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 10, "prefixes": prefixes}})
}

fn check_in(store: &mut Store, now: DateTime<Utc>, name: &str, service: &str) -> Value {
    op(
        store,
        now,
        json!({"op": "desk.check_in", "args": {
        "guest": {"name": name, "id_type": "sim", "id_number": "123456789"},
        "service": service, "purpose": "Konsultasi", "admitted_note": "uji"}}),
    )
    .unwrap()
}

#[test]
fn a_service_with_its_own_prefix_gets_its_own_ticket_series() {
    let (_dir, mut s) = store();
    let now = wita(23, 9, 0);
    op(
        &mut s,
        now,
        setup(json!([
            {"scope": "unit:perekonomian", "prefix": "P"},
            {"scope": "service:balangan-perekonomian-2", "prefix": "k"}
        ])),
    )
    .unwrap();
    let tickets: Vec<String> = [
        "balangan-perekonomian-1",
        "balangan-perekonomian-2",
        "balangan-perekonomian-1",
        "balangan-perekonomian-2",
        "balangan-perekonomian-3",
    ]
    .iter()
    .enumerate()
    .map(|(i, service)| {
        check_in(&mut s, now + Duration::minutes(i as i64), "Budi", service)["ticket"]
            .as_str()
            .unwrap()
            .to_string()
    })
    .collect();
    assert_eq!(tickets, ["P-001", "K-001", "P-002", "K-002", "P-003"]);
    let office = op(&mut s, now, json!({"op": "office.get"})).unwrap();
    assert_eq!(
        office["setup"]["prefixes"],
        json!([
            {"scope": "service:balangan-perekonomian-2", "prefix": "K"},
            {"scope": "unit:perekonomian", "prefix": "P"}
        ])
    );
}

#[test]
fn a_bad_or_duplicate_prefix_is_refused_and_nothing_changes() {
    let (_dir, mut s) = store();
    let now = wita(23, 9, 0);
    let good = json!([
        {"scope": "unit:perekonomian", "prefix": "P"},
        {"scope": "service:balangan-perekonomian-2", "prefix": "K"}
    ]);
    op(&mut s, now, setup(good.clone())).unwrap();
    let blitar = op(
        &mut s,
        now,
        json!({"op": "catalog.list", "args": {"region": "blitar"}}),
    )
    .unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        // Not 1–3 letters.
        (
            json!([{"scope": "service:balangan-perekonomian-2", "prefix": "K1"}]),
            "harus 1–3 huruf",
        ),
        (
            json!([{"scope": "service:balangan-perekonomian-2", "prefix": "KONS"}]),
            "harus 1–3 huruf",
        ),
        (
            json!([{"scope": "service:balangan-perekonomian-2", "prefix": " "}]),
            "harus 1–3 huruf",
        ),
        // The same prefix as the bagian, or as another service: one series for both.
        (
            json!([{"scope": "unit:perekonomian", "prefix": "P"}, {"scope": "service:balangan-perekonomian-2", "prefix": "p"}]),
            "sudah dipakai Bagian Perekonomian",
        ),
        (
            json!([{"scope": "service:balangan-perekonomian-1", "prefix": "K"}, {"scope": "service:balangan-perekonomian-2", "prefix": "K"}]),
            "sudah dipakai layanan",
        ),
        // The bagian's default ("P" for perekonomian) while it has none of its own.
        (
            json!([{"scope": "service:balangan-perekonomian-2", "prefix": "P"}]),
            "awalan bawaan bagian",
        ),
        // A service twice, a service not in the catalog or of another kabupaten, a scope
        // that is neither.
        (
            json!([{"scope": "service:balangan-perekonomian-2", "prefix": "K"}, {"scope": "service:balangan-perekonomian-2", "prefix": "L"}]),
            "lebih dari sekali",
        ),
        (
            json!([{"scope": "service:balangan-perekonomian-99", "prefix": "K"}]),
            "tidak ada di katalog",
        ),
        (
            json!([{"scope": format!("service:{blitar}"), "prefix": "K"}]),
            "bukan layanan",
        ),
        (
            json!([{"scope": "bagian:perekonomian", "prefix": "K"}]),
            "tidak dikenal",
        ),
        (
            json!([{"scope": "unit:dapur", "prefix": "D"}]),
            "bukan bagian",
        ),
    ];
    for (prefixes, says) in cases {
        let err = op(&mut s, now, setup(prefixes.clone())).unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{prefixes}: {err}");
        let message = err["message"].as_str().unwrap();
        assert!(message.contains("Awalan nomor antrian"), "{message}");
        assert!(message.contains(says), "{prefixes}: {message}");
        let office = op(&mut s, now, json!({"op": "office.get"})).unwrap();
        assert_eq!(office["setup"]["prefixes"].as_array().unwrap().len(), 2);
    }
    assert_eq!(
        check_in(&mut s, now, "Budi", "balangan-perekonomian-2")["ticket"],
        "K-001"
    );
}

#[test]
fn a_holiday_added_moves_the_due_date_and_warns_at_check_in_and_removing_it_restores_both() {
    let (_dir, mut s) = store();
    let monday = wita(23, 9, 0);
    op(
        &mut s,
        monday,
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "pbj", "slots": 10}}),
    )
    .unwrap();
    // PBJ consultation: 1–5 working days.
    let visit = check_in(&mut s, monday, "Ir. Bambang", "balangan-pbj-1")["visit_id"].clone();
    let due = |s: &mut Store| {
        op(
            s,
            monday,
            json!({"op": "visit.show", "args": {"visit_id": visit}}),
        )
        .unwrap()["visit"]["limit"]["due"]
            .clone()
    };
    let wednesday = wita(25, 9, 0);
    let warnings = |s: &mut Store| {
        op(
            s,
            wednesday,
            json!({"op": "desk.requirements", "args": {"service": "balangan-pbj-1"}}),
        )
        .unwrap()["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(due(&mut s), "Senin, 30 November 2026");
    assert_eq!(warnings(&mut s), Vec::<String>::new());

    op(&mut s, monday, json!({"op": "office.add_holiday", "args": {"date": "2026-11-25", "name": "Hari Jadi Kabupaten Balangan"}})).unwrap();
    assert_eq!(due(&mut s), "Selasa, 1 Desember 2026");
    let warned = warnings(&mut s);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].contains("Hari Jadi Kabupaten Balangan"),
        "{warned:?}"
    );
    assert!(
        warned[0].contains("Kamis"),
        "open again on Thursday: {warned:?}"
    );
    let listed = op(&mut s, monday, json!({"op": "office.holidays"})).unwrap();
    assert_eq!(
        listed["added"],
        json!([{"date": "2026-11-25", "date_label": "Rabu, 25 November 2026",
                "name": "Hari Jadi Kabupaten Balangan", "cuti_bersama": false}])
    );
    assert!(listed["shipped_note"]
        .as_str()
        .unwrap()
        .contains("tidak dapat dihapus"));

    // The shipped national holidays stay; a day that is no holiday is not found.
    let err = op(
        &mut s,
        monday,
        json!({"op": "office.remove_holiday", "args": {"date": "2026-12-25"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "refused");
    assert!(
        err["message"].as_str().unwrap().contains("libur bawaan"),
        "{err}"
    );
    let err = op(
        &mut s,
        monday,
        json!({"op": "office.remove_holiday", "args": {"date": "2026-11-26"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let err = op(
        &mut s,
        monday,
        json!({"op": "office.remove_holiday", "args": {"date": "25-11-2026"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert_eq!(due(&mut s), "Selasa, 1 Desember 2026");

    op(
        &mut s,
        monday,
        json!({"op": "office.remove_holiday", "args": {"date": "2026-11-25"}}),
    )
    .unwrap();
    assert_eq!(due(&mut s), "Senin, 30 November 2026");
    assert_eq!(warnings(&mut s), Vec::<String>::new());
    let listed = op(&mut s, monday, json!({"op": "office.holidays"})).unwrap();
    assert_eq!(listed["added"], json!([]));
}

fn call(
    store: &mut Store,
    now: DateTime<Utc>,
    token: Option<&str>,
    request: Value,
) -> Result<Value, Value> {
    handle(store, now, token, request).map_err(|e| serde_json::to_value(e).unwrap())
}

#[test]
fn the_admin_reads_the_login_log_newest_first_in_office_time_a_page_at_a_time() {
    let (_dir, mut s) = store();
    let t0 = wita(23, 9, 0);
    let admin = call(
        &mut s,
        t0,
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    call(&mut s, t0, Some(&admin), json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}})).unwrap();
    call(&mut s, t0, Some(&admin), json!({"op": "auth.save_account", "args": {"username": "rina", "display_name": "Rina", "role": "resepsionis", "pin": "135792"}})).unwrap();
    let login = |s: &mut Store, now, user: &str, pin: &str| {
        call(
            s,
            now,
            None,
            json!({"op": "auth.login", "args": {"username": user, "pin": pin}}),
        )
    };
    // The day before: a login, outside the range asked for below.
    login(&mut s, wita(22, 20, 0), "rina", "135792").unwrap();
    // 10.00 WITA: a wrong PIN, then one too soon after it, then the right one.
    let ten = wita(23, 10, 0);
    login(&mut s, ten, "rina", "0000").unwrap_err();
    login(&mut s, ten, "rina", "135792").unwrap_err();
    let rina = login(&mut s, ten + Duration::seconds(5), "rina", "135792").unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &mut s,
        ten + Duration::minutes(1),
        Some(&rina),
        json!({"op": "auth.logout"}),
    )
    .unwrap();
    // 11.00 WITA: five wrong PINs, waiting out the slow-down each time, lock the account.
    let mut t = wita(23, 11, 0);
    for _ in 0..5 {
        login(&mut s, t, "rina", "9999").unwrap_err();
        t += Duration::seconds(60);
    }
    login(&mut s, t, "rina", "135792").unwrap_err();

    // Read as the dispatcher carries it out for the admin (whose session would have idled
    // out by now, and whose next login would be one more line).
    let log = op(
        &mut s,
        t,
        json!({"op": "auth.log", "args": {"from": "2026-11-23", "to": "2026-11-23"}}),
    )
    .unwrap();
    assert_eq!(log["zone"], "WITA");
    let lines: Vec<(String, String, String)> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["username"] == "rina")
        .map(|e| {
            (
                e["at_label"].as_str().unwrap().to_string(),
                e["event_label"].as_str().unwrap().to_string(),
                e["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let d = "Senin, 23 November 2026";
    let line = |time: &str, what: &str, detail: &str| {
        (
            format!("{d} {time} WITA"),
            what.to_string(),
            detail.to_string(),
        )
    };
    assert_eq!(
        lines,
        vec![
            line("11.05", "Ditolak: akun sedang dikunci", "jendela loket"),
            line("11.04", "Akun dikunci", "15 menit, jendela loket"),
            line("11.04", "Gagal masuk", "PIN salah ke-5, jendela loket"),
            line("11.03", "Gagal masuk", "PIN salah ke-4, jendela loket"),
            line("11.02", "Gagal masuk", "PIN salah ke-3, jendela loket"),
            line("11.01", "Gagal masuk", "PIN salah ke-2, jendela loket"),
            line("11.00", "Gagal masuk", "PIN salah ke-1, jendela loket"),
            line("10.01", "Keluar", ""),
            line("10.00", "Masuk", "jendela loket"),
            line(
                "10.00",
                "Ditahan: terlalu cepat setelah PIN salah",
                "1 detik, jendela loket"
            ),
            line("10.00", "Gagal masuk", "PIN salah ke-1, jendela loket"),
        ]
    );
    let alarms: Vec<bool> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["username"] == "rina")
        .map(|e| e["alarm"].as_bool().unwrap())
        .collect();
    assert_eq!(alarms.iter().filter(|a| **a).count(), 9, "{alarms:?}");
    // The day before, on its own.
    let before = op(
        &mut s,
        t,
        json!({"op": "auth.log", "args": {"from": "2026-11-22", "to": "2026-11-22"}}),
    )
    .unwrap();
    let before: Vec<&str> = before["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at_label"].as_str().unwrap())
        .collect();
    assert_eq!(before, ["Minggu, 22 November 2026 20.00 WITA"]);

    // Sixty failed attempts at unknown names: two pages, the newest on the first.
    let noon = wita(24, 12, 0);
    for i in 0..60 {
        login(
            &mut s,
            noon + Duration::minutes(i),
            &format!("tamu{i}"),
            "1111",
        )
        .unwrap_err();
    }
    let page = |s: &mut Store, n: u32| {
        op(s, noon + Duration::hours(2), json!({"op": "auth.log", "args": {"from": "2026-11-24", "to": "2026-11-24", "page": n}})).unwrap()
    };
    let first = page(&mut s, 1);
    assert_eq!(
        (first["total"].as_u64(), first["pages"].as_u64()),
        (Some(60), Some(2))
    );
    assert_eq!(first["entries"].as_array().unwrap().len(), 50);
    assert_eq!(
        first["entries"][0]["at_label"],
        "Selasa, 24 November 2026 12.59 WITA"
    );
    let second = page(&mut s, 2);
    assert_eq!(second["entries"].as_array().unwrap().len(), 10);
    assert_eq!(
        second["entries"][9]["at_label"],
        "Selasa, 24 November 2026 12.00 WITA"
    );
    assert_eq!(
        second["entries"][9]["detail"],
        "akun tidak dikenal atau tidak aktif, jendela loket"
    );

    // A range backwards, a bad page, and anyone but the admin are refused.
    let err = op(
        &mut s,
        t,
        json!({"op": "auth.log", "args": {"from": "2026-11-24", "to": "2026-11-23"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    let err = op(&mut s, t, json!({"op": "auth.log", "args": {"page": 0}})).unwrap_err();
    assert_eq!(err["code"], "invalid_input", "{err}");
    let desk = login(&mut s, noon + Duration::hours(1), "rina", "135792").unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let err = call(
        &mut s,
        noon + Duration::hours(1),
        Some(&desk),
        json!({"op": "auth.log"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden", "{err}");
}
