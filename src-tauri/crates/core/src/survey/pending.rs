//! The kiosk's waiting screen: today's visits that were served and finished and have no
//! survey yet, newest first, each shown by its ticket and service only, so that a guest taps
//! their own ticket and no one reads a name off the tablet.

use serde::Serialize;

use super::{service_info, ANSWER_LABELS, QUESTIONS};
use crate::calendar::office_day;
use crate::desk::{office, Ctx};
use crate::error::CoreResult;
use crate::locale::date_with_weekday;
use crate::skm::ELEMENTS;
use crate::store::Store;

/// Most tickets the kiosk lists at once.
pub const MAX_PENDING: usize = 24;

/// What the kiosk's waiting screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    /// "Senin, 23 November 2026".
    pub date_label: String,
    pub kabupaten: String,
    pub unit_name: String,
    /// Newest finished first.
    pub visits: Vec<PendingVisit>,
    /// The nine questions, in the regulation's order, so the kiosk asks what core counts.
    pub questions: Vec<Question>,
    /// The four answers, 1 to 4.
    pub answer_labels: [&'static str; 4],
}

/// One question of the survey.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// "U1" … "U9".
    pub code: String,
    /// The element (unsur) it measures.
    pub element: &'static str,
    pub text: &'static str,
}

/// A visit awaiting its survey: no name, no ID, no official.
#[derive(Debug, Clone, Serialize)]
pub struct PendingVisit {
    pub visit_id: i64,
    pub ticket: String,
    pub service_name: String,
    /// Local clock time the service finished: "09.50".
    pub finished: String,
}

/// Today's visits awaiting a survey.
pub fn pending(store: &Store, ctx: &Ctx) -> CoreResult<Pending> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let day = office_day(tz, ctx.now);
    let o = office::office(store)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, ticket, service_id, service_code, finished_at FROM (
             SELECT v.id, v.ticket, v.service_id, v.service_code,
                    (SELECT max(e.at) FROM visit_event e
                     WHERE e.visit_id = v.id AND e.kind = 'finished') AS finished_at
             FROM visit v
             WHERE v.office_day = ?1
               AND NOT EXISTS (SELECT 1 FROM survey_response r WHERE r.visit_id = v.id))
         WHERE finished_at IS NOT NULL
         ORDER BY finished_at DESC, id DESC
         LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(
            rusqlite::params![day.to_string(), MAX_PENDING as i64],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut visits = Vec::with_capacity(rows.len());
    for (visit_id, ticket, service_id, code, finished_at) in rows {
        let service_name = service_info(conn, service_id, &code)?.map_or(code, |s| s.name);
        let finished = chrono::DateTime::parse_from_rfc3339(&finished_at)
            .map(|t| t.with_timezone(&tz).format("%H.%M").to_string())
            .unwrap_or_default();
        visits.push(PendingVisit {
            visit_id,
            ticket,
            service_name,
            finished,
        });
    }
    Ok(Pending {
        date_label: date_with_weekday(day),
        kabupaten: o.kabupaten.unwrap_or_default(),
        unit_name: o.unit_name.unwrap_or_default(),
        visits,
        questions: ELEMENTS
            .iter()
            .zip(QUESTIONS)
            .enumerate()
            .map(|(i, (element, text))| Question {
                code: format!("U{}", i + 1),
                element,
                text,
            })
            .collect(),
        answer_labels: ANSWER_LABELS,
    })
}
