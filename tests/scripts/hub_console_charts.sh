#!/usr/bin/env bash
# The console's feedback charts, and sources and users managed from the page (issue 13), against
# a real hub on 127.0.0.1, a real kiosk's feedback pushed as a kiosk pushes it, a feed server
# (tests/tools/feed_server.py) and, through tests/tools/console_charts.py, a real headless
# Chromium: the feedback page's charts in three languages (screenshots in $AUKIO_CONSOLE_SHOTS,
# default $W/shots), a PNG download decoded and a CSV download's numbers, a source added from the
# page (a bad URL refused) and fetched, a user added who then signs in. Through the JSON API
# directly: the changes without the CSRF token or by a library user are 403 and change nothing.
source "$(dirname "$0")/hub_common.bash"

PY=/usr/bin/python3 # Debian's, with python3-websocket
command -v chromium >/dev/null || { echo "chromium is required (.ci/deps.sh)"; exit 1; }
[ -r /usr/share/javascript/chart.js/chart.min.js ] || { echo "libjs-chart.js is required (.ci/deps.sh)"; exit 1; }
SHOTS=${AUKIO_CONSOLE_SHOTS:-$W/shots}
mkdir -p "$SHOTS/downloads" "$W/feeds"
rm -f "$SHOTS"/downloads/*

# ---- a feed server with a calendar of three events ----------------------------------------
"$PY" "$TESTS_DIR/tools/feed_server.py" "$W/feeds" "$W/feedport" 2>>"$W/feed.log" &
FEED_PID=$!
trap 'kill $FEED_PID 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$W/feedport" ] && break; sleep 0.05; done
FEED=http://127.0.0.1:$(cat "$W/feedport")
D1=$(date -u -d '+1 day' +%Y%m%d)
D2=$(date -u -d '+2 day' +%Y%m%d)
{
    printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n'
    for e in "a $D1 Satutunti" "b $D1 Kielikahvila" "c $D2 Lukupiiri"; do
        set -- $e
        printf 'BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:%sT160000Z\r\nDTEND:%sT170000Z\r\nSUMMARY:%s\r\nEND:VEVENT\r\n' "$1" "$2" "$2" "$3"
    done
    printf 'END:VCALENDAR\r\n'
} >"$W/feeds/lib.ics"

# ---- users and events ----------------------------------------------------------------------
PW='kirjasto on auki'
echo "$PW" | "$HUB" user add anna >/dev/null 2>&1
echo "$PW" | "$HUB" user add lahti --role library --venue 'Lahden pääkirjasto' >/dev/null 2>&1
NOW=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
LAHTI='{"id":"aukio:place-lahti-main","name":{"fi":"Lahden pääkirjasto","sv":"Lahtis huvudbibliotek","en":"Lahti Main Library"}}'
HOLLOLA='{"id":"aukio:place-hollola","name":{"fi":"Hollolan kirjasto","sv":"Hollola bibliotek","en":"Hollola Library"}}'
cat >"$W/events.json" <<EOF
[{"id":"e-story","name":{"fi":"Satutunti","sv":"Sagostund","en":"Storytime"},
  "start_time":"$(iso $((NOW + 3 * 86400)))","event_status":"EventScheduled","location":$LAHTI,
  "maximum_attendee_capacity":12,"maximum_group_size":4},
 {"id":"e-digi","name":{"fi":"Digiapua: älypuhelin tutuksi","sv":"Digihjälp: lär känna din smarttelefon","en":"Digital help: get to know your smartphone"},
  "start_time":"$(iso $((NOW + 4 * 86400)))","event_status":"EventScheduled","location":$LAHTI,
  "maximum_attendee_capacity":8,"maximum_group_size":1},
 {"id":"e-hollola","name":{"fi":"Kirjoituspaja","sv":"Skrivverkstad","en":"Writing workshop"},
  "start_time":"$(iso $((NOW + 5 * 86400)))","event_status":"EventScheduled","location":$HOLLOLA,
  "maximum_attendee_capacity":8,"maximum_group_size":1}]
EOF
"$HUB" event import "$W/events.json" >/dev/null
start_hub

# ---- a kiosk at Lahti pushes six weeks of feedback, as a kiosk does ------------------------
DT=$(enrol lahti-aula)
XSS='<img src=x onerror=alert(1)>'
# 126 answers: three a day for six weeks, between 9 and 19 Helsinki time, on the three events
# and the library in general; some with a comment and the follow-up's reasons.
"$PY" - "$NOW" "$XSS" "$W" <<'PY'
import json, sys, uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
now, xss, w = int(sys.argv[1]), sys.argv[2], sys.argv[3]
hki = ZoneInfo("Europe/Helsinki")
day0 = datetime.fromtimestamp(now, hki).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=42)
events = ["e-story", "e-digi", "e-hollola", ""]
reasons = ["topic", "instructor,time", "", "space", "bad_time", "hard,topic"]
comments = {5: xss, 17: "Hauska satu, kiitos!", 29: "=HYPERLINK(\"http://x\")", 41: "Lisää näitä iltaisin"}
ops, scores, lahti, story = [], [0, 0, 0, 0], [0, 0, 0, 0], 0
for i in range(126):
    at = day0 + timedelta(days=i // 3, hours=9 + (i * 7) % 11, minutes=(i * 13) % 60)
    score = [4, 3, 4, 2, 3, 1, 4, 3][i % 8] if i % 5 else 4
    ev = events[i % 4]
    ops.append({"uuid": str(uuid.UUID(int=0x10000 + i)), "kind": "feedback", "score": score,
                "event_id": ev, "comment": comments.get(i, ""), "lang": "fi",
                "reasons": reasons[i % 6], "created_at": int(at.timestamp())})
    scores[score - 1] += 1
    if ev in ("e-story", "e-digi"):
        lahti[score - 1] += 1
    story += ev == "e-story"
for k in range(0, len(ops), 42):
    json.dump({"ops": ops[k:k + 42]}, open(f"{w}/push{k // 42}.json", "w"))
avg = sum(n * (i + 1) for i, n in enumerate(scores)) / sum(scores)
json.dump({"scores": scores, "total": sum(scores), "average": round(avg, 1),
           "lahti": sum(lahti), "lahti_scores": lahti, "story": story}, open(f"{w}/expect.json", "w"))
PY
for f in "$W"/push*.json; do
    check "kiosk pushes $(basename "$f")" 200 "$(api POST /v1/push "$DT" "@$f")"
done
check "the hub holds them" 126 "$(sqlite3 "$DB" "SELECT count(*) FROM feedback")"

# ---- the JSON API: the coordinators' changes need the token and a coordinator ---------------
capi() {
    local args=(-s -o "$W/out" -w '%{http_code}' -X "$2" -b "$W/$1.jar" -c "$W/$1.jar")
    [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
    [ $# -ge 5 ] && [ -n "$5" ] && args+=(-H "X-CSRF-Token: $5")
    curl "${args[@]}" "$URL/console/api/$3"
}
signin() {
    capi "$1" POST login "{\"name\":\"$1\",\"password\":\"$PW\"}" >/dev/null
    jq -r .csrf "$W/out"
}
CSRF_ANNA=$(signin anna)
CSRF_LAHTI=$(signin lahti)
state() { sqlite3 "$DB" "SELECT (SELECT count(*) FROM sources) || ' ' || (SELECT count(*) FROM console_users) || ' ' || (SELECT count(*) FROM console_audit)"; }
BEFORE=$(state)
SRC="{\"name\":\"x\",\"url\":\"$FEED/lib.ics\",\"kind\":\"ics\"}"
USR='{"name":"y","role":"coordinator","password":"pitkä salasana"}'
check "add a source without the CSRF token" 403 "$(capi anna POST sources/add "$SRC")"
check "... with another session's token" 403 "$(capi anna POST sources/add "$SRC" "$CSRF_LAHTI")"
check "... as a library" 403 "$(capi lahti POST sources/add "$SRC" "$CSRF_LAHTI")"
check "add a user without the CSRF token" 403 "$(capi anna POST users/add "$USR")"
check "... as a library" 403 "$(capi lahti POST users/add "$USR" "$CSRF_LAHTI")"
check "remove a user as a library" 403 "$(capi lahti POST users/remove '{"name":"anna"}' "$CSRF_LAHTI")"
check "a bad URL" 400 "$(capi anna POST sources/add '{"name":"x","url":"file:///etc/passwd","kind":"ics"}' "$CSRF_ANNA")"
check "... says where" url "$(jq -r .field "$W/out")"
check "... and why" "the URL must be http:// or https://, at most 2000 bytes" "$(jq -r .message "$W/out")"
check "oneself is not removed" 409 "$(capi anna POST users/remove '{"name":"anna"}' "$CSRF_ANNA")"
check "... nothing changed" "$BEFORE" "$(state)"
check "lahti sees its venue's feedback only" "e-digi,e-story" \
    "$(capi lahti GET feedback >/dev/null; jq -r '[.events[].event.id] | sort | join(",")' "$W/out")"
check "the chart library is served" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/console/lib/chart.min.js")"
check "... under the same CSP" 1 "$(curl -s -D - -o /dev/null "$URL/console/lib/chart.min.js" \
    | grep -i '^content-security-policy:' | grep -c "script-src 'self';")"
hub_check

# ---- the browser ---------------------------------------------------------------------------
export CONSOLE_URL=$URL CONSOLE_PW=$PW CONSOLE_SHOTS=$SHOTS CONSOLE_DB=$DB CONSOLE_XSS=$XSS
export CONSOLE_FEED=$FEED CONSOLE_DOWNLOADS=$SHOTS/downloads CONSOLE_EXPECT=$(cat "$W/expect.json")
if "$PY" "$TESTS_DIR/tools/console_charts.py"; then ok "browser: charts, sources, users"; else fail "browser"; fi
hub_check
stop_hub
echo "screenshots: $SHOTS"
finish
