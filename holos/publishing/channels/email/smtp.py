"""Handing messages to the mail server in two steps, so that a crash never sends one twice.

An SMTP server takes responsibility for a message only when it reads the line with a
single dot that ends the message's data; a connection that drops before that line leaves
nothing delivered. ``Pipeline.stage`` sends everything up to that line; the caller then
writes down in the database that the messages are sent, and only then ``Pipeline.commit``
writes the dots. A worker killed before the write to the database has delivered nothing
(the rows are still claimed, not sent, and another worker sends them again); killed after
it, a dot may not have left, and that message is missing rather than doubled: the window
is the microseconds between the database's answer and a few ``send`` calls.

Several messages are staged at once, one per connection (``HOLOS_NEWSLETTER_CONNECTIONS``),
with each step sent on every connection before the answers are read: the waits for the
server overlap, and one database commit marks them all. No connection has more than one
command waiting, so the server needs no PIPELINING extension.

The connections follow Django's EMAIL_* settings (host, port, TLS or SSL, user,
password, timeout).
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.conf import settings

_LINE_ENDS = re.compile(rb"\r\n|\n|\r")
_LEADING_DOT = re.compile(rb"(?m)^\.")


class Rejected(Exception):
    """The server refused this message or recipient; ``permanent`` for a 5xx answer."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.permanent = 500 <= code < 600


def _data(message: bytes) -> bytes:
    """The message as SMTP data: CRLF line ends, leading dots doubled, ending with CRLF."""
    data = _LEADING_DOT.sub(b"..", _LINE_ENDS.sub(b"\r\n", message))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def connect() -> smtplib.SMTP:
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 20
    if settings.EMAIL_USE_SSL:
        connection: smtplib.SMTP = smtplib.SMTP_SSL(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=timeout,
                                                    context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=timeout)
        if settings.EMAIL_USE_TLS:
            connection.starttls(context=ssl.create_default_context())
    if settings.EMAIL_HOST_USER:
        connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
    connection.ehlo_or_helo_if_needed()
    # Each command goes out alone; without this, Nagle's algorithm holds a short one back until
    # the server acknowledges the last (40 ms with delayed acknowledgements).
    if connection.sock is not None:
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


@dataclass
class Letter:
    """One message to stage: ``key`` names it back to the caller."""

    key: Hashable
    sender: str
    recipient: str
    data: bytes


class Pipeline:
    """Up to ``width`` SMTP connections, opened on first use and again after one was dropped."""

    def __init__(self, width: int = 1) -> None:
        self.width = max(width, 1)
        self.connections: list[smtplib.SMTP | None] = [None] * self.width
        self.staged: dict[Hashable, int] = {}

    def _connection(self, slot: int) -> smtplib.SMTP:
        connection = self.connections[slot]
        if connection is None:
            connection = self.connections[slot] = connect()
        return connection

    def _live(self, slot: int) -> smtplib.SMTP:
        """The connection a letter was staged on; never a new one, which would not be in the middle of DATA."""
        connection = self.connections[slot]
        if connection is None:
            raise OSError("the connection was dropped")
        return connection

    def _drop(self, slot: int) -> None:
        connection, self.connections[slot] = self.connections[slot], None
        if connection is not None:
            try:
                connection.close()
            except OSError:
                pass

    def stage(self, letters: Sequence[Letter]) -> tuple[list[Hashable], dict[Hashable, Exception]]:
        """Send each letter up to its final dot, one per connection; (staged keys, {key: why not})."""
        assert len(letters) <= self.width and not self.staged
        failed: dict[Hashable, Exception] = {}
        live: dict[int, Letter] = {}
        for slot, letter in enumerate(letters):
            try:
                self._connection(slot).putcmd("mail", f"FROM:{smtplib.quoteaddr(letter.sender)}")
                live[slot] = letter
            except (smtplib.SMTPException, OSError) as error:
                failed[letter.key] = error
                self._drop(slot)
        # The answer each step waits for before it sends its own command: MAIL's, RCPT's, DATA's.
        awaited = {"rcpt": (250,), "data": (250, 251), "body": (354,)}
        for step in ("rcpt", "data", "body"):
            for slot, letter in list(live.items()):
                connection = self._live(slot)
                try:
                    code, reply = connection.getreply()
                    if code not in awaited[step]:
                        raise Rejected(code, reply.decode("utf-8", "replace"))
                    if step == "rcpt":
                        connection.putcmd("rcpt", f"TO:{smtplib.quoteaddr(letter.recipient)}")
                    elif step == "data":
                        connection.putcmd("data")
                    else:
                        connection.send(_data(letter.data))
                except Rejected as error:
                    failed[letter.key] = error
                    del live[slot]
                    self._reset(slot)
                except (smtplib.SMTPException, OSError) as error:
                    failed[letter.key] = error
                    del live[slot]
                    self._drop(slot)
        self.staged = {letter.key: slot for slot, letter in live.items()}
        return list(self.staged), failed

    def commit(self, keys: Sequence[Hashable]) -> dict[Hashable, tuple[int, str] | Exception]:
        """Write the dot of each staged letter in ``keys`` and read the answers; the others are abandoned."""
        chosen = {key: self.staged[key] for key in keys if key in self.staged}
        for key, slot in self.staged.items():
            if key not in chosen:
                self._drop(slot)  # no dot: the server discards the message
        self.staged = {}
        answers: dict[Hashable, tuple[int, str] | Exception] = {}
        for key, slot in chosen.items():
            try:
                self._live(slot).send(b".\r\n")
            except (smtplib.SMTPException, OSError) as error:
                answers[key] = error
                self._drop(slot)
        for key, slot in chosen.items():
            if key in answers:
                continue
            try:
                code, reply = self._live(slot).getreply()
                answers[key] = (code, reply.decode("utf-8", "replace"))
            except (smtplib.SMTPException, OSError) as error:
                answers[key] = error
                self._drop(slot)
        return answers

    def _reset(self, slot: int) -> None:
        connection = self.connections[slot]
        try:
            if connection is not None:
                connection.rset()
        except (smtplib.SMTPException, OSError):
            self._drop(slot)

    def close(self) -> None:
        for slot, connection in enumerate(self.connections):
            if connection is None:
                continue
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connections[slot] = None
        self.staged = {}
