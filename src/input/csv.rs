//! CSV with a header row: the columns a record type needs, in any order, found by name.
//!
//! Most event logs quote nothing, and then a line is a record and a comma ends a field. So
//! lines are split with a fast byte search until one holds a `"`; from that line on, the full
//! parser (csv-core) reads the rest. Lines holding nothing but spaces are skipped, as csv
//! skips empty ones.
//!
//! A large file is read in parallel: cut into chunks at line ends, one thread a chunk, each
//! into its own sink. A line end is a record end only when nothing is quoted, so a chunk gives
//! up at the first `"`, and the file is then read in one piece.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use csv_core::{ReadRecordResult, Terminator};

use super::record::{Cell, FieldSpec, RecordSink, Row, header_description};
use crate::error::{FieldKind, InputError, Location};

/// Files smaller than this are read by one thread: starting more costs more than it saves.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;

/// Input is read a megabyte at a time: few reads, and most lines whole in one buffer.
const LINE_BUFFER_BYTES: usize = 1 << 20;

/// Reads every record into `sink`; stops at the first problem.
pub fn read(input: impl Read, name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    read_buffered(input, LINE_BUFFER_BYTES, name, sink)
}

fn read_buffered(
    input: impl Read,
    buffer_bytes: usize,
    name: &str,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let io_error = |error| io_error(name, error);
    let mut lines = Lines::new(input, 0, buffer_bytes);
    lines.skip_byte_order_mark().map_err(io_error)?;
    let columns = plain_header(&mut lines, name, sink.fields())?;
    if let Some(columns) = &columns {
        if read_plain_lines(&mut lines, columns, name, sink)? {
            return Ok(());
        }
    }
    // A quote: the full parser takes over at the line that holds it.
    let (rest, line) = lines.into_rest();
    read_records(RecordReader::new(rest, line), columns, name, sink)
}

/// How a chunk ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    Read,
    /// Quoting was found: the file must be read in one piece.
    NeedsCsvParser,
}

/// Reads a file with one thread per sink, each taking one chunk, the chunks in file order.
/// Returns [`Chunk::NeedsCsvParser`] when the file must be read with [`read`] instead; the
/// sinks then hold partial data.
pub fn read_file_in_chunks<S: RecordSink + Send>(
    path: &Path,
    name: &str,
    sinks: &mut [S],
) -> Result<Chunk, InputError> {
    let io_error = |error| io_error(name, error);
    let Some(fields) = sinks.first().map(RecordSink::fields) else { return Ok(Chunk::Read) };
    let mut lines = Lines::new(File::open(path).map_err(io_error)?, 0, LINE_BUFFER_BYTES);
    lines.skip_byte_order_mark().map_err(io_error)?;
    let Some(columns) = plain_header(&mut lines, name, fields)? else {
        return Ok(Chunk::NeedsCsvParser);
    };
    let ranges = chunk_ranges(path, lines.offset, sinks.len()).map_err(io_error)?;
    let results: Vec<Result<Chunk, InputError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = sinks
            .iter_mut()
            .zip(&ranges)
            .map(|(sink, range)| {
                let columns = &columns;
                scope.spawn(move || read_chunk(path, name, range.clone(), columns, sink))
            })
            .collect();
        threads.into_iter().map(|thread| thread.join().expect("a chunk reader panicked")).collect()
    });
    for (result, range) in results.into_iter().zip(&ranges) {
        match result {
            Ok(Chunk::Read) => {}
            Ok(Chunk::NeedsCsvParser) => return Ok(Chunk::NeedsCsvParser),
            Err(mut error) => {
                // Lines were counted from the chunk's start.
                if let Some(at) = error.location_mut() {
                    at.line += count_lines(path, range.start).map_err(io_error)?;
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
    range: Range<u64>,
    columns: &Columns,
    sink: &mut impl RecordSink,
) -> Result<Chunk, InputError> {
    let io_error = |error| io_error(name, error);
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(range.start)).map_err(io_error)?;
    let mut lines = Lines::new(file.take(range.end - range.start), 0, LINE_BUFFER_BYTES);
    Ok(if read_plain_lines(&mut lines, columns, name, sink)? {
        Chunk::Read
    } else {
        Chunk::NeedsCsvParser
    })
}

/// Where each field of a record type is in the header.
struct Columns {
    by_field: Vec<Option<usize>>,
    count: usize,
}

impl Columns {
    fn find<'h>(
        header: impl Iterator<Item = &'h [u8]>,
        line: u64,
        name: &str,
        fields: &[FieldSpec],
    ) -> Result<Columns, InputError> {
        let names: Vec<String> = header
            .map(|column| String::from_utf8_lossy(column.trim_ascii()).into_owned())
            .collect();
        let mut by_field = Vec::with_capacity(fields.len());
        for spec in fields {
            let mut matches = names
                .iter()
                .enumerate()
                .filter(|(_, column)| column.eq_ignore_ascii_case(spec.name))
                .map(|(index, _)| index);
            let column = matches.next();
            if let (Some(first), Some(second)) = (column, matches.next()) {
                return Err(InputError::Malformed {
                    at: at(name, line),
                    message: format!(
                        "column {:?} appears twice in the header (columns {} and {})",
                        spec.name,
                        first + 1,
                        second + 1
                    ),
                });
            }
            if column.is_none() && spec.required {
                return Err(InputError::MissingColumn {
                    at: at(name, line),
                    column: spec.name,
                    header: quoted_list(&names),
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

/// A line from [`Lines`].
enum Line<'a> {
    /// A line without quotes, without its line end, and its number.
    Plain(&'a [u8], u64),
    /// The next line holds a quote; it is left unread.
    Quoted,
}

/// Splits input into lines, and tells which hold a quote.
struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    /// The unread bytes are `buffer[start..filled]`.
    start: usize,
    filled: usize,
    /// Where the first quote in the unread bytes is, if there is one.
    first_quote: Option<usize>,
    at_end: bool,
    /// The number of the last line read.
    line: u64,
    /// Bytes read so far.
    offset: u64,
}

impl<R: Read> Lines<R> {
    /// Lines of `input`, numbered from `lines_before + 1`, read `buffer_bytes` at a time.
    fn new(input: R, lines_before: u64, buffer_bytes: usize) -> Self {
        Lines {
            input,
            buffer: vec![0; buffer_bytes.max(1)],
            start: 0,
            filled: 0,
            first_quote: None,
            at_end: false,
            line: lines_before,
            offset: 0,
        }
    }

    /// A byte-order mark is not part of the first column's name.
    fn skip_byte_order_mark(&mut self) -> io::Result<()> {
        while self.filled < 3 && !self.at_end {
            self.fill()?;
        }
        if self.buffer[..self.filled].starts_with(b"\xEF\xBB\xBF") {
            self.start += 3;
            self.offset += 3;
        }
        Ok(())
    }

    fn fill(&mut self) -> io::Result<()> {
        self.buffer.copy_within(self.start..self.filled, 0);
        self.filled -= self.start;
        self.first_quote = self.first_quote.map(|quote| quote - self.start);
        self.start = 0;
        if self.filled == self.buffer.len() {
            // A line longer than the buffer.
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        let read = loop {
            match self.input.read(&mut self.buffer[self.filled..]) {
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        };
        let new = self.filled..self.filled + read;
        // One search of what was just read, rather than one per line.
        if self.first_quote.is_none() {
            self.first_quote =
                memchr::memchr(b'"', &self.buffer[new.clone()]).map(|quote| new.start + quote);
        }
        self.filled = new.end;
        self.at_end = read == 0;
        Ok(())
    }

    fn next(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            let rest = &self.buffer[self.start..self.filled];
            let (length, consumed) = match memchr::memchr(b'\n', rest) {
                Some(newline) => (newline, newline + 1),
                // The last line may have no line end.
                None if self.at_end && rest.is_empty() => return Ok(None),
                None if self.at_end => (rest.len(), rest.len()),
                None => {
                    self.fill()?;
                    continue;
                }
            };
            if self.first_quote.is_some_and(|quote| quote < self.start + consumed) {
                return Ok(Some(Line::Quoted));
            }
            let begin = self.start;
            self.start += consumed;
            self.offset += consumed as u64;
            self.line += 1;
            return Ok(Some(Line::Plain(&self.buffer[begin..begin + length], self.line)));
        }
    }

    /// The unread bytes followed by the rest of the input, and the line they start on.
    fn into_rest(self) -> (io::Chain<io::Cursor<Vec<u8>>, R>, u64) {
        let unread = self.buffer[self.start..self.filled].to_vec();
        (io::Cursor::new(unread).chain(self.input), self.line + 1)
    }
}

/// The header, from the first line that is not blank; `None` when that line holds a quote.
fn plain_header(
    lines: &mut Lines<impl Read>,
    name: &str,
    fields: &[FieldSpec],
) -> Result<Option<Columns>, InputError> {
    let mut ranges = Vec::new();
    loop {
        match lines.next().map_err(|error| io_error(name, error))? {
            None => {
                return Err(InputError::Empty {
                    name: name.to_owned(),
                    expected: header_description(fields),
                });
            }
            Some(Line::Quoted) => return Ok(None),
            Some(Line::Plain(text, _)) if text.trim_ascii().is_empty() => {}
            Some(Line::Plain(text, line)) => {
                split_fields(text, &mut ranges);
                let header = ranges.iter().map(|range| &text[range.clone()]);
                return Columns::find(header, line, name, fields).map(Some);
            }
        }
    }
}

/// Reads lines into the sink until the input ends (true) or a line holds a quote (false).
fn read_plain_lines(
    lines: &mut Lines<impl Read>,
    columns: &Columns,
    name: &str,
    sink: &mut impl RecordSink,
) -> Result<bool, InputError> {
    let mut fields = Vec::with_capacity(columns.count);
    loop {
        match lines.next().map_err(|error| io_error(name, error))? {
            None => return Ok(true),
            Some(Line::Quoted) => return Ok(false),
            Some(Line::Plain(text, _)) if text.trim_ascii().is_empty() => {}
            Some(Line::Plain(text, line)) => {
                split_fields(text, &mut fields);
                let row = LineRow { line: text, fields: &fields, columns: &columns.by_field };
                columns.deliver(&row, fields.len(), name, line, sink)?;
            }
        }
    }
}

fn split_fields(line: &[u8], fields: &mut Vec<Range<usize>>) {
    fields.clear();
    let mut start = 0;
    for comma in memchr::memchr_iter(b',', line) {
        fields.push(start..comma);
        start = comma + 1;
    }
    fields.push(start..line.len());
}

/// A line split at its commas.
struct LineRow<'a> {
    line: &'a [u8],
    fields: &'a [Range<usize>],
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for LineRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        let range = self.fields.get(self.columns[field]?)?;
        Some(Cell::Text(&self.line[range.clone()]))
    }
}

/// Reads the records the full parser finds; the header too, unless already known.
fn read_records(
    mut reader: RecordReader<impl Read>,
    columns: Option<Columns>,
    name: &str,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let io_error = |error| io_error(name, error);
    let mut record = Record::default();
    let columns = match columns {
        Some(columns) => columns,
        None => loop {
            if !reader.next(&mut record).map_err(io_error)? {
                return Err(InputError::Empty {
                    name: name.to_owned(),
                    expected: header_description(sink.fields()),
                });
            }
            if !record.is_blank() {
                break Columns::find(record.fields(), record.line, name, sink.fields())?;
            }
        },
    };
    while reader.next(&mut record).map_err(io_error)? {
        if record.is_blank() {
            continue;
        }
        let row = RecordRow { record: &record, columns: &columns.by_field };
        columns.deliver(&row, record.field_count, name, record.line, sink)?;
    }
    Ok(())
}

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
        self.field(0).is_some_and(|field| self.field_count == 1 && field.trim_ascii().is_empty())
    }
}

struct RecordRow<'a> {
    record: &'a Record,
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for RecordRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        self.record.field(self.columns[field]?).map(Cell::Text)
    }
}

/// Reads records with csv-core, keeping count of lines so that every record knows its own:
/// the line its first field starts on, whatever blank lines or quoted line ends came before.
struct RecordReader<R> {
    input: BufReader<R>,
    parser: csv_core::Reader,
    /// The line of the next byte to read.
    line: u64,
}

impl<R: Read> RecordReader<R> {
    /// Records of `input`, whose first byte is on line `line`.
    fn new(input: R, line: u64) -> Self {
        // Records end at `\n` alone; a `\r` before it is trimmed with the field.
        let parser = csv_core::ReaderBuilder::new().terminator(Terminator::Any(b'\n')).build();
        RecordReader { input: BufReader::with_capacity(1 << 16, input), parser, line }
    }

    /// Reads the next record into `record`; false at the end of the input.
    fn next(&mut self, record: &mut Record) -> io::Result<bool> {
        // Line ends before a record are blank lines; skipping them here fixes its line.
        loop {
            let buffer = self.input.fill_buf()?;
            let blank = buffer.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            let more = blank == buffer.len() && blank > 0;
            self.line += buffer[..blank].iter().filter(|&&b| b == b'\n').count() as u64;
            self.input.consume(blank);
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
            self.input.consume(read);
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
}

/// `count` byte ranges covering [body_start, file end), each ending just after a line end.
fn chunk_ranges(path: &Path, body_start: u64, count: usize) -> io::Result<Vec<Range<u64>>> {
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
    Ok(starts.iter().zip(ends).map(|(&start, end)| start..end).collect())
}

/// Lines before a byte offset, so a chunk's line numbers can be made the file's.
fn count_lines(path: &Path, until: u64) -> io::Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?.take(until));
    let mut lines = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', buffer).count() as u64;
        let consumed = buffer.len();
        reader.consume(consumed);
    }
}

/// Column names for a message: quoted and escaped, and not too many of them.
fn quoted_list(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut list: Vec<String> = names.iter().take(SHOWN).map(|name| format!("{name:?}")).collect();
    if names.len() > SHOWN {
        list.push(format!("and {} more", names.len() - SHOWN));
    }
    list.join(", ")
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
        let header = prop_oneof![
            4 => Just("timestamp,service,status"),
            1 => Just("\u{feff}timestamp,service,status"),
            1 => Just("\"timestamp\",service,status"),
            1 => Just("\n \ntimestamp,service,status"),
        ];
        (header, proptest::collection::vec(line, 0..40), "(\n|\r\n)", any::<bool>()).prop_map(
            |(header, lines, end, final_end)| {
                let mut text = format!("{header}{end}{}", lines.join(&end));
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
            let ours: Vec<Vec<Vec<u8>>> = records(RecordReader::new(text.as_bytes(), 1))
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
            let found: Vec<u64> = records(RecordReader::new(text.as_bytes(), 1))
                .into_iter()
                .map(|(line, _)| line)
                .collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn plain_lines_read_what_the_full_parser_reads(text in csv_text(), buffer_bytes in 1..64usize) {
            let mut fast = Cells::default();
            let fast_result = read_buffered(text.as_bytes(), buffer_bytes, "events.csv", &mut fast)
                .map_err(|e| e.to_string());
            let mut full = Cells::default();
            let full_result = read_records(RecordReader::new(text.as_bytes(), 1), None, "events.csv", &mut full)
                .map_err(|e| e.to_string());
            prop_assert_eq!(fast_result, full_result);
            prop_assert_eq!(fast.0, full.0);
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
