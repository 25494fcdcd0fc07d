#!/usr/bin/env bash
# sync_checkin.sh: check-in at the door, from a real kiosk to a real hub on 127.0.0.1. Sign-ups
# made on an enrolled kiosk reach the hub; `aukio checkin CODE` queues one checkin op, which the
# next round delivers exactly once (a replay of the same round, and a repeat of the same
# check-in, change nothing); `--undo` is an op of its own; `aukio cancel` goes the cancel op's
# way. The hub's sign-up CSV shows who came.
source "$(dirname "$0")/sync_common.bash"

EV=checkin-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Ovella"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":10,
  "waiting_list_capacity":5,"maximum_group_size":2}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk k
enrol_kiosk k
ksync k || fail "first sync"
ksync k || fail "second sync (grants)"
"$KIOSK_FILL" "$W/k.db" "$EV" 3 0 --escrow >/dev/null || fail "kiosk_fill"
ksync k || fail "sync of the sign-ups"
C1=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1")
C2=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1 OFFSET 1")
C3=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1 OFFSET 2")
hq() { sqlite3 "$DB" "$1"; }
check "three sign-ups at the hub" 3 "$(hq "SELECT count(*) FROM signups WHERE event_id = '$EV'")"

out=$("$KIOSK" --config "$W/k.ini" checkin "$C1") || fail "aukio checkin: $out"
grep -q "^$C1: attended" <<<"$out" && ok "aukio checkin says so" || fail "aukio checkin said: $out"
"$KIOSK" --config "$W/k.ini" checkin "$C1" >/dev/null || fail "a repeated checkin"
check "one checkin op queued (a repeat adds none)" 1 \
    "$(kq k "SELECT count(*) FROM outbox WHERE kind = 'checkin' AND acked_at IS NULL")"
"$KIOSK" --config "$W/k.ini" checkin "$C2" >/dev/null || fail "checkin C2"
if "$KIOSK" --config "$W/k.ini" checkin ZZZZZZ 2>"$W/err"; then fail "unknown code accepted"; else
    grep -q "no sign-up on this kiosk has the code ZZZZZZ" "$W/err" && ok "unknown code refused" ||
        fail "unknown code: $(cat "$W/err")"
fi
if "$KIOSK" --config "$W/k.ini" checkin "$C1" --later 2>/dev/null; then fail "bad option accepted"; else ok "bad option refused"; fi
check "nothing at the hub before the sync" 0 "$(hq "SELECT count(*) FROM signups WHERE attended = 1")"

# The round's push, and the same batch again (as after a lost answer): applied once.
cp "$W/k.db" "$W/k-before.db"
cp -p "$W/k.db.token" "$W/k-before.db.token" # the device token is beside its database
ksync k || fail "sync of the check-ins"
check "two parties came, at the hub" 2 "$(hq "SELECT count(*) FROM signups WHERE attended = 1")"
check "the ops are answered" 0 "$(kq k "SELECT count(*) FROM outbox WHERE acked_at IS NULL")"
ops=$(hq "SELECT count(*) FROM ops")
# Replay: the kiosk's database from before the round sends the same ops again.
cp "$W/k.ini" "$W/k2.ini"
sed -i "s|^database = .*|database = $W/k-before.db|" "$W/k2.ini"
"$KIOSK" --config "$W/k2.ini" sync --once >/dev/null 2>&1 || fail "replayed round"
check "a replay adds no op at the hub" "$ops" "$(hq "SELECT count(*) FROM ops")"
check "still two came" 2 "$(hq "SELECT count(*) FROM signups WHERE attended = 1")"

# Undo, and a cancel through the cancel op.
"$KIOSK" --config "$W/k.ini" checkin "$C2" --undo >/dev/null || fail "undo"
"$KIOSK" --config "$W/k.ini" cancel "$C3" >/dev/null || fail "cancel"
if "$KIOSK" --config "$W/k.ini" checkin "$C3" 2>"$W/err"; then fail "a cancelled sign-up checked in"; else
    grep -q "cancelled" "$W/err" && ok "a cancelled sign-up cannot be checked in" || fail "$(cat "$W/err")"
fi
ksync k || fail "sync of the undo"
check "only C1 came" "$C1" "$(hq "SELECT code FROM signups WHERE attended = 1")"
check "C3 cancelled at the hub" 1 "$(hq "SELECT count(*) FROM signups WHERE code = '$C3' AND cancelled_at IS NOT NULL")"
grep -q "$C1 .*\[came\]" <("$KIOSK" --config "$W/k.ini" signups) && ok "aukio signups shows who came" ||
    fail "aukio signups: $("$KIOSK" --config "$W/k.ini" signups)"
"$HUB" signups "$EV" --csv >"$W/su.csv"
check "the hub's CSV says who came" "yes" \
    "$(awk -F, -v c="$C1" 'NR > 1 && $3 == c {print $NF}' "$W/su.csv" | tr -d '\r')"
"$HUB" check >/dev/null || fail "aukio-hub check"
finish
