//! What kind of answer a question asks for, in English, Japanese or Russian, and whether a
//! sentence has that kind of answer: a quantity for "how many", a measure in the unit asked
//! for, a sum, a share, an age, a named organization for "which company", a date or time for
//! "when", a change of office for "who was ... before" / "who replaced". Words alone miss
//! these: "how many rounds of sanctions" shares no word with "over 25 sanctions packages" but
//! the number, and "which company runs Sakhalin-2" is as close in meaning to a sentence about
//! Sakhalin-2 that names no company as to one that does.

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
    /// A time of day: "what time", "во сколько", "何時に".
    Clock,
    /// A measure in a unit: "how many tonnes", "何トン" (an index into `UNITS`).
    Measure(usize),
    /// A named organization: "which company", "どの航空会社", "какое агентство".
    Organization,
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
/// Units a measure may be asked in: how the question says it (English, Japanese, Russian),
/// and how an English sentence gives it.
const UNITS: &[(&str, &str)] = &[
    (r"tonnes|tons|トン|тонн", r"(?i)\bton(ne)?s?\b|\bmt\b"),
    (r"barrels|バレル|баррел", r"(?i)\bbarrels?\b|\bbpd\b"),
    (
        r"cubic (meters|metres)|立方メートル|кубометр|кубических метр",
        r"(?i)\bcubic\b|\bbcm\b|\bm3\b",
    ),
    (
        r"kilomet(er|re)s|km|キロ|километр",
        r"(?i)\bkilomet(er|re)s?\b|\d\s?km\b",
    ),
    (r"miles|マイル|мил", r"(?i)\bmiles?\b"),
    (
        r"kilograms|kg|キログラム|килограмм",
        r"(?i)\bkilograms?\b|\d\s?kg\b",
    ),
    (r"hectares|ヘクタール|гектар", r"(?i)\bhectares?\b"),
    (
        r"megawatts|gigawatts|メガワット|мегаватт|гигаватт",
        r"(?i)\b(mega|giga)watts?\b|\d\s?[mg]w\b",
    ),
    (r"lit(er|re)s|リットル|литр", r"(?i)\blit(er|re)s?\b"),
    // Last, so its index is `POPULATION`.
    (
        r"inhabitants|residents|住民|жител",
        r"(?i)\b(population|inhabitants|residents|people)\b",
    ),
];
/// The measure a population question asks for: a count of people, not just any figure ("How
/// many people live in Hokkaido?" is not answered by "over 25 sanctions packages").
const POPULATION: usize = UNITS.len() - 1;
static POPULATION_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpopulation\b|\bhow many people (live|are living|reside)\b|人口|何人が住|населени|сколько (человек|людей) (живёт|живет|проживает)")
        .expect("valid pattern")
});
static MEASURE_QUESTIONS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    UNITS
        .iter()
        .map(|(asked, _)| {
            Regex::new(&format!(
                r"(?i)\bhow (many|much) (\w+ )?({asked})\b|何({asked})|сколько (\w+ )?({asked})"
            ))
            .expect("valid pattern")
        })
        .collect()
});
static MEASURES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    UNITS
        .iter()
        .map(|(_, given)| Regex::new(given).expect("valid pattern"))
        .collect()
});
/// "Which company…": the asked-for noun right after "which"/"what" (an adjective or two
/// between, not a verb: "what do the airlines need" asks for something else).
static ORGANIZATION_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(which|what) ((?:japanese|russian|foreign|state|news|private|national|major|big|main|\w+-\w+) ){0,2}(compan(y|ies)|firms?|airlines?|carriers?|agenc(y|ies)|organi[sz]ations?|banks?|part(y|ies)|newspapers?|outlets?|broadcasters?|foundations?|institutes?|think tanks?|universit(y|ies)|operators?|ministr(y|ies)|departments?|bod(y|ies))\b|\bwho (runs|owns|operates)\b|どの(会社|企業|航空会社|機関|団体|通信社|新聞|政党|大学|財団|銀行|省庁|省)|どこの(会社|企業|航空会社|通信社|新聞|大学)|как(ая|ой|ое|ие) (\w+ )?(компани|авиакомпани|агентств|организаци|парти|университет|издани|газет|банк|фонд|министерств|ведомств)",
    )
    .expect("valid pattern")
});

static CLOCK_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwhat time\b|\bat what hour\b|во сколько|в котором часу|何時(に|ごろ|頃)")
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
/// A named organization: capitalized words ending in what organizations are called
/// ("Sasakawa Peace Foundation", "Japan Airlines", "RIA Novosti"), or an acronym ("TASS").
static ORGANIZATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z][\w\-]+ )*(?:Company|Corporation|Corp|Airlines?|Airways|Agency|Foundation|Party|Bank|University|Institute|Ministry|News|Novosti|Group|Inc|Ltd|Times|Post|Shimbun|Press|Council|Organi[sz]ation|Fund|Holdings|Energy)\b|\b[A-Z]{2,}\b")
        .expect("valid pattern")
});
/// A time of day: "14:30", "9 a.m.", "noon", "in the morning".
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(a\.?m\b|p\.?m\b)|o'clock|\b(noon|midnight|morning|afternoon|evening|night)\b")
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
        } else if CLOCK_QUESTION.is_match(question) {
            AnswerKind::Clock
        } else if POPULATION_QUESTION.is_match(question) {
            AnswerKind::Measure(POPULATION)
        } else if let Some(unit) = MEASURE_QUESTIONS.iter().position(|q| q.is_match(question)) {
            AnswerKind::Measure(unit)
        } else if ORGANIZATION_QUESTION.is_match(question) {
            AnswerKind::Organization
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

    /// Whether `sentence` holds this kind of answer to `question` (an organization the
    /// question names itself is not an answer).
    pub fn found_in(self, sentence: &str, question: &str) -> bool {
        match self {
            AnswerKind::Measure(unit) => MEASURES[unit].is_match(sentence),
            AnswerKind::Organization => {
                let asked = question.to_lowercase();
                ORGANIZATION
                    .find_iter(sentence)
                    .any(|name| !asked.contains(&name.as_str().to_lowercase()))
            }
            AnswerKind::Quantity => QUANTITY.is_match(sentence),
            AnswerKind::Money => MONEY.is_match(sentence),
            AnswerKind::Percent => PERCENT.is_match(sentence),
            AnswerKind::Age => AGE.is_match(sentence),
            AnswerKind::Clock => CLOCK.is_match(sentence),
            AnswerKind::Time => TIME.is_match(sentence),
            AnswerKind::Succession => SUCCESSION.is_match(sentence),
            AnswerKind::Other => false,
        }
    }

    /// Whether an excerpt without this kind of answer cannot answer the question, however
    /// close its meaning: a figure, a measure, a sum, a share, an age, a time of day or an
    /// organization's name is the answer itself. A change of office may be told without the words `found_in`
    /// looks for, and a "when" may be answered by an event ("after the collapse of the Soviet
    /// Union"): required, a time cost as many answers as it saved (README).
    pub fn required(self) -> bool {
        matches!(
            self,
            AnswerKind::Quantity
                | AnswerKind::Money
                | AnswerKind::Percent
                | AnswerKind::Age
                | AnswerKind::Clock
                | AnswerKind::Measure(_)
                | AnswerKind::Organization
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
            ("How many tonnes of LNG does Japan buy?", Measure(0)),
            ("日本は年間何トンのLNGを買っていますか？", Measure(0)),
            ("Which company runs the LNG project?", Organization),
            ("Какая авиакомпания летала в Москву?", Organization),
            ("What do the airlines want from Tokyo?", Other),
            ("What time did the plane land?", Clock),
            ("Во сколько приземлился самолёт?", Clock),
            ("大使は何時に到着しましたか？", Clock),
            ("何時間かかりましたか？", Other),
            ("What is the population of Tokyo?", Measure(POPULATION)),
            ("How many people live in Hokkaido?", Measure(POPULATION)),
            ("北海道の人口は？", Measure(POPULATION)),
            ("Сколько человек живёт на Хоккайдо?", Measure(POPULATION)),
            ("How many people were killed?", Quantity),
        ] {
            assert_eq!(AnswerKind::of_question(question), kind, "{question}");
        }
    }

    #[test]
    fn finds_the_kind_of_answer_in_a_sentence() {
        assert!(AnswerKind::Quantity.found_in("over 25 sanctions packages", ""));
        assert!(!AnswerKind::Quantity.found_in("Japan imposed sanctions.", ""));
        assert!(AnswerKind::Time.found_in("He left in November 2022.", ""));
        assert!(!AnswerKind::Time.found_in("He left the country.", ""));
        assert!(AnswerKind::Succession.found_in("before being succeeded by Akira Muto", ""));
        assert!(!AnswerKind::Other.found_in("anything at all", ""));
        assert!(AnswerKind::Money.found_in("trade worth $1.2 billion", ""));
        assert!(AnswerKind::Money.found_in("2 trillion yen", ""));
        assert!(!AnswerKind::Money.found_in("over 25 sanctions packages", ""));
        assert!(AnswerKind::Percent.found_in("won 45% of the seats", ""));
        assert!(AnswerKind::Percent.found_in("nearly half of the LNG", ""));
        assert!(!AnswerKind::Percent.found_in("a sweeping victory", ""));
        assert!(AnswerKind::Age.found_in("the 62-year-old diplomat", ""));
        assert!(!AnswerKind::Age.found_in("a career diplomat with 30 years of service", ""));
        assert!(AnswerKind::Clock.found_in("He landed at 14:35 local time.", ""));
        assert!(AnswerKind::Clock.found_in("The plane landed on Sunday morning.", ""));
        assert!(!AnswerKind::Clock.found_in("His arrival at Haneda Airport on Sunday.", ""));
    }

    #[test]
    fn a_measure_needs_its_unit_and_an_organization_one_the_question_does_not_name() {
        let tonnes = AnswerKind::of_question("How many tonnes of LNG does Japan buy?");
        assert!(tonnes.found_in("It buys 6 million tonnes a year.", ""));
        assert!(!tonnes.found_in("It buys almost 9-10% of its LNG there.", ""));
        let population = AnswerKind::of_question("What is the population of Tokyo?");
        assert!(population.found_in("Tokyo is home to 14 million people.", ""));
        assert!(!population.found_in("Tokyo imposed over 25 sanctions packages.", ""));
        let question = "Which company runs the Sakhalin-2 LNG project?";
        let company = AnswerKind::of_question(question);
        assert!(company.found_in(
            "Sakhalin Energy runs it; Mitsui Group holds 12.5%.",
            question
        ));
        assert!(!company.found_in("The Sakhalin-2 LNG project will be maintained.", question));
        assert!(AnswerKind::Organization.found_in("Nozdrev told TASS on Monday.", question));
    }

    #[test]
    fn figures_sums_shares_and_ages_are_required_other_kinds_only_preferred() {
        use AnswerKind::*;
        for kind in [
            Quantity,
            Money,
            Percent,
            Age,
            Clock,
            Measure(0),
            Organization,
        ] {
            assert!(kind.required(), "{kind:?}");
        }
        for kind in [Time, Succession, Other] {
            assert!(!kind.required(), "{kind:?}");
        }
    }
}
