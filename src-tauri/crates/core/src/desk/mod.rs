//! The front desk: a guest's visit from the desk to the official and back, as the
//! standards' walk-in procedure runs it.
//!
//! - [`office`]: the office's setup (decree, bagian, officials, drawer, ticket prefixes).
//! - [`identity`]: ID card types, the NIK's form, keyed hashes instead of numbers.
//! - [`guest`]: guests, found again when they return.
//! - [`events`]: the append-only history of a visit and the state derived from it.
//! - [`log`]: reading and appending a visit's events inside a transaction.
//! - [`checkin`]: check-in, the requirement checklist, the ticket.
//! - [`requirements`]: what the guest brings, and what are the desk's own steps.
//! - [`custody`]: the ID drawer, check-out and closing the day.
//! - [`correction`]: typed corrections of a visit's record, applied by the derivation.
//! - [`history`]: a visit's history in words, for the desk's visit dialog.
//! - [`tablet`]: the blanko tablet, where guests fill in their own blanko.
//! - [`queue`]: officials calling, serving and transferring guests.
//! - [`requirements`]: which checklist lines are the desk's own steps.
//! - [`ticket`]: the printed ticket and the slip "Kekurangan Persyaratan".
//! - [`views`]: what the desk's and the officials' screens show.
//! - [`display`]: what the waiting-room display shows and announces.

pub mod checkin;
pub mod correction;
pub mod custody;
pub mod display;
pub mod events;
pub mod guest;
pub mod history;
pub mod identity;
pub mod log;
pub mod office;
pub mod queue;
pub mod requirements;
pub mod tablet;
pub mod ticket;
pub mod views;

use chrono::{DateTime, Utc};

use crate::calendar::{Calendar, Holiday, HolidayKind};
use crate::error::CoreResult;

/// Who acts and when: every operation that changes something records both.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: String,
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// An actor acting now.
    pub fn now(actor: impl Into<String>) -> Ctx {
        Ctx {
            actor: actor.into(),
            now: Utc::now(),
        }
    }
}

/// The holidays the admin added, by date: (date, name, kind) as stored.
pub(crate) fn added_holidays(
    conn: &rusqlite::Connection,
) -> CoreResult<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT date, name, kind FROM holiday ORDER BY date")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The shipped holiday calendar with the admin's additions.
pub(crate) fn calendar_of(conn: &rusqlite::Connection) -> CoreResult<Calendar> {
    let extra = added_holidays(conn)?
        .into_iter()
        .filter_map(|(date, name, kind)| {
            Some(Holiday {
                date: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok()?,
                name,
                kind: serde_json::from_value(serde_json::Value::from(kind))
                    .unwrap_or(HolidayKind::Lainnya),
            })
        });
    Ok(Calendar::bundled().with(extra))
}
