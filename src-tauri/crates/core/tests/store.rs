//! The store on real SQLite files: created and migrated from nothing; foreign, newer and
//! corrupt files refused and left untouched; standards imported as new versions; malformed
//! files refused whole with nothing imported.

use std::path::Path;

use loket_core::catalog::{self, Filter};
use loket_core::error::CoreError;
use loket_core::standards::import::{ensure_bundled, import_file, Origin};
use loket_core::standards::BUNDLED;
use loket_core::store::{APPLICATION_ID, SCHEMA_VERSION};
use loket_core::{open_with_standards, Store};
use rusqlite::Connection;
use serde_json::Value;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn blitar_json() -> Value {
    serde_json::from_str(BUNDLED[1].text).unwrap()
}

#[test]
fn a_new_database_is_created_migrated_and_loaded_with_both_decrees() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/loket.db");
    let store = open_with_standards(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(
        count(&path, "SELECT count(*) FROM current_service"),
        63 + 23
    );
    assert_eq!(count(&path, "SELECT count(*) FROM standards_version"), 2);
}

#[test]
fn opening_again_imports_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    drop(open_with_standards(&path).unwrap());
    let mut store = Store::open(&path).unwrap();
    assert!(ensure_bundled(&mut store).unwrap().is_empty());
    drop(store);
    assert_eq!(count(&path, "SELECT count(*) FROM standards_version"), 2);
}

#[test]
fn an_empty_file_becomes_a_loket_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    assert!(open_with_standards(&path).is_ok());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "Buku tamu manual, halaman 1\n".repeat(200)).unwrap();
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, CoreError::NotLoketDatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("bukan basis data Loket"));
    assert_eq!(bytes(&path), before);
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn another_applications_sqlite_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, CoreError::NotLoketDatabase { .. }), "{err:?}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_database_from_a_newer_loket_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(open_with_standards(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA wal_checkpoint(TRUNCATE);",
            SCHEMA_VERSION + 5
        ))
        .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    match &err {
        CoreError::NewerDatabase {
            found, supported, ..
        } => {
            assert_eq!(*found, SCHEMA_VERSION + 5);
            assert_eq!(*supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerDatabase, got {other:?}"),
    }
    assert!(err.to_string().contains("lebih baru"));
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_corrupt_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.db");
    drop(open_with_standards(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    // Scribble over the middle of the file, past the header and the schema page.
    let mut data = bytes(&path);
    let page = 4096;
    assert!(data.len() > page * 8, "a database of several pages");
    for b in &mut data[page * 3..page * 6] {
        *b = 0x5A;
    }
    std::fs::write(&path, &data).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, CoreError::CorruptDatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("rusak"));
    assert_eq!(bytes(&path), data);
}

#[test]
fn a_badly_damaged_database_is_refused_in_one_line_that_counts_the_other_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.db");
    drop(open_with_standards(&path).unwrap());
    let page = 4096;
    let before = {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
        let problems: Vec<String> = c
            .prepare("PRAGMA quick_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(problems, ["ok"]);
        bytes(&path)
    };
    // Scribble over a few pages past the schema's: SQLite lists a problem for each page
    // those pages pointed to.
    let mut data = before.clone();
    assert!(data.len() > page * 8, "a database of several pages");
    for b in &mut data[page * 3..page * 6] {
        *b = 0x5A;
    }
    std::fs::write(&path, &data).unwrap();
    let lines: usize =
        Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .prepare("PRAGMA quick_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .lines()
                    .filter(|l| !l.starts_with("*** in database"))
                    .count()
            })
            .sum();
    assert!(lines > 10, "SQLite finds many problems ({lines})");

    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, CoreError::CorruptDatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert_eq!(msg.lines().count(), 1, "one line, not SQLite's list: {msg}");
    assert!(
        msg.contains(&format!("… dan {} masalah lain", lines - 1)),
        "{msg}"
    );
    assert!(msg.contains("Pulihkan dari cadangan"), "{msg}");
    assert_eq!(bytes(&path), data, "left as it was");
}

#[test]
fn a_database_indexed_with_apostrophes_is_reindexed_when_opened_so_quran_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    drop(open_with_standards(&path).unwrap());
    {
        // As a Loket of schema 7 left it: names indexed with their apostrophes.
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "UPDATE service_fts SET name = (SELECT name FROM service WHERE id = service_fts.rowid);
             PRAGMA user_version = 7;",
        )
        .unwrap();
        let found: i64 = c
            .query_row(
                "SELECT count(*) FROM service_fts WHERE service_fts MATCH 'name : \"quran\"*'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 0, "the old index does not find quran in a name");
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let hits = catalog::search(&store, "quran", &Filter::default(), 20).unwrap();
    let named: Vec<&str> = hits
        .iter()
        .filter(|h| h.matches.iter().any(|m| m.component == "name"))
        .map(|h| h.service.id.as_str())
        .collect();
    for id in [
        "balangan-kesra-1",
        "balangan-kesra-2",
        "balangan-kesra-6",
        "balangan-kesra-7",
    ] {
        assert!(named.contains(&id), "{id} in {named:?}");
    }
}

#[test]
fn a_corrected_decree_is_imported_as_a_new_version_and_the_old_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    let mut blitar = blitar_json();
    blitar["services"][0]["name"] = Value::from("Permohonan Fasilitasi Kerja Sama Daerah");
    let text = serde_json::to_string_pretty(&blitar).unwrap();
    let done = import_file(&mut store, "blitar-koreksi.json", &text, Origin::File).unwrap();
    assert_eq!(
        (done.region.as_str(), done.version, done.services),
        ("blitar", 2, 23)
    );

    // The catalog shows the newest version ...
    let shown = catalog::show(&store, "blitar-tapem-i").unwrap();
    assert_eq!(
        shown.service.name,
        "Permohonan Fasilitasi Kerja Sama Daerah"
    );
    assert_eq!(shown.service.version, 2);
    let all = catalog::list(&store, &Filter::default()).unwrap();
    assert_eq!(all.len(), 86);
    // ... search finds the new wording and not the old ...
    let hits = catalog::search(&store, "fasilitas kerja sama", &Filter::default(), 10).unwrap();
    assert_eq!(
        hits.iter()
            .filter(|h| h.service.id == "blitar-tapem-i")
            .count(),
        1
    );
    // ... and the previous version is still there for the visits that refer to it.
    let old: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT s.name FROM service s JOIN standards_version v ON v.id = s.version_id
             WHERE v.region = 'blitar' AND v.version = 1 AND s.code = 'blitar-tapem-i'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, "Permohonan Fasilitas Kerja Sama Daerah");

    // Importing the same file again changes nothing.
    let again = import_file(&mut store, "blitar-koreksi.json", &text, Origin::File);
    assert!(matches!(
        again,
        Err(CoreError::StandardsUnchanged { version: 2, .. })
    ));
    // An admin's own import is not overridden by the bundled file on the next start.
    assert!(ensure_bundled(&mut store).unwrap().is_empty());
}

fn refused(mut change: impl FnMut(&mut Value)) -> CoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    let mut blitar = blitar_json();
    change(&mut blitar);
    let text = serde_json::to_string_pretty(&blitar).unwrap();
    let err =
        import_file(&mut store, "blitar-rusak.json", &text, Origin::File).expect_err("refused");
    drop(store);
    // Nothing of it was imported.
    assert_eq!(count(&path, "SELECT count(*) FROM standards_version"), 2);
    assert_eq!(count(&path, "SELECT count(*) FROM service"), 86);
    assert_eq!(count(&path, "SELECT count(*) FROM service_fts"), 86);
    err
}

#[test]
fn a_malformed_standards_file_is_refused_whole_naming_file_service_and_field() {
    // A component missing from one service.
    let err = refused(|f| {
        f["services"][4]["components"]
            .as_object_mut()
            .unwrap()
            .remove("biaya");
    });
    let msg = err.to_string();
    assert!(
        msg.contains("blitar-rusak.json ditolak: layanan blitar-kesra-v, bidang components: bidang \"biaya\" tidak ada"),
        "{msg}"
    );

    // A time limit in an unknown unit: the field is named by its path.
    let msg =
        refused(|f| f["services"][8]["time_limit"]["unit"] = Value::from("bulan")).to_string();
    assert!(
        msg.starts_with("Berkas standar blitar-rusak.json ditolak: layanan blitar-pbj-ix, bidang time_limit.unit: nilai \"bulan\" tidak dikenal"),
        "{msg}"
    );
    assert!(msg.contains("working_days"), "says what is allowed: {msg}");

    // A number among the requirements.
    let msg =
        refused(|f| f["services"][3]["components"]["persyaratan"][1] = Value::from(5)).to_string();
    assert!(
        msg.contains("blitar-rusak.json ditolak: layanan blitar-hukum-iv, bidang components.persyaratan[1]: butir daftar harus berupa teks"),
        "{msg}"
    );
    assert!(!msg.contains("untagged"), "no serde wording: {msg}");

    // The requirements as one string instead of a list.
    let msg = refused(|f| {
        f["services"][0]["components"]["persyaratan"] = Value::from("KTP dan surat permohonan")
    })
    .to_string();
    assert!(
        msg.contains("blitar-rusak.json ditolak: layanan blitar-tapem-i, bidang components.persyaratan: jenis nilai salah: teks \"KTP dan surat permohonan\", seharusnya daftar"),
        "{msg}"
    );
    assert!(!msg.contains("invalid type"), "no serde wording: {msg}");

    // A nested item's sub-item that is not text, deep in a list.
    let msg =
        refused(|f| f["services"][5]["components"]["persyaratan"][0]["items"] = Value::from(true))
            .to_string();
    assert!(
        msg.contains("layanan blitar-kesra-vi, bidang components.persyaratan[0]"),
        "{msg}"
    );

    // A field of the file's head.
    let msg = refused(|f| f["decrees"][0]["date"] = Value::from(20260105)).to_string();
    assert!(
        msg.contains("bidang decrees[0].date: jenis nilai salah: angka 20260105, seharusnya teks"),
        "{msg}"
    );

    // A range upside down.
    let msg = refused(|f| {
        f["services"][2]["time_limit"] =
            serde_json::json!({"source": "1 — 5 hari kerja", "unit": "working_days", "min": 5, "max": 1});
    })
    .to_string();
    assert!(
        msg.contains("layanan blitar-hukum-iii, bidang time_limit"),
        "{msg}"
    );

    // Hours that close before they open.
    let msg = refused(|f| {
        f["services"][0]["hours"] = serde_json::json!({
            "source": "Senin s/d Jumat 16.00 s/d 08.00",
            "windows": [{"days": ["mon"], "open": "16:00", "close": "08:00"}],
            "breaks": []
        });
    })
    .to_string();
    assert!(msg.contains("blitar-tapem-i, bidang hours"), "{msg}");

    // A service of a bagian that is not in the file.
    let msg = refused(|f| f["services"][22]["unit"] = Value::from("keuangan")).to_string();
    assert!(msg.contains("keuangan"), "{msg}");

    // Two services with the same number.
    let msg = refused(|f| f["services"][3]["number"] = Value::from("III")).to_string();
    assert!(msg.contains("ganda"), "{msg}");

    // Not JSON at all.
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("x.db")).unwrap();
    let err =
        import_file(&mut store, "kosong.json", "{ \"schema\": 1, ", Origin::File).unwrap_err();
    assert!(matches!(err, CoreError::InvalidStandards { .. }));
    assert!(err.to_string().contains("kosong.json"));
}

#[test]
fn unreadable_components_are_checked_on_import_and_reach_the_catalog() {
    // services[12] is Blitar XIII, whose Evaluasi (row 14) is empty.
    assert_eq!(blitar_json()["services"][12]["number"], "XIII");

    // Only the fourteen component keys.
    let msg =
        refused(|f| f["services"][12]["unreadable"] = serde_json::json!(["evaluasi_kinerja"]))
            .to_string();
    assert!(msg.contains("blitar-rusak.json"), "{msg}");
    assert!(
        msg.contains("layanan blitar-renkeu-xiii, bidang unreadable[0]"),
        "{msg}"
    );
    assert!(msg.contains("evaluasi_kinerja"), "{msg}");

    // Only components recorded empty: Persyaratan of XIII has text.
    let msg = refused(|f| {
        f["services"][12]["unreadable"] = serde_json::json!(["evaluasi", "persyaratan"])
    })
    .to_string();
    assert!(
        msg.contains("blitar-renkeu-xiii, bidang unreadable[1]") && msg.contains("persyaratan"),
        "{msg}"
    );

    // Each once.
    let msg =
        refused(|f| f["services"][12]["unreadable"] = serde_json::json!(["evaluasi", "evaluasi"]))
            .to_string();
    assert!(
        msg.contains("unreadable[1]") && msg.contains("dua kali"),
        "{msg}"
    );

    // Not a list of keys at all.
    let msg = refused(|f| f["services"][12]["unreadable"] = Value::from("evaluasi")).to_string();
    assert!(msg.contains("blitar-renkeu-xiii"), "{msg}");

    // A good one is imported and shown, and a version without it says nothing is unreadable.
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let shipped = catalog::show(&store, "balangan-pbj-1").unwrap().service;
    assert_eq!(shipped.unreadable, ["persyaratan"]);
    assert!(shipped.components.persyaratan.is_empty());
    assert!(catalog::show(&store, "blitar-renkeu-xiii")
        .unwrap()
        .service
        .unreadable
        .is_empty());
    let mut blitar = blitar_json();
    blitar["services"][12]["unreadable"] = serde_json::json!(["evaluasi"]);
    let text = serde_json::to_string_pretty(&blitar).unwrap();
    import_file(&mut store, "blitar-uji.json", &text, Origin::File).unwrap();
    let shown = catalog::show(&store, "blitar-renkeu-xiii").unwrap();
    assert_eq!(shown.service.unreadable, ["evaluasi"]);
    let exported = serde_json::to_value(catalog::export(&store).unwrap()).unwrap();
    let of = |id: &str| {
        exported
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()["unreadable"]
            .clone()
    };
    assert_eq!(of("blitar-renkeu-xiii"), serde_json::json!(["evaluasi"]));
    assert_eq!(of("blitar-renkeu-xiv"), serde_json::json!([]));
    assert_eq!(of("balangan-umum-2").as_array().unwrap().len(), 9);
}

#[test]
fn errors_cross_the_boundary_as_structured_json() {
    let err = CoreError::ServiceNotFound {
        id: "balangan-x-1".into(),
    };
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "service_not_found");
    assert_eq!(json["details"]["id"], "balangan-x-1");
    assert!(json["message"]
        .as_str()
        .unwrap()
        .contains("tidak ditemukan"));
}
