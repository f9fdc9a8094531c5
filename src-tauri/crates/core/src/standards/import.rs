//! Importing a standards file into the database as a new version.
//!
//! An import is one transaction: the version row, every service and its full-text entry, or
//! nothing at all. Earlier versions stay (visits refer to them); the catalog shows the
//! newest version of each region. The files shipped with Loket are imported on first run,
//! and again when a new release ships a corrected file, unless an admin has since imported
//! a file of their own for that region.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::model::StandardsFile;
use super::validate::{parse, service_code};
use super::BUNDLED;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// Where an imported file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside Loket (`data/standards/`).
    Bundled,
    /// Imported by an admin (`loket-hub standards import FILE`).
    File,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::File => "file",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub region: String,
    pub version: i64,
    pub services: usize,
}

/// The SHA-256 of a standards file's text, as `standards_version.source_sha256` keeps it.
pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The newest version of a region: (version, origin, sha256).
fn latest_version(
    tx: &Transaction<'_>,
    region: &str,
) -> rusqlite::Result<Option<(i64, String, String)>> {
    tx.query_row(
        "SELECT version, origin, source_sha256 FROM standards_version
         WHERE region = ?1 ORDER BY version DESC LIMIT 1",
        [region],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Checks and imports a standards file as the newest version of its region.
///
/// `name` names the file in messages. Refuses the whole file at the first problem, and a
/// file identical to the newest version already imported.
pub fn import_file(
    store: &mut Store,
    name: &str,
    text: &str,
    origin: Origin,
) -> CoreResult<Imported> {
    let file = parse(name, text)?;
    let sha = sha256_hex(text);
    let tx = store.conn_mut().transaction()?;
    let latest = latest_version(&tx, &file.region)?;
    if let Some((version, _, latest_sha)) = &latest {
        if *latest_sha == sha {
            return Err(CoreError::StandardsUnchanged {
                file: name.to_string(),
                version: *version,
            });
        }
    }
    let version = latest.map(|(v, _, _)| v).unwrap_or(0) + 1;
    let services = insert_version(&tx, &file, name, &sha, version, origin)?;
    tx.commit()?;
    Ok(Imported {
        region: file.region,
        version,
        services,
    })
}

fn insert_version(
    tx: &Transaction<'_>,
    file: &StandardsFile,
    name: &str,
    sha: &str,
    version: i64,
    origin: Origin,
) -> CoreResult<usize> {
    let header = StandardsFile {
        services: Vec::new(),
        ..file.clone()
    };
    let header = serde_json::to_string(&header).map_err(|e| CoreError::Storage(e.to_string()))?;
    let imported_at = chrono::Utc::now().to_rfc3339();
    tx.execute(
        "INSERT INTO standards_version
             (region, version, origin, source_name, source_sha256, imported_at, header)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            file.region,
            version,
            origin.as_str(),
            name,
            sha,
            imported_at,
            header
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    let mut insert_service = tx.prepare_cached(
        "INSERT INTO service (version_id, code, unit_id, unit_name, number, ordinal, name, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let columns = crate::catalog::fts_columns();
    let marks = (2..2 + columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut insert_fts = tx.prepare_cached(&format!(
        "INSERT INTO service_fts (rowid, {}) VALUES (?1, {marks})",
        columns.join(", ")
    ))?;
    for (ordinal, s) in file.services.iter().enumerate() {
        let unit_name = file
            .units
            .iter()
            .find(|u| u.id == s.unit)
            .map(|u| u.name.as_str())
            .unwrap_or_default();
        let data = serde_json::to_string(s).map_err(|e| CoreError::Storage(e.to_string()))?;
        insert_service.execute(params![
            version_id,
            service_code(&file.region, &s.unit, &s.number),
            s.unit,
            unit_name,
            s.number,
            ordinal as i64,
            s.name,
            data
        ])?;
        let row_id = tx.last_insert_rowid();
        // Indexed without apostrophes, as the search reads its query (catalog::search_text).
        let mut values: Vec<String> = vec![row_id.to_string()];
        values.extend(
            crate::catalog::column_texts(s, unit_name)
                .iter()
                .map(|t| crate::catalog::search_text(t)),
        );
        insert_fts.execute(rusqlite::params_from_iter(values.iter()))?;
    }
    Ok(file.services.len())
}

/// Imports the standards shipped with Loket where the database does not have them yet.
/// Returns what was imported (empty when the database was already up to date).
pub fn ensure_bundled(store: &mut Store) -> CoreResult<Vec<Imported>> {
    let mut done = Vec::new();
    for bundled in &BUNDLED {
        let file = parse(bundled.name, bundled.text)?;
        let sha = sha256_hex(bundled.text);
        let wanted = {
            let tx = store.conn_mut().transaction()?;
            match latest_version(&tx, &file.region)? {
                None => true,
                // A newer release ships a corrected file: take it, unless an admin imported
                // their own file since, which stays the newest.
                Some((_, origin, latest_sha)) => origin == "bundled" && latest_sha != sha,
            }
        };
        if wanted {
            done.push(import_file(
                store,
                bundled.name,
                bundled.text,
                Origin::Bundled,
            )?);
        }
    }
    Ok(done)
}
