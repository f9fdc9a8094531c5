//! The crash harness: nothing acknowledged is lost when the hub dies mid-storm.
//!
//! Runs the real `loket-hub serve` binary on a scratch database, sets up a Balangan
//! Perekonomian desk over HTTP, then, round after round, lets receptionists and officials
//! work at once (check-ins with ID cards into the drawer, call next, start, finish, card
//! returned, check-out) and kills the hub with SIGKILL at a random moment. After each kill the
//! database must pass SQLite's integrity check, keep every operation a client got `200 OK`
//! for, never have issued a ticket number twice on a day nor be able to issue one again, keep
//! the drawer's one-card-per-slot rule, agree with the visits' histories, and open again.
//!
//! `LOKET_CRASH_ROUNDS` sets the number of kills (default 16), `LOKET_CRASH_SEED` replays a
//! run (the seed is printed).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde_json::{json, Value};
use support::process::HubProcess;

mod support;

const ADMIN_PIN: &str = "258046";
const PIN: &str = "135792";
const SERVICES: [&str; 2] = ["balangan-perekonomian-1", "balangan-perekonomian-2"];
/// Receptionists working at once; each owns [`SLOTS_EACH`] slots of the drawer.
const DESKS: u32 = 2;
const SLOTS_EACH: u32 = 12;
/// Officials working at once.
const OFFICIALS: usize = 4;

/// A small deterministic random source (SplitMix64), so a failing run can be replayed.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A NIK of the form the desk accepts (Balangan, a real birth date), different for every `n`.
fn nik(n: u64) -> String {
    let serial = 1 + n % 9999;
    let day = 1 + (n / 9999) % 28;
    let month = 1 + (n / (9999 * 28)) % 12;
    format!("631101{day:02}{month:02}85{serial:04}")
}

/// An operation a client got `200 OK` for: it must survive any crash after that.
#[derive(Debug, Clone)]
enum Ack {
    CheckIn {
        visit: i64,
        ticket: String,
        slot: u32,
    },
    Called {
        visit: i64,
        official: i64,
    },
    Started {
        visit: i64,
    },
    Finished {
        visit: i64,
    },
    CardReturned {
        visit: i64,
    },
    Left {
        visit: i64,
    },
}

/// One operation over HTTP; `None` when the connection failed (the hub is gone).
async fn call(
    client: &Client,
    base: &str,
    token: Option<&str>,
    request: Value,
) -> Option<(StatusCode, Value)> {
    let mut post = client.post(format!("{base}/api/dispatch")).json(&request);
    if let Some(token) = token {
        post = post.bearer_auth(token);
    }
    let response = post.send().await.ok()?;
    let status = response.status();
    let body = response.json().await.ok()?;
    Some((status, body))
}

async fn ok(client: &Client, base: &str, token: Option<&str>, request: Value) -> Value {
    let (status, body) = call(client, base, token, request.clone())
        .await
        .expect("the hub answers");
    assert_eq!(status, StatusCode::OK, "{request} → {body}");
    body
}

/// The sessions of the desk: the admin, one receptionist per desk, one per official.
struct Desk {
    admin: String,
    receptionists: Vec<String>,
    officials: Vec<(i64, String)>,
}

/// The first run over HTTP: the admin, the office with its drawer, officials and accounts.
async fn set_up(client: &Client, base: &str) -> Desk {
    let login = |username: &str, pin: &str| json!({"op": "auth.login", "args": {"username": username, "pin": pin}});
    let admin = ok(
        client,
        base,
        None,
        json!({"op": "auth.bootstrap", "args": {"username": "admin", "pin": ADMIN_PIN}}),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let a = Some(admin.as_str());
    ok(
        client,
        base,
        a,
        json!({"op": "office.setup", "args": {"region": "balangan", "unit": "perekonomian", "slots": DESKS * SLOTS_EACH}}),
    )
    .await;
    let mut receptionists = Vec::new();
    for d in 0..DESKS {
        let username = format!("meja{d}");
        ok(
            client,
            base,
            a,
            json!({"op": "auth.save_account", "args": {"username": username, "display_name": username, "role": "resepsionis", "pin": PIN}}),
        )
        .await;
        let token = ok(client, base, None, login(&username, PIN)).await["token"]
            .as_str()
            .unwrap()
            .to_string();
        receptionists.push(token);
    }
    let mut officials = Vec::new();
    for o in 0..OFFICIALS {
        let saved = ok(
            client,
            base,
            a,
            json!({"op": "office.save_official", "args": {"name": format!("Pejabat {o}"), "title": "Kasubbag", "room": format!("Ruang {o}"), "services": SERVICES}}),
        )
        .await;
        let id = saved["id"].as_i64().unwrap();
        let username = format!("pejabat{o}");
        ok(
            client,
            base,
            a,
            json!({"op": "auth.save_account", "args": {"username": username, "display_name": username, "role": "pejabat", "official_id": id, "pin": PIN}}),
        )
        .await;
        let token = ok(client, base, None, login(&username, PIN)).await["token"]
            .as_str()
            .unwrap()
            .to_string();
        officials.push((id, token));
    }
    Desk {
        admin,
        receptionists,
        officials,
    }
}

/// A receptionist: checks guests in with their cards into its own slots, gives cards back and
/// checks guests out, until the hub stops answering.
async fn receptionist(
    client: Client,
    base: String,
    token: String,
    desk: u32,
    mut rng: Rng,
    guests: Arc<AtomicU64>,
    acks: Arc<Mutex<Vec<Ack>>>,
) {
    let own: Vec<u32> = (desk * SLOTS_EACH + 1..=(desk + 1) * SLOTS_EACH).collect();
    let mut holding: Vec<(i64, u32)> = Vec::new();
    loop {
        let busy: HashSet<u32> = holding.iter().map(|(_, s)| *s).collect();
        let free: Vec<u32> = own.iter().copied().filter(|s| !busy.contains(s)).collect();
        if !free.is_empty() && rng.below(3) > 0 {
            let slot = free[rng.below(free.len() as u64) as usize];
            let n = guests.fetch_add(1, Ordering::SeqCst);
            let service = SERVICES[rng.below(2) as usize];
            let request = json!({"op": "desk.check_in", "args": {
                "guest": {"name": format!("Tamu {n}"), "id_type": "ktp", "id_number": nik(n)},
                "service": service, "purpose": "Konsultasi", "admitted_note": "uji ketahanan", "slot": slot}});
            let Some((status, body)) = call(&client, &base, Some(&token), request).await else {
                return;
            };
            if status == StatusCode::OK {
                let visit = body["visit_id"].as_i64().unwrap();
                let ticket = body["ticket"].as_str().unwrap().to_string();
                acks.lock().unwrap().push(Ack::CheckIn {
                    visit,
                    ticket,
                    slot,
                });
                holding.push((visit, slot));
            }
        } else if !holding.is_empty() {
            let (visit, _) = holding.remove(rng.below(holding.len() as u64) as usize);
            let request = json!({"op": "desk.return_card", "args": {"visit_id": visit, "to": {"by": "guest"}}});
            let Some((status, _)) = call(&client, &base, Some(&token), request).await else {
                return;
            };
            if status == StatusCode::OK {
                acks.lock().unwrap().push(Ack::CardReturned { visit });
            }
            let request = json!({"op": "desk.check_out", "args": {"visit_id": visit}});
            let Some((status, _)) = call(&client, &base, Some(&token), request).await else {
                return;
            };
            if status == StatusCode::OK {
                acks.lock().unwrap().push(Ack::Left { visit });
            }
        }
    }
}

/// An official: calls the next guest, starts, finishes, until the hub stops answering.
async fn official(
    client: Client,
    base: String,
    token: String,
    id: i64,
    acks: Arc<Mutex<Vec<Ack>>>,
) {
    loop {
        let request = json!({"op": "queue.call_next", "args": {"official_id": id}});
        let Some((status, body)) = call(&client, &base, Some(&token), request).await else {
            return;
        };
        if status != StatusCode::OK {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        }
        let visit = body["visit_id"]
            .as_i64()
            .or_else(|| body["id"].as_i64())
            .unwrap_or_else(|| panic!("call_next names the visit: {body}"));
        acks.lock().unwrap().push(Ack::Called {
            visit,
            official: id,
        });
        let args = json!({"official_id": id, "visit_id": visit});
        let Some((status, _)) = call(
            &client,
            &base,
            Some(&token),
            json!({"op": "queue.start", "args": args}),
        )
        .await
        else {
            return;
        };
        if status != StatusCode::OK {
            continue;
        }
        acks.lock().unwrap().push(Ack::Started { visit });
        let mut args = args;
        args["outcome"] = json!({"result": "Sudah dijelaskan", "closed": true});
        let Some((status, _)) = call(
            &client,
            &base,
            Some(&token),
            json!({"op": "queue.finish", "args": args}),
        )
        .await
        else {
            return;
        };
        if status == StatusCode::OK {
            acks.lock().unwrap().push(Ack::Finished { visit });
        }
    }
}

/// Opens the database as it was left, read-only.
fn read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("read-only open")
}

/// Everything that must hold of the database after a crash, given what was acknowledged.
fn check_database(db: &Path, acks: &[Ack], round: u32) -> Result<(), String> {
    let conn = read_only(db);
    let mut wrong = Vec::new();
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    if verdict != "ok" {
        wrong.push(format!("integrity_check: {verdict}"));
    }
    let events = |visit: i64, kind: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM visit_event WHERE visit_id = ?1 AND kind = ?2",
            rusqlite::params![visit, kind],
            |r| r.get(0),
        )
        .unwrap()
    };
    for ack in acks {
        let lost = match ack {
            Ack::CheckIn {
                visit,
                ticket,
                slot,
            } => {
                let stored: Option<String> = conn
                    .query_row("SELECT ticket FROM visit WHERE id = ?1", [visit], |r| {
                        r.get(0)
                    })
                    .optional()
                    .unwrap();
                let held_in: Option<i64> = conn
                    .query_row(
                        "SELECT json_extract(data, '$.slot') FROM visit_event WHERE visit_id = ?1 AND kind = 'id_held'",
                        [visit],
                        |r| r.get(0),
                    )
                    .optional()
                    .unwrap();
                stored.as_ref() != Some(ticket) || held_in != Some(i64::from(*slot))
            }
            Ack::Called { visit, official } => {
                let by: Option<i64> = conn
                    .query_row(
                        "SELECT json_extract(data, '$.official_id') FROM visit_event WHERE visit_id = ?1 AND kind = 'called'",
                        [visit],
                        |r| r.get(0),
                    )
                    .optional()
                    .unwrap();
                by != Some(*official)
            }
            Ack::Started { visit } => events(*visit, "started") == 0,
            Ack::Finished { visit } => events(*visit, "finished") == 0,
            Ack::CardReturned { visit } => events(*visit, "id_returned") == 0,
            Ack::Left { visit } => events(*visit, "left") == 0,
        };
        if lost {
            wrong.push(format!("acknowledged but lost: {ack:?}"));
        }
    }

    // No ticket twice on a day, and the counter never behind a ticket it issued.
    let twice: Vec<String> = conn
        .prepare("SELECT office_day || ' ' || ticket FROM visit GROUP BY office_day, ticket HAVING count(*) > 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    if !twice.is_empty() {
        wrong.push(format!("tickets issued twice: {twice:?}"));
    }
    let mut highest: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut rows = conn
        .prepare("SELECT office_day, ticket FROM visit")
        .unwrap();
    for row in rows
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (day, ticket) = row.unwrap();
        let (prefix, number) = ticket.rsplit_once('-').unwrap();
        let number: i64 = number.parse().unwrap();
        let top = highest.entry((day, prefix.to_string())).or_default();
        *top = (*top).max(number);
    }
    for ((day, prefix), top) in &highest {
        let last: Option<i64> = conn
            .query_row(
                "SELECT last FROM ticket_counter WHERE office_day = ?1 AND prefix = ?2",
                [day, prefix],
                |r| r.get(0),
            )
            .optional()
            .unwrap();
        if last.unwrap_or(0) < *top {
            wrong.push(format!(
                "the counter of {prefix} on {day} is at {last:?} but {prefix}-{top:03} was issued"
            ));
        }
    }

    // A visit is called at most once in this storm (nobody recalls or puts back).
    let called_twice: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT visit_id FROM visit_event WHERE kind = 'called' GROUP BY visit_id HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if called_twice > 0 {
        wrong.push(format!("{called_twice} visits called twice"));
    }

    // The drawer as the histories tell it: a card is in a slot exactly when the visit's last
    // custody event put it there; one card per slot, one slot per card.
    let mut drawer: HashMap<i64, i64> = HashMap::new();
    let mut slots_used: HashMap<i64, i64> = HashMap::new();
    let mut cards_used: HashMap<String, i64> = HashMap::new();
    let mut rows = conn
        .prepare("SELECT slot, visit_id, id_hash FROM id_custody")
        .unwrap();
    for row in rows
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap()
    {
        let (slot, visit, hash) = row.unwrap();
        if let Some(other) = slots_used.insert(slot, visit) {
            wrong.push(format!(
                "slot {slot} holds the cards of {other} and {visit}"
            ));
        }
        if let Some(other) = cards_used.insert(hash, slot) {
            wrong.push(format!("one card in slots {other} and {slot}"));
        }
        drawer.insert(visit, slot);
    }
    let mut last_custody: HashMap<i64, Option<i64>> = HashMap::new();
    let mut last_status: HashMap<i64, &'static str> = HashMap::new();
    let mut rows = conn
        .prepare("SELECT visit_id, kind, json_extract(data, '$.slot') FROM visit_event ORDER BY id")
        .unwrap();
    for row in rows
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })
        .unwrap()
    {
        let (visit, kind, slot) = row.unwrap();
        match kind.as_str() {
            "id_held" => {
                last_custody.insert(visit, slot);
            }
            "id_returned" => {
                last_custody.insert(visit, None);
            }
            "checked_in" => {
                last_status.insert(visit, "waiting");
            }
            "called" => {
                last_status.insert(visit, "called");
            }
            "started" => {
                last_status.insert(visit, "serving");
            }
            "finished" => {
                last_status.insert(visit, "finished");
            }
            "left" => {
                last_status.insert(visit, "left");
            }
            _ => {}
        }
    }
    for (visit, slot) in &last_custody {
        if drawer.get(visit) != slot.as_ref() {
            wrong.push(format!(
                "visit {visit}: its history puts its card in {slot:?}, the drawer in {:?}",
                drawer.get(visit)
            ));
        }
    }
    for visit in drawer.keys() {
        if !last_custody.contains_key(visit) {
            wrong.push(format!(
                "visit {visit}: a card in the drawer with no history"
            ));
        }
    }
    let mut rows = conn.prepare("SELECT id, status FROM visit").unwrap();
    for row in rows
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (visit, status) = row.unwrap();
        if last_status.get(&visit).copied() != Some(status.as_str()) {
            wrong.push(format!(
                "visit {visit}: status {status}, its history says {:?}",
                last_status.get(&visit)
            ));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("after kill {round}:\n{}", wrong.join("\n")))
    }
}

/// Ends what a kill left half done, as the desk would the next morning: a guest being served
/// is finished (the admin acts as their official), and every guest whose card is still in the
/// drawer gets it back and leaves, so each round starts with a drawer the receptionists know.
async fn clear_drawer(client: &Client, base: &str, admin: &str, acks: &Mutex<Vec<Ack>>) {
    let a = Some(admin);
    let today = ok(client, base, a, json!({"op": "desk.today"})).await;
    for visit in today["visits"]
        .as_array()
        .expect("desk.today lists the visits")
    {
        if visit["status"] != "serving" {
            continue;
        }
        let id = visit["id"].as_i64().unwrap();
        let official = visit["official"]["id"].as_i64().unwrap();
        let request = json!({"op": "queue.finish", "args": {"official_id": official, "visit_id": id, "outcome": {"result": "Selesai setelah gangguan", "closed": true}}});
        ok(client, base, a, request).await;
        acks.lock().unwrap().push(Ack::Finished { visit: id });
    }
    let held: Vec<i64> = today["held"]
        .as_array()
        .expect("desk.today lists the drawer")
        .iter()
        .filter_map(|c| c["visit_id"].as_i64())
        .collect();
    for visit in held {
        let request = json!({"op": "desk.check_out", "args": {"visit_id": visit}});
        ok(client, base, a, request).await;
        let mut acks = acks.lock().unwrap();
        acks.push(Ack::CardReturned { visit });
        acks.push(Ack::Left { visit });
    }
}

fn rounds() -> u32 {
    std::env::var("LOKET_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(16)
}

fn seed() -> u64 {
    std::env::var("LOKET_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_acknowledged_is_lost_when_the_hub_is_killed_mid_storm() {
    let seed = seed();
    let rounds = rounds();
    println!("crash harness: seed {seed} (LOKET_CRASH_SEED={seed} replays it), {rounds} rounds");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("loket.db");
    loket_hub::tls::install_provider();
    let client = Client::builder().no_proxy().build().unwrap();

    let hub = HubProcess::start(&db);
    let desk = set_up(&client, &hub.base).await;
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let guests = Arc::new(AtomicU64::new(1));
    let mut hub = Some(hub);
    let mut killed_with_work = 0;
    for round in 1..=rounds {
        let running = hub.take().unwrap();
        clear_drawer(&client, &running.base, &desk.admin, &acks).await;
        let before = acks.lock().unwrap().len();
        let mut workers = Vec::new();
        for (d, token) in desk.receptionists.iter().enumerate() {
            workers.push(tokio::spawn(receptionist(
                client.clone(),
                running.base.clone(),
                token.clone(),
                d as u32,
                Rng(rng.next()),
                Arc::clone(&guests),
                Arc::clone(&acks),
            )));
        }
        for (id, token) in &desk.officials {
            workers.push(tokio::spawn(official(
                client.clone(),
                running.base.clone(),
                token.clone(),
                *id,
                Arc::clone(&acks),
            )));
        }
        let storm = Duration::from_millis(150 + rng.below(650));
        tokio::time::sleep(storm).await;
        running.kill();
        for worker in workers {
            worker.await.expect("a client does not panic");
        }
        let acks_now = acks.lock().unwrap().clone();
        if acks_now.len() > before {
            killed_with_work += 1;
        }
        if let Err(e) = check_database(&db, &acks_now, round) {
            panic!("seed {seed}: {e}");
        }
        hub = Some(HubProcess::start(&db));
    }
    let acks = acks.lock().unwrap().clone();
    let count = |f: fn(&Ack) -> bool| acks.iter().filter(|a| f(a)).count();
    let check_ins = count(|a| matches!(a, Ack::CheckIn { .. }));
    let finished = count(|a| matches!(a, Ack::Finished { .. }));
    println!(
        "crash harness: {rounds} kills, {} acknowledged operations ({check_ins} check-ins, {finished} finished)",
        acks.len()
    );
    // Most kills land mid-work (a slow machine may kill a round before its first answer).
    assert!(
        killed_with_work * 2 >= rounds && check_ins > 0 && finished > 0,
        "the storm did work before most kills ({killed_with_work} of {rounds})"
    );
    // The last restart serves again, with the last acknowledged check-in in today's list.
    let running = hub.take().unwrap();
    let today = ok(
        &client,
        &running.base,
        Some(&desk.admin),
        json!({"op": "desk.today"}),
    )
    .await;
    let last_ticket = acks
        .iter()
        .rev()
        .find_map(|a| match a {
            Ack::CheckIn { ticket, .. } => Some(ticket.clone()),
            _ => None,
        })
        .unwrap();
    assert!(
        today.to_string().contains(&format!("\"{last_ticket}\"")),
        "{last_ticket} is on today's list after the restarts"
    );
    running.kill();
}
