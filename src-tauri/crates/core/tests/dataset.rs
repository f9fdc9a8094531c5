//! The standards shipped in `data/standards/` against the decrees: every service present,
//! counts per bagian as the decrees list them, and every derived field in agreement with the
//! decree's words it was read from.

use loket_core::standards::model::{ComponentValue, Day, LimitUnit, Service, StandardsFile};
use loket_core::standards::time_limit;
use loket_core::standards::validate::{parse, service_code};
use loket_core::standards::BUNDLED;

fn file(name: &str) -> StandardsFile {
    let bundled = BUNDLED.iter().find(|b| b.name == name).expect(name);
    parse(bundled.name, bundled.text).expect("the shipped file is valid")
}

fn service<'a>(f: &'a StandardsFile, unit: &str, number: &str) -> &'a Service {
    f.services
        .iter()
        .find(|s| s.unit == unit && s.number == number)
        .unwrap_or_else(|| panic!("service {unit}-{number} missing"))
}

/// Lowercase words only, so that "Jam 08.30" and "jam 08.30;" compare equal.
fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// All text of a service's components, as words.
fn service_words(s: &Service) -> String {
    let keys = loket_core::standards::model::COMPONENTS.map(|(k, _, _)| k);
    let all: Vec<String> = keys
        .iter()
        .filter_map(|k| s.components.get(k))
        .map(|c| c.plain_text())
        .collect();
    words(&all.join("\n"))
}

#[test]
fn balangan_has_its_63_services_in_8_bagian_as_the_decrees_list_them() {
    let f = file("balangan-2024.json");
    assert_eq!(f.region, "balangan");
    assert_eq!(f.timezone, "Asia/Makassar");
    assert_eq!(f.province, "Kalimantan Selatan");
    let expected = [
        ("pemerintahan", "Bagian Pemerintahan", 6),
        ("kesra", "Bagian Kesejahteraan Rakyat", 10),
        ("hukum", "Bagian Hukum", 3),
        (
            "perekonomian",
            "Bagian Perekonomian dan Sumber Daya Alam",
            4,
        ),
        ("pbj", "Bagian Pengadaan Barang dan Jasa", 9),
        ("umum", "Bagian Umum", 8),
        ("organisasi", "Bagian Organisasi", 20),
        ("protokol", "Bagian Protokol dan Komunikasi Pimpinan", 3),
    ];
    assert_eq!(f.units.len(), expected.len());
    for (id, name, count) in expected {
        let unit = f.units.iter().find(|u| u.id == id).expect(id);
        assert_eq!(unit.name, name);
        let services: Vec<_> = f.services.iter().filter(|s| s.unit == id).collect();
        assert_eq!(services.len(), count, "services of {id}");
        assert_eq!(unit.services_listed.len(), count, "list A of {id}");
        // Numbered 1..n in the decree's order.
        let numbers: Vec<_> = services.iter().map(|s| s.number.clone()).collect();
        let wanted: Vec<_> = (1..=count).map(|n| n.to_string()).collect();
        assert_eq!(numbers, wanted, "numbering of {id}");
    }
    assert_eq!(f.services.len(), 63);
    // Eight decrees, one per bagian, all set in Paringin in April 2024.
    assert_eq!(f.decrees.len(), 8);
    for d in &f.decrees {
        assert!(d.number.starts_with("188.45/"), "{}", d.number);
        assert!(d.date.starts_with("2024-04"), "{}", d.date);
        assert_eq!(d.place, "Paringin");
    }
}

#[test]
fn blitar_has_its_23_services_numbered_i_to_xxiii() {
    let f = file("blitar-2026.json");
    assert_eq!(f.timezone, "Asia/Jakarta");
    assert_eq!(f.province, "Jawa Timur");
    let romans = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII",
    ];
    let numbers: Vec<_> = f.services.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, romans);
    assert_eq!(f.decrees.len(), 1);
    assert_eq!(f.decrees[0].number, "B/180.06/16/409.1.2/KPTS.SEKDA/2026");
    assert_eq!(f.decrees[0].date, "2026-05-22");
    // The bagian in the decree's order, each with the services its "Unit Penyelenggara"
    // heads, as counted in the decree's text (not in the file's own list).
    let expected: [(&str, &str, &[&str]); 10] = [
        ("tapem", "Bagian Tata Pemerintahan", &["I"]),
        ("hukum", "Bagian Hukum", &["II", "III", "IV"]),
        ("kesra", "Bagian Kesejahteraan Rakyat", &["V", "VI"]),
        ("perekonomian", "Bagian Perekonomian", &["VII"]),
        ("adpem", "Bagian Administrasi Pembangunan", &["VIII"]),
        (
            "pbj",
            "Bagian Pengadaan Barang dan Jasa",
            &["IX", "X", "XI", "XII"],
        ),
        (
            "renkeu",
            "Bagian Perencanaan dan Keuangan",
            &["XIII", "XIV", "XV", "XVI"],
        ),
        ("umum", "Bagian Umum", &["XVII", "XVIII"]),
        ("organisasi", "Bagian Organisasi", &["XIX", "XX"]),
        (
            "prokopim",
            "Bagian Protokol dan Komunikasi Pimpinan",
            &["XXI", "XXII", "XXIII"],
        ),
    ];
    let ids: Vec<&str> = f.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, expected.map(|(id, _, _)| id));
    for (id, name, wanted) in expected {
        let unit = f.units.iter().find(|u| u.id == id).expect(id);
        assert_eq!(unit.name, name);
        let numbers: Vec<&str> = f
            .services
            .iter()
            .filter(|s| s.unit == id)
            .map(|s| s.number.as_str())
            .collect();
        assert_eq!(numbers, wanted, "services of {id}");
        assert_eq!(unit.services_listed.len(), wanted.len(), "list of {id}");
    }
    assert_eq!(
        service(&f, "pbj", "IX").name,
        "Layanan Konsultasi Teknis terkait Pengadaan Barang dan Jasa"
    );
}

#[test]
fn every_service_has_a_name_and_all_fourteen_components_carry_no_scan_debris() {
    for name in ["balangan-2024.json", "blitar-2026.json"] {
        let f = file(name);
        for s in &f.services {
            let id = service_code(&f.region, &s.unit, &s.number);
            assert!(s.name.len() > 5, "{id} has a name");
            // The decree always states the requirements or the procedure of a service.
            let has_substance =
                !s.components.persyaratan.is_empty() || !s.components.prosedur.is_empty();
            assert!(has_substance, "{id} has requirements or a procedure");
            for (key, _, _) in loket_core::standards::model::COMPONENTS {
                let text = s.components.get(key).unwrap().plain_text();
                for debris in ["<p", "<li", "<i>", "</", "data-bbox", "list-style"] {
                    assert!(!text.contains(debris), "{id}.{key} contains {debris:?}");
                }
            }
        }
    }
}

#[test]
fn names_taken_from_the_bagian_list_where_the_heading_was_lost() {
    use loket_core::standards::model::NameSource;
    let f = file("balangan-2024.json");
    let p4 = service(&f, "pemerintahan", "4");
    assert_eq!(p4.name_source, NameSource::List);
    assert_eq!(p4.name, "Fasilitasi Kerjasama Daerah");
    for s in f
        .services
        .iter()
        .filter(|s| s.name_source == NameSource::List)
    {
        let unit = f.units.iter().find(|u| u.id == s.unit).unwrap();
        assert!(
            unit.services_listed
                .iter()
                .any(|l| words(l) == words(&s.name)),
            "{}-{} named from its bagian's list",
            s.unit,
            s.number
        );
    }
}

/// A table of derived fields checked against the decree's words by hand.
#[test]
fn derived_time_limits_agree_with_the_decree_table_of_cases() {
    let bal = file("balangan-2024.json");
    let bli = file("blitar-2026.json");
    // "Maksimal 1 (satu) Jam" is 60 minutes, for each of Perekonomian's four services.
    for n in ["1", "2", "3", "4"] {
        let s = service(&bal, "perekonomian", n);
        assert_eq!(s.time_limit.source, "Maksimal 1 (satu) Jam");
        assert_eq!(s.time_limit.max_minutes(), Some(60.0));
    }
    // PBJ 1: "1 — 5 hari kerja" is 1 to 5 working days.
    let pbj1 = &service(&bal, "pbj", "1").time_limit;
    assert_eq!(
        (pbj1.unit, pbj1.min, pbj1.max),
        (LimitUnit::WorkingDays, Some(1.0), Some(5.0))
    );
    // PBJ 7, remote access: about ten minutes.
    let pbj7 = &service(&bal, "pbj", "7").time_limit;
    assert_eq!((pbj7.unit, pbj7.max), (LimitUnit::Minutes, Some(10.0)));
    // Blitar XXIII: at least three working days, no upper bound.
    let b23 = &service(&bli, "prokopim", "XXIII").time_limit;
    assert_eq!(
        (b23.unit, b23.min, b23.max),
        (LimitUnit::WorkingDays, Some(3.0), None)
    );
    // Blitar VII says "Menyesuaikan": no limit.
    assert_eq!(
        service(&bli, "perekonomian", "VII").time_limit.unit,
        LimitUnit::None
    );
}

/// Service hours read from the decree's words, for PBJ's office-hours services: "jam kantor
/// 08.00 s/d 14.00" (PBJ 1) and "08.00 s/d 15.30" (PBJ 2 and 3), every working day, no break.
#[test]
fn derived_hours_of_pbj_agree_with_the_decree() {
    let bal = file("balangan-2024.json");
    let weekdays = vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri];
    for (n, printed, close) in [
        ("1", "08.00 s/d 14.00", "14:00"),
        ("2", "08.00 s/d 15.30", "15:30"),
        ("3", "08.00 s/d 15.30", "15:30"),
    ] {
        let s = service(&bal, "pbj", n);
        let hours = s
            .hours
            .as_ref()
            .unwrap_or_else(|| panic!("pbj {n} states hours"));
        assert!(
            hours.source.contains(printed),
            "pbj {n}: {:?}",
            hours.source
        );
        assert!(
            words(&s.components.jangka_waktu).contains(&words(printed)),
            "pbj {n}: the hours stand in Jangka Waktu"
        );
        assert_eq!(hours.windows.len(), 1, "pbj {n}");
        let w = &hours.windows[0];
        assert_eq!(w.days, weekdays, "pbj {n}");
        assert_eq!(
            (w.open.as_str(), w.close.as_str()),
            ("08:00", close),
            "pbj {n}"
        );
        assert!(hours.breaks.is_empty(), "pbj {n}");
        assert!(hours.problems().is_empty(), "pbj {n}");
    }
    assert_eq!(
        service(&bal, "pbj", "1")
            .hours
            .as_ref()
            .unwrap()
            .label("Asia/Makassar"),
        "Senin–Jumat 08.00–14.00 WITA"
    );
    // PBJ 7 (remote access) states no office hours.
    assert!(service(&bal, "pbj", "7").hours.is_none());
}

#[test]
fn every_time_limit_agrees_with_its_source_where_the_reader_knows_the_phrasing() {
    let mut checked = 0;
    for name in ["balangan-2024.json", "blitar-2026.json"] {
        let f = file(name);
        for s in &f.services {
            let id = service_code(&f.region, &s.unit, &s.number);
            let t = &s.time_limit;
            if t.unit != LimitUnit::None {
                assert!(
                    !t.source.trim().is_empty(),
                    "{id}: a bounded limit names its source"
                );
            }
            if let Some(reading) = time_limit::read(&t.source) {
                assert_eq!(reading, t.reading(), "{id}: {:?}", t.source);
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "the reader checked {checked} limits");
}

#[test]
fn every_derived_field_quotes_words_that_stand_in_the_service() {
    for name in ["balangan-2024.json", "blitar-2026.json"] {
        let f = file(name);
        for s in &f.services {
            let id = service_code(&f.region, &s.unit, &s.number);
            let all = service_words(s);
            let quoted = |what: &str, text: &str| {
                for piece in text.split('…') {
                    let piece = words(piece);
                    assert!(
                        all.contains(&piece),
                        "{id}: {what} {piece:?} is not in the standard"
                    );
                }
            };
            if let Some(h) = &s.hours {
                quoted("hours", &h.source);
            }
            quoted("time limit", &s.time_limit.source);
            for c in &s.intake.checklist {
                quoted("checklist item", &c.text);
            }
            for (what, value) in [
                ("holds_id", &s.intake.holds_id),
                ("blanko", &s.intake.blanko),
                ("spt", &s.intake.spt),
                ("proposal", &s.intake.proposal),
            ] {
                if let Some(v) = value {
                    quoted(what, v);
                }
            }
        }
    }
}

#[test]
fn perekonomian_walk_in_intake_and_hours_are_read_from_the_decree() {
    let f = file("balangan-2024.json");
    for n in ["1", "2", "3", "4"] {
        let s = service(&f, "perekonomian", n);
        let hours = s.hours.as_ref().expect("hours stated");
        assert_eq!(hours.windows.len(), 2);
        assert_eq!(
            hours.windows[0].days,
            vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu]
        );
        assert_eq!(
            (
                hours.windows[0].open.as_str(),
                hours.windows[0].close.as_str()
            ),
            ("08:30", "16:00")
        );
        assert_eq!(hours.windows[1].days, vec![Day::Fri]);
        assert_eq!(
            (
                hours.windows[1].open.as_str(),
                hours.windows[1].close.as_str()
            ),
            ("09:00", "11:00")
        );
        assert_eq!(
            (hours.breaks[0].start.as_str(), hours.breaks[0].end.as_str()),
            ("12:30", "14:00")
        );
        assert!(s.intake.holds_id.is_some(), "the desk keeps the KTP");
        assert!(s.intake.blanko.is_some(), "the guest fills in the blanko");
        assert!(
            s.intake.spt.is_some(),
            "an institutional guest brings SPT/SPPD"
        );
        assert!(s.intake.checklist.iter().any(|c| c.institution_only));
    }
    // Only the CSR service takes a proposal.
    assert!(service(&f, "perekonomian", "4").intake.proposal.is_some());
    assert!(service(&f, "perekonomian", "1").intake.proposal.is_none());
}

#[test]
fn empty_components_are_recorded_on_purpose_not_skipped() {
    // Balangan Umum 2 lost components 6–14 in the scan: present and empty, with a note.
    let f = file("balangan-2024.json");
    let s = service(&f, "umum", "2");
    assert!(s.components.pengaduan.is_empty());
    assert!(matches!(
        s.components.get("evaluasi"),
        Some(ComponentValue::Text(""))
    ));
    assert!(s.note.is_some());
}

/// Components the scan lost (the row or its cell is missing, cut at a page break, run
/// together with other rows, or debris only), checked against the OCR text of the decree.
const LOST_IN_THE_SCAN: [(&str, &[&str]); 8] = [
    // Row 14 split at the page break; only its label survives, twice.
    ("balangan-pemerintahan-6", &["evaluasi"]),
    // Row 13 blank where the scan also lost row 14's label (service 3 lost item 1 there).
    ("balangan-kesra-4", &["jaminan_keamanan"]),
    // Rows 7-14 merged into one cell repeated with growing labels.
    ("balangan-kesra-8", &["evaluasi"]),
    // Row 1 is not in the scan: nothing between the heading and row 2.
    ("balangan-pbj-1", &["persyaratan"]),
    // Row 9 is followed directly by row 11.
    ("balangan-pbj-6", &["pengawasan"]),
    // Only line-end fragments of rows 6-14 survive ("i No. 01", "7 Tahun", ...).
    (
        "balangan-umum-2",
        &[
            "pengaduan",
            "dasar_hukum",
            "sarana",
            "kompetensi",
            "pengawasan",
            "jumlah_pelaksana",
            "jaminan_pelayanan",
            "jaminan_keamanan",
            "evaluasi",
        ],
    ),
    // Row 13 reads only "3 /".
    ("balangan-organisasi-3", &["jaminan_keamanan"]),
    // A page break took rows 13 and 14 with the next service's heading.
    ("balangan-organisasi-7", &["jaminan_keamanan", "evaluasi"]),
];

/// Components the decree itself leaves empty: the scan shows the row whole, label and
/// number, between rows read cleanly, and its cell blank (Blitar XIII-XVI end at row 13).
const EMPTY_IN_THE_DECREE: [(&str, &str); 15] = [
    ("balangan-pemerintahan-4", "jangka_waktu"),
    ("balangan-kesra-10", "sarana"),
    ("balangan-pbj-2", "evaluasi"),
    ("balangan-pbj-4", "evaluasi"),
    ("balangan-pbj-5", "evaluasi"),
    ("balangan-umum-1", "jangka_waktu"),
    ("balangan-umum-2", "jangka_waktu"),
    ("balangan-organisasi-4", "jangka_waktu"),
    ("balangan-organisasi-10", "evaluasi"),
    ("balangan-organisasi-15", "jangka_waktu"),
    ("balangan-organisasi-16", "jangka_waktu"),
    ("blitar-renkeu-xiii", "evaluasi"),
    ("blitar-renkeu-xiv", "evaluasi"),
    ("blitar-renkeu-xv", "evaluasi"),
    ("blitar-renkeu-xvi", "evaluasi"),
];

fn by_id<'a>(files: &'a [StandardsFile], id: &str) -> &'a Service {
    files
        .iter()
        .flat_map(|f| f.services.iter().map(move |s| (f, s)))
        .find(|(f, s)| service_code(&f.region, &s.unit, &s.number) == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("service {id} missing"))
}

#[test]
fn components_lost_in_the_scan_are_marked_unreadable_not_left_as_if_the_decree_were_silent() {
    let files = [file("balangan-2024.json"), file("blitar-2026.json")];
    // The named examples of the audit.
    let pbj1 = by_id(&files, "balangan-pbj-1");
    assert!(pbj1.components.persyaratan.is_empty());
    assert_eq!(pbj1.unreadable, ["persyaratan"]);
    let umum2 = by_id(&files, "balangan-umum-2");
    assert_eq!(umum2.unreadable.len(), 9, "components 6-14");
    assert!(!umum2.unreadable.iter().any(|k| k == "jangka_waktu"));
    // Every service: its unreadable components are exactly those checked against the scan.
    for f in &files {
        for s in &f.services {
            let id = service_code(&f.region, &s.unit, &s.number);
            let expected: &[&str] = LOST_IN_THE_SCAN
                .iter()
                .find(|(lost, _)| *lost == id)
                .map_or(&[], |(_, keys)| keys);
            assert_eq!(s.unreadable, expected, "{id}: unreadable components");
        }
    }
}

#[test]
fn an_empty_component_not_marked_unreadable_is_one_the_decree_leaves_empty() {
    let files = [file("balangan-2024.json"), file("blitar-2026.json")];
    for (id, key) in EMPTY_IN_THE_DECREE {
        let s = by_id(&files, id);
        assert!(
            s.components.get(key).expect(key).is_empty(),
            "{id}: {key} is empty"
        );
        assert!(
            !s.unreadable.iter().any(|k| k == key),
            "{id}: {key} is empty in the decree, not unreadable"
        );
    }
    // No other empty component: each one was looked at and put in one of the two tables.
    let mut seen = 0;
    for f in &files {
        for s in &f.services {
            let id = service_code(&f.region, &s.unit, &s.number);
            for (key, _, _) in loket_core::standards::model::COMPONENTS {
                if !s.components.get(key).unwrap().is_empty() {
                    continue;
                }
                seen += 1;
                let decided = s.unreadable.iter().any(|k| k == key)
                    || EMPTY_IN_THE_DECREE.contains(&(id.as_str(), key));
                assert!(
                    decided,
                    "{id}: empty {key} was not checked against the decree"
                );
            }
        }
    }
    let lost: usize = LOST_IN_THE_SCAN.iter().map(|(_, keys)| keys.len()).sum();
    assert_eq!(seen, lost + EMPTY_IN_THE_DECREE.len());
}

#[test]
fn the_guest_book_of_a_visit_is_not_the_blanko_consultation_form() {
    // Umum 1 (Fasilitasi Kunjungan Tamu): the guest signs the guest book ("mengisi buku
    // tamu"); the decree asks no consultation form of them, so the desk must not either.
    let f = file("balangan-2024.json");
    let s = service(&f, "umum", "1");
    assert!(s.components.prosedur.iter().any(|i| i
        .texts()
        .contains(&"Mengarahkan tamu untuk mengisi buku tamu")));
    assert_eq!(s.intake.blanko, None);
    // Where the decree does ask for it, it stays.
    assert!(service(&f, "perekonomian", "1").intake.blanko.is_some());
}

#[test]
fn maklumat_is_kept_per_decree_and_absent_where_the_decree_has_none() {
    let bal = file("balangan-2024.json");
    let hukum = bal.decrees.iter().find(|d| d.id == "hukum").unwrap();
    let m = hukum.maklumat.as_deref().expect("Hukum has a Maklumat");
    assert!(m.contains("SIAP MENYELENGGARAKAN"));
    let bli = file("blitar-2026.json");
    assert_eq!(bli.decrees[0].maklumat, None);
}
