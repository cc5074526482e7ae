//! Whether a feed item is about Russia–Japan relations: by default it names both sides, or one
//! of the shared topics (the islands, Sakhalin, the peace treaty, fisheries). Each side's names
//! are widened through the alias table, so "Kremlin" counts for Russia when the table groups it
//! with "Moscow". The lists are configurable; `mode = "all"` keeps everything.

use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::config::RelevanceConfig;
use crate::error::Error;

const RUSSIA: &[&str] = &[
    "Russia",
    "Russian",
    "Russians",
    "Moscow",
    "Kremlin",
    "Putin",
    "Lavrov",
    "Peskov",
    "Zakharova",
    "Shoigu",
    "Medvedev",
    "Mishustin",
    "Galuzin",
    "Nozdrev",
    "Soviet",
    "USSR",
    "Россия",
    "России",
    "Москва",
    "Кремль",
    "ロシア",
];
const JAPAN: &[&str] = &[
    "Japan",
    "Japanese",
    "Tokyo",
    "Kishida",
    "Ishiba",
    "Takaichi",
    "Kamikawa",
    "Iwaya",
    "Motegi",
    "Hayashi",
    "Hokkaido",
    "Япония",
    "Японии",
    "Токио",
    "日本",
];
const TOPICS: &[&str] = &[
    "Northern Territories",
    "Kuril",
    "Kurils",
    "Kuriles",
    "Kuril Islands",
    "Habomai",
    "Shikotan",
    "Etorofu",
    "Iturup",
    "Kunashir",
    "Kunashiri",
    "Sakhalin",
    "peace treaty",
    "fisheries",
    "Курил",
    "北方領土",
    // The two countries' relations named as one word: 日露 / 日ロ, российско-японские.
    "日露",
    "日ロ",
    "российско-японск",
];

/// The relevance test, built once per pass.
#[derive(Debug, Clone)]
pub struct Relevance {
    keep_all: bool,
    russia: Regex,
    japan: Regex,
    topics: Regex,
}

#[derive(Deserialize)]
struct AliasFile {
    groups: Vec<Vec<String>>,
}

impl Relevance {
    /// The test `config` describes, names widened through the alias table at `aliases` (a
    /// missing table widens nothing).
    pub fn new(config: &RelevanceConfig, aliases: &Path) -> Result<Relevance, Error> {
        let groups = match std::fs::read_to_string(aliases) {
            Ok(text) => {
                toml::from_str::<AliasFile>(&text)
                    .map_err(|e| Error::Config {
                        path: aliases.to_path_buf(),
                        reason: e.message().to_string(),
                    })?
                    .groups
            }
            Err(_) => Vec::new(),
        };
        let side = |defaults: &[&str], extra: &[String]| {
            let seeds: Vec<String> = defaults
                .iter()
                .map(|s| s.to_string())
                .chain(extra.iter().cloned())
                .collect();
            let mut terms = seeds.clone();
            for group in &groups {
                if group
                    .iter()
                    .any(|g| seeds.iter().any(|s| s.eq_ignore_ascii_case(g)))
                {
                    terms.extend(group.iter().cloned());
                }
            }
            alternation(&terms)
        };
        Ok(Relevance {
            keep_all: config.mode == "all",
            russia: side(RUSSIA, &config.russia),
            japan: side(JAPAN, &config.japan),
            topics: side(TOPICS, &config.topics),
        })
    }

    /// `Ok` with what made the text relevant, or `Err` with why it is off-topic.
    pub fn check(&self, title: &str, text: &str) -> Result<String, String> {
        if self.keep_all {
            return Ok("relevance filter off".into());
        }
        let all = format!("{title}\n{text}");
        if let Some(m) = self.topics.find(&all) {
            return Ok(format!("names {:?}", m.as_str()));
        }
        match (self.russia.find(&all), self.japan.find(&all)) {
            (Some(r), Some(j)) => Ok(format!("names {:?} and {:?}", r.as_str(), j.as_str())),
            (Some(r), None) => Err(format!("off-topic: names {:?} but not Japan", r.as_str())),
            (None, Some(j)) => Err(format!("off-topic: names {:?} but not Russia", j.as_str())),
            (None, None) => Err("off-topic: names neither Russia nor Japan".into()),
        }
    }
}

/// One case-insensitive pattern matching any term as whole words (a term in a script without
/// word boundaries, such as Japanese, matches anywhere).
fn alternation(terms: &[String]) -> Regex {
    let mut terms: Vec<&String> = terms.iter().filter(|t| !t.trim().is_empty()).collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    terms.dedup();
    let parts: Vec<String> = terms
        .iter()
        .map(|t| {
            let escaped = regex::escape(t.trim())
                .replace("\\ ", r"\s+")
                .replace(' ', r"\s+");
            if t.is_ascii() {
                // "Kuril" also matches "Kurile" and "Russian" via the listed forms, never "Prussia".
                format!(r"\b{escaped}\b")
            } else {
                escaped
            }
        })
        .collect();
    let pattern = if parts.is_empty() {
        "$^".to_string()
    } else {
        parts.join("|")
    };
    RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|_| Regex::new("$^").expect("empty pattern compiles"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relevance(mode: &str) -> Relevance {
        let dir = tempfile::tempdir().unwrap();
        let aliases = dir.path().join("aliases.toml");
        std::fs::write(
            &aliases,
            "groups = [[\"Moscow\", \"Kremlin\"], [\"Tokyo\", \"Japanese government\"]]\n",
        )
        .unwrap();
        let config = RelevanceConfig {
            mode: mode.into(),
            ..RelevanceConfig::default()
        };
        Relevance::new(&config, &aliases).unwrap()
    }

    #[test]
    fn both_sides_or_a_shared_topic_make_an_item_relevant() {
        let r = relevance("russia-japan");
        assert!(r
            .check("Kremlin rebuffs the Japanese government", "")
            .is_ok());
        assert!(r.check("Sakhalin LNG shipments resume", "").is_ok());
        assert!(r
            .check("Kremlin comments", "Moscow said nothing.")
            .unwrap_err()
            .contains("not Japan"));
        assert!(r
            .check("Tokyo weather: rain", "Heavy rain in Tokyo.")
            .unwrap_err()
            .contains("not Russia"));
        assert!(r
            .check("Football scores", "Spain won.")
            .unwrap_err()
            .contains("neither"));
        assert!(r.check("Prussia and Japanophiles", "history").is_err());
        assert!(relevance("all").check("Football scores", "").is_ok());
        assert!(r.check("日ロ外相が電話会談", "").is_ok());
    }
}
