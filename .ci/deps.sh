#!/usr/bin/env bash
# Installs the Debian 12 packages Aukio needs to build, test and run. Safe to run again: it asks
# apt only for what is missing. Run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config clang-format
  clang libclang-rt-14-dev
  libsdl2-dev libsdl2-ttf-dev libpng-dev
  libsqlite3-dev libjansson-dev libinih-dev libyajl-dev
  libcurl4-openssl-dev libmicrohttpd-dev libsodium-dev
  libcmocka-dev libical-dev libqrencode-dev libxml2-dev liburiparser-dev
  python3-aiosmtpd
  curl jq sqlite3 xvfb xauth
  zbar-tools
  libespeak-ng-dev espeak-ng-data sox
  libsystemd-dev systemd fonts-noto-core help2man dpkg-dev fakeroot file
  python3-prometheus-client cage xwayland
  chromium python3-websocket fonts-dejavu-core
  libxlsxwriter-dev
  libjs-chart.js
)
# libxlsxwriter-dev: the console's XLSX downloads (an event's attendees, the annual reports).
# chromium is for the console's browser tests (tests/scripts/hub_console.sh); bench_start's
# comparison with a browser uses the same one.
# libjs-chart.js: the console's feedback charts (served by the hub from /usr/share/javascript/chart.js;
# a dependency of the aukio-hub package).

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
