//! The hub's LAN server over real HTTP on 127.0.0.1, against a database in a temporary file:
//! the first run and the office set up through `/api/dispatch`, every operation refused to
//! every role (and to a display) that may not use it, refusals as JSON with their statuses,
//! changes pushed to live screens, the embedded UI and audio with their security headers, and
//! a graceful stop while a screen listens.

use std::collections::BTreeSet;
use std::time::Duration;

use loket_core::api::{Op, Who};
use loket_core::auth::Role;
use loket_hub::{Change, Hub};
use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};

mod support;
use support::{answer, start, Running};

const PIN: &str = "135792";
const ADMIN_PIN: &str = "258046";

/// The sessions of a desk set up over HTTP.
struct Office {
    running: Running,
    /// Each role's session, in the order of [`ROLES`].
    users: Vec<(Role, String)>,
    display: String,
    /// A survey kiosk's token.
    kiosk: String,
    /// A blanko tablet's token.
    tablet: String,
    /// The official the pejabat and the kepala bagian act as.
    official: i64,
    /// A visit checked in by the receptionist, for the pejabat's service: their own guest.
    visit: i64,
    /// A visit for the other official's service: not the pejabat's guest.
    others_visit: i64,
}

const ROLES: [(Role, &str); 4] = [
    (Role::Resepsionis, "resepsionis"),
    (Role::Pejabat, "rahmat"),
    (Role::KepalaBagian, "kabag"),
    (Role::Admin, "admin"),
];

impl Office {
    fn token(&self, role: Role) -> &str {
        &self.users.iter().find(|(r, _)| *r == role).unwrap().1
    }
}

/// The first run, the office, an account for each role, a display and one guest, all over HTTP.
async fn office() -> Office {
    let running = start().await;
    let status = running.ok(None, json!({"op": "auth.status"})).await;
    assert_eq!(status["has_accounts"], false);
    let bootstrap = running
        .ok(
            None,
            json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": ADMIN_PIN, "display_name": "Admin Setda"}}),
        )
        .await;
    let admin = bootstrap["token"].as_str().unwrap().to_string();
    assert_eq!(bootstrap["principal"]["role"], "admin");
    let again = running
        .call(
            None,
            json!({"op": "auth.bootstrap", "args": {"username": "admin2", "pin": "975310"}}),
        )
        .await;
    assert_eq!(again.0, StatusCode::CONFLICT, "{}", again.1);

    running
        .ok(
            Some(&admin),
            json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}}),
        )
        .await;
    let mut officials = Vec::new();
    for (name, service) in [
        ("Rahmat", "balangan-perekonomian-1"),
        ("Siti", "balangan-perekonomian-2"),
    ] {
        let saved = running
            .ok(
                Some(&admin),
                json!({"op": "office.save_official", "args": {"name": name, "title": "Kasubbag", "room": "Ruang 1", "services": [service]}}),
            )
            .await;
        officials.push(saved["id"].as_i64().unwrap());
    }
    let official = officials[0];
    let mut users = Vec::new();
    for (role, username) in ROLES {
        if role == Role::Admin {
            users.push((role, admin.clone()));
            continue;
        }
        let linked = (role != Role::Resepsionis).then_some(official);
        running
            .ok(
                Some(&admin),
                json!({"op": "auth.save_account", "args": {"username": username, "display_name": username, "role": role.as_str(), "official_id": linked, "pin": PIN}}),
            )
            .await;
        users.push((role, running.login(username, PIN).await));
    }
    let display = running
        .ok(
            Some(&admin),
            json!({"op": "auth.create_display", "args": {"name": "TV ruang tunggu"}}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let kiosk = running
        .ok(
            Some(&admin),
            json!({"op": "auth.create_kiosk", "args": {"name": "Tablet survei"}}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let tablet = running
        .ok(
            Some(&admin),
            json!({"op": "auth.create_tablet", "args": {"name": "Tablet blanko"}}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let desk = &users[0].1;
    let checked_in = running
        .ok(Some(desk), check_in("Budi", "6311011203850001"))
        .await;
    let visit = checked_in["visit_id"].as_i64().unwrap();
    let mut others = check_in("Wulan", "6311015506900003");
    others["args"]["service"] = json!("balangan-perekonomian-2");
    let others_visit = running.ok(Some(desk), others).await["visit_id"]
        .as_i64()
        .unwrap();
    Office {
        running,
        users,
        display,
        kiosk,
        tablet,
        official,
        visit,
        others_visit,
    }
}

fn check_in(name: &str, nik: &str) -> Value {
    json!({"op": "desk.check_in", "args": {
        "guest": {"name": name, "id_type": "ktp", "id_number": nik},
        "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}})
}

/// Every operation declared for a session (the login screen's own are not in the table).
fn ops_the_dispatcher_knows() -> BTreeSet<String> {
    Op::ALL
        .iter()
        .filter(|op| op.spec().who != Who::Public)
        .map(|op| op.name().to_string())
        .collect()
}

/// One well-shaped request of every operation whose arguments this test knows, acting as
/// `official` on `visit`. `auth.logout` comes last: it ends the session.
fn well_shaped(official: i64, visit: i64) -> Vec<Value> {
    let (o, v) = (json!(official), json!(visit));
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
        json!({"op": "office.set_ticket", "args": {"paper_mm": 80, "auto_print": false}}),
        json!({"op": "guest.find", "args": {"query": "budi"}}),
        json!({"op": "desk.requirements", "args": {"service": "balangan-perekonomian-1"}}),
        check_in("Sari", "6311015506900002"),
        json!({"op": "desk.today"}),
        json!({"op": "desk.ticket", "args": {"visit_id": v}}),
        json!({"op": "desk.missing_slip", "args": {"service": "balangan-perekonomian-1", "shown": []}}),
        json!({"op": "desk.hold_card", "args": {"visit_id": v, "slot": 1}}),
        json!({"op": "desk.return_card", "args": {"visit_id": v, "to": {"by": "guest"}}}),
        json!({"op": "desk.check_out", "args": {"visit_id": v}}),
        json!({"op": "desk.left_behind", "args": {"visit_id": v}}),
        json!({"op": "desk.settle", "args": {"visit_id": v, "ending": {"by": "security", "officer": "Satpam"}}}),
        json!({"op": "desk.on_behalf", "args": {"official_id": o, "visit_id": v, "action": "call"}}),
        json!({"op": "desk.settle_all", "args": {"ending": {"by": "guest"}, "except": [v], "expected": 1}}),
        json!({"op": "desk.finish_for_official", "args": {"visit_id": v, "what": {"what": "guest_gone"}}}),
        json!({"op": "visit.show", "args": {"visit_id": v}}),
        json!({"op": "visit.fill_blanko", "args": {"visit_id": v, "blanko": {"topic": "a", "questions": "b"}}}),
        json!({"op": "visit.correct", "args": {"visit_id": v, "correction": {"what": "group_size", "group_size": 2}, "note": "n"}}),
        json!({"op": "blanko.tickets"}),
        json!({"op": "blanko.submit", "args": {"visit_id": v, "blanko": {"topic": "a", "questions": "b"}}}),
        json!({"op": "queue.list", "args": {"official_id": o}}),
        json!({"op": "queue.call_next", "args": {"official_id": o}}),
        json!({"op": "queue.call", "args": {"official_id": o, "visit_id": v}}),
        json!({"op": "queue.recall", "args": {"official_id": o, "visit_id": v}}),
        json!({"op": "queue.start", "args": {"official_id": o, "visit_id": v}}),
        json!({"op": "queue.finish", "args": {"official_id": o, "visit_id": v, "outcome": {"result": "r", "closed": true}}}),
        json!({"op": "queue.not_present", "args": {"official_id": o, "visit_id": v}}),
        json!({"op": "queue.transfer", "args": {"visit_id": v, "to_official": o, "reason": "r"}}),
        json!({"op": "queue.hold", "args": {"visit_id": v, "reason": "r"}}),
        json!({"op": "queue.resume", "args": {"visit_id": v}}),
        json!({"op": "desk.close_day"}),
        json!({"op": "desk.reopen_day", "args": {"reason": "Tamu rombongan datang lagi"}}),
        json!({"op": "display.state"}),
        json!({"op": "auth.accounts"}),
        json!({"op": "auth.save_account", "args": {"username": "baru", "display_name": "Baru", "role": "resepsionis", "pin": "482615"}}),
        json!({"op": "auth.create_display", "args": {"name": "TV lobi"}}),
        json!({"op": "auth.create_kiosk", "args": {"name": "Tablet lobi"}}),
        json!({"op": "auth.log", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "auth.create_tablet", "args": {"name": "Tablet blanko lobi"}}),
        json!({"op": "auth.devices"}),
        json!({"op": "auth.rename_device", "args": {"id": 999, "name": "TV baru"}}),
        json!({"op": "auth.revoke_device", "args": {"id": 999}}),
        json!({"op": "auth.set_device_days", "args": {"days": 365}}),
        json!({"op": "auth.unlock", "args": {"account_id": 999}}),
        json!({"op": "skm.pending"}),
        json!({"op": "skm.submit", "args": {"visit_id": v, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}}),
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "email", "summary": "x"}}),
        json!({"op": "complaint.update", "args": {"id": 1, "status": "diproses"}}),
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.show", "args": {"id": 1}}),
        json!({"op": "office.checklist"}),
        json!({"op": "office.about"}),
        json!({"op": "office.mark_checklist", "args": {"mark": "printer_tested"}}),
        json!({"op": "auth.whoami"}),
        json!({"op": "auth.logout"}),
    ]
}

/// The operations a display token may use.
const DISPLAY_MAY: &[&str] = &["auth.whoami", "auth.logout", "display.state"];
/// The operations a survey kiosk's token may use.
const KIOSK_MAY: &[&str] = &["auth.whoami", "auth.logout", "skm.pending", "skm.submit"];
/// The operations a blanko tablet's token may use.
const TABLET_MAY: &[&str] = &[
    "auth.whoami",
    "auth.logout",
    "blanko.tickets",
    "blanko.submit",
];

use Role::{Admin as ADM, KepalaBagian as KAB, Pejabat as PEJ, Resepsionis as RES};

/// Who may use each operation, written out here from the issue and the roles' work — not
/// read from the permission table under test, so a wrong entry there fails this test. The
/// issue's own cases: an official cannot export the guest log (see
/// [`only_the_chief_and_the_admin_download_the_guest_log`]), a receptionist cannot change
/// users, a display reads the calls and nothing else.
const EXPECTED: &[(&str, &[Role])] = &[
    ("auth.whoami", &[RES, PEJ, KAB, ADM]),
    ("auth.logout", &[RES, PEJ, KAB, ADM]),
    ("catalog.overview", &[RES, PEJ, KAB, ADM]),
    ("catalog.list", &[RES, PEJ, KAB, ADM]),
    ("catalog.search", &[RES, PEJ, KAB, ADM]),
    ("catalog.show", &[RES, PEJ, KAB, ADM]),
    ("office.get", &[RES, PEJ, KAB, ADM]),
    ("office.holidays", &[RES, PEJ, KAB, ADM]),
    ("office.setup", &[ADM]),
    ("office.save_official", &[ADM]),
    ("office.add_holiday", &[ADM]),
    ("office.remove_holiday", &[ADM]),
    // The first-run checklist: the admin's, who sets the office up.
    ("office.checklist", &[ADM]),
    ("office.mark_checklist", &[ADM]),
    // "Tentang Loket": the full paths of the desk PC's files are the admin's to know.
    ("office.about", &[ADM]),
    ("office.set_ticket", &[ADM]),
    // Users and device tokens: the admin's alone, never the receptionist's.
    ("auth.accounts", &[ADM]),
    ("auth.save_account", &[ADM]),
    // A display token reads only the calls the desk sees anyway: the desk opens the display.
    ("auth.create_display", &[RES, ADM]),
    ("auth.create_kiosk", &[ADM]),
    ("auth.create_tablet", &[ADM]),
    ("auth.log", &[ADM]),
    ("auth.unlock", &[ADM]),
    ("auth.devices", &[ADM]),
    ("auth.rename_device", &[ADM]),
    ("auth.revoke_device", &[ADM]),
    ("auth.set_device_days", &[ADM]),
    // The guest log as a file: the chief's and the admin's (through /api/export).
    ("report.export", &[KAB, ADM]),
    // Where the LAN server listens: the admin's.
    ("lan.listen", &[ADM]),
    ("lan.set_listen", &[ADM]),
    // The front desk.
    ("guest.find", &[RES, ADM]),
    ("desk.requirements", &[RES, ADM]),
    ("desk.check_in", &[RES, ADM]),
    ("desk.today", &[RES, ADM]),
    ("desk.ticket", &[RES, ADM]),
    ("desk.missing_slip", &[RES, ADM]),
    ("desk.hold_card", &[RES, ADM]),
    ("desk.return_card", &[RES, ADM]),
    ("desk.check_out", &[RES, ADM]),
    ("desk.left_behind", &[RES, ADM]),
    ("desk.close_day", &[RES, ADM]),
    ("desk.reopen_day", &[RES, ADM]),
    ("desk.settle", &[RES, ADM]),
    // The desk calls for an official who has no account or device; never an official's
    // own screen (they call for themselves).
    ("desk.on_behalf", &[RES, ADM]),
    ("desk.settle_all", &[RES, ADM]),
    // What became of a consultation the official never finished: the desk records it,
    // on the official's behalf; an official finishes their own through queue.finish.
    ("desk.finish_for_official", &[RES, ADM]),
    ("visit.show", &[RES, PEJ, KAB, ADM]),
    ("visit.fill_blanko", &[RES, ADM]),
    ("visit.correct", &[RES, KAB, ADM]),
    // The officials' queue.
    ("queue.list", &[PEJ, KAB, ADM]),
    ("queue.call_next", &[PEJ, KAB, ADM]),
    ("queue.call", &[PEJ, KAB, ADM]),
    ("queue.recall", &[PEJ, KAB, ADM]),
    ("queue.start", &[PEJ, KAB, ADM]),
    ("queue.finish", &[PEJ, KAB, ADM]),
    ("queue.not_present", &[PEJ, KAB, ADM]),
    ("queue.transfer", &[PEJ, KAB, ADM]),
    ("queue.hold", &[PEJ, KAB, ADM]),
    ("queue.resume", &[PEJ, KAB, ADM]),
    ("display.state", &[RES, PEJ, KAB, ADM]),
    // The survey is the guest's own, on the kiosk.
    ("skm.pending", &[]),
    ("skm.submit", &[]),
    // The blanko is the guest's own too, on the tablet.
    ("blanko.tickets", &[]),
    ("blanko.submit", &[]),
    ("skm.report", &[KAB, ADM]),
    ("complaint.record", &[RES, KAB, ADM]),
    ("complaint.list", &[RES, KAB, ADM]),
    ("complaint.update", &[KAB, ADM]),
    ("complaint.show", &[KAB, ADM]),
    ("report.performance", &[KAB, ADM]),
    ("backup.list", &[ADM]),
    ("backup.create", &[ADM]),
    ("backup.restore", &[ADM]),
    ("backup.set_keep", &[ADM]),
    ("privacy.status", &[KAB, ADM]),
    ("privacy.subject", &[KAB, ADM]),
    ("privacy.set_retention", &[ADM]),
    ("privacy.apply_retention", &[ADM]),
    ("privacy.erase", &[ADM]),
];

/// The table: every operation the dispatcher knows, with the roles [`EXPECTED`] admits. An
/// operation missing from [`EXPECTED`] fails the test: its roles must be written out above.
fn table(official: i64, visit: i64) -> Vec<(Value, &'static [Role], bool)> {
    let known = ops_the_dispatcher_knows();
    let mut requests: Vec<(Value, bool)> = well_shaped(official, visit)
        .into_iter()
        // Skipped only while the core does not have it yet.
        .filter(|r| known.contains(r["op"].as_str().unwrap()))
        .map(|r| (r, true))
        .collect();
    // An operation added to the core since: its arguments are not known here, but the
    // permission check comes before they are read.
    for op in &known {
        if !requests.iter().any(|(r, _)| r["op"] == op.as_str()) {
            requests.insert(0, (json!({ "op": op }), false));
        }
    }
    requests
        .into_iter()
        .map(|(request, shaped)| {
            let op = request["op"].as_str().unwrap();
            let roles = EXPECTED
                .iter()
                .find(|(known, _)| *known == op)
                .map(|(_, roles)| *roles)
                .unwrap_or_else(|| {
                    panic!("{op}: write out who may use it in EXPECTED in this test")
                });
            (request, roles, shaped)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_refuses_every_role_that_may_not_use_it_over_http() {
    let o = office().await;
    let table = table(o.official, o.visit);
    assert!(table.len() >= 36, "the table covers every operation");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (request, roles, shaped) in &table {
        let op = request["op"].as_str().unwrap();
        let mut principals: Vec<(String, &str, bool)> = ROLES
            .iter()
            .map(|(role, _)| (format!("{role:?}"), o.token(*role), roles.contains(role)))
            .collect();
        principals.push(("display".into(), &o.display, DISPLAY_MAY.contains(&op)));
        principals.push(("kiosk".into(), &o.kiosk, KIOSK_MAY.contains(&op)));
        principals.push(("tablet".into(), &o.tablet, TABLET_MAY.contains(&op)));
        for (who, token, allowed) in principals {
            let (status, body) = o.running.call(Some(token), request.clone()).await;
            let forbidden = status == StatusCode::FORBIDDEN && body["code"] == "forbidden";
            let fine = if allowed {
                // Allowed: never refused for who asks, and a well-shaped request is understood.
                !forbidden
                    && status != StatusCode::UNAUTHORIZED
                    && !(*shaped && body["code"] == "bad_request")
            } else {
                forbidden
            };
            if !fine {
                wrong.push(format!("{op} as {who}: {status} {body}"));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(checked, table.len() * 7);
}

/// The operations on one guest that a pejabat may use on their own guests only, written
/// out here: on another official's guest they are refused to the pejabat (403), whatever
/// else the role may do.
const OWN_GUESTS_ONLY: &[&str] = &[
    "visit.show",
    "queue.call",
    "queue.recall",
    "queue.start",
    "queue.finish",
    "queue.not_present",
    "queue.transfer",
    "queue.hold",
    "queue.resume",
];

/// The same table on another official's guest: every operation that names a visit, for
/// every role and device. The pejabat reads and acts only on their own guests; the others
/// keep what [`EXPECTED`] gives them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_another_officials_guest_the_pejabat_is_refused_every_operation_over_http() {
    let o = office().await;
    let mut wrong = Vec::new();
    let mut refused_to_pejabat = BTreeSet::new();
    for (request, roles, _) in table(o.official, o.others_visit) {
        if request["args"].get("visit_id").is_none() {
            continue;
        }
        let op = request["op"].as_str().unwrap().to_string();
        let pejabat_may_otherwise = roles.contains(&PEJ);
        let roles: Vec<Role> = roles
            .iter()
            .copied()
            .filter(|r| !(*r == PEJ && OWN_GUESTS_ONLY.contains(&op.as_str())))
            .collect();
        let mut principals: Vec<(String, &str, bool)> = ROLES
            .iter()
            .map(|(role, _)| (format!("{role:?}"), o.token(*role), roles.contains(role)))
            .collect();
        principals.push((
            "display".into(),
            &o.display,
            DISPLAY_MAY.contains(&op.as_str()),
        ));
        principals.push(("kiosk".into(), &o.kiosk, KIOSK_MAY.contains(&op.as_str())));
        principals.push((
            "tablet".into(),
            &o.tablet,
            TABLET_MAY.contains(&op.as_str()),
        ));
        for (who, token, allowed) in principals {
            let (status, body) = o.running.call(Some(token), request.clone()).await;
            let forbidden = status == StatusCode::FORBIDDEN && body["code"] == "forbidden";
            if forbidden && who == "Pejabat" && pejabat_may_otherwise {
                refused_to_pejabat.insert(op.clone());
                // The refusal names the guest's ticket, never their name or purpose.
                assert!(!body.to_string().contains("Wulan"), "{body}");
            }
            if allowed == forbidden {
                wrong.push(format!("{op} as {who}: {status} {body}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let expected: BTreeSet<String> = OWN_GUESTS_ONLY.iter().map(|s| s.to_string()).collect();
    assert_eq!(refused_to_pejabat, expected);
}

/// `POST /api/export` for every role and device: the guest log goes to the kepala bagian and
/// the admin as a file; everyone else gets a 403 with the refusal as JSON, and no file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_chief_and_the_admin_download_the_guest_log() {
    let o = office().await;
    let mut principals: Vec<(String, &str, bool)> = ROLES
        .iter()
        .map(|(role, _)| {
            let may = matches!(role, Role::KepalaBagian | Role::Admin);
            (format!("{role:?}"), o.token(*role), may)
        })
        .collect();
    principals.push(("display".into(), &o.display, false));
    principals.push(("kiosk".into(), &o.kiosk, false));
    let mut files = 0;
    for (who, token, may) in principals {
        let response = o
            .running
            .client
            .post(o.running.url("/api/export"))
            .bearer_auth(token)
            .json(&json!({"from": "2026-11-01", "to": "2026-11-30", "format": "csv"}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let disposition = response
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .map(|v| v.to_str().unwrap().to_string());
        if may {
            assert_eq!(status, StatusCode::OK, "{who}");
            let disposition = disposition.unwrap_or_default();
            assert!(
                disposition.starts_with("attachment;") && disposition.contains(".csv"),
                "{who}: {disposition}"
            );
            assert!(!response.bytes().await.unwrap().is_empty(), "{who}");
            files += 1;
        } else {
            assert_eq!(disposition, None, "{who} gets no file");
            let (status, body) = answer(response).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {body}");
            assert_eq!(body["code"], "forbidden", "{who}: {body}");
            assert!(
                body["message"]
                    .as_str()
                    .unwrap()
                    .contains("tidak berwenang"),
                "{who}: {body}"
            );
        }
    }
    assert_eq!(files, 2);
}

/// Over HTTP as in the core: a pejabat cannot call, hold, resume or transfer another
/// official's guest (403, nothing changes); the chief can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_cannot_act_on_another_officials_guest_over_http() {
    let o = office().await;
    let desk = o.token(Role::Resepsionis);
    let pejabat = o.token(Role::Pejabat);
    let chief = o.token(Role::KepalaBagian);
    let mut guest = check_in("Andi", "6311011203850001");
    guest["args"]["service"] = json!("balangan-perekonomian-2");
    guest["args"]["guest"]["id_type"] = json!("sim");
    guest["args"]["guest"]["id_number"] = json!("123456789");
    let visit = o.running.ok(Some(desk), guest).await["visit_id"].clone();
    let status = || async {
        o.running
            .ok(
                Some(chief),
                json!({"op": "visit.show", "args": {"visit_id": visit}}),
            )
            .await["visit"]["status"]
            .clone()
    };
    let hold = json!({"op": "queue.hold", "args": {"visit_id": visit, "reason": "Berkas"}});
    let resume = json!({"op": "queue.resume", "args": {"visit_id": visit}});
    let rows = [
        (
            pejabat,
            json!({"op": "queue.call", "args": {"official_id": o.official, "visit_id": visit}}),
            false,
            "waiting",
        ),
        (
            pejabat,
            json!({"op": "queue.transfer", "args": {"visit_id": visit, "to_official": o.official, "reason": "Saya saja"}}),
            false,
            "waiting",
        ),
        (pejabat, hold.clone(), false, "waiting"),
        (chief, hold, true, "on_hold"),
        (pejabat, resume.clone(), false, "on_hold"),
        (chief, resume, true, "waiting"),
    ];
    for (token, request, allowed, after) in rows {
        let (code, body) = o.running.call(Some(token), request.clone()).await;
        if allowed {
            assert_eq!(code, StatusCode::OK, "{request}: {body}");
        } else {
            assert_eq!(code, StatusCode::FORBIDDEN, "{request}: {body}");
            assert_eq!(body["code"], "forbidden");
            assert!(
                body["message"]
                    .as_str()
                    .unwrap()
                    .contains("bukan antrian Anda"),
                "{body}"
            );
        }
        assert_eq!(status().await, after, "{request}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_json_with_the_status_that_says_what_went_wrong() {
    let o = office().await;
    let r = &o.running;
    let admin = o.token(Role::Admin);

    // No token, a forged one.
    let (status, body) = r.call(None, json!({"op": "desk.today"})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "unauthorized");
    assert!(body["message"].as_str().unwrap().contains("silakan masuk"));
    let (status, _) = r.call(Some("00ff"), json!({"op": "desk.today"})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Too big a body.
    let big = format!(
        r#"{{"op": "catalog.search", "args": {{"query": "{}"}}}}"#,
        "a".repeat(300 * 1024)
    );
    let (status, body) = r.raw(Some(admin), big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], "payload_too_large");
    assert!(body["message"].as_str().unwrap().contains("terlalu besar"));

    // Not JSON, no body, not declared as JSON.
    let (status, body) = r.raw(Some(admin), r#"{"op": "desk.today""#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "bad_request");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("bukan JSON yang sah"),
        "{body}"
    );
    let (status, body) = r.raw(Some(admin), "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"].as_str().unwrap().contains("kosong"),
        "{body}"
    );
    let plain = r
        .client
        .post(r.url("/api/dispatch"))
        .bearer_auth(admin)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(r#"{"op": "desk.today"}"#)
        .send()
        .await
        .unwrap();
    let (status, body) = answer(plain).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body["message"].as_str().unwrap().contains("JSON"));

    // Unknown fields, at the top and in the arguments; a missing op.
    for request in [
        json!({"op": "catalog.overview", "extra": 1}),
        json!({"op": "catalog.search", "args": {"query": "ktp", "bogus": 1}}),
        json!({"args": {}}),
        json!([1, 2]),
    ] {
        let (status, body) = r.call(Some(admin), request.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{request}: {body}");
        assert_eq!(body["code"], "bad_request");
    }

    // The core's other refusals.
    let (status, body) = r
        .call(
            Some(admin),
            json!({"op": "catalog.show", "args": {"id": "tidak-ada-1"}}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("service_not_found"))
    );
    let (status, body) = r
        .call(
            Some(admin),
            json!({"op": "visit.show", "args": {"visit_id": 999}}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, body) = r
        .call(Some(admin), json!({"op": "auth.save_account", "args": {"username": "x", "display_name": "X", "role": "resepsionis", "pin": "1"}}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_input"))
    );
    let (status, body) = r
        .call(
            Some(o.token(Role::Resepsionis)),
            json!({"op": "queue.resume", "args": {"visit_id": o.visit}}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, body) = r
        .call(
            Some(o.token(Role::Pejabat)),
            json!({"op": "queue.start", "args": {"official_id": o.official, "visit_id": o.visit}}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("refused")),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_may_come_as_a_cookie() {
    let o = office().await;
    let r = &o.running;
    let me = r
        .client
        .post(r.url("/api/dispatch"))
        .header(
            header::COOKIE,
            format!("tema=gelap; loket_session={}", o.token(Role::Pejabat)),
        )
        .json(&json!({"op": "auth.whoami"}))
        .send()
        .await
        .unwrap();
    let (status, body) = answer(me).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["role"], "pejabat");
}

/// Reads server-sent events from `response` until a change of `op` arrives, or `within` ends.
async fn next_change(response: &mut Response, op: &str, within: Duration) -> Option<Change> {
    let mut text = String::new();
    tokio::time::timeout(within, async {
        loop {
            let chunk = response.chunk().await.ok()??;
            text.push_str(&String::from_utf8_lossy(&chunk));
            while let Some((event, rest)) = text.split_once("\n\n") {
                let change = event
                    .lines()
                    .find_map(|line| line.strip_prefix("data:"))
                    .and_then(|data| serde_json::from_str::<Change>(data.trim()).ok());
                text = rest.to_string();
                if let Some(change) = change.filter(|c| c.op == op) {
                    return Some(change);
                }
            }
        }
    })
    .await
    .ok()
    .flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_screen_hears_of_a_check_in_within_a_second() {
    let o = office().await;
    let r = &o.running;
    // Without a live session there is no stream.
    let refused = r
        .client
        .get(r.url("/api/events"))
        .bearer_auth("00ff")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(answer(refused).await.1["code"], "unauthorized");
    assert_eq!(
        r.get("/api/events").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let mut events = r.events(&o.display).await;
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(
        events.headers()[header::CONTENT_TYPE].to_str().unwrap(),
        "text/event-stream"
    );
    // A read changes nothing and is not announced; the check-in by another session is.
    r.ok(
        Some(o.token(Role::Resepsionis)),
        json!({"op": "desk.today"}),
    )
    .await;
    let before = chrono::Utc::now();
    r.ok(
        Some(o.token(Role::Resepsionis)),
        check_in("Sari", "6311015506900002"),
    )
    .await;
    let change = next_change(&mut events, "desk.check_in", Duration::from_secs(1))
        .await
        .expect("the check-in reaches the live screen within a second");
    assert!(change.at >= before - chrono::Duration::seconds(1));

    // A change made in the desktop window (IPC calls the same Hub::handle) reaches it too.
    o.running
        .hub
        .handle(
            loket_core::auth::Caller::Window,
            Some(o.token(Role::Pejabat)),
            json!({"op": "queue.call_next", "args": {"official_id": o.official}}),
        )
        .unwrap();
    assert!(
        next_change(&mut events, "queue.call_next", Duration::from_secs(1))
            .await
            .is_some(),
        "a change from the window reaches the LAN"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_and_the_clips_are_served_from_the_binary_with_strict_headers() {
    let r = start().await;
    let index = r.get("/").await;
    assert_eq!(index.status(), StatusCode::OK);
    let headers = index.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let html = index.text().await.unwrap();
    assert_eq!(
        html,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../ui/index.html"
        ))
        .unwrap()
    );

    // The device pages: the waiting-room display, the survey kiosk and the blanko tablet.
    for page in [
        "/display.html",
        "/kiosk.html",
        "/js/kiosk.js",
        "/css/kiosk.css",
        "/blanko.html",
        "/js/blanko-tablet.js",
        "/css/blanko.css",
    ] {
        let response = r.get(page).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        assert!(response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY));
    }

    let script = r.get("/js/api.js").await;
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(
        script.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let style = r.get("/css/app.css").await;
    assert_eq!(
        style.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );

    let chime = r.get("/audio/chime.wav").await;
    assert_eq!(chime.status(), StatusCode::OK);
    assert_eq!(chime.headers()[header::CONTENT_TYPE], "audio/wav");
    let etag = chime.headers()[header::ETAG].clone();
    assert!(chime.bytes().await.unwrap().starts_with(b"RIFF"));
    let again = r
        .client
        .get(r.url("/audio/chime.wav"))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    for missing in [
        "/tidak-ada.html",
        "/audio/tidak-ada.wav",
        "/audio/README.md",
        "/audio/make-clips.sh",
        "/js/../../Cargo.toml",
        "/%2e%2e/Cargo.toml",
    ] {
        let response = r.get(missing).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        assert!(response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY));
    }

    // No CORS: another origin gets no permission to read, not even on a preflight.
    let foreign = r
        .client
        .get(r.url("/"))
        .header(header::ORIGIN, "http://contoh.example")
        .send()
        .await
        .unwrap();
    assert!(!foreign
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let preflight = r
        .client
        .request(reqwest::Method::OPTIONS, r.url("/api/dispatch"))
        .header(header::ORIGIN, "http://contoh.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .send()
        .await
        .unwrap();
    assert!(!preflight.status().is_success());
    assert!(!preflight
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let api = r
        .client
        .post(r.url("/api/dispatch"))
        .header(header::ORIGIN, "http://contoh.example")
        .json(&json!({"op": "auth.status"}))
        .send()
        .await
        .unwrap();
    assert!(!api
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_stops_gracefully_while_a_screen_listens() {
    let mut o = office().await;
    let mut events = o.running.events(&o.display).await;
    assert_eq!(events.status(), StatusCode::OK);
    o.running.stop.take().unwrap().send(()).unwrap();
    let served = o.running.served.take().unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("the server stops although a screen is listening");
    result.unwrap().unwrap();
    // The screen's stream has ended.
    let rest = tokio::time::timeout(Duration::from_secs(1), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(rest.is_ok(), "the event stream ends with the server");
}

#[test]
fn a_hub_opened_on_a_database_makes_one_backup_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    let daily = || {
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with("-harian.db"))
            .count()
    };
    drop(Hub::open(&db).unwrap());
    assert_eq!(daily(), 1);
    // Opened again the same day (the app restarted), no second one.
    drop(Hub::open(&db).unwrap());
    assert_eq!(daily(), 1);
}

/// Writes are not held up by checkpoints: the hub copies the WAL into the database file on
/// a connection of its own, every second, so the file holds what was written even while the
/// hub runs (and a backup tool copying only the file misses at most a second).
#[test]
fn the_hub_copies_what_was_written_into_the_database_file_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("loket.db");
    let hub = Hub::open(&db).unwrap();
    let admin = hub
        .handle(
            loket_core::auth::Caller::Window,
            None,
            json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
        )
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    for n in 0..20 {
        let made = json!({"op": "auth.create_display", "args": {"name": format!("TV {n}")}});
        hub.handle(loket_core::auth::Caller::Window, Some(&admin), made)
            .unwrap();
    }
    let displays_in_file = || {
        let copy = dir.path().join("copy.db");
        std::fs::copy(&db, &copy).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        // Until the first checkpoint the file may not even hold the tables yet.
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM session WHERE display LIKE 'TV %'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        drop(conn);
        std::fs::remove_file(&copy).unwrap();
        n
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while displays_in_file() < 20 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(displays_in_file(), 20);
    drop(hub);
}

/// A flood of login attempts from one address on the LAN is turned away in memory after
/// ten in ten seconds, before the database is read; the desk PC's window logs in meanwhile.
#[test]
fn a_flood_of_logins_from_one_address_is_turned_away_before_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open(&dir.path().join("loket.db")).unwrap();
    let window = loket_core::auth::Caller::Window;
    hub.handle(
        window,
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": ADMIN_PIN}}),
    )
    .unwrap();
    let lan = loket_core::auth::Caller::Network([192, 168, 1, 77].into());
    let guess = |n: u32| json!({"op": "auth.login", "args": {"username": format!("tebak{n}"), "pin": "111222"}});
    for n in 0..10 {
        let refused = hub.handle(lan, None, guess(n)).unwrap_err().to_string();
        assert!(
            refused.contains("PIN salah"),
            "attempt {n} reaches the PIN check: {refused}"
        );
    }
    let paced = hub.handle(lan, None, guess(10)).unwrap_err().to_string();
    assert!(
        paced.contains("Terlalu banyak percobaan masuk dari alamat ini"),
        "{paced}"
    );
    let login = json!({"op": "auth.login", "args": {"username": "admin", "pin": ADMIN_PIN}});
    assert!(hub.handle(window, None, login).is_ok());
}
