//! Accounts: a username, a role, the official the account acts as, and a PIN kept only as an
//! Argon2id hash. The first run creates the admin; after that only an admin manages accounts.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Role;
use crate::desk::office::{self, clean_text};
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::{CachedQueryRow, Store};

/// Shortest and longest PIN. PINs set before this rule (4–8 digits) keep working until they
/// are next changed; the admin sees whose PIN is still shorter.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 6..=12;

/// An account as the admin edits it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub official_id: Option<i64>,
    /// A new PIN; required for a new account, optional when editing.
    #[serde(default)]
    pub pin: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// An account as screens show it (never its PIN hash).
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub official_id: Option<i64>,
    pub active: bool,
    pub locked: bool,
    /// Whether the PIN meets today's rule: `true`, `false` (set under the old, shorter rule:
    /// to be changed), or `None` (not known until it is next used or changed).
    pub pin_meets_rule: Option<bool>,
}

/// Checks a new PIN: digits only, 6–12 of them, and not one that is guessed first (all the
/// same digit, or digits counting up or down by one: 123456, 654321).
pub fn check_pin(pin: &str) -> CoreResult<()> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::invalid("PIN", "hanya boleh berisi angka (0–9)."));
    }
    if !PIN_DIGITS.contains(&pin.len()) {
        return Err(CoreError::invalid(
            "PIN",
            format!(
                "harus {}–{} angka (yang diisi {} angka).",
                PIN_DIGITS.start(),
                PIN_DIGITS.end(),
                pin.len()
            ),
        ));
    }
    let digits: Vec<i32> = pin.bytes().map(|b| i32::from(b - b'0')).collect();
    let steps: Vec<i32> = digits.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|&d| d == 0) {
        return Err(CoreError::invalid(
            "PIN",
            "tidak boleh angka yang sama semua; pilih PIN yang tidak mudah ditebak.",
        ));
    }
    if steps.iter().all(|&d| d == 1) || steps.iter().all(|&d| d == -1) {
        return Err(CoreError::invalid(
            "PIN",
            "tidak boleh angka berurutan (mis. 123456 atau 654321); pilih PIN yang tidak mudah ditebak.",
        ));
    }
    Ok(())
}

/// Whether a PIN in use meets today's rule (learnt at login, for the admin's list).
pub fn meets_rule(pin: &str) -> bool {
    check_pin(pin).is_ok()
}

/// Hashes a PIN with Argon2id and a fresh salt (PHC string).
pub fn hash_pin(pin: &str) -> CoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Storage(format!("hash PIN: {e}")))
}

/// Whether a PIN matches its stored hash.
pub fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub fn check_username(u: &str) -> CoreResult<String> {
    let u = u.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
    if !ok {
        return Err(CoreError::invalid(
            "Nama pengguna",
            "3–32 huruf kecil, angka, titik atau garis bawah.",
        ));
    }
    Ok(u)
}

/// Whether the database has any account yet, for a store's user (the command line).
pub fn exist(store: &Store) -> CoreResult<bool> {
    any(store.conn())
}

/// Whether any account exists (before the first admin, Loket asks to create one).
pub fn any(conn: &rusqlite::Connection) -> CoreResult<bool> {
    Ok(conn.query_row_cached("SELECT EXISTS (SELECT 1 FROM account)", [], |r| r.get(0))?)
}

fn row_to_account(r: &rusqlite::Row<'_>, now: &str) -> rusqlite::Result<Account> {
    let role: String = r.get(3)?;
    let role = Role::parse(&role).unwrap_or(Role::Resepsionis);
    let locked_until: Option<String> = r.get(6)?;
    Ok(Account {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role,
        role_label: role.label(),
        official_id: r.get(4)?,
        active: r.get(5)?,
        locked: locked_until.is_some_and(|u| u.as_str() > now),
        pin_meets_rule: r.get(7)?,
    })
}

/// Every account, by name.
pub fn list(store: &Store, ctx: &Ctx) -> CoreResult<Vec<Account>> {
    let now = ctx.now.to_rfc3339();
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, username, display_name, role, official_id, active,
                (SELECT max(t.locked_until) FROM login_throttle t
                 WHERE t.key LIKE 'akun:%' AND substr(t.key, -length(account.username) - 1) = ':' || account.username),
                pin_meets_rule
         FROM account ORDER BY display_name",
    )?;
    let rows = stmt.query_map([], |r| row_to_account(r, &now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates the first admin. Refused once any account exists.
pub fn bootstrap(
    store: &mut Store,
    ctx: &Ctx,
    username: &str,
    display_name: &str,
    pin: &str,
) -> CoreResult<Account> {
    if any(store.conn())? {
        return Err(CoreError::refused(
            "Admin pertama sudah dibuat; masuk dengan akun yang ada.",
        ));
    }
    save(
        store,
        ctx,
        &AccountInput {
            id: None,
            username: username.into(),
            display_name: display_name.into(),
            role: Role::Admin,
            official_id: None,
            pin: Some(pin.into()),
            active: true,
        },
        None,
    )
}

/// Adds or changes an account. A new PIN also unlocks it. A new PIN, a new role, a new
/// official or a deactivation ends the account's sessions, except `keep` (the session of
/// the admin saving their own account).
pub fn save(
    store: &mut Store,
    ctx: &Ctx,
    input: &AccountInput,
    keep: Option<&str>,
) -> CoreResult<Account> {
    let username = check_username(&input.username)?;
    let display_name = clean_text("Nama", &input.display_name, 100, true)?;
    if let Some(pin) = &input.pin {
        check_pin(pin)?;
    }
    let pin_hash = input.pin.as_deref().map(hash_pin).transpose()?;
    let tx = store.conn_mut().transaction()?;
    if let Some(id) = input.official_id {
        office::official(&tx, id)?;
    }
    if input.role == Role::Pejabat && input.official_id.is_none() {
        return Err(CoreError::invalid(
            "Pejabat",
            "akun pejabat harus terhubung ke seorang pejabat.",
        ));
    }
    let taken: Option<i64> = tx
        .query_row_cached(
            "SELECT id FROM account WHERE username = ?1",
            [&username],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() && taken != input.id {
        return Err(CoreError::invalid(
            "Nama pengguna",
            format!("\"{username}\" sudah dipakai."),
        ));
    }
    let id = match input.id {
        Some(id) => {
            let before: Option<(String, Option<i64>, String)> = tx
                .query_row_cached(
                    "SELECT role, official_id, username FROM account WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let changed = tx.execute(
                "UPDATE account SET username = ?2, display_name = ?3, role = ?4, official_id = ?5, active = ?6 WHERE id = ?1",
                params![id, username, display_name, input.role.as_str(), input.official_id, input.active],
            )?;
            if changed == 0 {
                return Err(CoreError::NotFound {
                    what: format!("Akun nomor {id}"),
                });
            }
            if let Some(hash) = &pin_hash {
                tx.execute(
                    "UPDATE account SET pin_hash = ?2, pin_meets_rule = 1, failed_logins = 0, locked_until = NULL WHERE id = ?1",
                    params![id, hash],
                )?;
                if let Some((_, _, old_username)) = &before {
                    super::sessions::clear_throttles(&tx, old_username)?;
                }
            }
            let reauthorised = before.as_ref().is_some_and(|(role, official, _)| {
                role != input.role.as_str() || *official != input.official_id
            });
            if !input.active || pin_hash.is_some() || reauthorised {
                super::sessions::end_sessions_of(&tx, ctx, id, keep)?;
            }
            id
        }
        None => {
            let hash = pin_hash
                .ok_or_else(|| CoreError::invalid("PIN", "wajib diisi untuk akun baru."))?;
            tx.execute(
                "INSERT INTO account (username, display_name, role, official_id, pin_hash, active, created_at, pin_meets_rule)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
                params![username, display_name, input.role.as_str(), input.official_id, hash, input.active, ctx.now.to_rfc3339()],
            )?;
            tx.last_insert_rowid()
        }
    };
    let now = ctx.now.to_rfc3339();
    let account = tx.query_row_cached(
        "SELECT id, username, display_name, role, official_id, active,
                (SELECT max(t.locked_until) FROM login_throttle t
                 WHERE t.key LIKE 'akun:%' AND substr(t.key, -length(account.username) - 1) = ':' || account.username),
                pin_meets_rule
         FROM account WHERE id = ?1",
        [id],
        |r| row_to_account(r, &now),
    )?;
    tx.commit()?;
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_checked_and_hashed_with_a_salt() {
        assert!(check_pin("258046").is_ok());
        assert!(check_pin("97531086").is_ok());
        for (pin, says) in [
            ("2580", "harus 6–12 angka (yang diisi 4 angka)"),
            ("1234567890123", "harus 6–12 angka"),
            ("12a456", "hanya boleh berisi angka"),
            ("111111", "sama semua"),
            ("123456", "berurutan"),
            ("654321", "berurutan"),
            ("3456789", "berurutan"),
        ] {
            let refused = check_pin(pin).unwrap_err().to_string();
            assert!(refused.contains(says), "{pin}: {refused}");
        }
        let a = hash_pin("2468").unwrap();
        let b = hash_pin("2468").unwrap();
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_pin("2468", &a));
        assert!(!verify_pin("2469", &a));
        assert!(!verify_pin("2468", "not a hash"));
    }
}
