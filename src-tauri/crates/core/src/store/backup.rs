//! Backups of the database, and restoring one.
//!
//! A backup is made online with SQLite's backup API (the desk keeps working) into a file in
//! the `backups` folder beside the database, named after the office's local time and kind:
//! `backups/loket-2026-12-01T0930-harian.db`. It is written under a temporary name, made a
//! self-contained file (no WAL), synced, opened again and checked (`quick_check`,
//! `application_id`, schema version) and only then renamed to its final name, so a
//! half-written backup never looks complete. Daily backups are made by [`ensure_daily`],
//! cheap to call often, and rotated (the last [`DEFAULT_KEEP_DAILY`], a setting); one is made
//! before every schema migration and before every restore; the admin makes others on demand.
//!
//! Restoring refuses, changing nothing, a file that is not a Loket database, is damaged or
//! comes from a newer Loket. It backs the current database up first, then copies the backup
//! *into the open connection* with the backup API in a single step: one write transaction,
//! so every reader sees either the old or the restored database, never a mix, and the hub
//! keeps its one `Store` (no file is swapped under an open connection). An older backup is
//! migrated; guests erased since the backup was made are erased again; users log in again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::{inspect_existing, schema, Inspected, Store};
use crate::desk::{office, Ctx};
use crate::error::{CoreError, CoreResult};

/// The folder beside the database that holds its backups.
pub const FOLDER: &str = "backups";
/// How many daily backups are kept unless the admin says otherwise.
pub const DEFAULT_KEEP_DAILY: u32 = 14;
/// Most daily backups the admin may ask to keep.
pub const MAX_KEEP_DAILY: u32 = 366;

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The automatic daily backup; rotated.
    Harian,
    /// Made on demand by the admin (screen or command line).
    Manual,
    /// Made before the schema was migrated to a newer version.
    SebelumMigrasi,
    /// Made before another backup was restored over the database.
    SebelumPemulihan,
    /// A damaged database set aside, as it was, before a backup replaced it.
    Rusak,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Harian,
        Kind::Manual,
        Kind::SebelumMigrasi,
        Kind::SebelumPemulihan,
        Kind::Rusak,
    ];

    /// The kind as it appears in the file name.
    fn tag(self) -> &'static str {
        match self {
            Kind::Harian => "harian",
            Kind::Manual => "manual",
            Kind::SebelumMigrasi => "sebelum-migrasi",
            Kind::SebelumPemulihan => "sebelum-pemulihan",
            Kind::Rusak => "rusak",
        }
    }

    /// The kind in words, for the admin screen.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Harian => "Harian (otomatis)",
            Kind::Manual => "Dibuat manual",
            Kind::SebelumMigrasi => "Sebelum pembaruan aplikasi",
            Kind::SebelumPemulihan => "Sebelum pemulihan",
            Kind::Rusak => "Basis data rusak yang disisihkan",
        }
    }
}

/// One backup in the backups folder.
#[derive(Debug, Clone, Serialize)]
pub struct BackupFile {
    /// The file name, e.g. `loket-2026-12-01T0930-harian.db`; how the admin screen names it.
    pub name: String,
    pub kind: Kind,
    pub kind_label: &'static str,
    /// The office's local time it was made, as Indonesians read it: "01/12/2026 09.30".
    pub made: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Where it is.
    pub path: PathBuf,
    #[serde(skip)]
    made_at: NaiveDateTime,
}

/// The backups folder as the admin screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Backups {
    pub folder: PathBuf,
    /// How many daily backups are kept.
    pub keep_daily: u32,
    /// Newest first.
    pub files: Vec<BackupFile>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    /// The file restored from.
    pub from: PathBuf,
    /// The schema version the backup was at (migrated since if older).
    pub version: i64,
    /// The backup of the database as it was just before (or the damaged file set aside).
    pub before: BackupFile,
    /// Guests erased after the backup was made, erased again.
    pub erasures_reapplied: usize,
}

/// The backups folder of the database at `db`.
pub fn folder_for(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join(FOLDER)
}

fn folder(store: &Store) -> CoreResult<PathBuf> {
    if store.path() == Path::new(":memory:") {
        return Err(CoreError::refused(
            "Basis data di memori tidak memiliki folder cadangan.",
        ));
    }
    Ok(folder_for(store.path()))
}

/// The office's time zone, or UTC before the office is set up (or on an old schema).
fn office_tz(conn: &Connection) -> Tz {
    office::timezone(conn).unwrap_or(Tz::UTC)
}

fn io_error(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Storage(format!("{}: {e}", path.display()))
}

/// Reads a backup's file name: `loket-<YYYY-MM-DDTHHMM>-<kind>[-<n>].db`.
fn parse_name(name: &str) -> Option<(NaiveDateTime, Kind)> {
    let rest = name.strip_prefix("loket-")?.strip_suffix(".db")?;
    let stamp = rest.get(..15)?;
    let made_at = NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M").ok()?;
    let tail = rest.get(15..)?.strip_prefix('-')?;
    let kind = Kind::ALL.into_iter().find(|k| {
        tail == k.tag()
            || tail
                .strip_prefix(k.tag())
                .and_then(|n| n.strip_prefix('-'))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })?;
    Some((made_at, kind))
}

fn describe(path: PathBuf) -> Option<BackupFile> {
    let name = path.file_name()?.to_str()?.to_string();
    let (made_at, kind) = parse_name(&name)?;
    let bytes = std::fs::metadata(&path).ok()?.len();
    Some(BackupFile {
        name,
        kind,
        kind_label: kind.label(),
        made: made_at.format("%d/%m/%Y %H.%M").to_string(),
        bytes,
        path,
        made_at,
    })
}

/// The backups in `dir`, newest first. Temporary files of a backup being written, and any
/// other file, are not backups.
pub fn list_in(dir: &Path) -> CoreResult<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir, e)),
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| describe(e.path()))
        .collect();
    files.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(b.name.cmp(&a.name)));
    Ok(files)
}

/// The database's backups and how many daily ones are kept.
pub fn list(store: &Store) -> CoreResult<Backups> {
    let dir = folder(store)?;
    Ok(Backups {
        files: list_in(&dir)?,
        keep_daily: keep_daily(store.conn())?,
        folder: dir,
    })
}

/// How many daily backups are kept (the `backup` setting).
pub fn keep_daily(conn: &Connection) -> CoreResult<u32> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = 'backup'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["keep_daily"].as_u64())
        .map_or(DEFAULT_KEEP_DAILY, |n| n as u32))
}

/// Sets how many daily backups are kept, logs it, and rotates at once.
pub fn set_keep_daily(store: &mut Store, ctx: &Ctx, keep: u32) -> CoreResult<Backups> {
    if !(1..=MAX_KEEP_DAILY).contains(&keep) {
        return Err(CoreError::invalid(
            "Jumlah cadangan harian yang disimpan",
            format!("harus antara 1 dan {MAX_KEEP_DAILY}."),
        ));
    }
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('backup', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::json!({ "keep_daily": keep }).to_string()],
    )?;
    tx.execute(
        "INSERT INTO data_log (at, actor, action, detail) VALUES (?1, ?2, 'atur_cadangan', ?3)",
        params![
            ctx.now.to_rfc3339(),
            ctx.actor,
            format!("simpan {keep} cadangan harian terakhir")
        ],
    )?;
    tx.commit()?;
    rotate(store, ctx.now)?;
    list(store)
}

/// A free file name in `dir` for a backup made at `local` time.
fn new_name(dir: &Path, local: NaiveDateTime, kind: Kind) -> String {
    let base = format!("loket-{}-{}", local.format("%Y-%m-%dT%H%M"), kind.tag());
    let mut name = format!("{base}.db");
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{base}-{n}.db");
        n += 1;
    }
    name
}

/// Copies the whole `from` database into `to` in one step of the backup API: one write
/// transaction on `to`. Retries a little while the source is busy.
fn copy_all(from: &Connection, to: &mut Connection) -> CoreResult<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..100 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(CoreError::Storage(
        "basis data terus sibuk; penyalinan tidak selesai".into(),
    ))
}

/// Checks a file is a whole Loket database this build can open: SQLite, Loket's
/// `application_id`, not from a newer Loket, `quick_check` ok. Returns its schema version.
/// Reads only.
pub fn verify(path: &Path) -> CoreResult<i64> {
    match inspect_existing(path)? {
        Inspected::Loket { version } => Ok(version),
        Inspected::Empty => Err(CoreError::NotLoketDatabase {
            path: path.to_path_buf(),
        }),
    }
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable where the platform allows opening a directory (Unix; on
    // Windows a folder cannot be opened as a file, and NTFS journals the rename itself).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes the database of `conn` to `dest`: under a temporary name, verified, then renamed.
/// Returns the size in bytes. On failure nothing is left behind.
fn write_to(conn: &Connection, dest: &Path) -> CoreResult<u64> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let file_name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "loket.db".into());
    let tmp = dir.join(format!(".{file_name}.sedang-ditulis"));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| -> CoreResult<u64> {
        {
            let mut out = Connection::open(&tmp)?;
            copy_all(conn, &mut out)?;
            // A backup is one self-contained file.
            let _mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        }
        // Opened for writing: Windows flushes a file only through a handle that may write
        // (FlushFileBuffers refuses a read-only one), where Linux accepts either.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error(&tmp, e))?;
        // A backup holds everyone's data: its owner's alone (on Unix; on Windows it inherits
        // the folder's permissions).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| io_error(&tmp, e))?;
        }
        verify(&tmp)?;
        std::fs::rename(&tmp, dest).map_err(|e| io_error(dest, e))?;
        sync_dir(dir);
        Ok(std::fs::metadata(dest)
            .map_err(|e| io_error(dest, e))?
            .len())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Backs the database up into its backups folder, named after `ctx.now` in the office's time.
pub fn create(store: &Store, ctx: &Ctx, kind: Kind) -> CoreResult<BackupFile> {
    let dir = folder(store)?;
    let local = ctx
        .now
        .with_timezone(&office_tz(store.conn()))
        .naive_local();
    let path = dir.join(new_name(&dir, local, kind));
    write_to(store.conn(), &path)?;
    describe(path.clone()).ok_or_else(|| CoreError::Storage(format!("{}", path.display())))
}

/// Backs the database up to any file (the command line's `--out`), verified like every
/// backup. Returns the size in bytes.
pub fn create_at(store: &Store, dest: &Path) -> CoreResult<u64> {
    if dest.exists() {
        return Err(CoreError::refused(format!(
            "Berkas {} sudah ada; pilih nama lain agar tidak tertimpa.",
            dest.display()
        )));
    }
    write_to(store.conn(), dest)
}

/// The backup [`Store::open`] makes before migrating a database at schema `version`.
pub(super) fn before_migration(store: &Store, _version: i64) -> CoreResult<BackupFile> {
    let ctx = Ctx::now("sistem");
    create(store, &ctx, Kind::SebelumMigrasi)
}

/// The office's local date of `now`.
fn office_day(conn: &Connection, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&office_tz(conn)).date_naive()
}

/// Makes today's daily backup unless there is one (today in the office's time zone), then
/// removes daily backups beyond the number kept. Cheap when there is nothing to do: one look
/// at the folder. Returns the backup made, if one was.
pub fn ensure_daily(store: &Store, now: DateTime<Utc>) -> CoreResult<Option<BackupFile>> {
    if store.path() == Path::new(":memory:") {
        return Ok(None);
    }
    let today = office_day(store.conn(), now);
    let existing = list_in(&folder(store)?)?;
    let made = if existing
        .iter()
        .any(|f| f.kind == Kind::Harian && f.made_at.date() == today)
    {
        None
    } else {
        let ctx = Ctx {
            actor: "sistem".into(),
            now,
        };
        Some(create(store, &ctx, Kind::Harian)?)
    };
    rotate(store, now)?;
    Ok(made)
}

/// Rotates every kind of backup by one rule: the newest `keep` daily backups stay (the
/// `backup` setting, 14 by default), and a backup of any other kind — on demand, before a
/// migration, before a restore, a damaged database set aside — stays `keep` days. So an
/// erased guest's data is gone from every backup `keep` days after the erasure at most.
/// Returns the names removed.
pub fn rotate(store: &Store, now: DateTime<Utc>) -> CoreResult<Vec<String>> {
    let keep = keep_daily(store.conn())?;
    let local_now = now.with_timezone(&office_tz(store.conn())).naive_local();
    let oldest_kept = local_now - chrono::Duration::days(i64::from(keep));
    let mut removed = Vec::new();
    let mut dailies = 0;
    for file in list_in(&folder(store)?)? {
        let expired = match file.kind {
            Kind::Harian => {
                dailies += 1;
                dailies > keep as usize
            }
            Kind::Manual | Kind::SebelumMigrasi | Kind::SebelumPemulihan | Kind::Rusak => {
                file.made_at < oldest_kept
            }
        };
        if expired {
            std::fs::remove_file(&file.path).map_err(|e| io_error(&file.path, e))?;
            removed.push(file.name);
        }
    }
    Ok(removed)
}

/// The path of a backup of this database by its name, refusing anything else (other
/// folders, other files).
pub fn named(store: &Store, name: &str) -> CoreResult<PathBuf> {
    let not_found = || CoreError::NotFound {
        what: format!("Cadangan \"{name}\""),
    };
    if name.contains(['/', '\\']) || parse_name(name).is_none() {
        return Err(not_found());
    }
    let path = folder(store)?.join(name);
    if !path.is_file() {
        return Err(not_found());
    }
    Ok(path)
}

/// Restores a backup of this database by its name (the admin screen).
pub fn restore_named(store: &mut Store, ctx: &Ctx, name: &str) -> CoreResult<Restored> {
    let path = named(store, name)?;
    restore(store, ctx, &path)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Restores the backup at `src` into the open database: checks it (refusing, changing
/// nothing, a foreign, damaged or newer file), backs the database up, copies the backup in
/// with one step of the backup API, migrates it if older, erases again the guests erased
/// since, ends every user's session and logs the restore.
pub fn restore(store: &mut Store, ctx: &Ctx, src: &Path) -> CoreResult<Restored> {
    let version = verify(src)?;
    if same_file(src, store.path()) {
        return Err(CoreError::refused(
            "Berkas itu adalah basis data yang sedang dipakai, bukan cadangan.",
        ));
    }
    let erased = crate::privacy::erased_guests(store.conn())?;
    let ended = crate::auth::sessions::ended_token_hashes(store.conn())?;
    let before = create(store, ctx, Kind::SebelumPemulihan)?;
    {
        let from = Connection::open_with_flags(
            src,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        copy_all(&from, store.conn_mut())?;
    }
    let reapplied = after_restore(store, ctx, src, version, &before, &erased, &ended)?;
    Ok(Restored {
        from: src.to_path_buf(),
        version,
        before,
        erasures_reapplied: reapplied,
    })
}

/// Brings a restored database up to date and records the restore, in one transaction after
/// the migrations.
fn after_restore(
    store: &mut Store,
    ctx: &Ctx,
    src: &Path,
    version: i64,
    before: &BackupFile,
    erased: &[i64],
    ended: &[(String, String)],
) -> CoreResult<usize> {
    schema::migrate(store.conn_mut())?;
    let tx = store.conn_mut().transaction()?;
    let reapplied = crate::privacy::reapply_erasures(&tx, ctx, erased)?;
    // A device token revoked since the backup stays revoked.
    crate::auth::sessions::end_tokens_again(&tx, ended)?;
    // The restored database's ID key: moved out of an older backup, or made anew on a
    // machine that does not have it.
    super::idkey::ensure(&tx, false)?;
    // Sessions in the backup may have ended since: everyone logs in again.
    tx.execute(
        "UPDATE session SET ended_at = ?1 WHERE account_id IS NOT NULL AND ended_at IS NULL",
        [ctx.now.to_rfc3339()],
    )?;
    let src_name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tx.execute(
        "INSERT INTO data_log (at, actor, action, guests, detail)
         VALUES (?1, ?2, 'pulihkan', ?3, ?4)",
        params![
            ctx.now.to_rfc3339(),
            ctx.actor,
            reapplied as i64,
            format!(
                "dipulihkan dari {src_name} (skema {version}); basis data sebelumnya disimpan sebagai {}",
                before.name
            )
        ],
    )?;
    tx.commit()?;
    Ok(reapplied)
}

/// Restores `src` over the database at `db` (the command line, with the hub stopped). A
/// database that opens is restored into as by [`restore`]; a damaged one is set aside as it
/// is (`…-rusak.db` in the backups folder) and the backup, written beside it under a
/// temporary name and verified, replaces it by an atomic rename. A file that is not a Loket
/// database, or is from a newer Loket, is refused and never overwritten.
pub fn restore_path(db: &Path, src: &Path, ctx: &Ctx) -> CoreResult<Restored> {
    let version = verify(src)?;
    if same_file(src, db) {
        return Err(CoreError::refused(
            "Berkas itu adalah basis data yang sedang dipakai, bukan cadangan.",
        ));
    }
    match Store::open(db) {
        Ok(mut store) => restore(&mut store, ctx, src),
        Err(CoreError::CorruptDatabase { .. }) => replace_damaged(db, src, version, ctx),
        Err(e) => Err(e),
    }
}

fn replace_damaged(db: &Path, src: &Path, version: i64, ctx: &Ctx) -> CoreResult<Restored> {
    let dir = folder_for(db);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let aside = dir.join(new_name(&dir, ctx.now.naive_utc(), Kind::Rusak));
    std::fs::copy(db, &aside).map_err(|e| io_error(&aside, e))?;
    let wal = sidecar(db, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, sidecar(&aside, "-wal")).map_err(|e| io_error(&wal, e))?;
    }
    let tmp = sidecar(db, ".dipulihkan");
    let _ = std::fs::remove_file(&tmp);
    let from = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let written = write_to(&from, &tmp);
    drop(from);
    written?;
    // The damaged database's journal files must not be replayed onto the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(db, suffix));
    }
    std::fs::rename(&tmp, db).map_err(|e| io_error(db, e))?;
    if let Some(parent) = db.parent() {
        sync_dir(parent);
    }
    let mut store = Store::open(db)?;
    let before = describe(aside.clone())
        .ok_or_else(|| CoreError::Storage(format!("{}", aside.display())))?;
    let reapplied = after_restore(&mut store, ctx, src, version, &before, &[], &[])?;
    Ok(Restored {
        from: src.to_path_buf(),
        version,
        before,
        erasures_reapplied: reapplied,
    })
}

/// `loket.db` → `loket.db-wal` and the like.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        let (at, kind) = parse_name("loket-2026-12-01T0930-harian.db").unwrap();
        assert_eq!(at.format("%Y-%m-%d %H:%M").to_string(), "2026-12-01 09:30");
        assert_eq!(kind, Kind::Harian);
        assert_eq!(
            parse_name("loket-2026-12-01T0930-sebelum-pemulihan-2.db")
                .unwrap()
                .1,
            Kind::SebelumPemulihan
        );
        assert!(parse_name(".loket-2026-12-01T0930-harian.db.sedang-ditulis").is_none());
        assert!(parse_name("loket-2026-12-01T0930-lain.db").is_none());
        assert!(parse_name("loket.db").is_none());
    }
}
