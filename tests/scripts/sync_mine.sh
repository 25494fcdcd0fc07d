#!/usr/bin/env bash
# sync_mine.sh: "My sign-up" across kiosks through the hub (GET /v1/signups/CODE and
# POST /v1/signups/CODE/cancel). An event of 1 seat: kiosk A confirms visitor 1, kiosk B puts
# visitor 2 on the waiting list. On kiosk B, visitor 1 types their code: B does not know it, asks
# the hub, shows the place (and nobody's name), and cancels it after the confirm step; the hub
# promotes visitor 2 and records that the cancel came from B; A and B hear of it in their pulls.
# Offline, B still knows its own sign-up, and says of A's that the hub cannot be reached.
source "$(dirname "$0")/sync_common.bash"

EV=mine-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Omatesti"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":1,
  "waiting_list_capacity":5,"maximum_group_size":1}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
for k in ka kb; do
    new_kiosk $k
    enrol_kiosk $k
done
for k in ka ka kb kb; do ksync $k || fail "sync $k"; done

signup_flow() {
    cat <<FLOW
tap "Suomi"
tap "Kaikki"
tap "Omatesti"
tap "$3"
type "$1"
tap "Seuraava"
type "$2"
tap "Valmis"
tap "Hyväksyn, että tietojani käytetään tämän tapahtuman järjestämiseen."
tap "${4:-$3}"
expect "Ilmoittautumistunnus"
tap "Valmis"
FLOW
}
# mine_flow CODE: "My sign-up" from the list, the code typed as a visitor would (with a space).
mine_flow() {
    cat <<FLOW
tap "Suomi"
tap "Oma ilmoittautuminen"
type "${1:0:3} ${1:3}"
tap "Hae"
FLOW
}
signup_flow "Vieras Yksi" yksi@example.fi "Ilmoittaudu" "Lähetä ilmoittautuminen" >"$W/v1.txt"
signup_flow "Vieras Kaksi" kaksi@example.fi "Ilmoittaudu jonoon" >"$W/v2.txt"
play ka "$W/v1.txt" || fail "sign-up 1 on ka: $(tail -3 "$W/ka.ui.log")"
ksync ka || fail "sync ka"
play kb "$W/v2.txt" || fail "sign-up 2 on kb: $(tail -3 "$W/kb.ui.log")"
ksync kb || fail "sync kb"
C1=$(kq ka "SELECT code FROM signups")
C2=$(kq kb "SELECT code FROM signups")
[ -n "$C1" ] && [ -n "$C2" ] || fail "codes: [$C1] [$C2]"
hub_status() { "$HUB" signups "$EV" --csv | awk -F, -v c="$1" 'NR > 1 && $3 == c {print $4}'; }
check "visitor 1 confirmed at the hub" confirmed "$(hub_status "$C1")"
check "visitor 2 waiting at the hub" "waitlisted #1" "$(hub_status "$C2")"
check "kb does not know visitor 1's code" 0 "$(kq kb "SELECT count(*) FROM signups WHERE code = '$C1'")"

# On kb: a wrong code is the hub's "not found"; visitor 1's code is found at the hub.
{
    mine_flow ZZZZZZ
    echo 'expect "Ilmoittautumistunnusta ei löytynyt. Tarkista se vahvistuksesta."'
    echo 'tap "Takaisin"'
    echo 'tap "Takaisin"'
    echo 'tap "Oma ilmoittautuminen"'
    echo "type \"$C1\""
    echo 'tap "Hae"'
    echo 'expect "Paikkasi on vahvistettu"'
    echo 'expect "Omatesti"'
    echo 'expect-not "Vieras"'
    echo 'expect-not "yksi@example.fi"'
    echo 'tap "Peru ilmoittautuminen"'
    echo 'expect "Haluatko varmasti perua?"'
    echo 'tap "Kyllä, peru"'
    echo 'expect "Ilmoittautumisesi on peruttu"'
    echo 'expect "Paikkasi siirtyy jonossa seuraavalle."'
    echo 'tap "Valmis"'
} >"$W/m1.txt"
play kb "$W/m1.txt" || fail "my sign-up on kb: $(tail -3 "$W/kb.ui.log")"
check "visitor 1 cancelled at the hub, through kb" "cancelled (at kb)" "$(hub_status "$C1")"
check "visitor 2 promoted at the hub" confirmed "$(hub_status "$C2")"
KB_ID=$(sqlite3 "$DB" "SELECT id FROM devices WHERE name = 'kb'")
check "the hub records that kb cancelled it" "$KB_ID" \
    "$(sqlite3 "$DB" "SELECT cancelled_by FROM signups WHERE code = '$C1'")"
grep -q "$C1 .*cancelled (at kb)" <("$HUB" signups "$EV") && ok "aukio-hub signups shows where" ||
    fail "aukio-hub signups: $("$HUB" signups "$EV")"
check "kb keeps nothing of visitor 1" 0 "$(kq kb "SELECT count(*) FROM signups WHERE code = '$C1'")"
check "kb queued nothing for it" 0 "$(kq kb "SELECT count(*) FROM outbox WHERE kind = 'cancel'")"
hub_check && ok "hub invariant after a cancel by code"
ksync ka || fail "sync ka after the cancel"
check "ka hears visitor 1 is cancelled" cancelled "$(kq ka "SELECT hub_status FROM signups WHERE code = '$C1'")"
ksync kb || fail "sync kb after the promotion"
check "kb hears visitor 2 is confirmed" "confirmed|0" \
    "$(kq kb "SELECT hub_status, hub_position FROM signups WHERE code = '$C2'")"

# Visitor 2 looks their own sign-up up on kb: the hub's latest word, from kb's store.
{
    mine_flow "$C2"
    echo 'expect "Paikkasi on vahvistettu"'
    echo 'tap "Valmis"'
    # Visitor 1's code again: cancelled, nothing more to cancel.
    mine_flow "$C1"
    echo 'expect "Ilmoittautuminen on peruttu"'
    echo 'expect-not "Peru ilmoittautuminen"'
    echo 'tap "Valmis"'
} >"$W/m2.txt"
play kb "$W/m2.txt" || fail "my sign-up again on kb: $(tail -3 "$W/kb.ui.log")"

# Offline: kb knows its own; of another kiosk's it says the hub cannot be reached, in time.
stop_hub
{
    mine_flow "$C2"
    echo 'expect "Paikkasi on vahvistettu"'
    echo 'tap "Valmis"'
    mine_flow "$C1"
    echo 'expect "Tätä ilmoittautumista ei tehty tällä laitteella"'
    echo 'tap "Takaisin"'
    echo 'tap "Takaisin"'
} >"$W/m3.txt"
t0=$(date +%s%N)
play kb "$W/m3.txt" || fail "my sign-up offline on kb: $(tail -3 "$W/kb.ui.log")"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 15000 ] && ok "offline lookups answered in ${ms} ms" || fail "offline lookups took ${ms} ms"
finish
