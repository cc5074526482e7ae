//! From a question to what it asks about: concepts (a word, or a group of aliases), each with a
//! weight, and the tantivy query that retrieves candidate passages for them.
//!
//! Question text is never parsed as query syntax: it is analyzed into words like article text,
//! so `title:foo AND (`, quotes, `*`, `-`, mentions and any script are just words (or nothing).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use crate::date::PartialDate;
use crate::error::Error;
use crate::index::{date_bounds, day_term, Fields};
use crate::passages::PassageStore;
use crate::text::analyzer;

/// Weight of an everyday word relative to a specific one of the same rarity.
const EVERYDAY_WORD_WEIGHT: f32 = 0.35;

/// Weight of a bare number ("Nozdrev 5", "in 2024") relative to a word of the same rarity: a
/// number seldom says what a question is about, and a rare one must not outweigh the name.
const NUMBER_WEIGHT: f32 = 0.1;

/// Concepts weighing less than this share of the question's most informative one are left out of
/// retrieval (sentence selection still weighs them): a word found in half the passages barely
/// changes BM25's top ten but makes tantivy walk half the index.
const RETRIEVAL_MIN_WEIGHT_SHARE: f32 = 0.5;
/// At most this many concepts, the most informative first, go into the retrieval query.
const RETRIEVAL_MAX_CONCEPTS: usize = 6;

/// Words that ask for the newest articles rather than name a topic.
const RECENCY_WORDS: &[&str] = &[
    "current",
    "currently",
    "latest",
    "newest",
    "now",
    "recent",
    "recently",
    "today",
    "update",
    "updates",
];

/// Groups of names for the same thing, analyzed into stem sequences.
#[derive(Debug, Default, Clone)]
pub struct AliasTable {
    groups: Vec<Vec<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    groups: Vec<Vec<String>>,
}

impl AliasTable {
    /// Reads the alias table; a missing file is an empty table (with a warning), a malformed one
    /// is an error naming the file.
    pub fn load(path: &Path) -> Result<AliasTable, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(file = %path.display(), "alias table not found; using none");
                return Ok(AliasTable::default());
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let file: AliasFile = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })?;
        Ok(Self::from_groups(&file.groups))
    }

    pub fn from_groups(groups: &[Vec<String>]) -> AliasTable {
        let mut analyzer = analyzer::analyzer();
        let groups = groups
            .iter()
            .map(|names| {
                let mut variants: Vec<Vec<String>> = names
                    .iter()
                    .map(|name| analyzer::content_stems(&mut analyzer, name))
                    .filter(|stems| !stems.is_empty())
                    .collect();
                variants.dedup();
                variants
            })
            .filter(|variants| variants.len() > 1)
            .collect();
        AliasTable { groups }
    }
}

/// One thing the question asks about: any of `alternatives` (stem sequences) expresses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub alternatives: Vec<Vec<String>>,
    /// Word ids of each alternative that the corpus knows; `None` when it uses an unknown word.
    pub alternative_ids: Vec<Option<Vec<u32>>>,
    pub weight: f32,
    /// Where the concept first appears in the question, for word-order checks.
    pub position: usize,
    /// Every way of saying it is an everyday word ("time", "name"), not a topic of its own.
    pub everyday: bool,
}

impl Concept {
    /// Whether the corpus uses this concept anywhere.
    pub fn known(&self) -> bool {
        self.alternative_ids.iter().any(Option::is_some)
    }
}

/// A question analyzed against the corpus.
#[derive(Debug, Clone)]
pub struct AnalyzedQuestion {
    pub concepts: Vec<Concept>,
    /// The question asks for the latest developments.
    pub wants_recent: bool,
    /// Years the question names ("in 2024"): a preference for passages of that time. As words
    /// they weigh no more than everyday words, like every number.
    pub years: Vec<i32>,
    /// Names in the question (capitalized words where no sentence begins: "Lavrov", "IMF")
    /// that the corpus uses in no spelling the alias table knows. Articles that never name
    /// someone cannot say what he said, however close the rest of the question comes.
    pub unknown_names: Vec<String>,
}

impl AnalyzedQuestion {
    pub fn total_weight(&self) -> f32 {
        self.concepts.iter().map(|c| c.weight).sum()
    }

    /// Whether the corpus uses something specific the question names, not only everyday words.
    pub fn names_a_known_topic(&self) -> bool {
        self.concepts.iter().any(|c| c.known() && !c.everyday)
    }

    /// Share of the question's weight that the corpus uses at all. An everyday word the corpus
    /// never uses ("bad", "attacked") is left out: its absence says nothing about whether the
    /// articles cover the question's topic, where an unknown name ("Tesla") does.
    pub fn corpus_coverage(&self) -> f32 {
        let counted = self.concepts.iter().filter(|c| c.known() || !c.everyday);
        let (known, total) = counted.fold((0.0, 0.0), |(known, total), c| {
            let known = if c.known() { known + c.weight } else { known };
            (known, total + c.weight)
        });
        if total <= 0.0 {
            return 0.0;
        }
        known / total
    }
}

/// Analyzes questions with the corpus statistics and the alias table.
pub struct QuestionAnalyzer {
    aliases: AliasTable,
    everyday: HashSet<String>,
}

impl QuestionAnalyzer {
    pub fn new(aliases: AliasTable) -> Self {
        let mut analyzer = analyzer::analyzer();
        let everyday = include_str!("text/common_words.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| analyzer::content_stems(&mut analyzer, line))
            .collect();
        Self { aliases, everyday }
    }

    pub fn analyze(
        &self,
        analyzer: &mut TextAnalyzer,
        store: &PassageStore,
        question: &str,
    ) -> AnalyzedQuestion {
        let words = analyzer::words(analyzer, question);
        let names_readable = names_are_marked(question, &words);
        let mut names: Vec<(String, String)> = Vec::new();
        let mut wants_recent = false;
        let mut years = Vec::new();
        let mut stems = Vec::new();
        for word in &words {
            let original = &question[word.start..word.end];
            let surface = original.to_lowercase();
            // A capitalized function word the corpus never uses as an acronym ("NOT", a
            // shouted "WHAT") is still a function word; "US" is a name when the corpus has it.
            let unknown_acronym =
                analyzer::is_stopword(&surface) && store.vocabulary.id(&word.stem).is_none();
            years.extend(year_of(original));
            if RECENCY_WORDS.contains(&surface.as_str()) {
                wants_recent = true;
            } else if !analyzer::is_stopword(original) && !unknown_acronym {
                stems.push(word.stem.clone());
                if names_readable
                    && reads_as_name(question, word.start, original)
                    && !self.is_everyday(std::slice::from_ref(&word.stem))
                {
                    names.push((original.to_string(), word.stem.clone()));
                }
            }
        }
        let mut covered = vec![false; stems.len()];
        let mut concepts: Vec<Concept> = Vec::new();
        for group in &self.aliases.groups {
            let mut first = None;
            let mut asked = Vec::new();
            for variant in group {
                for start in find_all(&stems, variant) {
                    covered[start..start + variant.len()].fill(true);
                    first = Some(first.map_or(start, |f: usize| f.min(start)));
                    asked.push(variant);
                }
            }
            if let Some(position) = first {
                let everyday = asked.iter().all(|v| self.is_everyday(v));
                concepts.push(self.concept(store, group.clone(), position, everyday));
            }
        }
        let mut seen = HashSet::new();
        for (position, (stem, covered)) in stems.iter().zip(covered).enumerate() {
            if !covered && seen.insert(stem.clone()) {
                let alternative = vec![stem.clone()];
                let everyday = self.is_everyday(&alternative);
                concepts.push(self.concept(store, vec![alternative], position, everyday));
            }
        }
        concepts.sort_by_key(|c| c.position);
        let unknown_names = names
            .into_iter()
            .filter(|(_, stem)| {
                !concepts
                    .iter()
                    .any(|c| c.known() && c.alternatives.iter().any(|alt| alt.contains(stem)))
            })
            .map(|(name, _)| name)
            .collect();
        AnalyzedQuestion {
            concepts,
            wants_recent,
            years,
            unknown_names,
        }
    }

    /// Whether a way of saying something is only everyday words (or numbers).
    fn is_everyday(&self, stems: &[String]) -> bool {
        // A bare number ("Nozdrev 5") is as weak as an everyday word: it says nothing of the
        // topic, and must not pull in "Sakhalin-2" on its own.
        stems
            .iter()
            .all(|s| self.everyday.contains(s) || s.bytes().all(|b| b.is_ascii_digit()))
    }

    /// A concept of `alternatives`; `everyday` when the words the asker used are everyday
    /// words: an alias group that also holds rarer spellings ("say" … "asserted") is still
    /// everyday when the question says "state".
    fn concept(
        &self,
        store: &PassageStore,
        alternatives: Vec<Vec<String>>,
        position: usize,
        everyday: bool,
    ) -> Concept {
        let total = store.passages.len().max(1) as f32;
        let alternative_ids: Vec<Option<Vec<u32>>> = alternatives
            .iter()
            .map(|stems| stems.iter().map(|s| store.vocabulary.id(s)).collect())
            .collect();
        // The most frequent way of saying it decides how informative the concept is.
        let frequency = alternatives
            .iter()
            .map(|stems| stems.iter().map(|s| store.frequency(s)).min().unwrap_or(0))
            .max()
            .unwrap_or(0) as f32;
        let idf = idf(total, frequency);
        let number = alternatives
            .iter()
            .all(|stems| stems.iter().all(|s| s.bytes().all(|b| b.is_ascii_digit())));
        let weight = if number {
            idf * NUMBER_WEIGHT
        } else if everyday {
            idf * EVERYDAY_WORD_WEIGHT
        } else {
            idf
        };
        Concept {
            alternatives,
            alternative_ids,
            weight,
            position,
            everyday,
        }
    }
}

/// Whether capitals in this question mark names: not in a question shouted in capitals or
/// written in title case, where every word is capitalized.
fn names_are_marked(question: &str, words: &[analyzer::Word]) -> bool {
    let latin: Vec<&str> = words
        .iter()
        .skip(1)
        .map(|w| &question[w.start..w.end])
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect();
    let capitalized = latin
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .count();
    let shouted = !question.chars().any(char::is_lowercase);
    !shouted && (latin.len() < 3 || capitalized * 5 < latin.len() * 3)
}

/// Whether a word reads as a name: Latin, capitalized ("Lavrov") or an acronym ("IMF"), and
/// not where a sentence begins (the question's first word, or after ". ? ! :").
fn reads_as_name(question: &str, start: usize, word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    let capitalized = first.is_ascii_uppercase()
        && (rest.iter().any(|c| c.is_lowercase())
            || (!rest.is_empty() && rest.iter().all(|c| c.is_uppercase() || c.is_ascii_digit())));
    let before = question[..start].trim_end();
    capitalized && !before.is_empty() && !before.ends_with(['.', '?', '!', ':'])
}

/// The year a word names, when it is a plausible year of news ("1956", "2024"), not a count.
fn year_of(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok()?;
    (word.len() == 4 && (1800..=2199).contains(&year)).then_some(year)
}

/// BM25's inverse document frequency, as tantivy computes it.
fn idf(passages: f32, frequency: f32) -> f32 {
    (1.0 + (passages - frequency + 0.5) / (frequency + 0.5)).ln()
}

fn find_all(haystack: &[String], needle: &[String]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()] == *needle)
        .collect()
}

/// The retrieval queries for a question, strictest first: a passage must mention the two most
/// informative concepts, then any of them (a plain union), which runs only when the first found
/// too few passages. An intersection is driven by its rarest posting list, so the strict pass
/// skips most of what the union would score. (Requiring every concept first was measured
/// slower: long questions seldom find enough passages that say everything.) Empty when nothing
/// in the question is in the corpus.
pub fn retrieval_passes(
    question: &AnalyzedQuestion,
    store: &PassageStore,
    fields: &Fields,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> Vec<Box<dyn Query>> {
    let concepts = retrieved_concepts(question);
    // Requiring the only concept would find what the union finds.
    let strict = (concepts.len() >= REQUIRED_CONCEPTS).then_some(REQUIRED_CONCEPTS);
    strict
        .into_iter()
        .chain([0])
        .filter_map(|r| retrieval_query(&concepts, store, fields, since, until, r))
        .collect()
}

/// How many of the most informative concepts the middle retrieval pass requires.
const REQUIRED_CONCEPTS: usize = 2;

/// The concepts retrieval searches for, most informative first: the known ones that weigh at
/// least a share of the heaviest, at most `RETRIEVAL_MAX_CONCEPTS`.
fn retrieved_concepts(question: &AnalyzedQuestion) -> Vec<&Concept> {
    let top = question
        .concepts
        .iter()
        .filter(|c| c.known())
        .map(|c| c.weight)
        .fold(0.0f32, f32::max);
    let mut retrieved: Vec<&Concept> = question
        .concepts
        .iter()
        .filter(|c| c.known() && c.weight >= RETRIEVAL_MIN_WEIGHT_SHARE * top)
        .collect();
    retrieved.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    retrieved.truncate(RETRIEVAL_MAX_CONCEPTS);
    retrieved
}

/// The query in which a passage must mention each of the first `required` concepts (in any of
/// their ways); the others only add to its score. Restricted to the date range when one is
/// given.
fn retrieval_query(
    retrieved: &[&Concept],
    store: &PassageStore,
    fields: &Fields,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    required: usize,
) -> Option<Box<dyn Query>> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let passages = store.passages.len().max(1) as f32;
    for (position, concept) in retrieved.iter().enumerate() {
        let mut ways: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Each way of saying the concept is retrieved by its rarest word: exact phrases are
        // checked when the excerpt is chosen, and plain terms keep tantivy on its fast
        // (block-max WAND) path, where a phrase of common words would walk long posting lists.
        let mut terms: Vec<(&str, u32)> = concept
            .alternatives
            .iter()
            .zip(&concept.alternative_ids)
            .filter_map(|(stems, ids)| {
                let ids = ids.as_ref()?;
                let rarest =
                    (0..stems.len()).min_by_key(|&i| store.passage_freq[ids[i] as usize])?;
                Some((
                    stems[rarest].as_str(),
                    store.passage_freq[ids[rarest] as usize],
                ))
            })
            .collect();
        terms.sort_unstable();
        terms.dedup();
        for (stem, frequency) in terms {
            // BM25 already weighs a term by its own rarity; the boost brings every spelling
            // to the concept's weight, so a rare spelling ("envoy") does not outweigh the
            // concept it stands for ("ambassador").
            let boost = concept.weight.max(0.05) / idf(passages, frequency as f32).max(0.05);
            let query = TermQuery::new(
                Term::from_field_text(fields.text, stem),
                IndexRecordOption::WithFreqs,
            );
            ways.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            ));
        }
        if position < required {
            let clause: Box<dyn Query> = if ways.len() == 1 {
                ways.pop().expect("one way").1
            } else {
                Box::new(BooleanQuery::new(ways))
            };
            should.push((Occur::Must, clause));
        } else {
            should.extend(ways);
        }
    }
    if should.is_empty() {
        return None;
    }
    let relevance: Box<dyn Query> = Box::new(BooleanQuery::new(should));
    if since.is_none() && until.is_none() {
        return Some(relevance);
    }
    let mut clauses = vec![(Occur::Must, relevance)];
    if let Some(since) = since {
        // An article whose period ends on or after `since` may fall in the range.
        let (start, _) = date_bounds(since);
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                std::ops::Bound::Included(day_term(fields.date_end, start)),
                std::ops::Bound::Unbounded,
            )),
        ));
    }
    if let Some(until) = until {
        let (_, end) = date_bounds(until);
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                std::ops::Bound::Unbounded,
                std::ops::Bound::Included(day_term(fields.date_start, end)),
            )),
        ));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;

    fn store(texts: &[&str]) -> PassageStore {
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Article::new(&format!("a{i}"), &format!("Article {i}"), text))
            .collect();
        PassageStore::build(&articles)
    }

    fn analyze(store: &PassageStore, aliases: &[&[&str]], question: &str) -> AnalyzedQuestion {
        let groups: Vec<Vec<String>> = aliases
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect();
        QuestionAnalyzer::new(AliasTable::from_groups(&groups)).analyze(
            &mut analyzer::analyzer(),
            store,
            question,
        )
    }

    #[test]
    fn retrieval_requires_the_two_most_informative_concepts_before_any() {
        let store = store(&[
            "Nozdrev spoke about the treaty in Tokyo.",
            "Nozdrev arrived.",
            "The treaty talks.",
            "Fisheries quotas.",
        ]);
        let (_, fields) = crate::index::schema();
        let passes = |question: &str| {
            let question = analyze(&store, &[], question);
            retrieval_passes(&question, &store, &fields, None, None)
        };
        let two = passes("Nozdrev treaty Tokyo");
        assert_eq!(two.len(), 2, "a strict pass, then the union");
        assert_eq!(format!("{:?}", two[0]).matches("Must").count(), 2);
        assert!(!format!("{:?}", two[1]).contains("Must"));
        assert_eq!(passes("Nozdrev").len(), 1, "one concept: the union alone");
        assert!(passes("zxqv").is_empty(), "nothing the corpus knows");
    }

    #[test]
    fn an_unknown_everyday_word_does_not_count_against_coverage_but_an_unknown_name_does() {
        let store = store(&["Relations between Russia and Japan.", "Treaty talks."]);
        let everyday = analyze(
            &store,
            &[],
            "Why are relations between Russia and Japan bad?",
        );
        assert_eq!(everyday.corpus_coverage(), 1.0);
        let name = analyze(&store, &[], "Relations between Russia and Tesla");
        assert!(name.corpus_coverage() < 1.0);
    }

    #[test]
    fn names_the_corpus_never_uses_are_unknown_in_any_spelling_it_does_not_know() {
        let store = store(&["Nozdrev met the IMF in Tokyo.", "Treaty talks."]);
        let aliases: &[&[&str]] = &[&["Nozdrev", "Nozdryov"]];
        let unknown = |q: &str| analyze(&store, aliases, q).unknown_names;
        assert_eq!(unknown("What did Lavrov say about Tokyo?"), ["Lavrov"]);
        assert_eq!(unknown("Did the WTO and the IMF meet Nozdrev?"), ["WTO"]);
        assert!(unknown("What did Nozdryov say about the IMF?").is_empty());
        // Capitals that begin a sentence, or that every word has, mark no name.
        assert!(unknown("Reuters: what did Nozdrev say? Treaty talks?").is_empty());
        assert!(unknown("WHAT DID LAVROV SAY IN TOKYO?").is_empty());
        assert!(unknown("What Did Lavrov Say About Tokyo Talks?").is_empty());
        // Names in other scripts are left to the meaning: the corpus is English.
        assert!(unknown("Что сказал Лавров о Токио?").is_empty());
    }

    #[test]
    fn an_everyday_word_stays_everyday_inside_an_alias_group_with_rarer_spellings() {
        let store = store(&["Crab quota talks resumed.", "Treaty talks."]);
        let aliases: &[&[&str]] = &[&["say", "stated", "asserted"]];
        let question = analyze(
            &store,
            aliases,
            "What is the state of the crab quota talks?",
        );
        assert_eq!(question.corpus_coverage(), 1.0, "{:?}", question.concepts);
        // Asked by its rare spelling, the same group counts as a name the corpus lacks.
        let rare = analyze(&store, aliases, "Who asserted the crab quota talks?");
        assert!(rare.corpus_coverage() < 1.0);
    }

    #[test]
    fn aliases_turn_every_spelling_into_one_concept() {
        let store = store(&[
            "The Southern Kurils were discussed.",
            "Nothing here at all.",
        ]);
        let question = analyze(
            &store,
            &[&["Northern Territories", "Southern Kurils", "Kuril Islands"]],
            "What about the Northern Territories?",
        );
        assert_eq!(question.concepts.len(), 1);
        let concept = &question.concepts[0];
        assert_eq!(concept.alternatives.len(), 3);
        assert!(concept.known(), "the corpus says Southern Kurils");
        assert_eq!(question.corpus_coverage(), 1.0);
    }

    #[test]
    fn unknown_words_weigh_most_and_everyday_words_least() {
        let store = store(&[
            "Sanctions on Moscow.",
            "Sanctions again.",
            "A long time ago.",
            "Treaty.",
        ]);
        let question = analyze(&store, &[], "sanctions time zxqv");
        let weight = |stem: &str| {
            question
                .concepts
                .iter()
                .find(|c| c.alternatives[0][0] == stem)
                .unwrap()
                .weight
        };
        assert!(weight("zxqv") > weight("sanction"));
        assert!(weight("sanction") > weight("time"));
        assert!(question.corpus_coverage() < 0.5);
        assert!(!analyze(&store, &[], "What time is it?").names_a_known_topic());
    }

    #[test]
    fn recency_words_set_a_preference_not_a_topic() {
        let store = store(&["Sanctions on Moscow."]);
        let question = analyze(&store, &[], "What are the latest sanctions?");
        assert!(question.wants_recent);
        assert_eq!(question.concepts.len(), 1);
        assert!(!analyze(&store, &[], "What are the sanctions?").wants_recent);
    }

    #[test]
    fn alias_files_must_be_well_formed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.toml");
        std::fs::write(&path, "groups = [[\"LNG\", \"liquefied natural gas\"]]").unwrap();
        assert_eq!(AliasTable::load(&path).unwrap().groups.len(), 1);
        std::fs::write(&path, "groups = \"LNG\"").unwrap();
        assert!(AliasTable::load(&path)
            .unwrap_err()
            .to_string()
            .contains("aliases.toml"));
        let missing = AliasTable::load(&dir.path().join("none.toml")).unwrap();
        assert!(missing.groups.is_empty());
    }
}
