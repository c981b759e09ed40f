"""Reading YAML and JSON with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import InputError
from accord.scenario.document import dump_yaml, parse_file, parse_text


def test_scalars_follow_yaml_1_2_core() -> None:
    doc = parse_text("a: no\nb: off\nc: true\nd: 2025-08-15\ne: 1e3\nf: ~\ng: '3'\nh: 07\n")
    assert doc.data == {"a": "no", "b": "off", "c": True, "d": "2025-08-15", "e": 1000.0,
                        "f": None, "g": "3", "h": 7}


def test_positions_of_values_and_keys() -> None:
    doc = parse_text("top:\n  - id: x\n    value: 3\n")
    assert doc.position(("top", 0, "value")) == (3, 12)
    assert doc.position(("top", 0, "value"), key=True) == (3, 5)
    assert doc.position(("top", 0, "missing")) == (2, 5)   # nearest ancestor


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(InputError) as info:
        parse_text("a: 1\nb: 2\na: 3\n", "f.yaml")
    p = info.value.problems[0]
    assert (p.line, p.column) == (3, 1)
    assert "given twice" in p.message


def test_json_with_tabs_is_read_with_positions(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text('{\n\t"a": [1,\n\t\t{"b": "c"}]\n}\n')
    doc = parse_file(f)
    assert doc.data == {"a": [1, {"b": "c"}]}
    assert doc.position(("a", 1, "b")) == (3, 9)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "x.json"
    f.write_text('{"a": 1,,}')
    with pytest.raises(InputError) as info:
        parse_file(f)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (1, 9)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        parse_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="folder"):
        parse_file(tmp_path)


def test_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_bytes("\ufeffa: 1\n".encode())
    assert parse_file(f).data == {"a": 1}


def _laughs(levels: int) -> str:
    """Each level a list of ten aliases of the level before: 10**levels strings at the end."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]" for k in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_aliases_of_aliases_stop_at_the_allowance_not_in_memory() -> None:
    # nine levels would be 10**9 strings; it is refused after about 10**5 values are built
    with pytest.raises(InputError) as info:
        parse_text(_laughs(9), "laughs.yaml")
    ((problem),) = info.value.problems
    assert problem.message == "the file expands to too many values"
    assert problem.file == "laughs.yaml"
    # written: the mapping, 10 keys, a0 and its 10 strings, one list per level (its items
    # are the same node again)
    assert problem.found == "more than that, from 31 written"
    # a few aliases that expand modestly are read, each copy in its place
    doc = parse_text(_laughs(2) + "x: *a1\n", "fine.yaml")
    assert len(doc.data["a2"]) == 10
    assert doc.data["a2"][9] == [["lol"] * 10] * 10
    assert doc.data["x"] == [["lol"] * 10] * 10
    assert doc.position(("x", 3, 9)) is not None


@pytest.mark.parametrize("json_only", [False, True])
def test_hundreds_of_levels_are_refused_before_the_stack_is(json_only: bool) -> None:
    text = '{"a": ' + "[" * 20_000 + "]" * 20_000 + "}"
    with pytest.raises(InputError, match="the file nests too deeply"):
        parse_text(text, "deep.json" if json_only else "deep.yaml", json_only=json_only)
    assert parse_text('{"a": ' + "[" * 60 + "]" * 60 + "}", json_only=json_only).data


# printable text: PyYAML folds the line breaks of YAML 1.1 (NEL, U+2028) on its own
_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)
_SCALARS = st.one_of(
    _TEXT,
    st.sampled_from(["1e3", "2E-3", ".5", "1.", "+7", "-0", "0x10", "0o7", "1_000", "yes",
                     "no", "on", "off", "true", "False", "null", "~", "", ".inf", "-.Inf",
                     ".nan", "2025-08-15", "12:30", "a: b", "- x", "#c", "'q'"]),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.none())


@given(st.dictionaries(_TEXT, st.one_of(
    _SCALARS, st.lists(_SCALARS, max_size=4)), max_size=5))
def test_whatever_accord_writes_it_reads_back(data: dict[str, object]) -> None:
    assert parse_text(dump_yaml(data), "x.yaml").data == data
