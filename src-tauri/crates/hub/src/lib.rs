//! `loket-hub` as a library: the [`Hub`] that owns the database and tells live screens what
//! changed, and the LAN server over it ([`server`]).
//!
//! Both transports — the desktop window over Tauri IPC and browsers on the LAN over HTTP —
//! call [`Hub::handle`], which calls `loket_core::api::handle`: a change made in the window
//! reaches the screens on the LAN, and no behaviour exists in one transport and not the other.
//!
//! A hub opened on a database file ([`Hub::open`]) also keeps it: today's backup and the
//! retention of personal data at start, then again at most once an hour, as requests come
//! ([`loket_core::upkeep`]).
//!
//! - [`server`]: the axum router: `/api/dispatch`, `/api/events`, the UI and the audio clips.
//! - [`lan`]: the addresses officials open in their browsers.

pub mod lan;
pub mod server;
pub mod tls;

mod assets;
mod certificate;
mod guard;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use loket_core::auth::{sessions, Caller, Principal};
use loket_core::desk::display;
use loket_core::store::Checkpointer;
use loket_core::{api, report, upkeep, CoreResult, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{broadcast, watch};

pub use server::{serve, Server};

/// How many changes a slow screen may fall behind before it misses some (it then still gets
/// the newer ones, and refreshes anyway).
const CHANGE_BACKLOG: usize = 64;

/// How often the daily upkeep is looked at while requests come (it does nothing until the
/// office's day changes).
const UPKEEP_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// A successful operation that may have changed what some screen shows; sent to every live
/// screen so it can refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The operation, e.g. `desk.check_in`.
    pub op: String,
    /// When it was carried out.
    pub at: DateTime<Utc>,
}

/// How many idle reading connections the hub keeps open.
const IDLE_READERS: usize = 8;

/// Login attempts a network address may make in [`LOGIN_PACE_WINDOW`] before it is turned
/// away without the database being read at all (the throttles in the database then still
/// apply to what gets through).
pub const LOGIN_ATTEMPTS_PER_WINDOW: u32 = 10;
/// The window of [`LOGIN_ATTEMPTS_PER_WINDOW`].
pub const LOGIN_PACE_WINDOW: std::time::Duration = std::time::Duration::from_secs(10);

/// Counts each network address's login attempts in fixed windows, in memory: a flood of
/// guesses costs the hub a map lookup each, not a database read.
#[derive(Default)]
struct LoginPace {
    windows: Mutex<std::collections::HashMap<std::net::IpAddr, (std::time::Instant, u32)>>,
}

impl LoginPace {
    fn allow(&self, ip: std::net::IpAddr, now: std::time::Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < LOGIN_PACE_WINDOW);
        }
        let (start, count) = windows.entry(ip).or_insert((now, 0));
        if now.duration_since(*start) >= LOGIN_PACE_WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= LOGIN_ATTEMPTS_PER_WINDOW
    }
}

/// The database of one desk and the channel to its live screens.
///
/// Writes go through one connection, one at a time. Operations that only read
/// ([`api::reads_only`]) run on reading connections of their own beside it — SQLite's WAL
/// lets them read while the desk writes — so fifty officials reading their queues do not
/// wait behind each other's calls.
pub struct Hub {
    store: Mutex<Store>,
    /// The database file, for opening reading connections; `None` in memory.
    path: Option<PathBuf>,
    /// Reading connections not in use now.
    readers: Mutex<Vec<Store>>,
    changes: broadcast::Sender<Change>,
    /// The waiting-room display's state, computed once per write for every display.
    display: display::SharedState,
    /// When the upkeep last ran; `None` for a hub that does not keep its database.
    upkept_at: Mutex<Option<DateTime<Utc>>>,
    /// How fast each network address may try to log in, before anything is read.
    login_pace: LoginPace,
    /// Dropped with the hub, which stops its checkpointer.
    _checkpoints: Option<Checkpointer>,
    /// Bumped after every operation on accounts and sessions (`auth.*`), so that live
    /// streams look at their session again.
    sessions: watch::Sender<u64>,
    /// Whether an account exists (once true, it stays so).
    has_accounts: AtomicBool,
}

impl Hub {
    /// A hub over an open store.
    pub fn new(store: Store) -> Hub {
        let (changes, _) = broadcast::channel(CHANGE_BACKLOG);
        let path = Some(store.path().to_path_buf()).filter(|p| p != Path::new(":memory:"));
        let checkpoints = path
            .as_deref()
            .and_then(|path| Checkpointer::start(&store, path));
        Hub {
            store: Mutex::new(store),
            path,
            readers: Mutex::new(Vec::new()),
            changes,
            display: display::SharedState::default(),
            upkept_at: Mutex::new(None),
            login_pace: LoginPace::default(),
            _checkpoints: checkpoints,
            sessions: watch::Sender::new(0),
            has_accounts: AtomicBool::new(false),
        }
    }

    /// Opens the database at `path`, importing the bundled standards if needed, and runs the
    /// daily upkeep (today's backup, the retention).
    pub fn open(path: &Path) -> CoreResult<Hub> {
        let hub = loket_core::open_with_standards(path).map(Hub::new)?;
        let now = Utc::now();
        hub.upkeep(now);
        *hub.upkept_at.lock().unwrap_or_else(PoisonError::into_inner) = Some(now);
        Ok(hub)
    }

    /// Runs the daily upkeep, reporting on stderr (stdout is the command's own output). A
    /// failure (a full disk, say) must not stop the desk: it is reported and tried again
    /// later.
    fn upkeep(&self, now: DateTime<Utc>) {
        match upkeep::daily(&mut self.store(), now) {
            Ok(done) => {
                if let Some(b) = done.backup {
                    eprintln!("Cadangan harian dibuat: {}", b.path.display());
                }
                if done.retention.anonymised > 0 {
                    eprintln!(
                        "{} tamu dianonimkan karena melewati masa simpan data pribadi.",
                        done.retention.anonymised
                    );
                }
            }
            Err(e) => eprintln!("Peringatan: pemeliharaan harian gagal: {e}"),
        }
    }

    /// Runs the upkeep when the last run is an hour old, for a hub that keeps its database.
    fn upkeep_if_due(&self, now: DateTime<Utc>) {
        let due = {
            let mut last = self
                .upkept_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match *last {
                Some(t) if now - t >= UPKEEP_EVERY => {
                    *last = Some(now);
                    true
                }
                _ => false,
            }
        };
        if due {
            self.upkeep(now);
        }
    }

    /// Carries out one request (`{"op": ..., "args": ...}`) from `caller` for the session
    /// whose token comes with it, and tells live screens when it may have changed what they
    /// show. The one function both transports call.
    pub fn handle(&self, caller: Caller, token: Option<&str>, request: Value) -> CoreResult<Value> {
        let op = request.get("op").and_then(Value::as_str).map(str::to_owned);
        let now = Utc::now();
        self.upkeep_if_due(now);
        if op.as_deref() == Some(api::Op::AuthLogin.name()) {
            return self.login(caller, request, now);
        }
        if let Some(answer) = self.handle_reading(token, &request, now)? {
            return Ok(answer);
        }
        let answer = api::handle_from(&mut self.store(), now, caller, token, request);
        // Whatever reached the writer may have written, even when it failed after all.
        self.display.changed();
        if op.as_deref() == Some("backup.restore") {
            // The database was replaced under the reading connections: start afresh.
            self.idle_readers().clear();
        }
        let answer = answer?;
        if op.as_deref().is_some_and(|op| op.starts_with("auth.")) {
            self.sessions.send_modify(|n| *n += 1);
        }
        if let Some(op) = op.filter(|op| api::changes_state(op)) {
            self.announce(Change { op, at: now });
        }
        Ok(answer)
    }

    /// Carries out a request that only reads on a reading connection; `None` when it must
    /// go to the writer (see [`api::handle_reading`]), or when no reading connection can be
    /// opened (the writer then does it all).
    fn handle_reading(
        &self,
        token: Option<&str>,
        request: &Value,
        now: DateTime<Utc>,
    ) -> CoreResult<Option<Value>> {
        let is_read = request
            .get("op")
            .and_then(Value::as_str)
            .is_some_and(api::reads_only);
        if !is_read {
            return Ok(None);
        }
        let Some(mut reader) = self.reader() else {
            return Ok(None);
        };
        let answer = api::handle_reading(&mut reader, now, token, request, &self.display);
        self.put_back(reader);
        answer
    }

    /// Logs in with the PIN's Argon2 check outside the writer (see
    /// [`api::login_outside_writer`]): a flood of wrong PINs never stalls the desk.
    fn login(&self, caller: Caller, request: Value, now: DateTime<Utc>) -> CoreResult<Value> {
        // This machine's own loopback (its browsers, the tests, `loket-load --setup`) is not
        // paced: nobody on the LAN can send from it.
        let own = [
            std::net::IpAddr::from([127, 0, 0, 1]),
            std::net::Ipv6Addr::LOCALHOST.into(),
        ];
        if let Caller::Network(ip) = caller {
            if !own.contains(&ip) && !self.login_pace.allow(ip, std::time::Instant::now()) {
                return Err(loket_core::CoreError::Unauthorized(
                    "Terlalu banyak percobaan masuk dari alamat ini; tunggu sebentar lalu coba lagi."
                        .into(),
                ));
            }
        }
        let mut reader = self.reader();
        let answer =
            api::login_outside_writer(|| self.store(), reader.as_mut(), now, caller, request);
        if let Some(reader) = reader {
            self.put_back(reader);
        }
        answer
    }

    /// A reading connection: an idle one, else a new one; `None` in memory or when none can
    /// be opened.
    fn reader(&self) -> Option<Store> {
        let path = self.path.as_ref()?;
        let idle = self.idle_readers().pop();
        idle.map(Ok)
            .unwrap_or_else(|| Store::open_reader(path))
            .ok()
    }

    /// Keeps a reading connection for the next request, up to [`IDLE_READERS`].
    fn put_back(&self, reader: Store) {
        let mut idle = self.idle_readers();
        if idle.len() < IDLE_READERS {
            idle.push(reader);
        }
    }

    fn idle_readers(&self) -> MutexGuard<'_, Vec<Store>> {
        self.readers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The guest log of a period as a file (XLSX, PDF or CSV), for the session whose token
    /// comes with it; the export is recorded. Both transports call it: the window's save
    /// dialog and the browser's download.
    ///
    /// The log is read on a connection of its own, so the desk's writes go on while a year's
    /// file is made.
    pub fn export(&self, token: Option<&str>, args: api::ExportArgs) -> CoreResult<report::Export> {
        let now = Utc::now();
        match self.reader() {
            Some(mut reader) => {
                let file =
                    api::export_outside_writer(|| self.store(), &mut reader, now, token, args);
                self.put_back(reader);
                file
            }
            None => api::export(&mut self.store(), now, token, args),
        }
    }

    /// The principal behind a session token, if the session is alive (and marks it used).
    pub fn authenticate(&self, token: Option<&str>) -> CoreResult<Principal> {
        sessions::authenticate(&mut self.store(), token, Utc::now())
    }

    /// The principal behind a session token if the session is alive, without marking it
    /// used (a live stream looking at its session must not keep it alive): `None` when it
    /// is alive but the principal is not read without marking it used.
    pub fn session_principal(&self, token: &str) -> CoreResult<Option<Principal>> {
        let now = Utc::now();
        if let Some(path) = &self.path {
            let idle = self.idle_readers().pop();
            if let Ok(reader) = idle.map(Ok).unwrap_or_else(|| Store::open_reader(path)) {
                let answer = sessions::authenticate_reading(&reader, Some(token), now);
                let mut idle = self.idle_readers();
                if idle.len() < IDLE_READERS {
                    idle.push(reader);
                }
                return answer;
            }
        }
        sessions::authenticate_reading(&self.store(), Some(token), now)
    }

    /// A receiver told after every operation on accounts and sessions.
    pub fn session_changes(&self) -> watch::Receiver<u64> {
        self.sessions.subscribe()
    }

    /// Whether any account exists (the first admin was made). Until then the LAN server
    /// answers the network only with a page that says to make it at the desk PC.
    pub fn has_accounts(&self) -> bool {
        if self.has_accounts.load(Ordering::Relaxed) {
            return true;
        }
        let any = loket_core::network::has_accounts(&self.store()).unwrap_or(false);
        if any {
            self.has_accounts.store(true, Ordering::Relaxed);
        }
        any
    }

    /// How the admin chose the LAN to be spoken to; the default (Loket's own CA) when the
    /// stored value cannot be read, which is reported.
    pub fn tls_setting(&self) -> loket_core::network::TlsSetting {
        loket_core::network::stored_tls(&self.store()).unwrap_or_else(|e| {
            eprintln!("Peringatan: {e}; Loket memakai HTTPS dengan CA buatan Loket.");
            loket_core::network::TlsSetting::default()
        })
    }

    /// The folder of the database file (its `tls/` folder holds the office's certificates);
    /// `None` in memory.
    pub fn db_dir(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// The listen address the admin stored in Pengaturan, if any.
    pub fn stored_listen(&self) -> CoreResult<Option<std::net::SocketAddr>> {
        loket_core::network::stored_listen(&self.store())
    }

    /// A receiver of every [`Change`] from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Sends a change to every live screen; with none listening, nobody needs to know.
    fn announce(&self, change: Change) {
        let _ = self.changes.send(change);
    }

    /// The store, for one operation at a time. A panic during an earlier operation does not
    /// lock the desk out: every operation runs in a transaction that rolled back as it
    /// unwound, so the store is consistent.
    /// Moves everything written into the database file and empties the WAL, for a server
    /// that has stopped serving (`loket-hub serve` on SIGTERM or Ctrl-C).
    pub fn checkpoint(&self) -> CoreResult<()> {
        self.store().checkpoint_for_shutdown()
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
