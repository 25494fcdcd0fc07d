#!/usr/bin/env bash
# kiosk_qr.sh: the take-home QR codes read back by a real decoder (zbarimg, as a phone's camera
# would): the kiosk plays the takehome_* flows headless, and each screenshot's code must decode
# to the event's VEVENT in the screen's language (SUMMARY, DTSTART/DTEND in UTC, the stable UID,
# LOCATION escaped per RFC 5545) or to the event's own web page, and never hold the visitor.
set -uo pipefail
command -v zbarimg >/dev/null || { echo "zbarimg is required (zbar-tools, .ci/deps.sh)"; exit 1; }
: "${AUKIO:?the path of aukio}" "${SOURCE_DIR:?the source tree}"
export TZ=Europe/Helsinki SDL_VIDEODRIVER=dummy
NOW=2026-03-16T09:00:00+02:00 # test_screens.c's FLOW_NOW: the demo catalogue's first day
W=$(mktemp -d /tmp/aukio-qr-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
FAILS=0
STEP=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { STEP=$((STEP + 1)); echo "ok $STEP - $*"; }

# play FLOW SIZE: the flow's screenshots in $W/FLOW/.
play() {
    local flow=$1 size=$2 d="$W/$1"
    mkdir -p "$d"
    "$AUKIO" --db "$d/db" --now "$NOW" import "$SOURCE_DIR/assets/demo/events.json" >/dev/null &&
        { echo 2468 | "$AUKIO" --db "$d/db" pin set 2>/dev/null; } &&
        "$AUKIO" --headless --script "$SOURCE_DIR/tests/flows/$flow.txt" --shots "$d" --db "$d/db" \
            --now "$NOW" --size "$size" >"$d/log" 2>&1 || { fail "$flow: $(tail -3 "$d/log")"; return 1; }
}

# decode SHOT: the text of the one QR code in SHOT's PNG, line ends as they were encoded.
decode() {
    zbarimg --quiet --raw "$W/$1.png" 2>/dev/null | sed 's/\r$//'
}

# expect_lines SHOT LINE...: SHOT's code decodes and holds every LINE as a whole line.
expect_lines() {
    local shot=$1 text
    shift
    text=$(decode "$shot")
    [ -n "$text" ] || { fail "$shot: no QR code decoded"; return; }
    for line in "$@"; do
        if grep -qxF -- "$line" <<<"$text"; then ok "$shot: \"$line\""; else
            fail "$shot: no line \"$line\" in: $text"
        fi
    done
}

expect_absent() {
    local shot=$1 word=$2
    if decode "$shot" | grep -qF -- "$word"; then fail "$shot: the code holds \"$word\""; else
        ok "$shot: nothing of \"$word\" in the code"
    fi
}

VEVENT_FI=("BEGIN:VEVENT" "UID:aukio:lahti-vauvojen-loruhetki-1@aukio"
    "DTSTART:20260316T080000Z" "DTEND:20260316T084500Z" "SUMMARY:Vauvojen loruhetki"
    'LOCATION:Lahden pääkirjasto\, Kirjastokatu 1\, Lahti' "END:VEVENT")
if play takehome_fi 1920x1080; then
    expect_lines takehome_fi/detail_calendar "${VEVENT_FI[@]}"
    expect_lines takehome_fi/confirmed "${VEVENT_FI[@]}"
    expect_absent takehome_fi/confirmed "Maija"
    expect_lines takehome_fi/detail_now "SUMMARY:Vauvojen loruhetki"
    text=$(decode takehome_fi/detail_page)
    if [ "$text" = "https://kirjasto.example.fi/veturi" ]; then ok "detail_page: the event's page"; else
        fail "detail_page: \"$text\", not the event's page"
    fi
fi
# The smallest screen (2 px modules) and another language.
if play takehome_en 1280x800; then
    expect_lines takehome_en/detail_calendar "SUMMARY:Baby rhyme time" "DTSTART:20260316T080000Z" \
        'LOCATION:Lahti Main Library\, Kirjastokatu 1\, Lahti'
    expect_lines takehome_en/waitlisted "SUMMARY:Baby rhyme time"
    expect_absent takehome_en/waitlisted "Leino"
    text=$(decode takehome_en/detail_page)
    if [ "$text" = "https://kirjasto.example.fi/en/veturi" ]; then ok "en detail_page: the English page"; else
        fail "en detail_page: \"$text\", not the English page"
    fi
fi
if [ "$FAILS" -ne 0 ]; then echo "$FAILS failure(s)"; exit 1; fi
