//! `burn`: multiwindow, multi-burn-rate alerts at an instant. burn/alerts.csv ends at
//! 2026-10-31T12:00:00Z; with an SLO of 99 % the budget is 1 % of counted time, so a burn
//! rate is the unavailable share of a window ÷ 0.01:
//! - api: major outage for the last 10 minutes: 5m 100, 30m 33.3, 1h 16.7 → P1.
//! - db: degraded (0.1) for the last 12 hours: 10 in every window up to 6h, 3d 1.67 → P2.
//! - web: degraded until an hour before: 6h 5/6 × 0.1 ÷ 0.01 = 8.33, 3d 71/72 × 10 = 9.86,
//!   30m 0 → P3 only.
//! - auth: all maintenance → no burn rate at all; search: up → 0.

use crate::common::*;

const ALERTS: &str = "Alerts:  P1 pages when 1h and 5m both burn at 14.4× or more; P2 pages when \
                      6h and 30m both burn at 6× or more; P3 opens a ticket when 3d and 6h both \
                      burn at 1× or more\n";

#[test]
fn the_most_urgent_level_firing_is_shown_and_paging_exits_1() {
    let run = nines(&["burn", "burn/alerts.csv", "--slo", "99"]);
    run.exits(1);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "At:      2026-10-31T12:00:00Z (UTC)\n{ALERTS}SLO:     99%\n\
             Weights: operational 0, degraded_performance 0.1, partial_outage 0.3, major_outage 1; \
             maintenance is not counted\n\n\
┌─────────┬────────┬───────┬───────┬───────┬──────┬───────┐
│ Service ┆     5m ┆   30m ┆    1h ┆    6h ┆   3d ┆ Alert │
╞═════════╪════════╪═══════╪═══════╪═══════╪══════╪═══════╡
│ api     ┆ 100.00 ┆ 33.33 ┆ 16.66 ┆  2.77 ┆ 0.23 ┆ P1    │
│ auth    ┆    n/a ┆   n/a ┆   n/a ┆   n/a ┆  n/a ┆ -     │
│ db      ┆  10.00 ┆ 10.00 ┆ 10.00 ┆ 10.00 ┆ 1.66 ┆ P2    │
│ search  ┆   0.00 ┆  0.00 ┆  0.00 ┆  0.00 ┆ 0.00 ┆ -     │
│ web     ┆   0.00 ┆  0.00 ┆  0.00 ┆  8.33 ┆ 9.86 ┆ P3    │
└─────────┴────────┴───────┴───────┴───────┴──────┴───────┘
"
        )
    );
}

#[test]
fn json_carries_the_rules_the_rates_and_the_level() {
    let run = nines(&["burn", "burn/alerts.csv", "--slo", "99", "--format", "json"]);
    run.exits(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["at"], "2026-10-31T12:00:00Z");
    assert_eq!(report["window"]["from"], "2026-10-28T12:00:00Z");
    assert_eq!(
        report["alerts"][0],
        serde_json::json!({
            "level": "P1",
            "long_window_seconds": 3600.0,
            "short_window_seconds": 300.0,
            "burn_rate_threshold": 14.4,
            "pages": true
        })
    );
    assert_eq!(report["alerts"][2]["pages"], false);
    let db = &report["services"][2];
    assert_eq!(
        *db,
        serde_json::json!({
            "service": "db",
            "kind": "service",
            "display_name": "db",
            "slo_percent": 99.0,
            "burn_rates": { "5m": 10.0, "30m": 10.0, "1h": 10.0, "6h": 10.0, "3d": 1.6666666666666667 },
            "firing": "P2"
        })
    );
    assert_eq!(report["services"][1]["burn_rates"]["3d"], serde_json::Value::Null);
    assert_eq!(report["services"][3]["firing"], serde_json::Value::Null);
}

#[test]
fn rules_can_be_replaced_one_level_at_a_time_and_a_ticket_exits_0() {
    // api's 1h rate of 16.7 no longer pages at 20; db's 10 no longer pages at 11 but still
    // opens a ticket (3d 1.67 and 6h 10 ≥ 1).
    let run = nines(&[
        "burn",
        "burn/alerts.csv",
        "--slo",
        "99",
        "--alert",
        "P1=1h,5m,20",
        "--alert",
        "p2=6h,30m,11",
        "--format",
        "csv",
    ]);
    assert_eq!(
        run.ok(),
        "service,kind,display_name,slo_percent,burn_rates_5m,burn_rates_30m,burn_rates_1h,burn_rates_6h,burn_rates_3d,firing\n\
         api,service,api,99.0,100.0,33.333333333333336,16.666666666666668,2.7777777777777777,0.23148148148148148,\n\
         auth,service,auth,99.0,,,,,,\n\
         db,service,db,99.0,10.0,10.0,10.0,10.0,1.6666666666666667,P3\n\
         search,service,search,99.0,0.0,0.0,0.0,0.0,0.0,\n\
         web,service,web,99.0,0.0,0.0,0.0,8.333333333333334,9.86111111111111,P3\n"
    );
}

#[test]
fn at_moves_the_instant_the_windows_end_at() {
    // At 06:00 db has been degraded for six hours: 10 up to 6h, 3d 6/72 × 10 = 0.83 → P2.
    // web is still degraded: 10 up to 6h → P2. api's outage is yet to come.
    let report = nines(&[
        "burn",
        "burn/alerts.csv",
        "--slo",
        "99",
        "--at",
        "2026-10-31T06:00:00Z",
        "-f",
        "json",
    ]);
    report.exits(1);
    let report: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let firing: Vec<&serde_json::Value> =
        report["services"].as_array().unwrap().iter().map(|s| &s["firing"]).collect();
    assert_eq!(
        firing,
        [
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &"P2".into(),
            &serde_json::Value::Null,
            &"P2".into()
        ]
    );
    assert_eq!(report["services"][2]["burn_rates"]["3d"], 0.8333333333333334);
}

#[test]
fn bad_rules_and_instants_are_usage_errors() {
    nines(&["burn", "burn/alerts.csv", "--alert", "P4=1h,5m,2"]).fails_with(
        "invalid value 'P4=1h,5m,2' for '--alert <RULE>': unknown alert level \"P4\": P1, P2 \
         or P3 (expected LEVEL=LONG,SHORT,RATE like P1=1h,5m,14.4)",
    );
    nines(&["burn", "burn/alerts.csv", "--alert", "P1=1h,5m,0"]).fails_with(
        "invalid value 'P1=1h,5m,0' for '--alert <RULE>': burn rate \"0\" in \"P1=1h,5m,0\" is \
         not a number above 0 (expected LEVEL=LONG,SHORT,RATE like P1=1h,5m,14.4)",
    );
    nines(&["burn", "burn/alerts.csv", "--at", "yesterday"])
        .fails_with(&format!("--at \"yesterday\": not a timestamp (expected {EXPECTED_INSTANT})"));
}

#[test]
fn counting_rules_judge_the_whole_history_not_each_window() {
    // api has been down for an hour at 12:00. With a 15-minute minimum, the outage is an hour
    // long in the 5-minute window too: it still pages (200 × the budget everywhere up to 1h).
    let scratch = Scratch::new();
    scratch.write(
        "down.csv",
        "timestamp,service,status\n\
         2026-10-31T10:00:00Z,api,operational\n\
         2026-10-31T11:00:00Z,api,major_outage\n",
    );
    let run = scratch.nines(&[
        "burn",
        "down.csv",
        "--at",
        "2026-10-31T12:00:00Z",
        "--min-incident",
        "15m",
        "-f",
        "csv",
    ]);
    run.exits(1);
    assert_eq!(
        run.stdout,
        "service,kind,display_name,slo_percent,burn_rates_5m,burn_rates_30m,burn_rates_1h,burn_rates_6h,burn_rates_3d,firing\n\
         api,service,api,99.5,200.0,200.0,200.0,33.333333333333336,2.7777777777777777,P1\n"
    );
    // A 5-minute outage at 12:00 puts the whole 12:00–13:00 slot down: the 5-minute window at
    // 12:30 lies in that slot and is down too, as the 30-minute one is.
    scratch.write(
        "blip.csv",
        "timestamp,service,status\n\
         2026-10-31T00:00:00Z,api,operational\n\
         2026-10-31T12:00:00Z,api,major_outage\n\
         2026-10-31T12:05:00Z,api,operational\n",
    );
    let run = scratch.nines(&[
        "burn",
        "blip.csv",
        "--at",
        "2026-10-31T12:30:00Z",
        "--granularity",
        "1h",
        "-f",
        "csv",
    ]);
    run.exits(1);
    assert!(
        run.stdout.ends_with(
            "api,service,api,99.5,200.0,200.0,100.0,16.666666666666668,1.3888888888888888,P1\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn shorter_or_longer_alert_windows_do_not_change_what_the_counting_rules_forgive() {
    // api has been down for 4 hours at 12:00; incidents under 3 hours are forgiven. Whatever
    // the longest window, the outage is 4 hours long, so it is kept and P1 fires: with rules
    // whose longest window is 2 hours as much as with the default 3 days.
    let scratch = Scratch::new();
    scratch.write(
        "down.csv",
        "timestamp,service,status\n\
         2026-10-31T00:00:00Z,api,operational\n\
         2026-10-31T08:00:00Z,api,major_outage\n",
    );
    let burn = |rules: &[&str]| {
        let base = ["burn", "down.csv", "--at", "2026-10-31T12:00:00Z", "--min-incident", "3h"];
        scratch.nines(&[&base[..], rules, &["-f", "json"]].concat())
    };
    let short = ["--alert", "P2=2h,30m,6", "--alert", "P3=2h,1h,1"];
    for rules in [&[][..], &short[..]] {
        let run = burn(rules);
        run.exits(1);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["services"][0]["firing"], "P1", "{rules:?}: {report:#}");
        assert_eq!(report["services"][0]["burn_rates"]["1h"], 200.0, "{rules:?}");
    }
    // The window reported is the longest alert window, whatever stretch the rules judged.
    let report: serde_json::Value = serde_json::from_str(&burn(&short).stdout).unwrap();
    assert_eq!(report["window"]["from"], "2026-10-31T10:00:00Z");
    assert_eq!(report["window"]["to"], "2026-10-31T12:00:00Z");
}

#[test]
fn at_needs_no_window_from_the_events() {
    // One event: the events span no time, but --at says where the windows end.
    let scratch = Scratch::new();
    scratch.write("down.csv", "timestamp,service,status\n2026-10-31T11:00:00Z,api,major_outage\n");
    let run = scratch.nines(&["burn", "down.csv", "--at", "2026-10-31T12:00:00Z", "-f", "csv"]);
    run.exits(1);
    assert!(run.stdout.ends_with(
        "api,service,api,99.5,200.0,200.0,200.0,33.333333333333336,2.7777777777777777,P1\n"
    ));
}

#[test]
fn options_burn_would_ignore_are_refused() {
    nines(&["burn", "burn/alerts.csv", "--at", "2026-10-31T12:00:00Z", "--to", "2026-10-31"])
        .fails_with("the argument '--at <TIME>' cannot be used with '--to <TIME>'");
    nines(&["burn", "burn/alerts.csv", "--from", "2026-10-31"]).fails_with(
        "--from has no effect on burn: its windows end at --at, or at the end of the window \
         (--to, a calendar window, now with --last, or the latest event)",
    );
    nines(&["burn", "burn/alerts.csv", "--slo", "100"]).fails_with(
        "--slo: burn needs an SLO below 100%: at 100% there is no error budget to burn, and any \
         downtime misses the objective (use check)",
    );
    nines(&["burn", "burn/alerts.csv", "--alert", "P1=5m,1h,14.4"]).fails_with(
        "invalid value 'P1=5m,1h,14.4' for '--alert <RULE>': the long window \"5m\" in \
         \"P1=5m,1h,14.4\" is not longer than the short one (expected LEVEL=LONG,SHORT,RATE like \
         P1=1h,5m,14.4)",
    );
}
