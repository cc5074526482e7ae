//! `/help` and the notes that quote what the person typed (an unknown command, an unreadable
//! date), made safe to show. The fixed notes are words in [`locale`](crate::discord::locale).

use crate::lang::Lang;

use crate::discord::fit::fit;
use crate::discord::locale;
use crate::discord::reply::{Embed, Reply, COLOUR};

use super::{one_line, CorpusInfo};

/// `/help`, in the asker's language.
pub fn help(lang: Lang, corpus: &CorpusInfo) -> Reply {
    Reply {
        embed: Some(Embed {
            title: Some(locale::HELP_TITLE.get(lang).to_string()),
            url: None,
            description: locale::HELP_TEXT.get(lang).to_string(),
            footer: Some(corpus.footer(lang)),
            colour: COLOUR,
        }),
        ephemeral: true,
        ..Reply::default()
    }
    .within_limits()
}

/// Text typed by someone, shown inside backticks on one line.
fn typed(text: &str, max: usize) -> String {
    fit(&one_line(text).replace('`', "'"), max)
}

/// A slash command this bot does not (or no longer) provide.
pub fn unknown_command(lang: Lang, name: &str) -> String {
    locale::unknown_command(lang, &typed(name, 64))
}

/// A `since`/`until` value that is not a date.
pub fn bad_date(lang: Lang, option: &str, value: &str) -> String {
    locale::bad_date(lang, option, &typed(value, 40))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_break_out_of_its_backticks() {
        assert!(unknown_command(Lang::En, "frob`nicate").contains("`/frob'nicate`"));
        assert!(bad_date(Lang::En, "since", "2024/03").contains("YYYY-MM"));
        assert!(bad_date(Lang::Ru, "since", "x`y").contains("`since: x'y`"));
        let help = help(Lang::Ja, &crate::discord::render::tests::corpus());
        assert!(help.embed.unwrap().footer.unwrap().starts_with("コーパス"));
    }
}
