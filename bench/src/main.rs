//! `nichiro-bench`: measures nichiro on a synthetic corpus of any size — index build, `ask`
//! latency against raw tantivy search, the hybrid (meaning + words) engine, memory, cold start —
//! and web import speed from a local server. Kept beside the crate, as tantivy keeps
//! `benches/`, so nothing here ships in the library.
//!
//! ```text
//! nichiro-bench [--passages N] [--queries FILE] [--import-pages N] [--json]
//! ```

mod hybrid;
mod import;
mod queries;
mod report;
mod run;
mod store;
mod synth;
mod system;
mod timing;
mod vocab;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Measure nichiro on a synthetic corpus (see the README's Performance section).
#[derive(Debug, Parser)]
#[command(name = "nichiro-bench", version)]
struct Args {
    /// Passages in the synthetic corpus.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    passages: u64,
    /// Questions to time, one a line (default: the built-in query set).
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    /// Generated web pages to import from a local server for the import figure (0: skip it).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    import_pages: u64,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = run::BenchOptions {
        passages: args.passages as usize,
        queries: args.queries,
        import_pages: args.import_pages as usize,
    };
    let report = match run::BenchSettings::from_env().and_then(|s| run::run_with(&options, &s)) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(1);
        }
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&report).expect("the report serializes")
        );
    } else {
        println!("{report}");
    }
    ExitCode::SUCCESS
}
