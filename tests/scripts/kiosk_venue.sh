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

# ---- A pop-up venue of the kiosk's own, from the shell ------------------------------------------
"${K[@]}" venue set --popup --name-fi "Kauppatori" --name-sv "Salutorget" \
    --note-fi "suihkulähteen vieressä" --note-en "by the fountain" --language sv >"$W/pop1" 2>&1 &&
    ok "venue set --popup" || fail "popup: $(cat "$W/pop1")"
ID=$(kq k 'SELECT venue_id FROM kiosk_popup_venue')
[[ "$ID" =~ ^popup:[0-9a-f-]{36}$ ]] && ok "the pop-up venue's id is popup:UUID" || fail "id: $ID"
check "the kiosk stands at it" "$ID|0|sv" "$(kq k 'SELECT venue, show_all, language FROM kiosk_venue')"
grep -q "venue set: $ID" "$W/pop1" && ok "set says the id" || fail "said: $(cat "$W/pop1")"
"${K[@]}" venue show >"$W/show1"
grep -q "(the kiosk's own pop-up venue)" "$W/show1" && grep -q "name (en): Kauppatori (fallback)" "$W/show1" &&
    grep -q "description (sv): suihkulähteen vieressä" "$W/show1" && ok "show: names, fallbacks, descriptions" ||
    fail "show: $(cat "$W/show1")"
play 'tap 900 900' 'tap "Suomi"' 'expect "Kauppatori · suihkulähteen vieressä"' 'tap "English"' \
    'expect "Kauppatori · by the fountain"' && ok "the list's top bar names it, in each language" ||
    fail "popup list: $(cat "$W/play.log")"
"${K[@]}" venue set --popup --name-en "Market square" >/dev/null || fail "popup again"
check "named again, the same id" "$ID" "$(kq k 'SELECT venue_id FROM kiosk_popup_venue')"

# Refused with where and why, nothing changed.
bad_popup() { # WHY ARGS...: refused, says WHY
    local why=$1
    shift
    if "${K[@]}" venue set --popup "$@" >"$W/bad3" 2>&1; then fail "taken: $*"; else
        grep -q -- "$why" "$W/bad3" && ok "refused: $why" || fail "$*: $(cat "$W/bad3")"
    fi
}
bad_popup "needs a name in at least one language" --note-fi "vain kuvaus"
bad_popup "the Swedish name has a control character" --name-fi "Tori" --name-sv "Torg"$'\t'
bad_popup "name-en: at most 127 bytes" --name-en "$(printf 'x%.0s' {1..200})"
bad_popup "the language is fi, sv or en" --name-fi "Tori" --language de
bad_popup "usage: aukio venue set" --name-xx "Tori"
check "a refused pop-up changes nothing" "Market square||" \
    "$(kq k "SELECT name_en, name_fi, note_fi FROM kiosk_popup_venue")"

# ---- Set on the staff screen, it survives a restart ----------------------------------------------
"${K[@]}" venue clear >/dev/null
play 'tap "Suomi"' 'drag 138 52 138 52 3000' 'tap "2"' 'tap "4"' 'tap "6"' 'tap "8"' 'tap "OK"' \
    'tap "Paikka"' 'tap "Oma pop-up-paikka"' 'tap "Nimi suomeksi"' 'type "Lähiöfestari"' \
    'tap "Seuraava"' 'type "koulun pihalla"' 'tap "Piilota"' 'tap "Kaikkien paikkojen"' 'tap "ruotsi"' \
    'tap "Tallenna paikka"' 'expect "Tallennettu. Kioski on nyt paikassa Lähiöfestari."' \
    'tap "Takaisin"' 'tap "Poistu henkilökunnan tilasta"' 'expect "Lähiöfestari · koulun pihalla"' &&
    ok "set on the screen, at once on the attract screen" || fail "screen: $(cat "$W/play.log")"
check "in the store, with the same id" "$ID|1|sv|Lähiöfestari|koulun pihalla" \
    "$(kq k "SELECT v.venue, v.show_all, v.language, p.name_fi, p.note_fi FROM kiosk_venue v, kiosk_popup_venue p")"
# A new process: the attract screen in Swedish (the language when free) names it (the Finnish name
# as the fallback), and so does the list.
play 'expect "Lähiöfestari · koulun pihalla"' 'expect "Tryck på skärmen för att börja"' 'tap 900 900' \
    'expect "Kommande evenemang"' 'expect "Lähiöfestari · koulun pihalla"' &&
    ok "after a restart: the attract screen and the list name it, in Swedish" ||
    fail "restart: $(cat "$W/play.log")"
finish
