//! Errors: each names where (a file with its line, column or key, or an option), what was
//! found and what was expected.

use std::fmt;

use crate::calendar::PeriodKind;
use crate::status::{EXPECTED_STATUSES, Status};
use crate::time::EXPECTED_TIMESTAMP;
use crate::time::Timestamp;

/// The most characters of a value a message repeats.
const SHOWN_CHARACTERS: usize = 200;

/// How a value from the user is repeated in a message: quoted, with quotes, backslashes and
/// control characters escaped as Rust writes a string (so a newline cannot start a line, nor
/// an escape sequence reach a terminal), and cut after 200 characters with a count of the
/// rest (so a 10 MB value gives a short line).
#[derive(Clone, Copy, Debug)]
pub struct Shown<'a>(pub &'a str);

/// `text` as a message repeats it: `"api"`, `"a\nb"`, `"xxx…" and 9800 more characters`.
pub fn shown(text: &str) -> Shown<'_> {
    Shown(text)
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, rest) = cut(self.0);
        write!(f, "{head:?}{rest}")
    }
}

/// Text written as it is, but cut after 200 characters as [`Shown`] cuts it: for values that
/// are not strings, such as a TOML array as its file has it.
pub fn excerpt(text: &str) -> String {
    let (head, rest) = cut(text);
    format!("{}{rest}", head.escape_debug())
}

/// The first 200 characters of `text`, and what says how many more there are.
fn cut(text: &str) -> (&str, String) {
    match text.char_indices().nth(SHOWN_CHARACTERS) {
        None => (text, String::new()),
        Some((end, _)) => {
            (&text[..end], format!(" and {} more characters", text[end..].chars().count()))
        }
    }
}

/// Where a setting was given. Core code carries it and never spells an option: the message
/// names the option or the file's line and key when it is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line option, like `--slo`, with the value it was given when a message should
    /// repeat it (`--group "db=2of3:db-1,db-2"`).
    Flag { name: &'static str, value: Option<String> },
    /// The files named on the command line.
    Arguments,
    /// A key in a file: the config file, or a contracts file.
    File { path: String, line: u64, key: String },
    /// Nobody set it: the default.
    Default,
}

impl Origin {
    /// An option, as messages name it without its value.
    pub const fn flag(name: &'static str) -> Origin {
        Origin::Flag { name, value: None }
    }

    /// An option with the value it was given.
    pub fn flag_with(name: &'static str, value: &str) -> Origin {
        Origin::Flag { name, value: Some(value.to_owned()) }
    }

    /// Where, without the key or the value: `--slo`, `nines.toml:4` or `default`.
    pub fn place(&self) -> String {
        match self {
            Origin::Flag { name, .. } => (*name).to_owned(),
            Origin::Arguments => "command line".to_owned(),
            Origin::File { path, line, .. } => format!("{path}:{line}"),
            Origin::Default => "default".to_owned(),
        }
    }
}

/// What a message about the setting starts with: `--slo`, `--group "db=2of3:db-1,db-2"`,
/// `nines.toml:4: slo` or `the default`.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag { name, value: None } => f.write_str(name),
            Origin::Flag { name, value: Some(value) } => write!(f, "{name} {}", shown(value)),
            Origin::Arguments => f.write_str("the command line"),
            Origin::File { path, line, key } => write!(f, "{path}:{line}: {key}"),
            Origin::Default => f.write_str("the default"),
        }
    }
}

/// A record that spans time, for messages about its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spanning {
    MaintenanceWindow,
    Incident,
}

impl fmt::Display for Spanning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Spanning::MaintenanceWindow => "a maintenance window",
            Spanning::Incident => "an incident",
        })
    }
}

/// A place in an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file's path as given, or `<stdin>`.
    pub source: String,
    pub line: u64,
    pub column: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        Ok(())
    }
}

/// How a format names its fields: CSV has columns, JSON has fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Column,
    Field,
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldKind::Column => "column",
            FieldKind::Field => "field",
        })
    }
}

/// What is wrong with one field's value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldProblem {
    #[error("missing value (expected {0})")]
    Missing(&'static str),
    #[error("unknown status {} (expected {EXPECTED_STATUSES})", shown(.0))]
    UnknownStatus(String),
    #[error("invalid timestamp {}: {reason} (expected {EXPECTED_TIMESTAMP})", shown(value))]
    Timestamp { value: String, reason: String },
    #[error("invalid UTF-8 in {} (expected UTF-8 text)", shown(.0))]
    NotUtf8(String),
    #[error("found {found} (expected {expected})")]
    WrongType { found: &'static str, expected: &'static str },
    #[error(
        "{} is not after the start {} ({what} must end after it starts)",
        shown(end),
        shown(start)
    )]
    EndsBeforeStart { start: String, end: String, what: Spanning },
    #[error("appears more than once in the record (expected it once)")]
    Repeated,
    /// A JSON value that could not be read, with the reader's reason.
    #[error("{0}")]
    Unreadable(String),
}

/// A field's problem, with the field's name.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: FieldProblem,
}

/// A line, or a record of several lines, longer than the limit: input without line ends,
/// like `/dev/zero`, is refused at once instead of read until memory runs out.
#[derive(Debug, thiserror::Error)]
#[error("{what} is longer than the limit of {limit} bytes (raise it with --max-record-size)")]
pub struct TooLong {
    /// `the line`, `the record` (starting on the line) or `the JSON document`.
    pub what: &'static str,
    pub line: u64,
    pub limit: u64,
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: {error}")]
    Io { name: String, error: std::io::Error },
    #[error("{name}: the input is empty (expected {expected})")]
    Empty { name: String, expected: String },
    #[error("{at}: missing column {column:?} (the header has {header}; expected {expected})")]
    MissingColumn { at: Location, column: String, header: String, expected: String },
    #[error("{at}: {kind} {field:?}: {problem}")]
    Field { at: Location, kind: FieldKind, field: &'static str, problem: FieldProblem },
    #[error("{at}: {message}")]
    Malformed { at: Location, message: String },
}

impl InputError {
    pub fn io(name: &str, error: std::io::Error) -> Self {
        // A line too long is found by the reader of lines, which says so as an I/O error.
        let too_long = error.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>());
        if let Some(too_long) = too_long {
            return InputError::Malformed {
                at: Location { source: name.to_owned(), line: too_long.line, column: None },
                message: too_long.to_string(),
            };
        }
        InputError::Io { name: name.to_owned(), error }
    }

    /// Where in the input the error is, when it is at a place.
    pub fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            InputError::MissingColumn { at, .. }
            | InputError::Field { at, .. }
            | InputError::Malformed { at, .. } => Some(at),
            InputError::Io { .. } | InputError::Empty { .. } => None,
        }
    }

    pub fn field(at: Location, kind: FieldKind, error: FieldError) -> Self {
        InputError::Field { at, kind, field: error.field, problem: error.problem }
    }
}

/// A setting that cannot be used: where it was given, and what is wrong.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("{origin}: {problem}")]
pub struct SettingError {
    pub origin: Origin,
    pub problem: String,
}

/// Why a run stopped: a usage or input error (exit code 2), or output that could not be
/// written. Every variant names where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line does not parse: clap's message, on one line.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Setting(#[from] SettingError),
    #[error(transparent)]
    Input(Box<InputError>),
    /// A config or contracts file that does not read.
    #[error(transparent)]
    File(Box<crate::toml_reader::FileError>),
    #[error(transparent)]
    Window(#[from] crate::plan::WindowError),
    #[error(transparent)]
    Credit(#[from] crate::credits::CreditError),
    #[error(transparent)]
    Budget(#[from] crate::budget::BudgetError),
    #[error("cannot read {what} {path}: {error}")]
    Read { what: &'static str, path: String, error: std::io::Error },
    #[error("cannot write {what} {path}: {error}")]
    Write { what: &'static str, path: String, error: std::io::Error },
    #[error("no events in {0}: there is nothing to measure")]
    NoEvents(String),
    #[error("no input: name event files, or pipe events into stdin")]
    NoInput,
    #[error(transparent)]
    TooLarge(#[from] SizeError),
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// Warnings, which `--strict` makes a failure: one line each, then what made them fail.
    #[error("{}\n{origin} makes these warnings a failure", warning_lines(warnings).join("\n"))]
    Strict { origin: Origin, warnings: Vec<Warning> },
}

/// The most rows a report with periods holds: a year of days for 2,700 services.
pub const MAX_ROWS: u64 = 1_000_000;

/// A report larger than is made at once, refused before any work.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SizeError {
    #[error(
        "the window from {from} to {to} holds about {count} periods of a {kind}; at most {} are \
         measured at once (choose a longer --period, or a shorter window with --from and --to)",
        crate::calendar::MAX_PERIODS
    )]
    Periods { kind: PeriodKind, from: Timestamp, to: Timestamp, count: u64 },
    #[error(
        "periods of a {kind} make {rows} rows ({subjects} services and groups × {periods} periods \
         and the whole window); at most {MAX_ROWS} are reported at once (choose fewer with \
         --service or --exclude, a longer --period, or a shorter window)"
    )]
    Rows { kind: PeriodKind, subjects: usize, periods: usize, rows: u64 },
    #[error(
        "a table of {rows} rows is more than the {} a table or markdown is drawn with (it is \
         held whole to align its columns): use --format csv or json",
        crate::output::MAX_TABLE_ROWS
    )]
    TableRows { rows: usize },
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Self {
        Error::Input(Box::new(error))
    }
}

impl From<crate::toml_reader::FileError> for Error {
    fn from(error: crate::toml_reader::FileError) -> Self {
        Error::File(Box::new(error))
    }
}

impl Error {
    /// Whether the error only says that whoever read the output stopped reading (`nines … |
    /// head`): nines then stops quietly.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(error) if error.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Something the user should know that does not stop the run: printed on stderr, after the
/// output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// `--now` was given where nothing depends on the present.
    NowUnused { origin: Origin },
    /// The window ends before any event: every service is at its initial status throughout.
    WindowBeforeEvents { window_end: String, first_event: String, initial: Status },
    /// A maintenance window names a service that has no events.
    MaintenanceWithoutService { origin: String, service: String },
    /// Settings for a service that has no events.
    NoEventsForSettings { origin: Origin, service: String },
    /// A record that could not be read, skipped under `--keep-going`: the error it would
    /// have been.
    SkippedRecord { error: String },
    /// How many records of a source `--keep-going` skipped.
    RecordsSkipped { source: String, count: u64 },
    /// The window runs past a source's newest event by more than `--stale-after`: the last
    /// statuses it gave are only assumed to hold.
    StaleData { source: String, newest: String, window_end: String, gap: String },
    /// A customer's month to settle has no events at all.
    MonthWithoutEvents {
        customer: String,
        month: String,
        from: String,
        to: String,
        initial: Status,
    },
}

impl Warning {
    /// What warnings of this kind are about, to count those not shown.
    fn about(&self) -> &'static str {
        match self {
            Warning::NowUnused { .. } => "an unused --now",
            Warning::WindowBeforeEvents { .. } => "a window before the events",
            Warning::MaintenanceWithoutService { .. } => "maintenance for services without events",
            Warning::NoEventsForSettings { .. } => "settings for services without events",
            Warning::MonthWithoutEvents { .. } => "months without events",
            Warning::StaleData { .. } => "stale data",
            Warning::SkippedRecord { .. } => "records skipped",
            Warning::RecordsSkipped { .. } => "sources with records skipped",
        }
    }

    /// How many warnings of its kind are printed before the rest are only counted: every
    /// skipped record the reader kept, three of any other kind.
    fn shown_at_most(&self) -> usize {
        match self {
            Warning::SkippedRecord { .. } => crate::input::Skipped::KEPT,
            _ => WARNINGS_SHOWN,
        }
    }
}

/// How many warnings of one kind are printed before the rest are only counted.
const WARNINGS_SHOWN: usize = 3;

/// The warnings as the lines to print: the first three of each kind as they came, then for
/// each kind with more a count of the rest, so a thousand months without events make four
/// lines, not a thousand.
pub fn warning_lines(warnings: &[Warning]) -> Vec<String> {
    let mut lines = Vec::new();
    // Per kind, in the order kinds first came: how many came.
    let mut seen: Vec<(&'static str, usize, usize)> = Vec::new();
    for warning in warnings {
        let about = warning.about();
        let position = seen.iter().position(|(kind, ..)| *kind == about).unwrap_or_else(|| {
            seen.push((about, 0, warning.shown_at_most()));
            seen.len() - 1
        });
        seen[position].1 += 1;
        if seen[position].1 <= warning.shown_at_most() {
            lines.push(warning.to_string());
        }
    }
    for (about, count, shown) in seen {
        match count.saturating_sub(shown) {
            0 => {}
            1 => lines.push(format!("1 more warning about {about} not shown")),
            more => lines.push(format!("{more} more warnings about {about} not shown")),
        }
    }
    lines
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NowUnused { origin } => write!(
                f,
                "{origin} has no effect here: it is the end of --last without --to, and the \
                 present for the calendar windows (--day, --week, --month, --quarter, --year)"
            ),
            Warning::WindowBeforeEvents { window_end, first_event, initial } => write!(
                f,
                "the window ends at {window_end}, before the first event ({first_event}): every \
                 service is taken to be {initial} throughout"
            ),
            Warning::MaintenanceWithoutService { origin, service } => write!(
                f,
                "{origin}: no events for service {}, so the window applies to nothing",
                shown(service)
            ),
            Warning::NoEventsForSettings { origin, service } => write!(
                f,
                "{origin}: no events for service {}, so its settings apply to nothing",
                shown(service)
            ),
            Warning::SkippedRecord { error } => write!(f, "skipped: {error}"),
            Warning::RecordsSkipped { source, count } => write!(
                f,
                "{source}: {count} {} that could not be read {} skipped (--keep-going)",
                if *count == 1 { "record" } else { "records" },
                if *count == 1 { "was" } else { "were" },
            ),
            Warning::StaleData { source, newest, window_end, gap } => write!(
                f,
                "{source} ends at {newest}, {gap} before the window's end ({window_end}): its \
                 services' last statuses are assumed to hold since (is the data stale? \
                 --stale-after allows more)"
            ),
            Warning::MonthWithoutEvents { customer, month, from, to, initial } => write!(
                f,
                "{}, {month}: no events from {from} to {to}: every service is taken to be in \
                 the status it was last reported in, or {initial} before its first event",
                shown(customer)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_warnings_collapse_into_a_count() {
        let month = |month: u32| Warning::MonthWithoutEvents {
            customer: "Acme".into(),
            month: format!("2026-{month:02}"),
            from: String::new(),
            to: String::new(),
            initial: Status::Operational,
        };
        let unused = Warning::NowUnused { origin: Origin::flag("--now") };
        let mut warnings: Vec<Warning> = (1..=12).map(month).collect();
        warnings.insert(4, unused.clone());
        let lines = warning_lines(&warnings);
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(lines[0].starts_with("\"Acme\", 2026-01: no events"));
        assert!(lines[2].starts_with("\"Acme\", 2026-03: no events"));
        assert_eq!(lines[3], unused.to_string());
        assert_eq!(lines[4], "9 more warnings about months without events not shown");
        assert_eq!(warning_lines(&warnings[..4]).len(), 4);
        assert_eq!(
            warning_lines(&warnings[..5])[4],
            "1 more warning about months without events not shown"
        );
    }

    #[test]
    fn values_are_repeated_escaped_and_cut() {
        assert_eq!(shown("api").to_string(), "\"api\"");
        assert_eq!(shown("a\nb\u{1b}[31m\"").to_string(), "\"a\\nb\\u{1b}[31m\\\"\"");
        let long = "é".repeat(1000);
        assert_eq!(
            shown(&long).to_string(),
            format!("\"{}\" and 800 more characters", "é".repeat(200))
        );
        assert_eq!(excerpt("[1, 2]\n"), "[1, 2]\\n");
        assert_eq!(excerpt(&"1".repeat(201)), format!("{} and 1 more characters", "1".repeat(200)));
    }
}
