"""Where numba caches accord's kernels when the installed sources cannot be written.

Unwritable folders are made by putting a plain file where a folder must be,
which stops even the root user (these tests may run as root, for whom
permission bits do not).
"""

from __future__ import annotations

from pathlib import Path

from accord.jit_cache import cache_folder, use_writable_cache


def _blocked(root: Path, name: str) -> Path:
    (root / name).write_text("a file, not a folder")
    return root / name / "below"


def test_numba_keeps_its_own_choice_where_the_sources_are_writable(tmp_path: Path) -> None:
    assert cache_folder(tmp_path / "pkg", {}, _blocked(tmp_path, "h"), tmp_path / "t") is None
    assert (tmp_path / "pkg" / "__pycache__").is_dir()


def test_a_cache_folder_the_user_set_is_kept(tmp_path: Path) -> None:
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "mine")}
    assert cache_folder(_blocked(tmp_path, "p"), env, tmp_path / "h", tmp_path / "t") is None


def test_read_only_sources_cache_in_the_users_cache(tmp_path: Path) -> None:
    folder = cache_folder(_blocked(tmp_path, "p"), {}, tmp_path / "home", tmp_path / "t")
    assert folder == tmp_path / "home" / "accord" / "numba"
    assert folder.is_dir()


def test_without_a_writable_home_the_temporary_folder_serves(tmp_path: Path) -> None:
    folder = cache_folder(_blocked(tmp_path, "p"), {}, _blocked(tmp_path, "h"), tmp_path / "t")
    assert folder is not None
    assert folder.parent == tmp_path / "t"
    assert folder.name.startswith("accord-numba-")


def test_nothing_writable_leaves_numba_to_report_it(tmp_path: Path) -> None:
    assert cache_folder(_blocked(tmp_path, "p"), {}, _blocked(tmp_path, "h"),
                        _blocked(tmp_path, "t")) is None


def test_a_writable_checkout_leaves_the_environment_alone() -> None:
    env: dict[str, str] = {}
    use_writable_cache(env)             # the tests run from a checkout, which is writable
    assert env == {}
