//! The project's config file, `nines.toml`: what a team would otherwise repeat on every
//! command line (inputs, objective, zone, weights, counting rules, periods, contracts), its
//! services' own settings and its groups. Found in the current directory or the nearest
//! parent that has one, or named with `--config`.

use std::path::{Path, PathBuf};

use toml::de::DeValue;

use crate::calendar::PeriodKind;
use crate::contracts::{EXPECTED_WEIGHTS, weight_table};
use crate::error::Error;
use crate::input::{FIELD_NAMES, Source};
use crate::settings::{Layer, Setting, WeightsLayer};
use crate::status::{EXPECTED_STATUSES, Status, WeightPreset};
use crate::subject::{GroupDecl, GroupMode, MemberDecl, NameFilter, ServiceDecl, WeightsDecl};
use crate::time::{EXPECTED_DURATION, TimeFormat, duration_ms};
use crate::toml_reader::{self, FileError, Item, Reader, Table};
use crate::values::{self, EXPECTED_DELIMITER, EXPECTED_OBJECTIVE, EXPECTED_SIZE, EXPECTED_ZONE};

/// The config file's name.
pub const FILE_NAME: &str = "nines.toml";

/// Which config file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `nines.toml`, from the current directory up.
    Nearest,
    /// This file (`--config FILE`).
    File(PathBuf),
    /// None (`--no-config`).
    Ignored,
}

/// The config file chosen, read: its path as given or found, and what it says. Paths in it are
/// relative to its folder.
pub fn load(choice: &ConfigChoice) -> Result<Option<(String, Layer)>, Error> {
    let path = match choice {
        ConfigChoice::Ignored => return Ok(None),
        ConfigChoice::File(path) => path.clone(),
        ConfigChoice::Nearest => match nearest(Path::new(".")) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|error| Error::Read {
        what: "the config file",
        path: name.clone(),
        error,
    })?;
    let folder = path.parent().unwrap_or(Path::new("")).to_owned();
    let layer = parse(&text, &name, &folder)?;
    Ok(Some((name, layer)))
}

/// The nearest `nines.toml` from `start` up, as a path relative to it (`nines.toml`,
/// `../nines.toml`), so that messages stay short.
fn nearest(start: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(start).ok()?;
    let mut relative = PathBuf::new();
    for folder in absolute.ancestors() {
        if folder.join(FILE_NAME).is_file() {
            return Some(relative.join(FILE_NAME));
        }
        relative.push("..");
    }
    None
}

const KEYS: [&str; 23] = [
    "events",
    "maintenance",
    "slo",
    "tz",
    "weights",
    "initial_status",
    "granularity",
    "min_incident",
    "period",
    "contracts",
    "include",
    "exclude",
    "services",
    "groups",
    "input_format",
    "max_record_size",
    "delimiter",
    "keep_going",
    "fields",
    "status_map",
    "time_format",
    "stale_after",
    "strict",
];
const SERVICE_KEYS: [&str; 4] = ["name", "slo", "weights", "ignore"];
const GROUP_KEYS: [&str; 6] = ["mode", "k", "members", "name", "slo", "weights"];

const EXPECTED_PATHS: &str =
    "a list of paths or globs, relative to the config file, like [\"events/*.csv\"]";
const EXPECTED_PATH: &str = "a path or a glob relative to the config file, like \"events.csv\"";
const EXPECTED_GLOBS: &str = "a list of globs over service and group names, like [\"api-*\"]";
const EXPECTED_GLOB: &str = "a glob over service and group names, like \"api-*\"";
const EXPECTED_WEIGHTS_SETTING: &str = "a preset (\"default\", \"statuspage\" or \"binary\"), or \
    a table like { degraded_performance = \"0.2\" }";
const EXPECTED_PERIOD: &str = "\"day\", \"week\", \"month\", \"quarter\" or \"year\"";
const EXPECTED_SERVICE_TABLE: &str = "a table like [services.api] with name, slo or weights";
const EXPECTED_GROUP_TABLE: &str =
    "a table like [groups.platform] with mode = \"all\" and members = [\"api\", \"web\"]";
const EXPECTED_MEMBERS: &str =
    "a list of services, groups or globs over service names, like [\"api\", \"db-*\"]";
const EXPECTED_MEMBER: &str = "a service's or group's name, or a glob like \"db-*\"";
const EXPECTED_DISPLAY_NAME: &str = "the name to show, like \"Public API\"";
const EXPECTED_K: &str = "how many members must work, like 2";

const PRESETS: [(&str, WeightPreset); 3] = [
    ("default", WeightPreset::Default),
    ("statuspage", WeightPreset::Statuspage),
    ("binary", WeightPreset::Binary),
];

const TIME_FORMATS: [(&str, TimeFormat); 4] = [
    ("auto", TimeFormat::Auto),
    ("unix", TimeFormat::Unix),
    ("unix_ms", TimeFormat::UnixMs),
    ("rfc3339", TimeFormat::Rfc3339),
];

/// The modes by name; `k_of_n` is given its `k` afterwards.
const MODES: [(&str, GroupMode); 3] =
    [("all", GroupMode::All), ("any", GroupMode::Any), ("k_of_n", GroupMode::KOfN(0))];

/// Reads a config file's `text`; `file` names it in errors, and its paths are relative to
/// `folder`.
pub fn parse(text: &str, file: &str, folder: &Path) -> Result<Layer, FileError> {
    let document = toml_reader::parse(text, file, |place| {
        let table = place.header.map(|(_, header)| header.trim_matches(['[', ']', ' ']));
        let field = match (table, &place.key) {
            (Some(table), Some(key)) => Some(format!("{table}.{key}")),
            (None, key) => key.clone(),
            (Some(table), None) => Some(table.to_owned()),
        };
        (None, field)
    })?;
    let reader = Reader { file, text, context: None };
    let root = Table::root(&document);
    root.reject_unknown(&reader, &KEYS)?;
    let mut layer = Layer::default();
    for (key, item) in root.items() {
        match key {
            "events" => {
                layer.events = Some(set_at(&reader, &item, sources(&reader, &item, folder)?))
            }
            "maintenance" => {
                layer.maintenance = Some(set_at(&reader, &item, sources(&reader, &item, folder)?));
            }
            "input_format" => {
                let expected = "\"csv\", \"json\", \"ndjson\" or \"incidents\"";
                let format = reader.parsed(&item, expected, |text| {
                    text.parse().map_err(|_| "is not a format nines reads")
                })?;
                layer.input_format = Some(set_at(&reader, &item, format));
            }
            "max_record_size" => {
                // A number of bytes, or a string with a unit.
                let size = match item.value.get_ref() {
                    DeValue::Integer(integer) if integer.radix() == 10 => integer.as_str(),
                    _ => reader.string(&item, EXPECTED_SIZE)?,
                };
                let bytes = values::byte_size(size)
                    .map_err(|complaint| reader.invalid(&item, complaint, EXPECTED_SIZE))?;
                layer.max_record_size = Some(set_at(&reader, &item, bytes));
            }
            "delimiter" => {
                let delimiter = reader.parsed(&item, EXPECTED_DELIMITER, values::delimiter)?;
                layer.delimiter = Some(set_at(&reader, &item, delimiter));
            }
            "slo" => {
                let slo = reader.decimal(&item, EXPECTED_OBJECTIVE, values::objective)?;
                layer.slo = Some(set_at(&reader, &item, slo));
            }
            "tz" => {
                layer.tz =
                    Some(set_at(&reader, &item, reader.parsed(&item, EXPECTED_ZONE, values::zone)?))
            }
            "weights" => layer.weights = weights_layer(&reader, &item)?,
            "initial_status" => {
                let status = reader.parsed(&item, EXPECTED_STATUSES, |text| {
                    Status::parse(text.as_bytes()).ok_or("is not a status")
                })?;
                layer.initial_status = Some(set_at(&reader, &item, status));
            }
            "granularity" => {
                let slot = duration(&reader, &item)?;
                if slot == 0 {
                    return Err(reader.invalid(&item, "is empty", "a duration of at least 1ms"));
                }
                layer.granularity = Some(set_at(&reader, &item, slot));
            }
            "min_incident" => {
                layer.min_incident = Some(set_at(&reader, &item, duration(&reader, &item)?))
            }
            "period" => {
                let period = reader.parsed(&item, EXPECTED_PERIOD, |text| {
                    text.parse::<PeriodKind>().map_err(|_| "is not a calendar period")
                })?;
                layer.period = Some(set_at(&reader, &item, period));
            }
            "contracts" => {
                let path = reader.name(&item, EXPECTED_PATH)?;
                layer.contracts = Some(set_at(&reader, &item, folder.join(path)));
            }
            "time_format" => {
                let format = reader.keyword(&item, &TIME_FORMATS)?;
                layer.time_format = Some(set_at(&reader, &item, format));
            }
            "stale_after" => {
                layer.stale_after = Some(set_at(&reader, &item, duration(&reader, &item)?))
            }
            "keep_going" => layer.keep_going = Some(set_at(&reader, &item, reader.boolean(&item)?)),
            "fields" => layer.field_columns = field_columns(&reader, &item)?,
            "status_map" => layer.status_map = status_map(&reader, &item)?,
            "strict" => layer.strict = Some(set_at(&reader, &item, reader.boolean(&item)?)),
            "include" => layer.include = filters(&reader, &item)?,
            "exclude" => layer.exclude = filters(&reader, &item)?,
            "services" => layer.services = services(&reader, &item)?,
            "groups" => layer.groups = groups(&reader, &item)?,
            _ => unreachable!("the keys are checked above"),
        }
    }
    Ok(layer)
}

/// `value`, set at `item`.
fn set_at<T>(reader: &Reader, item: &Item, value: T) -> Setting<T> {
    Setting::new(value, reader.origin(item))
}

/// A path or a list of them, each a glob relative to `folder` that must match a file.
fn sources(reader: &Reader, item: &Item, folder: &Path) -> Result<Vec<Source>, FileError> {
    let entries = match item.value.get_ref() {
        DeValue::String(_) => vec![item.clone()],
        _ => item.entries(reader, EXPECTED_PATHS)?,
    };
    let mut sources = Vec::new();
    for entry in &entries {
        let pattern = reader.name(entry, EXPECTED_PATH)?;
        let joined = folder.join(pattern);
        let glob = joined.to_str().ok_or_else(|| {
            reader.invalid(entry, "is not a path that can be read as text", EXPECTED_PATH)
        })?;
        let paths = glob::glob(glob).map_err(|error| {
            let complaint = format!("is not a glob: {} at character {}", error.msg, error.pos + 1);
            reader.invalid(entry, &complaint, EXPECTED_PATH)
        })?;
        let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        if matched.is_empty() {
            let complaint =
                format!("matches no file (looked for {:?})", joined.display().to_string());
            return Err(reader.invalid(entry, &complaint, EXPECTED_PATH));
        }
        matched.sort();
        sources.extend(matched.into_iter().map(Source::File));
    }
    Ok(sources)
}

fn duration(reader: &Reader, item: &Item) -> Result<i64, FileError> {
    let text = reader.string(item, EXPECTED_DURATION)?;
    duration_ms(text)
        .map_err(|reason| reader.error_at(item, format!("{reason} (expected {EXPECTED_DURATION})")))
}

/// `weights`: a preset's name, or a table of statuses' weights over the default preset.
fn weights_layer(reader: &Reader, item: &Item) -> Result<WeightsLayer, FileError> {
    let origin = reader.origin(item);
    match item.value.get_ref() {
        DeValue::String(_) => {
            let preset = reader.keyword(item, &PRESETS)?;
            Ok(WeightsLayer { preset: Some(Setting::new(preset, origin)), overrides: Vec::new() })
        }
        DeValue::Table(_) => {
            let table = Table::of(reader, item, EXPECTED_WEIGHTS)?;
            let weights = weight_table(reader, item)?;
            let overrides = weights
                .into_iter()
                .map(|(status, weight)| {
                    // Each weight's own line, for `nines config`.
                    let line = table
                        .items()
                        .into_iter()
                        .find(|(name, _)| Status::parse(name.as_bytes()) == Some(status))
                        .map(|(_, item)| reader.origin(&item))
                        .unwrap_or_else(|| origin.clone());
                    (status, Setting::new(weight, line))
                })
                .collect();
            Ok(WeightsLayer { preset: None, overrides })
        }
        _ => Err(reader.wrong_type(item, EXPECTED_WEIGHTS_SETTING)),
    }
}

/// A declaration's `weights`: a preset, or a table over the weights in force.
fn weights_decl(reader: &Reader, item: &Item) -> Result<WeightsDecl, FileError> {
    let layer = weights_layer(reader, item)?;
    Ok(WeightsDecl {
        preset: layer.preset.map(|preset| preset.value),
        overrides: layer.overrides.into_iter().map(|(status, w)| (status, w.value)).collect(),
    })
}

const EXPECTED_FIELDS: &str = "a table of fields' columns, like { timestamp = \"time\" }";
const EXPECTED_COLUMN: &str = "the column (or JSON key) that holds the field, like \"time\"";
const EXPECTED_STATUS_MAP: &str = "a table of values' statuses, like { P1 = \"major_outage\" }";

/// `[fields]`: the column of each field named.
fn field_columns(
    reader: &Reader,
    item: &Item,
) -> Result<Vec<Setting<(&'static str, String)>>, FileError> {
    let table = Table::of(reader, item, EXPECTED_FIELDS)?;
    table.reject_unknown(reader, &FIELD_NAMES)?;
    let mut columns = Vec::new();
    for (field, item) in table.items() {
        let field = FIELD_NAMES.iter().find(|name| **name == field).copied().unwrap_or_default();
        let column = reader.name(&item, EXPECTED_COLUMN)?;
        columns.push(set_at(reader, &item, (field, column.to_owned())));
    }
    Ok(columns)
}

/// `[status_map]`: the status each value stands for.
fn status_map(reader: &Reader, item: &Item) -> Result<Vec<Setting<(String, Status)>>, FileError> {
    let table = Table::of(reader, item, EXPECTED_STATUS_MAP)?;
    let mut map = Vec::new();
    for (value, item) in table.items() {
        let status = reader.parsed(&item, EXPECTED_STATUSES, |text| {
            Status::parse(text.as_bytes()).ok_or("is not a status")
        })?;
        map.push(set_at(reader, &item, (value.to_owned(), status)));
    }
    Ok(map)
}

/// `include`, `exclude`: globs over subject names.
fn filters(reader: &Reader, item: &Item) -> Result<Vec<NameFilter>, FileError> {
    let entries = match item.value.get_ref() {
        DeValue::String(_) => vec![item.clone()],
        _ => item.entries(reader, EXPECTED_GLOBS)?,
    };
    entries
        .iter()
        .map(|entry| {
            let text = reader.name(entry, EXPECTED_GLOB)?;
            let pattern = glob::Pattern::new(text).map_err(|error| {
                let complaint = format!("is not a glob: {}", error.msg);
                reader.invalid(entry, &complaint, EXPECTED_GLOB)
            })?;
            Ok(NameFilter { pattern, origin: reader.origin(entry) })
        })
        .collect()
}

/// `[services.NAME]` tables.
fn services(reader: &Reader, item: &Item) -> Result<Vec<ServiceDecl>, FileError> {
    let by_name = Table::of(reader, item, EXPECTED_SERVICE_TABLE)?;
    by_name
        .items()
        .into_iter()
        .map(|(name, item)| {
            let table = Table::of(reader, &item, EXPECTED_SERVICE_TABLE)?;
            table.reject_unknown(reader, &SERVICE_KEYS)?;
            let (display_name, slo, weights) = own_settings(reader, &table)?;
            let ignore = table.get("ignore").map(|item| reader.boolean(&item)).transpose()?;
            Ok(ServiceDecl {
                name: name.to_owned(),
                display_name,
                slo,
                weights,
                ignore: ignore.unwrap_or(false),
                origin: reader.origin(&item),
            })
        })
        .collect()
}

/// A service's or group's `name`, `slo` and `weights`.
fn own_settings(
    reader: &Reader,
    table: &Table,
) -> Result<(Option<String>, Option<rust_decimal::Decimal>, WeightsDecl), FileError> {
    let display_name = table
        .get("name")
        .map(|item| reader.name(&item, EXPECTED_DISPLAY_NAME).map(str::to_owned))
        .transpose()?;
    let slo = table
        .get("slo")
        .map(|item| reader.decimal(&item, EXPECTED_OBJECTIVE, values::objective))
        .transpose()?;
    let weights = match table.get("weights") {
        Some(item) => weights_decl(reader, &item)?,
        None => WeightsDecl::default(),
    };
    Ok((display_name, slo, weights))
}

/// `[groups.NAME]` tables, in file order.
fn groups(reader: &Reader, item: &Item) -> Result<Vec<GroupDecl>, FileError> {
    let by_name = Table::of(reader, item, EXPECTED_GROUP_TABLE)?;
    by_name.items().into_iter().map(|(name, item)| group(reader, name, &item)).collect()
}

fn group(reader: &Reader, name: &str, item: &Item) -> Result<GroupDecl, FileError> {
    let table = Table::of(reader, item, EXPECTED_GROUP_TABLE)?;
    table.reject_unknown(reader, &GROUP_KEYS)?;
    let mode_item = table.required(reader, "mode", "\"all\", \"any\" or \"k_of_n\"")?;
    let mode = match (reader.keyword(&mode_item, &MODES)?, table.get("k")) {
        (GroupMode::KOfN(_), Some(k)) => {
            GroupMode::KOfN(reader.whole_number(&k, 0..=u32::MAX, EXPECTED_K)?)
        }
        (GroupMode::KOfN(_), None) => {
            return Err(table.missing(
                reader,
                "k",
                "how many members must work, with mode = \"k_of_n\"",
            ));
        }
        (mode, Some(k)) => {
            let problem = format!(
                "is given for mode {:?}, which needs no k (expected k only with mode = \"k_of_n\")",
                mode.name()
            );
            return Err(reader.error_at(&k, problem));
        }
        (mode, None) => mode,
    };
    let members_item = table.required(reader, "members", EXPECTED_MEMBERS)?;
    let entries = members_item.entries(reader, EXPECTED_MEMBERS)?;
    let members = entries
        .iter()
        .map(|entry| {
            let pattern = reader.name(entry, EXPECTED_MEMBER)?;
            Ok(MemberDecl { pattern: pattern.to_owned(), origin: reader.origin(entry) })
        })
        .collect::<Result<Vec<_>, FileError>>()?;
    let (display_name, slo, weights) = own_settings(reader, &table)?;
    Ok(GroupDecl {
        name: name.to_owned(),
        display_name,
        mode,
        stated_members: None,
        members,
        slo,
        weights,
        origin: reader.origin(item),
    })
}
