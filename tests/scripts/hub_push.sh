#!/usr/bin/env bash
# Push: per-op answers, exactly once (also across a restart), limits, hostile strings, the waiting
# list, and a kill -9 in the middle of a batch.
source "$(dirname "$0")/hub_common.bash"

events_json e1 4 3 3 e2 2 10 2 big 100000 0 5 >"$W/ev.json"
"$HUB" event import "$W/ev.json" >/dev/null
start_hub
DT=$(enrol k1)
DT2=$(enrol k2)

# ---- per-op answers -----------------------------------------------------------------------
LONG=$(printf 'x%.0s' $(seq 101))
OPS="{\"ops\":[
 $(signup_op 1 e1 3),
 $(signup_op 2 e1 1),
 $(signup_op 3 e1 2),
 $(signup_op 4 e1 2),
 {\"uuid\":\"$(uuid 5)\",\"kind\":\"signup\",\"event_id\":\"e1\",\"group_size\":1,\"name\":\"$LONG\"},
 $(signup_op 6 nosuch 1),
 $(signup_op 7 e1 9),
 {\"uuid\":\"$(uuid 8)\",\"kind\":\"feedback\",\"score\":4,\"comment\":\"Kiitos!\",\"lang\":\"fi\",\"unknown_field\":[1,2]},
 {\"uuid\":\"$(uuid 9)\",\"kind\":\"feedback\",\"score\":5},
 {\"uuid\":\"not-a-uuid\",\"kind\":\"feedback\",\"score\":1},
 {\"uuid\":\"$(uuid 10)\",\"kind\":\"teleport\"},
 $(signup_op 1 e1 3)
]}"
check "push" 200 "$(api POST /v1/push "$DT" "$OPS")"
body >"$W/first.json"
R() { jq -r ".results[$1] | \"\(.result) \(.position // .reason // \"\")\"" "$W/first.json"; }
check "op 1 confirmed" "confirmed " "$(R 0)"
check "op 2 confirmed (last seat)" "confirmed " "$(R 1)"
check "op 3 waitlisted #1" "waitlisted 1" "$(R 2)"
check "op 4 rejected: waiting list full" "rejected full" "$(R 3)"
check "op 5 rejected: name too long" "rejected invalid" "$(R 4)"
check "op 5 says why" "name: longer than 100 bytes" "$(jq -r '.results[4].message' "$W/first.json")"
check "op 6 rejected: unknown event" "rejected unknown_event" "$(R 5)"
check "op 7 rejected: group too big" "rejected group_size" "$(R 6)"
check "op 8 feedback ok (unknown fields ignored)" "ok " "$(R 7)"
check "op 9 rejected: score 5" "rejected invalid" "$(R 8)"
check "op 10 rejected: bad uuid" "rejected invalid" "$(R 9)"
check "op 11 rejected: bad kind" "rejected invalid" "$(R 10)"
check "op 12 (same uuid as op 1 in the same batch) = op 1" "$(jq -c '.results[0]' "$W/first.json")" "$(jq -c '.results[11]' "$W/first.json")"
hub_check && ok "invariant holds"

# ---- exactly once -------------------------------------------------------------------------
api POST /v1/push "$DT" "$OPS" >/dev/null
check "replay returns the first answers verbatim" "$(cat "$W/first.json")" "$(body)"
check "replay added nothing" 3 "$("$HUB" signups e1 | wc -l | tr -d ' ')"
check "another device reusing a uuid" "rejected uuid_conflict" \
    "$(api POST /v1/push "$DT2" "{\"ops\":[$(signup_op 1 e1 1)]}" >/dev/null; body | jq -r '.results[0] | "\(.result) \(.reason)"')"
stop_hub
start_hub
api POST /v1/push "$DT" "$OPS" >/dev/null
check "replay after a restart returns the first answers verbatim" "$(cat "$W/first.json")" "$(body)"

# ---- the waiting list ----------------------------------------------------------------------
# e1: 4 seats, op 1 (3) + op 2 (1) confirmed, op 3 (2) waiting. Cancel op 2 -> 1 seat free, the
# head needs 2: stays. Cancel op 1 -> head promoted.
CANCEL() { printf '{"uuid":"%s","kind":"cancel","signup":"%s"}' "$(uuid "$1")" "$(uuid "$2")"; }
api POST /v1/push "$DT" "{\"ops\":[$(CANCEL 100 2)]}" >/dev/null
check "cancel ok" ok "$(body | jq -r '.results[0].result')"
check "head does not fit yet" "waitlisted #1" "$("$HUB" signups e1 | grep 'Visitor 3' | awk '{print $2, $3}')"
api POST /v1/push "$DT" "{\"ops\":[$(CANCEL 101 1), $(signup_op 11 e1 1)]}" >/dev/null
check "cancel promotes the head" confirmed "$("$HUB" signups e1 | grep 'Visitor 3' | awk '{print $2}')"
check "a newcomer after the promotion" confirmed "$(body | jq -r '.results[1].result')"
check "cancel of an unknown sign-up" "rejected not_found" \
    "$(api POST /v1/push "$DT" "{\"ops\":[$(CANCEL 102 999)]}" >/dev/null; body | jq -r '.results[0] | "\(.result) \(.reason)"')"
check "cancel of another device's sign-up" "rejected not_found" \
    "$(api POST /v1/push "$DT2" "{\"ops\":[$(CANCEL 103 3)]}" >/dev/null; body | jq -r '.results[0] | "\(.result) \(.reason)"')"
C=$(api GET /v1/changes "$DT" >/dev/null; body | jq -r '.changes[] | select(.id=="e1") | "\(.seats.confirmed) \(.seats.waitlisted)"')
check "pull reflects the promotion" "3 0" "$C"
hub_check && ok "invariant holds"

# ---- limits -------------------------------------------------------------------------------
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$W/big.json"
check "oversized body by Content-Length" 413 "$(api POST /v1/push "$DT" "@$W/big.json")"
check "413 code" too_large "$(body | jq -r .error)"
S=$(curl -s -o "$W/out" -w '%{http_code}' -X POST -H "Authorization: Bearer $DT" \
    -H 'Transfer-Encoding: chunked' --data-binary "@$W/big.json" "$URL/v1/push")
check "oversized chunked body (no Content-Length)" 413 "$S"
check "malformed JSON" 400 "$(api POST /v1/push "$DT" '{"ops":[{"uuid":')"
check "400 says line and column" bad_json "$(body | jq -r .error)"
case "$(body | jq -r .message)" in "line 1, column"*) ok "message: $(body | jq -r .message)" ;; *) fail "400 message $(body)" ;; esac
check "wrong shape" 400 "$(api POST /v1/push "$DT" '{"ops":{}}')"
check "not an object" 400 "$(api POST /v1/push "$DT" '[1,2]')"
check "nothing changed by 400s and 413s" 4 "$("$HUB" signups e1 | wc -l | tr -d ' ')"

# ---- hostile strings, stored verbatim --------------------------------------------------------
NASTY=$(jq -n -c --arg n "Robert'); DROP TABLE signups;-- \"<script>alert(1)</script> \\\\ ÅÄÖ 🎉 %s%n" '$n')
NASTY_EMAIL=$(jq -n -c '"=cmd|\u0027 /C calc\u0027!A0,\"x\"@example.fi"')
OP="{\"uuid\":\"$(uuid 200)\",\"kind\":\"signup\",\"event_id\":\"e2\",\"group_size\":1,\"name\":$NASTY,\"email\":$NASTY_EMAIL,\"answers\":{\"q\":\"line1\\nline2\\u0001\"}}"
check "hostile strings accepted" confirmed "$(api POST /v1/push "$DT" "{\"ops\":[$OP]}" >/dev/null; body | jq -r '.results[0].result')"
if command -v sqlite3 >/dev/null; then
    check "name stored verbatim" "$(jq -r -n "$NASTY")" "$(sqlite3 "$DB" "SELECT name FROM signups WHERE uuid='$(uuid 200)'")"
    check "email stored verbatim" "$(jq -r -n "$NASTY_EMAIL")" "$(sqlite3 "$DB" "SELECT email FROM signups WHERE uuid='$(uuid 200)'")"
    check "tables intact" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name='signups'")"
fi
"$HUB" signups e2 --csv >"$W/e2.csv"
check "CSV quotes and neutralises a formula" 1 "$(grep -c -F '"'"'"'=cmd|'"'"' /C calc'"'"'!A0,""x""@example.fi"' "$W/e2.csv")"
check "terminal output has no raw control characters" 0 "$("$HUB" signups e2 | tr -d '\n' | grep -c -P '[\x00-\x08\x0b-\x1f]' || true)"

# ---- kill -9 during batches: each batch is all or nothing ----------------------------------
for round in 1 2 3 4 5; do
    base=$((100000 + round * 1000))
    { printf '{"ops":['; for i in $(seq 0 999); do [ "$i" -gt 0 ] && printf ','; signup_op $((base + i)) big 1; done; printf ']}'; } >"$W/batch.json"
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $DT" --data-binary "@$W/batch.json" "$URL/v1/push" &
    CURL_PID=$!
    sleep "$(echo "0.02 0.1 0.3 0.6 1.5" | cut -d" " -f"$round")"
    kill9_hub
    wait "$CURL_PID" 2>/dev/null || true
    start_hub
    n=$(sqlite3 "$DB" "SELECT count(*) FROM signups WHERE event_id='big' AND uuid >= '$(uuid "$base")' AND uuid <= '$(uuid $((base + 999)))'")
    nops=$(sqlite3 "$DB" "SELECT count(*) FROM ops WHERE uuid >= '$(uuid "$base")' AND uuid <= '$(uuid $((base + 999)))'")
    if { [ "$n" = 0 ] && [ "$nops" = 0 ]; } || { [ "$n" = 1000 ] && [ "$nops" = 1000 ]; }; then
        ok "kill -9 round $round: batch all or nothing ($n sign-ups)"
    else
        fail "kill -9 round $round: $n sign-ups, $nops ops"
    fi
    hub_check && ok "invariant holds after kill -9 round $round"
    # The kiosk retries: afterwards the batch is in exactly once.
    api POST /v1/push "$DT" "@$W/batch.json" >/dev/null
    check "retry after kill -9 round $round" 1000 "$(body | jq '[.results[] | select(.result == "confirmed")] | length')"
done
check "each batch exactly once" 5000 "$(sqlite3 "$DB" "SELECT confirmed FROM events WHERE id='big'")"
stop_hub
finish
