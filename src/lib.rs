//! nines: service status logs in, availability numbers people sign off on out.
//!
//! The flow runs one way: the front ends ([`cli`], and [`config`] for the config file) give
//! [`settings`] in layers, from which [`plan`] makes a plan; [`execute`] runs it: [`input`]
//! reads the events, [`subject`] resolves the services and groups to measure, [`timeline`]
//! (the engine) folds the events into timelines, [`availability`], [`burn`] and [`credits`]
//! (the calculations) make figures of them, and [`output`] writes them. `nines budget` reads
//! no events and takes a short cut: [`cli`] → [`budget`] (the arithmetic) → [`output`].

pub mod availability;
pub mod budget;
pub mod burn;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod contracts;
pub mod credits;
pub mod error;
pub mod events;
pub mod exact;
pub mod execute;
pub mod input;
mod json_number;
pub mod output;
pub mod plan;
pub mod settings;
pub mod status;
pub mod subject;
pub mod time;
pub mod timeline;
pub mod toml_reader;
pub mod values;

use std::ffi::OsString;

use clap::error::ErrorKind;

pub use crate::error::Error;
pub use crate::execute::{Outcome, Verdict};

use crate::cli::{Cli, Invocation};
use crate::settings::Settings;

/// The exit code for usage and input errors.
pub const ERROR_EXIT_CODE: u8 = 2;

/// Runs the command line `args` (program name first) and says how it ended; nothing here
/// exits the process.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<Outcome, Error> {
    use clap::FromArgMatches;
    let parsed = cli::command().try_get_matches_from(args);
    let cli = match parsed.and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        // Help and the version are not errors: they are the output asked for.
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            error.print().map_err(Error::Output)?;
            return Ok(Outcome { verdict: Verdict::Ok, warnings: Vec::new() });
        }
        Err(error) => return Err(Error::Usage(cli::one_line(&error))),
    };
    let request = match cli.into_invocation().map_err(Error::Usage)? {
        Invocation::Budget(request, format) => plan::Request::Budget(request, format),
        Invocation::Print(text) => plan::Request::Print(text),
        Invocation::ManualPages(dir, pages) => plan::Request::ManualPages(dir, pages),
        Invocation::Measure { command, flags, window, config } => {
            let (config_file, file) = match config::load(&config)? {
                Some((path, layer)) => (Some(path), layer),
                None => (None, settings::Layer::default()),
            };
            let settings = Settings::merge(*flags, file, config_file);
            plan::request(command, settings, &window)?
        }
    };
    execute::run(request)
}
