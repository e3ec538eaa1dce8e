//! Settings in layers: the command line's options over the config file's keys over the
//! defaults. Every setting in force remembers where it came from, for `nines config` and for
//! the messages about it.

use std::path::PathBuf;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::availability::Policy;
use crate::calendar::PeriodKind;
use crate::error::{Origin, shown};
use crate::input::{DEFAULT_MAX_RECORD_BYTES, InputFormat, Mapping, Source};
use crate::status::{Status, WeightPreset, Weights};
use crate::subject::{GroupDecl, GroupMode, NameFilter, ServiceDecl, SubjectDecls, WeightsDecl};
use crate::time::{TimeFormat, duration_text};
use crate::timeline::CountingRules;
use crate::values;

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Setting { value, origin }
    }

    fn default(value: T) -> Self {
        Setting { value, origin: Origin::Default }
    }
}

/// Weights as one front end gives them: a preset, and single statuses' weights over it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeightsLayer {
    pub preset: Option<Setting<WeightPreset>>,
    pub overrides: Vec<(Status, Setting<Decimal>)>,
}

/// What one front end (the command line, or the config file) says; unset where it is silent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    pub events: Option<Setting<Vec<Source>>>,
    pub maintenance: Option<Setting<Vec<Source>>>,
    pub input_format: Option<Setting<InputFormat>>,
    pub max_record_size: Option<Setting<u64>>,
    pub delimiter: Option<Setting<u8>>,
    pub keep_going: Option<Setting<bool>>,
    /// `--field ROLE=COLUMN`: the column of a field.
    pub field_columns: Vec<Setting<(&'static str, String)>>,
    /// `--status-map VALUE=STATUS`: the status a value stands for.
    pub status_map: Vec<Setting<(String, Status)>>,
    /// The threads to work with; only the command line sets it.
    pub threads: Option<usize>,
    pub slo: Option<Setting<Decimal>>,
    pub tz: Option<Setting<Tz>>,
    pub weights: WeightsLayer,
    pub initial_status: Option<Setting<Status>>,
    pub granularity: Option<Setting<i64>>,
    pub min_incident: Option<Setting<i64>>,
    pub period: Option<Setting<PeriodKind>>,
    pub contracts: Option<Setting<PathBuf>>,
    pub time_format: Option<Setting<TimeFormat>>,
    pub stale_after: Option<Setting<i64>>,
    pub strict: Option<Setting<bool>>,
    pub services: Vec<ServiceDecl>,
    /// In the order declared.
    pub groups: Vec<GroupDecl>,
    pub include: Vec<NameFilter>,
    pub exclude: Vec<NameFilter>,
}

/// The objective when none is given.
pub const DEFAULT_SLO_PERCENT: Decimal = Decimal::from_parts(995, 0, 0, false, 1);

/// The settings in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The config file read, if any, as its path was given or found.
    pub config_file: Option<String>,
    /// Event sources; none given means stdin.
    pub events: Setting<Vec<Source>>,
    pub maintenance: Setting<Vec<Source>>,
    pub input_format: Option<Setting<InputFormat>>,
    /// The longest line, record or JSON document read, in bytes.
    pub max_record_size: Setting<u64>,
    /// The byte between a CSV file's fields.
    pub delimiter: Setting<u8>,
    /// Whether records that cannot be read are skipped and reported.
    pub keep_going: Setting<bool>,
    /// The columns of fields, the config file's first and the options' after: a later one
    /// for a field wins.
    pub field_columns: Vec<Setting<(&'static str, String)>>,
    /// The statuses values stand for, as `field_columns`.
    pub status_map: Vec<Setting<(String, Status)>>,
    /// The threads to work with: as many as the machine has unless told.
    pub threads: Option<usize>,
    pub slo: Setting<Decimal>,
    pub tz: Setting<Tz>,
    /// The weight of each counted status, in status order.
    pub weights: Vec<(Status, Setting<Decimal>)>,
    pub initial_status: Setting<Status>,
    pub granularity: Setting<Option<i64>>,
    pub min_incident: Setting<Option<i64>>,
    pub period: Setting<Option<PeriodKind>>,
    pub contracts: Setting<Option<PathBuf>>,
    /// How options that name an instant read a bare number.
    pub time_format: Setting<TimeFormat>,
    /// How far the window may run past a source's newest event before it is called stale,
    /// in milliseconds.
    pub stale_after: Setting<i64>,
    /// Whether the gates (`check`, `burn`) fail on any warning.
    pub strict: Setting<bool>,
    pub subjects: SubjectDecls,
}

/// How far a window may run past a source's newest event by default: a day.
pub const DEFAULT_STALE_AFTER_MS: i64 = 24 * 3_600_000;

/// `flag` if set, else `file`, else the default.
fn either<T>(flag: Option<Setting<T>>, file: Option<Setting<T>>, default: T) -> Setting<T> {
    flag.or(file).unwrap_or_else(|| Setting::default(default))
}

/// Like [`either`], for settings that are unset by default.
fn optional<T>(flag: Option<Setting<T>>, file: Option<Setting<T>>) -> Setting<Option<T>> {
    match flag.or(file) {
        Some(Setting { value, origin }) => Setting::new(Some(value), origin),
        None => Setting::default(None),
    }
}

impl Settings {
    /// The command line's `flags` over the config file's `file`, over the defaults.
    pub fn merge(flags: Layer, file: Layer, config_file: Option<String>) -> Settings {
        let weights = Weights::counted_statuses()
            .map(|status| (status, weight(status, &flags.weights, &file.weights)))
            .collect();
        let mut flag_groups = flags.groups;
        let mut groups: Vec<GroupDecl> = file
            .groups
            .into_iter()
            .map(|declared| {
                // An option declares a group afresh, in place of the file's of that name.
                match flag_groups.iter().position(|group| group.name == declared.name) {
                    Some(index) => flag_groups.remove(index),
                    None => declared,
                }
            })
            .collect();
        // Options that declare one name twice stay twice, and are refused as such.
        groups.extend(flag_groups);
        let filters = |flags: Vec<NameFilter>, file| if flags.is_empty() { file } else { flags };
        Settings {
            config_file,
            events: either(flags.events, file.events, Vec::new()),
            maintenance: either(flags.maintenance, file.maintenance, Vec::new()),
            input_format: flags.input_format.or(file.input_format),
            threads: flags.threads,
            max_record_size: either(
                flags.max_record_size,
                file.max_record_size,
                DEFAULT_MAX_RECORD_BYTES,
            ),
            delimiter: either(flags.delimiter, file.delimiter, b','),
            keep_going: either(flags.keep_going, file.keep_going, false),
            field_columns: file.field_columns.into_iter().chain(flags.field_columns).collect(),
            status_map: file.status_map.into_iter().chain(flags.status_map).collect(),
            slo: either(flags.slo, file.slo, DEFAULT_SLO_PERCENT),
            tz: either(flags.tz, file.tz, Tz::UTC),
            weights,
            initial_status: either(flags.initial_status, file.initial_status, Status::Operational),
            granularity: optional(flags.granularity, file.granularity),
            min_incident: optional(flags.min_incident, file.min_incident),
            period: optional(flags.period, file.period),
            contracts: optional(flags.contracts, file.contracts),
            time_format: either(flags.time_format, file.time_format, TimeFormat::Auto),
            stale_after: either(flags.stale_after, file.stale_after, DEFAULT_STALE_AFTER_MS),
            strict: either(flags.strict, file.strict, false),
            subjects: SubjectDecls {
                groups,
                services: file.services,
                include: filters(flags.include, file.include),
                exclude: filters(flags.exclude, file.exclude),
            },
        }
    }

    /// How the files' columns and values map onto fields and statuses.
    pub fn mapping(&self) -> Mapping {
        Mapping {
            columns: self.field_columns.iter().map(|setting| setting.value.clone()).collect(),
            statuses: self.status_map.iter().map(|setting| setting.value.clone()).collect(),
        }
    }

    /// The weights in force.
    pub fn weights(&self) -> Weights {
        let mut weights = Weights::default();
        for (status, setting) in &self.weights {
            weights.set(*status, setting.value);
        }
        weights
    }

    /// How subjects are measured unless they say otherwise.
    pub fn policy(&self) -> Policy {
        Policy {
            slo_percent: self.slo.value,
            counting: CountingRules {
                initial_status: self.initial_status.value,
                weights: self.weights(),
                slot_ms: self.granularity.value,
                min_incident_ms: self.min_incident.value,
            },
        }
    }

    /// Every setting in force, with where it came from: what `nines config` shows.
    pub fn report(&self) -> ConfigReport {
        let mut settings = Vec::new();
        let mut add = |setting: &str, value: String, origin: &Origin| {
            settings.push(EffectiveSetting {
                setting: setting.to_owned(),
                value,
                origin: origin.place(),
            });
        };
        let sources = |sources: &[Source]| {
            let names: Vec<String> = sources.iter().map(Source::name).collect();
            format!("[{}]", names.join(", "))
        };
        let events = if self.events.value.is_empty() {
            "stdin".to_owned()
        } else {
            sources(&self.events.value)
        };
        add("events", events, &self.events.origin);
        add("maintenance", sources(&self.maintenance.value), &self.maintenance.origin);
        if let Some(format) = &self.input_format {
            add("input_format", format.value.name().to_owned(), &format.origin);
        }
        let size = values::size_text(self.max_record_size.value);
        add("max_record_size", size, &self.max_record_size.origin);
        let delimiter = match self.delimiter.value {
            b'\t' => "tab".to_owned(),
            byte => char::from(byte).to_string(),
        };
        add("delimiter", delimiter, &self.delimiter.origin);
        add("keep_going", self.keep_going.value.to_string(), &self.keep_going.origin);
        for Setting { value: (field, column), origin } in &self.field_columns {
            add(&format!("fields.{field}"), column.clone(), origin);
        }
        for Setting { value: (text, status), origin } in &self.status_map {
            let key = format!("status_map.{}", crate::toml_reader::path_key(text));
            add(&key, status.to_string(), origin);
        }
        add("slo", self.slo.value.normalize().to_string(), &self.slo.origin);
        add("tz", self.tz.value.name().to_owned(), &self.tz.origin);
        for (status, weight) in &self.weights {
            add(&format!("weights.{status}"), weight.value.normalize().to_string(), &weight.origin);
        }
        add("initial_status", self.initial_status.value.to_string(), &self.initial_status.origin);
        let duration = |ms: Option<i64>| ms.map_or_else(|| "none".to_owned(), duration_text);
        add("granularity", duration(self.granularity.value), &self.granularity.origin);
        add("min_incident", duration(self.min_incident.value), &self.min_incident.origin);
        let period = self.period.value.map_or("none", PeriodKind::name);
        add("period", period.to_owned(), &self.period.origin);
        let contracts = self.contracts.value.as_ref();
        let contracts =
            contracts.map_or_else(|| "none".to_owned(), |path| path.display().to_string());
        add("contracts", contracts, &self.contracts.origin);
        add("time_format", self.time_format.value.name().to_owned(), &self.time_format.origin);
        add("stale_after", duration_text(self.stale_after.value), &self.stale_after.origin);
        add("strict", self.strict.value.to_string(), &self.strict.origin);
        for filter in &self.subjects.include {
            add("include", filter.pattern.as_str().to_owned(), &filter.origin);
        }
        for filter in &self.subjects.exclude {
            add("exclude", filter.pattern.as_str().to_owned(), &filter.origin);
        }
        let base = self.weights();
        for service in &self.subjects.services {
            let key = format!("services.{}", crate::toml_reader::path_key(&service.name));
            add(&key, service_text(service, base), &service.origin);
        }
        for group in &self.subjects.groups {
            let key = format!("groups.{}", crate::toml_reader::path_key(&group.name));
            add(&key, group_text(group, base), &group.origin);
        }
        ConfigReport { config_file: self.config_file.clone(), settings }
    }
}

/// A status's weight: an option's own, the option's preset, the file's own, the file's
/// preset, or the default preset, whichever comes first.
fn weight(status: Status, flags: &WeightsLayer, file: &WeightsLayer) -> Setting<Decimal> {
    let own = |layer: &WeightsLayer| {
        layer.overrides.iter().rev().find(|(weighed, _)| *weighed == status).map(|(_, w)| w.clone())
    };
    let preset = |layer: &WeightsLayer| {
        layer.preset.as_ref().map(|preset| {
            Setting::new(Weights::preset(preset.value).get(status), preset.origin.clone())
        })
    };
    own(flags)
        .or_else(|| preset(flags))
        .or_else(|| own(file))
        .or_else(|| preset(file))
        .unwrap_or_else(|| Setting::default(Weights::default().get(status)))
}

/// `name "Public API", slo 99.9, weights …, ignored`.
fn service_text(service: &ServiceDecl, base: Weights) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &service.display_name {
        parts.push(format!("name {}", shown(name)));
    }
    parts.extend(objective_and_weights(service.slo, &service.weights, base));
    if service.ignore {
        parts.push("ignored".to_owned());
    }
    if parts.is_empty() { "as by default".to_owned() } else { parts.join(", ") }
}

/// `all of [api, web], slo 99.9`, `2 of [db-1, db-2, db-3]`.
fn group_text(group: &GroupDecl, base: Weights) -> String {
    let members: Vec<&str> = group.members.iter().map(|member| member.pattern.as_str()).collect();
    let members = format!("[{}]", members.join(", "));
    let mode = match group.mode {
        GroupMode::KOfN(k) => format!("{k} of {members}"),
        mode => format!("{} of {members}", mode.name()),
    };
    let mut parts = vec![mode];
    if let Some(name) = &group.display_name {
        parts.push(format!("name {}", shown(name)));
    }
    parts.extend(objective_and_weights(group.slo, &group.weights, base));
    parts.join(", ")
}

fn objective_and_weights(
    slo: Option<Decimal>,
    weights: &WeightsDecl,
    base: Weights,
) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(slo) = slo {
        parts.push(format!("slo {}", slo.normalize()));
    }
    if *weights != WeightsDecl::default() {
        let weights = weights.apply(base);
        let text: Vec<String> = Weights::counted_statuses()
            .map(|status| format!("{status} {}", weights.get(status).normalize()))
            .collect();
        parts.push(format!("weights {}", text.join(", ")));
    }
    parts
}

/// The settings in force, for `nines config`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigReport {
    /// The config file read, as its path was given or found; null when none was.
    pub config_file: Option<String>,
    /// Every setting in force, in the config file's order of keys.
    pub settings: Vec<EffectiveSetting>,
}

/// One setting in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EffectiveSetting {
    /// The setting, named as the config file's key: `slo`, `weights.degraded_performance`,
    /// `groups.platform`.
    pub setting: String,
    /// Its value, as text.
    pub value: String,
    /// Where it came from: an option like `--slo`, `command line` for the files named there, a
    /// line of the config file like `nines.toml:4`, or `default`.
    pub origin: String,
}
