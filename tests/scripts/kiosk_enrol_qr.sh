#!/usr/bin/env bash
# kiosk_enrol_qr.sh: a kiosk enrolled from staff mode's "Liitä keskuspalvelimeen" with the code the
# coordinator's console shows as a QR code (issue 13), against a real hub on 127.0.0.1: the
# console adds the kiosk and answers its enrolment text; a headless kiosk types a malformed code
# into the screen (as a USB scanner types, ending with Enter), which is refused and changes
# nothing; then the console's text, which enrols (the staff worker runs `aukio enrol`'s own code):
# the config gets the hub, the token file the device token (mode 0600), and the kiosk's next round
# reports its records waiting and version to the hub.
source "$(dirname "$0")/sync_common.bash"

PW='kirjasto on auki'
echo "$PW" | "$HUB" user add anna >/dev/null 2>&1
start_hub
curl -s -c "$W/jar" -o "$W/login.json" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"anna\",\"password\":\"$PW\"}" "$URL/console/api/login"
CSRF=$(jq -r .csrf "$W/login.json")
check "the console adds the kiosk" 200 "$(curl -s -b "$W/jar" -o "$W/added.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
    --data-binary "{\"name\":\"lahti-qr\",\"venue\":\"\",\"hub\":\"$URL\"}" "$URL/console/api/kiosks/add")"
TEXT=$(jq -r .enrol "$W/added.json")
case "$TEXT" in
"aukio-enrol:v1?hub=$URL&token=aue_"*) ok "the enrolment text: aukio-enrol:v1?hub=$URL&token=aue_…" ;;
*) fail "the enrolment text: [$TEXT]" ;;
esac

new_kiosk k
# in LINES...: staff mode's "Connect to the hub" with the kiosk's PIN, then LINES.
in_hub_screen() {
    printf '%s\n' 'tap "Suomi"' 'drag 138 52 138 52 3000' 'tap "2"' 'tap "4"' 'tap "6"' 'tap "8"' \
        'tap "OK"' 'tap "Synkronointi"' 'tap "Liitä keskuspalvelimeen"' 'expect "Käyttöönottokoodi"' \
        "$@" >"$W/flow.txt"
    play k "$W/flow.txt" --now "$FLOW_NOW" >"$W/play.log" 2>&1
}
cp "$W/k.ini" "$W/k.ini.before"
# A code with the hub's address but a token of the wrong kind (a device token, say).
BAD="aukio-enrol:v1?hub=$URL&token=aud_${TEXT##*token=aue_}"
in_hub_screen "type \"$BAD\"" 'key enter' \
    'expect "Koodista puuttuu palvelimen osoite tai käyttöönottotunnus."' &&
    ok "a malformed code is refused with a sentence" || fail "refused: $(tail -5 "$W/play.log"; tail -5 "$W/k.ui.log")"
check "... and changes nothing: the config" "" "$(diff "$W/k.ini.before" "$W/k.ini")"
check "... no token file" 0 "$(find "$W" -maxdepth 1 -name '*token*' | wc -l)"
check "... and the hub's token is not spent" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE name = 'lahti-qr' AND enrol_hash IS NOT NULL AND token_hash IS NULL")"

# The code as the console showed it (and as zbarimg read it from its QR code: hub_console_kiosks.sh).
in_hub_screen "type \"$TEXT\"" 'key enter' 'wait 3000' \
    'expect "Kioski on liitetty keskuspalvelimeen nimellä lahti-qr"' 'shot enrolled' &&
    ok "the scanned code enrols: the screen says so" || fail "enrol: $(tail -5 "$W/play.log"; tail -5 "$W/k.ui.log")"
# AUKIO_KIOSK_SHOTS=DIR keeps the screen that said it, to look at.
[ -n "${AUKIO_KIOSK_SHOTS:-}" ] && cp "$W"/enrolled*.png "$AUKIO_KIOSK_SHOTS/" 2>/dev/null
check "the config has the hub" "hub = $URL" "$(grep '^hub = ' "$W/k.ini")"
TOKEN_FILE=$(find "$W" -maxdepth 1 -name '*token*' ! -name '*.enrol-request' | head -1)
check "the token file is mode 0600" 600 "$(stat -c %a "$TOKEN_FILE" 2>/dev/null)"
check "... and holds a device token" 1 "$(grep -c '^aud_' "$TOKEN_FILE" 2>/dev/null)"
check "the hub has the kiosk enrolled" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE name = 'lahti-qr' AND token_hash IS NOT NULL")"
grep -q "enrolled as lahti-qr at $URL" "$W/play.log" && ok "the kiosk says it as aukio enrol does" ||
    fail "log: $(tail -3 "$W/play.log")"
# The enrolled kiosk's round reports what it has waiting and its version (schema 16).
ksync k && ok "the enrolled kiosk syncs" || fail "sync: $(tail -3 "$W/k.sync.log")"
VERSION=$("$HUB" --version 2>/dev/null | awk '{print $NF}' || true)
check "the hub stored the kiosk's report" "0|1" \
    "$(sqlite3 "$DB" "SELECT waiting, version IS NOT NULL AND reported_at > 0 FROM devices WHERE name = 'lahti-qr'")"
[ -n "$VERSION" ] && check "... its version" "$VERSION" \
    "$(sqlite3 "$DB" "SELECT version FROM devices WHERE name = 'lahti-qr'")"
finish
