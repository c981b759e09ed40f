"""What an error message echoes of a request: never more than a line of it.

A request can hold anything (a 100 KB scenario id, a long field name); a
message that quoted it whole would be as large, and unreadable.
"""

from __future__ import annotations

__all__ = ["ECHO_LIMIT", "clip", "echo"]

#: The most characters of a request value a message repeats.
ECHO_LIMIT = 80


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (and "…").

    Examples
    --------
    >>> clip("abc"), clip("x" * 100, 5)
    ('abc', 'xxxxx…')
    """
    return text if len(text) <= limit else text[:limit] + "…"


def echo(text: str) -> str:
    """``text`` quoted as a message shows a value, clipped.

    Examples
    --------
    >>> echo("toy"), echo("y" * 100)[-4:]
    ("'toy'", "yy…'")
    """
    return repr(clip(text))
