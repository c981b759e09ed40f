"""What every command shares: loading inputs, reporting problems, JSON, progress."""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from accord.errors import InputError, Problem, set_twice
from accord.scenario.document import parse_file
from accord.scenario.genius import DEFAULT_INTERVALS
from accord.scenario.io import load_proposal, proposal_from_assignments, shared_proposal_ids
from accord.scenario.model import Proposal, Scenario
from accord.validate import Validation, in_folder, scenario_folder, validate_path

__all__ = [
    "MAX_SEED",
    "console",
    "emit_json",
    "err_console",
    "guarded",
    "import_notes",
    "load_checked",
    "load_proposals",
    "located",
    "locating",
    "parse_overrides",
    "progress_bar",
    "scenario_folder",
]

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")

#: The largest --seed of every command: the compiled kernels take 64-bit signed integers.
MAX_SEED = 2**63 - 1

#: Show a progress bar for passes over more deals than this.
PROGRESS_THRESHOLD = 2_000_000


def _clean(value: Any) -> Any:
    """JSON has no infinities or NaN: write them as null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on standard output."""
    sys.stdout.write(json.dumps(_clean(data), indent=2, ensure_ascii=False) + "\n")


def report_problems(problems: Sequence[Problem], as_json: bool) -> None:
    """Print problems: as JSON on standard output, or as text on standard error."""
    if as_json:
        emit_json({"ok": False, "errors": [p.to_dict() for p in problems]})
        return
    for p in problems:
        err_console.print(p.format(), markup=False, soft_wrap=True)
    n = len(problems)
    err_console.print(f"{n} error{'s' if n != 1 else ''}.", style="bold red")


#: The exit status of a command whose reader went away: 1, as Python's documentation
#: recommends and as rich's console does for the text it prints.
PIPE_CLOSED = 1


def pipe_closed() -> int:
    """Quietly stop writing after the reader of standard output has gone (``| head``).

    Standard output is pointed at the null device, so that Python's final flush
    does not fail again, and :data:`PIPE_CLOSED` is returned.
    """
    with contextlib.suppress(OSError, ValueError):     # no stdout to redirect: nothing to do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return PIPE_CLOSED


def _interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` was raised because of a Ctrl-C (a ``KeyboardInterrupt`` in its chain).

    A signal that arrives while numba's dispatcher runs can surface as a
    ``SystemError`` (or numba's own error) whose cause or context is the
    ``KeyboardInterrupt``.

    Examples
    --------
    >>> try:
    ...     try:
    ...         raise KeyboardInterrupt
    ...     except KeyboardInterrupt:
    ...         raise SystemError("returned a result with an exception set")
    ... except SystemError as exc:
    ...     _interrupted(exc)
    True
    >>> _interrupted(ValueError("a bug"))
    False
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command so that bad input exits with code 2 and a clear message.

    An unexpected failure (a bug) exits with code 1 and asks for a report; the
    traceback is shown only when ``ACCORD_DEBUG`` is set.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        as_json = bool(kwargs.get("as_json", False))
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            report_problems(exc.problems, as_json)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(pipe_closed()) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _interrupted(exc):    # Ctrl-C inside compiled code, re-raised as another error
                err_console.print("interrupted")
                raise typer.Exit(130) from None
            if os.environ.get("ACCORD_DEBUG"):
                traceback.print_exc()
            err_console.print(f"internal error: {type(exc).__name__}: {exc}\n"
                              "This is a bug in accord; please report it with the command "
                              "you ran (set ACCORD_DEBUG=1 to see the traceback).",
                              style="red", markup=False)
            raise typer.Exit(1) from None

    return wrapper


def load_checked(path: Path, numbered: bool = True, step: float | None = None,
                 intervals: int = DEFAULT_INTERVALS) -> Validation:
    """Load and fully check a scenario file, or read a GENIUS folder (raises ``InputError``).

    For a folder, how its real issues were discretised, the files it skipped
    and what its reading found doubtful go to standard error (standard output
    stays the command's): a party whose file was skipped is missing from the
    analysis, and the user must see that.
    ``numbered=False``: a space too large to number passes, when it has no
    constraints (:func:`~accord.validate.validate_file`). ``step`` and
    ``intervals`` cut a folder's real issues (see :func:`discretisation`).
    """
    checked = validate_path(path, count_feasible=False, numbered=numbered, step=step,
                            intervals=intervals)
    if checked.imported is not None:
        for line in import_notes(checked, path):
            err_console.print(line, style="dim", markup=False, soft_wrap=True)
        for f, reason in checked.imported.skipped:
            err_console.print(f"{path}: skipped {f.name}: {reason}", style="yellow",
                              markup=False, soft_wrap=True)
        for w in checked.imported.warnings:
            err_console.print(w.format(), style="yellow", markup=False, soft_wrap=True)
    return checked


def located(path: Path, error: InputError) -> InputError:
    """``error`` with each problem that has no file placed in the scenario at ``path``.

    For a scenario file, each problem gets the line and column of its path in
    the file (or of the nearest part of it the file has); for a GENIUS folder,
    the folder.
    """
    if all(p.file for p in error.problems):
        return error
    if path.is_dir():
        return InputError(in_folder(error.problems, path))
    doc = parse_file(path)
    return InputError(tuple(p if p.file else doc.locate(p) for p in error.problems))


@contextmanager
def locating(path: Path) -> Iterator[None]:
    """Raise what the body refuses in the scenario at ``path`` :func:`located` there."""
    try:
        yield
    except InputError as exc:
        raise located(path, exc) from None


def import_notes(checked: Validation, path: Path) -> list[str]:
    """What reading a GENIUS folder decided: each real issue's steps, and how to change them."""
    if checked.imported is None or not checked.imported.discretised:
        return []
    return [f"{path}: {d.describe()}" for d in checked.imported.discretised] + [
        f"  (other steps: --step S or --intervals N to validate and analyze; for every "
        f"command, accord import genius {path} -o scenario.yaml --step S)"]


def load_proposals(scenario: Scenario, files: Sequence[Path], assignments: Sequence[str],
                   scenario_dir: Path | None = None) -> list[Proposal]:
    """Proposals from files, and one more from ``--set`` assignments (if any).

    With exactly one file and some assignments, the assignments modify that file's
    proposal instead.
    """
    problems: list[Problem] = []
    proposals: list[Proposal] = []
    for f in files:
        try:
            proposals.append(load_proposal(f, scenario, scenario_dir))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(tuple(problems))
    problems = shared_proposal_ids(list(zip(files, proposals, strict=True)))
    if problems:
        raise InputError(tuple(problems))
    if assignments:
        base = proposals.pop() if len(proposals) == 1 else None
        proposals.append(proposal_from_assignments(assignments, scenario, base))
    return proposals


def parse_overrides(items: Sequence[str]) -> dict[str, float | bool]:
    """``path=value`` strings (as ``--param`` gives them) as a mapping."""
    out: dict[str, float | bool] = {}
    given: dict[str, str] = {}      # path -> the text that set it
    problems = []
    for text in items:
        path, sep, raw = text.partition("=")
        value: float | bool
        if not sep or not path.strip():
            problems.append(Problem("bad --param", expected="path=value, e.g. ru.reservation=0.4",
                                    found=repr(text), file="<command line>"))
            continue
        raw = raw.strip()
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            try:
                value = float(raw)
                if "_" in raw:      # Python's float() reads '1_0' as 10: a typo, not a number
                    raise ValueError(raw)
            except ValueError:
                problems.append(Problem("bad --param value", path=("--param", path.strip()),
                                        expected="a number (or true/false for veto)",
                                        found=repr(raw), file="<command line>"))
                continue
            if not math.isfinite(value):
                problems.append(Problem("bad --param value", path=("--param", path.strip()),
                                        expected="a finite number", found=repr(raw),
                                        file="<command line>"))
                continue
        if path.strip() in given:
            problems.append(set_twice("--param", path.strip(), "parameter",
                                      given[path.strip()], text))
            continue
        given[path.strip()] = text
        out[path.strip()] = value
    if problems:
        raise InputError(tuple(problems))
    return out


@contextmanager
def progress_bar(total: int, label: str, enabled: bool, threshold: int = PROGRESS_THRESHOLD,
                 ) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback for ``total`` units of work (``None`` when not shown).

    Shown on a terminal only, and only when ``total`` reaches ``threshold``
    (large enough that the work takes more than a second).
    """
    if not enabled or total < threshold or not err_console.is_terminal:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, total_now: int) -> None:
            bar.update(task, completed=done, total=total_now)

        yield update


def discretisation(step: float | None, intervals: int | None,
                   path: Path | None = None) -> tuple[float | None, int]:
    """``--step`` and ``--intervals`` checked: at most one, and only for a GENIUS folder.

    Returns the step (``None``: by intervals) and the number of intervals.
    ``path`` is the file or folder the command reads, when it may be either.
    """
    given = [f"--{name}" for name, v in (("step", step), ("intervals", intervals))
             if v is not None]
    if len(given) == 2:
        raise InputError.single("--step and --intervals both given", file="<command line>",
                                expected="one of them: a step size, or a number of steps",
                                found=f"--step {step:g} and --intervals {intervals}",
                                suggestion="keep the one you mean")
    if given and path is not None and not path.is_dir():
        raise InputError.single(f"{given[0]} applies to a GENIUS folder", file="<command line>",
                                expected="a GENIUS domain folder, whose real issues it cuts",
                                found=f"the file {path}",
                                suggestion=f"leave out {given[0]}: a scenario file's issues "
                                           "are already discrete")
    return step, DEFAULT_INTERVALS if intervals is None else intervals

