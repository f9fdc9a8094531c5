//! The front desk through the operations the screens call, on a real SQLite file: a visit
//! from check-in to check-out, every refused transition, two officials calling at once, day
//! boundaries and time zones, and bad input that must leave nothing behind.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::desk::checkin::{check_in, CheckInRequest, CheckedIn};
use loket_core::desk::correction::{correct, CorrectionRequest};
use loket_core::desk::custody::{CloseRequest, Ending, EndingKind, SettleAllRequest, Settlement};
use loket_core::desk::events::{Blanko, Card, CardReturn, DeskFinish, Event, Outcome, Status};
use loket_core::desk::guest::{self, GuestInput};
use loket_core::desk::identity::IdType;
use loket_core::desk::office::{save_official, save_setup, Official, Prefix, Setup};
use loket_core::desk::{custody, queue, views, Ctx};
use loket_core::{open_with_standards, CoreError, Store};
use rusqlite::Connection;

const SERVICE: &str = "balangan-perekonomian-1";

/// A wall-clock time in Balangan (WITA).
fn wita(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Monday 23 November 2026 at a time of day (WITA).
fn monday(h: u32, min: u32) -> DateTime<Utc> {
    wita(2026, 11, 23, h, min)
}

fn at(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: "resepsionis".into(),
        now,
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    kasubbag: i64,
    analis: i64,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = open_with_standards(&path).unwrap();
    save_setup(
        &mut store,
        &Setup {
            region: "balangan".into(),
            unit: "perekonomian".into(),
            slots: 10,
            prefixes: vec![Prefix {
                scope: "unit:perekonomian".into(),
                prefix: "P".into(),
            }],
            chief_name: None,
            chief_nip: None,
        },
    )
    .unwrap();
    let ctx = at(monday(7, 0));
    let all = ["1", "2", "3", "4"]
        .map(|n| format!("balangan-perekonomian-{n}"))
        .to_vec();
    let kasubbag = save_official(
        &mut store,
        &ctx,
        &Official {
            id: None,
            name: "Rahmat Hidayat, S.E.".into(),
            nip: Some("198001012005011001".into()),
            title: "Kepala Sub Bagian Perekonomian".into(),
            room: "Ruang Kasubbag Perekonomian".into(),
            is_role: false,
            active: true,
            services: all.clone(),
        },
    )
    .unwrap()
    .id
    .unwrap();
    let analis = save_official(
        &mut store,
        &ctx,
        &Official {
            id: None,
            name: "Siti Aminah, S.E.".into(),
            nip: None,
            title: "Analis Kebijakan".into(),
            room: "Ruang Analis".into(),
            is_role: false,
            active: true,
            services: all,
        },
    )
    .unwrap()
    .id
    .unwrap();
    Desk {
        _dir: dir,
        path,
        store,
        kasubbag,
        analis,
    }
}

fn guest(name: &str, nik: &str, institution: Option<&str>) -> GuestInput {
    GuestInput {
        id: None,
        name: name.into(),
        phone: Some("081234567890".into()),
        institution: institution.map(String::from),
        id_type: IdType::Ktp,
        id_number: Some(nik.into()),
    }
}

/// The checklist of Perekonomian 1 for a guest, all shown.
fn all_shown(store: &Store, institutional: bool) -> Vec<String> {
    let req =
        loket_core::desk::checkin::requirements(store, &at(monday(9, 0)), SERVICE, institutional)
            .unwrap();
    req.checklist
}

fn request(store: &Store, g: GuestInput, slot: Option<u32>) -> CheckInRequest {
    let institutional = g.institution.is_some();
    CheckInRequest {
        guest: g,
        service: SERVICE.into(),
        purpose: "Konsultasi penyertaan modal BUMD".into(),
        official_id: None,
        person_to_meet: None,
        group_size: 1,
        shown: all_shown(store, institutional),
        admitted_note: None,
        letter: None,
        proposal_received: false,
        blanko: Some(Blanko {
            topic: "Penyertaan modal PT Balangan Mandiri".into(),
            questions: "Prosedur penambahan modal tahun 2027".into(),
            documents: "Draft Perda".into(),
            contact: "0812-3456-7890".into(),
        }),
        slot,
    }
}

/// Checks a guest in with the whole checklist shown.
fn admit(
    store: &mut Store,
    ctx: Ctx,
    g: GuestInput,
    slot: Option<u32>,
) -> Result<CheckedIn, CoreError> {
    let req = request(store, g, slot);
    check_in(store, &ctx, &req)
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn events(path: &Path) -> i64 {
    count(path, "SELECT count(*) FROM visit_event")
}

fn state(d: &Desk, visit_id: i64, now: DateTime<Utc>) -> views::VisitView {
    views::visit_view_now(&d.store, &at(now), visit_id).unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, CoreError>, words: &str) {
    match result {
        Err(e @ (CoreError::Refused(_) | CoreError::InvalidInput { .. })) => {
            assert!(e.to_string().contains(words), "{e}")
        }
        other => panic!("expected a refusal containing {words:?}, got {other:?}"),
    }
}

#[test]
fn a_walk_in_consultation_from_the_desk_to_the_official_and_back() {
    let mut d = desk();
    let mut req = request(
        &d.store,
        guest(
            "Budi Santoso",
            "6308011203850001",
            Some("Dinas Koperasi dan UKM"),
        ),
        Some(3),
    );
    req.letter = Some(loket_core::desk::events::AssignmentLetter {
        number: "094/123/DISKOP/2026".into(),
        date: "2026-11-20".into(),
        institution: "Dinas Koperasi dan UKM Kabupaten Balangan".into(),
        held: true,
    });
    let done: CheckedIn = check_in(&mut d.store, &at(monday(9, 0)), &req).unwrap();
    assert_eq!(done.ticket, "P-001");
    assert!(done.missing.is_empty());
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);

    // The card is in slot 3, masked on screen.
    let day = views::today(&d.store, &at(monday(9, 1))).unwrap();
    assert_eq!(day.date_label, "Senin, 23 November 2026");
    assert_eq!(day.held.len(), 1);
    assert_eq!(
        (day.held[0].slot, day.held[0].id_masked.as_str()),
        (3, "••••0001")
    );
    assert!(!day.free_slots.contains(&3));

    // The official calls the next guest, starts, finishes with the outcome.
    let called = queue::call_next(&mut d.store, &at(monday(9, 20)), d.kasubbag).unwrap();
    assert_eq!(called, done.visit_id);
    queue::start(&mut d.store, &at(monday(9, 22)), d.kasubbag, called).unwrap();
    let outcome = Outcome {
        notes: "Dibahas dasar hukum penyertaan modal".into(),
        result: "Perlu Perda penyertaan modal".into(),
        follow_up: "Menyusun naskah akademik".into(),
        closed: true,
    };
    queue::finish(
        &mut d.store,
        &at(monday(9, 52)),
        d.kasubbag,
        called,
        &outcome,
    )
    .unwrap();

    // The guest collects the card on the way out.
    custody::check_out(&mut d.store, &at(monday(9, 55)), called).unwrap();
    let v = state(&d, called, monday(10, 0));
    assert_eq!(v.status, Status::Left);
    assert_eq!(v.waited_minutes, 20);
    assert_eq!(v.service_minutes, Some(30));
    assert!(!v.limit.over);
    assert!(matches!(
        v.card,
        Card::Returned {
            to: CardReturn::Guest,
            ..
        }
    ));
    assert_eq!(v.outcome.unwrap().result, "Perlu Perda penyertaan modal");
    assert_eq!(v.letter.unwrap().number, "094/123/DISKOP/2026");

    // Every step is in the history with its time and actor.
    let history = views::history(&d.store, called).unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            "checked_in",
            "id_held",
            "called",
            "started",
            "finished",
            "id_returned",
            "left"
        ]
    );
    assert_eq!(history[2].at, monday(9, 20));
    assert!(views::today(&d.store, &at(monday(10, 0)))
        .unwrap()
        .held
        .is_empty());
}

#[test]
fn a_returning_guest_is_found_by_name_phone_or_nik_and_checked_in_with_a_few_keys() {
    let mut d = desk();
    admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Siti Rahmah", "6308014506900002", None),
        None,
    )
    .unwrap();
    let by_name = guest::find(&d.store, "siti rah").unwrap();
    let by_phone = guest::find(&d.store, "0812345").unwrap();
    let by_nik = guest::find(&d.store, "6308 0145 0690 0002").unwrap();
    for found in [&by_name, &by_phone, &by_nik] {
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Siti Rahmah");
        assert_eq!(found[0].id_masked, "••••0002");
        assert_eq!(found[0].phone_masked.as_deref(), Some("0812••••7890"));
    }
    // Checked in again by picking the guest: no ID number typed.
    let mut again = request(
        &d.store,
        GuestInput {
            id: Some(by_name[0].id),
            id_number: None,
            ..guest("Siti Rahmah", "", None)
        },
        Some(1),
    );
    again.guest.id_number = None;
    let second = check_in(&mut d.store, &at(monday(13, 0)), &again);
    // 13:00 is inside the break: admitted, with a warning saying when it opens.
    let second = second.unwrap();
    assert_eq!(second.ticket, "P-002");
    assert!(
        second.warnings.iter().any(|w| w.contains("istirahat")),
        "{:?}",
        second.warnings
    );
    assert_eq!(guest::find(&d.store, "siti").unwrap()[0].visits, 2);
    assert_eq!(count(&d.path, "SELECT count(*) FROM guest"), 1);
}

#[test]
fn a_search_for_a_guest_longer_than_any_name_is_refused_with_a_message() {
    let d = desk();
    for query in ["a".repeat(60_000), "1".repeat(60_000)] {
        let refused = guest::find(&d.store, &query).unwrap_err();
        assert!(
            matches!(refused, CoreError::InvalidInput { .. }),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("paling banyak"), "{refused}");
    }
    assert!(guest::find(&d.store, &"a".repeat(200)).unwrap().is_empty());
}

#[test]
fn the_id_number_is_never_stored_in_plain_text() {
    let mut d = desk();
    admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Budi", "6308011203850001", None),
        Some(1),
    )
    .unwrap();
    drop(d.store);
    let conn = Connection::open(&d.path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&d.path).unwrap();
    let haystack = String::from_utf8_lossy(&bytes);
    assert!(!haystack.contains("6308011203850001"));
    assert!(!haystack.contains("630801120385"));
}

#[test]
fn every_transition_that_does_not_fit_is_refused_and_changes_nothing() {
    let mut d = desk();
    let a = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Ani", "6308015001900003", None),
        Some(1),
    )
    .unwrap();
    let b = admit(
        &mut d.store,
        at(monday(9, 5)),
        guest("Bayu", "6308010101900004", None),
        None,
    )
    .unwrap();
    let t = at(monday(9, 10));
    let before = events(&d.path);
    let outcome = Outcome {
        result: "x".into(),
        closed: true,
        ..Default::default()
    };

    // Finish before start; start before call; recall before call.
    refused(
        queue::finish(&mut d.store, &t, d.kasubbag, a.visit_id, &outcome),
        "masih menunggu",
    );
    refused(
        queue::start(&mut d.store, &t, d.kasubbag, a.visit_id),
        "memulai layanan",
    );
    refused(
        queue::recall(&mut d.store, &t, d.kasubbag, a.visit_id),
        "memanggil ulang",
    );
    // Return a card that is not held.
    refused(
        custody::return_card(
            &mut d.store,
            &t,
            b.visit_id,
            &CardReturn::Other {
                name: "Adik".into(),
                relation: "keluarga".into(),
            },
        ),
        "Tidak ada kartu",
    );
    // Hold a card in an occupied slot.
    refused(
        custody::hold(&mut d.store, &t, b.visit_id, 1),
        "Laci 1 sudah berisi kartu tamu P-001",
    );
    // A slot the drawer does not have.
    refused(
        custody::hold(&mut d.store, &t, b.visit_id, 99),
        "laci 99 tidak ada",
    );
    // Hold the same card twice.
    refused(
        custody::hold(&mut d.store, &t, a.visit_id, 2),
        "sudah tersimpan di laci 1",
    );
    // Give the card back while the guest waits to be served.
    refused(
        custody::return_card(&mut d.store, &t, a.visit_id, &CardReturn::Guest),
        "setelah selesai",
    );
    // Not present before a recall; another official recalling.
    queue::call(&mut d.store, &t, d.kasubbag, a.visit_id).unwrap();
    let before_called = events(&d.path);
    refused(
        queue::not_present(&mut d.store, &t, d.kasubbag, a.visit_id),
        "Panggil ulang",
    );
    refused(
        queue::recall(&mut d.store, &t, d.analis, a.visit_id),
        "pejabat lain",
    );
    refused(
        queue::start(&mut d.store, &t, d.analis, a.visit_id),
        "pejabat lain",
    );
    refused(
        queue::call(&mut d.store, &t, d.analis, a.visit_id),
        "sudah dipanggil",
    );
    assert_eq!(events(&d.path), before_called);
    // Call a guest who has left.
    custody::check_out(&mut d.store, &t, b.visit_id).unwrap();
    let after = events(&d.path);
    refused(
        queue::call(&mut d.store, &t, d.kasubbag, b.visit_id),
        "sudah pulang",
    );
    refused(
        queue::transfer(
            &mut d.store,
            &t,
            b.visit_id,
            &queue::Transfer {
                to_official: Some(d.analis),
                to_service: None,
                reason: "x".into(),
            },
        ),
        "sudah pulang",
    );
    refused(
        custody::check_out(&mut d.store, &t, b.visit_id),
        "sudah tercatat pulang",
    );
    assert_eq!(events(&d.path), after);
    assert_eq!(
        after,
        before + 2,
        "only the call and the check-out were written"
    );
    // The drawer still has exactly the one card, in slot 1.
    assert_eq!(count(&d.path, "SELECT count(*) FROM id_custody"), 1);
}

#[test]
fn two_officials_calling_at_once_never_get_the_same_guest() {
    let d = desk();
    let path = d.path.clone();
    let (kasubbag, analis) = (d.kasubbag, d.analis);
    let mut store = d.store;
    for round in 0..5 {
        let mut ids = Vec::new();
        for i in 0..20 {
            let nik = format!("63080112038{round}{i:03}1");
            let nik = &nik[..16];
            let r = admit(
                &mut store,
                at(monday(9, 0)),
                guest(&format!("Tamu {round}-{i}"), nik, None),
                None,
            )
            .unwrap();
            ids.push(r.visit_id);
        }
        let call_all = |official: i64| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut own = Store::open(&path).unwrap();
                let mut got = Vec::new();
                loop {
                    match queue::call_next(&mut own, &at(monday(9, 30)), official) {
                        Ok(id) => {
                            // The guest comes in, so the official may call the next one.
                            queue::start(&mut own, &at(monday(9, 30)), official, id).unwrap();
                            got.push(id)
                        }
                        Err(CoreError::Refused(m)) if m.contains("Tidak ada tamu") => break,
                        Err(e) => panic!("{e}"),
                    }
                }
                got
            })
        };
        let (one, two) = (call_all(kasubbag), call_all(analis));
        let mut all = one.join().unwrap();
        all.extend(two.join().unwrap());
        all.sort();
        let mut unique = all.clone();
        unique.dedup();
        assert_eq!(
            all.len(),
            unique.len(),
            "a guest was called twice in round {round}"
        );
        assert_eq!(unique, ids, "every guest was called once in round {round}");
    }
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM visit_event WHERE kind = 'called'"
        ),
        100
    );
}

#[test]
fn tickets_restart_at_midnight_in_the_office_time_zone() {
    let mut d = desk();
    // 23:59 WITA on Monday is 15:59 UTC the same day.
    let late = wita(2026, 11, 23, 23, 59);
    let r1 = admit(
        &mut d.store,
        at(late),
        guest("Malam", "6308011203850011", None),
        None,
    )
    .unwrap();
    assert_eq!(r1.ticket, "P-001");
    assert!(
        r1.warnings
            .iter()
            .any(|w| w.contains("Di luar jam layanan")),
        "{:?}",
        r1.warnings
    );
    // 00:01 WITA Tuesday is still Monday in UTC (16:01), but a new office day.
    let early = wita(2026, 11, 24, 0, 1);
    assert_eq!(early.date_naive().to_string(), "2026-11-23");
    let r2 = admit(
        &mut d.store,
        at(early),
        guest("Dini hari", "6308011203850012", None),
        None,
    )
    .unwrap();
    assert_eq!(r2.ticket, "P-001");
    let v1 = state(&d, r1.visit_id, early);
    assert_eq!(v1.arrived, "23.59");
    let days: Vec<String> = Connection::open(&d.path)
        .unwrap()
        .prepare("SELECT office_day FROM visit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(days, ["2026-11-23", "2026-11-24"]);
}

#[test]
fn arrivals_outside_the_hours_are_told_when_the_service_opens_next() {
    let mut d = desk();
    let cases = [
        // Friday after the short hours: next Monday.
        (
            wita(2026, 11, 27, 11, 30),
            "Buka lagi Senin, 30 November 2026 pukul 08.30 WITA",
        ),
        // In the break.
        (monday(12, 45), "pukul 14.00 WITA"),
        // Christmas (Friday 25 December 2026): a holiday.
        (wita(2026, 12, 25, 9, 0), "Hari ini libur nasional"),
        // Saturday.
        (
            wita(2026, 11, 28, 9, 0),
            "Buka lagi Senin, 30 November 2026",
        ),
    ];
    for (i, (when, words)) in cases.iter().enumerate() {
        let nik = format!("630801120385{:04}", 100 + i);
        let r = admit(&mut d.store, at(*when), guest("Tamu", &nik, None), None).unwrap();
        assert!(
            r.warnings.iter().any(|w| w.contains(words)),
            "{when}: {:?}",
            r.warnings
        );
    }
    // Inside the hours: no warning.
    let r = admit(
        &mut d.store,
        at(monday(10, 0)),
        guest("Tamu", "6308011203850200", None),
        Some(5),
    )
    .unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_consultation_over_the_time_limit_is_flagged_as_it_happens() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Lama", "6308011203850021", None),
        None,
    )
    .unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    queue::start(&mut d.store, &at(monday(9, 6)), d.kasubbag, r.visit_id).unwrap();
    let at_hour = state(&d, r.visit_id, monday(10, 5));
    assert!(!at_hour.limit.over, "59 minutes is within the hour");
    let over = state(&d, r.visit_id, monday(10, 7));
    assert!(over.limit.over);
    assert_eq!(over.limit.label, "Maksimal 1 jam");
    let q = views::official_queue(&d.store, &at(monday(10, 7)), d.kasubbag).unwrap();
    assert!(q.current[0].visit.limit.over);
}

#[test]
fn bad_input_is_refused_with_its_field_named_and_nothing_is_stored() {
    let mut d = desk();
    let long = "A".repeat(5000);
    let cases: Vec<(GuestInput, &str)> = vec![
        (
            guest("   ", "6308011203850001", None),
            "Nama tamu: wajib diisi",
        ),
        (
            guest(&long, "6308011203850001", None),
            "Nama tamu: terlalu panjang (5000 karakter",
        ),
        (
            guest("Budi\u{7}\u{0}", "6308011203850001", None),
            "karakter kendali",
        ),
        (guest("Budi", "6308011203", None), "NIK: NIK harus 16 angka"),
        (guest("Budi", "6308013213900001", None), "tanggal lahir"),
        (guest("Budi", "9908011203850001", None), "kode provinsi"),
        (
            GuestInput {
                phone: Some("12ab".into()),
                ..guest("Budi", "6308011203850001", None)
            },
            "Nomor telepon",
        ),
        (
            GuestInput {
                id_number: None,
                ..guest("Budi", "", None)
            },
            "wajib diisi untuk tamu baru",
        ),
    ];
    for (g, message) in cases {
        let err = admit(&mut d.store, at(monday(9, 0)), g, Some(1)).unwrap_err();
        assert!(matches!(err, CoreError::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains(message), "{err} / {message}");
    }
    let mut wrong = request(&d.store, guest("Budi", "6308011203850001", None), None);
    wrong.group_size = 0;
    assert!(check_in(&mut d.store, &at(monday(9, 0)), &wrong)
        .unwrap_err()
        .to_string()
        .contains("Jumlah orang"));
    for table in [
        "guest",
        "visit",
        "visit_event",
        "id_custody",
        "ticket_counter",
    ] {
        assert_eq!(
            count(&d.path, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table} is empty"
        );
    }
}

#[test]
fn missing_requirements_are_listed_and_admitted_only_with_a_note() {
    let mut d = desk();
    let mut req = request(
        &d.store,
        guest("Dewi", "6308014506900031", Some("Bappelitbangda")),
        None,
    );
    let all = req.shown.clone();
    req.shown = all.iter().filter(|s| !s.contains("SPT")).cloned().collect();
    let err = check_in(&mut d.store, &at(monday(9, 0)), &req).unwrap_err();
    assert!(
        err.to_string().contains("Persyaratan belum lengkap"),
        "{err}"
    );
    assert!(err.to_string().contains("SPPD"), "{err}");
    assert_eq!(count(&d.path, "SELECT count(*) FROM visit"), 0);
    req.admitted_note = Some("SPT menyusul melalui email".into());
    let r = check_in(&mut d.store, &at(monday(9, 0)), &req).unwrap();
    assert_eq!(r.missing.len(), 1);
    let v = state(&d, r.visit_id, monday(9, 1));
    assert_eq!(
        v.admitted_note.as_deref(),
        Some("SPT menyusul melalui email")
    );
    // A private guest is not asked for an SPT.
    assert!(all_shown(&d.store, false)
        .iter()
        .all(|s| !s.contains("SPT")));
}

#[test]
fn transfer_hold_and_recall_move_the_guest_between_queues() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Eka", "6308011203850041", None),
        None,
    )
    .unwrap();
    let t = at(monday(9, 10));
    queue::call(&mut d.store, &t, d.kasubbag, r.visit_id).unwrap();
    queue::recall(&mut d.store, &at(monday(9, 12)), d.kasubbag, r.visit_id).unwrap();
    queue::transfer(
        &mut d.store,
        &at(monday(9, 13)),
        r.visit_id,
        &queue::Transfer {
            to_official: Some(d.analis),
            to_service: None,
            reason: "Materi BUMD ditangani analis".into(),
        },
    )
    .unwrap();
    let analis = views::official_queue(&d.store, &at(monday(9, 14)), d.analis).unwrap();
    assert_eq!(analis.waiting.len(), 1);
    assert_eq!(analis.waiting[0].calls, 2);
    let kasubbag = views::official_queue(&d.store, &at(monday(9, 14)), d.kasubbag).unwrap();
    assert!(kasubbag.waiting.is_empty() && kasubbag.current.is_empty());
    queue::hold(
        &mut d.store,
        &at(monday(9, 15)),
        r.visit_id,
        "Mengambil dokumen di mobil",
    )
    .unwrap();
    refused(
        queue::call_next(&mut d.store, &at(monday(9, 16)), d.analis),
        "Tidak ada tamu",
    );
    queue::resume(&mut d.store, &at(monday(9, 20)), r.visit_id).unwrap();
    assert_eq!(
        queue::call_next(&mut d.store, &at(monday(9, 21)), d.analis).unwrap(),
        r.visit_id
    );
    queue::recall(&mut d.store, &at(monday(9, 23)), d.analis, r.visit_id).unwrap();
    queue::not_present(&mut d.store, &at(monday(9, 25)), d.analis, r.visit_id).unwrap();
    assert_eq!(
        state(&d, r.visit_id, monday(9, 30)).status,
        Status::NotPresent
    );
}

#[test]
fn not_present_is_offered_only_after_a_recall_and_the_queue_says_why_until_then() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Budi", "6308011203850071", None),
        None,
    )
    .unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    let q = views::official_queue(&d.store, &at(monday(9, 6)), d.kasubbag).unwrap();
    let permit = &q.current[0].may_mark_not_present;
    assert!(!permit.allowed);
    let hint = permit.hint.clone().unwrap();
    assert!(
        hint.contains("dipanggil ulang") && hint.contains("1×"),
        "{hint}"
    );
    // The action refuses with the very words the screen shows.
    refused(
        queue::not_present(&mut d.store, &at(monday(9, 6)), d.kasubbag, r.visit_id),
        &hint,
    );
    queue::recall(&mut d.store, &at(monday(9, 8)), d.kasubbag, r.visit_id).unwrap();
    let q = views::official_queue(&d.store, &at(monday(9, 9)), d.kasubbag).unwrap();
    assert!(q.current[0].may_mark_not_present.allowed);
    assert!(q.current[0].may_recall.allowed);
    queue::not_present(&mut d.store, &at(monday(9, 10)), d.kasubbag, r.visit_id).unwrap();
}

#[test]
fn call_next_waits_while_the_officials_called_guest_has_not_come_in() {
    let mut d = desk();
    let first = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Budi", "6308011203850071", None),
        None,
    )
    .unwrap();
    admit(
        &mut d.store,
        at(monday(9, 1)),
        guest("Wati", "6308014506900002", None),
        None,
    )
    .unwrap();
    let q = views::official_queue(&d.store, &at(monday(9, 2)), d.kasubbag).unwrap();
    assert!(q.call_next.allowed);
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    let q = views::official_queue(&d.store, &at(monday(9, 6)), d.kasubbag).unwrap();
    assert!(!q.call_next.allowed);
    let hint = q.call_next.hint.clone().unwrap();
    assert!(hint.contains(&first.ticket), "{hint}");
    let before = events(&d.path);
    refused(
        queue::call_next(&mut d.store, &at(monday(9, 6)), d.kasubbag),
        &hint,
    );
    assert_eq!(events(&d.path), before);
    // Another official is not held up by this one's guest.
    let other = views::official_queue(&d.store, &at(monday(9, 6)), d.analis).unwrap();
    assert!(other.call_next.allowed);
    queue::start(&mut d.store, &at(monday(9, 7)), d.kasubbag, first.visit_id).unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 8)), d.kasubbag).unwrap();
}

#[test]
fn an_earlier_days_called_guest_is_shown_apart_with_its_date_and_not_recalled_over_todays_ticket() {
    let mut d = desk();
    let monday_guest = admit(
        &mut d.store,
        at(monday(15, 0)),
        guest("Budi", "6308011203850071", None),
        None,
    )
    .unwrap();
    queue::call_next(&mut d.store, &at(monday(15, 50)), d.kasubbag).unwrap();
    // Tuesday: a new guest gets the same ticket number.
    let today = admit(
        &mut d.store,
        at(tuesday(8, 0)),
        guest("Wati", "6308014506900002", None),
        None,
    )
    .unwrap();
    assert_eq!(today.ticket, monday_guest.ticket);
    let q = views::official_queue(&d.store, &at(tuesday(8, 1)), d.kasubbag).unwrap();
    assert!(q.current.is_empty());
    assert_eq!(q.earlier.len(), 1);
    let earlier = &q.earlier[0];
    assert_eq!(earlier.visit.id, monday_guest.visit_id);
    assert_eq!(earlier.day_label, "Senin, 23 November 2026");
    assert!(!earlier.may_recall.allowed);
    let hint = earlier.may_recall.hint.clone().unwrap();
    assert!(hint.contains("Senin, 23 November 2026"), "{hint}");
    refused(
        queue::recall(
            &mut d.store,
            &at(tuesday(8, 2)),
            d.kasubbag,
            monday_guest.visit_id,
        ),
        &hint,
    );
    // Since they cannot be called again, they may be marked not present at once; and they
    // do not hold up today's queue meanwhile.
    assert!(earlier.may_mark_not_present.allowed);
    assert!(q.call_next.allowed);
    queue::not_present(
        &mut d.store,
        &at(tuesday(8, 3)),
        d.kasubbag,
        monday_guest.visit_id,
    )
    .unwrap();
    assert_eq!(
        queue::call_next(&mut d.store, &at(tuesday(8, 4)), d.kasubbag).unwrap(),
        today.visit_id
    );
}

/// Logs an official's pejabat account in now (an account made for the test).
fn sign_in_official(d: &mut Desk, official_id: i64, now: DateTime<Utc>) {
    use loket_core::auth::{accounts, sessions, Caller, Role};
    accounts::save(
        &mut d.store,
        &at(now),
        &accounts::AccountInput {
            id: None,
            username: "siti".into(),
            display_name: "Siti Aminah".into(),
            role: Role::Pejabat,
            official_id: Some(official_id),
            pin: Some("482915".into()),
            active: true,
        },
        None,
    )
    .unwrap();
    sessions::login(&mut d.store, &at(now), Caller::Window, "siti", "482915").unwrap();
}

#[test]
fn the_desk_calls_for_an_official_signed_in_nowhere_in_their_name_and_the_display_shows_it() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Budi", "6308011203850071", None),
        None,
    )
    .unwrap();
    let analis = d.analis;
    sign_in_official(&mut d, analis, monday(8, 50));
    // The desk may act for the kasubbag (no account) but not for the analis (signed in).
    let day = views::today(&d.store, &at(monday(9, 1))).unwrap();
    let entry = day
        .on_behalf
        .iter()
        .find(|e| e.visit_id == r.visit_id)
        .unwrap();
    let ids: Vec<i64> = entry.officials.iter().map(|o| o.id).collect();
    assert_eq!(ids, [d.kasubbag]);
    assert_eq!(entry.actions, ["call"]);
    let before = events(&d.path);
    refused(
        queue::on_behalf(
            &mut d.store,
            &at(monday(9, 2)),
            d.analis,
            r.visit_id,
            queue::StandIn::Call,
            None,
        ),
        "sedang masuk",
    );
    assert_eq!(events(&d.path), before);

    queue::on_behalf(
        &mut d.store,
        &at(monday(9, 3)),
        d.kasubbag,
        r.visit_id,
        queue::StandIn::Call,
        None,
    )
    .unwrap();
    // The call is the kasubbag's: on the display, to their room, as their own call would be.
    let shown = loket_core::desk::display::state(&d.store, &at(monday(9, 4))).unwrap();
    assert_eq!(shown.calls[0].ticket, r.ticket);
    assert_eq!(shown.calls[0].room, "Ruang Kasubbag Perekonomian");
    assert_eq!(shown.current[0].ticket, r.ticket);
    // Recorded as the desk's, in the official's name.
    let entries = loket_core::desk::history::entries(&d.store, r.visit_id).unwrap();
    let called = entries.iter().find(|e| e.kind == "called").unwrap();
    assert_eq!(
        called.actor,
        "resepsionis, meja layanan atas nama Rahmat Hidayat, S.E."
    );
    let day = views::today(&d.store, &at(monday(9, 5))).unwrap();
    let entry = day
        .on_behalf
        .iter()
        .find(|e| e.visit_id == r.visit_id)
        .unwrap();
    assert_eq!(entry.actions, ["start", "recall"]);
    for (minute, action) in [(6, queue::StandIn::Recall), (8, queue::StandIn::Start)] {
        queue::on_behalf(
            &mut d.store,
            &at(monday(9, minute)),
            d.kasubbag,
            r.visit_id,
            action,
            None,
        )
        .unwrap();
    }
    // Finishing needs the outcome, as the official's own finish does.
    refused(
        queue::on_behalf(
            &mut d.store,
            &at(monday(9, 30)),
            d.kasubbag,
            r.visit_id,
            queue::StandIn::Finish,
            None,
        ),
        "Hasil konsultasi",
    );
    let outcome = Outcome {
        notes: String::new(),
        result: "Dijelaskan prosedurnya".into(),
        follow_up: String::new(),
        closed: true,
    };
    queue::on_behalf(
        &mut d.store,
        &at(monday(9, 31)),
        d.kasubbag,
        r.visit_id,
        queue::StandIn::Finish,
        Some(&outcome),
    )
    .unwrap();
    assert_eq!(
        state(&d, r.visit_id, monday(9, 32)).status,
        Status::Finished
    );
    let entries = loket_core::desk::history::entries(&d.store, r.visit_id).unwrap();
    for kind in ["recalled", "started", "finished"] {
        let e = entries.iter().find(|e| e.kind == kind).unwrap();
        assert!(
            e.actor.contains("atas nama Rahmat Hidayat"),
            "{kind}: {}",
            e.actor
        );
    }
}

#[test]
fn the_desk_acts_for_an_official_only_on_that_officials_guests() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Budi", "6308011203850071", None),
        None,
    )
    .unwrap();
    queue::call(&mut d.store, &at(monday(9, 1)), d.analis, r.visit_id).unwrap();
    // Called by the analis: the desk cannot start it in the kasubbag's name.
    refused(
        queue::on_behalf(
            &mut d.store,
            &at(monday(9, 2)),
            d.kasubbag,
            r.visit_id,
            queue::StandIn::Start,
            None,
        ),
        "bukan antrian Rahmat Hidayat",
    );
}

#[test]
fn the_day_cannot_end_while_a_card_is_in_the_drawer_unaccounted() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Fajar", "6308011203850051", None),
        Some(4),
    )
    .unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    queue::start(&mut d.store, &at(monday(9, 6)), d.kasubbag, r.visit_id).unwrap();
    queue::finish(
        &mut d.store,
        &at(monday(9, 30)),
        d.kasubbag,
        r.visit_id,
        &Outcome {
            result: "Selesai".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    let evening = at(monday(16, 30));
    let err = custody::close_day(&mut d.store, &evening).unwrap_err();
    assert!(err.to_string().contains("laci 4 (Fajar, P-001)"), "{err}");
    custody::left_behind(&mut d.store, &evening, r.visit_id).unwrap();
    let closing = custody::close_day(&mut d.store, &evening).unwrap();
    assert!(closing.closed);
    // The card stays in its slot, recorded as left behind, until collected.
    let held = views::today(&d.store, &evening).unwrap().held;
    assert_eq!((held[0].slot, held[0].left_behind), (4, true));
    custody::return_card(
        &mut d.store,
        &at(wita(2026, 11, 24, 8, 0)),
        r.visit_id,
        &CardReturn::Other {
            name: "Rina".into(),
            relation: "istri".into(),
        },
    )
    .unwrap();
    assert_eq!(count(&d.path, "SELECT count(*) FROM id_custody"), 0);
}

#[test]
fn the_history_is_append_only_and_the_state_follows_from_it() {
    let mut d = desk();
    let r = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Gita", "6308011203850061", None),
        Some(2),
    )
    .unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    let conn = Connection::open(&d.path).unwrap();
    assert!(conn
        .execute("UPDATE visit_event SET at = '2020-01-01T00:00:00Z'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM visit_event", []).is_err());
    // A wrong entry is corrected by a new event: the card recorded in slot 2 is in slot 3.
    let history = views::history(&d.store, r.visit_id).unwrap();
    assert!(matches!(history[1].event, Event::IdHeld { slot: 2, .. }));
    correct(
        &mut d.store,
        &at(monday(9, 6)),
        r.visit_id,
        &CorrectionRequest::CardSlot { slot: 3 },
        "Kartu sebenarnya di laci 3, bukan 2",
    )
    .unwrap();
    // The state follows the correction: the desk and the drawer show slot 3.
    assert!(matches!(
        state(&d, r.visit_id, monday(9, 7)).card,
        Card::Held { slot: 3, .. }
    ));
    let drawer: Vec<u32> = views::today(&d.store, &at(monday(9, 7)))
        .unwrap()
        .held
        .iter()
        .map(|c| c.slot)
        .collect();
    assert_eq!(drawer, vec![3]);
    // The original event is still there, unchanged; the correction is a new one naming it.
    let after = views::history(&d.store, r.visit_id).unwrap();
    assert_eq!(after.len(), 4);
    assert_eq!(after[1].event, history[1].event);
    assert_eq!(after[1].at, history[1].at);
    match &after[3].event {
        Event::Corrected { event_id, note, .. } => {
            assert_eq!(*event_id, history[1].id);
            assert_eq!(note, "Kartu sebenarnya di laci 3, bukan 2");
        }
        other => panic!("a correction, not {other:?}"),
    }
    // The projection agrees with the events.
    let status: String = conn
        .query_row(
            "SELECT status FROM visit WHERE id = ?1",
            [r.visit_id],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(status, "called");
}

/// Tuesday 24 November 2026 at a time of day (WITA).
fn tuesday(h: u32, min: u32) -> DateTime<Utc> {
    wita(2026, 11, 24, h, min)
}

#[test]
fn a_guest_left_waiting_yesterday_is_not_called_today_and_yesterday_is_closed_from_the_desk() {
    let mut d = desk();
    let with_card = admit(
        &mut d.store,
        at(monday(15, 0)),
        guest("Hendra", "6308011203850071", None),
        Some(1),
    )
    .unwrap();
    let without_card = admit(
        &mut d.store,
        at(monday(15, 5)),
        guest("Irma", "6308014506900072", None),
        None,
    )
    .unwrap();
    // Tuesday: a new guest arrives; Monday's guests are not in today's queue.
    let today = admit(
        &mut d.store,
        at(tuesday(8, 0)),
        guest("Joko", "6308011203850073", None),
        Some(2),
    )
    .unwrap();
    let q = views::official_queue(&d.store, &at(tuesday(8, 1)), d.kasubbag).unwrap();
    let waiting: Vec<&str> = q.waiting.iter().map(|v| v.guest.name.as_str()).collect();
    assert_eq!(waiting, ["Joko"]);
    assert_eq!(
        queue::call_next(&mut d.store, &at(tuesday(8, 5)), d.kasubbag).unwrap(),
        today.visit_id
    );
    refused(
        queue::call_next(&mut d.store, &at(tuesday(8, 6)), d.analis),
        "Tidak ada tamu yang menunggu",
    );
    refused(
        queue::call(
            &mut d.store,
            &at(tuesday(8, 6)),
            d.analis,
            with_card.visit_id,
        ),
        "terdaftar pada Senin, 23 November 2026, bukan hari ini",
    );

    // The desk shows Monday as not closed, with its open guest and held card.
    let day = views::today(&d.store, &at(tuesday(8, 10))).unwrap();
    assert_eq!(day.earlier.len(), 1);
    let monday_day = &day.earlier[0];
    assert_eq!(monday_day.date_label, "Senin, 23 November 2026");
    let lines: Vec<(&str, Option<u32>, Vec<EndingKind>)> = monday_day
        .closing
        .iter()
        .map(|l| (l.guest.as_str(), l.slot, l.endings.clone()))
        .collect();
    use EndingKind::*;
    assert_eq!(
        lines,
        [
            ("Hendra", Some(1), vec![Guest, Other, Security]),
            ("Irma", None, vec![Guest])
        ]
    );
    // Today's card shows its time in WITA, Monday's with its date.
    let since: Vec<&str> = day.held.iter().map(|c| c.since_label.as_str()).collect();
    assert_eq!(since, ["Senin, 23 November 2026, 15.00 WITA", "08.00 WITA"]);

    // A waiting guest's card cannot be recorded as left behind: the whole closing is
    // refused and nothing changes, not even the line recorded before it.
    let before = events(&d.path);
    let close_monday = |settle: Vec<Settlement>| CloseRequest {
        day: Some("2026-11-23".into()),
        settle,
    };
    refused(
        custody::close(
            &mut d.store,
            &at(tuesday(8, 15)),
            &close_monday(vec![
                Settlement {
                    visit_id: without_card.visit_id,
                    ending: Ending::Guest,
                },
                Settlement {
                    visit_id: with_card.visit_id,
                    ending: Ending::LeftBehind,
                },
            ]),
        ),
        "belum dapat dicatat tertinggal",
    );
    assert_eq!(events(&d.path), before);
    // Closing with only one line recorded is refused too, naming what is left.
    refused(
        custody::close(
            &mut d.store,
            &at(tuesday(8, 15)),
            &close_monday(vec![Settlement {
                visit_id: without_card.visit_id,
                ending: Ending::Guest,
            }]),
        ),
        "laci 1 (Hendra, P-001)",
    );
    assert_eq!(events(&d.path), before);

    let closing = custody::close(
        &mut d.store,
        &at(tuesday(8, 20)),
        &close_monday(vec![
            Settlement {
                visit_id: without_card.visit_id,
                ending: Ending::Guest,
            },
            Settlement {
                visit_id: with_card.visit_id,
                ending: Ending::Security {
                    officer: "Pak Udin (satpam)".into(),
                },
            },
        ]),
    )
    .unwrap();
    assert!(closing.closed);
    let day = views::today(&d.store, &at(tuesday(8, 30))).unwrap();
    assert!(day.earlier.is_empty(), "{:?}", day.earlier);
    assert!(!day.closed, "today stays open");
    let held: Vec<&str> = day.held.iter().map(|c| c.guest.as_str()).collect();
    assert_eq!(held, ["Joko"]);
    let hendra = state(&d, with_card.visit_id, tuesday(8, 30));
    assert_eq!(hendra.status, Status::Left);
    assert!(matches!(
        hendra.card,
        Card::Returned {
            to: CardReturn::Security { .. },
            ..
        }
    ));
    assert_eq!(
        state(&d, without_card.visit_id, tuesday(8, 30)).status,
        Status::Left
    );
    assert_eq!(
        count(
            &d.path,
            "SELECT count(*) FROM setting WHERE key = 'closed:2026-11-23'"
        ),
        1
    );
}

#[test]
fn the_desk_offers_and_accepts_only_the_card_endings_that_fit_the_visit() {
    use EndingKind::*;
    let mut d = desk();
    let a = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Kartika", "6308014506900081", None),
        Some(1),
    )
    .unwrap();
    let t = at(monday(9, 1));
    let endings_now = |d: &Desk| state(d, a.visit_id, monday(9, 1)).endings;
    // Waiting: the card goes back, to someone, or to security; never "left behind".
    assert_eq!(endings_now(&d), [Guest, Other, Security]);
    let before = events(&d.path);
    refused(
        custody::left_behind(&mut d.store, &t, a.visit_id),
        "masih menunggu dipanggil; kartunya belum dapat dicatat tertinggal",
    );
    // Called: the same.
    queue::call_next(&mut d.store, &at(monday(9, 2)), d.kasubbag).unwrap();
    let before_called = events(&d.path);
    refused(
        custody::settle(&mut d.store, &t, a.visit_id, &Ending::LeftBehind),
        "sudah dipanggil",
    );
    assert_eq!(events(&d.path), before_called);
    assert_eq!(before_called, before + 1);
    // With the official: nothing at the desk.
    queue::start(&mut d.store, &at(monday(9, 3)), d.kasubbag, a.visit_id).unwrap();
    assert!(endings_now(&d).is_empty());
    refused(
        custody::settle(&mut d.store, &t, a.visit_id, &Ending::Guest),
        "sedang dilayani",
    );
    queue::finish(
        &mut d.store,
        &at(monday(9, 40)),
        d.kasubbag,
        a.visit_id,
        &Outcome {
            result: "Selesai".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    // Served and gone without the card: left behind, and collected the next morning by
    // someone named, who must be named.
    assert_eq!(endings_now(&d), [Guest, Other, Security, LeftBehind]);
    custody::settle(
        &mut d.store,
        &at(monday(16, 0)),
        a.visit_id,
        &Ending::LeftBehind,
    )
    .unwrap();
    let card = &views::today(&d.store, &at(monday(16, 1))).unwrap().held[0];
    assert!(card.left_behind);
    assert_eq!(card.endings, [Guest, Other, Security]);
    refused(
        custody::settle(
            &mut d.store,
            &at(tuesday(8, 0)),
            a.visit_id,
            &Ending::Other {
                name: " ".into(),
                relation: "adik".into(),
            },
        ),
        "Nama pengambil kartu",
    );
    custody::settle(
        &mut d.store,
        &at(tuesday(8, 0)),
        a.visit_id,
        &Ending::Other {
            name: "Rudi".into(),
            relation: "adik".into(),
        },
    )
    .unwrap();
    let v = state(&d, a.visit_id, tuesday(8, 1));
    assert_eq!(v.status, Status::Left);
    assert!(v.endings.is_empty());
    assert!(matches!(
        v.card,
        Card::Returned {
            to: CardReturn::Other { .. },
            ..
        }
    ));

    // A card not held at check-in can be held later from the visit, once.
    let b = admit(
        &mut d.store,
        at(tuesday(9, 0)),
        guest("Lukman", "6308011203850082", None),
        None,
    )
    .unwrap();
    assert!(b
        .warnings
        .iter()
        .any(|w| w.contains("belum disimpan di laci")));
    assert!(state(&d, b.visit_id, tuesday(9, 1)).can_hold_card);
    custody::hold(&mut d.store, &at(tuesday(9, 2)), b.visit_id, 3).unwrap();
    let v = state(&d, b.visit_id, tuesday(9, 3));
    assert!(!v.can_hold_card);
    assert!(matches!(v.card, Card::Held { slot: 3, .. }));
}

#[test]
fn today_is_closed_in_one_step_recording_every_card_and_guest() {
    let mut d = desk();
    let served = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Maya", "6308014506900091", None),
        Some(1),
    )
    .unwrap();
    let waiting = admit(
        &mut d.store,
        at(monday(9, 5)),
        guest("Nanda", "6308011203850092", None),
        Some(2),
    )
    .unwrap();
    queue::call(
        &mut d.store,
        &at(monday(9, 10)),
        d.kasubbag,
        served.visit_id,
    )
    .unwrap();
    queue::start(
        &mut d.store,
        &at(monday(9, 11)),
        d.kasubbag,
        served.visit_id,
    )
    .unwrap();
    queue::finish(
        &mut d.store,
        &at(monday(9, 40)),
        d.kasubbag,
        served.visit_id,
        &Outcome {
            result: "Selesai".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    let evening = at(monday(16, 30));
    let day = views::today(&d.store, &evening).unwrap();
    let lines: Vec<(&str, &str)> = day
        .closing
        .iter()
        .map(|l| (l.ticket.as_str(), l.status_label))
        .collect();
    assert_eq!(lines, [("P-001", "Selesai"), ("P-002", "Menunggu")]);
    let closing = custody::close(
        &mut d.store,
        &evening,
        &CloseRequest {
            day: None,
            settle: vec![
                Settlement {
                    visit_id: served.visit_id,
                    ending: Ending::LeftBehind,
                },
                Settlement {
                    visit_id: waiting.visit_id,
                    ending: Ending::Guest,
                },
            ],
        },
    )
    .unwrap();
    assert!(closing.closed);
    let day = views::today(&d.store, &evening).unwrap();
    assert!(day.closed && day.closing.is_empty());
    let held: Vec<(u32, bool)> = day.held.iter().map(|c| (c.slot, c.left_behind)).collect();
    assert_eq!(held, [(1, true)]);
    // A day that has not come yet cannot be closed.
    refused(
        custody::close(
            &mut d.store,
            &evening,
            &CloseRequest {
                day: Some("2026-11-24".into()),
                settle: vec![],
            },
        ),
        "belum tiba",
    );
}

/// Five guests with cards and one still with the official, at the end of Monday.
fn an_evening_with_cards(d: &mut Desk) -> Vec<i64> {
    let names = [
        ("Ayu", "6308014506900101"),
        ("Bayu", "6308011203850102"),
        ("Citra", "6308014506900103"),
        ("Dodi", "6308011203850104"),
        ("Eka", "6308014506900105"),
        ("Fajar", "6308011203850106"),
    ];
    let ids: Vec<i64> = names
        .iter()
        .enumerate()
        .map(|(i, (name, nik))| {
            admit(
                &mut d.store,
                at(monday(9, i as u32)),
                guest(name, nik, None),
                Some(i as u32 + 1),
            )
            .unwrap()
            .visit_id
        })
        .collect();
    // Ayu was served and finished; Fajar is still with the analyst, never finished.
    queue::call(&mut d.store, &at(monday(9, 30)), d.kasubbag, ids[0]).unwrap();
    queue::start(&mut d.store, &at(monday(9, 31)), d.kasubbag, ids[0]).unwrap();
    queue::finish(
        &mut d.store,
        &at(monday(9, 50)),
        d.kasubbag,
        ids[0],
        &Outcome {
            result: "Selesai".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    queue::call(&mut d.store, &at(monday(10, 0)), d.analis, ids[5]).unwrap();
    queue::start(&mut d.store, &at(monday(10, 1)), d.analis, ids[5]).unwrap();
    ids
}

#[test]
fn the_common_ending_is_recorded_for_every_open_line_at_once_leaving_the_exceptions() {
    let mut d = desk();
    let ids = an_evening_with_cards(&mut d);
    let evening = at(monday(16, 30));
    let all = |ending: Ending, except: Vec<i64>, expected: Option<usize>| SettleAllRequest {
        day: None,
        ending,
        except,
        expected,
    };
    // The confirmation named a number the list no longer has: nothing is recorded.
    let before = events(&d.path);
    refused(
        custody::settle_all(
            &mut d.store,
            &evening,
            &all(Ending::Guest, vec![ids[1]], Some(5)),
        ),
        "Daftar sudah berubah: kini 4 kartu dan tamu, bukan 5",
    );
    // "Left behind" for guests still waiting fits none but Ayu: it is refused for an ending
    // that needs a name, and bad input changes nothing either.
    refused(
        custody::settle_all(
            &mut d.store,
            &evening,
            &all(
                Ending::Security {
                    officer: " ".into(),
                },
                vec![],
                None,
            ),
        ),
        "petugas keamanan",
    );
    assert_eq!(events(&d.path), before);

    // Every card goes back to its guest, except Bayu's (left behind, recorded after), and
    // not Fajar's: he is still with the official.
    let done = custody::settle_all(
        &mut d.store,
        &evening,
        &all(Ending::Guest, vec![ids[1]], Some(4)),
    )
    .unwrap();
    assert_eq!(done.settled, [ids[0], ids[2], ids[3], ids[4]]);
    assert_eq!(done.tickets, ["P-001", "P-003", "P-004", "P-005"]);
    // Each visit has its own two events, as if recorded one by one.
    assert_eq!(events(&d.path), before + 8);
    for id in &done.settled {
        let v = state(&d, *id, monday(16, 31));
        assert_eq!(v.status, Status::Left);
        assert!(matches!(
            v.card,
            Card::Returned {
                to: CardReturn::Guest,
                ..
            }
        ));
    }
    let day = views::today(&d.store, &evening).unwrap();
    let open: Vec<&str> = day.closing.iter().map(|l| l.ticket.as_str()).collect();
    assert_eq!(open, ["P-002", "P-006"], "the exceptions are left");
    // Nothing else fits "returned": a second bulk action is refused, changing nothing.
    refused(
        custody::settle_all(
            &mut d.store,
            &evening,
            &all(Ending::Guest, vec![ids[1]], None),
        ),
        "Tidak ada kartu atau tamu lain",
    );
    // The day is not closed by it.
    assert!(!day.closed);
}

#[test]
fn the_desk_records_an_unfinished_consultation_so_the_day_closes_and_reports_tell_it_apart() {
    let mut d = desk();
    let ids = an_evening_with_cards(&mut d);
    let evening = at(monday(16, 30));
    let fajar = ids[5];
    // Fajar's consultation blocks the close, and the line says the desk may record it.
    let day = views::today(&d.store, &evening).unwrap();
    let line = day.closing.iter().find(|l| l.visit_id == fajar).unwrap();
    assert!(line.endings.is_empty() && line.desk_may_finish);
    assert!(day
        .closing
        .iter()
        .filter(|l| l.visit_id != fajar)
        .all(|l| !l.desk_may_finish));
    // Only a consultation called or started and not finished; a free reason is required.
    let before = events(&d.path);
    refused(
        custody::finish_for_official(&mut d.store, &evening, ids[1], &DeskFinish::GuestGone),
        "tidak ada layanan pejabat",
    );
    refused(
        custody::finish_for_official(
            &mut d.store,
            &evening,
            fajar,
            &DeskFinish::Other {
                reason: "  ".into(),
            },
        ),
        "Alasan",
    );
    assert_eq!(events(&d.path), before);

    custody::finish_for_official(&mut d.store, &evening, fajar, &DeskFinish::ServedUnrecorded)
        .unwrap();
    let v = state(&d, fajar, monday(16, 31));
    assert_eq!(v.status, Status::Finished);
    assert_eq!(v.desk_finish, Some(DeskFinish::ServedUnrecorded));
    assert!(v.outcome.is_none(), "not the official's finish");
    assert_eq!(v.service_minutes, None, "how long it took is not known");
    // The event names the desk, and says it was recorded on the official's behalf.
    let (kind, actor): (String, String) = Connection::open(&d.path)
        .unwrap()
        .query_row(
            "SELECT kind, actor FROM visit_event WHERE visit_id = ?1 ORDER BY id DESC LIMIT 1",
            [fajar],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), actor.as_str()),
        ("finished_by_desk", "resepsionis")
    );
    // Recorded once: it is no longer the official's to finish, nor the desk's again.
    refused(
        custody::finish_for_official(&mut d.store, &evening, fajar, &DeskFinish::GuestGone),
        "sudah selesai dilayani",
    );
    refused(
        queue::finish(
            &mut d.store,
            &evening,
            d.analis,
            fajar,
            &Outcome {
                result: "Selesai".into(),
                closed: true,
                ..Default::default()
            },
        ),
        "",
    );

    // Now his card may be left behind; everything else goes back, and the day closes.
    custody::settle(&mut d.store, &evening, fajar, &Ending::LeftBehind).unwrap();
    custody::settle_all(
        &mut d.store,
        &evening,
        &SettleAllRequest {
            day: None,
            ending: Ending::Guest,
            except: vec![],
            expected: Some(5),
        },
    )
    .unwrap();
    assert!(custody::close_day(&mut d.store, &evening).unwrap().closed);

    // The chief's log and recap tell the desk's record from the officials' finishes.
    let log = loket_core::report::log::guest_log(
        &d.store,
        &evening,
        monday(12, 0).with_timezone(&Makassar).date_naive(),
        monday(12, 0).with_timezone(&Makassar).date_naive(),
    )
    .unwrap();
    let outcomes: Vec<(&str, &str)> = log
        .rows
        .iter()
        .map(|r| (r.ticket.as_str(), r.outcome.as_str()))
        .collect();
    assert!(outcomes.contains(&("P-001", "Selesai")), "{outcomes:?}");
    assert!(
        outcomes.contains(&(
            "P-006",
            "Dicatat meja, bukan pejabat: selesai tanpa dicatat pejabat"
        )),
        "{outcomes:?}"
    );
    let row = log.rows.iter().find(|r| r.ticket == "P-006").unwrap();
    assert_eq!(
        row.within, None,
        "not measured against the standard's limit"
    );
    assert_eq!(row.service_minutes, None);
    let recap = loket_core::report::recap::recap(&log.rows);
    assert_eq!(recap.finished_by_desk, 1);
    assert_eq!(recap.in_progress, 0);
    // The history says who recorded it and why.
    let history = loket_core::desk::history::entries(&d.store, fajar).unwrap();
    assert!(history.iter().any(|e| e.kind == "finished_by_desk"
        && e.what == "Diakhiri oleh meja layanan (bukan pejabat) — selesai tanpa dicatat pejabat"
        && e.actor == "resepsionis"));
}

#[test]
fn an_unfinished_consultation_without_a_card_leaves_nothing_to_record_once_the_desk_says_what_happened(
) {
    let mut d = desk();
    let g = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Gita", "6308014506900107", None),
        None,
    )
    .unwrap();
    queue::call(&mut d.store, &at(monday(9, 5)), d.kasubbag, g.visit_id).unwrap();
    let evening = at(monday(16, 30));
    custody::finish_for_official(
        &mut d.store,
        &evening,
        g.visit_id,
        &DeskFinish::Other {
            reason: "Pejabat dinas luar, tamu diminta kembali besok".into(),
        },
    )
    .unwrap();
    assert_eq!(
        state(&d, g.visit_id, monday(16, 31)).status,
        Status::Finished
    );
    let h = admit(
        &mut d.store,
        at(monday(9, 10)),
        guest("Hadi", "6308011203850108", None),
        None,
    )
    .unwrap();
    queue::call(&mut d.store, &at(monday(9, 15)), d.kasubbag, h.visit_id).unwrap();
    queue::start(&mut d.store, &at(monday(9, 16)), d.kasubbag, h.visit_id).unwrap();
    custody::finish_for_official(&mut d.store, &evening, h.visit_id, &DeskFinish::GuestGone)
        .unwrap();
    let v = state(&d, h.visit_id, monday(16, 31));
    assert_eq!(
        v.status,
        Status::Left,
        "no card held: the guest is simply gone"
    );
    let day = views::today(&d.store, &evening).unwrap();
    let open: Vec<&str> = day.closing.iter().map(|l| l.ticket.as_str()).collect();
    assert!(open.is_empty(), "nothing left to record: {open:?}");
    assert!(custody::close_day(&mut d.store, &evening).unwrap().closed);
}

/// The ticket says what the guest needs at a glance: the short label, when it was issued in
/// the office's clock, the room, the slot of the card, and how many wait before them in the
/// same queue; the slip of missing requirements lists only what the guest must bring.
#[test]
fn the_ticket_and_the_slip_say_what_the_guest_needs() {
    use loket_core::desk::ticket::{missing_slip, save_settings, ticket, TicketSettings};
    let mut d = desk();
    let first = admit(
        &mut d.store,
        at(monday(8, 40)),
        guest("Budi Santoso", "6308011203850001", None),
        None,
    )
    .unwrap();
    let mut req = request(
        &d.store,
        guest("Rina Marlina", "6308014506900002", None),
        Some(3),
    );
    req.official_id = Some(d.kasubbag);
    let second = check_in(&mut d.store, &at(monday(8, 42)), &req).unwrap();

    let t = ticket(&d.store, second.visit_id).unwrap();
    assert_eq!(t.ticket, second.ticket);
    assert_eq!(t.service_short, "1. Pengelolaan BUMD dan BULD");
    assert_eq!(t.issued, "Senin, 23 November 2026 · 08.42 WITA");
    assert_eq!(t.room.as_deref(), Some("Ruang Kasubbag Perekonomian"));
    assert_eq!(t.slot, Some(3));
    // The first guest waits for the service, which the kasubbag handles: they come first.
    assert_eq!(t.ahead, 1);
    assert_eq!(t.paper_mm, 58);
    let t1 = ticket(&d.store, first.visit_id).unwrap();
    assert_eq!((t1.ahead, t1.slot), (0, None));
    // Two officials handle the service in two rooms: a guest for either has no one room.
    assert_eq!(t1.room, None);

    // Once the first is called, nobody waits before the second.
    queue::call_next(&mut d.store, &at(monday(8, 50)), d.analis).unwrap();
    assert_eq!(ticket(&d.store, second.visit_id).unwrap().ahead, 0);

    // 80 mm paper; any other width is refused and changes nothing.
    let wide = TicketSettings {
        paper_mm: 80,
        auto_print: true,
    };
    assert_eq!(save_settings(&mut d.store, &wide).unwrap(), wide);
    refused(
        save_settings(
            &mut d.store,
            &TicketSettings {
                paper_mm: 57,
                auto_print: false,
            },
        ),
        "58 mm atau 80 mm",
    );
    let t = ticket(&d.store, second.visit_id).unwrap();
    assert_eq!((t.paper_mm, t.auto_print), (80, true));

    let slip = missing_slip(
        &d.store,
        &Ctx {
            actor: "Siti Rahmawati (resepsionis)".into(),
            now: monday(9, 5),
        },
        SERVICE,
        true,
        &[],
    )
    .unwrap();
    assert_eq!(slip.officer, "Siti Rahmawati");
    assert_eq!(slip.issued, "Senin, 23 November 2026 · 09.05 WITA");
    assert!(
        slip.missing.iter().any(|m| m.contains("SPT")),
        "{:?}",
        slip.missing
    );
    assert!(
        !slip
            .missing
            .iter()
            .any(|m| m.starts_with("Mengisi Lembar Blanko") || m.starts_with("Menyerahkan KTP")),
        "{:?}",
        slip.missing
    );
}

/// A guest who came late and was checked out the next morning: the printed log's "Pulang"
/// says which day, and its service column the short label.
#[test]
fn a_check_out_on_the_next_day_shows_its_date_in_the_log() {
    let mut d = desk();
    let v = admit(
        &mut d.store,
        at(monday(15, 50)),
        guest("Budi Santoso", "6308011203850001", None),
        None,
    )
    .unwrap();
    custody::check_out(&mut d.store, &at(tuesday(8, 5)), v.visit_id).unwrap();
    let day = monday(9, 0).with_timezone(&Makassar).date_naive();
    let log = loket_core::report::guest_log(&d.store, &at(tuesday(9, 0)), day, day).unwrap();
    assert_eq!(log.rows[0].left, "24/11/2026 08.05");
    assert_eq!(log.rows[0].service_short, "1. Pengelolaan BUMD dan BULD");
    assert!(loket_core::report::to_csv(&log).contains(";24/11/2026 08.05;"));
}

/// The decree's words of the `checked_in` event of a visit: what counted as shown.
fn shown_at_check_in(path: &Path, visit_id: i64) -> Vec<String> {
    let data: String = Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT data FROM visit_event WHERE visit_id = ?1 AND kind = 'checked_in'",
            [visit_id],
            |r| r.get(0),
        )
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&data).unwrap();
    serde_json::from_value(value["shown"].clone()).unwrap()
}

#[test]
fn the_checklist_holds_what_the_guest_brings_and_the_form_records_the_desk_steps() {
    use loket_core::desk::requirements::DeskStep;
    let mut d = desk();
    // Perekonomian's list is the desk's own steps only: nothing to tick, each one recorded
    // by the form (the SPT only for a guest who comes for an institution).
    let r = loket_core::desk::checkin::requirements(&d.store, &at(monday(9, 0)), SERVICE, true)
        .unwrap();
    assert!(r.checklist.is_empty(), "{:?}", r.checklist);
    let steps: Vec<DeskStep> = r.desk_steps.iter().map(|s| s.step).collect();
    assert_eq!(
        steps,
        [
            DeskStep::HandsLetter,
            DeskStep::FillsBlanko,
            DeskStep::HandsIdCard
        ]
    );
    // A slot chosen and a blanko filled: the KTP and the blanko are recorded, nothing ticked.
    let mut req = request(&d.store, guest("Gita", "6308014506900101", None), Some(2));
    req.shown = vec![];
    let done = check_in(&mut d.store, &at(monday(9, 0)), &req).unwrap();
    assert!(
        done.missing.is_empty() && done.warnings.is_empty(),
        "{done:?}"
    );
    let shown = shown_at_check_in(&d.path, done.visit_id);
    assert!(
        shown.iter().any(|s| s.starts_with("Menyerahkan KTP")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|s| s.starts_with("Mengisi Lembar Blanko")),
        "{shown:?}"
    );
    // No slot and no blanko: admitted (the card may go into the drawer later, the blanko
    // come from the tablet), with both said, and neither counted as shown even when an older
    // screen sends them ticked.
    let mut req = request(&d.store, guest("Hadi", "6308011203850102", None), None);
    req.blanko = None;
    req.shown =
        loket_core::desk::checkin::requirements(&d.store, &at(monday(9, 5)), SERVICE, false)
            .unwrap()
            .desk_steps
            .into_iter()
            .map(|s| s.text)
            .collect();
    assert_eq!(req.shown.len(), 2);
    let done = check_in(&mut d.store, &at(monday(9, 5)), &req).unwrap();
    assert!(done.missing.is_empty(), "{done:?}");
    assert_eq!(
        done.warnings,
        [
            "Kartu identitas belum disimpan di laci.",
            "Blanko konsultasi belum diisi."
        ]
    );
    assert!(shown_at_check_in(&d.path, done.visit_id).is_empty());
    // The SPT/SPPD an institution's guest did not bring is missing, as an unticked item was.
    let mut req = request(
        &d.store,
        guest("Indah", "6308014506900103", Some("Dinas Koperasi")),
        Some(3),
    );
    req.shown = vec![];
    refused(
        check_in(&mut d.store, &at(monday(9, 10)), &req),
        "Persyaratan belum lengkap: Menyerahkan Surat Penugasan / SPT / SPPD",
    );
}

#[test]
fn a_closed_day_takes_no_check_in_nor_card_until_the_desk_reopens_it() {
    let mut d = desk();
    let early = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Joko", "6308011203850111", None),
        None,
    )
    .unwrap();
    // Served and finished, the card never taken: nothing stands in the way of closing.
    queue::call_next(&mut d.store, &at(monday(9, 5)), d.kasubbag).unwrap();
    queue::start(&mut d.store, &at(monday(9, 6)), d.kasubbag, early.visit_id).unwrap();
    queue::finish(
        &mut d.store,
        &at(monday(9, 30)),
        d.kasubbag,
        early.visit_id,
        &Outcome {
            result: "Selesai".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    let evening = at(monday(16, 30));
    assert!(custody::close_day(&mut d.store, &evening).unwrap().closed);
    let before = events(&d.path);
    // A guest arriving after the closing: refused, saying the day is closed and what to do.
    let late = at(monday(16, 45));
    let err = admit(
        &mut d.store,
        late.clone(),
        guest("Kiki", "6308014506900112", None),
        Some(1),
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Refused(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("Hari Senin, 23 November 2026 sudah ditutup"),
        "{text}"
    );
    assert!(text.contains("Buka kembali hari"), "{text}");
    // Nor a card of that day into the drawer.
    refused(
        custody::hold(&mut d.store, &late, early.visit_id, 1),
        "sudah ditutup; kartu tidak dapat disimpan lagi",
    );
    assert_eq!(events(&d.path), before);
    assert_eq!(count(&d.path, "SELECT count(*) FROM visit"), 1);
    // Reopened with a reason, recorded; then the guest is checked in.
    let reopen = custody::ReopenRequest {
        reason: "Tamu rombongan datang sesudah tutup".into(),
    };
    refused(
        custody::reopen(
            &mut d.store,
            &late,
            &custody::ReopenRequest { reason: " ".into() },
        ),
        "wajib diisi",
    );
    let log = custody::reopen(&mut d.store, &late, &reopen).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].reason, "Tamu rombongan datang sesudah tutup");
    assert_eq!(log[0].reopened_by, "resepsionis");
    assert!(!log[0].closed_at.is_empty());
    assert!(!views::today(&d.store, &late).unwrap().closed);
    let done = admit(
        &mut d.store,
        late.clone(),
        guest("Kiki", "6308014506900112", None),
        Some(1),
    )
    .unwrap();
    assert_eq!(done.ticket, "P-002");
    // Reopening a day that is open is refused.
    refused(
        custody::reopen(&mut d.store, &late, &reopen),
        "belum ditutup",
    );
}

#[test]
fn a_wrong_field_is_named_by_its_key_so_the_form_can_point_at_it() {
    let mut d = desk();
    let err = admit(
        &mut d.store,
        at(monday(9, 0)),
        guest("Lina", "63080145O6900121", None),
        Some(1),
    )
    .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "invalid_input");
    assert_eq!(json["field"], "id_number");
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("NIK hanya berisi angka"),
        "{json}"
    );
    // A purpose of 5,000 characters is refused with its limit, never cut to fit.
    let mut req = request(&d.store, guest("Lina", "6308014506900121", None), Some(1));
    req.purpose = "Konsultasi ".repeat(455);
    let err = check_in(&mut d.store, &at(monday(9, 0)), &req).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["field"], "purpose");
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("paling banyak 500"),
        "{json}"
    );
    assert_eq!(count(&d.path, "SELECT count(*) FROM visit"), 0);
    // An error that is not a field's names none.
    let json = serde_json::to_value(CoreError::refused("x")).unwrap();
    assert!(json.get("field").is_none(), "{json}");
}
