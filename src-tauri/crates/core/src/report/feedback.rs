//! What the guests said in the period, for the recap of the exported log: the satisfaction
//! survey's index (anonymous) and the complaints, suggestions and feedback received, as the
//! lines the spreadsheet and the PDF print under the visit figures.

use crate::complaints::{self, Counts, ListArgs};
use crate::error::CoreResult;
use crate::period::Period;
use crate::store::Store;
use crate::survey::recap::{self as survey, IndexView};

/// The survey and the complaints of a period.
#[derive(Debug, Clone)]
pub struct Feedback {
    /// The period's index, once someone answered.
    pub skm: Option<IndexView>,
    pub complaints: Counts,
}

impl Feedback {
    /// The feedback of the office days of `period`.
    pub fn of(store: &Store, period: Period) -> CoreResult<Feedback> {
        let skm = survey::report(store, period)?.overall;
        let complaints = complaints::list(
            store,
            &ListArgs {
                from: period.from,
                to: period.to,
                status: None,
            },
        )?
        .counts;
        Ok(Feedback { skm, complaints })
    }

    /// The recap's lines: a label and its value, in Indonesian.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let skm = match &self.skm {
            Some(i) => format!(
                "{} — mutu {:?} ({}), {} responden",
                format!("{:.2}", i.score).replace('.', ","),
                i.grade,
                i.grade_label,
                i.respondents
            ),
            None => "belum ada responden".into(),
        };
        let c = &self.complaints;
        let kinds = c
            .by_kind
            .iter()
            .map(|k| format!("{} {}", k.count, k.label.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ");
        let done = c
            .by_status
            .iter()
            .find(|s| s.key == "selesai")
            .map_or(0, |s| s.count);
        let complaints = if c.total == 0 {
            "tidak ada".to_string()
        } else {
            format!(
                "{} diterima ({kinds}); {done} selesai ditindaklanjuti",
                c.total
            )
        };
        vec![
            ("Indeks Kepuasan Masyarakat (SKM)", skm),
            ("Pengaduan, saran dan masukan", complaints),
        ]
    }
}
