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

    /// Where the service stands at `time` of a `day`: open, not yet open, in its break (or
    /// between two windows), closed for the day, or not open on that weekday. Clock times
    /// are the region's, as the hours are stated.
    pub fn moment(&self, day: Weekday, time: NaiveTime) -> Moment {
        let windows: Vec<(NaiveTime, NaiveTime)> = self
            .windows
            .iter()
            .filter(|w| w.days.iter().any(|d| d.weekday() == day))
            .filter_map(|w| Some((parse_clock(&w.open)?, parse_clock(&w.close)?)))
            .collect();
        if windows.is_empty() {
            return Moment::NotToday;
        }
        if windows
            .iter()
            .any(|(open, close)| *open <= time && time < *close)
        {
            let on_break = self
                .breaks
                .iter()
                .filter(|b| match &b.days {
                    Some(days) => days.iter().any(|d| d.weekday() == day),
                    None => true,
                })
                .filter_map(|b| Some((parse_clock(&b.start)?, parse_clock(&b.end)?)))
                .filter(|(start, end)| *start <= time && time < *end)
                .map(|(_, end)| end)
                .max();
            return on_break.map_or(Moment::Open, Moment::Break);
        }
        let next = windows
            .iter()
            .map(|(open, _)| *open)
            .filter(|open| *open > time)
            .min();
        let started = windows.iter().any(|(open, _)| *open <= time);
        match next {
            Some(open) if started => Moment::Break(open),
            Some(open) => Moment::Before(open),
            None => Moment::After,
        }
    }
}

/// Where a service stands at a moment of the day (see [`Hours::moment`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Open,
    /// Not open yet today; opens at the time.
    Before(NaiveTime),
    /// In a break (or between two windows) until the time.
    Break(NaiveTime),
    /// Closed for the rest of the day.
    After,
    /// Does not open on this weekday.
    NotToday,
}

/// What the waiting room and the officials are told about the bagian's services at a moment:
/// none while any of them is open (or when none states hours or opens today: the closed-day
/// notice says that), else "Istirahat sampai 14.00" when one is in its break, "Layanan dibuka
/// pukul 08.30" before the first opens, "Layanan telah ditutup" once all have closed.
pub fn outside_hours_notice<'a>(
    hours: impl IntoIterator<Item = &'a Hours>,
    day: Weekday,
    time: NaiveTime,
) -> Option<String> {
    let moments: Vec<Moment> = hours.into_iter().map(|h| h.moment(day, time)).collect();
    if moments.contains(&Moment::Open) {
        return None;
    }
    let hhmm = |t: NaiveTime| t.format("%H.%M").to_string();
    let first = |pick: fn(&Moment) -> Option<NaiveTime>| moments.iter().filter_map(pick).min();
    if let Some(until) = first(|m| match m {
        Moment::Break(t) => Some(*t),
        _ => None,
    }) {
        return Some(format!("Istirahat sampai {}", hhmm(until)));
    }
    if let Some(open) = first(|m| match m {
        Moment::Before(t) => Some(*t),
        _ => None,
    }) {
        return Some(format!("Layanan dibuka pukul {}", hhmm(open)));
    }
    moments
        .contains(&Moment::After)
        .then(|| "Layanan telah ditutup".to_string())
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

    fn at(hhmm: &str) -> NaiveTime {
        parse_clock(hhmm).unwrap()
    }

    #[test]
    fn knows_where_the_service_stands_over_a_day() {
        let hours = perekonomian_hours();
        let mon = |t| hours.moment(Weekday::Mon, at(t));
        assert_eq!(mon("07:59"), Moment::Before(at("08:30")));
        assert_eq!(mon("08:30"), Moment::Open);
        assert_eq!(mon("12:29"), Moment::Open);
        assert_eq!(mon("12:30"), Moment::Break(at("14:00")));
        assert_eq!(mon("14:00"), Moment::Open);
        assert_eq!(mon("16:00"), Moment::After);
        assert_eq!(hours.moment(Weekday::Fri, at("12:00")), Moment::After);
        assert_eq!(hours.moment(Weekday::Sat, at("10:00")), Moment::NotToday);
    }

    #[test]
    fn tells_the_waiting_room_when_service_resumes() {
        let hours = [perekonomian_hours()];
        let notice = |t| outside_hours_notice(&hours, Weekday::Mon, at(t));
        assert_eq!(
            notice("07:15").as_deref(),
            Some("Layanan dibuka pukul 08.30")
        );
        assert_eq!(notice("10:00"), None);
        assert_eq!(notice("13:05").as_deref(), Some("Istirahat sampai 14.00"));
        assert_eq!(notice("16:30").as_deref(), Some("Layanan telah ditutup"));
        // A day it does not open is the closed-day notice's to say.
        assert_eq!(
            outside_hours_notice(&hours, Weekday::Sun, at("10:00")),
            None
        );
        // One service open is enough: no notice.
        let mut late = perekonomian_hours();
        late.breaks.clear();
        assert_eq!(
            outside_hours_notice(&[perekonomian_hours(), late], Weekday::Mon, at("13:05")),
            None
        );
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
