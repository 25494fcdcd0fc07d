#!/usr/bin/env bash
# The coordinator's console (issue 13) against a real hub on 127.0.0.1 and, through
# tests/tools/console_browser.py, a real headless Chromium: users from the shell, sign-in, the
# overview and an event in three languages (screenshots in $AUKIO_CONSOLE_SHOTS, default
# $W/shots), a visitor named <img src=x onerror=alert(1)> pushed by a real kiosk shown as text, a
# cancel that promotes the waiting list and reaches the kiosk's pull, kiosks added and revoked,
# the lockout after ten wrong passwords, an expired session sent to sign-in. Through the JSON API
# directly: a change without the CSRF token is 403 and changes nothing; a library user cannot
# see another library's events or attendees.
source "$(dirname "$0")/hub_common.bash"

PY=/usr/bin/python3 # Debian's, with python3-websocket
command -v chromium >/dev/null || { echo "chromium is required (.ci/deps.sh)"; exit 1; }
SHOTS=${AUKIO_CONSOLE_SHOTS:-$W/shots}
mkdir -p "$SHOTS"

# ---- users from the shell -----------------------------------------------------------------
PW='kirjasto on auki'
check "user add coordinator" 0 "$(echo "$PW" | "$HUB" user add anna >/dev/null 2>&1; echo $?)"
check "user add library" 0 "$(echo "$PW" | "$HUB" user add lahti --role library \
    --venue 'Lahden pääkirjasto' >/dev/null 2>&1; echo $?)"
echo "$PW" | "$HUB" user add hollola --role library --venue aukio:place-hollola >/dev/null 2>&1
echo "$PW" | "$HUB" user add lukko >/dev/null 2>&1
check "a library user needs a venue" 1 "$(echo "$PW" | "$HUB" user add x --role library \
    >/dev/null 2>&1; echo $?)"
check "a short password is refused" 3 "$(echo short | "$HUB" user add y >/dev/null 2>&1; echo $?)"
check "a taken name is refused" 1 "$(echo "$PW" | "$HUB" user add anna >/dev/null 2>&1; echo $?)"
check "user list" "anna coordinator|hollola library|lahti library|lukko coordinator" \
    "$("$HUB" user list | awk '{print $1, $2}' | paste -sd'|')"
check "no password in the database" 0 "$(sqlite3 "$DB" \
    "SELECT count(*) FROM console_users WHERE pw_hash LIKE '%kirjasto%' OR pw_hash NOT LIKE '\$argon2id\$%'")"

# ---- events: today at Lahti (2 seats), later at Lahti and at Hollola ----------------------
NOW=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
LAHTI='{"id":"aukio:place-lahti-main","name":{"fi":"Lahden pääkirjasto","sv":"Lahtis huvudbibliotek","en":"Lahti Main Library"}}'
HOLLOLA='{"id":"aukio:place-hollola","name":{"fi":"Hollolan kirjasto","sv":"Hollola bibliotek","en":"Hollola Library"}}'
cat >"$W/events.json" <<EOF
[{"id":"e-today","name":{"fi":"Digiapua: älypuhelin tutuksi","sv":"Digihjälp: lär känna din smarttelefon","en":"Digital help: get to know your smartphone"},
  "start_time":"$(iso $((NOW + 300)))","end_time":"$(iso $((NOW + 3900)))","event_status":"EventScheduled",
  "location":$LAHTI,"maximum_attendee_capacity":2,"waiting_list_capacity":5,"maximum_group_size":2,
  "x_aukio":{"questions":[{"id":"phone","type":"single","required":true,
    "label":{"fi":"Puhelimesi","sv":"Din telefon","en":"Your phone"},
    "options":[{"id":"android","label":{"fi":"Android","sv":"Android","en":"Android"}},
               {"id":"iphone","label":{"fi":"iPhone","sv":"iPhone","en":"iPhone"}}]}]}},
 {"id":"e-story","name":{"fi":"Satutunti","sv":"Sagostund","en":"Storytime"},
  "start_time":"$(iso $((NOW + 3 * 86400)))","event_status":"EventScheduled","location":$LAHTI,
  "maximum_attendee_capacity":12,"maximum_group_size":4},
 {"id":"e-hollola","name":{"fi":"Kirjoituspaja","sv":"Skrivverkstad","en":"Writing workshop"},
  "start_time":"$(iso $((NOW + 5 * 86400)))","event_status":"EventScheduled","location":$HOLLOLA,
  "maximum_attendee_capacity":8,"maximum_group_size":1}]
EOF
"$HUB" event import "$W/events.json" >/dev/null
# A source whose feed cannot be reached (nothing listens on port 1 here): a problem to show.
"$HUB" source add lahti-ics http://127.0.0.1:1/lahti.ics --kind ics --every 60 >/dev/null
"$HUB" source fetch lahti-ics >/dev/null 2>&1 || true
start_hub

# ---- the JSON API: sign-in, session, CSRF --------------------------------------------------
# capi USER METHOD PATH [BODY] [CSRF]: as USER's session (cookie jar $W/USER.jar) -> the status.
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
check "signed out: 401" 401 "$(capi nobody GET overview)"
check "wrong password: 401" 401 "$(capi anna POST login '{"name":"anna","password":"wrong one!"}')"
check "login needs JSON" 415 "$(curl -s -o /dev/null -w '%{http_code}' -X POST \
    --data 'name=anna&password=x' "$URL/console/api/login")"
CSRF_ANNA=$(signin anna)
CSRF_LAHTI=$(signin lahti)
CSRF_HOLLOLA=$(signin hollola)
check "the cookie is HttpOnly and SameSite=Strict" 1 "$(curl -s -D - -o /dev/null \
    -H 'Content-Type: application/json' --data-binary "{\"name\":\"anna\",\"password\":\"$PW\"}" \
    "$URL/console/api/login" | grep -ci '^set-cookie: aukio_session=acs_.*; Path=/console; HttpOnly; SameSite=Strict')"
check "the page has a CSP without inline script" 1 "$(curl -s -D - -o /dev/null "$URL/console/" \
    | grep -i '^content-security-policy:' | grep -c "script-src 'self';")"

# Kiosks at Lahti and Hollola, added through the console, enrolled and pushing like real ones.
check "add kiosk lahti-aula" 200 "$(capi lahti POST kiosks/add '{"name":"lahti-aula"}' "$CSRF_LAHTI")"
ET=$(jq -r .token "$W/out")
check "a library's kiosk is at its venue" "Lahden pääkirjasto" "$(jq -r .venue "$W/out")"
DT_LAHTI=$(curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$ET\"}" | jq -r .token)
check "a library cannot add a kiosk elsewhere" 403 "$(capi lahti POST kiosks/add \
    '{"name":"x","venue":"aukio:place-hollola"}' "$CSRF_LAHTI")"
capi hollola POST kiosks/add '{"name":"hollola-1"}' "$CSRF_HOLLOLA" >/dev/null
DT_HOLLOLA=$(curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$(jq -r .token "$W/out")\"}" | jq -r .token)
capi anna POST kiosks/add '{"name":"varasto","venue":""}' "$CSRF_ANNA" >/dev/null

XSS='<img src=x onerror=alert(1)>'
op() { # op UUIDNUM EVENT NAME CODE ANSWER
    printf '{"uuid":"%s","kind":"signup","event_id":"%s","group_size":1,"name":%s,"email":"v%d@example.fi","lang":"fi","created_at":%d,"code":"%s","answers":{"phone":"%s"}}' \
        "$(uuid "$1")" "$2" "$(jq -Rn --arg s "$3" '$s')" "$1" "$(date +%s)" "$4" "$5"
}
check "kiosk push" 200 "$(api POST /v1/push "$DT_LAHTI" "{\"ops\":[$(op 1 e-today 'Maija Meikäläinen' MAI123 android),
    $(op 2 e-today "$XSS" XSS456 iphone), $(op 3 e-today 'Pekka Virtanen' PEK789 android),
    $(op 4 e-story 'Liisa Laine' LII111 android)]}")"
check "third is waitlisted" waitlisted "$(body | jq -r '.results[2].result')"
fb() { # fb UUIDNUM EVENT SCORE COMMENT
    printf '{"uuid":"%s","kind":"feedback","score":%d,"event_id":"%s","comment":%s,"lang":"fi","reasons":"topic"}' \
        "$(uuid "$1")" "$3" "$2" "$(jq -Rn --arg s "$4" '$s')"
}
check "kiosk feedback" 200 "$(api POST /v1/push "$DT_LAHTI" "{\"ops\":[$(fb 30 e-story 4 "$XSS"),
    $(fb 31 e-story 3 'Hauska satu!'), $(fb 32 e-story 4 '')]}")"
api POST /v1/push "$DT_HOLLOLA" "{\"ops\":[$(op 10 e-hollola 'Hollolan Hanna' HAN222 android)]}" >/dev/null
# Hollola's kiosk holds seats of a grant, as a kiosk about to go offline would.
check "hollola's kiosk gets a grant (its share of the free seats)" 1 "$(api POST /v1/grants "$DT_HOLLOLA" \
    "{\"settle\":[],\"want\":[{\"grant\":\"$(uuid 50)\",\"event_id\":\"e-hollola\",\"seats\":2}]}" >/dev/null; body | jq '.grants[0].seats')"
# Let the kiosk's first pull happen, so that its next one brings only what changes now.
api GET /v1/changes "$DT_LAHTI" >/dev/null
CURSOR=$(body | jq -r .cursor)

# Scope: each library sees its own venue's events and kiosks only, also through the API.
check "lahti sees e-today" 200 "$(capi lahti GET 'event?id=e-today')"
check "lahti sees its visitors" 1 "$(jq '[.attendees[] | select(.name == "Maija Meikäläinen")] | length' "$W/out")"
check "hollola cannot see lahti's event" 404 "$(capi hollola GET 'event?id=e-today')"
check "... nor its attendees anywhere" 0 "$(grep -c Maija "$W/out")"
check "lahti cannot see hollola's event" 404 "$(capi lahti GET 'event?id=e-hollola')"
capi hollola GET overview >/dev/null
check "hollola's overview: its events only" "e-hollola" "$(jq -r '[.events[].id] | join(",")' "$W/out")"
check "hollola's overview: its kiosks only" "hollola-1" "$(jq -r '[.kiosks[].name] | join(",")' "$W/out")"
"$HUB" device add lahti-2 --venue 'Lahden pääkirjasto' >/dev/null 2>&1
capi lahti GET kiosks >/dev/null
check "a kiosk added from the shell at a venue is that library's" "lahti-2,lahti-aula" \
    "$(jq -r '[.kiosks[].name] | join(",")' "$W/out")"
capi anna GET overview >/dev/null
check "the coordinator sees every event" "e-today,e-story,e-hollola" "$(jq -r '[.events[].id] | join(",")' "$W/out")"
check "... and the failing source first" "source_failed lahti-ics" "$(jq -r '.problems[] | "\(.kind) \(.source)"' "$W/out")"
check "hollola does not" 0 "$(capi hollola GET overview >/dev/null; jq '.problems | length' "$W/out")"
check "hollola cannot cancel lahti's sign-up" 404 "$(capi hollola POST signup/cancel \
    "{\"event\":\"e-today\",\"signup\":\"$(uuid 1)\"}" "$CSRF_HOLLOLA")"
check "hollola cannot revoke lahti's kiosk" 404 "$(capi hollola POST kiosks/revoke \
    '{"name":"lahti-aula"}' "$CSRF_HOLLOLA")"
check "the audit log is the coordinators'" 403 "$(capi lahti GET audit)"
check "lahti exports its event" 200 "$(capi lahti GET 'export?id=e-today&format=excel')"
check "... for Excel: a BOM and ';'" "efbbbf" "$(head -c3 "$W/out" | od -An -tx1 | tr -d ' ')"
check "... with its visitors" 1 "$(grep -c 'Maija Meikäläinen' "$W/out")"
check "hollola cannot export it" 404 "$(capi hollola GET 'export?id=e-today&format=csv')"
capi hollola GET feedback >/dev/null
check "hollola sees no feedback of lahti's" 0 "$(jq '.events | length' "$W/out")"
capi lahti GET feedback >/dev/null
check "lahti sees its event's feedback" "e-story 3" "$(jq -r '.events[] | "\(.event.id) \(.count)"' "$W/out")"

# CSRF: no token, a wrong token, another session's token: 403, and nothing changed.
AUDIT_BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM console_audit")
CANCEL="{\"event\":\"e-today\",\"signup\":\"$(uuid 1)\"}"
check "cancel without the CSRF token" 403 "$(capi anna POST signup/cancel "$CANCEL")"
check "cancel with a wrong CSRF token" 403 "$(capi anna POST signup/cancel "$CANCEL" wrongtoken)"
check "cancel with another session's token" 403 "$(capi anna POST signup/cancel "$CANCEL" "$CSRF_LAHTI")"
check "revoke without the CSRF token" 403 "$(capi anna POST kiosks/revoke '{"name":"lahti-aula"}')"
check "logout without the CSRF token" 403 "$(capi anna POST logout '{}')"
check "... the sign-up is still confirmed" 0 "$(sqlite3 "$DB" "SELECT status FROM signups WHERE uuid = '$(uuid 1)'")"
check "... the kiosk is not revoked" "" "$(sqlite3 "$DB" "SELECT revoked_at FROM devices WHERE name = 'lahti-aula'")"
check "... no audit row was written" "$AUDIT_BEFORE" "$(sqlite3 "$DB" "SELECT count(*) FROM console_audit")"
check "... the session still works" 200 "$(capi anna GET overview)"
hub_check

# ---- the browser ---------------------------------------------------------------------------
export CONSOLE_URL=$URL CONSOLE_PW=$PW CONSOLE_SHOTS=$SHOTS CONSOLE_DB=$DB
export CONSOLE_CANCEL_UUID=$(uuid 1) CONSOLE_PROMOTED_UUID=$(uuid 3) CONSOLE_XSS=$XSS
if "$PY" "$TESTS_DIR/tools/console_browser.py" main; then ok "browser: main"; else fail "browser: main"; fi
hub_check

# The cancel reached the kiosk as the protocol says: its next pull brings the cancel of its own
# sign-up and the promotion of the one waiting.
api GET "/v1/changes?cursor=$CURSOR" "$DT_LAHTI" >/dev/null
check "the kiosk's pull: cancelled and promoted" "$(uuid 1) cancelled|$(uuid 3) confirmed" \
    "$(body | jq -r '[.signups[] | "\(.uuid) \(.status)"] | sort | join("|")')"
check "the audit log names the code, not the visitor" "anna signup.cancel e-today" \
    "$(sqlite3 "$DB" "SELECT user, action, target FROM console_audit WHERE action = 'signup.cancel'" | tr '|' ' ')"
check "... and no name" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM console_audit WHERE detail LIKE '%Maija%'")"

# ---- an expired session: a hub whose sessions end after 3 s unused -------------------------
stop_hub
AUKIO_HUB_CONSOLE_IDLE_S=3 start_hub
export CONSOLE_URL=$URL
if "$PY" "$TESTS_DIR/tools/console_browser.py" expiry; then ok "browser: expiry"; else fail "browser: expiry"; fi
check "... and through the API: 401" 401 "$(sleep 4; capi anna GET overview)"
stop_hub

# ---- under HTTPS the cookie is Secure and browsers are told to stay on HTTPS ----------------
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null
    rm -f "$W/port"
    "$HUB" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$W/port" \
        --cert "$W/cert.pem" --key "$W/key.pem" 2>>"$W/hub.log" &
    HUB_PID=$!
    for _ in $(seq 1 200); do [ -s "$W/port" ] && break; sleep 0.05; done
    sleep 0.2
    curl -s -D "$W/head" -o /dev/null --cacert "$W/cert.pem" -H 'Content-Type: application/json' \
        --data-binary "{\"name\":\"anna\",\"password\":\"$PW\"}" \
        "https://127.0.0.1:$(cat "$W/port")/console/api/login"
    check "HTTPS: the session cookie is Secure" 1 \
        "$(grep -ci '^set-cookie: aukio_session=acs_.*HttpOnly; SameSite=Strict; Secure' "$W/head")"
    check "HTTPS: Strict-Transport-Security" 1 "$(grep -ci '^strict-transport-security: max-age=' "$W/head")"
    stop_hub
fi
echo "screenshots: $SHOTS"
finish
