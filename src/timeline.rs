//! The timeline engine: turns a service's sorted events and the maintenance windows that cover
//! it into the stretches of time over which its status does not change. Pure: no I/O.

use crate::events::{Coverage, EventLog, MaintenanceWindow, ServiceEvents, ServiceId};
use crate::status::Status;
use crate::time::{Timestamp, UnixMs};

/// The measured time, [from, to), never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: UnixMs,
    pub to: UnixMs,
}

/// Why no window could be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WindowError {
    #[error("--from {from} is not before --to {to}")]
    Reversed { from: Timestamp, to: Timestamp },
    #[error(
        "the window from {from} ({from_source}) to {to} ({to_source}) is empty: it must end after \
         it starts"
    )]
    Empty { from: Timestamp, from_source: &'static str, to: Timestamp, to_source: &'static str },
}

impl Window {
    /// The window from `--from`/`--to`, each defaulting to the events' span: the earliest and
    /// the latest event.
    pub fn resolve(
        from: Option<UnixMs>,
        to: Option<UnixMs>,
        (earliest, latest): (UnixMs, UnixMs),
    ) -> Result<Window, WindowError> {
        if let (Some(from), Some(to)) = (from, to) {
            if from >= to {
                return Err(WindowError::Reversed { from: Timestamp(from), to: Timestamp(to) });
            }
        }
        let window = Window { from: from.unwrap_or(earliest), to: to.unwrap_or(latest) };
        if window.from < window.to {
            return Ok(window);
        }
        Err(WindowError::Empty {
            from: Timestamp(window.from),
            from_source: if from.is_some() { "--from" } else { "the earliest event" },
            to: Timestamp(window.to),
            to_source: if to.is_some() { "--to" } else { "the latest event" },
        })
    }
}

/// A stretch of time over which neither the reported status nor maintenance changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub from: UnixMs,
    pub to: UnixMs,
    /// The status the events report.
    pub reported: Status,
    /// Whether an announced maintenance window covers the stretch.
    pub in_maintenance_window: bool,
}

impl Segment {
    /// The status that counts: maintenance, announced or reported, overrides the rest.
    pub fn status(&self) -> Status {
        if self.in_maintenance_window { Status::UnderMaintenance } else { self.reported }
    }

    pub fn length_ms(&self) -> i64 {
        self.to - self.from
    }
}

/// Sorted, disjoint, non-empty intervals [start, end) inside one window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intervals(Vec<(UnixMs, UnixMs)>);

impl Intervals {
    pub fn new(raw: impl IntoIterator<Item = (UnixMs, UnixMs)>, window: Window) -> Intervals {
        let mut clipped: Vec<(UnixMs, UnixMs)> = raw
            .into_iter()
            .map(|(start, end)| (start.max(window.from), end.min(window.to)))
            .filter(|(start, end)| start < end)
            .collect();
        clipped.sort_unstable();
        let mut merged: Vec<(UnixMs, UnixMs)> = Vec::with_capacity(clipped.len());
        for (start, end) in clipped {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Intervals(merged)
    }
}

/// The announced maintenance of every service, resolved to service ids.
#[derive(Clone, Debug, Default)]
pub struct MaintenanceSchedule {
    by_service: Vec<Intervals>,
}

impl MaintenanceSchedule {
    /// Assigns each window to the services it covers. A window naming a service that has no
    /// events cannot apply to anything; it is returned so the caller can say so.
    pub fn new<'w>(
        windows: &'w [MaintenanceWindow],
        log: &EventLog,
        window: Window,
    ) -> (MaintenanceSchedule, Vec<&'w MaintenanceWindow>) {
        let mut raw: Vec<Vec<(UnixMs, UnixMs)>> = vec![Vec::new(); log.service_count()];
        let mut unmatched = Vec::new();
        for maintenance in windows {
            let span = (maintenance.start, maintenance.end);
            match &maintenance.coverage {
                Coverage::Every => raw.iter_mut().for_each(|spans| spans.push(span)),
                Coverage::Service(name) => match log.find(name) {
                    Some(id) => raw[id.0 as usize].push(span),
                    None => unmatched.push(maintenance),
                },
            }
        }
        let by_service = raw.into_iter().map(|spans| Intervals::new(spans, window)).collect();
        (MaintenanceSchedule { by_service }, unmatched)
    }

    pub fn of(&self, service: ServiceId) -> &Intervals {
        &self.by_service[service.0 as usize]
    }
}

/// A service's timeline inside the window: consecutive segments that cover it exactly, each
/// differing from the one before in reported status or in maintenance.
pub fn segments<'a>(
    events: &'a ServiceEvents,
    initial: Status,
    window: Window,
    maintenance: &'a Intervals,
) -> impl Iterator<Item = Segment> + 'a {
    let reported = ReportedSegments::new(events, initial, window);
    let overlaid =
        Overlay { segments: reported, intervals: &maintenance.0, next_interval: 0, rest: None };
    Coalesce { segments: overlaid, pending: None }
}

/// The status the events report, stretch by stretch.
struct ReportedSegments<'a> {
    at: &'a [UnixMs],
    status: &'a [Status],
    next_event: usize,
    current: Status,
    from: UnixMs,
    end: UnixMs,
}

impl<'a> ReportedSegments<'a> {
    fn new(events: &'a ServiceEvents, initial: Status, window: Window) -> Self {
        // Events before the window set the status at its start: the last of them wins.
        let first_inside = events.at.partition_point(|&at| at <= window.from);
        let current = first_inside.checked_sub(1).map_or(initial, |last| events.status[last]);
        ReportedSegments {
            at: &events.at,
            status: &events.status,
            next_event: first_inside,
            current,
            from: window.from,
            end: window.to,
        }
    }
}

impl Iterator for ReportedSegments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        if self.from >= self.end {
            return None;
        }
        while let Some(&at) = self.at.get(self.next_event).filter(|&&at| at < self.end) {
            let status = self.status[self.next_event];
            self.next_event += 1;
            if status == self.current {
                continue;
            }
            if at == self.from {
                // Several events at one instant: the last one read holds.
                self.current = status;
                continue;
            }
            let segment = Segment {
                from: self.from,
                to: at,
                reported: self.current,
                in_maintenance_window: false,
            };
            self.from = at;
            self.current = status;
            return Some(segment);
        }
        let last = Segment {
            from: self.from,
            to: self.end,
            reported: self.current,
            in_maintenance_window: false,
        };
        self.from = self.end;
        Some(last)
    }
}

/// Splits segments where maintenance windows begin and end, and marks the covered parts.
struct Overlay<'a, I> {
    segments: I,
    intervals: &'a [(UnixMs, UnixMs)],
    next_interval: usize,
    rest: Option<Segment>,
}

impl<I: Iterator<Item = Segment>> Iterator for Overlay<'_, I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let mut segment = self.rest.take().or_else(|| self.segments.next())?;
        while self.intervals.get(self.next_interval).is_some_and(|&(_, end)| end <= segment.from) {
            self.next_interval += 1;
        }
        let Some(&(start, end)) = self.intervals.get(self.next_interval) else {
            return Some(segment);
        };
        if start >= segment.to {
            return Some(segment);
        }
        let cut = if start > segment.from { start } else { end.min(segment.to) };
        if cut < segment.to {
            self.rest = Some(Segment { from: cut, ..segment });
            segment.to = cut;
        }
        segment.in_maintenance_window = start <= segment.from;
        Some(segment)
    }
}

/// Joins neighbours that ended up alike, e.g. two reports of the same status.
struct Coalesce<I> {
    segments: I,
    pending: Option<Segment>,
}

impl<I: Iterator<Item = Segment>> Iterator for Coalesce<I> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let mut current = self.pending.take().or_else(|| self.segments.next())?;
        for next in self.segments.by_ref() {
            if next.reported == current.reported
                && next.in_maintenance_window == current.in_maintenance_window
            {
                current.to = next.to;
            } else {
                self.pending = Some(next);
                break;
            }
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    const WINDOW: Window = Window { from: 0, to: 100 };

    fn events(list: &[(UnixMs, Status)]) -> ServiceEvents {
        ServiceEvents {
            at: list.iter().map(|&(at, _)| at).collect(),
            status: list.iter().map(|&(_, status)| status).collect(),
        }
    }

    fn run(
        list: &[(UnixMs, Status)],
        maintenance: &[(UnixMs, UnixMs)],
    ) -> Vec<(UnixMs, UnixMs, Status)> {
        let events = events(list);
        let intervals = Intervals::new(maintenance.iter().copied(), WINDOW);
        segments(&events, Operational, WINDOW, &intervals)
            .map(|segment| (segment.from, segment.to, segment.status()))
            .collect()
    }

    #[test]
    fn an_event_holds_until_the_next() {
        assert_eq!(
            run(&[(10, MajorOutage), (30, Operational), (60, DegradedPerformance)], &[]),
            [
                (0, 10, Operational),
                (10, 30, MajorOutage),
                (30, 60, Operational),
                (60, 100, DegradedPerformance)
            ]
        );
    }

    #[test]
    fn events_before_the_window_set_its_first_status() {
        assert_eq!(
            run(&[(-50, MajorOutage), (-10, PartialOutage)], &[]),
            [(0, 100, PartialOutage)]
        );
        assert_eq!(run(&[(0, MajorOutage)], &[]), [(0, 100, MajorOutage)]);
        assert_eq!(run(&[(150, MajorOutage)], &[]), [(0, 100, Operational)]);
    }

    #[test]
    fn the_last_event_at_an_instant_wins_and_repeats_merge() {
        assert_eq!(
            run(
                &[
                    (20, MajorOutage),
                    (20, PartialOutage),
                    (40, PartialOutage),
                    (70, Operational),
                    (70, Operational)
                ],
                &[]
            ),
            [(0, 20, Operational), (20, 70, PartialOutage), (70, 100, Operational)]
        );
        assert_eq!(run(&[(20, MajorOutage), (20, Operational)], &[]), [(0, 100, Operational)]);
    }

    #[test]
    fn maintenance_windows_override_and_split() {
        assert_eq!(
            run(&[(10, MajorOutage), (50, Operational)], &[(40, 60), (-5, 5), (90, 200)]),
            [
                (0, 5, UnderMaintenance),
                (5, 10, Operational),
                (10, 40, MajorOutage),
                // Still two stretches: the reported status changes inside the window.
                (40, 50, UnderMaintenance),
                (50, 60, UnderMaintenance),
                (60, 90, Operational),
                (90, 100, UnderMaintenance)
            ]
        );
    }

    #[test]
    fn intervals_merge_overlaps_and_clip() {
        let intervals =
            Intervals::new([(50, 70), (10, 20), (15, 30), (30, 35), (-10, 0), (90, 120)], WINDOW);
        assert_eq!(intervals.0, [(10, 35), (50, 70), (90, 100)]);
    }

    #[test]
    fn windows_default_to_the_events_span() {
        assert_eq!(Window::resolve(None, None, (5, 9)), Ok(Window { from: 5, to: 9 }));
        assert_eq!(Window::resolve(Some(1), None, (5, 9)), Ok(Window { from: 1, to: 9 }));
        assert!(matches!(
            Window::resolve(Some(9), Some(9), (5, 9)),
            Err(WindowError::Reversed { .. })
        ));
        let empty = Window::resolve(None, None, (5, 5)).unwrap_err().to_string();
        assert!(empty.contains("(the earliest event)") && empty.contains("(the latest event)"));
        let empty = Window::resolve(None, Some(4), (5, 9)).unwrap_err().to_string();
        assert!(empty.contains("(the earliest event)") && empty.contains("(--to)"), "{empty}");
    }
}
