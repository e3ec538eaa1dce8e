//! Tests that need programs from outside the Rust toolchain, which `.ci/run` installs: a
//! JUnit schema validator (Python's `xmlschema`, in a virtual environment named by
//! `NINES_PYTHON`), the JUnit schemas CI tools publish (from the npm package
//! `junit-processor`, unpacked in the folder `NINES_JUNIT_SCHEMAS`), and zsh and fish to read
//! the completions. Built only with the `external-tools` feature, so that plain `cargo test`
//! passes without them; with it, a missing program or schema fails the test rather than
//! skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

const NINES: &str = env!("CARGO_BIN_EXE_nines");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs nines in `tests/data/` and returns its stdout, whatever the exit code.
fn nines(args: &[&str]) -> String {
    let output = Command::new(NINES)
        .current_dir(repo().join("tests/data"))
        .args(args)
        .output()
        .expect("nines runs");
    assert!(output.status.code().is_some_and(|code| code < 2), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The schemas a JUnit document is checked against: the Apache Ant layout as Windy Road's
/// schema describes it (the common JUnit XSD) and as Jenkins' does, both from the registry,
/// and this project's copy of the newer Windy Road constraints, which also know skipped
/// tests.
#[derive(Clone, Copy, Debug)]
enum Schema {
    WindyRoad,
    Jenkins,
    WithSkipped,
}

impl Schema {
    fn path(self) -> PathBuf {
        let published = || {
            PathBuf::from(std::env::var("NINES_JUNIT_SCHEMAS").expect(
                "NINES_JUNIT_SCHEMAS names the folder of the published JUnit schemas (.ci/run \
                 unpacks them from the npm package junit-processor)",
            ))
        };
        match self {
            Schema::WindyRoad => published().join("JUnit.xsd"),
            Schema::Jenkins => published().join("jenkins-junit.xsd"),
            Schema::WithSkipped => repo().join("tests/external/junit.xsd"),
        }
    }
}

/// Whether `document` is valid against `schema`, and the validator's complaint if not.
fn validate(document: &str, schema: Schema) -> Result<(), String> {
    let python = std::env::var("NINES_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("junit.xml");
    std::fs::write(&path, document).unwrap();
    let script = "import sys, xmlschema\n\
                  schema = xmlschema.XMLSchema(sys.argv[1])\n\
                  errors = list(schema.iter_errors(sys.argv[2]))\n\
                  print('\\n'.join(str(e.reason) for e in errors))\n\
                  sys.exit(1 if errors else 0)\n";
    let schema_path = schema.path();
    assert!(schema_path.is_file(), "{schema:?}: no schema at {}", schema_path.display());
    let output = Command::new(&python)
        .args(["-c", script])
        .arg(&schema_path)
        .arg(&path)
        .output()
        .unwrap_or_else(|error| panic!("{python} runs: {error}"));
    match output.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(String::from_utf8_lossy(&output.stdout).into_owned()),
        _ => panic!("the validator did not run: {}", String::from_utf8_lossy(&output.stderr)),
    }
}

#[test]
fn the_validator_refuses_what_the_schema_forbids() {
    // Proof that the validator can fail: a test case without its class name, and a suite
    // without its required attributes.
    let invalid = "<testsuites><testsuite name=\"s\"><properties/><testcase name=\"x\" \
                   time=\"0\"/><system-out/><system-err/></testsuite></testsuites>";
    for schema in [Schema::WindyRoad, Schema::Jenkins, Schema::WithSkipped] {
        assert!(validate(invalid, schema).is_err(), "{schema:?}");
    }
}

#[test]
fn every_gate_writes_junit_the_schema_accepts() {
    let scratch = tempfile::tempdir().unwrap();
    let hostile = scratch.path().join("hostile.csv");
    std::fs::write(
        &hostile,
        "timestamp,service,status\n2026-10-01T00:00:00Z,\"<a & \"\"b\"\">\u{7}\",major_outage\n\
         2026-10-02T00:00:00Z,web,operational\n",
    )
    .unwrap();
    let hostile = hostile.to_str().unwrap();
    let contracts = [
        "check",
        "credits/october.csv",
        "--contracts",
        "credits/thresholds.toml",
        "--month",
        "2026-10",
        "--now",
        "2026-11-15",
    ];
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "semantics/late_start.csv"],
        vec!["check", "semantics/late_start.csv", "--slo", "90"],
        vec!["check", "periods/berlin_autumn.csv", "--period", "week"],
        vec!["check", "groups/three.csv", "--platform", "--slo", "99.99"],
        contracts.to_vec(),
        vec!["burn", "burn/alerts.csv"],
        vec!["check", hostile],
        vec!["check", "semantics/all_maintenance.csv"],
    ];
    let mut with_skipped = 0;
    for args in runs {
        let document = nines(&[&args[..], &["--format", "junit"]].concat());
        assert!(document.contains("<testcase"), "{args:?}");
        // The oldest schema knows no skipped tests; the others do.
        let skips = document.contains("<skipped");
        with_skipped += usize::from(skips);
        let schemas: &[Schema] = if skips {
            &[Schema::Jenkins, Schema::WithSkipped]
        } else {
            &[Schema::WindyRoad, Schema::Jenkins, Schema::WithSkipped]
        };
        for &schema in schemas {
            if let Err(complaint) = validate(&document, schema) {
                panic!("{args:?} against {schema:?}: {complaint}\n{document}");
            }
        }
    }
    // The branch for skipped tests ran.
    assert_eq!(with_skipped, 1);
}

/// Runs `shell -n` on the completions nines writes for it.
fn check_syntax(shell: &str) {
    let script = nines(&["completions", shell]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nines-completions");
    std::fs::write(&path, script).unwrap();
    let output = Command::new(shell)
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap_or_else(|error| panic!("{shell} runs: {error}"));
    assert!(output.status.success(), "{shell}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn zsh_reads_the_zsh_completions() {
    check_syntax("zsh");
}

#[test]
fn fish_reads_the_fish_completions() {
    check_syntax("fish");
}

#[test]
fn bash_reads_the_bash_completions() {
    check_syntax("bash");
}
