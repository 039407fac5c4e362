//! The farm's documents: one RSS feed per source and one article page per
//! item, each made from the seed alone, so every run serves the same bytes
//! (apart from the port numbers in links).
//!
//! An article page has the shape of a regional news site's story page: a
//! head with metadata and inline style and script, a navigation menu with
//! sub-menus, a breaking-news bar, the article (headline, standfirst,
//! byline, time, dateline, figure, 6 to 12 paragraphs with an advert slot
//! and "read also" links among them, tags), share buttons, a newsletter
//! box, related stories, a most-read list and a footer of link columns.

use crate::text::{self, Rng};
use std::fmt::Write;

/// What the farm serves: how many feeds, how many items each, from which seed.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Random seed.
    pub seed: u64,
    /// Number of feeds.
    pub feeds: u64,
    /// Items per feed.
    pub items: u64,
    /// Publication time of the newest item, Unix seconds (feeds that do
    /// not change).
    pub newest: i64,
    /// Seconds between two new items of a feed; 0: the feeds never change.
    pub new_every: u64,
    /// When the farm started, Unix seconds: the clock of changing feeds.
    pub started: i64,
}

/// The parts of a story that both the feed and its page show.
#[derive(Debug, Clone)]
pub struct Story {
    /// The headline.
    pub headline: String,
    /// One or two sentences under it.
    pub standfirst: String,
    /// The reporter.
    pub byline: String,
    /// The dateline place.
    pub place: &'static str,
    /// The section, also the feed category.
    pub section: &'static str,
    /// Publication time, Unix seconds.
    pub published: i64,
    /// The path of its page, starting with `/`.
    pub path: String,
}

const PURPOSE_STORY: u64 = 1;
const PURPOSE_BODY: u64 = 2;

impl Plan {
    /// Item `item` of feed `feed`.
    pub fn story(&self, feed: u64, item: u64) -> Story {
        let mut rng = Rng::new(self.seed, feed, item, PURPOSE_STORY);
        let headline = text::headline(&mut rng);
        let standfirst = text::sentence(&mut rng);
        let byline = text::person(&mut rng);
        let place = rng.pick(text::PLACES);
        let section = rng.pick(text::SECTIONS);
        // Newest first; items of all feeds interleave in time.
        let age = (item * self.feeds + feed) as i64 * 37 + rng.range(0, 30) as i64;
        let published = if self.new_every > 0 {
            self.published(feed, self.serial(item))
        } else {
            self.newest - age
        };
        let slug: String = headline
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .collect::<Vec<_>>()
            .join("-");
        Story {
            headline,
            standfirst,
            byline,
            place,
            section,
            published,
            path: format!("/news/{feed}/{item}/{slug}.html"),
        }
    }

    /// The feed's validators at `now` (Unix seconds): an ETag and a
    /// Last-Modified time (Unix seconds).
    pub fn validators(&self, feed: u64, now: i64) -> (String, i64) {
        if self.new_every > 0 {
            let newest = self.newest_serial(feed, now);
            return (
                format!("\"f{feed}-{:x}-{}-{newest}\"", self.seed, self.items),
                self.published(feed, newest),
            );
        }
        (
            format!("\"f{feed}-{:x}-{}\"", self.seed, self.items),
            self.newest - feed as i64 * 37,
        )
    }

    // Changing feeds. A feed publishes one item every `new_every` seconds,
    // at its own offset within that period, and has always done so: each
    // item has a serial, 0 for item 0 (the newest when the farm starts),
    // -1 for item 1 and so on back to item `items - 1`; the first item
    // published after the start is item `items` with serial 1, then
    // `items + 1` with serial 2. The feed lists the `items` newest serials
    // published by now, and the pages of every item published so far are
    // served (the ones that left the feed too, as a real site keeps them).

    /// The time serial 0 of `feed` was published.
    fn base(&self, feed: u64) -> i64 {
        let offset = (feed.wrapping_mul(7919) % self.new_every) as i64;
        self.started - offset
    }

    /// When the item with serial `serial` of `feed` was published.
    fn published(&self, feed: u64, serial: i64) -> i64 {
        self.base(feed) + serial * self.new_every as i64
    }

    /// The serial of `item`.
    fn serial(&self, item: u64) -> i64 {
        if item < self.items {
            -(item as i64)
        } else {
            (item - self.items + 1) as i64
        }
    }

    /// The item with serial `serial`.
    fn item_of(&self, serial: i64) -> u64 {
        if serial <= 0 {
            serial.unsigned_abs()
        } else {
            self.items + serial as u64 - 1
        }
    }

    /// The serial of the newest item `feed` has published by `now`.
    fn newest_serial(&self, feed: u64, now: i64) -> i64 {
        (now - self.base(feed)).max(0) / self.new_every as i64
    }

    /// The items `feed` lists at `now`, newest first.
    pub fn listed(&self, feed: u64, now: i64) -> Vec<u64> {
        if self.new_every == 0 {
            return (0..self.items).collect();
        }
        let newest = self.newest_serial(feed, now);
        (0..self.items as i64)
            .map(|k| self.item_of(newest - k))
            .collect()
    }

    /// Whether item `item` of `feed` has been published by `now`: the items
    /// a feed ever listed.
    pub fn is_published(&self, feed: u64, item: u64, now: i64) -> bool {
        if self.new_every == 0 {
            item < self.items
        } else {
            self.serial(item) <= self.newest_serial(feed, now)
        }
    }

    /// Feed `feed` at `now` (Unix seconds) as RSS 2.0, its links on
    /// `origin` (`http://host:port`).
    pub fn feed(&self, feed: u64, origin: &str, now: i64) -> String {
        let mut out = String::with_capacity(600 * self.items as usize + 1000);
        let name = desk_name(feed);
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
             <channel>\n<title>{name}</title>\n<link>{origin}/</link>\n\
             <description>Latest stories from the {name} desk</description>\n\
             <language>en</language>\n<lastBuildDate>{}</lastBuildDate>\n",
            http_date(self.validators(feed, now).1)
        );
        for item in self.listed(feed, now) {
            let s = self.story(feed, item);
            let _ = write!(
                out,
                "<item>\n<title>{}</title>\n<link>{origin}{}</link>\n\
                 <guid isPermaLink=\"false\">farm-{}-{feed}-{item}</guid>\n\
                 <pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n\
                 <category>{}</category>\n<description>{}</description>\n</item>\n",
                s.headline,
                s.path,
                self.seed,
                http_date(s.published),
                s.byline,
                s.section,
                s.standfirst
            );
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    /// The page of item `item` of feed `feed`.
    pub fn article(&self, feed: u64, item: u64, origin: &str) -> String {
        let s = self.story(feed, item);
        let mut rng = Rng::new(self.seed, feed, item, PURPOSE_BODY);
        let mut out = String::with_capacity(48 * 1024);
        let site = desk_name(feed);
        let iso = iso_date(s.published);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{h} | {site}</title>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"description\" content=\"{sf}\">\n\
             <meta property=\"og:type\" content=\"article\">\n\
             <meta property=\"og:title\" content=\"{h}\">\n\
             <meta property=\"og:description\" content=\"{sf}\">\n\
             <meta property=\"og:url\" content=\"{origin}{path}\">\n\
             <meta property=\"og:image\" content=\"{origin}/img/{feed}/{item}/lead.jpg\">\n\
             <meta property=\"article:published_time\" content=\"{iso}\">\n\
             <meta property=\"article:section\" content=\"{sec}\">\n\
             <link rel=\"canonical\" href=\"{origin}{path}\">\n\
             <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
             \"@type\":\"NewsArticle\",\"headline\":\"{h}\",\"datePublished\":\"{iso}\",\
             \"author\":{{\"@type\":\"Person\",\"name\":\"{by}\"}},\
             \"publisher\":{{\"@type\":\"Organization\",\"name\":\"{site}\"}}}}</script>\n",
            h = s.headline,
            sf = s.standfirst,
            path = s.path,
            sec = s.section,
            by = s.byline,
        );
        style(&mut out, &mut rng);
        out.push_str("</head>\n<body class=\"page page--article\">\n");
        navigation(&mut out, &mut rng, origin, &site);
        let _ = writeln!(
            out,
            "<div class=\"ticker\" role=\"marquee\"><span class=\"ticker__label\">Breaking</span>\
             <a href=\"{origin}/live/{feed}\">{}</a></div>",
            text::headline(&mut rng)
        );
        let _ = write!(
            out,
            "<main id=\"content\" class=\"layout\">\n<article class=\"story\">\n\
             <header class=\"story__header\">\n\
             <p class=\"story__kicker\"><a href=\"{origin}/{sec}/\">{Sec}</a></p>\n\
             <h1 class=\"story__headline\">{h}</h1>\n\
             <p class=\"story__standfirst\">{sf}</p>\n\
             <div class=\"story__meta\"><span class=\"byline\">By <a rel=\"author\" \
             href=\"{origin}/people/{slug}\">{by}</a></span> \
             <time datetime=\"{iso}\">{when}</time></div>\n</header>\n\
             <figure class=\"story__figure\"><img src=\"{origin}/img/{feed}/{item}/lead.jpg\" \
             alt=\"{alt}\" width=\"1200\" height=\"675\" loading=\"eager\">\
             <figcaption>{alt} Photo: {photo}/Desk Wire</figcaption></figure>\n\
             <div class=\"story__body\">\n",
            sec = s.section,
            Sec = text::capital(s.section),
            h = s.headline,
            sf = s.standfirst,
            by = s.byline,
            slug = s.byline.to_ascii_lowercase().replace(' ', "-"),
            when = human_date(s.published),
            alt = text::sentence(&mut rng),
            photo = text::person(&mut rng),
        );
        let paragraphs = rng.range(6, 12);
        for p in 0..paragraphs {
            let body = text::paragraph(&mut rng);
            if p == 0 {
                let _ = writeln!(out, "<p>{} (Desk Wire) \u{2013} {body}</p>", s.place);
            } else {
                let _ = writeln!(out, "<p>{body}</p>");
            }
            if p == 2 {
                let _ = writeln!(
                    out,
                    "<aside class=\"ad-slot\" data-slot=\"inline-{p}\" data-size=\"300x250\">\
                     <span class=\"ad-slot__label\">Advertisement</span></aside>"
                );
            }
            if p == 4 || (p > 4 && rng.one_in(4)) {
                let other = (item + 1 + rng.range(0, 30) as u64) % self.items;
                let o = self.story(feed, other);
                let _ = writeln!(
                    out,
                    "<p class=\"read-also\"><strong>Read also:</strong> \
                     <a href=\"{origin}{}\">{}</a></p>",
                    o.path, o.headline
                );
            }
        }
        out.push_str("</div>\n<ul class=\"story__tags\">");
        for _ in 0..rng.range(3, 6) {
            let tag = rng.pick(text::THINGS);
            let _ = write!(
                out,
                "<li><a href=\"{origin}/topic/{}\">{}</a></li>",
                tag.replace(' ', "-"),
                text::capital(tag)
            );
        }
        out.push_str("</ul>\n");
        share(&mut out, origin, &s.path);
        out.push_str("</article>\n");
        newsletter(&mut out, &mut rng, &site);
        self.related(&mut out, &mut rng, feed, item, origin);
        out.push_str("</main>\n");
        footer(&mut out, &mut rng, origin, &site);
        script(&mut out, &mut rng, feed, item);
        out.push_str("</body>\n</html>\n");
        out
    }

    fn related(&self, out: &mut String, rng: &mut Rng, feed: u64, item: u64, origin: &str) {
        out.push_str(
            "<section class=\"related\" aria-labelledby=\"related-title\">\n\
             <h2 id=\"related-title\">Related stories</h2>\n<ul class=\"card-list\">\n",
        );
        for k in 1..=rng.range(6, 9) as u64 {
            let o = self.story(feed, (item + k) % self.items);
            let _ = writeln!(
                out,
                "<li class=\"card\"><a class=\"card__link\" href=\"{origin}{}\">\
                 <img class=\"card__image\" src=\"{origin}/img/{feed}/{}/thumb.jpg\" alt=\"\" \
                 width=\"320\" height=\"180\" loading=\"lazy\">\
                 <span class=\"card__section\">{}</span>\
                 <span class=\"card__title\">{}</span></a>\
                 <time class=\"card__time\">{}</time></li>",
                o.path,
                (item + k) % self.items,
                text::capital(o.section),
                o.headline,
                human_date(o.published)
            );
        }
        out.push_str("</ul>\n</section>\n<aside class=\"most-read\">\n<h2>Most read</h2>\n<ol>\n");
        for k in 0..10 {
            let other = (feed + 1 + k * 7) % self.feeds;
            let o = self.story(other, k % self.items);
            let _ = writeln!(
                out,
                "<li><a href=\"{origin}{}\">{}</a></li>",
                o.path, o.headline
            );
        }
        out.push_str("</ol>\n</aside>\n");
    }
}

/// The name of feed `feed`'s desk, e.g. "Coastal Desk 17".
pub fn desk_name(feed: u64) -> String {
    const DESKS: &[&str] = &[
        "Coastal",
        "Highlands",
        "Lakeside",
        "Savanna",
        "Harbour",
        "Valley",
        "Island",
        "Border",
    ];
    format!(
        "{} Desk {}",
        DESKS[(feed % DESKS.len() as u64) as usize],
        feed
    )
}

const CLASSES: &[&str] = &[
    "layout",
    "story",
    "story__header",
    "story__headline",
    "story__standfirst",
    "story__meta",
    "story__figure",
    "story__body",
    "story__tags",
    "byline",
    "ticker",
    "ticker__label",
    "nav",
    "nav__menu",
    "nav__item",
    "nav__sub",
    "card",
    "card__link",
    "card__image",
    "card__title",
    "card__section",
    "card__time",
    "related",
    "most-read",
    "newsletter",
    "newsletter__form",
    "share",
    "share__button",
    "footer",
    "footer__column",
    "ad-slot",
    "read-also",
];

fn style(out: &mut String, rng: &mut Rng) {
    out.push_str("<style>\n:root{--ink:#1b1b1b;--paper:#fffdf8;--accent:#b3261e;--rule:#d9d4c7}\n");
    for class in CLASSES {
        let _ = writeln!(
            out,
            ".{class}{{margin:{}px {}px;padding:{}px;font-size:{}.{}rem;line-height:1.{};\
             color:var(--ink);border-bottom:{}px solid var(--rule)}}\n\
             @media (min-width:{}px){{.{class}{{max-width:{}px;margin-inline:auto}}}}",
            rng.range(0, 24),
            rng.range(0, 16),
            rng.range(0, 12),
            rng.range(0, 2),
            rng.range(0, 9),
            rng.range(2, 7),
            rng.range(0, 2),
            [640, 768, 1024, 1280][rng.range(0, 3)],
            rng.range(600, 1200)
        );
    }
    out.push_str("</style>\n");
}

fn navigation(out: &mut String, rng: &mut Rng, origin: &str, site: &str) {
    let _ = write!(
        out,
        "<a class=\"skip-link\" href=\"#content\">Skip to content</a>\n\
         <header class=\"masthead\"><a class=\"masthead__logo\" href=\"{origin}/\">{site}</a>\
         <form class=\"search\" action=\"{origin}/search\"><input type=\"search\" name=\"q\" \
         placeholder=\"Search the desk\"><button>Search</button></form>\
         <a class=\"masthead__login\" href=\"{origin}/account\">Sign in</a></header>\n\
         <nav class=\"nav\" aria-label=\"Sections\">\n<ul class=\"nav__menu\">\n"
    );
    for section in text::SECTIONS {
        let _ = write!(
            out,
            "<li class=\"nav__item\"><a href=\"{origin}/{section}/\">{}</a>\
             <ul class=\"nav__sub\">",
            text::capital(section)
        );
        for _ in 0..rng.range(5, 9) {
            let topic = rng.pick(text::THINGS);
            let _ = write!(
                out,
                "<li><a href=\"{origin}/{section}/{}\">{}</a></li>",
                topic.replace(' ', "-"),
                text::capital(topic)
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</nav>\n");
}

fn share(out: &mut String, origin: &str, path: &str) {
    out.push_str("<div class=\"share\"><span>Share this story</span>");
    for (name, d) in [
        ("email", "M2 4h20v16H2z M2 4l10 8 10-8"),
        ("message", "M3 3h18v13H8l-5 5z"),
        ("print", "M6 9V2h12v7 M6 18H4v-7h16v7h-2 M6 14h12v8H6z"),
        (
            "link",
            "M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1 M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1",
        ),
    ] {
        let _ = write!(
            out,
            "<a class=\"share__button share__button--{name}\" \
             href=\"{origin}/share/{name}?u={origin}{path}\" aria-label=\"Share by {name}\">\
             <svg viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" aria-hidden=\"true\">\
             <path d=\"{d}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/></svg></a>"
        );
    }
    out.push_str("</div>\n");
}

fn newsletter(out: &mut String, rng: &mut Rng, site: &str) {
    let _ = write!(
        out,
        "<section class=\"newsletter\">\n<h2>The {site} briefing</h2>\n\
         <p>Every morning at six: the stories that matter, from {} to {}. \
         Free, and you can leave at any time.</p>\n\
         <form class=\"newsletter__form\" method=\"post\" action=\"/newsletter\">\
         <label for=\"nl-email\">Email address</label>\
         <input id=\"nl-email\" type=\"email\" name=\"email\" required>\
         <button type=\"submit\">Sign up</button></form>\n\
         <p class=\"newsletter__small\">By signing up you agree to our terms and privacy notice.</p>\n\
         </section>\n",
        text::capital(&rng.pick(text::PLACES).to_lowercase()),
        text::capital(&rng.pick(text::PLACES).to_lowercase()),
    );
}

fn footer(out: &mut String, rng: &mut Rng, origin: &str, site: &str) {
    const COLUMNS: &[(&str, &[&str])] = &[
        (
            "About",
            &[
                "About us",
                "Our journalists",
                "Corrections",
                "Standards",
                "Careers",
            ],
        ),
        (
            "Help",
            &[
                "Contact the desk",
                "Subscriptions",
                "Newsletters",
                "Accessibility",
                "Tips",
            ],
        ),
        (
            "Sections",
            &[
                "World", "Business", "Sports", "Politics", "Science", "Culture",
            ],
        ),
        (
            "Legal",
            &[
                "Terms of use",
                "Privacy notice",
                "Cookie settings",
                "Licensing",
            ],
        ),
    ];
    out.push_str("<footer class=\"footer\">\n");
    for (title, links) in COLUMNS {
        let _ = write!(out, "<div class=\"footer__column\"><h3>{title}</h3><ul>");
        for link in *links {
            let _ = write!(
                out,
                "<li><a href=\"{origin}/{}\">{link}</a></li>",
                link.to_ascii_lowercase().replace(' ', "-")
            );
        }
        out.push_str("</ul></div>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"footer__copyright\">Copyright {} {site}. All rights reserved. \
         Registered office: {} Road, {}.</p>\n</footer>",
        2026,
        rng.pick(text::FAMILY),
        text::capital(&rng.pick(text::PLACES).to_lowercase())
    );
}

fn script(out: &mut String, rng: &mut Rng, feed: u64, item: u64) {
    let _ = writeln!(
        out,
        "<script>window.deskConfig={{feed:{feed},item:{item},section:\"{}\",\
         abBucket:{},lazyImages:true,adSlots:[\"top\",\"inline-2\",\"side\"],\
         consent:{{required:true,version:{}}}}};\n\
         (function(d){{var s=d.querySelectorAll('.share__button');\
         for(var i=0;i<s.length;i++){{s[i].addEventListener('click',function(e){{\
         e.preventDefault();window.open(this.href,'share','width=600,height=480');}});}}\
         var n=d.querySelector('.nav');if(n){{n.addEventListener('mouseover',function(e){{\
         var t=e.target.closest('.nav__item');if(t){{t.classList.add('is-open');}}}});}}}})(document);\
         </script>",
        rng.pick(text::SECTIONS),
        rng.range(0, 99),
        rng.range(1, 9)
    );
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// `Sun, 06 Nov 1994 08:49:37 GMT` (HTTP dates and RSS pubDate).
pub fn http_date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Reads an HTTP date written as [`http_date`] writes it.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut parts = s.split_ascii_whitespace().skip(1);
    let d: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let m = MONTHS.iter().position(|x| *x == month)? as u32 + 1;
    let y: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, se) = (hms.next()??, hms.next()??, hms.next()??);
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + se)
}

fn iso_date(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(86_400));
    let secs = t.rem_euclid(86_400);
    format!(
        "{y}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn human_date(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(86_400));
    let secs = t.rem_euclid(86_400);
    format!(
        "{d} {} {y}, {:02}:{:02} GMT",
        MONTHS[m as usize - 1],
        secs / 3600,
        secs / 60 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: Plan = Plan {
        seed: 1,
        feeds: 500,
        items: 40,
        newest: 1_793_520_000,
        new_every: 0,
        started: 0,
    };

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        for t in [0, 784_111_777, 1_793_520_000, 1_800_000_123] {
            assert_eq!(parse_http_date(&http_date(t)), Some(t));
        }
    }

    #[test]
    fn changing_feeds_gain_one_item_per_period() {
        let plan = Plan {
            new_every: 60,
            started: 1_800_000_000,
            items: 5,
            ..PLAN
        };
        let t = plan.started;
        let feed = 3;
        let start = plan.listed(feed, t);
        assert_eq!(start, vec![0, 1, 2, 3, 4]);
        // Evenly spaced, newest first, the newest no later than the start.
        let times: Vec<i64> = start
            .iter()
            .map(|&i| plan.story(feed, i).published)
            .collect();
        assert!(times[0] <= t && times[0] > t - 60);
        assert!(times.windows(2).all(|w| w[0] - w[1] == 60));
        // One period later: one new item on top, the oldest gone.
        let later = plan.listed(feed, t + 60);
        assert_eq!(later, vec![5, 0, 1, 2, 3]);
        assert_eq!(plan.story(feed, 5).published, times[0] + 60);
        assert!(plan.is_published(feed, 5, t + 60));
        assert!(!plan.is_published(feed, 6, t + 60));
        assert_eq!(plan.listed(feed, t + 600)[0], 14);
        assert_ne!(plan.validators(feed, t).0, plan.validators(feed, t + 60).0);
        assert!(plan.validators(feed, t + 60).1 > plan.validators(feed, t).1);
        // Feeds that do not change list the same items at any time.
        assert_eq!(PLAN.listed(feed, t + 600), (0..40).collect::<Vec<_>>());
        assert_eq!(PLAN.validators(feed, 0), PLAN.validators(feed, t));
    }

    #[test]
    fn pages_have_a_news_size() {
        for (feed, item) in [(0, 0), (17, 3), (499, 39), (250, 20)] {
            let len = PLAN.article(feed, item, "http://127.0.0.1:1").len();
            assert!(
                (20_000..=60_000).contains(&len),
                "{feed}/{item}: {len} bytes"
            );
        }
        assert_eq!(
            PLAN.article(3, 4, "http://o"),
            PLAN.article(3, 4, "http://o")
        );
    }
}
