//! The whole of `nines` on structured command lines and files: any command, options drawn
//! from every option it has with fuzzed values, and fuzzed events, maintenance, contracts and
//! config files. It returns an outcome or an error of one line, never panics.
#![no_main]

mod scratch;

use std::ffi::OsString;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// Every option a command can take, the value fuzzed.
const OPTIONS: [&str; 27] = [
    "--slo",
    "--tz",
    "--weight",
    "--weights",
    "--from",
    "--to",
    "--last",
    "--now",
    "--day",
    "--week",
    "--month",
    "--quarter",
    "--year",
    "--period",
    "--granularity",
    "--min-incident",
    "--initial-status",
    "--service",
    "--exclude",
    "--group",
    "--format",
    "--at",
    "--alert",
    "--max-record-size",
    "--input-format",
    "--per",
    "--downtime",
];

/// Options without a value.
const SWITCHES: [&str; 4] = ["--platform", "--explain", "--no-config", "--help"];

const COMMANDS: [&str; 7] = ["report", "check", "timeline", "burn", "credits", "config", "budget"];

#[derive(Arbitrary, Debug)]
struct Run {
    command: u8,
    events: Vec<u8>,
    events_extension: u8,
    maintenance: Option<Vec<u8>>,
    contracts: Option<String>,
    config: Option<String>,
    options: Vec<(u8, String)>,
    switches: Vec<u8>,
    objectives: Vec<String>,
}

/// The reports go nowhere: the target is what nines does, not what it prints.
fn silence_stdout() {
    let null = std::fs::OpenOptions::new().write(true).open("/dev/null").expect("/dev/null");
    // SAFETY: fd 1 is replaced by a file this process opened; nothing else holds it.
    unsafe {
        libc::dup2(std::os::fd::AsRawFd::as_raw_fd(&null), 1);
    }
}

fuzz_target!(|run: Run| {
    static SILENT: std::sync::Once = std::sync::Once::new();
    SILENT.call_once(silence_stdout);
    let folder = scratch::folder();
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("a file is written");
        path.into_os_string()
    };
    let command = COMMANDS[usize::from(run.command) % COMMANDS.len()];
    let mut args: Vec<OsString> = vec!["nines".into(), command.into()];
    if command == "budget" {
        args.extend(run.objectives.iter().map(OsString::from));
    } else {
        let extension = ["csv", "json", "ndjson"][usize::from(run.events_extension) % 3];
        args.push(write(&format!("events.{extension}"), &run.events));
    }
    if let Some(maintenance) = &run.maintenance {
        args.extend(["--maintenance".into(), write("maintenance.csv", maintenance)]);
    }
    if let Some(contracts) = &run.contracts {
        args.extend(["--contracts".into(), write("contracts.toml", contracts.as_bytes())]);
    }
    match &run.config {
        // A recursive glob would walk the disk, which tests the disk, not nines.
        Some(config) if !config.contains("**") => {
            args.extend(["--config".into(), write("nines.toml", config.as_bytes())]);
        }
        _ => args.push("--no-config".into()),
    }
    for (option, value) in run.options.iter().take(8) {
        args.push(OPTIONS[usize::from(*option) % OPTIONS.len()].into());
        args.push(value.into());
    }
    for switch in run.switches.iter().take(3) {
        args.push(SWITCHES[usize::from(*switch) % SWITCHES.len()].into());
    }
    if let Err(error) = nines::run(args) {
        let message = error.to_string();
        assert!(!message.contains('\n') && !message.contains('\r'), "{message:?}");
    }
});
