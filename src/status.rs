//! The five statuses of the status-page vocabulary and the weights that turn time spent in
//! them into downtime.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::error::shown;
use crate::values::EXPECTED_WEIGHT;

/// A service's status. One byte, so millions of events stay small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
}

/// What an unknown status is told it should have been.
pub const EXPECTED_STATUSES: &str = "one of operational, degraded_performance, partial_outage, \
    major_outage, under_maintenance, or an alias: up, ok, degraded, partial, major, down, \
    outage, maintenance";

impl Status {
    pub const COUNT: usize = 5;
    pub const ALL: [Status; Status::COUNT] = [
        Status::Operational,
        Status::DegradedPerformance,
        Status::PartialOutage,
        Status::MajorOutage,
        Status::UnderMaintenance,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn name(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::DegradedPerformance => "degraded_performance",
            Status::PartialOutage => "partial_outage",
            Status::MajorOutage => "major_outage",
            Status::UnderMaintenance => "under_maintenance",
        }
    }

    /// Time in this status is left out of the measured time.
    pub const fn is_excluded(self) -> bool {
        matches!(self, Status::UnderMaintenance)
    }

    /// Reads a status the way people write them: any case, with spaces, hyphens or
    /// underscores, or by a common alias.
    pub fn parse(text: &[u8]) -> Option<Status> {
        // Logs almost always use the canonical spelling; only normalise when they don't.
        Self::from_known_spelling(text).or_else(|| {
            let normalised: Vec<u8> = text
                .trim_ascii()
                .iter()
                .map(|&b| match b {
                    b' ' | b'-' => b'_',
                    _ => b.to_ascii_lowercase(),
                })
                .collect();
            Self::from_known_spelling(&normalised)
        })
    }

    fn from_known_spelling(text: &[u8]) -> Option<Status> {
        Some(match text {
            b"operational" | b"up" | b"ok" => Status::Operational,
            b"degraded_performance" | b"degraded" => Status::DegradedPerformance,
            b"partial_outage" | b"partial" => Status::PartialOutage,
            b"major_outage" | b"major" | b"down" | b"outage" => Status::MajorOutage,
            b"under_maintenance" | b"maintenance" => Status::UnderMaintenance,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::parse(text.as_bytes())
            .ok_or_else(|| format!("unknown status {} (expected {EXPECTED_STATUSES})", shown(text)))
    }
}

/// How much of each counted second in a status is downtime, between 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    by_status: [Decimal; Status::COUNT],
    /// Which statuses are down (counted, weight above 0): asked once per stretch of timeline,
    /// so kept rather than compared each time.
    down: [bool; Status::COUNT],
}

/// The named weight sets `--weights` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightPreset {
    /// degraded 0.1, partial 0.3, major 1.
    Default,
    /// Statuspage's uptime: degraded 0, partial 0.3, major 1.
    Statuspage,
    /// Down or not: degraded 0, partial 1, major 1.
    Binary,
}

impl Weights {
    pub fn preset(preset: WeightPreset) -> Weights {
        let (degraded, partial) = match preset {
            WeightPreset::Default => (Decimal::new(1, 1), Decimal::new(3, 1)),
            WeightPreset::Statuspage => (Decimal::ZERO, Decimal::new(3, 1)),
            WeightPreset::Binary => (Decimal::ZERO, Decimal::ONE),
        };
        let mut weights =
            Weights { by_status: [Decimal::ZERO; Status::COUNT], down: [false; Status::COUNT] };
        for (status, weight) in Status::ALL.into_iter().zip([
            Decimal::ZERO,
            degraded,
            partial,
            Decimal::ONE,
            Decimal::ZERO,
        ]) {
            weights.set(status, weight);
        }
        weights
    }

    pub fn get(&self, status: Status) -> Decimal {
        self.by_status[status.index()]
    }

    pub fn set(&mut self, status: Status, weight: Decimal) {
        self.by_status[status.index()] = weight;
        self.down[status.index()] = !status.is_excluded() && weight > Decimal::ZERO;
    }

    /// Whether time in `status` is counted and at least partly downtime: the stuff incidents
    /// are made of.
    pub fn is_down(&self, status: Status) -> bool {
        self.down[status.index()]
    }

    /// Of two counted statuses, the one whose time costs more; the more severe on a tie.
    pub fn worse(&self, a: Status, b: Status) -> Status {
        if (self.get(b), b) > (self.get(a), a) { b } else { a }
    }

    /// The statuses that carry a weight: every one but maintenance, which is not counted.
    pub fn counted_statuses() -> impl Iterator<Item = Status> {
        Status::ALL.into_iter().filter(|status| !status.is_excluded())
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::preset(WeightPreset::Default)
    }
}

impl Serialize for Weights {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Status::COUNT - 1))?;
        for status in Weights::counted_statuses() {
            map.serialize_entry(status.name(), &AsNumber(self.get(status)))?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct AsNumber(#[serde(serialize_with = "crate::json_number::serialize")] Decimal);

/// One `--weight STATUS=W` override.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeightOverride {
    pub status: Status,
    pub weight: Decimal,
}

impl FromStr for WeightOverride {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (status, weight) = text.split_once('=').ok_or_else(|| {
            format!("expected STATUS=WEIGHT, e.g. degraded_performance=0.2, got {}", shown(text))
        })?;
        let status: Status = status.parse()?;
        if status.is_excluded() {
            return Err(format!(
                "{status} has no weight: time under maintenance is left out of the counted time"
            ));
        }
        let text = weight;
        let weight =
            crate::values::decimal(text).and_then(crate::values::weight).map_err(|complaint| {
                let refused = crate::values::refused(text.trim(), complaint, EXPECTED_WEIGHT);
                format!("the weight of {status}: {refused}")
            })?;
        Ok(WeightOverride { status, weight })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_any_spelling_and_alias() {
        let cases = [
            ("operational", Status::Operational),
            ("UP", Status::Operational),
            (" ok ", Status::Operational),
            ("Degraded Performance", Status::DegradedPerformance),
            ("degraded-performance", Status::DegradedPerformance),
            ("degraded", Status::DegradedPerformance),
            ("Partial_Outage", Status::PartialOutage),
            ("partial", Status::PartialOutage),
            ("major outage", Status::MajorOutage),
            ("down", Status::MajorOutage),
            ("outage", Status::MajorOutage),
            ("under maintenance", Status::UnderMaintenance),
            ("maintenance", Status::UnderMaintenance),
        ];
        for (text, status) in cases {
            assert_eq!(Status::parse(text.as_bytes()), Some(status), "{text}");
        }
        assert_eq!(Status::parse(b"degradd"), None);
        assert_eq!(Status::parse(b""), None);
    }

    #[test]
    fn presets_match_the_documented_weights() {
        let statuspage = Weights::preset(WeightPreset::Statuspage);
        assert_eq!(statuspage.get(Status::DegradedPerformance), Decimal::ZERO);
        assert_eq!(statuspage.get(Status::PartialOutage), Decimal::new(3, 1));
        let binary = Weights::preset(WeightPreset::Binary);
        assert_eq!(binary.get(Status::PartialOutage), Decimal::ONE);
        assert_eq!(Weights::default().get(Status::DegradedPerformance), Decimal::new(1, 1));
    }

    #[test]
    fn weight_overrides_are_checked() {
        let parsed: WeightOverride = "degraded=0.25".parse().unwrap();
        assert_eq!(parsed.status, Status::DegradedPerformance);
        assert_eq!(parsed.weight, Decimal::new(25, 2));
        assert!("degraded=1.5".parse::<WeightOverride>().unwrap_err().contains("between 0 and 1"));
        assert!(
            "degraded=0.12345678901234567890123456789"
                .parse::<WeightOverride>()
                .unwrap_err()
                .contains("more than the 28 decimal places")
        );
        assert!("degraded=high".parse::<WeightOverride>().unwrap_err().contains("not a decimal"));
        assert!("degraded=-0.1".parse::<WeightOverride>().is_err());
        assert!("slow=0.5".parse::<WeightOverride>().unwrap_err().contains("unknown status"));
        assert!("maintenance=0.5".parse::<WeightOverride>().unwrap_err().contains("no weight"));
        assert!("degraded".parse::<WeightOverride>().unwrap_err().contains("STATUS=WEIGHT"));
    }
}
