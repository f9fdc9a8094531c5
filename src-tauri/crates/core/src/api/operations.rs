//! Every operation, declared once: its name, its arguments, who may use it, on which guests,
//! and whether it only reads.
//!
//! The [`operations!`] list below is the one place an operation exists. From it come the
//! [`Op`] and [`Request`] enums, the names screens send, the permission check, the guest
//! scope and the read/write routing. Each entry must answer every question — `who`, `reach`,
//! `effect` — and its argument type must say which visit or official it targets
//! ([`Scoped`]), or the crate does not compile: there is no default and no catch-all.
//!
//! To add an operation: add its argument type (with [`Scoped`]) in [`super::args`], one
//! entry here, and one arm in [`super::dispatch::dispatch`]; the compiler points at each.

use serde_json::Value;

use super::args::*;
use crate::auth::accounts::AccountInput;
use crate::auth::{login_log, DeviceKind, Role};
use crate::catalog::Filter;
use crate::complaints::{ListArgs, NewComplaint, Update};
use crate::desk::checkin::CheckInRequest;
use crate::desk::custody::{CloseRequest, ReopenRequest, SettleAllRequest};
use crate::desk::office::{Official, Setup};
use crate::desk::ticket::TicketSettings;
use crate::error::{CoreError, CoreResult};
use crate::network::ListenInput;
use crate::period::Period;
use crate::survey::response::Submission;

use Role::{Admin, KepalaBagian, Pejabat, Resepsionis};

/// Every user role.
const EVERYONE: &[Role] = &[Resepsionis, Pejabat, KepalaBagian, Admin];
/// The front desk.
const DESK: &[Role] = &[Resepsionis, Admin];
/// Those who serve guests from the queue.
const OFFICIALS: &[Role] = &[Pejabat, KepalaBagian, Admin];
/// The admin alone.
const ADMIN: &[Role] = &[Admin];
/// The kepala bagian and the admin.
const CHIEF: &[Role] = &[KepalaBagian, Admin];
/// No user: a device's operation.
const NO_USER: &[Role] = &[];
/// No device.
const NO_DEVICE: &[DeviceKind] = &[];
/// Every kind of device, for what any token may ask about itself.
const ANY_DEVICE: &[DeviceKind] = &[DeviceKind::Display, DeviceKind::Kiosk, DeviceKind::Tablet];

/// Who may use an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, before a session exists (the login screen).
    Public,
    /// A live session of one of these user roles or device kinds.
    Session {
        users: &'static [Role],
        devices: &'static [DeviceKind],
    },
}

/// On which guests an operation reads or acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// No guest's data.
    NoGuest,
    /// The visit or official its arguments name ([`Scoped::target`]), checked for each
    /// principal: a pejabat only their own guests (queued for them or their services, called
    /// or transferred to them) and only as themselves; the desk and a device only the visits
    /// of the desk's open days; the chief and the admin every visit.
    Target,
    /// The guests of the desk's open days, as lists (today's desk, its tickets, the display).
    DeskDay,
    /// Any guest ever recorded (returning guests, reports, personal data, backups): only for
    /// roles that answer for all of them; never a pejabat or a device (a test checks).
    AllGuests,
}

/// Whether an operation only reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Never writes, not even a log line: may run on a reading connection beside the writer.
    ReadsOnly,
    /// Reads for the screen, and writes only records no screen shows live (a log line, a
    /// session): runs on the writer, tells no screen.
    RecordsOnly,
    /// May change what screens show: runs on the writer, and every live screen is told.
    Changes,
}

/// The declaration of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The name screens send, e.g. `desk.check_in`.
    pub name: &'static str,
    pub who: Who,
    pub reach: Reach,
    pub effect: Effect,
}

impl Spec {
    /// The user roles that may use it.
    pub fn users(&self) -> &'static [Role] {
        match self.who {
            Who::Public => EVERYONE,
            Who::Session { users, .. } => users,
        }
    }

    /// Whether it may run on a reading connection: it never writes, and comes with a session
    /// (the login screen's own operations go to the writer).
    pub fn runs_on_reader(&self) -> bool {
        self.effect == Effect::ReadsOnly && self.who != Who::Public
    }

    /// The device kinds that may use it.
    pub fn devices(&self) -> &'static [DeviceKind] {
        match self.who {
            Who::Public => ANY_DEVICE,
            Who::Session { devices, .. } => devices,
        }
    }
}

/// The visit and the official a request names, for the guest-scope check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    pub official: Option<i64>,
    pub visit: Option<i64>,
}

impl Target {
    /// A request that names neither.
    pub const NONE: Target = Target {
        official: None,
        visit: None,
    };

    pub fn visit(visit: i64) -> Target {
        Target {
            official: None,
            visit: Some(visit),
        }
    }

    pub fn official(official: i64) -> Target {
        Target {
            official: Some(official),
            visit: None,
        }
    }

    pub fn official_on_visit(official: i64, visit: i64) -> Target {
        Target {
            official: Some(official),
            visit: Some(visit),
        }
    }
}

/// What an operation's arguments target. Every argument type answers it explicitly: there
/// is deliberately no default, so a new argument type must say whether it names a visit or
/// an official.
pub trait Scoped {
    fn target(&self) -> Target;
}

macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident $name:literal ($args:ty) {
            who: $who:expr,
            reach: $reach:expr,
            effect: $effect:expr $(,)?
        }
    )*) => {
        /// An operation, without its arguments.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Op {
            $( $(#[doc = $doc])* $variant, )*
        }

        /// An operation with its arguments.
        #[derive(Debug)]
        pub enum Request {
            $( $(#[doc = $doc])* $variant($args), )*
        }

        impl Op {
            /// Every operation, in the order declared.
            pub const ALL: &'static [Op] = &[$(Op::$variant),*];

            /// The operation's declaration.
            pub fn spec(self) -> &'static Spec {
                match self {
                    $( Op::$variant => {
                        const SPEC: Spec = Spec { name: $name, who: $who, reach: $reach, effect: $effect };
                        &SPEC
                    } )*
                }
            }

            /// Its arguments read from JSON (absent arguments read as `null`, then as `{}`).
            fn read_args(self, args: Option<Value>) -> CoreResult<Request> {
                match self {
                    $( Op::$variant => Ok(Request::$variant(read_args::<$args>(self, args)?)), )*
                }
            }
        }

        impl Request {
            /// The operation this request is.
            pub fn op(&self) -> Op {
                match self {
                    $( Request::$variant(_) => Op::$variant, )*
                }
            }

            /// The visit and the official its arguments name.
            pub fn target(&self) -> Target {
                match self {
                    $( Request::$variant(args) => Scoped::target(args), )*
                }
            }
        }
    };
}

impl Op {
    /// The operation of a name screens send.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.iter().copied().find(|op| op.spec().name == name)
    }

    /// The name screens send.
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

fn read_args<T: serde::de::DeserializeOwned>(op: Op, args: Option<Value>) -> CoreResult<T> {
    let wrong = |e: serde_json::Error| CoreError::BadRequest(format!("{}: {e}", op.name()));
    match args {
        Some(args) if !args.is_null() => serde_json::from_value(args).map_err(wrong),
        _ => serde_json::from_value(Value::Null)
            .or_else(|_| serde_json::from_value(Value::Object(Default::default())))
            .map_err(wrong),
    }
}

/// Reads a request from JSON (`{"op": ..., "args": ...}`), with a message that says what was
/// wrong with it. An unknown operation's refusal lists every known one.
pub fn parse_request(value: Value) -> CoreResult<Request> {
    let Value::Object(mut fields) = value else {
        return Err(CoreError::BadRequest(
            "permintaan harus objek JSON {\"op\": ..., \"args\": ...}".into(),
        ));
    };
    if let Some(extra) = fields.keys().find(|k| *k != "op" && *k != "args") {
        return Err(CoreError::BadRequest(format!(
            "bidang \"{extra}\" tidak dikenal; permintaan hanya berisi \"op\" dan \"args\""
        )));
    }
    let name = fields
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| CoreError::BadRequest("permintaan tanpa \"op\"".into()))?;
    let op = Op::from_name(name).ok_or_else(|| unknown_op(name))?;
    op.read_args(fields.remove("args"))
}

/// The refusal of an operation nobody declared; it lists the known ones.
pub fn unknown_op(name: &str) -> CoreError {
    let known: Vec<String> = Op::ALL
        .iter()
        .map(|op| format!("`{}`", op.name()))
        .collect();
    CoreError::BadRequest(format!(
        "operasi `{name}` tidak dikenal; yang dikenal: {}",
        known.join(", ")
    ))
}

const fn session(users: &'static [Role], devices: &'static [DeviceKind]) -> Who {
    Who::Session { users, devices }
}

operations! {
    /// Whether any account exists (before the first admin, the window asks for one).
    AuthStatus "auth.status" (NoArgs) {
        who: Who::Public, reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// Logs a user in with a user name and a PIN.
    AuthLogin "auth.login" (LoginArgs) {
        who: Who::Public, reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// Creates the first admin: only from the desktop window or the machine itself.
    AuthBootstrap "auth.bootstrap" (LoginArgs) {
        who: Who::Public, reach: Reach::NoGuest, effect: Effect::Changes,
    }

    /// Regions and bagian of the catalog, for the filters.
    CatalogOverview "catalog.overview" (NoArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Every service, optionally of one region or bagian.
    CatalogList "catalog.list" (Filter) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Full-text search.
    CatalogSearch "catalog.search" (SearchArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// One service with its whole standard.
    CatalogShow "catalog.show" (ShowArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }

    /// The office's setup and officials.
    OfficeGet "office.get" (NoArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Saves the office's setup: decree, bagian, drawer, ticket prefixes.
    OfficeSetup "office.setup" (Setup) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// Adds or edits an official (or a role several people answer) and their services.
    OfficeSaveOfficial "office.save_official" (Official) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// Adds a holiday (or cuti bersama) to the shipped calendar.
    OfficeAddHoliday "office.add_holiday" (HolidayArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// The holidays the admin added (and what the shipped calendar covers).
    OfficeHolidays "office.holidays" (NoArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Removes a holiday the admin added.
    OfficeRemoveHoliday "office.remove_holiday" (DateArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// How the desk prints tickets: the receipt's width, printing at check-in.
    OfficeSetTicket "office.set_ticket" (TicketSettings) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }

    /// The admin's first-run checklist: office, officials, accounts, display, printer, each
    /// done or not as the database holds it.
    OfficeChecklist "office.checklist" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// "Tentang Loket": Loket's version, the schema version, the decrees loaded, where the
    /// database and its backups are. The admin's alone: the files' full paths on the desk
    /// PC are for whoever looks after the installation, not for the desk or the officials
    /// (who read the decrees in Katalog Standar), nor for a device.
    OfficeAbout "office.about" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// The admin says the test ticket printed, or hides (or shows again) the checklist.
    OfficeMarkChecklist "office.mark_checklist" (ChecklistArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }

    /// Returning guests as the receptionist types.
    GuestFind "guest.find" (FindArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::ReadsOnly,
    }

    /// What the desk checks for a service: the checklist, the intake, the hours right now.
    DeskRequirements "desk.requirements" (RequirementsArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// The slip "Kekurangan Persyaratan": what the guest must still bring, when, who wrote it.
    DeskMissingSlip "desk.missing_slip" (MissingSlipArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// A visit's queue ticket as printed: service, time, room, drawer slot, guests ahead.
    DeskTicket "desk.ticket" (VisitArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::ReadsOnly,
    }
    /// A guest checked in: the visit, the ticket, the card into the drawer.
    DeskCheckIn "desk.check_in" (Box<CheckInRequest>) {
        who: session(DESK, NO_DEVICE), reach: Reach::DeskDay, effect: Effect::Changes,
    }
    /// Today's visits, the drawer and its free slots.
    DeskToday "desk.today" (NoArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::DeskDay, effect: Effect::ReadsOnly,
    }
    /// A card held in a drawer slot after check-in.
    DeskHoldCard "desk.hold_card" (HoldArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// A card returned, to the guest or to someone else.
    DeskReturnCard "desk.return_card" (ReturnArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The guest leaves.
    DeskCheckOut "desk.check_out" (VisitArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The guest left without their card.
    DeskLeftBehind "desk.left_behind" (VisitArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// Closes today or an earlier day, recording what happened to each card and guest.
    DeskCloseDay "desk.close_day" (Option<CloseRequest>) {
        who: session(DESK, NO_DEVICE), reach: Reach::DeskDay, effect: Effect::Changes,
    }
    /// Reopens today after it was closed, with the reason, recorded; the desk's
    /// receptionist closed it and may reopen it.
    DeskReopenDay "desk.reopen_day" (ReopenRequest) {
        who: session(DESK, NO_DEVICE), reach: Reach::DeskDay, effect: Effect::Changes,
    }
    /// How a visit ends at the desk: the guest goes, the card goes back or is left behind.
    DeskSettle "desk.settle" (SettleArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The desk calls, recalls, starts or finishes a guest for an official who has no
    /// account or is signed in on no device; recorded as the desk's, on their behalf.
    DeskOnBehalf "desk.on_behalf" (OnBehalfArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// One ending for every card and guest of a day's closing list that has none yet.
    DeskSettleAll "desk.settle_all" (SettleAllRequest) {
        who: session(DESK, NO_DEVICE), reach: Reach::DeskDay, effect: Effect::Changes,
    }
    /// The desk records what became of a consultation an official never finished.
    DeskFinishForOfficial "desk.finish_for_official" (FinishForOfficialArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }

    /// One visit with its history.
    VisitShow "visit.show" (VisitArgs) {
        who: session(EVERYONE, NO_DEVICE), reach: Reach::Target, effect: Effect::ReadsOnly,
    }
    /// The blanko filled or edited at the desk.
    VisitFillBlanko "visit.fill_blanko" (BlankoArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// A typed correction: purpose, person to meet, group size, card slot, or a void.
    VisitCorrect "visit.correct" (CorrectArgs) {
        who: session(&[Resepsionis, KepalaBagian, Admin], NO_DEVICE),
        reach: Reach::Target,
        effect: Effect::Changes,
    }

    /// The blanko tablet's waiting screen: today's tickets awaiting a blanko (numbers only).
    BlankoTickets "blanko.tickets" (NoArgs) {
        who: session(NO_USER, &[DeviceKind::Tablet]), reach: Reach::DeskDay, effect: Effect::ReadsOnly,
    }
    /// A guest's blanko, from the tablet.
    BlankoSubmit "blanko.submit" (BlankoArgs) {
        who: session(NO_USER, &[DeviceKind::Tablet]), reach: Reach::Target, effect: Effect::Changes,
    }

    /// The queue as one official sees it.
    QueueList "queue.list" (OfficialArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::ReadsOnly,
    }
    /// Calls the guest who has waited longest for the official or their services.
    QueueCallNext "queue.call_next" (OfficialArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// Calls a particular guest.
    QueueCall "queue.call" (OfficialVisitArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// Calls the guest again.
    QueueRecall "queue.recall" (OfficialVisitArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The consultation starts.
    QueueStart "queue.start" (OfficialVisitArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The consultation ends, with its outcome.
    QueueFinish "queue.finish" (FinishArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The guest did not come when called.
    QueueNotPresent "queue.not_present" (OfficialVisitArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The guest goes to another official or service.
    QueueTransfer "queue.transfer" (TransferArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The guest is put on hold, with a reason.
    QueueHold "queue.hold" (ReasonArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }
    /// A guest on hold waits again.
    QueueResume "queue.resume" (VisitArgs) {
        who: session(OFFICIALS, NO_DEVICE), reach: Reach::Target, effect: Effect::Changes,
    }

    /// What the waiting-room display shows: the calls (ticket numbers and rooms, no names),
    /// who waits per service, the hours, the maklumat.
    DisplayState "display.state" (NoArgs) {
        who: session(EVERYONE, &[DeviceKind::Display]), reach: Reach::DeskDay, effect: Effect::ReadsOnly,
    }

    /// The chief's figures for a day, a week or a month: waits, service times, compliance
    /// with the standard, charts, the SKM index.
    ReportPerformance "report.performance" (PerformanceArgs) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::ReadsOnly,
    }
    /// The guest log of a period as a file: only through the export route (`POST
    /// /api/export`, the window's save dialog), never as JSON.
    ReportExport "report.export" (ExportArgs) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::RecordsOnly,
    }

    /// Who is logged in.
    AuthWhoami "auth.whoami" (NoArgs) {
        who: session(EVERYONE, ANY_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Ends this session.
    AuthLogout "auth.logout" (NoArgs) {
        who: session(EVERYONE, ANY_DEVICE), reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// Every account, with who still has a PIN shorter than today's rule.
    AuthAccounts "auth.accounts" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// Adds or edits an account; a new PIN or role ends the account's other sessions.
    AuthSaveAccount "auth.save_account" (AccountInput) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// Unlocks an account locked by wrong PINs.
    AuthUnlock "auth.unlock" (AccountArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// A token for a waiting-room display. The desk may make one: a display reads only the
    /// calls the desk sees anyway, and the desk opens the display on its second monitor.
    AuthCreateDisplay "auth.create_display" (DisplayArgs) {
        who: session(DESK, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// A token for a survey kiosk.
    AuthCreateKiosk "auth.create_kiosk" (DisplayArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// A token for a blanko tablet.
    AuthCreateTablet "auth.create_tablet" (DisplayArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// The device tokens: name, kind, when made, last seen, expiry, revoked.
    AuthDevices "auth.devices" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Renames a device token.
    AuthRenameDevice "auth.rename_device" (RenameDeviceArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// Revokes a device token: the device is logged out at once.
    AuthRevokeDevice "auth.revoke_device" (IdArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// How many days device tokens last (new ones, and earlier ones cut to it).
    AuthSetDeviceDays "auth.set_device_days" (DaysArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// The login log: logins, failures, throttles, lockouts, newest first, a page at a time.
    AuthLog "auth.log" (login_log::LogArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }

    /// The kiosk's waiting screen: today's served visits awaiting a survey.
    SkmPending "skm.pending" (NoArgs) {
        who: session(NO_USER, &[DeviceKind::Kiosk]), reach: Reach::DeskDay, effect: Effect::RecordsOnly,
    }
    /// One survey answer sheet for a visit, from the kiosk.
    SkmSubmit "skm.submit" (Submission) {
        who: session(NO_USER, &[DeviceKind::Kiosk]), reach: Reach::Target, effect: Effect::Changes,
    }
    /// The survey index of a period, per element, service, bagian and month (anonymous).
    SkmReport "skm.report" (Period) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }

    /// A complaint, suggestion or feedback received.
    ComplaintRecord "complaint.record" (NewComplaint) {
        who: session(&[Resepsionis, KepalaBagian, Admin], NO_DEVICE),
        reach: Reach::NoGuest,
        effect: Effect::Changes,
    }
    /// A complaint's status, handler or follow-up changed.
    ComplaintUpdate "complaint.update" (Update) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::Changes,
    }
    /// The complaints of a period with the recap's counts; contacts masked.
    ComplaintList "complaint.list" (ListArgs) {
        who: session(&[Resepsionis, KepalaBagian, Admin], NO_DEVICE),
        reach: Reach::NoGuest,
        effect: Effect::ReadsOnly,
    }
    /// One complaint in full, with its contact and history.
    ComplaintShow "complaint.show" (IdArgs) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::ReadsOnly,
    }

    /// The backups folder: every backup with its date and size, and how many are kept.
    BackupList "backup.list" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// A backup made now, on demand.
    BackupCreate "backup.create" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::Changes,
    }
    /// Restores a backup of the folder by its name (the current data backed up first).
    BackupRestore "backup.restore" (NameArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::Changes,
    }
    /// How many daily backups are kept.
    BackupSetKeep "backup.set_keep" (KeepArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }

    /// The retention of personal data, what it means today, and the data log.
    PrivacyStatus "privacy.status" (NoArgs) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::RecordsOnly,
    }
    /// Sets the retention in months.
    PrivacySetRetention "privacy.set_retention" (RetentionArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
    /// Anonymises the guests whose last visit is older than the retention.
    PrivacyApplyRetention "privacy.apply_retention" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::Changes,
    }
    /// Everything held about a guest, for their request to see it; the reading is logged.
    PrivacySubject "privacy.subject" (GuestArgs) {
        who: session(CHIEF, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::RecordsOnly,
    }
    /// Anonymises a guest at their request.
    PrivacyErase "privacy.erase" (EraseArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::AllGuests, effect: Effect::Changes,
    }

    /// Where the hub listens on the LAN from its next start, and what officials will open.
    LanListen "lan.listen" (NoArgs) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::ReadsOnly,
    }
    /// Stores the listen address for the next start.
    LanSetListen "lan.set_listen" (ListenInput) {
        who: session(ADMIN, NO_DEVICE), reach: Reach::NoGuest, effect: Effect::Changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_declared_once() {
        let mut names: Vec<&str> = Op::ALL.iter().map(|op| op.name()).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
        for op in Op::ALL {
            assert_eq!(Op::from_name(op.name()), Some(*op));
        }
    }

    /// Reaching every guest ever recorded is for those who answer for all of them: never a
    /// pejabat (who sees their own guests) nor a device (which sees today's tickets).
    #[test]
    fn no_pejabat_and_no_device_reaches_every_guest() {
        for op in Op::ALL {
            let spec = op.spec();
            if spec.reach == Reach::AllGuests {
                assert!(!spec.users().contains(&Pejabat), "{}", spec.name);
                assert!(spec.devices().is_empty(), "{}", spec.name);
            }
        }
    }

    /// A public operation reads no guest: nothing about a guest is answered before login.
    #[test]
    fn public_operations_reach_no_guest() {
        for op in Op::ALL {
            let spec = op.spec();
            if spec.who == Who::Public {
                assert_eq!(spec.reach, Reach::NoGuest, "{}", spec.name);
            }
        }
    }

    #[test]
    fn arguments_left_out_read_as_empty_and_unknown_ones_are_refused() {
        assert!(parse_request(serde_json::json!({"op": "desk.today"})).is_ok());
        assert!(parse_request(serde_json::json!({"op": "catalog.list"})).is_ok());
        assert!(parse_request(serde_json::json!({"op": "auth.log", "args": null})).is_ok());
        let extra = parse_request(serde_json::json!({"op": "desk.today", "sql": 1})).unwrap_err();
        assert!(extra.to_string().contains("sql"), "{extra}");
        let unknown = parse_request(serde_json::json!({"op": "desk.drop"})).unwrap_err();
        assert!(unknown.to_string().contains("`desk.today`"), "{unknown}");
    }
}
