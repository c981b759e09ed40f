"""The scenarios a server serves, and what it computes for them, cached.

A :class:`Registry` holds the scenarios given at start (read from their files
and checked as ``accord validate`` checks them, with the proposals of the
``proposals/`` folder beside each) and those uploaded since (checked the same
way, except that quotes are not checked against source texts: an upload has no
folder, and the server never reads a path named in a request; see
:mod:`accord.web.uploads`). Each gets an id made by the server from the
scenario's own id; no request ever names a file.

What the pages ask for again and again is cached: a compiled
:class:`~accord.analysis.context.Context` per (scenario, overrides), and the
evaluation of a deal per (scenario, overrides, deal), both in small
:class:`~accord.web.lru.LRU` caches under the keys of :mod:`accord.web.keys`.
An evaluation uses :func:`~accord.analysis.proposals.evaluate_context` without a
survey (milliseconds on Alaska's 27 million deals); only the frontier chart
surveys every deal, and only when asked.

Examples
--------
>>> from accord.scenario import dump_scenario
>>> from accord.scenario.examples import toy_scenario
>>> reg = Registry()
>>> served, created = reg.add_text(dump_scenario(toy_scenario()), "toy.yaml")
>>> served.id, created, served.deals
('toy', True, 18)
>>> reg.evaluate("toy", {}, {"price": "mid"})["rejecters"]
['b']
>>> reg.add_text(dump_scenario(toy_scenario()), "again.yaml")[1]    # same text: same id
False
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from accord.analysis.context import Context
from accord.analysis.outcome import deal_summary
from accord.analysis.proposals import evaluate_context
from accord.analysis.search import SearchStoppedError, nash_search
from accord.analysis.summary import Analysis, analyze
from accord.errors import InputError, Problem
from accord.report.build import NumberRow, numbers
from accord.scenario.io import load_proposal, shared_proposal_ids
from accord.scenario.model import Scenario
from accord.scenario.paths import canonical_overrides, with_parameters
from accord.uncertainty import fix_parameters
from accord.validate import scenario_folder, validate_path
from accord.web.errors import (
    BusyError,
    StoppingError,
    TooLargeError,
    UnknownIdError,
    request_problems,
    too_slow,
)
from accord.web.evidence import database_rows, scenario_rows
from accord.web.jsonready import json_ready
from accord.web.keys import DealKey, Overrides, OverridesKey, deal_key, overrides_key
from accord.web.limits import MAX_SEARCHES, MAX_UPLOAD_BYTES, MAX_UPLOADS, NASH_SECONDS
from accord.web.lru import LRU
from accord.web.served import Served
from accord.web.uploads import check_upload

__all__ = ["Registry"]


class Registry:
    """The served scenarios, by id, with their caches.

    Parameters
    ----------
    database
        An evidence database (``accord evidence ingest``) for the numbers' links
        and the evidence browser.
    max_uploads
        Uploaded scenarios kept at once.
    nash_seconds
        The longest a Nash search may run.
    max_searches
        Nash searches that may run at once.

    Attributes
    ----------
    stopping
        Set when the server shuts down: a running Nash search then gives up.
    """

    def __init__(self, database: Path | None = None, max_uploads: int = MAX_UPLOADS,
                 nash_seconds: float = NASH_SECONDS, max_searches: int = MAX_SEARCHES) -> None:
        self.database = database
        self.max_uploads = max_uploads
        self.nash_seconds = nash_seconds
        self.max_searches = max_searches
        self.stopping = threading.Event()
        self._searches = threading.BoundedSemaphore(max_searches)
        self._served: OrderedDict[str, Served] = OrderedDict()
        self._issued: set[str] = set()     # ids are never reused, so caches never go stale
        self._lock = threading.Lock()
        self._contexts: LRU[tuple[str, OverridesKey], Context] = LRU(32)
        self._evaluations: LRU[tuple[str, OverridesKey, DealKey], dict[str, Any]] = LRU(4096)
        self._encoded: LRU[tuple[str, OverridesKey, DealKey], bytes] = LRU(4096)
        self._nash: LRU[tuple[str, OverridesKey], dict[str, Any]] = LRU(256)
        self._analyses: LRU[tuple[str, OverridesKey], Analysis] = LRU(4)
        self._analysis_lock = threading.Lock()
        self._numbers: LRU[tuple[str, float], tuple[NumberRow, ...]] = LRU(64)
        self._evidence: LRU[tuple[str, float], list[dict[str, Any]]] = LRU(64)

    # ------------------------------------------------------------ scenarios
    def _register(self, served: Served) -> tuple[Served, bool]:
        """Give ``served`` an id never issued before and keep it (dropping old uploads).

        Checked and done under one lock: the same text (or file) registered twice
        at once gives one id; ``(served, created)``.
        """
        with self._lock:
            for s in self._served.values():
                if s.digest == served.digest:
                    return s, False
            base = served.id or "scenario"
            sid, n = base, 1
            while sid in self._issued:
                n += 1
                sid = f"{base}-{n}"
            served = replace(served, id=sid)
            self._issued.add(sid)
            self._served[sid] = served
            uploads = [s.id for s in self._served.values() if s.uploaded]
            for old in uploads[: max(0, len(uploads) - self.max_uploads)]:
                del self._served[old]
            return served, True

    def add_file(self, path: Path) -> Served:
        """Serve a scenario file (or a GENIUS folder), checked as ``accord validate`` checks it.

        The proposals in the ``proposals/`` folder beside a file are read and checked too.

        Raises
        ------
        InputError
            Every problem of the file and of its proposals.
        """
        checked = validate_path(path, count_feasible=False)
        folder = scenario_folder(path)
        problems: list[Problem] = []
        proposals = []
        files = sorted((folder / "proposals").glob("*.yaml"))
        for file in files:
            try:
                proposals.append(load_proposal(file, checked.scenario, folder))
            except InputError as exc:
                problems += exc.problems
        if not problems:
            problems = shared_proposal_ids(list(zip(files, proposals, strict=True)))
        if problems:
            raise InputError(tuple(problems))
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()
        for s in self.served():
            if s.digest == digest:
                return s
        return self._register(Served(checked.scenario.id, checked.scenario, path.name, folder,
                                     tuple(proposals), checked.warnings, digest))[0]

    def add_text(self, text: str, name: str = "uploaded.yaml") -> tuple[Served, bool]:
        """Serve an uploaded scenario; ``(served, created)``.

        The same text uploaded again gives the scenario already served.

        Raises
        ------
        InputError
            Every problem, located by line and column in ``name``.
        """
        raw = text.encode("utf-8")
        if len(raw) > MAX_UPLOAD_BYTES:
            raise TooLargeError.of(len(raw), name)
        digest = hashlib.sha256(raw).hexdigest()
        for s in self.served():
            if s.digest == digest:
                return s, False
        scenario, warnings = check_upload(text, name)
        return self._register(Served(scenario.id, scenario, name, None, (), warnings, digest))

    def served(self) -> list[Served]:
        """Every served scenario, in the order they came."""
        with self._lock:
            return list(self._served.values())

    def get(self, sid: str) -> Served:
        """The served scenario ``sid`` (``UnknownIdError`` if there is none)."""
        with self._lock:
            served = self._served.get(sid)
            if served is None:
                raise UnknownIdError("scenario", sid, list(self._served))
            return served

    # ------------------------------------------------------------ computations
    def overrides(self, sid: str, overrides: Overrides) -> dict[str, float | bool]:
        """``overrides`` under their canonical names, their kinds checked.

        Every computation calls it before it looks at a cache, so a cached answer
        never lets through what a computed one refuses, and ``a.reservation`` and
        ``a.reservation `` share one cached answer.

        Raises
        ------
        InputError
            For a path that names nothing, two paths naming one parameter, or a
            true/false for a number (or a number for a veto).
        """
        scenario = self.get(sid).scenario
        if not overrides:
            return {}
        try:
            return canonical_overrides(scenario, overrides)
        except InputError as exc:
            raise request_problems(exc, "overrides") from None

    def context(self, sid: str, overrides: Overrides) -> Context:
        """The compiled scenario with ``overrides`` applied (cached).

        Raises
        ------
        InputError
            For a path that names nothing, or a value the parameter does not allow.
        """
        overrides = self.overrides(sid, overrides)
        key = (sid, overrides_key(overrides))
        ctx = self._contexts.get(key)
        if ctx is None:
            scenario = self.get(sid).scenario
            if overrides:
                try:
                    scenario = with_parameters(scenario, overrides)
                except InputError as exc:
                    raise request_problems(exc, "overrides") from None
            ctx = Context.of(scenario)
            self._contexts.put(key, ctx)
        return ctx

    def fixed(self, sid: str, overrides: Overrides) -> Scenario:
        """The scenario with ``overrides`` held fixed: Monte Carlo no longer draws them."""
        overrides = self.overrides(sid, overrides)
        scenario = self.get(sid).scenario
        if not overrides:
            return scenario
        try:
            return fix_parameters(scenario, overrides)
        except InputError as exc:
            raise request_problems(exc, "overrides") from None

    def evaluate(self, sid: str, overrides: Overrides, deal: Mapping[str, str | None],
                 seconds: float | None = None) -> dict[str, Any]:
        """A deal's evaluation, JSON-ready (cached): verdicts, the nearest agreement, words.

        Issues left out or given as ``None`` stay at their status quo. The search
        for the nearest agreement gets at most ``seconds`` (default
        :attr:`nash_seconds`); an answer without it (``nearest_searched`` false)
        is not cached, and the search gives up at once when :attr:`stopping` is set.

        Raises
        ------
        StoppingError
            When the server shuts down during the search.
        """
        overrides = self.overrides(sid, overrides)
        chosen = deal_key(deal)
        key = (sid, overrides_key(overrides), chosen)
        found = self._evaluations.get(key)
        if found is not None:
            return found
        ctx = self.context(sid, overrides)
        s = ctx.scenario
        try:
            ev = evaluate_context(ctx, dict(chosen), cancel=self.stopping.is_set,
                                  seconds=self.nash_seconds if seconds is None else seconds)
        except InputError as exc:
            raise request_problems(exc, "deal") from None
        except SearchStoppedError:
            raise StoppingError("the server is shutting down") from None
        out = ev.to_dict(s)
        out["summary"] = deal_summary(s, ev.outcome.deal)
        if out["nearest_acceptable"] is not None and ev.nearest is not None:
            out["nearest_acceptable"]["summary"] = deal_summary(s, ev.nearest.outcome.deal)
        out["reservations"] = {a: float(r) for a, r in
                               zip(ctx.model.actor_ids, ctx.model.reservation, strict=True)}
        out["veto"] = list(ctx.veto_ids)
        if not all(map(math.isfinite, out["utilities"].values())):  # pragma: no cover
            out = json_ready(out)     # utilities are clipped to 0..1: never, unless a bug
        if ev.nearest_searched:       # else a later request tries again
            self._evaluations.put(key, out)
        return out

    def cached_json(self, sid: str, overrides: Overrides,
                    deal: Mapping[str, str | None]) -> bytes | None:
        """:meth:`evaluate_json`'s answer if it is cached, else ``None`` (never computes).

        Raises
        ------
        UnknownIdError
            When ``sid`` is not served (any more).
        InputError
            For overrides :meth:`overrides` refuses.
        """
        overrides = self.overrides(sid, overrides)
        return self._encoded.get((sid, overrides_key(overrides), deal_key(deal)))

    def evaluate_json(self, sid: str, overrides: Overrides,
                      deal: Mapping[str, str | None]) -> bytes:
        """:meth:`evaluate`'s answer encoded as JSON (cached: a page asks again and again)."""
        overrides = self.overrides(sid, overrides)
        key = (sid, overrides_key(overrides), deal_key(deal))
        found = self.cached_json(sid, overrides, deal)
        if found is None:
            answer = self.evaluate(sid, overrides, deal)
            found = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if answer["nearest_searched"]:
                self._encoded.put(key, found)
        return found

    def nash(self, sid: str, overrides: Overrides) -> dict[str, Any]:
        """The Nash bargaining solution (branch and bound, no survey), JSON-ready.

        At most :attr:`max_searches` searches run at once, each at most
        :attr:`nash_seconds`; each gives up at once when :attr:`stopping` is set.

        Raises
        ------
        InputError
            When the search finds no answer in time (the space is too large).
        BusyError
            When as many searches as allowed are running.
        StoppingError
            When the server shuts down during the search.
        """
        overrides = self.overrides(sid, overrides)
        key = (sid, overrides_key(overrides))
        found = self._nash.get(key)
        if found is not None:
            return found
        ctx = self.context(sid, overrides)
        if not self._searches.acquire(blocking=False):
            raise BusyError(f"{self.max_searches} Nash search(es) are going; "
                            "wait for one to finish")
        try:
            index, value = nash_search(ctx.space, ctx.model, seconds=self.nash_seconds,
                                       cancel=self.stopping.is_set)
        except SearchStoppedError as exc:
            if not exc.timed_out:
                raise StoppingError("the server is shutting down") from None
            raise too_slow(ctx, exc, self.nash_seconds) from None
        finally:
            self._searches.release()
        if index < 0:
            out: dict[str, Any] = {"exists": False, "nash_product": None, "summary": None,
                                   "outcome": None}
        else:
            outcome = ctx.outcome(index)
            out = {"exists": True, "nash_product": value,
                   "summary": deal_summary(ctx.scenario, outcome.deal),
                   "outcome": outcome.to_dict(ctx.scenario)}
        out = json_ready(out)
        self._nash.put(key, out)
        return out

    def analysis(self, sid: str, overrides: Overrides) -> Analysis:
        """The full analysis (surveys every deal: seconds on Alaska), one at a time, cached."""
        overrides = self.overrides(sid, overrides)
        key = (sid, overrides_key(overrides))
        with self._analysis_lock:
            found = self._analyses.get(key)
            if found is None:
                found = analyze(self.context(sid, overrides).scenario, top=10)
                self._analyses.put(key, found)
            return found

    def _stamp(self) -> float:
        """When the evidence database last changed (cached rows follow it)."""
        db = self.database
        if db is None:
            return 0.0
        files = (db, db.with_name(db.name + "-wal"))
        return sum(f.stat().st_mtime for f in files if f.is_file())

    def numbers(self, sid: str) -> tuple[NumberRow, ...]:
        """Every number of the scenario with its quotes, assumptions and stored statements."""
        served = self.get(sid)
        db = self.database
        stamp = self._stamp()
        found = self._numbers.get((sid, stamp))
        if found is None:
            # an upload's sources have no paths: nothing is read but the database
            folder = served.folder or Path(".")
            found, _ = numbers(served.scenario, folder, db)
            self._numbers.put((sid, stamp), found)
        return found

    def evidence(self, sid: str) -> list[dict[str, Any]]:
        """The evidence browser's rows: the database's statements, else the scenario's quotes."""
        served = self.get(sid)
        key = (sid, self._stamp())
        rows = self._evidence.get(key)
        if rows is None:
            rows = (database_rows(self.database, served.scenario) if self.database is not None
                    else scenario_rows(served.scenario))
            self._evidence.put(key, rows)
        return rows
