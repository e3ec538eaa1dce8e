//! Property tests for the engine: the timelines and the availability calculation.
//!
//! 1. `engine_matches_a_per_second_reference`: a deliberately naive model, written here from
//!    the documented semantics and sharing nothing with the engine, walks every second of the
//!    window, finds the status by scanning all events, checks every maintenance window, and
//!    predicts every field of every service's row exactly.
//! 2. Invariants that need no model: the times add up, availability stays in [0, 100], more
//!    maintenance never adds downtime, the timelines tile the window and agree with the report,
//!    and the input order of events only matters among events at one instant.
//! 3. Millisecond precision: events, windows and maintenance at arbitrary millisecond instants
//!    (realistic Unix times), checked against a reference that sums elementary intervals.
//!
//! Expected figures are computed in integers (milliseconds, weights in hundredths, the SLO in
//! thousandths of a percent) and only then turned into decimals, so they are exact. The one
//! figure that need not terminate, availability = 100 × (1 − downtime ÷ counted), must be
//! exact whenever the quotient terminates and within 1e-20 of the true value otherwise.

use chrono_tz::Tz;
use nines::availability::{
    AvailabilityReport, Measured, Policy, ServiceAvailability, TimelineInterval, TimelineReport,
};
use nines::events::{Coverage, EventLog, MaintenanceWindow};
use nines::status::{Status, WeightPreset, Weights};
use nines::timeline::{CountingRules, MaintenanceSchedule, Window};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use rust_decimal::Decimal;

/// Service names; a scenario registers the first `services` of them (1–4), so maintenance
/// naming the others applies to nothing. Not in name order, so ids and report order differ.
const NAMES: [&str; 5] = ["web", "api", "db", "cache", "ghost"];

/// `Status::ALL` minus maintenance, i.e. the statuses that carry a weight, by index.
const COUNTED: usize = 4;

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
}

impl PolicySpec {
    fn policy(self) -> Policy {
        Policy {
            slo_percent: Decimal::new(self.slo, 3),
            counting: CountingRules {
                initial_status: self.initial,
                weights: self.weights.weights(),
                slot_ms: None,
                min_incident_ms: None,
            },
        }
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
    let window = match log.span() {
        Some(span) => Window::resolve(Some(from), Some(to), span).expect("from < to"),
        // Resolving needs events even when both bounds are given; build it directly.
        None => Window { from, to },
    };
    assert_eq!(window, Window { from, to });
    let (maintenance, unmatched) = MaintenanceSchedule::new(&windows, &log, window);
    let unmatched = unmatched.iter().map(|m| m.origin.clone()).collect();
    let policy = scenario.policy.policy();
    let measured = Measured {
        log: &log,
        maintenance: &maintenance,
        window,
        zone: Tz::UTC,
        policy: &policy,
        periods: None,
    };
    Run { report: measured.availability(), timelines: measured.timelines(), unmatched }
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

/// The naive model: (reported, counting) status of each unit [t, t + 1) of the window.
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

/// Milliseconds per status from the naive model.
fn per_unit_ms(scenario: &Scenario, service: usize) -> [i64; Status::COUNT] {
    let mut ms = [0; Status::COUNT];
    for (_, status) in per_unit(scenario, service) {
        ms[status.index()] += scenario.unit;
    }
    ms
}

/// Milliseconds per status, summed over the elementary intervals between consecutive
/// boundaries (window bounds, event instants, maintenance bounds): nothing changes inside one.
fn interval_sum_ms(scenario: &Scenario, service: usize) -> [i64; Status::COUNT] {
    let (from, to) = (scenario.from, scenario.to);
    let mut cuts = vec![from, to];
    cuts.extend(scenario.events.iter().filter(|e| e.service == service).map(|e| e.at));
    for m in scenario.maintenance.iter().filter(|m| m.covers(service)) {
        cuts.extend([m.start, m.end]);
    }
    cuts.retain(|&t| from <= t && t <= to);
    cuts.sort_unstable();
    cuts.dedup();
    let mut ms = [0; Status::COUNT];
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let status = if in_maintenance(scenario, service, a, b) {
            Status::UnderMaintenance
        } else {
            reported_at(scenario, service, a)
        };
        ms[status.index()] += (b - a) * scenario.unit;
    }
    ms
}

// ---------------------------------------------------------------------------------------------
// Comparing a row with the figures that follow from the time per status.

fn gcd(mut a: i128, mut b: i128) -> i128 {
    (a, b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `actual` must be n ÷ d: exactly when that terminates within 20 places, else within 1e-20.
fn check_quotient(actual: Decimal, n: i128, d: i128, what: &str) -> Result<(), TestCaseError> {
    let g = gcd(n, d);
    let (num, den) = (n / g, d / g);
    let (mut rest, mut twos, mut fives) = (den, 0u32, 0u32);
    while rest % 2 == 0 {
        rest /= 2;
        twos += 1;
    }
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    let places = twos.max(fives);
    if rest == 1 && places <= 20 {
        let exact = Decimal::from_i128_with_scale(num * 10i128.pow(places) / den, places);
        prop_assert_eq!(actual, exact, "{}: {}/{} terminates", what, n, d);
    } else {
        let close = Decimal::from_i128_with_scale(num, 0) / Decimal::from_i128_with_scale(den, 0);
        prop_assert!(
            (actual - close).abs() <= Decimal::new(1, 20),
            "{}: {} is not {}/{} ≈ {}",
            what,
            actual,
            n,
            d,
            close
        );
    }
    Ok(())
}

/// Every field of `row`, from the milliseconds per status the row should rest on.
fn check_row(
    row: &ServiceAvailability,
    ms: &[i64; Status::COUNT],
    policy: &PolicySpec,
) -> Result<(), TestCaseError> {
    let name = &row.service;
    let seconds = |ms: i64| Decimal::new(ms, 3);
    let by_status = [
        row.figures.seconds.operational,
        row.figures.seconds.degraded_performance,
        row.figures.seconds.partial_outage,
        row.figures.seconds.major_outage,
        row.figures.seconds.under_maintenance,
    ];
    for status in Status::ALL {
        prop_assert_eq!(
            by_status[status.index()],
            seconds(ms[status.index()]),
            "{}: seconds {}",
            name,
            status
        );
    }
    let counted: i64 = ms[..COUNTED].iter().sum();
    prop_assert_eq!(
        row.figures.excluded_seconds,
        seconds(ms[Status::UnderMaintenance.index()]),
        "{}: excluded",
        name
    );
    prop_assert_eq!(row.figures.counted_seconds, seconds(counted), "{}: counted", name);

    // Weighted downtime in (weight hundredths × ms), i.e. units of 1e-5 s.
    let weights = policy.weights.hundredths();
    let downtime: i128 = (0..COUNTED).map(|i| i128::from(weights[i]) * i128::from(ms[i])).sum();
    prop_assert_eq!(
        row.figures.downtime_seconds,
        Decimal::from_i128_with_scale(downtime, 5),
        "{}: downtime",
        name
    );

    // Budget = (100 − SLO) ÷ 100 × counted: (100 000 − slo) × counted ms, in units of 1e-8 s.
    let slo = i128::from(policy.slo);
    let counted = i128::from(counted);
    let budget = (100_000 - slo) * counted;
    prop_assert_eq!(
        row.figures.error_budget_seconds,
        Decimal::from_i128_with_scale(budget, 8),
        "{}: budget",
        name
    );
    prop_assert_eq!(
        row.figures.error_budget_remaining_seconds,
        Decimal::from_i128_with_scale(budget - 1000 * downtime, 8),
        "{}: budget remaining",
        name
    );

    if counted == 0 {
        prop_assert_eq!(row.figures.availability_percent, None, "{}: availability", name);
        prop_assert_eq!(row.figures.slo_met, None, "{}: slo_met", name);
    } else {
        // 100 × (1 − (downtime ÷ 100) ÷ counted) = (100 × counted − downtime) ÷ counted.
        let up = 100 * counted - downtime;
        let Some(availability) = row.figures.availability_percent else {
            return Err(TestCaseError::fail(format!(
                "{name}: availability is None with {counted} ms counted"
            )));
        };
        check_quotient(availability, up, counted, &format!("{name}: availability"))?;
        // availability ≥ slo ÷ 1000, without rounding.
        prop_assert_eq!(
            row.figures.slo_met,
            Some(1000 * up >= slo * counted),
            "{}: slo_met at availability {}",
            name,
            availability
        );
    }
    Ok(())
}

/// The services reported are the registered ones, by name; each row checks against `model`.
fn check_report(
    scenario: &Scenario,
    run: &Run,
    model: impl Fn(&Scenario, usize) -> [i64; Status::COUNT],
) -> Result<(), TestCaseError> {
    let reported: Vec<&str> = run.report.services.iter().map(|row| row.service.as_str()).collect();
    prop_assert_eq!(reported, scenario.names_sorted());
    for row in &run.report.services {
        let service = Scenario::index_of(&row.service);
        check_row(row, &model(scenario, service), &scenario.policy)?;
    }
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

/// Each service's timeline is one run of intervals, in report order, that tiles the window;
/// every interval's figures are consistent, and they sum to the report's.
fn check_timelines(scenario: &Scenario, run: &Run) -> Result<(), TestCaseError> {
    let (from, to) = (scenario.ms(scenario.from), scenario.ms(scenario.to));
    let weights = scenario.policy.weights.weights();
    let mut rest: &[TimelineInterval] = &run.timelines.intervals;
    for row in &run.report.services {
        let name = &row.service;
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
        let mut ms = [0; Status::COUNT];
        let mut downtime = Decimal::ZERO;
        for interval in timeline {
            let length = interval.to.0 - interval.from.0;
            prop_assert!(length > 0, "{}: empty interval {:?}", name, interval);
            prop_assert_eq!(interval.seconds, Decimal::new(length, 3));
            let counted = interval.status != Status::UnderMaintenance;
            prop_assert_eq!(interval.counted, counted);
            if counted {
                prop_assert_eq!(interval.status, interval.reported_status);
                prop_assert_eq!(interval.weight, weights.get(interval.status));
            } else {
                prop_assert_eq!(interval.weight, Decimal::ZERO);
            }
            prop_assert_eq!(interval.downtime_seconds, interval.weight * interval.seconds);
            ms[interval.status.index()] += length;
            downtime += interval.downtime_seconds;
        }
        prop_assert_eq!(downtime, row.figures.downtime_seconds, "{}: Σ downtime", name);
        check_row(row, &ms, &scenario.policy)?;
    }
    prop_assert!(rest.is_empty(), "intervals of unknown services: {:?}", rest);
    Ok(())
}

/// The naive model's statuses second by second match the timeline's intervals.
fn check_timelines_per_unit(scenario: &Scenario, run: &Run) -> Result<(), TestCaseError> {
    for (service, &name) in NAMES[..scenario.services].iter().enumerate() {
        let timeline: Vec<&TimelineInterval> =
            run.timelines.intervals.iter().filter(|i| i.service == name).collect();
        let mut next = 0;
        for (t, (reported, status)) in (scenario.from..).zip(per_unit(scenario, service)) {
            let at = scenario.ms(t);
            while next < timeline.len() && timeline[next].to.0 <= at {
                next += 1;
            }
            prop_assert!(next < timeline.len(), "{}: nothing covers t={}", name, t);
            let interval = timeline[next];
            prop_assert!(interval.from.0 <= at, "{}: nothing covers t={}", name, t);
            prop_assert_eq!(
                (interval.status, interval.reported_status),
                (status, reported),
                "{}: at t={} in {:?}",
                name,
                t,
                interval
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn status() -> impl Strategy<Value = Status> + Clone {
    prop::sample::select(Status::ALL.to_vec())
}

fn policy() -> impl Strategy<Value = PolicySpec> {
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
    (slo, weights, status()).prop_map(|(slo, weights, initial)| PolicySpec {
        slo,
        weights,
        initial,
    })
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
    (1..=4usize, window, policy()).prop_flat_map(move |(services, (from, to), policy)| {
        // Events cluster on a few instants too: the window's bounds and fixed ones, so that
        // several events at one instant, and at the window's edges, are common.
        let hot = vec![from - 1, from, from + 1, to - 1, to, 0, shape.span / 2];
        let at = prop_oneof![
            3 => -shape.span / 20..shape.span + shape.span / 20,
            1 => prop::sample::select(hot),
        ];
        let per_service =
            prop::collection::vec(prop::collection::vec((at, status()), 0..=30), services);
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
            })
        })
    })
}

const SECONDS: Shape = Shape { base: 0, unit: 1000, span: 200, distinct_instants: false };

const SECONDS_DISTINCT: Shape = Shape { distinct_instants: true, ..SECONDS };

/// Milliseconds around 2023-11-14, a 20 s span.
const MILLISECONDS: Shape =
    Shape { base: 1_700_000_000_000, unit: 1, span: 20_000, distinct_instants: false };

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
// 1. The engine against the naive per-second model.

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn engine_matches_a_per_second_reference(scenario in scenario(SECONDS)) {
        let run = run(&scenario);
        // The two references agree with each other first.
        for (service, name) in NAMES[..scenario.services].iter().enumerate() {
            prop_assert_eq!(
                per_unit_ms(&scenario, service),
                interval_sum_ms(&scenario, service),
                "references disagree on {}", name
            );
        }
        check_report(&scenario, &run, per_unit_ms)?;
        check_timelines(&scenario, &run)?;
        check_timelines_per_unit(&scenario, &run)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Invariants.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn times_add_up_and_availability_is_a_percentage(scenario in scenario(SECONDS)) {
        let run = run(&scenario);
        let window = Decimal::from(scenario.to - scenario.from);
        for row in &run.report.services {
            let s = &row.figures.seconds;
            prop_assert_eq!(
                s.operational + s.degraded_performance + s.partial_outage + s.major_outage
                    + s.under_maintenance,
                window
            );
            prop_assert_eq!(row.figures.excluded_seconds + row.figures.counted_seconds, window);
            prop_assert!(row.figures.downtime_seconds >= Decimal::ZERO);
            prop_assert!(row.figures.downtime_seconds <= row.figures.counted_seconds);
            match row.figures.availability_percent {
                Some(availability) => {
                    prop_assert!(row.figures.counted_seconds > Decimal::ZERO);
                    prop_assert!(
                        (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&availability),
                        "{}: availability {}", row.service, availability
                    );
                    prop_assert!(row.figures.slo_met.is_some());
                }
                None => {
                    prop_assert_eq!(row.figures.counted_seconds, Decimal::ZERO);
                    prop_assert_eq!(row.figures.slo_met, None);
                }
            }
        }
    }

    #[test]
    fn more_maintenance_never_adds_downtime(
        scenario in scenario(SECONDS),
        extra in maintenance(SECONDS),
    ) {
        let without = run(&scenario);
        let mut more = scenario.clone();
        more.maintenance.push(extra);
        let with = run(&more);
        prop_assert_eq!(with.report.services.len(), without.report.services.len());
        for (with, without) in with.report.services.iter().zip(&without.report.services) {
            prop_assert_eq!(&with.service, &without.service);
            prop_assert!(
                with.figures.downtime_seconds <= without.figures.downtime_seconds,
                "{}: downtime {} with {:?}, {} without",
                with.service, with.figures.downtime_seconds, extra, without.figures.downtime_seconds
            );
            prop_assert!(with.figures.counted_seconds <= without.figures.counted_seconds);
            prop_assert!(with.figures.excluded_seconds >= without.figures.excluded_seconds);
        }
    }

    #[test]
    fn timelines_tile_the_window_and_sum_to_the_report(scenario in scenario(SECONDS)) {
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
        (scenario, order) in scenario(SECONDS).prop_flat_map(|scenario| {
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
        check_report(&scenario, &run, interval_sum_ms)?;
        check_timelines(&scenario, &run)?;
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
        },
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
        assert_eq!(interval_sum_ms(&scenario, service), ms, "{name}");
        let row = run.report.services.iter().find(|row| row.service == name).expect("reported");
        check_row(row, &ms, &scenario.policy).unwrap();
    }
    check_report(&scenario, &run, interval_sum_ms).unwrap();
    check_timelines(&scenario, &run).unwrap();

    // A few figures written out: web counts 9.1 s, of which 0.1234 + 0.2301 + 2.1 s are down.
    let web = &run.report.services[2];
    assert_eq!(web.service, "web");
    assert_eq!(web.figures.counted_seconds, Decimal::new(9_100, 3));
    assert_eq!(web.figures.downtime_seconds, Decimal::new(24_535, 4));
    assert_eq!(web.figures.error_budget_seconds, Decimal::new(91, 4));
    assert_eq!(web.figures.error_budget_remaining_seconds, Decimal::new(-24_444, 4));
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
