//! The plan: what to read, what to measure and how, free of any front end's types. The
//! command line and the config file both feed the settings it is made from; running it is
//! [`crate::execute`]'s job.

use std::fmt;
use std::path::PathBuf;

use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::availability::{Policy, SelectionRequest};
use crate::budget::BudgetRequest;
use crate::burn::{AlertOverride, BurnRequest};
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::error::{Error, Origin, SettingError, Warning, shown};
use crate::input::{InputFormat, Mapping, Source};
use crate::output::OutputFormat;
use crate::output::gate::GateFormat;
use crate::settings::Settings;
use crate::subject::SubjectDecls;
use crate::time::{DateOnly, TimeFormat, Timestamp, UnixMs, parse_timestamp};
use crate::timeline::Window;

/// What to do.
#[derive(Clone, Debug)]
pub enum Request {
    /// Read the events the plan names and produce the action's output from them.
    Measure(Action, Box<Plan>),
    /// Settle SLA contracts on the events the plan names.
    Credits(CreditsRequest, Box<Plan>),
    /// Show the settings in force.
    Config(Box<Settings>, OutputFormat),
    /// Error-budget arithmetic: there are no events to read.
    Budget(BudgetRequest, OutputFormat),
    /// A document about nines itself to write on stdout: completions, a manual page.
    Print(Vec<u8>),
    /// Manual pages to write into a folder: each file's name and its text.
    ManualPages(PathBuf, Vec<(String, Vec<u8>)>),
}

/// What to produce from the events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The availability report, its subjects ordered and cut as asked.
    Report(OutputFormat, SelectionRequest),
    /// The intervals behind the report.
    Timeline(OutputFormat),
    /// A verdict: does every subject meet its objective?
    Check(GateFormat),
    /// Burn-rate alerts at an instant.
    Burn(BurnRequest, GateFormat),
}

/// Which contracts to settle, and what to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditsRequest {
    /// The contracts file (TOML).
    pub contracts: PathBuf,
    pub output: CreditOutput,
}

/// What `credits` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditOutput {
    /// One row per customer and month, and totals per currency.
    Report(OutputFormat),
    /// How each credit was computed, step by step.
    Explain,
    /// A verdict: exit 1 when any credit is owed.
    Check(GateFormat),
}

/// What a command asks for, before the settings are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Report(OutputFormat, SelectionRequest),
    Timeline(OutputFormat),
    Check(GateFormat),
    /// `burn`: the instant as given, and the rules that replace the defaults.
    Burn {
        at: Option<String>,
        alerts: Vec<AlertOverride>,
        format: GateFormat,
    },
    Credits(CreditOutput),
    Config(OutputFormat),
}

/// What to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// Event sources in the order their events are read; none means stdin.
    pub events: Vec<Source>,
    /// Announced maintenance windows.
    pub maintenance: Vec<Source>,
    /// The events' format, when their names do not tell it.
    pub format: Option<InputFormat>,
    /// The longest line, record or JSON document read, in bytes.
    pub max_record_bytes: u64,
    /// The byte between a CSV file's fields.
    pub delimiter: u8,
    /// Whether records that cannot be read are skipped and reported, not an error.
    pub keep_going: bool,
    /// How the files' columns and values map onto fields and statuses.
    pub mapping: Mapping,
    /// How a bare number in a timestamp field is read.
    pub time_format: TimeFormat,
}

/// Everything a command that reads events needs.
#[derive(Clone, Debug)]
pub struct Plan {
    pub inputs: Inputs,
    /// The zone wall-clock timestamps and calendar periods are read in.
    pub zone: Tz,
    /// How subjects are measured unless they say otherwise.
    pub policy: Policy,
    pub subjects: SubjectDecls,
    pub window: WindowPlan,
    /// The calendar periods to measure besides the whole window.
    pub period: Option<PeriodKind>,
    /// The threads to read and measure with.
    pub threads: usize,
    /// How far the window may run past a source's newest event before it is called stale.
    pub stale_after_ms: i64,
    /// Where `--strict` was set, when it applies: the command is a gate (`check`, `burn`),
    /// and any warning makes it fail.
    pub strict: Option<Origin>,
    /// Found while planning.
    pub warnings: Vec<Warning>,
}

/// The window's options as the command line gives them: read once the zone is known, which
/// the config file may set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowFlags {
    pub from: Option<String>,
    pub to: Option<String>,
    /// `--last`, in milliseconds.
    pub last: Option<i64>,
    pub now: Option<String>,
    /// `--day`, `--week`, `--month`, `--quarter` or `--year`, as given.
    pub calendar: Option<(PeriodKind, String)>,
}

/// One end of the window, where the options set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub at: UnixMs,
    pub origin: Origin,
}

/// The window asked for: its ends where the options set them, the rest from the events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowPlan {
    pub from: Option<Bound>,
    pub to: Option<Bound>,
    /// The calendar period it is, if one was named (`--month 2026-10`).
    pub calendar: Option<CalendarPeriod>,
    /// The present: `--now`, or the clock.
    pub now: UnixMs,
}

/// Why no window could be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WindowError {
    #[error("{from_origin} {from} is not before {to_origin} {to}")]
    Reversed { from: Timestamp, from_origin: String, to: Timestamp, to_origin: String },
    #[error(
        "the window from {from} ({from_source}) to {to} ({to_source}) is empty: it must end after \
         it starts"
    )]
    Empty { from: Timestamp, from_source: String, to: Timestamp, to_source: String },
    #[error(
        "the {edge} event ({service} at {at}) would set the window's {}, outside the years {} to \
         {}: a mistyped year? (give --{} to set that end, or correct the event)",
        edge.end(),
        SANE_YEARS.start(),
        SANE_YEARS.end(),
        edge.flag()
    )]
    EventOutOfYears { edge: Edge, at: Timestamp, service: String },
}

/// The years a window taken from the events may reach: an event outside them is surely a
/// mistyped timestamp, and a window stretched to it, or a grid of periods over it, could
/// cost more time and memory than any machine has.
pub const SANE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// An end of the events' span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Earliest,
    Latest,
}

impl Edge {
    /// The end of the window it sets.
    fn end(self) -> &'static str {
        match self {
            Edge::Earliest => "start",
            Edge::Latest => "end",
        }
    }

    /// The option that sets that end instead.
    fn flag(self) -> &'static str {
        match self {
            Edge::Earliest => "from",
            Edge::Latest => "to",
        }
    }
}

impl fmt::Display for Edge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Edge::Earliest => "earliest",
            Edge::Latest => "latest",
        })
    }
}

impl WindowPlan {
    /// The window, its unset ends taken from the events' span: the earliest and the latest
    /// event, if they lie within [`SANE_YEARS`]; `service` names whose event is at an instant.
    pub fn resolve(
        &self,
        (earliest, latest): (UnixMs, UnixMs),
        service: impl Fn(UnixMs) -> String,
    ) -> Result<Window, WindowError> {
        if let (Some(from), Some(to)) = (&self.from, &self.to) {
            if from.at >= to.at {
                return Err(WindowError::Reversed {
                    from: Timestamp(from.at),
                    from_origin: from.origin.place(),
                    to: Timestamp(to.at),
                    to_origin: to.origin.place(),
                });
            }
        }
        let from = self.from.as_ref().map_or(earliest, |bound| bound.at);
        let to = self.to.as_ref().map_or(latest, |bound| bound.at);
        for (bound, edge, at) in
            [(&self.from, Edge::Earliest, earliest), (&self.to, Edge::Latest, latest)]
        {
            if bound.is_none() && !SANE_YEARS.contains(&Timestamp(at).utc_year()) {
                let service = service(at);
                return Err(WindowError::EventOutOfYears { edge, at: Timestamp(at), service });
            }
        }
        if from < to {
            return Ok(Window { from, to });
        }
        let source = |bound: &Option<Bound>, otherwise: &str| {
            bound.as_ref().map_or_else(|| otherwise.to_owned(), |bound| bound.origin.place())
        };
        Err(WindowError::Empty {
            from: Timestamp(from),
            from_source: source(&self.from, "the earliest event"),
            to: Timestamp(to),
            to_source: source(&self.to, "the latest event"),
        })
    }
}

/// Makes the request for `command` from the settings in force and the window's options.
pub fn request(
    command: Command,
    settings: Settings,
    window: &WindowFlags,
) -> Result<Request, Error> {
    let (action, period) = match command {
        Command::Config(format) => return Ok(Request::Config(Box::new(settings), format)),
        Command::Credits(output) => {
            let contracts = settings.contracts.value.clone().ok_or_else(|| SettingError {
                origin: Origin::flag("--contracts"),
                problem: "is missing: name the contracts file, or set contracts = \"FILE\" in \
                          nines.toml"
                    .to_owned(),
            })?;
            let gate = matches!(output, CreditOutput::Check(_));
            let plan = plan(&settings, window, true, None, gate)?;
            if let Some(calendar) = plan.window.calendar {
                if matches!(calendar.kind(), PeriodKind::Day | PeriodKind::Week) {
                    let problem = format!(
                        "credits are settled per calendar month: --{} does not cover whole \
                         months (use --month, --quarter, --year, or --from and --to)",
                        calendar.kind()
                    );
                    return Err(Error::Usage(problem));
                }
            }
            return Ok(Request::Credits(CreditsRequest { contracts, output }, Box::new(plan)));
        }
        Command::Report(format, selection) => {
            (Action::Report(format, selection), settings.period.value)
        }
        Command::Check(format) => (Action::Check(format), settings.period.value),
        Command::Timeline(format) => (Action::Timeline(format), None),
        Command::Burn { at, alerts, format } => {
            if settings.slo.value == Decimal::ONE_HUNDRED {
                return Err(SettingError {
                    origin: settings.slo.origin.clone(),
                    problem: "burn needs an SLO below 100%: at 100% there is no error budget to \
                              burn, and any downtime misses the objective (use check)"
                        .to_owned(),
                }
                .into());
            }
            let (zone, time_format) = (settings.tz.value, settings.time_format.value);
            let at = at.map(|at| parse_time("--at", &at, zone, time_format)).transpose()?;
            (Action::Burn(BurnRequest::new(at, &alerts), format), None)
        }
    };
    let gate = matches!(action, Action::Check(_) | Action::Burn(..));
    Ok(Request::Measure(action, Box::new(plan(&settings, window, false, period, gate)?)))
}

/// `settles_months`: the window names months, each settled in its own zone up to now; `gate`:
/// the command gives a verdict, which `strict` makes fail on any warning.
fn plan(
    settings: &Settings,
    flags: &WindowFlags,
    settles_months: bool,
    period: Option<PeriodKind>,
    gate: bool,
) -> Result<Plan, Error> {
    let mut warnings = Vec::new();
    let zone = settings.tz.value;
    let reading = TimeReading { zone, format: settings.time_format.value };
    // A gate's verdict is dated by the present, so --now always has an effect on it.
    let uses_now = settles_months || gate;
    let window = window_plan(flags, reading, uses_now, settles_months, &mut warnings)?;
    let events = settings.events.value.clone();
    let maintenance = settings.maintenance.value.clone();
    let contracts_on_stdin = settles_months
        && settings.contracts.value.as_ref().is_some_and(|path| path.as_os_str() == "-");
    let stdin = events.iter().chain(&maintenance).filter(|source| **source == Source::Stdin);
    if stdin.count() + usize::from(contracts_on_stdin) > 1 {
        return Err(Error::Usage("stdin (-) can be read only once".to_owned()));
    }
    // No event files means the events come on stdin, which the contracts took.
    if contracts_on_stdin && events.is_empty() {
        return Err(Error::Usage(
            "the contracts come from stdin (--contracts -): name the event files".to_owned(),
        ));
    }
    Ok(Plan {
        inputs: Inputs {
            events,
            maintenance,
            format: settings.input_format.as_ref().map(|format| format.value),
            max_record_bytes: settings.max_record_size.value,
            delimiter: settings.delimiter.value,
            keep_going: settings.keep_going.value,
            mapping: settings.mapping(),
            time_format: settings.time_format.value,
        },
        zone,
        policy: settings.policy(),
        subjects: settings.subjects.clone(),
        window,
        period,
        threads: settings
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
        stale_after_ms: settings.stale_after.value,
        strict: (gate && settings.strict.value).then(|| settings.strict.origin.clone()),
        warnings,
    })
}

/// How the options that name instants are read.
#[derive(Clone, Copy)]
struct TimeReading {
    zone: Tz,
    format: TimeFormat,
}

/// Reads the window's options.
fn window_plan(
    flags: &WindowFlags,
    TimeReading { zone, format }: TimeReading,
    dated: bool,
    settles_months: bool,
    warnings: &mut Vec<Warning>,
) -> Result<WindowPlan, Error> {
    let parse = |flag: &'static str, text: &Option<String>| {
        text.as_deref()
            .map(|text| {
                let at = parse_time(flag, text, zone, format)?;
                Ok::<_, SettingError>(Bound { at, origin: Origin::flag(flag) })
            })
            .transpose()
    };
    let from = parse("--from", &flags.from)?;
    let to = parse("--to", &flags.to)?;
    let pinned_now = parse("--now", &flags.now)?;
    let now =
        pinned_now.as_ref().map_or_else(|| chrono::Utc::now().timestamp_millis(), |now| now.at);
    let calendar = flags
        .calendar
        .as_ref()
        .map(|(kind, text)| {
            CalendarPeriod::parse(*kind, text).map_err(|reason| {
                Error::Usage(format!(
                    "--{kind} {}: {reason} (expected {})",
                    shown(text),
                    kind.example()
                ))
            })
        })
        .transpose()?;
    let uses_now = dated || calendar.is_some() || (flags.last.is_some() && to.is_none());
    if let Some(pinned) = pinned_now.filter(|_| !uses_now) {
        warnings.push(Warning::NowUnused { origin: pinned.origin });
    }
    if let Some(length) = flags.last {
        let (end, origin) = match to {
            Some(to) => (to.at, to.origin),
            None => (now, Origin::flag("--last")),
        };
        return Ok(WindowPlan {
            from: Some(Bound { at: end.saturating_sub(length), origin: Origin::flag("--last") }),
            to: Some(Bound { at: end, origin }),
            calendar,
            now,
        });
    }
    let Some(period) = calendar.filter(|_| !settles_months) else {
        return Ok(WindowPlan { from, to, calendar, now });
    };
    let flag = period.kind().name();
    let span =
        period.span(zone).map_err(|reason| Error::Usage(format!("--{flag} {period}: {reason}")))?;
    if span.from >= now {
        return Err(Error::Usage(format!(
            "--{flag} {period} has not begun: it starts at {}, and now is {}",
            Timestamp(span.from).in_zone(zone),
            Timestamp(now).in_zone(zone)
        )));
    }
    // A period still under way is measured up to now, not extrapolated.
    let origin = Origin::Flag { name: flag_name(period.kind()), value: None };
    Ok(WindowPlan {
        from: Some(Bound { at: span.from, origin: origin.clone() }),
        to: Some(Bound { at: span.to.min(now), origin }),
        calendar,
        now,
    })
}

/// The option that names a calendar period of `kind` as the window.
const fn flag_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Day => "--day",
        PeriodKind::Week => "--week",
        PeriodKind::Month => "--month",
        PeriodKind::Quarter => "--quarter",
        PeriodKind::Year => "--year",
    }
}

/// What an option that names an instant is expected to hold.
const EXPECTED_INSTANT: &str = "a year like 2026, a quarter like 2026-Q4, a month like 2026-10, \
    an ISO week like 2026-W43, a date like 2026-10-01, or a timestamp like 2026-10-01T12:00:00Z";

/// Reads the instant an option names: a timestamp, or a calendar period (a year, quarter,
/// month, ISO week or date) meaning its first instant in `zone`. A bare number is Unix epoch
/// seconds only under `--time-format unix`: otherwise `--from 2026` would silently mean 2026
/// seconds after 1970, so four digits are a year and any other number is refused.
fn parse_time(
    flag: &'static str,
    text: &str,
    zone: Tz,
    format: TimeFormat,
) -> Result<UnixMs, SettingError> {
    let error = |problem: String| SettingError { origin: Origin::flag_with(flag, text), problem };
    let trimmed = text.trim();
    let is_number = trimmed
        .strip_prefix(['-', '+'])
        .unwrap_or(trimmed)
        .bytes()
        .all(|byte| byte.is_ascii_digit() || byte == b'.')
        && trimmed.bytes().any(|byte| byte.is_ascii_digit());
    let is_year = trimmed.len() == 4 && trimmed.bytes().all(|byte| byte.is_ascii_digit());
    let is_period = !trimmed.contains([':', 'T', 't', ' ']) && trimmed.split('-').count() <= 2;
    if is_number && format.epoch_in_options() {
        let unit = if format == TimeFormat::UnixMs { "milliseconds" } else { "seconds" };
        return format
            .number(trimmed.as_bytes())
            .map_err(|reason| error(format!("{reason} (expected Unix epoch {unit})")));
    }
    if is_number && !is_year {
        let as_seconds = TimeFormat::Unix
            .number(trimmed.as_bytes())
            .map(|at| format!(" ({})", Timestamp(at)))
            .unwrap_or_default();
        return Err(error(format!(
            "a bare number: give --time-format unix to read it as Unix epoch \
             seconds{as_seconds}, or give {EXPECTED_INSTANT}"
        )));
    }
    if is_period {
        // A date is read as timestamps are, where a day whose midnight the zone skipped
        // starts at its first instant.
        let period = CalendarPeriod::parse_any(trimmed).map_err(error)?;
        if period.kind() != PeriodKind::Day {
            return period.span(zone).map(|span| span.from).map_err(error);
        }
    }
    parse_timestamp(trimmed.as_bytes(), zone, DateOnly::Allowed, format)
        .map_err(|reason| error(format!("{reason} (expected {EXPECTED_INSTANT})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(at: UnixMs, flag: &'static str) -> Option<Bound> {
        Some(Bound { at, origin: Origin::flag(flag) })
    }

    fn plan(from: Option<Bound>, to: Option<Bound>) -> WindowPlan {
        WindowPlan { from, to, calendar: None, now: 0 }
    }

    #[test]
    fn windows_default_to_the_events_span() {
        assert_eq!(
            plan(None, None).resolve((5, 9), |_| String::new()),
            Ok(Window { from: 5, to: 9 })
        );
        assert_eq!(
            plan(bound(1, "--from"), None).resolve((5, 9), |_| String::new()),
            Ok(Window { from: 1, to: 9 })
        );
        assert!(matches!(
            plan(bound(9, "--from"), bound(9, "--to")).resolve((5, 9), |_| String::new()),
            Err(WindowError::Reversed { .. })
        ));
        let empty = plan(None, None).resolve((5, 5), |_| String::new()).unwrap_err().to_string();
        assert!(empty.contains("(the earliest event)") && empty.contains("(the latest event)"));
        let empty = plan(None, bound(4, "--to"))
            .resolve((5, 9), |_| String::new())
            .unwrap_err()
            .to_string();
        assert!(empty.contains("(the earliest event)") && empty.contains("(--to)"), "{empty}");
    }
}
