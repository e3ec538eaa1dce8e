//! The gates' output for CI systems: `--format json|csv|junit|github|markdown` and `--quiet`
//! on `check`, `check --contracts` and `burn`. (The JUnit schema itself is checked by the
//! `external` test target, which has a schema validator.)

use serde_json::{Value, json};

use crate::common::*;

/// semantics/late_start.csv: api misses 99.5 % (97.5 %), web meets it.
const LATE: [&str; 2] = ["check", "semantics/late_start.csv"];

const API_LINE: &str = "api: availability 97.500% is below the SLO of 99.5%: 36m of weighted \
    downtime, 28m 48s over the error budget of 7m 12s";
const WEB_LINE: &str = "web: availability 100.000% meets the SLO of 99.5%: 0s of weighted \
    downtime, 7m 12s of the error budget of 7m 12s left";
const SUMMARY: &str =
    "1 of 2 services misses the SLO of 99.5% from 2026-10-01T00:00:00Z to 2026-10-02T00:00:00Z";

fn late(format: &[&str]) -> Run {
    nines(&[&LATE[..], format, &["--now", "2026-10-03T04:05:06Z"]].concat())
}

#[test]
fn json_gives_the_verdict_per_subject() {
    let run = late(&["--format", "json"]);
    run.exits(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report,
        json!({
            "gate": "check",
            "passed": false,
            "summary": SUMMARY,
            "generated_at": "2026-10-03T04:05:06Z",
            "cases": [
                {
                    "suite": "services", "subject": "api", "display_name": "api", "period": null,
                    "outcome": "failed", "message": API_LINE, "availability_percent": 97.5
                },
                {
                    "suite": "services", "subject": "web", "display_name": "web", "period": null,
                    "outcome": "passed", "message": WEB_LINE, "availability_percent": 100.0
                }
            ]
        })
    );
}

#[test]
fn csv_has_a_row_per_case() {
    late(&["-f", "csv"]).expect(
        1,
        &format!(
            "suite,subject,display_name,period,outcome,message,availability_percent\n\
             services,api,api,,failed,\"{API_LINE}\",97.5\n\
             services,web,web,,passed,\"{WEB_LINE}\",100.0\n"
        ),
        "",
    );
}

/// The JUnit document, parsed; the schema is the external tests' to check.
fn junit(run: &Run) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(&run.stdout).expect("the JUnit output is well-formed XML")
}

#[test]
fn junit_has_a_test_case_per_subject_and_a_failure_carrying_the_figures() {
    let run = late(&["-f", "junit"]);
    run.exits(1);
    let document = junit(&run);
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|node| node.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    for (attribute, value) in [
        ("name", "services"),
        ("package", "nines.check"),
        ("id", "0"),
        ("timestamp", "2026-10-03T04:05:06"),
        ("tests", "2"),
        ("failures", "1"),
        ("errors", "0"),
    ] {
        assert_eq!(suite.attribute(attribute), Some(value), "{attribute}");
    }
    let cases: Vec<_> = suite.children().filter(|node| node.has_tag_name("testcase")).collect();
    let names: Vec<_> = cases.iter().map(|case| case.attribute("name").unwrap()).collect();
    assert_eq!(names, ["api", "web"]);
    // Without skipped cases, the attribute is left out, as the oldest schemas want.
    assert_eq!(suite.attribute("skipped"), None);
    assert_eq!(cases[0].attribute("classname"), Some("nines.check.services"));
    let failure = cases[0].children().find(|node| node.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("message"), Some(API_LINE));
    assert_eq!(failure.text(), Some(API_LINE));
    assert_eq!(cases[1].children().filter(|node| node.is_element()).count(), 0);
    let out = suite.children().find(|node| node.has_tag_name("system-out")).unwrap();
    assert_eq!(out.text(), Some(SUMMARY));
}

#[test]
fn junit_skips_a_subject_that_was_all_maintenance() {
    let run = nines(&["check", "semantics/all_maintenance.csv", "-f", "junit"]);
    let document = junit(&run);
    let suite = document.descendants().find(|node| node.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("skipped"), Some("1"), "{}", run.stdout);
    let skipped = document.descendants().find(|node| node.has_tag_name("skipped")).unwrap();
    assert!(skipped.text().unwrap().contains("entirely in maintenance"), "{}", run.stdout);
}

#[test]
fn junit_has_a_case_per_subject_and_period_with_period() {
    let run = nines(&["check", "periods/berlin_autumn.csv", "--period", "month", "-f", "junit"]);
    let document = junit(&run);
    let names: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("testcase"))
        .map(|node| node.attribute("name").unwrap())
        .collect();
    assert!(names.len() > 1 && names.iter().all(|name| name.contains(" (20")), "{names:?}");
}

#[test]
fn a_hostile_name_is_text_in_every_ci_format() {
    let scratch = Scratch::new();
    let name = "<img src=x onerror=alert(1)>&\"x\"";
    scratch.write(
        "hostile.csv",
        format!(
            "timestamp,service,status\n2026-10-01T00:00:00Z,\"{}\",major_outage\n\
             2026-10-02T00:00:00Z,\"{}\",major_outage\n",
            name.replace('"', "\"\""),
            name.replace('"', "\"\"")
        ),
    );
    let junit_run = scratch.nines(&["check", "hostile.csv", "-f", "junit"]);
    junit_run.exits(1);
    assert!(!junit_run.stdout.contains("<img"), "{}", junit_run.stdout);
    let document = junit(&junit_run);
    let case = document.descendants().find(|node| node.has_tag_name("testcase")).unwrap();
    assert_eq!(case.attribute("name"), Some(name));
    let markdown = scratch.nines(&["check", "hostile.csv", "-f", "markdown"]);
    // Markdown shows `\<` as `<`: only an unescaped one would be markup.
    assert!(!markdown.stdout.replace("\\<", "").contains('<'), "{}", markdown.stdout);
    assert!(markdown.stdout.contains("\\<img src=x onerror=alert(1)\\>\\&"), "{}", markdown.stdout);
    let github = scratch.nines(&["check", "hostile.csv", "-f", "github"]);
    assert_eq!(github.stdout.lines().count(), 2, "{}", github.stdout);
}

#[test]
fn github_annotates_each_failure_and_the_verdict() {
    late(&["-f", "github"]).expect(
        1,
        &format!(
            "::error title=nines check%3A api::{}\n::error title=nines check::{}\n",
            API_LINE.replace('%', "%25"),
            SUMMARY.replace('%', "%25")
        ),
        "",
    );
    let passing = nines(&["check", "semantics/late_start.csv", "--slo", "90", "-f", "github"]);
    passing.exits(0);
    assert!(passing.stdout.starts_with("::notice title=nines check::no service misses"));
}

#[test]
fn markdown_is_a_summary_with_the_failures_first() {
    late(&["-f", "markdown"]).expect(
        1,
        &format!(
            "### nines check: failed\n\n{SUMMARY}\n\n\
             | Case | Outcome | Verdict |\n|---|---|---|\n| api | **failed** | {API_LINE} |\n\n\
             <details><summary>1 passed</summary>\n\n\
             | Case | Outcome | Verdict |\n|---|---|---|\n| web | passed | {WEB_LINE} |\n\n\
             </details>\n"
        ),
        "",
    );
}

#[test]
fn quiet_prints_nothing_and_only_sets_the_exit_code() {
    late(&["--quiet"]).expect(1, "", "");
    nines(&["check", "semantics/late_start.csv", "--slo", "90", "-q"]).expect(0, "", "");
    // Not even the warning about stale data.
    let stale = ["check", "formats/canonical.csv", "--last", "30d", "--now", "2026-12-02", "-q"];
    nines(&stale).expect(0, "", "");
    // But errors are still said.
    nines(&["check", "nosuch.csv", "-q"]).fails_mentioning("nosuch.csv: No such file", &[]);
    nines(&["check", "semantics/late_start.csv", "-q", "-f", "json"])
        .fails_mentioning("the argument '--quiet' cannot be used with '--format <FORMAT>'", &[]);
    nines(&["burn", "burn/alerts.csv", "-q"]).expect(1, "", "");
}

#[test]
fn check_contracts_speaks_every_ci_format() {
    let args = [
        "check",
        "credits/october.csv",
        "--contracts",
        "credits/thresholds.toml",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
        "--stale-after",
        "31d",
    ];
    let run = nines(&[&args[..], &["-f", "json"]].concat());
    run.exits(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["gate"], "check --contracts");
    assert_eq!(report["summary"], "5 credits owed in 6 customer-months: 1800.00 EUR");
    assert_eq!(report["cases"][0]["outcome"], "passed");
    assert_eq!(
        report["cases"][0]["message"],
        "At 99.5: 2026-10 availability 99.500%: no credit owed"
    );
    assert_eq!(report["cases"][1]["period"], "2026-10");
    assert_eq!(
        report["cases"][1]["message"],
        "Past 99.5: 2026-10 availability 99.499% is below 99.5: 10% credit, 100.00 EUR"
    );
    let junit_run = nines(&[&args[..], &["-f", "junit"]].concat());
    let document = junit(&junit_run);
    let suite = document.descendants().find(|node| node.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("name"), Some("customers"));
    assert_eq!((suite.attribute("tests"), suite.attribute("failures")), (Some("6"), Some("5")));
    nines(&[&args[..], &["-q"]].concat()).expect(1, "", "");
}

#[test]
fn burn_fails_a_case_for_an_alert_that_pages() {
    let run = nines(&["burn", "burn/alerts.csv", "-f", "github"]);
    run.exits(1);
    assert_eq!(
        run.stdout,
        "::error title=nines burn%3A api::api: P1 pages: burn rates 5m 200.00, 30m 66.66, 1h \
         33.33, 6h 5.55, 3d 0.46\n\
         ::error title=nines burn%3A db::db: P1 pages: burn rates 5m 20.00, 30m 20.00, 1h 20.00, \
         6h 20.00, 3d 3.33\n\
         ::error title=nines burn::alerts page for 2 of 5 services at 2026-10-31T12:00:00Z\n"
    );
    let document_run = nines(&["burn", "burn/alerts.csv", "-f", "junit"]);
    let document = junit(&document_run);
    let failures = document.descendants().filter(|node| node.has_tag_name("failure")).count();
    assert_eq!(failures, 2);
    // The table stays the default, and `table` still names it.
    let table = nines(&["burn", "burn/alerts.csv", "-f", "table"]);
    assert_eq!(table.stdout, nines(&["burn", "burn/alerts.csv"]).stdout);
}
