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
pub mod credits;
pub mod error;
pub mod events;
pub mod input;
mod json_number;
pub mod options;
pub mod output;
pub mod status;
pub mod time;
pub mod timeline;
pub mod toml_reader;
pub mod values;

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use chrono_tz::Tz;
use clap::Parser;
use clap::error::ErrorKind;

use crate::availability::Measured;
use crate::budget::BudgetRequest;
use crate::calendar::PeriodGrid;
use crate::cli::Cli;
use crate::credits::{CreditPlan, Months};
use crate::events::{Coverage, EventLog, MaintenanceWindow};
use crate::options::{Action, CreditOutput, CreditsRequest, Options, Request};
use crate::output::OutputFormat;
use crate::time::{Timestamp, UnixMs};
use crate::timeline::{MaintenanceSchedule, Window};

/// How a successful run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; for `check`, every service met the objective.
    Ok,
    /// `check` found a service that missed the objective.
    SloBreached,
    /// `burn` found an alert that pages.
    Paging,
    /// `check --contracts` found a credit owed.
    CreditOwed,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::SloBreached | Outcome::Paging | Outcome::CreditOwed => ExitCode::from(1),
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
        Request::Credits(request, options) => settle_credits(request, *options),
        Request::Budget(request, format) => calculate_budget(request, format),
    }
}

/// Reads the events and produces the action's output from them.
fn measure(action: Action, options: Options) -> anyhow::Result<Outcome> {
    let inputs = Inputs::read(options)?;
    let asked = Window::resolve(inputs.options.from, inputs.options.to, inputs.span);
    match action {
        // Burn-rate alerts look back from an instant rather than at the window itself.
        Action::Burn(request, format) => {
            let loaded = inputs.over(request.lookback(asked)?);
            let report = burn::evaluate(&loaded.measured(), &request);
            write_stdout(|out| output::write(&report, format, loaded.options.zone, out))?;
            Ok(if report.pages() { Outcome::Paging } else { Outcome::Ok })
        }
        Action::Report(format) => {
            let loaded = inputs.over(asked?);
            let report = loaded.measured().availability();
            write_stdout(|out| output::write(&report, format, loaded.options.zone, out))?;
            Ok(Outcome::Ok)
        }
        Action::Timeline(format) => {
            let loaded = inputs.over(asked?);
            let report = loaded.measured().timelines();
            write_stdout(|out| output::write(&report, format, loaded.options.zone, out))?;
            Ok(Outcome::Ok)
        }
        Action::Check => {
            let loaded = inputs.over(asked?);
            let report = loaded.measured().availability();
            write_stdout(|out| output::check(&report, loaded.options.zone, out))?;
            Ok(if report.breaches().next().is_some() { Outcome::SloBreached } else { Outcome::Ok })
        }
    }
}

/// Settles the SLA credits of a contracts file on the events.
fn settle_credits(request: CreditsRequest, options: Options) -> anyhow::Result<Outcome> {
    // The contracts first: a mistake in them is found before a long read of events.
    let path = request.contracts.display().to_string();
    let text = std::fs::read_to_string(&request.contracts)
        .with_context(|| format!("cannot read the contracts file {path}"))?;
    let contracts = contracts::parse_contracts(&text, &path)?;
    let inputs = Inputs::read(options)?;
    let asked = Window::resolve(inputs.options.from, inputs.options.to, inputs.span);
    let months = match inputs.options.calendar {
        Some(period) => Months::of(period)?,
        None => Months::touching(asked?, inputs.options.zone),
    };
    let plan = CreditPlan::new(&contracts, months, inputs.options.now, &inputs.log)?;
    let (first, last) = inputs.span;
    for (customer, month, measured) in plan.months() {
        if measured.to <= first || measured.from > last {
            eprintln!(
                "warning: {customer:?}, {month}: no events from {} to {}: every service is taken \
                 to be in the status it was last reported in, or {} before its first event",
                Timestamp(measured.from),
                Timestamp(measured.to),
                inputs.options.policy.counting.initial_status
            );
        }
    }
    let loaded = inputs.over(plan.span());
    let report =
        credits::settle(&plan, &loaded.log, &loaded.maintenance, &loaded.options.policy.counting);
    match request.output {
        CreditOutput::Report(format) => {
            write_stdout(|out| output::write(&report, format, loaded.options.zone, out))?;
            Ok(Outcome::Ok)
        }
        CreditOutput::Explain => {
            write_stdout(|out| output::explain_credits(&report, out))?;
            Ok(Outcome::Ok)
        }
        CreditOutput::Check => {
            write_stdout(|out| output::check_credits(&report, out))?;
            Ok(if report.owed().next().is_some() { Outcome::CreditOwed } else { Outcome::Ok })
        }
    }
}

/// Answers a budget question; nothing is read, so no time zone applies to the output.
fn calculate_budget(request: BudgetRequest, format: OutputFormat) -> anyhow::Result<Outcome> {
    match request {
        BudgetRequest::Budgets { objectives, periods, calendar } => {
            let report = budget::allowed_downtime(&objectives, periods, calendar)?;
            write_stdout(|out| output::write(&report, format, Tz::UTC, out))?;
        }
        BudgetRequest::Availability { downtime_seconds, per } => {
            let result = budget::availability_left(downtime_seconds, per)?;
            write_stdout(|out| output::write(&result, format, Tz::UTC, out))?;
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

/// The inputs read and sorted, before a window is chosen.
struct Inputs {
    options: Options,
    log: EventLog,
    /// The earliest and the latest event.
    span: (UnixMs, UnixMs),
    maintenance: Vec<MaintenanceWindow>,
}

impl Inputs {
    fn read(options: Options) -> anyhow::Result<Inputs> {
        let mut log = input::read_events(&options.events, options.input_format, options.zone)?;
        let Some(span) = log.span() else {
            let names: Vec<String> = options.events.iter().map(input::Source::name).collect();
            anyhow::bail!("no events in {}: there is nothing to measure", names.join(", "));
        };
        log.sort();
        let maintenance = input::read_maintenance(&options.maintenance, options.zone)?;
        Ok(Inputs { options, log, span, maintenance })
    }

    /// The inputs resolved against the window to measure.
    fn over(self, window: Window) -> Loaded {
        let Inputs { options, log, span, maintenance } = self;
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
        let (schedule, unmatched) = MaintenanceSchedule::new(&maintenance, &log, window);
        for window in unmatched {
            if let Coverage::Service(service) = &window.coverage {
                eprintln!(
                    "warning: {}: no events for service {service:?}, so the window applies to nothing",
                    window.origin
                );
            }
        }
        Loaded { options, log, maintenance: schedule, window, periods }
    }
}

/// The inputs resolved against the window.
struct Loaded {
    options: Options,
    log: EventLog,
    maintenance: MaintenanceSchedule,
    window: Window,
    periods: Option<PeriodGrid>,
}

impl Loaded {
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
