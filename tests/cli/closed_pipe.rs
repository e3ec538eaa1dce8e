//! `nines … | head -1`: when the reader stops reading, nines stops quietly with exit 0.

use std::process::Command;

use crate::common::*;

/// A log whose timeline is megabytes, far more than a pipe holds: 20,000 events a minute
/// apart over 7 services, from 2026-10-01T00:00:00Z (epoch 1,790,812,800) to 13d 21h 19m later.
fn long_log() -> String {
    const STATUSES: [&str; 4] =
        ["operational", "major_outage", "degraded_performance", "partial_outage"];
    let mut text = String::from("timestamp,service,status\n");
    for i in 0..20_000u64 {
        text += &format!("{},svc{},{}\n", 1_790_812_800 + i * 60, i % 7, STATUSES[i as usize % 4]);
    }
    text
}

/// A log with 30,000 services, so that even the report is megabytes long.
fn wide_log() -> String {
    let mut text = String::from("timestamp,service,status\n");
    for i in 0..30_000 {
        text += &format!("2026-10-01T00:00:00Z,svc{i},up\n2026-10-02T00:00:00Z,svc{i},up\n");
    }
    text
}

/// Runs `nines ARGS | head -1` on `log` (as log.csv) and asserts that nines exited 0 without
/// a word on stderr, and that head printed `first_line`.
fn assert_quiet_when_piped_into_head(log: &str, args: &str, first_line: &str) {
    let scratch = Scratch::new();
    scratch.write("log.csv", log);
    // sh reports nines' own exit status on stderr, after whatever nines wrote there.
    let script = format!(r#"("$0" {args}; echo "nines exited with $?" >&2) | head -1"#);
    let output = Command::new("sh")
        .current_dir(scratch.path(""))
        .args(["-c", &script, NINES])
        .output()
        .expect("sh runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "nines exited with 0\n");
    assert_eq!(String::from_utf8_lossy(&output.stdout), first_line);
}

const LONG_WINDOW: &str =
    "Window:  2026-10-01T00:00:00Z to 2026-10-14T21:19:00Z (13d 21h 19m, UTC)\n";

#[test]
fn timeline_table_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(&long_log(), "timeline log.csv", LONG_WINDOW);
}

#[test]
fn timeline_markdown_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(
        &long_log(),
        "timeline log.csv --format markdown",
        &LONG_WINDOW.replace('\n', "  \n"),
    );
}

#[test]
fn timeline_json_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(&long_log(), "timeline log.csv --format json", "{\n");
}

#[test]
fn timeline_csv_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(
        &long_log(),
        "timeline log.csv --format csv",
        &format!("{TIMELINE_CSV_HEADER}\n"),
    );
}

#[test]
fn report_csv_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(
        &wide_log(),
        "report log.csv --format csv",
        "service,kind,display_name,mode,k,slo_percent,period,from,to,partial,seconds_operational,seconds_degraded_performance,\
         seconds_partial_outage,seconds_major_outage,seconds_under_maintenance,excluded_seconds,\
         counted_seconds,downtime_seconds,availability_percent,slo_met,error_budget_seconds,\
         error_budget_remaining_seconds,error_budget_consumed_percent,burn_rate,incidents_count,\
         incidents_total_seconds,incidents_longest_seconds,incidents_mttr_seconds,\
         incidents_mtbf_seconds,independent_estimate_percent\n",
    );
}

#[test]
fn report_table_into_a_closed_pipe() {
    assert_quiet_when_piped_into_head(
        &wide_log(),
        "report log.csv",
        "Window:  2026-10-01T00:00:00Z to 2026-10-02T00:00:00Z (1d, UTC)\n",
    );
}
