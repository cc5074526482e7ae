//! Sentence splitting that survives news prose: abbreviations ("U.S.", "Feb. 7", "No. 2"),
//! initials, decimals and percentages ("9-10%", "2.5"), and quotes closing after the full stop.
//!
//! Spans are byte ranges into the input, so an excerpt built from them is verbatim by construction.

use std::ops::Range;

/// Abbreviations that never end a sentence when followed by a space.
const TITLES: &[&str] = &[
    "adm", "approx", "capt", "cmdr", "co", "col", "corp", "dept", "dr", "e.g", "gen", "gov", "i.e",
    "inc", "jr", "lt", "ltd", "maj", "messrs", "mr", "mrs", "ms", "mt", "prof", "rep", "rev",
    "sen", "sgt", "sr", "st", "vs",
];

/// Abbreviations that do not end a sentence when a number follows ("Feb. 7", "No. 2").
const BEFORE_NUMBERS: &[&str] = &[
    "apr", "art", "aug", "dec", "feb", "fig", "jan", "jul", "jun", "mar", "no", "nos", "nov",
    "oct", "p", "para", "pp", "sec", "sep", "sept", "vol",
];

/// Byte ranges of the sentences of `text`, trimmed, in order. A line break always ends a sentence.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut out);
        line_start += line.len();
    }
    out
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let line = &text[start..end];
    let mut sentence_start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
                j += 1;
            }
            while j < chars.len() && is_closing(chars[j].1) {
                j += 1;
            }
            let boundary = chars.get(j).map_or(line.len(), |&(p, _)| p);
            if ends_sentence(line, sentence_start, pos, c, &chars[j..]) {
                push_trimmed(start, &line[sentence_start..boundary], sentence_start, out);
                sentence_start = boundary;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    push_trimmed(start, &line[sentence_start..], sentence_start, out);
}

fn push_trimmed(base: usize, piece: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        let s = base + offset + trimmed_start;
        out.push(s..s + trimmed.len());
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// Whether the terminator `c` at byte `pos` ends a sentence, given what follows it.
fn ends_sentence(
    line: &str,
    sentence_start: usize,
    pos: usize,
    c: char,
    rest: &[(usize, char)],
) -> bool {
    let mut after = rest.iter().map(|&(_, ch)| ch);
    match after.next() {
        None => return true,
        Some(ch) if !ch.is_whitespace() => return false,
        _ => {}
    }
    let Some(next) = after.find(|ch| !ch.is_whitespace()) else {
        return true;
    };
    if next.is_lowercase() || matches!(next, ',' | ';' | ':' | '%') {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word = last_word(&line[sentence_start..pos]);
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if next.is_ascii_digit() && BEFORE_NUMBERS.contains(&lower.as_str()) {
        return false;
    }
    // Initials and dotted acronyms: "J. Smith", "U.S. President", "U.N. envoy".
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let is_acronym = word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic));
    let is_time = matches!(lower.as_str(), "a.m" | "p.m");
    !(is_initial || (is_acronym && !is_time))
}

/// The word just before a terminator, including inner dots ("U.S" in "U.S.").
fn last_word(before: &str) -> &str {
    let start = before
        .rfind(|ch: char| !(ch.is_alphanumeric() || ch == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    before[start..].trim_start_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            sentences("One is here. Two is there! Three? Four."),
            ["One is here.", "Two is there!", "Three?", "Four."]
        );
    }

    #[test]
    fn keeps_abbreviations_inside_sentences() {
        assert_eq!(
            sentences("The U.S. President met Mr. Abe on Feb. 7 in Tokyo. It was cold."),
            [
                "The U.S. President met Mr. Abe on Feb. 7 in Tokyo.",
                "It was cold."
            ]
        );
        assert_eq!(
            sentences("He ranked No. 2 in the poll. Japan gets 9-10% of its LNG. Prices rose 2.5 percent."),
            [
                "He ranked No. 2 in the poll.",
                "Japan gets 9-10% of its LNG.",
                "Prices rose 2.5 percent."
            ]
        );
        assert_eq!(
            sentences("Talks with the U.S. and J. Smith stalled. Then they resumed."),
            [
                "Talks with the U.S. and J. Smith stalled.",
                "Then they resumed."
            ]
        );
    }

    #[test]
    fn quotes_close_after_the_stop() {
        assert_eq!(
            sentences("“It is not possible,” he said. “We wait.” Abiru agreed."),
            [
                "“It is not possible,” he said.",
                "“We wait.”",
                "Abiru agreed."
            ]
        );
        assert_eq!(
            sentences("He called it \"adequate.\" Moscow disagreed."),
            ["He called it \"adequate.\"", "Moscow disagreed."]
        );
    }

    #[test]
    fn lowercase_continuation_does_not_split() {
        assert_eq!(
            sentences("“Why now?” he asked. Nobody knew."),
            ["“Why now?” he asked.", "Nobody knew."]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_spans_are_verbatim() {
        let text = "A heading without a stop\nFirst sentence. Second one.\n\n  Indented line.";
        let spans = split(text);
        assert_eq!(
            sentences(text),
            [
                "A heading without a stop",
                "First sentence.",
                "Second one.",
                "Indented line."
            ]
        );
        for r in spans {
            assert!(text.get(r).is_some());
        }
    }

    #[test]
    fn handles_text_without_words_or_terminators() {
        assert!(split("").is_empty());
        assert!(split(" … ”}{ ").is_empty());
        assert_eq!(sentences("no stop at all"), ["no stop at all"]);
        assert_eq!(
            sentences("Ends with ellipsis… And more."),
            ["Ends with ellipsis…", "And more."]
        );
    }
}
