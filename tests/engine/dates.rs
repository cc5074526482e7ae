//! Dates: filters by partial dates, "latest" questions, and sources and timelines that are
//! honest about undated articles.

use nichiro::{AbstainReason, AskOptions, PartialDate, QuestionError};

use crate::{ask, Workspace};

#[test]
fn date_filters_restrict_by_article_date() {
    let ws = Workspace::shipped();
    let engine = ws.engine();
    let date = |s: &str| Some(s.parse::<PartialDate>().unwrap());
    let question = "What did Nozdrev say about Japan?";
    let all = engine
        .ask(
            question,
            &AskOptions {
                k: 10,
                ..AskOptions::default()
            },
        )
        .unwrap();
    assert!(!all.abstained());
    let since = AskOptions {
        k: 10,
        since: date("2025"),
        ..AskOptions::default()
    };
    let recent = engine.ask(question, &since).unwrap();
    assert!(!recent.citations.is_empty());
    for c in &recent.citations {
        assert!(
            c.date.unwrap().last_day() >= date("2025").unwrap().first_day(),
            "{c:?}"
        );
    }
    let until = AskOptions {
        k: 10,
        until: date("2024-03"),
        ..AskOptions::default()
    };
    for c in &engine.ask(question, &until).unwrap().citations {
        assert!(
            c.date.unwrap().first_day() <= date("2024-03").unwrap().last_day(),
            "{c:?}"
        );
    }
    let nothing = AskOptions {
        since: date("1990"),
        until: date("1991"),
        ..AskOptions::default()
    };
    let answer = engine.ask(question, &nothing).unwrap();
    assert_eq!(answer.abstain_reason, Some(AbstainReason::DateRange));
    let backwards = AskOptions {
        since: date("2025"),
        until: date("2024"),
        ..AskOptions::default()
    };
    assert!(matches!(
        engine.ask(question, &backwards),
        Err(QuestionError::EmptyDateRange { .. })
    ));
}

/// Three articles on the same talks, of different dates: a question that asks for the latest,
/// most recent or current state cites the newest first, whatever the words favour.
#[test]
fn latest_recent_and_current_questions_cite_the_newest_article_first() {
    let ws = Workspace::empty();
    // The oldest article repeats the question's words most, so by words alone it would lead.
    ws.write_article(
        "crab-talks-2023",
        "Crab quota talks open",
        "2023-02-10",
        "The crab quota talks between Hokkaido fishermen and Sakhalin opened. The crab quota \
         talks covered the crab quota for the season and the crab quota for next year.",
    );
    ws.write_article(
        "crab-talks-2024",
        "Crab quota talks stall",
        "2024-05",
        "The crab quota talks stalled over inspections of Hokkaido boats near Sakhalin.",
    );
    ws.write_article(
        "crab-talks-2025",
        "Crab quota talks resume",
        "2025-09-03",
        "The crab quota talks resumed with a smaller catch for Hokkaido boats off Sakhalin.",
    );
    let engine = ws.engine();
    let plain = ask(&engine, "What about the crab quota talks?");
    assert_eq!(
        plain.citations[0].article_id, "crab-talks-2023",
        "the words alone favour the oldest article, so the tests below prove the date ordering"
    );
    for question in [
        "What is the latest on the crab quota talks?",
        "What are the most recent crab quota talks?",
        "What is the current state of the crab quota talks?",
    ] {
        let answer = ask(&engine, question);
        let ids: Vec<&str> = answer
            .citations
            .iter()
            .map(|c| c.article_id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["crab-talks-2025", "crab-talks-2024", "crab-talks-2023"],
            "{question}"
        );
    }
}

/// A year-only date may fall in any range it overlaps; an undated article is left out of every
/// filtered answer but answers an unfiltered one.
#[test]
fn a_year_only_date_may_fall_in_the_range_and_an_undated_article_never_does() {
    let ws = Workspace::empty();
    ws.write_article(
        "tuna-year-only",
        "Tuna quota set",
        "2024",
        "The bluefin tuna quota for Hokkaido boats was set at 400 tonnes.",
    );
    ws.write_article(
        "tuna-undated",
        "Tuna quota reviewed",
        "",
        "The bluefin tuna quota for Hokkaido boats was reviewed by the agency.",
    );
    let engine = ws.engine();
    let date = |s: &str| Some(s.parse::<PartialDate>().unwrap());
    let ids = |options: &AskOptions| -> Vec<String> {
        let answer = engine
            .ask(
                "What about the bluefin tuna quota for Hokkaido boats?",
                options,
            )
            .unwrap();
        let mut ids: Vec<String> = answer
            .citations
            .iter()
            .map(|c| c.article_id.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&AskOptions::default()),
        ["tuna-undated", "tuna-year-only"]
    );
    for (since, until) in [("2024-06", ""), ("", "2024-02-29"), ("2024-12-31", "2025")] {
        let options = AskOptions {
            since: if since.is_empty() { None } else { date(since) },
            until: if until.is_empty() { None } else { date(until) },
            ..AskOptions::default()
        };
        assert_eq!(ids(&options), ["tuna-year-only"], "{since}..{until}");
    }
    let later = AskOptions {
        since: date("2025-01"),
        ..AskOptions::default()
    };
    let answer = engine
        .ask(
            "What about the bluefin tuna quota for Hokkaido boats?",
            &later,
        )
        .unwrap();
    assert!(answer.abstained() && answer.citations.is_empty());
}

#[test]
fn sources_and_timeline_are_ordered_and_honest_about_dates() {
    let ws = Workspace::shipped();
    ws.write_article(
        "undated-piece",
        "An undated piece on sanctions",
        "",
        "Sanctions were discussed.",
    );
    let engine = ws.engine();
    let sources = engine.sources();
    let dated: Vec<_> = sources.iter().filter_map(|s| s.date).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(sources.last().unwrap().date, None, "undated last");
    let timeline = engine.timeline(Some("peace treaty")).unwrap();
    assert!(timeline.len() >= 2);
    assert!(timeline.windows(2).all(|w| w[0].date <= w[1].date));
    assert!(timeline.iter().all(|e| e.article_id != "undated-piece"));
    let everything = engine.timeline(None).unwrap();
    assert_eq!(everything.len(), dated.len());
}
