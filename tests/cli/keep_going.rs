//! `--keep-going`: every record that cannot be read is reported (the first 100 of a file),
//! skipped and counted; without it, the first one stops the run.

use crate::common::*;

const BAD_CSV: &str = "timestamp,service,status\n\
    2026-10-01T00:00:00Z,api,up\n\
    bad,api,up\n\
    2026-10-01T05:00:00Z,api,sideways\n\
    2026-10-01T06:00:00Z,api\n\
    2026-10-01T07:00:00Z,api,down\n\
    2026-10-02T00:00:00Z,api,up\n";

fn scratch() -> Scratch {
    let scratch = Scratch::new();
    scratch.write("bad.csv", BAD_CSV);
    scratch
}

#[test]
fn without_it_the_first_bad_record_stops_the_run() {
    scratch()
        .nines(&["report", "bad.csv"])
        .fails_mentioning("bad.csv:3: column \"timestamp\": invalid timestamp \"bad\"", &[]);
}

#[test]
fn with_it_each_bad_record_is_reported_and_skipped() {
    let run = scratch().nines(&["report", "bad.csv", "--keep-going", "-f", "json"]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        format!(
            "warning: skipped: bad.csv:3: column \"timestamp\": invalid timestamp \"bad\": not a \
             timestamp (expected {EXPECTED_TIMESTAMP})\n\
             warning: skipped: bad.csv:4: column \"status\": unknown status \"sideways\" \
             (expected {EXPECTED_STATUS})\n\
             warning: skipped: bad.csv:5: the row has 2 fields but the header has 3\n\
             warning: bad.csv: 3 records that could not be read were skipped (--keep-going)\n"
        )
    );
    // The good records are measured: api down from 07:00 to the end of the day.
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["services"][0]["seconds"]["major_outage"], 17.0 * 3600.0);
}

#[test]
fn json_and_ndjson_records_are_skipped_too() {
    let scratch = Scratch::new();
    scratch.write(
        "bad.ndjson",
        "{\"timestamp\":\"2026-10-01T00:00:00Z\",\"service\":\"api\",\"status\":\"up\"}\n\
         {\"timestamp\":\"2026-10-01T01:00:00Z\",\"service\":\"api\",\"status\":7}\n\
         {not json}\n\
         {\"timestamp\":\"2026-10-02T00:00:00Z\",\"service\":\"api\",\"status\":\"up\"}\n",
    );
    scratch.write(
        "bad.json",
        "[{\"timestamp\":\"2026-10-01T00:00:00Z\",\"service\":\"api\",\"status\":\"up\"},\n\
         {\"timestamp\":\"2026-10-01T01:00:00Z\",\"service\":\"api\"},\n\
         {\"timestamp\":\"2026-10-02T00:00:00Z\",\"service\":\"api\",\"status\":\"up\"}]\n",
    );
    let ndjson = scratch.nines(&["report", "bad.ndjson", "--keep-going", "-f", "json"]);
    ndjson.exits(0);
    assert_eq!(ndjson.stderr.lines().count(), 3, "{}", ndjson.stderr);
    assert!(ndjson.stderr.contains("warning: skipped: bad.ndjson:2:"), "{}", ndjson.stderr);
    assert!(ndjson.stderr.contains("warning: skipped: bad.ndjson:3:"), "{}", ndjson.stderr);
    assert!(
        ndjson.stderr.ends_with(
            "bad.ndjson: 2 records that could not be read were skipped (--keep-going)\n"
        )
    );
    let json = scratch.nines(&["report", "bad.json", "--keep-going", "-f", "json"]);
    json.exits(0);
    assert!(json.stderr.starts_with("warning: skipped: bad.json:2:"), "{}", json.stderr);
    assert!(json.stderr.contains("field \"status\": missing value"), "{}", json.stderr);
    // A document that is not JSON at all is not a record to skip.
    scratch.write("broken.json", "[{\"timestamp\":");
    scratch
        .nines(&["report", "broken.json", "--keep-going"])
        .fails_mentioning("broken.json:1:", &[]);
}

#[test]
fn the_first_hundred_are_shown_and_all_are_counted() {
    let mut text = String::from("timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    for _ in 0..150 {
        text.push_str("2026-10-01T01:00:00Z,api,sideways\n");
    }
    text.push_str("2026-10-02T00:00:00Z,api,up\n");
    let scratch = Scratch::new();
    scratch.write("many.csv", text);
    let run = scratch.nines(&["report", "many.csv", "--keep-going"]);
    run.exits(0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    // The first hundred, then the count of all.
    assert_eq!(lines.len(), 101, "{}", run.stderr);
    assert!(lines[99].starts_with("warning: skipped: many.csv:102:"), "{}", lines[99]);
    assert_eq!(
        lines[100],
        "warning: many.csv: 150 records that could not be read were skipped (--keep-going)"
    );
}

#[test]
fn maintenance_records_are_skipped_too_and_strict_fails_on_any() {
    let scratch = scratch();
    scratch.write(
        "maintenance.csv",
        "start,end,service\n2026-10-01T08:00:00Z,2026-10-01T09:00:00Z,api\nsoon,later,api\n",
    );
    let args = ["check", "bad.csv", "--maintenance", "maintenance.csv", "--keep-going"];
    let run = scratch.nines(&args);
    assert!(
        run.stderr
            .contains("warning: maintenance.csv: 1 record that could not be read was skipped"),
        "{}",
        run.stderr
    );
    let strict = scratch.nines(&[&args[..], &["--strict"]].concat());
    strict.exits(2);
    assert!(strict.stderr.ends_with("error: --strict makes these warnings a failure\n"));
    scratch.write("nines.toml", "keep_going = true\n");
    scratch.nines(&["report", "bad.csv"]).exits(0);
}
