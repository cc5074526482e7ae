//! Who published an article: explicit attributions ("[Source: TASS]", "Source: Kyodo"),
//! news-agency datelines ("TOKYO, February 14. /TASS/.") and credits in the prose ("told RIA
//! Novosti"), checked against a list of known news agencies and outlets.

use std::sync::LazyLock;

use regex::Regex;

use super::report::{SourceFinding, SourceKind};
use crate::text::sentences;

/// Names outlets go by, each with the one name the corpus uses for it. Longer aliases first
/// within a family, so "RIA Novosti" wins over "RIA".
const OUTLETS: &[(&str, &str)] = &[
    ("TASS", "TASS"),
    ("RIA Novosti", "RIA Novosti"),
    ("RIA", "RIA Novosti"),
    ("Interfax", "Interfax"),
    ("Sputnik", "Sputnik"),
    ("Russia Today", "RT"),
    ("RT", "RT"),
    ("Izvestia", "Izvestia"),
    ("Kommersant", "Kommersant"),
    ("Vedomosti", "Vedomosti"),
    ("Rossiyskaya Gazeta", "Rossiyskaya Gazeta"),
    ("RBC", "RBC"),
    ("The Moscow Times", "The Moscow Times"),
    ("Moscow Times", "The Moscow Times"),
    ("Kyodo News", "Kyodo"),
    ("Kyodo", "Kyodo"),
    ("Jiji Press", "Jiji Press"),
    ("Jiji", "Jiji Press"),
    ("NHK", "NHK"),
    ("Nikkei Asia", "Nikkei"),
    ("Nikkei", "Nikkei"),
    ("The Asahi Shimbun", "The Asahi Shimbun"),
    ("Asahi Shimbun", "The Asahi Shimbun"),
    ("Asahi", "The Asahi Shimbun"),
    ("The Yomiuri Shimbun", "The Yomiuri Shimbun"),
    ("Yomiuri Shimbun", "The Yomiuri Shimbun"),
    ("Yomiuri", "The Yomiuri Shimbun"),
    ("The Mainichi", "The Mainichi"),
    ("Mainichi Shimbun", "The Mainichi"),
    ("Mainichi", "The Mainichi"),
    ("Sankei Shimbun", "Sankei Shimbun"),
    ("Sankei", "Sankei Shimbun"),
    ("The Japan Times", "The Japan Times"),
    ("Japan Times", "The Japan Times"),
    ("Reuters", "Reuters"),
    ("Associated Press", "AP"),
    ("AP", "AP"),
    ("Agence France-Presse", "AFP"),
    ("AFP", "AFP"),
    ("Bloomberg", "Bloomberg"),
    ("Xinhua", "Xinhua"),
    ("teleSUR", "teleSUR"),
    ("TeleSUR", "teleSUR"),
    ("Telesur", "teleSUR"),
    ("Al Jazeera", "Al Jazeera"),
    ("BBC", "BBC"),
    ("CNN", "CNN"),
    ("The Diplomat", "The Diplomat"),
    ("Yonhap", "Yonhap"),
];

/// The corpus name of an outlet, or the name as given (trimmed) when the outlet is unknown.
pub fn canonical(name: &str) -> String {
    let name = name.trim().trim_end_matches('.').trim();
    OUTLETS
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, canonical)| canonical)
        .to_string()
}

/// Whether `name` is exactly one of the known outlet names.
pub fn is_known(name: &str) -> bool {
    OUTLETS.iter().any(|(alias, _)| *alias == name.trim())
}

/// Alternation of every alias, longest first so the regex prefers "RIA Novosti" to "RIA".
fn outlet_alternation() -> String {
    let mut aliases: Vec<&str> = OUTLETS.iter().map(|(alias, _)| *alias).collect();
    aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
    aliases
        .iter()
        .map(|a| regex::escape(a))
        .collect::<Vec<_>>()
        .join("|")
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\[\s*(?i:source|sources|via)\s*:\s*([^\]\n]{1,80}?)\s*\]").expect("tag regex")
});

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:source|sources|via)\s*:\s*([^\n]{1,60}?)\.?$").expect("source line regex")
});

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:©|\(c\)|copyright)?\s*(?:\d{4}\s*)?|\s*all rights reserved\.?\s*$")
        .expect("copyright regex")
});

static DATELINE_SLASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\s.'’-]{1,40}?,\s*(?P<date>[^/\n]{3,40}?)\s*\.?\s*/\s*(?P<agency>[^/\n]{2,40}?)\s*/\.?")
        .expect("dateline regex")
});

static DATELINE_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\s.'’-]{1,40}?(?:,\s*(?P<date>[^()\n]{3,40}?))?\s*\((?P<agency>[^)\n]{2,40})\)\s*(?:-+|–|—)")
        .expect("dateline regex")
});

static MENTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\b(?:told|to|with|by|from|according\s+to|cited\s+by|quoted\s+by|via))\s+(?i:the\s+)?(?:(?:Russia|Japan|China)['’]s\s+)?(?:(?i:Russian|Japanese|Chinese|state|state-run|state-owned)\s+)*(?:(?i:news\s+agency|news\s+outlet|newspaper|daily|broadcaster|outlet|agency)\s+)?(?P<o>{})\b",
        outlet_alternation()
    ))
    .expect("mention regex")
});

static MENTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<o>{})(?:\s+(?i:news\s+agency|agency))?\s+(?i:reported|reports|said|says|cited|quoted|learned|has\s+learned|wrote|writes)\b",
        outlet_alternation()
    ))
    .expect("mention regex")
});

/// `paragraph` without its "[Source: X]" tags, and the tags removed, in order.
pub fn strip_tags(paragraph: &str) -> (String, Vec<String>) {
    let tags = TAG
        .find_iter(paragraph)
        .map(|m| m.as_str().trim().to_string())
        .collect();
    (TAG.replace_all(paragraph, "").trim().to_string(), tags)
}

/// The outlet named by a "[Source: X]" tag.
pub fn tag_name(tag: &str) -> Option<String> {
    TAG.captures(tag).map(|c| canonical(&c[1]))
}

/// The outlet named by a line that only attributes the article: "Source: Kyodo", or a known
/// outlet's name alone or as a copyright footer ("© 2024 The Japan Times. All rights reserved.").
pub fn source_line(line: &str) -> Option<String> {
    let (rest, tags) = strip_tags(line);
    if rest.is_empty() {
        return tags.first().and_then(|t| tag_name(t));
    }
    if let Some(c) = SOURCE_LINE.captures(line) {
        let name = c.get(1)?.as_str();
        return (name.split_whitespace().count() <= 6).then(|| canonical(name));
    }
    let name = COPYRIGHT.replace_all(line, "");
    let name = name.trim().trim_end_matches('.').trim();
    // "NHK (Japan Broadcasting Corporation)": the outlet's name is before the gloss.
    let name = match name.split_once('(') {
        Some((before, _)) if name.ends_with(')') => before.trim(),
        _ => name,
    };
    is_known(name).then(|| canonical(name))
}

/// A dateline opening `paragraph`: the agency, the date text and the dateline itself.
pub struct Dateline {
    pub agency: Option<String>,
    pub date: Option<String>,
    pub evidence: String,
}

pub fn dateline(paragraph: &str) -> Option<Dateline> {
    if let Some(c) = DATELINE_SLASH.captures(paragraph) {
        return Some(Dateline {
            agency: Some(canonical(&c["agency"])),
            date: Some(c["date"].to_string()),
            evidence: c[0].trim().to_string(),
        });
    }
    let c = DATELINE_PAREN.captures(paragraph)?;
    is_known(&c["agency"]).then(|| Dateline {
        agency: Some(canonical(&c["agency"])),
        date: c.name("date").map(|d| d.as_str().to_string()),
        evidence: c[0].trim().to_string(),
    })
}

/// The first outlet credited in `paragraph`, with the sentence that credits it.
pub fn mention(paragraph: &str) -> Option<(String, String)> {
    let found = [&*MENTION_BEFORE, &*MENTION_AFTER]
        .iter()
        .filter_map(|re| re.captures(paragraph).and_then(|c| c.name("o")))
        .min_by_key(|m| m.start())?;
    let sentence = sentences::split(paragraph)
        .into_iter()
        .find(|r| r.contains(&found.start()))
        .map_or(found.as_str(), |r| &paragraph[r]);
    Some((canonical(found.as_str()), sentence.to_string()))
}

/// The best source evidence: an explicit attribution, then a dateline, then a mention.
/// `tags` are the attribution tags and lines found while cleaning, in file order.
pub fn best_source(
    attributions: &[(String, String)],
    paragraphs: &[String],
) -> Option<SourceFinding> {
    if let Some((name, evidence)) = most_common(attributions) {
        return Some(SourceFinding {
            name,
            kind: SourceKind::Attribution,
            evidence,
        });
    }
    // Datelines open a story, so only the first paragraphs can carry one.
    let dated = paragraphs.iter().take(3).find_map(|p| dateline(p));
    if let Some(Dateline {
        agency: Some(name),
        evidence,
        ..
    }) = dated
    {
        return Some(SourceFinding {
            name,
            kind: SourceKind::Dateline,
            evidence,
        });
    }
    paragraphs
        .iter()
        .find_map(|p| mention(p))
        .map(|(name, evidence)| SourceFinding {
            name,
            kind: SourceKind::Mention,
            evidence,
        })
}

/// The name attributed most often (the first one on a tie), with its first evidence.
fn most_common(attributions: &[(String, String)]) -> Option<(String, String)> {
    let count = |name: &str| attributions.iter().filter(|(n, _)| n == name).count();
    let mut best: Option<&(String, String)> = None;
    for a in attributions {
        if best.is_none_or(|b| count(&a.0) > count(&b.0)) {
            best = Some(a);
        }
    }
    best.cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stripped_and_named() {
        let (text, tags) = strip_tags("He left early. [Source: TASS]");
        assert_eq!(text, "He left early.");
        assert_eq!(tags, ["[Source: TASS]"]);
        assert_eq!(tag_name(&tags[0]).as_deref(), Some("TASS"));
        assert_eq!(tag_name("[via: kyodo news]").as_deref(), Some("Kyodo"));
        assert_eq!(strip_tags("No tags [here].").0, "No tags [here].");
        assert_eq!(source_line("Source: Jiji").as_deref(), Some("Jiji Press"));
        assert_eq!(
            source_line("Japan Times").as_deref(),
            Some("The Japan Times")
        );
        assert_eq!(
            source_line("© 2024 The Japan Times. All rights reserved.").as_deref(),
            Some("The Japan Times")
        );
        assert_eq!(source_line("Japan"), None);
        assert_eq!(source_line("[Source: TASS]").as_deref(), Some("TASS"));
        assert_eq!(
            source_line("Source of the quote is unknown to everyone who asked"),
            None
        );
    }

    #[test]
    fn datelines_name_their_agency() {
        let d = dateline("TOKYO, February 14. /TASS/. Normalization of relations is possible.")
            .unwrap();
        assert_eq!(d.agency.as_deref(), Some("TASS"));
        assert_eq!(d.date.as_deref(), Some("February 14"));
        assert_eq!(d.evidence, "TOKYO, February 14. /TASS/.");
        let d = dateline("MOSCOW, March 4 (Reuters) - Russia said on Monday.").unwrap();
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert!(dateline("MOSCOW (Moscow region) - a city").is_none());
        assert!(dateline("Tokyo, the capital, said /no/.").is_none());
    }

    #[test]
    fn mentions_credit_outlets_in_prose() {
        let cases = [
            ("In remarks to RIA Novosti, the envoy spoke.", "RIA Novosti"),
            (
                "During an interview with Russia's TASS news agency, he spoke.",
                "TASS",
            ),
            ("This was carried by the Russian news agency TASS.", "TASS"),
            ("A senior expert has told TASS.", "TASS"),
            ("Kyodo News reported on Monday that talks stalled.", "Kyodo"),
        ];
        for (text, want) in cases {
            assert_eq!(mention(text).map(|m| m.0).as_deref(), Some(want), "{text}");
        }
        assert_eq!(mention("The art of diplomacy is patience."), None);
        let (_, evidence) = mention("First one. He spoke to Reuters today. Last one.").unwrap();
        assert_eq!(evidence, "He spoke to Reuters today.");
    }

    #[test]
    fn attribution_beats_dateline_beats_mention() {
        let paragraphs = vec![
            "TOKYO, May 1. /TASS/. He told Kyodo so.".to_string(),
            "Later he told Reuters more.".to_string(),
        ];
        let tagged = vec![("Interfax".to_string(), "[Source: Interfax]".to_string())];
        assert_eq!(
            best_source(&tagged, &paragraphs).unwrap().kind,
            SourceKind::Attribution
        );
        let found = best_source(&[], &paragraphs).unwrap();
        assert_eq!(
            (found.name.as_str(), found.kind),
            ("TASS", SourceKind::Dateline)
        );
        let found = best_source(&[], &paragraphs[1..]).unwrap();
        assert_eq!(
            (found.name.as_str(), found.kind),
            ("Reuters", SourceKind::Mention)
        );
        assert_eq!(best_source(&[], &["Nothing here.".to_string()]), None);
    }
}
