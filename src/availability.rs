//! Availability, weighted downtime and error budgets from the timelines. Pure: no I/O.
//!
//! Time is summed per status in integer milliseconds; weights and the objective are exact
//! decimals, and the figures exact rationals ([`Exact`]), so a service exactly at its
//! objective meets it, and one a hair below misses it, whatever the precision.

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::calendar::{PeriodGrid, PeriodKind, PeriodSlice};
use crate::events::{EventLog, ServiceId};
use crate::exact::Exact;
use crate::status::{Status, Weights};
use crate::subject::{GroupMode, SubjectId, SubjectKind, Subjects, independent_estimate};
use crate::time::Timestamp;
use crate::timeline::{
    CountingRules, GroupTimeline, MaintenanceSchedule, Segment, ServiceTimeline, Timeline, Visit,
    Window, for_each_counted, service_timeline,
};

/// What is measured and against what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The objective, a percentage in (0, 100].
    pub slo_percent: Decimal,
    pub counting: CountingRules,
}

impl Policy {
    pub fn weights(&self) -> &Weights {
        &self.counting.weights
    }

    /// The share of counted time the objective allows to be down.
    pub fn allowed_fraction(&self) -> Exact {
        allowed_fraction(self.slo_percent)
    }
}

/// The share of time an objective allows to be down: 1 − SLO ÷ 100.
pub fn allowed_fraction(slo_percent: Decimal) -> Exact {
    (Exact::hundred() - Exact::from(slo_percent)).percent_as_fraction()
}

/// Milliseconds spent in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusTime([i64; Status::COUNT]);

impl StatusTime {
    pub fn add(&mut self, segment: &Segment) {
        self.0[segment.status.index()] += segment.length_ms();
    }

    pub fn get(&self, status: Status) -> i64 {
        self.0[status.index()]
    }

    pub fn excluded_ms(&self) -> i64 {
        Status::ALL.iter().filter(|s| s.is_excluded()).map(|&s| self.get(s)).sum()
    }

    pub fn counted_ms(&self) -> i64 {
        Weights::counted_statuses().map(|s| self.get(s)).sum()
    }

    /// Counted time at weight 0: the time between incidents.
    pub fn up_ms(&self, weights: &Weights) -> i64 {
        Weights::counted_statuses().filter(|&s| !weights.is_down(s)).map(|s| self.get(s)).sum()
    }

    /// Σ weight × time, in milliseconds, exactly.
    pub fn weighted_downtime_ms(&self, weights: &Weights) -> Exact {
        Weights::counted_statuses()
            .filter(|&s| self.get(s) != 0)
            .map(|s| Exact::from(weights.get(s)) * Exact::from(self.get(s)))
            .sum()
    }
}

/// The incidents of a stretch of timeline: runs of counted time at a weight above 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct IncidentTally {
    count: u64,
    total_ms: i64,
    longest_ms: i64,
    /// The length of the run in progress, if any.
    open_ms: Option<i64>,
}

impl IncidentTally {
    fn close(&mut self) {
        if let Some(length) = self.open_ms.take() {
            self.count += 1;
            self.total_ms += length;
            self.longest_ms = self.longest_ms.max(length);
        }
    }
}

/// What a stretch of timeline adds up to: time per status and incidents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    time: StatusTime,
    incidents: IncidentTally,
}

impl Tally {
    /// Adds the next segment in time order.
    pub fn add(&mut self, segment: &Segment, weights: &Weights) {
        self.time.add(segment);
        if weights.is_down(segment.status) {
            *self.incidents.open_ms.get_or_insert(0) += segment.length_ms();
        } else {
            self.incidents.close();
        }
    }

    /// The figures, once the last segment is added.
    pub fn figures(mut self, policy: &Policy) -> Figures {
        self.incidents.close();
        Figures::new(&self.time, &self.incidents, policy)
    }
}

/// Tallies of one timeline over several windows, each segment counted in every window it
/// meets.
pub struct WindowTallies<'a> {
    windows: &'a [Window],
    tallies: Vec<Tally>,
    policy: &'a Policy,
}

impl<'a> WindowTallies<'a> {
    pub fn new(windows: &'a [Window], policy: &'a Policy) -> Self {
        WindowTallies { windows, tallies: vec![Tally::default(); windows.len()], policy }
    }

    /// Adds the next segment in time order.
    pub fn add(&mut self, segment: &Segment) {
        for (window, tally) in self.windows.iter().zip(&mut self.tallies) {
            let (from, to) = (segment.from.max(window.from), segment.to.min(window.to));
            if from < to {
                tally.add(&Segment { from, to, ..*segment }, self.policy.weights());
            }
        }
    }

    /// The figures of each window, in the order given.
    pub fn figures(self) -> Vec<Figures> {
        self.tallies.into_iter().map(|tally| tally.figures(self.policy)).collect()
    }
}

/// A length of time, kept in milliseconds (eight bytes, exact) and written in JSON and CSV as
/// seconds: the double nearest, which for any length of the years 0001 to 9999 is the exact
/// decimal of the milliseconds read back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Millis(pub i64);

impl Millis {
    /// The same length in exact seconds.
    pub fn seconds(self) -> Exact {
        Exact::seconds(self.0)
    }
}

impl Serialize for Millis {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.seconds().serialize(serializer)
    }
}

/// Seconds spent in each status; together they make up the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusSeconds {
    /// Seconds `operational` (weight 0 unless overridden).
    pub operational: Millis,
    /// Seconds `degraded_performance`.
    pub degraded_performance: Millis,
    /// Seconds `partial_outage`.
    pub partial_outage: Millis,
    /// Seconds `major_outage`.
    pub major_outage: Millis,
    /// Seconds `under_maintenance`, reported by the service or inside an announced window.
    pub under_maintenance: Millis,
}

impl From<&StatusTime> for StatusSeconds {
    fn from(time: &StatusTime) -> Self {
        StatusSeconds {
            operational: Millis(time.get(Status::Operational)),
            degraded_performance: Millis(time.get(Status::DegradedPerformance)),
            partial_outage: Millis(time.get(Status::PartialOutage)),
            major_outage: Millis(time.get(Status::MajorOutage)),
            under_maintenance: Millis(time.get(Status::UnderMaintenance)),
        }
    }
}

/// Incidents: maximal runs of counted time at a weight above 0. A change between
/// non-operational statuses does not end one; maintenance does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentStats {
    /// How many incidents began or continued in the stretch measured.
    pub count: u64,
    /// Their total length in seconds (the time, not the weighted downtime).
    pub total_seconds: Millis,
    /// The longest, in seconds; 0 without incidents.
    pub longest_seconds: Millis,
    /// Mean time to recovery: the mean incident length; null without incidents.
    pub mttr_seconds: Option<Exact>,
    /// Mean time between failures: counted time at weight 0 ÷ count; null without incidents.
    pub mtbf_seconds: Option<Exact>,
}

/// The figures of one subject over one stretch of time: the window or a calendar period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// Seconds in each status; they add up to the stretch's length.
    pub seconds: StatusSeconds,
    /// Seconds left out of the measured time: maintenance, reported or announced.
    pub excluded_seconds: Millis,
    /// Seconds measured: the stretch less the excluded time.
    pub counted_seconds: Millis,
    /// Weighted downtime: Σ weight(status) × seconds in that status, over counted time.
    pub downtime_seconds: Exact,
    /// 100 × (1 − downtime ÷ counted); null when nothing was counted (all maintenance).
    pub availability_percent: Option<Exact>,
    /// Whether availability ≥ the SLO; null when availability is null.
    pub slo_met: Option<bool>,
    /// The downtime the SLO allows: (1 − SLO ÷ 100) × counted seconds.
    pub error_budget_seconds: Exact,
    /// Budget less downtime; negative when the budget is overspent.
    pub error_budget_remaining_seconds: Exact,
    /// Downtime ÷ budget × 100; null when the budget is 0 (an SLO of 100 %, or nothing
    /// counted).
    pub error_budget_consumed_percent: Option<Exact>,
    /// (downtime ÷ counted) ÷ (1 − SLO ÷ 100): 1 spends exactly the budget; null when
    /// nothing was counted or the SLO is 100 %.
    pub burn_rate: Option<Exact>,
    /// The incidents in the stretch.
    pub incidents: IncidentStats,
}

impl Figures {
    fn new(time: &StatusTime, incidents: &IncidentTally, policy: &Policy) -> Self {
        let counted_ms = Exact::from(time.counted_ms());
        let downtime_ms = time.weighted_downtime_ms(policy.weights());
        let allowed_fraction = policy.allowed_fraction();
        let budget_ms = &allowed_fraction * &counted_ms;
        // None when nothing was counted.
        let unavailable = downtime_ms.checked_div(&counted_ms);
        let consumed = (Exact::hundred() * &downtime_ms).checked_div(&budget_ms);
        let per_incident = |ms: i64| Exact::seconds(ms).checked_div(&Exact::count(incidents.count));
        Figures {
            seconds: StatusSeconds::from(time),
            excluded_seconds: Millis(time.excluded_ms()),
            counted_seconds: Millis(time.counted_ms()),
            downtime_seconds: downtime_ms.ms_as_seconds(),
            availability_percent: unavailable
                .as_ref()
                .map(|unavailable| Exact::hundred() * (Exact::one() - unavailable)),
            slo_met: unavailable.is_some().then(|| downtime_ms <= budget_ms),
            burn_rate: unavailable
                .and_then(|unavailable| unavailable.checked_div(&allowed_fraction)),
            error_budget_seconds: budget_ms.ms_as_seconds(),
            error_budget_remaining_seconds: (&budget_ms - &downtime_ms).ms_as_seconds(),
            error_budget_consumed_percent: consumed,
            incidents: IncidentStats {
                count: incidents.count,
                total_seconds: Millis(incidents.total_ms),
                longest_seconds: Millis(incidents.longest_ms),
                mttr_seconds: per_incident(incidents.total_ms),
                mtbf_seconds: per_incident(time.up_ms(policy.weights())),
            },
        }
    }
}

/// A subject's figures in one calendar period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodAvailability {
    /// The calendar period: `2026-10-25`, `2026-W43`, `2026-10`, `2026-Q4` or `2026`.
    pub period: String,
    /// Start of the part measured, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End of the part measured, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
    /// Whether the window's edges cut the period, so only part of it was measured.
    pub partial: bool,
    /// The figures over the period.
    #[serde(flatten)]
    pub figures: Figures,
    /// For a group, the availability it would have had in the period if its members had
    /// failed independently; null for a service.
    pub independent_estimate_percent: Option<Exact>,
}

/// What a report says a subject is: its name, kind, and for a group how it is made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectInfo {
    /// The subject's name: a service's as the events give it, or a group's as declared.
    pub service: String,
    /// `service` or `group`.
    pub kind: SubjectKind,
    /// The name it is shown by: the `name` of its table in the config file, else its name.
    pub display_name: String,
    /// A group's mode: `all`, `any` or `k_of_n`; null for a service.
    pub mode: Option<GroupMode>,
    /// How many of a group's members must work: 1 for `any`, every member for `all`; null
    /// for a service.
    pub k: Option<u32>,
    /// A group's members by name (globs expanded), in the order declared; null for a service.
    pub members: Option<Vec<String>>,
    /// The objective it is measured against, in percent.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub slo_percent: Decimal,
    /// The weights its time is weighed with (and a group's members ranked by).
    pub weights: Weights,
}

/// One subject's availability over the window, and per calendar period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectAvailability {
    /// What the subject is.
    #[serde(flatten)]
    pub subject: SubjectInfo,
    /// The figures over the whole window.
    #[serde(flatten)]
    pub figures: Figures,
    /// For a group, the availability it would have if its members failed independently, from
    /// their availabilities: the product for `all`, 1 − the product of unavailabilities for
    /// `any`, the Poisson-binomial for `k_of_n`; null for a service, or when fewer than `k`
    /// members have an availability.
    pub independent_estimate_percent: Option<Exact>,
    /// One entry per calendar period of `--period`, in time order; empty without it.
    pub periods: Vec<PeriodAvailability>,
}

/// The measured window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WindowBounds {
    /// Start, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
}

impl From<Window> for WindowBounds {
    fn from(window: Window) -> Self {
        WindowBounds { from: Timestamp(window.from), to: Timestamp(window.to) }
    }
}

/// What every report states about how it was measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measurement {
    /// The window the figures cover.
    pub window: WindowBounds,
    /// The IANA time zone wall-clock timestamps were read in.
    #[serde(serialize_with = "crate::time::serialize_zone")]
    pub time_zone: Tz,
    /// The default objective, in percent; each entry states its own.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub slo_percent: Decimal,
    /// The default weight of each counted status, the share of its time that is downtime;
    /// each entry states its own.
    pub weights: Weights,
    /// `--granularity` in seconds: time is counted in whole slots of this length; null
    /// without.
    pub granularity_seconds: Option<Millis>,
    /// `--min-incident` in seconds: shorter incidents count as operational; null without.
    pub min_incident_seconds: Option<Millis>,
    /// The calendar periods each entry is also measured over (`--period`); null without.
    pub period: Option<PeriodKind>,
}

impl Measurement {
    pub fn new(window: Window, zone: Tz, policy: &Policy, period: Option<PeriodKind>) -> Self {
        Measurement {
            window: window.into(),
            time_zone: zone,
            slo_percent: policy.slo_percent,
            weights: policy.counting.weights,
            granularity_seconds: policy.counting.slot_ms.map(Millis),
            min_incident_seconds: policy.counting.min_incident_ms.map(Millis),
            period,
        }
    }
}

/// The availability report: one entry per subject.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AvailabilityReport {
    /// How the figures were measured.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// One entry per subject: the groups in the order declared, then the services by name;
    /// or in the order `--sort` asks, cut to `--top`.
    pub services: Vec<SubjectAvailability>,
    /// The order and cut `--sort` and `--top` asked for; absent when neither was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<Selection>,
}

/// What to order a report's subjects by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Lowest availability first; subjects without any (all maintenance) last.
    Availability,
    /// Most weighted downtime first.
    Downtime,
    /// By the name shown.
    Name,
}

/// Which subjects a report shows, and in what order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SelectionRequest {
    pub sort: Option<SortKey>,
    /// At most this many subjects, the first in the order.
    pub top: Option<usize>,
}

/// The order and cut a report was made with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Selection {
    /// The order of the subjects; null for the usual one (groups as declared, then services
    /// by name).
    pub sort: Option<SortKey>,
    /// How many subjects were asked for at most; null for all.
    pub top: Option<usize>,
    /// How many subjects were measured, before the cut.
    pub measured: usize,
}

/// The label of a report row covering the whole window.
pub const WHOLE_WINDOW: &str = "total";

/// One line of a report: a subject over one calendar period or over the whole window. With
/// the fields of [`SubjectInfo`] and [`Figures`], the columns of the CSV report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRow<'a> {
    /// What the subject is.
    #[serde(flatten)]
    pub subject: &'a SubjectInfo,
    /// The calendar period, or `total` for the whole window.
    pub period: &'a str,
    /// Start of the part measured, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End of the part measured, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
    /// Whether the window's edges cut the period; false for the whole window.
    pub partial: bool,
    /// The figures over the period.
    #[serde(flatten)]
    pub figures: &'a Figures,
    /// For a group, the availability if its members failed independently; null for a
    /// service.
    pub independent_estimate_percent: Option<&'a Exact>,
}

impl AvailabilityReport {
    /// Orders the subjects as `request` asks (ties by name) and keeps the first `top`.
    pub fn select(&mut self, request: SelectionRequest) {
        if request == SelectionRequest::default() {
            return;
        }
        let measured = self.services.len();
        if let Some(key) = request.sort {
            let name = |entry: &SubjectAvailability| entry.subject.display_name.clone();
            self.services.sort_by(|a, b| {
                let (fa, fb) = (&a.figures, &b.figures);
                let order = match key {
                    SortKey::Availability => {
                        match (&fa.availability_percent, &fb.availability_percent) {
                            (Some(x), Some(y)) => x.cmp(y),
                            (None, Some(_)) => std::cmp::Ordering::Greater,
                            (Some(_), None) => std::cmp::Ordering::Less,
                            (None, None) => std::cmp::Ordering::Equal,
                        }
                    }
                    SortKey::Downtime => fb.downtime_seconds.cmp(&fa.downtime_seconds),
                    SortKey::Name => std::cmp::Ordering::Equal,
                };
                order.then_with(|| name(a).cmp(&name(b)))
            });
        }
        if let Some(top) = request.top {
            self.services.truncate(top);
        }
        self.selection = Some(Selection { sort: request.sort, top: request.top, measured });
    }
    /// Every line: per subject, its periods in time order, then its whole window.
    pub fn rows(&self) -> impl Iterator<Item = ReportRow<'_>> {
        let window = &self.measurement.window;
        self.services.iter().flat_map(move |entry| {
            let periods = entry.periods.iter().map(|period| ReportRow {
                subject: &entry.subject,
                period: &period.period,
                from: period.from,
                to: period.to,
                partial: period.partial,
                figures: &period.figures,
                independent_estimate_percent: period.independent_estimate_percent.as_ref(),
            });
            periods.chain(std::iter::once(ReportRow {
                subject: &entry.subject,
                period: WHOLE_WINDOW,
                from: window.from,
                to: window.to,
                partial: false,
                figures: &entry.figures,
                independent_estimate_percent: entry.independent_estimate_percent.as_ref(),
            }))
        })
    }

    /// The lines `check` judges: with `--period`, the periods (a window that misses always
    /// has a period that does); without, the whole windows.
    pub fn judged(&self) -> impl Iterator<Item = ReportRow<'_>> {
        let by_period = self.measurement.period.is_some();
        self.rows().filter(move |row| (row.period != WHOLE_WINDOW) == by_period)
    }

    /// The lines judged that missed their objective.
    pub fn breaches(&self) -> impl Iterator<Item = ReportRow<'_>> {
        self.judged().filter(|row| row.figures.slo_met == Some(false))
    }

    /// Whether any entry is a group.
    pub fn has_groups(&self) -> bool {
        self.services.iter().any(|entry| entry.subject.kind == SubjectKind::Group)
    }
}

/// One stretch of a subject's timeline, with what it contributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineInterval {
    /// The subject's name.
    pub service: String,
    /// `service` or `group`.
    pub kind: SubjectKind,
    /// Start, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
    /// Length in seconds.
    pub seconds: Millis,
    /// The status that counts: `under_maintenance` inside an announced window, the worst of
    /// a slot with `--granularity`, `operational` in an incident `--min-incident` forgives.
    pub status: Status,
    /// The status before the counting rules: for a service, the status its events report;
    /// for a group, the status its members make.
    pub reported_status: Status,
    /// Whether the stretch is part of the measured time (false in maintenance).
    pub counted: bool,
    /// The weight applied: the share of the stretch that is downtime (0 when not counted).
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub weight: Decimal,
    /// weight × seconds.
    pub downtime_seconds: Exact,
}

/// Every subject's timeline: the audit trail behind the availability report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineReport {
    /// How the figures were measured.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// Stretches of unchanged status, by subject in the report's order, then time.
    pub intervals: Vec<TimelineInterval>,
}

/// The events, the maintenance, the subjects and the policy, together.
pub struct Measured<'a> {
    pub log: &'a EventLog,
    pub maintenance: &'a MaintenanceSchedule,
    pub subjects: &'a Subjects,
    pub window: Window,
    pub zone: Tz,
    /// The default policy; each subject has its own.
    pub policy: &'a Policy,
    /// The calendar periods to measure besides the whole window.
    pub periods: Option<&'a PeriodGrid>,
}

/// A timeline's tallies over the whole window and over each calendar period.
struct PeriodTallies<'a> {
    weights: &'a Weights,
    slices: &'a [PeriodSlice],
    whole: Tally,
    by_period: Vec<Tally>,
    /// The period the next segment begins in.
    period: usize,
}

impl Visit for &mut PeriodTallies<'_> {
    /// Adds the next segment in time order. Always inlined: it runs once a segment, in the
    /// loop of the timeline's pipeline.
    #[inline(always)]
    fn visit(&mut self, segment: Segment) {
        self.whole.add(&segment, self.weights);
        // The periods tile the window in order, so each segment is split among the periods
        // from the current one on.
        let mut rest = segment;
        while let Some(slice) = self.slices.get(self.period) {
            let end = rest.to.min(slice.span.to);
            self.by_period[self.period].add(&Segment { to: end, ..rest }, self.weights);
            if end < rest.to {
                rest.from = end;
                self.period += 1;
            } else {
                if end == slice.span.to {
                    self.period += 1;
                }
                break;
            }
        }
    }
}

/// A subject's figures over the whole window and over each period.
struct SubjectFigures {
    whole: Figures,
    periods: Vec<Figures>,
}

/// A group's independent estimates: over the whole window, and per period.
struct Estimates {
    whole: Option<Exact>,
    periods: Vec<Option<Exact>>,
}

impl<'a> Measured<'a> {
    /// A service's timeline over the measured window, before the counting rules.
    #[inline]
    fn service_timeline(&self, service: ServiceId) -> ServiceTimeline<'a> {
        let initial_status = self.policy.counting.initial_status;
        service_timeline(
            self.log.events(service),
            initial_status,
            self.window,
            self.maintenance.of(service),
        )
    }

    /// A subject's timeline over the measured window, before the counting rules: as a member
    /// of a group, it is merged before the group's counting rules apply.
    fn timeline(&self, subject: SubjectId) -> Timeline<'a> {
        match subject {
            SubjectId::Service(service) => Timeline::Service(self.service_timeline(service)),
            SubjectId::Group(group) => {
                let group = self.subjects.group(group);
                let timeline =
                    self.group_timeline(&group.members, group.mode, group.policy.weights());
                Timeline::Group(Box::new(timeline))
            }
        }
    }

    /// The timeline of a group of `members`, ranked by `weights`, before the counting rules.
    fn group_timeline(
        &self,
        members: &[SubjectId],
        mode: GroupMode,
        weights: &Weights,
    ) -> GroupTimeline<'a> {
        let members = members.iter().map(|&member| self.timeline(member)).collect();
        GroupTimeline::new(members, mode, weights, self.window)
    }

    /// Hands `visit` a subject's timeline over the measured window, under its own policy.
    #[inline(always)]
    pub fn for_each_segment(&self, subject: SubjectId, mut visit: impl Visit) {
        let rules = &self.subjects.policy(subject).counting;
        match subject {
            SubjectId::Service(service) => {
                for_each_counted(self.service_timeline(service), self.window, rules, visit);
            }
            SubjectId::Group(group) => {
                let group = self.subjects.group(group);
                let timeline = self.group_timeline(&group.members, group.mode, &rules.weights);
                // Through a pointer: `visit` is then compiled into the services' loops alone,
                // and the merge, which costs far more than a call, needs no copy of it.
                let mut visit = |segment| visit.visit(segment);
                let visit: &mut dyn FnMut(Segment) = &mut visit;
                for_each_counted(timeline, self.window, rules, visit);
            }
        }
    }

    /// A subject's figures over each of `windows`, which lie inside the measured window. The
    /// timeline is built once, over the measured window, so that the counting rules judge
    /// slots and incidents on all of it: an outage an hour old is an hour long in a 5-minute
    /// window too.
    pub fn figures_within(&self, subject: SubjectId, windows: &[Window]) -> Vec<Figures> {
        let policy = self.subjects.policy(subject);
        let mut tallies = WindowTallies::new(windows, policy);
        self.for_each_segment(subject, |segment| tallies.add(&segment));
        tallies.figures()
    }

    /// The figures, over each of `windows`, of `members` as one group of `mode` under
    /// `policy`: a group that no config declares, such as a contract's platform.
    pub fn group_figures_within(
        &self,
        members: &[SubjectId],
        mode: GroupMode,
        policy: &Policy,
        windows: &[Window],
    ) -> Vec<Figures> {
        let mut tallies = WindowTallies::new(windows, policy);
        let timeline = self.group_timeline(members, mode, policy.weights());
        for_each_counted(timeline, self.window, &policy.counting, |segment| tallies.add(&segment));
        tallies.figures()
    }

    pub fn measurement(&self) -> Measurement {
        Measurement::new(self.window, self.zone, self.policy, self.periods.map(|grid| grid.kind))
    }

    /// What a report says the subject is.
    pub fn info(&self, subject: SubjectId) -> SubjectInfo {
        let policy = self.subjects.policy(subject);
        let group = match subject {
            SubjectId::Group(group) => Some(self.subjects.group(group)),
            SubjectId::Service(_) => None,
        };
        SubjectInfo {
            service: self.subjects.name(self.log, subject).to_owned(),
            kind: subject.kind(),
            display_name: self.subjects.display_name(self.log, subject).to_owned(),
            mode: group.map(|group| group.mode),
            k: group.map(|group| group.mode.k(group.members.len())),
            members: group.map(|group| {
                group
                    .members
                    .iter()
                    .map(|&member| self.subjects.name(self.log, member).to_owned())
                    .collect()
            }),
            slo_percent: policy.slo_percent,
            weights: policy.counting.weights,
        }
    }

    /// The availability report, its subjects measured on up to `threads` threads.
    pub fn availability_on(&self, threads: usize) -> AvailabilityReport {
        let reported = self.subjects.reported();
        // A group's estimate needs its members' figures, reported or not.
        let mut needed: Vec<SubjectId> = reported.to_vec();
        let mut seen: HashSet<SubjectId> = needed.iter().copied().collect();
        for &subject in reported {
            if let SubjectId::Group(group) = subject {
                let members = &self.subjects.group(group).members;
                needed.extend(members.iter().filter(|&&member| seen.insert(member)));
            }
        }
        let mut figures: HashMap<SubjectId, SubjectFigures> =
            needed.iter().copied().zip(self.figures_of(&needed, threads)).collect();
        // The estimates first, while every member's figures are there; then each subject's
        // figures move into its entry rather than being copied.
        let estimates: Vec<Estimates> =
            reported.iter().map(|&subject| self.estimates(subject, &figures)).collect();
        let services = reported
            .iter()
            .zip(estimates)
            .filter_map(|(&subject, estimates)| {
                let own = figures.remove(&subject)?;
                Some(self.subject_availability(subject, own, estimates))
            })
            .collect();
        AvailabilityReport { measurement: self.measurement(), services, selection: None }
    }

    /// The figures of each of `subjects`, in order, measured on up to `threads` threads: each
    /// takes the next subject not yet taken, so that a costly group early in the list runs
    /// beside the many services after it.
    fn figures_of(&self, subjects: &[SubjectId], threads: usize) -> Vec<SubjectFigures> {
        let threads = threads.clamp(1, subjects.len().max(1));
        if threads == 1 {
            return subjects.iter().map(|&subject| self.subject_figures(subject)).collect();
        }
        let next = AtomicUsize::new(0);
        let measure = || {
            let mut measured = Vec::new();
            while let Some(&subject) = subjects.get(next.fetch_add(1, Ordering::Relaxed)) {
                measured.push((subject, self.subject_figures(subject)));
            }
            measured
        };
        let mut by_subject: HashMap<SubjectId, SubjectFigures> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads).map(|_| scope.spawn(measure)).collect();
            workers
                .into_iter()
                .flat_map(|worker| match worker.join() {
                    Ok(measured) => measured,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        subjects.iter().filter_map(|subject| by_subject.remove(subject)).collect()
    }

    /// For a group, the independent estimate over the whole window and over each period;
    /// none for a service.
    fn estimates(
        &self,
        subject: SubjectId,
        figures: &HashMap<SubjectId, SubjectFigures>,
    ) -> Estimates {
        let periods = self.periods.map_or(0, |grid| grid.slices.len());
        let SubjectId::Group(group) = subject else {
            return Estimates { whole: None, periods: vec![None; periods] };
        };
        let group = self.subjects.group(group);
        // Over the whole window (None) or one period (Some).
        let estimate = |period: Option<usize>| {
            let members: Vec<Option<&Exact>> = group
                .members
                .iter()
                .map(|member| {
                    let member = &figures[member];
                    period
                        .map_or(&member.whole, |index| &member.periods[index])
                        .availability_percent
                        .as_ref()
                })
                .collect();
            independent_estimate(group.mode, &members)
        };
        Estimates {
            whole: estimate(None),
            periods: (0..periods).map(|i| estimate(Some(i))).collect(),
        }
    }

    fn subject_availability(
        &self,
        subject: SubjectId,
        own: SubjectFigures,
        estimates: Estimates,
    ) -> SubjectAvailability {
        let slices = self.periods.map_or(&[][..], |grid| &grid.slices);
        let periods = slices
            .iter()
            .zip(own.periods)
            .zip(estimates.periods)
            .map(|((slice, figures), estimate)| PeriodAvailability {
                period: slice.period.to_string(),
                from: Timestamp(slice.span.from),
                to: Timestamp(slice.span.to),
                partial: slice.partial,
                figures,
                independent_estimate_percent: estimate,
            })
            .collect();
        SubjectAvailability {
            subject: self.info(subject),
            figures: own.whole,
            independent_estimate_percent: estimates.whole,
            periods,
        }
    }

    fn subject_figures(&self, subject: SubjectId) -> SubjectFigures {
        let policy = self.subjects.policy(subject);
        let slices = self.periods.map_or(&[][..], |grid| &grid.slices);
        let mut tallies = PeriodTallies {
            weights: policy.weights(),
            slices,
            whole: Tally::default(),
            by_period: vec![Tally::default(); slices.len()],
            period: 0,
        };
        self.for_each_segment(subject, &mut tallies);
        SubjectFigures {
            whole: tallies.whole.figures(policy),
            periods: tallies.by_period.into_iter().map(|tally| tally.figures(policy)).collect(),
        }
    }

    pub fn timelines(&self) -> TimelineReport {
        let mut intervals = Vec::new();
        for &subject in self.subjects.reported() {
            let name = self.subjects.name(self.log, subject);
            let weights = self.subjects.policy(subject).weights();
            self.for_each_segment(subject, |segment: Segment| {
                let status = segment.status;
                let weight = if status.is_excluded() { Decimal::ZERO } else { weights.get(status) };
                let length = Millis(segment.length_ms());
                intervals.push(TimelineInterval {
                    service: name.to_owned(),
                    kind: subject.kind(),
                    from: Timestamp(segment.from),
                    to: Timestamp(segment.to),
                    seconds: length,
                    status,
                    reported_status: segment.reported,
                    counted: !status.is_excluded(),
                    weight,
                    downtime_seconds: Exact::from(weight) * length.seconds(),
                });
            });
        }
        TimelineReport { measurement: self.measurement(), intervals }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(slo: &str) -> Policy {
        Policy {
            slo_percent: slo.parse().unwrap(),
            counting: CountingRules {
                initial_status: Status::Operational,
                weights: Weights::default(),
                slot_ms: None,
                min_incident_ms: None,
            },
        }
    }

    fn figures(time: &StatusTime, policy: &Policy) -> Figures {
        Figures::new(time, &IncidentTally::default(), policy)
    }

    fn time(entries: &[(Status, i64)]) -> StatusTime {
        let mut time = StatusTime::default();
        for &(status, ms) in entries {
            time.0[status.index()] += ms;
        }
        time
    }

    #[test]
    fn a_day_with_seven_minutes_twelve_seconds_down_is_exactly_at_99_5() {
        let day = 86_400_000;
        let down = 432_000;
        let row = figures(
            &time(&[(Status::Operational, day - down), (Status::MajorOutage, down)]),
            &policy("99.5"),
        );
        assert_eq!(row.availability_percent, Some(Exact::from(Decimal::new(995, 1))));
        assert_eq!(row.slo_met, Some(true));
        assert_eq!(row.error_budget_seconds, Exact::from(432));
        assert_eq!(row.error_budget_remaining_seconds, Exact::zero());

        let one_ms_more = figures(
            &time(&[(Status::Operational, day - down - 1), (Status::MajorOutage, down + 1)]),
            &policy("99.5"),
        );
        assert_eq!(one_ms_more.slo_met, Some(false));
        assert_eq!(one_ms_more.error_budget_remaining_seconds, Exact::seconds(-1));
    }

    #[test]
    fn weights_and_maintenance() {
        // 1 h degraded (0.1), 1 h partial (0.3), 1 h major (1), 1 h maintenance, 20 h up.
        let hour = 3_600_000;
        let row = figures(
            &time(&[
                (Status::Operational, 20 * hour),
                (Status::DegradedPerformance, hour),
                (Status::PartialOutage, hour),
                (Status::MajorOutage, hour),
                (Status::UnderMaintenance, hour),
            ]),
            &policy("99.5"),
        );
        assert_eq!(row.counted_seconds, Millis(23 * 3_600_000));
        assert_eq!(row.excluded_seconds, Millis(3_600_000));
        assert_eq!(row.downtime_seconds, Exact::from(360 + 1080 + 3600));
        assert_eq!(row.slo_met, Some(false));
        let expected = Exact::hundred() * (Exact::one() - Exact::ratio(5040, 82800).unwrap());
        assert_eq!(row.availability_percent, Some(expected));
    }

    #[test]
    fn all_maintenance_is_not_applicable_not_a_breach() {
        let row = figures(&time(&[(Status::UnderMaintenance, 5000)]), &policy("99.9"));
        assert_eq!(row.availability_percent, None);
        assert_eq!(row.slo_met, None);
        assert_eq!(row.error_budget_seconds, Exact::zero());
    }
}
