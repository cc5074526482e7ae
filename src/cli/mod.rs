//! The command line: arguments, dispatch, and the exit-status contract
//! (0 for any answer or abstention, 2 for unusable input, 1 for anything else that failed).

mod args;
mod follow;
mod logging;
mod output;

use std::process::ExitCode;

use clap::Parser;

use args::{Args, Command};
use nichiro::{AskOptions, Config, Engine, QuestionError};

/// Exit status for unusable input (a question that cannot be asked as given).
const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => return argument_error(&err),
    };
    // `.env` is read from the working directory only, never from a parent: a file that lives
    // above the project must not pick the paths nichiro writes to.
    let _ = dotenvy::from_path(".env");
    init_tracing();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            let unusable = err.downcast_ref::<nichiro::Error>().is_some_and(|e| {
                matches!(
                    e,
                    nichiro::Error::IndexLocation(_) | nichiro::Error::EvalSet { .. }
                )
            });
            ExitCode::from(if unusable { EXIT_USAGE } else { 1 })
        }
    }
}

/// Help and version go to stdout as clap writes them; any other argument error is one line on
/// stderr (clap's first line, without its usage block) and exit status 2.
fn argument_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let text = err.to_string();
    let first = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("invalid arguments");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    eprintln!("error: {first} (see nichiro --help)");
    ExitCode::from(EXIT_USAGE)
}

/// The error and its causes on one line, leaving out a cause whose text the line already
/// holds (library errors carry their source in their own message).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace('\n', " ")
}

fn init_tracing() {
    // Filters and a redacting writer keep secrets out; see `logging`.
    logging::init();
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = Config::load(args.config.as_deref())?;
    if let Some(corpus) = args.corpus {
        config.engine.corpus_dir = corpus;
    }
    if let Some(index) = args.index {
        config.engine.index_dir = index;
    }
    match args.mode.as_deref() {
        Some("words") => config.engine.mode = nichiro::SearchMode::Words,
        Some(_) => config.engine.mode = nichiro::SearchMode::Hybrid,
        None => {}
    }
    let open = |config: &Config| Engine::open(&config.engine);
    match args.command {
        Command::Ask {
            json,
            k,
            since,
            until,
            lang,
            question,
        } => {
            let engine = open(&config)?;
            let options = AskOptions {
                k: k as usize,
                offset: 0,
                since,
                until,
            };
            let question = question.join(" ");
            let lang = lang.unwrap_or_else(|| nichiro::Lang::of_text(&question));
            let answer =
                match with_repair(engine, &config, |e| e.ask_as(&question, &options, lang))? {
                    Ok(answer) => answer,
                    Err(err) => return Ok(usage_error(&err)),
                };
            if json {
                emit(&format!("{}\n", output::answer_json(&answer)))?;
            } else {
                emit(&output::answer(&answer))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { limit, query } => {
            let engine = open(&config)?;
            let query = query.join(" ");
            match with_repair(engine, &config, |e| e.search(&query, limit as usize))? {
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
            match with_repair(open(&config)?, &config, |e| e.timeline(topic))? {
                Ok(entries) => emit(&output::timeline(&entries))?,
                Err(err) => return Ok(usage_error(&err)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Index => {
            let dir = &config.engine.index_dir;
            let engine = Engine::rebuild(&config.engine)?;
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
            let cases = nichiro::load_cases(&file)?;
            let report = nichiro::evaluate(&open(&config)?, &cases);
            if json {
                emit(&format!("{}\n", serde_json::to_string(&report)?))?;
            } else {
                emit(&format!("{report}\n"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { files } => {
            // Each file on its own: one bad file is reported and the others are still imported.
            let limits = nichiro::web::FollowOptions::from_config(&config, &[]).limits();
            let mut failed = 0;
            for file in &files {
                let written = nichiro::web::import_any(file, &limits)
                    .map_err(anyhow::Error::from)
                    .and_then(|report| {
                        let path = nichiro::write_into(&config.engine.corpus_dir, &report)?;
                        Ok((report, path))
                    });
                match written {
                    Ok((report, path)) => {
                        emit(&format!("{report}\nwritten: {}\n\n", path.display()))?
                    }
                    Err(err) => {
                        failed += 1;
                        eprintln!("error: {}", one_line(&err));
                    }
                }
            }
            if failed > 0 {
                eprintln!(
                    "error: {failed} of {} files could not be imported",
                    files.len()
                );
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Follow { once, feeds, json } => follow::run(&config, once, &feeds, json),
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
    ExitCode::from(if err.is_input() { EXIT_USAGE } else { 1 })
}

/// Runs `query`; if the index turns out damaged while answering, rebuilds it from the corpus
/// (with one warning) and runs `query` once more on the new index.
fn with_repair<T>(
    engine: Engine,
    config: &Config,
    query: impl Fn(&Engine) -> Result<T, QuestionError>,
) -> anyhow::Result<Result<T, QuestionError>> {
    match query(&engine) {
        Err(QuestionError::IndexDamaged { reason }) => {
            tracing::warn!(%reason, "the index failed while answering; rebuilding it from the corpus");
            drop(engine);
            let engine = Engine::rebuild(&config.engine)?;
            Ok(query(&engine))
        }
        other => Ok(other),
    }
}

/// Writes to stdout; a reader that went away (`nichiro sources | head`) is not an error.
/// Control characters from article files (a terminal escape in a title) are shown as U+FFFD
/// rather than sent to the terminal.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let text = output::printable(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
