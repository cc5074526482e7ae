//! Photo captions and picture credits: "... | Photo: X", "(Photo ...)", unpunctuated picture
//! descriptions ending in a credit, and short lines ending in an outlet's credit ("(Kyodo)").

use super::lines::{ends_sentence, word_count};
use super::source;

/// Photo captions and credits: "... | Photo: X", "Photo: ...", "(Photo ...)", and
/// unpunctuated lines that describe a picture and end with a credit in parentheses.
pub fn is_caption(line: &str) -> bool {
    let lower = line.to_lowercase();
    const MARKERS: &[&str] = &[
        "photo:",
        "(photo",
        "photo by ",
        "photo credit",
        "photo courtesy",
        "file photo",
        "image:",
        "(image",
        "image credit",
        "credit:",
        "getty images",
    ];
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    const PICTURE_WORDS: &[&str] = &[
        "photo",
        "photos",
        "photograph",
        "picture",
        "pictured",
        "image",
        "screenshot",
    ];
    let mentions_picture = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PICTURE_WORDS.contains(&w));
    mentions_picture && !ends_sentence(line) && line.trim_end().ends_with(')')
        || ends_with_credit(line)
        || ends_with_piped_credit(line)
}

/// A description with its credit after a bar: "Drills on Etorofu. | Reuters". Prose never
/// sets an outlet's name off with a bar, and a page title ("Talks resume | Kyodo") has no
/// full stop before it.
fn ends_with_piped_credit(line: &str) -> bool {
    line.rsplit_once('|').is_some_and(|(before, credit)| {
        ends_sentence(before.trim_end()) && source::is_known(credit.trim().trim_end_matches('.'))
    })
}

/// A description ending in a picture credit: "Boats at Nemuro port. (Kyodo)", "(AP Photo/Name)".
/// A bare outlet credit also ends wire paragraphs, so it marks a caption only on a short line.
fn ends_with_credit(line: &str) -> bool {
    const MAX_CAPTION_WORDS: usize = 12;
    let line = line.trim_end();
    let Some(open) = line.strip_suffix(')').and_then(|l| l.rfind('(')) else {
        return false;
    };
    let credit = line[open + 1..line.len() - 1].trim();
    let owner = credit.split('/').next().unwrap_or(credit).trim();
    let owner = ["Photo", "photo", "Images"]
        .iter()
        .fold(owner, |o, s| o.trim_end_matches(s).trim_end());
    let pictured = owner.len() < credit.len();
    // The credit stands after the description's full stop, or alone: "(Kyodo)".
    let before = line[..open].trim_end();
    source::is_known(owner)
        && (before.is_empty() || ends_sentence(before))
        && (pictured || word_count(line) <= MAX_CAPTION_WORDS)
}

/// The caption's own words, without its credit ("Text. | Photo: X" gives "Text.").
pub fn caption_text(line: &str) -> &str {
    let lower = line.to_lowercase();
    let piped = ends_with_piped_credit(line)
        .then(|| line.rfind('|'))
        .flatten();
    let cut = ["| photo", "(photo", "photo:"]
        .iter()
        .filter_map(|m| lower.find(m))
        .chain(piped)
        .min()
        .unwrap_or(line.len());
    line.get(..cut).unwrap_or(line).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_recognised_and_prose_is_not() {
        let caption = "Russian ship in a drill, 2024. | Photo: X/ @SALPO96";
        assert!(is_caption(caption));
        assert_eq!(caption_text(caption), "Russian ship in a drill, 2024.");
        assert!(is_caption(
            "An official photo of the ambassador (The Embassy of the Russian Federation in Japan)"
        ));
        assert!(!is_caption(
            "He showed reporters a photo of the ship (a frigate)."
        ));
        assert!(!is_caption(
            "Direct air traffic blocked by political tensions"
        ));
        assert!(is_caption("Japanese fishing boats at Nemuro port. (Kyodo)"));
        let piped = "Russian soldiers during drills on Etorofu Island. | Reuters";
        assert!(is_caption(piped));
        assert_eq!(
            caption_text(piped),
            "Russian soldiers during drills on Etorofu Island."
        );
        assert!(!is_caption("Rates rose | Markets"));
        assert!(is_caption("Lavrov in Moscow, March 4. (AP Photo)"));
        assert!(!is_caption(
            "The report was confirmed by Japan's public broadcaster (NHK)"
        ));
        assert!(!is_caption("He spoke. (Laughter)"));
        assert!(!is_caption(
            "Japan and Russia signed the fishing deal on Monday after weeks of talks. (Kyodo)"
        ));
        assert!(is_caption(
            "Russian Foreign Minister Sergei Lavrov speaks at a news conference in Moscow on Monday. (AP Photo/Alexander Zemlianichenko)"
        ));
    }
}
