//! Input split into lines, read a megabyte at a time, with a note of which lines hold a `"`:
//! the CSV and NDJSON readers are built on it.

use std::io::{self, Read};
use std::ops::Range;

use crate::error::TooLong;

/// A UTF-8 byte-order mark, which some tools write first; it is not part of the data.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Input is read a megabyte at a time: few reads, and most lines whole in one buffer.
pub const LINE_BUFFER_BYTES: usize = 1 << 20;

/// The longest line or record read unless told otherwise: 16 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 16 << 20;

/// A line read by [`Lines`]: where it is in the buffer (without its line end), its number,
/// and whether it holds a quote.
pub struct LineSpan {
    pub range: Range<usize>,
    pub number: u64,
    pub has_quote: bool,
}

/// Splits input into lines, and tells which hold a quote.
pub struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    /// The unread bytes are `buffer[start..filled]`.
    start: usize,
    filled: usize,
    /// Where the first quote in the unread bytes is, if there is one.
    first_quote: Option<usize>,
    at_end: bool,
    /// The number of the last line read.
    number: u64,
    /// Bytes read so far.
    offset: u64,
    /// The longest line allowed.
    limit: u64,
}

impl<R> Lines<R> {
    /// A line's bytes, while it is still in the buffer.
    pub fn text(&self, range: Range<usize>) -> &[u8] {
        &self.buffer[range]
    }

    /// The number of the last line read.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Bytes read so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The longest line, or record of several lines, allowed.
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

impl<R: Read> Lines<R> {
    /// Lines of `input`, numbered from `lines_before + 1`, read `buffer_bytes` at a time; a
    /// line longer than `limit` bytes is an error.
    pub fn new(input: R, lines_before: u64, buffer_bytes: usize, limit: u64) -> Self {
        Lines {
            limit,
            input,
            buffer: vec![0; buffer_bytes.max(1)],
            start: 0,
            filled: 0,
            first_quote: None,
            at_end: false,
            number: lines_before,
            offset: 0,
        }
    }

    /// A byte-order mark is not part of the first column's name.
    pub fn skip_byte_order_mark(&mut self) -> io::Result<()> {
        while self.filled < 3 && !self.at_end {
            self.fill()?;
        }
        if self.buffer[..self.filled].starts_with(BYTE_ORDER_MARK) {
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
        if self.filled as u64 > self.limit {
            let (line, limit) = (self.number + 1, self.limit);
            return Err(io::Error::other(TooLong { what: "the line", line, limit }));
        }
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

    /// The next line; it stays in the buffer until the next call.
    pub fn next(&mut self) -> io::Result<Option<LineSpan>> {
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
            if length as u64 > self.limit {
                let (line, limit) = (self.number + 1, self.limit);
                return Err(io::Error::other(TooLong { what: "the line", line, limit }));
            }
            let range = self.start..self.start + length;
            self.start += consumed;
            self.offset += consumed as u64;
            self.number += 1;
            let has_quote = self.first_quote.is_some_and(|quote| quote < self.start);
            if has_quote {
                let rest = &self.buffer[self.start..self.filled];
                self.first_quote = memchr::memchr(b'"', rest).map(|quote| self.start + quote);
            }
            return Ok(Some(LineSpan { range, number: self.number, has_quote }));
        }
    }
}
