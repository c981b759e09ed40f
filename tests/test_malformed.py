"""A table of malformed scenario files, each with the exact errors it must produce.

``tests/data/malformed/expected.yaml`` lists, for every file, the line, column,
path, message and hint of each error ``accord validate`` must report, in order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app

HERE = Path(__file__).parent / "data" / "malformed"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


def test_the_table_covers_every_file_and_is_large_enough() -> None:
    files = sorted(p.name for p in HERE.iterdir() if p.suffix in (".yaml", ".json")
                   and p.name != "expected.yaml")
    assert files == sorted(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_reports_exactly_these_errors(name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = runner.invoke(app, ["validate", "--json", name])
    assert result.exit_code == 2, result.output
    errors = json.loads(result.stdout)["errors"]
    got = [{k: e[k] for k in ("line", "column", "path", "message", "suggestion")
            if e.get(k) is not None} for e in errors]
    assert got == EXPECTED[name]
    for e in errors:
        assert e["file"] == name
        assert e["expected"] or e["found"] or e["message"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_text_output_has_no_traceback(name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = runner.invoke(app, ["validate", name])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    first = EXPECTED[name][0]
    head = f"{name}:{first['line']}:{first['column']}: error: {first['message']}"
    assert result.stderr.startswith(head)
