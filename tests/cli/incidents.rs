//! Incident lists (`--input-format incidents`): a service is operational outside its
//! incidents, the most severe of overlapping incidents wins, an open incident lasts to the
//! window's end, and maintenance rows are maintenance windows.

use serde_json::{Value, json};

use crate::common::*;

const DAY: [&str; 6] =
    ["--input-format", "incidents", "--from", "2026-10-01", "--to", "2026-10-02"];

fn day_report(file: &str, extra: &[&str]) -> Value {
    let args = [&["report", file, "-f", "json"][..], &DAY, extra].concat();
    nines(&args).json()
}

/// The worked example of docs/semantics.md, rule 19.
#[test]
fn incidents_become_statuses_the_worst_winning_where_they_overlap() {
    let report = day_report("incidents/day.csv", &[]);
    // api: major 10:00–12:00 (over the degraded one from 11:00), degraded 12:00–14:00:
    // 7,200 + 0.1 × 7,200 = 7,920 s.
    let api = service(&report, "api");
    assert_eq!(api["seconds"]["major_outage"], 7200.0);
    assert_eq!(api["seconds"]["degraded_performance"], 7200.0);
    assert_eq!(api["downtime_seconds"], 7920.0);
    // web: an open partial outage from 20:00 to the window's end: 0.3 × 14,400 = 4,320 s.
    assert_eq!(service(&report, "web")["downtime_seconds"], 4320.0);
    // db: maintenance 02:00–04:00 left out, a major outage (no status given) 05:00–06:00.
    let db = service(&report, "db");
    assert_eq!(db["seconds"]["under_maintenance"], 7200.0);
    assert_eq!(
        (db["downtime_seconds"].clone(), db["counted_seconds"].clone()),
        (json!(3600.0), json!(79200.0))
    );
    // The same rows as NDJSON give the same figures.
    let ndjson = day_report("incidents/day.ndjson", &[]);
    assert_eq!(ndjson["services"], report["services"]);
}

#[test]
fn a_service_known_only_by_its_maintenance_is_reported_up_around_it() {
    let scratch = Scratch::new();
    scratch.write(
        "incidents.csv",
        "start,end,service,status\n2026-10-01T02:00:00Z,2026-10-01T04:00:00Z,cache,maintenance\n",
    );
    let run = scratch.nines(&[&["report", "incidents.csv", "-f", "json"][..], &DAY].concat());
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    let cache = service(&report, "cache");
    assert_eq!(cache["availability_percent"], 100.0);
    assert_eq!(cache["seconds"]["under_maintenance"], 7200.0);
}

#[test]
fn an_incident_list_is_never_stale() {
    // The last incident ended a month before the window's end: the services were up since.
    let run = nines(&[
        "check",
        "incidents/day.csv",
        "--input-format",
        "incidents",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
        "--strict",
        "--slo",
        "50",
    ]);
    run.exits(0);
    assert_eq!(run.stderr, "");
}

#[test]
fn the_format_can_be_set_in_the_config_file() {
    let scratch = Scratch::new();
    scratch.write("day.csv", data_text("incidents/day.csv"));
    scratch.write("nines.toml", "events = \"day.csv\"\ninput_format = \"incidents\"\n");
    let run =
        scratch.nines(&["report", "--from", "2026-10-01", "--to", "2026-10-02", "-f", "json"]);
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(service(&report, "api")["downtime_seconds"], 7920.0);
    scratch.write("nines.toml", "input_format = \"pagerduty\"\n");
    scratch.nines(&["report", "day.csv"]).fails_with(
        "nines.toml:1: input_format \"pagerduty\" is not a format nines reads (expected \"csv\", \
         \"json\", \"ndjson\" or \"incidents\")",
    );
}

#[test]
fn bad_incidents_name_the_file_line_and_field() {
    let scratch = Scratch::new();
    let header = "start,end,service,status\n";
    for (rows, message) in [
        (
            "2026-10-01T12:00:00Z,2026-10-01T10:00:00Z,api,major_outage\n",
            "bad.csv:2: column \"end\": \"2026-10-01T10:00:00Z\" is not after the start \
             \"2026-10-01T12:00:00Z\" (an incident must end after it starts)",
        ),
        (
            "2026-10-01T10:00:00Z,,api,sideways\n",
            "bad.csv:2: column \"status\": unknown status \"sideways\"",
        ),
        ("2026-10-01T10:00:00Z,,,major_outage\n", "bad.csv:2: column \"service\": missing"),
        ("soon,,api,major_outage\n", "bad.csv:2: column \"start\": invalid timestamp \"soon\""),
    ] {
        scratch.write("bad.csv", format!("{header}{rows}"));
        scratch
            .nines(&["report", "bad.csv", "--input-format", "incidents"])
            .fails_mentioning(message, &[]);
    }
    scratch.write("events.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    scratch.nines(&["report", "events.csv", "--input-format", "incidents"]).fails_mentioning(
        "events.csv:1: missing column \"start\"",
        &["start, end, service, status, title"],
    );
}

#[test]
fn keep_going_skips_bad_incidents() {
    let scratch = Scratch::new();
    scratch.write(
        "some_bad.csv",
        "start,end,service,status\n2026-10-01T10:00:00Z,2026-10-01T11:00:00Z,api,down\n\
         2026-10-01T12:00:00Z,2026-10-01T10:00:00Z,api,down\n",
    );
    let args = ["report", "some_bad.csv", "--keep-going", "-f", "json"];
    let run = scratch.nines(&[&args[..], &DAY].concat());
    run.exits(0);
    assert!(
        run.stderr.contains("warning: skipped: some_bad.csv:3: column \"end\""),
        "{}",
        run.stderr
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(service(&report, "api")["downtime_seconds"], 3600.0);
}
