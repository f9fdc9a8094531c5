//! `loket-hub serve` as a system service runs it: stopped by SIGTERM (systemd's stop, a
//! shutdown), it lets the server drain, leaves the whole database in its file (the WAL
//! emptied) and exits 0; run as root without `--allow-root`, it refuses before it opens or
//! makes any database.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use support::process::HubProcess;

mod support;

fn wal_of(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// One operation over plain HTTP on the hub's loopback (one connection, closed after).
fn dispatch(base: &str, body: &Value) -> String {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let body = body.to_string();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /api/dispatch HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn sigterm_drains_the_server_empties_the_wal_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    let hub = HubProcess::start(&db);
    let base = hub.base.clone();

    // Something recorded through the server: the first admin, made from this machine.
    let made = dispatch(
        &base,
        &json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
    );
    assert!(
        made.starts_with("HTTP/1.1 200") && made.contains("\"token\""),
        "{made}"
    );
    let wal = wal_of(&db);
    let before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(
        before > 0,
        "a running hub keeps its writes in the WAL first"
    );

    let status = hub.terminate();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");

    let left = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(
        left, 0,
        "the WAL is emptied (or removed) before the hub exits"
    );
    // The database file alone holds the admin.
    let conn = rusqlite::Connection::open_with_flags(
        &db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    let admins: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM account WHERE username = 'admin'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(admins, 1);
}

/// The effective uid of this test, from `id -u`.
fn running_as_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

#[test]
fn as_root_serve_refuses_before_making_a_database() {
    if !running_as_root() {
        // The decision itself is unit-tested in cli.rs; here only root can be refused.
        eprintln!("not root: the refusal of root cannot be seen from this user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    let out = Command::new(env!("CARGO_BIN_EXE_loket-hub"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("LOKET_LISTEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("root") && stderr.contains("sudo -u loket"),
        "the refusal names root and says how to run it: {stderr}"
    );
    assert!(!db.exists(), "no database is made by a refused start");
}
