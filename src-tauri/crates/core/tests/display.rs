//! The waiting-room display's state (`display.state`) on a real SQLite file: calls newest
//! first with the clips that announce them, a recall as a new call, the guests called now,
//! who waits for which service, the hours and the Maklumat Pelayanan of the bagian, a demo
//! day as a display sees it, and a display token that may read this and nothing else.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::announce::{self, ticket_clips};
use loket_core::api::handle;
use loket_core::auth::permissions::roles_for;
use loket_core::auth::{sessions, Role};
use loket_core::demo::{self, DemoDesk};
use loket_core::desk::checkin::{check_in, requirements, CheckInRequest};
use loket_core::desk::display::{self, DisplayState, MAX_CALLS};
use loket_core::desk::guest::GuestInput;
use loket_core::desk::identity::IdType;
use loket_core::desk::office::{
    save_official, save_official_warned, save_setup, Official, Prefix, Setup,
};
use loket_core::desk::{queue, views, Ctx};
use loket_core::{open_with_standards, Store};
use serde_json::{json, Value};

/// Monday 23 November 2026 at a time of day (WITA).
fn monday(h: u32, min: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, 11, 23, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn at(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: "resepsionis".into(),
        now,
    }
}

fn service(n: u32) -> String {
    format!("balangan-perekonomian-{n}")
}

struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
    kasubbag: i64,
    analis: i64,
    /// An official whose room has a person's name in it, which the clips cannot say.
    dewi: i64,
}

fn official(name: &str, title: &str, room: &str, services: Vec<String>) -> Official {
    Official {
        id: None,
        name: name.into(),
        nip: None,
        title: title.into(),
        room: room.into(),
        is_role: false,
        active: true,
        services,
    }
}

/// Perekonomian at Balangan with three officials, ticket prefix P.
fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
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
    let mut save = |o: Official| save_official(&mut store, &ctx, &o).unwrap().id.unwrap();
    let kasubbag = save(official(
        "Rahmat Hidayat, S.E.",
        "Kepala Sub Bagian Perekonomian",
        "Ruang Kasubbag Perekonomian",
        vec![service(1)],
    ));
    let analis = save(official(
        "Siti Aminah, S.E.",
        "Analis Kebijakan",
        "Ruang Analis",
        vec![service(1)],
    ));
    let dewi = save(official(
        "Dewi Lestari, S.T.",
        "Analis Kebijakan Ahli Muda",
        "Ruang Bu Dewi",
        vec![service(2)],
    ));
    Desk {
        _dir: dir,
        store,
        kasubbag,
        analis,
        dewi,
    }
}

/// Checks a guest in for a service with the whole checklist shown; returns the visit.
fn arrive(d: &mut Desk, now: DateTime<Utc>, name: &str, nik: &str, service: &str) -> i64 {
    let checklist = requirements(&d.store, &at(now), service, false)
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
        service: service.into(),
        purpose: "Konsultasi".into(),
        official_id: None,
        person_to_meet: None,
        group_size: 1,
        shown: checklist,
        admitted_note: None,
        letter: None,
        proposal_received: false,
        blanko: None,
        slot: None,
    };
    check_in(&mut d.store, &at(now), &req).unwrap().visit_id
}

fn state(d: &Desk, now: DateTime<Utc>) -> DisplayState {
    display::state(&d.store, &at(now)).unwrap()
}

/// Whether `part` occurs in `whole` as a run of consecutive clips.
fn contains_run(whole: &[String], part: &[String]) -> bool {
    whole.windows(part.len()).any(|w| w == part)
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Three guests checked in at Perekonomian: two for service 1, one for service 2.
fn morning() -> (Desk, [i64; 3]) {
    let mut d = desk();
    let budi = arrive(
        &mut d,
        monday(9, 0),
        "Budi Santoso",
        "6308011203850001",
        &service(1),
    );
    let sari = arrive(
        &mut d,
        monday(9, 5),
        "Sari Wulandari",
        "6308015506900002",
        &service(1),
    );
    let joko = arrive(
        &mut d,
        monday(9, 10),
        "Joko Susilo",
        "6308010101800003",
        &service(2),
    );
    (d, [budi, sari, joko])
}

#[test]
fn the_display_shows_the_date_office_hours_and_maklumat_of_the_bagian() {
    let (d, _) = morning();
    let s = state(&d, monday(9, 15));
    assert_eq!(s.date, "2026-11-23");
    assert_eq!(s.date_label, "Senin, 23 November 2026");
    assert_eq!(s.zone, "WITA");
    assert_eq!(s.timezone, "Asia/Makassar");
    assert_eq!(s.office.kabupaten, "Kabupaten Balangan");
    assert_eq!(
        s.office.unit_name,
        "Bagian Perekonomian dan Sumber Daya Alam"
    );
    // The four services share their hours: one label for all four, Monday's hours only.
    assert_eq!(s.hours.len(), 1);
    assert_eq!(s.hours[0].services, strings(&["1", "2", "3", "4"]));
    assert_eq!(s.hours[0].label, "08.30–16.00 WITA; istirahat 12.30–14.00");
    assert_eq!(s.closed, None);
    let maklumat = s.maklumat.expect("Perekonomian's decree has a maklumat");
    assert!(maklumat.starts_with("DENGAN INI, KAMI MENYATAKAN SIAP MENYELENGGARAKAN PELAYANAN"));
    // Nobody has been called yet.
    assert!(s.calls.is_empty());
    assert!(s.current.is_empty());
}

/// A day of the week of 23 November 2026 (a Monday) at 10.00 WITA.
fn that_week(day: u32) -> DateTime<Utc> {
    Makassar
        .with_ymd_and_hms(2026, 11, day, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn the_display_shows_todays_hours_and_says_when_the_office_is_closed_today() {
    let d = desk();
    // Friday: the short hours, without the break that falls after closing.
    let friday = state(&d, that_week(27));
    assert_eq!(friday.date_label, "Jumat, 27 November 2026");
    let labels: Vec<&str> = friday.hours.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels, ["09.00–11.00 WITA"]);
    assert_eq!(friday.closed, None);

    // Saturday: nothing opens, and the display says so.
    let saturday = state(&d, that_week(28));
    assert!(saturday.hours.is_empty(), "{:?}", saturday.hours);
    assert_eq!(saturday.closed.as_deref(), Some("Tutup hari ini (Sabtu)"));

    // Christmas, a Friday: closed for the holiday, named.
    let christmas = Makassar
        .with_ymd_and_hms(2026, 12, 25, 9, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let s = state(&d, christmas);
    assert!(s.hours.is_empty());
    assert_eq!(
        s.closed.as_deref(),
        Some("Tutup hari ini — Kelahiran Yesus Kristus")
    );

    // Just after midnight WITA on Saturday is already Saturday (16.05 UTC on Friday).
    let early = Makassar
        .with_ymd_and_hms(2026, 11, 28, 0, 5, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(early.format("%A").to_string(), "Friday");
    assert_eq!(
        state(&d, early).closed.as_deref(),
        Some("Tutup hari ini (Sabtu)")
    );
}

#[test]
fn outside_the_hours_the_display_and_the_officials_are_told_when_service_resumes() {
    let d = desk();
    let notice = |now| state(&d, now).notice;
    let warned = |now| display::outside_hours(&d.store, &at(now)).unwrap();
    // Perekonomian: Monday 08.30–16.00 WITA, a break 12.30–14.00.
    assert_eq!(
        notice(monday(7, 45)).as_deref(),
        Some("Layanan dibuka pukul 08.30")
    );
    assert_eq!(notice(monday(9, 0)), None);
    assert_eq!(
        notice(monday(13, 5)).as_deref(),
        Some("Istirahat sampai 14.00")
    );
    assert_eq!(notice(monday(14, 0)), None);
    assert_eq!(
        notice(monday(16, 30)).as_deref(),
        Some("Layanan telah ditutup")
    );
    // A holiday says so.
    let christmas = Makassar
        .with_ymd_and_hms(2026, 12, 25, 9, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        notice(christmas).as_deref(),
        Some("Tutup hari ini — Kelahiran Yesus Kristus")
    );
    // The official calling a guest is warned with the same words, and not while open.
    assert_eq!(
        warned(monday(13, 5)).as_deref(),
        Some("Istirahat sampai 14.00")
    );
    assert_eq!(warned(monday(10, 0)), None);
    // The official's queue carries it, for the warning beside "Panggil berikutnya".
    let queue = views::official_queue(&d.store, &at(monday(12, 45)), d.kasubbag).unwrap();
    assert_eq!(
        queue.outside_hours.as_deref(),
        Some("Istirahat sampai 14.00")
    );
    let open = views::official_queue(&d.store, &at(monday(11, 0)), d.kasubbag).unwrap();
    assert_eq!(open.outside_hours, None);
}

#[test]
fn waiting_guests_are_counted_per_service_of_the_bagian() {
    let (mut d, _) = morning();
    let s = state(&d, monday(9, 15));
    let counts: Vec<(&str, &str, u32)> = s
        .waiting
        .iter()
        .map(|w| (w.service_code.as_str(), w.number.as_str(), w.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("balangan-perekonomian-1", "1", 2),
            ("balangan-perekonomian-2", "2", 1)
        ]
    );
    assert!(s.waiting[0]
        .name
        .starts_with("Fasilitasi Pelayanan Koordinasi"));

    // Called guests no longer wait; a service nobody waits for is left out.
    queue::call_next(&mut d.store, &at(monday(9, 20)), d.kasubbag).unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 21)), d.analis).unwrap();
    let s = state(&d, monday(9, 22));
    let counts: Vec<(&str, u32)> = s
        .waiting
        .iter()
        .map(|w| (w.number.as_str(), w.count))
        .collect();
    assert_eq!(counts, [("2", 1)]);

    // Tomorrow nobody is waiting from today.
    let tomorrow = Makassar
        .with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let s = state(&d, tomorrow);
    assert!(s.waiting.is_empty());
    assert!(s.calls.is_empty());
    assert_eq!(s.date_label, "Selasa, 24 November 2026");
}

#[test]
fn calls_come_newest_first_with_the_clips_that_announce_them() {
    let (mut d, [budi, sari, _]) = morning();
    assert_eq!(
        queue::call_next(&mut d.store, &at(monday(9, 20)), d.kasubbag).unwrap(),
        budi
    );
    assert_eq!(
        queue::call_next(&mut d.store, &at(monday(9, 25)), d.analis).unwrap(),
        sari
    );
    let s = state(&d, monday(9, 26));
    let tickets: Vec<&str> = s.calls.iter().map(|c| c.ticket.as_str()).collect();
    assert_eq!(tickets, ["P-002", "P-001"]);
    assert!(s.calls[0].call_id > s.calls[1].call_id);

    let newest = &s.calls[0];
    assert!(!newest.recall);
    assert_eq!(newest.time, "09.25");
    assert_eq!(newest.room, "Ruang Analis");
    assert_eq!(newest.official_name, "Siti Aminah, S.E.");
    assert_eq!(newest.official_title, "Analis Kebijakan");
    assert_eq!(
        newest.clips,
        strings(&[
            "chime",
            "nomor-antrian",
            "huruf-p",
            "nol",
            "nol",
            "dua",
            "silakan-menuju",
            "kata-ruang",
            "kata-analis",
        ])
    );
    for call in &s.calls {
        assert_eq!(call.clips[0], "chime");
        assert!(contains_run(
            &call.clips,
            &ticket_clips(&call.ticket).unwrap()
        ));
        assert_eq!(call.clips, announce::call_clips(&call.ticket, &call.room));
    }

    // Both called guests stand at the top, newest call first.
    let current: Vec<(&str, &str)> = s
        .current
        .iter()
        .map(|c| (c.ticket.as_str(), c.room.as_str()))
        .collect();
    assert_eq!(
        current,
        [
            ("P-002", "Ruang Analis"),
            ("P-001", "Ruang Kasubbag Perekonomian")
        ]
    );
    assert_eq!(s.current[0].call_id, newest.call_id);

    // Once the guest goes in, they are no longer called; the call stays in the list.
    queue::start(&mut d.store, &at(monday(9, 27)), d.analis, sari).unwrap();
    let s = state(&d, monday(9, 28));
    assert_eq!(s.current.len(), 1);
    assert_eq!(s.current[0].ticket, "P-001");
    assert_eq!(s.calls.len(), 2);
}

#[test]
fn a_recall_is_a_new_call_with_a_new_call_id_to_the_same_room() {
    let (mut d, [budi, _, _]) = morning();
    queue::call_next(&mut d.store, &at(monday(9, 20)), d.kasubbag).unwrap();
    queue::call_next(&mut d.store, &at(monday(9, 25)), d.analis).unwrap();
    let before = state(&d, monday(9, 26));
    queue::recall(&mut d.store, &at(monday(9, 30)), d.kasubbag, budi).unwrap();
    let after = state(&d, monday(9, 31));

    assert_eq!(after.calls.len(), 3);
    let recall = &after.calls[0];
    let first = after
        .calls
        .iter()
        .find(|c| c.ticket == "P-001" && !c.recall)
        .unwrap();
    assert!(recall.recall);
    assert_eq!(recall.ticket, "P-001");
    assert_eq!(recall.time, "09.30");
    assert!(before.calls.iter().all(|c| c.call_id != recall.call_id));
    assert!(recall.call_id > first.call_id);
    assert_eq!(recall.room, "Ruang Kasubbag Perekonomian");
    assert_eq!(recall.official_name, "Rahmat Hidayat, S.E.");
    assert_eq!(recall.clips, first.clips);
    assert!(recall.clips.ends_with(&strings(&[
        "silakan-menuju",
        "kata-ruang",
        "kata-kasubbag",
        "kata-perekonomian"
    ])));

    // The recalled guest is now the newest call at the top.
    let current: Vec<&str> = after.current.iter().map(|c| c.ticket.as_str()).collect();
    assert_eq!(current, ["P-001", "P-002"]);
    assert_eq!(after.current[0].call_id, recall.call_id);
}

#[test]
fn a_room_the_clips_cannot_say_is_announced_by_the_officials_title() {
    let (mut d, [_, _, joko]) = morning();
    queue::call(&mut d.store, &at(monday(9, 40)), d.dewi, joko).unwrap();
    let s = state(&d, monday(9, 41));
    let call = &s.calls[0];
    // The screen shows the room as it is; the voice sends the guest to the title.
    assert_eq!(call.room, "Ruang Bu Dewi");
    assert!(announce::destination_clips("Ruang Bu Dewi").is_none());
    assert!(call.clips.ends_with(&strings(&[
        "silakan-menuju",
        "kata-analis",
        "kata-kebijakan",
        "kata-ahli",
        "kata-muda"
    ])));
    // Neither room nor title can be said: the ticket, and "silakan menuju ruangan sesuai
    // layar".
    assert_eq!(
        display::clips_for("P-003", "Ruang Bu Dewi", "Ibu Dewi"),
        strings(&[
            "chime",
            "nomor-antrian",
            "huruf-p",
            "nol",
            "nol",
            "tiga",
            "silakan-menuju",
            "kata-ruangan",
            "sesuai-layar"
        ])
    );
}

#[test]
fn saving_a_room_the_voice_cannot_say_succeeds_and_names_its_words() {
    let mut d = desk();
    let mut o = official(
        "Dewi Lestari, S.T.",
        "Analis Kebijakan Ahli Muda",
        "Ruang Kenanga, Lantai 2",
        vec![service(2)],
    );
    o.id = Some(d.dewi);
    let saved = save_official_warned(&mut d.store, &at(monday(7, 0)), &o).unwrap();
    assert_eq!(
        saved.official.room, "Ruang Kenanga, Lantai 2",
        "the save stands"
    );
    assert_eq!(saved.unsaid_room_words, ["Kenanga"]);
    // A room the voice can say gives no warning.
    o.room = "Ruang Rapat Asisten Perekonomian dan Pembangunan Lantai 2".into();
    let saved = save_official_warned(&mut d.store, &at(monday(7, 0)), &o).unwrap();
    assert!(saved.unsaid_room_words.is_empty());
    // As the admin's screen gets it: the official's fields and the words.
    let json = serde_json::to_value(&saved).unwrap();
    assert_eq!(json["room"], o.room);
    assert_eq!(json["unsaid_room_words"], json!([]));
}

#[test]
fn a_demo_day_shows_its_last_calls_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("demo.db")).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let day = demo::build(&mut store, date, DemoDesk::Pbj).unwrap();
    assert!(day.recalls > 0);
    let evening = Makassar
        .with_ymd_and_hms(2026, 11, 23, 21, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let s = display::state(&store, &at(evening)).unwrap();

    assert_eq!(s.calls.len(), MAX_CALLS);
    for pair in s.calls.windows(2) {
        assert!(
            (pair[0].at, pair[0].call_id) > (pair[1].at, pair[1].call_id),
            "{} before {}",
            pair[0].ticket,
            pair[1].ticket
        );
    }
    for call in &s.calls {
        assert_eq!(call.clips[0], "chime");
        assert!(contains_run(
            &call.clips,
            &ticket_clips(&call.ticket).unwrap()
        ));
        // Every room of the demo desk can be said.
        assert!(
            call.clips.contains(&"silakan-menuju".to_string()),
            "{call:?}"
        );
        assert!(call
            .clips
            .iter()
            .all(|c| announce::CLIPS.contains(&c.as_str())));
    }
    // The day is closed: nobody called or waiting any more.
    assert!(s.current.is_empty());
    assert!(s.waiting.is_empty());
    // PBJ's services have different hours; services without hours are left out.
    let hours: Vec<(&str, Vec<&str>)> = s
        .hours
        .iter()
        .map(|h| {
            (
                h.label.as_str(),
                h.services.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        hours,
        [
            ("08.00–14.00 WITA", vec!["1"]),
            ("08.00–15.30 WITA", vec!["2", "3"]),
        ]
    );
    assert!(s.maklumat.is_some());
    assert_eq!(s.office.unit_name, "Bagian Pengadaan Barang dan Jasa");
}

#[test]
fn a_decree_without_a_maklumat_shows_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("blitar.db")).unwrap();
    save_setup(
        &mut store,
        &Setup {
            region: "blitar".into(),
            unit: "prokopim".into(),
            slots: 5,
            prefixes: vec![],
            chief_name: None,
            chief_nip: None,
        },
    )
    .unwrap();
    let s = display::state(&store, &at(monday(9, 0))).unwrap();
    assert!(s.maklumat.is_none());
    assert_eq!(s.zone, "WIB");
    assert_eq!(s.office.kabupaten, "Kabupaten Blitar");
}

#[test]
fn before_setup_the_display_is_told_the_office_is_not_set_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_with_standards(&dir.path().join("empty.db")).unwrap();
    let err = display::state(&store, &at(monday(9, 0))).unwrap_err();
    assert!(err.to_string().contains("Kantor belum diatur"), "{err}");
}

fn call(
    store: &mut Store,
    now: DateTime<Utc>,
    token: &str,
    request: Value,
) -> Result<Value, Value> {
    handle(store, now, Some(token), request).map_err(|e| serde_json::to_value(e).unwrap())
}

#[test]
fn a_display_token_reads_the_display_state_and_nothing_else() {
    let (mut d, [budi, _, _]) = morning();
    queue::call_next(&mut d.store, &at(monday(9, 20)), d.kasubbag).unwrap();
    queue::recall(&mut d.store, &at(monday(9, 22)), d.kasubbag, budi).unwrap();
    let token = sessions::create_display(&mut d.store, &at(monday(7, 0)), "TV ruang tunggu")
        .unwrap()
        .token;

    let s = call(
        &mut d.store,
        monday(9, 23),
        &token,
        json!({"op": "display.state"}),
    )
    .unwrap();
    assert_eq!(s["date_label"], "Senin, 23 November 2026");
    assert_eq!(s["zone"], "WITA");
    assert_eq!(s["calls"].as_array().unwrap().len(), 2);
    let newest = &s["calls"][0];
    assert_eq!(newest["ticket"], "P-001");
    assert_eq!(newest["recall"], true);
    assert_eq!(newest["time"], "09.22");
    assert_eq!(newest["room"], "Ruang Kasubbag Perekonomian");
    assert!(newest["call_id"].is_i64());
    assert_eq!(newest["clips"][0], "chime");
    assert_eq!(s["current"][0]["ticket"], "P-001");
    assert_eq!(s["waiting"][0]["count"], 1);
    assert!(s["hours"][0]["label"].is_string());
    assert!(s["maklumat"].is_string());

    let err = call(
        &mut d.store,
        monday(9, 23),
        &token,
        json!({"op": "desk.check_in", "args": {
        "guest": {"name": "Budi", "id_type": "ktp", "id_number": "6308011203850001"},
        "service": "balangan-perekonomian-1", "purpose": "x"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "forbidden");
    for op in ["desk.today", "queue.list", "catalog.overview"] {
        let err = call(&mut d.store, monday(9, 23), &token, json!({"op": op})).unwrap_err();
        assert_eq!(err["code"], "forbidden", "{op}");
    }
    // Extra arguments are refused like for every other operation.
    let err = call(
        &mut d.store,
        monday(9, 23),
        &token,
        json!({"op": "display.state", "args": {"x": 1}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_request");
}

#[test]
fn every_role_may_read_the_display_state() {
    let roles = roles_for("display.state").expect("display.state is in the table");
    for role in [
        Role::Resepsionis,
        Role::Pejabat,
        Role::KepalaBagian,
        Role::Admin,
    ] {
        assert!(roles.contains(&role), "{role:?}");
    }
}

#[test]
fn displays_share_one_state_per_write_and_never_miss_a_call() {
    let (mut d, _) = morning();
    let shared = display::SharedState::default();
    let now = monday(9, 20);

    // Five displays asking with nothing written between get the state computed once.
    let before = shared.version();
    let first = shared.state(&d.store, &at(now), before).unwrap();
    for _ in 0..4 {
        let again = shared.state(&d.store, &at(now), shared.version()).unwrap();
        assert!(std::sync::Arc::ptr_eq(&first, &again));
    }
    assert!(first.calls.is_empty());

    // A call is written and the process says so: the next display hears it, in the same
    // minute.
    queue::call_next(&mut d.store, &at(now), d.kasubbag).unwrap();
    shared.changed();
    let after = shared.state(&d.store, &at(now), shared.version()).unwrap();
    assert_eq!(after.calls.len(), 1);
    assert_eq!(after.current.len(), 1);

    // A display whose reading began before the write keeps nothing over the newer state.
    shared.state(&d.store, &at(now), before).unwrap();
    let latest = shared.state(&d.store, &at(now), shared.version()).unwrap();
    assert!(std::sync::Arc::ptr_eq(&after, &latest));

    // A new minute is read afresh: the office day may have changed.
    let next_minute = shared
        .state(&d.store, &at(monday(9, 21)), shared.version())
        .unwrap();
    assert!(!std::sync::Arc::ptr_eq(&after, &next_minute));
    assert_eq!(next_minute.calls.len(), 1);
}
