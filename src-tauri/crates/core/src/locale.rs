//! Indonesian words for dates, days and time zones, so every screen, export and message
//! writes "Senin, 23 November 2026" and "08.30 WITA" the same way.

use chrono::{Datelike, NaiveDate, Weekday};

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
}
