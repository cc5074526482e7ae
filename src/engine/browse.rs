//! The engine's other views of the corpus: plain ranked search, the list of sources, and
//! timelines of a topic (or of everything), each entry with its key sentence.

use std::collections::HashSet;

use super::{Engine, MAX_SEARCH_HITS};
use crate::answer::{ArticleSummary, PassageHit, TimelineEntry};
use crate::corpus::Article;
use crate::error::QuestionError;

impl Engine {
    /// Ranked passages matching `query`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<PassageHit>, QuestionError> {
        let text = self.validate(query)?;
        let analyzed = self.analyze(text);
        Ok(self
            .retrieve(&analyzed, None, None, limit.min(MAX_SEARCH_HITS))?
            .into_iter()
            .enumerate()
            .map(|(position, (score, number))| {
                let passage = &self.store.passages[number];
                let article = &self.corpus.articles[passage.article as usize];
                PassageHit {
                    rank: position + 1,
                    article_id: article.id.clone(),
                    title: article.meta.title.clone(),
                    source: article.meta.source.clone(),
                    date: article.meta.date,
                    text: article.text[passage.range.clone()].to_string(),
                    score,
                }
            })
            .collect())
    }

    /// Every article, newest first; undated articles last.
    pub fn sources(&self) -> Vec<ArticleSummary> {
        let mut passages = vec![0; self.corpus.articles.len()];
        for passage in &self.store.passages {
            passages[passage.article as usize] += 1;
        }
        let mut summaries: Vec<ArticleSummary> = self
            .corpus
            .articles
            .iter()
            .zip(passages)
            .map(|(article, passages)| ArticleSummary {
                article_id: article.id.clone(),
                title: article.meta.title.clone(),
                source: article.meta.source.clone(),
                date: article.meta.date,
                url: article.meta.url.clone(),
                passages,
            })
            .collect();
        summaries.sort_by_key(|s| std::cmp::Reverse(s.date));
        summaries
    }

    /// The dated articles on `topic` (all dated articles without one), oldest first, each with
    /// the sentence that best says what it reports on the topic.
    pub fn timeline(&self, topic: Option<&str>) -> Result<Vec<TimelineEntry>, QuestionError> {
        let mut entries: Vec<TimelineEntry> = match topic.map(str::trim) {
            None | Some("") => {
                let mut leads = vec![None; self.corpus.articles.len()];
                for passage in &self.store.passages {
                    let lead = &mut leads[passage.article as usize];
                    if lead.is_none() {
                        *lead = self
                            .store
                            .sentences_of(passage)
                            .iter()
                            .find(|s| s.states_something())
                            .map(|s| s.range.clone());
                    }
                }
                self.corpus
                    .articles
                    .iter()
                    .zip(leads)
                    .filter_map(|(article, lead)| self.timeline_entry(article, lead?))
                    .collect()
            }
            Some(topic) => {
                let text = self.validate(topic)?;
                let analyzed = self.analyze(text);
                let mut seen = HashSet::new();
                self.candidates(&analyzed, None, None, 200)?
                    .into_iter()
                    .filter(|c| seen.insert(self.store.passages[c.passage].article))
                    .filter_map(|c| {
                        let article = self.article_of(c.passage);
                        self.timeline_entry(article, self.excerpt_range(&c.excerpt))
                    })
                    .collect()
            }
        };
        entries.sort_by_key(|e| e.date);
        Ok(entries)
    }

    fn timeline_entry(
        &self,
        article: &Article,
        range: std::ops::Range<usize>,
    ) -> Option<TimelineEntry> {
        Some(TimelineEntry {
            date: article.meta.date?,
            article_id: article.id.clone(),
            title: article.meta.title.clone(),
            source: article.meta.source.clone(),
            url: article.meta.url.clone(),
            key_sentence: article.text[range].to_string(),
        })
    }
}
