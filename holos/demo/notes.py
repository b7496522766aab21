"""The lines the demo tells about itself, shared by the demo builder and each app's demo module."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """A line about the demo: an English msgid and its params, said in the reader's language when shown.

    The demo is built in Holos's default language; its notes are told in the language of
    whoever reads them (``holos demo`` in a Czech terminal speaks Czech).
    """

    template: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template
