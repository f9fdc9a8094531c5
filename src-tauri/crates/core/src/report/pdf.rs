//! The guest log as a printable PDF, A4 landscape: the letterhead (kop surat) with its rule,
//! the title and period, the table with its heading on every page (long cells wrapped, then
//! cut with "…"), the recap, the Kepala Bagian's signature block, and "Halaman i dari n".
//!
//! Text is set in Noto Sans (SIL OFL, `data/fonts/`), embedded and subset by krilla, so
//! Indonesian text, the masking bullet • and the dash read the same on every machine and can
//! be searched and copied.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use super::feedback::Feedback;
use super::log::GuestLog;
use super::performance::{series, Series};
use super::recap::{minutes_text, share_text, Recap};
use crate::chart;
use crate::error::{CoreError, CoreResult};
use crate::locale::date_long;

static REGULAR: &[u8] = include_bytes!("../../../../../data/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../../../data/fonts/NotoSans-Bold.ttf");

const PAGE_W: f32 = 841.89;
const PAGE_H: f32 = 595.28;
const MARGIN: f32 = 36.0;
const BOTTOM: f32 = PAGE_H - 42.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const CELL_SIZE: f32 = 7.0;
const CELL_LINE: f32 = 8.6;
const PAD: f32 = 2.6;
const MAX_LINES: usize = 3;

fn failed(what: impl std::fmt::Display) -> CoreError {
    CoreError::Storage(format!("berkas PDF tidak dapat dibuat: {what}"))
}

/// A font to draw with and to measure text by.
struct Face {
    font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> CoreResult<Face> {
        let font = Font::new(Data::from(data), 0).ok_or_else(|| failed("huruf tidak terbaca"))?;
        let r = FontRef::new(data).map_err(failed)?;
        let units_per_em = r.head().map_err(failed)?.units_per_em() as f32;
        Ok(Face {
            font,
            charmap: r.charmap(),
            metrics: r.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// A character's glyph and its advance in font units; a character the font lacks is
    /// drawn as its missing-glyph box, a space of 0.6 em.
    fn glyph(&self, c: char) -> (u32, f32) {
        match self.charmap.map(c) {
            Some(g) => (
                g.to_u32(),
                self.metrics
                    .advance_width(g)
                    .unwrap_or(self.units_per_em * 0.6),
            ),
            None => (0, self.units_per_em * 0.6),
        }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.glyph(c).1).sum();
        units * size / self.units_per_em
    }

    /// The glyphs of a line, one per character at its advance: the widths the layout
    /// measured with [`Face::width`]. Shaping each line (krilla's `draw_text`) was half the
    /// time of a day's PDF, and the log's Latin text needs none.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(at, c)| {
                let (id, advance) = self.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(id),
                    advance / self.units_per_em,
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// What a page shows, laid out before the number of pages is known.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        gray: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        shaded: bool,
    },
    /// A chart's bar, filled green, or red for a warning.
    Bar {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        warn: bool,
    },
}

/// Breaks `text` into at most `max_lines` lines of at most `width`; what does not fit ends in
/// "…".
fn wrap(face: &Face, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    'words: for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if face.width(&candidate, size) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
        // A word longer than the column is broken where it must.
        for c in word.chars() {
            let mut next = current.clone();
            next.push(c);
            if face.width(&next, size) > width && !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                if lines.len() == max_lines {
                    cut = true;
                    break 'words;
                }
                next = c.to_string();
            }
            current = next;
        }
    }
    if !current.is_empty() {
        if lines.len() == max_lines {
            cut = true;
        } else {
            lines.push(current);
        }
    }
    if cut {
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && face.width(&format!("{last}…"), size) > width {
                last.pop();
            }
            let trimmed = last.trim_end().to_string();
            *last = format!("{trimmed}…");
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// One column of a table.
struct Column {
    heading: &'static str,
    width: f32,
    right: bool,
}

fn col(heading: &'static str, width: f32) -> Column {
    Column {
        heading,
        width,
        right: false,
    }
}

fn num(heading: &'static str, width: f32) -> Column {
    Column {
        heading,
        width,
        right: true,
    }
}

/// Where laid-out pages go: drawn into the document one by one, each as soon as it is
/// full, so that only the page being laid out is held as [`Op`]s.
struct Output<'d> {
    document: &'d mut Document,
    settings: PageSettings,
    /// How many pages the counting pass found, for "Halaman i dari n".
    total: usize,
}

/// Lays the document out page by page. It runs twice: once only to count the pages (nothing
/// is kept), then again drawing each page as soon as it is full, now that "Halaman i dari n"
/// can be written. Holding every page's text until the count was known took most of a
/// year's memory (827 MiB for 2,500+ pages).
struct Layout<'a, 'd> {
    faces: &'a Faces,
    log: &'a GuestLog,
    /// The page being laid out.
    page: Vec<Op>,
    /// Pages finished before it.
    finished: usize,
    /// `None` while pages are only counted.
    output: Option<Output<'d>>,
    y: f32,
}

impl Layout<'_, '_> {
    fn counting(&self) -> bool {
        self.output.is_none()
    }

    /// Adds what the page shows; while counting pages there is nothing to keep.
    fn push(&mut self, op: Op) {
        if !self.counting() {
            self.page.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        if self.counting() {
            return;
        }
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            gray: false,
            text: text.to_string(),
        });
    }

    /// The page laid out so far is full: it is drawn with its footer, and forgotten.
    fn end_page(&mut self) {
        let ops = std::mem::take(&mut self.page);
        self.finished += 1;
        let Some(output) = self.output.as_mut() else {
            return;
        };
        let mut page = output.document.start_page_with(output.settings.clone());
        let mut surface = page.surface();
        for op in &ops {
            draw(&mut surface, self.faces, op);
        }
        let footer = format!("Halaman {} dari {}", self.finished, output.total);
        let w = self.faces.regular.width(&footer, 7.5);
        draw(
            &mut surface,
            self.faces,
            &Op::Text {
                x: PAGE_W - MARGIN - w,
                y: PAGE_H - 22.0,
                size: 7.5,
                bold: false,
                gray: true,
                text: footer,
            },
        );
        surface.finish();
        page.finish();
    }

    fn centred(&mut self, y: f32, size: f32, bold: bool, text: &str) {
        let w = self.faces.face(bold).width(text, size);
        self.text((PAGE_W - w) / 2.0, y, size, bold, text);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// The letterhead and title of the first page.
    fn first_page(&mut self) {
        let log = self.log;
        self.centred(44.0, 13.0, true, &log.government());
        self.centred(61.0, 13.0, true, &log.secretariat.to_uppercase());
        self.centred(77.0, 11.5, true, &log.unit.to_uppercase());
        let mut y = 77.0;
        if let Some(address) = &log.address {
            y += 12.0;
            self.centred(y, 8.0, false, address);
        }
        y += 6.0;
        self.line(MARGIN, y, PAGE_W - MARGIN, y, 1.6);
        self.line(MARGIN, y + 2.4, PAGE_W - MARGIN, y + 2.4, 0.5);
        self.centred(y + 24.0, 12.0, true, "BUKU TAMU HARIAN");
        self.centred(y + 38.0, 10.0, false, &log.period);
        self.y = y + 50.0;
    }

    /// A new page: a short running head, then the content goes on.
    fn next_page(&mut self) {
        self.end_page();
        if !self.counting() {
            let head = format!("Buku Tamu Harian · {} · {}", self.log.unit, self.log.period);
            self.push(Op::Text {
                x: MARGIN,
                y: 30.0,
                size: 7.5,
                bold: false,
                gray: true,
                text: head,
            });
        }
        self.y = 40.0;
    }

    fn room_for(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.next_page();
            false
        } else {
            true
        }
    }

    /// One row of cells; `bold` and `shaded` for a heading.
    fn row(&mut self, columns: &[Column], cells: &[String], bold: bool, shaded: bool) {
        let wrapped = self.wrapped(columns, cells, bold);
        self.row_wrapped(columns, wrapped, bold, shaded);
    }

    /// The cells of a row broken into their lines.
    fn wrapped(&self, columns: &[Column], cells: &[String], bold: bool) -> Vec<Vec<String>> {
        let face = self.faces.face(bold);
        columns
            .iter()
            .zip(cells)
            .map(|(c, text)| wrap(face, text, CELL_SIZE, c.width - 2.0 * PAD, MAX_LINES))
            .collect()
    }

    /// A row's height from its cells' lines.
    fn height_of(wrapped: &[Vec<String>]) -> f32 {
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        lines as f32 * CELL_LINE + 2.0 * PAD
    }

    /// One row of cells already broken into lines.
    fn row_wrapped(
        &mut self,
        columns: &[Column],
        wrapped: Vec<Vec<String>>,
        bold: bool,
        shaded: bool,
    ) {
        let face = self.faces.face(bold);
        let height = Self::height_of(&wrapped);
        if self.counting() {
            self.y += height;
            return;
        }
        let mut x = MARGIN;
        let y = self.y;
        for (c, cell) in columns.iter().zip(wrapped) {
            self.push(Op::Frame {
                x,
                y,
                w: c.width,
                h: height,
                shaded,
            });
            for (i, line) in cell.iter().enumerate() {
                let tx = if c.right {
                    x + c.width - PAD - face.width(line, CELL_SIZE)
                } else {
                    x + PAD
                };
                let ty = y + PAD + CELL_SIZE + i as f32 * CELL_LINE;
                self.text(tx, ty, CELL_SIZE, bold, line);
            }
            x += c.width;
        }
        self.y += height;
    }

    /// A table whose heading repeats on every page it runs over; each row is made, broken
    /// into lines once and laid out in turn, never all of them at once.
    fn table(&mut self, columns: &[Column], rows: impl IntoIterator<Item = Vec<String>>) {
        let headings: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
        // The heading's height as its row's text would take (as before: regular).
        let heading_height = Self::height_of(&self.wrapped(columns, &headings, false));
        self.room_for(heading_height + 3.0 * CELL_LINE);
        self.row(columns, &headings, true, true);
        for cells in rows {
            let wrapped = self.wrapped(columns, &cells, false);
            if !self.room_for(Self::height_of(&wrapped)) {
                self.row(columns, &headings, true, true);
            }
            self.row_wrapped(columns, wrapped, false, false);
        }
    }

    /// A table cell that spans the whole width.
    fn note(&mut self, text: &str) {
        let columns = [col("", WIDTH)];
        self.row(&columns, &[text.to_string()], false, false);
    }

    fn guests(&mut self) {
        let log = self.log;
        let range = log.from != log.to;
        let mut columns = vec![
            num("No", 20.0),
            col("Tiket", 34.0),
            col("Datang", 32.0),
            col("Pulang", 32.0),
            col("Nama", 72.0),
            col("Instansi", 72.0),
            col("Kartu identitas", if range { 62.0 } else { 84.0 }),
            col("Layanan", 90.0),
            col("Keperluan", if range { 60.0 } else { 82.0 }),
            col("Pejabat", 66.0),
            num("Tunggu (menit)", 34.0),
            num("Layanan (menit)", 36.0),
            col("Hasil", 80.0),
            col("Sesuai standar", 36.0),
        ];
        if range {
            columns.insert(1, col("Tanggal", 44.0));
        }
        let rows = log.rows.iter().map(|r| {
            let mut cells = vec![
                r.no.to_string(),
                r.ticket.clone(),
                r.arrived.clone(),
                r.left.clone(),
                r.name.clone(),
                r.institution.clone(),
                r.id_card.clone(),
                r.service_short.clone(),
                r.purpose.clone(),
                r.official.clone(),
                r.waited_minutes.to_string(),
                r.service_minutes.map(|m| m.to_string()).unwrap_or_default(),
                r.outcome.clone(),
                r.within_limit.clone(),
            ];
            if range {
                cells.insert(1, r.day.format("%d-%m-%Y").to_string());
            }
            cells
        });
        if log.rows.is_empty() {
            let headings: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
            self.row(&columns, &headings, true, true);
            self.note(&log.nobody());
        } else {
            self.table(&columns, rows);
        }
        self.y += 4.0;
        let zone = format!(
            "Jam menurut waktu setempat ({}). Nomor kartu identitas disamarkan.",
            log.zone
        );
        self.room_for(CELL_LINE);
        self.y += CELL_LINE;
        self.text(MARGIN, self.y, 6.5, false, &zone);
    }

    fn recap(&mut self, recap: &Recap, feedback: &Feedback) {
        self.y += 14.0;
        self.room_for(10.0 * 14.0);
        self.y += 10.0;
        self.text(MARGIN, self.y, 10.0, true, "REKAPITULASI");
        let dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let facts = [
            ("Jumlah kunjungan", recap.visits.to_string()),
            (
                "Rata-rata waktu tunggu",
                dash(
                    recap
                        .average_wait
                        .map(|m| format!("{} menit", minutes_text(m))),
                ),
            ),
            (
                "Waktu tunggu persentil ke-90",
                dash(recap.p90_wait.map(|m| format!("{m} menit"))),
            ),
            (
                "Rata-rata waktu layanan",
                dash(
                    recap
                        .average_service
                        .map(|m| format!("{} menit", minutes_text(m))),
                ),
            ),
            (
                "Dilayani sesuai standar waktu",
                share_text(recap.within_share()),
            ),
            ("Tidak hadir saat dipanggil", recap.not_present.to_string()),
            (
                "Diakhiri meja (tidak dicatat pejabat)",
                recap.finished_by_desk.to_string(),
            ),
            (
                "Kartu identitas masih di laci",
                recap.cards_in_drawer.to_string(),
            ),
            (
                "Kartu identitas tertinggal",
                recap.cards_left_behind.to_string(),
            ),
            (
                "Hasil berlanjut / belum selesai",
                (recap.outcomes_open + recap.in_progress).to_string(),
            ),
        ];
        self.y += 4.0;
        for (i, (label, value)) in facts.iter().enumerate() {
            // Two columns of facts.
            let (x, row) = if i < 5 {
                (MARGIN, i)
            } else {
                (MARGIN + WIDTH / 2.0, i - 5)
            };
            let y = self.y + 11.0 * (row as f32 + 1.0);
            self.text(x, y, 8.0, false, label);
            self.text(x + 170.0, y, 8.0, false, &format!(": {value}"));
        }
        self.y += 11.0 * 5.0 + 4.0;
        for (label, value) in feedback.lines() {
            self.y += 11.0;
            self.text(MARGIN, self.y, 8.0, false, label);
            self.text(MARGIN + 170.0, self.y, 8.0, false, &format!(": {value}"));
        }
        self.y += 8.0;
        if recap.services.is_empty() {
            return;
        }
        let columns = [
            col("Layanan", 330.0),
            num("Kunjungan", 60.0),
            num("Rata-rata tunggu (menit)", 80.0),
            num("Tunggu persentil ke-90 (menit)", 80.0),
            num("Rata-rata layanan (menit)", 80.0),
            num("Sesuai standar waktu", 80.0),
        ];
        let rows: Vec<Vec<String>> = recap
            .services
            .iter()
            .map(|s| {
                vec![
                    s.service.clone(),
                    s.visits.to_string(),
                    minutes_text(s.average_wait),
                    s.p90_wait.to_string(),
                    dash(s.average_service.map(minutes_text)),
                    share_text(s.within_share()),
                ]
            })
            .collect();
        self.table(&columns, rows);
    }

    /// The charts of the chief's screen, drawn as vector bars: arrivals per hour beside the
    /// average wait per service.
    fn charts(&mut self, series: &Series) {
        if series.arrivals.is_empty() {
            return;
        }
        let height = 150.0;
        self.room_for(height + 40.0);
        self.y += 18.0;
        let top = self.y;
        let half = WIDTH / 2.0 - 12.0;
        // Arrivals per hour: columns.
        self.text(MARGIN, top, 9.0, true, "Kedatangan tamu per jam");
        let max = series.arrivals.iter().map(|p| p.value).fold(1.0, f64::max) as f32;
        let base = top + height - 14.0;
        let plot = height - 40.0;
        let slot = half / series.arrivals.len() as f32;
        self.line(MARGIN, base, MARGIN + half, base, 0.5);
        for (i, p) in series.arrivals.iter().enumerate() {
            let h = plot * p.value as f32 / max;
            let x = MARGIN + slot * i as f32 + slot * 0.15;
            let w = slot * 0.7;
            self.push(Op::Bar {
                x,
                y: base - h,
                w,
                h,
                warn: p.warn,
            });
            if p.value > 0.0 {
                self.text(
                    x + w / 2.0 - 3.0,
                    base - h - 3.0,
                    7.0,
                    false,
                    &chart::number(p.value),
                );
            }
            self.text(x, base + 9.0, 6.5, false, &p.label);
        }
        // Average wait per service: bars.
        let left = MARGIN + WIDTH / 2.0 + 12.0;
        self.text(
            left,
            top,
            9.0,
            true,
            "Rata-rata waktu tunggu per layanan (menit)",
        );
        let labels = chart::labels(&series.services, 48);
        let max = series.services.iter().map(|p| p.value).fold(1.0, f64::max) as f32;
        let label_w = 170.0;
        let room = half - label_w - 40.0;
        let row = ((height - 24.0) / series.services.len().max(1) as f32).min(16.0);
        for (i, (p, label)) in series.services.iter().zip(labels).enumerate() {
            let y = top + 12.0 + row * i as f32;
            let w = room * p.value as f32 / max;
            self.text(left, y + row * 0.65, 6.5, false, &label);
            self.push(Op::Bar {
                x: left + label_w,
                y: y + 2.0,
                w,
                h: row - 4.0,
                warn: p.warn,
            });
            let value = chart::number(p.value);
            self.text(left + label_w + w + 4.0, y + row * 0.65, 7.0, false, &value);
        }
        self.y = top + height;
    }

    fn signature(&mut self) {
        let log = self.log;
        let width = 280.0;
        let x0 = PAGE_W - MARGIN - width;
        let title = wrap(&self.faces.regular, &log.chief_title(), 9.0, width, 2);
        let height = 14.0 * (3.0 + title.len() as f32) + 56.0;
        self.y += 18.0;
        self.room_for(height);
        let centre = |layout: &mut Self, y: f32, bold: bool, text: &str| {
            let w = layout.faces.face(bold).width(text, 9.0);
            layout.text(x0 + (width - w) / 2.0, y, 9.0, bold, text);
            w
        };
        let mut y = self.y + 10.0;
        centre(
            self,
            y,
            false,
            &format!("{}, {}", log.place(), date_long(log.made_on)),
        );
        for line in &title {
            y += 13.0;
            centre(self, y, false, line);
        }
        y += 60.0;
        let dots = "......................................................";
        match &log.chief.name {
            Some(name) => {
                let w = centre(self, y, true, name);
                let left = x0 + (width - w) / 2.0;
                self.line(left, y + 1.8, left + w, y + 1.8, 0.6);
            }
            None => {
                centre(self, y, false, dots);
            }
        }
        y += 13.0;
        let nip = match &log.chief.nip {
            Some(nip) => format!("NIP. {}", nip_text(nip)),
            None => "NIP. ............................................".to_string(),
        };
        centre(self, y, false, &nip);
        self.y = y + 6.0;
    }
}

/// A NIP as it is printed: "19780101 200312 1 001" (birth date, appointment, sex, serial).
pub fn nip_text(nip: &str) -> String {
    if nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &nip[0..8],
            &nip[8..14],
            &nip[14..15],
            &nip[15..18]
        )
    } else {
        nip.to_string()
    }
}

fn black() -> Fill {
    Fill::default()
}

fn draw(surface: &mut Surface<'_>, faces: &Faces, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            gray,
            text,
        } => {
            if text.is_empty() {
                return;
            }
            surface.set_stroke(None);
            let fill = if *gray {
                Fill {
                    paint: rgb::Color::new(90, 90, 90).into(),
                    ..Fill::default()
                }
            } else {
                black()
            };
            surface.set_fill(Some(fill));
            let face = faces.face(*bold);
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &face.glyphs(text),
                face.font.clone(),
                text,
                *size,
                false,
            );
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Bar { x, y, w, h, warn } => {
            let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.5), h.max(0.5)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                let colour = if *warn {
                    rgb::Color::new(176, 42, 55)
                } else {
                    rgb::Color::new(20, 108, 67)
                };
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: colour.into(),
                    ..Fill::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Frame { x, y, w, h, shaded } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_fill(shaded.then(|| Fill {
                    paint: rgb::Color::new(217, 226, 243).into(),
                    ..Fill::default()
                }));
                surface.set_stroke(Some(Stroke {
                    width: 0.4,
                    paint: rgb::Color::new(110, 110, 110).into(),
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
    }
}

/// The PDF's bytes.
///
/// The pages are laid out twice: first only counted, then drawn one at a time, each as soon
/// as it is full. krilla keeps every finished page's content stream (compressed) until
/// [`Document::finish`] writes the file into one buffer; it cannot write pages out as it
/// goes, so the file's own size stays in memory, twice at the end.
pub fn to_pdf(log: &GuestLog, recap: &Recap, feedback: &Feedback) -> CoreResult<Vec<u8>> {
    let faces = Faces {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    };
    let series = series(&log.rows, recap);
    let lay_out = |layout: &mut Layout<'_, '_>| {
        layout.first_page();
        layout.guests();
        layout.recap(recap, feedback);
        layout.charts(&series);
        layout.signature();
        layout.end_page();
    };
    let mut counted = Layout {
        faces: &faces,
        log,
        page: Vec::new(),
        finished: 0,
        output: None,
        y: 0.0,
    };
    lay_out(&mut counted);
    let total = counted.finished;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("Buku Tamu Harian {} {}", log.unit, log.period))
            .language("id".into())
            .creator("Loket".into()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| failed("ukuran halaman"))?;
    let mut drawn = Layout {
        faces: &faces,
        log,
        page: Vec::new(),
        finished: 0,
        output: Some(Output {
            document: &mut document,
            settings,
            total,
        }),
        y: 0.0,
    };
    lay_out(&mut drawn);
    if drawn.finished != total {
        return Err(failed(format!(
            "{} halaman tersusun, {total} terhitung",
            drawn.finished
        )));
    }
    drop(drawn);
    document.finish().map_err(|e| failed(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_and_is_cut_with_an_ellipsis() {
        let face = Face::load(REGULAR).unwrap();
        let short = wrap(&face, "Konsultasi", 7.0, 100.0, 3);
        assert_eq!(short, vec!["Konsultasi"]);
        let long = "Konsultasi rencana kegiatan CSR perusahaan di desa sekitar tambang ".repeat(4);
        let lines = wrap(&face, &long, 7.0, 80.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        assert!(lines.iter().all(|l| face.width(l, 7.0) <= 80.0));
        let word = wrap(&face, &"A".repeat(60), 7.0, 40.0, 2);
        assert_eq!(word.len(), 2);
        assert_eq!(nip_text("197801012003121001"), "19780101 200312 1 001");
    }
}
