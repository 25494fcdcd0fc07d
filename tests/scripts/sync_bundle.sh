#!/usr/bin/env bash
# sync_bundle.sh: a kiosk with no network and the coordinator's USB stick (issue 10). The hub's
# catalogue bundle brings the events and grants to a kiosk that never pulled; the kiosk confirms
# sign-ups under those grants; its outbox bundle brings them, a check-in and feedback to the hub.
# Importing either twice changes nothing; the same kiosk syncing over the network later
# duplicates nothing; a tampered, forged or revoked device's bundle is refused and changes
# nothing; an old catalogue does not undo a newer pull. Real processes on 127.0.0.1.
source "$(dirname "$0")/sync_common.bash"

EV=bundle-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Tikulla"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":20,
  "waiting_list_capacity":5,"maximum_group_size":2},
 {"id":"bundle-2","name":{"fi":"Toinen"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":5}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk k
enrol_kiosk k
new_kiosk other
enrol_kiosk other
hq() { sqlite3 "$DB" "$1"; }

# ---- The hub's catalogue to the kiosk -----------------------------------------------------
# A week's grants: a stick may travel for days (and both exports fall in one grant lifetime).
"$HUB" bundle export --device k --grant-ttl 604800 "$W/cat.bundle" >"$W/out" || fail "hub bundle export: $(cat "$W/out")"
grep -q "bundle for k: 2 changes in 1 page, 2 grants" "$W/out" && ok "the hub says what it wrote" || fail "said: $(cat "$W/out")"
check "the catalogue bundle is mode 0600" 600 "$(stat -c %a "$W/cat.bundle")"
check "grants held for k at the hub" 2 "$(hq "SELECT count(*) FROM grants g JOIN devices d ON d.id = g.device_id WHERE d.name = 'k' AND g.state = 0")"
# The hub shares the free seats among the enrolled kiosks: how many is its policy's to say.
GS=$(hq "SELECT sum(seats) FROM grants g JOIN devices d ON d.id = g.device_id WHERE d.name = 'k'")
"$HUB" bundle export --device k --grant-ttl 604800 "$W/cat-again.bundle" >/dev/null || fail "second hub export"
check "exporting again holds no more seats (the same grants)" "2 $GS" \
    "$(hq "SELECT count(*) || ' ' || sum(seats) FROM grants g JOIN devices d ON d.id = g.device_id WHERE d.name = 'k'")"
if "$HUB" bundle export --device nobody "$W/x.bundle" 2>"$W/err"; then fail "an unknown device's bundle"; else
    grep -q "no enrolled, unrevoked device named nobody" "$W/err" && ok "an unknown device is refused" || fail "$(cat "$W/err")"
fi

# Tampered: one byte of the body changed. Refused, nothing changed.
sed 's/Tikulla/Tikullb/' "$W/cat.bundle" >"$W/cat-bad.bundle"
if "$KIOSK" --config "$W/k.ini" bundle import "$W/cat-bad.bundle" 2>"$W/err"; then fail "a tampered catalogue accepted"; else
    grep -q "MAC does not match" "$W/err" && ok "a tampered catalogue is refused" || fail "$(cat "$W/err")"
fi
check "nothing changed on the kiosk" 0 "$(kq k "SELECT count(*) FROM events")"
# Another kiosk's catalogue: its key is not this kiosk's.
"$HUB" bundle export --device other "$W/cat-other.bundle" >/dev/null || fail "export for other"
if "$KIOSK" --config "$W/k.ini" bundle import "$W/cat-other.bundle" 2>/dev/null; then fail "another kiosk's catalogue accepted"; else ok "another kiosk's catalogue is refused"; fi
# An outbox bundle is not a catalogue.
"$KIOSK" --config "$W/k.ini" bundle export "$W/empty.bundle" >/dev/null || fail "an empty outbox bundle"
if "$KIOSK" --config "$W/k.ini" bundle import "$W/empty.bundle" 2>"$W/err"; then fail "an outbox taken as a catalogue"; else
    grep -q 'kind "outbox", not "catalogue"' "$W/err" && ok "the kind is checked" || fail "$(cat "$W/err")"
fi

"$KIOSK" --config "$W/k.ini" bundle import "$W/cat.bundle" >"$W/out" || fail "kiosk bundle import: $(cat "$W/out")"
grep -q "2 changes in 1 page, 2 grants ($GS seats)" "$W/out" && ok "the kiosk says what it applied" || fail "said: $(cat "$W/out")"
check "the events are on the kiosk" 2 "$(kq k "SELECT count(*) FROM events")"
check "its grants are open" "2 $GS" "$(kq k "SELECT count(*) || ' ' || sum(seats) FROM grants WHERE state = 'open'")"
"$KIOSK" --config "$W/k.ini" bundle import "$W/cat.bundle" >/dev/null || fail "second import"
check "a second import changes nothing" "2 $GS 2" "$(kq k "SELECT count(*) || ' ' || sum(seats) FROM grants WHERE state = 'open'") $(kq k "SELECT count(*) FROM events")"

# ---- Offline sign-ups, a check-in and feedback, to the hub by stick -------------------------
"$KIOSK_FILL" "$W/k.db" "$EV" 3 2 --escrow >/dev/null || fail "kiosk_fill"
check "confirmed here under the bundle's grant" 3 "$(kq k "SELECT count(*) FROM signups WHERE status = 'confirmed' AND grant_id IS NOT NULL")"
C1=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1")
"$KIOSK" --config "$W/k.ini" checkin "$C1" >/dev/null || fail "checkin"
"$KIOSK" --config "$W/k.ini" bundle export "$W/out.bundle" >"$W/out" || fail "kiosk bundle export: $(cat "$W/out")"
grep -q "wrote 6 records" "$W/out" && ok "the kiosk says what it wrote" || fail "said: $(cat "$W/out")"
check "the outbox bundle is mode 0600" 600 "$(stat -c %a "$W/out.bundle")"
check "the records stay queued on the kiosk" 6 "$(kq k "SELECT count(*) FROM outbox WHERE acked_at IS NULL")"
ops0=$(hq "SELECT count(*) FROM ops")

sed 's/Visitor 1/Visitor 9/' "$W/out.bundle" >"$W/out-bad.bundle"
if "$HUB" bundle import "$W/out-bad.bundle" 2>"$W/err"; then fail "a tampered outbox accepted"; else
    grep -q "bundle refused, nothing was changed: the bundle's MAC does not match" "$W/err" &&
        ok "a tampered outbox is refused" || fail "$(cat "$W/err")"
fi
jq -c '.key_id = "00000000000000000000000000000000"' "$W/out.bundle" >"$W/out-forged.bundle"
if "$HUB" bundle import "$W/out-forged.bundle" 2>"$W/err"; then fail "a forged outbox accepted"; else
    grep -q "no enrolled device made this bundle" "$W/err" && ok "an unknown key is refused" || fail "$(cat "$W/err")"
fi
printf '{"aukio_bundle":1,"kind":"outbox"' >"$W/trunc.bundle"
if "$HUB" bundle import "$W/trunc.bundle" 2>"$W/err"; then fail "a truncated bundle accepted"; else
    grep -q "not JSON (line 1" "$W/err" && ok "a truncated bundle is refused with where" || fail "$(cat "$W/err")"
fi
check "nothing reached the hub" "0 $ops0" "$(hq "SELECT count(*) FROM signups") $(hq "SELECT count(*) FROM ops")"

"$HUB" bundle import "$W/out.bundle" >"$W/out" || fail "hub bundle import: $(cat "$W/out")"
grep -q "bundle from k: 6 ops (confirmed 3, waitlisted 0, rejected 0, ok 3)" "$W/out" &&
    ok "the hub says what it applied" || fail "said: $(cat "$W/out")"
check "three sign-ups at the hub, under the grant" 3 "$(hq "SELECT count(*) FROM signups WHERE grant_id IS NOT NULL")"
check "the check-in at the hub" "$C1" "$(hq "SELECT code FROM signups WHERE attended = 1")"
check "the feedback at the hub" 2 "$(hq "SELECT count(*) FROM feedback")"
ops1=$(hq "SELECT count(*) FROM ops")
"$HUB" bundle import "$W/out.bundle" >/dev/null || fail "second hub import"
check "importing twice duplicates nothing" "3 2 $ops1" "$(hq "SELECT count(*) FROM signups") $(hq "SELECT count(*) FROM feedback") $(hq "SELECT count(*) FROM ops")"

# ---- The same kiosk online later ------------------------------------------------------------
ksync k || fail "network sync: $(tail -3 "$W/k.sync.log")"
check "the kiosk's queue is answered" 0 "$(kq k "SELECT count(*) FROM outbox WHERE acked_at IS NULL")"
check "the network sync duplicated nothing" "3 2 $ops1" "$(hq "SELECT count(*) FROM signups") $(hq "SELECT count(*) FROM feedback") $(hq "SELECT count(*) FROM ops")"
check "the kiosk heard its sign-ups confirmed" 3 "$(kq k "SELECT count(*) FROM signups WHERE hub_status = 'confirmed'")"
"$HUB" check >/dev/null && ok "aukio-hub check: the seat ledger holds" || fail "aukio-hub check"

# The other order: a bundle written, then the network gets there first, then the stick.
"$KIOSK_FILL" "$W/k.db" "$EV" 1 0 --escrow >/dev/null || fail "kiosk_fill (late)"
C4=$(kq k "SELECT code FROM signups ORDER BY created_at DESC, rowid DESC LIMIT 1")
"$KIOSK" --config "$W/k.ini" cancel "$C4" >/dev/null || fail "cancel (late)"
"$KIOSK" --config "$W/k.ini" bundle export "$W/late.bundle" >/dev/null || fail "late bundle export"
ksync k || fail "network sync before the stick"
ops2=$(hq "SELECT count(*) FROM ops")
"$HUB" bundle import "$W/late.bundle" >"$W/out" || fail "late hub import: $(cat "$W/out")"
check "the stick after the network duplicates nothing" "4 1 $ops2" \
    "$(hq "SELECT count(*) FROM signups") $(hq "SELECT count(*) FROM signups WHERE cancelled_at IS NOT NULL") $(hq "SELECT count(*) FROM ops")"
"$HUB" check >/dev/null && ok "aukio-hub check still holds" || fail "aukio-hub check after the late stick"

# An old catalogue after a newer pull is refused; a new one is taken.
"$HUB" event cancel bundle-2 >/dev/null
ksync k || fail "sync after the cancel"
if "$KIOSK" --config "$W/k.ini" bundle import "$W/cat.bundle" 2>"$W/err"; then fail "an old catalogue accepted"; else
    grep -q "older than what this kiosk already has" "$W/err" && ok "an old catalogue is refused" || fail "$(cat "$W/err")"
fi
check "the cancel stays" cancelled "$(kq k "SELECT status FROM events WHERE id = 'bundle-2'")"
"$HUB" bundle export --device k "$W/cat2.bundle" >/dev/null || fail "a newer catalogue"
"$KIOSK" --config "$W/k.ini" bundle import "$W/cat2.bundle" >/dev/null && ok "a newer catalogue is taken" || fail "newer catalogue refused"
check "and keeps the cancel" cancelled "$(kq k "SELECT status FROM events WHERE id = 'bundle-2'")"

# A revoked device's bundle is refused.
"$KIOSK_FILL" "$W/other.db" "$EV" 0 1 >/dev/null 2>&1 || true
"$KIOSK" --config "$W/other.ini" bundle export "$W/other.bundle" >/dev/null || fail "other's export"
"$HUB" device revoke other >/dev/null
if "$HUB" bundle import "$W/other.bundle" 2>"$W/err"; then fail "a revoked device's bundle accepted"; else
    grep -q "no enrolled device made this bundle" "$W/err" && ok "a revoked device's bundle is refused" || fail "$(cat "$W/err")"
fi
finish
