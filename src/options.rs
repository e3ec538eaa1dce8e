//! The validated options every command shares, free of any command-line parsing types.

use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::availability::Policy;
use crate::burn::BurnRequest;
use crate::calendar::PeriodKind;
use crate::input::{InputFormat, Source};
use crate::output::OutputFormat;
use crate::status::parse_exact_decimal;
use crate::time::UnixMs;

/// What to produce.
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

/// What to read and how to measure it.
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
}

/// Reads an IANA time zone name, in any case (`utc` is `UTC`).
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    chrono_tz::TZ_VARIANTS
        .into_iter()
        .find(|zone| zone.name().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            format!("unknown time zone {name:?} (expected an IANA name like UTC or Europe/Berlin)")
        })
}

/// Reads an objective in percent: above 0, at most 100; a trailing `%` is allowed.
pub fn parse_slo(text: &str) -> Result<Decimal, String> {
    let slo = parse_exact_decimal(text.trim().trim_end_matches('%'))
        .map_err(|reason| format!("{text:?} {reason} (expected a percentage like 99.5)"))?;
    if slo > Decimal::ZERO && slo <= Decimal::ONE_HUNDRED {
        Ok(slo)
    } else {
        Err(format!("{text:?} is not a percentage above 0 and at most 100, like 99.5"))
    }
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
            assert!(parse_slo(bad).unwrap_err().contains("not a percentage"), "{bad}");
        }
        for bad in ["abc", ""] {
            assert!(parse_slo(bad).unwrap_err().contains("not a decimal number"), "{bad}");
        }
        assert!(parse_slo("99.99999999999999999999999999999").unwrap_err().contains("28 decimal"));
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(parse_zone("Europe/Berlin").unwrap().name(), "Europe/Berlin");
        assert_eq!(parse_zone("utc").unwrap(), Tz::UTC);
        assert!(parse_zone("Mars/Olympus").unwrap_err().contains("unknown time zone"));
    }
}
