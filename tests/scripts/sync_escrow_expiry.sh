#!/usr/bin/env bash
# sync_escrow_expiry.sh (issue 8, item 1): a kiosk confirms visitors under its grant, then stays
# offline far past the grant's ttl + grace while another kiosk fills the event; a third does the
# same and "reboots" while offline. When they come back every "confirmed" they showed is
# confirmed at the hub, the event is not overbooked and `aukio-hub check` passes. The hub used to
# reclaim the grants' seats after ttl + grace and give them to the waiting list.
source "$(dirname "$0")/sync_common.bash"

EV=expiry-1
CAP=10
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Vanheneva"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":$CAP,
  "waiting_list_capacity":20,"maximum_group_size":1}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
# The kiosk stops using a grant at expires_in - 60 s (the margin): a ttl of 68 s leaves it 8 s to
# confirm; the grace is 2 s. The test then waits past ttl + grace on the hub's clock.
TTL=68
GRACE=2
start_hub --grant-ttl $TTL --grant-grace $GRACE --grant-max 3
KIOSKS="k1 k2 k3"
for k in $KIOSKS; do
    new_kiosk $k
    enrol_kiosk $k
done
for k in $KIOSKS; do ksync $k || fail "sync $k"; done
for k in k1 k3; do ksync $k || fail "grants $k"; done
T_GRANT=$(date +%s)
for k in k1 k3; do
    held=$(kq $k "SELECT COALESCE(sum(seats),0) FROM grants WHERE state='open'")
    [ "$held" -ge 1 ] && ok "$k holds $held seat(s) in a grant" || fail "$k holds no grant"
done

# signups_flow N PREFIX: N sign-ups through the UI.
signups_flow() {
    echo 'tap "Suomi"'
    for i in $(seq 1 "$1"); do
        cat <<FLOW
tap "Kaikki"
tap "Vanheneva"
tap "Ilmoittaudu"
type "$2 $i"
tap "Seuraava"
type "$2$i@example.fi"
tap "Valmis"
tap "Hyväksyn, että tietojani käytetään tämän tapahtuman järjestämiseen."
tap "Lähetä ilmoittautuminen"
expect "Ilmoittautumistunnus"
tap "Valmis"
tap "Suomi"
FLOW
    done
}

# k1 and k3 lose the network and confirm visitors under their grants, within their deadline.
for k in k1 k3; do
    point_kiosk $k http://127.0.0.1:9
    signups_flow 2 "Offline$k" >"$W/$k.flow"
    play $k "$W/$k.flow" || fail "sign-ups on $k: $(tail -3 "$W/$k.ui.log")"
done
[ $(($(date +%s) - T_GRANT)) -lt $((TTL - 60)) ] && ok "offline sign-ups made before the kiosks' deadline" \
    || echo "# note: sign-ups took longer than the grants' usable window"
for k in k1 k3; do
    kq $k "SELECT code FROM signups WHERE status='confirmed'" >>"$W/shown_confirmed"
done
shown=$(wc -l <"$W/shown_confirmed")
[ "$shown" -ge 2 ] && ok "offline kiosks showed $shown confirmed" || fail "offline kiosks showed $shown confirmed"

# k3 reboots while offline: the store sees another boot id (the grants remember the boot they
# were received in), and its used count is what the store kept.
used_before=$(kq k3 "SELECT COALESCE(sum(used),0) FROM grants")
kq k3 "UPDATE grants SET boot_id = 'another-boot' WHERE state = 'open'"
check "k3's used count survived the restart" "$used_before" "$(kq k3 "SELECT COALESCE(sum(used),0) FROM grants")"

# Meanwhile k2 fills the event, online, and more people wait.
signups_flow 14 "Online" >"$W/k2.flow"
play k2 "$W/k2.flow" || fail "sign-ups on k2: $(tail -3 "$W/k2.ui.log")"
ksync k2 || fail "sync k2"
"$HUB" signups "$EV" --csv >"$W/mid.csv"
waiting=$(awk -F, 'NR > 1 && $4 ~ /^waitlisted/' "$W/mid.csv" | wc -l)
[ "$waiting" -ge 1 ] && ok "the event is full at the hub, $waiting waiting" || fail "nobody waits"

# Far past ttl + grace on the hub's clock. Every path that used to reclaim runs meanwhile: the
# hub's 10 s timer and k2's grants rounds.
while [ $(($(date +%s) - T_GRANT)) -le $((TTL + GRACE + 11)) ]; do sleep 2; ksync k2 || true; done
held=$(sqlite3 "$DB" "SELECT held FROM events WHERE id='$EV'")
[ "$held" -ge 1 ] && ok "past ttl + grace the hub still holds $held seat(s) for the offline kiosks" \
    || fail "the hub gave the offline kiosks' seats away (held $held)"

# After the reboot k3 confirms no more under its old grant.
signups_flow 1 "Rebooted" >"$W/k3b.flow"
play k3 "$W/k3b.flow" || fail "sign-up on k3 after reboot: $(tail -3 "$W/k3.ui.log")"
check "after the reboot k3 does not confirm under its old grant" 0 \
    "$(kq k3 "SELECT count(*) FROM signups WHERE name LIKE 'Rebooted%' AND status='confirmed'")"

# Both come back.
for k in k3 k1; do
    point_kiosk $k "$URL"
    ksync $k || fail "sync $k"
    ksync $k || fail "second sync $k"
done
"$HUB" signups "$EV" --csv >"$W/signups.csv"
while read -r code; do
    st=$(awk -F, -v c="$code" 'NR > 1 && $3 == c {print $4}' "$W/signups.csv")
    check "kiosk-confirmed $code is confirmed at the hub" confirmed "$st"
done <"$W/shown_confirmed"
for k in k1 k3; do check "$k settled its grants" 0 "$(kq $k "SELECT count(*) FROM grants")"; done
confirmed=$(awk -F, 'NR > 1 && $4 == "confirmed" {n += $5} END {print n + 0}' "$W/signups.csv")
[ "$confirmed" -le "$CAP" ] && ok "not overbooked: $confirmed <= $CAP confirmed" || fail "overbooked: $confirmed confirmed"
check "no sign-up flagged" 0 "$(grep -c 'late grant\|released grant' "$W/signups.csv" || true)"
check "every grant settled: nothing held" 0 "$(sqlite3 "$DB" "SELECT held FROM events WHERE id='$EV'")"
hub_check && ok "aukio-hub check passes"
finish
