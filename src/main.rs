use std::process::ExitCode;

fn main() -> ExitCode {
    match nines::run(std::env::args_os()) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) if nines::is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(nines::ERROR_EXIT_CODE)
        }
    }
}
