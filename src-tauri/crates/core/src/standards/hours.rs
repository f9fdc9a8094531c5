//! A service's opening hours: checking them and saying them on screen.
//!
//! Hours are stated in the region's time zone; "Senin–Kamis 08.30–16.00, Jumat 09.00–11.00
//! WITA; istirahat 12.30–14.00" is the label the desk shows.

use chrono::{NaiveTime, Weekday};

use super::model::{Day, Hours};
use crate::locale::{clock, day_name, zone_abbreviation};

/// Parses a `HH:MM` clock time of a standards file.
pub fn parse_clock(hhmm: &str) -> Option<NaiveTime> {
    if hhmm.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(hhmm, "%H:%M").ok()
}

/// "Senin–Kamis" for a run of consecutive days, "Senin, Rabu" otherwise.
fn days_label(days: &[Day]) -> String {
    let mut sorted = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let consecutive = sorted.windows(2).all(|w| w[1] as u8 == w[0] as u8 + 1);
    match sorted.as_slice() {
        [] => String::new(),
        [one] => day_name(*one).to_string(),
        [first, .., last] if consecutive => format!("{}–{}", day_name(*first), day_name(*last)),
        many => many
            .iter()
            .map(|d| day_name(*d))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl Hours {
    /// Problems with these hours (bad times, a window that closes before it opens), worded
    /// for the import error message.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.windows.is_empty() {
            out.push("jam layanan tanpa satu pun rentang waktu (windows)".to_string());
        }
        let spans = self
            .windows
            .iter()
            .map(|w| (w.open.as_str(), w.close.as_str(), "windows"))
            .chain(
                self.breaks
                    .iter()
                    .map(|b| (b.start.as_str(), b.end.as_str(), "breaks")),
            );
        for (from, to, field) in spans {
            match (parse_clock(from), parse_clock(to)) {
                (Some(a), Some(b)) if a < b => {}
                (Some(_), Some(_)) => {
                    out.push(format!("{field}: {from} tidak sebelum {to}"));
                }
                _ => out.push(format!(
                    "{field}: jam \"{from}\"–\"{to}\" tidak berbentuk JJ:MM"
                )),
            }
        }
        for w in &self.windows {
            if w.days.is_empty() {
                out.push("windows: rentang waktu tanpa hari".to_string());
            }
        }
        out
    }

    /// The hours as the desk says them, with the zone's abbreviation.
    pub fn label(&self, timezone: &str) -> String {
        let zone = zone_abbreviation(timezone);
        let windows = self
            .windows
            .iter()
            .map(|w| {
                format!(
                    "{} {}–{}",
                    days_label(&w.days),
                    clock(&w.open),
                    clock(&w.close)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut label = format!("{windows} {zone}").trim_end().to_string();
        for b in &self.breaks {
            let days = b
                .days
                .as_deref()
                .map(|d| format!(" ({})", days_label(d)))
                .unwrap_or_default();
            label.push_str(&format!(
                "; istirahat {}–{}{days}",
                clock(&b.start),
                clock(&b.end)
            ));
        }
        label
    }
}

impl Hours {
    /// The hours of one weekday as the waiting room reads them: "08.30–16.00 WITA;
    /// istirahat 12.30–14.00", with only the breaks that fall inside that day's opening
    /// hours. None when the service does not open on that weekday.
    pub fn label_on(&self, day: Weekday, timezone: &str) -> Option<String> {
        let windows: Vec<_> = self
            .windows
            .iter()
            .filter(|w| w.days.iter().any(|d| d.weekday() == day))
            .collect();
        if windows.is_empty() {
            return None;
        }
        let zone = zone_abbreviation(timezone);
        let spans = windows
            .iter()
            .map(|w| format!("{}–{}", clock(&w.open), clock(&w.close)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut label = format!("{spans} {zone}").trim_end().to_string();
        for b in &self.breaks {
            let applies = match &b.days {
                Some(days) => days.iter().any(|d| d.weekday() == day),
                None => true,
            };
            // "HH:MM" compares as text in clock order.
            let inside = windows
                .iter()
                .any(|w| b.start.as_str() < w.close.as_str() && b.end.as_str() > w.open.as_str());
            if applies && inside {
                label.push_str(&format!(
                    "; istirahat {}–{}",
                    clock(&b.start),
                    clock(&b.end)
                ));
            }
        }
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::model::{Break, Window};

    /// The Perekonomian desk's hours: Monday to Thursday 08.30–16.00, Friday 09.00–11.00, a
    /// break 12.30–14.00.
    fn perekonomian_hours() -> Hours {
        Hours {
            source: "Senin s/d Kamis …".into(),
            windows: vec![
                Window {
                    days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu],
                    open: "08:30".into(),
                    close: "16:00".into(),
                },
                Window {
                    days: vec![Day::Fri],
                    open: "09:00".into(),
                    close: "11:00".into(),
                },
            ],
            breaks: vec![Break {
                days: None,
                start: "12:30".into(),
                end: "14:00".into(),
            }],
        }
    }

    #[test]
    fn says_the_perekonomian_hours_as_the_desk_would() {
        let hours = perekonomian_hours();
        assert!(hours.problems().is_empty());
        assert_eq!(
            hours.label("Asia/Makassar"),
            "Senin–Kamis 08.30–16.00, Jumat 09.00–11.00 WITA; istirahat 12.30–14.00"
        );
    }

    #[test]
    fn finds_a_window_that_closes_before_it_opens() {
        let hours = Hours {
            source: "x".into(),
            windows: vec![Window {
                days: vec![Day::Mon],
                open: "16:00".into(),
                close: "08:30".into(),
            }],
            breaks: vec![],
        };
        assert_eq!(hours.problems().len(), 1);
        assert!(parse_clock("8:30").is_none());
        assert!(parse_clock("24:00").is_none());
    }

    #[test]
    fn says_one_day_of_the_hours_with_the_breaks_inside_it() {
        let hours = perekonomian_hours();
        assert_eq!(
            hours.label_on(Weekday::Mon, "Asia/Makassar").as_deref(),
            Some("08.30–16.00 WITA; istirahat 12.30–14.00")
        );
        // Friday closes before the break.
        assert_eq!(
            hours.label_on(Weekday::Fri, "Asia/Jakarta").as_deref(),
            Some("09.00–11.00 WIB")
        );
        assert_eq!(hours.label_on(Weekday::Sat, "Asia/Makassar"), None);
    }
}
