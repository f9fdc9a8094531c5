//! The recap (Rekapitulasi) of a guest log's period: how many came, per service how long they
//! waited and were served and how many were served within the standard's time limit, who did
//! not come when called, which ID cards are still at the desk, which matters continue.
//!
//! One pure function over the log's rows, so the spreadsheet, the PDF and the chief's screen
//! all show the same figures.

use serde::Serialize;

use super::log::{CardState, LogRow};

/// The figures of one service in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRecap {
    pub service_code: String,
    pub service: String,
    pub visits: usize,
    /// Mean minutes from arrival to the first call (or so far, for guests still waiting).
    pub average_wait: f64,
    /// The 90th percentile of the waits (nearest rank): nine guests in ten waited at most this.
    pub p90_wait: i64,
    /// Mean minutes of service, over the visits that were served; `None` if none was.
    pub average_service: Option<f64>,
    /// Visits measured against a limit in minutes or hours (or a due date).
    pub measured: usize,
    /// Of those, served within the limit.
    pub within: usize,
}

impl ServiceRecap {
    /// The share served within the limit, 0..=1; `None` where nothing was measured.
    pub fn within_share(&self) -> Option<f64> {
        (self.measured > 0).then(|| self.within as f64 / self.measured as f64)
    }
}

/// The recap of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recap {
    pub visits: usize,
    /// Mean and 90th-percentile wait over all visits; `None` for an empty period.
    pub average_wait: Option<f64>,
    pub p90_wait: Option<i64>,
    pub average_service: Option<f64>,
    pub measured: usize,
    pub within: usize,
    /// Guests who did not come when called.
    pub not_present: usize,
    /// Consultations the official never finished, whose end the desk recorded.
    pub finished_by_desk: usize,
    /// ID cards still in the drawer with the guest still in the building.
    pub cards_in_drawer: usize,
    /// ID cards left behind by guests who have gone.
    pub cards_left_behind: usize,
    /// Outcomes recorded as continuing (the matter is not closed).
    pub outcomes_open: usize,
    /// Visits not finished yet (waiting, called, being served, on hold).
    pub in_progress: usize,
    /// Per service, most visits first.
    pub services: Vec<ServiceRecap>,
}

impl Recap {
    /// The share of all measured visits served within the limit.
    pub fn within_share(&self) -> Option<f64> {
        (self.measured > 0).then(|| self.within as f64 / self.measured as f64)
    }
}

/// The mean of some minutes; `None` when there are none.
pub fn mean(values: &[i64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64)
}

/// The `p`-th percentile (0 < p <= 100) by nearest rank: the smallest value that at least
/// `p` percent of the values do not exceed. `None` when there are no values.
pub fn percentile(values: &[i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let p = p.clamp(1, 100) as usize;
    let rank = (p * sorted.len()).div_ceil(100);
    Some(sorted[rank.max(1) - 1])
}

/// The recap of the rows of a guest log.
pub fn recap(rows: &[LogRow]) -> Recap {
    let waits: Vec<i64> = rows.iter().map(|r| r.waited_minutes).collect();
    let served: Vec<i64> = rows.iter().filter_map(|r| r.service_minutes).collect();
    let mut codes: Vec<&str> = Vec::new();
    for r in rows {
        if !codes.contains(&r.service_code.as_str()) {
            codes.push(&r.service_code);
        }
    }
    let mut services: Vec<ServiceRecap> = codes
        .into_iter()
        .map(|code| {
            let of: Vec<&LogRow> = rows.iter().filter(|r| r.service_code == code).collect();
            let waits: Vec<i64> = of.iter().map(|r| r.waited_minutes).collect();
            let served: Vec<i64> = of.iter().filter_map(|r| r.service_minutes).collect();
            ServiceRecap {
                service_code: code.to_string(),
                service: of[0].service.clone(),
                visits: of.len(),
                average_wait: mean(&waits).unwrap_or(0.0),
                p90_wait: percentile(&waits, 90).unwrap_or(0),
                average_service: mean(&served),
                measured: of.iter().filter(|r| r.within.is_some()).count(),
                within: of.iter().filter(|r| r.within == Some(true)).count(),
            }
        })
        .collect();
    services.sort_by(|a, b| b.visits.cmp(&a.visits).then(a.service.cmp(&b.service)));
    Recap {
        visits: rows.len(),
        average_wait: mean(&waits),
        p90_wait: percentile(&waits, 90),
        average_service: mean(&served),
        measured: rows.iter().filter(|r| r.within.is_some()).count(),
        within: rows.iter().filter(|r| r.within == Some(true)).count(),
        not_present: rows.iter().filter(|r| r.not_present).count(),
        finished_by_desk: rows.iter().filter(|r| r.finished_by_desk).count(),
        cards_in_drawer: rows
            .iter()
            .filter(|r| r.card_state == CardState::InDrawer)
            .count(),
        cards_left_behind: rows
            .iter()
            .filter(|r| r.card_state == CardState::LeftBehind)
            .count(),
        outcomes_open: rows.iter().filter(|r| r.outcome_open).count(),
        in_progress: rows.iter().filter(|r| r.in_progress).count(),
        services,
    }
}

/// Minutes as Indonesians write them: "12,5".
pub fn minutes_text(m: f64) -> String {
    format!("{m:.1}").replace('.', ",")
}

/// A share as a percentage: "87,5%".
pub fn share_text(share: Option<f64>) -> String {
    match share {
        Some(s) => format!("{}%", minutes_text(s * 100.0)),
        None => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row(code: &str, wait: i64, service: Option<i64>, within: Option<bool>) -> LogRow {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        LogRow {
            no: 1,
            date: day.to_string(),
            day,
            ticket: "P-001".into(),
            arrived: "08.30".into(),
            arrived_at: day.and_hms_opt(8, 30, 0).unwrap(),
            left: String::new(),
            left_at: None,
            name: "Tamu".into(),
            institution: "Pribadi/masyarakat".into(),
            id_card: "-".into(),
            card_state: CardState::None,
            service_code: code.into(),
            service: format!("Layanan {code}"),
            service_short: format!("1. Layanan {code}"),
            purpose: "Konsultasi".into(),
            official: String::new(),
            waited_minutes: wait,
            service_minutes: service,
            letter: String::new(),
            outcome: "Selesai".into(),
            outcome_open: false,
            in_progress: false,
            not_present: false,
            finished_by_desk: false,
            within_limit: "-".into(),
            within,
        }
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 90), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        // 10 values: rank ceil(0.9 * 10) = 9, the ninth smallest.
        let ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 100), Some(10));
        // 11 values: rank ceil(9.9) = 10.
        let eleven = [0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 90];
        assert_eq!(percentile(&eleven, 90), Some(40));
        // 3 values: rank ceil(2.7) = 3, the largest.
        assert_eq!(percentile(&[5, 20, 12], 90), Some(20));
    }

    #[test]
    fn means() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[4]), Some(4.0));
        assert_eq!(mean(&[1, 2, 4]), Some(7.0 / 3.0));
        assert_eq!(minutes_text(12.26), "12,3");
        assert_eq!(minutes_text(7.0 / 3.0), "2,3");
        assert_eq!(share_text(Some(0.875)), "87,5%");
        assert_eq!(share_text(None), "-");
    }

    #[test]
    fn the_recap_of_some_rows_by_hand() {
        let mut rows = vec![
            row("a", 10, Some(30), Some(true)),
            row("a", 20, Some(70), Some(false)),
            row("a", 30, None, Some(true)),
            row("b", 5, Some(12), None),
            row("b", 0, None, None),
        ];
        rows[2].not_present = true;
        rows[3].card_state = CardState::LeftBehind;
        rows[4].card_state = CardState::InDrawer;
        rows[4].in_progress = true;
        rows[1].outcome_open = true;
        let r = recap(&rows);
        assert_eq!(r.visits, 5);
        assert_eq!(r.average_wait, Some(13.0)); // 65 / 5
        assert_eq!(r.p90_wait, Some(30)); // rank ceil(4.5) = 5
        assert_eq!(r.average_service, Some(112.0 / 3.0));
        assert_eq!((r.measured, r.within), (3, 2));
        assert_eq!(r.within_share(), Some(2.0 / 3.0));
        assert_eq!(r.not_present, 1);
        assert_eq!(r.cards_left_behind, 1);
        assert_eq!(r.cards_in_drawer, 1);
        assert_eq!(r.outcomes_open, 1);
        assert_eq!(r.in_progress, 1);
        assert_eq!(r.services.len(), 2);
        let a = &r.services[0];
        assert_eq!((a.service_code.as_str(), a.visits), ("a", 3));
        assert_eq!(a.average_wait, 20.0);
        assert_eq!(a.p90_wait, 30);
        assert_eq!(a.average_service, Some(50.0));
        assert_eq!(a.within_share(), Some(2.0 / 3.0));
        let b = &r.services[1];
        assert_eq!((b.visits, b.average_wait, b.p90_wait), (2, 2.5, 5));
        assert_eq!(b.average_service, Some(12.0));
        assert_eq!(b.within_share(), None);
    }

    #[test]
    fn an_empty_period_has_no_averages() {
        let r = recap(&[]);
        assert_eq!(r.visits, 0);
        assert_eq!(r.average_wait, None);
        assert_eq!(r.p90_wait, None);
        assert!(r.services.is_empty());
    }
}
