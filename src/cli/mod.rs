//! The command line: arguments, dispatch, and the exit-status contract
//! (0 for any answer or abstention, 2 for unusable input, 1 for anything else that failed).

mod args;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use args::{Args, Command};
use nichiro::Config;

pub fn main() -> ExitCode {
    let args = Args::parse();
    let _ = dotenvy::dotenv();
    init_tracing();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NICHIRO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,nichiro=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = Config::load(args.config.as_deref())?;
    if let Some(corpus) = args.corpus {
        config.engine.corpus_dir = corpus;
    }
    if let Some(index) = args.index {
        config.engine.index_dir = index;
    }
    match args.command {
        Command::Import { files } => {
            for file in files {
                let report = nichiro::import::import_file(&file)?;
                let written = nichiro::import::write_into(&config.engine.corpus_dir, &report)
                    .with_context(|| format!("writing {}", file.display()))?;
                println!("{report}\nwritten: {}\n", written.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            passages,
            queries,
            json,
        } => {
            let report = nichiro::bench::run(&nichiro::bench::BenchOptions { passages, queries })?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bot => match nichiro::discord::run(config) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(err) => {
                eprintln!("error: {err}");
                Ok(ExitCode::from(1))
            }
        },
    }
}
