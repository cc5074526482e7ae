//! What subscriptions post and say: one post per new article (title linked to the article,
//! source, date or "undated", and its key sentence, verbatim), one digest for a burst, and the
//! private notes of `/subscribe` and `/unsubscribe`, in English, Japanese or Russian.

use crate::answer::NewsItem;

use super::{article_line, one_line};
use crate::discord::fit::{chars, escape_markdown, fit, quote, DESCRIPTION_MAX};
use crate::discord::reply::{Embed, Reply, COLOUR};
use crate::lang::Lang;

/// More new articles than this for one subscription at once are posted as one digest.
pub const DIGEST_AFTER: usize = 3;
/// Room for a key sentence in a digest entry: a digest is a list to skim, not to read.
const DIGEST_SENTENCE: usize = 280;
/// Room for a key sentence in a post of its own.
const POST_SENTENCE: usize = 1500;

/// The messages for new articles `items` on a subscription to `topic`: one each, or one
/// digest when there are more than [`DIGEST_AFTER`]. None for no articles.
pub fn news_posts(items: &[NewsItem], topic: Option<&str>, lang: Lang) -> Vec<Reply> {
    if items.len() > DIGEST_AFTER {
        vec![digest(items, topic, lang)]
    } else {
        items.iter().map(|item| post(item, topic, lang)).collect()
    }
}

/// One new article.
fn post(item: &NewsItem, topic: Option<&str>, lang: Lang) -> Reply {
    let description = format!(
        "{}\n{}",
        line(item, lang),
        sentence(item, POST_SENTENCE, lang)
    );
    embed(heading(1, topic, lang), description)
}

/// Many new articles in one message: as many entries as fit, whole, then "and N more".
fn digest(items: &[NewsItem], topic: Option<&str>, lang: Lang) -> Reply {
    // Keep room for the closing line whatever N is.
    let room = DESCRIPTION_MAX - 40;
    let mut description = String::new();
    let mut shown = 0;
    for item in items {
        let entry = format!(
            "• {}\n{}",
            line(item, lang),
            sentence(item, DIGEST_SENTENCE, lang)
        );
        let separator = if description.is_empty() { 0 } else { 2 };
        if chars(&description) + separator + chars(&entry) > room {
            break;
        }
        if separator > 0 {
            description.push_str("\n\n");
        }
        description.push_str(&entry);
        shown += 1;
    }
    if shown < items.len() {
        description.push_str("\n\n");
        description.push_str(&more(items.len() - shown, lang));
    }
    embed(heading(items.len(), topic, lang), description)
}

fn embed(title: String, description: String) -> Reply {
    Reply {
        embed: Some(Embed {
            title: Some(fit(&title, 256)),
            url: None,
            description,
            footer: None,
            colour: COLOUR,
        }),
        ..Reply::default()
    }
    .within_limits()
}

/// Title (linked when the article has a url) · source · date or "undated".
fn line(item: &NewsItem, lang: Lang) -> String {
    article_line(
        lang,
        &item.title,
        item.url.as_deref(),
        item.source.as_deref(),
        item.date,
    )
}

/// The key sentence as a quote, escaped, cut to `room` at a sentence end if it must be.
fn sentence(item: &NewsItem, room: usize, lang: Lang) -> String {
    match &item.key_sentence {
        Some(text) => quote(&fit(&escape_markdown(&one_line(text)), room)),
        None => match lang {
            Lang::En => "(no text to quote)",
            Lang::Ja => "（引用できる本文がありません）",
            Lang::Ru => "(нет текста для цитаты)",
        }
        .to_string(),
    }
}

/// The topic as shown: one line, escaped, short.
fn shown_topic(topic: &str) -> String {
    fit(&escape_markdown(&one_line(topic)), 100)
}

/// "New article on “peace treaty”", "5 new articles".
fn heading(count: usize, topic: Option<&str>, lang: Lang) -> String {
    // Embed titles show Markdown as typed, so the topic is only put on one line here.
    let topic = topic.map(|t| fit(&one_line(t), 100));
    match (lang, count, topic) {
        (Lang::En, 1, None) => "New article".into(),
        (Lang::En, 1, Some(t)) => format!("New article on “{t}”"),
        (Lang::En, n, None) => format!("{n} new articles"),
        (Lang::En, n, Some(t)) => format!("{n} new articles on “{t}”"),
        (Lang::Ja, 1, None) => "新着記事".into(),
        (Lang::Ja, 1, Some(t)) => format!("「{t}」の新着記事"),
        (Lang::Ja, n, None) => format!("新着記事 {n} 件"),
        (Lang::Ja, n, Some(t)) => format!("「{t}」の新着記事 {n} 件"),
        (Lang::Ru, 1, None) => "Новая статья".into(),
        (Lang::Ru, 1, Some(t)) => format!("Новая статья по теме «{t}»"),
        (Lang::Ru, n, None) => format!("Новые статьи: {n}"),
        (Lang::Ru, n, Some(t)) => format!("Новые статьи по теме «{t}»: {n}"),
    }
}

fn more(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("…and {n} more."),
        Lang::Ja => format!("…ほか {n} 件。"),
        Lang::Ru => format!("…и ещё {n}."),
    }
}

/// `/subscribe` done. `replaced` is the channel's earlier subscription, by its topic.
pub fn subscribed(topic: Option<&str>, replaced: Option<Option<&str>>, lang: Lang) -> String {
    let topic = topic.map(shown_topic);
    let mut out = match (lang, &topic) {
        (Lang::En, Some(t)) => {
            format!("Subscribed: I'll post each new article on “{t}” in this channel.")
        }
        (Lang::En, None) => "Subscribed: I'll post every new article in this channel.".to_string(),
        (Lang::Ja, Some(t)) => {
            format!("登録しました。「{t}」に関する新着記事をこのチャンネルに投稿します。")
        }
        (Lang::Ja, None) => {
            "登録しました。すべての新着記事をこのチャンネルに投稿します。".to_string()
        }
        (Lang::Ru, Some(t)) => format!(
            "Подписка оформлена: новые статьи по теме «{t}» будут появляться в этом канале."
        ),
        (Lang::Ru, None) => {
            "Подписка оформлена: все новые статьи будут появляться в этом канале.".to_string()
        }
    };
    if let Some(old) = replaced {
        let old = old.map(shown_topic);
        out.push(' ');
        out.push_str(&match (lang, old) {
            (Lang::En, Some(o)) => format!("This replaces the earlier subscription (“{o}”)."),
            (Lang::En, None) => {
                "This replaces the earlier subscription (every new article).".into()
            }
            (Lang::Ja, Some(o)) => format!("以前の登録（「{o}」）は置き換えました。"),
            (Lang::Ja, None) => "以前の登録（すべての新着記事）は置き換えました。".into(),
            (Lang::Ru, Some(o)) => format!("Она заменяет прежнюю подписку («{o}»)."),
            (Lang::Ru, None) => "Она заменяет прежнюю подписку (все новые статьи).".into(),
        });
    }
    out.push(' ');
    out.push_str(match lang {
        Lang::En => "`/unsubscribe` stops it.",
        Lang::Ja => "`/unsubscribe` で停止できます。",
        Lang::Ru => "Отменить: `/unsubscribe`.",
    });
    out
}

/// `/unsubscribe` done: `ended` is the subscription's topic, `None` when there was none.
pub fn unsubscribed(ended: Option<Option<&str>>, lang: Lang) -> String {
    match (lang, ended.map(|t| t.map(shown_topic))) {
        (Lang::En, Some(Some(t))) => format!("Unsubscribed: no more new articles on “{t}” in this channel."),
        (Lang::En, Some(None)) => "Unsubscribed: no more new articles in this channel.".into(),
        (Lang::En, None) => "This channel has no subscription: there was nothing to stop.".into(),
        (Lang::Ja, Some(Some(t))) => format!("登録を解除しました。「{t}」の新着記事はこのチャンネルに投稿されなくなります。"),
        (Lang::Ja, Some(None)) => "登録を解除しました。新着記事はこのチャンネルに投稿されなくなります。".into(),
        (Lang::Ja, None) => "このチャンネルには登録がありません。停止するものはありませんでした。".into(),
        (Lang::Ru, Some(Some(t))) => format!("Подписка отменена: новые статьи по теме «{t}» больше не будут появляться в этом канале."),
        (Lang::Ru, Some(None)) => "Подписка отменена: новые статьи больше не будут появляться в этом канале.".into(),
        (Lang::Ru, None) => "У этого канала нет подписки — отменять нечего.".into(),
    }
}

/// Someone without Administrator or Manage Channels used `/subscribe` or `/unsubscribe`.
pub fn not_a_channel_manager(lang: Lang) -> String {
    match lang {
        Lang::En => "Only server administrators and members who can manage channels can subscribe a channel to new articles or unsubscribe it.",
        Lang::Ja => "チャンネルの登録と解除は、サーバー管理者とチャンネル管理の権限を持つメンバーだけができます。",
        Lang::Ru => "Подписывать канал на новые статьи и отменять подписку могут только администраторы сервера и участники с правом управлять каналами.",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: usize, date: Option<&str>) -> NewsItem {
        NewsItem {
            article_id: format!("a{n}"),
            title: format!("Talks *resume* round {n}"),
            source: Some("TASS".into()),
            date: date.map(|d| d.parse().unwrap()),
            url: Some(format!("https://example.org/{n}")),
            key_sentence: Some(format!(
                "Moscow and Tokyo met for round {n} of the peace treaty talks."
            )),
        }
    }

    #[test]
    fn a_post_links_the_title_and_quotes_the_sentence_with_source_and_date() {
        let posts = news_posts(&[item(1, Some("2024-03"))], Some("peace treaty"), Lang::En);
        assert_eq!(posts.len(), 1);
        let embed = posts[0].embed.as_ref().unwrap();
        assert_eq!(
            embed.title.as_deref(),
            Some("New article on “peace treaty”")
        );
        assert_eq!(
            embed.description,
            "[Talks \\*resume\\* round 1](https://example.org/1) · TASS · March 2024\n\
             > Moscow and Tokyo met for round 1 of the peace treaty talks."
        );
        let mut undated = item(2, None);
        undated.url = None;
        undated.key_sentence = None;
        let posts = news_posts(&[undated], None, Lang::Ru);
        let embed = posts[0].embed.as_ref().unwrap();
        assert_eq!(embed.title.as_deref(), Some("Новая статья"));
        assert!(
            embed
                .description
                .starts_with("**Talks \\*resume\\* round 2** · TASS · без даты\n"),
            "{}",
            embed.description
        );
        assert!(posts[0].limit_violations().is_empty());
    }

    #[test]
    fn up_to_three_are_posted_apart_and_a_burst_is_one_digest() {
        let three: Vec<NewsItem> = (1..=3).map(|n| item(n, Some("2025-06-01"))).collect();
        assert_eq!(news_posts(&three, None, Lang::En).len(), 3);
        assert!(news_posts(&[], None, Lang::En).is_empty());

        let five: Vec<NewsItem> = (1..=5).map(|n| item(n, Some("2025-06-01"))).collect();
        let posts = news_posts(&five, Some("peace treaty"), Lang::Ja);
        assert_eq!(posts.len(), 1);
        let embed = posts[0].embed.as_ref().unwrap();
        assert_eq!(
            embed.title.as_deref(),
            Some("「peace treaty」の新着記事 5 件")
        );
        for n in 1..=5 {
            assert!(embed
                .description
                .contains(&format!("round {n} of the peace")));
        }
        assert!(!embed.description.contains("ほか"), "all five fit");
    }

    #[test]
    fn a_huge_burst_is_cut_at_an_entry_and_counts_the_rest() {
        let many: Vec<NewsItem> = (1..=200)
            .map(|n| {
                let mut i = item(n, None);
                i.title = "Long title ".repeat(30);
                i.key_sentence = Some("A very long sentence about fisheries. ".repeat(40));
                i
            })
            .collect();
        let posts = news_posts(&many, None, Lang::En);
        assert_eq!(posts.len(), 1);
        assert!(
            posts[0].limit_violations().is_empty(),
            "{:?}",
            posts[0].limit_violations()
        );
        let description = &posts[0].embed.as_ref().unwrap().description;
        let shown = description.matches("• ").count();
        assert!(shown >= 5, "{shown}");
        assert!(
            description.ends_with(&format!("…and {} more.", 200 - shown)),
            "{description}"
        );
        // Every entry shown is whole: its quote line follows its title line.
        let entries: Vec<&str> = description.split("\n\n").collect();
        for entry in &entries[..entries.len() - 1] {
            assert!(entry.starts_with("• ") && entry.contains("\n> "), "{entry}");
        }
    }

    #[test]
    fn notes_say_what_changed_in_each_language() {
        let en = subscribed(Some("peace treaty"), Some(None), Lang::En);
        assert!(en.contains("each new article on “peace treaty”"), "{en}");
        assert!(
            en.contains("replaces the earlier subscription (every new article)"),
            "{en}"
        );
        assert!(subscribed(None, None, Lang::Ja).contains("すべての新着記事"));
        assert!(subscribed(Some("*x*"), None, Lang::Ru).contains("«\\*x\\*»"));
        assert!(unsubscribed(None, Lang::En).contains("nothing to stop"));
        assert!(unsubscribed(Some(Some("fisheries")), Lang::En).contains("“fisheries”"));
        assert!(unsubscribed(None, Lang::Ru).contains("нечего"));
        assert!(not_a_channel_manager(Lang::En).contains("manage channels"));
        for lang in [Lang::En, Lang::Ja, Lang::Ru] {
            assert!(
                chars(&subscribed(
                    Some(&"x".repeat(300)),
                    Some(Some(&"y".repeat(300))),
                    lang
                )) < 2000
            );
        }
    }
}
