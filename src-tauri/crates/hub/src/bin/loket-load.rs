//! `loket-load`: puts a running hub under the load of a busy office and says how it held up.
//!
//! Against `loket-hub serve` (`--url`), it runs for `--seconds`: receptionists checking
//! guests in, officials calling the next guest, starting, finishing and reading their queue,
//! and waiting-room displays listening on `/api/events` and reading `display.state` on each
//! change — all over the same HTTP API the browsers use. Then it prints the throughput, the
//! p50/p99 latency of each kind of operation, the errors, and the duplicates that must never
//! happen: a visit called by two officials, or a ticket issued twice.
//!
//! With `--setup` it first sets up a fresh database over HTTP (the first admin, a Balangan
//! Perekonomian desk, one official and account per `--officials`); without it, it logs in as
//! the admin and acts as the officials already there. The figures go to BENCHMARKS.md.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const SERVICES: [&str; 2] = ["balangan-perekonomian-1", "balangan-perekonomian-2"];
const PIN: &str = "135792";

#[derive(Debug, Parser)]
#[command(
    name = "loket-load",
    about = "Beban uji untuk loket-hub yang sedang berjalan."
)]
struct Args {
    /// The hub's address.
    #[arg(long, default_value = "http://127.0.0.1:7878")]
    url: String,
    /// Officials calling guests at once.
    #[arg(long, default_value_t = 50)]
    officials: usize,
    /// Waiting-room displays listening for changes.
    #[arg(long, default_value_t = 5)]
    displays: usize,
    /// Receptionists checking guests in at once.
    #[arg(long, default_value_t = 2)]
    desks: usize,
    /// An official's pause between two guests (and after finding nobody waiting), in
    /// milliseconds, with the receptionists paced to match; 0 hammers the hub as fast as it
    /// answers.
    #[arg(long, default_value_t = 0)]
    pause_ms: u64,
    /// How long to run.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Set up a fresh database first (admin, office, officials, accounts).
    #[arg(long)]
    setup: bool,
    /// The admin's user name.
    #[arg(long, default_value = "admin")]
    admin: String,
    /// The admin's PIN.
    #[arg(long, default_value = "258046")]
    admin_pin: String,
    /// Clients sending wrong PINs as fast as the hub answers, each from a loopback address
    /// of its own (127.0.1.N) with a new unknown user name each time: the login flood the
    /// desk must not feel.
    #[arg(long, default_value_t = 0)]
    wrong_pins: usize,
}

/// What every worker reports: latencies per operation kind, errors, what was called and issued.
#[derive(Default)]
struct Tally {
    latency: HashMap<&'static str, Vec<Duration>>,
    errors: HashMap<String, u64>,
    /// Every visit an official's call-next got, with the official.
    called: Vec<(i64, i64)>,
    tickets: Vec<String>,
    events_heard: u64,
}

type Shared = Arc<Mutex<Tally>>;

/// One operation; its latency is tallied under `kind` when it is answered at all.
async fn op(
    client: &Client,
    url: &str,
    token: &str,
    kind: &'static str,
    request: Value,
    tally: &Shared,
) -> Option<(StatusCode, Value)> {
    let started = Instant::now();
    let sent = client
        .post(format!("{url}/api/dispatch"))
        .bearer_auth(token)
        .json(&request)
        .send()
        .await;
    let answer = match sent {
        Ok(response) => {
            let status = response.status();
            response
                .json::<Value>()
                .await
                .ok()
                .map(|body| (status, body))
        }
        Err(_) => None,
    };
    let elapsed = started.elapsed();
    let mut t = tally.lock().unwrap();
    match &answer {
        Some((status, body)) => {
            t.latency.entry(kind).or_default().push(elapsed);
            let nobody_waits = kind == "queue.call_next" && *status == StatusCode::CONFLICT;
            if !status.is_success() && !nobody_waits {
                let key = format!("{kind} {status}: {}", body["message"]);
                *t.errors.entry(key).or_default() += 1;
            }
        }
        None => *t.errors.entry(format!("{kind}: no answer")).or_default() += 1,
    }
    answer
}

/// An answer that must be `200 OK`, during setup.
async fn must(client: &Client, url: &str, token: Option<&str>, request: Value) -> Value {
    let mut post = client.post(format!("{url}/api/dispatch")).json(&request);
    if let Some(token) = token {
        post = post.bearer_auth(token);
    }
    let response = post.send().await.expect("the hub answers");
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON answer");
    assert!(status.is_success(), "{request} → {status} {body}");
    body
}

fn token_of(body: &Value) -> String {
    body["token"].as_str().expect("a token").to_string()
}

/// The admin's session and each official's id with the session it acts through.
async fn prepare(client: &Client, a: &Args) -> (String, Vec<(i64, String)>) {
    let login =
        |user: &str, pin: &str| json!({"op": "auth.login", "args": {"username": user, "pin": pin}});
    if !a.setup {
        let admin = token_of(&must(client, &a.url, None, login(&a.admin, &a.admin_pin)).await);
        let office = must(client, &a.url, Some(&admin), json!({"op": "office.get"})).await;
        let officials = office["officials"]
            .as_array()
            .expect("office.get lists the officials")
            .iter()
            .filter_map(|o| o["id"].as_i64())
            .take(a.officials)
            .map(|id| (id, admin.clone()))
            .collect();
        return (admin, officials);
    }
    let bootstrap =
        json!({"op": "auth.bootstrap", "args": {"username": a.admin, "pin": a.admin_pin}});
    let admin = token_of(&must(client, &a.url, None, bootstrap).await);
    let setup = json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": 50}});
    must(client, &a.url, Some(&admin), setup).await;
    let mut officials = Vec::new();
    for n in 0..a.officials {
        let official = json!({"op": "office.save_official", "args": {"name": format!("Pejabat {n}"), "title": "Kasubbag", "room": format!("Ruang {n}"), "services": SERVICES}});
        let id = must(client, &a.url, Some(&admin), official).await["id"]
            .as_i64()
            .expect("the official's id");
        let user = format!("pejabat{n}");
        let account = json!({"op": "auth.save_account", "args": {"username": user, "display_name": user, "role": "pejabat", "official_id": id, "pin": PIN}});
        must(client, &a.url, Some(&admin), account).await;
        officials.push((
            id,
            token_of(&must(client, &a.url, None, login(&user, PIN)).await),
        ));
    }
    (admin, officials)
}

/// A NIK of the form the desk accepts (Balangan, a real birth date), different for every `n`.
fn nik(n: u64) -> String {
    let serial = 1 + n % 9999;
    let day = 1 + (n / 9999) % 28;
    let month = 1 + (n / (9999 * 28)) % 12;
    format!("631101{day:02}{month:02}85{serial:04}")
}

/// A receptionist checking guests in, one after another.
async fn desk(
    client: Client,
    url: String,
    token: String,
    n: usize,
    pause: Duration,
    until: Instant,
    tally: Shared,
) {
    let mut i = 0u64;
    while Instant::now() < until {
        tokio::time::sleep(pause).await;
        i += 1;
        let request = json!({"op": "desk.check_in", "args": {
            "guest": {"name": format!("Tamu {n}-{i}"), "id_type": "ktp", "id_number": nik(i * 64 + n as u64)},
            "service": SERVICES[(i % 2) as usize], "purpose": "Konsultasi", "admitted_note": "uji beban"}});
        if let Some((status, body)) =
            op(&client, &url, &token, "desk.check_in", request, &tally).await
        {
            if status.is_success() {
                let ticket = body["ticket"].as_str().unwrap_or_default().to_string();
                tally.lock().unwrap().tickets.push(ticket);
            }
        }
    }
}

/// A client on the LAN guessing PINs as fast as the hub answers, from its own address; each
/// answer is tallied as `login (salah)` when the PIN was checked, `login (ditahan)` when the
/// throttle refused it before any check.
async fn guesser(url: String, n: usize, until: Instant, tally: Shared) {
    let from = std::net::IpAddr::from([127, 0, 1, (n % 250 + 1) as u8]);
    let client = Client::builder()
        .no_proxy()
        .local_address(from)
        .build()
        .expect("an HTTP client");
    let mut i = 0u64;
    while Instant::now() < until {
        i += 1;
        let request = json!({"op": "auth.login", "args": {"username": format!("tebak{n}x{i}"), "pin": "111222"}});
        let started = Instant::now();
        let answer = client
            .post(format!("{url}/api/dispatch"))
            .json(&request)
            .send()
            .await;
        let elapsed = started.elapsed();
        let message = match answer {
            Ok(response) => response.json::<Value>().await.ok(),
            Err(_) => None,
        };
        let kind = match message.as_ref().and_then(|m| m["message"].as_str()) {
            Some(m) if m.starts_with("Akun dikunci") || m.starts_with("Terlalu") => {
                "login (ditahan)"
            }
            Some(_) => "login (salah)",
            None => {
                *tally
                    .lock()
                    .unwrap()
                    .errors
                    .entry("login: no answer".into())
                    .or_default() += 1;
                continue;
            }
        };
        tally
            .lock()
            .unwrap()
            .latency
            .entry(kind)
            .or_default()
            .push(elapsed);
    }
}

/// An official: reads the queue, calls the next guest, starts and finishes; pausing between
/// guests, and first waiting `start_after`.
async fn official(
    client: Client,
    url: String,
    token: String,
    id: i64,
    (pause, start_after): (Duration, Duration),
    until: Instant,
    tally: Shared,
) {
    tokio::time::sleep(start_after).await;
    while Instant::now() < until {
        tokio::time::sleep(pause).await;
        let who = json!({"official_id": id});
        op(
            &client,
            &url,
            &token,
            "queue.list",
            json!({"op": "queue.list", "args": who}),
            &tally,
        )
        .await;
        let next = op(
            &client,
            &url,
            &token,
            "queue.call_next",
            json!({"op": "queue.call_next", "args": who}),
            &tally,
        )
        .await;
        let visit = match next {
            Some((status, body)) if status.is_success() => body["id"].as_i64().unwrap_or_default(),
            _ => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        tally.lock().unwrap().called.push((visit, id));
        let args = json!({"official_id": id, "visit_id": visit});
        op(
            &client,
            &url,
            &token,
            "queue.start",
            json!({"op": "queue.start", "args": args}),
            &tally,
        )
        .await;
        let finish = json!({"op": "queue.finish", "args": {"official_id": id, "visit_id": visit, "outcome": {"result": "Sudah dijelaskan", "closed": true}}});
        op(&client, &url, &token, "queue.finish", finish, &tally).await;
    }
}

/// The shortest time between two reads of a display, as `ui/js/display.js` keeps it.
const DISPLAY_GAP: Duration = Duration::from_millis(250);

/// A waiting-room display: listens on `/api/events` and reads `display.state` after each
/// change, at most once per [`DISPLAY_GAP`].
async fn display(client: Client, url: String, token: String, until: Instant, tally: Shared) {
    // The token in a header, as the browsers send it: the hub refuses it in the address.
    let Ok(mut events) = client
        .get(format!("{url}/api/events"))
        .bearer_auth(&token)
        .send()
        .await
        .and_then(|r| r.error_for_status())
    else {
        *tally
            .lock()
            .unwrap()
            .errors
            .entry("events: no answer".into())
            .or_default() += 1;
        return;
    };
    // The stream is read all the time, as a browser's EventSource does; changes heard while
    // the state is being read are answered by one read after it.
    let changed = Arc::new(tokio::sync::Notify::new());
    let listener = {
        let (changed, tally) = (Arc::clone(&changed), Arc::clone(&tally));
        tokio::spawn(async move {
            loop {
                match events.chunk().await {
                    Ok(Some(chunk)) => {
                        let heard = chunk.windows(5).filter(|w| w == b"data:").count() as u64;
                        tally.lock().unwrap().events_heard += heard;
                        if heard > 0 {
                            changed.notify_one();
                        }
                    }
                    _ => {
                        *tally
                            .lock()
                            .unwrap()
                            .errors
                            .entry("events: stream ended".into())
                            .or_default() += 1;
                        return;
                    }
                }
            }
        })
    };
    let mut last_read: Option<Instant> = None;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if tokio::time::timeout(left, changed.notified())
            .await
            .is_err()
        {
            break;
        }
        // As display.js does: at most one read per DISPLAY_GAP.
        if let Some(at) = last_read {
            tokio::time::sleep_until((at + DISPLAY_GAP).into()).await;
        }
        last_read = Some(Instant::now());
        op(
            &client,
            &url,
            &token,
            "display.state",
            json!({"op": "display.state"}),
            &tally,
        )
        .await;
    }
    listener.abort();
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(tally: Tally, seconds: f64) {
    let mut kinds: Vec<_> = tally.latency.into_iter().collect();
    kinds.sort_by_key(|(k, _)| *k);
    let total: usize = kinds.iter().map(|(_, v)| v.len()).sum();
    println!(
        "{total} requests in {seconds:.1} s: {:.0} per second",
        total as f64 / seconds
    );
    println!(
        "{:<18} {:>8} {:>8} {:>9} {:>9} {:>9}",
        "operation", "count", "per s", "p50 ms", "p99 ms", "max ms"
    );
    for (kind, mut times) in kinds {
        times.sort();
        println!(
            "{kind:<18} {:>8} {:>8.1} {:>9.2} {:>9.2} {:>9.2}",
            times.len(),
            times.len() as f64 / seconds,
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            percentile(&times, 1.0)
        );
    }
    println!("events heard by the displays: {}", tally.events_heard);
    let errors: u64 = tally.errors.values().sum();
    println!("errors: {errors}");
    for (what, n) in &tally.errors {
        println!("  {n} × {what}");
    }
    let mut called: HashMap<i64, Vec<i64>> = HashMap::new();
    for (visit, official) in &tally.called {
        called.entry(*visit).or_default().push(*official);
    }
    let twice = called.values().filter(|by| by.len() > 1).count();
    let mut tickets = tally.tickets.clone();
    tickets.sort();
    let issued = tickets.len();
    tickets.dedup();
    println!(
        "duplicates: {twice} visits called twice, {} tickets issued twice",
        issued - tickets.len()
    );
}

fn main() {
    loket_hub::tls::install_provider();
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async move {
        let client = Client::builder()
            .no_proxy()
            .build()
            .expect("an HTTP client");
        let (admin, officials) = prepare(&client, &args).await;
        let mut displays = Vec::new();
        for n in 0..args.displays {
            let made = json!({"op": "auth.create_display", "args": {"name": format!("Layar {n}")}});
            displays.push(token_of(
                &must(&client, &args.url, Some(&admin), made).await,
            ));
        }
        println!(
            "{} officials (pause {} ms), {} displays, {} desks, {} PIN guessers for {} s against {}",
            officials.len(),
            args.pause_ms,
            displays.len(),
            args.desks,
            args.wrong_pins,
            args.seconds,
            args.url
        );
        let tally: Shared = Arc::default();
        let began = Instant::now();
        let until = began + Duration::from_secs(args.seconds);
        let mut workers = Vec::new();
        for token in displays {
            workers.push(tokio::spawn(display(
                client.clone(),
                args.url.clone(),
                token,
                until,
                tally.clone(),
            )));
        }
        for n in 0..args.wrong_pins {
            workers.push(tokio::spawn(guesser(
                args.url.clone(),
                n,
                until,
                tally.clone(),
            )));
        }
        // Receptionists keep up with the officials: together, a guest per official's pause.
        let desk_pause = Duration::from_millis(
            args.pause_ms * args.desks as u64 / officials.len().max(1) as u64,
        );
        for n in 0..args.desks {
            workers.push(tokio::spawn(desk(
                client.clone(),
                args.url.clone(),
                admin.clone(),
                n,
                desk_pause,
                until,
                tally.clone(),
            )));
        }
        // Officials start spread over one pause, as people do, not all at the same instant.
        let spread = Duration::from_millis(args.pause_ms) / officials.len().max(1) as u32;
        for (n, (id, token)) in officials.into_iter().enumerate() {
            workers.push(tokio::spawn(official(
                client.clone(),
                args.url.clone(),
                token,
                id,
                (Duration::from_millis(args.pause_ms), spread * n as u32),
                until,
                tally.clone(),
            )));
        }
        for worker in workers {
            let _ = worker.await;
        }
        let seconds = began.elapsed().as_secs_f64();
        let tally = std::mem::take(&mut *tally.lock().unwrap());
        report(tally, seconds);
    });
}
