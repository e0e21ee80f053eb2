"""The `sim` command line. Each command parses options and calls the library.

Errors in the user's input (sim.SimError) become one line on stderr and exit
status 2; nothing is written. Each command imports what it needs when it runs, so
`sim --help` starts in a fraction of a second.
"""

from __future__ import annotations

# Ctrl-C from the first moment: the handler goes in before anything else is imported
# (only signal and sys, which Python has loaded already), so a Ctrl-C while the heavy
# imports load prints "Aborted!" like one later, never a traceback.
import signal
import sys


def _abort_quietly(signum: int, frame: object) -> None:
    """Ctrl-C before Click is ready: the same short message Click prints later."""
    sys.stderr.write("\nAborted!\n")
    sys.exit(1)


if "__mp_main__" in sys.modules:
    # A worker process of this command (multiprocessing imports the program again in
    # each): the command itself answers Ctrl-C and shuts its workers down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
elif sys.argv[0].rsplit("/", 1)[-1] == "sim":  # the program, not a test importing it
    signal.signal(signal.SIGINT, _abort_quietly)

import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

import sim  # noqa: E402
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SEED  # noqa: E402
from sim.scenarios.params import SECTIONS  # noqa: E402


class UserError(click.ClickException):
    """A SimError, shown as 'Error: ...' with exit status 2."""

    exit_code = 2


class SimGroup(click.Group):
    def main(self, *args, **kwargs):
        # From here on Click turns Ctrl-C into "Aborted!" (exit status 1).
        if signal.getsignal(signal.SIGINT) is _abort_quietly:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sim.SimError as exc:
            raise UserError(str(exc)) from None


def progress_bars(quiet: bool):
    """A progress factory for the library: a bar on stderr, only on a terminal."""
    hidden = quiet or not sys.stderr.isatty()

    @contextmanager
    def progress(label: str, total: int):
        with click.progressbar(length=total, label=label, file=sys.stderr,
                               hidden=hidden) as bar:
            yield bar.update
    return progress


def rate_bars(quiet: bool):
    """Like :func:`progress_bars`, showing the runs done and the rate beside the ETA."""
    hidden = quiet or not sys.stderr.isatty()

    @contextmanager
    def progress(label: str, total: int):
        started = time.perf_counter()
        done = 0

        def show(_: object) -> str:
            elapsed = time.perf_counter() - started
            return (f"{done:,} runs, {done / elapsed:,.0f} runs/s" if elapsed > 0 and done
                    else "")

        with click.progressbar(length=total, label=label, file=sys.stderr, hidden=hidden,
                               show_eta=True, item_show_func=show) as bar:
            def tick(n: int) -> None:
                nonlocal done
                done += n
                bar.update(n, done)
            yield tick
    return progress


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


def reps_option(f):
    return click.option("--reps", "-n", type=click.IntRange(1, 1_000_000), default=None,
                        help="Replications per scenario [default: the scenario's "
                             "'replications', 200 if unset].")(f)


def seed_option(f):
    return click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None,
                        help="Master seed [default: the scenario's 'seed'].")(f)


def set_option(f):
    return click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
                        help="Override a parameter, e.g. --set united_states.military_aid=0.9 "
                             "(repeatable; see `sim params`).")(f)


@click.group(cls=SimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(sim.__version__, prog_name="sim")
def main() -> None:
    """sim: run what-if scenarios of the essay's claims about the war in Ukraine.

    An agent-based (Mesa) model of the actors the essay names. Results are
    illustrative, not forecasts.

    \b
      sim run scenarios/baseline.toml scenarios/us_commits.toml
      sim compare results/baseline results/us_commits --plot compare.png
      sim plot results/us_commits
      sim claims --assume scenarios/assumptions/threat_stage.toml
      sim params united_states
    """


@main.command()
@click.argument("scenarios", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@reps_option
@seed_option
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder (one scenario only) [default: results/<file stem>/].")
@set_option
@click.option("--actors/--no-actors", default=None,
              help="Write actors.csv, each actor's weekly state (about 20 KB a run) "
                   "[default: only up to 1,000 runs].")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True,
              help="File format: Parquet is smaller and faster to read for large runs "
                   "(pandas.read_parquet, DuckDB).")
@scale_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary table.")
def run(scenarios: tuple[Path, ...], reps: int | None, seed: int | None, out: Path | None,
        assignments: tuple[str, ...], actors: bool | None, fmt: str, workers: int | None,
        scheduler: str | None, quiet: bool) -> None:
    """Run scenario files and write result CSVs (or Parquet).

    Every scenario is validated before any runs. Each writes summary.csv,
    timeseries.csv, actors.csv and manifest.json to its results folder,
    replacing an earlier one atomically.

    \b
      sim run scenarios/us_commits.toml
      sim run scenarios/baseline.toml --reps 1000 --seed 7 --out results/base
      sim run scenarios/baseline.toml --set china.economic_support=0.2
      sim run scenarios/baseline.toml --reps 100000 --workers 2 --format parquet
    """
    from sim.ensemble.executors import open_executor
    from sim.ensemble.jobs import estimate_seconds, plan_jobs, run_jobs, static_warnings
    from sim.model.relevance import inert_parameters
    from sim.report.tables import files_table, summary_table

    jobs = plan_jobs(scenarios, reps=reps, seed=seed, out=out, overrides=assignments,
                     actors=actors, fmt=fmt)
    for warning in static_warnings(jobs):
        click.echo(f"Warning: {warning}", err=True)
    static = {job.out: len(inert_parameters(job.scenario)) for job in jobs}
    with open_executor(workers, scheduler, estimate_seconds(jobs)) as executor:
        for written in run_jobs(jobs, command=["sim", *sys.argv[1:]],
                                progress=progress_bars(quiet), executor=executor):
            for inert in written.inert[static[written.folder]:]:  # the ones known only now
                click.echo(f"Warning: {written.scenario.source}: {inert.message()}", err=True)
            if not quiet:
                click.echo(summary_table(written))
                click.echo(files_table(written) + "\n")


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.csv",
              help="Also write the numbers as a tidy CSV (one row per scenario x metric); "
                   "'-' for standard output.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.json",
              help="Also write the numbers as JSON; '-' for standard output.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.png",
              help="Draw the front over time and the outcome shares per scenario "
                   "(.png, .svg or .pdf).")
@click.option("--force", is_flag=True,
              help="Use results without a readable manifest.json, unchecked (warned).")
def compare(results: tuple[Path, ...], csv_path: Path | None, json_path: Path | None,
            plot: Path | None, force: bool) -> None:
    """Compare results against the first (the reference), with 95% intervals.

    RESULTS are folders written by `sim run` or their summary.csv files. For
    each scenario: outcome shares, weeks to talks and to a cease-fire, and the
    final front; for each against the reference: the difference, its 95%
    interval and a * when the interval excludes zero.

    \b
      sim compare results/baseline results/us_commits results/us_hesitates
      sim compare results/baseline results/us_commits --csv diff.csv --plot diff.png
      sim compare results/baseline results/us_commits --json - | jq .rows[0]
    """
    from sim.report.commands import compare_results
    from sim.report.tables import comparison_table

    comparison = compare_results(results, csv=csv_path, json_path=json_path, plot=plot,
                                 force=force)
    for warning in comparison.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if "-" not in (str(csv_path), str(json_path)):
        click.echo(comparison_table(comparison))
    for label, path in (("table", csv_path), ("JSON", json_path), ("plot", plot)):
        if path is not None and str(path) != "-":
            click.echo(f"  {label}: {path}", err=True)


@main.command()
@click.argument("results", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.png",
              help="Where to draw the figure (.png, .svg or .pdf) "
                   "[default: plot.png in the results folder].")
@click.option("--force", is_flag=True,
              help="Draw results without a readable manifest.json, unchecked (warned).")
def plot(results: Path, out: Path | None, force: bool) -> None:
    """Draw fan charts of one result: front, Russia's capacity, sanctions, aid,
    unity and Russia's time-on-its-side belief, with talks and cease-fires marked.

    \b
      sim plot results/us_commits
      sim plot results/us_commits --out us_commits.png
    """
    from sim.report.commands import plot_results

    plotted = plot_results(results, out, force)
    for warning in plotted.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"plot: {plotted.path}")


@main.command()
@click.option("--only", multiple=True, metavar="ID",
              help="Check only this claim (repeatable), e.g. --only C4 --only C7.")
@click.option("--reps", "-n", type=click.IntRange(2, 1_000_000), default=CLAIMS_REPS,
              show_default=True, help="Runs per arm.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=CLAIMS_SEED,
              show_default=True, help="Master seed, shared by every arm.")
@click.option("--assume", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.toml",
              help="A partial scenario ([world], [actors.*]) of assumptions applied under "
                   "every arm, e.g. scenarios/assumptions/sanctions_barely_bite.toml.")
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              default=(Path("claims"),), show_default=True, metavar="PATH",
              help="Claim files or folders of them (repeatable).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: results/claims, or "
                   "results/claims-<assumption file stem> with --assume].")
@scale_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no table.")
def claims(only: tuple[str, ...], reps: int, seed: int, assume: Path | None,
           claim_paths: tuple[Path, ...], out: Path | None, workers: int | None,
           scheduler: str | None, quiet: bool) -> None:
    """Check the essay's claims (C1..C14): supported, not supported, inconclusive,
    untestable or calibrated; * marks an effect clearly the other way.

    Each claim compares scenarios that differ only in its condition; a verdict
    says whether the claim holds within this model's assumptions, not whether
    it is true. Every claim can be reversed by a critic's assumption set in
    scenarios/assumptions/. Writes claims.csv, checks.csv, claims.md (with a chart per
    claim) and manifest.json.

    \b
      sim claims
      sim claims --only C4 --only C7 --reps 2000
      sim claims --assume scenarios/assumptions/sanctions_barely_bite.toml
    """
    from sim.report.commands import check_claims
    from sim.report.tables import claims_table

    evaluation, folder = check_claims(claim_paths, only=only, reps=reps, seed=seed,
                                      assume=assume, out=out, command=["sim", *sys.argv[1:]],
                                      progress=progress_bars(quiet), workers=workers,
                                      scheduler=scheduler)
    if not quiet:
        click.echo(claims_table(evaluation))
        click.echo(f"  report: {folder}/claims.md\n")


@main.command()
@click.argument("section", required=False, type=click.Choice(SECTIONS))
@click.option("--markdown", is_flag=True, help="Print the Markdown reference (docs/parameters.md).")
def params(section: str | None, markdown: bool) -> None:
    """List every scenario parameter: type, range, default, meaning and why.

    \b
      sim params
      sim params russia
      sim params --markdown > docs/parameters.md
    """
    from sim.scenarios.reference import render_markdown, render_text

    click.echo(render_markdown() if markdown else render_text(section), nl=False)


@main.command()
@click.argument("scenarios", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@set_option
def check(scenarios: tuple[Path, ...], assignments: tuple[str, ...]) -> None:
    """Validate scenario files and show what each changes from the defaults.

    Every file is checked, and each invalid one gets its error line; the exit status
    is 2 if any is invalid.

    \b
      sim check scenarios/*.toml
    """
    from sim.report.check import check_scenarios

    reports = check_scenarios(scenarios, assignments)
    for report in reports:
        if report.error:
            click.echo(f"Error: {report.error}", err=True)
            continue
        click.echo("\n".join(report.lines))
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
    if any(report.error for report in reports):
        sys.exit(2)


@main.command()
@click.argument("space", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(["lhs", "sobol", "morris"]), default=None,
              help="Sampling and sensitivity method [default: the space's, else lhs].")
@click.option("--points", type=click.IntRange(2, 1_000_000), default=None,
              help="Base sample size: LHS points, Sobol N (a power of two), Morris "
                   "trajectories [default: the space's, else 256].")
@click.option("--reps", "-n", type=click.IntRange(2, 100_000), default=None,
              help="Runs per point, sharing their seeds [default: the space's, else 100].")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None,
              help="Seed of the sample and the runs [default: the space's, else 1].")
@click.option("--claims", "with_claims", is_flag=True,
              help="Also decide C1..C14 at every point: robustness.csv and a box per claim.")
@click.option("--claims-from", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              default=(Path("claims"),), show_default=True, metavar="PATH",
              help="Claim files or folders of them, with --claims (repeatable).")
@click.option("--find", multiple=True, metavar='"MEASURE > median|X"',
              help='An outcome to find PRIM boxes for, e.g. --find "agreement > 0.3" '
                   '(repeatable) [default: "ceasefire_reached > median"].')
@click.option("--boxes/--no-boxes", default=True, show_default=True,
              help="Find PRIM boxes (needs two or more parameters).")
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
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def explore(space: Path, method: str | None, points: int | None, reps: int | None,
            seed: int | None, with_claims: bool, claim_paths: tuple[Path, ...],
            find: tuple[str, ...], boxes: bool, keep_runs: bool, out: Path | None, resume: bool,
            restart: bool, workers: int | None, scheduler: str | None, quiet: bool) -> None:
    """Explore an assumption space: where outcomes and claims hold, and which
    assumptions decide them.

    SPACE is a TOML file: [explore] (scenario, method, points, reps, seed) and
    [uncertain] ("key" = [low, high] or a list of choices). Writes points.csv,
    sensitivity.csv (Sobol S1/ST, Morris mu_star/sigma, or RBD-FAST S1 and PAWN for
    LHS), boxes.csv (PRIM), robustness.csv (with --claims), report.md with figures,
    and manifest.json. Ctrl-C keeps the finished points: continue with --resume.

    \b
      sim explore scenarios/spaces/open_assumptions.toml
      sim explore my_space.toml --method morris --points 64 --reps 100
      sim explore scenarios/spaces/open_assumptions.toml --claims
      sim explore scenarios/spaces/open_assumptions.toml --resume
    """
    from sim.report.commands import explore_space
    from sim.report.tables import exploration_table

    if resume and restart:
        raise UserError("--resume and --restart contradict each other; pass one")
    try:
        exploration, folder = explore_space(
            space, method=method, points=points, reps=reps, seed=seed, claims=with_claims,
            claim_paths=claim_paths, find=find, boxes=boxes, out=out, resume=resume,
            restart=restart, command=["sim", *sys.argv[1:]], progress=rate_bars(quiet),
            keep_runs=keep_runs, warn=lambda note: click.echo(f"Warning: {note}", err=True),
            workers=workers, scheduler=scheduler)
    except KeyboardInterrupt:
        click.echo("\nInterrupted: the finished points are kept; continue with the same "
                   "command and --resume.", err=True)
        sys.exit(130)
    for note in exploration.notes:
        if note != exploration.sample.note:  # already said before the runs
            click.echo(f"Note: {note}", err=True)
    if not quiet:
        click.echo(exploration_table(exploration))
        click.echo(f"  report: {folder}/report.md\n")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (IPv4 or IPv6; ::1 is IPv6 loopback); 0.0.0.0 "
                   "makes the page reachable from other machines (it runs simulations for "
                   "anyone who can reach it).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port to serve on.")
@click.option("--reps", "-n", type=click.IntRange(10, 100_000), default=200,
              show_default=True, help="Runs per setting (each change reruns them).")
def app(host: str, port: int, reps: int) -> None:
    """Serve a page where you move the essay's levers and see the consequences.

    Pick a starting scenario (or upload one), move sliders for the President's stance,
    sanctions, aid, unity, vetoes, guarantees, China and North Korea, apply a critic's
    assumption set, and see the outcomes against a reference with paired intervals,
    the front and Russia's belief over time, and the claims. Download the scenario (a
    file `sim run` reproduces) or the results. Illustrative, not a forecast.

    \b
      sim app
      sim app --port 9000 --reps 300
    """
    from sim.app.server import serve

    serve(host, port, reps, announce=click.echo,
          warn=lambda text: click.echo(f"Warning: {text}", err=True))


if __name__ == "__main__":  # pragma: no cover
    main()
