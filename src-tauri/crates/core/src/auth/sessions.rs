//! Logging in and staying logged in: a PIN is checked against its hash, wrong PINs slow the
//! next attempt down and lock the account after [`MAX_FAILED`] in a row, every attempt is
//! logged, and a session token (only its hash is stored) expires after a working day or
//! after [`IDLE_HOURS`] without use. Devices — waiting-room displays, survey kiosks, blanko
//! tablets — get a token of their own, with no user, made by the admin and kept on the device.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{accounts, DeviceKind, Principal, Role};
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
/// How long a device's token (display or kiosk) lasts, and may stay unused.
pub const DISPLAY_DAYS: i64 = 365;

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

fn new_token(conn: &rusqlite::Connection) -> CoreResult<String> {
    let bytes: Vec<u8> = conn.query_row_cached("SELECT randomblob(32)", [], |r| r.get(0))?;
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
    failed: i64,
    last_failed_at: Option<String>,
    locked_until: Option<String>,
}

/// Logs a user in with their PIN. Wrong or refused attempts are recorded (and counted)
/// even though the login fails.
pub fn login(store: &mut Store, ctx: &Ctx, username: &str, pin: &str) -> CoreResult<Login> {
    let username = username.trim().to_lowercase();
    let wrong = || CoreError::Unauthorized("Nama pengguna atau PIN salah.".into());
    let tx = store.conn_mut().transaction()?;
    let row = tx
        .query_row_cached(
            "SELECT id, display_name, role, official_id, pin_hash, active, failed_logins, last_failed_at, locked_until
             FROM account WHERE username = ?1",
            [&username],
            |r| {
                Ok(AccountRow {
                    id: r.get(0)?,
                    display_name: r.get(1)?,
                    role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Resepsionis),
                    official_id: r.get(3)?,
                    pin_hash: r.get(4)?,
                    active: r.get(5)?,
                    failed: r.get(6)?,
                    last_failed_at: r.get(7)?,
                    locked_until: r.get(8)?,
                })
            },
        )
        .optional()?;
    let Some(a) = row.filter(|a| a.active) else {
        // Unknown and inactive accounts cost the same time as a real check.
        let _ = accounts::verify_pin(pin, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
        log(
            &tx,
            ctx,
            &username,
            "login_failed",
            "akun tidak dikenal atau tidak aktif",
        )?;
        tx.commit()?;
        return Err(wrong());
    };
    if let Some(until) = a
        .locked_until
        .as_deref()
        .and_then(parse_time)
        .filter(|u| *u > ctx.now)
    {
        let tz = crate::desk::office::timezone(&tx).unwrap_or(chrono_tz::UTC);
        let local = until.with_timezone(&tz).format("%H.%M");
        let zone = crate::locale::zone_abbreviation(tz.name());
        log(&tx, ctx, &username, "login_refused_locked", "")?;
        tx.commit()?;
        return Err(CoreError::Unauthorized(format!(
            "Akun dikunci sampai pukul {local} {zone} karena terlalu banyak PIN salah. Hubungi admin untuk membukanya lebih cepat."
        )));
    }
    if let Some(last) = a.last_failed_at.as_deref().and_then(parse_time) {
        let ready = last + Duration::seconds(backoff_seconds(a.failed));
        if a.failed > 0 && ctx.now < ready {
            let wait = (ready - ctx.now).num_seconds().max(1);
            log(
                &tx,
                ctx,
                &username,
                "login_throttled",
                &format!("{wait} detik"),
            )?;
            tx.commit()?;
            return Err(CoreError::Unauthorized(format!(
                "Terlalu cepat setelah PIN salah; tunggu {wait} detik lalu coba lagi."
            )));
        }
    }
    if !accounts::verify_pin(pin, &a.pin_hash) {
        let failed = a.failed + 1;
        let lock = failed >= MAX_FAILED;
        let locked_until = lock.then(|| (ctx.now + Duration::minutes(LOCK_MINUTES)).to_rfc3339());
        tx.execute(
            "UPDATE account SET failed_logins = ?2, last_failed_at = ?3, locked_until = ?4 WHERE id = ?1",
            params![a.id, if lock { 0 } else { failed }, ctx.now.to_rfc3339(), locked_until],
        )?;
        log(
            &tx,
            ctx,
            &username,
            "login_failed",
            &format!("PIN salah ke-{failed}"),
        )?;
        if lock {
            log(
                &tx,
                ctx,
                &username,
                "locked",
                &format!("{LOCK_MINUTES} menit"),
            )?;
        }
        tx.commit()?;
        return Err(CoreError::Unauthorized(if lock {
            format!("PIN salah {MAX_FAILED} kali; akun dikunci {LOCK_MINUTES} menit.")
        } else {
            format!(
                "Nama pengguna atau PIN salah. Sisa {} percobaan sebelum akun dikunci.",
                MAX_FAILED - failed
            )
        }));
    }
    tx.execute(
        "UPDATE account SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = ?1",
        [a.id],
    )?;
    let token = new_token(&tx)?;
    let expires_at = ctx.now + Duration::hours(SESSION_HOURS);
    tx.execute(
        "INSERT INTO session (token_hash, account_id, created_at, expires_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?3)",
        params![token_hash(&token), a.id, ctx.now.to_rfc3339(), expires_at.to_rfc3339()],
    )?;
    log(&tx, ctx, &username, "login", "")?;
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
    let token = new_token(&tx)?;
    let expires_at = ctx.now + Duration::days(DISPLAY_DAYS);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wrong_pin_doubles_the_wait() {
        let waits: Vec<i64> = (0..8).map(backoff_seconds).collect();
        assert_eq!(waits, [0, 1, 2, 4, 8, 16, 32, 32]);
    }
}
