//! Turns a [`Reply`] into serenity's request builders, with mentions disabled on every one.
//!
//! This is the only place replies meet serenity, so the rule "no message can ping anyone" is
//! kept in one spot: each builder gets an empty `allowed_mentions` (no `parse` kinds, no users,
//! no roles, no replied-user ping), whatever text the question or the articles contain.

use serenity::builder::{
    CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse,
};
use serenity::model::application::ButtonStyle;
use serenity::model::channel::{Message, MessageReference, ReactionType};

use crate::discord::reply::{Button, Embed, Reply, Style};

/// Allowed mentions that allow nothing.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .empty_users()
        .empty_roles()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new()
        .description(e.description.clone())
        .colour(e.colour);
    if let Some(title) = &e.title {
        out = out.title(title.clone());
    }
    if let Some(url) = &e.url {
        out = out.url(url.clone());
    }
    if let Some(footer) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(footer.clone()));
    }
    out
}

fn button(b: &Button) -> CreateButton {
    let style = match b.style {
        Style::Primary => ButtonStyle::Primary,
        Style::Secondary => ButtonStyle::Secondary,
    };
    let mut out = CreateButton::new(b.id.clone())
        .label(b.label.clone())
        .style(style)
        .disabled(b.disabled);
    if let Some(emoji) = b.emoji {
        out = out.emoji(ReactionType::Unicode(emoji.to_string()));
    }
    out
}

/// Fills one of serenity's message builders (they share method names, not a trait) from a
/// reply cut to Discord's limits: no mentions, its embed and buttons, its text when it has
/// some.
macro_rules! fill {
    ($builder:expr, $reply:expr) => {{
        let reply: Reply = $reply.clone().within_limits();
        let out = $builder
            .allowed_mentions(no_mentions())
            .embeds(reply.embed.iter().map(embed).collect())
            .components(
                reply
                    .rows
                    .iter()
                    .map(|row| CreateActionRow::Buttons(row.iter().map(button).collect()))
                    .collect(),
            );
        match reply.content {
            Some(content) => out.content(content),
            None => out,
        }
    }};
}

/// The message of an interaction response (types 4 and 7).
pub fn response_message(reply: &Reply) -> CreateInteractionResponseMessage {
    fill!(CreateInteractionResponseMessage::new(), reply).ephemeral(reply.ephemeral)
}

/// The edit of a deferred response. Every part is set, so the edit replaces the whole message
/// (a page of results, or the "thinking…" placeholder): no text is empty text.
pub fn edit(reply: &Reply) -> EditInteractionResponse {
    fill!(EditInteractionResponse::new().content(""), reply)
}

/// A follow-up message to an interaction already answered.
pub fn followup(reply: &Reply) -> CreateInteractionResponseFollowup {
    fill!(CreateInteractionResponseFollowup::new(), reply).ephemeral(reply.ephemeral)
}

/// A reply to `to`, a channel or DM message (a mention or a direct question). It still
/// posts if the question was deleted meanwhile.
pub fn reply_to(to: &Message, reply: &Reply) -> CreateMessage {
    fill!(CreateMessage::new(), reply)
        .reference_message(MessageReference::from(to).fail_if_not_exists(false))
}

/// A message of its own, not a reply (a note sent by DM, a subscription's post).
pub fn message(reply: &Reply) -> CreateMessage {
    fill!(CreateMessage::new(), reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builder_carries_empty_allowed_mentions() {
        let reply = Reply::text("@everyone <@123> <@&456> look");
        let bodies = [
            serde_json::to_value(response_message(&reply)).unwrap(),
            serde_json::to_value(edit(&reply)).unwrap(),
            serde_json::to_value(followup(&reply)).unwrap(),
            serde_json::to_value(message(&reply)).unwrap(),
        ];
        for body in bodies {
            let mentions = &body["allowed_mentions"];
            assert_eq!(mentions["parse"], serde_json::json!([]), "{body}");
            assert_eq!(mentions["users"], serde_json::json!([]));
            assert_eq!(mentions["roles"], serde_json::json!([]));
            assert_eq!(mentions["replied_user"], false);
        }
    }

    #[test]
    fn buttons_and_embeds_are_converted() {
        let reply = Reply {
            content: None,
            embed: Some(Embed {
                title: Some("T".into()),
                description: "D".into(),
                footer: Some("F".into()),
                ..Embed::default()
            }),
            rows: vec![vec![Button::new(
                "vote:1:0:up",
                "Helpful",
                Style::Secondary,
            )
            .emoji("👍")]],
            ephemeral: true,
        };
        let body = serde_json::to_value(response_message(&reply)).unwrap();
        assert_eq!(body["flags"], 64);
        assert_eq!(body["embeds"][0]["title"], "T");
        assert_eq!(body["embeds"][0]["footer"]["text"], "F");
        let button = &body["components"][0]["components"][0];
        assert_eq!(button["custom_id"], "vote:1:0:up");
        assert_eq!(button["emoji"]["name"], "👍");
    }
}
