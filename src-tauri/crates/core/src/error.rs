//! The errors Loket's operations can end in.
//!
//! Every refusal is a variant of [`CoreError`]. Its `Display` text is the message shown on
//! screen, in Bahasa Indonesia, and names the problem. The enum serialises to structured JSON
//! (`{"code": "...", "message": "...", "details": {...}}`) so that the desktop IPC and the HTTP
//! transport hand the same object to the UI. A wrong form field also names the field's key
//! (`"field": "purpose"`), so the form marks and focuses the field at fault.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::path::PathBuf;

/// Result of a Loket core operation.
pub type CoreResult<T> = Result<T, CoreError>;

/// Why an operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The file exists but is not an SQLite database written by Loket.
    #[error("Berkas {path} bukan basis data Loket; berkas tidak diubah.")]
    NotLoketDatabase { path: PathBuf },

    /// The database was written by a newer Loket with a schema this build does not know.
    #[error(
        "Basis data {path} dibuat oleh Loket versi yang lebih baru (skema {found}, versi ini \
         mengenal sampai skema {supported}); berkas tidak diubah. Perbarui aplikasi Loket."
    )]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// SQLite's integrity check found damage.
    #[error(
        "Basis data {path} rusak (pemeriksaan integritas gagal: {detail}); berkas tidak diubah. \
         Pulihkan dari cadangan."
    )]
    CorruptDatabase { path: PathBuf, detail: String },

    /// The database file could not be opened or created (permissions, missing folder, ...).
    #[error("Basis data {path} tidak dapat dibuka: {detail}")]
    DatabaseUnavailable { path: PathBuf, detail: String },

    /// A standards file broke a rule of `data/standards/README.md`.
    #[error("Berkas standar {file} ditolak: {location}: {problem}. Tidak ada yang diimpor.")]
    InvalidStandards {
        file: String,
        /// Where in the file: the service (e.g. `layanan balangan-pbj-7`) and the field.
        location: String,
        problem: String,
    },

    /// The standards file is identical to a version already imported.
    #[error("Berkas standar {file} sama dengan versi {version} yang sudah diimpor; tidak ada yang berubah.")]
    StandardsUnchanged { file: String, version: i64 },

    /// No service with this id in the catalog.
    #[error("Layanan \"{id}\" tidak ditemukan di katalog standar pelayanan.")]
    ServiceNotFound { id: String },

    /// A field of a form was filled in wrongly; `field` is its name on screen, `key` the
    /// field's key in the request (e.g. `purpose`, `id_number`) when the form can point at it.
    #[error("{field}: {problem}")]
    InvalidInput {
        field: String,
        problem: String,
        key: Option<&'static str>,
    },

    /// Something the operation refers to does not exist (a visit, an official, a slot).
    #[error("{what} tidak ditemukan.")]
    NotFound { what: String },

    /// The operation does not fit the visit's or the card's current state; nothing changed.
    #[error("{0}")]
    Refused(String),

    /// No valid session: not logged in, wrong PIN, locked, or the session expired.
    #[error("{0}")]
    Unauthorized(String),

    /// Logged in, but the role may not use this operation.
    #[error("{0}")]
    Forbidden(String),

    /// A request's arguments were wrong (missing, of the wrong type, out of range).
    #[error("Permintaan tidak valid: {0}")]
    BadRequest(String),

    /// An unexpected storage failure (disk full, I/O error). The operation changed nothing.
    #[error("Gagal menyimpan atau membaca data: {0}. Tidak ada yang berubah; silakan coba lagi.")]
    Storage(String),
}

impl CoreError {
    /// A form field filled in wrongly.
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        CoreError::InvalidInput {
            field: field.into(),
            problem: problem.into(),
            key: None,
        }
    }

    /// The same error, naming the request's field `key` as the one at fault when it is a
    /// wrong form field (other errors are left as they are).
    pub fn at(self, key: &'static str) -> Self {
        match self {
            CoreError::InvalidInput { field, problem, .. } => CoreError::InvalidInput {
                field,
                problem,
                key: Some(key),
            },
            other => other,
        }
    }

    /// The key of the form field at fault, if the error names one.
    pub fn field_key(&self) -> Option<&'static str> {
        match self {
            CoreError::InvalidInput { key, .. } => *key,
            _ => None,
        }
    }

    /// An operation that does not fit the current state.
    pub fn refused(message: impl Into<String>) -> Self {
        CoreError::Refused(message.into())
    }

    /// A stable machine-readable code for the UI and tests (snake_case of the variant).
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NotLoketDatabase { .. } => "not_loket_database",
            CoreError::NewerDatabase { .. } => "newer_database",
            CoreError::CorruptDatabase { .. } => "corrupt_database",
            CoreError::DatabaseUnavailable { .. } => "database_unavailable",
            CoreError::InvalidStandards { .. } => "invalid_standards",
            CoreError::StandardsUnchanged { .. } => "standards_unchanged",
            CoreError::ServiceNotFound { .. } => "service_not_found",
            CoreError::InvalidInput { .. } => "invalid_input",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Refused(_) => "refused",
            CoreError::Unauthorized(_) => "unauthorized",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::BadRequest(_) => "bad_request",
            CoreError::Storage(_) => "storage",
        }
    }

    /// Structured fields of the error, for the UI to act on.
    fn details(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            CoreError::NotLoketDatabase { path } => json!({ "path": path }),
            CoreError::NewerDatabase {
                path,
                found,
                supported,
            } => json!({ "path": path, "found": found, "supported": supported }),
            CoreError::CorruptDatabase { path, detail } => {
                json!({ "path": path, "detail": detail })
            }
            CoreError::DatabaseUnavailable { path, detail } => {
                json!({ "path": path, "detail": detail })
            }
            CoreError::InvalidStandards {
                file,
                location,
                problem,
            } => json!({ "file": file, "location": location, "problem": problem }),
            CoreError::StandardsUnchanged { file, version } => {
                json!({ "file": file, "version": version })
            }
            CoreError::ServiceNotFound { id } => json!({ "id": id }),
            CoreError::InvalidInput { field, problem, .. } => {
                json!({ "field": field, "problem": problem })
            }
            CoreError::NotFound { what } => json!({ "what": what }),
            CoreError::Refused(_)
            | CoreError::Unauthorized(_)
            | CoreError::Forbidden(_)
            | CoreError::BadRequest(_)
            | CoreError::Storage(_) => json!({}),
        }
    }
}

impl Serialize for CoreError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CoreError", 4)?;
        s.serialize_field("code", self.code())?;
        match self.field_key() {
            Some(key) => s.serialize_field("field", key)?,
            None => s.skip_field("field")?,
        }
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("details", &self.details())?;
        s.end()
    }
}

impl From<rusqlite::Error> for CoreError {
    /// A storage failure, named as the person at the desk can act on it: a full disk, a
    /// database another program holds, a read-only or damaged file. SQLite rolls the
    /// operation's transaction back, so nothing was half-written.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let plain = match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => {
                Some("disk penuh; kosongkan ruang penyimpanan komputer ini")
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Some("basis data sedang dikunci oleh program lain")
            }
            Some(ErrorCode::ReadOnly) => {
                Some("basis data hanya dapat dibaca (izin berkas atau media penyimpanan)")
            }
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Some("basis data rusak; pulihkan dari cadangan")
            }
            Some(ErrorCode::SystemIoFailure) => Some("galat baca/tulis pada media penyimpanan"),
            _ => None,
        };
        CoreError::Storage(match plain {
            Some(plain) => format!("{plain} ({e})"),
            None => e.to_string(),
        })
    }
}
