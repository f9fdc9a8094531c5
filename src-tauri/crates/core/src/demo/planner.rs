//! Planning the guests before the day starts: for each arrival who comes, from where, with
//! which card, papers and blanko, what they lack, and how their visit goes — the scripted
//! guests at their shares of the day, the others drawn by the topics' weights.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::calendar::{opening, Calendar, Opening};
use crate::desk::checkin::{self, CheckInRequest};
use crate::desk::events::{AssignmentLetter, Blanko, CardReturn};
use crate::desk::guest::GuestInput;
use crate::desk::identity::IdType;
use crate::error::CoreResult;
use crate::standards::model::Service;
use crate::store::Store;

use super::institutions::{institution, Institution, Kind, PRIVATE};
use super::people::{letter, phone, People, Person, MEN, WOMEN};
use super::profile::{Lack, Profile, Scenario, Story, Topic};
use super::rng::Rng;
use super::setup::{service, service_code, Staff};

/// Minutes the over-limit consultation runs past its service's limit.
const OVER_LIMIT_BY_MINUTES: i64 = 15;

/// How the card reaches the drawer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CardAt {
    /// The desk keeps no card for this service.
    NotHeld,
    /// Into a slot as part of the check-in.
    CheckIn,
    /// Handed over a minute after the ticket is printed.
    AfterCheckIn,
}

/// One guest's day, decided before it starts.
pub(super) struct Plan {
    pub(super) arrival: DateTime<Utc>,
    pub(super) request: CheckInRequest,
    pub(super) topic: &'static Topic,
    pub(super) scenario: Scenario,
    pub(super) card: CardAt,
    /// The blanko filled in on the tablet after check-in.
    pub(super) blanko_later: Option<Blanko>,
    pub(super) minutes: i64,
    /// Who collects the card of a guest who never came in.
    pub(super) collector: CardReturn,
}

pub(super) struct Planner<'a> {
    profile: &'static Profile,
    services: HashMap<&'static str, Arc<Service>>,
    staff: &'a [Staff],
    tz: Tz,
    calendar: &'a Calendar,
    date: NaiveDate,
    rng: &'a mut Rng,
    people: People,
    /// Guests drawn so far from each institution.
    drawn: HashMap<&'static str, usize>,
}

/// Most guests one institution sends in a day (private guests are not counted).
const MOST_FROM_ONE_INSTITUTION: usize = 2;

impl<'a> Planner<'a> {
    pub(super) fn new(
        store: &Store,
        profile: &'static Profile,
        staff: &'a [Staff],
        tz: Tz,
        calendar: &'a Calendar,
        date: NaiveDate,
        rng: &'a mut Rng,
    ) -> CoreResult<Planner<'a>> {
        let mut services = HashMap::new();
        for t in profile.topics {
            if !services.contains_key(t.service) {
                services.insert(t.service, service(store, profile, t.service)?);
            }
        }
        let people = People::new(rng);
        Ok(Planner {
            profile,
            services,
            staff,
            tz,
            calendar,
            date,
            rng,
            people,
            drawn: HashMap::new(),
        })
    }

    /// A plan for each arrival: the scripted guests at their shares of the day, the others
    /// with a topic of a service open at their arrival.
    pub(super) fn plan(mut self, arrivals: &[DateTime<Utc>]) -> Vec<Plan> {
        let positions = story_positions(self.profile.stories, arrivals.len());
        arrivals
            .iter()
            .enumerate()
            .map(|(i, at)| {
                let story = positions
                    .iter()
                    .find(|(p, _)| *p == i)
                    .map(|(_, s)| &self.profile.stories[*s]);
                self.guest(*at, story)
            })
            .collect()
    }

    fn open_at(&self, topic: &Topic, at: DateTime<Utc>) -> bool {
        self.services[topic.service]
            .hours
            .as_ref()
            .is_none_or(|h| matches!(opening(h, self.tz, at, self.calendar), Opening::Open { .. }))
    }

    /// A topic of a service open at `at`, drawn by the topics' weights.
    fn generic_topic(&mut self, at: DateTime<Utc>) -> &'static Topic {
        let topics = self.profile.topics;
        let open: Vec<&'static Topic> = topics.iter().filter(|t| self.open_at(t, at)).collect();
        let total: u64 = open.iter().map(|t| t.weight).sum();
        let mut r = self.rng.below(total);
        for t in &open {
            if r < t.weight {
                return t;
            }
            r -= t.weight;
        }
        open.first().copied().unwrap_or(&topics[0])
    }

    /// Who comes for a topic: an institution that has not yet sent its share today or a
    /// private guest; when every institution has, one of those that sent the fewest.
    fn sender(&mut self, topic: &Topic) -> &'static str {
        let drawn = |c: &str| match c {
            PRIVATE => 0,
            c => self.drawn.get(c).copied().unwrap_or(0),
        };
        let fewest = topic.from.iter().map(|c| drawn(c)).min().unwrap_or(0);
        let most = fewest.max(MOST_FROM_ONE_INSTITUTION - 1);
        let candidates: Vec<&'static str> = topic
            .from
            .iter()
            .copied()
            .filter(|c| drawn(c) <= most)
            .collect();
        candidates[self.rng.below(candidates.len() as u64) as usize]
    }

    /// One guest: who they are, what they bring and lack, how their visit goes.
    fn guest(&mut self, arrival: DateTime<Utc>, story: Option<&'static Story>) -> Plan {
        let topic = match story {
            Some(s) => &self.profile.topics[s.topic],
            None => self.generic_topic(arrival),
        };
        let from = story.map_or_else(|| self.sender(topic), |s| s.from);
        *self.drawn.entry(from).or_default() += 1;
        let inst = institution(from);
        let civil_servant = inst.is_some_and(|i| i.kind == Kind::Government);
        let person = self.people.person(self.rng, civil_servant);
        let id_type = story.map_or(IdType::Ktp, |s| s.id_type);
        let number = self.people.number(self.rng, id_type, &person);
        let lacks = self.lacks(topic, story);
        let service = self.services[topic.service].clone();
        let required = checkin::required_items(&service, inst.is_some());
        let (missing, note) = missing_items(&service, &required, &lacks);
        let lacks_item = |text: &Option<String>| text.as_ref().is_some_and(|t| missing.contains(t));
        let scenario = story.map_or(Scenario::Plain, |s| s.scenario);

        let assignment = match inst {
            Some(i) if !lacks_item(&service.intake.spt) => self.letter_for(i, &service),
            _ => None,
        };
        let blanko = (service.intake.blanko.is_some() && !lacks_item(&service.intake.blanko))
            .then(|| blanko_of(topic, &person, self.rng));
        let tablet = blanko.is_some() && story.is_none() && self.rng.chance(25);
        let official = story
            .and_then(|s| s.official)
            .or_else(|| self.named_official(topic, story.is_none()));
        let request = CheckInRequest {
            guest: GuestInput {
                id: None,
                name: person.name.clone(),
                phone: (inst.is_some() || self.rng.chance(85)).then(|| phone(self.rng)),
                institution: inst.map(|i| i.name.to_string()),
                id_type,
                id_number: Some(number),
            },
            service: service_code(self.profile, topic.service),
            purpose: topic.purpose.to_string(),
            official_id: official.map(|o| self.staff[o].id),
            person_to_meet: official.map(|o| self.profile.officials[o].name.to_string()),
            group_size: story.map_or_else(|| self.group_size(), |s| s.group),
            shown: required
                .iter()
                .filter(|r| !missing.contains(r))
                .cloned()
                .collect(),
            admitted_note: note,
            letter: assignment,
            proposal_received: service.intake.proposal.is_some()
                && !lacks_item(&service.intake.proposal),
            blanko: if tablet { None } else { blanko.clone() },
            slot: None,
        };
        Plan {
            arrival,
            request,
            topic,
            scenario,
            card: self.card_at(&service, story.is_some()),
            blanko_later: if tablet { blanko } else { None },
            minutes: self.minutes(topic, &service, scenario),
            collector: self.collector(&person, inst.is_some()),
        }
    }

    /// An institution's guest brings an assignment letter where the checklist asks for one,
    /// and often where it does not.
    fn letter_for(&mut self, inst: &Institution, service: &Service) -> Option<AssignmentLetter> {
        (service.intake.spt.is_some() || self.rng.chance(60))
            .then(|| letter(self.rng, inst, self.date))
    }

    /// Now and then a small group shares one ticket.
    fn group_size(&mut self) -> u32 {
        if self.rng.chance(8) {
            self.rng.between(2, 3) as u32
        } else {
            1
        }
    }

    /// Where the card goes: nowhere when the service keeps none; scripted guests hand it
    /// over at check-in, others now and then a minute later.
    fn card_at(&mut self, service: &Service, scripted: bool) -> CardAt {
        if service.intake.holds_id.is_none() {
            CardAt::NotHeld
        } else if !scripted && self.rng.chance(25) {
            CardAt::AfterCheckIn
        } else {
            CardAt::CheckIn
        }
    }

    /// Minutes with the official: the topic's usual span, or past the service's limit.
    fn minutes(&mut self, topic: &Topic, service: &Service, scenario: Scenario) -> i64 {
        match scenario {
            Scenario::OverLimit => {
                let limit = service.time_limit.max_minutes().unwrap_or(60.0) as i64;
                limit + OVER_LIMIT_BY_MINUTES
            }
            _ => self.rng.between(topic.minutes.0, topic.minutes.1),
        }
    }

    /// The topic's and the desk's lacks this guest has.
    fn lacks(&mut self, topic: &Topic, story: Option<&Story>) -> Vec<Lack> {
        if let Some(s) = story {
            return s
                .lack
                .into_iter()
                .chain(topic.lack.filter(|l| l.percent == 100))
                .collect();
        }
        let mut out = Vec::new();
        for lack in topic.lack.iter().chain(self.profile.common_lacks) {
            if self.rng.chance(lack.percent) {
                out.push(*lack);
            }
        }
        out
    }

    /// Now and then a guest asks for an official by name.
    fn named_official(&mut self, topic: &Topic, may: bool) -> Option<usize> {
        if !may || !self.rng.chance(6) {
            return None;
        }
        let handling: Vec<usize> = self
            .profile
            .officials
            .iter()
            .enumerate()
            .filter(|(_, o)| o.services.contains(&topic.service) && o.actor.is_none())
            .map(|(i, _)| i)
            .collect();
        (!handling.is_empty()).then(|| *self.rng.pick(&handling))
    }

    fn collector(&mut self, person: &Person, institutional: bool) -> CardReturn {
        let (names, relation) = match (institutional, person.female) {
            (true, _) => (if self.rng.chance(50) { MEN } else { WOMEN }, "rekan kerja"),
            (false, false) => (WOMEN, "istri"),
            (false, true) => (MEN, "suami"),
        };
        CardReturn::Other {
            name: self.rng.pick(names).to_string(),
            relation: relation.to_string(),
        }
    }
}

/// The checklist items a guest lacks (only those the service asks of them) and the notes
/// that admit them anyway.
fn missing_items(
    service: &Service,
    required: &[String],
    lacks: &[Lack],
) -> (Vec<String>, Option<String>) {
    let mut missing: Vec<String> = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    for lack in lacks {
        let texts: Vec<String> = lack
            .items
            .iter()
            .filter_map(|i| service.intake.checklist.get(*i))
            .map(|c| c.text.clone())
            .filter(|t| required.contains(t) && !missing.contains(t))
            .collect();
        if !texts.is_empty() {
            missing.extend(texts);
            notes.push(lack.note);
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    (missing, note)
}

/// The blanko a guest fills in: the topic's, or for services whose topics leave it blank,
/// the purpose itself.
fn blanko_of(topic: &Topic, p: &Person, rng: &mut Rng) -> Blanko {
    let subject = if topic.topic.is_empty() {
        topic.purpose
    } else {
        topic.topic
    };
    let questions = if topic.questions.is_empty() {
        topic.purpose
    } else {
        topic.questions
    };
    Blanko {
        topic: subject.to_string(),
        questions: questions.to_string(),
        documents: topic.documents.to_string(),
        contact: if rng.chance(80) {
            phone(rng)
        } else {
            format!(
                "{}@gmail.com",
                p.name
                    .split([',', ' '])
                    .find(|w| w.len() > 3)
                    .unwrap_or("tamu")
                    .to_lowercase()
                    .replace(['.', '\''], "")
            )
        },
    }
}

/// Which arrival each story takes: its share of the day, moved to the next free place when
/// two stories meet.
fn story_positions(stories: &[Story], guests: usize) -> Vec<(usize, usize)> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let last = guests.saturating_sub(1);
    for (s, story) in stories.iter().enumerate() {
        let wanted = ((story.at * last as f64).round() as usize).min(last);
        let free = (wanted..guests)
            .chain((0..wanted).rev())
            .find(|p| taken.iter().all(|(q, _)| q != p));
        if let Some(p) = free {
            taken.push((p, s));
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::perekonomian::PEREKONOMIAN;

    #[test]
    fn stories_keep_their_places_on_a_short_day() {
        let places = story_positions(PEREKONOMIAN.stories, 13);
        let mut unique: Vec<usize> = places.iter().map(|p| p.0).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), PEREKONOMIAN.stories.len());
        assert!(unique.iter().all(|p| *p < 13));
    }
}
