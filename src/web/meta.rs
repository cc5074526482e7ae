//! What a page says about itself, read before any cleaning: JSON-LD (`NewsArticle` and its
//! kin, also inside `@graph`), Open Graph and `article:` meta tags, the canonical link, `<time>`
//! elements, visible date stamps, and the document language.

use dom_query::{Document, Selection};
use serde_json::Value;

/// The page's own statements about the article; each is taken as written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMeta {
    /// Headline candidates, best first: JSON-LD headline, `og:title`, the first `<h1>`, `<title>`.
    pub titles: Vec<String>,
    /// Publication date candidates, best first, each with where it was found.
    pub dates: Vec<(String, String)>,
    /// Visible short texts that may be the page's date stamp ("Published March 4, 2024").
    pub date_stamps: Vec<String>,
    /// The publisher or site name (JSON-LD publisher, `og:site_name`, `application-name`).
    pub site_name: Option<String>,
    pub canonical: Option<String>,
    pub language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "WebPage",
    "PressRelease",
    "ReportageArticle",
];

/// Reads the page's metadata.
pub fn read(doc: &Document) -> PageMeta {
    let mut meta = PageMeta::default();
    let ld = json_ld(doc);
    let meta_tag = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|name| {
            let sel = format!(
                "meta[property=\"{name}\"], meta[name=\"{name}\"], meta[itemprop=\"{name}\"]"
            );
            doc.select(&sel).iter().find_map(|m| {
                m.attr("content")
                    .map(|c| clean(&c))
                    .filter(|c| !c.is_empty())
            })
        })
    };

    if let Some(h) = ld
        .as_ref()
        .and_then(|a| str_field(a, &["headline", "name"]))
    {
        meta.titles.push(h);
    }
    if let Some(t) = meta_tag(&["og:title", "twitter:title"]) {
        meta.titles.push(t);
    }
    if let Some(h1) = ["article h1", "main h1", "h1"]
        .iter()
        .find_map(|sel| first_text(&doc.select(sel)))
    {
        meta.titles.push(h1);
    }
    if let Some(t) = first_text(&doc.select("head title")) {
        meta.titles.push(t);
    }

    if let Some(d) = ld
        .as_ref()
        .and_then(|a| str_field(a, &["datePublished", "dateCreated"]))
    {
        meta.dates.push((d, "JSON-LD datePublished".into()));
    }
    for name in [
        "article:published_time",
        "datePublished",
        "og:published_time",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "DC.date.issued",
    ] {
        if let Some(d) = meta_tag(&[name]) {
            meta.dates.push((d, format!("meta {name}")));
        }
    }
    // The article's own <time> first: a page's sidebar lists other stories' times.
    let time = [
        "article time[datetime]",
        "main time[datetime]",
        "time[datetime]",
    ]
    .iter()
    .find_map(|sel| doc.select(sel).iter().find_map(|t| t.attr("datetime")));
    if let Some(d) = time {
        meta.dates.push((clean(&d), "<time datetime>".into()));
    }
    let stamp_sel = "time, [class*=date], [class*=time], [class*=publish], [class*=posted], [id*=date], [class*=meta], [class*=byline]";
    for el in doc.select(stamp_sel).iter() {
        let text = clean(&el.text());
        if !text.is_empty() && text.chars().count() <= 120 && !meta.date_stamps.contains(&text) {
            meta.date_stamps.push(text);
        }
        if meta.date_stamps.len() >= 20 {
            break;
        }
    }

    meta.site_name = ld
        .as_ref()
        .and_then(|a| a.get("publisher"))
        .and_then(|p| match p {
            Value::Array(items) => items.first().and_then(|p| str_field(p, &["name"])),
            other => str_field(other, &["name"]),
        })
        .or_else(|| meta_tag(&["og:site_name", "application-name", "publisher"]));

    if meta.site_name.is_none() {
        meta.site_name = title_suffix(doc);
    }

    meta.canonical = doc
        .select("link[rel=canonical]")
        .iter()
        .find_map(|l| l.attr("href").map(|h| clean(&h)))
        .filter(|h| !h.is_empty())
        .or_else(|| meta_tag(&["og:url"]))
        .or_else(|| ld.as_ref().and_then(|a| str_field(a, &["url"])));

    meta.language = doc
        .select("html")
        .iter()
        .find_map(|h| {
            h.attr("lang")
                .or_else(|| h.attr("xml:lang"))
                .map(|l| clean(&l))
        })
        .or_else(|| meta_tag(&["og:locale", "content-language", "language"]))
        .and_then(|l| primary_language(&l));
    meta
}

/// The site name a page gives only in its `<title>`: "Headline | Site" where one of the page's
/// first headings (`<h1>`, else `<h2>`) is "Headline".
fn title_suffix(doc: &Document) -> Option<String> {
    let title = first_text(&doc.select("head title"))?;
    ["h1", "h2"].iter().find_map(|tag| {
        let heading = first_text(&doc.select(tag))?;
        let rest = title.strip_prefix(&heading)?.trim_start();
        let site = ["|", "-", "–", "—", "::", "·", "»"]
            .iter()
            .find_map(|sep| rest.strip_prefix(sep))?
            .trim();
        (!site.is_empty() && site.split_whitespace().count() <= 8).then(|| site.to_string())
    })
}

/// "en-US", "ja_JP" → "en", "ja".
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    (2..=3).contains(&primary.len()).then_some(primary)
}

/// The article object of the page's JSON-LD, if any: the first object of an article type,
/// searched through arrays and `@graph`.
fn json_ld(doc: &Document) -> Option<Value> {
    let mut found: Option<Value> = None;
    for script in doc.select("script[type=\"application/ld+json\"]").iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    let types: Vec<String> = match map.get("@type") {
                        Some(Value::String(t)) => vec![t.clone()],
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .filter_map(|t| t.as_str().map(String::from))
                            .collect(),
                        _ => Vec::new(),
                    };
                    let article = types
                        .iter()
                        .any(|t| ARTICLE_TYPES.contains(&t.as_str()) && t != "WebPage");
                    if article {
                        return Some(Value::Object(map));
                    }
                    if found.is_none() && types.iter().any(|t| t == "WebPage") {
                        found = Some(Value::Object(map));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn str_field(v: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match v.get(n)? {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        _ => None,
    })
}

fn first_text(sel: &Selection) -> Option<String> {
    sel.iter().map(|s| clean(&s.text())).find(|t| !t.is_empty())
}

/// Whitespace collapsed to single spaces, trimmed: the text as a reader sees it.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A language guessed from the writing system when the page declares none: Japanese kana,
/// Cyrillic, or English for Latin text.
pub fn guess_language(text: &str) -> &'static str {
    let (mut kana, mut cjk, mut cyrillic, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(5000) {
        match c {
            '\u{3040}'..='\u{30ff}' => kana += 1,
            '\u{4e00}'..='\u{9fff}' => cjk += 1,
            '\u{0400}'..='\u{04ff}' => cyrillic += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            _ => {}
        }
    }
    if kana + cjk > latin.max(cyrillic) {
        "ja"
    } else if cyrillic > latin {
        "ru"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_in_a_graph_wins_and_meta_tags_follow() {
        let html = r#"<html lang="en-GB"><head><title>Talks resume | Daily</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Daily"},
              {"@type":["NewsArticle"],"headline":"Talks resume","datePublished":"2024-03-04T23:10:00+09:00",
               "publisher":{"@type":"Organization","name":"The Daily"}}]}</script>
            <meta property="article:published_time" content="2024-03-04T14:10:00Z">
            <meta property="og:site_name" content="Daily Site">
            <link rel="canonical" href="https://daily.example/talks"></head>
            <body><h1>Talks resume</h1><time datetime="2024-03-05">March 5</time></body></html>"#;
        let meta = read(&Document::from(html));
        assert_eq!(meta.titles[0], "Talks resume");
        assert_eq!(
            meta.dates[0],
            (
                "2024-03-04T23:10:00+09:00".into(),
                "JSON-LD datePublished".into()
            )
        );
        assert_eq!(meta.dates[1].1, "meta article:published_time");
        assert_eq!(meta.site_name.as_deref(), Some("The Daily"));
        assert_eq!(
            meta.canonical.as_deref(),
            Some("https://daily.example/talks")
        );
        assert_eq!(meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let html = r#"<script type="application/ld+json">{"@type": "NewsArticle", </script><title>T</title>"#;
        let meta = read(&Document::from(html));
        assert_eq!(meta.titles, ["T"]);
        assert!(meta.dates.is_empty());
    }

    #[test]
    fn the_writing_system_names_the_language() {
        assert_eq!(guess_language("日本とロシアの関係について"), "ja");
        assert_eq!(guess_language("Россия и Япония"), "ru");
        assert_eq!(guess_language("Russia and Japan"), "en");
    }
}
