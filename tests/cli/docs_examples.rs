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

/// Writes `contents` to a file in a new temporary directory, kept alive by the returned guard.
fn scratch_file(name: &str, contents: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, contents).unwrap();
    (dir, path.to_str().unwrap().to_owned())
}

/// Asserts a row's counted seconds, downtime, availability and budget.
fn assert_row(row: &Value, counted: f64, downtime: f64, availability: f64, budget: f64) {
    assert_eq!(number(&row["counted_seconds"]), counted, "counted of {row:#}");
    assert_eq!(number(&row["downtime_seconds"]), downtime, "downtime of {row:#}");
    assert!(
        (number(&row["availability_percent"]) - availability).abs() < 1e-9,
        "availability of {row:#}"
    );
    assert_eq!(number(&row["error_budget_seconds"]), budget, "budget of {row:#}");
}

/// Asserts a row's incidents: count, total, longest, mttr and mtbf (None for null).
fn assert_incidents(row: &Value, count: u64, total: f64, longest: f64, means: Option<(f64, f64)>) {
    let incidents = &row["incidents"];
    assert_eq!(incidents["count"].as_u64(), Some(count), "{incidents}");
    assert_eq!(number(&incidents["total_seconds"]), total, "{incidents}");
    assert_eq!(number(&incidents["longest_seconds"]), longest, "{incidents}");
    match means {
        Some((mttr, mtbf)) => {
            assert_eq!(number(&incidents["mttr_seconds"]), mttr, "{incidents}");
            assert_eq!(number(&incidents["mtbf_seconds"]), mtbf, "{incidents}");
        }
        None => {
            assert_eq!(incidents["mttr_seconds"], Value::Null, "{incidents}");
            assert_eq!(incidents["mtbf_seconds"], Value::Null, "{incidents}");
        }
    }
}

/// The example of rules 8 and 12: an outage across the end of October.
const MONTH_END: &str = "timestamp,service,status
2026-10-30T12:00:00Z,api,operational
2026-10-31T23:00:00Z,api,major_outage
2026-11-01T01:00:00Z,api,operational
2026-11-02T00:00:00Z,api,operational
";

#[test]
fn rule_8_each_calendar_period_is_measured_and_cut_periods_are_partial() {
    let result = report(MONTH_END, &["--period", "month"]);
    assert_eq!(result["period"], "month");
    assert_eq!(result["window"]["from"], "2026-10-30T12:00:00Z");
    assert_eq!(result["window"]["to"], "2026-11-02T00:00:00Z");
    let api = service(&result, "api");
    let periods = api["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    let expected = [
        ("2026-10", "2026-10-30T12:00:00Z", "2026-11-01T00:00:00Z", 129_600.0, 648.0),
        ("2026-11", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 86_400.0, 432.0),
    ];
    for (row, (period, from, to, counted, budget)) in periods.iter().zip(expected) {
        assert_eq!(row["period"], period);
        assert_eq!(row["from"], from);
        assert_eq!(row["to"], to);
        assert_eq!(row["partial"], true);
        assert_eq!(number(&row["seconds"]["major_outage"]), 3600.0);
        assert_row(row, counted, 3600.0, 100.0 * (1.0 - 3600.0 / counted), budget);
    }
    assert_row(api, 216_000.0, 7200.0, 100.0 * (1.0 - 7200.0 / 216_000.0), 1080.0);
}

#[test]
fn rule_9_calendar_windows_are_cut_at_now_and_last_ends_at_to_or_now() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-20T06:00:00Z,api,major_outage
2026-10-20T06:30:00Z,api,operational
";
    let now = "2026-10-20T12:00:00Z";
    // The window, then api's counted seconds, downtime and budget left.
    let assert_window = |args: &[&str], from: &str, to: &str, figures: [f64; 3]| {
        let result = report(events, args);
        assert_eq!(result["window"]["from"], from, "{args:?}");
        assert_eq!(result["window"]["to"], to, "{args:?}");
        let api = service(&result, "api");
        let found = ["counted_seconds", "downtime_seconds", "error_budget_remaining_seconds"]
            .map(|field| number(&api[field]));
        assert_eq!(found, figures, "{args:?}");
    };
    let october = "2026-10-01T00:00:00Z";
    assert_window(
        &["--month", "2026-10", "--now", now],
        october,
        now,
        [1_684_800.0, 1800.0, 6624.0],
    );
    let monday = "2026-10-19T00:00:00Z";
    assert_window(&["--week", "2026-W43", "--now", now], monday, now, [129_600.0, 1800.0, -1152.0]);
    let day = ["--day", "2026-10-19", "--now", now];
    assert_window(&day, monday, "2026-10-20T00:00:00Z", [86_400.0, 0.0, 432.0]);
    let noon = "2026-10-19T12:00:00Z";
    assert_window(&["--last", "1d", "--now", now], noon, now, [86_400.0, 1800.0, -1368.0]);
    let last = ["--last", "12h", "--to", "2026-10-20"];
    assert_window(&last, noon, "2026-10-20T00:00:00Z", [43_200.0, 0.0, 216.0]);

    let output = Command::cargo_bin("nines")
        .unwrap()
        .args(["report", "-", "--month", "2026-11", "--now", now])
        .write_stdin(events)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: --month 2026-11 has not begun: it starts at 2026-11-01T00:00:00Z, and now is \
         2026-10-20T12:00:00Z\n"
    );
}

#[test]
fn rule_10_periods_are_as_long_as_the_clocks_make_them() {
    let events = "timestamp,service,status
2026-03-29T00:00:00+01:00,api,operational
2026-03-29T12:00:00+02:00,api,degraded_performance
2026-03-29T13:00:00+02:00,api,operational
2026-10-25T02:30:00+02:00,api,major_outage
2026-10-25T02:30:00+01:00,api,operational
";
    let berlin = ["--tz", "Europe/Berlin", "--now", "2026-11-15"];
    let october = report(events, &[&berlin[..], &["--month", "2026-10"]].concat());
    assert_eq!(october["window"]["from"], "2026-09-30T22:00:00Z");
    assert_eq!(october["window"]["to"], "2026-10-31T23:00:00Z");
    let api = service(&october, "api");
    assert_eq!(number(&api["seconds"]["major_outage"]), 3600.0);
    assert_row(api, 2_682_000.0, 3600.0, 100.0 * (1.0 - 3600.0 / 2_682_000.0), 13_410.0);
    assert_eq!(number(&api["error_budget_remaining_seconds"]), 9810.0);

    let spring = report(events, &[&berlin[..], &["--day", "2026-03-29"]].concat());
    assert_eq!(spring["window"]["from"], "2026-03-28T23:00:00Z");
    assert_eq!(spring["window"]["to"], "2026-03-29T22:00:00Z");
    let api = service(&spring, "api");
    assert_row(api, 82_800.0, 360.0, 100.0 * (1.0 - 360.0 / 82_800.0), 414.0);
    assert_eq!(number(&api["error_budget_remaining_seconds"]), 54.0);
    assert_eq!(api["slo_met"], true);
}

#[test]
fn rule_11_budget_used_and_burn_rate() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-01T12:00:00Z,api,major_outage
2026-10-01T12:03:36Z,api,operational
2026-10-02T00:00:00Z,api,operational
";
    for (slo, budget, used, burn) in [("99.5", 432.0, 50.0, 0.5), ("99.9", 86.4, 250.0, 2.5)] {
        let result = report(events, &["--slo", slo]);
        let api = service(&result, "api");
        assert_eq!(number(&api["error_budget_seconds"]), budget, "{slo}");
        assert_eq!(number(&api["error_budget_consumed_percent"]), used, "{slo}");
        assert_eq!(number(&api["burn_rate"]), burn, "{slo}");
    }
    let result = report(events, &["--slo", "100"]);
    let api = service(&result, "api");
    assert_eq!(number(&api["error_budget_seconds"]), 0.0);
    assert_eq!(api["error_budget_consumed_percent"], Value::Null);
    assert_eq!(api["burn_rate"], Value::Null);
}

/// The example of rules 12 and 13, and its maintenance.
const INCIDENTS: &str = "timestamp,service,status
2026-10-01T10:00:00Z,api,operational
2026-10-01T10:10:00Z,api,degraded_performance
2026-10-01T10:15:00Z,api,major_outage
2026-10-01T10:20:00Z,api,operational
2026-10-01T11:00:00Z,api,partial_outage
2026-10-01T11:30:00Z,api,operational
2026-10-01T12:00:00Z,api,major_outage
2026-10-01T12:40:00Z,api,operational
2026-10-01T13:00:00Z,api,operational
";
const INCIDENTS_MAINTENANCE: &str =
    "start,end,service\n2026-10-01T12:20:00Z,2026-10-01T12:30:00Z,api\n";

#[test]
fn rule_12_incidents_and_maintenance_ending_one() {
    let (_dir, maintenance) = scratch_file("maintenance.csv", INCIDENTS_MAINTENANCE);
    let result = report(INCIDENTS, &["--maintenance", &maintenance]);
    let api = service(&result, "api");
    assert_eq!(number(&api["excluded_seconds"]), 600.0);
    assert_eq!(number(&api["counted_seconds"]), 10_200.0);
    assert_incidents(api, 4, 4200.0, 1800.0, Some((1050.0, 1500.0)));

    let statuspage = report(INCIDENTS, &["--maintenance", &maintenance, "--weights", "statuspage"]);
    assert_incidents(service(&statuspage, "api"), 4, 3900.0, 1800.0, Some((975.0, 1575.0)));

    // Rule 8's example: the outage across midnight is an incident in each month.
    let by_month = report(MONTH_END, &["--period", "month"]);
    let api = service(&by_month, "api");
    assert_incidents(api, 1, 7200.0, 7200.0, Some((7200.0, 208_800.0)));
    for period in api["periods"].as_array().unwrap() {
        let up = number(&period["counted_seconds"]) - 3600.0;
        assert_incidents(period, 1, 3600.0, 3600.0, Some((3600.0, up)));
    }
}

#[test]
fn rule_13_incidents_shorter_than_the_minimum_count_as_operational() {
    let (_dir, maintenance) = scratch_file("maintenance.csv", INCIDENTS_MAINTENANCE);
    let plain = report(INCIDENTS, &["--maintenance", &maintenance]);
    assert_eq!(number(&service(&plain, "api")["downtime_seconds"]), 2670.0);

    let result = report(INCIDENTS, &["--maintenance", &maintenance, "--min-incident", "15m"]);
    assert_eq!(number(&result["min_incident_seconds"]), 900.0);
    let api = service(&result, "api");
    assert_eq!(number(&api["seconds"]["operational"]), 7200.0);
    assert_eq!(number(&api["seconds"]["degraded_performance"]), 0.0);
    assert_eq!(number(&api["seconds"]["partial_outage"]), 1800.0);
    assert_eq!(number(&api["seconds"]["major_outage"]), 1200.0);
    assert_row(api, 10_200.0, 1740.0, 100.0 * (1.0 - 1740.0 / 10_200.0), 51.0);
    assert_incidents(api, 2, 3000.0, 1800.0, Some((1500.0, 3600.0)));

    let cut = report(
        INCIDENTS,
        &["--maintenance", &maintenance, "--min-incident", "15m", "--to", "2026-10-01T12:10:00Z"],
    );
    let api = service(&cut, "api");
    assert_eq!(number(&api["downtime_seconds"]), 540.0);
    assert_eq!(api["incidents"]["count"], 1);
}

#[test]
fn rule_14_slots_take_the_worst_status_of_their_counted_part() {
    let events = "timestamp,service,status
2026-10-01T10:00:00Z,api,operational
2026-10-01T10:02:30Z,api,degraded_performance
2026-10-01T10:03:00Z,api,major_outage
2026-10-01T10:03:10Z,api,operational
2026-10-01T10:11:00Z,api,major_outage
2026-10-01T10:12:00Z,api,operational
2026-10-01T10:18:00Z,api,degraded_performance
2026-10-01T10:19:00Z,api,operational
2026-10-01T10:20:00Z,api,operational
";
    let (_dir, maintenance) = scratch_file(
        "maintenance.csv",
        "start,end,service\n2026-10-01T10:10:00Z,2026-10-01T10:17:00Z,api\n",
    );
    let plain = report(events, &["--maintenance", &maintenance]);
    assert_row(service(&plain, "api"), 780.0, 19.0, 100.0 * (1.0 - 19.0 / 780.0), 3.9);

    let slotted = report(events, &["--maintenance", &maintenance, "--granularity", "5m"]);
    assert_eq!(number(&slotted["granularity_seconds"]), 300.0);
    let api = service(&slotted, "api");
    assert_eq!(number(&api["seconds"]["major_outage"]), 300.0);
    assert_eq!(number(&api["seconds"]["degraded_performance"]), 300.0);
    assert_eq!(number(&api["seconds"]["operational"]), 300.0);
    assert_eq!(number(&api["excluded_seconds"]), 300.0);
    assert_row(api, 900.0, 330.0, 100.0 * (1.0 - 330.0 / 900.0), 4.5);
    assert_incidents(api, 2, 600.0, 300.0, Some((300.0, 150.0)));

    let window = |from: &str| {
        let from = format!("2026-10-01T{from}Z");
        let args = ["--maintenance", &maintenance, "--granularity", "5m", "--from", &from, "--to"];
        report(events, &[&args[..], &["2026-10-01T10:18:00Z"]].concat())
    };
    let cut = window("10:02:00");
    let api = service(&cut, "api");
    assert_eq!(number(&api["seconds"]["major_outage"]), 180.0);
    assert_eq!(number(&api["seconds"]["operational"]), 480.0);
    assert_row(api, 660.0, 180.0, 100.0 * (1.0 - 180.0 / 660.0), 3.3);
    let later = window("10:03:30");
    assert_eq!(number(&service(&later, "api")["downtime_seconds"]), 0.0);
}

#[test]
fn rule_14_a_slot_across_a_periods_edge_is_judged_once_and_split() {
    // Days in Asia/Kolkata begin at 18:30 UTC, in the middle of a 1h slot aligned to UTC. The
    // outage at 18:50 UTC is on 2 October there, but its slot, 18:00–19:00, is down as a
    // whole, and each day gets its half.
    let events = "timestamp,service,status
2026-09-30T18:30:00Z,api,operational
2026-10-01T18:50:00Z,api,major_outage
2026-10-01T18:51:00Z,api,operational
";
    let args = ["--tz", "Asia/Kolkata", "--from", "2026-10-01", "--to", "2026-10-03"];
    let slotted =
        report(events, &[&args[..], &["--granularity", "1h", "--period", "day"]].concat());
    let api = service(&slotted, "api");
    let periods = api["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    for (period, day) in periods.iter().zip(["2026-10-01", "2026-10-02"]) {
        assert_eq!(period["period"], day);
        assert_eq!(number(&period["seconds"]["major_outage"]), 1800.0, "{day}");
        assert_eq!(number(&period["incidents"]["count"]), 1.0, "{day}");
    }
    assert_eq!(number(&api["seconds"]["major_outage"]), 3600.0);
    assert_eq!(number(&api["incidents"]["count"]), 1.0);
}

#[test]
fn rule_15_check_period_judges_every_period() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-01T00:00:00Z,web,operational
2026-10-15T00:00:00Z,api,major_outage
2026-10-15T04:00:00Z,api,operational
2026-12-01T00:00:00Z,api,operational
2026-12-01T00:00:00Z,web,operational
";
    assert_check_exits(events, 0);
    let output = Command::cargo_bin("nines")
        .unwrap()
        .args(["check", "-", "--period", "month"])
        .write_stdin(events)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "api: availability 99.462% in 2026-10 is below the SLO of 99.5%: 4h of weighted \
         downtime, 16m 48s over the error budget of 3h 43m 12s\n\
         1 of 2 services misses the SLO of 99.5% in at least one month from 2026-10-01T00:00:00Z to \
         2026-12-01T00:00:00Z\n"
    );
    let whole = report(events, &[]);
    let api = service(&whole, "api");
    assert_eq!(number(&api["error_budget_seconds"]), 26_352.0);
    assert_eq!(api["slo_met"], true);
}

#[test]
fn rule_16_burn_rate_alerts_need_both_windows() {
    let events = "timestamp,service,status
2026-10-28T00:00:00Z,api,operational
2026-10-28T00:00:00Z,db,operational
2026-10-31T00:00:00Z,db,degraded_performance
2026-10-31T11:50:00Z,api,major_outage
2026-10-31T12:00:00Z,api,major_outage
";
    let burn = |args: &[&str]| {
        Command::cargo_bin("nines")
            .unwrap()
            .args(["burn", "-", "--slo", "99"])
            .args(args)
            .write_stdin(events)
            .output()
            .unwrap()
    };
    let table = burn(&[]);
    assert_eq!(table.status.code(), Some(1));
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains(
        "│ api     ┆ 100.00 ┆ 33.33 ┆ 16.66 ┆  2.77 ┆ 0.23 ┆ P1    │\n\
         │ db      ┆  10.00 ┆ 10.00 ┆ 10.00 ┆ 10.00 ┆ 1.66 ┆ P2    │\n"
    ));
    assert!(table.starts_with("At:      2026-10-31T12:00:00Z (UTC)\n"));

    let relaxed = burn(&["--alert", "P1=1h,5m,20", "--format", "json"]);
    assert_eq!(relaxed.status.code(), Some(1), "db's P2 still pages");
    let relaxed: Value = serde_json::from_slice(&relaxed.stdout).unwrap();
    let api = service(&relaxed, "api");
    assert_eq!(api["firing"], Value::Null);
    assert_eq!(number(&api["burn_rates"]["1h"]), 50.0 / 3.0);
    assert_eq!(service(&relaxed, "db")["firing"], "P2");
}

/// The events of rule 17's worked examples: `api` down 40,176 s on 2026-10-20, 98.5 % of
/// October 2026 in UTC.
const CREDIT_EVENTS: &str = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-20T00:00:00Z,api,major_outage
2026-10-20T11:09:36Z,api,operational
";

/// The contract of rule 17's worked examples, with `extra` lines added.
fn acme(extra: &str) -> String {
    format!(
        r#"[[customer]]
name = "Acme GmbH"
services = ["api"]
tiers = [ {{ below = "99.5", credit_percent = "10" }},
          {{ below = "99.0", credit_percent = "30" }},
          {{ below = "95.0", credit_percent = "100" }} ]
monthly_fee = "1000.15"
currency = "EUR"
{extra}"#
    )
}

/// Runs `nines COMMAND - --contracts CONTRACTS --month 2026-10` (settled in November) on
/// `events` (CSV on stdin).
fn settle(command: &str, events: &str, contracts: &str, args: &[&str]) -> std::process::Output {
    let (_dir, path) = scratch_file("contracts.toml", contracts);
    Command::cargo_bin("nines")
        .unwrap()
        .args([command, "-", "--contracts", &path, "--month", "2026-10", "--now", "2026-11-15"])
        .args(args)
        .write_stdin(events)
        .output()
        .unwrap()
}

/// The first credit of `nines credits --format json` on `events` under `contracts`.
fn first_credit(events: &str, contracts: &str) -> Value {
    let output = settle("credits", events, contracts, &["--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["credits"][0].clone()
}

#[test]
fn rule_17_the_lowest_threshold_under_and_the_money_rounded_either_way() {
    let credit = first_credit(CREDIT_EVENTS, &acme(""));
    assert_eq!(credit["availability_percent"], "98.5");
    assert_eq!(credit["tier_below_percent"], "99.0");
    assert_eq!(credit["credit_percent"], "30");
    assert_eq!(credit["uncapped_credit"], "300.045");
    assert_eq!(credit["credit_amount"], "300.05");
    let even = first_credit(CREDIT_EVENTS, &acme("rounding = \"half-even\"\n"));
    assert_eq!(even["credit_amount"], "300.04");
}

#[test]
fn rule_17_a_term_starting_in_the_month_shortens_the_measure_and_prorates_the_fee() {
    let credit = first_credit(CREDIT_EVENTS, &acme("start = \"2026-10-10\"\n"));
    assert_eq!(credit["from"], "2026-10-10T00:00:00Z");
    assert_eq!(credit["to"], "2026-11-01T00:00:00Z");
    let availability: f64 = credit["availability_percent"].as_str().unwrap().parse().unwrap();
    assert!((availability - 100.0 * (1.0 - 40_176.0 / 1_900_800.0)).abs() < 1e-12);
    assert_eq!(credit["credit_percent"], "30");
    assert_eq!(credit["term_fraction"], "0.7096774193548387096774193548");
    let prorated: f64 = credit["prorated_fee"].as_str().unwrap().parse().unwrap();
    assert!((prorated - 1000.15 * 22.0 / 31.0).abs() < 1e-9);
    assert_eq!(credit["credit_amount"], "212.94");
}

#[test]
fn rule_17_the_cap_and_the_minimum() {
    let capped = first_credit(CREDIT_EVENTS, &acme("cap_percent = \"20\"\n"));
    assert_eq!(capped["cap_amount"], "200.03");
    assert_eq!(capped["capped"], true);
    assert_eq!(capped["credit_amount"], "200.03");
    let small = first_credit(CREDIT_EVENTS, &acme("minimum_credit = \"500.00\"\n"));
    assert_eq!(small["below_minimum"], true);
    assert_eq!(small["credit_amount"], "0.00");
}

#[test]
fn rule_17_a_month_is_as_long_as_the_customers_zone_makes_it() {
    let events = CREDIT_EVENTS.replace("11:09:36", "03:43:30");
    let utc = first_credit(&events, &acme(""));
    assert_eq!(utc["availability_percent"], "99.49932795698924731182795699");
    assert_eq!(utc["credit_amount"], "100.02");
    let berlin = first_credit(&events, &acme("time_zone = \"Europe/Berlin\"\n"));
    assert_eq!(berlin["from"], "2026-09-30T22:00:00Z");
    assert_eq!(berlin["to"], "2026-10-31T23:00:00Z");
    assert_eq!(berlin["availability_percent"], "99.5");
    assert_eq!(berlin["tier_below_percent"], Value::Null);
    assert_eq!(berlin["credit_amount"], "0.00");
}

#[test]
fn rule_17_a_platform_adds_up_outages_that_do_not_overlap() {
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-01T00:00:00Z,web,operational
2026-10-05T00:00:00Z,web,major_outage
2026-10-05T02:00:00Z,web,operational
2026-10-15T00:00:00Z,api,major_outage
2026-10-15T02:00:00Z,api,operational
";
    let both = acme("").replace(r#"["api"]"#, r#"["api", "web"]"#);
    let worst = first_credit(events, &both);
    let each = "99.73118279569892473118279570";
    assert_eq!(worst["services"][0]["availability_percent"], each);
    assert_eq!(worst["services"][1]["availability_percent"], each);
    assert_eq!(worst["availability_percent"], each);
    assert_eq!(worst["credit_amount"], "0.00");
    let platform = first_credit(events, &format!("{both}combine = \"platform\"\n"));
    assert_eq!(platform["availability_percent"], "99.46236559139784946236559140");
    assert_eq!(platform["credit_percent"], "10");
    assert_eq!(platform["credit_amount"], "100.02");
}

#[test]
fn rule_17_check_contracts_exits_1_when_a_credit_is_owed() {
    let owed = settle("check", CREDIT_EVENTS, &acme(""), &[]);
    assert_eq!(owed.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&owed.stdout),
        "Acme GmbH: 2026-10 availability 98.500% is below 99.0: 30% credit, 300.05 EUR\n\
         1 credit owed in 1 customer-month: 300.05 EUR\n"
    );
    let small = settle("check", CREDIT_EVENTS, &acme("minimum_credit = \"500.00\"\n"), &[]);
    assert_eq!(small.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&small.stdout),
        "no credits owed (1 customer-month settled)\n"
    );
}

#[test]
fn rule_17_a_platform_is_counted_after_the_merge() {
    // Two services take turns down for 3 minutes: each incident is forgiven by a 5-minute
    // minimum, the platform's 6-minute one is not.
    let events = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-01T00:00:00Z,web,operational
2026-10-10T10:10:00Z,api,major_outage
2026-10-10T10:13:00Z,api,operational
2026-10-10T10:13:00Z,web,major_outage
2026-10-10T10:16:00Z,web,operational
";
    let platform = acme("combine = \"platform\"\n").replace(r#"["api"]"#, r#"["api", "web"]"#);
    let output =
        settle("credits", events, &platform, &["--format", "json", "--min-incident", "5m"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let credit = &report["credits"][0];
    assert_eq!(credit["services"][0]["availability_percent"], "100");
    assert_eq!(credit["services"][1]["availability_percent"], "100");
    // 100 × (1 − 360 / 2,678,400).
    assert_eq!(credit["availability_percent"], "99.98655913978494623655913978");
}

/// Rule 18's three services over 10:00–12:00.
const GROUP_EVENTS: &str = "timestamp,service,status
2026-10-01T10:00:00Z,a,operational
2026-10-01T10:00:00Z,b,operational
2026-10-01T10:00:00Z,c,operational
2026-10-01T10:10:00Z,a,major_outage
2026-10-01T10:15:00Z,b,partial_outage
2026-10-01T10:20:00Z,a,operational
2026-10-01T10:30:00Z,b,operational
2026-10-01T11:00:00Z,c,degraded_performance
2026-10-01T11:30:00Z,c,operational
2026-10-01T12:00:00Z,c,operational
";

/// Rule 18's groups over a, b and c.
const GROUPS: [&str; 8] = [
    "--group",
    "series=all:a,b,c",
    "--group",
    "pair=any:a,b",
    "--group",
    "quorum=2of3:a,b,c",
    "--group",
    "nested=all:pair,c",
];

/// Asserts a group's downtime, availability and independent estimate, the last two within
/// the doubles JSON carries.
fn assert_group(row: &Value, downtime: f64, availability: f64, estimate: f64) {
    assert_eq!(number(&row["downtime_seconds"]), downtime, "{row:#}");
    assert!((number(&row["availability_percent"]) - availability).abs() < 1e-9, "{row:#}");
    assert!((number(&row["independent_estimate_percent"]) - estimate).abs() < 1e-9, "{row:#}");
}

#[test]
fn rule_18_each_mode_takes_the_kth_best_member() {
    let result = report(GROUP_EVENTS, &GROUPS);
    let names: Vec<&str> = result["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["series", "pair", "quorum", "nested", "a", "b", "c"]);
    let a = number(&service(&result, "a")["availability_percent"]);
    assert!((a - 100.0 * 11.0 / 12.0).abs() < 1e-9, "{a}");
    let series = service(&result, "series");
    assert_group(series, 960.0, 100.0 * (1.0 - 960.0 / 7200.0), 86.0234375);
    assert_eq!(series["incidents"]["count"], 2);
    assert_eq!(
        (series["kind"].as_str(), series["mode"].as_str(), series["k"].as_u64()),
        (Some("group"), Some("all"), Some(3))
    );
    assert_eq!(series["members"], serde_json::json!(["a", "b", "c"]));
    assert_group(service(&result, "pair"), 90.0, 98.75, 99.6875);
    assert_eq!(service(&result, "pair")["k"], 1);
    assert_group(service(&result, "quorum"), 90.0, 98.75, 100.0 * 38_170.0 / 38_400.0);
    assert_eq!(service(&result, "quorum")["mode"], "k_of_n");
    assert_group(service(&result, "nested"), 270.0, 96.25, 96.28125);
    assert_eq!(service(&result, "a")["independent_estimate_percent"], Value::Null);
}

#[test]
fn rule_18_members_in_maintenance_are_left_out() {
    let (_b, only_b) =
        scratch_file("b.csv", "start,end,service\n2026-10-01T10:00:00Z,2026-10-01T10:30:00Z,b\n");
    let result = report(GROUP_EVENTS, &[&GROUPS[..], &["--maintenance", &only_b]].concat());
    assert_group(
        service(&result, "series"),
        780.0,
        100.0 * (1.0 - 780.0 / 7200.0),
        100.0 * 11.0 / 12.0 * 0.975,
    );
    assert_group(
        service(&result, "quorum"),
        600.0,
        100.0 * 11.0 / 12.0,
        100.0 * (1.0 - 1.0 / 480.0),
    );
    let (_ab, a_and_b) = scratch_file(
        "ab.csv",
        "start,end,service\n2026-10-01T10:00:00Z,2026-10-01T10:30:00Z,a\n\
         2026-10-01T10:00:00Z,2026-10-01T10:30:00Z,b\n",
    );
    let result = report(GROUP_EVENTS, &[&GROUPS[..], &["--maintenance", &a_and_b]].concat());
    for name in ["quorum", "pair"] {
        let group = service(&result, name);
        assert_eq!(number(&group["seconds"]["under_maintenance"]), 1800.0, "{name}");
        assert_eq!(number(&group["counted_seconds"]), 5400.0, "{name}");
        assert_eq!(number(&group["availability_percent"]), 100.0, "{name}");
    }
    let nested = service(&result, "nested");
    assert_eq!(number(&nested["counted_seconds"]), 7200.0);
    assert_eq!(number(&nested["downtime_seconds"]), 180.0);
    assert_eq!(number(&nested["availability_percent"]), 97.5);
}

#[test]
fn rule_18_counting_rules_apply_after_the_merge() {
    let events = "timestamp,service,status
2026-10-01T10:00:00Z,x,operational
2026-10-01T10:00:00Z,y,operational
2026-10-01T10:10:00Z,x,major_outage
2026-10-01T10:13:00Z,x,operational
2026-10-01T10:13:00Z,y,major_outage
2026-10-01T10:16:00Z,y,operational
2026-10-01T11:00:00Z,y,operational
";
    let forgiving = report(events, &["--group", "both=all:x,y", "--min-incident", "5m"]);
    for name in ["x", "y"] {
        assert_eq!(number(&service(&forgiving, name)["availability_percent"]), 100.0);
    }
    let both = service(&forgiving, "both");
    assert_eq!(number(&both["downtime_seconds"]), 360.0);
    assert_eq!(number(&both["availability_percent"]), 90.0);
    assert_eq!(both["incidents"]["count"], 1);
    let slotted = report(events, &["--group", "both=all:x,y", "--granularity", "5m"]);
    assert_eq!(number(&service(&slotted, "x")["downtime_seconds"]), 300.0);
    assert_eq!(number(&service(&slotted, "y")["downtime_seconds"]), 600.0);
    assert_eq!(number(&service(&slotted, "both")["downtime_seconds"]), 600.0);
}

#[test]
fn rule_18_on_equal_weight_the_less_severe_status_ranks_better() {
    let events = "timestamp,service,status
2026-10-01T10:00:00Z,a,degraded_performance
2026-10-01T10:00:00Z,b,operational
2026-10-01T11:00:00Z,b,operational
";
    let args = ["--weights", "statuspage", "--group", "worst=all:a,b", "--group", "best=any:a,b"];
    let result = report(events, &args);
    assert_eq!(number(&service(&result, "worst")["seconds"]["degraded_performance"]), 3600.0);
    assert_eq!(number(&service(&result, "best")["seconds"]["operational"]), 3600.0);
}
