//! Property tests for the engine: the timelines and the availability calculation.
//!
//! 1. `engine_matches_a_per_second_reference` and its siblings: a deliberately naive model,
//!    written here from the documented semantics and sharing nothing with the engine. It cuts
//!    the window into ticks (a common divisor of the time unit, the `--granularity` slot and
//!    the day), finds each tick's status by scanning all events and every maintenance window,
//!    then applies the counting rules as whole-array passes: each slot of `--granularity` takes
//!    the worst status of its counted ticks, then runs of down ticks shorter than
//!    `--min-incident` become operational. From the final array it predicts every field of
//!    every service's row exactly, incidents included, over the window and each UTC day of it.
//! 2. Invariants that need no model: the times add up, availability stays in [0, 100], more
//!    maintenance never adds downtime, the timelines tile the window and agree with the report,
//!    and the input order of events only matters among events at one instant.
//! 3. Millisecond precision: events, windows and maintenance at arbitrary millisecond instants
//!    (realistic Unix times), checked against a reference that sums elementary intervals, and
//!    with slots that do not divide a second against the per-tick model.
//!
//! Expected figures are computed in integers (milliseconds, weights in hundredths, the SLO in
//! thousandths of a percent) and only then turned into decimals, so they are exact. A figure
//! that is a quotient (availability, budget consumed, burn rate, MTTR, MTBF) must be exact
//! whenever the quotient terminates within 20 places and within 1e-20 of the true value
//! otherwise.

use chrono_tz::Tz;
use nines::availability::{
    AvailabilityReport, Figures, Measured, Millis, Policy, TimelineInterval, TimelineReport,
};
use nines::calendar::{PeriodGrid, PeriodKind};
use nines::events::{Coverage, EventLog, MaintenanceWindow};
use nines::exact::Exact;
use nines::status::{Status, WeightPreset, Weights};
use nines::subject::Subjects;
use nines::timeline::{CountingRules, MaintenanceSchedule, Window};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use rust_decimal::Decimal;

/// Service names; a scenario registers the first `services` of them (1–4), so maintenance
/// naming the others applies to nothing. Not in name order, so ids and report order differ.
const NAMES: [&str; 5] = ["web", "api", "db", "cache", "ghost"];

/// `Status::ALL` minus maintenance, i.e. the statuses that carry a weight, by index.
const COUNTED: usize = 4;

const DAY_MS: i64 = 86_400_000;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Event {
    service: usize,
    at: i64,
    status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cover {
    Every,
    /// An index into `NAMES`, possibly of a service with no events.
    Service(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Maintenance {
    start: i64,
    end: i64,
    cover: Cover,
}

impl Maintenance {
    fn covers(&self, service: usize) -> bool {
        match self.cover {
            Cover::Every => true,
            Cover::Service(name) => name == service,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WeightSpec {
    Preset(WeightPreset),
    /// Hundredths, for operational, degraded, partial and major.
    Custom([i64; COUNTED]),
}

impl WeightSpec {
    /// The weight of every status in hundredths, maintenance (never counted) last.
    fn hundredths(self) -> [i64; Status::COUNT] {
        // The documented presets, written out independently of the engine's table.
        let counted = match self {
            WeightSpec::Preset(WeightPreset::Default) => [0, 10, 30, 100],
            WeightSpec::Preset(WeightPreset::Statuspage) => [0, 0, 30, 100],
            WeightSpec::Preset(WeightPreset::Binary) => [0, 0, 100, 100],
            WeightSpec::Custom(custom) => custom,
        };
        [counted[0], counted[1], counted[2], counted[3], 0]
    }

    fn weights(self) -> Weights {
        match self {
            WeightSpec::Preset(preset) => Weights::preset(preset),
            WeightSpec::Custom(custom) => {
                let mut weights = Weights::default();
                for (status, hundredths) in Status::ALL.into_iter().zip(custom) {
                    weights.set(status, Decimal::new(hundredths, 2));
                }
                weights
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PolicySpec {
    /// The SLO in thousandths of a percent, in (0, 100 000].
    slo: i64,
    weights: WeightSpec,
    initial: Status,
    /// `--granularity` in milliseconds.
    slot_ms: Option<i64>,
    /// `--min-incident` in milliseconds.
    min_incident_ms: Option<i64>,
}

impl PolicySpec {
    fn policy(self) -> Policy {
        Policy {
            slo_percent: Decimal::new(self.slo, 3),
            counting: CountingRules {
                initial_status: self.initial,
                weights: self.weights.weights(),
                slot_ms: self.slot_ms,
                min_incident_ms: self.min_incident_ms,
            },
        }
    }

    /// Counted, and at least partly downtime: what incidents are made of.
    fn is_down(&self, status: Status) -> bool {
        status != Status::UnderMaintenance && self.weights.hundredths()[status.index()] > 0
    }

    fn has_rules(&self) -> bool {
        self.slot_ms.is_some() || self.min_incident_ms.is_some()
    }
}

/// Inputs in abstract time units: the engine sees `base + t × unit` milliseconds.
#[derive(Clone, Debug)]
struct Scenario {
    base: i64,
    unit: i64,
    services: usize,
    /// In the order they are pushed.
    events: Vec<Event>,
    maintenance: Vec<Maintenance>,
    from: i64,
    to: i64,
    policy: PolicySpec,
    /// Whether the engine also measures each UTC day of the window.
    days: bool,
}

impl Scenario {
    fn ms(&self, t: i64) -> i64 {
        self.base + t * self.unit
    }

    /// The registered service names in report order.
    fn names_sorted(&self) -> Vec<&'static str> {
        let mut names = NAMES[..self.services].to_vec();
        names.sort_unstable();
        names
    }

    fn index_of(name: &str) -> usize {
        NAMES.iter().position(|&n| n == name).expect("a known name")
    }
}

// ---------------------------------------------------------------------------------------------
// The engine, driven the way `nines` drives it.

struct Run {
    report: AvailabilityReport,
    timelines: TimelineReport,
    /// Origins of the maintenance windows the schedule says apply to nothing.
    unmatched: Vec<String>,
}

fn run(scenario: &Scenario) -> Run {
    let mut log = EventLog::default();
    for event in &scenario.events {
        let id = log.service_id(NAMES[event.service]);
        log.push(id, scenario.ms(event.at), event.status);
    }
    // Services with no events are still registered, and reported.
    for name in &NAMES[..scenario.services] {
        log.service_id(name);
    }
    log.sort();
    let windows: Vec<MaintenanceWindow> = scenario
        .maintenance
        .iter()
        .enumerate()
        .map(|(i, m)| MaintenanceWindow {
            start: scenario.ms(m.start),
            end: scenario.ms(m.end),
            coverage: match m.cover {
                Cover::Every => Coverage::Every,
                Cover::Service(name) => Coverage::Service(NAMES[name].to_owned()),
            },
            origin: format!("m{i}"),
        })
        .collect();
    let (from, to) = (scenario.ms(scenario.from), scenario.ms(scenario.to));
    let window = Window { from, to };
    let (maintenance, unmatched) = MaintenanceSchedule::new(&windows, &log, window);
    let unmatched = unmatched.iter().map(|m| m.origin.clone()).collect();
    let policy = scenario.policy.policy();
    let grid = scenario.days.then(|| PeriodGrid::new(PeriodKind::Day, window, Tz::UTC).unwrap());
    let subjects = Subjects::services_of(&log, &policy);
    let measured = Measured {
        log: &log,
        maintenance: &maintenance,
        subjects: &subjects,
        window,
        zone: Tz::UTC,
        policy: &policy,
        periods: grid.as_ref(),
    };
    Run { report: measured.availability_on(1), timelines: measured.timelines(), unmatched }
}

// ---------------------------------------------------------------------------------------------
// The references.

/// The reported status at instant `t`: of the service's events at or before `t`, the one with
/// the greatest timestamp, and among those the one pushed last; else the initial status.
fn reported_at(scenario: &Scenario, service: usize, t: i64) -> Status {
    scenario
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.service == service && e.at <= t)
        .max_by_key(|&(pushed, e)| (e.at, pushed))
        .map_or(scenario.policy.initial, |(_, e)| e.status)
}

/// Whether a maintenance window covering `service` contains all of [a, b).
fn in_maintenance(scenario: &Scenario, service: usize, a: i64, b: i64) -> bool {
    scenario.maintenance.iter().any(|m| m.covers(service) && m.start <= a && b <= m.end)
}

/// The naive model before any counting rule: (reported, counting) status of each unit
/// [t, t + 1) of the window.
fn per_unit(scenario: &Scenario, service: usize) -> Vec<(Status, Status)> {
    (scenario.from..scenario.to)
        .map(|t| {
            let reported = reported_at(scenario, service, t);
            let status = if in_maintenance(scenario, service, t, t + 1) {
                Status::UnderMaintenance
            } else {
                reported
            };
            (reported, status)
        })
        .collect()
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    (a, b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The per-tick model's tick in milliseconds: the longest time that divides the unit, the
/// instant the units start from, the slot and the day, so that every boundary falls on a tick.
fn tick_ms(scenario: &Scenario) -> i64 {
    let mut tick = gcd(scenario.unit.into(), scenario.base.into());
    if let Some(slot) = scenario.policy.slot_ms {
        tick = gcd(tick, slot.into());
    }
    if scenario.days {
        tick = gcd(tick, DAY_MS.into());
    }
    i64::try_from(tick).expect("a tick")
}

/// One tick of the per-tick model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tick {
    /// Its first millisecond.
    at: i64,
    /// The status the events report.
    reported: Status,
    /// The status that counts.
    status: Status,
}

/// The per-tick model: every tick of the window with the status each rule, applied in turn to
/// the whole array, gives it.
fn per_tick(scenario: &Scenario, service: usize) -> Vec<Tick> {
    let tick = tick_ms(scenario);
    let policy = scenario.policy;
    let weights = policy.weights.hundredths();

    // Reported status and announced maintenance: they only change at whole units.
    let mut ticks = Vec::new();
    for (t, (reported, status)) in (scenario.from..).zip(per_unit(scenario, service)) {
        for k in 0..scenario.unit / tick {
            ticks.push(Tick { at: scenario.ms(t) + k * tick, reported, status });
        }
    }

    // Granularity: the ticks of one epoch-aligned slot (the window cuts the first and the
    // last) all take the worst counted status among them: the highest weight, the most severe
    // on a tie. With no counted tick the slot is maintenance, reported as at its start.
    if let Some(slot) = policy.slot_ms {
        for slot_ticks in ticks.chunk_by_mut(|a, b| a.at.div_euclid(slot) == b.at.div_euclid(slot))
        {
            let worst = slot_ticks
                .iter()
                .map(|tick| tick.status)
                .filter(|&status| status != Status::UnderMaintenance)
                .max_by_key(|&status| (weights[status.index()], status));
            // A counted tick reports what it counts, so the worst is also what was reported.
            let (status, reported) =
                worst.map_or((Status::UnderMaintenance, slot_ticks[0].reported), |w| (w, w));
            for tick in slot_ticks {
                (tick.status, tick.reported) = (status, reported);
            }
        }
    }

    // Minimum incident: a maximal run of down ticks shorter than the minimum is operational.
    if let Some(min_incident) = policy.min_incident_ms {
        let down = |tick: &Tick| policy.is_down(tick.status);
        for run in ticks.chunk_by_mut(|a, b| down(a) == down(b)) {
            let length = i64::try_from(run.len()).expect("a length") * tick;
            if down(&run[0]) && length < min_incident {
                for tick in run {
                    tick.status = Status::Operational;
                }
            }
        }
    }
    ticks
}

/// What a stretch of time should add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Expected {
    /// Milliseconds per status.
    ms: [i64; Status::COUNT],
    /// Incidents: maximal runs of down time inside the stretch.
    incidents: u64,
    incident_ms: i64,
    longest_incident_ms: i64,
}

/// Adds up consecutive pieces of time, each (milliseconds, status), in time order.
fn add_up(pieces: impl IntoIterator<Item = (i64, Status)>, policy: &PolicySpec) -> Expected {
    let mut expected = Expected::default();
    let mut current: Option<i64> = None;
    for (ms, status) in pieces {
        expected.ms[status.index()] += ms;
        if policy.is_down(status) {
            let length = match current {
                Some(so_far) => so_far + ms,
                None => {
                    expected.incidents += 1;
                    ms
                }
            };
            current = Some(length);
            expected.incident_ms += ms;
            expected.longest_incident_ms = expected.longest_incident_ms.max(length);
        } else {
            current = None;
        }
    }
    expected
}

/// The per-tick model's figures for some of its ticks.
fn add_up_ticks(ticks: &[Tick], tick: i64, policy: &PolicySpec) -> Expected {
    add_up(ticks.iter().map(|t| (tick, t.status)), policy)
}

/// The figures without counting rules, summed over the elementary intervals between
/// consecutive boundaries (window bounds, event instants, maintenance bounds): nothing changes
/// inside one.
fn interval_sum(scenario: &Scenario, service: usize) -> Expected {
    let (from, to) = (scenario.from, scenario.to);
    let mut cuts = vec![from, to];
    cuts.extend(scenario.events.iter().filter(|e| e.service == service).map(|e| e.at));
    for m in scenario.maintenance.iter().filter(|m| m.covers(service)) {
        cuts.extend([m.start, m.end]);
    }
    cuts.retain(|&t| from <= t && t <= to);
    cuts.sort_unstable();
    cuts.dedup();
    let pieces = cuts.windows(2).map(|pair| {
        let (a, b) = (pair[0], pair[1]);
        let status = if in_maintenance(scenario, service, a, b) {
            Status::UnderMaintenance
        } else {
            reported_at(scenario, service, a)
        };
        ((b - a) * scenario.unit, status)
    });
    add_up(pieces, &scenario.policy)
}

/// A UTC day's label, from the number of days since the epoch.
fn day_label(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .expect("a day chrono knows")
        .format("%Y-%m-%d")
        .to_string()
}
// ---------------------------------------------------------------------------------------------
// Comparing a row with the figures that follow from the expected times and incidents.

/// `actual` must be exactly n ÷ d.
fn check_quotient(actual: &Exact, n: i128, d: i128, what: &str) -> Result<(), TestCaseError> {
    let expected = Exact::ratio(n, d).expect("a divisor above 0");
    prop_assert_eq!(actual, &expected, "{}: {} is not {}/{}", what, actual, n, d);
    Ok(())
}

/// `actual` must be n ÷ d, or None when d is 0.
fn check_optional_quotient(
    actual: &Option<Exact>,
    n: i128,
    d: i128,
    what: &str,
) -> Result<(), TestCaseError> {
    match actual {
        None => prop_assert_eq!(d, 0, "{}: None but {}/{}", what, n, d),
        Some(actual) => {
            prop_assert!(d != 0, "{}: {} for {}/0", what, actual, n);
            check_quotient(actual, n, d, what)?;
        }
    }
    Ok(())
}

/// n × 10^-places.
fn scaled(n: i128, places: u32) -> Exact {
    Exact::ratio(n, 10_i128.pow(places)).expect("a power of ten")
}

/// Every field of `figures`, from what the stretch should add up to.
fn check_row(
    name: &str,
    figures: &Figures,
    expected: &Expected,
    policy: &PolicySpec,
) -> Result<(), TestCaseError> {
    let ms = &expected.ms;
    let seconds = Millis;
    let by_status = [
        &figures.seconds.operational,
        &figures.seconds.degraded_performance,
        &figures.seconds.partial_outage,
        &figures.seconds.major_outage,
        &figures.seconds.under_maintenance,
    ];
    for status in Status::ALL {
        prop_assert_eq!(
            by_status[status.index()],
            &seconds(ms[status.index()]),
            "{}: seconds {}",
            name,
            status
        );
    }
    let counted: i64 = ms[..COUNTED].iter().sum();
    prop_assert_eq!(
        &figures.excluded_seconds,
        &seconds(ms[Status::UnderMaintenance.index()]),
        "{}: excluded",
        name
    );
    prop_assert_eq!(&figures.counted_seconds, &seconds(counted), "{}: counted", name);

    // Weighted downtime in (weight hundredths × ms), i.e. units of 1e-5 s.
    let weights = policy.weights.hundredths();
    let downtime: i128 = (0..COUNTED).map(|i| i128::from(weights[i]) * i128::from(ms[i])).sum();
    prop_assert_eq!(&figures.downtime_seconds, &scaled(downtime, 5), "{}: downtime", name);

    // Budget = (100 − SLO) ÷ 100 × counted: (100 000 − slo) × counted ms, in units of 1e-8 s.
    let slo = i128::from(policy.slo);
    let counted = i128::from(counted);
    let budget = (100_000 - slo) * counted;
    prop_assert_eq!(&figures.error_budget_seconds, &scaled(budget, 8), "{}: budget", name);
    prop_assert_eq!(
        &figures.error_budget_remaining_seconds,
        &scaled(budget - 1000 * downtime, 8),
        "{}: budget remaining",
        name
    );
    // Consumed = 100 × (downtime × 1e-5) ÷ (budget × 1e-8); None without a budget.
    check_optional_quotient(
        &figures.error_budget_consumed_percent,
        100_000 * downtime,
        budget,
        &format!("{name}: budget consumed"),
    )?;
    // Burn rate = (downtime ÷ 100 ÷ counted) ÷ ((100 000 − slo) ÷ 100 000) = 1000 × downtime ÷
    // budget; None when nothing is counted or the SLO is 100 %, i.e. exactly when the budget
    // is 0.
    check_optional_quotient(&figures.burn_rate, 1000 * downtime, budget, &format!("{name}: burn"))?;

    if counted == 0 {
        prop_assert_eq!(&figures.availability_percent, &None, "{}: availability", name);
        prop_assert_eq!(figures.slo_met, None, "{}: slo_met", name);
    } else {
        // 100 × (1 − (downtime ÷ 100) ÷ counted) = (100 × counted − downtime) ÷ counted.
        let up = 100 * counted - downtime;
        let Some(availability) = &figures.availability_percent else {
            return Err(TestCaseError::fail(format!(
                "{name}: availability is None with {counted} ms counted"
            )));
        };
        check_quotient(availability, up, counted, &format!("{name}: availability"))?;
        // Met when up ÷ counted ≥ slo ÷ 1000, in integers.
        prop_assert_eq!(
            figures.slo_met,
            Some(1000 * up >= slo * counted),
            "{}: slo_met at availability {}",
            name,
            availability
        );
    }

    // Incidents; MTTR and MTBF are None without one.
    let incidents = &figures.incidents;
    prop_assert_eq!(incidents.count, expected.incidents, "{}: incidents", name);
    prop_assert_eq!(
        &incidents.total_seconds,
        &seconds(expected.incident_ms),
        "{}: incident seconds",
        name
    );
    prop_assert_eq!(
        &incidents.longest_seconds,
        &seconds(expected.longest_incident_ms),
        "{}: longest incident",
        name
    );
    let per_incident = 1000 * i128::from(expected.incidents);
    check_optional_quotient(
        &incidents.mttr_seconds,
        expected.incident_ms.into(),
        per_incident,
        &format!("{name}: MTTR"),
    )?;
    let up_ms: i64 = (0..COUNTED).filter(|&i| weights[i] == 0).map(|i| ms[i]).sum();
    check_optional_quotient(
        &incidents.mtbf_seconds,
        up_ms.into(),
        per_incident,
        &format!("{name}: MTBF"),
    )?;
    Ok(())
}

/// The maintenance windows that name a service with no events apply to nothing.
fn check_unmatched(scenario: &Scenario, run: &Run) -> Result<(), TestCaseError> {
    let mut unmatched: Vec<String> = scenario
        .maintenance
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.cover, Cover::Service(name) if name >= scenario.services))
        .map(|(i, _)| format!("m{i}"))
        .collect();
    let mut actual = run.unmatched.clone();
    unmatched.sort();
    actual.sort();
    prop_assert_eq!(actual, unmatched, "maintenance that applies to nothing");
    Ok(())
}

/// Without counting rules or periods: the services reported are the registered ones, by name;
/// each whole-window row checks against `model`.
fn check_report(
    scenario: &Scenario,
    run: &Run,
    model: impl Fn(&Scenario, usize) -> Expected,
) -> Result<(), TestCaseError> {
    let reported: Vec<&str> =
        run.report.services.iter().map(|row| row.subject.service.as_str()).collect();
    prop_assert_eq!(reported, scenario.names_sorted());
    for row in &run.report.services {
        let service = Scenario::index_of(&row.subject.service);
        check_row(&row.subject.service, &row.figures, &model(scenario, service), &scenario.policy)?;
        prop_assert!(row.periods.is_empty(), "{}: periods without a grid", row.subject.service);
    }
    check_unmatched(scenario, run)
}

/// Every row, over the window and over each UTC day of it, against the per-tick model;
/// `model[service]` holds the service's ticks.
fn check_report_per_tick(
    scenario: &Scenario,
    run: &Run,
    model: &[Vec<Tick>],
) -> Result<(), TestCaseError> {
    let reported: Vec<&str> =
        run.report.services.iter().map(|row| row.subject.service.as_str()).collect();
    prop_assert_eq!(reported, scenario.names_sorted());
    let tick = tick_ms(scenario);
    let policy = &scenario.policy;
    for row in &run.report.services {
        let name = &row.subject.service;
        let ticks = &model[Scenario::index_of(name)];
        check_row(name, &row.figures, &add_up_ticks(ticks, tick, policy), policy)?;

        // The ticks of each UTC day; only the first and the last can be cut by the window.
        let days: Vec<&[Tick]> = if scenario.days {
            ticks.chunk_by(|a, b| a.at.div_euclid(DAY_MS) == b.at.div_euclid(DAY_MS)).collect()
        } else {
            Vec::new()
        };
        prop_assert_eq!(row.periods.len(), days.len(), "{}: periods", name);
        let mut seconds = [0_i64; Status::COUNT];
        let mut downtime = Exact::zero();
        for (period, day_ticks) in row.periods.iter().zip(days) {
            let day = day_ticks[0].at.div_euclid(DAY_MS);
            let (from, to) = (day_ticks[0].at, day_ticks[day_ticks.len() - 1].at + tick);
            let label = day_label(day);
            let what = format!("{name} on {label}");
            prop_assert_eq!(&period.period, &label, "{}: period", name);
            prop_assert_eq!((period.from.0, period.to.0), (from, to), "{}: span", what);
            prop_assert_eq!(
                period.partial,
                from != day * DAY_MS || to != (day + 1) * DAY_MS,
                "{}: partial",
                what
            );
            check_row(&what, &period.figures, &add_up_ticks(day_ticks, tick, policy), policy)?;
            let s = &period.figures.seconds;
            let by_status = [
                &s.operational,
                &s.degraded_performance,
                &s.partial_outage,
                &s.major_outage,
                &s.under_maintenance,
            ];
            for (sum, part) in seconds.iter_mut().zip(by_status) {
                *sum += part.0;
            }
            downtime = downtime + &period.figures.downtime_seconds;
        }
        if scenario.days {
            // The days add up to the window.
            let s = &row.figures.seconds;
            prop_assert_eq!(
                seconds,
                [
                    s.operational.0,
                    s.degraded_performance.0,
                    s.partial_outage.0,
                    s.major_outage.0,
                    s.under_maintenance.0
                ],
                "{}: Σ seconds of the days",
                name
            );
            prop_assert_eq!(&downtime, &row.figures.downtime_seconds, "{}: Σ downtime", name);
        }
    }
    check_unmatched(scenario, run)
}

/// Each service's timeline is one run of intervals, in report order, that tiles the window;
/// every interval's figures are consistent, and they sum to the report's.
fn check_timelines(scenario: &Scenario, run: &Run) -> Result<(), TestCaseError> {
    let (from, to) = (scenario.ms(scenario.from), scenario.ms(scenario.to));
    let weights = scenario.policy.weights.weights();
    let mut rest: &[TimelineInterval] = &run.timelines.intervals;
    for row in &run.report.services {
        let name = &row.subject.service;
        let count = rest.iter().take_while(|i| &i.service == name).count();
        let (timeline, tail) = rest.split_at(count);
        rest = tail;
        prop_assert!(!timeline.is_empty(), "{}: no intervals", name);
        prop_assert_eq!(timeline[0].from.0, from, "{}: starts at the window", name);
        prop_assert_eq!(timeline[count - 1].to.0, to, "{}: ends at the window", name);
        for pair in timeline.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert_eq!(a.to, b.from, "{}: a gap or overlap", name);
            // Neighbours differ in reported status or in maintenance. Only reported maintenance
            // looks the same in and out of an announced window.
            prop_assert!(
                (a.status, a.reported_status) != (b.status, b.reported_status)
                    || a.reported_status == Status::UnderMaintenance,
                "{}: {:?} and {:?} should be one interval",
                name,
                a,
                b
            );
        }
        let mut downtime = Exact::zero();
        for interval in timeline {
            let length = interval.to.0 - interval.from.0;
            prop_assert!(length > 0, "{}: empty interval {:?}", name, interval);
            prop_assert_eq!(interval.seconds, Millis(length));
            let counted = interval.status != Status::UnderMaintenance;
            prop_assert_eq!(interval.counted, counted);
            if counted {
                // Slots and forgiven incidents count otherwise than reported.
                if !scenario.policy.has_rules() {
                    prop_assert_eq!(interval.status, interval.reported_status);
                }
                prop_assert_eq!(interval.weight, weights.get(interval.status));
            } else {
                prop_assert_eq!(interval.weight, Decimal::ZERO);
            }
            prop_assert_eq!(
                &interval.downtime_seconds,
                &(Exact::from(interval.weight) * interval.seconds.seconds())
            );
            downtime = downtime + &interval.downtime_seconds;
        }
        prop_assert_eq!(&downtime, &row.figures.downtime_seconds, "{}: Σ downtime", name);
        let pieces = timeline.iter().map(|i| (i.to.0 - i.from.0, i.status));
        check_row(name, &row.figures, &add_up(pieces, &scenario.policy), &scenario.policy)?;
    }
    prop_assert!(rest.is_empty(), "intervals of unknown services: {:?}", rest);
    Ok(())
}

/// The per-tick model's statuses match the timeline's intervals tick by tick.
fn check_timelines_per_tick(
    scenario: &Scenario,
    run: &Run,
    model: &[Vec<Tick>],
) -> Result<(), TestCaseError> {
    for (&name, ticks) in NAMES[..scenario.services].iter().zip(model) {
        let timeline: Vec<&TimelineInterval> =
            run.timelines.intervals.iter().filter(|i| i.service == name).collect();
        let mut next = 0;
        for tick in ticks {
            while next < timeline.len() && timeline[next].to.0 <= tick.at {
                next += 1;
            }
            prop_assert!(next < timeline.len(), "{}: nothing covers {}", name, tick.at);
            let interval = timeline[next];
            prop_assert!(interval.from.0 <= tick.at, "{}: nothing covers {}", name, tick.at);
            prop_assert_eq!(
                (interval.status, interval.reported_status),
                (tick.status, tick.reported),
                "{}: at {} in {:?}",
                name,
                tick.at,
                interval
            );
        }
    }
    Ok(())
}

/// The whole comparison with the per-tick model.
fn check_per_tick(scenario: &Scenario) -> Result<(), TestCaseError> {
    let run = run(scenario);
    let model: Vec<Vec<Tick>> =
        (0..scenario.services).map(|service| per_tick(scenario, service)).collect();
    if !scenario.policy.has_rules() {
        // Without rules the two references agree with each other first.
        let tick = tick_ms(scenario);
        for (service, ticks) in model.iter().enumerate() {
            prop_assert_eq!(
                add_up_ticks(ticks, tick, &scenario.policy),
                interval_sum(scenario, service),
                "references disagree on {}",
                NAMES[service]
            );
        }
    }
    check_report_per_tick(scenario, &run, &model)?;
    check_timelines(scenario, &run)?;
    check_timelines_per_tick(scenario, &run, &model)
}
// ---------------------------------------------------------------------------------------------
// Strategies.

fn status() -> impl Strategy<Value = Status> + Clone {
    prop::sample::select(Status::ALL.to_vec())
}

/// A reported status, operational more often than the others, so incidents come in runs of
/// all lengths rather than mostly long ones.
fn event_status() -> impl Strategy<Value = Status> + Clone {
    prop_oneof![1 => Just(Status::Operational), 2 => status()]
}

/// None, or one of `values`; always None when there are none.
fn optional(values: &'static [i64]) -> BoxedStrategy<Option<i64>> {
    if values.is_empty() {
        Just(None).boxed()
    } else {
        prop_oneof![1 => Just(None), 3 => prop::sample::select(values).prop_map(Some)].boxed()
    }
}

fn policy(shape: Shape) -> impl Strategy<Value = PolicySpec> {
    let slo = prop_oneof![
        prop::sample::select(vec![
            100_000, 99_999, 99_990, 99_950, 99_900, 99_500, 99_000, 95_000, 90_000, 50_000
        ]),
        1..=100_000i64,
    ];
    let weights = prop_oneof![
        prop::sample::select(vec![
            WeightPreset::Default,
            WeightPreset::Statuspage,
            WeightPreset::Binary
        ])
        .prop_map(WeightSpec::Preset),
        prop::array::uniform4(prop_oneof![
            prop::sample::select(vec![0i64, 10, 30, 100]),
            0..=100i64
        ])
        .prop_map(WeightSpec::Custom),
    ];
    (slo, weights, status(), optional(shape.slots), optional(shape.min_incidents)).prop_map(
        |(slo, weights, initial, slot_ms, min_incident_ms)| PolicySpec {
            slo,
            weights,
            initial,
            slot_ms,
            min_incident_ms,
        },
    )
}

/// The shape of a scenario, in units.
#[derive(Clone, Copy, Debug)]
struct Shape {
    base: i64,
    unit: i64,
    /// Events fall in [-span/20, span + span/20); the window in [-span/10, span + span/10].
    span: i64,
    /// Same-instant events with the same service keep their relative push order.
    distinct_instants: bool,
    /// `--granularity` values to try, in milliseconds; none when empty.
    slots: &'static [i64],
    /// `--min-incident` values to try, in milliseconds; none when empty.
    min_incidents: &'static [i64],
    /// Whether to measure the UTC days of the window too, at times.
    days: bool,
}

fn maintenance(shape: Shape) -> impl Strategy<Value = Maintenance> {
    let edge = shape.span / 7;
    (
        -edge..shape.span + edge,
        0..=shape.span * 2 / 5,
        prop_oneof![
            1 => Just(Cover::Every),
            2 => (0..NAMES.len()).prop_map(Cover::Service),
        ],
    )
        .prop_map(|(start, length, cover)| Maintenance { start, end: start + length, cover })
}

fn scenario(shape: Shape) -> impl Strategy<Value = Scenario> {
    let edge = shape.span / 10;
    let window = (-edge..shape.span + edge)
        .prop_flat_map(move |from| (Just(from), from + 1..=shape.span + edge));
    let days = if shape.days { any::<bool>().boxed() } else { Just(false).boxed() };
    (1..=4usize, window, policy(shape), days).prop_flat_map(
        move |(services, (from, to), policy, days)| {
            // Events cluster on a few instants too: the window's bounds and fixed ones, so that
            // several events at one instant, and at the window's edges, are common.
            let hot = vec![from - 1, from, from + 1, to - 1, to, 0, shape.span / 2];
            let at = prop_oneof![
                3 => -shape.span / 20..shape.span + shape.span / 20,
                1 => prop::sample::select(hot),
            ];
            let per_service = prop::collection::vec(
                prop::collection::vec((at, event_status()), 0..=30),
                services,
            );
            let windows = prop::collection::vec(maintenance(shape), 0..=6);
            (per_service, windows).prop_flat_map(move |(mut per_service, maintenance)| {
                if shape.distinct_instants {
                    for events in &mut per_service {
                        events.sort_by_key(|&(at, _)| at);
                        events.dedup_by_key(|&mut (at, _)| at);
                    }
                }
                let events: Vec<Event> = per_service
                    .into_iter()
                    .enumerate()
                    .flat_map(|(service, events)| {
                        events.into_iter().map(move |(at, status)| Event { service, at, status })
                    })
                    .collect();
                // Random interleaving of services and random order in time.
                Just(events).prop_shuffle().prop_map(move |events| Scenario {
                    base: shape.base,
                    unit: shape.unit,
                    services,
                    events,
                    maintenance: maintenance.clone(),
                    from,
                    to,
                    policy,
                    days,
                })
            })
        },
    )
}

/// Seconds from the epoch, so windows starting before 0 cross midnight 1970-01-01 UTC.
const SECONDS: Shape = Shape {
    base: 0,
    unit: 1000,
    span: 200,
    distinct_instants: false,
    slots: &[],
    min_incidents: &[],
    days: false,
};

/// With slots that are and are not whole seconds, some longer than the incidents, and
/// minimum incidents on and off the second.
const SECONDS_RULES: Shape = Shape {
    slots: &[250, 1000, 1500, 2000, 3000, 7000, 10_000, 45_000],
    min_incidents: &[0, 999, 1000, 1001, 2500, 4000, 8000, 15_000, 30_000],
    days: true,
    ..SECONDS
};

const SECONDS_DISTINCT: Shape = Shape { distinct_instants: true, ..SECONDS_RULES };

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Half hours from 2026-10-01T10:00Z, about four days: the window crosses several midnights.
/// Slots that divide the half hour, the day but not the half hour (45 min), neither (7 min,
/// 100 min, 7 h), and a whole day.
const HALF_HOURS: Shape = Shape {
    base: 1_790_812_800_000 + 10 * HOUR,
    unit: 30 * MINUTE,
    span: 200,
    distinct_instants: false,
    slots: &[
        10 * MINUTE,
        30 * MINUTE,
        7 * MINUTE,
        45 * MINUTE,
        HOUR,
        100 * MINUTE,
        3 * HOUR,
        7 * HOUR,
        DAY_MS,
    ],
    min_incidents: &[
        0,
        30 * MINUTE,
        31 * MINUTE,
        90 * MINUTE,
        3 * HOUR,
        5 * HOUR,
        10 * HOUR,
        DAY_MS,
    ],
    days: true,
};

/// Milliseconds around 2023-11-14, a 20 s span.
const MILLISECONDS: Shape = Shape {
    base: 1_700_000_000_000,
    unit: 1,
    span: 20_000,
    distinct_instants: false,
    slots: &[],
    min_incidents: &[],
    days: false,
};

/// Milliseconds from 10 s before midnight 2023-11-15 UTC, with slots of odd lengths.
const MILLISECONDS_RULES: Shape = Shape {
    base: 1_700_006_390_000,
    span: 20_000,
    slots: &[7, 100, 333, 1000, 4096],
    min_incidents: &[1, 50, 500, 1000, 3001, 6000],
    days: true,
    ..MILLISECONDS
};

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Minimal failing cases are reported in the failure message; write nothing to disk.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Reorders events arbitrarily, except that events of one service at one instant keep their
/// relative order (the one pushed later must still win).
fn reorder(events: &[Event], order: &[usize]) -> Vec<Event> {
    let same = |a: &Event, b: &Event| a.service == b.service && a.at == b.at;
    let mut result: Vec<Event> = order.iter().map(|&i| events[i]).collect();
    for position in 0..result.len() {
        // The k-th occurrence of (service, at) in the new order takes the status of the k-th
        // occurrence in the original order.
        let event = result[position];
        let k = result[..position].iter().filter(|e| same(e, &event)).count();
        let original = events.iter().filter(|e| same(e, &event)).nth(k).expect("the same events");
        result[position].status = original.status;
    }
    result
}

// ---------------------------------------------------------------------------------------------
// 1. The engine against the naive per-tick model.

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn engine_matches_a_per_second_reference(scenario in scenario(SECONDS_RULES)) {
        check_per_tick(&scenario)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn engine_matches_the_reference_over_utc_days(scenario in scenario(HALF_HOURS)) {
        check_per_tick(&scenario)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Invariants.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn times_add_up_and_availability_is_a_percentage(scenario in scenario(SECONDS_RULES)) {
        let run = run(&scenario);
        let window = scenario.ms(scenario.to) - scenario.ms(scenario.from);
        for row in &run.report.services {
            let s = &row.figures.seconds;
            prop_assert_eq!(
                s.operational.0 + s.degraded_performance.0 + s.partial_outage.0 + s.major_outage.0
                    + s.under_maintenance.0,
                window
            );
            prop_assert_eq!(row.figures.excluded_seconds.0 + row.figures.counted_seconds.0, window);
            prop_assert!(!row.figures.downtime_seconds.is_negative());
            prop_assert!(row.figures.downtime_seconds <= row.figures.counted_seconds.seconds());
            prop_assert!(row.figures.incidents.total_seconds <= row.figures.counted_seconds);
            match &row.figures.availability_percent {
                Some(availability) => {
                    prop_assert!(row.figures.counted_seconds.0 > 0);
                    prop_assert!(
                        (Exact::zero()..=Exact::hundred()).contains(availability),
                        "{}: availability {}", row.subject.service, availability
                    );
                    prop_assert!(row.figures.slo_met.is_some());
                }
                None => {
                    prop_assert_eq!(row.figures.counted_seconds.0, 0);
                    prop_assert_eq!(row.figures.slo_met, None);
                }
            }
        }
    }

    #[test]
    fn more_maintenance_never_adds_downtime(
        scenario in scenario(SECONDS_RULES),
        extra in maintenance(SECONDS_RULES),
    ) {
        // Forgiving an incident makes it operational; when operational itself weighs more
        // than the incident's statuses, that adds downtime, and maintenance that splits a long
        // incident into short ones with it.
        prop_assume!(
            scenario.policy.min_incident_ms.is_none()
                || scenario.policy.weights.hundredths()[Status::Operational.index()] == 0
        );
        let without = run(&scenario);
        let mut more = scenario.clone();
        more.maintenance.push(extra);
        let with = run(&more);
        prop_assert_eq!(with.report.services.len(), without.report.services.len());
        for (with, without) in with.report.services.iter().zip(&without.report.services) {
            prop_assert_eq!(&with.subject.service, &without.subject.service);
            prop_assert!(
                with.figures.downtime_seconds <= without.figures.downtime_seconds,
                "{}: downtime {} with {:?}, {} without",
                with.subject.service, with.figures.downtime_seconds, extra, without.figures.downtime_seconds
            );
            prop_assert!(with.figures.counted_seconds <= without.figures.counted_seconds);
            prop_assert!(with.figures.excluded_seconds >= without.figures.excluded_seconds);
        }
    }

    #[test]
    fn timelines_tile_the_window_and_sum_to_the_report(scenario in scenario(SECONDS_RULES)) {
        check_timelines(&scenario, &run(&scenario))?;
    }

    #[test]
    fn order_of_events_at_distinct_instants_does_not_matter(
        (scenario, shuffled) in scenario(SECONDS_DISTINCT).prop_flat_map(|scenario| {
            let events = scenario.events.clone();
            (Just(scenario), Just(events).prop_shuffle())
        })
    ) {
        let mut reordered = scenario.clone();
        reordered.events = shuffled;
        let (a, b) = (run(&scenario), run(&reordered));
        prop_assert_eq!(a.report, b.report);
        prop_assert_eq!(a.timelines, b.timelines);
    }

    #[test]
    fn only_the_order_among_events_at_one_instant_matters(
        (scenario, order) in scenario(SECONDS_RULES).prop_flat_map(|scenario| {
            let order: Vec<usize> = (0..scenario.events.len()).collect();
            (Just(scenario), Just(order).prop_shuffle())
        })
    ) {
        let mut reordered = scenario.clone();
        reordered.events = reorder(&scenario.events, &order);
        let (a, b) = (run(&scenario), run(&reordered));
        prop_assert_eq!(a.report, b.report);
        prop_assert_eq!(a.timelines, b.timelines);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Millisecond precision.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn milliseconds_match_an_interval_sum_reference(scenario in scenario(MILLISECONDS)) {
        let run = run(&scenario);
        check_report(&scenario, &run, interval_sum)?;
        check_timelines(&scenario, &run)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn millisecond_slots_across_midnight_match_the_per_tick_reference(
        scenario in scenario(MILLISECONDS_RULES)
    ) {
        check_per_tick(&scenario)?;
    }
}

#[test]
fn millisecond_instants_by_hand() {
    const F: i64 = 1_700_000_000_000;
    let at = |ms: i64| ms - F;
    let scenario = Scenario {
        base: F,
        unit: 1,
        services: 3,
        events: vec![
            // web (0): degraded from before the window, then at +1.234 s two events, the later
            // (partial) winning, up at +2.001 s, down at +7.777 s.
            Event { service: 0, at: at(F - 5), status: Status::DegradedPerformance },
            Event { service: 0, at: at(F + 1_234), status: Status::MajorOutage },
            Event { service: 0, at: at(F + 1_234), status: Status::PartialOutage },
            Event { service: 0, at: at(F + 7_777), status: Status::MajorOutage },
            Event { service: 0, at: at(F + 2_001), status: Status::Operational },
            // api (1): operational (the initial status) until one millisecond of partial
            // outage at the very end; the event at the window's end is outside it.
            Event { service: 1, at: at(F + 10_000), status: Status::MajorOutage },
            Event { service: 1, at: at(F + 9_999), status: Status::PartialOutage },
            // db (2): reports maintenance itself, then is down in its own announced window.
            Event { service: 2, at: at(F + 500), status: Status::UnderMaintenance },
            Event { service: 2, at: at(F + 600), status: Status::MajorOutage },
        ],
        maintenance: vec![
            Maintenance { start: at(F + 7_000), end: at(F + 7_900), cover: Cover::Every },
            Maintenance { start: at(F + 600), end: at(F + 600), cover: Cover::Every },
            Maintenance { start: at(F + 650), end: at(F + 10_001), cover: Cover::Service(2) },
            Maintenance { start: at(F - 1), end: at(F + 1), cover: Cover::Service(3) },
        ],
        from: at(F),
        to: at(F + 10_000),
        policy: PolicySpec {
            slo: 99_900,
            weights: WeightSpec::Preset(WeightPreset::Default),
            initial: Status::Operational,
            slot_ms: None,
            min_incident_ms: None,
        },
        days: false,
    };
    // [operational, degraded, partial, major, maintenance] in ms.
    let expected = [
        ("web", [4_999, 1_234, 767, 2_100, 900]),
        ("api", [9_099, 0, 1, 0, 900]),
        ("db", [500, 0, 0, 50, 9_450]),
    ];
    let run = run(&scenario);
    for (name, ms) in expected {
        let service = Scenario::index_of(name);
        let expected = interval_sum(&scenario, service);
        assert_eq!(expected.ms, ms, "{name}");
        let row =
            run.report.services.iter().find(|row| row.subject.service == name).expect("reported");
        check_row(name, &row.figures, &expected, &scenario.policy).unwrap();
    }
    check_report(&scenario, &run, interval_sum).unwrap();
    check_timelines(&scenario, &run).unwrap();

    // A few figures written out: web counts 9.1 s, of which 0.1234 + 0.2301 + 2.1 s are down.
    let web = &run.report.services[2];
    assert_eq!(web.subject.service, "web");
    assert_eq!(web.figures.counted_seconds, Millis(9_100));
    assert_eq!(web.figures.downtime_seconds, scaled(24_535, 4));
    assert_eq!(web.figures.error_budget_seconds, scaled(91, 4));
    assert_eq!(web.figures.error_budget_remaining_seconds, scaled(-24_444, 4));
    assert_eq!(web.figures.slo_met, Some(false));
    let web_timeline: Vec<(i64, i64, Status, Status)> = run
        .timelines
        .intervals
        .iter()
        .filter(|i| i.service == "web")
        .map(|i| (i.from.0 - F, i.to.0 - F, i.status, i.reported_status))
        .collect();
    use Status::*;
    assert_eq!(
        web_timeline,
        [
            (0, 1_234, DegradedPerformance, DegradedPerformance),
            (1_234, 2_001, PartialOutage, PartialOutage),
            (2_001, 7_000, Operational, Operational),
            (7_000, 7_777, UnderMaintenance, Operational),
            (7_777, 7_900, UnderMaintenance, MajorOutage),
            (7_900, 10_000, MajorOutage, MajorOutage),
        ]
    );
    // db: 3 services registered, "cache" is not, so its window applies to nothing.
    assert_eq!(run.unmatched, ["m3"]);
}

#[test]
fn slots_minimum_incidents_and_days_by_hand() {
    use Status::*;
    // Seconds from 1969-12-31T23:59:52Z to 1970-01-01T00:00:12Z; slots of 4 s from the epoch:
    // [-8, -4), [-4, 0), [0, 4), [4, 8), [8, 12). Incidents under 5 s are forgiven.
    let event = |at: i64, status: Status| Event { service: 0, at, status };
    let scenario = Scenario {
        base: 0,
        unit: 1000,
        services: 1,
        events: vec![
            event(-7, DegradedPerformance),
            event(-6, Operational),
            event(-1, MajorOutage),
            event(1, Operational),
            event(9, UnderMaintenance),
            event(10, MajorOutage),
        ],
        maintenance: vec![
            // Part of a slot: the slot still counts, whole, at its worst.
            Maintenance { start: 2, end: 3, cover: Cover::Every },
            // A whole slot: excluded.
            Maintenance { start: 4, end: 8, cover: Cover::Service(0) },
        ],
        from: -8,
        to: 12,
        policy: PolicySpec {
            slo: 99_500,
            weights: WeightSpec::Preset(WeightPreset::Default),
            initial: Operational,
            slot_ms: Some(4000),
            min_incident_ms: Some(5000),
        },
        days: true,
    };
    // [-8, -4) is degraded (one second of it), [-4, 0) and [0, 4) major (from -1 to 1): one
    // incident of 12 s, ended by the maintenance of [4, 8). [8, 12) is major for 2 s, reported
    // maintenance for 1 s: one slot of major, a 4 s incident, forgiven.
    let run = run(&scenario);
    let timeline: Vec<(i64, i64, Status, Status)> = run
        .timelines
        .intervals
        .iter()
        .map(|i| (i.from.0 / 1000, i.to.0 / 1000, i.status, i.reported_status))
        .collect();
    assert_eq!(
        timeline,
        [
            (-8, -4, DegradedPerformance, DegradedPerformance),
            (-4, 4, MajorOutage, MajorOutage),
            (4, 8, UnderMaintenance, Operational),
            (8, 12, Operational, MajorOutage),
        ]
    );
    let web = &run.report.services[0];
    let d = |text: &str| Exact::from(text.parse::<Decimal>().unwrap());
    // (period, counted, downtime, availability, consumed, burn, incidents, longest, MTBF)
    let expected = [
        ("1969-12-31", "8", "4.4", "45", "11000", "110", 1, "8", "0"),
        ("1970-01-01", "8", "4", "50", "10000", "100", 1, "4", "4"),
        ("total", "16", "8.4", "47.5", "10500", "105", 1, "12", "4"),
    ];
    let rows = web.periods.iter().map(|p| (p.period.as_str(), &p.figures, p.partial));
    let rows = rows.chain([("total", &web.figures, false)]);
    for (row, expected) in rows.zip(expected) {
        let (period, counted, downtime, availability, consumed, burn, count, longest, mtbf) =
            expected;
        let (name, figures, partial) = row;
        assert_eq!(name, period);
        assert_eq!(partial, period != "total", "{period}");
        assert_eq!(figures.counted_seconds.seconds(), d(counted), "{period}");
        assert_eq!(figures.downtime_seconds, d(downtime), "{period}");
        assert_eq!(figures.availability_percent, Some(d(availability)), "{period}");
        assert_eq!(figures.error_budget_consumed_percent, Some(d(consumed)), "{period}");
        assert_eq!(figures.burn_rate, Some(d(burn)), "{period}");
        assert_eq!(figures.incidents.count, count, "{period}");
        assert_eq!(figures.incidents.longest_seconds.seconds(), d(longest), "{period}");
        assert_eq!(figures.incidents.mttr_seconds, Some(d(longest)), "{period}");
        assert_eq!(figures.incidents.mtbf_seconds, Some(d(mtbf)), "{period}");
    }
    assert_eq!(web.periods.len(), 2);
    check_per_tick(&scenario).unwrap();
}
