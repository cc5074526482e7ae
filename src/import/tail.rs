//! The stray characters a scraper leaves at the very end of the text (`”}{`): markup that
//! never ends prose, and the closing quotes stuck to it that close nothing.

/// Splits stray markup characters (`}{`, `<>`...) off the end of the text, with any closing
/// quotes just before them that close nothing. Returns the clean text and what was cut.
pub fn strip_stray_tail(text: &str) -> (&str, Option<&str>) {
    const NEVER_END_PROSE: &[char] = &['{', '}', '<', '>', '|', '\\', '^', '~', '`', '=', '_'];
    let trimmed = text.trim_end();
    let tail_start = trimmed
        .rfind(|c: char| c.is_alphanumeric() || c.is_whitespace())
        .map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
    let tail = &trimmed[tail_start..];
    let Some(junk_at) = tail.find(NEVER_END_PROSE) else {
        return (trimmed, None);
    };
    let mut cut = tail_start + junk_at;
    // Closing quotes right before the junk belong to it unless they close an opening quote.
    let line_start = trimmed[..cut].rfind('\n').map_or(0, |i| i + 1);
    while let Some(quote) = trimmed[..cut].chars().next_back().filter(|c| is_quote(*c)) {
        let before = &trimmed[line_start..cut - quote.len_utf8()];
        if closes_something(before, quote) {
            break;
        }
        cut -= quote.len_utf8();
    }
    (trimmed[..cut].trim_end(), Some(&trimmed[cut..]))
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '»')
}

/// Whether a closing `quote` after `before` would close a quote opened in `before`.
fn closes_something(before: &str, quote: char) -> bool {
    let count = |c: char| before.chars().filter(|&x| x == c).count();
    match quote {
        '"' => count('"') % 2 == 1,
        '”' => count('“') > count('”'),
        '»' => count('«') > count('»'),
        _ => count('‘') > count('’'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_tail_is_cut_but_real_quotes_stay() {
        assert_eq!(
            strip_stray_tail("He left. [Source: TASS]”}{"),
            ("He left. [Source: TASS]", Some("”}{"))
        );
        assert_eq!(
            strip_stray_tail("He said “no.”}{\n"),
            ("He said “no.”", Some("}{"))
        );
        assert_eq!(strip_stray_tail("He said “no.”\n"), ("He said “no.”", None));
        assert_eq!(strip_stray_tail("Plain end."), ("Plain end.", None));
    }
}
