//! CSV with a header row: the columns a record type needs, in any order, found by name.

use std::io::Read;

use csv::{ByteRecord, ErrorKind, ReaderBuilder};

use super::record::{Cell, RecordSink, Row, header_description};
use crate::error::{FieldKind, InputError, Location};

struct CsvRow<'a> {
    record: &'a ByteRecord,
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for CsvRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        let column = self.columns[field]?;
        self.record.get(column).map(Cell::Text)
    }
}

/// Reads every record into `sink`; stops at the first problem.
pub fn read(input: impl Read, name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    let fields = sink.fields();
    let at = |line: u64| Location {
        source: name.to_owned(),
        line,
        column: None,
    };
    let mut reader = ReaderBuilder::new()
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let header = reader
        .byte_headers()
        .map_err(|error| convert(error, name))?
        .clone();
    if header.is_empty() {
        return Err(InputError::Empty {
            name: name.to_owned(),
            expected: header_description(fields),
        });
    }
    let names: Vec<String> = header
        .iter()
        .map(|column| String::from_utf8_lossy(column.trim_ascii()).to_lowercase())
        .collect();
    let mut columns = Vec::with_capacity(fields.len());
    for spec in fields {
        let column = names.iter().position(|column| column == spec.name);
        if column.is_none() && spec.required {
            return Err(InputError::MissingColumn {
                at: at(1),
                column: spec.name,
                header: names.join(","),
                expected: header_description(fields),
            });
        }
        columns.push(column);
    }
    let mut record = ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|error| convert(error, name))?
    {
        sink.record(&CsvRow {
            record: &record,
            columns: &columns,
        })
        .map_err(|error| {
            let line = record.position().map_or(0, csv::Position::line);
            InputError::field(at(line), FieldKind::Column, error)
        })?;
    }
    Ok(())
}

fn convert(error: csv::Error, name: &str) -> InputError {
    let at = Location {
        source: name.to_owned(),
        line: error.position().map_or(0, csv::Position::line),
        column: None,
    };
    let message = error.to_string();
    match error.into_kind() {
        ErrorKind::Io(error) => InputError::Io {
            name: name.to_owned(),
            error,
        },
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => InputError::Malformed {
            at,
            message: format!("the row has {len} fields but the header has {expected_len}"),
        },
        _ => InputError::Malformed { at, message },
    }
}
