"""Monte Carlo: estimates against exact answers, reproducibility on every executor."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.scenario import Proposal, Scenario
from accord.uncertainty import monte_carlo
from accord.uncertainty.monte_carlo import Job, plan_jobs, wilson
from accord.uncertainty.parameters import uncertain_parameters


@pytest.fixture
def uncertain(toy_data: dict) -> Scenario:
    toy_data["uncertainty"] = {
        "b.reservation": {"uniform": [0.3, 0.9]},
        "a.weights.price": {"triangular": [2, 5, 8]},
    }
    return Scenario.model_validate(toy_data)


OFFER = Proposal(accord=1, id="offer", deal={"price": "mid", "delivery": "fast"})


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c.scheduler_address


def test_probability_matches_the_exact_answer(toy_data: dict) -> None:
    # the best deal for b that a accepts (a >= 0.4) gives b 0.71 (mid, fast, one-year): an
    # agreement exists exactly when b.reservation <= 0.71; with b.reservation uniform on
    # [0.6, 1.0], P = 0.11 / 0.4 = 0.275
    toy_data["uncertainty"] = {"b.reservation": {"uniform": [0.6, 1.0]}}
    s = Scenario.model_validate(toy_data)
    mc = monte_carlo(s, draws=4000, seed=3)
    drawn = uncertain_parameters(s).values(mc.latent)[:, 0]
    assert np.array_equal(mc.outcomes.agreement, drawn <= 0.71)     # draw by draw
    assert abs(mc.agreement.p - 0.275) < 4 * np.sqrt(0.275 * 0.725 / 4000)
    assert mc.agreement.draws == 4000
    # without b's veto, a always finds a deal; without a's, b does while its reservation is at
    # most 0.91 (its best feasible deal)
    assert mc.blocking["b"].successes == 4000 - mc.agreement.successes
    assert mc.blocking["a"].successes == int(((drawn > 0.71) & (drawn <= 0.91)).sum())


def test_same_seed_same_numbers_whatever_runs_it(uncertain: Scenario, cluster: str) -> None:
    runs = [monte_carlo(uncertain, draws=300, seed=11, proposals=[OFFER], **how)
            for how in ({}, {"workers": 2}, {"cluster": cluster})]
    for other in runs[1:]:
        assert other.to_dict() == runs[0].to_dict()
        assert np.array_equal(other.latent, runs[0].latent)
    assert monte_carlo(uncertain, draws=300, seed=12).to_dict() != runs[0].to_dict()


def test_the_first_draws_do_not_depend_on_how_many_follow(uncertain: Scenario) -> None:
    short = monte_carlo(uncertain, draws=100, seed=5)
    long = monte_carlo(uncertain, draws=2500, seed=5)
    assert np.array_equal(short.outcomes.nash, long.outcomes.nash[:100])


def test_proposal_estimates(uncertain: Scenario) -> None:
    mc = monte_carlo(uncertain, draws=500, seed=2, proposals=[OFFER])
    (p,) = mc.proposals
    accepted = mc.outcomes.accepted[:, 0]
    assert p.accepted.successes == int(accepted.sum())
    # mid price, fast delivery: b gets 0.5, so b rejects exactly when its reservation > 0.5,
    # which happens with probability 0.4 / 0.6 for a reservation uniform on [0.3, 0.9]
    lo, hi = p.rejected_by["b"].interval
    assert lo < 2 / 3 < hi
    assert sum(d.frequency.successes for d in mc.nash_deals) == mc.agreement.successes


def test_interrupted_run_keeps_what_was_computed(uncertain: Scenario) -> None:
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 2:
            raise KeyboardInterrupt

    mc = monte_carlo(uncertain, draws=2000, seed=1, progress=progress)
    assert mc.interrupted
    assert mc.draws == seen[-1] < 2000


def test_no_uncertainty_is_refused(toy: Scenario) -> None:
    with pytest.raises(InputError, match="no uncertainty section"):
        monte_carlo(toy, draws=10)


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson(0, 100)
    assert lo == 0.0
    assert hi == pytest.approx(0.03699, abs=1e-5)
    assert wilson(50, 100) == pytest.approx((0.40383, 0.59617), abs=1e-5)


def test_jobs_cover_every_draw_once() -> None:
    for draws in (1, 63, 64, 1000, 10_001):
        jobs = plan_jobs(draws, workers=3)
        assert jobs[0][0] == 0
        assert jobs[-1][1] == draws
        assert all(a[1] == b[0] for a, b in itertools.pairwise(jobs))


def test_jobs_stay_short_so_that_ctrl_c_stops_soon(uncertain: Scenario,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # jobs of 5,000 draws kept Ctrl-C waiting 18 s: jobs are sized to JOB_SECONDS each
    import sys

    mc_module = sys.modules["accord.uncertainty.monte_carlo"]
    sizes: list[int] = []
    real = mc_module.run_job

    def slow_first(job: Job) -> tuple[tuple[object, object], float]:
        return real(job), 0.5 * (job.stop - job.start) / 32   # 32 draws a job-second

    def recording(job: Job) -> tuple[object, object]:
        sizes.append(job.stop - job.start)
        return real(job)

    monkeypatch.setattr(mc_module, "timed_job", slow_first)
    monkeypatch.setattr(mc_module, "run_job", recording)
    capped = monte_carlo(uncertain, draws=2000, seed=3)
    assert max(sizes) == 32
    assert sum(sizes) == 2000 - mc_module.CALIBRATION
    monkeypatch.undo()
    assert capped.to_dict() == monte_carlo(uncertain, draws=2000, seed=3).to_dict()


def test_jobs_can_be_capped() -> None:
    jobs = plan_jobs(10_000, workers=1, largest=100, start=64)
    assert jobs[0] == (64, 164)
    assert jobs[-1][1] == 10_000
    assert max(b - a for a, b in jobs) == 100


def test_too_many_draws_are_refused_before_any_work(uncertain: Scenario) -> None:
    from typer.testing import CliRunner

    from accord.cli import app
    from accord.uncertainty.monte_carlo import MAX_DRAWS

    with pytest.raises(InputError, match="too many draws"):
        monte_carlo(uncertain, draws=MAX_DRAWS + 1)
    result = CliRunner().invoke(app, ["uncertainty", "missing.yaml", "--draws",
                                      "99999999999999999999"])
    assert result.exit_code == 2
    assert "<command line>: error: too many draws at --draws" in result.output
    assert "at most 10,000,000 draws" in result.output


def test_a_draw_of_every_weight_at_zero_is_counted_not_warned(
        toy_data: dict, recwarn: pytest.WarningsRecorder, tmp_path: Path) -> None:
    # w / 0 printed a RuntimeWarning from draws.py; the actor's utility is 0 in those draws
    import yaml
    from typer.testing import CliRunner

    from accord.cli import app

    toy_data["uncertainty"] = {"b.reservation": {"uniform": [0.3, 0.5]},   # in YAML's order
                               "c.weights.delivery": {"choice": [0, 1]}}
    s = Scenario.model_validate(toy_data)
    mc = monte_carlo(s, draws=400, seed=4)
    column = list(uncertain_parameters(s).names).index("c.weights.delivery")
    zero = int((mc.latent[:, column] < 0.5).sum())
    assert 0 < zero < 400
    assert mc.weightless == {"c": zero}
    assert mc.to_dict()["weightless_draws"] == {"c": zero}
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(toy_data))
    shown = CliRunner().invoke(app, ["uncertainty", str(path), "--draws", "400", "--seed", "4",
                                     "--sobol", "0"])
    assert shown.exit_code == 0, shown.output
    assert f"In {zero} draw(s) every weight of c (Neighbour) was drawn as 0" in \
        " ".join(shown.output.replace("│", " ").split())


@pytest.mark.parametrize(("successes", "draws", "shown"), [
    # 10,000 draws, all agreements: the interval is [99.96%, 100%], not a certainty
    (10_000, 10_000, "100.0% [99.96%, 100.0%] (n=10,000)"),
    (0, 10_000, "0.0% [0.0%, 0.04%] (n=10,000)"),
    (9_999, 10_000, "99.99% [99.9%, 99.998%] (n=10,000)"),
    (1, 100_000, "0.001% [0.0002%, 0.01%] (n=100,000)"),
    (25, 100, "25.0% [17.5%, 34.3%] (n=100)"),           # one decimal where it is enough
    (0, 0, "nan% [0.0%, 100.0%] (n=0)"),
])
def test_a_bound_that_is_not_certain_never_prints_as_0_or_100_percent(
        successes: int, draws: int, shown: str) -> None:
    """A Wilson bound printed to one decimal read 100.0% for 99.96%: the README's table said
    [99.96%, 100%] where ``accord uncertainty`` printed [100.0%, 100.0%]."""
    from accord.uncertainty.monte_carlo import Estimate

    assert str(Estimate(successes, draws)) == shown


def test_percent_keeps_exact_ends_and_adds_decimals_only_near_them() -> None:
    from accord.uncertainty.monte_carlo import percent

    assert [percent(x) for x in (0.0, 1.0, 0.5, 0.123456, 0.9996, 0.0004, 0.99999999999)] == \
        ["0.0%", "100.0%", "50.0%", "12.3%", "99.96%", "0.04%", "99.999999999%"]


def test_the_command_shows_the_interval_of_a_certain_looking_agreement(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli import app

    toy = Path(__file__).parent / "data" / "toy.yaml"
    result = CliRunner().invoke(app, ["uncertainty", str(toy), "--draws", "10000", "--seed", "1",
                                      "--sobol", "0"])
    assert result.exit_code == 0, result.output
    assert "An agreement exists in 100.0%  [99.96%, 100.0%] of draws" in result.stdout
