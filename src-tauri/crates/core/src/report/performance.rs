//! The chief's screen: performance against the standard for a day, a week or a month. The
//! recap of the guest log (one implementation, shared with the exports), the visits that need
//! the chief's attention, the charts, the satisfaction survey's index and the complaints.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Timelike};
use serde::Serialize;

use super::log::{guest_log, CardState, LogRow};
use super::recap::{mean, recap, Recap};
use crate::chart::{self, Point};
use crate::complaints::{self, Counts, ListArgs};
use crate::desk::{office, Ctx};
use crate::error::CoreResult;
use crate::locale::date_with_weekday;
use crate::period::Span;
use crate::store::Store;
use crate::survey::recap::{self as survey, SkmReport};

/// A visit the chief should look at: open past its limit, or its ID card still held.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub date: String,
    pub ticket: String,
    pub service: String,
    pub official: String,
    /// What is the matter, in Indonesian.
    pub note: String,
}

/// The charts of the period, as SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// Arrivals per hour of the day.
    pub arrivals: String,
    /// The average wait by hour of arrival.
    pub waits: String,
    /// The average wait per service, services past their limit in red.
    pub services: String,
}

/// The service whose guests waited longest on average.
#[derive(Debug, Clone, Serialize)]
pub struct Longest {
    pub service: String,
    pub average_wait: f64,
    pub visits: usize,
}

/// The chief's view of a period.
#[derive(Debug, Clone, Serialize)]
pub struct Performance {
    /// The day asked about (the office's today when none was given).
    pub date: NaiveDate,
    pub span: Span,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "Senin, 23 November 2026", "16 November 2026 s.d. 22 November 2026".
    pub period: String,
    pub recap: Recap,
    /// The share of measured visits served within the standard's limit.
    pub within_share: Option<f64>,
    pub longest_wait: Option<Longest>,
    /// Consultations still open (or waiting) past their limit.
    pub open_past_limit: Vec<Attention>,
    /// ID cards still at the desk: in the drawer, or left behind.
    pub cards_held: Vec<Attention>,
    pub charts: Charts,
    /// The satisfaction survey of the period (anonymous).
    pub skm: SkmReport,
    /// Complaints, suggestions and feedback received in the period.
    pub complaints: Counts,
}

/// The chief's view of the span around `date` (the office's today when `None`).
pub fn performance(
    store: &Store,
    ctx: &Ctx,
    date: Option<NaiveDate>,
    span: Span,
) -> CoreResult<Performance> {
    let tz = office::timezone(store.conn())?;
    let date = date.unwrap_or_else(|| ctx.now.with_timezone(&tz).date_naive());
    let period = span.around(date).checked()?;
    let (from, to) = (period.from, period.to);
    let log = guest_log(store, ctx, from, to)?;
    let recap = recap(&log.rows);
    let skm = survey::report(store, period)?;
    let complaints = complaints::list(
        store,
        &ListArgs {
            from,
            to,
            status: None,
        },
    )?
    .counts;
    let period = match span {
        Span::Day => date_with_weekday(from),
        _ => period.label(),
    };
    let longest_wait = recap
        .services
        .iter()
        .max_by(|a, b| a.average_wait.total_cmp(&b.average_wait))
        .filter(|s| s.visits > 0)
        .map(|s| Longest {
            service: s.service.clone(),
            average_wait: s.average_wait,
            visits: s.visits,
        });
    Ok(Performance {
        date,
        span,
        from,
        to,
        period,
        within_share: recap.within_share(),
        longest_wait,
        open_past_limit: log
            .rows
            .iter()
            .filter(|r| (r.in_progress || r.outcome_open) && r.within == Some(false))
            .map(|r| attention(r, "masih terbuka melewati batas waktu standar"))
            .collect(),
        cards_held: log
            .rows
            .iter()
            .filter(|r| matches!(r.card_state, CardState::InDrawer | CardState::LeftBehind))
            .map(|r| attention(r, &r.id_card))
            .collect(),
        charts: charts(&log.rows, &recap),
        recap,
        skm,
        complaints,
    })
}

fn attention(r: &LogRow, note: &str) -> Attention {
    Attention {
        date: r.date.clone(),
        ticket: r.ticket.clone(),
        service: r.service.clone(),
        official: r.official.clone(),
        note: note.to_string(),
    }
}

/// The figures behind the charts, drawn as SVG on the chief's screen and as vector bars in the
/// PDF: one computation for both.
#[derive(Debug, Clone)]
pub struct Series {
    /// Arrivals per hour of the day, every office hour included.
    pub arrivals: Vec<Point>,
    /// The average wait by hour of arrival, only the hours someone came.
    pub waits: Vec<Point>,
    /// The average wait per service; in the warning colour where some guest went past the
    /// standard's limit.
    pub services: Vec<Point>,
}

/// The office hours a chart spans: the hours anyone arrived, widened to 08–15.
fn hours(rows: &[LogRow]) -> std::ops::RangeInclusive<u32> {
    let first = rows.iter().map(|r| r.arrived_at.hour()).min().unwrap_or(8);
    let last = rows.iter().map(|r| r.arrived_at.hour()).max().unwrap_or(15);
    first.min(8)..=last.max(15)
}

/// The series of a log's rows and their recap.
pub fn series(rows: &[LogRow], recap: &Recap) -> Series {
    let mut by_hour: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
    for r in rows {
        by_hour
            .entry(r.arrived_at.hour())
            .or_default()
            .push(r.waited_minutes);
    }
    let hour_label = |h: u32| format!("{h:02}:00");
    // Every hour of the day has its bar; the waits line joins only the hours someone came.
    let arrivals: Vec<Point> = if rows.is_empty() {
        Vec::new()
    } else {
        hours(rows)
            .map(|h| {
                let count = by_hour.get(&h).map_or(0, Vec::len);
                Point::new(hour_label(h), count as f64)
            })
            .collect()
    };
    let waits: Vec<Point> = by_hour
        .iter()
        .map(|(h, waits)| Point::new(hour_label(*h), mean(waits).unwrap_or(0.0)))
        .collect();
    let services: Vec<Point> = recap
        .services
        .iter()
        .map(|s| Point {
            label: s.service.clone(),
            value: s.average_wait,
            warn: s.within < s.measured,
        })
        .collect();
    Series {
        arrivals,
        waits,
        services,
    }
}

fn charts(rows: &[LogRow], recap: &Recap) -> Charts {
    let Series {
        arrivals,
        waits,
        services,
    } = series(rows, recap);
    Charts {
        arrivals: chart::columns("Kedatangan tamu per jam", &arrivals, "tamu"),
        waits: chart::line("Rata-rata waktu tunggu menurut jam datang", &waits, "menit"),
        services: chart::bars("Rata-rata waktu tunggu per layanan", &services, "menit"),
    }
}
