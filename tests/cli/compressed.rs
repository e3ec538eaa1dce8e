//! Inputs as they are kept: gzip and zstd files, formats told by content when the name does
//! not tell, process substitution and stdin for every input, and other delimiters.

use std::io::Write;

use crate::common::*;

const EVENTS: &str = "formats/canonical.csv";

/// `report FILE -f json` in `scratch`, which must succeed.
fn report(scratch: &Scratch, args: &[&str]) -> String {
    scratch.nines(&[&["report", "-f", "json"][..], args].concat()).ok().to_owned()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzip_and_zstd_files_read_as_the_plain_ones() {
    let plain = data_text(EVENTS);
    let scratch = Scratch::new();
    scratch.write("events.csv", &plain);
    scratch.write("events.csv.gz", gzip(plain.as_bytes()));
    scratch.write("events.csv.zst", zstd::encode_all(plain.as_bytes(), 3).unwrap());
    // Names that say nothing: the content tells both the compression and the format.
    scratch.write("events", zstd::encode_all(plain.as_bytes(), 3).unwrap());
    let json = data_text("formats/events.json");
    scratch.write("events.json.gz", gzip(json.as_bytes()));
    scratch.write("events.log", gzip(json.as_bytes()));
    let expected = report(&scratch, &["events.csv"]);
    for name in ["events.csv.gz", "events.csv.zst", "events"] {
        assert_eq!(report(&scratch, &[name]).replace(name, "events.csv"), expected, "{name}");
    }
    let json_expected = report(&scratch, &["--input-format", "json", "events.json.gz"]);
    assert_eq!(report(&scratch, &["events.json.gz"]), json_expected);
    assert_eq!(
        report(&scratch, &["events.log"]).replace("events.log", "events.json.gz"),
        json_expected
    );
    // Maintenance files and stdin are decompressed too.
    scratch
        .write("maintenance.csv.gz", gzip(data_text("formats/maintenance_window.csv").as_bytes()));
    let with_maintenance = report(&scratch, &["events.csv", "--maintenance", "maintenance.csv.gz"]);
    let with_maintenance: serde_json::Value = serde_json::from_str(&with_maintenance).unwrap();
    assert_eq!(with_maintenance["services"][0]["seconds"]["under_maintenance"], 3600.0);
    let piped = run_in(&scratch.path(""), &["report", "-f", "json"], Some(&gzip(plain.as_bytes())));
    assert_eq!(piped.ok().replace("<stdin>", "events.csv"), expected);
}

#[test]
fn a_corrupt_compressed_file_is_an_error_naming_it() {
    let scratch = Scratch::new();
    let mut broken = gzip(data_text(EVENTS).as_bytes());
    broken.truncate(broken.len() / 2);
    scratch.write("events.csv.gz", broken);
    scratch.nines(&["report", "events.csv.gz"]).fails_mentioning("events.csv.gz", &[]);
}

#[test]
fn every_input_takes_process_substitution() {
    let command = format!(
        "cd {} && {NINES} report -f json <(cat {EVENTS}) --maintenance <(cat formats/maintenance_window.csv)",
        data_dir().display()
    );
    let output = std::process::Command::new("bash").arg("-c").arg(&command).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["services"][0]["seconds"]["under_maintenance"], 3600.0, "{report:#}");
}

#[test]
fn contracts_can_come_from_stdin() {
    let contracts = data_text("credits/thresholds.toml");
    let args = [
        "credits",
        "credits/october.csv",
        "--contracts",
        "-",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
        "--stale-after",
        "31d",
        "-f",
        "csv",
    ];
    let from_stdin = nines_with_stdin(&args, &contracts);
    let mut from_file = args.to_vec();
    from_file[3] = "credits/thresholds.toml";
    assert_eq!(from_stdin.ok(), nines(&from_file).ok());
    // Compressed, as every input may be.
    let scratch = Scratch::new();
    scratch.write("contracts.toml.gz", gzip(contracts.as_bytes()));
    let mut compressed = args.to_vec();
    compressed[1] = "october.csv";
    compressed[3] = "contracts.toml.gz";
    scratch.write("october.csv", data_text("credits/october.csv"));
    assert_eq!(scratch.nines(&compressed).ok(), nines(&from_file).ok());
    nines_with_stdin(&["credits", "-", "--contracts", "-", "--month", "2026-10"], &contracts)
        .fails_with("stdin (-) can be read only once");
    nines_with_stdin(&["credits", "--contracts", "-", "--month", "2026-10"], &contracts)
        .fails_with("the contracts come from stdin (--contracts -): name the event files");
}

#[test]
fn other_delimiters_are_read_when_named() {
    let plain = data_text(EVENTS);
    let scratch = Scratch::new();
    scratch.write("events.csv", &plain);
    scratch.write("semicolons.csv", plain.replace(',', ";"));
    scratch.write("tabs.tsv", plain.replace(',', "\t"));
    // A quoted field may hold the delimiter.
    scratch.write(
        "quoted.csv",
        "timestamp;service;status\n2026-10-01T00:00:00Z;\"a;b\";major_outage\n\
         2026-10-02T00:00:00Z;\"a;b\";operational\n",
    );
    let expected = report(&scratch, &["events.csv"]);
    let semicolons = report(&scratch, &["semicolons.csv", "--delimiter", ";"]);
    assert_eq!(semicolons.replace("semicolons.csv", "events.csv"), expected);
    let tabs = report(&scratch, &["tabs.tsv", "--input-format", "csv", "--delimiter", "tab"]);
    assert_eq!(tabs.replace("tabs.tsv", "events.csv"), expected);
    let quoted = report(&scratch, &["quoted.csv", "--delimiter", ";"]);
    assert!(quoted.contains("\"service\": \"a;b\""), "{quoted}");
    scratch.write("nines.toml", "delimiter = \";\"\n");
    assert_eq!(
        report(&scratch, &["semicolons.csv"]).replace("semicolons.csv", "events.csv"),
        expected
    );
    // Without it, a semicolon file has one column, and the message says what is missing.
    scratch.nines(&["report", "semicolons.csv", "--no-config"]).fails_mentioning(
        "semicolons.csv:1: missing column \"timestamp\"",
        &["the fields seem to be separated by ';': give --delimiter ';'"],
    );
    for (bad, why) in [(";;", "is not one character"), ("\"", "cannot separate fields")] {
        scratch
            .nines(&["report", "events.csv", "--delimiter", bad])
            .fails_mentioning("invalid value", &[why, "one ASCII character like ; or |, or tab"]);
    }
    scratch.write("nines.toml", "delimiter = \"ab\"\n");
    scratch
        .nines(&["report", "events.csv"])
        .fails_mentioning("nines.toml:1: delimiter", &["is not one character"]);
}
