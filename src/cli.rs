//! The command line: clap's types end here, turned into validated [`Options`].

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use crate::availability::Policy;
use crate::input::{InputFormat, Source};
use crate::options::{Action, Options, parse_slo, parse_zone};
use crate::output::OutputFormat;
use crate::status::{Status, WeightOverride, WeightPreset, Weights};
use crate::time::{DateOnly, EXPECTED_TIMESTAMP, UnixMs, parse_timestamp};

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
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Exit 1 when any service misses the SLO, 0 when all meet it (2 on bad input).
    Check {
        #[command(flatten)]
        inputs: MeasureArgs,
    },
    /// The merged intervals per service behind every number: the audit trail.
    Timeline {
        #[command(flatten)]
        inputs: MeasureArgs,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

impl Command {
    /// What to do, and the validated options to do it with.
    pub fn into_action(self) -> Result<(Action, Options), String> {
        let (action, inputs) = match self {
            Command::Report { inputs, format } => (Action::Report(format.into()), inputs),
            Command::Timeline { inputs, format } => (Action::Timeline(format.into()), inputs),
            Command::Check { inputs } => (Action::Check, inputs),
        };
        Ok((action, inputs.into_options()?))
    }
}

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

    /// Start of the window (inclusive): a timestamp or a date. Default: the earliest event.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    from: Option<String>,

    /// End of the window (exclusive): a timestamp or a date. Default: the latest event.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    to: Option<String>,

    /// IANA time zone for timestamps and dates written without an offset.
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = parse_zone)]
    tz: Tz,

    /// The availability objective in percent.
    #[arg(long, value_name = "PERCENT", default_value = "99.5", value_parser = parse_slo)]
    slo: Decimal,

    /// Weight preset: the share of time in each status that is downtime.
    #[arg(long, value_enum, value_name = "PRESET", default_value_t = WeightsArg::Default)]
    weights: WeightsArg,

    /// Override one status's weight (0 to 1), e.g. degraded_performance=0.25. Repeatable.
    #[arg(long = "weight", value_name = "STATUS=W", value_parser = clap::value_parser!(WeightOverride))]
    weight_overrides: Vec<WeightOverride>,

    /// The status of a service before its first event.
    #[arg(long, value_name = "STATUS", default_value = "operational", value_parser = clap::value_parser!(Status))]
    initial_status: Status,
}

impl MeasureArgs {
    /// Checks what clap could not check alone and builds the options.
    fn into_options(self) -> Result<Options, String> {
        let mut weights = Weights::preset(self.weights.into());
        for WeightOverride { status, weight } in self.weight_overrides {
            weights.set(status, weight);
        }
        let parse_bound = |flag: &str, text: &Option<String>| -> Result<Option<UnixMs>, String> {
            text.as_deref()
                .map(|text| {
                    parse_timestamp(text.as_bytes(), self.tz, DateOnly::Allowed).map_err(|reason| {
                        format!(
                            "{flag} {text:?}: {reason} (expected a date like 2026-10-01, or \
                                 {EXPECTED_TIMESTAMP})"
                        )
                    })
                })
                .transpose()
        };
        let from = parse_bound("--from", &self.from)?;
        let to = parse_bound("--to", &self.to)?;
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
            policy: Policy { slo_percent: self.slo, weights, initial_status: self.initial_status },
        })
    }
}
