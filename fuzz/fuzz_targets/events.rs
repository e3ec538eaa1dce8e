//! The event and maintenance readers on any bytes, in each format: they return events or an
//! error of one line, never panic. A CSV file is also read by the parallel reader, in two to
//! four chunks: when it reads the file in chunks, it must read what one piece reads.
#![no_main]

mod scratch;

use libfuzzer_sys::fuzz_target;
use nines::events::EventLog;
use nines::input::{self, Encoding, InputFormat, Mapping, Reading, Source};
use nines::time::TimeFormat;

/// Every service's events, by name, in the order read.
fn events(log: &EventLog) -> Vec<(String, Vec<(i64, u8)>)> {
    log.services_by_name()
        .into_iter()
        .map(|id| {
            let events = log.events(id);
            let pairs = events.at.iter().zip(&events.status).map(|(&at, &s)| (at, s as u8));
            (log.name(id).to_owned(), pairs.collect())
        })
        .collect()
}

fn one_line(error: &impl std::fmt::Display) {
    let message = error.to_string();
    assert!(!message.contains('\n') && !message.contains('\r'), "{message:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let (format, extension) = match selector % 3 {
        0 => (InputFormat::Events(Encoding::Csv), "csv"),
        1 => (InputFormat::Events(Encoding::Json), "json"),
        _ => (InputFormat::Events(Encoding::Ndjson), "ndjson"),
    };
    let path = scratch::folder().join(format!("input.{extension}"));
    std::fs::write(&path, bytes).expect("the input is written");
    // Half the inputs are read through a mapping of columns and values.
    let mapping = if selector & 0x08 != 0 {
        Mapping {
            columns: vec![("timestamp", "t".to_owned()), ("service", "s".to_owned())],
            statuses: vec![("x".to_owned(), nines::status::Status::MajorOutage)],
        }
    } else {
        Mapping::default()
    };
    let reading = Reading {
        format: Some(format),
        zone: chrono_tz::Tz::Europe__Berlin,
        max_record_bytes: 1 << 16,
        threads: 1,
        delimiter: if selector & 0x40 != 0 { b';' } else { b',' },
        keep_going: selector & 0x20 != 0,
        mapping: &mapping,
        // Numbers as seconds, or as milliseconds when the first byte says so.
        time_format: if selector & 0x04 != 0 { TimeFormat::UnixMs } else { TimeFormat::Auto },
    };
    let source = [Source::File(path.clone())];
    if selector & 0x80 != 0 {
        if let Err(error) = input::read_maintenance(&source, reading) {
            one_line(&error);
        }
        return;
    }
    // Read as an incident list too: any bytes give incidents or an error of one line.
    if selector & 0x10 != 0 {
        let incidents = Reading { format: Some(InputFormat::Incidents), ..reading };
        if let Err(error) = input::read_events(&source, incidents) {
            one_line(&error);
        }
    }
    let whole = input::read_events(&source, reading).map(|read| read.log);
    if let Err(error) = &whole {
        one_line(error);
    }
    if format == InputFormat::Events(Encoding::Csv) {
        let threads = usize::from(selector >> 2) % 3 + 2;
        let chunked = input::read_csv_in_chunks(&path, "input.csv", Reading { threads, ..reading });
        match (chunked, &whole) {
            (Ok(Some(chunked)), Ok(whole)) => assert_eq!(events(&chunked), events(whole)),
            (Ok(Some(_)), Err(error)) => panic!("read in chunks, but whole: {error}"),
            (Err(error), _) => one_line(&error),
            (Ok(None), _) => {}
        }
    }
});
