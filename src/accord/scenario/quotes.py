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
from accord.scenario.model import Proposal, Scenario

__all__ = ["check_proposal_quotes", "check_quotes", "normalise_text", "quote_in_text"]

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


def _source_texts(scenario: Scenario, base_dir: str | Path
                  ) -> tuple[dict[str, str | None], list[Problem]]:
    """The local text of each source that gives a ``path`` (``None`` when unreadable)."""
    texts: dict[str, str | None] = {}
    warnings: list[Problem] = []
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
    return texts, warnings


def _misquote(source: str, quote: str, path: tuple[str | int, ...]) -> Problem:
    return Problem("the quote does not appear in its source", path=path,
                   expected=f"text found verbatim in {source!r}", found=repr(quote[:80]),
                   suggestion="copy the sentence exactly; mark omissions with '...'")


def check_quotes(scenario: Scenario, base_dir: str | Path) -> tuple[list[Problem], list[Problem]]:
    """Check every quote against its source's local text, when there is one.

    Returns
    -------
    errors, warnings
        A quote missing from its source's text is an error; a source whose
        ``path`` cannot be read is a warning (its quotes are not checked).
    """
    texts, warnings = _source_texts(scenario, base_dir)
    errors = [_misquote(ev.source, ev.quote, ("preferences", actor_id, "evidence", k, "quote"))
              for actor_id, prefs in scenario.preferences.items()
              for k, ev in enumerate(prefs.evidence)
              if (text := texts.get(ev.source)) is not None and not quote_in_text(ev.quote, text)]
    return errors, warnings


def check_proposal_quotes(proposal: Proposal, scenario: Scenario,
                          base_dir: str | Path) -> list[Problem]:
    """Errors for the proposal's quotes that do not appear in their sources' texts.

    ``base_dir`` is the folder of the scenario file (source paths are relative to it).
    """
    texts, _ = _source_texts(scenario, base_dir)
    return [_misquote(ev.source, ev.quote, ("evidence", k, "quote"))
            for k, ev in enumerate(proposal.evidence)
            if (text := texts.get(ev.source)) is not None and not quote_in_text(ev.quote, text)]
