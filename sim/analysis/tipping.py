"""How strong a critic's mechanism must be to flip a claim: its tipping strength.

A critic's assumption set moves some parameters from their defaults to its own values. At
strength *s* each numeric value is moved the fraction *s* of the way (0: the defaults, 1:
the critic's set; a whole number is rounded); a setting that is not a number (a switch, a
choice) takes the critic's value from *s* = 0.5 on. Each claim is decided on pooled runs
at every strength of :data:`STRENGTHS`; its tipping strength is the weakest at which its
verdict is the opposite of its verdict at 0 (as :func:`sim.analysis.assumed.is_flip` says:
supported to not supported, or the other way), or none if no strength up to 1 flips it.
A weak tipping strength means a little of the critic's mechanism already decides the
claim; none means the critic, at full strength, does not reverse it on these runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.analysis.assumed import is_flip
from sim.analysis.claims import Verdict
from sim.scenarios.params import PARAMS
from sim.scenarios.values import Value

#: The strengths a critic's mechanism is tried at (0: the defaults).
STRENGTHS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Runs per arm at each strength.
TIPPING_REPS = 300


def at_strength(values: Mapping[str, Value], strength: float) -> dict[str, Value]:
    """A critic's values moved the fraction ``strength`` of the way from the defaults
    (a value still at its default is left out, so strength 0 sets nothing; strength 1 is
    the critic's set exactly)."""
    if strength == 1:
        return dict(values)
    moved: dict[str, Value] = {}
    for key, value in values.items():
        default = PARAMS[key].default
        if _number(value) and _number(default):
            value = default + strength * (value - default)
            if PARAMS[key].kind is int:
                value = round(value)
        elif strength < 0.5:
            value = default
        if value != default:
            moved[key] = value
    return moved


def tipping_strength(verdicts: Sequence[Verdict]) -> float | None:
    """The weakest strength whose verdict (one per :data:`STRENGTHS`) is the opposite of
    the verdict at strength 0, or None."""
    base = verdicts[0]
    return next((strength for strength, there in zip(STRENGTHS[1:], verdicts[1:], strict=True)
                 if is_flip(base, there)), None)


def _number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
