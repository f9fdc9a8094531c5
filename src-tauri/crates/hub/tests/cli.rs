//! The `loket-hub` command line as users and other issues rely on it: its output, its exit
//! codes and its refusals, run as a real process on a real database file.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn hub(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loket-hub"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LOKET_DB")
        .output()
        .expect("loket-hub runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn export_json_prints_the_whole_catalog_with_the_agreed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = hub(&dir.path().join("l.db"), &["standards", "export", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(all.len(), 86);
    assert_eq!(all.iter().filter(|s| s["region"] == "balangan").count(), 63);
    assert_eq!(all.iter().filter(|s| s["region"] == "blitar").count(), 23);
    let components = [
        "persyaratan",
        "prosedur",
        "jangka_waktu",
        "biaya",
        "produk",
        "pengaduan",
        "dasar_hukum",
        "sarana",
        "kompetensi",
        "pengawasan",
        "jumlah_pelaksana",
        "jaminan_pelayanan",
        "jaminan_keamanan",
        "evaluasi",
    ];
    for s in &all {
        for key in [
            "id",
            "region",
            "unit",
            "number",
            "name",
            "timezone",
            "hours",
            "time_limit",
            "intake",
        ] {
            assert!(s.get(key).is_some(), "{} has {key}", s["id"]);
        }
        assert!(s["decree"]["number"].is_string() && s["decree"]["date"].is_string());
        for key in components {
            assert!(s["components"].get(key).is_some(), "{} has {key}", s["id"]);
        }
    }
    let remote = all.iter().find(|s| s["id"] == "balangan-pbj-7").unwrap();
    assert_eq!(remote["timezone"], "Asia/Makassar");
    assert_eq!(remote["unit"], "Bagian Pengadaan Barang dan Jasa");
    assert_eq!(remote["time_limit"]["unit"], "minutes");
}

#[test]
fn search_and_show_answer_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let out = hub(&db, &["standards", "search", "remote", "akses"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("balangan-pbj-7"),
        "{}",
        stdout(&out)
    );

    let out = hub(&db, &["standards", "search", "beasis", "--json"]);
    let hits: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(hits[0]["id"], "balangan-kesra-7");

    let out = hub(&db, &["standards", "show", "balangan-perekonomian-1"]);
    let text = stdout(&out);
    assert!(text.contains("PENYAMPAIAN PELAYANAN"));
    assert!(text.contains("PENGELOLAAN PELAYANAN"));
    assert!(text.contains("Maksimal 1 jam"));
    assert!(text.contains("MAKLUMAT PELAYANAN"));
}

#[test]
fn a_component_lost_in_the_scan_is_told_apart_from_one_the_decree_leaves_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    // Umum 2: Jangka Waktu is blank in the decree, components 6-14 were lost in the scan.
    let out = hub(&db, &["standards", "show", "balangan-umum-2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let after = |label: &str| {
        let at = text
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {text}"));
        text[at..].lines().nth(1).unwrap().trim().to_string()
    };
    assert_eq!(
        after("Jangka Waktu Pelayanan"),
        "(tidak diatur dalam keputusan)"
    );
    assert_eq!(
        after("Dasar Hukum"),
        "(tidak terbaca pada salinan keputusan)"
    );
    assert_eq!(
        after("Evaluasi Kinerja Pelaksana"),
        "(tidak terbaca pada salinan keputusan)"
    );
    assert!(
        !text.contains("scan"),
        "no English transcriber note: {text}"
    );

    let out = hub(&db, &["standards", "export", "--json"]);
    let all: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let of = |id: &str| all.iter().find(|s| s["id"] == id).unwrap().clone();
    assert_eq!(
        of("balangan-pbj-1")["unreadable"],
        serde_json::json!(["persyaratan"])
    );
    assert_eq!(of("balangan-umum-1")["unreadable"], serde_json::json!([]));
    assert!(
        of("balangan-pbj-1")["note"].is_string(),
        "the note stays in the export"
    );
}

#[test]
fn unknown_flags_bad_arguments_and_unknown_services_fail_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let out = hub(&db, &["standards", "export", "--xml"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));

    let out = hub(&db, &["standards", "search"]);
    assert!(!out.status.success());

    let out = hub(&db, &["standards", "search", "x", "--limit", "banyak"]);
    assert!(!out.status.success());

    // Values that are not in the catalog are usage errors: the message, the usage, exit 2.
    for (args, said) in [
        (
            &["standards", "search", "ktp", "--region", "jakarta"][..],
            "wilayah: \"jakarta\" tidak ada di katalog (yang ada: balangan, blitar)",
        ),
        (
            &["standards", "list", "--unit", "nope"][..],
            "bagian: \"nope\" tidak ada di katalog",
        ),
        (
            &[
                "standards",
                "list",
                "--region",
                "blitar",
                "--unit",
                "pemerintahan",
            ][..],
            "bagian: \"pemerintahan\" tidak ada di wilayah blitar (yang ada: tapem,",
        ),
        (
            &["standards", "search", ""][..],
            "QUERY: tidak ada kata untuk dicari",
        ),
        (
            &["standards", "search", " ;; "][..],
            "tidak ada kata untuk dicari",
        ),
    ] {
        let out = hub(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(
            err.contains("Usage: loket-hub standards"),
            "{args:?}: {err}"
        );
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    // What the catalog has is accepted.
    let out = hub(
        &db,
        &["standards", "list", "--region", "balangan", "--unit", "pbj"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("9 layanan"), "{}", stdout(&out));

    let out = hub(&db, &["standards", "show", "balangan-pbj-99"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("balangan-pbj-99"));
    assert!(stderr(&out).contains("tidak ditemukan"));
}

#[test]
fn import_takes_a_corrected_file_and_refuses_a_malformed_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../data/standards/blitar-2026.json"
    );
    let mut blitar: Value =
        serde_json::from_str(&std::fs::read_to_string(shipped).unwrap()).unwrap();
    blitar["services"][1]["name"] = Value::from("Harmonisasi Rancangan Produk Hukum Daerah");
    let fixed = dir.path().join("blitar-koreksi.json");
    std::fs::write(&fixed, serde_json::to_string(&blitar).unwrap()).unwrap();
    let out = hub(&db, &["standards", "import", fixed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("versi 2"));
    let out = hub(&db, &["standards", "show", "blitar-hukum-ii", "--json"]);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["name"], "Harmonisasi Rancangan Produk Hukum Daerah");

    blitar["services"][1]["time_limit"]["unit"] = Value::from("pekan");
    let broken = dir.path().join("blitar-rusak.json");
    std::fs::write(&broken, serde_json::to_string(&blitar).unwrap()).unwrap();
    let out = hub(&db, &["standards", "import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    assert!(
        msg.contains("blitar-rusak.json ditolak: layanan blitar-hukum-ii, bidang time_limit.unit: nilai \"pekan\" tidak dikenal"),
        "{msg}"
    );
    let out = hub(&db, &["standards", "show", "blitar-hukum-ii", "--json"]);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        shown["version"], 2,
        "nothing of the broken file was imported"
    );
}

#[test]
fn the_database_location_follows_the_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dari-env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_loket-hub"))
        .args(["standards", "list", "--region", "blitar"])
        .env("LOKET_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("23 layanan"));
    assert!(db.exists());
}

#[test]
fn demo_fills_a_monday_at_perekonomian_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = hub(&db, &["demo", "--date", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "Hari demo Senin, 23 November 2026 di Bagian Perekonomian dan Sumber Daya Alam, Kabupaten Balangan: 40 tamu ("
        ),
        "{text}"
    );
    for words in [
        "tiket P-001 sampai P-040",
        "tidak hadir: 1",
        "dialihkan: 1",
        "melewati batas waktu: 1",
        "kartu tertinggal: 1",
        "WITA",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }

    // The same date again is refused, and nothing is added.
    let again = hub(&db, &["demo", "--date", "2026-11-23", "--json"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("sudah berisi 40 kunjungan"),
        "{}",
        stderr(&again)
    );
    assert!(stdout(&again).is_empty());

    // The PBJ desk, with the summary as JSON, on a database of its own.
    let pbj = dir.path().join("pbj.db");
    let out = hub(
        &pbj,
        &["demo", "--date", "2026-11-24", "--desk", "pbj", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let day: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(day["unit"], "pbj");
    assert_eq!(day["guests"], 40);
    assert_eq!(day["first_ticket"], "PBJ-001");
    assert_eq!(day["left_behind"], 1);
}

#[test]
fn demo_refuses_a_bad_date_a_weekend_and_an_unknown_desk_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = hub(&db, &["demo", "--date", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("\"2026-02-30\" bukan tanggal yang sah"),
        "{}",
        stderr(&out)
    );
    assert!(!db.exists(), "a bad date opens no database");

    let out = hub(&db, &["demo", "--date", "2026-11-28"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Sabtu, 28 November 2026 bukan hari kerja"),
        "{}",
        stderr(&out)
    );

    let out = hub(&db, &["demo", "--date", "2026-11-23", "--desk", "umum"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("perekonomian"), "{}", stderr(&out));

    let out = hub(&db, &["demo"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--date"), "{}", stderr(&out));
}

/// Reads the first line `loket-hub serve` prints: where officials find the desk.
fn serve_notice(child: &mut std::process::Child) -> String {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    line
}

/// A plain `GET path` over HTTP/1.1, answered with its status line.
fn status_line(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.lines().next().unwrap_or_default().to_string()
}

#[cfg(unix)]
#[test]
fn serve_says_where_to_open_loket_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket-hub"))
        .arg("--db")
        .arg(dir.path().join("l.db"))
        .args(["serve", "--listen", "127.0.0.1:0", "--allow-root"])
        .env_remove("LOKET_LISTEN")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let notice = serve_notice(&mut child);
    assert!(
        notice.starts_with("Loket siap di https://127.0.0.1:")
            && notice.contains("buka alamat ini di peramban pejabat"),
        "{notice}"
    );
    let address = notice
        .trim_start_matches("Loket siap di https://")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    // Plain HTTP from this machine is still served on the same port.
    assert_eq!(status_line(&address, "/"), "HTTP/1.1 200 OK");
    // Ctrl-C.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Loket berhenti."), "{}", stdout(&out));
}

/// Starts `loket-hub serve` on `db` with `args` and `$LOKET_LISTEN` as given, and answers the
/// address its first line says officials open, after checking that it answers there; the
/// server is stopped again.
#[cfg(unix)]
fn serve_address(db: &Path, args: &[&str], env: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_loket-hub"));
    command
        .arg("--db")
        .arg(db)
        .args(["serve", "--allow-root"])
        .args(args);
    match env {
        Some(value) => command.env("LOKET_LISTEN", value),
        None => command.env_remove("LOKET_LISTEN"),
    };
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let notice = serve_notice(&mut child);
    let address = notice
        .trim_start_matches("Loket siap di https://")
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let answer = status_line(&address, "/");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answer, "HTTP/1.1 200 OK", "{notice}");
    address
}

#[cfg(unix)]
#[test]
fn serve_listens_where_pengaturan_says_unless_a_flag_or_the_environment_says_otherwise() {
    use loket_core::api::handle;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    // A free port, stored as the admin would in Pengaturan.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    {
        let mut store = loket_core::open_with_standards(&db).unwrap();
        let now = chrono::Utc::now();
        let admin = handle(&mut store, now, None, serde_json::json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}))
            .unwrap()["token"].as_str().unwrap().to_string();
        handle(&mut store, now, Some(&admin), serde_json::json!({"op": "lan.set_listen", "args": {"all_interfaces": false, "ip": "127.0.0.1", "port": port}}))
            .unwrap();
    }
    let stored = format!("127.0.0.1:{port}");
    // No flag, no environment: the stored address.
    let address = serve_address(&db, &[], None);
    assert_eq!(address, stored);
    // The environment comes before the setting, the flag before both.
    let from_env = serve_address(&db, &[], Some("127.0.0.1:0"));
    assert!(
        from_env.starts_with("127.0.0.1:") && from_env != stored,
        "{from_env}"
    );
    let from_flag = serve_address(&db, &["--listen", "127.0.0.1:0"], Some(&stored));
    assert!(
        from_flag.starts_with("127.0.0.1:") && from_flag != stored,
        "{from_flag}"
    );
}

#[test]
fn serve_refuses_a_port_that_is_taken_with_a_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = hub(
        &dir.path().join("l.db"),
        &["serve", "--allow-root", "--listen", &address],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("sudah dipakai program lain"),
        "{}",
        stderr(&out)
    );
    let out = hub(
        &dir.path().join("l.db"),
        &["serve", "--allow-root", "--listen", "bukan-alamat"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--listen"), "{}", stderr(&out));
}

#[test]
fn export_writes_the_csv_guest_log_and_records_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    assert!(hub(&db, &["demo", "--date", "2026-11-23"]).status.success());
    let out = dir.path().join("buku-tamu-2026-11-23.csv");
    let run = hub(
        &db,
        &[
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("40 kunjungan"));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("\u{feff}No;Tanggal;Tiket"));
    let recorded: i64 = rusqlite_count(
        &db,
        "SELECT count(*) FROM export_log WHERE format = 'csv' AND visits = 40",
    );
    assert_eq!(recorded, 1);
    let bad = hub(
        &db,
        &[
            "export",
            "--date",
            "2026-13-01",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("bukan tanggal"));
    let unknown = hub(
        &db,
        &[
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(!unknown.status.success());
}

#[test]
fn export_writes_xlsx_and_pdf_and_refuses_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    assert!(hub(&db, &["demo", "--date", "2026-11-23"]).status.success());
    for (format, magic) in [("xlsx", &b"PK"[..]), ("pdf", &b"%PDF-"[..])] {
        let out = dir.path().join(format!("buku-tamu-2026-11-23.{format}"));
        let run = hub(
            &db,
            &[
                "export",
                "--date",
                "2026-11-23",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(stdout(&run).contains("40 kunjungan"), "{}", stdout(&run));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{format}");
        let recorded = rusqlite_count(
            &db,
            &format!("SELECT count(*) FROM export_log WHERE format = '{format}' AND visits = 40"),
        );
        assert_eq!(recorded, 1);
    }
    // No temporary file is left beside the exports.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    let out = dir.path().join("x.docx");
    let bad = hub(
        &db,
        &[
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("\"docx\" tidak dikenal; pilih xlsx, pdf atau csv."),
        "{}",
        stderr(&bad)
    );
    assert!(!out.exists());
    // A folder that does not exist: an Indonesian message, and nothing recorded.
    let nowhere = dir.path().join("tidak-ada").join("b.pdf");
    let failed = hub(
        &db,
        &[
            "export",
            "--date",
            "2026-11-23",
            "--format",
            "pdf",
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("Galat:"), "{}", stderr(&failed));
    assert_eq!(
        rusqlite_count(&db, "SELECT count(*) FROM export_log WHERE format = 'pdf'"),
        1
    );
}

fn rusqlite_count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("backups"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn backup_and_restore_give_the_day_back_and_keep_what_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    assert!(hub(&db, &["demo", "--date", "2026-11-23"]).status.success());
    let first_day = rusqlite_count(&db, "SELECT count(*) FROM visit");

    let made = hub(&db, &["backup"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stdout(&made).starts_with("Cadangan dibuat dan diperiksa: "));
    let names = backups_in(dir.path());
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with("loket-") && names[0].ends_with("-manual.db"));
    let out = dir.path().join("salinan.db");
    assert!(hub(&db, &["backup", "--out", out.to_str().unwrap()])
        .status
        .success());
    // A backup never overwrites a file.
    let again = hub(&db, &["backup", "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("sudah ada"));

    assert!(hub(&db, &["demo", "--date", "2026-11-24"]).status.success());
    let two_days = rusqlite_count(&db, "SELECT count(*) FROM visit");
    assert!(two_days > first_day);

    let restored = hub(&db, &["restore", out.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("dipulihkan dari"));
    assert!(stdout(&restored).contains("Semua pengguna perlu masuk kembali."));
    assert_eq!(rusqlite_count(&db, "SELECT count(*) FROM visit"), first_day);
    // The two days are kept, in the backup made before the restore.
    let before = backups_in(dir.path())
        .into_iter()
        .find(|n| n.contains("sebelum-pemulihan"))
        .unwrap();
    assert_eq!(
        rusqlite_count(
            &dir.path().join("backups").join(before),
            "SELECT count(*) FROM visit"
        ),
        two_days
    );
}

#[test]
fn restore_refuses_a_file_that_is_not_a_whole_loket_database_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    assert!(hub(&db, &["demo", "--date", "2026-11-23"]).status.success());
    let visits = rusqlite_count(&db, "SELECT count(*) FROM visit");
    let text = dir.path().join("buku-tamu.csv");
    std::fs::write(&text, "nama;telepon\n").unwrap();
    let newer = dir.path().join("baru.db");
    assert!(hub(&db, &["backup", "--out", newer.to_str().unwrap()])
        .status
        .success());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    for (file, words) in [
        (&text, "bukan basis data Loket"),
        (&newer, "versi yang lebih baru"),
        (&dir.path().join("tidak-ada.db"), "tidak dapat dibuka"),
    ] {
        let out = hub(&db, &["restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
    }
    assert_eq!(rusqlite_count(&db, "SELECT count(*) FROM visit"), visits);
    assert!(backups_in(dir.path()).is_empty());
}

#[test]
fn restore_replaces_a_damaged_database_and_sets_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    assert!(hub(&db, &["demo", "--date", "2026-11-23"]).status.success());
    let visits = rusqlite_count(&db, "SELECT count(*) FROM visit");
    let good = dir.path().join("baik.db");
    assert!(hub(&db, &["backup", "--out", good.to_str().unwrap()])
        .status
        .success());
    // The disk damages the database.
    let mut bytes = std::fs::read(&db).unwrap();
    let (from, to) = (bytes.len() / 3, bytes.len() * 2 / 3);
    bytes[from..to].iter_mut().for_each(|b| *b = 0x5A);
    std::fs::write(&db, bytes).unwrap();
    let refused = hub(&db, &["standards", "list"]);
    assert!(stderr(&refused).contains("rusak"), "{}", stderr(&refused));

    let restored = hub(&db, &["restore", good.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(rusqlite_count(&db, "SELECT count(*) FROM visit"), visits);
    assert!(backups_in(dir.path())
        .iter()
        .any(|n| n.ends_with("-rusak.db")));
}

#[test]
fn version_prints_the_workspace_version_and_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let out = hub(&db, &["--version"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("loket-hub {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(!db.exists(), "--version creates no database");
}

#[test]
fn about_says_the_version_the_schema_the_decrees_and_where_the_files_are() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let out = hub(&db, &["about", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let about: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    let schema: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(about["schema_version"], schema);
    assert_eq!(about["schema_supported"], schema);
    assert_eq!(about["database"], db.display().to_string());
    assert_eq!(
        about["backups"],
        dir.path().join("backups").display().to_string()
    );
    // Not set up yet: no office, so no office time zone.
    assert_eq!(about["timezone"], Value::Null);
    let regions: Vec<&Value> = about["standards"].as_array().unwrap().iter().collect();
    assert_eq!(regions.len(), 2);
    assert_eq!(regions[0]["region"], "balangan");
    assert_eq!(regions[0]["services"], 63);
    assert_eq!(regions[0]["version"], 1);
    assert_eq!(regions[0]["shipped"], true);
    assert_eq!(regions[0]["decrees"].as_array().unwrap().len(), 8);
    assert_eq!(regions[1]["services"], 23);

    // The same, for a person: the decrees cited with their date in words.
    let out = hub(&db, &["about"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("Loket {}\n", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("\nSkema basis data {schema}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("Basis data: {}", db.display())),
        "{text}"
    );
    assert!(
        text.contains(
            "Keputusan Sekretaris Daerah Kabupaten Blitar Nomor \
             B/180.06/16/409.1.2/KPTS.SEKDA/2026 tanggal 22 Mei 2026"
        ),
        "{text}"
    );
    assert!(
        text.contains("Standar Kabupaten Balangan: versi 1 di basis data, 63 layanan"),
        "{text}"
    );
}
