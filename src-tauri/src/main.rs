//! Loket's desktop shell: one window over `loket-core`, and the LAN server beside it.
//!
//! The shell is thin on purpose. It finds the database (`--db PATH`, else `$LOKET_DB`, else
//! the OS data directory), opens it as a `loket_hub::Hub`, and exposes one IPC command,
//! `dispatch`, that hands the UI's request to `Hub::handle` — the same function the LAN server
//! calls, so a change made in the window reaches the officials' browsers and the waiting-room
//! display. A second command, `export_report`, builds the guest log file the same way and
//! asks where to save it with the native save dialog. The LAN server runs in-process on
//! `--listen ADDR` (else `$LOKET_LISTEN`, else `0.0.0.0:7878`); if it cannot listen, the
//! window works on regardless. Any other flag, or a flag without its value, is refused with
//! the usage and exit code 2 before anything is opened.

// Without a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use loket_core::CoreError;
use loket_hub::{lan, server, Hub, Server};
use serde_json::Value;
use tauri::{Emitter, State};

/// The hub, or why the database could not be opened (shown by the UI instead of the catalog).
struct Desk {
    hub: Result<Arc<Hub>, CoreError>,
}

/// Carries out one request of the UI (`{"op": ..., "args": ...}`) for the session whose token
/// comes with it; `loket_core::api::handle` checks the session and the role. It runs off the
/// window's thread, so a request from the LAN holding the database never freezes the window.
#[tauri::command]
async fn dispatch(
    desk: State<'_, Desk>,
    request: Value,
    token: Option<String>,
) -> Result<Value, CoreError> {
    let hub = match &desk.hub {
        Ok(hub) => Arc::clone(hub),
        Err(e) => {
            return Err(CoreError::DatabaseUnavailable {
                path: PathBuf::new(),
                detail: e.to_string(),
            })
        }
    };
    tauri::async_runtime::spawn_blocking(move || hub.handle(token.as_deref(), request))
        .await
        .map_err(|_| CoreError::Storage("operasi terhenti karena galat internal".into()))?
}

/// Exports the guest log (`{"from", "to", "format"}`) for the session whose token comes
/// with it: the core builds the file first (so a refusal shows before any dialog), then the
/// native save dialog asks where, offering the suggested name (`buku-tamu-2026-11-23.xlsx`).
/// Answers the path written, or `None` when the user cancelled (nothing is written then, but
/// the export stays recorded: the file was made for them).
#[tauri::command]
async fn export_report(
    window: tauri::Window,
    desk: State<'_, Desk>,
    args: loket_core::api::ExportArgs,
    token: Option<String>,
) -> Result<Option<String>, CoreError> {
    use tauri_plugin_dialog::DialogExt;
    let hub = match &desk.hub {
        Ok(hub) => Arc::clone(hub),
        Err(e) => return Err(CoreError::Storage(e.to_string())),
    };
    let file = tauri::async_runtime::spawn_blocking(move || hub.export(token.as_deref(), args))
        .await
        .map_err(|_| CoreError::Storage("operasi terhenti karena galat internal".into()))??;
    let extension = file.format.extension();
    let chosen = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("Simpan buku tamu")
        .set_file_name(&file.file_name)
        .add_filter(file.format.label(), &[extension])
        .blocking_save_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let mut path = chosen
        .into_path()
        .map_err(|e| CoreError::Storage(format!("lokasi simpan tidak dapat dipakai: {e}")))?;
    if path.extension().is_none() {
        path.set_extension(extension);
    }
    loket_core::report::write_file(&path, &file.bytes)?;
    Ok(Some(path.display().to_string()))
}

/// The command line of the desktop app. Anything else (an unknown flag, a flag without its
/// value) is refused with the usage on stderr and exit code 2, before anything is opened.
#[derive(Debug, clap::Parser)]
#[command(
    name = "loket",
    version,
    about = "Loket: the front desk of a Sekretariat Daerah."
)]
struct Args {
    /// The database file (default: $LOKET_DB, else ~/.local/share/loket/loket.db).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Where the LAN server listens (default: $LOKET_LISTEN, else 0.0.0.0:7878).
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
}

/// Reads the command line; on a mistake prints it with the usage line (clap leaves the usage
/// out for a flag without its value) and exits with code 2. `--help` and `--version` print
/// and exit 0.
fn parse_args() -> Args {
    use clap::{CommandFactory, Parser};
    match Args::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.render().to_string();
            eprint!("{text}");
            if !text.contains("Usage:") {
                eprintln!("\n{}", Args::command().render_usage());
            }
            std::process::exit(2);
        }
    }
}

/// Where the LAN server listens: `--listen`, else `$LOKET_LISTEN`, else `0.0.0.0:7878`.
/// `None`, with a message, when the address given is not one.
fn listen_address(flag: Option<String>) -> Option<SocketAddr> {
    let Some(given) = flag.or_else(|| std::env::var("LOKET_LISTEN").ok()) else {
        return Some(server::default_listen());
    };
    match given.trim().parse() {
        Ok(address) => Some(address),
        Err(_) => {
            eprintln!(
                "Peringatan: alamat \"{given}\" bukan ALAMAT:PORT (contoh: 0.0.0.0:7878); \
                 server LAN tidak dijalankan, jendela Loket tetap dapat dipakai."
            );
            None
        }
    }
}

/// What the window says about the LAN server: the addresses officials should open, or why
/// there is none.
static LAN_STATUS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The LAN server's status line for the window's top bar.
#[tauri::command]
fn lan_status() -> String {
    LAN_STATUS
        .get()
        .cloned()
        .unwrap_or_else(|| "Server LAN belum aktif.".into())
}

/// Starts the LAN server on a background task. When the address is taken, says so and leaves
/// the window working.
fn start_lan_server(hub: Arc<Hub>, listen: SocketAddr) {
    tauri::async_runtime::spawn(async move {
        let server = match Server::bind(hub, listen).await {
            Ok(server) => server,
            Err(e) => {
                let why = lan::bind_failure(listen, &e);
                eprintln!("Peringatan: {why} Jendela Loket tetap dapat dipakai.");
                let _ = LAN_STATUS.set(format!("Server LAN tidak aktif: {why}"));
                return;
            }
        };
        let bound = server.local_addr().unwrap_or(listen);
        println!("{}", lan::notice(bound));
        let _ = LAN_STATUS.set(format!("Pejabat: {}", lan::urls(bound).join(" · ")));
        if let Err(e) = server.run().await {
            eprintln!(
                "Peringatan: server LAN Loket berhenti: {e}. Jendela Loket tetap dapat dipakai."
            );
        }
    });
}

/// Passes every change the hub announces (made in this window or in a browser on the LAN)
/// to the window as a `loket-change` event, so its screens update at once.
fn forward_changes(
    app: tauri::AppHandle,
    mut changes: tokio::sync::broadcast::Receiver<loket_hub::Change>,
) {
    use tokio::sync::broadcast::error::RecvError;
    tauri::async_runtime::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(change) => {
                    let _ = app.emit("loket-change", &change);
                }
                // Missed some: one refresh covers them all.
                Err(RecvError::Lagged(_)) => {
                    let _ = app.emit("loket-change", ());
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn main() {
    let args = parse_args();
    let path = loket_core::store::resolve_db_path(args.db.as_deref());
    let hub = Hub::open(&path).map(Arc::new);
    match &hub {
        Ok(hub) => {
            if let Some(listen) = listen_address(args.listen) {
                start_lan_server(Arc::clone(hub), listen);
            }
        }
        Err(e) => eprintln!("Galat: {e}"),
    }
    let live = hub.as_ref().ok().map(|hub| hub.subscribe());
    tauri::Builder::default()
        .setup(move |app| {
            if let Some(changes) = live {
                forward_changes(app.handle().clone(), changes);
            }
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .manage(Desk { hub })
        .invoke_handler(tauri::generate_handler![
            dispatch,
            export_report,
            lan_status
        ])
        .run(tauri::generate_context!())
        .expect("the Loket window could not be started");
}
