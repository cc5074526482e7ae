//! `/ask question [since] [until] [private]`: an answer with cited, dated excerpts.
//!
//! The same answer path (`answer_question`) serves mentions and DMs, and "More sources".

use std::collections::BTreeMap;
use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::{CommandInteraction, CommandOptionType};

use crate::answer::AskOptions;
use crate::date::PartialDate;
use crate::lang::Lang;

use super::super::failure::Failure;
use super::super::question;
use super::super::render::{self, AnswerView};
use super::super::reply::Reply;
use super::super::respond::Responder;
use super::super::sessions::{AskSession, Session};
use super::super::state::BotState;
use super::{boolean, command, date, option, string};

/// Citations per answer message; "More sources" shows the next ones.
pub const CITATIONS: usize = 3;

pub fn definition(max_question_chars: usize) -> CreateCommand {
    // Discord enforces the length before the bot sees the question (6000 is its maximum).
    let max = max_question_chars.clamp(1, 6000) as u16;
    command(
        "ask",
        "Ask about Russia–Japan relations; the answer quotes dated news articles",
    )
    .add_option(
        option(
            "ask",
            CommandOptionType::String,
            "question",
            "Your question, in plain words",
        )
        .required(true)
        .max_length(max),
    )
    .add_option(option(
        "ask",
        CommandOptionType::String,
        "since",
        "Only articles from this date on: YYYY, YYYY-MM or YYYY-MM-DD",
    ))
    .add_option(option(
        "ask",
        CommandOptionType::String,
        "until",
        "Only articles up to this date: YYYY, YYYY-MM or YYYY-MM-DD",
    ))
    .add_option(option(
        "ask",
        CommandOptionType::Boolean,
        "private",
        "Show the answer to you only",
    ))
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let question = question::clean(string(cmd, "question").unwrap_or_default());
    let since = date(cmd, "since")?;
    let until = date(cmd, "until")?;
    let private = boolean(cmd, "private").unwrap_or(false);
    state.check_rate(cmd.user.id.get())?;
    r.defer(private).await?;
    let lang = Lang::from_code(&cmd.locale).filter(|l| *l != Lang::En);
    let reply = answer_question(state, question, since, until, private, lang).await?;
    r.send(&reply).await
}

/// Asks the engine and renders its answer; the session remembers it for the buttons. The
/// framing words are in `lang` (a Japanese or Russian client locale), else in the question's.
pub async fn answer_question(
    state: &Arc<BotState>,
    question: String,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
    private: bool,
    lang: Option<Lang>,
) -> Result<Reply, Failure> {
    let options = AskOptions {
        k: CITATIONS,
        offset: 0,
        since,
        until,
    };
    let asked = question.clone();
    let lang = lang.unwrap_or_else(|| Lang::of_text(&question));
    let (answer, corpus) = state
        .with_corpus(move |c| (c.engine.ask_as(&asked, &options, lang), c.info.clone()))
        .await?;
    let answer = answer?;
    let session = state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(Session::Ask(AskSession {
            question,
            since,
            until,
            private,
            abstained: answer.abstained,
            citations: answer
                .citations
                .iter()
                .map(|c| (c.rank, c.clone()))
                .collect::<BTreeMap<_, _>>(),
        }));
    let view = AnswerView {
        session,
        corpus: &corpus,
        since,
        until,
        offset: 0,
    };
    Ok(render::answer(&answer, &view).ephemeral(private))
}

/// The citations after `offset` for a remembered question ("More sources").
pub async fn more_sources(
    state: &Arc<BotState>,
    session: u64,
    ask: AskSession,
    offset: usize,
) -> Result<Reply, Failure> {
    let options = AskOptions {
        k: CITATIONS,
        offset,
        since: ask.since,
        until: ask.until,
    };
    let question = ask.question.clone();
    let (answer, corpus) = state
        .with_corpus(move |c| (c.engine.ask(&question, &options), c.info.clone()))
        .await?;
    let answer = answer?;
    state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .add_citations(session, &answer.citations);
    let view = AnswerView {
        session,
        corpus: &corpus,
        since: ask.since,
        until: ask.until,
        offset,
    };
    Ok(render::answer(&answer, &view).ephemeral(ask.private))
}
