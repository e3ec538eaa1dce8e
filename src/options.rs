//! The validated options every command shares, free of any command-line parsing types.

use std::path::PathBuf;

use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::availability::Policy;
use crate::budget::BudgetRequest;
use crate::burn::BurnRequest;
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::input::{InputFormat, Source};
use crate::output::OutputFormat;
use crate::time::UnixMs;
use crate::values::{self, EXPECTED_OBJECTIVE, EXPECTED_ZONE};

/// What the command line asks for.
#[derive(Clone, Debug)]
pub enum Request {
    /// Read the events the options name and produce the action's output from them.
    Measure(Action, Box<Options>),
    /// Settle SLA contracts on the events the options name.
    Credits(CreditsRequest, Box<Options>),
    /// Error-budget arithmetic: there are no events to read.
    Budget(BudgetRequest, OutputFormat),
}

/// What to produce from the events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The availability report.
    Report(OutputFormat),
    /// The intervals behind the report.
    Timeline(OutputFormat),
    /// A verdict: does every service meet the objective?
    Check,
    /// Burn-rate alerts at an instant.
    Burn(BurnRequest, OutputFormat),
}

/// Which contracts to settle, and what to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditsRequest {
    /// The contracts file (TOML).
    pub contracts: PathBuf,
    pub output: CreditOutput,
}

/// What `credits` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditOutput {
    /// One row per customer and month, and totals per currency.
    Report(OutputFormat),
    /// How each credit was computed, step by step.
    Explain,
    /// A verdict: exit 1 when any credit is owed.
    Check,
}

/// What to read and how to measure it: the options of the commands that read events.
#[derive(Clone, Debug)]
pub struct Options {
    /// Event sources, in the order their events are read.
    pub events: Vec<Source>,
    /// Announced maintenance windows.
    pub maintenance: Vec<Source>,
    /// The events' format, when not told by the file names.
    pub input_format: Option<InputFormat>,
    pub from: Option<UnixMs>,
    pub to: Option<UnixMs>,
    /// The zone wall-clock timestamps are read in.
    pub zone: Tz,
    pub policy: Policy,
    /// The calendar periods to measure besides the whole window.
    pub period: Option<PeriodKind>,
    /// The calendar period the window is, when one was named (`--month 2026-10`).
    pub calendar: Option<CalendarPeriod>,
    /// The present, for what is still under way.
    pub now: UnixMs,
}

/// Reads an IANA time zone name, in any case (`utc` is `UTC`); `Z` is UTC, as in timestamps.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    values::zone(name).map_err(|complaint| values::refused(name, complaint, EXPECTED_ZONE))
}

/// Reads an objective in percent: above 0, at most 100; a trailing `%` is allowed.
pub fn parse_slo(text: &str) -> Result<Decimal, String> {
    values::decimal(text.trim().trim_end_matches('%'))
        .and_then(values::objective)
        .map_err(|complaint| values::refused(text, complaint, EXPECTED_OBJECTIVE))
}

/// Reads a downtime like `3h`, `1h 30m` or `250ms` as exact seconds. Zero is allowed (it
/// leaves 100 % availability); a negative downtime is not, nor are months and years, whose
/// lengths the duration parser fixes differently from the nominal periods (30.44 and 365.25
/// days): `--downtime 1y --per year` would not fit in its year.
pub fn parse_downtime(text: &str) -> Result<Decimal, String> {
    const EXPECTED: &str = "expected a duration like 3h, 1h 30m or 45s";
    const VARYING_UNITS: [&str; 8] = ["M", "month", "months", "y", "yr", "yrs", "year", "years"];
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!("{text:?} is negative: a downtime is at least 0 ({EXPECTED})"));
    }
    let duration = humantime::parse_duration(trimmed)
        .map_err(|reason| format!("{text:?} is not a duration: {reason} ({EXPECTED})"))?;
    if trimmed.split(|c: char| !c.is_alphabetic()).any(|unit| VARYING_UNITS.contains(&unit)) {
        return Err(format!(
            "{text:?}: months and years vary in length; give weeks, days, hours, minutes or \
             seconds ({EXPECTED})"
        ));
    }
    Ok(Decimal::from(duration.as_secs()) + Decimal::new(duration.subsec_nanos().into(), 9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives_are_percentages() {
        assert_eq!(parse_slo("99.5"), Ok(Decimal::new(995, 1)));
        assert_eq!(parse_slo("99.95%"), Ok(Decimal::new(9995, 2)));
        assert_eq!(parse_slo("100"), Ok(Decimal::ONE_HUNDRED));
        for bad in ["0", "100.1", "-5"] {
            assert!(parse_slo(bad).unwrap_err().contains("not above 0 and at most 100"), "{bad}");
        }
        for bad in ["abc", ""] {
            assert!(parse_slo(bad).unwrap_err().contains("not a decimal number"), "{bad}");
        }
        assert!(parse_slo("99.99999999999999999999999999999").unwrap_err().contains("28 decimal"));
    }

    #[test]
    fn downtimes_are_durations_in_exact_seconds() {
        assert_eq!(parse_downtime("3h"), Ok(Decimal::from(10_800)));
        assert_eq!(parse_downtime(" 1h 30m "), Ok(Decimal::from(5400)));
        assert_eq!(parse_downtime("250ms"), Ok(Decimal::new(25, 2)));
        assert_eq!(parse_downtime("0"), Ok(Decimal::ZERO));
        assert_eq!(
            parse_downtime("-3h").unwrap_err(),
            "\"-3h\" is negative: a downtime is at least 0 (expected a duration like 3h, 1h 30m \
             or 45s)"
        );
        assert_eq!(
            parse_downtime("3x").unwrap_err(),
            "\"3x\" is not a duration: unknown time unit \"x\", supported units: ns, us/µs, ms, \
             sec, min, hours, days, weeks, months, years (and few variations) (expected a \
             duration like 3h, 1h 30m or 45s)"
        );
        assert!(parse_downtime("").unwrap_err().contains("value was empty"));
        for varying in ["1y", "2M", "1month 3d", "1 year"] {
            assert!(parse_downtime(varying).unwrap_err().contains("vary in length"), "{varying}");
        }
        assert_eq!(parse_downtime("1m 2ms"), Ok(Decimal::new(60_002, 3)));
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(parse_zone("Europe/Berlin").unwrap().name(), "Europe/Berlin");
        assert_eq!(parse_zone("utc").unwrap(), Tz::UTC);
        assert_eq!(parse_zone("Z").unwrap(), Tz::UTC);
        assert!(
            parse_zone("Mars/Olympus")
                .unwrap_err()
                .contains("is unknown (expected an IANA time zone")
        );
    }
}
