#!/usr/bin/env bash
# sync_thread.sh: the kiosk program itself, in a window (SDL's offscreen driver: no display
# needed), syncing in its background thread through tests/tools/faultproxy:
#   1. records queued beforehand reach the hub exactly once, after a 503 with Retry-After: 6
#      and two 500s: the first retry waits the 6 s (jitter alone would be 1..4 s), the next
#      ones back off with jitter (1..8 s, 1..16 s);
#   2. the hub goes down while the kiosk runs and more records are made; the kiosk keeps
#      running, and once the hub is back the queue drains;
#   3. SIGTERM during a stalled round stops the kiosk at once and cleanly (exit 0).
source "$(dirname "$0")/sync_common.bash"
source "$TESTS_DIR/tools/sync_faults.bash"

EV=aukio:kouvola-urban-office-e-palveluapu-1
jq 'del(.x_aukio_anchor_date)' "$SOURCE_DIR/assets/demo/events.json" >"$W/events.json"
"$HUB" event import "$W/events.json" >/dev/null
start_hub
start_proxy
new_kiosk kt
enrol_via kt "$PURL"
# The shortest interval the config allows, so the test does not wait long for a round.
sed -i '/^\[sync\]/a interval = 5' "$W/kt.ini"
ksync_out kt || fail "first sync: $(cat "$W/last.out")"

grep -v '^shot\|^#\|^mask' "$TESTS_DIR/flows/signup_fi.txt" |
    sed 's/^expect "Olet ilmoittautunut!"/expect "Ilmoittautumistunnus"/' >"$W/signup.txt"
grep -v '^shot\|^#' "$TESTS_DIR/flows/feedback_fi.txt" >"$W/feedback.txt"
# Out of the hub's reach meanwhile (the express path finds a reset), so that the records queue.
proxy_mode reset
for _ in 1 2; do play kt "$W/signup.txt" --now $FLOW_NOW || fail "sign-up on kt"; done
play kt "$W/feedback.txt" --now $FLOW_NOW || fail "feedback on kt"
proxy_mode pass
# The feedback is two ops: the score as tapped, and the follow-up that amends it.
check "queued before the kiosk starts" 4 "$(queued kt)"

queue_empty() { [ "$(queued kt)" -eq 0 ]; }
kiosk_alive() { kill -0 "$KPID" 2>/dev/null; }
# conn_times FIRST: "ID MODE T_MS" for the proxy's connections from number FIRST on.
conn_times() {
    awk -v n="$1" '$1 == "conn" && $3 == "start" && $2 >= n {
        sub("mode=", "", $4); sub("t=", "", $5); print $2, $4, $5 }' "$W/proxy.log"
}
# in_range LABEL VALUE LO HI
in_range() {
    if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then ok "$1: $2 ms"; else fail "$1: $2 ms, not in [$3, $4]"; fi
}

# ---- 1. Queued records go out; backoff and Retry-After -------------------------------------

proxy_mode "503:6,500,500,pass"
c0=$(proxy_conns)
SDL_VIDEODRIVER=offscreen "$KIOSK" --config "$W/kt.ini" --windowed 1280x800 \
    >>"$W/kt.window.log" 2>&1 &
KPID=$!
BG_PIDS+=("$KPID")
t0=$(date +%s%N)
if wait_for 60 queue_empty; then
    ok "the thread drained the queue in $((($(date +%s%N) - t0) / 1000000)) ms"
else
    fail "queue not drained in 60 s: $(queued kt) left"
fi
kiosk_alive && ok "the kiosk keeps running" || fail "the kiosk died: $(tail -5 "$W/kt.window.log")"
conn_times "$c0" >"$W/conns"
cat "$W/conns" | sed 's/^/# conn /'
mapfile -t T < <(awk '{print $3}' "$W/conns")
mapfile -t M < <(awk '{print $2}' "$W/conns")
check "attempts: 503, 500, 500, then through" "503:6 500 500 pass" "${M[*]:0:4}"
if [ "${#T[@]}" -ge 4 ]; then
    # Full jitter: retry n waits 1 s .. 2 s * 2^n (plus a little for the round itself), and
    # at least the hub's Retry-After.
    in_range "first retry, after 503 with Retry-After: 6" $((T[1] - T[0])) 5950 8000
    in_range "second retry, after a 500" $((T[2] - T[1])) 950 10000
    in_range "third retry, after a 500" $((T[3] - T[2])) 950 18000
fi
exactly_once "thread" "$EV" kt
check "hub answers recorded" 0 "$(kq kt 'SELECT count(*) FROM signups WHERE hub_status IS NULL')"

# ---- 2. The hub goes down and comes back while the kiosk runs ------------------------------

stop_hub
# Records made while the hub is away (another process on the same database, as the UI's own
# commits would be; the thread finds them at its next round).
play kt "$W/signup.txt" --now $FLOW_NOW || fail "sign-up while the hub is down"
play kt "$W/feedback.txt" --now $FLOW_NOW || fail "feedback while the hub is down"
check "queued while the hub is down" 3 "$(queued kt)"
down0=$(grep -c 'why=hub-unreachable' "$W/proxy.log" || true)
two_failures() { [ "$(grep -c 'why=hub-unreachable' "$W/proxy.log" || true)" -ge $((down0 + 2)) ]; }
wait_for 40 two_failures && ok "the thread retried against the missing hub" ||
    fail "no retries while the hub was down"
kiosk_alive && ok "the kiosk runs on without its hub" || fail "the kiosk died with the hub down"
check "still queued" 3 "$(queued kt)"
grep -q 'aukio: sync: ' "$W/kt.window.log" && ok "the failures are logged" ||
    fail "nothing logged about the failures"
start_hub
t0=$(date +%s%N)
if wait_for 90 queue_empty; then
    ok "queue drained $((($(date +%s%N) - t0) / 1000000)) ms after the hub came back"
else
    fail "queue not drained 90 s after the hub came back: $(queued kt) left"
fi
exactly_once "hub down and up" "$EV" kt

# ---- 3. SIGTERM in the middle of a stalled round -------------------------------------------

proxy_mode stall
c1=$(proxy_conns)
stalled() { [ "$(proxy_conns)" -gt "$c1" ]; }
# The next round (every 5 s) pulls, and the proxy holds the answer back.
if wait_for 30 stalled; then
    sleep 0.5
    t0=$(date +%s%N)
    kill -TERM "$KPID"
    for ((i = 0; i < 100; i++)); do kiosk_alive || break; sleep 0.1; done
    if kiosk_alive; then
        fail "the kiosk did not stop within 10 s of SIGTERM"
        kill -KILL "$KPID"
    fi
    rc=0
    wait "$KPID" || rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    check "clean exit on SIGTERM" 0 "$rc"
    in_range "stopped during a stalled transfer" "$ms" 0 3000
else
    fail "no round came to the stalling proxy"
fi
if grep -q 'Åsa\|asa.ohman' "$W/kt.window.log" "$W/kt.sync.log"; then fail "personal data in a log"; fi
hub_check && ok "hub invariant"
stop_proxy
no_sanitizer_reports
finish
