//! Renderers: each writes results it is given, computing nothing.

mod credits;
mod csv;
mod json;
mod text;

use std::io::{self, Write};

use chrono_tz::Tz;

use crate::availability::{AvailabilityReport, TimelineReport};
use crate::budget::{BudgetReport, DowntimeAvailability};
use crate::burn::BurnReport;
use crate::credits::CreditReport;

/// How results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// An aligned table for terminals.
    Table,
    Json,
    Csv,
    /// A GitHub-flavoured table, for incident reviews and pull requests.
    Markdown,
}

pub fn availability(
    report: &AvailabilityReport,
    format: OutputFormat,
    zone: Tz,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Csv => csv::write(report.rows(), out),
        OutputFormat::Table => text::availability(report, zone, text::Style::Terminal, out),
        OutputFormat::Markdown => text::availability(report, zone, text::Style::Markdown, out),
    }
}

pub fn timeline(
    report: &TimelineReport,
    format: OutputFormat,
    zone: Tz,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Csv => csv::write(&report.intervals, out),
        OutputFormat::Table => text::timeline(report, zone, text::Style::Terminal, out),
        OutputFormat::Markdown => text::timeline(report, zone, text::Style::Markdown, out),
    }
}

pub fn burn(
    report: &BurnReport,
    format: OutputFormat,
    zone: Tz,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Csv => csv::write(&report.services, out),
        OutputFormat::Table => text::burn(report, zone, text::Style::Terminal, out),
        OutputFormat::Markdown => text::burn(report, zone, text::Style::Markdown, out),
    }
}

/// The downtime each objective allows.
pub fn budgets(
    report: &BudgetReport,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Csv => csv::write(&report.budgets, out),
        OutputFormat::Table => text::budgets(report, text::Style::Terminal, out),
        OutputFormat::Markdown => text::budgets(report, text::Style::Markdown, out),
    }
}

/// The availability a downtime leaves.
pub fn downtime_availability(
    result: &DowntimeAvailability,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(result, out),
        OutputFormat::Csv => csv::write(std::slice::from_ref(result), out),
        OutputFormat::Table => text::downtime_availability(result, text::Style::Terminal, out),
        OutputFormat::Markdown => text::downtime_availability(result, text::Style::Markdown, out),
    }
}

/// SLA credits: a row per customer and month, and the totals per currency.
pub fn credits(
    report: &CreditReport,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json::write(report, out),
        // A service list does not fit a cell; the per-service figures are in JSON.
        OutputFormat::Csv => csv::write_without(&report.credits, &["services"], out),
        OutputFormat::Table => credits::table(report, text::Style::Terminal, out),
        OutputFormat::Markdown => credits::table(report, text::Style::Markdown, out),
    }
}

/// How each credit was computed.
pub fn explain_credits(report: &CreditReport, out: &mut impl Write) -> io::Result<()> {
    credits::explain(report, out)
}

/// One line per credit owed, then a verdict.
pub fn check_credits(report: &CreditReport, out: &mut impl Write) -> io::Result<()> {
    credits::check(report, out)
}

/// One line per service that missed the objective, then a verdict.
pub fn check(report: &AvailabilityReport, zone: Tz, out: &mut impl Write) -> io::Result<()> {
    text::check(report, zone, out)
}
