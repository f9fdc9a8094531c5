//! Loket's desktop shell: one window over `loket-core`, and the LAN server beside it.
//!
//! The shell is thin on purpose. It finds the database (`--db PATH`, else `$LOKET_DB`, else
//! the OS data directory), opens it as a `loket_hub::Hub`, and exposes one IPC command,
//! `dispatch`, that hands the UI's request to `Hub::handle` — the same function the LAN server
//! calls, so a change made in the window reaches the officials' browsers and the waiting-room
//! display. A second command, `export_report`, builds the guest log file the same way and
//! asks where to save it with the native save dialog. The LAN server runs in-process on
//! `--listen ADDR` (else `$LOKET_LISTEN`, else the address set in Pengaturan, else
//! `0.0.0.0:7878`); if it cannot listen, the window works on regardless. Any other flag, or a
//! flag without its value, is refused with the usage and exit code 2 before anything is opened.
//!
//! `print_silent` prints the main window's page on the default printer without the print
//! dialog (WebKitGTK's print operation), for the desk that prints each ticket at check-in.
//!
//! `open_display` opens the waiting-room display as a second window (full screen on a second
//! monitor when there is one) on the LAN server's own address, so that it plays the calls'
//! audio clips and follows the live events exactly as a TV's browser does. It is a remote
//! page to Tauri: no capability names its window, so it can call no command at all.

// Without a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use loket_core::auth::Caller;
use loket_core::CoreError;
use loket_hub::{lan, Hub, Server};
use serde_json::Value;
use tauri::{Emitter, Manager, State};

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
    let answer = tauri::async_runtime::spawn_blocking(move || {
        hub.handle(Caller::Window, token.as_deref(), request)
    })
    .await
    .map_err(|_| CoreError::Storage("operasi terhenti karena galat internal".into()))?;
    lean_heap::used();
    answer
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
    /// The database file (default: $LOKET_DB, else ~/.local/share/loket/loket.db on Linux,
    /// %APPDATA%\loket\loket.db on Windows).
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

/// Where the LAN server listens: `--listen`, else `$LOKET_LISTEN`, else the address set in
/// Pengaturan, else `0.0.0.0:7878`. `None`, with a message, when the address given is not one.
fn listen_address(flag: Option<String>, hub: &Hub) -> Option<SocketAddr> {
    let Some(given) = flag.or_else(|| std::env::var("LOKET_LISTEN").ok()) else {
        return Some(lan::stored_or_default(hub));
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

/// Prints the main window's page as laid out for print (the ticket in `#print-area`, on its
/// own `@page` size) on the default printer, without the print dialog: the desk's receipt
/// printer, when the office prints each ticket at check-in. On Linux through WebKitGTK's
/// print operation; elsewhere the window's own print dialog.
#[tauri::command]
fn print_silent(window: tauri::WebviewWindow) -> Result<(), CoreError> {
    if window.label() != "main" {
        return Err(CoreError::Forbidden(
            "Hanya jendela utama Loket yang dapat mencetak.".into(),
        ));
    }
    let failed = |e: tauri::Error| {
        CoreError::Refused(format!(
            "Karcis tidak dapat dicetak: {e}. Coba tombol Cetak tiket."
        ))
    };
    #[cfg(target_os = "linux")]
    {
        window
            .with_webview(|webview| {
                use webkit2gtk::PrintOperationExt;
                webkit2gtk::PrintOperation::new(&webview.inner()).print();
            })
            .map_err(failed)
    }
    #[cfg(not(target_os = "linux"))]
    {
        window.print().map_err(failed)
    }
}

/// When the app started: `window_ready` says how long the window took to answer.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The main window's first screen has run its scripts and answers: logs, once, how long the
/// start took, for the office's IT person and `scripts/measure-desktop.mjs` (cold start).
#[tauri::command]
fn window_ready() {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        println!("Jendela Loket siap, {ms} ms setelah dimulai.");
    });
}

/// The address the LAN server is bound to, once it listens.
static LAN_BOUND: std::sync::OnceLock<SocketAddr> = std::sync::OnceLock::new();

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
        let _ = LAN_BOUND.set(bound);
        println!("{}", lan::server_notice(&server));
        let _ = LAN_STATUS.set(lan::status_line(&server));
        if let Err(e) = server.run().await {
            eprintln!(
                "Peringatan: server LAN Loket berhenti: {e}. Jendela Loket tetap dapat dipakai."
            );
        }
    });
}

/// Passes every change the hub announces (made in this window or in a browser on the LAN)
/// to the main window as a `loket-change` event (the display window has its own event
/// stream from the LAN server), so its screens update at once.
fn forward_changes(
    app: tauri::AppHandle,
    mut changes: tokio::sync::broadcast::Receiver<loket_hub::Change>,
) {
    use tokio::sync::broadcast::error::RecvError;
    tauri::async_runtime::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(change) => {
                    let _ = app.emit_to(MAIN, "loket-change", &change);
                }
                // Missed some: one refresh covers them all.
                Err(RecvError::Lagged(_)) => {
                    let _ = app.emit_to(MAIN, "loket-change", ());
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// The label of the main window (tauri.conf.json).
const MAIN: &str = "main";
/// The label of the waiting-room display window.
const DISPLAY: &str = "display";
/// The display token's name, as the auth log shows it.
const DISPLAY_NAME: &str = "Jendela layar ruang tunggu (PC meja)";

/// What `open_display` did: opened the window, or brought the open one to the front; and
/// whether it went full screen on a monitor of its own.
#[derive(Debug, serde::Serialize)]
struct DisplayOpened {
    opened: bool,
    fullscreen: bool,
}

/// The address of the display page on the LAN server bound to `bound`, as this machine
/// reaches it, with the display token in the fragment (display.js keeps it and removes it
/// from the address; a fragment is never sent over the network).
fn display_url(bound: SocketAddr, display_token: &str) -> String {
    let ip = match bound.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!(
        "http://{}/display.html#token={display_token}",
        SocketAddr::new(ip, bound.port())
    )
}

/// Of the monitors' top-left corners, one the main window is not on: where the display goes
/// full screen. `None` with a single monitor. When the main window's monitor is not known,
/// any monitor but the first.
fn other_monitor(monitors: &[(i32, i32)], main: Option<(i32, i32)>) -> Option<(i32, i32)> {
    match main {
        Some(main) => monitors.iter().copied().find(|m| *m != main),
        None => monitors.get(1).copied(),
    }
}

/// Opens the waiting-room display beside the main window, for the desk (the core refuses
/// the display token to other roles), or brings it to the front when it is open already.
/// The window loads the page from this machine's LAN server with a display token made for
/// it; the token ends when the window closes. The window plays the calls without a click:
/// wry builds every WebKitGTK view with the autoplay website policy `Allow` (its default
/// `autoplay: true`), so the page's autoplay probe succeeds and "Aktifkan suara" is never
/// asked, also after a reload.
#[tauri::command]
async fn open_display(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    token: Option<String>,
) -> Result<DisplayOpened, CoreError> {
    if let Some(open) = app.get_webview_window(DISPLAY) {
        let _ = open.unminimize();
        let _ = open.show();
        let _ = open.set_focus();
        return Ok(DisplayOpened {
            opened: false,
            fullscreen: open.is_fullscreen().unwrap_or(false),
        });
    }
    let hub = match &desk.hub {
        Ok(hub) => Arc::clone(hub),
        Err(e) => return Err(CoreError::Storage(e.to_string())),
    };
    let Some(bound) = LAN_BOUND.get().copied() else {
        return Err(CoreError::refused(format!(
            "Layar ruang tunggu memerlukan server LAN Loket, yang tidak aktif. {}",
            lan_status()
        )));
    };
    let made = {
        let hub = Arc::clone(&hub);
        let request =
            serde_json::json!({"op": "auth.create_display", "args": {"name": DISPLAY_NAME}});
        tauri::async_runtime::spawn_blocking(move || {
            hub.handle(Caller::Window, token.as_deref(), request)
        })
        .await
        .map_err(|_| CoreError::Storage("operasi terhenti karena galat internal".into()))??
    };
    let display_token = made["token"].as_str().unwrap_or_default().to_string();
    let url = tauri::Url::parse(&display_url(bound, &display_token))
        .map_err(|e| CoreError::Storage(format!("alamat layar: {e}")))?;
    // The window stays on the hub's own pages.
    let origin = url.origin();
    let screen = {
        let monitors: Vec<(i32, i32)> = app
            .available_monitors()
            .unwrap_or_default()
            .iter()
            .map(|m| (m.position().x, m.position().y))
            .collect();
        let main = app
            .get_webview_window(MAIN)
            .and_then(|w| w.current_monitor().ok().flatten())
            .map(|m| (m.position().x, m.position().y));
        other_monitor(&monitors, main)
    };
    let end_token = {
        let hub = Arc::clone(&hub);
        let display_token = display_token.clone();
        move || {
            let _ = hub.handle(
                Caller::Window,
                Some(&display_token),
                serde_json::json!({"op": "auth.logout"}),
            );
        }
    };
    let mut builder =
        tauri::WebviewWindowBuilder::new(&app, DISPLAY, tauri::WebviewUrl::External(url))
            .title("Loket — Layar Ruang Tunggu")
            .inner_size(1280.0, 720.0)
            .min_inner_size(640.0, 360.0)
            .on_navigation(move |to| to.origin() == origin);
    if screen.is_none() {
        builder = builder.center();
    }
    let built = builder.build();
    let window = match built {
        Ok(window) => window,
        Err(e) => {
            end_token();
            return Err(CoreError::refused(format!(
                "Jendela layar ruang tunggu tidak dapat dibuka: {e}"
            )));
        }
    };
    if let Some((x, y)) = screen {
        let _ = window.set_fullscreen_on_monitor(tauri::PhysicalPosition::new(x as f64, y as f64));
    }
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::Destroyed = event {
            end_token();
        }
    });
    Ok(DisplayOpened {
        opened: true,
        fullscreen: screen.is_some(),
    })
}

/// Closing the main window closes the display too: Loket ends as one.
fn close_display_with_main(app: &tauri::AppHandle) {
    let Some(main) = app.get_webview_window(MAIN) else {
        return;
    };
    let app = app.clone();
    main.on_window_event(move |event| {
        if let tauri::WindowEvent::Destroyed = event {
            if let Some(display) = app.get_webview_window(DISPLAY) {
                let _ = display.destroy();
            }
        }
    });
}

/// Turns WebKitGTK's accelerated compositing off unless the user set it: its layer backing
/// stores held about 100 MiB in the web process (PSS of the whole app 329 → 230 MiB, measured
/// by `scripts/measure-desktop.sh`, BENCHMARKS.md), and the desk's screens, flat forms and
/// lists, need none. Called first in `main`, before any thread exists.
///
/// WebKit's web and network processes, started from here, get at most two glibc malloc
/// arenas too (as `lean_heap` sets for this process), unless `GLIBC_TUNABLES` is set: after a
/// day of check-ins the web process held about 20 MiB less (BENCHMARKS.md, issue 13).
fn lean_webview() {
    const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if cfg!(target_os = "linux") && std::env::var_os(COMPOSITING).is_none() {
        std::env::set_var(COMPOSITING, "1");
    }
    const TUNABLES: &str = "GLIBC_TUNABLES";
    if cfg!(all(target_os = "linux", target_env = "gnu")) && std::env::var_os(TUNABLES).is_none() {
        std::env::set_var(TUNABLES, "glibc.malloc.arena_max=2");
    }
}

/// glibc's allocator, told to hand memory back: at most two arenas (by default a thread gets
/// one of its own, up to 8 per core, each keeping what its threads freed), and the freed
/// pages of every arena returned to the system within two seconds after the window's
/// requests, and every ten seconds for the LAN's. Through the
/// day the window's requests (the desk's list of the day, read again after every change)
/// otherwise left the app holding what they once used (BENCHMARKS.md, issue 13).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod lean_heap {
    use std::os::raw::c_int;
    use std::sync::atomic::{AtomicBool, Ordering};

    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
        fn malloc_trim(pad: usize) -> c_int;
    }
    /// `M_ARENA_MAX` of glibc's malloc.h.
    const M_ARENA_MAX: c_int = -8;

    /// Whether a request came since the last trim.
    static USED: AtomicBool = AtomicBool::new(false);

    /// Called in `main` before any other thread exists: limits the arenas and starts the
    /// thread that trims.
    pub fn start() {
        // SAFETY: mallopt only sets a parameter of the allocator, before other threads run.
        unsafe {
            mallopt(M_ARENA_MAX, 2);
        }
        let _ = std::thread::Builder::new()
            .name("loket-trim".into())
            .spawn(|| {
                for tick in 1u64.. {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    // After the window's requests, and every ten seconds for the LAN's.
                    if USED.swap(false, Ordering::Relaxed) || tick % 5 == 0 {
                        // SAFETY: malloc_trim only returns free pages to the system.
                        unsafe {
                            malloc_trim(0);
                        }
                    }
                }
            });
    }

    /// A request was carried out: its memory is given back within two seconds.
    pub fn used() {
        USED.store(true, Ordering::Relaxed);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod lean_heap {
    pub fn start() {}
    pub fn used() {}
}

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    lean_webview();
    lean_heap::start();
    let args = parse_args();
    let path = loket_core::store::resolve_db_path(args.db.as_deref());
    let hub = Hub::open(&path).map(Arc::new);
    match &hub {
        Ok(hub) => {
            if let Some(listen) = listen_address(args.listen.clone(), hub) {
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
            close_display_with_main(app.handle());
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .manage(Desk { hub })
        .invoke_handler(tauri::generate_handler![
            dispatch,
            export_report,
            lan_status,
            open_display,
            print_silent,
            window_ready
        ])
        .run(tauri::generate_context!())
        .expect("the Loket window could not be started");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_opens_on_this_machine_at_the_port_the_server_is_bound_to() {
        assert_eq!(
            display_url("0.0.0.0:7878".parse().unwrap(), "ab12"),
            "http://127.0.0.1:7878/display.html#token=ab12"
        );
        assert_eq!(
            display_url("192.168.1.10:8080".parse().unwrap(), "ab12"),
            "http://192.168.1.10:8080/display.html#token=ab12"
        );
        assert_eq!(
            display_url("[::]:7878".parse().unwrap(), "ab12"),
            "http://[::1]:7878/display.html#token=ab12"
        );
    }

    #[test]
    fn the_display_goes_to_a_monitor_the_main_window_is_not_on() {
        let two = [(0, 0), (1920, 0)];
        assert_eq!(other_monitor(&two, Some((0, 0))), Some((1920, 0)));
        assert_eq!(other_monitor(&two, Some((1920, 0))), Some((0, 0)));
        assert_eq!(other_monitor(&two, None), Some((1920, 0)));
        assert_eq!(other_monitor(&[(0, 0)], Some((0, 0))), None);
        assert_eq!(other_monitor(&[(0, 0)], None), None);
        assert_eq!(other_monitor(&[], None), None);
    }
}
