//! The timeline engine: turns a service's sorted events and the maintenance windows that cover
//! it into the stretches of time over which its counted status does not change. Pure: no I/O.
//!
//! A timeline flows through stages, each an iterator over the one before: the reported
//! statuses, maintenance laid over them, slots of `--granularity`, short incidents forgiven
//! (`--min-incident`), and neighbours that ended up alike joined.

use std::collections::VecDeque;

use crate::events::{Coverage, EventLog, MaintenanceWindow, ServiceEvents, ServiceId};
use crate::status::{Status, Weights};
use crate::subject::GroupMode;
use crate::time::UnixMs;

/// The measured time, [from, to), never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: UnixMs,
    pub to: UnixMs,
}

/// How reported statuses become counted time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountingRules {
    /// The status of a service before its first event.
    pub initial_status: Status,
    pub weights: Weights,
    /// `--granularity`: time is counted in slots of this many milliseconds, aligned to the
    /// epoch, each taking the worst status seen in its counted part.
    pub slot_ms: Option<i64>,
    /// `--min-incident`: incidents shorter than this many milliseconds count as operational.
    pub min_incident_ms: Option<i64>,
}

impl CountingRules {
    /// Whether time may count otherwise than reported: with slots or a minimum incident, the
    /// status counted at an instant depends on the time around it.
    pub fn look_around(&self) -> bool {
        self.slot_ms.is_some() || self.min_incident_ms.is_some()
    }
}

/// A stretch of time over which neither the reported nor the counted status changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub from: UnixMs,
    pub to: UnixMs,
    /// The status the events report.
    pub reported: Status,
    /// The status that counts: `under_maintenance` inside an announced window, the worst of a
    /// slot, `operational` in a forgiven incident, else the reported one.
    pub status: Status,
}

impl Segment {
    pub fn length_ms(&self) -> i64 {
        self.to - self.from
    }
}

/// Sorted, disjoint, non-empty intervals [start, end) inside one window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intervals(Vec<(UnixMs, UnixMs)>);

impl Intervals {
    pub fn new(raw: impl IntoIterator<Item = (UnixMs, UnixMs)>, window: Window) -> Intervals {
        let mut clipped: Vec<(UnixMs, UnixMs)> = raw
            .into_iter()
            .map(|(start, end)| (start.max(window.from), end.min(window.to)))
            .filter(|(start, end)| start < end)
            .collect();
        clipped.sort_unstable();
        let mut merged: Vec<(UnixMs, UnixMs)> = Vec::with_capacity(clipped.len());
        for (start, end) in clipped {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Intervals(merged)
    }
}

/// The announced maintenance of every service, resolved to service ids.
#[derive(Clone, Debug, Default)]
pub struct MaintenanceSchedule {
    by_service: Vec<Intervals>,
}

impl MaintenanceSchedule {
    /// Assigns each window to the services it covers. A window naming a service that has no
    /// events cannot apply to anything; it is returned so the caller can say so.
    pub fn new<'w>(
        windows: &'w [MaintenanceWindow],
        log: &EventLog,
        window: Window,
    ) -> (MaintenanceSchedule, Vec<&'w MaintenanceWindow>) {
        let mut raw: Vec<Vec<(UnixMs, UnixMs)>> = vec![Vec::new(); log.service_count()];
        let mut unmatched = Vec::new();
        for maintenance in windows {
            let span = (maintenance.start, maintenance.end);
            match &maintenance.coverage {
                Coverage::Every => raw.iter_mut().for_each(|spans| spans.push(span)),
                Coverage::Service(name) => match log.find(name) {
                    Some(id) => raw[id.0 as usize].push(span),
                    None => unmatched.push(maintenance),
                },
            }
        }
        let by_service = raw.into_iter().map(|spans| Intervals::new(spans, window)).collect();
        (MaintenanceSchedule { by_service }, unmatched)
    }

    pub fn of(&self, service: ServiceId) -> &Intervals {
        &self.by_service[service.0 as usize]
    }
}

/// A service's timeline inside the window before the counting rules: the statuses its events
/// report, with its announced maintenance laid over them. Consecutive segments cover the
/// window exactly.
pub type ServiceTimeline<'a> = Overlay<'a, ReportedSegments<'a>>;

#[inline]
pub fn service_timeline<'a>(
    events: &'a ServiceEvents,
    initial_status: Status,
    window: Window,
    maintenance: &'a Intervals,
) -> ServiceTimeline<'a> {
    let reported = ReportedSegments::new(events, initial_status, window);
    Overlay { segments: reported, intervals: &maintenance.0, next_interval: 0, rest: None }
}

/// Applies the counting rules to a timeline before them (a service's, or a group's), under
/// `weights`, and hands `visit` the result: consecutive segments that cover the window
/// exactly, each differing from the one before in reported or in counted status.
///
/// The timeline is pushed rather than returned as an iterator so that each pipeline, with or
/// without the counting rules, is compiled into one loop: the common case pays nothing for the
/// rules it does not use.
pub fn for_each_counted(
    timeline: impl Iterator<Item = Segment>,
    window: Window,
    rules: &CountingRules,
    mut visit: impl Visit,
) {
    if rules.slot_ms.is_none() && rules.min_incident_ms.is_none() {
        return Coalesce { segments: timeline, pending: None }
            .for_each(|segment| visit.visit(segment));
    }
    let slotted = Slots {
        segments: timeline,
        slot_ms: rules.slot_ms,
        window_end: window.to,
        weights: &rules.weights,
        rest: None,
        open: None,
    };
    let forgiven = ShortIncidentsForgiven {
        segments: slotted,
        min_incident_ms: rules.min_incident_ms,
        weights: &rules.weights,
        run: VecDeque::new(),
        run_ms: 0,
        run_long_enough: false,
        ready: VecDeque::new(),
    };
    Coalesce { segments: forgiven, pending: None }.for_each(|segment| visit.visit(segment));
}

/// What consumes a timeline, segment by segment: a closure, or a tally whose work is compiled
/// into the pipeline's loop.
pub trait Visit {
    fn visit(&mut self, segment: Segment);
}

impl<F: FnMut(Segment)> Visit for F {
    #[inline(always)]
    fn visit(&mut self, segment: Segment) {
        self(segment);
    }
}

/// A group member's timeline of one window, before the counting rules: a service's, or a
/// group's. An enum rather than a boxed iterator, so that a group of services is merged
/// without a call through a pointer per segment.
pub enum Timeline<'a> {
    Service(ServiceTimeline<'a>),
    Group(Box<GroupTimeline<'a>>),
}

impl Iterator for Timeline<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        match self {
            Timeline::Service(timeline) => timeline.next(),
            Timeline::Group(timeline) => timeline.next(),
        }
    }
}

/// A member's status from an instant on.
#[derive(Clone, Copy, Debug)]
struct Change {
    at: UnixMs,
    member: u32,
    status: Status,
}

/// How many changes a stretch of time should hold: enough that a stretch costs little to
/// start, few enough that its changes stay in the processor's cache while sorted.
const CHANGES_PER_STRETCH: usize = 1 << 14;

/// A group's timeline before the counting rules, merged from its members' timelines of one
/// window. At each instant the members in maintenance are left out; of the `m` left, the group
/// takes the status of the k-th best (by weight, then severity), with `k` as its mode says;
/// with fewer than `k` left, or none, it is in maintenance.
///
/// Time is swept in stretches: each member's changes inside a stretch are gathered (each
/// member's in time order, read sequentially), sorted, and applied in time order to a count of
/// how many members are in each status. A thousand members cost a sort of their changes, not
/// a thousand comparisons each.
pub struct GroupTimeline<'a> {
    members: Vec<Timeline<'a>>,
    /// Each member's next segment not yet gathered; None once it has ended.
    upcoming: Vec<Option<Segment>>,
    /// Each member's status at `at`.
    current: Vec<Status>,
    in_status: [u32; Status::COUNT],
    /// The counted statuses, best first, as the group's weights rank them.
    ranked: [Status; Status::COUNT - 1],
    mode: GroupMode,
    /// The changes of the stretch being swept, in time order, and the next to apply.
    changes: Vec<Change>,
    next_change: usize,
    /// Where the next stretch to gather begins, and how long it is.
    gathered_to: UnixMs,
    stretch_ms: i64,
    window: Window,
    /// Where the part not yet handed out begins.
    at: UnixMs,
    /// The stretch being extended while the group's status stays the same.
    pending: Option<Segment>,
}

impl<'a> GroupTimeline<'a> {
    /// Merges `members`, timelines that each cover `window`.
    pub fn new(
        mut members: Vec<Timeline<'a>>,
        mode: GroupMode,
        weights: &Weights,
        window: Window,
    ) -> Self {
        let mut ranked = [Status::Operational; Status::COUNT - 1];
        for (slot, status) in ranked.iter_mut().zip(Weights::counted_statuses()) {
            *slot = status;
        }
        ranked.sort_by_key(|&status| (weights.get(status), status));
        let count = members.len();
        let mut in_status = [0; Status::COUNT];
        // Until its first segment is applied, a member counts as in maintenance: left out.
        in_status[Status::UnderMaintenance.index()] = count as u32;
        let upcoming = members.iter_mut().map(Iterator::next).collect();
        GroupTimeline {
            members,
            upcoming,
            current: vec![Status::UnderMaintenance; count],
            in_status,
            ranked,
            mode,
            changes: Vec::new(),
            next_change: 0,
            gathered_to: window.from,
            // A first guess, corrected by what each stretch holds.
            stretch_ms: ((window.to - window.from) / 1024).max(1),
            window,
            at: window.from,
            pending: None,
        }
    }

    /// The group's status now: the k-th best among the members not in maintenance, or
    /// maintenance when fewer than k are left, or none.
    fn status(&self) -> Status {
        let left = self.current.len() as u32 - self.in_status[Status::UnderMaintenance.index()];
        if left == 0 {
            return Status::UnderMaintenance;
        }
        let needed = self.mode.needed(left);
        let mut working = 0;
        for status in self.ranked {
            working += self.in_status[status.index()];
            if working >= needed {
                return status;
            }
        }
        Status::UnderMaintenance
    }

    /// Gathers the members' changes in the next stretch of time that has any, in time order;
    /// false when the window is swept.
    fn gather(&mut self) -> bool {
        self.changes.clear();
        self.next_change = 0;
        while self.changes.is_empty() && self.gathered_to < self.window.to {
            let end = self.gathered_to.saturating_add(self.stretch_ms).min(self.window.to);
            for (index, (member, upcoming)) in
                self.members.iter_mut().zip(&mut self.upcoming).enumerate()
            {
                while let Some(segment) = upcoming.filter(|segment| segment.from < end) {
                    let status = segment.status;
                    self.changes.push(Change { at: segment.from, member: index as u32, status });
                    *upcoming = member.next();
                }
            }
            self.gathered_to = end;
            // Keep the stretches near the size that sorts in cache.
            if self.changes.len() > 4 * CHANGES_PER_STRETCH {
                self.stretch_ms = (self.stretch_ms / 2).max(1);
            } else if self.changes.len() < CHANGES_PER_STRETCH / 4 {
                self.stretch_ms = self.stretch_ms.saturating_mul(2);
            }
        }
        radsort::sort_by_key(&mut self.changes, |change| change.at);
        !self.changes.is_empty()
    }

    /// Extends the pending stretch to `until` at the group's status; returns the stretch that
    /// ends, if the status changed.
    fn extend_to(&mut self, until: UnixMs) -> Option<Segment> {
        let status = self.status();
        let from = self.at;
        self.at = until;
        match &mut self.pending {
            Some(pending) if pending.status == status => {
                pending.to = until;
                None
            }
            pending => pending.replace(Segment { from, to: until, reported: status, status }),
        }
    }
}

impl Iterator for GroupTimeline<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        loop {
            if self.next_change == self.changes.len() && !self.gather() {
                // Every change is applied: the status holds to the window's end.
                if self.at < self.window.to {
                    if let Some(finished) = self.extend_to(self.window.to) {
                        return Some(finished);
                    }
                }
                return self.pending.take();
            }
            let until = self.changes[self.next_change].at;
            let finished = if until > self.at { self.extend_to(until) } else { None };
            // Every member that changes here does so before the group's status is taken.
            while let Some(change) =
                self.changes.get(self.next_change).filter(|change| change.at == until)
            {
                let member = change.member as usize;
                self.in_status[self.current[member].index()] -= 1;
                self.in_status[change.status.index()] += 1;
                self.current[member] = change.status;
                self.next_change += 1;
            }
            if finished.is_some() {
                return finished;
            }
        }
    }
}

/// The status the events report, stretch by stretch.
pub struct ReportedSegments<'a> {
    at: &'a [UnixMs],
    status: &'a [Status],
    next_event: usize,
    current: Status,
    from: UnixMs,
    end: UnixMs,
}

impl<'a> ReportedSegments<'a> {
    fn new(events: &'a ServiceEvents, initial: Status, window: Window) -> Self {
        // Events before the window set the status at its start: the last of them wins.
        let first_inside = events.at.partition_point(|&at| at <= window.from);
        let current = first_inside.checked_sub(1).map_or(initial, |last| events.status[last]);
        ReportedSegments {
            at: &events.at,
            status: &events.status,
            next_event: first_inside,
            current,
            from: window.from,
            end: window.to,
        }
    }
}

impl Iterator for ReportedSegments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        if self.from >= self.end {
            return None;
        }
        while let Some(&at) = self.at.get(self.next_event).filter(|&&at| at < self.end) {
            let status = self.status[self.next_event];
            self.next_event += 1;
            if status == self.current {
                continue;
            }
            if at == self.from {
                // Several events at one instant: the last one read holds.
                self.current = status;
                continue;
            }
            let segment =
                Segment { from: self.from, to: at, reported: self.current, status: self.current };
            self.from = at;
            self.current = status;
            return Some(segment);
        }
        let last =
            Segment { from: self.from, to: self.end, reported: self.current, status: self.current };
        self.from = self.end;
        Some(last)
    }
}

/// Splits segments where maintenance windows begin and end, and marks the covered parts.
pub struct Overlay<'a, I> {
    segments: I,
    intervals: &'a [(UnixMs, UnixMs)],
    next_interval: usize,
    rest: Option<Segment>,
}

impl<I: Iterator<Item = Segment>> Iterator for Overlay<'_, I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let mut segment = self.rest.take().or_else(|| self.segments.next())?;
        while self.intervals.get(self.next_interval).is_some_and(|&(_, end)| end <= segment.from) {
            self.next_interval += 1;
        }
        let Some(&(start, end)) = self.intervals.get(self.next_interval) else {
            return Some(segment);
        };
        if start >= segment.to {
            return Some(segment);
        }
        let cut = if start > segment.from { start } else { end.min(segment.to) };
        if cut < segment.to {
            self.rest = Some(Segment { from: cut, ..segment });
            segment.to = cut;
        }
        if start <= segment.from {
            segment.status = Status::UnderMaintenance;
        }
        Some(segment)
    }
}

/// Cuts time into slots aligned to the epoch. A slot whose time all has one status keeps it;
/// a slot holding several takes the worst status of its counted part, or is maintenance when
/// it has no counted part. Slots cut by the window's edges keep only the part inside.
struct Slots<'a, I> {
    segments: I,
    slot_ms: Option<i64>,
    window_end: UnixMs,
    weights: &'a Weights,
    /// What is left of a segment after the slot it ended in.
    rest: Option<Segment>,
    /// The slot being filled with the segments that meet inside it.
    open: Option<MixedSlot>,
}

struct MixedSlot {
    from: UnixMs,
    to: UnixMs,
    /// The worst counted status seen, and what was reported then.
    worst: Option<(Status, Status)>,
    first_reported: Status,
}

impl MixedSlot {
    fn absorb(&mut self, segment: &Segment, weights: &Weights) {
        if segment.status.is_excluded() {
            return;
        }
        self.worst = match self.worst {
            Some((worst, _)) if weights.worse(worst, segment.status) == worst => self.worst,
            _ => Some((segment.status, segment.reported)),
        };
    }

    fn resolve(self) -> Segment {
        let (status, reported) =
            self.worst.unwrap_or((Status::UnderMaintenance, self.first_reported));
        Segment { from: self.from, to: self.to, reported, status }
    }
}

impl<I: Iterator<Item = Segment>> Iterator for Slots<'_, I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let Some(slot_ms) = self.slot_ms else {
            return self.segments.next();
        };
        loop {
            let Some(mut segment) = self.rest.take().or_else(|| self.segments.next()) else {
                return self.open.take().map(MixedSlot::resolve);
            };
            if let Some(open) = &mut self.open {
                open.absorb(&segment, self.weights);
                let slot_end = open.to;
                if segment.to > slot_end {
                    segment.from = slot_end;
                    self.rest = Some(segment);
                }
                if segment.to >= slot_end {
                    return self.open.take().map(MixedSlot::resolve);
                }
                continue;
            }
            let slot_end =
                (segment.from.div_euclid(slot_ms) + 1).saturating_mul(slot_ms).min(self.window_end);
            if segment.to >= slot_end {
                // The segment fills whole slots up to the last boundary it crosses.
                let whole_end = if segment.to == self.window_end {
                    segment.to
                } else {
                    segment.to - segment.to.rem_euclid(slot_ms)
                };
                if whole_end < segment.to {
                    self.rest = Some(Segment { from: whole_end, ..segment });
                }
                return Some(Segment { to: whole_end, ..segment });
            }
            let mut open = MixedSlot {
                from: segment.from,
                to: slot_end,
                worst: None,
                first_reported: segment.reported,
            };
            open.absorb(&segment, self.weights);
            self.open = Some(open);
        }
    }
}

/// Counts incidents shorter than the minimum as operational. An incident is a run of counted
/// time at a weight above 0; a run still open at the window's end is judged by its part inside.
struct ShortIncidentsForgiven<'a, I> {
    segments: I,
    min_incident_ms: Option<i64>,
    weights: &'a Weights,
    /// The current run, held back until it proves long enough or ends.
    run: VecDeque<Segment>,
    run_ms: i64,
    /// The current run has reached the minimum: the rest of it passes straight through.
    run_long_enough: bool,
    ready: VecDeque<Segment>,
}

impl<I: Iterator<Item = Segment>> ShortIncidentsForgiven<'_, I> {
    fn forgive_run(&mut self) {
        self.ready.extend(
            self.run.drain(..).map(|segment| Segment { status: Status::Operational, ..segment }),
        );
        self.run_ms = 0;
    }
}

impl<I: Iterator<Item = Segment>> Iterator for ShortIncidentsForgiven<'_, I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let Some(min_incident_ms) = self.min_incident_ms else {
            return self.segments.next();
        };
        loop {
            if let Some(segment) = self.ready.pop_front() {
                return Some(segment);
            }
            let Some(segment) = self.segments.next() else {
                if self.run.is_empty() {
                    return None;
                }
                self.forgive_run();
                continue;
            };
            if !self.weights.is_down(segment.status) {
                self.run_long_enough = false;
                self.forgive_run();
                self.ready.push_back(segment);
            } else if self.run_long_enough {
                return Some(segment);
            } else {
                self.run_ms += segment.length_ms();
                self.run.push_back(segment);
                if self.run_ms >= min_incident_ms {
                    self.run_long_enough = true;
                    self.run_ms = 0;
                    self.ready.extend(self.run.drain(..));
                }
            }
        }
    }
}

/// Joins neighbours that ended up alike, e.g. two reports of the same status.
struct Coalesce<I> {
    segments: I,
    pending: Option<Segment>,
}

impl<I: Iterator<Item = Segment>> Iterator for Coalesce<I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let mut current = self.pending.take().or_else(|| self.segments.next())?;
        for next in self.segments.by_ref() {
            if next.reported == current.reported && next.status == current.status {
                current.to = next.to;
            } else {
                self.pending = Some(next);
                break;
            }
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    const WINDOW: Window = Window { from: 0, to: 100 };

    /// The merge of `timelines` as a group of `mode`.
    fn merged(timelines: &[Vec<Segment>], mode: GroupMode, weights: &Weights) -> Vec<Segment> {
        // Each timeline as a service whose events are its segments' starts.
        let events: Vec<ServiceEvents> = timelines
            .iter()
            .map(|timeline| ServiceEvents {
                at: timeline.iter().map(|segment| segment.from).collect(),
                status: timeline.iter().map(|segment| segment.status).collect(),
            })
            .collect();
        let end = timelines.iter().flatten().map(|segment| segment.to).max().unwrap_or(0);
        let window = Window { from: 0, to: end };
        let none = Intervals::default();
        let members = events
            .iter()
            .map(|events| Timeline::Service(service_timeline(events, Operational, window, &none)))
            .collect();
        GroupTimeline::new(members, mode, weights, window).collect()
    }

    fn worst_of(timelines: &[Vec<Segment>], weights: &Weights) -> Vec<Segment> {
        merged(timelines, GroupMode::All, weights)
    }

    fn events(list: &[(UnixMs, Status)]) -> ServiceEvents {
        ServiceEvents {
            at: list.iter().map(|&(at, _)| at).collect(),
            status: list.iter().map(|&(_, status)| status).collect(),
        }
    }

    fn rules(slot_ms: Option<i64>, min_incident_ms: Option<i64>) -> CountingRules {
        CountingRules {
            initial_status: Operational,
            weights: Weights::default(),
            slot_ms,
            min_incident_ms,
        }
    }

    fn collect(
        events: &ServiceEvents,
        window: Window,
        intervals: &Intervals,
        rules: &CountingRules,
    ) -> Vec<(UnixMs, UnixMs, Status)> {
        let mut segments = Vec::new();
        let timeline = service_timeline(events, rules.initial_status, window, intervals);
        for_each_counted(timeline, window, rules, |segment: Segment| {
            segments.push((segment.from, segment.to, segment.status));
        });
        segments
    }

    fn run_with(
        rules: &CountingRules,
        list: &[(UnixMs, Status)],
        maintenance: &[(UnixMs, UnixMs)],
    ) -> Vec<(UnixMs, UnixMs, Status)> {
        let events = events(list);
        let intervals = Intervals::new(maintenance.iter().copied(), WINDOW);
        collect(&events, WINDOW, &intervals, rules)
    }

    fn run(
        list: &[(UnixMs, Status)],
        maintenance: &[(UnixMs, UnixMs)],
    ) -> Vec<(UnixMs, UnixMs, Status)> {
        run_with(&rules(None, None), list, maintenance)
    }

    #[test]
    fn a_slot_takes_the_worst_status_of_its_counted_part() {
        let slots = rules(Some(10), None);
        assert_eq!(
            run_with(
                &slots,
                &[(13, DegradedPerformance), (15, MajorOutage), (17, Operational)],
                &[]
            ),
            [(0, 10, Operational), (10, 20, MajorOutage), (20, 100, Operational)]
        );
        // Maintenance in part of a slot does not save it; a slot all in maintenance is excluded.
        assert_eq!(
            run_with(&slots, &[(25, PartialOutage), (27, Operational)], &[(20, 26), (40, 50)]),
            [
                (0, 20, Operational),
                (20, 30, PartialOutage),
                (30, 40, Operational),
                (40, 50, UnderMaintenance),
                (50, 100, Operational)
            ]
        );
        assert_eq!(
            run_with(&slots, &[(41, MajorOutage), (45, Operational)], &[(40, 50)]),
            [(0, 40, Operational), (40, 50, UnderMaintenance), (50, 100, Operational)]
        );
    }

    #[test]
    fn slots_are_aligned_to_the_epoch_and_cut_by_the_window() {
        let events = events(&[(3, MajorOutage), (4, Operational), (98, PartialOutage)]);
        let intervals = Intervals::default();
        let window = Window { from: 2, to: 99 };
        let slotted = collect(&events, window, &intervals, &rules(Some(10), None));
        assert_eq!(slotted, [(2, 10, MajorOutage), (10, 90, Operational), (90, 99, PartialOutage)]);
    }

    #[test]
    fn incidents_shorter_than_the_minimum_are_forgiven() {
        let forgiving = rules(None, Some(10));
        assert_eq!(
            run_with(
                &forgiving,
                &[
                    (10, MajorOutage),
                    (15, PartialOutage),
                    (19, Operational),
                    (30, DegradedPerformance),
                    (35, MajorOutage),
                    (40, Operational),
                    (95, MajorOutage)
                ],
                &[]
            ),
            // 10–19 lasts 9: forgiven. 30–40 lasts 10: kept. 95–100 is cut by the window: 5.
            // Forgiven stretches stay apart: their reported status differs.
            [
                (0, 10, Operational),
                (10, 15, Operational),
                (15, 19, Operational),
                (19, 30, Operational),
                (30, 35, DegradedPerformance),
                (35, 40, MajorOutage),
                (40, 95, Operational),
                (95, 100, Operational)
            ]
        );
        // Maintenance ends an incident: two runs of 6 are each too short.
        assert_eq!(
            run_with(&forgiving, &[(10, MajorOutage), (22, Operational)], &[(16, 17)]),
            [
                (0, 10, Operational),
                (10, 16, Operational),
                (16, 17, UnderMaintenance),
                (17, 22, Operational),
                (22, 100, Operational)
            ]
        );
    }

    #[test]
    fn an_event_holds_until_the_next() {
        assert_eq!(
            run(&[(10, MajorOutage), (30, Operational), (60, DegradedPerformance)], &[]),
            [
                (0, 10, Operational),
                (10, 30, MajorOutage),
                (30, 60, Operational),
                (60, 100, DegradedPerformance)
            ]
        );
    }

    #[test]
    fn events_before_the_window_set_its_first_status() {
        assert_eq!(
            run(&[(-50, MajorOutage), (-10, PartialOutage)], &[]),
            [(0, 100, PartialOutage)]
        );
        assert_eq!(run(&[(0, MajorOutage)], &[]), [(0, 100, MajorOutage)]);
        assert_eq!(run(&[(150, MajorOutage)], &[]), [(0, 100, Operational)]);
    }

    #[test]
    fn the_last_event_at_an_instant_wins_and_repeats_merge() {
        assert_eq!(
            run(
                &[
                    (20, MajorOutage),
                    (20, PartialOutage),
                    (40, PartialOutage),
                    (70, Operational),
                    (70, Operational)
                ],
                &[]
            ),
            [(0, 20, Operational), (20, 70, PartialOutage), (70, 100, Operational)]
        );
        assert_eq!(run(&[(20, MajorOutage), (20, Operational)], &[]), [(0, 100, Operational)]);
    }

    #[test]
    fn maintenance_windows_override_and_split() {
        assert_eq!(
            run(&[(10, MajorOutage), (50, Operational)], &[(40, 60), (-5, 5), (90, 200)]),
            [
                (0, 5, UnderMaintenance),
                (5, 10, Operational),
                (10, 40, MajorOutage),
                // Still two stretches: the reported status changes inside the window.
                (40, 50, UnderMaintenance),
                (50, 60, UnderMaintenance),
                (60, 90, Operational),
                (90, 100, UnderMaintenance)
            ]
        );
    }

    #[test]
    fn a_platform_is_as_bad_as_its_worst_part_and_in_maintenance_only_all_together() {
        let timeline = |list: &[(UnixMs, UnixMs, Status)]| -> Vec<Segment> {
            list.iter()
                .map(|&(from, to, status)| Segment { from, to, reported: status, status })
                .collect()
        };
        let api =
            timeline(&[(0, 10, Operational), (10, 30, PartialOutage), (30, 100, UnderMaintenance)]);
        let db = timeline(&[
            (0, 20, DegradedPerformance),
            (20, 50, Operational),
            (50, 60, UnderMaintenance),
            (60, 100, MajorOutage),
        ]);
        let merged: Vec<_> = worst_of(&[api, db], &Weights::default())
            .iter()
            .map(|segment| (segment.from, segment.to, segment.status))
            .collect();
        assert_eq!(
            merged,
            [
                (0, 10, DegradedPerformance),
                (10, 30, PartialOutage),
                (30, 50, Operational),
                (50, 60, UnderMaintenance),
                (60, 100, MajorOutage)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn a_platform_is_the_worst_of_its_parts_at_every_instant(
            parts in proptest::collection::vec(
                proptest::collection::vec((1i64..15, 0usize..Status::COUNT), 1..8),
                1..6,
            ),
            degraded_weight in 0u32..=10,
        ) {
            let mut weights = Weights::default();
            weights.set(DegradedPerformance, rust_decimal::Decimal::new(degraded_weight.into(), 1));
            // Each part: consecutive segments from 0; the window is the shortest part's length.
            let timelines: Vec<Vec<Segment>> = parts
                .iter()
                .map(|part| {
                    let mut from = 0;
                    part.iter()
                        .map(|&(length, status)| {
                            let status = Status::ALL[status];
                            let segment = Segment { from, to: from + length, reported: status, status };
                            from += length;
                            segment
                        })
                        .collect()
                })
                .collect();
            let end = timelines.iter().map(|timeline| timeline.last().unwrap().to).min().unwrap();
            let clipped: Vec<Vec<Segment>> = timelines
                .iter()
                .map(|timeline| {
                    timeline
                        .iter()
                        .filter(|segment| segment.from < end)
                        .map(|segment| Segment { to: segment.to.min(end), ..*segment })
                        .collect()
                })
                .collect();
            let merged = worst_of(&clipped, &weights);
            for at in 0..end {
                let statuses: Vec<Status> = clipped
                    .iter()
                    .map(|timeline| timeline.iter().find(|s| s.from <= at && at < s.to).unwrap().status)
                    .collect();
                let expected = statuses
                    .iter()
                    .copied()
                    .filter(|status| !status.is_excluded())
                    .reduce(|a, b| weights.worse(a, b))
                    .unwrap_or(UnderMaintenance);
                let got = merged.iter().find(|s| s.from <= at && at < s.to).map(|s| s.status);
                proptest::prop_assert_eq!(got, Some(expected), "at {}", at);
            }
            proptest::prop_assert!(merged.windows(2).all(|pair| pair[0].to == pair[1].from && pair[0].status != pair[1].status));
        }
    }

    #[test]
    fn intervals_merge_overlaps_and_clip() {
        let intervals =
            Intervals::new([(50, 70), (10, 20), (15, 30), (30, 35), (-10, 0), (90, 120)], WINDOW);
        assert_eq!(intervals.0, [(10, 35), (50, 70), (90, 100)]);
    }
}
