//! The command line: clap's types end here, turned into a validated [`Request`].

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use crate::availability::Policy;
use crate::budget::{BudgetRequest, NominalPeriods, Per, ZonedPeriod};
use crate::burn::{AlertOverride, BurnRequest};
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::input::{InputFormat, Source};
use crate::options::{
    Action, CreditOutput, CreditsRequest, Options, Request, parse_downtime, parse_slo, parse_zone,
};
use crate::output::OutputFormat;
use crate::status::{Status, WeightOverride, WeightPreset, Weights};
use crate::time::{
    DateOnly, EXPECTED_DURATION, EXPECTED_TIMESTAMP, Timestamp, UnixMs, duration_ms,
    parse_timestamp,
};
use crate::timeline::CountingRules;

/// Turns service status logs into availability, error budgets and SLO verdicts.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Availability, weighted downtime and error budget per service.
    Report {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// Also measure each calendar period in --tz: day, week (ISO, Monday first), month,
        /// quarter or year.
        #[arg(help_heading = "Output", long, value_name = "PERIOD", value_parser = clap::value_parser!(PeriodKind))]
        period: Option<PeriodKind>,
        /// Output format.
        #[arg(help_heading = "Output", long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Exit 1 when any service misses the SLO, 0 when all meet it (2 on bad input).
    Check {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// Judge each calendar period in --tz (day, week, month, quarter or year): fail when
        /// any service misses the SLO in any of them.
        #[arg(help_heading = "Output", long, value_name = "PERIOD", value_parser = clap::value_parser!(PeriodKind))]
        period: Option<PeriodKind>,
        /// Judge SLA contracts instead: fail when any credit is owed.
        #[arg(help_heading = "Contracts", long, value_name = "FILE", conflicts_with = "period")]
        contracts: Option<PathBuf>,
    },
    /// Multiwindow burn-rate alerts at an instant; exit 1 when one that pages (P1, P2) fires.
    Burn {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// The instant the windows end at. Default: the end of the window: --to, a calendar
        /// window, now with --last, or the latest event.
        #[arg(
            help_heading = "Alerts",
            long,
            value_name = "TIME",
            allow_hyphen_values = true,
            conflicts_with_all = ["from", "to", "last", "now", "calendar"]
        )]
        at: Option<String>,
        /// Replace one level's rule: LEVEL=LONG,SHORT,RATE, e.g. P2=6h,30m,6. Repeatable.
        /// Default: P1=1h,5m,14.4 P2=6h,30m,6 P3=3d,6h,1.
        #[arg(help_heading = "Alerts", long = "alert", value_name = "RULE", value_parser = clap::value_parser!(AlertOverride))]
        alerts: Vec<AlertOverride>,
        /// Output format.
        #[arg(help_heading = "Output", long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// SLA credits per customer and calendar month, from a contracts file.
    #[command(after_help = "Months are named by --month, --quarter or --year, or are those whose \
dates --from and --to cover (read in --tz); each is measured in each customer's own time zone, \
cut to its contract term and to now. --day and --week are refused, and so is --slo: each \
contract sets its own.

Examples:
  nines credits events.csv --contracts contracts.toml --month 2026-10
  nines credits events.csv --contracts contracts.toml --month 2026-10 --explain
  nines credits events.csv --contracts contracts.toml --quarter 2026-Q4 --format csv")]
    Credits {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// The contracts: customers, the services they cover, fees and credit schedules (TOML).
        #[arg(help_heading = "Contracts", long, value_name = "FILE")]
        contracts: PathBuf,
        /// Show how each credit was computed, step by step.
        #[arg(help_heading = "Output", long, conflicts_with = "format")]
        explain: bool,
        /// Output format.
        #[arg(help_heading = "Output", long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// The merged intervals per service behind every number: the audit trail.
    Timeline {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// Output format.
        #[arg(help_heading = "Output", long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// The downtime objectives allow, or the availability a downtime leaves: no events needed.
    ///
    /// The downtime each objective allows per day, week, month, quarter and year (a year of
    /// 365.2425 days, a month a twelfth of it), and with --calendar in one calendar period; or,
    /// with --downtime, the availability that much downtime leaves.
    #[command(after_help = "Examples:
  nines budget 99.5 99.9                                   per day, week, month, quarter, year
  nines budget 99.9 --calendar 2026-10 --tz Europe/Berlin  also in October 2026, in Berlin
  nines budget --downtime 3h --per month                   the availability 3h a month leaves")]
    Budget {
        #[command(flatten)]
        question: BudgetArgs,
        /// Output format.
        #[arg(help_heading = "Output", long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

impl Command {
    /// What to do, validated.
    pub fn into_request(self) -> Result<Request, String> {
        let (action, inputs, period) = match self {
            Command::Report { inputs, format, period } => {
                (Action::Report(format.into()), inputs, period)
            }
            Command::Timeline { inputs, format } => (Action::Timeline(format.into()), inputs, None),
            Command::Check { inputs, period, contracts: None } => (Action::Check, inputs, period),
            Command::Check { inputs, contracts: Some(contracts), .. } => {
                return settle(inputs, CreditsRequest { contracts, output: CreditOutput::Check });
            }
            Command::Credits { inputs, contracts, explain, format } => {
                let output = if explain {
                    CreditOutput::Explain
                } else {
                    CreditOutput::Report(format.into())
                };
                return settle(inputs, CreditsRequest { contracts, output });
            }
            Command::Burn { inputs, at, alerts, format } => {
                if inputs.window.from.is_some() {
                    return Err(
                        "--from has no effect on burn: its windows end at --at, or at the \
                                end of the window (--to, a calendar window, now with --last, or \
                                the latest event)"
                            .to_owned(),
                    );
                }
                if inputs.slo == Some(Decimal::ONE_HUNDRED) {
                    return Err("burn needs an SLO below 100%: at 100% there is no error budget \
                                to burn, and any downtime misses the objective (use check)"
                        .to_owned());
                }
                let at = at.map(|at| parse_time("--at", &at, inputs.tz)).transpose()?;
                (Action::Burn(BurnRequest::new(at, &alerts), format.into()), inputs, None)
            }
            Command::Budget { question, format } => {
                return Ok(Request::Budget(question.into_budget_request()?, format.into()));
            }
        };
        Ok(Request::Measure(action, Box::new(inputs.into_options(period, false)?)))
    }
}

/// The request to settle contracts: credits settle months up to now, whatever window names
/// them, and each contract sets its own objective.
fn settle(inputs: MeasureArgs, request: CreditsRequest) -> Result<Request, String> {
    if inputs.slo.is_some() {
        return Err(
            "--slo has no effect with --contracts: each contract sets its own slo".to_owned()
        );
    }
    Ok(Request::Credits(request, Box::new(inputs.into_options(None, true)?)))
}

/// The objective when none is given.
const DEFAULT_SLO_PERCENT: Decimal = Decimal::from_parts(995, 0, 0, false, 1);

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
}

impl From<FormatArg> for OutputFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Table => OutputFormat::Table,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Markdown => OutputFormat::Markdown,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl From<PeriodArg> for PeriodKind {
    fn from(period: PeriodArg) -> Self {
        match period {
            PeriodArg::Day => PeriodKind::Day,
            PeriodArg::Week => PeriodKind::Week,
            PeriodArg::Month => PeriodKind::Month,
            PeriodArg::Quarter => PeriodKind::Quarter,
            PeriodArg::Year => PeriodKind::Year,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum WeightsArg {
    /// degraded_performance 0.1, partial_outage 0.3, major_outage 1.
    Default,
    /// Statuspage's: degraded_performance 0, partial_outage 0.3, major_outage 1.
    Statuspage,
    /// Down or up: degraded_performance 0, partial_outage 1, major_outage 1.
    Binary,
}

impl From<WeightsArg> for WeightPreset {
    fn from(preset: WeightsArg) -> Self {
        match preset {
            WeightsArg::Default => WeightPreset::Default,
            WeightsArg::Statuspage => WeightPreset::Statuspage,
            WeightsArg::Binary => WeightPreset::Binary,
        }
    }
}

/// The inputs and measurement options every command shares.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Event files: CSV, JSON or NDJSON with timestamp, service and status. `-` reads stdin,
    /// as does giving none when stdin is not a terminal.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Format of the event files, when their names don't say it: csv, json or ndjson.
    #[arg(long, value_name = "FORMAT", value_parser = clap::value_parser!(InputFormat))]
    input_format: Option<InputFormat>,

    /// Announced maintenance windows (start, end, service; empty or * for all). Repeatable.
    #[arg(long, value_name = "FILE")]
    maintenance: Vec<PathBuf>,

    #[command(flatten, next_help_heading = "Window")]
    window: WindowArgs,

    /// IANA time zone for timestamps and dates written without an offset, and for calendar
    /// periods.
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = parse_zone)]
    tz: Tz,

    /// The availability objective in percent [default: 99.5]; with contracts, each sets its own.
    #[arg(help_heading = "Measurement", long, value_name = "PERCENT", value_parser = parse_slo)]
    slo: Option<Decimal>,

    /// Weight preset: the share of time in each status that is downtime.
    #[arg(help_heading = "Measurement", long, value_enum, value_name = "PRESET", default_value_t = WeightsArg::Default)]
    weights: WeightsArg,

    /// Override one status's weight (0 to 1), e.g. degraded_performance=0.25. Repeatable.
    #[arg(help_heading = "Measurement", long = "weight", value_name = "STATUS=W", value_parser = clap::value_parser!(WeightOverride))]
    weight_overrides: Vec<WeightOverride>,

    /// The status of a service before its first event.
    #[arg(help_heading = "Measurement", long, value_name = "STATUS", default_value = "operational", value_parser = clap::value_parser!(Status))]
    initial_status: Status,

    /// Count time in slots of this length aligned to the epoch (1m, 5m): a slot takes the
    /// worst status seen in its counted part.
    #[arg(help_heading = "Measurement", long, value_name = "DURATION", value_parser = parse_positive_duration)]
    granularity: Option<i64>,

    /// Incidents shorter than this count as operational (e.g. 1m).
    #[arg(help_heading = "Measurement", long, value_name = "DURATION", value_parser = parse_duration)]
    min_incident: Option<i64>,
}

/// Which window to measure: explicit bounds, a rolling span, or one calendar period.
#[derive(Debug, Args)]
struct WindowArgs {
    /// Start of the window (inclusive): a timestamp or a date. Default: the earliest event.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    from: Option<String>,

    /// End of the window (exclusive): a timestamp or a date. Default: the latest event.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    to: Option<String>,

    /// The window of this length (30d, 12h) ending at --to, or at now.
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, conflicts_with = "from")]
    last: Option<i64>,

    /// The present, for --last and the calendar windows: a timestamp or a date. Default: the
    /// clock.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,

    #[command(flatten)]
    calendar: CalendarArgs,
}

/// One calendar period as the window; at most one, and not with other bounds.
#[derive(Debug, Args)]
#[group(id = "calendar", multiple = false, conflicts_with_all = ["from", "to", "last"])]
struct CalendarArgs {
    /// The window is this day in --tz, e.g. 2026-10-25.
    #[arg(long, value_name = "DATE")]
    day: Option<String>,

    /// The window is this ISO week (Monday first) in --tz, e.g. 2026-W43.
    #[arg(long, value_name = "YYYY-Www")]
    week: Option<String>,

    /// The window is this month in --tz, e.g. 2026-10.
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,

    /// The window is this quarter in --tz, e.g. 2026-Q4.
    #[arg(long, value_name = "YYYY-Qn")]
    quarter: Option<String>,

    /// The window is this year in --tz, e.g. 2026.
    #[arg(long, value_name = "YYYY")]
    year: Option<String>,
}

impl CalendarArgs {
    /// The calendar period asked for, if any.
    fn period(&self) -> Result<Option<CalendarPeriod>, String> {
        let asked = [
            (PeriodKind::Day, &self.day),
            (PeriodKind::Week, &self.week),
            (PeriodKind::Month, &self.month),
            (PeriodKind::Quarter, &self.quarter),
            (PeriodKind::Year, &self.year),
        ];
        let Some((kind, Some(text))) = asked.into_iter().find(|(_, text)| text.is_some()) else {
            return Ok(None);
        };
        CalendarPeriod::parse(kind, text)
            .map(Some)
            .map_err(|reason| format!("--{kind} {text:?}: {reason} (expected {})", kind.example()))
    }
}

/// The window the options ask for.
struct AskedWindow {
    /// Its bounds, where the options set them; the rest default to the events' span.
    from: Option<UnixMs>,
    to: Option<UnixMs>,
    /// The calendar period it is, if one was named.
    calendar: Option<CalendarPeriod>,
    /// The present: `--now`, or the clock.
    now: UnixMs,
}

impl WindowArgs {
    /// `settles_months`: the window names months, each settled in its own zone up to now.
    fn resolve(&self, zone: Tz, settles_months: bool) -> Result<AskedWindow, String> {
        let parse = |flag: &str, text: &Option<String>| {
            text.as_deref().map(|text| parse_time(flag, text, zone)).transpose()
        };
        let from = parse("--from", &self.from)?;
        let to = parse("--to", &self.to)?;
        let pinned_now = parse("--now", &self.now)?;
        let now = pinned_now.unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
        let calendar = self.calendar.period()?;
        let uses_now =
            settles_months || calendar.is_some() || (self.last.is_some() && to.is_none());
        if pinned_now.is_some() && !uses_now {
            eprintln!(
                "warning: --now has no effect here: it is the end of --last without --to, and \
                 the present for the calendar windows (--day, --week, --month, --quarter, --year)"
            );
        }
        let asked = |from, to| AskedWindow { from, to, calendar, now };
        if let Some(length) = self.last {
            let end = to.unwrap_or(now);
            return Ok(asked(Some(end.saturating_sub(length)), Some(end)));
        }
        let Some(period) = calendar.filter(|_| !settles_months) else {
            return Ok(asked(from, to));
        };
        let span = period
            .span(zone)
            .map_err(|reason| format!("--{} {period}: {reason}", period.kind()))?;
        if span.from >= now {
            return Err(format!(
                "--{} {period} has not begun: it starts at {}, and now is {}",
                period.kind(),
                Timestamp(span.from).in_zone(zone),
                Timestamp(now).in_zone(zone)
            ));
        }
        // A period still under way is measured up to now, not extrapolated.
        Ok(asked(Some(span.from), Some(span.to.min(now))))
    }
}

/// Reads the instant an option names: a timestamp, or a date meaning its first instant.
fn parse_time(flag: &str, text: &str, zone: Tz) -> Result<UnixMs, String> {
    parse_timestamp(text.as_bytes(), zone, DateOnly::Allowed).map_err(|reason| {
        format!(
            "{flag} {text:?}: {reason} (expected a date like 2026-10-01, or {EXPECTED_TIMESTAMP})"
        )
    })
}

fn parse_duration(text: &str) -> Result<i64, String> {
    duration_ms(text).map_err(|reason| format!("{reason} (expected {EXPECTED_DURATION})"))
}

fn parse_positive_duration(text: &str) -> Result<i64, String> {
    match parse_duration(text)? {
        0 => Err("must be at least 1ms".to_owned()),
        ms => Ok(ms),
    }
}

impl MeasureArgs {
    /// Checks what clap could not check alone and builds the options.
    fn into_options(
        self,
        period: Option<PeriodKind>,
        settles_months: bool,
    ) -> Result<Options, String> {
        let mut weights = Weights::preset(self.weights.into());
        for WeightOverride { status, weight } in self.weight_overrides {
            weights.set(status, weight);
        }
        let AskedWindow { from, to, calendar, now } =
            self.window.resolve(self.tz, settles_months)?;
        let events = if self.files.is_empty() {
            if std::io::stdin().is_terminal() {
                return Err("no input: name event files, or pipe events into stdin".to_owned());
            }
            vec![Source::Stdin]
        } else {
            self.files.iter().map(|path| Source::from_arg(path)).collect()
        };
        let maintenance: Vec<Source> =
            self.maintenance.iter().map(|path| Source::from_arg(path)).collect();
        let stdin_uses = events.iter().chain(&maintenance).filter(|s| **s == Source::Stdin).count();
        if stdin_uses > 1 {
            return Err("stdin (-) can be read only once".to_owned());
        }
        Ok(Options {
            events,
            maintenance,
            input_format: self.input_format,
            from,
            to,
            zone: self.tz,
            policy: Policy {
                slo_percent: self.slo.unwrap_or(DEFAULT_SLO_PERCENT),
                counting: CountingRules {
                    initial_status: self.initial_status,
                    weights,
                    slot_ms: self.granularity,
                    min_incident_ms: self.min_incident,
                },
            },
            period,
            calendar,
            now,
        })
    }
}

/// What `nines budget` is asked: objectives, or a downtime.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Objectives in percent, e.g. 99.5 99.9: each gets the downtime it allows.
    #[arg(value_name = "SLO", value_parser = parse_slo, allow_negative_numbers = true, conflicts_with = "downtime")]
    objectives: Vec<Decimal>,

    /// Instead of objectives: a downtime, e.g. 3h or 1h 30m, to get the availability it leaves.
    #[arg(long, value_name = "DURATION", value_parser = parse_downtime, allow_hyphen_values = true)]
    downtime: Option<Decimal>,

    /// The nominal period the downtime is per.
    #[arg(long, value_enum, value_name = "PERIOD", conflicts_with = "calendar")]
    per: Option<PeriodArg>,

    /// One calendar period, exactly: a year (2026), quarter (2026-Q4), month (2026-10), ISO
    /// week (2026-W43) or day (2026-10-25).
    #[arg(long, value_name = "PERIOD", value_parser = CalendarPeriod::parse_any)]
    calendar: Option<CalendarPeriod>,

    /// IANA time zone the calendar period's days begin in (default UTC).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    tz: Option<Tz>,

    /// Nominal months of this many days (28 to 31) and quarters of three of them. Default: a
    /// twelfth of a 365.2425-day year. The year is 365.2425 days either way.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(28..=31))]
    month_days: Option<u32>,
}

impl BudgetArgs {
    /// Checks the combinations clap cannot say clearly and builds the request.
    fn into_budget_request(self) -> Result<BudgetRequest, String> {
        if self.tz.is_some() && self.calendar.is_none() {
            return Err("--tz applies only to --calendar, whose days begin at midnight in it; \
                        nominal periods have no time zone"
                .to_owned());
        }
        let calendar =
            self.calendar.map(|period| ZonedPeriod { period, zone: self.tz.unwrap_or(Tz::UTC) });
        let periods =
            self.month_days.map_or(NominalPeriods::GregorianAverage, NominalPeriods::MonthDays);
        match (self.downtime, self.per) {
            (Some(downtime_seconds), per) => {
                // clap keeps --per and --calendar apart.
                let per = match (per, calendar) {
                    (Some(kind), _) => Per::Nominal(kind.into(), periods),
                    (None, Some(calendar)) => Per::Calendar(calendar),
                    (None, None) => {
                        return Err("--downtime needs what it is per: --per \
                                    day|week|month|quarter|year, or --calendar PERIOD"
                            .to_owned());
                    }
                };
                Ok(BudgetRequest::Availability { downtime_seconds, per })
            }
            (None, Some(_)) => Err("--per applies only to --downtime; objectives get the \
                                    downtime they allow for every period"
                .to_owned()),
            (None, None) if self.objectives.is_empty() => Err("nothing to compute: give \
                objectives (nines budget 99.5 99.9), or --downtime with --per or --calendar"
                .to_owned()),
            (None, None) => {
                Ok(BudgetRequest::Budgets { objectives: self.objectives, periods, calendar })
            }
        }
    }
}

/// A usage error as one line, like every other error: clap's message with its details (the
/// possible values, a tip, the conflicting options) but without the usage and the pointer to
/// --help that follow it.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let mut lines = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.is_empty());
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let details: Vec<&str> =
        lines.map(|line| line.trim_start_matches('[').trim_end_matches(']')).collect();
    match details.as_slice() {
        [] => first.to_owned(),
        _ if first.ends_with(':') => format!("{first} {}", details.join(", ")),
        _ => format!("{first} ({})", details.join("; ")),
    }
}
