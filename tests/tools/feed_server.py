#!/usr/bin/env python3
"""A feed server for tests/scripts/hub_sources.sh, on 127.0.0.1 only.

Serves the files of DIR at /NAME with a strong ETag (a hash of the content) and answers 304 to a
matching If-None-Match. Modes, set by GET /_mode/MODE and read by the next requests:
  ok         serve files (the default)
  500        answer 500 to everything
  slow       wait 30 s before answering
  truncated  promise twice the body's length in Content-Length and close after the body
/le/N serves DIR/le_page_N.json (a paged Linked Events API; the pages' meta.next name /le/N+1).
/place/ID/ and /keyword/ID/ serve DIR/place_ID.json and DIR/keyword_ID.json (the documents an
event's {"@id"} references name).
/gen/N?pages=P&per=E makes page N of P pages of E Linked Events events each (ids gN-I, one
place reference to /place/gen/ each, times in the future), with meta.next to page N+1: a large
source for tests/bench/bench_sources.sh.
Every request is counted: GET /_count answers how many feed requests came (304s included).
Usage: feed_server.py DIR PORT_FILE
"""
import hashlib
import http.server
import os
import sys
import json
import threading
import time
import urllib.parse

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
        if name.startswith("gen/"):
            return self.answer(200, self.generated(name[4:]))
        for kind in ("place", "keyword"):
            if name.startswith(kind + "/"):
                name = "%s_%s.json" % (kind, name[len(kind) + 1:].strip("/"))
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


    def generated(self, page):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        pages, per, n = int(q["pages"][0]), int(q["per"][0]), int(page)
        host = "http://127.0.0.1:%d" % self.server.server_address[1]
        data = []
        for i in range(per):
            k = (n - 1) * per + i
            day = 1 + k % 28
            data.append({
                "id": "g%d-%d" % (n, i), "@type": "Event", "publication_status": "public",
                "name": {"fi": "Tapahtuma %d" % k, "sv": "Evenemang %d" % k, "en": "Event %d" % k},
                "short_description": {"fi": "Lyhyt kuvaus tapahtumasta %d" % k},
                "description": {"fi": "<p>Kuvaus <b>%d</b></p><p>Toinen kappale.</p>" % k},
                "start_time": "2099-%02d-%02dT15:00:00Z" % (1 + k % 12, day),
                "end_time": "2099-%02d-%02dT17:00:00Z" % (1 + k % 12, day),
                "location": {"@id": host + "/place/gen/"},
                "keywords": [{"@id": host + "/keyword/yso:p14710/"}],
                "offers": [{"is_free": True}], "event_status": "EventScheduled",
            })
        nxt = None
        if n < pages:
            nxt = "%s/gen/%d?pages=%d&per=%d" % (host, n + 1, pages, per)
        body = {"meta": {"count": pages * per, "next": nxt, "previous": None}, "data": data}
        return json.dumps(body).encode()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
