use std::process::ExitCode;

fn main() -> ExitCode {
    match nines::run(std::env::args_os()) {
        Ok(outcome) => {
            for line in nines::error::warning_lines(&outcome.warnings) {
                eprintln!("warning: {line}");
            }
            ExitCode::from(outcome.verdict.exit_code())
        }
        Err(error) if error.is_closed_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            // Every error is one line, but for the warnings --strict turns into errors.
            for line in error.to_string().lines() {
                eprintln!("error: {line}");
            }
            ExitCode::from(nines::ERROR_EXIT_CODE)
        }
    }
}
