"""The `sim` command line. Each command parses its options and calls one library function
(in :mod:`sim.report.commands`, or `sim app`'s server).

Errors in the user's input (sim.SimError) become one line on stderr naming the
command's own flags, and exit status 2; nothing is written. Each command imports
what it needs when it runs, so `sim --help` starts in a fraction of a second.
"""

from __future__ import annotations

# Ctrl-C from the first moment: the handler goes in before anything else is imported
# (only os, signal and sys, which Python has loaded already), so a Ctrl-C while the heavy
# imports load prints "Aborted!" like one later, never a traceback.
import os
import signal
import sys


def _abort_quietly(signum: int, frame: object) -> None:
    """Ctrl-C before Click is ready: the same short message Click prints later, and out at
    once. (Not ``sys.exit``: its SystemExit, raised in whatever import was running, can be
    swallowed by a library's broad ``except``, and the command then ran on: seen under
    load. Before Click is ready nothing has been written, so there is nothing to undo.)"""
    sys.stderr.write("\nAborted!\n")
    sys.stderr.flush()
    os._exit(1)


_IS_THE_SIM_PROGRAM = sys.argv[0].rsplit("/", 1)[-1] == "sim"

if sys.modules.get("__mp_main__", sys.modules.get("__main__")) is not sys.modules.get("__main__"):
    # A worker process of this command: multiprocessing runs the program again in each,
    # as "__mp_main__", and the command itself answers Ctrl-C and shuts its workers down.
    # (Importing multiprocessing anywhere makes "__mp_main__" an alias of "__main__"; only
    # while a worker runs the program are they two modules.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
elif (_IS_THE_SIM_PROGRAM  # the program, not a test importing it
      and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
    # (A Ctrl-C the shell told this command to ignore, as for `sim run ... &` in a
    # script, stays ignored.)
    signal.signal(signal.SIGINT, _abort_quietly)

if __name__ == "__main__" or _IS_THE_SIM_PROGRAM:
    # At exit, after the command and every atexit handler registered after this one,
    # freeze every object out of the cyclic collector's reach: Python's shutdown then
    # runs no collections over the libraries' hundreds of thousands of objects (about
    # 0.3 s of every command here, docs/performance.md). Refcounted objects are still
    # freed as usual; only cyclic garbage is left for the OS to reclaim, and nothing of
    # sim's waits on that (every file is closed, and written atomically, before the end).
    import atexit
    import gc

    atexit.register(gc.freeze)

import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

import sim  # noqa: E402
from sim.analysis.settings import (  # noqa: E402
    CLAIMS_FOLDER,
    CLAIMS_REPS,
    CLAIMS_SEED,
    CLAIMS_SET_REPS,
    CLAIMS_SETS,
)
from sim.ensemble.options import ACTORS_UP_TO, CSV_UP_TO, Format  # noqa: E402
from sim.scenarios.params import SECTIONS  # noqa: E402
from sim.scenarios.policies import POLICIES_FILE, ROBUST_DEFAULTS, WORLDS_RANGE
from sim.scenarios.policies import REPS_RANGE as ROBUST_REPS_RANGE
from sim.scenarios.space import (  # noqa: E402
    EXPLORE_DEFAULTS,
    METHODS,
    POINTS_RANGE,
    SPACE_REPS_RANGE,
)
from sim.scenarios.values import DEFAULT_REPLICATIONS, REPS_RANGE, SEED_RANGE  # noqa: E402


class UserError(click.ClickException):
    """A SimError, shown as 'Error: ...' (or, when already said line by line, not again)."""

    def __init__(self, message: str, exit_code: int, said: bool) -> None:
        super().__init__(message)
        self.exit_code, self.said = exit_code, said

    def show(self, file=None) -> None:
        if self.said:
            return
        if self.exit_code == 2:
            super().show(file)
        else:  # an interrupt with work kept: its message is not an error
            click.echo(self.message, err=True)


def flags(command: click.Command) -> dict[str, str]:
    """How this command names the library's arguments: their flags (``--out``)."""
    named = {}
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            named[param.name] = param.opts[0]
            if param.secondary_opts:
                named[f"no_{param.name}"] = param.secondary_opts[0]
    return named


def _interrupt_again(unraisable: object) -> None:
    """A Ctrl-C that lands in a callback Python cannot raise from (a weakref's, during a
    command's lazy imports) would be printed as "Exception ignored" and lost, and the
    command would run on: deliver it again to the main thread, where it is raised as
    usual. Anything else is reported as Python reports it."""
    if isinstance(getattr(unraisable, "exc_value", None), KeyboardInterrupt):
        import _thread

        _thread.interrupt_main()
    else:
        sys.__unraisablehook__(unraisable)


class SimCommand(click.Command):
    def invoke(self, ctx: click.Context):
        # Inside Click's handling from here on: Click turns Ctrl-C into "Aborted!" (exit
        # status 1), and the command's own cleanup (and `sim explore`'s keeping of its
        # finished points) sees it as KeyboardInterrupt.
        if signal.getsignal(signal.SIGINT) is _abort_quietly:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            sys.unraisablehook = _interrupt_again
        try:
            return super().invoke(ctx)
        except sim.SimError as exc:
            raise UserError(exc.render(flags(self)), exc.exit_status, exc.said) from None


class SimGroup(click.Group):
    command_class = SimCommand


def console(quiet: bool = False, as_json: bool = False):
    """The command's console: stdout for tables or JSON, stderr for the rest, flags named."""
    from sim.report.console import Console

    return Console(out=click.echo, err=lambda text: click.echo(text, err=True), quiet=quiet,
                   as_json=as_json, options=flags(click.get_current_context().command))


def progress_bars(quiet: bool, rate: bool = False):
    """A progress factory for the library: a bar on stderr, only on a terminal; ``rate``
    shows the runs done and their rate beside the ETA."""
    hidden = quiet or not sys.stderr.isatty()

    @contextmanager
    def progress(label: str, total: int):
        started, done = time.perf_counter(), 0

        def show(_: object) -> str:
            elapsed = time.perf_counter() - started
            return (f"{done:,} runs, {done / elapsed:,.0f} runs/s" if elapsed > 0 and done
                    else "")

        with click.progressbar(length=total, label=label, file=sys.stderr, hidden=hidden,
                               show_eta=True, item_show_func=show if rate else None) as bar:
            def tick(n: int) -> None:
                nonlocal done
                done += n
                bar.update(n, done)
            yield tick
    return progress


def command_line() -> list[str]:
    """The command as typed, for manifests."""
    return ["sim", *sys.argv[1:]]


def scale_options(f):
    """--workers and --scheduler: where the work runs (docs/scaling.md)."""
    f = click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="Run on an existing Dask cluster, e.g. tcp://host:8786 (its "
                          "workers must run this sim version).")(f)
    return click.option("--workers", type=click.IntRange(0, 4096), default=None,
                        metavar="N",
                        help="Local worker processes: 1 = this process only, 0 = every "
                             "core [default: this process for small jobs, else every "
                             "core].")(f)


def reps_option(default: int | None, what: str, low: int = REPS_RANGE[0],
                high: int = REPS_RANGE[1]):
    return click.option("--reps", "-n", type=click.IntRange(low, high), default=default,
                        show_default=default is not None, help=what)


def seed_option(default: int | None, what: str):
    return click.option("--seed", type=click.IntRange(*SEED_RANGE), default=default,
                        show_default=default is not None, help=what)


def set_option(f):
    return click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
                        help="Override a parameter, e.g. --set united_states.military_aid=0.9 "
                             "(repeatable; see `sim params`).")(f)


def record_option(f):
    return click.option("--record", "record_folder",
                        type=click.Path(file_okay=False, path_type=Path),
                        default=Path("record"), show_default=True,
                        help="The record's folder.")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True,
                        help="Print the numbers as one JSON document instead of the table.")(f)


def quiet_option(f):
    return click.option("--quiet", "-q", is_flag=True,
                        help="No progress bar and no table (warnings still show).")(f)


@click.group(cls=SimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(sim.__version__, prog_name="sim")
def main() -> None:
    """sim: run what-if scenarios of the essay's claims about the war in Ukraine.

    An agent-based (Mesa) model of the actors the essay names. Results are
    conditional projections of a model fitted to 2023-24, not forecasts.

    \b
      sim run scenarios/baseline.toml scenarios/us_commits.toml
      sim compare results/baseline results/us_commits --plot compare.png
      sim plot results/us_commits
      sim claims --assume scenarios/assumptions/threat_stage.toml
      sim robust
      sim params united_states
    """


@main.command()
@click.argument("paths", nargs=-1, metavar="SCENARIOS...",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "from_folder", type=click.Path(path_type=Path), default=None,
              metavar="FOLDER",
              help="Continue the saved runs of this results folder (one `sim run` wrote) "
                   "from --at under new levers: a move in a wargame, paired run by run "
                   "with the runs it continues. The levers are --set's and those a "
                   "SCENARIO file sets itself (docs/wargame.md).")
@click.option("--at", default=None, metavar="DATE",
              help="With --from: the date the move takes effect, YYYY-MM-DD (the first "
                   "week starting on or after it).")
@reps_option(None, "Replications per scenario [default: the scenario's 'replications', "
                   f"{DEFAULT_REPLICATIONS} if unset].")
@seed_option(None, "Master seed [default: the scenario's 'seed'].")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder (one scenario only) [default: results/<file stem>/].")
@set_option
@click.option("--point", is_flag=True,
              help="Every run takes the calibration's central parameter set, instead of "
                   "each drawing one of its plausible sets (world.parameter_sets).")
@click.option("--actors/--no-actors", default=None,
              help="Write actors.csv, each actor's weekly state (about 20 KB a run) "
                   f"[default: only up to {ACTORS_UP_TO:,} runs].")
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]),
              default=None,
              help="File format: Parquet is smaller and faster to write and read for large "
                   "runs (pandas.read_parquet, DuckDB) [default: csv up to "
                   f"{CSV_UP_TO:,} runs, parquet above].")
@scale_options
@json_option
@quiet_option
def run(quiet: bool, as_json: bool, from_folder: Path | None, at: str | None,
        **options) -> None:
    """Run scenario files and write result CSVs (or Parquet).

    Every scenario is validated before any runs. Each writes summary.csv,
    timeseries.csv, actors.csv and manifest.json to its results folder,
    replacing an earlier one atomically. With --from and --at, continues saved
    runs from a date under new levers instead (a move in a wargame).

    \b
      sim run scenarios/us_commits.toml
      sim run scenarios/baseline.toml --reps 1000 --seed 7 --out results/base
      sim run scenarios/baseline.toml --set china.economic_support=0.2
      sim run scenarios/baseline.toml --point
      sim run scenarios/baseline.toml --reps 100000 --workers 2 --format parquet
      sim run --from results/baseline --at 2026-03-05 scenarios/us_commits.toml
      sim run --from results/us_commits --at 2026-03-05 --set united_states.military_aid=0
    """
    from sim.report.commands import continue_command, run_command

    if from_folder is None and at is None:
        if not options["paths"]:
            context = click.get_current_context()
            paths = next(p for p in context.command.params if p.name == "paths")
            raise click.MissingParameter(ctx=context, param=paths)
        run_command(**options, command=command_line(),
                    progress=progress_bars(quiet or as_json), console=console(quiet, as_json))
        return
    _only_what_continues(from_folder, at, options)
    continue_command(from_folder, at, options["paths"], options["overrides"], options["out"],
                     options["workers"], options["scheduler"], command=command_line(),
                     progress=progress_bars(quiet or as_json), console=console(quiet, as_json))


def _only_what_continues(from_folder: Path | None, at: str | None, options: dict) -> None:
    """--from and --at go together; the options that would change the saved runs (their
    count, seed, parameter sets, format, tables) are refused: a continuation reruns them
    as they were, so that they pair one to one."""
    from sim.errors import argument

    if from_folder is None or at is None:
        given, missing = ("from_folder", "at") if at is None else ("at", "from_folder")
        raise sim.SimError(f"{argument(given)} needs {argument(missing)}: continue the saved "
                           "runs of a folder from a date, e.g. --from results/baseline --at "
                           "2026-03-05")
    for name, unset in (("reps", None), ("seed", None), ("point", False), ("actors", None),
                        ("fmt", None)):
        if options[name] != unset:
            raise sim.SimError(f"{argument(name)}: a continuation reruns the saved runs as "
                               "they were (their runs, seed, parameter sets, format and "
                               f"tables), so that they pair one to one; drop {argument(name)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="RESULTS...",
                type=click.Path(path_type=Path))
@click.option("--csv", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.csv",
              help="Also write the numbers as a tidy CSV (one row per scenario x metric); "
                   "'-' for standard output.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.json",
              help="Also write the numbers as JSON; '-' for standard output.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.png",
              help="Draw the territory Russia holds over time and the outcome shares per scenario "
                   "(.png, .svg or .pdf).")
@click.option("--force", is_flag=True,
              help="Use results without a readable manifest.json, unchecked (warned).")
def compare(**options) -> None:
    """Compare results against the first (the reference), with 95% intervals.

    RESULTS are folders written by `sim run` or their summary.csv files. For
    each scenario: outcome shares, weeks to talks and to a cease-fire, the ground
    Russia gained (km2) and aid and revenue (EUR bn); for each against the
    reference: the difference, its 95%
    interval and a * when the interval excludes zero.

    \b
      sim compare results/baseline results/us_commits results/us_hesitates
      sim compare results/baseline results/us_commits --csv diff.csv --plot diff.png
      sim compare results/baseline results/us_commits --json - | jq .rows[0]
    """
    from sim.report.commands import compare_command

    compare_command(**options, console=console())


@main.command()
@click.argument("path", metavar="RESULTS", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.png",
              help="Where to draw the figure (.png, .svg or .pdf) "
                   "[default: plot.png in the results folder].")
@click.option("--force", is_flag=True,
              help="Draw results without a readable manifest.json, unchecked (warned).")
def plot(**options) -> None:
    """Draw fan charts of one result: the territory Russia holds (km2), its
    capacity, sanctions, aid delivered (EUR bn), unity and Russia's time-on-its-side
    belief, with talks and cease-fires marked.

    \b
      sim plot results/us_commits
      sim plot results/us_commits --out us_commits.png
    """
    from sim.report.commands import plot_command

    plot_command(**options, console=console())


@main.command()
@click.option("--only", multiple=True, metavar="ID",
              help="Check only this claim (repeatable), e.g. --only C4 --only C7.")
@reps_option(CLAIMS_REPS, "Runs per arm (the pooled effect, every run drawing a plausible "
                          "set).", low=2)
@click.option("--sets", type=click.IntRange(0, 10_000), default=CLAIMS_SETS, show_default=True,
              help="Plausible worlds (parameter sets of the calibration) each claim is "
                   "decided in; its verdict is over them. 0: the pooled verdict only.")
@click.option("--set-reps", type=click.IntRange(10, 100_000), default=CLAIMS_SET_REPS,
              show_default=True,
              help="Runs per arm in each world, to start with (doubled as needed, to at most "
                   "8 times as many, for a claim whose checks are wider than half their "
                   "margin).")
@click.option("--assumed/--no-assumed", default=True, show_default=True,
              help="Decide each decisive claim again at both ends of each judgement's "
                   "plausible range (scenarios/spaces/open_assumptions.toml), one at a time: "
                   "a claim whose verdict flips there is assumed.")
@seed_option(CLAIMS_SEED, "Master seed, shared by every arm.")
@click.option("--assume", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.toml",
              help="A partial scenario ([world], [actors.*]) of assumptions applied under "
                   "every arm, e.g. scenarios/assumptions/sanctions_barely_bite.toml; each "
                   "claim is also decided at strengths 0-1 of its mechanism (tips at).")
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              default=(Path(CLAIMS_FOLDER),), show_default=True, metavar="PATH",
              help="Claim files or folders of them (repeatable).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: results/claims, or "
                   "results/claims-<assumption file stem> with --assume].")
@scale_options
@json_option
@quiet_option
def claims(quiet: bool, as_json: bool, **options) -> None:
    """Check the essay's claims (C1..C14): supported, not supported, inconclusive,
    untestable, assumed or calibrated; * marks an effect clearly the other way.

    Each claim compares scenarios that differ only in its condition, in the worlds
    that fit the record: decided in each of --sets plausible parameter sets, it is
    supported when it holds in at least 80% of them (the 95% interval's lower
    bound), not supported when in at most 20% and it fails in most others;
    assumed when that flips at an end of one judgement's plausible range. A
    verdict says whether the claim holds within this model's assumptions, not
    whether it is true. Every claim can be reversed by a critic's assumption set in
    scenarios/assumptions/. Writes claims.csv, checks.csv, claims.md (with a chart per
    claim) and manifest.json.

    \b
      sim claims
      sim claims --only C4 --only C7 --reps 2000
      sim claims --assume scenarios/assumptions/sanctions_barely_bite.toml
    """
    from sim.report.commands import claims_command

    claims_command(**options, command=command_line(), progress=progress_bars(quiet or as_json),
                   console=console(quiet, as_json))


@main.command()
@click.argument("section", required=False, type=click.Choice(SECTIONS))
@click.option("--markdown", is_flag=True, help="Print the Markdown reference (docs/parameters.md).")
@json_option
def params(as_json: bool, **options) -> None:
    """List every scenario parameter: type, range, default, meaning and why.

    \b
      sim params
      sim params russia
      sim params --markdown > docs/parameters.md
    """
    from sim.report.commands import params_command

    params_command(**options, console=console(as_json=as_json))


@main.command()
@click.argument("folder", required=False, default="record",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--inputs", is_flag=True, help="List what the replay feeds in, not the targets.")
@click.option("--role", type=click.Choice(["fit", "validate", "pattern"]), default=None,
              help="Only the targets of this role.")
@click.option("--history", is_flag=True,
              help="Print the replay scenario the inputs make (scenarios/history.toml).")
@click.option("--against", type=click.Path(path_type=Path), default=None, metavar="RESULTS",
              help="Compare a results folder of scenarios/history.toml with the fit "
                   "targets (2025 stays held out).")
@json_option
def record(as_json: bool, **options) -> None:
    """Check and list the war's record: the targets the model is held against (fit,
    validate: the held-out 2025, pattern: base rates) or the inputs it replays; or how
    runs of the replay compare with the targets.

    Every number has a unit and a source; see docs/record.md.

    \b
      sim record
      sim record --role validate
      sim record --inputs --json
      sim record --history > scenarios/history.toml
      sim run scenarios/history.toml && sim record --against results/history
    """
    from sim.report.commands import record_command

    record_command(**options, console=console(as_json=as_json))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="SCENARIOS...",
                type=click.Path(dir_okay=False, path_type=Path))
@set_option
@json_option
def check(as_json: bool, **options) -> None:
    """Validate scenario files and show what each changes from the defaults.

    Every file is checked, and each invalid one gets its error line; the exit status
    is 2 if any is invalid.

    \b
      sim check scenarios/*.toml
    """
    from sim.report.commands import check_command

    check_command(**options, console=console(as_json=as_json))


@main.command()
@click.argument("space_path", metavar="SPACE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(METHODS), default=None,
              help="Sampling and sensitivity method [default: the space's, else "
                   f"{EXPLORE_DEFAULTS['method']}].")
@click.option("--points", type=click.IntRange(*POINTS_RANGE), default=None,
              help="Base sample size: LHS points, Sobol N (a power of two), Morris "
                   f"trajectories [default: the space's, else {EXPLORE_DEFAULTS['points']}].")
@reps_option(None, "Runs per point, sharing their seeds [default: the space's, else "
                   f"{EXPLORE_DEFAULTS['reps']}].", low=SPACE_REPS_RANGE[0],
             high=SPACE_REPS_RANGE[1])
@seed_option(None, "Seed of the sample and the runs [default: the space's, else "
                   f"{EXPLORE_DEFAULTS['seed']}].")
@click.option("--claims", is_flag=True,
              help="Also decide C1..C14 at every point: robustness.csv and a box per claim.")
@click.option("--claims-from", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              metavar="PATH",
              help="Claim files or folders of them, with --claims (repeatable) "
                   f"[default: {CLAIMS_FOLDER}].")
@click.option("--find", multiple=True, metavar='"MEASURE > median|X"',
              help='An outcome to find PRIM boxes for, e.g. --find "agreement > 0.3" '
                   '(repeatable) [default: "ceasefire_reached > median"].')
@click.option("--boxes/--no-boxes", default=True, show_default=True,
              help="Find PRIM boxes (needs two or more parameters).")
@click.option("--sensitivity/--no-sensitivity", default=True, show_default=True,
              help="Compute the sensitivity indices (sensitivity.csv).")
@click.option("--figures/--no-figures", default=True, show_default=True,
              help="Draw the report's figures (PNG).")
@click.option("--keep-runs", is_flag=True,
              help="Also keep every run of the space's scenario: runs.parquet (one row per "
                   "run) and timeseries.parquet (per run per week).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: results/explore-<space file stem>].")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted exploration of the same space and seed.")
@click.option("--restart", is_flag=True,
              help="Discard an interrupted exploration and start over.")
@scale_options
@json_option
@quiet_option
def explore(quiet: bool, as_json: bool, **options) -> None:
    """Explore an assumption space: where outcomes and claims hold, and which
    assumptions decide them.

    SPACE is a TOML file: [explore] (scenario, method, points, reps, seed) and
    [uncertain] ("key" = [low, high] or a list of choices). Writes points.csv,
    sensitivity.csv (Sobol S1/ST, Morris mu_star/sigma, or RBD-FAST S1 and PAWN for
    LHS), boxes.csv (PRIM), robustness.csv (with --claims), report.md with figures,
    and manifest.json. Only what is asked for is computed: --no-boxes,
    --no-sensitivity and --no-figures skip those analyses (and their libraries'
    imports), for the per-point measures alone. Ctrl-C keeps the finished points:
    continue with --resume.

    \b
      sim explore scenarios/spaces/open_assumptions.toml
      sim explore my_space.toml --method morris --points 64 --reps 100
      sim explore scenarios/spaces/open_assumptions.toml --claims
      sim explore scenarios/spaces/open_assumptions.toml --resume
    """
    from sim.report.commands import explore_command

    explore_command(**options, command=command_line(),
                    progress=progress_bars(quiet or as_json, rate=True),
                    console=console(quiet, as_json))


@main.command()
@click.argument("policies_path", metavar="[POLICIES]",
                type=click.Path(dir_okay=False, path_type=Path),
                default=Path(POLICIES_FILE), required=False)
@click.option("--worlds", type=click.IntRange(*WORLDS_RANGE), default=None,
              help="Plausible worlds: parameter sets of each world's calibration (the "
                   "essay's and each critic's) every strategy runs in [default: the file's, else "
                   f"{ROBUST_DEFAULTS['worlds']}].")
@reps_option(None, "Runs per strategy in each future, the same seeds for every strategy "
                   f"[default: the file's, else {ROBUST_DEFAULTS['reps']}].",
             low=ROBUST_REPS_RANGE[0], high=ROBUST_REPS_RANGE[1])
@seed_option(None, "Seed of the worlds drawn and of the runs [default: the file's, else "
                   f"{ROBUST_DEFAULTS['seed']}].")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder, replaced atomically [default: "
                   "results/robust-<policies file stem>].")
@click.option("--boxes/--no-boxes", default=True, show_default=True,
              help="Find each strategy's PRIM box: where, in the worlds' parameters, it "
                   "fails (boxes.csv).")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted study of the same policies, worlds, runs and "
                   "seed.")
@click.option("--restart", is_flag=True,
              help="Discard an interrupted study and start over.")
@scale_options
@json_option
@quiet_option
def robust(quiet: bool, as_json: bool, **options) -> None:
    """Robust decision making: which strategy holds up across the worlds that fit
    the record.

    POLICIES is a TOML file (docs/robust.md) [default: scenarios/policies/essay.toml]:
    [robust] (scenario, worlds, reps, seed), [[measure]] tables (a measure and its
    threshold: at_most or at_least) and two or more [[strategy]] tables, each with its
    [strategy.levers] (policies of the US, Congress, the EU, France, the UK, NATO),
    and optionally [futures] critics = [...] or "all that fit": the critics'
    assumption sets (scenarios/assumptions/) whose worlds fit the record of 2023-24
    are crossed with the plausible sets (one that does not fit is excluded, and
    said so). Every strategy runs in the same futures (a world x a plausible set)
    with the same run seeds. For each strategy, pooled and per world: satisficing
    (the share of futures where it meets every threshold, with a 95% interval) and,
    per measure, its regret (how far from the best strategy in the same future: the
    maximum and 90th percentile) and its mean and 5-95% spread; and a PRIM box per
    strategy (the conditions, in the futures' parameters and worlds, under which it
    fails: --no-boxes skips it and EMA Workbench's import). Writes strategies.csv,
    critics.csv, worlds.csv, boxes.csv, robust.png, report.md and manifest.json.
    Ctrl-C keeps the finished tasks: continue with --resume. Results are conditional
    projections of a model fitted to 2023-24, not forecasts.

    \b
      sim robust
      sim robust --worlds 16 --reps 50 --out results/robust-quick
      sim robust my_policies.toml --workers 2
      sim robust --resume
      sim robust --json | jq '.strategies[] | {strategy, satisficing}'
    """
    from sim.report.commands import robust_command

    robust_command(**options, command=command_line(),
                   progress=progress_bars(quiet or as_json, rate=True),
                   console=console(quiet, as_json))


@main.command()
@click.argument("space_path", metavar="[SPACE]",
                type=click.Path(dir_okay=False, path_type=Path),
                default=Path("scenarios/spaces/calibration.toml"), required=False)
@click.option("--waves", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Waves of history matching, each refocused on the last's survivors.")
@click.option("--points", type=click.IntRange(*POINTS_RANGE), default=None,
              help="Points per wave [default: the space's].")
@reps_option(None, "Runs of the replay per point, sharing their seeds (at least 30) "
                   "[default: the space's].")
@seed_option(None, "Seed of the samples and the runs [default: the space's].")
@record_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("results/calibration"), show_default=True,
              help="Results folder (replaced atomically).")
@scale_options
@json_option
@quiet_option
def calibrate(quiet: bool, as_json: bool, **options) -> None:
    """Calibrate by history matching: which values of the free parameters make the
    replay of 2023-24 (scenarios/history.toml) reproduce the record's fit targets.

    SPACE is a space file (as for `sim explore`) whose scenario is the replay and whose
    [uncertain] ranges are the priors. The first wave is a Latin hypercube over them;
    each wave runs the replay at every point and keeps the points whose implausibility
    is at most 3 on every fit target; later waves are drawn around the survivors. 2025
    stays held out. Writes waves.csv, points.csv, plausible.csv, sets.csv (the sets
    `sim run` draws), targets.png, report.md and manifest.json. The shipped calibration
    is the folder calibration/, rewritten by the second example.

    \b
      sim calibrate
      sim calibrate scenarios/spaces/calibration.toml --out calibration
    """
    from sim.report.commands import calibrate_command

    calibrate_command(**options, command=command_line(),
                      progress=progress_bars(quiet or as_json, rate=True),
                      console=console(quiet, as_json))


@main.command()
@reps_option(1000, "Runs of the replay and of the baseline after it.")
@seed_option(20250904, "Master seed of the runs.")
@record_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("validation/predictions"), show_default=True,
              help="Predictions folder (replaced atomically).")
@json_option
@quiet_option
def predict(quiet: bool, as_json: bool, **options) -> None:
    """Predict the held-out year: each 2025 target the model produces, from each run's
    replay of the record to the essay's date joined to the same run of the baseline
    after it, under the calibration's plausible parameter sets.

    Writes predictions.csv (each target's runs: mean, 5th, 50th and 95th percentile) and
    manifest.json, which records the file's sha256 and what made it (model version,
    record, replay, calibration). Commit the folder before `sim validate` compares it
    with the record.

    \b
      sim predict
    """
    from sim.report.commands import predict_command

    predict_command(**options, command=command_line(), console=console(quiet, as_json))


@main.command()
@click.argument("predictions", type=click.Path(file_okay=False, path_type=Path),
                default=Path("validation/predictions"), required=False)
@record_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("validation/scores"), show_default=True,
              help="Scores folder (replaced atomically).")
@json_option
@quiet_option
def validate(quiet: bool, as_json: bool, **options) -> None:
    """Score committed 2025 predictions against the record's held-out targets.

    PREDICTIONS is a folder `sim predict` wrote (refused if predictions.csv is not the
    file its manifest's sha256 names). For each target: whether the observation lies in
    the 90% interval, the interval's width, its interval score (Gneiting & Raftery 2007;
    lower is better) and the scores of two naive forecasts made from the fit years alone
    (2024 repeated; the 2023-24 trend). Writes scores.csv, report.md and manifest.json.

    \b
      sim validate
    """
    from sim.report.commands import validate_command

    validate_command(**options, command=command_line(), console=console(quiet, as_json))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="RESULTS...",
                type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.html"), show_default=True,
              help="The HTML file to write (replaced atomically).")
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the same document as a PDF (drawn by fpdf2, which installs "
                   "with sim).")
@click.option("--title", default="", metavar="TEXT",
              help="The document's title [default: What follows from the essay's argument: "
                   "a study with sim].")
@quiet_option
def report(quiet: bool, **options) -> None:
    """Write one self-contained HTML document of a study (figures embedded, no network).

    RESULTS are any mix of folders written by sim run, claims, explore, calibrate,
    robust, predict and validate, and tables written by sim compare --csv. The document
    says what was run (commands, seeds, versions), the outcomes in km2 and EUR bn with
    intervals (differences when several run folders are given), one card per claim
    (verdict and where it comes from, effect, robustness over the plausible worlds,
    where it fails, each critic's verdict and tipping strength: give one claims folder
    per critic), the strategies' robustness and regret, how the model fits the record
    and scored on its held-out year (the shipped calibration unless you give one), and
    every assumption with its source. Conditional projections, not forecasts.

    \b
      sim report results/us_commits results/baseline
      sim report results/claims results/robust-essay -o study.html --pdf study.pdf
    """
    from sim.report.commands import report_command

    report_command(**options, command=command_line(), console=console(quiet))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (IPv4 or IPv6; ::1 is IPv6 loopback); 0.0.0.0 "
                   "makes the page reachable from other machines (it runs simulations for "
                   "anyone who can reach it).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port to serve on.")
@reps_option(DEFAULT_REPLICATIONS, "Runs per setting (each change reruns them).", low=10,
             high=100_000)
def app(**options) -> None:
    """Serve a page where you move the essay's levers and see the consequences.

    Pick a starting scenario (or upload one), move sliders for the President's stance,
    sanctions, aid, unity, vetoes, guarantees, China and North Korea, apply a critic's
    assumption set, and see the outcomes against a reference with paired intervals,
    the territory Russia holds and its belief over time, and the claims. Download the scenario (a
    file `sim run` reproduces) or the results. Conditional projections, not forecasts.

    \b
      sim app
      sim app --port 9000 --reps 300
    """
    from sim.app.server import serve

    serve(**options, console=console())


if __name__ == "__main__":  # pragma: no cover
    main()
