//! What can happen in a visit, as the events of its append-only history, and the visit's
//! state derived from them.
//!
//! A visit is never edited: every step (arrival, ID held, called, started, finished, ID
//! returned, left, …) is appended with who did it and when, and the state is the fold of the
//! events. A wrong entry is corrected by a new event ([`Event::Corrected`]), never by
//! changing an old one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The form the guest fills in: the Lembar Blanko Koordinasi/Konsultasi.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blanko {
    pub topic: String,
    /// The problem or the questions brought.
    pub questions: String,
    /// Documents the guest brought.
    #[serde(default)]
    pub documents: String,
    /// How to reach the guest afterwards.
    #[serde(default)]
    pub contact: String,
}

/// An assignment letter (SPT, SPPD) from the guest's institution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentLetter {
    pub number: String,
    /// ISO date of the letter.
    pub date: String,
    pub institution: String,
    /// Whether the desk keeps the letter until the guest leaves.
    pub held: bool,
}

/// What the official records when the consultation ends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Minutes of the consultation (notulen).
    #[serde(default)]
    pub notes: String,
    pub result: String,
    #[serde(default)]
    pub follow_up: String,
    /// False when the matter continues (e.g. a PBJ consultation of 1–5 working days).
    pub closed: bool,
}

/// Who took the ID card back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum CardReturn {
    /// The guest, on the way out.
    Guest,
    /// Someone else, named, on the guest's behalf.
    Other { name: String, relation: String },
    /// Handed to the security officer at closing.
    Security { officer: String },
}

/// What the desk recorded about a consultation an official called or started but never
/// finished ([`Event::FinishedByDesk`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeskFinish {
    /// "Tamu sudah pulang": the guest went home without the official finishing.
    GuestGone,
    /// "Selesai tanpa dicatat pejabat": the consultation took place; the official did not
    /// record its end.
    ServedUnrecorded,
    /// Anything else, in the receptionist's words.
    Other { reason: String },
}

impl DeskFinish {
    /// What happened, in words: "tamu sudah pulang".
    pub fn words(&self) -> &str {
        match self {
            DeskFinish::GuestGone => "tamu sudah pulang",
            DeskFinish::ServedUnrecorded => "selesai tanpa dicatat pejabat",
            DeskFinish::Other { reason } => reason,
        }
    }
}

/// The check-in as the receptionist recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub service_code: String,
    pub purpose: String,
    /// The official (or person) the guest came to meet, if named.
    pub official_id: Option<i64>,
    pub person_to_meet: Option<String>,
    pub group_size: u32,
    /// Requirements of the checklist shown by the guest, and those missing (the decree's words).
    pub shown: Vec<String>,
    pub missing: Vec<String>,
    /// Why the guest was admitted although requirements were missing.
    pub admitted_note: Option<String>,
    pub letter: Option<AssignmentLetter>,
    pub proposal_received: bool,
    pub blanko: Option<Blanko>,
    /// Warnings given at check-in (outside hours, holiday).
    pub warnings: Vec<String>,
}

/// One step of a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    CheckedIn(Box<CheckIn>),
    IdHeld {
        slot: u32,
        id_type: String,
        last4: String,
    },
    BlankoFilled(Blanko),
    Called {
        official_id: i64,
        room: String,
    },
    Recalled {
        official_id: i64,
    },
    Started {
        official_id: i64,
    },
    Finished {
        official_id: i64,
        outcome: Outcome,
    },
    NotPresent {
        official_id: i64,
    },
    /// The desk recorded the end of a consultation the official called or started but never
    /// finished, on the official's behalf and with what happened: not the official's own
    /// finish, and told apart from it in every report.
    FinishedByDesk {
        official_id: Option<i64>,
        what: DeskFinish,
    },
    Transferred {
        from_official_id: Option<i64>,
        official_id: Option<i64>,
        service_code: String,
        reason: String,
    },
    PutOnHold {
        reason: String,
    },
    Resumed,
    IdReturned(CardReturn),
    /// The guest left without the card; it stays in the drawer (recorded at closing).
    IdLeftBehind,
    Left,
    /// A correction of an earlier event, which stays as it was: `event_id` names the event
    /// corrected (the check-in for its fields, the card's holding for its slot, or the event
    /// voided), `change` what the correction does to the state. Corrections recorded before
    /// they were typed carry no change and only annotate the history.
    Corrected {
        event_id: i64,
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        change: Option<Correction>,
    },
}

/// What a correction changes, applied when the state is derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case", deny_unknown_fields)]
pub enum Correction {
    /// The purpose in the guest's words.
    Purpose { purpose: String },
    /// The person the guest came to meet (none when cleared).
    PersonToMeet { person_to_meet: Option<String> },
    /// How many people the ticket stands for.
    GroupSize { group_size: u32 },
    /// The card is in another slot of the drawer than recorded.
    CardSlot { slot: u32 },
    /// The event named was entered by mistake: the state is derived as if it had not
    /// happened (it stays in the history, marked void).
    Void,
}

impl Event {
    /// The event's kind as stored (`checked_in`, `called`, …).
    /// Reads an event as the log stores it: the JSON of the event, beside its `kind` in a
    /// column of its own. The two largest kinds, a check-in and a finish (most of a year's
    /// event text), are read straight into their fields: serde must otherwise buffer the
    /// whole object to find the tag of an internally tagged enum. Every other kind goes
    /// through the enum itself.
    pub fn from_stored(kind: &str, data: &str) -> serde_json::Result<Event> {
        /// The fields of [`Event::Finished`].
        #[derive(Deserialize)]
        struct Finished {
            official_id: i64,
            outcome: Outcome,
        }
        match kind {
            "checked_in" => {
                serde_json::from_str::<CheckIn>(data).map(|c| Event::CheckedIn(Box::new(c)))
            }
            "finished" => serde_json::from_str::<Finished>(data).map(|f| Event::Finished {
                official_id: f.official_id,
                outcome: f.outcome,
            }),
            _ => serde_json::from_str(data),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Event::CheckedIn(_) => "checked_in",
            Event::IdHeld { .. } => "id_held",
            Event::BlankoFilled(_) => "blanko_filled",
            Event::Called { .. } => "called",
            Event::Recalled { .. } => "recalled",
            Event::Started { .. } => "started",
            Event::Finished { .. } => "finished",
            Event::NotPresent { .. } => "not_present",
            Event::FinishedByDesk { .. } => "finished_by_desk",
            Event::Transferred { .. } => "transferred",
            Event::PutOnHold { .. } => "put_on_hold",
            Event::Resumed => "resumed",
            Event::IdReturned(_) => "id_returned",
            Event::IdLeftBehind => "id_left_behind",
            Event::Left => "left",
            Event::Corrected { .. } => "corrected",
        }
    }
}

/// An event as recorded: when, by whom.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    #[serde(flatten)]
    pub event: Event,
}

/// Where a visit stands in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Checked in, waiting to be called.
    Waiting,
    /// Called by an official, not yet in.
    Called,
    /// With the official.
    Serving,
    /// Put aside (e.g. fetching a missing document); not called until resumed.
    OnHold,
    /// Served; may still be collecting the ID at the desk.
    Finished,
    /// Did not come when called, after recalls.
    NotPresent,
    /// Gone.
    Left,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Called => "called",
            Status::Serving => "serving",
            Status::OnHold => "on_hold",
            Status::Finished => "finished",
            Status::NotPresent => "not_present",
            Status::Left => "left",
        }
    }

    /// The status in words, for refusals: "tamu P-007 sedang dilayani".
    pub fn words(self) -> &'static str {
        match self {
            Status::Waiting => "masih menunggu dipanggil",
            Status::Called => "sudah dipanggil dan belum masuk",
            Status::Serving => "sedang dilayani",
            Status::OnHold => "sedang ditunda",
            Status::Finished => "sudah selesai dilayani",
            Status::NotPresent => "tidak hadir saat dipanggil",
            Status::Left => "sudah pulang",
        }
    }
}

/// Where the guest's ID card is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Card {
    /// No card was left at the desk.
    None,
    /// In the drawer.
    Held {
        slot: u32,
        since: DateTime<Utc>,
        left_behind: bool,
    },
    /// Given back.
    Returned { to: CardReturn, at: DateTime<Utc> },
}

/// The state of a visit, derived from its events.
#[derive(Debug, Clone, Serialize)]
pub struct VisitState {
    pub status: Status,
    pub service_code: String,
    pub official_id: Option<i64>,
    pub card: Card,
    pub calls: u32,
    pub arrived_at: DateTime<Utc>,
    pub first_called_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
    /// When the guest was marked not present, if they were.
    pub not_present_at: Option<DateTime<Utc>>,
    /// When the visit last joined a queue (arrival, transfer or resume): its place in line.
    pub queued_at: DateTime<Utc>,
    pub blanko: Option<Blanko>,
    pub outcome: Option<Outcome>,
    /// What the desk recorded when the official never finished, if it did.
    pub desk_finish: Option<DeskFinish>,
    /// The check-in as recorded.
    pub check_in: CheckIn,
}

impl VisitState {
    /// Folds a visit's events, oldest first, into its state. The first event must be the
    /// check-in.
    pub fn derive(events: &[Recorded]) -> Option<VisitState> {
        let first = events.first()?;
        let Event::CheckedIn(check_in) = &first.event else {
            return None;
        };
        let mut s = VisitState {
            status: Status::Waiting,
            service_code: check_in.service_code.clone(),
            official_id: check_in.official_id,
            card: Card::None,
            calls: 0,
            arrived_at: first.at,
            first_called_at: None,
            started_at: None,
            finished_at: None,
            left_at: None,
            not_present_at: None,
            queued_at: first.at,
            blanko: check_in.blanko.clone(),
            outcome: None,
            desk_finish: None,
            check_in: (**check_in).clone(),
        };
        let voided = voided(events);
        for r in &events[1..] {
            if !voided.contains(&r.id) {
                s.apply(r);
            }
        }
        Some(s)
    }

    fn apply(&mut self, r: &Recorded) {
        match &r.event {
            Event::CheckedIn(_) => {}
            Event::Corrected { change, .. } => self.correct(change.as_ref()),
            Event::IdHeld { slot, .. } => {
                self.card = Card::Held {
                    slot: *slot,
                    since: r.at,
                    left_behind: false,
                }
            }
            Event::BlankoFilled(b) => self.blanko = Some(b.clone()),
            Event::Called { official_id, .. } => {
                self.status = Status::Called;
                self.official_id = Some(*official_id);
                self.calls += 1;
                self.first_called_at.get_or_insert(r.at);
            }
            Event::Recalled { .. } => self.calls += 1,
            Event::Started { official_id } => {
                self.status = Status::Serving;
                self.official_id = Some(*official_id);
                self.started_at.get_or_insert(r.at);
            }
            Event::Finished { outcome, .. } => {
                self.status = Status::Finished;
                self.finished_at = Some(r.at);
                self.outcome = Some(outcome.clone());
            }
            Event::NotPresent { .. } => {
                self.status = Status::NotPresent;
                self.not_present_at = Some(r.at);
            }
            // Out of the queue as finished, but with no finish time: how long the guest was
            // with the official is not known.
            Event::FinishedByDesk { what, .. } => {
                self.status = Status::Finished;
                self.desk_finish = Some(what.clone());
            }
            Event::Transferred {
                official_id,
                service_code,
                ..
            } => {
                self.status = Status::Waiting;
                self.official_id = *official_id;
                self.service_code = service_code.clone();
                self.queued_at = r.at;
            }
            Event::PutOnHold { .. } => self.status = Status::OnHold,
            Event::Resumed => {
                self.status = Status::Waiting;
                self.queued_at = r.at;
            }
            Event::IdReturned(to) => {
                self.card = Card::Returned {
                    to: to.clone(),
                    at: r.at,
                }
            }
            Event::IdLeftBehind => {
                if let Card::Held { left_behind, .. } = &mut self.card {
                    *left_behind = true;
                }
            }
            Event::Left => {
                self.status = Status::Left;
                self.left_at = Some(r.at);
            }
        }
    }

    /// Applies a typed correction (a void is applied by leaving the voided event out).
    fn correct(&mut self, change: Option<&Correction>) {
        match change {
            Some(Correction::Purpose { purpose }) => self.check_in.purpose = purpose.clone(),
            Some(Correction::PersonToMeet { person_to_meet }) => {
                self.check_in.person_to_meet = person_to_meet.clone()
            }
            Some(Correction::GroupSize { group_size }) => self.check_in.group_size = *group_size,
            Some(Correction::CardSlot { slot }) => {
                if let Card::Held { slot: s, .. } = &mut self.card {
                    *s = *slot;
                }
            }
            Some(Correction::Void) | None => {}
        }
    }

    /// Minutes from arrival to the first call, once called.
    pub fn waiting_minutes(&self) -> Option<f64> {
        self.first_called_at.map(|c| minutes(self.arrived_at, c))
    }

    /// Minutes with the official, once finished (or so far, given `now`); unknown when the
    /// desk recorded the end on the official's behalf.
    pub fn service_minutes(&self, now: DateTime<Utc>) -> Option<f64> {
        let start = self.started_at?;
        if self.finished_at.is_none() && self.desk_finish.is_some() {
            return None;
        }
        Some(minutes(start, self.finished_at.unwrap_or(now)))
    }

    /// Whether the card is in the drawer.
    pub fn card_held(&self) -> bool {
        matches!(self.card, Card::Held { .. })
    }
}

/// The ids of the events a correction voided.
pub fn voided(events: &[Recorded]) -> Vec<i64> {
    events
        .iter()
        .filter_map(|r| match &r.event {
            Event::Corrected {
                event_id,
                change: Some(Correction::Void),
                ..
            } => Some(*event_id),
            _ => None,
        })
        .collect()
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in() -> CheckIn {
        CheckIn {
            service_code: "balangan/perekonomian/1".into(),
            purpose: "Konsultasi \"izin\" usaha".into(),
            official_id: Some(3),
            person_to_meet: None,
            group_size: 2,
            shown: vec!["Surat Tugas".into()],
            missing: vec!["Blanko".into()],
            admitted_note: Some("dibawa besok".into()),
            letter: Some(AssignmentLetter {
                number: "800/12".into(),
                date: "2026-11-20".into(),
                institution: "Dinas Perdagangan".into(),
                held: true,
            }),
            proposal_received: true,
            blanko: Some(Blanko {
                topic: "Izin".into(),
                questions: "Syarat?".into(),
                documents: String::new(),
                contact: "0812".into(),
            }),
            warnings: vec!["Di luar jam layanan".into()],
        }
    }

    #[test]
    fn every_kind_reads_back_from_storage_as_it_was_written() {
        let events = [
            Event::CheckedIn(Box::new(check_in())),
            Event::Finished {
                official_id: 4,
                outcome: Outcome {
                    notes: "Dibahas".into(),
                    result: "Selesai".into(),
                    follow_up: String::new(),
                    closed: false,
                },
            },
            Event::Called {
                official_id: 4,
                room: "Ruang 2".into(),
            },
            Event::FinishedByDesk {
                official_id: Some(4),
                what: DeskFinish::Other {
                    reason: "Pejabat dinas luar".into(),
                },
            },
            Event::IdReturned(CardReturn::Other {
                name: "Siti".into(),
                relation: "istri".into(),
            }),
            Event::Left,
        ];
        for event in events {
            let data = serde_json::to_string(&event).unwrap();
            let read = Event::from_stored(event.kind(), &data).unwrap();
            assert_eq!(read, event, "{data}");
            assert_eq!(serde_json::from_str::<Event>(&data).unwrap(), event);
        }
    }

    #[test]
    fn a_stored_check_in_missing_a_required_field_is_refused() {
        let mut data: serde_json::Value =
            serde_json::to_value(Event::CheckedIn(Box::new(check_in()))).unwrap();
        data.as_object_mut().unwrap().remove("service_code");
        let error = Event::from_stored("checked_in", &data.to_string()).unwrap_err();
        assert!(error.to_string().contains("service_code"), "{error}");
    }
}
