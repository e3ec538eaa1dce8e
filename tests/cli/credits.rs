//! `nines credits` and `check --contracts`: SLA credits per customer and calendar month, from
//! the contracts in `tests/data/credits/`.
//!
//! Most tests settle October 2026 on `credits/october.csv`, in which every service is
//! operational but for one outage designed to land exactly on, or one second past, a figure:
//! October 2026 in UTC lasts 2,678,400 s, so 99.5 % is 13,392 s of major outage, 99.0 %
//! 26,784 s, 98.5 % 40,176 s and 95.0 % 133,920 s; in Europe/Berlin it lasts 2,682,000 s, and
//! 99.5 % is 13,410 s. The schedule is 99.5 → 10 %, 99.0 → 30 %, 95.0 → 100 %.

use crate::common::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const OCTOBER: &str = "credits/october.csv";

/// October 2026, settled in mid-November, so that no month is under way. The fixtures cover
/// the first days of October only: the rest of the month is allowed without the stale-data
/// warning, which its own test shows.
const MONTH: [&str; 6] = ["--month", "2026-10", "--now", "2026-11-15", "--stale-after", "31d"];

/// `nines credits EVENTS --contracts CONTRACTS --month 2026-10 --now 2026-11-15 EXTRA`.
fn credits_on(events: &str, contracts: &str, extra: &[&str]) -> Run {
    nines(&[&["credits", events, "--contracts", contracts][..], &MONTH, extra].concat())
}

/// `credits` on october.csv.
fn credits(contracts: &str, extra: &[&str]) -> Run {
    credits_on(OCTOBER, contracts, extra)
}

/// `credits --format json` on october.csv, which must succeed.
fn credits_json(contracts: &str) -> Value {
    credits(contracts, &["--format", "json"]).json()
}

/// `check --contracts CONTRACTS` on october.csv.
fn check(contracts: &str) -> Run {
    nines(&[&["check", OCTOBER, "--contracts", contracts][..], &MONTH].concat())
}

/// The entries of `credits[]`, by customer, in order.
fn customers(report: &Value) -> Vec<&str> {
    report["credits"].as_array().unwrap().iter().map(|c| c["customer"].as_str().unwrap()).collect()
}

/// The entry of `credits[]` for `customer` (its only month).
fn credit<'r>(report: &'r Value, customer: &str) -> &'r Value {
    report["credits"]
        .as_array()
        .expect("credits is an array")
        .iter()
        .find(|credit| credit["customer"] == customer)
        .unwrap_or_else(|| panic!("no credit for {customer:?} in {report:#}"))
}

/// Asserts that `actual` has every field of `expected`, with the same value.
fn assert_has(actual: &Value, expected: Value) {
    for (field, value) in expected.as_object().expect("expected fields") {
        assert_eq!(&actual[field], value, "{field} of {actual:#}");
    }
}

/// A decimal string of the output as a number.
fn decimal(value: &Value) -> Decimal {
    let text = value.as_str().unwrap_or_else(|| panic!("not a decimal string: {value}"));
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Asserts a decimal string is `expected` but for the last of its 28 significant digits: an
/// amount whose exact value has more digits than a decimal holds.
fn assert_about(value: &Value, expected: &str) {
    let expected = Decimal::from_str_exact(expected).unwrap();
    let error = (decimal(value) - expected).abs();
    assert!(error < Decimal::new(1, 20), "{value} is not about {expected}");
}

// Tiers -------------------------------------------------------------------------------------

#[test]
fn at_a_threshold_exactly_its_tier_does_not_apply_and_a_second_more_does() {
    let report = credits_json("credits/thresholds.toml");
    // availability, tier, credit %, credit
    let expected = [
        ("At 99.5", "99.5", Value::Null, "0", "0.00"),
        ("Past 99.5", "99.49996266427718040621266428", json!("99.5"), "10", "100.00"),
        ("At 99.0", "99", json!("99.5"), "10", "100.00"),
        ("Past 99.0", "98.99996266427718040621266428", json!("99.0"), "30", "300.00"),
        ("At 95.0", "95", json!("99.0"), "30", "300.00"),
        ("Past 95.0", "94.99996266427718040621266428", json!("95.0"), "100", "1000.00"),
    ];
    for (customer, availability, tier, percent, amount) in expected {
        assert_has(
            credit(&report, customer),
            json!({
                "availability_percent": availability,
                "compared_availability_percent": availability,
                "tier_below_percent": tier,
                "credit_percent": percent,
                "credit_amount": amount,
                "currency": "EUR",
            }),
        );
    }
    assert_eq!(report["totals"], json!([{ "currency": "EUR", "credit_amount": "1800.00" }]));
}

#[test]
fn the_table_shows_a_row_per_customer_and_month_and_the_totals() {
    let run = credits("credits/thresholds.toml", &[]);
    assert_eq!(
        run.ok(),
        "\
┌───────────┬─────────┬──────────────┬────────────┬──────────┬─────────┬──────────────┬─────────┬──────────┬────────┬───────────────┐
│ Customer  ┆ Month   ┆ Availability ┆ Tier       ┆ Credit % ┆     Fee ┆ Prorated fee ┆  Credit ┆ Currency ┆ Capped ┆ Below minimum │
╞═══════════╪═════════╪══════════════╪════════════╪══════════╪═════════╪══════════════╪═════════╪══════════╪════════╪═══════════════╡
│ At 99.5   ┆ 2026-10 ┆      99.500% ┆ -          ┆       0% ┆ 1000.00 ┆      1000.00 ┆    0.00 ┆ EUR      ┆        ┆               │
│ Past 99.5 ┆ 2026-10 ┆      99.499% ┆ below 99.5 ┆      10% ┆ 1000.00 ┆      1000.00 ┆  100.00 ┆ EUR      ┆        ┆               │
│ At 99.0   ┆ 2026-10 ┆      99.000% ┆ below 99.5 ┆      10% ┆ 1000.00 ┆      1000.00 ┆  100.00 ┆ EUR      ┆        ┆               │
│ Past 99.0 ┆ 2026-10 ┆      98.999% ┆ below 99.0 ┆      30% ┆ 1000.00 ┆      1000.00 ┆  300.00 ┆ EUR      ┆        ┆               │
│ At 95.0   ┆ 2026-10 ┆      95.000% ┆ below 99.0 ┆      30% ┆ 1000.00 ┆      1000.00 ┆  300.00 ┆ EUR      ┆        ┆               │
│ Past 95.0 ┆ 2026-10 ┆      94.999% ┆ below 95.0 ┆     100% ┆ 1000.00 ┆      1000.00 ┆ 1000.00 ┆ EUR      ┆        ┆               │
└───────────┴─────────┴──────────────┴────────────┴──────────┴─────────┴──────────────┴─────────┴──────────┴────────┴───────────────┘

Credits owed: 1800.00 EUR
"
    );
}

#[test]
fn round_availability_rounds_before_the_lookup_in_the_contracts_rounding_mode() {
    let report = credits_json("credits/availability.toml");
    // 99.49996…: under 99.5 exactly, and at five decimals; 99.500 at three.
    let exact = "99.49996266427718040621266428";
    let expected = [
        ("Exact", exact, exact, json!("99.5"), "100.00"),
        ("Three decimals", exact, "99.500", Value::Null, "0.00"),
        ("Five decimals", exact, "99.49996", json!("99.5"), "100.00"),
        // 98.5 to a whole percent: 99 half-up, 98 half-even.
        ("Whole percent, half up", "98.5", "99", json!("99.5"), "100.00"),
        ("Whole percent, half even", "98.5", "98", json!("99.0"), "300.00"),
    ];
    for (customer, availability, compared, tier, amount) in expected {
        assert_has(
            credit(&report, customer),
            json!({
                "availability_percent": availability,
                "compared_availability_percent": compared,
                "tier_below_percent": tier,
                "credit_amount": amount,
            }),
        );
    }
    // Tables show the figure the tiers saw.
    let table = credits("credits/availability.toml", &[]);
    let cells: Vec<&str> = table
        .ok()
        .lines()
        .filter(|line| line.contains("2026-10"))
        .map(|line| line.split('┆').nth(2).unwrap().trim())
        .collect();
    assert_eq!(cells, ["99.499%", "99.500%", "99.49996%", "99%", "98%"]);
}

// Money -------------------------------------------------------------------------------------

#[test]
fn money_is_capped_rounded_in_either_mode_and_held_back_below_the_minimum() {
    let report = credits_json("credits/money.toml");
    assert_eq!(
        customers(&report),
        ["Half up", "Half even", "Capped", "Below minimum", "At minimum", "Yen", "Dollars"]
    );
    // 1000.15 × 30 % = 300.045.
    let half = json!({
        "fee": "1000.15",
        "term_fraction": "1",
        "prorated_fee": "1000.15",
        "credit_percent": "30",
        "uncapped_credit": "300.045",
        "cap_amount": "1000.15",
        "capped": false,
    });
    assert_has(credit(&report, "Half up"), half.clone());
    assert_has(
        credit(&report, "Half up"),
        json!({ "rounding": "half-up", "credit_amount": "300.05" }),
    );
    assert_has(credit(&report, "Half even"), half);
    assert_has(
        credit(&report, "Half even"),
        json!({ "rounding": "half-even", "credit_amount": "300.04" }),
    );
    // 100 % of 1000.00, capped at 50 %.
    assert_has(
        credit(&report, "Capped"),
        json!({
            "credit_percent": "100",
            "uncapped_credit": "1000.00",
            "cap_amount": "500.00",
            "capped": true,
            "credit_amount": "500.00",
        }),
    );
    // 10 % of 5.00 is 0.50, under the minimum of 1.00; 10 % of 10.00 is the minimum itself.
    assert_has(
        credit(&report, "Below minimum"),
        json!({
            "uncapped_credit": "0.50",
            "minimum_credit": "1.00",
            "below_minimum": true,
            "credit_amount": "0.00",
        }),
    );
    assert_has(
        credit(&report, "At minimum"),
        json!({ "minimum_credit": "1.00", "below_minimum": false, "credit_amount": "1.00" }),
    );
    // The yen has no minor unit: 1234.5 is 1235 yen.
    assert_has(
        credit(&report, "Yen"),
        json!({
            "fee": "12345",
            "uncapped_credit": "1234.5",
            "credit_amount": "1235",
            "currency": "JPY",
        }),
    );
    assert_has(
        credit(&report, "Dollars"),
        json!({ "uncapped_credit": "29.997", "credit_amount": "30.00", "currency": "USD" }),
    );
    // 300.05 + 300.04 + 500.00 + 0.00 + 1.00, in the order the currencies first appear.
    assert_eq!(
        report["totals"],
        json!([
            { "currency": "EUR", "credit_amount": "1101.09" },
            { "currency": "JPY", "credit_amount": "1235" },
            { "currency": "USD", "credit_amount": "30.00" },
        ])
    );
}

#[test]
fn the_totals_line_sums_each_currency() {
    let run = credits("credits/money.toml", &[]);
    assert!(run.ok().ends_with("\n\nCredits owed: 1101.09 EUR, 1235 JPY, 30.00 USD\n"));
    assert!(run.stdout.contains(
        "│ Capped        ┆ 2026-10 ┆      94.999% ┆ below 95.0 ┆     100% ┆ 1000.00 ┆      1000.00 ┆ \
         500.00 ┆ EUR      ┆ yes    ┆               │\n\
         │ Below minimum ┆ 2026-10 ┆      99.499% ┆ below 99.5 ┆      10% ┆    5.00 ┆         5.00 \
         ┆   0.00 ┆ EUR      ┆        ┆ yes           │\n"
    ));
}

#[test]
fn the_table_shows_the_prorated_fee_the_credit_was_taken_from() {
    let run = credits("credits/proration.toml", &[]);
    // 1000.15 × 22/31 = 709.7838…, shown to the cent and marked as rounded.
    assert!(
        run.ok().contains(
            "│ Starts on the 10th       ┆ 2026-10 ┆      98.590% ┆ below 99.0 ┆      30% ┆ 1000.15 \
             ┆      ≈709.78 ┆ 212.94 ┆"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("┆ 3100.00 ┆      2000.00 ┆ 600.00 ┆"), "{}", run.stdout);
}

#[test]
fn a_term_that_starts_or_ends_in_the_month_prorates_the_fee_and_shortens_the_measure() {
    let report = credits_json("credits/proration.toml");
    // The contracts that ended in September or start in November have no October.
    assert_eq!(
        customers(&report),
        ["Starts on the 10th", "Ends on the 20th", "From the 5th to the 20th"]
    );

    // 22 of 31 days: 1000.15 × 22/31 = 709.78…; 26,785 s down in 1,900,800 s is 98.59…%.
    let starts = credit(&report, "Starts on the 10th");
    assert_has(
        starts,
        json!({
            "from": "2026-10-10T00:00:00Z",
            "to": "2026-11-01T00:00:00Z",
            "partial": false,
            "availability_percent": "98.59085648148148148148148148",
            "credit_percent": "30",
            "term_fraction": "0.7096774193548387096774193548",
            "credit_amount": "212.94",
        }),
    );
    assert_about(&starts["prorated_fee"], "709.7838709677419354838709677");
    assert_about(&starts["uncapped_credit"], "212.9351612903225806451612903");

    // 20 of 31 days: 3100.00 × 20/31 = 2000; 26,785 s in 1,728,000 s.
    let ends = credit(&report, "Ends on the 20th");
    assert_has(
        ends,
        json!({
            "from": "2026-10-01T00:00:00Z",
            "to": "2026-10-21T00:00:00Z",
            "availability_percent": "98.44994212962962962962962963",
            "term_fraction": "0.6451612903225806451612903226",
            "credit_amount": "600.00",
        }),
    );
    assert_about(&ends["prorated_fee"], "2000");
    assert_about(&ends["uncapped_credit"], "600");

    // 16 of 31 days: 3100.00 × 16/31 = 1600; 26,785 s in 1,382,400 s.
    let both = credit(&report, "From the 5th to the 20th");
    assert_has(
        both,
        json!({
            "from": "2026-10-05T00:00:00Z",
            "to": "2026-10-21T00:00:00Z",
            "availability_percent": "98.06242766203703703703703704",
            "term_fraction": "0.5161290322580645161290322581",
            "credit_amount": "480.00",
        }),
    );
    assert_about(&both["prorated_fee"], "1600");
}

/// 3100.31 × 22/31 is 2200.22 exactly, and 25 % of it 550.055: half-up, 550.06.
#[test]
fn a_prorated_credit_of_half_a_cent_rounds_half_up() {
    let report = credits_json("credits/half_cent.toml");
    assert_has(
        credit(&report, "Half a cent"),
        json!({ "prorated_fee": "2200.22", "credit_amount": "550.06" }),
    );
}

// Months and zones --------------------------------------------------------------------------

#[test]
fn a_month_is_measured_in_the_customers_zone_daylight_saving_time_included() {
    // 13,410 s down: 99.5 % of October in Berlin (2,682,000 s), less in UTC (2,678,400 s).
    let report = credits_json("credits/zones.toml");
    assert_has(
        credit(&report, "London office"),
        json!({
            "time_zone": "UTC",
            "from": "2026-10-01T00:00:00Z",
            "to": "2026-11-01T00:00:00Z",
            "availability_percent": "99.49932795698924731182795699",
            "tier_below_percent": "99.5",
            "credit_amount": "100.00",
        }),
    );
    assert_has(
        credit(&report, "Berlin office"),
        json!({
            "time_zone": "Europe/Berlin",
            "from": "2026-09-30T22:00:00Z",
            "to": "2026-10-31T23:00:00Z",
            "availability_percent": "99.5",
            "tier_below_percent": null,
            "credit_amount": "0.00",
        }),
    );
}

#[test]
fn a_month_under_way_is_measured_up_to_now_and_marked_partial() {
    let run = nines(&[
        "credits",
        OCTOBER,
        "--contracts",
        "credits/zones.toml",
        "--month",
        "2026-10",
        "--now",
        "2026-10-20T12:00:00Z",
        "--format",
        "json",
    ]);
    let report = run.json();
    // 13,410 s in 1,684,800 s (UTC) and in 1,692,000 s (Berlin, from 22:00 the day before).
    assert_has(
        credit(&report, "London office"),
        json!({
            "to": "2026-10-20T12:00:00Z",
            "partial": true,
            "availability_percent": "99.20405982905982905982905983",
            "term_fraction": "1",
            "credit_amount": "100.00",
        }),
    );
    assert_has(
        credit(&report, "Berlin office"),
        json!({ "from": "2026-09-30T22:00:00Z", "to": "2026-10-20T12:00:00Z", "partial": true }),
    );
    let table = nines(&[
        "credits",
        OCTOBER,
        "--contracts",
        "credits/zones.toml",
        "--month",
        "2026-10",
        "--now",
        "2026-10-20T12:00:00Z",
    ]);
    assert!(
        table.ok().contains("│ London office ┆ 2026-10 (partial) ┆      99.204% ┆ below 99.5 ┆")
    );
}

/// The warning for a customer's month that has no events.
fn no_events(customer: &str, month: &str, from: &str, to: &str) -> String {
    format!(
        "warning: {customer:?}, {month}: no events from {from} to {to}: every service is taken \
         to be in the status it was last reported in, or operational before its first event\n"
    )
}

#[test]
fn a_quarter_settles_its_months_up_to_now() {
    let run = nines(&[
        "credits",
        OCTOBER,
        "--contracts",
        "credits/proration.toml",
        "--quarter",
        "2026-Q4",
        "--now",
        "2026-11-05",
        "--stale-after",
        "62d",
        "--format",
        "json",
    ]);
    // November has no events: settled all the same, with a warning.
    run.exits(0);
    assert_eq!(
        run.stderr,
        format!(
            "{}{}",
            no_events(
                "Starts on the 10th",
                "2026-11",
                "2026-11-01T00:00:00Z",
                "2026-11-05T00:00:00Z"
            ),
            no_events(
                "Starts in November",
                "2026-11",
                "2026-11-01T00:00:00Z",
                "2026-11-05T00:00:00Z"
            )
        )
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let months: Vec<(&str, &str, bool)> = report["credits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["customer"].as_str().unwrap(), c["month"].as_str().unwrap(), c["partial"] == true)
        })
        .collect();
    // December has not begun; the terms leave out the rest.
    assert_eq!(
        months,
        [
            ("Starts on the 10th", "2026-10", false),
            ("Starts on the 10th", "2026-11", true),
            ("Ends on the 20th", "2026-10", false),
            ("From the 5th to the 20th", "2026-10", false),
            ("Starts in November", "2026-11", true),
        ]
    );
}

#[test]
fn from_and_to_settle_the_months_whose_dates_they_cover() {
    let run = nines(&[
        "credits",
        OCTOBER,
        "--contracts",
        "credits/zones.toml",
        "--from",
        "2026-09-15",
        "--to",
        "2026-10-10",
        "--stale-after",
        "62d",
        "--format",
        "csv",
    ]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        format!(
            "{}{}",
            no_events("London office", "2026-09", "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z"),
            no_events("Berlin office", "2026-09", "2026-08-31T22:00:00Z", "2026-09-30T22:00:00Z")
        )
    );
    let months: Vec<String> = run
        .stdout
        .lines()
        .skip(1)
        .map(|line| line.split(',').take(6).collect::<Vec<_>>().join(","))
        .collect();
    // Whole months, each in the customer's zone, not the stretch from the 15th to the 10th.
    assert_eq!(
        months,
        [
            "London office,2026-09,UTC,2026-09-01T00:00:00Z,2026-10-01T00:00:00Z,false",
            "London office,2026-10,UTC,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,false",
            "Berlin office,2026-09,Europe/Berlin,2026-08-31T22:00:00Z,2026-09-30T22:00:00Z,false",
            "Berlin office,2026-10,Europe/Berlin,2026-09-30T22:00:00Z,2026-10-31T23:00:00Z,false",
        ]
    );
}

/// With --from and --to, --now still cuts a month under way, so it has an effect and is not
/// warned about; November's lack of events is.
#[test]
fn now_with_from_and_to_cuts_the_last_month_without_a_warning() {
    let run = nines(&[
        "credits",
        OCTOBER,
        "--contracts",
        "credits/zones.toml",
        "--from",
        "2026-10-15",
        "--to",
        "2026-11-10",
        "--now",
        "2026-11-05",
        "--stale-after",
        "62d",
        "--format",
        "json",
    ]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        format!(
            "{}{}",
            no_events("London office", "2026-11", "2026-11-01T00:00:00Z", "2026-11-05T00:00:00Z"),
            no_events("Berlin office", "2026-11", "2026-10-31T23:00:00Z", "2026-11-05T00:00:00Z")
        )
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_has(
        &report["credits"][1],
        json!({ "month": "2026-11", "to": "2026-11-05T00:00:00Z", "partial": true }),
    );
}

#[test]
fn a_week_or_a_day_is_refused() {
    for (flag, value) in [("--week", "2026-W43"), ("--day", "2026-10-20")] {
        nines(&[
            "credits",
            OCTOBER,
            "--contracts",
            "credits/zones.toml",
            flag,
            value,
            "--now",
            "2026-11-15",
        ])
        .fails_with(&format!(
            "credits are settled per calendar month: {flag} does not cover whole months (use \
                 --month, --quarter, --year, or --from and --to)"
        ));
    }
}

#[test]
fn slo_is_refused_since_each_contract_sets_its_own() {
    let message = "--slo has no effect with --contracts: each contract sets its own slo";
    credits("credits/zones.toml", &["--slo", "99"]).fails_with(message);
    nines(
        &[&["check", OCTOBER, "--contracts", "credits/zones.toml", "--slo", "99"][..], &MONTH]
            .concat(),
    )
    .fails_with(message);
}

#[test]
fn no_month_to_settle_is_an_error() {
    // The only contract ended in September.
    credits("credits/ended.toml", &[]).fails_with(
        "no month to settle: every customer's months lie after now (2026-11-15T00:00:00Z) or \
         outside its contract term",
    );
}

// Services ----------------------------------------------------------------------------------

#[test]
fn worst_takes_the_lowest_service_and_platform_the_services_as_one_system() {
    // left and right are each down 8,000 s, on different days: 99.70…% each, but the
    // platform is down 16,000 s, 99.40…%.
    let report = credits_json("credits/combine.toml");
    let services = json!([
        { "service": "left", "kind": "service", "availability_percent": "99.70131421744324970131421744" },
        { "service": "right", "kind": "service", "availability_percent": "99.70131421744324970131421744" },
    ]);
    assert_has(
        credit(&report, "Worst"),
        json!({
            "services": services,
            "combine": "worst",
            "availability_percent": "99.70131421744324970131421744",
            "credit_amount": "0.00",
        }),
    );
    assert_has(
        credit(&report, "Platform"),
        json!({
            "services": services,
            "combine": "platform",
            "availability_percent": "99.40262843488649940262843489",
            "tier_below_percent": "99.5",
            "credit_amount": "100.00",
        }),
    );
}

#[test]
fn a_month_all_in_maintenance_has_no_availability_and_no_credit() {
    let report = credits_json("credits/combine.toml");
    assert_has(
        credit(&report, "Closed"),
        json!({
            "services": [{ "service": "closed", "kind": "service", "availability_percent": null }],
            "availability_percent": null,
            "compared_availability_percent": null,
            "tier_below_percent": null,
            "credit_percent": "0",
            "uncapped_credit": "0.00",
            "credit_amount": "0.00",
        }),
    );
    // Beside a service that was measured, it counts for nothing, either way.
    for customer in ["Closed and left, worst", "Closed and left, platform"] {
        assert_has(
            credit(&report, customer),
            json!({ "availability_percent": "99.70131421744324970131421744" }),
        );
    }
    let table = credits("credits/combine.toml", &[]);
    assert!(table.ok().contains(
        "│ Closed                    ┆ 2026-10 ┆          n/a ┆ -          ┆       0% ┆ 1000.00 ┆      \
         1000.00 ┆   0.00 ┆"
    ));
}

#[test]
fn a_star_covers_every_service_in_the_events() {
    let report = credits_on("credits/two.csv", "credits/every.toml", &["--format", "json"]).json();
    assert_has(
        credit(&report, "Everything"),
        json!({
            "services": [
                { "service": "api", "kind": "service", "availability_percent": "100" },
                { "service": "web", "kind": "service", "availability_percent": "99.46236559139784946236559140" },
            ],
            "availability_percent": "99.46236559139784946236559140",
            "credit_amount": "100.00",
        }),
    );
}

#[test]
fn a_covered_service_without_events_is_an_error_unless_optional() {
    credits_on("credits/two.csv", "credits/missing.toml", &[]).fails_with(
        "credits/missing.toml:8: customer \"Initech\": service \"legacy\" has no events (mark it \
         { name = \"legacy\", optional = true } if that is expected)",
    );
    let report = credits_on("credits/two.csv", "credits/optional.toml", &["-f", "json"]).json();
    assert_has(
        credit(&report, "Initech"),
        json!({
            "services": [{ "service": "api", "kind": "service", "availability_percent": "100" }],
            "availability_percent": "100",
        }),
    );
}

// --explain, check --contracts, CSV ---------------------------------------------------------

#[test]
fn explain_shows_each_step_from_availability_to_money() {
    let run = credits("credits/explain.toml", &["--explain"]);
    assert_eq!(
        run.ok(),
        "Initech, 2026-10: 2026-10-10T00:00:00Z to 2026-11-01T00:00:00Z
  at-99.5    99.29545454545454545454545455%
  past-99.0  98.59085648148148148148148148%
  availability: the worst of 2 services = 98.59085648148148148148148148%
  tier: 98.59085648148148148148148148% is below 99.0 (the lowest threshold it is under): 30% credit
  fee: 1000.15 EUR × 0.7096774193548387096774193548 of the month under contract = 709.7838709677419354838709677
  credit: 709.7838709677419354838709677 × 30% = 212.9351612903225806451612903
  capped at 20% of the fee: 141.9567741935483870967741935
  rounded half-up: 141.96 EUR
  = 141.96 EUR
"
    );
}

#[test]
fn explain_says_why_there_is_no_credit() {
    let run = credits("credits/none_owed.toml", &["--explain"]);
    assert_eq!(
        run.ok(),
        "At 99.5, 2026-10: 2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z
  at-99.5  99.5%
  availability: the worst of 1 service = 99.5%
  tier: 99.5% is not below any threshold: no credit
  credit: 1000.00 EUR × 0% = 0
  rounded half-up: 0.00 EUR
  = 0.00 EUR

Closed, 2026-10: 2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z
  closed  n/a (all maintenance)
  availability: the worst of 1 service = n/a (all maintenance)
  no availability, so no credit: = 0.00 EUR
"
    );
}

#[test]
fn check_contracts_exits_1_with_a_line_per_credit_owed() {
    let run = check("credits/thresholds.toml");
    run.exits(1);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "Past 99.5: 2026-10 availability 99.499% is below 99.5: 10% credit, 100.00 EUR
At 99.0: 2026-10 availability 99.000% is below 99.5: 10% credit, 100.00 EUR
Past 99.0: 2026-10 availability 98.999% is below 99.0: 30% credit, 300.00 EUR
At 95.0: 2026-10 availability 95.000% is below 99.0: 30% credit, 300.00 EUR
Past 95.0: 2026-10 availability 94.999% is below 95.0: 100% credit, 1000.00 EUR
5 credits owed in 6 customer-months: 1800.00 EUR
"
    );
}

#[test]
fn check_contracts_exits_0_when_nothing_is_owed() {
    assert_eq!(
        check("credits/none_owed.toml").ok(),
        "no credits owed (2 customer-months settled)\n"
    );
    // The table's total line names only the currencies something is owed in.
    assert!(credits("credits/none_owed.toml", &[]).ok().ends_with("\n\nCredits owed: none\n"));
    // A credit under the minimum is not owed.
    let run = check("credits/money.toml");
    run.exits(1);
    assert!(!run.stdout.contains("Below minimum"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("6 credits owed in 7 customer-months: 1101.09 EUR, 1235 JPY, 30.00 USD\n")
    );
}

#[test]
fn csv_has_a_row_per_customer_and_month_without_services() {
    let run = credits("credits/money.toml", &["--format", "csv"]);
    let csv = run.ok();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer,month,time_zone,from,to,partial,combine,availability_percent,slo_percent,\
         slo_met,compared_availability_percent,tier_below_percent,credit_percent,fee,term_fraction,\
         prorated_fee,uncapped_credit,cap_percent,cap_amount,capped,rounding,rounded_credit,\
         minimum_credit,below_minimum,credit_amount,currency"
    );
    assert_eq!(
        lines.next().unwrap(),
        "Half up,2026-10,UTC,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,false,worst,\
         98.99996266427718040621266428,99.5,false,98.99996266427718040621266428,99.0,30,1000.15,\
         1,1000.15,300.045,100,1000.15,false,half-up,300.05,0,false,300.05,EUR"
    );
    assert_eq!(lines.count(), 6);
}

#[test]
fn csv_neutralises_a_customer_name_a_spreadsheet_would_run() {
    let run = credits("credits/injection.toml", &["--format", "csv"]);
    let rows: Vec<&str> = run.ok().lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "\"'=HYPERLINK(\"\"http://example.com/\"\",\"\"click\"\")\",2026-10,UTC,\
             2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,false,worst,\
             99.49996266427718040621266428,99.5,false,99.49996266427718040621266428,99.5,10,\
             1000.00,1,1000.00,100.00,100,1000.00,false,half-up,100.00,0,false,100.00,EUR",
            "'@Acme,2026-10,UTC,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,false,worst,99.5,\
             99.5,true,99.5,,0,1000.00,1,1000.00,0.00,100,1000.00,false,half-up,0.00,0,false,\
             0.00,EUR",
        ]
    );
    // JSON is data, not a spreadsheet: the name is as written.
    let report = credits_json("credits/injection.toml");
    assert_eq!(report["credits"][0]["customer"], "=HYPERLINK(\"http://example.com/\",\"click\")");
}

// Bad contracts -----------------------------------------------------------------------------

/// Asserts that settling `credits/bad/NAME` fails with `message` after the file's name.
fn refused(name: &str, message: &str) {
    credits(&format!("credits/bad/{name}"), &[])
        .fails_with(&format!("credits/bad/{name}{message}"));
}

#[test]
fn an_unknown_field_is_named_with_the_known_ones() {
    refused(
        "unknown_field.toml",
        ":5: customer \"Acme GmbH\": montly_fee is not a known field: did you mean monthly_fee? \
         (expected one of name, \
         services, combine, schedule, tiers, slo, time_zone, monthly_fee, currency, cap_percent, \
         minimum_credit, round_availability, rounding, start, end or weights)",
    );
}

#[test]
fn a_fee_too_large_to_compute_with_is_refused() {
    let scratch = Scratch::new();
    scratch.write("events.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    scratch.write(
        "huge.toml",
        "[[customer]]\nname = \"Big\"\nservices = [\"api\"]\n\
         tiers = [ { below = \"99.5\", credit_percent = \"10\" } ]\n\
         monthly_fee = \"300000000000000000\"\ncurrency = \"EUR\"\n",
    );
    scratch.nines(&["credits", "events.csv", "--contracts", "huge.toml", "--month", "2026-10"]).fails_with(
        "huge.toml:5: customer \"Big\": monthly_fee \"300000000000000000\" is too large (expected an \
         amount of money from 0 to 1000000000000000 (10^15), like \"12000.00\")",
    );
}

#[test]
fn a_contract_date_before_the_year_1_is_not_a_date() {
    let scratch = Scratch::new();
    scratch.write("events.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    for start in ["0000-01-01", "-001-01-01"] {
        scratch.write(
            "early.toml",
            format!(
                "[[customer]]\nname = \"Early\"\nservices = [\"api\"]\n\
                 tiers = [ {{ below = \"99.5\", credit_percent = \"10\" }} ]\n\
                 monthly_fee = \"1\"\ncurrency = \"EUR\"\nstart = \"{start}\"\n"
            ),
        );
        scratch
            .nines(&["credits", "events.csv", "--contracts", "early.toml", "--month", "2026-10"])
            .fails_mentioning("early.toml:7: customer \"Early\": start", &[start, "is not a date"]);
    }
}

#[test]
fn a_missing_fee_points_at_the_customers_header() {
    refused(
        "missing_fee.toml",
        ":1: customer \"Acme GmbH\": monthly_fee is missing (expected an amount of money from 0 \
         to 1000000000000000 (10^15), like \"12000.00\")",
    );
}

#[test]
fn a_negative_fee_is_refused() {
    refused(
        "negative_fee.toml",
        ":5: customer \"Acme GmbH\": monthly_fee \"-1000.00\" is negative (expected an amount of \
         money from 0 to 1000000000000000 (10^15), like \"12000.00\")",
    );
}

#[test]
fn a_currency_is_three_uppercase_letters_of_iso_4217() {
    refused(
        "lowercase_currency.toml",
        ":6: customer \"Acme GmbH\": currency \"eur\" is not a currency code (expected an ISO \
         4217 code of three uppercase letters, like \"EUR\")",
    );
    refused(
        "unknown_currency.toml",
        ":6: customer \"Acme GmbH\": currency \"XYZ\" is unknown (expected a currency in ISO \
         4217, like \"EUR\" or \"USD\")",
    );
}

#[test]
fn an_unknown_schedule_is_named_with_the_files_schedules() {
    refused(
        "unknown_schedule.toml",
        ":7: customer \"Acme GmbH\": schedule \"gold\" is unknown (expected the name of a \
         [schedule.NAME] table: \"standard\")",
    );
}

#[test]
fn tiers_go_from_the_highest_threshold_down() {
    refused(
        "tiers_out_of_order.toml",
        ":6: customer \"Acme GmbH\": tiers[1].below \"99.5\" is out of order (expected each \
         tier's below lower than the one before, which is 99.0 in tiers[0])",
    );
}

#[test]
fn percentages_are_from_0_to_100() {
    refused(
        "credit_over_100.toml",
        ":4: customer \"Acme GmbH\": tiers[0].credit_percent \"120\" is not between 0 and 100 \
         (expected a credit in percent of the monthly fee from 0 to 100, like \"10\")",
    );
    refused(
        "cap_over_100.toml",
        ":7: customer \"Acme GmbH\": cap_percent \"150\" is not between 0 and 100 (expected a \
         percentage of the monthly fee from 0 to 100, like \"100\")",
    );
}

#[test]
fn an_unknown_time_zone_is_refused() {
    refused(
        "unknown_zone.toml",
        ":7: customer \"Acme GmbH\": time_zone \"Europe/Atlantis\" is unknown (expected an IANA \
         time zone like UTC or Europe/Berlin)",
    );
}

#[test]
fn a_term_cannot_end_before_it_starts() {
    refused(
        "start_after_end.toml",
        ":8: customer \"Acme GmbH\": end \"2026-10-14\" is before the start, 2026-10-15 \
         (expected the term's last day, on or after its first)",
    );
}

#[test]
fn a_toml_syntax_error_is_named_with_its_line_and_column() {
    refused(
        "syntax_error.toml",
        ":5: customer \"Acme GmbH\": monthly_fee is not valid TOML at column 15: string values \
         must be quoted, expected literal string",
    );
}

#[test]
fn a_missing_contracts_file_is_named() {
    credits("credits/absent.toml", &[]).fails_with(
        "cannot read the contracts file credits/absent.toml: No such file or directory (os \
         error 2)",
    );
    check("credits/absent.toml").fails_with(
        "cannot read the contracts file credits/absent.toml: No such file or directory (os \
         error 2)",
    );
}

/// An outage from 23:00 on October 31 (UTC) to 01:30 on November 1, 2h 30m, of which 1h is in
/// October: with --min-incident 2h, the UTC customer's October is the same whoever else is in
/// the file.
#[test]
fn a_customers_month_does_not_depend_on_the_other_customers() {
    let settle = |contracts: &str| {
        let run = credits_on(
            "credits/across_months.csv",
            contracts,
            &["--min-incident", "2h", "--format", "json"],
        );
        credit(&run.json(), "UTC customer").clone()
    };
    assert_eq!(settle("credits/utc_and_new_york.toml"), settle("credits/utc.toml"));
}

#[test]
fn months_without_events_are_warned_about_three_times_and_counted() {
    // From 2025 the example contracts settle 62 customer-months before the events begin: the
    // first three are shown, the other 59 counted.
    let run = run_in(
        repo_root(),
        &[
            "credits",
            "examples/events.csv",
            "--contracts",
            "examples/contracts.toml",
            "--no-config",
            "--from",
            "2025-01-01",
            "--now",
            "2026-11-15",
        ],
        None,
    );
    run.exits(0);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 4, "{}", run.stderr);
    assert!(warnings[0].starts_with("warning: \"Acme GmbH\", 2025-01: no events"));
    assert!(warnings[2].starts_with("warning: \"Acme GmbH\", 2025-03: no events"));
    assert_eq!(warnings[3], "warning: 59 more warnings about months without events not shown");
}
