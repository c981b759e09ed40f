"""Atomic writes: all of the files or none, and a clear error where a file cannot be written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.files import atomic_write_text, atomic_write_texts
from accord.scenario import dump_scenario
from accord.scenario.examples import TOY, toy_scenario

runner = CliRunner()


def test_several_files_are_written_together(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "b.txt"
    atomic_write_texts({a: "one", b: "two"})
    assert (a.read_text(), b.read_text()) == ("one", "two")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "b.txt", "sub"]


def test_a_failure_on_one_file_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("old")
    (tmp_path / "block").write_text("a file where a folder is needed")
    with pytest.raises(InputError) as err:
        atomic_write_texts({a: "new", tmp_path / "block" / "b.txt": "two"})
    problem = err.value.problems[0]
    assert problem.message == "cannot write the file"
    assert problem.file == str(tmp_path / "block" / "b.txt")
    assert problem.found == f"{tmp_path / 'block'} is a file, not a folder"
    assert a.read_text() == "old"                       # not replaced: the other one failed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "block"]   # no temporary left


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a folder is there") as err:
        atomic_write_text(tmp_path, "text")
    hint = err.value.problems[0].suggestion
    assert hint == f"name a file inside it, e.g. {tmp_path / 'name'}.yaml"


def test_commands_that_write_say_where_they_cannot(tmp_path: Path) -> None:
    scenario = tmp_path / "toy.yaml"
    dump_scenario(toy_scenario(), scenario)
    (tmp_path / "block").write_text("x")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    free = {k: v for k, v in TOY.items() if k != "constraints"}   # exportable to GENIUS
    exportable = tmp_path / "free.yaml"
    dump_scenario(type(toy_scenario()).model_validate(free), exportable)
    for args, where in (
            (["report", str(scenario), "-o", str(tmp_path / "block" / "r.html")], "block"),
            (["report", str(scenario), "-o", str(folder)], "a folder is there"),
            (["export", "genius", str(exportable), "-o", str(tmp_path / "block" / "out")],
             "block"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        assert where in result.stderr
    # nothing written anywhere: the export made no folder, no temporary file is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "block", "free.yaml",
                                                          "toy.yaml"]
    assert list(folder.iterdir()) == []


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "kept.yaml"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(InputError, match="it is read-only"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.yaml"]
