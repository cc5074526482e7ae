//! One benchmark run: measures the engine on a synthetic corpus of any size, in one run on one
//! index: index build throughput and size, raw tantivy search (the floor) against full `ask` on
//! the same questions, peak memory, and the time from opening an index to the first answer.
//!
//! The synthetic corpus is written in the real corpus format and indexed through the real
//! `Engine::open`, so what is measured is what ships. It is kept in a work directory
//! (`.nichiro/bench`, or `$NICHIRO_BENCH_DIR`) and reused by later runs of the same size and
//! seed; the index is always rebuilt, since its build is one of the figures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use nichiro::AskOptions;
use nichiro::Engine;
use nichiro::{corpus_files, Corpus};
use nichiro::{EngineConfig, SearchMode};

use crate::report::{BenchReport, QueryLatency};
use crate::{hybrid, import, queries, store, system, timing};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub passages: usize,
    pub queries: Option<PathBuf>,
    /// Pages of the web import figure (0 leaves it out).
    pub import_pages: usize,
}

/// How to measure: settings the command line does not expose, read from the environment.
#[derive(Debug, Clone)]
pub struct BenchSettings {
    /// Seed of the synthetic corpus (`$NICHIRO_BENCH_SEED`).
    pub seed: u64,
    /// Where corpora and indexes are kept between runs (`$NICHIRO_BENCH_DIR`).
    pub work_dir: PathBuf,
    /// Wall time for the timed rounds, both operations together.
    pub budget: Duration,
    /// The shipped corpus, timed too when it has articles.
    pub shipped_corpus: PathBuf,
    /// Passages of the corpus the hybrid engine is timed on (`$NICHIRO_BENCH_HYBRID_PASSAGES`;
    /// 0 leaves the hybrid figures out).
    pub hybrid_passages: usize,
}

/// The seed every published figure was measured with.
pub const DEFAULT_SEED: u64 = 20_240_304;
/// Top-k of the raw search: what `ask` retrieves before choosing sentences.
const RAW_LIMIT: usize = 10;
/// Untimed rounds first: page cache, allocator and branch predictors settle.
const WARMUP_ROUNDS: usize = 2;
const MIN_ROUNDS: usize = 10;
const MAX_ROUNDS: usize = 300;
const SLOWEST_SHOWN: usize = 5;

impl Default for BenchSettings {
    fn default() -> Self {
        Self {
            seed: DEFAULT_SEED,
            work_dir: PathBuf::from(".nichiro/bench"),
            budget: Duration::from_secs(20),
            shipped_corpus: PathBuf::from("corpus"),
            hybrid_passages: hybrid::HYBRID_PASSAGES,
        }
    }
}

impl BenchSettings {
    /// The defaults, overridden by `NICHIRO_BENCH_SEED` and `NICHIRO_BENCH_DIR` when set.
    pub fn from_env() -> Result<BenchSettings> {
        let mut settings = BenchSettings::default();
        if let Ok(seed) = std::env::var("NICHIRO_BENCH_SEED") {
            settings.seed = seed
                .trim()
                .parse()
                .map_err(|_| anyhow!("NICHIRO_BENCH_SEED={seed:?} is not a number"))?;
        }
        if let Ok(n) = std::env::var("NICHIRO_BENCH_HYBRID_PASSAGES") {
            settings.hybrid_passages = n.trim().parse().map_err(|_| {
                anyhow!(format!(
                    "NICHIRO_BENCH_HYBRID_PASSAGES={n:?} is not a number"
                ))
            })?;
        }
        if let Some(dir) = std::env::var_os("NICHIRO_BENCH_DIR").filter(|d| !d.is_empty()) {
            settings.work_dir = dir.into();
        }
        Ok(settings)
    }
}

/// Builds a synthetic corpus and index and measures them.
pub fn run_with(options: &BenchOptions, settings: &BenchSettings) -> Result<BenchReport> {
    if options.passages == 0 {
        return Err(anyhow!("--passages must be at least 1"));
    }
    let questions = queries::load(options.queries.as_deref())?;
    let load_before = system::load_average();
    let name = format!("{}-seed{}", options.passages, settings.seed);
    let corpus_dir = settings.work_dir.join(format!("corpus-{name}"));
    let index_dir = settings.work_dir.join(format!("index-{name}"));

    let started = Instant::now();
    let (stats, corpus_reused) =
        store::synthetic_corpus(&corpus_dir, options.passages, settings.seed)?;
    let generate_s = started.elapsed().as_secs_f64();
    let config = EngineConfig {
        corpus_dir: corpus_dir.clone(),
        index_dir: index_dir.clone(),
        // The word-only figures stay comparable across commits; the hybrid ones come apart.
        mode: SearchMode::Words,
        ..EngineConfig::default()
    };

    // Parsing alone, to tell how much of the build is reading the files.
    let started = Instant::now();
    let _ = Corpus::load(&corpus_dir)?;
    let corpus_load_s = started.elapsed().as_secs_f64();

    store::remove_dir(&index_dir)?;
    let build = time_build(&config)?;
    let build_s = build.wall_s;
    let index_size = system::dir_size(&index_dir);
    let build_peak_kb = system::peak_rss_kb().unwrap_or(0);

    // From here on, what a process serving this corpus costs.
    system::reset_peak_rss();
    let served = serve(&config, &questions, settings.budget)?;
    let shipped = time_shipped_corpus(&settings.shipped_corpus, &settings.work_dir)?;
    let hybrid = if settings.hybrid_passages == 0 {
        None
    } else {
        hybrid::measure(
            &settings.work_dir,
            settings.hybrid_passages,
            settings.seed,
            &questions,
            settings.budget,
        )?
    };
    let import = match options.import_pages {
        0 => None,
        pages => Some(import::measure(pages, &settings.work_dir)?),
    };

    let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let (measured, serve_kb) = (served.measured, served.peak_kb);
    let (raw, ask) = (measured.raw, measured.ask);
    Ok(BenchReport {
        passages: stats.passages,
        ask_p50_us: ask.p50_us,
        ask_p99_us: ask.p99_us,
        raw_p50_us: raw.p50_us,
        raw_p99_us: raw.p99_us,
        index_mb_per_s: round(mb(stats.text_bytes) / build_s, 2),
        peak_rss_mb: system::kb_to_mb(build_peak_kb.max(serve_kb)),
        cold_start_ms: round(served.cold_start_ms, 2),
        ask_max_us: ask.max_us,
        ask_mean_us: ask.mean_us,
        raw_max_us: raw.max_us,
        raw_mean_us: raw.mean_us,
        ratio_p50: round(ask.p50_us / raw.p50_us.max(0.1), 2),
        ratio_p99: round(ask.p99_us / raw.p99_us.max(0.1), 2),
        passages_per_s: round(stats.passages as f64 / build_s, 0),
        build_s: round(build_s, 3),
        build_cpu_s: round(build.cpu_s, 3),
        index_mb_per_cpu_s: round(mb(stats.text_bytes) / build.cpu_s.max(1e-3), 2),
        index_write_s: round(build.index_write_s, 3),
        corpus_load_s: round(corpus_load_s, 3),
        index_size_mb: round(mb(index_size), 2),
        text_mb: round(mb(stats.text_bytes), 2),
        articles: stats.articles,
        engine_passages: served.engine_passages,
        serve_rss_mb: system::kb_to_mb(serve_kb),
        reopen_ms: round(served.reopen_ms, 2),
        shipped_index_ms: shipped.map(|(ms, _)| round(ms, 2)),
        shipped_passages: shipped.map(|(_, passages)| passages),
        queries: questions.len(),
        rounds: measured.rounds,
        abstained: measured.abstained,
        refused: measured.refused,
        seed: settings.seed,
        cores: system::cores(),
        load_before,
        load_after: system::load_average(),
        corpus_dir: corpus_dir.display().to_string(),
        queries_file: options.queries.as_ref().map_or_else(
            || queries::BUILTIN_PATH.to_string(),
            |p| p.display().to_string(),
        ),
        corpus_reused,
        generate_s: if corpus_reused {
            0.0
        } else {
            round(generate_s, 2)
        },
        slowest: measured.slowest,
        per_query: measured.per_query,
        hybrid,
        import,
    })
}

/// What building the index from nothing cost.
struct Build {
    /// `Engine::open`, wall time.
    wall_s: f64,
    /// CPU time of the whole process (all threads) during the open.
    cpu_s: f64,
    /// The part the engine reports as writing the index.
    index_write_s: f64,
}

/// Times `Engine::open` on `config` (the engine is dropped untimed).
fn time_build(config: &EngineConfig) -> Result<Build> {
    let cpu_before = system::cpu_seconds();
    let started = Instant::now();
    let engine = Engine::open(config)?;
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = match (cpu_before, system::cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => wall_s,
    };
    let index_write_s = engine.index_build_time().map_or(0.0, |d| d.as_secs_f64());
    Ok(Build {
        wall_s,
        cpu_s,
        index_write_s,
    })
}

/// What serving an existing index costs: cold start, latencies, and peak memory.
struct Served {
    /// Passages as the engine cut them (one per synthetic paragraph, unless its rules differ).
    engine_passages: usize,
    reopen_ms: f64,
    cold_start_ms: f64,
    measured: Measured,
    peak_kb: u64,
}

/// Opens the built index as a fresh process would, answers the first question, then measures.
fn serve(config: &EngineConfig, questions: &[String], budget: Duration) -> Result<Served> {
    let started = Instant::now();
    let engine = Engine::open(config)?;
    let reopen_ms = started.elapsed().as_secs_f64() * 1e3;
    let _ = engine.ask(&questions[0], &AskOptions::default());
    let cold_start_ms = started.elapsed().as_secs_f64() * 1e3;
    let raw = RawSearch::open(&config.index_dir)?;
    let measured = measure(&engine, &raw, questions, budget);
    let (_, engine_passages) = engine.size();
    Ok(Served {
        engine_passages,
        reopen_ms,
        cold_start_ms,
        measured,
        peak_kb: system::peak_rss_kb().unwrap_or(0),
    })
}

/// Latency percentiles of raw search and ask, and what the answers were.
struct Measured {
    raw: timing::Summary,
    ask: timing::Summary,
    rounds: usize,
    abstained: usize,
    refused: usize,
    slowest: Vec<QueryLatency>,
    per_query: Vec<QueryLatency>,
}

fn measure(engine: &Engine, raw: &RawSearch, questions: &[String], budget: Duration) -> Measured {
    let options = AskOptions::default();
    let (mut abstained, mut refused) = (0, 0);
    for question in questions {
        match engine.ask(question, &options) {
            Ok(answer) if answer.abstained() => abstained += 1,
            Ok(_) => {}
            Err(_) => refused += 1,
        }
    }
    let mut raw = |q: &str| raw.search(q, RAW_LIMIT);
    let mut ask = |q: &str| engine.ask(q, &options).map_or(0, |a| a.citations.len());
    let started = Instant::now();
    timing::sample(questions, WARMUP_ROUNDS, &mut [&mut raw, &mut ask]);
    let one_round = started.elapsed() / WARMUP_ROUNDS as u32;
    let rounds = timing::rounds_within(budget, one_round, MIN_ROUNDS, MAX_ROUNDS);
    let samples = timing::sample(questions, rounds, &mut [&mut raw, &mut ask]);
    let (raw_samples, ask_samples) = (&samples[0], &samples[1]);

    let mut slowest: Vec<QueryLatency> = questions
        .iter()
        .zip(
            ask_samples
                .medians_us()
                .into_iter()
                .zip(raw_samples.medians_us()),
        )
        .map(|(query, (ask_p50_us, raw_p50_us))| QueryLatency {
            query: query.clone(),
            ask_p50_us,
            raw_p50_us,
        })
        .collect();
    let per_query = slowest.clone();
    slowest.sort_by(|a, b| b.ask_p50_us.total_cmp(&a.ask_p50_us));
    slowest.truncate(SLOWEST_SHOWN);
    Measured {
        raw: raw_samples.summary(),
        ask: ask_samples.summary(),
        rounds,
        abstained,
        refused,
        slowest,
        per_query,
    }
}

/// Plain tantivy top-`limit` search of the question, through tantivy's own query parser, over
/// the passage text `ask` retrieves from, with the engine's analyzer: the floor `ask` is
/// compared with. Opened beside the engine, on the same index directory.
struct RawSearch {
    searcher: tantivy::Searcher,
    parser: tantivy::query::QueryParser,
}

impl RawSearch {
    fn open(index_dir: &Path) -> Result<RawSearch> {
        let index = tantivy::Index::open_in_dir(index_dir)
            .with_context(|| format!("raw search: {}", index_dir.display()))?;
        index
            .tokenizers()
            .register(nichiro::ANALYZER_NAME, nichiro::text_analyzer());
        let text = index.schema().get_field("text")?;
        let parser = tantivy::query::QueryParser::for_index(&index, vec![text]);
        let searcher = index.reader()?.searcher();
        Ok(RawSearch { searcher, parser })
    }

    /// The number of hits.
    fn search(&self, query: &str, limit: usize) -> usize {
        let (query, _) = self.parser.parse_query_lenient(query);
        let top = tantivy::collector::TopDocs::with_limit(limit).order_by_score();
        self.searcher
            .search(&query, &top)
            .map_or(0, |hits| hits.len())
    }
}

/// Indexes the shipped corpus from scratch, when it has articles: milliseconds and passages.
fn time_shipped_corpus(corpus: &Path, work_dir: &Path) -> Result<Option<(f64, usize)>> {
    if !corpus.is_dir() || corpus_files(corpus)?.is_empty() {
        return Ok(None);
    }
    let index_dir = work_dir.join("index-shipped");
    store::remove_dir(&index_dir)?;
    let config = EngineConfig {
        corpus_dir: corpus.to_path_buf(),
        index_dir,
        mode: SearchMode::Words,
        ..EngineConfig::default()
    };
    let started = Instant::now();
    let engine = Engine::open(&config)?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let (_, passages) = engine.size();
    Ok(Some((ms, passages)))
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_run_reports_every_figure_under_the_contract_keys() {
        let work = tempfile::tempdir().unwrap();
        let settings = BenchSettings {
            work_dir: work.path().to_path_buf(),
            budget: Duration::from_millis(1),
            shipped_corpus: work.path().join("no-shipped-corpus"),
            hybrid_passages: 0,
            ..BenchSettings::default()
        };
        let options = BenchOptions {
            passages: 300,
            queries: None,
            import_pages: 0,
        };
        let report = run_with(&options, &settings).unwrap();
        assert_eq!(report.passages, 300);
        assert_eq!(report.rounds, MIN_ROUNDS);
        assert!(report.ask_p50_us > 0.0 && report.ask_p99_us >= report.ask_p50_us);
        assert!(report.raw_p50_us > 0.0 && report.index_mb_per_s > 0.0);
        assert!(report.peak_rss_mb > 0.0 && report.cold_start_ms > 0.0);
        assert!(report.abstained >= 5, "the off-topic questions abstain");
        assert_eq!(report.shipped_index_ms, None);
        assert_eq!(report.per_query.len(), report.queries);

        let json = serde_json::to_value(&report).unwrap();
        for key in [
            "passages",
            "ask_p50_us",
            "ask_p99_us",
            "raw_p50_us",
            "raw_p99_us",
            "index_mb_per_s",
            "peak_rss_mb",
            "cold_start_ms",
        ] {
            assert!(json[key].is_number(), "{key} missing from {json}");
        }
        // A second run reuses the corpus and still rebuilds the index.
        let again = run_with(&options, &settings).unwrap();
        assert!(again.corpus_reused && again.build_s > 0.0);
    }

    #[test]
    fn zero_passages_is_refused() {
        let options = BenchOptions {
            passages: 0,
            queries: None,
            import_pages: 0,
        };
        let err = run_with(&options, &BenchSettings::default()).unwrap_err();
        assert!(err.to_string().contains("--passages"));
    }
}
