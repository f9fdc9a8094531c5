//! Indonesian words for dates, days and time zones, so every screen, export and message
//! writes "Senin, 23 November 2026" and "08.30 WITA" the same way.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

use crate::standards::model::Day;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The Indonesian name of a weekday: Senin … Minggu.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

/// The Indonesian name of a day of a standards file.
pub fn day_name(day: Day) -> &'static str {
    weekday_name(day.weekday())
}

impl Day {
    /// The chrono weekday of this day.
    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Mon,
            Day::Tue => Weekday::Tue,
            Day::Wed => Weekday::Wed,
            Day::Thu => Weekday::Thu,
            Day::Fri => Weekday::Fri,
            Day::Sat => Weekday::Sat,
            Day::Sun => Weekday::Sun,
        }
    }
}

/// "23 November 2026".
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "Senin, 23 November 2026".
pub fn date_with_weekday(date: NaiveDate) -> String {
    format!("{}, {}", weekday_name(date.weekday()), date_long(date))
}

/// "07/12/2026": a date as Indonesians write it by hand (day, month, year), never the ISO
/// "2026-12-07" nor the American "12/07/2026".
pub fn date_numeric(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An ISO office day ("2026-12-07") as [`date_numeric`] writes it; text that is not a date
/// stays as it is.
pub fn iso_day_numeric(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_string(), date_numeric)
}

/// A moment in the office's zone as Indonesians read it: "07/12/2026 14.05".
pub fn local_stamp(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%d/%m/%Y %H.%M").to_string()
}

/// A moment as a guest reads it on a ticket or a slip, in the office's zone: "Senin,
/// 7 Desember 2026 · 08.42 WITA".
pub fn moment_with_weekday(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    format!(
        "{} · {} {}",
        date_with_weekday(local.date_naive()),
        local.format("%H.%M"),
        zone_abbreviation(tz.name())
    )
}

/// A stored RFC 3339 moment ("2026-12-06T18:05:00+00:00") as [`local_stamp`] writes it in the
/// office's zone; text that is not a moment stays as it is.
pub fn rfc3339_stamp(text: &str, tz: chrono_tz::Tz) -> String {
    DateTime::parse_from_rfc3339(text).map_or_else(
        |_| text.to_string(),
        |at| local_stamp(at.with_timezone(&Utc), tz),
    )
}

/// The Indonesian abbreviation of an office time zone: WIB, WITA or WIT.
pub fn zone_abbreviation(iana: &str) -> &'static str {
    match iana {
        "Asia/Jakarta" | "Asia/Pontianak" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        _ => "",
    }
}

/// "08:30" as Indonesians write a clock time: "08.30".
pub fn clock(hhmm: &str) -> String {
    hhmm.replace(':', ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_as_indonesians_read_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(date_with_weekday(d), "Senin, 23 November 2026");
        let d = NaiveDate::from_ymd_opt(2024, 4, 25).unwrap();
        assert_eq!(date_long(d), "25 April 2024");
        assert_eq!(zone_abbreviation("Asia/Makassar"), "WITA");
        assert_eq!(zone_abbreviation("Asia/Jakarta"), "WIB");
        assert_eq!(clock("08:30"), "08.30");
    }

    #[test]
    fn writes_numeric_dates_day_first_in_the_office_zone() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(date_numeric(d), "07/12/2026");
        assert_eq!(iso_day_numeric("2026-12-07"), "07/12/2026");
        // 18.05 UTC on 6 December is 02.05 WITA on 7 December.
        let at = "2026-12-06T18:05:00+00:00";
        assert_eq!(
            rfc3339_stamp(at, chrono_tz::Asia::Makassar),
            "07/12/2026 02.05"
        );
        assert_eq!(
            rfc3339_stamp(at, chrono_tz::Asia::Jakarta),
            "07/12/2026 01.05"
        );
    }

    #[test]
    fn the_time_of_issue_is_the_office_s_clock() {
        let at = "2026-12-07T00:42:00Z".parse().unwrap();
        assert_eq!(
            moment_with_weekday(at, chrono_tz::Asia::Makassar),
            "Senin, 7 Desember 2026 · 08.42 WITA"
        );
    }
}
