//! The paged list views: `/search` passages, the `/timeline` of dated articles and the
//! `/sources` catalogue, with their ◀/▶ buttons.

use crate::answer::{ArticleSummary, PassageHit, TimelineEntry};
use crate::lang::Lang;

use crate::discord::buttons::ButtonId;
use crate::discord::fit::{escape_markdown, fit, quote, DESCRIPTION_MAX};
use crate::discord::locale;
use crate::discord::reply::{Button, Embed, Reply, Style, COLOUR};

use super::{article_line, one_line, safe_url, CorpusInfo};

/// What every page shows besides its items: where its buttons point, the corpus footer, and
/// the language of the words around the items.
#[derive(Debug, Clone, Copy)]
pub struct PageView<'a> {
    /// The page asked for (clamped to the last one).
    pub page: usize,
    /// The session the ◀/▶ buttons refer to (0 for `/sources`, which needs none).
    pub session: u64,
    pub corpus: &'a CorpusInfo,
    pub lang: Lang,
}

/// Passages shown per page of `/search`.
pub const SEARCH_PAGE: usize = 4;
/// Articles shown per page of `/timeline`.
pub const TIMELINE_PAGE: usize = 8;
/// Articles shown per page of `/sources`.
pub const SOURCES_PAGE: usize = 10;

/// A page of `/search` results.
pub fn passages(query: &str, hits: &[PassageHit], view: PageView<'_>) -> Reply {
    let lang = view.lang;
    if hits.is_empty() {
        let query = fit(&escape_markdown(&one_line(query)), 300);
        return Reply::text(locale::no_passages(lang, &query));
    }
    let (shown, page, pages) = page_of(hits, view.page, SEARCH_PAGE);
    let room = DESCRIPTION_MAX / SEARCH_PAGE - 400;
    let description = shown
        .iter()
        .map(|hit| {
            let text = fit(&escape_markdown(&one_line(&hit.text)), room);
            format!(
                "**{}.** {}\n{}",
                hit.rank,
                article_line(lang, &hit.title, None, hit.source.as_deref(), hit.date),
                quote(&text)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let session = view.session;
    paged(
        locale::passages_title(lang, &one_line(query)),
        description,
        (page, pages),
        view,
        |page| ButtonId::SearchPage { session, page },
    )
}

/// A page of `/timeline`: dated articles, oldest first, each with its key sentence.
pub fn timeline(topic: Option<&str>, entries: &[TimelineEntry], view: PageView<'_>) -> Reply {
    let lang = view.lang;
    if entries.is_empty() {
        let topic = topic.map(|t| fit(&escape_markdown(&one_line(t)), 300));
        return Reply::text(locale::no_timeline(lang, topic.as_deref()));
    }
    let (shown, page, pages) = page_of(entries, view.page, TIMELINE_PAGE);
    let room = DESCRIPTION_MAX / TIMELINE_PAGE - 220;
    let description = shown
        .iter()
        .map(|e| {
            let title = fit(&escape_markdown(&one_line(&e.title)), 150);
            let title = match e.url.as_deref().and_then(safe_url) {
                Some(url) => format!("[{title}]({url})"),
                None => title,
            };
            let source = e
                .source
                .as_deref()
                .map(|s| format!(" ({})", fit(&escape_markdown(&one_line(s)), 40)))
                .unwrap_or_default();
            let sentence = fit(&escape_markdown(&one_line(&e.key_sentence)), room);
            format!(
                "**{}** — {title}{source}\n{}",
                locale::date(lang, e.date),
                quote(&sentence)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let title = locale::timeline_title(lang, topic.map(one_line).as_deref());
    let session = view.session;
    paged(title, description, (page, pages), view, |page| {
        ButtonId::TimelinePage { session, page }
    })
}

/// A page of `/sources`: the corpus's articles, newest first.
pub fn sources(list: &[ArticleSummary], view: PageView<'_>) -> Reply {
    let lang = view.lang;
    if list.is_empty() {
        return Reply::text(locale::NO_SOURCES.get(lang));
    }
    let (shown, page, pages) = page_of(list, view.page, SOURCES_PAGE);
    let description = shown
        .iter()
        .map(|a| {
            format!(
                "• {}",
                article_line(
                    lang,
                    &a.title,
                    a.url.as_deref(),
                    a.source.as_deref(),
                    a.date
                )
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    paged(
        locale::sources_title(lang, list.len()),
        description,
        (page, pages),
        view,
        |page| ButtonId::SourcesPage { page },
    )
}

/// An embed with a page footer and ◀/▶ buttons (left out when there is one page).
fn paged(
    title: String,
    description: String,
    (page, pages): (usize, usize),
    view: PageView<'_>,
    id: impl Fn(usize) -> ButtonId,
) -> Reply {
    let lang = view.lang;
    let rows = if pages > 1 {
        vec![vec![
            Button::new(
                id(page.saturating_sub(1)).to_string(),
                locale::PREVIOUS.get(lang),
                Style::Secondary,
            )
            .emoji("◀️")
            .disabled(page == 0),
            Button::new(
                id(page + 1).to_string(),
                locale::NEXT.get(lang),
                Style::Secondary,
            )
            .emoji("▶️")
            .disabled(page + 1 >= pages),
        ]]
    } else {
        Vec::new()
    };
    Reply {
        embed: Some(Embed {
            title: Some(fit(&escape_markdown(&title), 256)),
            url: None,
            description,
            footer: Some(format!(
                "{} · {}",
                locale::page_of(lang, page + 1, pages),
                view.corpus.footer(lang)
            )),
            colour: COLOUR,
        }),
        rows,
        ..Reply::default()
    }
    .within_limits()
}

/// The items of page `page` (clamped to the last page), the page shown, and the page count.
fn page_of<T>(items: &[T], page: usize, per_page: usize) -> (&[T], usize, usize) {
    let pages = items.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = page * per_page;
    let end = (start + per_page).min(items.len());
    (&items[start..end], page, pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::discord::render::tests::corpus;

    #[test]
    fn pages_clamp_and_buttons_disable_at_the_ends() {
        let items: Vec<usize> = (0..23).collect();
        assert_eq!(page_of(&items, 0, 10), (&items[0..10], 0, 3));
        assert_eq!(page_of(&items, 2, 10), (&items[20..23], 2, 3));
        assert_eq!(page_of(&items, 9, 10), (&items[20..23], 2, 3));
        let empty: [usize; 0] = [];
        assert_eq!(page_of(&empty, 3, 10).2, 1);

        let list: Vec<ArticleSummary> = (0..23)
            .map(|i| ArticleSummary {
                article_id: format!("a{i}"),
                title: format!("Article {i}"),
                source: None,
                date: None,
                url: None,
                passages: 1,
            })
            .collect();
        let corpus = corpus();
        let view = |page| PageView {
            page,
            session: 0,
            corpus: &corpus,
            lang: Lang::En,
        };
        let first = sources(&list, view(0));
        let buttons = &first.rows[0];
        assert!(buttons[0].disabled && !buttons[1].disabled);
        assert_eq!(buttons[1].id, "sources:0:1");
        let last = sources(&list, view(2));
        assert!(last.rows[0][1].disabled);
        assert!(last
            .embed
            .unwrap()
            .footer
            .unwrap()
            .starts_with("Page 3 of 3 · Corpus"));
    }

    #[test]
    fn search_and_timeline_pages_fit() {
        let corpus = corpus();
        let hits: Vec<PassageHit> = (1..=9)
            .map(|rank| PassageHit {
                rank,
                article_id: format!("a{rank}"),
                title: "T".repeat(300),
                source: Some("S".repeat(300)),
                date: None,
                text: "Long passage text. ".repeat(200),
                score: 1.0,
            })
            .collect();
        let view = |page, lang| PageView {
            page,
            session: 1,
            corpus: &corpus,
            lang,
        };
        let reply = passages(&"q ".repeat(600), &hits, view(1, Lang::En));
        assert!(
            reply.limit_violations().is_empty(),
            "{:?}",
            reply.limit_violations()
        );
        assert!(reply.embed.unwrap().description.starts_with("**5.**"));

        let entries: Vec<TimelineEntry> = (1..=20)
            .map(|i| TimelineEntry {
                date: PartialDate::year(2000 + i).unwrap(),
                article_id: format!("a{i}"),
                title: "Title ".repeat(60),
                source: Some("Source".into()),
                url: Some("https://example.org/x".into()),
                key_sentence: "Key sentence here. ".repeat(80),
            })
            .collect();
        let reply = timeline(Some("peace treaty"), &entries, view(0, Lang::En));
        assert!(
            reply.limit_violations().is_empty(),
            "{:?}",
            reply.limit_violations()
        );
        assert!(reply.embed.unwrap().description.starts_with("**2001** — "));
        assert!(timeline(None, &[], view(0, Lang::En))
            .content
            .unwrap()
            .contains("no dated"));
        let ja = timeline(Some("平和条約"), &entries, view(1, Lang::Ja));
        let embed = ja.embed.unwrap();
        assert_eq!(embed.title.as_deref(), Some("年表：平和条約"));
        assert!(
            embed.description.starts_with("**2009年** — "),
            "{}",
            embed.description
        );
        assert!(embed.footer.unwrap().starts_with("2/3ページ · コーパス"));
        assert_eq!(ja.rows[0][1].label, "次へ");
        let ru = passages("Ноздрев", &hits, view(0, Lang::Ru));
        assert_eq!(
            ru.embed.unwrap().title.as_deref(),
            Some("Фрагменты по запросу «Ноздрев»")
        );
    }
}
