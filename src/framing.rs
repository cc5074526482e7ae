//! The few words the adapters (the command line, the bot) say around verbatim English excerpts,
//! in the asker's language: why nothing is cited, "undated", "source unknown", and the line
//! saying quotes stay in English. The engine itself words nothing; excerpts are never
//! translated, and nothing here says they are.

use crate::lang::{AbstainReason, Lang};

/// The plain English sentence shown when the corpus does not cover a question.
pub const ABSTAIN_MESSAGE: &str =
    "The articles in the corpus do not cover this question, so there is nothing to cite.";

impl Lang {
    /// The sentence shown instead of citations.
    pub fn abstention(self, reason: AbstainReason) -> &'static str {
        use AbstainReason::*;
        match (self, reason) {
            (Lang::En, DateRange) => {
                "No article in that date range covers this question, so there is nothing to cite."
            }
            (Lang::En, _) => ABSTAIN_MESSAGE,
            (Lang::Ja, DateRange) => {
                "指定された期間の記事にはこの質問への答えがないため、引用できるものはありません。"
            }
            (Lang::Ja, _) => "コーパスの記事はこの質問を扱っていないため、引用できるものはありません。",
            (Lang::Ru, DateRange) => {
                "Ни одна статья за указанный период не отвечает на этот вопрос, поэтому цитировать нечего."
            }
            (Lang::Ru, _) => {
                "Статьи корпуса не отвечают на этот вопрос, поэтому цитировать нечего."
            }
        }
    }

    /// Shown for an article whose date is unknown.
    pub fn undated(self) -> &'static str {
        match self {
            Lang::En => "undated",
            Lang::Ja => "日付不明",
            Lang::Ru => "без даты",
        }
    }

    /// Shown for an article whose source is unknown.
    pub fn source_unknown(self) -> &'static str {
        match self {
            Lang::En => "source unknown",
            Lang::Ja => "出典不明",
            Lang::Ru => "источник неизвестен",
        }
    }

    /// Said once above excerpts quoted for a question in another language: they are quoted as
    /// written, in English.
    pub fn quoted_in_english(self) -> Option<&'static str> {
        match self {
            Lang::En => None,
            Lang::Ja => Some("記事の原文（英語）をそのまま引用します："),
            Lang::Ru => Some("Цитаты из статей приводятся в оригинале, на английском:"),
        }
    }
}
