//! What kind of answer a question asks for, in English, Japanese or Russian, and whether a
//! sentence has that kind of answer: a quantity for "how many", a date or time for "when", a
//! change of office for "who was ... before" / "who replaced". Words alone miss these: "how
//! many rounds of sanctions" shares no word with "over 25 sanctions packages" but the number.

use std::sync::LazyLock;

use regex::Regex;

/// The kind of answer a question wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// A count or amount: "how many", "сколько", "何人".
    Quantity,
    /// A sum of money: "how much … worth/cost", "いくら".
    Money,
    /// A share: "what percentage", "какая доля", "何割".
    Percent,
    /// Someone's age: "how old", "何歳".
    Age,
    Time,
    Succession,
    Other,
}

static MONEY_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bhow much\b.*\b(worth|costs?|spen[dt]|pa(y|id)|invest(ed)?|value[ds]?|price[ds]?)\b|\bhow much money\b|\b(worth|value|cost|price) of\b|сколько (стоит|стоил|стоила|стоили|денег)|стоимост|товарооборот|объ[её]м торговли|いくら|金額|費用|貿易額",
    )
    .expect("valid pattern")
});
static PERCENT_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bwhat (share|percentage|percent|proportion|portion)\b|\bhow many percent\b|\bpercentage\b|как(ую|ая|ой) дол|какой процент|сколько процентов|何パーセント|何％|何%|何割|割合",
    )
    .expect("valid pattern")
});
static AGE_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bhow old\b|\b(at )?what age\b|сколько (ему|ей) лет|сколько лет (ему|ей)|в каком возрасте|возраст|何歳|年齢")
        .expect("valid pattern")
});
static QUANTITY_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bhow (many|much)\b|\bnumber of\b|何人|何回|何件|何個|いくつ|どのくらい|どれくらい|どれだけ|数は|сколько|\bчисло\b",
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
    Regex::new(r"(?i)\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?|several|half)\b")
        .expect("valid pattern")
});
/// A sum of money: a currency sign or name.
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[$¥€£]|\b(dollars?|yen|rubles?|roubles?|euros?|usd|jpy|rub)\b")
        .expect("valid pattern")
});
/// A share: a percentage or a fraction in words.
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%|\bper ?cent|\b(half|third|quarter|majority|minority)\b")
        .expect("valid pattern")
});
/// An age: "52-year-old", "aged 52", "at the age of", "born in".
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,3}[- ]years?[- ]old\b|\baged? \d|\bage of\b|\bborn\b")
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
        } else if AGE_QUESTION.is_match(question) {
            AnswerKind::Age
        } else if PERCENT_QUESTION.is_match(question) {
            AnswerKind::Percent
        } else if MONEY_QUESTION.is_match(question) {
            AnswerKind::Money
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
            AnswerKind::Money => MONEY.is_match(sentence),
            AnswerKind::Percent => PERCENT.is_match(sentence),
            AnswerKind::Age => AGE.is_match(sentence),
            AnswerKind::Time => TIME.is_match(sentence),
            AnswerKind::Succession => SUCCESSION.is_match(sentence),
            AnswerKind::Other => false,
        }
    }

    /// Whether an excerpt without this kind of answer cannot answer the question, however
    /// close its meaning: a figure, a sum, a share or an age is the answer itself, where a
    /// change of office may be told without the words that `found_in` looks for.
    pub fn required(self) -> bool {
        matches!(
            self,
            AnswerKind::Quantity | AnswerKind::Money | AnswerKind::Percent | AnswerKind::Age
        )
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
            ("How old is the new ambassador?", Age),
            ("ノズドレフ大使は何歳ですか？", Age),
            ("What percentage of the vote did the party win?", Percent),
            ("Какую долю газа Япония получает с Сахалина?", Percent),
            ("How much is trade between the two countries worth?", Money),
            ("日露の貿易額はいくらですか？", Money),
            ("How much did sanctions hurt trade?", Quantity),
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
        assert!(AnswerKind::Money.found_in("trade worth $1.2 billion"));
        assert!(AnswerKind::Money.found_in("2 trillion yen"));
        assert!(!AnswerKind::Money.found_in("over 25 sanctions packages"));
        assert!(AnswerKind::Percent.found_in("won 45% of the seats"));
        assert!(AnswerKind::Percent.found_in("nearly half of the LNG"));
        assert!(!AnswerKind::Percent.found_in("a sweeping victory"));
        assert!(AnswerKind::Age.found_in("the 62-year-old diplomat"));
        assert!(!AnswerKind::Age.found_in("a career diplomat with 30 years of service"));
    }

    #[test]
    fn figures_sums_shares_and_ages_are_required_other_kinds_only_preferred() {
        use AnswerKind::*;
        for kind in [Quantity, Money, Percent, Age] {
            assert!(kind.required(), "{kind:?}");
        }
        for kind in [Time, Succession, Other] {
            assert!(!kind.required(), "{kind:?}");
        }
    }
}
