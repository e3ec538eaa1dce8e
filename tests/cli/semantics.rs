//! The measuring rules, each with a tiny worked example whose figures are computed by hand.
//!
//! Unless said otherwise the window is one day, 2026-10-01T00:00:00Z to 2026-10-02T00:00:00Z
//! = 86,400 s, the objective 99.5 % and the weights degraded 0.1, partial 0.3, major 1. So the
//! error budget of a fully counted day is 0.005 × 86,400 = 432 s.

use crate::common::*;
use proptest::prelude::*;
use serde_json::{Value, json};

const OCT_1: &str = "2026-10-01T00:00:00Z";
const OCT_2: &str = "2026-10-02T00:00:00Z";

/// Asserts the figures of a report row that depend on downtime and counted time.
fn assert_figures(row: &Value, downtime: f64, availability: f64, budget: f64, remaining: f64) {
    assert_eq!(row["downtime_seconds"], json!(downtime), "downtime of {row:#}");
    assert_eq!(row["availability_percent"], json!(availability), "availability of {row:#}");
    assert_eq!(row["error_budget_seconds"], json!(budget), "budget of {row:#}");
    assert_eq!(row["error_budget_remaining_seconds"], json!(remaining), "budget left of {row:#}");
}

// semantics/holds.csv: api operational 00:00, major_outage 06:00, degraded_performance 07:00,
// operational 09:00 and 24:00.
//   operational 6 h + 15 h = 75,600 s, major 1 h = 3,600 s, degraded 2 h = 7,200 s
//   downtime = 3,600 + 0.1 × 7,200 = 4,320 s; availability = 100 × (1 − 4,320 / 86,400) = 95
//   budget left = 432 − 4,320 = −3,888 s

#[test]
fn an_event_holds_until_the_services_next_event() {
    let report = report_json(&["semantics/holds.csv"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(75_600.0, 7_200.0, 0.0, 3_600.0, 0.0));
    assert_figures(api, 4_320.0, 95.0, 432.0, -3_888.0);
    assert_eq!(api["slo_met"], json!(false));

    assert_eq!(
        timeline_csv(&["semantics/holds.csv"]),
        timeline_csv_of(&[
            "api,service,2026-10-01T00:00:00Z,2026-10-01T06:00:00Z,21600.0,operational,operational,true,0.0,0.0",
            "api,service,2026-10-01T06:00:00Z,2026-10-01T07:00:00Z,3600.0,major_outage,major_outage,true,1.0,3600.0",
            "api,service,2026-10-01T07:00:00Z,2026-10-01T09:00:00Z,7200.0,degraded_performance,degraded_performance,true,0.1,720.0",
            "api,service,2026-10-01T09:00:00Z,2026-10-02T00:00:00Z,54000.0,operational,operational,true,0.0,0.0",
        ])
    );
}

#[test]
fn input_order_does_not_matter() {
    // semantics/holds_shuffled.csv has the rows of holds.csv in another order.
    for command in [["report", "--format", "json"], ["timeline", "--format", "csv"]] {
        let in_order = nines(&[&command[..], &["semantics/holds.csv"]].concat());
        let shuffled = nines(&[&command[..], &["semantics/holds_shuffled.csv"]].concat());
        assert_eq!(shuffled.ok(), in_order.ok(), "{command:?}");
    }
}

#[test]
fn of_two_rows_for_one_instant_the_later_one_wins() {
    // semantics/same_instant.csv: at 12:00 major_outage, then partial_outage on the next row.
    //   operational 12 h = 43,200 s, partial 12 h = 43,200 s, major 0
    //   downtime = 0.3 × 43,200 = 12,960 s; availability = 100 × (1 − 12,960 / 86,400) = 85
    let report = report_json(&["semantics/same_instant.csv"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(43_200.0, 0.0, 43_200.0, 0.0, 0.0));
    assert_figures(api, 12_960.0, 85.0, 432.0, -12_528.0);
}

#[test]
fn of_two_files_with_rows_for_one_instant_the_later_argument_wins() {
    // Both files have one row for api at 12:00: major_outage in one, operational in the other.
    let day = ["--from", OCT_1, "--to", OCT_2];
    let major = "semantics/same_instant_major.csv";
    let operational = "semantics/same_instant_operational.csv";

    // operational read last: operational all day.
    let report = report_json(&[&[major, operational][..], &day].concat());
    assert_eq!(service(&report, "api")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));

    // major_outage read last: operational until 12:00, then 12 h = 43,200 s of major outage;
    // availability = 100 × (1 − 43,200 / 86,400) = 50.
    let report = report_json(&[&[operational, major][..], &day].concat());
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(43_200.0, 0.0, 0.0, 43_200.0, 0.0));
    assert_eq!(api["availability_percent"], json!(50.0));
}

// semantics/late_start.csv: web has rows at 00:00 and 24:00 (setting the window); api's only
// row is degraded_performance at 18:00.

#[test]
fn before_its_first_event_a_service_is_operational() {
    // api: operational 18 h = 64,800 s (assumed), degraded 6 h = 21,600 s
    //   downtime = 0.1 × 21,600 = 2,160 s; availability = 100 × (1 − 2,160 / 86,400) = 97.5
    let report = report_json(&["semantics/late_start.csv"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(64_800.0, 21_600.0, 0.0, 0.0, 0.0));
    assert_figures(api, 2_160.0, 97.5, 432.0, -1_728.0);
    assert_eq!(service(&report, "web")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn initial_status_sets_the_status_before_the_first_event() {
    // api: major 18 h = 64,800 s, then degraded 6 h = 21,600 s
    //   downtime = 64,800 + 0.1 × 21,600 = 66,960 s
    //   availability = 100 × (1 − 66,960 / 86,400) = 100 × 19,440 / 86,400 = 22.5
    // web: its first event is at the window's start, so nothing is assumed.
    let report = report_json(&["semantics/late_start.csv", "--initial-status", "major_outage"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(0.0, 21_600.0, 0.0, 64_800.0, 0.0));
    assert_figures(api, 66_960.0, 22.5, 432.0, -66_528.0);
    assert_eq!(service(&report, "web")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn an_initial_status_of_maintenance_is_left_out() {
    // api: 64,800 s under maintenance (excluded), counted 21,600 s, all degraded
    //   downtime = 2,160 s; availability = 100 × (1 − 2,160 / 21,600) = 90
    //   budget = 0.005 × 21,600 = 108 s; left = 108 − 2,160 = −2,052 s
    let report =
        report_json(&["semantics/late_start.csv", "--initial-status", "under_maintenance"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(0.0, 21_600.0, 0.0, 0.0, 64_800.0));
    assert_eq!(api["excluded_seconds"], json!(64_800.0));
    assert_eq!(api["counted_seconds"], json!(21_600.0));
    assert_figures(api, 2_160.0, 90.0, 108.0, -2_052.0);
}

#[test]
fn the_default_window_runs_from_the_earliest_to_the_latest_event() {
    // semantics/span.csv: api's rows at 03:00 and 04:00, web's at 12:00 and 21:00, so the window
    // is 03:00 to 21:00 = 18 h = 64,800 s for both.
    //   api: major 03:00–04:00 = 3,600 s, operational 61,200 s
    //   web: operational 03:00–12:00 = 32,400 s (before its first event), degraded 32,400 s;
    //   downtime = 3,240 s, availability = 100 × (1 − 3,240 / 64,800) = 95
    let report = report_json(&["semantics/span.csv"]);
    assert_eq!(report["window"], window("2026-10-01T03:00:00Z", "2026-10-01T21:00:00Z"));
    assert_eq!(service(&report, "api")["seconds"], seconds(61_200.0, 0.0, 0.0, 3_600.0, 0.0));
    let web = service(&report, "web");
    assert_eq!(web["seconds"], seconds(32_400.0, 32_400.0, 0.0, 0.0, 0.0));
    assert_eq!(web["availability_percent"], json!(95.0));
    assert_seconds_add_up(&report, 64_800.0);
}

#[test]
fn from_and_to_set_the_window_and_earlier_events_set_the_status_at_from() {
    // semantics/holds.csv from 06:30 to 08:00 = 5,400 s. The 06:00 major_outage is before the
    // window and holds at its start.
    //   major 06:30–07:00 = 1,800 s, degraded 07:00–08:00 = 3,600 s
    //   downtime = 1,800 + 360 = 2,160 s; availability = 100 × (1 − 2,160 / 5,400) = 60
    //   budget = 0.005 × 5,400 = 27 s; left = 27 − 2,160 = −2,133 s
    let bounds =
        ["semantics/holds.csv", "--from", "2026-10-01T06:30:00Z", "--to", "2026-10-01T08:00:00Z"];
    let report = report_json(&bounds);
    assert_eq!(report["window"], window("2026-10-01T06:30:00Z", "2026-10-01T08:00:00Z"));
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(0.0, 3_600.0, 0.0, 1_800.0, 0.0));
    assert_figures(api, 2_160.0, 60.0, 27.0, -2_133.0);
    assert_eq!(
        timeline_csv(&bounds),
        timeline_csv_of(&[
            "api,service,2026-10-01T06:30:00Z,2026-10-01T07:00:00Z,1800.0,major_outage,major_outage,true,1.0,1800.0",
            "api,service,2026-10-01T07:00:00Z,2026-10-01T08:00:00Z,3600.0,degraded_performance,degraded_performance,true,0.1,360.0",
        ])
    );
}

// semantics/berlin.csv: api major_outage from 2026-09-30T22:00:00Z (midnight in Berlin) to
// 23:30Z, then operational; a last row at 2026-10-02T00:00:00Z.

#[test]
fn date_only_bounds_are_midnight_utc_by_default() {
    // 2026-10-01 to 2026-10-02 UTC: the outage ended the evening before; all operational.
    let report =
        report_json(&["semantics/berlin.csv", "--from", "2026-10-01", "--to", "2026-10-02"]);
    assert_eq!(report["window"], window(OCT_1, OCT_2));
    assert_eq!(report["time_zone"], json!("UTC"));
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
    assert_eq!(api["availability_percent"], json!(100.0));
}

#[test]
fn date_only_bounds_are_midnight_in_the_tz_zone() {
    // Berlin is UTC+2 in October: 2026-10-01 to 2026-10-02 is 2026-09-30T22:00Z to
    // 2026-10-01T22:00Z, still 86,400 s.
    //   major 22:00–23:30Z = 5,400 s; availability = 100 × (1 − 5,400 / 86,400) = 93.75
    let args = [
        "semantics/berlin.csv",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-02",
        "--tz",
        "Europe/Berlin",
    ];
    let report = report_json(&args);
    assert_eq!(report["window"], window("2026-09-30T22:00:00Z", "2026-10-01T22:00:00Z"));
    assert_eq!(report["time_zone"], json!("Europe/Berlin"));
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(81_000.0, 0.0, 0.0, 5_400.0, 0.0));
    assert_figures(api, 5_400.0, 93.75, 432.0, -4_968.0);

    // The table states the window in the zone.
    let table = nines(&[&["report"][..], &args].concat());
    assert_eq!(
        table.ok().lines().next(),
        Some("Window:  2026-10-01T00:00:00+02:00 to 2026-10-02T00:00:00+02:00 (1d, Europe/Berlin)")
    );
}

#[test]
fn a_service_whose_events_all_precede_the_window_still_gets_a_row() {
    // semantics/before_window.csv: legacy's only row is major_outage on 2026-09-15; it holds
    // through the whole window: downtime 86,400 s, availability 0, budget left 432 − 86,400.
    let report =
        report_json(&["semantics/before_window.csv", "--from", "2026-10-01", "--to", "2026-10-02"]);
    assert_eq!(service_names(&report), ["api", "legacy"]);
    let legacy = service(&report, "legacy");
    assert_eq!(legacy["seconds"], seconds(0.0, 0.0, 0.0, DAY, 0.0));
    assert_figures(legacy, DAY, 0.0, 432.0, -85_968.0);
    assert_eq!(legacy["slo_met"], json!(false));
}

#[test]
fn a_services_own_maintenance_status_is_left_out() {
    // semantics/own_maintenance.csv: db under_maintenance 02:00–06:00 = 14,400 s, major
    // 06:00–06:30 = 1,800 s.
    //   counted = 86,400 − 14,400 = 72,000 s; operational = 72,000 − 1,800 = 70,200 s
    //   availability = 100 × (1 − 1,800 / 72,000) = 97.5
    //   budget = 0.005 × 72,000 = 360 s; left = 360 − 1,800 = −1,440 s
    let report = report_json(&["semantics/own_maintenance.csv"]);
    let db = service(&report, "db");
    assert_eq!(db["seconds"], seconds(70_200.0, 0.0, 0.0, 1_800.0, 14_400.0));
    assert_eq!(db["excluded_seconds"], json!(14_400.0));
    assert_eq!(db["counted_seconds"], json!(72_000.0));
    assert_figures(db, 1_800.0, 97.5, 360.0, -1_440.0);
}

// semantics/outages.csv: api and web both major_outage 10:00–12:00 (7,200 s).
// semantics/maintenance.csv: 10:00–11:00 for api; 11:30–12:00 for `*`; 20:00–22:00 with an
// empty service, i.e. for every service.

#[test]
fn announced_maintenance_windows_are_left_out_per_service_star_and_empty() {
    // api: maintenance 1 h + 30 min + 2 h = 12,600 s; counted 73,800 s
    //   major outside maintenance: 11:00–11:30 = 1,800 s; operational 73,800 − 1,800 = 72,000 s
    //   budget = 0.005 × 73,800 = 369 s; left = 369 − 1,800 = −1,431 s
    // web: maintenance 30 min + 2 h = 9,000 s; counted 77,400 s
    //   major 10:00–11:30 = 5,400 s; operational 77,400 − 5,400 = 72,000 s
    //   budget = 0.005 × 77,400 = 387 s; left = 387 − 5,400 = −5,013 s
    let report =
        report_json(&["semantics/outages.csv", "--maintenance", "semantics/maintenance.csv"]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(72_000.0, 0.0, 0.0, 1_800.0, 12_600.0));
    assert_eq!(api["excluded_seconds"], json!(12_600.0));
    assert_eq!(api["counted_seconds"], json!(73_800.0));
    assert_eq!(api["downtime_seconds"], json!(1_800.0));
    assert_eq!(api["error_budget_seconds"], json!(369.0));
    assert_eq!(api["error_budget_remaining_seconds"], json!(-1_431.0));

    let web = service(&report, "web");
    assert_eq!(web["seconds"], seconds(72_000.0, 0.0, 0.0, 5_400.0, 9_000.0));
    assert_eq!(web["counted_seconds"], json!(77_400.0));
    assert_eq!(web["downtime_seconds"], json!(5_400.0));
    assert_eq!(web["error_budget_seconds"], json!(387.0));
    assert_eq!(web["error_budget_remaining_seconds"], json!(-5_013.0));
    assert_seconds_add_up(&report, DAY);
}

#[test]
fn the_timeline_shows_announced_maintenance_over_the_reported_status() {
    let timeline =
        timeline_csv(&["semantics/outages.csv", "--maintenance", "semantics/maintenance.csv"]);
    let api: Vec<&str> = timeline.lines().filter(|line| line.starts_with("api,")).collect();
    assert_eq!(
        api,
        [
            "api,service,2026-10-01T00:00:00Z,2026-10-01T10:00:00Z,36000.0,operational,operational,true,0.0,0.0",
            "api,service,2026-10-01T10:00:00Z,2026-10-01T11:00:00Z,3600.0,under_maintenance,major_outage,false,0.0,0.0",
            "api,service,2026-10-01T11:00:00Z,2026-10-01T11:30:00Z,1800.0,major_outage,major_outage,true,1.0,1800.0",
            "api,service,2026-10-01T11:30:00Z,2026-10-01T12:00:00Z,1800.0,under_maintenance,major_outage,false,0.0,0.0",
            "api,service,2026-10-01T12:00:00Z,2026-10-01T20:00:00Z,28800.0,operational,operational,true,0.0,0.0",
            "api,service,2026-10-01T20:00:00Z,2026-10-01T22:00:00Z,7200.0,under_maintenance,operational,false,0.0,0.0",
            "api,service,2026-10-01T22:00:00Z,2026-10-02T00:00:00Z,7200.0,operational,operational,true,0.0,0.0",
        ]
    );
}

// semantics/weights.csv: api degraded 06:00–08:15 = 8,100 s, partial 08:15–09:45 = 5,400 s,
// major 09:45–10:30 = 2,700 s, operational the other 70,200 s.

/// Asserts the weights a report states and the downtime and availability they give api.
fn assert_weighting(args: &[&str], weights: [f64; 4], downtime: f64, availability: f64) {
    let report = report_json(&[&["semantics/weights.csv"], args].concat());
    assert_eq!(
        report["weights"],
        json!({
            "operational": weights[0],
            "degraded_performance": weights[1],
            "partial_outage": weights[2],
            "major_outage": weights[3],
        })
    );
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(70_200.0, 8_100.0, 5_400.0, 2_700.0, 0.0));
    assert_eq!(api["downtime_seconds"], json!(downtime));
    assert_eq!(api["availability_percent"], json!(availability));
}

#[test]
fn default_weights_are_a_tenth_three_tenths_and_one() {
    // 0.1 × 8,100 + 0.3 × 5,400 + 2,700 = 810 + 1,620 + 2,700 = 5,130 s
    // availability = 100 × (1 − 5,130 / 86,400) = 94.0625
    assert_weighting(&[], [0.0, 0.1, 0.3, 1.0], 5_130.0, 94.0625);
    assert_weighting(&["--weights", "default"], [0.0, 0.1, 0.3, 1.0], 5_130.0, 94.0625);
}

#[test]
fn statuspage_weights_ignore_degraded_performance() {
    // 0 + 1,620 + 2,700 = 4,320 s; availability = 100 × (1 − 4,320 / 86,400) = 95
    assert_weighting(&["--weights", "statuspage"], [0.0, 0.0, 0.3, 1.0], 4_320.0, 95.0);
}

#[test]
fn binary_weights_count_partial_outage_as_down() {
    // 0 + 5,400 + 2,700 = 8,100 s; availability = 100 × (1 − 8,100 / 86,400) = 90.625
    assert_weighting(&["--weights", "binary"], [0.0, 0.0, 1.0, 1.0], 8_100.0, 90.625);
}

#[test]
fn weight_overrides_one_status() {
    // 0.5 × 8,100 + 1,620 + 2,700 = 8,370 s; availability = 100 × (1 − 8,370 / 86,400) = 90.3125
    assert_weighting(&["--weight", "degraded=0.5"], [0.0, 0.5, 0.3, 1.0], 8_370.0, 90.3125);
}

#[test]
fn weight_overrides_apply_on_top_of_a_preset() {
    // binary with partial 0.5: 0 + 0.5 × 5,400 + 2,700 = 5,400 s
    // availability = 100 × (1 − 5,400 / 86,400) = 93.75
    assert_weighting(
        &["--weights", "binary", "--weight", "partial_outage=0.5"],
        [0.0, 0.0, 0.5, 1.0],
        5_400.0,
        93.75,
    );
}

#[test]
fn availability_is_not_applicable_when_everything_is_maintenance() {
    // semantics/all_maintenance.csv: db under_maintenance all day; api operational.
    let report = report_json(&["semantics/all_maintenance.csv"]);
    let db = service(&report, "db");
    assert_eq!(db["seconds"], seconds(0.0, 0.0, 0.0, 0.0, DAY));
    assert_eq!(db["counted_seconds"], json!(0.0));
    assert_eq!(db["availability_percent"], Value::Null);
    assert_eq!(db["slo_met"], Value::Null);
    assert_eq!(db["downtime_seconds"], json!(0.0));
    assert_eq!(db["error_budget_seconds"], json!(0.0));
    assert_eq!(db["error_budget_remaining_seconds"], json!(0.0));

    // CSV writes null as an empty cell; the table writes n/a.
    let csv = nines(&["report", "--format", "csv", "semantics/all_maintenance.csv"]);
    assert_eq!(
        csv.ok().lines().nth(2),
        Some(
            "db,service,db,,,99.5,total,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,false,0.0,0.0,0.0,0.0,86400.0,86400.0,0.0,0.0,,,0.0,0.0,,,0,0.0,0.0,,,"
        )
    );
    let table = nines(&["report", "semantics/all_maintenance.csv"]);
    let db_row = table.ok().lines().find(|line| line.contains(" db ")).unwrap();
    let cells: Vec<&str> = db_row.split('┆').map(str::trim).collect();
    assert_eq!(cells[1..3], ["n/a", "n/a"], "{db_row}");
}

#[test]
fn availability_is_not_applicable_under_an_announced_window_covering_the_whole_window() {
    // semantics/whole_day_maintenance.csv: `*` from 2026-09-30 to 2026-10-03.
    let report = report_json(&[
        "semantics/holds.csv",
        "--maintenance",
        "semantics/whole_day_maintenance.csv",
    ]);
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(0.0, 0.0, 0.0, 0.0, DAY));
    assert_eq!(api["availability_percent"], Value::Null);
    assert_eq!(api["slo_met"], Value::Null);
}

// With semantics/holds.csv: downtime 4,320 s over 86,400 counted seconds, availability 95.

/// The row of api in `report semantics/holds.csv --slo SLO`, after checking the stated SLO.
fn holds_with_slo(slo: &str, stated: f64) -> Value {
    let report = report_json(&["semantics/holds.csv", "--slo", slo]);
    assert_eq!(report["slo_percent"], json!(stated));
    service(&report, "api").clone()
}

#[test]
fn slo_sets_the_error_budget() {
    // 90 %: budget 0.1 × 86,400 = 8,640 s; left 8,640 − 4,320 = 4,320 s; met
    let api = holds_with_slo("90", 90.0);
    assert_figures(&api, 4_320.0, 95.0, 8_640.0, 4_320.0);
    assert_eq!(api["slo_met"], json!(true));
}

#[test]
fn an_overspent_error_budget_is_negative() {
    // 99 %: budget 0.01 × 86,400 = 864 s; left 864 − 4,320 = −3,456 s; missed
    let api = holds_with_slo("99", 99.0);
    assert_figures(&api, 4_320.0, 95.0, 864.0, -3_456.0);
    assert_eq!(api["slo_met"], json!(false));

    // 99.9 % (a trailing % is allowed): budget 86.4 s; left 86.4 − 4,320 = −4,233.6 s
    let api = holds_with_slo("99.9%", 99.9);
    assert_figures(&api, 4_320.0, 95.0, 86.4, -4_233.6);
    assert_eq!(api["slo_met"], json!(false));
}

#[test]
fn availability_equal_to_the_slo_meets_it() {
    // 95 %: budget 0.05 × 86,400 = 4,320 s = the downtime; left 0; met
    let api = holds_with_slo("95", 95.0);
    assert_figures(&api, 4_320.0, 95.0, 4_320.0, 0.0);
    assert_eq!(api["slo_met"], json!(true));
}

#[test]
fn a_day_with_7m12s_of_major_outage_is_exactly_99_5_percent() {
    // semantics/exactly_at_slo.csv: major 12:00:00–12:07:12 = 432 s
    //   availability = 100 × (1 − 432 / 86,400) = 99.5; budget 432 s; left 0
    let report = report_json(&["semantics/exactly_at_slo.csv"]);
    let api = service(&report, "api");
    assert_figures(api, 432.0, 99.5, 432.0, 0.0);
    assert_eq!(api["slo_met"], json!(true));

    // semantics/one_ms_over_slo.csv: the outage ends at 12:07:12.001: 432.001 s, 1 ms over.
    let report = report_json(&["semantics/one_ms_over_slo.csv"]);
    let api = service(&report, "api");
    assert_eq!(api["downtime_seconds"], json!(432.001));
    assert_eq!(api["error_budget_remaining_seconds"], json!(-0.001));
    assert_eq!(api["slo_met"], json!(false));
}

#[test]
fn json_availability_is_the_double_nearest_the_exact_value() {
    // examples/README.md: db counts 2,663,400 s with 5,212.8 s of downtime.
    //   100 × (1 − 5,212.8 / 2,663,400) = 99.80428024329804009… whose nearest f64 prints as
    //   99.80428024329804 (Python: float(100 * (1 - Fraction(52128, 26634000)))).
    let run = run_in(
        repo_root(),
        &[
            "report",
            "--format",
            "json",
            "examples/events.csv",
            "--maintenance",
            "examples/maintenance.csv",
        ],
        None,
    );
    let report = run.json();
    let db = service(&report, "db");
    assert_eq!(db["counted_seconds"], json!(2_663_400.0));
    assert_eq!(db["downtime_seconds"], json!(5_212.8));
    assert_eq!(db["availability_percent"], json!(99.80428024329804));
}

#[test]
fn seconds_add_up_to_the_window_in_the_examples() {
    // The example window is October 2026: 31 × 86,400 = 2,678,400 s.
    let args = ["examples/events.csv", "--maintenance", "examples/maintenance.csv"];
    let report = run_in(repo_root(), &[&["report", "-f", "json"][..], &args].concat(), None).json();
    assert_seconds_add_up(&report, 2_678_400.0);

    // The timeline covers the window without gaps, and its downtime sums to the report's.
    let timeline =
        run_in(repo_root(), &[&["timeline", "-f", "json"][..], &args].concat(), None).json();
    for name in service_names(&report) {
        let intervals: Vec<&Value> = timeline["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|interval| interval["service"] == name)
            .collect();
        assert_eq!(intervals[0]["from"], report["window"]["from"], "{name}");
        assert_eq!(intervals.last().unwrap()["to"], report["window"]["to"], "{name}");
        for pair in intervals.windows(2) {
            assert_eq!(pair[0]["to"], pair[1]["from"], "{name}: a gap");
        }
        let downtime: f64 =
            intervals.iter().map(|interval| interval["downtime_seconds"].as_f64().unwrap()).sum();
        let expected = service(&report, name)["downtime_seconds"].as_f64().unwrap();
        assert!((downtime - expected).abs() < 1e-6, "{name}: {downtime} vs {expected}");
    }
}

/// Random logs: (minute of the day, service, status), at most one row per minute.
fn random_rows() -> impl Strategy<Value = Vec<String>> {
    const SERVICES: [&str; 3] = ["api", "db", "web"];
    const STATUSES: [&str; 5] = ["up", "degraded", "partial", "down", "maintenance"];
    prop::collection::btree_map(0u32..1440, (0..SERVICES.len(), 0..STATUSES.len()), 2..24).prop_map(
        |rows| {
            rows.into_iter()
                .map(|(minute, (service, status))| {
                    format!(
                        "2026-10-01T{:02}:{:02}:00Z,{},{}",
                        minute / 60,
                        minute % 60,
                        SERVICES[service],
                        STATUSES[status]
                    )
                })
                .collect()
        },
    )
}

fn csv_of(rows: &[String]) -> String {
    format!("timestamp,service,status\n{}\n", rows.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_log_adds_up_and_reads_the_same_in_any_order(
        (rows, shuffled) in random_rows().prop_flat_map(|rows| (Just(rows.clone()), Just(rows).prop_shuffle()))
    ) {
        let scratch = Scratch::new();
        scratch.write("sorted.csv", csv_of(&rows)).write("shuffled.csv", csv_of(&shuffled));
        let sorted = scratch.nines(&["report", "--format", "json", "sorted.csv"]);
        let report = sorted.json();
        // Rows are in time order, each at a whole minute.
        let minute = |row: &String| -> f64 {
            let hours: f64 = row[11..13].parse().unwrap();
            let minutes: f64 = row[14..16].parse().unwrap();
            hours * 3600.0 + minutes * 60.0
        };
        let window = minute(rows.last().unwrap()) - minute(&rows[0]);
        assert_seconds_add_up(&report, window);
        let reordered = scratch.nines(&["report", "--format", "json", "shuffled.csv"]);
        prop_assert_eq!(reordered.ok(), sorted.ok());
    }
}
