#!/usr/bin/env bash
# The console's kiosks and problems (issue 13) against a real hub on 127.0.0.1 and, through
# tests/tools/console_kiosks.py, a real headless Chromium: a kiosk added on the kiosks page shows
# its one-time token and a QR code that zbarimg decodes from the screenshot to the exact enrolment
# text, and that text enrols at the hub; what kiosks report with their pulls (records waiting,
# version) on the kiosks page and the overview, an older kiosk's pull without it still working;
# the overview's problems first, each with its link, in three languages (a kiosk silent for a day,
# a source whose fetch failed, mail that bounced); an event made on a kiosk named on the event page
# and the lists; console requests in the access log without tokens, cookies, codes or names; a
# locked account answering as a name that does not exist.
source "$(dirname "$0")/hub_common.bash"

PY=/usr/bin/python3 # Debian's, with python3-websocket
command -v chromium >/dev/null || { echo "chromium is required (.ci/deps.sh)"; exit 1; }
command -v zbarimg >/dev/null || { echo "zbarimg is required (zbar-tools, .ci/deps.sh)"; exit 1; }
SHOTS=${AUKIO_CONSOLE_SHOTS:-$W/shots}
mkdir -p "$SHOTS"

PW='kirjasto on auki'
echo "$PW" | "$HUB" user add anna >/dev/null 2>&1
echo "$PW" | "$HUB" user add lukko >/dev/null 2>&1
NOW=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
cat >"$W/events.json" <<EOF2
[{"id":"e-story","name":{"fi":"Satutunti","sv":"Sagostund","en":"Storytime"},
  "start_time":"$(iso $((NOW + 3 * 86400)))","event_status":"EventScheduled",
  "location":{"id":"aukio:lahti","name":{"fi":"Lahden pääkirjasto"}},
  "maximum_attendee_capacity":12,"maximum_group_size":4},
 {"id":"spot:lahti-aula:1","name":{"fi":"Pop-up: lukupiiri","sv":"Pop-up: läsecirkel","en":"Pop-up: reading circle"},
  "start_time":"$(iso $((NOW + 2 * 86400)))","event_status":"EventScheduled",
  "location":{"id":"aukio:lahti","name":{"fi":"Lahden pääkirjasto"}},
  "maximum_attendee_capacity":8,"maximum_group_size":1}]
EOF2
"$HUB" event import "$W/events.json" >/dev/null
# A source whose feed cannot be reached (nothing listens on port 1 here).
"$HUB" source add lahti-ics http://127.0.0.1:1/lahti.ics --kind ics --every 60 >/dev/null
"$HUB" source fetch lahti-ics >/dev/null 2>&1 || true
start_hub --access-log

# ---- kiosks that report and one that does not ----------------------------------------------
DT_NEW=$(enrol lahti-aula)
DT_OLD=$(enrol hollola-vanha)
check "a kiosk's pull with its report" 200 "$(api GET '/v1/changes?limit=10&waiting=3&version=0.1.0' "$DT_NEW")"
check "an older kiosk's pull without one" 200 "$(api GET '/v1/changes?limit=10' "$DT_OLD")"
check "... which still brings the events" 2 "$(body | jq '.changes | length')"
check "a malformed report is refused" 400 "$(api GET '/v1/changes?waiting=many&version=0.1.0' "$DT_NEW")"
check "the hub stored the report (schema 16)" "lahti-aula|3|0.1.0 hollola-vanha||" \
    "$(sqlite3 "$DB" "SELECT name, waiting, version FROM devices ORDER BY name DESC" | paste -sd' ')"
check "schema 16" 16 "$(sqlite3 "$DB" 'PRAGMA user_version')"
# The event made on the spot came from lahti-aula; a kiosk silent for two days.
sqlite3 "$DB" "UPDATE events SET made_by = (SELECT id FROM devices WHERE name = 'lahti-aula')
               WHERE id = 'spot:lahti-aula:1';
               UPDATE devices SET last_seen = $((NOW - 2 * 86400)) WHERE name = 'hollola-vanha';"
# Mail that bounced (a 550 from the visitor's server makes a row FAILED: hub_mail.sh; here the
# row is written as the mailer leaves it, without the personal data it deletes).
sqlite3 "$DB" "INSERT INTO mail_outbox(kind, state, event_id, created_at, attempts, done_at)
               VALUES (0, 3, 'e-story', $NOW, 1, $NOW), (0, 3, 'e-story', $NOW, 1, $NOW)"

# ---- the browser ---------------------------------------------------------------------------
export CONSOLE_URL=$URL CONSOLE_PW=$PW CONSOLE_SHOTS=$SHOTS
if "$PY" "$TESTS_DIR/tools/console_kiosks.py" >"$W/browser.log" 2>&1; then
    ok "browser: kiosks, QR and problems"
else
    fail "browser: $(tail -5 "$W/browser.log")"
fi
sed 's/^/  /' "$W/browser.log"

# The QR code on the screenshot decodes to the exact text the page showed, and it enrols.
SHOWN=$(cat "$SHOTS/enrol_text.txt" 2>/dev/null || true)
DECODED=$(zbarimg -q --raw "$SHOTS/kiosks_qr_fi.png" 2>/dev/null || true)
check "zbarimg decodes the QR code to the enrolment text" "$SHOWN" "$DECODED"
case "$DECODED" in
aukio-enrol:v1\?hub=$URL\&token=aue_*) ok "... aukio-enrol:v1?hub=$URL&token=aue_…" ;;
*) fail "the enrolment text: [$DECODED]" ;;
esac
TOKEN=${DECODED##*token=}
check "the QR code's token enrols" lahti-lapset \
    "$(curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$TOKEN\"}" | jq -r .device)"
# The served image itself (the data: URL the API answered): an SVG, drawn by Chromium above.
jq -r .qr "$SHOTS/added.json" | sed 's/^data:image\/svg+xml;base64,//' | base64 -d >"$W/qr.svg"
check "the hub's SVG is an SVG" 1 "$(grep -c '^<svg xmlns="http://www.w3.org/2000/svg"' "$W/qr.svg")"

# ---- the access log ------------------------------------------------------------------------
grep 'aukio-hub: access' "$W/hub.log" >"$W/access.log" || true
check "console requests are in the access log" 1 \
    "$(grep -c 'access 127.0.0.1 POST /console/api/login 200 ' "$W/access.log" | cut -c1)"
check "... the page's calls by name" 1 \
    "$(grep -q 'GET /console/api/overview 200' "$W/access.log" && grep -q 'POST /console/api/kiosks/add 200' "$W/access.log" && echo 1)"
check "... an unknown console path is not shown as typed" 1 \
    "$(curl -s -o /dev/null "$URL/console/maija-meikalainen"; sleep 0.2; grep -c 'GET /console/(other) 404' "$W/hub.log")"
check "... no token, cookie, code or name in it" 0 \
    "$(grep -cE 'aue_|aud_|acs_|aukio_session|lahti-lapset|lukko|anna|maija|token|\?' "$W/hub.log" | head -1 || true)"

# ---- a locked account answers as a name that does not exist --------------------------------
login() { curl -s -o "$W/login.json" -w '%{http_code} ' -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"$1\",\"password\":\"$2\"}" "$URL/console/api/login"; cat "$W/login.json"; }
for _ in $(seq 1 10); do login lukko 'not the password' >/dev/null; done
NOBODY=$(login nobody 'not the password')
check "a locked name's right password answers as an unknown name" "$NOBODY" "$(login lukko "$PW")"
check "... which is a 401" 401 "${NOBODY%% *}"
check "... and the account is locked" 1 "$("$HUB" user list | grep -c '^lukko .*LOCKED')"
hub_check
finish
