//! Opening an engine: the corpus, its passages, the index (built or repaired when needed), and
//! the passage vectors when the hybrid engine runs; and the file stamps that tell a later poll
//! whether the corpus changed.

use std::path::Path;

use super::{Engine, FileStamp};
use crate::config::{EngineConfig, SearchMode};
use crate::corpus::{corpus_files, Article, Corpus};
use crate::embed::{model_path, Embedder};
use crate::error::Error;
use crate::index::{check_location, PassageIndex, Rebuild};
use crate::passages::PassageStore;
use crate::query::{AliasTable, QuestionAnalyzer};
use crate::semantic::{cache_path, Semantic};
use crate::text::analyzer;

impl Engine {
    pub(super) fn open_with(config: &EngineConfig, rebuild: Rebuild) -> Result<Engine, Error> {
        check_location(&config.index_dir, &config.corpus_dir)?;
        let file_stamps = file_stamps(&config.corpus_dir)?;
        let corpus = Corpus::load(&config.corpus_dir)?;
        let aliases = AliasTable::load(&config.aliases)?;
        let store = PassageStore::build(&corpus.articles);
        let index = PassageIndex::open_or_build(
            &config.index_dir,
            &corpus.fingerprint,
            &corpus.articles,
            &store,
            rebuild,
        )?;
        let semantic = match config.mode {
            SearchMode::Words => None,
            SearchMode::Hybrid => {
                load_semantic(config, &corpus.articles, &store, &config.index_dir)
            }
        };
        Ok(Engine {
            semantic,
            corpus,
            store,
            index,
            questions: QuestionAnalyzer::new(aliases),
            analyzer: analyzer::analyzer(),
            max_question_chars: config.max_question_chars,
            corpus_dir: config.corpus_dir.clone(),
            file_stamps,
            damaged: std::sync::atomic::AtomicBool::new(false),
        })
    }
}

pub(super) fn file_stamps(dir: &Path) -> Result<Vec<FileStamp>, Error> {
    Ok(corpus_files(dir)?
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (path, size, modified)
        })
        .collect())
}

/// The vectors of the corpus, or `None` (with one warning) when the model cannot be had: the
/// word-only engine then answers.
fn load_semantic(
    config: &EngineConfig,
    articles: &[Article],
    store: &PassageStore,
    index_dir: &Path,
) -> Option<Semantic> {
    let fallback = "answering by words only";
    let Some(path) = model_path(config.model.as_deref()) else {
        tracing::warn!("no embedding model in this build; {fallback}");
        return None;
    };
    let embedder = match Embedder::load(&path) {
        Ok(embedder) => embedder,
        Err(err) => {
            tracing::warn!("{err}; {fallback}");
            return None;
        }
    };
    let started = std::time::Instant::now();
    match Semantic::build(embedder, articles, store, &cache_path(index_dir)) {
        Ok(semantic) => {
            if semantic.embedded > 0 {
                tracing::info!(
                    texts = semantic.embedded,
                    seconds = started.elapsed().as_secs_f64(),
                    "embedded new passages and sentences"
                );
            }
            Some(semantic)
        }
        Err(err) => {
            tracing::warn!("{err}; {fallback}");
            None
        }
    }
}
