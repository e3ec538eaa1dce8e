//! The gates' verdicts (`check`, `check --contracts`, `burn`) as CI systems read them: one
//! case per subject (and period, or customer and month), each passed, failed or not
//! measured, with a line that carries its figures; written as text, JSON, CSV, JUnit XML,
//! GitHub Actions workflow commands or a Markdown summary. Nothing is decided here: the
//! verdicts are the reports' own.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono_tz::Tz;
use serde::Serialize;

use super::text::{Style, duration, or_not_applicable, percent, services_and_groups, text_cell};
use super::{csv, json, visible};
use crate::availability::{AvailabilityReport, SubjectInfo, WHOLE_WINDOW};
use crate::burn::BurnReport;
use crate::credits::CreditReport;
use crate::exact::Exact;
use crate::subject::SubjectKind;
use crate::time::{Timestamp, UnixMs};

/// How a gate writes its verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateFormat {
    /// Lines for people: the failures and a verdict (`burn`: its table, on this screen).
    Text(super::Screen),
    /// The verdict per case, as [`GateReport`].
    Json,
    /// One row per case.
    Csv,
    /// A summary for `$GITHUB_STEP_SUMMARY` or a pull request.
    Markdown,
    /// JUnit XML, as GitLab, Jenkins, Azure DevOps and GitHub test reporters read it.
    Junit,
    /// GitHub Actions workflow commands: an annotation per failure.
    Github,
    /// Nothing: only the exit code says.
    Quiet,
}

impl GateFormat {
    /// The format a gate whose text is a report (`burn`) writes that report in, when this is
    /// one a report has; `None` for the formats of verdicts alone.
    pub fn report_format(self) -> Option<super::OutputFormat> {
        match self {
            GateFormat::Text(screen) => Some(super::OutputFormat::Table(screen)),
            GateFormat::Json => Some(super::OutputFormat::Json),
            GateFormat::Csv => Some(super::OutputFormat::Csv),
            GateFormat::Markdown => Some(super::OutputFormat::Markdown),
            GateFormat::Junit | GateFormat::Github | GateFormat::Quiet => None,
        }
    }
}

/// A gate's verdict on every case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GateReport {
    /// The gate: `check`, `check --contracts` or `burn`.
    pub gate: &'static str,
    /// Whether the gate passes (exit 0): no case failed.
    pub passed: bool,
    /// The verdict in one line, as the text output ends with it.
    pub summary: String,
    /// When the verdict was given: the present the run took (`--now`, or the clock), RFC 3339
    /// UTC.
    pub generated_at: Timestamp,
    /// One case per subject (with `--period`, per subject and period), per customer and
    /// month, or per subject at the instant `burn` looks at.
    pub cases: Vec<GateCase>,
}

/// One thing judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GateCase {
    /// What the case belongs to: `services`, `groups` or `customers`.
    pub suite: String,
    /// The service's or group's name as the events give it, or the customer's.
    pub subject: String,
    /// The name it is shown by.
    pub display_name: String,
    /// The calendar period or month judged; null for the whole window or an instant.
    pub period: Option<String>,
    /// `passed`, `failed`, or `skipped` (nothing was measured: all maintenance).
    pub outcome: Outcome,
    /// The verdict in one line, with the figures behind it.
    pub message: String,
    /// The availability judged, exact; null when nothing was counted or for `burn`.
    pub availability_percent: Option<Exact>,
}

/// How a case came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    Skipped,
}

impl GateCase {
    /// The case's name in a test report: the subject, and the period when there is one.
    fn name(&self) -> String {
        match &self.period {
            Some(period) => format!("{} ({period})", visible(&self.display_name)),
            None => visible(&self.display_name).into_owned(),
        }
    }
}

impl GateReport {
    /// `check`: each subject over the window, or with `--period` over each period.
    pub fn check(report: &AvailabilityReport, zone: Tz, now: UnixMs) -> GateReport {
        let mut cases = Vec::new();
        let mut breached: Vec<&SubjectInfo> = Vec::new();
        for row in report.judged() {
            let figures = row.figures;
            let period = match row.period {
                WHOLE_WINDOW => None,
                period => Some(super::text::period_label(period, row.partial)),
            };
            let name = text_cell(&row.subject.display_name, Style::PLAIN);
            let during = period.as_ref().map(|period| format!(" in {period}")).unwrap_or_default();
            let slo = row.subject.slo_percent.normalize();
            let (outcome, message) = match figures.slo_met {
                Some(false) => (
                    Outcome::Failed,
                    format!(
                        "{name}: availability {}{during} is below the SLO of {slo}%: {} of \
                         weighted downtime, {} over the error budget of {}",
                        or_not_applicable(figures.availability_percent.as_ref(), percent),
                        duration(&figures.downtime_seconds),
                        duration(&-&figures.error_budget_remaining_seconds),
                        duration(&figures.error_budget_seconds),
                    ),
                ),
                Some(true) => (
                    Outcome::Passed,
                    format!(
                        "{name}: availability {}{during} meets the SLO of {slo}%: {} of weighted \
                         downtime, {} of the error budget of {} left",
                        or_not_applicable(figures.availability_percent.as_ref(), percent),
                        duration(&figures.downtime_seconds),
                        duration(&figures.error_budget_remaining_seconds),
                        duration(&figures.error_budget_seconds),
                    ),
                ),
                None => (
                    Outcome::Skipped,
                    format!("{name}: entirely in maintenance{during}, not measured"),
                ),
            };
            if outcome == Outcome::Failed && breached.last() != Some(&row.subject) {
                breached.push(row.subject);
            }
            cases.push(GateCase {
                suite: suite_of(row.subject.kind).to_owned(),
                subject: row.subject.service.clone(),
                display_name: row.subject.display_name.clone(),
                period,
                outcome,
                message,
                availability_percent: figures.availability_percent.clone(),
            });
        }
        let summary = check_summary(report, &breached, zone);
        GateReport::new("check", summary, now, cases)
    }

    /// `check --contracts`: each customer and month; a credit owed fails.
    pub fn contracts(report: &CreditReport, now: UnixMs) -> GateReport {
        let cases = report
            .credits
            .iter()
            .map(|credit| {
                let owed = credit.credit_amount.value.is_positive();
                let customer = text_cell(&credit.customer, Style::PLAIN);
                let month = super::text::period_label(&credit.month, credit.partial);
                let availability = super::credits::availability(credit);
                let (outcome, message) = match (owed, &credit.availability_percent) {
                    (true, _) => (
                        Outcome::Failed,
                        format!(
                            "{customer}: {month} availability {availability} is below {}: {}% \
                             credit, {} {}",
                            credit.tier_below_percent.map(|b| b.to_string()).unwrap_or_default(),
                            credit.credit_percent.normalize(),
                            credit.credit_amount,
                            credit.currency
                        ),
                    ),
                    (false, None) => (
                        Outcome::Skipped,
                        format!("{customer}: {month} entirely in maintenance, no credit"),
                    ),
                    (false, Some(_)) => (
                        Outcome::Passed,
                        format!("{customer}: {month} availability {availability}: no credit owed"),
                    ),
                };
                GateCase {
                    suite: "customers".to_owned(),
                    subject: credit.customer.clone(),
                    display_name: credit.customer.clone(),
                    period: Some(credit.month.clone()),
                    outcome,
                    message,
                    availability_percent: credit.availability_percent.clone(),
                }
            })
            .collect();
        let summary = super::credits::check_summary(report);
        GateReport::new("check --contracts", summary, now, cases)
    }

    /// `burn`: each subject at the instant; an alert that pages fails, a ticket passes with
    /// its level said.
    pub fn burn(report: &BurnReport, zone: Tz, now: UnixMs) -> GateReport {
        let cases: Vec<GateCase> = report
            .services
            .iter()
            .map(|service| {
                let rates: Vec<String> = service
                    .burn_rates
                    .iter()
                    .map(|(window, rate)| {
                        format!("{window} {}", or_not_applicable(rate, super::text::burn_rate))
                    })
                    .collect();
                let rule = service
                    .firing
                    .and_then(|level| report.alerts.iter().find(|rule| rule.level == level));
                let name = text_cell(&service.display_name, Style::PLAIN);
                let rates = rates.join(", ");
                let (outcome, message) = match rule {
                    Some(rule) if rule.pages => (
                        Outcome::Failed,
                        format!("{name}: {} pages: burn rates {rates}", rule.level),
                    ),
                    Some(rule) => (
                        Outcome::Passed,
                        format!("{name}: {} opens a ticket: burn rates {rates}", rule.level),
                    ),
                    None => (Outcome::Passed, format!("{name}: no alert: burn rates {rates}")),
                };
                GateCase {
                    suite: suite_of(service.kind).to_owned(),
                    subject: service.service.clone(),
                    display_name: service.display_name.clone(),
                    period: None,
                    outcome,
                    message,
                    availability_percent: None,
                }
            })
            .collect();
        let paging = cases.iter().filter(|case| case.outcome == Outcome::Failed).count();
        let at = report.at.in_zone(zone);
        let measured = counted_subjects(report);
        let summary = match paging {
            0 => format!("no alert pages at {at} ({measured} measured)"),
            paging => format!("alerts page for {paging} of {measured} at {at}"),
        };
        GateReport::new("burn", summary, now, cases)
    }

    fn new(gate: &'static str, summary: String, now: UnixMs, cases: Vec<GateCase>) -> Self {
        let passed = cases.iter().all(|case| case.outcome != Outcome::Failed);
        GateReport { gate, passed, summary, generated_at: Timestamp(now), cases }
    }

    fn failures(&self) -> impl Iterator<Item = &GateCase> {
        self.cases.iter().filter(|case| case.outcome == Outcome::Failed)
    }

    fn count(&self, outcome: Outcome) -> usize {
        self.cases.iter().filter(|case| case.outcome == outcome).count()
    }
}

fn suite_of(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Service => "services",
        SubjectKind::Group => "groups",
    }
}

fn counted_subjects(report: &BurnReport) -> String {
    services_and_groups(report.services.iter().map(|service| service.kind))
}

/// `1 of 5 services misses the SLO of 99.5% from … to …`, or that nothing does.
fn check_summary(report: &AvailabilityReport, breached: &[&SubjectInfo], zone: Tz) -> String {
    let subjects = |measured: bool| -> Vec<&SubjectInfo> {
        let entries = report.services.iter();
        entries.filter(|e| e.figures.slo_met.is_some() == measured).map(|e| &e.subject).collect()
    };
    let (measured, unmeasured) = (subjects(true), subjects(false));
    let count = |subjects: &[&SubjectInfo]| services_and_groups(subjects.iter().map(|s| s.kind));
    let slo = report.measurement.slo_percent;
    let objective = if measured.iter().all(|subject| subject.slo_percent == slo) {
        format!("the SLO of {}%", slo.normalize())
    } else if breached.len() == 1 {
        "its SLO".to_owned()
    } else {
        "their SLOs".to_owned()
    };
    let window = &report.measurement.window;
    let period = report.measurement.period;
    let mut summary = if breached.is_empty() {
        let subject = if measured.iter().any(|subject| subject.kind == SubjectKind::Group) {
            "nothing"
        } else {
            "no service"
        };
        let objective = if objective == "their SLOs" { "its SLO".to_owned() } else { objective };
        let during = period.map(|kind| format!(" in any {kind}")).unwrap_or_default();
        format!("{subject} misses {objective}{during} ({} measured)", count(&measured))
    } else {
        let verb = if breached.len() == 1 { "misses" } else { "miss" };
        let during = period.map(|kind| format!(" in at least one {kind}")).unwrap_or_default();
        format!("{} of {} {verb} {objective}{during}", breached.len(), count(&measured))
    };
    summary.push_str(&format!(
        " from {} to {}",
        window.from.in_zone(zone),
        window.to.in_zone(zone)
    ));
    if !unmeasured.is_empty() {
        summary
            .push_str(&format!("; {} entirely in maintenance, not measured", count(&unmeasured)));
    }
    summary
}

/// Writes the verdict in `format`; `Text` writes the failures and the summary.
pub fn write(report: &GateReport, format: GateFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        GateFormat::Text(screen) => text(report, screen, out),
        GateFormat::Json => json::write(report, out),
        GateFormat::Csv => csv::write(&report.cases, out),
        GateFormat::Markdown => markdown(report, out),
        GateFormat::Junit => junit(report, out),
        GateFormat::Github => github(report, out),
        GateFormat::Quiet => Ok(()),
    }
}

/// The failures, then the verdict; in colour on a screen that takes it: failures red, the
/// verdict red or green.
fn text(report: &GateReport, screen: super::Screen, out: &mut impl Write) -> io::Result<()> {
    const RED: &str = "\u{1b}[1;31m";
    const GREEN: &str = "\u{1b}[32m";
    const RESET: &str = "\u{1b}[0m";
    let paint = |color: &'static str| if screen.color { (color, RESET) } else { ("", "") };
    let (failed, end) = paint(RED);
    for case in report.failures() {
        writeln!(out, "{failed}{}{end}", case.message)?;
    }
    let (verdict, end) = paint(if report.passed { GREEN } else { RED });
    writeln!(out, "{verdict}{}{end}", report.summary)
}

/// A heading with the verdict, the summary, a table of the failures, and the rest folded.
fn markdown(report: &GateReport, out: &mut impl Write) -> io::Result<()> {
    let verdict = if report.passed { "passed" } else { "failed" };
    writeln!(out, "### nines {}: {verdict}\n", report.gate)?;
    writeln!(out, "{}\n", text_cell(&report.summary, Style::Markdown))?;
    let table = |cases: Vec<&GateCase>, out: &mut dyn Write| -> io::Result<()> {
        writeln!(out, "| Case | Outcome | Verdict |")?;
        writeln!(out, "|---|---|---|")?;
        for case in cases {
            let outcome = match case.outcome {
                Outcome::Passed => "passed",
                Outcome::Failed => "**failed**",
                Outcome::Skipped => "skipped",
            };
            writeln!(
                out,
                "| {} | {outcome} | {} |",
                text_cell(&case.name(), Style::Markdown),
                text_cell(&case.message, Style::Markdown)
            )?;
        }
        Ok(())
    };
    let failed: Vec<&GateCase> = report.failures().collect();
    if !failed.is_empty() {
        table(failed, out)?;
        writeln!(out)?;
    }
    let rest: Vec<&GateCase> =
        report.cases.iter().filter(|case| case.outcome != Outcome::Failed).collect();
    if !rest.is_empty() {
        let (passed, skipped) = (report.count(Outcome::Passed), report.count(Outcome::Skipped));
        let skipped = if skipped > 0 { format!(", {skipped} not measured") } else { String::new() };
        writeln!(out, "<details><summary>{passed} passed{skipped}</summary>\n")?;
        table(rest, out)?;
        writeln!(out, "\n</details>")?;
    }
    Ok(())
}

/// GitHub Actions workflow commands: an error annotation per failure, then the verdict as a
/// notice (or an error when the gate fails).
fn github(report: &GateReport, out: &mut impl Write) -> io::Result<()> {
    let title = format!("nines {}", report.gate);
    for case in report.failures() {
        let title = format!("{title}: {}", case.name());
        writeln!(out, "::error title={}::{}", github_property(&title), github_data(&case.message))?;
    }
    let level = if report.passed { "notice" } else { "error" };
    writeln!(out, "::{level} title={}::{}", github_property(&title), github_data(&report.summary))
}

/// A workflow command's message: `%`, CR and LF escaped, so that nothing ends it early.
fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property: as a message, and `:` and `,` escaped too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML in the Apache Ant layout the common schema describes: a `testsuites` root, a
/// `testsuite` per suite with its properties, a `testcase` per case (a `failure` or
/// `skipped` in it), and the summary as the suite's standard output.
fn junit(report: &GateReport, out: &mut impl Write) -> io::Result<()> {
    // The suites in the order their first case came.
    let mut order: Vec<&str> = Vec::new();
    let mut suites: BTreeMap<&str, Vec<&GateCase>> = BTreeMap::new();
    for case in &report.cases {
        if !suites.contains_key(case.suite.as_str()) {
            order.push(&case.suite);
        }
        suites.entry(&case.suite).or_default().push(case);
    }
    // The schema's timestamps have no zone; they are UTC.
    let timestamp = report.generated_at.to_string();
    let timestamp = timestamp.get(..19).unwrap_or(&timestamp);
    let package = format!("nines.{}", report.gate.replace(" --", "."));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites>")?;
    for (id, suite) in order.into_iter().enumerate() {
        let cases = &suites[suite];
        let count = |outcome| cases.iter().filter(|case| case.outcome == outcome).count();
        // `skipped` only where there are some: the oldest schemas know no such attribute.
        let skipped = match count(Outcome::Skipped) {
            0 => String::new(),
            skipped => format!(r#" skipped="{skipped}""#),
        };
        writeln!(
            out,
            r#"  <testsuite name="{}" package="{package}" id="{id}" timestamp="{timestamp}" hostname="localhost" tests="{}" failures="{}" errors="0"{skipped} time="0">"#,
            xml(suite),
            cases.len(),
            count(Outcome::Failed),
        )?;
        writeln!(out, "    <properties>")?;
        writeln!(out, r#"      <property name="gate" value="{}"/>"#, xml(report.gate))?;
        writeln!(out, "    </properties>")?;
        let classname = format!("{package}.{}", xml(suite));
        for case in cases {
            write!(
                out,
                r#"    <testcase name="{}" classname="{classname}" time="0""#,
                xml(&case.name())
            )?;
            match case.outcome {
                Outcome::Passed => writeln!(out, "/>")?,
                Outcome::Failed => writeln!(
                    out,
                    ">\n      <failure message=\"{0}\" type=\"{1}\">{0}</failure>\n    </testcase>",
                    xml(&case.message),
                    report.gate.replace(" --", "-"),
                )?,
                Outcome::Skipped => writeln!(
                    out,
                    ">\n      <skipped>{}</skipped>\n    </testcase>",
                    xml(&case.message)
                )?,
            }
        }
        writeln!(out, "    <system-out>{}</system-out>", xml(&report.summary))?;
        writeln!(out, "    <system-err></system-err>")?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text as XML character data or an attribute value: the markup characters as entities, and
/// any control character (which XML 1.0 cannot carry at all) as a visible escape.
fn xml(text: &str) -> String {
    let visible = visible(text);
    let mut escaped = String::with_capacity(visible.len());
    for character in visible.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(xml("<a href=\"x\">&'\u{7}"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\u{7}");
    }

    #[test]
    fn github_commands_cannot_be_ended_or_split_by_a_name() {
        assert_eq!(github_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(github_property("a: b, c"), "a%3A b%2C c");
    }
}
