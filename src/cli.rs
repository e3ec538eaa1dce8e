//! The command line: clap's types end here, turned into the settings the options give (a
//! [`Layer`]), the window's options and the command.

use std::path::PathBuf;
use std::str::FromStr;

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use crate::availability::{SelectionRequest, SortKey};
use crate::budget::{BudgetRequest, NominalPeriods, Per, ZonedPeriod};
use crate::burn::AlertOverride;
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::config::ConfigChoice;
use crate::error::{Origin, excerpt, shown};
use crate::input::FIELD_NAMES;
use crate::input::{InputFormat, Source};
use crate::output::gate::GateFormat;
use crate::output::{OutputFormat, Screen};
use crate::plan::{Command, CreditOutput, WindowFlags};
use crate::settings::{Layer, Setting, WeightsLayer};
use crate::status::{EXPECTED_STATUSES, Status, WeightOverride, WeightPreset};
use crate::subject::{GroupDecl, GroupMode, MemberDecl, NameFilter, WeightsDecl};
use crate::time::{EXPECTED_DURATION, TimeFormat, duration_ms};
use crate::values::{self, EXPECTED_DELIMITER, EXPECTED_OBJECTIVE, EXPECTED_SIZE, EXPECTED_ZONE};

/// Turns service status logs into availability, error budgets and SLO verdicts.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: CommandArgs,
}

/// Which config file the commands that read events take their settings from.
#[derive(Debug, Args)]
#[command(next_help_heading = "Config")]
struct ConfigArgs {
    /// Read the settings from this config file instead of the nearest nines.toml (in the
    /// current directory or a parent).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Read no config file.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

impl ConfigArgs {
    fn choice(&self) -> ConfigChoice {
        match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::Ignored,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Nearest,
        }
    }
}

#[derive(Debug, Subcommand)]
enum CommandArgs {
    /// Availability, weighted downtime and error budget per service and group.
    #[command(after_help = "Examples:
  nines report events.csv --maintenance maintenance.csv --month 2026-10
  nines report events.csv --last 7d --period day            the past week, day by day
  nines report events.csv --platform --group db=2of3:db-*   groups beside the services
  nines report events.csv --sort availability --top 10      the ten least available
  nines report events.csv --format json | jq '.services[]'")]
    Report {
        #[command(flatten)]
        inputs: MeasureArgs,
        #[command(flatten)]
        subjects: SubjectArgs,
        /// Also measure each calendar period in --tz: day, week (ISO, Monday first), month,
        /// quarter or year.
        #[arg(help_heading = "Output", long, value_name = "PERIOD", value_parser = clap::value_parser!(PeriodKind))]
        period: Option<PeriodKind>,
        /// Order the services and groups: lowest availability first, most downtime first, or
        /// by name.
        #[arg(help_heading = "Output", long, value_enum, value_name = "KEY")]
        sort: Option<SortArg>,
        /// Show only the first N services and groups (in the --sort order).
        #[arg(help_heading = "Output", long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        top: Option<u32>,
        #[command(flatten)]
        output: TableOutputArgs,
    },
    /// Exit 1 when any service or group misses its SLO, 0 when all meet it (2 on bad input).
    #[command(after_help = "Examples:
  nines check events.csv --last 30d --strict         fail on stale data too
  nines check events.csv --quarter 2026-Q4 --period month
  nines check events.csv --format junit > nines.xml  for the CI's test report
  nines check events.csv --format github             annotations in GitHub Actions
  nines check events.csv --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  nines check events.csv --contracts contracts.toml --month 2026-10")]
    Check {
        #[command(flatten)]
        inputs: MeasureArgs,
        #[command(flatten)]
        subjects: SubjectArgs,
        /// Judge each calendar period in --tz (day, week, month, quarter or year): fail when
        /// anything misses its SLO in any of them.
        #[arg(help_heading = "Output", long, value_name = "PERIOD", value_parser = clap::value_parser!(PeriodKind))]
        period: Option<PeriodKind>,
        /// Judge SLA contracts instead: fail when any credit is owed.
        #[arg(help_heading = "Contracts", long, value_name = "FILE", conflicts_with_all = ["period", "service", "exclude"])]
        contracts: Option<PathBuf>,
        #[command(flatten)]
        strict: StrictArg,
        #[command(flatten)]
        output: GateOutputArgs,
    },
    /// Multiwindow burn-rate alerts at an instant; exit 1 when one that pages (P1, P2) fires.
    #[command(after_help = "Examples:
  nines burn events.csv --last 3d                      now: exit 1 if a P1 or P2 alert fires
  nines burn events.csv --at 2026-10-29T12:30:00Z      as it was at that instant
  nines burn events.csv --last 3d --alert P2=12h,1h,3  replace one level's rule
  nines burn events.csv --last 3d --quiet              only the exit code, for cron")]
    Burn {
        #[command(flatten)]
        inputs: MeasureArgs,
        #[command(flatten)]
        subjects: SubjectArgs,
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
        #[command(flatten)]
        strict: StrictArg,
        #[command(flatten)]
        output: GateOutputArgs,
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
        #[command(flatten)]
        groups: GroupArgs,
        /// The contracts: customers, the services and groups they cover, fees and credit
        /// schedules (TOML). Default: contracts in the config file.
        #[arg(help_heading = "Contracts", long, value_name = "FILE")]
        contracts: Option<PathBuf>,
        /// Show how each credit was computed, step by step.
        #[arg(help_heading = "Output", long, conflicts_with = "format")]
        explain: bool,
        #[command(flatten)]
        output: TableOutputArgs,
    },
    /// The merged intervals per service and group behind every number: the audit trail.
    #[command(after_help = "Examples:
  nines timeline events.csv --service api --day 2026-10-25
  nines timeline events.csv --maintenance maintenance.csv --format csv > audit.csv")]
    Timeline {
        #[command(flatten)]
        inputs: MeasureArgs,
        #[command(flatten)]
        subjects: SubjectArgs,
        #[command(flatten)]
        output: TableOutputArgs,
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
        /// Refused with the reason: budget reads no settings.
        #[arg(long, hide = true, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        output: TableOutputArgs,
    },
    /// The settings in force and where each comes from: an option, a line of the config file,
    /// or the default.
    #[command(after_help = "Examples:
  nines config                                 the nearest nines.toml, with the defaults
  nines config --config ci/nines.toml --slo 99.9   a given file, and an option over it
  nines config --format json")]
    Config {
        #[command(flatten)]
        inputs: MeasureArgs,
        #[command(flatten)]
        subjects: SubjectArgs,
        /// The calendar periods report and check would measure.
        #[arg(help_heading = "Output", long, value_name = "PERIOD", value_parser = clap::value_parser!(PeriodKind))]
        period: Option<PeriodKind>,
        /// The contracts file credits would settle.
        #[arg(help_heading = "Contracts", long, value_name = "FILE")]
        contracts: Option<PathBuf>,
        #[command(flatten)]
        output: TableOutputArgs,
    },
    /// Shell completions for bash, zsh, fish, PowerShell or elvish, on stdout.
    #[command(after_help = "Examples:
  nines completions bash > ~/.local/share/bash-completion/completions/nines
  nines completions zsh > ~/.zfunc/_nines       (with fpath+=~/.zfunc before compinit)
  nines completions fish > ~/.config/fish/completions/nines.fish
  nines completions powershell >> $PROFILE")]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page of nines or of one command, in roff, on stdout; or every page into a
    /// folder.
    #[command(after_help = "Examples:
  nines man | man -l -               read nines(1)
  nines man report | man -l -        read nines-report(1)
  nines man --dir /usr/local/share/man/man1   install every page")]
    Man {
        /// The command whose page to write (report, check, burn, ...); default: nines itself.
        #[arg(value_name = "COMMAND", conflicts_with = "dir")]
        command: Option<String>,
        /// Write every page (nines.1, nines-report.1, ...) into this folder instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Error-budget arithmetic: no events, no settings.
    Budget(BudgetRequest, OutputFormat),
    /// A document about nines itself, to write on stdout: completions, a manual page.
    Print(Vec<u8>),
    /// Every manual page, into a folder: each file's name and its text.
    ManualPages(PathBuf, Vec<(String, Vec<u8>)>),
    /// A command that works from settings: the options' layer of them, the window's options
    /// and the config file to read.
    Measure { command: Command, flags: Box<Layer>, window: WindowFlags, config: ConfigChoice },
}

impl Cli {
    /// What to do, checked as far as the command line alone allows.
    pub fn into_invocation(self) -> Result<Invocation, String> {
        let mut flags = Layer::default();
        let (command, inputs) = match self.command {
            CommandArgs::Budget { question, config, output } => {
                if config.is_some() {
                    return Err("--config has no effect on budget: it reads no events and no \
                                settings"
                        .to_owned());
                }
                return Ok(Invocation::Budget(question.into_budget_request()?, output.format()));
            }
            CommandArgs::Completions { shell } => {
                let mut text = Vec::new();
                clap_complete::generate(shell, &mut command(), "nines", &mut text);
                return Ok(Invocation::Print(text));
            }
            CommandArgs::Man { command: None, dir: Some(dir) } => {
                return Ok(Invocation::ManualPages(dir, manual_pages()));
            }
            CommandArgs::Man { command: name, .. } => {
                let name = name.as_deref().unwrap_or("nines");
                let page = manual_pages()
                    .into_iter()
                    .find(|(file, _)| {
                        file.strip_suffix(".1")
                            .is_some_and(|page| page == name || page == format!("nines-{name}"))
                    })
                    .ok_or_else(|| {
                        let names: Vec<String> = manual_pages()
                            .iter()
                            .filter_map(|(file, _)| file.strip_prefix("nines-")?.strip_suffix(".1"))
                            .map(str::to_owned)
                            .collect();
                        format!(
                            "there is no command {} to write the page of (expected one of {})",
                            shown(name),
                            names.join(", ")
                        )
                    })?;
                return Ok(Invocation::Print(page.1));
            }
            CommandArgs::Report { inputs, subjects, period, sort, top, output } => {
                subjects.add_to(&mut flags);
                flags.period = period.map(|period| Setting::new(period, Origin::flag("--period")));
                let selection = SelectionRequest {
                    sort: sort.map(SortArg::key),
                    top: top.map(|top| top as usize),
                };
                (Command::Report(output.format(), selection), inputs)
            }
            CommandArgs::Timeline { inputs, subjects, output } => {
                subjects.add_to(&mut flags);
                (Command::Timeline(output.format()), inputs)
            }
            CommandArgs::Check { inputs, subjects, period, contracts: None, strict, output } => {
                strict.add_to(&mut flags);
                subjects.add_to(&mut flags);
                flags.period = period.map(|period| Setting::new(period, Origin::flag("--period")));
                (Command::Check(output.format()), inputs)
            }
            CommandArgs::Check {
                inputs,
                subjects,
                contracts: Some(contracts),
                strict,
                output,
                ..
            } => {
                strict.add_to(&mut flags);
                subjects.groups.add_to(&mut flags);
                flags.contracts = Some(Setting::new(contracts, Origin::flag("--contracts")));
                (settle(&inputs, CreditOutput::Check(output.format()))?, inputs)
            }
            CommandArgs::Credits { inputs, groups, contracts, explain, output } => {
                groups.add_to(&mut flags);
                flags.contracts =
                    contracts.map(|path| Setting::new(path, Origin::flag("--contracts")));
                let output = if explain {
                    CreditOutput::Explain
                } else {
                    CreditOutput::Report(output.format())
                };
                (settle(&inputs, output)?, inputs)
            }
            CommandArgs::Burn { inputs, subjects, at, alerts, strict, output } => {
                if inputs.window.from.is_some() {
                    return Err(
                        "--from has no effect on burn: its windows end at --at, or at the \
                                end of the window (--to, a calendar window, now with --last, or \
                                the latest event)"
                            .to_owned(),
                    );
                }
                strict.add_to(&mut flags);
                subjects.add_to(&mut flags);
                (Command::Burn { at, alerts, format: output.format() }, inputs)
            }
            CommandArgs::Config { inputs, subjects, period, contracts, output } => {
                subjects.add_to(&mut flags);
                flags.period = period.map(|period| Setting::new(period, Origin::flag("--period")));
                flags.contracts =
                    contracts.map(|path| Setting::new(path, Origin::flag("--contracts")));
                (Command::Config(output.format()), inputs)
            }
        };
        let window = inputs.window.flags()?;
        let config = inputs.config.choice();
        inputs.add_to(&mut flags);
        Ok(Invocation::Measure { command, flags: Box::new(flags), window, config })
    }
}

/// The command line's definition, as parsed, with what clap's derive cannot say: the options
/// a command shares with others but refuses (`burn --from`, `credits --day`) are hidden from
/// its help and completions; given anyway, they are refused with the reason.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let hide = |names: &'static [&'static str]| {
        move |command: clap::Command| {
            names.iter().fold(command, |command, name| command.mut_arg(*name, |arg| arg.hide(true)))
        }
    };
    Cli::command()
        .mut_subcommand("burn", hide(&["from"]))
        // check writes lines, not tables: only colour applies.
        .mut_subcommand("check", hide(&["ascii"]))
        .mut_subcommand("credits", hide(&["day", "week", "slo"]))
}

/// Every manual page: nines(1), and nines-COMMAND(1) for each command, with their file names.
fn manual_pages() -> Vec<(String, Vec<u8>)> {
    let root = command();
    let mut pages = Vec::new();
    let mut render = |name: String, command: clap::Command| {
        let mut text = Vec::new();
        // Rendering into memory cannot fail.
        let _ = clap_mangen::Man::new(command).render(&mut text);
        pages.push((format!("{name}.1"), text));
    };
    let mut commands: Vec<&clap::Command> =
        root.get_subcommands().filter(|sub| sub.get_name() != "help").collect();
    // In the order the help lists them.
    commands.sort_by_key(|sub| sub.get_display_order());
    for sub in commands {
        let name = format!("nines-{}", sub.get_name());
        let version = root.get_version().unwrap_or_default().to_owned();
        render(name.clone(), sub.clone().name(name).version(version));
    }
    render("nines".to_owned(), root);
    pages.rotate_right(1);
    pages
}

/// The command that settles contracts, which set their own objectives.
fn settle(inputs: &MeasureArgs, output: CreditOutput) -> Result<Command, String> {
    if inputs.slo.is_some() {
        return Err(
            "--slo has no effect with --contracts: each contract sets its own slo".to_owned()
        );
    }
    Ok(Command::Credits(output))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
}

/// The output options of the commands that write tables.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
struct TableOutputArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,

    #[command(flatten)]
    terminal: TerminalArgs,
}

impl TableOutputArgs {
    fn format(&self) -> OutputFormat {
        match self.format {
            FormatArg::Table => OutputFormat::Table(self.terminal.screen()),
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Markdown => OutputFormat::Markdown,
        }
    }
}

/// How tables are drawn on a terminal.
#[derive(Debug, Args)]
struct TerminalArgs {
    /// Draw table borders in ASCII (the default when the locale is not UTF-8).
    #[arg(long, help_heading = "Output")]
    ascii: bool,

    /// Colour verdicts: auto (on a terminal, unless NO_COLOR is set or CLICOLOR_FORCE asks
    /// for it anyway), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto, help_heading = "Output")]
    color: ColorArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl TerminalArgs {
    /// The terminal the output goes to, as the options and the environment describe it:
    /// `COLUMNS` or the terminal's width, the locale's character set, and the colour
    /// conventions (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM=dumb`).
    fn screen(&self) -> Screen {
        use std::io::IsTerminal;
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let terminal = std::io::stdout().is_terminal();
        let width = variable("COLUMNS")
            .and_then(|columns| columns.trim().parse::<u16>().ok())
            .filter(|&columns| columns > 0)
            .or_else(|| {
                let size = terminal.then(terminal_size::terminal_size).flatten();
                size.map(|(width, _)| width.0)
            });
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(variable);
        let utf8 = locale.is_none_or(|locale| {
            let locale = locale.to_ascii_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        });
        let color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto if variable("NO_COLOR").is_some() => false,
            ColorArg::Auto if variable("CLICOLOR_FORCE").is_some_and(|force| force != "0") => true,
            ColorArg::Auto => {
                terminal
                    && variable("CLICOLOR").is_none_or(|clicolor| clicolor != "0")
                    && variable("TERM").is_none_or(|term| term != "dumb")
            }
        };
        Screen { width, ascii: self.ascii || !utf8, color }
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

/// How a gate writes its verdict.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GateFormatArg {
    /// Lines for people; for burn, its table.
    #[value(alias = "table")]
    Text,
    /// The verdict per subject, with the figures.
    Json,
    /// A row per subject.
    Csv,
    /// A summary for $GITHUB_STEP_SUMMARY or a pull request.
    Markdown,
    /// JUnit XML, for the test reports of GitLab, Jenkins, Azure DevOps and GitHub.
    Junit,
    /// GitHub Actions workflow commands: an annotation per failure.
    Github,
}

/// The output options of the gates.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
struct GateOutputArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = GateFormatArg::Text)]
    format: GateFormatArg,

    /// Print nothing, not even warnings: the exit code alone tells (errors are still
    /// printed).
    #[arg(long, short, conflicts_with = "format")]
    quiet: bool,

    #[command(flatten)]
    terminal: TerminalArgs,
}

impl GateOutputArgs {
    fn format(&self) -> GateFormat {
        if self.quiet {
            return GateFormat::Quiet;
        }
        match self.format {
            GateFormatArg::Text => GateFormat::Text(self.terminal.screen()),
            GateFormatArg::Json => GateFormat::Json,
            GateFormatArg::Csv => GateFormat::Csv,
            GateFormatArg::Markdown => GateFormat::Markdown,
            GateFormatArg::Junit => GateFormat::Junit,
            GateFormatArg::Github => GateFormat::Github,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SortArg {
    Availability,
    Downtime,
    Name,
}

impl SortArg {
    fn key(self) -> SortKey {
        match self {
            SortArg::Availability => SortKey::Availability,
            SortArg::Downtime => SortKey::Downtime,
            SortArg::Name => SortKey::Name,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TimeFormatArg {
    Auto,
    Unix,
    #[value(name = "unix_ms")]
    UnixMs,
    Rfc3339,
}

impl From<TimeFormatArg> for TimeFormat {
    fn from(format: TimeFormatArg) -> Self {
        match format {
            TimeFormatArg::Auto => TimeFormat::Auto,
            TimeFormatArg::Unix => TimeFormat::Unix,
            TimeFormatArg::UnixMs => TimeFormat::UnixMs,
            TimeFormatArg::Rfc3339 => TimeFormat::Rfc3339,
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

/// The inputs and measurement options every command that reads events shares.
#[derive(Debug, Args)]
struct MeasureArgs {
    /// Event files: CSV, JSON or NDJSON with timestamp, service and status. `-` reads stdin,
    /// as does giving none (and none in the config file) when stdin is not a terminal.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Format of the event files, when their names and contents don't say it: csv, json or
    /// ndjson; or incidents, for incident lists (start, end, service, status) in any of them.
    #[arg(long, value_name = "FORMAT", value_parser = clap::value_parser!(InputFormat))]
    input_format: Option<InputFormat>,

    /// Announced maintenance windows (start, end, service; empty or * for all). Repeatable.
    #[arg(long, value_name = "FILE")]
    maintenance: Vec<PathBuf>,

    /// The longest line, CSV record or JSON document read (16M, 1G); a longer one is an
    /// error at once [default: 16M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_record_size: Option<u64>,

    /// The character between a CSV file's fields: ; or | or tab [default: ,].
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,

    /// The column (or JSON key) that holds a field, when the files name it otherwise:
    /// ROLE=COLUMN with ROLE timestamp, service, status, start, end or title, e.g.
    /// timestamp=time. Repeatable.
    #[arg(long = "field", value_name = "ROLE=COLUMN", value_parser = parse_field)]
    fields: Vec<(&'static str, String)>,

    /// The status a value in the files stands for: VALUE=STATUS, e.g. P1=major_outage or
    /// red=major_outage, matched in any case. Repeatable.
    #[arg(long = "status-map", value_name = "VALUE=STATUS", value_parser = parse_status_map)]
    status_map: Vec<(String, Status)>,

    /// Skip the records that cannot be read, report each (the first 100 of a file) and how
    /// many were skipped, instead of stopping at the first.
    #[arg(long)]
    keep_going: bool,

    /// Threads to read and measure with, whatever the machine has; for tests of the parallel
    /// paths on any machine.
    #[arg(long, hide = true, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,

    #[command(flatten, next_help_heading = "Window")]
    window: WindowArgs,

    #[command(flatten)]
    config: ConfigArgs,

    /// IANA time zone for timestamps and dates written without an offset, and for calendar
    /// periods [default: UTC].
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    tz: Option<Tz>,

    /// The availability objective in percent [default: 99.5]; with contracts, each sets its own.
    #[arg(help_heading = "Measurement", long, value_name = "PERCENT", value_parser = parse_slo)]
    slo: Option<Decimal>,

    /// Weight preset: the share of time in each status that is downtime [default: default].
    #[arg(help_heading = "Measurement", long, value_enum, value_name = "PRESET")]
    weights: Option<WeightsArg>,

    /// Override one status's weight (0 to 1), e.g. degraded_performance=0.25. Repeatable.
    #[arg(help_heading = "Measurement", long = "weight", value_name = "STATUS=W", value_parser = clap::value_parser!(WeightOverride))]
    weight_overrides: Vec<WeightOverride>,

    /// The status of a service before its first event [default: operational].
    #[arg(help_heading = "Measurement", long, value_name = "STATUS", value_parser = clap::value_parser!(Status))]
    initial_status: Option<Status>,

    /// How a bare number is read as a time: auto (in files, Unix epoch seconds; in --from,
    /// --to, --now and --at, four digits are a year and any other number is refused), unix
    /// (epoch seconds), unix_ms (epoch milliseconds) or rfc3339 (numbers refused) [default:
    /// auto].
    #[arg(help_heading = "Window", long, value_enum, value_name = "FORMAT")]
    time_format: Option<TimeFormatArg>,

    /// Warn when the window runs past a source's newest event by more than this: its last
    /// statuses are only assumed to hold [default: 1d].
    #[arg(help_heading = "Window", long, value_name = "DURATION", value_parser = parse_duration)]
    stale_after: Option<i64>,

    /// Count time in slots of this length aligned to the epoch (1m, 5m): a slot takes the
    /// worst status seen in its counted part.
    #[arg(help_heading = "Measurement", long, value_name = "DURATION", value_parser = parse_positive_duration)]
    granularity: Option<i64>,

    /// Incidents shorter than this count as operational (e.g. 1m).
    #[arg(help_heading = "Measurement", long, value_name = "DURATION", value_parser = parse_duration)]
    min_incident: Option<i64>,
}

impl MeasureArgs {
    /// Puts what the options set into `layer`.
    fn add_to(self, layer: &mut Layer) {
        let flag = |name| Origin::flag(name);
        if !self.files.is_empty() {
            let sources = self.files.iter().map(|path| Source::from_arg(path)).collect();
            layer.events = Some(Setting::new(sources, Origin::Arguments));
        }
        if !self.maintenance.is_empty() {
            let sources = self.maintenance.iter().map(|path| Source::from_arg(path)).collect();
            layer.maintenance = Some(Setting::new(sources, flag("--maintenance")));
        }
        layer.input_format = self.input_format.map(|f| Setting::new(f, flag("--input-format")));
        layer.max_record_size =
            self.max_record_size.map(|size| Setting::new(size, flag("--max-record-size")));
        layer.threads = self.threads.map(usize::from);
        layer.delimiter = self.delimiter.map(|byte| Setting::new(byte, flag("--delimiter")));
        layer.keep_going = self.keep_going.then(|| Setting::new(true, flag("--keep-going")));
        layer.field_columns = self
            .fields
            .into_iter()
            .map(|(field, column)| {
                let origin = Origin::flag_with("--field", &format!("{field}={column}"));
                Setting::new((field, column), origin)
            })
            .collect();
        layer.status_map = self
            .status_map
            .into_iter()
            .map(|(text, status)| {
                let origin = Origin::flag_with("--status-map", &format!("{text}={status}"));
                Setting::new((text, status), origin)
            })
            .collect();
        layer.tz = self.tz.map(|tz| Setting::new(tz, flag("--tz")));
        layer.slo = self.slo.map(|slo| Setting::new(slo, flag("--slo")));
        layer.weights = WeightsLayer {
            preset: self.weights.map(|preset| Setting::new(preset.into(), flag("--weights"))),
            overrides: self
                .weight_overrides
                .into_iter()
                .map(|WeightOverride { status, weight }| {
                    (status, Setting::new(weight, flag("--weight")))
                })
                .collect(),
        };
        layer.initial_status =
            self.initial_status.map(|status| Setting::new(status, flag("--initial-status")));
        layer.time_format =
            self.time_format.map(|format| Setting::new(format.into(), flag("--time-format")));
        layer.stale_after = self.stale_after.map(|ms| Setting::new(ms, flag("--stale-after")));
        layer.granularity = self.granularity.map(|ms| Setting::new(ms, flag("--granularity")));
        layer.min_incident = self.min_incident.map(|ms| Setting::new(ms, flag("--min-incident")));
    }
}

/// `--strict`, which the gates take.
#[derive(Debug, Args)]
struct StrictArg {
    /// Fail (exit 2) on any warning instead of giving a verdict: stale data, maintenance for
    /// unknown services, settings that match nothing.
    #[arg(long)]
    strict: bool,
}

impl StrictArg {
    fn add_to(self, layer: &mut Layer) {
        layer.strict = self.strict.then(|| Setting::new(true, Origin::flag("--strict")));
    }
}

/// The groups declared on the command line, and which services and groups are reported.
#[derive(Debug, Args)]
struct SubjectArgs {
    #[command(flatten)]
    groups: GroupArgs,
    #[command(flatten)]
    filters: FilterArgs,
}

impl SubjectArgs {
    fn add_to(self, layer: &mut Layer) {
        self.groups.add_to(layer);
        self.filters.add_to(layer);
    }
}

/// Groups declared on the command line.
#[derive(Debug, Args)]
#[command(next_help_heading = "Groups")]
struct GroupArgs {
    /// Declare a group: NAME=MODE:MEMBER,MEMBER,... with MODE all (every member must work),
    /// any (one is enough) or KofN like 2of3 (k must). Members are services, groups or globs
    /// over service names. Repeatable.
    #[arg(long = "group", value_name = "NAME=MODE:MEMBERS", value_parser = parse_group)]
    groups: Vec<GroupDecl>,

    /// A group named platform of mode all over every service: the platform as its customers
    /// feel it.
    #[arg(long)]
    platform: bool,
}

impl GroupArgs {
    fn add_to(self, layer: &mut Layer) {
        layer.groups = self.groups;
        if self.platform {
            let origin = Origin::flag("--platform");
            layer.groups.push(GroupDecl {
                name: "platform".to_owned(),
                display_name: None,
                mode: GroupMode::All,
                stated_members: None,
                members: vec![MemberDecl { pattern: "*".to_owned(), origin: origin.clone() }],
                slo: None,
                weights: WeightsDecl::default(),
                origin,
            });
        }
    }
}

/// Which services and groups are reported.
#[derive(Debug, Args)]
#[command(next_help_heading = "Groups")]
struct FilterArgs {
    /// Report only the services and groups whose names match this glob (e.g. 'api-*').
    /// Repeatable: a name matching any is reported.
    #[arg(long = "service", value_name = "GLOB", value_parser = parse_glob)]
    service: Vec<glob::Pattern>,

    /// Leave out the services and groups whose names match this glob. Repeatable.
    #[arg(long, value_name = "GLOB", value_parser = parse_glob)]
    exclude: Vec<glob::Pattern>,
}

impl FilterArgs {
    fn add_to(self, layer: &mut Layer) {
        let filters = |patterns: Vec<glob::Pattern>, flag| {
            patterns
                .into_iter()
                .map(|pattern| {
                    let origin = Origin::flag_with(flag, pattern.as_str());
                    NameFilter { pattern, origin }
                })
                .collect()
        };
        layer.include = filters(self.service, "--service");
        layer.exclude = filters(self.exclude, "--exclude");
    }
}

/// Reads `--group NAME=MODE:MEMBER,MEMBER,...`.
fn parse_group(text: &str) -> Result<GroupDecl, String> {
    let expected = "(expected NAME=MODE:MEMBER,MEMBER,... like db=2of3:db-1,db-2,db-3, with MODE \
                    all, any or KofN)";
    let (name, rest) =
        text.split_once('=').ok_or_else(|| format!("{} has no '=' {expected}", shown(text)))?;
    let (mode, members) =
        rest.split_once(':').ok_or_else(|| format!("{} has no ':' {expected}", shown(text)))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{} names no group before '=' {expected}", shown(text)));
    }
    let (mode, stated_members) = match mode.trim().to_ascii_lowercase().as_str() {
        "all" => (GroupMode::All, None),
        "any" => (GroupMode::Any, None),
        k_of_n => {
            let numbers = k_of_n.split_once("of").and_then(|(k, n)| {
                Some((u32::from_str(k.trim()).ok()?, u32::from_str(n.trim()).ok()?))
            });
            let (k, n) = numbers.ok_or_else(|| {
                format!("unknown mode {} in {} {expected}", shown(mode), shown(text))
            })?;
            (GroupMode::KOfN(k), Some(n))
        }
    };
    let origin = Origin::flag_with("--group", text);
    let members: Vec<MemberDecl> = members
        .split(',')
        .map(str::trim)
        .filter(|member| !member.is_empty())
        .map(|member| MemberDecl { pattern: member.to_owned(), origin: origin.clone() })
        .collect();
    Ok(GroupDecl {
        name: name.to_owned(),
        display_name: None,
        mode,
        stated_members,
        members,
        slo: None,
        weights: WeightsDecl::default(),
        origin,
    })
}

fn parse_glob(text: &str) -> Result<glob::Pattern, String> {
    glob::Pattern::new(text).map_err(|error| {
        format!("{} is not a glob: {} (expected a glob like 'api-*')", shown(text), error.msg)
    })
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

    /// The window of this length (30d, 12h) ending at --to, or at now. A month (1M) and a
    /// year (1y) are the mean Gregorian ones, 30d 10h 29m 6s and 365d 5h 49m 12s: for a
    /// calendar month, give --month.
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, conflicts_with = "from")]
    last: Option<i64>,

    /// The present, for --last and the calendar windows: a timestamp or a date. Default: the
    /// clock.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,

    #[command(flatten)]
    calendar: CalendarArgs,
}

impl WindowArgs {
    fn flags(&self) -> Result<WindowFlags, String> {
        Ok(WindowFlags {
            from: self.from.clone(),
            to: self.to.clone(),
            last: self.last,
            now: self.now.clone(),
            calendar: self.calendar.period(),
        })
    }
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
    /// The calendar period asked for, if any, as given: it is read in the zone in force.
    fn period(&self) -> Option<(PeriodKind, String)> {
        [
            (PeriodKind::Day, &self.day),
            (PeriodKind::Week, &self.week),
            (PeriodKind::Month, &self.month),
            (PeriodKind::Quarter, &self.quarter),
            (PeriodKind::Year, &self.year),
        ]
        .into_iter()
        .find_map(|(kind, text)| Some((kind, text.clone()?)))
    }
}

/// Reads an IANA time zone name, in any case (`utc` is `UTC`); `Z` is UTC, as in timestamps.
fn parse_zone(name: &str) -> Result<Tz, String> {
    values::zone(name).map_err(|complaint| values::refused(name, complaint, EXPECTED_ZONE))
}

/// Reads an objective in percent: above 0, at most 100; a trailing `%` is allowed.
fn parse_size(text: &str) -> Result<u64, String> {
    values::byte_size(text).map_err(|complaint| values::refused(text, complaint, EXPECTED_SIZE))
}

/// Reads `ROLE=COLUMN`.
fn parse_field(text: &str) -> Result<(&'static str, String), String> {
    let expected = format!(
        "expected ROLE=COLUMN like timestamp=time, with ROLE one of {}",
        FIELD_NAMES.join(", ")
    );
    let (role, column) =
        text.split_once('=').ok_or_else(|| format!("{} has no '=' ({expected})", shown(text)))?;
    let role = role.trim();
    let field = FIELD_NAMES
        .iter()
        .find(|name| name.eq_ignore_ascii_case(role))
        .ok_or_else(|| format!("{} is not a field ({expected})", shown(role)))?;
    let column = column.trim();
    if column.is_empty() {
        return Err(format!("{} names no column ({expected})", shown(text)));
    }
    Ok((field, column.to_owned()))
}

/// Reads `VALUE=STATUS`.
fn parse_status_map(text: &str) -> Result<(String, Status), String> {
    let expected = "expected VALUE=STATUS like P1=major_outage";
    let (value, status) =
        text.rsplit_once('=').ok_or_else(|| format!("{} has no '=' ({expected})", shown(text)))?;
    let status = Status::parse(status.as_bytes()).ok_or_else(|| {
        format!("{} is not a status (expected {EXPECTED_STATUSES})", shown(status.trim()))
    })?;
    if value.trim().is_empty() {
        return Err(format!("{} names no value ({expected})", shown(text)));
    }
    Ok((value.trim().to_owned(), status))
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    values::delimiter(text)
        .map_err(|complaint| values::refused(text, complaint, EXPECTED_DELIMITER))
}

fn parse_slo(text: &str) -> Result<Decimal, String> {
    let number = text.trim();
    values::decimal(number.strip_suffix('%').unwrap_or(number))
        .and_then(values::objective)
        .map_err(|complaint| values::refused(text, complaint, EXPECTED_OBJECTIVE))
}

/// Reads a downtime like `3h`, `1h 30m` or `250ms` as exact seconds, as `--last` reads a
/// duration (a month and a year are the nominal ones budgets use). Zero is allowed (it leaves
/// 100 % availability); a negative downtime is not.
fn parse_downtime(text: &str) -> Result<Decimal, String> {
    if text.trim().starts_with('-') {
        return Err(format!(
            "{} is negative: a downtime is at least 0 (expected {EXPECTED_DURATION})",
            shown(text)
        ));
    }
    Ok(Decimal::new(parse_duration(text)?, 3))
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

/// What `nines budget` is asked: objectives, or a downtime.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Objectives in percent, e.g. 99.5 99.9: each gets the downtime it allows.
    #[arg(value_name = "SLO", value_parser = parse_slo, allow_negative_numbers = true, conflicts_with = "downtime")]
    objectives: Vec<Decimal>,

    /// Instead of objectives: a downtime, e.g. 3h or 1h 30m, to get the availability it leaves
    /// (1M and 1y are the nominal month and year).
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
    use clap::error::{ContextKind, ContextValue};
    let mut text = error.render().to_string();
    // clap repeats a refused value or argument as it was given; it is shown escaped and cut
    // instead, so a line end in it cannot break the line, nor a long one make a long line.
    for kind in [ContextKind::InvalidValue, ContextKind::InvalidArg] {
        if let Some(ContextValue::String(given)) = error.get(kind) {
            if !given.is_empty() {
                text = text.replace(given.as_str(), &excerpt(given));
            }
        }
    }
    let mut lines = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.is_empty());
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let details: Vec<&str> =
        lines.map(|line| line.trim_start_matches('[').trim_end_matches(']')).collect();
    let line = match details.as_slice() {
        [] => first.to_owned(),
        _ if first.ends_with(':') => format!("{first} {}", details.join(", ")),
        _ => format!("{first} ({})", details.join("; ")),
    };
    // clap leaves out some control characters when it repeats a value, so the value above is
    // not always found to be escaped: whatever is left is escaped here.
    crate::output::visible(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn objectives_are_percentages() {
        assert_eq!(parse_slo("99.5"), Ok(Decimal::new(995, 1)));
        assert_eq!(parse_slo("99.95%"), Ok(Decimal::new(9995, 2)));
        assert_eq!(parse_slo("100"), Ok(Decimal::ONE_HUNDRED));
        for bad in ["0", "100.1", "-5"] {
            assert!(parse_slo(bad).unwrap_err().contains("not above 0 and at most 100"), "{bad}");
        }
        for bad in ["abc", ""] {
            assert!(parse_slo(bad).unwrap_err().contains("not a decimal number"), "{bad}");
        }
        assert!(parse_slo("99.99999999999999999999999999999").unwrap_err().contains("28 decimal"));
    }

    #[test]
    fn downtimes_are_durations_in_exact_seconds() {
        assert_eq!(parse_downtime("3h"), Ok(Decimal::from(10_800)));
        assert_eq!(parse_downtime(" 1h 30m "), Ok(Decimal::from(5400)));
        assert_eq!(parse_downtime("250ms"), Ok(Decimal::new(25, 2)));
        assert_eq!(parse_downtime("0"), Ok(Decimal::ZERO));
        assert_eq!(
            parse_downtime("-3h").unwrap_err(),
            "\"-3h\" is negative: a downtime is at least 0 (expected a duration like 30d, 1h \
             30m, 90s or 250ms)"
        );
        assert_eq!(
            parse_downtime("3x").unwrap_err(),
            "\"3x\" is not a duration: unknown unit \"x\" (expected a duration like 30d, 1h 30m, \
             90s or 250ms)"
        );
        assert!(parse_downtime("").unwrap_err().contains("empty"));
        // Months and years are the nominal ones budgets use: 1y fits a year exactly.
        assert_eq!(parse_downtime("1y"), Ok(Decimal::from(31_556_952)));
        assert_eq!(parse_downtime("1M"), Ok(Decimal::from(2_629_746)));
        assert_eq!(parse_downtime("1m 2ms"), Ok(Decimal::new(60_002, 3)));
    }

    #[test]
    fn groups_are_name_mode_and_members() {
        let group = parse_group("db = 2of3: db-1, db-2 ,db-3").unwrap();
        assert_eq!(group.name, "db");
        assert_eq!((group.mode, group.stated_members), (GroupMode::KOfN(2), Some(3)));
        let members: Vec<&str> = group.members.iter().map(|m| m.pattern.as_str()).collect();
        assert_eq!(members, ["db-1", "db-2", "db-3"]);
        assert_eq!(group.origin.to_string(), "--group \"db = 2of3: db-1, db-2 ,db-3\"");
        assert_eq!(parse_group("web=ANY:web-*").unwrap().mode, GroupMode::Any);
        assert_eq!(parse_group("p=all:").unwrap().members, []);
        for (bad, problem) in [
            ("db", "has no '='"),
            ("db=all", "has no ':'"),
            ("=all:a", "names no group"),
            ("db=most:a", "unknown mode \"most\""),
            ("db=2of:a", "unknown mode"),
        ] {
            let error = parse_group(bad).unwrap_err();
            assert!(error.contains(problem) && error.contains("db=2of3:db-1"), "{bad}: {error}");
        }
    }
}
