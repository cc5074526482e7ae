//! The answer view: quoted citations with their buttons, the abstention sentence when the
//! engine declines, and the full passage a citation's button opens.

use crate::answer::{Answer, Citation, ABSTAIN_MESSAGE};
use crate::date::PartialDate;
use crate::lang::Lang;

use super::super::buttons::ButtonId;
use super::super::fit::{chars, escape_markdown, fit, quote, BUTTONS_PER_ROW, DESCRIPTION_MAX};
use super::super::reply::{Button, Embed, Reply, Style, COLOUR};
use super::{article_line, one_line, safe_url, CorpusInfo};

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
            abstention(
                answer.message.as_deref(),
                answer.lang,
                view.since,
                view.until,
            )
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

/// The plain sentence for an abstention, with the date range when one narrowed the search, in
/// the asker's language (the engine's message already is).
pub fn abstention(
    message: Option<&str>,
    lang: Lang,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> String {
    let mut sentence = message.unwrap_or(ABSTAIN_MESSAGE).to_string();
    if let Some(range) = date_range(since, until) {
        sentence.push_str(&match lang {
            Lang::En => {
                format!(" (I only looked at articles dated {range}; a wider range may help.)")
            }
            Lang::Ja => format!(
                "（{range} の記事だけを調べました。期間を広げると見つかるかもしれません。）"
            ),
            Lang::Ru => format!(
                " (Я смотрел только статьи за период {range}; более широкий период может помочь.)"
            ),
        });
    }
    sentence.push_str(match lang {
        Lang::En => " You could try other words, or `/search` for passages.",
        Lang::Ja => "別の言葉で質問するか、`/search` で段落を検索してみてください。",
        Lang::Ru => " Попробуйте другие слова или `/search` для поиска фрагментов.",
    });
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

#[cfg(test)]
mod tests {
    use super::super::tests::corpus;
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
            abstain_reason: None,
            lang: crate::lang::Lang::En,
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
}
