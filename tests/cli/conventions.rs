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
    assert!(!options_in_help("check").contains(&"ascii".to_owned()));
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

/// The widest line of `text`, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|line| line.chars().count()).max().unwrap_or(0)
}

#[test]
fn tables_never_exceed_the_width_they_are_given() {
    let examples = repo_root().join("examples");
    let examples = examples.to_str().unwrap();
    let config = format!("{examples}/nines.toml");
    let commands: [&[&str]; 6] = [
        &["report"],
        &["report", "--period", "week"],
        &["burn", "--at", "2026-10-20"],
        &["timeline", "--service", "api"],
        &["credits", "--month", "2026-10"],
        &["config"],
    ];
    for width in ["60", "80", "100"] {
        for command in commands {
            let args = [command, &["--config", &config][..]].concat();
            let run = nines_with_env(&args, &[("COLUMNS", width)]);
            run.exits(0);
            let limit: usize = width.parse().unwrap();
            assert!(
                widest(&run.stdout) <= limit,
                "{command:?} at {width}: {} wide\n{}",
                widest(&run.stdout),
                run.stdout
            );
        }
    }
    let budget = nines_with_env(&["budget", "99.5", "99.9"], &[("COLUMNS", "60")]);
    assert!(widest(budget.ok()) <= 60, "{}", budget.stdout);
    // Without a width, a table is as wide as its cells: a pipe gets whole lines.
    let unbounded = nines_with_env(&["report", "--config", &config], &[]);
    assert!(widest(&unbounded.stdout) > 100);
}

#[test]
fn borders_are_ascii_when_asked_or_when_the_locale_is_not_utf8() {
    let args = ["report", "semantics/outages.csv"];
    let unicode = nines_with_env(&args, &[]);
    assert!(unicode.ok().contains('┌'));
    let utf8 = nines_with_env(&args, &[("LANG", "en_US.UTF-8")]);
    assert_eq!(utf8.stdout, unicode.stdout);
    for ascii in [
        nines_with_env(&[&args[..], &["--ascii"]].concat(), &[]),
        nines_with_env(&args, &[("LANG", "C")]),
        nines_with_env(&args, &[("LANG", "en_US.UTF-8"), ("LC_ALL", "POSIX")]),
        nines_with_env(&args, &[("LC_CTYPE", "de_DE.ISO-8859-1")]),
    ] {
        assert!(ascii.ok().is_ascii(), "{}", ascii.stdout);
        assert!(ascii.stdout.contains("+----"), "{}", ascii.stdout);
    }
}

#[test]
fn verdicts_are_coloured_only_where_colour_is_wanted() {
    const ESCAPE: char = '\u{1b}';
    let args = ["report", "semantics/outages.csv"];
    let coloured = |run: Run| run.ok().contains(ESCAPE);
    // A pipe gets none by default.
    assert!(!coloured(nines_with_env(&args, &[])));
    assert!(coloured(nines_with_env(&[&args[..], &["--color", "always"]].concat(), &[])));
    assert!(coloured(nines_with_env(&args, &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(nines_with_env(&args, &[("CLICOLOR_FORCE", "0")])));
    assert!(!coloured(nines_with_env(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
    let never = [&args[..], &["--color", "never"]].concat();
    assert!(!coloured(nines_with_env(&never, &[("CLICOLOR_FORCE", "1")])));
    // The option is the user's last word.
    let always = [&args[..], &["--color", "always"]].concat();
    assert!(coloured(nines_with_env(&always, &[("NO_COLOR", "1")])));
    // Red for a missed objective, bold; and only the verdict is coloured.
    let run = nines_with_env(&always, &[]);
    assert!(run.stdout.contains("\u{1b}[38;5;9m\u{1b}[1m      NO "), "{}", run.stdout);
    assert_eq!(run.stdout.matches(ESCAPE).count(), 2 * 3, "{}", run.stdout);
    // Burn's alerts too.
    let burn = nines_with_env(&["burn", "burn/alerts.csv", "--color", "always"], &[]);
    assert!(burn.stdout.contains("\u{1b}[38;5;9m\u{1b}[1m P1 "), "{}", burn.stdout);
    // check's lines: the failures red, the verdict red (or green when all is well).
    let check = nines_with_env(&["check", "semantics/outages.csv", "--color", "always"], &[]);
    assert!(check.stdout.starts_with("\u{1b}[1;31mapi: availability"), "{}", check.stdout);
    assert_eq!(check.stdout.matches("\u{1b}[1;31m").count(), 3, "{}", check.stdout);
    let passing = ["check", "semantics/outages.csv", "--slo", "90", "--color", "always"];
    assert!(nines_with_env(&passing, &[]).stdout.starts_with("\u{1b}[32mno service misses"));
    let plain = nines_with_env(&["check", "semantics/outages.csv"], &[]);
    assert!(!plain.stdout.contains(ESCAPE), "{}", plain.stdout);
    // JSON and CSV never.
    let json = nines_with_env(&[&always[..], &["-f", "json"]].concat(), &[]);
    assert!(!coloured(json));
}
