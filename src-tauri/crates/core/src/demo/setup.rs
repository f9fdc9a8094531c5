//! The demo office and its officials: the bagian's setup (region, unit, drawer, ticket
//! prefix) and the officials or roles of its profile, saved through the desk's own
//! operations; and the codes of the bagian's services.

use std::sync::Arc;

use crate::desk::checkin;
use crate::desk::office::{self, Official, Prefix, Setup};
use crate::desk::Ctx;
use crate::error::CoreResult;
use crate::standards::model::Service;
use crate::store::Store;

use super::profile::Profile;
use super::REGION;

/// Slots of the demo office's ID drawer.
const DRAWER_SLOTS: u32 = 30;

pub(super) fn service_code(profile: &Profile, number: &str) -> String {
    format!("{REGION}-{}-{number}", profile.unit)
}

pub(super) fn service(store: &Store, profile: &Profile, number: &str) -> CoreResult<Arc<Service>> {
    Ok(checkin::current_service(store.conn(), &service_code(profile, number))?.2)
}

/// Sets the office up for the demo's bagian, unless it already is.
pub(super) fn set_up_office(store: &mut Store, profile: &Profile) -> CoreResult<()> {
    if office::region_and_unit(store.conn())?.is_some() {
        return Ok(());
    }
    office::save_setup(
        store,
        &Setup {
            region: REGION.to_string(),
            unit: profile.unit.to_string(),
            slots: DRAWER_SLOTS,
            prefixes: vec![Prefix {
                scope: format!("unit:{}", profile.unit),
                prefix: profile.ticket_prefix.to_string(),
            }],
            chief_name: None,
            chief_nip: None,
        },
    )?;
    Ok(())
}

/// An official (or role) of the demo as saved, and the name their actions are recorded under.
pub(super) struct Staff {
    pub(super) id: i64,
    pub(super) actor: String,
}

/// Saves the demo's officials; one already saved under the same name is updated, not doubled.
pub(super) fn save_officials(
    store: &mut Store,
    ctx: &Ctx,
    profile: &Profile,
) -> CoreResult<Vec<Staff>> {
    let existing = office::officials(store.conn())?;
    let mut staff = Vec::new();
    for spec in profile.officials {
        let official = Official {
            id: existing
                .iter()
                .find(|o| o.name == spec.name)
                .and_then(|o| o.id),
            name: spec.name.to_string(),
            nip: spec.nip.map(str::to_string),
            title: spec.title.to_string(),
            room: spec.room.to_string(),
            is_role: spec.nip.is_none() && spec.actor.is_some(),
            active: true,
            services: spec
                .services
                .iter()
                .map(|n| service_code(profile, n))
                .collect(),
        };
        let saved = office::save_official(store, ctx, &official)?;
        staff.push(Staff {
            id: saved.id.unwrap_or_default(),
            actor: spec.actor.unwrap_or(spec.name).to_string(),
        });
    }
    Ok(staff)
}
