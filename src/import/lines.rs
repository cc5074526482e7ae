//! Junk classification of single lines: site chrome that scrapers carry along with the article
//! (navigation and share bullets, breadcrumbs, separators, comment forms, read-more links);
//! photo captions are told apart in `captions`.
//!
//! Every rule here looks at one line's shape or wording only; rules that need the rest of the
//! article (captions repeated as bullets, unrelated headlines) live next to the pipeline.

use super::captions::is_caption;
use super::report::DropReason;

/// Characters that open a list item or a menu entry.
const BULLETS: &[char] = &['•', '·', '▪', '◦', '‣', '●', '■', '►', '*', '-', '–', '—'];

/// Menu entries, share buttons and section labels that sites print as whole lines: a line that
/// is only one of these is never article text nor its headline.
const CHROME: &[&str] = &[
    "audio only",
    "back to top",
    "close",
    "copy link",
    "e-mail",
    "email",
    "facebook",
    "flipboard",
    "google plus",
    "google+",
    "home",
    "linkedin",
    "listen",
    "live",
    "log in",
    "login",
    "menu",
    "odnoklassniki",
    "pinterest",
    "print",
    "reddit",
    "search",
    "share",
    "share this",
    "share this article",
    "sign in",
    "skip to content",
    "skip to main content",
    "telegram",
    "toggle navigation",
    "tweet",
    "twitter",
    "viber",
    "vk",
    "vkontakte",
    "whatsapp",
    // Section labels above a headline.
    "business",
    "diplomacy",
    "economy",
    "international",
    "latest news",
    "national",
    "news",
    "opinion",
    "politics",
    "society",
    "top stories",
    "world",
    "world news",
];

/// Comment-form wording that can sit inside a longer line.
const COMMENT_PHRASES: &[&str] = &[
    "your email address will not be published",
    "required fields are marked",
    "post with no comments",
    "be the first to comment",
    "you must be logged in to post a comment",
    "save my name, email, and website",
    "comments are closed",
    "leave a reply",
    "leave a comment",
    "join the discussion",
    "no comments yet",
];

/// Comment-form wording that is junk only as a whole line ("Comment" alone, not in a sentence).
const COMMENT_LINES: &[&str] = &[
    "cancel reply",
    "comment",
    "comments",
    "no comments",
    "post comment",
    "submit comment",
    "0 comments",
];

/// Openings of links to other pages or to the full story elsewhere.
const READ_MORE: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read the full",
    "read full",
    "continue reading",
    "see also",
    "related:",
    "related articles",
    "related news",
    "related stories",
    "related coverage",
    "you may also like",
    "recommended",
    "more on this",
    "more news",
    "click here",
];

/// Openings of calls to subscribe or follow, and advertising labels.
const PROMOTION: &[&str] = &[
    "advertisement",
    "sponsored",
    "subscribe",
    "sign up for",
    "follow us",
    "scroll to continue",
    "download our app",
    "our standards:",
];

/// Openings of lines that list the page's tags or sections rather than say anything.
const TAG_LISTS: &[&str] = &[
    "tags:",
    "topics:",
    "categories:",
    "filed under:",
    "keywords:",
];

/// Openings of wire-service staff credits.
const STAFF_CREDITS: &[&str] = &[
    "reporting by ",
    "additional reporting by ",
    "writing by ",
    "editing by ",
    "compiled by ",
];

/// Why `line` (already trimmed, not blank) is junk on its own, if it is.
pub fn classify(line: &str) -> Option<DropReason> {
    if !line.chars().any(char::is_alphanumeric) {
        return Some(DropReason::Separator);
    }
    if is_caption(line) {
        return Some(DropReason::PhotoCaption);
    }
    let text = debulleted(line);
    let lower = text.to_lowercase();
    let bare = lower.trim_end_matches([':', '.', '!', '→', '›', '»', ' ']);
    let words = word_count(text);
    if COMMENT_PHRASES.iter().any(|p| lower.contains(p)) && words <= 25
        || COMMENT_LINES.contains(&bare)
    {
        return Some(DropReason::CommentForm);
    }
    if words <= 12 && READ_MORE.iter().any(|p| starts_with_phrase(&lower, p)) {
        return Some(DropReason::ReadMore);
    }
    if words <= 12 && PROMOTION.iter().any(|p| starts_with_phrase(&lower, p)) {
        return Some(DropReason::Promotion);
    }
    if CHROME.contains(&bare)
        || ["share on ", "share via ", "share to "]
            .iter()
            .any(|p| lower.starts_with(p))
            && words <= 4
    {
        return Some(DropReason::Navigation);
    }
    // A menu entry is a bullet with a few words and no sentence: "• Live", "• Audio Only".
    if is_bulleted(line) && words <= 4 && text.chars().count() <= 30 && !ends_sentence(text) {
        return Some(DropReason::Navigation);
    }
    if words <= 15 && TAG_LISTS.iter().any(|p| lower.starts_with(p)) {
        return Some(DropReason::Navigation);
    }
    if words <= 25 && STAFF_CREDITS.iter().any(|p| lower.starts_with(p)) {
        return Some(DropReason::Byline);
    }
    if is_breadcrumb(line) {
        return Some(DropReason::Breadcrumb);
    }
    if words <= 25 && is_copyright_notice(&lower) {
        return Some(DropReason::Copyright);
    }
    if is_byline(line) {
        return Some(DropReason::Byline);
    }
    None
}

/// "By Nikolai Petrov", "By Staff Writer": a credit line, not a sentence ("By contrast, ...").
fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && !ends_sentence(line)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "and" | "de" | "van" | "von" | "|" | "-" | "–" | "—")
        })
}

/// Whether `lower` opens with the whole phrase `p` ("subscribe", not "subscribers").
fn starts_with_phrase(lower: &str, p: &str) -> bool {
    lower
        .strip_prefix(p)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// Whether a line is the comment section's heading, after which short lines are form fields.
pub fn opens_comment_section(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["leave a reply", "leave a comment", "join the discussion"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Whether a line after the comment heading is a form field ("Name *", "Website").
pub fn is_comment_field(line: &str) -> bool {
    line.ends_with('*') || (word_count(line) <= 6 && !ends_sentence(line))
}

/// "News > Russia", "Home » World » Asia", "Home | World | Asia": short parts joined by path
/// separators. A bar needs three parts, since "Headline | Outlet" is a title.
fn is_breadcrumb(line: &str) -> bool {
    let short = |parts: &[&str]| {
        parts
            .iter()
            .all(|p| !p.is_empty() && word_count(p) <= 4 && !ends_sentence(p))
    };
    let arrows: Vec<&str> = line.split(['>', '›', '»']).map(str::trim).collect();
    let bars: Vec<&str> = line.split('|').map(str::trim).collect();
    (arrows.len() >= 2 && short(&arrows)) || (bars.len() >= 3 && short(&bars))
}

fn is_copyright_notice(lower: &str) -> bool {
    ["©", "(c) ", "copyright "]
        .iter()
        .any(|p| lower.starts_with(p))
        || lower.contains("all rights reserved")
}

/// The lines of a site menu above the headline ("Home", "News", "World", one a line): the
/// leading run of short, sentence-less, distinct lines among `candidates` (the lines that are
/// text or known menu entries), when it has at least two lines and a headline (a longer line
/// that is not a sentence) follows. One short line alone is kept: a headline can be two words.
pub fn leading_menu(lines: &[&str], candidates: &[usize]) -> Vec<usize> {
    let menu_like = |line: &str| word_count(line) <= 2 && !ends_sentence(line);
    let run: Vec<usize> = candidates
        .iter()
        .copied()
        .take_while(|&i| menu_like(lines[i]))
        .collect();
    let texts: std::collections::HashSet<&str> = run.iter().map(|&i| lines[i]).collect();
    let distinct = texts.len() == run.len();
    let headline_follows = candidates
        .get(run.len())
        .is_some_and(|&i| !ends_sentence(lines[i]));
    if run.len() >= 2 && distinct && headline_follows {
        run
    } else {
        Vec::new()
    }
}

/// Whether a read-more line opens a list of links to other stories ("Related coverage:"),
/// after which headline-like lines belong to the list, not the article.
pub fn opens_link_list(line: &str) -> bool {
    let bare = line.trim_end_matches([':', ' ']);
    line.trim_end().ends_with(':') || word_count(bare) <= 3
}

/// Whether a line after a link-list heading is one of its links: a headline, not a sentence.
pub fn is_listed_link(line: &str) -> bool {
    word_count(line) <= 15 && !ends_sentence(line)
}

pub fn is_bulleted(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next().is_some_and(|c| BULLETS.contains(&c))
        && chars.next().is_some_and(char::is_whitespace)
}

/// The line without its leading bullet.
pub fn debulleted(line: &str) -> &str {
    if is_bulleted(line) {
        line.trim_start_matches(BULLETS).trim_start()
    } else {
        line
    }
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether the line ends like a sentence (closing quotes and brackets looked through).
pub fn ends_sentence(line: &str) -> bool {
    let end = line
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    end.ends_with(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_and_share_bullets_are_navigation() {
        for line in [
            "• Live",
            "• Audio Only",
            "• google plus",
            "• facebook",
            "Twitter",
            "Share on X",
        ] {
            assert_eq!(classify(line), Some(DropReason::Navigation), "{line}");
        }
        assert_eq!(classify("Skip to content"), Some(DropReason::Navigation));
        assert_eq!(classify("• Japan imposed new sanctions on Moscow."), None);
    }

    #[test]
    fn breadcrumbs_and_separators() {
        assert_eq!(classify("News > Russia"), Some(DropReason::Breadcrumb));
        assert_eq!(
            classify("Home » World » Asia"),
            Some(DropReason::Breadcrumb)
        );
        assert_eq!(classify("-"), Some(DropReason::Separator));
        assert_eq!(
            classify("A ship at sea. | Photo: X/ @user"),
            Some(DropReason::PhotoCaption)
        );
        assert_eq!(classify("* * *"), Some(DropReason::Separator));
        assert_eq!(
            classify("Growth rose > 5% in March, the ministry said."),
            None
        );
    }

    #[test]
    fn comment_forms_read_more_and_promotion() {
        assert_eq!(classify("Leave a Reply"), Some(DropReason::CommentForm));
        assert_eq!(
            classify("Home | World | Asia"),
            Some(DropReason::Breadcrumb)
        );
        assert_eq!(classify("Japan and Russia talk | Kyodo"), None);
        assert_eq!(classify("Related coverage:"), Some(DropReason::ReadMore));
        assert_eq!(
            classify("Your email address will not be published. Required fields are marked *"),
            Some(DropReason::CommentForm)
        );
        assert_eq!(
            classify("Post with no comments."),
            Some(DropReason::CommentForm)
        );
        assert_eq!(
            classify("Read more on the site →"),
            Some(DropReason::ReadMore)
        );
        assert_eq!(classify("ADVERTISEMENT"), Some(DropReason::Promotion));
        assert_eq!(
            classify("Readers who comment on news sites rarely read more than the headline."),
            None
        );
        assert!(opens_comment_section("Leave a Comment"));
        assert!(is_comment_field("Name *") && !is_comment_field("He left a comment."));
    }

    #[test]
    fn sentence_endings_look_through_quotes() {
        assert!(ends_sentence("He said “yes.”"));
        assert!(ends_sentence("Key points:"));
        assert!(!ends_sentence(
            "Putin Bans Wastewater Discharge Into Lake Baikal"
        ));
    }

    #[test]
    fn bylines_are_credits_not_sentences() {
        assert_eq!(classify("By Nikolai Petrov"), Some(DropReason::Byline));
        assert_eq!(
            classify("By Anna Ivanova and Taro Yamada"),
            Some(DropReason::Byline)
        );
        assert_eq!(classify("By contrast, Tokyo kept its embassy open."), None);
        assert_eq!(classify("By the end of March"), None);
        assert_eq!(
            classify("Reporting by Ivan Petrov; Editing by Jane Doe"),
            Some(DropReason::Byline)
        );
        assert_eq!(
            classify("Tags: Russia, Japan, Nozdrev"),
            Some(DropReason::Navigation)
        );
    }
}
