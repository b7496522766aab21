"""The text of a post: simple formatting read once, written for each channel, checked before approval.

People write posts as plain text with a little formatting, the way they would in an email:

- a blank line between paragraphs (a single line break stays a line break);
- lines that start with "- ", "* " or "• " make a bulleted list, "1. " or "1) " a numbered one;
- ``**bold**``;
- ``[words](https://address)`` for a link, and a bare ``https://`` address is a link too.

Nothing else is markup, so nothing a person types can inject HTML: every renderer escapes.
The checks are hints a person reads before approving: an image without alt text stops
approval; very long sentences, words in capitals and links named "here" are hints.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(s: str) -> str:
    """Mark a string for translation without translating it (Django's name, no Django)."""
    return s


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not, a link when ``url`` is set."""

    text: str
    bold: bool = False
    url: str = ""


Line = list[Span]


@dataclass(frozen=True)
class Block:
    """A paragraph (its lines), or a list (its items); ``kind`` is "paragraph", "bullets" or "numbers"."""

    kind: str
    lines: list[Line] = field(default_factory=list)


_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
# A link written [words](address), bold written **words**, or a bare address.
_INLINE = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<href>https?://[^\s)]+|mailto:[^\s)]+)\)"
    r"|\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?P<bare>https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?\"'»])"
)


def parse(text: str) -> list[Block]:
    """The blocks of a post's text."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        current: Block | None = None
        for line in lines:
            bullet = _BULLET.match(line)
            number = None if bullet else _NUMBER.match(line)
            found = bullet or number
            kind = "bullets" if bullet else "numbers" if number else "paragraph"
            content = found.group(1) if found else line.strip()
            if current is None or current.kind != kind:
                current = Block(kind)
                blocks.append(current)
            current.lines.append(inline(content))
    return blocks


def inline(text: str) -> Line:
    """The spans of one line: plain text, bold, links."""
    spans: Line = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position:match.start()]))
        if match.group("label"):
            spans.append(Span(match.group("label"), url=match.group("href")))
        elif match.group("bold"):
            spans.append(Span(match.group("bold"), bold=True))
        else:
            spans.append(Span(match.group("bare"), url=match.group("bare")))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return spans


# Writing the text for each channel


def _html_line(line: Line, *, bold_tag: str = "strong") -> str:
    parts = []
    for span in line:
        text = html.escape(span.text, quote=False)
        if span.bold:
            text = f"<{bold_tag}>{text}</{bold_tag}>"
        if span.url:
            text = f'<a href="{html.escape(span.url)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def to_html(text: str) -> str:
    """HTML for the news page and the email: paragraphs, lists, bold, links; everything escaped."""
    out = []
    for block in parse(text):
        if block.kind == "paragraph":
            out.append("<p>" + "<br>\n".join(_html_line(line) for line in block.lines) + "</p>")
        else:
            tag = "ul" if block.kind == "bullets" else "ol"
            items = "".join(f"<li>{_html_line(line)}</li>" for line in block.lines)
            out.append(f"<{tag}>{items}</{tag}>")
    return "\n".join(out)


def _text_line(line: Line) -> str:
    parts = []
    for span in line:
        if span.url and span.url not in (span.text, f"mailto:{span.text}"):
            parts.append(f"{span.text} ({span.url})")
        else:
            parts.append(span.text)
    return "".join(parts)


def _list_prefix(kind: str, number: int) -> str:
    return "• " if kind == "bullets" else f"{number}. "


def to_text(text: str) -> str:
    """Plain text for the email's text part, Viber and Facebook: links written out after their words."""
    out = []
    for block in parse(text):
        if block.kind == "paragraph":
            out.append("\n".join(_text_line(line) for line in block.lines))
        else:
            out.append("\n".join(_list_prefix(block.kind, n) + _text_line(line)
                                 for n, line in enumerate(block.lines, start=1)))
    return "\n\n".join(out)


def to_telegram(text: str) -> str:
    """The HTML subset Telegram's Bot API takes (``parse_mode=HTML``): bold and links, lists as lines."""
    out = []
    for block in parse(text):
        if block.kind == "paragraph":
            out.append("\n".join(_html_line(line, bold_tag="b") for line in block.lines))
        else:
            out.append("\n".join(_list_prefix(block.kind, n) + _html_line(line, bold_tag="b")
                                 for n, line in enumerate(block.lines, start=1)))
    return "\n\n".join(out)


def plain_words(text: str) -> str:
    """The text without markup, one line per paragraph or item: what is read aloud, and checked."""
    return "\n".join("".join(span.text for span in line) for block in parse(text) for line in block.lines)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of ``text`` no longer than ``limit``, cut between paragraphs, then lines, then words."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if all(len(part) <= limit for part in parts):
            current = ""
            for part in parts:
                candidate = f"{current}{separator}{part}" if current else part
                if len(candidate) <= limit:
                    current = candidate
                else:
                    pieces.append(current)
                    current = part
            pieces.append(current)
            return [piece for piece in pieces if piece.strip()]
    return [text[i:i + limit] for i in range(0, len(text), limit)]


# Checks before approval

PROBLEM = "problem"
HINT = "hint"

# A sentence this long or longer is hard to follow (plain-language guides say 20–25 words).
LONG_SENTENCE_WORDS = 30
# Link words that say nothing about where a link leads, in the languages posts are written in.
VAGUE_LINK_WORDS = frozenset({
    "тут", "ось тут", "туть", "сюди", "натисніть тут", "клікніть тут", "за посиланням", "посилання", "детальніше",
    "докладніше", "більше", "here", "click here", "this link", "link", "more", "read more", "this",
    "zde", "tady", "klikněte zde", "klikni zde", "odkaz", "více", "další",
})
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")


@dataclass(frozen=True)
class Finding:
    """Something to look at before approving: an English msgid with its params, and where."""

    code: str
    severity: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    language: str = ""

    def text(self) -> str:
        return self.message % dict(self.params) if self.params else self.message


def _capital_runs(text: str) -> list[str]:
    """Runs of three or more words written wholly in capitals (short abbreviations alone are fine)."""
    runs: list[str] = []
    current: list[str] = []
    for word in _WORD.findall(text):
        if len(word) >= 2 and word.isupper():
            current.append(word)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 3:
        runs.append(" ".join(current))
    return runs


def _vague(label: str) -> bool:
    return " ".join(re.sub(r"[^\w\s]", " ", label.casefold()).split()) in VAGUE_LINK_WORDS


def _excerpt(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def check_text(title: str, body: str, *, language: str = "") -> list[Finding]:
    """Hints about one language version of a post."""
    findings: list[Finding] = []
    for sentence in _SENTENCE_END.split(plain_words(body)):
        count = len(_WORD.findall(sentence))
        if count >= LONG_SENTENCE_WORDS:
            findings.append(Finding(
                "long-sentence", HINT,
                gettext_noop("A sentence of %(words)s words is hard to follow; consider splitting it: "
                             "“%(start)s”."),
                {"words": count, "start": _excerpt(sentence)}, language))
    for run in _capital_runs(title) + _capital_runs(plain_words(body)):
        findings.append(Finding(
            "all-caps", HINT,
            gettext_noop("Words in capitals read as shouting and are hard to read: “%(words)s”."),
            {"words": _excerpt(run)}, language))
    for block in parse(body):
        for line in block.lines:
            for span in line:
                if span.url and _vague(span.text):
                    findings.append(Finding(
                        "vague-link", HINT,
                        gettext_noop("The link “%(label)s” does not say where it leads; name the page instead."),
                        {"label": span.text}, language))
    return findings


def check_post(versions: Mapping[str, tuple[str, str]], images: Iterable[Mapping[str, str]]) -> list[Finding]:
    """Everything to look at before a post is approved.

    ``versions`` maps a language to the (title, text) written in it; ``images`` gives each
    image's alt text by language. An image without alt text in a language the post is
    written in is a problem: people who cannot see it learn nothing of it.
    """
    findings: list[Finding] = []
    written = [lang for lang, (title, body) in versions.items() if title.strip() or body.strip()]
    for number, alts in enumerate(images, start=1):
        for lang in written:
            if not (alts.get(lang) or "").strip():
                findings.append(Finding(
                    "image-no-alt", PROBLEM,
                    gettext_noop("Image %(number)s has no text for people who cannot see it."),
                    {"number": number}, lang))
    for lang in written:
        title, body = versions[lang]
        findings.extend(check_text(title, body, language=lang))
    return findings
