//! Calendar periods (`--period`), calendar windows (`--day` … `--year`), `--last` and `--now`,
//! and `check --period`: exact output on small hand-made inputs.
//!
//! periods/berlin_autumn.csv, read with `--tz Europe/Berlin`, runs from 2026-09-30 00:00 to
//! 2026-11-02 00:00 Berlin time (2026-09-29T22:00:00Z to 2026-11-01T23:00:00Z): 1 day of
//! September, all of October (31 days and 1 hour: the clocks go back on 2026-10-25) and 1 day
//! of November, 86,400 + 2,682,000 + 86,400 = 2,854,800 s.
//!   api: major outage 2026-09-30 23:00 to 2026-10-01 01:00 (Berlin), an hour on each side of
//!        the month's start; partial outage 2026-10-25 from the first 02:30 to the second, 1 h.
//!   web: operational throughout.

use crate::common::*;
use serde_json::{Value, json};

const BERLIN_AUTUMN: [&str; 5] =
    ["periods/berlin_autumn.csv", "--tz", "Europe/Berlin", "--period", "month"];

/// Asserts that `nines ARGS` succeeds, warns of nothing and prints exactly `stdout`.
fn assert_output(args: &[&str], stdout: &str) {
    let run = nines(args);
    assert_eq!(run.ok(), stdout, "nines {args:?}");
}

// --period ------------------------------------------------------------------------------------

#[test]
fn months_in_berlin_as_a_table() {
    // api, 2026-09 (partial, 1 day): 3,600 s down; budget 432 s, left 432 − 3,600 = −3,168 s
    //   (−52m 48s); used 100 × 3,600 / 432 = 833.33… %, shown rounded up: 833.4 %; availability 95.833 %.
    // api, 2026-10 (31d 1h = 2,682,000 s): 3,600 + 0.3 × 3,600 = 4,680 s = 1h 18m; budget
    //   13,410 s, left 8,730 s = 2h 25m 30s; used 34.9 %; availability 99.8255… → 99.825 %;
    //   two incidents: the second hour of the first outage, and the partial outage.
    // api, total: 8,280 s = 2h 18m; budget 14,274 s, left 5,994 s = 1h 39m 54s; used 58.007… %, shown 58.1 %;
    //   one outage of 2 h and one of 1 h.
    // web: budgets of 432 s (7m 12s), 13,410 s (3h 43m 30s) and 14,274 s (3h 57m 54s).
    assert_output(
        &[&["report"][..], &BERLIN_AUTUMN].concat(),
        "\
Window:  2026-09-30T00:00:00+02:00 to 2026-11-02T00:00:00+01:00 (33d 1h, Europe/Berlin)
SLO:     99.5%
Weights: operational 0, degraded_performance 0.1, partial_outage 0.3, major_outage 1; maintenance is not counted
Periods: each calendar month in Europe/Berlin

┌─────────┬───────────────────┬────────┬──────────────┬─────────┬──────────┬─────────────┬─────────────┬───────────┬─────────┬─────────────┐
│ Service ┆ Period            ┆ Length ┆ Availability ┆ SLO met ┆ Downtime ┆ Budget left ┆ Budget used ┆ Incidents ┆ Longest ┆ Maintenance │
╞═════════╪═══════════════════╪════════╪══════════════╪═════════╪══════════╪═════════════╪═════════════╪═══════════╪═════════╪═════════════╡
│ api     ┆ 2026-09 (partial) ┆     1d ┆      95.833% ┆      NO ┆       1h ┆    -52m 48s ┆      833.4% ┆         1 ┆      1h ┆          0s │
│ api     ┆ 2026-10           ┆ 31d 1h ┆      99.825% ┆     yes ┆   1h 18m ┆  2h 25m 30s ┆       34.9% ┆         2 ┆      1h ┆          0s │
│ api     ┆ 2026-11 (partial) ┆     1d ┆     100.000% ┆     yes ┆       0s ┆      7m 12s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ api     ┆ total             ┆ 33d 1h ┆      99.709% ┆     yes ┆   2h 18m ┆  1h 39m 54s ┆       58.1% ┆         2 ┆      2h ┆          0s │
│ web     ┆ 2026-09 (partial) ┆     1d ┆     100.000% ┆     yes ┆       0s ┆      7m 12s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ web     ┆ 2026-10           ┆ 31d 1h ┆     100.000% ┆     yes ┆       0s ┆  3h 43m 30s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ web     ┆ 2026-11 (partial) ┆     1d ┆     100.000% ┆     yes ┆       0s ┆      7m 12s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ web     ┆ total             ┆ 33d 1h ┆     100.000% ┆     yes ┆       0s ┆  3h 57m 54s ┆        0.0% ┆         0 ┆      0s ┆          0s │
└─────────┴───────────────────┴────────┴──────────────┴─────────┴──────────┴─────────────┴─────────────┴───────────┴─────────┴─────────────┘
",
    );
}

/// The incidents object: count, total, longest, and mttr and mtbf when there are incidents.
fn incidents(count: u64, total: f64, longest: f64, means: Option<(f64, f64)>) -> Value {
    let (mttr, mtbf) =
        means.map_or((Value::Null, Value::Null), |(mttr, mtbf)| (json!(mttr), json!(mtbf)));
    json!({
        "count": count,
        "total_seconds": total,
        "longest_seconds": longest,
        "mttr_seconds": mttr,
        "mtbf_seconds": mtbf,
    })
}

/// The figures of an operational stretch of `length` seconds at the 99.5 % objective.
fn all_up(length: f64) -> Value {
    let budget = length * 0.005;
    json!({
        "seconds": seconds(length, 0.0, 0.0, 0.0, 0.0),
        "excluded_seconds": 0.0,
        "counted_seconds": length,
        "downtime_seconds": 0.0,
        "availability_percent": 100.0,
        "slo_met": true,
        "error_budget_seconds": budget,
        "error_budget_remaining_seconds": budget,
        "error_budget_consumed_percent": 0.0,
        "burn_rate": 0.0,
        "incidents": incidents(0, 0.0, 0.0, None),
    })
}

/// A service's `periods` entry: the period's name, bounds and whether it is partial, then
/// `figures`, and no estimate (only groups have one).
fn period(name: &str, from: &str, to: &str, partial: bool, figures: Value) -> Value {
    let mut entry = json!({ "period": name, "from": from, "to": to, "partial": partial });
    entry.as_object_mut().unwrap().extend(figures.as_object().unwrap().clone());
    entry["independent_estimate_percent"] = Value::Null;
    entry
}

/// A service's entry at the default objective and weights: what it is, its whole-window
/// `figures`, then its `periods`.
fn service_entry(name: &str, figures: Value, periods: Vec<Value>) -> Value {
    let mut entry = json!({
        "service": name,
        "kind": "service",
        "display_name": name,
        "mode": null,
        "k": null,
        "members": null,
        "slo_percent": 99.5,
        "weights": {
            "operational": 0.0,
            "degraded_performance": 0.1,
            "partial_outage": 0.3,
            "major_outage": 1.0
        },
    });
    entry.as_object_mut().unwrap().extend(figures.as_object().unwrap().clone());
    entry["independent_estimate_percent"] = Value::Null;
    entry["periods"] = Value::Array(periods);
    entry
}

const SEP_30: &str = "2026-09-29T22:00:00Z";
const OCT_1: &str = "2026-09-30T22:00:00Z";
const NOV_1: &str = "2026-10-31T23:00:00Z";
const NOV_2: &str = "2026-11-01T23:00:00Z";

#[test]
fn months_in_berlin_as_json() {
    // JSON numbers are the doubles nearest the exact values: 100 × (1 − 3,600 / 86,400) =
    // 95.833…, 100 × 3,600 / 432 = 833.33…, 100 × (1 − 4,680 / 2,682,000) = 99.825503…,
    // 100 × 4,680 / 13,410 = 34.899…, 100 × (1 − 8,280 / 2,854,800) = 99.709962…,
    // 100 × 8,280 / 14,274 = 58.0075…; each burn rate is the budget used ÷ 100.
    let api_september = json!({
        "seconds": seconds(82_800.0, 0.0, 0.0, 3_600.0, 0.0),
        "excluded_seconds": 0.0,
        "counted_seconds": 86_400.0,
        "downtime_seconds": 3_600.0,
        "availability_percent": 95.83333333333333,
        "slo_met": false,
        "error_budget_seconds": 432.0,
        "error_budget_remaining_seconds": -3_168.0,
        "error_budget_consumed_percent": 833.3333333333334,
        "burn_rate": 8.333333333333334,
        "incidents": incidents(1, 3_600.0, 3_600.0, Some((3_600.0, 82_800.0))),
    });
    // Two incidents of 3,600 s; (2,682,000 − 7,200) / 2 = 1,337,400 s between them.
    let api_october = json!({
        "seconds": seconds(2_674_800.0, 0.0, 3_600.0, 3_600.0, 0.0),
        "excluded_seconds": 0.0,
        "counted_seconds": 2_682_000.0,
        "downtime_seconds": 4_680.0,
        "availability_percent": 99.8255033557047,
        "slo_met": true,
        "error_budget_seconds": 13_410.0,
        "error_budget_remaining_seconds": 8_730.0,
        "error_budget_consumed_percent": 34.899328859060404,
        "burn_rate": 0.348993288590604,
        "incidents": incidents(2, 7_200.0, 3_600.0, Some((3_600.0, 1_337_400.0))),
    });
    // Over the window the first outage is one incident of 7,200 s: (7,200 + 3,600) / 2 = 5,400
    // s to recover; (2,854,800 − 10,800) / 2 = 1,422,000 s between failures.
    let api_total = json!({
        "seconds": seconds(2_844_000.0, 0.0, 3_600.0, 7_200.0, 0.0),
        "excluded_seconds": 0.0,
        "counted_seconds": 2_854_800.0,
        "downtime_seconds": 8_280.0,
        "availability_percent": 99.70996216897856,
        "slo_met": true,
        "error_budget_seconds": 14_274.0,
        "error_budget_remaining_seconds": 5_994.0,
        "error_budget_consumed_percent": 58.007566204287514,
        "burn_rate": 0.5800756620428752,
        "incidents": incidents(2, 10_800.0, 7_200.0, Some((5_400.0, 1_422_000.0))),
    });
    let expected = json!({
        "window": window(SEP_30, NOV_2),
        "time_zone": "Europe/Berlin",
        "slo_percent": 99.5,
        "weights": {
            "operational": 0.0,
            "degraded_performance": 0.1,
            "partial_outage": 0.3,
            "major_outage": 1.0
        },
        "granularity_seconds": null,
        "min_incident_seconds": null,
        "period": "month",
        "services": [
            service_entry(
                "api",
                api_total,
                vec![
                    period("2026-09", SEP_30, OCT_1, true, api_september),
                    period("2026-10", OCT_1, NOV_1, false, api_october),
                    period("2026-11", NOV_1, NOV_2, true, all_up(86_400.0)),
                ],
            ),
            service_entry(
                "web",
                all_up(2_854_800.0),
                vec![
                    period("2026-09", SEP_30, OCT_1, true, all_up(86_400.0)),
                    period("2026-10", OCT_1, NOV_1, false, all_up(2_682_000.0)),
                    period("2026-11", NOV_1, NOV_2, true, all_up(86_400.0)),
                ],
            ),
        ],
    });
    // Compared as text, which also checks the order of the keys: serde_json's parser may miss
    // the last digit of a double, its printer does not.
    let stdout =
        nines(&[&["report", "--format", "json"][..], &BERLIN_AUTUMN].concat()).ok().to_owned();
    assert_eq!(stdout, serde_json::to_string_pretty(&expected).unwrap() + "\n");
}

#[test]
fn periods_add_up_to_the_whole_window() {
    let report = nines(&[&["report", "--format", "json"][..], &BERLIN_AUTUMN].concat()).json();
    assert_seconds_add_up(&report, 2_854_800.0);
    for row in report["services"].as_array().unwrap() {
        for field in ["counted_seconds", "downtime_seconds", "error_budget_seconds"] {
            let sum: f64 = row["periods"]
                .as_array()
                .unwrap()
                .iter()
                .map(|period| period[field].as_f64().unwrap())
                .sum();
            assert_eq!(sum, row[field].as_f64().unwrap(), "{field} of {}", row["service"]);
        }
    }
}

#[test]
fn a_window_of_exactly_one_period_has_one_whole_period() {
    let report = nines(&[
        "report",
        "--format",
        "json",
        "periods/berlin_autumn.csv",
        "--tz",
        "Europe/Berlin",
        "--period",
        "month",
        "--month",
        "2026-10",
        "--now",
        "2026-12-01",
    ])
    .json();
    assert_eq!(report["window"], window(OCT_1, NOV_1));
    let periods = service(&report, "web")["periods"].as_array().unwrap().clone();
    assert_eq!(periods, [period("2026-10", OCT_1, NOV_1, false, all_up(2_682_000.0))]);
}

#[test]
fn a_period_cut_at_now_is_partial() {
    // October in UTC up to now, 2026-10-20T12:00:00Z, by ISO week: 2026-10-01 is a Thursday,
    // so W40 has 4 days in the window, W41 and W42 are whole, W43 is cut at now after 1.5 days.
    // api's 4 h outage on 2026-10-15 falls in W42: 100 × (1 − 14,400 / 604,800) = 97.619…
    assert_output(
        &[
            "report",
            "--format",
            "csv",
            "periods/two_months.csv",
            "--month",
            "2026-10",
            "--now",
            "2026-10-20T12:00:00Z",
            "--period",
            "week",
        ],
        "\
service,kind,display_name,mode,k,slo_percent,period,from,to,partial,seconds_operational,seconds_degraded_performance,seconds_partial_outage,seconds_major_outage,seconds_under_maintenance,excluded_seconds,counted_seconds,downtime_seconds,availability_percent,slo_met,error_budget_seconds,error_budget_remaining_seconds,error_budget_consumed_percent,burn_rate,incidents_count,incidents_total_seconds,incidents_longest_seconds,incidents_mttr_seconds,incidents_mtbf_seconds,independent_estimate_percent
api,service,api,,,99.5,2026-W40,2026-10-01T00:00:00Z,2026-10-05T00:00:00Z,true,345600.0,0.0,0.0,0.0,0.0,0.0,345600.0,0.0,100.0,true,1728.0,1728.0,0.0,0.0,0,0.0,0.0,,,
api,service,api,,,99.5,2026-W41,2026-10-05T00:00:00Z,2026-10-12T00:00:00Z,false,604800.0,0.0,0.0,0.0,0.0,0.0,604800.0,0.0,100.0,true,3024.0,3024.0,0.0,0.0,0,0.0,0.0,,,
api,service,api,,,99.5,2026-W42,2026-10-12T00:00:00Z,2026-10-19T00:00:00Z,false,590400.0,0.0,0.0,14400.0,0.0,0.0,604800.0,14400.0,97.61904761904762,false,3024.0,-11376.0,476.1904761904762,4.761904761904762,1,14400.0,14400.0,14400.0,590400.0,
api,service,api,,,99.5,2026-W43,2026-10-19T00:00:00Z,2026-10-20T12:00:00Z,true,129600.0,0.0,0.0,0.0,0.0,0.0,129600.0,0.0,100.0,true,648.0,648.0,0.0,0.0,0,0.0,0.0,,,
api,service,api,,,99.5,total,2026-10-01T00:00:00Z,2026-10-20T12:00:00Z,false,1670400.0,0.0,0.0,14400.0,0.0,0.0,1684800.0,14400.0,99.14529914529915,false,8424.0,-5976.0,170.94017094017093,1.7094017094017093,1,14400.0,14400.0,14400.0,1670400.0,
web,service,web,,,99.5,2026-W40,2026-10-01T00:00:00Z,2026-10-05T00:00:00Z,true,345600.0,0.0,0.0,0.0,0.0,0.0,345600.0,0.0,100.0,true,1728.0,1728.0,0.0,0.0,0,0.0,0.0,,,
web,service,web,,,99.5,2026-W41,2026-10-05T00:00:00Z,2026-10-12T00:00:00Z,false,604800.0,0.0,0.0,0.0,0.0,0.0,604800.0,0.0,100.0,true,3024.0,3024.0,0.0,0.0,0,0.0,0.0,,,
web,service,web,,,99.5,2026-W42,2026-10-12T00:00:00Z,2026-10-19T00:00:00Z,false,604800.0,0.0,0.0,0.0,0.0,0.0,604800.0,0.0,100.0,true,3024.0,3024.0,0.0,0.0,0,0.0,0.0,,,
web,service,web,,,99.5,2026-W43,2026-10-19T00:00:00Z,2026-10-20T12:00:00Z,true,129600.0,0.0,0.0,0.0,0.0,0.0,129600.0,0.0,100.0,true,648.0,648.0,0.0,0.0,0,0.0,0.0,,,
web,service,web,,,99.5,total,2026-10-01T00:00:00Z,2026-10-20T12:00:00Z,false,1684800.0,0.0,0.0,0.0,0.0,0.0,1684800.0,0.0,100.0,true,8424.0,8424.0,0.0,0.0,0,0.0,0.0,,,
",
    );
}

#[test]
fn iso_weeks_around_the_end_of_the_year() {
    // periods/year_end.csv: 2026-12-24 to 2027-01-06, a 4 h outage from 2026-12-31T22:00Z.
    // 2026 has 53 ISO weeks: W53 runs from Monday 2026-12-28 to Sunday 2027-01-03, and the
    // outage across new year is all in it. W52 has 4 days in the window, 2027-W01 2 days.
    //   W52: budget 0.005 × 345,600 = 1,728 s = 28m 48s.
    //   W53: 604,800 s, 14,400 s down: 97.619…%, budget 3,024 s, left −11,376 s = −3h 9m 36s,
    //        used 476.2 %.
    //   W01: budget 864 s = 14m 24s.
    //   total: 1,123,200 s: 98.717…%, budget 5,616 s, left −8,784 s = −2h 26m 24s, used 256.41… %, shown rounded up: 256.5 %.
    assert_output(
        &["report", "periods/year_end.csv", "--period", "week"],
        "\
Window:  2026-12-24T00:00:00Z to 2027-01-06T00:00:00Z (13d, UTC)
SLO:     99.5%
Weights: operational 0, degraded_performance 0.1, partial_outage 0.3, major_outage 1; maintenance is not counted
Periods: each calendar week in UTC

┌─────────┬────────────────────┬────────┬──────────────┬─────────┬──────────┬─────────────┬─────────────┬───────────┬─────────┬─────────────┐
│ Service ┆ Period             ┆ Length ┆ Availability ┆ SLO met ┆ Downtime ┆ Budget left ┆ Budget used ┆ Incidents ┆ Longest ┆ Maintenance │
╞═════════╪════════════════════╪════════╪══════════════╪═════════╪══════════╪═════════════╪═════════════╪═══════════╪═════════╪═════════════╡
│ api     ┆ 2026-W52 (partial) ┆     4d ┆     100.000% ┆     yes ┆       0s ┆     28m 48s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ api     ┆ 2026-W53           ┆     7d ┆      97.619% ┆      NO ┆       4h ┆  -3h 9m 36s ┆      476.2% ┆         1 ┆      4h ┆          0s │
│ api     ┆ 2027-W01 (partial) ┆     2d ┆     100.000% ┆     yes ┆       0s ┆     14m 24s ┆        0.0% ┆         0 ┆      0s ┆          0s │
│ api     ┆ total              ┆    13d ┆      98.717% ┆      NO ┆       4h ┆ -2h 26m 24s ┆      256.5% ┆         1 ┆      4h ┆          0s │
└─────────┴────────────────────┴────────┴──────────────┴─────────┴──────────┴─────────────┴─────────────┴───────────┴─────────┴─────────────┘
",
    );
}

#[test]
fn csv_has_a_row_per_service_and_period_then_the_total() {
    // The same year end by ISO week; the whole window's row is `total`, never partial. Empty
    // cells are the null averages of rows without incidents.
    assert_output(
        &["report", "--format", "csv", "periods/year_end.csv", "--period", "week"],
        "\
service,kind,display_name,mode,k,slo_percent,period,from,to,partial,seconds_operational,seconds_degraded_performance,seconds_partial_outage,seconds_major_outage,seconds_under_maintenance,excluded_seconds,counted_seconds,downtime_seconds,availability_percent,slo_met,error_budget_seconds,error_budget_remaining_seconds,error_budget_consumed_percent,burn_rate,incidents_count,incidents_total_seconds,incidents_longest_seconds,incidents_mttr_seconds,incidents_mtbf_seconds,independent_estimate_percent
api,service,api,,,99.5,2026-W52,2026-12-24T00:00:00Z,2026-12-28T00:00:00Z,true,345600.0,0.0,0.0,0.0,0.0,0.0,345600.0,0.0,100.0,true,1728.0,1728.0,0.0,0.0,0,0.0,0.0,,,
api,service,api,,,99.5,2026-W53,2026-12-28T00:00:00Z,2027-01-04T00:00:00Z,false,590400.0,0.0,0.0,14400.0,0.0,0.0,604800.0,14400.0,97.61904761904762,false,3024.0,-11376.0,476.1904761904762,4.761904761904762,1,14400.0,14400.0,14400.0,590400.0,
api,service,api,,,99.5,2027-W01,2027-01-04T00:00:00Z,2027-01-06T00:00:00Z,true,172800.0,0.0,0.0,0.0,0.0,0.0,172800.0,0.0,100.0,true,864.0,864.0,0.0,0.0,0,0.0,0.0,,,
api,service,api,,,99.5,total,2026-12-24T00:00:00Z,2027-01-06T00:00:00Z,false,1108800.0,0.0,0.0,14400.0,0.0,0.0,1123200.0,14400.0,98.71794871794872,false,5616.0,-8784.0,256.4102564102564,2.5641025641025643,1,14400.0,14400.0,14400.0,1108800.0,
",
    );
}

#[test]
fn csv_without_period_has_only_total_rows() {
    let csv = nines(&["report", "--format", "csv", "periods/year_end.csv"]).ok().to_owned();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].starts_with(
            "api,service,api,,,99.5,total,2026-12-24T00:00:00Z,2027-01-06T00:00:00Z,false,"
        ),
        "{}",
        rows[0]
    );
}

#[test]
fn years_and_quarters_are_labelled_by_the_calendar() {
    let report =
        nines(&["report", "--format", "json", "periods/year_end.csv", "--period", "quarter"])
            .json();
    let labels: Vec<(&str, bool)> = service(&report, "api")["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|period| (period["period"].as_str().unwrap(), period["partial"].as_bool().unwrap()))
        .collect();
    assert_eq!(labels, [("2026-Q4", true), ("2027-Q1", true)]);
    let report =
        nines(&["report", "--format", "json", "periods/year_end.csv", "--period", "YEAR"]).json();
    assert_eq!(report["period"], "year");
    let periods = service(&report, "api")["periods"].as_array().unwrap().clone();
    assert_eq!(periods[0]["period"], "2026");
    assert_eq!(periods[0]["to"], "2027-01-01T00:00:00Z");
    assert_eq!(periods[1]["period"], "2027");
    // The outage from 22:00 to 02:00 is 2 h in each year, one incident in each.
    for period in &periods {
        assert_eq!(period["seconds"]["major_outage"], json!(7_200.0));
        assert_eq!(period["incidents"]["count"], json!(1));
    }
}

#[test]
fn the_table_states_counting_rules_and_periods() {
    // On 2026-10-25 in Berlin (25 h), with 5-minute slots: the partial outage from the first
    // 02:30 to the second fills twelve whole slots, 3,600 s; downtime 1,080 s = 18m; budget
    // 0.005 × 90,000 = 450 s, left −630 s = −10m 30s; 100 × (1 − 1,080 / 90,000) = 98.8 %.
    assert_output(
        &[
            "report",
            "--format",
            "markdown",
            "periods/berlin_autumn.csv",
            "--tz",
            "Europe/Berlin",
            "--day",
            "2026-10-25",
            "--now",
            "2026-12-01",
            "--period",
            "day",
            "--granularity",
            "5m",
            "--min-incident",
            "1m",
        ],
        "\
Window:  2026-10-25T00:00:00+02:00 to 2026-10-26T00:00:00+01:00 (1d 1h, Europe/Berlin)  
SLO:     99.5%  
Weights: operational 0, degraded_performance 0.1, partial_outage 0.3, major_outage 1; maintenance is not counted  
Counting: 5m slots, each at the worst status seen in it; incidents under 1m count as operational  
Periods: each calendar day in Europe/Berlin  

| Service | Period     | Length | Availability | SLO met | Downtime | Budget left | Budget used | Incidents | Longest | Maintenance |
|---------|------------|--------|--------------|---------|----------|-------------|-------------|-----------|---------|-------------|
| api     | 2026-10-25 |  1d 1h |      98.800% |      NO |      18m |    -10m 30s |      240.0% |         1 |      1h |          0s |
| api     | total      |  1d 1h |      98.800% |      NO |      18m |    -10m 30s |      240.0% |         1 |      1h |          0s |
| web     | 2026-10-25 |  1d 1h |     100.000% |     yes |       0s |      7m 30s |        0.0% |         0 |      0s |          0s |
| web     | total      |  1d 1h |     100.000% |     yes |       0s |      7m 30s |        0.0% |         0 |      0s |          0s |
",
    );
    let report = nines(&[
        "report",
        "--format",
        "json",
        "periods/berlin_autumn.csv",
        "--granularity",
        "5m",
        "--min-incident",
        "1m 30s",
    ])
    .json();
    assert_eq!(report["granularity_seconds"], json!(300.0));
    assert_eq!(report["min_incident_seconds"], json!(90.0));
    assert_eq!(report["period"], Value::Null);
}

// Calendar windows -------------------------------------------------------------------------

/// The window of `report ARGS` on periods/berlin_autumn.csv, which ends in November: the
/// windows past it are not warned about here.
fn window_of(args: &[&str]) -> Value {
    let report =
        ["report", "--format", "json", "--stale-after", "100d", "periods/berlin_autumn.csv"];
    let report = nines(&[&report[..], args].concat()).json();
    report["window"].clone()
}

#[test]
fn every_calendar_window_in_berlin() {
    let berlin = ["--tz", "Europe/Berlin", "--now", "2027-02-01"];
    let cases = [
        // 2026-10-25 lasts 25 h.
        ("--day", "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"),
        // ISO week 43 runs from Monday 2026-10-19 to Sunday 2026-10-25.
        ("--week", "2026-W43", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z"),
        ("--month", "2026-10", OCT_1, NOV_1),
        ("--quarter", "2026-Q4", OCT_1, "2026-12-31T23:00:00Z"),
        ("--year", "2026", "2025-12-31T23:00:00Z", "2026-12-31T23:00:00Z"),
    ];
    for (flag, value, from, to) in cases {
        assert_eq!(window_of(&[&berlin[..], &[flag, value]].concat()), window(from, to), "{flag}");
    }
}

#[test]
fn every_calendar_window_in_utc() {
    let now = ["--now", "2027-02-01T00:00:00Z"];
    let cases = [
        ("--day", "2026-10-25", "2026-10-25T00:00:00Z", "2026-10-26T00:00:00Z"),
        ("--week", "2026-W53", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"),
        ("--month", "2026-10", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"),
        ("--quarter", "2026-Q4", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("--year", "2026", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
    ];
    for (flag, value, from, to) in cases {
        assert_eq!(window_of(&[&now[..], &[flag, value]].concat()), window(from, to), "{flag}");
    }
}

#[test]
fn a_calendar_window_under_way_is_cut_at_now() {
    // Now is 12:00 on 2026-10-25 in Berlin (winter time, UTC+1): 11:00 UTC.
    let now = ["--tz", "Europe/Berlin", "--now", "2026-10-25 12:00"];
    let cases = [
        ("--day", "2026-10-25", "2026-10-24T22:00:00Z"),
        ("--week", "2026-W43", "2026-10-18T22:00:00Z"),
        ("--month", "2026-10", OCT_1),
        ("--quarter", "2026-Q4", OCT_1),
        ("--year", "2026", "2025-12-31T23:00:00Z"),
    ];
    for (flag, value, from) in cases {
        let args = [&now[..], &[flag, value]].concat();
        assert_eq!(window_of(&args), window(from, "2026-10-25T11:00:00Z"), "{flag}");
    }
    // The day so far: 00:00 to 12:00 in Berlin is 13 h, the repeated hour included. api's
    // partial outage is the hour from the first 02:30 to the second.
    let report = nines(&[
        "report",
        "--format",
        "json",
        "periods/berlin_autumn.csv",
        "--tz",
        "Europe/Berlin",
        "--now",
        "2026-10-25 12:00",
        "--day",
        "2026-10-25",
    ])
    .json();
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(43_200.0, 0.0, 3_600.0, 0.0, 0.0));
}

#[test]
fn now_as_a_date_is_midnight_in_the_time_zone() {
    // 2026-10-20 in Berlin begins at 2026-10-19T22:00:00Z.
    assert_eq!(
        window_of(&["--tz", "Europe/Berlin", "--now", "2026-10-20", "--month", "2026-10"]),
        window(OCT_1, "2026-10-19T22:00:00Z")
    );
}

// --last --------------------------------------------------------------------------------------

#[test]
fn last_ends_at_to() {
    assert_eq!(
        window_of(&["--last", "7d", "--to", "2026-10-20"]),
        window("2026-10-13T00:00:00Z", "2026-10-20T00:00:00Z")
    );
    // --to wins over --now, which is then of no use: nines says so.
    let run = nines(&[
        "report",
        "--format",
        "json",
        "periods/berlin_autumn.csv",
        "--last",
        "1h 30m",
        "--to",
        "2026-10-20T12:00:00Z",
        "--now",
        "2026-10-25",
    ]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: --now has no effect here: it is the end of --last without --to, and the \
         present for the calendar windows (--day, --week, --month, --quarter, --year)\n"
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["window"], window("2026-10-20T10:30:00Z", "2026-10-20T12:00:00Z"));
}

#[test]
fn last_ends_at_now() {
    assert_eq!(
        window_of(&["--last", "12h", "--now", "2026-10-20T12:00:00Z"]),
        window("2026-10-20T00:00:00Z", "2026-10-20T12:00:00Z")
    );
    // A day of --last is 86,400 s even when the clocks go back: from 2026-10-25 12:00 in
    // Berlin (UTC+1) back to 2026-10-24 13:00 (UTC+2).
    let report = nines(&[
        "report",
        "--format",
        "json",
        "periods/berlin_autumn.csv",
        "--tz",
        "Europe/Berlin",
        "--last",
        "1d",
        "--now",
        "2026-10-25 12:00",
    ])
    .json();
    assert_eq!(report["window"], window("2026-10-24T11:00:00Z", "2026-10-25T11:00:00Z"));
    assert_eq!(service(&report, "web")["counted_seconds"], json!(DAY));
}

#[test]
fn last_without_to_or_now_ends_at_the_clock() {
    // An event long before any clock this runs on, so the window never ends before it.
    let scratch = Scratch::new();
    scratch.write("old.csv", "timestamp,service,status\n2000-01-01T00:00:00Z,api,operational\n");
    let before = chrono::Utc::now();
    let args = ["report", "--format", "json", "old.csv", "--last", "30d", "--stale-after", "100y"];
    let report = scratch.nines(&args).json();
    let after = chrono::Utc::now();
    let bound = |key: &str| {
        chrono::DateTime::parse_from_rfc3339(report["window"][key].as_str().unwrap()).unwrap()
    };
    let (from, to) = (bound("from"), bound("to"));
    assert_eq!((to - from).num_milliseconds(), 30 * 86_400_000);
    // The window's end is read to the millisecond.
    let before = before - chrono::Duration::milliseconds(1);
    assert!(before <= to && to <= after, "{before} <= {to} <= {after}");
}

// check --period ------------------------------------------------------------------------------

/// Asserts that `check ARGS` exits with `code`, writes `stdout` and nothing on stderr.
fn assert_check(args: &[&str], code: i32, stdout: &str) {
    let run = nines(&[&["check"], args].concat());
    run.exits(code);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, stdout);
}

const TWO_MONTHS: &str = "from 2026-10-01T00:00:00Z to 2026-12-01T00:00:00Z";

#[test]
fn check_period_fails_when_one_month_misses() {
    // periods/two_months.csv: api 4 h down on 2026-10-15. Over both months (5,270,400 s) the
    // budget is 26,352 s: met. October alone (2,678,400 s) has 13,392 s = 3h 43m 12s: 1,008 s
    // = 16m 48s over; 100 × (1 − 14,400 / 2,678,400) = 99.4623… shows as 99.462%.
    assert_check(
        &["periods/two_months.csv"],
        0,
        &format!("no service misses the SLO of 99.5% (2 services measured) {TWO_MONTHS}\n"),
    );
    assert_check(
        &["periods/two_months.csv", "--period", "month"],
        1,
        &format!(
            "api: availability 99.462% in 2026-10 is below the SLO of 99.5%: 4h of weighted \
             downtime, 16m 48s over the error budget of 3h 43m 12s\n\
             1 of 2 services misses the SLO of 99.5% in at least one month {TWO_MONTHS}\n"
        ),
    );
}

#[test]
fn check_period_passes_when_every_period_meets_the_slo() {
    // At 99 % October's budget is 26,784 s: 14,400 s is within it.
    assert_check(
        &["periods/two_months.csv", "--period", "month", "--slo", "99"],
        0,
        &format!(
            "no service misses the SLO of 99% in any month (2 services measured) {TWO_MONTHS}\n"
        ),
    );
}

#[test]
fn check_period_names_every_period_that_misses() {
    // By ISO week on the example data: api misses in two weeks and search in four; the verdict
    // counts services, not weeks.
    let run = run_in(
        repo_root(),
        &[
            "check",
            "examples/events.csv",
            "--maintenance",
            "examples/maintenance.csv",
            "--period",
            "week",
        ],
        None,
    );
    run.exits(1);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "\
api: availability 99.399% in 2026-W42 is below the SLO of 99.5%: 59m 50s of weighted downtime, 10m 2s over the error budget of 49m 48s
api: availability 99.201% in 2026-W44 (partial) is below the SLO of 99.5%: 1h 8m 59s of weighted downtime, 25m 47s over the error budget of 43m 12s
search: availability 98.753% in 2026-W40 (partial) is below the SLO of 99.5%: 1h 11m 49s of weighted downtime, 43m 1s over the error budget of 28m 48s
search: availability 99.361% in 2026-W42 is below the SLO of 99.5%: 1h 3m 1s of weighted downtime, 13m 41s over the error budget of 49m 20s
search: availability 98.805% in 2026-W43 is below the SLO of 99.5%: 2h 23s of weighted downtime, 1h 9m 59s over the error budget of 50m 24s
search: availability 99.492% in 2026-W44 (partial) is below the SLO of 99.5%: 43m 51s of weighted downtime, 38s 500ms over the error budget of 43m 12s
2 of 5 services miss the SLO of 99.5% in at least one week from 2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z
"
    );
}
