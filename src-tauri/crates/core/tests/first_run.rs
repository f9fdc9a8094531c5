//! The admin's first morning: the checklist follows what is really set up (office, officials,
//! accounts, the display, the printer), hides when done or dismissed, and only the admin
//! reads it; each role is told which screens it may open and where it lands.

use chrono::{DateTime, TimeZone, Utc};
use loket_core::api::handle;
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap()
}

fn call(store: &mut Store, token: Option<&str>, request: Value) -> Result<Value, Value> {
    handle(store, t0(), token, request).map_err(|e| serde_json::to_value(e).unwrap())
}

fn done(list: &Value) -> Vec<&str> {
    list["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["done"] == true)
        .map(|s| s["key"].as_str().unwrap())
        .collect()
}

#[test]
fn the_checklist_follows_what_is_set_up_and_hides_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let admin = call(&mut store, None, json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046", "display_name": "Admin Setda"}}))
        .unwrap()["token"].as_str().unwrap().to_string();
    let admin = Some(admin.as_str());
    let checklist =
        |store: &mut Store| call(store, admin, json!({"op": "office.checklist"})).unwrap();

    let first = checklist(&mut store);
    assert_eq!(first["total"], 5);
    assert!(done(&first).is_empty(), "{first}");
    assert_eq!(first["show"], true);
    let keys: Vec<&str> = first["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["office", "officials", "accounts", "display", "printer"]
    );

    call(&mut store, admin, json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}})).unwrap();
    assert_eq!(done(&checklist(&mut store)), ["office"]);

    // An official without a service cannot be called yet: not done.
    call(&mut store, admin, json!({"op": "office.save_official", "args": {"name": "Rahmat", "title": "Kasubbag", "room": "Ruang 1"}})).unwrap();
    assert_eq!(done(&checklist(&mut store)), ["office"]);
    call(&mut store, admin, json!({"op": "office.save_official", "args": {"name": "Siti", "title": "Kasubbag", "room": "Ruang 2", "services": ["balangan-perekonomian-1"]}})).unwrap();
    assert_eq!(done(&checklist(&mut store)), ["office", "officials"]);

    call(&mut store, admin, json!({"op": "auth.save_account", "args": {"username": "resepsionis", "display_name": "Siti Rahmawati", "role": "resepsionis", "pin": "135792"}})).unwrap();
    assert_eq!(
        done(&checklist(&mut store)),
        ["office", "officials", "accounts"]
    );

    let tv = call(
        &mut store,
        admin,
        json!({"op": "auth.create_display", "args": {"name": "TV ruang tunggu"}}),
    )
    .unwrap();
    assert_eq!(
        done(&checklist(&mut store)),
        ["office", "officials", "accounts", "display"]
    );

    // A revoked display no longer counts.
    let devices = call(&mut store, admin, json!({"op": "auth.devices"})).unwrap();
    let id = devices["devices"][0]["id"].clone();
    call(
        &mut store,
        admin,
        json!({"op": "auth.revoke_device", "args": {"id": id}}),
    )
    .unwrap();
    assert_eq!(
        done(&checklist(&mut store)),
        ["office", "officials", "accounts"]
    );
    assert!(tv["token"].is_string());
    call(
        &mut store,
        admin,
        json!({"op": "auth.create_display", "args": {"name": "TV baru"}}),
    )
    .unwrap();

    // Dismissed, it hides; shown again, it is back.
    let dismissed = call(
        &mut store,
        admin,
        json!({"op": "office.mark_checklist", "args": {"mark": "dismiss"}}),
    )
    .unwrap();
    assert_eq!(dismissed["show"], false);
    assert_eq!(checklist(&mut store)["show"], false);
    let restored = call(
        &mut store,
        admin,
        json!({"op": "office.mark_checklist", "args": {"mark": "restore"}}),
    )
    .unwrap();
    assert_eq!(restored["show"], true);

    let all = call(
        &mut store,
        admin,
        json!({"op": "office.mark_checklist", "args": {"mark": "printer_tested"}}),
    )
    .unwrap();
    assert_eq!(all["done"], 5);
    assert_eq!(all["show"], false, "every step done: the list hides");

    // Only the admin reads or marks it.
    let desk = call(
        &mut store,
        None,
        json!({"op": "auth.login", "args": {"username": "resepsionis", "pin": "135792"}}),
    )
    .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = call(&mut store, Some(&desk), json!({"op": "office.checklist"})).unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");
    let refused = call(
        &mut store,
        Some(&desk),
        json!({"op": "office.mark_checklist", "args": {"mark": "dismiss"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "forbidden", "{refused}");
    // A mark nobody knows changes nothing.
    let wrong = call(
        &mut store,
        admin,
        json!({"op": "office.mark_checklist", "args": {"mark": "everything"}}),
    )
    .unwrap_err();
    assert_eq!(wrong["code"], "bad_request", "{wrong}");
}

#[test]
fn each_role_is_told_its_screens_and_where_it_lands() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let admin = call(&mut store, None, json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046", "display_name": "Admin Setda"}}))
        .unwrap()["token"].as_str().unwrap().to_string();
    for (user, role) in [("resepsionis", "resepsionis"), ("kabag", "kepala_bagian")] {
        call(&mut store, Some(&admin), json!({"op": "auth.save_account", "args": {"username": user, "display_name": user, "role": role, "pin": "135792"}})).unwrap();
    }
    let me = |store: &mut Store, user: &str, pin: &str| {
        let token = call(
            store,
            None,
            json!({"op": "auth.login", "args": {"username": user, "pin": pin}}),
        )
        .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string();
        call(store, Some(&token), json!({"op": "auth.whoami"})).unwrap()
    };
    let desk = me(&mut store, "resepsionis", "135792");
    assert_eq!(desk["home"], "desk");
    assert_eq!(desk["screens"], json!(["catalog", "desk"]));
    let chief = me(&mut store, "kabag", "135792");
    assert_eq!(chief["home"], "report");
    assert!(!chief["screens"]
        .as_array()
        .unwrap()
        .contains(&json!("settings")));
    let admin = me(&mut store, "admin", "258046");
    assert_eq!(admin["home"], "settings");
}
