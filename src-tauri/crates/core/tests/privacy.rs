//! Guests' personal data under UU 27/2022 as the admin and the guest see it: old visits'
//! guests anonymised with the statistics kept, a guest shown what is held about them, and
//! erased on request — never while their card is in the drawer or their visit goes on.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::api::{dispatch, parse_request};
use loket_core::demo::{self, DemoDesk};
use loket_core::desk::Ctx;
use loket_core::privacy::ANONYMOUS_NAME;
use loket_core::{open_with_standards, report, Store};
use rusqlite::Connection;
use serde_json::{json, Value};

fn wita(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn as_admin(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: "Admin Setda (admin)".into(),
        now,
    }
}

fn op(store: &mut Store, ctx: &Ctx, request: Value) -> Result<Value, Value> {
    let parsed = parse_request(request).map_err(|e| serde_json::to_value(e).unwrap())?;
    dispatch(store, ctx, parsed).map_err(|e| serde_json::to_value(e).unwrap())
}

fn rows(path: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn ids(path: &Path, sql: &str) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The guest log's rows without the columns that name the person.
fn statistics(log: &report::GuestLog) -> Vec<Value> {
    log.rows
        .iter()
        .map(|r| {
            json!([
                r.date,
                r.ticket,
                r.arrived,
                r.left,
                r.institution,
                r.service,
                r.official,
                r.waited_minutes,
                r.service_minutes,
                r.outcome,
                r.within_limit
            ])
        })
        .collect()
}

#[test]
fn guests_of_visits_older_than_the_retention_are_anonymised_and_the_statistics_stay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    let old_day = NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
    let recent_day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    demo::build(&mut store, old_day, DemoDesk::Perekonomian).unwrap();
    demo::build(&mut store, recent_day, DemoDesk::Perekonomian).unwrap();
    let now = as_admin(wita(2026, 12, 1, 8, 0));

    // Two years by default: a guest last seen on 25 November 2024 is past it on 1 December
    // 2026; one who came back in 2026 is not.
    let status = op(&mut store, &now, json!({"op": "privacy.status"})).unwrap();
    assert_eq!(status["retention_months"], 24);
    assert_eq!(status["cutoff"], "2024-12-01");
    let old = ids(
        &path,
        "SELECT guest_id FROM visit GROUP BY guest_id HAVING max(office_day) < '2024-12-01'
         EXCEPT SELECT v.guest_id FROM id_custody c JOIN visit v ON v.id = c.visit_id",
    );
    // A card left behind in 2024 is still in the drawer: its guest waits until it is
    // handed over.
    let card_in_drawer = ids(
        &path,
        "SELECT v.guest_id FROM id_custody c JOIN visit v ON v.id = c.visit_id WHERE v.office_day < '2024-12-01'",
    );
    assert_eq!(card_in_drawer.len(), 1);
    let recent = ids(
        &path,
        "SELECT guest_id FROM visit GROUP BY guest_id HAVING max(office_day) >= '2024-12-01'",
    );
    assert!(!old.is_empty() && !recent.is_empty());
    let recent_rows = || {
        rows(
            &path,
            "SELECT g.* FROM guest g WHERE g.id IN (SELECT guest_id FROM visit WHERE office_day >= '2024-12-01') ORDER BY g.id",
        )
    };
    let recent_before = recent_rows();
    let recent_events_before = rows(
        &path,
        "SELECT e.* FROM visit_event e JOIN visit v ON v.id = e.visit_id WHERE v.office_day >= '2024-12-01' ORDER BY e.id",
    );
    let old_log = report::guest_log(&store, &now, old_day, old_day).unwrap();
    let recent_log = report::guest_log(&store, &now, recent_day, recent_day).unwrap();
    let visits_before = rows(&path, "SELECT * FROM visit ORDER BY id");

    let run = op(&mut store, &now, json!({"op": "privacy.apply_retention"})).unwrap();
    assert_eq!(run["anonymised"], old.len());
    assert_eq!(run["skipped"], 1);
    assert_ne!(
        rows(
            &path,
            &format!("SELECT name FROM guest WHERE id = {}", card_in_drawer[0])
        ),
        [format!("Text(\"{ANONYMOUS_NAME}\")")]
    );

    // The old guests are no one now.
    let old_list = old
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let anonymous = rows(
        &path,
        &format!("SELECT name, name_key, phone, id_last4, anonymised_at IS NOT NULL FROM guest WHERE id IN ({old_list})"),
    );
    assert!(
        anonymous
            .iter()
            .all(|r| r
                == &format!("Text(\"{ANONYMOUS_NAME}\")|Text(\"\")|Null|Text(\"\")|Integer(1)"))
    );
    let purposes = rows(
        &path,
        &format!("SELECT DISTINCT json_extract(e.data, '$.purpose') FROM visit_event e JOIN visit v ON v.id = e.visit_id WHERE v.guest_id IN ({old_list}) AND e.kind = 'checked_in'"),
    );
    assert_eq!(purposes, ["Text(\"(dianonimkan)\")"]);
    let old_log_after = report::guest_log(&store, &now, old_day, old_day).unwrap();
    assert_eq!(
        old_log_after
            .rows
            .iter()
            .filter(|r| r.name == ANONYMOUS_NAME)
            .count(),
        old_log.rows.len() - 1
    );
    // The statistics stay: the same visits, times, services, officials, waits and outcomes.
    assert_eq!(statistics(&old_log_after), statistics(&old_log));
    assert_eq!(
        rows(&path, "SELECT * FROM visit ORDER BY id"),
        visits_before
    );
    // The guests of recent visits, and those visits' events, are untouched.
    assert_eq!(recent_rows(), recent_before);
    assert_eq!(
        rows(&path, "SELECT e.* FROM visit_event e JOIN visit v ON v.id = e.visit_id WHERE v.office_day >= '2024-12-01' ORDER BY e.id"),
        recent_events_before
    );
    assert_eq!(
        serde_json::to_value(report::guest_log(&store, &now, recent_day, recent_day).unwrap())
            .unwrap(),
        serde_json::to_value(&recent_log).unwrap()
    );

    // Idempotent: a second run finds no one and changes nothing but its log line.
    let guests = rows(&path, "SELECT * FROM guest ORDER BY id");
    let events = rows(&path, "SELECT * FROM visit_event ORDER BY id");
    let again = op(&mut store, &now, json!({"op": "privacy.apply_retention"})).unwrap();
    assert_eq!(again["anonymised"], 0);
    assert_eq!(rows(&path, "SELECT * FROM guest ORDER BY id"), guests);
    assert_eq!(rows(&path, "SELECT * FROM visit_event ORDER BY id"), events);

    // Both runs are in the log: who, when, how many.
    let status = op(&mut store, &now, json!({"op": "privacy.status"})).unwrap();
    assert_eq!(status["anonymised_guests"], old.len());
    let log = status["log"].as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["guests"], 0);
    assert_eq!(log[1]["guests"], old.len());
    assert_eq!(log[1]["actor"], "Admin Setda (admin)");
    assert_eq!(log[1]["action"], "retensi");

    // A shorter retention reaches further, and is logged; out of range is refused.
    let err = op(
        &mut store,
        &now,
        json!({"op": "privacy.set_retention", "args": {"months": 0}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let set = op(
        &mut store,
        &now,
        json!({"op": "privacy.set_retention", "args": {"months": 12}}),
    )
    .unwrap();
    assert_eq!(set["retention_months"], 12);
    assert_eq!(set["log"][0]["action"], "atur_retensi");
    // The events of an anonymised guest cannot be changed again, nor anyone's deleted.
    let conn = Connection::open(&path).unwrap();
    assert!(conn
        .execute(
            "UPDATE visit_event SET data = '{}', redacted_at = 'x' WHERE redacted_at IS NOT NULL",
            []
        )
        .is_err());
    assert!(conn
        .execute(
            "UPDATE visit_event SET at = 'x', redacted_at = 'x' WHERE redacted_at IS NULL",
            []
        )
        .is_err());
    assert!(conn.execute("DELETE FROM data_log", []).is_err());
}

/// Checks a guest in for perekonomian-1 and returns (visit id, guest id).
fn check_in(store: &mut Store, ctx: &Ctx, guest: Value, slot: Option<u32>) -> (i64, i64) {
    let name = guest["name"].as_str().unwrap().to_string();
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let done = op(store, ctx, json!({"op": "desk.check_in", "args": {
        "guest": guest, "service": "balangan-perekonomian-1",
        "purpose": format!("Menanyakan izin usaha toko bangunan milik {name}"),
        "admitted_note": "persyaratan menyusul",
        "blanko": {"topic": "Izin usaha", "questions": "Syarat izin toko bangunan?", "contact": email},
        "slot": slot}}))
    .unwrap();
    let visit = done["visit_id"].as_i64().unwrap();
    let shown = op(
        store,
        ctx,
        json!({"op": "visit.show", "args": {"visit_id": visit}}),
    )
    .unwrap();
    (visit, shown["visit"]["guest"]["id"].as_i64().unwrap())
}

fn file_contains(path: &Path, needle: &str) -> bool {
    let mut found = false;
    for p in [path.to_path_buf(), path.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&p) {
            found |= bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        }
    }
    found
}

#[test]
fn a_guest_sees_what_is_held_and_is_erased_once_their_card_and_visit_are_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut s = open_with_standards(&path).unwrap();
    let t = |h, m| as_admin(wita(2026, 11, 23, h, m));
    op(&mut s, &t(7, 30), json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}})).unwrap();
    let official = op(&mut s, &t(7, 30), json!({"op": "office.save_official", "args": {"name": "Rahmat", "title": "Kasubbag", "room": "Ruang 1", "services": ["balangan-perekonomian-1"]}})).unwrap()["id"].as_i64().unwrap();
    let (visit, budi) = check_in(
        &mut s,
        &t(9, 0),
        json!({"name": "Budi Santoso", "phone": "0812-3456-7890", "id_type": "ktp", "id_number": "6307011505900001"}),
        Some(2),
    );
    let (_, sari) = check_in(
        &mut s,
        &t(9, 5),
        json!({"name": "Sari Wulandari", "id_type": "sim", "id_number": "123456789012"}),
        None,
    );

    // What Loket holds about Budi: masked as on screen, with the visit.
    let subject = op(
        &mut s,
        &t(9, 6),
        json!({"op": "privacy.subject", "args": {"guest_id": budi}}),
    )
    .unwrap();
    assert_eq!(subject["guest"]["name"], "Budi Santoso");
    assert_eq!(subject["guest"]["phone_masked"], "0812••••7890");
    assert_eq!(subject["guest"]["id_masked"], "••••0001");
    assert_eq!(subject["visits"].as_array().unwrap().len(), 1);
    assert_eq!(subject["visits"][0]["ticket"], "P-001");
    // Dates as an Indonesian reads them, in the office's zone (09.00 WITA is 01.00 UTC).
    assert_eq!(subject["visits"][0]["arrived_date"], "23/11/2026");
    assert_eq!(subject["first_seen_label"], "23/11/2026 09.00");
    assert_eq!(
        subject["visits"][0]["service_code"],
        "balangan-perekonomian-1"
    );
    let text = subject.to_string();
    assert!(!text.contains("081234567890") && !text.contains("6307011505900001"));
    assert!(subject["note"].as_str().unwrap().contains("survei"));

    // Not while the card is in the drawer, nor while a visit goes on; nothing changes.
    let guests = rows(&path, "SELECT * FROM guest ORDER BY id");
    let events = rows(&path, "SELECT * FROM visit_event ORDER BY id");
    let erase = |guest: i64| json!({"op": "privacy.erase", "args": {"guest_id": guest, "reason": "Permintaan tertulis tamu, 23 November 2026"}});
    let err = op(&mut s, &t(9, 10), erase(budi)).unwrap_err();
    assert_eq!(err["code"], "refused");
    assert!(
        err["message"].as_str().unwrap().contains("laci nomor 2"),
        "{err}"
    );
    let err = op(&mut s, &t(9, 10), erase(sari)).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("belum selesai"),
        "{err}"
    );
    assert_eq!(rows(&path, "SELECT * FROM guest ORDER BY id"), guests);
    assert_eq!(rows(&path, "SELECT * FROM visit_event ORDER BY id"), events);
    assert!(rows(&path, "SELECT * FROM data_log WHERE action <> 'lihat'").is_empty());
    // Reading what is held about Budi is itself in the data log: who, when, which guest.
    assert_eq!(
        rows(&path, "SELECT action, guest_id, actor FROM data_log"),
        [format!(
            "Text(\"lihat\")|Integer({budi})|Text(\"Admin Setda (admin)\")"
        )]
    );

    // Served, card given back, gone: now the request is carried out.
    for (m, request) in [
        (
            15,
            json!({"op": "queue.call", "args": {"official_id": official, "visit_id": visit}}),
        ),
        (
            16,
            json!({"op": "queue.start", "args": {"official_id": official, "visit_id": visit}}),
        ),
        (
            40,
            json!({"op": "queue.finish", "args": {"official_id": official, "visit_id": visit,
            "outcome": {"notes": "Budi akan melengkapi NIB", "result": "Dijelaskan persyaratannya", "follow_up": "Hubungi 0812-3456-7890", "closed": true}}}),
        ),
        (
            45,
            json!({"op": "desk.return_card", "args": {"visit_id": visit, "to": {"by": "guest"}}}),
        ),
        (
            45,
            json!({"op": "desk.check_out", "args": {"visit_id": visit}}),
        ),
    ] {
        op(&mut s, &t(9, m), request).unwrap();
    }
    let served = op(
        &mut s,
        &t(10, 0),
        json!({"op": "visit.show", "args": {"visit_id": visit}}),
    )
    .unwrap()["visit"]
        .clone();
    assert!(file_contains(&path, "Budi Santoso") || file_contains(&path, "budi santoso"));

    let erased = op(&mut s, &t(10, 0), erase(budi)).unwrap();
    assert_eq!(erased["visits"], 1);

    let after = op(
        &mut s,
        &t(10, 1),
        json!({"op": "privacy.subject", "args": {"guest_id": budi}}),
    )
    .unwrap();
    assert_eq!(after["guest"]["name"], ANONYMOUS_NAME);
    assert_eq!(after["guest"]["phone_masked"], Value::Null);
    assert!(after["anonymised_at"].is_string());
    let v = &after["visits"][0];
    // The visit's statistics stay; its personal text is gone.
    for key in [
        "ticket",
        "service_code",
        "arrived",
        "left",
        "waited_minutes",
        "service_minutes",
        "status",
    ] {
        assert_eq!(v[key], served[key], "{key}");
    }
    assert_eq!(v["outcome"]["result"], "Dijelaskan persyaratannya");
    assert_eq!(v["outcome"]["closed"], true);
    assert_eq!(v["outcome"]["notes"], "(dianonimkan)");
    assert_eq!(v["purpose"], "(dianonimkan)");
    assert_eq!(v["blanko"]["contact"], "(dianonimkan)");
    // The erasure is logged with who, when and why, and not what was erased.
    // The reading of what was held before is logged as well.
    assert_eq!(after["log"].as_array().unwrap().len(), 2);
    assert_eq!(after["log"][0]["actor"], "Admin Setda (admin)");
    assert_eq!(after["log"][0]["action"], "hapus");
    assert_eq!(after["log"][1]["action"], "lihat");
    assert!(!after["log"].to_string().contains("Budi"));

    // Nobody finds Budi any more, by name, phone or card; Sari is untouched.
    for query in ["budi", "08123456", "6307011505900001"] {
        let found = op(
            &mut s,
            &t(10, 2),
            json!({"op": "guest.find", "args": {"query": query}}),
        )
        .unwrap();
        assert_eq!(found, json!([]), "{query}");
    }
    let sari_now = op(
        &mut s,
        &t(10, 2),
        json!({"op": "privacy.subject", "args": {"guest_id": sari}}),
    )
    .unwrap();
    assert_eq!(sari_now["guest"]["name"], "Sari Wulandari");
    // Not in the database file either: overwritten, not left in free space.
    for secret in [
        "Budi Santoso",
        "budi santoso",
        "081234567890",
        "budi.santoso@example.com",
        "melengkapi NIB",
    ] {
        assert!(!file_contains(&path, secret), "{secret} still in the file");
    }

    // Once is enough; unknown guests and empty reasons are refused.
    let err = op(&mut s, &t(10, 3), erase(budi)).unwrap_err();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("sudah dianonimkan"));
    assert_eq!(
        op(&mut s, &t(10, 3), erase(999)).unwrap_err()["code"],
        "not_found"
    );
    let err = op(
        &mut s,
        &t(10, 3),
        json!({"op": "privacy.erase", "args": {"guest_id": sari, "reason": "  "}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        rows(&path, "SELECT * FROM data_log WHERE action <> 'lihat'").len(),
        1
    );
}

#[test]
fn a_closed_complaints_contact_goes_with_the_retention_and_an_open_ones_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    // An office that is set up (a demo day does that).
    demo::build(
        &mut store,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        DemoDesk::Perekonomian,
    )
    .unwrap();
    let then = as_admin(wita(2024, 1, 10, 9, 0));
    let record = |store: &mut Store, summary: &str| {
        op(
            store,
            &then,
            json!({"op": "complaint.record", "args": {
            "kind": "pengaduan", "channel": "whatsapp", "received_on": "2024-01-10",
            "summary": summary, "contact": "0812 3456 7890"}}),
        )
        .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let closed = record(&mut store, "Antrean lama");
    let open = record(&mut store, "Belum dijawab");
    op(
        &mut store,
        &then,
        json!({"op": "complaint.update", "args": {
        "id": closed, "status": "selesai", "follow_up": "Dijawab melalui WhatsApp"}}),
    )
    .unwrap();
    let now = as_admin(wita(2026, 12, 1, 8, 0));
    op(&mut store, &now, json!({"op": "privacy.apply_retention"})).unwrap();
    let contact = |store: &mut Store, id: i64| {
        op(
            store,
            &now,
            json!({"op": "complaint.show", "args": {"id": id}}),
        )
        .unwrap()["contact"]
            .clone()
    };
    assert!(contact(&mut store, closed).is_null());
    assert_eq!(contact(&mut store, open), "0812 3456 7890");
    // The complaint itself stays, counted in the recaps.
    let list = op(
        &mut store,
        &now,
        json!({"op": "complaint.list", "args": {"from": "2024-01-01", "to": "2024-12-31"}}),
    )
    .unwrap();
    assert_eq!(list["counts"]["total"], 2);
}

/// A Perekonomian desk with a demo day (23 November 2026) behind it.
fn desk_after_a_day() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    demo::build(&mut store, day, DemoDesk::Perekonomian).unwrap();
    (dir, path, store)
}

/// The database's ID key file, by the key id the database names, and the key in it.
fn key_of(path: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let key_id: String = Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT lower(hex(value)) FROM secret WHERE name = 'id_hash_key'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let file = loket_core::store::idkey::key_path(&key_id);
    let (_, key) = loket_core::store::idkey::read_key_file(&file).unwrap();
    (file, key)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The database file, its journal and every backup in the folder beside it, as bytes.
fn every_file_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = path.parent().unwrap();
    let mut files = Vec::new();
    for entry in walk(dir) {
        files.push((entry.display().to_string(), std::fs::read(&entry).unwrap()));
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The key that hashes ID numbers lives in a file of its own, readable by its owner only,
/// never in the database or its backups; a database taken to a machine without the key
/// still opens, and matching returning guests by their ID number starts afresh, as the
/// privacy screen says.
#[test]
fn the_id_key_lives_outside_the_database_and_its_backups() {
    let (dir, path, mut store) = desk_after_a_day();
    let at = as_admin(wita(2026, 11, 24, 9, 0));
    let nik = "6307014107900001";
    check_in(
        &mut store,
        &at,
        json!({"name": "Halimah Kunci", "id_type": "ktp", "id_number": nik}),
        None,
    );
    let found = |store: &mut Store| {
        op(
            store,
            &at,
            json!({"op": "guest.find", "args": {"query": nik}}),
        )
        .unwrap()
    };
    assert_eq!(found(&mut store)[0]["name"], "Halimah Kunci");
    op(&mut store, &at, json!({"op": "backup.create"})).unwrap();

    let (key_file, key) = key_of(&path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&key_file), 0o600, "the key file is its owner's alone");
        assert_eq!(mode(&path), 0o600, "the database is its owner's alone");
    }
    let files = every_file_of(&path);
    assert!(
        files.iter().any(|(name, _)| name.contains("backups")),
        "a backup was made"
    );
    for (name, bytes) in &files {
        assert!(!contains(bytes, &key), "the key is not in {name}");
    }

    // The database and a backup taken to another machine, which has no key file.
    drop(store);
    let backup = walk(&dir.path().join("backups"))
        .into_iter()
        .next()
        .unwrap();
    let other = tempfile::tempdir().unwrap();
    let moved = other.path().join("loket.db");
    std::fs::copy(&backup, &moved).unwrap();
    std::fs::remove_file(&key_file).unwrap();
    let mut store = open_with_standards(&moved).unwrap();
    assert!(
        found(&mut store).as_array().unwrap().is_empty(),
        "not matched by the number any more"
    );
    let by_name = op(
        &mut store,
        &at,
        json!({"op": "guest.find", "args": {"query": "Halimah"}}),
    )
    .unwrap();
    assert_eq!(by_name[0]["name"], "Halimah Kunci", "still found by name");
    let status = op(&mut store, &at, json!({"op": "privacy.status"})).unwrap();
    assert!(
        status["id_key_notice"]
            .as_str()
            .unwrap()
            .contains("tidak lagi dikenali dari nomor identitasnya"),
        "{status}"
    );
    // From now on the new key matches the guest by number again.
    check_in(
        &mut store,
        &at,
        json!({"name": "Halimah Kunci", "id_type": "ktp", "id_number": nik}),
        None,
    );
    assert_eq!(found(&mut store).as_array().unwrap().len(), 1);
}

/// An older database kept its key inside: opening it moves the key out to a file, and the
/// returning guests it knew are still matched by their number.
#[test]
fn an_older_databases_key_is_moved_out_and_still_matches() {
    let (_dir, path, mut store) = desk_after_a_day();
    let at = as_admin(wita(2026, 11, 24, 9, 0));
    let nik = "6307014107900002";
    check_in(
        &mut store,
        &at,
        json!({"name": "Rusdi Lama", "id_type": "ktp", "id_number": nik}),
        None,
    );
    drop(store);
    // As an older Loket kept it: the key inside the database.
    let (key_file, key) = key_of(&path);
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM secret WHERE name = 'id_hash_key'", [])
        .unwrap();
    conn.execute(
        "INSERT INTO secret (name, value) VALUES ('id_hash', ?1)",
        [&key],
    )
    .unwrap();
    drop(conn);
    std::fs::remove_file(&key_file).unwrap();

    let mut store = open_with_standards(&path).unwrap();
    let found = op(
        &mut store,
        &at,
        json!({"op": "guest.find", "args": {"query": nik}}),
    )
    .unwrap();
    assert_eq!(found[0]["name"], "Rusdi Lama");
    let inside: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM secret WHERE name = 'id_hash'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(inside, 0, "the key is no longer inside the database");
}

/// A marker planted in every free text a guest's visit can reach — purpose, note, person to
/// meet, letter, blanko, correction, hold and transfer reasons, the consultation's notes, the
/// desk's reason for a consultation the official never finished, who collected the card, the survey comment, a complaint contact that is their phone — is gone
/// from the database file and its journal once the guest is erased.
#[test]
fn an_erased_guests_free_text_is_nowhere_in_the_database_files() {
    const MARK: &str = "PENANDARAHASIA";
    let (_dir, path, mut store) = desk_after_a_day();
    let at = |h: u32, m: u32| as_admin(wita(2026, 11, 24, h, m));
    let mut ok = |m: u32, request: Value| {
        op(&mut store, &at(9, m), request.clone()).unwrap_or_else(|e| panic!("{request} → {e}"))
    };
    let office = ok(0, json!({"op": "office.get"}));
    let official = office["officials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["services"]
                .to_string()
                .contains("balangan-perekonomian-1")
        })
        .unwrap()["id"]
        .clone();
    let blanko = json!({"topic": format!("{MARK} topik"), "questions": format!("{MARK} tanya"),
        "documents": format!("{MARK} berkas"), "contact": format!("{MARK} kontak")});
    let visit = ok(1, json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Marni Penanda", "id_type": "ktp", "id_number": "6307014107900003", "phone": "081234567899", "institution": "Dinas X"},
        "service": "balangan-perekonomian-1", "purpose": format!("{MARK} keperluan"),
        "person_to_meet": format!("{MARK} orang"), "admitted_note": format!("{MARK} catatan"),
        "letter": {"number": format!("{MARK}/SPT/2026"), "date": "2026-11-20", "institution": "Dinas X", "held": false},
        "blanko": blanko, "slot": 3}}))["visit_id"]
        .clone();
    ok(
        2,
        json!({"op": "visit.correct", "args": {"visit_id": visit, "correction": {"what": "purpose", "purpose": format!("{MARK} keperluan baru")}, "note": format!("{MARK} alasan koreksi")}}),
    );
    ok(
        3,
        json!({"op": "queue.hold", "args": {"visit_id": visit, "reason": format!("{MARK} tunda")}}),
    );
    ok(
        4,
        json!({"op": "queue.resume", "args": {"visit_id": visit}}),
    );
    ok(
        5,
        json!({"op": "queue.transfer", "args": {"visit_id": visit, "to_official": official, "reason": format!("{MARK} alih")}}),
    );
    ok(
        6,
        json!({"op": "queue.call", "args": {"official_id": official, "visit_id": visit}}),
    );
    ok(
        7,
        json!({"op": "queue.start", "args": {"official_id": official, "visit_id": visit}}),
    );
    ok(
        20,
        json!({"op": "queue.finish", "args": {"official_id": official, "visit_id": visit, "outcome": {
        "result": "Dijelaskan", "notes": format!("{MARK} hasil"), "follow_up": format!("{MARK} lanjut"), "closed": true}}}),
    );
    ok(
        21,
        json!({"op": "skm.submit", "args": {"visit_id": visit, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4], "comment": format!("{MARK} komentar")}}),
    );
    ok(
        22,
        json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "whatsapp", "summary": "Ruang tunggu panas", "contact": "+62 812-3456-7899"}}),
    );
    ok(
        23,
        json!({"op": "desk.return_card", "args": {"visit_id": visit, "to": {"by": "other", "name": format!("{MARK} pengambil"), "relation": format!("{MARK} saudara")}}}),
    );
    ok(
        24,
        json!({"op": "desk.check_out", "args": {"visit_id": visit}}),
    );
    let guest = ok(25, json!({"op": "guest.find", "args": {"query": "Marni"}}))[0]["id"].clone();
    // She comes back; the official calls her and never finishes: the desk records why.
    let again = ok(30, json!({"op": "desk.check_in", "args": {
        "guest": {"id": guest, "name": "Marni Penanda", "id_type": "ktp", "id_number": "6307014107900003"},
        "service": "balangan-perekonomian-1", "purpose": "Konsultasi lanjutan", "admitted_note": "kembali"}}))["visit_id"]
        .clone();
    ok(
        31,
        json!({"op": "queue.call", "args": {"official_id": official, "visit_id": again}}),
    );
    ok(
        32,
        json!({"op": "desk.finish_for_official", "args": {"visit_id": again, "what": {"what": "other", "reason": format!("{MARK} alasan meja")}}}),
    );
    ok(
        33,
        json!({"op": "desk.check_out", "args": {"visit_id": again}}),
    );
    ok(
        34,
        json!({"op": "privacy.erase", "args": {"guest_id": guest, "reason": "Permintaan tertulis"}}),
    );
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let _: (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    drop(conn);
    let mut scanned = 0;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        if let Ok(bytes) = std::fs::read(&file) {
            scanned += 1;
            for needle in [MARK, "081234567899", "3456-7899", "Marni"] {
                assert!(
                    !contains(&bytes, needle.as_bytes()),
                    "{needle} is still in {}",
                    file.to_string_lossy()
                );
            }
        }
    }
    assert!(scanned >= 1);
}
