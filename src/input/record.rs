//! What the fields of an event, a maintenance window or an incident mean, whatever format
//! carried them: the tabular layer every CSV, JSON and NDJSON reader shares.

use std::fmt;
use std::io::{self, Write};

use crate::error::{FieldError, FieldProblem, InputError, Spanning};
use crate::events::Coverage;
use crate::status::Status;
use crate::time::{OUT_OF_RANGE, TimestampReader, UnixMs};

/// A field a record type reads.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    /// What a value should look like, for messages.
    pub expected: &'static str,
}

/// How a file's columns and values map onto the fields and statuses nines reads
/// (`--field ROLE=COLUMN`, `--status-map VALUE=STATUS`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    /// The column (or JSON key) of a field, by the field's name: `timestamp` → `ts`. A later
    /// entry for a field wins.
    pub columns: Vec<(&'static str, String)>,
    /// The status a value stands for, matched in any case: `P1` → major_outage. A later
    /// entry for a value wins; a value not mapped is read as a status.
    pub statuses: Vec<(String, Status)>,
}

/// Every field a record type reads, for `--field`.
pub const FIELD_NAMES: [&str; 6] = ["timestamp", "service", "status", "start", "end", "title"];

impl Mapping {
    /// The column that holds `field`.
    pub fn column<'m>(&'m self, field: &'m str) -> &'m str {
        let mapped = self.columns.iter().rev().find(|(name, _)| *name == field);
        mapped.map_or(field, |(_, column)| column.as_str())
    }

    /// The status `text` stands for: the mapped one, else the status it names. Inlined, so
    /// that without a mapping a status costs what it did before there were any.
    #[inline]
    pub fn status(&self, text: &[u8]) -> Option<Status> {
        if self.statuses.is_empty() {
            return Status::parse(text);
        }
        self.mapped_status(text)
    }

    #[inline(never)]
    fn mapped_status(&self, text: &[u8]) -> Option<Status> {
        let shown = String::from_utf8_lossy(text);
        let mapped = self
            .statuses
            .iter()
            .rev()
            .find(|(value, _)| value.trim().eq_ignore_ascii_case(shown.trim()));
        mapped.map(|(_, status)| *status).or_else(|| Status::parse(text))
    }
}

/// The most fields a record type has.
pub const MAX_FIELDS: usize = 5;

/// The fields of a record type, at most [`MAX_FIELDS`].
pub type Fields = [FieldSpec];

/// One field's value as a reader found it.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    /// Text, not yet checked to be UTF-8 (CSV hands over bytes).
    Text(&'a [u8]),
    /// A JSON number: epoch seconds where a timestamp is expected.
    Number(Number),
    /// JSON null, or an empty CSV cell.
    Null,
    /// Something no field accepts, e.g. a JSON array; names what it was.
    Other(&'static str),
}

/// A JSON number as read: whole numbers exactly, others as the nearest double.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Integer(i128),
    Fraction(f64),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Integer(number) => write!(f, "{number}"),
            // Plain decimal digits, never an exponent: the shortest that reads back the same.
            Number::Fraction(number) => write!(f, "{number}"),
        }
    }
}

/// A record whose fields are looked up by their index in the record type's field list.
pub trait Row {
    fn cell(&self, field: usize) -> Option<Cell<'_>>;
}

/// Where records go, one at a time, as a reader finds them.
pub trait RecordSink {
    /// The fields this kind of record has; rows are indexed by position in this list.
    fn fields(&self) -> &'static Fields;
    /// The column (or JSON key) that holds field `index`: its own name unless mapped.
    fn column(&self, index: usize) -> &str {
        self.fields()[index].name
    }

    /// Takes a record that starts on `line` of its input.
    fn record(&mut self, row: &impl Row, line: u64) -> Result<(), FieldError>;

    /// What becomes of the records this sink cannot read; `None`: the first stops the read.
    fn bad_rows(&mut self) -> Option<&mut BadRows> {
        None
    }

    /// A record that could not be read: stop at it, or skip it and say so later.
    fn skip(&mut self, error: InputError) -> Result<(), InputError> {
        match self.bad_rows() {
            Some(bad_rows) => bad_rows.skip(error),
            None => Err(error),
        }
    }

    /// The records skipped so far, if this sink skips any.
    fn skipped_mut(&mut self) -> Option<&mut Skipped> {
        self.bad_rows().map(|bad_rows| &mut bad_rows.skipped)
    }
}

/// What becomes of a record that cannot be read: it stops the run, or with `--keep-going`
/// it is skipped and counted.
#[derive(Debug, Default)]
pub struct BadRows {
    pub keep_going: bool,
    pub skipped: Skipped,
}

impl BadRows {
    pub fn new(keep_going: bool) -> Self {
        BadRows { keep_going, skipped: Skipped::default() }
    }

    fn skip(&mut self, error: InputError) -> Result<(), InputError> {
        if !self.keep_going {
            return Err(error);
        }
        self.skipped.add(error);
        Ok(())
    }
}

/// The records of one source that were skipped (`--keep-going`), in the order read.
#[derive(Debug, Default)]
pub struct Skipped {
    /// Why each of the first [`Skipped::KEPT`] was skipped.
    pub errors: Vec<InputError>,
    /// How many were skipped in all.
    pub count: u64,
}

impl Skipped {
    /// The most errors kept to be shown; the rest are only counted.
    pub const KEPT: usize = 100;

    /// Takes a skipped record's error.
    pub fn add(&mut self, error: InputError) {
        self.count += 1;
        if self.errors.len() < Skipped::KEPT {
            self.errors.push(error);
        }
    }

    /// Adds the records another part of the same source skipped, after these.
    pub fn append(&mut self, later: Skipped) {
        self.count += later.count;
        let room = Skipped::KEPT.saturating_sub(self.errors.len());
        self.errors.extend(later.errors.into_iter().take(room));
    }
}

pub const EVENT_FIELDS: [FieldSpec; 3] = [
    FieldSpec { name: "timestamp", required: true, expected: "a timestamp" },
    FieldSpec { name: "service", required: true, expected: "a service name" },
    FieldSpec { name: "status", required: true, expected: "a status" },
];

pub const MAINTENANCE_FIELDS: [FieldSpec; 3] = [
    FieldSpec { name: "start", required: true, expected: "a timestamp" },
    FieldSpec { name: "end", required: true, expected: "a timestamp" },
    FieldSpec { name: "service", required: false, expected: "a service name, or * for all" },
];

pub const INCIDENT_FIELDS: [FieldSpec; 5] = [
    FieldSpec { name: "start", required: true, expected: "a timestamp" },
    FieldSpec { name: "end", required: false, expected: "a timestamp, or empty while still open" },
    FieldSpec { name: "service", required: true, expected: "a service name" },
    FieldSpec { name: "status", required: false, expected: "a status (default major_outage)" },
    FieldSpec { name: "title", required: false, expected: "the incident's title" },
];

/// What a CSV header for these fields looks like, for messages.
/// `columns` names the column of each field; a mapped one is shown with its field.
pub fn header_description(fields: &[FieldSpec], columns: &[&str]) -> String {
    let named = |(spec, column): (&FieldSpec, &&str)| {
        if spec.name == *column {
            spec.name.to_owned()
        } else {
            format!("{column} (the {})", spec.name)
        }
    };
    let names: Vec<String> = fields.iter().zip(columns).map(named).collect();
    let optional: Vec<String> =
        fields.iter().zip(columns).filter(|(spec, _)| !spec.required).map(named).collect();
    let mut description = format!("a header row with the columns {}", names.join(", "));
    if !optional.is_empty() {
        description += &format!(" ({} optional)", optional.join(", "));
    }
    description
}

/// The trimmed bytes of a field, or what is wrong with it. Blank counts as missing.
fn trimmed_value<'r>(
    row: &'r impl Row,
    spec: &FieldSpec,
    index: usize,
) -> Result<Option<&'r [u8]>, FieldError> {
    let bytes = match row.cell(index) {
        None | Some(Cell::Null) => return Ok(None),
        Some(Cell::Text(bytes)) => bytes.trim_ascii(),
        Some(Cell::Number(_)) => return Err(wrong_type(spec, "a number")),
        Some(Cell::Other(found)) => return Err(wrong_type(spec, found)),
    };
    Ok(Some(bytes).filter(|bytes| !bytes.is_empty()))
}

fn wrong_type(spec: &FieldSpec, found: &'static str) -> FieldError {
    FieldError {
        field: spec.name,
        problem: FieldProblem::WrongType { found, expected: spec.expected },
    }
}

fn required<'r>(row: &'r impl Row, spec: &FieldSpec, index: usize) -> Result<&'r [u8], FieldError> {
    // The error is made only when the field is missing: made and dropped for every field
    // read (`ok_or`), it cost the hot path 45 instructions an event.
    match trimmed_value(row, spec, index)? {
        Some(bytes) => Ok(bytes),
        None => Err(FieldError { field: spec.name, problem: FieldProblem::Missing(spec.expected) }),
    }
}

/// Text that must be UTF-8; the other fields are checked byte by byte by their parsers.
pub fn utf8<'b>(spec: &FieldSpec, bytes: &'b [u8]) -> Result<&'b str, FieldError> {
    std::str::from_utf8(bytes).map_err(|_| FieldError {
        field: spec.name,
        problem: FieldProblem::NotUtf8(String::from_utf8_lossy(bytes).into_owned()),
    })
}

fn timestamp(
    row: &impl Row,
    spec: &FieldSpec,
    index: usize,
    timestamps: &mut TimestampReader,
) -> Result<UnixMs, FieldError> {
    let invalid = |value: String, reason| FieldError {
        field: spec.name,
        problem: FieldProblem::Timestamp { value, reason },
    };
    if let Some(Cell::Number(number)) = row.cell(index) {
        // Its decimal digits are read as the same number written as text would be, so both
        // round alike.
        let mut digits = [0; 64];
        let mut cursor = io::Cursor::new(&mut digits[..]);
        let written = write!(cursor, "{number}").map(|()| cursor.position() as usize);
        let seconds = match written {
            Ok(length) => timestamps.number(&digits[..length]),
            Err(_) => Err(OUT_OF_RANGE.to_owned()),
        };
        return seconds.map_err(|reason| invalid(number.to_string(), reason));
    }
    let value = required(row, spec, index)?;
    timestamps
        .read(value)
        .map_err(|reason| invalid(String::from_utf8_lossy(value).into_owned(), reason))
}

/// The event field holding the service's name.
pub const EVENT_SERVICE: usize = 1;

/// An event: (service name, not yet checked to be UTF-8, time, status).
pub fn decode_event<'r>(
    row: &'r impl Row,
    timestamps: &mut TimestampReader,
    mapping: &Mapping,
) -> Result<(&'r [u8], UnixMs, Status), FieldError> {
    const TIMESTAMP: usize = 0;
    const STATUS: usize = 2;
    let fields = &EVENT_FIELDS;
    let at = timestamp(row, &fields[TIMESTAMP], TIMESTAMP, timestamps)?;
    let service = required(row, &fields[EVENT_SERVICE], EVENT_SERVICE)?;
    let status_text = required(row, &fields[STATUS], STATUS)?;
    let status = mapping.status(status_text).ok_or_else(|| FieldError {
        field: fields[STATUS].name,
        problem: FieldProblem::UnknownStatus(String::from_utf8_lossy(status_text).into_owned()),
    })?;
    Ok((service, at, status))
}

/// An incident row as read.
pub struct IncidentRow<'r> {
    /// The service's name, not yet checked to be UTF-8.
    pub service: &'r [u8],
    pub start: UnixMs,
    /// `None` while still open.
    pub end: Option<UnixMs>,
    /// The status it puts the service in: `major_outage` unless said.
    pub status: Status,
}

/// An incident row.
pub fn decode_incident<'r>(
    row: &'r impl Row,
    timestamps: &mut TimestampReader,
    mapping: &Mapping,
) -> Result<IncidentRow<'r>, FieldError> {
    const START: usize = 0;
    const END: usize = 1;
    const SERVICE: usize = 2;
    const STATUS: usize = 3;
    let fields = &INCIDENT_FIELDS;
    let start = timestamp(row, &fields[START], START, timestamps)?;
    let end = match row.cell(END) {
        None | Some(Cell::Null) => None,
        Some(Cell::Text(text)) if text.trim_ascii().is_empty() => None,
        Some(_) => Some(timestamp(row, &fields[END], END, timestamps)?),
    };
    if end.is_some_and(|end| end <= start) {
        return Err(ends_before_start(row, &fields[END], START, END, Spanning::Incident));
    }
    let service = required(row, &fields[SERVICE], SERVICE)?;
    let status = match trimmed_value(row, &fields[STATUS], STATUS)? {
        None => Status::MajorOutage,
        Some(text) => mapping.status(text).ok_or_else(|| FieldError {
            field: fields[STATUS].name,
            problem: FieldProblem::UnknownStatus(String::from_utf8_lossy(text).into_owned()),
        })?,
    };
    Ok(IncidentRow { service, start, end, status })
}

/// The error of a record that ends at or before it starts, with both as the file writes
/// them: the reader can find them there.
fn ends_before_start(
    row: &impl Row,
    end_spec: &FieldSpec,
    start: usize,
    end: usize,
    what: Spanning,
) -> FieldError {
    let text = |index| match row.cell(index) {
        Some(Cell::Number(number)) => number.to_string(),
        Some(Cell::Text(text)) => String::from_utf8_lossy(text.trim_ascii()).into_owned(),
        _ => String::new(),
    };
    FieldError {
        field: end_spec.name,
        problem: FieldProblem::EndsBeforeStart { start: text(start), end: text(end), what },
    }
}

/// A maintenance window: (start, end, coverage).
pub fn decode_maintenance(
    row: &impl Row,
    timestamps: &mut TimestampReader,
) -> Result<(UnixMs, UnixMs, Coverage), FieldError> {
    const START: usize = 0;
    const END: usize = 1;
    const SERVICE: usize = 2;
    let fields = &MAINTENANCE_FIELDS;
    let start = timestamp(row, &fields[START], START, timestamps)?;
    let end = timestamp(row, &fields[END], END, timestamps)?;
    if end <= start {
        return Err(ends_before_start(row, &fields[END], START, END, Spanning::MaintenanceWindow));
    }
    let coverage = match trimmed_value(row, &fields[SERVICE], SERVICE)? {
        None | Some(b"*") => Coverage::Every,
        Some(service) => Coverage::Service(utf8(&fields[SERVICE], service)?.to_owned()),
    };
    Ok((start, end, coverage))
}
