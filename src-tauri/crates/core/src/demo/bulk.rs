//! Many visits quickly (issues 5 and 6): a year of 100,000 visits for measuring exports,
//! queues and searches on a database of the size a busy desk reaches.
//!
//! A few real demo days are first made through the desk's own operations ([`super::build`]),
//! so every event and every projection is what the desk itself writes. Their finished visits
//! (served, not present, or gone, with any ID card given back) are then copied onto the other
//! working days of the range: each copy gets a fresh guest row (or, now and then, a guest of an
//! earlier copy comes back), a fresh visit id and the next ticket number of its prefix that
//! day, and its events shifted by the same amount (whole days plus a few minutes), so its waits
//! and service times are those of the real day. Each day is written in one transaction with
//! its ticket counters and its closing, as the desk leaves a closed day.
//!
//! The copies are as consistent as the desk's own rows (foreign keys, unique tickets and ID
//! hashes, the visit's projection equal to the fold of its events, no card left in the
//! drawer); they are not a simulation: an official may serve overlapping copies.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::rng::Rng;
use super::DemoDesk;
use crate::desk::calendar_of;
use crate::error::{CoreError, CoreResult};
use crate::period::Period;
use crate::store::Store;

/// At most this many real demo days are made as the pattern of the others.
const TEMPLATE_DAYS: usize = 3;

/// About how many guests a real demo day has, to decide how many real days a small run needs.
const GUESTS_PER_DEMO_DAY: usize = 40;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Bulk {
    /// Working days in the range, each with visits now.
    pub days: usize,
    /// Visits in the range, the real demo days' included.
    pub visits: usize,
    /// Real demo days made through the desk's operations.
    pub demo_days: usize,
    /// Visits of those real days.
    pub demo_visits: usize,
    /// Guest rows added by copying (returning guests reuse theirs).
    pub guests: usize,
    /// Events written by copying.
    pub events: usize,
}

/// A finished visit of a real demo day, as rows to copy.
struct Pattern {
    day: NaiveDate,
    guest: GuestRow,
    service_id: i64,
    prefix: String,
    arrived_at: DateTime<Utc>,
    status: String,
    service_code: String,
    official_id: Option<i64>,
    queued_at: DateTime<Utc>,
    events: Vec<EventRow>,
}

struct GuestRow {
    name: String,
    name_key: String,
    phone: Option<String>,
    institution: Option<String>,
    id_type: String,
    id_hash: String,
    id_last4: String,
}

struct EventRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    kind: String,
    data: String,
}

fn parse_time(s: &str) -> CoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| CoreError::Storage(format!("waktu {s}: {e}")))
}

/// Fills the working days `from`..=`to` with about `visits` visits in all, spread evenly
/// (a real demo day keeps its own visits when it has more than its share). Refuses, writing
/// nothing, when the range is longer than a report's, has no working day, or already has
/// visits; and for the same reasons as [`super::build`].
pub fn generate(
    store: &mut Store,
    from: NaiveDate,
    to: NaiveDate,
    visits: usize,
    desk: DemoDesk,
) -> CoreResult<Bulk> {
    Period::new(from, to)?;
    if visits == 0 {
        return Err(CoreError::invalid(
            "Jumlah kunjungan",
            "harus paling sedikit 1.",
        ));
    }
    let calendar = calendar_of(store.conn())?;
    let days: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| calendar.is_working_day(*d))
        .collect();
    if days.is_empty() {
        return Err(CoreError::refused(format!(
            "Tidak ada hari kerja antara {from} dan {to}."
        )));
    }
    let existing: i64 = store.conn().query_row(
        "SELECT count(*) FROM visit WHERE office_day BETWEEN ?1 AND ?2",
        params![from.to_string(), to.to_string()],
        |r| r.get(0),
    )?;
    if existing > 0 {
        return Err(CoreError::refused(format!(
            "Basis data ini sudah berisi {existing} kunjungan antara {from} dan {to}; kunjungan massal hanya dibuat pada rentang yang masih kosong. Gunakan berkas basis data lain (--db)."
        )));
    }

    // The real days, through the desk's own operations.
    let wanted = visits.div_ceil(GUESTS_PER_DEMO_DAY).clamp(1, TEMPLATE_DAYS);
    let templates: Vec<NaiveDate> = days.iter().copied().take(wanted).collect();
    for day in &templates {
        super::build(store, *day, desk)?;
    }
    let patterns = load_patterns(store, &templates)?;
    if patterns.is_empty() {
        return Err(CoreError::Storage(
            "hari demo tanpa kunjungan selesai untuk disalin".into(),
        ));
    }
    let demo_visits: i64 = store.conn().query_row(
        "SELECT count(*) FROM visit WHERE office_day BETWEEN ?1 AND ?2",
        params![from.to_string(), to.to_string()],
        |r| r.get(0),
    )?;
    let closing = closing_of(store, templates[0])?;

    let mut rng = Rng::for_day(from, desk);
    let mut summary = Bulk {
        days: days.len(),
        visits: 0,
        demo_days: templates.len(),
        demo_visits: demo_visits as usize,
        guests: 0,
        events: 0,
    };
    // Guests made for copies of each pattern, so some of them can come back.
    let mut returning: Vec<Vec<i64>> = vec![Vec::new(); patterns.len()];
    let mut next = 0usize;
    let per_day = visits / days.len();
    let extra = visits % days.len();
    for (i, day) in days.iter().enumerate() {
        let share = per_day + usize::from(i < extra);
        let tx = store.conn_mut().transaction()?;
        let have: i64 = tx.query_row(
            "SELECT count(*) FROM visit WHERE office_day = ?1",
            [day.to_string()],
            |r| r.get(0),
        )?;
        let copies = share.saturating_sub(have as usize);
        if copies == 0 {
            tx.commit()?;
            continue;
        }
        let mut counters: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt =
                tx.prepare_cached("SELECT prefix, last FROM ticket_counter WHERE office_day = ?1")?;
            let rows = stmt.query_map([day.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (prefix, last) = row?;
                counters.insert(prefix, last);
            }
        }
        let mut insert_guest = tx.prepare_cached(
            "INSERT INTO guest (name, name_key, phone, institution, id_type, id_hash, id_last4, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut insert_visit = tx.prepare_cached(
            "INSERT INTO visit (guest_id, service_id, office_day, ticket, arrived_at, status, service_code, official_id, queued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut insert_event = tx.prepare_cached(
            "INSERT INTO visit_event (visit_id, at, actor, kind, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for _ in 0..copies {
            // Walk the patterns in a shuffled cycle, so each day has a mix of them.
            let index = (next + rng.below(patterns.len() as u64) as usize) % patterns.len();
            next += 1;
            let p = &patterns[index];
            let shift = Duration::days((*day - p.day).num_days())
                + Duration::minutes(rng.between(-10, 10))
                + Duration::seconds(rng.between(-30, 30));
            let arrived = p.arrived_at + shift;
            let guest_id = match returning[index].as_slice() {
                earlier if !earlier.is_empty() && rng.chance(25) => {
                    earlier[rng.below(earlier.len() as u64) as usize]
                }
                _ => {
                    let g = &p.guest;
                    let hash = hex::encode(Sha256::digest(format!(
                        "loket-bulk:{}:{}:{}",
                        g.id_hash, day, summary.guests
                    )));
                    insert_guest.execute(params![
                        g.name,
                        g.name_key,
                        g.phone,
                        g.institution,
                        g.id_type,
                        hash,
                        g.id_last4,
                        arrived.to_rfc3339()
                    ])?;
                    summary.guests += 1;
                    let id = tx.last_insert_rowid();
                    returning[index].push(id);
                    id
                }
            };
            let counter = counters.entry(p.prefix.clone()).or_insert(0);
            *counter += 1;
            let ticket = format!("{}-{:03}", p.prefix, counter);
            insert_visit.execute(params![
                guest_id,
                p.service_id,
                day.to_string(),
                ticket,
                arrived.to_rfc3339(),
                p.status,
                p.service_code,
                p.official_id,
                (p.queued_at + shift).to_rfc3339()
            ])?;
            let visit_id = tx.last_insert_rowid();
            let mut ids: HashMap<i64, i64> = HashMap::new();
            for e in &p.events {
                let data = if e.kind == "corrected" {
                    corrected_data(&e.data, &ids)?
                } else {
                    e.data.clone()
                };
                insert_event.execute(params![
                    visit_id,
                    (e.at + shift).to_rfc3339(),
                    e.actor,
                    e.kind,
                    data
                ])?;
                ids.insert(e.id, tx.last_insert_rowid());
                summary.events += 1;
            }
        }
        drop((insert_guest, insert_visit, insert_event));
        for (prefix, last) in &counters {
            tx.execute(
                "INSERT INTO ticket_counter (office_day, prefix, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (office_day, prefix) DO UPDATE SET last = excluded.last",
                params![day.to_string(), prefix, last],
            )?;
        }
        if let Some((at, by)) = &closing {
            let at = *at + Duration::days((*day - templates[0]).num_days());
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                params![
                    format!("closed:{day}"),
                    serde_json::json!({ "at": at.to_rfc3339(), "by": by }).to_string()
                ],
            )?;
        }
        tx.commit()?;
    }
    let total: i64 = store.conn().query_row(
        "SELECT count(*) FROM visit WHERE office_day BETWEEN ?1 AND ?2",
        params![from.to_string(), to.to_string()],
        |r| r.get(0),
    )?;
    summary.visits = total as usize;
    Ok(summary)
}

/// A correction names the event it corrects: the copy names that event's copy.
fn corrected_data(data: &str, ids: &HashMap<i64, i64>) -> CoreResult<String> {
    let mut value: serde_json::Value =
        serde_json::from_str(data).map_err(|e| CoreError::Storage(e.to_string()))?;
    if let Some(old) = value.get("event_id").and_then(|v| v.as_i64()) {
        if let Some(new) = ids.get(&old) {
            value["event_id"] = (*new).into();
        }
    }
    Ok(value.to_string())
}

/// When and by whom the first real day was closed, to close the copied days alike.
fn closing_of(store: &Store, day: NaiveDate) -> CoreResult<Option<(DateTime<Utc>, String)>> {
    let value: Option<String> = store
        .conn()
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [format!("closed:{day}")],
            |r| r.get(0),
        )
        .optional()?;
    let Some(value) = value else { return Ok(None) };
    let json: serde_json::Value =
        serde_json::from_str(&value).map_err(|e| CoreError::Storage(e.to_string()))?;
    let at = parse_time(json["at"].as_str().unwrap_or_default())?;
    Ok(Some((
        at,
        json["by"].as_str().unwrap_or_default().to_string(),
    )))
}

/// The finished visits of the real days whose card, if any, went back: what a closed day
/// holds and a copy can repeat without a card in the drawer.
fn load_patterns(store: &Store, days: &[NaiveDate]) -> CoreResult<Vec<Pattern>> {
    let conn = store.conn();
    let mut visits = conn.prepare_cached(
        "SELECT v.id, v.office_day, v.service_id, v.ticket, v.arrived_at, v.status, v.service_code,
                v.official_id, v.queued_at,
                g.name, g.name_key, g.phone, g.institution, g.id_type, g.id_hash, g.id_last4
         FROM visit v JOIN guest g ON g.id = v.guest_id
         WHERE v.office_day = ?1 AND v.status IN ('finished', 'not_present', 'left')
           AND v.id NOT IN (SELECT visit_id FROM id_custody)
         ORDER BY v.id",
    )?;
    let mut events = conn.prepare_cached(
        "SELECT id, at, actor, kind, data FROM visit_event WHERE visit_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    for day in days {
        let rows = visits
            .query_map([day.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<i64>>(7)?,
                        r.get::<_, String>(8)?,
                    ),
                    GuestRow {
                        name: r.get(9)?,
                        name_key: r.get(10)?,
                        phone: r.get(11)?,
                        institution: r.get(12)?,
                        id_type: r.get(13)?,
                        id_hash: r.get(14)?,
                        id_last4: r.get(15)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, v, guest) in rows {
            let (service_id, ticket, arrived_at, status, service_code, official_id, queued_at) = v;
            let evs = events
                .query_map([id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(|(id, at, actor, kind, data)| {
                    Ok(EventRow {
                        id,
                        at: parse_time(&at)?,
                        actor,
                        kind,
                        data,
                    })
                })
                .collect::<CoreResult<Vec<_>>>()?;
            let prefix = ticket
                .rsplit_once('-')
                .map_or(ticket.as_str(), |(p, _)| p)
                .to_string();
            out.push(Pattern {
                day: *day,
                guest,
                service_id,
                prefix,
                arrived_at: parse_time(&arrived_at)?,
                status,
                service_code,
                official_id,
                queued_at: parse_time(&queued_at)?,
                events: evs,
            });
        }
    }
    Ok(out)
}
