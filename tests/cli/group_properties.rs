//! Property tests for groups: the engine's group timelines against a deliberately naive model,
//! written here from docs/semantics.md (rule 18) and sharing nothing with the engine, and the
//! laws groups obey whatever the model.
//!
//! The model works tick by tick (a tick is one second; the window is 0–60 s). A service's
//! status at a tick is the last of its events at or before it (else operational), or
//! maintenance inside one of its windows. A group's status at a tick ranks its members' statuses
//! at that tick, maintenance left out, and takes the k-th best; a member group's status is its
//! own, before any counting rule. The counting rules then run over the group's ticks as
//! whole-array passes: each slot takes the worst status of its counted ticks, and runs of down
//! ticks shorter than the minimum become operational.

use chrono_tz::Tz;
use nines::availability::{AvailabilityReport, Measured, Policy};
use nines::error::Origin;
use nines::events::{Coverage, EventLog, MaintenanceWindow};
use nines::exact::Exact;
use nines::status::{Status, Weights};
use nines::subject::{GroupDecl, GroupMode, MemberDecl, SubjectDecls, Subjects, WeightsDecl};
use nines::timeline::{CountingRules, MaintenanceSchedule, Window};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use rust_decimal::Decimal;

const NAMES: [&str; 4] = ["s0", "s1", "s2", "s3"];
const TICKS: i64 = 60;
const TICK_MS: i64 = 1000;

#[derive(Clone, Debug)]
struct Scenario {
    services: usize,
    /// (service, tick, status)
    events: Vec<(usize, i64, Status)>,
    /// (service, start tick, end tick)
    maintenance: Vec<(usize, i64, i64)>,
    /// The groups: mode, and members as indices: below `services` a service, from it on the
    /// group of that index minus `services` (only earlier groups, so there are no cycles).
    groups: Vec<(GroupMode, Vec<usize>)>,
    /// Weights of degraded and partial, in tenths.
    degraded: i64,
    partial: i64,
    slot_ticks: Option<i64>,
    min_incident_ticks: Option<i64>,
}

fn status() -> impl Strategy<Value = Status> {
    (0..Status::COUNT).prop_map(|index| Status::ALL[index])
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1..=4usize)
        .prop_flat_map(|services| {
            let events = prop::collection::vec((0..services, -5..TICKS + 5, status()), 0..24);
            let maintenance = prop::collection::vec((0..services, -5..TICKS, 1..20i64), 0..4)
                .prop_map(|windows| {
                    windows
                        .into_iter()
                        .map(|(s, start, length)| (s, start, start + length))
                        .collect()
                });
            let group = |earlier: usize| {
                let members = prop::collection::vec(0..services + earlier, 1..=4);
                (0..3u8, members).prop_map(|(mode, members)| {
                    let mut members: Vec<usize> = members;
                    members.sort_unstable();
                    members.dedup();
                    let n = members.len() as u32;
                    let mode = match mode {
                        0 => GroupMode::All,
                        1 => GroupMode::Any,
                        // k from 1 to n, by the members' count.
                        _ => GroupMode::KOfN(1 + (members[0] as u32 % n)),
                    };
                    (mode, members)
                })
            };
            let groups = (group(0), group(1), group(2)).prop_map(|(a, b, c)| vec![a, b, c]);
            let rules =
                (prop::option::weighted(0.3, 1..8i64), prop::option::weighted(0.3, 1..10i64));
            (Just(services), events, maintenance, groups, 0..=10i64, 0..=10i64, rules)
        })
        .prop_map(|(services, events, maintenance, groups, degraded, partial, (slot, min))| {
            Scenario {
                services,
                events,
                maintenance,
                groups,
                degraded,
                partial,
                slot_ticks: slot,
                min_incident_ticks: min,
            }
        })
}

impl Scenario {
    fn weights(&self) -> Weights {
        let mut weights = Weights::default();
        weights.set(Status::DegradedPerformance, Decimal::new(self.degraded, 1));
        weights.set(Status::PartialOutage, Decimal::new(self.partial, 1));
        weights
    }

    fn policy(&self) -> Policy {
        Policy {
            slo_percent: Decimal::new(995, 1),
            counting: CountingRules {
                initial_status: Status::Operational,
                weights: self.weights(),
                slot_ms: self.slot_ticks.map(|ticks| ticks * TICK_MS),
                min_incident_ms: self.min_incident_ticks.map(|ticks| ticks * TICK_MS),
            },
        }
    }

    /// The same scenario without maintenance, announced or reported, nor counting rules:
    /// every member counts all the time.
    fn plain(self) -> Scenario {
        let events = self
            .events
            .into_iter()
            .map(|(service, tick, status)| {
                let status = if status.is_excluded() { Status::Operational } else { status };
                (service, tick, status)
            })
            .collect();
        Scenario {
            events,
            maintenance: Vec::new(),
            slot_ticks: None,
            min_incident_ticks: None,
            ..self
        }
    }

    fn group_name(index: usize) -> String {
        format!("g{index}")
    }

    fn member_name(&self, member: usize) -> String {
        if member < self.services {
            NAMES[member].to_owned()
        } else {
            Scenario::group_name(member - self.services)
        }
    }

    /// The engine's report, every service and group in it.
    fn engine(&self) -> AvailabilityReport {
        self.engine_on(1)
    }

    /// The engine's report, measured on `threads` threads.
    fn engine_on(&self, threads: usize) -> AvailabilityReport {
        let mut log = EventLog::default();
        for name in &NAMES[..self.services] {
            log.service_id(name);
        }
        for &(service, tick, status) in &self.events {
            let id = log.service_id(NAMES[service]);
            log.push(id, tick * TICK_MS, status);
        }
        log.sort();
        let windows: Vec<MaintenanceWindow> = self
            .maintenance
            .iter()
            .map(|&(service, start, end)| MaintenanceWindow {
                start: start * TICK_MS,
                end: end * TICK_MS,
                coverage: Coverage::Service(NAMES[service].to_owned()),
                origin: "test".to_owned(),
            })
            .collect();
        let window = Window { from: 0, to: TICKS * TICK_MS };
        let (maintenance, _) = MaintenanceSchedule::new(&windows, &log, window);
        let origin = Origin::Default;
        let decls = SubjectDecls {
            groups: self
                .groups
                .iter()
                .enumerate()
                .map(|(index, (mode, members))| GroupDecl {
                    name: Scenario::group_name(index),
                    display_name: None,
                    mode: *mode,
                    stated_members: None,
                    members: members
                        .iter()
                        .map(|&member| MemberDecl {
                            pattern: self.member_name(member),
                            origin: origin.clone(),
                        })
                        .collect(),
                    slo: None,
                    weights: WeightsDecl::default(),
                    origin: origin.clone(),
                })
                .collect(),
            ..SubjectDecls::default()
        };
        let policy = self.policy();
        let (subjects, _) = Subjects::resolve(&decls, &log, &policy).expect("valid groups");
        let measured = Measured {
            log: &log,
            maintenance: &maintenance,
            subjects: &subjects,
            window,
            zone: Tz::UTC,
            policy: &policy,
            periods: None,
        };
        measured.availability_on(threads)
    }

    /// A service's status at each tick, maintenance laid over.
    fn service_ticks(&self, service: usize) -> Vec<Status> {
        (0..TICKS)
            .map(|tick| {
                if self
                    .maintenance
                    .iter()
                    .any(|&(s, start, end)| s == service && start <= tick && tick < end)
                {
                    return Status::UnderMaintenance;
                }
                // The last event at or before the tick; of events at one tick, the last given.
                self.events
                    .iter()
                    .filter(|&&(s, at, _)| s == service && at <= tick)
                    .max_by_key(|&&(_, at, _)| at)
                    .map(|&(_, at, _)| {
                        self.events.iter().rfind(|&&(s, t, _)| s == service && t == at).unwrap().2
                    })
                    .unwrap_or(Status::Operational)
            })
            .collect()
    }

    /// A member's ticks before the counting rules.
    fn member_ticks(&self, member: usize) -> Vec<Status> {
        if member < self.services {
            self.service_ticks(member)
        } else {
            self.group_ticks(member - self.services)
        }
    }

    /// A group's ticks before the counting rules: the k-th best member left at each tick.
    fn group_ticks(&self, group: usize) -> Vec<Status> {
        let (mode, members) = &self.groups[group];
        let weights = self.weights();
        let ticks: Vec<Vec<Status>> = members.iter().map(|&m| self.member_ticks(m)).collect();
        (0..TICKS as usize)
            .map(|tick| {
                let mut left: Vec<Status> = ticks
                    .iter()
                    .map(|member| member[tick])
                    .filter(|status| *status != Status::UnderMaintenance)
                    .collect();
                let k = match mode {
                    GroupMode::All => left.len(),
                    GroupMode::Any => 1,
                    GroupMode::KOfN(k) => *k as usize,
                };
                if left.is_empty() || left.len() < k {
                    return Status::UnderMaintenance;
                }
                // Best first: the lower weight, then the less severe.
                left.sort_by_key(|&status| (weights.get(status), status));
                left[k - 1]
            })
            .collect()
    }

    /// The counting rules over a subject's ticks.
    fn counted(&self, mut ticks: Vec<Status>) -> Vec<Status> {
        let weights = self.weights();
        if let Some(slot) = self.slot_ticks {
            for start in (0..TICKS).step_by(slot as usize) {
                let range = start as usize..((start + slot).min(TICKS)) as usize;
                let worst = ticks[range.clone()]
                    .iter()
                    .copied()
                    .filter(|status| *status != Status::UnderMaintenance)
                    .max_by_key(|&status| (weights.get(status), status))
                    .unwrap_or(Status::UnderMaintenance);
                ticks[range].fill(worst);
            }
        }
        if let Some(minimum) = self.min_incident_ticks {
            let down = |status: Status| {
                status != Status::UnderMaintenance && weights.get(status) > Decimal::ZERO
            };
            let mut start = 0;
            while start < ticks.len() {
                if !down(ticks[start]) {
                    start += 1;
                    continue;
                }
                let end = (start..ticks.len()).find(|&i| !down(ticks[i])).unwrap_or(ticks.len());
                if ((end - start) as i64) < minimum {
                    ticks[start..end].fill(Status::Operational);
                }
                start = end;
            }
        }
        ticks
    }

    /// Seconds in each status.
    fn seconds(ticks: &[Status]) -> [i64; Status::COUNT] {
        let mut seconds = [0; Status::COUNT];
        for status in ticks {
            seconds[status.index()] += 1;
        }
        seconds
    }
}

/// Seconds in each status as the engine's JSON gives them.
fn engine_seconds(report: &AvailabilityReport, name: &str) -> [i64; Status::COUNT] {
    let row = report.services.iter().find(|row| row.subject.service == name).expect("reported");
    let json = serde_json::to_value(&row.figures.seconds).unwrap();
    Status::ALL.map(|status| json[status.name()].as_f64().unwrap() as i64)
}

proptest! {
    #![proptest_config(Config { cases: 600, ..Config::default() })]

    #[test]
    fn groups_match_the_per_tick_model(scenario in scenario()) {
        let report = scenario.engine();
        for group in 0..scenario.groups.len() {
            let expected = Scenario::seconds(&scenario.counted(scenario.group_ticks(group)));
            let name = Scenario::group_name(group);
            prop_assert_eq!(engine_seconds(&report, &name), expected, "{}: {:?}", name, scenario);
        }
        for (service, name) in NAMES.iter().enumerate().take(scenario.services) {
            let expected = Scenario::seconds(&scenario.counted(scenario.service_ticks(service)));
            prop_assert_eq!(engine_seconds(&report, name), expected);
        }
    }

    #[test]
    fn any_is_never_worse_than_its_best_member_nor_all_better_than_its_worst(
        scenario in scenario()
    ) {
        let scenario = scenario.plain();
        let report = scenario.engine();
        let downtime = |name: &str| {
            report.services.iter().find(|row| row.subject.service == name).unwrap().figures.downtime_seconds.clone()
        };
        for (group, (mode, members)) in scenario.groups.iter().enumerate() {
            let own = downtime(&Scenario::group_name(group));
            let members: Vec<Exact> =
                members.iter().map(|&member| downtime(&scenario.member_name(member))).collect();
            match mode {
                GroupMode::Any => prop_assert!(members.iter().all(|member| own <= *member)),
                GroupMode::All => prop_assert!(members.iter().all(|member| own >= *member)),
                // A quorum lies between any and all at each instant, not between its
                // members' totals: the ends are tested below.
                GroupMode::KOfN(_) => {}
            }
        }
    }

    #[test]
    fn k_of_n_at_its_ends_is_any_and_all_and_a_group_of_one_is_its_member(
        scenario in scenario()
    ) {
        // Three groups over the same members: k = 1, any, k = n, all; and one of one member.
        let members: Vec<usize> = (0..scenario.services).collect();
        let n = members.len() as u32;
        let groups = vec![
            (GroupMode::KOfN(1), members.clone()),
            (GroupMode::Any, members.clone()),
            (GroupMode::KOfN(n), members.clone()),
            (GroupMode::All, members),
            (GroupMode::All, vec![0]),
        ];
        let scenario = Scenario { groups, ..scenario };
        let figures = |report: &AvailabilityReport, name: &str| {
            let row = report.services.iter().find(|row| row.subject.service == name).unwrap();
            row.figures.clone()
        };
        let report = scenario.engine();
        prop_assert_eq!(figures(&report, "g0"), figures(&report, "g1"));
        prop_assert_eq!(figures(&report, "g4"), figures(&report, "s0"));
        // With a member in maintenance, k = n leaves the group in maintenance where all takes
        // the worst member left: they agree without it.
        let report = scenario.plain().engine();
        prop_assert_eq!(figures(&report, "g2"), figures(&report, "g3"));
    }
}

proptest! {
    #![proptest_config(Config { cases: 100, ..Config::default() })]

    /// Measured on several threads (as many as asked, whatever the machine has), the report is
    /// the one measured on one.
    #[test]
    fn threads_change_nothing(scenario in scenario()) {
        prop_assert_eq!(scenario.engine_on(3), scenario.engine_on(1));
    }
}

/// Proves the model's interesting branches run: groups with members in maintenance, quorums
/// with fewer members left than they need, and nested groups all occur in the cases drawn.
#[test]
fn the_cases_drawn_reach_every_branch() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut nested, mut short_of_quorum, mut maintenance) = (0, 0, 0);
    for _ in 0..600 {
        let scenario = scenario().new_tree(&mut runner).unwrap().current();
        for (group, (_, members)) in scenario.groups.iter().enumerate() {
            nested += members.iter().any(|&m| m >= scenario.services) as u32;
            let ticks = scenario.group_ticks(group);
            maintenance += ticks.contains(&Status::UnderMaintenance) as u32;
            if let GroupMode::KOfN(k) = scenario.groups[group].0 {
                short_of_quorum += (k > 1 && ticks.contains(&Status::UnderMaintenance)) as u32;
            }
        }
    }
    assert!(
        nested > 50 && short_of_quorum > 10 && maintenance > 50,
        "{nested} {short_of_quorum} {maintenance}"
    );
}
