//! The conventions of command-line tools: shell completions, manual pages, and each
//! command's help offering only what it takes, with examples.

use crate::common::*;

#[test]
fn completions_are_generated_for_every_shell_and_bash_reads_them() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = nines(&["completions", shell]);
        assert!(run.ok().contains("report"), "{shell}");
        assert!(run.stdout.contains("stale-after"), "{shell}");
    }
    let bash = nines(&["completions", "bash"]);
    let scratch = Scratch::new();
    scratch.write("nines.bash", &bash.stdout);
    // Loaded into bash, the completion function exists.
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && declare -F _nines", scratch.path("nines.bash").display()))
        .output()
        .expect("bash runs");
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    assert_eq!(String::from_utf8_lossy(&loaded.stdout), "_nines\n");
    nines(&["completions", "tcsh"]).fails_mentioning("invalid value 'tcsh' for '<SHELL>'", &[]);
}

#[test]
fn a_manual_page_per_command() {
    let page = nines(&["man"]);
    assert!(page.ok().starts_with(".ie \\n(.g .ds Aq"), "{}", page.stdout);
    assert!(page.stdout.contains(".TH nines 1"));
    let report = nines(&["man", "report"]);
    assert!(report.ok().contains(".TH nines-report 1"));
    assert!(report.stdout.contains("stale"));
    assert_eq!(nines(&["man", "nines-report"]).stdout, report.stdout);
    nines(&["man", "nosuch"]).fails_with(
        "there is no command \"nosuch\" to write the page of (expected one of report, check, \
         burn, credits, timeline, budget, config, completions, man)",
    );
    let scratch = Scratch::new();
    scratch.nines(&["man", "--dir", "pages"]).ok();
    let mut pages: Vec<String> = std::fs::read_dir(scratch.path("pages"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "nines-budget.1",
            "nines-burn.1",
            "nines-check.1",
            "nines-completions.1",
            "nines-config.1",
            "nines-credits.1",
            "nines-man.1",
            "nines-report.1",
            "nines-timeline.1",
            "nines.1"
        ]
    );
    scratch.write("file", "");
    scratch
        .nines(&["man", "--dir", "file/pages"])
        .fails_mentioning("cannot write the manual page folder file/pages: ", &[]);
}

/// The option names a command's help lists.
fn options_in_help(command: &str) -> Vec<String> {
    let help = nines(&[command, "--help"]);
    help.ok()
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with('-'))
        .filter_map(|line| line.split_once("--").map(|(_, rest)| rest))
        .map(|rest| rest.split([' ', ',', '=', '<']).next().unwrap().to_owned())
        .collect()
}

#[test]
fn each_commands_help_lists_only_what_it_takes() {
    let burn = options_in_help("burn");
    assert!(burn.contains(&"at".to_owned()) && burn.contains(&"to".to_owned()));
    assert!(!burn.contains(&"from".to_owned()), "{burn:?}");
    let credits = options_in_help("credits");
    assert!(credits.contains(&"month".to_owned()));
    for refused in ["day", "week", "slo", "service"] {
        assert!(!credits.contains(&refused.to_owned()), "{refused}: {credits:?}");
    }
    let budget = options_in_help("budget");
    assert!(budget.contains(&"tz".to_owned()) && !budget.contains(&"config".to_owned()));
    for command in ["report", "check", "timeline", "config", "burn", "credits"] {
        assert!(options_in_help(command).contains(&"config".to_owned()), "{command}");
    }
}

#[test]
fn every_command_shows_examples_in_its_help() {
    for command in
        ["report", "check", "burn", "credits", "timeline", "budget", "config", "completions", "man"]
    {
        let help = nines(&[command, "--help"]);
        assert!(help.ok().contains("Examples:\n  nines "), "{command}: {}", help.stdout);
    }
}

/// The services a report lists, in order, for `report ARGS` on a fleet of four.
fn listed(args: &[&str]) -> (Vec<String>, serde_json::Value) {
    let scratch = Scratch::new();
    // db 2h down, api 1h down, web 10h degraded (1h weighted), cache all maintenance.
    scratch.write(
        "fleet.csv",
        "timestamp,service,status\n\
         2026-10-01T00:00:00Z,api,major_outage\n2026-10-01T01:00:00Z,api,operational\n\
         2026-10-01T00:00:00Z,db,major_outage\n2026-10-01T02:00:00Z,db,operational\n\
         2026-10-01T00:00:00Z,web,degraded_performance\n2026-10-01T10:00:00Z,web,operational\n\
         2026-10-01T00:00:00Z,cache,under_maintenance\n\
         2026-10-02T00:00:00Z,api,operational\n",
    );
    let run = scratch.nines(&[&["report", "fleet.csv", "-f", "json"][..], args].concat());
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let names = report["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["service"].as_str().unwrap().to_owned())
        .collect();
    (names, report["selection"].clone())
}

#[test]
fn sort_orders_the_report_and_top_cuts_it() {
    assert_eq!(listed(&[]).0, ["api", "cache", "db", "web"]);
    assert_eq!(listed(&[]).1, serde_json::Value::Null);
    // api and web both lose 1h: ties go by name; cache has no availability and comes last.
    assert_eq!(listed(&["--sort", "availability"]).0, ["db", "api", "web", "cache"]);
    assert_eq!(listed(&["--sort", "downtime"]).0, ["db", "api", "web", "cache"]);
    assert_eq!(listed(&["--sort", "name"]).0, ["api", "cache", "db", "web"]);
    let (names, selection) = listed(&["--sort", "availability", "--top", "2"]);
    assert_eq!(names, ["db", "api"]);
    assert_eq!(selection, serde_json::json!({ "sort": "availability", "top": 2, "measured": 4 }));
    assert_eq!(listed(&["--top", "9"]).0.len(), 4);
    nines(&["report", "semantics/outages.csv", "--top", "0"])
        .fails_mentioning("invalid value '0' for '--top <N>'", &[]);
    nines(&["report", "semantics/outages.csv", "--sort", "slo"])
        .fails_mentioning("invalid value 'slo' for '--sort <KEY>'", &["availability"]);
    let table = nines(&["report", "semantics/outages.csv", "--sort", "downtime", "--top", "1"]);
    assert!(table.ok().contains("\nShown:   1 of 2, most downtime first\n"), "{}", table.stdout);
}
