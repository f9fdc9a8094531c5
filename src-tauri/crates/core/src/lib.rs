//! Loket's core: the domain of a Sekretariat Daerah's front desk and its SQLite store.
//!
//! Every rule lives here, once; the desktop shell (`src-tauri`) and the hub (`loket-hub`)
//! are thin transports over [`api::dispatch`]. This crate has no Tauri, no HTTP, and needs no
//! display or network, so it builds and tests anywhere.
//!
//! - [`store`]: where the database lives, opening it safely, its schema and migrations.
//! - [`standards`]: the decrees' service standards as data, checked and imported.
//! - [`catalog`]: the catalog the desk reads: list, show, search, export.
//! - [`api`]: the operations screens call, as one dispatcher.
//! - [`locale`]: Indonesian dates, days and time-zone names.
//! - [`calendar`]: holidays, working days, and whether a service is open right now.
//! - [`demo`]: a realistic demo day at a Balangan desk, made through the desk's own operations.
//! - [`error`]: the typed errors every operation can end in.

pub mod api;
pub mod calendar;
pub mod catalog;
pub mod demo;
pub mod desk;
pub mod error;
pub mod locale;
pub mod standards;
pub mod store;

pub use error::{CoreError, CoreResult};
pub use store::Store;

/// Opens the database at `path` and makes sure the bundled standards are imported: what the
/// desktop app and `loket-hub` do at start.
pub fn open_with_standards(path: &std::path::Path) -> CoreResult<Store> {
    let mut store = Store::open(path)?;
    standards::import::ensure_bundled(&mut store)?;
    Ok(store)
}
