//! Announcing new articles: which articles appeared since an earlier load of the corpus, which
//! of them are on a topic, and the verbatim text that best says what each reports on it (the
//! lead sentence when there is no topic).
//!
//! The Discord subscriptions post what this returns. Relevance is decided here, with the
//! engine's own matching (the topic analyzed like a question, each passage's best excerpt
//! chosen by the excerpt picker), so no adapter holds retrieval logic. Only the new articles'
//! own passages are scored: a new article is judged on its text, whatever else the corpus holds.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Engine;
use crate::answer::NewsItem;
use crate::error::QuestionError;
use crate::select::ExcerptPicker;

/// An article is on a topic when one excerpt of it covers at least this share of the topic's
/// weight: stricter than a timeline entry, because each match is posted to a channel, where a
/// loose match is noise for a whole team.
const TOPIC_MIN_COVERAGE: f32 = 0.5;

impl Engine {
    /// The ids of the articles loaded now that `earlier` did not have, in corpus order. An
    /// article whose file changed keeps its id and is not new.
    pub fn added_since(&self, earlier: &Engine) -> Vec<String> {
        let before: HashSet<&str> = earlier
            .corpus
            .articles
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        self.corpus
            .articles
            .iter()
            .filter(|a| !before.contains(a.id.as_str()))
            .map(|a| a.id.clone())
            .collect()
    }

    /// Of the articles `ids` (unknown ids are skipped, repeats counted once), those on `topic`
    /// (every one without a topic), in the order given, each with its key sentence. An error
    /// only for a topic the engine refuses as a question (empty after trimming is no topic;
    /// too long is an error).
    pub fn news(
        &self,
        ids: &[String],
        topic: Option<&str>,
    ) -> Result<Vec<NewsItem>, QuestionError> {
        let by_id: HashMap<&str, u32> = self
            .corpus
            .articles
            .iter()
            .enumerate()
            .map(|(n, a)| (a.id.as_str(), n as u32))
            .collect();
        let mut wanted: Vec<u32> = Vec::new();
        for id in ids {
            if let Some(&n) = by_id.get(id.as_str()) {
                if !wanted.contains(&n) {
                    wanted.push(n);
                }
            }
        }
        // Each wanted article's passages, in text order (the store keeps them so).
        let position: HashMap<u32, usize> =
            wanted.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let mut passages: Vec<Vec<usize>> = vec![Vec::new(); wanted.len()];
        for (number, passage) in self.store.passages.iter().enumerate() {
            if let Some(&i) = position.get(&passage.article) {
                passages[i].push(number);
            }
        }
        let key_ranges: Vec<Option<Option<Range<usize>>>> = match topic.map(str::trim) {
            None | Some("") => passages.iter().map(|p| Some(self.lead(p))).collect(),
            Some(topic) => {
                let text = self.validate(topic)?;
                let analyzed = self.analyze(text);
                if self.is_off_topic(&analyzed) {
                    // The topic names nothing the corpus (new articles included) knows.
                    return Ok(Vec::new());
                }
                let picker = ExcerptPicker::new(&analyzed);
                passages
                    .iter()
                    .map(|numbers| {
                        let mut best: Option<(f32, Range<usize>)> = None;
                        for &number in numbers {
                            let Some(excerpt) =
                                picker.best_excerpt(&self.store, &self.store.passages[number])
                            else {
                                continue;
                            };
                            if excerpt.coverage >= TOPIC_MIN_COVERAGE
                                && best.as_ref().is_none_or(|(c, _)| excerpt.coverage > *c)
                            {
                                best = Some((excerpt.coverage, self.excerpt_range(&excerpt)));
                            }
                        }
                        best.map(|(_, range)| Some(range))
                    })
                    .collect()
            }
        };
        Ok(wanted
            .iter()
            .zip(key_ranges)
            .filter_map(|(&n, range)| {
                let article = &self.corpus.articles[n as usize];
                let range = range?;
                Some(NewsItem {
                    article_id: article.id.clone(),
                    title: article.meta.title.clone(),
                    source: article.meta.source.clone(),
                    date: article.meta.date,
                    url: article.meta.url.clone(),
                    key_sentence: range.map(|r| article.text[r].to_string()),
                })
            })
            .collect())
    }

    /// The first sentence of `passages` that states something, as a range of the article text.
    fn lead(&self, passages: &[usize]) -> Option<Range<usize>> {
        passages.iter().find_map(|&number| {
            self.store
                .sentences_of(&self.store.passages[number])
                .iter()
                .find(|s| s.states_something())
                .map(|s| s.range.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::{EngineConfig, SearchMode};
    use crate::corpus::{Article, ArticleMeta};
    use crate::engine::Engine;

    fn article(id: &str, title: &str, date: Option<&str>, text: &str) -> Article {
        Article {
            id: id.into(),
            meta: ArticleMeta {
                title: title.into(),
                date: date.map(|d| d.parse().unwrap()),
                date_note: None,
                source: Some("TASS".into()),
                url: None,
                language: "en".into(),
                imported_from: None,
            },
            text: text.into(),
        }
    }

    fn write(dir: &Path, articles: &[Article]) {
        std::fs::create_dir_all(dir).unwrap();
        for a in articles {
            std::fs::write(dir.join(format!("{}.md", a.id)), a.render()).unwrap();
        }
    }

    fn open(dir: &Path) -> Engine {
        Engine::open(&EngineConfig {
            corpus_dir: dir.join("corpus"),
            index_dir: dir.join("index"),
            aliases: Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml"),
            mode: SearchMode::Words,
            ..EngineConfig::default()
        })
        .unwrap()
    }

    fn base() -> Vec<Article> {
        vec![
            article(
                "treaty",
                "Peace Treaty Talks Stall",
                Some("2024-04-03"),
                "Moscow and Tokyo have failed to sign a peace treaty due to their rival claims to four islands.",
            ),
            article(
                "salmon",
                "Salmon Quotas Agreed",
                Some("2024-05"),
                "Fisheries officials from both countries set the salmon catch quotas for Japanese boats off Hokkaido.",
            ),
        ]
    }

    #[test]
    fn new_articles_are_those_an_earlier_load_lacked() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        write(&corpus, &base());
        let before = open(dir.path());
        assert!(before.added_since(&before).is_empty());
        let mut changed = base();
        changed[0].text.push_str(" Talks stalled again.");
        changed.push(article(
            "visas",
            "Kuril Visa-Free Visits Suspended",
            None,
            "Visa-free visits by former residents of the Kuril islands remained suspended.",
        ));
        write(&corpus, &changed);
        let after = open(dir.path());
        // The rewritten article keeps its id: only the new one is new.
        assert_eq!(after.added_since(&before), ["visas"]);
        assert!(before.added_since(&after).is_empty());
    }

    #[test]
    fn news_on_a_topic_keeps_matching_articles_with_a_verbatim_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let mut articles = base();
        articles.push(article(
            "visas",
            "Kuril Visa-Free Visits Suspended",
            None,
            "The weather was mild on Monday. Visa-free visits by former residents of the Kuril islands remained suspended. Officials gave no reason.",
        ));
        write(&dir.path().join("corpus"), &articles);
        let engine = open(dir.path());
        let ids: Vec<String> = ["salmon", "visas", "treaty", "missing", "salmon"]
            .iter()
            .map(|s| s.to_string())
            .collect();

        // No topic: every known article once, in the order given, with its lead sentence.
        let all = engine.news(&ids, None).unwrap();
        let order: Vec<&str> = all.iter().map(|n| n.article_id.as_str()).collect();
        assert_eq!(order, ["salmon", "visas", "treaty"]);
        assert_eq!(
            all[1].key_sentence.as_deref(),
            Some("The weather was mild on Monday.")
        );
        assert_eq!(all[1].date, None, "undated stays undated");
        assert_eq!(all[0].date.unwrap().to_string(), "2024-05");

        // A topic: only the articles on it, each with the sentence that says it, verbatim.
        let fish = engine.news(&ids, Some("salmon fisheries")).unwrap();
        assert_eq!(fish.len(), 1, "{fish:?}");
        assert_eq!(fish[0].article_id, "salmon");
        let visas = engine.news(&ids, Some("Kuril visa-free visits")).unwrap();
        assert_eq!(visas.len(), 1, "{visas:?}");
        let sentence = visas[0].key_sentence.as_deref().unwrap();
        assert!(
            sentence.contains("former residents of the Kuril islands"),
            "{sentence}"
        );
        assert!(!sentence.contains("weather"), "{sentence}");
        for item in visas.iter().chain(&fish).chain(&all) {
            let text = &articles
                .iter()
                .find(|a| a.id == item.article_id)
                .unwrap()
                .text;
            assert!(text.contains(item.key_sentence.as_deref().unwrap()));
        }

        // A topic the corpus never mentions matches nothing; a blank topic is no topic.
        assert!(engine
            .news(&ids, Some("Tesla earnings"))
            .unwrap()
            .is_empty());
        assert_eq!(engine.news(&ids, Some("  ")).unwrap().len(), 3);
        assert!(engine.news(&ids, Some(&"peace ".repeat(500))).is_err());
    }
}
