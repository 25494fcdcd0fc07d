#!/usr/bin/env bash
# kiosk_export_screen.sh: the staff's export screen end to end: the flow staff_export_fi plays
# headless with AUKIO_EXPORT_DIR pointing at a fresh folder; the sign-ups CSV and the attendance
# file for Finnish Excel it exports must be there, mode 0600, with the right headers and the
# visitor's row; the bundle, on a kiosk not enrolled, writes nothing.
set -uo pipefail
: "${AUKIO:?the path of aukio}" "${SOURCE_DIR:?the source tree}"
export TZ=Europe/Helsinki SDL_VIDEODRIVER=dummy
NOW=2026-03-16T09:00:00+02:00 # test_screens.c's FLOW_NOW
W=$(mktemp -d /tmp/aukio-export-screen.XXXXXX)
trap 'rm -rf "$W"' EXIT
FAILS=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; FAILS=$((FAILS + 1)); }
check() { [ "$2" = "$3" ] && ok "$1" || fail "$1: wanted [$2], got [$3]"; }

mkdir -p "$W/export" "$W/shots"
printf '[kiosk]\nname = Aukio-kioski\n' >"$W/k.ini"
"$AUKIO" --db "$W/db" --now "$NOW" import "$SOURCE_DIR/assets/demo/events.json" >/dev/null || fail "import"
echo 2468 | "$AUKIO" --db "$W/db" pin set 2>/dev/null || fail "pin set"
AUKIO_EXPORT_DIR="$W/export" "$AUKIO" --headless --config "$W/k.ini" --db "$W/db" --now "$NOW" \
    --script "$SOURCE_DIR/tests/flows/staff_export_fi.txt" --shots "$W/shots" --size 1920x1080 \
    >"$W/log" 2>&1 || fail "the flow: $(tail -3 "$W/log")"

S="$W/export/aukio-signups-2026-03-16-0900.csv"
A="$W/export/aukio-attendance-excel-2026-03-16-0900.csv"
[ -f "$S" ] && ok "the sign-ups CSV is in the folder" || fail "no $S: $(ls "$W/export")"
check "the sign-ups CSV is mode 0600" 600 "$(stat -c %a "$S" 2>/dev/null)"
check "the sign-ups CSV's header (RFC 4180)" \
    "event_id,event,start,code,status,position,group_size,name,email,phone,lang,answers,signed_up_at,attended" \
    "$(head -1 "$S" 2>/dev/null | tr -d '\r')"
grep -q ',Aino Virtanen,' "$S" 2>/dev/null && ok "the visitor's row is in it" || fail "no row: $(cat "$S" 2>/dev/null)"
check "one sign-up below the header" 2 "$(wc -l <"$S" 2>/dev/null)"
[ -f "$A" ] && ok "the attendance file for Excel is in the folder" || fail "no $A"
check "the attendance file is mode 0600" 600 "$(stat -c %a "$A" 2>/dev/null)"
check "Excel: the BOM and ';'" "efbbbf;event_id;event;start" \
    "$(head -c 3 "$A" 2>/dev/null | od -An -tx1 | tr -d ' \n');$(head -1 "$A" 2>/dev/null | tail -c +4 | cut -d';' -f1-3)"
check "nothing else was written (no bundle without enrolment)" 2 "$(find "$W/export" -type f | wc -l)"
if [ -n "$(find "$W/export" -name '*.tmp*' -o -name '.*' -type f)" ]; then fail "a temporary file left"; fi

[ "$FAILS" -eq 0 ] && echo "all passed" || { echo "$FAILS failed"; exit 1; }
