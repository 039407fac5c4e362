#!/usr/bin/env python3
"""Helpers for bench/extract/run.sh (standard library only).

    report.py newsdesk-preds RAW.jsonl OUT.jsonl
        Turn `newsdesk extract --jsonl` output (one object per page with
        "file" and "text", among others) into the scorer's lines
        {"id": <html file stem>, "text": ...}. Prints the page count.

    report.py table RUN_DIR --pages N --baseline KEY KEY...
        Print the Markdown results table from the files run.sh leaves in
        RUN_DIR for each tool KEY (KEY.label, KEY.status, KEY.version,
        KEY.walls, KEY.rss, KEY.rc, KEY.score.json, KEY.stderr and, for the
        Python peers, KEY.pred.meta.json).
"""
import argparse
import json
import os
import re
import statistics
import sys


def read(run, key, suffix, default=""):
    p = os.path.join(run, f"{key}.{suffix}")
    if not os.path.exists(p):
        return default
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read().strip()


def numbers(text):
    out = []
    for tok in text.split():
        try:
            out.append(float(tok))
        except ValueError:
            pass
    return out


def newsdesk_preds(raw, out):
    n = bad = 0
    with open(raw, encoding="utf-8", errors="replace") as src, \
            open(out, "w", encoding="utf-8") as dst:
        for line in src:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if not isinstance(obj, dict) or not obj.get("file"):
                bad += 1
                continue
            stem = os.path.basename(str(obj["file"]))
            stem = re.sub(r"\.html?$", "", stem)
            text = obj.get("text") or ""
            dst.write(json.dumps({"id": stem, "text": text}, ensure_ascii=False) + "\n")
            n += 1
    if bad:
        print(f"newsdesk-preds: {bad} lines were not page objects with a \"file\"",
              file=sys.stderr)
    print(n)


def fmt_rate(x):
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def fmt_mb(kb):
    mb = kb / 1024.0
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"


def row_for(run, key, pages):
    label = read(run, key, "label", key)
    version = read(run, key, "version", "") or "-"
    status = read(run, key, "status", "failed: not run")
    if not status.startswith("ok"):
        reason = status[len("failed:"):].strip() if status.startswith("failed") else status
        return {"label": label, "version": version, "failed": reason}
    score = {}
    sp = os.path.join(run, f"{key}.score.json")
    if os.path.exists(sp):
        with open(sp, encoding="utf-8") as f:
            score = json.load(f)
    walls = numbers(read(run, key, "walls"))
    rss = numbers(read(run, key, "rss"))
    wall = statistics.median(walls) if walls else None
    notes = []
    if len(walls) > 1:
        notes.append(f"median of {len(walls)} runs")
    rc = read(run, key, "rc", "0")
    if rc not in ("", "0"):
        notes.append(f"exit {rc}")
    meta_p = os.path.join(run, f"{key}.pred.meta.json")
    if os.path.exists(meta_p):
        with open(meta_p, encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("wall_s"):
            notes.append(f"loop only {fmt_rate(meta.get('pages', pages) / meta['wall_s'])} pages/s")
        for k in ("errors", "timeouts"):
            if meta.get(k):
                notes.append(f"{k}: {meta[k]}")
    for line in read(run, key, "stderr").splitlines():
        if line.startswith("summary:"):
            for k, v in re.findall(r"(panics|errors)=(\d+)", line):
                if int(v):
                    notes.append(f"{k}: {v}")
    if score.get("empty_predictions"):
        notes.append(f"empty: {score['empty_predictions']}")
    if score.get("missing_predictions"):
        notes.append(f"missing: {score['missing_predictions']}")
    return {
        "label": label, "version": version,
        "f1": score.get("f1"), "p": score.get("precision"), "r": score.get("recall"),
        "rate": pages / wall if wall else None,
        "rss_kb": max(rss) if rss else None,
        "notes": ", ".join(notes),
    }


def table(run, keys, pages, baseline):
    rows = {k: row_for(run, k, pages) for k in keys}
    base = rows.get(baseline, {}).get("rate")
    out = ["| tool | version | F1 | precision | recall | pages/s | pages/s vs trafilatura"
           " | peak RSS (MB) | notes |",
           "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for k in keys:
        r = rows[k]
        if "failed" in r:
            reason = r["failed"].replace("|", "/")
            out.append(f"| {r['label']} | {r['version']} | failed | - | - | - | - | - "
                       f"| failed: {reason} |")
            continue

        def num(v, spec=".3f"):
            return "-" if v is None else format(v, spec)
        rate = r["rate"]
        ratio = f"{rate / base:.2f}x" if rate and base else "-"
        out.append(
            f"| {r['label']} | {r['version']} | {num(r['f1'])} | {num(r['p'])} | {num(r['r'])} "
            f"| {fmt_rate(rate) if rate else '-'} | {ratio} "
            f"| {fmt_mb(r['rss_kb']) if r['rss_kb'] else '-'} | {r['notes']} |")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("newsdesk-preds")
    a.add_argument("raw")
    a.add_argument("out")
    t = sub.add_parser("table")
    t.add_argument("run")
    t.add_argument("keys", nargs="+")
    t.add_argument("--pages", type=int, required=True)
    t.add_argument("--baseline", default="trafilatura")
    args = ap.parse_args()
    if args.cmd == "newsdesk-preds":
        newsdesk_preds(args.raw, args.out)
    else:
        table(args.run, args.keys, args.pages, args.baseline)


if __name__ == "__main__":
    main()
