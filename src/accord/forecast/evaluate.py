"""How well each model forecasts recorded outcomes, with honest cross-validation.

:func:`evaluate` scores models against the recorded outcomes of a table (DEU
III: 353 issues with an outcome): mean absolute error, median absolute error
and the share of forecasts within 10 points, every model on the same issues.

A parameter fitted to the data (the ``grid`` a model class declares, or one
given) is chosen by ``folds``-fold cross-validation: the issues are split into
folds *by group* (all the issues of one legislative proposal fall in the same
fold, so that no fold learns from a sibling issue), with a seeded shuffle; for
each fold the parameters are those with the smallest mean absolute error on the
other folds, and the fold is forecast with them. No issue is ever forecast with
parameters chosen on it. The reported error of a fitted model is the error of
these out-of-fold forecasts.

Every model here forecasts an issue from the data of its own group only (no
model learns across issues), so each parameter setting is run once on the whole
table and the folds only choose among the forecasts.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> from accord.forecast.compromise import Compromise
>>> t = PositionTable.from_arrays(["a", "b"], ["x", "y", "z"],
...     position=[[0.0, 0.0, 20.0], [100.0, 60.0, 100.0]],
...     salience=[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], capability=[1.0, 3.0],
...     outcome=[80.0, 40.0, 70.0], groups=["p", "q", "r"])
>>> result = evaluate(t, [Entry("compromise", Compromise())])
>>> s = result.scores[0]
>>> s.n, round(s.mae, 3), s.within_10
(3, 6.667, 1.0)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.errors import InputError
from accord.forecast.agenda import AgendaSetter
from accord.forecast.base import ForecastModel
from accord.forecast.baselines import ActorPosition, Constant, ReferencePoint
from accord.forecast.compromise import Compromise
from accord.forecast.data import FloatArray, PositionTable
from accord.forecast.eum import ExpectedUtility
from accord.forecast.exchange import Exchange
from accord.forecast.median import WeightedMedian
from accord.forecast.nash import NashBargaining
from accord.parallel import executor

__all__ = [
    "NO_SETTER_NOTE",
    "Entry",
    "Evaluation",
    "Score",
    "default_entries",
    "evaluate",
    "fold_of",
    "paired_difference",
    "run_settings",
    "score",
]


@dataclass(frozen=True)
class Entry:
    """A row of the evaluation: a model, and the parameters to fit by cross-validation.

    ``grid`` maps parameter names to the values to try (empty: nothing is
    fitted, the model is scored as given). ``baseline`` rows may cover fewer
    issues than the models (e.g. the reference point, known for 253 of 353).
    """

    label: str
    model: ForecastModel
    grid: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    baseline: bool = False
    note: str = ""


@dataclass(frozen=True)
class Score:
    """One row's errors on the issues it was scored on."""

    label: str
    model: str
    params: Mapping[str, Any]
    fitted: tuple[str, ...]
    chosen: tuple[Mapping[str, Any], ...]
    n: int
    mae: float
    median_error: float
    within_10: float
    compromise_mae: float
    baseline: bool
    note: str
    errors: FloatArray = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"label": self.label, "model": self.model, "params": dict(self.params),
                "fitted": list(self.fitted), "chosen_per_fold": [dict(c) for c in self.chosen],
                "issues": self.n, "mae": self.mae, "median_absolute_error": self.median_error,
                "within_10": self.within_10, "compromise_mae_same_issues": self.compromise_mae,
                "baseline": self.baseline, "note": self.note}


@dataclass(frozen=True)
class Evaluation:
    """Every row's score, the issues they share, and how the folds were made."""

    source: str
    issues: int
    common: int
    folds: int
    seed: int
    notes: tuple[str, ...]
    scores: tuple[Score, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"source": self.source, "issues_with_outcome": self.issues,
                "common_issues": self.common, "folds": self.folds, "seed": self.seed,
                "notes": list(self.notes), "scores": [s.to_dict() for s in self.scores]}


def default_entries(setter: str | None = "com", *,
                    table: PositionTable | None = None) -> list[Entry]:
    """The rows of ``accord forecast evaluate``: every model, fitted variants, baselines.

    Parameters
    ----------
    setter
        The agenda setter (``"com"``, the Commission, in DEU): the agenda-setter
        model and the setter-position baseline use it. ``None`` leaves both out.
    table
        The table the rows will score: names the middle-of-the-scale baseline
        "constant 50" only when every issue's scale is 0..100 (as in DEU).
    """
    middle = "constant 50" if table is None or (
        np.all((table.lower + table.upper) / 2.0 == 50.0)) else "middle of the scale"
    setter_rows = [] if setter is None else [
        Entry("agenda setter pull, by CV", AgendaSetter(setter=setter), dict(AgendaSetter.grid),
              note=("Commission" if setter == "com" else f"agenda setter {setter!r}")
              + " and reference point weights chosen by cross-validation")]
    setter_baseline = [] if setter is None else [
        Entry("Commission position" if setter == "com" else f"position of {setter}",
              ActorPosition(actor=setter), baseline=True)]
    return [
        Entry("compromise", Compromise(), note="capability x salience weighted mean"),
        Entry("compromise, powers by CV", Compromise(), dict(Compromise.grid),
              note="weights capability^γ x salience^α, γ and α chosen by cross-validation"),
        Entry("weighted median", WeightedMedian()),
        Entry("Nash, reference point", NashBargaining(),
              note="disagreement at the reference point; weighted mean where there is none"),
        Entry("expected utility (Scholz)", ExpectedUtility(), note="10 rounds, as published"),
        Entry("expected utility, variant by CV", ExpectedUtility(), dict(ExpectedUtility.grid),
              note="outcome, probability and offer rules chosen by cross-validation"),
        Entry("exchange (Stokman)", Exchange(), note="10 rounds, equal-gain exchanges"),
        *setter_rows,
        Entry("mean, salience weights", Compromise(capability_power=0.0), baseline=True,
              note="equal capabilities"),
        Entry("mean, salience x GDP weights", Compromise(), baseline=True),
        Entry("mean, unweighted", Compromise(capability_power=0.0, salience_power=0.0),
              baseline=True),
        Entry("median of positions", WeightedMedian(capability_power=0.0, salience_power=0.0),
              baseline=True),
        Entry(middle, Constant(), baseline=True,
              note="the middle of each issue's scale, (lower + upper) / 2"),
        *setter_baseline,
        Entry("reference point", ReferencePoint(), baseline=True),
    ]


#: The note of an evaluation without the default agenda setter.
NO_SETTER_NOTE = ("no actor 'com' (the Commission, DEU's agenda setter): the agenda-setter "
                  "model and the Commission-position baseline are left out; name the agenda "
                  "setter with --setter ACTOR")


def fold_of(groups: Sequence[str], folds: int, seed: int) -> npt.NDArray[np.intp]:
    """The fold (0..folds-1) of every issue: whole groups, shuffled with ``seed``.

    Examples
    --------
    >>> fold_of(["a", "a", "b", "c"], 2, 0).tolist()
    [1, 1, 0, 0]
    """
    names = list(dict.fromkeys(groups))
    order = np.random.default_rng(seed).permutation(len(names))
    fold = {names[g]: rank % folds for rank, g in enumerate(order)}
    return np.array([fold[g] for g in groups], dtype=np.intp)



def _settings(entry: Entry) -> list[dict[str, Any]]:
    base = entry.model.get_params()
    names = list(entry.grid)
    return [{**base, **dict(zip(names, combo, strict=True))}
            for combo in itertools.product(*(entry.grid[n] for n in names))] or [base]


def _predict(job: tuple[type[ForecastModel], dict[str, Any], PositionTable]) -> FloatArray:
    cls, params, table = job
    model = cls(**params)
    if isinstance(model, ExpectedUtility):      # only the values are kept: no EU matrices
        return model.predict(table, utilities=False).values
    return model.predict(table).values


def _check(table: PositionTable, rows: Sequence[Entry], folds: int) -> None:
    known = ~np.isnan(table.outcome)
    if not known.any():
        raise InputError.single("no recorded outcome to evaluate against",
                                file=table.source or None, expected="issues with an outcome "
                                "(DEU column 'out', or an 'outcome' column)", found="none")
    groups = {g or f"#{k}" for k, g in enumerate(table.groups) if known[k]}
    if any(len(_settings(e)) > 1 for e in rows) and not (
            isinstance(folds, int) and 2 <= folds <= len(groups)):
        raise InputError.single("bad number of folds", path=("folds",),
                                expected=f"an integer in 2..{len(groups)} (the groups of "
                                "issues with an outcome)", found=repr(folds))


def run_settings(table: PositionTable, entries: Sequence[Entry], *, workers: int | None = None,
                 cluster: str | None = None, progress: Callable[[int, int], None] | None = None,
                 ) -> list[list[FloatArray]]:
    """Every entry's forecasts, one array per parameter setting of its grid.

    The expensive half of :func:`evaluate`; the folds only choose among these,
    so :func:`score` can rerun the cross-validation with other seeds for free.
    """
    settings = [_settings(e) for e in entries]
    jobs = [(type(e.model), params, table) for e, options in zip(entries, settings, strict=True)
            for params in options]
    flat: list[FloatArray] = []
    with executor(workers, cluster) as run:
        for values in run.map(_predict, jobs):
            flat.append(values)
            if progress is not None:
                progress(len(flat), len(jobs))
    out, start = [], 0
    for options in settings:
        out.append(flat[start:start + len(options)])
        start += len(options)
    return out


def score(table: PositionTable, entries: Sequence[Entry], predictions: Sequence[
          Sequence[FloatArray]], *, folds: int = 10, seed: int = 0) -> Evaluation:
    """Cross-validate and score forecasts made by :func:`run_settings` (see the module)."""
    _check(table, entries, folds)
    known = ~np.isnan(table.outcome)
    groups = [g or f"#{k}" for k, g in enumerate(table.groups)]
    fold = fold_of(groups, max(int(folds), 1), seed)
    outcome = table.outcome
    forecasts: list[FloatArray] = []
    chosen: list[tuple[dict[str, Any], ...]] = []
    for entry, block in zip(entries, predictions, strict=True):
        options = _settings(entry)
        if len(options) == 1:
            forecasts.append(block[0])
            chosen.append(())
            continue
        out = np.full(len(table.issues), np.nan)
        picks: list[dict[str, Any]] = []
        for k in range(folds):
            train = known & (fold != k)
            losses = [float(np.nanmean(np.abs(p[train] - outcome[train])))
                      if np.isfinite(p[train]).any() else math.inf for p in block]
            best = int(np.argmin(losses))
            test = fold == k
            out[test] = block[best][test]
            picks.append({name: options[best][name] for name in entry.grid})
        forecasts.append(out)
        chosen.append(tuple(picks))
    models = [f for f, e in zip(forecasts, entries, strict=True) if not e.baseline]
    common = known & np.all([np.isfinite(f) for f in models], axis=0) if models else known
    reference = forecasts[0]
    scores = []
    for entry, values, choices in zip(entries, forecasts, chosen, strict=True):
        mask = common & np.isfinite(values) if not entry.baseline else known & np.isfinite(values)
        errors = np.abs(values[mask] - outcome[mask])
        same = np.abs(reference[mask] - outcome[mask])
        scores.append(Score(entry.label, entry.model.name, entry.model.get_params(),
                            tuple(entry.grid), choices, int(mask.sum()),
                            float(errors.mean()) if errors.size else math.nan,
                            float(np.median(errors)) if errors.size else math.nan,
                            float((errors <= 10.0).mean()) if errors.size else math.nan,
                            float(same.mean()) if same.size else math.nan,
                            entry.baseline, entry.note, errors))
    return Evaluation(table.source, int(known.sum()), int(common.sum()), folds, seed,
                      table.notes, tuple(scores))


def evaluate(table: PositionTable, entries: Sequence[Entry] | None = None, *, folds: int = 10,
             seed: int = 0, workers: int | None = None, cluster: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Score every entry against the table's recorded outcomes (see the module).

    Parameters
    ----------
    table
        Positions and recorded outcomes (issues without an outcome are ignored).
    entries
        The rows (default: :func:`default_entries`, without the agenda-setter
        rows, and with a note saying so, when the table has no actor ``com``).
        The first one is the reference for the "compromise on the same issues"
        column.
    folds, seed
        Cross-validation folds (by group) and the seed of their shuffle.
    workers, cluster
        Run the model settings on local processes or a Dask cluster
        (:func:`accord.parallel.executor`); by default, threads of this process.
    progress
        Called with (settings run, settings in all) as the model settings finish.

    Raises
    ------
    InputError
        When the table has no recorded outcome, or ``folds`` is below 2 or above
        the number of groups.
    """
    notes: list[str] = []
    if entries is None:
        setter: str | None = "com"
        if "com" not in table.actors:
            setter = None
            notes.append(NO_SETTER_NOTE)
        entries = default_entries(setter, table=table)
    rows = list(entries)
    _check(table, rows, folds)
    predictions = run_settings(table, rows, workers=workers, cluster=cluster, progress=progress)
    result = score(table, rows, predictions, folds=folds, seed=seed)
    return replace(result, notes=result.notes + tuple(notes))


def paired_difference(a: Score, b: Score, draws: int = 2000, seed: int = 0,
                      ) -> tuple[float, float, float]:
    """Mean of ``a``'s errors minus ``b``'s, with a 95% bootstrap interval (same issues).

    Raises
    ------
    InputError
        When the two scores are not on the same issues.
    """
    if a.errors.shape != b.errors.shape:
        raise InputError.single("the two rows were scored on different issues",
                                expected="rows scored on the same issues",
                                found=f"{a.n} and {b.n} issues")
    if draws < 1:
        raise InputError.single("bad number of bootstrap draws", expected="at least 1",
                                found=repr(draws))
    diff = a.errors - b.errors
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, diff.size, size=(draws, diff.size))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return float(diff.mean()), float(low), float(high)

