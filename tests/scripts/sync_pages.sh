#!/usr/bin/env bash
# sync_pages.sh: any valid catalogue reaches a kiosk (issue 7). An event in a page that this
# kiosk cannot read is skipped and reported while the rest is applied and the cursor moves on;
# a page larger than the kiosk will read makes it ask for smaller pages instead of failing on
# every round.
source "$(dirname "$0")/sync_common.bash"

"$HUB" event import "$SOURCE_DIR/assets/demo/events.json" >/dev/null
n_events=$(jq '.data | length' "$SOURCE_DIR/assets/demo/events.json")
bad=aukio:lahti-vauvojen-loruhetki-1
# An event whose stored form this kiosk cannot read (as from an older or newer hub): no name.
sqlite3 "$DB" "UPDATE events SET json = '{\"id\":\"$bad\",\"start_time\":\"2026-03-16T08:00:00Z\"}' WHERE id = '$bad'"
start_hub

new_kiosk k
enrol_kiosk k
if ksync k; then ok "a round with an unreadable event succeeds"; else fail "the round failed: $(tail -3 "$W/k.sync.log")"; fi
grep -q "skipped 1 event this kiosk cannot read; the last: $bad: name" "$W/k.sync.log" &&
    ok "the event is reported by id and reason" || fail "no report: $(cat "$W/k.sync.log")"
check "the rest of the catalogue is there" $((n_events - 1)) "$(kq k "SELECT count(*) FROM events")"
check "the cursor moved" 1 "$(kq k "SELECT count(*) FROM sync_state WHERE key = 'cursor'")"
check "the round is recorded" 1 "$(kq k "SELECT count(*) FROM sync_state WHERE key = 'last_ok'")"
ksync k && ok "later rounds succeed too" || fail "the next round failed"

# Pages larger than the kiosk reads: 40 events with 8 KiB descriptions, a kiosk that reads at
# most 64 KiB an answer.
long=$(head -c 8192 /dev/zero | tr '\0' 'a')
jq --arg d "$long" '{data: [range(40) as $i | .data[1] | .id = "aukio:big-\($i)" |
    .description = {fi: $d}]}' "$SOURCE_DIR/assets/demo/events.json" >"$W/big.json"
"$HUB" event import "$W/big.json" >/dev/null
new_kiosk small
enrol_kiosk small
if AUKIO_SYNC_RESPONSE_MAX=65536 ksync small; then ok "a kiosk that reads 64 KiB an answer syncs"; else
    fail "it failed: $(tail -3 "$W/small.sync.log")"
fi
check "every event arrives" $((n_events - 1 + 40)) "$(kq small "SELECT count(*) FROM events")"
pages=$(sed -n 's/^pulled [0-9]* changes in \([0-9]*\) pages.*/\1/p' "$W/small.sync.log" | head -1)
[ "${pages:-0}" -ge 5 ] && ok "in smaller pages ($pages)" || fail "pages: $pages"
finish
