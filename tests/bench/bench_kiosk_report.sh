#!/usr/bin/env bash
# bench_kiosk_report.sh: what a kiosk's report (records waiting and version on the first page of
# its round's pull, schema 16) costs the hub. A round with nothing new is one pull: "nothing new"
# pulls per second by 50 kiosks in turn from one client, without the report (as an older kiosk),
# with a report the hub has already (no write) and with one that changes every pull (a write
# each). Figures only, asserts nothing; 127.0.0.1.
#
#   AUKIO_HUB=build/aukio-hub bash tests/bench/bench_kiosk_report.sh
set -euo pipefail
HUB=${AUKIO_HUB:-build/aukio-hub}
W=$(mktemp -d /tmp/aukio-bench-report.XXXXXX)
trap 'kill $HUB_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
export AUKIO_HUB_DB=$W/hub.db
printf '[' >"$W/events.json"
for i in $(seq 1 200); do
    [ "$i" -gt 1 ] && printf ',' >>"$W/events.json"
    printf '{"id":"b%d","name":{"fi":"Tapahtuma %d"},"start_time":"2099-03-18T18:30:00Z","event_status":"EventScheduled","maximum_attendee_capacity":20}' "$i" "$i" >>"$W/events.json"
done
printf ']' >>"$W/events.json"
"$HUB" event import "$W/events.json" >/dev/null
for i in $(seq 1 50); do "$HUB" device add "k$i" >"$W/et$i"; done
"$HUB" serve --db "$W/hub.db" --listen 127.0.0.1:0 --port-file "$W/port" 2>"$W/hub.log" &
HUB_PID=$!
for _ in $(seq 1 100); do [ -s "$W/port" ] && break; sleep 0.05; done
URL=http://127.0.0.1:$(cat "$W/port")
/usr/bin/python3 - "$URL" "$W" <<'PY'
import json, sys, time, urllib.request
url, w = sys.argv[1], sys.argv[2]
def call(path, token=None, body=None):
    rq = urllib.request.Request(url + path, data=body, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(rq) as r:
        return json.load(r)
kiosks = []
for i in range(1, 51):
    et = open(f"{w}/et{i}").read().strip()
    dt = call("/v1/enrol", body=json.dumps({"token": et}).encode())["token"]
    cursor = None
    while True:  # the snapshot, so that what follows is "nothing new"
        page = call("/v1/changes?limit=1000" + (f"&cursor={cursor}" if cursor else ""), dt)
        cursor = page["cursor"]
        if not page["more"]:
            break
    kiosks.append((dt, cursor))
def rate(report, seconds=5.0):
    n, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < seconds:
        dt, cursor = kiosks[n % len(kiosks)]
        # "same": what the hub has (a write once, then every 5 minutes); "changing": a new count
        # every pull, each a write (the worst case: a kiosk whose outbox changes every round).
        waiting = 0 if report == "same" else n
        extra = f"&waiting={waiting}&version=0.1.0" if report else ""
        call(f"/v1/changes?limit=100&cursor={cursor}{extra}", dt)
        n += 1
    return n / (time.monotonic() - t0)
for label, report in (("without the report (an older kiosk)", None),
                      ("with the report, unchanged", "same"),
                      ("with the report, changing every pull", "changing"),
                      ("without, again", None), ("unchanged, again", "same"),
                      ("changing, again", "changing")):
    print(f"{label}: {rate(report):.0f} pulls/s", flush=True)
PY
