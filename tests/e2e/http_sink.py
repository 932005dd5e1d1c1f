#!/usr/bin/env python3
"""A local HTTP server for the notification tests: records every POST (path,
headers, body) as one JSON line in DIR/posts.jsonl and answers as DIR/mode
says: ok (200, {"errcode":0}), fail (500), refuse (200 with a robot's
refusal, {"errcode":310000}), hang (records the POST, then answers only
after a minute). Binds port 0 and writes the port to DIR/port.
With CERT (a PEM file holding a certificate and its key) it speaks HTTPS.
    python3 http_sink.py DIR [CERT]"""
import json
import os
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1]


def mode():
    try:
        with open(os.path.join(DIR, "mode")) as f:
            return f.read().strip() or "ok"
    except FileNotFoundError:
        return "ok"


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8")
        m = mode()
        rec = {"path": self.path, "headers": dict(self.headers), "body": body, "mode": m}
        with open(os.path.join(DIR, "posts.jsonl"), "a") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if m == "hang":
            time.sleep(60)
        code = 500 if m == "fail" else 200
        out = b'{"errcode":0,"errmsg":"ok"}' if code == 200 else b"down"
        if m == "refuse":
            out = b'{"errcode":310000,"errmsg":"sign not match"}'
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
srv.daemon_threads = True
if len(sys.argv) > 2:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
