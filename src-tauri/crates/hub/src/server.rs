//! The hub's LAN server: browsers of officials, chiefs and waiting-room displays on the
//! office's network reach the same dispatcher as the desktop window.
//!
//! Routes:
//! - `POST /api/dispatch`: `{"op", "args"}` as JSON, with the session token as
//!   `Authorization: Bearer <token>` or a `loket_session` cookie, answered by [`Hub::handle`];
//!   a refusal is the `CoreError` JSON with a status that says what kind it is.
//! - `POST /api/export`: `{"from", "to", "format"}`, the guest log as a file to download.
//! - `GET /api/events?token=…`: every [`crate::Change`] as a server-sent event, for a live
//!   session.
//! - `GET /audio/<clip>.wav`: the display's voice clips; every other `GET` path: the UI.
//!
//! The UI is served from the same origin, so there is no CORS at all; every answer carries a
//! strict Content-Security-Policy.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use loket_core::auth::Caller;
use loket_core::CoreError;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::{assets, Change, Hub};

/// Largest request body accepted.
pub const MAX_BODY: usize = 256 * 1024;
/// How often a live screen's event stream gets a keep-alive comment.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The cookie a browser may carry its session token in.
pub const SESSION_COOKIE: &str = "loket_session";
/// The port officials open when nothing else is said.
pub const DEFAULT_PORT: u16 = loket_core::network::DEFAULT_PORT;

/// What every answer allows the browser to load: only this origin's own files.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The listen address when nothing else is said: every interface, port [`DEFAULT_PORT`].
pub fn default_listen() -> SocketAddr {
    loket_core::network::default_listen()
}

/// Serves the hub on `listen` until the process ends.
pub async fn serve(hub: Arc<Hub>, listen: SocketAddr) -> io::Result<()> {
    Server::bind(hub, listen).await?.run().await
}

/// A hub bound to its address and not yet serving: binding first tells whether the port is
/// free, and which port was given for port 0.
pub struct Server {
    listener: TcpListener,
    hub: Arc<Hub>,
}

impl Server {
    /// Binds `listen`; fails when the address is taken or not this machine's.
    pub async fn bind(hub: Arc<Hub>, listen: SocketAddr) -> io::Result<Server> {
        let listener = TcpListener::bind(listen).await?;
        Ok(Server { listener, hub })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
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
        let app = router(AppState {
            hub: self.hub,
            stopping,
        });
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop.send(true);
        })
        .await
    }
}

/// What every handler gets: the hub, and whether the server is stopping.
#[derive(Clone)]
struct AppState {
    hub: Arc<Hub>,
    stopping: watch::Receiver<bool>,
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/dispatch", post(dispatch))
        .route("/api/export", post(export))
        .route("/api/events", get(events))
        .route("/", get(index))
        .route("/audio/{clip}", get(audio))
        .route("/{*path}", get(ui_file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
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

/// The query of `GET /api/events`.
#[derive(Deserialize)]
struct EventsQuery {
    token: Option<String>,
}

/// `GET /api/events`: the changes, as server-sent events, for as long as the screen listens
/// (or the server runs).
async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Response {
    let token = query
        .ok()
        .and_then(|Query(q)| q.token)
        .or_else(|| session_token(&headers));
    let hub = state.hub.clone();
    match tokio::task::spawn_blocking(move || hub.authenticate(token.as_deref())).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return error_response(&e),
        Err(_) => return error_response(&interrupted()),
    }
    let changes = change_stream(state.hub.subscribe(), state.stopping);
    Sse::new(changes)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// The changes from `changes` as events, until the server stops. A screen that fell behind
/// skips what it missed and goes on with the newer changes.
fn change_stream(
    changes: broadcast::Receiver<Change>,
    stopping: watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(changes, |mut changes| async move {
        loop {
            match changes.recv().await {
                Ok(change) => return Some((Ok(change_event(&change)), changes)),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
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

fn not_found_page() -> Response {
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
fn refusal(status: StatusCode, code: &str, message: &str, details: Value) -> Response {
    let body = json!({ "code": code, "message": message, "details": details });
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

fn too_large() -> Response {
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
