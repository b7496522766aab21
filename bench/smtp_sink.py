"""A loopback SMTP server for the newsletter benchmark: it takes every message and writes one line per
message (time, recipient, Message-ID) to a file, so that the benchmark can count what arrived, and how often.

Run as ``python -m bench.smtp_sink PORT FILE``; it stops on SIGTERM.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE)


class Sink:
    def __init__(self, path: str) -> None:
        self.file = open(path, "a", buffering=1)  # open for the life of the server

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        found = MESSAGE_ID.search(envelope.content[:4000])
        message_id = found.group(1).decode() if found else "-"
        for recipient in envelope.rcpt_tos:
            self.file.write(f"{time.time():.6f}\t{recipient}\t{message_id}\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print("ready", flush=True)
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
