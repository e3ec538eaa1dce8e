//! Tables for people: aligned for terminals, or GitHub-flavoured markdown. A few lines above
//! the table state the window, the objective and the weights (for budgets: the lengths of the
//! periods), so a pasted report explains itself.

use std::io::{self, Write};

use crate::exact::{Exact, Rounding};
use chrono_tz::Tz;
use comfy_table::presets::{ASCII_FULL_CONDENSED, ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::Screen;

use crate::availability::{AvailabilityReport, Measurement, SortKey, SubjectInfo, TimelineReport};
use crate::budget::{BudgetReport, CalendarSpan, DowntimeAvailability};
use crate::burn::BurnReport;
use crate::settings::ConfigReport;
use crate::status::Weights;
use crate::subject::{GroupMode, SubjectKind};
use crate::time::duration_text;

/// How text is drawn: for a terminal (how wide, which borders, whether in colour), or as
/// GitHub-flavoured markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Terminal(Screen),
    Markdown,
}

impl Style {
    /// A terminal of no known width, UTF-8 borders, no colour: for text that is not a table.
    pub const PLAIN: Style = Style::Terminal(Screen::PLAIN);
}

/// How a verdict reads: colour, where colour is on, says it at a glance.
#[derive(Clone, Copy)]
pub(super) enum Tone {
    Good,
    Warning,
    Bad,
    Neutral,
}

/// A verdict's cell, coloured by its tone on a terminal that takes colour.
pub(super) fn verdict_cell(text: String, tone: Tone, style: Style) -> Cell {
    let cell = Cell::new(text);
    let colored = matches!(style, Style::Terminal(Screen { color: true, .. }));
    match tone {
        _ if !colored => cell,
        Tone::Good => cell.fg(Color::Green),
        Tone::Warning => cell.fg(Color::Yellow),
        Tone::Bad => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        Tone::Neutral => cell,
    }
}

pub fn availability(
    report: &AvailabilityReport,
    zone: Tz,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let subjects: Vec<&SubjectInfo> = report.services.iter().map(|entry| &entry.subject).collect();
    let shown = report.selection.as_ref().map(|selection| {
        let order = match selection.sort {
            Some(SortKey::Availability) => ", lowest availability first",
            Some(SortKey::Downtime) => ", most downtime first",
            Some(SortKey::Name) => ", by name",
            None => "",
        };
        format!("Shown:   {} of {}{order}", report.services.len(), selection.measured)
    });
    write_preamble(&report.measurement, &subjects, shown, zone, style, out)?;
    let by_period = report.measurement.period.is_some();
    let groups = report.has_groups();
    let own_objectives =
        subjects.iter().any(|subject| subject.slo_percent != report.measurement.slo_percent);
    let mut header = vec![if groups { "Name" } else { "Service" }];
    if groups {
        header.push("Kind");
    }
    if by_period {
        header.extend(["Period", "Length"]);
    }
    // The period's length is the first figure.
    let first_figure = if by_period { header.len() - 1 } else { header.len() };
    header.push("Availability");
    if groups {
        header.push("If independent");
    }
    if own_objectives {
        header.push("SLO");
    }
    header.extend([
        "SLO met",
        "Downtime",
        "Budget left",
        "Budget used",
        "Incidents",
        "Longest",
        "Maintenance",
    ]);
    let mut table = new_table(style, &header);
    for row in report.rows() {
        let figures = row.figures;
        let mut cells = vec![text_cell(&row.subject.display_name, style)];
        if groups {
            cells.push(kind_label(row.subject));
        }
        if by_period {
            let label = period_label(row.period, row.partial);
            cells.extend([label, duration(&Exact::seconds(row.to.0 - row.from.0))]);
        }
        cells.push(or_not_applicable(figures.availability_percent.as_ref(), percent));
        if groups {
            let estimate = row.independent_estimate_percent;
            cells.push(match row.subject.kind {
                SubjectKind::Group => or_not_applicable(estimate, percent),
                SubjectKind::Service => String::new(),
            });
        }
        if own_objectives {
            cells.push(format!("{}%", row.subject.slo_percent.normalize()));
        }
        let (verdict, tone) = match figures.slo_met {
            Some(true) => ("yes", Tone::Good),
            Some(false) => ("NO", Tone::Bad),
            None => (NOT_APPLICABLE, Tone::Neutral),
        };
        let verdict_column = cells.len();
        cells.extend([
            String::new(),
            duration(&figures.downtime_seconds),
            duration(&figures.error_budget_remaining_seconds),
            // Rounded up, so that a table never shows less of the budget spent than was.
            or_not_applicable(figures.error_budget_consumed_percent.as_ref(), |used| {
                format!("{}%", used.fixed(1, Rounding::AwayFromZero))
            }),
            figures.incidents.count.to_string(),
            duration(&figures.incidents.longest_seconds.seconds()),
            duration(&figures.seconds.under_maintenance.seconds()),
        ]);
        let mut cells: Vec<Cell> = cells.into_iter().map(Cell::new).collect();
        cells[verdict_column] = verdict_cell(verdict.to_owned(), tone, style);
        table.add_row(cells);
    }
    right_align(&mut table, first_figure..header.len());
    writeln!(out, "{table}")
}

/// What a subject is, for a table: `service`, or a group's mode (`group: all`, `group: 2 of
/// 3`).
fn kind_label(subject: &SubjectInfo) -> String {
    match (subject.kind, subject.mode, &subject.members) {
        (SubjectKind::Group, Some(GroupMode::KOfN(k)), Some(members)) => {
            format!("group: {k} of {}", members.len())
        }
        (SubjectKind::Group, Some(mode), _) => format!("group: {}", mode.name()),
        _ => subject.kind.to_string(),
    }
}

const NOT_APPLICABLE: &str = "n/a";

/// A calendar period's name, marked when only part of it was measured.
pub(super) fn period_label(period: &str, partial: bool) -> String {
    if partial { format!("{period} (partial)") } else { period.to_owned() }
}

pub(super) fn or_not_applicable<T>(value: Option<T>, show: impl FnOnce(T) -> String) -> String {
    value.map_or_else(|| NOT_APPLICABLE.to_owned(), show)
}

pub fn timeline(
    report: &TimelineReport,
    zone: Tz,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    write_preamble(&report.measurement, &[], None, zone, style, out)?;
    let groups = report.intervals.iter().any(|interval| interval.kind == SubjectKind::Group);
    let mut header = vec![if groups { "Name" } else { "Service" }];
    if groups {
        header.push("Kind");
    }
    let first_column = header.len();
    header
        .extend(["From", "To", "Duration", "Status", "Reported", "Counted", "Weight", "Downtime"]);
    let mut table = new_table(style, &header);
    for interval in &report.intervals {
        let mut cells = vec![text_cell(&interval.service, style)];
        if groups {
            cells.push(interval.kind.to_string());
        }
        cells.extend([
            interval.from.in_zone(zone),
            interval.to.in_zone(zone),
            duration(&interval.seconds.seconds()),
            interval.status.to_string(),
            interval.reported_status.to_string(),
            if interval.counted { "yes" } else { "no" }.to_owned(),
            interval.weight.normalize().to_string(),
            duration(&interval.downtime_seconds),
        ]);
        table.add_row(cells);
    }
    right_align(&mut table, [2, 6, 7].map(|column| first_column + column));
    writeln!(out, "{table}")
}

/// `5 services`, `1 group`, `5 services and 2 groups`: how many of each kind.
pub(super) fn services_and_groups(kinds: impl Iterator<Item = SubjectKind>) -> String {
    let (mut services, mut groups) = (0, 0);
    for kind in kinds {
        match kind {
            SubjectKind::Service => services += 1,
            SubjectKind::Group => groups += 1,
        }
    }
    match (services, groups) {
        (services, 0) => counted(services, "service", "services"),
        (0, groups) => counted(groups, "group", "groups"),
        (services, groups) => format!(
            "{} and {}",
            counted(services, "service", "services"),
            counted(groups, "group", "groups")
        ),
    }
}

/// `1 service`, `2 services`.
pub(super) fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}

/// The settings in force, under the config file they were read with.
pub fn config(report: &ConfigReport, style: Style, out: &mut impl Write) -> io::Result<()> {
    let file = report
        .config_file
        .as_deref()
        .map_or_else(|| "none".to_owned(), |file| text_cell(file, style));
    write_lines([format!("Config file: {file}")], style, out)?;
    let mut table = new_table(style, &["Setting", "Value", "From"]);
    for setting in &report.settings {
        table.add_row(vec![
            text_cell(&setting.setting, style),
            text_cell(&setting.value, style),
            text_cell(&setting.origin, style),
        ]);
    }
    writeln!(out, "{table}")
}

pub fn budgets(report: &BudgetReport, style: Style, out: &mut impl Write) -> io::Result<()> {
    let lengths = &report.period_seconds;
    let mut lines = vec![format!(
        "Periods:  a month is {}, a quarter {}, a year {}",
        duration(&lengths.month),
        duration(&lengths.quarter),
        duration(&lengths.year)
    )];
    lines.extend(report.calendar().map(calendar_line));
    write_lines(lines, style, out)?;
    let calendar_label = report.calendar().map(|span| span.period.to_string());
    let mut header = vec!["SLO", "Day", "Week", "Month", "Quarter", "Year"];
    header.extend(calendar_label.as_deref());
    let mut table = new_table(style, &header);
    for budget in &report.budgets {
        let allowed = &budget.allowed_downtime_seconds;
        let mut row = vec![format!("{}%", budget.slo_percent.normalize())];
        row.extend(
            [&allowed.day, &allowed.week, &allowed.month, &allowed.quarter, &allowed.year]
                .map(duration),
        );
        row.extend(
            budget.calendar.as_ref().map(|calendar| duration(&calendar.allowed_downtime_seconds)),
        );
        table.add_row(row);
    }
    right_align(&mut table, 0..header.len());
    writeln!(out, "{table}")
}

pub fn downtime_availability(
    result: &DowntimeAvailability,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    if let Some(span) = &result.calendar {
        write_lines([calendar_line(span)], style, out)?;
    }
    let mut table = new_table(style, &["Downtime", "Per", "Period", "Availability"]);
    table.add_row(vec![
        duration(&Exact::from(result.downtime_seconds)),
        result
            .calendar
            .as_ref()
            .map_or_else(|| result.per.to_string(), |span| span.period.to_string()),
        duration(&result.period_seconds),
        nines_percent(&result.availability_percent),
    ]);
    right_align(&mut table, [0, 2, 3]);
    writeln!(out, "{table}")
}

/// A calendar period, stated as a report states its window: its bounds in its zone, its
/// length and the zone.
fn calendar_line(span: &CalendarSpan) -> String {
    let zone = span.time_zone;
    format!(
        "Calendar: {} from {} to {} ({}, {})",
        span.period,
        span.window.from.in_zone(zone),
        span.window.to.in_zone(zone),
        duration(&span.seconds),
        zone.name()
    )
}

/// The lines above a table: the window, then how it was measured.
fn write_preamble(
    measurement: &Measurement,
    subjects: &[&SubjectInfo],
    shown: Option<String>,
    zone: Tz,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let window = &measurement.window;
    let length = duration(&Exact::seconds(window.to.0 - window.from.0));
    let window_line = format!(
        "Window:  {} to {} ({length}, {})",
        window.from.in_zone(zone),
        window.to.in_zone(zone),
        zone.name()
    );
    let lines = std::iter::once(window_line)
        .chain(measurement_lines(measurement))
        .chain(shown)
        .chain(own_weights_lines(measurement, subjects));
    write_lines(lines, style, out)
}

/// The weights of `weights` as a header states them: `operational 0, degraded_performance 0.1, …`.
fn weights_text(weights: &Weights) -> String {
    let weights: Vec<String> = Weights::counted_statuses()
        .map(|status| format!("{status} {}", weights.get(status).normalize()))
        .collect();
    weights.join(", ")
}

/// A line for each subject weighed otherwise than the default.
fn own_weights_lines<'s>(
    measurement: &'s Measurement,
    subjects: &'s [&SubjectInfo],
) -> impl Iterator<Item = String> + 's {
    subjects.iter().filter(|subject| subject.weights != measurement.weights).map(|subject| {
        format!(
            "         {}: {}",
            text_cell(&subject.display_name, Style::PLAIN),
            weights_text(&subject.weights)
        )
    })
}

/// How the figures were measured: objective, weights, counting rules, periods.
fn measurement_lines(measurement: &Measurement) -> impl Iterator<Item = String> {
    let mut counting = Vec::new();
    if let Some(slot) = &measurement.granularity_seconds {
        counting.push(format!(
            "{} slots, each at the worst status seen in it",
            duration(&slot.seconds())
        ));
    }
    if let Some(minimum) = &measurement.min_incident_seconds {
        counting
            .push(format!("incidents under {} count as operational", duration(&minimum.seconds())));
    }
    let counting = (!counting.is_empty()).then(|| format!("Counting: {}", counting.join("; ")));
    let periods = measurement
        .period
        .map(|kind| format!("Periods: each calendar {kind} in {}", measurement.time_zone.name()));
    [
        format!("SLO:     {}%", measurement.slo_percent.normalize()),
        format!("Weights: {}; maintenance is not counted", weights_text(&measurement.weights)),
    ]
    .into_iter()
    .chain(counting)
    .chain(periods)
}

/// The lines above a table, then a blank line.
pub(super) fn write_lines(
    lines: impl IntoIterator<Item = String>,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    for line in lines {
        match style {
            // Two trailing spaces keep the lines apart in rendered markdown.
            Style::Markdown => writeln!(out, "{line}  ")?,
            // Wrapped to the terminal, under the text after the label (`Weights: `).
            Style::Terminal(Screen { width: Some(width), .. }) => {
                let options = textwrap::Options::new(usize::from(width).max(20))
                    .subsequent_indent("         ")
                    .break_words(true);
                for part in textwrap::wrap(&line, options) {
                    writeln!(out, "{part}")?;
                }
            }
            Style::Terminal(_) => writeln!(out, "{line}")?,
        }
    }
    writeln!(out)
}

pub fn burn(report: &BurnReport, zone: Tz, style: Style, out: &mut impl Write) -> io::Result<()> {
    let rules: Vec<String> = report
        .alerts
        .iter()
        .map(|rule| {
            format!(
                "{} {} when {} and {} both burn at {}× or more",
                rule.level,
                if rule.pages { "pages" } else { "opens a ticket" },
                duration_text(rule.long_ms),
                duration_text(rule.short_ms),
                rule.burn_rate_threshold.normalize()
            )
        })
        .collect();
    let head = [
        format!("At:      {} ({})", report.at.in_zone(zone), zone.name()),
        format!("Alerts:  {}", rules.join("; ")),
    ];
    write_lines(head.into_iter().chain(measurement_lines(&report.measurement)), style, out)?;
    let windows: Vec<&str> = report
        .services
        .first()
        .map(|service| service.burn_rates.iter().map(|(window, _)| window).collect())
        .unwrap_or_default();
    let groups = report.has_groups();
    let slo = report.measurement.slo_percent;
    let own_objectives = report.services.iter().any(|service| service.slo_percent != slo);
    let mut header = vec![if groups { "Name" } else { "Service" }];
    if groups {
        header.push("Kind");
    }
    if own_objectives {
        header.push("SLO");
    }
    let first_rate = header.len() - usize::from(own_objectives);
    header.extend(&windows);
    header.push("Alert");
    let mut table = new_table(style, &header);
    for service in &report.services {
        let mut cells = vec![text_cell(&service.display_name, style)];
        if groups {
            cells.push(service.kind.to_string());
        }
        if own_objectives {
            cells.push(format!("{}%", service.slo_percent.normalize()));
        }
        cells.extend(service.burn_rates.iter().map(|(_, rate)| or_not_applicable(rate, burn_rate)));
        let mut cells: Vec<Cell> = cells.into_iter().map(Cell::new).collect();
        cells.push(match service.firing {
            None => verdict_cell("-".to_owned(), Tone::Neutral, style),
            Some(level) if level.pages() => verdict_cell(level.to_string(), Tone::Bad, style),
            Some(level) => verdict_cell(level.to_string(), Tone::Warning, style),
        });
        table.add_row(cells);
    }
    right_align(&mut table, first_rate..header.len() - 1);
    writeln!(out, "{table}")
}

/// A burn rate to two decimals, rounded toward zero, so that a rate shown at an alert's
/// threshold has reached it.
pub(super) fn burn_rate(rate: &Exact) -> String {
    rate.fixed(2, Rounding::TowardZero)
}

/// Text from the input, made safe for a table: control and invisible characters escaped
/// ([`super::visible`]), so that a name cannot add a line or pass for another, and in
/// markdown `|`, `&` and the other markup characters escaped, so that it cannot add a
/// column, turn bold or become an entity.
pub(super) fn text_cell(text: &str, style: Style) -> String {
    let visible = super::visible(text);
    if style != Style::Markdown {
        return visible.into_owned();
    }
    let mut cell = String::with_capacity(visible.len());
    for character in visible.chars() {
        // Markdown's own characters are escaped, so a name is shown as written.
        if matches!(
            character,
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&'
        ) {
            cell.push('\\');
        }
        cell.push(character);
    }
    cell
}

pub(super) fn new_table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    match style {
        Style::Terminal(screen) => {
            table.load_preset(if screen.ascii {
                ASCII_FULL_CONDENSED
            } else {
                UTF8_FULL_CONDENSED
            });
            match screen.width {
                // Cells wrap so that no line is wider than the terminal.
                Some(width) => {
                    table.set_content_arrangement(ContentArrangement::Dynamic).set_width(width)
                }
                None => table.set_content_arrangement(ContentArrangement::Disabled),
            };
            if screen.color {
                table.enforce_styling();
            } else {
                table.force_no_tty();
            }
        }
        Style::Markdown => {
            table.load_preset(ASCII_MARKDOWN).force_no_tty();
        }
    };
    table.set_header(header.to_vec());
    table
}

pub(super) fn right_align(table: &mut Table, columns: impl IntoIterator<Item = usize>) {
    for index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A percentage to three decimals, rounded toward zero so that it never shows more
/// availability than there was (99.99951 is 99.999%, not 100.000%).
pub(super) fn percent(value: &Exact) -> String {
    format!("{}%", value.fixed(3, Rounding::TowardZero))
}

/// An availability as an objective is written, to six decimals at most, rounded toward zero
/// (99.589313%, 87.5%): a budget question is about nines, so more of them are shown than in
/// reports, and never one more than there is.
fn nines_percent(value: &Exact) -> String {
    format!("{}%", value.round(6, Rounding::TowardZero))
}

/// Seconds as `3d 1h 12m 5s`; negative with a leading `-`. Under a minute to the millisecond
/// (`5s 250ms`), from a minute on to the second: the exact figures are in JSON and CSV.
/// Days are the largest unit: months and years differ in length.
pub(super) fn duration(seconds: &Exact) -> String {
    let places = if seconds.abs() < Exact::from(60) { 3 } else { 0 };
    let ms = (seconds.round(places, Rounding::HalfUp) * Exact::from(1000)).to_i64();
    let ms = ms.unwrap_or(if seconds.is_negative() { i64::MIN } else { i64::MAX });
    if ms == 0 {
        return "0s".to_owned();
    }
    let mut rest = ms.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
    {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    let sign = if ms < 0 { "-" } else { "" };
    format!("{sign}{}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn exact(text: &str) -> Exact {
        Exact::from(text.parse::<Decimal>().unwrap())
    }

    #[test]
    fn durations_read_like_people_write_them() {
        let cases = [
            ("0", "0s"),
            ("4335", "1h 12m 15s"),
            ("2678400", "31d"),
            ("2682000", "31d 1h"),
            ("0.25", "250ms"),
            ("12794.8", "3h 33m 15s"),
            ("-5837.49", "-1h 37m 17s"),
            ("59.9994", "59s 999ms"),
            ("-1.5", "-1s 500ms"),
            ("0.0004", "0s"),
        ];
        for (seconds, text) in cases {
            assert_eq!(duration(&exact(seconds)), text, "{seconds}");
        }
    }

    #[test]
    fn names_cannot_break_a_table() {
        // The escape's backslash is itself escaped, so markdown shows it.
        assert_eq!(text_cell("a|b\nc", Style::Markdown), "a\\|b\\\\nc");
        assert_eq!(text_cell("a|b\tc", Style::PLAIN), "a|b\\tc");
        assert_eq!(text_cell("api-eu", Style::Markdown), "api-eu");
        assert_eq!(text_cell("**bold** <b>", Style::Markdown), "\\*\\*bold\\*\\* \\<b\\>");
        assert_eq!(text_cell("**bold**", Style::PLAIN), "**bold**");
        assert_eq!(text_cell("&lt;b&gt;", Style::Markdown), "\\&lt;b\\&gt;");
        assert_eq!(text_cell("\u{1b}[31mred\u{7}", Style::PLAIN), "\\u{1b}[31mred\\u{7}");
        // An override that would show "api" reversed, and a zero-width space in a look-alike.
        assert_eq!(text_cell("\u{202e}ipa", Style::PLAIN), "\\u{202e}ipa");
        assert_eq!(text_cell("a\u{200b}pi", Style::PLAIN), "a\\u{200b}pi");
        assert_eq!(text_cell("caf\u{e9}", Style::PLAIN), "caf\u{e9}");
    }

    #[test]
    fn percentages_never_round_up() {
        assert_eq!(percent(&exact("99.99951")), "99.999%");
        assert_eq!(percent(&exact("100")), "100.000%");
        assert_eq!(percent(&exact("99.5")), "99.500%");
        // Below 99.5 by far less than three decimals show: still below.
        assert_eq!(percent(&(exact("99.5") - Exact::ratio(1, 10_i64.pow(18)).unwrap())), "99.499%");
        assert_eq!(nines_percent(&exact("99.5893139489")), "99.589313%");
        assert_eq!(nines_percent(&exact("99.99999999")), "99.999999%");
        assert_eq!(nines_percent(&exact("87.500")), "87.5%");
        assert_eq!(nines_percent(&exact("100")), "100%");
        assert_eq!(burn_rate(&Exact::ratio(50, 3).unwrap()), "16.66");
    }
}
