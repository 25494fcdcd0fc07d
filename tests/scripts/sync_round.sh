#!/usr/bin/env bash
# sync_round.sh: one round leaves a fresh kiosk able to confirm (it pulls before it asks for
# grants, issue 8), and `aukio status` tells what went wrong in the last round until one succeeds.
source "$(dirname "$0")/sync_common.bash"

"$HUB" event import "$SOURCE_DIR/assets/demo/events.json" >/dev/null
start_hub
new_kiosk k
enrol_kiosk k
ksync k || fail "the first round: $(tail -3 "$W/k.sync.log")"
open=$(kq k "SELECT count(*) FROM grants WHERE state = 'open' AND seats > used")
[ "$open" -gt 0 ] && ok "after one round the kiosk holds $open grant(s) to confirm with" ||
    fail "no grant after the first round"
"$KIOSK" --config "$W/k.ini" status >"$W/status" 2>&1
grep -q '^last error' "$W/status" && fail "an error shown after a good round" || ok "no error shown"

stop_hub
ksync k && fail "a round with the hub down succeeded" || ok "the hub down: the round fails"
"$KIOSK" --config "$W/k.ini" status >"$W/status" 2>&1
grep -q '^last error: .*: .*Couldn.t connect' "$W/status" && ok "status shows the last error" ||
    fail "status: $(cat "$W/status")"
start_hub
point_kiosk k "$URL"
ksync k || fail "the round after the hub came back"
"$KIOSK" --config "$W/k.ini" status >"$W/status" 2>&1
grep -q '^last error' "$W/status" && fail "the error stays after a good round" || ok "a good round clears it"
finish
