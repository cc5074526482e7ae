//! `/help` and the short notes the bot sends instead of an answer: too many questions, a
//! failure on its side, an expired button, an unknown command, an unreadable date, or a
//! mention with no question.

use super::super::fit::fit;
use super::super::locale::Lang;
use super::super::reply::{Embed, Reply, COLOUR};
use super::{one_line, CorpusInfo};

/// `/help`, in the asker's language when it is Japanese or Russian.
pub fn help(lang: Lang, corpus: &CorpusInfo) -> Reply {
    Reply {
        embed: Some(Embed {
            title: Some(lang.help_title().to_string()),
            url: None,
            description: lang.help_text().to_string(),
            fields: Vec::new(),
            footer: Some(corpus.footer()),
            colour: COLOUR,
        }),
        ephemeral: true,
        ..Reply::default()
    }
    .within_limits()
}

/// A person asks faster than the per-user limit allows.
pub fn rate_limited(retry_after_secs: u64, per_minute: u32) -> String {
    let secs = retry_after_secs.max(1);
    let unit = if secs == 1 { "second" } else { "seconds" };
    format!(
        "You're asking quickly: I answer up to {per_minute} questions a minute per person. Please try again in {secs} {unit}."
    )
}

/// A person pressing buttons faster than the per-user limit.
pub fn clicking_fast(retry_after_secs: u64, per_minute: u32) -> String {
    let secs = retry_after_secs.max(1);
    let unit = if secs == 1 { "second" } else { "seconds" };
    format!(
        "You're clicking quickly: I take up to {per_minute} button presses a minute per person. Please try again in {secs} {unit}."
    )
}

/// Something failed on the bot's side; `error_id` is in the log next to the details.
pub fn apology(error_id: &str) -> String {
    format!(
        "Sorry, something went wrong on my side while answering. Please try again in a moment; if it keeps happening, mention error id `{error_id}` to the bot's maintainers."
    )
}

/// A button whose answer the bot no longer remembers.
pub fn expired() -> String {
    "I no longer have that answer (it is too old, or I restarted since). Please ask again."
        .to_string()
}

/// A slash command this bot does not (or no longer) provide.
pub fn unknown_command(name: &str) -> String {
    format!(
        "I don't know the command `/{}`. Try `/help` to see what I can do.",
        fit(&one_line(name).replace('`', "'"), 64)
    )
}

/// A `since`/`until` value that is not a date.
pub fn bad_date(option: &str, value: &str) -> String {
    format!(
        "I couldn't read `{option}: {}`. Please write a date as YYYY, YYYY-MM or YYYY-MM-DD, for example `2024` or `2024-03`.",
        fit(&one_line(value).replace('`', "'"), 40)
    )
}

/// A mention or DM with no question in it.
pub fn empty_question() -> String {
    "Ask me a question about Russia–Japan relations, for example: `@nichiro what did Nozdrev say about the peace treaty?` I answer with dated quotes from news articles. `/help` shows more."
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_polite_and_short() {
        assert!(rate_limited(30, 10).contains("30 seconds"));
        assert!(rate_limited(0, 10).contains("1 second."));
        assert!(apology("E1234abcd").contains("`E1234abcd`"));
        assert!(unknown_command("frob`nicate").contains("`/frob'nicate`"));
        assert!(bad_date("since", "2024/03").contains("YYYY-MM"));
    }
}
