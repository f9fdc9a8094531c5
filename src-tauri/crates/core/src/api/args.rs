//! The arguments of the operations, and which visit or official each names ([`Scoped`]).
//!
//! Every argument type says explicitly what it targets: a new type without a [`Scoped`]
//! answer does not compile into the declaration ([`super::operations`]).

use serde::Deserialize;

use super::operations::{Scoped, Target};
use crate::auth::accounts::AccountInput;
use crate::auth::login_log::LogArgs;
use crate::catalog::Filter;
use crate::complaints::{ListArgs, NewComplaint, Update};
use crate::desk::checkin::CheckInRequest;
use crate::desk::correction::CorrectionRequest;
use crate::desk::custody::{CloseRequest, Ending, ReopenRequest, SettleAllRequest};
use crate::desk::events::{Blanko, CardReturn, DeskFinish, Outcome};
use crate::desk::office::{Official, Setup};
use crate::desk::queue::Transfer;
use crate::desk::ticket::TicketSettings;
use crate::network::ListenInput;
use crate::period::{Period, Span};
use crate::survey::response::Submission;

/// No arguments: `args` left out, `null` or `{}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// An account by its id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountArgs {
    pub account_id: i64,
}

/// A number of days.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysArgs {
    pub days: i64,
}

/// Arguments of `auth.rename_device`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameDeviceArgs {
    pub id: i64,
    pub name: String,
}

/// A backup by its file name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameArgs {
    pub name: String,
}

/// Arguments of `office.mark_checklist`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistArgs {
    pub mark: crate::firstrun::Mark,
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

/// Arguments of `auth.create_display`, `auth.create_kiosk` and `auth.create_tablet`: the
/// device's name, and where the admin's screen is served from (`https://192.168.1.10:7878`)
/// when the answer should carry the device's link and its QR code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayArgs {
    pub name: String,
    #[serde(default)]
    pub origin: Option<String>,
}

/// Arguments of the operations used without a session.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginArgs {
    pub username: String,
    pub pin: String,
    #[serde(default)]
    pub display_name: Option<String>,
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

/// Arguments of `desk.on_behalf`: the desk acts for an official on one of their guests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnBehalfArgs {
    pub official_id: i64,
    pub visit_id: i64,
    pub action: crate::desk::queue::StandIn,
    /// The outcome, for `finish` only.
    #[serde(default)]
    pub outcome: Option<Outcome>,
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

/// Arguments of `desk.finish_for_official`: what became of a consultation the official
/// never finished.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishForOfficialArgs {
    pub visit_id: i64,
    pub what: DeskFinish,
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

/// Arguments of `desk.missing_slip`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingSlipArgs {
    pub service: String,
    #[serde(default)]
    pub institutional: bool,
    /// The checklist items the guest showed.
    #[serde(default)]
    pub shown: Vec<String>,
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

/// Arguments that name no visit and no official.
macro_rules! targets_nothing {
    ($($t:ty),* $(,)?) => {
        $( impl Scoped for $t {
            fn target(&self) -> Target {
                Target::NONE
            }
        } )*
    };
}

targets_nothing!(
    NoArgs,
    AccountArgs,
    RenameDeviceArgs,
    DaysArgs,
    NameArgs,
    KeepArgs,
    RetentionArgs,
    EraseArgs,
    GuestArgs,
    IdArgs,
    PerformanceArgs,
    ExportArgs,
    DisplayArgs,
    LoginArgs,
    DateArgs,
    ChecklistArgs,
    FindArgs,
    RequirementsArgs,
    MissingSlipArgs,
    TicketSettings,
    HolidayArgs,
    SearchArgs,
    ShowArgs,
    Filter,
    Setup,
    Official,
    Box<CheckInRequest>,
    Option<CloseRequest>,
    SettleAllRequest,
    ReopenRequest,
    AccountInput,
    LogArgs,
    Period,
    NewComplaint,
    Update,
    ListArgs,
    ListenInput,
);

/// Arguments that name a visit.
macro_rules! targets_visit {
    ($($t:ty),* $(,)?) => {
        $( impl Scoped for $t {
            fn target(&self) -> Target {
                Target::visit(self.visit_id)
            }
        } )*
    };
}

targets_visit!(
    VisitArgs,
    TransferArgs,
    ReasonArgs,
    HoldArgs,
    ReturnArgs,
    SettleArgs,
    FinishForOfficialArgs,
    BlankoArgs,
    CorrectArgs,
    Submission,
);

impl Scoped for OfficialArgs {
    fn target(&self) -> Target {
        Target::official(self.official_id)
    }
}

impl Scoped for OfficialVisitArgs {
    fn target(&self) -> Target {
        Target::official_on_visit(self.official_id, self.visit_id)
    }
}

/// The desk reaches the visit as every desk operation does (its open days); it does not act
/// *as* the official (that is a pejabat's own check), so only the visit is the target. The
/// core checks that the official is signed in nowhere and that the guest is theirs.
impl Scoped for OnBehalfArgs {
    fn target(&self) -> Target {
        Target::visit(self.visit_id)
    }
}

impl Scoped for FinishArgs {
    fn target(&self) -> Target {
        Target::official_on_visit(self.official_id, self.visit_id)
    }
}
