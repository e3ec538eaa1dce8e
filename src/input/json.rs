//! JSON: an array of objects, or NDJSON, one object per line. Keys the record type does not
//! know are ignored; one it knows may appear only once. A problem with a field is reported at
//! the field's key, or else at the start of its object.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::lines::{BYTE_ORDER_MARK, LINE_BUFFER_BYTES, Lines};
use super::record::{Cell, MAX_FIELDS, Number, RecordSink, Row};
use crate::error::{FieldError, FieldKind, FieldProblem, InputError, Location};

/// Reads a JSON array of objects, held whole in memory.
pub fn read_array(bytes: &[u8], name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(empty(name, "a JSON array of objects"));
    }
    let start = Position { line: 1, column: 1 };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let Elements(elements) = de::Deserialize::deserialize(&mut deserializer)
        .and_then(|elements| deserializer.end().map(|()| elements))
        .map_err(|error| syntax_error(&error, start, name))?;
    let mut lines = LineCounter::default();
    let keys = keys_of(sink);
    for element in elements {
        let text = element.get().as_bytes();
        let offset = text.as_ptr() as usize - bytes.as_ptr() as usize;
        let at = lines.position(bytes, offset);
        if let Err(error) = read_object(text, at, name, &keys, sink) {
            sink.skip(error)?;
        }
    }
    Ok(())
}

/// Reads NDJSON: one object per line; blank lines are skipped.
pub fn read_lines(
    input: impl Read,
    name: &str,
    limit: u64,
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let io_error = |error| InputError::io(name, error);
    let mut lines = Lines::new(input, 0, LINE_BUFFER_BYTES, limit);
    lines.skip_byte_order_mark().map_err(io_error)?;
    let mut objects = 0;
    let keys = keys_of(sink);
    while let Some(line) = lines.next().map_err(io_error)? {
        // Concatenated files may bring their byte-order marks along.
        let text = lines.text(line.range);
        let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
        if !text.trim_ascii().is_empty() {
            objects += 1;
            let at = Position { line: line.number, column: 1 };
            if let Err(error) = read_object(text, at, name, &keys, sink) {
                sink.skip(error)?;
            }
        }
    }
    if objects == 0 {
        return Err(empty(name, "one JSON object per line"));
    }
    Ok(())
}

fn empty(name: &str, expected: &str) -> InputError {
    InputError::Empty { name: name.to_owned(), expected: expected.to_owned() }
}

/// A line and column, both from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Position {
    line: u64,
    column: u64,
}

impl Position {
    /// Where a line and column of a text that starts here are.
    fn plus(self, line: u64, column: u64) -> Position {
        if line <= 1 {
            Position { line: self.line, column: self.column + column.saturating_sub(1) }
        } else {
            Position { line: self.line + line - 1, column }
        }
    }

    /// Where a byte offset into a text that starts here is.
    fn after(self, text: &[u8]) -> Position {
        let lines = memchr::memchr_iter(b'\n', text).count() as u64;
        let line_start = memchr::memrchr(b'\n', text).map_or(0, |newline| newline + 1);
        self.plus(lines + 1, (text.len() - line_start) as u64 + 1)
    }

    fn location(self, name: &str) -> Location {
        Location { source: name.to_owned(), line: self.line, column: Some(self.column.max(1)) }
    }
}

/// Turns byte offsets, met in increasing order, into positions with one pass over the text.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
    line_start: usize,
}

impl LineCounter {
    fn position(&mut self, text: &[u8], offset: usize) -> Position {
        for newline in memchr::memchr_iter(b'\n', &text[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + newline + 1;
        }
        self.offset = offset;
        Position { line: self.line + 1, column: (offset - self.line_start) as u64 + 1 }
    }
}

fn syntax_error(error: &serde_json::Error, start: Position, name: &str) -> InputError {
    let at = start.plus(error.line() as u64, error.column() as u64);
    InputError::Malformed { at: at.location(name), message: message_of(&error.to_string()) }
}

/// serde_json's message, in JSON's words, without the position it appends (ours replaces it).
fn message_of(error: &str) -> String {
    let message = match error.rfind(" at line ") {
        Some(position) if error[position..].contains(" column ") => &error[..position],
        _ => error,
    };
    message
        .replace("invalid type: map", "invalid type: object")
        .replace("invalid type: sequence", "invalid type: array")
}

/// The key of each of the sink's fields: its name, or the one `--field` maps it to.
fn keys_of(sink: &impl RecordSink) -> Vec<String> {
    (0..sink.fields().len()).map(|index| sink.column(index).to_owned()).collect()
}

/// Reads one object, whose text starts at `start` in the input, into the sink; `keys` are
/// the keys of the sink's fields.
fn read_object(
    text: &[u8],
    start: Position,
    name: &str,
    keys: &[String],
    sink: &mut impl RecordSink,
) -> Result<(), InputError> {
    let mut failure = None;
    let fields = sink.fields();
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    RecordSeed { sink, keys, line: start.line, failure: &mut failure }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map_err(|error| match failure {
            Some(failure) => {
                // The key the failed field is written under.
                let index = fields.iter().position(|spec| spec.name == failure.field);
                let key = index.map_or(failure.field, |index| keys[index].as_str());
                let keys = key_offsets(text, key);
                // A repeated field is shown where it is repeated.
                let key = if failure.problem == FieldProblem::Repeated {
                    keys.last()
                } else {
                    keys.first()
                };
                let at = key.map_or(start, |&key| start.after(&text[..key]));
                InputError::field(at.location(name), FieldKind::Field, failure)
            }
            None => syntax_error(&error, start, name),
        })
}

/// Where the top-level key `"field"` is in an object's text, each time it is written plainly.
fn key_offsets(text: &[u8], field: &str) -> Vec<usize> {
    top_level_keys(text)
        .into_iter()
        .filter(|(_, key)| key.eq_ignore_ascii_case(field.as_bytes()))
        .map(|(offset, _)| offset)
        .collect()
}

/// The keys of an object's text, not of the objects inside it: where each starts (its opening
/// quote) and how it is written.
fn top_level_keys(text: &[u8]) -> Vec<(usize, &[u8])> {
    let mut keys = Vec::new();
    let mut depth = 0;
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b'"' => {
                let start = at;
                at += 1;
                while at < text.len() && text[at] != b'"' {
                    at += if text[at] == b'\\' { 2 } else { 1 };
                }
                let end = at.min(text.len());
                let is_key = text.get(end + 1..).unwrap_or_default().trim_ascii_start().first()
                    == Some(&b':');
                if depth == 1 && is_key {
                    keys.push((start, &text[start + 1..end]));
                }
            }
            _ => {}
        }
        at += 1;
    }
    keys
}

/// The elements of the top-level array, unparsed.
struct Elements<'de>(Vec<&'de RawValue>);

impl<'de> de::Deserialize<'de> for Elements<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ElementsVisitor)
    }
}

struct ElementsVisitor;

impl<'de> Visitor<'de> for ElementsVisitor {
    type Value = Elements<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Elements<'de>, A::Error> {
        let mut elements = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(element) = seq.next_element()? {
            elements.push(element);
        }
        Ok(Elements(elements))
    }
}

/// Reads one object and hands it to the sink. A field error is kept aside and replaced by a
/// marker error, so that it keeps its type and the caller can place it.
struct RecordSeed<'s, S> {
    sink: &'s mut S,
    /// The key of each of the sink's fields.
    keys: &'s [String],
    line: u64,
    failure: &'s mut Option<FieldError>,
}

impl<'de, S: RecordSink> DeserializeSeed<'de> for RecordSeed<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: RecordSink> Visitor<'de> for RecordSeed<'_, S> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "an object with the keys {}", self.keys.join(", "))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = self.sink.fields();
        let mut row = JsonRow::default();
        let mut fail = |failure| {
            *self.failure = Some(failure);
            de::Error::custom("field error")
        };
        while let Some(key) = map.next_key_seed(KeySeed(self.keys))? {
            let Some(index) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value = match map.next_value::<Scalar<'de>>() {
                Ok(value) => value,
                Err(error) => {
                    let problem = FieldProblem::Unreadable(message_of(&error.to_string()));
                    return Err(fail(FieldError { field: fields[index].name, problem }));
                }
            };
            if row.values[index].replace(value).is_some() {
                return Err(fail(FieldError {
                    field: fields[index].name,
                    problem: FieldProblem::Repeated,
                }));
            }
        }
        self.sink.record(&row, self.line).map_err(fail)
    }
}

/// Reads a key as the index of the field it names, without copying it.
struct KeySeed<'k>(&'k [String]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|wanted| wanted.eq_ignore_ascii_case(key)))
    }
}

#[derive(Default)]
struct JsonRow<'de> {
    values: [Option<Scalar<'de>>; MAX_FIELDS],
}

impl Row for JsonRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        Some(match self.values[field].as_ref()? {
            Scalar::Text(text) => Cell::Text(text.as_bytes()),
            Scalar::Number(number) => Cell::Number(*number),
            Scalar::Null => Cell::Null,
            Scalar::Other(found) => Cell::Other(found),
        })
    }
}

/// A JSON value as a field sees it.
#[derive(Clone, Debug)]
enum Scalar<'de> {
    /// Borrowed from the input unless it holds escapes.
    Text(Cow<'de, str>),
    Number(Number),
    Null,
    Other(&'static str),
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string or a number")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(text.into()))
    }

    fn visit_str<E>(self, text: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(text.to_owned().into()))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Number::Integer(number.into())))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Number::Integer(number.into())))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Number::Fraction(number)))
    }

    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other("a boolean"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_columns_from_one() {
        let start = Position { line: 3, column: 5 };
        assert_eq!(start.after(b"ab"), Position { line: 3, column: 7 });
        assert_eq!(start.after(b"ab\ncd"), Position { line: 4, column: 3 });
        assert_eq!(start.plus(1, 1), start);
        assert_eq!(start.plus(2, 4), Position { line: 4, column: 4 });
        let mut counter = LineCounter::default();
        let text = b"[\n  {},\n  {}]";
        assert_eq!(counter.position(text, 4), Position { line: 2, column: 3 });
        assert_eq!(counter.position(text, 10), Position { line: 3, column: 3 });
    }

    #[test]
    fn keys_are_found_as_keys_not_values() {
        let text = br#"{"note": "status", "status" : "degradd", "Status": 1}"#;
        assert_eq!(key_offsets(text, "status"), [19, 41]);
        let nested = br#"{"meta": {"status": "x"}, "st\"atus": 1, "status": 2}"#;
        assert_eq!(key_offsets(nested, "status"), [41]);
        assert!(key_offsets(text, "service").is_empty());
    }
}
