#!/usr/bin/env python3
"""Generated news for the site benchmark: a config of three mastheads and
the rows of a few dozen sources and their stories, the same rows for
SQLite and for PostgreSQL.

    gen.py config FILE                   the mastheads' config (TOML)
    gen.py sqlite DB --now EPOCH ...     fills a migrated SQLite database
    gen.py tsv DIR --now EPOCH ...       writes COPY text files for psql
    (both also write --meta FILE: what run.sh measures; see `meta` below)

Rows are what the product would have stored: `Store::insert_stories` writes
a story's feed columns, its first coverage row and one `site_changes` row
per batch; `Store::record_articles` later adds the page's body, sanitized
HTML, lead image and dateline with its country (body_source 'page'), or an
extraction note. Each masthead routes the stories of its `regions`.
Some stories are carried by two or three sources (more coverage rows).
Every word list below is our own; the text is random and means nothing.
Only the standard library is used, and the rows depend on --seed and --now
alone, so both backends hold the same stories.
"""

import argparse
import json
import os
import random
import sqlite3
import sys
import time

# ---------------------------------------------------------------- the network

MASTHEADS = [
    {
        "id": "valley-post",
        "name": "Valley Post",
        "host": "valleypost.localhost",
        "timezone": "America/Denver",
        "sections": ["world", "business", "sports", "politics", "health", "technology"],
        "regions": ["US"],
        "tagline": "News from the high valleys",
    },
    {
        "id": "harbour-times",
        "name": "Harbour Times",
        "host": "harbourtimes.localhost",
        "timezone": "Indian/Mauritius",
        "sections": ["world", "business", "sports", "science", "ocean"],
        "regions": ["MU", "SC", "MG", "RE"],
        "tagline": "The islands' daily paper",
    },
    {
        "id": "northern-ledger",
        "name": "Northern Ledger",
        "host": "northernledger.localhost",
        "timezone": "Europe/Oslo",
        "sections": ["world", "business", "sports", "culture"],
        "regions": ["Northern Europe"],
        "tagline": "Fjords, firms and football",
    },
]
# Sections every masthead shows: the shared wires file under these.
SHARED_SECTIONS = ["world", "business", "sports"]
# The masthead, section and search words run.sh measures.
MEASURED_MASTHEAD = "valley-post"
MEASURED_SECTION = "business"
SEARCH_WORDS = ["water", "council"]

SOURCE_FIRST = ["Harbour", "Summit", "Meridian", "Coastal", "Prairie", "Fjord",
                "Savanna", "Delta", "Granite", "Lagoon", "Ridge", "Cedar",
                "Basin", "Tideline", "Highland", "Orchard", "Estuary", "Canyon"]
SOURCE_LAST = ["Wire", "Dispatch", "Bulletin", "Press", "Courier", "Report",
               "Herald", "Observer"]

# ---------------------------------------------------------------- word lists

NOUNS = [
    "council", "water", "market", "harbour", "school", "hospital", "budget",
    "election", "court", "bridge", "railway", "airport", "farm", "factory",
    "union", "ministry", "river", "coast", "forest", "border", "festival",
    "museum", "stadium", "league", "team", "coach", "season", "match",
    "price", "tax", "loan", "bank", "company", "startup", "port", "ship",
    "fishery", "reef", "storm", "drought", "flood", "harvest", "crop",
    "vaccine", "clinic", "nurse", "doctor", "teacher", "student", "road",
    "village", "district", "province", "region", "mayor", "minister",
    "senator", "judge", "police", "inquiry", "report", "survey", "plan",
    "strategy", "treaty", "agreement", "dispute", "strike", "wage", "pension",
    "housing", "rent", "energy", "grid", "pipeline", "turbine", "solar",
    "battery", "network", "software", "satellite", "laboratory", "research",
    "study", "library", "theatre", "film", "album", "novel", "exhibition",
    "tourism", "hotel", "ferry", "bus", "tram", "cycle", "park", "garden",
    "wildlife", "whale", "turtle", "glacier", "mountain", "valley", "island",
    "lake", "dam", "canal", "well", "reservoir", "tariff", "export", "import",
    "currency", "inflation", "investor", "shareholder", "board", "committee",
]
ADJECTIVES = [
    "new", "local", "regional", "national", "rural", "coastal", "northern",
    "southern", "eastern", "western", "early", "late", "major", "minor",
    "public", "private", "annual", "second", "third", "final", "long-awaited",
    "disputed", "record", "modest", "sharp", "steady", "sudden", "rare",
    "historic", "quiet", "busy", "small", "large", "fresh", "delayed",
    "extended", "revised", "temporary", "permanent", "joint", "independent",
]
VERBS_PAST = [
    "approved", "rejected", "delayed", "opened", "closed", "announced",
    "reviewed", "expanded", "reduced", "raised", "cut", "extended", "signed",
    "launched", "postponed", "questioned", "welcomed", "criticised",
    "funded", "rebuilt", "inspected", "restored", "replaced", "doubled",
]
VERBS_PRESENT = [
    "approves", "rejects", "delays", "opens", "closes", "announces",
    "reviews", "expands", "reduces", "raises", "cuts", "extends", "signs",
    "launches", "postpones", "questions", "welcomes", "weighs", "backs",
    "funds", "rebuilds", "plans", "eyes", "targets",
]
VERBS_BASE = [
    "approve", "reject", "delay", "open", "close", "review", "expand",
    "reduce", "raise", "extend", "sign", "launch", "postpone", "fund",
    "rebuild", "inspect", "restore", "replace", "double", "study",
]
PLACES = [
    ("Port Louis", "Mauritius", "MU"), ("Nairobi", "Kenya", "KE"),
    ("Mombasa", "Kenya", "KE"), ("Oslo", "Norway", "NO"),
    ("Bergen", "Norway", "NO"), ("Tromso", "Norway", "NO"),
    ("Denver", "United States", "US"), ("Boise", "United States", "US"),
    ("Pueblo", "United States", "US"), ("Lagos", "Nigeria", "NG"),
    ("Colombo", "Sri Lanka", "LK"), ("Hobart", "Australia", "AU"),
    ("Valparaiso", "Chile", "CL"), ("Durban", "South Africa", "ZA"),
    ("Kigali", "Rwanda", "RW"), ("Victoria", "Seychelles", "SC"),
    ("Antananarivo", "Madagascar", "MG"), ("Saint-Denis", "Reunion", "RE"),
    ("Reykjavik", "Iceland", "IS"), ("Windhoek", "Namibia", "NA"),
    ("Maputo", "Mozambique", "MZ"), ("Zanzibar", "Tanzania", "TZ"),
]
FIRST_NAMES = ["Amina", "Lars", "Grace", "Tomas", "Priya", "Kwame", "Ingrid",
               "Rafael", "Mei", "Jonas", "Fatima", "Oluwaseun", "Signe",
               "Daniel", "Leila", "Marco", "Ruth", "Anders", "Nadia", "Samuel"]
LAST_NAMES = ["Okafor", "Haugen", "Moreau", "Silva", "Naidoo", "Berg",
              "Mensah", "Larsen", "Ramgoolam", "Kimani", "Dahl", "Torres",
              "Osei", "Lindqvist", "Perera", "Wanjiru", "Nilsen", "Mwangi"]
ROLES = ["a spokesperson", "the director", "a senior official", "the chair",
         "an economist", "a local resident", "the head of research",
         "a union representative", "the project manager", "a board member"]
ORGS = ["the ministry", "the regional council", "the port authority",
        "the national bank", "the university", "the water board",
        "the chamber of commerce", "the health service", "the league",
        "the transport agency"]
TIMES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday",
         "on Friday", "over the weekend", "this week", "last month",
         "earlier this year", "by the end of the year", "next spring",
         "within weeks", "after months of talks", "for the first time"]
AGENCIES = ["HW", "MPS", "CPA", "Ridge Wire"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def cap(s):
    return s[:1].upper() + s[1:]


class Text:
    """Sentences, headlines and bodies from the word lists."""

    def __init__(self, rng):
        self.rng = rng
        self.sentences = [self.sentence() for _ in range(30000)]

    def np(self):
        r = self.rng
        if r.random() < 0.5:
            return f"the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        return f"the {r.choice(NOUNS)}"

    def person(self):
        r = self.rng
        return f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"

    def sentence(self):
        r = self.rng
        kind = r.randrange(7)
        if kind == 0:
            s = f"{cap(self.np())} {r.choice(VERBS_PAST)} {self.np()} {r.choice(TIMES)}."
        elif kind == 1:
            s = (f"Officials in {r.choice(PLACES)[0]} said {self.np()} would "
                 f"{r.choice(VERBS_BASE)} {self.np()} {r.choice(TIMES)}.")
        elif kind == 2:
            s = (f"\u201cWe expect {self.np()} to {r.choice(VERBS_BASE)} {self.np()},\u201d "
                 f"said {self.person()}, {r.choice(ROLES)} at {r.choice(ORGS)}.")
        elif kind == 3:
            s = (f"The price of {r.choice(NOUNS)} rose by {r.randint(2, 40)} per cent "
                 f"{r.choice(TIMES)}, while {self.np()} {r.choice(VERBS_PAST)} {self.np()}.")
        elif kind == 4:
            s = (f"According to {r.choice(ORGS)}, {r.randint(3, 900)} {r.choice(NOUNS)} "
                 f"projects in {r.choice(PLACES)[0]} were {r.choice(VERBS_PAST)} "
                 f"{r.choice(TIMES)}.")
        elif kind == 5:
            s = (f"{cap(self.np())} and {self.np()} are expected to "
                 f"{r.choice(VERBS_BASE)} {self.np()} before {self.np()} is {r.choice(VERBS_PAST)}.")
        else:
            s = (f"Critics of {self.np()} said {r.choice(ORGS)} had "
                 f"{r.choice(VERBS_PAST)} {self.np()} without asking {self.np()}.")
        return s

    def headline(self):
        r = self.rng
        while True:
            kind = r.randrange(4)
            if kind == 0:
                h = (f"{r.choice(PLACES)[0]} {r.choice(VERBS_PRESENT)} {r.choice(ADJECTIVES)} "
                     f"{r.choice(NOUNS)} {r.choice(NOUNS)} {r.choice(TIMES)}")
            elif kind == 1:
                h = (f"{cap(r.choice(NOUNS))} {r.choice(NOUNS)} {r.choice(VERBS_PRESENT)} "
                     f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)} as {r.choice(NOUNS)} "
                     f"{r.choice(VERBS_PRESENT)} {r.choice(NOUNS)}")
            elif kind == 2:
                h = (f"{cap(r.choice(ADJECTIVES))} {r.choice(NOUNS)} in {r.choice(PLACES)[0]}: "
                     f"{r.choice(NOUNS)} {r.choice(VERBS_PRESENT)} {r.choice(NOUNS)} plan")
            else:
                h = (f"{cap(r.choice(ORGS)[4:])} {r.choice(VERBS_PRESENT)} {r.choice(NOUNS)} "
                     f"{r.choice(NOUNS)}, {r.choice(VERBS_PRESENT)} {r.choice(ADJECTIVES)} "
                     f"{r.choice(NOUNS)}")
            # Tails until a length drawn from 50 to 90 characters.
            target = r.randint(50, 90)
            while len(h) < target:
                h += r.choice([f" in {r.choice(PLACES)[0]}", f" after {r.choice(NOUNS)} talks",
                               f" {r.choice(TIMES)}", f" as {r.choice(NOUNS)} {r.choice(VERBS_PRESENT)}"])
            if 50 <= len(h) <= 90:
                return h

    def standfirst(self):
        r = self.rng
        s = r.choice(self.sentences)
        while len(s) < 170:
            s += " " + r.choice(self.sentences)
        if len(s) > 230:
            s = s[:227].rsplit(" ", 1)[0].rstrip(",.;:") + "\u2026"
        return s

    def paragraphs(self):
        r = self.rng
        target = r.randint(2000, 6000)
        paras, size = [], 0
        while size < target:
            p = " ".join(r.choices(self.sentences, k=r.randint(2, 5)))
            paras.append(p)
            size += len(p) + 2
        return paras


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def headline_key(title):
    """HeadlineKey::of (crates/domain/src/headline.rs) for our text."""
    key, pending = [], False
    for ch in title:
        if ch.isalnum():
            if pending and key:
                key.append(" ")
            pending = False
            key.append(ch.lower())
        elif ch.isspace() or ch in "-\u2013\u2014/_:;,|":
            pending = True
    return "".join(key)


def slug(title):
    out, dash = [], False
    for ch in title.lower():
        if ch.isascii() and ch.isalnum():
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch)
        else:
            dash = True
    return "".join(out)[:60].strip("-")


# ---------------------------------------------------------------- the rows

SOURCE_COLS = ["id", "url", "name", "section", "created_at", "last_checked_at",
               "last_success_at", "last_error", "etag", "last_modified",
               "next_check_at", "check_interval", "failures"]
SOURCE_MASTHEAD_COLS = ["source_id", "masthead_id"]
STORY_COLS = ["id", "source_id", "guid", "link", "canonical_link", "title",
              "headline_key", "standfirst", "body", "author", "published_at",
              "ingested_at", "categories", "section", "page_retry_after",
              "body_source", "body_html", "lead_image", "dateline",
              "dateline_country", "extraction_note", "page_attempts"]
COVERAGE_COLS = ["source_id", "guid", "story_id", "link", "seen_at"]
SITE_CHANGE_COLS = ["id", "changed_at", "weight"]
TABLES = [("sources", SOURCE_COLS), ("source_mastheads", SOURCE_MASTHEAD_COLS),
          ("stories", STORY_COLS), ("coverage", COVERAGE_COLS),
          ("site_changes", SITE_CHANGE_COLS)]

DAYS = 60


class Network:
    def __init__(self, seed, now, n_stories, n_sources):
        self.rng = random.Random(seed)
        self.now = now
        self.n_stories = n_stories
        self.text = Text(random.Random(seed + 1))
        rng = self.rng
        names = [f"{a} {b}" for a in SOURCE_FIRST for b in SOURCE_LAST]
        rng.shuffle(names)
        shared = max(1, n_sources // 4)
        self.sources = []  # dicts
        for i in range(n_sources):
            sid = i + 1
            name = names[i % len(names)] + ("" if i < len(names) else f" {i}")
            host = slug(name) + ".example"
            if i < shared:
                mastheads = []  # every masthead
                sections = SHARED_SECTIONS
                weight = 3.0
            else:
                m = MASTHEADS[(i - shared) % len(MASTHEADS)]
                mastheads = [m["id"]]
                sections = m["sections"]
                weight = 1.0
            fixed = rng.choice(sections) if rng.random() < 0.3 else None
            self.sources.append({
                "id": sid, "name": name, "host": host, "mastheads": mastheads,
                "sections": [fixed] if fixed else sections, "section": fixed,
                "weight": weight,
                "url": f"https://{host}/feeds/{fixed or 'all'}.xml",
            })
        self.weights = [s["weight"] for s in self.sources]

    def source_rows(self):
        now = self.now
        for s in self.sources:
            checked = now - self.rng.randint(30, 900)
            yield ("sources", (
                s["id"], s["url"], s["name"], s["section"], now - (DAYS + 10) * 86400,
                checked, checked, None, f'"{self.rng.getrandbits(48):012x}"',
                "Mon, 01 Jan 2024 00:00:00 GMT", checked + 600, 600, 0))
            for m in s["mastheads"]:
                yield ("source_mastheads", (s["id"], m))

    def takes(self, masthead, source_id):
        """Whether the masthead takes the source's stories (it takes more
        by region, which the paths measured need not include)."""
        ms = self.sources[source_id - 1]["mastheads"]
        return not ms or masthead in ms

    def story_rows(self):
        """Stories in the order they were stored, their coverage, and one
        site_changes row per stored batch."""
        rng, text, now = self.rng, self.text, self.now
        start = now - DAYS * 86400
        # Ingestion times, oldest first: ids follow them as in the product.
        times = sorted(rng.randint(start, now - 300) for _ in range(self.n_stories))
        change_id = 0
        batch_left = 0
        for i, ingested in enumerate(times):
            sid = rng.choices(range(1, len(self.sources) + 1), self.weights)[0]
            src = self.sources[sid - 1]
            story_id = i + 1
            title = text.headline()
            published = ingested - rng.randint(0, 3 * 3600)
            section = rng.choice(src["sections"])
            categories = [section.capitalize()]
            if rng.random() < 0.3:
                categories.append(rng.choice(["Top stories", "Analysis", "Briefs", "Features"]))
            day = time.strftime("%Y/%m/%d", time.gmtime(published))
            path = f"/{day}/{slug(title)}-{story_id}"
            link = f"https://{src['host']}{path}"
            guid = f"{src['host']}:{story_id}"
            paras = text.paragraphs()
            place, country, code = rng.choice(PLACES)
            dateline = country_code = None
            if rng.random() < 0.3:
                country_code = code
                agency = rng.choice(AGENCIES)
                month, mday = rng.randrange(12), rng.randint(1, 28)
                dl_text = f"{place.upper()}, {MONTHS[month]} {mday} ({agency})"
                dateline = json.dumps({
                    "text": dl_text, "place": place, "region": None,
                    "country": country, "country_code": code, "agency": agency,
                    "date": f"{month + 1:02d}-{mday:02d}", "consistent": True,
                }, ensure_ascii=False)
                paras[0] = f"{dl_text} \u2014 {paras[0]}"
            body = "\n\n".join(paras)
            author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if rng.random() < 0.6 else None
            if rng.random() < 0.6:
                # The page's article was found: sanitized HTML, maybe a lead image.
                parts = []
                for k, p in enumerate(paras):
                    if k == 3 and len(paras) > 6:
                        parts.append(f"<h2>{html_escape(cap(rng.choice(NOUNS)))} and {html_escape(rng.choice(NOUNS))}</h2>")
                    if k == 1:
                        words = p.split(" ", 6)
                        if len(words) > 6:
                            p = (html_escape(" ".join(words[:3]))
                                 + f' <a href="https://{src["host"]}/topics/{rng.choice(NOUNS)}">'
                                 + html_escape(" ".join(words[3:6])) + "</a> " + html_escape(words[6]))
                            parts.append(f"<p>{p}</p>")
                            continue
                    parts.append(f"<p>{html_escape(p)}</p>")
                body_html = "\n".join(parts)
                lead_image = (f"https://img.{src['host']}/{story_id}/{rng.choice(NOUNS)}.jpg"
                              if rng.random() < 0.7 else None)
                body_source, note, retry = "page", None, None
            else:
                body_html, lead_image, body_source = "", None, "feed"
                note = rng.choice(["no article text found on the page", "HTTP 404",
                                   "the page is not HTML"])
                retry = None
            yield ("stories", (
                story_id, sid, guid, link, link, title, headline_key(title),
                text.standfirst(), body, author, published, ingested,
                json.dumps(categories), section, retry, body_source, body_html,
                lead_image, dateline, country_code, note, 1))
            yield ("coverage", (sid, guid, story_id, link, ingested))
            if rng.random() < 0.15:
                others = [s for s in self.sources if s["id"] != sid]
                for other in rng.sample(others, rng.randint(1, 2)):
                    olink = f"https://{other['host']}/wire/{story_id}-{slug(title)[:30]}"
                    seen = min(now - 60, ingested + rng.randint(60, 3600))
                    yield ("coverage", (other["id"], f"{other['host']}:{story_id}", story_id, olink, seen))
            if batch_left == 0:
                batch_left = rng.randint(5, 40)
            batch_left -= 1
            if batch_left == 0 or i == len(times) - 1:
                change_id += 1
                yield ("site_changes", (change_id, ingested, 1))

    def meta(self, n_paths):
        """What run.sh measures: one masthead, one of its sections, search
        words, and stories that masthead shows, picked at random."""
        pick = random.Random(self.rng.random())
        ids = list(range(1, self.n_stories + 1))
        pick.shuffle(ids)
        chosen = []
        for story_id in ids:
            if len(chosen) == n_paths:
                break
            if self.takes(MEASURED_MASTHEAD, self.story_source[story_id - 1]):
                chosen.append(story_id)
        return {"masthead": MEASURED_MASTHEAD, "section": MEASURED_SECTION,
                "search": SEARCH_WORDS, "stories": chosen}


def all_rows(net, sources=None):
    """The network's rows, table by table; `sources` replaces the rows of
    sources and their mastheads (bench/admin/gen.py gives them a health)."""
    net.story_source = []
    yield from (net.source_rows() if sources is None else sources)
    for table, row in net.story_rows():
        if table == "stories":
            net.story_source.append(row[1])
        yield table, row


# ---------------------------------------------------------------- writers

def write_sqlite(rows, tables, path):
    """Inserts `rows` ((table, values) pairs) of `tables` ((name, columns)
    pairs) in one transaction, then ANALYZE."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    sql = {t: f"INSERT INTO {t} ({', '.join(c)}) VALUES ({', '.join('?' * len(c))})"
           for t, c in tables}
    counts = {}
    for table, row in rows:
        db.execute(sql[table], row)
        counts[table] = counts.get(table, 0) + 1
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return counts


def tsv_field(v):
    if v is None:
        return "\\N"
    if isinstance(v, int):
        return str(v)
    return (v.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def write_tsv(rows, tables, folder):
    """COPY's text format, one file per table, and copy.sql to load them."""
    os.makedirs(folder, exist_ok=True)
    files = {t: open(os.path.join(folder, f"{t}.tsv"), "w", encoding="utf-8", newline="\n")
             for t, _ in tables}
    counts = {}
    for table, row in rows:
        files[table].write("\t".join(tsv_field(v) for v in row) + "\n")
        counts[table] = counts.get(table, 0) + 1
    for f in files.values():
        f.close()
    with open(os.path.join(folder, "copy.sql"), "w", encoding="utf-8") as f:
        f.write("\\set ON_ERROR_STOP on\nBEGIN;\n")
        for t, cols in tables:
            # psql reads the file relative to where it runs: run.sh cds here.
            f.write(f"\\copy {t} ({', '.join(cols)}) FROM '{t}.tsv'\n")
        # COPY writes the ids given; the identity sequences go on after them.
        for t in (t for t, cols in tables if cols[0] == "id"):
            f.write(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}));\n")
        f.write("COMMIT;\n")
    return counts


def write_config(path):
    lines = ["# The site benchmark's mastheads (written by bench/site/gen.py).", ""]
    for m in MASTHEADS:
        lines += [
            "[[masthead]]",
            f'id = "{m["id"]}"',
            f'name = "{m["name"]}"',
            f'host = "{m["host"]}"',
            f'timezone = "{m["timezone"]}"',
            f'tagline = "{m["tagline"]}"',
            "sections = [" + ", ".join(f'"{s}"' for s in m["sections"]) + "]",
            "regions = [" + ", ".join(f'"{r}"' for r in m["regions"]) + "]",
            "",
        ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["config", "sqlite", "tsv"])
    ap.add_argument("target")
    ap.add_argument("--now", type=int, help="epoch seconds the newest story is near")
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--sources", type=int, default=36)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--paths", type=int, default=200, help="stories picked for --meta")
    ap.add_argument("--meta", help="write what to measure here (JSON)")
    a = ap.parse_args()
    if a.mode == "config":
        write_config(a.target)
        return
    if a.now is None:
        ap.error("--now is required")
    net = Network(a.seed, a.now, a.stories, a.sources)
    write = write_sqlite if a.mode == "sqlite" else write_tsv
    counts = write(all_rows(net), TABLES, a.target)
    if a.meta:
        with open(a.meta, "w", encoding="utf-8") as f:
            json.dump(net.meta(a.paths), f)
    print(" ".join(f"{t}={n}" for t, n in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
