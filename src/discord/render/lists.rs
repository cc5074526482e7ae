//! The paged list views: `/search` passages, the `/timeline` of dated articles and the
//! `/sources` catalogue, with their ◀/▶ buttons.

use crate::answer::{ArticleSummary, PassageHit, TimelineEntry};

use super::super::buttons::ButtonId;
use super::super::fit::{escape_markdown, fit, quote, DESCRIPTION_MAX};
use super::super::reply::{Button, Embed, Reply, Style, COLOUR};
use super::{article_line, one_line, safe_url, CorpusInfo};

/// Passages shown per page of `/search`.
pub const SEARCH_PAGE: usize = 4;
/// Articles shown per page of `/timeline`.
pub const TIMELINE_PAGE: usize = 8;
/// Articles shown per page of `/sources`.
pub const SOURCES_PAGE: usize = 10;

/// A page of `/search` results.
pub fn passages(
    query: &str,
    hits: &[PassageHit],
    page: usize,
    session: u64,
    corpus: &CorpusInfo,
) -> Reply {
    if hits.is_empty() {
        return Reply::text(format!(
            "No passages match “{}”. Try other or fewer words.",
            fit(&escape_markdown(&one_line(query)), 300)
        ));
    }
    let (shown, page, pages) = page_of(hits, page, SEARCH_PAGE);
    let room = DESCRIPTION_MAX / SEARCH_PAGE - 400;
    let description = shown
        .iter()
        .map(|hit| {
            let text = fit(&escape_markdown(&one_line(&hit.text)), room);
            format!(
                "**{}.** {}\n{}",
                hit.rank,
                article_line(&hit.title, None, hit.source.as_deref(), hit.date),
                quote(&text)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    paged(
        format!("Passages for “{}”", one_line(query)),
        description,
        page,
        pages,
        corpus,
        |page| ButtonId::SearchPage { session, page },
    )
}

/// A page of `/timeline`: dated articles, oldest first, each with its key sentence.
pub fn timeline(
    topic: Option<&str>,
    entries: &[TimelineEntry],
    page: usize,
    session: u64,
    corpus: &CorpusInfo,
) -> Reply {
    if entries.is_empty() {
        return Reply::text(match topic {
            Some(topic) => format!(
                "No dated articles mention “{}”. Try another topic, or `/timeline` alone for everything.",
                fit(&escape_markdown(&one_line(topic)), 300)
            ),
            None => "The corpus has no dated articles yet.".to_string(),
        });
    }
    let (shown, page, pages) = page_of(entries, page, TIMELINE_PAGE);
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
                e.date.human(),
                quote(&sentence)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let title = match topic {
        Some(topic) => format!("Timeline: {}", one_line(topic)),
        None => "Timeline of the corpus".to_string(),
    };
    paged(title, description, page, pages, corpus, |page| {
        ButtonId::TimelinePage { session, page }
    })
}

/// A page of `/sources`: the corpus's articles, newest first.
pub fn sources(list: &[ArticleSummary], page: usize, corpus: &CorpusInfo) -> Reply {
    if list.is_empty() {
        return Reply::text("The corpus is empty: there are no articles to list yet.");
    }
    let (shown, page, pages) = page_of(list, page, SOURCES_PAGE);
    let description = shown
        .iter()
        .map(|a| {
            format!(
                "• {}",
                article_line(&a.title, a.url.as_deref(), a.source.as_deref(), a.date)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    paged(
        format!("Sources ({} articles, newest first)", list.len()),
        description,
        page,
        pages,
        corpus,
        |page| ButtonId::SourcesPage { page },
    )
}

/// An embed with a page footer and ◀/▶ buttons (left out when there is one page).
fn paged(
    title: String,
    description: String,
    page: usize,
    pages: usize,
    corpus: &CorpusInfo,
    id: impl Fn(usize) -> ButtonId,
) -> Reply {
    let rows = if pages > 1 {
        vec![vec![
            Button::new(
                id(page.saturating_sub(1)).to_string(),
                "Previous",
                Style::Secondary,
            )
            .emoji("◀️")
            .disabled(page == 0),
            Button::new(id(page + 1).to_string(), "Next", Style::Secondary)
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
            fields: Vec::new(),
            footer: Some(format!(
                "Page {} of {pages} · {}",
                page + 1,
                corpus.footer()
            )),
            colour: COLOUR,
        }),
        rows,
        ..Reply::default()
    }
    .within_limits()
}

/// The items of page `page` (clamped to the last page), the page shown, and the page count.
pub fn page_of<T>(items: &[T], page: usize, per_page: usize) -> (&[T], usize, usize) {
    let pages = items.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = page * per_page;
    let end = (start + per_page).min(items.len());
    (&items[start..end], page, pages)
}

#[cfg(test)]
mod tests {
    use super::super::tests::corpus;
    use super::*;
    use crate::date::PartialDate;

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
        let first = sources(&list, 0, &corpus);
        let buttons = &first.rows[0];
        assert!(buttons[0].disabled && !buttons[1].disabled);
        assert_eq!(buttons[1].id, "sources:0:1");
        let last = sources(&list, 2, &corpus);
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
        let reply = passages(&"q ".repeat(600), &hits, 1, 1, &corpus);
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
        let reply = timeline(Some("peace treaty"), &entries, 0, 2, &corpus);
        assert!(
            reply.limit_violations().is_empty(),
            "{:?}",
            reply.limit_violations()
        );
        assert!(reply.embed.unwrap().description.starts_with("**2001** — "));
        assert!(timeline(None, &[], 0, 2, &corpus)
            .content
            .unwrap()
            .contains("no dated"));
    }
}
