"""A scenario the web app serves: the scenario, where it came from, its proposals and warnings.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> served = Served("toy", toy_scenario(), "toy.yaml", None, (), (), "digest")
>>> served.uploaded, served.deals
(True, 18)
>>> served.proposal("p1")
Traceback (most recent call last):
...
accord.web.errors.UnknownIdError: unknown proposal 'p1'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.errors import Problem
from accord.scenario.model import Proposal, Scenario
from accord.space import deal_space
from accord.web.errors import UnknownIdError

__all__ = ["Served"]


@dataclass(frozen=True)
class Served:
    """A scenario the server serves.

    Attributes
    ----------
    id
        The server's id for it (the scenario's id, made unique).
    scenario
        The scenario as read (for an upload, without its sources' file paths).
    name
        The file name shown to users (no folder).
    folder
        The folder of the file given at start (``None`` for an upload).
    proposals
        The proposals of the ``proposals/`` folder beside the file.
    warnings
        What ``accord validate`` warns about, located in the file.
    digest
        SHA-256 of the text (uploads) or of the path (files given at start).
    """

    id: str
    scenario: Scenario
    name: str
    folder: Path | None
    proposals: tuple[Proposal, ...]
    warnings: tuple[Problem, ...]
    digest: str

    @property
    def uploaded(self) -> bool:
        """Whether it came from an upload."""
        return self.folder is None

    @property
    def deals(self) -> int:
        """The size of the deal space."""
        return deal_space(self.scenario).size

    def proposal(self, proposal_id: str) -> Proposal:
        """One of its proposals (``UnknownIdError`` if there is none)."""
        for p in self.proposals:
            if p.id == proposal_id:
                return p
        raise UnknownIdError("proposal", proposal_id, [p.id for p in self.proposals])
