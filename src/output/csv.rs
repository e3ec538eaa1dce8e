//! CSV: one row per result, nested fields flattened with `_` (`seconds_major_outage`), null
//! as an empty cell. The columns follow the JSON schema, so one documentation serves both.
//! Text is made safe to open in a spreadsheet.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

pub fn write<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    out: &mut impl Write,
) -> io::Result<()> {
    write_without(rows, &[], out)
}

/// [`write`], leaving out the top-level fields named in `omitted`.
pub fn write_without<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    omitted: &[&str],
    out: &mut impl Write,
) -> io::Result<()> {
    write_rows(rows, omitted, out).map_err(|error| match error.into_kind() {
        // Keeps a closed pipe recognisable as one.
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("cannot write CSV: {other:?}")),
    })
}

fn write_rows<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    omitted: &[&str],
    out: &mut impl Write,
) -> ::csv::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header_written = false;
    for row in rows {
        let mut cells = Map::new();
        let mut value = serde_json::to_value(&row).map_err(io::Error::from)?;
        if let Value::Object(fields) = &mut value {
            fields.retain(|name, _| !omitted.contains(&name.as_str()));
        }
        flatten("", value, &mut cells);
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
        Value::String(text) => spreadsheet_safe(&super::visible(text)),
        other => other.to_string(),
    }
}

/// Text that a spreadsheet will not run as a formula: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (the OWASP rule against CSV injection).
/// Numbers written as text, like `-12.50`, stay numbers.
fn spreadsheet_safe(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(text) { format!("'{text}") } else { text.to_owned() }
}

/// A sign, digits, and maybe a point and more digits: what a spreadsheet reads as a number.
/// (`-inf` and `NaN` parse as floats, but a spreadsheet reads them as formulas.)
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (text, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-cmd", "'-cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-12.50", "-12.50"),
            ("-inf", "'-inf"),
            ("+Infinity", "'+Infinity"),
            ("-NaN", "'-NaN"),
            ("-1e5", "'-1e5"),
            ("+3", "+3"),
            ("Acme GmbH", "Acme GmbH"),
        ] {
            assert_eq!(spreadsheet_safe(text), cell, "{text:?}");
        }
    }
}
