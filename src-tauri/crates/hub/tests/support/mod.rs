//! What the HTTP tests share: a hub serving on a free port of 127.0.0.1 over a database in a
//! temporary folder, and a client for it.
#![allow(dead_code)]

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
