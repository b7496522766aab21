"""The newsletter's message: rendered once per language, made personal per subscriber.

Every message has a plain-text part beside its HTML part, a link to the subscriber's
preferences and to unsubscribe at its foot, and the headers of RFC 2369 and RFC 8058
(``List-Unsubscribe`` with an https address, ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``) so that mail programs offer one-click unsubscribing. No
tracking: no pixel, no per-person link other than those two; images are the post's own,
at one address for everyone. The relay that sends it on should sign it with DKIM
covering these headers (RFC 8058 asks for that).

The MIME structure is written here rather than with ``email.message`` because a
newsletter builds it a hundred thousand times; only the two personal links differ.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from holos.core.posts import to_html, to_text

PREFERENCES = "holos-preferences-" + secrets.token_hex(8)
UNSUBSCRIBE = "holos-unsubscribe-" + secrets.token_hex(8)
TOKEN = "holos-token-" + secrets.token_hex(8)


@dataclass
class Letter:
    """One language version of a post as mail, with placeholders for the personal links."""

    post_id: int
    language: str
    sender: str
    head: str
    text: str
    html: str
    domain: str
    # The subscriber's two links, with TOKEN where their token goes.
    preferences: str
    unsubscribe: str


def _encoded(value: str) -> str:
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8").encode(linesep="\r\n")


def sender_address() -> str:
    return parseaddr(getattr(settings, "HOLOS_NEWSLETTER_FROM", "") or settings.DEFAULT_FROM_EMAIL)[1]


def prepare(post, language: str, *, config: dict, link: str, pictures: list, files: list) -> Letter:
    """Render the post in ``language`` for the newsletter, once for every subscriber reading that language."""
    organization = post.organization
    lang, title, body = post.version(language)
    with translation.override(lang):
        context = {
            "organization": organization, "title": title, "body_html": to_html(body), "body_text": to_text(body),
            "pictures": pictures, "files": files, "link": link, "language": lang,
            "preferences_url": PREFERENCES, "unsubscribe_url": UNSUBSCRIBE,
        }
        html = render_to_string("publishing/email/post.html", context)
        text = render_to_string("publishing/email/post.txt", context)
    sender = sender_address()
    domain = urlsplit(settings.SITE_URL).hostname or "holos.invalid"
    name = config.get("from_name") or organization.name
    head = [
        f"From: {formataddr((name, sender), charset='utf-8')}",
        f"Subject: {_encoded(title)}",
        "MIME-Version: 1.0",
        f"Content-Language: {lang}",
        f"List-Id: {_encoded(organization.name)} <{organization.slug}.news.{domain}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Auto-Submitted: auto-generated",
        "Precedence: bulk",
    ]
    if config.get("reply_to"):
        head.append(f"Reply-To: {config['reply_to']}")
    preferences, unsubscribe = personal_links(organization.slug, TOKEN)
    return Letter(post_id=post.pk, language=lang, sender=sender, head="\r\n".join(head), text=text, html=html,
                  domain=domain, preferences=preferences, unsubscribe=unsubscribe)


def _base64(text: str) -> str:
    return base64.encodebytes(text.encode("utf-8")).decode("ascii").replace("\n", "\r\n")


def personal_links(slug: str, token: str) -> tuple[str, str]:
    """The subscriber's preferences and one-click unsubscribe addresses."""
    site = settings.SITE_URL
    return (site + reverse("subscription", args=[slug, token]), site + reverse("unsubscribe", args=[slug, token]))


def ascii_address(address: str) -> str:
    """The address as SMTP without SMTPUTF8 takes it: the domain in punycode. Raises UnicodeError otherwise."""
    local, _at, domain = address.strip().rpartition("@")
    local.encode("ascii")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def build(letter: Letter, *, to: str, token: str, subscriber_id: int) -> bytes:
    preferences, unsubscribe = letter.preferences.replace(TOKEN, token), letter.unsubscribe.replace(TOKEN, token)
    boundary = "holos-" + secrets.token_hex(12)
    text = letter.text.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)
    html = letter.html.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)
    message = (
        f"{letter.head}\r\n"
        f"To: {to}\r\n"
        f"Date: {formatdate(usegmt=True)}\r\n"
        f"Message-ID: <post-{letter.post_id}.{subscriber_id}@{letter.domain}>\r\n"
        f"List-Unsubscribe: <{unsubscribe}>\r\n"
        f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n'
        "\r\n"
        f"--{boundary}\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        f"{_base64(text)}"
        f"--{boundary}\r\n"
        'Content-Type: text/html; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        f"{_base64(html)}"
        f"--{boundary}--\r\n"
    )
    return message.encode("ascii")
