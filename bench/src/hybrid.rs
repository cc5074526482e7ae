//! The hybrid engine's figures: `ask` with words and meaning on a synthetic corpus of
//! [`HYBRID_PASSAGES`] passages, the question embedding alone, and passage embedding throughput.
//!
//! Its vectors are cached beside its index in the work directory like any corpus's, so only the
//! first run pays for embedding the corpus; the throughput figure embeds a fixed sample afresh.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::{store, timing};
use anyhow::Result;
use nichiro::AskOptions;
use nichiro::Engine;
use nichiro::{EngineConfig, SearchMode};

/// Passages of the corpus the hybrid figures are measured on (the target size).
pub const HYBRID_PASSAGES: usize = 5_000;
/// Passages embedded afresh to measure throughput.
const THROUGHPUT_SAMPLE: usize = 48;

/// The hybrid figures; absent from the report when the model is not available.
#[derive(Debug, Clone, Serialize)]
pub struct HybridFigures {
    pub hybrid_passages: usize,
    pub hybrid_ask_p50_us: f64,
    pub hybrid_ask_p99_us: f64,
    pub embed_query_p50_us: f64,
    pub embed_passages_per_s: f64,
    /// Texts (passages and sentences) the timed open had to embed: 0 once the cache is warm.
    pub hybrid_embedded_on_open: usize,
}

/// Measures the hybrid engine on `passages` synthetic passages, or `None` without a model.
pub fn measure(
    work_dir: &Path,
    passages: usize,
    seed: u64,
    questions: &[String],
    budget: Duration,
) -> Result<Option<HybridFigures>> {
    let name = format!("{passages}-seed{seed}");
    let corpus_dir = work_dir.join(format!("corpus-{name}"));
    store::synthetic_corpus(&corpus_dir, passages, seed)?;
    let config = EngineConfig {
        corpus_dir,
        index_dir: work_dir.join(format!("index-hybrid-{name}")),
        mode: SearchMode::Hybrid,
        ..EngineConfig::default()
    };
    let engine = Engine::open(&config)?;
    let Some(embedder) = engine.embedder() else {
        return Ok(None);
    };
    let options = AskOptions::default();
    let mut ask = |q: &str| engine.ask(q, &options).map_or(0, |a| a.citations.len());
    let mut embed = |q: &str| embedder.embed_query(q).map_or(0, |v| v.len());
    let started = Instant::now();
    timing::sample(questions, 1, &mut [&mut ask, &mut embed]);
    let rounds = timing::rounds_within(budget, started.elapsed(), 3, 50);
    let samples = timing::sample(questions, rounds, &mut [&mut ask, &mut embed]);
    let (ask, embed) = (samples[0].summary(), samples[1].summary());

    let sample: Vec<String> = (0..THROUGHPUT_SAMPLE)
        .filter_map(|i| engine.search(questions.get(i % questions.len())?, 1).ok())
        .flatten()
        .enumerate()
        // A unique prefix per text, so no engine-side cache could serve a repeat.
        .map(|(i, hit)| format!("{i}. {}", hit.text))
        .collect();
    let texts: Vec<&str> = sample.iter().map(String::as_str).collect();
    let started = Instant::now();
    embedder.embed_passages(&texts)?;
    let per_s = texts.len() as f64 / started.elapsed().as_secs_f64().max(1e-9);
    Ok(Some(HybridFigures {
        hybrid_passages: passages,
        hybrid_ask_p50_us: ask.p50_us,
        hybrid_ask_p99_us: ask.p99_us,
        embed_query_p50_us: embed.p50_us,
        embed_passages_per_s: (per_s * 10.0).round() / 10.0,
        hybrid_embedded_on_open: engine.embedded_on_open(),
    }))
}
