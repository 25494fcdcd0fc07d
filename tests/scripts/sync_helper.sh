#!/usr/bin/env bash
# sync_helper.sh (issue 12): sync runs in the helper process aukio-sync, which the kiosk starts,
# supervises and stops (README, "Processes"):
#   1. without a helper (none at the path, or one that dies at once) a headless sign-up goes
#      through offline, queued for the hub, as with the hub away;
#   2. the kiosk in a window starts the helper, which drains the queue; killed (SIGKILL), the
#      helper is started again after its backoff (0.5 s, then 1 s), the kiosk runs on meanwhile,
#      and the new helper drains what was made since;
#   3. SIGTERM stops the kiosk cleanly, and its helper with it.
# Every process is found by its PID (the kiosk's child), nothing by name. Counts, not timings.
source "$(dirname "$0")/sync_common.bash"
source "$TESTS_DIR/tools/sync_faults.bash"

jq 'del(.x_aukio_anchor_date)' "$SOURCE_DIR/assets/demo/events.json" >"$W/events.json"
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk kh
enrol_kiosk kh
sed -i '/^\[sync\]/a interval = 5' "$W/kh.ini"
ksync kh || fail "first sync: $(tail -3 "$W/kh.sync.log")"
grep -v '^shot\|^#\|^mask' "$TESTS_DIR/flows/signup_fi.txt" |
    sed 's/^expect "Olet ilmoittautunut!"/expect "Ilmoittautumistunnus"/' >"$W/signup.txt"

# ---- 1. No helper: the kiosk works offline ---------------------------------------------------

AUKIO_SYNC_HELPER=$W/no-such-helper play kh "$W/signup.txt" --now $FLOW_NOW &&
    ok "a sign-up with no helper to start" || fail "sign-up without a helper"
grep -q 'cannot start the sync helper' "$W/kh.ui.log" && ok "the missing helper is logged" ||
    fail "nothing logged about the missing helper"
AUKIO_SYNC_HELPER=/bin/false play kh "$W/signup.txt" --now $FLOW_NOW &&
    ok "a sign-up with a helper that dies at once" || fail "sign-up with a dying helper"
check "both queued for the hub" 2 "$(queued kh)"

# ---- 2. The helper dies and is started again -------------------------------------------------

queue_empty() { [ "$(queued kh)" -eq 0 ]; }
kiosk_alive() { kill -0 "$KPID" 2>/dev/null; }
# helper_pid: the kiosk's child process (its only one), empty when there is none.
helper_pid() { ps -o pid= --ppid "$KPID" 2>/dev/null | tr -d ' ' | head -1; }
has_helper() { [ -n "$(helper_pid)" ]; }
new_helper() { local p; p=$(helper_pid); [ -n "$p" ] && [ "$p" != "$1" ]; }
restarts() { grep -c 'sync helper ended by signal 9; restarting it in' "$W/kh.window.log" || true; }

SDL_VIDEODRIVER=offscreen "$KIOSK" --config "$W/kh.ini" --windowed 1280x800 \
    >>"$W/kh.window.log" 2>&1 &
KPID=$!
BG_PIDS+=("$KPID")
wait_for 30 has_helper && ok "the kiosk started its helper" || fail "no helper process"
h1=$(helper_pid)
[ -n "$h1" ] && [ "$(readlink "/proc/$h1/exe")" = "$(readlink -f "$(dirname "$KIOSK")/aukio-sync")" ] &&
    ok "the helper is aukio-sync" || fail "the kiosk's child is not aukio-sync"
grep -q libcurl "/proc/$KPID/maps" && fail "the kiosk's process maps libcurl" ||
    ok "the kiosk's process maps no libcurl"
wait_for 60 queue_empty && ok "the helper drained the queue" || fail "queue not drained: $(queued kh)"

kill -KILL "$h1"
wait_for 20 new_helper "$h1" && ok "a killed helper is started again" || fail "no new helper"
h2=$(helper_pid)
kiosk_alive && ok "the kiosk runs on" || fail "the kiosk died with its helper"
grep -q 'restarting it in 500 ms' "$W/kh.window.log" && ok "first restart after 0.5 s" ||
    fail "no first restart logged: $(tail -3 "$W/kh.window.log")"
kill -KILL "$h2"
wait_for 20 new_helper "$h2" && ok "killed again, started again" || fail "no third helper"
grep -q 'restarting it in 1000 ms' "$W/kh.window.log" && ok "the second restart backs off (1 s)" ||
    fail "no backoff logged"
check "two restarts logged" 2 "$(restarts)"
h3=$(helper_pid)
# Made by another process with no helper of its own (no express push): only the window's
# restarted helper can send it.
AUKIO_SYNC_HELPER=/bin/false play kh "$W/signup.txt" --now $FLOW_NOW ||
    fail "sign-up while the kiosk runs"
wait_for 60 queue_empty && ok "the restarted helper drains a new record" ||
    fail "not drained after the restart: $(queued kh)"
exactly_once "through restarts" aukio:kouvola-urban-office-e-palveluapu-1 kh

# ---- 3. SIGTERM stops the kiosk and its helper ----------------------------------------------

kill -TERM "$KPID"
rc=0
wait "$KPID" || rc=$?
check "clean exit on SIGTERM" 0 "$rc"
gone() { ! kill -0 "$h3" 2>/dev/null; }
wait_for 10 gone && ok "the helper stopped with the kiosk" || fail "helper $h3 outlived the kiosk"
if grep -q 'Åsa\|asa.ohman' "$W/kh.window.log" "$W/kh.ui.log"; then fail "personal data in a log"; fi
hub_check && ok "hub invariant"
no_sanitizer_reports
finish
