//! What every request to the LAN server passes before a handler sees it, and the caps on
//! connections and live streams.
//!
//! - [`check_host`]: the Host must be a name or address the hub answers to (loopback, the
//!   bound address, the machine's LAN addresses, the admin's host names). A page of another
//!   site whose name was pointed at the hub (DNS rebinding) is refused with 421.
//! - [`first_admin`]: until the first admin exists, the LAN (anything but loopback) gets
//!   only a page that says to create the admin at the desk PC itself.
//! - [`check_origin`]: a request that changes state (every `POST`) with an `Origin` must come
//!   from a page of the hub itself.
//! - [`read_body`]: a body must arrive whole within the body time limit.
//! - [`Counter`]: how many connections a client has open, how many live streams a session.
//! - [`DropLog`]: dropped clients are reported on stderr, at most one line every few seconds.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::json;

use crate::server::{refusal, too_large, AppState, MAX_BODY};

/// How often a kind of dropped client is reported at most.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// How many of each key are open now; a [`Slot`] is one of them until dropped.
pub(crate) struct Counter<K: Eq + Hash + Clone> {
    open: Arc<Mutex<HashMap<K, usize>>>,
}

impl<K: Eq + Hash + Clone> Default for Counter<K> {
    fn default() -> Self {
        Counter {
            open: Arc::default(),
        }
    }
}

impl<K: Eq + Hash + Clone> Counter<K> {
    /// One more for `key`, unless `limit` are open already.
    pub(crate) fn acquire(&self, key: K, limit: usize) -> Option<Slot<K>> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(key.clone()).or_insert(0);
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(Slot {
            open: Arc::clone(&self.open),
            key,
        })
    }
}

/// One open connection or stream, counted until dropped.
pub(crate) struct Slot<K: Eq + Hash + Clone> {
    open: Arc<Mutex<HashMap<K, usize>>>,
    key: K,
}

impl<K: Eq + Hash + Clone> Drop for Slot<K> {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// Reports dropped clients on stderr: the first at once, then at most one line every
/// [`LOG_EVERY`] that says how many more there were.
#[derive(Default)]
pub(crate) struct DropLog {
    last: Mutex<Option<Instant>>,
    unreported: AtomicUsize,
}

impl DropLog {
    pub(crate) fn note(&self, what: fmt::Arguments<'_>) {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if last.is_some_and(|t| now.duration_since(t) < LOG_EVERY) {
            self.unreported.fetch_add(1, Ordering::Relaxed);
            return;
        }
        *last = Some(now);
        let more = self.unreported.swap(0, Ordering::Relaxed);
        if more > 0 {
            eprintln!("Server LAN: {what} (dan {more} kejadian serupa sebelumnya).");
        } else {
            eprintln!("Server LAN: {what}.");
        }
    }
}

/// The name part and the port of a Host header or an origin's authority: `[::1]:7878` gives
/// `::1` and 7878.
pub(crate) fn split_authority(authority: &str) -> (&str, Option<u16>) {
    if let Some(rest) = authority.strip_prefix('[') {
        if let Some((ip, after)) = rest.split_once(']') {
            return (ip, after.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
        return (authority, None);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, port.parse().ok()),
        _ => (authority, None),
    }
}

/// The Host of a request (the header, else an absolute URI's).
fn request_host(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()))
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

/// A refusal as JSON for `/api/`, else as a short page.
fn refuse(request: &Request, status: StatusCode, code: &str, message: &str) -> Response {
    if is_api(request) {
        refusal(status, code, message, json!({}))
    } else {
        page(status, message)
    }
}

/// A tiny HTML page with one message.
fn page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"id\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Loket</title><h1>Loket</h1><p>{}</p></html>",
        escape(message)
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Text made safe inside HTML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Refuses a request whose Host is not one the hub answers to.
pub(crate) async fn check_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request_host(&request).unwrap_or_default();
    let (name, _) = split_authority(&host);
    if state.shared.lan.names().allows(name) {
        return next.run(request).await;
    }
    let message = format!(
        "Alamat \"{host}\" tidak dikenal oleh Loket ini. Buka Loket dengan alamat yang tertera \
         di Pengaturan → Jaringan (LAN)."
    );
    refuse(
        &request,
        StatusCode::MISDIRECTED_REQUEST,
        "unknown_host",
        &message,
    )
}

/// Until the first admin exists, the LAN gets only a page that says to make the admin at
/// the desk PC; this machine (loopback) goes on, so the first run can happen.
pub(crate) async fn first_admin(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if state.shared.is_local(peer.ip()) {
        return next.run(request).await;
    }
    let hub = Arc::clone(&state.hub);
    let has = tokio::task::spawn_blocking(move || hub.has_accounts())
        .await
        .unwrap_or(false);
    if has {
        return next.run(request).await;
    }
    refuse(
        &request,
        StatusCode::SERVICE_UNAVAILABLE,
        "first_admin_required",
        "Loket belum disiapkan: admin pertama harus dibuat di komputer meja layanan (loket) \
         itu sendiri, bukan dari jaringan. Setelah itu halaman ini dapat dibuka.",
    )
}

/// Refuses a request that changes state from a page that is not the hub's own.
pub(crate) async fn check_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let reads = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("?").to_owned());
    match origin {
        Some(origin) if !reads && !origin_allowed(&state, &origin) => refusal(
            StatusCode::FORBIDDEN,
            "forbidden_origin",
            "Permintaan dari halaman lain ditolak: ubah data hanya dari halaman Loket sendiri.",
            json!({ "origin": origin }),
        ),
        // A read, a page of the hub itself, or a client that is no browser page (no Origin:
        // the window's IPC never comes here, the command line and the tests send none).
        Some(_) | None => next.run(request).await,
    }
}

/// Whether `origin` is `http(s)://` a name the hub answers to, on the port it is bound to.
fn origin_allowed(state: &AppState, origin: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme {
        "http" => 80,
        "https" => 443,
        // Any other scheme (file:, a browser extension, "null") is refused.
        _other => return false,
    };
    let (name, port) = split_authority(authority);
    port.unwrap_or(default_port) == state.shared.lan.bound.port()
        && state.shared.lan.names().allows(name)
}

/// Reads a request's body whole within the body time limit (and the size limit), so that a
/// client sending it a byte at a time is dropped rather than holding a handler.
pub(crate) async fn read_body(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let read = async {
        let mut bytes = Vec::new();
        let mut chunks = body.into_data_stream();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|_| None)?;
            if bytes.len() + chunk.len() > MAX_BODY {
                return Err(Some(too_large()));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    };
    match tokio::time::timeout(state.shared.limits.body_timeout, read).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(Some(refused))) => refused,
        Ok(Err(None)) => refusal(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Isi permintaan tidak dapat dibaca.",
            json!({}),
        ),
        Err(_) => {
            if let Some(ip) = peer {
                state.shared.drops.note(format_args!(
                    "isi permintaan dari {ip} terlalu lambat; diputus"
                ));
            }
            let mut response = refusal(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "Isi permintaan terlalu lambat dikirim; coba lagi.",
                json!({}),
            );
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            response
        }
    }
}

/// The answer to plain HTTP from the LAN while the LAN speaks HTTPS: a redirect to the same
/// address over `https://` when the Host is one the hub answers to, else a page that says to
/// use https. Nothing else is served in plain text.
pub(crate) fn to_https<B>(request: &axum::http::Request<B>, names: &crate::tls::Names) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let safe_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        && names.allows(split_authority(host).0);
    let mut response = if safe_host && path.starts_with('/') && !path.starts_with("//") {
        let location = format!("https://{host}{path}");
        let mut response = page(
            StatusCode::PERMANENT_REDIRECT,
            &format!("Loket hanya melayani jaringan lewat HTTPS: buka {location}"),
        );
        if let Ok(value) = header::HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    } else {
        page(
            StatusCode::BAD_REQUEST,
            "Loket hanya melayani jaringan lewat HTTPS: buka alamatnya dengan https://.",
        )
    };
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_is_split_from_its_port() {
        assert_eq!(split_authority("127.0.0.1:7878"), ("127.0.0.1", Some(7878)));
        assert_eq!(split_authority("[::1]:7878"), ("::1", Some(7878)));
        assert_eq!(split_authority("loket.local"), ("loket.local", None));
        assert_eq!(split_authority("::1"), ("::1", None));
    }

    #[test]
    fn a_counter_refuses_past_its_limit_and_frees_on_drop() {
        let counter = Counter::default();
        let a = counter.acquire("x", 2).unwrap();
        let _b = counter.acquire("x", 2).unwrap();
        assert!(counter.acquire("x", 2).is_none());
        assert!(counter.acquire("y", 2).is_some());
        drop(a);
        assert!(counter.acquire("x", 2).is_some());
    }
}
