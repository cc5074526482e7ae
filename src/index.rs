//! The tantivy index over passages: schema, build, and opening with automatic rebuild.
//!
//! The index directory holds a fingerprint of the corpus it was built from. It is rebuilt when
//! the fingerprint differs (the corpus changed), when it cannot be opened or read (corrupt), or
//! when its document count disagrees with the passages in memory; so an answer never comes from
//! a stale index.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{doc, DateTime, DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use crate::corpus::Article;
use crate::date::PartialDate;
use crate::error::Error;
use crate::passages::PassageStore;
use crate::text::analyzer::{analyzer, ANALYZER_NAME};

/// Bump when the schema, the analyzer or the passage rules change, so old indexes are rebuilt.
const FORMAT_VERSION: &str = "nichiro-index-5";
const FINGERPRINT_FILE: &str = "nichiro-fingerprint";

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: Field,
    pub title: Field,
    pub article_id: Field,
    pub source: Field,
    pub passage: Field,
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
    let date = DateOptions::default().set_indexed().set_fast();
    let fields = Fields {
        text: builder.add_text_field("text", analyzed.clone()),
        title: builder.add_text_field("title", analyzed | STORED),
        article_id: builder.add_text_field("article_id", STRING | STORED),
        source: builder.add_text_field("source", STRING | STORED),
        passage: builder.add_u64_field("passage", FAST | STORED),
        date_start: builder.add_date_field("date_start", date.clone()),
        date_end: builder.add_date_field("date_end", date),
    };
    (builder.build(), fields)
}

/// An open index whose documents correspond one to one with the passages in memory.
pub struct PassageIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// For each segment, the passage number of each document.
    passage_of: Vec<Vec<u32>>,
    /// Whether this open had to (re)build the index, and how long that took.
    pub built_in: Option<std::time::Duration>,
}

impl PassageIndex {
    /// Opens the index in `dir` if it matches `fingerprint`, or builds it from the passages.
    pub fn open_or_build(
        dir: &Path,
        fingerprint: &str,
        articles: &[Article],
        store: &PassageStore,
    ) -> Result<PassageIndex, Error> {
        let stamp = format!("{FORMAT_VERSION}:{fingerprint}");
        if fs::read_to_string(dir.join(FINGERPRINT_FILE))
            .ok()
            .as_deref()
            == Some(stamp.as_str())
        {
            match Self::open(dir, store.passages.len()) {
                Ok(index) => return Ok(index),
                Err(reason) => tracing::warn!(
                    index = %dir.display(), %reason, "index unreadable; rebuilding"
                ),
            }
        } else if dir.exists() {
            tracing::info!(index = %dir.display(), "corpus changed; rebuilding the index");
        }
        Self::rebuild(dir, &stamp, articles, store)
    }

    fn open(dir: &Path, passages: usize) -> Result<PassageIndex, String> {
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        let (_, fields) = schema();
        if index.schema() != schema().0 {
            return Err("schema differs".into());
        }
        Self::ready(index, fields, passages, None).map_err(|e| e.to_string())
    }

    fn rebuild(
        dir: &Path,
        stamp: &str,
        articles: &[Article],
        store: &PassageStore,
    ) -> Result<PassageIndex, Error> {
        let started = Instant::now();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        // Build beside the target and swap, so a crash mid-build never leaves a half index
        // that looks complete.
        let staging = staging_dir(dir);
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&staging, schema)?;
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
                document.add_date(fields.date_start, start);
                document.add_date(fields.date_end, end);
            }
            writer.add_document(document)?;
            if total > progress_step && (number + 1) % progress_step == 0 {
                tracing::info!("indexed {} of {total} passages", number + 1);
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        fs::write(staging.join(FINGERPRINT_FILE), stamp).map_err(io(&staging))?;
        drop(index);
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::rename(&staging, dir).map_err(io(dir))?;
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
            index,
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

    /// Bytes the index takes on disk.
    pub fn size_on_disk(dir: &Path) -> u64 {
        fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

fn staging_dir(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".building-{}", std::process::id()));
    dir.with_file_name(name)
}

/// The first and last instant of the period a partial date stands for.
pub fn date_bounds(date: PartialDate) -> (DateTime, DateTime) {
    let seconds = |day: chrono::NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp()
    };
    (
        DateTime::from_timestamp_secs(seconds(date.first_day())),
        DateTime::from_timestamp_secs(seconds(date.last_day())),
    )
}
