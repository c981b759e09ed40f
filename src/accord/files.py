"""Writing files so that nothing half-written is ever left behind."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from accord.errors import InputError

__all__ = ["atomic_write_text", "atomic_write_texts", "check_target", "unwritable"]


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


def _read_only(target: Path) -> bool:
    """An existing file its owner may not write (checked by its mode too: root may write all)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (not mode & stat.S_IWUSR or not os.access(target, os.W_OK))


def check_target(target: Path, suffix: str = ".yaml", option: str = "-o") -> None:
    """Refuse a target that cannot be written: a folder, or a read-only file.

    Commands call it before any work, so that a long computation does not end
    in an error; :func:`atomic_write_texts` checks again when it writes.
    ``suffix`` is the file type suggested in the hint for a folder.

    Raises
    ------
    InputError
        Located at the target, with a hint.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_target(folder / "new.html", ".html")
    >>> check_target(folder, ".html")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: ...: error: cannot write the file: a folder is there
      expected: a file name
      found:    a folder
      hint:     name a file inside it, e.g. .../name.html
    """
    if target.is_dir():
        raise InputError.single("cannot write the file: a folder is there", file=str(target),
                                expected="a file name", found="a folder",
                                suggestion=f"name a file inside it, e.g. {target / 'name'}"
                                           f"{suffix}")
    if _read_only(target):
        raise InputError.single("cannot write the file: it is read-only", file=str(target),
                                expected="a file accord may replace",
                                found=f"mode {stat.filemode(target.stat().st_mode)}",
                                suggestion=f"make it writable (chmod u+w), or choose another "
                                           f"name ({option})")


def _mode_for(target: Path) -> int:
    """The permissions of the written file: an existing file's own, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_texts(texts: Mapping[Path, str], suffix: str = ".yaml") -> None:
    """Write several files all together: every one of them, or (on failure) none.

    Each text goes to a temporary file beside its target and is flushed to
    disk; only once all of them are written are they renamed over their
    targets, so a failure while writing (a full disk, a folder that cannot be
    written) leaves every target as it was. A new file gets the usual
    permissions (0666 less the umask); a file written over keeps its own.

    Raises
    ------
    InputError
        When a target is a folder or a read-only file (``suffix`` is the file
        type the hint suggests), or a file cannot be written (the system's
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
        check_target(target, suffix)
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
                os.fchmod(fd, _mode_for(target))
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


def atomic_write_text(path: str | Path, text: str, suffix: str = ".yaml") -> None:
    """Write ``text`` to ``path`` atomically: all of it, or (on failure) nothing.

    The text goes to a temporary file in the same folder, is flushed to disk,
    and then renamed over ``path``; a crash at any point leaves either the old
    file or the new one, never a mixture.

    Raises
    ------
    InputError
        When ``path`` is a folder, a read-only file, or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_text(target, "hello")
    >>> target.read_text()
    'hello'
    """
    atomic_write_texts({Path(path): text}, suffix)
