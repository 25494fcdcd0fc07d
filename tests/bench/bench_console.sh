#!/usr/bin/env bash
# bench_console.sh: the console with a library system's data (issue 13's benchmark): 10,000
# events, 200 kiosks, 100,000 sign-ups (500 of them on one event), 100,000 answers of feedback.
# Prints how long the overview, a 500-person attendee list and the feedback page with its charts
# take in a real headless Chromium (from navigation to the page
# drawn, median of 5), the API's answers alone (curl), and kiosks' pulls per second with and
# without a browser reloading the overview meanwhile. Figures only, asserts nothing; 127.0.0.1.
#
#   AUKIO_HUB=build/aukio-hub bash tests/bench/bench_console.sh
set -euo pipefail
HUB=${AUKIO_HUB:-build/aukio-hub}
HERE=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/aukio-bench-console.XXXXXX)
trap 'kill $HUB_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
export AUKIO_HUB_DB=$W/hub.db
NOW=$(date +%s)

echo "== data"
/usr/bin/python3 - "$W" "$NOW" <<'EOF'
import json, sys, time
w, now = sys.argv[1], int(sys.argv[2])
iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
evs = [{"id": f"b{i}", "name": {"fi": f"Tapahtuma {i}", "en": f"Event {i}"},
        "start_time": iso(now + 3600 + i * 518), "event_status": "EventScheduled",
        "location": {"id": f"aukio:place-{i % 40}", "name": {"fi": f"Kirjasto {i % 40}"},
                     "street_address": {"fi": f"Kirjastokatu {i % 40}, Kunta {i % 12}"}},
        "x_aukio": {"category": ["storytime", "workshop", "club", "training"][i % 4]},
        "maximum_attendee_capacity": 600 if i == 0 else 20, "waiting_list_capacity": 50,
        "maximum_group_size": 1} for i in range(10000)]
json.dump(evs, open(f"{w}/events.json", "w"))
EOF
"$HUB" event import "$W/events.json" >/dev/null
echo 'kirjasto on auki' | "$HUB" user add bench >/dev/null
"$HUB" serve --listen 127.0.0.1:0 --port-file "$W/port" --device-rate 0 --threads 2 \
    2>"$W/hub.log" &
HUB_PID=$!
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$W/port")
sleep 0.3
for k in $(seq 200); do
    et=$("$HUB" device add "k$k" --venue "Kirjasto $((k % 40))" 2>/dev/null)
    curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$et\"}" | jq -r .token >>"$W/tokens"
done
# 100 pushes of 1,000 sign-ups: the first 500 on event b0, the rest spread.
/usr/bin/python3 - "$W" "$URL" <<'EOF'
import json, sys, urllib.request
w, url = sys.argv[1], sys.argv[2]
tokens = open(f"{w}/tokens").read().split()
n = 0
for batch in range(100):
    ops = []
    for _ in range(1000):
        ev = "b0" if n < 500 else f"b{1 + n % 9999}"
        ops.append({"uuid": f"{n:08x}-0000-4000-8000-{n:012x}", "kind": "signup", "event_id": ev,
                    "group_size": 1, "name": f"Kävijä {n}", "email": f"v{n}@example.fi",
                    "lang": "fi", "code": f"C{n:06d}", "answers": {}})
        n += 1
    req = urllib.request.Request(f"{url}/v1/push", data=json.dumps({"ops": ops}).encode(),
                                 headers={"Authorization": f"Bearer {tokens[batch % len(tokens)]}",
                                          "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=120).read()
EOF
# 100 pushes of 1,000 answers of feedback over the past year: on the events and the library in
# general, one in ten with a comment (the feedback page's charts, issue 13).
/usr/bin/python3 - "$W" "$URL" "$NOW" <<'EOF'
import json, sys, urllib.request
w, url, now = sys.argv[1], sys.argv[2], int(sys.argv[3])
tokens = open(f"{w}/tokens").read().split()
reasons = ["topic", "instructor,time", "", "space", "bad_time", "hard,topic"]
n = 0
for batch in range(100):
    ops = []
    for _ in range(1000):
        ops.append({"uuid": f"{n:08x}-0000-4000-9000-{n:012x}", "kind": "feedback",
                    "score": 1 + (n * 7) % 4, "event_id": "" if n % 10 == 0 else f"b{n % 10000}",
                    "comment": f"Kommentti {n}" if n % 10 == 1 else "", "lang": "fi",
                    "reasons": reasons[n % 6], "created_at": now - 365 * 86400 + n * 315})
        n += 1
    req = urllib.request.Request(f"{url}/v1/push", data=json.dumps({"ops": ops}).encode(),
                                 headers={"Authorization": f"Bearer {tokens[batch % len(tokens)]}",
                                          "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=120).read()
EOF
echo "events 10000, kiosks 200, sign-ups $(sqlite3 "$W/hub.db" 'SELECT count(*) FROM signups')," \
    "feedback $(sqlite3 "$W/hub.db" 'SELECT count(*) FROM feedback')"

echo "== the API alone (curl, median of 5)"
curl -s -c "$W/jar" -H 'Content-Type: application/json' \
    -d '{"name":"bench","password":"kirjasto on auki"}' "$URL/console/api/login" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
FROM=$(TZ=Europe/Helsinki date -d "@$NOW" +%Y-%m-%d)
TO=$(TZ=Europe/Helsinki date -d "@$((NOW + 365 * 86400))" +%Y-%m-%d)
Y="from=$FROM&to=$TO"
# A year's reports (all 10,000 events) and the 500-person list as XLSX (con-reports).
for path in overview 'event?id=b0' kiosks feedback 'event?id=b0&offset=400&limit=100' \
    "report?$Y&by=month" "report?$Y&by=venue" "report?$Y&by=municipality&format=csv" \
    "report?$Y&by=venue&format=xlsx" 'export?id=b0&format=xlsx' 'export?id=b0&format=csv'; do
    t=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$W/jar" -w '%{time_total}\n' \
        "$URL/console/api/$path"; done | median)
    echo "GET /console/api/$path: $(awk "BEGIN {printf \"%.0f\", $t * 1000}") ms"
done

pulls() { # pulls SECONDS: pulls of a snapshot's first page by the kiosks in turn, per second
    /usr/bin/python3 - "$W" "$URL" "$1" <<'EOF'
import sys, time, urllib.request
w, url, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
tokens = open(f"{w}/tokens").read().split()
n, t0 = 0, time.monotonic()
while time.monotonic() - t0 < secs:
    req = urllib.request.Request(f"{url}/v1/changes?limit=100",
                                 headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}"})
    urllib.request.urlopen(req, timeout=60).read()
    n += 1
print(f"{n / (time.monotonic() - t0):.0f}")
EOF
}
echo "== pulls per second (one client, first page of a snapshot, 5 s)"
echo "console idle: $(pulls 5)"

echo "== Chromium (from navigation to drawn, median of 5)"
CONSOLE_URL=$URL BUSY=$W/busy /usr/bin/python3 - "$HERE/tools" >"$W/browser.out" 2>&1 <<'EOF' &
import os, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from cdp import Browser
b = Browser()
url = os.environ["CONSOLE_URL"]
b.go(url + "/console/?lang=fi")
b.type_into("#name", "bench")
b.type_into("#password", "kirjasto on auki")
b.js("delete document.body.dataset.ready")
b.click("[data-test=signin] button[type=submit]")
b.wait("document.body.dataset.ready === '1'", 120)
def go(hash_):
    b.js(f"delete document.body.dataset.ready; location.hash = '{hash_}'")
    b.wait("document.body.dataset.ready === '1'", 120)
def timed(hash_, what):
    times = []
    for _ in range(5):
        go("#/kiosks")
        t0 = time.monotonic()
        go(hash_)
        b.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        times.append((time.monotonic() - t0) * 1000)
    rows = b.js("document.querySelectorAll('tbody tr').length")
    print(f"{what}: {statistics.median(times):.0f} ms ({rows} rows)", flush=True)
timed("#/", "overview (10,000 events: the next 60 days' 2,000; 200 kiosks)")
timed("#/event/b0", "an event with 500 attendees")
timed("#/feedback", "the feedback page (100,000 answers on 10,000 events: four charts, the"
      " table's first 100 events)")
size = b.js("fetch('/console/api/feedback').then(r => r.text()).then(t => t.length)")
print(f"the feedback page's answer: {size / 1e6:.1f} MB", flush=True)
go("#/kiosks")
open(os.environ["BUSY"], "w").close()
t0 = time.monotonic()
while time.monotonic() - t0 < 7:  # the console in use while the kiosks pull
    go("#/feedback")
    go("#/")
b.close()
EOF
BROWSER_PID=$!
for _ in $(seq 1500); do [ -e "$W/busy" ] && break; kill -0 $BROWSER_PID 2>/dev/null || break; sleep 0.2; done
BUSY_PULLS=$(pulls 5)
wait $BROWSER_PID || true
cat "$W/browser.out"
echo "== pulls per second while a browser reloads the overview: $BUSY_PULLS"
