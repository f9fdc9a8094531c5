//! The living demo on a real SQLite file, read back only through the desk's own views and
//! plain SQL counts: a full Monday at Perekonomian with every scripted path of the walk-in
//! procedure, a shorter Friday, the PBJ desk with its Pokja role, the same day on every run,
//! and the refusals that leave the database as it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Makassar;
use loket_core::demo::{self, DemoDay, DemoDesk};
use loket_core::desk::events::{Card, CardReturn, Event, Recorded, Status};
use loket_core::desk::{office, views, Ctx};
use loket_core::{open_with_standards, CoreError, Store};
use rusqlite::Connection;

struct Demo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    day: DemoDay,
}

fn date(text: &str) -> NaiveDate {
    loket_core::period::parse_day("Tanggal", text).unwrap()
}

/// A wall-clock time in Balangan (WITA).
fn wita(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Makassar
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn build(day: &str, desk: DemoDesk) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = open_with_standards(&path).unwrap();
    let built = demo::build(&mut store, date(day), desk).unwrap();
    Demo {
        _dir: dir,
        path,
        store,
        day: built,
    }
}

/// The evening of the demo day, after closing: when the views are read.
fn evening(d: &Demo) -> Ctx {
    Ctx {
        actor: "kepala bagian".into(),
        now: wita(date(&d.day.date), 21, 0),
    }
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn kinds(history: &[Recorded]) -> Vec<&'static str> {
    history.iter().map(|e| e.event.kind()).collect()
}

/// Every visit of the day with its history.
fn histories(d: &Demo) -> Vec<(views::VisitView, Vec<Recorded>)> {
    views::today(&d.store, &evening(d))
        .unwrap()
        .visits
        .into_iter()
        .map(|v| {
            let h = views::history(&d.store, v.id).unwrap();
            (v, h)
        })
        .collect()
}

/// Whether the check-in warned that the service was closed (every such warning says when
/// it opens: "Buka lagi …").
fn outside_hours(v: &views::VisitView) -> bool {
    v.warnings.iter().any(|w| w.contains("Buka"))
}

fn snapshot(path: &Path) -> Vec<i64> {
    [
        "visit",
        "visit_event",
        "guest",
        "official",
        "id_custody",
        "ticket_counter",
        "setting",
    ]
    .iter()
    .map(|t| count(path, &format!("SELECT count(*) FROM {t}")))
    .collect()
}

#[test]
fn a_monday_at_perekonomian_has_forty_guests_from_check_in_to_closing() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let all = histories(&d);
    assert_eq!(all.len(), 40);
    assert_eq!(d.day.guests, 40);
    assert_eq!(
        count(
            &d.path,
            "SELECT count(*) FROM visit WHERE office_day = '2026-11-23'"
        ),
        40
    );
    assert!(
        d.day.institutional >= 20 && d.day.private >= 3,
        "{:?}",
        d.day
    );
    assert_eq!(d.day.date_label, "Senin, 23 November 2026");
    assert_eq!(d.day.unit_name, "Bagian Perekonomian dan Sumber Daya Alam");
    for (v, history) in &all {
        assert_eq!(history[0].event.kind(), "checked_in", "{}", v.ticket);
        assert_eq!(v.status, Status::Left, "{} is gone", v.ticket);
        assert!(v.service_code.starts_with("balangan-perekonomian-"));
    }
    // The day is closed and nobody is left in any official's queue.
    let today = views::today(&d.store, &evening(&d)).unwrap();
    assert!(today.closed);
    for o in office::office(&d.store).unwrap().officials {
        let q = views::official_queue(&d.store, &evening(&d), o.id.unwrap()).unwrap();
        assert!(q.current.is_empty() && q.waiting.is_empty() && q.on_hold.is_empty());
    }
    assert_eq!(office::office(&d.store).unwrap().officials.len(), 3);
}

#[test]
fn tickets_are_unique_and_numbered_from_one_in_order_of_arrival() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let all = histories(&d);
    let tickets: Vec<String> = all.iter().map(|(v, _)| v.ticket.clone()).collect();
    let expected: Vec<String> = (1..=40).map(|n| format!("P-{n:03}")).collect();
    assert_eq!(tickets, expected);
    assert_eq!(
        (d.day.first_ticket.as_str(), d.day.last_ticket.as_str()),
        ("P-001", "P-040")
    );
    let arrivals: Vec<DateTime<Utc>> = all.iter().map(|(v, _)| v.arrived_at).collect();
    assert!(arrivals.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn every_event_happens_on_the_day_in_wita_and_inside_each_visit_in_order() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let day = date("2026-11-23");
    let (morning, night) = (wita(day, 7, 0), wita(day, 18, 0));
    for (v, history) in histories(&d) {
        for e in &history {
            assert!(
                e.at >= morning && e.at <= night,
                "{} {} at {}",
                v.ticket,
                e.event.kind(),
                e.at
            );
            assert!(!e.actor.is_empty());
        }
        assert!(
            history.windows(2).all(|w| w[0].at <= w[1].at),
            "{}",
            v.ticket
        );
        // Nobody arrives in the break or outside the hours.
        assert!(!outside_hours(&v), "{}: {:?}", v.ticket, v.warnings);
    }
    // Every step is recorded under a named receptionist or official.
    let actors: Vec<String> = Connection::open(&d.path)
        .unwrap()
        .prepare("SELECT DISTINCT actor FROM visit_event ORDER BY actor")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(actors.contains(&"Siti Rahmawati".to_string()), "{actors:?}");
    assert!(actors
        .iter()
        .any(|a| a.contains("Kepala") || a.contains(", S.")));
    assert_eq!(actors.len(), 4, "{actors:?}");
}

#[test]
fn the_day_shows_every_path_of_the_walk_in_procedure() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let all = histories(&d);
    let with = |kind: &str| {
        all.iter()
            .filter(|(_, h)| h.iter().any(|e| e.event.kind() == kind))
            .count()
    };

    // Called, recalled, then came in.
    let recalled_then_came = all.iter().any(|(_, h)| {
        let k = kinds(h);
        let called = k.iter().position(|k| *k == "called");
        let recalled = k.iter().position(|k| *k == "recalled");
        let started = k.iter().position(|k| *k == "started");
        matches!((called, recalled, started), (Some(c), Some(r), Some(s)) if c < r && r < s)
    });
    assert!(recalled_then_came);
    assert!(all
        .iter()
        .any(|(v, _)| v.calls >= 2 && v.service_minutes.is_some()));

    // Not present after recalls; the card collected later by someone named.
    let absent: Vec<_> = all
        .iter()
        .filter(|(_, h)| kinds(h).contains(&"not_present"))
        .collect();
    assert_eq!(absent.len(), 1);
    let (v, h) = absent[0];
    assert!(v.calls >= 2);
    assert!(!kinds(h).contains(&"started"));
    assert!(matches!(
        v.card,
        Card::Returned {
            to: CardReturn::Other { .. },
            ..
        }
    ));

    // Transferred to another official and service, then served there.
    let moved: Vec<_> = all
        .iter()
        .filter(|(_, h)| kinds(h).contains(&"transferred"))
        .collect();
    assert_eq!(moved.len(), 1);
    let (v, h) = moved[0];
    let Some(Event::Transferred {
        from_official_id,
        official_id,
        service_code,
        ..
    }) = h
        .iter()
        .map(|e| &e.event)
        .find(|e| e.kind() == "transferred")
    else {
        unreachable!()
    };
    assert_ne!(from_official_id, official_id);
    assert_eq!(service_code, "balangan-perekonomian-4");
    assert_eq!(v.official.as_ref().map(|o| o.id), *official_id);
    assert!(kinds(h).contains(&"finished"));

    // Put on hold, resumed, served.
    let held: Vec<_> = all
        .iter()
        .filter(|(_, h)| kinds(h).contains(&"put_on_hold"))
        .collect();
    assert_eq!(held.len(), 1);
    let k = kinds(&held[0].1);
    let hold = k.iter().position(|k| *k == "put_on_hold").unwrap();
    let resumed = k.iter().position(|k| *k == "resumed").unwrap();
    let started = k.iter().position(|k| *k == "started").unwrap();
    assert!(hold < resumed && resumed < started);
    assert!(held[0].0.admitted_note.is_some());

    // One consultation over its hour, flagged by the view.
    let over: Vec<_> = all
        .iter()
        .filter(|(v, _)| {
            views::visit_view_now(&d.store, &evening(&d), v.id)
                .unwrap()
                .limit
                .over
        })
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].0.limit.label, "Maksimal 1 jam");
    assert!(over[0].0.service_minutes.unwrap() >= 70);

    // The summary counts what the database holds.
    assert_eq!(d.day.not_present, 1);
    assert_eq!(d.day.transfers, 1);
    assert_eq!(d.day.held_and_resumed, 1);
    assert_eq!(d.day.over_limit, 1);
    assert_eq!(d.day.left_behind, 1);
    assert_eq!(
        d.day.recalls as i64,
        count(
            &d.path,
            "SELECT count(*) FROM visit_event WHERE kind = 'recalled'"
        )
    );
    assert_eq!(d.day.cards_held, with("id_held"));
}

#[test]
fn one_card_stays_in_the_drawer_left_behind_and_every_other_card_went_back() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let today = views::today(&d.store, &evening(&d)).unwrap();
    assert_eq!(today.held.len(), 1);
    let card = &today.held[0];
    assert!(card.left_behind);
    assert_eq!(count(&d.path, "SELECT count(*) FROM id_custody"), 1);
    let all = histories(&d);
    for (v, h) in &all {
        let k = kinds(h);
        if !k.contains(&"id_held") {
            continue;
        }
        if v.id == card.visit_id {
            assert!(k.contains(&"id_left_behind") && !k.contains(&"id_returned"));
            assert!(matches!(
                v.card,
                Card::Held {
                    left_behind: true,
                    ..
                }
            ));
        } else {
            assert!(k.contains(&"id_returned"), "{}: {k:?}", v.ticket);
        }
    }
    // A guest left a SIM, another a KTP PNS; letters, a CSR proposal and admitted notes.
    let types: Vec<&str> = all.iter().map(|(v, _)| v.guest.id_type_label).collect();
    assert!(types.contains(&"SIM"), "{types:?}");
    assert!(types.contains(&"KTP PNS/Kartu Pegawai"), "{types:?}");
    assert!(all
        .iter()
        .any(|(v, _)| v.letter.as_ref().is_some_and(|l| l.held)));
    assert!(all
        .iter()
        .any(|(v, _)| v.proposal_received && v.service_code == "balangan-perekonomian-4"));
    assert!(
        all.iter()
            .filter(|(v, _)| v.admitted_note.is_some())
            .count()
            >= 2
    );
    let with_blanko = all.iter().filter(|(v, _)| v.blanko.is_some()).count();
    assert!(with_blanko * 10 >= all.len() * 8, "{with_blanko} blanko");
    assert!(all.iter().any(|(_, h)| kinds(h).contains(&"blanko_filled")));
}

#[test]
fn guests_carry_plausible_indonesian_names_institutions_and_masked_niks() {
    let d = build("2026-11-23", DemoDesk::Perekonomian);
    let all = histories(&d);
    let institutions: Vec<String> = all
        .iter()
        .filter_map(|(v, _)| v.guest.institution.clone())
        .collect();
    assert!(institutions
        .iter()
        .any(|i| i.contains("Kabupaten Balangan")));
    assert!(institutions
        .iter()
        .any(|i| i.starts_with("Pemerintah Desa")));
    let mut names: Vec<&str> = all.iter().map(|(v, _)| v.guest.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40, "every guest is someone else");
    // The NIK is never stored, only its last four digits, shown masked.
    for (v, _) in &all {
        assert!(v.guest.id_masked.starts_with("••••"));
    }
    let stored: i64 = count(
        &d.path,
        "SELECT count(*) FROM guest WHERE length(id_hash) = 64 AND length(id_last4) = 4",
    );
    assert_eq!(stored, 40);
}

/// Each visit's ticket, guest and steps with their times.
type Trace = Vec<(String, String, Vec<(DateTime<Utc>, &'static str)>)>;

fn trace(d: &Demo) -> Trace {
    histories(d)
        .into_iter()
        .map(|(v, h)| {
            (
                v.ticket,
                v.guest.name,
                h.iter().map(|e| (e.at, e.event.kind())).collect(),
            )
        })
        .collect()
}

#[test]
fn the_same_date_gives_the_same_day_on_every_run() {
    let one = build("2026-11-23", DemoDesk::Perekonomian);
    let two = build("2026-11-23", DemoDesk::Perekonomian);
    assert_eq!(trace(&one), trace(&two));
    let other_day = build("2026-11-24", DemoDesk::Perekonomian);
    assert_ne!(trace(&one), trace(&other_day));
}

#[test]
fn running_the_demo_twice_on_a_date_is_refused_and_adds_nothing() {
    let mut d = build("2026-11-23", DemoDesk::Perekonomian);
    let before = snapshot(&d.path);
    let err = demo::build(&mut d.store, date("2026-11-23"), DemoDesk::Perekonomian).unwrap_err();
    assert!(matches!(err, CoreError::Refused(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("sudah berisi 40 kunjungan pada Senin, 23 November 2026"),
        "{message}"
    );
    assert_eq!(snapshot(&d.path), before);
    // Another bagian's demo in the same database is refused too: the office stays as it is.
    let err = demo::build(&mut d.store, date("2026-11-24"), DemoDesk::Pbj).unwrap_err();
    assert!(
        err.to_string()
            .contains("sudah diatur untuk Bagian Perekonomian"),
        "{err}"
    );
    assert_eq!(snapshot(&d.path), before);
    // Another date at the same desk is a new day; the officials are not doubled.
    let next = demo::build(&mut d.store, date("2026-11-25"), DemoDesk::Perekonomian).unwrap();
    assert_eq!(next.first_ticket, "P-001");
    assert_eq!(office::office(&d.store).unwrap().officials.len(), 3);
}

#[test]
fn weekends_holidays_and_bad_dates_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = open_with_standards(&path).unwrap();
    let before = snapshot(&path);
    for (day, words) in [
        (
            "2026-11-28",
            "Sabtu, 28 November 2026 bukan hari kerja (akhir pekan)",
        ),
        (
            "2026-12-25",
            "Jumat, 25 Desember 2026 bukan hari kerja (libur nasional: Kelahiran Yesus Kristus)",
        ),
        ("2026-12-24", "(cuti bersama: Kelahiran Yesus Kristus)"),
    ] {
        let err = demo::build(&mut store, date(day), DemoDesk::Perekonomian).unwrap_err();
        assert!(err.to_string().contains(words), "{day}: {err}");
    }
    assert_eq!(snapshot(&path), before);
    assert!(office::office(&store).unwrap().setup.is_none());
    for bad in ["2026-02-30", "23-11-2026", "besok"] {
        let err = loket_core::period::parse_day("Tanggal hari demo", bad).unwrap_err();
        assert!(err.to_string().contains("bukan tanggal yang sah"), "{err}");
    }
}

#[test]
fn a_friday_is_shorter_with_fewer_guests_and_still_every_path() {
    let d = build("2026-11-27", DemoDesk::Perekonomian);
    let all = histories(&d);
    assert!(all.len() >= 10 && all.len() < 20, "{} guests", all.len());
    let day = date("2026-11-27");
    for (v, _) in &all {
        assert!(v.arrived_at >= wita(day, 9, 0) && v.arrived_at < wita(day, 11, 0));
        assert!(!outside_hours(v), "{}: {:?}", v.ticket, v.warnings);
    }
    assert_eq!(
        (d.day.not_present, d.day.transfers, d.day.held_and_resumed),
        (1, 1, 1)
    );
    assert_eq!((d.day.over_limit, d.day.left_behind), (1, 1));
    assert!(d.day.recalls >= 3);
    assert!(views::today(&d.store, &evening(&d)).unwrap().closed);
}

#[test]
fn the_pbj_desk_has_its_pokja_role_and_its_own_services_and_limits() {
    let d = build("2026-11-24", DemoDesk::Pbj);
    let all = histories(&d);
    assert_eq!(all.len(), 40);
    assert_eq!(d.day.first_ticket, "PBJ-001");
    let officials = office::office(&d.store).unwrap().officials;
    assert!((2..=4).contains(&officials.len()));
    let pokja = officials
        .iter()
        .find(|o| o.name == "Pokja Pemilihan")
        .unwrap();
    assert!(pokja.is_role && pokja.nip.is_none());
    // The Pokja served someone, the transfer went to it.
    assert!(all.iter().any(|(v, _)| v
        .official
        .as_ref()
        .is_some_and(|o| o.id == pokja.id.unwrap())));
    for (v, h) in &all {
        assert!(v.service_code.starts_with("balangan-pbj-"));
        assert_eq!(h[0].event.kind(), "checked_in");
    }
    assert_eq!(
        (d.day.not_present, d.day.transfers, d.day.held_and_resumed),
        (1, 1, 1)
    );
    assert_eq!((d.day.over_limit, d.day.left_behind), (1, 1));
    // Only the LPSE services keep a card (KTP Pemohon).
    for (v, h) in &all {
        if kinds(h).contains(&"id_held") {
            assert!(
                ["balangan-pbj-5", "balangan-pbj-6"].contains(&v.service_code.as_str()),
                "{} {}",
                v.ticket,
                v.service_code
            );
        }
    }
    let today = views::today(&d.store, &evening(&d)).unwrap();
    assert!(today.closed);
    assert_eq!(today.held.len(), 1);
    assert!(today.held[0].left_behind);
}

#[test]
fn a_demo_until_half_past_ten_leaves_the_desk_at_work_and_the_day_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = open_with_standards(&path).unwrap();
    let monday = date("2026-11-23");
    // Before the desk opens there is nothing to show: refused, nothing written.
    let before = snapshot(&path);
    let early = demo::build_until(
        &mut store,
        monday,
        DemoDesk::Perekonomian,
        demo::parse_until("06:30").unwrap(),
    )
    .unwrap_err();
    assert!(early.to_string().contains("belum buka"), "{early}");
    assert_eq!(snapshot(&path), before);
    assert!(demo::parse_until("25:00").is_err());

    let until = demo::parse_until("10.30").unwrap();
    let day = demo::build_until(&mut store, monday, DemoDesk::Perekonomian, until).unwrap();
    assert_eq!(day.closed_at, None);
    assert_eq!(day.stopped_at.as_deref(), Some("10.30"));
    let stop = wita(monday, 10, 30);
    let ctx = Ctx {
        actor: "resepsionis".into(),
        now: stop,
    };
    let desk = views::today(&store, &ctx).unwrap();
    assert!(!desk.closed);
    let with = |s: Status| desk.visits.iter().filter(|v| v.status == s).count();
    assert!(with(Status::Waiting) >= 1, "guests waiting");
    assert!(with(Status::Serving) >= 1, "a guest with an official");
    assert!(with(Status::Left) >= 1, "guests already gone");
    assert!(
        desk.held.iter().any(|c| !c.left_behind),
        "cards in the drawer"
    );
    assert_eq!(
        (day.waiting, day.serving, day.cards_in_drawer),
        (
            with(Status::Waiting),
            with(Status::Serving),
            desk.held.len()
        )
    );
    assert!(
        !desk.closing.is_empty(),
        "the day has things left to record"
    );
    // Nothing happened after 10.30.
    let last: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT max(at) FROM visit_event", [], |r| r.get(0))
        .unwrap();
    let last = DateTime::parse_from_rfc3339(&last).unwrap();
    assert!(last <= stop, "{last}");

    // The same guests, at the same times, as the full day up to 10.30.
    let full = build("2026-11-23", DemoDesk::Perekonomian);
    let full_day = views::today(&full.store, &evening(&full)).unwrap();
    let arrivals = |visits: &[views::VisitView]| -> Vec<(String, String, String)> {
        visits
            .iter()
            .filter(|v| v.arrived_at <= stop)
            .map(|v| (v.ticket.clone(), v.guest.name.clone(), v.arrived.clone()))
            .collect()
    };
    assert_eq!(arrivals(&desk.visits), arrivals(&full_day.visits));
    assert_eq!(desk.visits.len(), arrivals(&desk.visits).len());
}
