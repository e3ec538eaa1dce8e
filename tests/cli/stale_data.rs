//! A gate that cannot pass on dead data: the stale-data warning, `--stale-after`, and
//! `--strict`, which makes the gates fail on any warning.

use crate::common::*;

/// A log whose last event is on 2026-10-02, judged over the 30 days to 2026-12-02.
const LATE: [&str; 6] =
    ["check", "formats/canonical.csv", "--last", "30d", "--now", "2026-12-02T00:00:00Z"];

const STALE: &str = "warning: formats/canonical.csv ends at 2026-10-02T00:00:00Z, 61 days before \
    the window's end (2026-12-02T00:00:00Z): its services' last statuses are assumed to hold \
    since (is the data stale? --stale-after allows more)\n";

#[test]
fn a_window_past_the_newest_event_is_warned_about() {
    nines(&LATE).expect(
        0,
        "no service misses the SLO of 99.5% (1 service measured) from 2026-11-02T00:00:00Z to \
         2026-12-02T00:00:00Z\n",
        STALE,
    );
}

#[test]
fn a_day_past_the_newest_event_is_allowed_and_stale_after_changes_it() {
    let ending = |to: &str, extra: &[&str]| {
        let args = ["report", "formats/canonical.csv", "--to", to, "--format", "json"];
        nines(&[&args[..], extra].concat())
    };
    assert!(ending("2026-10-03T00:00:00Z", &[]).ok().starts_with('{'));
    let late = ending("2026-10-03T00:00:00.001Z", &[]);
    assert!(late.stderr.contains("1 day before the window's end"), "{}", late.stderr);
    ending("2026-10-03T00:00:00.001Z", &["--stale-after", "2d"]).ok();
    let tight = ending("2026-10-02T00:01:00Z", &["--stale-after", "30s"]);
    assert!(tight.stderr.contains("1 minute before the window's end"), "{}", tight.stderr);
}

#[test]
fn each_source_is_judged_on_its_own_newest_event() {
    let scratch = Scratch::new();
    scratch.write("fresh.csv", "timestamp,service,status\n2026-12-01T12:00:00Z,web,up\n");
    scratch.write("old.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    let run = scratch.nines(&["report", "fresh.csv", "old.csv", "--to", "2026-12-02"]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: old.csv ends at 2026-10-01T00:00:00Z, 62 days before the window's end \
         (2026-12-02T00:00:00Z): its services' last statuses are assumed to hold since (is the \
         data stale? --stale-after allows more)\n"
    );
}

#[test]
fn strict_makes_a_stale_check_fail_with_exit_2() {
    let strict = nines(&[&LATE[..], &["--strict"]].concat());
    let errors = STALE.replace("warning: ", "error: ");
    strict.expect(2, "", &format!("{errors}error: --strict makes these warnings a failure\n"));
    nines(&[&LATE[..], &["--strict", "--stale-after", "90d"]].concat()).ok();
}

#[test]
fn strict_turns_every_other_warning_into_a_failure_too() {
    let run = nines(&[
        "check",
        "formats/canonical.csv",
        "--maintenance",
        "formats/maintenance_unknown.csv",
        "--strict",
    ]);
    run.exits(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.ends_with("error: --strict makes these warnings a failure\n"));
    assert!(run.stderr.contains("no events for service"), "{}", run.stderr);
}

#[test]
fn burn_long_after_the_data_warns_and_fails_under_strict() {
    let at = ["burn", "formats/canonical.csv", "--at", "2026-11-01", "--format", "json"];
    let run = nines(&at);
    run.exits(0);
    assert!(run.stderr.contains("30 days before the window's end"), "{}", run.stderr);
    let strict = nines(&[&at[..], &["--strict"]].concat());
    strict.exits(2);
    assert_eq!(strict.stdout, "");
}

#[test]
fn strict_in_the_config_file_applies_to_the_gates_only() {
    let scratch = Scratch::new();
    scratch.write("events.csv", data_text("formats/canonical.csv"));
    scratch.write("nines.toml", "events = \"events.csv\"\nstrict = true\n");
    let window = ["--last", "30d", "--now", "2026-12-02"];
    let check = scratch.nines(&[&["check"][..], &window].concat());
    check.exits(2);
    assert!(check.stderr.ends_with("error: nines.toml:2: strict makes these warnings a failure\n"));
    // A report is no gate: it warns and goes on.
    let report = scratch.nines(&[&["report"][..], &window].concat());
    report.exits(0);
    assert!(report.stderr.starts_with("warning: events.csv ends at"), "{}", report.stderr);
    let config = scratch.nines(&["config", "--format", "csv"]);
    assert!(config.ok().contains("strict,true,nines.toml:2\n"), "{}", config.stdout);
    scratch.write("nines.toml", "strict = \"yes\"\n");
    scratch.nines(&["check", "events.csv"]).fails_mentioning("nines.toml:1", &["strict"]);
}

#[test]
fn check_contracts_is_a_gate_too() {
    let run = nines(&[
        "check",
        "credits/october.csv",
        "--contracts",
        "credits/proration.toml",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
        "--strict",
    ]);
    run.exits(2);
    assert!(run.stderr.contains("before the window's end"), "{}", run.stderr);
}
