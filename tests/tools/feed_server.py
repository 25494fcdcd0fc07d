#!/usr/bin/env python3
"""A feed server for tests/scripts/hub_sources.sh, on 127.0.0.1 only.

Serves the files of DIR at /NAME with a strong ETag (a hash of the content) and answers 304 to a
matching If-None-Match. Modes, set by GET /_mode/MODE and read by the next requests:
  ok         serve files (the default)
  500        answer 500 to everything
  slow       wait 30 s before answering
  truncated  promise twice the body's length in Content-Length and close after the body
/le/N serves DIR/le_page_N.json (a paged Linked Events API; the pages' meta.next name /le/N+1).
Every request is counted: GET /_count answers how many feed requests came (304s included).
Usage: feed_server.py DIR PORT_FILE
"""
import hashlib
import http.server
import os
import sys
import threading
import time

DIR, PORT_FILE = sys.argv[1], sys.argv[2]
state = {"mode": "ok", "count": 0}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("feed_server: " + (fmt % args) + "\n")

    def answer(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/_mode/"):
            with lock:
                state["mode"] = path[len("/_mode/"):]
            return self.answer(200, b"ok\n")
        if path == "/_count":
            return self.answer(200, ("%d\n" % state["count"]).encode())
        with lock:
            state["count"] += 1
            mode = state["mode"]
        if mode == "500":
            return self.answer(500, b"internal error\n")
        if mode == "slow":
            time.sleep(30)
        name = path.lstrip("/")
        if name.startswith("le/"):
            name = "le_page_%s.json" % name[3:]
        file = os.path.join(DIR, os.path.basename(name))
        if not os.path.isfile(file):
            return self.answer(404, b"not found\n")
        body = open(file, "rb").read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        if mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(2 * len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.answer(200, body, [("ETag", etag), ("Content-Type", "application/octet-stream")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
