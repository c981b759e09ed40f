"""Where numba keeps accord's compiled kernels when it cannot keep them beside the sources.

numba caches a compiled kernel in the ``__pycache__`` folder beside its
module, or else in the user's cache folder; when neither can be written (a
package installed by root and run by a user without a home, as in many
containers), every ``@njit(cache=True)`` fails as its module is imported.
:func:`use_writable_cache` runs when this module is imported, which
``accord/__init__.py`` does before anything imports numba, and, only in that
case, points ``NUMBA_CACHE_DIR`` at a folder that can be written.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> cache_folder(root / "accord", {}, root / "home-cache", root / "tmp") is None   # writable
True
>>> (root / "file").write_text("")
0
>>> cache_folder(root / "file" / "accord", {}, root / "home-cache", root / "tmp")
PosixPath('.../home-cache/accord/numba')
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, MutableMapping
from pathlib import Path

__all__ = ["cache_folder", "use_writable_cache"]


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists or can be made, and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


def cache_folder(package: Path, env: Mapping[str, str], user_cache: Path,
                 temp: Path) -> Path | None:
    """The folder numba should cache in, or None where its own choice works.

    Parameters
    ----------
    package
        The folder of accord's sources (numba's first choice is its ``__pycache__``).
    env
        The environment: a ``NUMBA_CACHE_DIR`` already set is the user's choice.
    user_cache
        The user's cache folder (``~/.cache`` on Linux).
    temp
        The system's temporary folder, the last resort.
    """
    if env.get("NUMBA_CACHE_DIR") or _writable(package / "__pycache__"):
        return None
    for folder in (user_cache / "accord" / "numba",
                   temp / f"accord-numba-{os.getuid() if hasattr(os, 'getuid') else 0}"):
        if _writable(folder):
            return folder
    return None


def _user_cache() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", tempfile.gettempdir()))
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def use_writable_cache(env: MutableMapping[str, str] = os.environ) -> None:
    """Set ``NUMBA_CACHE_DIR`` in ``env`` if numba could not cache accord's kernels otherwise."""
    try:
        user_cache = _user_cache()
    except RuntimeError:                    # no home folder at all
        user_cache = Path(tempfile.gettempdir())
    folder = cache_folder(Path(__file__).parent, env, user_cache, Path(tempfile.gettempdir()))
    if folder is not None:
        env["NUMBA_CACHE_DIR"] = str(folder)


use_writable_cache()
