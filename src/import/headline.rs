//! Telling a subheading from another article's headline that the page layout dropped into the
//! body ("Putin Bans Wastewater Discharge Into Lake Baikal" between two paragraphs about a
//! peace treaty). Both are short unpunctuated lines; a subheading names what the article is
//! about, so most of its content words occur elsewhere in the article, and an intruder's do not.

use std::collections::HashSet;

use super::lines::{ends_sentence, word_count};
use crate::text::analyzer::{analyzer, content_stems};

/// Longest line still read as a heading; longer unpunctuated lines are deks or prose.
const MAX_HEADING_WORDS: usize = 15;

/// Headings with fewer content words ("Background") say too little to judge, and are kept.
const MIN_STEMS: usize = 3;

/// Stems this short match longer ones as prefixes ("air" in "airlines"): stemming leaves
/// compounds and derivations apart that a reader would count as the same word.
const MIN_PREFIX: usize = 3;

/// Indexes of the `lines` that are headlines of other articles. `title` counts as context.
pub fn unrelated_headlines(title: &str, lines: &[&str]) -> Vec<usize> {
    let mut a = analyzer();
    let title_stems: HashSet<String> = content_stems(&mut a, title).into_iter().collect();
    let line_stems: Vec<HashSet<String>> = lines
        .iter()
        .map(|l| content_stems(&mut a, l).into_iter().collect())
        .collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let stems = &line_stems[i];
        if ends_sentence(line) || word_count(line) > MAX_HEADING_WORDS || stems.len() < MIN_STEMS {
            continue;
        }
        let mut elsewhere = title_stems.clone();
        for (j, other) in line_stems.iter().enumerate() {
            if j != i {
                elsewhere.extend(other.iter().cloned());
            }
        }
        let shared = stems.iter().filter(|s| occurs(s, &elsewhere)).count();
        if shared * 2 < stems.len() {
            out.push(i);
        }
    }
    out
}

fn occurs(stem: &str, context: &HashSet<String>) -> bool {
    context.contains(stem)
        || context.iter().any(|c| {
            let (short, long) = if c.len() < stem.len() {
                (c.as_str(), stem)
            } else {
                (stem, c.as_str())
            };
            short.chars().count() >= MIN_PREFIX && long.starts_with(short)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[&str] = &[
        "Moscow and Tokyo have failed to sign a peace treaty due to their rival claims to four islands.",
        "Putin Bans Wastewater Discharge Into Lake Baikal",
        "Direct flights between the countries remain suspended, airlines say.",
        "Direct air traffic blocked by political tensions",
        "The political will to restore the treaty talks is missing, the envoy said.",
        "Background",
    ];

    #[test]
    fn intruding_headline_is_found_and_subheading_kept() {
        assert_eq!(unrelated_headlines("Peace treaty talks stall", BODY), [1]);
    }

    #[test]
    fn prefix_matching_needs_three_letters() {
        let context: HashSet<String> = ["airlin".to_string(), "us".to_string()].into();
        assert!(occurs("air", &context));
        assert!(!occurs("u", &context));
        assert!(!occurs("usa", &["u".to_string()].into()));
    }
}
