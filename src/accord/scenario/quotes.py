"""Checking that every quote appears verbatim in the source it cites.

A source may give ``path``: a local copy of its text, relative to the scenario
file. When that file exists, each quote citing the source must appear in it.
"Verbatim" allows only what typing cannot preserve: runs of white space count
as one space, typographic and straight apostrophes and quotation marks are the
same, and an ellipsis (``...``, ``…``, ``[…]``) stands for omitted text, so
the pieces around it must appear in that order.

Examples
--------
>>> text = "Moscou réclame que l’Ukraine lui cède ... qu’elle renonce"
>>> quote_in_text("Moscou réclame ... qu'elle renonce", text)
True
>>> quote_in_text("Moscou accepte", "Moscou réclame")
False
"""

from __future__ import annotations

import re
from pathlib import Path

from accord.errors import Problem
from accord.scenario.model import Scenario

__all__ = ["check_quotes", "normalise_text", "quote_in_text"]

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.\.\.|…)\s*")
_SPACE = re.compile(r"\s+")
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "\u00a0": " ",
                            "\u202f": " ", "\u2009": " "})


def normalise_text(text: str) -> str:
    """Fold white space and typographic quotes, the only liberties a quote may take."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def quote_in_text(quote: str, text: str) -> bool:
    """Whether ``quote`` (with ``...`` for omissions) appears verbatim in ``text``."""
    haystack = normalise_text(text)
    start = 0
    for piece in _ELLIPSIS.split(quote):
        needle = normalise_text(piece)
        if not needle:
            continue
        found = haystack.find(needle, start)
        if found < 0:
            return False
        start = found + len(needle)
    return True


def check_quotes(scenario: Scenario, base_dir: str | Path) -> tuple[list[Problem], list[Problem]]:
    """Check every quote against its source's local text, when there is one.

    Returns
    -------
    errors, warnings
        A quote missing from its source's text is an error; a source whose
        ``path`` cannot be read is a warning (its quotes are not checked).
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    texts: dict[str, str | None] = {}
    for k, src in enumerate(scenario.sources):
        if not src.path:
            continue
        file = Path(base_dir) / src.path
        try:
            texts[src.id] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            texts[src.id] = None
            warnings.append(Problem(f"the text of source {src.id!r} is not available; its quotes "
                                    "are not checked", path=("sources", k, "path"),
                                    severity="warning", expected="a readable UTF-8 file",
                                    found=str(file)))
    for actor_id, prefs in scenario.preferences.items():
        for k, ev in enumerate(prefs.evidence):
            text = texts.get(ev.source)
            if text is not None and not quote_in_text(ev.quote, text):
                errors.append(Problem("the quote does not appear in its source",
                                      path=("preferences", actor_id, "evidence", k, "quote"),
                                      expected=f"text found verbatim in {ev.source!r}",
                                      found=repr(ev.quote[:80]),
                                      suggestion="copy the sentence exactly; mark omissions "
                                                 "with '...'"))
    return errors, warnings
