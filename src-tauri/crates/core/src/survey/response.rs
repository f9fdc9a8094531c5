//! One answer sheet of the survey, stored for one visit: nine answers 1–4 and an optional
//! comment, checked before anything is written and stored in one immediate transaction.
//!
//! Refused, with nothing written: a visit that does not exist, one not yet served and
//! finished, one of another day, a second sheet for the same visit, a wrong number of
//! answers, an answer outside 1–4, an over-long comment.

use rusqlite::{params, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::service_info;
use crate::calendar::office_day;
use crate::desk::office::{self, clean_text};
use crate::desk::{log, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::skm::Answers;
use crate::store::Store;

/// Longest comment a guest may leave.
pub const MAX_COMMENT: usize = 500;

/// A survey as the kiosk sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub visit_id: i64,
    /// U1–U9 in the regulation's order, each 1 (tidak puas) to 4 (sangat puas). Read as
    /// plain numbers so that a wrong one is refused with words, not a parse error.
    pub answers: Vec<i64>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// What the kiosk hears back.
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    pub ok: bool,
    pub ticket: String,
}

/// Checks the nine answers.
pub fn check_answers(answers: &[i64]) -> CoreResult<Answers> {
    let field = "Jawaban survei";
    if answers.len() != 9 {
        return Err(CoreError::invalid(
            field,
            format!("harus tepat 9 jawaban (U1–U9), diterima {}.", answers.len()),
        ));
    }
    let mut out = [0u8; 9];
    for (i, &value) in answers.iter().enumerate() {
        if !(1..=4).contains(&value) {
            return Err(CoreError::invalid(
                field,
                format!(
                    "jawaban U{} bernilai {value}; harus 1 (tidak puas) sampai 4 (sangat puas).",
                    i + 1
                ),
            ));
        }
        out[i] = value as u8;
    }
    Ok(out)
}

/// Stores one survey for a visit served and finished today.
pub fn submit(store: &mut Store, ctx: &Ctx, s: &Submission) -> CoreResult<Submitted> {
    let answers = check_answers(&s.answers)?;
    let comment = clean_text(
        "Saran atau komentar",
        s.comment.as_deref().unwrap_or(""),
        MAX_COMMENT,
        false,
    )?;
    let comment = (!comment.is_empty()).then_some(comment);

    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let tz = office::timezone(&tx)?;
    let visit = log::load(&tx, s.visit_id)?;
    if visit.state.finished_at.is_none() {
        return Err(CoreError::refused(format!(
            "Survei hanya untuk tamu yang sudah selesai dilayani: tamu {} {}.",
            visit.ticket,
            visit.state.status.words()
        )));
    }
    let today = office_day(tz, ctx.now).to_string();
    if visit.office_day != today {
        return Err(CoreError::refused(format!(
            "Survei untuk tiket {} sudah ditutup: kios hanya menerima survei kunjungan hari ini.",
            visit.ticket
        )));
    }
    let answered: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM survey_response WHERE visit_id = ?1)",
        [visit.id],
        |r| r.get(0),
    )?;
    if answered {
        return Err(CoreError::refused(format!(
            "Survei untuk tiket {} sudah diisi; satu kunjungan hanya satu survei.",
            visit.ticket
        )));
    }
    let service_id: i64 = tx.query_row(
        "SELECT service_id FROM visit WHERE id = ?1",
        [visit.id],
        |r| r.get(0),
    )?;
    let code = &visit.state.service_code;
    let service = service_info(&tx, service_id, code)?
        .ok_or_else(|| CoreError::ServiceNotFound { id: code.clone() })?;
    tx.execute(
        "INSERT INTO survey_response (visit_id, service_code, service_name, unit_id, unit_name,
             office_day, u1, u2, u3, u4, u5, u6, u7, u8, u9, comment, submitted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            visit.id,
            code,
            service.name,
            service.unit_id,
            service.unit_name,
            visit.office_day,
            answers[0],
            answers[1],
            answers[2],
            answers[3],
            answers[4],
            answers[5],
            answers[6],
            answers[7],
            answers[8],
            comment,
            ctx.now.to_rfc3339(),
        ],
    )?;
    tx.commit()?;
    Ok(Submitted {
        ok: true,
        ticket: visit.ticket,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_answers_of_one_to_four_and_nothing_else() {
        assert_eq!(check_answers(&[4; 9]).unwrap(), [4; 9]);
        let err = check_answers(&[4; 8]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Jawaban survei: harus tepat 9 jawaban (U1–U9), diterima 8."
        );
        let err = check_answers(&[4, 4, 4, 4, 5, 4, 4, 4, 4]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Jawaban survei: jawaban U5 bernilai 5; harus 1 (tidak puas) sampai 4 (sangat puas)."
        );
        assert!(check_answers(&[0, 1, 1, 1, 1, 1, 1, 1, 1]).is_err());
    }
}
