#!/usr/bin/env bash
# sync_escrow.sh: three enrolled kiosks hold grants for an event of 10 seats, lose the hub, take
# 30 sign-up attempts through their UI, and reconnect in random order. The hub ends with at most
# 10 confirmed, and every sign-up a kiosk showed as confirmed is confirmed at the hub.
source "$(dirname "$0")/sync_common.bash"

EV=escrow-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Escrow-testi"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":10,
  "waiting_list_capacity":10,"maximum_group_size":1}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
KIOSKS="k1 k2 k3"
for k in $KIOSKS; do
    new_kiosk $k
    enrol_kiosk $k
done
# Two rounds each: the first brings the catalogue, the second the grants.
for k in $KIOSKS; do ksync $k || fail "sync $k"; done
for k in $KIOSKS; do ksync $k || fail "sync $k"; done
held=$(for k in $KIOSKS; do kq $k "SELECT COALESCE(sum(seats),0) FROM grants WHERE state='open'"; done | paste -sd+ | bc)
[ "$held" -ge 1 ] && ok "kiosks hold $held seat(s) in grants" || fail "no grants held"
hub_check && ok "invariant with grants out"
stop_hub

{
    echo 'tap "Suomi"'
    for i in $(seq 1 10); do
        cat <<FLOW
tap "Kaikki"
tap "Escrow-testi"
tap-any "Ilmoittaudu" "Ilmoittaudu jonoon"
type "Vieras $i"
tap "Seuraava"
type "vieras$i@example.fi"
tap "Valmis"
tap "Hyväksyn, että tietojani käytetään tämän tapahtuman järjestämiseen."
tap-any "Lähetä ilmoittautuminen" "Ilmoittaudu jonoon"
expect "Ilmoittautumistunnus"
tap "Valmis"
tap "Suomi"
FLOW
    done
} >"$W/ten.txt"
for k in $KIOSKS; do play $k "$W/ten.txt" || fail "sign-ups on $k: $(tail -3 "$W/$k.ui.log")"; done
shown=0
for k in $KIOSKS; do
    c=$(kq $k "SELECT count(*) FROM signups WHERE status='confirmed'")
    n=$(kq $k "SELECT count(*) FROM signups")
    check "$k recorded 10 sign-ups" 10 "$n"
    shown=$((shown + c))
    kq $k "SELECT code FROM signups WHERE status='confirmed'" >>"$W/shown_confirmed"
done
ok "kiosks showed $shown confirmed offline"

start_hub
for k in $(echo $KIOSKS | tr ' ' '\n' | shuf); do
    point_kiosk $k "$URL"
    ksync $k || fail "sync $k"
done
for k in $KIOSKS; do ksync $k || fail "second sync $k"; done
"$HUB" signups "$EV" --csv >"$W/signups.csv"
confirmed=$(awk -F, 'NR > 1 && $4 == "confirmed"' "$W/signups.csv" | wc -l)
total=$(($(wc -l <"$W/signups.csv") - 1))
[ "$confirmed" -le 10 ] && ok "hub confirmed $confirmed <= 10" || fail "hub confirmed $confirmed"
# The hub lists confirmed and waitlisted parties; the rest it rejected (full), and said so.
kept=$(for k in $KIOSKS; do kq $k "SELECT count(*) FROM signups WHERE hub_status IN ('confirmed','waitlisted')"; done | paste -sd+ | bc)
rejected=$(for k in $KIOSKS; do kq $k "SELECT count(*) FROM signups WHERE hub_status = 'rejected'"; done | paste -sd+ | bc)
check "every attempt answered once" 30 "$((kept + rejected))"
check "hub rows = kiosks' confirmed + waitlisted answers" "$kept" "$total"
check "no duplicates at the hub" "$total" "$(awk -F, 'NR > 1 {print $3}' "$W/signups.csv" | sort -u | wc -l)"
while read -r code; do
    st=$(awk -F, -v c="$code" 'NR > 1 && $3 == c {print $4}' "$W/signups.csv")
    check "kiosk-confirmed $code is confirmed at the hub" confirmed "$st"
done <"$W/shown_confirmed"
for k in $KIOSKS; do
    check "$k: hub answered all" 0 "$(kq $k 'SELECT count(*) FROM signups WHERE hub_status IS NULL')"
done
hub_check && ok "hub invariant"
finish
