//! The key that hashes ID numbers (HMAC-SHA256, see `desk::identity`), kept outside the
//! database and its backups: a file readable only by its owner in Loket's configuration
//! folder (`$LOKET_KEY_DIR`, else `~/.config/loket` on Linux, `%APPDATA%\loket` on Windows),
//! named after a key id the database holds. A stolen database or backup without that file
//! cannot be searched for a known ID number.
//!
//! The file is written with its id, so it can be saved to removable media and installed on
//! another machine (`loket-hub key export` / `key import`). A database restored on a machine
//! without its key still works: a new key is made and matching returning guests by their ID
//! number starts afresh (the old hashes are cleared, and the privacy screen says so).

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use super::CachedQueryRow;
use crate::error::{CoreError, CoreResult};

/// The environment variable that moves the key folder (tests, a portable install).
pub const KEY_DIR_ENV: &str = "LOKET_KEY_DIR";
/// The key file's first line.
const MAGIC: &str = "loket-kunci-identitas v1";
/// The setting that records when matching by ID number started afresh.
pub const RENEWED_SETTING: &str = "id_key_renewed_at";

/// Where key files live.
pub fn key_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(KEY_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("loket")
}

/// The key file of a key id.
pub fn key_path(key_id: &str) -> PathBuf {
    key_dir().join(format!("kunci-identitas-{key_id}.key"))
}

/// What opening found of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// The key file was there.
    Ready,
    /// A new database: a new key was made.
    Created,
    /// An older database kept its key inside: it was moved out to a file.
    MovedOut,
    /// The database names a key this machine does not have: a new one was made and
    /// matching by ID number starts afresh.
    Renewed,
}

fn random32() -> CoreResult<[u8; 32]> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::Storage(format!("pembangkit acak sistem operasi: {e}")))?;
    Ok(bytes)
}

fn io(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Storage(format!("berkas kunci {}: {e}", path.display()))
}

/// Writes a key file readable by its owner only (on Unix; on Windows the file inherits the
/// user's profile folder's permissions).
fn write_key_file(path: &Path, key_id: &str, key: &[u8]) -> CoreResult<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
    }
    let tmp = path.with_extension("key.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(|e| io(&tmp, e))?;
    writeln!(file, "{MAGIC}\n{key_id}\n{}", hex::encode(key))
        .and_then(|()| file.sync_all())
        .map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Reads a key file: its id and its key.
pub fn read_key_file(path: &Path) -> CoreResult<(String, Vec<u8>)> {
    let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    let mut lines = text.lines();
    let bad = || {
        CoreError::invalid(
            "Berkas kunci",
            format!("{} bukan berkas kunci Loket.", path.display()),
        )
    };
    if lines.next() != Some(MAGIC) {
        return Err(bad());
    }
    let id = lines
        .next()
        .filter(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()));
    let key = lines
        .next()
        .and_then(|k| hex::decode(k).ok())
        .filter(|k| k.len() == 32);
    match (id, key) {
        (Some(id), Some(key)) => Ok((id.to_string(), key)),
        _ => Err(bad()),
    }
}

fn stored(conn: &Connection, name: &str) -> CoreResult<Option<Vec<u8>>> {
    Ok(conn
        .query_row_cached("SELECT value FROM secret WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The database's key id, if its key lives in a file.
pub fn key_id(conn: &Connection) -> CoreResult<Option<String>> {
    Ok(stored(conn, "id_hash_key")?.map(hex::encode))
}

/// A savepoint: one all-or-nothing step, inside a transaction already open (a restore) or
/// on its own.
struct Savepoint<'c>(&'c Connection, bool);

impl<'c> Savepoint<'c> {
    fn begin(conn: &'c Connection) -> CoreResult<Savepoint<'c>> {
        conn.execute_batch("SAVEPOINT idkey")?;
        Ok(Savepoint(conn, false))
    }

    fn execute<P: rusqlite::Params>(&self, sql: &str, params: P) -> CoreResult<usize> {
        Ok(self.0.execute(sql, params)?)
    }

    fn commit(mut self) -> CoreResult<()> {
        self.0.execute_batch("RELEASE idkey")?;
        self.1 = true;
        Ok(())
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.1 {
            let _ = self.0.execute_batch("ROLLBACK TO idkey; RELEASE idkey");
        }
    }
}

/// Makes sure the key exists where it belongs, at open and after a restore: in a file for a
/// database on disk, inside the database only for one in memory (tests).
pub(crate) fn ensure(conn: &Connection, in_memory: bool) -> CoreResult<KeyState> {
    let legacy = stored(conn, "id_hash")?;
    if in_memory {
        if legacy.is_none() {
            conn.execute(
                "INSERT INTO secret (name, value) VALUES ('id_hash', ?1)",
                [random32()?.to_vec()],
            )?;
            return Ok(KeyState::Created);
        }
        return Ok(KeyState::Ready);
    }
    if let Some(id) = key_id(conn)? {
        if key_path(&id).exists() {
            return Ok(KeyState::Ready);
        }
        // This machine does not have the key: a new one, and the old hashes, which nothing
        // can match any more, go.
        let (id, key) = (hex::encode(&random32()?[..16]), random32()?);
        write_key_file(&key_path(&id), &id, &key)?;
        let tx = Savepoint::begin(conn)?;
        tx.execute(
            "UPDATE secret SET value = ?1 WHERE name = 'id_hash_key'",
            [hex::decode(&id).unwrap_or_default()],
        )?;
        tx.execute(
            "UPDATE guest SET id_hash = 'kunci-lama:' || id WHERE id_hash NOT LIKE 'dianonimkan:%'",
            [],
        )?;
        tx.execute("UPDATE id_custody SET id_hash = 'kunci-lama:' || slot", [])?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![
                RENEWED_SETTING,
                serde_json::to_string(&chrono::Utc::now().to_rfc3339()).unwrap_or_default()
            ],
        )?;
        tx.commit()?;
        return Ok(KeyState::Renewed);
    }
    let (key, state) = match legacy {
        Some(key) => (key, KeyState::MovedOut),
        None => (random32()?.to_vec(), KeyState::Created),
    };
    let id = hex::encode(&random32()?[..16]);
    write_key_file(&key_path(&id), &id, &key)?;
    let tx = Savepoint::begin(conn)?;
    tx.execute(
        "INSERT INTO secret (name, value) VALUES ('id_hash_key', ?1)",
        [hex::decode(&id).unwrap_or_default()],
    )?;
    // secure_delete is on: the key's bytes are overwritten in the file, not left in free space.
    tx.execute("DELETE FROM secret WHERE name = 'id_hash'", [])?;
    tx.commit()?;
    Ok(state)
}

/// The key for ID hashes: from its file, or (a database in memory) from the database.
///
/// A key file never changes once written (a new key gets a new id, so a new file): each is
/// read once per process, not at every guest search as the receptionist types.
pub fn load(conn: &Connection) -> CoreResult<Vec<u8>> {
    static READ: std::sync::Mutex<Vec<(PathBuf, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());
    if let Some(id) = key_id(conn)? {
        let path = key_path(&id);
        let mut read = READ
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, key)) = read.iter().find(|(p, _)| *p == path) {
            return Ok(key.clone());
        }
        let (_, key) = read_key_file(&path)?;
        read.push((path, key.clone()));
        return Ok(key);
    }
    stored(conn, "id_hash")?.ok_or_else(|| {
        CoreError::Storage(
            "kunci nomor identitas tidak ditemukan; buka basis data dengan Loket".into(),
        )
    })
}

/// Copies the database's key file to `out` (removable media), refusing to overwrite.
pub fn export(conn: &Connection, out: &Path) -> CoreResult<PathBuf> {
    let id = key_id(conn)?.ok_or_else(|| {
        CoreError::refused("Basis data ini belum memakai berkas kunci; buka dengan Loket dahulu.")
    })?;
    let (id, key) = read_key_file(&key_path(&id))?;
    if out.exists() {
        return Err(CoreError::refused(format!(
            "{} sudah ada; pilih nama lain.",
            out.display()
        )));
    }
    write_key_file(out, &id, &key)?;
    Ok(out.to_path_buf())
}

/// [`export`] for an open store (the command line).
pub fn export_store(store: &super::Store, out: &Path) -> CoreResult<PathBuf> {
    export(store.conn(), out)
}

/// Installs a key file saved from another machine into this machine's key folder.
pub fn import(file: &Path) -> CoreResult<PathBuf> {
    let (id, key) = read_key_file(file)?;
    let path = key_path(&id);
    write_key_file(&path, &id, &key)?;
    Ok(path)
}
