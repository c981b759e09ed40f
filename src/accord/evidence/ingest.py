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

A document is identified by the SHA-256 of its text, decoded and normalised (no
byte-order mark, ``\\n`` line endings): a file re-saved with Windows line endings
is the same document. An HTML page is decoded by its byte-order mark, else the
charset it declares (``<meta charset>``), else UTF-8; bytes that are not valid in
that encoding are an error at their line and column, never garbled text.

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

import codecs
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
    "Scan",
    "Source",
    "content_hash",
    "declared_charset",
    "decode",
    "detect_language",
    "find_files",
    "load_source",
    "main_text",
    "parse_source",
    "read_article",
    "scan",
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
    r"more on this|more from|recommended|hashtags|"
    r"comment pouvez-vous nous aider|partager cet article|share this (?:article|story)|"
    r"(?:à|a) propos de l'auteur|(?:à|a) propos de \w+ \d+ articles|about the author|"
    r"newsletter|abonnez-vous|subscribe|essayez nos fonctionnalités|"
    r"sign up for|support our journalism)\b", re.IGNORECASE)
# a comment section's heading: a line by itself ("Commentaires", "12 comments", "Réagissez"),
# not a subheading that starts with the word ("Comment Moscou compte imposer ...")
_COMMENTS = re.compile(
    r"^\s*(?:\d+\s+)?(?:commentaires?|comments?|réagissez|leave a (?:comment|reply)|"
    r"laisser un commentaire|ajouter un commentaire)\s*(?:\(\d+\)|\d+)?\s*:?\s*$",
    re.IGNORECASE)
# lines that are never article text
_DROP = re.compile(
    r"^\s*!\[|^\s*(?:dernière mise à jour|mis à jour le|publié le|updated|published)\b|"
    r"\b(?:photo|crédit photo|credit|image)\s*:\s*[^.]{0,80}$|getty images\s*$",
    re.IGNORECASE)
_BYLINE = re.compile(r"\b(?:journaliste|reporter|correspondant|correspondent|rédaction)\b",
                     re.IGNORECASE)
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
# a charset declared in the first bytes of an HTML page: <meta charset=...> or http-equiv
_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                      re.IGNORECASE)
_CHARSET_TEXT = re.compile(r"""(<meta\b[^>]*?charset\s*=\s*["']?\s*)[A-Za-z0-9_.:-]+""",
                           re.IGNORECASE)
# what browsers read for these labels (the WHATWG encoding standard)
_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii",
                           "us-ascii", "iso_8859-1", "cp819", "windows-1252"})
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
        if ((_TAIL.search(line) or _COMMENTS.match(line)) and seen > 0.3 * total
                and len(line.split()) <= 12):
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


def _undecodable(raw: bytes, file: Path, exc: UnicodeDecodeError, encoding: str,
                 declared: str | None) -> InputError:
    """The located error of a file whose bytes are not valid in ``encoding``."""
    line = raw.count(b"\n", 0, exc.start) + 1
    column = exc.start - raw.rfind(b"\n", 0, exc.start)
    name = "UTF-8" if encoding == "utf-8" else encoding
    return InputError.single(
        f"the file is not {name} text", file=str(file), line=line, column=column,
        expected=name + (f" (declared by the page: {declared!r})" if declared else ""),
        found=f"byte {exc.start}: {raw[exc.start:exc.start + 1]!r}",
        suggestion="convert it with iconv -t UTF-8"
                   + (" (and fix its meta charset)" if declared else ""))


def declared_charset(raw: bytes) -> str | None:
    """The character set an HTML page declares in its first 4 KB (``<meta charset>`` or
    ``http-equiv``), lower-cased; ``None`` when it declares none.

    Examples
    --------
    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"><title>')
    'iso-8859-1'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    'utf-8'
    >>> declared_charset(b"<p>no declaration</p>") is None
    True
    """
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode(raw: bytes, file: Path, kind: str) -> str:
    """The text of a file's bytes: a byte-order mark first, then (HTML) the declared
    character set, else strict UTF-8.

    A page that declares a legacy charset (``iso-8859-1``) yet whose bytes are
    valid UTF-8 with non-ASCII characters is read as UTF-8: such bytes are
    practically never legacy text, and the declaration was left by a re-save.

    Raises
    ------
    InputError
        At the first byte that is not valid in that encoding (file, line, column).
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif kind == "html" and (declared := declared_charset(raw)) is not None:
        encoding = _encoding(declared, file)
        if encoding != "utf-8":
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "cp1252":       # a byte cp1252 leaves undefined: latin-1's
                    return raw.decode("latin-1")
                raise _undecodable(raw, file, exc, encoding, declared) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _undecodable(raw, file, exc, "utf-8", None) from None


def _encoding(declared: str, file: Path) -> str:
    """Python's codec for a declared charset (``cp1252`` for latin-1, as browsers do)."""
    if declared in _WINDOWS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise InputError.single("unknown character set declared by the page",
                                file=str(file), expected="a known charset, e.g. "
                                "utf-8 or iso-8859-1", found=repr(declared),
                                suggestion="fix its <meta charset>, or convert it "
                                           "with iconv -t UTF-8") from None
    return "utf-8" if name.startswith("utf-8") else name


def content_hash(text: str) -> str:
    """The SHA-256 of a document's normalised text: no byte-order mark, ``\\n`` line
    endings, no spaces at line ends, no blank lines at either end. A file re-saved
    by an editor (other line endings, a final newline added or dropped) is the
    same document.

    Examples
    --------
    >>> content_hash("a \\r\\nb\\r") == content_hash("\\ufeffa\\nb") == content_hash("a\\nb\\n")
    True
    >>> content_hash("a\\nb") == content_hash("a\\nc")
    False
    """
    lines = [line.rstrip() for line in normalise_newlines(text).split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def normalise_newlines(text: str) -> str:
    """``text`` without a byte-order mark, with every line ending as ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Source:
    """A file's text, decoded and normalised, before any cleaning.

    ``raw_hash`` is the SHA-256 of the file's bytes: how databases made before
    accord hashed normalised text knew the document.
    """

    path: Path
    kind: str
    text: str
    raw_hash: str = ""

    @property
    def hash(self) -> str:
        """The document's identity (:func:`content_hash`)."""
        return content_hash(self.text)


def load_source(path: str | Path) -> Source:
    """Read and decode one text or HTML file (see :func:`decode`).

    Raises
    ------
    InputError
        When the file cannot be read, holds NUL bytes, or is not valid text in
        its encoding.
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
    return Source(file, kind, normalise_newlines(decode(raw, file, kind)),
                  hashlib.sha256(raw).hexdigest())


def _read_html(text: str, path: Path) -> tuple[str, str, str, dt.date | None, str]:
    import trafilatura

    # the text is decoded already: the parser must not decode it again by its meta charset
    utf8 = _CHARSET_TEXT.sub(r"\g<1>utf-8", text, count=1).encode("utf-8")
    doc: Any = trafilatura.bare_extraction(utf8, with_metadata=True, include_comments=False,
                                           include_tables=False)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError.single("no article text found in the HTML file", file=str(path),
                                expected="a page with an article", found="no main text")
    return (doc.text or "", doc.title or "", doc.sitename or "", _parse_date(doc.date),
            doc.language or "")


def _date_header(text: str, file: Path) -> tuple[dt.date | None, str]:
    """The date of a leading ``date YYYY-MM-DD`` line and the text after it.

    Raises
    ------
    InputError
        When the header names no real day (``2025-02-30``), located at the date.
    """
    header = _DATE_HEADER.match(text)
    if not header:
        return None, text
    day = _parse_date(header.group(1))
    if day is None:
        at = header.start(1)
        raise InputError.single("not a real date in the date header", file=str(file),
                                line=text.count("\n", 0, at) + 1,
                                column=at - text.rfind("\n", 0, at),
                                expected="a day that exists, as YYYY-MM-DD",
                                found=repr(header.group(1)),
                                suggestion="fix the date, or give it with --date")
    return day, text[header.end():]


def read_article(path: str | Path, *, lang: str | None = None, outlet: str | None = None,
                 date: dt.date | None = None, title: str | None = None) -> Article:
    """Read one text or HTML file into an :class:`Article`.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` (plain text, UTF-8) or ``.html``/``.htm`` file (its
        byte-order mark, else its declared charset, else UTF-8).
    lang, outlet, date, title
        Override what is read or detected.

    Raises
    ------
    InputError
        When the file cannot be read, is not valid text in its encoding (or
        holds NUL bytes), has a date header that is not a real date, or holds
        no text.
    """
    return parse_source(load_source(path), lang=lang, outlet=outlet, date=date, title=title)


def parse_source(source: Source, *, lang: str | None = None, outlet: str | None = None,
                 date: dt.date | None = None, title: str | None = None) -> Article:
    """Clean a :class:`Source` into an :class:`Article` (see :func:`read_article`)."""
    file = source.path
    found_outlet, found_date, found_lang, found_title = "", None, "", ""
    if source.kind == "html":
        body, found_title, found_outlet, found_date, found_lang = _read_html(source.text, file)
    else:
        found_date, body = _date_header(source.text, file)
    text = main_text(normalise_newlines(body))
    if not text.strip():
        raise InputError.single("the file holds no text", file=str(file),
                                expected="an article", found="nothing after cleaning")
    language = lang or (found_lang[:2].lower() if found_lang[:2].lower() in ("fr", "en") else "")
    return Article(name=file.name, path=str(file), hash=source.hash,
                   text=text, title=title or found_title or _title(text),
                   outlet=outlet if outlet is not None else found_outlet,
                   date=date or found_date, lang=language or detect_language(text),
                   kind=source.kind)


@dataclass(frozen=True)
class Scan:
    """The article files under some paths, and the entries skipped with a reason."""

    files: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]


def _skip_reason(entry: Path) -> str | None:
    """Why a folder entry with an article's suffix cannot be read (``None``: it can)."""
    if entry.is_symlink():
        try:
            entry.resolve(strict=True)
        except RuntimeError:
            return "a symbolic link loop"
        except OSError:
            return "a broken symbolic link"
    if entry.is_dir() or entry.is_file():
        return None
    return "not a regular file" if entry.exists() else "a broken symbolic link"


def scan(paths: Iterable[str | Path]) -> Scan:
    """The article files named by ``paths`` (files, or folders searched recursively),
    and the entries of those folders that were skipped, each with the reason.

    Hidden files and files with another suffix are left out without a word;
    a symbolic link loop, a broken link or a FIFO named like an article is
    reported as skipped.

    Raises
    ------
    InputError
        When a path does not exist, or a folder holds no text or HTML file.
    """
    problems: list[Problem] = []
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[Path] = []
            for f in sorted(path.rglob("*")):
                if f.suffix.lower() not in SUFFIXES or f.name.startswith("."):
                    continue
                reason = _skip_reason(f)
                if reason is not None:
                    skipped.append((str(f), reason))
                elif f.is_file():
                    found.append(f)
            if not found:
                problems.append(Problem("no article in the folder", file=str(path),
                                        expected="files ending in " + ", ".join(SUFFIXES),
                                        found="none" + (f" ({len(skipped)} skipped)"
                                                        if skipped else "")))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            reason = _skip_reason(path) if path.is_symlink() else None
            problems.append(Problem("no such file or folder", file=str(path),
                                    expected="a text or HTML file, or a folder of them",
                                    found=reason or "nothing at that path"))
    if problems:
        raise InputError(tuple(problems))
    return Scan(tuple(dict.fromkeys(files)), tuple(skipped))


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The article files named by ``paths`` (files, or folders searched recursively).

    Raises
    ------
    InputError
        When a path does not exist, or a folder holds no text or HTML file.
    """
    return list(scan(paths).files)
