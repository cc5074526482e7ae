//! Questions asked by mentioning the bot in a channel, or in a direct message: the same answer
//! as `/ask`, posted as a reply to the question.
//!
//! No privileged intent is needed: Discord includes the content of messages that mention the
//! bot and of DMs. Messages from bots (the bot itself included) are ignored, so two bots can
//! never talk to each other in a loop.

use std::sync::Arc;

use serenity::client::Context;
use serenity::model::channel::Message;

use crate::discord::builders;
use crate::discord::commands::ask;
use crate::discord::failure::Failure;
use crate::discord::locale;
use crate::discord::question;
use crate::discord::reply::Reply;
use crate::discord::sessions::Question;
use crate::discord::state::BotState;
use crate::lang::Lang;

/// Whether `msg` is a question for the bot: a DM, or a channel message that mentions it.
pub fn addressed(msg: &Message, bot: u64) -> bool {
    if msg.author.bot || msg.author.id.get() == bot {
        return false;
    }
    msg.guild_id.is_none() || msg.mentions.iter().any(|u| u.id.get() == bot)
}

/// The question in a message: the text without mention markup (the bot's and anyone's), and
/// without the punctuation people put after a mention ("@nichiro, ...").
pub fn question_from(content: &str) -> String {
    question::clean(content)
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '、' | '，'))
        .to_string()
}

/// Answers `msg` if it is addressed to the bot, in the language it is written in (a message
/// carries no client locale).
pub async fn handle(state: &Arc<BotState>, ctx: &Context, msg: &Message) {
    let Some(bot) = state.bot_user() else {
        return;
    };
    if !addressed(msg, bot) {
        return;
    }
    let origin = format!("message {} from user {}", msg.id, msg.author.id);
    let question = question_from(&msg.content);
    let lang = Lang::of_text(&question);
    // Every addressed message counts, empty ones too: each reply is a message in the channel.
    let reply = match state.check_message_rate(msg.author.id.get()) {
        Err(None) => return,
        Err(Some(refused)) => {
            let note = Reply::text(refused.explain(&origin, lang));
            if msg.guild_id.is_some() {
                // A note in the channel would tell everyone about one person's pace: it goes
                // to that person alone, by DM (a DM question is answered in the DM anyway).
                let sent = msg
                    .author
                    .id
                    .direct_message(&ctx.http, builders::message(&note))
                    .await;
                if let Err(e) = sent {
                    tracing::info!(%origin, error = %e, "could not send the rate-limit note by DM");
                }
                return;
            }
            note
        }
        Ok(()) => match answer(state, ctx, msg, question, lang).await {
            Ok(reply) => reply,
            Err(failure) => Reply::text(failure.explain(&origin, lang)),
        },
    };
    if let Err(e) = msg
        .channel_id
        .send_message(&ctx.http, builders::reply_to(msg, &reply))
        .await
    {
        tracing::warn!(%origin, error = %e, "could not reply to a message");
    }
}

async fn answer(
    state: &Arc<BotState>,
    ctx: &Context,
    msg: &Message,
    text: String,
    lang: Lang,
) -> Result<Reply, Failure> {
    if text.is_empty() {
        return Ok(Reply::text(locale::EMPTY_QUESTION.get(lang)));
    }
    // "nichiro is typing…" while the engine works; purely cosmetic, so failures are ignored.
    let _ = msg.channel_id.broadcast_typing(&ctx.http).await;
    let asked = Question {
        text,
        since: None,
        until: None,
        private: false,
        lang,
    };
    ask::answer(state, asked, None, 0).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mention_and_its_punctuation_are_removed() {
        assert_eq!(
            question_from("<@42> what did Nozdrev say?"),
            "what did Nozdrev say?"
        );
        assert_eq!(question_from("<@!42>, peace treaty?"), "peace treaty?");
        assert_eq!(
            question_from("hey <@42>   when\n did he land?"),
            "hey when did he land?"
        );
        assert_eq!(question_from("<@42> <@7> ask him"), "ask him");
        assert_eq!(question_from("<@42>"), "");
        assert_eq!(question_from("plain DM question"), "plain DM question");
    }
}
