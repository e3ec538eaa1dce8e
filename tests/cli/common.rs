//! Helpers shared by the black-box tests: running the `nines` binary, reading its JSON and
//! writing scratch input files.
//!
//! Commands run from `tests/data/` unless said otherwise, so file names in messages are short
//! (`errors/ragged.csv:3: …`).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tempfile::TempDir;

/// The binary under test.
pub const NINES: &str = env!("CARGO_BIN_EXE_nines");

/// Seconds in one day: most hand-made inputs cover 2026-10-01T00:00:00Z to 2026-10-02T00:00:00Z.
pub const DAY: f64 = 86_400.0;

/// What `nines` is told a timestamp should look like.
pub const EXPECTED_TIMESTAMP: &str =
    "RFC 3339 like 2026-10-01T12:00:00Z or 2026-10-01 14:00:00+02:00, or Unix epoch seconds";

/// What an option that names an instant (`--from`, `--to`, `--now`, `--at`) should hold.
pub const EXPECTED_INSTANT: &str = "a year like 2026, a quarter like 2026-Q4, a month like \
    2026-10, an ISO week like 2026-W43, a date like 2026-10-01, or a timestamp like \
    2026-10-01T12:00:00Z";

/// What `nines` is told a status should look like.
pub const EXPECTED_STATUS: &str = "one of operational, degraded_performance, partial_outage, \
    major_outage, under_maintenance, or an alias: up, ok, degraded, partial, major, down, \
    outage, maintenance";

/// The repository root (where `examples/` is).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/data/`, where the hand-made inputs are.
pub fn data_dir() -> PathBuf {
    repo_root().join("tests").join("data")
}

/// The text of a file under `tests/data/`.
pub fn data_text(name: &str) -> String {
    std::fs::read_to_string(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What one run of `nines` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, stdout and stderr together, so that a failure shows all three.
    pub fn expect(&self, code: i32, stdout: &str, stderr: &str) {
        let expected = (code, stdout, stderr);
        assert_eq!((self.code, self.stdout.as_str(), self.stderr.as_str()), expected);
    }

    /// Asserts a clean success (exit 0, nothing on stderr) and returns stdout.
    pub fn ok(&self) -> &str {
        self.exits(0);
        assert_eq!(self.stderr, "", "unexpected stderr");
        &self.stdout
    }

    /// Asserts success and reads stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.ok()).expect("stdout is JSON")
    }

    /// Asserts the exit code.
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts an input or usage error: exit 2, nothing on stdout and exactly
    /// `error: {message}` on one line of stderr.
    pub fn fails_with(&self, message: &str) {
        self.expect(2, "", &format!("error: {message}\n"));
    }

    /// Asserts exit 2 with one `error: …` line on stderr that starts with `error: {prefix}` and
    /// contains every one of `parts`; for messages whose exact wording is not the point.
    pub fn fails_mentioning(&self, prefix: &str, parts: &[&str]) {
        self.exits(2);
        assert_eq!(self.stdout, "", "nothing may be written on stdout");
        assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
        assert!(
            self.stderr.starts_with(&format!("error: {prefix}")),
            "expected `error: {prefix}…`, got: {}",
            self.stderr
        );
        for part in parts {
            assert!(self.stderr.contains(part), "expected {part:?} in: {}", self.stderr);
        }
    }
}

/// What describes the terminal to nines: its width, character set and colour conventions.
pub const TERMINAL_VARIABLES: [&str; 8] =
    ["COLUMNS", "LC_ALL", "LC_CTYPE", "LANG", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"];

/// Runs `nines ARGS` in `dir`, with `stdin` as its input (empty when `None`).
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_with_env(dir, args, stdin, &[])
}

/// Runs `nines ARGS` in `tests/data/` with these environment variables (and none of the
/// others that describe the terminal).
pub fn nines_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with_env(&data_dir(), args, None, env)
}

fn run_with_env(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::Command::new(NINES);
    command.current_dir(dir).args(args);
    // The terminal's description is the test's to give, not the machine's.
    for variable in TERMINAL_VARIABLES {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    if let Some(input) = stdin {
        command.write_stdin(input.to_vec());
    }
    let output = command.output().expect("nines starts");
    Run {
        code: output.status.code().expect("nines exits rather than dying of a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `nines ARGS` in `tests/data/`.
pub fn nines(args: &[&str]) -> Run {
    run_in(&data_dir(), args, None)
}

/// Runs `nines ARGS` in `tests/data/` with `input` on stdin.
pub fn nines_with_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Run {
    run_in(&data_dir(), args, Some(input.as_ref()))
}

/// `nines report --format json ARGS`, which must succeed.
pub fn report_json(args: &[&str]) -> Value {
    nines(&[&["report", "--format", "json"], args].concat()).json()
}

/// `nines timeline --format csv ARGS`, which must succeed.
pub fn timeline_csv(args: &[&str]) -> String {
    nines(&[&["timeline", "--format", "csv"], args].concat()).ok().to_owned()
}

/// The header of `timeline --format csv`.
pub const TIMELINE_CSV_HEADER: &str =
    "service,kind,from,to,seconds,status,reported_status,counted,weight,downtime_seconds";

/// A `timeline --format csv` output: the header, then `rows`.
pub fn timeline_csv_of(rows: &[&str]) -> String {
    let mut text = format!("{TIMELINE_CSV_HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

/// The row of `name` in a JSON report.
pub fn service<'r>(report: &'r Value, name: &str) -> &'r Value {
    report["services"]
        .as_array()
        .expect("services is an array")
        .iter()
        .find(|row| row["service"] == name)
        .unwrap_or_else(|| panic!("no row for {name:?} in {report:#}"))
}

/// The names of the services in a JSON report, in order.
pub fn service_names(report: &Value) -> Vec<&str> {
    report["services"]
        .as_array()
        .expect("services is an array")
        .iter()
        .map(|row| row["service"].as_str().expect("service is a string"))
        .collect()
}

/// A report row's `seconds` object.
pub fn seconds(
    operational: f64,
    degraded_performance: f64,
    partial_outage: f64,
    major_outage: f64,
    under_maintenance: f64,
) -> Value {
    json!({
        "operational": operational,
        "degraded_performance": degraded_performance,
        "partial_outage": partial_outage,
        "major_outage": major_outage,
        "under_maintenance": under_maintenance,
    })
}

/// A report's `window` object.
pub fn window(from: &str, to: &str) -> Value {
    json!({ "from": from, "to": to })
}

/// Asserts that every service's seconds add up to `window_seconds`, as do its counted and
/// excluded seconds.
pub fn assert_seconds_add_up(report: &Value, window_seconds: f64) {
    for row in report["services"].as_array().expect("services is an array") {
        let by_status: f64 = row["seconds"]
            .as_object()
            .expect("seconds is an object")
            .values()
            .map(|value| value.as_f64().expect("seconds are numbers"))
            .sum();
        let counted = row["counted_seconds"].as_f64().unwrap();
        let excluded = row["excluded_seconds"].as_f64().unwrap();
        assert_eq!(by_status, window_seconds, "seconds by status of {row:#}");
        assert_eq!(counted + excluded, window_seconds, "counted + excluded of {row:#}");
    }
}

/// A temporary directory for inputs that cannot be committed as they are (CRLF line endings,
/// invalid UTF-8) or are generated; commands run inside it.
pub struct Scratch {
    dir: TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().expect("a temporary directory") }
    }

    /// Writes `contents` to `name` in the directory.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Scratch {
        std::fs::write(self.path(name), contents).expect("the scratch file is written");
        self
    }

    /// The full path of `name` in the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `nines ARGS` inside the directory.
    pub fn nines(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args, None)
    }
}
