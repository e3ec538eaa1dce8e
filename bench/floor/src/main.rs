//! The floor: the least any design built on the csv crate and chrono must do with an events
//! file (`timestamp,service,status`, RFC 3339 timestamps): read every record and parse its
//! timestamp. It computes nothing; it prints the number of records and a checksum, so that
//! none of the work can be optimised away.
//!
//! usage: floor EVENTS.csv

use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor EVENTS.csv");
        return ExitCode::from(2);
    };
    match checksum(&path) {
        Ok((records, sum)) => {
            println!("{records} {sum}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("floor: {path}: {error}");
            ExitCode::from(2)
        }
    }
}

/// The number of records, and the sum of their timestamps (Unix seconds) and of the lengths
/// of their other two fields.
fn checksum(path: &str) -> Result<(u64, i64), Box<dyn std::error::Error>> {
    let file = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut reader = csv::Reader::from_reader(file);
    let mut record = csv::ByteRecord::new();
    let (mut records, mut sum) = (0u64, 0i64);
    while reader.read_byte_record(&mut record)? {
        let timestamp = std::str::from_utf8(&record[0])?;
        let at = chrono::DateTime::parse_from_rfc3339(timestamp)?.timestamp();
        sum = sum.wrapping_add(at).wrapping_add((record[1].len() + record[2].len()) as i64);
        records += 1;
    }
    Ok((records, sum))
}
