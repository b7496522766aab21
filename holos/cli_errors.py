"""What a ``holos`` subcommand raises to end with one line on stderr and an exit code.

Kept apart from ``holos.cli`` so that the apps' commands (``holos surveys``, ``holos posts``)
can raise it without importing the command line that imports them.
"""

EXIT_USAGE = 2


class CommandError(Exception):
    """A problem to tell the person in one line."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
