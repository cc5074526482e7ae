//! The figures of one bench run: serialized as one flat JSON object whose key names and units
//! are a contract (results are compared across commits), and shown as a table for people.

use std::fmt;

use serde::Serialize;

/// The median latencies of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryLatency {
    pub query: String,
    pub ask_p50_us: f64,
    pub raw_p50_us: f64,
}

/// The figures of one bench run. Units are in the names: `_us` microseconds, `_ms` milliseconds,
/// `_s` seconds, `_mb` MiB (2^20 bytes), `_per_s` per second of wall time.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Passages (paragraphs) in the synthetic corpus.
    pub passages: usize,
    pub ask_p50_us: f64,
    pub ask_p99_us: f64,
    pub raw_p50_us: f64,
    pub raw_p99_us: f64,
    /// Article text (front matter excluded) indexed per second, corpus loading included.
    pub index_mb_per_s: f64,
    /// Peak resident memory of the whole run (generation, build and queries).
    pub peak_rss_mb: f64,
    /// From opening the existing index of the synthetic corpus to the first answer.
    pub cold_start_ms: f64,

    pub ask_max_us: f64,
    pub ask_mean_us: f64,
    pub raw_max_us: f64,
    pub raw_mean_us: f64,
    /// ask p50 / raw p50 (and likewise p99): what the answer engine adds to the search floor.
    pub ratio_p50: f64,
    pub ratio_p99: f64,
    pub passages_per_s: f64,
    /// `Engine::open` on the corpus with no index: load, analyze, index, commit.
    pub build_s: f64,
    /// CPU time of all threads during `build_s`, and the throughput per CPU-second: what one
    /// core would sustain.
    pub build_cpu_s: f64,
    pub index_mb_per_cpu_s: f64,
    /// The part of `build_s` the engine reports as writing the index (after loading the corpus
    /// and splitting passages).
    pub index_write_s: f64,
    /// `Corpus::load` alone (read and parse the files), part of `build_s`.
    pub corpus_load_s: f64,
    pub index_size_mb: f64,
    pub text_mb: f64,
    pub articles: usize,
    /// Passages as the engine cut them: `passages` when its passage rules keep one paragraph of
    /// 60–120 words as one passage.
    pub engine_passages: usize,
    /// Peak resident memory from reopening the built index to the end of the queries: what a
    /// process serving this corpus holds.
    pub serve_rss_mb: f64,
    /// `Engine::open` of the existing index, part of `cold_start_ms`.
    pub reopen_ms: f64,
    /// `Engine::open` with a fresh index on the shipped corpus (`corpus/`), when there is one.
    pub shipped_index_ms: Option<f64>,
    pub shipped_passages: Option<usize>,
    pub queries: usize,
    /// Timed rounds: every query was timed this many times for each of raw and ask.
    pub rounds: usize,
    /// Questions the engine abstained on, and questions it refused (empty, no words, ...).
    pub abstained: usize,
    pub refused: usize,
    pub seed: u64,
    /// Cores available, and the 1-minute load average before and after the run: a load near or
    /// above `cores` means other work shared the CPU and the latencies are pessimistic.
    pub cores: usize,
    pub load_before: Option<f64>,
    pub load_after: Option<f64>,
    pub corpus_dir: String,
    pub queries_file: String,
    /// Whether the synthetic corpus of a previous run with the same size and seed was reused.
    pub corpus_reused: bool,
    pub generate_s: f64,
    /// The questions slowest to answer, slowest first.
    pub slowest: Vec<QueryLatency>,
    /// Every question, in query-set order: where a change helped or hurt.
    pub per_query: Vec<QueryLatency>,
    /// The hybrid engine's figures (absent without the model).
    #[serde(flatten)]
    pub hybrid: Option<crate::hybrid::HybridFigures>,
    /// Web import speed (absent with `--import-pages 0`).
    #[serde(flatten)]
    pub import: Option<crate::import::ImportFigures>,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self;
        writeln!(
            f,
            "nichiro-bench: {} passages in {} articles ({:.1} MB of text, seed {}), {} queries × {} rounds",
            r.passages, r.articles, r.text_mb, r.seed, r.queries, r.rounds
        )?;
        writeln!(
            f,
            "corpus: {}{}; the engine cut {} passages",
            r.corpus_dir,
            if r.corpus_reused { " (reused)" } else { "" },
            r.engine_passages
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<28}{:>10}{:>10}{:>10}{:>10}",
            "latency (µs)", "p50", "p99", "max", "mean"
        )?;
        writeln!(
            f,
            "{:<28}{:>10.1}{:>10.1}{:>10.1}{:>10.1}",
            "raw tantivy top-10", r.raw_p50_us, r.raw_p99_us, r.raw_max_us, r.raw_mean_us
        )?;
        writeln!(
            f,
            "{:<28}{:>10.1}{:>10.1}{:>10.1}{:>10.1}",
            "ask (k=3)", r.ask_p50_us, r.ask_p99_us, r.ask_max_us, r.ask_mean_us
        )?;
        writeln!(
            f,
            "{:<28}{:>10.2}{:>10.2}",
            "ask / raw", r.ratio_p50, r.ratio_p99
        )?;
        if let Some(h) = &r.hybrid {
            writeln!(
                f,
                "{:<28}{:>10.1}{:>10.1}   ({} passages; {} texts embedded on open)",
                "hybrid ask (k=3)",
                h.hybrid_ask_p50_us,
                h.hybrid_ask_p99_us,
                h.hybrid_passages,
                h.hybrid_embedded_on_open
            )?;
            writeln!(
                f,
                "{:<28}{:>10.1}             passages embedded: {:.1}/s",
                "embed question", h.embed_query_p50_us, h.embed_passages_per_s
            )?;
        }
        if let Some(i) = &r.import {
            writeln!(
                f,
                "{:<28}{:>10.1} pages/s   ({} pages from 127.0.0.1 in {:.2} s)",
                "web import", i.import_pages_per_s, i.import_pages, i.import_s
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "index build      {:.2} s: {:.1} MB/s, {:.0} passages/s (corpus load {:.2} s); index {:.1} MB",
            r.build_s, r.index_mb_per_s, r.passages_per_s, r.corpus_load_s, r.index_size_mb
        )?;
        writeln!(
            f,
            "                 {:.2} CPU-s: {:.1} MB per CPU-second; index writing {:.2} s",
            r.build_cpu_s, r.index_mb_per_cpu_s, r.index_write_s
        )?;
        writeln!(
            f,
            "cold start       {:.1} ms to the first answer (open {:.1} ms)",
            r.cold_start_ms, r.reopen_ms
        )?;
        if let (Some(ms), Some(passages)) = (r.shipped_index_ms, r.shipped_passages) {
            writeln!(
                f,
                "shipped corpus   indexed in {ms:.1} ms ({passages} passages)"
            )?;
        }
        writeln!(
            f,
            "memory           peak {:.1} MB; serving {:.1} MB",
            r.peak_rss_mb, r.serve_rss_mb
        )?;
        writeln!(
            f,
            "answers          {} abstained, {} refused",
            r.abstained, r.refused
        )?;
        if let (Some(before), Some(after)) = (r.load_before, r.load_after) {
            let busy = if before.max(after) >= r.cores as f64 * 0.5 {
                " (other work shared the CPU: latencies are pessimistic)"
            } else {
                ""
            };
            writeln!(
                f,
                "machine          {} cores, load {before:.2} before, {after:.2} after{busy}",
                r.cores
            )?;
        }
        if !r.slowest.is_empty() {
            writeln!(f)?;
            writeln!(f, "slowest questions (ask p50 / raw p50, µs):")?;
            for slow in &r.slowest {
                let mut query: String = slow.query.chars().take(70).collect();
                if query.len() < slow.query.len() {
                    query.push('…');
                }
                writeln!(
                    f,
                    "  {:>9.1} {:>9.1}  {query}",
                    slow.ask_p50_us, slow.raw_p50_us
                )?;
            }
        }
        Ok(())
    }
}
