"""The DEU III evaluation: baselines as PROVENANCE.md measures them, honest cross-validation."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast import Compromise, Constant, PositionTable, read_table
from accord.forecast.evaluate import (
    NO_SETTER_NOTE,
    Entry,
    Evaluation,
    default_entries,
    evaluate,
    fold_of,
    paired_difference,
)
from conftest import SHARED, needs_shared

DEU = SHARED / "data" / "forecast" / "deu" / "deu3.tsv"


@pytest.fixture(scope="module")
def deu_evaluation() -> Evaluation:
    return evaluate(read_table(DEU))


@needs_shared
def test_the_baselines_of_provenance_are_reproduced() -> None:
    """PROVENANCE.md: 23.68, 23.22, 23.71, 28.59, 28.02, 37.70 (n=348), 51.11 (n=253)."""
    baselines = [e for e in default_entries() if e.baseline]
    scores = {s.label: s for s in evaluate(read_table(DEU), baselines).scores}
    expected = {"mean, salience weights": (23.68, 353),
                "mean, salience x GDP weights": (23.22, 353),
                "mean, unweighted": (23.71, 353), "median of positions": (28.59, 353),
                "constant 50": (28.02, 353), "Commission position": (37.70, 348),
                "reference point": (51.11, 253)}
    for label, (mae, n) in expected.items():
        assert (round(scores[label].mae, 2), scores[label].n) == (mae, n), label


@needs_shared
def test_every_model_on_deu(deu_evaluation: Evaluation) -> None:
    """The figures reported in benchmarks/RESULTS.md ("Forecasting on DEU III")."""
    scores = {s.label: s for s in deu_evaluation.scores}
    assert deu_evaluation.issues == deu_evaluation.common == 353
    figures = {"compromise": 23.22, "compromise, powers by CV": 23.05, "weighted median": 27.58,
               "Nash, reference point": 37.78, "expected utility (Scholz)": 30.85,
               "expected utility, variant by CV": 27.27, "exchange (Stokman)": 24.91,
               "agenda setter pull, by CV": 23.22}
    for label, mae in figures.items():
        assert round(scores[label].mae, 2) == mae, label
        assert scores[label].n == 353
    assert scores["compromise"].within_10 == pytest.approx(117 / 353)
    chosen = scores["compromise, powers by CV"].chosen
    assert len(chosen) == 10
    assert all(c["capability_power"] == 0.5 for c in chosen)
    json = deu_evaluation.to_dict()
    assert json["scores"][1]["chosen_per_fold"][0] == dict(chosen[0])


def test_cross_validation_never_chooses_on_the_issues_it_forecasts() -> None:
    # two groups with opposite outcomes: whatever the training fold prefers is wrong on the
    # held-out fold, so honest cross-validation must score 100 here (in-sample: 0)
    table = PositionTable.from_arrays(
        ["a"], ["x1", "x2", "y1", "y2"], position=[[50.0] * 4], salience=[[1.0] * 4],
        capability=[1.0], lower=[0.0] * 4, upper=[100.0] * 4, outcome=[0.0, 0.0, 100.0, 100.0],
        groups=["x", "x", "y", "y"])
    entry = Entry("constant by CV", Constant(value=0.0), {"value": (0.0, 100.0)})
    result = evaluate(table, [entry], folds=2)
    (score,) = result.scores
    assert score.mae == 100.0
    assert sorted(c["value"] for c in score.chosen) == [0.0, 100.0]


def test_folds_keep_groups_together_and_follow_the_seed() -> None:
    groups = [f"g{k // 3}" for k in range(60)]
    fold = fold_of(groups, 5, seed=1)
    for g in set(groups):
        assert len({int(fold[k]) for k in range(60) if groups[k] == g}) == 1
    assert np.array_equal(fold, fold_of(groups, 5, seed=1))
    assert not np.array_equal(fold, fold_of(groups, 5, seed=2))
    assert sorted(np.bincount(fold).tolist()) == [12, 12, 12, 12, 12]


def test_evaluation_errors() -> None:
    table = PositionTable.from_arrays(["a"], ["x", "y"], position=[[10.0, 20.0]],
                                      salience=[[1.0, 1.0]], capability=[1.0])
    with pytest.raises(InputError, match="no recorded outcome"):
        evaluate(table, [Entry("c", Compromise())])
    table = PositionTable.from_arrays(["a"], ["x", "y"], position=[[10.0, 20.0]],
                                      salience=[[1.0, 1.0]], capability=[1.0],
                                      outcome=[10.0, 30.0], groups=["p", "q"])
    with pytest.raises(InputError, match="bad number of folds"):
        evaluate(table, [Entry("c", Compromise(), {"capability_power": (0.0, 1.0)})], folds=3)
    result = evaluate(table, [Entry("c", Compromise()), Entry("d", Constant(value=20.0))])
    first, second = result.scores
    assert (first.mae, second.mae) == (5.0, 10.0)
    assert paired_difference(first, second)[0] == -5.0


def test_models_run_on_worker_processes() -> None:
    table = PositionTable.from_arrays(["a", "b"], ["x", "y"], position=[[0.0, 10.0], [100.0, 30.0]],
                                      salience=[[1.0, 1.0], [0.5, 1.0]], capability=[1.0, 1.0],
                                      outcome=[40.0, 20.0], groups=["p", "q"])
    entries = [Entry("c", Compromise()), Entry("cv", Compromise(), dict(Compromise.grid))]
    here = evaluate(table, entries, folds=2)
    there = evaluate(table, entries, folds=2, workers=2)
    assert [s.mae for s in here.scores] == [s.mae for s in there.scores]


def _no_commission() -> PositionTable:
    return PositionTable.from_arrays(
        ["a", "b", "c"], ["x", "y", "z", "w"],
        position=[[0.0, 10.0, 20.0, 0.0], [100.0, 30.0, 60.0, 40.0], [50.0, 20.0, 40.0, 10.0]],
        salience=np.ones((3, 4)), capability=[1.0, 2.0, 1.0],
        outcome=[40.0, 20.0, 30.0, 20.0], reference=[0.0, 0.0, 10.0, 0.0],
        groups=["p", "q", "r", "s"])


def test_without_the_commission_the_setter_rows_are_left_out_with_a_note() -> None:
    result = evaluate(_no_commission(), folds=2)
    labels = [s.label for s in result.scores]
    assert "agenda setter pull, by CV" not in labels
    assert "Commission position" not in labels
    assert NO_SETTER_NOTE in result.notes
    assert NO_SETTER_NOTE in result.to_dict()["notes"]
    named = evaluate(_no_commission(), default_entries("b", table=_no_commission()), folds=2)
    scores = {s.label: s for s in named.scores}
    assert scores["position of b"].mae == pytest.approx((60 + 10 + 30 + 20) / 4)
    assert "agenda setter pull, by CV" in scores
    assert NO_SETTER_NOTE not in named.notes


def test_the_middle_of_the_scale_is_named_for_what_it_is() -> None:
    table = _no_commission()                   # scales are the positions' ranges, not 0..100
    entries = [e for e in default_entries(None, table=table) if e.model.name == "constant"]
    assert [e.label for e in entries] == ["middle of the scale"]
    assert evaluate(table, entries).scores[0].mae == pytest.approx(
        (abs(50 - 40) + abs(20 - 20) + abs(40 - 30) + abs(20 - 20)) / 4)
    centred = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [100.0]],
                                        salience=np.ones((2, 1)), capability=[1.0, 1.0])
    assert [e.label for e in default_entries(table=centred) if e.model.name == "constant"] == \
        ["constant 50"]
