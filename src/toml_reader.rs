//! Reading hand-edited TOML files (the config file, contracts) into validated values, with
//! errors that name the file, the line, what the value is part of, the field's path, the value
//! found and what was expected. One reader serves every such file, so they all speak alike.

use std::borrow::Cow;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Origin, excerpt, shown};
use crate::values::{self, Complaint};

/// Why a TOML file was not read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}: {}{problem}", subject(.context, .field))]
pub struct FileError {
    /// The file's path as given.
    pub file: String,
    /// 1-based: the offending key's line, the table header's when a field is missing, or where
    /// the TOML stops making sense.
    pub line: u64,
    /// What the field is part of, once known, like `customer "Acme GmbH"`.
    pub context: Option<String>,
    /// The field's path, like `monthly_fee`, `tiers[1].below` or `groups.storage.k`.
    pub field: Option<String>,
    /// What is wrong: the value found, and in parentheses what was expected.
    pub problem: String,
}

/// What an error is about, ahead of its problem: `customer "Acme GmbH": monthly_fee `.
fn subject(context: &Option<String>, field: &Option<String>) -> String {
    let context = context.as_ref().map(|context| format!("{context}: "));
    let field = field.as_ref().map(|field| format!("{field} "));
    context.unwrap_or_default() + &field.unwrap_or_default()
}

/// Where TOML that does not parse is, as far as the text around it says.
pub struct SyntaxPlace<'t> {
    /// The table header above the error, trimmed (`[[customer]]`), and its line's index.
    pub header: Option<(usize, &'t str)>,
    /// The key of the error's line, if it has one.
    pub key: Option<String>,
}

/// Parses `text`, the contents of `file`. When it is not TOML, `describe` turns where the
/// error is into what it is part of and the field's path, for the message.
pub fn parse<'i>(
    text: &'i str,
    file: &str,
    describe: impl FnOnce(&SyntaxPlace) -> (Option<String>, Option<String>),
) -> Result<Spanned<DeTable<'i>>, FileError> {
    DeTable::parse(text).map_err(|error| {
        let at = error.span().unwrap_or_default();
        let reader = Reader { file, text, context: None };
        let column = reader.column(&at);
        let (context, field) = describe(&syntax_place(text, at.start));
        let what = if field.is_some() { "is not valid TOML" } else { "invalid TOML" };
        let problem = format!("{what} at column {column}: {}", error.message());
        Reader { context: context.as_deref(), ..reader }.error(&at, field.as_deref(), problem)
    })
}

fn syntax_place(text: &str, offset: usize) -> SyntaxPlace<'_> {
    let line_start = text.get(..offset).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
    let line = text.get(line_start..).and_then(|rest| rest.lines().next()).unwrap_or_default();
    let key = line
        .split_once('=')
        .map(|(key, _)| key.trim())
        .filter(|key| {
            !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
        .map(str::to_owned);
    let before = text.get(..line_start).unwrap_or_default();
    let header = before
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with('['))
        .last()
        .map(|(index, line)| (index, line.trim()));
    SyntaxPlace { header, key }
}

/// `a`, `a or b`, `a, b or c`.
pub fn alternatives(names: &[impl AsRef<str>]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    match names.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// The known name closest to a misspelt one, if one is close enough to be what was meant.
pub fn closest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let lowered = name.to_lowercase();
    known
        .into_iter()
        .map(|candidate| {
            (strsim::damerau_levenshtein(&lowered, &candidate.to_lowercase()), candidate)
        })
        .filter(|&(distance, candidate)| {
            candidate != name && distance <= 1.max(candidate.chars().count() / 4)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean monthly_fee?` when a known name is close, else nothing.
pub fn suggestion<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> String {
    closest(name, known).map(|close| format!(": did you mean {close}?")).unwrap_or_default()
}

/// A key as it goes into a field's path: quoted unless TOML would take it bare.
pub fn path_key(name: &str) -> Cow<'_, str> {
    let bare = !name.is_empty()
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    if bare { Cow::Borrowed(name) } else { Cow::Owned(shown(name).to_string()) }
}

/// A value in the file, with the path errors call it by.
#[derive(Clone)]
pub struct Item<'t, 'i> {
    /// Like `monthly_fee`, `tiers[1].below` or `services[0]`.
    pub path: String,
    /// Where errors about it point: its key, or the value itself in a list.
    pub at: Range<usize>,
    pub value: &'t Spanned<DeValue<'i>>,
}

impl<'t, 'i> Item<'t, 'i> {
    /// The entries of a list, each with its path (`services[0]`), or an error saying the value
    /// should have been `expected`.
    pub fn entries(&self, reader: &Reader, expected: &str) -> Result<Vec<Item<'t, 'i>>, FileError> {
        let DeValue::Array(entries) = self.value.get_ref() else {
            return Err(reader.wrong_type(self, expected));
        };
        Ok(entries
            .iter()
            .enumerate()
            .map(|(index, entry)| Item {
                path: format!("{}[{index}]", self.path),
                at: entry.span(),
                value: entry,
            })
            .collect())
    }
}

/// A table's fields.
pub struct Table<'t, 'i> {
    pub entries: &'t DeTable<'i>,
    /// Where errors about missing fields point: the table's header, or the inline table.
    pub at: Range<usize>,
    /// What goes before a field's key to make its path: `tiers[0].` in a tier.
    pub prefix: String,
}

impl<'t, 'i> Table<'t, 'i> {
    /// The document's top-level table.
    pub fn root(document: &'t Spanned<DeTable<'i>>) -> Self {
        Table { entries: document.get_ref(), at: document.span(), prefix: String::new() }
    }

    /// The table in `item`, or an error saying it should have been `expected`.
    pub fn of(reader: &Reader, item: &Item<'t, 'i>, expected: &str) -> Result<Self, FileError> {
        match item.value.get_ref() {
            DeValue::Table(entries) => {
                Ok(Table { entries, at: item.value.span(), prefix: format!("{}.", item.path) })
            }
            _ => Err(reader.wrong_type(item, expected)),
        }
    }

    pub fn get(&self, name: &str) -> Option<Item<'t, 'i>> {
        let (key, value) = self.entries.get_key_value(name)?;
        Some(Item { path: self.path(name), at: key.span(), value })
    }

    pub fn required(
        &self,
        reader: &Reader,
        name: &str,
        expected: &str,
    ) -> Result<Item<'t, 'i>, FileError> {
        self.get(name).ok_or_else(|| self.missing(reader, name, expected))
    }

    pub fn missing(&self, reader: &Reader, name: &str, expected: &str) -> FileError {
        reader.error(&self.at, Some(&self.path(name)), format!("is missing (expected {expected})"))
    }

    /// Every field with its key, in file order.
    pub fn items(&self) -> Vec<(&'t str, Item<'t, 'i>)> {
        let mut items: Vec<_> = self
            .entries
            .iter()
            .map(|(key, value)| {
                let name: &'t str = key.get_ref();
                (name, Item { path: self.path(name), at: key.span(), value })
            })
            .collect();
        items.sort_by_key(|(_, item)| item.at.start);
        items
    }

    /// An error for the first field, in file order, that is not one of `known`, suggesting
    /// the known one it is closest to.
    pub fn reject_unknown(&self, reader: &Reader, known: &[&str]) -> Result<(), FileError> {
        let unknown = self.items().into_iter().find(|(name, _)| !known.contains(name));
        let Some((name, item)) = unknown else { return Ok(()) };
        let expected = if known.len() == 1 {
            alternatives(known)
        } else {
            format!("one of {}", alternatives(known))
        };
        let did_you_mean = suggestion(name, known.iter().copied());
        let problem = format!("is not a known field{did_you_mean} (expected {expected})");
        Err(reader.error(&item.at, Some(&item.path), problem))
    }

    fn path(&self, name: &str) -> String {
        format!("{}{}", self.prefix, path_key(name))
    }
}

/// Reads values in one part of a file, and makes the errors that say where.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// What the values being read are part of, once known, like `customer "Acme GmbH"`.
    pub context: Option<&'a str>,
}

impl Reader<'_> {
    pub fn line(&self, at: &Range<usize>) -> u64 {
        let before = self.text.as_bytes().get(..at.start).unwrap_or_default();
        before.iter().filter(|&&byte| byte == b'\n').count() as u64 + 1
    }

    /// 1-based, in characters.
    fn column(&self, at: &Range<usize>) -> usize {
        let before = self.text.get(..at.start).unwrap_or_default();
        before.rsplit('\n').next().unwrap_or_default().chars().count() + 1
    }

    /// `file:line` of a place.
    pub fn place(&self, at: &Range<usize>) -> String {
        format!("{}:{}", self.file, self.line(at))
    }

    /// Where an item's value was set, for settings that remember it.
    pub fn origin(&self, item: &Item) -> Origin {
        Origin::File {
            path: self.file.to_owned(),
            line: self.line(&item.at),
            key: item.path.clone(),
        }
    }

    pub fn error(&self, at: &Range<usize>, field: Option<&str>, problem: String) -> FileError {
        FileError {
            file: self.file.to_owned(),
            line: self.line(at),
            context: self.context.map(str::to_owned),
            field: field.map(str::to_owned),
            problem,
        }
    }

    /// An error about an item: `{path} {problem}`.
    pub fn error_at(&self, item: &Item, problem: String) -> FileError {
        self.error(&item.at, Some(&item.path), problem)
    }

    /// A value of the right type that is still wrong: `"-5.00" is negative (expected …)`.
    pub fn invalid(&self, item: &Item, complaint: &str, expected: &str) -> FileError {
        let value = self.written(item.value);
        self.error_at(item, format!("{value} {complaint} (expected {expected})"))
    }

    /// A value of the wrong type: `true is a boolean (expected …)`.
    pub fn wrong_type(&self, item: &Item, expected: &str) -> FileError {
        let kind = match item.value.get_ref() {
            DeValue::Array(_) => "a list",
            DeValue::Table(_) => "a table",
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a date-time",
        };
        let found = match item.value.get_ref() {
            // Lists and tables can span lines: their type says enough.
            DeValue::Array(_) | DeValue::Table(_) => String::new(),
            _ => self.written(item.value) + " ",
        };
        self.error_at(item, format!("{found}is {kind} (expected {expected})"))
    }

    /// A value as the file has it: strings quoted, anything else as written.
    pub fn written(&self, value: &Spanned<DeValue>) -> String {
        match value.get_ref() {
            DeValue::String(text) => shown(text).to_string(),
            _ => excerpt(self.text.get(value.span()).unwrap_or_default()),
        }
    }

    pub fn string<'t>(&self, item: &Item<'t, '_>, expected: &str) -> Result<&'t str, FileError> {
        match item.value.get_ref() {
            DeValue::String(text) => Ok(text),
            _ => Err(self.wrong_type(item, expected)),
        }
    }

    /// A string that is not blank.
    pub fn name<'t>(&self, item: &Item<'t, '_>, expected: &str) -> Result<&'t str, FileError> {
        let name = self.string(item, expected)?;
        if name.trim().is_empty() {
            return Err(self.invalid(item, "is blank", expected));
        }
        Ok(name)
    }

    pub fn boolean(&self, item: &Item) -> Result<bool, FileError> {
        match item.value.get_ref() {
            DeValue::Boolean(value) => Ok(*value),
            _ => Err(self.wrong_type(item, "true or false")),
        }
    }

    /// A whole number from `range`, written as a TOML integer or a string holding one.
    pub fn whole_number(
        &self,
        item: &Item,
        range: std::ops::RangeInclusive<u32>,
        expected: &str,
    ) -> Result<u32, FileError> {
        let number = match item.value.get_ref() {
            DeValue::Integer(integer) => {
                u32::from_str_radix(integer.as_str(), integer.radix()).ok()
            }
            DeValue::String(text) => text.trim().parse().ok(),
            _ => return Err(self.wrong_type(item, expected)),
        };
        number.filter(|number| range.contains(number)).ok_or_else(|| {
            let complaint =
                format!("is not a whole number from {} to {}", range.start(), range.end());
            self.invalid(item, &complaint, expected)
        })
    }

    /// A number, exactly as written, passed through `check`: in a string, or the text of a
    /// TOML integer or float, which is exact too where the float itself would not be.
    pub fn decimal(
        &self,
        item: &Item,
        expected: &str,
        check: fn(Decimal) -> Result<Decimal, Complaint>,
    ) -> Result<Decimal, FileError> {
        let number = match item.value.get_ref() {
            DeValue::String(text) => values::decimal(text),
            DeValue::Integer(integer) if integer.radix() == 10 => values::decimal(integer.as_str()),
            DeValue::Integer(_) => Err("is not a decimal number"),
            DeValue::Float(float) => exact_float(float.as_str()),
            _ => return Err(self.wrong_type(item, expected)),
        };
        number.and_then(check).map_err(|complaint| self.invalid(item, complaint, expected))
    }

    /// A string read by `read`, whose complaint is put after the value as written.
    pub fn parsed<T>(
        &self,
        item: &Item,
        expected: &str,
        read: impl FnOnce(&str) -> Result<T, Complaint>,
    ) -> Result<T, FileError> {
        let text = self.string(item, expected)?;
        read(text).map_err(|complaint| self.invalid(item, complaint, expected))
    }

    /// One of `choices`, named in any case.
    pub fn keyword<T: Copy>(&self, item: &Item, choices: &[(&str, T)]) -> Result<T, FileError> {
        let names: Vec<String> = choices.iter().map(|(name, _)| shown(name).to_string()).collect();
        let expected = alternatives(&names);
        let text = self.string(item, &expected)?;
        choices
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
            .map(|&(_, choice)| choice)
            .ok_or_else(|| {
                let complaint = format!(
                    "is unknown{}",
                    suggestion(text, choices.iter().map(|(name, _)| *name))
                );
                self.invalid(item, &complaint, &expected)
            })
    }
}

/// A TOML float's text as an exact decimal, `1e3` as well as `99.9`.
fn exact_float(text: &str) -> Result<Decimal, Complaint> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).map_err(|_| "is not a decimal number")
    } else {
        values::decimal(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_find_what_was_meant() {
        let known = ["monthly_fee", "minimum_credit", "name"];
        assert_eq!(closest("montly_fee", known), Some("monthly_fee"));
        assert_eq!(closest("Monthly_Fee", known), Some("monthly_fee"));
        assert_eq!(closest("nmae", known), Some("name"));
        assert_eq!(closest("zebra", known), None);
        assert_eq!(closest("name", known), None);
        assert_eq!(suggestion("montly_fee", known), ": did you mean monthly_fee?");
        assert_eq!(suggestion("zebra", known), "");
    }

    #[test]
    fn syntax_errors_know_their_table_and_key() {
        let text = "slo = 1\n[groups.web]\nmode = all\n";
        let error = parse(text, "nines.toml", |place| {
            let (_, header) = place.header.unwrap();
            (None, Some(format!("{header} {}", place.key.clone().unwrap())))
        })
        .unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.field.as_deref(), Some("[groups.web] mode"));
        assert!(error.problem.starts_with("is not valid TOML at column 8"), "{}", error.problem);
    }

    #[test]
    fn lists_and_names() {
        let text = "members = [\"a\", \" \"]\n";
        let document = parse(text, "f.toml", |_| (None, None)).unwrap();
        let reader = Reader { file: "f.toml", text, context: Some("group \"web\"") };
        let root = Table::root(&document);
        let entries = root.get("members").unwrap().entries(&reader, "a list").unwrap();
        assert_eq!(reader.name(&entries[0], "a name").unwrap(), "a");
        assert_eq!(
            reader.name(&entries[1], "a name").unwrap_err().to_string(),
            "f.toml:1: group \"web\": members[1] \" \" is blank (expected a name)"
        );
        assert_eq!(
            reader.origin(&entries[0]),
            Origin::File { path: "f.toml".into(), line: 1, key: "members[0]".into() }
        );
    }
}
