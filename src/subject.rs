//! Subjects: what is measured and reported. A subject is a service, known from the events, or
//! a group of subjects declared in the config file or on the command line, whose status at
//! each instant comes from its members' (`all` of them, `any` one, or `k` of them). Pure: the
//! declarations are resolved against the services the events name.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::availability::Policy;
use crate::error::{Origin, SettingError, Warning, shown};
use crate::events::{EventLog, ServiceId};
use crate::exact::Exact;
use crate::status::{Status, WeightPreset, Weights};
use crate::toml_reader::suggestion;

/// How a group's members' statuses make the group's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupMode {
    /// In series: every member must work; the group is as bad as its worst member.
    All,
    /// Redundant: one working member is enough; the group is as good as its best member.
    Any,
    /// A quorum: at least `k` members must work; the group is as good as its k-th best.
    KOfN(u32),
}

impl GroupMode {
    /// The mode's name in the config file and in outputs.
    pub const fn name(self) -> &'static str {
        match self {
            GroupMode::All => "all",
            GroupMode::Any => "any",
            GroupMode::KOfN(_) => "k_of_n",
        }
    }

    /// How many of the `left` members not in maintenance must work: the rank of the member
    /// whose status the group takes.
    pub const fn needed(self, left: u32) -> u32 {
        match self {
            GroupMode::All => left,
            GroupMode::Any => 1,
            GroupMode::KOfN(k) => k,
        }
    }

    /// `k` as outputs state it: 1 for `any`, and for `all` every one of its `members`.
    pub const fn k(self, members: usize) -> u32 {
        match self {
            GroupMode::All => members as u32,
            GroupMode::Any => 1,
            GroupMode::KOfN(k) => k,
        }
    }
}

impl Serialize for GroupMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Whether a subject is a service or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    Service,
    Group,
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SubjectKind::Service => "service",
            SubjectKind::Group => "group",
        })
    }
}

/// Index of a group in [`Subjects`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub u32);

/// A subject: a service of the events, or a declared group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectId {
    Service(ServiceId),
    Group(GroupId),
}

impl SubjectId {
    pub fn kind(self) -> SubjectKind {
        match self {
            SubjectId::Service(_) => SubjectKind::Service,
            SubjectId::Group(_) => SubjectKind::Group,
        }
    }
}

/// Weights as a declaration states them: a preset to start from, if any (else the weights in
/// force), and single statuses' weights over it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeightsDecl {
    pub preset: Option<WeightPreset>,
    pub overrides: Vec<(Status, Decimal)>,
}

impl WeightsDecl {
    /// `base` changed as declared.
    pub fn apply(&self, base: Weights) -> Weights {
        let mut weights = self.preset.map_or(base, Weights::preset);
        for &(status, weight) in &self.overrides {
            weights.set(status, weight);
        }
        weights
    }
}

/// A service's own settings, as declared (`[services.NAME]` in the config file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceDecl {
    /// The service's name in the events.
    pub name: String,
    /// The name to show it by, if not its own.
    pub display_name: Option<String>,
    /// Its objective, if not the default.
    pub slo: Option<Decimal>,
    pub weights: WeightsDecl,
    /// Left out of everything: not reported, in no group, in no contract.
    pub ignore: bool,
    pub origin: Origin,
}

/// One entry of a group's member list: a subject's name, or a glob over service names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberDecl {
    pub pattern: String,
    pub origin: Origin,
}

/// A group, as declared in the config file or on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupDecl {
    pub name: String,
    pub display_name: Option<String>,
    pub mode: GroupMode,
    /// For `2of3` on the command line: the number of members it promises.
    pub stated_members: Option<u32>,
    pub members: Vec<MemberDecl>,
    /// Its objective, if not the default.
    pub slo: Option<Decimal>,
    pub weights: WeightsDecl,
    /// Where it is declared: errors about it start here.
    pub origin: Origin,
}

/// A glob that chooses subjects by name, with where it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameFilter {
    pub pattern: glob::Pattern,
    pub origin: Origin,
}

/// Everything declared about subjects, before the events are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubjectDecls {
    /// In the order they are declared: the order they are reported in.
    pub groups: Vec<GroupDecl>,
    pub services: Vec<ServiceDecl>,
    /// The subjects reported are those matching any of these (all when there are none) ...
    pub include: Vec<NameFilter>,
    /// ... and none of these.
    pub exclude: Vec<NameFilter>,
}

/// A group, resolved: its members are subjects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub display_name: String,
    pub mode: GroupMode,
    /// Each once, in the order declared (a glob's matches by name).
    pub members: Vec<SubjectId>,
    pub policy: Policy,
}

/// A service's settings, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ServiceSettings {
    display_name: Option<String>,
    policy: Policy,
    ignored: bool,
}

/// Every subject, and which are reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subjects {
    /// By service id.
    services: Vec<ServiceSettings>,
    groups: Vec<Group>,
    /// Groups in the order declared, then services by name.
    reported: Vec<SubjectId>,
}

/// Whether a member entry is a glob rather than a name.
fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

impl Subjects {
    /// Every service of the log under `policy`, reported by name; no groups.
    pub fn services_of(log: &EventLog, policy: &Policy) -> Subjects {
        let settings =
            ServiceSettings { display_name: None, policy: policy.clone(), ignored: false };
        Subjects {
            services: vec![settings; log.service_count()],
            groups: Vec::new(),
            reported: log.services_by_name().into_iter().map(SubjectId::Service).collect(),
        }
    }

    /// The declared subjects, found in the log: errors name the declaration at fault.
    pub fn resolve(
        decls: &SubjectDecls,
        log: &EventLog,
        default: &Policy,
    ) -> Result<(Subjects, Vec<Warning>), SettingError> {
        let mut warnings = Vec::new();
        let mut subjects = Subjects::services_of(log, default);
        for decl in &decls.services {
            let Some(service) = log.find(&decl.name) else {
                warnings.push(Warning::NoEventsForSettings {
                    origin: decl.origin.clone(),
                    service: decl.name.clone(),
                });
                continue;
            };
            subjects.services[service.0 as usize] = ServiceSettings {
                display_name: decl.display_name.clone(),
                policy: policy_of(default, decl.slo, &decl.weights),
                ignored: decl.ignore,
            };
        }
        let by_name = group_names(decls, log)?;
        for decl in &decls.groups {
            let members = subjects.members(decl, &by_name, log)?;
            subjects.groups.push(Group {
                name: decl.name.clone(),
                display_name: decl.display_name.clone().unwrap_or_else(|| decl.name.clone()),
                mode: decl.mode,
                members,
                policy: policy_of(default, decl.slo, &decl.weights),
            });
        }
        subjects.reject_cycles(decls)?;
        subjects.reported = subjects.chosen(decls, log)?;
        Ok((subjects, warnings))
    }

    /// A group's members: each name a group or a service, each glob the services it matches.
    fn members(
        &self,
        decl: &GroupDecl,
        groups: &HashMap<&str, GroupId>,
        log: &EventLog,
    ) -> Result<Vec<SubjectId>, SettingError> {
        let in_group = |problem: String| format!("group {}: {problem}", shown(&decl.name));
        if decl.members.is_empty() {
            let problem = in_group("has no members (expected at least one)".to_owned());
            return Err(SettingError { origin: decl.origin.clone(), problem });
        }
        let mut members: Vec<SubjectId> = Vec::new();
        // A member named twice, or matched by two globs, is one member; a set finds it at
        // once among thousands.
        let mut seen: HashSet<SubjectId> = HashSet::new();
        for member in &decl.members {
            let error = |problem: String| SettingError {
                origin: member.origin.clone(),
                problem: in_group(format!("member {} {problem}", shown(&member.pattern))),
            };
            let found: Vec<SubjectId> = if is_glob(&member.pattern) {
                let pattern = glob::Pattern::new(&member.pattern)
                    .map_err(|reason| error(format!("is not a glob: {}", reason.msg)))?;
                let matches: Vec<SubjectId> = log
                    .services_by_name()
                    .into_iter()
                    .filter(|&service| {
                        !self.services[service.0 as usize].ignored
                            && pattern.matches(log.name(service))
                    })
                    .map(SubjectId::Service)
                    .collect();
                if matches.is_empty() {
                    return Err(error("matches no service in the events".to_owned()));
                }
                matches
            } else if let Some(&group) = groups.get(member.pattern.as_str()) {
                vec![SubjectId::Group(group)]
            } else if let Some(service) = log.find(&member.pattern) {
                if self.services[service.0 as usize].ignored {
                    return Err(error("is ignored (ignore = true in its [services] table)".into()));
                }
                vec![SubjectId::Service(service)]
            } else {
                let names = (0..log.service_count() as u32)
                    .map(|id| log.name(ServiceId(id)))
                    .chain(groups.keys().copied());
                return Err(error(format!(
                    "is neither a service in the events nor a group{}",
                    suggestion(&member.pattern, names)
                )));
            };
            members.extend(found.into_iter().filter(|&subject| seen.insert(subject)));
        }
        let count = members.len() as u32;
        if let Some(stated) = decl.stated_members.filter(|&stated| stated != count) {
            let problem = in_group(format!(
                "{} of {stated} names {stated} members, but the group has {count}",
                decl.mode.needed(count)
            ));
            return Err(SettingError { origin: decl.origin.clone(), problem });
        }
        if let GroupMode::KOfN(k) = decl.mode {
            if !(1..=count).contains(&k) {
                let problem =
                    in_group(format!("k {k} is out of range (expected 1 to {count}, its members)"));
                return Err(SettingError { origin: decl.origin.clone(), problem });
            }
        }
        Ok(members)
    }

    /// An error naming the first cycle of groups that contain each other.
    fn reject_cycles(&self, decls: &SubjectDecls) -> Result<(), SettingError> {
        // 0: not visited, 1: on the current path, 2: done.
        let mut state = vec![0u8; self.groups.len()];
        let mut path: Vec<GroupId> = Vec::new();
        for start in 0..self.groups.len() as u32 {
            if let Some(cycle) = self.find_cycle(GroupId(start), &mut state, &mut path) {
                let names: Vec<&str> =
                    cycle.iter().map(|&group| self.group(group).name.as_str()).collect();
                let first = cycle[0].0 as usize;
                let problem = format!(
                    "group {}: the groups contain each other in a cycle: {}",
                    shown(names[0]),
                    names.join(" → ")
                );
                return Err(SettingError { origin: decls.groups[first].origin.clone(), problem });
            }
        }
        Ok(())
    }

    fn find_cycle(
        &self,
        group: GroupId,
        state: &mut [u8],
        path: &mut Vec<GroupId>,
    ) -> Option<Vec<GroupId>> {
        match state[group.0 as usize] {
            2 => return None,
            1 => {
                let start = path.iter().position(|&on_path| on_path == group).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(group);
                return Some(cycle);
            }
            _ => {}
        }
        state[group.0 as usize] = 1;
        path.push(group);
        for &member in &self.group(group).members {
            if let SubjectId::Group(inner) = member {
                if let Some(cycle) = self.find_cycle(inner, state, path) {
                    return Some(cycle);
                }
            }
        }
        path.pop();
        state[group.0 as usize] = 2;
        None
    }

    /// The subjects to report: groups in the order declared, then services by name, those
    /// that the filters choose.
    fn chosen(&self, decls: &SubjectDecls, log: &EventLog) -> Result<Vec<SubjectId>, SettingError> {
        let candidates: Vec<SubjectId> = (0..self.groups.len() as u32)
            .map(|group| SubjectId::Group(GroupId(group)))
            .chain(
                log.services_by_name()
                    .into_iter()
                    .filter(|service| !self.services[service.0 as usize].ignored)
                    .map(SubjectId::Service),
            )
            .collect();
        for filter in decls.include.iter().chain(&decls.exclude) {
            if !candidates.iter().any(|&subject| filter.pattern.matches(self.name(log, subject))) {
                let names = candidates.iter().map(|&subject| self.name(log, subject));
                let problem = format!(
                    "matches no service or group{}",
                    suggestion(filter.pattern.as_str(), names)
                );
                return Err(SettingError { origin: filter.origin.clone(), problem });
            }
        }
        let matches = |filters: &[NameFilter], name: &str| {
            filters.iter().any(|filter| filter.pattern.matches(name))
        };
        let chosen: Vec<SubjectId> = candidates
            .into_iter()
            .filter(|&subject| {
                let name = self.name(log, subject);
                (decls.include.is_empty() || matches(&decls.include, name))
                    && !matches(&decls.exclude, name)
            })
            .collect();
        match decls.exclude.first() {
            Some(filter) if chosen.is_empty() => Err(SettingError {
                origin: filter.origin.clone(),
                problem: "leaves no service or group to report".to_owned(),
            }),
            _ => Ok(chosen),
        }
    }

    /// The subjects to report, in order.
    pub fn reported(&self) -> &[SubjectId] {
        &self.reported
    }

    pub fn group(&self, group: GroupId) -> &Group {
        &self.groups[group.0 as usize]
    }

    /// Every group, by id.
    pub fn groups(&self) -> impl Iterator<Item = (GroupId, &Group)> {
        self.groups.iter().enumerate().map(|(index, group)| (GroupId(index as u32), group))
    }

    /// The group of this name, if one is declared.
    pub fn find_group(&self, name: &str) -> Option<GroupId> {
        self.groups().find(|(_, group)| group.name == name).map(|(id, _)| id)
    }

    /// Whether a service is left out of everything.
    pub fn is_ignored(&self, service: ServiceId) -> bool {
        self.services[service.0 as usize].ignored
    }

    /// A subject's name: the service's as the events give it, or the group's.
    pub fn name<'a>(&'a self, log: &'a EventLog, subject: SubjectId) -> &'a str {
        match subject {
            SubjectId::Service(service) => log.name(service),
            SubjectId::Group(group) => &self.group(group).name,
        }
    }

    /// The name a subject is shown by.
    pub fn display_name<'a>(&'a self, log: &'a EventLog, subject: SubjectId) -> &'a str {
        match subject {
            SubjectId::Service(service) => self.services[service.0 as usize]
                .display_name
                .as_deref()
                .unwrap_or_else(|| log.name(service)),
            SubjectId::Group(group) => &self.group(group).display_name,
        }
    }

    /// How a subject is measured: its objective and weights.
    pub fn policy(&self, subject: SubjectId) -> &Policy {
        match subject {
            SubjectId::Service(service) => &self.services[service.0 as usize].policy,
            SubjectId::Group(group) => &self.group(group).policy,
        }
    }

    /// The same subjects with every subject's weights changed by `overrides`: a contract's
    /// weights, which rank a group's members as well as weigh its time.
    pub fn reweighed(&self, overrides: &[(Status, Decimal)]) -> Subjects {
        let mut subjects = self.clone();
        let policies = subjects
            .services
            .iter_mut()
            .map(|service| &mut service.policy)
            .chain(subjects.groups.iter_mut().map(|group| &mut group.policy));
        for policy in policies {
            for &(status, weight) in overrides {
                policy.counting.weights.set(status, weight);
            }
        }
        subjects
    }
}

/// The default policy with a declaration's objective and weights.
fn policy_of(default: &Policy, slo: Option<Decimal>, weights: &WeightsDecl) -> Policy {
    let mut policy = default.clone();
    policy.slo_percent = slo.unwrap_or(default.slo_percent);
    policy.counting.weights = weights.apply(default.counting.weights);
    policy
}

/// Group ids by name; a group may not take a service's name.
fn group_names<'d>(
    decls: &'d SubjectDecls,
    log: &EventLog,
) -> Result<HashMap<&'d str, GroupId>, SettingError> {
    let mut by_name = HashMap::new();
    for (index, decl) in decls.groups.iter().enumerate() {
        if log.find(&decl.name).is_some() {
            let problem = format!(
                "group {} has the name of a service in the events (expected a name of its own)",
                shown(&decl.name)
            );
            return Err(SettingError { origin: decl.origin.clone(), problem });
        }
        if by_name.insert(decl.name.as_str(), GroupId(index as u32)).is_some() {
            let problem =
                format!("group {} is declared twice (expected each once)", shown(&decl.name));
            return Err(SettingError { origin: decl.origin.clone(), problem });
        }
    }
    Ok(by_name)
}

/// The availability a group would have if its members failed independently, from theirs (in
/// percent): the product of the availabilities for `all`, one less the product of the
/// unavailabilities for `any`, and for `k` of `n` the exact chance that at least `k` work (a
/// Poisson-binomial). Members without an availability (all maintenance) are left out, as in
/// the group; with fewer than `k` left, there is no estimate. It is worked out to 28
/// significant digits, not exactly: exact products of many members grow without bound, and
/// nothing is decided on an estimate.
pub fn independent_estimate(mode: GroupMode, members: &[Option<&Exact>]) -> Option<Exact> {
    let up: Vec<Decimal> = members
        .iter()
        .flatten()
        .filter_map(|percent| percent.percent_as_fraction().approximate_decimal())
        .collect();
    let needed = mode.needed(up.len() as u32) as usize;
    if up.is_empty() || needed > up.len() {
        return None;
    }
    let at_least = match mode {
        GroupMode::All => up.iter().fold(Decimal::ONE, |product, &p| product * p),
        GroupMode::Any => {
            Decimal::ONE - up.iter().fold(Decimal::ONE, |product, &p| product * (Decimal::ONE - p))
        }
        GroupMode::KOfN(_) => {
            // exactly[j]: the chance that exactly j of the members so far work.
            let mut exactly = vec![Decimal::ZERO; up.len() + 1];
            exactly[0] = Decimal::ONE;
            for (seen, &p) in up.iter().enumerate() {
                for working in (0..=seen + 1).rev() {
                    let works = if working > 0 { exactly[working - 1] * p } else { Decimal::ZERO };
                    exactly[working] = works + exactly[working] * (Decimal::ONE - p);
                }
            }
            exactly[needed..].iter().sum()
        }
    };
    Some(Exact::hundred() * Exact::from(at_least))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percents(values: &[&str]) -> Vec<Option<Exact>> {
        values.iter().map(|value| value.parse::<Decimal>().ok().map(Exact::from)).collect()
    }

    fn estimate(mode: GroupMode, members: &[Option<Exact>]) -> Option<Decimal> {
        let members: Vec<Option<&Exact>> = members.iter().map(Option::as_ref).collect();
        independent_estimate(mode, &members).map(|estimate| estimate.to_decimal().unwrap())
    }

    #[test]
    fn the_estimate_multiplies_availabilities_as_if_failures_were_independent() {
        let members = percents(&["99", "98", "n/a"]);
        // all: 0.99 × 0.98 = 0.9702.
        assert_eq!(estimate(GroupMode::All, &members), Some("97.02".parse().unwrap()));
        // any: 1 − 0.01 × 0.02 = 0.9998.
        assert_eq!(estimate(GroupMode::Any, &members), Some("99.98".parse().unwrap()));
        // 2 of 3 with 0.9 each: 3 × 0.81 × 0.1 + 0.729 = 0.972.
        let three = percents(&["90", "90", "90"]);
        assert_eq!(
            estimate(GroupMode::KOfN(2), &three).map(|e| e.normalize()),
            Some("97.2".parse().unwrap())
        );
        assert_eq!(estimate(GroupMode::KOfN(3), &members), None);
        assert_eq!(estimate(GroupMode::All, &percents(&["n/a"])), None);
    }

    proptest::proptest! {
        #[test]
        fn k_of_n_at_its_ends_is_any_and_all(
            availabilities in proptest::collection::vec(0u32..=10_000, 1..12)
        ) {
            let members: Vec<Option<Exact>> =
                availabilities.iter().map(|&a| Some(Exact::from(Decimal::new(a.into(), 2)))).collect();
            let n = members.len() as u32;
            let close = |a: Option<Decimal>, b: Option<Decimal>| {
                (a.unwrap() - b.unwrap()).abs() < Decimal::new(1, 20)
            };
            proptest::prop_assert!(close(
                estimate(GroupMode::KOfN(1), &members),
                estimate(GroupMode::Any, &members)
            ));
            proptest::prop_assert!(close(
                estimate(GroupMode::KOfN(n), &members),
                estimate(GroupMode::All, &members)
            ));
        }
    }
}
