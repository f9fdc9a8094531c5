//! The guest log as an Excel workbook, made in memory (the table written row by row, as the
//! log is read): sheet "Buku Tamu" with the letterhead, the table (real date and time cells,
//! minutes as numbers, frozen heading, autofilter) and a totals row; sheet "Rekap" with the
//! recap of the period.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::feedback::Feedback;
use super::log::{self, GuestLog, LogRow, LogWriter, HEADINGS};
use super::recap::Recap;
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::period::Period;
use crate::store::Store;

/// The row (0-based) of the table's heading on "Buku Tamu".
pub const HEADING_ROW: u32 = 8;

/// Column widths of "Buku Tamu", in characters, in the order of [`HEADINGS`].
const WIDTHS: [f64; 16] = [
    5.0, 11.0, 8.0, 8.0, 15.0, 24.0, 24.0, 30.0, 32.0, 30.0, 22.0, 9.0, 9.0, 26.0, 30.0, 11.0,
];

const LAST_COL: u16 = HEADINGS.len() as u16 - 1;

fn failed(e: XlsxError) -> CoreError {
    CoreError::Storage(format!("berkas XLSX tidak dapat dibuat: {e}"))
}

struct Styles {
    big: Format,
    bold: Format,
    small: Format,
    heading: Format,
    cell: Format,
    number: Format,
    decimal: Format,
    percent: Format,
    date: Format,
    time: Format,
    /// A moment on another day than the row's: "24/11/2026 08:05".
    date_time: Format,
    total_label: Format,
    total_number: Format,
    total_decimal: Format,
}

fn styles() -> Styles {
    let centred = Format::new().set_align(FormatAlign::Center);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let total = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    Styles {
        big: centred.clone().set_bold().set_font_size(14),
        bold: centred.clone().set_bold().set_font_size(12),
        small: centred.set_font_size(9),
        heading: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xD9E2F3))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        number: cell.clone().set_num_format("0"),
        decimal: cell.clone().set_num_format("0.0"),
        percent: cell.clone().set_num_format("0.0%"),
        date: cell.clone().set_num_format("dd/mm/yyyy"),
        time: cell.clone().set_num_format("hh:mm"),
        date_time: cell.clone().set_num_format("dd/mm/yyyy hh:mm"),
        cell,
        total_label: total.clone(),
        total_number: total.clone().set_num_format("0"),
        total_decimal: total.set_num_format("0.0"),
    }
}

/// Writes the letterhead and the title in merged rows over `last_col` columns; returns the
/// next free row.
fn letterhead(
    sheet: &mut Worksheet,
    log: &GuestLog,
    title: &str,
    last_col: u16,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let lines: [(&str, &Format); 7] = [
        (&log.government(), &s.big),
        (&log.secretariat.to_uppercase(), &s.big),
        (&log.unit.to_uppercase(), &s.bold),
        (log.address.as_deref().unwrap_or(""), &s.small),
        ("", &s.small),
        (title, &s.big),
        (&log.period, &s.bold),
    ];
    for (row, (text, format)) in lines.iter().enumerate() {
        sheet.merge_range(row as u32, 0, row as u32, last_col, text, format)?;
    }
    Ok(lines.len() as u32 + 1)
}

/// Starts "Buku Tamu": the letterhead, the column widths and the table's heading.
fn guest_sheet_head(sheet: &mut Worksheet, log: &GuestLog, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("Buku Tamu")?;
    letterhead(sheet, log, "BUKU TAMU HARIAN", LAST_COL, s)?;
    for (col, (heading, width)) in HEADINGS.iter().zip(WIDTHS).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(HEADING_ROW, col as u16, *heading, &s.heading)?;
    }
    sheet.set_row_height(HEADING_ROW, 30)?;
    sheet.set_freeze_panes(HEADING_ROW + 1, 0)?;
    Ok(())
}

/// Writes one visit of the table, the `r.no`th.
fn guest_sheet_row(sheet: &mut Worksheet, r: &LogRow, s: &Styles) -> Result<(), XlsxError> {
    let row = HEADING_ROW + r.no as u32;
    sheet.write_number_with_format(row, 0, r.no as f64, &s.number)?;
    sheet.write_datetime_with_format(row, 1, r.day, &s.date)?;
    sheet.write_string_with_format(row, 2, &r.ticket, &s.cell)?;
    sheet.write_datetime_with_format(row, 3, r.arrived_at, &s.time)?;
    match r.left_at {
        // A check-out on a later day says which day.
        Some(t) if t.date() != r.day => {
            sheet.write_datetime_with_format(row, 4, t, &s.date_time)?
        }
        Some(t) => sheet.write_datetime_with_format(row, 4, t, &s.time)?,
        None => sheet.write_blank(row, 4, &s.cell)?,
    };
    let texts = [
        &r.name,
        &r.institution,
        &r.id_card,
        &r.service,
        &r.purpose,
        &r.official,
    ];
    for (j, text) in texts.into_iter().enumerate() {
        sheet.write_string_with_format(row, 5 + j as u16, text, &s.cell)?;
    }
    sheet.write_number_with_format(row, 11, r.waited_minutes as f64, &s.number)?;
    match r.service_minutes {
        Some(m) => sheet.write_number_with_format(row, 12, m as f64, &s.number)?,
        None => sheet.write_blank(row, 12, &s.cell)?,
    };
    sheet.write_string_with_format(row, 13, &r.letter, &s.cell)?;
    sheet.write_string_with_format(row, 14, &r.outcome, &s.cell)?;
    sheet.write_string_with_format(row, 15, &r.within_limit, &s.cell)?;
    Ok(())
}

/// Ends "Buku Tamu" once every row is written: the autofilter, the totals (or the line
/// saying nobody came) and the print settings.
fn guest_sheet_end(sheet: &mut Worksheet, log: &GuestLog, s: &Styles) -> Result<(), XlsxError> {
    let first = HEADING_ROW + 1;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADING_ROW, HEADING_ROW)?;
    if log.rows.is_empty() {
        sheet.merge_range(first, 0, first, LAST_COL, &log.nobody(), &s.cell)?;
        sheet.autofilter(HEADING_ROW, 0, HEADING_ROW, LAST_COL)?;
        return Ok(());
    }
    let last = first + log.rows.len() as u32 - 1;
    sheet.autofilter(HEADING_ROW, 0, last, LAST_COL)?;
    // The totals: formulas, with their values cached for readers that do not recalculate.
    let total = last + 1;
    let (top, bottom) = (first + 1, last + 1);
    for col in 0..=LAST_COL {
        sheet.write_blank(total, col, &s.total_label)?;
    }
    sheet.write_string_with_format(total, 0, "Jumlah", &s.total_label)?;
    sheet.write_formula_with_format(
        total,
        2,
        Formula::new(format!("=COUNTA(C{top}:C{bottom})")).set_result(log.rows.len().to_string()),
        &s.total_number,
    )?;
    sheet.write_string_with_format(total, 10, "Rata-rata", &s.total_label)?;
    let waits: Vec<i64> = log.rows.iter().map(|r| r.waited_minutes).collect();
    let served: Vec<i64> = log.rows.iter().filter_map(|r| r.service_minutes).collect();
    for (col, letter, values) in [(11, "L", waits), (12, "M", served)] {
        let mut formula = Formula::new(format!(
            "=IFERROR(AVERAGE({letter}{top}:{letter}{bottom}),\"\")"
        ));
        if let Some(m) = super::recap::mean(&values) {
            formula = formula.set_result(format!("{m}"));
        }
        sheet.write_formula_with_format(total, col, formula, &s.total_decimal)?;
    }
    Ok(())
}

fn recap_sheet(
    sheet: &mut Worksheet,
    log: &GuestLog,
    recap: &Recap,
    feedback: &Feedback,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Rekap")?;
    let mut row = letterhead(sheet, log, "REKAPITULASI BUKU TAMU", 5, s)?;
    for (col, width) in [44.0, 12.0, 14.0, 14.0, 14.0, 14.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    let opt = |v: Option<f64>| v.map(|m| (m * 10.0).round() / 10.0);
    let facts: [(&str, Option<f64>, &Format); 10] = [
        ("Jumlah kunjungan", Some(recap.visits as f64), &s.number),
        (
            "Rata-rata waktu tunggu (menit)",
            opt(recap.average_wait),
            &s.decimal,
        ),
        (
            "Waktu tunggu persentil ke-90 (menit)",
            recap.p90_wait.map(|m| m as f64),
            &s.number,
        ),
        (
            "Rata-rata waktu layanan (menit)",
            opt(recap.average_service),
            &s.decimal,
        ),
        (
            "Dilayani sesuai standar waktu",
            recap.within_share(),
            &s.percent,
        ),
        (
            "Tidak hadir saat dipanggil",
            Some(recap.not_present as f64),
            &s.number,
        ),
        (
            "Diakhiri meja (tidak dicatat pejabat)",
            Some(recap.finished_by_desk as f64),
            &s.number,
        ),
        (
            "Kartu identitas masih di laci",
            Some(recap.cards_in_drawer as f64),
            &s.number,
        ),
        (
            "Kartu identitas tertinggal",
            Some(recap.cards_left_behind as f64),
            &s.number,
        ),
        (
            "Hasil berlanjut / belum selesai",
            Some((recap.outcomes_open + recap.in_progress) as f64),
            &s.number,
        ),
    ];
    for (label, value, format) in facts {
        sheet.write_string_with_format(row, 0, label, &s.cell)?;
        match value {
            Some(v) => sheet.write_number_with_format(row, 1, v, format)?,
            None => sheet.write_string_with_format(row, 1, "-", &s.cell)?,
        };
        row += 1;
    }
    for (label, value) in feedback.lines() {
        sheet.write_string_with_format(row, 0, label, &s.cell)?;
        sheet.merge_range(row, 1, row, 5, &value, &s.cell)?;
        row += 1;
    }
    row += 1;
    let headings = [
        "Layanan",
        "Kunjungan",
        "Rata-rata tunggu (menit)",
        "Tunggu persentil ke-90 (menit)",
        "Rata-rata layanan (menit)",
        "Sesuai standar waktu",
    ];
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *h, &s.heading)?;
    }
    sheet.set_row_height(row, 30)?;
    row += 1;
    if recap.services.is_empty() {
        sheet.merge_range(row, 0, row, 5, &log.nobody(), &s.cell)?;
        return Ok(());
    }
    for sr in &recap.services {
        sheet.write_string_with_format(row, 0, &sr.service, &s.cell)?;
        sheet.write_number_with_format(row, 1, sr.visits as f64, &s.number)?;
        sheet.write_number_with_format(
            row,
            2,
            (sr.average_wait * 10.0).round() / 10.0,
            &s.decimal,
        )?;
        sheet.write_number_with_format(row, 3, sr.p90_wait as f64, &s.number)?;
        match opt(sr.average_service) {
            Some(m) => sheet.write_number_with_format(row, 4, m, &s.decimal)?,
            None => sheet.write_string_with_format(row, 4, "-", &s.cell)?,
        };
        match sr.within_share() {
            Some(v) => sheet.write_number_with_format(row, 5, v, &s.percent)?,
            None => sheet.write_string_with_format(row, 5, "-", &s.cell)?,
        };
        row += 1;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9);
    Ok(())
}

/// A new workbook whose first sheet, "Buku Tamu", takes its table row by row: only one row
/// need be kept in memory (a year is 100,000 rows). Compression level 3, as Excel itself
/// uses, saves in about two thirds of the default's time for a file a few percent larger.
fn workbook() -> Workbook {
    let mut book = Workbook::new();
    book.set_zip_compression_level(3);
    book
}

/// Adds "Rekap" and returns the workbook's bytes.
fn finish(
    mut book: Workbook,
    log: &GuestLog,
    recap: &Recap,
    feedback: &Feedback,
    s: &Styles,
) -> CoreResult<Vec<u8>> {
    recap_sheet(book.add_worksheet(), log, recap, feedback, s).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// "Buku Tamu" taking the log as it is read.
struct Table<'a> {
    sheet: &'a mut Worksheet,
    styles: &'a Styles,
}

impl LogWriter for Table<'_> {
    fn head(&mut self, log: &GuestLog) -> CoreResult<()> {
        guest_sheet_head(self.sheet, log, self.styles).map_err(failed)
    }

    fn row(&mut self, row: &LogRow) -> CoreResult<()> {
        guest_sheet_row(self.sheet, row, self.styles).map_err(failed)
    }
}

/// The guest log of the period read and written at once: each row goes into the workbook
/// as soon as it is read (see [`log::guest_log_as_read`]). The bytes and the log read.
pub fn read_and_write(store: &Store, ctx: &Ctx, period: Period) -> CoreResult<(Vec<u8>, GuestLog)> {
    let s = styles();
    let mut book = workbook();
    let sheet = book.add_worksheet_with_low_memory().map_err(failed)?;
    let mut table = Table { sheet, styles: &s };
    let log = log::guest_log_as_read(store, ctx, (period.from, period.to), &mut table)?;
    guest_sheet_end(table.sheet, &log, &s).map_err(failed)?;
    let recap = super::recap(&log.rows);
    let bytes = finish(book, &log, &recap, &Feedback::of(store, period)?, &s)?;
    Ok((bytes, log))
}
