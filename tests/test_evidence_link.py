"""Linking statements to numbers (check, suggest), the timeline, and scoring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.evidence.link import check, judge, load_for_check, suggest
from accord.evidence.score import prf, read_gold, score
from accord.evidence.store import Document, Statement, Store
from accord.evidence.timeline import timeline
from accord.scenario.paths import parameter_paths
from evidence_helpers import ALASKA, alaska, extracted_db


def _statement(actor: str, act: str, issue: str | None, polarity: int = 1,
               option: str | None = None, date: dt.date | None = None, start: int = 0,
               document: int = 1) -> Statement:
    return Statement(document, start, start + 1, "x", actor, act, issue, option, polarity,
                     "asserted", date=date)


def test_check_without_database_lists_numbers_and_checks_quotes() -> None:
    result = check(alaska(), ALASKA.parent)
    assert not result.with_database
    assert len(result.numbers) == len(parameter_paths(alaska()))
    assert result.misquotes == ()
    missing = {n.parameter for n in result.without_evidence}
    assert "us.reservation" in missing          # an assumption, not a quote
    assert "ru.weights.nato" not in missing     # quoted in the scenario


def test_check_finds_a_misquote(tmp_path: Path) -> None:
    text = ALASKA.read_text(encoding="utf-8").replace(
        "path: ../../../shared/corpus/", f"path: {ALASKA.parents[3] / 'shared' / 'corpus'}/")
    text = text.replace("Moscou réclame que l'Ukraine lui cède quatre régions",
                        "Moscou exige que l'Ukraine lui cède quatre régions")
    copy = tmp_path / "scenario.yaml"
    copy.write_text(text, encoding="utf-8")
    if not (ALASKA.parents[3] / "shared" / "corpus").is_dir():
        pytest.skip("the shared corpus is not present")
    scenario, misquotes = load_for_check(copy)
    result = check(scenario, tmp_path, None, misquotes)
    assert [p.path[:4] for p in result.misquotes] == [("preferences", "ru", "evidence", 0)]
    assert result.misquotes[0].line is not None


def test_check_with_database_links_statements() -> None:
    with Store(extracted_db()) as store:
        statements = store.statements(alaska().id)
    result = check(alaska(), ALASKA.parent, statements)
    by = {n.parameter: n for n in result.numbers}
    assert by["ru.weights.nato"].count("supports") >= 1
    assert by["ua.weights.ceasefire"].count("supports") >= 1
    assert len(result.without_evidence) < len(check(alaska(), ALASKA.parent).without_evidence)


def test_judge_by_option_and_polarity() -> None:
    reject = _statement("ru", "reject", "nato", -1, "accession")
    assert judge("ru.values.nato.accession", 0.0, 13, reject) == "supports"
    assert judge("ru.values.nato.accession", 1.0, 13, reject) == "contradicts"
    assert judge("ru.values.nato.renounced", 1.0, 13, reject) is None
    assert judge("ru.values.nato.renounced", 1.0, 13, _statement("ru", "demand", "nato")) \
        == "related"
    assert judge("ru.weights.nato", 0.0, 0, reject) == "contradicts"
    assert judge("ua.weights.nato", 5, 5, reject) is None


def test_suggest_names_weights_and_values() -> None:
    found = suggest(alaska(), [_statement("hu", "reject", "ceasefire", -1)])
    assert [s.parameter for s in found] == ["hu.weights.ceasefire", "hu.values.ceasefire"]
    assert "no weight" in found[0].reason


def test_timeline_orders_by_date_and_marks_shifts() -> None:
    d = dt.date
    statements = [_statement("ru", "reject", "ceasefire", -1, date=d(2025, 8, 15)),
                  _statement("ru", "propose", "ceasefire", 1, date=d(2025, 8, 1)),
                  _statement("ru", "demand", "ceasefire", 1),
                  _statement("ru", "accept", "ceasefire", 1, date=d(2025, 8, 20))]
    (track,) = timeline(statements)
    assert [p.date for p in track.points] == [d(2025, 8, 1), d(2025, 8, 15), d(2025, 8, 20),
                                              None]
    assert [p.stance for p in track.points] == ["for", "against", "for", "for"]
    assert track.shifts == 2


def test_timeline_from_the_database_is_sorted() -> None:
    with Store(extracted_db()) as store:
        tracks = timeline(store.statements(actor="ua"))
    for t in tracks:
        dates = [p.date for p in t.points if p.date is not None]
        assert dates == sorted(dates)


def test_prf_by_hand() -> None:
    assert prf(0, 0, 0, 3) == (0.0, 0.0, 0.0)
    assert prf(2, 2, 2, 4) == (1.0, 0.5, 0.6667)


def test_score_on_a_tiny_gold(tmp_path: Path) -> None:
    text = "Moscou refuse la trêve. Kiev demande la trêve.\nKiev refuse."
    doc = Document(1, "h", "a.txt", "a.txt", "", "", None, "fr", "text", text, 8)
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "doc\tactor\tact\tissue\tpolarity\tmodality\tevidence\n"
        "a\tru\treject\tceasefire\t-\tasserted\tMoscou refuse\n"
        "a\tua\tdemand\tceasefire\t+\tasserted\tKiev demande\n"
        "a\tua\treject\t-\t-\tasserted\tKiev refuse\n", encoding="utf-8")
    rows = read_gold(gold)
    predicted = [_statement("ru", "reject", "ceasefire", -1, start=0),        # right
                 _statement("ua", "demand", "ceasefire", 1, start=47),       # wrong sentence
                 _statement("ua", "offer", "ceasefire", 1, start=24)]        # wrong act
    result = score(rows, predicted, [doc])
    # strict: 1 of 3 extracted is right, 1 of 3 gold found: P = R = F1 = 1/3
    assert (result.strict.precision, result.strict.recall, result.strict.f1) == \
        (0.3333, 0.3333, 0.3333)
    # relaxed (same document): the demand now matches: P = R = F1 = 2/3
    assert (result.relaxed.precision, result.relaxed.recall) == (0.6667, 0.6667)
    assert result.per_act["reject"][0].recall == 0.5
    assert result.polarity_agreement == 1.0


def test_malformed_gold_is_an_input_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text("doc\tactor\tact\tissue\tpolarity\tmodality\tevidence\n"
                    "a\tru\tdemandz\tnato\t+\tasserted\tx\n"
                    "a\tru\tdemand\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_gold(gold)
    lines = [(p.line, p.message) for p in err.value.problems]
    assert lines == [(2, "unknown act"), (3, "wrong number of columns")]
