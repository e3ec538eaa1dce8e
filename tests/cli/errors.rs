//! Bad input and bad options: exit code 2, nothing on stdout, and one `error: …` line that
//! names where (file:line, column or field), the value found and what was expected.

use crate::common::*;

// Events ------------------------------------------------------------------------------------

#[test]
fn a_missing_column_is_named_with_the_header_found() {
    nines(&["report", "errors/missing_column.csv"]).fails_with(
        "errors/missing_column.csv:1: missing column \"status\" (the header has \
         \"timestamp\", \"service\", \"note\"; expected a header row with the columns timestamp, service, \
         status)",
    );
}

#[test]
fn a_bad_timestamp_is_named_with_its_line_column_and_value() {
    nines(&["report", "errors/bad_timestamp.csv"]).fails_with(&format!(
        "errors/bad_timestamp.csv:3: column \"timestamp\": invalid timestamp \
         \"2026-10-01T25:00:00Z\": time of day 25:00:00 is out of range (expected \
         {EXPECTED_TIMESTAMP})"
    ));
}

#[test]
fn a_date_without_a_time_is_not_an_event_timestamp() {
    let scratch = Scratch::new();
    scratch.write("dates.csv", "timestamp,service,status\n2026-10-01,api,operational\n");
    scratch.nines(&["report", "dates.csv"]).fails_with(&format!(
        "dates.csv:2: column \"timestamp\": invalid timestamp \"2026-10-01\": a date without a \
         time of day (expected {EXPECTED_TIMESTAMP})"
    ));
}

#[test]
fn an_unknown_status_is_named_with_the_statuses_expected() {
    nines(&["report", "errors/unknown_status.csv"]).fails_with(&format!(
        "errors/unknown_status.csv:3: column \"status\": unknown status \"degradd\" (expected \
         {EXPECTED_STATUS})"
    ));
}

#[test]
fn a_ragged_csv_row_is_named_with_its_line() {
    nines(&["report", "errors/ragged.csv"])
        .fails_with("errors/ragged.csv:3: the row has 2 fields but the header has 3");
}

#[test]
fn an_empty_csv_cell_is_a_missing_value() {
    let scratch = Scratch::new();
    scratch.write(
        "blank.csv",
        "timestamp,service,status\n2026-10-01T00:00:00Z,api,operational\n2026-10-01T01:00:00Z,,up\n",
    );
    scratch
        .nines(&["report", "blank.csv"])
        .fails_with("blank.csv:3: column \"service\": missing value (expected a service name)");
}

#[test]
fn invalid_json_is_named_with_its_line_and_column() {
    // Line 3: `  {"timestamp": "2026-10-01T06:00:00Z" "service": …`; the `"` of "service",
    // where a comma should be, is column 2 + 1 + 11 + 1 + 1 + 22 + 1 + 1 = 40.
    nines(&["report", "errors/invalid.json"])
        .fails_with("errors/invalid.json:3:40: expected `,` or `}`");
}

#[test]
fn json_that_is_not_an_array_says_an_array_was_expected_at_line_1_column_1() {
    // The object starts at the first character: line 1, column 1 (columns count from 1, as in
    // every other JSON message).
    nines(&["report", "errors/not_an_array.json"])
        .fails_mentioning("errors/not_an_array.json:1:1: ", &["expected a JSON array of objects"]);
}

#[test]
fn a_json_record_missing_a_field_is_named_with_the_field() {
    // Line 3 is `  {"timestamp": "2026-10-01T06:00:00Z", "service": "api"}`: a missing field
    // has no key to point at, so the message points at the object, column 3.
    nines(&["report", "errors/missing_field.json"]).fails_with(
        "errors/missing_field.json:3:3: field \"status\": missing value (expected a status)",
    );
}

#[test]
fn a_json_number_is_not_a_service_name() {
    // Line 3: `  {"timestamp": "2026-10-01T06:00:00Z", "service": 42, "status": "major_outage"}`.
    // A number there is refused, not read as a service called "42"; the record is checked at
    // its closing brace, column 2 + 1 + 11 + 2 + 22 + 2 + 9 + 2 + 2 + 2 + 8 + 2 + 14 + 1 = 80.
    nines(&["report", "errors/service_number.json"]).fails_with(
        "errors/service_number.json:3:41: field \"service\": found a number (expected a service \
         name)",
    );
}

#[test]
fn a_json_boolean_is_not_a_service_name() {
    let scratch = Scratch::new();
    scratch.write(
        "events.json",
        r#"[{"timestamp": "2026-10-01T00:00:00Z", "service": true, "status": "up"}]"#,
    );
    // The record ends at column 71, where the field error is noticed.
    scratch.nines(&["report", "events.json"]).fails_with(
        "events.json:1:40: field \"service\": found a boolean (expected a service name)",
    );
}

#[test]
fn a_bad_ndjson_line_is_named_with_its_line_counting_blank_lines() {
    nines(&["report", "errors/bad_line.ndjson"]).fails_with(&format!(
        "errors/bad_line.ndjson:3:57: field \"status\": unknown status \"degradd\" (expected \
         {EXPECTED_STATUS})"
    ));
}

#[test]
fn non_utf8_csv_is_named_with_the_value_found() {
    let scratch = Scratch::new();
    scratch.write("events.csv", b"timestamp,service,status\n2026-10-01T00:00:00Z,ap\xffi,up\n");
    scratch.nines(&["report", "events.csv"]).fails_with(
        "events.csv:2: column \"service\": invalid UTF-8 in \"ap\u{fffd}i\" (expected UTF-8 text)",
    );
}

#[test]
fn non_utf8_json_is_named_with_its_line_and_column() {
    let scratch = Scratch::new();
    // `[{"timestamp":"2026-10-01T00:00:00Z","service":"ap` is 50 bytes; the bad byte is 51st.
    scratch.write(
        "events.json",
        b"[{\"timestamp\":\"2026-10-01T00:00:00Z\",\"service\":\"ap\xff\",\"status\":\"up\"}]",
    );
    scratch
        .nines(&["report", "events.json"])
        .fails_with("events.json:1:51: invalid unicode code point");
}

#[test]
fn an_empty_csv_file_says_what_was_expected() {
    nines(&["report", "errors/empty.csv"]).fails_with(
        "errors/empty.csv: the input is empty (expected a header row with the columns \
         timestamp, service, status)",
    );
}

#[test]
fn an_empty_json_file_says_what_was_expected() {
    nines(&["report", "errors/empty.json"])
        .fails_with("errors/empty.json: the input is empty (expected a JSON array of objects)");
}

#[test]
fn empty_stdin_says_what_was_expected() {
    nines_with_stdin(&["report"], "").fails_with(
        "<stdin>: the input is empty (expected a header row with the columns timestamp, \
         service, status)",
    );
}

#[test]
fn a_missing_file_is_named() {
    nines(&["report", "errors/does_not_exist.csv"])
        .fails_with("errors/does_not_exist.csv: No such file or directory (os error 2)");
}

#[test]
fn an_input_with_no_events_is_refused() {
    nines(&["report", "errors/header_only.csv"])
        .fails_with("no events in errors/header_only.csv: there is nothing to measure");
}

#[test]
fn a_file_whose_extension_says_nothing_is_read_by_its_content() {
    let by_content = nines(&["report", "errors/unknown_extension.log", "-f", "json"]);
    let as_csv =
        nines(&["report", "errors/unknown_extension.log", "--input-format", "csv", "-f", "json"]);
    assert_eq!(by_content.ok(), as_csv.ok());
}

#[test]
fn an_unknown_input_format_is_refused() {
    nines(&["report", "formats/events.txt", "--input-format", "xml"]).fails_with(
        "invalid value 'xml' for '--input-format <FORMAT>': unknown input format \"xml\" \
         (expected csv, json, ndjson or incidents)",
    );
}

#[test]
fn a_local_time_skipped_by_daylight_saving_is_refused_in_events() {
    // Berlin's clocks jump from 02:00 to 03:00 on 2026-03-29.
    nines(&["report", "errors/dst_gap.csv", "--tz", "Europe/Berlin"]).fails_with(&format!(
        "errors/dst_gap.csv:3: column \"timestamp\": invalid timestamp \"2026-03-29 02:30:00\": \
         2026-03-29 02:30:00 does not exist in Europe/Berlin: the clocks skip it for \
         daylight-saving time (expected {EXPECTED_TIMESTAMP})"
    ));
}

#[test]
fn stdin_can_be_named_only_once() {
    let input = data_text("formats/canonical.csv");
    nines_with_stdin(&["report", "-", "-"], &input).fails_with("stdin (-) can be read only once");
    nines_with_stdin(&["report", "-", "--maintenance", "-"], &input)
        .fails_with("stdin (-) can be read only once");
}

// Maintenance windows -----------------------------------------------------------------------

#[test]
fn a_maintenance_window_that_ends_before_it_starts_is_refused() {
    nines(&["report", "formats/canonical.csv", "--maintenance", "errors/reversed_maintenance.csv"])
        .fails_with(
            "errors/reversed_maintenance.csv:3: column \"end\": \"2026-10-01T04:00:00Z\" is not \
             after the start \"2026-10-01T06:00:00Z\" (a maintenance window must end after it \
             starts)",
        );
}

#[test]
fn a_maintenance_window_for_a_service_without_events_is_warned_about() {
    // semantics/ghost_maintenance.csv: window 1 is for api, window 2 for "ghost".
    let run = nines(&[
        "report",
        "formats/canonical.csv",
        "--maintenance",
        "semantics/ghost_maintenance.csv",
    ]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: semantics/ghost_maintenance.csv:3: no events for service \"ghost\", \
         so the window applies to nothing\n"
    );
    assert!(run.stdout.starts_with("Window:  "), "the report is still written");
}

#[test]
fn maintenance_warnings_number_windows_within_their_own_file() {
    // semantics/phantom_maintenance.csv has one window, for "phantom": it is that file's
    // window 1, whatever files came before it.
    let run = nines(&[
        "report",
        "formats/canonical.csv",
        "--maintenance",
        "semantics/ghost_maintenance.csv",
        "--maintenance",
        "semantics/phantom_maintenance.csv",
    ]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: semantics/ghost_maintenance.csv:3: no events for service \"ghost\", \
         so the window applies to nothing\n\
         warning: semantics/phantom_maintenance.csv:2: no events for service \
         \"phantom\", so the window applies to nothing\n"
    );
}

#[test]
fn a_maintenance_file_of_unknown_format_gets_advice_that_helps() {
    // --input-format is documented for event files only. When a maintenance file's name does
    // not tell its format, advising --input-format is wrong: it was given here and it did not
    // help.
    let run = nines(&[
        "report",
        "formats/canonical.csv",
        "--input-format",
        "csv",
        "--maintenance",
        "errors/maintenance.txt",
    ]);
    if run.code != 0 {
        run.exits(2);
        assert!(run.stderr.contains("errors/maintenance.txt"), "{}", run.stderr);
        assert!(
            !run.stderr.contains("pass --input-format"),
            "the advice was followed and did not help: {}",
            run.stderr
        );
    }
}

// The window ---------------------------------------------------------------------------------

#[test]
fn from_must_be_before_to() {
    nines(&["report", "formats/canonical.csv", "--from", "2026-10-02", "--to", "2026-10-01"])
        .fails_with("--from 2026-10-02T00:00:00Z is not before --to 2026-10-01T00:00:00Z");
    nines(&["report", "formats/canonical.csv", "--from", "2026-10-01", "--to", "2026-10-01"])
        .fails_with("--from 2026-10-01T00:00:00Z is not before --to 2026-10-01T00:00:00Z");
}

#[test]
fn a_from_after_every_event_leaves_an_empty_window() {
    // --to defaults to the latest event, 2026-10-02T00:00:00Z.
    nines(&["report", "formats/canonical.csv", "--from", "2026-10-05"]).fails_with(
        "the window from 2026-10-05T00:00:00Z (--from) to 2026-10-02T00:00:00Z (the latest event) \
         is empty: it must end after it starts",
    );
}

#[test]
fn a_bad_from_names_the_value_and_what_was_expected() {
    let run = nines(&["report", "formats/canonical.csv", "--from", "yesterday"]);
    run.fails_mentioning("--from \"yesterday\": ", &["not a timestamp", "expected"]);
}

#[test]
fn a_bad_to_names_the_value_and_what_was_expected() {
    let run = nines(&["report", "formats/canonical.csv", "--to", "2026-10-01T25:00:00Z"]);
    run.fails_mentioning("--to \"2026-10-01T25:00:00Z\": ", &["out of range", "expected"]);
}

#[test]
fn a_from_skipped_by_daylight_saving_is_refused() {
    nines(&[
        "report",
        "formats/canonical.csv",
        "--tz",
        "Europe/Berlin",
        "--from",
        "2026-03-29 02:30",
    ])
    .fails_with(&format!(
        "--from \"2026-03-29 02:30\": 2026-03-29 02:30:00 does not exist in Europe/Berlin: \
             the clocks skip it for daylight-saving time (expected {EXPECTED_INSTANT})"
    ));
}

// Options checked by the argument parser -------------------------------------------------------

#[test]
fn a_weight_outside_zero_to_one_is_refused() {
    for (weight, value) in [("degraded=1.5", "1.5"), ("degraded=-0.1", "-0.1")] {
        nines(&["report", "formats/canonical.csv", "--weight", weight]).fails_with(&format!(
            "invalid value '{weight}' for '--weight <STATUS=W>': the weight of \
             degraded_performance: \"{value}\" is not between 0 and 1 (expected a weight from 0 \
             to 1, like 0.2)"
        ));
    }
}

#[test]
fn a_weight_for_an_unknown_status_is_refused() {
    nines(&["report", "formats/canonical.csv", "--weight", "slow=0.5"]).fails_with(&format!(
        "invalid value 'slow=0.5' for '--weight <STATUS=W>': unknown status \"slow\" \
             (expected {EXPECTED_STATUS})"
    ));
}

#[test]
fn a_weight_for_maintenance_is_refused() {
    nines(&["report", "formats/canonical.csv", "--weight", "maintenance=0.5"]).fails_with(
        "invalid value 'maintenance=0.5' for '--weight <STATUS=W>': under_maintenance has no \
             weight: time under maintenance is left out of the counted time",
    );
}

#[test]
fn a_weight_without_equals_is_refused() {
    nines(&["report", "formats/canonical.csv", "--weight", "degraded"]).fails_with(
        "invalid value 'degraded' for '--weight <STATUS=W>': expected STATUS=WEIGHT, e.g. \
         degraded_performance=0.2, got \"degraded\"",
    );
}

#[test]
fn an_unknown_initial_status_is_refused() {
    nines(&["report", "formats/canonical.csv", "--initial-status", "degradd"]).fails_with(
        &format!(
            "invalid value 'degradd' for '--initial-status <STATUS>': unknown status \
             \"degradd\" (expected {EXPECTED_STATUS})"
        ),
    );
}

#[test]
fn an_unknown_time_zone_is_refused() {
    nines(&["report", "formats/canonical.csv", "--tz", "Mars/Olympus"]).fails_with(
        "invalid value 'Mars/Olympus' for '--tz <ZONE>': \"Mars/Olympus\" is unknown \
         (expected an IANA time zone like UTC or Europe/Berlin)",
    );
}

#[test]
fn an_slo_must_be_a_percentage_above_0_and_at_most_100() {
    for slo in ["0", "101"] {
        nines(&["report", "formats/canonical.csv", "--slo", slo]).fails_with(&format!(
            "invalid value '{slo}' for '--slo <PERCENT>': \"{slo}\" is not above 0 and at \
             most 100 (expected a percentage above 0 and at most 100, like 99.5)"
        ));
    }
    nines(&["report", "formats/canonical.csv", "--slo", "abc"]).fails_with(
        "invalid value 'abc' for '--slo <PERCENT>': \"abc\" is not a decimal number (expected a \
         percentage above 0 and at most 100, like 99.5)",
    );
    // A value is repeated escaped, so that it cannot break the line, and cut after 200
    // characters.
    nines(&["report", "formats/canonical.csv", "--slo", "9\n9"]).fails_with(
        "invalid value '9\\n9' for '--slo <PERCENT>': \"9\\n9\" is not a decimal number \
         (expected a percentage above 0 and at most 100, like 99.5)",
    );
    // Found by fuzzing: a value clap refuses itself, and an unknown option, are escaped too.
    nines(&["report", "formats/canonical.csv", "--format", "t\rable"]).fails_with(
        "invalid value 't\\rable' for '--format <FORMAT>' (possible values: table, json, csv, \
         markdown; tip: a similar value exists: 'table')",
    );
    // clap leaves the \u{2} out of the value it repeats; the carriage return is escaped still.
    nines(&["report", "formats/canonical.csv", "--format", "\u{2}t\rx"]).fails_with(
        "invalid value 't\\rx' for '--format <FORMAT>' (possible values: table, json, csv, \
         markdown)",
    );
    nines(&["report", "formats/canonical.csv", "--x\ny"]).fails_with(
        "unexpected argument '--x\\ny' found (tip: to pass '--x\\ny' as a value, use '-- --x\\ny')",
    );
    let long = "9".repeat(1000);
    let run = nines(&["report", "formats/canonical.csv", "--tz", &long]);
    run.exits(2);
    assert!(run.stderr.len() < 600, "{}", run.stderr);
    assert!(run.stderr.contains("and 800 more characters is unknown"), "{}", run.stderr);
    // One percent sign may follow the number; two may not.
    nines(&["report", "formats/canonical.csv", "--slo", "99.5%", "-f", "csv"]).ok();
    nines(&["report", "formats/canonical.csv", "--slo", "100%%"]).fails_with(
        "invalid value '100%%' for '--slo <PERCENT>': \"100%%\" is not a decimal number \
         (expected a percentage above 0 and at most 100, like 99.5)",
    );
}

#[test]
fn every_command_fails_the_same_way_on_bad_input() {
    for command in ["report", "check", "timeline"] {
        nines(&[command, "errors/ragged.csv"])
            .fails_with("errors/ragged.csv:3: the row has 2 fields but the header has 3");
    }
}

#[test]
fn a_character_after_a_closing_quote_is_refused() {
    nines_with_stdin(
        &["report", "-"],
        "timestamp,service,status\n2026-10-01T00:00:00Z,\"api\"x,up\n",
    )
    .fails_with("<stdin>:2: 'x' after the closing quote of field 2 (expected a comma)");
}

#[test]
fn a_quote_left_open_is_refused_at_its_line() {
    nines_with_stdin(
        &["report", "-"],
        "timestamp,service,status,note\n2026-10-01T00:00:00Z,api,up,\"open\n2026-10-02T00:00:00Z,api,up,\n",
    )
    .fails_with("<stdin>:2: the quote opening field 4 is not closed before the end of the input");
}

#[test]
fn a_column_named_twice_is_refused() {
    nines_with_stdin(
        &["report", "-"],
        "timestamp,service,status,Status\n2026-10-01T00:00:00Z,api,up,down\n",
    )
    .fails_with("<stdin>:1: column \"status\" appears twice in the header (columns 3 and 4)");
}

#[test]
fn a_bad_field_in_pretty_printed_json_is_named_at_its_key() {
    let json = "[\n  {\n    \"timestamp\": \"2026-10-01T00:00:00Z\",\n    \"service\": \"api\",\n    \"status\": \"degradd\"\n  }\n]\n";
    nines_with_stdin(&["report", "-"], json).fails_with(&format!(
        "<stdin>:5:5: field \"status\": unknown status \"degradd\" (expected {EXPECTED_STATUS})"
    ));
}

#[test]
fn a_field_given_twice_in_a_json_object_is_refused() {
    nines_with_stdin(
        &["report", "--input-format", "ndjson", "-"],
        "{\"timestamp\": 0, \"service\": \"api\", \"status\": \"up\", \"status\": \"down\"}\n",
    )
    .fails_with(
        "<stdin>:1:52: field \"status\": appears more than once in the record (expected it once)",
    );
}

#[test]
fn json_may_start_with_a_byte_order_mark() {
    let json = "\u{feff}[{\"timestamp\": \"2026-10-01T00:00:00Z\", \"service\": \"api\", \"status\": \"up\"},\n {\"timestamp\": 1790899200, \"service\": \"api\", \"status\": \"up\"}]";
    let report = nines_with_stdin(&["report", "--format", "json", "-"], json).json();
    assert_eq!(service(&report, "api")["counted_seconds"], serde_json::json!(DAY));
}

#[test]
fn a_quote_inside_an_unquoted_field_is_refused() {
    nines_with_stdin(
        &["report", "-"],
        "timestamp,service,status\n2026-10-01T00:00:00Z,a\"pi,down\n",
    )
    .fails_with(
        "<stdin>:2: a quote inside field 2, which is not quoted (quote the whole field, and \
             double each quote inside it)",
    );
}

#[test]
fn an_empty_maintenance_file_announces_nothing() {
    let scratch = Scratch::new();
    scratch
        .write("empty.ndjson", "")
        .write("empty.csv", "")
        .write("header.csv", "start,end,service\n");
    let events = crate::common::data_dir().join("formats/canonical.csv");
    let events = events.to_str().unwrap();
    let without = scratch.nines(&["report", events, "-f", "json"]);
    let without = without.ok();
    let report: serde_json::Value = serde_json::from_str(without).unwrap();
    // The log has some outage, so that maintenance would change the figures.
    assert!(report["services"][0]["downtime_seconds"].as_f64().unwrap() > 0.0, "{report:#}");
    for file in ["empty.ndjson", "empty.csv", "header.csv"] {
        let with = scratch.nines(&["report", events, "--maintenance", file, "-f", "json"]);
        assert_eq!(with.ok(), without, "{file}");
    }
}

#[test]
fn a_window_before_every_event_is_warned_about() {
    let run = nines(&["check", "formats/canonical.csv", "--from", "2020", "--to", "2021"]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        "warning: the window ends at 2021-01-01T00:00:00Z, before the first event \
         (2026-10-01T00:00:00Z): every service is taken to be operational throughout\n"
    );
}

#[test]
fn a_bad_field_is_named_at_its_own_key_not_a_nested_one() {
    let json = "[{\"meta\": {\"status\": \"x\"},\n  \"timestamp\": 0, \"service\": \"api\",\n  \"status\": \"bogus\"}]";
    nines_with_stdin(&["report", "-"], json).fails_with(&format!(
        "<stdin>:3:3: field \"status\": unknown status \"bogus\" (expected {EXPECTED_STATUS})"
    ));
}

#[test]
fn a_reversed_maintenance_window_in_epoch_numbers_shows_them() {
    let scratch = Scratch::new();
    scratch.write(
        "maintenance.json",
        "[{\"start\": 1790848800, \"end\": 1790845200.5, \"service\": \"api\"}]",
    );
    let events = crate::common::data_dir().join("formats/canonical.csv");
    scratch
        .nines(&["report", events.to_str().unwrap(), "--maintenance", "maintenance.json"])
        .fails_with(
            "maintenance.json:1:24: field \"end\": \"1790845200.5\" is not after the start \
         \"1790848800\" (a maintenance window must end after it starts)",
        );
}

#[test]
fn a_json_number_out_of_range_is_named_with_its_field() {
    nines_with_stdin(
        &["report", "--input-format", "ndjson", "-"],
        "{\"timestamp\": 1e400, \"service\": \"api\", \"status\": \"up\"}\n",
    )
    .fails_with("<stdin>:1:2: field \"timestamp\": number out of range");
}

#[test]
fn a_leap_second_anywhere_but_the_end_of_a_utc_day_is_refused() {
    nines_with_stdin(&["report", "-"], "timestamp,service,status\n2026-10-01T12:30:60Z,api,up\n")
        .fails_with(&format!(
            "<stdin>:2: column \"timestamp\": invalid timestamp \"2026-10-01T12:30:60Z\": second 60 \
             is a leap second, which only 23:59:60 UTC can be (expected {EXPECTED_TIMESTAMP})"
        ));
}

// Calendar periods, calendar windows and durations -------------------------------------------

const EVENTS: &str = "formats/canonical.csv";

#[test]
fn a_month_outside_1_to_12_is_refused() {
    nines(&["report", EVENTS, "--month", "2026-13"]).fails_with(
        "--month \"2026-13\": month 13 is not within 1 to 12 (expected a month like 2026-10)",
    );
}

#[test]
fn a_week_the_year_does_not_have_is_refused() {
    // 2025 has 52 ISO weeks (2026 has 53).
    nines(&["report", EVENTS, "--week", "2025-W53"]).fails_with(
        "--week \"2025-W53\": 2025 has ISO weeks 1 to 52, not 53 (expected an ISO week like \
         2026-W43)",
    );
}

#[test]
fn a_quarter_outside_1_to_4_is_refused() {
    nines(&["report", EVENTS, "--quarter", "2026-Q5"]).fails_with(
        "--quarter \"2026-Q5\": quarter 5 is not within 1 to 4 (expected a quarter like 2026-Q4)",
    );
}

#[test]
fn a_day_that_does_not_exist_is_refused() {
    nines(&["report", EVENTS, "--day", "2026-02-30"]).fails_with(
        "--day \"2026-02-30\": there is no date \"2026-02-30\" (expected a date like 2026-10-25)",
    );
}

#[test]
fn calendar_periods_must_be_written_in_full() {
    nines(&["report", EVENTS, "--year", "26"]).fails_with(
        "--year \"26\": expected a 4-digit year, found \"26\" (expected a year like 2026)",
    );
    nines(&["report", EVENTS, "--week", "2026-43"]).fails_with(
        "--week \"2026-43\": expected W01 to W53 after the year, found \"43\" (expected an ISO \
         week like 2026-W43)",
    );
    nines(&["report", EVENTS, "--month", "2026-1"]).fails_with(
        "--month \"2026-1\": expected a 2-digit month, found \"1\" (expected a month like 2026-10)",
    );
}

#[test]
fn a_period_that_has_not_begun_is_refused() {
    nines(&["report", EVENTS, "--month", "2027-01", "--now", "2026-11-01"]).fails_with(
        "--month 2027-01 has not begun: it starts at 2027-01-01T00:00:00Z, and now is \
         2026-11-01T00:00:00Z",
    );
    // Now is shown in --tz; a period that begins exactly now has not begun either.
    nines(&[
        "check",
        EVENTS,
        "--tz",
        "Europe/Berlin",
        "--day",
        "2026-10-02",
        "--now",
        "2026-10-02",
    ])
    .fails_with(
        "--day 2026-10-02 has not begun: it starts at 2026-10-02T00:00:00+02:00, and now is \
             2026-10-02T00:00:00+02:00",
    );
}

#[test]
fn a_bad_now_names_the_value_and_what_was_expected() {
    nines(&["report", EVENTS, "--last", "1d", "--now", "yesterday"])
        .fails_with(&format!("--now \"yesterday\": not a timestamp (expected {EXPECTED_INSTANT})"));
}

#[test]
fn a_duration_that_does_not_parse_is_refused() {
    nines(&["report", EVENTS, "--last", "5x"]).fails_with(
        "invalid value '5x' for '--last <DURATION>': \"5x\" is not a duration: unknown unit \
         \"x\" (expected a duration like 30d, 1h 30m, 90s or 250ms)",
    );
    nines(&["report", EVENTS, "--min-incident", "soon"]).fails_with(
        "invalid value 'soon' for '--min-incident <DURATION>': \"soon\" is not a duration: a \
         number expected at character 1 (expected a duration like 30d, 1h 30m, 90s or 250ms)",
    );
}

#[test]
fn durations_must_be_positive_and_below_ten_thousand_years() {
    for flag in ["--last", "--granularity"] {
        nines(&["report", EVENTS, flag, "0"]).fails_with(&format!(
            "invalid value '0' for '{flag} <DURATION>': must be at least 1ms"
        ));
    }
    nines(&["report", EVENTS, "--granularity", "0s"])
        .fails_with("invalid value '0s' for '--granularity <DURATION>': must be at least 1ms");
    nines(&["report", EVENTS, "--last", "20000y"]).fails_with(
        "invalid value '20000y' for '--last <DURATION>': \"20000y\" is longer than 10,000 years \
         (expected a duration like 30d, 1h 30m, 90s or 250ms)",
    );
    nines(&["report", EVENTS, "--granularity", "1500us"]).fails_with(
        "invalid value '1500us' for '--granularity <DURATION>': \"1500us\" is not a whole number \
         of milliseconds (expected a duration like 30d, 1h 30m, 90s or 250ms)",
    );
}

#[test]
fn last_cannot_be_given_with_from() {
    nines(&["report", EVENTS, "--last", "1d", "--from", "2026-10-01"])
        .fails_with("the argument '--last <DURATION>' cannot be used with '--from <TIME>'");
}

#[test]
fn two_calendar_windows_cannot_be_given_together() {
    nines(&["report", EVENTS, "--month", "2026-10", "--day", "2026-10-01"])
        .fails_with("the argument '--month <YYYY-MM>' cannot be used with '--day <DATE>'");
    nines(&["check", EVENTS, "--week", "2026-W40", "--year", "2026"])
        .fails_with("the argument '--week <YYYY-Www>' cannot be used with '--year <YYYY>'");
}

#[test]
fn a_calendar_window_cannot_be_given_with_other_bounds() {
    for (flag, value) in [("--to", "2026-11-01"), ("--from", "2026-10-01"), ("--last", "1d")] {
        let placeholder = if flag == "--last" { "<DURATION>" } else { "<TIME>" };
        nines(&["report", EVENTS, "--month", "2026-10", flag, value]).fails_with(&format!(
            "the argument '--month <YYYY-MM>' cannot be used with '{flag} {placeholder}'"
        ));
    }
}

#[test]
fn an_unknown_period_is_refused() {
    for command in ["report", "check"] {
        nines(&[command, EVENTS, "--period", "fortnight"]).fails_with(
            "invalid value 'fortnight' for '--period <PERIOD>': unknown period \"fortnight\" \
             (expected day, week, month, quarter or year)",
        );
    }
}

#[test]
fn a_window_stretched_to_a_mistyped_year_is_refused_naming_the_event() {
    let scratch = Scratch::new();
    scratch.write(
        "far.csv",
        "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n9999-10-01T00:00:00Z,db,up\n",
    );
    scratch.nines(&["report", "far.csv", "--period", "day"]).fails_with(
        "the latest event (db at 9999-10-01T00:00:00Z) would set the window's end, outside the \
         years 1900 to 2199: a mistyped year? (give --to to set that end, or correct the event)",
    );
    scratch.write(
        "early.csv",
        "timestamp,service,status\n0001-10-01T00:00:00Z,api,up\n2026-10-01T00:00:00Z,db,up\n",
    );
    scratch.nines(&["check", "early.csv"]).fails_with(
        "the earliest event (api at 0001-10-01T00:00:00Z) would set the window's start, outside \
         the years 1900 to 2199: a mistyped year? (give --from to set that end, or correct the \
         event)",
    );
    // With both ends given, the stray event lies outside the window and changes nothing.
    let report = scratch.nines(&["report", "far.csv", "--to", "2026-11-01", "-f", "csv"]);
    assert!(report.ok().contains("\napi,service,api,"));
}

#[test]
fn period_grids_too_large_to_make_are_refused_before_any_work() {
    let scratch = Scratch::new();
    scratch.write("one.csv", "timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n");
    scratch.nines(&["report", "one.csv", "--period", "day", "--to", "2400-01-01"]).fails_with(
        "the window from 2026-10-01T00:00:00Z to 2400-01-01T00:00:00Z holds about 136327 periods \
         of a day; at most 100000 are measured at once (choose a longer --period, or a shorter \
         window with --from and --to)",
    );
    // 100,000 days exactly are measured; one more is too many.
    let check = |to: &str| {
        let window = ["--from", "1990-01-01", "--to", to, "--stale-after", "1000y"];
        scratch.nines(&[&["check", "one.csv", "--period", "day"][..], &window].concat())
    };
    assert!(check("2263-10-17").ok().starts_with("no service misses the SLO of 99.5% in any day"));
    check("2263-10-18").fails_mentioning("the window from 1990-01-01T00:00:00Z", &["100001"]);
    let mut many = String::from("timestamp,service,status\n");
    for service in 0..3000 {
        many.push_str(&format!("2026-01-01T00:00:00Z,s{service},up\n"));
    }
    many.push_str("2026-12-31T00:00:00Z,s0,up\n");
    scratch.write("many.csv", many);
    scratch.nines(&["report", "many.csv", "--period", "day"]).fails_with(
        "periods of a day make 1095000 rows (3000 services and groups × 364 periods and the whole \
         window); at most 1000000 are reported at once (choose fewer with --service or \
         --exclude, a longer --period, or a shorter window)",
    );
}

#[test]
fn lines_records_and_json_documents_longer_than_the_limit_are_refused_at_once() {
    let scratch = Scratch::new();
    let limit = ["--max-record-size", "1K"];
    let long_line =
        format!("timestamp,service,status\n2026-10-01T00:00:00Z,api,up\n{}\n", "x".repeat(1025));
    scratch.write("line.csv", &long_line);
    scratch.nines(&[&["report", "line.csv"][..], &limit].concat()).fails_with(
        "line.csv:3: the line is longer than the limit of 1024 bytes (raise it with \
         --max-record-size)",
    );
    // A line of exactly the limit is read.
    let at_limit =
        format!("timestamp,service,status\n2026-10-01T00:00:00Z,{},up\n", "a".repeat(1000));
    assert_eq!(at_limit.lines().nth(1).unwrap().len(), 1024);
    scratch.write("at_limit.csv", &at_limit);
    let until = ["--to", "2026-10-02"];
    scratch.nines(&[&["report", "at_limit.csv", "-f", "csv"][..], &until, &limit].concat()).ok();
    // A quoted field may span lines, but the record as a whole is held to the limit too.
    let record = format!(
        "timestamp,service,status\n2026-10-01T00:00:00Z,\"api{}\",up\n",
        "\nsome more of the name".repeat(60)
    );
    scratch.write("record.csv", &record);
    scratch.nines(&[&["report", "record.csv"][..], &limit].concat()).fails_with(
        "record.csv:2: the record is longer than the limit of 1024 bytes (raise it with \
         --max-record-size)",
    );
    let ndjson = format!(
        "{{\"timestamp\": \"2026-10-01T00:00:00Z\", \"service\": \"{}\", \"status\": \"up\"}}\n",
        "a".repeat(2000)
    );
    scratch.write("long.ndjson", &ndjson);
    scratch.nines(&[&["report", "long.ndjson"][..], &limit].concat()).fails_with(
        "long.ndjson:1: the line is longer than the limit of 1024 bytes (raise it with \
         --max-record-size)",
    );
    scratch.write("long.json", format!("[{}]", ndjson.trim()));
    scratch.nines(&[&["report", "long.json"][..], &limit].concat()).fails_with(
        "long.json:1: the JSON document is longer than the limit of 1024 bytes (raise it with \
         --max-record-size)",
    );
    // Input without any line end, like /dev/zero, stops at the limit, not at the end of memory.
    let zeros = vec![0_u8; 64 << 10];
    nines_with_stdin(&[&["report", "-"][..], &limit].concat(), zeros).fails_with(
        "<stdin>:1: the line is longer than the limit of 1024 bytes (raise it with \
         --max-record-size)",
    );
    // The config file sets it too, as a size or a number of bytes.
    scratch.write("nines.toml", "max_record_size = \"1K\"\n");
    scratch
        .nines(&["report", "line.csv"])
        .fails_mentioning("line.csv:3: the line is longer", &["1024"]);
    scratch.write("nines.toml", "max_record_size = 4096\n");
    scratch.nines(&["report", "line.csv"]).fails_mentioning("line.csv:3: the row has 1 field", &[]);
    scratch.write("nines.toml", "max_record_size = \"lots\"\n");
    scratch.nines(&["report", "line.csv"]).fails_with(
        "nines.toml:1: max_record_size \"lots\" is not a size (expected a size from 1K to 1T, like \
         16M (binary units: 1K is 1024 bytes))",
    );
}

#[test]
fn tables_of_more_than_100000_rows_are_refused_for_csv_or_json() {
    let scratch = Scratch::new();
    let mut events = String::from("timestamp,service,status\n");
    for service in 0..=100_000 {
        events.push_str(&format!("2026-01-01T00:00:00Z,s{service},up\n"));
    }
    events.push_str("2026-01-02T00:00:00Z,s0,up\n");
    scratch.write("wide.csv", events);
    for format in ["table", "markdown"] {
        scratch.nines(&["report", "wide.csv", "-f", format]).fails_with(
            "a table of 100001 rows is more than the 100000 a table or markdown is drawn with (it \
             is held whole to align its columns): use --format csv or json",
        );
    }
}

#[test]
fn a_huge_bad_value_in_a_file_is_repeated_cut_short() {
    let scratch = Scratch::new();
    let status = "x".repeat(1 << 20);
    scratch.write(
        "huge.csv",
        format!("timestamp,service,status\n2026-10-01T00:00:00Z,api,{status}\n"),
    );
    scratch.nines(&["report", "huge.csv"]).fails_with(&format!(
        "huge.csv:2: column \"status\": unknown status \"{}\" and {} more characters (expected \
         {EXPECTED_STATUS})",
        "x".repeat(200),
        (1 << 20) - 200
    ));
}
