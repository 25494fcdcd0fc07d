#!/usr/bin/env bash
# kiosk_cli.sh: the kiosk's command line with hostile files and configs, as staff might meet
# them: nothing hangs, nothing is read that is not a regular file, every failure names the file
# and says why, and `aukio enrol` never spends the one-time token when the config or the token
# file cannot take the answer; the device token lives in its own 0600 file (issue 14).
source "$(dirname "$0")/sync_common.bash"

# run_bounded DESCRIPTION EXPECTED_STATUS PATTERN CMD...: CMD must end within 10 s with that
# status and print PATTERN on stderr.
run_bounded() {
    local what=$1 want=$2 pattern=$3
    shift 3
    local status=0
    timeout 10 "$@" >"$W/cli.out" 2>"$W/cli.err" || status=$?
    if [ "$status" -eq 124 ]; then fail "$what: hangs"; return; fi
    check "$what: exit status" "$want" "$status"
    if grep -qF -- "$pattern" "$W/cli.err"; then ok "$what: says \"$pattern\""; else
        fail "$what: stderr lacks \"$pattern\": $(head -c 300 "$W/cli.err")"
    fi
}

new_kiosk k
mkfifo "$W/fifo"
mkdir "$W/dir"
run_bounded "import from a FIFO" 1 "fifo: not a regular file" "$KIOSK" --config "$W/k.ini" import "$W/fifo"
# A config that cannot be read is a usage error (status 2), like a bad option.
run_bounded "--config FIFO" 2 "fifo: not a regular file" "$KIOSK" --config "$W/fifo" status
run_bounded "--config DIRECTORY" 2 "dir: is a directory" "$KIOSK" --config "$W/dir" status
run_bounded "--config /dev/zero" 2 "/dev/zero: not a regular file" "$KIOSK" --config /dev/zero status
run_bounded "--script FIFO" 1 "fifo: not a regular file" "$KIOSK" --config "$W/k.ini" --headless --script "$W/fifo"
run_bounded "import /dev/zero" 1 "/dev/zero: not a regular file" "$KIOSK" --config "$W/k.ini" import /dev/zero
# A file name with an escape sequence is shown escaped, never raw.
evil="$W/$(printf 'evil\033[2Jname.json')"
printf '[' >"$evil"
run_bounded "a file name with control bytes" 1 'evil\x1b[2Jname.json' "$KIOSK" --config "$W/k.ini" import "$evil"
if grep -q $'\033' "$W/cli.err"; then fail "the escape byte reached the terminal"; else ok "no raw escape byte"; fi
# iCalendar and Linked Events JSON alike, told apart by the content; the command says which.
ICS="$TESTS_DIR/fixtures/ical"
new_kiosk c
"$KIOSK" --config "$W/c.ini" --now 2022-09-12T00:00:00Z import "$ICS/princeton_libcal_events_and_workshops.ics" >"$W/ics.out" 2>"$W/ics.err" &&
    ok "import of a LibCal .ics" || fail "import of a LibCal .ics: $(cat "$W/ics.err")"
grep -q "read 5 events from iCalendar (6 VEVENTs; 0 skipped, 1 outside the horizon)" "$W/ics.out" &&
    ok "it says it read iCalendar" || fail "import output: $(cat "$W/ics.out")"
check "the events are in, namespaced by the file's name (at most 32 bytes)" 5 \
    "$(kq c "SELECT count(*) FROM events WHERE id LIKE 'ics:princeton_libcal_events_and_work:LibCal-%'")"
"$KIOSK" --config "$W/c.ini" --now 2003-12-01T00:00:00Z import "$ICS/icalendar_mozilla_two_vcalendars_allday_odd_folding.ics" >"$W/ics.out" 2>&1 ||
    fail "import of two calendars in one file: $(cat "$W/ics.out")"
check "an all-day event keeps x_aukio.all_day" 1 \
    "$(kq c "SELECT count(*) FROM events e JOIN event_docs d ON d.id = e.id WHERE e.id LIKE '%:956630271' AND json_extract(d.json, '$.x_aukio.all_day') = 1")"
"$KIOSK" --config "$W/c.ini" --now 2010-10-09T00:00:00Z import "$ICS/icalendar_unicode_umlauts_euro.ics" >"$W/ics.out" 2>"$W/ics.err" ||
    fail "import with a malformed VEVENT: $(cat "$W/ics.err")"
grep -q "VEVENT 3 (line 20, UID none): skipped: no DTSTART" "$W/ics.err" &&
    ok "a skipped VEVENT is reported with its line and reason" || fail "skip report: $(cat "$W/ics.err")"
grep -q "read 2 events from iCalendar" "$W/ics.out" && ok "the rest imports" || fail "$(cat "$W/ics.out")"
"$KIOSK" --config "$W/c.ini" import "$SOURCE_DIR/assets/demo/events.json" >"$W/ics.out" 2>&1 &&
    grep -q "read 30 events from Linked Events JSON" "$W/ics.out" && ok "JSON says it is JSON" ||
    fail "JSON import output: $(cat "$W/ics.out")"
run_bounded "a file that is no calendar" 1 "not iCalendar or Linked Events JSON (it starts with \"BEGIN:V\")" \
    "$KIOSK" --config "$W/c.ini" import "$ICS/icalendar_BROKEN_fuzz_garbage.ics"
check "an import failure is printed once" 1 "$(grep -c "not iCalendar" "$W/cli.err")"
"$HUB" event import "$ICS/usal_salamanca_google_calendar_2022.ics" >"$W/hub.out" 2>&1 &&
    grep -q "from iCalendar" "$W/hub.out" && ok "aukio-hub event import reads iCalendar" ||
    fail "hub import of an .ics: $(cat "$W/hub.out")"
run_bounded "aukio-hub: a file that is no calendar" 3 "not iCalendar or Linked Events JSON" \
    "$HUB" event import "$ICS/icalendar_BROKEN_fuzz_garbage.ics"
check "the hub prints its import failure once" 1 "$(grep -c "not iCalendar" "$W/cli.err")"

# A NUL byte in the config is an error, not a value cut short.
printf '[kiosk]\nname = Lahti\000Hollola\n' >"$W/nul.ini"
run_bounded "a NUL byte in the config" 2 "nul.ini:2: contains a NUL byte" "$KIOSK" --config "$W/nul.ini" status
printf '[sync]\nhub = http://\n' >"$W/nohost.ini"
run_bounded "hub = http:// without a host" 2 "with a host" "$KIOSK" --config "$W/nohost.ini" status

# Enrolment: a token file that cannot be written is found before the one-time token is spent.
"$HUB" event import "$SOURCE_DIR/assets/demo/events.json" >/dev/null
start_hub
et=$("$HUB" device add lahti 2>/dev/null)
cp "$W/k.ini" "$W/k.ini.orig"
printf '[sync]\ntoken_file = %s/no-such-dir/device-token\n' "$W" >>"$W/k.ini"
cp "$W/k.ini" "$W/k.ini.before"
run_bounded "enrol where the token file cannot be written" 1 "the token was not used" "$KIOSK" --config "$W/k.ini" enrol "$URL" "$et"
cmp -s "$W/k.ini" "$W/k.ini.before" && ok "the config is as it was" || fail "the config changed"
cp "$W/k.ini.orig" "$W/k.ini"
"$KIOSK" --config "$W/k.ini" enrol "$URL" "$et" >"$W/enrol.out" 2>&1 && ok "the same token enrols once the config is fixed" ||
    fail "the token was spent by the failed attempt: $(cat "$W/enrol.out")"
check "the config has the hub" 1 "$(grep -cE '^hub = ' "$W/k.ini")"
check "and no token" 0 "$(grep -cE '^token' "$W/k.ini" || true)"
check "the token file is 0600" 600 "$(stat -c %a "$W/k.db.token")"
grep -qE '^aud_' "$W/k.db.token" && ok "the token file holds the device token" || fail "token file: $(wc -c <"$W/k.db.token") bytes"
ksync k && ok "the enrolled kiosk syncs" || fail "sync after enrol: $(tail -3 "$W/k.sync.log")"

# An old kiosk: its config holds the token. The next start moves it to the token file.
tok=$(cat "$W/k.db.token")
rm "$W/k.db.token"
printf 'token = %s\n' "$tok" >>"$W/k.ini"
ksync k && ok "an old config's token still syncs" || fail "old config: $(tail -3 "$W/k.sync.log")"
grep -q "moved from the config" "$W/k.sync.log" && ok "the move is said" || fail "no word of the move"
check "the token moved to the token file" "$tok" "$(cat "$W/k.db.token")"
check "the token file is 0600 after the move" 600 "$(stat -c %a "$W/k.db.token")"
check "the config lost its token line" 0 "$(grep -c '^token' "$W/k.ini" || true)"
check "the database is 0600" 600 "$(stat -c %a "$W/k.db")"
chmod 644 "$W/k.db.token"
run_bounded "a token file others may read" 2 "lets others read the device token" "$KIOSK" --config "$W/k.ini" status
chmod 600 "$W/k.db.token"
finish
