//! Loket's core: the domain of a Sekretariat Daerah's front desk and its SQLite store.
//!
//! Every rule lives here, once; the desktop shell (`src-tauri`) and the hub (`loket-hub`)
//! are thin transports over [`api::dispatch`]. This crate has no Tauri, no HTTP, and needs no
//! display or network, so it builds and tests anywhere.
//!
//! - [`store`]: where the database lives, opening it safely, its schema and migrations, and
//!   its backups ([`store::backup`]).
//! - [`standards`]: the decrees' service standards as data, checked and imported.
//! - [`catalog`]: the catalog the desk reads: list, show, search, export.
//! - [`desk`]: the front desk: office setup, guests, visits, ID custody, the queue.
//! - [`auth`]: accounts, PINs, sessions, device tokens (displays, survey kiosks), and which
//!   role may do what.
//! - [`api`]: the operations screens call, as one dispatcher.
//! - [`locale`]: Indonesian dates, days and time-zone names.
//! - [`calendar`]: holidays, working days, and whether a service is open right now.
//! - [`announce`]: a call turned into the audio clips the waiting-room display plays.
//! - [`demo`]: a realistic demo day at a Balangan desk, made through the desk's own operations.
//! - [`report`]: the chief's daily guest log, its recap, and its CSV, XLSX and PDF exports;
//!   the chief's screen of performance against the standard.
//! - [`chart`]: the charts of the chief's screen and the PDF, as SVG.
//! - [`skm`]: the satisfaction survey index (PermenPAN-RB 14/2017) and its grade.
//! - [`survey`]: the survey on the kiosk: visits awaiting it, answers stored, the recap.
//! - [`complaints`]: complaints, suggestions and feedback, their follow-up and counts.
//! - [`network`]: where the hub listens on the LAN (a setting), and the addresses officials open.
//! - [`privacy`]: personal data under UU 27/2022: retention, a guest's access and erasure.
//! - [`upkeep`]: the daily backup and retention run.
//! - [`period`]: a reporting period of office days, checked once for every recap.
//! - [`error`]: the typed errors every operation can end in.
//! - [`about`]: "Tentang Loket": the version, the schema, the decrees loaded, the files.
//! - [`firstrun`]: the admin's first-run checklist, read from what the database holds.

pub mod about;
pub mod announce;
pub mod api;
pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod chart;
pub mod complaints;
pub mod demo;
pub mod desk;
pub mod error;
pub mod firstrun;
pub mod locale;
pub mod network;
pub mod period;
pub mod privacy;
pub mod report;
pub mod skm;
pub mod standards;
pub mod store;
pub mod survey;
pub mod upkeep;

pub use error::{CoreError, CoreResult};
pub use store::Store;

/// Opens the database at `path` and makes sure the bundled standards are imported: what the
/// desktop app and `loket-hub` do at start.
pub fn open_with_standards(path: &std::path::Path) -> CoreResult<Store> {
    let mut store = Store::open(path)?;
    standards::import::ensure_bundled(&mut store)?;
    Ok(store)
}
