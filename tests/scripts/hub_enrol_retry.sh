#!/usr/bin/env bash
# hub_enrol_retry.sh (issue 8, item 5): enrolment is idempotent by the kiosk's request id. A
# retry of a lost answer (the same enrolment token and request id) gets the same device token,
# also after a hub restart; another request id with the spent token gets 401. Then the kiosk's
# side: `aukio enrol` keeps its request id next to the token file until that file holds the token,
# so running it again after a lost answer picks up the same device token.
source "$(dirname "$0")/hub_common.bash"
KIOSK=${AUKIO:?AUKIO must be the path of aukio}

start_hub
ET=$("$HUB" device add lost-answer 2>/dev/null)
RID=$(uuid 7001)
enrol_body() { printf '{"token":"%s","request_id":"%s"}' "$1" "$2"; }

check "first enrolment" 200 "$(api POST /v1/enrol "" "$(enrol_body "$ET" "$RID")")"
T1=$(body | jq -r .token)
check "the answer names the device" lost-answer "$(body | jq -r .device)"
# The answer is "lost"; the kiosk asks again with the same request id.
check "the retry is answered" 200 "$(api POST /v1/enrol "" "$(enrol_body "$ET" "$RID")")"
check "with the same device token" "$T1" "$(body | jq -r .token)"
check "a request id in capitals is the same request" "$T1" \
    "$(api POST /v1/enrol "" "$(enrol_body "$ET" "${RID^^}")" >/dev/null; body | jq -r .token)"
check "the token works" 200 "$(api GET /v1/changes "$T1")"
check "another request id with the spent token: 401" 401 "$(api POST /v1/enrol "" "$(enrol_body "$ET" "$(uuid 7002)")")"
check "no request id with the spent token: 401" 401 "$(api POST /v1/enrol "" "{\"token\":\"$ET\"}")"
check "a request id that is not a UUID: 400" 400 "$(api POST /v1/enrol "" "{\"token\":\"$ET\",\"request_id\":\"x\"}")"
check "the database holds only the token's hash, never the token" 0 \
    "$(cat "$DB"* | grep -a -c -F -- "${T1#aud_}" || true)"
stop_hub
start_hub
check "after a hub restart the retry still gets the same token" "$T1" \
    "$(api POST /v1/enrol "" "$(enrol_body "$ET" "$RID")" >/dev/null; body | jq -r .token)"
"$HUB" device revoke lost-answer >/dev/null
check "a revoked device's retry: 401" 401 "$(api POST /v1/enrol "" "$(enrol_body "$ET" "$RID")")"

# Old kiosks (no request id) enrol as before.
ET2=$("$HUB" device add old-kiosk 2>/dev/null)
check "an enrolment without a request id" 200 "$(api POST /v1/enrol "" "{\"token\":\"$ET2\"}")"
check "is spent by it" 401 "$(api POST /v1/enrol "" "{\"token\":\"$ET2\"}")"

# The kiosk: its first attempt's answer was lost after the hub spent the token (simulated by
# spending it with curl under the request id the kiosk had stored).
ET3=$("$HUB" device add kiosk-3 2>/dev/null)
printf '[kiosk]\ndatabase = %s/k3.db\n' "$W" >"$W/k3.ini"
RID3=$(uuid 7003)
printf '%s\n' "$RID3" >"$W/k3.db.token.enrol-request"
api POST /v1/enrol "" "$(enrol_body "$ET3" "$RID3")" >/dev/null
T3=$(body | jq -r .token)
"$KIOSK" --config "$W/k3.ini" enrol "$URL" "$ET3" >"$W/k3.out" 2>&1 && ok "aukio enrol again after the lost answer" \
    || fail "aukio enrol after the lost answer: $(cat "$W/k3.out")"
check "the kiosk got the same device token" "$T3" "$(cat "$W/k3.db.token")"
[ ! -e "$W/k3.db.token.enrol-request" ] && ok "the request id is dropped once the token file holds the token" \
    || fail "the request id file is left behind"
check "the kiosk syncs with it" 0 "$("$KIOSK" --config "$W/k3.ini" sync --once >/dev/null 2>&1; echo $?)"

# A fresh kiosk: the request id is written before the request and removed after it.
ET4=$("$HUB" device add kiosk-4 2>/dev/null)
printf '[kiosk]\ndatabase = %s/k4.db\n' "$W" >"$W/k4.ini"
"$KIOSK" --config "$W/k4.ini" enrol "$URL" "$ET4" >/dev/null 2>&1 && ok "a fresh kiosk enrols" || fail "fresh enrol"
check "the hub remembers its request id" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE name = 'kiosk-4' AND length(enrol_request) = 36")"
stop_hub
finish
