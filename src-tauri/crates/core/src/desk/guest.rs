//! Guests: who they are as far as the desk needs to know, found again when they return.
//!
//! A guest is recognised by name, phone or ID number as the receptionist types. The ID
//! number is compared by its keyed hash; the phone is shown masked.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::identity::{self, IdType};
use super::office::clean_text;
use super::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::{CachedQueryRow, Store};

/// The guest's details as typed at check-in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestInput {
    /// A returning guest found by [`find`]; their card is already known.
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// The institution the guest comes for; `None` for "pribadi/masyarakat".
    #[serde(default)]
    pub institution: Option<String>,
    pub id_type: IdType,
    /// The card's number; required for a new guest, optional for a returning one.
    #[serde(default)]
    pub id_number: Option<String>,
}

/// A guest as screens show them: the ID and phone masked.
#[derive(Debug, Clone, Serialize)]
pub struct GuestView {
    pub id: i64,
    pub name: String,
    pub institution: Option<String>,
    pub phone_masked: Option<String>,
    pub id_type: IdType,
    pub id_type_label: &'static str,
    pub id_masked: String,
    pub visits: i64,
    /// The office day of the last visit (ISO).
    pub last_visit: Option<String>,
    /// The same as Indonesians write it: "07/12/2026".
    pub last_visit_label: Option<String>,
}

/// A guest's row with what the desk needs internally.
pub(crate) struct GuestRecord {
    pub id: i64,
    pub id_hash: String,
    pub id_type: IdType,
    pub id_last4: String,
    pub institution: Option<String>,
}

/// "0812-3456-7890" shown as "0812••••7890".
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.len() <= 8 {
        return "••••".to_string();
    }
    let head: String = digits[..4].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}••••{tail}")
}

fn check_phone(phone: &str) -> CoreResult<Option<String>> {
    let p = phone.trim();
    if p.is_empty() {
        return Ok(None);
    }
    let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = p
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-'));
    if !allowed || !(8..=15).contains(&digits) {
        return Err(CoreError::invalid(
            "Nomor telepon",
            "harus 8–15 angka (boleh diawali +62).",
        ));
    }
    Ok(Some(
        p.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
    ))
}

/// The key for ID hashes (kept in a file outside the database, see `store::idkey`).
pub(crate) fn secret(conn: &rusqlite::Connection) -> CoreResult<Vec<u8>> {
    crate::store::idkey::load(conn)
}

fn name_key(name: &str) -> String {
    name.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks the guest's details and writes them: a new guest, or the returning guest updated.
pub(crate) fn upsert(
    tx: &Transaction<'_>,
    ctx: &Ctx,
    input: &GuestInput,
) -> CoreResult<GuestRecord> {
    let name = clean_text("Nama tamu", &input.name, 100, true).map_err(|e| e.at("name"))?;
    let phone = input
        .phone
        .as_deref()
        .map(check_phone)
        .transpose()
        .map_err(|e| e.at("phone"))?
        .flatten();
    let institution = input
        .institution
        .as_deref()
        .map(|i| clean_text("Instansi", i, 150, false))
        .transpose()
        .map_err(|e| e.at("institution"))?
        .filter(|i| !i.is_empty());
    let card = input
        .id_number
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| identity::check_number(input.id_type, n))
        .transpose()
        .map_err(|e| e.at("id_number"))?;
    let key = secret(tx)?;
    let hash = card
        .as_ref()
        .map(|n| identity::card_hash(&key, input.id_type, n));
    // The same card is the same guest, whatever name was typed.
    let by_card: Option<i64> = match &hash {
        Some(h) => tx
            .query_row_cached("SELECT id FROM guest WHERE id_hash = ?1", [h], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let existing = match (input.id, by_card) {
        (Some(a), Some(b)) if a != b => {
            return Err(CoreError::refused(
                "Nomor kartu ini sudah tercatat atas nama tamu lain; periksa kembali nomornya.",
            ))
        }
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    let id = match existing {
        Some(id) => {
            let changed = tx.execute(
                "UPDATE guest SET name = ?2, name_key = ?3, phone = coalesce(?4, phone), institution = ?5
                 WHERE id = ?1",
                params![id, name, name_key(&name), phone, institution],
            )?;
            if changed == 0 {
                return Err(CoreError::NotFound {
                    what: format!("Tamu nomor {id}"),
                });
            }
            if let (Some(h), Some(n)) = (&hash, &card) {
                tx.execute(
                    "UPDATE guest SET id_type = ?2, id_hash = ?3, id_last4 = ?4 WHERE id = ?1",
                    params![id, id_type_str(input.id_type), h, identity::last_four(n)],
                )?;
            }
            id
        }
        None => {
            let (Some(h), Some(n)) = (&hash, &card) else {
                return Err(CoreError::invalid(
                    format!("Nomor {}", input.id_type.label()),
                    "wajib diisi untuk tamu baru; ketik nomor kartu identitasnya.",
                )
                .at("id_number"));
            };
            tx.prepare_cached(
                "INSERT INTO guest (name, name_key, phone, institution, id_type, id_hash, id_last4, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                    name,
                    name_key(&name),
                    phone,
                    institution,
                    id_type_str(input.id_type),
                    h,
                    identity::last_four(n),
                    ctx.now.to_rfc3339()
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    record(tx, id)
}

fn id_type_str(t: IdType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn id_type_from(s: &str) -> IdType {
    serde_json::from_value(serde_json::Value::from(s)).unwrap_or(IdType::Lainnya)
}

pub(crate) fn record(conn: &rusqlite::Connection, id: i64) -> CoreResult<GuestRecord> {
    conn.query_row_cached(
        "SELECT id, id_hash, id_type, id_last4, institution FROM guest WHERE id = ?1",
        [id],
        |r| {
            Ok(GuestRecord {
                id: r.get(0)?,
                id_hash: r.get(1)?,
                id_type: id_type_from(&r.get::<_, String>(2)?),
                id_last4: r.get(3)?,
                institution: r.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("Tamu nomor {id}"),
    })
}

/// Most guests [`find`] returns.
pub const FIND_LIMIT: usize = 8;

/// Longest search [`find`] accepts: longer than any name, phone or ID number, and far below
/// SQLite's limit on a LIKE pattern (past which the search failed as a storage error).
pub const MAX_FIND_QUERY: usize = 200;

/// Finds returning guests as the receptionist types: by name (every word a prefix), by
/// phone number, or by the full ID number.
pub fn find(store: &Store, query: &str) -> CoreResult<Vec<GuestView>> {
    let conn = store.conn();
    let q = query.trim();
    if q.chars().count() > MAX_FIND_QUERY {
        return Err(CoreError::invalid(
            "Pencarian tamu",
            format!("paling banyak {MAX_FIND_QUERY} karakter."),
        ));
    }
    if q.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = Vec::new();
    let normalised = identity::normalise(q);
    let looks_like_number = normalised.len() >= 6 && normalised.chars().any(|c| c.is_ascii_digit());
    if looks_like_number {
        let key = secret(conn)?;
        for t in [
            IdType::Ktp,
            IdType::Sim,
            IdType::Paspor,
            IdType::KartuPegawai,
            IdType::Lainnya,
        ] {
            let h = identity::card_hash(&key, t, &normalised);
            if let Some(id) = conn
                .query_row_cached("SELECT id FROM guest WHERE id_hash = ?1", [h], |r| r.get(0))
                .optional()?
            {
                ids.push(id);
            }
        }
        let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
        let mut stmt = conn.prepare_cached("SELECT id FROM guest WHERE phone LIKE ?1 LIMIT ?2")?;
        for id in stmt.query_map(params![format!("%{digits}%"), FIND_LIMIT as i64], |r| {
            r.get(0)
        })? {
            ids.push(id?);
        }
    } else {
        // Each typed word must begin a word of the name.
        let words: Vec<String> = name_key(q).split(' ').map(str::to_string).collect();
        let mut stmt = conn.prepare_cached(
            "SELECT g.id, g.name_key FROM guest g
             LEFT JOIN (SELECT guest_id, max(arrived_at) AS last FROM visit GROUP BY guest_id) v ON v.guest_id = g.id
             WHERE g.name_key LIKE ?1 OR g.name_key LIKE ?2
             ORDER BY v.last DESC LIMIT 200",
        )?;
        let first = &words[0];
        let rows = stmt.query_map(params![format!("{first}%"), format!("% {first}%")], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, key) = row?;
            let name_words: Vec<&str> = key.split(' ').collect();
            if words
                .iter()
                .all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
            {
                ids.push(id);
            }
        }
    }
    ids.dedup();
    ids.truncate(FIND_LIMIT);
    ids.iter().map(|id| view(conn, *id)).collect()
}

/// The columns [`guest_view_row`] reads, after the guest's id: of `guest g` and its visits.
const VIEW_COLUMNS: &str = "g.id, g.name, g.institution, g.phone, g.id_type, g.id_last4";

fn guest_view_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GuestView> {
    let id_type = id_type_from(&r.get::<_, String>(4)?);
    let phone: Option<String> = r.get(3)?;
    let last_visit: Option<String> = r.get(7)?;
    Ok(GuestView {
        id: r.get(0)?,
        name: r.get(1)?,
        institution: r.get(2)?,
        phone_masked: phone.as_deref().map(mask_phone),
        id_type,
        id_type_label: id_type.label(),
        id_masked: identity::masked(&r.get::<_, String>(5)?),
        visits: r.get(6)?,
        last_visit_label: last_visit.as_deref().map(crate::locale::iso_day_numeric),
        last_visit,
    })
}

/// A guest as screens show them.
pub fn view(conn: &rusqlite::Connection, id: i64) -> CoreResult<GuestView> {
    conn.query_row_cached(
        &format!(
            "SELECT {VIEW_COLUMNS},
                (SELECT count(*) FROM visit WHERE guest_id = g.id),
                (SELECT max(office_day) FROM visit WHERE guest_id = g.id)
             FROM guest g WHERE g.id = ?1"
        ),
        [id],
        guest_view_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("Tamu nomor {id}"),
    })
}

/// Every guest who visited on the office days `from`..=`to`, as [`view`] shows them, read in
/// one pass over the visits (for the guest log of a long period).
pub(crate) fn views_of_period(
    conn: &rusqlite::Connection,
    from: &str,
    to: &str,
) -> CoreResult<std::collections::HashMap<i64, GuestView>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VIEW_COLUMNS}, c.visits, c.last_visit
         FROM guest g
         JOIN (SELECT guest_id, count(*) AS visits, max(office_day) AS last_visit
               FROM visit GROUP BY guest_id) c ON c.guest_id = g.id
         WHERE g.id IN (SELECT guest_id FROM visit WHERE office_day BETWEEN ?1 AND ?2)"
    ))?;
    let rows = stmt.query_map(params![from, to], guest_view_row)?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let g = row?;
        out.insert(g.id, g);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_and_checked() {
        assert_eq!(mask_phone("081234567890"), "0812••••7890");
        assert_eq!(
            check_phone("0812-3456-7890").unwrap().unwrap(),
            "081234567890"
        );
        assert_eq!(
            check_phone("+62 812 3456 7890").unwrap().unwrap(),
            "+6281234567890"
        );
        assert!(check_phone("12345").is_err());
        assert!(check_phone("0812abc").is_err());
        assert_eq!(check_phone("  ").unwrap(), None);
    }
}
