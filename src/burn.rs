//! Multiwindow, multi-burn-rate alerts (the Google SRE workbook's): an alert fires when the
//! burn rate over a long window and over a short one both reach its threshold. The long window
//! makes it significant, the short one makes it current: it stops firing soon after the
//! service recovers. Pure: no I/O.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::availability::{Measured, Measurement};
use crate::error::shown;
use crate::exact::Exact;
use crate::plan::WindowError;
use crate::subject::SubjectKind;
use crate::time::{Timestamp, UnixMs, duration_ms, duration_text};
use crate::timeline::Window;

/// How urgent an alert is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum AlertLevel {
    /// Page now: the budget of a month goes in two days.
    P1,
    /// Page: the budget of a month goes in five days.
    P2,
    /// A ticket for the next working day: the budget is being spent faster than it accrues.
    P3,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 3] = [AlertLevel::P1, AlertLevel::P2, AlertLevel::P3];

    /// Whether someone is woken up: `burn` exits 1 when such an alert fires.
    pub fn pages(self) -> bool {
        self != AlertLevel::P3
    }
}

impl fmt::Display for AlertLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// When one alert level fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AlertRule {
    /// The level.
    pub level: AlertLevel,
    /// The long window, in seconds.
    #[serde(rename = "long_window_seconds", serialize_with = "ms_as_seconds")]
    pub long_ms: i64,
    /// The short window, in seconds.
    #[serde(rename = "short_window_seconds", serialize_with = "ms_as_seconds")]
    pub short_ms: i64,
    /// The alert fires when the burn rate over both windows is at least this.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub burn_rate_threshold: Decimal,
    /// Whether the alert pages (P1, P2) rather than opens a ticket (P3).
    pub pages: bool,
}

fn ms_as_seconds<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    Exact::seconds(*ms).serialize(serializer)
}

const HOUR_MS: i64 = 3_600_000;
const MINUTE_MS: i64 = 60_000;

impl AlertRule {
    /// The workbook's: 1 h and 5 min at 14.4 (2 % of a 30-day budget in an hour), 6 h and
    /// 30 min at 6 (5 % in six hours), 3 d and 6 h at 1 (10 % in three days).
    pub fn default_for(level: AlertLevel) -> AlertRule {
        let (long_ms, short_ms, threshold) = match level {
            AlertLevel::P1 => (HOUR_MS, 5 * MINUTE_MS, Decimal::new(144, 1)),
            AlertLevel::P2 => (6 * HOUR_MS, 30 * MINUTE_MS, Decimal::from(6)),
            AlertLevel::P3 => (72 * HOUR_MS, 6 * HOUR_MS, Decimal::ONE),
        };
        AlertRule { level, long_ms, short_ms, burn_rate_threshold: threshold, pages: level.pages() }
    }
}

/// An override of one level's rule, as `--alert P2=6h,30m,6` writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertOverride(pub AlertRule);

impl FromStr for AlertOverride {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let expected = "(expected LEVEL=LONG,SHORT,RATE like P1=1h,5m,14.4)";
        let whole = shown(text);
        let (level, rule) =
            text.split_once('=').ok_or_else(|| format!("{whole} has no '=' {expected}"))?;
        let level = AlertLevel::ALL
            .into_iter()
            .find(|known| known.to_string().eq_ignore_ascii_case(level.trim()))
            .ok_or_else(|| {
                format!("unknown alert level {}: P1, P2 or P3 {expected}", shown(level))
            })?;
        let [long, short, rate] = rule.split(',').collect::<Vec<_>>()[..] else {
            return Err(format!("{whole} does not have three parts after '=' {expected}"));
        };
        let window = |part: &str| -> Result<i64, String> {
            match duration_ms(part) {
                Ok(0) => Err(format!("window {} in {whole} is empty {expected}", shown(part))),
                Ok(ms) => Ok(ms),
                Err(reason) => Err(format!("window {reason} {expected}")),
            }
        };
        let (long_ms, short_ms) = (window(long)?, window(short)?);
        if long_ms <= short_ms {
            return Err(format!(
                "the long window {} in {whole} is not longer than the short one {expected}",
                shown(long)
            ));
        }
        let threshold = crate::values::decimal(rate)
            .ok()
            .filter(|rate| *rate > Decimal::ZERO)
            .ok_or_else(|| {
                format!("burn rate {} in {whole} is not a number above 0 {expected}", shown(rate))
            })?;
        Ok(AlertOverride(AlertRule {
            level,
            long_ms,
            short_ms,
            burn_rate_threshold: threshold,
            pages: level.pages(),
        }))
    }
}

/// What `burn` evaluates: the rules, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BurnRequest {
    /// The instant the windows end at; by default, the end of the window the options set.
    pub at: Option<UnixMs>,
    /// One rule per level, most urgent first.
    pub rules: Vec<AlertRule>,
}

impl BurnRequest {
    pub fn new(at: Option<UnixMs>, overrides: &[AlertOverride]) -> BurnRequest {
        let rules = AlertLevel::ALL
            .into_iter()
            .map(|level| {
                overrides
                    .iter()
                    .rev()
                    .find(|rule| rule.0.level == level)
                    .map_or_else(|| AlertRule::default_for(level), |rule| rule.0)
            })
            .collect();
        BurnRequest { at, rules }
    }

    /// The longest window, ending at `at`: what the alerts look at.
    pub fn longest_window(&self, at: UnixMs) -> Window {
        let longest = self.window_lengths().last().copied().unwrap_or(0);
        Window { from: at.saturating_sub(longest), to: at }
    }

    /// The stretch the counting rules are applied to: from the start of the window the options
    /// set (by default the first event), or of the longest window if that is earlier, to the
    /// end: `at`, or else the end of that window, which is then needed. An outage is as long
    /// as it has been and a slot is judged whole, whichever windows the rules watch: a longer
    /// P3 window cannot change whether P1 fires. Without rules that `look_around`, time counts
    /// as reported, and the longest window is all that is measured.
    pub fn counting_stretch(
        &self,
        window: Result<Window, WindowError>,
        look_around: bool,
    ) -> Result<Window, WindowError> {
        let (at, start) = match (self.at, window) {
            (Some(at), window) => (at, window.ok().map(|window| window.from)),
            (None, window) => {
                let window = window?;
                (window.to, Some(window.from))
            }
        };
        let longest = self.longest_window(at);
        match start {
            Some(from) if look_around => Ok(Window { from: from.min(longest.from), to: at }),
            _ => Ok(longest),
        }
    }

    /// Every window length the rules use, shortest first, once each.
    fn window_lengths(&self) -> Vec<i64> {
        let mut lengths: Vec<i64> =
            self.rules.iter().flat_map(|rule| [rule.long_ms, rule.short_ms]).collect();
        lengths.sort_unstable();
        lengths.dedup();
        lengths
    }
}

/// A service's burn rate over each window.
#[derive(Clone, Debug, PartialEq)]
pub struct BurnRates(Vec<(String, Option<Exact>)>);

impl Serialize for BurnRates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (window, rate) in &self.0 {
            map.serialize_entry(window, rate)?;
        }
        map.end()
    }
}

impl BurnRates {
    /// Window label and burn rate, shortest window first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&Exact>)> {
        self.0.iter().map(|(window, rate)| (window.as_str(), rate.as_ref()))
    }
}

/// One subject's burn rates and alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectBurn {
    /// The subject's name: a service's as the events give it, or a group's.
    pub service: String,
    /// `service` or `group`.
    pub kind: SubjectKind,
    /// The name it is shown by.
    pub display_name: String,
    /// The objective whose budget burns, in percent.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub slo_percent: Decimal,
    /// Burn rate over each window ending at `at`, keyed by the window (`5m`, `1h`, `3d`):
    /// (downtime ÷ counted) ÷ (1 − SLO ÷ 100); null when the window is all maintenance.
    pub burn_rates: BurnRates,
    /// The most urgent level firing; null when none is.
    pub firing: Option<AlertLevel>,
}

/// Burn rates and alerts for every subject at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BurnReport {
    /// How the figures were measured; the window is the longest one, ending at `at`.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// The instant the windows end at, RFC 3339 UTC.
    pub at: Timestamp,
    /// The rules evaluated, most urgent first.
    pub alerts: Vec<AlertRule>,
    /// One entry per subject: the groups in the order declared, then the services by name.
    pub services: Vec<SubjectBurn>,
}

impl BurnReport {
    /// Whether an alert that pages is firing.
    pub fn pages(&self) -> bool {
        self.services.iter().any(|service| service.firing.is_some_and(AlertLevel::pages))
    }

    /// Whether any entry is a group.
    pub fn has_groups(&self) -> bool {
        self.services.iter().any(|service| service.kind == SubjectKind::Group)
    }
}

/// Evaluates the rules for every subject; `measured` covers the request's counting stretch.
pub fn evaluate(measured: &Measured, request: &BurnRequest) -> BurnReport {
    let at = measured.window.to;
    let mut measurement = measured.measurement();
    measurement.window = request.longest_window(at).into();
    let lengths = request.window_lengths();
    let windows: Vec<Window> =
        lengths.iter().map(|&length| Window { from: at - length, to: at }).collect();
    let services = measured
        .subjects
        .reported()
        .iter()
        .map(|&subject| {
            let rates: Vec<Option<Exact>> = measured
                .figures_within(subject, &windows)
                .into_iter()
                .map(|figures| figures.burn_rate)
                .collect();
            let rate_over = |length: i64| {
                lengths
                    .iter()
                    .position(|&known| known == length)
                    .and_then(|index| rates[index].as_ref())
            };
            let firing = request.rules.iter().find_map(|rule| {
                let threshold = Exact::from(rule.burn_rate_threshold);
                let reaches = |length| rate_over(length).is_some_and(|rate| *rate >= threshold);
                (reaches(rule.long_ms) && reaches(rule.short_ms)).then_some(rule.level)
            });
            let info = measured.info(subject);
            SubjectBurn {
                service: info.service,
                kind: info.kind,
                display_name: info.display_name,
                slo_percent: info.slo_percent,
                burn_rates: BurnRates(
                    lengths.iter().map(|&length| duration_text(length)).zip(rates).collect(),
                ),
                firing,
            }
        })
        .collect();
    BurnReport { measurement, at: Timestamp(at), alerts: request.rules.clone(), services }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_replaces_one_level() {
        let p2: AlertOverride = "p2=12h,1h,3".parse().unwrap();
        let request = BurnRequest::new(None, &[p2]);
        assert_eq!(request.rules[0], AlertRule::default_for(AlertLevel::P1));
        assert_eq!(request.rules[1].long_ms, 12 * HOUR_MS);
        assert_eq!(request.rules[1].burn_rate_threshold, Decimal::from(3));
        assert_eq!(
            request.window_lengths(),
            [5 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, 72 * HOUR_MS]
        );
        let window = Window { from: 0, to: 100 * HOUR_MS };
        assert_eq!(request.counting_stretch(Ok(window), true), Ok(window));
        let longest = Window { from: 28 * HOUR_MS, to: 100 * HOUR_MS };
        assert_eq!(request.longest_window(100 * HOUR_MS), longest);
        assert_eq!(request.counting_stretch(Ok(window), false), Ok(longest));
        let young = Ok(Window { from: 90 * HOUR_MS, to: 100 * HOUR_MS });
        assert_eq!(request.counting_stretch(young, true).unwrap().from, 28 * HOUR_MS);
        let at = BurnRequest::new(Some(HOUR_MS), &[]);
        let no_window = Err(WindowError::Reversed {
            from: Timestamp(1),
            from_origin: "--from".to_owned(),
            to: Timestamp(0),
            to_origin: "--to".to_owned(),
        });
        let stretch = at.counting_stretch(no_window, true);
        assert_eq!(stretch, Ok(Window { from: -71 * HOUR_MS, to: HOUR_MS }));
    }

    #[test]
    fn malformed_overrides_say_what_is_expected() {
        for (text, problem) in [
            ("P4=1h,5m,2", "unknown alert level"),
            ("P1", "has no '='"),
            ("P1=1h,5m", "three parts"),
            ("P1=1x,5m,2", "window \"1x\" is not a duration"),
            ("P1=1h,0s,2", "window \"0s\" in \"P1=1h,0s,2\" is empty"),
            ("P1=1h,5m,-2", "burn rate \"-2\""),
            ("P1=5m,1h,14.4", "not longer than the short one"),
        ] {
            let error = text.parse::<AlertOverride>().unwrap_err();
            assert!(error.contains(problem) && error.contains("P1=1h,5m,14.4"), "{text}: {error}");
        }
    }
}
