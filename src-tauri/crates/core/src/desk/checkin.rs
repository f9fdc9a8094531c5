//! Check-in: a guest reaches the desk, shows the requirements, hands over the SPT/SPPD and
//! the ID card, fills in the blanko, and gets a queue ticket — the walk-in procedure of the
//! standards, recorded as the visit's first events in one transaction.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::custody::{check_day_open, hold_card};
use super::events::{AssignmentLetter, Blanko, CheckIn, Event};
use super::guest::{self, GuestInput};
use super::log::{self, Loaded};
use super::office::{self, clean_text};
use super::requirements::{desk_step, DeskStep};
use super::{calendar_of, Ctx};
use crate::calendar::{office_day, opening};
use crate::error::{CoreError, CoreResult};
use crate::standards::model::Service;
use crate::store::{CachedQueryRow, Store};

/// Largest group one ticket may stand for.
pub const MAX_GROUP: u32 = 50;

/// Longest purpose of a visit, in characters: a longer one is refused, never cut.
pub const MAX_PURPOSE: usize = 500;

/// What the receptionist fills in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    pub guest: GuestInput,
    /// The service's catalog id, e.g. `balangan-perekonomian-1`.
    pub service: String,
    pub purpose: String,
    #[serde(default)]
    pub official_id: Option<i64>,
    #[serde(default)]
    pub person_to_meet: Option<String>,
    #[serde(default = "one")]
    pub group_size: u32,
    /// The checklist items (the decree's words) the guest showed.
    #[serde(default)]
    pub shown: Vec<String>,
    /// Why the guest is admitted although something is missing.
    #[serde(default)]
    pub admitted_note: Option<String>,
    #[serde(default)]
    pub letter: Option<AssignmentLetter>,
    #[serde(default)]
    pub proposal_received: bool,
    #[serde(default)]
    pub blanko: Option<Blanko>,
    /// The drawer slot the ID card goes into, if the desk keeps it now.
    #[serde(default)]
    pub slot: Option<u32>,
}

fn one() -> u32 {
    1
}

/// What the desk tells the receptionist after a check-in.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedIn {
    pub visit_id: i64,
    pub ticket: String,
    pub missing: Vec<String>,
    pub warnings: Vec<String>,
}

/// The current standard of a service in the office's region, with its row id.
pub(crate) fn current_service(
    conn: &rusqlite::Connection,
    code: &str,
) -> CoreResult<(i64, String, Arc<Service>)> {
    let row: Option<(i64, String, String)> = conn
        .query_row_cached(
            "SELECT id, region, data FROM current_service WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, region, data) = row.ok_or_else(|| CoreError::ServiceNotFound {
        id: code.to_string(),
    })?;
    Ok((id, region, parsed_service(data)?))
}

/// A service standard parsed from its stored JSON. Every screen that shows a visit needs its
/// service, and a standard's row never changes once imported, so each distinct text is
/// parsed once per process and shared (the text itself is the key: processes that open
/// several databases, such as tests, never mix them up).
pub(crate) fn parsed_service(data: String) -> CoreResult<Arc<Service>> {
    static PARSED: OnceLock<Mutex<HashMap<String, Arc<Service>>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(Default::default);
    if let Some(service) = parsed
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&data)
    {
        return Ok(Arc::clone(service));
    }
    let service: Arc<Service> =
        Arc::new(serde_json::from_str(&data).map_err(|e| CoreError::Storage(e.to_string()))?);
    parsed
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(data, Arc::clone(&service));
    Ok(service)
}

/// The requirements of a service's list that apply to a guest: institution-only ones only
/// for guests who come for an institution. Both kinds: what the guest brings and the desk's
/// own steps (see [`super::requirements`]).
pub fn required_items(service: &Service, institutional: bool) -> Vec<String> {
    service
        .intake
        .checklist
        .iter()
        .filter(|c| institutional || !c.institution_only)
        .map(|c| c.text.clone())
        .collect()
}

/// The checklist the receptionist ticks: what the guest brings, without the desk's own
/// steps, which the form records.
pub fn guest_items(service: &Service, institutional: bool) -> Vec<String> {
    required_items(service, institutional)
        .into_iter()
        .filter(|t| desk_step(t).is_none())
        .collect()
}

/// What the check-in form says about one of the desk's steps.
enum StepState {
    /// The form records it (a slot chosen, the blanko filled, the letter taken, …).
    Done,
    /// Not yet, and the desk may do it later (the card into the drawer, the blanko from the
    /// tablet): a warning says so where the service needs it.
    Later,
    /// The guest did not bring it: a missing requirement, like an unticked one.
    Missing,
}

/// Whether the check-in form records a desk step.
fn desk_step_state(step: DeskStep, req: &CheckInRequest) -> StepState {
    let done = match step {
        DeskStep::HandsIdCard => req.slot.is_some(),
        DeskStep::FillsBlanko => req.blanko.is_some(),
        DeskStep::HandsLetter => req.letter.is_some(),
        DeskStep::HandsProposal => req.proposal_received,
        DeskStep::ComesInPerson => true,
    };
    match (done, step) {
        (true, _) => StepState::Done,
        // The SPT/SPPD is the institution's letter the guest brings.
        (false, DeskStep::HandsLetter) => StepState::Missing,
        // A proposal is handed over only "kalau ada".
        (false, _) => StepState::Later,
    }
}

fn check_letter(letter: &AssignmentLetter) -> CoreResult<AssignmentLetter> {
    let number = clean_text("Nomor SPT/SPPD", &letter.number, 100, true)
        .map_err(|e| e.at("letter_number"))?;
    let institution = clean_text("Instansi penerbit SPT/SPPD", &letter.institution, 150, true)
        .map_err(|e| e.at("letter_institution"))?;
    chrono::NaiveDate::parse_from_str(&letter.date, "%Y-%m-%d").map_err(|_| {
        CoreError::invalid(
            "Tanggal SPT/SPPD",
            "bukan tanggal yang sah; pilih tanggalnya.",
        )
        .at("letter_date")
    })?;
    Ok(AssignmentLetter {
        number,
        date: letter.date.clone(),
        institution,
        held: letter.held,
    })
}

/// Checks the blanko's fields.
pub(crate) fn check_blanko(b: &Blanko) -> CoreResult<Blanko> {
    Ok(Blanko {
        topic: clean_text("Topik konsultasi", &b.topic, 200, true).map_err(|e| e.at("topic"))?,
        questions: clean_text("Permasalahan/pertanyaan", &b.questions, 4000, true)
            .map_err(|e| e.at("questions"))?,
        documents: clean_text("Dokumen yang dibawa", &b.documents, 1000, false)
            .map_err(|e| e.at("documents"))?,
        contact: clean_text("Kontak tamu", &b.contact, 200, false).map_err(|e| e.at("contact"))?,
    })
}

/// The next ticket of a prefix on an office day: "P-007". Counters restart each day.
fn next_ticket(tx: &rusqlite::Transaction<'_>, day: &str, prefix: &str) -> CoreResult<String> {
    let last: i64 = tx.query_row_cached(
        "INSERT INTO ticket_counter (office_day, prefix, last) VALUES (?1, ?2, 1)
         ON CONFLICT (office_day, prefix) DO UPDATE SET last = last + 1
         RETURNING last",
        params![day, prefix],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}-{last:03}"))
}

/// Warnings about the time of arrival: outside the service's hours, in its break, on a
/// holiday — each saying when the service is open next.
pub(crate) fn hours_warnings(
    conn: &rusqlite::Connection,
    service: &Service,
    tz: chrono_tz::Tz,
    at: DateTime<Utc>,
) -> CoreResult<Vec<String>> {
    let Some(hours) = &service.hours else {
        return Ok(Vec::new());
    };
    let calendar = calendar_of(conn)?;
    Ok(opening(hours, tz, at, &calendar)
        .message(tz)
        .into_iter()
        .collect())
}

/// Checks a guest in. Refuses, changing nothing, when a field is wrong, a requirement is
/// missing and no note says why the guest is admitted anyway, or the card cannot go into
/// the slot.
pub fn check_in(store: &mut Store, ctx: &Ctx, req: &CheckInRequest) -> CoreResult<CheckedIn> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (office_region, _unit) = office::region_and_unit(&tx)?.ok_or_else(office::not_set_up)?;
    let tz = office::region_timezone(&tx, &office_region)?;
    let day = office_day(tz, ctx.now).to_string();
    check_day_open(&tx, &day, "check-in tamu baru tidak dapat dicatat lagi")?;
    if req.service.trim().is_empty() {
        return Err(CoreError::invalid(
            "Layanan",
            "belum dipilih; ketik nomor atau nama layanan yang diminta tamu, lalu Enter.",
        )
        .at("service"));
    }
    let (service_id, region, service) = current_service(&tx, &req.service)?;
    if region != office_region {
        return Err(CoreError::invalid(
            "Layanan",
            "bukan layanan kabupaten yang dilayani meja ini.",
        ));
    }
    let purpose =
        clean_text("Keperluan", &req.purpose, MAX_PURPOSE, true).map_err(|e| e.at("purpose"))?;
    let person_to_meet = req
        .person_to_meet
        .as_deref()
        .map(|p| clean_text("Orang yang ditemui", p, 100, false))
        .transpose()
        .map_err(|e| e.at("person_to_meet"))?
        .filter(|p| !p.is_empty());
    if req.group_size == 0 || req.group_size > MAX_GROUP {
        return Err(
            CoreError::invalid("Jumlah orang", format!("harus antara 1 dan {MAX_GROUP}."))
                .at("group_size"),
        );
    }
    if let Some(id) = req.official_id {
        let official = office::official(&tx, id)?;
        if !official.active {
            return Err(CoreError::refused(format!(
                "{} tidak aktif; pilih pejabat lain.",
                official.name
            )));
        }
    }
    let guest = guest::upsert(&tx, ctx, &req.guest)?;
    let institutional = guest.institution.is_some();
    let required = required_items(&service, institutional);
    let unknown: Vec<&String> = req.shown.iter().filter(|s| !required.contains(s)).collect();
    if let Some(item) = unknown.first() {
        return Err(CoreError::invalid(
            "Persyaratan",
            format!("\"{item}\" bukan persyaratan layanan ini."),
        ));
    }
    // What the guest brings is ticked; the desk's own steps follow from the form (a desk
    // step sent as ticked, as older screens did, counts for nothing either way).
    let mut shown: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for text in &required {
        let state = match desk_step(text) {
            None if req.shown.contains(text) => StepState::Done,
            None => StepState::Missing,
            Some(step) => desk_step_state(step, req),
        };
        match state {
            StepState::Done => shown.push(text.clone()),
            StepState::Missing => missing.push(text.clone()),
            StepState::Later => {}
        }
    }
    let admitted_note = req
        .admitted_note
        .as_deref()
        .map(|n| clean_text("Catatan penerimaan", n, 500, false))
        .transpose()
        .map_err(|e| e.at("admitted_note"))?
        .filter(|n| !n.is_empty());
    if !missing.is_empty() && admitted_note.is_none() {
        return Err(CoreError::refused(format!(
            "Persyaratan belum lengkap: {}. Cetak slip Kekurangan Persyaratan, atau isi catatan bila tamu tetap diterima.",
            missing.join("; ")
        )));
    }
    let letter = req.letter.as_ref().map(check_letter).transpose()?;
    if letter.is_some() && !institutional {
        return Err(CoreError::invalid(
            "SPT/SPPD",
            "hanya untuk tamu yang datang atas nama instansi; isi nama instansi.",
        )
        .at("institution"));
    }
    if req.proposal_received && service.intake.proposal.is_none() {
        return Err(CoreError::invalid(
            "Proposal",
            "layanan ini tidak menerima proposal.",
        ));
    }
    let blanko = req.blanko.as_ref().map(check_blanko).transpose()?;
    let mut warnings = hours_warnings(&tx, &service, tz, ctx.now)?;
    if service.intake.holds_id.is_some() && req.slot.is_none() {
        warnings.push("Kartu identitas belum disimpan di laci.".to_string());
    }
    if service.intake.blanko.is_some() && blanko.is_none() {
        warnings.push("Blanko konsultasi belum diisi.".to_string());
    }
    let prefix = office::prefix_for(&tx, &req.service, &service.unit)?;
    let ticket = next_ticket(&tx, &day, &prefix)?;
    tx.prepare_cached(
        "INSERT INTO visit (guest_id, service_id, office_day, ticket, arrived_at, status, service_code, official_id, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'waiting', ?6, ?7, ?5)",
    )?
    .execute(params![guest.id, service_id, day, ticket, ctx.now.to_rfc3339(), req.service, req.official_id])?;
    let visit_id = tx.last_insert_rowid();
    let check_in = CheckIn {
        service_code: req.service.clone(),
        purpose,
        official_id: req.official_id,
        person_to_meet,
        group_size: req.group_size,
        shown,
        missing: missing.clone(),
        admitted_note,
        letter,
        proposal_received: req.proposal_received,
        blanko,
        warnings: warnings.clone(),
    };
    log::insert(&tx, ctx, visit_id, &Event::CheckedIn(Box::new(check_in)))?;
    if let Some(slot) = req.slot {
        let mut visit: Loaded = log::load(&tx, visit_id)?;
        hold_card(&tx, ctx, &mut visit, &guest, slot)?;
    }
    tx.commit()?;
    Ok(CheckedIn {
        visit_id,
        ticket,
        missing,
        warnings,
    })
}

/// What the check-in form needs to know about a service before the guest is admitted.
#[derive(Debug, Clone, Serialize)]
pub struct Requirements {
    pub service: String,
    pub name: String,
    pub unit: String,
    /// The checklist items the guest must show (institution-only ones for institutions),
    /// without the desk's own steps.
    pub checklist: Vec<String>,
    /// The desk's own steps of the service's list, which the form records (a slot chosen,
    /// the blanko filled, …) instead of a tick.
    pub desk_steps: Vec<DeskStepItem>,
    pub holds_id: bool,
    pub blanko: bool,
    pub spt: bool,
    pub proposal: bool,
    pub time_limit_label: String,
    /// Why now is outside the service's hours, and when it is open next.
    pub warnings: Vec<String>,
}

/// One of the desk's own steps in a service's list: which, and the decree's words.
#[derive(Debug, Clone, Serialize)]
pub struct DeskStepItem {
    pub step: DeskStep,
    pub text: String,
}

/// The requirements of a service for a guest, and whether it is open now.
pub fn requirements(
    store: &Store,
    ctx: &Ctx,
    code: &str,
    institutional: bool,
) -> CoreResult<Requirements> {
    let conn = store.conn();
    let tz = office::timezone(conn)?;
    let (_, _, service) = current_service(conn, code)?;
    let unit = office::region_and_unit(conn)?
        .and_then(|(region, _)| office::region_header(conn, &region).ok().flatten())
        .and_then(|h| h.units.into_iter().find(|u| u.id == service.unit))
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Requirements {
        service: code.to_string(),
        name: service.name.clone(),
        unit,
        checklist: guest_items(&service, institutional),
        desk_steps: required_items(&service, institutional)
            .into_iter()
            .filter_map(|text| desk_step(&text).map(|step| DeskStepItem { step, text }))
            .collect(),
        holds_id: service.intake.holds_id.is_some(),
        blanko: service.intake.blanko.is_some(),
        spt: service.intake.spt.is_some(),
        proposal: service.intake.proposal.is_some(),
        time_limit_label: service.time_limit.label(),
        warnings: hours_warnings(conn, &service, tz, ctx.now)?,
    })
}
