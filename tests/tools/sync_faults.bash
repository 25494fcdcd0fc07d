# sync_faults.bash: helpers for the sync tests that put tests/tools/faultproxy between kiosks and
# the hub, kill processes, and count what arrived (tests/scripts/sync_faults.sh, sync_crash.sh,
# sync_thread.sh source this after sync_common.bash). Real processes on 127.0.0.1 only; every
# process started here is remembered by its PID and stopped by the EXIT trap, nothing by name.

FP=${FAULTPROXY:?FAULTPROXY must be the path of tests/tools/faultproxy}
# shellcheck disable=SC2034 # FILL and PURL are for the scripts that source this
FILL=${KIOSK_FILL:?KIOSK_FILL must be the path of tests/tools/kiosk_fill}
PROXY_PID=
BG_PIDS=()

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL if it is still there after SECONDS (default 10).
stop_pid() {
    local p=$1 t=${2:-10} i
    kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
    kill -TERM "$p" 2>/dev/null || true
    for ((i = 0; i < t * 10; i++)); do
        kill -0 "$p" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null || true
}

faults_cleanup() {
    local p
    for p in "${BG_PIDS[@]}"; do stop_pid "$p" 5; done
    [ -n "$PROXY_PID" ] && stop_pid "$PROXY_PID" 5
    PROXY_PID=
}
# Our processes go first, then hub_common's cleanup (the hub, the work directory).
trap 'faults_cleanup; cleanup' EXIT

# start_proxy: the proxy in front of the hub whose port is in $W/port (re-read for each
# connection, so the hub may restart on another port). Its URL is $PURL; its log $W/proxy.log.
start_proxy() {
    rm -f "$W/pport"
    proxy_mode pass
    "$FP" --listen-port-file "$W/pport" --to-file "$W/port" --control "$W/ctl" \
        --log "$W/proxy.log" --max-seconds 600 2>>"$W/proxy.log" &
    PROXY_PID=$!
    for _ in $(seq 1 100); do
        if [ -s "$W/pport" ]; then
            # shellcheck disable=SC2034
            PURL=http://127.0.0.1:$(cat "$W/pport")
            return 0
        fi
        kill -0 "$PROXY_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "faultproxy did not start"; cat "$W/proxy.log"; exit 1
}

# proxy_mode PLAN: the plan for the connections from the next one on ("stall", "500,pass").
proxy_mode() {
    echo "$1" >"$W/ctl.tmp"
    mv "$W/ctl.tmp" "$W/ctl"
}

# proxy_conns: the number of connections the proxy has accepted so far.
proxy_conns() { grep -c '^conn [0-9]* start' "$W/proxy.log" || true; }

# enrol_via NAME URL: like enrol_kiosk, but the kiosk talks to URL (the proxy).
enrol_via() {
    local et
    et=$("$HUB" device add "$1" 2>/dev/null)
    "$KIOSK" --config "$W/$1.ini" enrol "$2" "$et" >/dev/null
}

# ksync_out NAME: one foreground round; stdout+stderr to $W/last.out (and the kiosk's log).
ksync_out() {
    local rc=0
    "$KIOSK" --config "$W/$1.ini" sync --once >"$W/last.out" 2>&1 || rc=$?
    cat "$W/last.out" >>"$W/$1.sync.log"
    return $rc
}

# queued NAME: outbox rows the hub has not answered yet.
queued() { kq "$1" 'SELECT count(*) FROM outbox WHERE acked_at IS NULL'; }

# hub_uuids EVENT...: the uuids of the hub's sign-ups for those events and of all its feedback,
# one a line, lower case, sorted, duplicates kept (so a duplicate shows).
hub_uuids() {
    local ev
    {
        for ev in "$@"; do "$HUB" signups "$ev" --csv | awk -F, 'NR > 1 {print $2}'; done
        "$HUB" feedback --csv | awk -F, 'NR > 1 {print $1}'
    } | { grep -E '^[0-9a-fA-F-]{36}$' || true; } | tr 'A-F' 'a-f' | sort
}

# kiosk_uuids NAME...: the uuids of every record those kiosks made (their outbox), sorted. A
# feedback follow-up is an op of its own that amends its record at the hub (no row of its own
# there), so only the feedback ops that made a record count.
kiosk_uuids() {
    local k
    for k in "$@"; do
        kq "$k" "SELECT uuid FROM outbox WHERE kind != 'feedback' OR uuid IN (SELECT uuid FROM feedback)"
    done | tr 'A-F' 'a-f' | sort
}

# exactly_once LABEL EVENTS KIOSKS: every record of the kiosks is at the hub once, and the hub
# has nothing else for those events (EVENTS and KIOSKS are space-separated lists).
exactly_once() {
    local label=$1 evs=$2 ks=$3
    # shellcheck disable=SC2086
    hub_uuids $evs >"$W/hub.uuids"
    # shellcheck disable=SC2086
    kiosk_uuids $ks >"$W/kiosk.uuids"
    local n_hub n_kiosk dups lost extra
    n_hub=$(wc -l <"$W/hub.uuids")
    n_kiosk=$(wc -l <"$W/kiosk.uuids")
    dups=$(uniq -d "$W/hub.uuids" | wc -l)
    lost=$(comm -23 "$W/kiosk.uuids" <(uniq "$W/hub.uuids") | wc -l)
    extra=$(comm -13 "$W/kiosk.uuids" <(uniq "$W/hub.uuids") | wc -l)
    check "$label: duplicated at the hub" 0 "$dups"
    check "$label: lost" 0 "$lost"
    check "$label: unknown records at the hub" 0 "$extra"
    check "$label: hub records = kiosk records ($n_kiosk)" "$n_kiosk" "$n_hub"
}

# wait_for SECONDS CMD...: polls CMD every 0.2 s until it succeeds; fails after SECONDS.
wait_for() {
    local t=$1 i
    shift
    for ((i = 0; i < t * 5; i++)); do
        if "$@"; then return 0; fi
        sleep 0.2
    done
    return 1
}

# stop_proxy: SIGTERM; the proxy must exit 0 (under the sanitizers: no error, no leak).
stop_proxy() {
    local rc=0 i
    kill -TERM "$PROXY_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$PROXY_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$PROXY_PID" 2>/dev/null && kill -KILL "$PROXY_PID"
    wait "$PROXY_PID" || rc=$?
    PROXY_PID=
    check "faultproxy exits cleanly" 0 "$rc"
}

# no_sanitizer_reports: a failing round exits 1, as a sanitizer's report would; so the logs of
# every program run are searched for one.
no_sanitizer_reports() {
    local hits
    hits=$(grep -l 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$W"/*.log \
        2>/dev/null || true)
    if [ -z "$hits" ]; then ok "no sanitizer reports"; else fail "sanitizer reports in: $hits"; fi
}
