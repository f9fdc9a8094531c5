//! The day's clock: local times in the office's zone, the spans the desk is open on the
//! date (windows less breaks, as the calendar says), how many guests come, and when.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::calendar::{opening, Calendar, Opening};
use crate::standards::model::Hours;

use super::rng::Rng;

/// Guests on a full day (Monday–Thursday); shorter days get proportionally fewer.
const FULL_DAY_GUESTS: usize = 40;
/// Most guests on a Friday, the day of the Friday prayer.
const FRIDAY_GUESTS: usize = 25;
/// Guests stop arriving this many minutes before a window of the day closes.
const LAST_ARRIVAL_MINUTES: i64 = 30;

pub(super) type Span = (DateTime<Utc>, DateTime<Utc>);

/// A local wall-clock time on `date` in the office's zone.
pub(super) fn local(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date
        .and_hms_opt(hour, minute, 0)
        .expect("a valid clock time");
    tz.from_local_datetime(&naive)
        .earliest()
        .expect("Indonesian zones have no gaps")
        .with_timezone(&Utc)
}

/// "08.34" in the office's zone.
pub(super) fn clock(tz: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz).format("%H.%M").to_string()
}

/// When the service serves on `date`, asked of the calendar from midnight on: its windows
/// less its breaks.
pub(super) fn open_spans(hours: &Hours, tz: Tz, date: NaiveDate, calendar: &Calendar) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = local(tz, date, 0, 0);
    let end_of_day = at + Duration::days(1);
    while at < end_of_day {
        match opening(hours, tz, at, calendar) {
            Opening::Open { closes_at } => {
                spans.push((at, closes_at.min(end_of_day)));
                at = closes_at;
            }
            Opening::Closed {
                next_open: Some(next),
                ..
            } if next < end_of_day => at = next,
            Opening::Closed { .. } => break,
        }
    }
    spans
}

fn minutes_of(spans: &[Span]) -> i64 {
    spans.iter().map(|(s, e)| (*e - *s).num_minutes()).sum()
}

/// Open minutes of the Monday of `date`'s week, as if it were a working day: the measure of
/// a full day.
pub(super) fn monday_minutes(hours: &Hours, tz: Tz, date: NaiveDate) -> i64 {
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    minutes_of(&open_spans(hours, tz, monday, &Calendar::default())).max(1)
}

/// About forty guests on a full day; a shorter day fewer, a Friday at most twenty-five.
pub(super) fn guests_on(date: NaiveDate, spans: &[Span], full_day_minutes: i64) -> usize {
    let open = minutes_of(spans) as f64;
    let scaled = (FULL_DAY_GUESTS as f64 * open / full_day_minutes as f64).round() as usize;
    let scaled = scaled.clamp(12, FULL_DAY_GUESTS);
    if date.weekday() == Weekday::Fri {
        scaled.min(FRIDAY_GUESTS)
    } else {
        scaled
    }
}

/// Arrival times spread over the open spans, busiest in mid-morning and quieter after the
/// midday break, none in the last minutes of a window; sorted.
pub(super) fn arrival_times(
    spans: &[Span],
    count: usize,
    tz: Tz,
    rng: &mut Rng,
) -> Vec<DateTime<Utc>> {
    let mut candidates: Vec<(DateTime<Utc>, u64)> = Vec::new();
    for (start, end) in spans {
        let last = *end - Duration::minutes(LAST_ARRIVAL_MINUTES);
        let mut t = *start;
        while t <= last {
            let hour = t.with_timezone(&tz).hour();
            let weight = match hour {
                9 | 10 => 3,
                14.. => 1,
                _ => 2,
            };
            candidates.push((t, weight));
            t += Duration::minutes(1);
        }
    }
    let mut chosen = Vec::new();
    for _ in 0..count.min(candidates.len()) {
        let total: u64 = candidates.iter().map(|c| c.1).sum();
        let mut r = rng.below(total);
        let index = candidates
            .iter()
            .position(|c| {
                if r < c.1 {
                    true
                } else {
                    r -= c.1;
                    false
                }
            })
            .unwrap_or(0);
        let (t, _) = candidates.remove(index);
        chosen.push(t + Duration::seconds(rng.below(60) as i64));
    }
    chosen.sort();
    chosen
}
