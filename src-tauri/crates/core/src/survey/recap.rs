//! The survey's recap for the chief (`skm.report`): for a period, the average of each element
//! (NRR per unsur), the index, the score (index × 25) and the grade A–D with its meaning, for
//! the whole period and per service, per bagian and per month, and the guests' comments.
//!
//! Every figure comes from [`crate::skm::compute`]. The recap reads `survey_response` alone,
//! never the visits or the guests: it is anonymous by construction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::CoreResult;
use crate::period::{month_label, Period};
use crate::skm::{self, Answers, Grade};
use crate::store::Store;

/// The index of a group of responses, as screens show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexView {
    pub respondents: usize,
    /// The average answer per element, U1–U9.
    pub nrr: [f64; 9],
    /// The weighted sum of the averages (1–4).
    pub index: f64,
    /// Index × 25, two decimals (25–100).
    pub score: f64,
    pub grade: Grade,
    /// "Sangat baik", "Baik", "Kurang baik", "Tidak baik".
    pub grade_label: &'static str,
}

impl IndexView {
    fn of(answers: &[Answers]) -> Option<IndexView> {
        let i = skm::compute(answers).ok()?;
        Some(IndexView {
            respondents: i.respondents,
            nrr: i.nrr,
            index: i.index,
            score: i.score,
            grade: i.grade,
            grade_label: i.grade.label(),
        })
    }
}

/// One element of the survey over the whole period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementRow {
    /// "U1" … "U9".
    pub code: String,
    pub name: &'static str,
    /// The average answer (NRR), once someone answered.
    pub nrr: Option<f64>,
    /// NRR × the weight 0.111 (NRR tertimbang).
    pub weighted: Option<f64>,
}

/// A group of responses (a service, a bagian, a month) and its index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupIndex {
    /// The service code, the bagian's id, or the month (`2026-11`).
    pub key: String,
    pub name: String,
    #[serde(flatten)]
    pub index: IndexView,
}

/// A comment a guest left, with when and for which service — never who.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub date: String,
    pub service_name: String,
    pub text: String,
}

/// The recap of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkmReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "1 November 2026 s.d. 30 November 2026".
    pub period_label: String,
    pub respondents: usize,
    /// The weight of each element as the regulation rounds it.
    pub weight: f64,
    pub elements: Vec<ElementRow>,
    /// The whole period; `None` when nobody answered.
    pub overall: Option<IndexView>,
    pub per_service: Vec<GroupIndex>,
    pub per_unit: Vec<GroupIndex>,
    pub per_month: Vec<GroupIndex>,
    /// Newest first.
    pub comments: Vec<Comment>,
}

/// One stored response, as the recap reads it.
struct Row {
    service_code: String,
    service_name: String,
    unit_id: String,
    unit_name: String,
    office_day: String,
    answers: Answers,
    comment: Option<String>,
}

fn rows(store: &Store, period: Period) -> CoreResult<Vec<Row>> {
    let (from, to) = period.bounds();
    let mut stmt = store.conn().prepare_cached(
        "SELECT service_code, service_name, unit_id, unit_name, office_day,
                u1, u2, u3, u4, u5, u6, u7, u8, u9, comment
         FROM survey_response WHERE office_day BETWEEN ?1 AND ?2
         ORDER BY office_day, id",
    )?;
    let rows = stmt
        .query_map([from, to], |r| {
            let mut answers = [0u8; 9];
            for (i, a) in answers.iter_mut().enumerate() {
                *a = r.get(5 + i)?;
            }
            Ok(Row {
                service_code: r.get(0)?,
                service_name: r.get(1)?,
                unit_id: r.get(2)?,
                unit_name: r.get(3)?,
                office_day: r.get(4)?,
                answers,
                comment: r.get(14)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Groups rows by a key (with a name), in key order, each with its index.
fn grouped(rows: &[Row], key: impl Fn(&Row) -> (String, String)) -> Vec<GroupIndex> {
    let mut groups: BTreeMap<String, (String, Vec<Answers>)> = BTreeMap::new();
    for row in rows {
        let (k, name) = key(row);
        groups
            .entry(k)
            .or_insert_with(|| (name, Vec::new()))
            .1
            .push(row.answers);
    }
    groups
        .into_iter()
        .filter_map(|(key, (name, answers))| {
            Some(GroupIndex {
                key,
                name,
                index: IndexView::of(&answers)?,
            })
        })
        .collect()
}

/// The recap of the office days in `period`.
pub fn report(store: &Store, period: Period) -> CoreResult<SkmReport> {
    let period = period.checked()?;
    let rows = rows(store, period)?;
    let all: Vec<Answers> = rows.iter().map(|r| r.answers).collect();
    let overall = IndexView::of(&all);
    let elements = skm::ELEMENTS
        .iter()
        .enumerate()
        .map(|(i, name)| ElementRow {
            code: format!("U{}", i + 1),
            name,
            nrr: overall.as_ref().map(|o| o.nrr[i]),
            weighted: overall.as_ref().map(|o| o.nrr[i] * skm::WEIGHT),
        })
        .collect();
    let per_service = grouped(&rows, |r| (r.service_code.clone(), r.service_name.clone()));
    let per_unit = grouped(&rows, |r| (r.unit_id.clone(), r.unit_name.clone()));
    let per_month = grouped(&rows, |r| {
        let month = r.office_day.get(..7).unwrap_or(&r.office_day).to_string();
        let name = r
            .office_day
            .parse::<NaiveDate>()
            .map(month_label)
            .unwrap_or_else(|_| month.clone());
        (month, name)
    });
    let mut comments: Vec<Comment> = rows
        .iter()
        .filter_map(|r| {
            Some(Comment {
                date: r.office_day.clone(),
                service_name: r.service_name.clone(),
                text: r.comment.clone()?,
            })
        })
        .collect();
    comments.reverse();
    Ok(SkmReport {
        from: period.from,
        to: period.to,
        period_label: period.label(),
        respondents: rows.len(),
        weight: skm::WEIGHT,
        elements,
        overall,
        per_service,
        per_unit,
        per_month,
        comments,
    })
}
