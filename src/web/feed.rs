//! Reading RSS 2.0, Atom and JSON Feed documents with `feed-rs` into the few things following
//! needs: each item's id (GUID), link, title and publication time.

/// One feed item.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The GUID or Atom id, or an id `feed-rs` derives from the link and title.
    pub id: String,
    /// The item's page, resolved against the feed's address.
    pub link: Option<String>,
    pub title: String,
    /// When the feed says the item was published (or updated), for ordering only: the
    /// article's date always comes from its page.
    pub published: Option<chrono::DateTime<chrono::Utc>>,
}

/// The items of one feed, at most the first `max_items`, and how many it listed.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    pub listed: usize,
}

/// Parses a feed document fetched from `base`.
pub fn parse(bytes: &[u8], base: &str, max_items: usize) -> Result<ParsedFeed, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base))
        .build()
        .parse(bytes)
        .map_err(|e| e.to_string())?;
    let listed = feed.entries.len();
    let items = feed
        .entries
        .into_iter()
        .take(max_items)
        .map(|entry| {
            // The page itself: an Atom entry lists alternates, enclosures and replies.
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|h| !h.is_empty());
            FeedItem {
                id: entry.id.trim().to_string(),
                link,
                title: entry
                    .title
                    .map(|t| t.content.trim().to_string())
                    .unwrap_or_default(),
                published: entry.published.or(entry.updated),
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| t.content),
        items,
        listed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_json_feed_give_the_same_shape() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
            <item><title>Talks</title><link>/news/1?utm_source=rss</link><guid isPermaLink="false">wire-1</guid>
            <pubDate>Fri, 14 Feb 2025 05:04:00 GMT</pubDate></item></channel></rss>"#;
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Daily</title><id>d</id><updated>2024-09-12T00:00:00Z</updated>
            <entry><id>tag:daily,1</id><title>Talks</title><updated>2024-09-12T00:00:00Z</updated>
            <link rel="alternate" href="https://daily.example/talks"/></entry></feed>"#;
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"Ministry","items":[
            {"id":"m-1","url":"https://ministry.example/press/1","title":"Talks","date_published":"2024-03-04T10:00:00+09:00"}]}"#;
        let r = parse(rss, "https://wire.example/rss.xml", 10).unwrap();
        assert_eq!(r.items[0].id, "wire-1");
        assert_eq!(
            r.items[0].link.as_deref(),
            Some("https://wire.example/news/1?utm_source=rss")
        );
        let a = parse(atom, "https://daily.example/feed", 10).unwrap();
        assert_eq!(
            a.items[0].link.as_deref(),
            Some("https://daily.example/talks")
        );
        let j = parse(json, "https://ministry.example/feed.json", 10).unwrap();
        assert_eq!(
            j.items[0].link.as_deref(),
            Some("https://ministry.example/press/1")
        );
        assert!(j.items[0].published.is_some());
    }

    #[test]
    fn garbage_is_an_error_and_long_feeds_are_cut() {
        assert!(parse(
            b"<html><body>not a feed</body></html>",
            "https://x.example/",
            10
        )
        .is_err());
        let items: String = (0..50)
            .map(|i| format!("<item><title>t{i}</title><link>https://x.example/{i}</link></item>"))
            .collect();
        let rss = format!("<rss version=\"2.0\"><channel><title>x</title>{items}</channel></rss>");
        let r = parse(rss.as_bytes(), "https://x.example/", 10).unwrap();
        assert_eq!((r.items.len(), r.listed), (10, 50));
    }
}
