//! The office calendar: holidays, working days, and whether a service is open right now.
//!
//! A working day (hari kerja) is Monday to Friday that is neither a national holiday (libur
//! nasional) nor a collective leave day (cuti bersama). The holidays ship with Loket
//! (`data/holidays/indonesia.json`, see its README); admins add their own on top.
//!
//! Every clock question is answered in the office's own time zone: a visit at 23.59 WITA is
//! on that local day although it is already 15.59 UTC, and a ticket number resets at local
//! midnight, not at midnight UTC. Indonesian zones have no daylight saving time.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::locale::{clock, date_with_weekday, weekday_name, zone_abbreviation};
use crate::standards::hours::parse_clock;
use crate::standards::model::{Day, Hours};

/// The holidays shipped with Loket.
const BUNDLED_HOLIDAYS: &str = include_str!("../../../../data/holidays/indonesia.json");

/// The version of the holidays file this build reads.
pub const HOLIDAYS_SCHEMA: u32 = 1;

/// How far ahead [`opening`] looks for the next time a service opens.
pub const NEXT_OPEN_SEARCH_DAYS: u64 = 60;

/// Why the office is shut on a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A national public holiday (hari libur nasional).
    LiburNasional,
    /// A collective leave day (cuti bersama) set by the SKB 3 Menteri.
    CutiBersama,
    /// Any other day the office is shut, added by an admin.
    Lainnya,
}

/// A day on which no service is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    /// The occasion as the decree words it, e.g. "Tahun Baru 2026 Masehi".
    pub name: String,
    pub kind: HolidayKind,
}

/// The shape of `data/holidays/indonesia.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaysFile {
    schema: u32,
    /// The decrees the list follows; for people reading the file, not used by the code.
    #[allow(dead_code)]
    source: String,
    days: Vec<Holiday>,
}

/// The holidays an office keeps, one per date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, Holiday>,
}

impl Calendar {
    /// The holidays shipped with Loket: Indonesia's national holidays and cuti bersama.
    /// Parsed once per process: every check-in and every screen with a service's hours
    /// asks for it.
    pub fn bundled() -> Calendar {
        static BUNDLED: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                Calendar::from_json(BUNDLED_HOLIDAYS)
                    .expect("the bundled holidays are checked by tests")
            })
            .clone()
    }

    /// Reads a holidays file in the format of `data/holidays/indonesia.json`; a file of
    /// another schema version is refused.
    pub fn from_json(text: &str) -> Result<Calendar, serde_json::Error> {
        let file: HolidaysFile = serde_json::from_str(text)?;
        if file.schema != HOLIDAYS_SCHEMA {
            return Err(serde::de::Error::custom(format!(
                "skema berkas hari libur {} tidak dikenal; versi ini membaca skema {}",
                file.schema, HOLIDAYS_SCHEMA
            )));
        }
        Ok(Calendar::default().with(file.days))
    }

    /// This calendar with more holidays (an admin's additions). A day already in the calendar
    /// is replaced by the new entry for the same date.
    pub fn with(mut self, extra: impl IntoIterator<Item = Holiday>) -> Calendar {
        for holiday in extra {
            self.days.insert(holiday.date, holiday);
        }
        self
    }

    /// The holiday on this date, if any.
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.days.get(&date)
    }

    /// Every holiday, by date.
    pub fn holidays(&self) -> impl Iterator<Item = &Holiday> {
        self.days.values()
    }

    /// Monday to Friday and not a holiday or cuti bersama.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.holiday(date).is_none()
    }

    /// The deadline of an "`n` hari kerja" limit for something received on `start`: the
    /// `n`-th working day after `start`, counting from the day after it. The day of receipt
    /// never counts, whatever the hour, and need not itself be a working day: received on a
    /// Friday with 1 working day, the deadline is the next Monday (or the first working day
    /// after it, if Monday is a holiday); received on a Saturday, also that Monday. With
    /// `n` = 0 the deadline is `start` itself.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = next_day(date);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// How many working days pass from `from` to `to`: the working days after `from` up to
    /// and including `to`, so that `working_days_between(d, add_working_days(d, n)) == n`.
    /// Negative when `to` is before `from`; 0 on the same day.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = 0;
        let mut date = from;
        while date < to {
            date = next_day(date);
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1))
        .expect("dates stay far inside chrono's range")
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The office's local date at instant `at`: the day a visit or a ticket belongs to.
pub fn office_day(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Whether a service is open at some instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Opening {
    /// Open; closes at `closes_at`: the end of the current window or the start of the next
    /// break, whichever comes first.
    Open { closes_at: DateTime<Utc> },
    /// Closed at instant `at`; opens next at `next_open`, or `None` when it does not open in
    /// the next [`NEXT_OPEN_SEARCH_DAYS`] days.
    Closed {
        reason: ClosedReason,
        at: DateTime<Utc>,
        next_open: Option<DateTime<Utc>>,
    },
}

/// Why a service is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ClosedReason {
    /// A service day, before the first window opens.
    BeforeOpening,
    /// A service day, inside a break (or between two windows); local times in the office zone.
    Break { start: NaiveTime, end: NaiveTime },
    /// A service day, after the last window closed.
    AfterClosing,
    /// The service's hours list no window on this weekday.
    NotAServiceDay,
    /// A holiday or cuti bersama: every service is closed.
    Holiday { name: String, kind: HolidayKind },
}

/// The chrono weekday as a day of a standards file.
fn day_of(weekday: Weekday) -> Day {
    match weekday {
        Weekday::Mon => Day::Mon,
        Weekday::Tue => Day::Tue,
        Weekday::Wed => Day::Wed,
        Weekday::Thu => Day::Thu,
        Weekday::Fri => Day::Fri,
        Weekday::Sat => Day::Sat,
        Weekday::Sun => Day::Sun,
    }
}

type Span = (NaiveTime, NaiveTime);

/// The windows open on `day`, sorted and with overlapping windows merged.
fn windows_on(hours: &Hours, day: Day) -> Vec<Span> {
    let mut spans: Vec<Span> = hours
        .windows
        .iter()
        .filter(|w| w.days.contains(&day))
        .filter_map(|w| Some((parse_clock(&w.open)?, parse_clock(&w.close)?)))
        .filter(|(open, close)| open < close)
        .collect();
    spans.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `spans` without the part `cut` covers.
fn subtract(spans: Vec<Span>, cut: Span) -> Vec<Span> {
    spans
        .into_iter()
        .flat_map(|(start, end)| [(start, end.min(cut.0)), (start.max(cut.1), end)])
        .filter(|(start, end)| start < end)
        .collect()
}

/// When the service serves on `day`: its windows less the breaks that apply that day (a
/// break without days applies every day, but only where it falls inside a window).
fn open_spans_on(hours: &Hours, day: Day) -> Vec<Span> {
    hours
        .breaks
        .iter()
        .filter(|b| match &b.days {
            None => true,
            Some(days) => days.contains(&day),
        })
        .filter_map(|b| Some((parse_clock(&b.start)?, parse_clock(&b.end)?)))
        .fold(windows_on(hours, day), subtract)
}

/// The instant a local date and time in `tz` stands for.
fn to_utc(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    let offset = tz
        .offset_from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| tz.offset_from_utc_datetime(&local))
        .fix();
    let utc = local - TimeDelta::seconds(i64::from(offset.local_minus_utc()));
    Utc.from_utc_datetime(&utc)
}

/// Why a service day is closed at `now`, given its windows and open spans.
fn closed_on_service_day(now: NaiveTime, windows: &[Span], spans: &[Span]) -> ClosedReason {
    let (first_open, last_close) = (windows[0].0, windows[windows.len() - 1].1);
    if now < first_open {
        return ClosedReason::BeforeOpening;
    }
    if now >= last_close {
        return ClosedReason::AfterClosing;
    }
    let start = spans
        .iter()
        .map(|s| s.1)
        .chain(windows.iter().map(|w| w.0))
        .filter(|t| *t <= now)
        .max()
        .unwrap_or(first_open);
    let end = spans
        .iter()
        .map(|s| s.0)
        .chain(windows.iter().map(|w| w.1))
        .filter(|t| *t > now)
        .min()
        .unwrap_or(last_close);
    ClosedReason::Break { start, end }
}

/// The first instant after `at` when the service opens, within the search horizon.
fn next_open(
    hours: &Hours,
    tz: Tz,
    at: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<DateTime<Utc>> {
    let today = office_day(tz, at);
    (0..=NEXT_OPEN_SEARCH_DAYS)
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .filter(|date| calendar.holiday(*date).is_none())
        .flat_map(|date| {
            open_spans_on(hours, day_of(date.weekday()))
                .into_iter()
                .map(move |(start, _)| to_utc(tz, date, start))
        })
        .find(|t| *t > at)
}

/// Whether a service with these `hours` (stated in `tz`) is open at instant `at`.
///
/// Holidays and cuti bersama close every service; a weekday the hours do not list is not a
/// service day; a break applies on its days (every day when it names none) and only inside
/// a window. Windows are half-open: open at 08.30 sharp, closed at 16.00 sharp.
pub fn opening(hours: &Hours, tz: Tz, at: DateTime<Utc>, calendar: &Calendar) -> Opening {
    let local = at.with_timezone(&tz);
    let (date, now) = (local.date_naive(), local.time());
    let reason = if let Some(holiday) = calendar.holiday(date) {
        ClosedReason::Holiday {
            name: holiday.name.clone(),
            kind: holiday.kind,
        }
    } else {
        let day = day_of(date.weekday());
        let windows = windows_on(hours, day);
        if windows.is_empty() {
            ClosedReason::NotAServiceDay
        } else {
            let spans = open_spans_on(hours, day);
            if let Some(&(_, end)) = spans.iter().find(|(s, e)| *s <= now && now < *e) {
                return Opening::Open {
                    closes_at: to_utc(tz, date, end),
                };
            }
            closed_on_service_day(now, &windows, &spans)
        }
    };
    Opening::Closed {
        reason,
        at,
        next_open: next_open(hours, tz, at, calendar),
    }
}

/// "08.30 WITA": a local clock time with the zone's abbreviation (if it has one).
fn clock_with_zone(time: NaiveTime, tz: Tz) -> String {
    let hhmm = clock(&time.format("%H:%M").to_string());
    match zone_abbreviation(tz.name()) {
        "" => hhmm,
        zone => format!("{hhmm} {zone}"),
    }
}

/// "pukul 14.00 WITA" when `next` is on the office day of `at`, otherwise
/// "Senin, 30 November 2026 pukul 08.30 WITA".
fn when_label(next: DateTime<Utc>, at: DateTime<Utc>, tz: Tz) -> String {
    let local = next.with_timezone(&tz);
    let time = clock_with_zone(local.time(), tz);
    if local.date_naive() == office_day(tz, at) {
        format!("pukul {time}")
    } else {
        format!("{} pukul {time}", date_with_weekday(local.date_naive()))
    }
}

impl ClosedReason {
    /// The first sentence of the closed message: why.
    fn sentence(&self, at: DateTime<Utc>, tz: Tz) -> String {
        match self {
            ClosedReason::BeforeOpening => "Layanan belum buka.".to_string(),
            ClosedReason::Break { start, end } => format!(
                "Layanan sedang istirahat ({}–{}).",
                clock(&start.format("%H:%M").to_string()),
                clock_with_zone(*end, tz)
            ),
            ClosedReason::AfterClosing => "Di luar jam layanan.".to_string(),
            ClosedReason::NotAServiceDay => format!(
                "Layanan tidak buka pada hari {}.",
                weekday_name(office_day(tz, at).weekday())
            ),
            ClosedReason::Holiday { name, kind } => match kind {
                HolidayKind::LiburNasional => format!("Hari ini libur nasional ({name})."),
                HolidayKind::CutiBersama => format!("Hari ini cuti bersama ({name})."),
                HolidayKind::Lainnya => format!("Hari ini kantor libur ({name})."),
            },
        }
    }
}

impl Opening {
    /// What the desk tells a guest when the service is closed: why, and when it opens next,
    /// in Indonesian. `None` when the service is open.
    pub fn message(&self, tz: Tz) -> Option<String> {
        let Opening::Closed {
            reason,
            at,
            next_open,
        } = self
        else {
            return None;
        };
        let why = reason.sentence(*at, tz);
        let then = match next_open {
            Some(next) if *reason == ClosedReason::BeforeOpening => {
                format!("Buka {}.", when_label(*next, *at, tz))
            }
            Some(next) => format!("Buka lagi {}.", when_label(*next, *at, tz)),
            None => format!("Belum ada jadwal buka dalam {NEXT_OPEN_SEARCH_DAYS} hari ke depan."),
        };
        Some(format!("{why} {then}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::model::{Break, Window};

    const WITA: Tz = chrono_tz::Asia::Makassar;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// The instant of a local WITA date and time.
    fn wita(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        WITA.with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn window(days: &[Day], open: &str, close: &str) -> Window {
        Window {
            days: days.to_vec(),
            open: open.into(),
            close: close.into(),
        }
    }

    fn every_day_break(start: &str, end: &str) -> Break {
        Break {
            days: None,
            start: start.into(),
            end: end.into(),
        }
    }

    /// Bagian Perekonomian dan SDA, Balangan: Senin–Kamis 08.30–16.00, Jumat 09.00–11.00,
    /// istirahat 12.30–14.00 WITA.
    fn perekonomian() -> Hours {
        use Day::*;
        Hours {
            source: "Senin s/d Kamis, dari Jam 08.30 s/d 16.00 Wita Jum'at, dari Jam 09.00 s/d \
                     11.00 Wita … Istirahat Jam 12.30 s/d 14.00 Wita"
                .into(),
            windows: vec![
                window(&[Mon, Tue, Wed, Thu], "08:30", "16:00"),
                window(&[Fri], "09:00", "11:00"),
            ],
            breaks: vec![every_day_break("12:30", "14:00")],
        }
    }

    fn open_until(closes_at: DateTime<Utc>) -> Opening {
        Opening::Open { closes_at }
    }

    fn closed(reason: ClosedReason, at: DateTime<Utc>, next: DateTime<Utc>) -> Opening {
        Opening::Closed {
            reason,
            at,
            next_open: Some(next),
        }
    }

    fn lunch() -> ClosedReason {
        ClosedReason::Break {
            start: time(12, 30),
            end: time(14, 0),
        }
    }

    fn holiday(name: &str, kind: HolidayKind) -> ClosedReason {
        ClosedReason::Holiday {
            name: name.into(),
            kind,
        }
    }

    #[test]
    fn perekonomian_hours_at_the_desk() {
        use ClosedReason::*;
        let calendar = Calendar::bundled();
        let hours = perekonomian();
        // (what, instant, expected state, expected message)
        let cases: Vec<(&str, DateTime<Utc>, Opening, Option<&str>)> = vec![
            (
                "Monday 10.00: open until the break",
                wita(2026, 11, 23, 10, 0),
                open_until(wita(2026, 11, 23, 12, 30)),
                None,
            ),
            (
                "Monday 08.30 sharp: open",
                wita(2026, 11, 23, 8, 30),
                open_until(wita(2026, 11, 23, 12, 30)),
                None,
            ),
            (
                "Monday 08.00: not yet open",
                wita(2026, 11, 23, 8, 0),
                closed(
                    BeforeOpening,
                    wita(2026, 11, 23, 8, 0),
                    wita(2026, 11, 23, 8, 30),
                ),
                Some("Layanan belum buka. Buka pukul 08.30 WITA."),
            ),
            (
                "Monday 12.45: break, back at 14.00 the same day",
                wita(2026, 11, 23, 12, 45),
                closed(
                    lunch(),
                    wita(2026, 11, 23, 12, 45),
                    wita(2026, 11, 23, 14, 0),
                ),
                Some("Layanan sedang istirahat (12.30–14.00 WITA). Buka lagi pukul 14.00 WITA."),
            ),
            (
                "Monday 14.30: open until closing",
                wita(2026, 11, 23, 14, 30),
                open_until(wita(2026, 11, 23, 16, 0)),
                None,
            ),
            (
                "Monday 16.00 sharp: closed, opens Tuesday",
                wita(2026, 11, 23, 16, 0),
                closed(
                    AfterClosing,
                    wita(2026, 11, 23, 16, 0),
                    wita(2026, 11, 24, 8, 30),
                ),
                Some("Di luar jam layanan. Buka lagi Selasa, 24 November 2026 pukul 08.30 WITA."),
            ),
            (
                "Friday 09.30: open until 11.00",
                wita(2026, 11, 27, 9, 30),
                open_until(wita(2026, 11, 27, 11, 0)),
                None,
            ),
            (
                "Friday 11.30: closed until Monday",
                wita(2026, 11, 27, 11, 30),
                closed(
                    AfterClosing,
                    wita(2026, 11, 27, 11, 30),
                    wita(2026, 11, 30, 8, 30),
                ),
                Some("Di luar jam layanan. Buka lagi Senin, 30 November 2026 pukul 08.30 WITA."),
            ),
            (
                "Friday 12.45: the every-day break lies outside Friday's window",
                wita(2026, 11, 27, 12, 45),
                closed(
                    AfterClosing,
                    wita(2026, 11, 27, 12, 45),
                    wita(2026, 11, 30, 8, 30),
                ),
                Some("Di luar jam layanan. Buka lagi Senin, 30 November 2026 pukul 08.30 WITA."),
            ),
            (
                "Friday 11.30 before Hari Lahir Pancasila: opens Tuesday",
                wita(2026, 5, 29, 11, 30),
                closed(
                    AfterClosing,
                    wita(2026, 5, 29, 11, 30),
                    wita(2026, 6, 2, 8, 30),
                ),
                Some("Di luar jam layanan. Buka lagi Selasa, 2 Juni 2026 pukul 08.30 WITA."),
            ),
            (
                "Saturday: not a service day",
                wita(2026, 11, 28, 10, 0),
                closed(
                    NotAServiceDay,
                    wita(2026, 11, 28, 10, 0),
                    wita(2026, 11, 30, 8, 30),
                ),
                Some(
                    "Layanan tidak buka pada hari Sabtu. Buka lagi Senin, 30 November 2026 \
                     pukul 08.30 WITA.",
                ),
            ),
            (
                "Thursday 23.59 WITA: after closing, not 15.59 open",
                wita(2026, 11, 26, 23, 59),
                closed(
                    AfterClosing,
                    utc(2026, 11, 26, 15, 59),
                    wita(2026, 11, 27, 9, 0),
                ),
                Some("Di luar jam layanan. Buka lagi Jumat, 27 November 2026 pukul 09.00 WITA."),
            ),
            (
                "15.59 UTC Thursday is the same instant, and the same answer",
                utc(2026, 11, 26, 15, 59),
                closed(
                    AfterClosing,
                    wita(2026, 11, 26, 23, 59),
                    wita(2026, 11, 27, 9, 0),
                ),
                Some("Di luar jam layanan. Buka lagi Jumat, 27 November 2026 pukul 09.00 WITA."),
            ),
            (
                "Friday 00.30 WITA (Thursday 16.30 UTC): Friday, opens at 09.00 today",
                wita(2026, 11, 27, 0, 30),
                closed(
                    BeforeOpening,
                    utc(2026, 11, 26, 16, 30),
                    wita(2026, 11, 27, 9, 0),
                ),
                Some("Layanan belum buka. Buka pukul 09.00 WITA."),
            ),
            (
                "Christmas 2026, a Friday: closed until Monday 28 December",
                wita(2026, 12, 25, 10, 0),
                closed(
                    holiday("Kelahiran Yesus Kristus", HolidayKind::LiburNasional),
                    wita(2026, 12, 25, 10, 0),
                    wita(2026, 12, 28, 8, 30),
                ),
                Some(
                    "Hari ini libur nasional (Kelahiran Yesus Kristus). Buka lagi Senin, \
                     28 Desember 2026 pukul 08.30 WITA.",
                ),
            ),
            (
                "Christmas Eve 2026: cuti bersama",
                wita(2026, 12, 24, 9, 0),
                closed(
                    holiday("Kelahiran Yesus Kristus", HolidayKind::CutiBersama),
                    wita(2026, 12, 24, 9, 0),
                    wita(2026, 12, 28, 8, 30),
                ),
                Some(
                    "Hari ini cuti bersama (Kelahiran Yesus Kristus). Buka lagi Senin, \
                     28 Desember 2026 pukul 08.30 WITA.",
                ),
            ),
        ];
        for (what, at, expected, message) in cases {
            let got = opening(&hours, WITA, at, &calendar);
            assert_eq!(got, expected, "{what}");
            assert_eq!(got.message(WITA).as_deref(), message, "{what}");
        }
    }

    #[test]
    fn a_break_without_days_applies_on_friday_only_inside_the_window() {
        let mut hours = perekonomian();
        hours.breaks.push(every_day_break("10:00", "10:15"));
        let calendar = Calendar::default();
        assert_eq!(
            opening(&hours, WITA, wita(2026, 11, 27, 9, 30), &calendar),
            open_until(wita(2026, 11, 27, 10, 0))
        );
        let at = wita(2026, 11, 27, 10, 5);
        let got = opening(&hours, WITA, at, &calendar);
        let reason = ClosedReason::Break {
            start: time(10, 0),
            end: time(10, 15),
        };
        assert_eq!(got, closed(reason, at, wita(2026, 11, 27, 10, 15)));
        // The 12.30 break still does nothing on Friday: it lies after the window.
        let at = wita(2026, 11, 27, 12, 45);
        assert!(matches!(
            opening(&hours, WITA, at, &calendar),
            Opening::Closed {
                reason: ClosedReason::AfterClosing,
                ..
            }
        ));
    }

    #[test]
    fn a_break_with_days_applies_only_on_those_days() {
        use Day::*;
        let hours = Hours {
            source: "x".into(),
            windows: vec![window(&[Mon, Tue, Wed, Thu, Fri], "08:00", "16:00")],
            breaks: vec![Break {
                days: Some(vec![Fri]),
                start: "11:30".into(),
                end: "13:00".into(),
            }],
        };
        let calendar = Calendar::default();
        assert_eq!(
            opening(&hours, WITA, wita(2026, 11, 26, 12, 0), &calendar),
            open_until(wita(2026, 11, 26, 16, 0))
        );
        let at = wita(2026, 11, 27, 12, 0);
        let reason = ClosedReason::Break {
            start: time(11, 30),
            end: time(13, 0),
        };
        assert_eq!(
            opening(&hours, WITA, at, &calendar),
            closed(reason, at, wita(2026, 11, 27, 13, 0))
        );
    }

    #[test]
    fn an_admin_holiday_closes_the_office_too() {
        let calendar = Calendar::bundled().with([Holiday {
            date: date(2026, 11, 30),
            name: "Libur kantor".into(),
            kind: HolidayKind::Lainnya,
        }]);
        let at = wita(2026, 11, 27, 11, 30);
        let got = opening(&perekonomian(), WITA, at, &calendar);
        assert_eq!(
            got,
            closed(ClosedReason::AfterClosing, at, wita(2026, 12, 1, 8, 30))
        );
        let at = wita(2026, 11, 30, 9, 0);
        let got = opening(&perekonomian(), WITA, at, &calendar);
        assert_eq!(
            got.message(WITA).unwrap(),
            "Hari ini kantor libur (Libur kantor). Buka lagi Selasa, 1 Desember 2026 pukul \
             08.30 WITA."
        );
    }

    #[test]
    fn says_so_when_nothing_opens_within_the_horizon() {
        let hours = Hours {
            source: "x".into(),
            windows: vec![window(&[Day::Sun], "08:00", "12:00")],
            breaks: vec![],
        };
        // Every Sunday for the next ten weeks is a holiday.
        let sundays = (0..10).map(|w| Holiday {
            date: date(2026, 11, 29) + Days::new(7 * w),
            name: "Libur".into(),
            kind: HolidayKind::Lainnya,
        });
        let calendar = Calendar::default().with(sundays);
        let got = opening(&hours, WITA, wita(2026, 11, 27, 10, 0), &calendar);
        assert_eq!(
            got.message(WITA).unwrap(),
            "Layanan tidak buka pada hari Jumat. Belum ada jadwal buka dalam 60 hari ke depan."
        );
    }

    #[test]
    fn a_visit_belongs_to_the_office_day_not_the_utc_day() {
        // 23.59 WITA on Thursday is 15.59 UTC on the same Thursday.
        let late = wita(2026, 11, 26, 23, 59);
        assert_eq!(late, utc(2026, 11, 26, 15, 59));
        assert_eq!(office_day(WITA, late), date(2026, 11, 26));
        // 00.30 WITA on Friday is still Thursday in UTC, but the visit is on Friday.
        let early = wita(2026, 11, 27, 0, 30);
        assert_eq!(early, utc(2026, 11, 26, 16, 30));
        assert_eq!(early.date_naive(), date(2026, 11, 26));
        assert_eq!(office_day(WITA, early), date(2026, 11, 27));
        // Blitar keeps WIB: the same instant is 23.30 on Thursday there.
        assert_eq!(
            office_day(chrono_tz::Asia::Jakarta, early),
            date(2026, 11, 26)
        );
    }

    #[test]
    fn counts_working_days_across_weekends_and_cuti_bersama() {
        let calendar = Calendar::bundled();
        // (received, n hari kerja, deadline)
        let cases = [
            // Friday + 1: the next Monday.
            (date(2026, 11, 27), 1, date(2026, 11, 30)),
            // Saturday + 1: also that Monday.
            (date(2026, 11, 28), 1, date(2026, 11, 30)),
            // Friday + 5: a week later.
            (date(2026, 11, 27), 5, date(2026, 12, 4)),
            // 0 days: the day itself.
            (date(2026, 11, 27), 0, date(2026, 11, 27)),
            // Tuesday 17 March 2026 + 1: Nyepi, Idul Fitri and their cuti bersama until the 24th.
            (date(2026, 3, 17), 1, date(2026, 3, 25)),
            // Wednesday 23 December 2026 + 1: cuti bersama 24th, Christmas 25th, weekend.
            (date(2026, 12, 23), 1, date(2026, 12, 28)),
            // Friday 15 August 2025 + 1: cuti bersama added for the 80th anniversary.
            (date(2025, 8, 15), 1, date(2025, 8, 19)),
            // 5 hari kerja from Monday 25 May 2026: Idul Adha and its cuti bersama, Pancasila.
            (date(2026, 5, 25), 5, date(2026, 6, 4)),
        ];
        for (received, n, deadline) in cases {
            assert_eq!(
                calendar.add_working_days(received, n),
                deadline,
                "{received} + {n} hari kerja"
            );
            assert_eq!(
                calendar.working_days_between(received, deadline),
                i64::from(n),
                "{received} .. {deadline}"
            );
        }
        assert!(!calendar.is_working_day(date(2026, 3, 20)));
        assert!(!calendar.is_working_day(date(2026, 11, 28)));
        assert!(calendar.is_working_day(date(2026, 3, 25)));
        assert_eq!(
            calendar.working_days_between(date(2026, 11, 30), date(2026, 11, 27)),
            -1
        );
        assert_eq!(
            calendar.working_days_between(date(2026, 11, 27), date(2026, 11, 27)),
            0
        );
    }

    #[test]
    fn working_days_between_undoes_add_working_days() {
        let calendar = Calendar::bundled();
        let mut start = date(2025, 12, 15);
        while start < date(2026, 1, 20) {
            for n in 0..12 {
                let end = calendar.add_working_days(start, n);
                assert_eq!(calendar.working_days_between(start, end), i64::from(n));
                assert!(n == 0 || calendar.is_working_day(end));
            }
            start = next_day(start);
        }
    }

    /// Easter Sunday of a year (the anonymous Gregorian computus).
    fn easter(year: i32) -> NaiveDate {
        let (a, b, c) = (year % 19, year / 100, year % 100);
        let (d, e) = (b / 4, b % 4);
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let (i, k) = (c / 4, c % 4);
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        date(year, month as u32, day as u32)
    }

    #[test]
    fn the_bundled_holidays_are_well_formed() {
        let raw: serde_json::Value = serde_json::from_str(BUNDLED_HOLIDAYS).unwrap();
        assert_eq!(raw["schema"], 1);
        assert!(!raw["source"].as_str().unwrap().is_empty());
        let days = raw["days"].as_array().unwrap();
        let mut previous: Option<NaiveDate> = None;
        for day in days {
            let text = day["date"].as_str().unwrap();
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .unwrap_or_else(|_| panic!("{text} is not a real date"));
            assert_eq!(parsed.format("%Y-%m-%d").to_string(), text, "{text}");
            assert!((2024..=2027).contains(&parsed.year()), "{text}");
            if let Some(previous) = previous {
                assert!(previous < parsed, "{text} is out of order or repeated");
            }
            previous = Some(parsed);
            assert!(!day["name"].as_str().unwrap().trim().is_empty(), "{text}");
        }
        let calendar = Calendar::bundled();
        assert_eq!(calendar.holidays().count(), days.len());
        // Per year: (libur nasional, cuti bersama), as the decrees count them (2024 adds the
        // two election days; 2025 adds cuti bersama on 18 August; 2027 is provisional).
        for (year, libur, cuti) in [(2024, 19, 10), (2025, 17, 11), (2026, 17, 8), (2027, 9, 0)] {
            let count = |kind| {
                calendar
                    .holidays()
                    .filter(|h| h.date.year() == year && h.kind == kind)
                    .count()
            };
            assert_eq!(count(HolidayKind::LiburNasional), libur, "{year}");
            assert_eq!(count(HolidayKind::CutiBersama), cuti, "{year}");
        }
    }

    #[test]
    fn refuses_a_holidays_file_it_cannot_read() {
        let newer = r#"{"schema": 2, "source": "x", "days": []}"#;
        assert!(Calendar::from_json(newer).is_err());
        let bad_date = r#"{"schema": 1, "source": "x",
            "days": [{"date": "2026-02-30", "name": "x", "kind": "libur_nasional"}]}"#;
        assert!(Calendar::from_json(bad_date).is_err());
        let bad_kind = r#"{"schema": 1, "source": "x",
            "days": [{"date": "2026-02-27", "name": "x", "kind": "libur"}]}"#;
        assert!(Calendar::from_json(bad_kind).is_err());
        let ok = r#"{"schema": 1, "source": "x",
            "days": [{"date": "2026-02-27", "name": "Libur kantor", "kind": "lainnya"}]}"#;
        let calendar = Calendar::from_json(ok).unwrap();
        assert_eq!(
            calendar.holiday(date(2026, 2, 27)).map(|h| h.kind),
            Some(HolidayKind::Lainnya)
        );
    }

    #[test]
    fn the_bundled_easter_days_follow_the_computus() {
        let calendar = Calendar::bundled();
        for year in 2024..=2027 {
            let sunday = easter(year);
            let name_on = |d: NaiveDate| calendar.holiday(d).map(|h| h.name.as_str());
            assert!(name_on(sunday).unwrap().contains("Paskah"), "{year}");
            assert!(
                name_on(sunday - Days::new(2)).unwrap().starts_with("Wafat"),
                "{year}"
            );
            assert!(
                name_on(sunday + Days::new(39))
                    .unwrap()
                    .starts_with("Kenaikan"),
                "{year}"
            );
        }
    }
}
