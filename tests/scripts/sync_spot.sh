#!/usr/bin/env bash
# sync_spot.sh: an event made on the spot (issue 10, item 2), from a real kiosk to a real hub on
# 127.0.0.1. Staff make it with `aukio event add` while the hub is down; visitors sign up at once
# (confirmed under the grant that holds all its seats, then the waiting list: never
# "provisional", there is nobody to ask); one cancels. When the hub is back, one round brings the
# event and its sign-ups, each once: the hub has the event as the kiosk's, confirms what the
# kiosk confirmed, promotes the head of the waiting list into the cancelled seat, and a replay of
# the round changes nothing. A second kiosk sees the event in its catalogue. A second made event
# goes to the hub on a USB stick first (the outbox bundle); the network round after it brings
# nothing twice.
source "$(dirname "$0")/sync_common.bash"

START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"cat-1","name":{"fi":"Satutunti"},"start_time":"$START",
  "location":{"id":"lahti:main","name":{"fi":"Lahden pääkirjasto","sv":"Lahtis huvudbibliotek"}},
  "event_status":"EventScheduled","maximum_attendee_capacity":10,"waiting_list_capacity":5}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk k
printf 'venue = lahti:main\n' >>"$W/k.ini"
enrol_kiosk k
ksync k || fail "first sync"
stop_hub

# Offline: staff make an event for tomorrow afternoon.
DAY=$(date -d '+1 day' +%Y-%m-%d)
if "$KIOSK" --config "$W/k.ini" event add --title-fi "Puistopiknik" --start 15:00 --end 14:00 \
    --date "$DAY" 2>"$W/err"; then fail "an end before the start accepted"; else
    grep -q "end: not after --start; nothing was made" "$W/err" && ok "an end before the start refused" ||
        fail "bad end: $(cat "$W/err")"
fi
check "nothing made by a refused event" 0 "$(kq k "SELECT count(*) FROM events WHERE spot > 0")"
out=$("$KIOSK" --config "$W/k.ini" event add --title-fi "Puistopiknik" --title-en "Park picnic" \
    --date "$DAY" --start 15:00 --end 17:30 --capacity 3 --waitlist 2 \
    --question "yesno:Tarvitsetko lainakoneen?" 2>&1) || fail "event add: $out"
EV=$(sed -n 's/^event made: \(spot:[0-9a-f-]*\);.*/\1/p' <<<"$out")
[ -n "$EV" ] && ok "event add names the event ($EV)" || fail "event add said: $out"
check "it is waiting for the hub" 1 "$(kq k "SELECT spot FROM events WHERE id = '$EV'")"
check "at the kiosk's venue" "Lahden pääkirjasto|lahti:main" \
    "$(kq k "SELECT venue_fi, venue_id FROM events WHERE id = '$EV'")"
check "its grant holds every seat, in every boot" "open|3|0|*" \
    "$(kq k "SELECT state, seats, used, boot_id FROM grants WHERE event_id = '$EV'")"
check "one event op queued" 1 "$(kq k "SELECT count(*) FROM outbox WHERE kind = 'event'")"

# Five people sign up: three confirmed under the grant, two on the waiting list.
"$KIOSK_FILL" "$W/k.db" "$EV" 5 0 --escrow >/dev/null || fail "kiosk_fill"
check "three confirmed, two waiting, none provisional" "confirmed|3
waitlisted|2" "$(kq k "SELECT status, count(*) FROM signups WHERE event_id = '$EV' GROUP BY status")"
C1=$(kq k "SELECT code FROM signups WHERE event_id = '$EV' AND status = 'confirmed' ORDER BY created_at, rowid LIMIT 1")
W1=$(kq k "SELECT uuid FROM signups WHERE event_id = '$EV' AND status = 'waitlisted' ORDER BY created_at, rowid LIMIT 1")
"$KIOSK" --config "$W/k.ini" cancel "$C1" >/dev/null || fail "cancel"

# A second event, with one sign-up, reaches the hub by the coordinator's stick while the hub is
# down (aukio-hub bundle import works on its database); imported twice, it changes nothing.
out=$("$KIOSK" --config "$W/k.ini" event add --title-fi "Tikkupiknik" --date "$DAY" \
    --start 18:00 --end 19:00 --capacity 2 --waitlist 0 2>&1) || fail "second event add: $out"
EV2=$(sed -n 's/^event made: \(spot:[0-9a-f-]*\);.*/\1/p' <<<"$out")
"$KIOSK_FILL" "$W/k.db" "$EV2" 1 0 --escrow >/dev/null || fail "kiosk_fill EV2"
"$KIOSK" --config "$W/k.ini" bundle export "$W/out.bundle" >/dev/null || fail "bundle export"
"$HUB" bundle import "$W/out.bundle" >/dev/null || fail "hub bundle import: $("$HUB" bundle import "$W/out.bundle" 2>&1)"
"$HUB" bundle import "$W/out.bundle" >/dev/null || fail "second hub bundle import"
hq() { sqlite3 "$DB" "$1"; }
check "the stick brought the second event and its sign-up, once" "1|1" \
    "$(hq "SELECT (SELECT count(*) FROM events WHERE id = '$EV2'), (SELECT count(*) FROM signups WHERE event_id = '$EV2')")"
check "the stick brought the first event too, with its five sign-ups" "1|5" \
    "$(hq "SELECT (SELECT count(*) FROM events WHERE id = '$EV'), (SELECT count(*) FROM signups WHERE event_id = '$EV')")"

# The hub is back: one round.
start_hub
point_kiosk k "$URL"
cp "$W/k.db" "$W/k-before.db"
cp -p "$W/k.db.token" "$W/k-before.db.token" # the device token is beside its database
ksync k || fail "sync after the hub came back: $(tail -3 "$W/k.sync.log")"
check "the hub has the event once, as the kiosk's" "1|1" \
    "$(hq "SELECT count(*), count(made_by) FROM events WHERE id = '$EV'")"
check "the kiosk knows the hub has it" 2 "$(kq k "SELECT spot FROM events WHERE id = '$EV'")"
check "five sign-ups at the hub" 5 "$(hq "SELECT count(*) FROM signups WHERE event_id = '$EV'")"
check "the waiting list's head took the cancelled seat" 1 \
    "$(hq "SELECT count(*) FROM signups WHERE uuid = '$W1' AND promoted_at IS NOT NULL")"
check "everything answered" 0 "$(kq k "SELECT count(*) FROM outbox WHERE acked_at IS NULL")"
"$HUB" check >/dev/null || fail "aukio-hub check: $("$HUB" check 2>&1)"
ops=$(hq "SELECT count(*) FROM ops")

# A replay of the same round (as after a lost answer) changes nothing.
cp "$W/k.ini" "$W/k2.ini"
sed -i "s|^database = .*|database = $W/k-before.db|" "$W/k2.ini"
"$KIOSK" --config "$W/k2.ini" sync --once >/dev/null 2>&1 || fail "replayed round"
check "a replay adds no op" "$ops" "$(hq "SELECT count(*) FROM ops")"
check "the network brought the stick's event nothing twice" "1|1" \
    "$(hq "SELECT (SELECT count(*) FROM events WHERE id = '$EV2'), (SELECT count(*) FROM signups WHERE event_id = '$EV2')")"
check "still one event, five sign-ups" "1|5" \
    "$(hq "SELECT (SELECT count(*) FROM events WHERE id = '$EV'), (SELECT count(*) FROM signups WHERE event_id = '$EV')")"

# Another kiosk pulls it like any event of the catalogue.
new_kiosk other
enrol_kiosk other
ksync other || fail "other kiosk's sync"
check "the other kiosk has it" "Puistopiknik|0" \
    "$(kq other "SELECT title_fi, spot FROM events WHERE id = '$EV'")"
"$HUB" check >/dev/null || fail "aukio-hub check at the end"
finish
