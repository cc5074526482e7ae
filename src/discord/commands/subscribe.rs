//! `/subscribe [topic]` and `/unsubscribe`: a channel gets each newly imported article on a
//! topic (every new article without one) posted by the bot; `/unsubscribe` stops it. Both
//! answer privately, in the member's language.
//!
//! For server administrators and members with Manage Channels: Discord shows the commands
//! to them only (default_member_permissions), and since server owners can override that per
//! role, the member's resolved permissions are checked again here. The posting itself is
//! `announce`'s job; the subscriptions are kept by `subscriptions`.

use std::sync::Arc;

use serenity::model::application::CommandInteraction;

use crate::discord::failure::Failure;
use crate::discord::feedback::now_rfc3339;
use crate::discord::locale::{self, Words};
use crate::discord::question;
use crate::discord::render;
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;
use crate::discord::subscriptions::{Subscription, SubscriptionError, SubscriptionStore};
use crate::lang::Lang;

use super::spec::{Access, Kind, MaxLength, Opt, Spec};

const TOPIC: Opt = Opt {
    name: Words {
        en: "topic",
        ja: "話題",
        ru: "тема",
    },
    description: Words {
        en: "A topic, such as peace treaty or fisheries (every new article without one)",
        ja: "話題（省略するとすべての新着記事）",
        ru: "Тема (без темы — все новые статьи)",
    },
    kind: Kind::Text {
        max: MaxLength::Chars(300),
    },
    required: false,
};

pub const SUBSCRIBE: Spec = Spec {
    name: Words {
        en: "subscribe",
        ja: "購読",
        ru: "подписаться",
    },
    description: Words {
        en:
            "Post each new article on a topic in this channel (administrators and channel managers)",
        ja: "話題の新着記事をこのチャンネルに投稿します（管理者とチャンネル管理者）",
        ru: "Публиковать новые статьи по теме в этом канале (администраторы)",
    },
    access: Access::ChannelManagers,
    options: &[&TOPIC],
};

pub const UNSUBSCRIBE: Spec = Spec {
    name: Words {
        en: "unsubscribe",
        ja: "購読解除",
        ru: "отписаться",
    },
    description: Words {
        en: "Stop posting new articles in this channel (administrators and channel managers)",
        ja: "このチャンネルへの新着記事の投稿を停止します",
        ru: "Больше не публиковать новые статьи в этом канале",
    },
    access: Access::ChannelManagers,
    options: &[],
};

/// Refuses anyone whose resolved permissions have neither Administrator nor Manage Channels.
fn require_channel_manager(cmd: &CommandInteraction, lang: Lang) -> Result<u64, Failure> {
    let allowed = cmd
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.administrator() || p.manage_channels());
    match cmd.guild_id {
        Some(guild) if allowed => Ok(guild.get()),
        _ => Err(Failure::User(render::not_a_channel_manager(lang))),
    }
}

pub async fn subscribe(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let lang = locale::of_locale(&cmd.locale);
    let guild_id = require_channel_manager(cmd, lang)?;
    let topic = TOPIC
        .text(cmd)
        .map(question::clean)
        .filter(|t| !t.is_empty());
    let subscription = Subscription {
        guild_id,
        channel_id: cmd.channel_id.get(),
        topic: topic.clone(),
        by: cmd.user.id.get(),
        locale: cmd.locale.clone(),
        since: now_rfc3339(),
    };
    let previous = store(state, move |s| s.subscribe(subscription)).await?;
    tracing::info!(
        channel = cmd.channel_id.get(),
        topic = topic.as_deref().unwrap_or("(every new article)"),
        "channel subscribed"
    );
    let replaced = previous.as_ref().map(|p| p.topic.as_deref());
    r.send(&Reply::private(render::subscribed(
        topic.as_deref(),
        replaced,
        lang,
    )))
    .await
}

pub async fn unsubscribe(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let lang = locale::of_locale(&cmd.locale);
    require_channel_manager(cmd, lang)?;
    let channel = cmd.channel_id.get();
    let ended = store(state, move |s| s.unsubscribe(channel)).await?;
    if ended.is_some() {
        tracing::info!(channel, "channel unsubscribed");
    }
    let ended = ended.as_ref().map(|s| s.topic.as_deref());
    r.send(&Reply::private(render::unsubscribed(ended, lang)))
        .await
}

/// Runs `f` on the subscriptions file off the async threads (it takes a file lock).
async fn store<T: Send + 'static>(
    state: &Arc<BotState>,
    f: impl FnOnce(&SubscriptionStore) -> Result<T, SubscriptionError> + Send + 'static,
) -> Result<T, Failure> {
    let store = Arc::clone(&state.subscriptions);
    tokio::task::spawn_blocking(move || f(&store))
        .await?
        .map_err(|e| Failure::internal("subscriptions file", e))
}
