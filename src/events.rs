//! The events as the engine holds them: service names interned once, and per service two
//! parallel columns of integer timestamps and one-byte statuses.

use foldhash::HashMap;

use crate::status::Status;
use crate::time::UnixMs;

/// Index of a service in [`EventLog::services`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(pub u32);

/// One service's status changes, in input order until [`EventLog::sort`].
#[derive(Clone, Debug, Default)]
pub struct ServiceEvents {
    pub at: Vec<UnixMs>,
    pub status: Vec<Status>,
}

impl ServiceEvents {
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Orders the events by time. The sort is stable, so of two events at one instant the one
    /// read later stays later and wins. Logs are usually in order already: that costs one scan.
    fn sort(&mut self) {
        if self.at.is_sorted() {
            return;
        }
        let mut order: Vec<u32> = (0..self.at.len() as u32).collect();
        order.sort_by_key(|&i| self.at[i as usize]);
        self.at = order.iter().map(|&i| self.at[i as usize]).collect();
        self.status = order.iter().map(|&i| self.status[i as usize]).collect();
    }
}

/// Every service's events, read from all sources.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    names: Vec<Box<str>>,
    /// Names of up to 15 bytes, most of them, packed into one integer: found with no
    /// string comparison.
    short_ids: HashMap<u128, ServiceId>,
    /// Longer names, by their bytes.
    long_ids: HashMap<Box<[u8]>, ServiceId>,
    events: Vec<ServiceEvents>,
}

impl EventLog {
    /// The id of a service, registering it on first sight.
    pub fn service_id(&mut self, name: &str) -> ServiceId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = ServiceId(self.names.len() as u32);
        self.names.push(name.into());
        match short_key(name.as_bytes()) {
            Some(key) => self.short_ids.insert(key, id),
            None => self.long_ids.insert(name.as_bytes().into(), id),
        };
        self.events.push(ServiceEvents::default());
        id
    }

    pub fn find(&self, name: &str) -> Option<ServiceId> {
        self.find_bytes(name.as_bytes())
    }

    /// Finds a service by the bytes of its name, which need not be checked to be UTF-8 first.
    pub fn find_bytes(&self, name: &[u8]) -> Option<ServiceId> {
        match short_key(name) {
            Some(key) => self.short_ids.get(&key).copied(),
            None => self.long_ids.get(name).copied(),
        }
    }

    pub fn push(&mut self, service: ServiceId, at: UnixMs, status: Status) {
        let events = &mut self.events[service.0 as usize];
        events.at.push(at);
        events.status.push(status);
    }

    pub fn name(&self, service: ServiceId) -> &str {
        &self.names[service.0 as usize]
    }

    pub fn events(&self, service: ServiceId) -> &ServiceEvents {
        &self.events[service.0 as usize]
    }

    pub fn service_count(&self) -> usize {
        self.names.len()
    }

    /// Service ids in the order of their names.
    pub fn services_by_name(&self) -> Vec<ServiceId> {
        let mut ids: Vec<ServiceId> = (0..self.names.len() as u32).map(ServiceId).collect();
        ids.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
        ids
    }

    /// The earliest and latest event time; `None` when there is no event.
    pub fn span(&self) -> Option<(UnixMs, UnixMs)> {
        self.events
            .iter()
            .filter_map(|events| Some((*events.at.iter().min()?, *events.at.iter().max()?)))
            .reduce(|(lo, hi), (min, max)| (lo.min(min), hi.max(max)))
    }

    /// The name of a service with an event at `at`, for a message about that event.
    pub fn service_at(&self, at: UnixMs) -> String {
        let service = self.events.iter().position(|events| events.at.contains(&at));
        service.map_or_else(String::new, |index| self.names[index].to_string())
    }

    /// Adds the events of a log read after this one, as if they had been read into it.
    pub fn append(&mut self, later: EventLog) {
        for (name, events) in later.names.iter().zip(later.events) {
            let id = self.service_id(name);
            let target = &mut self.events[id.0 as usize];
            if target.is_empty() {
                *target = events;
            } else {
                target.at.extend(events.at);
                target.status.extend(events.status);
            }
        }
    }

    /// Puts every service's events in time order; the engine needs them so.
    pub fn sort(&mut self) {
        self.events.iter_mut().for_each(ServiceEvents::sort);
    }
}

/// A name of up to 15 bytes as one integer: its bytes, zero-padded, then its length.
fn short_key(name: &[u8]) -> Option<u128> {
    let mut key = [0; 16];
    key.get_mut(..name.len()).filter(|_| name.len() < 16)?.copy_from_slice(name);
    key[15] = name.len() as u8;
    Some(u128::from_le_bytes(key))
}

/// Which services an announced maintenance window covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coverage {
    Every,
    Service(String),
}

/// An announced maintenance window, [start, end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceWindow {
    pub start: UnixMs,
    pub end: UnixMs,
    pub coverage: Coverage,
    /// Where the window was read, for messages about it.
    pub origin: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_keeps_input_order_among_equal_times() {
        let mut log = EventLog::default();
        let api = log.service_id("api");
        log.push(api, 20, Status::Operational);
        log.push(api, 10, Status::MajorOutage);
        log.push(api, 20, Status::PartialOutage);
        log.push(api, 5, Status::DegradedPerformance);
        log.sort();
        let events = log.events(api);
        assert_eq!(events.at, [5, 10, 20, 20]);
        assert_eq!(
            events.status,
            [
                Status::DegradedPerformance,
                Status::MajorOutage,
                Status::Operational,
                Status::PartialOutage
            ]
        );
    }

    #[test]
    fn short_and_long_names_are_told_apart() {
        let mut log = EventLog::default();
        let names = ["", "a", "a\0", "fifteen-bytes-x", "sixteen-bytes-xy", "sixteen-bytes-xz"];
        let ids: Vec<ServiceId> = names.iter().map(|name| log.service_id(name)).collect();
        for (name, id) in names.iter().zip(&ids) {
            assert_eq!(log.find_bytes(name.as_bytes()), Some(*id), "{name:?}");
            assert_eq!(log.name(*id), *name);
        }
        assert_eq!(log.service_count(), names.len());
    }

    #[test]
    fn services_are_interned_and_listed_by_name() {
        let mut log = EventLog::default();
        let web = log.service_id("web");
        let api = log.service_id("api");
        assert_eq!(log.service_id("web"), web);
        assert_eq!(log.services_by_name(), [api, web]);
        assert_eq!(log.find("db"), None);
        log.push(web, 7, Status::Operational);
        log.push(api, 3, Status::Operational);
        assert_eq!(log.span(), Some((3, 7)));
    }
}
