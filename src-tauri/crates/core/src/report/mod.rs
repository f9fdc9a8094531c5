//! The chief's reports: the daily guest log (Buku Tamu Harian) of a day or a range and its
//! recap, exported as CSV, XLSX or PDF.
//!
//! - [`log`]: the log's rows and letterhead, read from the visits.
//! - [`recap`]: the figures of the period, computed from the rows.
//! - [`feedback`]: the survey's index and the complaints of the period, for the recap.
//! - [`csv`], [`xlsx`], [`pdf`]: the three forms of the log.
//! - [`performance`]: the chief's screen: the recap, what needs attention, charts, the SKM.
//!
//! [`export`] builds, renders and records an export (who, what, when) in the append-only
//! `export_log`, in that order, so a render that fails records nothing.

pub mod csv;
pub mod feedback;
pub mod log;
pub mod pdf;
pub mod performance;
pub mod recap;
pub mod xlsx;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::period::Period;
use crate::store::Store;

pub use self::feedback::Feedback;

pub use self::csv::to_csv;
pub use self::log::{guest_log, GuestLog, LogRow, HEADINGS};
pub use self::pdf::to_pdf;
pub use self::performance::{performance, Performance};
pub use self::recap::{recap, Recap};

/// The forms an export can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    /// All formats, in the order screens offer them.
    pub const ALL: [Format; 3] = [Format::Xlsx, Format::Pdf, Format::Csv];

    /// Reads "csv", "xlsx" or "pdf" (any case, spaces around ignored).
    pub fn parse(text: &str) -> CoreResult<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "pdf" => Ok(Format::Pdf),
            _ => Err(CoreError::invalid(
                "Format",
                format!(
                    "\"{}\" tidak dikenal; pilih xlsx, pdf atau csv.",
                    text.trim()
                ),
            )),
        }
    }

    /// The file extension, also the name recorded in `export_log`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }

    /// What a save dialog calls files of this format.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (titik koma)",
            Format::Xlsx => "Buku kerja Excel",
            Format::Pdf => "Dokumen PDF",
        }
    }

    /// The MIME type to serve the file with.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }

    /// `buku-tamu-2026-11-23.xlsx`, or `buku-tamu-2026-11-01_2026-11-30.pdf` for a range.
    pub fn file_name(self, from: NaiveDate, to: NaiveDate) -> String {
        let ext = self.extension();
        if from == to {
            format!("buku-tamu-{from}.{ext}")
        } else {
            format!("buku-tamu-{from}_{to}.{ext}")
        }
    }
}

/// A rendered export.
#[derive(Debug, Clone)]
pub struct Export {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub mime: &'static str,
    pub format: Format,
    /// How many visits the log holds.
    pub visits: usize,
    /// The period in Indonesian, e.g. "Senin, 23 November 2026".
    pub period: String,
}

/// Renders the guest log of `from`..=`to` in `format`, without recording it.
pub fn render(
    store: &Store,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
) -> CoreResult<Export> {
    let period = Period::new(from, to)?;
    let (bytes, log) = match format {
        Format::Xlsx => xlsx::read_and_write(store, ctx, period)?,
        Format::Csv => {
            let log = guest_log(store, ctx, from, to)?;
            (to_csv(&log).into_bytes(), log)
        }
        Format::Pdf => {
            let log = guest_log(store, ctx, from, to)?;
            let pdf = to_pdf(&log, &recap(&log.rows), &Feedback::of(store, period)?)?;
            (pdf, log)
        }
    };
    Ok(Export {
        bytes,
        file_name: format.file_name(from, to),
        mime: format.mime(),
        format,
        visits: log.rows.len(),
        period: log.period,
    })
}

/// Renders the guest log, hands it to `deliver` (e.g. writing the file), and records the
/// export; the record is kept only if rendering and delivering both succeed.
pub fn export_with(
    store: &mut Store,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    deliver: impl FnOnce(&Export) -> CoreResult<()>,
) -> CoreResult<Export> {
    let export = render(store, ctx, from, to, format)?;
    let tx = store.conn_mut().transaction()?;
    insert_export(&tx, ctx, format.extension(), from, to, export.visits)?;
    deliver(&export)?;
    tx.commit()?;
    Ok(export)
}

/// Renders the guest log of a period and records the export.
pub fn export(
    store: &mut Store,
    ctx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
) -> CoreResult<Export> {
    export_with(store, ctx, from, to, format, |_| Ok(()))
}

/// Writes `bytes` to `out` through a temporary file beside it, so a reader never sees half a
/// file and a failed write leaves the old file as it was.
pub fn write_file(out: &std::path::Path, bytes: &[u8]) -> Result<(), CoreError> {
    use std::io::Write;
    let failed = |e: std::io::Error| CoreError::Storage(format!("{}: {e}", out.display()));
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ekspor".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(failed)
}

fn insert_export(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    format: &str,
    from: NaiveDate,
    to: NaiveDate,
    visits: usize,
) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO export_log (at, actor, format, date_from, date_to, visits) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ctx.now.to_rfc3339(), ctx.actor, format, from.to_string(), to.to_string(), visits as i64],
    )?;
    Ok(())
}

/// Records an export: who, which period, which format, how many visits.
pub fn record_export(
    store: &mut Store,
    ctx: &Ctx,
    format: &str,
    from: NaiveDate,
    to: NaiveDate,
    visits: usize,
) -> CoreResult<()> {
    insert_export(store.conn(), ctx, format, from, to, visits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_their_files() {
        assert_eq!(Format::parse(" XLSX ").unwrap(), Format::Xlsx);
        assert_eq!(Format::parse("pdf").unwrap(), Format::Pdf);
        assert_eq!(Format::parse("csv").unwrap(), Format::Csv);
        let err = Format::parse("docx").unwrap_err().to_string();
        assert!(err.contains("\"docx\" tidak dikenal"), "{err}");
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        assert_eq!(
            Format::Xlsx.file_name(d(23), d(23)),
            "buku-tamu-2026-11-23.xlsx"
        );
        assert_eq!(
            Format::Pdf.file_name(d(1), d(30)),
            "buku-tamu-2026-11-01_2026-11-30.pdf"
        );
        assert_eq!(Format::Pdf.mime(), "application/pdf");
    }
}
