//! `/ask question [since] [until] [private]`: an answer with cited, dated excerpts.
//!
//! One answer path ([`answer`]) serves `/ask`, mentions and DMs, and "More sources".

use std::collections::BTreeMap;
use std::sync::Arc;

use serenity::model::application::CommandInteraction;

use crate::answer::AskOptions;
use crate::discord::failure::Failure;
use crate::discord::locale::{self, Words};
use crate::discord::question;
use crate::discord::render::{self, AnswerView};
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::sessions::{AskSession, Question, Session};
use crate::discord::state::BotState;

use super::spec::{Access, Kind, MaxLength, Opt, Spec};

/// Citations per answer message; "More sources" shows the next ones.
pub const CITATIONS: usize = 3;

const QUESTION: Opt = Opt {
    name: Words {
        en: "question",
        ja: "質問内容",
        ru: "вопрос",
    },
    description: Words {
        en: "Your question, in plain words",
        ja: "質問（普通の文章で）",
        ru: "Ваш вопрос, обычными словами",
    },
    kind: Kind::Text {
        max: MaxLength::Question,
    },
    required: true,
};

const SINCE: Opt = Opt {
    name: Words {
        en: "since",
        ja: "開始日",
        ru: "с_даты",
    },
    description: Words {
        en: "Only articles from this date on: YYYY, YYYY-MM or YYYY-MM-DD",
        ja: "この日付以降の記事のみ：YYYY、YYYY-MM、YYYY-MM-DD",
        ru: "Только статьи с этой даты: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД",
    },
    kind: Kind::Date,
    required: false,
};

const UNTIL: Opt = Opt {
    name: Words {
        en: "until",
        ja: "終了日",
        ru: "по_дату",
    },
    description: Words {
        en: "Only articles up to this date: YYYY, YYYY-MM or YYYY-MM-DD",
        ja: "この日付以前の記事のみ：YYYY、YYYY-MM、YYYY-MM-DD",
        ru: "Только статьи по эту дату: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД",
    },
    kind: Kind::Date,
    required: false,
};

const PRIVATE: Opt = Opt {
    name: Words {
        en: "private",
        ja: "非公開",
        ru: "лично",
    },
    description: Words {
        en: "Show the answer to you only",
        ja: "回答を自分だけに表示します",
        ru: "Показать ответ только вам",
    },
    kind: Kind::Flag,
    required: false,
};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "ask",
        ja: "質問",
        ru: "спросить",
    },
    description: Words {
        en: "Ask about Russia–Japan relations; the answer quotes dated news articles",
        ja: "日露関係について質問します。日付入りのニュース記事から引用して答えます",
        ru: "Вопрос о российско-японских отношениях: ответ цитирует датированные статьи",
    },
    access: Access::Everyone,
    options: &[&QUESTION, &SINCE, &UNTIL, &PRIVATE],
};

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let text = question::clean(QUESTION.text(cmd).unwrap_or_default());
    let asked = Question {
        since: super::date(cmd, &SINCE, r)?,
        until: super::date(cmd, &UNTIL, r)?,
        private: PRIVATE.flag(cmd).unwrap_or(false),
        lang: locale::for_question(Some(&cmd.locale), &text),
        text,
    };
    state.check_rate(cmd.user.id.get())?;
    r.defer(asked.private).await?;
    r.send(&answer(state, asked, None, 0).await?).await
}

/// Asks the engine and renders the citations from `offset` on, framed in the question's
/// language. A new question (`session` is `None`) is remembered for its buttons; "More
/// sources" passes the session it extends, whose question, filters and language it reuses.
pub async fn answer(
    state: &Arc<BotState>,
    asked: Question,
    session: Option<u64>,
    offset: usize,
) -> Result<Reply, Failure> {
    let options = AskOptions {
        k: CITATIONS,
        offset,
        since: asked.since,
        until: asked.until,
    };
    let text = asked.text.clone();
    // The engine judges the question by its own script; `asked.lang` only frames the reply.
    let (answer, corpus) = state
        .with_corpus(move |c| (c.engine.ask(&text, &options), c.info.clone()))
        .await?;
    let answer = answer?;
    let session = match session {
        Some(id) => {
            state.add_citations(id, &answer.citations);
            id
        }
        None => state.remember(Session::Ask(AskSession {
            question: asked.clone(),
            abstained: answer.abstained(),
            citations: answer
                .citations
                .iter()
                .map(|c| (c.rank, c.clone()))
                .collect::<BTreeMap<_, _>>(),
        })),
    };
    let view = AnswerView {
        session,
        corpus: &corpus,
        since: asked.since,
        until: asked.until,
        offset,
        lang: asked.lang,
    };
    Ok(render::answer(&answer, &view).ephemeral(asked.private))
}
