#!/usr/bin/env bash
# kiosk_pin.sh: `aukio pin set` on a terminal (a pseudo-terminal from util-linux's `script`): it
# asks twice, echoes neither, sets the PIN when the two match, and changes nothing when they
# differ. (From a pipe it reads one line: test_staff_pin and every flow's set-up use that.)
source "$(dirname "$0")/sync_common.bash"
command -v script >/dev/null || { echo "script (util-linux) is required"; exit 1; }

printf '[kiosk]\ndatabase = %s/k.db\n' "$W" >"$W/k.ini"
"$KIOSK" --config "$W/k.ini" events >/dev/null

# on_tty FIRST SECOND: runs pin set on a pseudo-terminal, typing FIRST and SECOND at its prompts;
# its transcript in $W/tty.out, its exit status returned.
on_tty() {
    local status=0
    { sleep 0.5; printf '%s\r' "$1"; sleep 0.5; printf '%s\r' "$2"; sleep 3; } |
        timeout 20 script -qec "'$KIOSK' --config '$W/k.ini' pin set" /dev/null >"$W/tty.out" 2>&1 ||
        status=$?
    return $status
}

on_tty 13579 13570 && fail "two different PINs were taken" || ok "two different PINs: refused"
grep -q "differ" "$W/tty.out" && ok "it says they differ" || fail "no word of the difference: $(cat "$W/tty.out")"
check "nothing set after a mismatch" 0 "$(kq k 'SELECT count(*) FROM staff_pin')"

on_tty 13579 13579 && ok "the same PIN twice: set" || fail "pin set on a tty: $(cat "$W/tty.out")"
grep -q "New staff PIN" "$W/tty.out" && grep -q "The same PIN again" "$W/tty.out" &&
    ok "asked twice" || fail "prompts: $(cat "$W/tty.out")"
grep -q 13579 "$W/tty.out" && fail "the PIN was echoed" || ok "the PIN was not echoed"
check "one PIN kept" 1 "$(kq k 'SELECT count(*) FROM staff_pin')"
check "kept as an Argon2id hash" 1 "$(kq k "SELECT count(*) FROM staff_pin WHERE hash LIKE '\$argon2id\$%'")"
grep -q 13579 "$W/k.db" && fail "the PIN is in the database file" || ok "the PIN is not in the database file"
finish
