//! The database schema and its migrations, numbered by `PRAGMA user_version`.
//!
//! Each migration runs in one transaction with the version bump, so a database is always at
//! exactly one schema version. Migrations are only ever appended to [`MIGRATIONS`].

use rusqlite::Connection;

/// `PRAGMA application_id` of a Loket database ("LKT1"), how a foreign file is told apart.
pub const APPLICATION_ID: i32 = 0x4C4B_5431;

/// The standards catalog: imported versions of each region's decrees and their services.
/// Versions are never changed or deleted: a visit refers to the version it was served under.
const V1_STANDARDS: &str = r#"
CREATE TABLE standards_version (
    id            INTEGER PRIMARY KEY,
    region        TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    origin        TEXT    NOT NULL CHECK (origin IN ('bundled', 'file')),
    source_name   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL,
    imported_at   TEXT    NOT NULL,
    -- the file without its services: region, office, decrees, units
    header        TEXT    NOT NULL,
    UNIQUE (region, version)
);

CREATE TABLE service (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES standards_version (id),
    code       TEXT    NOT NULL,
    unit_id    TEXT    NOT NULL,
    unit_name  TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    -- the service as in the standards file (components, hours, time_limit, intake)
    data       TEXT    NOT NULL,
    UNIQUE (version_id, code)
);

CREATE VIEW current_service AS
SELECT s.*, v.region AS region, v.version AS version
FROM service s
JOIN standards_version v ON v.id = s.version_id
WHERE v.version = (SELECT max(w.version) FROM standards_version w WHERE w.region = v.region);

CREATE TRIGGER standards_version_is_append_only_u BEFORE UPDATE ON standards_version
BEGIN SELECT RAISE(ABORT, 'standards versions are never changed'); END;
CREATE TRIGGER standards_version_is_append_only_d BEFORE DELETE ON standards_version
BEGIN SELECT RAISE(ABORT, 'standards versions are never deleted'); END;
CREATE TRIGGER service_is_append_only_u BEFORE UPDATE ON service
BEGIN SELECT RAISE(ABORT, 'services of a standards version are never changed'); END;
CREATE TRIGGER service_is_append_only_d BEFORE DELETE ON service
BEGIN SELECT RAISE(ABORT, 'services of a standards version are never deleted'); END;

-- Full-text index of every service; rowid = service.id. Case- and accent-insensitive,
-- with prefix indexes for search-as-you-type.
CREATE VIRTUAL TABLE service_fts USING fts5 (
    name, unit, persyaratan, prosedur, jangka_waktu, biaya, produk, pengaduan,
    dasar_hukum, sarana, kompetensi, pengawasan, jumlah_pelaksana, jaminan_pelayanan,
    jaminan_keamanan, evaluasi,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
"#;

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[V1_STANDARDS];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the database has not had yet.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            index + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}
