"""Handing a message to the mail server in two steps, so that a crash never sends it twice.

An SMTP server takes responsibility for a message only when it reads the line with a
single dot that ends the message's data; a connection that drops before that line leaves
nothing delivered. ``Outbox.stage`` sends everything up to that line; the caller then
writes down in the database that the message is sent, and only then ``Outbox.commit``
writes the dot. A worker killed before the write to the database has delivered nothing
(the row is still claimed, not sent, and another worker sends it again); killed after
it, the dot may not have left, and the message is missing rather than doubled: the
window is the few microseconds between the database's answer and one ``send`` call.

The connection follows Django's EMAIL_* settings (host, port, TLS or SSL, user,
password, timeout).
"""

from __future__ import annotations

import re
import smtplib
import ssl

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


class Outbox:
    """One SMTP connection, opened on first use and again after it was dropped."""

    def __init__(self) -> None:
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.connection is not None:
            return self.connection
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
        self.connection = connection
        return connection

    def stage(self, sender: str, recipient: str, message: bytes) -> None:
        """Everything but the final dot: envelope, DATA and the message. Raises Rejected or OSError."""
        connection = self._connect()
        code, reply = connection.mail(sender)
        if code != 250:
            self._reset(connection)
            raise Rejected(code, reply.decode("utf-8", "replace"))
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            self._reset(connection)
            raise Rejected(code, reply.decode("utf-8", "replace"))
        connection.putcmd("data")
        code, reply = connection.getreply()
        if code != 354:
            self._reset(connection)
            raise Rejected(code, reply.decode("utf-8", "replace"))
        connection.send(_data(message))

    def commit(self) -> tuple[int, str]:
        """Write the dot that hands the staged message over; the server's answer."""
        assert self.connection is not None
        self.connection.send(b".\r\n")
        code, reply = self.connection.getreply()
        return code, reply.decode("utf-8", "replace")

    def abandon(self) -> None:
        """Drop the connection without the dot: the server discards the staged message."""
        if self.connection is None:
            return
        try:
            self.connection.close()
        finally:
            self.connection = None

    def _reset(self, connection: smtplib.SMTP) -> None:
        try:
            connection.rset()
        except (smtplib.SMTPException, OSError):
            self.abandon()

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            self.connection = None
