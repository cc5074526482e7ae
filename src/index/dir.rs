//! The index directory on disk: where it may live, proving it is ours before anything in it is
//! removed, the lock that lets one process build while the others wait, and the staged swap.
//!
//! nichiro never removes a directory it cannot prove it wrote: an index directory carries the
//! fingerprint file, a staging directory the staging marker, and even then only files of the
//! kinds tantivy and nichiro write are removed, so a stray file of someone else's survives.

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Written into every finished index: the format version and the corpus fingerprint.
pub const FINGERPRINT_FILE: &str = "nichiro-fingerprint";
/// Written first into every staging directory, so a crashed build's leftovers can be proven ours.
const STAGING_MARKER: &str = "nichiro-staging";
/// Sibling names: `<index>.building-<pid>` while building, `<index>.retired-<pid>` while swapping.
const BUILDING: &str = ".building-";
const RETIRED: &str = ".retired-";

/// Why a path cannot be used as the index directory. The CLI treats it as unusable input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error("{path} is not a nichiro index (no {FINGERPRINT_FILE} file) and is not empty; nichiro will not touch it: choose another --index directory")]
    NotOurs { path: PathBuf },
    #[error("{path} cannot be the index directory: it is {what}")]
    Reserved { path: PathBuf, what: &'static str },
    #[error("{path} cannot be the index directory: it is not a directory")]
    NotADirectory { path: PathBuf },
}

/// Refuses index locations that would put other data at risk: the corpus, the working
/// directory or a directory above either, an existing file, or a non-empty directory that is
/// not a nichiro index.
pub fn check_location(index: &Path, corpus: &Path) -> Result<(), Error> {
    let resolved = resolve(index);
    let reserved = [
        (
            resolve(corpus),
            "the corpus directory or a directory above it",
        ),
        (
            std::env::current_dir().map_or_else(|_| resolve(Path::new(".")), |d| resolve(&d)),
            "the working directory or a directory above it",
        ),
    ];
    for (protected, what) in reserved {
        if protected.starts_with(&resolved) {
            return Err(LocationError::Reserved {
                path: index.to_path_buf(),
                what,
            }
            .into());
        }
    }
    match fs::symlink_metadata(index) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(LocationError::NotADirectory {
            path: index.to_path_buf(),
        }
        .into()),
        Ok(_) if is_ours(index, FINGERPRINT_FILE) || is_empty(index) => Ok(()),
        Ok(_) => Err(LocationError::NotOurs {
            path: index.to_path_buf(),
        }
        .into()),
    }
}

/// An absolute, lexically clean form of `path`, with symlinks of its existing part resolved,
/// so `./corpus/..` and a symlink to the project compare equal to the project.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Canonicalize the longest existing prefix; keep the rest as written.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A directory is ours when it holds `marker` and nothing but files of the kinds nichiro and
/// tantivy write.
fn is_ours(dir: &Path, marker: &str) -> bool {
    if !dir.join(marker).is_file() {
        return false;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        entry.is_ok_and(|e| {
            e.file_type().is_ok_and(|t| t.is_file()) && is_index_file_name(&e.file_name())
        })
    })
}

fn is_index_file_name(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    const EXTENSIONS: &[&str] = &[
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "json",
        "lock",
    ];
    name == FINGERPRINT_FILE
        || name == STAGING_MARKER
        || name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy-")
        // tantivy's atomic writes go through temporary files named by the tempfile crate.
        || name.starts_with(".tmp")
        || name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// Removes a directory proven ours: its files one by one, then the directory. Anything else
/// found in it stays, and so does the directory.
fn remove_ours(dir: &Path, marker: &str) -> Result<(), Error> {
    if !is_ours(dir, marker) {
        tracing::warn!(dir = %dir.display(), "not removing a directory nichiro cannot prove it wrote");
        return Ok(());
    }
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
    }
    fs::remove_dir(dir).map_err(io)
}

fn sibling(dir: &Path, infix: &str) -> PathBuf {
    let mut name: OsString = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!("{infix}{}", std::process::id()));
    dir.with_file_name(name)
}

/// Held while a process checks, builds or swaps the index; other processes wait for it. The
/// lock file sits beside the index (`<index>.lock`) and is never removed: removing it would let
/// two processes lock two different files.
pub struct BuildLock {
    _file: File,
}

impl BuildLock {
    pub fn acquire(dir: &Path) -> Result<BuildLock, Error> {
        let mut name = dir.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = dir.with_file_name(name);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        file.lock().map_err(io)?;
        Ok(BuildLock { _file: file })
    }
}

/// A staging directory beside the index, removed on drop unless it was swapped in.
pub struct Staging {
    path: PathBuf,
    target: PathBuf,
    swapped: bool,
}

impl Staging {
    /// Creates `<index>.building-<pid>`. Call with the [`BuildLock`] held.
    pub fn create(target: &Path, _lock: &BuildLock) -> Result<Staging, Error> {
        let path = sibling(target, BUILDING);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&path).map_err(io)?;
        fs::write(path.join(STAGING_MARKER), b"").map_err(io)?;
        Ok(Staging {
            path,
            target: target.to_path_buf(),
            swapped: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the index with the staged one: the old index is moved aside, the new one
    /// renamed into place, and only then is the old one removed, so a crash at any point
    /// leaves either index complete under its own name.
    pub fn swap_in(mut self) -> Result<(), Error> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        fs::remove_file(self.path.join(STAGING_MARKER)).map_err(io(&self.path))?;
        let retired = sibling(&self.target, RETIRED);
        let had_old = self.target.exists() && !is_empty(&self.target);
        if !had_old && self.target.exists() {
            // `remove_dir` only ever removes an empty directory.
            fs::remove_dir(&self.target).map_err(io(&self.target))?;
        }
        if had_old && !is_ours(&self.target, FINGERPRINT_FILE) {
            return Err(LocationError::NotOurs {
                path: self.target.clone(),
            }
            .into());
        }
        if had_old {
            fs::rename(&self.target, &retired).map_err(io(&self.target))?;
        }
        fs::rename(&self.path, &self.target).map_err(io(&self.target))?;
        self.swapped = true;
        if had_old {
            remove_ours(&retired, FINGERPRINT_FILE)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            if let Err(err) = remove_ours(&self.path, STAGING_MARKER) {
                tracing::warn!(%err, "could not remove the staging directory");
            }
        }
    }
}

/// Removes staging and retired directories that a killed build left beside `target`; only
/// those proven ours. The lock guarantees no other process is using one.
pub fn clear_leftovers(target: &Path, _lock: &BuildLock) -> Result<(), Error> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&*name)) else {
            continue;
        };
        if rest.starts_with(BUILDING) {
            remove_ours(&entry.path(), STAGING_MARKER)?;
        } else if rest.starts_with(RETIRED) {
            remove_ours(&entry.path(), FINGERPRINT_FILE)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_directory_that_is_not_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        fs::create_dir(&corpus).unwrap();
        let other = dir.path().join("docs");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("README"), "mine").unwrap();
        let err = check_location(&other, &corpus).unwrap_err();
        assert!(err.to_string().contains("not a nichiro index"), "{err}");
        assert!(other.join("README").exists());
    }

    #[test]
    fn refuses_the_corpus_and_its_parents() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        fs::create_dir(&corpus).unwrap();
        for index in [corpus.clone(), dir.path().to_path_buf(), corpus.join("..")] {
            let err = check_location(&index, &corpus).unwrap_err();
            assert!(err.to_string().contains("corpus"), "{err}");
        }
        assert!(check_location(&dir.path().join("index"), &corpus).is_ok());
        assert!(check_location(&corpus.join("index"), &corpus).is_ok());
    }

    #[test]
    fn accepts_an_empty_directory_or_an_index_and_refuses_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(check_location(&empty, &corpus).is_ok());
        let index = dir.path().join("index");
        fs::create_dir(&index).unwrap();
        fs::write(index.join(FINGERPRINT_FILE), "x").unwrap();
        fs::write(index.join("meta.json"), "{}").unwrap();
        assert!(check_location(&index, &corpus).is_ok());
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(check_location(&file, &corpus).is_err());
    }

    #[test]
    fn an_index_holding_a_foreign_file_is_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        fs::create_dir(&index).unwrap();
        fs::write(index.join(FINGERPRINT_FILE), "x").unwrap();
        fs::write(index.join("thesis.docx"), "years of work").unwrap();
        remove_ours(&index, FINGERPRINT_FILE).unwrap();
        assert!(index.join("thesis.docx").exists());
    }

    #[test]
    fn leftovers_of_a_killed_build_are_cleared_and_foreign_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let dead = dir.path().join("index.building-99999");
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join(STAGING_MARKER), "").unwrap();
        fs::write(dead.join("abc.idx"), "").unwrap();
        let foreign = dir.path().join("index.building-notes");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "").unwrap();
        let lock = BuildLock::acquire(&index).unwrap();
        clear_leftovers(&index, &lock).unwrap();
        let staging = Staging::create(&index, &lock).unwrap();
        assert!(!dead.exists());
        assert!(foreign.join("notes.txt").exists());
        let path = staging.path().to_path_buf();
        drop(staging);
        assert!(!path.exists(), "an abandoned staging directory is removed");
    }
}
