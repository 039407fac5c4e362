//! The article's metadata: title, byline, time, language, lead image.
//!
//! Each field has an order of witnesses, most trusted first: structured
//! data the publisher wrote for machines (JSON-LD, Open Graph, `article:`
//! meta tags), then the page's own markup (`<h1>`, `rel="author"`,
//! `<time>`), then visible text. The first witness that gives a usable
//! value wins. Every witness is read from the [`Dom`] by a walk of its
//! own, and the costly ones (class names anywhere on the page) only when
//! the cheaper ones gave nothing.

use crate::dates;
use crate::dom::Dom;
use crate::render::absolute;
use serde_json::Value;
use url::Url;

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The headline, without the site's name.
    pub title: Option<String>,
    /// The site's name, when it says.
    pub site_name: Option<String>,
    /// The author(s).
    pub byline: Option<String>,
    /// Publication time, RFC 3339.
    pub published: Option<String>,
    /// Primary language subtag, lower case.
    pub lang: Option<String>,
    /// Lead image, absolute.
    pub lead_image: Option<String>,
    /// The publisher's summary.
    pub description: Option<String>,
    /// Every headline the page states (og:title, JSON-LD, `<h1>`, `<title>`).
    pub title_variants: Vec<String>,
}

/// Whether an attribute value is `want`, compared as HTML compares the
/// values of `rel` and `type` (ASCII case folded).
fn is(value: Option<&str>, want: &str) -> bool {
    value.is_some_and(|v| v.eq_ignore_ascii_case(want))
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
    "WebPage",
];

/// The page's base URL: `<base href>` resolved against the page URL.
pub fn base_url(dom: &Dom, page: Option<&Url>) -> Option<Url> {
    let declared = dom.elements_named("base").find_map(|b| dom.attr(b, "href"));
    match (page, declared) {
        (Some(page), Some(href)) => page.join(href.trim()).ok().or_else(|| Some(page.clone())),
        (None, Some(href)) => Url::parse(href.trim()).ok(),
        (Some(page), None) => Some(page.clone()),
        (None, None) => None,
    }
}

/// Reads the metadata.
pub fn read(dom: &Dom, base: Option<&Url>) -> Meta {
    let metas = MetaTags::read(dom);
    let ld = JsonLd::read(dom);
    let site_name = metas
        .get(&["og:site_name", "application-name", "twitter:site"])
        .map(clean);
    let h1 = dom
        .elements_named("h1")
        .map(|h| clean(&dom.text(h)))
        .find(|t| !t.is_empty());
    let title_tag = dom
        .elements_named("title")
        .next()
        .map(|t| clean(&dom.text(t)));
    // An h1 that only opens the title tag is the site's name in its header
    // ("Kampala Bulletin" of "Kampala Bulletin: Boda boda riders ...").
    let h1_names_site = h1
        .as_deref()
        .zip(title_tag.as_deref())
        .is_some_and(|(h1, tag)| {
            tag.strip_prefix(h1)
                .is_some_and(|rest| rest.split_whitespace().count() >= 4)
        });
    let title = metas
        .get(&["og:title", "twitter:title"])
        .map(clean)
        .or_else(|| ld.article_str("headline"))
        .or_else(|| ld.article_str("name"))
        .or_else(|| h1.clone().filter(|_| !h1_names_site))
        .or_else(|| title_tag.clone())
        .map(|t| trim_site_name(&t, site_name.as_deref(), h1.as_deref()))
        .filter(|t| !t.is_empty());
    // Each witness is asked only if those before it gave no person's name.
    let witnesses: [&dyn Fn() -> Option<String>; 3] = [
        &|| ld.authors(),
        &|| {
            metas
                .get(&[
                    "author",
                    "article:author",
                    "byl",
                    "parsely-author",
                    "sailthru.author",
                    "dc.creator",
                    "twitter:creator",
                ])
                .filter(|a| !a.starts_with("http") && !a.starts_with('@'))
                .map(str::to_owned)
        },
        &|| byline_from_markup(dom),
    ];
    let byline = witnesses
        .into_iter()
        .filter_map(|witness| witness())
        .map(|b| clean_byline(&b))
        .find(|b| is_person_byline(b, site_name.as_deref()));
    let timed = |stamp: Option<dates::Stamp>| stamp.filter(|s| s.has_time).map(|s| s.text);
    let published = ld
        .article_str("datePublished")
        .and_then(|d| timed(dates::normalize(&d)))
        .or_else(|| {
            metas
                .all(&[
                    "article:published_time",
                    "og:article:published_time",
                    "datepublished",
                    "publishdate",
                    "pubdate",
                    "publish-date",
                    "date",
                    "dc.date.issued",
                    "dc.date",
                    "sailthru.date",
                    "parsely-pub-date",
                    "article.published",
                    "dcterms.created",
                    "dcterms.date",
                    "dcterms.issued",
                    "citation_publication_date",
                    "original-publish-date",
                ])
                .find_map(|d| timed(dates::normalize(d)))
        })
        .or_else(|| time_element(dom))
        .or_else(|| {
            // A machine-readable attribute first (a microformat's
            // `<abbr class="published" title="2025-03-10T16:40:00+03:00">`).
            dom.elements()
                .filter(|&e| is_date_markup(dom, e))
                .take(20)
                .find_map(|e| {
                    ["datetime", "content", "title"]
                        .iter()
                        .filter_map(|a| dom.attr(e, a))
                        .find_map(|v| timed(dates::normalize(v)))
                        .or_else(|| timed(dates::find_in_text(&dom.text(e))))
                })
        })
        .or_else(|| {
            // A short line under the headline ("By AFP · Published on ...").
            let headline = dom.elements_named("h1").next()?;
            dom.following_elements(headline)
                .take(3)
                .map(|e| dom.text(e))
                .filter(|line| line.len() <= 200)
                .find_map(|line| timed(dates::find_in_text(&line)))
        });
    let lang = dom
        .elements_named("html")
        .next()
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")))
        .and_then(primary_language)
        .or_else(|| {
            metas
                .get(&["content-language", "og:locale", "language", "dc.language"])
                .and_then(primary_language)
        })
        .or_else(|| {
            ld.article_str("inLanguage")
                .as_deref()
                .and_then(primary_language)
        });
    let lead_image = metas
        .get(&[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ])
        .map(str::to_owned)
        .or_else(|| ld.image())
        .or_else(|| {
            dom.elements_named("link")
                .find(|&l| is(dom.attr(l, "rel"), "image_src"))
                .and_then(|l| dom.attr(l, "href"))
                .map(str::to_owned)
        })
        .and_then(|src| absolute(base, &src));
    let description = metas
        .get(&["og:description", "description", "twitter:description"])
        .map(clean);
    let title_variants: Vec<String> = [
        metas.get(&["og:title"]).map(clean),
        metas.get(&["twitter:title"]).map(clean),
        ld.article_str("headline"),
        h1.clone(),
        title_tag.clone(),
        title.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    Meta {
        title,
        site_name,
        byline,
        published,
        lang,
        lead_image,
        description,
        title_variants,
    }
}

/// `<meta>` values by lower-case `property`, `name`, `itemprop` or `http-equiv`.
struct MetaTags {
    pairs: Vec<(String, String)>,
}

impl MetaTags {
    fn read(dom: &Dom) -> Self {
        let mut pairs = Vec::new();
        for meta in dom.elements_named("meta") {
            let Some(content) = dom.attr(meta, "content") else {
                continue;
            };
            for key in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = dom.attr(meta, key) {
                    pairs.push((k.trim().to_ascii_lowercase(), content.trim().to_owned()));
                }
            }
        }
        Self { pairs }
    }

    fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.pairs
                .iter()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| v.as_str())
        })
    }

    fn all<'s>(&'s self, keys: &'s [&'s str]) -> impl Iterator<Item = &'s str> + 's {
        keys.iter().flat_map(move |key| {
            self.pairs
                .iter()
                .filter(move |(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }
}

/// The page's JSON-LD objects, and the article among them.
struct JsonLd {
    article: Option<Value>,
}

impl JsonLd {
    fn read(dom: &Dom) -> Self {
        let mut objects = Vec::new();
        for script in json_ld_scripts(dom) {
            let text = dom.text(script);
            if let Ok(value) = serde_json::from_str::<Value>(text.trim().trim_end_matches(';')) {
                flatten(value, &mut objects, 0);
            }
        }
        let rank = |v: &Value| -> Option<usize> {
            let types: Vec<&str> = match v.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            types
                .iter()
                .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
                .min()
        };
        let article = objects
            .into_iter()
            .filter_map(|o| rank(&o).map(|r| (r, o)))
            .min_by_key(|(r, _)| *r)
            .map(|(_, o)| o);
        Self { article }
    }

    fn article_str(&self, key: &str) -> Option<String> {
        match self.article.as_ref()?.get(key)? {
            Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
            Value::Array(a) => a.iter().find_map(Value::as_str).map(clean),
            _ => None,
        }
    }

    fn authors(&self) -> Option<String> {
        let value = self.article.as_ref()?.get("author")?;
        let mut people = Vec::new();
        let mut orgs = Vec::new();
        let list: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for author in list {
            match author {
                Value::String(name) => people.push(clean(name)),
                Value::Object(map) => {
                    let name = map.get("name").and_then(Value::as_str).map(clean);
                    let is_org = map.get("@type").and_then(Value::as_str) == Some("Organization");
                    if let Some(name) = name.filter(|n| !n.is_empty()) {
                        if is_org {
                            orgs.push(name)
                        } else {
                            people.push(name)
                        }
                    }
                }
                _ => {}
            }
        }
        // An organisation as author is no byline ("AFP", the company itself).
        let _ = orgs;
        join_names(&people)
    }

    fn image(&self) -> Option<String> {
        fn first_url(v: &Value) -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => a.iter().find_map(first_url),
                Value::Object(m) => m
                    .get("url")
                    .or_else(|| m.get("contentUrl"))
                    .and_then(first_url),
                _ => None,
            }
        }
        first_url(self.article.as_ref()?.get("image")?)
    }
}

fn flatten(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> Option<String> {
    let mut unique: Vec<&String> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    match unique.as_slice() {
        [] => None,
        [one] => Some((*one).clone()),
        [rest @ .., last] => Some(format!(
            "{} and {}",
            rest.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            last
        )),
    }
}

/// A byline from a line of text such as "By Kwame Asante Posted: ...".
pub fn byline_from_line(line: &str) -> Option<String> {
    let t = line.trim();
    let rest = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let cleaned = clean_byline(rest);
    is_person_byline(&cleaned, None).then_some(cleaned)
}

/// The page's JSON-LD scripts.
pub fn json_ld_scripts<'d>(dom: &'d Dom) -> impl Iterator<Item = u32> + 'd {
    dom.elements_named("script")
        .filter(|&s| is(dom.attr(s, "type"), "application/ld+json"))
}

fn byline_from_markup(dom: &Dom) -> Option<String> {
    dom.elements()
        .filter(|&e| is_author_markup(dom, e))
        .take(10)
        .find_map(|e| {
            let text = clean(&dom.texts(e).collect::<Vec<_>>().join(" "));
            let words = text.split_whitespace().count();
            (1..=12).contains(&words).then_some(text)
        })
}

/// An element that names the author: `rel="author"`, schema.org's
/// `itemprop="author"` (or the `name` inside one), or a class name that
/// says byline, author, writer or reporter (or a link inside one that
/// says byline or author).
fn is_author_markup(dom: &Dom, e: u32) -> bool {
    let class = dom.attr(e, "class").unwrap_or("");
    let says = |class: &str, words: &[&str]| words.iter().any(|w| class.contains(w));
    if is(dom.attr(e, "rel"), "author")
        || dom.attr(e, "itemprop") == Some("author")
        || says(class, &["byline", "author", "writer", "reporter"])
    {
        return true;
    }
    match (dom.name(e), dom.attr(e, "itemprop")) {
        (_, Some("name")) => dom
            .ancestors(e)
            .any(|a| dom.attr(a, "itemprop") == Some("author")),
        (Some("a"), _) => dom
            .ancestors(e)
            .any(|a| says(dom.attr(a, "class").unwrap_or(""), &["byline", "author"])),
        _ => false,
    }
}

/// An element whose markup says it holds the date: schema.org's
/// `itemprop="datePublished"`, or a class name that says date, time or
/// publish.
fn is_date_markup(dom: &Dom, e: u32) -> bool {
    dom.attr(e, "itemprop") == Some("datePublished")
        || dom
            .attr(e, "class")
            .is_some_and(|c| ["date", "time", "publish"].iter().any(|w| c.contains(w)))
}

/// "By Jane Doe, Staff Reporter" to "Jane Doe".
fn clean_byline(raw: &str) -> String {
    let mut text = clean(raw);
    for prefix in [
        "Posted by ",
        "posted by ",
        "Written by ",
        "Words by ",
        "Reporting by ",
        "Author: ",
        "Author ",
        "Autor: ",
        "Auteur : ",
        "Par ",
        "Автор: ",
        "By: ",
        "By ",
        "by ",
        "BY ",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim().to_owned();
        }
    }
    // A date after the name ("Chebet Rotich 12 March 2025") goes.
    if let Some((at, _)) = dates::find_span(&text) {
        text = text[..at]
            .trim_end_matches([' ', ',', '|', '-', '·'])
            .to_owned();
    }
    for label in ["Posted:", "Published:", "Updated:", "Posted", "Published"] {
        if let Some(at) = text.find(label) {
            text = text[..at].trim().to_owned();
        }
    }
    // A trailing agency ("... Associated Press") goes.
    for agency in AGENCIES {
        if let Some(rest) = text.strip_suffix(agency)
            && rest.ends_with(' ')
        {
            text = rest.trim_end_matches([' ', ',']).to_owned();
        }
    }
    // A role after a comma ("Jane Doe, Staff Reporter") or a pipe goes; a list of names stays.
    if let Some((name, rest)) = text.split_once(" | ") {
        let _ = rest;
        text = name.trim().to_owned();
    }
    if let Some((name, role)) = text.split_once(", ") {
        let role_words = [
            "reporter",
            "correspondent",
            "editor",
            "writer",
            "staff",
            "contributor",
            "columnist",
            "analyst",
            "producer",
            "desk",
            "bureau",
        ];
        if role_words.iter().any(|w| role.to_lowercase().contains(w)) {
            text = name.trim().to_owned();
        }
    }
    text
}

/// Wire agencies and desks: a byline of one of these alone is no byline.
const AGENCIES: &[&str] = &[
    "Associated Press",
    "AP",
    "Agence France-Presse",
    "AFP",
    "Reuters",
    "ANI",
    "Xinhua",
    "IANS",
    "PTI",
    "UNI",
    "dpa",
    "DPA",
    "EFE",
    "ANSA",
    "Kyodo",
    "Yonhap",
    "TASS",
    "Bernama",
    "AAP",
    "CNA",
    "Anadolu",
    "APA",
    "KUNA",
    "WAM",
    "SPA",
    "IRNA",
    "PA",
    "Press Trust of India",
    "Staff",
    "Staff Reporter",
    "Web Desk",
    "News Desk",
    "Newsroom",
    "Editorial Board",
];

/// Whether a cleaned byline names people.
fn is_person_byline(byline: &str, site_name: Option<&str>) -> bool {
    if byline.is_empty() || byline.chars().count() > 120 || Some(byline) == site_name {
        return false;
    }
    if AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(byline)) {
        return false;
    }
    // A name shouted in capitals is a template artefact; the page will have a better one.
    let letters: Vec<char> = byline
        .split_whitespace()
        .filter(|w| !matches!(*w, "and" | "und" | "et" | "y" | "e"))
        .flat_map(str::chars)
        .filter(|c| c.is_alphabetic())
        .collect();
    !(letters.len() > 6 && letters.iter().all(|c| c.is_uppercase()))
}

fn time_element(dom: &Dom) -> Option<String> {
    let mut times = dom.elements_named("time").take(20);
    times.find_map(|t| {
        dom.attr(t, "datetime")
            .and_then(dates::normalize)
            .filter(|s| s.has_time)
            .or_else(|| dates::find_in_text(&dom.text(t)).filter(|s| s.has_time))
            .map(|s| s.text)
    })
}

/// "en-GB" / "en_US" / "EN" to "en".
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (2..=3)
        .contains(&primary.len())
        .then_some(primary)
        .filter(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
}

/// ASCII white space and no-break spaces folded (an ideographic space is
/// part of a CJK headline and stays).
pub fn clean(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Headline | Site", "Site - Headline" to "Headline".
fn trim_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / "];
    if let Some(h1) = h1
        && !h1.is_empty()
        && title.contains(h1)
        && h1.len() * 2 >= title.len()
    {
        return h1.to_owned();
    }
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in SEPARATORS {
            if let Some(rest) = title.strip_suffix(&format!("{sep}{site}")) {
                return rest.trim().to_owned();
            }
            if let Some(rest) = title.strip_prefix(&format!("{site}{sep}")) {
                return rest.trim().to_owned();
            }
        }
    }
    // A blog's name (its header's h1, or the site's name) before a colon:
    // "Kampala Bulletin: Boda boda riders get free helmets".
    for name in [site, h1].into_iter().flatten().filter(|n| !n.is_empty()) {
        if let Some(rest) = title.strip_prefix(&format!("{name}: "))
            && rest.split_whitespace().count() >= 3
        {
            return rest.trim().to_owned();
        }
    }
    // Without a known site name: a short part at either end goes, except
    // that a plain hyphen is too common inside headlines ("Kenya - Tanzania
    // border opens"), so there only a short part at the end goes.
    for sep in SEPARATORS {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let (first, last) = (parts[0].trim(), parts[parts.len() - 1].trim());
        let rest_after_first = title[parts[0].len() + sep.len()..].trim();
        let rest_before_last =
            title[..title.len() - parts[parts.len() - 1].len() - sep.len()].trim();
        let plain_hyphen = *sep == " - ";
        if last.len() * 2 < rest_before_last.len()
            && rest_before_last.split_whitespace().count() >= 3
        {
            return rest_before_last.to_owned();
        }
        if !plain_hyphen
            && first.len() * 2 < rest_after_first.len()
            && rest_after_first.split_whitespace().count() >= 3
        {
            return rest_after_first.to_owned();
        }
    }
    title.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_the_site_name() {
        assert_eq!(
            trim_site_name(
                "Ferry service resumes | Coast Times",
                Some("Coast Times"),
                None
            ),
            "Ferry service resumes"
        );
        assert_eq!(
            trim_site_name(
                "Coast Blog: Ferry service resumes at dawn",
                None,
                Some("Coast Blog")
            ),
            "Ferry service resumes at dawn"
        );
        assert_eq!(
            trim_site_name("Coast Times | Ferry service resumes at dawn", None, None),
            "Ferry service resumes at dawn"
        );
        assert_eq!(
            trim_site_name("Ferry service resumes at dawn - Coast Times", None, None),
            "Ferry service resumes at dawn"
        );
        assert_eq!(
            trim_site_name(
                "Ferry service resumes | CT",
                None,
                Some("Ferry service resumes")
            ),
            "Ferry service resumes"
        );
        assert_eq!(
            trim_site_name("Kenya - Tanzania border opens", None, None),
            "Kenya - Tanzania border opens"
        );
    }

    #[test]
    fn bylines_lose_prefix_and_role() {
        assert_eq!(clean_byline("By Jane Doe, Staff Reporter"), "Jane Doe");
        assert_eq!(
            clean_byline("by  Amina Odhiambo and Tom Becker"),
            "Amina Odhiambo and Tom Becker"
        );
        assert_eq!(
            join_names(&["A".into(), "B".into(), "C".into()]).unwrap(),
            "A, B and C"
        );
    }

    #[test]
    fn metadata_from_a_page() {
        let page = r#"<html lang="en-GB"><head><title>Port talks | Coast Times</title>
          <meta property="og:site_name" content="Coast Times">
          <meta property="og:image" content="/img/port.jpg">
          <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Coast Times"},
            {"@type":"NewsArticle","headline":"Port talks open","datePublished":"2025-03-12T08:12:00+04:00",
             "author":[{"@type":"Person","name":"Ravi Domun"},{"@type":"Person","name":"Lise Payet"}]}]}</script>
          </head><body><h1>Port talks open</h1></body></html>"#;
        let tree = crate::tokenize::parse_document(page, crate::tokenize::Attributes::All);
        let dom = Dom::new(&tree);
        let base = Url::parse("https://coast.example/news/port").unwrap();
        let meta = read(&dom, Some(&base));
        assert_eq!(meta.title.as_deref(), Some("Port talks open"));
        assert_eq!(meta.byline.as_deref(), Some("Ravi Domun and Lise Payet"));
        assert_eq!(meta.published.as_deref(), Some("2025-03-12T08:12:00+04:00"));
        assert_eq!(meta.lang.as_deref(), Some("en"));
        assert_eq!(
            meta.lead_image.as_deref(),
            Some("https://coast.example/img/port.jpg")
        );
    }
}
