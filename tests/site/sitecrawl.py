"""What the site checks share: fetching a URL, and finding a page kind.

Standard library only. The demo serves two mastheads under /m/ID/; each
page kind is found the way a reader would reach it (a section from the
front page's navigation, a story from its headlines, the story's source
and day from the story page), so the checks follow the pages rather than
knowing the demo's data.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

MASTHEADS = ("kenya-star", "ocean-herald")


class Response:
    def __init__(self, url, status, content_type, body):
        self.url = url
        self.status = status
        self.content_type = content_type
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")


def fetch(url, timeout=10):
    """GETs `url`; any status is an answer, only a broken connection raises."""
    request = urllib.request.Request(url, headers={"User-Agent": "newsdesk-site-checks"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Response(url, response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        return Response(url, error.code, error.headers.get("Content-Type", ""), error.read())


class Links(HTMLParser):
    """Every <a href> (with its text) and <link rel=alternate> of a page."""

    def __init__(self):
        super().__init__()
        self.anchors = []
        self.alternates = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._open = [attrs["href"], ""]
            self.anchors.append(self._open)
        elif tag == "link" and attrs.get("rel") == "alternate" and attrs.get("href"):
            self.alternates.append((attrs.get("type", ""), attrs["href"]))

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def links(page):
    parser = Links()
    parser.feed(page.text)
    return parser


def first_href(page, pattern):
    """The first link of `page` whose path matches `pattern`, made absolute."""
    for href, _ in links(page).anchors:
        if re.search(pattern, urllib.parse.urlsplit(href).path):
            return urllib.parse.urljoin(page.url, href)
    return None


def word_from(text):
    """A word of `text` that search should find: the longest one, letters only."""
    words = re.findall(r"[A-Za-z]{5,}", text)
    return max(words, key=len) if words else None


class Crawl:
    """The page kinds of one masthead, found from its front page."""

    def __init__(self, base, masthead):
        self.base = base.rstrip("/")
        self.masthead = masthead
        self.home = f"{self.base}/m/{masthead}/"
        self.front = fetch(self.home)
        if self.front.status != 200:
            raise SystemExit(f"{self.home} answered {self.front.status}")
        self.section_url = first_href(self.front, r"/section/[^/]+$")
        self.story_url = first_href(self.front, r"/story/\d+/")
        # The "Local" section's page, on a masthead with regions (None
        # without).
        self.local_url = first_href(self.front, r"/local$")
        if not self.section_url or not self.story_url:
            raise SystemExit(f"{self.home} links to no section or no story")
        self.story = fetch(self.story_url)
        self.source_url = first_href(self.story, r"/source/\d+$")
        self.archive_url = first_href(self.story, r"/archive/\d{4}/\d{2}/\d{2}$")
        if not self.source_url or not self.archive_url:
            raise SystemExit(f"{self.story_url} links to no source or no day")
        headline = ""
        for href, text in links(self.front).anchors:
            if urllib.parse.urljoin(self.home, href) == self.story_url:
                headline = text
                break
        self.word = word_from(headline) or "news"
        self.search_url = f"{self.home}search?q={urllib.parse.quote(self.word)}"
        self.empty_search_url = f"{self.home}search?q="
        self.missing_url = f"{self.home}no-such-page"

    def search_is_there(self):
        """False while the search page is not in this build (its route answers 404)."""
        return fetch(self.search_url).status != 404
