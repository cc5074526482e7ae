//! Discord's size limits, Markdown escaping, and trimming text to a limit at a sentence boundary.
//!
//! Pure functions: every message the bot sends passes through them, so they are unit-tested
//! here rather than discovered as HTTP 400s from Discord. Lengths are counted in characters
//! (Unicode scalar values), which is how Discord counts them.

/// Message content.
pub const CONTENT_MAX: usize = 2000;
/// Embed title.
pub const TITLE_MAX: usize = 256;
/// Embed description.
pub const DESCRIPTION_MAX: usize = 4096;
/// Embed footer text.
pub const FOOTER_MAX: usize = 2048;
/// Everything in one embed together.
pub const EMBED_TOTAL_MAX: usize = 6000;
/// Buttons in one action row.
pub const BUTTONS_PER_ROW: usize = 5;
/// Action rows in one message.
pub const ROWS_MAX: usize = 5;
/// A button's label.
pub const LABEL_MAX: usize = 80;
/// A component's custom id.
pub const CUSTOM_ID_MAX: usize = 100;

const ELLIPSIS: &str = " …";

/// Length as Discord counts it.
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Escapes Discord Markdown so text shows exactly as written: `*`, `_`, `~`, `` ` ``, `|`,
/// `\`, brackets (masked links) and `<` (mention and emoji syntax) everywhere, and the markers
/// that only act at the start of a line (`>`, `#`, `-`, `+`).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    for c in text.chars() {
        let escape = match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '<' => true,
            '>' | '#' | '-' | '+' => line_start,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        // Leading spaces do not end "the start of a line" for Markdown block markers.
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

/// Formats (already escaped) text as a Markdown block quote.
pub fn quote(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len() + 4);
    for (i, line) in escaped.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("> ");
        out.push_str(line);
    }
    if out.is_empty() {
        out.push_str("> ");
    }
    out
}

/// `text` cut to at most `max` characters. A cut ends at the last sentence end that keeps at
/// least half of the room, otherwise at the last word end, and is marked with " …". Only a
/// single word longer than half the room (a URL, or unspaced CJK text) is cut inside itself.
pub fn fit(text: &str, max: usize) -> String {
    if chars(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(chars(ELLIPSIS));
    if room == 0 {
        return ".".repeat(max.min(1));
    }
    // Byte offset just past the first `room` characters.
    let end = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let cut = sentence_end(text, end)
        .filter(|&at| chars(&text[..at]) >= room / 2)
        .or_else(|| word_end(text, end))
        .unwrap_or(end);
    let mut kept = head[..cut].trim_end().to_string();
    // Never leave a dangling escape backslash that would swallow the ellipsis.
    let trailing = kept.chars().rev().take_while(|&c| c == '\\').count();
    if trailing % 2 == 1 {
        kept.pop();
    }
    kept.push_str(ELLIPSIS);
    kept
}

/// The byte offset just after the last sentence end in `text[..end]`: `.`, `!`, `?` or `…`
/// followed (after any closing quotes or brackets) by whitespace, or a CJK full stop.
fn sentence_end(text: &str, end: usize) -> Option<usize> {
    let mut best = None;
    for (i, c) in text[..end].char_indices() {
        match c {
            '。' | '！' | '？' => best = Some(i + c.len_utf8()),
            '.' | '!' | '?' | '…' => {
                let mut after = i + c.len_utf8();
                for closing in text[after..].chars() {
                    if matches!(
                        closing,
                        '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '\\'
                    ) {
                        after += closing.len_utf8();
                    } else {
                        break;
                    }
                }
                let followed_by_space =
                    text[after..].chars().next().is_none_or(char::is_whitespace);
                if after <= end && followed_by_space && after > 0 {
                    best = Some(after);
                }
            }
            _ => {}
        }
    }
    best
}

/// The byte offset of the end of the last whole word in `text[..end]`.
fn word_end(text: &str, end: usize) -> Option<usize> {
    if text[end..].chars().next().is_some_and(char::is_whitespace) {
        return Some(end);
    }
    text[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .filter(|&i| !text[..i].trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(fit("Tokyo and Moscow.", 100), "Tokyo and Moscow.");
        assert_eq!(fit("", 10), "");
    }

    #[test]
    fn cuts_at_a_sentence_end() {
        let text = "The talks resumed in March. Both sides met in Tokyo again later that year.";
        let cut = fit(text, 40);
        assert_eq!(cut, "The talks resumed in March. …");
        assert!(chars(&cut) <= 40);
    }

    #[test]
    fn falls_back_to_a_word_end_never_mid_word() {
        let text = "Negotiations over the southern Kuril islands continued without any agreement";
        let cut = fit(text, 30);
        assert!(chars(&cut) <= 30, "{cut}");
        assert!(cut.ends_with(" …"));
        let kept = cut.trim_end_matches(" …");
        assert!(text.starts_with(kept));
        // The kept part ends where a word of the original ends.
        assert!(text[kept.len()..].starts_with(' '), "{cut}");
    }

    #[test]
    fn a_sentence_end_too_early_loses_to_a_word_end() {
        let text = format!("Yes. {}", "word ".repeat(50));
        let cut = fit(&text, 60);
        assert!(chars(&cut) > 30, "{cut}");
        assert!(chars(&cut) <= 60);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "He said \"no deal.\" Then he left the room and the talks were over for good.";
        assert_eq!(fit(text, 30), "He said \"no deal.\" …");
    }

    #[test]
    fn japanese_sentences_cut_at_the_full_stop() {
        let text =
            "日露首脳会談が東京で開かれた。平和条約交渉の再開で合意したが、領土問題は残った。";
        let cut = fit(text, 20);
        assert_eq!(cut, "日露首脳会談が東京で開かれた。 …");
    }

    #[test]
    fn one_huge_word_is_cut_inside_as_a_last_resort() {
        let text = "x".repeat(500);
        let cut = fit(&text, 100);
        assert_eq!(chars(&cut), 100);
    }

    #[test]
    fn never_leaves_a_dangling_escape() {
        let text = escape_markdown(&"a*".repeat(300));
        let cut = fit(&text, 101);
        let body = cut.trim_end_matches(" …");
        let trailing = body.chars().rev().take_while(|&c| c == '\\').count();
        assert_eq!(trailing % 2, 0, "{cut}");
    }

    #[test]
    fn fit_always_respects_the_limit() {
        let samples = [
            "Short. ".repeat(700),
            "长文本没有空格".repeat(400),
            "word ".repeat(1000),
            "a. b! c? ".repeat(500),
            "Привет, мир. ".repeat(300),
            "🇯🇵🇷🇺 ".repeat(900),
        ];
        for sample in &samples {
            for max in [1, 2, 3, 5, 17, 80, 256, 1024, 2000, 4096] {
                let cut = fit(sample, max);
                assert!(chars(&cut) <= max, "max {max}: {} chars", chars(&cut));
            }
        }
    }

    #[test]
    fn escaping_neutralises_markdown_and_mentions() {
        assert_eq!(escape_markdown("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(escape_markdown("<@123> @everyone"), "\\<@123> @everyone");
        assert_eq!(escape_markdown("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(escape_markdown("# Title\n- item"), "\\# Title\n\\- item");
        assert_eq!(escape_markdown("1-2 > 0"), "1-2 > 0");
        assert_eq!(escape_markdown("> quoted"), "\\> quoted");
        assert_eq!(escape_markdown("a\\b `c`"), "a\\\\b \\`c\\`");
    }

    #[test]
    fn quote_prefixes_every_line() {
        assert_eq!(quote("one\ntwo"), "> one\n> two");
        assert_eq!(quote(""), "> ");
    }
}
