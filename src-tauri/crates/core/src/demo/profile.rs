//! The shape of a desk's day: its officials, the topics guests bring, the scripted guests
//! (stories) that show every path of the walk-in procedure, and the transfer and hold.
//! The two desks' data are in `perekonomian` and `pbj`.

use crate::desk::identity::IdType;

/// An official of the demo office, or a role (`nip` None and `actor` set: the member who acts).
pub(super) struct OfficialSpec {
    pub(super) name: &'static str,
    pub(super) nip: Option<&'static str>,
    pub(super) title: &'static str,
    pub(super) room: &'static str,
    /// For a role: the member whose name the role's actions carry.
    pub(super) actor: Option<&'static str>,
    /// Service numbers handled.
    pub(super) services: &'static [&'static str],
}

/// Requirements a guest may lack (indices into the service's checklist), with the note that
/// admits them anyway.
#[derive(Clone, Copy)]
pub(super) struct Lack {
    pub(super) items: &'static [usize],
    pub(super) note: &'static str,
    pub(super) percent: u64,
}

/// A matter guests bring to a service, with the blanko they fill in and what comes of it.
pub(super) struct Topic {
    pub(super) service: &'static str,
    pub(super) purpose: &'static str,
    pub(super) topic: &'static str,
    pub(super) questions: &'static str,
    pub(super) documents: &'static str,
    pub(super) result: &'static str,
    pub(super) follow_up: &'static str,
    /// Minutes with the official.
    pub(super) minutes: (i64, i64),
    /// How often the matter comes up, relative to the desk's other topics.
    pub(super) weight: u64,
    /// Whether the matter is settled at the end of the consultation.
    pub(super) closed: bool,
    /// Institution codes of who comes ([`PRIVATE`](super::institutions::PRIVATE) for a private guest).
    pub(super) from: &'static [&'static str],
    pub(super) lack: Option<Lack>,
}

/// What happens to a scripted guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scenario {
    Plain,
    /// Called, recalled, then comes in.
    Recalled,
    /// Called and recalled twice, never comes in; someone collects the card later.
    NotPresent,
    /// The official called first sends the guest to another official and service.
    Transferred,
    /// Put on hold after the call to fetch a missing document, then back in the queue.
    HeldAndResumed,
    /// A consultation that runs past its standard's time limit.
    OverLimit,
    /// Served, but leaves without the ID card; recorded at closing.
    LeftBehind,
}

/// A scripted guest at a fixed share of the day's arrivals.
pub(super) struct Story {
    /// Where in the day's arrivals (0 = first, 1 = last).
    pub(super) at: f64,
    pub(super) topic: usize,
    pub(super) scenario: Scenario,
    pub(super) from: &'static str,
    pub(super) id_type: IdType,
    pub(super) lack: Option<Lack>,
    /// The official (index in the profile) the guest asks for by name.
    pub(super) official: Option<usize>,
    pub(super) group: u32,
}

/// A scripted guest with a KTP, alone, asking for nobody, lacking nothing.
pub(super) const fn story(at: f64, topic: usize, scenario: Scenario, from: &'static str) -> Story {
    Story {
        at,
        topic,
        scenario,
        from,
        id_type: IdType::Ktp,
        lack: None,
        official: None,
        group: 1,
    }
}

impl Story {
    /// The guest leaves another card than a KTP.
    pub(super) const fn showing(mut self, id_type: IdType) -> Story {
        self.id_type = id_type;
        self
    }

    /// The guest lacks these checklist items and is admitted with the note.
    pub(super) const fn lacking(mut self, items: &'static [usize], note: &'static str) -> Story {
        self.lack = Some(Lack {
            items,
            note,
            percent: 100,
        });
        self
    }

    /// The guest asks for this official (index in the profile) by name.
    pub(super) const fn asking_for(mut self, official: usize) -> Story {
        self.official = Some(official);
        self
    }

    /// The guest comes with others on one ticket.
    pub(super) const fn in_group(mut self, size: u32) -> Story {
        self.group = size;
        self
    }
}

/// Where the transfer scenario sends its guest.
pub(super) struct TransferSpec {
    pub(super) to_official: usize,
    pub(super) to_service: &'static str,
    pub(super) reason: &'static str,
}

/// Everything that makes one desk's day.
pub(super) struct Profile {
    pub(super) unit: &'static str,
    /// "Bagian Perekonomian" for messages before the standards are read.
    pub(super) unit_label: &'static str,
    pub(super) ticket_prefix: &'static str,
    /// The service whose hours are the desk's day.
    pub(super) reference_service: &'static str,
    pub(super) admin: &'static str,
    pub(super) receptionist: &'static str,
    pub(super) officials: &'static [OfficialSpec],
    pub(super) topics: &'static [Topic],
    pub(super) stories: &'static [Story],
    /// Lacks any guest may have, besides their topic's.
    pub(super) common_lacks: &'static [Lack],
    pub(super) transfer: TransferSpec,
    pub(super) hold_reason: &'static str,
}
