//! The one entry point every screen talks to.
//!
//! A screen sends `{"op": "catalog.search", "args": {...}}` with its session token and gets
//! back JSON or a [`CoreError`]. The desktop window reaches it over Tauri IPC and browsers on
//! the LAN over HTTP; both transports are thin adapters over [`handle`], so no behaviour
//! exists in one and not the other.
//!
//! - [`operations`]: every operation declared once — name, arguments, who may use it, on
//!   which guests, whether it only reads.
//! - [`args`]: the operations' arguments and the visit or official each names.
//! - [`dispatch`](mod@dispatch): one arm per operation, into the module that owns the rule.
//!
//! Every request is checked here, in this order: the session, the role or device
//! ([`crate::auth::permissions::check`]), the guest scope ([`crate::auth::permissions::check_reach`]),
//! then it is carried out.

pub mod args;
mod dispatch;
pub mod operations;

use std::ops::DerefMut;

use serde_json::{json, Value};

pub use args::ExportArgs;
pub use dispatch::dispatch;
pub use operations::{parse_request, Effect, Op, Reach, Request, Spec, Target, Who};

use crate::auth::{accounts, permissions, sessions, Caller, Principal};
use crate::desk::{display, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::period;
use crate::report;
use crate::store::Store;

/// Most search hits a screen may ask for at once.
pub const MAX_SEARCH_LIMIT: usize = 100;
/// Hits returned when a screen does not say how many.
pub const DEFAULT_SEARCH_LIMIT: usize = 30;

fn to_json<T: serde::Serialize>(value: T) -> CoreResult<Value> {
    serde_json::to_value(value).map_err(|e| CoreError::Storage(e.to_string()))
}

/// Whether a successful `op` may have changed what some screen shows (an unknown one is
/// treated as if it had).
pub fn changes_state(op: &str) -> bool {
    !matches!(Op::from_name(op), Some(op) if op.spec().effect != Effect::Changes)
}

/// Whether `op` never writes, so that it may run on a reading connection.
pub fn reads_only(op: &str) -> bool {
    Op::from_name(op).is_some_and(|op| op.spec().runs_on_reader())
}

/// The operation a request names, read before anything else.
fn op_of(request: &Value) -> CoreResult<Op> {
    let name = request
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| CoreError::BadRequest("permintaan tanpa \"op\"".into()))?;
    Op::from_name(name).ok_or_else(|| operations::unknown_op(name))
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
    let (ctx, from, to, format) = export_checked(store, now, token, &args)?;
    report::export(store, &ctx, from, to, format)
}

/// [`export`] with the guest log read on `reader`, a connection of its own: the writer is
/// held only to check the session and to record the export, so a year's PDF never holds the
/// desk's check-ins.
pub fn export_outside_writer<W: DerefMut<Target = Store>>(
    writer: impl Fn() -> W,
    reader: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    args: ExportArgs,
) -> CoreResult<report::Export> {
    let (ctx, from, to, format) = export_checked(&mut writer(), now, token, &args)?;
    // One snapshot for the whole file, as the writer's transaction gave.
    reader.conn().execute_batch("BEGIN DEFERRED")?;
    let rendered = report::render(reader, &ctx, from, to, format);
    if reader.conn().execute_batch("COMMIT").is_err() {
        let _ = reader.conn().execute_batch("ROLLBACK");
    }
    let file = rendered?;
    report::record_export(
        &mut writer(),
        &ctx,
        format.extension(),
        from,
        to,
        file.visits,
    )?;
    Ok(file)
}

/// The checks of an export — session, role, period, format — and its context.
fn export_checked(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    args: &ExportArgs,
) -> CoreResult<(Ctx, chrono::NaiveDate, chrono::NaiveDate, report::Format)> {
    let principal = sessions::authenticate(store, token, now)?;
    permissions::check(&principal, Op::ReportExport)?;
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
    Ok((ctx, from, to, format))
}

/// What a transport hands over: who calls (the desktop window or an address on the
/// network), the request as JSON and the session token that came with it. Every request is
/// checked here — session, role, guest scope — before it is carried out, so the desktop
/// window and the LAN get the same answers.
pub fn handle_from(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    caller: Caller,
    token: Option<&str>,
    request: Value,
) -> CoreResult<Value> {
    let op = op_of(&request)?;
    if op.spec().who == Who::Public {
        return handle_public(store, now, caller, request);
    }
    let principal = sessions::authenticate(store, token, now)?;
    carry_out(store, now, token, &principal, op, request, None)
}

/// [`handle_from`] the desktop window on the desk PC.
pub fn handle(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    request: Value,
) -> CoreResult<Value> {
    handle_from(store, now, Caller::Window, token, request)
}

/// The operations used before a session exists: whether there are accounts, logging in, and
/// the first admin (only from the desktop window or the machine itself).
fn handle_public(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    caller: Caller,
    request: Value,
) -> CoreResult<Value> {
    let anonymous = Ctx {
        actor: "belum masuk".into(),
        now,
    };
    match parse_request(request)? {
        Request::AuthStatus(_) => Ok(json!({ "has_accounts": accounts::any(store.conn())? })),
        Request::AuthLogin(args) => to_json(sessions::login(
            store,
            &anonymous,
            caller,
            &args.username,
            &args.pin,
        )?),
        Request::AuthBootstrap(args) => {
            if !caller.is_on_this_machine() {
                return Err(CoreError::Forbidden(
                    "Admin pertama hanya dapat dibuat di PC loket itu sendiri (jendela Loket \
                     atau `loket-hub accounts add`), tidak melalui jaringan."
                        .into(),
                ));
            }
            let name = args.display_name.as_deref().unwrap_or("Admin");
            accounts::bootstrap(store, &anonymous, &args.username, name, &args.pin)?;
            to_json(sessions::login(
                store,
                &anonymous,
                caller,
                &args.username,
                &args.pin,
            )?)
        }
        other => Err(CoreError::BadRequest(format!(
            "{} memerlukan sesi",
            other.op().name()
        ))),
    }
}

/// Logs in with the PIN checked outside the writer: the throttle is looked at on `reader`
/// (no write at all for an attempt refused there), the attempt is counted on the writer, the
/// slow Argon2 check runs with no connection held, and the outcome is recorded on the
/// writer. A flood of wrong PINs thus never holds the desk's check-ins behind Argon2.
pub fn login_outside_writer<W: DerefMut<Target = Store>>(
    writer: impl Fn() -> W,
    reader: Option<&mut Store>,
    now: chrono::DateTime<chrono::Utc>,
    caller: Caller,
    request: Value,
) -> CoreResult<Value> {
    let Request::AuthLogin(args) = parse_request(request)? else {
        return Err(CoreError::BadRequest("bukan permintaan masuk".into()));
    };
    let ctx = Ctx {
        actor: "belum masuk".into(),
        now,
    };
    let username = sessions::check_username_form(&args.username)?;
    if let Some(reader) = reader {
        sessions::throttled(reader.conn(), &ctx, caller, &username)?;
    }
    let pending = sessions::begin_login(&mut writer(), &ctx, caller, &username)?;
    let right = match caller {
        // One PIN check from the network at a time: Argon2 is made to be slow and to fill
        // memory, and a flood of guesses must leave the other core to the desk. The window's
        // own login never waits behind them.
        Caller::Network(_) => {
            static NETWORK_PIN_CHECKS: std::sync::Mutex<()> = std::sync::Mutex::new(());
            let _one = NETWORK_PIN_CHECKS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            pending.verify(&args.pin)
        }
        Caller::Window => pending.verify(&args.pin),
    };
    let meets_rule = accounts::meets_rule(&args.pin);
    to_json(sessions::finish_login(
        &mut writer(),
        &ctx,
        caller,
        pending,
        right,
        meets_rule,
    )?)
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
    let Some(op) = request
        .get("op")
        .and_then(Value::as_str)
        .and_then(Op::from_name)
    else {
        return Ok(None);
    };
    if !op.spec().runs_on_reader() {
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

/// Carries out a request for an authenticated principal: role or device, then the request's
/// arguments, then its guest scope, then the operation; the display's state from `shared`
/// (with the version read before the reading began) where there is one.
fn carry_out(
    store: &mut Store,
    now: chrono::DateTime<chrono::Utc>,
    token: Option<&str>,
    principal: &Principal,
    op: Op,
    request: Value,
    shared: Option<(&display::SharedState, u64)>,
) -> CoreResult<Value> {
    // Who may use it comes before the arguments are read: a refusal says nothing about them.
    permissions::check(principal, op)?;
    let parsed = parse_request(request)?;
    permissions::check_reach(store.conn(), principal, &parsed, now)?;
    let ctx = Ctx {
        actor: principal.actor(),
        now,
    };
    if let (Request::DisplayState(_), Some((shared, version))) = (&parsed, shared) {
        return to_json(&*shared.state(store, &ctx, version)?);
    }
    match parsed {
        Request::AuthWhoami(_) => {
            // A user also learns which screens to show and where to land, from the table of
            // who may do what: the screens do not keep a copy of it.
            let mut me = to_json(principal)?;
            if let (Some(role), Value::Object(fields)) = (principal.role(), &mut me) {
                fields.insert("screens".into(), json!(permissions::screens(role)));
                fields.insert("home".into(), json!(permissions::home(role)));
                fields.insert("role_label".into(), json!(role.label()));
            }
            Ok(me)
        }
        Request::AuthLogout(_) => {
            sessions::logout(store, &ctx, token.unwrap_or_default())?;
            Ok(json!({ "ok": true }))
        }
        Request::AuthSaveAccount(input) => to_json(accounts::save(store, &ctx, &input, token)?),
        other => dispatch(store, &ctx, other),
    }
}
