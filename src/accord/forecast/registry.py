"""Every forecasting model and baseline by name, and building one from text parameters.

Examples
--------
>>> build_model("eum", {"rounds": "3", "offers": "nearest"})
ExpectedUtility(offers='nearest', rounds=3)
>>> build_model("eun", {})
Traceback (most recent call last):
...
accord.errors.InputError: <command line>: error: unknown model 'eun' at --model
  expected: one of agenda, compromise, eum, exchange, median, nash, actor, constant, reference
  found:    'eun'
  hint:     did you mean 'eum'?
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.errors import InputError, Problem, suggest
from accord.forecast.agenda import AgendaSetter
from accord.forecast.base import ForecastModel
from accord.forecast.baselines import ActorPosition, Constant, ReferencePoint
from accord.forecast.compromise import Compromise
from accord.forecast.eum import ExpectedUtility
from accord.forecast.exchange import Exchange
from accord.forecast.median import WeightedMedian
from accord.forecast.nash import NashBargaining

__all__ = ["BASELINES", "MODELS", "build_model", "parse_value"]

_MODEL_CLASSES: tuple[type[ForecastModel], ...] = (
    AgendaSetter, Compromise, ExpectedUtility, Exchange, WeightedMedian, NashBargaining)
_BASELINE_CLASSES: tuple[type[ForecastModel], ...] = (ActorPosition, Constant, ReferencePoint)
#: The forecasting models, by the name the command line uses.
MODELS: dict[str, type[ForecastModel]] = {
    cls.name: cls for cls in sorted(_MODEL_CLASSES, key=lambda c: c.name)}
#: The baselines, by name.
BASELINES: dict[str, type[ForecastModel]] = {
    cls.name: cls for cls in sorted(_BASELINE_CLASSES, key=lambda c: c.name)}

def parse_value(text: str, default: Any) -> Any:
    """``text`` as a value of the type of ``default`` (``ValueError`` if it is not one).

    Examples
    --------
    >>> parse_value("0.5", 1.0), parse_value("3", 10), parse_value("true", False)
    (0.5, 3, True)
    """
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(text)
        return lowered in ("true", "1", "yes")
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float) or default is None:
        return float(text)
    return text


def build_model(name: str, params: Mapping[str, Any]) -> ForecastModel:
    """The model (or baseline) ``name`` with ``params`` (text values are converted).

    Raises
    ------
    InputError
        For an unknown model or parameter, or a value of the wrong type.
    """
    known = {**MODELS, **BASELINES}
    if name not in known:
        raise InputError.single(f"unknown model {name!r}", path=("--model",),
                                expected="one of " + ", ".join(known), found=repr(name),
                                suggestion=suggest(name, known, "models"),
                                file="<command line>")
    cls = known[name]
    defaults = cls.defaults()
    values: dict[str, Any] = {}
    problems = []
    for key, raw in params.items():
        if key not in defaults:
            problems.append(Problem(f"model {name!r} has no parameter {key!r}",
                                    path=("--param", key), file="<command line>",
                                    expected="one of " + (", ".join(defaults) or "(none)"),
                                    found=repr(key), suggestion=suggest(key, defaults,
                                                                        "parameters")))
            continue
        if not isinstance(raw, str):
            values[key] = raw
            continue
        try:
            values[key] = parse_value(raw, defaults[key])
        except ValueError:
            kind = type(defaults[key]).__name__ if defaults[key] is not None else "float"
            problems.append(Problem(f"bad value for parameter {key!r} of model {name!r}",
                                    path=("--param", key), file="<command line>",
                                    expected=f"a {kind}", found=repr(raw)))
    if problems:
        raise InputError(tuple(problems))
    return cls(**values)
