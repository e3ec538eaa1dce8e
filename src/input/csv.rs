//! CSV with a header row: the columns a record type needs, in any order, found by name.
//!
//! A large file is read in parallel: cut into chunks at line ends, one thread a chunk, each
//! into its own sink. A line end is a record end only when no field is quoted, so a chunk is
//! read as plain lines of comma-separated fields, and gives up at the first `"`; the file is
//! then read in one piece by the full CSV parser.
//!
//! Either way, lines holding nothing but spaces are skipped.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use csv_core::{ReadRecordResult, Terminator};

use super::record::{Cell, FieldSpec, RecordSink, Row, header_description};
use crate::error::{FieldKind, InputError, Location};

/// Files smaller than this are read by one thread: starting more costs more than it saves.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;

const BUFFER_BYTES: usize = 1 << 16;

/// A chunk is read a megabyte at a time: fewer reads, and most lines whole in one buffer.
const CHUNK_BUFFER_BYTES: usize = 1 << 20;

/// One record: its fields' bytes end to end, where each field ends, and its first line.
#[derive(Default)]
struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    field_count: usize,
    line: u64,
}

impl Record {
    fn field(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends[..self.field_count].get(index)?;
        let start = index.checked_sub(1).map_or(0, |previous| self.ends[previous]);
        Some(&self.bytes[start..end])
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.field_count).filter_map(|index| self.field(index))
    }

    /// A line of nothing but spaces: skipped, as blank lines are.
    fn is_blank(&self) -> bool {
        self.field_count == 1 && self.bytes[..self.ends[0]].trim_ascii().is_empty()
    }
}

/// Reads records with csv-core, keeping count of lines so that every record knows its own:
/// the line its first field starts on, whatever blank lines, quoted line ends or `\r\n`
/// came before.
struct RecordReader<R> {
    input: BufReader<R>,
    parser: csv_core::Reader,
    /// The line of the next byte to read.
    line: u64,
    /// Bytes read so far.
    offset: u64,
}

impl<R: Read> RecordReader<R> {
    fn new(input: R) -> io::Result<Self> {
        let mut input = BufReader::with_capacity(BUFFER_BYTES, input);
        // A byte-order mark is not part of the first column's name.
        let has_bom = input.fill_buf()?.starts_with(b"\xEF\xBB\xBF");
        let bom_length = if has_bom { 3 } else { 0 };
        input.consume(bom_length);
        // Records end at `\n` alone; a `\r` before it is trimmed with the field.
        let parser = csv_core::ReaderBuilder::new().terminator(Terminator::Any(b'\n')).build();
        Ok(RecordReader { input, parser, line: 1, offset: bom_length as u64 })
    }

    fn consume(&mut self, length: usize) {
        self.offset += length as u64;
        self.input.consume(length);
    }

    /// Reads the next record into `record`; false at the end of the input.
    fn next(&mut self, record: &mut Record) -> io::Result<bool> {
        // Line ends before a record are blank lines; skipping them here fixes its line.
        loop {
            let buffer = self.input.fill_buf()?;
            let blank = buffer.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            let more = blank == buffer.len() && blank > 0;
            self.line += buffer[..blank].iter().filter(|&&b| b == b'\n').count() as u64;
            self.consume(blank);
            if !more {
                break;
            }
        }
        record.line = self.line;
        if record.bytes.is_empty() {
            record.bytes.resize(256, 0);
            record.ends.resize(16, 0);
        }
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, output, ends) = self.parser.read_record(
                input,
                &mut record.bytes[written..],
                &mut record.ends[ended..],
            );
            self.line += memchr::memchr_iter(b'\n', &input[..read]).count() as u64;
            self.consume(read);
            written += output;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => record.bytes.resize(record.bytes.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => record.ends.resize(record.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    record.field_count = ended;
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    /// Reads the header and finds the record type's columns in it.
    fn header(&mut self, name: &str, fields: &[FieldSpec]) -> Result<Columns, InputError> {
        let mut header = Record::default();
        if !self.next(&mut header).map_err(|error| io_error(name, error))? {
            return Err(InputError::Empty {
                name: name.to_owned(),
                expected: header_description(fields),
            });
        }
        Columns::find(&header, name, fields)
    }
}

struct CsvRow<'a> {
    record: &'a Record,
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for CsvRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        self.record.field(self.columns[field]?).map(Cell::Text)
    }
}

/// Where each field of a record type is in the header.
struct Columns {
    by_field: Vec<Option<usize>>,
    count: usize,
}

impl Columns {
    fn find(header: &Record, name: &str, fields: &[FieldSpec]) -> Result<Columns, InputError> {
        let names: Vec<String> = header
            .fields()
            .map(|column| String::from_utf8_lossy(column.trim_ascii()).to_lowercase())
            .collect();
        let mut by_field = Vec::with_capacity(fields.len());
        for spec in fields {
            let column = names.iter().position(|column| column == spec.name);
            if column.is_none() && spec.required {
                return Err(InputError::MissingColumn {
                    at: at(name, header.line),
                    column: spec.name,
                    header: names.join(","),
                    expected: header_description(fields),
                });
            }
            by_field.push(column);
        }
        Ok(Columns { by_field, count: names.len() })
    }

    /// Hands a record to the sink, once it is known to have as many fields as the header.
    fn deliver(
        &self,
        row: &impl Row,
        field_count: usize,
        name: &str,
        line: u64,
        sink: &mut impl RecordSink,
    ) -> Result<(), InputError> {
        if field_count != self.count {
            let fields = if field_count == 1 { "field" } else { "fields" };
            return Err(InputError::Malformed {
                at: at(name, line),
                message: format!(
                    "the row has {field_count} {fields} but the header has {}",
                    self.count
                ),
            });
        }
        sink.record(row)
            .map_err(|error| InputError::field(at(name, line), FieldKind::Column, error))
    }
}

/// Reads every record into `sink`; stops at the first problem.
pub fn read(input: impl Read, name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    let mut reader = RecordReader::new(input).map_err(|error| io_error(name, error))?;
    let columns = reader.header(name, sink.fields())?;
    let mut record = Record::default();
    while reader.next(&mut record).map_err(|error| io_error(name, error))? {
        if record.is_blank() {
            continue;
        }
        let row = CsvRow { record: &record, columns: &columns.by_field };
        columns.deliver(&row, record.field_count, name, record.line, sink)?;
    }
    Ok(())
}

/// How a chunk ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    Read,
    /// Quoting was found: the file must be read in one piece.
    NeedsCsvParser,
}

/// Reads a file with one thread per sink, each taking one chunk, the chunks in file order.
/// Returns [`Chunk::NeedsCsvParser`] when the file must be read with [`read`] instead; the sinks
/// then hold partial data.
pub fn read_file_in_chunks<S: RecordSink + Send>(
    path: &Path,
    name: &str,
    sinks: &mut [S],
) -> Result<Chunk, InputError> {
    let io_error = |error| io_error(name, error);
    let mut reader = RecordReader::new(File::open(path).map_err(io_error)?).map_err(io_error)?;
    let Some(fields) = sinks.first().map(RecordSink::fields) else { return Ok(Chunk::Read) };
    let columns = reader.header(name, fields)?;
    let body_start = reader.offset;
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
            Ok(Chunk::NeedsCsvParser) => return Ok(Chunk::NeedsCsvParser),
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
    let io_error = |error| io_error(name, error);
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(start)).map_err(io_error)?;
    let mut input = file.take(end - start);
    let mut buffer = vec![0; CHUNK_BUFFER_BYTES];
    let mut filled = 0;
    let mut line_number = 0;
    let mut fields = Vec::with_capacity(columns.count);
    loop {
        let read = input.read(&mut buffer[filled..]).map_err(io_error)?;
        // One search of what was just read, rather than one per line.
        if memchr::memchr(b'"', &buffer[filled..filled + read]).is_some() {
            return Ok(Chunk::NeedsCsvParser);
        }
        filled += read;
        let mut consumed = 0;
        loop {
            let rest = &buffer[consumed..filled];
            let (line, length) = match memchr::memchr(b'\n', rest) {
                Some(newline) => (&rest[..newline], newline + 1),
                // The last line of the file may have no line end.
                None if read == 0 && !rest.is_empty() => (rest, rest.len()),
                None => break,
            };
            consumed += length;
            line_number += 1;
            if line.trim_ascii().is_empty() {
                continue;
            }
            fields.clear();
            let mut field_start = 0;
            for comma in memchr::memchr_iter(b',', line) {
                fields.push(field_start..comma);
                field_start = comma + 1;
            }
            fields.push(field_start..line.len());
            let row = LineRow { line, fields: &fields, columns: &columns.by_field };
            columns.deliver(&row, fields.len(), name, line_number, sink)?;
        }
        if read == 0 {
            return Ok(Chunk::Read);
        }
        buffer.copy_within(consumed..filled, 0);
        filled -= consumed;
        if filled == buffer.len() {
            // A line longer than the buffer.
            buffer.resize(buffer.len() * 2, 0);
        }
    }
}

/// A line of a chunk, split at its commas.
struct LineRow<'a> {
    line: &'a [u8],
    fields: &'a [std::ops::Range<usize>],
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for LineRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        let range = self.fields.get(self.columns[field]?)?;
        Some(Cell::Text(&self.line[range.clone()]))
    }
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

fn at(name: &str, line: u64) -> Location {
    Location { source: name.to_owned(), line, column: None }
}

fn io_error(name: &str, error: io::Error) -> InputError {
    InputError::Io { name: name.to_owned(), error }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::error::FieldError;
    use crate::input::record::EVENT_FIELDS;

    /// Keeps the cells of every record.
    #[derive(Default)]
    struct Cells(Vec<Vec<Option<Vec<u8>>>>);

    impl RecordSink for Cells {
        fn fields(&self) -> &'static [FieldSpec] {
            &EVENT_FIELDS
        }

        fn record(&mut self, row: &impl Row) -> Result<(), FieldError> {
            let cells = (0..EVENT_FIELDS.len())
                .map(|field| match row.cell(field) {
                    Some(Cell::Text(bytes)) => Some(bytes.to_vec()),
                    _ => None,
                })
                .collect();
            self.0.push(cells);
            Ok(())
        }
    }

    /// Lines of a CSV file with the troubles csv knows: quotes, carriage returns, blank and
    /// ragged lines, a missing final line end.
    fn csv_text() -> impl Strategy<Value = String> {
        let cell = prop_oneof![
            8 => "[a-z0-9 :-]{0,6}",
            1 => Just("\"quoted, with \"\" and\nnewline\"".to_owned()),
            1 => Just("a\rb".to_owned()),
        ];
        let line = prop_oneof![
            10 => proptest::collection::vec(cell, 3).prop_map(|cells| cells.join(",")),
            1 => Just(String::new()),
            1 => Just(" \t ".to_owned()),
            1 => "[a-z,]{0,8}",
        ];
        (proptest::collection::vec(line, 0..40), "(\n|\r\n)", any::<bool>()).prop_map(
            |(lines, end, final_end)| {
                let mut text = format!("timestamp,service,status{end}{}", lines.join(&end));
                if final_end {
                    text += &end;
                }
                text
            },
        )
    }

    fn records<R: Read>(mut reader: RecordReader<R>) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut record = Record::default();
        let mut all = Vec::new();
        while reader.next(&mut record).unwrap() {
            if !record.is_blank() {
                all.push((record.line, record.fields().map(<[u8]>::to_vec).collect()));
            }
        }
        all
    }

    proptest! {
        #[test]
        fn fields_are_those_the_csv_crate_reads(text in csv_text()) {
            let ours: Vec<Vec<Vec<u8>>> = records(RecordReader::new(text.as_bytes()).unwrap())
                .into_iter()
                .map(|(_, fields)| fields)
                .collect();
            let mut theirs = Vec::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_reader(text.trim_start_matches(['\r', '\n']).as_bytes());
            for record in reader.byte_records() {
                let record = record.unwrap();
                if !(record.len() == 1 && record[0].trim_ascii().is_empty()) {
                    theirs.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
                }
            }
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn a_record_knows_the_line_it_starts_on(
            lines in proptest::collection::vec(prop_oneof!["[a-z,]{1,6}", Just(String::new()), Just("\r".to_owned())], 0..30),
        ) {
            let text = lines.join("\n");
            let expected: Vec<u64> = lines
                .iter()
                .enumerate()
                .filter(|(_, line)| !line.trim_ascii().is_empty())
                .map(|(index, _)| index as u64 + 1)
                .collect();
            let found: Vec<u64> = records(RecordReader::new(text.as_bytes()).unwrap())
                .into_iter()
                .map(|(line, _)| line)
                .collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn chunks_read_what_one_piece_reads(text in csv_text(), threads in 1..5usize) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("events.csv");
            std::fs::write(&path, &text).unwrap();
            let mut whole = Cells::default();
            let expected = read(text.as_bytes(), "events.csv", &mut whole).map_err(|e| e.to_string());
            let mut parts: Vec<Cells> = (0..threads).map(|_| Cells::default()).collect();
            match read_file_in_chunks(&path, "events.csv", &mut parts) {
                Ok(Chunk::NeedsCsvParser) => {}
                Ok(Chunk::Read) => {
                    prop_assert!(expected.is_ok(), "{expected:?}");
                    let cells: Vec<_> = parts.into_iter().flat_map(|part| part.0).collect();
                    prop_assert_eq!(cells, whole.0);
                }
                Err(error) => prop_assert_eq!(Err(error.to_string()), expected),
            }
        }
    }
}
