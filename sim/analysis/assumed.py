"""Which verdicts are assumed: a claim whose verdict flips within the plausible range of one
judgement parameter, whatever reason its default gives.

Many defaults are judgements (often the essay's own words), and each claim rests on some of
them. The judgement parameters and their plausible ranges are the open assumptions' space
(``scenarios/spaces/open_assumptions.toml``; docs/explore.md gives each range's reason).
Each is moved, one at a time, to each end of its range under every arm (the other
parameters as the claims' world has them; an arm that sets it keeps its own value, and an
assumption set that sets it keeps that), and each claim is decided again on the pooled
runs, beside the same runs with every judgement as the world has it. A claim whose
verdict (over the worlds) is decisive, whose pooled verdict there agrees with it, and
whose pooled verdict at some end is the opposite (supported to not supported, or the
other way), is *assumed*: the flip names the parameter and the end. So is a supported (or
calibrated) claim whose effects are nothing at all at an end (its arms are the same run
by run there), so its support exists only through that judgement; a floor at an end is
not enough (it says the claim cannot be tested there, not that it rests on the end). A move to inconclusive is no flip (more runs may settle it). The parameters the
calibration draws are not judgements: the worlds vary them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.analysis.claims import Verdict
from sim.scenarios.history import REPLAY_FILE
from sim.scenarios.plausible import shipped
from sim.scenarios.space import load_space
from sim.scenarios.values import Value

#: The judgement parameters' plausible ranges, as the checkout ships them.
JUDGEMENT_SPACE = REPLAY_FILE.parent / "spaces" / "open_assumptions.toml"
#: Runs per arm at each end (the flips sought are from one decisive verdict to the other).
ASSUMED_REPS = 300
#: The verdicts a flip can be from, and what each flips to.
_OPPOSITE = {Verdict.SUPPORTED: Verdict.NOT_SUPPORTED, Verdict.CALIBRATED: Verdict.NOT_SUPPORTED,
             Verdict.NOT_SUPPORTED: Verdict.SUPPORTED}
#: The verdicts in which a claim holds.
_HOLDS = (Verdict.SUPPORTED, Verdict.CALIBRATED)


@dataclass(frozen=True)
class End:
    """One end of a judgement parameter's plausible range."""

    key: str
    value: float | int

    def describe(self) -> str:
        return f"{self.key} = {self.value:g}"


@dataclass(frozen=True)
class Flip:
    """A claim's pooled verdict at one end of a judgement range, opposite to its own."""

    end: End
    verdict: Verdict


def judgement_ends(held: Sequence[str] = ()) -> list[End]:
    """Each end of each numeric judgement range, but for the parameters ``held`` (an
    assumption set's own) and those the calibration draws (the worlds vary them)."""
    space = load_space(JUDGEMENT_SPACE)
    drawn = set(shipped(()).keys)
    return [End(u.key, u.param.kind(end)) for u in space.uncertain
            if not u.is_choice and u.key not in set(held) | drawn for end in (u.low, u.high)]


def decisive(verdict: Verdict) -> bool:
    """Whether a verdict can flip (to its opposite)."""
    return verdict in _OPPOSITE


def is_flip(verdict: Verdict, there: Verdict) -> bool:
    """Whether ``there`` (at an end) is the opposite of ``verdict``: supported to not
    supported, or the other way."""
    opposite = _OPPOSITE.get(verdict)
    return opposite is not None and (there == opposite or (
        opposite == Verdict.SUPPORTED and there == Verdict.CALIBRATED))


def flips_at_end(decided: Verdict, here: Verdict, there: Verdict,
                 no_effect_there: bool = False) -> bool:
    """Whether a claim whose verdict is ``decided`` flips at an end: its pooled verdict
    there is the opposite of its pooled verdict here (at the same runs, every judgement as
    the world has it), or support here vanishes there (``no_effect_there``: its arms are
    the same run by run, every effect exactly 0), and the one here agrees with
    ``decided``."""
    vanishes = here in _HOLDS and no_effect_there
    return decisive(decided) and (is_flip(here, there) or vanishes) and not is_flip(decided, here)


def at_end(values: dict[str, Value], end: End) -> dict[str, Value]:
    """An assumption set's values with one judgement parameter at an end of its range."""
    return dict(values) | {end.key: end.value}
