"""The XML under the GENIUS reader: elements that know their line, column and path.

GENIUS files are small, so each is parsed whole, with :mod:`xml.parsers.expat`
(the parser under :mod:`xml.etree`), into :class:`Element` objects that carry
their line, column and path (``utility_space/objective/issue[3]/item[2]``), so
that every problem can say exactly where it is. A syntax error, such as a file
cut short, becomes an :class:`~accord.errors.InputError` with the line and
column expat reports.

Examples
--------
>>> root = parse_xml_text('<a>\\n  <b x="1"/>\\n  <b x="2"/>\\n</a>', "t.xml")
>>> [(b.path, b.line, b.get("x")) for b in root.all("b")]
[('a/b[1]', 2, '1'), ('a/b[2]', 3, '2')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from accord.errors import InputError, Problem

__all__ = [
    "Element",
    "element_problem",
    "java_number",
    "number_attribute",
    "number_text",
    "parse_xml",
    "parse_xml_text",
]

@dataclass(eq=False)
class Element:
    """One XML element with its attributes, children and position in its file."""

    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    file: str
    children: list[Element] = field(default_factory=list)
    path: str = ""

    def get(self, name: str) -> str | None:
        """An attribute's value, or ``None``."""
        return self.attrib.get(name)

    def all(self, tag: str) -> list[Element]:
        """The children with this tag, in document order."""
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> Element | None:
        """The first child with this tag, or ``None``."""
        return next((c for c in self.children if c.tag == tag), None)

    def walk(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def problem(self, message: str, expected: str = "", found: str = "",
                suggestion: str = "", severity: str = "error") -> Problem:
        """A problem located at this element (see :func:`element_problem`)."""
        return element_problem(self, message, expected, found, suggestion, severity)


def element_problem(element: Element, message: str, expected: str = "", found: str = "",
                    suggestion: str = "", severity: str = "error") -> Problem:
    """A :class:`~accord.errors.Problem` at ``element``: its file, line, column and path."""
    return Problem(message, path=(element.path,), expected=expected, found=found,
                   suggestion=suggestion, file=element.file, line=element.line,
                   column=element.column,
                   severity="warning" if severity == "warning" else "error")


#: Deepest nesting of elements read (the 2014 nonlinear profiles reach six levels).
MAX_XML_DEPTH = 100


def _set_paths(element: Element, prefix: str) -> None:
    element.path = prefix
    counts: dict[str, int] = {}
    for child in element.children:
        counts[child.tag] = counts.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    for child in element.children:
        seen[child.tag] = seen.get(child.tag, 0) + 1
        step = f"{child.tag}[{seen[child.tag]}]" if counts[child.tag] > 1 else child.tag
        _set_paths(child, f"{prefix}/{step}")


def parse_xml_text(data: str | bytes, file: str) -> Element:
    """Parse a whole XML document into :class:`Element` objects.

    Raises
    ------
    InputError
        For a document that is not well-formed XML (a truncated file, a tag left
        open), located at the line and column where the parser stopped.
    """
    parser = expat.ParserCreate()
    stack: list[Element] = []
    roots: list[Element] = []

    def start(tag: str, attrib: dict[str, str]) -> None:
        if len(stack) >= MAX_XML_DEPTH:
            raise InputError.single("the XML nests too deeply", file=file,
                                    line=parser.CurrentLineNumber,
                                    column=parser.CurrentColumnNumber + 1,
                                    expected=f"at most {MAX_XML_DEPTH} levels of elements "
                                             "(GENIUS files hold a handful)",
                                    found=f"<{tag}> at level {len(stack) + 1}")
        element = Element(tag, dict(attrib), parser.CurrentLineNumber,
                          parser.CurrentColumnNumber + 1, file)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.errors.messages.get(exc.code, str(exc))
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        at_end = exc.lineno >= text.rstrip().count("\n") + 1
        if "amplification" in reason:
            hint = ("its DTD defines entities that expand past the parser's limit (GENIUS "
                    "files define none)")
        elif reason in ("no element found", "unclosed token") or (stack and at_end):
            hint = "the file ends before its elements are closed: it looks truncated"
        else:
            hint = "fix the XML at this place"
        raise InputError.single(f"malformed XML: {reason}", file=file, line=exc.lineno,
                                column=exc.offset + 1, expected="a well-formed XML document",
                                found=reason, suggestion=hint) from None
    root = roots[0]
    _set_paths(root, root.tag)
    return root


def parse_xml(path: Path) -> Element:
    """Parse an XML file (see :func:`parse_xml_text`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError.single("cannot read the file", file=str(path),
                                expected="a readable XML file",
                                found=exc.strerror or str(exc)) from None
    return parse_xml_text(data, str(path))


_JAVA_DOUBLE = re.compile(r"[+-]?(NaN|Infinity|((?P<dec>([0-9]+\.?[0-9]*|\.[0-9]+)"
                          r"([eE][+-]?[0-9]+)?)|(?P<hex>0[xX]([0-9a-fA-F]+\.?|[0-9a-fA-F]*"
                          r"\.[0-9a-fA-F]+)[pP][+-]?[0-9]+))[fFdD]?)")
_JAVA_INT = re.compile(r"[+-]?[0-9]+")


def java_number(text: str, integer: bool = False) -> float:
    """A number as GENIUS reads it: Java's ``Integer.valueOf`` or ``Double.valueOf``.

    Java takes ``3d``, ``0.5f`` and hexadecimal ``0x1p-2``, and not Python's
    ``1_000`` or digits of other scripts. Blanks around the number are allowed
    (``Double.valueOf`` trims them; accord does for integers too).

    Raises
    ------
    ValueError
        For text Java would not read as a number.

    Examples
    --------
    >>> java_number("3d"), java_number(" 0x1p-2 "), java_number("-7", integer=True)
    (3.0, 0.25, -7.0)
    >>> java_number("1_000")
    Traceback (most recent call last):
    ValueError: not a Java number: '1_000'
    """
    text = text.strip()
    if integer:
        if not _JAVA_INT.fullmatch(text):
            raise ValueError(f"not a Java integer: {text!r}")
        return float(int(text))
    match = _JAVA_DOUBLE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a Java number: {text!r}")
    sign = -1.0 if text.startswith("-") else 1.0
    if match.group("hex") is not None:
        return sign * float.fromhex(match.group("hex"))
    if match.group("dec") is not None:
        return sign * float(match.group("dec"))
    return sign * (math.inf if "Infinity" in text else math.nan)


def number_attribute(element: Element, name: str, problems: list[Problem],
                     fallback: str | None = None, integer: bool = False) -> float | None:
    """A numeric attribute (or ``fallback``, when absent), or ``None`` with a problem added."""
    text = element.get(name)
    used = name
    if text is None and fallback is not None:
        text, used = element.get(fallback), fallback
    if text is None:
        wanted = f"'{name}'" + (f" (or '{fallback}')" if fallback else "")
        problems.append(element.problem(f"missing attribute {wanted}",
                                        expected=f"{element.tag} with {wanted}",
                                        found="no such attribute"))
        return None
    try:
        value = java_number(text, integer)
    except ValueError:
        problems.append(element.problem(
            f"attribute '{used}' is not {'an integer' if integer else 'a number'}",
            expected="an integer" if integer else "a number", found=repr(text)))
        return None
    if not math.isfinite(value):
        problems.append(element.problem(f"attribute '{used}' is not finite",
                                        expected="a finite number", found=repr(text)))
        return None
    return float(value)


def number_text(value: float) -> str:
    """A number as GENIUS files write it: an integer without ``.0``, else the shortest repr.

    Examples
    --------
    >>> number_text(3.0), number_text(0.25), number_text(-2.0)
    ('3', '0.25', '-2')
    """
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
