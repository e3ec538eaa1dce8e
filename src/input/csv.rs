//! CSV with a header row: the columns a record type needs, in any order, found by name.
//!
//! A large file is read in parallel: cut into chunks at line ends, one thread a chunk, each
//! into its own sink. A line end is a record end only when no field is quoted, so chunks are
//! read with quoting off and give up at the first `"`; the file is then read in one piece.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use csv::{ByteRecord, ErrorKind, ReaderBuilder};

use super::record::{Cell, FieldSpec, RecordSink, Row, header_description};
use crate::error::{FieldKind, InputError, Location};

/// Files smaller than this are read by one thread: starting more costs more than it saves.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;

const BUFFER_BYTES: usize = 1 << 16;

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

/// Where each field of a record type is in the header.
struct Columns {
    by_field: Vec<Option<usize>>,
    count: usize,
}

impl Columns {
    fn find(header: &ByteRecord, name: &str, fields: &[FieldSpec]) -> Result<Columns, InputError> {
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
        let mut by_field = Vec::with_capacity(fields.len());
        for spec in fields {
            let column = names.iter().position(|column| column == spec.name);
            if column.is_none() && spec.required {
                return Err(InputError::MissingColumn {
                    at: Location { source: name.to_owned(), line: 1, column: None },
                    column: spec.name,
                    header: names.join(","),
                    expected: header_description(fields),
                });
            }
            by_field.push(column);
        }
        Ok(Columns { by_field, count: header.len() })
    }
}

/// Reads every record into `sink`; stops at the first problem.
pub fn read(input: impl Read, name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    let mut reader = ReaderBuilder::new().buffer_capacity(BUFFER_BYTES).from_reader(input);
    let header = reader.byte_headers().map_err(|error| convert(error, name))?;
    let columns = Columns::find(header, name, sink.fields())?;
    read_records(&mut reader, name, &columns, Quotes::Allowed, sink).map(drop)
}

/// How a chunk ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    Read,
    /// A `"` was found: the file must be read in one piece.
    HasQuotes,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    Allowed,
    Refused,
}

fn read_records<R: Read>(
    reader: &mut csv::Reader<R>,
    name: &str,
    columns: &Columns,
    quotes: Quotes,
    sink: &mut impl RecordSink,
) -> Result<Chunk, InputError> {
    let at = |record: &ByteRecord| Location {
        source: name.to_owned(),
        line: record.position().map_or(0, csv::Position::line),
        column: None,
    };
    let mut record = ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(|error| convert(error, name))? {
        if quotes == Quotes::Refused {
            if record.as_slice().contains(&b'"') {
                return Ok(Chunk::HasQuotes);
            }
            if record.len() != columns.count {
                return Err(ragged(at(&record), record.len(), columns.count));
            }
        }
        sink.record(&CsvRow { record: &record, columns: &columns.by_field })
            .map_err(|error| InputError::field(at(&record), FieldKind::Column, error))?;
    }
    Ok(Chunk::Read)
}

/// Reads a file with one thread per sink, each taking one chunk, the chunks in file order.
/// Returns [`Chunk::HasQuotes`] when the file must be read with [`read`] instead; the sinks
/// then hold partial data.
pub fn read_file_in_chunks<S: RecordSink + Send>(
    path: &Path,
    name: &str,
    sinks: &mut [S],
) -> Result<Chunk, InputError> {
    let io_error = |error| InputError::Io { name: name.to_owned(), error };
    let mut reader = ReaderBuilder::new()
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(File::open(path).map_err(io_error)?);
    let header = reader.byte_headers().map_err(|error| convert(error, name))?;
    if header.as_slice().contains(&b'"') {
        return Ok(Chunk::HasQuotes);
    }
    let Some(fields) = sinks.first().map(RecordSink::fields) else { return Ok(Chunk::Read) };
    let columns = Columns::find(header, name, fields)?;
    let body_start = reader.position().byte();
    let ranges = chunk_ranges(path, body_start, sinks.len()).map_err(io_error)?;
    let results: Vec<Result<Chunk, InputError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = sinks
            .iter_mut()
            .zip(&ranges)
            .map(|(sink, &(start, end))| {
                let columns = &columns;
                scope.spawn(move || read_chunk(path, name, start, end, columns, sink))
            })
            .collect();
        threads.into_iter().map(|thread| thread.join().expect("a chunk reader panicked")).collect()
    });
    for (result, &(start, _)) in results.into_iter().zip(&ranges) {
        match result {
            Ok(Chunk::Read) => {}
            Ok(Chunk::HasQuotes) => return Ok(Chunk::HasQuotes),
            Err(mut error) => {
                // Lines were counted from the chunk's start.
                if let Some(at) = error.location_mut() {
                    at.line += count_lines(path, start).map_err(io_error)?;
                }
                return Err(error);
            }
        }
    }
    Ok(Chunk::Read)
}

fn read_chunk(
    path: &Path,
    name: &str,
    start: u64,
    end: u64,
    columns: &Columns,
    sink: &mut impl RecordSink,
) -> Result<Chunk, InputError> {
    let io_error = |error| InputError::Io { name: name.to_owned(), error };
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(start)).map_err(io_error)?;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .quoting(false)
        .flexible(true)
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(file.take(end - start));
    read_records(&mut reader, name, columns, Quotes::Refused, sink)
}

/// `count` byte ranges covering [body_start, file end), each ending just after a line end.
fn chunk_ranges(path: &Path, body_start: u64, count: usize) -> std::io::Result<Vec<(u64, u64)>> {
    let mut file = BufReader::new(File::open(path)?);
    let len = file.get_ref().metadata()?.len();
    let mut starts = vec![body_start];
    for k in 1..count as u64 {
        let target = body_start + (len - body_start) * k / count as u64;
        file.seek(SeekFrom::Start(target))?;
        let mut skipped = Vec::new();
        file.read_until(b'\n', &mut skipped)?;
        let start = (target + skipped.len() as u64).max(*starts.last().unwrap_or(&0));
        starts.push(start);
    }
    let ends = starts.iter().skip(1).copied().chain([len]);
    Ok(starts.iter().copied().zip(ends).collect())
}

/// Lines before a byte offset, so a chunk's line numbers can be made the file's.
fn count_lines(path: &Path, until: u64) -> std::io::Result<u64> {
    let mut reader = BufReader::with_capacity(BUFFER_BYTES, File::open(path)?.take(until));
    let mut lines = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(lines);
        }
        lines += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
        let consumed = buffer.len();
        reader.consume(consumed);
    }
}

fn ragged(at: Location, len: usize, expected_len: usize) -> InputError {
    InputError::Malformed {
        at,
        message: format!("the row has {len} fields but the header has {expected_len}"),
    }
}

fn convert(error: csv::Error, name: &str) -> InputError {
    let at = Location {
        source: name.to_owned(),
        line: error.position().map_or(0, csv::Position::line),
        column: None,
    };
    let message = error.to_string();
    match error.into_kind() {
        ErrorKind::Io(error) => InputError::Io { name: name.to_owned(), error },
        ErrorKind::UnequalLengths { expected_len, len, .. } => {
            ragged(at, len as usize, expected_len as usize)
        }
        _ => InputError::Malformed { at, message },
    }
}
