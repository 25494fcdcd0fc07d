#!/usr/bin/env bash
# aukio-hub is the coordinator's server: it links the shared library (sync/common, sync/wire.c)
# and no kiosk code, SDL or SDL_ttf. CMake refuses such a link at configure time; this checks the
# built program itself, so a symbol that slipped in through another route is caught too.
set -euo pipefail
hub=${AUKIO_HUB:?AUKIO_HUB must name the built aukio-hub}
status=0

# Libraries the dynamic linker would load.
if libs=$(ldd "$hub" | grep -iE 'libSDL|SDL2_ttf|libfreetype|libpng'); then
    echo "FAIL: aukio-hub loads display libraries:"
    echo "$libs"
    status=1
fi

# Symbols defined or referenced: the kiosk's modules are prefixed store_, app_, view_, gfx_,
# ui_, osk_, input_, runtime_, script_, rules_, config_, datefmt_, i18n_, sync_ (its client).
kiosk='^(store|app|view|gfx|ui|osk|input|runtime|script|rules|config|datefmt|i18n|tr|sync)_|^tr$|^tr_plural$|^(SDL|TTF)_'
if syms=$(nm --defined-only "$hub" | awk '{print $3}' | grep -E "$kiosk"); then
    echo "FAIL: aukio-hub defines kiosk symbols:"
    echo "$syms" | head -20
    status=1
fi
if syms=$(nm -u "$hub" | awk '{print $2}' | sed 's/@.*//' | grep -E "$kiosk"); then
    echo "FAIL: aukio-hub needs kiosk or SDL symbols:"
    echo "$syms" | head -20
    status=1
fi

# The check must be able to fail: the kiosk itself has all of these.
if [ -n "${AUKIO:-}" ]; then
    kiosk_syms=$(nm --defined-only "$AUKIO" | awk '{print $3}' | grep -cE "$kiosk" || true)
    if [ "$kiosk_syms" -lt 100 ]; then
        echo "FAIL: the kiosk pattern matches $kiosk_syms symbols of aukio itself; the check is broken"
        status=1
    fi
fi
[ $status -eq 0 ] && echo "ok: aukio-hub links no kiosk code, SDL or SDL_ttf"
exit $status
