//! Carries out a request whose session, role and guest scope were checked ([`super::handle`]):
//! one arm per operation, each a call into the module that owns its rule.

use serde_json::{json, Value};

use super::operations::Request;
use super::{to_json, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT};
use crate::about;
use crate::auth::{accounts, device_link, login_log, sessions, DeviceKind};
use crate::catalog::{self, Filter};
use crate::complaints;
use crate::desk::{
    checkin, correction, custody, display, guest, history, office, queue, tablet, ticket, views,
    Ctx,
};
use crate::error::{CoreError, CoreResult};
use crate::firstrun;
use crate::network;
use crate::period;
use crate::privacy;
use crate::report;
use crate::store::{backup, Store};
use crate::survey::{pending, recap, response};

/// Carries out one request on behalf of `ctx.actor` at `ctx.now`, without checking who asks:
/// for [`handle`], the command line on the hub's own machine, and tests.
pub fn dispatch(store: &mut Store, ctx: &Ctx, request: Request) -> CoreResult<Value> {
    let done = || Ok(json!({ "ok": true }));
    match request {
        Request::CatalogOverview(_) => to_json(catalog::overview(store)?),
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

        Request::OfficeGet(_) => to_json(office::office(store)?),
        Request::OfficeSetup(setup) => to_json(office::save_setup(store, &setup)?),
        Request::OfficeSaveOfficial(o) => to_json(office::save_official_warned(store, ctx, &o)?),
        Request::OfficeAddHoliday(h) => {
            office::add_holiday(store, &h.date, &h.name, h.cuti_bersama)?;
            done()
        }
        Request::OfficeHolidays(_) => to_json(office::holidays(store)?),
        Request::OfficeRemoveHoliday(a) => {
            office::remove_holiday(store, &a.date)?;
            done()
        }

        Request::OfficeAbout(_) => to_json(about::about(store)?),
        Request::OfficeChecklist(_) => to_json(firstrun::checklist(store, ctx)?),
        Request::OfficeMarkChecklist(a) => to_json(firstrun::mark(store, ctx, a.mark)?),
        Request::OfficeSetTicket(s) => to_json(ticket::save_settings(store, &s)?),

        Request::GuestFind(args) => to_json(guest::find(store, &args.query)?),

        Request::DeskRequirements(args) => to_json(checkin::requirements(
            store,
            ctx,
            &args.service,
            args.institutional,
        )?),
        Request::DeskMissingSlip(a) => to_json(ticket::missing_slip(
            store,
            ctx,
            &a.service,
            a.institutional,
            &a.shown,
        )?),
        Request::DeskTicket(a) => to_json(ticket::ticket(store, a.visit_id)?),
        Request::DeskCheckIn(req) => to_json(checkin::check_in(store, ctx, &req)?),
        Request::DeskToday(_) => to_json(views::today(store, ctx)?),
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
        Request::DeskReopenDay(a) => to_json(custody::reopen(store, ctx, &a)?),
        Request::DeskSettle(a) => {
            custody::settle(store, ctx, a.visit_id, &a.ending)?;
            done()
        }
        Request::DeskOnBehalf(a) => {
            queue::on_behalf(
                store,
                ctx,
                a.official_id,
                a.visit_id,
                a.action,
                a.outcome.as_ref(),
            )?;
            done()
        }
        Request::DeskSettleAll(a) => to_json(custody::settle_all(store, ctx, &a)?),
        Request::DeskFinishForOfficial(a) => {
            custody::finish_for_official(store, ctx, a.visit_id, &a.what)?;
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
        Request::BlankoTickets(_) => to_json(tablet::tickets(store, ctx)?),
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

        Request::DisplayState(_) => to_json(display::state(store, ctx)?),

        Request::ReportPerformance(a) => {
            let date = a
                .date
                .as_deref()
                .map(|d| period::parse_day("Tanggal", d))
                .transpose()?;
            to_json(report::performance(store, ctx, date, a.span)?)
        }

        Request::AuthWhoami(_) | Request::AuthLogout(_) => Err(CoreError::BadRequest(
            "hanya melalui sesi yang masuk".into(),
        )),
        Request::AuthStatus(_) => Ok(json!({ "has_accounts": accounts::any(store.conn())? })),
        Request::AuthLogin(_) | Request::AuthBootstrap(_) => Err(CoreError::BadRequest(
            "masuk hanya melalui layar masuk".into(),
        )),
        Request::ReportExport(_) => Err(CoreError::BadRequest(
            "buku tamu diunduh sebagai berkas, bukan JSON".into(),
        )),
        Request::AuthUnlock(a) => to_json(sessions::unlock(store, ctx, a.account_id)?),
        Request::AuthDevices(_) => Ok(json!({
            "days": sessions::device_days(store.conn())?,
            "devices": to_json(sessions::devices(store, ctx)?)?,
        })),
        Request::AuthSetDeviceDays(a) => to_json(sessions::set_device_days(store, ctx, a.days)?),
        Request::AuthRenameDevice(a) => {
            to_json(sessions::rename_device(store, ctx, a.id, &a.name)?)
        }
        Request::AuthRevokeDevice(a) => to_json(sessions::revoke_device(store, ctx, a.id)?),
        Request::AuthAccounts(_) => to_json(accounts::list(store, ctx)?),
        Request::AuthSaveAccount(a) => to_json(accounts::save(store, ctx, &a, None)?),
        Request::AuthCreateDisplay(a) => to_json(device_link::create(
            store,
            ctx,
            DeviceKind::Display,
            &a.name,
            a.origin.as_deref(),
        )?),
        Request::AuthCreateKiosk(a) => to_json(device_link::create(
            store,
            ctx,
            DeviceKind::Kiosk,
            &a.name,
            a.origin.as_deref(),
        )?),
        Request::AuthLog(a) => to_json(login_log::read(store, ctx, &a)?),
        Request::AuthCreateTablet(a) => to_json(device_link::create(
            store,
            ctx,
            DeviceKind::Tablet,
            &a.name,
            a.origin.as_deref(),
        )?),

        Request::SkmPending(_) => to_json(pending::pending(store, ctx)?),
        Request::SkmSubmit(s) => to_json(response::submit(store, ctx, &s)?),
        Request::SkmReport(p) => to_json(recap::report(store, p)?),

        Request::ComplaintRecord(c) => to_json(complaints::record(store, ctx, &c)?),
        Request::ComplaintUpdate(u) => to_json(complaints::update(store, ctx, &u)?),
        Request::ComplaintList(a) => to_json(complaints::list(store, &a)?),
        Request::ComplaintShow(a) => to_json(complaints::show(store, a.id)?),

        Request::BackupList(_) => to_json(backup::list(store)?),
        Request::BackupCreate(_) => to_json(backup::create(store, ctx, backup::Kind::Manual)?),
        Request::BackupRestore(a) => to_json(backup::restore_named(store, ctx, &a.name)?),
        Request::BackupSetKeep(a) => to_json(backup::set_keep_daily(store, ctx, a.daily)?),

        Request::PrivacyStatus(_) => to_json(privacy::status(store, ctx)?),
        Request::PrivacySetRetention(a) => to_json(privacy::set_retention(store, ctx, a.months)?),
        Request::PrivacyApplyRetention(_) => to_json(privacy::apply_retention(store, ctx)?),
        Request::PrivacySubject(a) => to_json(privacy::subject(store, ctx, a.guest_id)?),
        Request::PrivacyErase(a) => to_json(privacy::erase(store, ctx, a.guest_id, &a.reason)?),

        Request::LanListen(_) => to_json(network::listen_setting(store)?),
        Request::LanSetListen(a) => to_json(network::set_listen(store, &a)?),
    }
}
