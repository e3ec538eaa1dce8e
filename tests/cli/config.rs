//! The config file, `nines.toml`: found from the current directory up, named with `--config`,
//! ignored with `--no-config`; its settings under the options and over the defaults; `nines
//! config`; and every bad file, refused in one line naming the file, the line and the key.
//!
//! Each test runs in a scratch directory, so that no config file above it is found.

use crate::common::*;
use serde_json::json;

/// A day of two services: `api` down for an hour, `web` degraded for an hour.
const EVENTS: &str = "timestamp,service,status
2026-10-01T00:00:00Z,api,operational
2026-10-01T00:00:00Z,web,operational
2026-10-01T06:00:00Z,api,major_outage
2026-10-01T07:00:00Z,api,operational
2026-10-01T08:00:00Z,web,degraded_performance
2026-10-01T09:00:00Z,web,operational
2026-10-02T00:00:00Z,api,operational
";

/// A scratch directory with the events in `logs/day.csv` and `config` as its nines.toml.
fn project(config: &str) -> Scratch {
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path("logs")).unwrap();
    scratch.write("logs/day.csv", EVENTS).write("nines.toml", config);
    scratch
}

fn json_in(scratch: &Scratch, args: &[&str]) -> serde_json::Value {
    scratch.nines(&[&["report", "--format", "json"][..], args].concat()).json()
}

#[test]
fn the_nearest_config_file_is_read_and_its_paths_are_its_own() {
    let scratch = project("events = [\"logs/*.csv\"]\nslo = 99\n");
    std::fs::create_dir_all(scratch.path("deep/down")).unwrap();
    let run = run_in(&scratch.path("deep/down"), &["report", "--format", "json"], None);
    let report = run.json();
    assert_eq!(report["slo_percent"], 99.0);
    assert_eq!(service_names(&report), ["api", "web"]);
    // `nines config` says which file it read, as a path from where it runs.
    let run = run_in(&scratch.path("deep/down"), &["config", "--format", "json"], None);
    let config = run.json();
    assert_eq!(config["config_file"], "../../nines.toml");
    assert_eq!(
        config["settings"][0],
        json!({ "setting": "events", "value": "[../../logs/day.csv]", "origin": "../../nines.toml:1" })
    );
}

#[test]
fn options_win_over_the_file_and_the_file_over_the_defaults() {
    let scratch = project(
        "events = \"logs/day.csv\"\nslo = 99\ntz = \"Europe/Berlin\"\nweights = { degraded = 0.5 }\n",
    );
    let report = json_in(&scratch, &[]);
    assert_eq!(
        (&report["slo_percent"], &report["time_zone"]),
        (&json!(99.0), &json!("Europe/Berlin"))
    );
    assert_eq!(report["weights"]["degraded_performance"], 0.5);
    assert_eq!(service(&report, "web")["downtime_seconds"], 1800.0);
    let report = json_in(&scratch, &["--slo", "99.9", "--weights", "binary"]);
    assert_eq!(report["slo_percent"], 99.9);
    // The option's preset wins over the file's weight of one status.
    assert_eq!(report["weights"]["degraded_performance"], 0.0);
    let report = json_in(&scratch, &["--weight", "degraded=0.2"]);
    assert_eq!(report["weights"]["degraded_performance"], 0.2);
    // Files named on the command line replace the file's events.
    scratch.write("other.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,db,operational\n2026-10-01T01:00:00Z,db,operational\n");
    assert_eq!(service_names(&json_in(&scratch, &["other.csv"])), ["db"]);
}

#[test]
fn config_shows_each_setting_and_where_it_came_from() {
    let scratch = project(
        "events = \"logs/day.csv\"\nslo = 99\n\n[services.api]\nname = \"Public API\"\n\n\
         [groups.platform]\nmode = \"all\"\nmembers = [\"api\", \"web\"]\n",
    );
    let run = scratch.nines(&["config", "--tz", "Asia/Tokyo", "--platform", "--service", "p*"]);
    assert_eq!(
        run.ok(),
        "Config file: nines.toml

┌──────────────────────────────┬───────────────────┬──────────────┐
│ Setting                      ┆ Value             ┆ From         │
╞══════════════════════════════╪═══════════════════╪══════════════╡
│ events                       ┆ [logs/day.csv]    ┆ nines.toml:1 │
│ maintenance                  ┆ []                ┆ default      │
│ max_record_size              ┆ 16M               ┆ default      │
│ delimiter                    ┆ ,                 ┆ default      │
│ keep_going                   ┆ false             ┆ default      │
│ slo                          ┆ 99                ┆ nines.toml:2 │
│ tz                           ┆ Asia/Tokyo        ┆ --tz         │
│ weights.operational          ┆ 0                 ┆ default      │
│ weights.degraded_performance ┆ 0.1               ┆ default      │
│ weights.partial_outage       ┆ 0.3               ┆ default      │
│ weights.major_outage         ┆ 1                 ┆ default      │
│ initial_status               ┆ operational       ┆ default      │
│ granularity                  ┆ none              ┆ default      │
│ min_incident                 ┆ none              ┆ default      │
│ period                       ┆ none              ┆ default      │
│ contracts                    ┆ none              ┆ default      │
│ time_format                  ┆ auto              ┆ default      │
│ stale_after                  ┆ 1d                ┆ default      │
│ strict                       ┆ false             ┆ default      │
│ include                      ┆ p*                ┆ --service    │
│ services.api                 ┆ name \"Public API\" ┆ nines.toml:4 │
│ groups.platform              ┆ all of [*]        ┆ --platform   │
└──────────────────────────────┴───────────────────┴──────────────┘
"
    );
    let without = scratch.nines(&["config", "--no-config", "--format", "json"]).json();
    assert_eq!(without["config_file"], json!(null));
    assert_eq!(
        without["settings"][5],
        json!({ "setting": "slo", "value": "99.5", "origin": "default" })
    );
}

#[test]
fn no_config_and_a_named_config_choose_the_file() {
    let scratch = project("events = \"logs/day.csv\"\nslo = 99\n");
    scratch.write("strict.toml", "events = \"logs/day.csv\"\nslo = 99.99\n");
    assert_eq!(json_in(&scratch, &["--config", "strict.toml"])["slo_percent"], 99.99);
    let run = scratch.nines(&["report", "--no-config", "logs/day.csv", "--format", "json"]);
    assert_eq!(run.json()["slo_percent"], 99.5);
    scratch.nines(&["report", "--config", "missing.toml"]).fails_with(
        "cannot read the config file missing.toml: No such file or directory (os error 2)",
    );
    scratch
        .nines(&["report", "--config", "strict.toml", "--no-config"])
        .fails_with("the argument '--config <FILE>' cannot be used with '--no-config'");
    // budget reads no settings.
    scratch
        .nines(&["budget", "99.5", "--config", "strict.toml"])
        .fails_with("--config has no effect on budget: it reads no events and no settings");
}

#[test]
fn services_have_names_objectives_and_weights_of_their_own_and_can_be_ignored() {
    let scratch = project(
        "events = \"logs/day.csv\"\n[services.api]\nname = \"Public API\"\nslo = 95\n\
         [services.web]\nweights = \"binary\"\n",
    );
    let report = json_in(&scratch, &[]);
    let api = service(&report, "api");
    assert_eq!(
        (&api["display_name"], &api["slo_percent"], &api["slo_met"]),
        (&json!("Public API"), &json!(95.0), &json!(true))
    );
    let web = service(&report, "web");
    assert_eq!(web["weights"]["degraded_performance"], 0.0);
    assert_eq!(web["downtime_seconds"], 0.0);
    let table = scratch.nines(&["report"]).ok().to_owned();
    assert!(table.contains("│ Public API ┆"), "{table}");
    assert!(table.contains("         web: operational 0, degraded_performance 0, partial_outage 1, major_outage 1\n"), "{table}");
    let ignoring = project("events = \"logs/day.csv\"\n[services.web]\nignore = true\n");
    let report = json_in(&ignoring, &["--platform"]);
    assert_eq!(service_names(&report), ["platform", "api"]);
    assert_eq!(service(&report, "platform")["members"], json!(["api"]));
}

#[test]
fn groups_filters_and_counting_rules_come_from_the_file() {
    let scratch = project(
        "events = \"logs/day.csv\"\nmin_incident = \"90m\"\ninclude = [\"edge\"]\n\
         [groups.edge]\nmode = \"k_of_n\"\nk = 1\nmembers = [\"*\"]\nslo = 90\nname = \"Edge\"\n",
    );
    let report = json_in(&scratch, &[]);
    assert_eq!(service_names(&report), ["edge"]);
    let edge = service(&report, "edge");
    assert_eq!(
        (&edge["display_name"], &edge["k"], &edge["slo_percent"]),
        (&json!("Edge"), &json!(1), &json!(90.0))
    );
    assert_eq!(report["min_incident_seconds"], 5400.0);
    // `--service` replaces the file's include.
    assert_eq!(service_names(&json_in(&scratch, &["--service", "api"])), ["api"]);
    // An option declares a group afresh, in place of the file's.
    let report = json_in(&scratch, &["--group", "edge=all:api,web"]);
    assert_eq!(service(&report, "edge")["mode"], "all");
}

#[test]
fn credits_use_the_files_contracts() {
    let scratch = project(
        "events = \"logs/day.csv\"\ncontracts = \"sla/contracts.toml\"\nstale_after = \"31d\"\n[groups.both]\nmode = \"all\"\nmembers = [\"api\", \"web\"]\n",
    );
    std::fs::create_dir(scratch.path("sla")).unwrap();
    scratch.write(
        "sla/contracts.toml",
        "[[customer]]\nname = \"Acme\"\nservices = [\"both\"]\ntiers = [{ below = \"99.9\", credit_percent = \"10\" }]\nmonthly_fee = \"100\"\ncurrency = \"EUR\"\n",
    );
    let run = scratch.nines(&[
        "credits",
        "--month",
        "2026-10",
        "--now",
        "2026-11-02",
        "--format",
        "json",
    ]);
    let report = run.json();
    // both: api down an hour, web degraded an hour (360 s): 3,960 s of 2,678,400 s.
    assert_eq!(report["credits"][0]["availability_percent"], "99.85215053763440860215053763");
    assert_eq!(report["credits"][0]["credit_amount"], "10.00");
    Scratch::new().write("e.csv", EVENTS).nines(&["credits", "e.csv", "--month", "2026-10"]).fails_with(
        "--contracts: is missing: name the contracts file, or set contracts = \"FILE\" in nines.toml",
    );
}

#[test]
fn a_bad_config_file_is_refused_in_one_line_naming_the_line_and_key() {
    for (config, message) in [
        (
            "evnts = [\"x.csv\"]",
            "nines.toml:1: evnts is not a known field: did you mean events? (expected one of \
             events, maintenance, slo, tz, weights, initial_status, granularity, min_incident, \
             period, contracts, include, exclude, services, groups, input_format, max_record_size, \
             delimiter, keep_going, fields, status_map, time_format, stale_after or strict)",
        ),
        (
            "events = [\"evnts.csv\"]",
            "nines.toml:1: events[0] \"evnts.csv\" matches no file (looked for \"evnts.csv\") \
             (expected a path or a glob relative to the config file, like \"events.csv\")",
        ),
        // A path over two lines is named on one.
        (
            "events = \"\"\"logs\nday.csv\"\"\"",
            "nines.toml:1: events \"logs\\nday.csv\" matches no file (looked for \"logs\\nday.csv\") \
             (expected a path or a glob relative to the config file, like \"events.csv\")",
        ),
        (
            "events = 3",
            "nines.toml:1: events 3 is an integer (expected a list of paths or globs, relative to the config file, like [\"events/*.csv\"])",
        ),
        (
            "slo = 101",
            "nines.toml:1: slo 101 is not above 0 and at most 100 (expected a percentage above 0 and at most 100, like 99.5)",
        ),
        (
            "slo = \"abc\"",
            "nines.toml:1: slo \"abc\" is not a decimal number (expected a percentage above 0 and at most 100, like 99.5)",
        ),
        (
            "tz = \"Mars/Base\"",
            "nines.toml:1: tz \"Mars/Base\" is unknown (expected an IANA time zone like UTC or Europe/Berlin)",
        ),
        (
            "weights = { degraded = 2 }",
            "nines.toml:1: weights.degraded 2 is not between 0 and 1 (expected a weight from 0 to 1, like 0.2)",
        ),
        (
            "weights = \"binery\"",
            "nines.toml:1: weights \"binery\" is unknown: did you mean binary? (expected \"default\", \"statuspage\" or \"binary\")",
        ),
        (
            "weights = 1",
            "nines.toml:1: weights 1 is an integer (expected a preset (\"default\", \"statuspage\" or \"binary\"), or a table like { degraded_performance = \"0.2\" })",
        ),
        (
            "initial_status = \"up-ish\"",
            "nines.toml:1: initial_status \"up-ish\" is not a status (expected one of operational, degraded_performance, partial_outage, major_outage, under_maintenance, or an alias: up, ok, degraded, partial, major, down, outage, maintenance)",
        ),
        (
            "granularity = \"5x\"",
            "nines.toml:1: granularity \"5x\" is not a duration: unknown unit \"x\" (expected a duration like 30d, 1h 30m, 90s or 250ms)",
        ),
        (
            "granularity = \"0s\"",
            "nines.toml:1: granularity \"0s\" is empty (expected a duration of at least 1ms)",
        ),
        (
            "period = \"fortnight\"",
            "nines.toml:1: period \"fortnight\" is not a calendar period (expected \"day\", \"week\", \"month\", \"quarter\" or \"year\")",
        ),
        (
            "include = [\"[a\"]",
            "nines.toml:1: include[0] \"[a\" is not a glob: invalid range pattern (expected a glob over service and group names, like \"api-*\")",
        ),
        ("slo = 99\nslo = 98", "nines.toml:2: slo is not valid TOML at column 1: duplicate key"),
        (
            "[groups.x]\nmode = all",
            "nines.toml:2: groups.x.mode is not valid TOML at column 8: string values must be quoted, expected literal string",
        ),
        (
            "[groups.x]\nmode = \"most\"\nmembers = [\"api\"]",
            "nines.toml:2: groups.x.mode \"most\" is unknown (expected \"all\", \"any\" or \"k_of_n\")",
        ),
        (
            "[groups.x]\nmembers = [\"api\"]",
            "nines.toml:1: groups.x.mode is missing (expected \"all\", \"any\" or \"k_of_n\")",
        ),
        (
            "[groups.x]\nmode = \"all\"",
            "nines.toml:1: groups.x.members is missing (expected a list of services, groups or globs over service names, like [\"api\", \"db-*\"])",
        ),
        (
            "[groups.x]\nmode = \"all\"\nmembres = [\"api\"]",
            "nines.toml:3: groups.x.membres is not a known field: did you mean members? (expected one of mode, k, members, name, slo or weights)",
        ),
        (
            "[groups.x]\nmode = \"k_of_n\"\nmembers = [\"api\"]",
            "nines.toml:1: groups.x.k is missing (expected how many members must work, with mode = \"k_of_n\")",
        ),
        (
            "[groups.x]\nmode = \"any\"\nk = 1\nmembers = [\"api\"]",
            "nines.toml:3: groups.x.k is given for mode \"any\", which needs no k (expected k only with mode = \"k_of_n\")",
        ),
        (
            "[groups.x]\nmode = \"k_of_n\"\nk = -1\nmembers = [\"api\"]",
            "nines.toml:3: groups.x.k -1 is not a whole number from 0 to 4294967295 (expected how many members must work, like 2)",
        ),
        (
            "[groups.x]\nmode = \"all\"\nmembers = [1]",
            "nines.toml:3: groups.x.members[0] 1 is an integer (expected a service's or group's name, or a glob like \"db-*\")",
        ),
        (
            "[services.api]\nslo = 0",
            "nines.toml:2: services.api.slo 0 is not above 0 and at most 100 (expected a percentage above 0 and at most 100, like 99.5)",
        ),
        (
            "[services.api]\nignore = \"yes\"",
            "nines.toml:2: services.api.ignore \"yes\" is a string (expected true or false)",
        ),
        (
            "[services]\napi = 1",
            "nines.toml:2: services.api 1 is an integer (expected a table like [services.api] with name, slo or weights)",
        ),
    ] {
        Scratch::new()
            .write("e.csv", EVENTS)
            .write("nines.toml", config)
            .nines(&["report", "e.csv"])
            .fails_with(message);
    }
}

#[test]
fn groups_in_the_file_are_checked_against_the_events() {
    for (groups, message) in [
        (
            "[groups.p]\nmode = \"all\"\nmembers = [\"api\", \"wbe\"]",
            "nines.toml:3: groups.p.members[1]: group \"p\": member \"wbe\" is neither a service in \
             the events nor a group: did you mean web?",
        ),
        (
            "[groups.a]\nmode = \"all\"\nmembers = [\"b\"]\n[groups.b]\nmode = \"any\"\nmembers = [\"a\", \"api\"]",
            "nines.toml:1: groups.a: group \"a\": the groups contain each other in a cycle: a → b → a",
        ),
        (
            "[groups.s]\nmode = \"k_of_n\"\nk = 3\nmembers = [\"api\", \"web\"]",
            "nines.toml:1: groups.s: group \"s\": k 3 is out of range (expected 1 to 2, its members)",
        ),
        (
            "[groups.s]\nmode = \"all\"\nmembers = []",
            "nines.toml:1: groups.s: group \"s\": has no members (expected at least one)",
        ),
        (
            "[groups.api]\nmode = \"all\"\nmembers = [\"web\"]",
            "nines.toml:1: groups.api: group \"api\" has the name of a service in the events \
             (expected a name of its own)",
        ),
        (
            "[groups.x]\nmode = \"all\"\nmembers = [\"db-*\"]",
            "nines.toml:3: groups.x.members[0]: group \"x\": member \"db-*\" matches no service in the events",
        ),
        (
            "[services.web]\nignore = true\n[groups.x]\nmode = \"all\"\nmembers = [\"web\"]",
            "nines.toml:5: groups.x.members[0]: group \"x\": member \"web\" is ignored (ignore = true in its [services] table)",
        ),
        (
            "include = [\"apii\"]",
            "nines.toml:1: include[0]: matches no service or group: did you mean api?",
        ),
        ("exclude = [\"*\"]", "nines.toml:1: exclude[0]: leaves no service or group to report"),
    ] {
        let scratch = Scratch::new();
        scratch.write("e.csv", EVENTS).write("nines.toml", groups);
        scratch.nines(&["report", "e.csv"]).fails_with(message);
    }
}

#[test]
fn settings_for_a_service_without_events_are_a_warning() {
    let scratch = project("events = \"logs/day.csv\"\n[services.ghost]\nslo = 99\n");
    let run = scratch.nines(&["report", "--format", "csv"]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: nines.toml:2: services.ghost: no events for service \"ghost\", so its settings \
         apply to nothing\n"
    );
}
