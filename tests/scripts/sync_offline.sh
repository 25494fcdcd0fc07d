#!/usr/bin/env bash
# sync_offline.sh: two kiosks take sign-ups and feedback through their real UI while the hub is
# down, then sync: every record reaches the hub exactly once, replays change nothing, and the
# visitors' personal data is gone from the kiosks once the hub has answered.
source "$(dirname "$0")/sync_common.bash"

# The kiosks run at the catalogue's own dates (--now), so the hub keeps them too: without the
# anchor, its import does not move the events to today.
jq 'del(.x_aukio_anchor_date)' "$SOURCE_DIR/assets/demo/events.json" >"$W/events.json"
"$HUB" event import "$W/events.json" >/dev/null
start_hub
for k in ka kb; do
    new_kiosk $k
    enrol_kiosk $k
    ksync $k || fail "first sync of $k"
done
check "catalogue pulled" 30 "$(kq ka 'SELECT count(*) FROM events')"
stop_hub

# The demo week as of its anchor date, like the screen tests.
grep -v '^shot\|^#\|^mask' "$TESTS_DIR/flows/signup_fi.txt" |
    sed 's/^expect "Olet ilmoittautunut!"/expect "Ilmoittautumistunnus"/' >"$W/signup.txt"
grep -v '^shot\|^#' "$TESTS_DIR/flows/feedback_fi.txt" >"$W/feedback.txt"
for k in ka ka kb; do play $k "$W/signup.txt" --now $FLOW_NOW || fail "sign-up on $k"; done
for k in ka kb kb; do play $k "$W/feedback.txt" --now $FLOW_NOW || fail "feedback on $k"; done
# A feedback is two ops (the score as tapped, the follow-up that amends it); at the hub, one row.
check "kiosk a queued" 4 "$(kq ka 'SELECT count(*) FROM outbox WHERE acked_at IS NULL')"
check "kiosk b queued" 5 "$(kq kb 'SELECT count(*) FROM outbox WHERE acked_at IS NULL')"
# Offline, a kiosk without grants promises no seat: sign-ups wait for the hub's word.
check "nothing confirmed offline" 0 "$(kq ka "SELECT count(*) FROM signups WHERE status='confirmed'")"
if ksync ka; then fail "sync with the hub down must fail"; else ok "sync fails while the hub is down"; fi
grep -q "queued: *4" <("$KIOSK" --config "$W/ka.ini" status) && ok "status shows the queue" ||
    fail "status: $("$KIOSK" --config "$W/ka.ini" status)"

start_hub
for k in ka kb; do
    point_kiosk $k "$URL"
    ksync $k || fail "sync of $k"
    ksync $k || fail "second sync of $k"
done
EV=aukio:kouvola-urban-office-e-palveluapu-1
"$HUB" signups "$EV" --csv >"$W/signups.csv"
"$HUB" feedback --csv >"$W/feedback.csv"
check "sign-ups at the hub" 3 "$(grep -c 'Åsa Öhman' "$W/signups.csv" || true)"
check "feedback at the hub" 3 "$(grep -c 'Ihana loruhetki' "$W/feedback.csv" || true)"
# Exactly once, by confirmation code: every kiosk code once at the hub.
for k in ka kb; do
    for code in $(kq $k 'SELECT code FROM signups'); do
        check "code $code once at the hub" 1 "$(grep -c "$code" "$W/signups.csv" || true)"
    done
    check "$k: queue empty" 0 "$(kq $k 'SELECT count(*) FROM outbox WHERE acked_at IS NULL')"
    # The names stay for the door list until an hour after each event (test_sync_store.c).
    check "$k: outbox payloads gone" 0 "$(kq $k "SELECT count(*) FROM outbox WHERE payload != '{}'")"
    check "$k: hub answers recorded" 0 "$(kq $k 'SELECT count(*) FROM signups WHERE hub_status IS NULL')"
    if grep -q 'Åsa\|asa.ohman' "$W/$k.sync.log" "$W/$k.ui.log" 2>/dev/null; then
        fail "$k: personal data in a log"
    fi
done
hub_check && ok "hub invariant"
finish
