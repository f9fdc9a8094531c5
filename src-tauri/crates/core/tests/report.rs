//! The daily guest log of a demo day and its three forms: one row per visit, times and
//! compliance as the visits ran, ID numbers masked; a CSV Excel in Indonesia opens as it is, a
//! workbook with real dates and a recap, a PDF with the letterhead and the chief's signature.

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, TimeZone, Timelike, Utc};
use loket_core::demo::{self, DemoDesk};
use loket_core::desk::office;
use loket_core::desk::Ctx;
use loket_core::report::{self, guest_log, to_csv, Format, HEADINGS};
use loket_core::{open_with_standards, Store};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    demo::build(&mut store, day(), DemoDesk::Perekonomian).unwrap();
    (dir, store)
}

fn evening() -> Ctx {
    Ctx {
        actor: "kabag".into(),
        now: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
    }
}

#[test]
fn the_log_of_a_demo_day_has_every_visit_with_its_times_and_compliance() {
    let (_dir, store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    assert_eq!(log.period, "Senin, 23 November 2026");
    assert_eq!(log.unit, "Bagian Perekonomian dan Sumber Daya Alam");
    assert_eq!(log.rows.len(), 40);
    assert_eq!(log.rows[0].ticket, "P-001");
    assert!(log
        .rows
        .iter()
        .all(|r| r.date == "2026-11-23" && !r.arrived.is_empty()));
    // The consultation over its hour is not within the standard; the others are.
    let over: Vec<_> = log
        .rows
        .iter()
        .filter(|r| r.within_limit == "Tidak")
        .collect();
    assert_eq!(over.len(), 1);
    assert!(over[0].service_minutes.unwrap() > 60);
    assert!(log
        .rows
        .iter()
        .any(|r| r.outcome == "Tidak hadir saat dipanggil"));
    assert!(log.rows.iter().any(|r| r.id_card.contains("tertinggal")));
    assert!(log.rows.iter().any(|r| !r.letter.is_empty()));
}

#[test]
fn the_csv_opens_in_excel_and_shows_no_id_number() {
    let (_dir, store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    let csv = to_csv(&log);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with BOM");
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 41);
    assert_eq!(lines[0], HEADINGS.join(";"));
    // Every row has the heading's number of fields (no field breaks the separator).
    for line in &lines[1..] {
        let mut fields = 0;
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => fields += 1,
                _ => {}
            }
        }
        assert_eq!(fields + 1, HEADINGS.len(), "{line}");
    }
    // ID numbers appear only masked: no run of 8 or more digits anywhere.
    let mut run = 0;
    for c in csv.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 8, "a long number in the export");
    }
    assert!(csv.contains("••••"));
}

#[test]
fn a_day_without_guests_is_a_valid_file_that_says_so_and_bad_periods_are_refused() {
    let (_dir, store) = demo_store();
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let log = guest_log(&store, &evening(), sunday, sunday).unwrap();
    let csv = to_csv(&log);
    assert!(csv.contains("Tidak ada tamu pada Minggu, 22 November 2026."));
    let err = guest_log(&store, &evening(), day(), sunday).unwrap_err();
    assert!(err
        .to_string()
        .contains("tanggal akhir sebelum tanggal awal"));
    let far = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
    assert!(guest_log(&store, &evening(), day(), far).is_err());
}

const NIP: &str = "19780101 200312 1 001";

/// The demo day with the Kepala Bagian's name and NIP set through the office setup.
fn demo_store_with_chief() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = demo_store();
    let mut setup = office::office(&store).unwrap().setup.unwrap();
    setup.chief_name = Some("  Hj. Siti Rahmah, S.E., M.M. ".into());
    setup.chief_nip = Some(NIP.into());
    let saved = office::save_setup(&mut store, &setup).unwrap();
    let saved = saved.setup.unwrap();
    assert_eq!(
        saved.chief_name.as_deref(),
        Some("Hj. Siti Rahmah, S.E., M.M.")
    );
    assert_eq!(saved.chief_nip.as_deref(), Some("197801012003121001"));
    (dir, store)
}

fn export_count(store: &Store) -> i64 {
    rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row("SELECT count(*) FROM export_log", [], |r| r.get(0))
        .unwrap()
}

/// No run of 16 digits (a NIK) in the text.
fn no_nik(text: &str) {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 16, "a NIK-long number in the export");
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_chiefs_nip_must_have_18_digits() {
    let (_dir, mut store) = demo_store();
    let mut setup = office::office(&store).unwrap().setup.unwrap();
    setup.chief_nip = Some("1978 0101".into());
    let err = office::save_setup(&mut store, &setup)
        .unwrap_err()
        .to_string();
    assert!(err.contains("NIP Kepala Bagian: harus 18 angka"), "{err}");
    setup.chief_nip = None;
    setup.chief_name = Some("Nama\u{7}".into());
    assert!(office::save_setup(&mut store, &setup).is_err());
}

#[test]
fn the_xlsx_has_real_dates_numbers_totals_and_a_recap() {
    let (_dir, mut store) = demo_store();
    // A complaint received that day is counted in the recap.
    let complaint: loket_core::complaints::NewComplaint =
        serde_json::from_value(serde_json::json!({
        "kind": "pengaduan", "channel": "kotak_saran", "received_on": "2026-11-23",
        "summary": "Antrean terlalu lama pada jam 10"}))
        .unwrap();
    loket_core::complaints::record(&mut store, &evening(), &complaint).unwrap();
    let done = report::export(&mut store, &evening(), day(), day(), Format::Xlsx).unwrap();
    assert_eq!(done.file_name, "buku-tamu-2026-11-23.xlsx");
    assert_eq!(done.visits, 40);
    assert_eq!(export_count(&store), 1);
    // The heading stays in view while scrolling, and the table can be filtered.
    let sheet_xml = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(done.bytes.clone())).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    let table_top = report::xlsx::HEADING_ROW + 1;
    assert!(
        sheet_xml.contains(&format!("ySplit=\"{table_top}\""))
            && sheet_xml.contains("state=\"frozen\""),
        "heading not frozen"
    );
    assert!(
        sheet_xml.contains(&format!(
            "<autoFilter ref=\"A{table_top}:P{}\"",
            table_top + 40
        )),
        "no autofilter over the table"
    );
    let mut book = Xlsx::new(std::io::Cursor::new(done.bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Buku Tamu", "Rekap"]);
    let sheet = book.worksheet_range("Buku Tamu").unwrap();
    let at = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell_text(&at(0, 0)), "PEMERINTAH KABUPATEN BALANGAN");
    assert_eq!(cell_text(&at(1, 0)), "SEKRETARIAT DAERAH");
    assert_eq!(
        cell_text(&at(2, 0)),
        "BAGIAN PEREKONOMIAN DAN SUMBER DAYA ALAM"
    );
    assert!(cell_text(&at(3, 0)).contains("Paringin"));
    assert_eq!(cell_text(&at(5, 0)), "BUKU TAMU HARIAN");
    assert_eq!(cell_text(&at(6, 0)), "Senin, 23 November 2026");
    let h = report::xlsx::HEADING_ROW;
    let headings: Vec<String> = (0..HEADINGS.len() as u32)
        .map(|c| cell_text(&at(h, c)))
        .collect();
    assert_eq!(headings, HEADINGS);
    let data: Vec<u32> = (h + 1..h + 100)
        .filter(|r| cell_text(&at(*r, 2)).starts_with("P-"))
        .collect();
    assert_eq!(data.len(), 40);
    let first = h + 1;
    assert_eq!(at(first, 0), Data::Float(1.0));
    // The date and the clock times are real Excel dates, not text.
    match at(first, 1) {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().date(), day());
        }
        other => panic!("the date is {other:?}"),
    }
    match at(first, 3) {
        Data::DateTime(d) => {
            let t = d.as_datetime().unwrap();
            assert_eq!(t.date(), day());
            assert!((8..16).contains(&t.hour()), "{t}");
        }
        other => panic!("the arrival is {other:?}"),
    }
    assert!(data.iter().all(|r| matches!(at(*r, 11), Data::Float(_))));
    assert!(data.iter().any(|r| matches!(at(*r, 12), Data::Float(_))));
    // The totals row: the count and the average wait, as values a reader sees.
    let total = first + 40;
    assert_eq!(cell_text(&at(total, 0)), "Jumlah");
    assert_eq!(at(total, 2), Data::Float(40.0));
    let waits: f64 = data
        .iter()
        .map(|r| match at(*r, 11) {
            Data::Float(f) => f,
            _ => 0.0,
        })
        .sum();
    match at(total, 11) {
        Data::Float(f) => assert!((f - waits / 40.0).abs() < 1e-9),
        other => panic!("the average wait is {other:?}"),
    }
    let all: Vec<String> = sheet.cells().map(|(_, _, d)| cell_text(d)).collect();
    let all = all.join("\n");
    assert!(all.contains("••••"));
    no_nik(&all);
    let rekap = book.worksheet_range("Rekap").unwrap();
    let texts: Vec<String> = rekap.cells().map(|(_, _, d)| cell_text(d)).collect();
    assert!(texts.iter().any(|t| t == "REKAPITULASI BUKU TAMU"));
    assert!(texts.iter().any(|t| t == "Jumlah kunjungan"));
    assert!(texts.iter().any(|t| t == "Tunggu persentil ke-90 (menit)"));
    // What the guests said: no survey answered on the demo day, one complaint received.
    let after = |label: &str| {
        let at = texts.iter().position(|t| t == label).unwrap();
        texts[at + 1].clone()
    };
    assert_eq!(
        after("Indeks Kepuasan Masyarakat (SKM)"),
        "belum ada responden"
    );
    assert!(after("Pengaduan, saran dan masukan")
        .starts_with("1 diterima (1 pengaduan, 0 saran, 0 masukan)"));
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Konsultasi") || t.contains("Koordinasi")));
}

#[test]
fn the_pdf_has_the_letterhead_the_rows_the_pages_and_the_signature() {
    let (_dir, mut store) = demo_store_with_chief();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    let done = report::export(&mut store, &evening(), day(), day(), Format::Pdf).unwrap();
    assert!(done.bytes.starts_with(b"%PDF-"));
    assert_eq!(done.mime, "application/pdf");
    let text = pdf_extract::extract_text_from_mem(&done.bytes).unwrap();
    for expected in [
        "PEMERINTAH KABUPATEN BALANGAN",
        "SEKRETARIAT DAERAH",
        "BAGIAN PEREKONOMIAN DAN SUMBER DAYA ALAM",
        "Paringin",
        "BUKU TAMU HARIAN",
        "Senin, 23 November 2026",
        "P-001",
        &log.rows[0].name,
        "REKAPITULASI",
        "Indeks Kepuasan Masyarakat (SKM)",
        "Kedatangan tamu per jam",
        "Rata-rata waktu tunggu per layanan (menit)",
        "Balangan, 23 November 2026",
        "Kepala Bagian Perekonomian dan Sumber Daya Alam",
        "Hj. Siti Rahmah, S.E., M.M.",
        &format!("NIP. {NIP}"),
        "Halaman 1 dari",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF:\n{text}"
        );
    }
    // The guests' service column has the short labels, which tell the bagian's services
    // apart (all four of its decree names open with the same seven words). Compared without
    // spaces: a label wraps in its column, and the text extraction joins the lines.
    let letters: String = text.split_whitespace().collect();
    for short in [
        "2. Sektor Pariwisata, Koperasi, UMKM…",
        "3. Tim Pengendalian Inflasi Daerah dan Tim…",
    ] {
        let short: String = short.split_whitespace().collect();
        assert!(
            letters.contains(&short),
            "{short:?} not in the PDF:\n{text}"
        );
    }
    let pages = text.matches("Halaman ").count();
    assert!(pages >= 2, "{pages} pages");
    assert!(text.contains(&format!("Halaman {pages} dari {pages}")));
    assert!(text.contains("••••"));
}

#[test]
fn without_a_chief_the_signature_is_left_to_fill_in() {
    let (_dir, store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    assert!(log.chief.name.is_none());
    let period = loket_core::period::Period::new(day(), day()).unwrap();
    let feedback = report::Feedback::of(&store, period).unwrap();
    let pdf = report::to_pdf(&log, &report::recap(&log.rows), &feedback).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(text.contains("NIP. ......"), "{text}");
}

#[test]
fn the_csv_export_parses_back_into_the_rows() {
    let (_dir, mut store) = demo_store();
    let log = guest_log(&store, &evening(), day(), day()).unwrap();
    let done = report::export(&mut store, &evening(), day(), day(), Format::Csv).unwrap();
    assert_eq!(done.file_name, "buku-tamu-2026-11-23.csv");
    let text = String::from_utf8(done.bytes).unwrap();
    let records = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(records.len(), 41);
    assert_eq!(records[0], HEADINGS);
    for (record, row) in records[1..].iter().zip(&log.rows) {
        assert_eq!(record.len(), HEADINGS.len());
        assert_eq!(record[2], row.ticket);
        assert_eq!(record[5], row.name);
        assert_eq!(record[7], row.id_card);
        assert_eq!(record[11], row.waited_minutes.to_string());
    }
}

/// Splits CSV on `;` and CRLF, honouring quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted && chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    records
}

#[test]
fn an_empty_day_gives_valid_files_that_say_no_one_came() {
    let (_dir, mut store) = demo_store();
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let nobody = "Tidak ada tamu pada Minggu, 22 November 2026.";
    let xlsx = report::export(&mut store, &evening(), sunday, sunday, Format::Xlsx).unwrap();
    assert_eq!(xlsx.visits, 0);
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let sheet = book.worksheet_range("Buku Tamu").unwrap();
    assert!(sheet.cells().any(|(_, _, d)| cell_text(d) == nobody));
    let pdf = report::export(&mut store, &evening(), sunday, sunday, Format::Pdf).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    assert!(text.contains(nobody), "{text}");
    assert!(text.contains("Halaman 1 dari 1"));
    let csv = report::export(&mut store, &evening(), sunday, sunday, Format::Csv).unwrap();
    assert!(String::from_utf8(csv.bytes).unwrap().contains(nobody));
    assert_eq!(export_count(&store), 3);
}

#[test]
fn a_range_is_named_by_both_days_and_a_failed_delivery_records_nothing() {
    let (_dir, mut store) = demo_store();
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let err = report::export_with(&mut store, &evening(), first, last, Format::Pdf, |_| {
        Err(loket_core::CoreError::Storage("disk penuh".into()))
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk penuh"));
    assert_eq!(export_count(&store), 0);
    let done = report::export(&mut store, &evening(), first, last, Format::Pdf).unwrap();
    assert_eq!(done.file_name, "buku-tamu-2026-11-01_2026-11-30.pdf");
    assert_eq!(done.visits, 40);
    assert_eq!(export_count(&store), 1);
}

/// A log's rows as a chief reads them, without their running numbers.
fn unnumbered(rows: &[report::LogRow]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            let mut row = serde_json::to_value(r).unwrap();
            row.as_object_mut().unwrap().remove("no");
            row
        })
        .collect()
}

#[test]
fn a_long_period_holds_every_day_s_rows_in_order_numbered_once() {
    // Two months are long enough to be read in two halves at once (on two connections).
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_with_standards(&dir.path().join("loket.db")).unwrap();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(),
    );
    let made = demo::bulk::generate(&mut store, from, to, 900, DemoDesk::Perekonomian).unwrap();
    let n = made.visits;
    assert!(n >= 900, "{made:?}");
    let ctx = Ctx {
        actor: "kabag".into(),
        now: Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap(),
    };

    let whole = guest_log(&store, &ctx, from, to).unwrap();
    let mut day_by_day = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        day_by_day.extend(guest_log(&store, &ctx, day, day).unwrap().rows);
    }
    assert_eq!(whole.rows.len(), n);
    assert_eq!(unnumbered(&whole.rows), unnumbered(&day_by_day));
    let numbers: Vec<usize> = whole.rows.iter().map(|r| r.no).collect();
    assert_eq!(numbers, (1..=n).collect::<Vec<_>>());

    // The workbook, written while the period is read, has the same rows in the same order.
    let done = report::export(&mut store, &ctx, from, to, Format::Xlsx).unwrap();
    assert_eq!(done.visits, n);
    let mut book = Xlsx::new(std::io::Cursor::new(done.bytes)).unwrap();
    let sheet = book.worksheet_range("Buku Tamu").unwrap();
    let at = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let first = report::xlsx::HEADING_ROW + 1;
    for (i, row) in whole.rows.iter().enumerate() {
        let r = first + i as u32;
        assert_eq!(at(r, 0), Data::Float((i + 1) as f64));
        assert_eq!(cell_text(&at(r, 2)), row.ticket, "row {}", i + 1);
        assert_eq!(cell_text(&at(r, 5)), row.name, "row {}", i + 1);
    }
    assert_eq!(cell_text(&at(first + n as u32, 0)), "Jumlah");
}
