//! Bad input, fuzzed: whatever a browser on the LAN sends to `/api/dispatch`, the hub answers
//! without a panic or a 5xx, every refusal is a 4xx with the `{code, message}` JSON the UI
//! shows (a message in Indonesian, never empty), and a refused request changes nothing in the
//! database.
//!
//! Every operation of `loket_core::api::Op::ALL` gets random arguments: wrong types, missing and
//! unknown fields, huge strings, unicode, SQL- and HTML-looking text, negative and huge
//! numbers. Bodies that are not JSON, not an object, too big, or sent with another content
//! type are tried too. `LOKET_FUZZ_CASES` raises the number of cases per property (default 256).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use loket_core::api::Op;
use loket_hub::server::MAX_BODY;
use loket_hub::{Hub, Server};
use proptest::prelude::*;
use proptest::test_runner::Config;
use reqwest::{header, Client, StatusCode};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Map, Value};

/// A hub serving a set-up desk on a free port, shared by every property.
struct Fixture {
    runtime: tokio::runtime::Runtime,
    base: String,
    client: Client,
    admin: String,
    db: PathBuf,
    /// One request at a time, so the database's fingerprint belongs to that request.
    one_at_a_time: Mutex<()>,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("loket.db");
        let hub = Arc::new(Hub::open(&db).unwrap());
        let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let base = runtime.block_on(async {
            let server = Server::bind(hub, listen).await.unwrap();
            let base = format!("http://{}", server.local_addr().unwrap());
            tokio::spawn(server.run());
            base
        });
        let client = Client::builder().no_proxy().build().unwrap();
        let admin = runtime.block_on(set_up(&client, &base));
        Fixture {
            runtime,
            base,
            client,
            admin,
            db,
            one_at_a_time: Mutex::new(()),
            _dir: dir,
        }
    })
}

/// The admin, a Balangan Perekonomian desk with an official and one guest checked in.
async fn set_up(client: &Client, base: &str) -> String {
    let send = |token: Option<String>, request: Value| {
        let mut post = client.post(format!("{base}/api/dispatch")).json(&request);
        if let Some(token) = token {
            post = post.bearer_auth(token);
        }
        async move {
            let response = post.send().await.unwrap();
            assert!(response.status().is_success(), "{request}");
            response.json::<Value>().await.unwrap()
        }
    };
    let admin = send(
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let a = || Some(admin.clone());
    send(
        a(),
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}}),
    )
    .await;
    send(
        a(),
        json!({"op": "office.save_official", "args": {"name": "Rahmat", "title": "Kasubbag", "room": "Ruang 1", "services": ["balangan-perekonomian-1"]}}),
    )
    .await;
    send(
        a(),
        json!({"op": "desk.check_in", "args": {
            "guest": {"name": "Budi", "id_type": "ktp", "id_number": "6311011203850001"},
            "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}}),
    )
    .await;
    admin
}

/// How many rows the tables a refused request must not touch hold. (The login log and the
/// sessions' last use are left out: a refused login is logged, on purpose.)
fn fingerprint(db: &PathBuf) -> Vec<i64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    [
        "visit",
        "visit_event",
        "guest",
        "id_custody",
        "official",
        "official_service",
        "holiday",
        "setting",
        "ticket_counter",
        "account",
        "complaint",
        "complaint_event",
        "survey_response",
    ]
    .iter()
    .map(|table| {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// Sends a body and checks the answer: no 5xx; a refusal is a 4xx `{code, message}` JSON
/// with a message, and left the database as it was.
fn send_and_check(content_type: &str, body: Vec<u8>) -> Result<StatusCode, TestCaseError> {
    let f = fixture();
    let _turn = f.one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
    let before = fingerprint(&f.db);
    let (status, text) = f.runtime.block_on(async {
        // The hub may answer a body it refuses (too large) before reading all of it and
        // close the connection under a client still sending; such a send is tried again.
        let mut tries = 0;
        let response = loop {
            let sent = f
                .client
                .post(format!("{}/api/dispatch", f.base))
                .bearer_auth(&f.admin)
                .header(header::CONTENT_TYPE, content_type)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(response) => break response,
                Err(e) if tries < 3 && body.len() > MAX_BODY => {
                    tries += 1;
                    eprintln!("sent again after: {e}");
                }
                Err(e) => panic!("the hub answers: {e}"),
            }
        };
        let status = response.status();
        (status, response.text().await.unwrap_or_default())
    });
    prop_assert!(!status.is_server_error(), "{status}: {text}");
    if status.is_success() {
        return Ok(status);
    }
    prop_assert!(status.is_client_error(), "{status}: {text}");
    let answer: Value = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("{status}: not JSON ({e}): {text}")))?;
    let code = answer["code"].as_str().unwrap_or_default();
    let message = answer["message"].as_str().unwrap_or_default();
    prop_assert!(!code.is_empty(), "{status}: no code: {text}");
    prop_assert!(!message.trim().is_empty(), "{status}: no message: {text}");
    prop_assert_eq!(
        before,
        fingerprint(&f.db),
        "refused ({}) yet changed: {}",
        status,
        text
    );
    Ok(status)
}

fn send_json(request: &Value) -> Result<StatusCode, TestCaseError> {
    send_and_check("application/json", serde_json::to_vec(request).unwrap())
}

/// Text meant to break something: SQL, HTML, unicode, control characters, huge.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'; DROP TABLE visit; --".to_string()),
        Just("\" OR 1=1 --".to_string()),
        Just("<script>alert('x')</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("Ŝíťì Nurhalizа 🇮🇩 بسم الله".to_string()),
        Just("\u{0}\u{7}\u{1b}[31m\r\n\t".to_string()),
        Just(String::new()),
        Just("   ".to_string()),
        Just("a".repeat(70_000)),
        Just("2026-02-30".to_string()),
        Just("balangan-perekonomian-1".to_string()),
        Just("ktp".to_string()),
        Just("guest".to_string()),
        any::<String>(),
        "[a-z ]{0,40}",
    ]
}

fn nasty_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1)),
        Just(json!(2)),
        Just(json!(i64::MIN)),
        Just(json!(i64::MAX)),
        Just(json!(u64::MAX)),
        Just(json!(4_294_967_296u64)),
        Just(json!(1e308)),
        Just(json!(-0.5)),
        any::<i64>().prop_map(|n| json!(n)),
    ]
}

/// The field names the operations read, so random objects reach past "unknown field".
const FIELDS: &[&str] = &[
    "query",
    "id",
    "region",
    "unit",
    "limit",
    "slots",
    "name",
    "title",
    "room",
    "services",
    "active",
    "date",
    "cuti_bersama",
    "service",
    "institutional",
    "guest",
    "id_type",
    "id_number",
    "phone",
    "institution",
    "purpose",
    "official_id",
    "person_to_meet",
    "group_size",
    "shown",
    "admitted_note",
    "letter",
    "number",
    "proposal_received",
    "blanko",
    "topic",
    "questions",
    "slot",
    "visit_id",
    "to",
    "by",
    "relation",
    "officer",
    "event_id",
    "note",
    "outcome",
    "result",
    "closed",
    "to_official",
    "reason",
    "username",
    "pin",
    "display_name",
    "role",
    "answers",
    "from",
    "kind",
    "channel",
    "summary",
    "status",
    "extra_field",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        nasty_number(),
        nasty_text().prop_map(Value::String),
    ]
}

/// Random JSON, with objects keyed mostly by the operations' own field names.
fn args() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(FIELDS).prop_map(str::to_string),
                        1 => nasty_text(),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every operation but `auth.logout`, which would end the session the others use.
fn op() -> impl Strategy<Value = &'static str> {
    let ops: Vec<&'static str> = Op::ALL
        .iter()
        .map(|op| op.name())
        .filter(|op| *op != "auth.logout")
        .collect();
    prop::sample::select(ops)
}

/// One well-shaped request of each operation with arguments (official 1, visit 1): the
/// starting points of the mutations, so random values reach past the parsing into the rules.
fn well_shaped() -> Vec<Value> {
    vec![
        json!({"op": "catalog.list", "args": {"region": "balangan"}}),
        json!({"op": "catalog.search", "args": {"query": "ktp", "limit": 5}}),
        json!({"op": "catalog.show", "args": {"id": "balangan-perekonomian-1"}}),
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 5}}),
        json!({"op": "office.save_official", "args": {"name": "X", "title": "Y", "room": "Z", "services": ["balangan-perekonomian-2"]}}),
        json!({"op": "office.add_holiday", "args": {"date": "2026-12-31", "name": "Libur daerah", "cuti_bersama": false}}),
        json!({"op": "guest.find", "args": {"query": "budi"}}),
        json!({"op": "desk.requirements", "args": {"service": "balangan-perekonomian-1", "institutional": true}}),
        json!({"op": "desk.check_in", "args": {
            "guest": {"name": "Sari", "id_type": "ktp", "id_number": "6311015506900002", "phone": "081234567890", "institution": "CV Maju"},
            "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "official_id": 1,
            "person_to_meet": "Rahmat", "group_size": 2, "admitted_note": "uji", "slot": 2,
            "letter": {"number": "090/1", "date": "2026-11-20", "institution": "CV Maju", "held": true},
            "blanko": {"topic": "a", "questions": "b", "documents": "c", "contact": "d"}}}),
        json!({"op": "desk.hold_card", "args": {"visit_id": 1, "slot": 1}}),
        json!({"op": "desk.return_card", "args": {"visit_id": 1, "to": {"by": "other", "name": "Ani", "relation": "istri"}}}),
        json!({"op": "desk.check_out", "args": {"visit_id": 1}}),
        json!({"op": "desk.left_behind", "args": {"visit_id": 1}}),
        json!({"op": "visit.show", "args": {"visit_id": 1}}),
        json!({"op": "visit.fill_blanko", "args": {"visit_id": 1, "blanko": {"topic": "a", "questions": "b"}}}),
        json!({"op": "visit.correct", "args": {"visit_id": 1, "correction": {"what": "card_slot", "slot": 3}, "note": "n"}}),
        json!({"op": "visit.correct", "args": {"visit_id": 1, "correction": {"what": "void", "event_id": 2}, "note": "n"}}),
        json!({"op": "blanko.submit", "args": {"visit_id": 1, "blanko": {"topic": "a", "questions": "b", "documents": "c", "contact": "d"}}}),
        json!({"op": "queue.list", "args": {"official_id": 1}}),
        json!({"op": "queue.call_next", "args": {"official_id": 1}}),
        json!({"op": "queue.call", "args": {"official_id": 1, "visit_id": 1}}),
        json!({"op": "queue.recall", "args": {"official_id": 1, "visit_id": 1}}),
        json!({"op": "queue.start", "args": {"official_id": 1, "visit_id": 1}}),
        json!({"op": "queue.finish", "args": {"official_id": 1, "visit_id": 1, "outcome": {"result": "r", "notes": "n", "follow_up": "f", "closed": true}}}),
        json!({"op": "queue.not_present", "args": {"official_id": 1, "visit_id": 1}}),
        json!({"op": "queue.transfer", "args": {"visit_id": 1, "to_official": 1, "reason": "r"}}),
        json!({"op": "queue.hold", "args": {"visit_id": 1, "reason": "r"}}),
        json!({"op": "queue.resume", "args": {"visit_id": 1}}),
        json!({"op": "auth.login", "args": {"username": "tidakada", "pin": "1234"}}),
        json!({"op": "auth.save_account", "args": {"username": "baru", "display_name": "Baru", "role": "resepsionis", "pin": "482615"}}),
        json!({"op": "auth.create_display", "args": {"name": "TV lobi"}}),
        json!({"op": "auth.create_kiosk", "args": {"name": "Tablet lobi"}}),
        json!({"op": "auth.create_tablet", "args": {"name": "Tablet blanko"}}),
        json!({"op": "skm.submit", "args": {"visit_id": 1, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}}),
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "email", "summary": "x", "contact": "a@b.c"}}),
        json!({"op": "complaint.update", "args": {"id": 1, "status": "diproses"}}),
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.show", "args": {"id": 1}}),
        json!({"op": "report.performance", "args": {"date": "2026-11-23", "span": "month"}}),
        json!({"op": "backup.restore", "args": {"name": "loket-2020-01-01T0800-manual.db"}}),
        json!({"op": "privacy.subject", "args": {"guest_id": 1}}),
        json!({"op": "privacy.erase", "args": {"guest_id": 1, "reason": "Permintaan tamu"}}),
    ]
}

/// The paths of every field of a JSON value's objects.
fn fields(value: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    if let Value::Object(map) = value {
        for (key, inner) in map {
            let mut path = at.clone();
            path.push(key.clone());
            out.push(path.clone());
            fields(inner, path, out);
        }
    }
}

/// A well-shaped request with one field replaced, removed, or joined by an unknown one.
fn mutated() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(well_shaped()),
        any::<prop::sample::Index>(),
        0..6u8,
        prop_oneof![4 => leaf(), 1 => args()],
    )
        .prop_map(|(mut request, which, how, value)| {
            let mut paths = Vec::new();
            fields(&request["args"], Vec::new(), &mut paths);
            let path = which.get(&paths).clone();
            let (last, parent) = path.split_last().unwrap();
            let mut object = &mut request["args"];
            for key in parent {
                object = &mut object[key.as_str()];
            }
            let object = object.as_object_mut().unwrap();
            match how {
                0 => {
                    object.remove(last);
                }
                1 => {
                    object.insert(format!("{last}_lain"), value);
                }
                _ => {
                    object.insert(last.clone(), value);
                }
            }
            request
        })
}

fn cases() -> u32 {
    std::env::var("LOKET_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn random_arguments_to_every_operation_are_answered_or_refused_cleanly(
        op in op(),
        args in args(),
        with_args in prop::bool::weighted(0.9),
    ) {
        let request = if with_args {
            json!({"op": op, "args": args})
        } else {
            json!({"op": op})
        };
        send_json(&request)?;
    }

    #[test]
    fn a_well_shaped_request_with_one_field_gone_wrong_is_answered_or_refused_cleanly(
        request in mutated(),
    ) {
        send_json(&request)?;
    }

    #[test]
    fn a_request_that_is_not_an_operation_is_refused_cleanly(
        request in prop_oneof![
            args(),
            (nasty_text(), args()).prop_map(|(op, args)| json!({"op": op, "args": args})),
            (op(), args(), args()).prop_map(|(op, args, extra)| json!({"op": op, "args": args, "extra": extra})),
            args().prop_map(|op| json!({"op": op})),
        ],
    ) {
        send_json(&request)?;
    }

    #[test]
    fn a_body_that_is_not_json_is_refused_cleanly(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            "[ {}\\[\\]\":,a-z0-9]{0,64}".prop_map(String::into_bytes),
            (op(), 1usize..40).prop_map(|(op, cut)| {
                let whole = format!(r#"{{"op": "{op}", "args": {{"visit_id": 1}}}}"#);
                whole.as_bytes()[..cut.min(whole.len() - 1)].to_vec()
            }),
        ],
    ) {
        send_and_check("application/json", body)?;
    }

    #[test]
    fn another_content_type_is_refused_cleanly(
        content_type in prop_oneof![
            Just("text/plain"),
            Just("application/x-www-form-urlencoded"),
            Just("multipart/form-data; boundary=x"),
            Just("application/jsonp"),
            Just("text/json"),
            Just(""),
        ],
        op in op(),
    ) {
        let body = serde_json::to_vec(&json!({"op": op, "args": {}})).unwrap();
        send_and_check(content_type, body)?;
    }
}

#[test]
fn an_oversized_body_is_refused_cleanly() {
    for size in [MAX_BODY + 1, 4 * MAX_BODY] {
        let body = format!(
            r#"{{"op": "desk.check_in", "args": {{"purpose": "{}"}}}}"#,
            "x".repeat(size)
        );
        let status = send_and_check("application/json", body.into_bytes()).unwrap();
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }
    // A huge body of a request that would otherwise succeed is refused as too large, and
    // (checked in `send_json`, one request at a time) changes nothing.
    let big = json!({"op": "complaint.record", "args": {"kind": "saran", "channel": "email", "summary": "y".repeat(MAX_BODY)}});
    assert_eq!(send_json(&big).unwrap(), StatusCode::PAYLOAD_TOO_LARGE);
}
