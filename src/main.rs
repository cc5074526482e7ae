//! The `nichiro` binary: parses the command line, loads configuration, and hands each command to
//! the library. Errors become one line on stderr and an exit status.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
