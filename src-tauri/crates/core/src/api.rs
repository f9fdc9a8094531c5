//! The one dispatcher every screen talks to.
//!
//! A screen sends a [`Request`] (`{"op": "catalog.search", "args": {...}}`) and gets back JSON
//! or a [`CoreError`]. The desktop window reaches it over Tauri IPC and, in a later issue,
//! browsers on the LAN over HTTP: both transports are thin adapters over [`dispatch`], so no
//! behaviour exists in one and not the other.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::accounts::{self, AccountInput};
use crate::auth::{login_log, permissions, sessions, Principal};
use crate::catalog::{self, Filter};
use crate::complaints::{self, ListArgs, NewComplaint, Update};
use crate::desk::checkin::{self, CheckInRequest};
use crate::desk::correction::{self, CorrectionRequest};
use crate::desk::custody::{CloseRequest, Ending};
use crate::desk::events::{Blanko, CardReturn, Outcome};
use crate::desk::office::{self, Official, Setup};
use crate::desk::queue::{self, Transfer};
use crate::desk::{custody, display, guest, history, tablet, views, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::network;
use crate::period::{self, Period, Span};
use crate::privacy;
use crate::report;
use crate::store::{backup, Store};
use crate::survey::{pending, recap, response};

/// Most search hits a screen may ask for at once.
pub const MAX_SEARCH_LIMIT: usize = 100;
/// Hits returned when a screen does not say how many.
pub const DEFAULT_SEARCH_LIMIT: usize = 30;

/// Every operation the dispatcher knows, in one place: the [`Request`] variants, and the
/// three [`handle`] answers before a session exists (`auth.status`, `auth.login`,
/// `auth.bootstrap`). A test checks it against the enum.
pub const OPS: &[&str] = &[
    "auth.status",
    "auth.login",
    "auth.bootstrap",
    "catalog.overview",
    "catalog.list",
    "catalog.search",
    "catalog.show",
    "office.get",
    "office.setup",
    "office.save_official",
    "office.add_holiday",
    "office.holidays",
    "office.remove_holiday",
    "guest.find",
    "desk.requirements",
    "desk.check_in",
    "desk.today",
    "desk.hold_card",
    "desk.return_card",
    "desk.check_out",
    "desk.left_behind",
    "desk.close_day",
    "desk.settle",
    "visit.show",
    "visit.fill_blanko",
    "visit.correct",
    "blanko.tickets",
    "blanko.submit",
    "queue.list",
    "queue.call_next",
    "queue.call",
    "queue.recall",
    "queue.start",
    "queue.finish",
    "queue.not_present",
    "queue.transfer",
    "queue.hold",
    "queue.resume",
    "display.state",
    "auth.whoami",
    "auth.logout",
    "auth.accounts",
    "auth.save_account",
    "auth.create_display",
    "auth.create_kiosk",
    "auth.log",
    "auth.create_tablet",
    "skm.pending",
    "skm.submit",
    "skm.report",
    "complaint.record",
    "complaint.update",
    "complaint.list",
    "complaint.show",
    "report.performance",
    "backup.list",
    "backup.create",
    "backup.restore",
    "backup.set_keep",
    "privacy.status",
    "privacy.set_retention",
    "privacy.apply_retention",
    "privacy.subject",
    "privacy.erase",
    "lan.listen",
    "lan.set_listen",
];

/// The operations [`handle`] answers without a session, before reading a [`Request`].
pub const SESSIONLESS_OPS: &[&str] = &["auth.status", "auth.login", "auth.bootstrap"];

/// An operation and its arguments.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", content = "args", deny_unknown_fields)]
pub enum Request {
    /// Regions and bagian of the catalog, for the filters.
    #[serde(rename = "catalog.overview")]
    CatalogOverview,
    /// Every service, optionally of one region or bagian.
    #[serde(rename = "catalog.list")]
    CatalogList(#[serde(default)] Filter),
    /// Full-text search.
    #[serde(rename = "catalog.search")]
    CatalogSearch(SearchArgs),
    /// One service with its whole standard.
    #[serde(rename = "catalog.show")]
    CatalogShow(ShowArgs),

    /// The office's setup and officials.
    #[serde(rename = "office.get")]
    OfficeGet,
    #[serde(rename = "office.setup")]
    OfficeSetup(Setup),
    #[serde(rename = "office.save_official")]
    OfficeSaveOfficial(Official),
    /// Adds a holiday (or cuti bersama) to the shipped calendar.
    #[serde(rename = "office.add_holiday")]
    OfficeAddHoliday(HolidayArgs),
    /// The holidays the admin added (and what the shipped calendar covers).
    #[serde(rename = "office.holidays")]
    OfficeHolidays,
    /// Removes a holiday the admin added.
    #[serde(rename = "office.remove_holiday")]
    OfficeRemoveHoliday(DateArgs),

    /// Returning guests as the receptionist types.
    #[serde(rename = "guest.find")]
    GuestFind(FindArgs),

    /// What the desk checks for a service: the checklist, the intake, the hours right now.
    #[serde(rename = "desk.requirements")]
    DeskRequirements(RequirementsArgs),
    #[serde(rename = "desk.check_in")]
    DeskCheckIn(Box<CheckInRequest>),
    /// Today's visits, the drawer and its free slots.
    #[serde(rename = "desk.today")]
    DeskToday,
    #[serde(rename = "desk.hold_card")]
    DeskHoldCard(HoldArgs),
    #[serde(rename = "desk.return_card")]
    DeskReturnCard(ReturnArgs),
    #[serde(rename = "desk.check_out")]
    DeskCheckOut(VisitArgs),
    #[serde(rename = "desk.left_behind")]
    DeskLeftBehind(VisitArgs),
    /// Closes today or an earlier day, recording what happened to each card and guest.
    #[serde(rename = "desk.close_day")]
    DeskCloseDay(Option<CloseRequest>),
    /// How a visit ends at the desk: the guest goes, the card goes back or is left behind.
    #[serde(rename = "desk.settle")]
    DeskSettle(SettleArgs),

    /// One visit with its history.
    #[serde(rename = "visit.show")]
    VisitShow(VisitArgs),
    #[serde(rename = "visit.fill_blanko")]
    VisitFillBlanko(BlankoArgs),
    /// A typed correction: purpose, person to meet, group size, card slot, or a void.
    #[serde(rename = "visit.correct")]
    VisitCorrect(CorrectArgs),

    /// The blanko tablet's waiting screen: today's tickets awaiting a blanko (numbers only).
    #[serde(rename = "blanko.tickets")]
    BlankoTickets,
    /// A guest's blanko, from the tablet.
    #[serde(rename = "blanko.submit")]
    BlankoSubmit(BlankoArgs),

    /// The queue as one official sees it.
    #[serde(rename = "queue.list")]
    QueueList(OfficialArgs),
    #[serde(rename = "queue.call_next")]
    QueueCallNext(OfficialArgs),
    #[serde(rename = "queue.call")]
    QueueCall(OfficialVisitArgs),
    #[serde(rename = "queue.recall")]
    QueueRecall(OfficialVisitArgs),
    #[serde(rename = "queue.start")]
    QueueStart(OfficialVisitArgs),
    #[serde(rename = "queue.finish")]
    QueueFinish(FinishArgs),
    #[serde(rename = "queue.not_present")]
    QueueNotPresent(OfficialVisitArgs),
    #[serde(rename = "queue.transfer")]
    QueueTransfer(TransferArgs),
    #[serde(rename = "queue.hold")]
    QueueHold(ReasonArgs),
    #[serde(rename = "queue.resume")]
    QueueResume(VisitArgs),

    /// What the waiting-room display shows: the calls, who waits, the hours, the maklumat.
    #[serde(rename = "display.state")]
    DisplayState,

    /// The chief's figures for a day, a week or a month: waits, service times, compliance
    /// with the standard, charts, the SKM index.
    #[serde(rename = "report.performance")]
    ReportPerformance(PerformanceArgs),

    /// Who is logged in.
    #[serde(rename = "auth.whoami")]
    AuthWhoami,
    #[serde(rename = "auth.logout")]
    AuthLogout,
    /// Every account.
    #[serde(rename = "auth.accounts")]
    AuthAccounts,
    #[serde(rename = "auth.save_account")]
    AuthSaveAccount(AccountInput),
    /// A token for a waiting-room display.
    #[serde(rename = "auth.create_display")]
    AuthCreateDisplay(DisplayArgs),
    /// A token for a survey kiosk.
    #[serde(rename = "auth.create_kiosk")]
    AuthCreateKiosk(DisplayArgs),
    /// The login log: logins, failures, throttles, lockouts, newest first, a page at a time.
    #[serde(rename = "auth.log")]
    AuthLog(#[serde(default)] login_log::LogArgs),
    /// A token for a blanko tablet.
    #[serde(rename = "auth.create_tablet")]
    AuthCreateTablet(DisplayArgs),

    /// The kiosk's waiting screen: today's served visits awaiting a survey.
    #[serde(rename = "skm.pending")]
    SkmPending,
    /// One survey answer sheet for a visit, from the kiosk.
    #[serde(rename = "skm.submit")]
    SkmSubmit(response::Submission),
    /// The survey index of a period, per element, service, bagian and month.
    #[serde(rename = "skm.report")]
    SkmReport(Period),

    /// A complaint, suggestion or feedback received.
    #[serde(rename = "complaint.record")]
    ComplaintRecord(NewComplaint),
    /// A complaint's status, handler or follow-up changed.
    #[serde(rename = "complaint.update")]
    ComplaintUpdate(Update),
    /// The complaints of a period with the recap's counts; contacts masked.
    #[serde(rename = "complaint.list")]
    ComplaintList(ListArgs),
    /// One complaint in full, with its contact and history.
    #[serde(rename = "complaint.show")]
    ComplaintShow(IdArgs),

    /// The backups folder: every backup with its date and size, and how many daily are kept.
    #[serde(rename = "backup.list")]
    BackupList,
    /// A backup made now, on demand.
    #[serde(rename = "backup.create")]
    BackupCreate,
    /// Restores a backup of the folder by its name (the current data backed up first).
    #[serde(rename = "backup.restore")]
    BackupRestore(NameArgs),
    /// How many daily backups are kept.
    #[serde(rename = "backup.set_keep")]
    BackupSetKeep(KeepArgs),

    /// The retention of personal data, what it means today, and the data log.
    #[serde(rename = "privacy.status")]
    PrivacyStatus,
    /// Sets the retention in months.
    #[serde(rename = "privacy.set_retention")]
    PrivacySetRetention(RetentionArgs),
    /// Anonymises the guests whose last visit is older than the retention.
    #[serde(rename = "privacy.apply_retention")]
    PrivacyApplyRetention,
    /// Everything held about a guest, for their request to see it.
    #[serde(rename = "privacy.subject")]
    PrivacySubject(GuestArgs),
    /// Anonymises a guest at their request.
    #[serde(rename = "privacy.erase")]
    PrivacyErase(EraseArgs),

    /// Where the hub listens on the LAN from its next start, and what officials will open.
    #[serde(rename = "lan.listen")]
    LanListen,
    /// Stores the listen address for the next start.
    #[serde(rename = "lan.set_listen")]
    LanSetListen(network::ListenInput),
}

/// A backup by its file name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameArgs {
    pub name: String,
}

/// Arguments of `backup.set_keep`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeepArgs {
    pub daily: u32,
}

/// Arguments of `privacy.set_retention`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionArgs {
    pub months: u32,
}

/// A guest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestArgs {
    pub guest_id: i64,
}

/// Arguments of `privacy.erase`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseArgs {
    pub guest_id: i64,
    pub reason: String,
}

/// A record by its id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdArgs {
    pub id: i64,
}

/// Arguments of `report.performance`: the day (else the office's today) and the span around it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceArgs {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub span: Span,
}

/// Arguments of an export of the guest log: the first day, the last (else the first), the
/// format (`xlsx`, `pdf` or `csv`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportArgs {
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    pub format: String,
}

/// The guest log of a period as a file, for the session whose token comes with it: the
/// desktop window's save dialog and the browser's download both come here. The file is not
/// JSON, so this sits beside [`handle`] with the same checks: session, then role.
pub fn export(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    args: ExportArgs,
) -> CoreResult<report::Export> {
    let principal = sessions::authenticate(store, token, now)?;
    permissions::check(&principal, "report.export")?;
    let ctx = Ctx {
        actor: principal.actor(),
        now,
    };
    let from = period::parse_day("Tanggal awal", &args.from)?;
    let to = match &args.to {
        Some(to) => period::parse_day("Tanggal akhir", to)?,
        None => from,
    };
    let format = report::Format::parse(&args.format)?;
    report::export(store, &ctx, from, to, format)
}

/// Arguments of `auth.create_display`, `auth.create_kiosk` and `auth.create_tablet`: the
/// device's name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayArgs {
    pub name: String,
}

/// Arguments of the operations used without a session.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginArgs {
    username: String,
    pin: String,
    #[serde(default)]
    display_name: Option<String>,
}

impl Request {
    /// The official a queue operation acts as, for the check that an official acts only as
    /// themselves.
    fn acting_official(&self) -> Option<i64> {
        match self {
            Request::QueueList(a) | Request::QueueCallNext(a) => Some(a.official_id),
            Request::QueueCall(a)
            | Request::QueueRecall(a)
            | Request::QueueStart(a)
            | Request::QueueNotPresent(a) => Some(a.official_id),
            Request::QueueFinish(a) => Some(a.official_id),
            _ => None,
        }
    }

    /// The visit a queue operation acts on, for the check that a pejabat acts only on their
    /// own guests.
    fn acting_visit(&self) -> Option<i64> {
        match self {
            Request::QueueCall(a)
            | Request::QueueRecall(a)
            | Request::QueueStart(a)
            | Request::QueueNotPresent(a) => Some(a.visit_id),
            Request::QueueFinish(a) => Some(a.visit_id),
            Request::QueueTransfer(a) => Some(a.visit_id),
            Request::QueueHold(a) => Some(a.visit_id),
            Request::QueueResume(a) => Some(a.visit_id),
            _ => None,
        }
    }
}

/// A day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateArgs {
    pub date: String,
}

/// A visit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitArgs {
    pub visit_id: i64,
}

/// An official.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialArgs {
    pub official_id: i64,
}

/// An official acting on a visit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialVisitArgs {
    pub official_id: i64,
    pub visit_id: i64,
}

/// Arguments of `queue.finish`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishArgs {
    pub official_id: i64,
    pub visit_id: i64,
    pub outcome: Outcome,
}

/// Arguments of `queue.transfer`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferArgs {
    pub visit_id: i64,
    #[serde(flatten)]
    pub transfer: Transfer,
}

/// A visit and a reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonArgs {
    pub visit_id: i64,
    pub reason: String,
}

/// Arguments of `desk.hold_card`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldArgs {
    pub visit_id: i64,
    pub slot: u32,
}

/// Arguments of `desk.return_card`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnArgs {
    pub visit_id: i64,
    pub to: CardReturn,
}

/// Arguments of `desk.settle`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleArgs {
    pub visit_id: i64,
    pub ending: Ending,
}

/// Arguments of `visit.fill_blanko`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlankoArgs {
    pub visit_id: i64,
    pub blanko: Blanko,
}

/// Arguments of `visit.correct`: what is corrected, and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectArgs {
    pub visit_id: i64,
    pub correction: CorrectionRequest,
    pub note: String,
}

/// Arguments of `guest.find`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindArgs {
    pub query: String,
}

/// Arguments of `desk.requirements`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementsArgs {
    pub service: String,
    #[serde(default)]
    pub institutional: bool,
}

/// Arguments of `office.add_holiday`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayArgs {
    pub date: String,
    pub name: String,
    #[serde(default)]
    pub cuti_bersama: bool,
}

/// Arguments of `catalog.search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    pub query: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// Arguments of `catalog.show`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowArgs {
    pub id: String,
}

fn to_json<T: serde::Serialize>(value: T) -> CoreResult<Value> {
    serde_json::to_value(value).map_err(|e| CoreError::Storage(e.to_string()))
}

/// Reads a request from JSON, with a message that says what was wrong with it.
pub fn parse_request(value: Value) -> CoreResult<Request> {
    serde_json::from_value(value).map_err(|e| CoreError::BadRequest(e.to_string()))
}

/// Operations that only read: every other operation may change what screens show, so the
/// hub tells every live screen after it succeeds.
const READ_ONLY: &[&str] = &[
    "auth.status",
    "auth.login",
    "auth.logout",
    "auth.whoami",
    "auth.accounts",
    "catalog.overview",
    "catalog.list",
    "catalog.search",
    "catalog.show",
    "office.get",
    "office.holidays",
    "auth.log",
    "guest.find",
    "desk.requirements",
    "desk.today",
    "visit.show",
    "queue.list",
    "display.state",
    "skm.pending",
    "blanko.tickets",
    "skm.report",
    "complaint.list",
    "complaint.show",
    "report.performance",
    "backup.list",
    "privacy.status",
    "privacy.subject",
    "lan.listen",
];

/// Whether a successful `op` may have changed what some screen shows.
pub fn changes_state(op: &str) -> bool {
    !READ_ONLY.contains(&op)
}

/// Operations that never write, not even a log line: they may run on a connection of their
/// own beside the writer ([`handle_reading`]), so that screens reading the queue do not wait
/// behind the desk's writes.
const PURE_READS: &[&str] = &[
    "auth.whoami",
    "catalog.overview",
    "catalog.list",
    "catalog.search",
    "catalog.show",
    "office.get",
    "office.holidays",
    "auth.log",
    "guest.find",
    "desk.requirements",
    "desk.today",
    "visit.show",
    "queue.list",
    "display.state",
    "blanko.tickets",
    "skm.report",
    "complaint.list",
    "complaint.show",
    "report.performance",
    "lan.listen",
];

/// Whether `op` never writes, so that it may run on a reading connection.
pub fn reads_only(op: &str) -> bool {
    PURE_READS.contains(&op)
}

/// What a transport hands over: the request as JSON and the session token that came with it.
/// Every request is checked here — session, role, acting official — before it is carried
/// out, so the desktop window and the LAN get the same answers.
pub fn handle(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    request: Value,
) -> CoreResult<Value> {
    let op = request
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| CoreError::BadRequest("permintaan tanpa \"op\"".into()))?
        .to_string();
    // The few operations used before a session exists.
    let anonymous = Ctx {
        actor: "belum masuk".into(),
        now,
    };
    match op.as_str() {
        "auth.status" => {
            return Ok(json!({ "has_accounts": accounts::any(store.conn())? }));
        }
        "auth.login" | "auth.bootstrap" => {
            let args: LoginArgs =
                serde_json::from_value(request.get("args").cloned().unwrap_or(Value::Null))
                    .map_err(|e| CoreError::BadRequest(e.to_string()))?;
            if op == "auth.bootstrap" {
                let name = args.display_name.as_deref().unwrap_or("Admin");
                accounts::bootstrap(store, &anonymous, &args.username, name, &args.pin)?;
            }
            return to_json(sessions::login(
                store,
                &anonymous,
                &args.username,
                &args.pin,
            )?);
        }
        _ => {}
    }
    let principal = sessions::authenticate(store, token, now)?;
    carry_out(store, now, token, &principal, &op, request, None)
}

/// [`handle`] on a connection that only reads (e.g. opened with [`Store::open_reader`]):
/// the same checks and the same answers, for the operations that never write. `Ok(None)`
/// when the request must go to [`handle`] instead: an operation that writes, or a session
/// due to be marked used. The waiting-room display's state comes from `shared` when nothing
/// was written since another display asked.
pub fn handle_reading(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    request: &Value,
    shared: &display::SharedState,
) -> CoreResult<Option<Value>> {
    let Some(op) = request.get("op").and_then(Value::as_str) else {
        return Ok(None);
    };
    if !reads_only(op) {
        return Ok(None);
    }
    let version = shared.version();
    // One read transaction around the whole operation: its several queries see one snapshot
    // of the database, never half of a write the desk commits meanwhile.
    store.conn().execute_batch("BEGIN DEFERRED")?;
    let answer = sessions::authenticate_reading(store, token, now).and_then(|principal| {
        principal
            .map(|principal| {
                let shared = Some((shared, version));
                carry_out(store, now, token, &principal, op, request.clone(), shared)
            })
            .transpose()
    });
    // Ending a transaction that wrote nothing only lets go of the snapshot; should it fail,
    // the connection must still not stay inside it.
    if store.conn().execute_batch("COMMIT").is_err() {
        let _ = store.conn().execute_batch("ROLLBACK");
    }
    answer
}

/// Carries out a request for an authenticated principal: role, acting official, then the
/// operation; the display's state from `shared` (with the version read before the reading
/// began) where there is one.
fn carry_out(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    principal: &Principal,
    op: &str,
    request: Value,
    shared: Option<(&display::SharedState, u64)>,
) -> CoreResult<Value> {
    permissions::check(principal, op)?;
    let parsed = parse_request(request)?;
    if let Some(official_id) = parsed.acting_official() {
        permissions::check_acting_official(principal, official_id)?;
    }
    if let Some(visit_id) = parsed.acting_visit() {
        permissions::check_acting_on_visit(store.conn(), principal, visit_id)?;
    }
    let ctx = Ctx {
        actor: principal.actor(),
        now,
    };
    if let (Request::DisplayState, Some((shared, version))) = (&parsed, shared) {
        return to_json(&*shared.state(store, &ctx, version)?);
    }
    match parsed {
        Request::AuthWhoami => to_json(principal),
        Request::AuthLogout => {
            sessions::logout(store, &ctx, token.unwrap_or_default())?;
            Ok(json!({ "ok": true }))
        }
        other => dispatch(store, &ctx, other),
    }
}

/// Carries out one request on behalf of `ctx.actor` at `ctx.now`, without checking who asks:
/// for [`handle`], the command line on the hub's own machine, and tests.
pub fn dispatch(store: &mut Store, ctx: &Ctx, request: Request) -> CoreResult<Value> {
    let done = || Ok(json!({ "ok": true }));
    match request {
        Request::CatalogOverview => to_json(catalog::overview(store)?),
        Request::CatalogList(filter) => to_json(catalog::list(store, &filter)?),
        Request::CatalogSearch(args) => {
            let limit = args.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
            if limit == 0 || limit > MAX_SEARCH_LIMIT {
                return Err(CoreError::BadRequest(format!(
                    "limit harus antara 1 dan {MAX_SEARCH_LIMIT}"
                )));
            }
            let filter = Filter {
                region: args.region,
                unit: args.unit,
            };
            let hits = catalog::search(store, &args.query, &filter, limit)?;
            Ok(json!({ "query": args.query, "hits": to_json(hits)? }))
        }
        Request::CatalogShow(args) => to_json(catalog::show(store, &args.id)?),

        Request::OfficeGet => to_json(office::office(store)?),
        Request::OfficeSetup(setup) => to_json(office::save_setup(store, &setup)?),
        Request::OfficeSaveOfficial(o) => to_json(office::save_official(store, ctx, &o)?),
        Request::OfficeAddHoliday(h) => {
            office::add_holiday(store, &h.date, &h.name, h.cuti_bersama)?;
            done()
        }
        Request::OfficeHolidays => to_json(office::holidays(store)?),
        Request::OfficeRemoveHoliday(a) => {
            office::remove_holiday(store, &a.date)?;
            done()
        }

        Request::GuestFind(args) => to_json(guest::find(store, &args.query)?),

        Request::DeskRequirements(args) => to_json(checkin::requirements(
            store,
            ctx,
            &args.service,
            args.institutional,
        )?),
        Request::DeskCheckIn(req) => to_json(checkin::check_in(store, ctx, &req)?),
        Request::DeskToday => to_json(views::today(store, ctx)?),
        Request::DeskHoldCard(a) => {
            custody::hold(store, ctx, a.visit_id, a.slot)?;
            done()
        }
        Request::DeskReturnCard(a) => {
            custody::return_card(store, ctx, a.visit_id, &a.to)?;
            done()
        }
        Request::DeskCheckOut(a) => {
            custody::check_out(store, ctx, a.visit_id)?;
            done()
        }
        Request::DeskLeftBehind(a) => {
            custody::left_behind(store, ctx, a.visit_id)?;
            done()
        }
        Request::DeskCloseDay(a) => to_json(custody::close(store, ctx, &a.unwrap_or_default())?),
        Request::DeskSettle(a) => {
            custody::settle(store, ctx, a.visit_id, &a.ending)?;
            done()
        }

        Request::VisitShow(a) => Ok(json!({
            "visit": to_json(views::visit_view_now(store, ctx, a.visit_id)?)?,
            "history": to_json(views::history(store, a.visit_id)?)?,
            "entries": to_json(history::entries(store, a.visit_id)?)?,
        })),
        Request::VisitFillBlanko(a) => {
            queue::fill_blanko(store, ctx, a.visit_id, &a.blanko)?;
            done()
        }
        Request::VisitCorrect(a) => {
            correction::correct(store, ctx, a.visit_id, &a.correction, &a.note)?;
            done()
        }
        Request::BlankoTickets => to_json(tablet::tickets(store, ctx)?),
        Request::BlankoSubmit(a) => {
            tablet::submit(store, ctx, a.visit_id, &a.blanko)?;
            done()
        }

        Request::QueueList(a) => to_json(views::official_queue(store, ctx, a.official_id)?),
        Request::QueueCallNext(a) => {
            let visit_id = queue::call_next(store, ctx, a.official_id)?;
            to_json(views::visit_view_now(store, ctx, visit_id)?)
        }
        Request::QueueCall(a) => {
            queue::call(store, ctx, a.official_id, a.visit_id)?;
            done()
        }
        Request::QueueRecall(a) => {
            queue::recall(store, ctx, a.official_id, a.visit_id)?;
            done()
        }
        Request::QueueStart(a) => {
            queue::start(store, ctx, a.official_id, a.visit_id)?;
            done()
        }
        Request::QueueFinish(a) => {
            queue::finish(store, ctx, a.official_id, a.visit_id, &a.outcome)?;
            done()
        }
        Request::QueueNotPresent(a) => {
            queue::not_present(store, ctx, a.official_id, a.visit_id)?;
            done()
        }
        Request::QueueTransfer(a) => {
            queue::transfer(store, ctx, a.visit_id, &a.transfer)?;
            done()
        }
        Request::QueueHold(a) => {
            queue::hold(store, ctx, a.visit_id, &a.reason)?;
            done()
        }
        Request::QueueResume(a) => {
            queue::resume(store, ctx, a.visit_id)?;
            done()
        }

        Request::DisplayState => to_json(display::state(store, ctx)?),

        Request::ReportPerformance(a) => {
            let date = a
                .date
                .as_deref()
                .map(|d| period::parse_day("Tanggal", d))
                .transpose()?;
            to_json(report::performance(store, ctx, date, a.span)?)
        }

        Request::AuthWhoami | Request::AuthLogout => Err(CoreError::BadRequest(
            "hanya melalui sesi yang masuk".into(),
        )),
        Request::AuthAccounts => to_json(accounts::list(store, ctx)?),
        Request::AuthSaveAccount(a) => to_json(accounts::save(store, ctx, &a)?),
        Request::AuthCreateDisplay(a) => to_json(sessions::create_display(store, ctx, &a.name)?),
        Request::AuthCreateKiosk(a) => to_json(sessions::create_kiosk(store, ctx, &a.name)?),
        Request::AuthLog(a) => to_json(login_log::read(store, ctx, &a)?),
        Request::AuthCreateTablet(a) => to_json(sessions::create_tablet(store, ctx, &a.name)?),

        Request::SkmPending => to_json(pending::pending(store, ctx)?),
        Request::SkmSubmit(s) => to_json(response::submit(store, ctx, &s)?),
        Request::SkmReport(p) => to_json(recap::report(store, p)?),

        Request::ComplaintRecord(c) => to_json(complaints::record(store, ctx, &c)?),
        Request::ComplaintUpdate(u) => to_json(complaints::update(store, ctx, &u)?),
        Request::ComplaintList(a) => to_json(complaints::list(store, &a)?),
        Request::ComplaintShow(a) => to_json(complaints::show(store, a.id)?),

        Request::BackupList => to_json(backup::list(store)?),
        Request::BackupCreate => to_json(backup::create(store, ctx, backup::Kind::Manual)?),
        Request::BackupRestore(a) => to_json(backup::restore_named(store, ctx, &a.name)?),
        Request::BackupSetKeep(a) => to_json(backup::set_keep_daily(store, ctx, a.daily)?),

        Request::PrivacyStatus => to_json(privacy::status(store, ctx)?),
        Request::PrivacySetRetention(a) => to_json(privacy::set_retention(store, ctx, a.months)?),
        Request::PrivacyApplyRetention => to_json(privacy::apply_retention(store, ctx)?),
        Request::PrivacySubject(a) => to_json(privacy::subject(store, ctx, a.guest_id)?),
        Request::PrivacyErase(a) => to_json(privacy::erase(store, ctx, a.guest_id, &a.reason)?),

        Request::LanListen => to_json(network::listen_setting(store)?),
        Request::LanSetListen(a) => to_json(network::set_listen(store, &a)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_lists_every_operation_of_the_enum_and_no_other() {
        let message = parse_request(json!({"op": "?"})).unwrap_err().to_string();
        let (_, listed) = message.split_once("expected one of ").unwrap();
        let mut variants: Vec<&str> = listed
            .split(", ")
            .map(|op| op.trim().trim_matches('`'))
            .collect();
        let mut ops: Vec<&str> = OPS
            .iter()
            .copied()
            .filter(|op| !SESSIONLESS_OPS.contains(op))
            .collect();
        variants.sort_unstable();
        ops.sort_unstable();
        assert_eq!(ops, variants);
        for op in OPS {
            assert!(
                SESSIONLESS_OPS.contains(op) || permissions::roles_for(op).is_some(),
                "{op} has an entry in the permission table"
            );
        }
    }
}
