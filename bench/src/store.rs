//! The bench's work directory: synthetic corpora kept between runs (generating 100,000 passages
//! takes seconds; a stamp written last says a corpus is complete) and indexes removed before each
//! build, since the build is one of the figures.

use std::fs;
use std::path::Path;

use super::synth::{self, SynthStats};
use anyhow::{Context, Result};

/// The synthetic corpus in `dir`, generated unless a complete one of the same size, seed and
/// generator version is there. A stamp file beside the directory, written last, says it is
/// complete, so a run interrupted while writing is not mistaken for a finished corpus.
pub fn synthetic_corpus(dir: &Path, passages: usize, seed: u64) -> Result<(SynthStats, bool)> {
    let stamp = dir.with_extension("json");
    let expected = format!("v{}", synth::GENERATOR_VERSION);
    if let Ok(text) = fs::read_to_string(&stamp) {
        if let Ok((version, stats)) = serde_json::from_str::<(String, SynthStats)>(&text) {
            if version == expected && stats.passages == passages && dir.is_dir() {
                return Ok((stats, true));
            }
        }
    }
    remove_dir(dir)?;
    let stats = synth::generate(dir, passages, seed)?;
    let text = serde_json::to_string(&(expected, stats)).expect("stats serialize");
    fs::write(&stamp, text).with_context(|| stamp.display().to_string())?;
    Ok((stats, false))
}

/// Removes `dir` and everything in it; nothing to do when it does not exist.
pub fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::Error::new(e).context(dir.display().to_string()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_corpus_is_reused_and_an_incomplete_one_regenerated() {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("corpus-50-seed1");
        let (first, reused) = synthetic_corpus(&dir, 50, 1).unwrap();
        assert!(!reused);
        let (again, reused) = synthetic_corpus(&dir, 50, 1).unwrap();
        assert!(reused);
        assert_eq!(first, again);

        // A run killed mid-write leaves files but no stamp.
        fs::remove_file(dir.with_extension("json")).unwrap();
        fs::write(dir.join("synth-999999.md"), "partial").unwrap();
        let (_, reused) = synthetic_corpus(&dir, 50, 1).unwrap();
        assert!(!reused);
        assert!(!dir.join("synth-999999.md").exists());
    }
}
