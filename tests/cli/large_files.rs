//! CSV files of 8 MiB and more are read in parallel chunks. The figures, which row wins at one
//! instant, and the line numbers in messages must be those of an ordinary read: stdin, which
//! is read in one piece, is the reference. The file is read on 4 threads whatever the machine
//! has (the hidden `--threads`), so the chunks are read on a one-CPU runner too.

use crate::common::*;
use serde_json::json;

/// Filler rows (`2026-10-01T06:00:00Z,filler,operational,` is 41 bytes with its line end):
/// 230,000 make 9.4 MB, over the 8 MiB from which files are read in parallel.
const FILLER_ROWS: usize = 230_000;

/// The lines of a large log with a note column: api operational at 00:00 (line 2), then at
/// 12:00 `first` (line 3), the filler (lines 4 to 230,003), at 12:00 `last` (line 230,004)
/// and a final row at 2026-10-02T00:00:00Z (line 230,005).
fn large_log(first: &str, last: &str) -> Vec<String> {
    let mut lines = vec![
        "timestamp,service,status,note".to_owned(),
        "2026-10-01T00:00:00Z,api,operational,".to_owned(),
        format!("2026-10-01T12:00:00Z,api,{first},"),
    ];
    lines.extend((0..FILLER_ROWS).map(|_| "2026-10-01T06:00:00Z,filler,operational,".to_owned()));
    lines.push(format!("2026-10-01T12:00:00Z,api,{last},"));
    lines.push("2026-10-02T00:00:00Z,api,operational,".to_owned());
    lines
}

/// Runs `nines ARGS log.csv` on `lines` (joined with `line_end`) and `nines ARGS -` on the
/// same bytes, asserts both runs agree but for the file's name, and returns the file's run.
fn run_large(lines: &[String], line_end: &str, args: &[&str]) -> Run {
    run_large_text(lines.join(line_end) + line_end, args)
}

/// [`run_large`] on the bytes of a whole file.
fn run_large_text(text: String, args: &[&str]) -> Run {
    assert!(text.len() > 8 << 20, "the log must be over 8 MiB");
    let scratch = Scratch::new();
    scratch.write("log.csv", &text);
    let from_file = scratch.nines(&[args, &["--threads", "4", "log.csv"]].concat());
    let stdin = Some(text.as_bytes());
    let from_stdin = run_in(&scratch.path(""), &[args, &["--threads", "1", "-"]].concat(), stdin);
    assert_eq!(from_file.code, from_stdin.code);
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert_eq!(from_file.stderr, from_stdin.stderr.replace("<stdin>", "log.csv"));
    from_file
}

const REPORT_JSON: [&str; 3] = ["report", "--format", "json"];

#[test]
fn in_a_large_file_the_later_row_at_an_instant_wins() {
    // The 12:00 rows are 230,000 lines apart, in different chunks.
    // operational last: operational all day.
    let report = run_large(&large_log("major_outage", "operational"), "\n", &REPORT_JSON).json();
    assert_eq!(service(&report, "api")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));

    // major_outage last: 43,200 s major from 12:00; availability 100 × (1 − 0.5) = 50.
    let report = run_large(&large_log("operational", "major_outage"), "\n", &REPORT_JSON).json();
    let api = service(&report, "api");
    assert_eq!(api["seconds"], seconds(43_200.0, 0.0, 0.0, 43_200.0, 0.0));
    assert_eq!(api["availability_percent"], json!(50.0));
}

#[test]
fn a_large_file_may_have_crlf_line_endings() {
    let report = run_large(&large_log("major_outage", "operational"), "\r\n", &REPORT_JSON).json();
    assert_eq!(service(&report, "api")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
    assert_eq!(service(&report, "filler")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn a_quoted_field_spanning_the_middle_of_a_large_file_is_read_whole() {
    // The note of the filler row on line 60,004 is quoted and runs over the next 110,000
    // lines (26 % to 74 % of the file, across any split into 2 to 8 chunks).
    let mut lines = large_log("major_outage", "operational");
    lines[60_003] = "2026-10-01T06:00:00Z,filler,operational,\"a long note".to_owned();
    for line in &mut lines[60_004..170_004] {
        *line = "that goes on, line after line, as long".to_owned();
    }
    lines[170_003] = "and ends here\"".to_owned();
    let report = run_large(&lines, "\n", &REPORT_JSON).json();
    assert_eq!(service_names(&report), ["api", "filler"]);
    assert_eq!(service(&report, "api")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn an_error_late_in_a_large_file_names_its_line_whatever_the_line_ends() {
    let mut lines = large_log("major_outage", "operational");
    lines[230_004] = "2026-10-02T00:00:00Z,api,degradd,".to_owned();
    for line_end in ["\n", "\r\n"] {
        run_large(&lines, line_end, &["report"]).fails_with(&format!(
            "log.csv:230005: column \"status\": unknown status \"degradd\" (expected \
             {EXPECTED_STATUS})"
        ));
    }
}

#[test]
fn a_ragged_row_late_in_a_large_file_names_its_line() {
    let mut lines = large_log("major_outage", "operational");
    lines[200_003] = "2026-10-01T06:00:00Z,filler".to_owned();
    run_large(&lines, "\n", &["report"])
        .fails_with("log.csv:200004: the row has 2 fields but the header has 4");
}

#[test]
fn blank_lines_and_a_missing_final_line_end_read_as_in_one_piece() {
    let mut lines = large_log("major_outage", "operational");
    lines[100_000] = String::new();
    lines[200_000] = String::new();
    let report = run_large_text(lines.join("\n"), &REPORT_JSON).json();
    assert_eq!(service(&report, "api")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn a_line_of_spaces_in_a_large_file_is_skipped_like_a_blank_one() {
    let mut lines = large_log("major_outage", "operational");
    lines[150_000] = "   ".to_owned();
    lines[150_001] = "2026-10-01T06:00:00Z,filler".to_owned();
    run_large(&lines, "\n", &["report"])
        .fails_with("log.csv:150002: the row has 2 fields but the header has 4");
}

#[test]
fn a_carriage_return_inside_a_line_of_a_large_file_is_data() {
    let mut lines = large_log("major_outage", "operational");
    lines[100_000] =
        "2026-10-01T06:00:00Z,filler,operational,a note\rwith a carriage return".to_owned();
    let report = run_large(&lines, "\n", &REPORT_JSON).json();
    assert_eq!(service(&report, "filler")["seconds"], seconds(DAY, 0.0, 0.0, 0.0, 0.0));
}

#[test]
fn keep_going_names_the_lines_of_rows_skipped_in_every_chunk() {
    let mut lines = large_log("major_outage", "operational");
    lines[100] = "2026-10-01T06:00:00Z,filler".to_owned();
    lines[200_003] = "2026-10-01T06:00:00Z,filler,sideways,".to_owned();
    let run = run_large(&lines, "\n", &["report", "--keep-going", "-f", "json"]);
    run.exits(0);
    assert_eq!(
        run.stderr,
        format!(
            "warning: skipped: log.csv:101: the row has 2 fields but the header has 4\n\
             warning: skipped: log.csv:200004: column \"status\": unknown status \"sideways\" \
             (expected {EXPECTED_STATUS})\n\
             warning: log.csv: 2 records that could not be read were skipped (--keep-going)\n"
        )
    );
}
