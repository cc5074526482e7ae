//! The bot's own words in English, Japanese and Russian: the framing around answers (button
//! labels, footers, dates, "undated"), the short notes, and `/help`. Command and option names
//! and descriptions are defined with their commands (`commands/*`), in the same [`Words`].
//!
//! Excerpts are never translated: they are verbatim quotes from English articles, and a line
//! above them says so to a Japanese or Russian reader.

use crate::date::{PartialDate, Precision};
use crate::lang::Lang;

/// The same words in the three languages the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub en: &'static str,
    pub ja: &'static str,
    pub ru: &'static str,
}

impl Words {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
            Lang::Ru => self.ru,
        }
    }
}

/// The language of a Discord client locale ("ja", "ru", "en-US", ...): English for any other.
pub fn of_locale(locale: &str) -> Lang {
    Lang::from_code(locale).unwrap_or(Lang::En)
}

/// The language to frame a question in: a Japanese or Russian client speaks its own language,
/// any other client the language the question is written in.
pub fn for_question(locale: Option<&str>, question: &str) -> Lang {
    match locale.and_then(Lang::from_code) {
        Some(lang @ (Lang::Ja | Lang::Ru)) => lang,
        _ => Lang::of_text(question),
    }
}

pub const MORE_SOURCES: Words = Words {
    en: "More sources",
    ja: "ほかの出典",
    ru: "Ещё источники",
};
pub const HELPFUL: Words = Words {
    en: "Helpful",
    ja: "役に立った",
    ru: "Полезно",
};
pub const NOT_HELPFUL: Words = Words {
    en: "Not helpful",
    ja: "役に立たなかった",
    ru: "Бесполезно",
};
pub const PREVIOUS: Words = Words {
    en: "Previous",
    ja: "前へ",
    ru: "Назад",
};
pub const NEXT: Words = Words {
    en: "Next",
    ja: "次へ",
    ru: "Далее",
};
pub const NO_FURTHER_SOURCES: Words = Words {
    en: "There are no further sources for this question.",
    ja: "この質問について、これ以上の出典はありません。",
    ru: "Других источников по этому вопросу нет.",
};
/// After the abstention sentence.
pub const TRY_OTHER_WORDS: Words = Words {
    en: " You could try other words, or `/search` for passages.",
    ja: "別の言葉で質問するか、`/search` で段落を検索してみてください。",
    ru: " Попробуйте другие слова или `/search` для поиска фрагментов.",
};
pub const EXPIRED: Words = Words {
    en: "I no longer have that answer (it is too old, or I restarted since). Please ask again.",
    ja: "その回答はもう保持していません（古いか、その後再起動しました）。もう一度質問してください。",
    ru: "Этого ответа у меня больше нет (он слишком старый, или я с тех пор перезапускался). Спросите ещё раз.",
};
pub const EMPTY_QUESTION: Words = Words {
    en: "Ask me a question about Russia–Japan relations, for example: `@nichiro what did Nozdrev say about the peace treaty?` I answer with dated quotes from news articles. `/help` shows more.",
    ja: "日露関係について質問してください。例：`@nichiro what did Nozdrev say about the peace treaty?` ニュース記事から日付付きで引用して答えます。詳しくは `/help` をどうぞ。",
    ru: "Задайте мне вопрос о российско-японских отношениях, например: `@nichiro what did Nozdrev say about the peace treaty?` Я отвечаю датированными цитатами из новостных статей. Подробнее — `/help`.",
};
pub const THANKS_UP: Words = Words {
    en: "Thanks! Your 👍 is recorded and helps evaluate the answers.",
    ja: "ありがとうございます。👍 を記録しました。回答の評価に役立てます。",
    ru: "Спасибо! Ваш 👍 записан и помогает оценивать ответы.",
};
pub const THANKS_DOWN: Words = Words {
    en: "Thanks! Your 👎 is recorded and helps improve the answers.",
    ja: "ありがとうございます。👎 を記録しました。回答の改善に役立てます。",
    ru: "Спасибо! Ваш 👎 записан и помогает улучшать ответы.",
};

/// "Full passage 2".
pub fn full_passage_label(lang: Lang, rank: usize) -> String {
    match lang {
        Lang::En => format!("Full passage {rank}"),
        Lang::Ja => format!("段落全文 {rank}"),
        Lang::Ru => format!("Полный абзац {rank}"),
    }
}

const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
/// Russian months after a day, or after "с"/"по" ("4 марта", "с марта").
const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// A date showing exactly what is known, never more: "4 March 2024", "March 2024", "2024";
/// "2024年3月4日", "2024年3月", "2024年"; "4 марта 2024", "март 2024", "2024".
pub fn date(lang: Lang, date: PartialDate) -> String {
    date_form(lang, date, false)
}

/// `date`, or "undated" in `lang`.
pub fn date_or_undated(lang: Lang, d: Option<PartialDate>) -> String {
    d.map_or_else(|| lang.undated().to_string(), |d| date(lang, d))
}

/// `genitive`: the Russian form after a preposition ("с марта 2024").
fn date_form(lang: Lang, date: PartialDate, genitive: bool) -> String {
    let first = date.first_day();
    let (year, month, day) = (
        date.year_value(),
        chrono::Datelike::month0(&first) as usize,
        chrono::Datelike::day(&first),
    );
    match (lang, date.precision()) {
        (Lang::En, _) => date.human(),
        (Lang::Ja, Precision::Day) => format!("{year}年{}月{day}日", month + 1),
        (Lang::Ja, Precision::Month) => format!("{year}年{}月", month + 1),
        (Lang::Ja, Precision::Year) => format!("{year}年"),
        (Lang::Ru, Precision::Day) => format!("{day} {} {year}", MONTHS_RU_GENITIVE[month]),
        (Lang::Ru, Precision::Month) if genitive => {
            format!("{} {year}", MONTHS_RU_GENITIVE[month])
        }
        (Lang::Ru, Precision::Month) => format!("{} {year}", MONTHS_RU[month]),
        (Lang::Ru, Precision::Year) => format!("{year}"),
    }
}

/// "since 2024", "until March 2025", "from 2024 to March 2025", in `lang`.
pub fn date_range(
    lang: Lang,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> Option<String> {
    let d = |x| date_form(lang, x, true);
    Some(match (lang, since, until) {
        (_, None, None) => return None,
        (Lang::En, Some(s), None) => format!("since {}", d(s)),
        (Lang::En, None, Some(u)) => format!("until {}", d(u)),
        (Lang::En, Some(s), Some(u)) => format!("from {} to {}", d(s), d(u)),
        (Lang::Ja, Some(s), None) => format!("{}以降", d(s)),
        (Lang::Ja, None, Some(u)) => format!("{}以前", d(u)),
        (Lang::Ja, Some(s), Some(u)) => format!("{}から{}まで", d(s), d(u)),
        (Lang::Ru, Some(s), None) => format!("с {}", d(s)),
        (Lang::Ru, None, Some(u)) => format!("по {}", d(u)),
        (Lang::Ru, Some(s), Some(u)) => format!("с {} по {}", d(s), d(u)),
    })
}

/// "Articles dated since April 2024", above an answer narrowed by dates.
pub fn articles_dated(lang: Lang, range: &str) -> String {
    match lang {
        Lang::En => format!("Articles dated {range}"),
        Lang::Ja => format!("{range}の記事"),
        Lang::Ru => format!("Статьи {range}"),
    }
}

/// Said after an abstention narrowed by dates.
pub fn only_looked_at(lang: Lang, range: &str) -> String {
    match lang {
        Lang::En => format!(" (I only looked at articles dated {range}; a wider range may help.)"),
        Lang::Ja => {
            format!("（{range}の記事だけを調べました。期間を広げると見つかるかもしれません。）")
        }
        Lang::Ru => format!(
            " (Я смотрел только статьи за период {range}; более широкий период может помочь.)"
        ),
    }
}

/// The Russian form of a count: 1 статья, 2 статьи, 5 статей, 21 статья, 11 статей.
fn ru_plural(n: u64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

/// "Corpus: 42 articles, newest 14 February 2026".
pub fn corpus_footer(lang: Lang, articles: usize, newest: Option<PartialDate>) -> String {
    let n = articles as u64;
    match (lang, newest) {
        (Lang::En, _) => {
            let articles = match n {
                1 => "1 article".to_string(),
                n => format!("{n} articles"),
            };
            match newest {
                Some(d) => format!("Corpus: {articles}, newest {}", d.human()),
                None => format!("Corpus: {articles}, none dated"),
            }
        }
        (Lang::Ja, Some(d)) => format!("コーパス：記事{n}件、最新は{}", date(lang, d)),
        (Lang::Ja, None) => format!("コーパス：記事{n}件、日付のある記事なし"),
        (Lang::Ru, newest) => {
            let word = ru_plural(n, "статья", "статьи", "статей");
            match newest {
                Some(d) => format!("Корпус: {n} {word}, самая новая — {}", date(lang, d)),
                None => format!("Корпус: {n} {word}, без дат"),
            }
        }
    }
}

/// "Page 2 of 3".
pub fn page_of(lang: Lang, page: usize, pages: usize) -> String {
    match lang {
        Lang::En => format!("Page {page} of {pages}"),
        Lang::Ja => format!("{page}/{pages}ページ"),
        Lang::Ru => format!("Страница {page} из {pages}"),
    }
}

fn seconds(lang: Lang, secs: u64) -> String {
    match lang {
        Lang::En if secs == 1 => "1 second".to_string(),
        Lang::En => format!("{secs} seconds"),
        Lang::Ja => format!("{secs}秒"),
        Lang::Ru => format!("{secs} {}", ru_plural(secs, "секунду", "секунды", "секунд")),
    }
}

/// A person asks faster than the per-user limit allows.
pub fn rate_limited(lang: Lang, retry_after_secs: u64, per_minute: u32) -> String {
    let wait = seconds(lang, retry_after_secs.max(1));
    match lang {
        Lang::En => format!(
            "You're asking quickly: I answer up to {per_minute} questions a minute per person. Please try again in {wait}."
        ),
        Lang::Ja => format!(
            "質問が速すぎます。1人あたり1分に{per_minute}問まで答えます。{wait}後にもう一度お試しください。"
        ),
        Lang::Ru => format!(
            "Вы спрашиваете слишком часто: я отвечаю не более чем на {per_minute} вопросов в минуту от одного человека. Попробуйте снова через {wait}."
        ),
    }
}

/// A person pressing buttons faster than the per-user limit.
pub fn clicking_fast(lang: Lang, retry_after_secs: u64, per_minute: u32) -> String {
    let wait = seconds(lang, retry_after_secs.max(1));
    match lang {
        Lang::En => format!(
            "You're clicking quickly: I take up to {per_minute} button presses a minute per person. Please try again in {wait}."
        ),
        Lang::Ja => format!(
            "ボタンの操作が速すぎます。1人あたり1分に{per_minute}回まで受け付けます。{wait}後にもう一度お試しください。"
        ),
        Lang::Ru => format!(
            "Вы нажимаете слишком часто: я принимаю не более {per_minute} нажатий в минуту от одного человека. Попробуйте снова через {wait}."
        ),
    }
}

/// Something failed on the bot's side; `error_id` is in the log next to the details.
pub fn apology(lang: Lang, error_id: &str) -> String {
    match lang {
        Lang::En => format!(
            "Sorry, something went wrong on my side while answering. Please try again in a moment; if it keeps happening, mention error id `{error_id}` to the bot's maintainers."
        ),
        Lang::Ja => format!(
            "申し訳ありません。回答中にこちら側で問題が起きました。少ししてからもう一度お試しください。続く場合は、エラーID `{error_id}` をボットの管理者にお伝えください。"
        ),
        Lang::Ru => format!(
            "Извините, при ответе у меня что-то пошло не так. Попробуйте ещё раз чуть позже; если ошибка повторяется, сообщите разработчикам бота код ошибки `{error_id}`."
        ),
    }
}

/// A slash command this bot does not (or no longer) provide; `name` is already made safe.
pub fn unknown_command(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => {
            format!("I don't know the command `/{name}`. Try `/help` to see what I can do.")
        }
        Lang::Ja => format!(
            "`/{name}` というコマンドはありません。`/help` でできることを確認してください。"
        ),
        Lang::Ru => {
            format!("Я не знаю команды `/{name}`. Посмотрите `/help`, чтобы узнать, что я умею.")
        }
    }
}

/// A `since`/`until` value that is not a date; `value` is already made safe.
pub fn bad_date(lang: Lang, option: &str, value: &str) -> String {
    match lang {
        Lang::En => format!(
            "I couldn't read `{option}: {value}`. Please write a date as YYYY, YYYY-MM or YYYY-MM-DD, for example `2024` or `2024-03`."
        ),
        Lang::Ja => format!(
            "`{option}: {value}` を読み取れませんでした。日付は YYYY、YYYY-MM、YYYY-MM-DD の形で書いてください（例：`2024`、`2024-03`）。"
        ),
        Lang::Ru => format!(
            "Не удалось прочитать `{option}: {value}`. Укажите дату как ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД, например `2024` или `2024-03`."
        ),
    }
}

/// The title of a page of `/search` results.
pub fn passages_title(lang: Lang, query: &str) -> String {
    match lang {
        Lang::En => format!("Passages for “{query}”"),
        Lang::Ja => format!("「{query}」に一致する段落"),
        Lang::Ru => format!("Фрагменты по запросу «{query}»"),
    }
}

/// `/search` found nothing; `query` is already escaped.
pub fn no_passages(lang: Lang, query: &str) -> String {
    match lang {
        Lang::En => format!("No passages match “{query}”. Try other or fewer words."),
        Lang::Ja => format!(
            "「{query}」に一致する段落はありません。別の言葉か、より少ない言葉でお試しください。"
        ),
        Lang::Ru => format!(
            "Нет фрагментов по запросу «{query}». Попробуйте другие или более короткие слова."
        ),
    }
}

/// The title of a `/timeline`, on a topic or of the whole corpus.
pub fn timeline_title(lang: Lang, topic: Option<&str>) -> String {
    match (lang, topic) {
        (Lang::En, Some(t)) => format!("Timeline: {t}"),
        (Lang::En, None) => "Timeline of the corpus".to_string(),
        (Lang::Ja, Some(t)) => format!("年表：{t}"),
        (Lang::Ja, None) => "コーパスの年表".to_string(),
        (Lang::Ru, Some(t)) => format!("Хронология: {t}"),
        (Lang::Ru, None) => "Хронология корпуса".to_string(),
    }
}

/// `/timeline` found no dated article; `topic` is already escaped.
pub fn no_timeline(lang: Lang, topic: Option<&str>) -> String {
    match (lang, topic) {
        (Lang::En, Some(t)) => format!(
            "No dated articles mention “{t}”. Try another topic, or `/timeline` alone for everything."
        ),
        (Lang::En, None) => "The corpus has no dated articles yet.".to_string(),
        (Lang::Ja, Some(t)) => format!(
            "「{t}」に触れた日付のある記事はありません。別の話題か、話題なしの `/timeline` をお試しください。"
        ),
        (Lang::Ja, None) => "コーパスにはまだ日付のある記事がありません。".to_string(),
        (Lang::Ru, Some(t)) => format!(
            "Нет датированных статей, где упоминается «{t}». Попробуйте другую тему или `/timeline` без темы."
        ),
        (Lang::Ru, None) => "В корпусе пока нет датированных статей.".to_string(),
    }
}

/// The title of a page of `/sources`.
pub fn sources_title(lang: Lang, articles: usize) -> String {
    let n = articles as u64;
    match lang {
        Lang::En => format!("Sources ({n} articles, newest first)"),
        Lang::Ja => format!("出典（記事{n}件、新しい順）"),
        Lang::Ru => format!(
            "Источники ({n} {}, сначала новые)",
            ru_plural(n, "статья", "статьи", "статей")
        ),
    }
}

pub const NO_SOURCES: Words = Words {
    en: "The corpus is empty: there are no articles to list yet.",
    ja: "コーパスは空です。表示できる記事はまだありません。",
    ru: "Корпус пуст: статей пока нет.",
};

pub const HELP_TITLE: Words = Words {
    en: "nichiro: Russia–Japan relations, answered from the news",
    ja: "nichiro：ニュースから答える日露関係",
    ru: "nichiro: российско-японские отношения по материалам новостей",
};

pub const HELP_TEXT: Words = Words {
    en: "I answer questions about Russia–Japan relations by quoting news articles word for word, each with its title, source and date. When the articles don't cover a question, I say so instead of guessing.

**/ask** `question` — ask anything; add `since` / `until` (`2024`, `2024-03` or `2024-03-04`) to limit the dates, and `private` to see the answer alone. Buttons under an answer show more sources, a quote's full passage, and take 👍/👎 feedback.
**/search** `query` — the passages that match, page by page.
**/timeline** `topic` — articles on a topic in date order.
**/sources** — every article I know, newest first.
**/subscribe** `topic` — post each new article on a topic in this channel; **/unsubscribe** stops it (administrators and channel managers).

You can also mention me in a channel (`@nichiro what did Nozdrev say about the peace treaty?`) or send me a direct message.",
    ja: "日露関係についての質問に、ニュース記事の原文をそのまま引用して答えます（記事名・出典・日付付き）。記事に答えがない場合は、推測せずにそう伝えます。記事は英語です。

**/ask**（質問）`question` — 何でも質問できます。`since` / `until`（`2024`、`2024-03`、`2024-03-04`）で期間を絞り、`private` で自分だけに表示します。回答の下のボタンで、さらに出典を表示、引用の全文を表示、👍/👎 の評価ができます。
**/search**（検索）— 一致する段落をページごとに表示します。
**/timeline**（年表）— 話題に関する記事を日付順に表示します。
**/sources**（出典）— すべての記事を新しい順に表示します。
**/subscribe**（購読）`topic` — 話題の新着記事をこのチャンネルに投稿します。**/unsubscribe**（購読解除）で停止します（管理者とチャンネル管理者）。

チャンネルでメンション（`@nichiro 平和条約について大使は何と言った？`）するか、ダイレクトメッセージでも質問できます。",
    ru: "Я отвечаю на вопросы о российско-японских отношениях дословными цитатами из новостных статей — с названием, источником и датой. Если статьи не отвечают на вопрос, я так и говорю, а не гадаю. Статьи на английском языке.

**/ask** (спросить) `question` — задайте любой вопрос; `since` / `until` (`2024`, `2024-03` или `2024-03-04`) ограничивают даты, `private` показывает ответ только вам. Кнопки под ответом показывают ещё источники, полный абзац цитаты и принимают оценку 👍/👎.
**/search** (поиск) — подходящие абзацы, постранично.
**/timeline** (хронология) — статьи по теме в порядке дат.
**/sources** (источники) — все статьи, сначала новые.
**/subscribe** (подписаться) `topic` — публиковать новые статьи по теме в этом канале; **/unsubscribe** (отписаться) — прекратить (администраторы и управляющие каналами).

Можно также упомянуть меня в канале (`@nichiro что сказал Ноздрев о мирном договоре?`) или написать мне в личные сообщения.",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(of_locale("ja"), Lang::Ja);
        assert_eq!(of_locale("ru"), Lang::Ru);
        assert_eq!(of_locale("en-US"), Lang::En);
        assert_eq!(of_locale("pt-BR"), Lang::En);
        assert_eq!(for_question(Some("ja"), "Who is Nozdrev?"), Lang::Ja);
        assert_eq!(for_question(Some("en-US"), "北方領土について"), Lang::Ja);
        assert_eq!(for_question(Some("fr"), "Кто посол?"), Lang::Ru);
        assert_eq!(for_question(None, "Who is Nozdrev?"), Lang::En);
    }

    #[test]
    fn dates_show_only_what_is_known_in_each_language() {
        assert_eq!(date(Lang::En, d("2024-03-04")), "4 March 2024");
        assert_eq!(date(Lang::Ja, d("2024-03-04")), "2024年3月4日");
        assert_eq!(date(Lang::Ja, d("2023-07")), "2023年7月");
        assert_eq!(date(Lang::Ja, d("2022")), "2022年");
        assert_eq!(date(Lang::Ru, d("2024-03-04")), "4 марта 2024");
        assert_eq!(date(Lang::Ru, d("2023-07")), "июль 2023");
        assert_eq!(date(Lang::Ru, d("2022")), "2022");
        assert_eq!(date_or_undated(Lang::Ja, None), "日付不明");
        assert_eq!(date_or_undated(Lang::Ru, None), "без даты");
        assert_eq!(date_or_undated(Lang::En, None), "undated");
        assert_eq!(
            date_range(Lang::Ru, Some(d("2024-04")), Some(d("2025"))).as_deref(),
            Some("с апреля 2024 по 2025")
        );
        assert_eq!(
            date_range(Lang::Ja, Some(d("2024-04")), None).as_deref(),
            Some("2024年4月以降")
        );
        assert_eq!(
            date_range(Lang::En, None, Some(d("2025-03"))).as_deref(),
            Some("until March 2025")
        );
        assert_eq!(date_range(Lang::Ja, None, None), None);
    }

    #[test]
    fn counts_agree_in_russian() {
        let footer = |n| corpus_footer(Lang::Ru, n, None);
        assert_eq!(footer(1), "Корпус: 1 статья, без дат");
        assert_eq!(footer(3), "Корпус: 3 статьи, без дат");
        assert_eq!(footer(11), "Корпус: 11 статей, без дат");
        assert_eq!(footer(21), "Корпус: 21 статья, без дат");
        assert_eq!(footer(42), "Корпус: 42 статьи, без дат");
        assert_eq!(
            corpus_footer(Lang::En, 1, None),
            "Corpus: 1 article, none dated"
        );
        assert_eq!(
            corpus_footer(Lang::Ja, 4, Some(d("2024-04-03"))),
            "コーパス：記事4件、最新は2024年4月3日"
        );
        assert!(rate_limited(Lang::Ru, 2, 10).contains("через 2 секунды"));
        assert!(rate_limited(Lang::En, 0, 10).contains("1 second."));
    }

    #[test]
    fn help_fits_an_embed() {
        for lang in [Lang::En, Lang::Ja, Lang::Ru] {
            assert!(HELP_TEXT.get(lang).chars().count() < 4096);
        }
    }
}
