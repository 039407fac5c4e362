"""Every feed and sitemap of both mastheads, read as a feed reader and a crawler would.

Feeds: the RSS, Atom and JSON Feed of each masthead and of each of its
sections (the ones its navigation lists, and any a page announces with
<link rel="alternate">). RSS and Atom go through feedparser, which must not
flag the document (bozo) and must find at least one entry with a title and
a link.

JSON Feed: the released feedparser (6.0.x) cannot read JSON Feed, and PyPI
has no pre-release that can, so the JSON Feeds are held here to the JSON
Feed 1.1 rules themselves: the version URL, a title, absolute URLs, items
with a unique string id and content, RFC 3339 dates, authors with a name, url
or avatar, tags as strings, attachments with a url and a MIME type.

Sitemaps: the sitemap index, the pages, news and story sitemaps and
robots.txt's Sitemap lines, parsed as XML; every <loc> must answer 200.
Entries of the news sitemap must carry a publication, a date and a title
(it may be empty: it lists the last two days' stories only).

Usage: check_feeds.py --base http://127.0.0.1:PORT
"""

import argparse
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import datetime

from sitecrawl import MASTHEADS, fetch, links

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


class Report:
    def __init__(self):
        self.failures = 0

    def ok(self, what, detail=""):
        print(f"ok   {what}{'  ' + detail if detail else ''}")

    def fail(self, what, problems):
        self.failures += 1
        print(f"FAIL {what}")
        for problem in problems:
            print(f"       {problem}")


def kind_of(url):
    path = urllib.parse.urlsplit(url).path
    if path.endswith("/feed.xml"):
        return "rss"
    if path.endswith("/atom.xml"):
        return "atom"
    if path.endswith("/feed.json"):
        return "json"
    return None


def feed_urls(base):
    """Every feed of every masthead: masthead level, section level (the
    "Local" section's included), announced."""
    urls = []

    def add(url):
        if url not in urls:
            urls.append(url)

    for masthead in MASTHEADS:
        home = f"{base}/m/{masthead}/"
        front = fetch(home)
        pages = [front]
        for name in ("feed.xml", "atom.xml", "feed.json"):
            add(home + name)
        for href, _ in links(front).anchors:
            url = urllib.parse.urljoin(home, href)
            # A section's page, or the "Local" section's (routing by region).
            if re.search(r"/(section/[^/]+|local)$", urllib.parse.urlsplit(url).path):
                for name in ("feed.xml", "atom.xml", "feed.json"):
                    add(f"{url}/{name}")
                if url not in [p.url for p in pages]:
                    pages.append(fetch(url))
        for page in pages:
            for _, href in links(page).alternates:
                add(urllib.parse.urljoin(page.url, href))
    return urls


def check_xml_feed(url, response, feedparser):
    problems = []
    parsed = feedparser.parse(response.body, response_headers={"content-type": response.content_type})
    if parsed.bozo:
        problems.append(f"feedparser flags it: {parsed.bozo_exception!r}")
    if not parsed.entries:
        problems.append("no entries")
    elif not any(entry.get("title") and entry.get("link") for entry in parsed.entries):
        problems.append("no entry has both a title and a link")
    return problems, f"{parsed.version}, {len(parsed.entries)} entries"


def rfc3339(value):
    if not isinstance(value, str) or not RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def absolute_url(value):
    if not isinstance(value, str):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_authors(where, authors, problems):
    if not isinstance(authors, list):
        problems.append(f"{where}authors is not an array")
        return
    for author in authors:
        if not isinstance(author, dict) or not any(
            isinstance(author.get(key), str) and author.get(key) for key in ("name", "url", "avatar")
        ):
            problems.append(f"{where}an author has no name, url or avatar: {author!r}")


def check_json_feed(url, response):
    """The JSON Feed 1.1 rules (https://jsonfeed.org/version/1.1)."""
    problems = []
    try:
        feed = json.loads(response.body)
    except ValueError as error:
        return [f"not JSON: {error}"], ""
    if not isinstance(feed, dict):
        return ["the document is not an object"], ""
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version is {feed.get('version')!r}, not {JSON_FEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"].strip():
        problems.append("no title")
    for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
        if key in feed and not absolute_url(feed[key]):
            problems.append(f"{key} is not an absolute URL: {feed[key]!r}")
    if "language" in feed and not isinstance(feed["language"], str):
        problems.append("language is not a string")
    if "authors" in feed:
        check_authors("", feed["authors"], problems)
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["items is not an array"], ""
    ids = set()
    for n, item in enumerate(items):
        where = f"items[{n}]: "
        if not isinstance(item, dict):
            problems.append(f"{where}not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}id is not a non-empty string: {item.get('id')!r}")
        elif item["id"] in ids:
            problems.append(f"{where}id {item['id']!r} is used twice")
        else:
            ids.add(item["id"])
        if not any(isinstance(item.get(key), str) for key in ("content_html", "content_text")):
            problems.append(f"{where}neither content_html nor content_text")
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item and not absolute_url(item[key]):
                problems.append(f"{where}{key} is not an absolute URL: {item[key]!r}")
        for key in ("title", "summary", "language"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"{where}{key} is not a string")
        for key in ("date_published", "date_modified"):
            if key in item and not rfc3339(item[key]):
                problems.append(f"{where}{key} is not an RFC 3339 date: {item[key]!r}")
        if "authors" in item:
            check_authors(where, item["authors"], problems)
        if "tags" in item and not (isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])):
            problems.append(f"{where}tags is not an array of strings")
        for attachment in item.get("attachments", []):
            if not absolute_url(attachment.get("url")) or not isinstance(attachment.get("mime_type"), str):
                problems.append(f"{where}an attachment lacks url or mime_type")
    if not items:
        problems.append("no items")
    elif not any(item.get("title") and item.get("url") for item in items if isinstance(item, dict)):
        problems.append("no item has both a title and a url")
    return problems, f"JSON Feed 1.1, {len(items)} items"


def check_feeds(base, report):
    try:
        import feedparser
    except ImportError:
        report.fail("feeds", ["feedparser is not installed (pip install feedparser)"])
        return
    urls = feed_urls(base)
    for url in urls:
        kind = kind_of(url)
        response = fetch(url)
        what = urllib.parse.urlsplit(url).path
        if response.status != 200:
            report.fail(what, [f"answered {response.status}"])
            continue
        problems = []
        if kind is None:
            problems.append("announced, but not a feed address this check knows")
        elif not response.content_type.startswith(CONTENT_TYPES[kind]):
            problems.append(f"Content-Type is {response.content_type!r}, not {CONTENT_TYPES[kind]}")
        if kind == "json":
            found, summary = check_json_feed(url, response)
        else:
            found, summary = check_xml_feed(url, response, feedparser)
        problems += found
        if problems:
            report.fail(what, problems)
        else:
            report.ok(what, summary)


def parse_xml(url, report):
    response = fetch(url)
    what = urllib.parse.urlsplit(url).path
    if response.status != 200:
        report.fail(what, [f"answered {response.status}"])
        return None
    try:
        return ET.fromstring(response.body)
    except ET.ParseError as error:
        report.fail(what, [f"not well-formed XML: {error}"])
        return None


def check_sitemaps(base, report):
    robots = fetch(f"{base}/robots.txt")
    listed = []
    if robots.status != 200:
        report.fail("/robots.txt", [f"answered {robots.status}"])
    else:
        listed = [
            line.split(":", 1)[1].strip()
            for line in robots.text.splitlines()
            if line.lower().startswith("sitemap:")
        ]
        missing = [m for m in MASTHEADS if f"{base}/m/{m}/sitemap.xml" not in listed]
        if missing:
            report.fail("/robots.txt", [f"no Sitemap line for {', '.join(missing)}"])
        else:
            report.ok("/robots.txt", f"{len(listed)} sitemaps")

    checked_locs = set()
    for masthead in MASTHEADS:
        home = f"{base}/m/{masthead}/"
        index_url = home + "sitemap.xml"
        sitemaps = [home + "sitemaps/pages.xml", home + "sitemaps/news.xml", home + "sitemaps/stories-1.xml"]
        index = parse_xml(index_url, report)
        if index is not None:
            problems = []
            if index.tag != f"{SITEMAP_NS}sitemapindex":
                problems.append(f"root is {index.tag}, not sitemapindex")
            for loc in index.iter(f"{SITEMAP_NS}loc"):
                url = (loc.text or "").strip()
                if not url.startswith(home):
                    problems.append(f"<loc> {url!r} is not on this masthead")
                elif url not in sitemaps:
                    sitemaps.append(url)
            for expected in sitemaps[:3]:
                if expected not in [(loc.text or "").strip() for loc in index.iter(f"{SITEMAP_NS}loc")]:
                    problems.append(f"does not list {expected}")
            if problems:
                report.fail(urllib.parse.urlsplit(index_url).path, problems)
            else:
                report.ok(urllib.parse.urlsplit(index_url).path, f"{len(sitemaps)} sitemaps")

        for url in sitemaps:
            what = urllib.parse.urlsplit(url).path
            root = parse_xml(url, report)
            if root is None:
                continue
            problems = []
            if root.tag != f"{SITEMAP_NS}urlset":
                problems.append(f"root is {root.tag}, not urlset")
            entries = root.findall(f"{SITEMAP_NS}url")
            locs = []
            for entry in entries:
                loc = (entry.findtext(f"{SITEMAP_NS}loc") or "").strip()
                if not loc:
                    problems.append("a <url> has no <loc>")
                    continue
                locs.append(loc)
                news = entry.find(f"{NEWS_NS}news")
                if what.endswith("/news.xml"):
                    if news is None:
                        problems.append(f"{loc}: no <news:news>")
                    else:
                        for child in ("publication/name", "publication/language", "publication_date", "title"):
                            path = "/".join(NEWS_NS + step for step in child.split("/"))
                            if not (news.findtext(path) or "").strip():
                                problems.append(f"{loc}: no <news:{child}>")
                        date = news.findtext(f"{NEWS_NS}publication_date") or ""
                        if date and not rfc3339(date) and not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
                            problems.append(f"{loc}: publication_date {date!r} is not a W3C date")
            if not what.endswith("/news.xml") and not locs:
                problems.append("lists no page")
            for loc in locs:
                if loc in checked_locs:
                    continue
                checked_locs.add(loc)
                status = fetch(loc).status
                if status != 200:
                    problems.append(f"{loc} answered {status}")
            if problems:
                report.fail(what, problems)
            elif not locs:
                report.ok(what, "no URLs (only the last two days' stories go here)")
            else:
                report.ok(what, f"{len(locs)} URLs, each answered 200")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    report = Report()
    check_feeds(base, report)
    check_sitemaps(base, report)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
