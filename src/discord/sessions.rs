//! What the bot remembers about recent answers so that their buttons work: the question and
//! its filters, and the citations shown so far (for "Full passage" and feedback).
//!
//! Held in memory with a fixed capacity (oldest forgotten first): a restart or an old enough
//! button yields a polite "please ask again". Session ids start from a per-process random base
//! so a button from a previous run never finds another person's answer.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::answer::Citation;
use crate::date::PartialDate;
use crate::lang::Lang;

/// How many sessions are kept (an answer's citations with passages are a few kilobytes).
pub const CAPACITY: usize = 2000;

/// One remembered interaction. Each keeps the language its first reply was framed in, so
/// the pages and sources that follow speak it too.
#[derive(Debug, Clone)]
pub enum Session {
    Ask(AskSession),
    Search { query: String, lang: Lang },
    Timeline { topic: Option<String>, lang: Lang },
}

/// A question as asked: enough to ask it again for more sources.
#[derive(Debug, Clone)]
pub struct Question {
    pub text: String,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// Whether the answer is ephemeral, so follow-ups stay private too.
    pub private: bool,
    /// The language of the words around the quotes.
    pub lang: Lang,
}

/// A question and everything shown for it.
#[derive(Debug, Clone)]
pub struct AskSession {
    pub question: Question,
    pub abstained: bool,
    /// Citations shown so far, by rank.
    pub citations: BTreeMap<usize, Citation>,
}

/// A bounded map from session id to session.
#[derive(Debug)]
pub struct Sessions {
    next: u64,
    map: HashMap<u64, Session>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl Sessions {
    pub fn new(capacity: usize) -> Sessions {
        Sessions {
            next: random_base(),
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Stores `session` and returns its id, forgetting the oldest one when full.
    pub fn insert(&mut self, session: Session) -> u64 {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        while self.map.len() >= self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
        self.map.insert(id, session);
        self.order.push_back(id);
        id
    }

    pub fn get(&self, id: u64) -> Option<&Session> {
        self.map.get(&id)
    }

    /// Adds citations shown later ("More sources") to an ask session.
    pub fn add_citations(&mut self, id: u64, citations: &[Citation]) {
        if let Some(Session::Ask(ask)) = self.map.get_mut(&id) {
            for c in citations {
                ask.citations.insert(c.rank, c.clone());
            }
        }
    }
}

/// A base that differs between runs: the clock hashed, so ids are not guessable sequences.
fn random_base() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let hash = blake3::hash(&nanos.to_le_bytes());
    let bytes: [u8; 8] = hash.as_bytes()[..8].try_into().expect("8 bytes");
    // Keep ids to 12 hex digits: short custom ids, still far apart between runs.
    u64::from_le_bytes(bytes) >> 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_oldest_when_full() {
        let mut sessions = Sessions::new(2);
        let search = |q: &str| Session::Search {
            query: q.into(),
            lang: Lang::En,
        };
        let a = sessions.insert(search("a"));
        let b = sessions.insert(search("b"));
        let c = sessions.insert(search("c"));
        assert!(sessions.get(a).is_none());
        assert!(sessions.get(b).is_some());
        assert!(sessions.get(c).is_some());
        assert_ne!(b, c);
    }

    #[test]
    fn more_sources_extend_an_ask_session() {
        let mut sessions = Sessions::new(10);
        let id = sessions.insert(Session::Ask(AskSession {
            question: Question {
                text: "q".into(),
                since: None,
                until: None,
                private: false,
                lang: Lang::En,
            },
            abstained: false,
            citations: BTreeMap::new(),
        }));
        let citation = Citation {
            rank: 4,
            article_id: "a".into(),
            title: "t".into(),
            source: None,
            date: None,
            url: None,
            excerpt: "e".into(),
            score: 1.0,
            passage: "p".into(),
        };
        sessions.add_citations(id, &[citation]);
        match sessions.get(id) {
            Some(Session::Ask(ask)) => assert!(ask.citations.contains_key(&4)),
            other => panic!("{other:?}"),
        }
    }
}
