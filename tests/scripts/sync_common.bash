# sync_common.bash: helpers for the kiosk-sync end-to-end tests (tests/scripts/sync_*.sh source
# this; it is not a test itself). Builds on hub_common.bash: the hub on 127.0.0.1, port 0.

# shellcheck source=hub_common.bash
source "$(dirname "${BASH_SOURCE[0]}")/hub_common.bash"

KIOSK=${AUKIO:?AUKIO must be the path of aukio}
command -v sqlite3 >/dev/null || { echo "sqlite3 is required"; exit 1; }
FLOW_NOW=2026-03-16T09:00:00+02:00
export AUKIO_SYNC_LOW_SPEED_S=3

# new_kiosk NAME: a config and database of its own in $W (retention long, so the demo's past
# events keep their sign-ups' data until the hub has them), with a staff PIN: a kiosk without
# one opens on the first-PIN screen, not to visitors.
new_kiosk() {
    printf '[kiosk]\ndatabase = %s/%s.db\nretention_days = 3650\n' "$W" "$1" >"$W/$1.ini"
    echo 2468 | "$KIOSK" --config "$W/$1.ini" pin set 2>/dev/null
}

# enrol_kiosk NAME: device add at the hub + aukio enrol.
enrol_kiosk() {
    local et
    et=$("$HUB" device add "$1" 2>/dev/null)
    "$KIOSK" --config "$W/$1.ini" enrol "$URL" "$et" >/dev/null
}

# point_kiosk NAME URL: the hub moved (a restarted hub gets a new port).
point_kiosk() {
    sed -i "s|^hub = .*|hub = $2|" "$W/$1.ini"
}

# ksync NAME: one foreground round; its output goes to $W/NAME.sync.log.
ksync() { "$KIOSK" --config "$W/$1.ini" sync --once >>"$W/$1.sync.log" 2>&1; }

# kq NAME SQL: a query on the kiosk's database.
kq() { sqlite3 "$W/$1.db" "$2"; }

# play NAME SCRIPT [--now TIME]: a headless UI run on the kiosk.
play() {
    local k=$1 s=$2
    shift 2
    "$KIOSK" --config "$W/$k.ini" --headless --script "$s" --shots "$W" "$@" 2>>"$W/$k.ui.log"
}
