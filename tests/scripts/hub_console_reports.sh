#!/usr/bin/env bash
# The console's reports page and the event page's additions (issue 13, con-reports) against a
# real hub on 127.0.0.1 and a real headless Chromium (tests/tools/console_reports_browser.py):
# the reports page in fi, sv and en (screenshots in $AUKIO_CONSOLE_SHOTS, default $W/shots), a
# CSV and an XLSX download whose numbers match the events' attendee lists, a library user's
# report of its own venue, a move from the waiting list (the capacity raised by the seats the
# party lacks) visible on the event's page and in the kiosk's next pull, and a long attendee list
# in pages.
source "$(dirname "$0")/hub_common.bash"

PY=/usr/bin/python3 # Debian's, with python3-websocket
command -v chromium >/dev/null || { echo "chromium is required (.ci/deps.sh)"; exit 1; }
SHOTS=${AUKIO_CONSOLE_SHOTS:-$W/shots}
mkdir -p "$SHOTS"

PW='kirjasto on auki'
echo "$PW" | "$HUB" user add anna >/dev/null 2>&1
echo "$PW" | "$HUB" user add lahti --role library --venue aukio:place-lahti-main >/dev/null 2>&1

# ---- events: a storytime at Lahti (2 seats), a workshop at Hollola, a talk online ----------
NOW=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
day() { TZ=Europe/Helsinki date -d "@$1" +%Y-%m-%d; }
LAHTI='{"id":"aukio:place-lahti-main","name":{"fi":"Lahden pääkirjasto","sv":"Lahtis huvudbibliotek","en":"Lahti Main Library"},"street_address":{"fi":"Kirkkokatu 31, 15140 Lahti"}}'
HOLLOLA='{"id":"aukio:place-hollola","name":{"fi":"Hollolan kirjasto","sv":"Hollola bibliotek","en":"Hollola Library"},"street_address":{"fi":"Virastotie 3, 15870 Hollola"}}'
cat >"$W/events.json" <<EOF
[{"id":"e-story","name":{"fi":"Satutunti","sv":"Sagostund","en":"Storytime"},
  "start_time":"$(iso $((NOW + 2 * 86400)))","event_status":"EventScheduled","location":$LAHTI,
  "maximum_attendee_capacity":2,"waiting_list_capacity":5,"maximum_group_size":3,
  "x_aukio":{"category":"storytime","audience":{"fi":"Lapsiperheet","sv":"Barnfamiljer","en":"Families"}}},
 {"id":"e-work","name":{"fi":"Kirjoituspaja","sv":"Skrivverkstad","en":"Writing workshop"},
  "start_time":"$(iso $((NOW + 5 * 86400)))","event_status":"EventScheduled","location":$HOLLOLA,
  "maximum_attendee_capacity":300,"maximum_group_size":2,"x_aukio":{"category":"workshop"}},
 {"id":"e-online","name":{"fi":"Verkkoluento","sv":"Webbföreläsning","en":"Online talk"},
  "start_time":"$(iso $((NOW + 9 * 86400)))","event_status":"EventScheduled","location":null}]
EOF
"$HUB" event import "$W/events.json" >/dev/null
start_hub

capi() { # capi USER METHOD PATH [BODY] [CSRF] -> the status; the body in $W/out
    local args=(-s -o "$W/out" -w '%{http_code}' -X "$2" -b "$W/$1.jar" -c "$W/$1.jar")
    [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
    [ $# -ge 5 ] && [ -n "$5" ] && args+=(-H "X-CSRF-Token: $5")
    curl "${args[@]}" "$URL/console/api/$3"
}
capi anna POST login "{\"name\":\"anna\",\"password\":\"$PW\"}" >/dev/null
CSRF=$(jq -r .csrf "$W/out")
check "add kiosk lahti-aula" 200 "$(capi anna POST kiosks/add \
    '{"name":"lahti-aula","venue":"aukio:place-lahti-main"}' "$CSRF")"
DT=$(curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$(jq -r .token "$W/out")\"}" | jq -r .token)

op() { # op UUIDNUM EVENT NAME GROUP
    printf '{"uuid":"%s","kind":"signup","event_id":"%s","group_size":%d,"name":%s,"email":"v%d@example.fi","lang":"fi","created_at":%d,"code":"K%05d"}' \
        "$(uuid "$1")" "$2" "$4" "$(jq -Rn --arg s "$3" '$s')" "$1" "$(date +%s)" "$1"
}
checkin() { printf '{"uuid":"%s","kind":"checkin","signup":"%s","attended":1,"created_at":%d}' \
    "$(uuid "$1")" "$(uuid "$2")" "$(date +%s)"; }
check "kiosk push" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$(op 1 e-story 'Maija Meikäläinen' 2),
    $(op 2 e-story 'Pekka Virtanen' 1), $(op 3 e-story 'Liisa Laine' 2),
    $(op 4 e-work 'Hollolan Hanna' 1), $(op 5 e-work 'Olli Ojala' 2), $(op 6 e-work '=1+1' 1)]}")"
check "Pekka and Liisa wait" "confirmed waitlisted waitlisted" \
    "$(body | jq -r '[.results[0,1,2].result] | join(" ")')"
check "check-ins at the door" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$(checkin 20 4), $(checkin 21 5)]}")"
# A long list: 130 more at Hollola's workshop, in pushes of 65.
for batch in 0 1; do
    ops=""
    for i in $(seq 1 65); do
        n=$((100 + batch * 65 + i))
        ops+="${ops:+,}$(op $n e-work "Osallistuja $n" 1)"
    done
    check "push of 65 sign-ups" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$ops]}")"
done
api GET /v1/changes "$DT" >/dev/null
CURSOR=$(body | jq -r .cursor)

# ---- the JSON API: a report adds up to the attendee lists ----------------------------------
FROM=$(day "$NOW")
TO=$(day $((NOW + 60 * 86400)))
check "report by venue" 200 "$(capi anna GET "report?from=$FROM&to=$TO&by=venue")"
check "... three events" 3 "$(jq .total.events "$W/out")"
check "... people = the attendee lists' confirmed groups" 136 "$(jq .total.people "$W/out")"
check "... attended" 3 "$(jq .total.attended "$W/out")"
check "an XLSX report" 200 "$(capi anna GET "report?from=$FROM&to=$TO&by=month&format=xlsx")"
check "... is a workbook" "PK" "$(head -c2 "$W/out")"
check "... with the total row" "$(printf 'A4\ts\ttotal')" \
    "$("$PY" "$TESTS_DIR/tools/xlsx_dump.py" "$W/out" | grep -P '^A\d+\ts\ttotal' | head -1)"
check "a bad period" 400 "$(capi anna GET "report?from=$TO&to=$FROM&by=venue")"
hub_check

# ---- the browser ---------------------------------------------------------------------------
export CONSOLE_URL=$URL CONSOLE_PW=$PW CONSOLE_SHOTS=$SHOTS CONSOLE_DB=$DB
export CONSOLE_FROM=$FROM CONSOLE_TO=$TO CONSOLE_MOVE_UUID=$(uuid 3) CONSOLE_WAIT_UUID=$(uuid 2)
if "$PY" "$TESTS_DIR/tools/console_reports_browser.py"; then ok "browser: reports"; else fail "browser: reports"; fi
hub_check

# The move reached the kiosk: its next pull brings Liisa's sign-up confirmed; Pekka still waits.
api GET "/v1/changes?cursor=$CURSOR" "$DT" >/dev/null
check "the kiosk's pull: Liisa confirmed" "$(uuid 3) confirmed" \
    "$(body | jq -r --arg u "$(uuid 3)" '.signups[] | select(.uuid == $u) | "\(.uuid) \(.status)"')"
check "... and the event's new capacity" 4 \
    "$(capi anna GET 'event?id=e-story' >/dev/null; jq .event.capacity "$W/out")"
check "Pekka still waits" 1 "$(sqlite3 "$DB" "SELECT status FROM signups WHERE uuid = '$(uuid 2)'")"
check "the audit log: the move by its code" "anna signup.move e-story" \
    "$(sqlite3 "$DB" "SELECT user, action, target FROM console_audit WHERE action = 'signup.move'" | tr '|' ' ')"
check "... and no name" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM console_audit WHERE detail LIKE '%Liisa%'")"
stop_hub
echo "screenshots: $SHOTS"
finish
