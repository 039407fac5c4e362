"""An SMTP server for the mail tests: it keeps what it receives and says
how Python's own email parser reads it.

    python smtp_sink.py DIR [--tls starttls|implicit --cert PEM --key PEM]
                            [--login USER:PASSWORD]

Listens on a free port of 127.0.0.1 and prints the port on the first line
of standard output once it accepts connections. With --tls it speaks TLS
with the certificate chain and key given: after STARTTLS, which it then
requires before mail, or from the first byte (implicit TLS). With --login
it requires AUTH with that user and password (over TLS only, when TLS is
on) before mail. Each message it accepts is
written to DIR as N.eml, the bytes as received, and N.json: the envelope,
the headers the tests look at, the content type and text of every part,
every defect Python's email package found (none is expected), whether it
came over TLS and the user who logged in, if any.

It answers like a real server would for some recipients, so tests can see
retries and bounces:
  busy-...@  451 (try again later) the first time, accepted after;
  gone-...@  550 (no such mailbox), always.

It can also misbehave as a whole, the way servers fail in the wild. Each
line "mode NAME" on standard input switches it (it answers "mode NAME" on
standard output once the switch is made):
  normal  as above;
  drop    takes in a whole message, then closes the connection without
          answering: the sender cannot know whether it was delivered, and
          nothing is kept;
  421     answers MAIL FROM with 421 (service not available: try later);
  silent  accepts connections and never says a word, not even the
          greeting, and goes quiet on connections already open.
It stops when its standard input closes or it is killed.
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import sys
import ssl
import threading

from aiosmtpd.smtp import SMTP, AuthResult


# Long enough to outlast any timeout a test sets; the test ends first.
FOREVER = 3600


class Silent(asyncio.Protocol):
    """A connection that is accepted and never answered."""


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.refused_once = set()
        self.mode = "normal"

    async def handle_MAIL(self, server, _conversation, envelope, address, mail_options):
        if self.mode == "421":
            return "421 4.3.2 Service not available, try again later"
        if self.mode == "silent":
            await asyncio.sleep(FOREVER)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, _conversation, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("gone-"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("busy-") and address not in self.refused_once:
            self.refused_once.add(address)
            return "451 4.3.2 Busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, conversation, envelope):
        if self.mode == "silent":
            await asyncio.sleep(FOREVER)
        if self.mode == "drop":
            server.transport.close()
            return "421 4.4.2 Connection dropped"
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
        login = conversation.auth_data.login if conversation.authenticated else None
        report = {
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "login": login.decode() if login is not None else None,
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


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--login")
    return parser.parse_args()


def main():
    args = arguments()
    # aiosmtpd warns of its own deprecations on every login.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    sink = Sink(args.folder)

    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    options = {}
    if args.tls == "starttls":
        options.update(tls_context=context, require_starttls=True)
    if args.login:
        user, password = args.login.encode().split(b":", 1)

        def check(_server, _session, _envelope, _mechanism, data):
            if (data.login, data.password) == (user, password):
                return AuthResult(success=True, auth_data=data)
            return AuthResult(success=False, handled=False)

        options.update(
            authenticator=check,
            auth_required=True,
            # Implicit TLS is TLS all along; aiosmtpd only knows of STARTTLS.
            auth_require_tls=args.tls == "starttls",
        )

    def connection():
        if sink.mode == "silent":
            return Silent()
        return SMTP(sink, hostname="sink.test", loop=loop, **options)

    implicit = context if args.tls == "implicit" else None
    server = loop.run_until_complete(
        loop.create_server(connection, "127.0.0.1", 0, ssl=implicit)
    )
    print(server.sockets[0].getsockname()[1], flush=True)

    def switch(mode):
        sink.mode = mode
        print("mode " + mode, flush=True)

    def stop_when_stdin_closes():
        for line in sys.stdin:
            words = line.split()
            if len(words) == 2 and words[0] == "mode":
                loop.call_soon_threadsafe(switch, words[1])
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
