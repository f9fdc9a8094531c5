//! Whether a principal may carry out a request: the role or device the operation's
//! declaration admits ([`crate::api::operations`]), and the guests it may reach.
//!
//! A display token may read the calls (`display.state`) and nothing else; a survey kiosk's
//! token may list the visits awaiting a survey and submit one; the blanko tablet's token may
//! list today's waiting tickets and take a guest's blanko for one. An official acts only as
//! the official their account is linked to, and a pejabat reads and acts only on the guests
//! that are theirs (queued for them or their services, called or transferred to them); the
//! receptionist and the devices reach the visits of the desk's open days; the chief and the
//! admin reach every visit.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{DeviceKind, Principal, Role};
use crate::api::{Op, Reach, Request, Who};
use crate::error::{CoreError, CoreResult};
use crate::store::CachedQueryRow;

use Role::{Admin, KepalaBagian, Pejabat, Resepsionis};

/// The operations each kind of device token may use, from the declaration.
pub fn device_ops(kind: DeviceKind) -> Vec<&'static str> {
    Op::ALL
        .iter()
        .map(|op| op.spec())
        .filter(|spec| spec.who != Who::Public && spec.devices().contains(&kind))
        .map(|spec| spec.name)
        .collect()
}

/// The roles that may use an operation with a session, from the declaration; `None` for a
/// name nobody declared or an operation used before a session exists.
pub fn roles_for(op: &str) -> Option<&'static [Role]> {
    let spec = Op::from_name(op)?.spec();
    (spec.who != Who::Public).then(|| spec.users())
}

/// The screens of the main window, each with the operation it opens with: a role sees a
/// screen's tab when it may use that operation, so the tabs follow the declaration.
const SCREENS: &[(&str, Op)] = &[
    ("catalog", Op::CatalogList),
    ("desk", Op::DeskToday),
    ("official", Op::QueueList),
    ("report", Op::ReportPerformance),
    ("settings", Op::OfficeSetup),
];

/// The screens a role may open, in the order of the tabs.
pub fn screens(role: Role) -> Vec<&'static str> {
    SCREENS
        .iter()
        .filter(|(_, op)| op.spec().users().contains(&role))
        .map(|(name, _)| *name)
        .collect()
}

/// The screen a role lands on after logging in: the receptionist at the desk, the official
/// at their queue, the chief at the report, the admin in the settings.
pub fn home(role: Role) -> &'static str {
    match role {
        Resepsionis => "desk",
        Pejabat => "official",
        KepalaBagian => "report",
        Admin => "settings",
    }
}

/// Refuses an operation the principal may not use.
pub fn check(principal: &Principal, op: Op) -> CoreResult<()> {
    let spec = op.spec();
    let allowed = match spec.who {
        Who::Public => true,
        Who::Session { users, devices } => match principal {
            Principal::User { role, .. } => users.contains(role),
            Principal::Display { .. } => devices.contains(&DeviceKind::Display),
            Principal::Kiosk { .. } => devices.contains(&DeviceKind::Kiosk),
            Principal::Tablet { .. } => devices.contains(&DeviceKind::Tablet),
        },
    };
    if allowed {
        Ok(())
    } else {
        let who = match (principal.role(), principal.device()) {
            (Some(role), _) => role.label(),
            (None, Some(kind)) => kind.label(),
            (None, None) => "Pengguna",
        };
        // The operation's internal name stays out of what the screen says.
        Err(CoreError::Forbidden(format!(
            "{who} tidak berwenang untuk tindakan ini."
        )))
    }
}

/// Refuses a request that reaches guests beyond the principal's: the official it acts as,
/// and the visit it reads or acts on, by the operation's declared [`Reach`].
pub fn check_reach(
    conn: &rusqlite::Connection,
    principal: &Principal,
    request: &Request,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let spec = request.op().spec();
    match spec.reach {
        // The declaration admits only roles that answer for these guests; the role check
        // already ran.
        Reach::NoGuest | Reach::DeskDay | Reach::AllGuests => Ok(()),
        Reach::Target => {
            let target = request.target();
            if target.official.is_none() && target.visit.is_none() {
                // A declaration that says it targets a guest but names none: refuse, never
                // let it through unchecked.
                return Err(CoreError::Forbidden(format!(
                    "tindakan {} tidak menyebut tamu atau pejabat yang dituju.",
                    spec.name
                )));
            }
            if let Some(official_id) = target.official {
                check_acting_official(principal, official_id)?;
            }
            if let Some(visit_id) = target.visit {
                check_visit(conn, principal, visit_id, now)?;
            }
            Ok(())
        }
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
        Principal::User { .. }
        | Principal::Display { .. }
        | Principal::Kiosk { .. }
        | Principal::Tablet { .. } => Err(CoreError::Forbidden(
            "Akun ini hanya dapat bertindak sebagai pejabatnya sendiri.".into(),
        )),
    }
}

/// Whether the principal may read or act on a visit: a pejabat only their own guests; the
/// desk and the devices the visits of the desk's open days (today, and earlier days not yet
/// closed); the chief and the admin every visit.
fn check_visit(
    conn: &rusqlite::Connection,
    principal: &Principal,
    visit_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    match principal {
        Principal::User {
            role: KepalaBagian | Admin,
            ..
        } => Ok(()),
        Principal::User {
            role: Pejabat,
            official_id,
            ..
        } => check_officials_visit(conn, *official_id, visit_id),
        Principal::User {
            role: Resepsionis, ..
        }
        | Principal::Display { .. }
        | Principal::Kiosk { .. }
        | Principal::Tablet { .. } => check_open_day_visit(conn, visit_id, now),
    }
}

/// A pejabat's account reaches only a visit that is their official's: queued for them or,
/// for nobody in particular, for one of their services, or called or served by them — the
/// rule "call next" picks by.
fn check_officials_visit(
    conn: &rusqlite::Connection,
    official_id: Option<i64>,
    visit_id: i64,
) -> CoreResult<()> {
    let Some(own) = official_id else {
        return Err(CoreError::Forbidden(
            "Akun pejabat ini belum ditautkan ke pejabat; minta admin menautkannya di Pengaturan."
                .into(),
        ));
    };
    let (theirs, ticket) = crate::desk::queue::is_officials_visit(conn, own, visit_id)?;
    if theirs {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "Tamu {ticket} bukan antrian Anda: pejabat hanya dapat melihat dan bertindak atas \
             tamu yang menunggu dirinya atau layanannya, atau yang dipanggilnya sendiri."
        )))
    }
}

/// The desk reaches the visits of its open days: today's, and those of an earlier day it has
/// not closed yet. A closed day's visits are the chief's and the admin's to read.
fn check_open_day_visit(
    conn: &rusqlite::Connection,
    visit_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let tz = crate::desk::office::timezone(conn)?;
    let today = crate::calendar::office_day(tz, now).to_string();
    let open: Option<(bool, String)> = conn
        .query_row_cached(
            "SELECT v.office_day = ?2
                    OR NOT EXISTS (SELECT 1 FROM setting WHERE key = 'closed:' || v.office_day),
                    v.ticket
             FROM visit v WHERE v.id = ?1",
            params![visit_id, today],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match open {
        None => Err(CoreError::NotFound {
            what: format!("Kunjungan nomor {visit_id}"),
        }),
        Some((true, _)) => Ok(()),
        Some((false, ticket)) => Err(CoreError::Forbidden(format!(
            "Tamu {ticket} tercatat pada hari yang sudah ditutup; rinciannya hanya dapat dilihat \
             Kepala Bagian atau admin."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refusal speaks to the person at the screen: who they are and that they may not,
    /// never the operation's internal name.
    #[test]
    fn a_refusal_names_the_role_and_no_internal_operation() {
        let display = Principal::Display { name: "TV".into() };
        let refused = check(&display, Op::DeskToday).unwrap_err().to_string();
        assert_eq!(
            refused,
            "Layar tampilan tidak berwenang untuk tindakan ini."
        );
        assert!(!refused.contains("desk."));
    }

    /// Each role lands on a screen it may open, and sees only the tabs it may use.
    #[test]
    fn each_role_lands_on_a_screen_it_may_open() {
        for role in [Resepsionis, Pejabat, KepalaBagian, Admin] {
            assert!(screens(role).contains(&home(role)), "{role:?}");
        }
        assert_eq!(screens(Resepsionis), ["catalog", "desk"]);
        assert_eq!(screens(Pejabat), ["catalog", "official"]);
        assert_eq!(screens(KepalaBagian), ["catalog", "official", "report"]);
        assert_eq!(
            screens(Admin),
            ["catalog", "desk", "official", "report", "settings"]
        );
    }
}
