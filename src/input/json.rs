//! JSON: an array of objects, or NDJSON, one object per line. Keys the record type does not
//! know are ignored.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::record::{Cell, RecordSink, Row};
use crate::error::{FieldError, FieldKind, InputError, Location};

/// Reads a JSON array of objects.
pub fn read_array(bytes: &[u8], name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    if bytes.trim_ascii().is_empty() {
        return Err(empty(name, "a JSON array of objects"));
    }
    let mut failure = None;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer
        .deserialize_seq(ArrayVisitor { sink, failure: &mut failure })
        .and_then(|()| deserializer.end())
        .map_err(|error| convert(error, failure, name, 0))
}

/// Reads NDJSON: one object per line; blank lines are skipped.
pub fn read_lines(bytes: &[u8], name: &str, sink: &mut impl RecordSink) -> Result<(), InputError> {
    if bytes.trim_ascii().is_empty() {
        return Err(empty(name, "one JSON object per line"));
    }
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let mut failure = None;
        let mut deserializer = serde_json::Deserializer::from_slice(line);
        RecordSeed { sink: &mut *sink, failure: &mut failure }
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end())
            .map_err(|error| convert(error, failure, name, index as u64))?;
    }
    Ok(())
}

fn empty(name: &str, expected: &str) -> InputError {
    InputError::Empty { name: name.to_owned(), expected: expected.to_owned() }
}

/// serde_json's error, or the field error that stopped the record, at serde_json's position.
fn convert(
    error: serde_json::Error,
    failure: Option<FieldError>,
    name: &str,
    first_line: u64,
) -> InputError {
    let at = Location {
        source: name.to_owned(),
        line: first_line + error.line() as u64,
        // serde_json says column 0 for an error before the first character.
        column: Some(error.column().max(1) as u64),
    };
    match failure {
        Some(failure) => InputError::field(at, FieldKind::Field, failure),
        None => {
            let message = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            let message = message
                .strip_suffix(&position)
                .unwrap_or(&message)
                .replace("invalid type: map", "invalid type: object")
                .replace("invalid type: sequence", "invalid type: array");
            InputError::Malformed { at, message }
        }
    }
}

struct ArrayVisitor<'s, S> {
    sink: &'s mut S,
    failure: &'s mut Option<FieldError>,
}

impl<'de, S: RecordSink> Visitor<'de> for ArrayVisitor<'_, S> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(RecordSeed { sink: &mut *self.sink, failure: &mut *self.failure })?
            .is_some()
        {}
        Ok(())
    }
}

/// Reads one object and hands it to the sink. A field error is kept aside and replaced by a
/// marker error so that serde_json still reports where it happened.
struct RecordSeed<'s, S> {
    sink: &'s mut S,
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
        let names: Vec<&str> = self.sink.fields().iter().map(|spec| spec.name).collect();
        write!(formatter, "an object with the keys {}", names.join(", "))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = self.sink.fields();
        let mut row = JsonRow { values: vec![None; fields.len()] };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match fields.iter().position(|spec| spec.name == key) {
                Some(index) => row.values[index] = Some(map.next_value::<Scalar<'de>>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.sink.record(&row).map_err(|failure| {
            *self.failure = Some(failure);
            de::Error::custom("field error")
        })
    }
}

struct JsonRow<'de> {
    values: Vec<Option<Scalar<'de>>>,
}

impl Row for JsonRow<'_> {
    fn cell(&self, field: usize) -> Option<Cell<'_>> {
        Some(match self.values[field].as_ref()? {
            Scalar::Text(text) => Cell::Text(text.as_bytes()),
            Scalar::Number(number) => Cell::Number(number),
            Scalar::Null => Cell::Null,
            Scalar::Other(found) => Cell::Other(found),
        })
    }
}

/// A JSON value as a field sees it.
#[derive(Clone, Debug)]
enum Scalar<'de> {
    Text(std::borrow::Cow<'de, str>),
    /// Kept in written form, so epoch seconds are read exactly.
    Number(String),
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
        Ok(Scalar::Number(number.to_string()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(number.to_string()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(number.to_string()))
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
