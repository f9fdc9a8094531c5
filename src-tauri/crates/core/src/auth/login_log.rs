//! Reading the login log back: every login, wrong PIN, throttled attempt, lockout, logout and
//! device token made, as the admin's "Riwayat masuk" lists them — a range of office days,
//! newest first, a page at a time, times in the office's time zone. The log itself is
//! written by [`super::sessions`] and never changed.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_with_weekday, zone_abbreviation};
use crate::period::{self, Period};
use crate::store::Store;

/// Entries on one page.
pub const PAGE_SIZE: u32 = 50;
/// Days shown when the request names none: the last week.
pub const DEFAULT_DAYS: i64 = 7;

/// Arguments of `auth.log`: the first and last office day (else the last week up to today)
/// and the page (1 = the newest entries).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogArgs {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
}

/// One line of the log.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub id: i64,
    /// When, as stored (UTC, RFC 3339).
    pub at: String,
    /// When, in the office's time zone: "Senin, 23 November 2026 09.05 WITA".
    pub at_label: String,
    /// The user name typed (or the device's name).
    pub username: String,
    /// What happened, as stored: `login`, `login_failed`, `login_throttled`, `locked`, …
    pub event: String,
    /// What happened, in Indonesian.
    pub event_label: String,
    pub detail: String,
    /// A failure, a throttle or a lockout: shown in a warning colour.
    pub alarm: bool,
}

/// One page of the log for a range of days.
#[derive(Debug, Clone, Serialize)]
pub struct LogPage {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// "16 November 2026 s.d. 23 November 2026".
    pub period_label: String,
    pub zone: &'static str,
    pub page: u32,
    pub pages: u32,
    pub total: u32,
    pub entries: Vec<LogEntry>,
}

/// An event of the log in Indonesian, and whether it is a warning sign.
pub fn event_label(event: &str) -> (String, bool) {
    let (label, alarm) = match event {
        "login" => ("Masuk", false),
        "logout" => ("Keluar", false),
        "login_failed" => ("Gagal masuk", true),
        "login_throttled" => ("Ditahan: terlalu cepat setelah PIN salah", true),
        "locked" => ("Akun dikunci", true),
        "login_refused_locked" => ("Ditolak: akun sedang dikunci", true),
        "display_created" => ("Token layar ruang tunggu dibuat", false),
        "kiosk_created" => ("Token kios survei dibuat", false),
        "tablet_created" => ("Token tablet blanko dibuat", false),
        "unlocked" => ("Akun dibuka kuncinya oleh admin", false),
        "device_renamed" => ("Perangkat diganti namanya", false),
        "device_revoked" => ("Token perangkat dicabut", false),
        "device_days_set" => ("Masa berlaku token perangkat diubah", false),
        other => return (other.replace('_', " "), false),
    };
    (label.to_string(), alarm)
}

/// The log of the office days `from`..=`to` (in the office's time zone), newest first.
pub fn read(store: &Store, ctx: &Ctx, args: &LogArgs) -> CoreResult<LogPage> {
    let conn = store.conn();
    let tz = crate::desk::office::timezone(conn).unwrap_or(chrono_tz::UTC);
    let today = ctx.now.with_timezone(&tz).date_naive();
    let to = match &args.to {
        Some(d) => period::parse_day("Tanggal akhir", d)?,
        None => today,
    };
    let from = match &args.from {
        Some(d) => period::parse_day("Tanggal awal", d)?,
        None => to - Duration::days(DEFAULT_DAYS - 1),
    };
    let range = Period::new(from, to)?;
    let page = args.page.unwrap_or(1);
    if page == 0 {
        return Err(CoreError::invalid("Halaman", "mulai dari 1."));
    }
    let start = |day: NaiveDate| -> String {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        tz.from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
            .to_rfc3339()
    };
    let (lower, upper) = (start(range.from), start(range.to + Duration::days(1)));
    let total: u32 = conn.query_row(
        "SELECT count(*) FROM auth_log WHERE at >= ?1 AND at < ?2",
        params![lower, upper],
        |r| r.get(0),
    )?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, username, event, detail FROM auth_log
         WHERE at >= ?1 AND at < ?2 ORDER BY at DESC, id DESC LIMIT ?3 OFFSET ?4",
    )?;
    let zone = zone_abbreviation(tz.name());
    let entries = stmt
        .query_map(
            params![lower, upper, PAGE_SIZE, (page - 1) * PAGE_SIZE],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(id, at, username, event, detail)| {
            let at_label = DateTime::parse_from_rfc3339(&at)
                .map(|t| {
                    let local = t.with_timezone(&tz);
                    format!(
                        "{} {} {zone}",
                        date_with_weekday(local.date_naive()),
                        local.format("%H.%M")
                    )
                    .trim_end()
                    .to_string()
                })
                .unwrap_or_else(|_| at.clone());
            let (event_label, alarm) = event_label(&event);
            LogEntry {
                id,
                at,
                at_label,
                username,
                event,
                event_label,
                detail,
                alarm,
            }
        })
        .collect();
    Ok(LogPage {
        from: range.from,
        to: range.to,
        period_label: range.label(),
        zone,
        page,
        pages,
        total,
        entries,
    })
}
