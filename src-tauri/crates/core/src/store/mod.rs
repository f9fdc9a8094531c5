//! The SQLite store: where the database lives, how it is opened safely, and its schema.
//!
//! Opening is careful: a file that is not a Loket database, comes from a newer Loket, or
//! fails SQLite's integrity check is refused with a clear message and never modified (it is
//! first inspected through a read-only connection). Only then is it opened for writing with
//! WAL, `synchronous=FULL`, foreign keys and a busy timeout, and migrated — after a backup
//! of the older database is written and verified ([`backup`]), so that an upgrade can always
//! be undone.

pub mod backup;
pub mod idkey;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Params, Row};

use crate::error::{CoreError, CoreResult};

pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

/// How many prepared statements a connection keeps: every query the desk's screens make.
const STATEMENT_CACHE: usize = 160;

/// `query_row` through the connection's statement cache. The hub answers the same few
/// queries hundreds of times a second; parsing their SQL afresh each time was a fifth of
/// its work under fifty officials.
pub(crate) trait CachedQueryRow {
    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T>;
}

impl CachedQueryRow for Connection {
    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// How long a writer waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Environment variable that overrides the database location.
pub const DB_ENV: &str = "LOKET_DB";

/// An open Loket database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Where the database is: `--db PATH` if given, else `$LOKET_DB`, else the OS data
/// directory (`~/.local/share/loket/loket.db` on Linux, `%APPDATA%\loket\loket.db` on Windows).
pub fn resolve_db_path(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("loket")
        .join("loket.db")
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (creating if needed) the database at `path`, checks it and brings its schema up
    /// to date. Refuses foreign, newer and corrupt files without touching them.
    pub fn open(path: &Path) -> CoreResult<Store> {
        let unavailable = |detail: String| CoreError::DatabaseUnavailable {
            path: path.to_path_buf(),
            detail,
        };
        let exists = path.exists();
        let found = if exists {
            inspect_existing(path)?
        } else {
            Inspected::Empty
        };
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| unavailable(e.to_string()))?;
            }
        }
        let conn = Connection::open(path).map_err(|e| unavailable(e.to_string()))?;
        configure(&conn).map_err(|e| unavailable(e.to_string()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if let Inspected::Loket { version } = found {
            if version < SCHEMA_VERSION {
                // A database with data is copied aside before its schema changes; a brand-new
                // one has nothing to keep.
                backup::before_migration(&store, version).map_err(|e| {
                    unavailable(format!(
                        "cadangan sebelum pembaruan skema {version} → {SCHEMA_VERSION} gagal, \
                         skema tidak diperbarui: {e}"
                    ))
                })?;
            }
        }
        schema::migrate(&mut store.conn).map_err(|e| unavailable(e.to_string()))?;
        idkey::ensure(&store.conn, path == Path::new(":memory:"))?;
        store.restrict_to_owner();
        Ok(store)
    }

    /// A second connection to the database at `path`, already opened (and so checked and
    /// migrated) by [`Store::open`], for reading only: in WAL mode it reads beside the writer
    /// without waiting for it, and sees every transaction committed before it began. Refuses
    /// a database at another schema version than this build's.
    pub fn open_reader(path: &Path) -> CoreResult<Store> {
        let unavailable = |detail: String| CoreError::DatabaseUnavailable {
            path: path.to_path_buf(),
            detail,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(e.to_string()))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.busy_timeout(BUSY_TIMEOUT)
            .and_then(|()| conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"))
            .map_err(|e| unavailable(e.to_string()))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let version = store.schema_version()?;
        if version != SCHEMA_VERSION {
            return Err(unavailable(format!(
                "skema {version}, bukan {SCHEMA_VERSION}: buka dulu dengan Store::open"
            )));
        }
        Ok(store)
    }

    /// Creates a database at an older schema `version`, as an older Loket left it: for tests
    /// of migrations and of restoring old backups.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> CoreResult<()> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        schema::migrate_to(&mut conn, version)?;
        Ok(())
    }

    /// An in-memory database with the current schema, for tests and benchmarks.
    pub fn open_in_memory() -> CoreResult<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    /// The database file's path.
    /// Makes the database file and its journals readable by their owner only (on Unix; on
    /// Windows the files inherit the user's profile folder's permissions).
    fn restrict_to_owner(&self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for suffix in ["", "-wal", "-shm"] {
                let mut file = self.path.clone().into_os_string();
                file.push(suffix);
                let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the modules of this crate that own their tables.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection for a transaction.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Moves everything written so far from the WAL into the database file and empties the
    /// WAL, so that overwritten (erased) data is not left in it. Best effort: a reader may
    /// hold it up, and then the next checkpoint does it.
    pub(crate) fn checkpoint(&self) {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    /// Moves everything written into the database file and empties the WAL, waiting for
    /// readers to finish, for a process about to stop (`loket-hub serve` on SIGTERM). Fails
    /// when a reader still held the WAL, so the caller can say the WAL was left behind.
    pub fn checkpoint_for_shutdown(&self) -> CoreResult<()> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(CoreError::Storage(
                "checkpoint saat berhenti tertahan oleh pembaca yang masih terbuka".into(),
            ));
        }
        Ok(())
    }

    /// Leaves checkpoints (copying the WAL back into the database file, with its fsync) to
    /// [`Store::checkpoint_passive`] on another connection, instead of to whichever write fills the
    /// WAL: under fifty officials that write, and every write queued behind it, waited a
    /// hundred milliseconds and more. For a process that calls `checkpoint` regularly.
    pub fn defer_checkpoints(&self) -> CoreResult<()> {
        self.conn.execute_batch("PRAGMA wal_autocheckpoint = 0")?;
        Ok(())
    }

    /// Copies what it can of the WAL into the database file without waiting for, or
    /// holding up, any reader or writer (a passive checkpoint). Returns the WAL's frames and
    /// how many of them are now in the database file.
    pub fn checkpoint_passive(&self) -> CoreResult<(i64, i64)> {
        Ok(self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })?)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> CoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // journal_mode answers with a row; query it rather than execute it.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // secure_delete: what is erased or anonymised is overwritten, not left in free space.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
    )
}

/// What an existing file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inspected {
    /// Empty, or an SQLite file with nothing in it: a database not yet created.
    Empty,
    /// A Loket database at this schema version (never newer than this build's).
    Loket { version: i64 },
}

/// Checks an existing file through a read-only connection: it must be SQLite, Loket's, not
/// newer than this build, and intact.
pub(crate) fn inspect_existing(path: &Path) -> CoreResult<Inspected> {
    let not_loket = || CoreError::NotLoketDatabase {
        path: path.to_path_buf(),
    };
    let corrupt = |detail: String| CoreError::CorruptDatabase {
        path: path.to_path_buf(),
        detail,
    };
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| CoreError::DatabaseUnavailable {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            // An empty file (e.g. made by `touch`) is a database not yet created.
            return Ok(Inspected::Empty);
        }
        if f.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
            return Err(not_loket());
        }
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| corrupt(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| corrupt(e.to_string()))?;
    let read_meta = || -> rusqlite::Result<(i64, i64, i64)> {
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    let (app, version, objects) = read_meta().map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            not_loket()
        }
        other => corrupt(other.to_string()),
    })?;
    if app != APPLICATION_ID as i64 {
        // A fresh SQLite file with no tables is still ours to initialise.
        if app == 0 && version == 0 && objects == 0 {
            return Ok(Inspected::Empty);
        }
        return Err(not_loket());
    }
    if version > SCHEMA_VERSION {
        return Err(CoreError::NewerDatabase {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let problems = quick_check(&conn).map_err(|e| corrupt(e.to_string()))?;
    match problems.as_slice() {
        [] => Err(corrupt("tidak ada hasil".into())),
        [ok] if ok == "ok" => Ok(Inspected::Loket { version }),
        [first] => Err(corrupt(first.clone())),
        [first, rest @ ..] => Err(corrupt(format!(
            "{first} … dan {} masalah lain",
            rest.len()
        ))),
    }
}

/// Every line of `PRAGMA quick_check`: `["ok"]` for an intact database, else one line per
/// problem (SQLite gives some problems as one row of several lines).
fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut lines = Vec::new();
    for row in rows {
        lines.extend(
            row?.lines()
                .map(str::trim)
                // "*** in database main ***" heads the list; it is no problem of its own.
                .filter(|l| !l.is_empty() && !l.starts_with("*** in database"))
                .map(str::to_string),
        );
    }
    Ok(lines)
}

/// How often a [`Checkpointer`] copies the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// A thread that checkpoints a database every [`CHECKPOINT_EVERY`] on a connection of its
/// own, so that no write waits for a checkpoint ([`Store::defer_checkpoints`]). It stops,
/// after a last checkpoint, when dropped.
pub struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Starts checkpointing the database of `store` at `path` and turns the store's own
    /// checkpoints off. `None`, with checkpoints left to the writes, when it cannot start.
    pub fn start(store: &Store, path: &Path) -> Option<Checkpointer> {
        let own = Store::open_reader(path).ok()?;
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("loket-checkpoint".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(CHECKPOINT_EVERY)
                {
                    if let Err(e) = own.checkpoint_passive() {
                        eprintln!("Peringatan: checkpoint basis data gagal: {e}");
                    }
                }
                let _ = own.checkpoint_passive();
            })
            .ok()?;
        store.defer_checkpoints().ok()?;
        Some(Checkpointer { _stop: stop })
    }
}
