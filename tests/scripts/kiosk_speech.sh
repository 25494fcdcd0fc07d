#!/usr/bin/env bash
# kiosk_speech.sh: what the kiosk says is sound, not silence (issues 9.14 and 15). The speech_*
# flows play headless; every utterance must be a WAV of 16-bit mono PCM whose RMS amplitude
# (sox's `stat`) is clearly above silence, one per line of speech.txt; the idle warning's tone
# must be there too; and an utterance of the three languages must each have sound. test_screens
# checks the words of the same runs against tests/ref/speech_*/speech.txt.
set -uo pipefail
command -v sox >/dev/null || { echo "sox is required (.ci/deps.sh)"; exit 1; }
: "${AUKIO:?the path of aukio}" "${SOURCE_DIR:?the source tree}"
export TZ=Europe/Helsinki SDL_VIDEODRIVER=dummy
NOW=2026-03-16T09:00:00+02:00 # test_screens.c's FLOW_NOW
MIN_RMS=0.01                  # espeak-ng's speech is about 0.05-0.1; silence is 0
W=$(mktemp -d /tmp/aukio-speech-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
FAILS=0
STEP=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { STEP=$((STEP + 1)); echo "ok $STEP - $*"; }

# rms WAV: sox's RMS amplitude of WAV.
rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }

for flow in speech_fi speech_sv speech_en; do
    d="$W/$flow"
    mkdir -p "$d"
    # A staff PIN, or the kiosk opens on the first-PIN screen rather than to visitors.
    { echo 2468 | "$AUKIO" --db "$d/db" pin set >/dev/null 2>&1; } &&
        "$AUKIO" --db "$d/db" --now "$NOW" import "$SOURCE_DIR/assets/demo/events.json" >/dev/null &&
        "$AUKIO" --headless --script "$SOURCE_DIR/tests/flows/$flow.txt" --shots "$d" --db "$d/db" \
            --now "$NOW" >"$d/log" 2>&1 || { fail "$flow: $(tail -3 "$d/log")"; continue; }
    lines=$(wc -l <"$d/speech.txt")
    wavs=$(ls "$d"/speech-*.wav 2>/dev/null | wc -l)
    [ "$lines" -gt 5 ] && [ "$lines" -eq "$wavs" ] && ok "$flow: $wavs utterances, one WAV each" ||
        fail "$flow: $lines lines in speech.txt, $wavs WAVs"
    silent=0
    while IFS=$'\t' read -r num _ lang text; do
        f="$d/speech-$num.wav"
        info=$(soxi "$f" 2>/dev/null | tr -s ' ' | grep -E "Channels|Precision" | tr '\n' ' ')
        case "$info" in *"Channels : 1"*"Precision : 16-bit"*) ;; *) fail "$flow: $f is not 16-bit mono: $info" ;; esac
        r=$(rms "$f")
        if ! awk -v r="$r" -v m="$MIN_RMS" 'BEGIN { exit !(r + 0 > m) }'; then
            fail "$flow: utterance $num ($lang: ${text:0:40}) is silent (RMS $r)"
            silent=$((silent + 1))
        fi
    done <"$d/speech.txt"
    [ "$silent" -eq 0 ] && ok "$flow: every WAV has sound (RMS > $MIN_RMS)"
done

# The idle warning in speech mode: a tone, then the words.
grep -q $'\t-\t\\[tone\\]$' "$W/speech_en/speech.txt" && ok "the idle warning's tone is played" ||
    fail "no tone before the idle warning"
# Each language with its own voice.
for l in fi sv en; do
    grep -q $'\t'"$l"$'\t' "$W"/speech_*/speech.txt && ok "spoken in $l" || fail "nothing spoken in $l"
done

[ "$FAILS" -eq 0 ] && echo "all $STEP passed" || echo "$FAILS failed"
exit $((FAILS > 0))
