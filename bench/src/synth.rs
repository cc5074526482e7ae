//! A deterministic synthetic corpus in the real corpus format, so the bench measures the real
//! load and index path on any number of passages without the network.
//!
//! Each article has 4–12 paragraphs of 60–120 words (one paragraph is one passage), mixing the
//! domain's people, places and topics with Zipf-distributed filler; dates spread over a decade
//! at every precision (and a few undated articles), from several sources. The same seed always
//! gives byte-identical files.

use std::fs;
use std::path::Path;

use fastrand::Rng;
use serde::{Deserialize, Serialize};

use super::vocab::{
    pick, Vocabulary, ORGS, PAIRS, PEOPLE, PLACES, SAID, SOURCES, TOPICS, WEEKDAYS,
};
use anyhow::{Context, Result};
use nichiro::PartialDate;
use nichiro::{Article, ArticleMeta};

/// Paragraphs per article, inclusive.
const PARAGRAPHS: (usize, usize) = (4, 12);
/// Words per paragraph, inclusive (a paragraph stops at the sentence that reaches the target).
const PARAGRAPH_WORDS: (usize, usize) = (60, 120);
/// Bump when the generated text changes, so cached corpora of an older generator are not reused.
pub const GENERATOR_VERSION: u32 = 3;

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthStats {
    pub articles: usize,
    pub passages: usize,
    /// Bytes of article text (front matter excluded): what "MB of article text" counts.
    pub text_bytes: u64,
}

/// Writes a corpus of exactly `passages` paragraphs into `dir` (created if needed), one
/// `synth-NNNNNN.md` file per article.
pub fn generate(dir: &Path, passages: usize, seed: u64) -> Result<SynthStats> {
    fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let mut stats = SynthStats {
        articles: 0,
        passages: 0,
        text_bytes: 0,
    };
    for article in articles(passages, seed) {
        let path = dir.join(format!("{}.md", article.id));
        fs::write(&path, article.render()).with_context(|| path.display().to_string())?;
        stats.articles += 1;
        stats.passages += article.paragraphs().count();
        stats.text_bytes += article.text.len() as u64;
    }
    Ok(stats)
}

/// The articles of the corpus, generated lazily so a large corpus never sits in memory.
pub fn articles(passages: usize, seed: u64) -> impl Iterator<Item = Article> {
    let vocabulary = Vocabulary::news();
    let mut rng = Rng::with_seed(seed);
    let mut remaining = passages;
    let mut number = 0;
    std::iter::from_fn(move || {
        if remaining == 0 {
            return None;
        }
        number += 1;
        let paragraphs = rng.usize(PARAGRAPHS.0..=PARAGRAPHS.1).min(remaining);
        remaining -= paragraphs;
        Some(ArticleWriter::new(&vocabulary, &mut rng).article(number, paragraphs))
    })
}

/// Writes one article: picks its cast (a lead person, place and topic that recur, as in a real
/// story) and then its title, metadata and paragraphs.
struct ArticleWriter<'a> {
    vocabulary: &'a Vocabulary,
    rng: &'a mut Rng,
    lead: usize,
    place: &'static str,
    topic: &'static str,
    source: &'static str,
}

impl<'a> ArticleWriter<'a> {
    fn new(vocabulary: &'a Vocabulary, rng: &'a mut Rng) -> Self {
        let lead = rng.usize(..PEOPLE.len());
        let place = *pick(rng, PLACES);
        let topic = *pick(rng, TOPICS);
        let source = *pick(rng, SOURCES);
        ArticleWriter {
            vocabulary,
            rng,
            lead,
            place,
            topic,
            source,
        }
    }

    fn article(mut self, number: usize, paragraphs: usize) -> Article {
        let id = format!("synth-{number:06}");
        let title = self.title();
        let date = self.date();
        let url = (self.rng.usize(..5) != 0)
            .then(|| format!("https://news.example/{}/{id}", slug(self.source)));
        let text = (0..paragraphs)
            .map(|_| self.paragraph())
            .collect::<Vec<_>>()
            .join("\n\n");
        Article {
            id,
            meta: ArticleMeta {
                title,
                date,
                date_note: None,
                source: Some(self.source.to_string()),
                url,
                language: "en".to_string(),
                imported_from: None,
            },
            text,
        }
    }

    fn title(&mut self) -> String {
        let who = PEOPLE[self.lead].short;
        let topic = capitalize(self.topic.trim_start_matches("the "));
        let place = self.place.trim_start_matches("the ");
        match self.rng.usize(..4) {
            0 => format!("{who} Warns on {topic} as Talks Stall"),
            1 => format!("{topic}: What {who}'s Remarks Mean for {place}"),
            2 => format!("Tokyo and Moscow Clash Over {topic}"),
            _ => format!("{place} Braces for New Round on {topic}"),
        }
    }

    /// Mostly day-precise dates, some known only to the month or year, a few undated.
    fn date(&mut self) -> Option<PartialDate> {
        let year = self.rng.i32(2014..=2025);
        let month = self.rng.u32(1..=12);
        match self.rng.usize(..100) {
            0..=69 => PartialDate::day(year, month, self.rng.u32(1..=28)),
            70..=84 => PartialDate::month(year, month),
            85..=94 => PartialDate::year(year),
            _ => None,
        }
    }

    fn paragraph(&mut self) -> String {
        let target = self.rng.usize(PARAGRAPH_WORDS.0..=PARAGRAPH_WORDS.1);
        let mut sentences: Vec<String> = Vec::new();
        let mut words = 0;
        while words < target {
            // One sentence in three names the domain: enough that the article's cast recurs,
            // few enough that a name is in a few percent of passages, as in a news archive.
            let sentence = if self.rng.usize(..3) == 0 {
                self.domain_sentence()
            } else {
                self.filler_sentence()
            };
            words += sentence.split_whitespace().count();
            sentences.push(sentence);
        }
        sentences.join(" ")
    }

    /// A clause of `min..=max` Zipf-drawn words, now and then with a number in it.
    fn filler(&mut self, min: usize, max: usize) -> String {
        let count = self.rng.usize(min..=max);
        let mut words: Vec<String> = (0..count)
            .map(|_| self.vocabulary.draw(self.rng).to_string())
            .collect();
        if self.rng.usize(..6) == 0 {
            let at = self.rng.usize(..words.len());
            words.insert(at, self.number());
        }
        words.join(" ")
    }

    /// Numbers as news writes them; some exercise the sentence splitter ("9-10%", "No. 2").
    fn number(&mut self) -> String {
        match self.rng.usize(..6) {
            0 => format!("{},{:03}", self.rng.u32(1..=999), self.rng.u32(0..1000)),
            1 => format!("{}-{}%", self.rng.u32(1..=9), self.rng.u32(10..=20)),
            2 => format!("{}.{}", self.rng.u32(1..=99), self.rng.u32(0..10)),
            3 => format!("No. {}", self.rng.u32(1..=5)),
            4 => format!("Feb. {}", self.rng.u32(1..=28)),
            _ => self.rng.u32(2014..=2025).to_string(),
        }
    }

    fn filler_sentence(&mut self) -> String {
        format!("{}.", capitalize(&self.filler(8, 22)))
    }

    /// A sentence built around the article's cast or another name of the domain.
    fn domain_sentence(&mut self) -> String {
        let person = if self.rng.bool() {
            &PEOPLE[self.lead]
        } else {
            pick(self.rng, PEOPLE)
        };
        let place = if self.rng.bool() {
            self.place
        } else {
            *pick(self.rng, PLACES)
        };
        let topic = if self.rng.bool() {
            self.topic
        } else {
            *pick(self.rng, TOPICS)
        };
        let org = *pick(self.rng, ORGS);
        let said = *pick(self.rng, SAID);
        let day = *pick(self.rng, WEEKDAYS);
        let (a, b) = (self.filler(4, 12), self.filler(3, 9));
        match self.rng.usize(..9) {
            0 => format!(
                "{}, {}, {said} on {day} that {topic} {a}.",
                person.full, person.role
            ),
            1 => format!(
                "“{}, {b},” {} {said} in {place}.",
                capitalize(&a),
                person.short
            ),
            2 => format!(
                "Talks on {topic} between {} {a} near {place}.",
                pick(self.rng, PAIRS)
            ),
            3 => format!("According to {org}, {a} {topic} {b}."),
            4 => format!("{} {said} that {org} {a}.", person.short),
            5 => format!("In {place}, {a} {topic}, the U.S. and Japan {b}."),
            6 => format!("{} {a} over {topic} {b}.", capitalize(org)),
            7 => format!(
                "Relations between Japan and Russia {a} since {}, {org} reported.",
                self.rng.u32(2014..=2025)
            ),
            _ => format!("The dispute over {place} {a}, {} {said}.", person.short),
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn slug(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(dir: &Path) -> Vec<(String, String)> {
        nichiro::corpus_files(dir)
            .unwrap()
            .into_iter()
            .map(|path| {
                let id = path.file_stem().unwrap().to_str().unwrap().to_string();
                (id, fs::read_to_string(&path).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_same_seed_writes_identical_files_and_another_seed_does_not() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let stats_a = generate(a.path(), 300, 7).unwrap();
        let stats_b = generate(b.path(), 300, 7).unwrap();
        generate(c.path(), 300, 8).unwrap();
        assert_eq!(stats_a, stats_b);
        assert_eq!(read_all(a.path()), read_all(b.path()));
        assert_ne!(read_all(a.path()), read_all(c.path()));
    }

    #[test]
    fn files_parse_back_with_the_requested_number_of_passages() {
        let dir = tempfile::tempdir().unwrap();
        let stats = generate(dir.path(), 1_000, 42).unwrap();
        let files = read_all(dir.path());
        assert_eq!(files.len(), stats.articles);
        let mut passages = 0;
        let mut text_bytes = 0;
        for (id, content) in &files {
            let article = Article::parse(id, content).unwrap_or_else(|e| panic!("{id}: {e}"));
            let count = article.paragraphs().count();
            assert!(
                (1..=PARAGRAPHS.1).contains(&count),
                "{id}: {count} paragraphs"
            );
            passages += count;
            text_bytes += article.text.len() as u64;
        }
        assert_eq!(passages, 1_000);
        assert_eq!(stats.passages, 1_000);
        assert_eq!(stats.text_bytes, text_bytes);
    }

    #[test]
    fn text_looks_like_news_about_the_domain() {
        let articles: Vec<Article> = articles(2_000, 3).collect();
        let paragraphs: Vec<&str> = articles
            .iter()
            .flat_map(|a| a.paragraphs().map(|(_, p)| p))
            .collect();
        let mean_words = paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>()
            / paragraphs.len();
        assert!((60..=130).contains(&mean_words), "mean words {mean_words}");
        let all = paragraphs.join(" ");
        for name in [
            "Nozdrev",
            "Hokkaido",
            "Sakhalin",
            "sanctions",
            "TASS",
            "LNG",
        ] {
            assert!(all.contains(name), "{name} never appears");
        }
        // Every precision of date, and some undated articles.
        let dates: Vec<Option<PartialDate>> = articles.iter().map(|a| a.meta.date).collect();
        assert!(dates.iter().any(Option::is_none));
        for precision in ["day", "month", "year"] {
            assert!(
                dates
                    .iter()
                    .flatten()
                    .any(|d| d.precision().to_string() == precision),
                "no {precision} dates"
            );
        }
        let sources: std::collections::HashSet<_> =
            articles.iter().map(|a| a.meta.source.clone()).collect();
        assert!(sources.len() >= 5);
    }
}
