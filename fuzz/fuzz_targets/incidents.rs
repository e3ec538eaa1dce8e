//! The incident-list reader on any bytes, in each encoding, with and without a mapping of
//! columns and values: it returns status changes or an error of one line, never panics, and
//! the changes it makes are in time order per service, each a change of status.
#![no_main]

mod scratch;

use libfuzzer_sys::fuzz_target;
use nines::input::{self, InputFormat, Mapping, Reading, Source};
use nines::status::Status;
use nines::time::TimeFormat;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let extension = ["csv", "json", "ndjson"][usize::from(selector % 3)];
    let path = scratch::folder().join(format!("incidents.{extension}"));
    std::fs::write(&path, bytes).expect("the input is written");
    let mapping = if selector & 0x08 != 0 {
        Mapping {
            columns: vec![("start", "from".to_owned()), ("end", "to".to_owned())],
            statuses: vec![("p1".to_owned(), Status::MajorOutage)],
        }
    } else {
        Mapping::default()
    };
    let reading = Reading {
        format: Some(InputFormat::Incidents),
        zone: chrono_tz::Tz::Europe__Berlin,
        max_record_bytes: 1 << 16,
        threads: 1,
        delimiter: if selector & 0x40 != 0 { b';' } else { b',' },
        keep_going: selector & 0x20 != 0,
        mapping: &mapping,
        time_format: if selector & 0x04 != 0 { TimeFormat::UnixMs } else { TimeFormat::Auto },
    };
    match input::read_events(&[Source::File(path)], reading) {
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n') && !message.contains('\r'), "{message:?}");
        }
        Ok(read) => {
            for id in read.log.services_by_name() {
                let events = read.log.events(id);
                assert!(events.at.is_sorted(), "changes out of order");
                assert!(
                    events.status.windows(2).all(|pair| pair[0] != pair[1]),
                    "a change that changes nothing"
                );
            }
        }
    }
});
