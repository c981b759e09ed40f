"""Where a documented command's files go when a test runs it: a temporary folder, not the clone.

Shared by ``test_readme.py`` (the README's commands) and ``test_docs_commands.py`` (the
guides'): both run commands as a reader types them, from the repository root.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

#: The options whose value is a file the command writes.
OUTPUT_FLAGS = ("-o", "--output", "--db")


def in_folder(args: list[str], folder: Path) -> tuple[list[str], Path | None]:
    """A command's arguments with what it writes moved into ``folder``, and its ``>`` file.

    The file after ``-o``/``--output``/``--db`` goes to ``folder``, and so does an argument
    naming a file an earlier command of the sequence wrote there (not one of the repository).
    """
    redirect = None
    if ">" in args:
        at = args.index(">")
        redirect = folder / args[at + 1]
        args = args[:at]
    return [str(folder / Path(a).name)
            if (k and args[k - 1] in OUTPUT_FLAGS)
            or (k and not (ROOT / a).exists() and (folder / Path(a).name).exists()) else a
            for k, a in enumerate(args)], redirect
