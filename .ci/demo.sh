#!/usr/bin/env bash
# The README's first quick-start command: installs what is missing, builds, starts a local hub
# with the demo catalogue (dates moved so that its first day is today), enrols a demo kiosk with
# it, syncs once, and starts the kiosk.
#
# With a display (DISPLAY or WAYLAND_DISPLAY set) the kiosk opens in a 1280x800 window and syncs
# in the background; AUKIO_FULLSCREEN=1 opens it fullscreen as on a real kiosk. Without one it
# plays a short tour headless (browsing, a sign-up, feedback), writes the screenshots to
# demo/shots/, syncs, and shows the sign-up arriving at the hub.
#
# Everything lives in demo/ (kiosk.ini, kiosk.db, hub.db) and starts afresh on every run. The hub
# stops when this script ends; the kiosk keeps working without it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash .ci/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)" --target aukio aukio-hub
aukio="$root/build/aukio"
hub="$root/build/aukio-hub"

rm -rf demo
mkdir -p demo/shots
cd demo
hub_pid=""
stop_hub() { if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi; }
trap stop_hub EXIT

# The coordinator's hub, on a free port of this machine only.
"$hub" --db hub.db event import "$root/assets/demo/events.json"
# A coordinator for the console (a demo password: a real hub's users choose their own).
printf 'aukio-demo\n' | "$hub" --db hub.db user add koordinaattori --role coordinator >/dev/null
"$hub" --db hub.db serve --listen 127.0.0.1:0 --port-file hub.port > hub.log 2>&1 &
hub_pid=$!
for _ in $(seq 50); do [ -s hub.port ] && break; sleep 0.1; done
[ -s hub.port ] || { echo "the hub did not start; see demo/hub.log"; exit 1; }
url="http://127.0.0.1:$(cat hub.port)"
echo "Hub running at $url (demo/hub.db)."
echo "Its console: $url/console/ (user koordinaattori, password aukio-demo) while the kiosk runs."

# The kiosk, enrolled with a one-time token the hub issues for it.
printf '[kiosk]\nname = Lahden pääkirjasto, aula\nvenue = Lahden pääkirjasto\ndatabase = %s/kiosk.db\n' "$(pwd)" > kiosk.ini
token=$("$hub" --db hub.db device add demo-kiosk 2>/dev/null | head -n 1)
"$aukio" --config kiosk.ini enrol "$url" "$token"
# A staff PIN, so the kiosk opens to visitors (without one it asks for a PIN first).
echo 2468 | "$aukio" --config kiosk.ini pin set
echo "Staff mode: hold a finger on the kiosk's name (top left) for 3 s; the PIN is 2468."
# One round brings the catalogue and then the seats this kiosk may confirm.
"$aukio" --config kiosk.ini sync --once
echo

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the kiosk (close the window to stop; it syncs with the hub in the background)."
  if [ "${AUKIO_FULLSCREEN:-0}" = 1 ]; then
    "$aukio" --config kiosk.ini
  else
    "$aukio" --config kiosk.ini --windowed 1280x800
  fi
  exit 0
fi

echo "No display here: playing a tour headless instead."
"$aukio" --config kiosk.ini --headless --script "$root/assets/demo/tour.txt" --shots shots
"$aukio" --config kiosk.ini sync --once
echo
echo "The tour's sign-up, as the coordinator sees it at the hub:"
"$hub" --db hub.db signups aukio:lahti-lauantain-satutunti-1 | tail -n 3
echo
echo "Screenshots of the tour are in $(pwd)/shots/."
echo "On a machine with a display, the same command opens the kiosk in a window."
