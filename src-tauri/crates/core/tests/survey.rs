//! The satisfaction survey (SKM) and the complaints, through [`loket_core::api::handle`] as
//! the kiosk and the chief's screens call it, on a real SQLite file, with visits made by the
//! desk's own operations: a kiosk token that lists today's served tickets and takes one answer
//! sheet per visit and nothing else, every refusal writing nothing, the index per element,
//! service, bagian and month checked against a worked example computed by hand, and a recap
//! that never names a guest.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::api::handle;
use loket_core::skm::{grade, Grade};
use loket_core::{open_with_standards, Store};
use rusqlite::Connection;
use serde_json::{json, Value};

/// A day of November/December 2026 at a time of day (WITA).
fn wita(month: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, month, day, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Every answer "sangat puas".
const ALL_FOUR: [i64; 9] = [4; 9];

/// Monday 23 November 2026.
fn monday(h: u32, min: u32) -> DateTime<Utc> {
    wita(11, 23, h, min)
}

struct Office {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    /// Each user's session and when it was last used; a session left idle ends, so a test
    /// spanning days logs in again.
    sessions: std::collections::HashMap<String, (String, DateTime<Utc>)>,
    kiosk: String,
    guests: u32,
}

fn call(
    store: &mut Store,
    now: DateTime<Utc>,
    token: &str,
    request: Value,
) -> Result<Value, Value> {
    handle(store, now, Some(token), request).map_err(|e| serde_json::to_value(e).unwrap())
}

impl Office {
    /// The token of `who` (a user name, or "kiosk"), logging in again when needed.
    fn token(&mut self, now: DateTime<Utc>, who: &str) -> String {
        if who == "kiosk" {
            return self.kiosk.clone();
        }
        if let Some((token, last)) = self.sessions.get(who) {
            if *last <= now && now - *last < chrono::Duration::minutes(90) {
                let token = token.clone();
                self.sessions.insert(who.into(), (token.clone(), now));
                return token;
            }
        }
        let pin = if who == "admin" { "258046" } else { "135792" };
        let token = handle(
            &mut self.store,
            now,
            None,
            json!({"op": "auth.login", "args": {"username": who, "pin": pin}}),
        )
        .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string();
        self.sessions.insert(who.into(), (token.clone(), now));
        token
    }

    fn ok(&mut self, now: DateTime<Utc>, who: &str, request: Value) -> Value {
        let op = request["op"].clone();
        let token = self.token(now, who);
        call(&mut self.store, now, &token, request).unwrap_or_else(|e| panic!("{op}: {e}"))
    }

    fn err(&mut self, now: DateTime<Utc>, who: &str, request: Value) -> Value {
        let token = self.token(now, who);
        call(&mut self.store, now, &token, request).unwrap_err()
    }

    fn count(&self, table: &str) -> i64 {
        Connection::open(&self.path)
            .unwrap()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// A guest checked in for `service` (1 or 2, served by official 1 or 2) at `now`.
    fn checked_in(&mut self, now: DateTime<Utc>, name: &str, service: u32) -> (i64, String) {
        self.guests += 1;
        let nik = format!("631101120385{:04}", self.guests);
        let done = self.ok(now, "resepsionis", json!({"op": "desk.check_in", "args": {
            "guest": {"name": name, "id_type": "ktp", "id_number": nik},
            "service": format!("balangan-perekonomian-{service}"), "purpose": "Konsultasi", "admitted_note": "uji"}}));
        (
            done["visit_id"].as_i64().unwrap(),
            done["ticket"].as_str().unwrap().to_string(),
        )
    }

    /// A guest checked in, called, served and finished by the service's official.
    fn served(&mut self, now: DateTime<Utc>, name: &str, service: u32) -> (i64, String) {
        let (visit, ticket) = self.checked_in(now, name, service);
        let official = json!(service);
        self.ok(
            now,
            "admin",
            json!({"op": "queue.call", "args": {"official_id": official, "visit_id": visit}}),
        );
        self.ok(
            now,
            "admin",
            json!({"op": "queue.start", "args": {"official_id": official, "visit_id": visit}}),
        );
        self.ok(
            now,
            "admin",
            json!({"op": "queue.finish", "args": {"official_id": official, "visit_id": visit,
            "outcome": {"result": "Dijelaskan", "closed": true}}}),
        );
        (visit, ticket)
    }

    fn submit(&mut self, now: DateTime<Utc>, visit: i64, answers: [i64; 9], comment: &str) {
        self.ok(
            now,
            "kiosk",
            json!({"op": "skm.submit", "args": {"visit_id": visit, "answers": answers, "comment": comment}}),
        );
    }
}

/// Balangan's Perekonomian with two officials, an account for each role and a kiosk.
fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    let t = monday(8, 0);
    handle(&mut store, t, None, json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046", "display_name": "Admin Setda"}}))
        .unwrap();
    let mut o = Office {
        _dir: dir,
        path,
        store,
        sessions: Default::default(),
        kiosk: String::new(),
        guests: 0,
    };
    o.ok(t, "admin", json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 10}}));
    for (name, service) in [
        ("Rahmat Hidayat", "balangan-perekonomian-1"),
        ("Siti Aminah", "balangan-perekonomian-2"),
    ] {
        o.ok(t, "admin", json!({"op": "office.save_official", "args": {"name": name, "title": "Kasubbag", "room": "Ruang Perekonomian", "services": [service]}}));
    }
    for (username, role, official) in [
        ("resepsionis", "resepsionis", Value::Null),
        ("rahmat", "pejabat", json!(1)),
        ("kabag", "kepala_bagian", json!(1)),
    ] {
        o.ok(t, "admin", json!({"op": "auth.save_account", "args": {"username": username, "display_name": username, "role": role, "official_id": official, "pin": "135792"}}));
    }
    let kiosk = o.ok(
        t,
        "admin",
        json!({"op": "auth.create_kiosk", "args": {"name": "Tablet loket"}}),
    );
    assert_eq!(kiosk["principal"]["kind"], "kiosk");
    o.kiosk = kiosk["token"].as_str().unwrap().to_string();
    o
}

#[test]
fn the_kiosk_lists_todays_served_tickets_without_names_and_takes_one_survey_each() {
    let mut o = office();
    let kiosk = "kiosk";
    let (first, first_ticket) = o.served(monday(9, 0), "Budi Santoso", 1);
    let (second, second_ticket) = o.served(monday(9, 30), "Rina Marlina", 2);
    let (waiting, _) = o.checked_in(monday(9, 40), "Ahmad Fauzan", 1);

    let me = o.ok(monday(10, 0), kiosk, json!({"op": "auth.whoami"}));
    assert_eq!(me, json!({"kind": "kiosk", "name": "Tablet loket"}));
    let pending = o.ok(monday(10, 0), kiosk, json!({"op": "skm.pending"}));
    assert_eq!(pending["date_label"], "Senin, 23 November 2026");
    assert!(!pending["unit_name"].as_str().unwrap().is_empty());
    let visits = pending["visits"].as_array().unwrap();
    // Served and finished only, newest first: ticket, service and time, never a name.
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0]["visit_id"], second);
    assert_eq!(visits[0]["ticket"], second_ticket.as_str());
    assert_eq!(visits[1]["ticket"], first_ticket.as_str());
    assert_eq!(visits[1]["finished"], "09.00");
    assert!(visits[1]["service_name"].as_str().unwrap().len() > 5);
    let text = pending.to_string();
    for name in ["Budi", "Rina", "Ahmad", "6311"] {
        assert!(!text.contains(name), "{name} on the kiosk: {text}");
    }

    o.submit(
        monday(10, 1),
        first,
        [4, 3, 3, 4, 3, 4, 4, 3, 3],
        "Pelayanan cepat, terima kasih.",
    );
    let pending = o.ok(monday(10, 2), kiosk, json!({"op": "skm.pending"}));
    assert_eq!(pending["visits"].as_array().unwrap().len(), 1);
    assert_eq!(pending["visits"][0]["visit_id"], second);
    assert_eq!(o.count("survey_response"), 1);

    // Each refusal names the problem in Indonesian and writes nothing.
    let refusals = [
        (
            json!({"visit_id": first, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}),
            "refused",
            format!("Survei untuk tiket {first_ticket} sudah diisi; satu kunjungan hanya satu survei."),
        ),
        (
            json!({"visit_id": waiting, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}),
            "refused",
            "Survei hanya untuk tamu yang sudah selesai dilayani: tamu P-003 masih menunggu dipanggil."
                .to_string(),
        ),
        (
            json!({"visit_id": second, "answers": [4, 4, 4, 4, 5, 4, 4, 4, 4]}),
            "invalid_input",
            "Jawaban survei: jawaban U5 bernilai 5; harus 1 (tidak puas) sampai 4 (sangat puas)."
                .to_string(),
        ),
        (
            json!({"visit_id": second, "answers": [0, 4, 4, 4, 4, 4, 4, 4, 4]}),
            "invalid_input",
            "Jawaban survei: jawaban U1 bernilai 0; harus 1 (tidak puas) sampai 4 (sangat puas)."
                .to_string(),
        ),
        (
            json!({"visit_id": second, "answers": [4, 4, 4, 4, 4, 4, 4, 4]}),
            "invalid_input",
            "Jawaban survei: harus tepat 9 jawaban (U1–U9), diterima 8.".to_string(),
        ),
        (
            json!({"visit_id": second, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4], "comment": "a".repeat(501)}),
            "invalid_input",
            "Saran atau komentar: terlalu panjang (501 karakter; paling banyak 500).".to_string(),
        ),
        (
            json!({"visit_id": 999, "answers": [4, 4, 4, 4, 4, 4, 4, 4, 4]}),
            "not_found",
            "Kunjungan nomor 999 tidak ditemukan.".to_string(),
        ),
    ];
    for (args, code, message) in refusals {
        let err = o.err(
            monday(10, 5),
            kiosk,
            json!({"op": "skm.submit", "args": args}),
        );
        assert_eq!(err["code"], code, "{err}");
        assert_eq!(err["message"], message.as_str());
        assert_eq!(o.count("survey_response"), 1, "{message}");
    }
    // A ticket of an earlier day is no longer open on the kiosk.
    let err = o.err(
        wita(11, 24, 9, 0),
        kiosk,
        json!({"op": "skm.submit", "args": {"visit_id": second, "answers": ALL_FOUR}}),
    );
    assert_eq!(err["code"], "refused");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("hanya menerima survei kunjungan hari ini"));
    assert_eq!(o.count("survey_response"), 1);
    // The schema refuses what the checks let through by mistake.
    let conn = Connection::open(&o.path).unwrap();
    assert!(conn
        .execute(
            "INSERT INTO survey_response (visit_id, service_code, service_name, unit_id, unit_name, office_day,
             u1, u2, u3, u4, u5, u6, u7, u8, u9, submitted_at) VALUES (?1, 'x', 'x', 'x', 'x', '2026-11-23', 4, 4, 4, 4, 4, 4, 4, 4, 4, 'x')",
            [first],
        )
        .is_err());
    assert!(conn
        .execute("UPDATE survey_response SET u1 = 1", [])
        .is_err());
}

#[test]
fn the_kiosk_token_submits_and_can_do_nothing_else() {
    let mut o = office();
    let kiosk = "kiosk";
    let (visit, _) = o.served(monday(9, 0), "Budi Santoso", 1);
    let visits_before = o.count("visit");
    for request in [
        json!({"op": "desk.check_in", "args": {"guest": {"name": "Sari", "id_type": "ktp", "id_number": "6311015506900002"},
            "service": "balangan-perekonomian-1", "purpose": "x", "admitted_note": "uji"}}),
        json!({"op": "desk.today"}),
        json!({"op": "visit.show", "args": {"visit_id": visit}}),
        json!({"op": "guest.find", "args": {"query": "budi"}}),
        json!({"op": "display.state"}),
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
        json!({"op": "auth.create_kiosk", "args": {"name": "Tablet 2"}}),
    ] {
        let err = o.err(monday(10, 0), kiosk, request.clone());
        assert_eq!(err["code"], "forbidden", "{request}: {err}");
        assert!(err["message"]
            .as_str()
            .unwrap()
            .starts_with("Kios survei tidak berwenang"));
    }
    assert_eq!(o.count("visit"), visits_before);
    // Staff neither list the pending tickets nor answer for a guest; the chief reads the recap.
    for token in ["resepsionis", "rahmat", "kabag", "admin"] {
        for request in [
            json!({"op": "skm.pending"}),
            json!({"op": "skm.submit", "args": {"visit_id": visit, "answers": ALL_FOUR}}),
        ] {
            assert_eq!(o.err(monday(10, 0), token, request)["code"], "forbidden");
        }
    }
    for token in ["resepsionis", "rahmat"] {
        let err = o.err(
            monday(10, 0),
            token,
            json!({"op": "skm.report", "args": {"from": "2026-11-23", "to": "2026-11-23"}}),
        );
        assert_eq!(err["code"], "forbidden");
    }
    o.submit(monday(10, 1), visit, [4; 9], "");
    assert_eq!(o.count("survey_response"), 1);
    // A display token may not submit either.
    let display = o.ok(
        monday(10, 2),
        "admin",
        json!({"op": "auth.create_display", "args": {"name": "TV"}}),
    )["token"]
        .as_str()
        .unwrap()
        .to_string();
    let err = call(
        &mut o.store,
        monday(10, 2),
        &display,
        json!({"op": "skm.pending"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .starts_with("Layar tampilan tidak berwenang"));
    // After logout the kiosk's token is gone.
    o.ok(monday(10, 3), kiosk, json!({"op": "auth.logout"}));
    assert_eq!(
        o.err(monday(10, 4), kiosk, json!({"op": "skm.pending"}))["code"],
        "unauthorized"
    );
}

/// Four respondents, computed by hand:
///
/// | | U1 | U2 | U3 | U4 | U5 | U6 | U7 | U8 | U9 | service | day |
/// |---|---|---|---|---|---|---|---|---|---|---|---|
/// | R1 | 4 | 4 | 3 | 4 | 3 | 4 | 4 | 3 | 3 | 1 | 23 Nov |
/// | R2 | 3 | 4 | 3 | 4 | 3 | 3 | 4 | 2 | 3 | 2 | 23 Nov |
/// | R3 | 4 | 3 | 2 | 4 | 4 | 4 | 4 | 3 | 3 | 1 | 1 Dec |
/// | R4 | 3 | 3 | 3 | 4 | 3 | 3 | 4 | 3 | 4 | 2 | 1 Dec |
///
/// NRR = 14/4, 14/4, 11/4, 16/4, 13/4, 14/4, 16/4, 11/4, 13/4
///     = 3.50, 3.50, 2.75, 4.00, 3.25, 3.50, 4.00, 2.75, 3.25 (sum 30.50);
/// index = 30.50 × 0.111 = 3.3855; score = 3.3855 × 25 = 84.6375 → 84.64 → B (Baik).
/// Service 1 (R1, R3): sums 8, 7, 5, 8, 7, 8, 8, 6, 6 → NRR sum 31.5 → 3.4965 → 87.41, B.
/// Service 2 (R2, R4): sums 6, 7, 6, 8, 6, 6, 8, 5, 7 → NRR sum 29.5 → 3.2745 → 81.86, B.
/// November (R1, R2) and December (R3, R4): NRR sum 30.5 each → 84.64, B.
#[test]
fn the_index_per_element_service_bagian_and_month_as_computed_by_hand() {
    let mut o = office();
    let r = [
        [4, 4, 3, 4, 3, 4, 4, 3, 3],
        [3, 4, 3, 4, 3, 3, 4, 2, 3],
        [4, 3, 2, 4, 4, 4, 4, 3, 3],
        [3, 3, 3, 4, 3, 3, 4, 3, 4],
    ];
    let (v1, _) = o.served(monday(9, 0), "Budi Santoso", 1);
    let (v2, _) = o.served(monday(9, 10), "Rina Marlina", 2);
    o.submit(monday(10, 0), v1, r[0], "Ruang tunggu nyaman.");
    o.submit(monday(10, 5), v2, r[1], "");
    let december = |h, m| wita(12, 1, h, m);
    let (v3, _) = o.served(december(9, 0), "Ahmad Fauzan", 1);
    let (v4, _) = o.served(december(9, 10), "Dewi Lestari", 2);
    o.submit(
        december(10, 0),
        v3,
        r[2],
        "Mohon formulir disediakan di meja.",
    );
    o.submit(december(10, 5), v4, r[3], "  ");

    let kabag = "kabag";
    let report = o.ok(
        december(12, 0),
        kabag,
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-12-31"}}),
    );
    assert_eq!(report["respondents"], 4);
    assert_eq!(
        report["period_label"],
        "1 November 2026 s.d. 31 Desember 2026"
    );
    assert_eq!(report["weight"], 0.111);
    let close = |v: &Value, want: f64| {
        let got = v.as_f64().unwrap_or_else(|| panic!("a number: {v}"));
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    };
    let nrr = [3.5, 3.5, 2.75, 4.0, 3.25, 3.5, 4.0, 2.75, 3.25];
    for (i, want) in nrr.iter().enumerate() {
        let e = &report["elements"][i];
        assert_eq!(e["code"], format!("U{}", i + 1));
        close(&e["nrr"], *want);
        close(&e["weighted"], want * 0.111);
        close(&report["overall"]["nrr"][i], *want);
    }
    assert_eq!(report["elements"][0]["name"], "Persyaratan");
    assert_eq!(report["elements"][8]["name"], "Sarana dan prasarana");
    close(&report["overall"]["index"], 3.3855);
    assert_eq!(report["overall"]["score"], 84.64);
    assert_eq!(report["overall"]["grade"], "B");
    assert_eq!(report["overall"]["grade_label"], "Baik");

    let services = report["per_service"].as_array().unwrap();
    assert_eq!(services.len(), 2);
    assert_eq!(services[0]["key"], "balangan-perekonomian-1");
    assert_eq!(services[0]["respondents"], 2);
    close(&services[0]["index"], 3.4965);
    assert_eq!(services[0]["score"], 87.41);
    assert_eq!(services[0]["grade"], "B");
    close(&services[0]["nrr"][2], 2.5);
    assert_eq!(services[1]["key"], "balangan-perekonomian-2");
    close(&services[1]["index"], 3.2745);
    assert_eq!(services[1]["score"], 81.86);

    let units = report["per_unit"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["key"], "perekonomian");
    assert_eq!(units[0]["respondents"], 4);
    assert_eq!(units[0]["score"], 84.64);

    let months = report["per_month"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[0]["key"], "2026-11");
    assert_eq!(months[0]["name"], "November 2026");
    assert_eq!(months[0]["score"], 84.64);
    assert_eq!(months[1]["name"], "Desember 2026");
    assert_eq!(months[1]["respondents"], 2);

    // The comments left, newest first; blank ones are not comments.
    let comments = report["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["text"], "Mohon formulir disediakan di meja.");
    assert_eq!(comments[0]["date"], "2026-12-01");

    // One month only: November's two respondents.
    let november = o.ok(
        december(12, 0),
        kabag,
        json!({"op": "skm.report", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
    );
    assert_eq!(november["respondents"], 2);
    assert_eq!(november["overall"]["score"], 84.64);
    // No respondent: no index, and no grade made up.
    let empty = o.ok(
        december(12, 0),
        kabag,
        json!({"op": "skm.report", "args": {"from": "2026-10-01", "to": "2026-10-31"}}),
    );
    assert_eq!(empty["respondents"], 0);
    assert_eq!(empty["overall"], Value::Null);
    assert_eq!(empty["elements"][0]["nrr"], Value::Null);
    // A period backwards is refused.
    let err = o.err(
        december(12, 0),
        kabag,
        json!({"op": "skm.report", "args": {"from": "2026-12-31", "to": "2026-11-01"}}),
    );
    assert_eq!(
        err["message"],
        "Periode: tanggal akhir sebelum tanggal awal."
    );
}

#[test]
fn the_grade_boundaries_of_permenpan_rb_14_2017() {
    for (score, want) in [
        (25.0, Grade::D),
        (64.99, Grade::D),
        (65.0, Grade::C),
        (76.6, Grade::C),
        (76.61, Grade::B),
        (88.3, Grade::B),
        (88.31, Grade::A),
        (100.0, Grade::A),
    ] {
        assert_eq!(grade(score), want, "{score}");
    }
    assert_eq!(Grade::A.label(), "Sangat baik");
    assert_eq!(Grade::C.label(), "Kurang baik");
    assert_eq!(Grade::D.label(), "Tidak baik");
}

#[test]
fn the_recap_never_names_a_guest() {
    let mut o = office();
    let (visit, ticket) = o.served(monday(9, 0), "Budi Santoso Wibisono", 1);
    o.submit(monday(10, 0), visit, [4; 9], "Petugas ramah.");
    let kabag = "kabag";
    let report = o.ok(
        monday(12, 0),
        kabag,
        json!({"op": "skm.report", "args": {"from": "2026-11-23", "to": "2026-11-23"}}),
    );
    assert_eq!(report["respondents"], 1);
    let text = report.to_string();
    for personal in ["Budi", "Wibisono", "6311", "visit", ticket.as_str()] {
        assert!(!text.contains(personal), "{personal} in the recap: {text}");
    }
    assert!(text.contains("Petugas ramah."));
}

#[test]
fn complaints_are_recorded_followed_up_listed_and_counted() {
    let mut o = office();
    let (desk, kabag, pejabat) = ("resepsionis", "kabag", "rahmat");
    let t = monday(10, 0);
    let first = o.ok(t, desk, json!({"op": "complaint.record", "args": {
        "kind": "pengaduan", "channel": "langsung", "service_code": "balangan-perekonomian-1",
        "summary": "Antrian lama, tidak ada informasi kapan dipanggil.", "contact": "0812-3456-7890"}}));
    assert_eq!(first["status"], "baru");
    assert_eq!(first["kind_label"], "Pengaduan");
    assert_eq!(first["channel_label"], "Langsung di loket");
    assert_eq!(first["received_on"], "2026-11-23");
    assert_eq!(first["contact_masked"], "0812••••7890");
    assert!(first.get("contact").is_none());
    assert!(first["service_name"].as_str().unwrap().len() > 5);
    let id = first["id"].as_i64().unwrap();
    o.ok(
        t,
        desk,
        json!({"op": "complaint.record", "args": {
        "kind": "saran", "channel": "kotak_saran", "received_on": "2026-11-20",
        "summary": "Sediakan air minum di ruang tunggu."}}),
    );
    o.ok(t, kabag, json!({"op": "complaint.record", "args": {
        "kind": "masukan", "channel": "sp4n_lapor", "summary": "Jam layanan Jumat dipasang di pintu.",
        "contact": "warga@example.id"}}));
    assert_eq!(o.count("complaint"), 3);

    // Follow-up: by the chief, not the desk; "selesai" needs a note; nothing-changed is refused.
    let err = o.err(
        t,
        desk,
        json!({"op": "complaint.update", "args": {"id": id, "status": "diproses"}}),
    );
    assert_eq!(err["code"], "forbidden");
    let err = o.err(
        t,
        pejabat,
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
    );
    assert_eq!(err["code"], "forbidden");
    let updated = o.ok(
        monday(11, 0),
        kabag,
        json!({"op": "complaint.update", "args": {
        "id": id, "status": "diproses", "handler": "Rahmat Hidayat (Kasubbag)"}}),
    );
    assert_eq!(updated["status"], "diproses");
    assert_eq!(updated["updated_by"], "kabag (kabag)");
    let err = o.err(
        monday(11, 5),
        kabag,
        json!({"op": "complaint.update", "args": {"id": id, "status": "selesai"}}),
    );
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(
        err["message"],
        "Tindak lanjut: wajib diisi sebelum status menjadi selesai."
    );
    let err = o.err(
        monday(11, 5),
        kabag,
        json!({"op": "complaint.update", "args": {"id": id, "status": "diproses"}}),
    );
    assert_eq!(err["code"], "refused");
    assert_eq!(
        err["message"],
        format!("Tidak ada perubahan pada pengaduan nomor {id}.")
    );
    let err = o.err(monday(11, 5), kabag, json!({"op": "complaint.update", "args": {"id": 999, "status": "selesai", "follow_up": "x"}}));
    assert_eq!(err["code"], "not_found");
    o.ok(monday(14, 0), kabag, json!({"op": "complaint.update", "args": {
        "id": id, "status": "selesai", "follow_up": "Papan nomor antrian dipasang; pelapor dihubungi."}}));

    // The whole complaint, for whoever follows it up: contact and every change.
    let shown = o.ok(
        monday(14, 5),
        kabag,
        json!({"op": "complaint.show", "args": {"id": id}}),
    );
    assert_eq!(shown["contact"], "0812-3456-7890");
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0]["status"], "baru");
    assert_eq!(history[0]["actor"], "resepsionis (resepsionis)");
    assert_eq!(history[2]["status"], "selesai");
    assert_eq!(
        o.err(t, desk, json!({"op": "complaint.show", "args": {"id": id}}))["code"],
        "forbidden"
    );

    let list = o.ok(
        monday(15, 0),
        desk,
        json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30"}}),
    );
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    // Newest received first; contacts masked.
    assert_eq!(items[2]["received_on"], "2026-11-20");
    assert!(!list.to_string().contains("3456"));
    assert!(list.to_string().contains("w•••@example.id"));
    let counts = &list["counts"];
    assert_eq!(counts["total"], 3);
    let count = |group: &str, key: &str| {
        counts[group]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("by_kind", "pengaduan"), 1);
    assert_eq!(count("by_kind", "saran"), 1);
    assert_eq!(count("by_status", "baru"), 2);
    assert_eq!(count("by_status", "selesai"), 1);
    assert_eq!(count("by_status", "diproses"), 0);
    assert_eq!(count("by_channel", "whatsapp"), 0);
    assert_eq!(count("by_channel", "sp4n_lapor"), 1);
    let open = o.ok(monday(15, 0), kabag, json!({"op": "complaint.list", "args": {"from": "2026-11-01", "to": "2026-11-30", "status": "baru"}}));
    assert_eq!(open["items"].as_array().unwrap().len(), 2);
    assert_eq!(open["counts"]["total"], 3);
    let week = o.ok(
        monday(15, 0),
        kabag,
        json!({"op": "complaint.list", "args": {"from": "2026-11-21", "to": "2026-11-23"}}),
    );
    assert_eq!(week["counts"]["total"], 2);

    // Bad input is refused with the field named, and nothing is written.
    let before = (o.count("complaint"), o.count("complaint_event"));
    let refusals = [
        (
            json!({"kind": "pengaduan", "channel": "email", "summary": "   "}),
            "invalid_input",
            "Ringkasan: wajib diisi.",
        ),
        (
            json!({"kind": "saran", "channel": "email", "summary": "x", "contact": "a".repeat(121)}),
            "invalid_input",
            "Kontak pelapor: terlalu panjang (121 karakter; paling banyak 120).",
        ),
        (
            json!({"kind": "saran", "channel": "email", "summary": "x", "received_on": "2026-11-24"}),
            "invalid_input",
            "Tanggal diterima: tidak boleh setelah hari ini.",
        ),
        (
            json!({"kind": "saran", "channel": "email", "summary": "x", "service_code": "balangan-tidak-ada"}),
            "service_not_found",
            "Layanan \"balangan-tidak-ada\" tidak ditemukan di katalog standar pelayanan.",
        ),
    ];
    for (args, code, message) in refusals {
        let err = o.err(t, desk, json!({"op": "complaint.record", "args": args}));
        assert_eq!(err["code"], code, "{err}");
        assert_eq!(err["message"], message);
    }
    for args in [
        json!({"kind": "keluhan", "channel": "email", "summary": "x"}),
        json!({"kind": "saran", "channel": "telepon", "summary": "x"}),
    ] {
        assert_eq!(
            o.err(t, desk, json!({"op": "complaint.record", "args": args}))["code"],
            "bad_request"
        );
    }
    let err = o.err(
        t,
        kabag,
        json!({"op": "complaint.update", "args": {"id": id, "follow_up": "b".repeat(2001)}}),
    );
    assert_eq!(err["code"], "invalid_input");
    assert_eq!((o.count("complaint"), o.count("complaint_event")), before);
    let err = o.err(
        t,
        kabag,
        json!({"op": "complaint.list", "args": {"from": "2026-01-01", "to": "2027-06-30"}}),
    );
    assert_eq!(err["message"], "Periode: paling panjang 366 hari.");
}
