"""mail_sink: an aiosmtpd handler for the hub's mail tests (tests/scripts/hub_mail.sh).

    PYTHONPATH=tests/tools python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c mail_sink.Sink DIR

Each message the server accepts is written to DIR/NNNN.eml (the bytes as received, after a
first line "X-Envelope-To: <rcpt>, ..." with the envelope recipients), written to a temporary
name and renamed, so a file that exists is whole. When the file DIR/hold exists, the handler
writes the message, creates DIR/held and waits 30 s before it answers 250: a test kills the hub
in that window, the moment after the server took the message and before the hub heard so.
When DIR/tempfail exists, the next message is refused with 451 (not stored) and the file
removed: the hub must send it again.
Only for 127.0.0.1 in tests.
"""

import asyncio
import os


class Sink:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.n = len([f for f in os.listdir(directory) if f.endswith(".eml")])

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("mail_sink.Sink needs one argument: the directory")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        tempfail = os.path.join(self.dir, "tempfail")
        if os.path.exists(tempfail):
            os.remove(tempfail)
            return "451 4.3.0 Try again later"
        self.n += 1
        path = os.path.join(self.dir, "%04d.eml" % self.n)
        head = "X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)
        with open(path + ".tmp", "wb") as f:
            f.write(head.encode("ascii", "replace"))
            f.write(envelope.original_content or envelope.content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(path + ".tmp", path)
        if os.path.exists(os.path.join(self.dir, "hold")):
            os.remove(os.path.join(self.dir, "hold"))
            open(os.path.join(self.dir, "held"), "w").close()
            await asyncio.sleep(30)
        return "250 OK"
