#!/usr/bin/env bash
# Devices: one-time enrolment tokens, bearer tokens, revocation, and 401s that change nothing.
source "$(dirname "$0")/hub_common.bash"

events_json e1 10 5 3 >"$W/ev.json"
"$HUB" event import "$W/ev.json" >/dev/null
start_hub

check "health needs no token" 200 "$(api GET /v1/health '')"
ET=$("$HUB" device add kiosk-a 2>/dev/null)
case "$ET" in aue_*) ok "device add prints an enrolment token" ;; *) fail "token [$ET]" ;; esac
check "device add refuses a duplicate name" 1 "$("$HUB" device add kiosk-a >/dev/null 2>&1; echo $?)"
check "enrolment token is not a bearer token" 401 "$(api GET /v1/changes "$ET")"
check "enrol with a wrong token" 401 "$(api POST /v1/enrol '' '{"token":"aue_nope"}')"
check "enrol with a malformed body" 400 "$(api POST /v1/enrol '' '{"token":')"
check "enrol" 200 "$(api POST /v1/enrol '' "{\"token\":\"$ET\"}")"
DT=$(body | jq -r .token)
check "enrol names the device" kiosk-a "$(body | jq -r .device)"
check "enrolment token is spent" 401 "$(api POST /v1/enrol '' "{\"token\":\"$ET\"}")"
check "the tokens are not stored" 0 "$(cat "$DB"* | grep -c -a -- "${DT#aud_}" || true)"

check "pull without a token" 401 "$(api GET /v1/changes '')"
check "401 body is JSON" unauthorized "$(body | jq -r .error)"
check "pull with a wrong token" 401 "$(api GET /v1/changes 'aud_wrong')"
check "pull with a token of the wrong length" 401 "$(api GET /v1/changes "$(printf 'x%.0s' $(seq 300))")"
check "pull with the device token" 200 "$(api GET /v1/changes "$DT")"
OPS="{\"ops\":[$(signup_op 1 e1 1)]}"
check "push with no token" 401 "$(api POST /v1/push '' "$OPS")"
check "push with a wrong token" 401 "$(api POST /v1/push 'aud_x' "$OPS")"
check "grants with a wrong token" 401 "$(api POST /v1/grants 'aud_x' '{"want":[]}')"
check "nothing was written by the 401s" "" "$("$HUB" signups e1)"

# A second device, then revoke the first.
DT2=$(enrol kiosk-b)
check "second device pushes" confirmed "$(api POST /v1/push "$DT2" "{\"ops\":[$(signup_op 2 e1 1)]}" >/dev/null; body | jq -r '.results[0].result')"
# Empty pulls first, on every worker thread: each remembers the device and the meta row
# (hub_store_sqlite_head.c), and the revoke by another process must reach all of them.
api GET /v1/changes "$DT" >/dev/null
CUR=$(body | jq -r .cursor)
for _ in 1 2 3 4 5 6; do api GET "/v1/changes?cursor=$CUR" "$DT" >/dev/null; done
check "the empty pull before the revoke" "200 0" "$(api GET "/v1/changes?cursor=$CUR" "$DT") $(body | jq '.changes | length')"
"$HUB" device revoke kiosk-a >/dev/null
check "revoked device gets 401 on pull" 401 "$(api GET /v1/changes "$DT")"
check "revoked device gets 401 on every empty pull" "401 401 401 401 401 401" \
    "$(for _ in 1 2 3 4 5 6; do printf '%s ' "$(api GET "/v1/changes?cursor=$CUR" "$DT")"; done | sed 's/ $//')"
check "revoked device gets 401 on push" 401 "$(api POST /v1/push "$DT" "$OPS")"
check "revoked device's push changed nothing" 1 "$("$HUB" signups e1 | wc -l | tr -d ' ')"
check "other device still works" 200 "$(api GET /v1/changes "$DT2")"
check "revoking twice fails" 1 "$("$HUB" device revoke kiosk-a >/dev/null 2>&1; echo $?)"
# A pending enrolment token dies with its device.
ET3=$("$HUB" device add kiosk-c 2>/dev/null)
"$HUB" device revoke kiosk-c >/dev/null
check "enrolment token of a revoked device" 401 "$(api POST /v1/enrol '' "{\"token\":\"$ET3\"}")"
"$HUB" device list >"$W/devices"
check "device list shows the states" "kiosk-a revoked|kiosk-b enrolled|kiosk-c revoked" \
    "$(awk '{print $1, $2}' "$W/devices" | paste -sd'|')"
check "unknown endpoint" 404 "$(api GET /v1/nope "$DT2")"
check "wrong method" 405 "$(api GET /v1/push "$DT2")"
hub_check && ok "invariant holds"
stop_hub

# ---- HTTPS with --cert/--key ---------------------------------------------------------------
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null
    rm -f "$W/port"
    "$HUB" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$W/port" \
        --cert "$W/cert.pem" --key "$W/key.pem" 2>>"$W/hub.log" &
    HUB_PID=$!
    for _ in $(seq 1 200); do [ -s "$W/port" ] && break; sleep 0.05; done
    TURL=https://127.0.0.1:$(cat "$W/port")
    check "HTTPS health with the hub's CA" 200 \
        "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$W/cert.pem" "$TURL/v1/health")"
    check "HTTPS pull with a device token" 200 \
        "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$W/cert.pem" -H "Authorization: Bearer $DT2" "$TURL/v1/changes")"
    check "plain HTTP to the HTTPS port fails" 000 \
        "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$(cat "$W/port")/v1/health" || true)"
    stop_hub
else
    echo "openssl not found: HTTPS not tested"
fi
check "--cert without --key is refused" 1 \
    "$("$HUB" serve --db "$DB" --listen 127.0.0.1:0 --cert /nonexistent 2>/dev/null; echo $?)"
finish
