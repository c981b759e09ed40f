"""What the gallery scripts share: where the data is, and how a figure is written.

``save(fig, path)`` writes by the file's extension: ``.png``, ``.svg`` or ``.pdf``
with Kaleido (which drives the Chrome or Chromium installed on the machine),
``.html`` as a fragment that expects Plotly's JavaScript on the page (nothing is
fetched), ``.json`` as Plotly's figure JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["ROOT", "SHARED", "output", "save"]

ROOT = Path(__file__).resolve().parents[2]
"""The repository (examples/gallery/ is two levels down)."""
SHARED = ROOT.parent / "shared"
"""The shared data folder beside the repository (articles, DEU III, GENIUS domains)."""


def output(default: str) -> Path:
    """The output path: the script's first argument, or ``default``."""
    return Path(sys.argv[1] if len(sys.argv) > 1 else default)


def save(fig: Any, path: Path) -> None:
    """Write ``fig`` to ``path`` (format by extension) and say where."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        fig.write_json(str(path))
    elif suffix == ".html":
        fig.write_html(str(path), include_plotlyjs=False, full_html=False)
    else:
        fig.write_image(str(path))
    print(f"wrote {path}")
