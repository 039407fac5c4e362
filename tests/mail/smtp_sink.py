"""An SMTP server for the mail tests: it keeps what it receives and says
how Python's own email parser reads it.

    python smtp_sink.py DIR

Listens on a free port of 127.0.0.1 and prints the port on the first line
of standard output once it accepts connections. Each message it accepts is
written to DIR as N.eml, the bytes as received, and N.json: the envelope,
the headers the tests look at, the content type and text of every part,
and every defect Python's email package found (none is expected).

It answers like a real server would for some recipients, so tests can see
retries and bounces:
  busy-...@  451 (try again later) the first time, accepted after;
  gone-...@  550 (no such mailbox), always.
It stops when its standard input closes or it is killed.
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.refused_once = set()

    async def handle_RCPT(self, server, _conversation, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("gone-"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("busy-") and address not in self.refused_once:
            self.refused_once.add(address)
            return "451 4.3.2 Busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, _conversation, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as out:
            out.write(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [repr(d) for d in message.defects]
        parts = []
        for part in message.walk():
            defects += [repr(d) for d in part.defects]
            entry = {"content_type": part.get_content_type()}
            if not part.is_multipart():
                entry["text"] = part.get_content()
            parts.append(entry)
        report = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "defects": defects,
            "headers": {
                name: str(message[name]) if message[name] is not None else None
                for name in (
                    "From", "To", "Subject", "Date", "Message-ID", "List-Id",
                    "List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version",
                )
            },
            "parts": parts,
        }
        # Written whole, then renamed: a reader never sees half a report.
        with open(base + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump(report, out, indent=1)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted"


def main():
    folder = sys.argv[1]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    sink = Sink(folder)
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SMTP(sink, hostname="sink.test", loop=loop),
            "127.0.0.1",
            0,
        )
    )
    print(server.sockets[0].getsockname()[1], flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
