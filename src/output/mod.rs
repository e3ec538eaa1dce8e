//! Renderers: each writes results it is given, computing nothing.

mod credits;
mod csv;
pub mod gate;
mod json;
mod text;

use std::borrow::Cow;
use std::io::{self, Write};

use chrono_tz::Tz;

use crate::availability::{AvailabilityReport, TimelineReport};
use crate::budget::{BudgetReport, DowntimeAvailability};
use crate::burn::BurnReport;
use crate::credits::CreditReport;
use crate::error::SizeError;
use crate::settings::ConfigReport;

/// Text from the input as a reader must see it: control characters (ESC, BEL, line ends) and
/// the invisible characters that reorder or hide text (bidirectional overrides and isolates,
/// zero-width spaces and joiners, soft hyphens, byte-order marks) written as escapes like
/// `\u{202e}`, so a name cannot move the cursor, ring a bell, or pass for another name.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|character| character.is_control() || is_invisible(character)) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if character.is_control() {
            shown.extend(character.escape_debug());
        } else if is_invisible(character) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(character)));
        } else {
            shown.push(character);
        }
    }
    Cow::Owned(shown)
}

/// The format characters (Unicode category Cf) and fillers that show as nothing.
fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// How a table for a terminal is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    /// The widest a line may be: cells wrap to fit; `None` lets the table be as wide as its
    /// cells.
    pub width: Option<u16>,
    /// Borders of ASCII characters only, for terminals without UTF-8.
    pub ascii: bool,
    /// Verdicts (SLO met, alerts) in colour.
    pub color: bool,
}

impl Screen {
    /// No width limit, UTF-8 borders, no colour: what a pipe or a file gets by default.
    pub const PLAIN: Screen = Screen { width: None, ascii: false, color: false };
}

/// How results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// An aligned table for terminals.
    Table(Screen),
    Json,
    Csv,
    /// A GitHub-flavoured table, for incident reviews and pull requests.
    Markdown,
}

/// A result every format can write: JSON is its serialisation; CSV and the tables are its
/// own.
pub trait Rendered: serde::Serialize {
    /// The rows of the CSV output.
    fn csv(&self, out: &mut impl Write) -> io::Result<()>;

    /// A table for terminals or in markdown; times in `zone` where it shows any.
    fn table(&self, zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()>;

    /// The rows its table has.
    fn table_rows(&self) -> usize;
}

/// The most rows a table or markdown is drawn with: a table is held whole to align its
/// columns, at a few kilobytes a row.
pub const MAX_TABLE_ROWS: usize = 100_000;

/// Whether `result` can be written in `format`: a table of more than [`MAX_TABLE_ROWS`] rows
/// is refused, before anything is written.
pub fn fits(result: &impl Rendered, format: OutputFormat) -> Result<(), SizeError> {
    let rows = result.table_rows();
    match format {
        OutputFormat::Table(_) | OutputFormat::Markdown if rows > MAX_TABLE_ROWS => {
            Err(SizeError::TableRows { rows })
        }
        _ => Ok(()),
    }
}

/// Writes `result` in `format`.
pub fn write(
    result: &impl Rendered,
    format: OutputFormat,
    zone: Tz,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(result, out),
        OutputFormat::Csv => result.csv(out),
        OutputFormat::Table(screen) => result.table(zone, text::Style::Terminal(screen), out),
        OutputFormat::Markdown => result.table(zone, text::Style::Markdown, out),
    }
}

impl Rendered for AvailabilityReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        // A member list and the weights do not fit a cell; they are in JSON.
        csv::write_without(self.rows(), &["members", "weights"], out)
    }

    fn table(&self, zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::availability(self, zone, style, out)
    }

    fn table_rows(&self) -> usize {
        self.services.iter().map(|entry| entry.periods.len() + 1).sum()
    }
}

impl Rendered for TimelineReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        csv::write(&self.intervals, out)
    }

    fn table(&self, zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::timeline(self, zone, style, out)
    }

    fn table_rows(&self) -> usize {
        self.intervals.len()
    }
}

impl Rendered for BurnReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        csv::write(&self.services, out)
    }

    fn table(&self, zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::burn(self, zone, style, out)
    }

    fn table_rows(&self) -> usize {
        self.services.len()
    }
}

impl Rendered for BudgetReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        csv::write(&self.budgets, out)
    }

    fn table(&self, _zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::budgets(self, style, out)
    }

    fn table_rows(&self) -> usize {
        self.budgets.len()
    }
}

impl Rendered for DowntimeAvailability {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        csv::write(std::slice::from_ref(self), out)
    }

    fn table(&self, _zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::downtime_availability(self, style, out)
    }

    fn table_rows(&self) -> usize {
        1
    }
}

impl Rendered for ConfigReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        csv::write(&self.settings, out)
    }

    fn table(&self, _zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        text::config(self, style, out)
    }

    fn table_rows(&self) -> usize {
        self.settings.len()
    }
}

impl Rendered for CreditReport {
    fn csv(&self, out: &mut impl Write) -> io::Result<()> {
        // A service list does not fit a cell; the per-service figures are in JSON.
        csv::write_without(&self.credits, &["services"], out)
    }

    fn table(&self, _zone: Tz, style: text::Style, out: &mut impl Write) -> io::Result<()> {
        credits::table(self, style, out)
    }

    fn table_rows(&self) -> usize {
        self.credits.len()
    }
}

/// How each credit was computed.
pub fn explain_credits(report: &CreditReport, out: &mut impl Write) -> io::Result<()> {
    credits::explain(report, out)
}
