//! Running the day: an agenda of timed steps (arrivals, calls, recalls, consultations,
//! transfers, holds, check-outs) taken through the desk's own operations, each as the
//! receptionist or the official at its simulated moment, until the day is closed (or, for a
//! desk at work, until a chosen moment of the day, leaving it open).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::desk::checkin;
use crate::desk::events::Outcome;
use crate::desk::queue::{self, Transfer};
use crate::desk::{custody, Ctx};
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

use super::planner::{CardAt, Plan};
use super::profile::{Profile, Scenario};
use super::rng::Rng;
use super::setup::{service_code, Staff};
use super::time::{local, Span};

/// The simulated day must be over by this local hour.
const DAY_ENDS_HOUR: u32 = 22;

/// A step of the day, taken at its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Arrive(usize),
    HoldCard(usize),
    FillBlanko(usize),
    /// An official is free to call the next guest.
    Ready(usize),
    Recall(usize, usize),
    Start(usize, usize),
    Finish(usize, usize),
    NotPresent(usize, usize),
    Transfer(usize, usize),
    PutOnHold(usize, usize),
    Resume(usize),
    /// Someone collects the card of a guest who never came in.
    CollectCard(usize),
    CheckOut(usize),
}

/// The steps to come, earliest first (ties in the order they were planned).
#[derive(Default)]
struct Agenda {
    steps: BinaryHeap<Reverse<(DateTime<Utc>, u64, Step)>>,
    planned: u64,
}

impl Agenda {
    fn push(&mut self, at: DateTime<Utc>, step: Step) {
        self.planned += 1;
        self.steps.push(Reverse((at, self.planned, step)));
    }

    fn pop(&mut self) -> Option<(DateTime<Utc>, Step)> {
        self.steps.pop().map(|Reverse((at, _, step))| (at, step))
    }
}

pub(super) struct Sim<'a> {
    store: &'a mut Store,
    profile: &'static Profile,
    staff: Vec<Staff>,
    spans: Vec<Span>,
    plans: Vec<Plan>,
    visits: Vec<i64>,
    by_visit: HashMap<i64, usize>,
    /// Whether a guest's scenario twist (transfer, hold) has happened.
    twisted: Vec<bool>,
    /// A transferred or resumed guest the official calls out of turn.
    priority: Vec<Option<usize>>,
    /// The official who put a guest on hold.
    held_by: Vec<Option<usize>>,
    agenda: Agenda,
    rng: Rng,
    /// Guests not yet finished or marked not present.
    unresolved: usize,
    last: DateTime<Utc>,
    deadline: DateTime<Utc>,
    /// When the day stops mid-way (the demo's `--until`): no step after it is taken.
    until: Option<DateTime<Utc>>,
}

/// The day's end as [`Sim::close`] (or [`Sim::stop`]) leaves it.
pub(super) struct Closed {
    /// When the day was closed, or stopped.
    pub(super) at: DateTime<Utc>,
    pub(super) closed: bool,
    pub(super) first_arrival: DateTime<Utc>,
    pub(super) receptionist: &'static str,
}

impl<'a> Sim<'a> {
    pub(super) fn new(
        store: &'a mut Store,
        profile: &'static Profile,
        staff: Vec<Staff>,
        spans: Vec<Span>,
        plans: Vec<Plan>,
        rng: Rng,
        tz: Tz,
    ) -> Sim<'a> {
        let n = plans.len();
        let date = spans[0].0.with_timezone(&tz).date_naive();
        Sim {
            store,
            profile,
            staff,
            last: spans[0].0,
            spans,
            visits: vec![0; n],
            by_visit: HashMap::new(),
            twisted: vec![false; n],
            priority: vec![None; n],
            held_by: vec![None; n],
            agenda: Agenda::default(),
            rng,
            unresolved: n,
            plans,
            deadline: local(tz, date, DAY_ENDS_HOUR, 0),
            until: None,
        }
    }

    /// Stops the day at `until`, leaving it open.
    pub(super) fn stop_at(&mut self, until: Option<DateTime<Utc>>) {
        self.until = until;
    }

    fn desk(&self, at: DateTime<Utc>) -> Ctx {
        Ctx {
            actor: self.profile.receptionist.to_string(),
            now: at,
        }
    }

    fn by(&self, official: usize, at: DateTime<Utc>) -> Ctx {
        Ctx {
            actor: self.staff[official].actor.clone(),
            now: at,
        }
    }

    /// Runs the day from the first arrival until every guest is resolved and gone, or until
    /// the moment the day stops mid-way.
    pub(super) fn run(&mut self) -> CoreResult<()> {
        for (g, plan) in self.plans.iter().enumerate() {
            self.agenda.push(plan.arrival, Step::Arrive(g));
        }
        let opens = self.spans[0].0;
        for o in 0..self.staff.len() {
            let at = self.rng.after(opens, 0, 8);
            self.agenda.push(at, Step::Ready(o));
        }
        while let Some((at, step)) = self.agenda.pop() {
            if self.until.is_some_and(|until| at > until) {
                break;
            }
            if at > self.deadline {
                return Err(CoreError::refused(
                    "Hari demo tidak selesai sebelum malam; tidak semua tamu terlayani.",
                ));
            }
            let wrote = self.take(at, step)?;
            if wrote {
                self.last = self.last.max(at);
            }
        }
        Ok(())
    }

    /// Takes one step; says whether it wrote anything.
    fn take(&mut self, at: DateTime<Utc>, step: Step) -> CoreResult<bool> {
        let desk = self.desk(at);
        match step {
            Step::Arrive(g) => self.arrive(g, &desk)?,
            Step::HoldCard(g) => self.hold_card(g, &desk)?,
            Step::FillBlanko(g) => {
                let blanko = self.plans[g].blanko_later.clone().unwrap_or_default();
                queue::fill_blanko(self.store, &desk, self.visits[g], &blanko)?
            }
            Step::Ready(o) => return self.ready(o, at),
            Step::Recall(g, o) => {
                let ctx = self.by(o, at);
                queue::recall(self.store, &ctx, self.staff[o].id, self.visits[g])?
            }
            Step::Start(g, o) => {
                let ctx = self.by(o, at);
                queue::start(self.store, &ctx, self.staff[o].id, self.visits[g])?
            }
            Step::Finish(g, o) => self.finish(g, o, at)?,
            Step::NotPresent(g, o) => self.not_present(g, o, at)?,
            Step::Transfer(g, o) => self.transfer(g, o, at)?,
            Step::PutOnHold(g, o) => {
                let ctx = self.by(o, at);
                queue::hold(self.store, &ctx, self.visits[g], self.profile.hold_reason)?;
                self.held_by[g] = Some(o);
            }
            Step::Resume(g) => {
                queue::resume(self.store, &desk, self.visits[g])?;
                self.priority[g] = self.held_by[g];
            }
            Step::CollectCard(g) => self.collect_card(g, &desk)?,
            Step::CheckOut(g) => custody::check_out(self.store, &desk, self.visits[g])?,
        }
        Ok(true)
    }

    fn first_free_slot(&self) -> CoreResult<Option<u32>> {
        Ok(custody::free_slots(self.store.conn())?.first().copied())
    }

    fn arrive(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        let at = desk.now;
        let mut request = self.plans[g].request.clone();
        if self.plans[g].card == CardAt::CheckIn {
            request.slot = self.first_free_slot()?;
        }
        let done = checkin::check_in(self.store, desk, &request)?;
        self.visits[g] = done.visit_id;
        self.by_visit.insert(done.visit_id, g);
        if self.plans[g].card == CardAt::AfterCheckIn {
            let next = self.rng.after(at, 1, 1);
            self.agenda.push(next, Step::HoldCard(g));
        }
        if self.plans[g].blanko_later.is_some() {
            let next = self.rng.after(at, 1, 2);
            self.agenda.push(next, Step::FillBlanko(g));
        }
        Ok(())
    }

    fn hold_card(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        if let Some(slot) = self.first_free_slot()? {
            custody::hold(self.store, desk, self.visits[g], slot)?;
        }
        Ok(())
    }

    /// Whether the guest's card is in the drawer now.
    fn card_in_drawer(&self, g: usize) -> CoreResult<bool> {
        Ok(custody::held(self.store.conn(), self.last)?
            .iter()
            .any(|c| c.visit_id == self.visits[g]))
    }

    /// The guest never came in: later someone collects the card for them.
    fn not_present(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let ctx = self.by(o, at);
        queue::not_present(self.store, &ctx, self.staff[o].id, self.visits[g])?;
        self.unresolved -= 1;
        let later = self.rng.after(at, 40, 70);
        self.agenda.push(later, Step::CollectCard(g));
        Ok(())
    }

    fn collect_card(&mut self, g: usize, desk: &Ctx) -> CoreResult<()> {
        if self.card_in_drawer(g)? {
            let to = self.plans[g].collector.clone();
            custody::return_card(self.store, desk, self.visits[g], &to)?;
        }
        let out = self.rng.after(desk.now, 1, 1);
        self.agenda.push(out, Step::CheckOut(g));
        Ok(())
    }

    /// When an official may call at `at`: now inside a window, at the next opening in a
    /// break or before the day opens, and now after closing (guests still waiting are served).
    fn calling_time(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.spans
            .iter()
            .find(|(_, end)| at < *end)
            .map_or(at, |(start, _)| at.max(*start))
    }

    /// An official is free: calls a transferred guest first, else the next in line, else
    /// looks again in a few minutes.
    fn ready(&mut self, o: usize, at: DateTime<Utc>) -> CoreResult<bool> {
        if self.unresolved == 0 {
            return Ok(false);
        }
        let from = self.calling_time(at);
        if from > at {
            let later = self.rng.after(from, 0, 4);
            self.agenda.push(later, Step::Ready(o));
            return Ok(false);
        }
        let ctx = self.by(o, at);
        let official = self.staff[o].id;
        let called = match self.priority.iter().position(|p| *p == Some(o)) {
            Some(g) => {
                queue::call(self.store, &ctx, official, self.visits[g])?;
                self.priority[g] = None;
                Some(self.visits[g])
            }
            None => match queue::call_next(self.store, &ctx, official) {
                Ok(visit) => Some(visit),
                Err(CoreError::Refused(m)) if m.contains("Tidak ada tamu") => None,
                Err(e) => return Err(e),
            },
        };
        let Some(visit) = called else {
            let later = self.rng.after(at, 2, 4);
            self.agenda.push(later, Step::Ready(o));
            return Ok(false);
        };
        let g = *self.by_visit.get(&visit).ok_or_else(|| {
            CoreError::refused(format!(
                "Kunjungan nomor {visit} bukan bagian dari hari demo; antrian tidak kosong."
            ))
        })?;
        self.serve(g, o, at);
        Ok(true)
    }

    /// Plans what follows a call, by the guest's scenario.
    fn serve(&mut self, g: usize, o: usize, called: DateTime<Utc>) {
        let first = !std::mem::replace(&mut self.twisted[g], true);
        let scenario = self.plans[g].scenario;
        match (scenario, first) {
            (Scenario::NotPresent, _) => {
                let r1 = self.rng.after(called, 2, 3);
                let r2 = self.rng.after(r1, 2, 3);
                let gone = self.rng.after(r2, 2, 3);
                self.agenda.push(r1, Step::Recall(g, o));
                self.agenda.push(r2, Step::Recall(g, o));
                self.agenda.push(gone, Step::NotPresent(g, o));
                let free = self.rng.after(gone, 1, 1);
                self.agenda.push(free, Step::Ready(o));
            }
            (Scenario::Transferred, true) => {
                let moved = self.rng.after(called, 1, 2);
                self.agenda.push(moved, Step::Transfer(g, o));
                let free = self.rng.after(moved, 1, 1);
                self.agenda.push(free, Step::Ready(o));
            }
            (Scenario::HeldAndResumed, true) => {
                let held = self.rng.after(called, 1, 2);
                self.agenda.push(held, Step::PutOnHold(g, o));
                let free = self.rng.after(held, 1, 1);
                self.agenda.push(free, Step::Ready(o));
                let back = self.rng.after(held, 30, 40);
                self.agenda.push(back, Step::Resume(g));
            }
            _ => {
                let came = if scenario == Scenario::Recalled {
                    let again = self.rng.after(called, 2, 3);
                    self.agenda.push(again, Step::Recall(g, o));
                    self.rng.after(again, 1, 2)
                } else {
                    self.rng.after(called, 1, 2)
                };
                self.agenda.push(came, Step::Start(g, o));
                let done = came + Duration::minutes(self.plans[g].minutes);
                self.agenda.push(done, Step::Finish(g, o));
                let free = self.rng.after(done, 1, 2);
                self.agenda.push(free, Step::Ready(o));
                if scenario != Scenario::LeftBehind {
                    let out = self.rng.after(done, 2, 5);
                    self.agenda.push(out, Step::CheckOut(g));
                }
            }
        }
    }

    fn finish(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let topic = self.plans[g].topic;
        let outcome = Outcome {
            notes: format!(
                "Pokok bahasan: {}. {}",
                self.plans[g].request.purpose,
                if topic.questions.is_empty() {
                    String::new()
                } else {
                    format!("Pertanyaan tamu: {}", topic.questions)
                }
            )
            .trim()
            .to_string(),
            result: topic.result.to_string(),
            follow_up: topic.follow_up.to_string(),
            closed: topic.closed,
        };
        let ctx = self.by(o, at);
        queue::finish(self.store, &ctx, self.staff[o].id, self.visits[g], &outcome)?;
        self.unresolved -= 1;
        Ok(())
    }

    fn transfer(&mut self, g: usize, o: usize, at: DateTime<Utc>) -> CoreResult<()> {
        let spec = &self.profile.transfer;
        let to = spec.to_official;
        let ctx = self.by(o, at);
        queue::transfer(
            self.store,
            &ctx,
            self.visits[g],
            &Transfer {
                to_official: Some(self.staff[to].id),
                to_service: Some(service_code(self.profile, spec.to_service)),
                reason: spec.reason.to_string(),
            },
        )?;
        self.priority[g] = Some(to);
        Ok(())
    }

    /// The day stopped mid-way: nothing is closed; the desk stands as it was at that moment.
    pub(super) fn stop(&self, at: DateTime<Utc>) -> Closed {
        Closed {
            at,
            first_arrival: self.plans.first().map_or(at, |p| p.arrival),
            receptionist: self.profile.receptionist,
            closed: false,
        }
    }

    /// Closes the day: the cards nobody collected are recorded as left behind, then the day
    /// is closed.
    pub(super) fn close(&mut self) -> CoreResult<Closed> {
        let window_end = self.spans.last().map_or(self.last, |s| s.1);
        let at = (window_end + Duration::minutes(15)).max(self.rng.after(self.last, 5, 10));
        let desk = self.desk(at);
        for g in 0..self.plans.len() {
            if self.plans[g].scenario == Scenario::LeftBehind {
                custody::left_behind(self.store, &desk, self.visits[g])?;
            }
        }
        let closing_at = self.rng.after(at, 1, 2);
        let closing = self.desk(closing_at);
        custody::close_day(self.store, &closing)?;
        let closing = closing.now;
        Ok(Closed {
            at: closing,
            first_arrival: self.plans.first().map_or(closing, |p| p.arrival),
            receptionist: self.profile.receptionist,
            closed: true,
        })
    }
}
