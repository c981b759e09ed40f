"""MkDocs hook: links from a page to repository files outside ``docs/``.

The guides and tutorials link to scenario files, scripts and notes of the
repository (``../../examples/alaska-2025/scenario.yaml``) so that the same
Markdown reads well on a code host. In the site:

- a link to a repository *file* that is not Markdown is served from a copy
  under ``repo/`` (``repo/examples/alaska-2025/scenario.yaml``), so it downloads;
- a link to a Markdown file or a folder becomes its path in code, "``examples/
  alaska-2025/`` in the repository";
- a link to a path that does not exist is left alone, so ``mkdocs build --strict``
  still fails on it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

__all__ = ["on_files", "on_page_markdown"]

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s#]+)(#[^)\s]*)?\)")


def _repo_target(page_src: str, href: str) -> str | None:
    """The repository path a relative link points to, when it leaves ``docs/``."""
    if "://" in href or href.startswith(("/", "mailto:")):
        return None
    joined = posixpath.normpath(posixpath.join("docs", posixpath.dirname(page_src), href))
    if joined.startswith("docs/") or joined == "docs" or joined.startswith(".."):
        return None
    return joined if (ROOT / joined).exists() else None


def on_files(files: Files, config: Any) -> Files:
    """Add a copy of every non-Markdown repository file a page links to."""
    wanted: set[str] = set()
    for file in list(files.documentation_pages()):
        try:
            text = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        for match in _LINK.finditer(text):
            target = _repo_target(file.src_uri, match.group(2))
            if target and (ROOT / target).is_file() and not target.endswith(".md"):
                wanted.add(target)
    for target in sorted(wanted):
        uri = f"repo/{target}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(ROOT / target)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Point links that leave ``docs/`` at the copies, or name the path in code."""
    src = page.file.src_uri

    def replace(match: re.Match[str]) -> str:
        text, href, anchor = match.group(1), match.group(2), match.group(3) or ""
        target = _repo_target(src, href)
        if target is None:
            return match.group(0)
        if (ROOT / target).is_file() and not target.endswith(".md"):
            link = posixpath.relpath(f"repo/{target}", posixpath.dirname(src) or ".")
            return f"[{text}]({link}{anchor})"
        shown = target + ("/" if (ROOT / target).is_dir() else "")
        if text.strip("`") == shown.rstrip("/") or text.strip("`") == shown:
            return f"`{shown}` (in the repository)"
        return f"{text} (`{shown}` in the repository)"

    return _LINK.sub(replace, markdown)
