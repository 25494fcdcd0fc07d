#!/usr/bin/env bash
# hub_mail.sh: mail to visitors from the hub, end to end on 127.0.0.1 (README.md, "Mail to
# visitors"). A real SMTP server (Debian's python3-aiosmtpd with tests/tools/mail_sink.py)
# stores every message it accepts; the hub serves with --smtp; sign-ups are pushed through the
# hub's HTTP API. Checked: confirmation with a parseable .ics, waiting list with the position,
# promotion after `aukio-hub signup cancel`, cancellation (by the CLI and by the kiosk's op), an
# event cancelled and one moved by re-import, in Finnish, Swedish and English, each exactly once; a header injection attempt never
# reaches the server; a hub killed with SIGKILL after the server took a message and before it
# heard the 250 sends nothing twice after a restart; a message waits out a server that is down
# (retried with backoff) and goes once it is back, and one refused with 451 is sent again; no
# address or name in the hub's stderr; a password file readable by others is refused.
source "$(dirname "$0")/hub_common.bash"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TOOLS=${TESTS_DIR:-$(dirname "$0")/..}/tools
MAILDIR=$W/mail
SMTP_PID=
export AUKIO_HUB_MAIL_BACKOFF_S=1

stop_smtp() {
    if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null || true; wait "$SMTP_PID" 2>/dev/null || true; fi
    SMTP_PID=
}
trap 'stop_smtp; cleanup' EXIT

start_smtp() {
    PYTHONPATH=$TOOLS "$PY" -m aiosmtpd -n -l "127.0.0.1:$SPORT" -c mail_sink.Sink "$MAILDIR" \
        2>>"$W/smtp.log" &
    SMTP_PID=$!
    for _ in $(seq 1 100); do
        "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $SPORT), 1)" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "the SMTP server did not start"; cat "$W/smtp.log"; exit 1
}
SPORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_smtp

# ---- Flags ------------------------------------------------------------------------------------
SMTP=(--smtp "smtp://127.0.0.1:$SPORT" --mail-from "kirjasto@library.example.fi")
printf 's3cret-Pa55\n' >"$W/pw"
chmod 644 "$W/pw"
rc=0
"$HUB" serve --db "$DB" --listen 127.0.0.1:0 "${SMTP[@]}" --smtp-user hub \
    --smtp-password-file "$W/pw" 2>"$W/refused.log" || rc=$?
check "a password file of mode 0644 is refused (exit 2)" 2 "$rc"
grep -q -- "--smtp-password-file: mode 644" "$W/refused.log" && ok "the error names the flag and the mode" ||
    fail "refusal message: $(cat "$W/refused.log")"
grep -q "s3cret" "$W/refused.log" && fail "the password was printed" || ok "the password is not printed"
rc=0
"$HUB" serve --listen 127.0.0.1:0 --smtp "http://127.0.0.1:$SPORT" --mail-from a@b.fi 2>"$W/e.log" || rc=$?
check "an http:// URL for --smtp is refused" "2 yes" "$rc $(grep -q -- '--smtp:' "$W/e.log" && echo yes)"
rc=0
"$HUB" serve --listen 127.0.0.1:0 --smtp "smtp://127.0.0.1:$SPORT" 2>"$W/e.log" || rc=$?
check "--smtp without --mail-from is refused" "2 yes" "$rc $(grep -q -- '--mail-from' "$W/e.log" && echo yes)"
rc=0
"$HUB" serve --listen 127.0.0.1:0 --smtp "smtp://127.0.0.1:$SPORT" --mail-from "a@b.fi>x" 2>"$W/e.log" || rc=$?
check "a bad --mail-from is refused" 2 "$rc"
chmod 600 "$W/pw"
SMTP+=(--smtp-user hub --smtp-password-file "$W/pw")

# ---- Events and visitors ----------------------------------------------------------------------
# ev_json ID CAPACITY START: an event with names in three languages and a place.
ev_json() {
    printf '{"id":"%s","name":{"fi":"Satutuokio %s","sv":"Sagostund %s","en":"Story time %s"},' "$1" "$1" "$1" "$1"
    printf '"location":{"id":"tprek:1","name":{"fi":"Lahden pääkirjasto","sv":"Lahtis huvudbibliotek"},'
    printf '"street_address":{"fi":"Kirkkokatu 31"},"address_locality":{"fi":"Lahti"}},'
    printf '"start_time":"%s","end_time":null,"event_status":"%s",' "$3" "${4:-EventScheduled}"
    printf '"maximum_attendee_capacity":%d,"waiting_list_capacity":5,"maximum_group_size":2}' "$2"
}
T1=2099-12-15T15:00:00Z # Helsinki 17.00, a Tuesday
T3=2099-12-16T08:30:00Z
T3B=2099-12-17T10:00:00Z
echo "[$(ev_json e1 1 $T1),$(ev_json e2 10 $T1),$(ev_json e3 10 $T3)]" >"$W/events.json"
"$HUB" event import "$W/events.json" >/dev/null

start_hub "${SMTP[@]}"
TOKEN=$(enrol lahti-aula)

# op NUM EVENT NAME EMAIL LANG CODE -> a sign-up op
op() {
    jq -nc --arg u "$(uuid "$1")" --arg e "$2" --arg n "$3" --arg m "$4" --arg l "$5" --arg c "$6" \
        '{uuid:$u, kind:"signup", event_id:$e, group_size:1, name:$n, email:$m, phone:"", lang:$l,
          code:$c, created_at:now|floor, status:"confirmed", position:0}'
}
push() { api POST /v1/push "$TOKEN" "{\"ops\":[$1]}" >/dev/null; }

# wait_mail N: until N messages are stored (bounded)
wait_mail() {
    for _ in $(seq 1 150); do
        [ "$(ls "$MAILDIR"/*.eml 2>/dev/null | wc -l)" -ge "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
dump() { "$PY" "$TOOLS/mail_dump.py" "$MAILDIR" >"$W/mail.jsonl"; }
# msg RCPT SUBJECT_PREFIX -> the JSON of the only message to RCPT whose subject starts so
msg() { jq -c --arg r "$1" --arg s "$2" 'select(.envelope_to == $r and (.subject | startswith($s)))' "$W/mail.jsonl"; }

push "$(op 1 e1 'Aino Virtanen' aino@example.fi fi AAA111),$(op 2 e1 'Stig Lindqvist' stig@example.fi sv BBB222),$(op 3 e2 'Emma Brown' emma@example.fi en CCC333)"
push "$(op 4 e2 'Eve' $'eve@example.fi\r\nBcc: victim@example.org' en DDD444),$(op 5 e2 'Nobody' '' fi EEE555)"
wait_mail 3 || fail "three messages expected, got $(ls "$MAILDIR" | wc -l)"
sleep 1
dump
check "three messages for three visitors with good addresses" 3 "$(wc -l <"$W/mail.jsonl")"
check "the injection attempt reached no one" "" "$(grep -l 'victim' "$MAILDIR"/*.eml 2>/dev/null)"

m=$(msg aino@example.fi "Ilmoittautumisesi on vahvistettu: Satutuokio e1")
check "fi confirmation: subject" 1 "$(echo "$m" | grep -c .)"
check "fi confirmation: multipart with text and calendar" '["text/plain","text/calendar"]' "$(echo "$m" | jq -c .parts)"
check "fi confirmation: greeting and time" "yes yes yes" \
    "$(echo "$m" | jq -r '[(.text | contains("Hei Aino Virtanen,")), (.text | contains("ti 15.12.2099 klo 17.00")), (.text | contains("Ilmoittautumistunnus: AAA111"))] | map(if . then "yes" else "no" end) | join(" ")')"
check "fi confirmation: place" true "$(echo "$m" | jq '.text | contains("Paikka: Lahden pääkirjasto, Kirkkokatu 31, Lahti")')"
check "fi confirmation: .ics DTSTART in UTC" 20991215T150000Z "$(echo "$m" | jq -r .ics.DTSTART)"
check "fi confirmation: .ics SUMMARY and LOCATION" "Satutuokio e1|Lahden pääkirjasto\\, Kirkkokatu 31\\, Lahti" \
    "$(echo "$m" | jq -r '.ics.SUMMARY + "|" + .ics.LOCATION')"
check "fi confirmation: .ics UID per event" "e1@library.example.fi" "$(echo "$m" | jq -r .ics.UID)"
check "fi confirmation: To has the name" true "$(echo "$m" | jq '.to | contains("Aino Virtanen")')"
check "no defects, lines of at most 78 bytes" "[] true" "$(jq -sc '[.[].defects[]]' "$W/mail.jsonl") $(jq -s 'all(.max_line <= 78)' "$W/mail.jsonl")"
m=$(msg stig@example.fi "Du står i kö: Sagostund e1")
check "sv waiting list: position" true "$(echo "$m" | jq '.text | contains("plats 1 i kön") and contains("tis 15.12.2099 kl. 17.00") and contains("Anmälningskod: BBB222")')"
check "sv waiting list: no calendar" '["text/plain"]' "$(echo "$m" | jq -c .parts)"
m=$(msg emma@example.fi "Your place is confirmed: Story time e2")
check "en confirmation" true "$(echo "$m" | jq '.text | contains("Hello Emma Brown,") and contains("Tue 15 Dec 2099, 17:00") and contains("Place: Lahden pääkirjasto")')"

# ---- Cancel, promotion, event cancelled and moved -----------------------------------------------
"$HUB" signup cancel AAA111 >/dev/null
wait_mail 5 || fail "cancellation and promotion expected"
echo "[$(ev_json e1 1 $T1),$(ev_json e2 10 $T1 EventCancelled),$(ev_json e3 10 $T3)]" >"$W/events2.json"
"$HUB" event import "$W/events2.json" >/dev/null
wait_mail 6 || fail "event cancellation expected"
push "$(op 6 e3 'Veikko' veikko@example.fi fi FFF666)"
wait_mail 7 || fail "confirmation in e3 expected"
echo "[$(ev_json e1 1 $T1),$(ev_json e2 10 $T1 EventCancelled),$(ev_json e3 10 $T3B)]" >"$W/events3.json"
"$HUB" event import "$W/events3.json" >/dev/null
wait_mail 8 || fail "moved event expected"
sleep 1
dump
check "fi cancellation" true "$(msg aino@example.fi 'Ilmoittautumisesi on peruttu: Satutuokio e1' | jq '.text | contains("AAA111")')"
m=$(msg stig@example.fi "Du fick en plats: Sagostund e1")
check "sv promotion with calendar" '["text/plain","text/calendar"] 20991215T150000Z' "$(echo "$m" | jq -r '(.parts | tostring) + " " + .ics.DTSTART')"
check "en event cancelled" true "$(msg emma@example.fi 'Event cancelled: Story time e2' | jq '.text | contains("has been cancelled")')"
m=$(msg veikko@example.fi "Tapahtuman aika on muuttunut: Satutuokio e3")
check "fi moved: new time in text and .ics" "true 20991217T100000Z" "$(echo "$m" | jq -r '(.text | contains("to 17.12.2099 klo 12.00") | tostring) + " " + .ics.DTSTART')"
# The kiosk's own cancel op (aukio cancel CODE on the kiosk) mails the visitor too.
push "$(jq -nc --arg u "$(uuid 20)" --arg s "$(uuid 2)" '{uuid:$u, kind:"cancel", signup:$s, created_at:now|floor}')"
wait_mail 9 || fail "cancellation by the kiosk's op expected"
sleep 1
dump
check "sv cancellation by the kiosk's cancel op" true "$(msg stig@example.fi 'Din anmälan är avbokad: Sagostund e1' | jq '.text | contains("BBB222")')"
check "nine messages so far" 9 "$(wc -l <"$W/mail.jsonl")"
check "Message-IDs are unique" 9 "$(jq -r .message_id "$W/mail.jsonl" | sort -u | wc -l)"

# ---- SIGKILL after the server took a message, before the hub heard the 250 ----------------------
touch "$MAILDIR/hold"
push "$(op 7 e3 'Greta' greta@example.fi sv GGG777)"
for _ in $(seq 1 150); do [ -e "$MAILDIR/held" ] && break; sleep 0.1; done
[ -e "$MAILDIR/held" ] || fail "the server did not hold the message"
kill9_hub
check "outbox: the held message is mid-send" 1 "$(sqlite3 "$DB" 'SELECT count(*) FROM mail_outbox WHERE state = 1')"
# While the hub is down the coordinator cancels a sign-up: queued by the CLI, sent after restart.
"$HUB" signup cancel FFF666 >/dev/null
start_hub "${SMTP[@]}"
wait_mail 11 || fail "the cancellation queued while the hub was down was not sent"
sleep 3
dump
check "after the restart: the held message was not sent again" 1 "$(jq -c 'select(.envelope_to == "greta@example.fi")' "$W/mail.jsonl" | wc -l)"
check "fi cancellation queued by the CLI while down" 1 "$(msg veikko@example.fi 'Ilmoittautumisesi on peruttu' | wc -l)"
check "each message exactly once (11 in all)" 11 "$(wc -l <"$W/mail.jsonl")"

# ---- The server is down: retried with backoff, sent once it is back ---------------------------
stop_smtp
push "$(op 9 e3 'Iiris' iiris@example.fi fi III999)"
for _ in $(seq 1 100); do
    [ "$(sqlite3 "$DB" 'SELECT attempts FROM mail_outbox WHERE state = 0 ORDER BY id DESC LIMIT 1')" -ge 2 ] 2>/dev/null && break
    sleep 0.1
done
check "server down: the message waits, tried again" "0 yes" \
    "$(sqlite3 "$DB" 'SELECT state, attempts >= 2 FROM mail_outbox ORDER BY id DESC LIMIT 1' | sed 's/|1$/ yes/')"
start_smtp
wait_mail 12 || fail "the message was not sent once the server was back"
sleep 2
dump
check "sent once the server is back, once" 1 "$(msg iiris@example.fi 'Ilmoittautumisesi on vahvistettu' | wc -l)"
check "12 messages in all" 12 "$(wc -l <"$W/mail.jsonl")"

# ---- 451 to the end of data: the server did not take it, so it is sent again --------------------
touch "$MAILDIR/tempfail"
push "$(op 10 e3 'Juho' juho@example.fi en JJJ000)"
wait_mail 13 || fail "the message refused with 451 was not sent again"
sleep 1
dump
check "refused with 451, then sent once" 1 "$(msg juho@example.fi 'Your place is confirmed' | wc -l)"
check "... on the second attempt" 2 "$(sqlite3 "$DB" 'SELECT attempts FROM mail_outbox ORDER BY id DESC LIMIT 1')"
"$HUB" mail >"$W/status"
check "aukio-hub mail counts" "pending 0,sending 0,sent 12,failed 0,unsure 1" "$(paste -sd, "$W/status")"
check "sent rows keep no personal data" 0 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM mail_outbox WHERE state != 0 AND (email IS NOT NULL OR name IS NOT NULL OR code IS NOT NULL)")"
stop_hub

# ---- Without --smtp nothing is queued --------------------------------------------------------
start_hub
push "$(op 8 e3 'Hanna' hanna@example.fi fi HHH888)"
check "no --smtp: nothing queued" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM mail_outbox WHERE state = 0")"
stop_hub

for who in aino stig emma veikko greta hanna iiris juho eve victim "Aino Virtanen" Lindqvist "Emma Brown" s3cret; do
    if grep -q "$who" "$W/hub.log"; then fail "the hub's stderr names $who"; fi
done
ok "no address, name or password in the hub's stderr"
if grep -q "Sanitizer\|runtime error" "$W/hub.log"; then fail "sanitizer report: $(grep -m3 "Sanitizer\|runtime error" "$W/hub.log")"; else ok "no sanitizer report from the hub"; fi
hub_check
stop_smtp
finish
