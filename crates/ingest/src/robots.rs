//! robots.txt: what a site lets us fetch, read as RFC 9309 says.
//!
//! [`RobotsRules::parse`] keeps the rules of the groups meant for us: the
//! groups whose `User-agent` names our product token ([`PRODUCT_TOKEN`],
//! compared without regard to case), else the `*` groups, else none (all
//! allowed). Several `User-agent` lines in a row share one group, and
//! groups for the same agent are merged. Among the `Allow` and `Disallow`
//! rules whose pattern matches a path, the longest pattern wins and
//! `Allow` wins a tie; `*` matches any run of characters and a final `$`
//! anchors the pattern at the end of the path. Paths and patterns are
//! compared with their percent-encoding normalised, so `/caf%C3%A9`,
//! `/café` and `/%63af%c3%a9` are one path. `Crawl-delay` is read.
//!
//! The reader never fails: a BOM, CRLF or CR line ends, comments, unknown
//! keys, lines without a colon and bytes that are not UTF-8 are all taken
//! in stride, and text past [`MAX_ROBOTS_BYTES`] is ignored.
//!
//! [`Robots`] is what a fetch of `/robots.txt` came to: rules (2xx), no
//! file (4xx: everything allowed), or unreachable (5xx, 429 or a network
//! failure: nothing allowed for now, asked again soon).

use std::time::Duration;

/// Our product token, the name our `User-agent` groups go by.
pub const PRODUCT_TOKEN: &str = "newsdesk";

/// Text past this many bytes of a robots.txt is ignored (RFC 9309 asks
/// crawlers to read at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// One `Allow` or `Disallow` line, its pattern normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    /// The pattern without a final `$`.
    pattern: String,
    /// The pattern ended with `$`.
    anchored: bool,
}

impl Rule {
    /// How specific the rule is: the octets of its pattern as written.
    fn weight(&self) -> usize {
        self.pattern.len() + usize::from(self.anchored)
    }
}

/// The rules of a robots.txt that apply to one crawler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RobotsRules {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

/// A line of a robots.txt, as far as we read it.
enum Line<'a> {
    UserAgent(&'a str),
    Allow(&'a str),
    Disallow(&'a str),
    CrawlDelay(&'a str),
    /// `Sitemap` and any other key: not a group member, ignored.
    Other,
}

impl RobotsRules {
    /// Reads a robots.txt body for the crawler named `product` (a product
    /// token such as [`PRODUCT_TOKEN`]).
    pub fn parse(body: &[u8], product: &str) -> Self {
        let text = String::from_utf8_lossy(capped(body));
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let product = product.to_ascii_lowercase();

        // Each group: does it name us, does it name `*`, and its rules.
        let mut ours = RobotsRules::default();
        let mut anyone = RobotsRules::default();
        let (mut names_us, mut names_anyone) = (false, false);
        let mut found_ours = false;
        // True while User-agent lines follow each other (one group).
        let mut in_agent_lines = false;

        for raw in text.split(['\n', '\r']) {
            let line = match read_line(raw) {
                Some(line) => line,
                None => continue,
            };
            if let Line::UserAgent(agent) = line {
                if !in_agent_lines {
                    names_us = false;
                    names_anyone = false;
                    in_agent_lines = true;
                }
                if agent == "*" {
                    names_anyone = true;
                } else if agent_token(agent).eq_ignore_ascii_case(&product) {
                    names_us = true;
                    found_ours = true;
                }
                continue;
            }
            if matches!(line, Line::Other) {
                continue;
            }
            in_agent_lines = false;
            for (wanted, target) in [(names_us, &mut ours), (names_anyone, &mut anyone)] {
                if wanted {
                    target.take(&line);
                }
            }
        }
        if found_ours { ours } else { anyone }
    }

    /// Takes one rule line into these rules.
    fn take(&mut self, line: &Line<'_>) {
        match *line {
            Line::Allow(pattern) => self.push(true, pattern),
            Line::Disallow(pattern) => self.push(false, pattern),
            Line::CrawlDelay(value) => {
                if let Some(delay) = parse_delay(value) {
                    self.crawl_delay = Some(self.crawl_delay.map_or(delay, |d| d.max(delay)));
                }
            }
            Line::UserAgent(_) | Line::Other => {}
        }
    }

    fn push(&mut self, allow: bool, pattern: &str) {
        // An empty pattern matches nothing ("Disallow:" allows everything).
        if pattern.is_empty() {
            return;
        }
        let (pattern, anchored) = match pattern.strip_suffix('$') {
            Some(rest) => (rest, true),
            None => (pattern, false),
        };
        let mut normalised = normalise(pattern);
        // Patterns start with `/`; a bare `private/` means `/private/`.
        if !normalised.starts_with(['/', '*']) {
            normalised.insert(0, '/');
        }
        self.rules.push(Rule {
            allow,
            pattern: normalised,
            anchored,
        });
    }

    /// Whether `path` (a URL's path and query, `/news/a?b=c`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let path = normalise(path);
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let mut best: Option<&Rule> = None;
        for rule in self.rules.iter().filter(|r| matches(r, &path)) {
            best = match best {
                Some(b) if b.weight() > rule.weight() => Some(b),
                Some(b) if b.weight() == rule.weight() && (b.allow || !rule.allow) => Some(b),
                _ => Some(rule),
            };
        }
        best.is_none_or(|rule| rule.allow)
    }

    /// The `Crawl-delay` of our group, if it gave one.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }
}

/// What a fetch of a site's `/robots.txt` came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Robots {
    /// A 2xx: the rules it holds for us.
    Rules(RobotsRules),
    /// A 4xx: there is no robots.txt, so everything is allowed.
    NoFile,
    /// A 5xx, 429 or network failure: nothing is fetched until it can be read.
    Unreachable(String),
}

/// May a page be fetched, by a site's robots.txt?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RobotsVerdict {
    /// Yes.
    Allowed,
    /// No: the rules disallow it.
    Disallowed,
    /// Not now: robots.txt could not be read (the text says why).
    Unreachable(String),
}

impl Robots {
    /// The verdict for a URL's path and query.
    pub fn verdict(&self, path: &str) -> RobotsVerdict {
        match self {
            Robots::Rules(rules) if !rules.allows(path) => RobotsVerdict::Disallowed,
            Robots::Rules(_) | Robots::NoFile => RobotsVerdict::Allowed,
            Robots::Unreachable(why) => RobotsVerdict::Unreachable(why.clone()),
        }
    }

    /// The site's `Crawl-delay` for us, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(rules) => rules.crawl_delay(),
            _ => None,
        }
    }
}

/// Text up to the cap, cut at the last line end so no rule is half read.
fn capped(body: &[u8]) -> &[u8] {
    if body.len() <= MAX_ROBOTS_BYTES {
        return body;
    }
    let head = &body[..MAX_ROBOTS_BYTES];
    match head.iter().rposition(|&b| b == b'\n' || b == b'\r') {
        Some(end) => &head[..end],
        None => &[],
    }
}

/// Reads one line; `None` for blank, comment-only and colonless lines.
fn read_line(raw: &str) -> Option<Line<'_>> {
    let content = raw.split('#').next().unwrap_or("");
    let (key, value) = content.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    let value = value.trim();
    Some(match key.as_str() {
        "user-agent" | "useragent" | "user agent" => Line::UserAgent(value),
        "allow" => Line::Allow(value),
        "disallow" | "dissallow" | "dissalow" | "disalow" | "diasllow" | "disallaw" => {
            Line::Disallow(value)
        }
        "crawl-delay" | "crawldelay" | "crawl delay" => Line::CrawlDelay(value),
        _ => Line::Other,
    })
}

/// The product token at the start of a `User-agent` value
/// (`Newsdesk/1.0` names `Newsdesk`).
fn agent_token(agent: &str) -> &str {
    let end = agent
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
        .unwrap_or(agent.len());
    &agent[..end]
}

/// Seconds, whole or decimal; nonsense and negative values are ignored.
fn parse_delay(value: &str) -> Option<Duration> {
    let seconds: f64 = value.parse().ok()?;
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    // Anything above a day is as good as a day; the caller caps it lower.
    Some(Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// One spelling for every path: unreserved characters decoded, every other
/// escape in upper case, and bytes outside printable ASCII escaped.
fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            )
        {
            let decoded = hi * 16 + lo;
            if is_unreserved(decoded) {
                out.push(char::from(decoded));
            } else {
                push_escaped(&mut out, decoded);
            }
            i += 3;
            continue;
        }
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            push_escaped(&mut out, byte);
        }
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_escaped(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 15)]));
}

/// Whether a rule's pattern matches the start of `path` (or all of it,
/// when anchored). `*` matches any run of characters.
fn matches(rule: &Rule, path: &str) -> bool {
    let pieces: Vec<&str> = rule.pattern.split('*').collect();
    let Some((first, rest)) = pieces.split_first() else {
        return false;
    };
    let Some(mut remaining) = path.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        // No wildcard: a prefix, or the whole path when anchored.
        return !rule.anchored || remaining.is_empty();
    };
    // Each middle piece as early as it occurs leaves the most room after it.
    for piece in middle {
        match remaining.find(piece) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    if rule.anchored {
        remaining.ends_with(last)
    } else {
        remaining.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(robots: &str, path: &str) -> bool {
        RobotsRules::parse(robots.as_bytes(), PRODUCT_TOKEN).allows(path)
    }

    /// (robots.txt, path, allowed?)
    fn check(cases: &[(&str, &str, bool)]) {
        for (robots, path, expected) in cases {
            assert_eq!(
                allows(robots, path),
                *expected,
                "path {path:?} under:\n{robots}"
            );
        }
    }

    #[test]
    fn groups_are_chosen_by_our_token_else_the_star() {
        let both = "User-agent: *\nDisallow: /\n\nUser-agent: Newsdesk\nDisallow: /private\n";
        let only_star = "User-agent: *\nDisallow: /drafts\n";
        let others = "User-agent: OtherBot\nDisallow: /\n";
        check(&[
            (both, "/news/1", true),
            (both, "/private/1", false),
            (only_star, "/drafts/x", false),
            (only_star, "/news", true),
            (others, "/anything", true),
            ("", "/anything", true),
            // Case does not matter, nor a version after the token.
            ("User-agent: NEWSDESK\nDisallow: /x\n", "/x", false),
            ("User-agent: newsdesk/2.1\nDisallow: /x\n", "/x", false),
            // A token that only starts like ours is someone else.
            ("User-agent: newsdeskbot\nDisallow: /x\n", "/x", true),
            // Our group, though it allows all, replaces the star group.
            (
                "User-agent: *\nDisallow: /\nUser-agent: newsdesk\nAllow: /\n",
                "/a",
                true,
            ),
            (
                "User-agent: *\nDisallow: /\nUser-agent: newsdesk\nDisallow:\n",
                "/a",
                true,
            ),
        ]);
    }

    #[test]
    fn agent_lines_in_a_row_share_a_group_and_groups_merge() {
        let shared = "User-agent: otherbot\nUser-agent: newsdesk\nDisallow: /shared\n";
        let split = "User-agent: newsdesk\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\
                     User-agent: newsdesk\nDisallow: /c\n";
        let sitemap_between = "User-agent: newsdesk\nSitemap: https://x/s.xml\nUser-agent: b\n\
                               Disallow: /d\n";
        check(&[
            (shared, "/shared/1", false),
            (split, "/a", false),
            (split, "/b", true),
            (split, "/c", false),
            (sitemap_between, "/d", false),
            // Rules before any User-agent belong to no group.
            ("Disallow: /\nUser-agent: *\nDisallow: /x\n", "/y", true),
        ]);
    }

    #[test]
    fn the_longest_match_wins_and_allow_wins_ties() {
        let rules = "User-agent: *\nDisallow: /news\nAllow: /news/public\nDisallow: /news/public/old\n\
                     Allow: /tie\nDisallow: /tie\n";
        check(&[
            (rules, "/news/1", false),
            (rules, "/news/public/1", true),
            (rules, "/news/public/old/2", false),
            (rules, "/tie/x", true),
            (rules, "/other", true),
            ("User-agent: *\nDisallow: /\n", "/", false),
            ("User-agent: *\nDisallow: /\nAllow: /$\n", "/", true),
            ("User-agent: *\nDisallow: /\nAllow: /$\n", "/page", false),
        ]);
    }

    #[test]
    fn wildcards_and_end_anchors() {
        let rules = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /print*/page\nDisallow: /*?session=\n\
                     Disallow: /exact$\n";
        check(&[
            (rules, "/files/report.pdf", false),
            (rules, "/files/report.pdf?dl=1", true),
            (rules, "/files/report.pdfx", true),
            (rules, "/print-view/page/3", false),
            (rules, "/printpage", true),
            (rules, "/story?id=4&session=9", true),
            (rules, "/story?session=9", false),
            (rules, "/exact", false),
            (rules, "/exact/more", true),
            ("User-agent: *\nDisallow: *\n", "/anything", false),
            ("User-agent: *\nDisallow: /a*b*c$\n", "/axxbyyc", false),
            ("User-agent: *\nDisallow: /a*b*c$\n", "/axxbyycz", true),
            ("User-agent: *\nDisallow: /a*b*c$\n", "/acb", true),
            ("User-agent: *\nDisallow: /**x\n", "/yyx", false),
        ]);
    }

    #[test]
    fn percent_encoding_is_normalised_on_both_sides() {
        check(&[
            ("User-agent: *\nDisallow: /café\n", "/caf%C3%A9/1", false),
            ("User-agent: *\nDisallow: /caf%c3%a9\n", "/caf%C3%A9", false),
            ("User-agent: *\nDisallow: /%7Euser\n", "/~user/page", false),
            ("User-agent: *\nDisallow: /~user\n", "/%7euser/page", false),
            ("User-agent: *\nDisallow: /%61bc\n", "/abc", false),
            // A reserved character stays apart from its escape.
            ("User-agent: *\nDisallow: /a%2Fb\n", "/a/b", true),
            ("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb", false),
            ("User-agent: *\nDisallow: /a b\n", "/a%20b", false),
        ]);
    }

    #[test]
    fn odd_files_are_read_in_stride() {
        check(&[
            // BOM, CRLF, comments, odd spacing and case in keys.
            (
                "\u{feff}User-agent: *\r\nDISALLOW : /x # no\r\n",
                "/x",
                false,
            ),
            ("User-agent: *\rDisallow: /cr\r", "/cr", false),
            (
                "# only a comment\nUser-agent: * # all\nDisallow: /c\n",
                "/c",
                false,
            ),
            // Garbage lines and unknown keys change nothing.
            (
                "User-agent: *\nthis is not a rule\nNoindex: /x\nDisallow: /y\n",
                "/x",
                true,
            ),
            (
                "User-agent: *\nthis is not a rule\nDisallow: /y\n",
                "/y",
                false,
            ),
            // Common misspellings are understood.
            ("User-agent: *\nDisalow: /typo\n", "/typo", false),
            // A pattern without its leading slash.
            ("User-agent: *\nDisallow: private/\n", "/private/x", false),
            ("<html><body>Not found</body></html>", "/x", true),
        ]);
        let binary = [0xff, 0xfe, 0x00, b'\n', 0x80];
        assert!(RobotsRules::parse(&binary, PRODUCT_TOKEN).allows("/x"));
    }

    #[test]
    fn text_past_the_cap_is_ignored() {
        let mut text = String::from("User-agent: *\nDisallow: /early\n");
        while text.len() < MAX_ROBOTS_BYTES + 10 {
            text.push_str("# padding padding padding padding padding\n");
        }
        text.push_str("Disallow: /late\n");
        let rules = RobotsRules::parse(text.as_bytes(), PRODUCT_TOKEN);
        assert!(!rules.allows("/early"));
        assert!(rules.allows("/late"));
        // A line cut by the cap is dropped, not half read.
        let mut cut = String::from("User-agent: *\n");
        cut.push_str(&"#".repeat(MAX_ROBOTS_BYTES - cut.len() - 20));
        cut.push_str("\nDisallow: /abcdefghij\n");
        assert!(RobotsRules::parse(cut.as_bytes(), PRODUCT_TOKEN).allows("/abcdefgh"));
    }

    #[test]
    fn crawl_delay_is_read_from_our_group() {
        for (robots, expected) in [
            ("User-agent: *\nCrawl-delay: 5\n", Some(5_000)),
            ("User-agent: newsdesk\nCrawl-delay: 0.5\n", Some(500)),
            (
                "User-agent: *\nCrawl-delay: 9\nUser-agent: newsdesk\nCrawl-delay: 2\n",
                Some(2_000),
            ),
            ("User-agent: *\nCrawl-delay: soon\n", None),
            ("User-agent: *\nCrawl-delay: -3\n", None),
            ("User-agent: *\nCrawl-delay: inf\n", None),
            ("User-agent: other\nCrawl-delay: 4\n", None),
        ] {
            let rules = RobotsRules::parse(robots.as_bytes(), PRODUCT_TOKEN);
            assert_eq!(
                rules.crawl_delay(),
                expected.map(Duration::from_millis),
                "{robots}"
            );
        }
        // A crawl delay ends the run of agent lines like any rule.
        let split = "User-agent: newsdesk\nCrawl-delay: 1\nUser-agent: other\nDisallow: /x\n";
        assert!(allows(split, "/x"));
    }

    #[test]
    fn fetch_results_give_verdicts() {
        let rules = Robots::Rules(RobotsRules::parse(
            b"User-agent: *\nDisallow: /x\n",
            PRODUCT_TOKEN,
        ));
        assert_eq!(rules.verdict("/x/1"), RobotsVerdict::Disallowed);
        assert_eq!(rules.verdict("/y"), RobotsVerdict::Allowed);
        assert_eq!(Robots::NoFile.verdict("/x"), RobotsVerdict::Allowed);
        assert_eq!(
            Robots::Unreachable("HTTP 503".into()).verdict("/y"),
            RobotsVerdict::Unreachable("HTTP 503".into())
        );
    }

    #[test]
    fn no_input_makes_the_reader_panic() {
        let pieces = [
            "User-agent:",
            "*",
            "newsdesk",
            "\n",
            "\r",
            "Disallow:",
            "Allow:",
            "/",
            "$",
            "%",
            "%4",
            "%zz",
            "é",
            "#",
            ":",
            "Crawl-delay:",
            "1e400",
            " ",
            "\u{feff}",
        ];
        let mut seed = 7u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let pick = usize::try_from(seed >> 33).unwrap_or(0) % pieces.len();
                text.push_str(pieces[pick]);
            }
            let rules = RobotsRules::parse(text.as_bytes(), PRODUCT_TOKEN);
            for path in ["/", "/a$b", "/%", "/é*", ""] {
                let _ = rules.allows(path);
            }
        }
    }
}
