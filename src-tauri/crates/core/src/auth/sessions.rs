//! Logging in and staying logged in: a PIN is checked against its hash, wrong PINs slow the
//! next attempt down and lock the account after [`MAX_FAILED`] in a row, every attempt is
//! logged, and a session token (only its hash is stored) expires after a working day or
//! after [`IDLE_HOURS`] without use. Devices — waiting-room displays, survey kiosks, blanko
//! tablets — get a token of their own, with no user, made by the admin and kept on the device.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{accounts, Caller, DeviceKind, Principal, Role};
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::{CachedQueryRow, Store};

/// Wrong PINs in a row that lock an account.
pub const MAX_FAILED: i64 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;
/// How long a session lasts at most: a working day and then some.
pub const SESSION_HOURS: i64 = 12;
/// How long a session lasts unused.
pub const IDLE_HOURS: i64 = 2;
/// How long a device's token (display, kiosk, tablet) lasts, and may stay unused, unless the
/// admin sets another period ([`set_device_days`]).
pub const DISPLAY_DAYS: i64 = 365;
/// The longest period a device token may be given.
pub const MAX_DEVICE_DAYS: i64 = 730;

/// A new session.
#[derive(Debug, Clone, Serialize)]
pub struct Login {
    /// The secret the screen sends with every request; shown only once.
    pub token: String,
    pub principal: Principal,
    pub expires_at: DateTime<Utc>,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new secret token: 32 bytes from the operating system's random generator.
fn new_token() -> CoreResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::Storage(format!("pembangkit acak sistem operasi: {e}")))?;
    Ok(hex::encode(bytes))
}

fn log(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    username: &str,
    event: &str,
    detail: &str,
) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO auth_log (at, username, event, detail) VALUES (?1, ?2, ?3, ?4)",
        params![ctx.now.to_rfc3339(), username, event, detail],
    )?;
    Ok(())
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Seconds to wait after `failed` wrong PINs before the next attempt: 1, 2, 4, 8 …
pub fn backoff_seconds(failed: i64) -> i64 {
    if failed <= 0 {
        0
    } else {
        1i64 << (failed - 1).min(5)
    }
}

struct AccountRow {
    id: i64,
    display_name: String,
    role: Role,
    official_id: Option<i64>,
    pin_hash: String,
    active: bool,
}

/// Wrong PINs from one address, for any account, that lock the address out.
pub const MAX_FAILED_PER_ADDRESS: i64 = 20;

/// The answer to an unknown user name and to a wrong PIN alike.
const WRONG: &str = "Nama pengguna atau PIN salah.";

/// The throttle keys an attempt counts against, each with the failures that lock it (`None`:
/// it slows attempts down but never locks). The desktop window has its own key per account,
/// so failures that came from the network never lock the desk PC's window out; from the
/// network, an account is locked per address, slowed down across all addresses, and an
/// address that tries many accounts is locked itself.
fn throttle_keys(caller: Caller, username: &str) -> Vec<(String, Option<i64>)> {
    match caller {
        Caller::Window => vec![(format!("akun:jendela:{username}"), Some(MAX_FAILED))],
        Caller::Network(ip) => vec![
            (format!("alamat:{ip}"), Some(MAX_FAILED_PER_ADDRESS)),
            (format!("akun:alamat:{ip}:{username}"), Some(MAX_FAILED)),
            (format!("akun:jaringan:{username}"), None),
        ],
    }
}

/// Where an attempt comes from, for the login log.
fn source(caller: Caller) -> String {
    match caller {
        Caller::Window => "jendela loket".into(),
        Caller::Network(ip) => format!("dari {ip}"),
    }
}

/// One throttle's state.
struct Throttle {
    failed: i64,
    last_failed_at: Option<DateTime<Utc>>,
    locked_until: Option<DateTime<Utc>>,
}

fn throttle(conn: &rusqlite::Connection, key: &str) -> CoreResult<Throttle> {
    let row: Option<(i64, Option<String>, Option<String>)> = conn
        .query_row_cached(
            "SELECT failed, last_failed_at, locked_until FROM login_throttle WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(match row {
        Some((failed, last, locked)) => Throttle {
            failed,
            last_failed_at: last.as_deref().and_then(parse_time),
            locked_until: locked.as_deref().and_then(parse_time),
        },
        None => Throttle {
            failed: 0,
            last_failed_at: None,
            locked_until: None,
        },
    })
}

/// Why an attempt is refused before its PIN is looked at: a lock or a wait still running.
enum Held {
    Locked(DateTime<Utc>),
    Wait(i64),
}

fn held(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    caller: Caller,
    username: &str,
) -> CoreResult<Option<Held>> {
    let mut wait = 0;
    for (key, _) in throttle_keys(caller, username) {
        let t = throttle(conn, &key)?;
        if let Some(until) = t.locked_until.filter(|u| *u > ctx.now) {
            return Ok(Some(Held::Locked(until)));
        }
        // An address is locked after many failures, never slowed down: one typo at a shared
        // PC must not make a colleague at the same address wait.
        if key.starts_with("alamat:") {
            continue;
        }
        if let Some(last) = t.last_failed_at {
            let ready = last + Duration::seconds(backoff_seconds(t.failed));
            if t.failed > 0 && ctx.now < ready {
                wait = wait.max((ready - ctx.now).num_seconds().max(1));
            }
        }
    }
    Ok((wait > 0).then_some(Held::Wait(wait)))
}

fn held_error(conn: &rusqlite::Connection, held: &Held) -> CoreError {
    match held {
        Held::Locked(until) => {
            let tz = crate::desk::office::timezone(conn).unwrap_or(chrono_tz::UTC);
            let local = until.with_timezone(&tz).format("%H.%M");
            let zone = crate::locale::zone_abbreviation(tz.name());
            CoreError::Unauthorized(format!(
                "Akun dikunci sampai pukul {local} {zone} karena terlalu banyak PIN salah. Hubungi admin untuk membukanya lebih cepat."
            ))
        }
        Held::Wait(wait) => CoreError::Unauthorized(format!(
            "Terlalu cepat setelah PIN salah; tunggu {wait} detik lalu coba lagi."
        )),
    }
}

/// Checks a user name's form before anything is looked up: an answer that says nothing
/// about whether such an account exists.
pub fn check_username_form(username: &str) -> CoreResult<String> {
    let username = username.trim().to_lowercase();
    if username.is_empty() || username.len() > 32 {
        return Err(CoreError::invalid(
            "Nama pengguna",
            "isi nama pengguna (paling banyak 32 karakter).",
        ));
    }
    accounts::check_username(&username).map_err(|_| CoreError::Unauthorized(WRONG.into()))
}

/// Refuses an attempt that a throttle holds, without writing anything: for a reading
/// connection, so that a flood of attempts costs the writer nothing.
pub fn throttled(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    caller: Caller,
    username: &str,
) -> CoreResult<()> {
    match held(conn, ctx, caller, username)? {
        Some(h) => Err(held_error(conn, &h)),
        None => Ok(()),
    }
}

/// A login under way: the attempt is already counted as a failure (so that attempts made
/// at once are throttled like attempts made one after another), and its PIN is yet to be
/// checked — with no connection held.
pub struct PendingLogin {
    username: String,
    account: Option<AccountRow>,
}

/// The Argon2 hash an unknown user name's PIN is checked against, so that it costs the time
/// of a real check: made once, with the same parameters as every account's.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| accounts::hash_pin("000000").unwrap_or_default())
}

impl PendingLogin {
    /// Whether the PIN is right: Argon2, the slow part, touching no database. An unknown or
    /// inactive account is checked against a decoy hash and is never right.
    pub fn verify(&self, pin: &str) -> bool {
        match &self.account {
            Some(a) => accounts::verify_pin(pin, &a.pin_hash),
            None => {
                let _ = accounts::verify_pin(pin, decoy_hash());
                false
            }
        }
    }
}

/// Counts one failure against a throttle key.
fn count_failure(conn: &rusqlite::Connection, ctx: &Ctx, key: &str) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO login_throttle (key, failed, last_failed_at) VALUES (?1, 1, ?2)
         ON CONFLICT (key) DO UPDATE SET failed = failed + 1, last_failed_at = ?2",
        params![key, ctx.now.to_rfc3339()],
    )?;
    Ok(())
}

/// Begins a login on the writer: refuses a held attempt (logged), else counts it against
/// every throttle key and reads the account. Nothing about the PIN is known yet.
pub fn begin_login(
    store: &mut Store,
    ctx: &Ctx,
    caller: Caller,
    username: &str,
) -> CoreResult<PendingLogin> {
    let username = check_username_form(username)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(h) = held(&tx, ctx, caller, &username)? {
        let (event, detail) = match &h {
            Held::Locked(_) => ("login_refused_locked", source(caller)),
            Held::Wait(wait) => (
                "login_throttled",
                format!("{wait} detik, {}", source(caller)),
            ),
        };
        log(&tx, ctx, &username, event, &detail)?;
        let refusal = held_error(&tx, &h);
        tx.commit()?;
        return Err(refusal);
    }
    // The account's keys count the attempt at once: a second guess at the same account
    // made while this one is checked is held like one made after it. The address counts
    // only failures, when they are known, so that its own good logins never slow it down.
    for (key, _) in throttle_keys(caller, &username) {
        if key.starts_with("akun:") {
            count_failure(&tx, ctx, &key)?;
        }
    }
    let account = tx
        .query_row_cached(
            "SELECT id, display_name, role, official_id, pin_hash, active FROM account WHERE username = ?1",
            [&username],
            |r| {
                Ok(AccountRow {
                    id: r.get(0)?,
                    display_name: r.get(1)?,
                    role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Resepsionis),
                    official_id: r.get(3)?,
                    pin_hash: r.get(4)?,
                    active: r.get(5)?,
                })
            },
        )
        .optional()?
        .filter(|a| a.active);
    tx.commit()?;
    Ok(PendingLogin { username, account })
}

/// Records a login's outcome on the writer: a session for a right PIN (its throttles
/// cleared), else the failure logged, and the keys that reached their limit locked.
pub fn finish_login(
    store: &mut Store,
    ctx: &Ctx,
    caller: Caller,
    pending: PendingLogin,
    right: bool,
    pin_meets_rule: bool,
) -> CoreResult<Login> {
    let PendingLogin { username, account } = pending;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let known = account.is_some();
    let account = account.filter(|_| right);
    let Some(a) = account else {
        let mut remaining = i64::MAX;
        let mut locked = false;
        let mut nth = 0;
        for (key, _) in throttle_keys(caller, &username) {
            if !key.starts_with("akun:") {
                count_failure(&tx, ctx, &key)?;
            }
        }
        for (key, limit) in throttle_keys(caller, &username) {
            let Some(limit) = limit else { continue };
            let t = throttle(&tx, &key)?;
            if key.starts_with("akun:") {
                nth = nth.max(t.failed);
            }
            if t.failed >= limit {
                locked = true;
                tx.execute(
                    "UPDATE login_throttle SET failed = 0, locked_until = ?2 WHERE key = ?1",
                    params![
                        key,
                        (ctx.now + Duration::minutes(LOCK_MINUTES)).to_rfc3339()
                    ],
                )?;
            } else if key.starts_with("akun:") {
                remaining = remaining.min(limit - t.failed);
            }
        }
        log(
            &tx,
            ctx,
            &username,
            "login_failed",
            &if known {
                format!("PIN salah ke-{nth}, {}", source(caller))
            } else {
                format!("akun tidak dikenal atau tidak aktif, {}", source(caller))
            },
        )?;
        if locked {
            log(
                &tx,
                ctx,
                &username,
                "locked",
                &format!("{LOCK_MINUTES} menit, {}", source(caller)),
            )?;
        }
        tx.commit()?;
        return Err(CoreError::Unauthorized(if locked {
            format!("{WRONG} Terlalu banyak percobaan; dikunci {LOCK_MINUTES} menit.")
        } else if remaining < i64::MAX {
            format!("{WRONG} Sisa {remaining} percobaan sebelum dikunci.")
        } else {
            WRONG.into()
        }));
    };
    for (key, _) in throttle_keys(caller, &username) {
        if key.starts_with("akun:") {
            tx.execute("DELETE FROM login_throttle WHERE key = ?1", [&key])?;
        }
    }
    tx.execute(
        "UPDATE account SET pin_meets_rule = ?2 WHERE id = ?1",
        params![a.id, pin_meets_rule],
    )?;
    let token = new_token()?;
    let expires_at = ctx.now + Duration::hours(SESSION_HOURS);
    tx.execute(
        "INSERT INTO session (token_hash, account_id, created_at, expires_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?3)",
        params![token_hash(&token), a.id, ctx.now.to_rfc3339(), expires_at.to_rfc3339()],
    )?;
    log(&tx, ctx, &username, "login", &source(caller))?;
    tx.commit()?;
    Ok(Login {
        token,
        principal: Principal::User {
            account_id: a.id,
            username,
            display_name: a.display_name,
            role: a.role,
            official_id: a.official_id,
        },
        expires_at,
    })
}

/// Logs a user in with their PIN on one connection: [`begin_login`], the PIN checked, then
/// [`finish_login`]. Wrong or refused attempts are recorded (and counted) even though the
/// login fails; an unknown user name gets the same answer as a wrong PIN, in the same time.
pub fn login(
    store: &mut Store,
    ctx: &Ctx,
    caller: Caller,
    username: &str,
    pin: &str,
) -> CoreResult<Login> {
    let pending = begin_login(store, ctx, caller, username)?;
    let right = pending.verify(pin);
    finish_login(
        store,
        ctx,
        caller,
        pending,
        right,
        accounts::meets_rule(pin),
    )
}

/// Clears every throttle of an account (a new PIN, or the admin unlocking it).
pub fn clear_throttles(conn: &rusqlite::Connection, username: &str) -> CoreResult<()> {
    conn.execute(
        "DELETE FROM login_throttle WHERE key LIKE 'akun:%' AND substr(key, -length(?1) - 1) = ':' || ?1",
        [username],
    )?;
    Ok(())
}

/// The admin unlocks an account locked by wrong PINs, from the window and from every
/// address; recorded in the login log.
pub fn unlock(store: &mut Store, ctx: &Ctx, account_id: i64) -> CoreResult<serde_json::Value> {
    let tx = store.conn_mut().transaction()?;
    let username: String = tx
        .query_row_cached(
            "SELECT username FROM account WHERE id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Akun nomor {account_id}"),
        })?;
    clear_throttles(&tx, &username)?;
    tx.execute(
        "UPDATE account SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = ?1",
        [account_id],
    )?;
    log(&tx, ctx, &username, "unlocked", &ctx.actor)?;
    tx.commit()?;
    Ok(serde_json::json!({ "ok": true, "username": username }))
}

/// Whether one of the official's active accounts has a live session at `now` (not ended,
/// not expired, used within [`IDLE_HOURS`]): the official is at a screen of their own.
pub fn official_signed_in(
    conn: &rusqlite::Connection,
    official_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    Ok(conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM session s JOIN account a ON a.id = s.account_id
                        WHERE a.official_id = ?1 AND a.active = 1 AND s.ended_at IS NULL
                          AND s.expires_at > ?2 AND s.last_seen > ?3)",
        params![
            official_id,
            now.to_rfc3339(),
            (now - Duration::hours(IDLE_HOURS)).to_rfc3339()
        ],
        |r| r.get(0),
    )?)
}

/// Ends every live session of an account but `keep` (a new PIN, role or official, or a
/// deactivation): whoever was logged in must log in again under the new terms.
pub fn end_sessions_of(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    account_id: i64,
    keep: Option<&str>,
) -> CoreResult<()> {
    let keep = keep.map(token_hash).unwrap_or_default();
    conn.execute(
        "UPDATE session SET ended_at = ?2 WHERE account_id = ?1 AND ended_at IS NULL AND token_hash <> ?3",
        params![account_id, ctx.now.to_rfc3339(), keep],
    )?;
    Ok(())
}

/// A session's row: account, device name, expiry, last use, end, device kind.
type SessionRow = (
    Option<i64>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// The principal behind a token, if the session is alive; marks it used (at most once a
/// minute).
pub fn authenticate(
    store: &mut Store,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<Principal> {
    let (principal, use_due) = verify(store, token, now)?;
    if use_due {
        mark_used(store, token.unwrap_or_default(), now)?;
    }
    Ok(principal)
}

/// The principal behind a token, for a connection that only reads: `None` when the session
/// is alive but is due to be marked used, which only a writing connection may do.
pub fn authenticate_reading(
    store: &Store,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<Option<Principal>> {
    let (principal, use_due) = verify(store, token, now)?;
    Ok((!use_due).then_some(principal))
}

/// Records that a session was used now.
fn mark_used(store: &Store, token: &str, now: DateTime<Utc>) -> CoreResult<()> {
    store.conn().execute(
        "UPDATE session SET last_seen = ?2 WHERE token_hash = ?1",
        params![token_hash(token), now.to_rfc3339()],
    )?;
    Ok(())
}

/// The principal behind a token if the session is alive, and whether its last use is a
/// minute old or more (so that it should be marked used).
fn verify(store: &Store, token: Option<&str>, now: DateTime<Utc>) -> CoreResult<(Principal, bool)> {
    let expired = || {
        CoreError::Unauthorized("Sesi tidak ada atau sudah berakhir; silakan masuk lagi.".into())
    };
    let token = token.filter(|t| !t.is_empty()).ok_or_else(expired)?;
    let hash = token_hash(token);
    let conn = store.conn();
    let row: Option<SessionRow> = conn
        .query_row_cached(
            "SELECT account_id, display, expires_at, last_seen, ended_at, device_kind FROM session WHERE token_hash = ?1",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let (account_id, display, expires_at, last_seen, ended_at, kind) = row.ok_or_else(expired)?;
    let expires_at = parse_time(&expires_at).ok_or_else(expired)?;
    let last_seen = parse_time(&last_seen).ok_or_else(expired)?;
    let idle_limit = if display.is_some() {
        Duration::days(DISPLAY_DAYS)
    } else {
        Duration::hours(IDLE_HOURS)
    };
    if ended_at.is_some() || now >= expires_at || now - last_seen >= idle_limit {
        return Err(expired());
    }
    let principal = match (account_id, display) {
        (Some(id), _) => {
            let user: Option<(String, String, String, Option<i64>, bool)> = conn
                .query_row_cached(
                    "SELECT username, display_name, role, official_id, active FROM account WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let (username, display_name, role, official_id, active) =
                user.filter(|u| u.4).ok_or_else(expired)?;
            let _ = active;
            Principal::User {
                account_id: id,
                username,
                display_name,
                role: Role::parse(&role).unwrap_or(Role::Resepsionis),
                official_id,
            }
        }
        (None, Some(name)) => {
            // A device of a kind this build does not know may do nothing.
            let kind = kind
                .as_deref()
                .and_then(DeviceKind::parse)
                .ok_or_else(expired)?;
            kind.principal(name)
        }
        (None, None) => return Err(expired()),
    };
    Ok((principal, now - last_seen >= Duration::minutes(1)))
}

/// Ends a session.
pub fn logout(store: &mut Store, ctx: &Ctx, token: &str) -> CoreResult<()> {
    let conn = store.conn();
    let who: Option<String> = conn
        .query_row_cached(
            "SELECT coalesce(a.username, s.display) FROM session s LEFT JOIN account a ON a.id = s.account_id
             WHERE s.token_hash = ?1 AND s.ended_at IS NULL",
            [token_hash(token)],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(who) = who {
        conn.execute(
            "UPDATE session SET ended_at = ?2 WHERE token_hash = ?1",
            params![token_hash(token), ctx.now.to_rfc3339()],
        )?;
        log(conn, ctx, &who, "logout", "")?;
    }
    Ok(())
}

/// Creates a token for a device: a waiting-room display (reads the calls) or a survey kiosk
/// (takes the guests' survey answers). Shown once; only its hash is kept.
pub fn create_device(
    store: &mut Store,
    ctx: &Ctx,
    kind: DeviceKind,
    name: &str,
) -> CoreResult<Login> {
    let field = match kind {
        DeviceKind::Display => "Nama layar",
        DeviceKind::Kiosk => "Nama kios",
        DeviceKind::Tablet => "Nama tablet",
    };
    let name = crate::desk::office::clean_text(field, name, 60, true)?;
    let tx = store.conn_mut().transaction()?;
    let token = new_token()?;
    let expires_at = ctx.now + Duration::days(device_days(&tx)?);
    tx.execute(
        "INSERT INTO session (token_hash, display, device_kind, created_at, expires_at, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        params![
            token_hash(&token),
            name,
            kind.as_str(),
            ctx.now.to_rfc3339(),
            expires_at.to_rfc3339()
        ],
    )?;
    log(
        &tx,
        ctx,
        &name,
        &format!("{}_created", kind.as_str()),
        &ctx.actor,
    )?;
    tx.commit()?;
    Ok(Login {
        token,
        principal: kind.principal(name),
        expires_at,
    })
}

/// Creates a token for a waiting-room display: it can read the calls and nothing else.
pub fn create_display(store: &mut Store, ctx: &Ctx, name: &str) -> CoreResult<Login> {
    create_device(store, ctx, DeviceKind::Display, name)
}

/// Creates a token for a survey kiosk: it can take survey answers and nothing else.
pub fn create_kiosk(store: &mut Store, ctx: &Ctx, name: &str) -> CoreResult<Login> {
    create_device(store, ctx, DeviceKind::Kiosk, name)
}

/// Creates a token for the blanko tablet: guests fill in their own blanko there, nothing else.
pub fn create_tablet(store: &mut Store, ctx: &Ctx, name: &str) -> CoreResult<Login> {
    create_device(store, ctx, DeviceKind::Tablet, name)
}

/// How many days a new device token lasts (the `device_token_days` setting).
pub fn device_days(conn: &rusqlite::Connection) -> CoreResult<i64> {
    let stored: Option<String> = conn
        .query_row_cached(
            "SELECT value FROM setting WHERE key = 'device_token_days'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|d| (1..=MAX_DEVICE_DAYS).contains(d))
        .unwrap_or(DISPLAY_DAYS))
}

/// Sets how long device tokens last: new tokens get the period, and tokens made earlier are
/// cut to it (counted from when each was made); recorded in the login log.
pub fn set_device_days(store: &mut Store, ctx: &Ctx, days: i64) -> CoreResult<serde_json::Value> {
    if !(1..=MAX_DEVICE_DAYS).contains(&days) {
        return Err(CoreError::invalid(
            "Masa berlaku token perangkat",
            format!("harus antara 1 dan {MAX_DEVICE_DAYS} hari."),
        ));
    }
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('device_token_days', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [days.to_string()],
    )?;
    let mut stmt = tx.prepare(
        "SELECT rowid, created_at, expires_at FROM session WHERE account_id IS NULL AND ended_at IS NULL",
    )?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    for (id, created, expires) in rows {
        let (Some(created), Some(expires)) = (parse_time(&created), parse_time(&expires)) else {
            continue;
        };
        let cut = created + Duration::days(days);
        if cut < expires {
            tx.execute(
                "UPDATE session SET expires_at = ?2 WHERE rowid = ?1",
                params![id, cut.to_rfc3339()],
            )?;
        }
    }
    log(
        &tx,
        ctx,
        "perangkat",
        "device_days_set",
        &format!("{days} hari, oleh {}", ctx.actor),
    )?;
    tx.commit()?;
    Ok(serde_json::json!({ "days": days }))
}

/// A device token as the admin sees it (never the token itself).
#[derive(Debug, Clone, Serialize)]
pub struct Device {
    pub id: i64,
    pub kind: Option<DeviceKind>,
    pub kind_label: &'static str,
    pub name: String,
    pub created_at: String,
    pub last_seen: String,
    pub expires_at: String,
    /// When it was revoked (or logged out); `None` while it may be used.
    pub ended_at: Option<String>,
    /// Whether it may be used now.
    pub active: bool,
}

/// Every device token, newest first.
pub fn devices(store: &Store, ctx: &Ctx) -> CoreResult<Vec<Device>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT rowid, device_kind, display, created_at, last_seen, expires_at, ended_at
         FROM session WHERE account_id IS NULL ORDER BY created_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, name, created_at, last_seen, expires_at, ended_at) = row?;
        let kind = kind.as_deref().and_then(DeviceKind::parse);
        let alive = ended_at.is_none()
            && parse_time(&expires_at).is_some_and(|e| e > ctx.now)
            && parse_time(&last_seen).is_some_and(|l| ctx.now - l < Duration::days(DISPLAY_DAYS));
        out.push(Device {
            id,
            kind,
            kind_label: kind.map_or("Perangkat", DeviceKind::label),
            name,
            created_at,
            last_seen,
            expires_at,
            ended_at,
            active: alive && kind.is_some(),
        });
    }
    Ok(out)
}

fn device_name(conn: &rusqlite::Connection, id: i64) -> CoreResult<String> {
    conn.query_row_cached(
        "SELECT display FROM session WHERE rowid = ?1 AND account_id IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: format!("Perangkat nomor {id}"),
    })
}

/// Renames a device token; recorded in the login log.
pub fn rename_device(
    store: &mut Store,
    ctx: &Ctx,
    id: i64,
    name: &str,
) -> CoreResult<serde_json::Value> {
    let name = crate::desk::office::clean_text("Nama perangkat", name, 60, true)?;
    let tx = store.conn_mut().transaction()?;
    let old = device_name(&tx, id)?;
    tx.execute(
        "UPDATE session SET display = ?2 WHERE rowid = ?1",
        params![id, name],
    )?;
    log(
        &tx,
        ctx,
        &name,
        "device_renamed",
        &format!("dari \"{old}\" oleh {}", ctx.actor),
    )?;
    tx.commit()?;
    Ok(serde_json::json!({ "ok": true }))
}

/// Revokes a device token: the device can do nothing more from now on, and a restore of an
/// older backup does not bring it back ([`revoked_device_tokens`]).
pub fn revoke_device(store: &mut Store, ctx: &Ctx, id: i64) -> CoreResult<serde_json::Value> {
    let tx = store.conn_mut().transaction()?;
    let name = device_name(&tx, id)?;
    tx.execute(
        "UPDATE session SET ended_at = coalesce(ended_at, ?2) WHERE rowid = ?1",
        params![id, ctx.now.to_rfc3339()],
    )?;
    log(&tx, ctx, &name, "device_revoked", &ctx.actor)?;
    tx.commit()?;
    Ok(serde_json::json!({ "ok": true }))
}

/// The hashes of every ended token, to be ended again in a restored database: a restore
/// never brings back a token that was revoked (or a session that was logged out).
pub fn ended_token_hashes(conn: &rusqlite::Connection) -> CoreResult<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare("SELECT token_hash, ended_at FROM session WHERE ended_at IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ends again, in a restored database, the tokens [`ended_token_hashes`] listed.
pub fn end_tokens_again(conn: &rusqlite::Connection, ended: &[(String, String)]) -> CoreResult<()> {
    let mut stmt = conn
        .prepare("UPDATE session SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL")?;
    for (hash, at) in ended {
        stmt.execute(params![hash, at])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unknown user name's PIN is checked against a real Argon2id hash with the very
    /// parameters of every account's, so that it takes the time a wrong PIN takes.
    #[test]
    fn the_decoy_costs_what_a_real_pin_check_costs() {
        use argon2::password_hash::PasswordHash;
        let real = accounts::hash_pin("258046").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        let decoy = PasswordHash::new(decoy_hash()).unwrap();
        assert_eq!(decoy.algorithm, real.algorithm);
        assert_eq!(decoy.version, real.version);
        assert_eq!(decoy.params, real.params);
        let pending = PendingLogin {
            username: "tidakada".into(),
            account: None,
        };
        assert!(
            !pending.verify("000000"),
            "an unknown account is never right"
        );
    }

    #[test]
    fn each_wrong_pin_doubles_the_wait() {
        let waits: Vec<i64> = (0..8).map(backoff_seconds).collect();
        assert_eq!(waits, [0, 1, 2, 4, 8, 16, 32, 32]);
    }
}
