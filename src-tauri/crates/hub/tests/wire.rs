//! The wire between the hub and the office LAN, where an attacker reads and rewrites plain
//! traffic and opens pages in office browsers: HTTPS with the office CA, plain HTTP for this
//! machine only, the Host and Origin checks, the event stream's token and its end with the
//! session, time limits and caps against slow and flooding clients, and the first run kept
//! to the desk PC. Every test fails if its door reopens.
//!
//! Only loopback is ever connected to: a device on the LAN is stood in for by 127.0.0.2
//! ([`Limits::lan_stand_ins`]).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use loket_hub::server::Limits;
use reqwest::{header, Client, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

mod support;
use support::{answer, start, start_with, Running};

const ADMIN_PIN: &str = "258046";

/// A stand-in for a phone on the LAN.
fn phone() -> IpAddr {
    "127.0.0.2".parse().unwrap()
}

/// The office CA the hub made on its first run, read from its `tls/` folder.
fn office_ca(r: &Running) -> String {
    std::fs::read_to_string(r.dir.path().join("tls").join("loket-ca.crt")).unwrap()
}

/// An HTTPS client that trusts `ca` alone (ring, no system roots), sending every name in
/// `names` to the hub's address.
fn https_client(ca: &str, bound: SocketAddr, names: &[&str]) -> Client {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca.as_bytes()).unwrap())
        .unwrap();
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut builder = Client::builder()
        .no_proxy()
        .tls_backend_preconfigured(config);
    for name in names {
        builder = builder.resolve(name, bound);
    }
    builder.build().unwrap()
}

/// Makes the first admin over loopback and answers its session.
async fn bootstrap(r: &Running) -> String {
    r.ok(
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": ADMIN_PIN, "display_name": "Admin"}}),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A raw HTTP/1.1 request over TCP from `from` (a loopback address), answered whole.
async fn raw_from(from: IpAddr, to: SocketAddr, request: &str) -> String {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let mut stream = socket.connect(to).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the hub answers and closes")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_office_ca_as_the_only_root_names_loopback_and_nothing_else() {
    let r = start().await;
    let ca = office_ca(&r);
    // The page of the certificate gives the same CA, with its fingerprint and instructions.
    let served = r.get("/sertifikat/loket-ca.crt").await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.text().await.unwrap(), ca);
    let page = r.get("/sertifikat").await.text().await.unwrap();
    for needed in [
        "Windows",
        "Android",
        "iOS",
        "Linux",
        "SHA-256",
        "ca-fingerprint",
    ] {
        assert!(page.contains(needed), "{needed} missing from /sertifikat");
    }
    let port = r.bound.port();
    let client = https_client(&ca, r.bound, &["localhost", "evil.example"]);
    for host in ["127.0.0.1", "localhost"] {
        let index = client
            .get(format!("https://{host}:{port}/"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("HTTPS to {host}: {e:?}"));
        assert_eq!(index.status(), StatusCode::OK, "{host}");
    }
    let status = client
        .post(format!("https://127.0.0.1:{port}/api/dispatch"))
        .json(&json!({"op": "auth.status"}))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), StatusCode::OK);
    // A name the certificate does not carry fails the handshake.
    let wrong = client
        .get(format!("https://evil.example:{port}/"))
        .send()
        .await;
    assert!(
        wrong.is_err(),
        "a name not in the certificate must not verify"
    );
    // Another CA does not vouch for the hub.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let stranger = https_client(&other.cert.pem(), r.bound, &[]);
    assert!(stranger
        .get(format!("https://127.0.0.1:{port}/"))
        .send()
        .await
        .is_err());
    // Plain HTTP from this machine is still served on the same port.
    assert_eq!(r.get("/").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_from_the_lan_only_redirects_to_https() {
    let r = start_with(Limits {
        lan_stand_ins: vec![phone()],
        ..Limits::default()
    })
    .await;
    bootstrap(&r).await;
    let host = r.bound.to_string();
    let answer = raw_from(
        phone(),
        r.bound,
        &format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status_of(&answer), 308, "{answer}");
    assert!(
        answer
            .to_lowercase()
            .contains(&format!("location: https://{host}/index.html")),
        "{answer}"
    );
    let api = raw_from(
        phone(),
        r.bound,
        &format!(
            "POST /api/dispatch HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: 20\r\nConnection: close\r\n\r\n{{\"op\":\"auth.status\"}}"
        ),
    )
    .await;
    assert!(!api.contains("has_accounts"), "no API in plain text: {api}");
    // No redirect to a name the hub does not answer to.
    let elsewhere = raw_from(
        phone(),
        r.bound,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&elsewhere), 400, "{elsewhere}");
    assert!(
        !elsewhere.to_lowercase().contains("location:"),
        "{elsewhere}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_the_first_admin_the_lan_gets_only_a_page_that_says_so() {
    let r = start_with(Limits {
        lan_stand_ins: vec![phone()],
        ..Limits::default()
    })
    .await;
    let ca = office_ca(&r);
    // The phone speaks HTTPS from 127.0.0.2: a client bound to that address.
    let phone_client = |ca: &str| {
        use rustls::pki_types::pem::PemObject;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(rustls::pki_types::CertificateDer::from_pem_slice(ca.as_bytes()).unwrap())
            .unwrap();
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        Client::builder()
            .no_proxy()
            .local_address(phone())
            .tls_backend_preconfigured(config)
            .build()
            .unwrap()
    };
    let client = phone_client(&ca);
    let base = format!("https://127.0.0.1:{}", r.bound.port());
    let bootstrap_over_lan = client
        .post(format!("{base}/api/dispatch"))
        .json(&json!({"op": "auth.bootstrap", "args": {"username": "evil", "pin": "482691"}}))
        .send()
        .await
        .unwrap();
    let (status, body) = answer(bootstrap_over_lan).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "first_admin_required");
    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text().await.unwrap().contains("komputer meja layanan"));
    // The desk PC makes the admin; then the phone is served.
    bootstrap(&r).await;
    let after = client
        .post(format!("{base}/api/dispatch"))
        .json(&json!({"op": "auth.status"}))
        .send()
        .await
        .unwrap();
    let (status, body) = answer(after).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["has_accounts"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_the_hub_does_not_answer_to_is_refused_on_every_route() {
    let r = start().await;
    for (request, json) in [
        ("GET / HTTP/1.1", false),
        ("GET /display.html HTTP/1.1", false),
        ("GET /api/events HTTP/1.1", true),
    ] {
        let answer = raw_from(
            "127.0.0.1".parse().unwrap(),
            r.bound,
            &format!(
                "{request}\r\nHost: rebind.evil.example:{}\r\nConnection: close\r\n\r\n",
                r.bound.port()
            ),
        )
        .await;
        assert_eq!(status_of(&answer), 421, "{request}: {answer}");
        assert!(answer.contains("tidak dikenal"), "{answer}");
        assert_eq!(
            answer.contains("\"code\":\"unknown_host\""),
            json,
            "{answer}"
        );
    }
    let post = raw_from(
        "127.0.0.1".parse().unwrap(),
        r.bound,
        "POST /api/dispatch HTTP/1.1\r\nHost: rebind.evil.example\r\nContent-Type: application/json\r\n\
         Content-Length: 20\r\nConnection: close\r\n\r\n{\"op\":\"auth.status\"}",
    )
    .await;
    assert_eq!(status_of(&post), 421, "{post}");
    assert!(!post.contains("has_accounts"));
    // The names it answers to.
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        let answer = raw_from(
            "127.0.0.1".parse().unwrap(),
            r.bound,
            &format!(
                "GET / HTTP/1.1\r\nHost: {host}:{}\r\nConnection: close\r\n\r\n",
                r.bound.port()
            ),
        )
        .await;
        assert_eq!(status_of(&answer), 200, "{host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_a_page_of_another_origin_is_refused() {
    let r = start().await;
    let port = r.bound.port();
    let post = |origin: String| {
        r.client
            .post(r.url("/api/dispatch"))
            .header(header::ORIGIN, origin)
            .json(&json!({"op": "auth.status"}))
            .send()
    };
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "null".to_string(),
        format!("ftp://127.0.0.1:{port}"),
    ] {
        let (status, body) = answer(post(origin.clone()).await.unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}: {body}");
        assert_eq!(body["code"], "forbidden_origin");
        assert!(body["message"].as_str().unwrap().contains("ditolak"));
        assert!(body.get("details").is_some());
    }
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("https://localhost:{port}"),
    ] {
        let (status, body) = answer(post(origin.clone()).await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{origin}: {body}");
    }
    // Without an Origin (curl, the load tool) the request goes on.
    let (status, _) = r.call(None, json!({"op": "auth.status"})).await;
    assert_eq!(status, StatusCode::OK);
}

/// Waits for `response`'s stream to end; `false` when it is still open after `within`.
async fn ends_within(response: &mut reqwest::Response, within: Duration) -> bool {
    tokio::time::timeout(within, async {
        while let Ok(Some(_)) = response.chunk().await {}
    })
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_never_takes_its_token_from_the_url_and_ends_with_its_session() {
    let r = start_with(Limits {
        streams_per_session: 2,
        ..Limits::default()
    })
    .await;
    let admin = bootstrap(&r).await;
    // A token in the address is refused, even a good one.
    let (status, body) = answer(r.get(&format!("/api/events?token={admin}")).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "token_in_url");
    let with_header = r
        .client
        .get(r.url(&format!("/api/events?token={admin}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(with_header.status(), StatusCode::BAD_REQUEST);

    // A second session of the same admin, with its own stream.
    let other = r.login("admin", ADMIN_PIN).await;
    let mut first = r.events(&admin).await;
    assert_eq!(first.status(), StatusCode::OK);
    let mut second = r.events(&admin).await;
    assert_eq!(second.status(), StatusCode::OK);
    // The cap on streams per session.
    let (status, body) = answer(r.events(&admin).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let mut others = r.events(&other).await;
    assert_eq!(others.status(), StatusCode::OK);

    // Logging out ends the session's streams within a couple of seconds, not the others'.
    let started = Instant::now();
    r.ok(Some(&admin), json!({"op": "auth.logout"})).await;
    assert!(
        ends_within(&mut first, Duration::from_secs(2)).await,
        "the stream outlived its session"
    );
    assert!(ends_within(&mut second, Duration::from_secs(2)).await);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        !ends_within(&mut others, Duration::from_millis(300)).await,
        "another session's stream goes on"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_ends_at_the_next_tick_once_its_session_is_gone_without_a_word() {
    let r = start_with(Limits {
        keep_alive: Duration::from_millis(500),
        ..Limits::default()
    })
    .await;
    let admin = bootstrap(&r).await;
    let display = r
        .ok(
            Some(&admin),
            json!({"op": "auth.create_display", "args": {"name": "TV"}}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut stream = r.events(&display).await;
    assert_eq!(stream.status(), StatusCode::OK);
    // The session ends behind the hub's back (as an expiry does): the next tick notices.
    let db = r.dir.path().join("loket.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE session SET ended_at = '2000-01-01T00:00:00+00:00'",
        [],
    )
    .unwrap();
    drop(conn);
    assert!(ends_within(&mut stream, Duration::from_secs(3)).await);
}

/// Opens a connection from `from` to `to`.
async fn connect_from(from: IpAddr, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    socket.connect(to).await.unwrap()
}

/// Whether the hub closed `stream` (a read ends or fails) within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_flooding_clients_are_dropped_while_the_desk_answers() {
    let r = start_with(Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        connections_per_client: 30,
        ..Limits::default()
    })
    .await;
    bootstrap(&r).await;
    let host = r.bound.to_string();
    // 30 connections from one client (127.0.0.2, served plain HTTP as loopback, so that its
    // slow requests reach the time limits rather than a redirect): ten silent, ten sending their headers a byte at a
    // time, ten sending half a body and no more.
    let mut silent = Vec::new();
    let mut slow_headers = Vec::new();
    let mut slow_bodies = Vec::new();
    for _ in 0..10 {
        silent.push(connect_from(phone(), r.bound).await);
        let mut s = connect_from(phone(), r.bound).await;
        s.write_all(b"GET / HTTP/1.1\r\nHo").await.unwrap();
        slow_headers.push(s);
        let mut b = connect_from(phone(), r.bound).await;
        b.write_all(
            format!(
                "POST /api/dispatch HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
                 Content-Length: 100\r\n\r\n{{\"op\":"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        slow_bodies.push(b);
    }
    // The 31st from the same client is turned away: its request gets no answer at all.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut over = connect_from(phone(), r.bound).await;
    let _ = over
        .write_all(
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await;
    let mut turned_away = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), over.read_to_end(&mut turned_away)).await;
    assert!(
        turned_away.is_empty(),
        "a connection over the per-client cap is served: {}",
        String::from_utf8_lossy(&turned_away)
    );
    // Keep the slow headers trickling.
    for s in &mut slow_headers {
        let _ = s.write_all(b"s").await;
    }
    // The desk answers promptly meanwhile.
    let started = Instant::now();
    let (status, _) = r.call(None, json!({"op": "auth.status"})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the desk waited {:?}",
        started.elapsed()
    );
    // After the time limit every slow one is closed.
    for (kind, streams) in [("silent", &mut silent), ("slow headers", &mut slow_headers)] {
        for s in streams.iter_mut() {
            assert!(
                closed_within(s, Duration::from_secs(3)).await,
                "a {kind} connection outlived the time limit"
            );
        }
    }
    for b in &mut slow_bodies {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(3), b.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "a slow body outlived the time limit");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.is_empty() || status_of(&answer) == 408, "{answer}");
    }
    // A kept-alive connection idle past the limit is closed too.
    let mut idle = TcpStream::connect(r.bound).await.unwrap();
    idle.write_all(format!("GET /display.html HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_within(&mut idle, Duration::from_secs(4)).await,
        "an idle keep-alive connection stays"
    );
    // The client is welcome again once its connections are gone.
    let answer = raw_from(
        phone(),
        r.bound,
        &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status_of(&answer), 200, "{answer}");
}

/// Stores the connection mode as the admin does in Pengaturan, over loopback.
async fn choose_tls(r: &Running, admin: &str, tls: serde_json::Value) {
    r.ok(
        Some(admin),
        json!({"op": "lan.set_listen", "args": {"all_interfaces": false, "ip": "127.0.0.1", "port": 7878, "tls": tls}}),
    )
    .await;
}

/// A second hub over the database of `r` (stopped first), with `limits`.
async fn restart(mut r: Running, limits: Limits) -> Running {
    r.stop.take().unwrap().send(()).unwrap();
    r.served.take().unwrap().await.unwrap().unwrap();
    support::restart_with(r, limits).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offices_own_certificate_is_served_when_the_admin_chooses_it() {
    let r = start().await;
    let admin = bootstrap(&r).await;
    // The office's own chain and key (here made by a test CA of its own).
    let issued =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let cert = r.dir.path().join("setda.crt");
    let key = r.dir.path().join("setda.key");
    std::fs::write(&cert, issued.cert.pem()).unwrap();
    std::fs::write(&key, issued.signing_key.serialize_pem()).unwrap();
    choose_tls(
        &r,
        &admin,
        json!({"mode": "own", "cert_path": cert, "key_path": key}),
    )
    .await;
    let r = restart(r, Limits::default()).await;
    let client = https_client(&issued.cert.pem(), r.bound, &[]);
    let page = client
        .get(format!("https://127.0.0.1:{}/", r.bound.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    // The Loket CA does not vouch for it.
    let loket = https_client(&office_ca(&r), r.bound, &[]);
    assert!(loket
        .get(format!("https://127.0.0.1:{}/", r.bound.port()))
        .send()
        .await
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_on_the_lan_only_when_the_admin_turns_it_on_knowingly() {
    let r = start().await;
    let admin = bootstrap(&r).await;
    // Not without saying so.
    let (status, body) = r
        .call(
            Some(&admin),
            json!({"op": "lan.set_listen", "args": {"all_interfaces": true, "port": 7878, "tls": {"mode": "http"}}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["details"]["field"], "Mode koneksi", "{body}");
    choose_tls(
        &r,
        &admin,
        json!({"mode": "http", "accept_unencrypted": true}),
    )
    .await;
    let setting = r.ok(Some(&admin), json!({"op": "lan.listen"})).await;
    assert_eq!(setting["unencrypted"], true);
    assert!(setting["tls_label"]
        .as_str()
        .unwrap()
        .contains("Koneksi tidak terenkripsi"));
    let r = restart(
        r,
        Limits {
            lan_stand_ins: vec![phone()],
            ..Limits::default()
        },
    )
    .await;
    let host = r.bound.to_string();
    let answer = raw_from(
        phone(),
        r.bound,
        &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status_of(&answer), 200, "{answer}");
    let page = r.get("/sertifikat").await.text().await.unwrap();
    assert!(page.contains("Koneksi tidak terenkripsi"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_pin_or_role_ends_the_accounts_open_streams() {
    let r = start().await;
    let admin = bootstrap(&r).await;
    let saved = r
        .ok(
            Some(&admin),
            json!({"op": "auth.save_account", "args": {"username": "siti", "display_name": "Siti", "role": "resepsionis", "pin": "135792"}}),
        )
        .await;
    let id = saved["id"].as_i64().expect("the account's id");
    let edit = |role: &str, pin: Option<&str>| json!({"op": "auth.save_account", "args": {"id": id, "username": "siti", "display_name": "Siti", "role": role, "pin": pin}});
    let desk = r.login("siti", "135792").await;
    let mut stream = r.events(&desk).await;
    assert_eq!(stream.status(), StatusCode::OK);
    r.ok(Some(&admin), edit("resepsionis", Some("975318")))
        .await;
    assert!(
        ends_within(&mut stream, Duration::from_secs(2)).await,
        "a new PIN ends the stream of the old session"
    );
    let desk = r.login("siti", "975318").await;
    let mut stream = r.events(&desk).await;
    assert_eq!(stream.status(), StatusCode::OK);
    r.ok(Some(&admin), edit("kepala_bagian", None)).await;
    assert!(
        ends_within(&mut stream, Duration::from_secs(2)).await,
        "a new role ends the stream"
    );
}
