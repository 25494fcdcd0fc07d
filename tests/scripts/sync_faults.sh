#!/usr/bin/env bash
# sync_faults.sh: a kiosk syncs through tests/tools/faultproxy, which breaks one round after
# another: the connection cut after the hub committed the push, 500, 503 with Retry-After, a
# stalled answer, a truncated answer, a reset; then the same mid-round (the second batch of a
# three-batch push, the second page of a snapshot) and on a grant request. Every failed round
# says why and fails; once the proxy passes, the kiosk's queue is empty, each of its records is
# at the hub exactly once (by uuid), a grant asked for twice under one id is one grant, a
# snapshot cut between pages resumes, and `aukio-hub check` passes.
source "$(dirname "$0")/sync_common.bash"
source "$TESTS_DIR/tools/sync_faults.bash"

EV=aukio:kouvola-urban-office-e-palveluapu-1 # the event of the sign-up flow
BIG=big-1                                     # room for thousands of sign-ups
SOON=soon-1                                   # starts within the grant horizon: kiosks get grants
SOON2=soon-2
IN3=$(date -u -d '+3 days' +%Y-%m-%dT10:00:00Z)
jq 'del(.x_aukio_anchor_date)' "$SOURCE_DIR/assets/demo/events.json" >"$W/events.json"
cat >"$W/more.json" <<JSON
[{"id":"$BIG","name":{"fi":"Iso tapahtuma"},"start_time":"2099-03-18T18:30:00Z",
  "event_status":"EventScheduled","maximum_attendee_capacity":100000,
  "waiting_list_capacity":null,"maximum_group_size":5},
 {"id":"$SOON","name":{"fi":"Pian"},"start_time":"$IN3","event_status":"EventScheduled",
  "maximum_attendee_capacity":20,"waiting_list_capacity":10,"maximum_group_size":2}]
JSON
# 1500 more events, so that a snapshot takes two pages (1000 a page).
jq -n '[range(1500) | {id: "bulk-\(.)", name: {fi: "Massatapahtuma \(.)"},
        start_time: "2099-04-01T10:00:00Z", event_status: "EventScheduled"}]' >"$W/bulk.json"
for f in events more bulk; do "$HUB" event import "$W/$f.json" >/dev/null; done
TOTAL=$((30 + 2 + 1500))
start_hub
start_proxy

new_kiosk kf
enrol_via kf "$PURL"
ksync_out kf || fail "first sync: $(cat "$W/last.out")"
check "catalogue pulled through the proxy" $TOTAL "$(kq kf 'SELECT count(*) FROM events')"
grep -q 'in 2 pages (snapshot)' "$W/last.out" && ok "the snapshot took two pages" ||
    fail "snapshot pages: $(cat "$W/last.out")"
ksync_out kf || fail "second sync: $(cat "$W/last.out")"
check "a grant for the event starting soon" 1 \
    "$(kq kf "SELECT count(*) FROM grants WHERE event_id='$SOON' AND state='open'")"
LAST_OK=$(kq kf "SELECT value FROM sync_state WHERE key='last_ok'" || true)

# Records through the real UI, at the demo catalogue's own dates (as sync_offline.sh).
grep -v '^shot\|^#\|^mask' "$TESTS_DIR/flows/signup_fi.txt" |
    sed 's/^expect "Olet ilmoittautunut!"/expect "Ilmoittautumistunnus"/' >"$W/signup.txt"
grep -v '^shot\|^#' "$TESTS_DIR/flows/feedback_fi.txt" >"$W/feedback.txt"
# The hub out of reach meanwhile (the express path finds a reset), so that the records queue.
proxy_mode reset
for _ in 1 2; do play kf "$W/signup.txt" --now $FLOW_NOW || fail "sign-up on kf"; done
for _ in 1 2; do play kf "$W/feedback.txt" --now $FLOW_NOW || fail "feedback on kf"; done
proxy_mode pass
# Each feedback is two ops: the score as tapped, and the follow-up that amends it.
check "queued through the UI" 6 "$(queued kf)"

# ---- Whole rounds broken -------------------------------------------------------------------

# fault_round MODE LABEL PATTERN: one round through MODE must fail, saying PATTERN.
fault_round() {
    proxy_mode "$1"
    if ksync_out kf; then
        fail "$2: the round succeeded"
    elif grep -q "$3" "$W/last.out"; then
        ok "$2: the round fails ($(grep 'sync failed' "$W/last.out" | head -1))"
    else
        fail "$2: expected '$3' in: $(cat "$W/last.out")"
    fi
}

fault_round cut "cut after the hub committed" "sync failed: POST /v1/push: "
# The hub committed the push before the cut: the kiosk does not know yet.
check "the hub has the cut push's sign-ups" 2 \
    "$("$HUB" signups "$EV" --csv | awk 'NR > 1' | wc -l)"
check "the kiosk still queues them" 6 "$(queued kf)"
grep -q 'why=cut' "$W/proxy.log" && ok "proxy cut after the hub's answer began" ||
    fail "no cut in the proxy log"

# A new record joins the replayed ones.
play kf "$W/signup.txt" --now $FLOW_NOW || fail "third sign-up on kf"
check "queued after one more" 7 "$(queued kf)"

fault_round 500 "500" "push: HTTP 500 internal"
fault_round 503:7 "503" "push: HTTP 503 overloaded"
grep -q "retry after 7 s" "$W/last.out" && ok "503: Retry-After reported" ||
    fail "503: no Retry-After in: $(cat "$W/last.out")"
t0=$(date +%s%N)
AUKIO_SYNC_LOW_SPEED_S=1 fault_round stall "stall" "Timeout was reached\|too slow"
ms=$((($(date +%s%N) - t0) / 1000000))
# curl measures speed over a few seconds' window, so 1 s of silence takes about 1 s + 5 s.
[ "$ms" -lt 20000 ] && ok "stall: given up after $ms ms" || fail "stall: took $ms ms"
fault_round truncate "truncated answer" "partial"
fault_round reset "reset" "sync failed: POST /v1/push: "
check "status: still queued" 7 "$("$KIOSK" --config "$W/kf.ini" status | awk '/^queued:/ {print $2}')"
check "status: no round completed" "$LAST_OK" \
    "$(kq kf "SELECT value FROM sync_state WHERE key='last_ok'" || true)"
check "nothing recorded as answered" 0 "$(kq kf 'SELECT count(*) FROM signups WHERE hub_status IS NOT NULL')"

proxy_mode pass
ksync_out kf || fail "recovery: $(cat "$W/last.out")"
grep -q 'pushed 7 (confirmed [0-9]*, waitlisted [0-9]*, rejected 0, ok 4)' "$W/last.out" &&
    ok "recovery pushed 7" || fail "recovery: $(cat "$W/last.out")"
check "queue empty" 0 "$(queued kf)"
exactly_once "whole rounds" "$EV $BIG $SOON" kf

# ---- Mid-round faults: the second batch of a push ------------------------------------------

"$FILL" "$W/kf.db" "$BIG" 1500 700 --escrow >/dev/null || fail "kiosk_fill"
check "queued for three batches" 2200 "$(queued kf)"
fault_round truncate@2 "second batch truncated" "partial"
grep -q '^pushed 1000 ' "$W/last.out" && ok "the first batch was recorded" ||
    fail "first batch: $(cat "$W/last.out")"
check "queue after one batch" 1200 "$(queued kf)"
AUKIO_SYNC_LOW_SPEED_S=1 fault_round stall@2 "second batch stalled" "Timeout was reached\|too slow"
# A cut on a connection curl reuses is retried by curl itself on a new connection: the round
# may then succeed; either way nothing may be lost or doubled.
proxy_mode cut@2
ksync_out kf && ok "cut@2: curl retried on a new connection" ||
    ok "cut@2: the round failed ($(grep 'sync failed' "$W/last.out"))"
proxy_mode pass
ksync_out kf || fail "recovery after mid-round faults: $(cat "$W/last.out")"
ksync_out kf || fail "a round with nothing to do: $(cat "$W/last.out")"
grep -q '^pushed 0 ' "$W/last.out" && ok "nothing left to push" || fail "$(cat "$W/last.out")"
check "queue empty after mid-round faults" 0 "$(queued kf)"
exactly_once "mid-round" "$EV $BIG $SOON" kf
check "big event: confirmed at the hub" 1500 \
    "$("$HUB" signups "$BIG" --csv | awk -F, 'NR > 1 && $4 == "confirmed"' | wc -l)"

# ---- A grant request cut after the hub granted it -----------------------------------------

cat >"$W/soon2.json" <<JSON
[{"id":"$SOON2","name":{"fi":"Pian 2"},"start_time":"$IN3","event_status":"EventScheduled",
  "maximum_attendee_capacity":20,"waiting_list_capacity":10,"maximum_group_size":2}]
JSON
"$HUB" event import "$W/soon2.json" >/dev/null
# One round pulls the new event (one page) and then asks for its grant: the second answer of
# the round is cut. curl sends a request again on a new connection when a reused one dies
# before any answer, so that one is cut too.
fault_round cut@2,cut "grant request cut" "sync failed: POST /v1/grants: "
check "the hub granted once" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM grants WHERE event_id='$SOON2'")"
check "the kiosk still waits for the answer" 1 \
    "$(kq kf "SELECT count(*) FROM grants WHERE event_id='$SOON2' AND state='wanted'")"
proxy_mode pass
ksync_out kf || fail "grant retry: $(cat "$W/last.out")"
check "asked again under the same id: still one grant" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM grants WHERE event_id='$SOON2'")"
check "kiosk holds what the hub set aside" \
    "$(sqlite3 "$DB" "SELECT seats FROM grants WHERE event_id='$SOON2'")" \
    "$(kq kf "SELECT seats FROM grants WHERE event_id='$SOON2' AND state='open'")"

# ---- The pull: a snapshot broken between its pages -----------------------------------------

new_kiosk kp
enrol_via kp "$PURL"
proxy_mode truncate@2
if ksync_out kp; then fail "snapshot with page 2 truncated succeeded"; else ok "page 2 truncated"; fi
check "page 1 applied with its cursor" 1000 "$(kq kp 'SELECT count(*) FROM events')"
[ -n "$("$KIOSK" --config "$W/kp.ini" status | awk '/^cursor:/ && !/none/')" ] &&
    ok "cursor kept" || fail "no cursor after page 1"
proxy_mode stall
if AUKIO_SYNC_LOW_SPEED_S=1 ksync_out kp; then fail "stalled pull succeeded"; else ok "stalled pull fails"; fi
proxy_mode pass
ksync_out kp || fail "snapshot resumed: $(cat "$W/last.out")"
grep -q 'pulled [0-9]* changes in 1 page$' "$W/last.out" && ok "resumed at page 2, not from the start" ||
    fail "resume: $(cat "$W/last.out")"
check "whole catalogue after the resume" $((TOTAL + 1)) "$(kq kp 'SELECT count(*) FROM events')"
check "same catalogue as the other kiosk" "$(kq kf 'SELECT group_concat(id) FROM (SELECT id FROM events ORDER BY id)')" \
    "$(kq kp 'SELECT group_concat(id) FROM (SELECT id FROM events ORDER BY id)')"

for why in cut answered stall truncated reset; do
    case $why in stall) pat='mode=stall' ;; *) pat="why=$why" ;; esac
    grep -q "$pat" "$W/proxy.log" && ok "proxy exercised: $why" || fail "proxy never did $why"
done
if grep -q 'Åsa\|asa.ohman\|Visitor 1' "$W/kf.sync.log" "$W/kp.sync.log" "$W/kf.ui.log" 2>/dev/null; then
    fail "personal data in a log"
fi
hub_check && ok "hub invariant"
stop_proxy
no_sanitizer_reports
finish
