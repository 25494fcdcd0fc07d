#!/usr/bin/env bash
# The kiosk's UI process, aukio, loads no libcurl and no TLS stack (issue 12): sync, enrolment
# and the bundles' pull path are the helper's, aukio-sync (README, "Processes"). CMake refuses
# such a link at configure time; this checks the built programs, so a library that slipped in
# through another route is caught too.
#
# It also loads libical, libxml2 and espeak-ng (and ICU and libstdc++ behind the first two) only
# when first needed (sync/common/lazylib.h): none of them before the first frame, a list seen
# loads none, a detail with a calendar code loads libical and libxml2, speech loads espeak-ng.
set -euo pipefail
ui=${AUKIO:?AUKIO must name the built aukio}
src=${SOURCE_DIR:?SOURCE_DIR must name the source tree}
helper=$(dirname "$ui")/aukio-sync
status=0
net='libcurl|libssl|libcrypto|libgnutls|libnghttp2|libssh|libpsl|librtmp|libldap'

if libs=$(readelf -d "$ui" | grep NEEDED | grep -E "$net"); then
    echo "FAIL: aukio needs network libraries directly:"
    echo "$libs"
    status=1
fi
if libs=$(ldd "$ui" | grep -E "$net"); then
    echo "FAIL: aukio loads network libraries:"
    echo "$libs"
    status=1
fi
if syms=$(nm -u "$ui" | awk '{print $2}' | grep -E '^curl_'); then
    echo "FAIL: aukio needs libcurl's symbols:"
    echo "$syms" | head
    status=1
fi
# The check must be able to fail: the helper has them.
# (ldd read whole first: under pipefail, grep -q's early exit would fail the pipe on SIGPIPE.)
helper_libs=$(ldd "$helper")
if ! grep -q libcurl <<<"$helper_libs"; then
    echo "FAIL: aukio-sync does not load libcurl: the check is broken"
    status=1
fi
lazy='libical|libxml2|libespeak-ng|libicu|libstdc\+\+'
# ASan's and UBSan's runtimes bring libstdc++ themselves.
ui_libs=$(ldd "$ui") # read whole: grep -q's early exit would fail a pipe under pipefail
if grep -qE 'libasan|libubsan' <<<"$ui_libs"; then lazy='libical|libxml2|libespeak-ng|libicu'; fi
if libs=$(ldd "$ui" | grep -E "$lazy"); then
    echo "FAIL: aukio loads at its start what it should open at first use:"
    echo "$libs"
    status=1
else
    echo "ok: aukio does not load libical, libxml2, espeak-ng, ICU or libstdc++ at its start"
fi

# loaded FLOW: the libraries the dynamic loader reports loading (at start or by dlopen) while
# aukio plays tests/flows/FLOW.txt headless on the demo catalogue.
w=$(mktemp -d /tmp/aukio-links.XXXXXX)
trap 'rm -rf "$w"' EXIT
now=2026-03-16T09:00:00+02:00
TZ=Europe/Helsinki "$ui" --db "$w/db" --now "$now" import "$src/assets/demo/events.json" >/dev/null
echo 2468 | "$ui" --db "$w/db" pin set >/dev/null 2>&1 # else the first screen asks for a PIN
loaded() {
    printf '%s\n' "$@" >"$w/flow.txt"
    TZ=Europe/Helsinki SDL_VIDEODRIVER=dummy LD_DEBUG=files LD_DEBUG_OUTPUT="$w/ld" \
        "$ui" --headless --script "$w/flow.txt" --db "$w/db" --now "$now" >"$w/log" 2>&1 ||
        echo "FAIL: the flow did not play: $(tail -2 "$w/log")" # not a library: expect fails
    cat "$w"/ld.* | sed -n 's/^[[:space:]]*[0-9]*:[[:space:]]*file=\([^ ]*\) .*/\1/p' | sort -u
    rm -f "$w"/ld.*
}
# expect WHAT PATTERN YES|NO LIBS: LIBS (loaded's output) hold a match of PATTERN or do not.
expect() {
    if grep -qE "$2" <<<"$4"; then have=yes; else have=no; fi
    if [ "$have" = "$3" ]; then echo "ok: $1"; else
        echo "FAIL: $1 (loaded: $(tr '\n' ' ' <<<"$4"))"
        status=1
    fi
}
list=$(loaded 'tap "Suomi"' 'expect "Vauvojen loruhetki"')
expect "the list's flow plays" '^FAIL' no "$list"
expect "the list loads none of them" "$lazy" no "$list"
expect "the check sees what the list loads (SDL_ttf)" 'libSDL2_ttf' yes "$list"
detail=$(loaded 'tap "Suomi"' 'tap "Vauvojen loruhetki"' 'expect "Lisää kalenteriin"')
expect "the detail's flow plays" '^FAIL' no "$detail"
expect "a detail with a calendar code loads libical" 'libical' yes "$detail"
expect "a detail's description loads libxml2" 'libxml2' yes "$detail"
expect "a detail loads no speech" 'libespeak-ng' no "$detail"
speech=$(loaded 'tap 960 1000' 'tap 960 1000' 'tap 960 1000' 'wait 1000' 'expect "Tulevat tapahtumat"')
expect "the speech flow plays" '^FAIL' no "$speech"
expect "speech mode (a triple tap) loads espeak-ng" 'libespeak-ng' yes "$speech"

echo "# aukio loads $(ldd "$ui" | wc -l) libraries, aukio-sync $(wc -l <<<"$helper_libs")"
[ $status -eq 0 ] && echo "ok: aukio links no libcurl or TLS stack; aukio-sync does"
exit $status
