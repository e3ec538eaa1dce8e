//! Snapshots of every output format on the example data (examples/events.csv with
//! examples/maintenance.csv), reviewed against the figures in examples/README.md.
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --test snapshots`, then
//! review the diff of `tests/snapshots/`.

mod common;

use common::*;

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
