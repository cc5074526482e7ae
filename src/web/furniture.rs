//! Page furniture: the elements of a news page that are never article text (menus, share bars,
//! related lists, newsletter boxes, cookie banners, comments, captions, footers), found by tag,
//! ARIA role and whole words of class and id, and cut from the DOM before Readability runs.
//! Also the nesting check that refuses pathological markup before it is parsed.

use dom_query::{Document, NodeRef};

/// Elements that are never article text.
pub(super) const FURNITURE: &str =
    "script, style, noscript, template, iframe, svg, canvas, nav, footer, \
    aside, form, button, select, input, textarea, figure, figcaption, picture, video, audio, \
    dialog, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [role=dialog], [role=alert], [aria-hidden=true], [hidden]";

/// Words in a class or id that mark page furniture, matched against whole hyphen- or
/// underscore-separated parts ("share-bar" matches "share", "header" does not match "ad").
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "recommended",
    "recommendations",
    "readmore",
    "readalso",
    "seealso",
    "popular",
    "trending",
    "mostread",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comment",
    "comments",
    "disqus",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "adslot",
    "sponsor",
    "sponsored",
    "promo",
    "banner",
    "bio",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "nav",
    "navbar",
    "footer",
    "sidebar",
    "widget",
    "tags",
    "caption",
    "credit",
    "credits",
    "pagination",
    "pager",
    "toolbar",
    "modal",
    "popup",
    "byline",
    "author",
    "outbrain",
    "taboola",
    "paywall",
    // WordPress (Jetpack) share and related-posts blocks.
    "sharedaddy",
    "relatedposts",
];

/// Furniture named by two words: "read-also", "most-read", "see-also".
const FURNITURE_PHRASES: &[&str] = &[
    "read-also",
    "read-more",
    "see-also",
    "most-read",
    "more-news",
    "more-stories",
    "also-read",
    "author-bio",
    "about-author",
    "in-brief",
];

/// An element holding more than this share of the page's text is the article, whatever its
/// class says ("content has-sidebar").
const MAX_FURNITURE_SHARE: f64 = 0.4;

/// Deeper nesting than this is refused before parsing: the HTML parser's scope checks walk the
/// stack of open elements, so a page of 100,000 nested `<div>`s would take minutes. Real
/// articles nest a few dozen deep.
pub(super) const MAX_DEPTH: usize = 1000;

/// Elements that never hold others, or that the parser closes by itself (`<p>`, `<li>`...),
/// so they add no depth.
const FLAT_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "tbody", "thead", "option", "dt", "dd",
];

/// How deep the page's tags nest, by a quick scan of the markup (script and style contents
/// skipped); closing tags without an opening one are ignored.
pub(super) fn nesting_depth(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = lower[i..].find('<').map(|k| i + k) {
        let closing = bytes.get(at + 1) == Some(&b'/');
        let start = at + 1 + usize::from(closing);
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let Some(end) = lower[start..].find('>').map(|k| start + k) else {
            break;
        };
        i = end + 1;
        let name = &lower[start..start + name_len];
        if name.is_empty() || FLAT_TAGS.contains(&name) || bytes[end - 1] == b'/' {
            continue;
        }
        let raw_text = name == "script" || name == "style";
        if closing {
            if !raw_text {
                depth = depth.saturating_sub(1);
            }
        } else if raw_text {
            i = lower[i..]
                .find(&format!("</{name}"))
                .map_or(lower.len(), |k| i + k);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Removes furniture elements, keeping any that hold the article itself.
pub(super) fn strip_furniture(doc: &Document) {
    doc.select(FURNITURE).remove();
    // A site header outside the article; one inside it holds the headline and date, already read.
    for header in doc.select("header").nodes() {
        if !header
            .ancestors_it(None)
            .any(|a| is_tag(&a, &["article", "main"]))
        {
            header.remove_from_parent();
        }
    }
    let total = doc.select("body").text().chars().count().max(1) as f64;
    let marked: Vec<NodeRef> = doc
        .select("[class], [id]")
        .nodes()
        .iter()
        .filter(|n| {
            is_furniture_name(&format!(
                "{} {}",
                n.class().unwrap_or_default(),
                n.id_attr().unwrap_or_default()
            ))
        })
        .cloned()
        .collect();
    for node in marked {
        let holds_article = is_tag(&node, &["html", "body", "main", "article"])
            || node.descendants_it().any(|d| {
                is_tag(&d, &["article", "main"])
                    || d.attr("itemprop").is_some_and(|p| &*p == "articleBody")
            });
        let share = node.text().chars().count() as f64 / total;
        if !holds_article && share <= MAX_FURNITURE_SHARE {
            node.remove_from_parent();
        }
    }
}

fn is_furniture_name(names: &str) -> bool {
    names.split_whitespace().any(|name| {
        let name = name.to_ascii_lowercase().replace('_', "-");
        FURNITURE_PHRASES.iter().any(|p| name.contains(p))
            || name.split('-').any(|part| FURNITURE_WORDS.contains(&part))
    })
}

pub(super) fn is_tag(node: &NodeRef, names: &[&str]) -> bool {
    node.node_name().is_some_and(|n| names.contains(&&*n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_names_match_whole_words() {
        assert!(is_furniture_name("post-share-bar"));
        assert!(is_furniture_name("c-read_also"));
        assert!(is_furniture_name("ad-slot top"));
        assert!(!is_furniture_name("entry-content header leading"));
    }
}
