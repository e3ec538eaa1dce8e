//! Snapshots of every output format on the example data (examples/events.csv with
//! examples/maintenance.csv), reviewed against the figures in examples/README.md, and of
//! `nines budget`, which reads no data, reviewed against uptime.is.
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --test cli snapshots`,
//! then review the diff of `tests/cli/snapshots/`.

use crate::common::*;

const EXAMPLE: [&str; 3] = ["examples/events.csv", "--maintenance", "examples/maintenance.csv"];

/// The output of `nines COMMAND EXAMPLE EXTRA`, which must exit with `code` and warn of nothing.
fn example(command: &str, extra: &[&str], code: i32) -> String {
    let run = run_in(repo_root(), &[&[command][..], &EXAMPLE, extra].concat(), None);
    run.exits(code);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn report_table() {
    insta::assert_snapshot!(example("report", &[], 0));
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!(example("report", &["--format", "markdown"], 0));
}

#[test]
fn report_csv() {
    insta::assert_snapshot!(example("report", &["--format", "csv"], 0));
}

#[test]
fn report_json() {
    insta::assert_snapshot!(example("report", &["--format", "json"], 0));
}

#[test]
fn timeline_table() {
    insta::assert_snapshot!(example("timeline", &[], 0));
}

#[test]
fn timeline_csv() {
    insta::assert_snapshot!(example("timeline", &["--format", "csv"], 0));
}

#[test]
fn timeline_json() {
    insta::assert_snapshot!(example("timeline", &["--format", "json"], 0));
}

#[test]
fn check() {
    // search misses the SLO: exit 1.
    insta::assert_snapshot!(example("check", &[], 1));
}

/// The output of `nines budget ARGS`, which must succeed and warn of nothing.
fn budget(args: &[&str]) -> String {
    nines(&[&["budget"], args].concat()).ok().to_owned()
}

const BUDGET: [&str; 7] = ["99", "99.5", "99.9", "99.95", "99.99", "99.999", "99.9999"];

const BERLIN_OCTOBER: [&str; 4] = ["--calendar", "2026-10", "--tz", "Europe/Berlin"];

#[test]
fn budget_table() {
    insta::assert_snapshot!(budget(&BUDGET));
}

#[test]
fn budget_calendar_markdown() {
    insta::assert_snapshot!(budget(
        &[&BUDGET[..], &BERLIN_OCTOBER, &["--format", "markdown"]].concat()
    ));
}

#[test]
fn budget_calendar_json() {
    insta::assert_snapshot!(budget(
        &[&["99.5", "99.9"][..], &BERLIN_OCTOBER, &["--format", "json"]].concat()
    ));
}

#[test]
fn budget_calendar_csv() {
    insta::assert_snapshot!(budget(&[&BUDGET[..], &BERLIN_OCTOBER, &["--format", "csv"]].concat()));
}

#[test]
fn budget_downtime_table() {
    insta::assert_snapshot!(budget(&["--downtime", "45m", "--per", "month"]));
}

#[test]
fn budget_downtime_calendar_markdown() {
    insta::assert_snapshot!(budget(
        &[&["--downtime", "45m"][..], &BERLIN_OCTOBER, &["--format", "markdown"]].concat()
    ));
}

#[test]
fn budget_downtime_calendar_json() {
    insta::assert_snapshot!(budget(
        &[&["--downtime", "45m"][..], &BERLIN_OCTOBER, &["--format", "json"]].concat()
    ));
}

/// The output of `nines COMMAND --config examples/nines.toml EXTRA`: the example platform, with
/// its groups of every mode, which must exit with `code` and warn of nothing.
fn platform(command: &str, extra: &[&str], code: i32) -> String {
    let run = run_in(
        repo_root(),
        &[&[command, "--config", "examples/nines.toml"][..], extra].concat(),
        None,
    );
    run.exits(code);
    assert_eq!(run.stderr, "");
    run.stdout
}

#[test]
fn report_with_groups_table() {
    insta::assert_snapshot!(platform("report", &[], 0));
}

#[test]
fn report_with_groups_markdown() {
    insta::assert_snapshot!(platform("report", &["--format", "markdown"], 0));
}

#[test]
fn report_with_groups_csv() {
    insta::assert_snapshot!(platform("report", &["--format", "csv"], 0));
}

#[test]
fn report_with_groups_json() {
    insta::assert_snapshot!(platform("report", &["--format", "json", "--service", "storage"], 0));
}

#[test]
fn check_with_groups() {
    // The platform misses its objective: exit 1.
    insta::assert_snapshot!(platform("check", &[], 1));
}

#[test]
fn config_of_the_example_platform() {
    insta::assert_snapshot!(platform("config", &[], 0));
}

/// At 14:00 on 14 October, db, api and web are 20 minutes into an outage: P1 pages for each.
const BURN_AT: [&str; 2] = ["--at", "2026-10-14T14:00:00Z"];

#[test]
fn burn_table() {
    insta::assert_snapshot!(example("burn", &BURN_AT, 1));
}

#[test]
fn burn_markdown() {
    insta::assert_snapshot!(example(
        "burn",
        &[&BURN_AT[..], &["--format", "markdown"]].concat(),
        1
    ));
}

#[test]
fn burn_csv() {
    insta::assert_snapshot!(example("burn", &[&BURN_AT[..], &["--format", "csv"]].concat(), 1));
}

#[test]
fn burn_json() {
    insta::assert_snapshot!(example("burn", &[&BURN_AT[..], &["--format", "json"]].concat(), 1));
}

#[test]
fn burn_with_groups_table() {
    insta::assert_snapshot!(platform("burn", &BURN_AT, 1));
}

/// October 2026 settled on the example contracts, in mid-November.
const CREDITS: [&str; 6] =
    ["--contracts", "examples/contracts.toml", "--month", "2026-10", "--now", "2026-11-15"];

#[test]
fn credits_table() {
    insta::assert_snapshot!(example("credits", &CREDITS, 0));
}

#[test]
fn credits_markdown() {
    insta::assert_snapshot!(example(
        "credits",
        &[&CREDITS[..], &["--format", "markdown"]].concat(),
        0
    ));
}

#[test]
fn credits_csv() {
    insta::assert_snapshot!(example("credits", &[&CREDITS[..], &["--format", "csv"]].concat(), 0));
}

#[test]
fn credits_json() {
    insta::assert_snapshot!(example("credits", &[&CREDITS[..], &["--format", "json"]].concat(), 0));
}

#[test]
fn credits_explain() {
    insta::assert_snapshot!(example("credits", &[&CREDITS[..], &["--explain"]].concat(), 0));
}

#[test]
fn check_contracts() {
    // Globex, Initech and Umbrella are owed credits: exit 1.
    insta::assert_snapshot!(example("check", &CREDITS, 1));
}
