//! nines: service status logs in, availability numbers people sign off on out.
//!
//! The flow runs one way: [`cli`] → [`options`] → [`input`] → [`timeline`] (the engine) →
//! [`availability`] (the calculation) → [`output`]. `nines budget` reads no events and takes a
//! short cut: [`cli`] → [`budget`] (the arithmetic) → [`output`].

pub mod availability;
pub mod budget;
pub mod burn;
pub mod calendar;
pub mod cli;
pub mod contracts;
pub mod error;
pub mod events;
pub mod input;
mod json_number;
pub mod options;
pub mod output;
pub mod status;
pub mod time;
pub mod timeline;

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use clap::error::ErrorKind;

use crate::availability::Measured;
use crate::budget::BudgetRequest;
use crate::calendar::PeriodGrid;
use crate::cli::Cli;
use crate::events::{Coverage, EventLog};
use crate::options::{Action, Options, Request};
use crate::output::OutputFormat;
use crate::time::Timestamp;
use crate::timeline::{MaintenanceSchedule, Window, WindowError};

/// How a successful run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; for `check`, every service met the objective.
    Ok,
    /// `check` found a service that missed the objective.
    SloBreached,
    /// `burn` found an alert that pages.
    Paging,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::SloBreached | Outcome::Paging => ExitCode::from(1),
        }
    }
}

/// The exit code for usage and input errors.
pub const ERROR_EXIT_CODE: u8 = 2;

/// Runs the command line `args` (program name first).
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<Outcome> {
    let cli = Cli::try_parse_from(args).map_err(|error| match error.kind() {
        // Help and the version are not errors; clap prints them and exits 0.
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => error.exit(),
        _ => anyhow::Error::msg(cli::one_line(&error)),
    })?;
    match cli.command.into_request().map_err(anyhow::Error::msg)? {
        Request::Measure(action, options) => measure(action, *options),
        Request::Budget(request, format) => calculate_budget(request, format),
    }
}

/// Reads the events and produces the action's output from them.
fn measure(action: Action, options: Options) -> anyhow::Result<Outcome> {
    // Burn-rate alerts look back from an instant rather than at the window itself.
    let lookback = |window| match &action {
        Action::Burn(request, _) => request.lookback(window),
        _ => window,
    };
    let loaded = Loaded::new(options, lookback)?;
    let measured = loaded.measured();
    let zone = loaded.options.zone;
    match action {
        Action::Report(format) => {
            let report = measured.availability();
            write_stdout(|out| output::availability(&report, format, zone, out))?;
            Ok(Outcome::Ok)
        }
        Action::Timeline(format) => {
            let report = measured.timelines();
            write_stdout(|out| output::timeline(&report, format, zone, out))?;
            Ok(Outcome::Ok)
        }
        Action::Check => {
            let report = measured.availability();
            write_stdout(|out| output::check(&report, zone, out))?;
            Ok(if report.breaches().next().is_some() { Outcome::SloBreached } else { Outcome::Ok })
        }
        Action::Burn(request, format) => {
            let report = burn::evaluate(&measured, &request);
            write_stdout(|out| output::burn(&report, format, zone, out))?;
            Ok(if report.pages() { Outcome::Paging } else { Outcome::Ok })
        }
    }
}

/// Answers a budget question; nothing is read.
fn calculate_budget(request: BudgetRequest, format: OutputFormat) -> anyhow::Result<Outcome> {
    match request {
        BudgetRequest::Budgets { objectives, periods, calendar } => {
            let report = budget::allowed_downtime(&objectives, periods, calendar)?;
            write_stdout(|out| output::budgets(&report, format, out))?;
        }
        BudgetRequest::Availability { downtime_seconds, per } => {
            let result = budget::availability_left(downtime_seconds, per)?;
            write_stdout(|out| output::downtime_availability(&result, format, out))?;
        }
    }
    Ok(Outcome::Ok)
}

/// Whether an error only says that whoever read our output stopped reading (`nines … | head`).
pub fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|error| error.kind() == io::ErrorKind::BrokenPipe)
}

fn write_stdout(
    render: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    render(&mut out).and_then(|()| out.flush()).context("cannot write the output")
}

/// The inputs read, sorted and resolved against the window.
struct Loaded {
    options: Options,
    log: EventLog,
    maintenance: MaintenanceSchedule,
    window: Window,
    periods: Option<PeriodGrid>,
}

impl Loaded {
    /// `reach` turns the window the options set (or why there is none) into the one measured.
    fn new(
        options: Options,
        reach: impl FnOnce(Result<Window, WindowError>) -> Result<Window, WindowError>,
    ) -> anyhow::Result<Loaded> {
        let mut log = input::read_events(&options.events, options.input_format, options.zone)?;
        let Some(span) = log.span() else {
            let names: Vec<String> = options.events.iter().map(input::Source::name).collect();
            anyhow::bail!("no events in {}: there is nothing to measure", names.join(", "));
        };
        log.sort();
        let windows = input::read_maintenance(&options.maintenance, options.zone)?;
        let window = reach(Window::resolve(options.from, options.to, span))?;
        if window.to <= span.0 {
            eprintln!(
                "warning: the window ends at {}, before the first event ({}): every service is \
                 taken to be {} throughout",
                Timestamp(window.to).in_zone(options.zone),
                Timestamp(span.0).in_zone(options.zone),
                options.policy.counting.initial_status
            );
        }
        let periods = options.period.map(|kind| PeriodGrid::new(kind, window, options.zone));
        let (maintenance, unmatched) = MaintenanceSchedule::new(&windows, &log, window);
        for window in unmatched {
            if let Coverage::Service(service) = &window.coverage {
                eprintln!(
                    "warning: {}: no events for service {service:?}, so the window applies to nothing",
                    window.origin
                );
            }
        }
        Ok(Loaded { options, log, maintenance, window, periods })
    }

    fn measured(&self) -> Measured<'_> {
        Measured {
            log: &self.log,
            maintenance: &self.maintenance,
            window: self.window,
            zone: self.options.zone,
            policy: &self.options.policy,
            periods: self.periods.as_ref(),
        }
    }
}
