#!/usr/bin/env python3
"""notify_listener.py SOCKET OUT: plays systemd's side of sd_notify(3) for a test: binds the
datagram socket SOCKET (what the test puts in NOTIFY_SOCKET) and appends every message it gets
to OUT, one line per assignment, each prefixed with the time it came (seconds, monotonic). Runs
until killed."""
import os
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
with open(out, "a", buffering=1) as f:
    while True:
        data = s.recv(4096)
        now = time.monotonic()
        for line in data.decode("utf-8", "replace").splitlines():
            f.write(f"{now:.3f} {line}\n")
