#!/usr/bin/env python3
"""An SMTP server that keeps every message it receives as a file, for trying mail out and for the
PipelineMail tests. It delivers nothing.

usage: smtp-sink.py --folder FOLDER [--port PORT] [--host 127.0.0.1] [--auth USER:PASSWORD]
                    [--print] [--discard]

  --port 0 takes a free port. Once it listens it prints one line:
      smtp-sink listening on 127.0.0.1:PORT
  Each message becomes FOLDER/NNNN.eml (the bytes as received) and, beside it, NNNN.json: the
  envelope and the message as Python's e-mail parser reads it (headers decoded, both parts'
  text), written first, so an .eml file is only there when both are complete.

  To make it refuse, put a file in FOLDER whose content is the reply to give:
      refuse-rcpt   answers RCPT TO with it, e.g. "550 5.1.1 No such user"
      refuse-data   answers the end of the message with it, e.g. "451 4.3.0 Try again later"
  Remove the file and it accepts again.
      delay-data    waits that many seconds (e.g. "0.02") before answering the end of each message
      hold          while this file is there, the end of each message waits (no answer yet)

  --print writes one line per message to standard output: its number, recipients and subject.
  --discard keeps nothing (no files): only counts, for benchmarks of the senders.

  --auth USER:PASSWORD requires a login (AUTH PLAIN or LOGIN, without TLS: for tests only).

Needs aiosmtpd: Debian's python3-aiosmtpd (scripts/install-system-packages.sh installs it), or
`pip install aiosmtpd`. When the python3 that runs this has no aiosmtpd but /usr/bin/python3
does (a pyenv or venv python3 first on PATH), it runs itself again with /usr/bin/python3.
"""
import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import sys

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    system = "/usr/bin/python3"
    if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system) \
            and not os.environ.get("SMTP_SINK_REEXEC"):
        os.environ["SMTP_SINK_REEXEC"] = "1"
        os.execv(system, [system, *sys.argv])
    sys.exit(f"smtp-sink: {sys.executable} has no aiosmtpd; install Debian's python3-aiosmtpd "
             "(scripts/install-system-packages.sh does) or `pip install aiosmtpd`")


def refusal(folder, name):
    """The reply in FOLDER/name, or None when the file is not there."""
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            return file.read().strip() or "550 5.7.1 Refused"
    except FileNotFoundError:
        return None


def delay(folder):
    """The seconds in FOLDER/delay-data, or 0."""
    try:
        with open(os.path.join(folder, "delay-data"), encoding="utf-8") as file:
            return max(0.0, float(file.read().strip() or "0"))
    except (FileNotFoundError, ValueError):
        return 0.0


def parsed(content: bytes) -> dict:
    message = email.message_from_bytes(content, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({"content_type": part.get_content_type(), "charset": part.get_content_charset(),
                      "transfer_encoding": part.get("Content-Transfer-Encoding"), "text": part.get_content()})
    return {
        "headers": [[name, str(value)] for name, value in message.items()],
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": [type(defect).__name__ for defect in message.defects]
                   + [type(defect).__name__ for part in message.walk() for defect in part.defects],
    }


class Sink:
    def __init__(self, folder, show=False, discard=False):
        self.folder = folder
        self.show = show
        self.discard = discard
        self.numbers = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, options):
        reply = refusal(self.folder, "refuse-rcpt")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        while os.path.exists(os.path.join(self.folder, "hold")):
            await asyncio.sleep(0.01)
        wait = delay(self.folder)
        if wait:
            await asyncio.sleep(wait)
        reply = refusal(self.folder, "refuse-data")
        if reply:
            return reply
        number = next(self.numbers)
        if self.discard:
            return f"250 2.0.0 OK: number {number}, not kept"
        content = envelope.original_content or envelope.content
        base = os.path.join(self.folder, f"{number:04d}")
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, **parsed(content)}
        with open(base + ".json.tmp", "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False, indent=1)
        os.replace(base + ".json.tmp", base + ".json")
        with open(base + ".eml.tmp", "wb") as file:
            file.write(content)
        os.replace(base + ".eml.tmp", base + ".eml")
        if self.show:
            subject = next((value for name, value in record["headers"] if name.lower() == "subject"), "")
            print(f"{number:04d}.eml  to {', '.join(envelope.rcpt_tos)}: {subject}", flush=True)
        return f"250 2.0.0 OK: kept as {number:04d}.eml"


async def main():
    arguments = argparse.ArgumentParser(description="An SMTP sink that keeps messages as files.")
    arguments.add_argument("--folder", required=True)
    arguments.add_argument("--port", type=int, default=2525)
    arguments.add_argument("--host", default="127.0.0.1")
    arguments.add_argument("--auth", help="USER:PASSWORD a client must log in with")
    arguments.add_argument("--print", action="store_true", help="a line per message on standard output")
    arguments.add_argument("--discard", action="store_true", help="keep nothing, only count (benchmarks)")
    options = arguments.parse_args()
    os.makedirs(options.folder, exist_ok=True)
    sink = Sink(options.folder, show=options.print, discard=options.discard)

    settings = {}
    if options.auth:
        user, _, password = options.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, data):
            ok = data is not None and data.login == user.encode() and data.password == password.encode()
            return AuthResult(success=ok, handled=False)

        settings = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="smtp-sink.localhost", **settings), options.host, options.port)
    port = server.sockets[0].getsockname()[1]
    print(f"smtp-sink listening on {options.host}:{port}", flush=True)
    stop = asyncio.Event()
    # A parent may have blocked these (threads of a test runner do), and children inherit that.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
