//! Running a request: read the inputs the plan names, resolve the subjects against them, let
//! the engine and the calculations work, and write the output. The only module, with the
//! readers and the config file, that does I/O.

use std::io::{self, BufWriter, IsTerminal, Write};

use chrono_tz::Tz;

use crate::availability::Measured;
use crate::budget::{self, BudgetRequest};
use crate::calendar::{PeriodGrid, PeriodKind};
use crate::contracts;
use crate::credits::{self, CreditPlan, Months};
use crate::error::{Error, MAX_ROWS, SizeError, Warning};
use crate::events::{Coverage, EventLog, MaintenanceWindow};
use crate::input::{self, Reading, Source, SourceReach};
use crate::output::gate::{self, GateFormat, GateReport};
use crate::output::{self, OutputFormat, Rendered};
use crate::plan::{Action, CreditOutput, CreditsRequest, Plan, Request, WindowError};
use crate::settings::Settings;
use crate::subject::Subjects;
use crate::time::{Timestamp, UnixMs, rough_duration};
use crate::timeline::{MaintenanceSchedule, Window};

/// How a run ended, when it ran to the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub verdict: Verdict,
    /// What the user should know, in the order found; the front end prints them.
    pub warnings: Vec<Warning>,
}

/// What a run found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Done; for `check`, everything met its objective.
    Ok,
    /// `check` found a service or group that missed its objective.
    SloBreached,
    /// `burn` found an alert that pages.
    Paging,
    /// `check --contracts` found a credit owed.
    CreditOwed,
}

impl Verdict {
    /// The process's exit code: 0 when all is well, 1 when the verdict is bad.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Ok => 0,
            Verdict::SloBreached | Verdict::Paging | Verdict::CreditOwed => 1,
        }
    }
}

/// Runs a request.
pub fn run(request: Request) -> Result<Outcome, Error> {
    match request {
        Request::Measure(action, plan) => measure(action, *plan),
        Request::Credits(request, plan) => settle_credits(request, *plan),
        Request::Budget(request, format) => calculate_budget(request, format),
        Request::Config(settings, format) => show_config(&settings, format),
        Request::Print(text) => {
            write_stdout(|out| out.write_all(&text))?;
            Ok(Outcome { verdict: Verdict::Ok, warnings: Vec::new() })
        }
        Request::ManualPages(dir, pages) => write_pages(&dir, &pages),
    }
}

/// Writes the manual pages into `dir`, creating it if need be.
fn write_pages(dir: &std::path::Path, pages: &[(String, Vec<u8>)]) -> Result<Outcome, Error> {
    let failed = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |error| Error::Write { what: "the manual page folder", path, error }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    for (name, text) in pages {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(failed(&path))?;
    }
    Ok(Outcome { verdict: Verdict::Ok, warnings: Vec::new() })
}

/// Reads the events and produces the action's output from them.
fn measure(action: Action, plan: Plan) -> Result<Outcome, Error> {
    let mut inputs = Inputs::read(plan)?;
    let asked = inputs.window();
    let quiet =
        matches!(action, Action::Check(GateFormat::Quiet) | Action::Burn(_, GateFormat::Quiet));
    let verdict = match action {
        // Burn-rate alerts look back from an instant rather than at the window itself.
        Action::Burn(request, format) => {
            let look_around = inputs.plan.policy.counting.look_around();
            let loaded = inputs.over(request.counting_stretch(asked, look_around)?)?;
            let report = crate::burn::evaluate(&loaded.measured(), &request);
            match format.report_format() {
                Some(output) => write_result(&report, output, loaded.zone())?,
                None => {
                    let gate = GateReport::burn(&report, loaded.zone(), loaded.now());
                    write_stdout(|out| gate::write(&gate, format, out))?;
                }
            }
            if report.pages() { Verdict::Paging } else { Verdict::Ok }
        }
        Action::Report(format, selection) => {
            let loaded = inputs.over(asked?)?;
            let mut report = loaded.measured().availability_on(loaded.inputs.plan.threads);
            report.select(selection);
            write_result(&report, format, loaded.zone())?;
            Verdict::Ok
        }
        Action::Timeline(format) => {
            let loaded = inputs.over(asked?)?;
            let report = loaded.measured().timelines();
            write_result(&report, format, loaded.zone())?;
            Verdict::Ok
        }
        Action::Check(format) => {
            let loaded = inputs.over(asked?)?;
            let report = loaded.measured().availability_on(loaded.inputs.plan.threads);
            let gate = GateReport::check(&report, loaded.zone(), loaded.now());
            write_stdout(|out| gate::write(&gate, format, out))?;
            if gate.passed { Verdict::Ok } else { Verdict::SloBreached }
        }
    };
    Ok(outcome(verdict, &mut inputs.warnings, quiet))
}

/// How a run ended: `quiet` (`--quiet`) keeps the warnings back too, leaving the exit code
/// alone to speak.
fn outcome(verdict: Verdict, warnings: &mut Vec<Warning>, quiet: bool) -> Outcome {
    let warnings = if quiet { Vec::new() } else { std::mem::take(warnings) };
    Outcome { verdict, warnings }
}

/// Settles the SLA credits of a contracts file on the events.
fn settle_credits(request: CreditsRequest, plan: Plan) -> Result<Outcome, Error> {
    // The contracts first: a mistake in them is found before a long read of events.
    let source = Source::from_arg(&request.contracts);
    let path = source.name();
    let text = input::read_text(&source).map_err(|error| Error::Read {
        what: "the contracts file",
        path: path.clone(),
        error,
    })?;
    let contracts = contracts::parse_contracts(&text, &path)?;
    let mut inputs = Inputs::read(plan)?;
    let months = match inputs.plan.window.calendar {
        Some(period) => Months::of(period),
        None => Months::touching(inputs.window()?, inputs.plan.zone),
    };
    let plan =
        CreditPlan::new(&contracts, months, inputs.plan.window.now, &inputs.log, &inputs.subjects)?;
    let (first, last) = inputs.span;
    for (customer, month, measured) in plan.months() {
        if measured.to <= first || measured.from > last {
            inputs.warnings.push(Warning::MonthWithoutEvents {
                customer: customer.to_owned(),
                month: month.to_string(),
                from: Timestamp(measured.from).to_string(),
                to: Timestamp(measured.to).to_string(),
                initial: inputs.plan.policy.counting.initial_status,
            });
        }
    }
    let loaded = inputs.over(plan.span())?;
    let report = credits::settle(
        &plan,
        &loaded.inputs.log,
        &loaded.maintenance,
        &loaded.inputs.subjects,
        &loaded.inputs.plan.policy,
    );
    let verdict = match request.output {
        CreditOutput::Report(format) => {
            write_result(&report, format, loaded.zone())?;
            Verdict::Ok
        }
        CreditOutput::Explain => {
            write_stdout(|out| output::explain_credits(&report, out))?;
            Verdict::Ok
        }
        CreditOutput::Check(format) => {
            let gate = GateReport::contracts(&report, loaded.now());
            write_stdout(|out| gate::write(&gate, format, out))?;
            if gate.passed { Verdict::Ok } else { Verdict::CreditOwed }
        }
    };
    let quiet = request.output == CreditOutput::Check(GateFormat::Quiet);
    Ok(outcome(verdict, &mut inputs.warnings, quiet))
}

/// Answers a budget question; nothing is read, so no time zone applies to the output.
fn calculate_budget(request: BudgetRequest, format: OutputFormat) -> Result<Outcome, Error> {
    match request {
        BudgetRequest::Budgets { objectives, periods, calendar } => {
            let report = budget::allowed_downtime(&objectives, periods, calendar)?;
            write_result(&report, format, Tz::UTC)?;
        }
        BudgetRequest::Availability { downtime_seconds, per } => {
            let result = budget::availability_left(downtime_seconds, per)?;
            write_result(&result, format, Tz::UTC)?;
        }
    }
    Ok(Outcome { verdict: Verdict::Ok, warnings: Vec::new() })
}

/// Shows the settings in force and where each came from.
fn show_config(settings: &Settings, format: OutputFormat) -> Result<Outcome, Error> {
    let report = settings.report();
    write_result(&report, format, settings.tz.value)?;
    Ok(Outcome { verdict: Verdict::Ok, warnings: Vec::new() })
}

/// Writes a result in `format` on stdout, if it is not too large for it.
fn write_result(result: &impl Rendered, format: OutputFormat, zone: Tz) -> Result<(), Error> {
    output::fits(result, format)?;
    write_stdout(|out| output::write(result, format, zone, out))
}

fn write_stdout(
    render: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<(), Error> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    render(&mut out).and_then(|()| out.flush()).map_err(Error::Output)
}

/// The inputs read and sorted, before a window is chosen.
struct Inputs {
    plan: Plan,
    log: EventLog,
    /// The earliest and the latest event.
    span: (UnixMs, UnixMs),
    maintenance: Vec<MaintenanceWindow>,
    subjects: Subjects,
    /// How far each event source reaches.
    reaches: Vec<SourceReach>,
    warnings: Vec<Warning>,
}

impl Inputs {
    fn read(mut plan: Plan) -> Result<Inputs, Error> {
        if plan.inputs.events.is_empty() {
            if io::stdin().is_terminal() {
                return Err(Error::NoInput);
            }
            plan.inputs.events.push(Source::Stdin);
        }
        let reading = Reading {
            format: plan.inputs.format,
            zone: plan.zone,
            max_record_bytes: plan.inputs.max_record_bytes,
            delimiter: plan.inputs.delimiter,
            keep_going: plan.inputs.keep_going,
            mapping: &plan.inputs.mapping,
            time_format: plan.inputs.time_format,
            threads: plan.threads,
        };
        let read = input::read_events(&plan.inputs.events, reading)?;
        let (mut log, mut reaches, announced) = (read.log, read.reaches, read.maintenance);
        let Some(span) = log.span() else {
            let names: Vec<String> = plan.inputs.events.iter().map(Source::name).collect();
            return Err(Error::NoEvents(names.join(", ")));
        };
        log.sort();
        let (mut maintenance, mut maintenance_reaches) =
            input::read_maintenance(&plan.inputs.maintenance, reading)?;
        // Maintenance the incident lists announce, beside the maintenance files'.
        maintenance.extend(announced);
        let mut warnings = std::mem::take(&mut plan.warnings);
        for reach in reaches.iter_mut().chain(maintenance_reaches.iter_mut()) {
            let skipped = std::mem::take(&mut reach.skipped);
            let errors = skipped.errors.iter().map(|error| error.to_string());
            warnings.extend(errors.map(|error| Warning::SkippedRecord { error }));
            if skipped.count > 0 {
                let source = reach.source.clone();
                warnings.push(Warning::RecordsSkipped { source, count: skipped.count });
            }
        }
        let (subjects, found) = Subjects::resolve(&plan.subjects, &log, &plan.policy)?;
        warnings.extend(found);
        Ok(Inputs { plan, log, span, maintenance, subjects, reaches, warnings })
    }

    /// The periods of `kind` over `window`, if the report they make is not too large.
    fn period_grid(&self, kind: PeriodKind, window: Window) -> Result<PeriodGrid, SizeError> {
        let grid =
            PeriodGrid::new(kind, window, self.plan.zone).map_err(|count| SizeError::Periods {
                kind,
                from: Timestamp(window.from),
                to: Timestamp(window.to),
                count,
            })?;
        let (subjects, periods) = (self.subjects.reported().len(), grid.slices.len());
        let rows = subjects as u64 * (periods as u64 + 1);
        if rows > MAX_ROWS {
            return Err(SizeError::Rows { kind, subjects, periods, rows });
        }
        Ok(grid)
    }

    /// The window the options set, its unset ends taken from the events.
    fn window(&self) -> Result<Window, WindowError> {
        self.plan.window.resolve(self.span, |at| self.log.service_at(at))
    }

    /// The inputs resolved against the window to measure.
    fn over(&mut self, window: Window) -> Result<Loaded<'_>, Error> {
        let zone = self.plan.zone;
        if window.to <= self.span.0 {
            self.warnings.push(Warning::WindowBeforeEvents {
                window_end: Timestamp(window.to).in_zone(zone),
                first_event: Timestamp(self.span.0).in_zone(zone),
                initial: self.plan.policy.counting.initial_status,
            });
        }
        for reach in &self.reaches {
            let Some(newest) = reach.newest else { continue };
            let gap = window.to.saturating_sub(newest);
            if gap > self.plan.stale_after_ms {
                self.warnings.push(Warning::StaleData {
                    source: reach.source.clone(),
                    newest: Timestamp(newest).in_zone(zone),
                    window_end: Timestamp(window.to).in_zone(zone),
                    gap: rough_duration(gap),
                });
            }
        }
        let periods = match self.plan.period {
            None => None,
            Some(kind) => Some(self.period_grid(kind, window)?),
        };
        let (schedule, unmatched) = MaintenanceSchedule::new(&self.maintenance, &self.log, window);
        for maintenance in unmatched {
            if let Coverage::Service(service) = &maintenance.coverage {
                self.warnings.push(Warning::MaintenanceWithoutService {
                    origin: maintenance.origin.clone(),
                    service: service.clone(),
                });
            }
        }
        if let Some(origin) = &self.plan.strict {
            if !self.warnings.is_empty() {
                let warnings = std::mem::take(&mut self.warnings);
                return Err(Error::Strict { origin: origin.clone(), warnings });
            }
        }
        Ok(Loaded { inputs: self, maintenance: schedule, window, periods })
    }
}

/// The inputs resolved against the window.
struct Loaded<'i> {
    inputs: &'i Inputs,
    maintenance: MaintenanceSchedule,
    window: Window,
    periods: Option<PeriodGrid>,
}

impl Loaded<'_> {
    fn zone(&self) -> Tz {
        self.inputs.plan.zone
    }

    /// The present the run took: `--now`, or the clock.
    fn now(&self) -> UnixMs {
        self.inputs.plan.window.now
    }

    fn measured(&self) -> Measured<'_> {
        Measured {
            log: &self.inputs.log,
            maintenance: &self.maintenance,
            subjects: &self.inputs.subjects,
            window: self.window,
            zone: self.inputs.plan.zone,
            policy: &self.inputs.plan.policy,
            periods: self.periods.as_ref(),
        }
    }
}
