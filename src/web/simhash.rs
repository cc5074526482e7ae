//! Near-duplicate text: the same story syndicated under two addresses, with a different
//! first line, an added credit or a trimmed last paragraph, is still one story.
//!
//! Each text becomes a set of hashed three-word shingles. A 64-bit SimHash over the set is a
//! cheap first test (copies differ in a few bits); a candidate is confirmed when most of the
//! shorter text's shingles are in the other (containment), which also catches a copy set
//! inside a longer page.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

/// Words per shingle.
const SHINGLE: usize = 3;
/// SimHash bits that may differ before the texts are compared in full.
const MAX_BIT_DISTANCE: u32 = 18;
/// Share of the shorter text's shingles found in the other for the two to be one story.
const MIN_CONTAINMENT: f64 = 0.6;

/// A text's fingerprint.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    simhash: u64,
    shingles: FxHashSet<u64>,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let shingles: FxHashSet<u64> = if words.len() < SHINGLE {
            words.iter().map(|w| hash(&[w.as_str()])).collect()
        } else {
            words
                .windows(SHINGLE)
                .map(|w| hash(&w.iter().map(String::as_str).collect::<Vec<_>>()))
                .collect()
        };
        let mut votes = [0i32; 64];
        for h in &shingles {
            for (bit, vote) in votes.iter_mut().enumerate() {
                *vote += if h >> bit & 1 == 1 { 1 } else { -1 };
            }
        }
        let simhash = votes
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
        Fingerprint { simhash, shingles }
    }

    /// Whether the two texts tell the same story in the same words.
    pub fn same_story(&self, other: &Fingerprint) -> bool {
        if self.shingles.is_empty() || other.shingles.is_empty() {
            return false;
        }
        let (small, large) = if self.shingles.len() <= other.shingles.len() {
            (&self.shingles, &other.shingles)
        } else {
            (&other.shingles, &self.shingles)
        };
        // A short copy inside a long page moves many bits; containment alone decides then.
        let lopsided = large.len() > small.len() * 2;
        if !lopsided && (self.simhash ^ other.simhash).count_ones() > MAX_BIT_DISTANCE {
            return false;
        }
        let shared = small.iter().filter(|h| large.contains(h)).count();
        shared as f64 / small.len() as f64 >= MIN_CONTAINMENT
    }
}

fn hash(words: &[&str]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    // FxHash mixes its low bits poorly; one multiply-xorshift spreads them over all 64.
    let mut x = hasher.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "TOKYO, February 14. /TASS/. Normalization of relations between Russia and Japan \
        is possible in the foreseeable future, Russian Ambassador Nikolay Nozdrev said. He noted that \
        Moscow remains open to dialogue with Tokyo on the peace treaty, but the initiative lies with the \
        Japanese side, which joined Western sanctions. The ambassador added that fishing talks on the \
        Kuril Islands continue despite the difficulties, and that trade in liquefied natural gas from \
        Sakhalin has not stopped.";

    #[test]
    fn a_syndicated_copy_with_edits_is_the_same_story() {
        let copy = format!(
            "Republished from TASS. {} Read the full story on our partner's site.",
            ORIGINAL.replace("in the foreseeable future", "soon")
        );
        assert!(Fingerprint::of(ORIGINAL).same_story(&Fingerprint::of(&copy)));
        let embedded = format!(
            "{ORIGINAL} {}",
            "Other news of the day follows here with many more words about unrelated things. "
                .repeat(12)
        );
        assert!(Fingerprint::of(ORIGINAL).same_story(&Fingerprint::of(&embedded)));
    }

    #[test]
    fn another_story_on_the_same_topic_is_not() {
        let other = "MOSCOW, March 3. /TASS/. Russian Foreign Minister Sergey Lavrov said that Japan's \
            policy of sanctions makes a peace treaty impossible for now. Moscow will respond to the \
            militarization of the Kuril Islands region, he said, and called on Tokyo to reconsider its \
            course. Trade between the two countries fell by a third last year, customs data show.";
        assert!(!Fingerprint::of(ORIGINAL).same_story(&Fingerprint::of(other)));
        assert!(!Fingerprint::of("").same_story(&Fingerprint::of(ORIGINAL)));
    }
}
