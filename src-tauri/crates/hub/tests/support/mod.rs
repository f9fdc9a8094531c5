//! What the HTTP tests share: a hub serving on a free port of 127.0.0.1 over a database in a
//! temporary folder, and a client for it.
#![allow(dead_code)]

pub mod process;

use std::net::SocketAddr;
use std::sync::Arc;

use loket_hub::server::Limits;
use loket_hub::{Hub, Server};
use reqwest::{header, Client, Response, StatusCode};
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A hub serving on a free port of 127.0.0.1, stopped when dropped.
pub struct Running {
    pub dir: tempfile::TempDir,
    pub bound: SocketAddr,
    pub hub: Arc<Hub>,
    pub base: String,
    pub client: Client,
    pub stop: Option<oneshot::Sender<()>>,
    pub served: Option<JoinHandle<std::io::Result<()>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start() -> Running {
    start_with(Limits::default()).await
}

/// A hub serving with the given time limits and caps.
pub async fn start_with(limits: Limits) -> Running {
    serve_in(tempfile::tempdir().unwrap(), limits).await
}

/// The hub of `stopped` (its server stopped) opened again on the same database and served
/// anew, as at the next start of Loket.
pub async fn restart_with(mut stopped: Running, limits: Limits) -> Running {
    let dir = std::mem::replace(&mut stopped.dir, tempfile::tempdir().unwrap());
    drop(stopped);
    serve_in(dir, limits).await
}

async fn serve_in(dir: tempfile::TempDir, limits: Limits) -> Running {
    let hub = Arc::new(Hub::open(&dir.path().join("loket.db")).unwrap());
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = Server::bind_with(Arc::clone(&hub), listen, limits)
        .await
        .unwrap();
    let bound = server.local_addr().unwrap();
    assert_ne!(bound.port(), 0, "port 0 is replaced by the port given");
    let (stop, stopped) = oneshot::channel::<()>();
    let served = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    Running {
        dir,
        bound,
        hub,
        base: format!("http://{bound}"),
        client: Client::builder().no_proxy().build().unwrap(),
        stop: Some(stop),
        served: Some(served),
    }
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends one operation with the token as `Authorization: Bearer`.
    pub async fn call(&self, token: Option<&str>, request: Value) -> (StatusCode, Value) {
        let mut post = self.client.post(self.url("/api/dispatch")).json(&request);
        if let Some(token) = token {
            post = post.bearer_auth(token);
        }
        answer(post.send().await.unwrap()).await
    }

    /// Sends one operation that must succeed, and returns its answer.
    pub async fn ok(&self, token: Option<&str>, request: Value) -> Value {
        let (status, body) = self.call(token, request.clone()).await;
        assert_eq!(status, StatusCode::OK, "{request} → {body}");
        body
    }

    /// Sends a body as it is, with a JSON content type.
    pub async fn raw(
        &self,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let mut post = self
            .client
            .post(self.url("/api/dispatch"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(token) = token {
            post = post.bearer_auth(token);
        }
        answer(post.send().await.unwrap()).await
    }

    pub async fn login(&self, username: &str, pin: &str) -> String {
        let login = self
            .ok(
                None,
                json!({"op": "auth.login", "args": {"username": username, "pin": pin}}),
            )
            .await;
        login["token"].as_str().unwrap().to_string()
    }

    /// Opens the live event stream with the token as `Authorization: Bearer`.
    pub async fn events(&self, token: &str) -> Response {
        self.client
            .get(self.url("/api/events"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// The status and the JSON body of an answer (a body that is not JSON fails the test).
pub async fn answer(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: the body is not JSON ({e}): {text}"));
    (status, body)
}

/// A hub (not served) over a database filled by loket-core's generator, with the admin's and
/// the receptionist's sessions: for what a desk does beside a large report.
pub struct GeneratedDesk {
    pub dir: tempfile::TempDir,
    pub hub: Arc<Hub>,
    pub admin: String,
    pub desk: String,
    /// How many visits the generator wrote.
    pub visits: usize,
}

/// `visits` visits on the working days `from`..=`to` (Balangan, Bagian Perekonomian), as
/// `loket-hub generate` makes them, then the first admin and a receptionist made through
/// [`Hub::handle`] from the desk PC's window. The hub does no upkeep (no backup, no
/// retention), so only what is measured runs.
pub fn generated_desk(from: &str, to: &str, visits: usize) -> GeneratedDesk {
    use loket_core::auth::Caller;
    use loket_core::demo::{bulk, DemoDesk};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loket.db");
    let mut store = loket_core::open_with_standards(&path).unwrap();
    let day = |text| loket_core::period::parse_day("Tanggal", text).unwrap();
    let made = bulk::generate(
        &mut store,
        day(from),
        day(to),
        visits,
        DemoDesk::Perekonomian,
    )
    .unwrap();
    // What the generator wrote goes into the database file now, not by the hub's
    // checkpointer while the desk is being measured.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let hub = Arc::new(Hub::new(store));
    let admin = hub
        .handle(
            Caller::Window,
            None,
            json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": "258046"}}),
        )
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    hub.handle(
        Caller::Window,
        Some(&admin),
        json!({"op": "auth.save_account", "args": {"username": "resepsionis", "display_name": "Resepsionis", "role": "resepsionis", "pin": "135792"}}),
    )
    .unwrap();
    let desk = hub
        .handle(
            Caller::Window,
            None,
            json!({"op": "auth.login", "args": {"username": "resepsionis", "pin": "135792"}}),
        )
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    GeneratedDesk {
        dir,
        hub,
        admin,
        desk,
        visits: made.visits,
    }
}

impl GeneratedDesk {
    /// The `n`-th new guest checked in at the desk through [`Hub::handle`], as the window does.
    pub fn check_in(&self, n: u32) -> loket_core::CoreResult<Value> {
        let request = json!({"op": "desk.check_in", "args": {
            "guest": {"name": format!("Tamu Ekspor {n}"), "id_type": "ktp",
                      "id_number": format!("631101120385{:04}", 1 + n % 9_999)},
            "service": "balangan-perekonomian-1", "purpose": "Konsultasi", "admitted_note": "uji"}});
        self.hub
            .handle(loket_core::auth::Caller::Window, Some(&self.desk), request)
    }

    /// The guest log of `from`..=`to` in `format` through [`Hub::export`], as the chief's
    /// download does (the admin may export too).
    pub fn export(
        &self,
        from: &str,
        to: &str,
        format: &str,
    ) -> loket_core::CoreResult<loket_core::report::Export> {
        let args = loket_core::api::ExportArgs {
            from: from.into(),
            to: Some(to.into()),
            format: format.into(),
        };
        self.hub.export(Some(&self.admin), args)
    }
}
