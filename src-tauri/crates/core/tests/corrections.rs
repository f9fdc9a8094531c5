//! Corrections of a visit's record, on a real SQLite file: each kind (purpose, person to meet,
//! group size, card slot, a voided event) changes what the desk sees while the original event
//! stays in the history; every correction that does not fit is refused and changes nothing.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::desk::checkin::{check_in, requirements, CheckInRequest};
use loket_core::desk::correction::{correct, CorrectionRequest};
use loket_core::desk::events::{Card, Event, Status};
use loket_core::desk::guest::GuestInput;
use loket_core::desk::history;
use loket_core::desk::identity::IdType;
use loket_core::desk::office::{save_official, save_setup, Official, Prefix, Setup};
use loket_core::desk::{custody, queue, views, Ctx};
use loket_core::{open_with_standards, CoreError, Store};
use rusqlite::Connection;

const SERVICE: &str = "balangan-perekonomian-1";

fn monday(h: u32, min: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, 11, 23, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn at(h: u32, min: u32) -> Ctx {
    Ctx {
        actor: "Dewi (resepsionis)".into(),
        now: monday(h, min),
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    official: i64,
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
            slots: 5,
            prefixes: vec![Prefix {
                scope: "unit:perekonomian".into(),
                prefix: "P".into(),
            }],
            chief_name: None,
            chief_nip: None,
        },
    )
    .unwrap();
    let official = save_official(
        &mut store,
        &at(7, 0),
        &Official {
            id: None,
            name: "Rahmat Hidayat, S.E.".into(),
            nip: None,
            title: "Kepala Sub Bagian Perekonomian".into(),
            room: "Ruang Kasubbag".into(),
            is_role: false,
            active: true,
            services: vec![SERVICE.into()],
        },
    )
    .unwrap()
    .id
    .unwrap();
    Desk {
        _dir: dir,
        path,
        store,
        official,
    }
}

/// Checks a guest in, the card in `slot`.
fn admit(d: &mut Desk, name: &str, nik: &str, slot: Option<u32>) -> i64 {
    let shown = requirements(&d.store, &at(9, 0), SERVICE, false)
        .unwrap()
        .checklist;
    let req = CheckInRequest {
        guest: GuestInput {
            id: None,
            name: name.into(),
            phone: None,
            institution: None,
            id_type: IdType::Ktp,
            id_number: Some(nik.into()),
        },
        service: SERVICE.into(),
        purpose: "Konsultasi penyertaan modal BUMD".into(),
        official_id: None,
        person_to_meet: None,
        group_size: 1,
        shown,
        admitted_note: None,
        letter: None,
        proposal_received: false,
        blanko: None,
        slot,
    };
    check_in(&mut d.store, &at(9, 0), &req).unwrap().visit_id
}

fn view(d: &Desk, visit: i64) -> views::VisitView {
    views::visit_view_now(&d.store, &at(10, 0), visit).unwrap()
}

/// Everything a refusal must leave as it was: the events, the drawer, the visit rows.
fn snapshot(d: &Desk) -> Vec<String> {
    let conn = Connection::open(&d.path).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT id || '|' || kind || '|' || data FROM visit_event ORDER BY id",
        "SELECT slot || '|' || visit_id || '|' || coalesce(left_behind_at, '') FROM id_custody ORDER BY slot",
        "SELECT id || '|' || status || '|' || queued_at FROM visit ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        out.extend(
            stmt.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    out
}

/// Asserts a refusal naming `words` that changed nothing.
fn refused_unchanged(d: &mut Desk, visit: i64, request: CorrectionRequest, words: &str) {
    let before = snapshot(d);
    match correct(&mut d.store, &at(10, 0), visit, &request, "Salah catat") {
        Err(e @ (CoreError::Refused(_) | CoreError::InvalidInput { .. })) => {
            assert!(e.to_string().contains(words), "{e}")
        }
        other => panic!("{request:?}: expected a refusal with {words:?}, got {other:?}"),
    }
    assert_eq!(snapshot(d), before, "{request:?} changed nothing");
}

fn void(d: &mut Desk, visit: i64, kind: &str) {
    let id = history::entries(&d.store, visit)
        .unwrap()
        .into_iter()
        .rev()
        .find(|e| e.kind == kind && !e.voided)
        .unwrap_or_else(|| panic!("a {kind} event"))
        .id;
    correct(
        &mut d.store,
        &at(10, 0),
        visit,
        &CorrectionRequest::Void { event_id: id },
        "Tombol tertekan tidak sengaja",
    )
    .unwrap();
}

fn held_slots(d: &Desk) -> Vec<(u32, i64, bool)> {
    views::today(&d.store, &at(10, 0))
        .unwrap()
        .held
        .into_iter()
        .map(|c| (c.slot, c.visit_id, c.left_behind))
        .collect()
}

#[test]
fn purpose_person_and_group_size_are_corrected_and_the_check_in_stays_as_recorded() {
    let mut d = desk();
    let v = admit(&mut d, "Gita", "6308011203850061", None);
    correct(
        &mut d.store,
        &at(9, 10),
        v,
        &CorrectionRequest::Purpose {
            purpose: "Konsultasi pembentukan BUMD baru".into(),
        },
        "Tamu meluruskan keperluannya",
    )
    .unwrap();
    correct(
        &mut d.store,
        &at(9, 11),
        v,
        &CorrectionRequest::PersonToMeet {
            person_to_meet: Some("Bu Siti".into()),
        },
        "Lupa diisi",
    )
    .unwrap();
    correct(
        &mut d.store,
        &at(9, 12),
        v,
        &CorrectionRequest::GroupSize { group_size: 3 },
        "Dua rekan menyusul",
    )
    .unwrap();
    let shown = view(&d, v);
    assert_eq!(shown.purpose, "Konsultasi pembentukan BUMD baru");
    assert_eq!(shown.person_to_meet.as_deref(), Some("Bu Siti"));
    assert_eq!(shown.group_size, 3);

    // The check-in itself is as it was recorded; the corrections follow it, with who and why.
    let events = views::history(&d.store, v).unwrap();
    let Event::CheckedIn(original) = &events[0].event else {
        panic!("the check-in comes first")
    };
    assert_eq!(original.purpose, "Konsultasi penyertaan modal BUMD");
    assert_eq!(original.group_size, 1);
    let lines = history::entries(&d.store, v).unwrap();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3].what, "Koreksi jumlah orang: 3");
    assert_eq!(lines[3].note.as_deref(), Some("Dua rekan menyusul"));
    assert_eq!(lines[3].actor, "Dewi (resepsionis)");
    assert_eq!(lines[3].corrects, Some(events[0].id));
    assert_eq!(lines[3].date, "Senin, 23 November 2026");
    assert_eq!(lines[3].time, "09.12 WITA");

    // Clearing the person to meet is a correction too.
    correct(
        &mut d.store,
        &at(9, 13),
        v,
        &CorrectionRequest::PersonToMeet {
            person_to_meet: Some("  ".into()),
        },
        "Tidak jadi",
    )
    .unwrap();
    assert_eq!(view(&d, v).person_to_meet, None);

    // What does not fit changes nothing.
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::GroupSize { group_size: 3 },
        "Tidak ada yang berubah",
    );
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::GroupSize { group_size: 0 },
        "Jumlah orang",
    );
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::Purpose {
            purpose: " ".into(),
        },
        "Keperluan",
    );
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::Purpose {
            purpose: "x".repeat(501),
        },
        "terlalu panjang",
    );
    // A correction without a reason is refused.
    let before = snapshot(&d);
    let err = correct(
        &mut d.store,
        &at(10, 0),
        v,
        &CorrectionRequest::GroupSize { group_size: 2 },
        "",
    )
    .unwrap_err();
    assert!(err.to_string().contains("Alasan koreksi"), "{err}");
    assert_eq!(snapshot(&d), before);
}

#[test]
fn a_card_recorded_in_the_wrong_slot_is_moved_and_an_occupied_slot_is_refused() {
    let mut d = desk();
    let gita = admit(&mut d, "Gita", "6308011203850061", Some(3));
    let hadi = admit(&mut d, "Hadi", "6308010101800002", Some(1));
    correct(
        &mut d.store,
        &at(9, 10),
        gita,
        &CorrectionRequest::CardSlot { slot: 2 },
        "Kartu sebenarnya di laci 2, bukan 3",
    )
    .unwrap();
    assert!(matches!(view(&d, gita).card, Card::Held { slot: 2, .. }));
    assert_eq!(held_slots(&d), vec![(1, hadi, false), (2, gita, false)]);
    assert!(views::today(&d.store, &at(10, 0))
        .unwrap()
        .free_slots
        .contains(&3));
    // The holding in slot 3 stays in the history; the correction names it.
    let lines = history::entries(&d.store, gita).unwrap();
    let held = lines.iter().find(|e| e.kind == "id_held").unwrap();
    assert!(held.what.contains("laci 3"), "{}", held.what);
    assert_eq!(lines.last().unwrap().corrects, Some(held.id));

    refused_unchanged(
        &mut d,
        gita,
        CorrectionRequest::CardSlot { slot: 1 },
        "Laci 1 sudah berisi kartu tamu P-002",
    );
    refused_unchanged(
        &mut d,
        gita,
        CorrectionRequest::CardSlot { slot: 2 },
        "sudah tercatat di laci 2",
    );
    refused_unchanged(
        &mut d,
        gita,
        CorrectionRequest::CardSlot { slot: 9 },
        "laci 9 tidak ada",
    );
    let without_card = admit(&mut d, "Intan", "6308014506900003", None);
    refused_unchanged(
        &mut d,
        without_card,
        CorrectionRequest::CardSlot { slot: 4 },
        "tidak ada di laci",
    );
}

#[test]
fn an_accidental_check_out_is_voided_step_by_step_and_the_card_is_back_in_its_slot() {
    let mut d = desk();
    let v = admit(&mut d, "Gita", "6308011203850061", Some(3));
    custody::check_out(&mut d.store, &at(9, 30), v).unwrap();
    assert_eq!(view(&d, v).status, Status::Left);
    assert!(held_slots(&d).is_empty());

    // The card's return cannot be voided while "Pulang" after it still stands.
    let returned = history::entries(&d.store, v)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "id_returned")
        .unwrap();
    assert!(!returned.voidable);
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::Void {
            event_id: returned.id,
        },
        "bukan langkah terakhir",
    );
    // Nor can the check-in or a call be voided.
    let first = history::entries(&d.store, v).unwrap()[0].id;
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::Void { event_id: first },
        "tidak dapat dibatalkan",
    );

    void(&mut d, v, "left");
    let shown = view(&d, v);
    assert_eq!(shown.status, Status::Waiting);
    assert_eq!(shown.left, None);
    assert!(matches!(shown.card, Card::Returned { .. }));
    void(&mut d, v, "id_returned");
    assert!(matches!(view(&d, v).card, Card::Held { slot: 3, .. }));
    assert_eq!(held_slots(&d), vec![(3, v, false)]);
    // The guest is back in the official's queue.
    let queue = views::official_queue(&d.store, &at(10, 0), d.official).unwrap();
    assert_eq!(queue.waiting.len(), 1);

    // Both mistakes stay in the history, marked void.
    let lines = history::entries(&d.store, v).unwrap();
    let voided: Vec<&str> = lines.iter().filter(|e| e.voided).map(|e| e.kind).collect();
    assert_eq!(voided, vec!["id_returned", "left"]);
    assert_eq!(lines.len(), 6);
    // A void is not voided twice.
    let left = lines.iter().find(|e| e.kind == "left").unwrap().id;
    refused_unchanged(
        &mut d,
        v,
        CorrectionRequest::Void { event_id: left },
        "sudah dibatalkan",
    );
    // The desk carries on as usual: the guest is served and leaves with the card.
    queue::call_next(&mut d.store, &at(10, 5), d.official).unwrap();
    custody::check_out(&mut d.store, &at(10, 30), v).unwrap();
    assert!(held_slots(&d).is_empty());
}

#[test]
fn a_return_is_not_voided_when_its_slot_has_been_given_to_another_card() {
    let mut d = desk();
    let gita = admit(&mut d, "Gita", "6308011203850061", Some(3));
    queue::call_next(&mut d.store, &at(9, 5), d.official).unwrap();
    queue::start(&mut d.store, &at(9, 6), d.official, gita).unwrap();
    queue::finish(
        &mut d.store,
        &at(9, 30),
        d.official,
        gita,
        &loket_core::desk::events::Outcome {
            result: "Dijelaskan".into(),
            closed: true,
            ..Default::default()
        },
    )
    .unwrap();
    custody::return_card(
        &mut d.store,
        &at(9, 31),
        gita,
        &loket_core::desk::events::CardReturn::Guest,
    )
    .unwrap();
    let hadi = admit(&mut d, "Hadi", "6308010101800002", Some(3));
    let returned = history::entries(&d.store, gita)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "id_returned")
        .unwrap();
    assert!(returned.voidable);
    refused_unchanged(
        &mut d,
        gita,
        CorrectionRequest::Void {
            event_id: returned.id,
        },
        "laci 3 kini berisi kartu tamu P-002",
    );
    assert_eq!(held_slots(&d), vec![(3, hadi, false)]);
    assert_eq!(view(&d, gita).status, Status::Finished);
}

#[test]
fn not_present_and_left_behind_entered_by_mistake_are_voided() {
    let mut d = desk();
    let v = admit(&mut d, "Gita", "6308011203850061", Some(2));
    queue::call_next(&mut d.store, &at(9, 5), d.official).unwrap();
    queue::recall(&mut d.store, &at(9, 8), d.official, v).unwrap();
    queue::not_present(&mut d.store, &at(9, 12), d.official, v).unwrap();
    assert_eq!(view(&d, v).status, Status::NotPresent);
    void(&mut d, v, "not_present");
    let shown = view(&d, v);
    assert_eq!(shown.status, Status::Called);
    assert!(!shown.not_present);
    queue::start(&mut d.store, &at(9, 15), d.official, v).unwrap();

    // A guest served and gone without the card: only then may a card be left behind.
    let w = admit(&mut d, "Hadi", "6308010101800002", Some(4));
    let finished = loket_core::desk::events::Outcome {
        result: "Dijelaskan".into(),
        closed: true,
        ..Default::default()
    };
    queue::finish(&mut d.store, &at(9, 40), d.official, v, &finished).unwrap();
    queue::call_next(&mut d.store, &at(9, 41), d.official).unwrap();
    queue::start(&mut d.store, &at(9, 42), d.official, w).unwrap();
    queue::finish(&mut d.store, &at(10, 0), d.official, w, &finished).unwrap();
    custody::left_behind(&mut d.store, &at(15, 0), w).unwrap();
    assert_eq!(held_slots(&d)[1], (4, w, true));
    void(&mut d, w, "left");
    void(&mut d, w, "id_left_behind");
    assert_eq!(held_slots(&d)[1], (4, w, false));
    assert!(matches!(
        view(&d, w).card,
        Card::Held {
            slot: 4,
            left_behind: false,
            ..
        }
    ));
    assert_eq!(view(&d, w).status, Status::Finished);
}
