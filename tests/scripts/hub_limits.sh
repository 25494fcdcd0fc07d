#!/usr/bin/env bash
# Issue 7, item 3: one client must not take the hub offline. A slow-header attack from 127.0.0.1
# (tests/tools/slowloris: hundreds of connections, a header line a second, reopened as soon as
# they are closed) runs while an enrolled kiosk pulls from the same address: every pull must be
# answered, each within a bound. Bounded: 400 connections, 17 s, 127.0.0.1 only.
source "$(dirname "$0")/hub_common.bash"
SLOWLORIS=${SLOWLORIS:?SLOWLORIS must be the path of tests/tools/slowloris}

events_json a1 10 0 1 >"$W/ev.json"
"$HUB" event import "$W/ev.json" >/dev/null
# The defaults, but a 3 s header deadline so that the run shows deadlines at work too.
start_hub --header-timeout 3
DT=$(enrol k1)
check "a pull before the attack" 200 "$(api GET /v1/changes "$DT")"

# The kiosk: one connection kept open (as libcurl does within a sync round), 30 pulls at 2 a
# second. Its first pull comes before the attack and makes it a kiosk's connection; the other 29
# are under attack.
N=30
ARGS=()
for i in $(seq 1 $N); do ARGS+=("$URL/v1/changes" -o /dev/null); done
curl -s --rate 2/s --max-time 60 -H "Authorization: Bearer $DT" \
    -w '%{http_code} %{time_total} %{num_connects}\n' "${ARGS[@]}" >"$W/kiosk.out" &
KIOSK=$!
sleep 0.3
"$SLOWLORIS" "$PORT" 400 17 1000 >"$W/attack.out" &
ATTACK=$!
wait "$KIOSK" || true
ANSWERED=$(awk '$1 == 200' "$W/kiosk.out" | wc -l)
tail -n +2 "$W/kiosk.out" | awk '{print $2}' >"$W/lat"
CONNECTS=$(awk '{n += $3} END {print n + 0}' "$W/kiosk.out")
# A stranger's fresh connection per pull from the same address competes with the attack before
# its headers arrive: counted and shown, not asserted (the kiosk's retry covers it).
FRESH=0
for i in $(seq 1 10); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $DT" \
        "$URL/v1/changes" || true)
    [ "$code" = 200 ] && FRESH=$((FRESH + 1))
done
echo "fresh connections from the attacked address: $FRESH of 10 pulls answered"
kill -0 "$ATTACK" 2>/dev/null && ok "the attack was still running after the pulls" || fail "the attack ended early"
wait "$ATTACK" || true
echo "$(cat "$W/attack.out")"
WORST=$(sort -g "$W/lat" | tail -1)
MEDIAN=$(sort -g "$W/lat" | sed -n "$((N / 2))p")
check "pulls answered under attack" "$N of $N" "$ANSWERED of $N"
echo "the kiosk's pulls used $CONNECTS new connection(s)"
if awk -v w="$WORST" 'BEGIN { exit !(w < 2.0) }'; then
    ok "pull latency under attack: median ${MEDIAN} s, worst ${WORST} s (bound 2 s)"
else
    fail "worst pull latency under attack ${WORST} s (median ${MEDIAN} s), bound 2 s"
fi
case "$(cat "$W/attack.out")" in
*" 0 closed by the hub"*) fail "the hub closed none of the slow connections" ;;
*) ok "the hub closed slow connections" ;;
esac
check "the hub still answers after the attack" 200 "$(api GET /v1/health "")"
# Under the per-address limit nothing is evicted: the header deadline (3 s here) closes them.
"$SLOWLORIS" "$PORT" 20 5 1000 >"$W/slow.out"
echo "$(cat "$W/slow.out")"
check "20 slow connections under the per-address limit are closed by the 3 s deadline" 20 \
    "$(awk '{print ($6 >= 20) ? 20 : $6}' "$W/slow.out")"
check "the hub still answers" 200 "$(api GET /v1/health "")"
stop_hub
LIMITS=$(grep "closed by the limits" "$W/hub.log" || true)
echo "hub: $LIMITS"
check "the hub's log counts connections past the deadline" yes \
    "$(echo "$LIMITS" | awk '{for (i = 1; i <= NF; i++) if ($(i + 1) == "timed") print ($i >= 20 ? "yes" : "no")}')"
# libmicrohttpd's line per dropped connection is rate-limited: the attack must not fill the log.
LINES=$(wc -l <"$W/hub.log")
if [ "$LINES" -lt 1000 ]; then ok "the hub's log stayed small: $LINES lines"; else fail "hub log: $LINES lines"; fi
hub_check && ok "invariant holds"
finish
