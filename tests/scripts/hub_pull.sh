#!/usr/bin/env bash
# Catalogue: import (all or nothing), pull in pages, cursors, cheap empty pulls, cancel/delete
# ops, snapshots, and 410 for cursors the hub cannot serve.
source "$(dirname "$0")/hub_common.bash"

events_json p1 10 0 2 p2 10 0 2 p3 10 0 2 p4 10 0 2 p5 10 0 2 >"$W/ev.json"
check "import" 0 "$("$HUB" event import "$W/ev.json" >/dev/null; echo $?)"
check "event list" 5 "$("$HUB" event list | wc -l | tr -d ' ')"

# A failing import names where and why, and changes nothing.
printf '[{"id":"p1","name":{"fi":"Uusi"},"start_time":"2099-01-01T10:00:00Z","maximum_attendee_capacity":10},\n {"id":"bad","start_time":"2099-01-01T10:00:00Z"}]' >"$W/bad.json"
ERR=$("$HUB" event import "$W/bad.json" 2>&1 || true)
case "$ERR" in *bad.json*name*) ok "bad import says where and why: $ERR" ;; *) fail "bad import message [$ERR]" ;; esac
printf '[{"id":"x",' >"$W/trunc.json"
ERR=$("$HUB" event import "$W/trunc.json" 2>&1 || true)
case "$ERR" in *line*) ok "truncated import says where: $ERR" ;; *) fail "truncated import message [$ERR]" ;; esac
check "nothing changed after failed imports" "$(cat "$W/ev.json" | jq -r '.[].id' | sort | paste -sd,)" \
    "$("$HUB" event list | awk '{print $2}' | sort | paste -sd,)"
check "re-importing the same file makes no changes" "1 2 3 4 5" \
    "$("$HUB" event import "$W/ev.json" >/dev/null; "$HUB" event list | awk '{print $5}' | sort -n | paste -sd' ')"

start_hub
DT=$(enrol k1)

# Snapshot in pages of 2.
check "snapshot page 1" 200 "$(api GET '/v1/changes?limit=2' "$DT")"
check "page 1 has 2 upserts" "upsert upsert" "$(body | jq -r '[.changes[].op] | join(" ")')"
check "page 1 says more and reset" "true true" "$(body | jq -r '"\(.more) \(.reset)"')"
check "page 1 carries the event JSON and seats" "p1 10" "$(body | jq -r '"\(.changes[0].event.id) \(.changes[0].seats.capacity)"')"
C=$(body | jq -r .cursor)
api GET "/v1/changes?limit=2&cursor=$C" "$DT" >/dev/null
check "page 2" "p3 p4 true" "$(body | jq -r '"\([.changes[].id] | join(" ")) \(.more)"')"
C=$(body | jq -r .cursor)
api GET "/v1/changes?limit=2&cursor=$C" "$DT" >/dev/null
check "page 3 is the last" "p5 false null" "$(body | jq -r '"\([.changes[].id] | join(" ")) \(.more) \(.reset)"')"
C=$(body | jq -r .cursor)

check "nothing new: 200" 200 "$(api GET "/v1/changes?cursor=$C" "$DT")"
check "nothing new: empty, same cursor" "0 $C false" "$(body | jq -r '"\(.changes | length) \(.cursor) \(.more)"')"

# Every worker thread has now answered "nothing new" from what it remembers of the meta row
# (hub_store_sqlite_head.c); a change by another process (the CLI) must reach each of them.
for _ in 1 2 3 4 5 6; do api GET "/v1/changes?cursor=$C" "$DT" >/dev/null; done
"$HUB" event cancel p5 >/dev/null
check "a CLI change is seen by the next empty pull" "1 1 1 1 1 1" \
    "$(for _ in 1 2 3 4 5 6; do api GET "/v1/changes?cursor=$C" "$DT" >/dev/null; printf '%s ' "$(body | jq '.changes | length')"; done | sed 's/ $//')"
C=$(body | jq -r .cursor)

# Changes after the cursor: a seat change, a cancel, a delete.
api POST /v1/push "$DT" "{\"ops\":[$(signup_op 1 p2 2)]}" >/dev/null
"$HUB" event cancel p3 >/dev/null
"$HUB" event delete p4 >/dev/null
api GET "/v1/changes?cursor=$C" "$DT" >/dev/null
check "incremental pull" "upsert:p2 cancel:p3 delete:p4" "$(body | jq -r '[.changes[] | "\(.op):\(.id)"] | join(" ")')"
check "the seat change is in it" 2 "$(body | jq -r '.changes[0].seats.confirmed')"
check "delete carries no event" null "$(body | jq -r '.changes[2].event')"
check "cancel carries the cancelled event" EventCancelled "$(body | jq -r '.changes[1].event.event_status')"
C2=$(body | jq -r .cursor)

# A new snapshot skips deleted events.
api GET "/v1/changes" "$DT" >/dev/null
check "snapshot skips the deleted event" "p1 p2 p3 p5" "$(body | jq -r '[.changes[].id] | sort | join(" ")')"

# Cursors the hub cannot serve: 410 with its own code.
EPOCH_OTHER="c1.00000000000000000000000000000000.1.i"
check "cursor of another hub db" 410 "$(api GET "/v1/changes?cursor=$EPOCH_OTHER" "$DT")"
check "410 code" cursor_gone "$(body | jq -r .error)"
check "garbage cursor" 410 "$(api GET "/v1/changes?cursor=hello" "$DT")"
AHEAD=$(echo "$C2" | awk -F. '{print $1"."$2"."($3+1000)"."$4}')
check "cursor ahead of the hub (restored backup)" 410 "$(api GET "/v1/changes?cursor=$AHEAD" "$DT")"
check "bad limit" 400 "$(api GET "/v1/changes?limit=0" "$DT")"
"$HUB" compact >/dev/null
check "cursor older than compaction" 410 "$(api GET "/v1/changes?cursor=$C" "$DT")"
check "latest cursor still works after compaction" 200 "$(api GET "/v1/changes?cursor=$C2" "$DT")"
check "import refuses capacity below seats taken" 3 \
    "$(events_json p2 1 0 2 >"$W/small.json"; "$HUB" event import "$W/small.json" >/dev/null 2>&1; echo $?)"
hub_check && ok "invariant holds"
stop_hub
finish
