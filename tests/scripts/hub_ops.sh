#!/usr/bin/env bash
# hub_ops.sh (issue 14): the hub as IT runs it. Type=notify without systemd (a test listener
# plays NOTIFY_SOCKET: READY=1 once listening, STOPPING=1 on SIGTERM); the database and its -wal
# and -shm 0600 while serving; `aukio-hub backup FILE` taken while pushes load the hub restores
# to a hub that passes `aukio-hub check`, holds every sign-up pushed before the backup began and
# serves (`aukio-hub restore`: a broken file refused with nothing changed; kiosks' old cursors
# get 410 under the new epoch, so their next pull is a snapshot); /v1/health; /metrics parsed as Prometheus text by Debian's python3-prometheus-client
# (sign-ups per status, mail queue, requests); the access log: one line per request, no token,
# no code, no cursor, no name; SIGHUP re-reads the TLS certificate on the same port (a new
# certificate served, a broken one refused with the old one kept); SIGTERM stops cleanly.
source "$(dirname "$0")/hub_common.bash"
PY=/usr/bin/python3
"$PY" -c 'import prometheus_client' 2>/dev/null || { echo "python3-prometheus-client is required (bash .ci/deps.sh)"; exit 1; }

events_json e1 100000 0 5 e2 3 100000 2 >"$W/ev.json"
"$HUB" event import "$W/ev.json" >/dev/null
"$PY" "$TESTS_DIR/tools/notify_listener.py" "$W/notify.sock" "$W/notify" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -S "$W/notify.sock" ] && break; sleep 0.05; done
NOTIFY_SOCKET=$W/notify.sock start_hub --access-log
for _ in $(seq 100); do grep -q READY=1 "$W/notify" 2>/dev/null && break; sleep 0.05; done
grep -q "READY=1" "$W/notify" && ok "READY=1 once listening" || fail "no READY=1"
grep -q "STATUS=serving 127.0.0.1:0 on port $PORT" "$W/notify" && ok "STATUS names the port" || fail "status: $(cat "$W/notify")"
DT=$(enrol k1)
check "the database is 0600" 600 "$(stat -c %a "$DB")"
check "its -wal is 0600" 600 "$(stat -c %a "$DB-wal")"
check "its -shm is 0600" 600 "$(stat -c %a "$DB-shm")"
check "health" 200 "$(api GET /v1/health '')"

# ---- Backup under push load ----
# A pusher sends batches of 50 sign-ups in a loop; backups are taken while it runs.
pusher() {
    local b=0 n
    while [ ! -e "$W/stop-pushing" ]; do
        local ops="" sep=""
        for i in $(seq 1 50); do
            n=$((100000 + b * 50 + i))
            ops+="$sep$(signup_op "$n" e1 1)"
            sep=","
        done
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $DT" \
            --data-binary "{\"ops\":[$ops]}" "$URL/v1/push" >>"$W/pushes"
        b=$((b + 1))
    done
}
pusher &
PUSHER=$!
for _ in $(seq 200); do [ "$(wc -l <"$W/pushes" 2>/dev/null || echo 0)" -ge 3 ] && break; sleep 0.05; done
before=$(sqlite3 "$DB" "SELECT count(*) FROM signups")
"$HUB" backup "$W/backup1.db" >"$W/backup.out" 2>&1 && ok "backup while pushes run" || fail "backup: $(cat "$W/backup.out")"
sleep 0.3
"$HUB" backup "$W/backup2.db" >>"$W/backup.out" 2>&1 && ok "a second backup while pushes run" || fail "backup 2: $(cat "$W/backup.out")"
touch "$W/stop-pushing"
wait "$PUSHER"
check "every push answered 200" 0 "$(grep -vc '^200$' "$W/pushes" || true)"
check "the backup is 0600" 600 "$(stat -c %a "$W/backup1.db")"
[ ! -e "$W/backup1.db.partial" ] && ok "no partial file left" || fail "backup1.db.partial left"
in_backup=$(sqlite3 "$W/backup1.db" "SELECT count(*) FROM signups")
[ "$in_backup" -ge "$before" ] && ok "the backup holds the $before sign-ups pushed before it began ($in_backup)" ||
    fail "backup holds $in_backup < $before"
after=$(sqlite3 "$DB" "SELECT count(*) FROM signups")
[ "$after" -gt "$in_backup" ] && ok "pushes went on while it was taken ($in_backup -> $after)" ||
    echo "# the pushes had ended before the backup ($in_backup, $after)"
AUKIO_HUB_DB="$W/backup2.db" "$HUB" check >"$W/check.out" 2>&1 && ok "the backup passes aukio-hub check" ||
    fail "check of the backup: $(cat "$W/check.out")"
check "the backup is one committed state: its ops and sign-ups agree" \
    "$(sqlite3 "$W/backup2.db" "SELECT count(*) FROM signups")" \
    "$(sqlite3 "$W/backup2.db" "SELECT count(*) FROM ops")"

# ---- /metrics ----
check "/metrics" 200 "$(curl -s -o "$W/metrics" -w '%{http_code}' "$URL/metrics")"
curl -s -D "$W/mhead" -o /dev/null "$URL/metrics"
grep -qi '^content-type: text/plain; version=0.0.4' "$W/mhead" && ok "served as Prometheus text 0.0.4" || fail "$(cat "$W/mhead")"
"$PY" - "$W/metrics" "$after" >"$W/parsed" 2>&1 <<'PYEOF' && ok "/metrics parses as Prometheus text: $(tr '\n' ' ' <"$W/parsed")" || fail "parse: $(cat "$W/parsed")"
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
v = {}
for fam in text_string_to_metric_families(text):
    for s in fam.samples:
        v[(s.name, tuple(sorted(s.labels.items())))] = s.value
def get(name, **labels):
    return v[(name, tuple(sorted(labels.items())))]
assert get("aukio_hub_signups", status="confirmed") == float(sys.argv[2]), "confirmed"
assert get("aukio_hub_signups", status="waitlisted") == 0
assert ("aukio_hub_mail_messages", (("state", "pending"),)) in v, "mail queue"
assert get("aukio_hub_requests_total", endpoint="push", status="200") >= 3
assert get("aukio_hub_ops_received_total") >= float(sys.argv[2])
assert get("aukio_hub_devices", state="enrolled") == 1
print(len(v), "series")
PYEOF
grep -qE 'Visitor|@example|aud_|aue_' "$W/metrics" && fail "/metrics holds personal data or a token" || ok "/metrics holds no name, address or token"
check "/metrics is GET only" 405 "$(api POST /metrics '' '{}')"

# ---- The access log ----
CODE=K7M4QX
api GET "/v1/signups/$CODE" "$DT" >/dev/null
api GET "/v1/changes?cursor=c2VjcmV0" "$DT" >/dev/null
api GET "/nosuch/visitor@example.fi" "" >/dev/null
grep -q 'access 127.0.0.1 POST /v1/push 200 ' "$W/hub.log" && ok "a line per push" || fail "no push line"
check "one line per request answered" "$(($(wc -l <"$W/pushes") + 0))" "$(grep -c 'access 127.0.0.1 POST /v1/push ' "$W/hub.log")"
grep -q 'access 127.0.0.1 GET /v1/signups/… ' "$W/hub.log" && ok "a sign-up's code is not logged" || fail "signup line: $(grep signups "$W/hub.log" | head -2)"
grep -q 'access 127.0.0.1 GET (other) 404 ' "$W/hub.log" && ok "an unknown path is not logged as sent" || fail "other line"
for secret in "$DT" "$CODE" c2VjcmV0 Visitor visitor@example.fi; do
    grep -qF -- "$secret" "$W/hub.log" && fail "the log holds $secret" || ok "the log holds no ${secret:0:4}…"
done

# A kiosk's cursor from before the restore.
api GET /v1/changes "$DT" >/dev/null
CURSOR=$(body | jq -r .cursor)

# ---- SIGTERM ----
kill -TERM "$HUB_PID"
wait "$HUB_PID" && ok "SIGTERM: exit status 0" || fail "SIGTERM: exit status $?"
HUB_PID=
grep -q "STOPPING=1" "$W/notify" && ok "STOPPING=1 on SIGTERM" || fail "no STOPPING=1"

# ---- Restore: `aukio-hub restore` puts the backup in place of the stopped hub's database ----
echo "not a database" >"$W/garbage.db"
cp "$DB" "$W/before-restore.db"
if "$HUB" restore "$W/garbage.db" >"$W/restore.out" 2>&1; then
    fail "a broken backup was restored"
elif grep -q "restore failed, nothing was changed" "$W/restore.out"; then
    ok "a broken backup is refused: $(head -c 120 "$W/restore.out")"
else
    fail "broken: $(cat "$W/restore.out")"
fi
cmp -s "$DB" "$W/before-restore.db" && ok "and the database is as it was" || fail "the database changed"
"$HUB" restore "$W/backup2.db" >"$W/restore.out" 2>&1 && ok "restore: $(cat "$W/restore.out")" || fail "restore: $(cat "$W/restore.out")"
check "the restored database is 0600" 600 "$(stat -c %a "$DB")"
check "it holds the backup's sign-ups" "$(sqlite3 "$W/backup2.db" "SELECT count(*) FROM signups")" "$(sqlite3 "$DB" "SELECT count(*) FROM signups")"
"$HUB" check >/dev/null 2>&1 && ok "the restored database passes check" || fail "restored: check"
start_hub
check "a kiosk's cursor of before the restore: 410 (its next pull is a snapshot)" 410 \
    "$(api GET "/v1/changes?cursor=$CURSOR" "$DT")"
check "the restored hub serves the kiosk's snapshot" 200 "$(api GET /v1/changes "$DT")"
# What a kiosk still has queued reaches the restored hub as new; what the backup has is a replay.
LAST=$((100000 + $(wc -l <"$W/pushes") * 50))
check "a sign-up newer than the backup is taken" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$(signup_op "$LAST" e1 1)]}")"
check "answered as new" confirmed "$(body | jq -r '.results[0].result')"
check "one the backup has is a replay" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$(signup_op 100001 e1 1)]}")"
check "answered as before" confirmed "$(body | jq -r '.results[0].result')"
hub_check && ok "check after the kiosk's pushes"
stop_hub

# ---- TLS: SIGHUP re-reads the certificate on the same port ----
if command -v openssl >/dev/null; then
    mkcert() { openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$1" \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null; }
    serial() { echo | openssl s_client -connect "127.0.0.1:$PORT" 2>/dev/null | openssl x509 -noout -subject 2>/dev/null; }
    mkcert first
    rm -f "$W/port"
    NOTIFY_SOCKET=$W/notify.sock "$HUB" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$W/port" \
        --cert "$W/cert.pem" --key "$W/key.pem" 2>>"$W/hub.log" &
    HUB_PID=$!
    for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
    PORT=$(cat "$W/port")
    for _ in $(seq 100); do serial | grep -q first && break; sleep 0.05; done
    serial | grep -q "CN = first" && ok "HTTPS with the first certificate" || fail "first cert: $(serial)"
    mkcert second
    kill -HUP "$HUB_PID"
    for _ in $(seq 100); do serial | grep -q second && break; sleep 0.05; done
    serial | grep -q "CN = second" && ok "SIGHUP: the renewed certificate is served on the same port" || fail "after HUP: $(serial)"
    check "health over HTTPS after the reload" 200 \
        "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$W/cert.pem" "https://127.0.0.1:$PORT/v1/health")"
    grep -q "RELOADING=1" "$W/notify" && ok "RELOADING=1, then READY=1" || fail "no RELOADING=1"
    echo "not a certificate" >"$W/cert.pem"
    kill -HUP "$HUB_PID"
    for _ in $(seq 100); do grep -q "old certificate stays" "$W/hub.log" && break; sleep 0.05; done
    grep -q "old certificate stays" "$W/hub.log" && ok "a broken certificate is refused with why" || fail "broken cert: $(tail -3 "$W/hub.log")"
    serial | grep -q "CN = second" && ok "and the old one is served on" || fail "after a broken reload: $(serial)"
    kill -TERM "$HUB_PID"
    wait "$HUB_PID" && ok "SIGTERM after reloads: exit status 0" || fail "exit after reloads"
    HUB_PID=
else
    echo "# openssl is not installed: the TLS reload is not checked"
fi
finish
