//! The worked examples of docs/semantics.md, one test per rule, with the same inputs and the
//! same expected figures.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

/// Runs `nines report --format json` on `events` (CSV, given on stdin) and returns the JSON.
fn report(events: &str, args: &[&str]) -> Value {
    let output = Command::cargo_bin("nines")
        .unwrap()
        .args(["report", "--format", "json", "-"])
        .args(args)
        .write_stdin(events)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `nines check` on `events` (CSV on stdin) and asserts its exit code.
fn assert_check_exits(events: &str, code: i32) {
    Command::cargo_bin("nines")
        .unwrap()
        .args(["check", "-"])
        .write_stdin(events)
        .assert()
        .code(code);
}

fn service<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["service"] == name)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

#[test]
fn rule_1_an_event_holds_until_the_next_of_its_service() {
    let events = "timestamp,service,status
2026-10-01T12:00:00Z,api,operational
2026-10-01T10:00:00Z,api,operational
2026-10-01T11:00:00Z,api,major_outage
2026-10-01T11:30:00Z,web,major_outage
";
    let result = report(events, &[]);
    assert_eq!(result["window"]["from"], "2026-10-01T10:00:00Z");
    assert_eq!(result["window"]["to"], "2026-10-01T12:00:00Z");
    let api = service(&result, "api");
    assert_eq!(number(&api["seconds"]["major_outage"]), 3600.0);
    assert_eq!(number(&api["seconds"]["operational"]), 3600.0);
    assert_eq!(number(&api["availability_percent"]), 50.0);
}

#[test]
fn rule_1_for_one_instant_the_later_row_wins() {
    let events = "timestamp,service,status
2026-10-01T12:00:00Z,api,operational
2026-10-01T10:00:00Z,api,operational
2026-10-01T11:00:00Z,api,major_outage
2026-10-01T11:00:00Z,api,partial_outage
2026-10-01T11:30:00Z,web,major_outage
";
    let api = service(&report(events, &[]), "api").clone();
    assert_eq!(number(&api["seconds"]["partial_outage"]), 3600.0);
    assert_eq!(number(&api["seconds"]["major_outage"]), 0.0);
    assert_eq!(number(&api["downtime_seconds"]), 1080.0);
}

#[test]
fn rule_1_ties_across_files_go_to_the_later_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.csv");
    let second = dir.path().join("second.csv");
    fs::write(&first, "timestamp,service,status\n2026-10-01T10:00:00Z,api,operational\n2026-10-01T11:00:00Z,api,major_outage\n2026-10-01T12:00:00Z,api,operational\n").unwrap();
    fs::write(&second, "timestamp,service,status\n2026-10-01T11:00:00Z,api,partial_outage\n")
        .unwrap();
    let output = Command::cargo_bin("nines")
        .unwrap()
        .args(["report", "--format", "json"])
        .arg(&first)
        .arg(&second)
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(number(&service(&result, "api")["downtime_seconds"]), 1080.0);
}

#[test]
fn rule_2_before_its_first_event_a_service_is_operational() {
    let events = "timestamp,service,status
2026-10-01T10:00:00Z,web,operational
2026-10-01T11:00:00Z,api,degraded_performance
2026-10-01T12:00:00Z,web,operational
";
    let api = service(&report(events, &[]), "api").clone();
    assert_eq!(number(&api["downtime_seconds"]), 360.0);
    let down_before = report(events, &["--initial-status", "major_outage"]);
    assert_eq!(number(&service(&down_before, "api")["downtime_seconds"]), 3960.0);
}

#[test]
fn rule_3_events_before_the_window_set_its_first_status() {
    let events = "timestamp,service,status
2026-09-30T22:00:00Z,api,major_outage
2026-10-01T01:00:00Z,api,operational
2026-09-15T00:00:00Z,db,partial_outage
";
    let result = report(events, &["--from", "2026-10-01", "--to", "2026-10-02"]);
    assert_eq!(result["window"]["from"], "2026-10-01T00:00:00Z");
    assert_eq!(result["window"]["to"], "2026-10-02T00:00:00Z");
    assert_eq!(number(&service(&result, "api")["seconds"]["major_outage"]), 3600.0);
    let db = service(&result, "db");
    assert_eq!(number(&db["downtime_seconds"]), 25920.0);
    assert_eq!(number(&db["availability_percent"]), 70.0);
}

#[test]
fn rule_3_dates_are_midnight_in_the_time_zone() {
    let events = "timestamp,service,status\n2026-10-01T00:00:00Z,api,operational\n";
    let result =
        report(events, &["--tz", "Europe/Berlin", "--from", "2026-10-01", "--to", "2026-10-02"]);
    assert_eq!(result["window"]["from"], "2026-09-30T22:00:00Z");
    assert_eq!(result["time_zone"], "Europe/Berlin");
}

#[test]
fn rule_4_maintenance_is_excluded() {
    let events = "timestamp,service,status
2026-10-01T10:00:00Z,db,operational
2026-10-01T11:00:00Z,db,major_outage
2026-10-01T13:00:00Z,db,under_maintenance
2026-10-01T14:00:00Z,db,operational
";
    let dir = tempfile::tempdir().unwrap();
    let maintenance = dir.path().join("maintenance.csv");
    fs::write(&maintenance, "start,end,service\n2026-10-01T12:00:00Z,2026-10-01T12:30:00Z,db\n")
        .unwrap();
    let result = report(events, &["--maintenance", maintenance.to_str().unwrap()]);
    let db = service(&result, "db");
    assert_eq!(number(&db["seconds"]["major_outage"]), 5400.0);
    assert_eq!(number(&db["seconds"]["under_maintenance"]), 5400.0);
    assert_eq!(number(&db["excluded_seconds"]), 5400.0);
    assert_eq!(number(&db["counted_seconds"]), 9000.0);
    assert_eq!(number(&db["availability_percent"]), 40.0);
}

/// The day of rules 5 and 6: 1 h degraded, 1 h partial, 1 h major, 21 h operational.
const MIXED_DAY: &str = "timestamp,service,status
2026-10-01T00:00:00Z,api,degraded_performance
2026-10-01T01:00:00Z,api,partial_outage
2026-10-01T02:00:00Z,api,major_outage
2026-10-01T03:00:00Z,api,operational
2026-10-02T00:00:00Z,api,operational
";

#[test]
fn rule_5_weighted_downtime_under_each_preset() {
    let cases: [(&[&str], f64); 4] = [
        (&[], 5040.0),
        (&["--weights", "statuspage"], 4680.0),
        (&["--weights", "binary"], 7200.0),
        (&["--weight", "degraded=0.5"], 6480.0),
    ];
    for (args, downtime) in cases {
        let result = report(MIXED_DAY, args);
        assert_eq!(number(&service(&result, "api")["downtime_seconds"]), downtime, "{args:?}");
    }
}

#[test]
fn rule_6_availability_and_its_absence() {
    let api = service(&report(MIXED_DAY, &[]), "api").clone();
    let expected = 100.0 * (1.0 - 5040.0 / 86400.0);
    assert!((number(&api["availability_percent"]) - expected).abs() < 1e-9);

    let all_maintenance = "timestamp,service,status
2026-10-01T10:00:00Z,db,under_maintenance
2026-10-01T11:00:00Z,db,under_maintenance
";
    let db = service(&report(all_maintenance, &[]), "db").clone();
    assert_eq!(db["availability_percent"], Value::Null);
    assert_eq!(db["slo_met"], Value::Null);
    assert_check_exits(all_maintenance, 0);
}

#[test]
fn rule_7_exactly_at_the_objective_meets_it() {
    let at_objective = "timestamp,service,status
2026-10-01T00:00:00Z,api,major_outage
2026-10-01T00:07:12Z,api,operational
2026-10-02T00:00:00Z,api,operational
";
    let api = service(&report(at_objective, &[]), "api").clone();
    assert_eq!(number(&api["availability_percent"]), 99.5);
    assert_eq!(api["slo_met"], true);
    assert_eq!(number(&api["error_budget_seconds"]), 432.0);
    assert_eq!(number(&api["error_budget_remaining_seconds"]), 0.0);

    let one_second_more = at_objective.replace("00:07:12Z", "00:07:13Z");
    let api = service(&report(&one_second_more, &[]), "api").clone();
    assert_eq!(api["slo_met"], false);
    assert_eq!(number(&api["error_budget_remaining_seconds"]), -1.0);
    assert_check_exits(&one_second_more, 1);
}

#[test]
fn fractions_are_kept_to_the_millisecond() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,major_outage
2026-10-01T00:00:01.2345Z,api,operational
1790812802.5,api,operational
";
    let api = service(&report(events, &[]), "api").clone();
    assert_eq!(number(&api["seconds"]["major_outage"]), 1.235);
}

#[test]
fn service_names_are_taken_as_written() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,major_outage
2026-10-01T01:00:00Z,API,operational
2026-10-01T02:00:00Z,api,operational
";
    let result = report(events, &[]);
    assert_eq!(result["services"].as_array().unwrap().len(), 2);
    // The event of `API` at 01:00 does not end `api`'s outage.
    assert_eq!(number(&service(&result, "api")["seconds"]["major_outage"]), 7200.0);
    assert_eq!(number(&service(&result, "API")["seconds"]["major_outage"]), 0.0);
}

#[test]
fn rule_3_a_date_is_the_first_instant_of_its_day() {
    // Santiago's clocks skip from midnight to 01:00 on 2026-09-06 (UTC-4 to UTC-3).
    let events = "timestamp,service,status\n2026-09-01T00:00:00Z,api,operational\n";
    let result =
        report(events, &["--tz", "America/Santiago", "--from", "2026-09-06", "--to", "2026-09-07"]);
    assert_eq!(result["window"]["from"], "2026-09-06T04:00:00Z");
    assert_eq!(result["window"]["to"], "2026-09-07T03:00:00Z");
}
