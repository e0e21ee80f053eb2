"""What the default parameters were tuned to reproduce, and which claims that touches.

Defaults are judgements, but a few were adjusted until the model's output showed a
pattern. A pattern the model was tuned to show is not evidence for anything: a
claim whose pattern is listed here is reported as ``calibrated``, not
``supported``, when it holds under the defaults (it can still fail under a
critic's assumptions, and that failure is informative). Kept in sync with
docs/model.md, section 1, by a test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A pattern the defaults were tuned to reproduce."""

    pattern: str
    parameters: tuple[str, ...]
    claims: tuple[str, ...]
    why: str


CALIBRATION: tuple[Target, ...] = (
    Target(
        pattern="The baseline (the situation of September 2025) has serious talks in fewer "
                "than one run in ten over two years, and stalemate or talks without "
                "agreement in most runs.",
        parameters=("russia.belief_bias", "russia.serious_talks_belief",
                    "russia.talks_belief_spread", "world.serious_talks_rate",
                    "world.talks_start_rate", "world.hollow_deal_rate"),
        claims=("C6",),
        why="The essay describes the present: no talks on the calendar (P5). The model "
            "starts from it, so C6 describes the calibration, not a finding.",
    ),
    Target(
        pattern="Full Western aid (the US committed with Europe at its current course) "
                "roughly balances Russia's war production at full capacity.",
        parameters=("world.aid_to_power", "russia.production",
                    "ukraine.domestic_production"),
        claims=(),
        why="Sets the size of aid's effect on the balance, not its sign: in Lanchester "
            "attrition more inflow always helps the side that gets it.",
    ),
    Target(
        pattern="An unguaranteed cease-fire breaks within about a year more often than not.",
        parameters=("world.relapse_base_rate",),
        claims=(),
        why="Fortna (2004): almost half of the cease-fires between states since 1945 saw "
            "renewed war. Sets the level of relapse, not how guarantees or terms move it.",
    ),
    Target(
        pattern="Full sanctions pressure would halve Russia's war capacity in under a year "
                "against its recovery.",
        parameters=("world.sanctions_bite", "russia.capacity_recovery"),
        claims=(),
        why="A magnitude judgement; critics who hold that sanctions barely bite set "
            "sanctions_bite lower (scenarios/assumptions/sanctions_barely_bite.toml).",
    ),
)


def calibrated_claims() -> frozenset[str]:
    """Ids of claims whose pattern a default was tuned to reproduce."""
    return frozenset(claim for target in CALIBRATION for claim in target.claims)
