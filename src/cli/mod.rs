//! The command line: arguments, dispatch, and the exit-status contract
//! (0 for any answer or abstention, 2 for unusable input, 1 for anything else that failed).

mod args;
mod follow;
mod output;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use args::{Args, Command};
use nichiro::{AskOptions, Config, Engine, QuestionError};

/// Exit status for unusable input (a question that cannot be asked as given).
const EXIT_USAGE: u8 = 2;

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
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
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
    let open = |config: &Config| Engine::open(&config.engine);
    match args.command {
        Command::Ask {
            json,
            k,
            since,
            until,
            question,
        } => {
            let engine = open(&config)?;
            let options = AskOptions {
                k: k as usize,
                offset: 0,
                since,
                until,
            };
            let answer = match engine.ask(&question.join(" "), &options) {
                Ok(answer) => answer,
                Err(err) => return Ok(usage_error(&err)),
            };
            if json {
                emit(&format!("{}\n", serde_json::to_string(&answer)?))?;
            } else {
                emit(&output::answer(&answer))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { limit, query } => {
            let engine = open(&config)?;
            match engine.search(&query.join(" "), limit) {
                Ok(hits) => emit(&output::passages(&hits))?,
                Err(err) => return Ok(usage_error(&err)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sources => {
            emit(&output::sources(&open(&config)?.sources()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Timeline { topic } => {
            let topic = topic.join(" ");
            let topic = (!topic.trim().is_empty()).then_some(topic.as_str());
            match open(&config)?.timeline(topic) {
                Ok(entries) => emit(&output::timeline(&entries))?,
                Err(err) => return Ok(usage_error(&err)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Index => {
            let dir = &config.engine.index_dir;
            if dir.exists() {
                std::fs::remove_dir_all(dir)
                    .with_context(|| format!("removing the old index {}", dir.display()))?;
            }
            let engine = open(&config)?;
            let (articles, passages) = engine.size();
            let took = engine.index_build_time().unwrap_or_default();
            emit(&format!(
                "indexed {passages} passages of {articles} articles in {:.2} s into {}\n",
                took.as_secs_f64(),
                dir.display()
            ))?;
            for skipped in engine.skipped() {
                emit(&format!(
                    "skipped {}: {}\n",
                    skipped.path.display(),
                    skipped.reason
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { file, json } => {
            let cases = nichiro::eval::load_cases(&file)?;
            let report = nichiro::eval::evaluate(&open(&config)?, &cases);
            if json {
                emit(&format!("{}\n", serde_json::to_string(&report)?))?;
            } else {
                emit(&format!("{report}\n"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { files } => {
            for file in files {
                let limits = nichiro::web::FollowOptions::from_config(&config, &[]).limits();
                let report = nichiro::web::import_any(&file, &limits)?;
                let written = nichiro::import::write_into(&config.engine.corpus_dir, &report)
                    .with_context(|| format!("writing {}", file.display()))?;
                emit(&format!("{report}\nwritten: {}\n\n", written.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Follow { once, feeds, json } => follow::run(&config, once, &feeds, json),
        Command::Bench {
            passages,
            queries,
            json,
        } => {
            let report = nichiro::bench::run(&nichiro::bench::BenchOptions { passages, queries })?;
            if json {
                emit(&format!("{}\n", serde_json::to_string(&report)?))?;
            } else {
                emit(&format!("{report}\n"))?;
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

fn usage_error(err: &QuestionError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(EXIT_USAGE)
}

/// Writes to stdout; a reader that went away (`nichiro sources | head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
