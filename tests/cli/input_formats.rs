//! Every way of writing the same log gives the same figures as `formats/canonical.csv`.
//!
//! formats/canonical.csv: api operational 00:00, degraded_performance 06:00, partial_outage
//! 07:00, major_outage 08:00, operational 09:00 and 2026-10-02 00:00.
//!   window 86,400 s; one hour in each of degraded, partial and major; operational 75,600 s
//!   downtime = 0.1 × 3,600 + 0.3 × 3,600 + 3,600 = 360 + 1,080 + 3,600 = 5,040 s
//!
//! In Unix epoch seconds, 2026-10-01T00:00:00Z is 1,790,812,800 (20,727 days × 86,400 s);
//! 06:00 is 1,790,834,400, 07:00 1,790,838,000, 08:00 1,790,841,600, 09:00 1,790,845,200 and
//! 2026-10-02T00:00:00Z 1,790,899,200.

use crate::common::*;
use serde_json::{Value, json};

/// The JSON report of `args`, less the time zone (the only line that may differ).
fn measured(run: Run) -> Value {
    let mut report = run.json();
    report.as_object_mut().unwrap().remove("time_zone");
    report
}

/// The report of formats/canonical.csv.
fn canonical() -> Value {
    measured(nines(&["report", "--format", "json", "formats/canonical.csv"]))
}

/// Asserts that `report --format json ARGS` measures what canonical.csv gives.
fn assert_reads_like_canonical(args: &[&str]) {
    let report = measured(nines(&[&["report", "--format", "json"], args].concat()));
    assert_eq!(report, canonical(), "{args:?}");
}

/// Asserts the same with `input` on stdin.
fn assert_stdin_reads_like_canonical(args: &[&str], input: impl AsRef<[u8]>) {
    let run = nines_with_stdin(&[&["report", "--format", "json"], args].concat(), input);
    assert_eq!(measured(run), canonical(), "{args:?}");
}

#[test]
fn the_canonical_log_has_the_hand_computed_figures() {
    let report = canonical();
    assert_eq!(report["window"], window("2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z"));
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(75_600.0, 3_600.0, 3_600.0, 3_600.0, 0.0));
    assert_eq!(api["downtime_seconds"], json!(5_040.0));
    assert_eq!(api["counted_seconds"], json!(DAY));
}

#[test]
fn csv_columns_may_come_in_any_order_with_extra_columns_and_quoted_fields() {
    // status,note,service,timestamp; notes with quoted commas, doubled quotes and a line break.
    assert_reads_like_canonical(&["formats/reordered.csv"]);
}

#[test]
fn csv_header_names_and_cells_may_have_surrounding_spaces_and_any_case() {
    // ` Timestamp , SERVICE , Status `; cells like ` api `, `"  api  "`, `" 2026-…Z "`.
    assert_reads_like_canonical(&["formats/spaces.csv"]);
}

#[test]
fn csv_quoted_fields_may_have_spaces_around_them() {
    // Every cell, the header's too, quoted with a space on each side: ` "api" `.
    let spaced = data_text("formats/canonical.csv")
        .lines()
        .map(|line| {
            let cells: Vec<String> = line.split(',').map(|cell| format!(" \"{cell}\" ")).collect();
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_stdin_reads_like_canonical(&["-"], spaced);
}

#[test]
fn csv_may_have_crlf_line_endings() {
    let scratch = Scratch::new();
    let crlf = data_text("formats/canonical.csv").replace('\n', "\r\n");
    scratch.write("crlf.csv", crlf);
    let report = measured(scratch.nines(&["report", "--format", "json", "crlf.csv"]));
    assert_eq!(report, canonical());
}

#[test]
fn statuses_may_be_aliases_in_any_case_with_spaces_or_hyphens() {
    // up, degraded-performance, Partial Outage, Major Outage, down, OK, Operational. The 08:30
    // `down` repeats the major outage begun at 08:00, which does not split the hour.
    assert_reads_like_canonical(&["formats/aliases.csv"]);
}

#[test]
fn json_arrays_are_read_and_unknown_keys_ignored() {
    // Keys in any order; extra keys holding strings, null, arrays and objects.
    assert_reads_like_canonical(&["formats/events.json"]);
}

#[test]
fn ndjson_is_read_from_ndjson_and_jsonl_files() {
    // One object per line, with a blank line.
    assert_reads_like_canonical(&["formats/events.ndjson"]);
    assert_reads_like_canonical(&["formats/events.jsonl"]);
}

#[test]
fn stdin_is_read_for_a_dash() {
    assert_stdin_reads_like_canonical(&["-"], data_text("formats/canonical.csv"));
}

#[test]
fn stdin_is_read_when_no_file_is_named() {
    assert_stdin_reads_like_canonical(&[], data_text("formats/canonical.csv"));
}

#[test]
fn the_format_of_stdin_is_sniffed() {
    // `[` starts a JSON array, `{` NDJSON, anything else CSV.
    assert_stdin_reads_like_canonical(&["-"], data_text("formats/events.json"));
    assert_stdin_reads_like_canonical(&[], data_text("formats/events.ndjson"));
}

#[test]
fn input_format_reads_files_whose_extension_says_nothing() {
    // events.txt holds CSV, events.log NDJSON.
    assert_reads_like_canonical(&["formats/events.txt", "--input-format", "csv"]);
    assert_reads_like_canonical(&["formats/events.log", "--input-format", "ndjson"]);
    assert_reads_like_canonical(&["formats/events.log", "--input-format", "jsonl"]);
}

#[test]
fn input_format_overrides_sniffing_on_stdin() {
    assert_stdin_reads_like_canonical(
        &["--input-format", "ndjson"],
        data_text("formats/events.ndjson"),
    );
}

#[test]
fn csv_timestamps_may_be_epoch_seconds_integer_or_decimal() {
    // 1790812800, 1790834400, 1790838000.0, 1790841600.000, …
    assert_reads_like_canonical(&["formats/epoch.csv"]);
}

#[test]
fn json_timestamps_may_be_numbers_of_epoch_seconds() {
    // 1790812800, 1790834400.0, 1.790838e9 and the string "1790841600".
    assert_reads_like_canonical(&["formats/epoch.json"]);
}

#[test]
fn decimal_epoch_seconds_keep_milliseconds() {
    // major_outage at 1790812800, operational at 1790812800.25, last row at 1790812801:
    //   window 1 s; major 0.25 s, operational 0.75 s; availability 100 × (1 − 0.25) = 75
    //   budget 0.005 × 1 = 0.005 s; left 0.005 − 0.25 = −0.245 s
    for file in ["formats/epoch_fraction.csv", "formats/epoch_fraction.json"] {
        let report = report_json(&[file]);
        assert_eq!(
            report["window"],
            window("2026-10-01T00:00:00Z", "2026-10-01T00:00:01Z"),
            "{file}"
        );
        let api = service(&report, "api");
        assert_eq!(api["seconds"], seconds(0.75, 0.0, 0.0, 0.25, 0.0), "{file}");
        assert_eq!(api["availability_percent"], json!(75.0), "{file}");
        assert_eq!(api["error_budget_remaining_seconds"], json!(-0.245), "{file}");
    }
}

#[test]
fn timestamps_may_have_offsets_and_a_space_instead_of_t() {
    // 2026-10-01 02:00:00+02:00 = 00:00Z, 2026-10-01T01:00:00-05:00 = 06:00Z,
    // 2026-10-01 07:00:00Z, 2026-10-01T10:00:00+0200 = 08:00Z, 2026-10-01 09:00+00,
    // 2026-10-02T00:00:00.000Z.
    assert_reads_like_canonical(&["formats/offsets.csv"]);
}

#[test]
fn timestamps_without_an_offset_are_wall_clock_times_in_the_tz_zone() {
    // Berlin is UTC+2 in October: 02:00, 08:00, 09:00, 10:00, 11:00 and 2026-10-02 02:00
    // local are the canonical instants.
    assert_reads_like_canonical(&["formats/wall_clock.csv", "--tz", "Europe/Berlin"]);
    let report = report_json(&["formats/wall_clock.csv", "--tz", "Europe/Berlin"]);
    assert_eq!(report["time_zone"], json!("Europe/Berlin"));
}

#[test]
fn several_files_of_different_formats_are_merged() {
    // part1.csv: 00:00, 06:00 and 2026-10-02; part2.json: 08:00, then 07:00 (out of order);
    // part3.ndjson: 09:00.
    assert_reads_like_canonical(&[
        "formats/part1.csv",
        "formats/part2.json",
        "formats/part3.ndjson",
    ]);
}

#[test]
fn maintenance_windows_may_be_json_and_come_from_stdin() {
    // formats/maintenance.json: api 07:00–08:00, the partial outage hour.
    //   counted 82,800 s; downtime 360 + 3,600 = 3,960 s
    let expected = |report: &Value| {
        let api = service(report, "api");
        assert_eq!(api["seconds"], seconds(75_600.0, 3_600.0, 0.0, 3_600.0, 3_600.0));
        assert_eq!(api["counted_seconds"], json!(82_800.0));
        assert_eq!(api["downtime_seconds"], json!(3_960.0));
    };
    expected(&report_json(&["formats/canonical.csv", "--maintenance", "formats/maintenance.json"]));
    let from_stdin = nines_with_stdin(
        &["report", "-f", "json", "formats/canonical.csv", "--maintenance", "-"],
        data_text("formats/maintenance.json"),
    );
    expected(&from_stdin.json());
}

#[test]
fn json_keys_may_be_in_any_case_like_csv_headers() {
    let json = data_text("formats/events.json")
        .replace("\"timestamp\"", "\"Timestamp\"")
        .replace("\"status\"", "\"STATUS\"");
    assert_stdin_reads_like_canonical(&["-"], json);
}

#[test]
fn epoch_numbers_round_like_the_same_digits_written_as_text() {
    // -0.9995 s is 999 ms before the epoch either way (a half rounds toward the later instant).
    let as_number = "[{\"timestamp\": -0.9995, \"service\": \"api\", \"status\": \"down\"},\n {\"timestamp\": 0, \"service\": \"api\", \"status\": \"up\"}]";
    let as_text = as_number.replace("-0.9995", "\"-0.9995\"");
    for json in [as_number.to_owned(), as_text] {
        let report = nines_with_stdin(&["report", "--format", "json", "-"], json).json();
        assert_eq!(service(&report, "api")["seconds"]["major_outage"], json!(0.999));
    }
}

#[test]
fn names_cannot_hide_run_or_pass_for_others_in_any_output() {
    // An entity, an escape sequence with a bell, a right-to-left override and a zero-width
    // space: each is shown, escaped, in tables, markdown and CSV.
    let events = "timestamp,service,status\n\
                  2026-10-01T00:00:00Z,&lt;b&gt;,up\n\
                  2026-10-01T00:00:00Z,\"\u{1b}[31mred\u{7}\",up\n\
                  2026-10-01T00:00:00Z,\u{202e}ipa,up\n\
                  2026-10-01T00:00:00Z,a\u{200b}pi,up\n\
                  2026-10-02T00:00:00Z,api,up\n";
    let output = |format: &str| {
        nines_with_stdin(&["report", "-", "--no-config", "-f", format], events).ok().to_owned()
    };
    let markdown = output("markdown");
    assert!(markdown.contains("| \\&lt;b\\&gt; "), "{markdown}");
    let table = output("table");
    for shown in ["\\u{1b}[31mred\\u{7}", "\\u{202e}ipa", "a\\u{200b}pi"] {
        assert!(table.contains(shown), "{shown} in {table}");
    }
    let csv = output("csv");
    assert!(csv.contains("\n\\u{1b}[31mred\\u{7},"), "{csv}");
    assert!(csv.contains("\n\\u{202e}ipa,"), "{csv}");
    for text in [&markdown, &table, &csv] {
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{200b}']));
    }
}
