//! Decisions are exact at any precision the inputs are accepted with: an objective met or
//! missed, a tier hit, an alert fired and a credit rounded are decided on the exact figure,
//! never on one rounded to 28 significant digits, and no arithmetic on an input overflows.

use crate::common::*;
use serde_json::Value;

const EVENTS: &str = "precision/one_ms_short.csv";
const CONTRACTS: &str = "precision/fine.toml";

/// A weight at which api, degraded all October but its first millisecond, is available
/// 99.49999999999999999999999999663…%: below 99.5 by less than 28 significant digits show.
const FINE_WEIGHT: &str = "degraded=0.0050000000018667861416766675";

#[test]
fn an_availability_below_the_objective_by_less_than_28_digits_misses_it() {
    let args = ["--service", "api", "--weight", FINE_WEIGHT, "--slo", "99.5"];
    let report = report_json(&[&[EVENTS][..], &args].concat());
    let api = service(&report, "api");
    // The nearest double is 99.5, but the objective is missed.
    assert_eq!(api["availability_percent"], 99.5);
    assert_eq!(api["slo_met"], false);
    assert!(api["error_budget_remaining_seconds"].as_f64().unwrap() < 0.0);
    // A table shows it rounded toward zero, never as 99.500 %.
    let table = nines(&[&["report", EVENTS][..], &args].concat());
    assert!(table.ok().contains("99.499%"), "{}", table.stdout);
    let check = nines(&[&["check", EVENTS][..], &args].concat());
    check.exits(1);
    assert!(check.stdout.starts_with("api: availability 99.499% is below the SLO of 99.5%"));
}

#[test]
fn a_tier_below_by_less_than_28_digits_is_hit_and_money_rounds_from_the_exact_credit() {
    // October, settled in mid-November.
    let settle = |command: &str, extra: &[&str]| {
        let month = ["--month", "2026-10", "--now", "2026-11-15"];
        nines(&[&[command, EVENTS, "--contracts", CONTRACTS][..], &month, extra].concat())
    };
    let run = settle("credits", &["-f", "json"]);
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    let fine = &report["credits"][0];
    assert_eq!(fine["customer"], "Fine weight");
    // Rounded to 28 significant digits it reads 99.5, with all 28 digits written; it is below.
    assert_eq!(fine["availability_percent"], "99.50000000000000000000000000");
    assert_eq!(fine["slo_met"], false);
    assert_eq!(fine["tier_below_percent"], "99.5");
    assert_eq!(fine["credit_amount"], "100.00");
    // 0.015 × 33.333…3 % = 0.00499999999999999999999999999995: 0.00 rounded half-up, though
    // 28 significant digits of it read 0.005.
    let third = &report["credits"][1];
    assert_eq!(third["customer"], "A third of a cent");
    assert_eq!(third["uncapped_credit"], "0.005000000000000000000000000000");
    assert_eq!(third["rounded_credit"], "0.00");
    assert_eq!(third["credit_amount"], "0.00");

    let check = settle("check", &[]);
    check.exits(1);
    assert!(check.stdout.starts_with("Fine weight: 2026-10 availability 99.499% is below 99.5"));
    assert!(check.stdout.ends_with("1 credit owed in 2 customer-months: 100.00 EUR\n"));
}

#[test]
fn a_burn_rate_below_its_threshold_by_a_billionth_does_not_fire() {
    // SLO 99.99999999999999999999 allows 1e-22 of the time down; degraded weighs 1.000001e-22,
    // so a window all degraded burns at 1.000001. api was up for a moment two days before T:
    // 259 ms keeps the 3-day rate above 1 (P3 fires), 260 ms takes it below by 3e-9 (it does
    // not), as the 6-hour rate stays 1.000001.
    let scratch = Scratch::new();
    let burn = |up_ms: u32| {
        scratch.write(
            "api.csv",
            format!(
                "timestamp,service,status\n\
                 2026-10-01T00:00:00Z,api,degraded_performance\n\
                 2026-10-29T12:00:00Z,api,operational\n\
                 2026-10-29T12:00:00.{up_ms:03}Z,api,degraded_performance\n"
            ),
        );
        let run = scratch.nines(&[
            "burn",
            "api.csv",
            "--at",
            "2026-10-31T12:00:00Z",
            "--slo",
            "99.99999999999999999999",
            "--weight",
            "degraded=0.0000000000000000000001000001",
            // The degraded status holds on to --at, as stated.
            "--stale-after",
            "2d",
            "-f",
            "json",
        ]);
        let report: Value = serde_json::from_str(run.ok()).unwrap();
        report["services"][0].clone()
    };
    let above = burn(259);
    assert_eq!(above["firing"], "P3", "{above:#}");
    assert_eq!(above["burn_rates"]["6h"], 1.000001);
    let below = burn(260);
    assert_eq!(below["firing"], Value::Null, "{below:#}");
    // JSON carries the nearest double: 0.999999996…, not 1.
    assert!(below["burn_rates"]["3d"].as_f64().unwrap() < 1.0);
}

#[test]
fn objectives_with_every_accepted_digit_never_overflow() {
    let slo = "99.9999999999999999999999999";
    let report = report_json(&[EVENTS, "--slo", slo]);
    let api = service(&report, "api");
    assert_eq!(api["slo_met"], false);
    // 100 × a tenth of the month down ÷ a budget of 1e-27 of it: about 1e28 %.
    let consumed = api["error_budget_consumed_percent"].as_f64().unwrap();
    assert!((0.99e28..1.01e28).contains(&consumed), "{consumed}");
    nines(&["check", EVENTS, "--slo", slo]).exits(1);
    let burn = nines(&["burn", EVENTS, "--slo", slo]);
    burn.exits(1);
    assert_eq!(nines(&["budget", slo, "-f", "csv"]).ok().lines().count(), 2);
}

#[test]
fn json_numbers_are_the_double_nearest_the_exact_figure() {
    // 1e-26 of 1.001 s is 1.001e-26 s, which 28 decimal places would round to 1e-26.
    let run = nines_with_stdin(
        &[
            "report",
            "-",
            "--slo",
            "99.999999999999999999999999",
            "--to",
            "2026-10-01T00:00:01.001Z",
            "-f",
            "json",
        ],
        "timestamp,service,status\n2026-10-01T00:00:00Z,api,operational\n",
    );
    let report: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(service(&report, "api")["error_budget_seconds"], 1.001e-26);
}

#[test]
fn more_decimal_places_than_are_kept_are_refused_saying_how_many_are() {
    nines(&["report", EVENTS, "--slo", "99.99999999999999999999999999999"]).fails_with(
        "invalid value '99.99999999999999999999999999999' for '--slo <PERCENT>': \
         \"99.99999999999999999999999999999\" has more than the 28 decimal places that are kept \
         (expected a percentage above 0 and at most 100, like 99.5)",
    );
}
