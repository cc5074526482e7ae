//! The words of a question as the engine should see them: Discord's mention markup for users,
//! roles and channels (`<@123>`, `<@!123>`, `<@&123>`, `<#123>`) removed, whitespace collapsed.
//!
//! That markup is not part of what is asked, and its long numbers would count as unknown words
//! and could make the engine abstain. `@everyone` and `@here` are plain words and stay: they are
//! shown, never pinged (allowed mentions are empty on every message).

/// `text` without mention markup, on one line.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        match markup_len(candidate) {
            Some(len) => {
                out.push(' ');
                rest = &candidate[len..];
            }
            None => {
                out.push('<');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte length of the mention markup `text` starts with, if it does.
fn markup_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('<')?;
    let digits = ["@!", "@&", "@", "#"]
        .iter()
        .find_map(|prefix| body.strip_prefix(prefix))?;
    let count = digits.bytes().take_while(u8::is_ascii_digit).count();
    (count > 0 && digits[count..].starts_with('>')).then(|| text.len() - digits.len() + count + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_markup_is_removed_and_words_stay() {
        assert_eq!(
            clean("<@42> what did <@!7> and <@&9> say in <#5>?"),
            "what did and say in ?"
        );
        assert_eq!(clean("@everyone where?"), "@everyone where?");
        assert_eq!(clean("a < b and <@x> and <@>"), "a < b and <@x> and <@>");
        assert_eq!(clean("  many\n\nlines  "), "many lines");
        assert_eq!(clean("<@123>"), "");
        assert_eq!(clean("日露<@1>関係"), "日露 関係");
    }
}
