//! What kind of answer a question asks for, in English, Japanese or Russian, and whether a
//! sentence has that kind of answer: a quantity for "how many", a date or time for "when", a
//! change of office for "who was ... before" / "who replaced". Words alone miss these: "how
//! many rounds of sanctions" shares no word with "over 25 sanctions packages" but the number.

use std::sync::LazyLock;

use regex::Regex;

/// The kind of answer a question wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    Quantity,
    Time,
    Succession,
    Other,
}

static QUANTITY_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bhow (many|much)\b|\bnumber of\b|\bwhat (share|percentage|proportion|portion)\b|何人|何回|何件|何個|何パーセント|いくつ|どのくらい|どれくらい|どれだけ|何割|数は|割合|сколько|как(ую|ая|ой) дол|какой процент|\bчисло\b",
    )
    .expect("valid pattern")
});
static TIME_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    // English and Russian "when" asks only at the head of the question: "who spoke when the
    // envoy arrived" asks for a person.
    Regex::new(r"(?i)^\W*(since when|when|(in |on )?what (year|month|date|day))\b|^\W*(когда|с каких пор|в каком году|какого числа)|いつ|何年|何月|何日|何曜日")
        .expect("valid pattern")
});
static SUCCESSION_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bwho\b.*\b(before|after|replaced?|succeeded|predecessor|successor|preceded)\b|前任|後任|後継|交代|前の大使|предшественник|преемник|(кто|кого).*(сменил|заменил|до него|до нее|после)",
    )
    .expect("valid pattern")
});

/// A figure: digits, or a counted word.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|several|half)\b")
        .expect("valid pattern")
});
/// A date or time: a year, a month, a weekday, or a relative time word.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(1[89]|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|since|until)\b")
        .expect("valid pattern")
});
/// A change of office.
static SUCCESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(succeed(ed|s)?|successor|predecessor|replac(ed|es|ing)|took over|departure of|former|previous|new)\b")
        .expect("valid pattern")
});

impl AnswerKind {
    /// The kind of answer `question` asks for (the first that applies, most specific first).
    pub fn of_question(question: &str) -> AnswerKind {
        if SUCCESSION_QUESTION.is_match(question) {
            AnswerKind::Succession
        } else if QUANTITY_QUESTION.is_match(question) {
            AnswerKind::Quantity
        } else if TIME_QUESTION.is_match(question) {
            AnswerKind::Time
        } else {
            AnswerKind::Other
        }
    }

    /// Whether `sentence` holds this kind of answer.
    pub fn found_in(self, sentence: &str) -> bool {
        match self {
            AnswerKind::Quantity => QUANTITY.is_match(sentence),
            AnswerKind::Time => TIME.is_match(sentence),
            AnswerKind::Succession => SUCCESSION.is_match(sentence),
            AnswerKind::Other => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_question_kinds_in_three_languages() {
        use AnswerKind::*;
        for (question, kind) in [
            (
                "How many rounds of sanctions has Tokyo introduced?",
                Quantity,
            ),
            ("Сколько пакетов санкций ввела Япония?", Quantity),
            ("日本の制裁対象になっている個人と団体の数は？", Quantity),
            ("When did Galuzin leave Japan?", Time),
            ("ガルージン前大使はいつ日本を離れましたか？", Time),
            ("Когда Галузин покинул Японию?", Time),
            ("Who spoke for Japan when the envoy arrived?", Other),
            ("Кто выступал, когда прибыл новый посол?", Other),
            ("Who replaced Kozuki in Moscow?", Succession),
            (
                "Who was Russia's envoy in Tokyo before Nozdrev?",
                Succession,
            ),
            ("Кто сменил Кодзуки на посту посла?", Succession),
            ("What did Nozdrev say about NATO?", Other),
        ] {
            assert_eq!(AnswerKind::of_question(question), kind, "{question}");
        }
    }

    #[test]
    fn finds_the_kind_of_answer_in_a_sentence() {
        assert!(AnswerKind::Quantity.found_in("over 25 sanctions packages"));
        assert!(!AnswerKind::Quantity.found_in("Japan imposed sanctions."));
        assert!(AnswerKind::Time.found_in("He left in November 2022."));
        assert!(!AnswerKind::Time.found_in("He left the country."));
        assert!(AnswerKind::Succession.found_in("before being succeeded by Akira Muto"));
        assert!(!AnswerKind::Other.found_in("anything at all"));
    }
}
