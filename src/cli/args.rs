//! The command-line grammar. A stable contract: other tools call these commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use nichiro::Lang;
use nichiro::PartialDate;

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("unknown language {code:?}: expected en, ja or ru"))
}

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
    /// `hybrid` (words and meaning) or `words` (the word-only engine); overrides the configuration.
    #[arg(long, global = true, value_name = "MODE", value_parser = ["hybrid", "words"])]
    pub mode: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question with cited, dated excerpts.
    Ask {
        /// Print exactly one JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// How many citations at most.
        #[arg(short = 'k', default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=25))]
        k: u16,
        /// Only articles dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<PartialDate>,
        /// Only articles dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: Option<PartialDate>,
        /// Language of the framing words: en, ja or ru (default: the question's script).
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<Lang>,
        /// The question (several words are joined).
        #[arg(required = true, value_name = "QUESTION", num_args = 1..)]
        question: Vec<String>,
    },
    /// Ranked passages matching a query.
    Search {
        /// How many passages (1 to 1000).
        #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
        #[arg(required = true, value_name = "QUERY", num_args = 1..)]
        query: Vec<String>,
    },
    /// The articles of the corpus, newest first.
    Sources,
    /// The dated articles on a topic, oldest first, each with its key sentence.
    Timeline {
        #[arg(value_name = "TOPIC", num_args = 0..)]
        topic: Vec<String>,
    },
    /// Rebuild the search index now.
    Index,
    /// Run a question set (JSON lines) and print hit@1, answer@3 and abstention figures.
    Eval {
        #[arg(value_name = "FILE.jsonl")]
        file: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Turn raw scraped articles, saved HTML pages or http(s) URLs into corpus files.
    Import {
        #[arg(required = true, value_name = "FILE|URL")]
        files: Vec<PathBuf>,
    },
    /// Read the configured feeds and import each new, relevant article.
    Follow {
        /// One pass, then exit (0 even when some items failed; 1 when no feed could be read).
        #[arg(long)]
        once: bool,
        /// Read this feed instead of the configured ones (repeatable).
        #[arg(long = "feed", value_name = "URL")]
        feeds: Vec<String>,
        /// Print one JSON summary object per pass.
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord bot (needs DISCORD_TOKEN).
    Bot,
}
