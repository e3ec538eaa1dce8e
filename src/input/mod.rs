//! Reading events and maintenance windows from files or stdin, one module per format.

mod csv;
mod incidents;
mod json;
mod lines;
mod record;

pub use lines::DEFAULT_MAX_RECORD_BYTES;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono_tz::Tz;

use self::csv::Chunk;
use crate::error::{FieldError, InputError, TooLong, shown};
use crate::events::{Coverage, EventLog, MaintenanceWindow};
use crate::status::Status;
use crate::time::{TimeFormat, TimestampReader, UnixMs};
use record::{
    BadRows, EVENT_FIELDS, EVENT_SERVICE, Fields, MAINTENANCE_FIELDS, RecordSink, Row,
    decode_event, decode_maintenance, utf8,
};
pub use record::{FIELD_NAMES, Mapping, Skipped};

/// Where records come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// `-` is stdin; anything else a path.
    pub fn from_arg(arg: &Path) -> Source {
        if arg == Path::new("-") { Source::Stdin } else { Source::File(arg.to_owned()) }
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// The encoding its file name says, if it says one: `events.csv`, `events.csv.gz`.
    fn encoding_from_name(&self) -> Option<Encoding> {
        let Source::File(path) = self else { return None };
        let name = path.file_name()?.to_str()?;
        let name = [".gz", ".zst", ".zstd"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name);
        Encoding::named(Path::new(name).extension()?.to_str()?)
    }
}

/// How records are written down in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Csv,
    Json,
    Ndjson,
}

impl Encoding {
    /// The encoding a name (an extension, or `--input-format`'s value) says, in any case.
    fn named(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Encoding::Csv),
            "json" => Some(Encoding::Json),
            "ndjson" | "jsonl" => Some(Encoding::Ndjson),
            _ => None,
        }
    }
}

/// What the event files hold, as `--input-format` names it: status events in an encoding,
/// or incident rows in the encoding their names or contents tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Events(Encoding),
    Incidents,
}

impl InputFormat {
    pub const fn name(self) -> &'static str {
        match self {
            InputFormat::Events(Encoding::Csv) => "csv",
            InputFormat::Events(Encoding::Json) => "json",
            InputFormat::Events(Encoding::Ndjson) => "ndjson",
            InputFormat::Incidents => "incidents",
        }
    }

    /// The encoding it names, if it names one.
    fn encoding(self) -> Option<Encoding> {
        match self {
            InputFormat::Events(encoding) => Some(encoding),
            InputFormat::Incidents => None,
        }
    }
}

/// What `--input-format` is expected to be.
pub const EXPECTED_INPUT_FORMAT: &str = "csv, json, ndjson or incidents";

impl FromStr for InputFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.eq_ignore_ascii_case("incidents") {
            return Ok(InputFormat::Incidents);
        }
        Encoding::named(text).map(InputFormat::Events).ok_or_else(|| {
            format!("unknown input format {} (expected {EXPECTED_INPUT_FORMAT})", shown(text))
        })
    }
}

/// Collects events into the log.
struct EventSink<'a> {
    log: &'a mut EventLog,
    mapping: &'a Mapping,
    timestamps: TimestampReader,
    /// The newest event read through this sink; `UnixMs::MIN` before the first (no event
    /// is at that instant: they lie within the years 0001 to 9999). A plain integer, so that
    /// keeping it costs an event one comparison.
    newest: UnixMs,
    bad_rows: BadRows,
}

impl<'a> EventSink<'a> {
    fn new(log: &'a mut EventLog, reading: Reading<'a>) -> Self {
        let timestamps = TimestampReader::new(reading.zone, reading.time_format);
        let (mapping, bad_rows) = (reading.mapping, BadRows::new(reading.keep_going));
        EventSink { log, mapping, timestamps, newest: UnixMs::MIN, bad_rows }
    }

    /// The newest event read through it, if any was.
    fn newest(&self) -> Option<UnixMs> {
        Some(self.newest).filter(|&newest| newest != UnixMs::MIN)
    }
}

impl RecordSink for EventSink<'_> {
    fn fields(&self) -> &'static Fields {
        &EVENT_FIELDS
    }

    fn column(&self, index: usize) -> &str {
        self.mapping.column(EVENT_FIELDS[index].name)
    }

    fn record(&mut self, row: &impl Row, _line: u64) -> Result<(), FieldError> {
        let (service, at, status) = decode_event(row, &mut self.timestamps, self.mapping)?;
        let id = match self.log.find_bytes(service) {
            Some(id) => id,
            None => self.log.service_id(utf8(&EVENT_FIELDS[EVENT_SERVICE], service)?),
        };
        self.log.push(id, at, status);
        self.newest = self.newest.max(at);
        Ok(())
    }

    fn bad_rows(&mut self) -> Option<&mut BadRows> {
        Some(&mut self.bad_rows)
    }
}

/// Collects maintenance windows, remembering where each was read.
struct MaintenanceSink<'a> {
    windows: &'a mut Vec<MaintenanceWindow>,
    mapping: &'a Mapping,
    timestamps: TimestampReader,
    name: String,
    bad_rows: BadRows,
}

impl RecordSink for MaintenanceSink<'_> {
    fn fields(&self) -> &'static Fields {
        &MAINTENANCE_FIELDS
    }

    fn column(&self, index: usize) -> &str {
        self.mapping.column(MAINTENANCE_FIELDS[index].name)
    }

    fn record(&mut self, row: &impl Row, line: u64) -> Result<(), FieldError> {
        let (start, end, coverage) = decode_maintenance(row, &mut self.timestamps)?;
        let origin = format!("{}:{line}", self.name);
        self.windows.push(MaintenanceWindow { start, end, coverage, origin });
        Ok(())
    }

    fn bad_rows(&mut self) -> Option<&mut BadRows> {
        Some(&mut self.bad_rows)
    }
}

/// How sources are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading<'m> {
    /// The events' format, when their names do not tell it.
    pub format: Option<InputFormat>,
    /// The zone timestamps without an offset are read in.
    pub zone: Tz,
    /// The longest line, record or JSON document read, in bytes.
    pub max_record_bytes: u64,
    /// The threads a large CSV file is read with (up to 8).
    pub threads: usize,
    /// The byte between a CSV file's fields.
    pub delimiter: u8,
    /// Whether a record that cannot be read is skipped (and reported) rather than an error.
    pub keep_going: bool,
    /// How the files' columns and values map onto fields and statuses.
    pub mapping: &'m Mapping,
    /// How a bare number in a timestamp field is read.
    pub time_format: TimeFormat,
}

/// What reading the event sources gave: the log, what each source found besides its
/// records, and the maintenance windows incident lists announce.
pub struct EventsRead {
    pub log: EventLog,
    pub reaches: Vec<SourceReach>,
    pub maintenance: Vec<MaintenanceWindow>,
}

/// What reading a source found besides its records: how far its data reaches, and the
/// records skipped.
#[derive(Debug)]
pub struct SourceReach {
    /// The source's name, as messages give it.
    pub source: String,
    /// Its newest event; `None` when it had none (or for maintenance).
    pub newest: Option<UnixMs>,
    /// The records `--keep-going` skipped.
    pub skipped: Skipped,
}

/// Reads every source's events, in order, into one log (not yet sorted), and how far each
/// source reaches; or, for incident lists, the status changes their incidents make.
pub fn read_events(sources: &[Source], reading: Reading) -> Result<EventsRead, InputError> {
    if reading.format == Some(InputFormat::Incidents) {
        return read_incidents(sources, reading);
    }
    let Reading { threads, .. } = reading;
    let format = reading.format.and_then(InputFormat::encoding);
    let mut log = EventLog::default();
    let mut reaches = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        if let Some((path, threads)) = parallel_csv(source, format, threads) {
            let chunked = read_chunks(path, &name, Reading { threads, ..reading })?;
            if let Some((part, newest, skipped)) = chunked {
                log.append(part);
                reaches.push(SourceReach { source: name, newest, skipped });
                continue;
            }
        }
        let mut sink = EventSink::new(&mut log, reading);
        read_source(source, format, reading, &mut sink)?;
        let newest = sink.newest();
        let skipped = sink.bad_rows.skipped;
        reaches.push(SourceReach { source: name, newest, skipped });
    }
    Ok(EventsRead { log, reaches, maintenance: Vec::new() })
}

/// Reads incident lists, each in the encoding its name or content tells, into the status
/// changes their incidents make. An incident list says nothing of the time after its last
/// incident but that the services were up, so no source of it is stale.
fn read_incidents(sources: &[Source], reading: Reading) -> Result<EventsRead, InputError> {
    let mut log = EventLog::default();
    let (mut found, mut maintenance) = (Vec::new(), Vec::new());
    let mut reaches = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        let mut sink = incidents::IncidentSink::new(
            &mut log,
            &mut found,
            &mut maintenance,
            name.clone(),
            reading,
        );
        read_source(source, None, reading, &mut sink)?;
        reaches.push(SourceReach { source: name, newest: None, skipped: sink.bad_rows.skipped });
    }
    for (service, at, status) in incidents::status_changes(&mut found) {
        log.push(service, at, status);
    }
    // A service only in maintenance is up around it: one event gives it its place in the
    // log and the window.
    for window in &maintenance {
        if let Coverage::Service(name) = &window.coverage {
            if let Some(service) = log.find(name).filter(|&id| log.events(id).is_empty()) {
                log.push(service, window.start, Status::Operational);
            }
        }
    }
    Ok(EventsRead { log, reaches, maintenance })
}

/// Reads a CSV file of events in one chunk per thread, as large files are read, whatever its
/// size; `None` when it must be read whole instead (a quote was found). Public so that the
/// parallel reader can be fuzzed on small files.
pub fn read_csv_in_chunks(
    path: &Path,
    name: &str,
    reading: Reading,
) -> Result<Option<EventLog>, InputError> {
    Ok(read_chunks(path, name, reading)?.map(|(log, ..)| log))
}

/// [`read_csv_in_chunks`], with the newest event and the records skipped.
fn read_chunks(
    path: &Path,
    name: &str,
    reading: Reading,
) -> Result<Option<(EventLog, Option<UnixMs>, Skipped)>, InputError> {
    let mut parts = vec![EventLog::default(); reading.threads.max(1)];
    let mut sinks: Vec<EventSink> =
        parts.iter_mut().map(|log| EventSink::new(log, reading)).collect();
    let layout = csv::Layout { delimiter: reading.delimiter, limit: reading.max_record_bytes };
    if csv::read_file_in_chunks(path, name, layout, &mut sinks)? == Chunk::Read {
        let (mut newest, mut skipped) = (None, Skipped::default());
        for sink in sinks {
            newest = newest.max(sink.newest());
            skipped.append(sink.bad_rows.skipped);
        }
        let mut log = EventLog::default();
        parts.into_iter().for_each(|part| log.append(part));
        return Ok(Some((log, newest, skipped)));
    }
    Ok(None)
}

/// The path and thread count, when a source is a CSV file worth reading in parallel.
fn parallel_csv(
    source: &Source,
    format: Option<Encoding>,
    threads: usize,
) -> Option<(&Path, usize)> {
    let Source::File(path) = source else { return None };
    // More chunks than this cost more in merging than they save.
    let threads = threads.min(8);
    let is_csv = format.or_else(|| source.encoding_from_name()) == Some(Encoding::Csv);
    let is_large = std::fs::metadata(path).is_ok_and(|meta| meta.len() >= csv::PARALLEL_MIN_BYTES);
    // A compressed file cannot be cut into chunks; it is read in one.
    (threads > 1 && is_csv && is_large && !is_compressed(path)).then_some((path.as_path(), threads))
}

/// Reads every source's maintenance windows, in order; their format is told by their names.
pub fn read_maintenance(
    sources: &[Source],
    reading: Reading,
) -> Result<(Vec<MaintenanceWindow>, Vec<SourceReach>), InputError> {
    let mut windows = Vec::new();
    let mut reaches = Vec::with_capacity(sources.len());
    for source in sources {
        let name = source.name();
        let mut sink = MaintenanceSink {
            windows: &mut windows,
            mapping: reading.mapping,
            timestamps: TimestampReader::new(reading.zone, reading.time_format),
            name: name.clone(),
            bad_rows: BadRows::new(reading.keep_going),
        };
        match read_source(source, None, reading, &mut sink) {
            // No maintenance announced is a fine thing to say.
            Ok(()) | Err(InputError::Empty { .. }) => {}
            Err(error) => return Err(error),
        }
        reaches.push(SourceReach { source: name, newest: None, skipped: sink.bad_rows.skipped });
    }
    Ok((windows, reaches))
}

/// How a source's bytes are compressed, told by its first bytes (its magic number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    fn of(start: &[u8]) -> Compression {
        match start {
            [0x1f, 0x8b, ..] => Compression::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// Whether a file is compressed, by its first bytes.
fn is_compressed(path: &Path) -> bool {
    let mut start = [0; 4];
    let read = File::open(path).and_then(|mut file| file.read(&mut start));
    read.is_ok_and(|count| Compression::of(&start[..count]) != Compression::None)
}

/// The format data is in, by its first character: `[` JSON, `{` NDJSON, else CSV.
fn encoding_of(start: &[u8]) -> Encoding {
    let start = start.strip_prefix(lines::BYTE_ORDER_MARK).unwrap_or(start);
    match start.trim_ascii_start().first() {
        Some(b'[') => Encoding::Json,
        Some(b'{') => Encoding::Ndjson,
        _ => Encoding::Csv,
    }
}

/// A source opened for reading, gzip and zstd decompressed as they are read, whatever its name.
fn open(source: &Source) -> io::Result<BufReader<Box<dyn Read>>> {
    const BUFFER_BYTES: usize = 1 << 16;
    let mut input: BufReader<Box<dyn Read>> = match source {
        Source::Stdin => BufReader::with_capacity(BUFFER_BYTES, Box::new(io::stdin().lock())),
        Source::File(path) => BufReader::with_capacity(BUFFER_BYTES, Box::new(File::open(path)?)),
    };
    // Plain input is read through one buffer; compressed input through a second, holding
    // what the decoder gave.
    Ok(match Compression::of(input.fill_buf()?) {
        Compression::None => input,
        Compression::Gzip => {
            let decoder = flate2::bufread::MultiGzDecoder::new(input);
            BufReader::with_capacity(BUFFER_BYTES, Box::new(decoder))
        }
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::with_buffer(input)?;
            BufReader::with_capacity(BUFFER_BYTES, Box::new(decoder))
        }
    })
}

/// The whole text of a source (`-` is stdin), decompressed as records are: for a contracts
/// file.
pub fn read_text(source: &Source) -> io::Result<String> {
    io::read_to_string(open(source)?)
}

/// Reads one source in `format`, or the format its name or else its content says;
/// gzip and zstd are decompressed as they are read, whatever the name.
fn read_source(
    source: &Source,
    encoding: Option<Encoding>,
    reading: Reading,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let name = source.name();
    let io_error = |error| InputError::io(&name, error);
    let mut input = open(source).map_err(io_error)?;
    let encoding = match encoding.or_else(|| source.encoding_from_name()) {
        Some(encoding) => encoding,
        None => encoding_of(input.fill_buf().map_err(io_error)?),
    };
    let limit = reading.max_record_bytes;
    match encoding {
        Encoding::Csv => {
            let layout = csv::Layout { delimiter: reading.delimiter, limit };
            csv::read(input, &name, layout, sink)
        }
        Encoding::Ndjson => json::read_lines(input, &name, limit, sink),
        Encoding::Json => {
            let mut bytes = Vec::new();
            input.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io_error)?;
            if bytes.len() as u64 > limit {
                let too_long = TooLong { what: "the JSON document", line: 1, limit };
                return Err(io_error(io::Error::other(too_long)));
            }
            json::read_array(&bytes, &name, sink)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the black-box tests of large files rely on: with more than one thread, a CSV file
    /// of 8 MiB or more is read in chunks, on at most 8 threads, whatever the machine has.
    #[test]
    fn large_csv_files_are_read_in_parallel_when_threads_are_given() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.csv");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(csv::PARALLEL_MIN_BYTES).unwrap();
        let large = Source::File(path.clone());
        assert_eq!(parallel_csv(&large, None, 4), Some((path.as_path(), 4)));
        assert_eq!(parallel_csv(&large, None, 64), Some((path.as_path(), 8)));
        assert_eq!(parallel_csv(&large, None, 1), None);
        assert_eq!(parallel_csv(&large, Some(Encoding::Ndjson), 4), None);
        // A compressed file is read in one piece, however large.
        std::fs::write(&path, [0x1f, 0x8b]).unwrap();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(csv::PARALLEL_MIN_BYTES).unwrap();
        assert_eq!(parallel_csv(&large, None, 4), None);
        std::fs::write(&path, "timestamp").unwrap();
        file.set_len(csv::PARALLEL_MIN_BYTES - 1).unwrap();
        assert_eq!(parallel_csv(&large, None, 4), None);
        assert_eq!(parallel_csv(&Source::Stdin, Some(Encoding::Csv), 4), None);
    }
}
