//! Errors: each names where (a file with its line, column or key, or an option), what was
//! found and what was expected.

use std::fmt;

use crate::status::EXPECTED_STATUSES;
use crate::time::EXPECTED_TIMESTAMP;

/// Where a setting was given. Core code carries it and never spells an option: the message
/// names the option or the file's line and key when it is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command-line option, like `--slo`.
    Flag(&'static str),
    /// A key in a file: the config file, or a contracts file.
    File { path: String, line: u64, key: String },
    /// Nobody set it: the default.
    Default,
}

impl Origin {
    /// Where, without the key: `--slo`, `nines.toml:4` or `default`.
    pub fn place(&self) -> String {
        match self {
            Origin::Flag(flag) => (*flag).to_owned(),
            Origin::File { path, line, .. } => format!("{path}:{line}"),
            Origin::Default => "default".to_owned(),
        }
    }
}

/// `--slo`, `nines.toml:4: slo` or `the default`: what a message about the setting starts with.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::File { path, line, key } => write!(f, "{path}:{line}: {key}"),
            Origin::Default => f.write_str("the default"),
        }
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
    #[error("unknown status {0:?} (expected {EXPECTED_STATUSES})")]
    UnknownStatus(String),
    #[error("invalid timestamp {value:?}: {reason} (expected {EXPECTED_TIMESTAMP})")]
    Timestamp { value: String, reason: String },
    #[error("invalid UTF-8 in {0:?} (expected UTF-8 text)")]
    NotUtf8(String),
    #[error("found {found} (expected {expected})")]
    WrongType { found: &'static str, expected: &'static str },
    #[error(
        "{end:?} is not after the start {start:?} (a maintenance window must end after it starts)"
    )]
    EndsBeforeStart { start: String, end: String },
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

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: {error}")]
    Io { name: String, error: std::io::Error },
    #[error("{name}: the input is empty (expected {expected})")]
    Empty { name: String, expected: String },
    #[error(
        "{name}: cannot tell the format from the file name (expected .csv, .json, .ndjson or \
         .jsonl); {advice}"
    )]
    UnknownFormat { name: String, advice: &'static str },
    #[error("{at}: missing column {column:?} (the header has {header}; expected {expected})")]
    MissingColumn { at: Location, column: &'static str, header: String, expected: String },
    #[error("{at}: {kind} {field:?}: {problem}")]
    Field { at: Location, kind: FieldKind, field: &'static str, problem: FieldProblem },
    #[error("{at}: {message}")]
    Malformed { at: Location, message: String },
}

impl InputError {
    pub fn io(name: &str, error: std::io::Error) -> Self {
        InputError::Io { name: name.to_owned(), error }
    }

    /// Where in the input the error is, when it is at a place.
    pub fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            InputError::MissingColumn { at, .. }
            | InputError::Field { at, .. }
            | InputError::Malformed { at, .. } => Some(at),
            InputError::Io { .. } | InputError::Empty { .. } | InputError::UnknownFormat { .. } => {
                None
            }
        }
    }

    pub fn field(at: Location, kind: FieldKind, error: FieldError) -> Self {
        InputError::Field { at, kind, field: error.field, problem: error.problem }
    }
}
