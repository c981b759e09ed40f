"""The ``uncertainty`` section, compiled: latent uniforms, and the parameters they move.

Each key of the section is one *latent* variable driven by one uniform number:
a parameter path drives that parameter through the key's distribution; a
shared draw drives every parameter under its ``moves``, linearly from the
first value (draw at the bottom of its support) to the second (at the top).

Draw ``i`` of a run with seed ``s`` depends only on ``(s, i)``: uniforms are
generated in fixed blocks of :data:`BLOCK` draws, block ``b`` from the seed
sequence ``(s, b)``, so any split of the draws between workers gives the same
numbers.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.scenario import with_parameters
>>> import accord.scenario.model as m
>>> s = toy_scenario().model_copy(update={"uncertainty": {
...     "a.reservation": m.Distribution(uniform=(0.3, 0.5)),
...     "mood": m.Distribution(uniform=(0, 1), moves={"b.reservation": (0.2, 0.4)})}})
>>> p = uncertain_parameters(s)
>>> p.names, [t.text for t in p.targets]
(('a.reservation', 'mood'), ['a.reservation', 'b.reservation'])
>>> p.values(np.array([[0.5, 0.25]])).tolist()
[[0.4, 0.25]]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.scenario.model import Distribution, Scenario
from accord.scenario.paths import (
    ParameterPath,
    canonical_overrides,
    canonical_parameter,
    parse_parameter,
    with_parameters,
)
from accord.uncertainty.distributions import quantile

__all__ = ["BLOCK", "Target", "UncertainParameters", "fix_parameters", "uncertain_parameters"]

FloatArray = NDArray[np.float64]

#: Draws per block of random numbers (fixed: it is part of what a seed means).
BLOCK = 1024


@dataclass(frozen=True)
class Target:
    """One parameter moved by one latent variable.

    ``span`` is ``None`` when the latent's distribution gives the value
    directly, else ``(at_low, at_high)`` for a shared draw.
    """

    text: str
    path: ParameterPath
    latent: int
    span: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class UncertainParameters:
    """The latent variables of a scenario's ``uncertainty`` section and their targets."""

    names: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    targets: tuple[Target, ...]

    @property
    def n_latent(self) -> int:
        """How many latent variables (uniform numbers per draw) there are."""
        return len(self.names)

    def uniforms(self, seed: int, start: int, stop: int) -> FloatArray:
        """The uniform numbers of draws ``start..stop-1``, shape ``(stop - start, n_latent)``."""
        rows = []
        for block in range(start // BLOCK, (stop - 1) // BLOCK + 1 if stop > start else 0):
            generator = np.random.Generator(np.random.PCG64(
                np.random.SeedSequence(seed, spawn_key=(block,))))
            full = generator.random((BLOCK, self.n_latent))
            lo = max(start - block * BLOCK, 0)
            hi = min(stop - block * BLOCK, BLOCK)
            rows.append(full[lo:hi])
        return np.concatenate(rows) if rows else np.empty((0, self.n_latent))

    def latent_values(self, uniforms: FloatArray) -> FloatArray:
        """Each latent variable's value (its distribution's inverse CDF at the uniform)."""
        return np.column_stack([quantile(d, uniforms[:, k])
                                for k, d in enumerate(self.distributions)]) \
            if self.n_latent else np.empty((uniforms.shape[0], 0))

    def values(self, uniforms: FloatArray) -> FloatArray:
        """The targets' values for rows of uniforms, shape ``(rows, n_targets)``."""
        latent = self.latent_values(np.atleast_2d(uniforms))
        out = np.empty((latent.shape[0], len(self.targets)))
        for t, target in enumerate(self.targets):
            x = latent[:, target.latent]
            if target.span is None:
                out[:, t] = x
            else:
                lo, hi = self.distributions[target.latent].support
                at_low, at_high = target.span
                share = (x - lo) / (hi - lo)
                out[:, t] = at_low * (1.0 - share) + at_high * share   # exact at both ends
        return out


def fix_parameters(scenario: Scenario, overrides: Mapping[str, float | bool]) -> Scenario:
    """``scenario`` with some parameters set and no longer uncertain.

    A parameter drawn on its own loses its distribution; one moved by a shared
    draw is taken out of the draw's ``moves`` (the draw keeps moving the others).

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> import accord.scenario.model as m
    >>> s = toy_scenario().model_copy(update={"uncertainty": {
    ...     "a.reservation": m.Distribution(uniform=(0.3, 0.5))}})
    >>> fixed = fix_parameters(s, {"a.reservation": 0.45})
    >>> fixed.preferences["a"].reservation, fixed.uncertainty
    (0.45, {})
    """
    changed = with_parameters(scenario, overrides)
    fixed = set(canonical_overrides(scenario, overrides))   # 'a.interactions.0' is its id too
    keep: dict[str, Distribution] = {}
    for key, dist in changed.uncertainty.items():
        if canonical_parameter(scenario, key) in fixed:
            continue
        if dist.moves:
            moves = {t: v for t, v in dist.moves.items()
                     if canonical_parameter(scenario, t) not in fixed}
            if not moves:
                continue
            dist = dist.model_copy(update={"moves": moves})
        keep[key] = dist
    return changed.model_copy(update={"uncertainty": keep})


def uncertain_parameters(scenario: Scenario) -> UncertainParameters:
    """Compile a (validated) scenario's ``uncertainty`` section."""
    names: list[str] = []
    dists: list[Distribution] = []
    targets: list[Target] = []
    for key, dist in scenario.uncertainty.items():
        k = len(names)
        names.append(key)
        dists.append(dist)
        if dist.moves:
            for text, span in dist.moves.items():
                targets.append(Target(text, parse_parameter(text), k, span))
        else:
            targets.append(Target(key, parse_parameter(key), k))
    return UncertainParameters(tuple(names), tuple(dists), tuple(targets))
