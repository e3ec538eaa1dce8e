//! How `--from`, `--to`, `--now` and `--at` read an instant: a timestamp, or a calendar
//! period meaning its first instant in `--tz`; a bare number only with `--time-format unix`.

use serde_json::Value;

use crate::common::*;

/// The window `report --from FROM --to TO EXTRA` measures on formats/canonical.csv.
fn window_from(from: &str, extra: &[&str]) -> Value {
    let args = ["report", "formats/canonical.csv", "--from", from, "--to", "2027-02", "-f", "json"];
    let args = [&args[..], &["--stale-after", "200d"], extra].concat();
    nines(&args).json()["window"].clone()
}

#[test]
fn a_year_month_week_or_quarter_is_its_first_instant_in_the_zone() {
    for (from, start) in [
        ("2026", "2026-01-01T00:00:00Z"),
        ("2026-10", "2026-10-01T00:00:00Z"),
        ("2026-W43", "2026-10-19T00:00:00Z"),
        ("2026-Q4", "2026-10-01T00:00:00Z"),
        ("2026-10-05", "2026-10-05T00:00:00Z"),
    ] {
        assert_eq!(window_from(from, &[]), window(start, "2027-02-01T00:00:00Z"), "{from}");
    }
    // In Berlin, 2026 starts an hour before UTC's; February 2027 too.
    assert_eq!(
        window_from("2026", &["--tz", "Europe/Berlin"]),
        window("2025-12-31T23:00:00Z", "2027-01-31T23:00:00Z")
    );
}

#[test]
fn a_bare_number_is_refused_unless_the_time_format_is_unix() {
    nines(&["report", "formats/canonical.csv", "--from", "1790000000"]).fails_with(&format!(
        "--from \"1790000000\": a bare number: give --time-format unix to read it as Unix epoch \
         seconds (2026-09-21T14:13:20Z), or give {EXPECTED_INSTANT}"
    ));
    let unix = window_from("1790000000", &["--time-format", "unix"]);
    assert_eq!(unix["from"], "2026-09-21T14:13:20Z");
    // Under unix, four digits are seconds too: what --from 2026 meant before.
    let args = ["report", "formats/canonical.csv", "--time-format", "unix", "--to", "2026"];
    let run = nines(&[&args[..], &["--from", "0", "-f", "json"]].concat());
    assert!(run.stderr.starts_with("warning: the window ends at 1970-01-01T00:33:46Z"));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["window"], window("1970-01-01T00:00:00Z", "1970-01-01T00:33:46Z"));
    nines(&["burn", "formats/canonical.csv", "--at", "-5"])
        .fails_mentioning("--at \"-5\": a bare number", &["--time-format unix"]);
}

#[test]
fn the_time_format_can_be_set_in_the_config_file() {
    let scratch = Scratch::new();
    scratch.write("events.csv", data_text("formats/canonical.csv"));
    scratch.write("nines.toml", "time_format = \"unix\"\n");
    let run = scratch.nines(&["report", "events.csv", "--from", "1790000000", "-f", "json"]);
    assert_eq!(run.json()["window"]["from"], "2026-09-21T14:13:20Z");
    scratch.write("nines.toml", "time_format = \"epoch\"\n");
    scratch.nines(&["report", "events.csv"]).fails_with(
        "nines.toml:1: time_format \"epoch\" is unknown (expected \"auto\", \"unix\", \"unix_ms\" \
         or \"rfc3339\")",
    );
}

#[test]
fn a_period_that_does_not_exist_is_refused_with_the_reason() {
    nines(&["report", "formats/canonical.csv", "--from", "2026-W54"])
        .fails_mentioning("--from \"2026-W54\": ", &["2026 has ISO weeks 1 to 53, not 54"]);
}

#[test]
fn the_time_format_says_how_the_files_write_a_bare_number() {
    let scratch = Scratch::new();
    scratch.write(
        "ms.csv",
        "timestamp,service,status\n1790000000000,api,up\n1790003600000,api,down\n\
         1790007200000.4,api,up\n",
    );
    let run = scratch.nines(&["report", "ms.csv", "--time-format", "unix_ms", "-f", "json"]);
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(report["window"], window("2026-09-21T14:13:20Z", "2026-09-21T16:13:20Z"));
    assert_eq!(service(&report, "api")["seconds"]["major_outage"], 3600.0);
    // Read as seconds, the same numbers lie past the year 9999.
    scratch
        .nines(&["report", "ms.csv"])
        .fails_mentioning("ms.csv:2: column \"timestamp\"", &["9999"]);
    // JSON numbers too.
    scratch.write(
        "ms.ndjson",
        "{\"timestamp\":1790000000000,\"service\":\"api\",\"status\":\"up\"}\n\
         {\"timestamp\":1790003600000,\"service\":\"api\",\"status\":\"up\"}\n",
    );
    let ndjson = scratch.nines(&["report", "ms.ndjson", "--time-format", "unix_ms", "-f", "json"]);
    let report: serde_json::Value = serde_json::from_str(ndjson.ok()).unwrap();
    assert_eq!(report["window"]["from"], "2026-09-21T14:13:20Z");
    // rfc3339 refuses a bare number in the files.
    scratch.write("s.csv", "timestamp,service,status\n1790000000,api,up\n");
    scratch.nines(&["report", "s.csv", "--time-format", "rfc3339"]).fails_mentioning(
        "s.csv:2: column \"timestamp\": invalid timestamp \"1790000000\": a bare number, where \
         --time-format rfc3339 expects RFC 3339",
        &[],
    );
    // And the options read milliseconds under unix_ms.
    let args =
        ["report", "ms.csv", "--time-format", "unix_ms", "--from", "1790000001000", "-f", "json"];
    let report: serde_json::Value = serde_json::from_str(scratch.nines(&args).ok()).unwrap();
    assert_eq!(report["window"]["from"], "2026-09-21T14:13:21Z");
}
