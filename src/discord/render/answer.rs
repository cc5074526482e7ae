//! The answer view: quoted citations with their buttons, the abstention sentence when the
//! engine declines, and the full passage a citation's button opens. The words around the
//! quotes are in the asker's language; the quotes themselves are the articles' English,
//! verbatim, and a Japanese or Russian reader is told so.

use crate::answer::{Answer, Citation};
use crate::date::PartialDate;
use crate::lang::{AbstainReason, Lang};

use crate::discord::buttons::ButtonId;
use crate::discord::fit::{chars, escape_markdown, fit, quote, BUTTONS_PER_ROW, DESCRIPTION_MAX};
use crate::discord::locale;
use crate::discord::reply::{Button, Embed, Reply, Style, COLOUR};

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
    /// The language of the words around the quotes.
    pub lang: Lang,
}

/// An answer: an embed quoting each citation, or a plain sentence when the engine abstains.
pub fn answer(answer: &Answer, view: &AnswerView<'_>) -> Reply {
    let lang = view.lang;
    let vote = |up: bool, label: locale::Words, emoji| {
        let id = ButtonId::Vote {
            session: view.session,
            offset: view.offset,
            up,
        };
        Button::new(id.to_string(), label.get(lang), Style::Secondary).emoji(emoji)
    };
    let votes = vec![
        vote(true, locale::HELPFUL, "👍"),
        vote(false, locale::NOT_HELPFUL, "👎"),
    ];
    if answer.abstained() || answer.citations.is_empty() {
        let sentence = if view.offset > 0 {
            locale::NO_FURTHER_SOURCES.get(lang).to_string()
        } else {
            abstention(
                answer.abstain_reason.unwrap_or(AbstainReason::NotCovered),
                lang,
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
        let id = ButtonId::More {
            session: view.session,
            offset: next,
        };
        first_row.push(Button::new(
            id.to_string(),
            locale::MORE_SOURCES.get(lang),
            Style::Primary,
        ));
    }
    first_row.extend(votes);
    let mut rows = vec![first_row];
    let passages: Vec<Button> = answer
        .citations
        .iter()
        .map(|c| {
            let id = ButtonId::Full {
                session: view.session,
                rank: c.rank,
            };
            Button::new(
                id.to_string(),
                locale::full_passage_label(lang, c.rank),
                Style::Secondary,
            )
        })
        .collect();
    rows.extend(passages.chunks(BUTTONS_PER_ROW).map(<[Button]>::to_vec));

    let mut footer = view.corpus.footer(lang);
    if let Some(range) = locale::date_range(lang, view.since, view.until) {
        footer = format!("{} · {footer}", locale::articles_dated(lang, &range));
    }
    // Said once, above the quotes, so nobody takes them for a translation.
    let header = lang.quoted_in_english().map(|note| format!("{note}\n\n"));
    let header = header.unwrap_or_default();
    let room = DESCRIPTION_MAX - chars(&header);
    Reply {
        content: None,
        embed: Some(Embed {
            title: Some(fit(&escape_markdown(&one_line(&answer.question)), 256)),
            url: None,
            description: format!("{header}{}", citations(&answer.citations, lang, room)),
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
fn citations(citations: &[Citation], lang: Lang, room: usize) -> String {
    let metas: Vec<String> = citations.iter().map(|c| citation_meta(c, lang)).collect();
    // Between blocks: "\n\n"; inside a block: the quote, "\n", the article line.
    let fixed: usize = metas.iter().map(|m| chars(m) + 3).sum::<usize>() + 2;
    let mut room = room.saturating_sub(fixed);
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
fn citation_meta(c: &Citation, lang: Lang) -> String {
    format!(
        "**{}.** {}",
        c.rank,
        article_line(
            lang,
            &c.title,
            c.url.as_deref(),
            c.source.as_deref(),
            c.date
        )
    )
}

/// The plain sentence for an abstention in `lang`, with the date range when one narrowed the
/// search, and what to try instead.
pub fn abstention(
    reason: AbstainReason,
    lang: Lang,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> String {
    let mut sentence = lang.abstention(reason).to_string();
    if let Some(range) = locale::date_range(lang, since, until) {
        sentence.push_str(&locale::only_looked_at(lang, &range));
    }
    sentence.push_str(locale::TRY_OTHER_WORDS.get(lang));
    sentence
}

/// The whole passage a citation comes from, with the quoted excerpt in bold.
pub fn full_passage(c: &Citation, lang: Lang) -> Reply {
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
    footer.push_str(&locale::date_or_undated(lang, c.date));
    Reply {
        embed: Some(Embed {
            title: Some(fit(&escape_markdown(&one_line(&c.title)), 256)),
            url: c.url.as_deref().and_then(safe_url),
            description: fit(&text, DESCRIPTION_MAX),
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
    use super::*;
    use crate::discord::render::tests::corpus;

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
            lang: Lang::En,
        }
    }

    fn answered(citations: Vec<Citation>, has_more: bool) -> Answer {
        Answer {
            question: "Where did Nozdrev land?".into(),
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
        abstained.abstain_reason = Some(AbstainReason::NotCovered);
        let mut v = view(&corpus);
        v.since = Some("2024".parse().unwrap());
        let reply = answer(&abstained, &v);
        assert!(reply.embed.is_none());
        let content = reply.content.unwrap();
        assert!(content.starts_with(crate::framing::ABSTAIN_MESSAGE));
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
        let reply = full_passage(&c, Lang::En);
        assert!(reply.ephemeral);
        let embed = reply.embed.unwrap();
        assert_eq!(embed.description, "Before. **Nozdrev landed.** After.");
        assert_eq!(embed.footer.as_deref(), Some("Kyodo · 4 March 2024"));
        assert_eq!(embed.url.as_deref(), Some("https://example.org/1"));
    }

    #[test]
    fn japanese_and_russian_framing_around_english_quotes() {
        let corpus = corpus();
        let mut undated = citation(2, "The embassy gave no comment.");
        undated.date = None;
        let month = {
            let mut c = citation(3, "Shipments continued.");
            c.date = Some("2023-07".parse().unwrap());
            c
        };
        let cited = answered(
            vec![
                citation(1, "Nozdrev landed at Haneda Airport."),
                undated,
                month,
            ],
            true,
        );
        for (lang, note, undated, july, day, more, helpful, full, corpus_word) in [
            (
                Lang::Ja,
                "記事の原文（英語）をそのまま引用します：",
                "· 日付不明",
                "· 2023年7月",
                "· 2024年3月4日",
                "ほかの出典",
                "役に立った",
                "段落全文 1",
                "コーパス：記事42件",
            ),
            (
                Lang::Ru,
                "Цитаты из статей приводятся в оригинале, на английском:",
                "· без даты",
                "· июль 2023",
                "· 4 марта 2024",
                "Ещё источники",
                "Полезно",
                "Полный абзац 1",
                "Корпус: 42 статьи",
            ),
        ] {
            let mut v = view(&corpus);
            v.lang = lang;
            v.since = Some("2023-04".parse().unwrap());
            let reply = answer(&cited, &v);
            let embed = reply.embed.as_ref().unwrap();
            let d = &embed.description;
            assert!(d.starts_with(note), "{d}");
            // The quotes stay the articles' words, verbatim.
            assert!(
                d.contains("> Nozdrev landed at Haneda Airport.\n**1.**"),
                "{d}"
            );
            for label in [undated, july, day] {
                assert!(d.contains(label), "{label}: {d}");
            }
            assert!(!d.contains("undated") && !d.contains("March"), "{d}");
            let footer = embed.footer.as_deref().unwrap();
            assert!(footer.contains(corpus_word), "{footer}");
            assert!(!footer.contains("Corpus") && !footer.contains("Articles dated"));
            let labels: Vec<&str> = reply
                .rows
                .iter()
                .flatten()
                .map(|b| b.label.as_str())
                .collect();
            for label in [more, helpful, full] {
                assert!(labels.contains(&label), "{label}: {labels:?}");
            }
            assert!(reply.limit_violations().is_empty());

            let passage = full_passage(&cited.citations[1], lang);
            let footer = passage.embed.unwrap().footer.unwrap();
            assert!(footer.ends_with(&undated[3..]), "{footer}");
        }
    }

    #[test]
    fn abstentions_are_worded_in_the_askers_language() {
        let since = Some("2025-06".parse().unwrap());
        let ja = abstention(AbstainReason::DateRange, Lang::Ja, since, None);
        assert!(ja.starts_with("指定された期間の記事には"), "{ja}");
        assert!(ja.contains("2025年6月以降の記事だけを調べました"), "{ja}");
        assert!(ja.contains("別の言葉で質問するか"), "{ja}");
        let ru = abstention(AbstainReason::OffTopic, Lang::Ru, since, None);
        assert!(ru.starts_with("Статьи корпуса не отвечают"), "{ru}");
        assert!(ru.contains("за период с июня 2025"), "{ru}");
        assert!(ru.contains("Попробуйте другие слова"), "{ru}");
        for text in [&ja, &ru] {
            assert!(
                !text.contains("You could try") && !text.contains("since"),
                "{text}"
            );
        }
        let corpus = corpus();
        let mut v = view(&corpus);
        v.lang = Lang::Ru;
        v.offset = 3;
        let none = answer(&answered(Vec::new(), false), &v);
        assert_eq!(
            none.content.as_deref(),
            Some("Других источников по этому вопросу нет.")
        );
        assert_eq!(none.rows[0][0].label, "Полезно");
    }
}
