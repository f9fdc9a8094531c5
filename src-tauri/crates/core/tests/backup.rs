//! Backups as the admin relies on them: a restore gives back exactly what was backed up, a
//! bad file is refused and changes nothing, daily backups are made once a day and rotated,
//! and a schema migration is preceded by a backup of the older database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::api::{dispatch, parse_request};
use loket_core::demo::{self, DemoDesk};
use loket_core::desk::Ctx;
use loket_core::store::backup::{self, Kind};
use loket_core::{open_with_standards, Store};
use rusqlite::Connection;
use serde_json::{json, Value};

fn wita(d: u32, h: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn admin(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: "Admin Setda (admin)".into(),
        now,
    }
}

fn op(store: &mut Store, ctx: &Ctx, request: Value) -> Result<Value, Value> {
    let parsed = parse_request(request).map_err(|e| serde_json::to_value(e).unwrap())?;
    dispatch(store, ctx, parsed).map_err(|e| serde_json::to_value(e).unwrap())
}

/// Every row of the tables that hold the desk's data, as text, read through another
/// connection as any reader would see them.
fn snapshot(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open(path).unwrap();
    let tables = [
        "guest",
        "visit",
        "visit_event",
        "account",
        "official",
        "official_service",
        "id_slot",
        "id_custody",
        "setting",
        "secret",
        "ticket_counter",
        "holiday",
        "auth_log",
        "export_log",
        "survey_response",
        "complaint",
        "complaint_event",
        "standards_version",
    ];
    tables
        .iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (t.to_string(), rows)
        })
        .collect()
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A database with a demo day at a Balangan desk.
fn desk_with_a_day() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    demo::build(
        &mut store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        DemoDesk::Perekonomian,
    )
    .unwrap();
    (dir, path, store)
}

#[test]
fn a_restore_gives_back_exactly_what_was_backed_up() {
    let (dir, path, mut store) = desk_with_a_day();
    let before = snapshot(&path);
    assert!(before["visit"].len() > 10 && before["visit_event"].len() > 50);

    let made = op(
        &mut store,
        &admin(wita(23, 17)),
        json!({"op": "backup.create"}),
    )
    .unwrap();
    let name = made["name"].as_str().unwrap().to_string();
    assert_eq!(name, "loket-2026-11-23T1700-manual.db");
    assert!(dir.path().join("backups").join(&name).is_file());
    assert!(made["bytes"].as_u64().unwrap() > 100_000);

    // The desk goes on: another whole day, a complaint, a new account.
    demo::build(
        &mut store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        DemoDesk::Perekonomian,
    )
    .unwrap();
    op(&mut store, &admin(wita(24, 17)), json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "kotak_saran", "summary": "Kursi ruang tunggu kurang"}})).unwrap();
    assert_ne!(snapshot(&path), before);
    let day_two = count(&path, "SELECT count(*) FROM visit");

    let restored = op(
        &mut store,
        &admin(wita(25, 8)),
        json!({"op": "backup.restore", "args": {"name": name}}),
    )
    .unwrap();
    assert_eq!(restored["version"], loket_core::store::SCHEMA_VERSION);
    assert_eq!(restored["before"]["kind"], "sebelum_pemulihan");

    // Every row of every table is as it was when the backup was made, seen from outside.
    assert_eq!(snapshot(&path), before);
    // The same open store goes on working on the restored data.
    let today = op(
        &mut store,
        &admin(wita(23, 17)),
        json!({"op": "desk.today"}),
    )
    .unwrap();
    assert_eq!(
        today["visits"].as_array().unwrap().len(),
        before["visit"].len()
    );
    // The restore is logged in the restored data.
    assert_eq!(
        count(&path, "SELECT count(*) FROM data_log WHERE action = 'pulihkan' AND actor = 'Admin Setda (admin)'"),
        1
    );

    // And it can be undone: the backup made just before holds the second day.
    let undo = restored["before"]["name"].as_str().unwrap().to_string();
    op(
        &mut store,
        &admin(wita(25, 9)),
        json!({"op": "backup.restore", "args": {"name": undo}}),
    )
    .unwrap();
    assert_eq!(count(&path, "SELECT count(*) FROM visit"), day_two);
    let listed = op(
        &mut store,
        &admin(wita(25, 9)),
        json!({"op": "backup.list"}),
    )
    .unwrap();
    let kinds: Vec<&str> = listed["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["sebelum_pemulihan", "sebelum_pemulihan", "manual"]);
}

#[test]
fn files_that_are_not_whole_loket_databases_are_refused_and_change_nothing() {
    let (dir, path, mut store) = desk_with_a_day();
    let ctx = admin(wita(23, 17));
    let good = backup::create(&store, &ctx, Kind::Manual).unwrap();
    let folder = dir.path().join("backups");

    // A text file, an empty file, another program's SQLite database, a damaged backup and a
    // backup from a newer Loket, each given a backup's name.
    let bad = |n: u32| folder.join(format!("loket-2026-11-2{n}T0800-manual.db"));
    std::fs::write(bad(0), "nama;telepon\nBudi;0812\n").unwrap();
    std::fs::write(bad(1), "").unwrap();
    {
        let other = Connection::open(bad(2)).unwrap();
        other
            .execute_batch(
                "PRAGMA application_id = 7; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            )
            .unwrap();
    }
    let mut bytes = std::fs::read(&good.path).unwrap();
    let (from, to) = (bytes.len() / 3, bytes.len() * 2 / 3);
    bytes[from..to].iter_mut().for_each(|b| *b = 0xA5);
    std::fs::write(bad(3), bytes).unwrap();
    std::fs::copy(&good.path, bad(4)).unwrap();
    Connection::open(bad(4))
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();

    let before = snapshot(&path);
    let files_before = backup::list_in(&folder).unwrap().len();
    for (n, code, words) in [
        (0, "not_loket_database", "bukan basis data Loket"),
        (1, "not_loket_database", "bukan basis data Loket"),
        (2, "not_loket_database", "bukan basis data Loket"),
        (3, "corrupt_database", "rusak"),
        (4, "newer_database", "versi yang lebih baru"),
    ] {
        let name = bad(n).file_name().unwrap().to_string_lossy().into_owned();
        let err = op(
            &mut store,
            &ctx,
            json!({"op": "backup.restore", "args": {"name": name}}),
        )
        .unwrap_err();
        assert_eq!(err["code"], code, "{name}: {err}");
        assert!(err["message"].as_str().unwrap().contains(words), "{err}");
    }
    // Names outside the folder are not backups at all.
    for name in ["../loket.db", "/etc/passwd", "loket.db"] {
        let err = op(
            &mut store,
            &ctx,
            json!({"op": "backup.restore", "args": {"name": name}}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "not_found", "{name}");
    }
    assert_eq!(snapshot(&path), before);
    // No backup "before restore" was made for a refused restore.
    assert_eq!(backup::list_in(&folder).unwrap().len(), files_before);
}

#[test]
fn one_daily_backup_a_day_and_only_the_last_ones_are_kept() {
    let (dir, _path, mut store) = desk_with_a_day();
    let folder = dir.path().join("backups");
    op(
        &mut store,
        &admin(wita(23, 17)),
        json!({"op": "backup.set_keep", "args": {"daily": 3}}),
    )
    .unwrap();
    let manual = backup::create(&store, &admin(wita(23, 18)), Kind::Manual).unwrap();

    let start = wita(24, 7);
    let mut recent = Vec::new();
    for day in 0..5 {
        let morning = start + Duration::days(day);
        if day == 3 {
            // Made the day before the last morning: within the three days kept.
            recent.push(backup::create(&store, &admin(morning), Kind::Manual).unwrap());
            recent.push(backup::create(&store, &admin(morning), Kind::SebelumMigrasi).unwrap());
        }
        let made = backup::ensure_daily(&store, morning).unwrap();
        assert!(made.is_some(), "day {day}");
        // Called again the same office day (late evening, still the same day in WITA), it
        // makes nothing.
        assert!(backup::ensure_daily(&store, morning + Duration::hours(15))
            .unwrap()
            .is_none());
    }
    let daily: Vec<String> = backup::list_in(&folder)
        .unwrap()
        .into_iter()
        .filter(|f| f.kind == Kind::Harian)
        .map(|f| f.name)
        .collect();
    assert_eq!(
        daily,
        [
            "loket-2026-11-28T0700-harian.db",
            "loket-2026-11-27T0700-harian.db",
            "loket-2026-11-26T0700-harian.db",
        ]
    );
    // Every kind is rotated: a backup on demand older than the days kept is gone (an erased
    // guest's data does not outlive the rotation in any backup); recent ones stay.
    assert!(!manual.path.exists(), "{}", manual.name);
    for file in &recent {
        assert!(file.path.is_file(), "{}", file.name);
    }
    // No temporary file is left behind.
    let stray: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("loket-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_schema_migration_is_preceded_by_a_verified_backup_but_a_new_database_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("baru").join("loket.db");
    Store::open(&fresh).unwrap();
    assert!(backup::list_in(&dir.path().join("baru").join("backups"))
        .unwrap()
        .is_empty());

    let old = dir.path().join("lama").join("loket.db");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    Store::create_at_version(&old, 5).unwrap();
    let store = Store::open(&old).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        loket_core::store::SCHEMA_VERSION
    );
    let made = backup::list_in(&dir.path().join("lama").join("backups")).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].kind, Kind::SebelumMigrasi);
    // The backup is the database as it was: at schema 5, and whole.
    assert_eq!(backup::verify(&made[0].path).unwrap(), 5);
}

#[test]
fn an_older_backup_is_restored_and_brought_up_to_date() {
    let (dir, path, mut store) = desk_with_a_day();
    let old = dir
        .path()
        .join("backups")
        .join("loket-2026-01-05T0800-manual.db");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    Store::create_at_version(&old, 5).unwrap();
    op(
        &mut store,
        &admin(wita(23, 17)),
        json!({"op": "backup.restore", "args": {"name": "loket-2026-01-05T0800-manual.db"}}),
    )
    .unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        loket_core::store::SCHEMA_VERSION
    );
    assert_eq!(count(&path, "SELECT count(*) FROM visit"), 0);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM data_log WHERE action = 'pulihkan'"
        ),
        1
    );
}

/// A device token revoked after a backup was made stays revoked when that backup is
/// restored: a tablet that walked away does not come back with an older database.
#[test]
fn a_restore_never_brings_back_a_revoked_device_token() {
    use loket_core::auth::sessions;
    let (_dir, _path, mut store) = desk_with_a_day();
    let at = admin(wita(24, 9));
    let tablet = sessions::create_kiosk(&mut store, &at, "Tablet survei")
        .unwrap()
        .token;
    let backup = backup::create(&store, &at, Kind::Manual).unwrap();
    let id = sessions::devices(&store, &at).unwrap()[0].id;
    sessions::revoke_device(&mut store, &at, id).unwrap();
    let later = admin(wita(24, 10));
    backup::restore(&mut store, &later, &backup.path).unwrap();
    let used = loket_core::api::handle(
        &mut store,
        later.now,
        Some(&tablet),
        json!({"op": "skm.pending"}),
    );
    assert!(
        matches!(used, Err(loket_core::CoreError::Unauthorized(_))),
        "{used:?}"
    );
}

/// A database written by Loket 0.1.0 (schema 10; `tests/fixtures/README.md` says how it was
/// made) opens in this version migrated, with a backup of it as it was made first, and keeps
/// what the office had: the day's visits, both accounts with their PINs (the receptionist's
/// 4-digit one too), the office, the retention and the backups kept.
#[test]
fn a_database_of_loket_0_1_0_is_upgraded_with_its_visits_accounts_and_settings() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/loket-v0.1.0.db");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    std::fs::copy(&fixture, &path).unwrap();
    let before = snapshot(&path);
    assert_eq!(count(&path, "PRAGMA user_version"), 10);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        loket_core::store::SCHEMA_VERSION
    );

    // The backup made before the migration is the 0.1.0 database, whole and unchanged.
    let made = backup::list_in(&dir.path().join("backups")).unwrap();
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].kind, Kind::SebelumMigrasi);
    assert_eq!(backup::verify(&made[0].path).unwrap(), 10);
    assert_eq!(
        snapshot(&made[0].path),
        before,
        "the backup differs from the 0.1.0 database"
    );

    // The visits of the day and their guests are all there.
    assert_eq!(count(&path, "SELECT count(*) FROM visit"), 40);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM visit WHERE office_day = '2026-11-23'"
        ),
        40
    );
    assert_eq!(count(&path, "SELECT count(*) FROM guest"), 40);

    // Both accounts log in with the PINs they had.
    let now = Utc::now();
    for (user, pin) in [("admin", "135790"), ("resepsionis", "2468")] {
        let answer = loket_core::api::handle(
            &mut store,
            now,
            None,
            json!({"op": "auth.login", "args": {"username": user, "pin": pin}}),
        );
        assert!(answer.is_ok(), "{user} cannot log in: {answer:?}");
    }

    // The settings: the office, the retention and the backups kept.
    let admin = admin(now);
    let office = op(&mut store, &admin, json!({"op": "office.get"})).unwrap();
    assert_eq!(office["kabupaten"], "Kabupaten Balangan", "{office}");
    let privacy = op(&mut store, &admin, json!({"op": "privacy.status"})).unwrap();
    assert_eq!(privacy["retention_months"], 36, "{privacy}");
    let backups = op(&mut store, &admin, json!({"op": "backup.list"})).unwrap();
    assert_eq!(backups["keep_daily"], 10, "{backups}");
}
