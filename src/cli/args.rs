//! The command-line grammar. A stable contract: other tools call these commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "nichiro",
    version,
    about = "Answers questions about Russia–Japan relations from a curated news corpus, with cited, dated excerpts"
)]
pub struct Args {
    /// Configuration file (default: config/nichiro.toml when present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Corpus directory (overrides the configuration).
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Index directory (overrides the configuration).
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn raw scraped articles into corpus files.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Measure the engine on a synthetic corpus.
    Bench {
        /// Passages in the synthetic corpus.
        #[arg(long, default_value_t = 100_000)]
        passages: usize,
        /// Questions to time, one a line (default: the built-in query set).
        #[arg(long, value_name = "FILE")]
        queries: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord bot (needs DISCORD_TOKEN).
    Bot,
}
