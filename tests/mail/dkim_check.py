"""Checks delivered messages the way a receiving mail server would: the
DKIM signature verified by dkimpy, and the message read by Python's own
email parser.

    python dkim_check.py --key NAME=FILE [--key NAME=FILE ...] MESSAGE.eml ...

Each --key gives the TXT record a receiver would find in DNS at NAME
(such as desk2026._domainkey.kenyastar.example), read from FILE. The
verifier is handed those records through dkimpy's dnsfunc hook: nothing
is looked up, no network is used, and a name without a --key has no
record.

Prints one JSON object a line, one per message, in the order given:
  file      the message's path;
  verified  whether its DKIM signature holds;
  signature the DKIM-Signature header's tags (d, s, a, c, h), or null;
  problem   why dkimpy could not verify it, or null;
  defects   every defect the email package (policy default) found.
Exits 0 whatever it finds: the test decides what the findings mean.
"""

import argparse
import email
import email.policy
import json

import dkim


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", action="append", default=[])
    parser.add_argument("messages", nargs="+")
    args = parser.parse_args()
    records = {}
    for given in args.key:
        name, path = given.split("=", 1)
        with open(path, "rb") as record:
            records[name.lower().rstrip(".")] = record.read().strip()

    def txt_record(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        return records.get(name.lower().rstrip("."))

    for path in args.messages:
        with open(path, "rb") as source:
            raw = source.read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [repr(d) for d in message.defects]
        for part in message.walk():
            if part is not message:
                defects += [repr(d) for d in part.defects]
        header = message["DKIM-Signature"]
        signature = None
        if header is not None:
            tags = {}
            for pair in str(header).split(";"):
                if "=" in pair:
                    tag, value = pair.split("=", 1)
                    tags[tag.strip()] = "".join(value.split())
            signature = {k: tags.get(k) for k in ("d", "s", "a", "c", "h")}
        problem = None
        try:
            verified = bool(dkim.verify(raw, dnsfunc=txt_record))
        except dkim.DKIMException as error:
            verified, problem = False, str(error)
        print(json.dumps({
            "file": path,
            "verified": verified,
            "problem": problem,
            "signature": signature,
            "defects": defects,
        }), flush=True)


if __name__ == "__main__":
    main()
