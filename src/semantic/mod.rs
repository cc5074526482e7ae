//! Meaning beside the words: every passage and every sentence of the corpus embedded once
//! (vectors cached beside the index), so a question in any of the model's languages finds the
//! passages and the sentences closest in meaning, which [`fusion`] blends with the word ranking
//! and [`answerable`] weighs against the question's words before anything is cited.

pub mod answerable;
pub mod direction;
pub mod fusion;
pub mod kind;

use std::path::{Path, PathBuf};

use crate::corpus::Article;
use crate::embed::{cache, cosine, EmbedError, Embedder};
use crate::passages::PassageStore;

/// The vectors of one corpus and the model that made them.
pub struct Semantic {
    embedder: Embedder,
    dim: usize,
    passages: Vec<f32>,
    sentences: Vec<f32>,
    /// How many texts this load had to embed (0 when the cache had every vector).
    pub embedded: usize,
}

/// The vector cache of an index directory: a file beside it, so rebuilding the index (which
/// replaces its directory) keeps the vectors.
pub fn cache_path(index_dir: &Path) -> PathBuf {
    let mut name = index_dir.file_name().unwrap_or_default().to_os_string();
    name.push(".vectors");
    index_dir.with_file_name(name)
}

impl Semantic {
    /// Embeds what the cache at `cache` lacks of the corpus's passages and sentences.
    pub fn build(
        embedder: Embedder,
        articles: &[Article],
        store: &PassageStore,
        cache: &Path,
    ) -> Result<Semantic, EmbedError> {
        // A passage is embedded under its title: the title often names what the passage's
        // sentences only refer to ("he", "the ambassador").
        let mut texts: Vec<String> = store
            .passages
            .iter()
            .map(|p| {
                let article = &articles[p.article as usize];
                format!("{}. {}", article.meta.title, &article.text[p.range.clone()])
            })
            .collect();
        let mut sentence_texts = vec![String::new(); store.sentences.len()];
        for passage in &store.passages {
            let text = &articles[passage.article as usize].text;
            for (offset, sentence) in store.sentences_of(passage).iter().enumerate() {
                sentence_texts[passage.sentences.start as usize + offset] =
                    text[sentence.range.clone()].to_string();
            }
        }
        texts.extend(sentence_texts);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let dim = embedder.dim();
        let embed = |batch: &[&str]| embedder.embed_passages(batch);
        let source = cache::VectorSource {
            model: embedder.id(),
            dim,
            embed: &embed,
        };
        let (mut vectors, embedded) = cache::vectors_for(cache, &source, &refs)?;
        let sentences = vectors.split_off(store.passages.len() * dim);
        Ok(Semantic {
            embedder,
            dim,
            passages: vectors,
            sentences,
            embedded,
        })
    }

    pub fn embed_query(&self, question: &str) -> Result<Vec<f32>, EmbedError> {
        self.embedder.embed_query(question)
    }

    pub fn embedder(&self) -> &Embedder {
        &self.embedder
    }

    /// The cosine of the question with every passage, in passage order.
    pub fn passage_scores(&self, query: &[f32]) -> Vec<f32> {
        self.passages
            .chunks_exact(self.dim)
            .map(|p| cosine(query, p))
            .collect()
    }

    /// The cosine of the question with one sentence (by its index in the store).
    pub fn sentence_score(&self, query: &[f32], sentence: usize) -> f32 {
        cosine(
            query,
            &self.sentences[sentence * self.dim..(sentence + 1) * self.dim],
        )
    }
}
