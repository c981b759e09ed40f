"""Readable, unique ids for names that come from other tools (GENIUS, NegMAS).

Examples
--------
>>> slug("Kind of Fitness"), slug("EnglandZimbabwe"), slug("19'' LCD"), slug("0.5")
('kind-of-fitness', 'england-zimbabwe', '19-lcd', 'v0_5')
>>> unique_slugs(["Dell", "dell", "HP"])
['dell', 'dell-2', 'hp']
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["MAX_ID", "shared_prefix", "slug", "unique_slugs"]

#: Longest id accord accepts (see :mod:`accord.scenario.model`).
MAX_ID = 80

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def slug(text: str, fallback: str = "x") -> str:
    """A readable id for a GENIUS name: lower case, words joined by ``-``.

    A number becomes ``v`` followed by it (``"3"`` -> ``v3``, ``"0.5"`` ->
    ``v0_5``), so the values of integer and real issues read the same whichever
    way the file writes them. ``camelCase`` words are split. Text with no letter
    or digit becomes ``fallback``.
    """
    text = text.strip()
    if _NUMBER.fullmatch(text):
        body = text.lstrip("+").replace(".", "_").replace("E", "e")
        return ("v" + body)[:MAX_ID]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", ascii_text).lower()
    out = re.sub(r"[^a-z0-9_]+", "-", ascii_text).strip("-_")
    out = re.sub(r"-{2,}", "-", out)[:MAX_ID].strip("-_")
    return out or fallback


def unique_slugs(texts: Sequence[str], fallback: str = "x") -> list[str]:
    """:func:`slug` of each text, made unique by suffixes ``-2``, ``-3``, ... in order."""
    out: list[str] = []
    taken: set[str] = set()
    for text in texts:
        base = slug(text, fallback)
        candidate = base
        k = 2
        while candidate in taken:
            suffix = f"-{k}"
            candidate = base[: MAX_ID - len(suffix)] + suffix
            k += 1
        taken.add(candidate)
        out.append(candidate)
    return out


#: Characters that end a word in a file name.
_SEPARATORS = "_- ."


def shared_prefix(names: Sequence[str], anchor: str) -> str:
    """The words that two or more ``names`` all begin with and ``anchor`` names too, or ``""``.

    GENIUS folders name their profiles after the domain (``travel_chox.xml``,
    ``travel_fanny.xml`` beside ``travel_domain.xml``); this is the part a
    party's id can do without. The prefix ends at a separator, leaves every
    name something of its own (not a bare number), and is the anchor's own
    first words (or the anchor followed by a separator), so that names that
    merely look alike (``plane_buyer``, ``plane_seller`` beside
    ``planes_domain``) keep theirs.

    Examples
    --------
    >>> shared_prefix(["travel_chox", "travel_fanny"], "travel_domain")
    'travel_'
    >>> shared_prefix(["University_util1", "University_util2"], "University")
    'University_'
    >>> shared_prefix(["plane_buyer", "plane_seller"], "planes_domain")
    ''
    >>> shared_prefix(["England", "Zimbabwe"], "EnglandZimbabwe_domain")
    ''
    >>> shared_prefix(["movie-1", "movie-2"], "movie")      # not parties "v1" and "v2"
    ''
    """
    if len(names) < 2:
        return ""
    common = os.path.commonprefix(list(names))  # noqa: RUF071 - characters, not paths
    cut = max(common.rfind(c) for c in _SEPARATORS)
    if cut < 0:
        return ""
    prefix = common[: cut + 1]
    if not (anchor.startswith(prefix) or anchor == prefix[:-1]):
        return ""
    rests = [name[len(prefix):].strip(_SEPARATORS) for name in names]
    if any(not rest or _NUMBER.fullmatch(rest) for rest in rests):
        return ""   # a bare number would read as a value (``v1``), not a name
    return prefix
