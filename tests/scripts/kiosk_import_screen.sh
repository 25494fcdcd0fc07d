#!/usr/bin/env bash
# kiosk_import_screen.sh: "Import from the coordinator" on the staff's export screen (issue 10,
# item 6): a kiosk enrolled once and then without a network finds the hub's catalogue bundle on
# the stick (AUKIO_EXPORT_DIR, the file named aukio-catalogue-NAME-*.json as `aukio-hub bundle
# export --device NAME` suggests) and imports it through sync_bundle_import: the events come,
# and the screen says so in one sentence. Another kiosk's bundle, newest on the stick, is refused
# and changes nothing; with several of its own the newest is taken. Real processes on 127.0.0.1.
source "$(dirname "$0")/sync_common.bash"
export TZ=Europe/Helsinki SDL_VIDEODRIVER=dummy

START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"stick-1","name":{"fi":"Tikulta tullut satutunti"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":20}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk k
enrol_kiosk k
new_kiosk other
enrol_kiosk other
# From here on the kiosk has no network: the stick is its only way to the hub.
point_kiosk k "http://127.0.0.1:9/"
STICK="$W/stick"
mkdir -p "$STICK"

# play-import LINES...: a headless run into staff mode's export screen, "Tuo koordinaattorilta",
# then LINES; its log in $W/play.log.
play_import() {
    printf '%s\n' 'tap 900 900' 'drag 138 52 138 52 3000' 'tap "2"' 'tap "4"' 'tap "6"' 'tap "8"' \
        'tap "OK"' 'tap "Vie tiedot"' 'tap "Tuo koordinaattorilta"' "$@" >"$W/flow.txt"
    AUKIO_EXPORT_DIR="$STICK" "$KIOSK" --config "$W/k.ini" --headless --script "$W/flow.txt" \
        --shots "$W" >"$W/play.log" 2>&1
}

play_import 'expect "Paikassa stick ei ole koordinaattorin tiedostoa (nimi alkaa aukio-catalogue-)."' &&
    ok "an empty stick: says so" || fail "empty: $(cat "$W/play.log")"

# Another kiosk's bundle, the newest on the stick: refused, nothing changes.
"$HUB" bundle export --device k "$STICK/aukio-catalogue-k-2026-03-16-0900.json" >/dev/null || fail "export k"
touch -d '1 hour ago' "$STICK/aukio-catalogue-k-2026-03-16-0900.json"
"$HUB" bundle export --device other "$STICK/aukio-catalogue-other-2026-03-16-1000.json" >/dev/null ||
    fail "export other"
play_import 'expect "Tiedostoa stick/aukio-catalogue-other-2026-03-16-1000.json ei tuotu"' \
    'expect "Mitään ei muutettu."' 'shot refused' &&
    ok "another kiosk's bundle is refused, in one sentence" || fail "other: $(cat "$W/play.log")"
check "nothing changed on the kiosk" 0 "$(kq k "SELECT count(*) FROM events")"
grep -q "MAC" "$W/play.log" && ok "the log says why (the MAC)" || fail "log: $(cat "$W/play.log")"

# Its own, now the newest: imported.
rm "$STICK/aukio-catalogue-other-2026-03-16-1000.json"
printf 'not a bundle\n' >"$STICK/aukio-bundle-k-2026-03-16-0900.json" # the kiosk's own kind: not looked at
play_import 'expect "1 muutos tuotu: stick/aukio-catalogue-k-2026-03-16-0900.json"' 'tap "Takaisin"' \
    'tap "Osallistujat"' 'expect "Tikulta tullut satutunti"' &&
    ok "its own bundle is imported: said, and the event is on the screens" ||
    fail "import: $(cat "$W/play.log")"
check "the event is in the kiosk's store" 1 "$(kq k "SELECT count(*) FROM events WHERE id = 'stick-1'")"
check "its grant is open" 1 "$(kq k "SELECT count(*) FROM grants WHERE state = 'open'")"

# Tampered: refused, and the grant stays as it was.
sed 's/Tikulta/Tikulla/' "$STICK/aukio-catalogue-k-2026-03-16-0900.json" >"$STICK/aukio-catalogue-k-2026-03-16-1100.json"
play_import 'expect "Mitään ei muutettu."' && ok "a tampered bundle is refused" ||
    fail "tampered: $(cat "$W/play.log")"
check "the event kept its title" "Tikulta tullut satutunti" "$(kq k "SELECT title_fi FROM events WHERE id = 'stick-1'")"
finish
