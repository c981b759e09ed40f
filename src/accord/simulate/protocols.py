"""Negotiation protocols played by :class:`~accord.simulate.strategies.Negotiator` objects.

- :func:`alternating` — stacked alternating offers: turns go round the
  participants; the proposer offers a deal, the others answer; the
  participants settle on an offer when every veto participant accepts it (every
  participant, when none of them has a veto). With two participants this is
  the bilateral alternating-offers protocol with a deadline.
- :func:`mediated` — a mediator's single negotiating text: the mediator
  drafts, each participant accepts or rejects and names the change it wants
  most, the mediator revises; the participants settle on the text when every
  veto participant accepts it (every participant, when none has a veto).

A settled deal is an *agreement* of the scenario only when every veto actor of
the scenario accepts it — those left out of the participants too; the result
names the veto actors who reject it (:attr:`~accord.simulate.trace.Result.rejected_by`).

Both return a :class:`~accord.simulate.trace.Result` with the full trace.
The built-in strategies make the same decisions here as in the batch engine
(:mod:`accord.simulate.engine`); the tests check the two against each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.context import Context
from accord.errors import InputError
from accord.simulate.pool import Pool, deal_pool
from accord.simulate.strategies import Mediator, Negotiator, Offer, View
from accord.simulate.trace import Reference, Rejection, Result, Trace, Turn, reference
from accord.utility import ACCEPT_TOLERANCE, UtilityModel, evaluate_digits

__all__ = ["alternating", "check_participants", "mediated", "settles", "veto_rejections"]


def settles(accepted: Sequence[bool], veto: Sequence[bool]) -> bool:
    """Whether the participants settle: every veto participant accepts (everyone, if none has one).

    Examples
    --------
    >>> settles([True, False], [True, False])
    True
    >>> settles([True, False], [False, False])
    False
    >>> settles([True, True], [False, False])
    True
    """
    if any(veto):
        return all(ok for ok, v in zip(accepted, veto, strict=True) if v)
    return all(accepted)


def veto_rejections(ctx: Context, model: UtilityModel, utilities: dict[str, float],
                    participants: Sequence[str]) -> tuple[Rejection, ...]:
    """The veto actors of the scenario whose utility of a deal is below their reservation."""
    out = []
    for c, a in enumerate(model.actor_ids):
        reservation = float(model.reservation[c])
        if model.veto[c] and utilities[a] < reservation - ACCEPT_TOLERANCE:
            out.append(Rejection(a, ctx.scenario.actor(a).label, utilities[a], reservation,
                                 a in participants))
    return tuple(out)


def check_participants(participants: Sequence[str], mediated: bool = False,
                       file: str | None = None, suggestion: str = "") -> None:
    """Refuse a negotiation that lists an actor twice, or has too few participants.

    Two participants at least; a mediated one may consult a single participant
    (the mediator is the other side), as in a process file's stages.
    ``suggestion`` is the hint for too few (the caller knows where they came from).

    Raises
    ------
    InputError
        Naming the actors listed twice, or the participants found.

    Examples
    --------
    >>> check_participants(["a", "b"])
    >>> check_participants(["a"], mediated=True)
    >>> check_participants(["a", "a"])
    Traceback (most recent call last):
    ...
    accord.errors.InputError: <input>: error: a participant listed twice
      expected: each actor once
      found:    a
    """
    twice = sorted({a for a in participants if list(participants).count(a) > 1})
    if twice:
        raise InputError.single("a participant listed twice", expected="each actor once",
                                found=", ".join(twice), file=file)
    if len(participants) < (1 if mediated else 2):
        raise InputError.single("a negotiation needs two participants",
                                expected="at least two actors" if not mediated
                                else "at least one actor beside the mediator",
                                found=", ".join(participants) or "none", file=file,
                                suggestion=suggestion)


def _views(ctx: Context, model: UtilityModel, pool: Pool, participants: Sequence[str],
           reservations: Sequence[float], rounds: int, seed: int) -> list[View]:
    return [View(ctx, model, pool, seat, tuple(participants), float(reservations[seat]),
                 rounds, seed) for seat in range(len(participants))]


def _result(ctx: Context, model: UtilityModel, protocol: str, turns: list[Turn],
            agreed_digits: np.ndarray | None, ref: Reference, negotiators: Sequence[Negotiator],
            participants: Sequence[str], pool_complete: bool, stage: str) -> Result:
    space = ctx.space
    if agreed_digits is not None:
        u, _ = evaluate_digits(space, model, agreed_digits[None, :])
        utilities = {a: float(u[0, c]) for c, a in enumerate(model.actor_ids)}
        index = int(space.encode(agreed_digits[None, :])[0])
        deal = space.deal_at(index)
    else:
        utilities = {a: float(model.reservation[c]) for c, a in enumerate(model.actor_ids)}
        index, deal = -1, None
    rejected = veto_rejections(ctx, model, utilities, participants) if deal is not None else ()
    nash, pareto = ref.distances(utilities)
    issues = ctx.scenario.issue_ids
    deals = {t.deal: tuple(space.deal_at(t.deal)[i] for i in issues) for t in turns}
    last = turns[-1] if turns else None
    return Result(protocol, deal is not None and not rejected, deal, index,
                  last.round if last else 0, len(turns), utilities,
                  {a: getattr(n, "name", type(n).__name__) for a, n in
                   zip(participants, negotiators, strict=True)},
                  nash, pareto, pool_complete, Trace(tuple(turns), issues, deals),
                  (stage,) if stage else (), settled=deal is not None, rejected_by=rejected)


def alternating(ctx: Context, negotiators: Sequence[Negotiator], participants: Sequence[str],
                rounds: int, first: int = 0, seed: int = 0, model: UtilityModel | None = None,
                pool: Pool | None = None, ref: Reference | None = None,
                stage: str = "") -> Result:
    """Stacked alternating offers among ``participants``, one negotiator per seat.

    Parameters
    ----------
    ctx
        The compiled scenario.
    negotiators
        One per participant, in seat order.
    participants
        Actor ids (with preferences) taking part.
    rounds
        Each participant proposes at most this many times.
    first
        The seat that opens.
    seed
        Seeds the random choices (only the random strategy makes any).
    model
        The utility model to play with (default: the scenario's).
    pool, ref
        A pool of deals and a reference (Nash, frontier) to reuse.
    stage
        A label for the trace.

    Raises
    ------
    InputError
        For fewer than two participants, or one listed twice.
    """
    check_participants(participants)
    model = model or ctx.model
    if pool is None:
        pool = deal_pool(ctx, participants)
        if model is not ctx.model:
            pool = pool.with_model(model, ctx)
    ref = ref or reference(ctx)
    cols = [model.column(a) for a in participants]
    veto = [bool(model.veto[c]) for c in cols]
    reservations = [float(model.reservation[c]) for c in cols]
    for view, negotiator in zip(_views(ctx, model, pool, participants, reservations, rounds,
                                       seed), negotiators, strict=True):
        negotiator.start(view)
    n = len(participants)
    total = rounds * n
    turns: list[Turn] = []
    for turn in range(total):
        p = (first + turn) % n
        t = turn / total
        row = int(negotiators[p].propose(turn, t))
        offer = Offer(pool.digits[row], row)
        accepted = [False] * n
        accepted[p] = bool(pool.utilities[row, cols[p]] >= reservations[p] - 1e-9)
        for step in range(1, n):
            q = (p + step) % n
            accepted[q] = bool(negotiators[q].respond(offer, p, turn, t))
        agreement = settles(accepted, veto)
        utilities = {a: float(pool.utilities[row, c]) for c, a in enumerate(model.actor_ids)}
        turns.append(Turn(stage, turn // n, turn, participants[p], int(pool.index[row]),
                          utilities, tuple(participants[q] for q in range(n) if accepted[q]),
                          agreement))
        if agreement:
            return _result(ctx, model, "alternating" if n == 2 else "stacked", turns,
                           pool.digits[row], ref, negotiators, participants, pool.complete,
                           stage)
    return _result(ctx, model, "alternating" if n == 2 else "stacked", turns, None, ref,
                   negotiators, participants, pool.complete, stage)


def mediated(ctx: Context, negotiators: Sequence[Negotiator], participants: Sequence[str],
             mediator: Mediator, rounds: int, seed: int = 0, mediator_id: str = "mediator",
             model: UtilityModel | None = None, text: np.ndarray | None = None,
             ref: Reference | None = None, stage: str = "") -> Result:
    """A mediator's single negotiating text among ``participants``.

    Each round the participants answer the current text at time ``round /
    rounds`` (accept, or the change they want most); the mediator revises.
    Texts may be any feasible deal of the space (no pool is needed).
    ``text`` starts from a given text instead of the mediator's draft. Raises
    ``InputError`` for no participant, or one listed twice.
    """
    check_participants(participants, mediated=True)
    model = model or ctx.model
    ref = ref or reference(ctx)
    cols = [model.column(a) for a in participants]
    veto = [bool(model.veto[c]) for c in cols]
    reservations = [float(model.reservation[c]) for c in cols]
    # the pool only tells each participant the best it can hope for; texts may be any deal
    pool = deal_pool(ctx, participants)
    if model is not ctx.model:
        pool = pool.with_model(model, ctx)
    views = _views(ctx, model, pool, participants, reservations, rounds, seed)
    for view, negotiator in zip(views, negotiators, strict=True):
        negotiator.start(view)
    current = mediator.draft(views[0]) if text is None else np.asarray(text, dtype=np.int64)
    turns: list[Turn] = []
    for r in range(rounds):
        t = r / rounds
        offer = Offer(current)
        answers: list[tuple[bool, tuple[int, int] | None]] = []
        for negotiator in negotiators:
            ok = bool(negotiator.respond(offer, -1, r, t))
            answers.append((ok, None if ok else negotiator.critique(offer)))
        u, feasible = evaluate_digits(ctx.space, model, current[None, :])
        agreement = bool(feasible[0]) and settles([ok for ok, _ in answers], veto)
        wishes = [f"{participants[s]} wants {ctx.scenario.issues[w[0]].id}="
                  f"{ctx.scenario.issues[w[0]].options[w[1]].id}"
                  for s, (_, w) in enumerate(answers) if w]
        index = int(ctx.space.encode(current[None, :])[0])
        turns.append(Turn(stage, r, r, mediator_id, index,
                          {a: float(u[0, c]) for c, a in enumerate(model.actor_ids)},
                          tuple(participants[s] for s, (ok, _) in enumerate(answers) if ok),
                          agreement, "; ".join(wishes)))
        if agreement:
            return _result(ctx, model, "mediated", turns, current, ref, negotiators,
                           participants, True, stage)
        current = mediator.revise(current, answers, r)
    return _result(ctx, model, "mediated", turns, None, ref, negotiators, participants, True,
                   stage)
