//! A reporting period: the office days `from` to `to`, both included, as the chief's reports
//! (guest log, performance, survey index, complaints) ask for them; the day, week or month
//! around a date; and a date as a request gives it. Checked once here so every report
//! refuses a bad period with the same words.

use chrono::{Datelike, Duration, NaiveDate};
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

/// Reads a date as requests give it (`YYYY-MM-DD`); a refusal names the `field` and the text.
pub fn parse_day(field: &str, text: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CoreError::invalid(
            field,
            format!(
                "\"{}\" bukan tanggal yang sah (TTTT-BB-HH, mis. 2026-11-23).",
                text.trim()
            ),
        )
    })
}

/// The span of the chief's view around a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    #[default]
    Day,
    /// Monday to Sunday of the day's week.
    Week,
    /// The day's calendar month.
    Month,
}

impl Span {
    /// The period of this span around `day`.
    pub fn around(self, day: NaiveDate) -> Period {
        let (from, to) = match self {
            Span::Day => (day, day),
            Span::Week => {
                let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
                (monday, monday + Duration::days(6))
            }
            Span::Month => {
                let first = day.with_day(1).unwrap_or(day);
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                };
                (first, next.map_or(first, |n| n - Duration::days(1)))
            }
        };
        Period { from, to }
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

    #[test]
    fn a_week_runs_monday_to_sunday_and_a_month_to_its_last_day() {
        let around = |span: Span, day| {
            let p = span.around(d(day));
            (p.from.to_string(), p.to.to_string())
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            around(Span::Day, "2026-11-23"),
            pair("2026-11-23", "2026-11-23")
        );
        assert_eq!(
            around(Span::Week, "2026-11-25"),
            pair("2026-11-23", "2026-11-29")
        );
        assert_eq!(
            around(Span::Week, "2026-11-29"),
            pair("2026-11-23", "2026-11-29")
        );
        assert_eq!(
            around(Span::Month, "2026-12-15"),
            pair("2026-12-01", "2026-12-31")
        );
        assert_eq!(
            around(Span::Month, "2028-02-10"),
            pair("2028-02-01", "2028-02-29")
        );
    }

    #[test]
    fn a_date_that_is_not_one_is_refused_with_its_text() {
        assert_eq!(
            parse_day("Tanggal", " 2026-11-23 ").unwrap(),
            d("2026-11-23")
        );
        let err = parse_day("Tanggal awal", "23/11/2026")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("Tanggal awal: \"23/11/2026\""), "{err}");
    }
}
