//! The hub's LAN server: browsers of officials, chiefs and waiting-room displays on the
//! office's network reach the same dispatcher as the desktop window.
//!
//! Routes:
//! - `POST /api/dispatch`: `{"op", "args"}` as JSON, with the session token as
//!   `Authorization: Bearer <token>` or a `loket_session` cookie, answered by [`Hub::handle`];
//!   a refusal is the `CoreError` JSON with a status that says what kind it is.
//! - `POST /api/export`: `{"from", "to", "format"}`, the guest log as a file to download.
//! - `GET /api/events`: every [`crate::Change`] as a server-sent event, for a live session
//!   whose token comes in the `Authorization` header or the cookie, never in the URL. The
//!   stream ends when its session does.
//! - `GET /sertifikat`, `GET /sertifikat/loket-ca.crt`: the office CA and how to install it.
//! - `GET /audio/<clip>.wav`: the display's voice clips; every other `GET` path: the UI.
//!
//! One port serves both HTTPS and plain HTTP: the first byte of a connection tells a TLS
//! ClientHello (0x16) from a plain request. Plain HTTP is served to this machine (loopback)
//! always, and to the LAN only in the mode `http` the admin turned on knowingly; any other
//! plain request from the LAN gets a redirect to `https://`. See [`crate::guard`] for the
//! Host, Origin, first-admin, connection and time limits every request passes.
//!
//! The UI is served from the same origin, so there is no CORS at all; every answer carries a
//! strict Content-Security-Policy.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::middleware;
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use loket_core::auth::{Caller, Principal};
use loket_core::network::{TlsMode, TlsSetting};
use loket_core::CoreError;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, watch};
use tokio_rustls::TlsAcceptor;

use crate::guard::{self, Counter, DropLog, Slot};
use crate::tls::{self, Material, Names};
use crate::{assets, certificate, Change, Hub};

/// Largest request body accepted.
pub const MAX_BODY: usize = 256 * 1024;
/// How often a live screen's event stream gets a keep-alive comment (and its session is
/// looked at again).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The cookie a browser may carry its session token in.
pub const SESSION_COOKIE: &str = "loket_session";
/// The port officials open when nothing else is said.
pub const DEFAULT_PORT: u16 = loket_core::network::DEFAULT_PORT;
/// The first byte of a TLS handshake (a ClientHello record).
const TLS_HANDSHAKE: u8 = 0x16;

/// What every answer allows the browser to load: only this origin's own files.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The time limits and caps of the LAN server. The defaults suit an office; tests shorten
/// them to run in seconds.
#[derive(Debug, Clone)]
pub struct Limits {
    /// To send a request's headers (and the TLS handshake), and how long a kept-alive
    /// connection may stay idle between requests.
    pub header_timeout: Duration,
    /// To send a request's body.
    pub body_timeout: Duration,
    /// Connections open at once from one client address.
    pub connections_per_client: usize,
    /// Live event streams open at once for one session.
    pub streams_per_session: usize,
    /// The event streams' keep-alive, when each one's session is looked at again.
    pub keep_alive: Duration,
    /// How often the machine's addresses are looked at again (the server certificate and
    /// the Host check follow them).
    pub refresh_names: Duration,
    /// Loopback addresses served as if they were on the LAN: tests, which may connect to
    /// loopback only, stand in for an official's phone with e.g. 127.0.0.2.
    pub lan_stand_ins: Vec<IpAddr>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            // Far above what a browser opens (six or so, and its live stream) and what the
            // load tool opens from one address (fifty-odd), far below a flood.
            connections_per_client: 128,
            streams_per_session: 4,
            keep_alive: KEEP_ALIVE,
            refresh_names: Duration::from_secs(15 * 60),
            lan_stand_ins: Vec::new(),
        }
    }
}

/// The listen address when nothing else is said: every interface, port [`DEFAULT_PORT`].
pub fn default_listen() -> SocketAddr {
    loket_core::network::default_listen()
}

/// Serves the hub on `listen` until the process ends.
pub async fn serve(hub: Arc<Hub>, listen: SocketAddr) -> io::Result<()> {
    Server::bind(hub, listen).await?.run().await
}

/// How the LAN is spoken to now: the names the hub answers to and its HTTPS, renewed as the
/// machine's addresses change.
pub(crate) struct Lan {
    pub(crate) bound: SocketAddr,
    pub(crate) setting: TlsSetting,
    pub(crate) names: RwLock<Names>,
    pub(crate) tls: RwLock<Option<Material>>,
    db_dir: Option<std::path::PathBuf>,
    /// The machine's own addresses that connections arrived on: where the routing table
    /// cannot be read (Windows), these are how the hub learns its LAN addresses.
    arrived_on: std::sync::Mutex<Vec<IpAddr>>,
}

/// The most addresses learnt from connections (a machine has a handful).
const MAX_ARRIVED_ON: usize = 32;

impl Lan {
    fn new(hub: &Hub, bound: SocketAddr) -> Result<Lan, tls::TlsError> {
        let setting = hub.tls_setting();
        let db_dir = hub.db_dir();
        let names = current_names(bound, &setting, &[]);
        let material = tls::material(&setting, db_dir.as_deref(), &names)?;
        Ok(Lan {
            bound,
            setting,
            names: RwLock::new(names),
            tls: RwLock::new(material),
            db_dir,
            arrived_on: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Notes that a connection arrived on `local`, one of this machine's own addresses (the
    /// client reached it): when the hub did not know it, it answers to it from now on and the
    /// server certificate is made again to name it. Blocking (it may write the certificate).
    pub(crate) fn arrived_on(&self, local: IpAddr) {
        let local = local.to_canonical();
        if local.is_unspecified() || self.names().ips.contains(&local) {
            return;
        }
        {
            let mut seen = self.arrived_on.lock().unwrap_or_else(|e| e.into_inner());
            if seen.contains(&local) || seen.len() >= MAX_ARRIVED_ON {
                return;
            }
            seen.push(local);
        }
        self.refresh();
    }

    /// Looks at the machine's addresses again; a new set means a new server certificate.
    fn refresh(&self) {
        let seen = self
            .arrived_on
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let names = current_names(self.bound, &self.setting, &seen);
        if *self.names() == names {
            // Still renews a certificate near its end.
            if self.setting.mode != TlsMode::Loket {
                return;
            }
        }
        match tls::material(&self.setting, self.db_dir.as_deref(), &names) {
            Ok(material) => {
                *self.tls.write().unwrap_or_else(|e| e.into_inner()) = material;
                *self.names.write().unwrap_or_else(|e| e.into_inner()) = names;
            }
            Err(e) => eprintln!("Peringatan: sertifikat Loket tidak dapat diperbarui: {e}"),
        }
    }

    pub(crate) fn names(&self) -> std::sync::RwLockReadGuard<'_, Names> {
        self.names.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn material(&self) -> Option<Material> {
        self.tls.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether browsers on the LAN speak HTTPS.
    pub(crate) fn encrypted(&self) -> bool {
        self.setting.mode.encrypted()
    }
}

fn current_names(bound: SocketAddr, setting: &TlsSetting, arrived_on: &[IpAddr]) -> Names {
    let mut own = loket_core::network::local_addresses();
    own.extend(
        arrived_on
            .iter()
            .filter(|ip| !own.contains(ip))
            .copied()
            .collect::<Vec<_>>(),
    );
    Names::for_hub(bound.ip(), &own, &setting.host_names)
}

/// A hub bound to its address and not yet serving: binding first tells whether the port is
/// free, and which port was given for port 0.
pub struct Server {
    listener: TcpListener,
    hub: Arc<Hub>,
    limits: Limits,
    lan: Arc<Lan>,
}

impl Server {
    /// Binds `listen`; fails when the address is taken or not this machine's, or when the
    /// HTTPS the admin chose cannot be set up (the office's own certificate unreadable).
    pub async fn bind(hub: Arc<Hub>, listen: SocketAddr) -> io::Result<Server> {
        Server::bind_with(hub, listen, Limits::default()).await
    }

    /// As [`Server::bind`], with other time limits and caps.
    pub async fn bind_with(
        hub: Arc<Hub>,
        listen: SocketAddr,
        limits: Limits,
    ) -> io::Result<Server> {
        tls::install_provider();
        let listener = TcpListener::bind(listen).await?;
        let bound = listener.local_addr()?;
        let lan = {
            let hub = Arc::clone(&hub);
            tokio::task::spawn_blocking(move || Lan::new(&hub, bound))
                .await
                .map_err(io::Error::other)??
        };
        Ok(Server {
            listener,
            hub,
            limits,
            lan: Arc::new(lan),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Whether browsers on the LAN speak HTTPS (else the admin chose plain HTTP).
    pub fn encrypted(&self) -> bool {
        self.lan.encrypted()
    }

    /// The addresses officials open: `https://` unless the admin chose plain HTTP.
    pub fn urls(&self) -> Vec<String> {
        loket_core::network::urls_for(self.lan.bound, self.lan.encrypted())
    }

    /// The SHA-256 fingerprint of the certificate officials compare (the office CA's for
    /// Loket's own), `None` for plain HTTP.
    pub fn fingerprint(&self) -> Option<String> {
        self.lan.material().map(|m| m.fingerprint)
    }

    /// The office CA's certificate (PEM), in the mode `loket`.
    pub fn ca_pem(&self) -> Option<String> {
        self.lan.material().and_then(|m| m.ca_pem)
    }

    /// Serves until the process ends.
    pub async fn run(self) -> io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Serves until `shutdown` completes, then ends the live screens' event streams, lets the
    /// requests under way finish, and returns.
    pub async fn run_until<F>(self, shutdown: F) -> io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (stop, stopping) = watch::channel(false);
        let shared = Arc::new(Shared {
            limits: self.limits.clone(),
            lan: Arc::clone(&self.lan),
            connections: Counter::default(),
            streams: Counter::default(),
            drops: DropLog::default(),
        });
        let app = router(AppState {
            hub: self.hub,
            stopping: stopping.clone(),
            shared: Arc::clone(&shared),
        });
        // Each connection holds a sender: when all are dropped, every connection is done.
        let (open, mut all_closed) = mpsc::channel::<()>(1);
        let mut refresh = tokio::time::interval(self.limits.refresh_names);
        refresh.tick().await;
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                _ = refresh.tick() => {
                    let lan = Arc::clone(&self.lan);
                    tokio::task::spawn_blocking(move || lan.refresh());
                }
                accepted = self.listener.accept() => match accepted {
                    Ok((tcp, peer)) => {
                        // Counted here, in the order connections arrive, not in their tasks:
                        // a connection over the cap is turned away however the tasks run.
                        let ip = peer.ip().to_canonical();
                        let limit = shared.limits.connections_per_client;
                        match shared.connections.acquire(ip, limit) {
                            Some(slot) => {
                                let connection = Connection {
                                    shared: Arc::clone(&shared),
                                    app: app.clone(),
                                    peer,
                                    stopping: stopping.clone(),
                                    _open: open.clone(),
                                    _slot: slot,
                                };
                                tokio::spawn(connection.serve(tcp));
                            }
                            None => {
                                shared.drops.note(format_args!(
                                    "terlalu banyak koneksi dari {ip} (paling banyak {limit}); koneksi baru ditolak"
                                ));
                                drop(tcp);
                            }
                        }
                    }
                    Err(e) => {
                        // Out of file descriptors, say: wait a moment rather than spin.
                        shared.drops.note(format_args!("koneksi tidak dapat diterima: {e}"));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }
        drop(self.listener);
        let _ = stop.send(true);
        drop(open);
        let _ = all_closed.recv().await;
        Ok(())
    }
}

/// What the connections and handlers share: the limits, the LAN's names and HTTPS, and the
/// counts that the caps look at.
pub(crate) struct Shared {
    pub(crate) limits: Limits,
    pub(crate) lan: Arc<Lan>,
    connections: Counter<IpAddr>,
    streams: Counter<String>,
    pub(crate) drops: DropLog,
}

impl Shared {
    /// Whether `ip` is this machine (loopback), not a device on the LAN.
    pub(crate) fn is_local(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_loopback() && !self.limits.lan_stand_ins.contains(&ip)
    }
}

/// One accepted connection.
struct Connection {
    shared: Arc<Shared>,
    app: Router,
    peer: SocketAddr,
    stopping: watch::Receiver<bool>,
    _open: mpsc::Sender<()>,
    /// This connection's place under its client's cap, given back when it closes.
    _slot: Slot<IpAddr>,
}

impl Connection {
    async fn serve(self, tcp: TcpStream) {
        let ip = self.peer.ip().to_canonical();
        let _ = tcp.set_nodelay(true);
        if let Ok(local) = tcp.local_addr() {
            if !self
                .shared
                .lan
                .names()
                .ips
                .contains(&local.ip().to_canonical())
            {
                let lan = Arc::clone(&self.shared.lan);
                let _ = tokio::task::spawn_blocking(move || lan.arrived_on(local.ip())).await;
            }
        }
        let timeout = self.shared.limits.header_timeout;
        let mut first = [0u8; 1];
        // A connection that has sent nothing yet (a client's spare one) is simply closed when
        // the server stops.
        let peeked = tokio::select! {
            peeked = tokio::time::timeout(timeout, tcp.peek(&mut first)) => peeked,
            _ = server_stopping(self.stopping.clone()) => return,
        };
        match peeked {
            Ok(Ok(1)) => {}
            Ok(_) => return,
            Err(_) => {
                self.shared
                    .drops
                    .note(format_args!("koneksi dari {ip} diam terlalu lama; diputus"));
                return;
            }
        }
        let loopback = self.shared.is_local(ip);
        if first[0] == TLS_HANDSHAKE {
            let Some(material) = self.shared.lan.material() else {
                return;
            };
            let acceptor = TlsAcceptor::from(material.config);
            let handshake = tokio::select! {
                handshake = tokio::time::timeout(timeout, acceptor.accept(tcp)) => handshake,
                _ = server_stopping(self.stopping.clone()) => return,
            };
            match handshake {
                Ok(Ok(stream)) => self.http(stream, Scheme::Https).await,
                Ok(Err(_)) => {}
                Err(_) => self.shared.drops.note(format_args!(
                    "jabat tangan TLS dari {ip} terlalu lambat; diputus"
                )),
            }
        } else if loopback || !self.shared.lan.encrypted() {
            self.http(tcp, Scheme::Http).await;
        } else {
            self.http(tcp, Scheme::PlainToHttps).await;
        }
    }

    /// Serves HTTP/1.1 on `io` with the header and idle time limit, until the client goes,
    /// a limit is passed, or the server stops.
    async fn http<I>(self, io: I, scheme: Scheme)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let peer = self.peer;
        let app = self.app.clone();
        let lan = Arc::clone(&self.shared.lan);
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(scheme);
                let app = app.clone();
                let lan = Arc::clone(&lan);
                async move {
                    if scheme == Scheme::PlainToHttps {
                        return Ok::<_, Infallible>(guard::to_https(&request, &lan.names()));
                    }
                    tower::ServiceExt::oneshot(app, request.map(Body::new)).await
                }
            });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.shared.limits.header_timeout)
            .keep_alive(scheme != Scheme::PlainToHttps);
        let connection = builder.serve_connection(TokioIo::new(io), service);
        tokio::pin!(connection);
        let result = tokio::select! {
            result = connection.as_mut() => result,
            _ = server_stopping(self.stopping.clone()) => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        if let Err(e) = result {
            if e.is_timeout() {
                self.shared.drops.note(format_args!(
                    "koneksi dari {} terlalu lambat mengirim permintaan atau menganggur; diputus",
                    peer.ip()
                ));
            }
        }
    }
}

/// How a request reached the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Https,
    Http,
    /// Plain HTTP from the LAN while the LAN speaks HTTPS: only redirected.
    PlainToHttps,
}

/// What every handler gets: the hub, whether the server is stopping, and what the
/// connections share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) hub: Arc<Hub>,
    stopping: watch::Receiver<bool>,
    pub(crate) shared: Arc<Shared>,
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/dispatch", post(dispatch))
        .route("/api/export", post(export))
        .route("/api/events", get(events))
        .route("/sertifikat", get(certificate::page))
        .route("/sertifikat/loket-ca.crt", get(certificate::ca_file))
        .route("/", get(index))
        .route("/audio/{clip}", get(audio))
        .route("/{*path}", get(ui_file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::read_body,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::check_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::first_admin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::check_host,
        ))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// `POST /api/dispatch`: one operation through [`Hub::handle`].
async fn dispatch(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = match json_body(&headers, body) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let token = session_token(&headers);
    let hub = state.hub.clone();
    let answer = tokio::task::spawn_blocking(move || {
        hub.handle(Caller::Network(peer.ip()), token.as_deref(), request)
    })
    .await;
    match answer {
        Ok(Ok(value)) => ([(header::CACHE_CONTROL, "no-store")], Json(value)).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(_) => error_response(&interrupted()),
    }
}

/// `POST /api/export`: the guest log of `{"from", "to", "format"}` as a file to download,
/// through [`Hub::export`]; a refusal is the same JSON as `/api/dispatch` gives.
async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let args = match json_body(&headers, body).and_then(|value| {
        serde_json::from_value(value)
            .map_err(|e| Box::new(error_response(&CoreError::BadRequest(e.to_string()))))
    }) {
        Ok(args) => args,
        Err(refused) => return *refused,
    };
    let token = session_token(&headers);
    let hub = state.hub.clone();
    match tokio::task::spawn_blocking(move || hub.export(token.as_deref(), args)).await {
        Ok(Ok(file)) => {
            let disposition = format!("attachment; filename=\"{}\"", file.file_name);
            (
                [
                    (header::CONTENT_TYPE, file.mime.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Ok(Err(e)) => error_response(&e),
        Err(_) => error_response(&interrupted()),
    }
}

/// A request body that must be JSON: the value, or the refusal to send back.
fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Box<Response>> {
    if !is_json(headers) {
        return Err(Box::new(refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Permintaan harus dikirim sebagai JSON (Content-Type: application/json).",
            json!({}),
        )));
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Box::new(too_large()))
        }
        Err(_) => {
            return Err(Box::new(error_response(&CoreError::BadRequest(
                "isi permintaan tidak dapat dibaca.".into(),
            ))))
        }
    };
    parse_body(&body).map_err(|e| Box::new(error_response(&e)))
}

/// `GET /api/events`: the changes, as server-sent events, for as long as the screen listens,
/// its session lives, and the server runs. The token comes in the `Authorization` header or
/// the cookie: one in the URL is refused, since addresses end up in logs and histories.
async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if token_in_query(query.as_deref()) {
        return refusal(
            StatusCode::BAD_REQUEST,
            "token_in_url",
            "Token tidak boleh dikirim di alamat (URL); kirim lewat header Authorization.",
            json!({}),
        );
    }
    let Some(token) = session_token(&headers) else {
        return error_response(&CoreError::Unauthorized(
            "Sesi tidak ada atau sudah berakhir; silakan masuk lagi.".into(),
        ));
    };
    let hub = state.hub.clone();
    let checked = token.clone();
    let principal =
        match tokio::task::spawn_blocking(move || hub.authenticate(Some(&checked))).await {
            Ok(Ok(principal)) => principal,
            Ok(Err(e)) => return error_response(&e),
            Err(_) => return error_response(&interrupted()),
        };
    let limit = state.shared.limits.streams_per_session;
    let Some(slot) = state.shared.streams.acquire(token.clone(), limit) else {
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_streams",
            &format!(
                "Sesi ini sudah membuka {limit} siaran langsung; tutup layar yang lain dahulu."
            ),
            json!({ "limit": limit }),
        );
    };
    let live = Live {
        hub: Arc::clone(&state.hub),
        changes: state.hub.subscribe(),
        sessions: state.hub.session_changes(),
        tick: tokio::time::interval_at(
            tokio::time::Instant::now() + state.shared.limits.keep_alive,
            state.shared.limits.keep_alive,
        ),
        token,
        principal,
        _slot: slot,
    };
    Sse::new(change_stream(live, state.stopping)).into_response()
}

/// Whether a query string carries a `token` parameter.
fn token_in_query(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        q.split('&').any(|pair| {
            pair.split('=')
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case("token"))
        })
    })
}

/// One live screen's stream: what it hears, and the session it must still belong to.
struct Live {
    hub: Arc<Hub>,
    changes: broadcast::Receiver<Change>,
    sessions: watch::Receiver<u64>,
    tick: tokio::time::Interval,
    token: String,
    principal: Principal,
    _slot: Slot<String>,
}

impl Live {
    /// Whether the session is still alive and the same account in the same role.
    async fn still_valid(&self) -> bool {
        let hub = Arc::clone(&self.hub);
        let token = self.token.clone();
        match tokio::task::spawn_blocking(move || hub.session_principal(&token)).await {
            Ok(Ok(Some(principal))) => principal == self.principal,
            Ok(Ok(None)) => true,
            Ok(Err(CoreError::Unauthorized(_) | CoreError::Forbidden(_))) => false,
            // A storage hiccup is not the session's end: look again at the next tick.
            Ok(Err(_)) | Err(_) => true,
        }
    }
}

/// The changes as events, with a keep-alive comment every tick, until the session ends (looked
/// at every tick and after every change of sessions) or the server stops. A screen that fell
/// behind skips what it missed and goes on with the newer changes.
fn change_stream(
    live: Live,
    stopping: watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(live, |mut live| async move {
        loop {
            tokio::select! {
                change = live.changes.recv() => match change {
                    Ok(change) => {
                        if change.op.starts_with("auth.") && !live.still_valid().await {
                            return None;
                        }
                        return Some((Ok(change_event(&change)), live));
                    }
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                changed = live.sessions.changed() => {
                    if changed.is_err() || !live.still_valid().await {
                        return None;
                    }
                }
                _ = live.tick.tick() => {
                    if !live.still_valid().await {
                        return None;
                    }
                    return Some((Ok(Event::default().comment("")), live));
                }
            }
        }
    })
    .take_until(server_stopping(stopping))
}

/// Completes once the server begins to stop.
async fn server_stopping(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stopping| *stopping).await;
}

/// A change as one server-sent event: `data: {"op": ..., "at": ...}`.
fn change_event(change: &Change) -> Event {
    Event::default().data(serde_json::to_string(change).unwrap_or_default())
}

/// `GET /`: the UI's start page.
async fn index(headers: HeaderMap) -> Response {
    assets::ui_file("index.html", &headers).unwrap_or_else(not_found_page)
}

/// `GET /<path>`: a file of the UI.
async fn ui_file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    assets::ui_file(&path, &headers).unwrap_or_else(not_found_page)
}

/// `GET /audio/<clip>.wav`: a clip of the display's voice.
async fn audio(Path(clip): Path<String>, headers: HeaderMap) -> Response {
    assets::audio_clip(&clip, &headers).unwrap_or_else(not_found_page)
}

async fn not_found() -> Response {
    not_found_page()
}

pub(crate) fn not_found_page() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Halaman tidak ditemukan.",
    )
        .into_response()
}

/// Adds the security headers to every answer.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Whether the request says its body is JSON. Requiring it means a page of another site cannot
/// send an operation with the browser's cookie without the browser asking this server first,
/// which it never allows.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// The request as JSON, or a refusal that says, in Indonesian, what is wrong with it.
fn parse_body(body: &[u8]) -> Result<Value, CoreError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(CoreError::BadRequest(
            "isi permintaan kosong; kirim {\"op\": ..., \"args\": ...}.".into(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        CoreError::BadRequest(format!(
            "isi permintaan bukan JSON yang sah (baris {}, kolom {}).",
            e.line(),
            e.column()
        ))
    })
}

/// The session token: `Authorization: Bearer <token>`, else the `loket_session` cookie.
fn session_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then(|| value.to_owned())
        })
}

/// The HTTP status of a refusal.
pub fn status_for(error: &CoreError) -> StatusCode {
    match error {
        CoreError::BadRequest(_) | CoreError::InvalidInput { .. } => StatusCode::BAD_REQUEST,
        CoreError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        CoreError::Forbidden(_) => StatusCode::FORBIDDEN,
        CoreError::NotFound { .. } | CoreError::ServiceNotFound { .. } => StatusCode::NOT_FOUND,
        CoreError::Refused(_) | CoreError::StandardsUnchanged { .. } => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refusal as the `CoreError` JSON the UI shows.
fn error_response(error: &CoreError) -> Response {
    let status = status_for(error);
    let mut response = (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!(error)),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// A refusal made here rather than in the core, in the same JSON shape.
pub(crate) fn refusal(status: StatusCode, code: &str, message: &str, details: Value) -> Response {
    let body = json!({ "code": code, "message": message, "details": details });
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

pub(crate) fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        &format!(
            "Permintaan terlalu besar: paling banyak {} KiB.",
            MAX_BODY / 1024
        ),
        json!({ "limit_bytes": MAX_BODY }),
    )
}

/// An operation that ended without an answer (its thread panicked); its transaction rolled
/// back.
fn interrupted() -> CoreError {
    CoreError::Storage("operasi terhenti karena galat internal".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_own_address_a_connection_arrived_on_is_answered_and_certified() {
        let hub = Hub::new(loket_core::Store::open_in_memory().unwrap());
        let lan = Lan::new(&hub, "0.0.0.0:7878".parse().unwrap()).unwrap();
        // An address the routing table did not tell (as on Windows).
        let new: IpAddr = "10.9.8.7".parse().unwrap();
        assert!(!lan.names().allows("10.9.8.7"));
        let before = lan.material().unwrap().config;
        let before_ca = lan.material().unwrap().ca_pem;
        lan.arrived_on(new);
        assert!(lan.names().allows("10.9.8.7"));
        assert!(lan.names().ips.contains(&new), "named in the certificate");
        assert!(
            !Arc::ptr_eq(&before, &lan.material().unwrap().config),
            "a new server certificate"
        );
        assert_eq!(
            before_ca,
            lan.material().unwrap().ca_pem,
            "the CA of a hub in memory is kept"
        );
        // Once known, nothing is made again.
        let after = lan.material().unwrap().config;
        lan.arrived_on(new);
        assert!(Arc::ptr_eq(&after, &lan.material().unwrap().config));
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    #[test]
    fn the_token_comes_from_the_bearer_header_else_the_cookie() {
        let both = headers(&[
            (header::AUTHORIZATION, "Bearer abc"),
            (header::COOKIE, "loket_session=def"),
        ]);
        assert_eq!(session_token(&both).as_deref(), Some("abc"));
        let cookie = headers(&[(header::COOKIE, "theme=dark; loket_session=def; x=1")]);
        assert_eq!(session_token(&cookie).as_deref(), Some("def"));
        let basic = headers(&[(header::AUTHORIZATION, "Basic YWJj")]);
        assert_eq!(session_token(&basic), None);
        assert_eq!(session_token(&HeaderMap::new()), None);
    }

    #[test]
    fn only_a_json_content_type_is_accepted() {
        assert!(is_json(&headers(&[(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8"
        )])));
        assert!(!is_json(&headers(&[(header::CONTENT_TYPE, "text/plain")])));
        assert!(!is_json(&HeaderMap::new()));
    }

    #[test]
    fn each_kind_of_refusal_has_its_status() {
        let cases = [
            (CoreError::BadRequest("x".into()), 400),
            (CoreError::invalid("PIN", "x"), 400),
            (CoreError::Unauthorized("x".into()), 401),
            (CoreError::Forbidden("x".into()), 403),
            (CoreError::NotFound { what: "x".into() }, 404),
            (CoreError::ServiceNotFound { id: "x".into() }, 404),
            (CoreError::refused("x"), 409),
            (
                CoreError::StandardsUnchanged {
                    file: "x".into(),
                    version: 1,
                },
                409,
            ),
            (CoreError::Storage("x".into()), 500),
        ];
        for (error, status) in cases {
            assert_eq!(status_for(&error).as_u16(), status, "{error:?}");
        }
    }
}
