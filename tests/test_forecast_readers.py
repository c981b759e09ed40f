"""Every reader on the shared files; bad tables and their exact messages; scenarios."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast import read_table, table_from_scenario
from accord.forecast.data import PositionTable
from accord.scenario import load_scenario
from accord.scenario.positions import read_positions
from conftest import SHARED, needs_shared

FORECAST = SHARED / "data" / "forecast"
TALKS = Path(__file__).parent / "data" / "forecast" / "talks.yaml"


# ---------------------------------------------------------------- the shared files
@needs_shared
@pytest.mark.parametrize(("path", "kind", "actors", "issues", "positions"), [
    ("bdm/eu_car_emissions_ExampleActors.csv", "table", 10, 1, 10),
    ("bdm/uk_emu_labour_transcribed.csv", "table", 9, 1, 9),
    ("decide/sample_data.txt", "decide", 10, 6, 60),
    ("decide/cop21.csv", "decide", 15, 13, 181),
    ("decide/copenhagen.csv", "decide", 11, 7, 75),
    ("ktab/SOE-Competitive.csv", "ktab", 34, 1, 34),
    ("ktab/SOE-Pol-Comp.csv", "ktab", 13, 2, 26),
    ("ktab/SOE-Policy.csv", "ktab", 26, 1, 26),
    ("ktab/dummyData_3Dim.csv", "ktab", 7, 3, 21),
    ("deu/deu3.tsv", "deu", 30, 364, 10920 - 3711),
])
def test_every_shared_file_reads(path: str, kind: str, actors: int, issues: int,
                                 positions: int) -> None:
    assert read_positions(FORECAST / path).format == kind
    table = read_table(FORECAST / path)
    assert table.shape == (actors, issues)
    assert int(table.present.sum()) == positions
    present = table.present
    assert np.all((table.salience[present] >= 0) & (table.salience[present] <= 1))
    assert np.all(table.capability[present] >= 0)
    assert np.all((table.position[present] >= np.broadcast_to(table.lower, present.shape)[present])
                  & (table.position[present]
                     <= np.broadcast_to(table.upper, present.shape)[present]))


@needs_shared
def test_deu_columns() -> None:
    table = read_table(FORECAST / "deu" / "deu3.tsv")
    assert table.actors[:3] == ("com", "ep", "at")
    assert table.issues[0] == "d00032i1"
    assert table.groups[:5] == ("d00032",) * 4 + ("d00060",)
    assert table.capability[:, 0].tolist()[:4] == [4.1, 4.1, 0.48, 0.58]
    assert int(np.isfinite(table.outcome).sum()) == 353
    assert int(np.isfinite(table.reference).sum()) == 261
    assert table.position[0, 0] == 100.0
    assert table.salience[2, 0] == pytest.approx(0.4)
    assert (table.lower.min(), table.upper.max()) == (0.0, 100.0)
    assert "54 position(s) without a salience: salience 0 (they weigh nothing in " \
        "salience-weighted models)" in table.notes


@needs_shared
@pytest.mark.parametrize(("rule", "value"), [("zero", 0.0), ("midpoint", 0.5)])
def test_deu_missing_saliences(rule: str, value: float) -> None:
    raw = read_positions(FORECAST / "deu" / "deu3.tsv")
    missing = [(r.actor, r.issue) for r in raw.records if r.position is not None
               and r.salience is None]
    assert len(missing) == 54
    table = read_table(FORECAST / "deu" / "deu3.tsv", missing_salience=rule)  # type: ignore[arg-type]
    actor, issue = missing[0]
    assert table.salience[table.actors.index(actor), table.issues.index(issue)] == value


@needs_shared
def test_deu_missing_salience_mean_of_the_others() -> None:
    table = read_table(FORECAST / "deu" / "deu3.tsv", missing_salience="mean")
    raw = read_positions(FORECAST / "deu" / "deu3.tsv")
    actor, issue = next((r.actor, r.issue) for r in raw.records if r.position is not None
                        and r.salience is None)
    others = [r.salience for r in raw.records if r.issue == issue and r.position is not None
              and r.salience is not None]
    k = table.issues.index(issue)
    assert table.salience[table.actors.index(actor), k] == pytest.approx(np.mean(others))


@needs_shared
def test_decide_scales_and_missing_pairs() -> None:
    table = read_table(FORECAST / "decide" / "sample_data.txt")
    k = table.issues.index("tol-hoogte")
    assert (table.lower[k], table.upper[k]) == (0.5, 7.0)
    cop = read_table(FORECAST / "decide" / "cop21.csv")
    assert int((~cop.present).sum()) == 15 * 13 - 181


@needs_shared
def test_ktab_two_dimensions() -> None:
    table = read_table(FORECAST / "ktab" / "SOE-Pol-Comp.csv")
    assert table.issues == ("Policy", "Competitive")
    i = table.actors.index("LK")
    assert table.position[i].tolist() == [45.0, 65.0]
    assert table.salience[i].tolist() == pytest.approx([0.447, 0.413])
    assert table.capability[i].tolist() == [60.2, 60.2]


@needs_shared
def test_salience_scale_is_recognised() -> None:
    car = read_table(FORECAST / "bdm" / "eu_car_emissions_ExampleActors.csv")
    assert car.salience[:, 0].tolist()[:3] == [0.8, 0.4, 0.2]
    assert not car.notes
    emu = read_table(FORECAST / "bdm" / "uk_emu_labour_transcribed.csv")
    assert emu.salience[:, 0].tolist()[:3] == [0.4, 0.4, 0.6]
    assert emu.notes == ("saliences read on a 0..100 scale",)


# ---------------------------------------------------------------- bad tables
def _error(tmp_path: Path, text: str, name: str = "t.csv") -> str:
    f = tmp_path / name
    f.write_text(text)
    with pytest.raises(InputError) as info:
        read_table(f)
    return str(info.value).replace(str(tmp_path) + "/", "")


def test_missing_column(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,position,weight,power\na,1,1,1\n") == "\n".join([
        "t.csv:1: error: missing column 'salience'",
        "  expected: a column named 'salience' (or 'sal', 'importance')",
        "  found:    columns 'actor', 'position', 'weight', 'power'",
        "  hint:     a header such as: actor,issue,position,salience,capability (issue may "
        "be left out: one issue per file)"])


def test_missing_column_with_a_close_name(tmp_path: Path) -> None:
    message = _error(tmp_path, "actor,positon,salience,capability\na,1,1,1\n")
    assert message.splitlines()[0] == "t.csv:1: error: missing column 'position'"
    assert message.splitlines()[-1] == "  hint:     did you mean 'positon'?"


def test_salience_out_of_range(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,position,salience,capability\na,1,0.5,1\nb,2,1.5,1\n") == \
        "\n".join(["t.csv:3:3: error: salience out of range at salience",
                   "  expected: a salience in 0..1 like the others in this file (e.g. 0.5), "
                   "or every salience on 0..100",
                   "  found:    1.5"])
    assert _error(tmp_path, "actor,position,salience,capability\na,1,150,1\n") == "\n".join([
        "t.csv:2:3: error: salience out of range for actor 'a' at salience",
        "  expected: a salience in 0..1 (or 0..100)",
        "  found:    150"])


def test_actor_without_capability(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,issue,position,salience,capability\n"
                            "a,tax,10,0.5,1\nb,tax,20,0.5,\n") == "\n".join([
        "t.csv:3:5: error: actor 'b' has no capability at capability",
        "  expected: a number of at least 0",
        "  found:    an empty cell"])


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    message = _error(tmp_path, "actor,issue,position,salience,capability\n"
                               "a,tax,ten,0.5,1\nb,tax,20,0.5,-2\na,tax,30,0.2,1\n")
    assert [line for line in message.splitlines() if "error" in line] == [
        "t.csv:2:3: error: bad position for actor 'a' at position",
        "t.csv:3:5: error: negative capability for actor 'b' at capability",
        "t.csv:4:1: error: actor 'a' appears twice on issue 'tax' at actor"]


def test_a_row_longer_than_the_header(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,issue,position,salience,capability\n"
                            "a,tax,10,0.5,1\nSmith, Jr,tax,20,0.5,1\n") == "\n".join([
        "t.csv:3:6: error: a row of 6 cells under a header of 5",
        "  expected: at most 5 cells, as the header names",
        "  found:    '1'",
        "  hint:     a comma inside a cell? put the cell in double quotes"])
    # empty cells past the header (a trailing comma) are no data; quoted commas are one cell
    f = tmp_path / "ok.csv"
    f.write_text('actor,issue,position,salience,capability\na,tax,10,0.5,1,\n'
                 '"Smith, Jr",tax,20,0.5,1\n')
    assert read_table(f).actors == ("a", "Smith, Jr")


def test_a_position_too_large_for_the_models(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,position,salience,capability\na,1e308,1,1\nb,0,1,1\n") \
        == "\n".join(["t.csv:2:2: error: position too large for actor 'a' at position",
                      "  expected: a position within ±1e+100 (the models square distances "
                      "between positions)",
                      "  found:    1e308"])
    with pytest.raises(InputError, match="bad position for actor 'a' on issue 'x'"):
        PositionTable.from_arrays(["a", "b"], ["x"], position=[[-1e200], [1.0]],
                                  salience=[[0.5], [1.0]], capability=[1.0, 1.0])


def test_an_issue_nobody_weighs_is_noted(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("actor,issue,position,salience,capability\n"
                 "a,tax,10,0.5,0\nb,tax,20,0.5,0\na,aid,10,0.5,1\nb,aid,30,0.5,1\n")
    table = read_table(f)
    assert [n for n in table.notes if "nothing to weigh" in n] == [
        "every salience x capability is 0 on tax: the weighted models have nothing to weigh "
        "there and count every actor equally (the plain mean, or median)"]


def test_empty_and_absent_files(tmp_path: Path) -> None:
    assert _error(tmp_path, "") == "\n".join([
        "t.csv: error: empty file", "  expected: a header and rows", "  found:    no text"])
    assert _error(tmp_path, "actor,position,salience,capability\n").splitlines()[0] == \
        "t.csv:2: error: no rows"
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "nowhere.csv")


def test_decide_unknown_actor_and_issue(tmp_path: Path) -> None:
    message = _error(tmp_path, "'#A'\t'one'\t'one'\t''\n'#P'\t'tax'\t'tax'\t''\n"
                               "'#D'\t'onne'\t'tax'\t10\t0.5\t1\n'#D'\t'one'\t'taxes'\t10\t0.5\t1\n",
                     "d.csv")
    assert message.splitlines() == [
        "d.csv:3:2: error: unknown actor 'onne'", "  expected: an actor declared with #A",
        "  found:    'onne'", "  hint:     did you mean 'one'?",
        "d.csv:4:3: error: unknown issue 'taxes'", "  expected: an issue declared with #P",
        "  found:    'taxes'", "  hint:     did you mean 'tax'?"]


def test_decide_position_outside_its_scale(tmp_path: Path) -> None:
    message = _error(tmp_path, "'#A'\t'one'\t'one'\t''\n'#P'\t'tax'\t'tax'\t''\n"
                               "'#M'\t'tax'\t0\n'#M'\t'tax'\t10\n'#D'\t'one'\t'tax'\t12\t0.5\t1\n",
                     "d.csv")
    assert message.splitlines()[:3] == [
        "d.csv:5:4: error: position outside the scale of issue 'tax'",
        "  expected: a position in 0..10 (#M rows)", "  found:    12"]


def test_ktab_short_row(tmp_path: Path) -> None:
    message = _error(tmp_path, "S,desc,2,1,\nActor,Description,Influence,P,S,\n"
                               "A,one,10,50,40,\nB,two,5,\n", "k.csv")
    assert message.splitlines()[0] == "k.csv:4:4: error: short row for actor 'B'"


def test_ktab_unclosed_quote_in_the_title_row(tmp_path: Path) -> None:
    # the quote swallows the rest of the file: one row, no header (was an IndexError)
    message = _error(tmp_path, 'S,"x,1,1\nActor,Description,Influence,P Position,P Salience\n'
                               "A,a,1,50,50\n", "k.csv")
    assert message.splitlines()[:3] == [
        "k.csv:2:1: error: no header row",
        "  expected: a title row, then Actor, Description, Influence and a position and a "
        "salience column per dimension",
        "  found:    the end of the file"]
    assert "unclosed quote" in message


def test_ktab_title_row_alone(tmp_path: Path) -> None:
    f = tmp_path / "k.csv"
    f.write_text("S,desc,2,1\n")
    with pytest.raises(InputError) as info:
        read_positions(f, format="ktab")
    message = str(info.value).replace(str(tmp_path) + "/", "")
    assert message.splitlines()[0] == "k.csv:2:1: error: no header row"
    assert "unclosed quote" not in message


def test_deu_bad_value(tmp_path: Path) -> None:
    text = "\t".join(["isnr", "prnr", "pcom", "pa", "scom", "sa", "rp", "out"]) + "\n" + \
        "\t".join(["i1", "p1", "50", "150", "10", "20", "", "40"]) + "\n"
    assert _error(tmp_path, text, "deu.tsv").splitlines()[:3] == [
        "deu.tsv:2:4: error: bad value in column 'pa' of issue 'i1' at pa",
        "  expected: a number in 0..100 or an empty cell", "  found:    '150'"]


def test_deu_without_a_capability_row(tmp_path: Path) -> None:
    f = tmp_path / "deu.tsv"
    f.write_text("\t".join(["isnr", "prnr", "pcom", "pa", "scom", "sa", "rp", "out"]) + "\n"
                 + "\t".join(["i1", "p1", "50", "100", "10", "", "", "40"]) + "\n")
    table = read_table(f)
    assert table.capability[:, 0].tolist() == [1.0, 1.0]
    assert table.salience[:, 0].tolist() == [0.1, 0.0]
    assert "no capability row: every actor has capability 1" in table.notes


def test_arrays_are_checked() -> None:
    with pytest.raises(InputError, match="bad salience for actor 'b' on issue 'x'"):
        PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [1.0]],
                                  salience=[[0.5], [2.0]], capability=[1.0, 1.0])
    with pytest.raises(InputError, match="position has the wrong shape"):
        PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0]], salience=[[0.5], [1.0]],
                                  capability=[1.0, 1.0])


# ---------------------------------------------------------------- scenarios
def test_scenario_ordered_issues() -> None:
    table = table_from_scenario(load_scenario(TALKS), source=str(TALKS))
    assert table.issues == ("budget", "timing")          # venue is not ordered
    assert table.actors == ("north", "south", "east")
    # south values small and medium equally: the mean of 0 and 50
    np.testing.assert_allclose(table.position, [[100, 0], [25, 100], [50, np.nan]])
    # salience: weight / the actor's largest weight (north: 3/5 and 1/5 of 3/5)
    np.testing.assert_allclose(table.salience, [[1, 1 / 3], [0.5, 1], [1, np.nan]])
    assert table.capability[:, 0].tolist() == [2.0, 1.0, 1.0]
    assert table.reference.tolist() == [0.0, 100.0]


def test_scenario_issue_not_ordered() -> None:
    with pytest.raises(InputError) as info:
        table_from_scenario(load_scenario(TALKS), ["venue", "budgt"], source="talks.yaml")
    assert str(info.value) == "\n".join([
        "talks.yaml: error: issue 'venue' is not ordered at issues.venue.ordered",
        "  expected: an issue marked 'ordered: true' (its options listed along one scale)",
        "  found:    ordered: false",
        "  hint:     mark it 'ordered: true' in the scenario if its options are in order, or "
        "pass --assume-ordered",
        "talks.yaml: error: unknown issue 'budgt' at issues",
        "  expected: an issue id of the scenario",
        "  found:    'budgt'",
        "  hint:     did you mean 'budget'?"])
    venue = table_from_scenario(load_scenario(TALKS), ["venue"], assume_ordered=True)
    assert venue.position[:, 0].tolist() == pytest.approx([0, np.nan, 50], nan_ok=True)


# ---------------------------------------------------------------- fixed defects
DEU_HEADER = "\t".join(["isnr", "prnr", "pcom", "pa", "scom", "sa", "rp", "out"]) + "\n"


def _deu(*rows: list[str]) -> str:
    return DEU_HEADER + "".join("\t".join(r) + "\n" for r in rows)


def test_an_issue_given_twice_is_refused(tmp_path: Path) -> None:
    text = _deu(["i1", "p1", "50", "100", "10", "20", "", "40"],
                ["i1", "p1", "0", "0", "10", "20", "", "40"])
    assert _error(tmp_path, text, "deu.tsv").splitlines()[0] == \
        "deu.tsv:3:1: error: issue 'i1' appears twice (lines 2 and 3) at isnr"
    message = _error(tmp_path, "S,desc,2,2,\nActor,Description,Influence,P,S,P,S,\n"
                               "A,one,10,50,40,50,40,\nB,two,5,50,40,50,40,\n", "k.csv")
    assert message.splitlines()[0] == "k.csv:2:6: error: issue 'P' appears twice " \
        "(columns 4 and 6)"
    message = _error(tmp_path, "'#A'\t'one'\t'one'\t''\n'#P'\t'tax'\t'tax'\t''\n"
                               "'#P'\t'tax'\t'tax'\t''\n'#D'\t'one'\t'tax'\t10\t0.5\t1\n", "d.csv")
    assert message.splitlines()[0] == "d.csv:3:2: error: issue 'tax' appears twice " \
        "(lines 2 and 3)"


def test_a_table_with_a_repeated_issue_or_actor_is_refused() -> None:
    with pytest.raises(InputError, match=r"issue 'x' appears twice \(issues 1 and 2\)"):
        PositionTable.from_arrays(["a", "b"], ["x", "x"], position=[[0.0, 1.0], [1.0, 0.0]],
                                  salience=[[0.5, 1.0], [1.0, 1.0]], capability=[1.0, 1.0])
    with pytest.raises(InputError, match=r"actor 'a' appears twice \(actors 1 and 2\)"):
        PositionTable.from_arrays(["a", "a"], ["x"], position=[[0.0], [1.0]],
                                  salience=[[0.5], [1.0]], capability=[1.0, 1.0])


def test_duplicate_actors_name_their_lines(tmp_path: Path) -> None:
    message = _error(tmp_path, "S,desc,2,1,\nActor,Description,Influence,P,S,\n"
                               "A,one,10,50,40,\nA,two,5,50,40,\n", "k.csv")
    assert message.splitlines()[0] == "k.csv:4:1: error: actor 'A' appears twice " \
        "(lines 3 and 4)"
    text = "\t".join(["isnr", "prnr", "pcom", "pa", "pa", "scom", "sa", "rp", "out"]) + "\n"
    assert _error(tmp_path, text + "i1\tp1\t1\t2\t3\t4\t5\t\t\n", "deu.tsv").splitlines()[0] \
        == "deu.tsv:1:5: error: actor 'a' appears twice (columns 4 and 5)"


def test_deu_first_row_with_saliences_is_an_issue_row(tmp_path: Path) -> None:
    text = _deu(["", "", "50", "100", "10", "20", "", "40"])
    assert _error(tmp_path, text, "deu.tsv").splitlines()[0] == \
        "deu.tsv:2:1: error: a row without an issue number at isnr"
    f = tmp_path / "cap.tsv"
    f.write_text(_deu(["", "", "2", "3", "", "", "", ""], ["i1", "p1", "50", "100", "10", "20",
                                                          "", "40"]))
    assert read_table(f).capability[:, 0].tolist() == [2.0, 3.0]


def test_deu_short_and_long_rows(tmp_path: Path) -> None:
    assert _error(tmp_path, _deu(["i1", "p1", "50", "100", "10"]), "deu.tsv").splitlines()[:3] \
        == ["deu.tsv:2:6: error: a row of 5 cells under a header of 8",
            "  expected: 8 cells, as the header names (empty cells for what is unknown)",
            "  found:    5 cells"]
    assert _error(tmp_path, _deu(["i1", "p1", "50", "100", "10", "20", "", "40", "7"]),
                  "deu.tsv").splitlines()[0] == \
        "deu.tsv:2:9: error: a row of 9 cells under a header of 8"


def test_ktab_extra_cells_and_positions_out_of_range(tmp_path: Path) -> None:
    head = "S,desc,2,1,\nActor,Description,Influence,P,S,\n"
    assert _error(tmp_path, head + "A,one,10,50,40,9\nB,two,5,50,40,\n", "k.csv") \
        .splitlines()[0] == "k.csv:3:6: error: a row of 6 cells under a header of 5"
    assert _error(tmp_path, head + "A,one,10,150,40,\nB,two,5,50,40,\n", "k.csv") \
        .splitlines()[:3] == ["k.csv:3:4: error: bad position for actor 'A' on issue 'P'",
                              "  expected: a position and a salience in 0..100",
                              "  found:    '150', '40'"]


def test_files_without_issues(tmp_path: Path) -> None:
    assert _error(tmp_path, DEU_HEADER, "deu.tsv").splitlines()[:3] == [
        "deu.tsv:2: error: no issues in the file",
        "  expected: a row per issue (isnr, prnr, positions, saliences, rp, out) after "
        "the header", "  found:    the header only"]
    assert "no issues in the file" in _error(
        tmp_path, _deu(["", "", "2", "3", "", "", "", ""]), "deu.tsv")
    assert _error(tmp_path, "'#A'\t'one'\t'one'\t''\n'#P'\t'tax'\t'tax'\t''\n",
                  "d.csv").splitlines()[:3] == [
        "d.csv:3: error: no issues in the file",
        "  expected: #P issue rows and #D rows (actor, issue, position, salience, power)",
        "  found:    no #D row"]


def test_table_blank_issue_and_ambiguous_columns(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor,issue,position,salience,capability\n"
                            "a,tax,0,1,1\nc,,50,1,1\n").splitlines()[0] == \
        "t.csv:3:2: error: a row without an issue at issue"
    assert _error(tmp_path, "actor,position,salience,influence,capability\na,0,1,1,2\n") \
        .splitlines()[:3] == ["t.csv:1:5: error: ambiguous columns at capability",
                              "  expected: one column for 'capability'",
                              "  found:    'influence' (column 4) and 'capability' (column 5)"]


def test_format_recognised_by_distinctive_columns(tmp_path: Path) -> None:
    # no 'out' column, and commas in a .tsv: still read as DEU, with DEU's messages
    text = ",".join(["isnr", "prnr", "pcom", "pa", "scom", "sa", "rp"]) + "\ni1,p1,1,2,3,4,\n"
    assert _error(tmp_path, text, "deu.tsv").splitlines()[0] == \
        "deu.tsv:1: error: missing column 'out'"
    f = tmp_path / "d.csv"
    f.write_text("'#/'\t'a comment'\n'#A'\t'one'\t'one'\t''\n'#A'\t'two'\t'two'\t''\n"
                 "'#P'\t'tax'\t'tax'\t''\n'#D'\t'one'\t'tax'\t10\t0.5\t1\n"
                 "'#D'\t'two'\t'tax'\t20\t0.5\t1\n")
    assert read_positions(f).format == "decide"


def test_bad_numbers_are_located_with_a_hint(tmp_path: Path) -> None:
    assert _error(tmp_path, "actor;position;salience;capability\na;0,5;1;1\n").splitlines() \
        == ["t.csv:2:2: error: bad position for actor 'a' at position", "  expected: a number",
            "  found:    '0,5'", "  hint:     a decimal comma? write 0.5 (accord reads the "
            "point as the decimal separator)"]
    assert _error(tmp_path, "actor,position,salience,capability\na,1_0,1,1\n").splitlines()[
        :3] == ["t.csv:2:2: error: bad position for actor 'a' at position",
                "  expected: a number", "  found:    '1_0'"]
    message = _error(tmp_path, "'#A'\t'one'\t'one'\t''\n'#P'\t'tax'\t'tax'\t''\n"
                               "'#D'\t'one'\t'tax'\t1e200\t0.5\t1\n", "d.csv")
    assert message.splitlines()[0] == \
        "d.csv:3:4: error: position too large for actor 'one' on issue 'tax'"


def test_a_file_not_in_utf8(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_bytes("actor,position,salience,capability\nM\u00fcller,1,1,1\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_table(f)
    lines = str(info.value).replace(str(tmp_path) + "/", "").splitlines()
    assert lines[0] == "t.csv:2:2: error: the file is not UTF-8 text"
    assert lines[2] == "  found:    byte 0xfc"
    assert lines[3].startswith("  hint:     save it as UTF-8")
