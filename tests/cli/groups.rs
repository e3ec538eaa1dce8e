//! Groups from the command line (`--group`, `--platform`) and the filters (`--service`,
//! `--exclude`) in every command that measures: report, check, timeline, burn and credits.
//! The figures of rule 18's examples are tested in docs_examples.rs; here, what each output
//! shows of groups, and every bad declaration with its message.
//!
//! groups/three.csv is rule 18's example: `a` down 10:10–10:20, `b` in partial outage
//! 10:15–10:30, `c` degraded 11:00–11:30, over 10:00–12:00.

use crate::common::*;
use serde_json::json;

const THREE: &str = "groups/three.csv";

fn with_three(args: &[&str]) -> Run {
    nines(&[&args[..1], &[THREE], &args[1..]].concat())
}

#[test]
fn a_report_lists_groups_first_with_their_kind_mode_and_estimate() {
    let run = with_three(&["report", "--group", "pair=any:a,b", "--group", "core=2of3:a,b,c"]);
    assert_eq!(
        run.ok(),
        "Window:  2026-10-01T10:00:00Z to 2026-10-01T12:00:00Z (2h, UTC)
SLO:     99.5%
Weights: operational 0, degraded_performance 0.1, partial_outage 0.3, major_outage 1; maintenance is not counted

┌──────┬───────────────┬──────────────┬────────────────┬─────────┬──────────┬─────────────┬─────────────┬───────────┬─────────┬─────────────┐
│ Name ┆ Kind          ┆ Availability ┆ If independent ┆ SLO met ┆ Downtime ┆ Budget left ┆ Budget used ┆ Incidents ┆ Longest ┆ Maintenance │
╞══════╪═══════════════╪══════════════╪════════════════╪═════════╪══════════╪═════════════╪═════════════╪═══════════╪═════════╪═════════════╡
│ pair ┆ group: any    ┆      98.750% ┆        99.687% ┆      NO ┆   1m 30s ┆        -54s ┆      250.0% ┆         1 ┆      5m ┆          0s │
│ core ┆ group: 2 of 3 ┆      98.750% ┆        99.401% ┆      NO ┆   1m 30s ┆        -54s ┆      250.0% ┆         1 ┆      5m ┆          0s │
│ a    ┆ service       ┆      91.666% ┆                ┆      NO ┆      10m ┆     -9m 24s ┆     1666.7% ┆         1 ┆     10m ┆          0s │
│ b    ┆ service       ┆      96.250% ┆                ┆      NO ┆   4m 30s ┆     -3m 54s ┆      750.0% ┆         1 ┆     15m ┆          0s │
│ c    ┆ service       ┆      97.500% ┆                ┆      NO ┆       3m ┆     -2m 24s ┆      500.0% ┆         1 ┆     30m ┆          0s │
└──────┴───────────────┴──────────────┴────────────────┴─────────┴──────────┴─────────────┴─────────────┴───────────┴─────────┴─────────────┘
"
    );
}

#[test]
fn json_and_csv_mark_each_entry_a_service_or_a_group() {
    let report = with_three(&["report", "--format", "json", "--group", "core=2of3:a,b,c"]).json();
    let core = service(&report, "core");
    assert_eq!(core["kind"], "group");
    assert_eq!(core["display_name"], "core");
    assert_eq!((&core["mode"], &core["k"]), (&json!("k_of_n"), &json!(2)));
    assert_eq!(core["members"], json!(["a", "b", "c"]));
    assert_eq!(core["slo_percent"], 99.5);
    let a = service(&report, "a");
    assert_eq!(
        (&a["kind"], &a["mode"], &a["k"], &a["members"]),
        (&json!("service"), &json!(null), &json!(null), &json!(null))
    );
    assert_eq!(a["independent_estimate_percent"], json!(null));

    let csv = with_three(&["report", "--format", "csv", "--platform", "--service", "platform"]);
    let lines: Vec<&str> = csv.ok().lines().collect();
    assert!(
        lines[0].starts_with("service,kind,display_name,mode,k,slo_percent,period,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(",independent_estimate_percent"));
    assert!(lines[1].starts_with("platform,group,platform,all,3,99.5,total,"), "{}", lines[1]);
    assert!(lines[1].ends_with(",86.0234375"), "{}", lines[1]);
    assert_eq!(lines.len(), 2);
}

#[test]
fn groups_are_measured_per_period_too() {
    let report =
        with_three(&["report", "--format", "json", "--group", "pair=any:a,b", "--period", "day"])
            .json();
    let pair = service(&report, "pair");
    let day = &pair["periods"][0];
    assert_eq!(day["period"], "2026-10-01");
    assert_eq!(day["partial"], true);
    assert_eq!(day["downtime_seconds"], 90.0);
    assert_eq!(day["independent_estimate_percent"], 99.6875);
}

#[test]
fn the_timeline_shows_a_groups_own_stretches() {
    let run = with_three(&[
        "timeline",
        "--format",
        "csv",
        "--group",
        "pair=any:a,b",
        "--service",
        "pair",
    ]);
    assert_eq!(
        run.ok(),
        timeline_csv_of(&[
            "pair,group,2026-10-01T10:00:00Z,2026-10-01T10:15:00Z,900.0,operational,operational,true,0.0,0.0",
            "pair,group,2026-10-01T10:15:00Z,2026-10-01T10:20:00Z,300.0,partial_outage,partial_outage,true,0.3,90.0",
            "pair,group,2026-10-01T10:20:00Z,2026-10-01T12:00:00Z,6000.0,operational,operational,true,0.0,0.0",
        ])
    );
}

#[test]
fn check_judges_groups_and_counts_them_apart() {
    let run = with_three(&[
        "check",
        "--slo",
        "90",
        "--group",
        "series=all:a,b,c",
        "--group",
        "pair=any:a,b",
    ]);
    run.exits(1);
    assert_eq!(
        run.stdout,
        "series: availability 86.666% is below the SLO of 90%: 16m of weighted downtime, 4m over \
         the error budget of 12m\n\
         1 of 3 services and 2 groups misses the SLO of 90% from 2026-10-01T10:00:00Z to \
         2026-10-01T12:00:00Z\n"
    );
    let run = with_three(&["check", "--slo", "80", "--group", "pair=any:a,b"]);
    assert_eq!(
        run.ok(),
        "nothing misses the SLO of 80% (3 services and 1 group measured) from \
         2026-10-01T10:00:00Z to 2026-10-01T12:00:00Z\n"
    );
}

#[test]
fn burn_rates_groups() {
    let run = with_three(&[
        "burn",
        "--slo",
        "99",
        "--format",
        "csv",
        "--group",
        "series=all:a,b,c",
        "--service",
        "series",
    ]);
    assert_eq!(
        run.ok(),
        "service,kind,display_name,slo_percent,burn_rates_5m,burn_rates_30m,burn_rates_1h,\
         burn_rates_6h,burn_rates_3d,firing\n\
         series,group,series,99.0,0.0,0.0,5.0,4.444444444444445,0.37037037037037035,\n"
    );
}

#[test]
fn a_contract_covers_a_group_by_name() {
    let run = with_three(&[
        "credits",
        "--contracts",
        "groups/contracts.toml",
        "--group",
        "pair=any:a,b",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
        "--stale-after",
        "31d",
        "--format",
        "json",
    ]);
    let report = run.json();
    let pair = &report["credits"][0];
    assert_eq!(
        pair["services"],
        json!([{ "service": "pair", "kind": "group", "availability_percent": "99.99663978494623655913978495" }])
    );
    // 100 × (1 − 90 / 2,678,400): the group's downtime over October.
    assert_eq!(pair["availability_percent"], "99.99663978494623655913978495");
    // The platform of a, b and c is the series group: 960 s of downtime.
    assert_eq!(report["credits"][1]["availability_percent"], "99.96415770609318996415770609");
}

#[test]
fn the_platform_is_every_service_in_series() {
    let report = with_three(&["report", "--format", "json", "--platform"]).json();
    let platform = service(&report, "platform");
    assert_eq!(platform["members"], json!(["a", "b", "c"]));
    assert_eq!(platform["downtime_seconds"], 960.0);
    assert_eq!(service_names(&report), ["platform", "a", "b", "c"]);
}

#[test]
fn filters_choose_what_is_reported() {
    let names = |args: &[&str]| {
        let report =
            with_three(&[&["report", "--format", "json", "--platform"][..], args].concat()).json();
        service_names(&report).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(names(&["--service", "a"]), ["a"]);
    assert_eq!(names(&["--service", "[ab]", "--service", "plat*"]), ["platform", "a", "b"]);
    assert_eq!(names(&["--exclude", "platform"]), ["a", "b", "c"]);
    assert_eq!(names(&["--service", "?", "--exclude", "c"]), ["a", "b"]);
}

#[test]
fn bad_groups_are_refused_with_the_group_named() {
    for (args, message) in [
        (
            &["--group", "x=all:a,d"][..],
            "--group \"x=all:a,d\": group \"x\": member \"d\" is neither a service in the events nor \
             a group: did you mean a?",
        ),
        (
            &["--group", "x=all:y", "--group", "y=any:x,a"],
            "--group \"x=all:y\": group \"x\": the groups contain each other in a cycle: x → y → x",
        ),
        (
            &["--group", "x=all:x"],
            "--group \"x=all:x\": group \"x\": the groups contain each other in a cycle: x → x",
        ),
        (
            &["--group", "x=4of4:a,b,c,a"],
            "--group \"x=4of4:a,b,c,a\": group \"x\": 4 of 4 names 4 members, but the group has 3",
        ),
        (
            &["--group", "x=0of3:a,b,c"],
            "--group \"x=0of3:a,b,c\": group \"x\": k 0 is out of range (expected 1 to 3, its members)",
        ),
        (
            &["--group", "x=all:"],
            "--group \"x=all:\": group \"x\": has no members (expected at least one)",
        ),
        (
            &["--group", "a=all:b,c"],
            "--group \"a=all:b,c\": group \"a\" has the name of a service in the events (expected a \
             name of its own)",
        ),
        (
            &["--group", "x=any:a", "--group", "x=all:b"],
            "--group \"x=all:b\": group \"x\" is declared twice (expected each once)",
        ),
        (
            &["--group", "x=any:z*"],
            "--group \"x=any:z*\": group \"x\": member \"z*\" matches no service in the events",
        ),
        (&["--service", "q*"], "--service \"q*\": matches no service or group"),
        (&["--exclude", "*"], "--exclude \"*\": leaves no service or group to report"),
        (
            &["--group", "x"],
            "invalid value 'x' for '--group <NAME=MODE:MEMBERS>': \"x\" has no '=' (expected \
             NAME=MODE:MEMBER,MEMBER,... like db=2of3:db-1,db-2,db-3, with MODE all, any or KofN)",
        ),
        (
            &["--group", "x=most:a"],
            "invalid value 'x=most:a' for '--group <NAME=MODE:MEMBERS>': unknown mode \"most\" in \
             \"x=most:a\" (expected NAME=MODE:MEMBER,MEMBER,... like db=2of3:db-1,db-2,db-3, with \
             MODE all, any or KofN)",
        ),
        (
            &["--service", "[a"],
            "invalid value '[a' for '--service <GLOB>': \"[a\" is not a glob: invalid range pattern \
             (expected a glob like 'api-*')",
        ),
    ] {
        with_three(&[&["report"][..], args].concat()).fails_with(message);
    }
}

#[test]
fn groups_work_in_every_command() {
    for command in ["report", "check", "timeline", "burn"] {
        let run = with_three(&[command, "--group", "g=any:a", "--service", "g"]);
        assert!(run.stdout.contains('g'), "{command}: {}", run.stdout);
        assert_eq!(run.stderr, "", "{command}");
    }
}
