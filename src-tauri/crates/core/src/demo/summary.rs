//! The summary of the demo day (closed, or stopped mid-way), counted from the database
//! through the desk's own views.

use std::collections::HashMap;

use chrono_tz::Tz;

use crate::desk::events::Status;
use crate::desk::{office, views, Ctx};
use crate::error::CoreResult;
use crate::locale::zone_abbreviation;
use crate::store::Store;

use super::profile::Profile;
use super::simulation::Closed;
use super::time::clock;
use super::DemoDay;

pub(super) fn summarize(
    store: &Store,
    profile: &Profile,
    closed: Closed,
    tz: Tz,
) -> CoreResult<DemoDay> {
    let ctx = Ctx {
        actor: closed.receptionist.to_string(),
        now: closed.at,
    };
    let day = views::today(store, &ctx)?;
    let now_with = |status: Status| day.visits.iter().filter(|v| v.status == status).count();
    let o = office::office(store)?;
    let mut kinds: HashMap<&'static str, usize> = HashMap::new();
    let mut cards_held = 0;
    for v in &day.visits {
        let history = views::history(store, v.id)?;
        if history.iter().any(|e| e.event.kind() == "id_held") {
            cards_held += 1;
        }
        for e in &history {
            *kinds.entry(e.event.kind()).or_default() += 1;
        }
    }
    let count = |kind: &str| kinds.get(kind).copied().unwrap_or(0);
    let institutional = day
        .visits
        .iter()
        .filter(|v| v.guest.institution.is_some())
        .count();
    let officials = profile
        .officials
        .iter()
        .map(|s| format!("{} ({})", s.name, s.title))
        .collect();
    Ok(DemoDay {
        date: day.date.clone(),
        date_label: day.date_label.clone(),
        kabupaten: o.kabupaten.unwrap_or_default(),
        unit: profile.unit.to_string(),
        unit_name: o.unit_name.unwrap_or_default(),
        zone: zone_abbreviation(tz.name()),
        receptionist: closed.receptionist.to_string(),
        officials,
        guests: day.visits.len(),
        institutional,
        private: day.visits.len() - institutional,
        first_ticket: day
            .visits
            .first()
            .map(|v| v.ticket.clone())
            .unwrap_or_default(),
        last_ticket: day
            .visits
            .last()
            .map(|v| v.ticket.clone())
            .unwrap_or_default(),
        cards_held,
        letters: day.visits.iter().filter(|v| v.letter.is_some()).count(),
        proposals: day.visits.iter().filter(|v| v.proposal_received).count(),
        admitted_with_note: day
            .visits
            .iter()
            .filter(|v| v.admitted_note.is_some())
            .count(),
        recalls: count("recalled"),
        not_present: count("not_present"),
        transfers: count("transferred"),
        held_and_resumed: count("resumed"),
        over_limit: day.visits.iter().filter(|v| v.limit.over).count(),
        left_behind: count("id_left_behind"),
        first_arrival: clock(tz, closed.first_arrival),
        closed_at: closed.closed.then(|| clock(tz, closed.at)),
        stopped_at: (!closed.closed).then(|| clock(tz, closed.at)),
        waiting: now_with(Status::Waiting),
        called: now_with(Status::Called),
        serving: now_with(Status::Serving),
        cards_in_drawer: day.held.len(),
    })
}
