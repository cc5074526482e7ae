//! Vectors kept on disk beside the index, keyed by a blake3 hash of the text embedded, so a
//! restart or an unchanged corpus embeds nothing and a new article embeds only its own text.
//!
//! One file: a header naming the model and dimension, then (hash, vector) records. A file of
//! another model, of the wrong size or otherwise unreadable is ignored (and replaced), never
//! trusted: vectors that do not match their text would give wrong answers silently.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use super::EmbedError;

const MAGIC: &[u8; 16] = b"nichiro-vectors1";
/// Texts embedded between two progress lines (a large corpus takes minutes).
const PROGRESS_STEP: usize = 512;
type Key = [u8; 32];

/// Embeds texts, returning their vectors row after row.
pub type EmbedFn<'a> = &'a dyn Fn(&[&str]) -> Result<Vec<f32>, EmbedError>;

/// Which model made the vectors, and how to make more.
pub struct VectorSource<'a> {
    /// Names the model: vectors of another model are never reused.
    pub model: &'a str,
    pub dim: usize,
    pub embed: EmbedFn<'a>,
}

/// The vectors of `texts`, row after row, taken from the cache file at `path` where it has them
/// and embedded otherwise; the file is rewritten to hold exactly these texts' vectors when that
/// changes it. Returns the vectors and how many texts had to be embedded.
pub fn vectors_for(
    path: &Path,
    source: &VectorSource<'_>,
    texts: &[&str],
) -> Result<(Vec<f32>, usize), EmbedError> {
    let dim = source.dim;
    let cached = read(path, source.model, dim).unwrap_or_default();
    let keys: Vec<Key> = texts
        .iter()
        .map(|t| *blake3::hash(t.as_bytes()).as_bytes())
        .collect();
    let mut missing: Vec<&str> = Vec::new();
    let mut seen = HashMap::new();
    for (key, text) in keys.iter().zip(texts) {
        if !cached.contains_key(key) && seen.insert(*key, ()).is_none() {
            missing.push(text);
        }
    }
    let mut fresh = Vec::with_capacity(missing.len() * dim);
    for (done, chunk) in missing.chunks(PROGRESS_STEP).enumerate() {
        fresh.extend((source.embed)(chunk)?);
        if missing.len() > PROGRESS_STEP {
            let embedded = (done * PROGRESS_STEP + chunk.len()).min(missing.len());
            tracing::info!("embedded {embedded} of {} texts", missing.len());
        }
    }
    if fresh.len() != missing.len() * dim {
        return Err(EmbedError::Failed);
    }
    let mut fresh_of: HashMap<Key, &[f32]> = HashMap::new();
    for (text, vector) in missing.iter().zip(fresh.chunks_exact(dim.max(1))) {
        fresh_of.insert(*blake3::hash(text.as_bytes()).as_bytes(), vector);
    }
    let mut out = Vec::with_capacity(texts.len() * dim);
    for key in &keys {
        match cached.get(key) {
            Some(vector) => out.extend_from_slice(vector),
            None => out.extend_from_slice(fresh_of[key]),
        }
    }
    let distinct: HashMap<&Key, ()> = keys.iter().map(|k| (k, ())).collect();
    if !missing.is_empty() || cached.len() != distinct.len() {
        if let Err(err) = write(path, source.model, dim, &keys, &out) {
            tracing::warn!(file = %path.display(), %err, "could not save the vector cache");
        }
    }
    Ok((out, missing.len()))
}

/// The cached vectors, or `None` when the file is absent or not a cache of this model.
fn read(path: &Path, model: &str, dim: usize) -> Option<HashMap<Key, Vec<f32>>> {
    let bytes = fs::read(path).ok()?;
    let header = header(model, dim);
    let body = bytes.strip_prefix(header.as_slice())?;
    let record = 32 + 4 * dim;
    if dim == 0 || body.len() % record != 0 {
        tracing::warn!(file = %path.display(), "vector cache is damaged; re-embedding");
        return None;
    }
    Some(
        body.chunks_exact(record)
            .map(|r| {
                let key: Key = r[..32].try_into().expect("32 bytes");
                let vector = r[32..]
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                    .collect();
                (key, vector)
            })
            .collect(),
    )
}

fn header(model: &str, dim: usize) -> Vec<u8> {
    let mut header = MAGIC.to_vec();
    header.extend((model.len() as u32).to_le_bytes());
    header.extend(model.as_bytes());
    header.extend((dim as u32).to_le_bytes());
    header
}

/// Writes beside the target and renames, so a crash never leaves a half file that looks whole.
fn write(path: &Path, model: &str, dim: usize, keys: &[Key], rows: &[f32]) -> std::io::Result<()> {
    if !is_ours_or_absent(path) {
        return Err(std::io::Error::other(
            "a file that is not a nichiro vector cache is in the way; leaving it alone",
        ));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let staging = path.with_file_name(name);
    let mut out = std::io::BufWriter::new(fs::File::create(&staging)?);
    out.write_all(&header(model, dim))?;
    let mut written = HashMap::new();
    for (key, vector) in keys.iter().zip(rows.chunks_exact(dim)) {
        if written.insert(key, ()).is_none() {
            out.write_all(key)?;
            for x in vector {
                out.write_all(&x.to_le_bytes())?;
            }
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&staging, path)
}

/// Whether `path` is absent or starts like a file this module wrote: only then may it be replaced.
fn is_ours_or_absent(path: &Path) -> bool {
    use std::io::Read;
    match fs::File::open(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(mut file) => {
            let mut magic = [0u8; MAGIC.len()];
            file.read_exact(&mut magic).is_ok() && &magic == MAGIC
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A stand-in model: the vector of a text is its length and its first byte.
    fn fake(text: &str) -> [f32; 2] {
        [text.len() as f32, f32::from(text.as_bytes()[0])]
    }

    fn run(path: &Path, texts: &[&str], calls: &Cell<usize>) -> (Vec<f32>, usize) {
        let embed = |batch: &[&str]| {
            calls.set(calls.get() + batch.len());
            Ok(batch.iter().flat_map(|t| fake(t)).collect())
        };
        let source = VectorSource {
            model: "fake",
            dim: 2,
            embed: &embed,
        };
        vectors_for(path, &source, texts).unwrap()
    }

    #[test]
    fn a_restart_embeds_nothing_and_a_new_text_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.vectors");
        let calls = Cell::new(0);
        let (vectors, embedded) = run(&path, &["alpha", "beta", "alpha"], &calls);
        assert_eq!((embedded, calls.get()), (2, 2));
        assert_eq!(vectors, [5.0, 97.0, 4.0, 98.0, 5.0, 97.0]);

        let (again, embedded) = run(&path, &["alpha", "beta", "alpha"], &calls);
        assert_eq!((embedded, calls.get()), (0, 2));
        assert_eq!(again, vectors);

        let (_, embedded) = run(&path, &["alpha", "beta", "gamma!"], &calls);
        assert_eq!((embedded, calls.get()), (1, 3));
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.vectors");
        let calls = Cell::new(0);
        run(&path, &["alpha"], &calls);
        let mut bytes = fs::read(&path).unwrap();
        bytes.pop();
        fs::write(&path, &bytes).unwrap();
        let (vectors, embedded) = run(&path, &["alpha"], &calls);
        assert_eq!((embedded, vectors), (1, vec![5.0, 97.0]));

        // Someone else's file at that name is left alone, and answers still come.
        fs::write(&path, b"precious notes").unwrap();
        let (_, embedded) = run(&path, &["alpha"], &calls);
        assert_eq!(embedded, 1);
        assert_eq!(fs::read(&path).unwrap(), b"precious notes");
    }
}
