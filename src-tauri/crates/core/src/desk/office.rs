//! The office a desk serves, as the admin sets it up: which decree and bagian, the officials
//! (or roles such as "Pokja Pemilihan") and the services each handles, the ID drawer's
//! numbered slots, and the ticket prefixes. Saving a room whose words the waiting-room
//! display cannot say succeeds with a warning naming them.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::Ctx;
use crate::announce;
use crate::error::{CoreError, CoreResult};
use crate::standards::model::StandardsFile;
use crate::store::{CachedQueryRow, Store};

/// Most slots a drawer may have.
pub const MAX_SLOTS: u32 = 500;

/// The office's setup as the settings screen edits it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    /// The region whose decree the office follows: `balangan` or `blitar`.
    pub region: String,
    /// The bagian this desk serves (its id in the standards, e.g. `perekonomian`).
    pub unit: String,
    /// How many numbered slots the ID drawer has (1..=n).
    pub slots: u32,
    /// Ticket prefixes by scope: `unit:<id>` or `service:<catalog id>`.
    #[serde(default)]
    pub prefixes: Vec<Prefix>,
    /// The Kepala Bagian's name, under the signature of the guest log; none leaves a dotted
    /// line to fill in by hand.
    #[serde(default)]
    pub chief_name: Option<String>,
    /// The Kepala Bagian's NIP (18 digits; spaces as typed are dropped).
    #[serde(default)]
    pub chief_nip: Option<String>,
}

/// A ticket prefix for a bagian or a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefix {
    pub scope: String,
    pub prefix: String,
}

/// An official, or a role that several people answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub nip: Option<String>,
    pub title: String,
    pub room: String,
    #[serde(default)]
    pub is_role: bool,
    #[serde(default = "yes")]
    pub active: bool,
    /// Catalog ids of the services this official handles.
    #[serde(default)]
    pub services: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The office as the desk needs it at hand.
#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub setup: Option<Setup>,
    pub kabupaten: Option<String>,
    pub unit_name: Option<String>,
    pub timezone: Option<String>,
    /// The zone as the top bar's clock writes it: "WITA".
    pub zone: Option<&'static str>,
    pub officials: Vec<Official>,
    /// How the desk prints tickets.
    pub ticket: super::ticket::TicketSettings,
}

/// Checks a short text field: trimmed, not empty (unless optional), no control characters,
/// at most `max` characters. Returns the trimmed text.
pub fn clean_text(field: &str, value: &str, max: usize, required: bool) -> CoreResult<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(CoreError::invalid(field, "wajib diisi."));
    }
    if v.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!(
                "terlalu panjang ({} karakter; paling banyak {max}).",
                v.chars().count()
            ),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(CoreError::invalid(
            field,
            "berisi karakter kendali yang tidak boleh.",
        ));
    }
    Ok(v.to_string())
}

/// The newest standards header of a region (its time zone, units, decrees).
pub(crate) fn region_header(
    tx: &rusqlite::Connection,
    region: &str,
) -> CoreResult<Option<StandardsFile>> {
    let text: Option<String> = tx
        .query_row_cached(
            "SELECT header FROM standards_version WHERE region = ?1 ORDER BY version DESC LIMIT 1",
            [region],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| CoreError::Storage(e.to_string())))
        .transpose()
}

/// Checks a NIP: 18 digits, spaces allowed while typing; returns the digits, or `None` when
/// left empty.
pub fn clean_nip(field: &str, value: Option<&str>) -> CoreResult<Option<String>> {
    let nip = value
        .map(|n| n.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|n| !n.is_empty());
    if let Some(nip) = &nip {
        if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoreError::invalid(field, "harus 18 angka."));
        }
    }
    Ok(nip)
}

/// Saves one optional text setting: empty removes it.
pub(crate) fn put_setting(
    tx: &rusqlite::Connection,
    key: &str,
    value: Option<&str>,
) -> CoreResult<()> {
    match value {
        Some(v) => tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, v],
        )?,
        None => tx.execute("DELETE FROM setting WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// One text setting, if set.
pub(crate) fn setting(conn: &rusqlite::Connection, key: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row_cached("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn check_prefix(p: &str) -> CoreResult<String> {
    let p = p.trim().to_uppercase();
    if p.is_empty() || p.len() > 3 || !p.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(CoreError::invalid(
            "Awalan nomor antrian",
            format!("\"{p}\" harus 1–3 huruf, mis. P atau PBJ."),
        ));
    }
    Ok(p)
}

/// Checks the ticket prefixes of a setup: each scope a bagian of the region or a service of
/// its catalog, named once; each prefix 1–3 letters and its own series — two scopes sharing a
/// prefix would share one series of numbers, so a duplicate is refused, including the
/// bagian's default (its first letter) while the bagian has no prefix of its own.
fn check_prefixes(
    tx: &rusqlite::Connection,
    setup: &Setup,
    header: &StandardsFile,
) -> CoreResult<Vec<(String, String)>> {
    let field = "Awalan nomor antrian";
    let mut prefixes: Vec<(String, String, String)> = Vec::new();
    for p in &setup.prefixes {
        let scope = p.scope.trim();
        let owner = if let Some(unit) = scope.strip_prefix("unit:") {
            let unit = header.units.iter().find(|u| u.id == unit).ok_or_else(|| {
                CoreError::invalid(
                    field,
                    format!("\"{unit}\" bukan bagian {}.", header.kabupaten),
                )
            })?;
            unit.name.clone()
        } else if let Some(code) = scope.strip_prefix("service:") {
            let found: Option<(String, String, String)> = tx
                .query_row_cached(
                    "SELECT region, number, name FROM current_service WHERE code = ?1",
                    [code],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match found {
                Some((region, number, name)) if region == setup.region => {
                    let short: String = name.chars().take(40).collect();
                    let more = if short.len() < name.len() { "…" } else { "" };
                    format!("layanan {number}. {short}{more}")
                }
                Some(_) => {
                    return Err(CoreError::invalid(
                        field,
                        format!("layanan \"{code}\" bukan layanan {}.", header.kabupaten),
                    ))
                }
                None => {
                    return Err(CoreError::invalid(
                        field,
                        format!("layanan \"{code}\" tidak ada di katalog."),
                    ))
                }
            }
        } else {
            return Err(CoreError::invalid(
                field,
                format!("cakupan \"{scope}\" tidak dikenal."),
            ));
        };
        let prefix = check_prefix(&p.prefix).map_err(|_| {
            CoreError::invalid(
                field,
                format!(
                    "\"{}\" untuk {owner} harus 1–3 huruf A–Z, mis. P atau PBJ.",
                    p.prefix.trim()
                ),
            )
        })?;
        if prefixes.iter().any(|(s, _, _)| s == scope) {
            return Err(CoreError::invalid(
                field,
                format!("{owner} diberi awalan lebih dari sekali."),
            ));
        }
        if let Some((_, _, other)) = prefixes.iter().find(|(_, p, _)| *p == prefix) {
            return Err(CoreError::invalid(
                field,
                format!("\"{prefix}\" sudah dipakai {other}; setiap awalan harus berbeda agar nomor antriannya tidak tercampur."),
            ));
        }
        prefixes.push((scope.to_string(), prefix, owner));
    }
    let own_unit = format!("unit:{}", setup.unit);
    if !prefixes.iter().any(|(s, _, _)| *s == own_unit) {
        let default = default_prefix(&setup.unit);
        if let Some((_, _, owner)) = prefixes.iter().find(|(_, p, _)| *p == default) {
            return Err(CoreError::invalid(
                field,
                format!("\"{default}\" untuk {owner} sama dengan awalan bawaan bagian ini; beri bagian awalan lain atau pilih huruf lain."),
            ));
        }
    }
    Ok(prefixes.into_iter().map(|(s, p, _)| (s, p)).collect())
}

/// The prefix of a bagian without one of its own: the first letter of its id.
fn default_prefix(unit: &str) -> String {
    unit.chars()
        .next()
        .unwrap_or('A')
        .to_ascii_uppercase()
        .to_string()
}

/// Saves the office's setup in one transaction. Slots can be added but not removed while
/// a card is in them.
pub fn save_setup(store: &mut Store, setup: &Setup) -> CoreResult<Office> {
    let chief_name = clean_text(
        "Nama Kepala Bagian",
        setup.chief_name.as_deref().unwrap_or(""),
        100,
        false,
    )?;
    let chief_name = Some(chief_name).filter(|n| !n.is_empty());
    let chief_nip = clean_nip("NIP Kepala Bagian", setup.chief_nip.as_deref())?;
    let tx = store.conn_mut().transaction()?;
    let header = region_header(&tx, &setup.region)?.ok_or_else(|| {
        CoreError::invalid(
            "Kabupaten",
            format!("\"{}\" tidak ada di katalog standar.", setup.region),
        )
    })?;
    if !header.units.iter().any(|u| u.id == setup.unit) {
        return Err(CoreError::invalid(
            "Bagian",
            format!("\"{}\" bukan bagian {}.", setup.unit, header.kabupaten),
        ));
    }
    if setup.slots == 0 || setup.slots > MAX_SLOTS {
        return Err(CoreError::invalid(
            "Jumlah laci kartu",
            format!("harus antara 1 dan {MAX_SLOTS}."),
        ));
    }
    let highest_used: Option<u32> =
        tx.query_row_cached("SELECT max(slot) FROM id_custody", [], |r| r.get(0))?;
    if let Some(used) = highest_used.filter(|u| *u > setup.slots) {
        return Err(CoreError::refused(format!(
            "Laci nomor {used} masih berisi kartu; jumlah laci tidak dapat dikurangi menjadi {}.",
            setup.slots
        )));
    }
    let prefixes = check_prefixes(&tx, setup, &header)?;
    let value = serde_json::json!({ "region": setup.region, "unit": setup.unit });
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('office', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [value.to_string()],
    )?;
    put_setting(&tx, "chief_name", chief_name.as_deref())?;
    put_setting(&tx, "chief_nip", chief_nip.as_deref())?;
    tx.execute("DELETE FROM id_slot WHERE number > ?1", [setup.slots])?;
    for n in 1..=setup.slots {
        tx.execute("INSERT OR IGNORE INTO id_slot (number) VALUES (?1)", [n])?;
    }
    tx.execute("DELETE FROM ticket_prefix", [])?;
    for (scope, prefix) in prefixes {
        tx.execute(
            "INSERT INTO ticket_prefix (scope, prefix) VALUES (?1, ?2)",
            params![scope, prefix],
        )?;
    }
    tx.commit()?;
    office(store)
}

/// The office's region and bagian, if set up.
pub(crate) fn region_and_unit(conn: &rusqlite::Connection) -> CoreResult<Option<(String, String)>> {
    let text: Option<String> = conn
        .query_row_cached("SELECT value FROM setting WHERE key = 'office'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text.and_then(|t| {
        let v: serde_json::Value = serde_json::from_str(&t).ok()?;
        Some((
            v["region"].as_str()?.to_string(),
            v["unit"].as_str()?.to_string(),
        ))
    }))
}

/// The office's time zone (from its decree); the desk refuses to work before setup.
pub(crate) fn timezone(conn: &rusqlite::Connection) -> CoreResult<chrono_tz::Tz> {
    let (region, _) = region_and_unit(conn)?.ok_or_else(not_set_up)?;
    region_timezone(conn, &region)
}

/// The time zone of a region's newest standards. Nearly every operation asks for it, so
/// SQLite picks the one field out of the stored header instead of the whole header being
/// parsed each time.
pub(crate) fn region_timezone(
    conn: &rusqlite::Connection,
    region: &str,
) -> CoreResult<chrono_tz::Tz> {
    let zone: Option<String> = conn
        .query_row_cached(
            "SELECT json_extract(header, '$.timezone') FROM standards_version
             WHERE region = ?1 ORDER BY version DESC LIMIT 1",
            [region],
            |r| r.get(0),
        )
        .optional()?;
    let zone = zone.ok_or_else(not_set_up)?;
    zone.parse()
        .map_err(|_| CoreError::Storage(format!("zona waktu {zone} tidak dikenal")))
}

pub(crate) fn not_set_up() -> CoreError {
    CoreError::refused(
        "Kantor belum diatur: pilih kabupaten dan bagian di Pengaturan terlebih dahulu.",
    )
}

fn official_from_row(
    conn: &rusqlite::Connection,
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<Official> {
    let id: i64 = row.get(0)?;
    let mut stmt = conn.prepare_cached(
        "SELECT service_code FROM official_service WHERE official_id = ?1 ORDER BY service_code",
    )?;
    let services = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Official {
        id: Some(id),
        name: row.get(1)?,
        nip: row.get(2)?,
        title: row.get(3)?,
        room: row.get(4)?,
        is_role: row.get(5)?,
        active: row.get(6)?,
        services,
    })
}

/// All officials, active first, by name.
pub fn officials(conn: &rusqlite::Connection) -> CoreResult<Vec<Official>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, nip, title, room, is_role, active FROM official ORDER BY active DESC, name",
    )?;
    let rows = stmt.query_map([], |row| official_from_row(conn, row))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One official.
pub(crate) fn official(conn: &rusqlite::Connection, id: i64) -> CoreResult<Official> {
    conn.query_row_cached(
        "SELECT id, name, nip, title, room, is_role, active FROM official WHERE id = ?1",
        [id],
        |row| official_from_row(conn, row),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("Pejabat nomor {id}"),
    })
}

/// Adds or changes an official (or role) and the services they handle.
pub fn save_official(store: &mut Store, ctx: &Ctx, o: &Official) -> CoreResult<Official> {
    let name = clean_text("Nama pejabat", &o.name, 100, true)?;
    let title = clean_text("Jabatan", &o.title, 150, true)?;
    let room = clean_text("Ruang", &o.room, 100, true)?;
    let nip = clean_nip("NIP", o.nip.as_deref())?;
    if o.is_role && nip.is_some() {
        return Err(CoreError::invalid(
            "NIP",
            "peran (mis. Pokja Pemilihan) tidak memiliki NIP.",
        ));
    }
    let tx: Transaction<'_> = store.conn_mut().transaction()?;
    for code in &o.services {
        let known: bool = tx.query_row_cached(
            "SELECT EXISTS (SELECT 1 FROM current_service WHERE code = ?1)",
            [code],
            |r| r.get(0),
        )?;
        if !known {
            return Err(CoreError::invalid(
                "Layanan",
                format!("\"{code}\" tidak ada di katalog."),
            ));
        }
    }
    let id = match o.id {
        Some(id) => {
            let changed = tx.execute(
                "UPDATE official SET name = ?2, nip = ?3, title = ?4, room = ?5, is_role = ?6, active = ?7
                 WHERE id = ?1",
                params![id, name, nip, title, room, o.is_role, o.active],
            )?;
            if changed == 0 {
                return Err(CoreError::NotFound {
                    what: format!("Pejabat nomor {id}"),
                });
            }
            tx.execute("DELETE FROM official_service WHERE official_id = ?1", [id])?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO official (name, nip, title, room, is_role, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    name,
                    nip,
                    title,
                    room,
                    o.is_role,
                    o.active,
                    ctx.now.to_rfc3339()
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    for code in &o.services {
        tx.execute(
            "INSERT OR IGNORE INTO official_service (official_id, service_code) VALUES (?1, ?2)",
            params![id, code],
        )?;
    }
    let saved = official(&tx, id)?;
    tx.commit()?;
    Ok(saved)
}

/// An official as saved, with the words of their room that the waiting-room display cannot
/// say (see [`announce::unsaid_words`]): the save stands, and the admin is warned that calls
/// to that room say "silakan menuju ruangan sesuai layar" instead.
#[derive(Debug, Clone, Serialize)]
pub struct SavedOfficial {
    #[serde(flatten)]
    pub official: Official,
    /// The room's words without a clip, in order; empty when the room is announced.
    pub unsaid_room_words: Vec<String>,
}

/// [`save_official`], with the warning about the room's words the display cannot say.
pub fn save_official_warned(
    store: &mut Store,
    ctx: &Ctx,
    o: &Official,
) -> CoreResult<SavedOfficial> {
    let official = save_official(store, ctx, o)?;
    Ok(SavedOfficial {
        unsaid_room_words: announce::unsaid_words(&official.room),
        official,
    })
}

/// The office: setup, names from the standards, officials.
pub fn office(store: &Store) -> CoreResult<Office> {
    let conn = store.conn();
    let Some((region, unit)) = region_and_unit(conn)? else {
        return Ok(Office {
            setup: None,
            kabupaten: None,
            unit_name: None,
            timezone: None,
            zone: None,
            officials: officials(conn)?,
            ticket: super::ticket::settings(conn)?,
        });
    };
    let slots: u32 = conn.query_row_cached("SELECT count(*) FROM id_slot", [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached("SELECT scope, prefix FROM ticket_prefix ORDER BY scope")?;
    let prefixes = stmt
        .query_map([], |r| {
            Ok(Prefix {
                scope: r.get(0)?,
                prefix: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let header = region_header(conn, &region)?;
    Ok(Office {
        kabupaten: header.as_ref().map(|h| h.kabupaten.clone()),
        unit_name: header.as_ref().and_then(|h| {
            h.units
                .iter()
                .find(|u| u.id == unit)
                .map(|u| u.name.clone())
        }),
        timezone: header.as_ref().map(|h| h.timezone.clone()),
        zone: header
            .as_ref()
            .map(|h| crate::locale::zone_abbreviation(&h.timezone)),
        setup: Some(Setup {
            region,
            unit,
            slots,
            prefixes,
            chief_name: setting(conn, "chief_name")?,
            chief_nip: setting(conn, "chief_nip")?,
        }),
        officials: officials(conn)?,
        ticket: super::ticket::settings(conn)?,
    })
}

/// The ticket prefix of a service: its own, else its bagian's, else the first letter of the
/// bagian's id ("P" for perekonomian).
pub(crate) fn prefix_for(
    conn: &rusqlite::Connection,
    service_code: &str,
    unit: &str,
) -> CoreResult<String> {
    let found: Option<String> = conn
        .query_row_cached(
            "SELECT prefix FROM ticket_prefix WHERE scope = ?1 OR scope = ?2
             ORDER BY scope LIKE 'service:%' DESC LIMIT 1",
            params![format!("service:{service_code}"), format!("unit:{unit}")],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| default_prefix(unit)))
}

/// Adds a holiday or cuti bersama the shipped calendar lacks (e.g. a regional holiday).
pub fn add_holiday(
    store: &mut Store,
    date: &str,
    name: &str,
    cuti_bersama: bool,
) -> CoreResult<()> {
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid("Tanggal libur", "bukan tanggal yang sah (TTTT-BB-HH)."))?;
    let name = clean_text("Nama hari libur", name, 100, true)?;
    let kind = if cuti_bersama {
        "cuti_bersama"
    } else {
        "lainnya"
    };
    let tx = store.conn_mut().transaction()?;
    let added = tx.execute(
        "INSERT OR IGNORE INTO holiday (date, name, kind) VALUES (?1, ?2, ?3)",
        params![day.to_string(), name, kind],
    )?;
    if added == 0 {
        return Err(CoreError::refused(format!(
            "Tanggal {day} sudah tercatat sebagai hari libur."
        )));
    }
    tx.commit()?;
    Ok(())
}

/// A holiday the admin added, as the settings screen lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AddedHoliday {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The date in Indonesian: "Kamis, 31 Desember 2026".
    pub date_label: String,
    pub name: String,
    pub cuti_bersama: bool,
}

/// The holidays of the office's calendar: those the admin added (which may be removed) and
/// a word on the shipped national holidays and cuti bersama, which stay.
#[derive(Debug, Clone, Serialize)]
pub struct Holidays {
    pub added: Vec<AddedHoliday>,
    /// The years the shipped calendar covers, e.g. "2024–2026".
    pub shipped_years: String,
    pub shipped_note: String,
}

/// The holidays the admin added, by date, and what the shipped calendar covers.
pub fn holidays(store: &Store) -> CoreResult<Holidays> {
    let conn = store.conn();
    let added = super::added_holidays(conn)?
        .into_iter()
        .map(|(date, name, kind)| AddedHoliday {
            date_label: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map(crate::locale::date_with_weekday)
                .unwrap_or_else(|_| date.clone()),
            date,
            name,
            cuti_bersama: kind == "cuti_bersama",
        })
        .collect();
    let shipped = crate::calendar::Calendar::bundled();
    let years: Vec<i32> = shipped
        .holidays()
        .map(|h| chrono::Datelike::year(&h.date))
        .collect();
    let shipped_years = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    Ok(Holidays {
        added,
        shipped_note: format!(
            "Libur nasional dan cuti bersama {shipped_years} sudah terpasang bersama Loket dan tidak dapat dihapus di sini."
        ),
        shipped_years,
    })
}

/// Removes a holiday the admin added; the shipped national holidays stay.
pub fn remove_holiday(store: &mut Store, date: &str) -> CoreResult<()> {
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid("Tanggal libur", "bukan tanggal yang sah (TTTT-BB-HH)."))?;
    let tx = store.conn_mut().transaction()?;
    let removed = tx.execute("DELETE FROM holiday WHERE date = ?1", [day.to_string()])?;
    if removed == 0 {
        let label = crate::locale::date_with_weekday(day);
        return Err(match crate::calendar::Calendar::bundled().holiday(day) {
            Some(h) => CoreError::refused(format!(
                "{label} ({}) adalah libur bawaan Loket dan tidak dapat dihapus.",
                h.name
            )),
            None => CoreError::NotFound {
                what: format!("Hari libur tambahan pada {label}"),
            },
        });
    }
    tx.commit()?;
    Ok(())
}
