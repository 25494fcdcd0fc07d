#!/usr/bin/env bash
# The kiosk's UI process, aukio, loads no libcurl and no TLS stack (issue 12): sync, enrolment
# and the bundles' pull path are the helper's, aukio-sync (README, "Processes"). CMake refuses
# such a link at configure time; this checks the built programs, so a library that slipped in
# through another route is caught too.
set -euo pipefail
ui=${AUKIO:?AUKIO must name the built aukio}
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
echo "# aukio loads $(ldd "$ui" | wc -l) libraries, aukio-sync $(wc -l <<<"$helper_libs")"
[ $status -eq 0 ] && echo "ok: aukio links no libcurl or TLS stack; aukio-sync does"
exit $status
