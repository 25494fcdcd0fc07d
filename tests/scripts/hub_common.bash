# hub_common.bash: helpers for the hub's end-to-end tests (tests/scripts/hub_*.sh source this; the
# name does not end in .sh so it is not a test itself). Real processes on 127.0.0.1 only: the hub
# listens on port 0 and writes the port the kernel picked to a file, so tests never race for ports.

set -euo pipefail

HUB=${AUKIO_HUB:?AUKIO_HUB must be the path of aukio-hub}
command -v curl >/dev/null || { echo "curl is required"; exit 1; }
command -v jq >/dev/null || { echo "jq is required"; exit 1; }

W=$(mktemp -d /tmp/aukio-hub-test.XXXXXX)
DB=$W/hub.db
export AUKIO_HUB_DB=$DB
HUB_PID=
FAILS=0
STEP=0

cleanup() {
    if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
        kill "$HUB_PID" 2>/dev/null || true
        wait "$HUB_PID" 2>/dev/null || true
    fi
    if [ "$FAILS" -eq 0 ]; then rm -rf "$W"; else echo "kept $W for inspection"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { STEP=$((STEP + 1)); echo "ok $STEP - $*"; }
# check DESCRIPTION EXPECTED ACTUAL
check() {
    if [ "$2" == "$3" ]; then ok "$1"; else fail "$1: expected [$2], got [$3]"; fi
}
finish() {
    if [ "$FAILS" -ne 0 ]; then echo "$FAILS failure(s)"; exit 1; fi
    echo "all $STEP checks passed"
}

# start_hub [extra serve options...]: starts the hub, waits (bounded) until /v1/health answers.
start_hub() {
    rm -f "$W/port"
    "$HUB" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$W/port" "$@" 2>>"$W/hub.log" &
    HUB_PID=$!
    for _ in $(seq 1 200); do
        if [ -s "$W/port" ]; then
            PORT=$(cat "$W/port")
            URL=http://127.0.0.1:$PORT
            if curl -sf "$URL/v1/health" >/dev/null 2>&1; then return 0; fi
        fi
        kill -0 "$HUB_PID" 2>/dev/null || { cat "$W/hub.log"; echo "hub died"; exit 1; }
        sleep 0.05
    done
    echo "hub did not start"; cat "$W/hub.log"; exit 1
}

stop_hub() {
    kill "$HUB_PID"
    wait "$HUB_PID" || true
    HUB_PID=
}

kill9_hub() {
    kill -9 "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
    HUB_PID=
}

# api METHOD PATH TOKEN [BODY|@FILE] -> prints the HTTP status; the body is in $W/out.
api() {
    local args=(-s -o "$W/out" -w '%{http_code}' -X "$1" --max-time 60)
    [ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
    if [ $# -ge 4 ]; then args+=(-H 'Content-Type: application/json' --data-binary "$4"); fi
    curl "${args[@]}" "$URL$2"
}
body() { cat "$W/out"; }

# enrol NAME -> prints a device token (device add + POST /v1/enrol).
enrol() {
    local et
    et=$("$HUB" device add "$1" 2>/dev/null)
    curl -sf -X POST "$URL/v1/enrol" --data-binary "{\"token\":\"$et\"}" | jq -r .token
}

# uuid N -> a deterministic valid UUID built from the number N.
uuid() { printf '%08x-0000-4000-8000-%012x' "$1" "$1"; }

# events_json ID CAPACITY WAITLIST MAXGROUP [ID CAPACITY WAITLIST MAXGROUP ...]: future events.
events_json() {
    local out="[" sep=""
    while [ $# -ge 4 ]; do
        out+="$sep{\"id\":\"$1\",\"name\":{\"fi\":\"Tapahtuma $1\"},"
        out+="\"start_time\":\"2099-03-18T18:30:00Z\",\"event_status\":\"EventScheduled\","
        out+="\"maximum_attendee_capacity\":$2,\"waiting_list_capacity\":$3,\"maximum_group_size\":$4}"
        sep=","
        shift 4
    done
    echo "$out]"
}

# signup_op UUIDNUM EVENT GROUP [GRANT] -> one signup op as JSON.
signup_op() {
    local g=null
    [ $# -ge 4 ] && [ -n "$4" ] && g="\"$4\""
    printf '{"uuid":"%s","kind":"signup","event_id":"%s","group_size":%d,"name":"Visitor %d","email":"v%d@example.fi","lang":"fi","created_at":%d,"grant":%s}' \
        "$(uuid "$1")" "$2" "$3" "$1" "$1" "$(date +%s)" "$g"
}

# hub_check: the store's invariant check must pass.
hub_check() {
    local out
    if out=$("$HUB" check 2>&1); then return 0; fi
    fail "invariant: $out"
    return 1
}
