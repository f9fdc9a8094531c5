//! The chief's daily guest log (Buku Tamu Harian): one row per visit of a day or a range,
//! with waiting and service times and compliance with the standard, ID numbers masked; and
//! its CSV form, as Excel in Indonesia opens it (UTF-8 with BOM, semicolons, CRLF).
//!
//! Every export is recorded (who, what, when) in the append-only `export_log`.

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::desk::events::{Card, CardReturn};
use crate::desk::{calendar_of, office, views, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::locale::{date_long, date_with_weekday};
use crate::store::Store;

/// Longest range one export may cover.
pub const MAX_DAYS: i64 = 366;

/// One visit in the guest log.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    pub no: usize,
    pub date: String,
    pub ticket: String,
    pub arrived: String,
    pub left: String,
    pub name: String,
    pub institution: String,
    /// The ID card, masked, and what became of it.
    pub id_card: String,
    pub service: String,
    pub purpose: String,
    pub official: String,
    pub waited_minutes: i64,
    pub service_minutes: Option<i64>,
    pub letter: String,
    pub outcome: String,
    /// "Ya", "Tidak", or "-" where the standard sets no limit in minutes or hours.
    pub within_limit: String,
}

/// The guest log of a period.
#[derive(Debug, Clone, Serialize)]
pub struct GuestLog {
    pub kabupaten: String,
    pub unit: String,
    pub period: String,
    pub rows: Vec<LogRow>,
}

fn card_text(v: &views::VisitView) -> String {
    let card = format!("{} {}", v.guest.id_type_label, v.guest.id_masked);
    match &v.card {
        Card::None => "-".to_string(),
        Card::Held {
            slot, left_behind, ..
        } => {
            let state = if *left_behind {
                "tertinggal"
            } else {
                "masih di laci"
            };
            format!("{card}, laci {slot}, {state}")
        }
        Card::Returned { to, .. } => {
            let who = match to {
                CardReturn::Guest => "dikembalikan ke tamu".to_string(),
                CardReturn::Other { name, relation } => format!("diambil {name} ({relation})"),
                CardReturn::Security { officer } => {
                    format!("diserahkan ke petugas keamanan {officer}")
                }
            };
            format!("{card}, {who}")
        }
    }
}

fn within_limit(v: &views::VisitView) -> String {
    match (v.service_minutes, v.limit.label.as_str()) {
        (_, "Tidak ditentukan") => "-".into(),
        (None, _) if v.limit.due.is_none() => "-".into(),
        _ if v.limit.over => "Tidak".into(),
        _ => "Ya".into(),
    }
}

fn outcome_text(v: &views::VisitView) -> String {
    match (&v.outcome, v.status) {
        (Some(o), _) if o.closed => o.result.clone(),
        (Some(o), _) => format!("{} (berlanjut)", o.result),
        (None, _) if v.not_present => "Tidak hadir saat dipanggil".into(),
        (None, s) => views::status_label(s).to_string(),
    }
}

/// Checks an export period: a real range of at most [`MAX_DAYS`] days.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> CoreResult<()> {
    if to < from {
        return Err(CoreError::invalid(
            "Periode",
            "tanggal akhir sebelum tanggal awal.",
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(CoreError::invalid(
            "Periode",
            format!("paling panjang {MAX_DAYS} hari."),
        ));
    }
    Ok(())
}

/// The guest log of the office days `from` to `to` (inclusive).
pub fn guest_log(store: &Store, ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> CoreResult<GuestLog> {
    check_period(from, to)?;
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let calendar = calendar_of(conn)?;
    let o = office::office(store)?;
    let mut stmt = conn.prepare(
        "SELECT id, office_day FROM visit WHERE office_day BETWEEN ?1 AND ?2 ORDER BY office_day, arrived_at, id",
    )?;
    let visits: Vec<(i64, String)> = stmt
        .query_map(params![from.to_string(), to.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::with_capacity(visits.len());
    for (i, (id, day)) in visits.into_iter().enumerate() {
        let v = views::visit_view(conn, id, tz, &calendar, ctx.now)?;
        rows.push(LogRow {
            no: i + 1,
            date: day,
            ticket: v.ticket.clone(),
            arrived: v.arrived.clone(),
            left: v.left.clone().unwrap_or_default(),
            name: v.guest.name.clone(),
            institution: v
                .guest
                .institution
                .clone()
                .unwrap_or_else(|| "Pribadi/masyarakat".into()),
            id_card: card_text(&v),
            service: v.service_name.clone(),
            purpose: v.purpose.clone(),
            official: v
                .official
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            waited_minutes: v.waited_minutes,
            service_minutes: v.service_minutes,
            letter: v
                .letter
                .as_ref()
                .map(|l| format!("{}, {}, {}", l.number, l.date, l.institution))
                .unwrap_or_default(),
            outcome: outcome_text(&v),
            within_limit: within_limit(&v),
        });
    }
    let period = if from == to {
        date_with_weekday(from)
    } else {
        format!("{} s.d. {}", date_long(from), date_long(to))
    };
    Ok(GuestLog {
        kabupaten: o.kabupaten.unwrap_or_default(),
        unit: o.unit_name.unwrap_or_default(),
        period,
        rows,
    })
}

/// The column headings of the log, in order.
pub const HEADINGS: [&str; 16] = [
    "No",
    "Tanggal",
    "Tiket",
    "Datang",
    "Pulang",
    "Nama",
    "Instansi",
    "Kartu identitas",
    "Layanan",
    "Keperluan",
    "Pejabat",
    "Tunggu (menit)",
    "Layanan (menit)",
    "SPT/SPPD",
    "Hasil",
    "Sesuai standar waktu",
];

fn csv_field(text: &str) -> String {
    // Excel would read a leading =, +, - or @ as a formula: keep such text as text.
    let formula = text.len() > 1 && text.starts_with(['=', '+', '-', '@']);
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The log as CSV for Excel in Indonesia: UTF-8 with BOM, `;` between fields, CRLF, a
/// heading row; a period without guests says so in its one row.
pub fn to_csv(log: &GuestLog) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADINGS.join(";"));
    out.push_str("\r\n");
    if log.rows.is_empty() {
        out.push_str(&csv_field(&format!("Tidak ada tamu pada {}.", log.period)));
        out.push_str("\r\n");
    }
    for r in &log.rows {
        let fields = [
            r.no.to_string(),
            r.date.clone(),
            r.ticket.clone(),
            r.arrived.clone(),
            r.left.clone(),
            r.name.clone(),
            r.institution.clone(),
            r.id_card.clone(),
            r.service.clone(),
            r.purpose.clone(),
            r.official.clone(),
            r.waited_minutes.to_string(),
            r.service_minutes.map(|m| m.to_string()).unwrap_or_default(),
            r.letter.clone(),
            r.outcome.clone(),
            r.within_limit.clone(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    out
}

/// Records an export: who, which period, which format, how many visits.
pub fn record_export(
    store: &mut Store,
    ctx: &Ctx,
    format: &str,
    from: NaiveDate,
    to: NaiveDate,
    visits: usize,
) -> CoreResult<()> {
    store.conn().execute(
        "INSERT INTO export_log (at, actor, format, date_from, date_to, visits) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ctx.now.to_rfc3339(), ctx.actor, format, from.to_string(), to.to_string(), visits as i64],
    )?;
    Ok(())
}
