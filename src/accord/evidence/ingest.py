"""Reading articles: plain text or HTML files, one by one or a whole folder.

HTML goes through trafilatura (main text, title, site name, date); plain text is
read as it is, with a leading ``date YYYY-MM-DD`` header taken as the date and
the first short line without a full stop as the title. In both, the tail of a
page that is not the article ("Articles connexes", "Related articles",
comments, donation appeals, "about the author") is cut off, and image lines,
photo credits and datelines are dropped, so that no statement comes from them.

The language, when not given, is detected by counting French and English
function words: a few hundred words of news copy are enough to tell the two
apart, and it needs no model.

A document is identified by the SHA-256 of the file's bytes.

Examples
--------
>>> detect_language("Moscou réclame que l'Ukraine lui cède les régions et que la guerre cesse.")
'fr'
>>> detect_language("Moscow wants Ukraine to give up the regions and the war to stop.")
'en'
>>> print(main_text("Kiev refuse.\\n![](a.jpg)\\nKiev insiste.\\nArticles connexes\\nAutre chose"))
Kiev refuse.
Kiev insiste.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import InputError, Problem

__all__ = [
    "SUFFIXES",
    "Article",
    "detect_language",
    "find_files",
    "main_text",
    "read_article",
]

#: File suffixes read as plain text and as HTML.
SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html"}

_FR = frozenset([
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "que", "qui",
    "dans", "pour", "sur", "pas", "avec", "au", "aux", "ce", "cette", "son", "ses",
    "leur", "il", "elle", "ont", "sont", "été", "mais", "ou", "par", "plus", "ne", "se",
    "lui"
])
_EN = frozenset([
    "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "as", "was",
    "by", "it", "be", "are", "this", "from", "at", "an", "has", "have", "had", "not",
    "but", "or", "which", "their", "its", "will", "would", "who", "were"
])


# a line from which the rest of the page is not the article
_TAIL = re.compile(
    r"^\s*(?:articles? (?:connexes|liés|similaires)|(?:à|a) lire (?:aussi|également)|lire aussi|"
    r"sur le même (?:sujet|thème)|related (?:articles|stories|content|coverage)|read more|"
    r"more on this|more from|recommended|hashtags|commentaires?|comments?|"
    r"comment pouvez-vous nous aider|partager cet article|share this (?:article|story)|"
    r"(?:à|a) propos de l'auteur|(?:à|a) propos de \w+ \d+ articles|about the author|"
    r"newsletter|abonnez-vous|subscribe|essayez nos fonctionnalités|"
    r"sign up for|support our journalism)\b", re.IGNORECASE)
# lines that are never article text
_DROP = re.compile(
    r"^\s*!\[|^\s*(?:dernière mise à jour|mis à jour le|publié le|updated|published)\b|"
    r"\b(?:photo|crédit photo|credit|image)\s*:\s*[^.]{0,80}$|getty images\s*$",
    re.IGNORECASE)
_BYLINE = re.compile(r"\b(?:journaliste|reporter|correspondant|correspondent|rédaction)\b",
                     re.IGNORECASE)
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Article:
    """One article, read and cleaned, ready to be stored."""

    name: str
    path: str
    hash: str
    text: str
    title: str
    outlet: str
    date: dt.date | None
    lang: str
    kind: str

    @property
    def words(self) -> int:
        """The number of words of the kept text."""
        return len(self.text.split())


def detect_language(text: str) -> str:
    """'fr' or 'en', whichever language's function words are more frequent."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    return "en" if en > fr else "fr"


def main_text(text: str) -> str:
    """The article's own lines: the tail of the page and non-text lines removed."""
    lines = text.splitlines()
    total = max(len(text), 1)
    kept: list[str] = []
    seen = 0
    for line in lines:
        seen += len(line) + 1
        if _TAIL.search(line) and seen > 0.3 * total and len(line.split()) <= 12:
            break
        if _DROP.search(line):
            continue
        if _BYLINE.search(line) and len(line.split()) <= 6:
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _title(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines[:3]:
        if len(ln) <= 160 and not ln.endswith((".", "!", "?", "…")):
            return ln
    first = lines[0] if lines else ""
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = _ISO.search(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _read_html(raw: bytes, path: Path) -> tuple[str, str, str, dt.date | None, str]:
    import trafilatura

    doc: Any = trafilatura.bare_extraction(raw.decode("utf-8", errors="replace"),
                                           with_metadata=True, include_comments=False,
                                           include_tables=False)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError.single("no article text found in the HTML file", file=str(path),
                                expected="a page with an article", found="no main text")
    return (doc.text or "", doc.title or "", doc.sitename or "", _parse_date(doc.date),
            doc.language or "")


def read_article(path: str | Path, *, lang: str | None = None, outlet: str | None = None,
                 date: dt.date | None = None, title: str | None = None) -> Article:
    """Read one text or HTML file into an :class:`Article`.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` (plain text) or ``.html``/``.htm`` file, in UTF-8.
    lang, outlet, date, title
        Override what is read or detected.

    Raises
    ------
    InputError
        When the file cannot be read, is not UTF-8 (or holds NUL bytes), or holds
        no text.
    """
    file = Path(path)
    kind = SUFFIXES.get(file.suffix.lower(), "text")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError.single("cannot read the file", file=str(file), found=exc.strerror or
                                str(exc), expected="a readable text or HTML file") from None
    nul = raw.find(b"\x00")
    if nul >= 0:     # valid UTF-8, yet no article holds NUL: binary, or UTF-16
        raise InputError.single("the file is not text", file=str(file),
                                expected="UTF-8 text or HTML",
                                found=f"a NUL byte at byte {nul}",
                                suggestion="a UTF-16 file? convert it with iconv -f UTF-16 "
                                           "-t UTF-8; a PDF or word-processor file? save it "
                                           "as text first")
    found_outlet, found_date, found_lang = "", None, ""
    if kind == "html":
        body, found_title, found_outlet, found_date, found_lang = _read_html(raw, file)
    else:
        try:
            body = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.single("the file is not UTF-8 text", file=str(file),
                                    expected="UTF-8", found=f"byte {exc.start}: "
                                    f"{raw[exc.start:exc.start + 1]!r}",
                                    suggestion="convert it with iconv -t UTF-8") from None
        header = _DATE_HEADER.match(body)
        if header:
            found_date = _parse_date(header.group(1))
            body = body[header.end():]
        found_title = ""
    text = main_text(body.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError.single("the file holds no text", file=str(file),
                                expected="an article", found="nothing after cleaning")
    language = lang or (found_lang[:2].lower() if found_lang[:2].lower() in ("fr", "en") else "")
    return Article(name=file.name, path=str(file), hash=hashlib.sha256(raw).hexdigest(),
                   text=text, title=title or found_title or _title(text),
                   outlet=outlet if outlet is not None else found_outlet,
                   date=date or found_date, lang=language or detect_language(text), kind=kind)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The article files named by ``paths`` (files, or folders searched recursively).

    Raises
    ------
    InputError
        When a path does not exist, or a folder holds no text or HTML file.
    """
    problems: list[Problem] = []
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file()
                           and f.suffix.lower() in SUFFIXES and not f.name.startswith("."))
            if not found:
                problems.append(Problem("no article in the folder", file=str(path),
                                        expected="files ending in " + ", ".join(SUFFIXES),
                                        found="none"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem("no such file or folder", file=str(path),
                                    expected="a text or HTML file, or a folder of them",
                                    found="nothing at that path"))
    if problems:
        raise InputError(tuple(problems))
    return list(dict.fromkeys(files))
