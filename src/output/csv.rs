//! CSV: one row per result, nested fields flattened with `_` (`seconds_major_outage`), null
//! as an empty cell. The columns follow the JSON schema, so one documentation serves both.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

pub fn write<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    out: &mut impl Write,
) -> io::Result<()> {
    write_rows(rows, out).map_err(|error| match error.into_kind() {
        // Keeps a closed pipe recognisable as one.
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("cannot write CSV: {other:?}")),
    })
}

fn write_rows<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    out: &mut impl Write,
) -> ::csv::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header_written = false;
    for row in rows {
        let mut cells = Map::new();
        flatten("", serde_json::to_value(&row).map_err(io::Error::from)?, &mut cells);
        if !header_written {
            writer.write_record(cells.keys())?;
            header_written = true;
        }
        writer.write_record(cells.values().map(cell_text))?;
    }
    Ok(writer.flush()?)
}

fn flatten(prefix: &str, value: Value, cells: &mut Map<String, Value>) {
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                let name = if prefix.is_empty() { key } else { format!("{prefix}_{key}") };
                flatten(&name, value, cells);
            }
        }
        other => {
            cells.insert(prefix.to_owned(), other);
        }
    }
}

fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
