//! The words of the synthetic corpus: the domain's people, places and topics, and a filler
//! vocabulary drawn with a Zipf-like law so term frequencies look like news.
//!
//! The filler ranks real English words first (function words, then common news words) and then
//! a long tail of made-up words, because BM25's cost depends on posting-list lengths: a handful
//! of very frequent terms with long lists and many rare ones with short lists, as in real text.

use fastrand::Rng;

/// A person of the domain: full name, the short name used after the first mention, and a role.
pub struct Person {
    pub full: &'static str,
    pub short: &'static str,
    pub role: &'static str,
}

const fn person(full: &'static str, short: &'static str, role: &'static str) -> Person {
    Person { full, short, role }
}

pub const PEOPLE: &[Person] = &[
    person("Nikolai Nozdrev", "Nozdrev", "Russia's ambassador to Japan"),
    person(
        "Mikhail Galuzin",
        "Galuzin",
        "Russian Deputy Foreign Minister",
    ),
    person("Fumio Kishida", "Kishida", "the Japanese prime minister"),
    person("Sanae Takaichi", "Takaichi", "Japan's prime minister"),
    person("Sergey Lavrov", "Lavrov", "the Russian foreign minister"),
    person("Yoko Kamikawa", "Kamikawa", "Japan's foreign minister"),
    person(
        "Yoshimasa Hayashi",
        "Hayashi",
        "the chief cabinet secretary",
    ),
    person(
        "Maria Zakharova",
        "Zakharova",
        "the Foreign Ministry spokeswoman",
    ),
    person("Vladimir Putin", "Putin", "the Russian president"),
    person("Shigeru Ishiba", "Ishiba", "the Japanese prime minister"),
    person("Dmitry Peskov", "Peskov", "the Kremlin spokesman"),
    person("Akira Muto", "Muto", "Japan's ambassador to Russia"),
    person(
        "Toyohisa Kozuki",
        "Kozuki",
        "the former Japanese ambassador",
    ),
    person("Valery Limarenko", "Limarenko", "the governor of Sakhalin"),
    person("Naomichi Suzuki", "Suzuki", "the governor of Hokkaido"),
    person("Takeshi Iwaya", "Iwaya", "Japan's foreign minister"),
];

pub const PLACES: &[&str] = &[
    "Hokkaido",
    "Sakhalin",
    "the Southern Kurils",
    "the Northern Territories",
    "the Kuril Islands",
    "Kunashir",
    "Iturup",
    "Shikotan",
    "the Habomai islets",
    "Haneda Airport",
    "Tokyo",
    "Moscow",
    "Vladivostok",
    "Nemuro",
    "Yuzhno-Sakhalinsk",
    "the Sea of Okhotsk",
    "the Sea of Japan",
    "Kamchatka",
    "Hiroshima",
    "Nagasaki",
    "Wakkanai",
    "the Soya Strait",
];

pub const TOPICS: &[&str] = &[
    "the peace treaty",
    "sanctions",
    "LNG shipments",
    "the Sakhalin-2 project",
    "Arctic LNG 2",
    "fisheries quotas",
    "salmon and trout catches",
    "joint economic activities",
    "visa-free exchanges",
    "visits by former residents",
    "grave visits",
    "military drills",
    "missile deployments",
    "the G7 oil price cap",
    "energy security",
    "crab imports",
    "seafood exports",
    "the war in Ukraine",
    "liquefied natural gas",
    "crude oil imports",
    "coast guard patrols",
    "the territorial dispute",
    "export controls",
    "frozen assets",
    "the Sakhalin-1 consortium",
    "kelp harvesting near Kaigara Island",
];

pub const ORGS: &[&str] = &[
    "TASS",
    "Kyodo",
    "the Russian Foreign Ministry",
    "the Kremlin",
    "Japan's Foreign Ministry",
    "the Defense Ministry",
    "Gazprom",
    "Mitsui",
    "Mitsubishi",
    "the Pacific Fleet",
    "the Japan Coast Guard",
    "the Russian Embassy in Tokyo",
    "the Japanese Embassy in Moscow",
    "NATO",
    "the Group of Seven",
    "the Liberal Democratic Party",
    "the LDP",
    "the Federal Security Service",
    "Rosneft",
];

pub const SOURCES: &[&str] = &[
    "TASS",
    "Kyodo",
    "NHK World",
    "The Japan Times",
    "Nikkei Asia",
    "RIA Novosti",
    "Interfax",
    "The Asahi Shimbun",
    "The Moscow Times",
    "Mainichi",
];

/// Ways news names the two sides together.
pub const PAIRS: &[&str] = &[
    "Tokyo and Moscow",
    "Japan and Russia",
    "the two countries",
    "the two neighbors",
    "Moscow and Tokyo",
];

pub const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Verbs for reported speech, in the past tense.
pub const SAID: &[&str] = &[
    "said",
    "told reporters",
    "stressed",
    "warned",
    "noted",
    "argued",
    "insisted",
    "acknowledged",
    "claimed",
    "added",
];

/// Function words in rough order of frequency in English news.
const FUNCTION_WORDS: &str = "the of to and a in that for is on said with was as at by it \
    from he his be has have are an its not but were will which this would been had who they \
    their more also after than about or over we two its other new when into there one could all \
    some can our up out no what them she if only her may because before while any these those \
    under between such most both during since many should against through each three where \
    until how very much so just still being then did do does whether later among within without";

/// Common content words of news prose, most frequent first, then the words the bench's
/// questions use (so on-topic questions find them; off-topic words such as "pizza" stay out,
/// so those questions still abstain).
const NEWS_WORDS: &str = "year government people minister country officials foreign state \
    president talks week told percent security military first last world support economic \
    policy relations meeting trade issue public national international visit statement \
    countries ministry agency prime official report political time war region part agreement \
    energy cooperation forces group deal plan side according including development leaders \
    future defense news month day years situation decision term markets companies market \
    growth price prices oil gas exports imports business investment project projects ties \
    dialogue position pressure measures steps efforts crisis conflict region's border islands \
    island waters fishing fishermen vessels ships coast navy aircraft exercises missiles \
    weapons nuclear treaty negotiations sovereignty territory claims dispute history memory \
    soldiers veterans citizens residents families local regional federal administration \
    parliament election vote party lawmakers cabinet embassy ambassador envoy diplomats \
    delegation summit forum conference session committee council commission court law rules \
    restrictions ban permits licenses contracts supplies supply demand production output \
    capacity plant terminal pipeline shipments cargo tankers tons barrels volume value \
    billion million yen rubles dollars budget costs funds payments banks financial assets \
    sanctions penalties companies firms investors shareholders stake partners operators \
    industry sector technology equipment components parts semiconductors machinery \
    infrastructure ports airport flights routes travel tourism visas exchange exchanges \
    students culture arts academia science research universities media press journalists \
    interview remarks comments response reaction criticism concern concerns warning threat \
    risk risks stability peace tensions escalation hostility cooperation partnership \
    alliance allies neighbors neighbor relationship normalization thaw freeze resumption \
    suspension withdrawal termination extension renewal proposal initiative framework \
    mechanism channel channels contacts consultations round rounds progress results outcome \
    recognition stance course approach signal signals move moves action actions response \
    analysts experts observers sources data figures survey poll record level levels rate \
    increase decrease decline rise fall drop gains losses surplus deficit quota quotas catch \
    salmon crab pollock scallops seafood kelp harvest season waters zone zones permits \
    weather snow ice winter summer spring autumn morning evening night today yesterday \
    tomorrow recent current previous former next early late major key main important \
    significant serious possible difficult strong weak long short high low large small \
    bilateral multilateral regional global domestic strategic diplomatic commercial civilian \
    joint mutual common special direct official unofficial open closed hostile unfriendly \
    friendly constructive pragmatic cautious firm clear \
    academic accept affect affected agreements american answer areas arrive arrived arriving \
    atomic attitude behalf besides beyond bombings bombs called calls ceasefire china commented \
    conferences cover covered cultural describe despite detail died discuss discussed disputed \
    down entities everything expand explain few following force full general good graves \
    happened hit house imposed individually individuals influence insist interviews invasion \
    kept know land latest leave lower mediating militarization militarizing name personnel \
    place point post posture programme pulled relatives respond responded resume ruling \
    sanctioned say says second spoke stakes statements step summarize tailored taken title took \
    toward unity used washington win withdraw withdrew";

/// Syllables the made-up tail words are built from.
const SYLLABLES: &[&str] = &[
    "ka", "ri", "no", "ve", "lo", "ma", "tu", "sen", "dor", "pa", "li", "mi", "rov", "ta", "ke",
    "sha", "zu", "bel", "ran", "go", "pe", "ni", "sko", "dra", "vi", "mor", "tel", "ash", "ur",
    "en", "ost", "yam", "hon", "chi", "bar", "gal", "nik", "so", "ter", "vel",
];

/// How many made-up words follow the real ones: large enough that most distinct terms are rare,
/// as Heaps' law has it for millions of tokens of news.
const TAIL_WORDS: usize = 30_000;

/// Zipf–Mandelbrot parameters fitted by eye to English news: rank r weighs 1 / (r + Q)^S.
const ZIPF_S: f64 = 1.05;
const ZIPF_Q: f64 = 2.7;

/// The ranked filler vocabulary and its cumulative Zipf weights.
pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    /// The same vocabulary every time: the tail is built from a fixed seed, independent of the
    /// corpus seed, so corpora of different seeds share a language.
    pub fn news() -> Vocabulary {
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for word in FUNCTION_WORDS
            .split_whitespace()
            .chain(NEWS_WORDS.split_whitespace())
        {
            if seen.insert(word) {
                words.push(word.to_string());
            }
        }
        let mut tail = std::collections::HashSet::new();
        let mut rng = Rng::with_seed(0x006e_6963_6869_726f);
        while tail.len() < TAIL_WORDS {
            let syllables = rng.usize(2..=4);
            let word: String = (0..syllables)
                .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                .collect();
            if !seen.contains(word.as_str()) && tail.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + ZIPF_Q).powf(ZIPF_S);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    /// One word drawn by its Zipf weight.
    pub fn draw<'v>(&'v self, rng: &mut Rng) -> &'v str {
        let total = *self.cumulative.last().expect("vocabulary is not empty");
        let target = rng.f64() * total;
        let rank = self.cumulative.partition_point(|&c| c <= target);
        &self.words[rank.min(self.words.len() - 1)]
    }
}

/// One element of `items`, uniformly.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_words_are_drawn_far_more_often_than_rare_ones() {
        let vocabulary = Vocabulary::news();
        assert!(vocabulary.words.len() > TAIL_WORDS);
        let mut rng = Rng::with_seed(1);
        let draws: Vec<&str> = (0..100_000).map(|_| vocabulary.draw(&mut rng)).collect();
        let the = draws.iter().filter(|w| **w == "the").count();
        let distinct: std::collections::HashSet<&&str> = draws.iter().collect();
        // "the" alone is several percent of running text, and the tail still shows up.
        assert!(the > 3_000, "the: {the}");
        assert!(distinct.len() > 10_000, "distinct: {}", distinct.len());
    }
}
