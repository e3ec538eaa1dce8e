//! `budget`: error-budget arithmetic with no events. The nominal figures are uptime.is's (a
//! year of 365.2425 days, a month a twelfth of it); calendar periods last exactly as long as
//! they do in their time zone.

use crate::common::*;
use serde_json::json;

/// The output of `nines budget ARGS`, which must succeed and warn of nothing.
fn budget(args: &[&str]) -> String {
    nines(&[&["budget"], args].concat()).ok().to_owned()
}

/// The first line of every budget table: the nominal lengths of a month, a quarter and a year.
const AVERAGE_PERIODS: &str =
    "Periods:  a month is 30d 10h 29m 6s, a quarter 91d 7h 27m 18s, a year 365d 5h 49m 12s\n";

/// The line stating October 2026 in Berlin: 31 days and the hour summer time gives back.
const BERLIN_OCTOBER: &str = "Calendar: 2026-10 from 2026-10-01T00:00:00+02:00 to \
                              2026-11-01T00:00:00+01:00 (31d 1h, Europe/Berlin)\n";

// Downtime allowed ---------------------------------------------------------------------------

#[test]
fn the_downtime_allowed_matches_uptime_is() {
    // 1 % of a day is 864 s, of a week 6,048 s, of a month 26,297.46 s, of a quarter
    // 78,892.38 s and of a year 315,569.52 s; 0.5 % of a day is 432 s.
    assert_eq!(
        budget(&["99", "99.5"]),
        format!(
            "{AVERAGE_PERIODS}
┌───────┬─────────┬────────────┬────────────┬─────────────┬────────────────┐
│   SLO ┆     Day ┆       Week ┆      Month ┆     Quarter ┆           Year │
╞═══════╪═════════╪════════════╪════════════╪═════════════╪════════════════╡
│   99% ┆ 14m 24s ┆ 1h 40m 48s ┆ 7h 18m 17s ┆ 21h 54m 52s ┆ 3d 15h 39m 30s │
│ 99.5% ┆  7m 12s ┆    50m 24s ┆  3h 39m 9s ┆ 10h 57m 26s ┆ 1d 19h 49m 45s │
└───────┴─────────┴────────────┴────────────┴─────────────┴────────────────┘
"
        )
    );
}

#[test]
fn thirty_day_months_make_ninety_day_quarters_and_keep_the_year() {
    // 1 % of 30 days is 25,920 s = 7h 12m; of 90 days 77,760 s = 21h 36m. Day, week and year
    // are as without --month-days.
    assert_eq!(
        budget(&["99", "--month-days", "30"]),
        "Periods:  a month is 30d, a quarter 90d, a year 365d 5h 49m 12s

┌─────┬─────────┬────────────┬────────┬─────────┬────────────────┐
│ SLO ┆     Day ┆       Week ┆  Month ┆ Quarter ┆           Year │
╞═════╪═════════╪════════════╪════════╪═════════╪════════════════╡
│ 99% ┆ 14m 24s ┆ 1h 40m 48s ┆ 7h 12m ┆ 21h 36m ┆ 3d 15h 39m 30s │
└─────┴─────────┴────────────┴────────┴─────────┴────────────────┘
"
    );
}

#[test]
fn a_calendar_period_gets_its_exact_length_in_its_zone() {
    // October 2026 in Berlin: 31 × 86,400 + 3,600 = 2,682,000 s; 0.5 % of it is 13,410 s.
    assert_eq!(
        budget(&["99.5", "--calendar", "2026-10", "--tz", "Europe/Berlin"]),
        format!(
            "{AVERAGE_PERIODS}{BERLIN_OCTOBER}
┌───────┬────────┬─────────┬───────────┬─────────────┬────────────────┬────────────┐
│   SLO ┆    Day ┆    Week ┆     Month ┆     Quarter ┆           Year ┆    2026-10 │
╞═══════╪════════╪═════════╪═══════════╪═════════════╪════════════════╪════════════╡
│ 99.5% ┆ 7m 12s ┆ 50m 24s ┆ 3h 39m 9s ┆ 10h 57m 26s ┆ 1d 19h 49m 45s ┆ 3h 43m 30s │
└───────┴────────┴─────────┴───────────┴─────────────┴────────────────┴────────────┘
"
        )
    );
}

#[test]
fn every_kind_of_calendar_period_is_accepted() {
    let seconds = |period: &str| {
        let report = nines(&["budget", "99", "--calendar", period, "--format", "json"]).json();
        report["budgets"][0]["calendar"]["seconds"].as_f64().unwrap()
    };
    assert_eq!(seconds("2026"), 365.0 * DAY);
    assert_eq!(seconds("2024"), 366.0 * DAY);
    assert_eq!(seconds("2026-Q4"), 92.0 * DAY);
    assert_eq!(seconds("2026-02"), 28.0 * DAY);
    assert_eq!(seconds("2026-W43"), 7.0 * DAY);
    assert_eq!(seconds("2026-10-25"), DAY);
}

#[test]
fn budgets_as_json() {
    let report = nines(&["budget", "99.5", "--format", "json"]).json();
    assert_eq!(
        report,
        json!({
            "period_seconds": {
                "day": 86400.0, "week": 604800.0, "month": 2629746.0, "quarter": 7889238.0,
                "year": 31556952.0
            },
            "budgets": [{
                "slo_percent": 99.5,
                "allowed_downtime_seconds": {
                    "day": 432.0, "week": 3024.0, "month": 13148.73, "quarter": 39446.19,
                    "year": 157784.76
                }
            }]
        })
    );
}

#[test]
fn budgets_for_a_calendar_period_as_json() {
    let report =
        nines(&["budget", "99.5", "--calendar", "2026-10", "--tz", "Europe/Berlin", "-f", "json"])
            .json();
    assert_eq!(
        report["budgets"][0]["calendar"],
        json!({
            "period": "2026-10",
            "time_zone": "Europe/Berlin",
            "from": "2026-09-30T22:00:00Z",
            "to": "2026-10-31T23:00:00Z",
            "seconds": 2682000.0,
            "allowed_downtime_seconds": 13410.0
        })
    );
}

#[test]
fn budgets_as_csv() {
    assert_eq!(
        budget(&["99.5", "99.9", "--format", "csv"]),
        "slo_percent,allowed_downtime_seconds_day,allowed_downtime_seconds_week,\
         allowed_downtime_seconds_month,allowed_downtime_seconds_quarter,\
         allowed_downtime_seconds_year
99.5,432.0,3024.0,13148.73,39446.19,157784.76
99.9,86.4,604.8,2629.746,7889.238,31556.952
"
    );
    assert_eq!(
        budget(&["99.5", "--calendar", "2026-10", "--format", "csv"]),
        "slo_percent,allowed_downtime_seconds_day,allowed_downtime_seconds_week,\
         allowed_downtime_seconds_month,allowed_downtime_seconds_quarter,\
         allowed_downtime_seconds_year,calendar_period,calendar_time_zone,calendar_from,\
         calendar_to,calendar_seconds,calendar_allowed_downtime_seconds
99.5,432.0,3024.0,13148.73,39446.19,157784.76,2026-10,UTC,2026-10-01T00:00:00Z,\
         2026-11-01T00:00:00Z,2678400.0,13392.0
"
    );
}

// Availability left --------------------------------------------------------------------------

#[test]
fn a_downtime_per_month_leaves_its_availability() {
    // 100 × (1 − 10,800 / 2,629,746) = 99.58931394…%, shown to six decimals, toward zero.
    assert_eq!(
        budget(&["--downtime", "3h", "--per", "month"]),
        "┌──────────┬───────┬────────────────┬──────────────┐
│ Downtime ┆ Per   ┆         Period ┆ Availability │
╞══════════╪═══════╪════════════════╪══════════════╡
│       3h ┆ month ┆ 30d 10h 29m 6s ┆   99.589313% │
└──────────┴───────┴────────────────┴──────────────┘
"
    );
    // Compared as text: serde_json reads long decimals to within a unit in the last place.
    assert_eq!(
        budget(&["--downtime", "3h", "--per", "month", "--format", "json"]),
        r#"{
  "downtime_seconds": 10800.0,
  "per": "month",
  "period_seconds": 2629746.0,
  "availability_percent": 99.58931394895173
}
"#
    );
    assert_eq!(
        budget(&["--downtime", "3h", "--per", "month", "--format", "csv"]),
        "downtime_seconds,per,period_seconds,availability_percent\n\
         10800.0,month,2629746.0,99.58931394895173\n"
    );
}

#[test]
fn a_downtime_per_calendar_period_uses_its_exact_length() {
    // 13,410 s in Berlin's October 2026 (2,682,000 s) is exactly 99.5 %.
    assert_eq!(
        budget(&["--downtime", "3h 43m 30s", "--calendar", "2026-10", "--tz", "Europe/Berlin"]),
        format!(
            "{BERLIN_OCTOBER}
┌────────────┬─────────┬────────┬──────────────┐
│   Downtime ┆ Per     ┆ Period ┆ Availability │
╞════════════╪═════════╪════════╪══════════════╡
│ 3h 43m 30s ┆ 2026-10 ┆ 31d 1h ┆        99.5% │
└────────────┴─────────┴────────┴──────────────┘
"
        )
    );
    let result = nines(&[
        "budget",
        "--downtime",
        "13410s",
        "--calendar",
        "2026-10",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        result,
        json!({
            "downtime_seconds": 13410.0,
            "per": "month",
            "period_seconds": 2682000.0,
            "availability_percent": 99.5,
            "calendar": {
                "period": "2026-10",
                "time_zone": "Europe/Berlin",
                "from": "2026-09-30T22:00:00Z",
                "to": "2026-10-31T23:00:00Z",
                "seconds": 2682000.0
            }
        })
    );
}

#[test]
fn no_downtime_leaves_everything_and_a_whole_period_of_it_nothing() {
    let availability = |downtime: &str| {
        let result =
            nines(&["budget", "--downtime", downtime, "--per", "day", "--format", "json"]).json();
        result["availability_percent"].as_f64().unwrap()
    };
    assert_eq!(availability("0"), 100.0);
    assert_eq!(availability("0s"), 100.0);
    assert_eq!(availability("24h"), 0.0);
    assert_eq!(availability("7m 12s"), 99.5);
}

// Bad input ----------------------------------------------------------------------------------

#[test]
fn nothing_to_compute_is_refused() {
    nines(&["budget"]).fails_with(
        "nothing to compute: give objectives (nines budget 99.5 99.9), or --downtime with --per \
         or --calendar",
    );
}

#[test]
fn an_objective_must_be_a_percentage_above_0_and_at_most_100() {
    for slo in ["0", "100.5", "-5"] {
        nines(&["budget", slo]).fails_with(&format!(
            "invalid value '{slo}' for '[SLO]...': \"{slo}\" is not above 0 and at most 100 \
             (expected a percentage above 0 and at most 100, like 99.5)"
        ));
    }
    nines(&["budget", "99.5", "nines"]).fails_with(
        "invalid value 'nines' for '[SLO]...': \"nines\" is not a decimal number (expected a \
         percentage above 0 and at most 100, like 99.5)",
    );
}

#[test]
fn a_downtime_that_is_not_a_duration_is_refused() {
    nines(&["budget", "--downtime", "3 fortnights", "--per", "day"]).fails_with(
        "invalid value '3 fortnights' for '--downtime <DURATION>': \"3 fortnights\" is not a \
         duration: unknown unit \"fortnights\" (expected a duration like 30d, 1h 30m, 90s or \
         250ms)",
    );
    nines(&["budget", "--downtime", "-3h", "--per", "day"]).fails_with(
        "invalid value '-3h' for '--downtime <DURATION>': \"-3h\" is negative: a downtime is at \
         least 0 (expected a duration like 30d, 1h 30m, 90s or 250ms)",
    );
}

/// A month and a year are the nominal ones in `--downtime` and `--last` alike: a year of
/// downtime is all of a nominal year, and `--last 1M` is 30d 10h 29m 6s.
#[test]
fn months_and_years_are_the_nominal_ones_everywhere() {
    let year = nines(&["budget", "--downtime", "1y", "--per", "year", "-f", "json"]).json();
    assert_eq!(year["availability_percent"], 0.0, "{year:#}");
    let month = nines(&["budget", "--downtime", "1M", "--per", "month", "-f", "json"]).json();
    assert_eq!(month["availability_percent"], 0.0, "{month:#}");
    let last = nines(&[
        "report",
        "formats/canonical.csv",
        "--last",
        "1M",
        "--to",
        "2026-10-02",
        "--stale-after",
        "1y",
        "-f",
        "json",
    ])
    .json();
    assert_eq!(last["window"]["from"], "2026-09-01T13:30:54Z", "{last:#}");
}

#[test]
fn a_downtime_needs_what_it_is_per() {
    nines(&["budget", "--downtime", "3h"]).fails_with(
        "--downtime needs what it is per: --per day|week|month|quarter|year, or --calendar PERIOD",
    );
    nines(&["budget", "--downtime", "3h", "--per", "fortnight"]).fails_with(
        "invalid value 'fortnight' for '--per <PERIOD>' (possible values: day, week, month, \
             quarter, year)",
    );
    nines(&["budget", "--downtime", "3h", "--per", "month", "--calendar", "2026-10"])
        .fails_with("the argument '--per <PERIOD>' cannot be used with '--calendar <PERIOD>'");
}

#[test]
fn a_downtime_longer_than_its_period_is_refused() {
    nines(&["budget", "--downtime", "25h", "--per", "day"])
        .fails_with("a downtime of 90000 s is longer than a day (86400 s)");
    // Berlin's 2026-03-29 has 23 hours: clocks go forward.
    nines(&["budget", "--downtime", "23h 1s", "--calendar", "2026-03-29", "--tz", "Europe/Berlin"])
        .fails_with("a downtime of 82801 s is longer than 2026-03-29 in Europe/Berlin (82800 s)");
}

#[test]
fn objectives_and_a_downtime_are_two_questions() {
    nines(&["budget", "99.5", "--downtime", "3h", "--per", "day"])
        .fails_with("the argument '[SLO]...' cannot be used with '--downtime <DURATION>'");
    nines(&["budget", "99.5", "--per", "month"]).fails_with(
        "--per applies only to --downtime; objectives get the downtime they allow for every \
         period",
    );
}

#[test]
fn a_time_zone_needs_a_calendar_period() {
    nines(&["budget", "99.5", "--tz", "Europe/Berlin"]).fails_with(
        "--tz applies only to --calendar, whose days begin at midnight in it; nominal periods \
         have no time zone",
    );
    nines(&["budget", "99.5", "--calendar", "2026-10", "--tz", "Mars/Olympus"]).fails_with(
        "invalid value 'Mars/Olympus' for '--tz <ZONE>': \"Mars/Olympus\" is unknown \
             (expected an IANA time zone like UTC or Europe/Berlin)",
    );
}

#[test]
fn a_calendar_period_that_does_not_exist_is_refused() {
    nines(&["budget", "99.5", "--calendar", "2026-13"]).fails_with(
        "invalid value '2026-13' for '--calendar <PERIOD>': \"2026-13\" is not a calendar \
         period: month 13 is not within 1 to 12 (expected a year like 2026, a quarter like \
         2026-Q4, a month like 2026-10, an ISO week like 2026-W43 or a date like 2026-10-25)",
    );
    // Samoa skipped 2011-12-30 when it moved across the date line.
    nines(&["budget", "99.5", "--calendar", "2011-12-30", "--tz", "Pacific/Apia"])
        .fails_with("calendar period 2011-12-30: 2011-12-30 does not exist in Pacific/Apia");
}

#[test]
fn month_days_are_28_to_31() {
    nines(&["budget", "99.5", "--month-days", "27"])
        .fails_with("invalid value '27' for '--month-days <DAYS>': 27 is not in 28..=31");
}

// docs/semantics.md --------------------------------------------------------------------------

#[test]
fn the_worked_example_of_budget_arithmetic() {
    // "Budget arithmetic (`nines budget`)" in docs/semantics.md.
    let month_allowed = |extra: &[&str]| {
        let report = nines(&[&["budget", "99.9", "--format", "json"], extra].concat()).json();
        report["budgets"][0].clone()
    };
    let average = month_allowed(&[]);
    assert_eq!(average["allowed_downtime_seconds"]["month"], 2629.746);
    let thirty = month_allowed(&["--month-days", "30"]);
    assert_eq!(thirty["allowed_downtime_seconds"]["month"], 2592.0);
    assert_eq!(thirty["allowed_downtime_seconds"]["year"], 31556.952);
    let october = month_allowed(&["--calendar", "2026-10", "--tz", "Europe/Berlin"]);
    assert_eq!(october["calendar"]["seconds"], 2682000.0);
    assert_eq!(october["calendar"]["allowed_downtime_seconds"], 2682.0);
    assert_eq!(
        budget(&["99.9", "--calendar", "2026-10", "--tz", "Europe/Berlin"]).lines().nth(6),
        Some("│ 99.9% ┆ 1m 26s ┆ 10m 5s ┆ 43m 50s ┆ 2h 11m 29s ┆ 8h 45m 57s ┆ 44m 42s │")
    );

    // 100 × (1 − 2,700 / 2,629,746) = 99.8973284…%: 45m is more than 99.9 % allows.
    let left = budget(&["--downtime", "45m", "--per", "month", "--format", "json"]);
    assert!(left.contains("\"availability_percent\": 99.89732848723793\n"), "{left}");
    assert!(
        budget(&["--downtime", "45m", "--per", "month"]).contains("┆   99.897328% │"),
        "six decimals, toward zero"
    );
}
