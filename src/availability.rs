//! Availability, weighted downtime and error budgets from the timelines. Pure: no I/O.
//!
//! Time is summed per status in integer milliseconds; weights and the objective are exact
//! decimals, so every figure is exact and a service exactly at its objective meets it.

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::events::{EventLog, ServiceId};
use crate::status::{Status, Weights};
use crate::time::Timestamp;
use crate::timeline::{MaintenanceSchedule, Segment, Window, segments};

/// What is measured and against what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The objective, a percentage in (0, 100].
    pub slo_percent: Decimal,
    pub weights: Weights,
    /// The status of a service before its first event.
    pub initial_status: Status,
}

/// Milliseconds spent in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusTime([i64; Status::COUNT]);

impl StatusTime {
    pub fn add(&mut self, segment: &Segment) {
        self.0[segment.status().index()] += segment.length_ms();
    }

    pub fn get(&self, status: Status) -> i64 {
        self.0[status.index()]
    }

    pub fn excluded_ms(&self) -> i64 {
        Status::ALL.iter().filter(|s| s.is_excluded()).map(|&s| self.get(s)).sum()
    }

    pub fn counted_ms(&self) -> i64 {
        Weights::counted_statuses().map(|s| self.get(s)).sum()
    }

    /// Σ weight × time, in milliseconds, exactly.
    pub fn weighted_downtime_ms(&self, weights: &Weights) -> Decimal {
        Weights::counted_statuses().map(|s| weights.get(s) * Decimal::from(self.get(s))).sum()
    }
}

/// A number of milliseconds as exact decimal seconds.
pub fn seconds(ms: i64) -> Decimal {
    Decimal::new(ms, 3)
}

/// Seconds spent in each status; together they make up the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusSeconds {
    /// Seconds `operational` (weight 0 unless overridden).
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub operational: Decimal,
    /// Seconds `degraded_performance`.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub degraded_performance: Decimal,
    /// Seconds `partial_outage`.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub partial_outage: Decimal,
    /// Seconds `major_outage`.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub major_outage: Decimal,
    /// Seconds `under_maintenance`, reported by the service or inside an announced window.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub under_maintenance: Decimal,
}

impl From<&StatusTime> for StatusSeconds {
    fn from(time: &StatusTime) -> Self {
        StatusSeconds {
            operational: seconds(time.get(Status::Operational)),
            degraded_performance: seconds(time.get(Status::DegradedPerformance)),
            partial_outage: seconds(time.get(Status::PartialOutage)),
            major_outage: seconds(time.get(Status::MajorOutage)),
            under_maintenance: seconds(time.get(Status::UnderMaintenance)),
        }
    }
}

/// One service's availability over the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceAvailability {
    /// The service's name as the events give it.
    pub service: String,
    /// Seconds in each status; they add up to the window's length.
    pub seconds: StatusSeconds,
    /// Seconds left out of the measured time: maintenance, reported or announced.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub excluded_seconds: Decimal,
    /// Seconds measured: the window less the excluded time.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub counted_seconds: Decimal,
    /// Weighted downtime: Σ weight(status) × seconds in that status, over counted time.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub downtime_seconds: Decimal,
    /// 100 × (1 − downtime ÷ counted); null when nothing was counted (all maintenance).
    #[serde(serialize_with = "crate::json_number::serialize_option")]
    pub availability_percent: Option<Decimal>,
    /// Whether availability ≥ the SLO; null when availability is null.
    pub slo_met: Option<bool>,
    /// The downtime the SLO allows: (1 − SLO ÷ 100) × counted seconds.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub error_budget_seconds: Decimal,
    /// Budget less downtime; negative when the budget is overspent.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub error_budget_remaining_seconds: Decimal,
}

impl ServiceAvailability {
    pub fn new(service: &str, time: &StatusTime, policy: &Policy) -> Self {
        let counted_ms = Decimal::from(time.counted_ms());
        let downtime_ms = time.weighted_downtime_ms(&policy.weights);
        let allowed_fraction = (Decimal::ONE_HUNDRED - policy.slo_percent) / Decimal::ONE_HUNDRED;
        let budget_ms = allowed_fraction * counted_ms;
        let (availability_percent, slo_met) = if counted_ms.is_zero() {
            (None, None)
        } else {
            let availability = Decimal::ONE_HUNDRED * (Decimal::ONE - downtime_ms / counted_ms);
            // Compared without the rounding of the division, so a service exactly at its
            // objective meets it.
            (Some(availability), Some(downtime_ms <= budget_ms))
        };
        let ms_to_seconds = |ms: Decimal| ms / Decimal::ONE_THOUSAND;
        ServiceAvailability {
            service: service.to_owned(),
            seconds: StatusSeconds::from(time),
            excluded_seconds: seconds(time.excluded_ms()),
            counted_seconds: seconds(time.counted_ms()),
            downtime_seconds: ms_to_seconds(downtime_ms),
            availability_percent,
            slo_met,
            error_budget_seconds: ms_to_seconds(budget_ms),
            error_budget_remaining_seconds: ms_to_seconds(budget_ms - downtime_ms),
        }
    }
}

/// The measured window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WindowBounds {
    /// Start, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
}

impl From<Window> for WindowBounds {
    fn from(window: Window) -> Self {
        WindowBounds { from: Timestamp(window.from), to: Timestamp(window.to) }
    }
}

/// What every report states about how it was measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measurement {
    /// The window the figures cover.
    pub window: WindowBounds,
    /// The IANA time zone wall-clock timestamps were read in.
    pub time_zone: String,
    /// The availability objective, in percent.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub slo_percent: Decimal,
    /// Weight of each counted status: the share of its time that is downtime.
    pub weights: Weights,
}

impl Measurement {
    pub fn new(window: Window, zone: Tz, policy: &Policy) -> Self {
        Measurement {
            window: window.into(),
            time_zone: zone.name().to_owned(),
            slo_percent: policy.slo_percent,
            weights: policy.weights,
        }
    }
}

/// The availability report: one row per service, by name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AvailabilityReport {
    /// How the figures were measured.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// One entry per service, sorted by name.
    pub services: Vec<ServiceAvailability>,
}

impl AvailabilityReport {
    /// The services that missed the objective.
    pub fn breaches(&self) -> impl Iterator<Item = &ServiceAvailability> {
        self.services.iter().filter(|service| service.slo_met == Some(false))
    }
}

/// One stretch of a service's timeline, with what it contributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineInterval {
    /// The service.
    pub service: String,
    /// Start, inclusive, RFC 3339 UTC.
    pub from: Timestamp,
    /// End, exclusive, RFC 3339 UTC.
    pub to: Timestamp,
    /// Length in seconds.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub seconds: Decimal,
    /// The status that counts: `under_maintenance` inside an announced window.
    pub status: Status,
    /// The status the events report.
    pub reported_status: Status,
    /// Whether the stretch is part of the measured time (false in maintenance).
    pub counted: bool,
    /// The weight applied: the share of the stretch that is downtime (0 when not counted).
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub weight: Decimal,
    /// weight × seconds.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub downtime_seconds: Decimal,
}

/// Every service's timeline: the audit trail behind the availability report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineReport {
    /// How the figures were measured.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// Stretches of unchanged status, by service name, then time.
    pub intervals: Vec<TimelineInterval>,
}

/// The events, the maintenance and the policy, together.
pub struct Measured<'a> {
    pub log: &'a EventLog,
    pub maintenance: &'a MaintenanceSchedule,
    pub window: Window,
    pub zone: Tz,
    pub policy: &'a Policy,
}

impl Measured<'_> {
    fn timeline(&self, service: ServiceId) -> impl Iterator<Item = Segment> + '_ {
        segments(
            self.log.events(service),
            self.policy.initial_status,
            self.window,
            self.maintenance.of(service),
        )
    }

    pub fn availability(&self) -> AvailabilityReport {
        let services = self
            .log
            .services_by_name()
            .into_iter()
            .map(|service| {
                let mut time = StatusTime::default();
                self.timeline(service).for_each(|segment| time.add(&segment));
                ServiceAvailability::new(self.log.name(service), &time, self.policy)
            })
            .collect();
        AvailabilityReport {
            measurement: Measurement::new(self.window, self.zone, self.policy),
            services,
        }
    }

    pub fn timelines(&self) -> TimelineReport {
        let weights = &self.policy.weights;
        let intervals = self
            .log
            .services_by_name()
            .into_iter()
            .flat_map(|service| {
                let name = self.log.name(service);
                self.timeline(service).map(move |segment| {
                    let status = segment.status();
                    let weight =
                        if status.is_excluded() { Decimal::ZERO } else { weights.get(status) };
                    let length = seconds(segment.length_ms());
                    TimelineInterval {
                        service: name.to_owned(),
                        from: Timestamp(segment.from),
                        to: Timestamp(segment.to),
                        seconds: length,
                        status,
                        reported_status: segment.reported,
                        counted: !status.is_excluded(),
                        weight,
                        downtime_seconds: weight * length,
                    }
                })
            })
            .collect();
        TimelineReport {
            measurement: Measurement::new(self.window, self.zone, self.policy),
            intervals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(slo: &str) -> Policy {
        Policy {
            slo_percent: slo.parse().unwrap(),
            weights: Weights::default(),
            initial_status: Status::Operational,
        }
    }

    fn time(entries: &[(Status, i64)]) -> StatusTime {
        let mut time = StatusTime::default();
        for &(status, ms) in entries {
            time.0[status.index()] += ms;
        }
        time
    }

    #[test]
    fn a_day_with_seven_minutes_twelve_seconds_down_is_exactly_at_99_5() {
        let day = 86_400_000;
        let down = 432_000;
        let row = ServiceAvailability::new(
            "api",
            &time(&[(Status::Operational, day - down), (Status::MajorOutage, down)]),
            &policy("99.5"),
        );
        assert_eq!(row.availability_percent, Some(Decimal::new(995, 1)));
        assert_eq!(row.slo_met, Some(true));
        assert_eq!(row.error_budget_seconds, Decimal::from(432));
        assert_eq!(row.error_budget_remaining_seconds, Decimal::ZERO);

        let one_ms_more = ServiceAvailability::new(
            "api",
            &time(&[(Status::Operational, day - down - 1), (Status::MajorOutage, down + 1)]),
            &policy("99.5"),
        );
        assert_eq!(one_ms_more.slo_met, Some(false));
        assert_eq!(one_ms_more.error_budget_remaining_seconds, Decimal::new(-1, 3));
    }

    #[test]
    fn weights_and_maintenance() {
        // 1 h degraded (0.1), 1 h partial (0.3), 1 h major (1), 1 h maintenance, 20 h up.
        let hour = 3_600_000;
        let row = ServiceAvailability::new(
            "db",
            &time(&[
                (Status::Operational, 20 * hour),
                (Status::DegradedPerformance, hour),
                (Status::PartialOutage, hour),
                (Status::MajorOutage, hour),
                (Status::UnderMaintenance, hour),
            ]),
            &policy("99.5"),
        );
        assert_eq!(row.counted_seconds, Decimal::from(23 * 3600));
        assert_eq!(row.excluded_seconds, Decimal::from(3600));
        assert_eq!(row.downtime_seconds, Decimal::from(360 + 1080 + 3600));
        assert_eq!(row.slo_met, Some(false));
        let expected =
            Decimal::ONE_HUNDRED * (Decimal::ONE - Decimal::from(5040) / Decimal::from(82800));
        assert_eq!(row.availability_percent, Some(expected));
    }

    #[test]
    fn all_maintenance_is_not_applicable_not_a_breach() {
        let row = ServiceAvailability::new(
            "db",
            &time(&[(Status::UnderMaintenance, 5000)]),
            &policy("99.9"),
        );
        assert_eq!(row.availability_percent, None);
        assert_eq!(row.slo_met, None);
        assert_eq!(row.error_budget_seconds, Decimal::ZERO);
    }
}
