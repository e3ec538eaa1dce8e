//! Any CSV or JSON by mapping: `--field ROLE=COLUMN` names the column (or key) of a field,
//! `--status-map VALUE=STATUS` the status a value stands for; both also in the config file.

use serde_json::Value;

use crate::common::*;

const MAPPED: &str = "time;host;state\n2026-10-01T00:00:00Z;api;green\n\
    2026-10-01T06:00:00Z;api;RED\n2026-10-01T07:00:00Z;api;green\n2026-10-02T00:00:00Z;api;green\n";

const MAPPING: [&str; 10] = [
    "--delimiter",
    ";",
    "--field",
    "timestamp=time",
    "--field",
    "service=host",
    "--field",
    "status=state",
    "--status-map",
    "red=major_outage",
];

fn scratch() -> Scratch {
    let scratch = Scratch::new();
    scratch.write("mapped.csv", MAPPED);
    scratch
}

fn major_outage_seconds(run: &Run) -> Value {
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    service(&report, "api")["seconds"]["major_outage"].clone()
}

#[test]
fn columns_and_values_are_read_as_mapped() {
    let scratch = scratch();
    // green is no status nines knows, so it is mapped too.
    let args =
        [&["report", "mapped.csv", "-f", "json"][..], &MAPPING, &["--status-map", "green=up"]];
    assert_eq!(major_outage_seconds(&scratch.nines(&args.concat())), 3600.0);
    // Mapped values are matched in any case; statuses not mapped are read as ever.
    scratch.write("mixed.csv", MAPPED.replace("green", "operational"));
    let args = [&["report", "mixed.csv", "-f", "json"][..], &MAPPING];
    assert_eq!(major_outage_seconds(&scratch.nines(&args.concat())), 3600.0);
}

#[test]
fn json_keys_are_mapped_too_and_errors_point_at_them() {
    let scratch = Scratch::new();
    scratch.write(
        "mapped.ndjson",
        "{\"time\":\"2026-10-01T00:00:00Z\",\"host\":\"api\",\"state\":\"RED\"}\n\
         {\"time\":\"2026-10-01T01:00:00Z\",\"host\":\"api\",\"state\":\"pink\"}\n",
    );
    let args = [
        "report",
        "mapped.ndjson",
        "--field",
        "timestamp=time",
        "--field",
        "service=host",
        "--field",
        "status=state",
        "--status-map",
        "red=major_outage",
    ];
    scratch
        .nines(&args)
        .fails_mentioning("mapped.ndjson:2:45: field \"status\": unknown status \"pink\"", &[]);
}

#[test]
fn a_mapped_column_that_is_not_there_is_named_with_its_field() {
    scratch()
        .nines(&["report", "mapped.csv", "--delimiter", ";", "--field", "timestamp=when"])
        .fails_with(
            "mapped.csv:1: missing column \"when\" (the header has \"time\", \"host\", \"state\"; \
             expected a header row with the columns when (the timestamp), service, status)",
        );
}

#[test]
fn bad_mappings_are_refused_on_the_command_line() {
    for (arg, value, message) in [
        (
            "--field",
            "time=x",
            "\"time\" is not a field (expected ROLE=COLUMN like timestamp=time, with ROLE one of timestamp, service, status, start, end, title)",
        ),
        ("--field", "timestamp", "\"timestamp\" has no '='"),
        ("--field", "timestamp=", "\"timestamp=\" names no column"),
        ("--status-map", "P1=broken", "\"broken\" is not a status"),
        ("--status-map", "=down", "\"=down\" names no value"),
    ] {
        scratch()
            .nines(&["report", "mapped.csv", arg, value])
            .fails_mentioning(&format!("invalid value '{value}' for '{arg} <"), &[message]);
    }
}

#[test]
fn the_config_file_maps_too_and_says_so() {
    let scratch = scratch();
    scratch.write(
        "nines.toml",
        "events = \"mapped.csv\"\ndelimiter = \";\"\n\
         [fields]\ntimestamp = \"time\"\nservice = \"host\"\nstatus = \"state\"\n\
         [status_map]\nred = \"major_outage\"\ngreen = \"operational\"\n",
    );
    assert_eq!(major_outage_seconds(&scratch.nines(&["report", "-f", "json"])), 3600.0);
    let config = scratch.nines(&["config", "--format", "csv"]);
    let text = config.ok();
    assert!(text.contains("fields.timestamp,time,nines.toml:4\n"), "{text}");
    assert!(text.contains("status_map.red,major_outage,nines.toml:8\n"), "{text}");
    // An option maps over the file.
    let args = ["report", "-f", "json", "--status-map", "red=degraded"];
    assert_eq!(major_outage_seconds(&scratch.nines(&args)), 0.0);
    scratch.write("nines.toml", "[fields]\ntime = \"t\"\n");
    scratch
        .nines(&["report", "mapped.csv"])
        .fails_mentioning("nines.toml:2: fields.time", &["timestamp"]);
    scratch.write("nines.toml", "[status_map]\nP1 = \"bad\"\n");
    scratch
        .nines(&["report", "mapped.csv"])
        .fails_mentioning("nines.toml:2: status_map.P1", &["is not a status"]);
}

#[test]
fn incident_lists_and_maintenance_files_are_mapped_alike() {
    let scratch = Scratch::new();
    scratch.write(
        "pagerduty.csv",
        "created_at,resolved_at,service_name,urgency\n\
         2026-10-01T10:00:00Z,2026-10-01T11:00:00Z,api,high\n",
    );
    let run = scratch.nines(&[
        "report",
        "pagerduty.csv",
        "--input-format",
        "incidents",
        "--field",
        "start=created_at",
        "--field",
        "end=resolved_at",
        "--field",
        "service=service_name",
        "--field",
        "status=urgency",
        "--status-map",
        "high=major_outage",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-02",
        "-f",
        "json",
    ]);
    assert_eq!(major_outage_seconds(&run), 3600.0);
}
