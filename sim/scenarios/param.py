"""One scenario parameter: its type, range, default, unit, meaning and reasons.

Declarations live in :mod:`sim.scenarios.params_world` and
:mod:`sim.scenarios.params_actors`; :mod:`sim.scenarios.params` is the registry
everything else reads.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Common units.
SHARE = "share 0..1"
WEEKLY = "per week"
LOG_ODDS = "log-odds"


@dataclass(frozen=True)
class Param:
    """One scenario parameter.

    Attributes:
        key: ``section.name``, e.g. ``united_states.military_aid``.
        default: value used when a scenario does not set it; its Python type
            (bool, int, float, str) is the parameter's type.
        low: smallest allowed value (numbers only).
        high: largest allowed value (numbers only).
        unit: unit or scale, for people.
        meaning: what the parameter means in the model.
        claims: essay claims (C1..C14) it bears on.
        reason: why the default is what it is.
        choices: allowed values of a str parameter.
        init_only: read once at week 0; events may not change it.
        policy: what an actor chooses (as opposed to an assumption about how
            the world works); the war starts from the default policies.
        source: the literature the mechanism rests on, for a counter-mechanism
            (the argument a critic of the essay makes) or a decision rule.
    """

    key: str
    default: bool | int | float | str
    low: float | None
    high: float | None
    unit: str
    meaning: str
    claims: tuple[str, ...]
    reason: str
    choices: tuple[str, ...] = ()
    init_only: bool = False
    policy: bool = False
    source: str = ""

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def kind(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind is bool:
            return "true or false"
        if self.kind is str:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        kind = "an integer" if self.kind is int else "a number"
        low = int(self.low) if self.kind is int else self.low
        high = int(self.high) if self.kind is int else self.high
        return f"{kind} from {low} to {high}"


def declare(
    key: str,
    default: bool | int | float | str,
    low: float | None = None,
    high: float | None = None,
    *,
    unit: str,
    meaning: str,
    claims: str = "",
    reason: str,
    choices: tuple[str, ...] = (),
    init_only: bool = False,
    source: str = "",
) -> Param:
    if isinstance(default, float | int) and not isinstance(default, bool):
        if low is None or high is None:
            raise ValueError(f"{key}: numeric parameters need a range")
    return Param(
        key, default, low, high, unit, meaning, tuple(claims.split()), reason,
        choices, init_only, source=source,
    )
