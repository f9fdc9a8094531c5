//! A service's time limit: reading it from the decree's words, and saying it on screen.
//!
//! The standards files carry the limit in machine form beside its source text; the reader
//! here checks that the two agree (see the dataset tests), and the label is what the desk
//! shows: "Maksimal 1 jam", "1–5 hari kerja".

use regex::Regex;
use std::sync::LazyLock;

use super::model::{LimitUnit, TimeLimit};

/// A limit in machine form, without its source text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub unit: LimitUnit,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

static NUMBER_WORDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([a-z ]+\)").unwrap());
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:[.,]\d+)?)\s*(?:—|–|-|s/d|s\.d\.?|sampai dengan|sampai|hingga)\s*(\d+(?:[.,]\d+)?)\s*(menit|jam|hari kerja|hari)")
        .unwrap()
});
static SINGLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+(?:[.,]\d+)?)\s*(menit|jam|hari kerja|hari)").unwrap());

const OPEN_ENDED: [&str; 5] = [
    "menyesuaikan",
    "tercapai kesepakatan",
    "tentatif",
    "tidak ditentukan",
    "sesuai kebutuhan",
];

fn unit_of(word: &str) -> LimitUnit {
    match word {
        "menit" => LimitUnit::Minutes,
        "jam" => LimitUnit::Hours,
        "hari kerja" => LimitUnit::WorkingDays,
        _ => LimitUnit::Days,
    }
}

fn number(s: &str) -> f64 {
    s.replace(',', ".").parse().unwrap_or(0.0)
}

/// Reads a limit from the decree's words, where they follow a pattern this reader knows.
///
/// Returns `None` when the words are not recognised (the standards file's own reading then
/// stands unchecked). "Maksimal 1 (satu) Jam" is at most 1 hour; "1 — 5 hari kerja" is 1 to
/// 5 working days; "minimal 3 (tiga) hari kerja" is at least 3; "menyesuaikan" is no limit.
pub fn read(source: &str) -> Option<Reading> {
    let text = source.to_lowercase();
    let text = NUMBER_WORDS.replace_all(&text, " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if OPEN_ENDED.iter().any(|w| text.contains(w)) && !SINGLE.is_match(&text) {
        return Some(Reading {
            unit: LimitUnit::None,
            min: None,
            max: None,
        });
    }
    if let Some(c) = RANGE.captures(&text) {
        return Some(Reading {
            unit: unit_of(&c[3]),
            min: Some(number(&c[1])),
            max: Some(number(&c[2])),
        });
    }
    let singles: Vec<_> = SINGLE.captures_iter(&text).collect();
    if singles.len() != 1 {
        return None;
    }
    let c = &singles[0];
    let value = Some(number(&c[1]));
    let at_least = text.contains("minimal") || text.contains("paling cepat");
    Some(Reading {
        unit: unit_of(&c[2]),
        min: if at_least { value } else { None },
        max: if at_least { None } else { value },
    })
}

fn amount(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

fn unit_word(unit: LimitUnit) -> &'static str {
    match unit {
        LimitUnit::Minutes => "menit",
        LimitUnit::Hours => "jam",
        LimitUnit::Days => "hari",
        LimitUnit::WorkingDays => "hari kerja",
        LimitUnit::None => "",
    }
}

impl TimeLimit {
    /// The machine form of this limit.
    pub fn reading(&self) -> Reading {
        Reading {
            unit: self.unit,
            min: self.min,
            max: self.max,
        }
    }

    /// The longest the service may take in minutes, for limits counted in minutes or hours.
    /// Day limits depend on the calendar and are `None` here.
    pub fn max_minutes(&self) -> Option<f64> {
        let max = self.max?;
        match self.unit {
            LimitUnit::Minutes => Some(max),
            LimitUnit::Hours => Some(max * 60.0),
            _ => None,
        }
    }

    /// The limit as the desk says it: "Maksimal 1 jam", "1–5 hari kerja", "Minimal 3 hari
    /// kerja", "Tidak ditentukan (menyesuaikan)".
    pub fn label(&self) -> String {
        let unit = unit_word(self.unit);
        match (self.unit, self.min, self.max) {
            (LimitUnit::None, _, _) => "Tidak ditentukan".to_string(),
            (_, Some(min), Some(max)) => format!("{}–{} {unit}", amount(min), amount(max)),
            (_, Some(min), None) => format!("Minimal {} {unit}", amount(min)),
            (_, None, Some(max)) => format!("Maksimal {} {unit}", amount(max)),
            (_, None, None) => "Tidak ditentukan".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(unit: LimitUnit, min: Option<f64>, max: Option<f64>) -> Option<Reading> {
        Some(Reading { unit, min, max })
    }

    #[test]
    fn reads_the_decrees_phrasings() {
        use LimitUnit as U;
        let cases = [
            ("Maksimal 1 (satu) Jam", r(U::Hours, None, Some(1.0))),
            ("1 — 5 hari kerja", r(U::WorkingDays, Some(1.0), Some(5.0))),
            (
                "Jangka waktu penyelesaian 1 — 5 hari kerja",
                r(U::WorkingDays, Some(1.0), Some(5.0)),
            ),
            ("± 5 menit", r(U::Minutes, None, Some(5.0))),
            (
                "kurang lebih 10 (sepuluh) menit",
                r(U::Minutes, None, Some(10.0)),
            ),
            (
                "14 (empat belas) hari kerja",
                r(U::WorkingDays, None, Some(14.0)),
            ),
            ("1 (satu) hari", r(U::Days, None, Some(1.0))),
            (
                "Minimal 3 (tiga) hari kerja",
                r(U::WorkingDays, Some(3.0), None),
            ),
            ("2 s/d 3 hari", r(U::Days, Some(2.0), Some(3.0))),
            ("Menyesuaikan", r(U::None, None, None)),
            ("Sampai tercapai kesepakatan", r(U::None, None, None)),
        ];
        for (text, expected) in cases {
            assert_eq!(read(text), expected, "reading {text:?}");
        }
    }

    #[test]
    fn does_not_guess_what_it_cannot_read() {
        assert_eq!(read("2 jam untuk level 1 dan 1 hari untuk level 2"), None);
        assert_eq!(read("Sesuai jadwal"), None);
    }

    #[test]
    fn one_hour_is_sixty_minutes_and_days_need_the_calendar() {
        let hour = TimeLimit {
            source: "Maksimal 1 (satu) Jam".into(),
            unit: LimitUnit::Hours,
            min: None,
            max: Some(1.0),
        };
        assert_eq!(hour.max_minutes(), Some(60.0));
        assert_eq!(hour.label(), "Maksimal 1 jam");
        let days = TimeLimit {
            source: "1 — 5 hari kerja".into(),
            unit: LimitUnit::WorkingDays,
            min: Some(1.0),
            max: Some(5.0),
        };
        assert_eq!(days.max_minutes(), None);
        assert_eq!(days.label(), "1–5 hari kerja");
    }
}
