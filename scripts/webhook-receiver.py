#!/usr/bin/env python3
"""A webhook receiver for trying pipeline out: prints each message and checks its signature.

usage: webhook-receiver.py [port] [whsec_secret]      (default port 9000; answers 204)
"""
import base64
import hashlib
import hmac
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
SECRET = sys.argv[2] if len(sys.argv) > 2 else None


def verified(headers, body: bytes) -> str:
    if not SECRET:
        return "not checked (no secret given)"
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    signatures = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split() if s.startswith("v1,")]
    return "valid" if any(hmac.compare_digest(expected, s) for s in signatures) else "INVALID"


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        message = json.loads(body or b"{}")
        data = message.get("data", {})
        print(
            f"{self.headers.get('webhook-id')} {message.get('type')} idea={data.get('idea')} "
            f"seq={data.get('sequence')} {data.get('stage_before')} -> {data.get('stage_after')} "
            f"signature {verified(self.headers, body)}",
            flush=True,
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


print(f"listening on http://127.0.0.1:{PORT}/", flush=True)
HTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
