#!/usr/bin/env bash
# packages.sh (issue 14): the two Debian packages, built by the project (CPack, in BUILD/pkg: a
# RelWithDebInfo build with -DCMAKE_INSTALL_PREFIX=/usr and no tests, kept between runs so a
# rerun is incremental), inspected with dpkg-deb (names, Depends from shlibdeps and the extra
# ones, every file and mode, conffiles, maintainer scripts), unpacked into a scratch root with
# dpkg -x and checked there: the programs run and the kiosk finds Debian's fonts from
# /usr/bin (no source tree), a missing font names every place tried, the man pages render,
# `systemd-analyze verify` passes on both units, and the maintainer scripts (run with DPKG_ROOT
# on the scratch root) make the state folders 0750 and delete data on purge only.
# The sanitizer build does not package (it would package ASan); it says so and passes.
source "$(dirname "$0")/hub_common.bash"
KIOSK=${AUKIO:?AUKIO must be the path of aukio}
if [ "${AUKIO_SANITIZE:-OFF}" = ON ]; then
    echo "skipped: packages are built from the plain build (this one is the sanitizer build)"
    finish
    exit 0
fi
for t in dpkg-deb dpkg-shlibdeps cpack fakeroot; do
    command -v "$t" >/dev/null || { echo "$t is required (bash .ci/deps.sh)"; exit 1; }
done
PKG=$(dirname "$KIOSK")/pkg
if [ ! -f "$PKG/CMakeCache.txt" ]; then
    cmake -S "$SOURCE_DIR" -B "$PKG" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
        -DAUKIO_BUILD_TESTS=OFF >"$W/configure.log" 2>&1 || { cat "$W/configure.log"; exit 1; }
fi
cmake --build "$PKG" -j2 >"$W/build.log" 2>&1 || { tail -30 "$W/build.log"; exit 1; }
rm -f "$PKG"/*.deb
(cd "$PKG" && cpack -G DEB) >"$W/cpack.log" 2>&1 || { tail -30 "$W/cpack.log"; exit 1; }
K=$(ls "$PKG"/aukio_*.deb)
H=$(ls "$PKG"/aukio-hub_*.deb)
ok "built $(basename "$K") and $(basename "$H")"

# ---- Names and dependencies ----
check "the kiosk's package" aukio "$(dpkg-deb -f "$K" Package)"
check "the hub's package" aukio-hub "$(dpkg-deb -f "$H" Package)"
KD=$(dpkg-deb -f "$K" Depends)
HD=$(dpkg-deb -f "$H" Depends)
for d in fonts-noto-core cage xwayland espeak-ng-data libpam-systemd adduser libsdl2-2.0-0 libsdl2-ttf-2.0-0 \
    libsqlite3-0 libcurl4 libsodium23 libsystemd0 libespeak-ng1 libxml2 libical3 liburiparser1; do
    [[ ", $KD," == *", $d"[\ ,]* ]] && ok "aukio depends on $d" || fail "aukio lacks $d: $KD"
done
for d in libmicrohttpd12 libsqlite3-0 libsodium23 libsystemd0 adduser libjs-chart.js; do
    [[ ", $HD," == *", $d"[\ ,]* ]] && ok "aukio-hub depends on $d" || fail "aukio-hub lacks $d: $HD"
done
for d in libsdl2 cage fonts-noto libespeak; do
    [[ "$HD" != *"$d"* ]] && ok "aukio-hub does not depend on $d" || fail "aukio-hub depends on $d"
done

# ---- Contents and modes ----
# contents DEB: "MODE OWNER PATH" per entry.
# (read whole before grep: a grep -q that stops early would fail the pipeline)
contents() { local c; c=$(dpkg-deb -c "$1" | awk '{print $1, $2, $6}'); printf '%s\n' "$c"; }
has() { # has DEB MODE PATH
    local c
    c=$(contents "$1")
    if grep -qxF -e "$2 root/root ./$3" <<<"$c"; then ok "$(basename "$1"): $2 /$3"; else
        fail "$(basename "$1"): no $2 /$3 ($(grep -F "./$3" <<<"$c" || echo absent))"
    fi
}
has "$K" -rwxr-xr-x usr/bin/aukio
has "$K" -rwxr-xr-x usr/bin/aukio-sync
has "$K" -rw-r--r-- usr/share/man/man1/aukio-sync.1.gz
has "$K" -rw-r--r-- etc/aukio/kiosk.ini
has "$K" -rw-r--r-- etc/pam.d/aukio-kiosk
has "$K" -rw-r--r-- lib/systemd/system/aukio-kiosk.service
has "$K" -rw-r--r-- usr/share/man/man1/aukio.1.gz
has "$K" -rw-r--r-- usr/share/aukio/demo/events.json
has "$K" -rw-r--r-- usr/share/doc/aukio/examples/kiosk.ini
has "$H" -rwxr-xr-x usr/sbin/aukio-hub
has "$H" -rw-r--r-- etc/aukio/hub.env
has "$H" -rw-r--r-- lib/systemd/system/aukio-hub.service
has "$H" -rw-r--r-- usr/share/man/man8/aukio-hub.8.gz
has "$H" -rw-r--r-- usr/share/aukio-hub/console/index.html
has "$H" -rw-r--r-- usr/share/aukio-hub/console/console.js
check "the console's screenshots are not packaged" 0 "$(contents "$H" | grep -c 'console/screenshots' || true)"
check "no font is packaged (fonts-noto-core has them)" 0 "$(contents "$K" | grep -c '\.ttf$' || true)"
check "no file of the hub in the kiosk's package" 0 "$(contents "$K" | grep -c 'aukio-hub' || true)"
check "no file of the kiosk in the hub's package" 0 "$(contents "$H" | grep -cE 'bin/aukio$|kiosk' || true)"
check "nothing under /var in either (the scripts make the state folders)" 0 \
    "$( (contents "$K"; contents "$H") | grep -c ' ./var' || true)"

mkdir -p "$W/ctl-k" "$W/ctl-h"
dpkg-deb -e "$K" "$W/ctl-k"
dpkg-deb -e "$H" "$W/ctl-h"
check "the kiosk's conffiles" "/etc/aukio/kiosk.ini /etc/pam.d/aukio-kiosk" "$(tr '\n' ' ' <"$W/ctl-k/conffiles" | sed 's/ $//')"
check "the hub's conffiles" "/etc/aukio/hub.env" "$(cat "$W/ctl-h/conffiles")"
for s in postinst prerm postrm; do
    [ -x "$W/ctl-k/$s" ] && [ -x "$W/ctl-h/$s" ] && ok "$s in both" || fail "$s missing or not executable"
    sh -n "$W/ctl-k/$s" && sh -n "$W/ctl-h/$s" || fail "$s: shell syntax"
done

# ---- Unpacked into a scratch root ----
R=$W/root
mkdir -p "$R"
dpkg -x "$K" "$R"
dpkg -x "$H" "$R"
check "the example config holds no token" 0 "$(grep -cE '^token *=' "$R/etc/aukio/kiosk.ini" || true)"
"$R/usr/bin/aukio" --version | grep -q '^aukio ' && ok "the unpacked aukio runs" || fail "aukio --version"
"$R/usr/sbin/aukio-hub" --version | grep -q '^aukio-hub ' && ok "the unpacked aukio-hub runs" || fail "aukio-hub --version"
# The unpacked hub serves the console's page from its own share/ (no source tree beside it).
"$R/usr/sbin/aukio-hub" serve --db "$W/pkg-hub.db" --listen 127.0.0.1:0 --port-file "$W/pkg-port" \
    2>"$W/pkg-hub.log" &
PKG_HUB=$!
for _ in $(seq 1 100); do [ -s "$W/pkg-port" ] && break; sleep 0.05; done
if curl -sf "http://127.0.0.1:$(cat "$W/pkg-port" 2>/dev/null)/console/" | grep -q '<html'; then
    ok "the unpacked aukio-hub serves the console from /usr/share/aukio-hub/console"
else
    fail "the unpacked hub's console: $(cat "$W/pkg-hub.log")"
fi
kill "$PKG_HUB" 2>/dev/null; wait "$PKG_HUB" 2>/dev/null || true
printf 'wait 10\nshot first\n' >"$W/one.txt"
if [ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ]; then
    if SDL_VIDEODRIVER=dummy "$R/usr/bin/aukio" --db "$W/k.db" --headless --script "$W/one.txt" \
        --shots "$W" >/dev/null 2>"$W/fonts.err" && [ -s "$W/first.png" ]; then
        ok "the installed kiosk draws with fonts-noto-core's fonts (no source tree beside it)"
    else
        fail "the installed kiosk: $(cat "$W/fonts.err")"
    fi
else
    fail "fonts-noto-core is not installed (bash .ci/deps.sh)"
fi
# A missing font names every place tried: Debian's folder hidden in a private mount namespace.
if unshare -m true 2>/dev/null; then
    unshare -m sh -c "mount -t tmpfs none /usr/share/fonts/truetype/noto &&
        AUKIO_FONTS=$W/nofonts SDL_VIDEODRIVER=dummy '$R/usr/bin/aukio' --db '$W/k2.db' --headless \
        --script '$W/one.txt' --shots '$W'" >/dev/null 2>"$W/nofonts.err" || true
    for p in "$W/nofonts" /usr/share/fonts/truetype/noto "$R/usr/bin/../fonts" "install fonts-noto-core"; do
        grep -qF -- "$p" "$W/nofonts.err" && ok "no font: the message names $p" || fail "no font: $(cat "$W/nofonts.err")"
    done
else
    echo "# no mount namespace here: the missing-font message is not checked"
fi
for m in "$R/usr/share/man/man1/aukio.1.gz" "$R/usr/share/man/man8/aukio-hub.8.gz"; do
    zcat "$m" | grep -q '^\.SH NAME' && zcat "$m" | grep -q '^\.SH FILES' && ok "$(basename "$m") has NAME and FILES" ||
        fail "$(basename "$m")"
done

# ---- systemd-analyze verify on both units ----
# The units name /usr/bin/aukio and /usr/sbin/aukio-hub, which are in the scratch root and not
# on this machine: verify copies whose commands point into the scratch root (the rest as
# packaged), and check the packaged paths separately.
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$W/units"
    for u in aukio-kiosk aukio-hub; do
        sed -e "s|/usr/bin/aukio |$R/usr/bin/aukio |; s|/usr/sbin/aukio-hub |$R/usr/sbin/aukio-hub |" \
            "$R/lib/systemd/system/$u.service" >"$W/units/$u.service"
        if systemd-analyze verify --man=no "$W/units/$u.service" >"$W/verify-$u.log" 2>&1; then
            ok "systemd-analyze verify $u.service"
        else
            fail "systemd-analyze verify $u.service: $(cat "$W/verify-$u.log")"
        fi
    done
    grep -q '^ExecStart=/usr/bin/cage -s -- /usr/bin/aukio ' "$R/lib/systemd/system/aukio-kiosk.service" &&
        ok "the kiosk's unit runs /usr/bin/aukio under cage" || fail "kiosk ExecStart"
    grep -q '^ExecStart=/usr/sbin/aukio-hub serve ' "$R/lib/systemd/system/aukio-hub.service" &&
        ok "the hub's unit runs /usr/sbin/aukio-hub serve" || fail "hub ExecStart"
    for k in Type=notify WatchdogSec=30 Restart=always NotifyAccess=all User=aukio PAMName=aukio-kiosk; do
        grep -qx "$k" "$R/lib/systemd/system/aukio-kiosk.service" && ok "kiosk unit: $k" || fail "kiosk unit lacks $k"
    done
    for k in Type=notify User=aukio-hub StateDirectory=aukio-hub ProtectSystem=strict PrivateTmp=yes \
        NoNewPrivileges=yes 'ExecReload=/bin/kill -HUP $MAINPID'; do
        grep -qxF "$k" "$R/lib/systemd/system/aukio-hub.service" && ok "hub unit: $k" || fail "hub unit lacks $k"
    done
else
    echo "# systemd-analyze is not installed: the units are not verified"
fi

# ---- Maintainer scripts, on the scratch root (DPKG_ROOT) ----
for side in k:aukio h:aukio-hub; do
    c=${side%%:*}
    name=${side#*:}
    dir=$R/var/lib/$name
    DPKG_ROOT=$R sh "$W/ctl-$c/postinst" configure
    check "$name postinst: /var/lib/$name 0750" 750 "$(stat -c %a "$dir")"
    echo data >"$dir/state.db"
    DPKG_ROOT=$R sh "$W/ctl-$c/postinst" configure 0.1.0
    check "$name postinst again (an upgrade) keeps the data" data "$(cat "$dir/state.db")"
    DPKG_ROOT=$R sh "$W/ctl-$c/prerm" upgrade 0.1.1
    DPKG_ROOT=$R sh "$W/ctl-$c/postrm" upgrade 0.1.1
    check "$name upgrade keeps the data" data "$(cat "$dir/state.db" 2>/dev/null)"
    DPKG_ROOT=$R sh "$W/ctl-$c/prerm" remove
    DPKG_ROOT=$R sh "$W/ctl-$c/postrm" remove
    check "$name removal keeps the data" data "$(cat "$dir/state.db" 2>/dev/null)"
    DPKG_ROOT=$R sh "$W/ctl-$c/postrm" purge
    [ ! -e "$dir" ] && ok "$name purge deletes /var/lib/$name" || fail "$name purge left $dir"
done
[ ! -e "$R/etc/aukio" ] && ok "purging both removes /etc/aukio" || fail "/etc/aukio left: $(ls "$R/etc/aukio")"
finish
