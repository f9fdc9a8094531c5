//! Who may do what, through [`loket_core::api::handle`] as every transport calls it: the
//! first admin, PINs slowed down and locked, sessions that expire, a display token that can do
//! nothing but read, each role refused every operation it may not use, officials acting only
//! as themselves. Every login is logged.

use chrono::{DateTime, Duration, TimeZone, Utc};
use loket_core::api::{handle, handle_from, handle_reading, reads_only};
use loket_core::auth::permissions::{device_ops, roles_for};
use loket_core::auth::{Caller, DeviceKind, Role};
use loket_core::{open_with_standards, Store};
use rusqlite::Connection;
use serde_json::{json, Value};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

struct Office {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    admin: String,
}

fn call(
    store: &mut Store,
    now: DateTime<Utc>,
    token: Option<&str>,
    request: Value,
) -> Result<Value, Value> {
    handle(store, now, token, request).map_err(|e| serde_json::to_value(e).unwrap())
}

fn login(store: &mut Store, now: DateTime<Utc>, user: &str, pin: &str) -> Result<String, Value> {
    call(
        store,
        now,
        None,
        json!({"op": "auth.login", "args": {"username": user, "pin": pin}}),
    )
    .map(|v| v["token"].as_str().unwrap().to_string())
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    assert_eq!(
        call(&mut store, t0(), None, json!({"op": "auth.status"})).unwrap()["has_accounts"],
        false
    );
    let admin = call(&mut store, t0(), None, json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046", "display_name": "Admin Setda"}}))
        .unwrap()["token"].as_str().unwrap().to_string();
    call(&mut store, t0(), Some(&admin), json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}})).unwrap();
    for (name, services) in [
        ("Rahmat", ["balangan-perekonomian-1"]),
        ("Siti", ["balangan-perekonomian-2"]),
    ] {
        call(&mut store, t0(), Some(&admin), json!({"op": "office.save_official", "args": {"name": name, "title": "Kasubbag", "room": "Ruang 1", "services": services}})).unwrap();
    }
    let accounts = [
        ("resepsionis", "Resepsionis", "resepsionis", Value::Null),
        ("rahmat", "Rahmat", "pejabat", json!(1)),
        ("siti", "Siti", "pejabat", json!(2)),
        ("kabag", "Kepala Bagian", "kepala_bagian", json!(1)),
    ];
    for (username, name, role, official) in accounts {
        call(&mut store, t0(), Some(&admin), json!({"op": "auth.save_account", "args": {"username": username, "display_name": name, "role": role, "official_id": official, "pin": "135792"}})).unwrap();
    }
    Office {
        _dir: dir,
        path,
        store,
        admin,
    }
}

/// A waiting-room display's token made by the admin at `now`.
fn display_token(o: &mut Office, now: DateTime<Utc>, name: &str) -> String {
    call(
        &mut o.store,
        now,
        Some(&o.admin),
        json!({"op": "auth.create_display", "args": {"name": name}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// One account as the admin's list shows it, at `now`.
fn account(o: &mut Office, now: DateTime<Utc>, user: &str) -> Value {
    call(
        &mut o.store,
        now,
        Some(&o.admin),
        json!({"op": "auth.accounts"}),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .find(|a| a["username"] == user)
    .unwrap_or_else(|| panic!("{user} is listed"))
    .clone()
}

fn log_events(path: &std::path::Path, user: &str) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT event FROM auth_log WHERE username = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([user], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_first_run_creates_the_admin_once_and_pins_are_never_stored_in_plain_text() {
    let mut o = office();
    let again = call(
        &mut o.store,
        t0(),
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin2", "pin": "975310"}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "refused");
    let me = call(
        &mut o.store,
        t0(),
        Some(&o.admin),
        json!({"op": "auth.whoami"}),
    )
    .unwrap();
    assert_eq!(me["role"], "admin");
    let hashes: Vec<String> = Connection::open(&o.path)
        .unwrap()
        .prepare("SELECT pin_hash FROM account")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(hashes
        .iter()
        .all(|h| h.starts_with("$argon2id$") && !h.contains("135792") && !h.contains("258046")));
}

#[test]
fn wrong_pins_are_slowed_down_then_locked_and_every_attempt_is_logged() {
    let mut o = office();
    let mut now = t0();
    for attempt in 1..=4 {
        let err = login(&mut o.store, now, "resepsionis", "0000").unwrap_err();
        assert_eq!(err["code"], "unauthorized");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains(&format!("Sisa {}", 5 - attempt)),
            "{err}"
        );
        // Trying again at once is refused without counting.
        let fast = login(&mut o.store, now, "resepsionis", "135792").unwrap_err();
        assert!(
            fast["message"].as_str().unwrap().contains("tunggu"),
            "{fast}"
        );
        now += Duration::seconds(60);
    }
    let locked = login(&mut o.store, now, "resepsionis", "0000").unwrap_err();
    assert!(
        locked["message"]
            .as_str()
            .unwrap()
            .contains("dikunci 15 menit"),
        "{locked}"
    );
    // The right PIN does not open a locked account ...
    now += Duration::minutes(5);
    let still = login(&mut o.store, now, "resepsionis", "135792").unwrap_err();
    assert!(
        still["message"]
            .as_str()
            .unwrap()
            .contains("Akun dikunci sampai pukul"),
        "{still}"
    );
    assert!(
        still["message"].as_str().unwrap().contains("WITA"),
        "{still}"
    );
    // ... until the lock has passed.
    now += Duration::minutes(11);
    assert!(login(&mut o.store, now, "resepsionis", "135792").is_ok());
    let events = log_events(&o.path, "resepsionis");
    assert_eq!(events.iter().filter(|e| *e == "login_failed").count(), 5);
    assert!(events.contains(&"locked".to_string()));
    assert!(events.contains(&"login_throttled".to_string()));
    assert!(events.contains(&"login_refused_locked".to_string()));
    assert_eq!(events.last().unwrap(), "login");
    // An unknown user gets the same answer as a wrong PIN, and is logged too.
    let wrong = login(&mut o.store, now, "kabag", "1234").unwrap_err();
    let unknown = login(&mut o.store, now, "hacker", "1234").unwrap_err();
    assert_eq!(unknown, wrong);
    assert!(unknown["message"]
        .as_str()
        .unwrap()
        .starts_with("Nama pengguna atau PIN salah."));
    assert_eq!(log_events(&o.path, "hacker"), ["login_failed"]);
}

#[test]
fn sessions_expire_after_the_day_or_when_left_idle_and_end_at_logout() {
    let mut o = office();
    let token = login(&mut o.store, t0(), "resepsionis", "135792").unwrap();
    let today = json!({"op": "desk.today"});
    // Used every hour, it lasts the working day ...
    let mut now = t0();
    for _ in 0..11 {
        now += Duration::hours(1);
        assert!(call(&mut o.store, now, Some(&token), today.clone()).is_ok());
    }
    // ... and not beyond twelve hours.
    now += Duration::hours(1);
    assert_eq!(
        call(&mut o.store, now, Some(&token), today.clone()).unwrap_err()["code"],
        "unauthorized"
    );
    // Left idle for two hours, it ends.
    let idle = login(&mut o.store, now, "resepsionis", "135792").unwrap();
    assert!(call(
        &mut o.store,
        now + Duration::minutes(119),
        Some(&idle),
        today.clone()
    )
    .is_ok());
    assert!(call(
        &mut o.store,
        now + Duration::minutes(119 + 121),
        Some(&idle),
        today.clone()
    )
    .is_err());
    // Logout ends it at once; no token, a forged token: refused.
    let short = login(&mut o.store, now, "resepsionis", "135792").unwrap();
    call(
        &mut o.store,
        now,
        Some(&short),
        json!({"op": "auth.logout"}),
    )
    .unwrap();
    assert!(call(&mut o.store, now, Some(&short), today.clone()).is_err());
    assert!(call(&mut o.store, now, None, today.clone()).is_err());
    assert!(call(&mut o.store, now, Some("00ff"), today).is_err());
}

#[test]
fn a_display_token_reads_and_cannot_check_a_guest_in() {
    let mut o = office();
    let display = display_token(&mut o, t0(), "TV ruang tunggu");
    let me = call(
        &mut o.store,
        t0(),
        Some(&display),
        json!({"op": "auth.whoami"}),
    )
    .unwrap();
    assert_eq!(me["kind"], "display");
    let err = call(&mut o.store, t0(), Some(&display), json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Budi", "id_type": "ktp", "id_number": "6311011203850001"}, "service": "balangan-perekonomian-1", "purpose": "x"}})).unwrap_err();
    assert_eq!(err["code"], "forbidden");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("Layar tampilan tidak berwenang"));
    assert_eq!(
        Connection::open(&o.path)
            .unwrap()
            .query_row("SELECT count(*) FROM visit", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );
    // Still, a year later, the display's token lasts; a user session would not.
    assert!(call(
        &mut o.store,
        t0() + Duration::days(30),
        Some(&display),
        json!({"op": "auth.whoami"})
    )
    .is_ok());
}

/// One request of every operation, with arguments of the right shape.
fn every_operation() -> Vec<Value> {
    let v = json!(1);
    vec![
        json!({"op": "catalog.overview"}),
        json!({"op": "catalog.list", "args": {}}),
        json!({"op": "catalog.search", "args": {"query": "ktp"}}),
        json!({"op": "catalog.show", "args": {"id": "balangan-perekonomian-1"}}),
        json!({"op": "office.get"}),
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}}),
        json!({"op": "office.save_official", "args": {"name": "X", "title": "Y", "room": "Z"}}),
        json!({"op": "office.add_holiday", "args": {"date": "2026-12-31", "name": "Libur daerah"}}),
        json!({"op": "office.holidays"}),
        json!({"op": "office.remove_holiday", "args": {"date": "2026-12-31"}}),
        json!({"op": "guest.find", "args": {"query": "budi"}}),
        json!({"op": "desk.requirements", "args": {"service": "balangan-perekonomian-1"}}),
        json!({"op": "desk.check_in", "args": {"guest": {"name": "Budi", "id_type": "sim", "id_number": "123456789"}, "service": "balangan-perekonomian-1", "purpose": "x", "admitted_note": "uji"}}),
        json!({"op": "desk.today"}),
        json!({"op": "desk.hold_card", "args": {"visit_id": v, "slot": 1}}),
        json!({"op": "desk.return_card", "args": {"visit_id": v, "to": {"by": "guest"}}}),
        json!({"op": "desk.check_out", "args": {"visit_id": v}}),
        json!({"op": "desk.left_behind", "args": {"visit_id": v}}),
        json!({"op": "desk.close_day"}),
        json!({"op": "desk.close_day", "args": {"day": "2026-11-20", "settle": [{"visit_id": v, "ending": {"by": "left_behind"}}]}}),
        json!({"op": "desk.settle", "args": {"visit_id": v, "ending": {"by": "other", "name": "Rina", "relation": "istri"}}}),
        json!({"op": "desk.settle_all", "args": {"day": "2026-11-20", "ending": {"by": "guest"}, "except": [v]}}),
        json!({"op": "desk.finish_for_official", "args": {"visit_id": v, "what": {"what": "served_unrecorded"}}}),
        json!({"op": "visit.show", "args": {"visit_id": v}}),
        json!({"op": "visit.fill_blanko", "args": {"visit_id": v, "blanko": {"topic": "a", "questions": "b"}}}),
        json!({"op": "visit.correct", "args": {"visit_id": v, "correction": {"what": "group_size", "group_size": 2}, "note": "n"}}),
        json!({"op": "blanko.tickets"}),
        json!({"op": "blanko.submit", "args": {"visit_id": v, "blanko": {"topic": "a", "questions": "b"}}}),
        json!({"op": "queue.list", "args": {"official_id": 1}}),
        json!({"op": "queue.call_next", "args": {"official_id": 1}}),
        json!({"op": "queue.call", "args": {"official_id": 1, "visit_id": v}}),
        json!({"op": "queue.recall", "args": {"official_id": 1, "visit_id": v}}),
        json!({"op": "queue.start", "args": {"official_id": 1, "visit_id": v}}),
        json!({"op": "queue.finish", "args": {"official_id": 1, "visit_id": v, "outcome": {"result": "r", "closed": true}}}),
        json!({"op": "queue.not_present", "args": {"official_id": 1, "visit_id": v}}),
        json!({"op": "queue.transfer", "args": {"visit_id": v, "to_official": 2, "reason": "r"}}),
        json!({"op": "queue.hold", "args": {"visit_id": v, "reason": "r"}}),
        json!({"op": "queue.resume", "args": {"visit_id": v}}),
        json!({"op": "auth.accounts"}),
        json!({"op": "auth.save_account", "args": {"username": "baru", "display_name": "Baru", "role": "resepsionis", "pin": "482615"}}),
        json!({"op": "auth.create_display", "args": {"name": "TV"}}),
        json!({"op": "auth.create_kiosk", "args": {"name": "Tablet"}}),
        json!({"op": "auth.log", "args": {"from": "2026-11-01", "to": "2026-11-30", "page": 1}}),
        json!({"op": "auth.create_tablet", "args": {"name": "Tablet blanko"}}),
        json!({"op": "display.state"}),
        json!({"op": "skm.pending"}),
        json!({"op": "skm.submit", "args": {"visit_id": v, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}}),
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "email", "summary": "x"}}),
        json!({"op": "complaint.update", "args": {"id": 1, "status": "diproses"}}),
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.show", "args": {"id": 1}}),
        json!({"op": "report.performance", "args": {"date": "2026-11-23", "span": "week"}}),
        json!({"op": "backup.list"}),
        json!({"op": "backup.create"}),
        json!({"op": "backup.restore", "args": {"name": "loket-2020-01-01T0800-manual.db"}}),
        json!({"op": "backup.set_keep", "args": {"daily": 14}}),
        json!({"op": "privacy.status"}),
        json!({"op": "privacy.set_retention", "args": {"months": 24}}),
        json!({"op": "privacy.apply_retention"}),
        json!({"op": "privacy.subject", "args": {"guest_id": 1}}),
        json!({"op": "privacy.erase", "args": {"guest_id": 1, "reason": "Permintaan tamu"}}),
        json!({"op": "lan.listen"}),
        json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "port": 7878}}),
    ]
}

#[test]
fn every_operation_refuses_every_role_that_may_not_use_it() {
    let users = [
        ("resepsionis", Role::Resepsionis),
        ("rahmat", Role::Pejabat),
        ("kabag", Role::KepalaBagian),
        ("admin", Role::Admin),
    ];
    let mut o = office();
    let tokens: Vec<(String, Role)> = users
        .iter()
        .map(|(user, role)| {
            let token = if *user == "admin" {
                o.admin.clone()
            } else {
                login(&mut o.store, t0(), user, "135792").unwrap()
            };
            (token, *role)
        })
        .collect();
    let mut checked = 0;
    for request in every_operation() {
        let op = request["op"].as_str().unwrap().to_string();
        let allowed =
            roles_for(&op).unwrap_or_else(|| panic!("{op} has no entry in the permission table"));
        for (token, role) in &tokens {
            // The permission check comes before anything else: whatever the state, the answer
            // is "forbidden" exactly for the roles the table leaves out.
            let answer = call(&mut o.store, t0(), Some(token), request.clone());
            let forbidden = matches!(&answer, Err(e) if e["code"] == "forbidden");
            assert_eq!(
                forbidden,
                !allowed.contains(role),
                "{op} as {role:?}: {answer:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, every_operation().len() * 4);

    // The devices: each may use exactly its own few operations.
    let mut devices = Vec::new();
    for (op, kind) in [
        ("auth.create_display", DeviceKind::Display),
        ("auth.create_kiosk", DeviceKind::Kiosk),
        ("auth.create_tablet", DeviceKind::Tablet),
    ] {
        let made = call(
            &mut o.store,
            t0(),
            Some(&o.admin),
            json!({"op": op, "args": {"name": "Perangkat"}}),
        )
        .unwrap();
        assert_eq!(made["principal"]["kind"], kind.as_str());
        devices.push((made["token"].as_str().unwrap().to_string(), kind));
    }
    for request in every_operation() {
        let op = request["op"].as_str().unwrap().to_string();
        for (token, kind) in &devices {
            let answer = call(&mut o.store, t0(), Some(token), request.clone());
            let forbidden = matches!(&answer, Err(e) if e["code"] == "forbidden");
            assert_eq!(
                forbidden,
                !device_ops(*kind).contains(&op.as_str()),
                "{op} as {kind:?}: {answer:?}"
            );
        }
    }
}

#[test]
fn an_official_acts_only_as_their_own_official() {
    let mut o = office();
    let rahmat = login(&mut o.store, t0(), "rahmat", "135792").unwrap();
    assert!(call(
        &mut o.store,
        t0(),
        Some(&rahmat),
        json!({"op": "queue.list", "args": {"official_id": 1}})
    )
    .is_ok());
    let err = call(
        &mut o.store,
        t0(),
        Some(&rahmat),
        json!({"op": "queue.call_next", "args": {"official_id": 2}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    // The actor recorded with every event is the logged-in user.
    let desk = login(&mut o.store, t0(), "resepsionis", "135792").unwrap();
    let done = call(&mut o.store, t0(), Some(&desk), json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Budi", "id_type": "ktp", "id_number": "6311011203850001"}, "service": "balangan-perekonomian-1",
        "purpose": "Konsultasi", "admitted_note": "uji"}})).unwrap();
    let shown = call(
        &mut o.store,
        t0(),
        Some(&rahmat),
        json!({"op": "visit.show", "args": {"visit_id": done["visit_id"]}}),
    )
    .unwrap();
    assert_eq!(shown["history"][0]["actor"], "Resepsionis (resepsionis)");
}

/// A pejabat acts only on the guests that are theirs: queued for them, or for nobody in
/// particular under one of their services, or called by them. Holding, resuming,
/// transferring or calling another official's guest is refused and changes nothing; the
/// chief and the admin keep their reach.
#[test]
fn a_pejabat_acts_only_on_their_own_guests() {
    let mut o = office();
    let rahmat = login(&mut o.store, t0(), "rahmat", "135792").unwrap();
    let siti = login(&mut o.store, t0(), "siti", "135792").unwrap();
    let desk = login(&mut o.store, t0(), "resepsionis", "135792").unwrap();
    let kabag = login(&mut o.store, t0(), "kabag", "135792").unwrap();
    let admin = o.admin.clone();
    let check_in = |store: &mut Store, name: &str, service: &str, official: Value| {
        call(store, t0(), Some(&desk), json!({"op": "desk.check_in", "args": {
            "guest": {"name": name, "id_type": "sim", "id_number": if name.len() < 5 { "123456789" } else { "987654321" }},
            "service": service, "official_id": official, "purpose": "Konsultasi", "admitted_note": "uji"}}))
        .unwrap()["visit_id"]
            .as_i64()
            .unwrap()
    };
    // Siti's service, queued for nobody in particular.
    let a = check_in(&mut o.store, "Andi", "balangan-perekonomian-2", Value::Null);
    // Rahmat's service, but queued for Siti by name.
    let b = check_in(
        &mut o.store,
        "Bunga Citra",
        "balangan-perekonomian-1",
        json!(2),
    );
    let status = |store: &mut Store, visit: i64| {
        call(
            store,
            t0(),
            Some(&admin),
            json!({"op": "visit.show", "args": {"visit_id": visit}}),
        )
        .unwrap()["visit"]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let hold =
        |v: i64| json!({"op": "queue.hold", "args": {"visit_id": v, "reason": "Mengambil berkas"}});
    let resume = |v: i64| json!({"op": "queue.resume", "args": {"visit_id": v}});
    let transfer = |v: i64, to: i64| json!({"op": "queue.transfer", "args": {"visit_id": v, "to_official": to, "reason": "Salah tujuan"}});
    let call_as = |official: i64, v: i64| json!({"op": "queue.call", "args": {"official_id": official, "visit_id": v}});
    // (who, request, allowed, the visit's status after)
    let rows: Vec<(&str, &String, Value, bool, &str)> = vec![
        ("rahmat", &rahmat, hold(a), false, "waiting"),
        ("rahmat", &rahmat, transfer(a, 1), false, "waiting"),
        ("rahmat", &rahmat, call_as(1, a), false, "waiting"),
        ("siti", &siti, hold(a), true, "on_hold"),
        ("rahmat", &rahmat, resume(a), false, "on_hold"),
        ("siti", &siti, resume(a), true, "waiting"),
        // Queued for Siti by name: not Rahmat's although the service is his.
        ("rahmat", &rahmat, call_as(1, b), false, "waiting"),
        ("rahmat", &rahmat, hold(b), false, "waiting"),
        ("rahmat", &rahmat, transfer(b, 1), false, "waiting"),
        ("siti", &siti, call_as(2, b), true, "called"),
        // Called by Siti: still not Rahmat's to put aside.
        ("rahmat", &rahmat, hold(b), false, "called"),
        ("siti", &siti, transfer(b, 1), true, "waiting"),
        // Sent to Rahmat: now his, and no longer Siti's.
        ("siti", &siti, hold(b), false, "waiting"),
        ("rahmat", &rahmat, hold(b), true, "on_hold"),
        ("rahmat", &rahmat, resume(b), true, "waiting"),
        // The chief and the admin keep their reach over anyone's guests (the desk has no
        // queue actions at all: the role table refuses them).
        ("kabag", &kabag, hold(a), true, "on_hold"),
        ("kabag", &kabag, resume(a), true, "waiting"),
        ("kabag", &kabag, transfer(a, 1), true, "waiting"),
        ("admin", &admin, transfer(a, 2), true, "waiting"),
        ("admin", &admin, call_as(1, b), true, "called"),
    ];
    for (who, token, request, allowed, after) in rows {
        let answer = call(&mut o.store, t0(), Some(token), request.clone());
        if allowed {
            assert!(answer.is_ok(), "{who}: {request} → {answer:?}");
        } else {
            let err = answer.expect_err(&format!("{who}: {request} must be refused"));
            assert_eq!(err["code"], "forbidden", "{who}: {request} → {err}");
            assert!(
                err["message"]
                    .as_str()
                    .unwrap()
                    .contains("bukan antrian Anda"),
                "{err}"
            );
        }
        let visit = request["args"]["visit_id"].as_i64().unwrap();
        assert_eq!(status(&mut o.store, visit), after, "{who}: {request}");
    }
    // An unknown visit is not found, not a permission question.
    let err = call(&mut o.store, t0(), Some(&rahmat), hold(999)).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

/// The hub serves reads on connections of their own beside the writer: there they must give
/// the same answers, see what the writer committed, and leave every write to the writer.
#[test]
fn reads_on_a_reading_connection_answer_as_the_writer_and_writes_stay_with_the_writer() {
    let mut o = office();
    let mut reader = Store::open_reader(&o.path).unwrap();
    let shared = loket_core::desk::display::SharedState::default();
    let today = json!({"op": "desk.today"});
    let visits = |answer: &Value| answer["visits"].as_array().map(Vec::len);
    let before = handle_reading(&mut reader, t0(), Some(&o.admin), &today, &shared)
        .unwrap()
        .expect("read on the reader");
    call(&mut o.store, t0(), Some(&o.admin), json!({"op": "desk.check_in", "args": {"guest": {"name": "Budi Santoso", "id_type": "sim", "id_number": "123456789"}, "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}})).unwrap();
    let after = handle_reading(&mut reader, t0(), Some(&o.admin), &today, &shared)
        .unwrap()
        .expect("read on the reader");
    assert_eq!(visits(&after), visits(&before).map(|n| n + 1), "{after}");

    let mut reads = 0;
    for request in every_operation() {
        let op = request["op"].as_str().unwrap().to_string();
        let on_reader = handle_reading(&mut reader, t0(), Some(&o.admin), &request, &shared);
        if !reads_only(&op) {
            assert!(matches!(on_reader, Ok(None)), "{op} must go to the writer");
            continue;
        }
        let on_reader = on_reader
            .map(|answer| answer.unwrap_or_else(|| panic!("{op} not read on the reader")))
            .map_err(|e| serde_json::to_value(e).unwrap());
        let on_writer = call(&mut o.store, t0(), Some(&o.admin), request);
        assert_eq!(on_reader, on_writer, "{op}");
        reads += 1;
    }
    assert!(reads >= 15, "only {reads} reads");
    // Having carried out every read, the reader still sees what the writer commits next.
    let seen = |reader: &mut Store| {
        visits(
            &handle_reading(reader, t0(), Some(&o.admin), &today, &shared)
                .unwrap()
                .expect("read on the reader"),
        )
    };
    let before = seen(&mut reader);
    call(&mut o.store, t0(), Some(&o.admin), json!({"op": "desk.check_in", "args": {"guest": {"name": "Sri Wahyuni", "id_type": "sim", "id_number": "987654321"}, "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}})).unwrap();
    assert_eq!(
        seen(&mut reader),
        before.map(|n| n + 1),
        "the reader saw an old snapshot"
    );

    // A session due to be marked used goes to the writer, which marks it.
    let later = t0() + Duration::minutes(5);
    assert_eq!(
        handle_reading(&mut reader, later, Some(&o.admin), &today, &shared).unwrap(),
        None
    );
    call(&mut o.store, later, Some(&o.admin), today.clone()).unwrap();
    assert!(
        handle_reading(&mut reader, later, Some(&o.admin), &today, &shared)
            .unwrap()
            .is_some()
    );
    // Without a session the reader refuses, as the writer does.
    let refused = handle_reading(&mut reader, later, None, &today, &shared).unwrap_err();
    assert_eq!(
        serde_json::to_value(refused).unwrap()["code"],
        "unauthorized"
    );
}

fn login_from(
    store: &mut Store,
    now: DateTime<Utc>,
    caller: Caller,
    user: &str,
    pin: &str,
) -> Result<String, Value> {
    handle_from(
        store,
        now,
        caller,
        None,
        json!({"op": "auth.login", "args": {"username": user, "pin": pin}}),
    )
    .map(|v| v["token"].as_str().unwrap().to_string())
    .map_err(|e| serde_json::to_value(e).unwrap())
}

fn lan(last: u8) -> Caller {
    Caller::Network(std::net::IpAddr::from([192, 168, 1, last]))
}

/// Someone on the office Wi-Fi guesses the admin's PIN: after five wrong PINs the account is
/// locked for that address, and slowed down for every other; the desk PC's window is never
/// held by failures that came from the network; the admin unlocks it.
#[test]
fn wrong_pins_from_the_network_never_lock_the_desks_window_out() {
    let mut o = office();
    let mut now = t0();
    for _ in 0..5 {
        login_from(&mut o.store, now, lan(66), "admin", "111222").unwrap_err();
        now += Duration::seconds(60);
    }
    let locked = login_from(&mut o.store, now, lan(66), "admin", "258046").unwrap_err();
    assert!(
        locked["message"].as_str().unwrap().contains("dikunci"),
        "{locked}"
    );
    // The desk PC's window logs the admin in at once.
    assert!(login_from(&mut o.store, now, Caller::Window, "admin", "258046").is_ok());
    // Another PC on the LAN is not locked out either.
    assert!(login_from(&mut o.store, now, lan(20), "admin", "258046").is_ok());
    // The admin unlocks the account for the address that was locked.
    let admin = account(&mut o, now, "admin");
    assert_eq!(admin["locked"], true, "the admin sees the lock: {admin}");
    call(
        &mut o.store,
        now,
        Some(&o.admin),
        json!({"op": "auth.unlock", "args": {"account_id": admin["id"]}}),
    )
    .unwrap();
    assert!(login_from(&mut o.store, now, lan(66), "admin", "258046").is_ok());
    assert!(log_events(&o.path, "admin").contains(&"unlocked".to_string()));
}

/// One address that tries many accounts is locked itself, whatever the names.
#[test]
fn an_address_that_guesses_many_accounts_is_locked() {
    let mut o = office();
    let mut now = t0();
    for i in 0..20 {
        login_from(&mut o.store, now, lan(77), &format!("tebak{i}"), "111222").unwrap_err();
        now += Duration::seconds(40);
    }
    let refused = login_from(&mut o.store, now, lan(77), "resepsionis", "135792").unwrap_err();
    assert!(
        refused["message"].as_str().unwrap().contains("dikunci"),
        "{refused}"
    );
    assert!(login_from(&mut o.store, now, lan(78), "resepsionis", "135792").is_ok());
}

/// The first admin is made on the desk PC itself, never over the network.
#[test]
fn the_first_admin_is_never_made_over_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("l.db")).unwrap();
    let bootstrap = json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}});
    let refused = handle_from(&mut store, t0(), lan(9), None, bootstrap.clone())
        .map_err(|e| serde_json::to_value(e).unwrap())
        .unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");
    assert_eq!(
        call(&mut store, t0(), None, json!({"op": "auth.status"})).unwrap()["has_accounts"],
        false,
        "nothing was made"
    );
    let loopback = Caller::Network(std::net::IpAddr::from([127, 0, 0, 1]));
    assert!(handle_from(&mut store, t0(), loopback, None, bootstrap).is_ok());
}

/// New PINs are at least six digits and not the first ones guessed; old short PINs keep
/// working and the admin sees who still has one.
#[test]
fn new_pins_are_long_and_not_trivial_and_old_short_ones_are_shown_to_the_admin() {
    let mut o = office();
    for (pin, says) in [
        ("1357", "6–12 angka"),
        ("123456", "berurutan"),
        ("999999", "sama semua"),
        ("12ab56", "hanya boleh berisi angka"),
    ] {
        let refused = call(&mut o.store, t0(), Some(&o.admin), json!({"op": "auth.save_account", "args": {"username": "baru", "display_name": "Baru", "role": "resepsionis", "pin": pin}})).unwrap_err();
        assert_eq!(refused["code"], "invalid_input");
        assert!(
            refused["message"].as_str().unwrap().contains(says),
            "{pin}: {refused}"
        );
    }
    // A PIN set under the old rule (four digits), as an older Loket stored it.
    let old = loket_core::auth::accounts::hash_pin("2580").unwrap();
    Connection::open(&o.path)
        .unwrap()
        .execute(
            "UPDATE account SET pin_hash = ?1, pin_meets_rule = NULL WHERE username = 'resepsionis'",
            [old],
        )
        .unwrap();
    assert!(login(&mut o.store, t0(), "resepsionis", "2580").is_ok());
    assert_eq!(
        account(&mut o, t0(), "resepsionis")["pin_meets_rule"],
        false
    );
    assert_eq!(account(&mut o, t0(), "rahmat")["pin_meets_rule"], true);
}

/// A new PIN or a new role ends the account's other sessions: whoever was logged in with
/// the old terms logs in again.
#[test]
fn a_new_pin_or_role_ends_the_accounts_other_sessions() {
    let mut o = office();
    let desk = login(&mut o.store, t0(), "resepsionis", "135792").unwrap();
    let rahmat = login(&mut o.store, t0(), "rahmat", "135792").unwrap();
    let whoami =
        |s: &mut Store, token: &str| call(s, t0(), Some(token), json!({"op": "auth.whoami"}));
    assert!(whoami(&mut o.store, &desk).is_ok());
    let desk_id = account(&mut o, t0(), "resepsionis")["id"].clone();
    let rahmat_id = account(&mut o, t0(), "rahmat")["id"].clone();
    call(&mut o.store, t0(), Some(&o.admin), json!({"op": "auth.save_account", "args": {"id": desk_id, "username": "resepsionis", "display_name": "Resepsionis", "role": "resepsionis", "pin": "864213"}})).unwrap();
    assert_eq!(
        whoami(&mut o.store, &desk).unwrap_err()["code"],
        "unauthorized"
    );
    call(&mut o.store, t0(), Some(&o.admin), json!({"op": "auth.save_account", "args": {"id": rahmat_id, "username": "rahmat", "display_name": "Rahmat", "role": "kepala_bagian", "official_id": 1}})).unwrap();
    assert_eq!(
        whoami(&mut o.store, &rahmat).unwrap_err()["code"],
        "unauthorized"
    );
    // The admin's own session, which made the changes, goes on.
    assert!(whoami(&mut o.store, &o.admin).is_ok());
}

/// Device tokens are listed for the admin, renamed and revoked; a revoked token does
/// nothing more.
#[test]
fn a_device_link_carries_the_token_in_its_fragment_and_a_bad_address_makes_no_token() {
    let mut o = office();
    let admin = o.admin.clone();
    let mut create = |args: Value| {
        call(
            &mut o.store,
            t0(),
            Some(&admin),
            json!({"op": "auth.create_display", "args": args}),
        )
    };
    let made = create(json!({"name": "TV lobi", "origin": "https://192.168.1.10:7878/"})).unwrap();
    let token = made["token"].as_str().unwrap().to_string();
    assert_eq!(
        made["link"]["url"],
        format!("https://192.168.1.10:7878/display.html#token={token}")
    );
    assert!(made["link"]["qr_svg"]
        .as_str()
        .unwrap()
        .starts_with("<?xml"));
    // An address that is not an origin is refused, and no token is made for it.
    for bad in ["javascript:alert(1)", "https://evil.example/x?"] {
        let refused = create(json!({"name": "TV 2", "origin": bad})).unwrap_err();
        assert_eq!(refused["code"], "invalid_input", "{bad}");
    }
    // Without an address (the desktop's own display window), the token alone.
    let bare = create(json!({"name": "TV 3"})).unwrap();
    assert!(bare["link"].is_null());
    let devices = call(
        &mut o.store,
        t0(),
        Some(&o.admin),
        json!({"op": "auth.devices"}),
    )
    .unwrap();
    let names: Vec<&str> = devices["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&"TV 2"));
    assert!(call(
        &mut o.store,
        t0(),
        Some(&token),
        json!({"op": "display.state"})
    )
    .is_ok());
}

#[test]
fn the_admin_lists_renames_and_revokes_device_tokens() {
    let mut o = office();
    let tv = display_token(&mut o, t0(), "TV lobi");
    assert_eq!(tv.len(), 64);
    let display = json!({"op": "display.state"});
    assert!(call(&mut o.store, t0(), Some(&tv), display.clone()).is_ok());
    let devices = call(
        &mut o.store,
        t0(),
        Some(&o.admin),
        json!({"op": "auth.devices"}),
    )
    .unwrap();
    assert_eq!(devices["days"], 365);
    let device = &devices["devices"][0];
    assert_eq!(device["name"], "TV lobi");
    assert_eq!(device["kind"], "display");
    assert_eq!(device["active"], true);
    assert!(
        !devices.to_string().contains(&tv),
        "the token itself is never listed"
    );
    call(&mut o.store, t0(), Some(&o.admin), json!({"op": "auth.rename_device", "args": {"id": device["id"], "name": "TV ruang tunggu"}})).unwrap();
    call(
        &mut o.store,
        t0(),
        Some(&o.admin),
        json!({"op": "auth.revoke_device", "args": {"id": device["id"]}}),
    )
    .unwrap();
    assert_eq!(
        call(&mut o.store, t0(), Some(&tv), display).unwrap_err()["code"],
        "unauthorized"
    );
    let devices = call(
        &mut o.store,
        t0(),
        Some(&o.admin),
        json!({"op": "auth.devices"}),
    )
    .unwrap();
    assert_eq!(devices["devices"][0]["name"], "TV ruang tunggu");
    assert_eq!(devices["devices"][0]["active"], false);
}

/// The receptionist reads the guests of the desk's open days; once a day is closed its
/// visits are the chief's and the admin's to read.
#[test]
fn the_desk_reads_only_the_visits_of_its_open_days() {
    let mut o = office();
    let desk = login(&mut o.store, t0(), "resepsionis", "135792").unwrap();
    let kabag = login(&mut o.store, t0(), "kabag", "135792").unwrap();
    let visit = call(
        &mut o.store,
        t0(),
        Some(&desk),
        json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Budi", "id_type": "ktp", "id_number": "6311011203850001"},
        "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}}),
    )
    .unwrap()["visit_id"]
        .clone();
    let show = json!({"op": "visit.show", "args": {"visit_id": visit}});
    assert!(call(&mut o.store, t0(), Some(&desk), show.clone()).is_ok());
    Connection::open(&o.path)
        .unwrap()
        .execute(
            "INSERT INTO setting (key, value) VALUES ('closed:2026-11-23', '1')",
            [],
        )
        .unwrap();
    let next_day = t0() + Duration::days(1);
    let desk = login(&mut o.store, next_day, "resepsionis", "135792").unwrap();
    let kabag_next = login(&mut o.store, next_day, "kabag", "135792").unwrap();
    let _ = kabag;
    let refused = call(&mut o.store, next_day, Some(&desk), show.clone()).unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");
    assert!(!refused.to_string().contains("Budi"), "{refused}");
    assert!(call(&mut o.store, next_day, Some(&kabag_next), show).is_ok());
}

/// A wrong PIN typed for one account does not make another account at the same address wait.
#[test]
fn a_typo_for_one_account_never_slows_a_colleague_at_the_same_address() {
    let mut o = office();
    login_from(&mut o.store, t0(), lan(30), "resepsionis", "111222").unwrap_err();
    assert!(login_from(&mut o.store, t0(), lan(30), "rahmat", "135792").is_ok());
    // The account itself is slowed down, from that address and from the network.
    let again = login_from(&mut o.store, t0(), lan(30), "resepsionis", "135792").unwrap_err();
    assert!(
        again["message"].as_str().unwrap().contains("tunggu"),
        "{again}"
    );
}

/// The admin sets how long device tokens last: a token made a month ago ends when cut to a
/// week, and a new one lasts the week.
#[test]
fn device_tokens_expire_after_the_period_the_admin_sets() {
    let mut o = office();
    let tv = display_token(&mut o, t0(), "TV");
    let month = t0() + Duration::days(30);
    let admin = login(&mut o.store, month, "admin", "258046").unwrap();
    assert!(call(
        &mut o.store,
        month,
        Some(&tv),
        json!({"op": "display.state"})
    )
    .is_ok());
    let refused = call(
        &mut o.store,
        month,
        Some(&admin),
        json!({"op": "auth.set_device_days", "args": {"days": 0}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_input");
    call(
        &mut o.store,
        month,
        Some(&admin),
        json!({"op": "auth.set_device_days", "args": {"days": 7}}),
    )
    .unwrap();
    assert_eq!(
        call(
            &mut o.store,
            month,
            Some(&tv),
            json!({"op": "display.state"})
        )
        .unwrap_err()["code"],
        "unauthorized"
    );
    let made = call(
        &mut o.store,
        month,
        Some(&admin),
        json!({"op": "auth.create_display", "args": {"name": "TV baru"}}),
    )
    .unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(made["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires.with_timezone(&Utc), month + Duration::days(7));
}
