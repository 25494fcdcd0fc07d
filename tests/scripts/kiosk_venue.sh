#!/usr/bin/env bash
# kiosk_venue.sh: `aukio venue set|show|clear`: where a kiosk stands, set by staff in its store over
# the config's "venue" (issue 10, item 1), and what a real headless kiosk then shows: its list
# opening on that venue, or on every venue with --all, and the language after idle. Bad values are
# refused with why, and change nothing.
source "$(dirname "$0")/sync_common.bash"

printf '[kiosk]\ndatabase = %s/k.db\n' "$W" >"$W/k.ini"
K=("$KIOSK" --config "$W/k.ini")
"${K[@]}" --now "$FLOW_NOW" import "$SOURCE_DIR/assets/demo/events.json" >/dev/null
echo 2468 | "${K[@]}" pin set >/dev/null 2>&1

"${K[@]}" venue show >"$W/show0" || fail "show: $(cat "$W/show0")"
grep -q "venue: none (from the config)" "$W/show0" && ok "none set" || fail "show: $(cat "$W/show0")"

# play SCRIPT-LINES...: a headless run of the lines; its log in $W/play.log.
play() {
    printf '%s\n' "$@" >"$W/flow.txt"
    "${K[@]}" --headless --script "$W/flow.txt" --shots "$W" --now "$FLOW_NOW" >"$W/play.log" 2>&1
}

"${K[@]}" venue set "Lahden pääkirjasto" >"$W/set1" && ok "venue set" || fail "set: $(cat "$W/set1")"
"${K[@]}" venue show | grep -q "venue: Lahden pääkirjasto (set on this kiosk)" && ok "show says it" ||
    fail "show: $("${K[@]}" venue show)"
play 'tap "Suomi"' 'expect "Tapahtumapaikka: Lahden pääkirjasto"' 'expect-not "Urban Office: e-palveluapu"' &&
    ok "the list opens on this venue" || fail "venue: $(cat "$W/play.log")"

"${K[@]}" venue set "Lahden pääkirjasto" --all --language sv >/dev/null || fail "set --all"
play 'tap 900 900' 'expect "Kommande evenemang"' 'expect "Evenemangsplats: Alla evenemangsplatser"' &&
    ok "--all opens on every venue, --language sv after idle" || fail "--all: $(cat "$W/play.log")"

for bad in "--language de" "--colour red"; do
    # shellcheck disable=SC2086
    "${K[@]}" venue set "Kouvolan pääkirjasto" $bad >"$W/bad" 2>&1 && fail "$bad taken" || ok "$bad refused"
done
grep -q "usage: aukio venue set" "$W/bad" && ok "an unknown option shows the usage" || fail "bad: $(cat "$W/bad")"
"${K[@]}" venue set "Kouvola"$'\x01' >"$W/bad2" 2>&1 && fail "a control character taken" ||
    ok "a control character refused"
grep -q "control character" "$W/bad2" && ok "says why" || fail "bad2: $(cat "$W/bad2")"
check "a refused set changes nothing" "Lahden pääkirjasto|1|sv" "$(kq k 'SELECT venue, show_all, language FROM kiosk_venue')"

"${K[@]}" venue clear >/dev/null && ok "clear" || fail "clear"
check "cleared" 0 "$(kq k 'SELECT count(*) FROM kiosk_venue')"
finish
