#!/usr/bin/env python3
"""Generated newsroom for the admin benchmark: bench/site/gen.py's
mastheads, sources and stories, and what the newsroom's admin reads besides:
news releases in every state, the people who sign in, the daily email's
readers, the audit log, and sources in every state of health.

    gen.py sqlite DB --now EPOCH ...     fills a migrated SQLite database
    gen.py tsv DIR --now EPOCH ...       writes COPY text files for psql
    (the config of the mastheads is bench/site/gen.py's: `gen.py config`)

Rows are what the product would have stored (see the comments of
migrations 0008, 0012 and 0013 for what each column means). Nothing in
them is due: every source is next checked two days after --now, no email
is waiting to be sent, every approved release goes out after --now, and
the daily email of every masthead is done for the days around --now, so
that `newsdesk serve` started on this database fetches and sends nothing
while it is measured. Every word list is our own (here and in
bench/site/gen.py); the text is random and means nothing. Only the standard
library is used, and the rows depend on --seed and --now alone, so both
backends hold the same newsroom.
"""

import argparse
import base64
import datetime
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "site"))
import gen as site  # noqa: E402  (bench/site/gen.py)

DAY = 86400

# ------------------------------------------------------------ word lists

ORG_KINDS = ["Rowing Club", "Arts Trust", "Growers' Cooperative", "Chamber Choir",
             "Harbour Board", "Youth League", "Heritage Society", "Water Users' Group",
             "Credit Union", "Sailing School", "Hospice", "Football Club",
             "Beekeepers' Association", "Film Society", "Technical College",
             "Ferry Company", "Market Traders", "Netball Association"]
REJECT_REASONS = [
    "This reads as an advertisement; please send news, not offers.",
    "The event took place more than a month ago.",
    "We could not reach the contact to check the details.",
    "Please send it again with the date and place of the event.",
    "This repeats a release we published last week.",
    "The text is mostly in capital letters; please send it in sentence case.",
]
MARKDOWN_EXTRAS = [
    "**Tickets** are free for members.",
    "More at [our site](https://www.{host}/news).",
    "- Doors open at six\n- Bring a plate to share\n- Parking behind the hall",
    "_Photographs may be used with credit._",
]
FLAGS = ["capitals", "links", "spam-phrase", "near-copy"]
# (status, share of releases); "approved" go out after --now.
STATES = [("unconfirmed", 0.05), ("pending", 0.15), ("approved", 0.03),
          ("rejected", 0.22), ("published", 0.55)]


def phc_lookalike(rng):
    """A string in Argon2id's PHC form over random bytes: a generated
    person has a password, which nobody knows."""
    def b64(n):
        return base64.b64encode(rng.randbytes(n)).decode().rstrip("=")
    return f"$argon2id$v=19$m=19456,t=2,p=1${b64(16)}${b64(32)}"


class Newsroom:
    """The admin's rows, around bench/site/gen.py's network."""

    def __init__(self, net, seed, releases, users, readers, audit):
        self.net = net
        self.rng = random.Random(seed + 7)
        self.n_releases = releases
        self.n_users = users
        self.n_readers = readers
        self.n_audit = audit
        self.now = net.now
        self.text = net.text

    # -------------------------------------------------------- sources
    def sources(self):
        """The site's source rows with their health: most healthy, some
        failing for a while, a few paused or gone; none due."""
        rng, now = self.rng, self.now
        for table, row in self.net.source_rows():
            if table != "sources":
                yield table, row
                continue
            row = list(row)
            health = rng.random()
            error, failures, paused, gone = None, 0, None, None
            if health < 0.12:
                failures = rng.randint(1, 9)
                error = rng.choice(["HTTP 503 Service Unavailable", "timed out after 30 s",
                                    "the feed is not well-formed XML", "connection refused"])
            elif health < 0.18:
                paused = now - rng.randint(1, 30) * DAY
            elif health < 0.20:
                gone = now - rng.randint(1, 10) * DAY
                error, failures = "HTTP 410 Gone", 1
            cols = site.SOURCE_COLS
            row[cols.index("last_error")] = error
            row[cols.index("failures")] = failures
            if failures:
                row[cols.index("last_success_at")] -= failures * 3600
            row[cols.index("next_check_at")] = now + 2 * DAY + rng.randint(0, 3600)
            yield "sources", tuple(row) + (paused, gone)

    # -------------------------------------------------------- people
    def people(self):
        rng, now = self.rng, self.now
        self.users = []
        for i in range(self.n_users):
            uid = i + 1
            first, last = rng.choice(site.FIRST_NAMES), rng.choice(site.LAST_NAMES)
            email = f"{first}.{last}.{uid}@newsroom.example".lower()
            role = "admin" if i % 8 == 0 else "editor"
            created = now - rng.randint(30, 700) * DAY
            invited = i % 9 == 5
            disabled = now - rng.randint(1, 20) * DAY if i % 11 == 7 else None
            self.users.append((uid, email, role, disabled is None and not invited))
            yield "users", (uid, email, None if invited else phc_lookalike(rng), role, created,
                            disabled)
            if invited:
                token = rng.randbytes(32).hex()
                yield "user_invites", (token, uid, now - 2 * DAY, now + DAY, None)

    def readers(self):
        rng, now = self.rng, self.now
        for i in range(self.n_readers):
            m = site.MASTHEADS[i % len(site.MASTHEADS)]
            first, last = rng.choice(site.FIRST_NAMES), rng.choice(site.LAST_NAMES)
            email = f"{first}.{last}.{i}@readers.example".lower()
            r = rng.random()
            status = "confirmed" if r < 0.8 else ("pending" if r < 0.9 else "unsubscribed")
            sections = ""
            if rng.random() < 0.4:
                sections = ",".join(rng.sample(m["sections"], rng.randint(1, 3)))
            created = now - rng.randint(1, 400) * DAY
            confirmed = created + rng.randint(60, 3 * DAY) if status != "pending" else None
            bounces = rng.choice([0] * 30 + [1, 2, 3])
            yield "subscribers", (i + 1, m["id"], email, sections, status, created, confirmed,
                                  bounces, created if status == "pending" else None, None, 1)

    def digest_days(self):
        """Every masthead's daily email done for the 60 days before --now
        and the day after (in any zone), as a run leaves it."""
        today = datetime.datetime.fromtimestamp(self.now, datetime.timezone.utc).date()
        for m in site.MASTHEADS:
            for back in range(-1, 61):
                day = today - datetime.timedelta(days=back)
                at = self.now - back * DAY
                yield "digest_runs", (m["id"], day.isoformat(), None, None, at, at + 5, at + 600)

    # -------------------------------------------------------- releases
    def releases(self):
        rng, text, now = self.rng, self.text, self.now
        start = now - 120 * DAY
        times = sorted(rng.randint(start, now - 600) for _ in range(self.n_releases))
        states = [s for s, _ in STATES]
        weights = [w for _, w in STATES]
        self.release_states = {}
        for i, submitted in enumerate(times):
            rid = i + 1
            status = rng.choices(states, weights)[0]
            place, _, _ = rng.choice(site.PLACES)
            org = f"{place} {rng.choice(ORG_KINDS)}"
            host = site.slug(org) + ".example"
            first, last = rng.choice(site.FIRST_NAMES), rng.choice(site.LAST_NAMES)
            paras = text.paragraphs()[:rng.randint(2, 6)]
            if rng.random() < 0.5:
                paras.insert(rng.randint(1, len(paras)), rng.choice(MARKDOWN_EXTRAS).format(host=host))
            flags = []
            if rng.random() < 0.12:
                flags = sorted(rng.sample(FLAGS[:3], rng.randint(1, 2)))
            near = None
            if rid > 50 and rng.random() < 0.04:
                flags.append("near-copy")
                near = rid - rng.randint(1, 50)
            confirmed = decided = publish_at = published = reason = placed = None
            notice = None
            if status != "unconfirmed":
                confirmed = submitted + rng.randint(30, 3600)
            else:
                notice = "confirm"
            if status in ("approved", "rejected", "published"):
                decided = min(now - 60, confirmed + rng.randint(600, 2 * DAY))
            if status == "approved":
                publish_at = now + rng.randint(1, 10) * DAY
            elif status == "published":
                publish_at = decided + rng.choice([0, 0, 0, rng.randint(3600, DAY)])
                publish_at = min(publish_at, now - 60)
                published = publish_at
            elif status == "rejected":
                reason = rng.choice(REJECT_REASONS)
                notice = "rejected"
            mastheads = rng.sample(site.MASTHEADS, rng.choice([1, 1, 1, 2, 3]))
            if status == "published" and rng.random() < 0.3:
                placed = rng.choice(mastheads[0]["sections"])
            self.release_states[rid] = status
            yield "releases", (
                rid, org, f"{first} {last}", f"{first}.{last}@{host}".lower(),
                f"+230 5{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                rng.choice(["business", "community", "sports", "personnel-appointment",
                            "event", "other"]),
                text.headline(), text.standfirst(), "\n\n".join(paras), status,
                ",".join(flags), near, "", f"198.51.100.{rng.randint(1, 254)}",
                submitted, confirmed, decided, publish_at, published, reason, placed,
                notice, None, 1 if notice else 0)
            for m in mastheads:
                yield "release_mastheads", (rid, m["id"])

    # -------------------------------------------------------- audit log
    def audit(self):
        """Editors' and admins' actions over 120 days, in time order."""
        rng, now = self.rng, self.now
        actors = [u for u in self.users if u[3]]
        n_sources = len(self.net.sources)
        kinds = [("release.approve", 30), ("release.reject", 14), ("release.edit", 12),
                 ("release.place", 8), ("source.pause", 4), ("source.resume", 4),
                 ("source.fetch_now", 10), ("source.add", 2), ("subscriber.remove", 3),
                 ("user.invite", 1), ("user.role", 1), ("user.disable", 1)]
        names = [k for k, _ in kinds]
        weights = [w for _, w in kinds]
        times = sorted(rng.randint(now - 120 * DAY, now - 60) for _ in range(self.n_audit))
        for i, at in enumerate(times):
            uid, email, role, _ = rng.choice(actors)
            kind = rng.choices(names, weights)[0]
            before = after = None
            area = kind.split(".")[0]
            if area == "release":
                subject = f"release {rng.randint(1, max(1, self.n_releases))}"
                if kind == "release.approve":
                    before, after = {"status": "pending", "publish_at": None}, {"status": "approved"}
                elif kind == "release.reject":
                    before = {"status": "pending"}
                    after = {"status": "rejected", "reason": rng.choice(REJECT_REASONS)}
                elif kind == "release.edit":
                    before, after = {"headline": self.text.headline()}, {"headline": self.text.headline()}
                else:
                    before, after = {"section": None}, {"section": rng.choice(site.SHARED_SECTIONS)}
            elif area == "source":
                subject = f"source {rng.randint(1, n_sources)}"
                if kind in ("source.pause", "source.resume"):
                    paused = kind == "source.pause"
                    before, after = {"paused": not paused}, {"paused": paused}
                elif kind == "source.add":
                    after = {"url": f"https://feeds{i}.example/rss.xml"}
            elif area == "subscriber":
                subject = f"reader {rng.randint(1, max(1, self.n_readers))}"
                before = {"email": f"gone.{i}@readers.example"}
            else:
                other = rng.choice(self.users)
                subject = f"user {other[0]}"
                if kind == "user.role":
                    before, after = {"role": "editor"}, {"role": "admin"}
                elif kind == "user.disable":
                    before, after = {"disabled": False}, {"disabled": True}
                else:
                    after = {"email": other[1], "role": other[2]}
            yield "audit_log", (i + 1, at, uid, email, kind, subject,
                                json.dumps(before) if before is not None else None,
                                json.dumps(after) if after is not None else None)


SOURCE_COLS = site.SOURCE_COLS + ["paused_at", "gone_at"]
TABLES = [
    ("sources", SOURCE_COLS),
    ("source_mastheads", site.SOURCE_MASTHEAD_COLS),
    ("stories", site.STORY_COLS),
    ("coverage", site.COVERAGE_COLS),
    ("site_changes", site.SITE_CHANGE_COLS),
    ("users", ["id", "email", "password_hash", "role", "created_at", "disabled_at"]),
    ("user_invites", ["token_hash", "user_id", "created_at", "expires_at", "used_at"]),
    ("subscribers", ["id", "masthead_id", "email", "sections", "status", "created_at",
                     "confirmed_at", "bounces", "confirm_requested_at", "confirm_due_at",
                     "confirm_attempts"]),
    ("digest_runs", ["masthead_id", "local_day", "lease_owner", "lease_until", "started_at",
                     "queued_at", "finished_at"]),
    ("releases", ["id", "organisation", "contact_name", "email", "phone", "category",
                  "headline", "standfirst", "body", "status", "flags", "near_copy_of",
                  "fingerprint", "client", "submitted_at", "confirmed_at", "decided_at",
                  "publish_at", "published_at", "reason", "placed_section", "notice",
                  "notice_due_at", "notice_attempts"]),
    ("release_mastheads", ["release_id", "masthead_id"]),
    ("audit_log", ["id", "at", "user_id", "actor", "kind", "subject", "before_json",
                   "after_json"]),
]


def all_rows(room):
    yield from site.all_rows(room.net, room.sources())
    yield from room.people()
    yield from room.readers()
    yield from room.digest_days()
    yield from room.releases()
    yield from room.audit()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["sqlite", "tsv"])
    ap.add_argument("target")
    ap.add_argument("--now", type=int, required=True, help="epoch seconds the newsroom is at")
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--sources", type=int, default=36)
    ap.add_argument("--releases", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=40)
    ap.add_argument("--readers", type=int, default=20_000)
    ap.add_argument("--audit", type=int, default=30_000)
    ap.add_argument("--seed", type=int, default=20261128)
    a = ap.parse_args()
    net = site.Network(a.seed, a.now, a.stories, a.sources)
    room = Newsroom(net, a.seed, a.releases, a.users, a.readers, a.audit)
    write = site.write_sqlite if a.mode == "sqlite" else site.write_tsv
    counts = write(all_rows(room), TABLES, a.target)
    print(" ".join(f"{t}={n}" for t, n in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
