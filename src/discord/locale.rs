//! Japanese and Russian localizations: command and option names and descriptions (shown by
//! Discord's command picker in the user's client language) and the `/help` text.
//!
//! Answers themselves stay in the corpus's language: they are verbatim quotes.

/// The languages the bot speaks besides English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
    Ru,
}

impl Lang {
    /// The language of a Discord locale ("ja", "ru", "en-US", ...).
    pub fn from_locale(locale: &str) -> Lang {
        match locale.split('-').next().unwrap_or_default() {
            "ja" => Lang::Ja,
            "ru" => Lang::Ru,
            _ => Lang::En,
        }
    }

    pub fn help_title(self) -> &'static str {
        match self {
            Lang::En => "nichiro: Russia–Japan relations, answered from the news",
            Lang::Ja => "nichiro：ニュースから答える日露関係",
            Lang::Ru => "nichiro: российско-японские отношения по материалам новостей",
        }
    }

    pub fn help_text(self) -> &'static str {
        match self {
            Lang::En => HELP_EN,
            Lang::Ja => HELP_JA,
            Lang::Ru => HELP_RU,
        }
    }
}

const HELP_EN: &str = "I answer questions about Russia–Japan relations by quoting news articles word for word, each with its title, source and date. When the articles don't cover a question, I say so instead of guessing.

**/ask** `question` — ask anything; add `since` / `until` (`2024`, `2024-03` or `2024-03-04`) to limit the dates, and `private` to see the answer alone. Buttons under an answer show more sources, a quote's full passage, and take 👍/👎 feedback.
**/search** `query` — the passages that match, page by page.
**/timeline** `topic` — articles on a topic in date order.
**/sources** — every article I know, newest first.

You can also mention me in a channel (`@nichiro what did Nozdrev say about the peace treaty?`) or send me a direct message.";

const HELP_JA: &str = "日露関係についての質問に、ニュース記事の原文をそのまま引用して答えます（記事名・出典・日付付き）。記事に答えがない場合は、推測せずにそう伝えます。記事は英語です。

**/ask**（質問）`question` — 何でも質問できます。`since` / `until`（`2024`、`2024-03`、`2024-03-04`）で期間を絞り、`private` で自分だけに表示します。回答の下のボタンで、さらに出典を表示、引用の全文を表示、👍/👎 の評価ができます。
**/search**（検索）— 一致する段落をページごとに表示します。
**/timeline**（年表）— 話題に関する記事を日付順に表示します。
**/sources**（出典）— すべての記事を新しい順に表示します。

チャンネルでメンション（`@nichiro 平和条約について大使は何と言った？`）するか、ダイレクトメッセージでも質問できます。";

const HELP_RU: &str = "Я отвечаю на вопросы о российско-японских отношениях дословными цитатами из новостных статей — с названием, источником и датой. Если статьи не отвечают на вопрос, я так и говорю, а не гадаю. Статьи на английском языке.

**/ask** (спросить) `question` — задайте любой вопрос; `since` / `until` (`2024`, `2024-03` или `2024-03-04`) ограничивают даты, `private` показывает ответ только вам. Кнопки под ответом показывают ещё источники, полный абзац цитаты и принимают оценку 👍/👎.
**/search** (поиск) — подходящие абзацы, постранично.
**/timeline** (хронология) — статьи по теме в порядке дат.
**/sources** (источники) — все статьи, сначала новые.

Можно также упомянуть меня в канале (`@nichiro что сказал Ноздрев о мирном договоре?`) или написать мне в личные сообщения.";

/// A name or description in Japanese and Russian.
#[derive(Debug, Clone, Copy)]
pub struct Localized {
    pub ja: &'static str,
    pub ru: &'static str,
}

/// Localized names (Discord requires lowercase, no spaces, at most 32 characters) and
/// descriptions (at most 100 characters) of each command and option, by English name.
pub fn name(english: &str) -> Option<Localized> {
    let (ja, ru) = match english {
        "ask" => ("質問", "спросить"),
        "question" => ("質問内容", "вопрос"),
        "since" => ("開始日", "с_даты"),
        "until" => ("終了日", "по_дату"),
        "private" => ("非公開", "лично"),
        "search" => ("検索", "поиск"),
        "query" => ("キーワード", "запрос"),
        "timeline" => ("年表", "хронология"),
        "topic" => ("話題", "тема"),
        "sources" => ("出典", "источники"),
        "help" => ("ヘルプ", "помощь"),
        "reindex" => ("再読み込み", "перезагрузка"),
        "import" => ("記事取り込み", "импорт"),
        "url" => ("アドレス", "адрес"),
        "subscribe" => ("購読", "подписаться"),
        "unsubscribe" => ("購読解除", "отписаться"),
        _ => return None,
    };
    Some(Localized { ja, ru })
}

/// The Japanese and Russian description of command or option `key` ("ask", "ask.question").
pub fn description(key: &str) -> Option<Localized> {
    let (ja, ru) = match key {
        "ask" => (
            "日露関係について質問します。日付入りのニュース記事から引用して答えます",
            "Вопрос о российско-японских отношениях: ответ цитирует датированные статьи",
        ),
        "ask.question" => ("質問（普通の文章で）", "Ваш вопрос, обычными словами"),
        "ask.since" | "search.since" => (
            "この日付以降の記事のみ：YYYY、YYYY-MM、YYYY-MM-DD",
            "Только статьи с этой даты: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД",
        ),
        "ask.until" => (
            "この日付以前の記事のみ：YYYY、YYYY-MM、YYYY-MM-DD",
            "Только статьи по эту дату: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД",
        ),
        "ask.private" => ("回答を自分だけに表示します", "Показать ответ только вам"),
        "search" => (
            "語句に一致する記事の段落を表示します",
            "Абзацы статей, подходящие под запрос",
        ),
        "search.query" => ("探す語句", "Слова для поиска"),
        "timeline" => (
            "話題に関する記事を日付順に表示します",
            "Статьи по теме в порядке дат",
        ),
        "timeline.topic" => (
            "話題（省略するとすべての記事）",
            "Тема (без темы — все статьи)",
        ),
        "sources" => (
            "コーパスの記事を新しい順に表示します",
            "Статьи корпуса, сначала новые",
        ),
        "help" => ("このボットの使い方", "Что умеет бот и как задавать вопросы"),
        "reindex" => (
            "記事を再読み込みします（管理者のみ）",
            "Перечитать статьи корпуса (только администраторы)",
        ),
        "import" => (
            "ウェブページから記事を取り込みます（管理者のみ）",
            "Импортировать статью с веб-страницы (только администраторы)",
        ),
        "import.url" => (
            "記事のアドレス（http または https）",
            "Адрес статьи (http или https)",
        ),
        "subscribe" => (
            "話題の新着記事をこのチャンネルに投稿します（管理者とチャンネル管理者）",
            "Публиковать новые статьи по теме в этом канале (администраторы)",
        ),
        "subscribe.topic" => (
            "話題（省略するとすべての新着記事）",
            "Тема (без темы — все новые статьи)",
        ),
        "unsubscribe" => (
            "このチャンネルへの新着記事の投稿を停止します",
            "Больше не публиковать новые статьи в этом канале",
        ),
        _ => return None,
    };
    Some(Localized { ja, ru })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(Lang::from_locale("ja"), Lang::Ja);
        assert_eq!(Lang::from_locale("ru"), Lang::Ru);
        assert_eq!(Lang::from_locale("en-US"), Lang::En);
        assert_eq!(Lang::from_locale("pt-BR"), Lang::En);
    }

    #[test]
    fn localizations_respect_discord_rules() {
        let names = [
            "ask",
            "question",
            "since",
            "until",
            "private",
            "search",
            "query",
            "timeline",
            "topic",
            "sources",
            "help",
            "reindex",
            "import",
            "url",
            "subscribe",
            "unsubscribe",
        ];
        for english in names {
            let l = name(english).unwrap();
            for n in [l.ja, l.ru] {
                assert!(n.chars().count() <= 32 && !n.is_empty(), "{n}");
                assert_eq!(n.to_lowercase(), n, "{n}");
                assert!(
                    n.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-'),
                    "{n}"
                );
            }
        }
        let keys = [
            "ask",
            "ask.question",
            "ask.since",
            "ask.until",
            "ask.private",
            "search",
            "search.query",
            "timeline",
            "timeline.topic",
            "sources",
            "help",
            "reindex",
            "import",
            "import.url",
            "subscribe",
            "subscribe.topic",
            "unsubscribe",
        ];
        for key in keys {
            let l = description(key).unwrap();
            for d in [l.ja, l.ru] {
                assert!((1..=100).contains(&d.chars().count()), "{key}: {d}");
            }
        }
        for lang in [Lang::En, Lang::Ja, Lang::Ru] {
            assert!(lang.help_text().chars().count() < 4096);
        }
    }
}
