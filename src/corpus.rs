//! The curated corpus: one Markdown file per article with a TOML front matter block.
//!
//! ```text
//! +++
//! title = "..."
//! date = "2024-03-04"        # or "2024-03", "2024", or absent
//! source = "TASS"
//! url = "https://..."
//! language = "en"
//! +++
//! Clean article text, one paragraph per block.
//! ```
//!
//! Loading never fails because of one bad file: it is skipped with a warning naming it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::error::Error;
use crate::text::normalize::nfc;

const FENCE: &str = "+++";

/// What the front matter says about an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Why the date is what it is, when a curator set it from evidence rather than the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// The raw file the article was imported from, for provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}

/// One article: its id (the file stem), its metadata and its clean text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub meta: ArticleMeta,
    pub text: String,
}

/// A file that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: PathBuf,
    pub reason: String,
}

/// Every article that loaded, in file-name order, and the files that did not.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub skipped: Vec<SkippedFile>,
    /// A hash of every corpus file's name and bytes, broken files included.
    pub fingerprint: String,
}

impl Article {
    /// An article known only by its id, title and text: undated, source unknown, English.
    pub fn new(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.to_string(),
            meta: ArticleMeta {
                title: title.to_string(),
                date: None,
                date_note: None,
                source: None,
                url: None,
                language: default_language(),
                imported_from: None,
            },
            text: text.to_string(),
        }
    }

    /// Parses a corpus file's content. `id` is the file stem.
    pub fn parse(id: &str, content: &str) -> Result<Article, String> {
        let content = content.strip_prefix('\u{feff}').unwrap_or(content);
        let rest = content
            .strip_prefix(FENCE)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
            .ok_or("missing opening +++ front matter line")?;
        let (front, body) = split_at_fence(rest).ok_or("missing closing +++ front matter line")?;
        let mut meta: ArticleMeta =
            toml::from_str(front).map_err(|e| format!("front matter: {}", e.message()))?;
        meta.title = nfc(&meta.title).into_owned();
        if meta.title.trim().is_empty() {
            return Err("front matter: title is empty".into());
        }
        // Normalized like questions are (NFC: canonically the same text), so both meet.
        let text = nfc(body.trim()).replace("\r\n", "\n");
        if text.is_empty() {
            return Err("article text is empty".into());
        }
        Ok(Article {
            id: id.to_string(),
            meta,
            text,
        })
    }

    /// The file content that `parse` reads back into this article.
    pub fn render(&self) -> String {
        let front = toml::to_string(&self.meta).expect("article metadata always serializes");
        format!("{FENCE}\n{front}{FENCE}\n\n{}\n", self.text.trim())
    }

    /// Paragraphs of the text with their byte offsets in `text`.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        let base = self.text.as_ptr() as usize;
        self.text
            .split('\n')
            .filter(|p| !p.trim().is_empty())
            .map(move |p| (p.as_ptr() as usize - base, p))
    }
}

fn split_at_fence(rest: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

impl Corpus {
    /// Loads every `*.md` file of `dir`. Unreadable or malformed files are skipped, each with
    /// one warning naming the file and the reason.
    pub fn load(dir: &Path) -> Result<Corpus, Error> {
        let mut corpus = Corpus::default();
        let mut hasher = blake3::Hasher::new();
        let mut ids = std::collections::HashSet::new();
        for path in corpus_files(dir)? {
            let id = match path.file_stem().and_then(|s| s.to_str()) {
                Some(id) if ids.insert(id.to_string()) => id.to_string(),
                Some(_) => {
                    corpus.skip(path, "another file has the same name (ids are file names)");
                    continue;
                }
                None => {
                    corpus.skip(path, "the file name is not valid UTF-8");
                    continue;
                }
            };
            let parsed = fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    hasher.update(id.as_bytes());
                    hasher.update(&(bytes.len() as u64).to_le_bytes());
                    hasher.update(&bytes);
                    let content = String::from_utf8(bytes).map_err(|_| "not valid UTF-8")?;
                    Article::parse(&id, &content)
                });
            match parsed {
                Ok(article) => corpus.articles.push(article),
                Err(reason) => corpus.skip(path, &reason),
            }
        }
        corpus.fingerprint = hasher.finalize().to_hex().to_string();
        Ok(corpus)
    }

    fn skip(&mut self, path: PathBuf, reason: &str) {
        tracing::warn!(file = %path.display(), %reason, "skipping corpus file");
        self.skipped.push(SkippedFile {
            path,
            reason: reason.to_string(),
        });
    }
}

/// The corpus files of `dir`: every entry named `*.md` (any case) that is not a directory,
/// sorted by name so every load sees the same order. A broken or looping symlink is listed, so
/// that loading it fails with a warning naming it rather than vanishing without a word.
pub fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) && !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        Article {
            id: "sample".into(),
            meta: ArticleMeta {
                title: "A \"quoted\" title".into(),
                date: Some("2024-03".parse().unwrap()),
                date_note: None,
                source: Some("TASS".into()),
                url: None,
                language: "en".into(),
                imported_from: None,
            },
            text: "First paragraph.\n\nSecond paragraph.".into(),
        }
    }

    #[test]
    fn render_then_parse_round_trips() {
        let article = sample();
        let parsed = Article::parse("sample", &article.render()).unwrap();
        assert_eq!(parsed, article);
    }

    #[test]
    fn parse_reports_what_is_wrong() {
        assert!(Article::parse("x", "no front matter")
            .unwrap_err()
            .contains("opening"));
        assert!(Article::parse("x", "+++\ntitle = \"t\"\n")
            .unwrap_err()
            .contains("closing"));
        assert!(
            Article::parse("x", "+++\ntitle = \"t\"\ndate = \"March\"\n+++\ntext")
                .unwrap_err()
                .contains("date")
        );
        assert!(Article::parse("x", "+++\ntitle = \"t\"\n+++\n  \n")
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn paragraphs_carry_offsets_into_the_text() {
        let article = sample();
        for (offset, paragraph) in article.paragraphs() {
            assert_eq!(&article.text[offset..offset + paragraph.len()], paragraph);
        }
        assert_eq!(article.paragraphs().count(), 2);
    }

    #[test]
    fn load_skips_broken_files_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("good.md"), sample().render()).unwrap();
        fs::write(dir.path().join("broken.md"), "+++\ntitle = \n+++\ntext").unwrap();
        fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.articles.len(), 1);
        assert_eq!(corpus.articles[0].id, "good");
        assert_eq!(corpus.skipped.len(), 1);
        assert!(corpus.skipped[0].path.ends_with("broken.md"));
    }

    #[test]
    fn odd_file_names_are_loaded_or_reported_never_dropped_silently() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("upper.MD"), sample().render()).unwrap();
        fs::write(dir.path().join("upper.md"), sample().render()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
            fs::write(dir.path().join(odd), sample().render()).unwrap();
            std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).unwrap();
        }
        let corpus = Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.articles.len(), 1, "{:?}", corpus.skipped);
        assert_eq!(corpus.articles[0].id, "upper");
        let reasons: Vec<&str> = corpus.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert!(
            reasons.iter().any(|r| r.contains("same name")),
            "{reasons:?}"
        );
        #[cfg(unix)]
        {
            assert!(reasons.iter().any(|r| r.contains("UTF-8")), "{reasons:?}");
            assert!(
                corpus.skipped.iter().any(|s| s.path.ends_with("loop.md")),
                "{reasons:?}"
            );
        }
        assert!(corpus.articles.iter().all(|a| !a.id.is_empty()));
    }

    #[test]
    fn article_text_is_normalized_like_questions() {
        let decomposed = "+++\ntitle = \"Nozdre\u{0308}v\"\n+++\nNozdre\u{0308}v arrived.";
        let article = Article::parse("x", decomposed).unwrap();
        assert_eq!(article.text, "Nozdr\u{eb}v arrived.");
        assert_eq!(article.meta.title, "Nozdr\u{eb}v");
    }
}
