#!/usr/bin/env bash
# hub_rate.sh (issue 8, item 5): a device that sends writes faster than `--device-rate` (with
# bursts of `--device-burst`) gets 429 with Retry-After; another device and pulls are not held
# back, and after Retry-After the device is served again.
source "$(dirname "$0")/hub_common.bash"

events_json r 10 5 2 >"$W/ev.json"
"$HUB" event import "$W/ev.json" >/dev/null
start_hub --device-rate 1 --device-burst 4
A=$(enrol kiosk-a)
B=$(enrol kiosk-b)

# hdr TOKEN: one empty grants request; prints "STATUS RETRY-AFTER".
hdr() {
    curl -s -o "$W/out" -D "$W/head" -w '%{http_code}' -X POST -H "Authorization: Bearer $1" \
        --data-binary '{"want":[]}' "$URL/v1/grants" >"$W/code"
    printf '%s %s\n' "$(cat "$W/code")" "$(tr -d '\r' <"$W/head" | awk -F': ' 'tolower($1) == "retry-after" {print $2}')"
}

: >"$W/a"
for _ in $(seq 1 10); do hdr "$A" >>"$W/a"; done
n200=$(grep -c '^200' "$W/a" || true)
n429=$(grep -c '^429' "$W/a" || true)
# 4 is the burst; a slow machine may refill one token (1/s) while curl runs ten times.
[ "$n200" -ge 4 ] && [ "$n200" -le 5 ] && ok "a burst of 10 writes: $n200 answered (burst 4)" \
    || fail "a burst of 10 writes: $n200 answered, expected the burst of 4 (5 on a slow machine)"
check "the others get 429" $((10 - n200)) "$n429"
check "every 429 says when to come back" "$n429" "$(grep -cE '^429 [1-9][0-9]*$' "$W/a" || true)"
hdr "$A" >/dev/null
check "the 429 body names the error" rate_limited "$(body | jq -r .error)"
check "another device is not held back" "200 " "$(hdr "$B")"
check "pulls are not counted" 200 "$(api GET /v1/changes "$A")"
sleep "$(grep '^429' "$W/a" | tail -1 | awk '{print $2}')"
check "after Retry-After the device is served again" "200 " "$(hdr "$A")"
stop_hub

# The limit can be switched off.
start_hub --device-rate 0
: >"$W/off"
for _ in $(seq 1 50); do hdr "$A" >>"$W/off"; done
check "--device-rate 0: 50 writes back to back, all answered" 50 "$(grep -c '^200' "$W/off" || true)"
stop_hub
finish
