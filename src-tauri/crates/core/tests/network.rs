//! The LAN listen address as the admin sets it in Pengaturan: stored for the next start,
//! refused in Indonesian when it is not an address or a usable port (and nothing changes),
//! and the admin's alone.

use chrono::{DateTime, TimeZone, Utc};
use loket_core::api::handle;
use loket_core::network::stored_listen;
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

fn call(store: &mut Store, token: &str, request: Value) -> Result<Value, Value> {
    handle(store, t0(), Some(token), request).map_err(|e| serde_json::to_value(e).unwrap())
}

/// A database with its first admin and a receptionist; the admin's and the receptionist's
/// tokens.
fn office(dir: &tempfile::TempDir) -> (Store, String, String) {
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
    call(&mut store, &admin, json!({"op": "auth.save_account", "args": {"username": "resepsionis", "display_name": "Resepsionis", "role": "resepsionis", "pin": "135792"}})).unwrap();
    let desk = handle(
        &mut store,
        t0(),
        None,
        json!({"op": "auth.login", "args": {"username": "resepsionis", "pin": "135792"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    (store, admin, desk)
}

#[test]
fn the_admin_stores_the_listen_address_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _) = office(&dir);
    // Before anything is chosen: every interface, port 7878, not stored.
    let now = call(&mut store, &admin, json!({"op": "lan.listen"})).unwrap();
    assert_eq!(now["address"], "0.0.0.0:7878");
    assert_eq!(now["stored"], false);
    assert_eq!(now["label"], "Semua jaringan PC ini, port 7878");
    assert_eq!(stored_listen(&store).unwrap(), None);

    let set = call(&mut store, &admin, json!({"op": "lan.set_listen", "args": {"all_interfaces": false, "ip": " 192.168.1.10 ", "port": "8080"}})).unwrap();
    assert_eq!(set["address"], "192.168.1.10:8080");
    assert_eq!(set["label"], "192.168.1.10, port 8080");
    assert_eq!(set["urls"], json!(["https://192.168.1.10:8080"]));
    assert_eq!(
        stored_listen(&store).unwrap(),
        Some("192.168.1.10:8080".parse().unwrap())
    );
    let read = call(&mut store, &admin, json!({"op": "lan.listen"})).unwrap();
    assert_eq!(read["stored"], true);
    assert_eq!(read["address"], "192.168.1.10:8080");

    // Back to every interface: officials are shown this machine's own addresses.
    let all = call(&mut store, &admin, json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "ip": "192.168.1.10", "port": 7979}})).unwrap();
    assert_eq!(all["address"], "0.0.0.0:7979");
    assert_eq!(all["ip"], Value::Null);
    assert!(all["urls"].as_array().unwrap().iter().all(|u| u
        .as_str()
        .unwrap()
        .starts_with("https://")
        && u.as_str().unwrap().ends_with(":7979")));
}

#[test]
fn a_bad_address_or_port_is_refused_in_indonesian_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, admin, _) = office(&dir);
    call(
        &mut store,
        &admin,
        json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "port": 7878}}),
    )
    .unwrap();
    let refusals = [
        (
            json!({"all_interfaces": true, "port": 80}),
            "Port",
            "antara 1024 dan 65535",
        ),
        (
            json!({"all_interfaces": true, "port": 1023}),
            "Port",
            "antara 1024 dan 65535",
        ),
        (
            json!({"all_interfaces": true, "port": 65536}),
            "Port",
            "antara 1024 dan 65535",
        ),
        (
            json!({"all_interfaces": true, "port": "tujuh"}),
            "Port",
            "harus angka",
        ),
        (
            json!({"all_interfaces": true, "port": null}),
            "Port",
            "harus angka",
        ),
        (
            json!({"all_interfaces": false, "ip": "192.168.1.300", "port": 7878}),
            "Alamat IP",
            "bukan alamat IP",
        ),
        (
            json!({"all_interfaces": false, "ip": "loket.setda", "port": 7878}),
            "Alamat IP",
            "Semua jaringan PC ini",
        ),
        (
            json!({"all_interfaces": false, "ip": "  ", "port": 7878}),
            "Alamat IP",
            "belum diisi",
        ),
        (
            json!({"all_interfaces": false, "port": 7878}),
            "Alamat IP",
            "belum diisi",
        ),
    ];
    for (args, field, says) in refusals {
        let err = call(
            &mut store,
            &admin,
            json!({"op": "lan.set_listen", "args": args.clone()}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{args}: {err}");
        assert_eq!(err["details"]["field"], field, "{args}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(says),
            "{args}: {err}"
        );
    }
    // The lowest and highest ports are fine.
    for port in [1024, 65535] {
        call(
            &mut store,
            &admin,
            json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "port": port}}),
        )
        .unwrap();
    }
    assert_eq!(
        stored_listen(&store).unwrap(),
        Some("0.0.0.0:65535".parse().unwrap())
    );
}

#[test]
fn only_the_admin_reads_or_changes_the_listen_address() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, desk) = office(&dir);
    for request in [
        json!({"op": "lan.listen"}),
        json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "port": 8000}}),
    ] {
        let err = call(&mut store, &desk, request).unwrap_err();
        assert_eq!(err["code"], "forbidden");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("Resepsionis tidak berwenang"),
            "{err}"
        );
    }
    assert_eq!(stored_listen(&store).unwrap(), None);
}
