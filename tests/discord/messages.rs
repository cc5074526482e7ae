//! Questions by mention in a channel and by direct message: answered as replies, never pinging
//! anyone, and a flood answered once.

use std::time::{Duration, Instant};

use crate::fake::{self, CHANNEL_ID, DM_CHANNEL_ID, USER_ID};
use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_in_a_channel_and_a_dm_are_answered_as_replies() {
    let bot = Bot::start().await;
    let bot_id = bot_id();

    // A channel message mentioning the bot.
    let from = bot.fake.mark();
    let question = chat(
        &format!("<@{bot_id}> what did Nozdrev say about the peace treaty negotiations?"),
        USER_ID,
        false,
        true,
        true,
    );
    let question_id = question["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", question);
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let (reply, status, _) = bot.fake.wait_http(from, "POST", |p| p == path).await;
    assert_eq!(status, 200);
    assert_eq!(
        reply["message_reference"]["message_id"],
        question_id.as_str()
    );
    assert_no_mentions(&reply);
    let description = reply["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains("peace treaty negotiations cannot resume"),
        "{description}"
    );

    // A direct message, no mention needed.
    let from = bot.fake.mark();
    let dm = chat(
        "At which airport did Nozdrev land?",
        USER_ID,
        false,
        false,
        false,
    );
    let dm_id = dm["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", dm);
    let path = format!("/api/v10/channels/{DM_CHANNEL_ID}/messages");
    let (reply, _, _) = bot.fake.wait_http(from, "POST", |p| p == path).await;
    assert_eq!(reply["message_reference"]["message_id"], dm_id.as_str());
    assert!(reply["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Haneda"));

    // Not addressed, or from a bot: ignored. A marker DM afterwards proves the bot read them.
    let from = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat("the peace treaty, anyone?", USER_ID, false, false, true),
    );
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat(
            &format!("<@{bot_id}> peace treaty?"),
            999_999_999_999,
            true,
            true,
            true,
        ),
    );
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat("Haneda?", fake::BOT_ID, true, false, false),
    );
    let marker = chat(&format!("<@{bot_id}>"), USER_ID, false, true, true);
    let marker_id = marker["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", marker);
    let (reply, _, _) = bot
        .fake
        .wait_http(from, "POST", |p| p.ends_with("/messages"))
        .await;
    assert_eq!(
        reply["message_reference"]["message_id"],
        marker_id.as_str(),
        "the first reply is to the marker: the others were ignored"
    );
    assert!(reply["content"]
        .as_str()
        .unwrap()
        .contains("Ask me a question"));
    // Time for a late reply to one of the ignored messages to show up: none does.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let replies = bot
        .fake
        .journal()
        .iter()
        .skip(from)
        .filter(|e| matches!(e.http(), Some(("POST", p, _, _)) if p.ends_with("/messages")))
        .count();
    assert_eq!(replies, 1, "only the marker is answered");
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_and_user_mentions_in_a_question_never_ping() {
    let bot = Bot::start().await;
    let question =
        "@everyone <@123456789012345678> <@&223456789012345678> at which airport did Nozdrev land?";
    let answered = bot.interact(ask(question, Place::guild())).await;
    // The defer and the answer both allow no mention.
    assert_no_mentions(&answered.callback["data"]);
    assert_no_mentions(answered.message());
    let title = answered.embed()["title"].as_str().unwrap();
    assert!(title.contains("@everyone"), "shown, not pinged: {title}");

    // An abstention is plain content, the riskiest place for a ping.
    let answered = bot
        .interact(ask(
            "@everyone @here what is the weather on Mars?",
            Place::guild(),
        ))
        .await;
    assert!(answered.embed().is_null());
    assert_no_mentions(answered.message());

    // The same through a mention.
    let from = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat(
            &format!(
                "<@{}> @everyone at which airport did Nozdrev land?",
                bot_id()
            ),
            USER_ID,
            false,
            true,
            true,
        ),
    );
    let (reply, _, _) = bot
        .fake
        .wait_http(from, "POST", |p| p.ends_with("/messages"))
        .await;
    assert_no_mentions(&reply);
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// Mentions past the limit get one note, then silence: a flood of mentions in a channel cannot
/// make the bot flood it with notes. The note goes to the person alone, by DM, not into the
/// channel; in a DM, it is the reply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_mentions_gets_one_answer_and_one_note() {
    let bot = Bot::start_with(|c| c.discord.questions_per_minute = 1).await;
    let from = bot.fake.mark();
    for _ in 0..6 {
        let text = format!("<@{}> At which airport did Nozdrev land?", bot_id());
        bot.fake
            .dispatch("MESSAGE_CREATE", chat(&text, USER_ID, false, true, true));
    }
    let posted = |from: usize, channel: u64| {
        let path = format!("/api/v10/channels/{channel}/messages");
        bot.fake
            .journal()
            .iter()
            .skip(from)
            .filter_map(|e| match e.http() {
                Some(("POST", p, body, _)) if p == path => Some(body.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while posted(from, CHANNEL_ID).is_empty() || posted(from, DM_CHANNEL_ID).is_empty() {
        assert!(Instant::now() < deadline, "{:?}", bot.fake.journal());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for any further reply to show up.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let in_channel = posted(from, CHANNEL_ID);
    assert_eq!(in_channel.len(), 1, "only the answer: {in_channel:?}");
    assert!(description_of(&in_channel[0]).contains("Haneda"));
    let by_dm = posted(from, DM_CHANNEL_ID);
    assert_eq!(by_dm.len(), 1, "{by_dm:?}");
    let note = by_dm[0]["content"].as_str().unwrap_or_default();
    assert!(note.contains("asking quickly"), "{note}");
    assert!(
        by_dm[0]["message_reference"].is_null(),
        "a message of its own"
    );
    assert_no_mentions(&by_dm[0]);
    let opened = bot.fake.journal().iter().skip(from).any(|e| {
        matches!(e.http(), Some(("POST", "/api/v10/users/@me/channels", body, 200))
            if body["recipient_id"].to_string().replace('"', "") == USER_ID.to_string())
    });
    assert!(opened, "the DM is opened with the person who asked");

    // In a DM the note is the reply, once.
    let from = bot.fake.mark();
    for _ in 0..3 {
        bot.fake.dispatch(
            "MESSAGE_CREATE",
            chat("Why did the peace talks stall?", 77, false, false, false),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while posted(from, DM_CHANNEL_ID).len() < 2 {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            posted(from, DM_CHANNEL_ID)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let replies = posted(from, DM_CHANNEL_ID);
    assert_eq!(replies.len(), 2, "an answer and one note: {replies:?}");
    let notes: Vec<_> = replies
        .iter()
        .filter(|r| {
            r["content"]
                .as_str()
                .is_some_and(|c| c.contains("asking quickly"))
        })
        .collect();
    assert_eq!(notes.len(), 1, "{replies:?}");
    assert!(notes[0]["message_reference"]["message_id"].is_string());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}
