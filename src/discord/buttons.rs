//! The custom ids carried by the bot's buttons, and their parsing.
//!
//! A custom id is all Discord hands back when a button is clicked, and it is limited to 100
//! characters, so it names a stored session (see `sessions`) plus a page or offset, never the
//! question itself. Ids are short ASCII, `kind:session:number[:extra]`.

use std::fmt;

/// The largest page, offset or rank a custom id may carry. Far beyond any the bot writes (a
/// page of 10 sources each: a corpus of 100,000 articles), it keeps a forged or garbled id
/// from asking the engine for millions of results or overflowing `offset + n`.
pub const MAX_NUMBER: usize = 10_000;

/// What a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonId {
    /// Show the citations after `offset` for the question of `session`.
    More { session: u64, offset: usize },
    /// Show the whole passage of citation `rank`.
    Full { session: u64, rank: usize },
    /// 👍 (`up`) or 👎 on the message that shows the citations after `offset`.
    Vote {
        session: u64,
        offset: usize,
        up: bool,
    },
    /// Page `page` of the passages found by a `/search`.
    SearchPage { session: u64, page: usize },
    /// Page `page` of a `/timeline`.
    TimelinePage { session: u64, page: usize },
    /// Page `page` of `/sources` (no session: the list is the corpus itself).
    SourcesPage { page: usize },
}

impl fmt::Display for ButtonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ButtonId::More { session, offset } => write!(f, "more:{session:x}:{offset}"),
            ButtonId::Full { session, rank } => write!(f, "full:{session:x}:{rank}"),
            ButtonId::Vote {
                session,
                offset,
                up,
            } => write!(
                f,
                "vote:{session:x}:{offset}:{}",
                if up { "up" } else { "down" }
            ),
            ButtonId::SearchPage { session, page } => write!(f, "search:{session:x}:{page}"),
            ButtonId::TimelinePage { session, page } => write!(f, "timeline:{session:x}:{page}"),
            ButtonId::SourcesPage { page } => write!(f, "sources:0:{page}"),
        }
    }
}

impl ButtonId {
    /// Reads a custom id written by [`Display`](fmt::Display); `None` for anything else (an old
    /// or foreign button), which the caller answers politely.
    pub fn parse(id: &str) -> Option<ButtonId> {
        let mut parts = id.split(':');
        let kind = parts.next()?;
        let session = u64::from_str_radix(parts.next()?, 16).ok()?;
        let number: usize = parts.next()?.parse().ok().filter(|&n| n <= MAX_NUMBER)?;
        let extra = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let parsed = match (kind, extra) {
            ("more", None) => ButtonId::More {
                session,
                offset: number,
            },
            ("full", None) => ButtonId::Full {
                session,
                rank: number,
            },
            ("vote", Some(vote @ ("up" | "down"))) => ButtonId::Vote {
                session,
                offset: number,
                up: vote == "up",
            },
            ("search", None) => ButtonId::SearchPage {
                session,
                page: number,
            },
            ("timeline", None) => ButtonId::TimelinePage {
                session,
                page: number,
            },
            ("sources", None) => ButtonId::SourcesPage { page: number },
            _ => return None,
        };
        Some(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::fit::CUSTOM_ID_MAX;

    #[test]
    fn every_id_round_trips_and_fits() {
        let ids = [
            ButtonId::More {
                session: u64::MAX,
                offset: 3,
            },
            ButtonId::Full {
                session: 7,
                rank: 12,
            },
            ButtonId::Vote {
                session: 1,
                offset: 0,
                up: true,
            },
            ButtonId::Vote {
                session: 1,
                offset: 3,
                up: false,
            },
            ButtonId::SearchPage {
                session: 99,
                page: 4,
            },
            ButtonId::TimelinePage {
                session: 5,
                page: 0,
            },
            ButtonId::SourcesPage { page: MAX_NUMBER },
        ];
        for id in ids {
            let text = id.to_string();
            assert!(text.len() <= CUSTOM_ID_MAX, "{text}");
            assert_eq!(ButtonId::parse(&text), Some(id), "{text}");
        }
    }

    #[test]
    fn foreign_ids_are_refused() {
        for text in [
            "",
            "more",
            "more:zz:1",
            "vote:1:0:maybe",
            "more:1:2:3",
            "x:1:1",
            "more:1:10001",
            "vote:1:18446744073709551615:up",
            "sources:0:99999999999999999999999",
        ] {
            assert_eq!(ButtonId::parse(text), None, "{text}");
        }
    }
}
