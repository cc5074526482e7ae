//! Whether the articles answer a question: decided from what the words cover and how close
//! the meaning is, with limits calibrated per language on labelled questions (every set in
//! `tests/data/` but the newest held-out one, `heldout6*.jsonl`, kept apart to report on:
//! answerable questions, and near-domain ones the articles do not answer). One cosine
//! threshold cannot do it: near-domain questions ("the population of Tokyo") sit as close to
//! the corpus as real ones, and Japanese and Russian questions sit lower than English ones.
//! And a "how many" question is not answered by an excerpt without a figure, however close its
//! meaning ("How many people live in Hokkaido?" finds the fishing talks off Hokkaido).

use crate::lang::{AbstainReason, Lang};

/// What the engine knows about its best candidate for a question.
#[derive(Debug, Clone, Copy)]
pub struct Evidence {
    pub lang: Lang,
    /// Cosine of the question with the best sentence of the chosen excerpt.
    pub sentence_cosine: f32,
    /// Share of the question's weight the corpus's words know (English questions).
    pub words_known: f32,
    /// Share of the question's weight the chosen excerpt covers.
    pub excerpt_coverage: f32,
    /// Whether the question names something specific the corpus uses.
    pub names_known: bool,
    /// Whether the question uses a name the corpus never does ("Lavrov").
    pub names_unknown: bool,
    /// The question asks for a figure ("how many", "сколько", "何人") and the excerpt holds
    /// none.
    pub kind_missing: bool,
}

/// Limits of one language, on the cosine of the question with the excerpt's best sentence.
struct Limits {
    /// Below this the question is about something else altogether.
    off_topic: f32,
    /// From this on, the meaning alone vouches for the excerpt.
    sure: f32,
    /// From this on, the meaning vouches for the excerpt when the words agree.
    with_words: f32,
}

/// Calibrated on the tuning sets (module comment): answerable and near-domain unanswerable
/// questions overlap (English 0.81-0.93 against up to 0.84; Japanese and Russian lower
/// throughout, 0.75-0.86 against up to 0.79), so no limit separates them. These are the ones
/// that answer the fewest unanswerable questions while refusing at most about one answerable
/// question in thirty, the bar: English needs the words to vouch below 0.8325.
fn limits(lang: Lang) -> Limits {
    match lang {
        Lang::En => Limits {
            off_topic: 0.80,
            sure: 0.8325,
            with_words: 0.75,
        },
        Lang::Ja => Limits {
            off_topic: 0.765,
            sure: 0.7775,
            with_words: 0.7775,
        },
        Lang::Ru => Limits {
            off_topic: 0.765,
            sure: 0.79,
            with_words: 0.79,
        },
    }
}

/// Words vouch when the excerpt covers at least half of the question and the corpus knows at
/// least half of what it names.
const WORDS_VOUCH: f32 = 0.5;

/// `None` to answer, or why not.
pub fn judge(e: &Evidence) -> Option<AbstainReason> {
    let limits = limits(e.lang);
    // An English question none of whose names the corpus uses is not about the corpus, nor
    // is one about someone or something the corpus never names.
    let names_unknown = e.lang == Lang::En && e.names_unknown;
    let unknown_names = e.lang == Lang::En && !e.names_known || names_unknown;
    let reason = if e.sentence_cosine < limits.off_topic || unknown_names {
        AbstainReason::OffTopic
    } else {
        AbstainReason::NotCovered
    };
    if e.kind_missing || names_unknown {
        return Some(reason);
    }
    let words_vouch = e.excerpt_coverage >= WORDS_VOUCH && e.words_known >= WORDS_VOUCH;
    if e.sentence_cosine >= limits.sure || (words_vouch && e.sentence_cosine >= limits.with_words) {
        return None;
    }
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(lang: Lang, sentence_cosine: f32, excerpt_coverage: f32) -> Evidence {
        Evidence {
            lang,
            sentence_cosine,
            words_known: 1.0,
            excerpt_coverage,
            names_known: true,
            names_unknown: false,
            kind_missing: false,
        }
    }

    #[test]
    fn close_meaning_answers_and_distant_meaning_abstains() {
        assert_eq!(judge(&evidence(Lang::En, 0.90, 0.1)), None);
        assert_eq!(
            judge(&evidence(Lang::En, 0.70, 1.0)),
            Some(AbstainReason::OffTopic)
        );
    }

    #[test]
    fn in_between_the_words_decide() {
        assert_eq!(judge(&evidence(Lang::En, 0.82, 0.8)), None);
        assert_eq!(
            judge(&evidence(Lang::En, 0.82, 0.2)),
            Some(AbstainReason::NotCovered)
        );
    }

    #[test]
    fn japanese_and_russian_have_their_own_limits() {
        assert_eq!(judge(&evidence(Lang::Ja, 0.80, 0.0)), None);
        assert_eq!(
            judge(&evidence(Lang::En, 0.80, 0.0)),
            Some(AbstainReason::NotCovered)
        );
        assert_eq!(
            judge(&evidence(Lang::Ru, 0.75, 0.0)),
            Some(AbstainReason::OffTopic)
        );
    }

    #[test]
    fn a_name_the_corpus_never_uses_is_off_topic_however_close() {
        let close = evidence(Lang::En, 0.92, 1.0);
        let unknown = Evidence {
            names_unknown: true,
            ..close
        };
        assert_eq!(judge(&close), None);
        assert_eq!(judge(&unknown), Some(AbstainReason::OffTopic));
    }

    #[test]
    fn a_how_many_question_without_a_figure_abstains_however_close() {
        let close = evidence(Lang::En, 0.90, 1.0);
        let no_figure = Evidence {
            kind_missing: true,
            ..close
        };
        assert_eq!(judge(&no_figure), Some(AbstainReason::NotCovered));
        let far = Evidence {
            sentence_cosine: 0.7,
            ..no_figure
        };
        assert_eq!(judge(&far), Some(AbstainReason::OffTopic));
    }
}
