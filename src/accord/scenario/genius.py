"""GENIUS negotiation domains (the ANAC format), in and out.

:func:`load_genius` reads a GENIUS folder (one domain file, one profile per
party) into a :class:`~accord.scenario.model.Scenario`, as GENIUS 10.4
evaluates it (:mod:`accord.scenario.genius_read` says exactly how);
:func:`dump_genius` writes a scenario back as such a folder
(:mod:`accord.scenario.genius_write`). Reading what was written gives every
deal the same utility for every actor.

Examples
--------
>>> import tempfile, pathlib
>>> from accord.scenario.examples import toy_scenario
>>> toy = toy_scenario().model_copy(update={"constraints": ()})
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "toy"
>>> _ = dump_genius(toy, folder)
>>> again = load_genius(folder).scenario
>>> a = again.preferences["a"]
>>> [round(a.normalised_weights[i], 6) for i in again.issue_ids], a.values["delivery"]
([0.5, 0.2, 0.3], {'slow': 1.0, 'fast': 0.3})
"""

from __future__ import annotations

from accord.scenario.genius_domain import DEFAULT_INTERVALS
from accord.scenario.genius_read import Discretised, GeniusImport, load_genius
from accord.scenario.genius_write import GeniusExport, dump_genius, genius_documents

__all__ = [
    "DEFAULT_INTERVALS",
    "Discretised",
    "GeniusExport",
    "GeniusImport",
    "dump_genius",
    "genius_documents",
    "load_genius",
]
