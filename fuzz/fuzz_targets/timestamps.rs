//! Timestamps and durations on any text: parsed or refused, never a panic. The fast path for
//! a timestamp on the date last read must agree with the full parser, and a duration written
//! back reads as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nines::time::{
    DateOnly, TimeFormat, TimestampReader, duration_ms, duration_text, parse_timestamp,
};

fuzz_target!(|data: &[u8]| {
    // Two timestamps, split at the first newline: the first may set the date the fast path
    // reads the second on.
    let (first, second) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"2026-10-01T12:00:00Z"[..]),
    };
    for zone in [chrono_tz::Tz::UTC, chrono_tz::Tz::America__New_York] {
        for numbers in TimeFormat::ALL {
            let mut reader = TimestampReader::new(zone, numbers);
            for text in [first, second] {
                let full = parse_timestamp(text, zone, DateOnly::Rejected, numbers);
                assert_eq!(reader.read(text), full, "{:?}", String::from_utf8_lossy(text));
            }
            let _ = parse_timestamp(first, zone, DateOnly::Allowed, numbers);
        }
    }
    if let Ok(text) = std::str::from_utf8(first) {
        if let Ok(ms) = duration_ms(text) {
            assert_eq!(duration_ms(&duration_text(ms)), Ok(ms), "{text:?}");
        }
    }
});
