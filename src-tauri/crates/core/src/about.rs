//! "Tentang Loket": what this installation is — Loket's version, the database's schema
//! version, the standards loaded and the decrees they come from, where the database and its
//! backups are, and the office's time zone.
//!
//! One function, [`about`], answers the admin's panel in Pengaturan (`office.about`) and
//! `loket-hub about [--json]` alike. Everything here is read from the open store: the
//! database's path is the one the store was opened on (by the window or the hub), and the
//! backups' folder is where [`crate::store::backup`] writes them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::desk::office;
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_long, rfc3339_stamp, zone_abbreviation};
use crate::standards::import::sha256_hex;
use crate::standards::model::StandardsFile;
use crate::standards::BUNDLED;
use crate::store::{backup, Store, SCHEMA_VERSION};

/// Loket's version: the workspace's, which every crate of it shares.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything the "Tentang Loket" panel shows.
#[derive(Debug, Clone, Serialize)]
pub struct About {
    /// Loket's version, e.g. `0.2.0`.
    pub version: String,
    /// The schema version the database is at (`PRAGMA user_version`).
    pub schema_version: i64,
    /// The schema version this build writes (the database is never newer: it would not open).
    pub schema_supported: i64,
    /// The database file, as an absolute path; `None` for a database in memory.
    pub database: Option<PathBuf>,
    /// The folder its backups go to; `None` for a database in memory.
    pub backups: Option<PathBuf>,
    /// The office's time zone, once the office is set up.
    pub timezone: Option<Zone>,
    /// The standards loaded, one entry per region (the newest version of each).
    pub standards: Vec<RegionStandards>,
}

/// A time zone as the IANA names it and as Indonesians say it.
#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    /// E.g. `Asia/Makassar`.
    pub iana: String,
    /// E.g. `WITA`.
    pub abbreviation: &'static str,
}

/// The newest standards of one region, as the database holds them.
#[derive(Debug, Clone, Serialize)]
pub struct RegionStandards {
    pub region: String,
    /// E.g. "Kabupaten Balangan".
    pub kabupaten: String,
    /// The version number in the database (1 for the first import, then one more each time).
    pub version: i64,
    /// How many services this version holds.
    pub services: i64,
    /// `bundled` (shipped with Loket) or `file` (imported by the admin).
    pub origin: String,
    /// The file it was imported from.
    pub source_name: String,
    /// Whether it is exactly a file shipped with this build of Loket.
    pub shipped: bool,
    /// When it was imported, in the region's time: "07/12/2026 14.05 WITA".
    pub imported_label: String,
    pub decrees: Vec<DecreeAbout>,
}

/// One decree the region's standards come from.
#[derive(Debug, Clone, Serialize)]
pub struct DecreeAbout {
    pub number: String,
    /// ISO date (`YYYY-MM-DD`).
    pub date: String,
    pub title: String,
    /// How the decree is cited: "Keputusan Sekretaris Daerah Kabupaten Balangan Nomor
    /// 188.45/33/Setda/Kum Tahun 2024 tanggal 25 April 2024".
    pub citation: String,
}

/// The panel's content, read from `store`.
pub fn about(store: &Store) -> CoreResult<About> {
    let (database, backups) = locations(store.path());
    Ok(About {
        version: VERSION.to_string(),
        schema_version: store.schema_version()?,
        schema_supported: SCHEMA_VERSION,
        database,
        backups,
        timezone: office_zone(store)?,
        standards: standards(store)?,
    })
}

/// The database's absolute path and its backups' folder; neither for a database in memory.
fn locations(path: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    if path.as_os_str().is_empty() || path == Path::new(":memory:") {
        return (None, None);
    }
    // `absolute` does not touch the disk (no `\\?\` prefix on Windows, as `canonicalize`
    // would add), so the path shown is the one an admin would type.
    let database = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let backups = backup::folder_for(&database);
    (Some(database), Some(backups))
}

/// The office's zone, or `None` before the office is set up.
fn office_zone(store: &Store) -> CoreResult<Option<Zone>> {
    if office::region_and_unit(store.conn())?.is_none() {
        return Ok(None);
    }
    let tz = office::timezone(store.conn())?;
    Ok(Some(Zone {
        iana: tz.name().to_string(),
        abbreviation: zone_abbreviation(tz.name()),
    }))
}

fn standards(store: &Store) -> CoreResult<Vec<RegionStandards>> {
    let shipped: Vec<String> = BUNDLED.iter().map(|f| sha256_hex(f.text)).collect();
    let mut stmt = store.conn().prepare_cached(
        "SELECT v.version, v.origin, v.source_name, v.source_sha256, v.imported_at,
                v.header, (SELECT count(*) FROM service s WHERE s.version_id = v.id)
         FROM standards_version v
         WHERE v.version = (SELECT max(version) FROM standards_version w WHERE w.region = v.region)
         ORDER BY v.region",
    )?;
    let rows = stmt
        .query_map(params![], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(version, origin, source_name, sha, imported_at, header, services)| {
                let file: StandardsFile = serde_json::from_str(&header)
                    .map_err(|e| CoreError::Storage(format!("kepala standar rusak: {e}")))?;
                let tz = office::region_timezone(store.conn(), &file.region)?;
                Ok(RegionStandards {
                    decrees: file
                        .decrees
                        .iter()
                        .map(|d| DecreeAbout {
                            citation: citation(&file.kabupaten, &d.number, &d.date),
                            number: d.number.clone(),
                            date: d.date.clone(),
                            title: d.title.clone(),
                        })
                        .collect(),
                    region: file.region,
                    kabupaten: file.kabupaten,
                    version,
                    services,
                    origin,
                    source_name,
                    shipped: shipped.contains(&sha),
                    imported_label: format!(
                        "{} {}",
                        rfc3339_stamp(&imported_at, tz),
                        zone_abbreviation(tz.name())
                    ),
                })
            },
        )
        .collect()
}

/// How a decree is cited. Every decree Loket ships (Balangan 2024, Blitar 2026) is a
/// Keputusan Sekretaris Daerah, as their letterheads say; a standards file carries no issuer,
/// so that is what a service standard of a Setda is taken to be set by.
fn citation(kabupaten: &str, number: &str, date: &str) -> String {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_or_else(|_| date.into(), date_long);
    format!("Keputusan Sekretaris Daerah {kabupaten} Nomor {number} tanggal {date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decree_is_cited_with_its_number_and_its_date_in_words() {
        assert_eq!(
            citation(
                "Kabupaten Balangan",
                "188.45/33/Setda/Kum Tahun 2024",
                "2024-04-25"
            ),
            "Keputusan Sekretaris Daerah Kabupaten Balangan Nomor 188.45/33/Setda/Kum Tahun \
             2024 tanggal 25 April 2024"
        );
    }

    #[test]
    fn a_database_in_memory_has_no_file_and_no_backups() {
        assert_eq!(locations(Path::new(":memory:")), (None, None));
        let (db, backups) = locations(Path::new("data/loket.db"));
        let db = db.unwrap();
        assert!(db.is_absolute());
        assert_eq!(backups.unwrap(), db.parent().unwrap().join("backups"));
    }
}
