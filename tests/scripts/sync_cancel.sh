#!/usr/bin/env bash
# sync_cancel.sh: cancellation from both sides, and the hub's later decisions reaching the kiosk
# that took the sign-up. An event of 1 seat: kiosk A confirms visitor 1 (under its grant), kiosk
# B puts visitors 2 and 3 on the waiting list, all through their headless UI. `aukio cancel` on A
# reaches the hub with A's next round, the hub promotes visitor 2, and B's next pull shows
# visitor 2 confirmed (and visitor 3 moved up); `aukio-hub signup cancel` then promotes visitor 3.
source "$(dirname "$0")/sync_common.bash"

EV=cancel-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Peruutustesti"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":1,
  "waiting_list_capacity":5,"maximum_group_size":1}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
for k in ka kb; do
    new_kiosk $k
    enrol_kiosk $k
done
# A first, twice (catalogue, then its grant of the one seat); then B, which gets no seat.
for k in ka ka kb kb; do ksync $k || fail "sync $k"; done

# signup_flow NAME EMAIL BUTTON [SUBMIT]: one visitor through the UI (the buttons say whether the
# kiosk offers a seat or the waiting list).
signup_flow() {
    cat <<FLOW
tap "Suomi"
tap "Kaikki"
tap "Peruutustesti"
tap "$3"
type "$1"
tap "Seuraava"
type "$2"
tap "Valmis"
tap "Hyväksyn, että tietojani käytetään tämän tapahtuman järjestämiseen."
tap "${4:-Lähetä ilmoittautuminen}"
expect "Ilmoittautumistunnus"
tap "Valmis"
FLOW
}
signup_flow "Vieras Yksi" yksi@example.fi "Ilmoittaudu" >"$W/v1.txt"
signup_flow "Vieras Kaksi" kaksi@example.fi "Ilmoittaudu jonoon" "Ilmoittaudu jonoon" >"$W/v2.txt"
signup_flow "Vieras Kolme" kolme@example.fi "Ilmoittaudu jonoon" "Ilmoittaudu jonoon" >"$W/v3.txt"
play ka "$W/v1.txt" || fail "sign-up 1 on ka: $(tail -3 "$W/ka.ui.log")"
ksync ka || fail "sync ka"
play kb "$W/v2.txt" || fail "sign-up 2 on kb: $(tail -3 "$W/kb.ui.log")"
play kb "$W/v3.txt" || fail "sign-up 3 on kb: $(tail -3 "$W/kb.ui.log")"
ksync kb || fail "sync kb"
C1=$(kq ka "SELECT code FROM signups")
C2=$(kq kb "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1")
C3=$(kq kb "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1 OFFSET 1")
[ -n "$C1" ] && [ -n "$C2" ] && [ -n "$C3" ] || fail "codes: [$C1] [$C2] [$C3]"
hub_status() { "$HUB" signups "$EV" --csv | awk -F, -v c="$1" 'NR > 1 && $3 == c {print $4}'; }
check "visitor 1 confirmed at the hub" confirmed "$(hub_status "$C1")"
check "visitor 2 waiting at the hub" "waitlisted #1" "$(hub_status "$C2")"
check "visitor 3 waiting at the hub" "waitlisted #2" "$(hub_status "$C3")"
check "kb knows visitor 2 waits" "waitlisted|1" \
    "$(kq kb "SELECT hub_status, hub_position FROM signups WHERE code = '$C2'")"

# The kiosk cancels visitor 1: the op waits in A's outbox, then reaches the hub.
out=$("$KIOSK" --config "$W/ka.ini" cancel "$C1") || fail "aukio cancel: $out"
grep -q "^cancelled: $C1" <<<"$out" && ok "aukio cancel says so" || fail "aukio cancel said: $out"
check "cancel queued on ka" 1 "$(kq ka "SELECT count(*) FROM outbox WHERE kind = 'cancel' AND acked_at IS NULL")"
out=$("$KIOSK" --config "$W/ka.ini" cancel "$C1") && grep -q "already cancelled" <<<"$out" &&
    ok "a second cancel changes nothing" || fail "second cancel: $out"
if "$KIOSK" --config "$W/ka.ini" cancel ZZZZZZ 2>/dev/null; then fail "unknown code accepted"; else ok "unknown code refused"; fi
check "visitor 1 still confirmed before the sync" confirmed "$(hub_status "$C1")"
ksync ka || fail "sync ka after cancel"
check "visitor 1 cancelled at the hub" cancelled "$(hub_status "$C1")"
check "visitor 2 promoted at the hub" confirmed "$(hub_status "$C2")"
check "visitor 3 moved up at the hub" "waitlisted #1" "$(hub_status "$C3")"
check "ka: queue empty" 0 "$(kq ka 'SELECT count(*) FROM outbox WHERE acked_at IS NULL')"
check "ka learns visitor 1 is cancelled" cancelled "$(kq ka "SELECT hub_status FROM signups WHERE code = '$C1'")"
grep -q "$C1 .*cancelled here" <("$KIOSK" --config "$W/ka.ini" signups) && ok "aukio signups shows the cancel" ||
    fail "aukio signups: $("$KIOSK" --config "$W/ka.ini" signups)"
ksync kb || fail "sync kb after the promotion"
check "kb learns visitor 2 is confirmed" "confirmed|0" \
    "$(kq kb "SELECT hub_status, hub_position FROM signups WHERE code = '$C2'")"
check "kb learns visitor 3 moved up" "waitlisted|1" \
    "$(kq kb "SELECT hub_status, hub_position FROM signups WHERE code = '$C3'")"
grep -q "$C2 .*hub: confirmed" <("$KIOSK" --config "$W/kb.ini" signups) && ok "aukio signups on kb shows it" ||
    fail "aukio signups on kb: $("$KIOSK" --config "$W/kb.ini" signups)"
hub_check && ok "hub invariant after the kiosk's cancel"

# The coordinator cancels visitor 2 at the hub: visitor 3 is promoted, kb hears of both.
out=$("$HUB" signup cancel "$C2") || fail "aukio-hub signup cancel: $out"
grep -q "^cancelled: $C2" <<<"$out" && ok "aukio-hub signup cancel says so" || fail "it said: $out"
out=$("$HUB" signup cancel "$C2" --device kb) && grep -q "already cancelled" <<<"$out" &&
    ok "a second hub cancel changes nothing" || fail "second hub cancel: $out"
if "$HUB" signup cancel "$C2" --device ka 2>/dev/null; then fail "code of kb found under ka"; else ok "--device narrows the code"; fi
if "$HUB" signup cancel ZZZZZZ 2>/dev/null; then fail "unknown code accepted at the hub"; else ok "unknown code refused at the hub"; fi
check "visitor 3 promoted at the hub" confirmed "$(hub_status "$C3")"
ksync kb || fail "sync kb after the hub's cancel"
check "kb learns visitor 2 is cancelled" cancelled "$(kq kb "SELECT hub_status FROM signups WHERE code = '$C2'")"
check "kb learns visitor 3 is confirmed" "confirmed|0" \
    "$(kq kb "SELECT hub_status, hub_position FROM signups WHERE code = '$C3'")"
# Codes are unique per kiosk only: two devices with the same code need --device.
for d in d1 d2; do
    tok=$(enrol $d)
    u=$(cat /proc/sys/kernel/random/uuid)
    st=$(api POST /v1/push "$tok" "{\"ops\":[{\"uuid\":\"$u\",\"kind\":\"signup\",\"event_id\":\"$EV\",\"group_size\":1,\"name\":\"X\",\"code\":\"SAME22\",\"created_at\":$(date +%s)}]}")
    check "push of $d" 200 "$st"
done
if "$HUB" signup cancel SAME22 2>"$W/err"; then fail "an ambiguous code was cancelled"; fi
grep -q -- "--device" "$W/err" && ok "an ambiguous code asks for --device" || fail "said: $(cat "$W/err")"
out=$("$HUB" signup cancel SAME22 --device d2) && grep -q "^cancelled: SAME22" <<<"$out" &&
    ok "--device picks one" || fail "with --device: $out"
check "the other stays" 1 "$("$HUB" signups "$EV" --csv | awk -F, '$3 == "SAME22" && $4 != "cancelled"' | wc -l)"
ksync ka || fail "sync ka at the end"
check "ka hears nothing of kb's sign-ups" 1 "$(kq ka 'SELECT count(*) FROM signups')"
hub_check && ok "hub invariant after the hub's cancel"
finish
