//! From a page's HTML to an imported article, without touching the network.
//!
//! The page's metadata is read first (`meta`), then page furniture is cut from the DOM
//! (`furniture`). `dom_smoothie` (a port of Firefox's Readability)
//! then picks the article's main block, whose paragraphs go through the same line-by-line
//! cleaner as text imports, so a "Read also:" line or a caption that survives the DOM pass is
//! still dropped, with its reason, and the importer's dateline and source rules apply unchanged.

use dom_query::Document;
use url::Url;

use super::furniture::{is_tag, nesting_depth, strip_furniture, FURNITURE, MAX_DEPTH};
use super::meta::{self, clean, PageMeta};
use super::urls;
use crate::error::Error;
use crate::import::dates::{self, SeenDate};
use crate::import::source;
use crate::import::{self, DateFinding, ImportReport, SourceFinding, SourceKind};

/// Block elements whose text becomes one paragraph each.
const BLOCKS: &str = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt, td, th";
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
];

/// A list whose text is mostly links is a list of other stories, not the article's.
const MAX_LIST_LINK_SHARE: f64 = 0.6;

/// Whether bytes are an HTML page rather than raw text: a doctype, an `<html>`, `<head>` or
/// `<body>` tag near the top.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || head.contains("<head")
        || head.contains("<body")
}

/// Extracts the article from `html`. `page_url` is where it was fetched from (relative links
/// and the canonical url are resolved against it); `origin` names the page in errors and in
/// the article's provenance.
pub fn extract(html: &str, page_url: Option<&str>, origin: &str) -> Result<ImportReport, Error> {
    let fail = |reason: &str| Error::Import {
        path: origin.into(),
        reason: reason.to_string(),
    };
    if nesting_depth(html) > MAX_DEPTH {
        return Err(fail(&format!(
            "the page nests its elements more than {MAX_DEPTH} deep; not a readable article"
        )));
    }
    let page_url = page_url.and_then(|u| Url::parse(u).ok());
    let doc = Document::from(html);
    let meta = meta::read(&doc);
    strip_furniture(&doc);
    let lines = match main_block(doc, page_url.as_ref()) {
        Some(lines) if !lines.is_empty() => lines,
        // Readability found nothing: every block of the cleaned page, furniture already gone.
        _ => {
            let doc = Document::from(html);
            strip_furniture(&doc);
            block_lines(&doc)
        }
    };
    let host = page_url.as_ref().and_then(urls::host);
    let title = pick_title(&meta, host.as_deref())
        .ok_or_else(|| fail("no title: the page has no headline"))?;
    let raw = format!("{title}\n\n{}\n", lines.join("\n"));
    let mut report = import::import_text(&raw, origin)?;

    if let Some(date) = page_date(&meta) {
        report.date = date;
    }
    report.article.meta.date = match &report.date {
        DateFinding::Dated { date, .. } => Some(*date),
        _ => None,
    };
    if !matches!(report.date, DateFinding::NoYear { .. }) {
        report.article.meta.date_note = None;
    }
    report.source = page_source(report.source.take(), &meta, host.as_deref());
    report.article.meta.source = report.source.as_ref().map(|s| s.name.clone());
    report.article.meta.url = canonical_url(&meta, page_url.as_ref());
    report.article.meta.language = meta
        .language
        .clone()
        .unwrap_or_else(|| meta::guess_language(&report.article.text).to_string());
    Ok(report)
}

/// The article's paragraphs as Readability picks them, or `None` when it finds no article.
fn main_block(doc: Document, page_url: Option<&Url>) -> Option<Vec<String>> {
    let url = page_url.map(Url::as_str);
    let mut readability = dom_smoothie::Readability::with_document(doc, url, None).ok()?;
    let article = readability.parse().ok()?;
    Some(block_lines(&Document::from(article.content.to_string())))
}

/// One line per innermost block element, in document order, skipping lists of links.
fn block_lines(doc: &Document) -> Vec<String> {
    doc.select(FURNITURE).remove();
    for list in doc.select("ul, ol").nodes() {
        let all = list.text().chars().count().max(1) as f64;
        let links: usize = list
            .descendants_it()
            .filter(|d| is_tag(d, &["a"]))
            .map(|a| a.text().chars().count())
            .sum();
        if links as f64 / all > MAX_LIST_LINK_SHARE {
            list.remove_from_parent();
        }
    }
    let blocks = doc.select(BLOCKS);
    let mut lines = Vec::new();
    for node in blocks.nodes() {
        let nested = node.descendants_it().any(|d| is_tag(&d, BLOCK_TAGS));
        if nested {
            continue;
        }
        let text = clean(&node.text());
        if !text.is_empty() {
            lines.push(text);
        }
    }
    lines
}

/// The first headline candidate with the site name cut from its end (or start).
fn pick_title(meta: &PageMeta, host: Option<&str>) -> Option<String> {
    meta.titles
        .iter()
        .map(|t| strip_site_name(t, meta.site_name.as_deref(), host))
        .find(|t| !t.is_empty())
}

/// "Talks resume in Tokyo | The Daily" → "Talks resume in Tokyo".
fn strip_site_name(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " / ", " » "];
    let is_site = |part: &str| {
        let part = part.trim().to_lowercase();
        let squashed: String = part.chars().filter(|c| c.is_alphanumeric()).collect();
        !part.is_empty()
            && (site.is_some_and(|s| {
                let s = s.to_lowercase();
                s == part || s.contains(&part) || part.contains(&s)
            }) || host
                .is_some_and(|h| !squashed.is_empty() && h.replace('.', "").contains(&squashed)))
    };
    let mut title = title.trim().to_string();
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_site(tail) {
                title = head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_site(head) {
                title = tail.trim().to_string();
            }
        }
    }
    title
}

/// The page's own date: structured data first, then a visible date stamp with a year.
fn page_date(meta: &PageMeta) -> Option<DateFinding> {
    let structured =
        meta.dates
            .iter()
            .find_map(|(value, place)| match dates::find_date(&spaced(value))? {
                (SeenDate::Full(date), _) => Some(DateFinding::Dated {
                    date,
                    evidence: format!("{place} {value:?}"),
                }),
                _ => None,
            });
    structured.or_else(|| {
        meta.date_stamps
            .iter()
            .filter_map(|s| Some((dates::date_line(s)?, s)))
            .filter_map(|(d, s)| match d.date {
                SeenDate::Full(date) => Some((d.rank, date, s)),
                SeenDate::MonthDay { .. } => None,
            })
            .min_by_key(|(rank, ..)| *rank)
            .map(|(_, date, s)| DateFinding::Dated {
                date,
                evidence: s.clone(),
            })
    })
}

/// "20240604" (a compact ISO date in a meta tag) → "2024-06-04"; other values as they are.
fn spaced(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 8 && v.is_char_boundary(8) && v[..8].bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}{}", &v[..4], &v[4..6], &v[6..8], &v[8..])
    } else {
        v.to_string()
    }
}

/// An explicit attribution or an agency dateline in the text (a republished TASS story) wins;
/// then the page's publisher; then an outlet the text credits; then the page's host.
fn page_source(
    from_text: Option<SourceFinding>,
    meta: &PageMeta,
    host: Option<&str>,
) -> Option<SourceFinding> {
    if let Some(found) = from_text.as_ref().filter(|s| s.kind != SourceKind::Mention) {
        return Some(found.clone());
    }
    let site = meta.site_name.as_ref().map(|name| SourceFinding {
        name: source::canonical(name),
        kind: SourceKind::SiteName,
        evidence: name.clone(),
    });
    // An address like 127.0.0.1 names no publisher.
    let named_host = host.filter(|h| h.parse::<std::net::IpAddr>().is_err() && h.contains('.'));
    site.or(from_text).or_else(|| {
        named_host.map(|h| SourceFinding {
            name: h.trim_start_matches("www.").to_string(),
            kind: SourceKind::SiteName,
            evidence: h.to_string(),
        })
    })
}

/// The canonical link resolved against the page's address (or the address itself), with
/// tracking parameters removed; only http(s) addresses.
fn canonical_url(meta: &PageMeta, page_url: Option<&Url>) -> Option<String> {
    let resolved = meta.canonical.as_deref().and_then(|c| match page_url {
        Some(base) => base.join(c).ok(),
        None => Url::parse(c).ok(),
    });
    resolved
        .or_else(|| page_url.cloned())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|u| urls::normalize(u.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_leave_titles() {
        let f = |t: &str| strip_site_name(t, Some("The Daily"), Some("www.daily.example"));
        assert_eq!(
            f("Talks resume in Tokyo | The Daily"),
            "Talks resume in Tokyo"
        );
        assert_eq!(f("Daily - Talks resume in Tokyo"), "Talks resume in Tokyo");
        assert_eq!(
            f("Russia - Japan talks resume"),
            "Russia - Japan talks resume"
        );
    }

    #[test]
    fn an_old_table_page_gives_its_site_name_and_a_compact_meta_date_is_read() {
        let html = "<html><head><title>Fishermen detained near Kunashir :: Sakhalin Daily</title>\
            <meta name=\"pubdate\" content=\"20230512\"></head><body><table><tr><td>\
            <h2>Fishermen detained near Kunashir</h2><br>Russian border guards detained a Japanese \
            boat near Kunashir island on Friday.<br><br>Japan lodged a protest.</td></tr></table></body></html>";
        let r = extract(html, None, "old.html").unwrap();
        assert_eq!(r.article.meta.title, "Fishermen detained near Kunashir");
        assert_eq!(r.article.meta.source.as_deref(), Some("Sakhalin Daily"));
        assert_eq!(
            r.article.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2023-05-12")
        );
        assert!(
            r.article.text.contains("Japan lodged a protest."),
            "{}",
            r.article.text
        );
        assert_eq!(spaced("1717459200"), "1717-45-9200");
        assert!(dates::find_date(&spaced("1717459200")).is_none());
    }

    #[test]
    fn pathological_nesting_is_refused_quickly_and_real_pages_pass() {
        let deep = format!(
            "<html><body>{}<p>Text.</p></body></html>",
            "<div>".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let err = extract(&deep, None, "deep.html").unwrap_err();
        assert!(err.to_string().contains("more than 1000 deep"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let unclosed = format!(
            "<html><body><ul>{}</ul><script>if (a<b) {{}}</script></body></html>",
            "<li><p>x".repeat(5000)
        );
        assert_eq!(nesting_depth(&unclosed), 3);
        assert_eq!(
            nesting_depth("<div><script>x</script><style>a</style><div>b</div></div>"),
            2
        );
        assert_eq!(
            nesting_depth("<div><br/><img src=x><span>a</span></div></div></div>"),
            2
        );
    }

    #[test]
    fn html_is_recognised_by_its_content() {
        assert!(looks_like_html(b"\xef\xbb\xbf <!DOCTYPE html><html>"));
        assert!(looks_like_html(
            b"<meta charset=utf-8><head><title>x</title></head>"
        ));
        assert!(!looks_like_html(
            b"Talks resume\n\nThe envoy said <b> was bold.\n"
        ));
    }
}
