#!/usr/bin/env bash
# bench_cage_idle.sh AUKIO [SECONDS]: CPU of an untouched kiosk as its systemd unit runs it:
# fullscreen under cage (WLR_BACKENDS=headless, the pixman renderer: no GPU, no seat here) on
# SDL's Wayland driver, on the event list, measured as bench_kiosk measures the Xvfb kiosk (the
# process's utime + stime and its context switches over SECONDS, default 10, after 3 s to
# settle). Prints figures and asserts nothing. cage refuses to run as root, so as root it runs
# as nobody (65534) from a scratch folder. Both renderers: software (the unit's) and gpu.
set -euo pipefail
AUKIO=${1:?usage: bench_cage_idle.sh AUKIO [SECONDS]}
SECS=${2:-10}
command -v cage >/dev/null || { echo "cage is not installed (bash .ci/deps.sh)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d /tmp/aukio-cage.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -m 700 "$W/rt"
printf '[kiosk]\ndatabase = %s/k.db\n' "$W" >"$W/k.ini"
echo 2468 | "$AUKIO" --config "$W/k.ini" pin set 2>/dev/null
"$AUKIO" --config "$W/k.ini" import "$ROOT/assets/demo/events.json" >/dev/null
AS=()
if [ "$(id -u)" = 0 ]; then
    chown -R 65534:65534 "$W"
    AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() { awk '/ctxt_switches/ {n += $2} END {print n}' "/proc/$1/status"; }
for renderer in software gpu; do
    "${AS[@]}" env HOME="$W" XDG_RUNTIME_DIR="$W/rt" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
        WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland AUKIO_START_SCREEN=list \
        cage -s -- "$AUKIO" --config "$W/k.ini" --renderer "$renderer" >"$W/cage.log" 2>&1 &
    CAGE=$!
    sleep 3
    pid=$(pgrep -P "$CAGE" -x aukio || pgrep -f "^$AUKIO --config $W/k.ini" | head -1 || true)
    if [ -z "$pid" ]; then
        echo "  $renderer: the kiosk did not start under cage: $(tail -3 "$W/cage.log")"
        kill "$CAGE" 2>/dev/null || true
        wait "$CAGE" 2>/dev/null || true
        continue
    fi
    t0=$(ticks "$pid"); s0=$(switches "$pid"); c0=$(ticks "$CAGE")
    sleep "$SECS"
    t1=$(ticks "$pid"); s1=$(switches "$pid"); c1=$(ticks "$CAGE")
    hz=$(getconf CLK_TCK)
    awk -v t=$((t1 - t0)) -v s=$((s1 - s0)) -v c=$((c1 - c0)) -v hz="$hz" -v secs="$SECS" -v r="$renderer" \
        'BEGIN { printf "  idle under cage, %s renderer: %d ticks in %d s = %.2f %% of a core, %.1f wake-ups/s (cage itself %.2f %%)\n", r, t, secs, 100 * t / hz / secs, s / secs, 100 * c / hz / secs }'
    kill "$pid" 2>/dev/null || true
    wait "$CAGE" 2>/dev/null || true
done
