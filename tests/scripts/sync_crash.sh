#!/usr/bin/env bash
# sync_crash.sh: kill -9 in the middle of sync, on both ends.
#   1. The kiosk: killed while the proxy stalls a push the hub has already committed, then
#      killed at random moments during a three-batch push; each time it restarts and syncs.
#   2. The hub: killed at random moments while it takes in a three-batch push (3000 ops), then
#      restarted on the same database.
# Both converge: the kiosk's queue empties, every record is at the hub exactly once (by uuid), a
# batch is all there or not at all, both databases pass their integrity checks, and
# `aukio-hub check` passes.
source "$(dirname "$0")/sync_common.bash"
source "$TESTS_DIR/tools/sync_faults.bash"

BIG=big-1
cat >"$W/events.json" <<JSON
[{"id":"$BIG","name":{"fi":"Iso tapahtuma"},"start_time":"2099-03-18T18:30:00Z",
  "event_status":"EventScheduled","maximum_attendee_capacity":100000,
  "waiting_list_capacity":null,"maximum_group_size":5}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
start_proxy
new_kiosk kc
enrol_via kc "$PURL"
ksync_out kc || fail "first sync: $(cat "$W/last.out")"

# hub_count: the records this test's kiosk has at the hub.
hub_count() { hub_uuids "$BIG" | wc -l; }
hub_has() { [ "$(hub_count)" -eq "$1" ]; }
kiosk_ok() { check "$1: kiosk database intact" ok "$(kq kc 'PRAGMA integrity_check')"; }
hub_ok() { check "$1: hub database intact" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"; }
fill() { "$FILL" "$W/kc.db" "$BIG" "$1" "$2" --escrow >/dev/null || fail "kiosk_fill $1 $2"; }
# rand_ms LO HI
rand_ms() { echo $((RANDOM % ($2 - $1 + 1) + $1)); }
# sleep_ms MS
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# ---- 1a. The kiosk dies while its push hangs after the hub committed it --------------------

fill 300 100
proxy_mode stall
AUKIO_SYNC_LOW_SPEED_S=120 "$KIOSK" --config "$W/kc.ini" sync --once >>"$W/kc.sync.log" 2>&1 &
SYNC_PID=$!
BG_PIDS+=("$SYNC_PID")
if wait_for 30 hub_has 400; then
    ok "the hub committed the stalled push"
else
    fail "the hub never got the push (it has $(hub_count))"
fi
kill -0 "$SYNC_PID" 2>/dev/null && ok "the kiosk is still waiting for the answer" ||
    fail "the kiosk gave up early"
kill -9 "$SYNC_PID" 2>/dev/null || true
wait "$SYNC_PID" 2>/dev/null || true
kiosk_ok "after kill -9 in a stalled push"
check "the answers were never recorded" 400 "$(queued kc)"
proxy_mode pass
ksync_out kc || fail "sync after the restart: $(cat "$W/last.out")"
grep -q '^pushed 400 (confirmed 300, waitlisted 0, rejected 0, ok 100)' "$W/last.out" &&
    ok "the replay got the first answers" || fail "replay: $(cat "$W/last.out")"
check "queue empty" 0 "$(queued kc)"
exactly_once "kiosk killed in a stall" "$BIG" kc

# ---- 1b. The kiosk dies at random moments of a three-batch push ----------------------------

fill 2500 500
kills=0
for i in 1 2 3 4 5 6; do
    [ "$(queued kc)" -gt 0 ] || break
    d=$(rand_ms 20 400)
    "$KIOSK" --config "$W/kc.ini" sync --once >>"$W/kc.sync.log" 2>&1 &
    SYNC_PID=$!
    BG_PIDS+=("$SYNC_PID")
    sleep_ms "$d"
    if kill -9 "$SYNC_PID" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$SYNC_PID" 2>/dev/null || true
    echo "# kiosk kill $i after $d ms: hub has $(hub_count), kiosk queue $(queued kc)"
    kiosk_ok "kill $i"
done
ok "the kiosk was killed mid-sync $kills time(s)"
ksync_out kc || fail "sync after the kills: $(cat "$W/last.out")"
check "queue empty after the kills" 0 "$(queued kc)"
check "answers recorded for all" 0 "$(kq kc 'SELECT count(*) FROM signups WHERE hub_status IS NULL')"
# Once answered, the outbox's copy is gone; the sign-ups keep names for the door list until an
# hour after their event (store_purge_personal; tests/test_sync_store.c plays that hour).
check "outbox copies gone once answered" 0 "$(kq kc "SELECT count(*) FROM outbox WHERE payload != '{}'")"
exactly_once "kiosk killed mid-push" "$BIG" kc

# ---- 2. The hub dies while it takes in a big push ------------------------------------------

# The records of this phase arrive in batches of 1000, each one transaction: at every moment the
# hub has a whole number of them.
base=$(hub_count)
# First for certain: the hub commits a batch, its answer is held up in the proxy, and the hub dies.
fill 700 300
proxy_mode stall
AUKIO_SYNC_LOW_SPEED_S=120 timeout -s KILL 60 "$KIOSK" --config "$W/kc.ini" sync --once \
    >>"$W/kc.sync.log" 2>&1 &
SYNC_PID=$!
BG_PIDS+=("$SYNC_PID")
wait_for 30 hub_has $((base + 1000)) && ok "the hub committed the batch" ||
    fail "the hub never got the batch"
kill9_hub
wait "$SYNC_PID" 2>/dev/null || true
hub_ok "hub killed after its commit"
proxy_mode pass
start_hub
check "the batch survived the hub's death" $((base + 1000)) "$(hub_count)"
check "the kiosk never heard" 1000 "$(queued kc)"
ksync_out kc || fail "sync after the hub's restart: $(cat "$W/last.out")"
grep -q '^pushed 1000 (confirmed 700, waitlisted 0, rejected 0, ok 300)' "$W/last.out" &&
    ok "the replay got the first answers" || fail "replay: $(cat "$W/last.out")"
exactly_once "hub killed with the answer in flight" "$BIG" kc

# Then at random moments, three batches at a time.
base=$(hub_count)
fill 2000 1000
hub_kills=0 torn=0 lost_answers=0
for i in 1 2 3 4 5 6; do
    if [ "$(queued kc)" -eq 0 ]; then
        fill 2000 1000
    fi
    # The kill lands a random moment after the kiosk's connection reached the proxy (and so
    # the hub): before, during or after the hub's transaction for the first batch.
    d=$(rand_ms 0 120)
    c0=$(proxy_conns)
    timeout -s KILL 60 "$KIOSK" --config "$W/kc.ini" sync --once >>"$W/kc.sync.log" 2>&1 &
    SYNC_PID=$!
    BG_PIDS+=("$SYNC_PID")
    for ((j = 0; j < 2000; j++)); do
        [ "$(proxy_conns)" -gt "$c0" ] && break
        sleep 0.005
    done
    sleep_ms "$d"
    kill9_hub
    hub_kills=$((hub_kills + 1))
    wait "$SYNC_PID" 2>/dev/null || true
    hub_ok "hub kill $i"
    start_hub
    n=$(hub_count)
    acked=$(($(kq kc 'SELECT count(*) FROM outbox') - $(queued kc)))
    echo "# hub kill $i after $d ms: hub has $n, kiosk has $acked answered"
    [ $(((n - base) % 1000)) -eq 0 ] || torn=$((torn + 1))
    [ "$n" -gt "$acked" ] && lost_answers=$((lost_answers + 1))
    hub_check || true
done
ok "the hub was killed $hub_kills time(s); $lost_answers time(s) it had more than the kiosk knew"
check "every batch all or nothing at the hub" 0 "$torn"
ksync_out kc || fail "sync after the hub restarts: $(cat "$W/last.out")"
ksync_out kc || fail "second sync: $(cat "$W/last.out")"
grep -q '^pushed 0 ' "$W/last.out" && ok "nothing left to push" || fail "$(cat "$W/last.out")"
check "queue empty after the hub kills" 0 "$(queued kc)"
exactly_once "hub killed mid-push" "$BIG" kc
check "all confirmed at the hub" "$(kq kc "SELECT count(*) FROM signups")" \
    "$("$HUB" signups "$BIG" --csv | awk -F, 'NR > 1 && $4 == "confirmed"' | wc -l)"
kiosk_ok "at the end"
hub_ok "at the end"
hub_check && ok "hub invariant"
stop_proxy
no_sanitizer_reports
finish
