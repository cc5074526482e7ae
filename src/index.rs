//! The tantivy index over passages: schema, build, and opening with automatic rebuild.
//!
//! The index directory holds a fingerprint of the corpus it was built from. It is rebuilt when
//! the fingerprint differs (the corpus changed), when a file fails its checksum or cannot be
//! read (damaged), or when its document count disagrees with the passages in memory; so an
//! answer never comes from a stale or damaged index. Builds happen under a lock beside the
//! index (`dir`), so concurrent processes build once and the others use the result.

mod dir;

use std::fs;
use std::path::Path;
use std::time::Instant;

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{doc, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, Term};

use crate::corpus::Article;
use crate::date::PartialDate;
use crate::error::Error;
use crate::passages::PassageStore;
use crate::text::analyzer::{analyzer, ANALYZER_NAME};

pub use dir::{check_location, LocationError};
use dir::{clear_leftovers, BuildLock, Staging, FINGERPRINT_FILE};

/// Bump when the schema, the analyzer or the passage rules change, so old indexes are rebuilt.
const FORMAT_VERSION: &str = "nichiro-index-6";

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: Field,
    pub title: Field,
    pub article_id: Field,
    pub source: Field,
    pub passage: Field,
    /// The first and last day of the article's date, as days of the common era: any year from
    /// 1 to 9999 fits, where tantivy's own date type overflows outside about 1678-2262.
    pub date_start: Field,
    pub date_end: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let day = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        text: builder.add_text_field("text", analyzed.clone()),
        title: builder.add_text_field("title", analyzed | STORED),
        article_id: builder.add_text_field("article_id", STRING | STORED),
        source: builder.add_text_field("source", STRING | STORED),
        passage: builder.add_u64_field("passage", FAST | STORED),
        date_start: builder.add_i64_field("date_start", day.clone()),
        date_end: builder.add_i64_field("date_end", day),
    };
    (builder.build(), fields)
}

/// An open index whose documents correspond one to one with the passages in memory.
pub struct PassageIndex {
    pub reader: IndexReader,
    pub fields: Fields,
    /// For each segment, the passage number of each document.
    passage_of: Vec<Vec<u32>>,
    /// Whether this open had to (re)build the index, and how long that took.
    pub built_in: Option<std::time::Duration>,
}

/// Whether to use a matching index or build anew regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    IfNeeded,
    Always,
}

impl PassageIndex {
    /// Opens the index in `dir` if it matches `fingerprint` and is undamaged, or builds it from
    /// the passages. Other processes wait while one builds, then use its index.
    pub fn open_or_build(
        dir: &Path,
        fingerprint: &str,
        articles: &[Article],
        store: &PassageStore,
        rebuild: Rebuild,
    ) -> Result<PassageIndex, Error> {
        let stamp = format!("{FORMAT_VERSION}:{fingerprint}");
        let lock = BuildLock::acquire(dir)?;
        clear_leftovers(dir, &lock)?;
        let current = fs::read_to_string(dir.join(FINGERPRINT_FILE)).ok();
        if rebuild == Rebuild::IfNeeded && current.as_deref() == Some(stamp.as_str()) {
            match Self::open(dir, store.passages.len()) {
                Ok(index) => return Ok(index),
                Err(reason) => tracing::warn!(
                    index = %dir.display(), %reason, "the index is damaged; rebuilding it from the corpus"
                ),
            }
        } else if current.is_some() && rebuild == Rebuild::IfNeeded {
            tracing::info!(index = %dir.display(), "corpus changed; rebuilding the index");
        }
        Self::rebuild(dir, &lock, &stamp, articles, store)
    }

    /// Opens an existing index, verifying every file's checksum first: a damaged file is found
    /// here rather than as a panic or a silent miss at search time.
    fn open(dir: &Path, passages: usize) -> Result<PassageIndex, String> {
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        if index.schema() != schema().0 {
            return Err("schema differs".into());
        }
        let damaged = index.validate_checksum().map_err(|e| e.to_string())?;
        if !damaged.is_empty() {
            let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
            names.sort();
            return Err(format!("checksum mismatch in {}", names.join(", ")));
        }
        let (_, fields) = schema();
        // tantivy asserts on some malformed data instead of returning an error.
        contain_panics(|| Self::ready(index, fields, passages, None))?.map_err(|e| e.to_string())
    }

    fn rebuild(
        dir: &Path,
        lock: &BuildLock,
        stamp: &str,
        articles: &[Article],
        store: &PassageStore,
    ) -> Result<PassageIndex, Error> {
        let started = Instant::now();
        // Build beside the target and swap, so a crash mid-build never leaves a half index
        // that looks complete; the staging directory is removed if anything fails.
        let staging = Staging::create(dir, lock)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(staging.path(), schema)?;
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut writer = index.writer_with_num_threads(threads, 64_000_000 * threads)?;
        let total = store.passages.len();
        let progress_step = (total / 10).max(10_000);
        for (number, passage) in store.passages.iter().enumerate() {
            let article = &articles[passage.article as usize];
            let mut document = doc!(
                fields.text => &article.text[passage.range.clone()],
                fields.title => article.meta.title.as_str(),
                fields.article_id => article.id.as_str(),
                fields.passage => number as u64,
            );
            if let Some(source) = &article.meta.source {
                document.add_text(fields.source, source);
            }
            if let Some(date) = article.meta.date {
                let (start, end) = date_bounds(date);
                document.add_i64(fields.date_start, start);
                document.add_i64(fields.date_end, end);
            }
            writer.add_document(document)?;
            if total > progress_step && (number + 1) % progress_step == 0 {
                tracing::info!("indexed {} of {total} passages", number + 1);
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        fs::write(staging.path().join(FINGERPRINT_FILE), stamp).map_err(|source| Error::Io {
            path: staging.path().to_path_buf(),
            source,
        })?;
        drop(index);
        staging.swap_in()?;
        let index = Index::open_in_dir(dir)?;
        Self::ready(index, fields, total, Some(started.elapsed()))
    }

    fn ready(
        index: Index,
        fields: Fields,
        passages: usize,
        built_in: Option<std::time::Duration>,
    ) -> Result<PassageIndex, Error> {
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut passage_of = Vec::with_capacity(searcher.segment_readers().len());
        let mut seen = 0;
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("passage")?;
            let mut numbers = Vec::with_capacity(segment.max_doc() as usize);
            for doc in 0..segment.max_doc() {
                let number = column.first(doc).unwrap_or(u64::MAX);
                if number as usize >= passages {
                    return Err(Error::Index(tantivy::TantivyError::InternalError(
                        "index refers to a passage that does not exist".into(),
                    )));
                }
                numbers.push(number as u32);
            }
            seen += numbers.len();
            passage_of.push(numbers);
        }
        if seen != passages {
            return Err(Error::Index(tantivy::TantivyError::InternalError(format!(
                "index holds {seen} passages, corpus has {passages}"
            ))));
        }
        Ok(PassageIndex {
            reader,
            fields,
            passage_of,
            built_in,
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The passage number of a search hit.
    pub fn passage(&self, address: DocAddress) -> usize {
        self.passage_of[address.segment_ord as usize][address.doc_id as usize] as usize
    }
}

/// Runs `f`, turning a panic into an error message. The panic is logged at debug level only: a
/// damaged index is reported once, as an error, by the caller.
pub(crate) fn contain_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    thread_local!(static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(|c| c.get()) {
                tracing::debug!(%info, "contained panic");
            } else {
                previous(info);
            }
        }));
    });
    CONTAINED.with(|c| c.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic inside the index".to_string())
    })
}

/// The first and last day of the period a partial date stands for, as days of the common era.
pub fn date_bounds(date: PartialDate) -> (i64, i64) {
    use chrono::Datelike;
    (
        i64::from(date.first_day().num_days_from_ce()),
        i64::from(date.last_day().num_days_from_ce()),
    )
}

/// The term that compares a date field with a day, for range queries.
pub fn day_term(field: Field, day: i64) -> Term {
    Term::from_field_i64(field, day)
}
