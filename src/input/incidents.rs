//! Incident lists (`--input-format incidents`): rows of `start`, `end` (empty while still
//! open), `service`, `status` (`major_outage` unless said) and an optional `title`, as
//! PagerDuty, Opsgenie, incident.io and Jira exports reduce to. A service is operational
//! outside its incidents; where its incidents overlap, the most severe status wins; an
//! incident in `under_maintenance` is a maintenance window. The rows are read by the tabular
//! layer every CSV, JSON and NDJSON reader shares, then turned into the status changes the
//! engine folds.

use super::Reading;
use super::record::{BadRows, Fields, INCIDENT_FIELDS, Mapping, RecordSink, Row, utf8};
use crate::error::FieldError;
use crate::events::{Coverage, EventLog, MaintenanceWindow, ServiceId};
use crate::status::Status;
use crate::time::{TimestampReader, UnixMs};

/// The service field of an incident row.
const SERVICE: usize = 2;

/// One incident: a service in `status` from `start` to `end` (`UnixMs::MAX` while open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Incident {
    pub service: ServiceId,
    pub start: UnixMs,
    pub end: UnixMs,
    pub status: Status,
}

/// Collects the incidents of one source; its maintenance rows become maintenance windows.
pub struct IncidentSink<'a> {
    pub log: &'a mut EventLog,
    pub mapping: &'a Mapping,
    pub incidents: &'a mut Vec<Incident>,
    pub maintenance: &'a mut Vec<MaintenanceWindow>,
    pub timestamps: TimestampReader,
    /// The source's name, for the origin of its maintenance windows.
    pub name: String,
    pub bad_rows: BadRows,
}

impl<'a> IncidentSink<'a> {
    pub fn new(
        log: &'a mut EventLog,
        incidents: &'a mut Vec<Incident>,
        maintenance: &'a mut Vec<MaintenanceWindow>,
        name: String,
        reading: Reading<'a>,
    ) -> Self {
        let timestamps = TimestampReader::new(reading.zone, reading.time_format);
        let (mapping, bad_rows) = (reading.mapping, BadRows::new(reading.keep_going));
        IncidentSink { log, mapping, incidents, maintenance, timestamps, name, bad_rows }
    }
}

impl RecordSink for IncidentSink<'_> {
    fn fields(&self) -> &'static Fields {
        &INCIDENT_FIELDS
    }

    fn column(&self, index: usize) -> &str {
        self.mapping.column(INCIDENT_FIELDS[index].name)
    }

    fn record(&mut self, row: &impl Row, line: u64) -> Result<(), FieldError> {
        let super::record::IncidentRow { service, start, end, status } =
            super::record::decode_incident(row, &mut self.timestamps, self.mapping)?;
        let name = utf8(&INCIDENT_FIELDS[SERVICE], service)?;
        // Known to the log even when only maintenance is said of it, so that it is reported.
        let service = self.log.service_id(name);
        let end = end.unwrap_or(UnixMs::MAX);
        if status == Status::UnderMaintenance {
            let coverage = Coverage::Service(name.to_owned());
            let origin = format!("{}:{line}", self.name);
            self.maintenance.push(MaintenanceWindow { start, end, coverage, origin });
        } else {
            self.incidents.push(Incident { service, start, end, status });
        }
        Ok(())
    }

    fn bad_rows(&mut self) -> Option<&mut BadRows> {
        Some(&mut self.bad_rows)
    }
}

/// The status changes incidents make, per service in time order: at each instant an incident
/// starts or ends, the most severe status of those under way, or operational when none is; an
/// instant that changes nothing makes no change. A service's first change is its first
/// incident's start.
pub fn status_changes(incidents: &mut [Incident]) -> Vec<(ServiceId, UnixMs, Status)> {
    incidents.sort_unstable_by_key(|incident| (incident.service, incident.start));
    let mut changes = Vec::with_capacity(incidents.len() * 2);
    for of_service in incidents.chunk_by(|a, b| a.service == b.service) {
        let service = of_service[0].service;
        // Each incident starts (+1) and, unless still open, ends (−1) its status.
        let mut edges: Vec<(UnixMs, i8, Status)> = Vec::with_capacity(of_service.len() * 2);
        for incident in of_service {
            edges.push((incident.start, 1, incident.status));
            if incident.end != UnixMs::MAX {
                edges.push((incident.end, -1, incident.status));
            }
        }
        edges.sort_unstable_by_key(|&(at, ..)| at);
        let mut under_way = [0u32; Status::COUNT];
        let mut current = None;
        for at_one_instant in edges.chunk_by(|a, b| a.0 == b.0) {
            for &(_, delta, status) in at_one_instant {
                let count = &mut under_way[status as usize];
                *count = if delta > 0 { *count + 1 } else { *count - 1 };
            }
            let worst = [Status::MajorOutage, Status::PartialOutage, Status::DegradedPerformance]
                .into_iter()
                .find(|status| under_way[*status as usize] > 0)
                .unwrap_or(Status::Operational);
            if current != Some(worst) {
                changes.push((service, at_one_instant[0].0, worst));
                current = Some(worst);
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn incident(start: UnixMs, end: UnixMs, status: Status) -> Incident {
        Incident { service: ServiceId(0), start, end, status }
    }

    #[test]
    fn overlapping_incidents_take_the_most_severe_status() {
        use Status::*;
        let mut incidents = [
            incident(10, 40, DegradedPerformance),
            incident(20, 30, MajorOutage),
            incident(30, 50, PartialOutage),
        ];
        let changes: Vec<(UnixMs, Status)> = status_changes(&mut incidents)
            .into_iter()
            .map(|(_, at, status)| (at, status))
            .collect();
        assert_eq!(
            changes,
            [(10, DegradedPerformance), (20, MajorOutage), (30, PartialOutage), (50, Operational)]
        );
    }

    #[test]
    fn an_open_incident_lasts_and_back_to_back_ones_make_one_change() {
        use Status::*;
        let mut incidents = [
            incident(10, 20, MajorOutage),
            incident(20, 30, MajorOutage),
            incident(40, UnixMs::MAX, PartialOutage),
        ];
        let changes: Vec<(UnixMs, Status)> = status_changes(&mut incidents)
            .into_iter()
            .map(|(_, at, status)| (at, status))
            .collect();
        assert_eq!(changes, [(10, MajorOutage), (30, Operational), (40, PartialOutage)]);
    }

    /// The status at `at` as a person would work it out: the most severe of the incidents
    /// under way then.
    fn naive_status(incidents: &[Incident], at: UnixMs) -> Status {
        incidents
            .iter()
            .filter(|incident| incident.start <= at && at < incident.end)
            .map(|incident| incident.status)
            .max()
            .unwrap_or(Status::Operational)
    }

    fn status_at(
        changes: &[(ServiceId, UnixMs, Status)],
        service: ServiceId,
        at: UnixMs,
    ) -> Status {
        changes
            .iter()
            .rev()
            .find(|(of, when, _)| *of == service && *when <= at)
            .map_or(Status::Operational, |&(_, _, status)| status)
    }

    proptest! {
        #[test]
        fn the_changes_give_the_most_severe_status_at_every_instant(
            raw in prop::collection::vec((0u32..3, 0i64..40, 1i64..15, any::<bool>(), 1u8..4), 0..12)
        ) {
            let incidents: Vec<Incident> = raw
                .iter()
                .map(|&(service, start, length, open, status)| Incident {
                    service: ServiceId(service),
                    start,
                    end: if open { UnixMs::MAX } else { start + length },
                    status: Status::ALL[usize::from(status)],
                })
                .collect();
            let changes = status_changes(&mut incidents.clone());
            for service in 0..3 {
                let service = ServiceId(service);
                let own: Vec<Incident> =
                    incidents.iter().copied().filter(|i| i.service == service).collect();
                for at in 0..60 {
                    prop_assert_eq!(status_at(&changes, service, at), naive_status(&own, at), "at {}", at);
                }
                // No change repeats the status before it.
                let statuses: Vec<Status> =
                    changes.iter().filter(|c| c.0 == service).map(|c| c.2).collect();
                prop_assert!(statuses.windows(2).all(|pair| pair[0] != pair[1]));
            }
        }
    }
}
