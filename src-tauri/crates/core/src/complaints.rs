//! Complaints, suggestions and feedback (pengaduan, saran, masukan), component 6 of every
//! service standard: recorded from whichever channel they came by (the suggestion box,
//! SP4N-LAPOR, e-mail, WhatsApp, in person), followed up by the chief's side, and counted for
//! the recap.
//!
//! Each recording and update is one transaction that writes the complaint and appends its
//! history (`complaint_event`: who, when, status, handler, note); bad input is refused with
//! the field named and nothing written. The complainant's contact is personal data (UU
//! 27/2022): lists show it masked; only [`show`], for the chief and admin, gives it whole.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::calendar::office_day;
use crate::desk::guest::mask_phone;
use crate::desk::office::{self, clean_text};
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::period::Period;
use crate::store::Store;

/// Longest summary and follow-up note.
pub const MAX_TEXT: usize = 2000;
/// Longest contact and handler name.
pub const MAX_SHORT: usize = 120;

/// What was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Pengaduan,
    Saran,
    Masukan,
}

/// How it reached the bagian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    KotakSaran,
    Sp4nLapor,
    Email,
    Whatsapp,
    Langsung,
}

/// Where the follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Baru,
    Diproses,
    Selesai,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Pengaduan, Kind::Saran, Kind::Masukan];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pengaduan => "pengaduan",
            Kind::Saran => "saran",
            Kind::Masukan => "masukan",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pengaduan => "Pengaduan",
            Kind::Saran => "Saran",
            Kind::Masukan => "Masukan",
        }
    }
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::KotakSaran,
        Channel::Sp4nLapor,
        Channel::Email,
        Channel::Whatsapp,
        Channel::Langsung,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::KotakSaran => "kotak_saran",
            Channel::Sp4nLapor => "sp4n_lapor",
            Channel::Email => "email",
            Channel::Whatsapp => "whatsapp",
            Channel::Langsung => "langsung",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::KotakSaran => "Kotak saran",
            Channel::Sp4nLapor => "SP4N-LAPOR!",
            Channel::Email => "E-mail",
            Channel::Whatsapp => "WhatsApp",
            Channel::Langsung => "Langsung di loket",
        }
    }
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Baru, Status::Diproses, Status::Selesai];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Baru => "baru",
            Status::Diproses => "diproses",
            Status::Selesai => "selesai",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Baru => "Baru",
            Status::Diproses => "Diproses",
            Status::Selesai => "Selesai",
        }
    }
}

fn parse<T: Copy>(all: &[T], as_str: impl Fn(T) -> &'static str, s: &str) -> Option<T> {
    all.iter().copied().find(|v| as_str(*v) == s)
}

/// A complaint as the desk records it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    pub kind: Kind,
    pub channel: Channel,
    /// The office day it reached the bagian; today when not given.
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// The service it is about (a catalog id), if any.
    #[serde(default)]
    pub service_code: Option<String>,
    pub summary: String,
    /// How to answer the complainant, if they want an answer.
    #[serde(default)]
    pub contact: Option<String>,
}

/// A change of a complaint's follow-up; fields left out stay as they are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub id: i64,
    #[serde(default)]
    pub status: Option<Status>,
    /// Who follows it up.
    #[serde(default)]
    pub handler: Option<String>,
    /// What was done or answered.
    #[serde(default)]
    pub follow_up: Option<String>,
}

/// What a list asks for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListArgs {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub status: Option<Status>,
}

/// A complaint as lists show it: the contact masked.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintView {
    pub id: i64,
    pub received_on: String,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub channel: Channel,
    pub channel_label: &'static str,
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    pub summary: String,
    /// "0812••••7890", "b•••@gmail.com"; `None` when no contact was left.
    pub contact_masked: Option<String>,
    pub status: Status,
    pub status_label: &'static str,
    pub handler: Option<String>,
    pub follow_up: Option<String>,
    pub recorded_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// One step of a complaint's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub status: String,
    pub handler: Option<String>,
    pub follow_up: Option<String>,
}

/// One complaint in full, for whoever follows it up.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintDetail {
    #[serde(flatten)]
    pub complaint: ComplaintView,
    pub contact: Option<String>,
    pub history: Vec<HistoryEntry>,
}

/// A count under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: &'static str,
    pub label: &'static str,
    pub count: u32,
}

/// The counts of a period, for the recap: every kind, status and channel, zeros included.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub total: u32,
    pub by_kind: Vec<Count>,
    pub by_status: Vec<Count>,
    pub by_channel: Vec<Count>,
}

/// The complaints of a period, newest first, and the counts of the period.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub period_label: String,
    pub items: Vec<ComplaintView>,
    /// The counts of the whole period (whatever status the list is filtered to).
    pub counts: Counts,
}

/// A contact shown in a list: a phone as "0812••••7890", an e-mail as "b•••@domain", anything
/// else by its first two characters.
pub fn mask_contact(contact: &str) -> String {
    let c = contact.trim();
    if let Some((local, domain)) = c.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}•••@{domain}");
    }
    let digits = c.chars().filter(|ch| ch.is_ascii_digit()).count();
    if digits >= 8
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || " +-().".contains(ch))
    {
        return mask_phone(c);
    }
    let first: String = c.chars().take(2).collect();
    format!("{first}•••")
}

fn optional_text(field: &str, value: Option<&str>, max: usize) -> CoreResult<Option<String>> {
    let v = clean_text(field, value.unwrap_or(""), max, false)?;
    Ok((!v.is_empty()).then_some(v))
}

fn service_name(conn: &rusqlite::Connection, code: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT name FROM current_service WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .optional()?)
}

fn append_history(
    tx: &rusqlite::Connection,
    ctx: &Ctx,
    id: i64,
    status: Status,
    handler: Option<&str>,
    follow_up: Option<&str>,
) -> CoreResult<()> {
    tx.execute(
        "INSERT INTO complaint_event (complaint_id, at, actor, status, handler, follow_up)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            ctx.now.to_rfc3339(),
            ctx.actor,
            status.as_str(),
            handler,
            follow_up
        ],
    )?;
    Ok(())
}

/// Records a complaint, suggestion or feedback as received.
pub fn record(store: &mut Store, ctx: &Ctx, c: &NewComplaint) -> CoreResult<ComplaintView> {
    let summary = clean_text("Ringkasan", &c.summary, MAX_TEXT, true)?;
    let contact = optional_text("Kontak pelapor", c.contact.as_deref(), MAX_SHORT)?;
    let code = optional_text("Layanan", c.service_code.as_deref(), 80)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let tz = office::timezone(&tx)?;
    let today = office_day(tz, ctx.now);
    let received_on = c.received_on.unwrap_or(today);
    if received_on > today {
        return Err(CoreError::invalid(
            "Tanggal diterima",
            "tidak boleh setelah hari ini.",
        ));
    }
    if let Some(code) = &code {
        if service_name(&tx, code)?.is_none() {
            return Err(CoreError::ServiceNotFound { id: code.clone() });
        }
    }
    let now = ctx.now.to_rfc3339();
    tx.execute(
        "INSERT INTO complaint (received_on, kind, channel, service_code, summary, contact, status,
             recorded_at, recorded_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'baru', ?7, ?8, ?7, ?8)",
        params![
            received_on.to_string(),
            c.kind.as_str(),
            c.channel.as_str(),
            code,
            summary,
            contact,
            now,
            ctx.actor
        ],
    )?;
    let id = tx.last_insert_rowid();
    append_history(&tx, ctx, id, Status::Baru, None, None)?;
    let view = load(&tx, id)?.complaint;
    tx.commit()?;
    Ok(view)
}

/// Changes a complaint's status, handler or follow-up note. A complaint is closed
/// ("selesai") only with a follow-up note saying what was done.
pub fn update(store: &mut Store, ctx: &Ctx, u: &Update) -> CoreResult<ComplaintView> {
    let handler = u
        .handler
        .as_deref()
        .map(|h| clean_text("Petugas tindak lanjut", h, MAX_SHORT, false))
        .transpose()?;
    let follow_up = u
        .follow_up
        .as_deref()
        .map(|f| clean_text("Tindak lanjut", f, MAX_TEXT, false))
        .transpose()?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = load(&tx, u.id)?;
    let before = &current.complaint;
    let status = u.status.unwrap_or(before.status);
    // An empty text clears the field.
    let handler = match handler {
        Some(h) => (!h.is_empty()).then_some(h),
        None => before.handler.clone(),
    };
    let follow_up = match follow_up {
        Some(f) => (!f.is_empty()).then_some(f),
        None => before.follow_up.clone(),
    };
    if status == before.status && handler == before.handler && follow_up == before.follow_up {
        return Err(CoreError::refused(format!(
            "Tidak ada perubahan pada {} nomor {}.",
            before.kind_label.to_lowercase(),
            before.id
        )));
    }
    if status == Status::Selesai && follow_up.is_none() {
        return Err(CoreError::invalid(
            "Tindak lanjut",
            "wajib diisi sebelum status menjadi selesai.",
        ));
    }
    tx.execute(
        "UPDATE complaint SET status = ?2, handler = ?3, follow_up = ?4, updated_at = ?5, updated_by = ?6
         WHERE id = ?1",
        params![
            u.id,
            status.as_str(),
            handler,
            follow_up,
            ctx.now.to_rfc3339(),
            ctx.actor
        ],
    )?;
    append_history(
        &tx,
        ctx,
        u.id,
        status,
        handler.as_deref(),
        follow_up.as_deref(),
    )?;
    let view = load(&tx, u.id)?.complaint;
    tx.commit()?;
    Ok(view)
}

const COLUMNS: &str = "id, received_on, kind, channel, service_code, summary, contact, status, \
    handler, follow_up, recorded_by, updated_at, updated_by";

/// A row of `complaint` (selected with [`COLUMNS`]) with the contact kept aside.
fn from_row(
    conn: &rusqlite::Connection,
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(ComplaintView, Option<String>)> {
    let kind_s: String = r.get(2)?;
    let channel_s: String = r.get(3)?;
    let status_s: String = r.get(7)?;
    let bad = |what: &str, v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{what} {v} tidak dikenal").into(),
        )
    };
    let kind = parse(&Kind::ALL, Kind::as_str, &kind_s).ok_or_else(|| bad("jenis", &kind_s))?;
    let channel = parse(&Channel::ALL, Channel::as_str, &channel_s)
        .ok_or_else(|| bad("saluran", &channel_s))?;
    let status =
        parse(&Status::ALL, Status::as_str, &status_s).ok_or_else(|| bad("status", &status_s))?;
    let service_code: Option<String> = r.get(4)?;
    let service_name = match &service_code {
        Some(code) => conn
            .query_row(
                "SELECT name FROM current_service WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let contact: Option<String> = r.get(6)?;
    Ok((
        ComplaintView {
            id: r.get(0)?,
            received_on: r.get(1)?,
            kind,
            kind_label: kind.label(),
            channel,
            channel_label: channel.label(),
            service_code,
            service_name,
            summary: r.get(5)?,
            contact_masked: contact.as_deref().map(mask_contact),
            status,
            status_label: status.label(),
            handler: r.get(8)?,
            follow_up: r.get(9)?,
            recorded_by: r.get(10)?,
            updated_at: r.get(11)?,
            updated_by: r.get(12)?,
        },
        contact,
    ))
}

fn load(conn: &rusqlite::Connection, id: i64) -> CoreResult<ComplaintDetail> {
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM complaint WHERE id = ?1"),
            [id],
            |r| from_row(conn, r),
        )
        .optional()?;
    let (complaint, contact) = found.ok_or_else(|| CoreError::NotFound {
        what: format!("Pengaduan/saran nomor {id}"),
    })?;
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, status, handler, follow_up FROM complaint_event
         WHERE complaint_id = ?1 ORDER BY id",
    )?;
    let history = stmt
        .query_map([id], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                status: r.get(2)?,
                handler: r.get(3)?,
                follow_up: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ComplaintDetail {
        complaint,
        contact,
        history,
    })
}

/// One complaint in full: the contact unmasked and its history.
pub fn show(store: &Store, id: i64) -> CoreResult<ComplaintDetail> {
    load(store.conn(), id)
}

fn counts(items: &[ComplaintView]) -> Counts {
    fn tally<T: Copy + Ord>(
        all: &[T],
        of: impl Fn(&ComplaintView) -> T,
        items: &[ComplaintView],
        key: impl Fn(T) -> &'static str,
        label: impl Fn(T) -> &'static str,
    ) -> Vec<Count> {
        let mut n: BTreeMap<T, u32> = all.iter().map(|v| (*v, 0)).collect();
        for item in items {
            *n.entry(of(item)).or_default() += 1;
        }
        all.iter()
            .map(|v| Count {
                key: key(*v),
                label: label(*v),
                count: n[v],
            })
            .collect()
    }
    Counts {
        total: items.len() as u32,
        by_kind: tally(&Kind::ALL, |c| c.kind, items, Kind::as_str, Kind::label),
        by_status: tally(
            &Status::ALL,
            |c| c.status,
            items,
            Status::as_str,
            Status::label,
        ),
        by_channel: tally(
            &Channel::ALL,
            |c| c.channel,
            items,
            Channel::as_str,
            Channel::label,
        ),
    }
}

/// The complaints received in a period (optionally of one status), newest first, with the
/// period's counts per kind, status and channel.
pub fn list(store: &Store, args: &ListArgs) -> CoreResult<ComplaintList> {
    let period = Period::new(args.from, args.to)?;
    let (from, to) = period.bounds();
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM complaint WHERE received_on BETWEEN ?1 AND ?2
         ORDER BY received_on DESC, id DESC"
    ))?;
    let all = stmt
        .query_map([from, to], |r| from_row(conn, r).map(|(view, _)| view))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let counts = counts(&all);
    let items = all
        .into_iter()
        .filter(|c| args.status.is_none_or(|s| c.status == s))
        .collect();
    Ok(ComplaintList {
        from: period.from,
        to: period.to,
        period_label: period.label(),
        items,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_masked_to_what_a_list_needs() {
        assert_eq!(mask_contact("0812-3456-7890"), "0812••••7890");
        assert_eq!(mask_contact("budi.santoso@gmail.com"), "b•••@gmail.com");
        assert_eq!(mask_contact("Pak Budi, RT 03"), "Pa•••");
    }
}
