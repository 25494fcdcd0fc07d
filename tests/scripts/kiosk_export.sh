#!/usr/bin/env bash
# kiosk_export.sh: `aukio export` end to end on a real enrolled kiosk, and the hub's CSV after
# the same sign-ups reached it. Both dialects: RFC 4180 (',', no BOM, UTC) and Finnish Excel
# (BOM, ';', local time, a phone number's leading 0 kept); a visitor's name that a spreadsheet
# would run as a formula (-1+HYPERLINK(...)) is neutralised on the kiosk and at the hub; the
# files are mode 0600; a failed export leaves nothing behind; attendance and feedback exports.
source "$(dirname "$0")/sync_common.bash"

EV=export-1
START=$(date -u -d '+2 days' +%Y-%m-%dT10:00:00Z)
cat >"$W/events.json" <<JSON
[{"id":"$EV","name":{"fi":"Vientitesti"},"start_time":"$START",
  "event_status":"EventScheduled","maximum_attendee_capacity":10,
  "waiting_list_capacity":5,"maximum_group_size":2}]
JSON
"$HUB" event import "$W/events.json" >/dev/null
start_hub
new_kiosk k
enrol_kiosk k
ksync k || fail "first sync"
ksync k || fail "second sync (grants)"
"$KIOSK_FILL" "$W/k.db" "$EV" 3 2 --escrow >/dev/null || fail "kiosk_fill"
EVIL='-1+HYPERLINK("http://evil.example","x")'
C1=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1")
C2=$(kq k "SELECT code FROM signups ORDER BY created_at, rowid LIMIT 1 OFFSET 1")
# What a visitor could type: a formula as a name, a plain phone number, åäö and a comma.
kq k "UPDATE signups SET name = '$EVIL', phone = '0401234567' WHERE code = '$C1';
      UPDATE outbox SET payload = json_set(payload, '$.name', '$EVIL', '$.phone', '0401234567')
       WHERE uuid = (SELECT uuid FROM signups WHERE code = '$C1');
      UPDATE signups SET name = 'Åsa Öberg, Ähtäri' WHERE code = '$C2';
      UPDATE feedback SET comment = '=cmd|'' /C calc''!A0' WHERE rowid = 1;
      UPDATE outbox SET payload = json_set(payload, '$.comment', '=cmd|'' /C calc''!A0')
       WHERE uuid = (SELECT uuid FROM feedback WHERE rowid = 1)"

"$KIOSK" --config "$W/k.ini" export signups "$W/s.csv" >"$W/out" || fail "export signups: $(cat "$W/out")"
grep -q "exported 3 signups rows" "$W/out" && ok "export says how many rows" || fail "export said: $(cat "$W/out")"
check "the file is mode 0600" 600 "$(stat -c %a "$W/s.csv")"
check "RFC 4180: the header" "event_id,event,start,code,status,position,group_size,name,email,phone,lang,answers,signed_up_at,attended" \
    "$(head -1 "$W/s.csv" | tr -d '\r')"
check "RFC 4180: CRLF after every row" 4 "$(grep -c $'\r$' "$W/s.csv")"
grep -qF "\"'-1+HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"" "$W/s.csv" &&
    ok "RFC 4180: the formula name is quoted and neutralised" || fail "formula: $(grep "$C1" "$W/s.csv")"
grep -qF ",0401234567," "$W/s.csv" && ok "RFC 4180: the phone as typed" || fail "phone: $(grep "$C1" "$W/s.csv")"
grep -qF '"Åsa Öberg, Ähtäri"' "$W/s.csv" && ok "RFC 4180: åäö and a comma" || fail "åäö: $(grep "$C2" "$W/s.csv")"
grep -qE ",Vientitesti,20[0-9-]+T10:00:00Z,$C1," "$W/s.csv" && ok "RFC 4180: the event's title and UTC start" ||
    fail "event cells: $(grep "$C1" "$W/s.csv")"

"$KIOSK" --config "$W/k.ini" export signups --excel --event "$EV" "$W/x.csv" >/dev/null || fail "export --excel"
check "Excel: the BOM first" "efbbbf" "$(head -c 3 "$W/x.csv" | od -An -tx1 | tr -d ' \n')"
check "Excel: ';' between cells" "event_id;event;start;code" "$(head -1 "$W/x.csv" | tail -c +4 | cut -d';' -f1-4)"
grep -qF ";'0401234567;" "$W/x.csv" && ok "Excel: the phone stays text (its 0 kept)" || fail "phone: $(grep "$C1" "$W/x.csv")"
grep -qF "\"'-1+HYPERLINK(" "$W/x.csv" && ok "Excel: the formula neutralised" || fail "formula: $(grep "$C1" "$W/x.csv")"
LOCAL=$(TZ=Europe/Helsinki date -d "$START" '+%Y-%m-%d %H:%M')
grep -qF ";Vientitesti;$LOCAL;" "$W/x.csv" && ok "Excel: the start in local time" || fail "local time: $(sed -n 2p "$W/x.csv")"

"$KIOSK" --config "$W/k.ini" checkin "$C2" >/dev/null || fail "checkin"
"$KIOSK" --config "$W/k.ini" export attendance "$W/a.csv" >/dev/null || fail "export attendance"
check "attendance: who came" "$C2,Åsa Öberg%Ähtäri,1,confirmed,yes" \
    "$(grep "$C2" "$W/a.csv" | tr -d '\r' | sed 's/"Åsa Öberg, Ähtäri"/Åsa Öberg%Ähtäri/' | cut -d, -f4-8)"
check "attendance: three rows" 4 "$(wc -l <"$W/a.csv")"
"$KIOSK" --config "$W/k.ini" export feedback "$W/f.csv" >/dev/null || fail "export feedback"
check "feedback: two answers" 3 "$(wc -l <"$W/f.csv")"
grep -qF ",'=cmd|' /C calc'!A0," "$W/f.csv" && ok "feedback: a formula comment neutralised" || fail "feedback: $(cat "$W/f.csv")"

# Failures: a usage error, a folder that does not exist (nothing left behind), an existing file
# replaced whole and made 0600.
if "$KIOSK" --config "$W/k.ini" export everything "$W/e.csv" 2>/dev/null; then fail "an unknown export accepted"; else ok "an unknown export refused"; fi
if "$KIOSK" --config "$W/k.ini" export signups "$W/nope/s.csv" 2>"$W/err"; then fail "export into a missing folder"; else
    grep -q "nothing was written" "$W/err" && ok "a failed export says nothing was written" || fail "$(cat "$W/err")"
fi
check "no partial file" 0 "$(find "$W" -name '*.partial' | wc -l)"
echo old >"$W/old.csv"
chmod 644 "$W/old.csv"
"$KIOSK" --config "$W/k.ini" export feedback "$W/old.csv" >/dev/null || fail "export over a file"
check "an existing file is replaced, mode 0600" "600 created_at" "$(stat -c %a "$W/old.csv") $(head -1 "$W/old.csv" | cut -d, -f1)"

# The hub's CSV of the same sign-ups (issue 10: its CSV let the formula through).
ksync k || fail "sync"
"$HUB" signups "$EV" --csv >"$W/hub.csv"
grep -qF "\"'-1+HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"" "$W/hub.csv" &&
    ok "hub CSV: the formula name neutralised" || fail "hub CSV: $(grep "$C1" "$W/hub.csv")"
"$HUB" signups "$EV" --excel >"$W/hub-x.csv"
check "hub --excel: the BOM and ';'" "efbbbf event_id;uuid;code" \
    "$(head -c 3 "$W/hub-x.csv" | od -An -tx1 | tr -d ' \n') $(head -1 "$W/hub-x.csv" | tail -c +4 | cut -d';' -f1-3)"
grep -qF ";'0401234567;" "$W/hub-x.csv" && ok "hub --excel: the phone stays text" || fail "hub --excel: $(grep "$C1" "$W/hub-x.csv")"
"$HUB" feedback --csv >"$W/hubf.csv"
grep -qF ",'=cmd|' /C calc'!A0," "$W/hubf.csv" && ok "hub CSV: the formula comment neutralised" || fail "hub feedback: $(cat "$W/hubf.csv")"
finish
