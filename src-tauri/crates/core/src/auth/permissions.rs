//! Which role may use which operation: one table, consulted by the dispatcher for every
//! request from every transport, whatever the screen shows or hides.
//!
//! A display token may read the calls (`display.state`) and nothing else; a survey kiosk's
//! token may list the visits awaiting a survey and submit one, and nothing else; the blanko
//! tablet's token may list today's waiting tickets and take a guest's blanko for one, and
//! nothing else. An official acts only as the official their account is linked to, and a
//! pejabat only on the guests that are theirs (queued for them or their services, or called
//! by them).

use super::{DeviceKind, Principal, Role};
use crate::error::{CoreError, CoreResult};

use Role::{Admin, KepalaBagian, Pejabat, Resepsionis};

const EVERYONE: &[Role] = &[Resepsionis, Pejabat, KepalaBagian, Admin];
const DESK: &[Role] = &[Resepsionis, Admin];
const OFFICIALS: &[Role] = &[Pejabat, KepalaBagian, Admin];
const STAFF: &[Role] = &[Resepsionis, Pejabat, KepalaBagian, Admin];
const ADMIN: &[Role] = &[Admin];
const CHIEF: &[Role] = &[KepalaBagian, Admin];
/// Operations for a device only: no user's role may use them.
const DEVICES_ONLY: &[Role] = &[];

/// The operations each kind of device token may use.
pub fn device_ops(kind: DeviceKind) -> &'static [&'static str] {
    match kind {
        DeviceKind::Display => &["auth.whoami", "auth.logout", "display.state"],
        DeviceKind::Kiosk => &["auth.whoami", "auth.logout", "skm.pending", "skm.submit"],
        DeviceKind::Tablet => &[
            "auth.whoami",
            "auth.logout",
            "blanko.tickets",
            "blanko.submit",
        ],
    }
}

/// The roles that may use an operation; `None` for an operation no role may use.
pub fn roles_for(op: &str) -> Option<&'static [Role]> {
    Some(match op {
        "auth.whoami" | "auth.logout" => EVERYONE,
        "catalog.overview" | "catalog.list" | "catalog.search" | "catalog.show" => EVERYONE,
        "office.get" => EVERYONE,
        "office.setup" | "office.save_official" | "office.add_holiday" => ADMIN,
        "office.holidays" => EVERYONE,
        "office.remove_holiday" => ADMIN,
        // Who logged in when, and every failure: the admin's, like the accounts.
        "auth.log" => ADMIN,
        "auth.accounts" | "auth.save_account" | "auth.create_kiosk" | "auth.create_tablet" => ADMIN,
        // A display token reads the calls, which the desk reads anyway: the desk opens the
        // waiting-room window on the desk PC's second monitor with one.
        "auth.create_display" => DESK,
        "guest.find" => DESK,
        "desk.requirements" | "desk.check_in" | "desk.today" | "desk.hold_card"
        | "desk.return_card" | "desk.check_out" | "desk.left_behind" | "desk.close_day"
        | "desk.settle" => DESK,
        "visit.show" => STAFF,
        "visit.fill_blanko" => DESK,
        "visit.correct" => &[Resepsionis, KepalaBagian, Admin],
        "queue.list" | "queue.call_next" | "queue.call" | "queue.recall" | "queue.start"
        | "queue.finish" | "queue.not_present" | "queue.transfer" | "queue.hold"
        | "queue.resume" => OFFICIALS,
        "display.state" => EVERYONE,
        // The survey is the guest's own, on the kiosk: staff neither see who is pending nor
        // answer for a guest.
        "skm.pending" | "skm.submit" => DEVICES_ONLY,
        // The tablet is where the guest writes their own blanko; the desk fills or edits it
        // with `visit.fill_blanko`.
        "blanko.tickets" | "blanko.submit" => DEVICES_ONLY,
        "skm.report" => CHIEF,
        "complaint.record" => &[Resepsionis, KepalaBagian, Admin],
        "complaint.list" => &[Resepsionis, KepalaBagian, Admin],
        "complaint.update" | "complaint.show" => CHIEF,
        "report.performance" | "report.export" => CHIEF,
        // Backups hold everyone's data and a restore rewinds the desk: the admin's alone.
        "backup.list" | "backup.create" | "backup.restore" | "backup.set_keep" => ADMIN,
        // The chief answers for the bagian's data: may see the retention and its log, and
        // what is held about a guest who asks; changing or erasing is the admin's.
        "privacy.status" | "privacy.subject" => CHIEF,
        "privacy.set_retention" | "privacy.apply_retention" | "privacy.erase" => ADMIN,
        // Where the hub listens decides whether the officials reach it: the admin's.
        "lan.listen" | "lan.set_listen" => ADMIN,
        _ => return None,
    })
}

/// Refuses an operation the principal may not use.
pub fn check(principal: &Principal, op: &str) -> CoreResult<()> {
    let allowed = match principal {
        Principal::User { role, .. } => roles_for(op).is_some_and(|roles| roles.contains(role)),
        device => device
            .device()
            .is_some_and(|kind| device_ops(kind).contains(&op)),
    };
    if allowed {
        Ok(())
    } else {
        let who = match (principal.role(), principal.device()) {
            (Some(role), _) => role.label(),
            (None, Some(kind)) => kind.label(),
            (None, None) => "Pengguna",
        };
        Err(CoreError::Forbidden(format!(
            "{who} tidak berwenang untuk tindakan ini ({op})."
        )))
    }
}

/// An official's account acts only as its own official; admins may act as anyone.
pub fn check_acting_official(principal: &Principal, official_id: i64) -> CoreResult<()> {
    match principal {
        Principal::User { role: Admin, .. } => Ok(()),
        Principal::User {
            official_id: Some(own),
            ..
        } if *own == official_id => Ok(()),
        _ => Err(CoreError::Forbidden(
            "Akun ini hanya dapat bertindak sebagai pejabatnya sendiri.".into(),
        )),
    }
}

/// A pejabat's account acts only on a visit that is their official's: queued for them or,
/// for nobody in particular, for one of their services, or called or served by them — the
/// rule "call next" picks by. The desk, the chief and the admin keep their reach.
pub fn check_acting_on_visit(
    conn: &rusqlite::Connection,
    principal: &Principal,
    visit_id: i64,
) -> CoreResult<()> {
    let Principal::User {
        role: Pejabat,
        official_id,
        ..
    } = principal
    else {
        return Ok(());
    };
    let Some(own) = official_id else {
        return Err(CoreError::Forbidden(
            "Akun pejabat ini belum ditautkan ke pejabat; minta admin menautkannya di Pengaturan."
                .into(),
        ));
    };
    let (theirs, ticket) = crate::desk::queue::is_officials_visit(conn, *own, visit_id)?;
    if theirs {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "Tamu {ticket} bukan antrian Anda: pejabat hanya dapat bertindak atas tamu yang \
             menunggu dirinya atau layanannya, atau yang dipanggilnya sendiri."
        )))
    }
}
