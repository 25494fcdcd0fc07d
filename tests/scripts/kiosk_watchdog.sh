#!/usr/bin/env bash
# kiosk_watchdog.sh (issue 14): the kiosk's side of its systemd unit without systemd: a test
# listener plays systemd's notify socket (tests/tools/notify_listener.py, NOTIFY_SOCKET set by
# the test). The kiosk, in a window on SDL's offscreen driver, says READY=1 after its first
# frame and WATCHDOG=1 from its main loop at half of WATCHDOG_USEC, also when WATCHDOG_PID names
# another process (cage is the unit's main process); a stopped (hung) kiosk stops pinging; no
# WATCHDOG_USEC, no pings; SIGTERM ends it cleanly with STOPPING=1; and the same pings from the
# kiosk as the unit runs it, under cage's headless backend on SDL's Wayland driver. Counts, not
# timings.
source "$(dirname "$0")/sync_common.bash"
command -v python3 >/dev/null || { echo "python3 is required"; exit 1; }

new_kiosk k
export SDL_VIDEODRIVER=offscreen
LISTENER=
stop_listener() { [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null; wait "$LISTENER" 2>/dev/null || true; LISTENER=; }
trap 'stop_listener; cleanup' EXIT

# run_kiosk NAME [ENV=VALUE...]: the kiosk under a listener; leaves KPID and $W/NAME.notify.
run_kiosk() {
    local name=$1
    shift
    python3 "$TESTS_DIR/tools/notify_listener.py" "$W/$name.sock" "$W/$name.notify" &
    LISTENER=$!
    for _ in $(seq 100); do [ -S "$W/$name.sock" ] && break; sleep 0.05; done
    env NOTIFY_SOCKET="$W/$name.sock" "$@" "$KIOSK" --config "$W/k.ini" --windowed 640x480 \
        2>>"$W/$name.log" &
    KPID=$!
}
count() { grep -c "$2" "$W/$1.notify" 2>/dev/null || true; }
# wait_for NAME PATTERN N: until N lines match (at most 20 s).
wait_for() {
    for _ in $(seq 200); do [ "$(count "$1" "$2")" -ge "$3" ] && return 0; sleep 0.1; done
    return 1
}

run_kiosk cage WATCHDOG_USEC=1000000 WATCHDOG_PID=1
wait_for cage "READY=1" 1 && ok "READY=1 after the first frame" || fail "no READY=1: $(cat "$W/cage.log")"
wait_for cage "WATCHDOG=1" 4 && ok "WATCHDOG=1 from the main loop (WATCHDOG_PID another process, as under cage)" ||
    fail "pings: $(count cage WATCHDOG=1)"
kill -STOP "$KPID"
sleep 0.3
before=$(count cage WATCHDOG=1)
sleep 2
check "a stopped (hung) kiosk sends no ping" "$before" "$(count cage WATCHDOG=1)"
kill -CONT "$KPID"
wait_for cage "WATCHDOG=1" $((before + 2)) && ok "pings again once it runs" || fail "no ping after SIGCONT"
kill -TERM "$KPID"
status=0
timeout 10 tail --pid="$KPID" -f /dev/null || status=$?
wait "$KPID" || true
check "SIGTERM ends the kiosk" 0 "$status"
wait_for cage "STOPPING=1" 1 && ok "STOPPING=1 on the way out" || fail "no STOPPING=1"
stop_listener

# As the unit runs it: under cage (headless backend, pixman renderer) on SDL's Wayland driver,
# cage the process systemd would watch (WATCHDOG_PID) and the kiosk its child. cage will not run
# as root, so as root both run as nobody.
if command -v cage >/dev/null && command -v Xwayland >/dev/null; then
    CW=$W/cage
    mkdir -p "$CW/rt"
    chmod 700 "$CW/rt"
    cp "$W/k.ini" "$W/k.db" "$CW/"
    sed -i "s|^database = .*|database = $CW/k.db|" "$CW/k.ini"
    AS=()
    if [ "$(id -u)" = 0 ]; then
        chmod 755 "$W"
        chown -R 65534:65534 "$CW"
        AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
    python3 "$TESTS_DIR/tools/notify_listener.py" "$CW/n.sock" "$W/cagewl.notify" &
    LISTENER=$!
    for _ in $(seq 100); do [ -S "$CW/n.sock" ] && break; sleep 0.05; done
    chmod 666 "$CW/n.sock"
    "${AS[@]}" env HOME="$CW" XDG_RUNTIME_DIR="$CW/rt" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
        WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland NOTIFY_SOCKET="$CW/n.sock" WATCHDOG_USEC=1000000 \
        WATCHDOG_PID=1 cage -s -- "$KIOSK" --config "$CW/k.ini" >"$W/cagewl.log" 2>&1 &
    CAGE=$!
    wait_for cagewl "READY=1" 1 && ok "under cage on Wayland: READY=1 from the kiosk, cage's child" ||
        fail "under cage: no READY=1: $(tail -5 "$W/cagewl.log")"
    wait_for cagewl "WATCHDOG=1" 3 && ok "under cage on Wayland: WATCHDOG=1 from the main loop" ||
        fail "under cage: pings $(count cagewl WATCHDOG=1): $(tail -5 "$W/cagewl.log")"
    pkill -TERM -P "$CAGE" -x aukio 2>/dev/null || true
    kill "$CAGE" 2>/dev/null || true
    wait "$CAGE" 2>/dev/null || true
    stop_listener
else
    echo "# cage or Xwayland is not installed (bash .ci/deps.sh): the kiosk is not tried under cage"
fi

run_kiosk plain
wait_for plain "READY=1" 1 && ok "READY=1 without a watchdog too" || fail "no READY=1 (plain)"
sleep 1.5
check "no WATCHDOG_USEC, no pings" 0 "$(count plain WATCHDOG=1)"
kill -TERM "$KPID"
wait "$KPID" || true
stop_listener
finish
