//! The guest log as CSV, as Excel in Indonesia opens it: UTF-8 with BOM, semicolons between
//! fields, CRLF, one heading row; text that Excel would take for a formula kept as text.

use super::log::{GuestLog, HEADINGS};

fn csv_field(text: &str) -> String {
    // Excel would read a leading =, +, - or @ as a formula: keep such text as text.
    let formula = text.len() > 1 && text.starts_with(['=', '+', '-', '@']);
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The log as CSV for Excel in Indonesia: UTF-8 with BOM, `;` between fields, CRLF, a
/// heading row; a period without guests says so in its one row.
pub fn to_csv(log: &GuestLog) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADINGS.join(";"));
    out.push_str("\r\n");
    if log.rows.is_empty() {
        out.push_str(&csv_field(&log.nobody()));
        out.push_str("\r\n");
    }
    for r in &log.rows {
        let fields = r.cells();
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    out
}
