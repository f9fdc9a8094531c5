//! The admin's first-run checklist: after the first admin exists, what is left before the
//! desk can open — the office, its officials, the staff's accounts, the waiting-room display
//! and the ticket printer — each read from what the database holds, never ticked by hand
//! (except the printer, which Loket cannot see: the admin says a test ticket came out).
//! The list hides itself once every step is done, or when the admin dismisses it.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::desk::Ctx;
use crate::error::CoreResult;
use crate::store::Store;

/// The setting that remembers the printer's test and the dismissal.
const SETTING: &str = "first_run";

/// One step of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// "office", "officials", "accounts", "display", "printer".
    pub key: &'static str,
    pub label: &'static str,
    /// What to do there, in a sentence.
    pub hint: &'static str,
    pub done: bool,
}

/// The checklist as the admin's screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub steps: Vec<Step>,
    pub done: usize,
    pub total: usize,
    /// The admin closed the list before every step was done.
    pub dismissed: bool,
    /// Whether to show it: a step is left and it was not dismissed.
    pub show: bool,
}

/// What the admin tells the checklist.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// A test ticket came out of the printer.
    PrinterTested,
    /// Hide the list from now on.
    Dismiss,
    /// Show the list again.
    Restore,
}

fn setting(conn: &Connection) -> CoreResult<Value> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [SETTING], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({})))
}

fn exists(conn: &Connection, sql: &str) -> CoreResult<bool> {
    Ok(conn.query_row(&format!("SELECT EXISTS ({sql})"), [], |r| r.get(0))?)
}

/// The checklist at `ctx.now`.
pub fn checklist(store: &Store, ctx: &Ctx) -> CoreResult<Checklist> {
    let conn = store.conn();
    let saved = setting(conn)?;
    let office = crate::desk::office::region_and_unit(conn)?.is_some();
    let officials = exists(
        conn,
        "SELECT 1 FROM official o JOIN official_service s ON s.official_id = o.id WHERE o.active = 1",
    )?;
    let accounts = exists(
        conn,
        "SELECT 1 FROM account WHERE active = 1 AND role <> 'admin'",
    )?;
    let display: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM session WHERE device_kind = 'display'
                AND ended_at IS NULL AND expires_at > ?1)",
        [ctx.now.to_rfc3339()],
        |r| r.get(0),
    )?;
    let printer = saved["printer_tested_at"].is_string();
    let steps = vec![
        Step {
            key: "office",
            label: "Kantor",
            hint: "Pilih keputusan (kabupaten), bagian yang dilayani, dan jumlah laci kartu.",
            done: office,
        },
        Step {
            key: "officials",
            label: "Pejabat",
            hint: "Tambahkan pejabat (atau peran) beserta layanan yang mereka tangani.",
            done: officials,
        },
        Step {
            key: "accounts",
            label: "Akun petugas",
            hint: "Buat akun resepsionis, pejabat dan kepala bagian, masing-masing dengan PIN.",
            done: accounts,
        },
        Step {
            key: "display",
            label: "Layar ruang tunggu",
            hint: "Buat token layar dan buka layar panggilan di TV ruang tunggu.",
            done: display,
        },
        Step {
            key: "printer",
            label: "Printer tiket",
            hint: "Cetak tiket uji di printer 58 mm, lalu tandai bila hasilnya terbaca.",
            done: printer,
        },
    ];
    let done = steps.iter().filter(|s| s.done).count();
    let total = steps.len();
    let dismissed = saved["dismissed_at"].is_string();
    Ok(Checklist {
        show: done < total && !dismissed,
        steps,
        done,
        total,
        dismissed,
    })
}

/// Records what the admin told the checklist, and returns it anew.
pub fn mark(store: &mut Store, ctx: &Ctx, mark: Mark) -> CoreResult<Checklist> {
    {
        let tx = store.conn_mut().transaction()?;
        let mut saved = setting(&tx)?;
        let now = ctx.now.with_timezone(&Utc).to_rfc3339();
        match mark {
            Mark::PrinterTested => saved["printer_tested_at"] = json!(now),
            Mark::Dismiss => saved["dismissed_at"] = json!(now),
            Mark::Restore => saved["dismissed_at"] = Value::Null,
        }
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [SETTING, &saved.to_string()],
        )?;
        tx.commit()?;
    }
    checklist(store, ctx)
}
