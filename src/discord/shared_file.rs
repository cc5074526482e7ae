//! A small private file that bot processes sharing a data directory rewrite whole: the
//! feedback votes and the channel subscriptions.
//!
//! Every change happens under an exclusive lock on `<file>.lock` (never removed, so every
//! writer locks the same file) and is written to a temporary file renamed over the old one, so
//! two processes never lose each other's changes and a crash leaves the old file or the new
//! one, never half of one. The file and any directory made for it are readable by their owner
//! only (they hold user ids, questions, channels). A symbolic link is followed, not replaced.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use fs4::fs_std::FileExt;

/// Owner read/write only.
const FILE_MODE: u32 = 0o600;
/// Owner only, for directories created for the file.
const DIR_MODE: u32 = 0o700;

/// What could not be done to which path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| FileError {
        path: path.to_path_buf(),
        source,
    }
}

/// One shared file.
#[derive(Debug)]
pub struct SharedFile {
    path: PathBuf,
    /// Threads of this process take turns here before taking the file lock.
    lock: Mutex<()>,
}

impl SharedFile {
    pub fn new(path: impl Into<PathBuf>) -> SharedFile {
        SharedFile {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file to read and rewrite: the configured path, or the file it links to (renaming
    /// over a symbolic link would replace the link, and the writes would stop reaching its
    /// target).
    pub fn resolved(&self) -> Result<PathBuf, FileError> {
        match std::fs::symlink_metadata(&self.path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(&self.path).map_err(at(&self.path))
            }
            _ => Ok(self.path.clone()),
        }
    }

    /// Runs `change` on the resolved file with its directory made and both locks held.
    /// Blocking: call it off the async threads.
    pub fn locked<T, E: From<FileError>>(
        &self,
        change: impl FnOnce(&Path) -> Result<T, E>,
    ) -> Result<T, E> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let dir = parent(&self.path);
        DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)
            .map_err(at(dir))?;
        let file = self.resolved()?;
        let lock_path = sibling(&file, ".lock");
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .mode(FILE_MODE)
            .open(&lock_path)
            .map_err(at(&lock_path))?;
        // fs4 rather than std's `File::lock`, which is newer than the crate's MSRV.
        lock.lock_exclusive().map_err(at(&lock_path))?;
        let result = change(&file);
        // Closing the file releases the lock too; unlocking first just makes it prompt.
        let _ = FileExt::unlock(&lock);
        result
    }
}

/// `file`'s text, `None` when it does not exist yet.
pub fn read_if_any(file: &Path) -> Result<Option<String>, FileError> {
    match std::fs::read_to_string(file) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(at(file)(source)),
    }
}

/// Writes `bytes` to a new temporary file beside `file`, then renames it over `file`.
pub fn replace(file: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let temp = temp_path(file);
    let written = write_new(&temp, bytes).and_then(|()| std::fs::rename(&temp, file));
    if let Err(source) = written {
        // The temporary file is ours (created just now, with a name no one else uses).
        let _ = std::fs::remove_file(&temp);
        return Err(at(file)(source));
    }
    // Make the rename itself durable; a failure here loses nothing already written.
    if let Ok(dir) = File::open(parent(file)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to a file that must not exist yet (never follows or reuses someone else's
/// file), private, and flushes it to disk before it is renamed into place.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A temporary name beside `path` that no other writer uses: the process id and a counter.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    sibling(path, &format!(".tmp-{}-{n}", std::process::id()))
}
