//! Guests' personal data under UU 27/2022 (Pelindungan Data Pribadi): kept no longer than
//! needed, shown to its owner, erased on request.
//!
//! - **Retention**: guests whose last visit is older than the retention (a setting, two years
//!   by default) are anonymised by [`apply_retention`], which the hub also runs daily.
//! - **Access**: [`subject`] gathers everything Loket holds about one guest — identity masked
//!   as on screen, every visit with its times, services and outcomes. Survey answers are
//!   anonymous (never linked to a guest) and so are not part of it.
//! - **Erasure**: [`erase`] anonymises one guest on request, refused while their ID card is
//!   in the drawer or a visit of theirs is not finished.
//!
//! Anonymising keeps the statistics and removes the person: the guest's name becomes
//! "Tamu (dianonimkan)", the phone, the ID hash and its last four characters go, and the
//! personal text in their visits' events (purpose, blanko, the letter's number, the
//! consultation's notes and follow-up, the name of whoever collected the card) is redacted
//! in place, once. Times, services, officials, the outcome's result and whether it closed,
//! waits and the guest's institution stay. Every run and every erasure is written to the
//! append-only `data_log`: who, when, how many, why — never the erased data.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::desk::events::{Blanko, CardReturn, Correction, DeskFinish, Event};
use crate::desk::guest::{self, GuestView};
use crate::desk::office::{self, clean_text};
use crate::desk::views::{self, VisitView};
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::locale;
use crate::store::Store;

/// How long personal data is kept unless the admin says otherwise: two years.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;
/// Longest retention the admin may set: ten years.
pub const MAX_RETENTION_MONTHS: u32 = 120;
/// An anonymised guest's name.
pub const ANONYMOUS_NAME: &str = "Tamu (dianonimkan)";
/// What redacted text reads.
pub const REDACTED: &str = "(dianonimkan)";

/// Visit statuses in which a visit is not finished: the guest is still at the office.
const UNFINISHED: &str = "('waiting', 'called', 'serving', 'on_hold')";

/// One entry of the data log.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: &'static str,
    pub guests: i64,
    pub guest_id: Option<i64>,
    pub detail: String,
}

/// The retention setting, what it means today, and the log.
#[derive(Debug, Clone, Serialize)]
pub struct PrivacyStatus {
    pub retention_months: u32,
    /// Guests whose last visit was before this office day are anonymised.
    pub cutoff: NaiveDate,
    /// The cutoff as Indonesians write it: "07/12/2024".
    pub cutoff_label: String,
    pub guests: i64,
    pub anonymised_guests: i64,
    /// The latest entries, newest first.
    pub log: Vec<LogEntry>,
    /// When matching returning guests by their ID number started afresh (a database restored
    /// on a machine without its key), as the screen says it; `None` if never.
    pub id_key_notice: Option<String>,
}

/// What a retention run did.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionRun {
    pub retention_months: u32,
    pub cutoff: NaiveDate,
    /// Guests anonymised now.
    pub anonymised: usize,
    /// Guests past the retention left for now (card in the drawer, visit not finished).
    pub skipped: usize,
}

/// Everything Loket holds about one guest.
#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub guest: GuestView,
    pub first_seen: String,
    pub anonymised_at: Option<String>,
    /// When the guest was first recorded, in the office's zone: "07/12/2026 02.05".
    pub first_seen_label: String,
    /// When they were anonymised, the same way.
    pub anonymised_label: Option<String>,
    /// Oldest first.
    pub visits: Vec<VisitView>,
    /// Erasures recorded for this guest.
    pub log: Vec<LogEntry>,
    pub note: &'static str,
}

/// What an erasure did.
#[derive(Debug, Clone, Serialize)]
pub struct Erased {
    pub guest_id: i64,
    pub visits: i64,
}

fn action_label(action: &str) -> &'static str {
    match action {
        "retensi" => "Anonimisasi karena masa simpan",
        "hapus" => "Penghapusan atas permintaan",
        "atur_retensi" => "Masa simpan diubah",
        "atur_cadangan" => "Jumlah cadangan diubah",
        "pulihkan" => "Pemulihan dari cadangan",
        "lihat" => "Data tamu dilihat atas permintaannya",
        _ => "Lainnya",
    }
}

/// The retention in months (the `privacy` setting).
pub fn retention_months(conn: &Connection) -> CoreResult<u32> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = 'privacy'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["retention_months"].as_u64())
        .map_or(DEFAULT_RETENTION_MONTHS, |n| n as u32))
}

/// The first office day whose visits are still kept at `now`.
fn cutoff(conn: &Connection, now: DateTime<Utc>, months: u32) -> NaiveDate {
    let tz = office::timezone(conn).unwrap_or(chrono_tz::Tz::UTC);
    let today = now.with_timezone(&tz).date_naive();
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

fn log_entries(conn: &Connection, guest: Option<i64>, limit: i64) -> CoreResult<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, action, guests, guest_id, detail FROM data_log
         WHERE ?1 IS NULL OR guest_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![guest, limit], |r| {
        let action: String = r.get(2)?;
        Ok(LogEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            action_label: action_label(&action),
            action,
            guests: r.get(3)?,
            guest_id: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The retention, today's cutoff, how many guests are anonymised, and the log.
pub fn status(store: &Store, ctx: &Ctx) -> CoreResult<PrivacyStatus> {
    let conn = store.conn();
    let months = retention_months(conn)?;
    let (guests, anonymised): (i64, i64) = conn.query_row(
        "SELECT count(*), count(anonymised_at) FROM guest",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let cutoff = cutoff(conn, ctx.now, months);
    Ok(PrivacyStatus {
        retention_months: months,
        cutoff,
        cutoff_label: locale::date_numeric(cutoff),
        guests,
        anonymised_guests: anonymised,
        log: log_entries(conn, None, 50)?,
        id_key_notice: id_key_notice(conn)?,
    })
}

/// The notice that matching by ID number started afresh, if it did.
fn id_key_notice(conn: &Connection) -> CoreResult<Option<String>> {
    let renewed: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [crate::store::idkey::RENEWED_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    let Some(at) = renewed
        .and_then(|v| serde_json::from_str::<String>(&v).ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
    else {
        return Ok(None);
    };
    let tz = office::timezone(conn).unwrap_or(chrono_tz::Tz::UTC);
    let day = crate::locale::date_with_weekday(at.with_timezone(&tz).date_naive());
    Ok(Some(format!(
        "Sejak {day}, basis data ini dipakai di komputer yang tidak menyimpan kuncinya: tamu lama \
         tidak lagi dikenali dari nomor identitasnya (cari dengan nama atau telepon). Pasang \
         berkas kunci dengan `loket-hub key import` sebelum memulihkan cadangan agar tetap dikenali."
    )))
}

/// Sets the retention in months and logs the change.
pub fn set_retention(store: &mut Store, ctx: &Ctx, months: u32) -> CoreResult<PrivacyStatus> {
    if !(1..=MAX_RETENTION_MONTHS).contains(&months) {
        return Err(CoreError::invalid(
            "Masa simpan data pribadi",
            format!("harus antara 1 dan {MAX_RETENTION_MONTHS} bulan."),
        ));
    }
    let tx = store.conn_mut().transaction()?;
    let old = retention_months(&tx)?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('privacy', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::json!({ "retention_months": months }).to_string()],
    )?;
    tx.execute(
        "INSERT INTO data_log (at, actor, action, detail) VALUES (?1, ?2, 'atur_retensi', ?3)",
        params![
            ctx.now.to_rfc3339(),
            ctx.actor,
            format!("masa simpan {old} → {months} bulan")
        ],
    )?;
    tx.commit()?;
    status(store, ctx)
}

/// Why a guest cannot be anonymised now, if there is a reason.
fn blocker(conn: &Connection, guest_id: i64) -> CoreResult<Option<String>> {
    let slot: Option<i64> = conn
        .query_row(
            "SELECT c.slot FROM id_custody c JOIN visit v ON v.id = c.visit_id
             WHERE v.guest_id = ?1 LIMIT 1",
            [guest_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(slot) = slot {
        return Ok(Some(format!(
            "Kartu identitas tamu ini masih di laci nomor {slot}; kembalikan kartunya dahulu."
        )));
    }
    let open: Option<String> = conn
        .query_row(
            &format!(
                "SELECT ticket FROM visit WHERE guest_id = ?1 AND status IN {UNFINISHED} LIMIT 1"
            ),
            [guest_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(open.map(|ticket| {
        format!("Kunjungan {ticket} tamu ini belum selesai; selesaikan kunjungannya dahulu.")
    }))
}

fn redact(text: &mut String) {
    if !text.trim().is_empty() {
        *text = REDACTED.to_string();
    }
}

fn redact_blanko(b: &mut Blanko) {
    redact(&mut b.topic);
    redact(&mut b.questions);
    redact(&mut b.documents);
    redact(&mut b.contact);
}

/// An event without its personal text; what the statistics need stays.
fn redacted(mut event: Event) -> Event {
    match &mut event {
        Event::CheckedIn(c) => {
            redact(&mut c.purpose);
            if let Some(note) = &mut c.admitted_note {
                redact(note);
            }
            if let Some(person) = &mut c.person_to_meet {
                redact(person);
            }
            if let Some(letter) = &mut c.letter {
                redact(&mut letter.number);
            }
            if let Some(b) = &mut c.blanko {
                redact_blanko(b);
            }
        }
        Event::IdHeld { last4, .. } => last4.clear(),
        Event::BlankoFilled(b) => redact_blanko(b),
        Event::Finished { outcome, .. } => {
            redact(&mut outcome.notes);
            redact(&mut outcome.follow_up);
        }
        Event::IdReturned(CardReturn::Other { name, relation }) => {
            redact(name);
            redact(relation);
        }
        Event::Transferred { reason, .. } | Event::PutOnHold { reason } => redact(reason),
        Event::FinishedByDesk {
            what: DeskFinish::Other { reason },
            ..
        } => redact(reason),
        Event::Corrected { note, change, .. } => {
            redact(note);
            match change {
                Some(Correction::Purpose { purpose }) => redact(purpose),
                Some(Correction::PersonToMeet {
                    person_to_meet: Some(person),
                }) => redact(person),
                Some(
                    Correction::PersonToMeet {
                        person_to_meet: None,
                    }
                    | Correction::GroupSize { .. }
                    | Correction::CardSlot { .. }
                    | Correction::Void,
                )
                | None => {}
            }
        }
        // No free text in these.
        Event::Called { .. }
        | Event::Recalled { .. }
        | Event::Started { .. }
        | Event::NotPresent { .. }
        | Event::FinishedByDesk {
            what: DeskFinish::GuestGone | DeskFinish::ServedUnrecorded,
            ..
        }
        | Event::Resumed
        | Event::IdReturned(CardReturn::Guest | CardReturn::Security { .. })
        | Event::IdLeftBehind
        | Event::Left => {}
    }
    event
}

/// A phone number however written (0812…, +62 812-…): its last nine digits.
fn phone_tail(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 9).then(|| digits[digits.len() - 9..].to_string())
}

/// Anonymises one guest and redacts their visits' events, inside `tx`. Idempotent.
fn anonymise(tx: &Transaction<'_>, guest_id: i64, now: DateTime<Utc>) -> CoreResult<()> {
    let at = now.to_rfc3339();
    let phone: Option<String> = tx
        .query_row("SELECT phone FROM guest WHERE id = ?1", [guest_id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    tx.execute(
        "UPDATE guest SET name = ?2, name_key = '', phone = NULL,
                id_hash = 'dianonimkan:' || id, id_last4 = '',
                anonymised_at = coalesce(anonymised_at, ?3)
         WHERE id = ?1",
        params![guest_id, ANONYMOUS_NAME, at],
    )?;
    let mut stmt = tx.prepare_cached(
        "SELECT e.id, e.data FROM visit_event e JOIN visit v ON v.id = e.visit_id
         WHERE v.guest_id = ?1 AND e.redacted_at IS NULL",
    )?;
    let events = stmt
        .query_map([guest_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut update =
        tx.prepare_cached("UPDATE visit_event SET data = ?2, redacted_at = ?3 WHERE id = ?1")?;
    for (id, data) in events {
        let event: Event = serde_json::from_str(&data)
            .map_err(|e| CoreError::Storage(format!("event {id}: {e}")))?;
        let clean = serde_json::to_string(&redacted(event))
            .map_err(|e| CoreError::Storage(e.to_string()))?;
        update.execute(params![id, clean, at])?;
    }
    // The guest's comments on the survey kiosk, and a complaint contact that is their phone.
    tx.execute(
        "UPDATE survey_response SET comment = NULL
         WHERE comment IS NOT NULL AND visit_id IN (SELECT id FROM visit WHERE guest_id = ?1)",
        [guest_id],
    )?;
    if let Some(wanted) = phone.as_deref().and_then(phone_tail) {
        // Only contacts holding the number's last two digits are read and compared.
        let mut stmt = tx.prepare_cached(
            "SELECT id, contact FROM complaint WHERE contact LIKE '%' || ?1 || '%'",
        )?;
        let contacts = stmt
            .query_map([&wanted[wanted.len() - 2..]], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, contact) in contacts {
            if phone_tail(&contact).as_deref() == Some(wanted.as_str()) {
                tx.execute("UPDATE complaint SET contact = NULL WHERE id = ?1", [id])?;
            }
        }
    }
    Ok(())
}

/// Anonymises every guest whose last visit is older than the retention, logging the run
/// (who, when, how many). One transaction. Running it again changes nothing.
pub fn apply_retention(store: &mut Store, ctx: &Ctx) -> CoreResult<RetentionRun> {
    retention_run(store, ctx, true)
}

/// The retention run of the daily upkeep: logged only when it anonymised someone.
pub(crate) fn apply_retention_quietly(store: &mut Store, ctx: &Ctx) -> CoreResult<RetentionRun> {
    retention_run(store, ctx, false)
}

fn retention_run(store: &mut Store, ctx: &Ctx, always_log: bool) -> CoreResult<RetentionRun> {
    let tx = store.conn_mut().transaction()?;
    let months = retention_months(&tx)?;
    let cutoff = cutoff(&tx, ctx.now, months);
    let due: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT g.id FROM guest g
             WHERE (g.anonymised_at IS NULL OR g.name <> ?2 OR g.phone IS NOT NULL)
               AND coalesce((SELECT max(v.office_day) FROM visit v WHERE v.guest_id = g.id),
                            substr(g.created_at, 1, 10)) < ?1
             ORDER BY g.id",
        )?;
        let rows = stmt.query_map(params![cutoff.to_string(), ANONYMOUS_NAME], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let (mut anonymised, mut skipped) = (0, 0);
    for id in due {
        if blocker(&tx, id)?.is_some() {
            skipped += 1;
        } else {
            anonymise(&tx, id, ctx.now)?;
            anonymised += 1;
        }
    }
    // A complainant's contact is kept to answer them; once the matter is closed and older
    // than the retention, it goes too (the complaint itself stays for the statistics).
    let contacts = tx.execute(
        "UPDATE complaint SET contact = NULL
         WHERE contact IS NOT NULL AND status = 'selesai' AND received_on < ?1",
        params![cutoff.to_string()],
    )?;
    if always_log || anonymised > 0 || contacts > 0 {
        tx.execute(
            "INSERT INTO data_log (at, actor, action, guests, detail)
             VALUES (?1, ?2, 'retensi', ?3, ?4)",
            params![
                ctx.now.to_rfc3339(),
                ctx.actor,
                anonymised as i64,
                format!(
                    "masa simpan {months} bulan: kunjungan terakhir sebelum {}; {skipped} tamu dilewati (kartu di laci atau kunjungan belum selesai); {contacts} kontak pengadu dihapus",
                    locale::date_numeric(cutoff)
                )
            ],
        )?;
    }
    tx.commit()?;
    if anonymised > 0 {
        store.checkpoint();
    }
    Ok(RetentionRun {
        retention_months: months,
        cutoff,
        anonymised,
        skipped,
    })
}

/// Everything Loket holds about a guest, for their request to see it (the identity masked
/// as on screen); the reading is logged in the data log (who, when, which guest), like an
/// erasure.
pub fn subject(store: &mut Store, ctx: &Ctx, guest_id: i64) -> CoreResult<Subject> {
    let subject = read_subject(store, ctx, guest_id)?;
    store.conn().execute(
        "INSERT INTO data_log (at, actor, action, guests, guest_id, detail)
         VALUES (?1, ?2, 'lihat', 0, ?3, ?4)",
        params![
            ctx.now.to_rfc3339(),
            ctx.actor,
            guest_id,
            format!("{} kunjungan ditampilkan", subject.visits.len())
        ],
    )?;
    Ok(subject)
}

fn read_subject(store: &Store, ctx: &Ctx, guest_id: i64) -> CoreResult<Subject> {
    let conn = store.conn();
    let guest = guest::view(conn, guest_id)?;
    let (first_seen, anonymised_at): (String, Option<String>) = conn.query_row(
        "SELECT created_at, anonymised_at FROM guest WHERE id = ?1",
        [guest_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let ids: Vec<i64> = {
        let mut stmt =
            conn.prepare_cached("SELECT id FROM visit WHERE guest_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([guest_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let visits = ids
        .into_iter()
        .map(|id| views::visit_view_now(store, ctx, id))
        .collect::<CoreResult<Vec<_>>>()?;
    let tz = office::timezone(conn).unwrap_or(chrono_tz::Tz::UTC);
    Ok(Subject {
        guest,
        first_seen_label: locale::rfc3339_stamp(&first_seen, tz),
        anonymised_label: anonymised_at
            .as_deref()
            .map(|at| locale::rfc3339_stamp(at, tz)),
        first_seen,
        anonymised_at,
        visits,
        log: log_entries(conn, Some(guest_id), 100)?,
        note: "Nomor identitas tidak pernah disimpan (hanya sidik kunci dan 4 karakter terakhir). \
               Jawaban survei kepuasan tidak dikaitkan dengan tamu sehingga tidak termasuk.",
    })
}

/// Anonymises one guest at their request, with the reason logged (not the erased data).
/// Refused while their card is in the drawer or a visit of theirs is not finished.
pub fn erase(store: &mut Store, ctx: &Ctx, guest_id: i64, reason: &str) -> CoreResult<Erased> {
    let reason = clean_text("Alasan penghapusan", reason, 300, true)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: Option<Option<String>> = tx
        .query_row(
            "SELECT anonymised_at FROM guest WHERE id = ?1",
            [guest_id],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        None => {
            return Err(CoreError::NotFound {
                what: format!("Tamu nomor {guest_id}"),
            })
        }
        Some(Some(_)) => {
            return Err(CoreError::refused(format!(
                "Data pribadi tamu nomor {guest_id} sudah dianonimkan."
            )))
        }
        Some(None) => {}
    }
    if let Some(why) = blocker(&tx, guest_id)? {
        return Err(CoreError::refused(why));
    }
    let visits: i64 = tx.query_row(
        "SELECT count(*) FROM visit WHERE guest_id = ?1",
        [guest_id],
        |r| r.get(0),
    )?;
    anonymise(&tx, guest_id, ctx.now)?;
    tx.execute(
        "INSERT INTO data_log (at, actor, action, guests, guest_id, detail)
         VALUES (?1, ?2, 'hapus', 1, ?3, ?4)",
        params![ctx.now.to_rfc3339(), ctx.actor, guest_id, reason],
    )?;
    tx.commit()?;
    store.checkpoint();
    Ok(Erased { guest_id, visits })
}

/// The guests erased at their request, for a restore to erase again.
pub(crate) fn erased_guests(conn: &Connection) -> CoreResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT guest_id FROM data_log WHERE action = 'hapus' AND guest_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// After a restore: anonymises again the guests erased after the backup was made (those the
/// restored data still holds), logging each as the erasure it repeats.
pub(crate) fn reapply_erasures(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    erased: &[i64],
) -> CoreResult<usize> {
    let mut count = 0;
    for &id in erased {
        let pending: bool = tx
            .query_row(
                "SELECT anonymised_at IS NULL FROM guest WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if pending {
            anonymise(tx, id, ctx.now)?;
            tx.execute(
                "INSERT INTO data_log (at, actor, action, guests, guest_id, detail)
                 VALUES (?1, ?2, 'hapus', 1, ?3, 'diulang setelah pemulihan dari cadangan')",
                params![ctx.now.to_rfc3339(), ctx.actor, id],
            )?;
            count += 1;
        }
    }
    Ok(count)
}
