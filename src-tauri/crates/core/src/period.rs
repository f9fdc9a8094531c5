//! A reporting period: the office days `from` to `to`, both included, as the chief's recaps
//! (survey index, complaints) ask for them. Checked once here so every recap refuses a bad
//! period with the same words.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::locale::date_long;

/// Longest period one recap may cover.
pub const MAX_DAYS: i64 = 366;

/// Office days `from` to `to`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A checked period: `to` not before `from`, at most [`MAX_DAYS`] days.
    pub fn new(from: NaiveDate, to: NaiveDate) -> CoreResult<Period> {
        if to < from {
            return Err(CoreError::invalid(
                "Periode",
                "tanggal akhir sebelum tanggal awal.",
            ));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(CoreError::invalid(
                "Periode",
                format!("paling panjang {MAX_DAYS} hari."),
            ));
        }
        Ok(Period { from, to })
    }

    /// The period checked again (it may come straight from a request).
    pub fn checked(self) -> CoreResult<Period> {
        Period::new(self.from, self.to)
    }

    /// "23 November 2026" or "1 November 2026 s.d. 30 November 2026".
    pub fn label(self) -> String {
        if self.from == self.to {
            date_long(self.from)
        } else {
            format!("{} s.d. {}", date_long(self.from), date_long(self.to))
        }
    }

    /// The first and last day as stored (`YYYY-MM-DD`), for SQL ranges.
    pub fn bounds(self) -> (String, String) {
        (self.from.to_string(), self.to.to_string())
    }
}

/// "November 2026" for a day of that month.
pub fn month_label(day: NaiveDate) -> String {
    let first = day.with_day(1).unwrap_or(day);
    let long = date_long(first);
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_is_checked_and_named_in_indonesian() {
        let p = Period::new(d("2026-11-01"), d("2026-11-30")).unwrap();
        assert_eq!(p.label(), "1 November 2026 s.d. 30 November 2026");
        assert_eq!(
            Period::new(d("2026-11-23"), d("2026-11-23"))
                .unwrap()
                .label(),
            "23 November 2026"
        );
        let err = Period::new(d("2026-11-30"), d("2026-11-01")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Periode: tanggal akhir sebelum tanggal awal."
        );
        assert!(Period::new(d("2026-01-01"), d("2027-01-02")).is_err());
        assert_eq!(month_label(d("2026-11-23")), "November 2026");
    }
}
