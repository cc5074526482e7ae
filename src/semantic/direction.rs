//! Whose envoy: "Russia's ambassador to Japan" is not "Japan's envoy to Russia", though both
//! say the same words and mean nearly the same to the model. In a corpus about two countries,
//! an envoy phrase names who sends (before the title: "Russia's", "the Japanese") and where to
//! (after it: "to Japan", "in Moscow"); one side named is enough, the other is the other
//! country. A sentence that states only the opposite direction to the question's does not
//! answer it.

/// One of the two countries the corpus is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Russia,
    Japan,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Russia => Side::Japan,
            Side::Japan => Side::Russia,
        }
    }
}

/// An envoy phrase's direction: the sending country, then the receiving one.
pub type Direction = (Side, Side);

/// Words naming a country, its capital or its government, in English.
fn side_of(word: &str) -> Option<Side> {
    match word {
        "russia" | "russian" | "russians" | "moscow" | "kremlin" | "soviet" => Some(Side::Russia),
        "japan" | "japanese" | "tokyo" => Some(Side::Japan),
        _ => None,
    }
}

fn is_envoy(word: &str) -> bool {
    matches!(
        word,
        "ambassador" | "ambassadors" | "envoy" | "envoys" | "embassy"
    )
}

/// How many words before an envoy word may name the sender ("Russia's recently appointed
/// ambassador") and after it the place ("ambassador to Japan").
const REACH: usize = 3;

/// Lowercased words of `text`, possessives cut ("Russia's" is "russia").
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches("'s").trim_end_matches("’s");
            w.trim_matches(['\'', '’']).to_string()
        })
        .collect()
}

/// Every envoy direction `text` states.
pub fn directions(text: &str) -> Vec<Direction> {
    let words = words(text);
    let mut found = Vec::new();
    for (at, word) in words.iter().enumerate() {
        if !is_envoy(word) {
            continue;
        }
        let sender = words[at.saturating_sub(REACH)..at]
            .iter()
            .rev()
            .find_map(|w| side_of(w));
        let place = words[at + 1..]
            .iter()
            .take(REACH)
            .collect::<Vec<_>>()
            .windows(2)
            .find_map(|pair| {
                matches!(pair[0].as_str(), "to" | "in" | "at")
                    .then(|| side_of(pair[1]))
                    .flatten()
            });
        let direction = match (sender, place) {
            (Some(from), Some(to)) if from != to => Some((from, to)),
            (Some(from), None) => Some((from, from.other())),
            (None, Some(to)) => Some((to.other(), to)),
            _ => None,
        };
        if let Some(direction) = direction {
            if !found.contains(&direction) {
                found.push(direction);
            }
        }
    }
    found
}

/// Whether a sentence states only envoy directions opposite to the question's one.
pub fn contradicts(question: Option<Direction>, sentence: &str) -> bool {
    let Some(asked) = question else { return false };
    let stated = directions(sentence);
    !stated.is_empty() && !stated.contains(&asked)
}

/// Whether a sentence states the question's envoy direction.
pub fn agrees(question: Option<Direction>, sentence: &str) -> bool {
    question.is_some_and(|asked| directions(sentence).contains(&asked))
}

/// The one envoy direction a question asks about, if it names exactly one.
pub fn of_question(question: &str) -> Option<Direction> {
    match directions(question).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_who_sends_and_where_to() {
        use Side::*;
        assert_eq!(
            of_question("Who is Russia's ambassador to Japan?"),
            Some((Russia, Japan))
        );
        assert_eq!(
            of_question("Who was Russia's envoy in Tokyo before Nozdrev?"),
            Some((Russia, Japan))
        );
        assert_eq!(
            of_question("Who is the Japanese ambassador in Moscow now?"),
            Some((Japan, Russia))
        );
        assert_eq!(of_question("What did the ambassador say?"), None);
        assert_eq!(
            directions("Japan’s envoy to Russia, Toyohisa Kozuki, continued his role"),
            vec![(Japan, Russia)]
        );
        assert_eq!(
            directions("the absence of an ambassador in Japan since Galuzin left"),
            vec![(Russia, Japan)]
        );
    }

    #[test]
    fn the_opposite_direction_contradicts_and_none_does_not() {
        let asked = of_question("Who is Russia's ambassador to Japan?");
        assert!(contradicts(
            asked,
            "Muto, the new Japanese ambassador to Russia, spoke."
        ));
        assert!(!contradicts(
            asked,
            "Nozdrev, Russia's ambassador to Japan, landed."
        ));
        assert!(agrees(
            asked,
            "Nozdrev, Russia's ambassador to Japan, landed."
        ));
        assert!(!contradicts(asked, "The talks on fishing continue."));
        assert!(!contradicts(
            None,
            "Muto, the new Japanese ambassador to Russia."
        ));
    }
}
