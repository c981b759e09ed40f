"""Writing files so that nothing half-written is ever left behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from accord.errors import InputError

__all__ = ["atomic_write_text", "atomic_write_texts", "unwritable"]


def unwritable(target: Path, exc: OSError, what: str = "cannot write the file",
               option: str = "-o") -> InputError:
    """The error for a file that could not be written, naming the file and the system's reason.

    Examples
    --------
    >>> err = unwritable(Path("/nowhere/x.yaml"), FileNotFoundError(2, "No such file or directory"))
    >>> print(err)
    /nowhere/x.yaml: error: cannot write the file
      expected: a file in a folder accord can write to
      found:    No such file or directory
      hint:     choose another place to write it (-o)
    """
    found = exc.strerror or str(exc)
    # a file where the path needs a folder: the system says "File exists" or "Not a directory"
    blocking = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        found = f"{blocking} is a file, not a folder"
    return InputError.single(what, file=str(target),
                             expected="a file in a folder accord can write to", found=found,
                             suggestion=f"choose another place to write it ({option})")


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise InputError.single("cannot write the file: a folder is there", file=str(target),
                                expected="a file name", found="a folder",
                                suggestion=f"name a file inside it, e.g. {target / 'name'}"
                                           f"{target.suffix or '.yaml'}")


def atomic_write_texts(texts: Mapping[Path, str]) -> None:
    """Write several files all together: every one of them, or (on failure) none.

    Each text goes to a temporary file beside its target and is flushed to
    disk; only once all of them are written are they renamed over their
    targets, so a failure while writing (a full disk, a folder that cannot be
    written) leaves every target as it was.

    Raises
    ------
    InputError
        When a target is a folder, or a file cannot be written (the system's
        reason, e.g. "Permission denied").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_texts({folder / "a.txt": "one", folder / "b.txt": "two"})
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    targets = list(texts)
    for target in targets:
        _check_target(target)
    written: list[tuple[str, Path]] = []
    try:
        for target, text in zip(targets, texts.values(), strict=True):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                           dir=target.parent)
            except OSError as exc:
                raise unwritable(target, exc) from None
            written.append((tmp, target))
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise unwritable(target, exc) from None
        for tmp, target in written:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise unwritable(target, exc) from None
    finally:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: all of it, or (on failure) nothing.

    The text goes to a temporary file in the same folder, is flushed to disk,
    and then renamed over ``path``; a crash at any point leaves either the old
    file or the new one, never a mixture.

    Raises
    ------
    InputError
        When ``path`` is a folder or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_text(target, "hello")
    >>> target.read_text()
    'hello'
    """
    atomic_write_texts({Path(path): text})
