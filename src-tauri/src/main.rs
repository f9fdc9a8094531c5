//! Loket's desktop shell: one window over `loket-core`.
//!
//! The shell is thin on purpose. It finds the database (`--db PATH`, else `$LOKET_DB`, else
//! the OS data directory), opens it with the bundled standards, and exposes one IPC command,
//! `dispatch`, that hands the UI's request to `loket_core::api::dispatch`. Every rule lives in
//! the core; a browser on the LAN will reach the same dispatcher over HTTP.

// Without a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

use loket_core::{api, CoreError, Store};
use serde_json::Value;
use tauri::State;

/// The database, or why it could not be opened (shown by the UI instead of the catalog).
struct Desk {
    store: Mutex<Result<Store, CoreError>>,
}

/// Carries out one request of the UI (`{"op": ..., "args": ...}`) for the session whose token
/// comes with it; `loket_core::api::handle` checks the session and the role.
#[tauri::command]
fn dispatch(
    desk: State<'_, Desk>,
    request: Value,
    token: Option<String>,
) -> Result<Value, CoreError> {
    let mut guard = desk
        .store
        .lock()
        .map_err(|_| CoreError::Storage("kunci basis data rusak".into()))?;
    match guard.as_mut() {
        Ok(store) => api::handle(store, chrono::Utc::now(), token.as_deref(), request),
        Err(e) => Err(CoreError::DatabaseUnavailable {
            path: PathBuf::new(),
            detail: e.to_string(),
        }),
    }
}

/// `--db PATH` (or `--db=PATH`) from the command line, if given.
fn db_flag() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

fn main() {
    let path = loket_core::store::resolve_db_path(db_flag().as_deref());
    let store = loket_core::open_with_standards(&path);
    if let Err(e) = &store {
        eprintln!("Galat: {e}");
    }
    tauri::Builder::default()
        .manage(Desk {
            store: Mutex::new(store),
        })
        .invoke_handler(tauri::generate_handler![dispatch])
        .run(tauri::generate_context!())
        .expect("the Loket window could not be started");
}
