//! CSV with a header row: the columns a record type needs, in any order, found by name.
//!
//! Most event logs quote nothing; then a line is a record and a comma ends a field, and both
//! are found with a fast byte search. A line that holds a `"` is parsed field by field, and a
//! quoted field may run over several lines. Spaces around a quoted field are allowed
//! (`a, "b, c" ,d`); a quote inside an unquoted field is an error. Blank lines, and lines
//! holding nothing but spaces or an empty quoted field, are skipped.
//!
//! A large file is read in parallel: cut into chunks at line ends, one thread a chunk, each
//! into its own sink. A line end is a record end only when nothing is quoted, so a chunk gives
//! up at the first `"`, and the file is then read in one piece.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use super::lines::{LINE_BUFFER_BYTES, LineSpan, Lines};
use super::record::{Cell, FieldSpec, RecordSink, Row, header_description};
use crate::error::{FieldKind, InputError, Location, TooLong, shown};

/// Files smaller than this are read by one thread: starting more costs more than it saves.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;

/// Reads every record into `sink`; stops at the first problem, or at a record longer than
/// `limit` bytes.
pub fn read(
    input: impl Read,
    name: &str,
    layout: Layout,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let lines = Lines::new(input, 0, LINE_BUFFER_BYTES, layout.limit);
    read_buffered(lines, name, layout.delimiter, sink)
}

fn read_buffered(
    lines: Lines<impl Read>,
    name: &str,
    delimiter: u8,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let mut reader = CsvReader::new(lines, name, delimiter);
    reader.lines.skip_byte_order_mark().map_err(|error| InputError::io(name, error))?;
    let columns = reader.header(sink)?;
    reader.read_records(&columns, Quotes::Parsed, sink).map(drop)
}

/// How a CSV file is laid out, and the longest record it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The byte between fields: `,` unless told otherwise.
    pub delimiter: u8,
    /// The longest line or record read, in bytes.
    pub limit: u64,
}

/// How a chunk ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    Read,
    /// Quoting was found: the file must be read in one piece.
    NeedsWholeFile,
}

/// Reads a file with one thread per sink, each taking one chunk, the chunks in file order.
/// Returns [`Chunk::NeedsWholeFile`] when the file must be read with [`read`] instead; the
/// sinks then hold partial data.
pub fn read_file_in_chunks<S: RecordSink + Send>(
    path: &Path,
    name: &str,
    layout: Layout,
    sinks: &mut [S],
) -> Result<Chunk, InputError> {
    let Layout { delimiter, limit } = layout;
    let io_error = |error| InputError::io(name, error);
    let Some(first) = sinks.first() else { return Ok(Chunk::Read) };
    let lines = Lines::new(File::open(path).map_err(io_error)?, 0, LINE_BUFFER_BYTES, limit);
    let mut header = CsvReader::new(lines, name, delimiter);
    header.lines.skip_byte_order_mark().map_err(io_error)?;
    let columns = header.header(first)?;
    let ranges = chunk_ranges(path, header.lines.offset(), sinks.len()).map_err(io_error)?;
    let results: Vec<Result<Chunk, InputError>> = std::thread::scope(|scope| {
        let threads: Vec<_> = sinks
            .iter_mut()
            .zip(&ranges)
            .map(|(sink, range)| {
                let columns = &columns;
                scope.spawn(move || read_chunk(path, name, range.clone(), layout, columns, sink))
            })
            .collect();
        threads.into_iter().map(|thread| thread.join().expect("a chunk reader panicked")).collect()
    });
    for ((result, range), sink) in results.into_iter().zip(&ranges).zip(sinks.iter_mut()) {
        match result {
            Ok(Chunk::Read) => {
                // Lines were counted from the chunk's start.
                if let Some(skipped) = sink.skipped_mut().filter(|s| !s.errors.is_empty()) {
                    let before = count_lines(path, range.start).map_err(io_error)?;
                    for at in skipped.errors.iter_mut().filter_map(InputError::location_mut) {
                        at.line += before;
                    }
                }
            }
            Ok(Chunk::NeedsWholeFile) => return Ok(Chunk::NeedsWholeFile),
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
    Layout { delimiter, limit }: Layout,
    columns: &Columns,
    sink: &mut impl RecordSink,
) -> Result<Chunk, InputError> {
    let io_error = |error| InputError::io(name, error);
    let mut file = File::open(path).map_err(io_error)?;
    file.seek(SeekFrom::Start(range.start)).map_err(io_error)?;
    let lines = Lines::new(file.take(range.end - range.start), 0, LINE_BUFFER_BYTES, limit);
    CsvReader::new(lines, name, delimiter).read_records(columns, Quotes::Refused, sink)
}

/// Whether a reader parses quoted fields or stops at the first quote.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    Parsed,
    Refused,
}

/// Reads records from lines: plain lines split at their commas, quoted ones parsed.
struct CsvReader<'n, R> {
    lines: Lines<R>,
    name: &'n str,
    /// Whether reading stopped at a quote it was told to refuse.
    refused_quote: bool,
    /// The current record's text: a line of `lines`, or the fields of a quoted record.
    text: Text,
    quoted: Vec<u8>,
    /// The current record's fields, as ranges of its text.
    fields: Vec<Range<usize>>,
    /// The byte between fields.
    delimiter: u8,
}

enum Text {
    Line(Range<usize>),
    Quoted,
}

impl<'n, R: Read> CsvReader<'n, R> {
    fn new(lines: Lines<R>, name: &'n str, delimiter: u8) -> Self {
        let (quoted, fields) = (Vec::new(), Vec::new());
        let text = Text::Quoted;
        CsvReader { lines, name, refused_quote: false, text, quoted, fields, delimiter }
    }

    fn text(&self) -> &[u8] {
        match &self.text {
            Text::Line(range) => self.lines.text(range.clone()),
            Text::Quoted => &self.quoted,
        }
    }

    /// Moves to the next record that is not blank: its line, or `None` at the end of the
    /// input or, when quotes are refused, at the first quote.
    fn advance(&mut self, quotes: Quotes) -> Result<Option<u64>, InputError> {
        loop {
            let Some(line) = self.lines.next().map_err(|error| InputError::io(self.name, error))?
            else {
                return Ok(None);
            };
            let number = line.number;
            if line.has_quote {
                if quotes == Quotes::Refused {
                    self.refused_quote = true;
                    return Ok(None);
                }
                self.parse_quoted(line)?;
            } else {
                split_fields(self.lines.text(line.range.clone()), self.delimiter, &mut self.fields);
                self.text = Text::Line(line.range);
            }
            let text = self.text();
            let blank =
                self.fields.len() == 1 && text[self.fields[0].clone()].trim_ascii().is_empty();
            if !blank {
                return Ok(Some(number));
            }
        }
    }

    /// Parses a record that starts on a line holding a quote, reading more lines while a quoted
    /// field goes on.
    fn parse_quoted(&mut self, first: LineSpan) -> Result<(), InputError> {
        self.quoted.clear();
        self.fields.clear();
        let mut parser = QuotedFields { delimiter: self.delimiter, ..QuotedFields::default() };
        let mut line = first.range;
        loop {
            let bytes = self.lines.text(line);
            let goes_on = parser
                .parse(bytes, &mut self.quoted, &mut self.fields)
                .map_err(|message| malformed(self.name, self.lines.number(), message))?;
            if !goes_on {
                self.text = Text::Quoted;
                return Ok(());
            }
            let limit = self.lines.limit();
            if self.quoted.len() as u64 > limit {
                let too_long = TooLong { what: "the record", line: first.number, limit };
                return Err(InputError::io(self.name, io::Error::other(too_long)));
            }
            match self.lines.next().map_err(|error| InputError::io(self.name, error))? {
                Some(next) => line = next.range,
                None => {
                    let message = format!(
                        "the quote opening field {} is not closed before the end of the input",
                        self.fields.len() + 1
                    );
                    return Err(malformed(self.name, first.number, message));
                }
            }
        }
    }

    /// Reads the header and finds the record type's columns in it.
    fn header(&mut self, sink: &impl RecordSink) -> Result<Columns, InputError> {
        let fields = sink.fields();
        let names: Vec<&str> = (0..fields.len()).map(|index| sink.column(index)).collect();
        let Some(line) = self.advance(Quotes::Parsed)? else {
            return Err(InputError::Empty {
                name: self.name.to_owned(),
                expected: header_description(fields, &names),
            });
        };
        let text = self.text();
        let header = self.fields.iter().map(|range| &text[range.clone()]);
        Columns::find(header, line, self.name, fields, &names)
    }

    /// Reads records into the sink until the input ends or, when quotes are refused, until a
    /// line holds one.
    fn read_records(
        &mut self,
        columns: &Columns,
        quotes: Quotes,
        sink: &mut impl RecordSink,
    ) -> Result<Chunk, InputError> {
        while let Some(line) = self.advance(quotes)? {
            let row =
                FieldsRow { text: self.text(), fields: &self.fields, columns: &columns.by_field };
            if let Err(error) = columns.deliver(&row, self.fields.len(), self.name, line, sink) {
                sink.skip(error)?;
            }
        }
        Ok(if self.refused_quote { Chunk::NeedsWholeFile } else { Chunk::Read })
    }
}

/// Where each field of a record type is in the header.
struct Columns {
    by_field: Vec<Option<usize>>,
    count: usize,
}

impl Columns {
    /// Where each field is, `columns` naming the column that holds each.
    fn find<'h>(
        header: impl Iterator<Item = &'h [u8]>,
        line: u64,
        name: &str,
        fields: &[FieldSpec],
        columns: &[&str],
    ) -> Result<Columns, InputError> {
        let names: Vec<String> = header
            .map(|column| String::from_utf8_lossy(column.trim_ascii()).into_owned())
            .collect();
        let mut by_field = Vec::with_capacity(fields.len());
        for (spec, wanted) in fields.iter().zip(columns) {
            let mut matches = names
                .iter()
                .enumerate()
                .filter(|(_, column)| column.eq_ignore_ascii_case(wanted))
                .map(|(index, _)| index);
            let column = matches.next();
            if let (Some(first), Some(second)) = (column, matches.next()) {
                return Err(InputError::Malformed {
                    at: at(name, line),
                    message: format!(
                        "column {} appears twice in the header (columns {} and {})",
                        shown(wanted),
                        first + 1,
                        second + 1
                    ),
                });
            }
            if column.is_none() && spec.required {
                let mut expected = header_description(fields, columns);
                if names.iter().any(|name| name.contains('\r')) {
                    expected += "; the lines seem to end in a lone carriage return, and records \
                                 must end in \\n or \\r\\n";
                }
                // One column holding another common delimiter: the file uses that one.
                if let [only] = names.as_slice() {
                    let other =
                        [b';', b'\t', b'|', b','].into_iter().find(|b| only.as_bytes().contains(b));
                    if let Some(other) = other {
                        let option = if other == b'\t' {
                            "tab".to_owned()
                        } else {
                            format!("'{}'", char::from(other))
                        };
                        expected += &format!(
                            "; the fields seem to be separated by {}: give --delimiter {option}",
                            delimiter_name(other)
                        );
                    }
                }
                return Err(InputError::MissingColumn {
                    at: at(name, line),
                    column: (*wanted).to_owned(),
                    header: quoted_list(&names),
                    expected,
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
        sink.record(row, line)
            .map_err(|error| InputError::field(at(name, line), FieldKind::Column, error))
    }
}

fn split_fields(line: &[u8], delimiter: u8, fields: &mut Vec<Range<usize>>) {
    fields.clear();
    let mut start = 0;
    for end in memchr::memchr_iter(delimiter, line) {
        fields.push(start..end);
        start = end + 1;
    }
    fields.push(start..line.len());
}

/// The delimiter as messages name it: `a comma`, `a tab`, `";"`.
fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "a comma".to_owned(),
        b'\t' => "a tab".to_owned(),
        other => format!("{:?}", char::from(other)),
    }
}

/// Where a quoted record's parser is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum QuoteState {
    /// Before a field's first character; spaces here are skipped.
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
    /// After a quoted field's closing quote, where only spaces may come before the comma.
    AfterQuoted,
}

/// Parses the fields of a record that holds quotes, line by line.
struct QuotedFields {
    state: QuoteState,
    field_start: usize,
    delimiter: u8,
}

impl Default for QuotedFields {
    fn default() -> Self {
        QuotedFields { state: QuoteState::default(), field_start: 0, delimiter: b',' }
    }
}

impl QuotedFields {
    /// Parses one line of the record into `text` and `fields`; true when a quoted field goes
    /// on to the next line.
    fn parse(
        &mut self,
        line: &[u8],
        text: &mut Vec<u8>,
        fields: &mut Vec<Range<usize>>,
    ) -> Result<bool, String> {
        use QuoteState::*;
        for &byte in line {
            self.state = match (self.state, byte) {
                // First: a tab may be the delimiter, not a space to skip.
                (FieldStart | Unquoted | QuoteInQuoted | AfterQuoted, _)
                    if byte == self.delimiter =>
                {
                    fields.push(self.field_start..text.len());
                    self.field_start = text.len();
                    FieldStart
                }
                (FieldStart, b' ' | b'\t') => FieldStart,
                (FieldStart, b'"') => Quoted,
                (Unquoted, b'"') => {
                    return Err(format!(
                        "a quote inside field {}, which is not quoted (quote the whole field, and \
                         double each quote inside it)",
                        fields.len() + 1
                    ));
                }
                (FieldStart | Unquoted, _) => {
                    text.push(byte);
                    Unquoted
                }
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) | (QuoteInQuoted, b'"') => {
                    text.push(byte);
                    Quoted
                }
                (QuoteInQuoted | AfterQuoted, b' ' | b'\t' | b'\r') => AfterQuoted,
                (QuoteInQuoted | AfterQuoted, _) => {
                    return Err(format!(
                        "{:?} after the closing quote of field {} (expected {})",
                        char::from(byte),
                        fields.len() + 1,
                        delimiter_name(self.delimiter)
                    ));
                }
            };
        }
        if self.state == Quoted {
            text.push(b'\n');
            return Ok(true);
        }
        fields.push(self.field_start..text.len());
        Ok(false)
    }
}

/// A record's fields, as ranges of its text.
struct FieldsRow<'a> {
    text: &'a [u8],
    fields: &'a [Range<usize>],
    /// For each field of the record type, the index of its column.
    columns: &'a [Option<usize>],
}

impl Row for FieldsRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        let range = self.fields.get(self.columns[field]?)?;
        Some(Cell::Text(&self.text[range.clone()]))
    }
}

/// `count` byte ranges covering [body_start, file end), each ending just after a line end.
fn chunk_ranges(path: &Path, body_start: u64, count: usize) -> io::Result<Vec<Range<u64>>> {
    let mut file = BufReader::new(File::open(path)?);
    let len = file.get_ref().metadata()?.len();
    let mut starts = vec![body_start];
    for k in 1..count as u64 {
        let target = body_start + len.saturating_sub(body_start) * k / count as u64;
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
    let mut list: Vec<String> =
        names.iter().take(SHOWN).map(|name| shown(name).to_string()).collect();
    if names.len() > SHOWN {
        list.push(format!("and {} more", names.len() - SHOWN));
    }
    list.join(", ")
}

fn at(name: &str, line: u64) -> Location {
    Location { source: name.to_owned(), line, column: None }
}

fn malformed(name: &str, line: u64, message: String) -> InputError {
    InputError::Malformed { at: at(name, line), message }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::error::FieldError;
    use crate::input::DEFAULT_MAX_RECORD_BYTES;
    use crate::input::record::{EVENT_FIELDS, Fields};

    /// Keeps the cells of every record.
    #[derive(Default)]
    struct Cells(Vec<Vec<Option<Vec<u8>>>>);

    impl RecordSink for Cells {
        fn fields(&self) -> &'static Fields {
            &EVENT_FIELDS
        }

        fn record(&mut self, row: &impl Row, _line: u64) -> Result<(), FieldError> {
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

    const LAYOUT: Layout = Layout { delimiter: b',', limit: DEFAULT_MAX_RECORD_BYTES };

    /// A record's line and its trimmed fields.
    type Numbered = (u64, Vec<Vec<u8>>);

    /// Every record, header included.
    fn records(text: &str) -> Result<Vec<Numbered>, String> {
        let lines = Lines::new(text.as_bytes(), 0, 7, DEFAULT_MAX_RECORD_BYTES);
        let mut reader = CsvReader::new(lines, "events.csv", b',');
        reader.lines.skip_byte_order_mark().unwrap();
        let mut all = Vec::new();
        while let Some(line) = reader.advance(Quotes::Parsed).map_err(|e| e.to_string())? {
            let text = reader.text();
            let fields = reader.fields.iter().map(|r| text[r.clone()].trim_ascii().to_vec());
            all.push((line, fields.collect()));
        }
        Ok(all)
    }

    /// Lines of a CSV file as csv writes them: quotes, carriage returns, blank and ragged lines,
    /// a missing final line end.
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

    proptest! {
        #[test]
        fn fields_are_those_the_csv_crate_reads(text in csv_text()) {
            let ours: Vec<Vec<Vec<u8>>> =
                records(&text).unwrap().into_iter().map(|(_, fields)| fields).collect();
            let mut theirs = Vec::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_reader(text.as_bytes());
            for record in reader.byte_records() {
                let fields: Vec<Vec<u8>> =
                    record.unwrap().iter().map(|field| field.trim_ascii().to_vec()).collect();
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    theirs.push(fields);
                }
            }
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn a_record_knows_the_line_it_starts_on(
            lines in proptest::collection::vec(
                prop_oneof!["[a-z,]{1,6}", Just(String::new()), Just("\r".to_owned())],
                0..30,
            ),
        ) {
            let text = lines.join("\n");
            let expected: Vec<u64> = lines
                .iter()
                .enumerate()
                .filter(|(_, line)| !line.trim_ascii().is_empty())
                .map(|(index, _)| index as u64 + 1)
                .collect();
            let found: Vec<u64> = records(&text).unwrap().into_iter().map(|(line, _)| line).collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn small_buffers_read_what_large_ones_read(text in csv_text(), buffer_bytes in 1..64usize) {
            let read_with = |buffer_bytes| {
                let mut cells = Cells::default();
                let lines = Lines::new(text.as_bytes(), 0, buffer_bytes, DEFAULT_MAX_RECORD_BYTES);
                let result = read_buffered(lines, "events.csv", b',', &mut cells)
                    .map_err(|e| e.to_string());
                (result, cells.0)
            };
            prop_assert_eq!(read_with(buffer_bytes), read_with(LINE_BUFFER_BYTES));
        }

        /// Half the texts have no quote, so that the chunks are read (a quote sends the file
        /// to be read whole); the test fails if one of those is not.
        #[test]
        fn chunks_read_what_one_piece_reads(
            text in csv_text(),
            threads in 1..5usize,
            unquoted in any::<bool>(),
        ) {
            let text = if unquoted { text.replace('"', "") } else { text };
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("events.csv");
            std::fs::write(&path, &text).unwrap();
            let mut whole = Cells::default();
            let expected =
                read(text.as_bytes(), "events.csv", LAYOUT, &mut whole)
                    .map_err(|e| e.to_string());
            let mut parts: Vec<Cells> = (0..threads).map(|_| Cells::default()).collect();
            match read_file_in_chunks(&path, "events.csv", LAYOUT, &mut parts) {
                Ok(Chunk::NeedsWholeFile) => {
                    prop_assert!(!unquoted, "a text without quotes was not read in chunks");
                }
                Ok(Chunk::Read) => {
                    prop_assert!(expected.is_ok(), "{expected:?}");
                    let cells: Vec<_> = parts.into_iter().flat_map(|part| part.0).collect();
                    prop_assert_eq!(cells, whole.0);
                }
                Err(error) => prop_assert_eq!(Err(error.to_string()), expected),
            }
        }
    }

    fn fields(line: &str) -> Vec<&str> {
        line.split('|').collect()
    }

    #[test]
    fn spaces_may_surround_a_quoted_field() {
        let text = "a,b,c\n x , \"y, \"\"z\"\"\" ,\"\" \n";
        let records = records(text).unwrap();
        let expected: Vec<Vec<u8>> =
            fields("x|y, \"z\"|").into_iter().map(|f| f.as_bytes().to_vec()).collect();
        assert_eq!(records[1], (2, expected));
    }

    #[test]
    fn a_quoted_field_runs_over_lines_and_the_next_record_knows_its_line() {
        let text = "a,b\n\"one\ntwo\nthree\",x\n\ny,z\n";
        let records = records(text).unwrap();
        assert_eq!(records[1], (2, vec![b"one\ntwo\nthree".to_vec(), b"x".to_vec()]));
        assert_eq!(records[2], (6, vec![b"y".to_vec(), b"z".to_vec()]));
    }

    #[test]
    fn bad_quoting_is_an_error_at_its_line() {
        assert_eq!(
            records("a,b\n1,2\n\"x\"y,3\n").unwrap_err(),
            "events.csv:3: 'y' after the closing quote of field 1 (expected a comma)"
        );
        assert_eq!(
            records("a,b\n1,2\n3,\"open\n4,5\n").unwrap_err(),
            "events.csv:3: the quote opening field 2 is not closed before the end of the input"
        );
    }
}
