"""mail_dump: reads the messages mail_sink.py stored and prints one JSON object per message, for
the shell tests to check with jq:

    python3 tests/tools/mail_dump.py DIR

Fields: file, envelope_to, to, subject (RFC 2047 decoded), message_id, date, content_type, parts
(content types), text (the text/plain part decoded), ics (the text/calendar part's VEVENT
properties, unfolded, or null), max_line (the longest raw line in bytes), defects (what Python's
email parser found wrong).
"""

import email
import email.policy
import json
import os
import sys


def ics_props(text):
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    props, inside = {}, False
    for line in lines:
        if line == "BEGIN:VEVENT":
            inside = True
        elif line == "END:VEVENT":
            inside = False
        elif inside and ":" in line:
            key, _, value = line.partition(":")
            props[key.split(";")[0]] = value
    props["_lines"] = lines
    return props


def dump(path):
    with open(path, "rb") as f:
        raw = f.read()
    first, _, rest = raw.partition(b"\r\n")
    msg = email.message_from_bytes(rest, policy=email.policy.default)
    out = {
        "file": os.path.basename(path),
        "envelope_to": first.decode().split(": ", 1)[1],
        "to": str(msg["To"]),
        "subject": str(msg["Subject"]),
        "message_id": str(msg["Message-ID"]),
        "date": str(msg["Date"]),
        "content_type": msg.get_content_type(),
        "parts": [],
        "text": None,
        "ics": None,
        "max_line": max(len(line) for line in rest.split(b"\r\n")),
        "defects": [str(d) for d in msg.defects],
    }
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        out["parts"].append(ctype)
        out["defects"] += [str(d) for d in part.defects]
        if ctype == "text/plain":
            out["text"] = part.get_content()
        elif ctype == "text/calendar":
            out["ics"] = ics_props(part.get_content())
    return out


def main():
    d = sys.argv[1]
    for name in sorted(os.listdir(d)):
        if name.endswith(".eml"):
            print(json.dumps(dump(os.path.join(d, name)), ensure_ascii=False))


if __name__ == "__main__":
    main()
