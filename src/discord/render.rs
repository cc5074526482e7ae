//! Rendering: engine results and bot notes turned into [`Reply`] values.
//!
//! Pure functions of their inputs (no Discord, no engine), so each view is unit-tested for its
//! content and for Discord's limits. Everything taken from articles or users is escaped for
//! Markdown before it is placed in a message.

use crate::answer::{Answer, ArticleSummary, Citation, PassageHit, TimelineEntry, ABSTAIN_MESSAGE};
use crate::date::PartialDate;

use super::buttons::ButtonId;
use super::fit::{chars, escape_markdown, fit, quote, BUTTONS_PER_ROW, DESCRIPTION_MAX};
use super::locale::Lang;
use super::reply::{Button, Embed, Reply, Style, COLOUR};

/// Passages shown per page of `/search`.
pub const SEARCH_PAGE: usize = 4;
/// Articles shown per page of `/timeline`.
pub const TIMELINE_PAGE: usize = 8;
/// Articles shown per page of `/sources`.
pub const SOURCES_PAGE: usize = 10;

/// How big and how recent the corpus is, for footers.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusInfo {
    pub articles: usize,
    pub newest: Option<PartialDate>,
}

impl CorpusInfo {
    /// "Corpus: 42 articles, newest 14 February 2026".
    pub fn footer(&self) -> String {
        let articles = match self.articles {
            1 => "1 article".to_string(),
            n => format!("{n} articles"),
        };
        match self.newest {
            Some(date) => format!("Corpus: {articles}, newest {}", date.human()),
            None => format!("Corpus: {articles}, none dated"),
        }
    }
}

/// What, besides the answer, its message shows and links to.
#[derive(Debug, Clone)]
pub struct AnswerView<'a> {
    /// The session its buttons refer to.
    pub session: u64,
    pub corpus: &'a CorpusInfo,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// The offset the answer was asked with (0, or the "More sources" position).
    pub offset: usize,
}

/// An answer: an embed quoting each citation, or a plain sentence when the engine abstains.
pub fn answer(answer: &Answer, view: &AnswerView<'_>) -> Reply {
    let votes = vec![
        Button::new(
            ButtonId::Vote {
                session: view.session,
                offset: view.offset,
                up: true,
            }
            .to_string(),
            "Helpful",
            Style::Secondary,
        )
        .emoji("👍"),
        Button::new(
            ButtonId::Vote {
                session: view.session,
                offset: view.offset,
                up: false,
            }
            .to_string(),
            "Not helpful",
            Style::Secondary,
        )
        .emoji("👎"),
    ];
    if answer.abstained || answer.citations.is_empty() {
        let sentence = if view.offset > 0 {
            "There are no further sources for this question.".to_string()
        } else {
            abstention(answer.message.as_deref(), view.since, view.until)
        };
        return Reply {
            content: Some(sentence),
            rows: vec![votes],
            ..Reply::default()
        }
        .within_limits();
    }

    let mut first_row = Vec::new();
    if answer.has_more {
        let next = view.offset + answer.citations.len();
        first_row.push(Button::new(
            ButtonId::More {
                session: view.session,
                offset: next,
            }
            .to_string(),
            "More sources",
            Style::Primary,
        ));
    }
    first_row.extend(votes);
    let mut rows = vec![first_row];
    let passages: Vec<Button> = answer
        .citations
        .iter()
        .map(|c| {
            Button::new(
                ButtonId::Full {
                    session: view.session,
                    rank: c.rank,
                }
                .to_string(),
                format!("Full passage {}", c.rank),
                Style::Secondary,
            )
        })
        .collect();
    rows.extend(passages.chunks(BUTTONS_PER_ROW).map(<[Button]>::to_vec));

    let mut footer = view.corpus.footer();
    if let Some(range) = date_range(view.since, view.until) {
        footer = format!("Articles dated {range} · {footer}");
    }
    Reply {
        content: None,
        embed: Some(Embed {
            title: Some(fit(&escape_markdown(&one_line(&answer.question)), 256)),
            url: None,
            description: citations(&answer.citations),
            fields: Vec::new(),
            footer: Some(footer),
            colour: COLOUR,
        }),
        rows,
        ephemeral: false,
    }
    .within_limits()
}

/// The citations as quotes, each followed by its article's title, source and date. The room
/// left by the article lines is shared among the excerpts, so every citation keeps its place
/// and each long excerpt is cut at a sentence end.
fn citations(citations: &[Citation]) -> String {
    let metas: Vec<String> = citations.iter().map(citation_meta).collect();
    // Between blocks: "\n\n"; inside a block: the quote, "\n", the article line.
    let fixed: usize = metas.iter().map(|m| chars(m) + 3).sum::<usize>() + 2;
    let mut room = DESCRIPTION_MAX.saturating_sub(fixed);
    let mut blocks = Vec::with_capacity(citations.len());
    for (i, (citation, meta)) in citations.iter().zip(&metas).enumerate() {
        let share = room / (citations.len() - i);
        // "> " adds two characters to the single line the excerpt is flattened to.
        let excerpt = fit(
            &escape_markdown(&one_line(&citation.excerpt)),
            share.saturating_sub(2),
        );
        let block = format!("{}\n{meta}", quote(&excerpt));
        room = room.saturating_sub(chars(&excerpt) + 2);
        blocks.push(block);
    }
    blocks.join("\n\n")
}

/// "**1.** [Title](url) · TASS · 4 March 2024", with "undated" when the date is unknown.
fn citation_meta(c: &Citation) -> String {
    format!(
        "**{}.** {}",
        c.rank,
        article_line(&c.title, c.url.as_deref(), c.source.as_deref(), c.date)
    )
}

/// An article's title (a link when it has a usable url), source and date.
fn article_line(
    title: &str,
    url: Option<&str>,
    source: Option<&str>,
    date: Option<PartialDate>,
) -> String {
    let title = fit(&escape_markdown(&one_line(title)), 200);
    let mut line = match url.and_then(safe_url) {
        Some(url) => format!("[{title}]({url})"),
        None => format!("**{title}**"),
    };
    if let Some(source) = source.filter(|s| !s.trim().is_empty()) {
        line.push_str(" · ");
        line.push_str(&fit(&escape_markdown(&one_line(source)), 80));
    }
    line.push_str(" · ");
    line.push_str(&date.map_or_else(|| "undated".to_string(), |d| d.human()));
    line
}

/// A url fit for a Markdown link: http(s), no whitespace, parentheses encoded, not absurdly long.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 512
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| url.replace('(', "%28").replace(')', "%29"))
}

/// The plain sentence for an abstention, with the date range when one narrowed the search.
pub fn abstention(
    message: Option<&str>,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> String {
    let mut sentence = message.unwrap_or(ABSTAIN_MESSAGE).to_string();
    if let Some(range) = date_range(since, until) {
        sentence.push_str(&format!(
            " (I only looked at articles dated {range}; a wider range may help.)"
        ));
    }
    sentence.push_str(" You could try other words, or `/search` for passages.");
    sentence
}

/// "since 2024", "until March 2025", "from 2024 to March 2025".
fn date_range(since: Option<PartialDate>, until: Option<PartialDate>) -> Option<String> {
    match (since, until) {
        (None, None) => None,
        (Some(s), None) => Some(format!("since {}", s.human())),
        (None, Some(u)) => Some(format!("until {}", u.human())),
        (Some(s), Some(u)) => Some(format!("from {} to {}", s.human(), u.human())),
    }
}

/// The whole passage a citation comes from, with the quoted excerpt in bold.
pub fn full_passage(c: &Citation) -> Reply {
    let passage = if c.passage.trim().is_empty() {
        &c.excerpt
    } else {
        &c.passage
    };
    let text = match passage
        .find(c.excerpt.as_str())
        .filter(|_| !c.excerpt.is_empty())
    {
        Some(at) => {
            let (before, rest) = passage.split_at(at);
            let after = &rest[c.excerpt.len()..];
            format!(
                "{}**{}**{}",
                escape_markdown(before),
                escape_markdown(&c.excerpt),
                escape_markdown(after)
            )
        }
        None => escape_markdown(passage),
    };
    let mut footer = c.source.clone().unwrap_or_default();
    if !footer.is_empty() {
        footer.push_str(" · ");
    }
    footer.push_str(&c.date.map_or_else(|| "undated".to_string(), |d| d.human()));
    Reply {
        embed: Some(Embed {
            title: Some(fit(&escape_markdown(&one_line(&c.title)), 256)),
            url: c.url.as_deref().and_then(safe_url),
            description: fit(&text, DESCRIPTION_MAX),
            fields: Vec::new(),
            footer: Some(footer),
            colour: COLOUR,
        }),
        ephemeral: true,
        ..Reply::default()
    }
    .within_limits()
}

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

/// Text on one line: newlines and runs of whitespace become single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(rank: usize, excerpt: &str) -> Citation {
        Citation {
            rank,
            article_id: format!("article-{rank}"),
            title: format!("Title {rank}"),
            source: Some("Kyodo".into()),
            date: Some("2024-03-04".parse().unwrap()),
            url: Some(format!("https://example.org/{rank}")),
            excerpt: excerpt.into(),
            score: 1.0,
            passage: format!("Before. {excerpt} After."),
        }
    }

    fn corpus() -> CorpusInfo {
        CorpusInfo {
            articles: 42,
            newest: Some("2026-02-14".parse().unwrap()),
        }
    }

    fn view(corpus: &CorpusInfo) -> AnswerView<'_> {
        AnswerView {
            session: 0xabc,
            corpus,
            since: None,
            until: None,
            offset: 0,
        }
    }

    fn answered(citations: Vec<Citation>, has_more: bool) -> Answer {
        Answer {
            question: "Where did Nozdrev land?".into(),
            abstained: false,
            message: None,
            citations,
            has_more,
        }
    }

    #[test]
    fn answer_quotes_each_citation_with_title_source_and_date() {
        let corpus = corpus();
        let mut undated = citation(2, "The embassy gave *no* comment.");
        undated.date = None;
        undated.url = None;
        let reply = answer(
            &answered(
                vec![citation(1, "Nozdrev landed at Haneda Airport."), undated],
                true,
            ),
            &view(&corpus),
        );
        let embed = reply.embed.as_ref().unwrap();
        assert_eq!(embed.title.as_deref(), Some("Where did Nozdrev land?"));
        assert!(embed.description.contains(
            "> Nozdrev landed at Haneda Airport.\n**1.** [Title 1](https://example.org/1) · Kyodo · 4 March 2024"
        ));
        assert!(embed.description.contains(
            "> The embassy gave \\*no\\* comment.\n**2.** **Title 2** · Kyodo · undated"
        ));
        assert_eq!(
            embed.footer.as_deref(),
            Some("Corpus: 42 articles, newest 14 February 2026")
        );
        let ids: Vec<&str> = reply.rows.iter().flatten().map(|b| b.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "more:abc:2",
                "vote:abc:0:up",
                "vote:abc:0:down",
                "full:abc:1",
                "full:abc:2"
            ]
        );
        assert!(reply.limit_violations().is_empty());
    }

    #[test]
    fn abstention_is_a_plain_sentence_with_feedback_buttons() {
        let corpus = corpus();
        let mut abstained = answered(Vec::new(), false);
        abstained.abstained = true;
        abstained.message = Some(ABSTAIN_MESSAGE.into());
        let mut v = view(&corpus);
        v.since = Some("2024".parse().unwrap());
        let reply = answer(&abstained, &v);
        assert!(reply.embed.is_none());
        let content = reply.content.unwrap();
        assert!(content.starts_with(ABSTAIN_MESSAGE));
        assert!(content.contains("since 2024"));
        assert_eq!(reply.rows.len(), 1);
    }

    #[test]
    fn long_excerpts_share_the_room_and_end_at_sentences() {
        let corpus = corpus();
        let sentence =
            "The peace treaty talks were suspended by Moscow after sanctions were imposed. ";
        let long = sentence.repeat(60);
        let citations: Vec<Citation> = (1..=5).map(|r| citation(r, long.trim())).collect();
        let mut a = answered(citations, true);
        a.question = "why? ".repeat(400);
        let reply = answer(&a, &view(&corpus));
        assert!(
            reply.limit_violations().is_empty(),
            "{:?}",
            reply.limit_violations()
        );
        let description = &reply.embed.as_ref().unwrap().description;
        for rank in 1..=5 {
            assert!(description.contains(&format!("**{rank}.** [Title {rank}]")));
        }
        for block in description.split("\n\n") {
            let quoted = block.lines().next().unwrap();
            assert!(quoted.ends_with("imposed. …"), "{quoted}");
        }
        assert!(reply.rows.iter().all(|r| r.len() <= BUTTONS_PER_ROW));
    }

    #[test]
    fn hostile_text_is_escaped_and_urls_are_sanitised() {
        let corpus = corpus();
        let mut c = citation(1, "@everyone <@123> [click](https://evil) ||spoiler||");
        c.title = "A [fake](link) title".into();
        c.url = Some("javascript:alert(1)".into());
        let reply = answer(&answered(vec![c], false), &view(&corpus));
        let d = &reply.embed.unwrap().description;
        assert!(d.contains("\\<@123> \\[click\\](https://evil) \\|\\|spoiler\\|\\|"));
        assert!(d.contains("**A \\[fake\\](link) title**"), "{d}");
        assert_eq!(
            safe_url("https://e.org/a_(b)").as_deref(),
            Some("https://e.org/a_%28b%29")
        );
    }

    #[test]
    fn full_passage_bolds_the_excerpt() {
        let c = citation(1, "Nozdrev landed.");
        let reply = full_passage(&c);
        assert!(reply.ephemeral);
        let embed = reply.embed.unwrap();
        assert_eq!(embed.description, "Before. **Nozdrev landed.** After.");
        assert_eq!(embed.footer.as_deref(), Some("Kyodo · 4 March 2024"));
        assert_eq!(embed.url.as_deref(), Some("https://example.org/1"));
    }

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

    #[test]
    fn notes_are_polite_and_short() {
        assert!(rate_limited(30, 10).contains("30 seconds"));
        assert!(rate_limited(0, 10).contains("1 second."));
        assert!(apology("E1234abcd").contains("`E1234abcd`"));
        assert!(unknown_command("frob`nicate").contains("`/frob'nicate`"));
        assert!(bad_date("since", "2024/03").contains("YYYY-MM"));
        assert_eq!(
            CorpusInfo {
                articles: 1,
                newest: None
            }
            .footer(),
            "Corpus: 1 article, none dated"
        );
    }
}
